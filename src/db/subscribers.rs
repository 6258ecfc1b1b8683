//! An organization's email subscribers: its followers. A subscriber counts as a follower once
//! confirmed (`active`); pending, unsubscribed, bounced and complained addresses do not.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::subscribers;
use crate::error::AppError;

/// The status of a confirmed subscriber; the others are `pending`, `unsubscribed`, `bounced`
/// and `complained` (the migration's CHECK lists them).
const ACTIVE: &str = "active";

/// How many people follow the organization: its confirmed subscribers (one index range on
/// `(org_id, status)`).
pub fn follower_count(conn: &mut DbConnection, org_id: i64) -> Result<i64, AppError> {
    Ok(subscribers::table
        .filter(subscribers::org_id.eq(org_id))
        .filter(subscribers::status.eq(ACTIVE))
        .count()
        .get_result(conn)?)
}
