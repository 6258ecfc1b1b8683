//! The pickers of the setup and settings forms: time zones by region with names people know
//! (多伦多, not `America/Toronto` among 597 raw names), and languages as a short list of common
//! ones with any BCP 47 tag under "other".

use chrono::{NaiveDateTime, Offset as _, TimeZone as _};

use crate::domain::Locale;
use crate::i18n::Tr;

/// One zone in the picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneOption {
    /// The IANA name, the submitted value.
    pub name: &'static str,
    /// "多伦多 (UTC−05:00)", "Toronto (UTC−05:00)".
    pub label: String,
}

/// A region of zones (an `<optgroup>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneGroup {
    /// "亚洲", "Common".
    pub label: String,
    /// Its zones.
    pub zones: Vec<ZoneOption>,
}

/// The regions, in the order the picker lists them, with their catalog keys.
const REGIONS: &[(&str, &str)] = &[
    ("America", "zone-region-america"),
    ("Europe", "zone-region-europe"),
    ("Asia", "zone-region-asia"),
    ("Australia", "zone-region-australia"),
    ("Pacific", "zone-region-pacific"),
    ("Africa", "zone-region-africa"),
    ("Atlantic", "zone-region-atlantic"),
    ("Indian", "zone-region-indian"),
    ("Antarctica", "zone-region-antarctica"),
    ("Arctic", "zone-region-arctic"),
];

/// Where Chinese communities abroad (and at home) mostly are: listed first.
const COMMON: &[&str] = &[
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Kuala_Lumpur",
    "America/Toronto",
    "America/Vancouver",
    "America/New_York",
    "America/Los_Angeles",
    "America/Chicago",
    "Europe/London",
    "Europe/Paris",
    "Europe/Rome",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Amsterdam",
    "Australia/Sydney",
    "Australia/Melbourne",
    "Pacific/Auckland",
    "UTC",
];

/// Chinese names of the cities zones are named after (Simplified; Traditional pages convert
/// them), for the zones people pick most. Others show the English city name.
const CITIES_ZH: &[(&str, &str)] = &[
    ("Africa/Cairo", "开罗"),
    ("Africa/Johannesburg", "约翰内斯堡"),
    ("Africa/Lagos", "拉各斯"),
    ("Africa/Nairobi", "内罗毕"),
    ("America/Anchorage", "安克雷奇"),
    ("America/Argentina/Buenos_Aires", "布宜诺斯艾利斯"),
    ("America/Bogota", "波哥大"),
    ("America/Chicago", "芝加哥"),
    ("America/Denver", "丹佛"),
    ("America/Edmonton", "埃德蒙顿"),
    ("America/Halifax", "哈利法克斯"),
    ("America/Havana", "哈瓦那"),
    ("America/Lima", "利马"),
    ("America/Los_Angeles", "洛杉矶"),
    ("America/Mexico_City", "墨西哥城"),
    ("America/Montreal", "蒙特利尔"),
    ("America/New_York", "纽约"),
    ("America/Panama", "巴拿马"),
    ("America/Phoenix", "凤凰城"),
    ("America/Santiago", "圣地亚哥"),
    ("America/Sao_Paulo", "圣保罗"),
    ("America/St_Johns", "圣约翰斯"),
    ("America/Toronto", "多伦多"),
    ("America/Vancouver", "温哥华"),
    ("America/Winnipeg", "温尼伯"),
    ("Asia/Bangkok", "曼谷"),
    ("Asia/Dhaka", "达卡"),
    ("Asia/Dubai", "迪拜"),
    ("Asia/Ho_Chi_Minh", "胡志明市"),
    ("Asia/Hong_Kong", "香港"),
    ("Asia/Jakarta", "雅加达"),
    ("Asia/Jerusalem", "耶路撒冷"),
    ("Asia/Kathmandu", "加德满都"),
    ("Asia/Kolkata", "加尔各答"),
    ("Asia/Kuala_Lumpur", "吉隆坡"),
    ("Asia/Macau", "澳门"),
    ("Asia/Manila", "马尼拉"),
    ("Asia/Seoul", "首尔"),
    ("Asia/Shanghai", "上海"),
    ("Asia/Singapore", "新加坡"),
    ("Asia/Taipei", "台北"),
    ("Asia/Tehran", "德黑兰"),
    ("Asia/Tokyo", "东京"),
    ("Asia/Ulaanbaatar", "乌兰巴托"),
    ("Asia/Urumqi", "乌鲁木齐"),
    ("Asia/Yangon", "仰光"),
    ("Atlantic/Reykjavik", "雷克雅未克"),
    ("Australia/Adelaide", "阿德莱德"),
    ("Australia/Brisbane", "布里斯班"),
    ("Australia/Darwin", "达尔文"),
    ("Australia/Hobart", "霍巴特"),
    ("Australia/Melbourne", "墨尔本"),
    ("Australia/Perth", "珀斯"),
    ("Australia/Sydney", "悉尼"),
    ("Europe/Amsterdam", "阿姆斯特丹"),
    ("Europe/Athens", "雅典"),
    ("Europe/Berlin", "柏林"),
    ("Europe/Brussels", "布鲁塞尔"),
    ("Europe/Budapest", "布达佩斯"),
    ("Europe/Copenhagen", "哥本哈根"),
    ("Europe/Dublin", "都柏林"),
    ("Europe/Helsinki", "赫尔辛基"),
    ("Europe/Istanbul", "伊斯坦布尔"),
    ("Europe/Lisbon", "里斯本"),
    ("Europe/London", "伦敦"),
    ("Europe/Madrid", "马德里"),
    ("Europe/Moscow", "莫斯科"),
    ("Europe/Oslo", "奥斯陆"),
    ("Europe/Paris", "巴黎"),
    ("Europe/Prague", "布拉格"),
    ("Europe/Rome", "罗马"),
    ("Europe/Stockholm", "斯德哥尔摩"),
    ("Europe/Vienna", "维也纳"),
    ("Europe/Warsaw", "华沙"),
    ("Europe/Zurich", "苏黎世"),
    ("Pacific/Auckland", "奥克兰"),
    ("Pacific/Fiji", "斐济"),
    ("Pacific/Honolulu", "檀香山"),
    ("Pacific/Tahiti", "塔希提"),
    ("UTC", "协调世界时"),
];

