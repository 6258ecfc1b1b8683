//! Bringing content and people in from files: `qiao import articles FILE.jsonl`
//! ([`articles`]) and `qiao import subscribers FILE.csv` ([`subscribers`], also the dashboard's
//! upload page).

pub mod articles;
pub mod subscribers;

pub use articles::*;
