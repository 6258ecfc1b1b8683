//! Building a message: headers, a plain-text part and an HTML part, a `Message-ID` of our own.
//! No I/O: the result is the whole message as text, to be queued with `db::mail::enqueue` in
//! the transaction that causes it.
//!
//! Every header value that comes from a person (a name, a subject, an organization's name) is
//! put on one line first: a CR or LF in it could otherwise start a header of its own.

use lettre::message::header::{self, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

use crate::error::AppError;

/// A message ready to queue.
#[derive(Clone, Debug)]
pub struct Composed {
    /// Without angle brackets.
    pub message_id: String,
    /// The recipient's address alone.
    pub recipient: String,
    /// The whole message (RFC 5322, CRLF line ends).
    pub message: String,
}

/// What a message says and to whom.
#[derive(Clone, Debug)]
pub struct Draft<'a> {
    /// `QIAO_MAIL_FROM`.
    pub from: &'a str,
    /// The name shown for the sender instead of `QIAO_MAIL_FROM`'s (an organization's).
    pub from_name: Option<&'a str>,
    pub to: &'a str,
    pub to_name: Option<&'a str>,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
    /// `List-Id` for an organization's mail: its slug and the site's host.
    pub list_id: Option<(&'a str, &'a str)>,
}

/// One line: CR, LF and other control characters become spaces; runs of space collapse.
pub fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_control())
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds the message; `Err` when an address cannot be used (the caller checked them, so this
/// is a bug or a bad `QIAO_MAIL_FROM`).
pub fn compose(draft: &Draft<'_>) -> Result<Composed, AppError> {
    let bad = |what: &str, e: &dyn std::fmt::Display| {
        AppError::Unexpected(anyhow::anyhow!("{what}: {e}"))
    };
    let mut from: Mailbox = draft.from.parse().map_err(|e| bad("mail_from", &e))?;
    if let Some(name) = draft.from_name {
        from.name = Some(one_line(name));
    }
    let to = Mailbox::new(
        draft.to_name.map(one_line).filter(|n| !n.is_empty()),
        draft.to.parse().map_err(|e| bad("recipient", &e))?,
    );
    let domain = from.email.domain().to_owned();
    let message_id = format!("{}@{domain}", hex::encode(rand::random::<[u8; 16]>()));
    let mut builder = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(one_line(draft.subject))
        .message_id(Some(format!("<{message_id}>")))
        .date_now();
    if let Some((slug, host)) = draft.list_id {
        let value = format!("<{}.{}>", one_line(slug), one_line(host));
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Id"),
            value,
        ));
    }
    let body = match draft.html {
        Some(html) => MultiPart::alternative_plain_html(draft.text.to_owned(), html.to_owned()),
        None => MultiPart::mixed().singlepart(
            lettre::message::SinglePart::builder()
                .header(header::ContentType::TEXT_PLAIN)
                .body(draft.text.to_owned()),
        ),
    };
    let message = builder.multipart(body).map_err(|e| bad("message", &e))?;
    let message = String::from_utf8(message.formatted()).map_err(|e| bad("message", &e))?;
    Ok(Composed {
        message_id,
        recipient: draft.to.to_owned(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_in_names_and_subjects_cannot_start_a_header() {
        let composed = compose(&Draft {
            from: "qiao <noreply@example.org>",
            from_name: Some("Evil\r\nBcc: victim@example.com"),
            to: "reader@example.org",
            to_name: Some("Reader\nX-Injected: 1"),
            subject: "Hello\r\nBcc: victim@example.com\r\n\r\nbody",
            text: "plain",
            html: Some("<p>html</p>"),
            list_id: Some(("hua\r\nX: 1", "example.org")),
        })
        .expect("composed");
        let head = composed
            .message
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default();
        for line in head.lines() {
            let name = line.split(':').next().unwrap_or_default();
            assert!(
                !name.eq_ignore_ascii_case("bcc") && !name.eq_ignore_ascii_case("x-injected"),
                "{line:?} in\n{head}"
            );
            assert!(!line.trim_start().starts_with("X: 1"), "{head}");
        }
        assert!(head.contains("Message-ID: <"), "{head}");
        assert!(composed.message_id.ends_with("@example.org"));
    }

    #[test]
    fn one_line_keeps_words_and_drops_breaks() {
        assert_eq!(one_line(" 中秋\r\n 快乐\t! "), "中秋 快乐 !");
        assert_eq!(one_line(""), "");
    }
}
