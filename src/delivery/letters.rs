//! The messages qiao writes, in their recipient's words: a text that says one thing and offers
//! one action (a link as a button), optionally the organization's own rich text, and for a
//! subscriber the footer with their preferences and unsubscribe links (and the RFC 8058
//! headers). Both parts say the same. No I/O.

use askama::Template as _;

use super::message::{Composed, Draft, Sender};
use crate::auth::links::SubscriberLinks;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::render::pages::MailAction;

/// An organization a message is sent for.
#[derive(Clone, Copy, Debug)]
pub struct OrgSender<'a> {
    /// Shown as the sender's name.
    pub name: &'a str,
    /// With `host`, the `List-Id`.
    pub slug: &'a str,
    /// The site's host.
    pub host: &'a str,
}

/// What a message says.
#[derive(Clone, Copy, Debug, Default)]
pub struct Letter<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    /// The text, one paragraph.
    pub body: &'a str,
    /// Rich text: (sanitized HTML, its plain-text form).
    pub rich: Option<(&'a str, &'a str)>,
    /// The action: (button label, absolute link).
    pub action: Option<(&'a str, &'a str)>,
    pub footnote: &'a str,
    /// For an organization's mail.
    pub org: Option<OrgSender<'a>>,
    /// For mail to a subscriber: the footer and `List-Unsubscribe`.
    pub links: Option<&'a SubscriberLinks>,
}

/// Composes `letter` in `tr`'s words.
pub fn compose(sender: &Sender, tr: &Tr, letter: &Letter<'_>) -> Result<Composed, AppError> {
    let (button, link) = letter.action.unwrap_or(("", ""));
    let (rich_html, rich_text) = letter.rich.unwrap_or(("", ""));
    let org_name = letter.org.map(|o| o.name).unwrap_or_default();
    let why = match letter.org {
        Some(org) if letter.links.is_some() => tr.t1("mail-footer-why", "org", org.name),
        _ => String::new(),
    };
    let mut text = String::new();
    for part in [letter.body, rich_text, link, letter.footnote] {
        if !part.trim().is_empty() {
            text.push_str(part.trim_end());
            text.push_str("\r\n\r\n");
        }
    }
    if let Some(links) = letter.links {
        text.push_str("-- \r\n");
        text.push_str(&why);
        text.push_str("\r\n");
        text.push_str(&format!(
            "{}: {}\r\n{}: {}\r\n",
            tr.t("mail-footer-preferences"),
            links.preferences,
            tr.t("mail-footer-unsubscribe"),
            links.unsubscribe
        ));
    }
    let html = MailAction {
        lang: tr.lang().to_owned(),
        subject: letter.subject.to_owned(),
        sender: org_name.to_owned(),
        body: letter.body.to_owned(),
        rich: rich_html.to_owned(),
        button: button.to_owned(),
        link: link.to_owned(),
        footnote: letter.footnote.to_owned(),
        why,
        preferences: letter
            .links
            .map(|l| l.preferences.clone())
            .unwrap_or_default(),
        preferences_label: tr.t("mail-footer-preferences"),
        unsubscribe: letter
            .links
            .map(|l| l.unsubscribe.clone())
            .unwrap_or_default(),
        unsubscribe_label: tr.t("mail-footer-unsubscribe"),
    }
    .render()
    .map_err(|e| AppError::Unexpected(anyhow::anyhow!("mail template: {e}")))?;
    sender.compose(&Draft {
        from_name: letter.org.map(|o| o.name),
        to: letter.to,
        to_name: None,
        subject: letter.subject,
        text: &text,
        html: Some(&html),
        list_id: letter.org.map(|o| (o.slug, o.host)),
        unsubscribe: letter
            .links
            .map(|l| (l.unsubscribe.as_str(), l.mailto.as_str())),
    })
}
