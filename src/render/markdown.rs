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

/// The deepest nesting kept, separately for Markdown containers (quotes, lists, emphasis,
/// tables…) and for raw HTML elements. Deeper structure renders as its content: deeper Markdown
/// markers are dropped, deeper HTML tags shown as text. Browsers and the sanitizer's HTML
/// parser do work that grows with depth at every level (`">" * 20000` took seconds), and no
/// article needs more than a few levels.
pub const MAX_NESTING: usize = 32;

/// Renders Markdown to sanitized HTML and plain text. Never panics, whatever the input, and
/// its time grows linearly with the input's size (see `benches/pathological.rs`).
pub fn render(markdown: &str) -> Rendered {
    // CJK-friendly emphasis: stand-ins beside some `*` runs, removed again from every event.
    let prepared = super::cjk_emphasis::prepare(markdown);
    let source = prepared.as_deref().unwrap_or(markdown);
    let events: Vec<Event<'_>> = Parser::new_ext(source, options()).collect();
    let events = if prepared.is_some() {
        events.into_iter().map(without_stand_ins).collect()
    } else {
        events
    };
    let events = cap_nesting(events);
    let text = plain_text(&events);
    let events = rewrite(events);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    Rendered {
        html: sanitizer().clean(&split_ampersand_runs(&raw)).to_string(),
        text,
    }
}

/// `event` with the CJK emphasis stand-ins removed from every string it carries.
fn without_stand_ins(event: Event<'_>) -> Event<'static> {
    fn s(c: CowStr<'_>) -> CowStr<'static> {
        CowStr::from(super::cjk_emphasis::strip(&c).into_owned())
    }
    fn tag(t: Tag<'_>) -> Tag<'static> {
        match t {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                link_type,
                dest_url: s(dest_url),
                title: s(title),
                id: s(id),
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Image {
                link_type,
                dest_url: s(dest_url),
                title: s(title),
                id: s(id),
            },
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => Tag::Heading {
                level,
                id: id.map(s),
                classes: classes.into_iter().map(s).collect(),
                attrs: attrs.into_iter().map(|(k, v)| (s(k), v.map(s))).collect(),
            },
            Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)) => {
                Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(s(info)))
            }
            Tag::FootnoteDefinition(label) => Tag::FootnoteDefinition(s(label)),
            other => other.into_static(),
        }
    }
    match event {
        Event::Start(t) => Event::Start(tag(t)),
        Event::Text(t) => Event::Text(s(t)),
        Event::Code(t) => Event::Code(s(t)),
        Event::Html(t) => Event::Html(s(t)),
        Event::InlineHtml(t) => Event::InlineHtml(s(t)),
        Event::FootnoteReference(t) => Event::FootnoteReference(s(t)),
        Event::InlineMath(t) => Event::InlineMath(s(t)),
        Event::DisplayMath(t) => Event::DisplayMath(s(t)),
        other => other.into_static(),
    }
}

/// Ampersands a text node may hold before it is split; see [`split_ampersand_runs`].
const AMPERSANDS_PER_NODE: usize = 64;

/// Splits long runs of `&` with an empty `<span></span>` after every
/// [`AMPERSANDS_PER_NODE`]th `&` since the last `<` or `>`. html5ever's serializer (which
/// ammonia uses) looks for the next `<` or `>` through the rest of a text node at every `&` it
/// escapes, so one long text node full of `&` takes time quadratic in its length (1 MB of `&#`
/// took seven seconds). The split does not depend on where in the markup it falls, so no
/// markup can hide a run from it; ordinary text, with fewer ampersands between two tags, is
/// never touched.
fn split_ampersand_runs(html: &str) -> Cow<'_, str> {
    if html.bytes().filter(|b| *b == b'&').count() < AMPERSANDS_PER_NODE {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut run = 0usize;
    let mut copied = 0usize;
    for (i, b) in html.bytes().enumerate() {
        match b {
            b'<' | b'>' => run = 0,
            b'&' => {
                run += 1;
                if run == AMPERSANDS_PER_NODE {
                    // `&` is ASCII, so `i` is a character boundary.
                    out.push_str(&html[copied..i]);
                    out.push_str("<span></span>");
                    copied = i;
                    run = 1;
                }
            }
            _ => {}
        }
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// The widest table kept: cells past this column join the last one, separated by spaces. Each
/// cell is an element the sanitizer parses and writes, and a row of 2-byte cells made the
/// widest-table body the slowest one to render.
pub const MAX_TABLE_COLUMNS: usize = 64;

/// Drops Markdown containers nested deeper than [`MAX_NESTING`] (keeping their content), turns
/// raw HTML into text once its elements would nest deeper than that, and merges table cells
/// past [`MAX_TABLE_COLUMNS`] into the last one.
fn cap_nesting(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    // For each open Start, whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    let mut html_depth = 0usize;
    let mut column = 0usize;
    // The last kept cell of this row was left open for the cells merged into it.
    let mut merged = false;
    for event in events {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) if depth < MAX_NESTING => {
                column = 0;
                merged = false;
                open.push(true);
                depth += 1;
                out.push(event);
            }
            Event::Start(Tag::TableCell) if depth < MAX_NESTING => {
                column += 1;
                if column > MAX_TABLE_COLUMNS {
                    if matches!(out.last(), Some(Event::End(TagEnd::TableCell))) {
                        out.pop();
                        depth += 1;
                        merged = true;
                    }
                    open.push(false);
                    out.push(Event::Text(CowStr::Borrowed(" ")));
                } else {
                    open.push(true);
                    depth += 1;
                    out.push(event);
                }
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) if merged => {
                merged = false;
                open.pop();
                out.push(Event::End(TagEnd::TableCell));
                depth = depth.saturating_sub(2);
                out.push(event);
            }
            Event::Start(tag) => {
                let keep = depth < MAX_NESTING;
                open.push(keep);
                if keep {
                    depth += 1;
                    out.push(Event::Start(tag));
                }
            }
            Event::End(tag) => {
                if open.pop().unwrap_or(true) {
                    depth = depth.saturating_sub(1);
                    out.push(Event::End(tag));
                }
            }
            Event::Html(html) => match html_nesting(&html, html_depth) {
                Some(d) => {
                    html_depth = d;
                    out.push(Event::Html(html));
                }
                None => out.push(Event::Text(html)),
            },
            Event::InlineHtml(html) => match html_nesting(&html, html_depth) {
                Some(d) => {
                    html_depth = d;
                    out.push(Event::InlineHtml(html));
                }
                None => out.push(Event::Text(html)),
            },
            other => out.push(other),
        }
    }
    out
}

