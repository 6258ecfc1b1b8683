//! The messages qiao writes, in their recipient's words: a text that says one thing and offers
//! one action (a link as a button), optionally the organization's own rich text, and for a
//! subscriber the footer with their preferences and unsubscribe links (and the RFC 8058
//! headers). Both parts say the same. No I/O.

use askama::Template as _;

use super::message::{Composed, Draft, Sender};
use crate::auth::links::{self, SubscriberLinks};
use crate::db::orgs::{Organization, Welcome};
use crate::db::subscribers::{FollowMail, Subscriber};
use crate::domain::Locale;
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
        message_id: None,
    })
}

/// Queues a message the organization sends.
fn queue(
    conn: &mut crate::db::DbConnection,
    org_id: i64,
    kind: &str,
    composed: &Composed,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    crate::db::mail::enqueue(
        conn,
        &crate::db::mail::NewMail {
            org_id: Some(org_id),
            kind,
            recipient: &composed.recipient,
            message_id: &composed.message_id,
            message: &composed.message,
        },
        now,
    )?;
    Ok(())
}

/// The words of mail to `sub`: their own locale, else `fallback`.
pub fn tr_of(sub: &Subscriber, fallback: Locale) -> Tr {
    Tr::new(sub.locale().unwrap_or(fallback))
}

