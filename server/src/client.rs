//! Who is on the other end of a request: the socket's address, or, when the socket belongs to a proxy named in
//! `KONTOR_TRUSTED_PROXIES`, the address that proxy put into `X-Forwarded-For`. Anyone can send that header, so
//! it is believed only from the proxies the operator names; otherwise one client could spread its attempts over
//! made-up addresses and never meet a per-client limit.

use std::{
    net::{IpAddr, SocketAddr},
    num::NonZeroU32,
    sync::Arc,
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};
use engine::ClientAddr;
use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, DefaultClock},
};

use crate::api::{error::ApiError, keys::PUBLISHABLE_HEADER};

/// Who the client of a request is, and what an anonymous one may spend.
#[derive(Clone)]
pub struct Clients {
    proxies: TrustedProxies,
    anonymous: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl Clients {
    /// Believes `X-Forwarded-For` from `proxies`; anonymous API calls get `per_minute` a client address.
    pub fn new(proxies: Vec<IpAddr>, per_minute: u32) -> Self {
        let rate = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            proxies: TrustedProxies(Arc::new(proxies)),
            anonymous: Arc::new(RateLimiter::keyed(Quota::per_minute(rate))),
        }
    }
}

impl Default for Clients {
    /// No trusted proxy, 600 anonymous API calls a minute: the settings' defaults.
    fn default() -> Self {
        Self::new(Vec::new(), 600)
    }
}

/// Counts an API call that carries no token and no key against its client address's budget: anonymous calls
/// (catalog reads, price checks that may ask the ERP) cannot be made without end by one client. Calls with
/// credentials are budgeted by the key or limited by what the buyer may do.
pub async fn anonymous_budget(
    State(clients): State<Clients>,
    request: Request,
    next: Next,
) -> Response {
    let anonymous = request.uri().path().starts_with("/api/v1/")
        && !request.headers().contains_key(header::AUTHORIZATION)
        && !request.headers().contains_key(PUBLISHABLE_HEADER);
    if anonymous {
        let client = request
            .extensions()
            .get::<ClientAddr>()
            .copied()
            .unwrap_or(ClientAddr::LOCAL);
        let spent = clients.anonymous.check_key(&client.0);
        if clients.anonymous.len() > 10_000 {
            clients.anonymous.retain_recent();
        }
        if let Err(not_until) = spent {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            return ApiError::too_many(
                "this address's budget of anonymous calls is spent",
                wait.as_secs().max(1),
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Arc<Vec<IpAddr>>);

impl TrustedProxies {
    /// The client of a request from `peer` carrying `forwarded` (the `X-Forwarded-For` values in order): walking
    /// from the nearest hop outwards, the first address that is not a trusted proxy.
    pub fn client(&self, peer: IpAddr, forwarded: &[&str]) -> IpAddr {
        if !self.0.contains(&peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rev()
        {
            let Ok(addr) = hop.parse::<IpAddr>() else {
                // Garbage in the chain: stop at the last address a trusted proxy vouched for.
                break;
            };
            client = addr;
            if !self.0.contains(&addr) {
                break;
            }
        }
        client
    }
}

/// Puts the request's [`ClientAddr`] into its extensions, where API handlers and server functions find it. A
/// request without a socket (an in-process test) is the machine itself.
pub async fn layer(State(clients): State<Clients>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(ClientAddr::LOCAL.0, |ConnectInfo(addr)| addr.ip());
    let forwarded: Vec<&str> = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let client = ClientAddr(clients.proxies.client(peer, &forwarded));
    request.extensions_mut().insert(client);
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_is_ignored_unless_the_socket_is_a_trusted_proxy() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("203.0.113.5"), &["1.2.3.4"]),
            ip("203.0.113.5")
        );
        let proxies = TrustedProxies(Arc::new(vec![ip("10.0.0.1"), ip("10.0.0.2")]));
        assert_eq!(
            proxies.client(ip("203.0.113.5"), &["1.2.3.4"]),
            ip("203.0.113.5")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client() {
        let proxies = TrustedProxies(Arc::new(vec![ip("10.0.0.1"), ip("10.0.0.2")]));
        // A client-supplied first entry cannot pick its own address: the proxy appended the real one.
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &["6.6.6.6, 198.51.100.7, 10.0.0.2"]),
            ip("198.51.100.7")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &["6.6.6.6", "198.51.100.7"]),
            ip("198.51.100.7")
        );
        assert_eq!(proxies.client(ip("10.0.0.1"), &[]), ip("10.0.0.1"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &["junk"]), ip("10.0.0.1"));
    }
}
