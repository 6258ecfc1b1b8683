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
}
