//! Organization slugs: the `{org}` in `/@{org}` and `/dashboard/{org}`.

use std::fmt;

/// Words that would be confusing or collide with routes if used as an organization slug.
const RESERVED: &[&str] = &[
    "admin",
    "api",
    "dashboard",
    "static",
    "login",
    "logout",
    "setup",
    "invite",
    "account",
    "new",
    "settings",
    "search",
    "media",
    "healthz",
    "metrics",
    "qiao",
];

/// A lower-case ASCII slug of 2–40 letters, digits and single hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OrgSlug(String);

impl OrgSlug {
    /// An address suggested for an organization's name: Chinese read as pinyin (枫桥华人协会 →
    /// `feng-qiao-hua-ren-xie-hui`), Latin letters without accents, at most 40 characters cut
    /// at a word; `None` when nothing usable is left (or the result is reserved).
    pub fn suggest(name: &str) -> Option<OrgSlug> {
        let words = if name.chars().any(super::text::is_cjk) {
            super::article::ascii_words(&super::pinyin::syllables(name), 40)
        } else {
            super::article::ascii_words(name, 40)
        };
        OrgSlug::parse(&words).ok()
    }

    /// Parses user input; the error is a message fit to show next to the field.
    pub fn parse(input: &str) -> Result<Self, super::Msg> {
        let s = input.trim();
        if s.len() < 2 || s.len() > 40 {
            return Err(super::Msg::new("error-org-slug-length"));
        }
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok_chars {
            return Err(super::Msg::new("error-slug-chars").arg("value", s));
        }
        if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(super::Msg::new("error-slug-hyphens"));
        }
        if RESERVED.contains(&s) {
            return Err(super::Msg::new("error-slug-reserved").arg("value", s));
        }
        Ok(OrgSlug(s.to_owned()))
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_slugs_parse() {
        for ok in ["toronto-cca", "ab", "milan2024", "a-b-c"] {
            assert_eq!(OrgSlug::parse(ok).expect(ok).as_str(), ok);
        }
    }

    #[test]
    fn bad_slugs_are_refused_with_a_reason() {
        for bad in [
            "a",
            "Toronto",
            "中文",
            "-ab",
            "ab-",
            "a--b",
            "a b",
            "dashboard",
            "a/b",
        ] {
            assert!(OrgSlug::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(OrgSlug::parse(&"a".repeat(41)).is_err());
    }

    #[test]
    fn a_chinese_name_suggests_a_pinyin_address() {
        let s = |name: &str| OrgSlug::suggest(name).map(|s| s.as_str().to_owned());
        assert_eq!(
            s("枫桥华人协会").as_deref(),
            Some("feng-qiao-hua-ren-xie-hui")
        );
        assert_eq!(
            s("Associazione Culturale Cinese di Milano").as_deref(),
            Some("associazione-culturale-cinese-di-milano")
        );
        assert_eq!(s("Café Déjà Vu").as_deref(), Some("cafe-deja-vu"));
        for nothing in ["", "！！", "Admin"] {
            assert_eq!(s(nothing), None, "{nothing}");
        }
        // Never longer than an address may be.
        let long = s(&"多伦多华人社区文化交流协会".repeat(3)).expect("a slug");
        assert!(long.len() <= 40, "{long}");
    }
}
