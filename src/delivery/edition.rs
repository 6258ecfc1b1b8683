//! What one reader gets of a broadcast or digest: its articles as cards in the reader's
//! language and script, as an email (HTML with inline styles, one card per article, and a
//! plain-text part that says the same) and as a notification. No I/O.
//!
//! A mail is rendered once per broadcast and locale with placeholders where each recipient's
//! own links go ([`Mail::fill`]), so a hundred thousand recipients cost one render and a
//! hundred thousand string replacements.

use askama::Template;
use serde_json::json;

use crate::auth::links::SubscriberLinks;
use crate::db::orgs::Organization;
use crate::db::public::Card;
use crate::domain::{Category, ChineseScript, Locale, paths};
use crate::i18n::Tr;
use crate::render::script::{self, Script};

const PREFERENCES: &str = "QIAO-LINK-PREFERENCES";
const UNSUBSCRIBE: &str = "QIAO-LINK-UNSUBSCRIBE";

/// One article as one reader sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub title: String,
    pub summary: String,
    /// Absolute, in the reader's script.
    pub url: String,
    /// The cover's absolute address, or empty.
    pub cover: String,
    pub category: String,
    pub date: String,
}

/// The script a reader in `locale` reads Chinese in (`None`: as the organization shows it).
pub fn script_of(locale: Option<Locale>) -> Option<ChineseScript> {
    match locale? {
        Locale::ZhHans => Some(ChineseScript::Hans),
        Locale::ZhHant => Some(ChineseScript::Hant),
        Locale::En => None,
    }
}

/// `text` in `reader`'s script (as written when the reader has none, or it is not Chinese).
pub fn in_script(text: &str, org: &Organization, reader: Option<ChineseScript>) -> String {
    match reader {
        Some(s) => script::text(text, Script::into(s, org.scripts().hant_words)),
        None => text.to_owned(),
    }
}

/// `cards` (in order) as a reader of `tr`'s locale in `reader` script sees them.
pub fn pieces(
    cards: &[Card],
    org: &Organization,
    public_url: &str,
    tr: &Tr,
    reader: Option<ChineseScript>,
) -> Vec<Piece> {
    let settings = org.scripts();
    cards
        .iter()
        .map(|card| {
            let written = ChineseScript::of_language(&card.language);
            let shown = settings.shown(&card.language, reader);
            let convert = written
                .zip(shown)
                .and_then(|(w, s)| Script::for_page(w, s, settings.hant_words));
            let text = |t: &str| match convert {
                Some(script) => script::text(t, script),
                None => t.to_owned(),
            };
            let mut url = paths::absolute(public_url, &paths::article(&card.org_slug, &card.slug));
            if let Some(param) = reader
                .filter(|_| written.is_some())
                .and_then(|s| settings.param_for(&card.language, s))
            {
                url.push_str("?script=");
                url.push_str(param.param());
            }
            Piece {
                title: text(&card.title),
                summary: text(&card.excerpt),
                url,
                cover: card
                    .cover
                    .as_deref()
                    .map(|sha| paths::absolute(public_url, &paths::media(sha, paths::image::COVER)))
                    .unwrap_or_default(),
                category: card
                    .category
                    .parse::<Category>()
                    .map(|c| tr.category(c))
                    .unwrap_or_default(),
                date: card
                    .published_at
                    .map(|t| tr.date(t, org.timezone.0))
                    .unwrap_or_default(),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "mail/broadcast.html")]
struct BroadcastHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    preheader: &'a str,
    sender: &'a str,
    avatar: &'a str,
    profile: &'a str,
    intro: &'a str,
    cards: &'a [Piece],
    read_label: &'a str,
    why: &'a str,
    preferences: &'a str,
    preferences_label: &'a str,
    unsubscribe: &'a str,
    unsubscribe_label: &'a str,
}

/// A broadcast's or digest's mail in one locale, before each recipient's links are put in.
#[derive(Clone, Debug)]
pub struct Mail {
    pub subject: String,
    pub html: String,
    pub text: String,
}

impl Mail {
    /// The HTML and text with `links` in their places.
    pub fn fill(&self, links: &SubscriberLinks) -> (String, String) {
        let fill = |s: &str| {
            s.replace(PREFERENCES, &links.preferences)
                .replace(UNSUBSCRIBE, &links.unsubscribe)
        };
        (fill(&self.html), fill(&self.text))
    }
}

/// What a mail says above its cards.
#[derive(Clone, Copy, Debug)]
pub struct Heading<'a> {
    pub subject: &'a str,
    /// A line above the cards (a digest's), or empty.
    pub intro: &'a str,
    /// The organization's avatar (absolute), or empty.
    pub avatar: &'a str,
}

