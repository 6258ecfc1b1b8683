//! qiao's own words in English, Simplified and Traditional Chinese: Fluent catalogs under
//! `locales/<tag>/*.ftl`, compiled into the binary, with CLDR plural rules; and the formats
//! that differ by locale (dates, counts, reading time).
//!
//! A page gets a [`Tr`] for its locale and asks it for every word: `{{ tr.t("article-share") }}`
//! in a template. Every catalog has every key (`tests::every_catalog_has_every_key`), so a
//! lookup never falls back to English on a Chinese page.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{Datelike as _, NaiveDateTime, TimeZone as _};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader as _};

use crate::domain::{Category, Locale, Msg, MsgArg};

fluent_templates::static_loader! {
    static CATALOGS = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks (U+2068/U+2069) around arguments: they would end up in
        // the HTML, the page title and the share links.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The words of one locale.
#[derive(Clone, Debug)]
pub struct Tr {
    locale: Locale,
    id: LanguageIdentifier,
}

impl Default for Tr {
    /// English, the catalogs' fallback.
    fn default() -> Tr {
        Tr::new(Locale::En)
    }
}

impl Tr {
    /// The words of `locale`.
    pub fn new(locale: Locale) -> Tr {
        let id = locale
            .tag()
            .parse()
            .unwrap_or_else(|_| LanguageIdentifier::default());
        Tr { locale, id }
    }

    /// The `<html lang>` value.
    pub fn lang(&self) -> &'static str {
        self.locale.tag()
    }

    /// The locale these words are in.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        CATALOGS.lookup(&self.id, key)
    }

    /// The message `key` with one argument: a name, a text, a number shown as written.
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.with(key, &[(name, FluentValue::from(value.to_string()))])
    }

    /// The message `key` with two arguments (for templates).
    pub fn with2(
        &self,
        key: &str,
        name: &str,
        value: impl std::fmt::Display,
        name2: &str,
        value2: impl std::fmt::Display,
    ) -> String {
        self.with(
            key,
            &[
                (name, FluentValue::from(value.to_string())),
                (name2, FluentValue::from(value2.to_string())),
            ],
        )
    }

    /// The message `key` with its arguments.
    pub fn with(&self, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_owned()), v.clone()))
            .collect();
        CATALOGS.lookup_with_args(&self.id, key, &args)
    }

    /// `msg` in these words.
    pub fn msg(&self, msg: &Msg) -> String {
        let args: Vec<(&str, FluentValue<'static>)> = msg
            .args()
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    MsgArg::Text(t) => FluentValue::from(t.clone()),
                    MsgArg::Number(n) => FluentValue::from(*n),
                };
                (*name, value)
            })
            .collect();
        self.with(msg.key(), &args)
    }

    /// A counted noun (`count-articles`, `count-followers`): the plural chosen by the number,
    /// the number written with thousands separators.
    pub fn count(&self, key: &str, n: impl dashboard::Number) -> String {
        let n = n.as_i64();
        self.with(
            key,
            &[
                ("count", FluentValue::from(n)),
                ("shown", FluentValue::from(grouped(n))),
            ],
        )
    }

    /// A digest frequency, as the preference centre and the dashboard say it.
    pub fn digest(&self, d: crate::domain::Digest) -> String {
        use crate::domain::Digest;
        self.t(match d {
            Digest::None => "subscription-digest-none",
            Digest::Daily => "subscription-digest-daily",
            Digest::Weekly => "subscription-digest-weekly",
        })
    }

    /// Reading time for a page header: "2 min read", "阅读约 2 分钟".
    pub fn reading_time(&self, minutes: i32) -> String {
        self.with("reading-time", &[("minutes", FluentValue::from(minutes))])
    }

    /// Reading time in a list: "2 min", "2 分钟".
    pub fn reading_time_short(&self, minutes: i32) -> String {
        self.with(
            "reading-time-short",
            &[("minutes", FluentValue::from(minutes))],
        )
    }

    /// A category's name.
    pub fn category(&self, c: Category) -> String {
        self.t(match c {
            Category::Culture => "category-culture",
            Category::News => "category-news",
            Category::Promotion => "category-promotion",
        })
    }

    /// How long ago (or how soon) `then` is from `now`, for the last week either way: "just
    /// now", "3 minutes ago", "2 小时前", "in 2 days"; `None` further out, where a date says
    /// more.
    pub fn ago(&self, then: NaiveDateTime, now: NaiveDateTime) -> Option<String> {
        let secs = (now - then).num_seconds();
        let (future, secs) = (secs < 0, secs.unsigned_abs());
        if secs < 60 {
            return Some(self.t("time-just-now"));
        }
        let (unit, n) = match secs {
            s if s < 3600 => ("minutes", s / 60),
            s if s < 86_400 => ("hours", s / 3600),
            s if s < 7 * 86_400 => ("days", s / 86_400),
            _ => return None,
        };
        let key = match (future, unit) {
            (false, "minutes") => "time-minutes-ago",
            (false, "hours") => "time-hours-ago",
            (false, _) => "time-days-ago",
            (true, "minutes") => "time-in-minutes",
            (true, "hours") => "time-in-hours",
            (true, _) => "time-in-days",
        };
        Some(self.with(
            key,
            &[(
                "count",
                FluentValue::from(i64::try_from(n).unwrap_or(i64::MAX)),
            )],
        ))
    }

    /// The day of a UTC time in `zone`, as this locale writes dates: `22 Nov 2026`,
    /// `2026年11月22日`.
    pub fn date(&self, utc: NaiveDateTime, zone: chrono_tz::Tz) -> String {
        let d = zone.from_utc_datetime(&utc).date_naive();
        match self.locale {
            Locale::En => {
                const MONTHS: [&str; 12] = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                let month = MONTHS[d.month0() as usize];
                format!("{} {month} {}", d.day(), d.year())
            }
            Locale::ZhHans | Locale::ZhHant => {
                format!("{}年{}月{}日", d.year(), d.month(), d.day())
            }
        }
    }
}

/// A count with thousands separators, as English and Chinese both write it: `12345` → `12,345`.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The catalogs' files: (locale, file name, text), for tests and tools.
pub fn catalog_files() -> Vec<(Locale, String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut out = Vec::new();
    for locale in Locale::ALL {
        let Ok(entries) = std::fs::read_dir(dir.join(locale.tag())) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "ftl") {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.push((locale, name, text));
            }
        }
    }
    out.sort();
    out
}

/// The message ids a catalog file defines (`key = …` at the start of a line).
pub fn keys_of(ftl: &str) -> Vec<String> {
    ftl.lines()
        .filter_map(|l| {
            let (key, _) = l.split_once('=')?;
            let key = key.trim_end();
            (!key.is_empty()
                && key.starts_with(|c: char| c.is_ascii_lowercase())
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .then(|| key.to_owned())
        })
        .collect()
}

mod dashboard;

#[cfg(test)]
mod tests;
