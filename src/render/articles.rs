//! Dashboard pages for articles: the list, the editor, revisions, and the preview page that a
//! signed link opens.

use askama::Template;

use super::Layout;
use crate::domain::{Action, ArticleFields, Category, Status};
use crate::error::FieldErrors;

/// One row of the article list.
#[derive(Clone, Debug)]
pub struct ArticleRow {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Status (its name is the CSS class; the template says it in the viewer's words).
    pub status: Status,
    /// Category, in the viewer's words.
    pub category: String,
    /// Author's name.
    pub author: String,
    /// Last change.
    pub updated: crate::render::format::When,
    /// Published or scheduled time.
    pub when: Option<crate::render::format::When>,
    /// Words.
    pub words: i32,
    /// Views in all (as flushed, so up to a few seconds behind).
    pub views: i64,
}

/// A select option.
#[derive(Clone, Debug)]
pub struct Choice {
    /// Submitted value.
    pub value: String,
    /// Shown label.
    pub label: String,
    /// Currently chosen.
    pub selected: bool,
}

/// The article list (also the review queue).
#[derive(Template)]
#[template(path = "dashboard/articles.html")]
pub struct ArticleListPage {
    /// Frame.
    pub layout: Layout,
    /// Organization slug.
    pub slug: String,
    /// Whether this is the review queue (also the heading).
    pub review: bool,
    /// Rows.
    pub rows: Vec<ArticleRow>,
    /// Total matching.
    pub total: i64,
    /// Filter: statuses.
    pub statuses: Vec<Choice>,
    /// Filter: categories.
    pub categories: Vec<Choice>,
    /// Filter: tags.
    pub tags: Vec<Choice>,
    /// Filter: authors.
    pub authors: Vec<Choice>,
    /// Sort orders.
    pub sorts: Vec<Choice>,
    /// Title search as typed.
    pub q: String,
    /// Link to the previous page.
    pub prev: Option<String>,
    /// Link to the next page.
    pub next: Option<String>,
    /// Page number shown.
    pub page: i64,
    /// Pages in all.
    pub pages: i64,
}

/// A workflow button.
#[derive(Clone, Debug)]
pub struct ActionButton {
    /// Form value.
    pub value: &'static str,
    /// The step (the template says it in the viewer's words).
    pub action: Action,
    /// Needs a time.
    pub needs_time: bool,
    /// Shown as a warning.
    pub danger: bool,
}

impl ActionButton {
    /// The button for an action.
    pub fn of(a: Action) -> Self {
        ActionButton {
            value: a.as_str(),
            action: a,
            needs_time: a == Action::Schedule,
            danger: matches!(a, Action::Unpublish | Action::Archive | Action::Reject),
        }
    }
}

/// The editor.
#[derive(Template)]
#[template(path = "dashboard/editor.html")]
pub struct EditorPage {
    /// Frame.
    pub layout: Layout,
    /// Organization slug.
    pub slug: String,
    /// The article, once it exists.
    pub article_id: Option<i64>,
    /// Optimistic-concurrency version.
    pub version: String,
    /// Status.
    pub status: Status,
    /// Field values.
    pub form: ArticleFields,
    /// Field messages.
    pub errors: FieldErrors,
    /// A message for the whole form (a conflict, say).
    pub form_error: Option<String>,
    /// Rendered preview of the body.
    pub preview_html: String,
    /// Words in the body.
    pub words: usize,
    /// Reading minutes.
    pub minutes: u32,
    /// Whether the member may change it.
    pub can_edit: bool,
    /// Why not, when they may not, in the viewer's words.
    pub read_only_reason: String,
    /// Autosave is on (drafts the member may edit).
    pub autosave: bool,
    /// Workflow buttons.
    pub actions: Vec<ActionButton>,
    /// Publish time as typed or stored, for the schedule input.
    pub publish_at: String,
    /// Scheduled/published times, local, in the viewer's words.
    pub schedule_note: String,
    /// The organization's time zone.
    pub timezone: String,
    /// Public address when published.
    pub public_url: Option<String>,
    /// Categories for the picker.
    pub categories: Vec<Category>,
    /// Existing tag names, as a hint.
    pub known_tags: String,
    /// Library images to choose a cover from: (id, label).
    pub cover_choices: Vec<(String, String)>,
    /// The current cover's thumbnail.
    pub cover_thumb: Option<String>,
    /// A preview link just made, with its expiry.
    pub preview_link: Option<(String, String)>,
    /// A QR code of that link (inline SVG), to open the draft on a phone.
    pub preview_qr: String,
    /// The article's preview links that still work: (id, who made it and until when, in the
    /// viewer's words).
    pub preview_links: Vec<(i64, String)>,
    /// Number of revisions.
    pub revision_count: usize,
}

/// One revision in the list.
#[derive(Clone, Debug)]
pub struct RevisionRow {
    /// Id.
    pub id: i64,
    /// Who saved it.
    pub author: String,
    /// When.
    pub when: crate::render::format::When,
    /// Title then.
    pub title: String,
    /// From an autosave.
    pub autosave: bool,
}

/// One line of a diff.
#[derive(Clone, Debug)]
pub struct DiffLine {
    /// `add`, `del`, `same` or `gap`.
    pub kind: &'static str,
    /// The text.
    pub text: String,
}

/// The revisions page with an optional diff.
#[derive(Template)]
#[template(path = "dashboard/revisions.html")]
pub struct RevisionsPage {
    /// Frame.
    pub layout: Layout,
    /// Organization slug.
    pub slug: String,
    /// Article id.
    pub article_id: i64,
    /// Article title.
    pub title: String,
    /// Revisions, newest first.
    pub revisions: Vec<RevisionRow>,
    /// Older side of the diff.
    pub a: i64,
    /// Newer side of the diff.
    pub b: i64,
    /// Diff lines (title, summary and body).
    pub diff: Vec<DiffLine>,
    /// Whether the member may restore.
    pub can_edit: bool,
}

/// What a signed preview link shows.
#[derive(Template)]
#[template(path = "preview.html")]
pub struct PreviewPage {
    /// Frame.
    pub layout: Layout,
    /// Organization name.
    pub org_name: String,
    /// Title.
    pub title: String,
    /// Byline.
    pub byline: String,
    /// Summary.
    pub summary: String,
    /// Cover image URL.
    pub cover: Option<String>,
    /// Sanitized body.
    pub body_html: String,
    /// Reading minutes.
    pub minutes: i32,
    /// Status.
    pub status: Status,
    /// Link expiry, local.
    pub expires: String,
    /// The article's language (`lang` of the article; the frame is in the viewer's).
    pub content_lang: String,
}

/// Builds diff lines between two texts, with three lines of context around changes.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine {
                kind: "gap",
                text: "…".to_owned(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let kind = match change.tag() {
                    ChangeTag::Delete => "del",
                    ChangeTag::Insert => "add",
                    ChangeTag::Equal => "same",
                };
                out.push(DiffLine {
                    kind,
                    text: change.value().trim_end_matches('\n').to_owned(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_show_changes_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\n";
        let lines = diff_lines(old, new);
        let kinds: Vec<_> = lines.iter().map(|l| (l.kind, l.text.as_str())).collect();
        assert!(kinds.contains(&("del", "e")) && kinds.contains(&("add", "E")));
        assert!(
            !kinds.contains(&("same", "a")),
            "only three lines of context"
        );
        assert!(diff_lines("same\n", "same\n").is_empty());
    }
}
