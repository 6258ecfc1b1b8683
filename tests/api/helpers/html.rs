//! Reading pages and responses: text of elements, attributes, CSRF tokens, redirects.

use scraper::{Html, Selector};

/// The value of the first `csrf_token` hidden input in a page.
pub fn csrf_in(html: &str) -> String {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("input[name=csrf_token]").expect("selector");
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr("value"))
        .expect("page has a csrf_token input")
        .to_owned()
}

/// Text content of the elements matching `selector`.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The `name` attribute of the first element matching `selector`.
pub fn attr(html: &str, selector: &str, name: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr(name).map(str::to_owned))
}

/// The `name` attribute of every element matching `selector`, in order.
pub fn attrs(html: &str, selector: &str, name: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(name).map(str::to_owned))
        .collect()
}
