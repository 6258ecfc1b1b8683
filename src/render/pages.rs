//! Page structs, one per template. Handlers fill them; askama renders them.

use askama::Template;

use super::Layout;
use crate::domain::Role;
use crate::error::FieldErrors;

/// An error page (404, 403, 422, 500, …).
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// Frame.
    pub layout: Layout,
    /// HTTP status.
    pub status: u16,
    /// Short heading.
    pub heading: String,
    /// What happened, for people.
    pub message: String,
    /// Field messages for 422.
    pub fields: Vec<(String, String)>,
    /// Request id for 500s, to quote to the operator.
    pub request_id: Option<String>,
    /// Where to go from here: (address, words).
    pub back: (String, String),
}

/// The forgotten-password form, or (`sent`) what happens next.
#[derive(Template)]
#[template(path = "forgot.html")]
pub struct ForgotPage {
    pub layout: Layout,
    /// The address as typed.
    pub email: String,
    /// The address a link was asked for: the same answer whether or not an account has it.
    pub sent: Option<String>,
    /// Why the address was not taken.
    pub error: Option<String>,
}

/// The new-password form of a reset link, or why the link cannot be used.
#[derive(Template)]
#[template(path = "reset.html")]
pub struct ResetPage {
    pub layout: Layout,
    pub token: String,
    /// The account's address (for the intro and password managers).
    pub email: String,
    /// The link is invalid, used or expired: said instead of the form.
    pub problem: Option<String>,
    /// Why the new password was not taken.
    pub error: Option<String>,
}

/// The button that confirms a new account address, or why the link cannot be used.
#[derive(Template)]
#[template(path = "confirm_email.html")]
pub struct EmailConfirmPage {
    pub layout: Layout,
    pub token: String,
    pub email: String,
    pub problem: Option<String>,
}

/// The HTML part of a message that asks for one action: words, a button, the link written
/// out, a footnote. The plain-text part says the same.
#[derive(Template)]
#[template(path = "mail/action.html")]
pub struct MailAction {
    pub lang: String,
    pub subject: String,
    /// Who sends it, above the text (an organization's name); empty for account mail.
    pub sender: String,
    pub body: String,
    /// Sanitized HTML (an organization's welcome message, rendered on save); may be empty.
    pub rich: String,
    pub button: String,
    pub link: String,
    pub footnote: String,
    /// Why the reader gets this, and the links to their preferences and to leave; empty
    /// outside mail to subscribers.
    pub why: String,
    pub preferences: String,
    pub preferences_label: String,
    pub unsubscribe: String,
    pub unsubscribe_label: String,
}

/// The login form.
#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    /// Frame.
    pub layout: Layout,
    /// Email as typed.
    pub email: String,
    /// Where to go after logging in.
    pub next: String,
    /// Why the last attempt failed.
    pub error: Option<String>,
}

/// Values of the first-run setup form.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SetupValues {
    /// Organization name.
    #[serde(default)]
    pub org_name: String,
    /// Organization slug.
    #[serde(default)]
    pub org_slug: String,
    /// Time zone.
    #[serde(default)]
    pub timezone: String,
    /// Default language: a listed tag, or `other`.
    #[serde(default)]
    pub language: String,
    /// The tag typed under "other".
    #[serde(default)]
    pub language_other: String,
    /// Owner's name.
    #[serde(default)]
    pub name: String,
    /// Owner's email.
    #[serde(default)]
    pub email: String,
    /// Password.
    #[serde(default)]
    pub password: String,
    /// Password again.
    #[serde(default)]
    pub password_confirm: String,
}

/// First-run setup: the first organization and its owner.
#[derive(Template)]
#[template(path = "setup.html")]
pub struct SetupPage {
    /// Frame.
    pub layout: Layout,
    /// The one-time token in the URL.
    pub token: String,
    /// Values to show.
    pub form: SetupValues,
    /// Messages by field.
    pub errors: FieldErrors,
    /// Time zone names for the picker.
    pub zone_groups: Vec<crate::render::choices::ZoneGroup>,
    /// The language picker's common choices.
    pub languages: &'static [(&'static str, &'static str)],
}

