//! Security headers on every response, and the client address used for throttling.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::middleware::DefaultHeaders;

/// Content-Security-Policy: no inline script, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data: https:; font-src 'self'; connect-src 'self'; object-src 'none'; \
    base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Headers added to every response that does not set its own.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
}

/// The client's address: the TCP peer, or the forwarded address when `trust_proxy` is set.
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> IpAddr {
    let fallback = IpAddr::from([0, 0, 0, 0]);
    let peer = req.peer_addr().map_or(fallback, |a| a.ip());
    if !trust_proxy {
        return peer;
    }
    let info = req.connection_info();
    info.realip_remote_addr()
        .and_then(|s| {
            s.parse::<IpAddr>()
                .ok()
                .or_else(|| s.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        })
        .unwrap_or(peer)
}
