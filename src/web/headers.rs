//! Security headers on every response, and the client address used for throttling.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::middleware::DefaultHeaders;
use ipnet::IpNet;

/// Content-Security-Policy: no inline script, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data: https:; font-src 'self'; connect-src 'self'; object-src 'none'; \
    base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// `Strict-Transport-Security` for a site whose public address is https: a year, so a browser
/// that has seen it once never talks plain http to it again.
pub const HSTS: &str = "max-age=31536000";

/// Headers added to every response that does not set its own; HSTS when the site is served
/// over https.
pub fn security_headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new();
    let headers = if https {
        headers.add(("Strict-Transport-Security", HSTS))
    } else {
        headers
    };
    headers
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
}

/// The client's address. A request from a trusted proxy carries it in `X-Forwarded-For`, where
/// every proxy appends the address it received from: walking from the right, the first address
/// that is not a trusted proxy is the client. Entries further left were written by the client
/// itself and prove nothing. Anything else (no proxies configured, a request not from one) is the
/// TCP peer.
pub fn client_ip(req: &HttpRequest, trusted: &[IpNet]) -> IpAddr {
    let peer = req
        .peer_addr()
        .map_or(IpAddr::from([0, 0, 0, 0]), |a| a.ip().to_canonical());
    // Lossy, not `to_str`: a byte the client put on the left must not make the whole header,
    // with the entries the proxies appended, disappear.
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect::<Vec<_>>()
        .join(",");
    client_from(peer, &forwarded, trusted)
}

/// [`client_ip`] on plain values.
pub fn client_from(peer: IpAddr, forwarded_for: &str, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for.rsplit(',').map(str::trim) {
        if hop.is_empty() {
            continue;
        }
        let Some(ip) = parse_hop(hop) else {
            // Garbage from the client side: the last proxy's view is all we know.
            break;
        };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

/// An `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5`, `[::1]:5`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        .map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|s| s.parse().expect("cidr")).collect()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn the_right_most_untrusted_forwarded_address_is_the_client() {
        let proxies = nets(&["10.0.0.0/8", "::1/128"]);
        // The client put a fake address on the left; the proxy appended the real one.
        assert_eq!(
            client_from(ip("10.0.0.2"), "6.6.6.6, 203.0.113.7", &proxies),
            ip("203.0.113.7")
        );
        // Two proxies in a chain.
        assert_eq!(
            client_from(ip("10.0.0.2"), "6.6.6.6, 203.0.113.7, 10.0.0.9", &proxies),
            ip("203.0.113.7")
        );
        // Not from a proxy: the header is ignored.
        assert_eq!(
            client_from(ip("198.51.100.1"), "6.6.6.6", &proxies),
            ip("198.51.100.1")
        );
        // No proxies configured: the header is ignored.
        assert_eq!(client_from(ip("10.0.0.2"), "6.6.6.6", &[]), ip("10.0.0.2"));
        // Garbage stops the walk at the last trusted hop's view.
        assert_eq!(
            client_from(ip("10.0.0.2"), "6.6.6.6, nonsense", &proxies),
            ip("10.0.0.2")
        );
        // Ports and brackets.
        assert_eq!(
            client_from(ip("::1"), "[2001:db8::5]:4711", &proxies),
            ip("2001:db8::5")
        );
        // Every hop trusted: the left-most is as far as we can see.
        assert_eq!(
            client_from(ip("10.0.0.2"), "10.0.0.3", &proxies),
            ip("10.0.0.3")
        );
    }
}