/// The host of the site's URL, for `List-Id`.
fn host_of(public_url: &str) -> String {
    url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Writes the messages of following: the confirmation, the note to an address that already
/// follows, the welcome message; and the links in them. Cheap to clone (to move onto a
/// blocking thread, or into an import).
#[derive(Clone)]
pub struct Writer {
    signer: crate::auth::tokens::Signer,
    sender: std::sync::Arc<Sender>,
    public_url: String,
    host: String,
}

impl Writer {
    /// A writer signing links with `signer`, for the site at `public_url`.
    pub fn new(
        signer: crate::auth::tokens::Signer,
        sender: std::sync::Arc<Sender>,
        public_url: &str,
    ) -> Writer {
        Writer {
            signer,
            sender,
            public_url: public_url.to_owned(),
            host: host_of(public_url),
        }
    }

    fn org<'a>(&'a self, org: &'a Organization) -> OrgSender<'a> {
        OrgSender {
            name: &org.name,
            slug: &org.slug,
            host: &self.host,
        }
    }

    /// Queues `mail` (the confirmation, or the note to an address that already follows) to
    /// `sub`, in the transaction of `conn`.
    pub fn queue_follow_mail(
        &self,
        conn: &mut crate::db::DbConnection,
        org: &Organization,
        sub: &Subscriber,
        mail: FollowMail,
        now: chrono::NaiveDateTime,
    ) -> Result<(), AppError> {
        let composed = self.follow_mail(org, sub, mail)?;
        let kind = match mail {
            FollowMail::Confirm => "follow_confirm",
            FollowMail::AlreadyFollowing => "follow_already",
        };
        queue(conn, org.id, kind, &composed, now)
    }

    /// Queues the organization's welcome message to `sub`.
    pub fn queue_welcome(
        &self,
        conn: &mut crate::db::DbConnection,
        org: &Organization,
        welcome: &Welcome,
        sub: &Subscriber,
        now: chrono::NaiveDateTime,
    ) -> Result<(), AppError> {
        let composed = self.welcome_mail(org, welcome, sub)?;
        queue(conn, org.id, "welcome", &composed, now)
    }

    /// The site's host (for `List-Id`).
    pub fn host(&self) -> String {
        self.host.clone()
    }

    /// Queues a test of broadcast `b` to `to` (a member's address, checked by the caller), in
    /// `locale`: exactly what a subscriber gets, marked as a test in the subject, the footer
    /// links leading to the profile (a member is not a subscriber: no link of theirs exists).
    pub fn queue_broadcast_test(
        &self,
        conn: &mut crate::db::DbConnection,
        org: &Organization,
        b: &crate::db::broadcasts::Broadcast,
        to: &str,
        locale: Locale,
        now: chrono::NaiveDateTime,
    ) -> Result<(), AppError> {
        let ids = crate::db::broadcasts::article_ids(conn, b.id)?;
        let mut cards = crate::db::public::cards_by_ids(conn, org.id, &ids)?;
        cards.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
        let avatar = match org.avatar_media_id {
            Some(id) => crate::db::media::sha_of(conn, id)?,
            None => None,
        }
        .map(|sha| {
            crate::domain::paths::absolute(
                &self.public_url,
                &crate::domain::paths::media(&sha, crate::domain::paths::image::THUMB),
            )
        })
        .unwrap_or_default();
        let from = super::edition::Source {
            org,
            public_url: &self.public_url,
            avatar: &avatar,
        };
        let mail = super::edition::broadcast_mail(&from, &b.title, &cards, locale, Some(locale))
            .map_err(|e| AppError::Unexpected(anyhow::anyhow!("broadcast mail: {e}")))?;
        let profile = crate::domain::paths::absolute(
            &self.public_url,
            &crate::domain::paths::profile(&org.slug),
        );
        let (html, text) = mail.fill(&SubscriberLinks {
            preferences: profile.clone(),
            unsubscribe: profile,
            mailto: String::new(),
        });
        let tr = Tr::new(locale);
        let subject = format!("[{}] {}", tr.t("mail-test-tag"), mail.subject);
        let composed = self.sender.compose(&Draft {
            from_name: Some(&org.name),
            to,
            to_name: None,
            subject: &subject,
            text: &text,
            html: Some(&html),
            list_id: Some((&org.slug, &self.host)),
            unsubscribe: None,
            message_id: None,
        })?;
        queue(conn, org.id, "broadcast_test", &composed, now)
    }

    /// The preferences and unsubscribe links of subscriber `id`.
    pub fn links(&self, id: i64) -> links::SubscriberLinks {
        links::subscriber_links(
            &self.signer,
            &self.public_url,
            self.sender.address().as_ref(),
            id,
        )
    }

    /// The confirmation link, or the note that the address already follows.
    fn follow_mail(
        &self,
        org: &Organization,
        sub: &Subscriber,
        mail: FollowMail,
    ) -> Result<Composed, AppError> {
        let tr = tr_of(sub, Locale::for_content(&org.language));
        let args = [
            ("org", org.name.clone().into()),
            ("email", sub.email.clone().into()),
        ];
        match mail {
            FollowMail::Confirm => {
                let link = links::confirm_link(&self.signer, &self.public_url, sub.id);
                compose(
                    &self.sender,
                    &tr,
                    &Letter {
                        to: &sub.email,
                        subject: &tr.with("mail-follow-subject", &args),
                        body: &tr.with("mail-follow-body", &args),
                        action: Some((&tr.t("mail-follow-button"), &link)),
                        footnote: &tr.t("mail-follow-ignore"),
                        org: Some(self.org(org)),
                        ..Default::default()
                    },
                )
            }
            FollowMail::AlreadyFollowing => {
                let links = self.links(sub.id);
                compose(
                    &self.sender,
                    &tr,
                    &Letter {
                        to: &sub.email,
                        subject: &tr.with("mail-following-subject", &args),
                        body: &tr.with("mail-following-body", &args),
                        action: Some((&tr.t("mail-following-button"), &links.preferences)),
                        footnote: &tr.t("mail-following-ignore"),
                        org: Some(self.org(org)),
                        links: Some(&links),
                        ..Default::default()
                    },
                )
            }
        }
    }

    /// The organization's welcome message to `sub`.
    fn welcome_mail(
        &self,
        org: &Organization,
        welcome: &Welcome,
        sub: &Subscriber,
    ) -> Result<Composed, AppError> {
        let tr = tr_of(sub, Locale::for_content(&org.language));
        let links = self.links(sub.id);
        let subject = if welcome.subject.trim().is_empty() {
            tr.t1("mail-welcome-subject", "org", &org.name)
        } else {
            welcome.subject.clone()
        };
        compose(
            &self.sender,
            &tr,
            &Letter {
                to: &sub.email,
                subject: &subject,
                rich: Some((&welcome.html, &welcome.markdown)),
                org: Some(self.org(org)),
                links: Some(&links),
                ..Default::default()
            },
        )
    }
}
