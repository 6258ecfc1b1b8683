use std::collections::{BTreeMap, BTreeSet};

use super::*;

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .expect("valid")
}

#[test]
fn every_catalog_has_every_key() {
    let files = catalog_files();
    // (file name) → locale → keys
    let mut by_file: BTreeMap<String, BTreeMap<Locale, BTreeSet<String>>> = BTreeMap::new();
    for (locale, name, text) in &files {
        let keys: BTreeSet<String> = keys_of(text).into_iter().collect();
        assert!(
            !keys.is_empty(),
            "{}/{name} defines no message",
            locale.tag()
        );
        by_file
            .entry(name.clone())
            .or_default()
            .insert(*locale, keys);
    }
    assert!(
        by_file.contains_key("site.ftl"),
        "no catalogs found: {files:?}"
    );
    for (name, locales) in &by_file {
        let all: BTreeSet<&String> = locales.values().flatten().collect();
        for locale in Locale::ALL {
            let keys = locales
                .get(&locale)
                .unwrap_or_else(|| panic!("{}/{name} is missing", locale.tag()));
            let missing: Vec<&&String> = all.iter().filter(|k| !keys.contains(**k)).collect();
            assert!(
                missing.is_empty(),
                "{}/{name} lacks {missing:?}",
                locale.tag()
            );
        }
    }
}

#[test]
fn a_key_defined_twice_is_caught() {
    for (locale, name, text) in catalog_files() {
        let keys = keys_of(&text);
        let unique: BTreeSet<&String> = keys.iter().collect();
        assert_eq!(
            unique.len(),
            keys.len(),
            "{}/{name} repeats a key",
            locale.tag()
        );
    }
}

#[test]
fn every_message_resolves_in_every_locale_without_isolation_marks() {
    // Every variable any catalog uses gets a value: numbers where they count, text elsewhere
    // (an argument a message lacks shows as `{$name}`, which the check below catches).
    let mut variables: BTreeSet<String> = BTreeSet::new();
    for (_, _, text) in catalog_files() {
        for part in text.split('$').skip(1) {
            let var: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !var.is_empty() {
                variables.insert(var);
            }
        }
    }
    assert!(
        variables.contains("count") && variables.contains("org"),
        "{variables:?}"
    );
    const NUMBERS: &[&str] = &[
        "count",
        "minutes",
        "seconds",
        "max",
        "min",
        "size",
        "offset",
        "width",
        "height",
        "limit",
        "side",
        "megapixels",
        "n",
        "days",
        "pages",
        "page",
    ];
    let names: Vec<&'static str> = variables
        .into_iter()
        .map(|v| &*Box::leak(v.into_boxed_str()))
        .collect();
    let sample: Vec<(&str, FluentValue<'static>)> = names
        .iter()
        .map(|v| {
            let value = if NUMBERS.contains(v) {
                FluentValue::from(3)
            } else {
                FluentValue::from("枫桥 x")
            };
            (*v, value)
        })
        .collect();
    for (locale, name, text) in catalog_files() {
        let tr = Tr::new(locale);
        for key in keys_of(&text) {
            let got = tr.with(&key, &sample);
            assert!(!got.is_empty(), "{}/{name}: {key} is empty", locale.tag());
            assert!(
                !got.contains("Unknown localization") && !got.contains("{$"),
                "{}/{name}: {key} did not resolve: {got}",
                locale.tag()
            );
            assert!(
                !got.contains('\u{2068}') && !got.contains('\u{2069}'),
                "{}: {key} has isolation marks",
                locale.tag()
            );
            if locale != Locale::En {
                // A Chinese catalog in Chinese: at least one Han character in every message
                // that has words (symbols like "← …" aside).
                let has_han = got.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                let brandish = got.chars().all(|c| !c.is_alphabetic() || c.is_ascii());
                assert!(
                    has_han || !brandish || got.starts_with("Atom"),
                    "{}/{name}: {key} reads {got:?}",
                    locale.tag()
                );
            }
        }
    }
}

#[test]
fn simplified_and_traditional_catalogs_are_not_the_same_text() {
    let text = |l: Locale| {
        catalog_files()
            .into_iter()
            .filter(|(loc, n, _)| *loc == l && n == "site.ftl")
            .map(|(_, _, t)| t)
            .next()
            .expect("site.ftl")
    };
    let (hans, hant) = (text(Locale::ZhHans), text(Locale::ZhHant));
    // Characters that only Simplified uses must not appear in the Traditional catalog.
    for c in [
        '发', '间', '这', '后', '页', '阅', '读', '链', '关', '较', '邮', '类', '设',
    ] {
        assert!(!hant.contains(c), "zh-Hant uses the Simplified {c}");
    }
    assert!(hans.contains("阅读") && hant.contains("閱讀"));
}

#[test]
fn dates_counts_and_reading_time_follow_the_locale() {
    let t = at(2026, 11, 22, 15);
    let toronto = chrono_tz::America::Toronto;
    assert_eq!(Tr::new(Locale::En).date(t, toronto), "22 Nov 2026");
    assert_eq!(Tr::new(Locale::ZhHans).date(t, toronto), "2026年11月22日");
    assert_eq!(Tr::new(Locale::ZhHant).date(t, toronto), "2026年11月22日");
    // The organization's zone decides the day.
    let late = at(2026, 3, 1, 20);
    assert_eq!(
        Tr::new(Locale::ZhHans).date(late, chrono_tz::Asia::Shanghai),
        "2026年3月2日"
    );
    assert_eq!(Tr::new(Locale::En).date(late, toronto), "1 Mar 2026");

    let en = Tr::new(Locale::En);
    assert_eq!(en.count("count-followers", 1), "1 follower");
    assert_eq!(en.count("count-followers", 1234), "1,234 followers");
    assert_eq!(en.count("count-articles", 0), "0 articles");
    assert_eq!(en.reading_time(1), "1 min read");
    assert_eq!(en.reading_time(12), "12 min read");
    let hans = Tr::new(Locale::ZhHans);
    assert_eq!(hans.count("count-followers", 1234), "1,234 位关注者");
    assert_eq!(hans.count("count-articles", 1), "1 篇文章");
    assert_eq!(hans.reading_time(2), "阅读约 2 分钟");
    assert_eq!(hans.category(Category::News), "新闻");
    let hant = Tr::new(Locale::ZhHant);
    assert_eq!(hant.count("count-followers", 2), "2 位追蹤者");
    assert_eq!(hant.reading_time(2), "閱讀約 2 分鐘");
    assert_eq!(hant.category(Category::Promotion), "推廣");
    assert_eq!(hant.t1("follow-heading", "org", "楓橋"), "追蹤 楓橋");
}

#[test]
fn grouping_handles_every_length_and_sign() {
    for (n, want) in [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1,000"),
        (12345, "12,345"),
        (1234567, "1,234,567"),
        (-1234, "-1,234"),
        (i64::MIN, "-9,223,372,036,854,775,808"),
    ] {
        assert_eq!(grouped(n), want);
    }
}

/// Words a template may carry as they are: brand names and symbols.
const BRANDS: &[&str] = &[
    "qiao demo",
    "qiao",
    "桥",
    "X",
    "Facebook",
    "LinkedIn",
    "微博",
    "Telegram",
    "WhatsApp",
    "you@example.org",
];

/// The text a reader sees in a template: the text between tags and the values of attributes
/// people read (`aria-label`, `placeholder`, `title`, `alt`, meta `content`), with askama's
/// expressions, statements and comments removed.
fn visible_literals(template: &str) -> Vec<String> {
    let mut s = template.to_owned();
    for (open, close) in [("{#", "#}"), ("{%", "%}"), ("{{", "}}")] {
        while let Some(a) = s.find(open) {
            let Some(len) = s[a..].find(close) else { break };
            s.replace_range(a..a + len + close.len(), " ");
        }
    }
    let mut out = Vec::new();
    // Inside <script>, <style> and JSON-LD nothing is for reading.
    let mut rest = s.as_str();
    let mut text = String::new();
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        text.push(' ');
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        for attr in ["aria-label", "placeholder", "title", "alt"] {
            let pat = format!("{attr}=\"");
            if let Some(i) = tag.find(&pat) {
                let v = &tag[i + pat.len()..];
                if let Some(end) = v.find('"') {
                    out.push(v[..end].to_owned());
                }
            }
        }
        rest = &rest[lt + gt + 1..];
        if tag.starts_with("script") || tag.starts_with("style") {
            let close = if tag.starts_with("script") {
                "</script>"
            } else {
                "</style>"
            };
            rest = rest.find(close).map_or("", |i| &rest[i..]);
        }
    }
    text.push_str(rest);
    out.push(text);
    out
}

