//! The editors' dashboard, under `/dashboard/{org}`.

pub mod articles;
pub mod broadcasts;
pub mod home;
pub mod media;
pub mod members;
pub mod settings;
pub mod subscribers;
pub mod tokens;

use actix_web::web;

/// The form of a delete button: the second step of a delete that asks first sends
/// `confirm=yes`.
#[derive(Debug, serde::Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    confirm: String,
}

impl ConfirmForm {
    /// Whether the member confirmed.
    pub fn confirmed(&self) -> bool {
        self.confirm == "yes"
    }
}

/// Registers dashboard routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/dashboard", web::get().to(home::index))
        .route("/dashboard/{org}", web::get().to(home::page))
        .route("/dashboard/{org}/members", web::get().to(members::page))
        .route("/dashboard/{org}/members", web::post().to(members::add))
        .route(
            "/dashboard/{org}/members/{user_id}/role",
            web::post().to(members::change_role),
        )
        .route(
            "/dashboard/{org}/members/{user_id}/remove",
            web::post().to(members::remove),
        )
        .route(
            "/dashboard/{org}/invitations/{id}/renew",
            web::post().to(members::renew_invitation),
        )
        .route(
            "/dashboard/{org}/invitations/{id}/revoke",
            web::post().to(members::revoke_invitation),
        )
        .route("/dashboard/{org}/articles", web::get().to(articles::list))
        .route(
            "/dashboard/{org}/articles",
            web::post().to(articles::create),
        )
        .route(
            "/dashboard/{org}/articles/new",
            web::get().to(articles::new_page),
        )
        .route(
            "/dashboard/{org}/articles/autosave",
            web::post().to(articles::autosave_new),
        )
        .route(
            "/dashboard/{org}/articles/{id}",
            web::get().to(articles::edit),
        )
        .route(
            "/dashboard/{org}/articles/{id}",
            web::post().to(articles::save),
        )
        .route(
            "/dashboard/{org}/articles/{id}/autosave",
            web::post().to(articles::autosave),
        )
        .route(
            "/dashboard/{org}/articles/{id}/workflow",
            web::post().to(articles::workflow),
        )
        .route(
            "/dashboard/{org}/articles/{id}/revisions",
            web::get().to(articles::revisions),
        )
        .route(
            "/dashboard/{org}/articles/{id}/revisions/{rev}/restore",
            web::post().to(articles::restore),
        )
        .route(
            "/dashboard/{org}/articles/{id}/preview-link",
            web::post().to(articles::preview_link),
        )
        .route(
            "/dashboard/{org}/articles/{id}/preview-links/{link}/revoke",
            web::post().to(articles::revoke_preview_link),
        )
        .route(
            "/dashboard/{org}/articles/{id}/delete",
            web::post().to(articles::delete),
        )
        .route(
            "/dashboard/{org}/preview",
            web::post().to(articles::preview),
        )
        .route("/dashboard/{org}/review", web::get().to(articles::review))
        .route("/dashboard/{org}/media", web::get().to(media::page))
        .route("/dashboard/{org}/media", web::post().to(media::upload))
        .route(
            "/dashboard/{org}/media/{id}/alt",
            web::post().to(media::set_alt),
        )
        .route(
            "/dashboard/{org}/media/{id}/delete",
            web::post().to(media::delete),
        )
        .route(
            "/dashboard/{org}/subscribers",
            web::get().to(subscribers::page),
        )
        .route(
            "/dashboard/{org}/subscribers",
            web::post().to(subscribers::add),
        )
        .route(
            "/dashboard/{org}/subscribers/bulk",
            web::post().to(subscribers::bulk),
        )
        .route(
            "/dashboard/{org}/subscribers/export.csv",
            web::get().to(subscribers::export),
        )
        .route(
            "/dashboard/{org}/subscribers/import",
            web::get().to(subscribers::import_form),
        )
        .route(
            "/dashboard/{org}/subscribers/import",
            web::post().to(subscribers::import_upload),
        )
        .route(
            "/dashboard/{org}/subscribers/tags/{id}/delete",
            web::post().to(subscribers::delete_tag),
        )
        .route(
            "/dashboard/{org}/broadcasts",
            web::get().to(broadcasts::list),
        )
        .route(
            "/dashboard/{org}/broadcasts",
            web::post().to(broadcasts::create),
        )
        .route(
            "/dashboard/{org}/broadcasts/new",
            web::get().to(broadcasts::new),
        )
        .route(
            "/dashboard/{org}/broadcasts/reach",
            web::get().to(broadcasts::reach),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}",
            web::get().to(broadcasts::show),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}",
            web::post().to(broadcasts::update),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}/preview",
            web::get().to(broadcasts::preview),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}/progress",
            web::get().to(broadcasts::progress),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}/send",
            web::post().to(broadcasts::send),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}/schedule",
            web::post().to(broadcasts::schedule),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}/unschedule",
            web::post().to(broadcasts::unschedule),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}/cancel",
            web::post().to(broadcasts::cancel),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}/pause",
            web::post().to(broadcasts::pause),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}/resume",
            web::post().to(broadcasts::resume),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}/test",
            web::post().to(broadcasts::test),
        )
        .route(
            "/dashboard/{org}/broadcasts/{id}/delete",
            web::post().to(broadcasts::delete),
        )
        .route("/dashboard/{org}/settings", web::get().to(settings::page))
        .route("/dashboard/{org}/settings", web::post().to(settings::save))
        .route(
            "/dashboard/{org}/settings/welcome",
            web::post().to(settings::save_welcome),
        )
        .route(
            "/dashboard/{org}/settings/sending",
            web::post().to(settings::save_sending),
        )
        .route("/dashboard/{org}/tokens", web::get().to(tokens::page))
        .route("/dashboard/{org}/tokens", web::post().to(tokens::create))
        .route(
            "/dashboard/{org}/tokens/{id}/revoke",
            web::post().to(tokens::revoke),
        );
}
