//! Building a message: headers, a plain-text part and an HTML part, a `Message-ID` of our own.
//! No I/O: the result is the whole message as text, to be queued with `db::mail::enqueue` in
//! the transaction that causes it.
//!
//! Every header value that comes from a person (a name, a subject, an organization's name) is
//! put on one line first: a CR or LF in it could otherwise start a header of its own.

use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::{self, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

use crate::config::{DkimAlgorithm, DkimSettings};
use crate::error::AppError;

/// The headers a DKIM signature covers, when the message has them. Each appears once in our
/// messages (lettre signs only the first of a name). Not `Content-Type`: lettre keeps a
/// multipart's among the body's headers, so when it signs, the message has none, and the
/// signature would cover an empty header that the sent message then contradicts.
const SIGNED_HEADERS: &[&str] = &[
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
];

/// Who mail comes from: `QIAO_MAIL_FROM` and its DKIM key. Built once at start.
pub struct Sender {
    from: Mailbox,
    dkim: Option<DkimConfig>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("from", &self.from.to_string())
            .field("dkim", &self.dkim.is_some())
            .finish()
    }
}

impl Sender {
    /// From the validated settings (`mail_from`, `dkim_*`).
    pub fn new(mail_from: &str, dkim: Option<&DkimSettings>) -> Result<Self, AppError> {
        let bad = |what: &str, e: &dyn std::fmt::Display| {
            AppError::Unexpected(anyhow::anyhow!("{what}: {e}"))
        };
        let from: Mailbox = mail_from.parse().map_err(|e| bad("mail_from", &e))?;
        let dkim = match dkim {
            None => None,
            Some(d) => {
                let algorithm = match d.algorithm {
                    DkimAlgorithm::Rsa => DkimSigningAlgorithm::Rsa,
                    DkimAlgorithm::Ed25519 => DkimSigningAlgorithm::Ed25519,
                };
                let key = DkimSigningKey::new(d.key.expose(), algorithm)
                    .map_err(|e| bad("dkim_private_key", &e))?;
                Some(DkimConfig::new(
                    d.selector.clone(),
                    d.domain.clone(),
                    key,
                    SIGNED_HEADERS
                        .iter()
                        .map(|h| HeaderName::new_from_ascii_str(h))
                        .collect(),
                    // Relaxed for both: the only canonicalization lettre's signatures verify
                    // with, and the one that survives relays re-folding headers.
                    DkimCanonicalization {
                        header: DkimCanonicalizationType::Relaxed,
                        body: DkimCanonicalizationType::Relaxed,
                    },
                ))
            }
        };
        Ok(Sender { from, dkim })
    }

    /// The sender's address alone (the envelope's `MAIL FROM`).
    pub fn address(&self) -> &lettre::Address {
        &self.from.email
    }
}

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
    /// The name shown for the sender instead of `QIAO_MAIL_FROM`'s (an organization's).
    pub from_name: Option<&'a str>,
    pub to: &'a str,
    pub to_name: Option<&'a str>,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
    /// `List-Id` for an organization's mail: its slug and the site's host.
    pub list_id: Option<(&'a str, &'a str)>,
    /// RFC 8058 unsubscribing for mail to a subscriber: the https URL that takes a one-click
    /// POST, and a `mailto:` URL.
    pub unsubscribe: Option<(&'a str, &'a str)>,
    /// The `Message-ID` (without angle brackets) when the caller chooses it (a delivery's, so
    /// that a message sent again after a crash is recognizably the same); else a random one.
    pub message_id: Option<&'a str>,
}

/// One line: CR, LF and other control characters become spaces; runs of space collapse.
pub fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_control())
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Sender {
    /// Builds the message, DKIM-signed when a key is configured; `Err` when the recipient's
    /// address cannot be used (the caller checked it, so this is a bug).
    pub fn compose(&self, draft: &Draft<'_>) -> Result<Composed, AppError> {
        let bad = |what: &str, e: &dyn std::fmt::Display| {
            AppError::Unexpected(anyhow::anyhow!("{what}: {e}"))
        };
        let mut from = self.from.clone();
        if let Some(name) = draft.from_name {
            from.name = Some(one_line(name));
        }
        let to = Mailbox::new(
            draft.to_name.map(one_line).filter(|n| !n.is_empty()),
            draft.to.parse().map_err(|e| bad("recipient", &e))?,
        );
        let domain = from.email.domain().to_owned();
        let message_id = match draft.message_id {
            Some(id) => one_line(id),
            None => format!("{}@{domain}", hex::encode(rand::random::<[u8; 16]>())),
        };
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
        if let Some((https, mailto)) = draft.unsubscribe {
            let value = format!("<{}>, <{}>", one_line(https), one_line(mailto));
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    value,
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
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
        let mut message = builder.multipart(body).map_err(|e| bad("message", &e))?;
        if let Some(dkim) = &self.dkim {
            message.sign(dkim);
        }
        let message = String::from_utf8(message.formatted()).map_err(|e| bad("message", &e))?;
        Ok(Composed {
            message_id,
            recipient: draft.to.to_owned(),
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_in_names_and_subjects_cannot_start_a_header() {
        let sender = Sender::new("qiao <noreply@example.org>", None).expect("sender");
        let composed = sender
            .compose(&Draft {
                from_name: Some("Evil\r\nBcc: victim@example.com"),
                to: "reader@example.org",
                to_name: Some("Reader\nX-Injected: 1"),
                subject: "Hello\r\nBcc: victim@example.com\r\n\r\nbody",
                text: "plain",
                html: Some("<p>html</p>"),
                list_id: Some(("hua\r\nX: 1", "example.org")),
                unsubscribe: Some(("https://e.org/u/1\r\nBcc: v@e.org", "mailto:u@e.org")),
                message_id: None,
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
