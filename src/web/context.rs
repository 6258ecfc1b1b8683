//! `Ctx`: what a page handler needs to build the frame of its page.

use std::future::{Ready, ready};

use actix_session::{Session, SessionExt as _};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use super::locale::{self, Hints};
use super::member::Member;
use super::session::{csrf_token, take_flashes};
use crate::db::orgs;
use crate::db::users::User;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::render::layout::UserChip;
use crate::render::{Layout, OrgLink};
use crate::web::AppState;

/// Session plus application state.
pub struct Ctx {
    /// The session.
    pub session: Session,
    /// Shared state.
    pub state: web::Data<AppState>,
    /// What the request says about the reader's language.
    pub hints: Hints,
    /// The page's address (path and query), for the language switch.
    pub here: String,
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match req.app_data::<web::Data<AppState>>() {
            Some(state) => Ok(Ctx {
                session: req.get_session(),
                state: state.clone(),
                hints: Hints::of(req),
                here: req
                    .uri()
                    .path_and_query()
                    .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
            }),
            None => Err(AppError::Unexpected(anyhow::anyhow!("no app state"))),
        })
    }
}

impl Ctx {
    /// The words for someone who is not logged in.
    pub fn tr(&self) -> Tr {
        self.hints.tr(None, None)
    }

    /// The words for `user`.
    pub fn tr_user(&self, user: &User) -> Tr {
        self.hints.tr(user.locale.as_deref(), None)
    }

    /// The words for a member on their organization's pages.
    pub fn tr_member(&self, member: &Member) -> Tr {
        self.hints
            .tr(member.user.locale.as_deref(), Some(&member.org.language))
    }

    /// The frame of a page for someone who may not be logged in.
    pub fn layout(&self, title: &str) -> Result<Layout, AppError> {
        self.frame(title, self.tr())
    }

    /// The frame of a page in the words of `tr`.
    fn frame(&self, title: &str, tr: Tr) -> Result<Layout, AppError> {
        Ok(Layout {
            title: title.to_owned(),
            languages: locale::switch(tr.locale(), &self.here),
            here: self.here.clone(),
            tr,
            csrf: csrf_token(&self.session)?,
            asset_version: self.state.asset_version,
            flashes: take_flashes(&self.session),
            ..Layout::default()
        })
    }

    /// The frame for a logged-in user, with their organizations in the switcher.
    pub async fn user_layout(
        &self,
        user: &User,
        title: &str,
        section: &'static str,
    ) -> Result<Layout, AppError> {
        self.signed_in(user, title, section, self.tr_user(user))
            .await
    }

    async fn signed_in(
        &self,
        user: &User,
        title: &str,
        section: &'static str,
        tr: Tr,
    ) -> Result<Layout, AppError> {
        let user_id = user.id;
        let memberships = self
            .state
            .db
            .run(move |c| orgs::for_user(c, user_id))
            .await?;
        let mut layout = self.frame(title, tr)?;
        layout.user = Some(UserChip {
            name: user.name.clone(),
            email: user.email.clone(),
        });
        layout.orgs = memberships
            .into_iter()
            .map(|(o, role)| OrgLink {
                slug: o.slug,
                name: o.name,
                role,
            })
            .collect();
        layout.section = section;
        Ok(layout)
    }

    /// The frame of an organization's dashboard page.
    pub async fn member_layout(
        &self,
        member: &Member,
        title: &str,
        section: &'static str,
    ) -> Result<Layout, AppError> {
        let mut layout = self
            .signed_in(&member.user, title, section, self.tr_member(member))
            .await?;
        layout.current = Some(OrgLink {
            slug: member.org.slug.clone(),
            name: member.org.name.clone(),
            role: member.role,
        });
        Ok(layout)
    }
}
