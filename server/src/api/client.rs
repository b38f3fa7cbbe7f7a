//! The address an API call comes from: the connecting socket's IP, as axum's `ConnectInfo` has it when `kontor
//! serve` accepts the connection. Budgets of publishable keys and idempotency namespaces of guests are per address,
//! because one publishable key is shared by every user of an app.
//!
//! Forwarded headers are not believed: any client could send them. Behind a reverse proxy every call comes from the
//! proxy's address, so those budgets and namespaces are the proxy's.

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

/// The address of `request`'s connection, or [`UNKNOWN`].
pub fn of(request: &Request) -> IpAddr {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(UNKNOWN, |ConnectInfo(addr)| addr.ip())
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
