//! QR codes drawn on the server, as inline SVG: "分享到微信" on an article (WeChat opens a
//! link from its scanner, and a phone camera does too) and a new preview link in the editor
//! (open the draft on a phone). No third-party script, no image request.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG QR code of `text`, labelled `label` for screen readers; empty if `text` is too long
/// for a QR code (more than about 2 KB), which no page address is.
pub fn svg(text: &str, label: &str) -> String {
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let drawn = code
        .render::<svg::Color<'_>>()
        .min_dimensions(168, 168)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    // An element inside HTML, not a document: no XML declaration; a name for screen readers.
    let element = drawn
        .split_once("<svg")
        .map_or(drawn.as_str(), |(_, rest)| rest);
    format!(
        r#"<svg class="qr" role="img" aria-label="{}"{element}"#,
        html_escape(label)
    )
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_address_becomes_an_inline_svg_with_a_name() {
        let out = svg("https://example.org/@acme/zhong-qiu-jie", "扫码<阅读>");
        assert!(
            out.starts_with(r#"<svg class="qr" role="img" aria-label="扫码&lt;阅读&gt;" xmlns="#),
            "{out}"
        );
        assert!(out.ends_with("</svg>"), "{out}");
        assert!(!out.contains("<?xml"));
        // Dark modules drawn: the path is not empty.
        assert!(out.contains(r##"<path fill="#000" d="M"##), "{out}");
        // Too long for any QR code: nothing, not a panic.
        assert_eq!(svg(&"x".repeat(5000), "long"), "");
    }
}
