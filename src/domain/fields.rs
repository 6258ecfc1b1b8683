//! Small validated text fields shared by forms, the CLI and the API.

use std::str::FromStr;

use super::Msg;

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// A person's display name: 1–100 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    /// Parses user input.
    pub fn parse(input: &str) -> Result<Self, Msg> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Msg::new("error-name-empty"));
        }
        if s.chars().count() > 100 {
            return Err(Msg::new("error-name-long").arg("max", 100));
        }
        if has_control(s) {
            return Err(Msg::new("error-name-control"));
        }
        Ok(PersonName(s.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An organization's display name: 1–120 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgName(String);

impl OrgName {
    /// Parses user input.
    pub fn parse(input: &str) -> Result<Self, Msg> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Msg::new("error-org-name-empty"));
        }
        if s.chars().count() > 120 {
            return Err(Msg::new("error-name-long").arg("max", 120));
        }
        if has_control(s) {
            return Err(Msg::new("error-name-control"));
        }
        Ok(OrgName(s.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An organization's description: up to 2,000 characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Description(String);

impl Description {
    /// Parses user input; line breaks are kept.
    pub fn parse(input: &str) -> Result<Self, Msg> {
        let s = input.trim();
        if s.chars().count() > 2000 {
            return Err(Msg::new("error-description-long"));
        }
        if s.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            return Err(Msg::new("error-description-control"));
        }
        Ok(Description(s.replace("\r\n", "\n")))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 10–256 characters. Length is what matters; there are no composition rules.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

impl NewPassword {
    /// Checks a new password and its confirmation.
    pub fn parse(password: &str, confirmation: &str) -> Result<Self, Msg> {
        let n = password.chars().count();
        if n < 10 {
            return Err(Msg::new("error-password-short").arg("min", 10));
        }
        if n > 256 {
            return Err(Msg::new("error-password-long").arg("max", 256));
        }
        if password != confirmation {
            return Err(Msg::new("error-password-mismatch"));
        }
        Ok(NewPassword(password.to_owned()))
    }

    /// The password text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A BCP 47 language tag such as `zh`, `en`, `zh-Hant-HK`; stored as given, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageTag(String);

impl LanguageTag {
    /// Parses a tag; checks its shape (a 2–3 letter language, then 1–8 character subtags).
    pub fn parse(input: &str) -> Result<Self, Msg> {
        let s = input.trim();
        let mut parts = s.split('-');
        let primary = parts.next().unwrap_or_default();
        let primary_ok =
            (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if !primary_ok || !rest_ok || s.len() > 35 {
            return Err(Msg::new("error-language-tag").arg("value", s));
        }
        Ok(LanguageTag(s.to_owned()))
    }

    /// The tag.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone name such as `America/Toronto`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeZone(pub chrono_tz::Tz);

impl PartialEq<&str> for TimeZone {
    fn eq(&self, other: &&str) -> bool {
        self.0.name() == *other
    }
}

impl std::fmt::Display for TimeZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}

impl TimeZone {
    /// Parses an IANA name.
    pub fn parse(input: &str) -> Result<Self, Msg> {
        let s = input.trim();
        chrono_tz::Tz::from_str(s)
            .map(TimeZone)
            .map_err(|_| Msg::new("error-timezone").arg("value", s))
    }

    /// The IANA name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// Every known zone name, for pickers.
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  王小明 ").expect("ok").as_str(),
            "王小明"
        );
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"名".repeat(101)).is_err());
        assert!(PersonName::parse("a\u{0}b").is_err());
        assert!(OrgName::parse(&"x".repeat(121)).is_err());
    }

    #[test]
    fn passwords_need_length_and_a_matching_confirmation() {
        assert!(NewPassword::parse("short", "short").is_err());
        assert!(NewPassword::parse("long enough pw", "long enough pX").is_err());
        assert!(NewPassword::parse("密码密码密码密码密码", "密码密码密码密码密码").is_ok());
        assert!(NewPassword::parse(&"p".repeat(257), &"p".repeat(257)).is_err());
    }

    #[test]
    fn language_tags_and_time_zones_parse() {
        for ok in ["zh", "en", "zh-Hant-HK", "yue", "en-GB"] {
            assert!(LanguageTag::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "c", "english", "zh_CN", "en-", "x-abcdefghi"] {
            assert!(LanguageTag::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            TimeZone::parse("Europe/Rome").expect("zone").name(),
            "Europe/Rome"
        );
        assert!(TimeZone::parse("Mars/Olympus").is_err());
        assert!(TimeZone::all_names().any(|n| n == "America/Toronto"));
    }

    #[test]
    fn descriptions_keep_lines_but_not_controls() {
        assert_eq!(Description::parse("a\r\nb").expect("ok").as_str(), "a\nb");
        assert!(Description::parse("a\u{7}").is_err());
    }
}
