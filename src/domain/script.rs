//! Which characters a Chinese article is read in. Every Chinese article is readable in both
//! scripts: at its plain address in the organization's choice (as written, or converted), and
//! at `?script=hans` / `?script=hant` whatever that choice is.

/// Simplified or Traditional characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChineseScript {
    /// 简体.
    Hans,
    /// 繁體.
    Hant,
}

impl ChineseScript {
    /// Both, in the order the switch shows them.
    pub const ALL: [ChineseScript; 2] = [ChineseScript::Hans, ChineseScript::Hant];

    /// The value of `?script=`.
    pub fn param(self) -> &'static str {
        match self {
            ChineseScript::Hans => "hans",
            ChineseScript::Hant => "hant",
        }
    }

    /// Parses `?script=` (exactly `hans` or `hant`).
    pub fn from_param(s: &str) -> Option<ChineseScript> {
        ChineseScript::ALL.into_iter().find(|c| c.param() == s)
    }

    /// The BCP 47 tag of Chinese in this script (`hreflang`, `lang`).
    pub fn tag(self) -> &'static str {
        match self {
            ChineseScript::Hans => "zh-Hans",
            ChineseScript::Hant => "zh-Hant",
        }
    }

    /// The switch's label, in its own script.
    pub fn label(self) -> &'static str {
        match self {
            ChineseScript::Hans => "简体",
            ChineseScript::Hant => "繁體",
        }
    }

    /// The script content tagged `language` is written in; `None` when it is not Chinese.
    /// Untagged Chinese (`zh`, `zh-CN`, `zh-SG`) is Simplified; `zh-TW`, `zh-HK`, `zh-MO`,
    /// `yue` and any `-Hant` Traditional.
    pub fn of_language(language: &str) -> Option<ChineseScript> {
        match super::Locale::from_tag(language)? {
            super::Locale::ZhHans => Some(ChineseScript::Hans),
            super::Locale::ZhHant => Some(ChineseScript::Hant),
            super::Locale::En => None,
        }
    }
}

/// The wording of Traditional pages: characters only, or a region's own words as well.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HantWords {
    /// Characters converted, words as written (软件 → 軟件).
    AsWritten,
    /// Taiwan's words (软件 → 軟體, 出租车 → 計程車).
    Taiwan,
    /// Hong Kong's words (出租车 → 的士).
    HongKong,
}

impl HantWords {
    /// All, in the settings' order.
    pub const ALL: [HantWords; 3] = [HantWords::AsWritten, HantWords::Taiwan, HantWords::HongKong];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            HantWords::AsWritten => "hant",
            HantWords::Taiwan => "tw",
            HantWords::HongKong => "hk",
        }
    }

    /// Parses a stored or submitted value.
    pub fn parse(s: &str) -> Option<HantWords> {
        HantWords::ALL.into_iter().find(|w| w.as_str() == s)
    }
}

/// An organization's choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScriptSettings {
    /// The script of Chinese articles at their plain address; `None` as written.
    pub default: Option<ChineseScript>,
    /// The wording of Traditional pages.
    pub hant_words: HantWords,
}

impl ScriptSettings {
    /// From the stored columns; anything unknown reads as the default (as written).
    pub fn from_stored(reader_script: &str, hant_words: &str) -> ScriptSettings {
        ScriptSettings {
            default: ChineseScript::from_param(reader_script),
            hant_words: HantWords::parse(hant_words).unwrap_or(HantWords::AsWritten),
        }
    }

    /// The script an article in `language` is shown in at the address asking for `asked`
    /// (`None`: the plain address). `None` for an article that is not Chinese.
    pub fn shown(&self, language: &str, asked: Option<ChineseScript>) -> Option<ChineseScript> {
        let written = ChineseScript::of_language(language)?;
        Some(asked.or(self.default).unwrap_or(written))
    }

    /// The `?script=` the address of an article in `language` needs to show it in `script`:
    /// `None` when its plain address already shows that script (each script has one address).
    pub fn param_for(&self, language: &str, script: ChineseScript) -> Option<ChineseScript> {
        (self.shown(language, None) != Some(script)).then_some(script)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_shown_as_asked_else_as_the_organization_chose_else_as_written() {
        let as_written = ScriptSettings::from_stored("", "hant");
        let hant = ScriptSettings::from_stored("hant", "tw");
        assert_eq!(as_written.shown("zh-Hans", None), Some(ChineseScript::Hans));
        assert_eq!(as_written.shown("zh-TW", None), Some(ChineseScript::Hant));
        assert_eq!(
            as_written.shown("zh", Some(ChineseScript::Hant)),
            Some(ChineseScript::Hant)
        );
        assert_eq!(hant.shown("zh-CN", None), Some(ChineseScript::Hant));
        assert_eq!(
            hant.shown("zh-CN", Some(ChineseScript::Hans)),
            Some(ChineseScript::Hans)
        );
        assert_eq!(hant.hant_words, HantWords::Taiwan);
        assert_eq!(hant.shown("en", Some(ChineseScript::Hant)), None);
        // A stored value from a newer version reads as the default, not as an error.
        assert_eq!(ScriptSettings::from_stored("latn", "xx"), as_written);
    }

    #[test]
    fn the_query_takes_exactly_the_two_values() {
        assert_eq!(ChineseScript::from_param("hant"), Some(ChineseScript::Hant));
        assert_eq!(ChineseScript::from_param("hans"), Some(ChineseScript::Hans));
        for bad in ["", "HANT", "zh-Hant", "hant ", "tw"] {
            assert_eq!(ChineseScript::from_param(bad), None, "{bad}");
        }
    }
}