/// Elements that never contain others, and elements whose end tag is optional (a new one ends
/// the last): neither can make HTML nest deeper.
const FLAT_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "rtc",
];

/// The raw-HTML nesting depth after `html`, starting from `depth`; `None` when it would pass
/// [`MAX_NESTING`] (the fragment is then shown as text). Counts start and end tags by name, so it
/// overestimates rather than misses: a `<div` inside an attribute value counts too.
fn html_nesting(html: &str, mut depth: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(pos) = bytes[i..].iter().position(|b| *b == b'<') {
        i += pos + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        if FLAT_ELEMENTS.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > MAX_NESTING {
                return None;
            }
        }
    }
    Some(depth)
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

/// `s` safe in HTML text and in a quoted attribute (`& < > " '` escaped).
pub fn escape_attr(s: &str) -> Cow<'_, str> {
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
/// article's URL. For feeds, whose readers show the HTML away from the site.
///
/// One linear pass, no parsing or sanitizing again: the input is the sanitizer's own output,
/// in which a `<` outside a tag is always escaped and every attribute value is double-quoted
/// with `"` escaped, so tags and attribute values can be found exactly. Only `href` and `src`
/// values change, as in the sanitizer's own URL rewriting, which the tests check it against.
pub fn resolve_urls(html: &str, base: &url::Url) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let end = tag_end(rest);
        push_tag(&mut out, &rest[..end], base);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `s`, through its `>` (quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quoted = false;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Copies one tag, resolving its URL attributes.
fn push_tag(out: &mut String, tag: &str, base: &url::Url) {
    let mut rest = tag;
    while let Some(pos) = next_url_attr(rest) {
        let (before, value_on) = rest.split_at(pos.value_start);
        out.push_str(before);
        let len = value_on.find('"').unwrap_or(value_on.len());
        let value = &value_on[..len];
        out.push_str(&resolved_value(value, base));
        // Past the value's closing quote too: the next scan starts outside any quotes, as the
        // tag's own syntax is there.
        let next = (len + 1).min(value_on.len());
        out.push_str(&value_on[len..next]);
        rest = &value_on[next..];
    }
    out.push_str(rest);
}

struct AttrAt {
    value_start: usize,
}

/// Where the value of the next `href` or `src` attribute starts, outside quotes.
fn next_url_attr(tag: &str) -> Option<AttrAt> {
    let bytes = tag.as_bytes();
    let mut quoted = false;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b' ' if !quoted => {
                for name in ["href=\"", "src=\""] {
                    if tag[i + 1..].starts_with(name) {
                        return Some(AttrAt {
                            value_start: i + 1 + name.len(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// An escaped attribute value, resolved against `base` when it is a relative URL, escaped
/// again the way the sanitizer's serializer escapes.
fn resolved_value(escaped: &str, base: &url::Url) -> String {
    let raw = escaped
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let resolved = match url::Url::parse(&raw) {
        Err(url::ParseError::RelativeUrlWithoutBase) => match base.join(&raw) {
            Ok(u) => u.to_string(),
            Err(_) => return escaped.to_owned(),
        },
        _ => return escaped.to_owned(),
    };
    resolved
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// Keeps only the attribute values our own rewriting produces. A value with more than
/// [`AMPERSANDS_PER_NODE`] ampersands is dropped: no real URL or title has that many, and the
/// serializer's cost grows with the square of them (see [`split_ampersand_runs`]).
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    if value.bytes().filter(|b| *b == b'&').count() > AMPERSANDS_PER_NODE {
        return None;
    }
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
pub(crate) mod tests;
