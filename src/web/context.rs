//! `Ctx`: what a page handler needs to build the frame of its page.

use std::future::{Ready, ready};

use actix_session::{Session, SessionExt as _};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use super::member::Member;
use super::session::{csrf_token, take_flashes};
use crate::db::orgs;
use crate::db::users::User;
use crate::error::AppError;
use crate::render::layout::UserChip;
use crate::render::{Layout, OrgLink};
use crate::web::AppState;

/// Session plus application state.
pub struct Ctx {
    /// The session.
    pub session: Session,
    /// Shared state.
    pub state: web::Data<AppState>,
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match req.app_data::<web::Data<AppState>>() {
            Some(state) => Ok(Ctx {
                session: req.get_session(),
                state: state.clone(),
            }),
            None => Err(AppError::Unexpected(anyhow::anyhow!("no app state"))),
        })
    }
}

impl Ctx {
    /// The frame of a page for someone who may not be logged in.
    pub fn layout(&self, title: &str) -> Result<Layout, AppError> {
        Ok(Layout {
            title: title.to_owned(),
            lang: "en".to_owned(),
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
        let user_id = user.id;
        let memberships = self
            .state
            .db
            .run(move |c| orgs::for_user(c, user_id))
            .await?;
        let mut layout = self.layout(title)?;
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
        let mut layout = self.user_layout(&member.user, title, section).await?;
        layout.current = Some(OrgLink {
            slug: member.org.slug.clone(),
            name: member.org.name.clone(),
            role: member.role,
        });
        Ok(layout)
    }
}
