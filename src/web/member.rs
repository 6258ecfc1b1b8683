//! Organization membership and role checks as extractors. `Member` resolves `{org}` in the path
//! for the logged-in user: a non-member gets 404, as if the organization did not exist.
//! `Can<P>` additionally requires a permission: a member without it gets 403.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::{FromRequest, HttpMessage as _, HttpRequest, dev::Payload, web};

use super::session::CurrentUser;
use crate::db::members;
use crate::db::orgs::{self, Organization};
use crate::db::users::User;
use crate::domain::{Permission, Role};
use crate::error::AppError;
use crate::web::AppState;

/// The logged-in user as a member of the organization named in the path.
#[derive(Clone, Debug)]
pub struct Member {
    /// The user.
    pub user: User,
    /// The organization.
    pub org: Organization,
    /// The user's role there.
    pub role: Role,
}

impl Member {
    /// Fails with 403 unless the role grants `p`.
    pub fn require(&self, p: Permission) -> Result<(), AppError> {
        if self.role.can(p) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }
}

impl FromRequest for Member {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let user = CurrentUser::from_request(&req, payload);
        Box::pin(async move {
            let CurrentUser(user) = user.await?;
            let slug = req.match_info().get("org").unwrap_or_default().to_owned();
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no app state")))?;
            let user_id = user.id;
            let (org, role) = state
                .db
                .run(move |conn| {
                    let org = orgs::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
                    let role =
                        members::role_of(conn, org.id, user_id)?.ok_or(AppError::NotFound)?;
                    Ok((org, role))
                })
                .await?;
            let member = Member { user, org, role };
            // For the error page, which keeps the dashboard's frame.
            req.extensions_mut().insert(member.clone());
            Ok(member)
        })
    }
}

/// A permission as a type, for `Can<P>`.
pub trait Perm {
    /// The permission required.
    const PERMISSION: Permission;
}

/// A member whose role grants `P`.
#[derive(Debug)]
pub struct Can<P: Perm>(pub Member, PhantomData<P>);

impl<P: Perm> std::ops::Deref for Can<P> {
    type Target = Member;

    fn deref(&self) -> &Member {
        &self.0
    }
}

impl<P: Perm + 'static> FromRequest for Can<P> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let member = Member::from_request(req, payload);
        Box::pin(async move {
            let member = member.await?;
            member.require(P::PERMISSION)?;
            Ok(Can(member, PhantomData))
        })
    }
}

/// Permission marker types for `Can<P>`.
pub mod perm {
    use super::{Perm, Permission};

    macro_rules! markers {
        ($($name:ident),* $(,)?) => {$(
            #[doc = concat!("Requires [`Permission::", stringify!($name), "`].")]
            #[derive(Debug)]
            pub struct $name;
            impl Perm for $name {
                const PERMISSION: Permission = Permission::$name;
            }
        )*};
    }

    markers!(
        ViewDashboard,
        WriteDrafts,
        PublishOwn,
        ManageArticles,
        ManageBroadcasts,
        ManageSubscribers,
        ManageSettings,
        ManageMembers,
        ManageTokens,
    );
}
