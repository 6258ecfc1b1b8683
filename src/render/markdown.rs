//! Markdown → sanitized HTML, once, on save. pulldown-cmark parses (tables, footnotes,
//! strikethrough, task lists, smart punctuation); we give headings and footnotes safe ids and
//! images lazy loading; ammonia then removes everything that could run script or escape the
//! article: the stored HTML is safe to show to every follower.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::text;

/// The result of rendering one article body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML, safe to embed in any page.
    pub html: String,
    /// Plain text (no markup), blocks separated by blank lines: excerpts, email text parts and
    /// search use it.
    pub text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown to sanitized HTML and plain text. Never panics, whatever the input.
pub fn render(markdown: &str) -> Rendered {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let text = plain_text(&events);
    let events = rewrite(events);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    Rendered {
        html: sanitizer().clean(&raw).to_string(),
        text,
    }
}

/// Gives headings unique `h-…` ids, footnotes `fn-N` ids, and images `loading="lazy"`.
fn rewrite(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut heading_ids = IdAllocator::default();
    let mut footnotes: HashMap<String, String> = HashMap::new();
    let mut footnote_id = |label: &str| {
        let next = footnotes.len() + 1;
        footnotes
            .entry(label.to_owned())
            .or_insert_with(|| format!("fn-{next}"))
            .clone()
    };
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, .. }) => {
                let end = find_end(&events, i);
                let title = inline_text(&events[i + 1..end]);
                let id = heading_ids.allocate(&title);
                out.push(Event::Start(heading(*level, id)));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let end = find_end(&events, i);
                let alt = inline_text(&events[i + 1..end]);
                out.push(Event::InlineHtml(CowStr::from(image_html(
                    dest_url, title, &alt,
                ))));
                i = end + 1;
                continue;
            }
            Event::FootnoteReference(label) => {
                out.push(Event::FootnoteReference(CowStr::from(footnote_id(label))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let id = footnote_id(label);
                out.push(Event::Start(Tag::FootnoteDefinition(CowStr::from(id))));
            }
            // Moved, not cloned: each event is visited once.
            _ => out.push(std::mem::replace(&mut events[i], Event::HardBreak)),
        }
        i += 1;
    }
    out
}

fn heading(level: HeadingLevel, id: String) -> Tag<'static> {
    Tag::Heading {
        level,
        id: Some(CowStr::from(id)),
        classes: Vec::new(),
        attrs: Vec::new(),
    }
}

/// Index of the `End` matching the `Start` at `start` (or the last event if unbalanced).
fn find_end(events: &[Event<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

fn inline_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

fn escape_attr(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn image_html(src: &str, title: &str, alt: &str) -> String {
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape_attr(title))
    };
    format!(
        "<img src=\"{}\" alt=\"{}\"{title} loading=\"lazy\">",
        escape_attr(src),
        escape_attr(alt)
    )
}

/// Allocates unique heading ids from heading text (CJK kept as is).
#[derive(Default)]
struct IdAllocator {
    used: HashMap<String, usize>,
}

impl IdAllocator {
    fn allocate(&mut self, title: &str) -> String {
        let base = format!("h-{}", text::slugify_unicode(title, 60));
        let n = self.used.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    }
}

/// Plain text of the document: text and code, blocks separated by blank lines, raw HTML and
/// images left out.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    let mut in_image = 0usize;
    // Inline `<script>`/`<style>`: the sanitizer drops their content, so must the text.
    let mut in_raw = false;
    for e in events {
        match e {
            Event::InlineHtml(h) => {
                let tag = h.trim_start().to_ascii_lowercase();
                if tag.starts_with("<script") || tag.starts_with("<style") {
                    in_raw = true;
                } else if tag.starts_with("</script") || tag.starts_with("</style") {
                    in_raw = false;
                }
            }
            // An unclosed tag ends with its block.
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) if in_raw => {
                in_raw = false;
                s.push_str("\n\n");
            }
            _ if in_raw => {}
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => s.push_str("\n\n"),
            Event::End(TagEnd::TableCell) => s.push(' '),
            _ => {}
        }
    }
    text::tidy_whitespace(&s)
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(configured)
}

/// The sanitizer's rules (not cached: `ammonia::Builder` cannot be cloned, and
/// [`absolutize`] needs its own copy with a base URL).
fn configured() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_tags(["input"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener nofollow ugc"))
        .add_tag_attributes("img", ["loading", "title"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("div", ["id", "class"])
        .add_tag_attributes("sup", ["id", "class"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"]);
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b.attribute_filter(filter_attribute);
    b
}

/// Stored (sanitized) article HTML with every relative URL resolved against `base`, the
/// article's absolute address: `/media/…` and `/@org/…` gain the site root, `#fn-1` the
/// article's URL. For feeds, whose readers show the HTML away from the site. Runs the same
/// sanitizer again, so nothing else changes.
pub fn absolutize(html: &str, base: &url::Url) -> String {
    let mut b = configured();
    b.url_relative(ammonia::UrlRelative::RewriteWithBase(base.clone()));
    b.clean(html).to_string()
}

/// Keeps only the attribute values our own rewriting produces.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let keep = match (element, attribute) {
        (_, "id") => {
            (value.starts_with("h-") || value.starts_with("fn-"))
                && !value.contains(|c: char| c.is_whitespace() || c.is_control())
        }
        ("code", "class") => value.strip_prefix("language-").is_some_and(|l| {
            !l.is_empty()
                && l.len() <= 32
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+#-_.".contains(c))
        }),
        ("div" | "sup", "class") => matches!(
            value,
            "footnote-definition" | "footnote-definition-label" | "footnote-reference"
        ),
        ("th" | "td", "style") => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        ("input", "type") => value == "checkbox",
        ("img", "loading") => value == "lazy",
        // `//host/x.png` would follow the page's scheme: on an http page (or in an email or
        // feed reader) a plain-text fetch. Pin it to https.
        ("img", "src") if value.starts_with("//") => {
            return Some(Cow::Owned(format!("https:{value}")));
        }
        _ => true,
    };
    keep.then_some(Cow::Borrowed(value))
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
