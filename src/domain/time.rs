//! Local times of an organization's time zone, as the scheduler needs them: midnight, the
//! digest hour, across daylight-saving changes. No I/O; `now` is always a parameter.

use chrono::{Datelike as _, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone as _};
use chrono_tz::Tz;

/// The UTC instant of the local time `local` in `tz`. A time that happens twice (the hour the
/// clocks go back) is its first; one that never happens (the hour they go forward) is the
/// first local time after the gap.
pub fn local_to_utc(local: NaiveDateTime, tz: Tz) -> NaiveDateTime {
    let mut t = local;
    // Gaps are at most a few hours (most are one) and start on a quarter hour: step through.
    for _ in 0..=16 {
        match tz.from_local_datetime(&t) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => return at.naive_utc(),
            LocalResult::None => {
                let next = (t + Duration::minutes(15)).and_utc().timestamp();
                t = chrono::DateTime::from_timestamp(next - next.rem_euclid(900), 0)
                    .map_or(t, |d| d.naive_utc());
            }
        }
    }
    local
}

/// The UTC instant local `date` begins in `tz`.
pub fn local_midnight_utc(date: NaiveDate, tz: Tz) -> NaiveDateTime {
    local_to_utc(date.and_hms_opt(0, 0, 0).unwrap_or_default(), tz)
}

/// The local date of `utc` in `tz`.
pub fn local_date(utc: NaiveDateTime, tz: Tz) -> NaiveDate {
    tz.from_utc_datetime(&utc).date_naive()
}

/// How often a digest goes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Frequency {
    Daily,
    Weekly,
}

impl Frequency {
    /// Both.
    pub const ALL: [Frequency; 2] = [Frequency::Daily, Frequency::Weekly];

    /// Stored name (the subscriber's `digest`, the run's `frequency`).
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
        }
    }

    /// The length of one period, roughly (a local day can be 23 or 25 hours).
    pub fn length(self) -> Duration {
        match self {
            Frequency::Daily => Duration::days(1),
            Frequency::Weekly => Duration::days(7),
        }
    }
}

/// One digest's period: its key (`2026-12-02`, `2026-W49`) and when it is due (UTC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestPeriod {
    pub key: String,
    pub due_at: NaiveDateTime,
}

/// When an organization's digests go out: `hour` (0–23) local, and for weekly ones
/// `weekday` (ISO, 1 = Monday).
#[derive(Clone, Copy, Debug)]
pub struct DigestTime {
    pub tz: Tz,
    pub hour: u32,
    pub weekday: u32,
}

impl DigestTime {
    fn due_on(&self, date: NaiveDate) -> NaiveDateTime {
        local_to_utc(
            date.and_hms_opt(self.hour.min(23), 0, 0)
                .unwrap_or_default(),
            self.tz,
        )
    }

    fn period_on(&self, frequency: Frequency, date: NaiveDate) -> DigestPeriod {
        let key = match frequency {
            Frequency::Daily => date.format("%Y-%m-%d").to_string(),
            Frequency::Weekly => {
                let week = date.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
        };
        DigestPeriod {
            key,
            due_at: self.due_on(date),
        }
    }

    /// The latest period of `frequency` due at or before `now`.
    pub fn latest(&self, frequency: Frequency, now: NaiveDateTime) -> DigestPeriod {
        let today = local_date(now, self.tz);
        let mut date = today;
        if frequency == Frequency::Weekly {
            let wanted = self.weekday.clamp(1, 7);
            let back = (today.weekday().number_from_monday() + 7 - wanted) % 7;
            date = today - Duration::days(i64::from(back));
        }
        let step = frequency.length();
        let period = self.period_on(frequency, date);
        if period.due_at <= now {
            period
        } else {
            self.period_on(frequency, date - step)
        }
    }

    /// The period before `period` (of the same frequency).
    pub fn previous(&self, frequency: Frequency, period: &DigestPeriod) -> DigestPeriod {
        let date = local_date(period.due_at, self.tz) - frequency.length();
        self.period_on(frequency, date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
    }

    fn london() -> Tz {
        "Europe/London".parse().expect("tz")
    }

    #[test]
    fn the_missing_hour_is_the_first_after_the_gap_and_the_doubled_one_the_first() {
        // 2026-03-29 01:00 local does not exist in London (clocks go 01:00 -> 02:00 BST).
        assert_eq!(
            local_to_utc(at("2026-03-29 01:00"), london()),
            at("2026-03-29 01:00")
        );
        assert_eq!(
            local_to_utc(at("2026-03-29 01:30"), london()),
            at("2026-03-29 01:00")
        );
        // 2026-10-25 01:30 happens twice; the first is BST (00:30 UTC).
        assert_eq!(
            local_to_utc(at("2026-10-25 01:30"), london()),
            at("2026-10-25 00:30")
        );
        assert_eq!(
            local_to_utc(at("2026-07-01 08:00"), london()),
            at("2026-07-01 07:00")
        );
    }

    #[test]
    fn daily_digests_are_due_at_the_local_hour_on_both_sides_of_a_change() {
        let t = DigestTime {
            tz: london(),
            hour: 8,
            weekday: 1,
        };
        // The Saturday before the clocks go forward: 08:00 GMT is 08:00 UTC.
        let sat = t.latest(Frequency::Daily, at("2026-03-28 09:00"));
        assert_eq!(sat.key, "2026-03-28");
        assert_eq!(sat.due_at, at("2026-03-28 08:00"));
        // The Sunday they went forward: 08:00 BST is 07:00 UTC.
        let sun = t.latest(Frequency::Daily, at("2026-03-29 07:00"));
        assert_eq!(sun.key, "2026-03-29");
        assert_eq!(sun.due_at, at("2026-03-29 07:00"));
        // A minute before that, the latest due is still Saturday's.
        assert_eq!(
            t.latest(Frequency::Daily, at("2026-03-29 06:59")).key,
            "2026-03-28"
        );
        assert_eq!(t.previous(Frequency::Daily, &sun), sat);
    }

    #[test]
    fn weekly_digests_fall_on_the_weekday_in_shanghai() {
        let t = DigestTime {
            tz: "Asia/Shanghai".parse().expect("tz"),
            hour: 9,
            weekday: 3,
        };
        // Wednesday 2026-12-02 09:00 CST is 01:00 UTC.
        let wed = t.latest(Frequency::Weekly, at("2026-12-02 01:00"));
        assert_eq!(wed.due_at, at("2026-12-02 01:00"));
        assert_eq!(wed.key, "2026-W49");
        // Before it, and on the following days, the period is last week's or this one.
        assert_eq!(
            t.latest(Frequency::Weekly, at("2026-12-02 00:59")).due_at,
            at("2026-11-25 01:00")
        );
        assert_eq!(
            t.latest(Frequency::Weekly, at("2026-12-07 12:00")).key,
            "2026-W49"
        );
        assert_eq!(t.previous(Frequency::Weekly, &wed).key, "2026-W48");
    }
}
