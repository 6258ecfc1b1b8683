//! Every public address qiao writes into a page, a feed, a sitemap or an API answer, built in
//! this one place: the profile, an article, a tag, a category tab, a feed, an image. Routes
//! match these shapes (`web::routes`); a test refuses hand-formatted ones elsewhere.

use super::Category;

/// The renditions of a library image, as their addresses name them.
pub mod image {
    /// The stripped original.
    pub const ORIGINAL: &str = "original";
    /// Resized for article bodies.
    pub const BODY: &str = "body";
    /// Cropped for covers and social cards.
    pub const COVER: &str = "cover";
    /// Small, for lists and the library.
    pub const THUMB: &str = "thumb";
}

/// `/@{org}`.
pub fn profile(org: &str) -> String {
    format!("/@{org}")
}

/// `/@{org}?category={c}`: a category tab of the profile.
pub fn category(org: &str, category: Category) -> String {
    format!("/@{org}?category={}", category.as_str())
}

/// `/@{org}/t/{tag}`, the tag's slug percent-encoded.
pub fn tag(org: &str, tag_slug: &str) -> String {
    let tag = percent_encoding::utf8_percent_encode(tag_slug, percent_encoding::NON_ALPHANUMERIC);
    format!("/@{org}/t/{tag}")
}

/// `/@{org}/{slug}`.
pub fn article(org: &str, slug: &str) -> String {
    format!("/@{org}/{slug}")
}

/// `/@{org}/feed.atom`, or one category's `/@{org}/feed/{c}.atom`.
pub fn feed(org: &str, category: Option<Category>) -> String {
    match category {
        Some(c) => format!("/@{org}/feed/{}.atom", c.as_str()),
        None => format!("/@{org}/feed.atom"),
    }
}

/// `/media/{sha256}/{rendition}` (see [`image`]).
pub fn media(sha256: &str, rendition: &str) -> String {
    format!("/media/{sha256}/{rendition}")
}

/// A path made absolute on the site at `public_url` (no trailing slash).
pub fn absolute(public_url: &str, path: &str) -> String {
    format!("{public_url}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_have_the_shapes_the_routes_match() {
        assert_eq!(profile("acme"), "/@acme");
        assert_eq!(article("acme", "spring"), "/@acme/spring");
        assert_eq!(tag("acme", "元宵"), "/@acme/t/%E5%85%83%E5%AE%B5");
        assert_eq!(category("acme", Category::News), "/@acme?category=news");
        assert_eq!(feed("acme", None), "/@acme/feed.atom");
        assert_eq!(
            feed("acme", Some(Category::Culture)),
            "/@acme/feed/culture.atom"
        );
        assert_eq!(media("ab12", image::THUMB), "/media/ab12/thumb");
        assert_eq!(
            absolute("https://n.example.org", &profile("acme")),
            "https://n.example.org/@acme"
        );
    }
}
