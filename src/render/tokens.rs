//! The API tokens page.

use askama::Template;

use super::Layout;
use crate::error::FieldErrors;

/// One row of the tokens table.
#[derive(Clone, Debug)]
pub struct TokenRow {
    /// Token id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Creation date (organization's zone) and, when known, by whom.
    pub created: String,
    /// Last use (organization's zone), or "never".
    pub last_used: String,
    /// Revocation date, when revoked.
    pub revoked: Option<String>,
}

/// `/dashboard/{org}/tokens`: list, create, revoke.
#[derive(Template)]
#[template(path = "dashboard/tokens.html")]
pub struct TokensPage {
    /// Frame.
    pub layout: Layout,
    /// Organization slug.
    pub slug: String,
    /// The organization's tokens, live ones first.
    pub tokens: Vec<TokenRow>,
    /// Name as typed in the create form.
    pub name: String,
    /// Messages by field of the create form.
    pub errors: FieldErrors,
    /// A token just created: (name, token), shown this once.
    pub created: Option<(String, String)>,
}
