//! Atom 1.0 documents (RFC 4287), written with `quick-xml` so that every text and attribute is
//! escaped. Pure: the caller gathers the data and makes every URL absolute.

use std::borrow::Cow;
use std::io;

use chrono::{NaiveDate, NaiveDateTime, SecondsFormat};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// The feed itself.
#[derive(Clone, Debug)]
pub struct FeedMeta {
    /// A permanent, unique id (see [`tag_uri`]).
    pub id: String,
    /// Title (the organization's name).
    pub title: String,
    /// Subtitle (the organization's description); empty leaves it out.
    pub subtitle: String,
    /// BCP 47 language of the feed.
    pub lang: String,
    /// The feed's own absolute URL.
    pub self_url: String,
    /// The absolute URL of the page the feed follows.
    pub alternate_url: String,
    /// Newest change among the entries (UTC).
    pub updated: NaiveDateTime,
    /// The feed's author (the organization).
    pub author: String,
    /// The site root, for the generator element.
    pub generator_uri: String,
}

/// One article.
#[derive(Clone, Debug)]
pub struct FeedEntry {
    /// A permanent, unique id (see [`tag_uri`]).
    pub id: String,
    /// Title.
    pub title: String,
    /// The article's absolute URL.
    pub url: String,
    /// First publication (UTC).
    pub published: NaiveDateTime,
    /// Last change (UTC).
    pub updated: NaiveDateTime,
    /// Summary (plain text); empty leaves it out.
    pub summary: String,
    /// The full body: sanitized HTML whose URLs are all absolute.
    pub content_html: String,
    /// Category term (`culture`, `news`, `promotion`).
    pub category: String,
    /// Who wrote it.
    pub author: String,
    /// BCP 47 language.
    pub lang: String,
}

/// RFC 3339 in UTC, to the second (`2026-11-22T08:30:00Z`).
pub fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A tag URI (RFC 4151): `tag:{host},{date}:{specific}`. Stays the same when a slug
/// changes, unlike the page's URL.
pub fn tag_uri(public_url: &str, date: NaiveDate, specific: &str) -> String {
    let host = url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "localhost".to_owned());
    format!("tag:{host},{}:{specific}", date.format("%Y-%m-%d"))
}

/// The text without the characters XML 1.0 cannot carry at all, even escaped (C0 controls
/// other than tab and line ends, U+FFFE and U+FFFF).
pub fn xml_chars(s: &str) -> Cow<'_, str> {
    let ok = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    };
    if s.chars().all(ok) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|c| ok(*c)).collect())
    }
}

/// An XML writer with the declaration written.
pub(crate) fn xml_writer() -> io::Result<Writer<Vec<u8>>> {
    let mut w = Writer::new_with_indent(Vec::with_capacity(16 * 1024), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    Ok(w)
}

/// The written document as a string.
pub(crate) fn into_string(w: Writer<Vec<u8>>) -> io::Result<String> {
    String::from_utf8(w.into_inner()).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Writes `<name>text</name>`.
pub(crate) fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_chars(text)))?;
    Ok(())
}

/// The Atom document.
pub fn atom(meta: &FeedMeta, entries: &[FeedEntry]) -> io::Result<String> {
    let mut w = xml_writer()?;
    w.create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .with_attribute(("xml:lang", &*xml_chars(&meta.lang)))
        .write_inner_content(|w| {
            text_element(w, "id", &meta.id)?;
            text_element(w, "title", &meta.title)?;
            if !meta.subtitle.is_empty() {
                text_element(w, "subtitle", &meta.subtitle)?;
            }
            text_element(w, "updated", &rfc3339(meta.updated))?;
            link(w, "self", "application/atom+xml", &meta.self_url)?;
            link(w, "alternate", "text/html", &meta.alternate_url)?;
            w.create_element("author").write_inner_content(|w| {
                text_element(w, "name", &meta.author)?;
                text_element(w, "uri", &meta.alternate_url)
            })?;
            w.create_element("generator")
                .with_attribute(("uri", &*xml_chars(&meta.generator_uri)))
                .write_text_content(BytesText::new("qiao"))?;
            entries.iter().try_for_each(|e| entry(w, e))
        })?;
    into_string(w)
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, kind: &str, href: &str) -> io::Result<()> {
    w.create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("type", kind))
        .with_attribute(("href", &*xml_chars(href)))
        .write_empty()?;
    Ok(())
}