/// The city's name for a reader of `tr`.
fn city(name: &'static str, tr: &Tr) -> String {
    if tr.locale() != Locale::En
        && let Ok(i) = CITIES_ZH.binary_search_by(|(n, _)| n.cmp(&name))
    {
        let zh = CITIES_ZH[i].1;
        return match tr.locale() {
            Locale::ZhHant => super::script::text(zh, super::script::Script::Hant),
            _ => zh.to_owned(),
        };
    }
    if name == "UTC" {
        return "UTC".to_owned();
    }
    name.rsplit('/').next().unwrap_or(name).replace('_', " ")
}

/// `UTC+08:00`, `UTC−05:00` (a true minus sign), `UTC` at `now` in `zone`.
fn offset(zone: chrono_tz::Tz, now: NaiveDateTime) -> String {
    let secs = zone.offset_from_utc_datetime(&now).fix().local_minus_utc();
    if secs == 0 {
        return "UTC".to_owned();
    }
    let sign = if secs < 0 { '−' } else { '+' };
    let m = secs.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

fn option(name: &'static str, tr: &Tr, now: NaiveDateTime) -> ZoneOption {
    let offset = name
        .parse::<chrono_tz::Tz>()
        .map(|z| offset(z, now))
        .unwrap_or_default();
    let city = city(name, tr);
    ZoneOption {
        name,
        label: if city == offset {
            city
        } else {
            format!("{city} ({offset})")
        },
    }
}

/// The time-zone picker: the common zones first, then every zone by region (only the
/// canonical `Region/City` names and `UTC`, none of the old aliases such as `US/Eastern`),
/// with `current` kept as a choice even when it is one of those aliases.
pub fn zone_groups(tr: &Tr, current: &str, now: NaiveDateTime) -> Vec<ZoneGroup> {
    let mut groups = vec![ZoneGroup {
        label: tr.t("zone-region-common"),
        zones: COMMON.iter().map(|n| option(n, tr, now)).collect(),
    }];
    let mut listed = false;
    for (region, key) in REGIONS {
        let mut zones: Vec<ZoneOption> = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|z| z.name())
            .filter(|n| n.split_once('/').is_some_and(|(r, _)| r == *region))
            .map(|n| option(n, tr, now))
            .collect();
        zones.sort_by(|a, b| a.name.cmp(b.name));
        listed |= zones.iter().any(|z| z.name == current);
        groups.push(ZoneGroup {
            label: tr.t(key),
            zones,
        });
    }
    listed |= COMMON.contains(&current);
    if !listed && let Some(z) = chrono_tz::TZ_VARIANTS.iter().find(|z| z.name() == current) {
        groups.insert(
            0,
            ZoneGroup {
                label: tr.t("zone-region-current"),
                zones: vec![option(z.name(), tr, now)],
            },
        );
    }
    groups
}

