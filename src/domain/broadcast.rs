//! Broadcasts: what a broadcast may hold and where it is in its life, the channels it goes by,
//! and an organization's quota. No I/O.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;

use super::Msg;

/// The most articles one broadcast holds (WeChat's multi-article message).
pub const MAX_ARTICLES: usize = 8;

/// How far ahead a scheduled broadcast must be.
pub const MIN_LEAD: chrono::Duration = chrono::Duration::minutes(1);

/// Where a broadcast is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BroadcastStatus {
    /// Being written; nothing is sent.
    Draft,
    /// Waiting for its time (a "send now" is scheduled for now, and started by the next pass).
    Scheduled,
    /// Its deliveries are being sent.
    Sending,
    /// Stopped by an editor while sending; resumes where it stopped.
    Paused,
    /// Every delivery is finished, and at least one was accepted (or there was nobody to send
    /// to).
    Sent,
    /// Finished with nothing accepted, or could not start (no published article left).
    Failed,
    /// Cancelled: what was not sent yet never will be.
    Cancelled,
}

impl BroadcastStatus {
    /// Every status.
    pub const ALL: [BroadcastStatus; 7] = [
        BroadcastStatus::Draft,
        BroadcastStatus::Scheduled,
        BroadcastStatus::Sending,
        BroadcastStatus::Paused,
        BroadcastStatus::Sent,
        BroadcastStatus::Failed,
        BroadcastStatus::Cancelled,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            BroadcastStatus::Draft => "draft",
            BroadcastStatus::Scheduled => "scheduled",
            BroadcastStatus::Sending => "sending",
            BroadcastStatus::Paused => "paused",
            BroadcastStatus::Sent => "sent",
            BroadcastStatus::Failed => "failed",
            BroadcastStatus::Cancelled => "cancelled",
        }
    }

    /// Whether its content (title, articles, audience, channels) can still change.
    pub fn editable(self) -> bool {
        matches!(self, BroadcastStatus::Draft | BroadcastStatus::Scheduled)
    }

    /// Whether nothing more will happen to it.
    pub fn finished(self) -> bool {
        matches!(
            self,
            BroadcastStatus::Sent | BroadcastStatus::Failed | BroadcastStatus::Cancelled
        )
    }
}

impl fmt::Display for BroadcastStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BroadcastStatus {
    type Err = Msg;

    fn from_str(s: &str) -> Result<Self, Msg> {
        BroadcastStatus::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| Msg::new("error-broadcast-status").arg("value", s))
    }
}

/// One way of reaching people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Push,
}

impl Channel {
    /// Both.
    pub const ALL: [Channel; 2] = [Channel::Email, Channel::Push];

    /// Stored (and API) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Push => "push",
        }
    }

    fn bit(self) -> i32 {
        match self {
            Channel::Email => 1,
            Channel::Push => 2,
        }
    }
}

impl FromStr for Channel {
    type Err = Msg;

    fn from_str(s: &str) -> Result<Self, Msg> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| Msg::new("error-broadcast-channel").arg("value", s))
    }
}

/// The channels of a broadcast: at least one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Channels(i32);

impl Channels {
    /// Email and push.
    pub const BOTH: Channels = Channels(3);

    /// The set of `list`; empty is an error.
    pub fn of(list: &[Channel]) -> Result<Channels, Msg> {
        let bits = list.iter().fold(0, |b, c| b | c.bit());
        if bits == 0 {
            return Err(Msg::new("error-channels-empty"));
        }
        Ok(Channels(bits))
    }

    /// Parses names (`email`, `push`).
    pub fn parse(names: &[String]) -> Result<Channels, Msg> {
        let list = names
            .iter()
            .map(|n| n.parse())
            .collect::<Result<Vec<Channel>, Msg>>()?;
        Channels::of(&list)
    }

    /// From the stored bits (a CHECK keeps them 1–3).
    pub fn from_bits(bits: i32) -> Channels {
        Channels(bits & 3)
    }

    /// The stored bits.
    pub fn bits(self) -> i32 {
        self.0
    }

    /// Whether `c` is one of them.
    pub fn has(self, c: Channel) -> bool {
        self.0 & c.bit() != 0
    }

    /// The channels, email first.
    pub fn iter(self) -> impl Iterator<Item = Channel> {
        Channel::ALL.into_iter().filter(move |c| self.has(*c))
    }
}

/// The articles of a broadcast, in order: 1–8, each once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleList(Vec<i64>);

impl ArticleList {
    /// Checks `ids`.
    pub fn parse(ids: &[i64]) -> Result<ArticleList, Msg> {
        if ids.is_empty() {
            return Err(Msg::new("error-broadcast-no-articles"));
        }
        if ids.len() > MAX_ARTICLES {
            return Err(Msg::new("error-broadcast-too-many-articles")
                .arg("max", MAX_ARTICLES)
                .arg("count", ids.len()));
        }
        for (i, id) in ids.iter().enumerate() {
            if ids[..i].contains(id) {
                return Err(Msg::new("error-broadcast-article-twice").arg("id", *id));
            }
        }
        Ok(ArticleList(ids.to_vec()))
    }

