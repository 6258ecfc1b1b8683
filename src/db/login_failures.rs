//! Failed logins, counted per submitted address and client network whether or not an account
//! has that address. The first few failures cost nothing; after that each one doubles the wait
//! before the next attempt from that network for that address (1 s, 2 s, 4 s … up to a cap). So
//! a guesser slows down quickly, the answer is the same for accounts that exist and those that
//! do not, and nobody can lock someone else out from another network.
//!
//! The count is an upsert (`INSERT … ON CONFLICT … DO UPDATE`, which both backends accept
//! unchanged, as in `db::views`), so two instances counting at once never lose a failure.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text, Timestamp};

use super::DbConnection;
use super::schema::login_failures;
use crate::error::AppError;

/// Rows untouched this long are forgotten.
pub const FORGET_AFTER: chrono::Duration = chrono::Duration::days(1);

const COUNT: &str = "INSERT INTO login_failures (email, client, failures, updated_at) \
     VALUES ($1, $2, 1, $3) \
     ON CONFLICT (email, client) DO UPDATE SET failures = login_failures.failures + 1, \
     updated_at = excluded.updated_at \
     RETURNING failures";

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Integer)]
    failures: i32,
}

/// How failures turn into waiting.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Failures allowed before any wait.
    pub free: u32,
    /// The longest wait.
    pub max_wait: chrono::Duration,
}

impl Policy {
    /// The wait after the `failures`-th failure.
    pub fn wait_after(&self, failures: u32) -> Option<chrono::Duration> {
        let over = failures.checked_sub(self.free)?;
        let seconds = 1i64.checked_shl(over.min(40)).unwrap_or(i64::MAX);
        Some(chrono::Duration::seconds(seconds).min(self.max_wait))
    }
}

/// The key of a submitted address: trimmed and lower-cased, so variants share a count, and
/// capped, so a long string is no way to fill the table.
pub fn address_key(submitted: &str) -> String {
    submitted.trim().to_lowercase().chars().take(320).collect()
}

/// The key of a client address: an IPv4 address, or the /64 an IPv6 address is in (one
/// household or server has a whole /64).
pub fn client_key(ip: std::net::IpAddr) -> String {
    match ip.to_canonical() {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// Until when this address may not be tried from this client, if it is waiting now.
pub fn blocked_until(
    conn: &mut DbConnection,
    address: &str,
    client: &str,
    now: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, AppError> {
    let until: Option<Option<NaiveDateTime>> = login_failures::table
        .find((address, client))
        .select(login_failures::blocked_until)
        .first(conn)
        .optional()?;
    Ok(until.flatten().filter(|t| *t > now))
}

/// Counts a failure; returns the wait it earned, if any.
pub fn record(
    conn: &mut DbConnection,
    address: &str,
    client: &str,
    policy: Policy,
    now: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, AppError> {
    super::write_tx(conn, |conn| {
        let counted: Vec<Count> = diesel::sql_query(COUNT)
            .bind::<Text, _>(address)
            .bind::<Text, _>(client)
            .bind::<Timestamp, _>(now)
            .load(conn)?;
        let failures = counted.first().map_or(1, |c| c.failures);
        let until = policy
            .wait_after(u32::try_from(failures).unwrap_or(u32::MAX))
            .map(|wait| super::truncate(now + wait));
        if until.is_some() {
            diesel::update(login_failures::table.find((address, client)))
                .set(login_failures::blocked_until.eq(until))
                .execute(conn)?;
        }
        Ok(until)
    })
}

/// Forgets the failures of this address from this client (after a successful login).
pub fn clear(conn: &mut DbConnection, address: &str, client: &str) -> Result<(), AppError> {
    diesel::delete(login_failures::table.find((address, client))).execute(conn)?;
    Ok(())
}

/// Forgets rows untouched for [`FORGET_AFTER`] whose wait is over; returns how many.
pub fn purge(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, AppError> {
    Ok(diesel::delete(
        login_failures::table
            .filter(login_failures::updated_at.le(now - FORGET_AFTER))
            .filter(
                login_failures::blocked_until
                    .is_null()
                    .or(login_failures::blocked_until.le(now)),
            ),
    )
    .execute(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_the_free_failures_up_to_the_cap() {
        let p = Policy {
            free: 3,
            max_wait: chrono::Duration::minutes(15),
        };
        let waits: Vec<Option<i64>> = (1..=6)
            .map(|n| p.wait_after(n).map(|d| d.num_seconds()))
            .collect();
        assert_eq!(waits, [None, None, Some(1), Some(2), Some(4), Some(8)]);
        assert_eq!(p.wait_after(40).map(|d| d.num_seconds()), Some(900));
        assert_eq!(p.wait_after(u32::MAX).map(|d| d.num_seconds()), Some(900));
    }

    #[test]
    fn clients_are_keyed_by_address_or_ipv6_network() {
        assert_eq!(
            client_key("203.0.113.7".parse().expect("ip")),
            "203.0.113.7"
        );
        assert_eq!(
            client_key("2001:db8:1:2:3:4:5:6".parse().expect("ip")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            client_key("::ffff:10.0.0.1".parse().expect("ip")),
            "10.0.0.1"
        );
        assert_eq!(address_key("  Li@Example.ORG "), "li@example.org");
    }
}
