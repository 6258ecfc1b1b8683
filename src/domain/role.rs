//! Membership roles and what each may do. The table here is the single source of truth; web
//! extractors ask it.

use std::fmt;
use std::str::FromStr;

/// A member's role in one organization, from most to least powerful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Everything, including members, settings and API tokens.
    Owner,
    /// All content, review, broadcasts and subscribers.
    Editor,
    /// Writes and publishes their own articles.
    Author,
    /// Writes drafts and submits them for review.
    Contributor,
}

/// Something a member may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See the organization's dashboard.
    ViewDashboard,
    /// Write and edit own drafts.
    WriteDrafts,
    /// Publish own articles.
    PublishOwn,
    /// Edit, review and publish anyone's articles.
    ManageArticles,
    /// Create and send broadcasts.
    ManageBroadcasts,
    /// Add, import and remove subscribers.
    ManageSubscribers,
    /// Change the organization's name, description, time zone and digests.
    ManageSettings,
    /// Add, change and remove members.
    ManageMembers,
    /// Create and revoke API tokens.
    ManageTokens,
}

impl Role {
    /// All roles, most powerful first.
    pub const ALL: [Role; 4] = [Role::Owner, Role::Editor, Role::Author, Role::Contributor];

    /// Whether this role grants `permission`.
    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        match permission {
            ViewDashboard | WriteDrafts => true,
            PublishOwn => self <= Role::Author,
            ManageArticles | ManageBroadcasts | ManageSubscribers => self <= Role::Editor,
            ManageSettings | ManageMembers | ManageTokens => self == Role::Owner,
        }
    }

    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Editor => "editor",
            Role::Author => "author",
            Role::Contributor => "contributor",
        }
    }

    /// A one-line description for forms.
    pub fn describe(self) -> &'static str {
        match self {
            Role::Owner => "everything, including members and settings",
            Role::Editor => "all articles, review, broadcasts and subscribers",
            Role::Author => "writes and publishes their own articles",
            Role::Contributor => "writes drafts and submits them for review",
        }
    }
}

impl FromStr for Role {
    type Err = super::Msg;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| super::Msg::new("error-role").arg("value", s))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    #[test]
    fn the_permission_table_matches_the_design() {
        let table = [
            (ViewDashboard, [true, true, true, true]),
            (WriteDrafts, [true, true, true, true]),
            (PublishOwn, [true, true, true, false]),
            (ManageArticles, [true, true, false, false]),
            (ManageBroadcasts, [true, true, false, false]),
            (ManageSubscribers, [true, true, false, false]),
            (ManageSettings, [true, false, false, false]),
            (ManageMembers, [true, false, false, false]),
            (ManageTokens, [true, false, false, false]),
        ];
        for (perm, expected) in table {
            for (role, want) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(role.can(perm), want, "{role} {perm:?}");
            }
        }
    }

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("admin".parse::<Role>().is_err());
    }
}