/// What the invitation page offers, depending on the account and who is looking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InviteMode {
    /// A new account: choose a name and password, and join.
    Join,
    /// An account with a password, nobody logged in: log in first.
    LogIn,
    /// The invited account is logged in: accept or decline.
    Accept,
    /// Someone else is logged in (their address).
    WrongAccount(String),
    /// The account has no password yet and another invitation comes first.
    Waiting,
}

/// The invitation page: who invites whom to which organization, with which role.
#[derive(Template)]
#[template(path = "invite.html")]
pub struct InvitePage {
    /// Frame.
    pub layout: Layout,
    /// The token in the URL.
    pub token: String,
    /// The invited address.
    pub email: String,
    /// The organization's name.
    pub org_name: String,
    /// Who sent the invitation, if they still exist.
    pub inviter: Option<String>,
    /// The role offered.
    pub role: Role,
    /// When the link stops working, in the organization's time zone.
    pub expires: String,
    /// What the page offers.
    pub mode: InviteMode,
    /// Name as typed.
    pub name: String,
    /// Messages by field.
    pub errors: FieldErrors,
}

/// Dashboard overview of one organization.
#[derive(Template)]
#[template(path = "dashboard/home.html")]
pub struct DashboardHome {
    /// Frame.
    pub layout: Layout,
    /// Organization slug.
    pub slug: String,
    /// Organization name.
    pub name: String,
    /// The viewer's role.
    pub role: Role,
    /// Number of members.
    pub member_count: i64,
    /// Time zone name.
    pub timezone: String,
    /// Followers and their growth, in words: (label, figure).
    pub growth: Vec<(String, String)>,
}

/// Shown to a signed-in user who belongs to no organization.
#[derive(Template)]
#[template(path = "dashboard/no_orgs.html")]
pub struct NoOrgsPage {
    /// Frame.
    pub layout: Layout,
}

/// One row of the members table.
#[derive(Clone, Debug)]
pub struct MemberRow {
    /// User id.
    pub user_id: i64,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Join date in the organization's time zone.
    pub joined: String,
    /// This is the viewer.
    pub is_self: bool,
}

/// An invitation not yet accepted, on the members page.
pub struct InvitationRow {
    /// Invitation id.
    pub id: i64,
    /// The invited address.
    pub email: String,
    /// The role offered.
    pub role: Role,
    /// Who sent it.
    pub invited_by: Option<String>,
    /// When the link stops working, in the organization's time zone.
    pub expires: String,
    /// The link no longer works.
    pub expired: bool,
}

/// The members page.
#[derive(Template)]
#[template(path = "dashboard/members.html")]
pub struct MembersPage {
    /// Frame.
    pub layout: Layout,
    /// Organization slug.
    pub slug: String,
    /// Members, owners first.
    pub members: Vec<MemberRow>,
    /// Invitations not yet accepted.
    pub invitations: Vec<InvitationRow>,
    /// Every role, for pickers.
    pub roles: Vec<Role>,
    /// Email as typed in the add form.
    pub email: String,
    /// Role chosen in the add form.
    pub role: String,
    /// Messages by field of the add form.
    pub errors: FieldErrors,
    /// An invitation link to pass on, just created.
    pub invite_link: Option<(String, String)>,
}

/// Values of the organization settings form.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SettingsValues {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Language: a listed tag, or `other`.
    #[serde(default)]
    pub language: String,
    /// The tag typed under "other".
    #[serde(default)]
    pub language_other: String,
    /// Time zone.
    #[serde(default)]
    pub timezone: String,
    /// Avatar image id, or empty.
    #[serde(default)]
    pub avatar_media_id: String,
    /// How Chinese articles read at their plain address: empty (as written), `hans`, `hant`.
    #[serde(default)]
    pub reader_script: String,
    /// Traditional wording: `hant`, `tw`, `hk`.
    #[serde(default)]
    pub hant_words: String,
}

