//! The editors' dashboard, under `/dashboard/{org}`.

pub mod home;
pub mod members;
pub mod settings;

use actix_web::web;

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
            "/dashboard/{org}/members/{user_id}/invite",
            web::post().to(members::new_invite),
        )
        .route("/dashboard/{org}/settings", web::get().to(settings::page))
        .route("/dashboard/{org}/settings", web::post().to(settings::save));
}
