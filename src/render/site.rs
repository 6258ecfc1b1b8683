//! Follower-facing pages: the article, the organization profile (and its tag pages) and the
//! discover page. They carry nothing about the visitor, so one rendering serves everyone and
//! can be cached.

use askama::Template;

use crate::db::public::Card;
use crate::domain::{Category, paths};
use crate::i18n::Tr;

/// What every public page's frame needs.
#[derive(Clone, Debug)]
pub struct Site {
    /// Absolute site root, no trailing slash.
    pub public_url: String,
    /// Static assets version.
    pub asset_version: &'static str,
    /// The words of the page's locale.
    pub tr: Tr,
    /// The language switch: one link per locale.
    pub languages: Vec<LanguageLink>,
    /// The VAPID public key the follow-by-push button subscribes with.
    pub push_key: String,
}

/// One choice of the language switch.
#[derive(Clone, Debug)]
pub struct LanguageLink {
    /// BCP 47 tag.
    pub tag: &'static str,
    /// The language's own name for itself.
    pub name: &'static str,
    /// The switch's address (it returns to the page).
    pub href: String,
    /// The page's locale.
    pub current: bool,
}

/// One script of a Chinese page: the 简/繁 switch and the `hreflang` alternates.
#[derive(Clone, Debug)]
pub struct ScriptLink {
    /// 简体 or 繁體.
    pub label: &'static str,
    /// `zh-Hans` or `zh-Hant`.
    pub tag: &'static str,
    /// The page's address in this script (site-relative).
    pub href: String,
    /// The same, absolute.
    pub absolute: String,
    /// The script shown.
    pub current: bool,
}

/// An article in a list.
#[derive(Clone, Debug)]
pub struct CardView {
    /// Page address (site-relative).
    pub url: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub excerpt: String,
    /// Thumbnail address.
    pub thumb: Option<String>,
    /// Organization name.
    pub org_name: String,
    /// Organization profile address.
    pub org_url: String,
    /// Publication date in the organization's zone, as the locale writes it.
    pub date: String,
    /// Category, in the locale's words.
    pub category: String,
    /// Language.
    pub lang: String,
    /// Reading time, in the locale's words ("3 分钟").
    pub reading: String,
    /// The `lang` of the card's meta line (the page's locale, not the article's language).
    pub chrome_lang: &'static str,
}

impl CardView {
    /// The view of a card, in the words of `tr`.
    pub fn of(c: &Card, tr: &Tr) -> CardView {
        CardView {
            url: paths::article(&c.org_slug, &c.slug),
            title: c.title.clone(),
            excerpt: c.excerpt.clone(),
            thumb: c
                .cover
                .as_ref()
                .map(|sha| paths::media(sha, paths::image::THUMB)),
            org_name: c.org_name.clone(),
            org_url: paths::profile(&c.org_slug),
            date: c
                .published_at
                .map(|t| tr.date(t, c.org_timezone.0))
                .unwrap_or_default(),
            category: c
                .category
                .parse::<Category>()
                .map(|cat| tr.category(cat))
                .unwrap_or_else(|_| c.category.clone()),
            lang: c.language.clone(),
            reading: tr.reading_time_short(c.reading_minutes),
            chrome_lang: tr.lang(),
        }
    }
}

/// Share links as plain URLs (no third-party scripts).
#[derive(Clone, Debug)]
pub struct Share {
    /// Email.
    pub email: String,
    /// X / Twitter.
    pub twitter: String,
    /// Facebook.
    pub facebook: String,
    /// LinkedIn.
    pub linkedin: String,
    /// Weibo.
    pub weibo: String,
    /// Telegram.
    pub telegram: String,
    /// WhatsApp.
    pub whatsapp: String,
}

impl Share {
    /// Links that share `url` with `title`.
    pub fn of(url: &str, title: &str) -> Share {
        let u = enc(url);
        let t = enc(title);
        Share {
            email: format!("mailto:?subject={t}&body={u}"),
            twitter: format!("https://twitter.com/intent/tweet?url={u}&text={t}"),
            facebook: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
            linkedin: format!("https://www.linkedin.com/sharing/share-offsite/?url={u}"),
            weibo: format!("https://service.weibo.com/share/share.php?url={u}&title={t}"),
            telegram: format!("https://t.me/share/url?url={u}&text={t}"),
            whatsapp: format!("https://wa.me/?text={t}%20{u}"),
        }
    }
}

