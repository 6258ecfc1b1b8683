//! The words of the dashboard and account pages that a template asks for by value (roles,
//! article statuses, workflow steps) and messages with several arguments, from
//! `locales/<tag>/dashboard.ftl`.
//!
//! askama passes a template's fields and loop variables to a method by reference
//! (`layout.tr.role(m.role)` becomes `tr.role(&(m.role))`), so these helpers take enums by
//! reference, numbers through [`Number`] and arguments as anything `Display`.

use std::fmt::Display;

use fluent_templates::fluent_bundle::FluentValue;

use crate::domain::{Action, Category, Role, Status};

/// A count a template passes to [`super::Tr::counted`], by value or by reference.
pub trait Number {
    /// The count as an `i64` (saturating).
    fn as_i64(&self) -> i64;
}

impl Number for i64 {
    fn as_i64(&self) -> i64 {
        *self
    }
}

impl Number for i32 {
    fn as_i64(&self) -> i64 {
        i64::from(*self)
    }
}

impl Number for u32 {
    fn as_i64(&self) -> i64 {
        i64::from(*self)
    }
}

impl Number for u64 {
    fn as_i64(&self) -> i64 {
        i64::try_from(*self).unwrap_or(i64::MAX)
    }
}

impl Number for usize {
    fn as_i64(&self) -> i64 {
        i64::try_from(*self).unwrap_or(i64::MAX)
    }
}

impl<T: Number + ?Sized> Number for &T {
    fn as_i64(&self) -> i64 {
        (**self).as_i64()
    }
}

fn arg(name: &str, value: impl Display) -> (&str, FluentValue<'static>) {
    (name, FluentValue::from(value.to_string()))
}

impl super::Tr {
    /// A role's name: "owner", "所有者".
    pub fn role(&self, r: &Role) -> String {
        self.t(match r {
            Role::Owner => "dash-role-owner",
            Role::Editor => "dash-role-editor",
            Role::Author => "dash-role-author",
            Role::Contributor => "dash-role-contributor",
        })
    }

    /// What a role may do, in one line for forms.
    pub fn role_describe(&self, r: &Role) -> String {
        self.t(match r {
            Role::Owner => "dash-role-owner-describe",
            Role::Editor => "dash-role-editor-describe",
            Role::Author => "dash-role-author-describe",
            Role::Contributor => "dash-role-contributor-describe",
        })
    }

    /// A role's name with what it may do: "editor (all articles, review, …)".
    pub fn role_with_description(&self, r: &Role) -> String {
        self.t2(
            "dash-role-with-description",
            "role",
            self.role(r),
            "describe",
            self.role_describe(r),
        )
    }

    /// An article status as words: "in review", "待审核".
    pub fn status(&self, s: &Status) -> String {
        self.t(match s {
            Status::Draft => "dash-status-draft",
            Status::InReview => "dash-status-in-review",
            Status::Scheduled => "dash-status-scheduled",
            Status::Published => "dash-status-published",
            Status::Archived => "dash-status-archived",
        })
    }

    /// A workflow step's button label: "Submit for review", "提交审核".
    pub fn action(&self, a: &Action) -> String {
        self.t(match a {
            Action::Submit => "dash-action-submit",
            Action::Withdraw => "dash-action-withdraw",
            Action::Reject => "dash-action-reject",
            Action::Schedule => "dash-action-schedule",
            Action::Publish => "dash-action-publish",
            Action::Unschedule => "dash-action-unschedule",
            Action::Unpublish => "dash-action-unpublish",
            Action::Archive => "dash-action-archive",
            Action::Restore => "dash-action-restore",
        })
    }

    /// A category's name, for a template that has the category by reference.
    pub fn category_name(&self, c: &Category) -> String {
        self.category(*c)
    }

    /// A category's name from its stored slug, or the slug itself if it is not one.
    pub fn category_slug(&self, slug: &str) -> String {
        slug.parse::<Category>()
            .map(|c| self.category(c))
            .unwrap_or_else(|_| slug.to_owned())
    }

    /// Why the member may only read an article in the editor (see
    /// [`crate::domain::article::may_edit`]): it is someone else's, or it has left draft.
    pub fn read_only_reason(&self, own: bool, status: &Status) -> String {
        if own {
            self.t1(
                "dash-editor-read-only-status",
                "status",
                self.status(status),
            )
        } else {
            self.t("dash-editor-read-only-not-own")
        }
    }

    /// The message `key` with two arguments.
    pub fn t2(
        &self,
        key: &str,
        a: &str,
        a_value: impl Display,
        b: &str,
        b_value: impl Display,
    ) -> String {
        self.with(key, &[arg(a, a_value), arg(b, b_value)])
    }

    /// The message `key` with three arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn t3(
        &self,
        key: &str,
        a: &str,
        a_value: impl Display,
        b: &str,
        b_value: impl Display,
        c: &str,
        c_value: impl Display,
    ) -> String {
        self.with(key, &[arg(a, a_value), arg(b, b_value), arg(c, c_value)])
    }

    /// The message `key` with four arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn t4(
        &self,
        key: &str,
        a: &str,
        a_value: impl Display,
        b: &str,
        b_value: impl Display,
        c: &str,
        c_value: impl Display,
        d: &str,
        d_value: impl Display,
    ) -> String {
        self.with(
            key,
            &[
                arg(a, a_value),
                arg(b, b_value),
                arg(c, c_value),
                arg(d, d_value),
            ],
        )
    }
}