/// Common content languages: (BCP 47 tag, the language's own name).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("zh-Hans", "简体中文"),
    ("zh-Hant", "繁體中文"),
    ("zh", "中文"),
    ("yue", "粵語"),
    ("en", "English"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("es", "Español"),
    ("de", "Deutsch"),
    ("pt", "Português"),
    ("nl", "Nederlands"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("vi", "Tiếng Việt"),
    ("th", "ไทย"),
    ("ms", "Bahasa Melayu"),
    ("id", "Bahasa Indonesia"),
];

/// The language picker's state for a saved `tag`: the choice selected (a listed tag, or
/// `other`) and the text of the "other" field.
pub fn language_choice(tag: &str) -> (String, String) {
    if LANGUAGES.iter().any(|(t, _)| *t == tag) {
        (tag.to_owned(), String::new())
    } else {
        ("other".to_owned(), tag.to_owned())
    }
}

/// The tag a submitted picker means: the listed choice, or the "other" field.
pub fn submitted_language(choice: &str, other: &str) -> String {
    if choice.trim() == "other" {
        other.trim().to_owned()
    } else {
        choice.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noon() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 1, 15)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .expect("valid")
    }

    #[test]
    fn zones_are_grouped_by_region_with_names_people_know() {
        let zh = Tr::new(Locale::ZhHans);
        let groups = zone_groups(&zh, "America/Toronto", noon());
        assert_eq!(groups[0].label, zh.t("zone-region-common"));
        let toronto = &groups[0].zones.iter().find(|z| z.name == "America/Toronto");
        assert_eq!(
            toronto.map(|z| z.label.as_str()),
            Some("多伦多 (UTC−05:00)")
        );
        let all: Vec<&ZoneOption> = groups[1..].iter().flat_map(|g| &g.zones).collect();
        assert!(
            all.iter()
                .any(|z| z.name == "Asia/Kolkata" && z.label == "加尔各答 (UTC+05:30)")
        );
        // No aliases, every listed name a real zone.
        assert!(
            !all.iter()
                .any(|z| z.name.starts_with("US/") || z.name.starts_with("Etc/"))
        );
        assert!(all.len() > 300 && all.len() < chrono_tz::TZ_VARIANTS.len());
        for z in &all {
            assert!(z.name.parse::<chrono_tz::Tz>().is_ok(), "{}", z.name);
        }
        // Traditional and English readers.
        let hant = zone_groups(&Tr::new(Locale::ZhHant), "UTC", noon());
        assert!(
            hant[0]
                .zones
                .iter()
                .any(|z| z.label == "溫哥華 (UTC−08:00)"),
            "{:?}",
            hant[0]
        );
        let en = zone_groups(&Tr::new(Locale::En), "UTC", noon());
        assert!(
            en[0]
                .zones
                .iter()
                .any(|z| z.label == "Los Angeles (UTC−08:00)")
        );
        assert!(
            en[0]
                .zones
                .iter()
                .any(|z| z.name == "UTC" && z.label == "UTC")
        );
        // A saved alias stays a choice.
        let old = zone_groups(&zh, "US/Eastern", noon());
        assert_eq!(old[0].zones.first().map(|z| z.name), Some("US/Eastern"));
    }

    #[test]
    fn the_city_table_is_sorted_for_binary_search() {
        let names: Vec<&str> = CITIES_ZH.iter().map(|(n, _)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        for n in names {
            assert!(n.parse::<chrono_tz::Tz>().is_ok(), "{n}");
        }
    }

    #[test]
    fn a_language_is_a_common_choice_or_any_tag_under_other() {
        assert_eq!(
            language_choice("zh-Hant"),
            ("zh-Hant".to_owned(), String::new())
        );
        assert_eq!(
            language_choice("zh-Hant-HK"),
            ("other".to_owned(), "zh-Hant-HK".to_owned())
        );
        assert_eq!(submitted_language("other", " nan-TW "), "nan-TW");
        assert_eq!(submitted_language("it", "ignored"), "it");
    }
}