/// Percent-encodes everything but letters and digits (a URL's query value or path segment).
pub(crate) fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The article page.
#[derive(Template)]
#[template(path = "site/article.html")]
pub struct ArticlePage {
    /// Frame.
    pub site: Site,
    /// `lang` of the page.
    pub lang: String,
    /// Title.
    pub title: String,
    /// Summary, for meta description and cards.
    pub description: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// Absolute cover image URL (1200×630) for link previews.
    pub og_image: Option<String>,
    /// Cover image for the page.
    pub cover: Option<String>,
    /// Cover alt text.
    pub cover_alt: String,
    /// Organization name.
    pub org_name: String,
    /// Organization slug.
    pub org_slug: String,
    /// A subscriber's preferences token for the push button (their own page only).
    pub push_token: Option<String>,
    /// Author or byline.
    pub author: String,
    /// Publication date, local, as the locale writes it.
    pub date: String,
    /// Publication time, RFC 3339.
    pub published_iso: String,
    /// Last change, RFC 3339.
    pub modified_iso: String,
    /// Category slug (for the category tab's address and metadata).
    pub category: String,
    /// Category, in the locale's words.
    pub category_label: String,
    /// Tags: (slug, name).
    pub tags: Vec<(String, String)>,
    /// Sanitized body.
    pub body_html: String,
    /// Reading time, in the locale's words.
    pub reading: String,
    /// "Read the original" link.
    pub source_url: Option<String>,
    /// Older neighbour.
    pub prev: Option<CardView>,
    /// Newer neighbour.
    pub next: Option<CardView>,
    /// Related articles.
    pub related: Vec<CardView>,
    /// Share links.
    pub share: Share,
    /// JSON-LD, already safe inside a script element.
    pub json_ld: String,
    /// The 简/繁 switch and the pages' `hreflang` alternates (empty when not Chinese).
    pub scripts: Vec<ScriptLink>,
    /// The article's plain address (absolute), the `x-default` alternate.
    pub plain_url: String,
    /// The organization's feed, in the script the page is read in.
    pub feed_url: String,
    /// The address of the QR code of the page's address, for 分享到微信.
    pub qr_url: String,
}

/// A category tab on the profile.
#[derive(Clone, Debug)]
pub struct Tab {
    /// Address.
    pub url: String,
    /// Label.
    pub label: String,
    /// Current.
    pub current: bool,
}

/// The organization profile, a category of it, or a tag page.
#[derive(Template)]
#[template(path = "site/org.html")]
pub struct OrgPage {
    /// Frame.
    pub site: Site,
    /// `lang` of the page.
    pub lang: String,
    /// The 简/繁 switch (empty when the organization does not write Chinese).
    pub scripts: Vec<ScriptLink>,
    /// Page title.
    pub title: String,
    /// Organization name.
    pub org_name: String,
    /// Organization slug.
    pub org_slug: String,
    /// A subscriber's preferences token for the push button (their own page only).
    pub push_token: Option<String>,
    /// Description.
    pub description: String,
    /// Initials for the avatar.
    pub initials: String,
    /// Avatar image, when one is chosen.
    pub avatar: Option<String>,
    /// Heading above the list ("Tag: …"), if any.
    pub heading: Option<String>,
    /// Absolute canonical URL.
    pub canonical: String,
    /// Published articles in all, as shown ("12 篇文章").
    pub articles: String,
    /// Confirmed subscribers, as shown ("1,234 followers").
    pub followers: String,
    /// Browsers following by notification alone, when there are any.
    pub push_followers: Option<String>,
    /// Category tabs.
    pub tabs: Vec<Tab>,
    /// Articles on this page.
    pub cards: Vec<CardView>,
    /// Previous page.
    pub prev: Option<String>,
    /// Next page.
    pub next: Option<String>,
    /// Feed of this view.
    pub feed: String,
}

/// An organization to follow on the discover page.
#[derive(Clone, Debug)]
pub struct OrgCard {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Published articles, as shown.
    pub articles: String,
}

/// The discover page.
#[derive(Template)]
#[template(path = "site/home.html")]
pub struct DiscoverPage {
    /// Frame.
    pub site: Site,
    /// Latest articles across organizations.
    pub cards: Vec<CardView>,
    /// Organizations to follow.
    pub orgs: Vec<OrgCard>,
    /// Previous page.
    pub prev: Option<String>,
    /// Next page.
    pub next: Option<String>,
}

/// JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped so the text
/// can never close the element.
pub fn json_for_script(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Up to two letters for an avatar: the first letter of the first two words, or the first
/// two Chinese characters.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("?");
    if first
        .chars()
        .next()
        .is_some_and(crate::render::text::is_cjk)
    {
        return first.chars().take(2).collect();
    }
    words
        .iter()
        .take(2)
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let v = serde_json::json!({"headline": "</script><script>alert(1)</script> & more"});
        let s = json_for_script(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back, v);
    }

    #[test]
    fn initials_suit_both_scripts() {
        assert_eq!(initials("Maple Bridge Association"), "MB");
        assert_eq!(initials("枫桥华人协会"), "枫桥");
        assert_eq!(initials(""), "");
    }
}

