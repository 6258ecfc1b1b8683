//! Dates and times as people read them, in an organization's time zone.

use chrono::{NaiveDateTime, TimeZone as _};

/// `YYYY-MM-DD` of a UTC timestamp in the named zone (UTC if the name is unknown).
pub fn local_date(utc: NaiveDateTime, zone: impl Zone) -> String {
    zone.tz()
        .from_utc_datetime(&utc)
        .format("%Y-%m-%d")
        .to_string()
}

/// `YYYY-MM-DD HH:MM` of a UTC timestamp in the named zone.
pub fn local_datetime(utc: NaiveDateTime, zone: impl Zone) -> String {
    zone.tz()
        .from_utc_datetime(&utc)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The value of a `datetime-local` input for a UTC timestamp in the named zone.
pub fn datetime_input(utc: NaiveDateTime, zone: impl Zone) -> String {
    zone.tz()
        .from_utc_datetime(&utc)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A time zone, already parsed: the organization's (`TimeZone`) or a `chrono_tz::Tz`. Taking a
/// name here would let a mistyped one turn silently into UTC.
pub trait Zone {
    /// The zone.
    fn tz(&self) -> chrono_tz::Tz;
}

impl Zone for chrono_tz::Tz {
    fn tz(&self) -> chrono_tz::Tz {
        *self
    }
}

impl Zone for crate::domain::TimeZone {
    fn tz(&self) -> chrono_tz::Tz {
        self.0
    }
}

impl<T: Zone + ?Sized> Zone for &T {
    fn tz(&self) -> chrono_tz::Tz {
        (**self).tz()
    }
}

/// A moment shown in the dashboard: how long ago, with the exact local time on hover and in
/// `<time datetime>`. Further than a week away it is the local time itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct When {
    /// "3 分钟前", or `YYYY-MM-DD HH:MM`.
    pub text: String,
    /// `YYYY-MM-DD HH:MM` in the organization's zone.
    pub absolute: String,
    /// RFC 3339, UTC.
    pub iso: String,
}

impl When {
    /// `utc` as seen at `now` by a reader of `tr`, in `zone`.
    pub fn new(
        tr: &crate::i18n::Tr,
        utc: NaiveDateTime,
        zone: impl Zone,
        now: NaiveDateTime,
    ) -> When {
        let absolute = local_datetime(utc, zone);
        When {
            text: tr.ago(utc, now).unwrap_or_else(|| absolute.clone()),
            iso: utc
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_zone() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
            .and_then(|d| d.and_hms_opt(20, 0, 0))
            .expect("valid");
        assert_eq!(local_date(t, chrono_tz::Asia::Shanghai), "2026-03-02");
        assert_eq!(local_date(t, chrono_tz::America::Toronto), "2026-03-01");
    }

    #[test]
    fn a_moment_reads_as_how_long_ago_with_the_exact_time_beside_it() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .expect("valid");
        let tr = crate::i18n::Tr::new(crate::domain::Locale::ZhHans);
        let five = now - chrono::Duration::minutes(5);
        let when = When::new(&tr, five, chrono_tz::Asia::Shanghai, now);
        assert_eq!(when.text, "5 分钟前");
        assert_eq!(when.absolute, "2026-11-22 19:55");
        assert_eq!(when.iso, "2026-11-22T11:55:00Z");
        let month = now - chrono::Duration::days(30);
        let old = When::new(&tr, month, chrono_tz::Asia::Shanghai, now);
        assert_eq!(old.text, old.absolute);
    }
}
