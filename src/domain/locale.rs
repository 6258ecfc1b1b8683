//! The languages qiao's own words are written in: English, Simplified and Traditional Chinese.
//! Which one a page uses is decided from BCP 47 tags: the content's language, a saved
//! preference, or a browser's `Accept-Language`.

/// A language of qiao's interface (its words, dates and numbers), not of the content: an
/// article may be in any language, and its page's chrome is in the nearest of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    /// English.
    En,
    /// Chinese in Simplified characters (mainland China, Singapore, Malaysia).
    ZhHans,
    /// Chinese in Traditional characters (Taiwan, Hong Kong, Macau, many communities abroad).
    ZhHant,
}

impl Locale {
    /// Every locale, in the order a language switch lists them.
    pub const ALL: [Locale; 3] = [Locale::ZhHans, Locale::ZhHant, Locale::En];

    /// The BCP 47 tag: `en`, `zh-Hans`, `zh-Hant` (also the catalog's directory name and the
    /// value of `<html lang>`).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhHans => "zh-Hans",
            Locale::ZhHant => "zh-Hant",
        }
    }

    /// The locale's own name for itself, for a language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhHans => "简体中文",
            Locale::ZhHant => "繁體中文",
        }
    }

    /// The locale whose tag is exactly `tag` (`en`, `zh-Hans`, `zh-Hant`): a choice someone
    /// made on a switch or stored, not a tag to interpret.
    pub fn exact(tag: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The interface locale for a BCP 47 tag, if qiao speaks its language. Chinese is
    /// Traditional for an explicit `Hant` script or a region that writes it (TW, HK, MO), else
    /// Simplified; tags compare case-insensitively and `_` is read as `-`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        match parts.next()? {
            "en" => Some(Locale::En),
            "zh" | "cmn" | "yue" => {
                let rest: Vec<&str> = parts.collect();
                if rest.contains(&"hant") {
                    Some(Locale::ZhHant)
                } else if rest.contains(&"hans") {
                    Some(Locale::ZhHans)
                } else if rest.iter().any(|r| matches!(*r, "tw" | "hk" | "mo")) {
                    Some(Locale::ZhHant)
                } else if tag.starts_with("yue") {
                    // Cantonese is written in Traditional characters far more often.
                    Some(Locale::ZhHant)
                } else {
                    Some(Locale::ZhHans)
                }
            }
            _ => None,
        }
    }

    /// The chrome for content in `language`: its own locale when qiao speaks it, else English.
    pub fn for_content(language: &str) -> Locale {
        Locale::from_tag(language).unwrap_or(Locale::En)
    }

    /// The locale a browser prefers most among those qiao speaks, from an `Accept-Language`
    /// header (`zh-TW,zh;q=0.9,en;q=0.8`): by quality, then by order; `q=0` means "not this";
    /// `*` and unknown languages are skipped. `None` when nothing matches.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut offers: Vec<(u16, usize, Locale)> = Vec::new();
        for (i, part) in accept_language.split(',').take(32).enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let mut q = 1000u16;
            for p in pieces {
                let p = p.trim();
                if let Some(v) = p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")) {
                    q = parse_quality(v).unwrap_or(0);
                }
            }
            if q == 0 {
                continue;
            }
            if let Some(l) = Locale::from_tag(tag) {
                offers.push((q, i, l));
            }
        }
        offers.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        offers.first().map(|o| o.2)
    }
}

/// An `Accept-Language` quality (`0` to `1` with at most three decimals) in thousandths.
fn parse_quality(v: &str) -> Option<u16> {
    let v = v.trim();
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac_value: u16 = format!("{frac:0<3}").parse().ok()?;
    match whole {
        "0" => Some(frac_value),
        "1" if frac_value == 0 => Some(1000),
        _ => None,
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_the_nearest_interface_locale() {
        for (tag, want) in [
            ("en", Some(Locale::En)),
            ("en-GB", Some(Locale::En)),
            ("EN_us", Some(Locale::En)),
            ("zh", Some(Locale::ZhHans)),
            ("zh-CN", Some(Locale::ZhHans)),
            ("zh-SG", Some(Locale::ZhHans)),
            ("zh-Hans", Some(Locale::ZhHans)),
            ("zh-Hans-HK", Some(Locale::ZhHans)),
            ("zh-TW", Some(Locale::ZhHant)),
            ("zh-hk", Some(Locale::ZhHant)),
            ("zh-MO", Some(Locale::ZhHant)),
            ("zh-Hant", Some(Locale::ZhHant)),
            ("zh-Hant-CN", Some(Locale::ZhHant)),
            ("yue", Some(Locale::ZhHant)),
            ("cmn-Hans", Some(Locale::ZhHans)),
            ("it", None),
            ("", None),
            ("english", None),
        ] {
            assert_eq!(Locale::from_tag(tag), want, "{tag}");
        }
        assert_eq!(Locale::for_content("it"), Locale::En);
        assert_eq!(Locale::for_content("zh-TW"), Locale::ZhHant);
    }

    #[test]
    fn accept_language_is_read_by_quality_then_order() {
        for (header, want) in [
            ("zh-TW,zh;q=0.9,en;q=0.8", Some(Locale::ZhHant)),
            ("en-US,en;q=0.9,zh-CN;q=0.8", Some(Locale::En)),
            ("it-IT,it;q=0.9,zh;q=0.5,en;q=0.4", Some(Locale::ZhHans)),
            ("en;q=0.5, zh-Hant;q=0.7", Some(Locale::ZhHant)),
            ("zh;q=0, en", Some(Locale::En)),
            ("fr, de", None),
            ("*", None),
            ("", None),
            ("zh;q=abc, en;q=0.1", Some(Locale::En)),
            ("zh;q=1.5, en;q=0.1", Some(Locale::En)),
            ("en;Q=0.2, zh-TW;Q=0.9", Some(Locale::ZhHant)),
        ] {
            assert_eq!(Locale::negotiate(header), want, "{header}");
        }
    }
}
