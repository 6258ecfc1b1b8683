//! What every page's frame needs: title, the signed-in user, the organization switcher,
//! flash messages and the CSRF token for forms.

use serde::{Deserialize, Serialize};

use crate::domain::{Permission, Role};
use crate::i18n::Tr;

/// A one-time message shown on the next page.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Flash {
    /// `success` or `error`, used as a CSS class.
    pub kind: String,
    /// The message.
    pub text: String,
}

impl Flash {
    /// A success message.
    pub fn success(text: impl Into<String>) -> Self {
        Flash {
            kind: "success".to_owned(),
            text: text.into(),
        }
    }

    /// An error message.
    pub fn error(text: impl Into<String>) -> Self {
        Flash {
            kind: "error".to_owned(),
            text: text.into(),
        }
    }
}

/// An organization in the switcher.
#[derive(Clone, Debug)]
pub struct OrgLink {
    /// Slug for URLs.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The viewer's role there.
    pub role: Role,
}

/// The signed-in user as shown in the header.
#[derive(Clone, Debug)]
pub struct UserChip {
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: String,
}

/// The frame around every page.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Page title (without the site name).
    pub title: String,
    /// The page's words, in the viewer's language (`lang` of the page is `tr.lang()`).
    pub tr: Tr,
    /// CSRF token for forms on the page.
    pub csrf: String,
    /// Cache-busting version of the static assets.
    pub asset_version: &'static str,
    /// The signed-in user, if any.
    pub user: Option<UserChip>,
    /// Organizations the user belongs to.
    pub orgs: Vec<OrgLink>,
    /// The organization whose dashboard this is.
    pub current: Option<OrgLink>,
    /// Active dashboard section, for the navigation.
    pub section: &'static str,
    /// Messages from the previous request.
    pub flashes: Vec<Flash>,
    /// The language switch in the header: for a signed-in user, buttons of a form that posts
    /// `locale` to `/account/language` (saving the choice on the account); otherwise links
    /// that keep the choice in a cookie.
    pub languages: Vec<crate::render::site::LanguageLink>,
    /// This page's address (path and query), where the language switch returns to.
    pub here: String,
}

impl Layout {
    /// Whether the current organization's role grants `p` (for showing navigation entries).
    pub fn can(&self, p: Permission) -> bool {
        self.current.as_ref().is_some_and(|o| o.role.can(p))
    }

    /// Shown in navigation: may manage members.
    pub fn can_manage_members(&self) -> bool {
        self.can(Permission::ManageMembers)
    }

    /// Whether the review queue entry is shown.
    pub fn can_review(&self) -> bool {
        self.can(Permission::ManageArticles)
    }

    /// Shown in navigation: may change settings.
    pub fn can_manage_settings(&self) -> bool {
        self.can(Permission::ManageSettings)
    }

    /// Shown in navigation: may manage subscribers.
    pub fn can_manage_subscribers(&self) -> bool {
        self.can(Permission::ManageSubscribers)
    }

    /// Shown in navigation: may write and send broadcasts.
    pub fn can_manage_broadcasts(&self) -> bool {
        self.can(Permission::ManageBroadcasts)
    }

    /// Shown in navigation: may manage API tokens.
    pub fn can_manage_tokens(&self) -> bool {
        self.can(Permission::ManageTokens)
    }

    /// Whether `section` is the active one (for `aria-current`).
    pub fn is(&self, section: &str) -> bool {
        self.section == section
    }
}
