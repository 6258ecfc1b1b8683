//! Sitemaps (sitemaps.org 0.9): a `urlset` written URL by URL, so a page of 50,000 URLs is
//! built from database chunks without holding the rows, and the `sitemapindex` that takes
//! over past one page. Pure.

use std::io;

use chrono::NaiveDateTime;
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, Event};

use super::feed::{into_string, rfc3339, text_element, xml_writer};

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The most URLs one sitemap file may list (the protocol's limit).
pub const MAX_URLS: i64 = 50_000;

/// How many sitemap files `total` URLs need at `page_size` per file (at least one).
pub fn page_count(total: i64, page_size: i64) -> i64 {
    let size = page_size.max(1);
    ((total.max(0) + size - 1) / size).max(1)
}

/// A `urlset` being written.
pub struct UrlSet {
    w: Writer<Vec<u8>>,
    newest: Option<NaiveDateTime>,
    count: usize,
}

impl UrlSet {
    /// Starts the document.
    pub fn new() -> io::Result<Self> {
        let mut w = xml_writer()?;
        w.write_event(Event::Start(
            BytesStart::new("urlset").with_attributes([("xmlns", NS)]),
        ))?;
        Ok(UrlSet {
            w,
            newest: None,
            count: 0,
        })
    }

    /// Adds one absolute URL, with the time its page last changed.
    pub fn push(&mut self, loc: &str, lastmod: Option<NaiveDateTime>) -> io::Result<()> {
        self.count += 1;
        self.newest = self.newest.max(lastmod);
        self.w.create_element("url").write_inner_content(|w| {
            text_element(w, "loc", loc)?;
            if let Some(t) = lastmod {
                text_element(w, "lastmod", &rfc3339(t))?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// URLs written so far.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no URL was written.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Closes the document: the XML and the newest `lastmod` in it.
    pub fn finish(mut self) -> io::Result<(String, Option<NaiveDateTime>)> {
        self.w.write_event(Event::End(BytesEnd::new("urlset")))?;
        Ok((into_string(self.w)?, self.newest))
    }
}

/// The `sitemapindex` listing `{public_url}/sitemap-1.xml` … `sitemap-{pages}.xml`.
pub fn index(public_url: &str, pages: i64) -> io::Result<String> {
    let mut w = xml_writer()?;
    w.create_element("sitemapindex")
        .with_attribute(("xmlns", NS))
        .write_inner_content(|w| {
            for n in 1..=pages {
                w.create_element("sitemap")
                    .write_inner_content(|w| text_element(w, "loc", &page_url(public_url, n)))?;
            }
            Ok(())
        })?;
    into_string(w)
}

/// The URL of sitemap page `n` (1-based).
pub fn page_url(public_url: &str, n: i64) -> String {
    format!("{public_url}/sitemap-{n}.xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locs(xml: &str, parent: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().namespace(), Some(NS));
        doc.descendants()
            .filter(|n| n.has_tag_name((NS, parent)))
            .map(|n| {
                n.children()
                    .find(|c| c.has_tag_name((NS, "loc")))
                    .and_then(|c| c.text())
                    .expect("loc")
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn seven_urls_at_three_per_page_make_an_index_of_three_sitemaps() {
        assert_eq!(page_count(7, 3), 3);
        assert_eq!(page_count(6, 3), 2);
        assert_eq!(page_count(0, 3), 1);
        assert_eq!(page_count(MAX_URLS, MAX_URLS), 1);
        assert_eq!(page_count(MAX_URLS + 1, MAX_URLS), 2);
        let xml = index("https://n.example.org", page_count(7, 3)).expect("index");
        assert_eq!(
            locs(&xml, "sitemap"),
            [
                "https://n.example.org/sitemap-1.xml",
                "https://n.example.org/sitemap-2.xml",
                "https://n.example.org/sitemap-3.xml"
            ]
        );
    }

    #[test]
    fn a_urlset_escapes_and_reports_its_newest_change() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("time");
        let mut set = UrlSet::new().expect("start");
        assert!(set.is_empty());
        set.push("https://n.example.org/", None).expect("push");
        set.push(
            "https://n.example.org/?a=1&b=2",
            Some(t("2026-01-01 00:00:00")),
        )
        .expect("push");
        set.push("https://n.example.org/@x", Some(t("2026-02-01 10:00:00")))
            .expect("push");
        assert_eq!(set.len(), 3);
        let (xml, newest) = set.finish().expect("finish");
        assert_eq!(newest, Some(t("2026-02-01 10:00:00")));
        assert_eq!(
            locs(&xml, "url"),
            [
                "https://n.example.org/",
                "https://n.example.org/?a=1&b=2",
                "https://n.example.org/@x"
            ]
        );
        assert!(xml.contains("<lastmod>2026-02-01T10:00:00Z</lastmod>"));
    }
}