fn entry(w: &mut Writer<Vec<u8>>, e: &FeedEntry) -> io::Result<()> {
    w.create_element("entry")
        .with_attribute(("xml:lang", &*xml_chars(&e.lang)))
        .write_inner_content(|w| {
            text_element(w, "id", &e.id)?;
            text_element(w, "title", &e.title)?;
            link(w, "alternate", "text/html", &e.url)?;
            text_element(w, "published", &rfc3339(e.published))?;
            text_element(w, "updated", &rfc3339(e.updated))?;
            w.create_element("author")
                .write_inner_content(|w| text_element(w, "name", &e.author))?;
            w.create_element("category")
                .with_attribute(("term", &*xml_chars(&e.category)))
                .write_empty()?;
            if !e.summary.is_empty() {
                text_element(w, "summary", &e.summary)?;
            }
            // Inherited from <entry> in XML, but some readers (feed-rs) only look here.
            w.create_element("content")
                .with_attribute(("type", "html"))
                .with_attribute(("xml:lang", &*xml_chars(&e.lang)))
                .write_text_content(BytesText::new(&xml_chars(&e.content_html)))?;
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("time")
    }

    fn sample() -> (FeedMeta, FeedEntry) {
        let meta = FeedMeta {
            id: tag_uri(
                "https://n.example.org",
                at("2026-01-02 00:00:00").date(),
                "org-1",
            ),
            title: "Tom & Jerry <Society>".to_owned(),
            subtitle: String::new(),
            lang: "zh".to_owned(),
            self_url: "https://n.example.org/@tj/feed.atom".to_owned(),
            alternate_url: "https://n.example.org/@tj".to_owned(),
            updated: at("2026-03-04 05:06:07"),
            author: "Tom & Jerry".to_owned(),
            generator_uri: "https://n.example.org/".to_owned(),
        };
        let entry = FeedEntry {
            id: "tag:n.example.org,2026-03-04:article-7".to_owned(),
            title: "1 < 2 \u{1} \"quoted\"".to_owned(),
            url: "https://n.example.org/@tj/a?x=1&y=2".to_owned(),
            published: at("2026-03-04 05:06:07"),
            updated: at("2026-03-04 05:06:07"),
            summary: "Sum & more".to_owned(),
            content_html: "<p>a &amp; b <img src=\"https://n.example.org/media/x\"></p>\u{b}"
                .to_owned(),
            category: "news".to_owned(),
            author: "Ann".to_owned(),
            lang: "en".to_owned(),
        };
        (meta, entry)
    }

    fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
        n.children()
            .find(|c| c.has_tag_name((ATOM_NS, name)))
            .unwrap_or_else(|| panic!("<{name}>"))
    }

    #[test]
    fn the_feed_is_well_formed_and_everything_is_escaped() {
        let (meta, entry) = sample();
        let xml = atom(&meta, &[entry]).expect("written");
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(ATOM_NS));
        assert_eq!(child(root, "title").text(), Some("Tom & Jerry <Society>"));
        assert_eq!(child(root, "updated").text(), Some("2026-03-04T05:06:07Z"));
        assert_eq!(
            child(root, "id").text(),
            Some("tag:n.example.org,2026-01-02:org-1")
        );
        let e = child(root, "entry");
        assert_eq!(
            child(e, "title").text(),
            Some("1 < 2  \"quoted\""),
            "control char dropped"
        );
        assert_eq!(
            child(e, "link").attribute("href"),
            Some("https://n.example.org/@tj/a?x=1&y=2")
        );
        assert_eq!(
            child(e, "content").text(),
            Some("<p>a &amp; b <img src=\"https://n.example.org/media/x\"></p>")
        );
        assert_eq!(
            e.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some("en")
        );
        assert!(!xml.contains("<subtitle>"), "an empty subtitle is left out");
    }
}
