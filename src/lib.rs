//! qiao — a self-hosted publishing and broadcast platform for official accounts.
//!
//! `docs/ARCHITECTURE.md` is the map of this code: what each module is for, the layering and
//! the invariants. `startup` is the only module that knows every part.

pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod import;
pub mod media;
pub mod render;
pub mod scheduler;
pub mod search;
pub mod secrets;
pub mod startup;
pub mod telemetry;
pub mod views;
pub mod web;