#[test]
fn translated_templates_carry_no_words_of_their_own() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut checked = 0;
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("templates") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let template = std::fs::read_to_string(&path).expect("read");
            let mut literal = String::new();
            for chunk in visible_literals(&template) {
                literal.push_str(&chunk);
                literal.push(' ');
            }
            let mut cleaned = literal.clone();
            for brand in BRANDS {
                cleaned = cleaned.replace(brand, " ");
            }
            let words: Vec<&str> = cleaned
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .filter(|w| w.chars().any(char::is_alphabetic))
                .collect();
            assert!(
                words.is_empty(),
                "{}: words outside the catalogs: {words:?}",
                path.display()
            );
            checked += 1;
        }
    }
    // Every template: the site's, the dashboard's, the account pages and the error page.
    assert!(checked >= 20, "only {checked} templates checked");
}

#[test]
fn the_template_check_finds_a_stray_word() {
    let found = visible_literals(
        "<p>{{ x }} Read more</p><input aria-label=\"Search\"><script>let a = 1;</script>",
    )
    .join(" ");
    assert!(
        found.contains("Read more") && found.contains("Search"),
        "{found}"
    );
    assert!(!found.contains("let a"), "{found}");
}

#[test]
fn relative_times_read_naturally_in_each_locale() {
    let now = at(2026, 11, 22, 12);
    let secs = |s: i64| now - chrono::Duration::seconds(s);
    let en = Tr::new(Locale::En);
    let hans = Tr::new(Locale::ZhHans);
    let hant = Tr::new(Locale::ZhHant);
    assert_eq!(en.ago(secs(20), now).as_deref(), Some("just now"));
    assert_eq!(en.ago(secs(60), now).as_deref(), Some("1 minute ago"));
    assert_eq!(en.ago(secs(3 * 60), now).as_deref(), Some("3 minutes ago"));
    assert_eq!(en.ago(secs(2 * 3600), now).as_deref(), Some("2 hours ago"));
    assert_eq!(en.ago(secs(-3 * 86_400), now).as_deref(), Some("in 3 days"));
    assert_eq!(hans.ago(secs(3 * 60), now).as_deref(), Some("3 分钟前"));
    assert_eq!(hans.ago(secs(20), now).as_deref(), Some("刚刚"));
    assert_eq!(hans.ago(secs(-2 * 3600), now).as_deref(), Some("2 小时后"));
    assert_eq!(hant.ago(secs(3 * 60), now).as_deref(), Some("3 分鐘前"));
    assert_eq!(hant.ago(secs(-86_400), now).as_deref(), Some("1 天後"));
    // A week and more: a date says more than "12 days ago".
    assert_eq!(en.ago(secs(8 * 86_400), now), None);
}
