//! The address an API call comes from, as `crate::client::layer` determined it (the socket's, or a trusted proxy's
//! `X-Forwarded-For`). Budgets of publishable keys and idempotency namespaces of guests are per address, because
//! one publishable key is shared by every user of an app.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::{
    extract::{ConnectInfo, Request},
    middleware::Next,
    response::Response,
};

/// The address of a call served without connection info (the router driven in-process, as tests do): every such
/// call shares it.
pub const UNKNOWN: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);

tokio::task_local! {
    static CLIENT: IpAddr;
}

/// The client address of `request`, or [`UNKNOWN`].
pub fn of(request: &Request) -> IpAddr {
    let extensions = request.extensions();
    extensions
        .get::<engine::ClientAddr>()
        .map(|client| client.0)
        .or_else(|| {
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip())
        })
        .unwrap_or(UNKNOWN)
}

/// The address of the call being handled, or [`UNKNOWN`] outside [`layer`].
pub fn current() -> IpAddr {
    CLIENT.try_with(|ip| *ip).unwrap_or(UNKNOWN)
}

/// Makes the call's address known to everything that handles it, as [`current`].
pub async fn layer(request: Request, next: Next) -> Response {
    let ip = of(&request);
    CLIENT.scope(ip, next.run(request)).await
}