    /// The ids, in order.
    pub fn ids(&self) -> &[i64] {
        &self.0
    }
}

/// When a scheduled broadcast goes: at least [`MIN_LEAD`] after `now`.
pub fn check_schedule(at: NaiveDateTime, now: NaiveDateTime) -> Result<NaiveDateTime, Msg> {
    if at < now + MIN_LEAD {
        return Err(Msg::new("error-broadcast-too-soon"));
    }
    if at > now + chrono::Duration::days(366) {
        return Err(Msg::new("error-broadcast-too-far"));
    }
    Ok(at)
}

/// Over which period an organization's broadcast quota counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum QuotaPeriod {
    /// No quota (the default).
    #[default]
    Off,
    /// At most N broadcasts per subscriber per local day (a WeChat subscription account: 1).
    Day,
    /// At most N per local calendar month (a WeChat service account's follower: 4).
    Month,
}

impl QuotaPeriod {
    /// Every choice.
    pub const ALL: [QuotaPeriod; 3] = [QuotaPeriod::Off, QuotaPeriod::Day, QuotaPeriod::Month];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            QuotaPeriod::Off => "off",
            QuotaPeriod::Day => "day",
            QuotaPeriod::Month => "month",
        }
    }

    /// The start (UTC) of the local period holding `now` in `tz`.
    pub fn start(self, now: NaiveDateTime, tz: chrono_tz::Tz) -> Option<NaiveDateTime> {
        use chrono::{Datelike as _, NaiveDate};
        let local = now.and_utc().with_timezone(&tz).date_naive();
        let first = match self {
            QuotaPeriod::Off => return None,
            QuotaPeriod::Day => local,
            QuotaPeriod::Month => NaiveDate::from_ymd_opt(local.year(), local.month(), 1)?,
        };
        Some(super::time::local_midnight_utc(first, tz))
    }
}

impl FromStr for QuotaPeriod {
    type Err = Msg;

    fn from_str(s: &str) -> Result<Self, Msg> {
        QuotaPeriod::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| Msg::new("error-quota-period").arg("value", s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_lists_hold_one_to_eight_distinct_articles() {
        assert!(ArticleList::parse(&[]).is_err());
        assert_eq!(ArticleList::parse(&[3, 1]).expect("ok").ids(), &[3, 1]);
        assert!(ArticleList::parse(&[1, 2, 3, 4, 5, 6, 7, 8]).is_ok());
        let nine = ArticleList::parse(&[1, 2, 3, 4, 5, 6, 7, 8, 9]).expect_err("nine");
        assert_eq!(nine.key(), "error-broadcast-too-many-articles");
        assert_eq!(
            ArticleList::parse(&[1, 2, 1]).expect_err("twice").key(),
            "error-broadcast-article-twice"
        );
    }

    #[test]
    fn channels_need_one_and_parse_by_name() {
        assert!(Channels::parse(&[]).is_err());
        let both = Channels::parse(&["push".into(), "email".into()]).expect("both");
        assert_eq!(both, Channels::BOTH);
        assert_eq!(
            both.iter().collect::<Vec<_>>(),
            vec![Channel::Email, Channel::Push]
        );
        let bad = Channels::parse(&["sms".into()]).expect_err("sms");
        assert_eq!(bad.key(), "error-broadcast-channel");
    }

    #[test]
    fn a_schedule_is_at_least_a_minute_ahead() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .expect("t")
            .naive_utc();
        assert!(check_schedule(now + chrono::Duration::seconds(59), now).is_err());
        assert!(check_schedule(now + chrono::Duration::seconds(60), now).is_ok());
        assert!(check_schedule(now - chrono::Duration::hours(1), now).is_err());
        assert!(check_schedule(now + chrono::Duration::days(400), now).is_err());
    }

    #[test]
    fn quota_periods_start_at_local_midnight() {
        let at =
            |d: &str| chrono::NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M").expect("time");
        // 2026-12-02 01:30 UTC is 09:30 on the 2nd in Shanghai, whose day began at 16:00 UTC.
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().expect("tz");
        assert_eq!(
            QuotaPeriod::Day.start(at("2026-12-02 01:30"), tz),
            Some(at("2026-12-01 16:00"))
        );
        assert_eq!(
            QuotaPeriod::Month.start(at("2026-12-02 01:30"), tz),
            Some(at("2026-11-30 16:00"))
        );
        assert_eq!(QuotaPeriod::Off.start(at("2026-12-02 01:30"), tz), None);
        // London in summer: midnight is 23:00 UTC the day before.
        let london: chrono_tz::Tz = "Europe/London".parse().expect("tz");
        assert_eq!(
            QuotaPeriod::Day.start(at("2026-07-01 12:00"), london),
            Some(at("2026-06-30 23:00"))
        );
    }
}