/// Renders the mail of `pieces` from `org`.
pub fn mail(
    org: &Organization,
    public_url: &str,
    tr: &Tr,
    heading: Heading<'_>,
    pieces: &[Piece],
) -> Result<Mail, askama::Error> {
    let why = tr.t1("mail-footer-why", "org", &org.name);
    let read = tr.t("mail-read-article");
    let profile = paths::absolute(public_url, &paths::profile(&org.slug));
    let preheader = pieces
        .first()
        .map(|p| {
            if p.summary.is_empty() {
                &p.title
            } else {
                &p.summary
            }
        })
        .map(|s| s.chars().take(140).collect::<String>())
        .unwrap_or_default();
    let html = BroadcastHtml {
        lang: tr.lang(),
        subject: heading.subject,
        preheader: &preheader,
        sender: &org.name,
        avatar: heading.avatar,
        profile: &profile,
        intro: heading.intro,
        cards: pieces,
        read_label: &read,
        why: &why,
        preferences: PREFERENCES,
        preferences_label: &tr.t("mail-footer-preferences"),
        unsubscribe: UNSUBSCRIBE,
        unsubscribe_label: &tr.t("mail-footer-unsubscribe"),
    }
    .render()?;
    let mut text = String::new();
    text.push_str(&org.name);
    text.push_str("\r\n\r\n");
    if !heading.intro.is_empty() {
        text.push_str(heading.intro);
        text.push_str("\r\n\r\n");
    }
    for p in pieces {
        text.push_str(&p.title);
        text.push_str("\r\n");
        if !p.summary.is_empty() {
            text.push_str(&p.summary);
            text.push_str("\r\n");
        }
        text.push_str(&format!("{read}: {}\r\n\r\n", p.url));
    }
    text.push_str(&format!(
        "-- \r\n{why}\r\n{}: {PREFERENCES}\r\n{}: {UNSUBSCRIBE}\r\n",
        tr.t("mail-footer-preferences"),
        tr.t("mail-footer-unsubscribe"),
    ));
    Ok(Mail {
        subject: heading.subject.to_owned(),
        html,
        text,
    })
}

/// The notification of a broadcast: its title, the first article's title (and how many more),
/// the organization's avatar, opening the first article. `short` leaves out everything but the
/// title and the link (a push service said the payload was too large).
pub fn notification(
    org: &Organization,
    title: &str,
    pieces: &[Piece],
    icon: &str,
    tr: &Tr,
    short: bool,
) -> String {
    let first = pieces.first();
    let url = first.map(|p| p.url.as_str()).unwrap_or_default();
    let title: String = title.chars().take(if short { 60 } else { 120 }).collect();
    let payload = if short {
        json!({"title": title, "url": url, "tag": format!("qiao-b{}", org.id)})
    } else {
        let mut body: String = first
            .map(|p| {
                if p.title == title {
                    &p.summary
                } else {
                    &p.title
                }
            })
            .map(|s| s.chars().take(240).collect())
            .unwrap_or_default();
        if pieces.len() > 1 {
            body.push('\n');
            body.push_str(&tr.with(
                "push-broadcast-more",
                &[("count", i64::try_from(pieces.len() - 1).unwrap_or(0).into())],
            ));
        }
        json!({
            "title": title,
            "body": body,
            "url": url,
            "icon": icon,
            "tag": format!("qiao-b{}", org.id),
            "lang": tr.lang(),
        })
    };
    payload.to_string()
}

/// The push `Topic` of an organization's broadcasts: a newer one replaces an older one still
/// waiting at the push service for a browser that is offline.
pub fn topic(org_id: i64) -> String {
    format!("qiao-b{org_id}")
}

/// Whose mail it is.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub org: &'a Organization,
    pub public_url: &'a str,
    /// The organization's avatar, absolute, or empty.
    pub avatar: &'a str,
}

/// A broadcast titled `title` of `cards`, in `locale`'s words and the script of the reader's
/// own locale `own` (none: as the organization shows its articles).
pub fn broadcast_mail(
    from: &Source<'_>,
    title: &str,
    cards: &[Card],
    locale: Locale,
    own: Option<Locale>,
) -> Result<Mail, askama::Error> {
    let tr = Tr::new(locale);
    let reader = script_of(own);
    let pieces = pieces(cards, from.org, from.public_url, &tr, reader);
    let subject = in_script(title, from.org, reader);
    mail(
        from.org,
        from.public_url,
        &tr,
        Heading {
            subject: &subject,
            intro: "",
            avatar: from.avatar,
        },
        &pieces,
    )
}

/// A daily or weekly digest of `cards` (newest first).
pub fn digest_mail(
    from: &Source<'_>,
    weekly: bool,
    cards: &[Card],
    locale: Locale,
    own: Option<Locale>,
) -> Result<Mail, askama::Error> {
    let tr = Tr::new(locale);
    let reader = script_of(own);
    let pieces = pieces(cards, from.org, from.public_url, &tr, reader);
    let key = if weekly {
        "digest-subject-weekly"
    } else {
        "digest-subject-daily"
    };
    let subject = tr.t1(key, "org", &from.org.name);
    let intro = tr.with(
        "digest-intro",
        &[("count", i64::try_from(pieces.len()).unwrap_or(0).into())],
    );
    mail(
        from.org,
        from.public_url,
        &tr,
        Heading {
            subject: &subject,
            intro: &intro,
            avatar: from.avatar,
        },
        &pieces,
    )
}
