//! The integration suite: one binary, the real application on port 0, a fresh database per test
//! (a temporary SQLite file, or a new PostgreSQL database when TEST_DATABASE_URL is set).

mod access;
mod account;
mod api_subscribers;
mod api_v1;
mod articles;
mod browser;
mod cli;
mod csrf;
mod dashboard_i18n;
mod demo;
mod email_change;
mod errors;
mod feeds;
mod follow;
mod helpers;
mod import;
mod interop;
mod invitations;
mod layering;
mod login;
mod mail;
mod mail_events;
mod media;
mod members;
mod migrations;
mod ops;
mod password_reset;
mod push;
mod scripts;
mod setup;
mod site;
mod subscriber_import;
mod subscribers_dashboard;
mod throttle;
mod views;
