//! Accounts, passwords, login throttling and signed links.

pub mod accounts;
pub mod links;
pub mod password;
pub mod throttle;
pub mod tokens;
