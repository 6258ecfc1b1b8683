//! The dashboard's broadcast pages: the list, and one broadcast (written, previewed, tested and
//! sent, or followed while it is sent). No I/O.

use askama::Template;

use super::Layout;
use crate::error::FieldErrors;

/// One row of the list.
#[derive(Clone, Debug)]
pub struct BroadcastRow {
    pub id: i64,
    pub title: String,
    /// Its status in the viewer's words, and the stored name (for the badge's class).
    pub status: String,
    pub status_key: String,
    /// When it was scheduled, started or finished (organization's zone), or empty.
    pub when: String,
    /// `sent / recipients`, or empty before it starts.
    pub sent: String,
}

/// `/dashboard/{org}/broadcasts`.
#[derive(Template)]
#[template(path = "dashboard/broadcasts.html")]
pub struct BroadcastsPage {
    pub layout: Layout,
    pub slug: String,
    pub rows: Vec<BroadcastRow>,
}

/// A choice in a list of checkboxes or options: (value, label, chosen).
pub type Choice = (String, String, bool);

/// The compose form as typed (or as stored).
#[derive(Clone, Debug, Default)]
pub struct ComposeForm {
    pub title: String,
    /// The article chosen in each of the eight places ("" for none).
    pub slots: Vec<String>,
    pub email: bool,
    pub push: bool,
    /// The organization's tags.
    pub tags: Vec<Choice>,
    /// The three categories.
    pub categories: Vec<Choice>,
}

/// One line of the progress table.
#[derive(Clone, Debug)]
pub struct ProgressRow {
    /// `total`, `email` or `push` (the script finds the cells by it).
    pub key: &'static str,
    pub label: String,
    pub recipients: i64,
    pub sent: i64,
    pub pending: i64,
    pub failed: i64,
    pub skipped: i64,
    pub cancelled: i64,
}

/// What a notification of the broadcast looks like.
#[derive(Clone, Debug)]
pub struct NotificationPreview {
    pub title: String,
    pub body: String,
    pub icon: String,
    pub site: String,
}

/// `/dashboard/{org}/broadcasts/new` and `/dashboard/{org}/broadcasts/{id}`.
#[derive(Template)]
#[template(path = "dashboard/broadcast.html")]
pub struct BroadcastPage {
    pub layout: Layout,
    pub slug: String,
    /// None for a new one.
    pub id: Option<i64>,
    pub status_key: String,
    pub status: String,
    /// Draft or scheduled: the form, previews and sending buttons.
    pub editable: bool,
    pub form: ComposeForm,
    /// The organization's published articles: (id, label).
    pub articles: Vec<(String, String)>,
    pub errors: FieldErrors,
    /// Whom it would reach now, in words.
    pub reach: String,
    /// "Scheduled for …", "Started …", "Finished …", in words.
    pub times: Vec<String>,
    /// The schedule field's value (local, `YYYY-MM-DDTHH:MM`) and the zone's name.
    pub schedule_at: String,
    pub timezone: String,
    pub dropped: Vec<String>,
    pub progress: Vec<ProgressRow>,
    /// The address the page polls while it is sent.
    pub progress_url: String,
    pub can_pause: bool,
    pub can_resume: bool,
    pub can_cancel: bool,
    pub can_unschedule: bool,
    pub notification: Option<NotificationPreview>,
    /// The member's own address, for the test.
    pub test_to: String,
}