/// The answer to a follow request: "check your inbox", or the form again with what is wrong.
#[derive(Template)]
#[template(path = "site/follow.html")]
pub struct FollowPage {
    /// Frame.
    pub site: Site,
    pub org_name: String,
    pub org_slug: String,
    /// The address the confirmation went to (as far as the reader can know).
    pub sent_to: Option<String>,
    /// Why the address was refused.
    pub error: Option<String>,
    /// What was typed, when refused.
    pub email: String,
}

/// The confirmation link's page: a button that confirms, or why the link does not work.
#[derive(Template)]
#[template(path = "site/confirm_follow.html")]
pub struct ConfirmFollowPage {
    /// Frame.
    pub site: Site,
    pub token: String,
    pub email: String,
    pub org_name: String,
    /// Why the link does not work.
    pub problem: Option<String>,
}

/// One checkbox or option of the preferences form.
#[derive(Clone, Debug)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A subscriber's preferences (the preference centre), reached through their signed link.
#[derive(Template)]
#[template(path = "site/subscription.html")]
pub struct SubscriptionPage {
    /// Frame.
    pub site: Site,
    pub token: String,
    /// The organization, for the push button.
    pub org_slug: String,
    /// The token again, tying a push subscription made here to this subscriber.
    pub push_token: Option<String>,
    pub org_name: String,
    pub org_url: String,
    pub email: String,
    /// A banner: confirmed, saved, unsubscribed …
    pub notice: Option<String>,
    /// What is wrong with the submitted form.
    pub error: Option<String>,
    /// `active`/`pending`: the form; `unsubscribed`: the way back; otherwise why mail stopped.
    pub status: String,
    /// Said of the status ("You unsubscribed on …", "Mail to this address bounced").
    pub status_text: String,
    /// Whether they may follow again from here.
    pub can_resubscribe: bool,
    pub categories: Vec<Choice>,
    pub digests: Vec<Choice>,
    pub languages: Vec<Choice>,
    pub pauses: Vec<Choice>,
    /// "Paused until …", when paused.
    pub paused: Option<String>,
}

/// The unsubscribe link's page: one button (a GET never unsubscribes).
#[derive(Template)]
#[template(path = "site/unsubscribe.html")]
pub struct UnsubscribePage {
    /// Frame.
    pub site: Site,
    pub token: String,
    pub org_name: String,
    pub email: String,
    /// Already unsubscribed (or otherwise not mailed).
    pub done: bool,
}

/// A subscriber link that does not work.
#[derive(Template)]
#[template(path = "site/link_problem.html")]
pub struct LinkProblemPage {
    /// Frame.
    pub site: Site,
    pub problem: String,
}

/// One search result.
#[derive(Clone, Debug)]
pub struct SearchHitView {
    /// Article address (in the reader's script).
    pub url: String,
    /// Title as HTML, matches in `<mark>` (escaped by `Marked::html`).
    pub title_html: String,
    /// Snippet as HTML, likewise.
    pub snippet_html: String,
    /// Organization name.
    pub org_name: String,
    /// Its profile.
    pub org_url: String,
    /// Publication date.
    pub date: String,
    /// Category in the reader's words.
    pub category: String,
    /// The article's language.
    pub lang: String,
}

/// One facet value as a link that sets or clears it.
#[derive(Clone, Debug)]
pub struct FacetLink {
    /// What is shown.
    pub label: String,
    /// Matching articles.
    pub count: u64,
    /// Whether the search is narrowed to it (the link clears it).
    pub active: bool,
    /// The search with it set (or cleared).
    pub href: String,
}

/// A facet: its name and values.
#[derive(Clone, Debug)]
pub struct FacetGroup {
    /// Name, in the reader's words.
    pub name: String,
    /// Values, most first.
    pub values: Vec<FacetLink>,
}

/// `/search`.
#[derive(Template)]
#[template(path = "site/search.html")]
pub struct SearchPage {
    /// Frame.
    pub site: Site,
    /// What was typed.
    pub q: String,
    /// Matches in all.
    pub total: usize,
    /// "12 results".
    pub total_text: String,
    /// This page.
    pub hits: Vec<SearchHitView>,
    /// Facets with values.
    pub facets: Vec<FacetGroup>,
    /// The organization searched within.
    pub org_name: Option<String>,
    /// Its slug (kept in the form).
    pub org_slug: Option<String>,
    /// `org=` named no organization.
    pub unknown_org: bool,
    /// The search without its filters, when it has some.
    pub clear_filters: Option<String>,
    /// Best match first.
    pub relevance_href: String,
    /// Newest first.
    pub newest_href: String,
    /// Whether newest first is the order shown.
    pub newest: bool,
    /// Whether anything was typed.
    pub has_query: bool,
    /// Previous page.
    pub prev: Option<String>,
    /// Next page.
    pub next: Option<String>,
    /// "Page 2 of 5".
    pub page_of: Option<String>,
}
