//! An organization's email subscribers: its followers. A subscriber counts as a follower once
//! confirmed (`active`); pending, unsubscribed, bounced and complained addresses do not.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::subscribers;
use crate::error::AppError;

/// Where a subscriber stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriberStatus {
    /// Asked to follow; the confirmation link was not opened yet.
    Pending,
    /// Confirmed: receives what the organization sends.
    Active,
    /// Left.
    Unsubscribed,
    /// The address does not accept mail.
    Bounced,
    /// Marked a message as spam.
    Complained,
}

impl SubscriberStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriberStatus::Pending => "pending",
            SubscriberStatus::Active => "active",
            SubscriberStatus::Unsubscribed => "unsubscribed",
            SubscriberStatus::Bounced => "bounced",
            SubscriberStatus::Complained => "complained",
        }
    }
}

/// How many people follow the organization: its confirmed subscribers (one index range on
/// `(org_id, status)`).
pub fn follower_count(conn: &mut DbConnection, org_id: i64) -> Result<i64, AppError> {
    Ok(subscribers::table
        .filter(subscribers::org_id.eq(org_id))
        .filter(subscribers::status.eq(SubscriberStatus::Active.as_str()))
        .count()
        .get_result(conn)?)
}