/// Organization settings.
#[derive(Template)]
#[template(path = "dashboard/settings.html")]
pub struct SettingsPage {
    /// Frame.
    pub layout: Layout,
    /// Organization slug.
    pub slug: String,
    /// Values to show.
    pub form: SettingsValues,
    /// Messages by field.
    pub errors: FieldErrors,
    /// Time zone names.
    pub zone_groups: Vec<crate::render::choices::ZoneGroup>,
    /// The language picker's common choices.
    pub languages: &'static [(&'static str, &'static str)],
    /// Library images for the avatar: (id, label).
    pub avatars: Vec<(String, String)>,
    /// The welcome message form.
    pub welcome: WelcomeValues,
    /// The digest time and quota form.
    pub sending: SendingValues,
    /// Hours and weekdays to choose from: (value, label).
    pub hours: Vec<(String, String)>,
    pub weekdays: Vec<(String, String)>,
}

/// Values of the digest time and quota form.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SendingValues {
    #[serde(default)]
    pub digest_hour: String,
    #[serde(default)]
    pub digest_weekday: String,
    /// `off`, `day`, `month`.
    #[serde(default)]
    pub quota_period: String,
    #[serde(default)]
    pub broadcast_quota: String,
}

/// Values of the welcome message form.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct WelcomeValues {
    /// Subject; empty: "Welcome to …" in the follower's language.
    #[serde(default)]
    pub welcome_subject: String,
    /// Markdown; empty: no welcome message.
    #[serde(default)]
    pub welcome_markdown: String,
}

/// The user's own profile and password.
#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    /// Frame.
    pub layout: Layout,
    /// Name as shown or typed.
    pub name: String,
    /// Email as shown or typed.
    pub email: String,
    /// The address in force.
    pub current_email: String,
    /// A new address waiting for confirmation.
    pub pending_email: Option<String>,
    /// Messages for the profile form.
    pub errors: FieldErrors,
    /// Messages for the password form.
    pub password_errors: FieldErrors,
    /// The interface languages to choose from: (BCP 47 tag, the language's own name).
    pub locales: Vec<(&'static str, &'static str)>,
    /// The saved choice's tag, or empty to follow the browser.
    pub locale: String,
}

/// One subscriber in the dashboard's list.
#[derive(Clone, Debug)]
pub struct SubscriberRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// The status's stored name (for a class) and its words.
    pub status: String,
    pub status_label: String,
    pub tags: Vec<String>,
    /// Categories followed, in words.
    pub categories: String,
    pub digest: String,
    pub joined: String,
    /// A browser of theirs follows by push.
    pub push: bool,
}

/// The filter form's values, as submitted.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SubscriberQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub tag: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub joined: String,
    /// `push` (with browser notifications) or `email-only`.
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub page: Option<String>,
}

/// The add form's values.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct AddSubscriberValues {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub consent: Option<String>,
}

/// A tag with its count, for the filter and the tag list.
#[derive(Clone, Debug)]
pub struct TagChoice {
    pub id: i64,
    pub name: String,
    pub count: String,
}

/// The organization's subscribers.
#[derive(Template)]
#[template(path = "dashboard/subscribers.html")]
pub struct SubscribersPage {
    pub layout: Layout,
    pub slug: String,
    pub rows: Vec<SubscriberRow>,
    /// "1,234 subscribers match".
    pub total: String,
    pub query: SubscriberQuery,
    /// The query string of the filters (for pager and export links).
    pub filter_query: String,
    pub statuses: Vec<(String, String)>,
    pub categories: Vec<(String, String)>,
    /// The channel filter's choices (value, words).
    pub channels: Vec<(String, String)>,
    pub tags: Vec<TagChoice>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub add: AddSubscriberValues,
    pub errors: FieldErrors,
    /// Followers and growth, in words.
    pub growth: Vec<(String, String)>,
}

/// One line of an import report.
#[derive(Clone, Debug)]
pub struct ImportLine {
    pub line: u64,
    pub email: String,
    pub message: String,
    pub skipped: bool,
}

/// The CSV upload form, and the report of the last import.
#[derive(Template)]
#[template(path = "dashboard/subscribers_import.html")]
pub struct SubscriberImportPage {
    pub layout: Layout,
    pub slug: String,
    pub error: Option<String>,
    /// The summary of the import just done, and its lines.
    pub summary: Option<String>,
    pub lines: Vec<ImportLine>,
    pub ignored: String,
}
