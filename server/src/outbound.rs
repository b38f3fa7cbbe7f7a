//! The HTTP client for Kontor's own outgoing calls (webhooks, the ERP). A target's name is resolved once, every
//! address it resolves to must be public (`engine::outbound::is_public`), and the connection goes to those checked
//! addresses: a name that pointed at a public address when it was stored cannot be turned to the shop's own network
//! later (DNS rebinding). Plain `http://` is refused too, unless private targets are allowed.

use std::time::Duration;

use ureq::{
    Agent,
    config::Config,
    http::Uri,
    unversioned::{
        resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver},
        transport::{DefaultConnector, NextTimeout},
    },
};

/// How long an outgoing call may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Until the connection (TCP and TLS) is up.
    pub connect: Duration,
    /// The whole call, from resolving the name to the last byte of the answer.
    pub total: Duration,
}

/// An agent that calls public https addresses only, unless `allow_private` is set; it never follows redirects, so a
/// receiver cannot send it elsewhere, and answers of any status are returned rather than turned into errors.
pub fn agent(allow_private: bool, timeouts: Timeouts) -> Agent {
    let config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        // A proxy would connect to an address this client never checked.
        .proxy(None)
        .timeout_connect(Some(timeouts.connect))
        .timeout_global(Some(timeouts.total))
        .build();
    Agent::with_parts(
        config,
        DefaultConnector::default(),
        PublicOnly {
            allow_private,
            inner: DefaultResolver::default(),
        },
    )
}

/// Why a call was not made.
#[derive(Debug, thiserror::Error)]
enum Refused {
    #[error("refused: {0} is not an https:// address (KONTOR_ALLOW_PRIVATE_TARGETS allows http)")]
    NotHttps(String),
    #[error(
        "refused: {host} resolves to {ip}, which is not a public address (KONTOR_ALLOW_PRIVATE_TARGETS allows it)"
    )]
    Private { host: String, ip: std::net::IpAddr },
}

#[derive(Debug)]
struct PublicOnly {
    allow_private: bool,
    inner: DefaultResolver,
}

impl Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        if self.allow_private {
            return self.inner.resolve(uri, config, timeout);
        }
        if uri.scheme_str() != Some("https") {
            return Err(ureq::Error::Other(Box::new(Refused::NotHttps(
                uri.to_string(),
            ))));
        }
        let addresses = self.inner.resolve(uri, config, timeout)?;
        if let Some(private) = addresses
            .iter()
            .find(|a| !engine::outbound::is_public(a.ip()))
        {
            return Err(ureq::Error::Other(Box::new(Refused::Private {
                host: uri.host().unwrap_or_default().to_owned(),
                ip: private.ip(),
            })));
        }
        Ok(addresses)
    }
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;

    use super::*;

    const QUICK: Timeouts = Timeouts {
        connect: Duration::from_secs(2),
        total: Duration::from_secs(3),
    };

    fn listener() -> (TcpListener, u16) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        (listener, port)
    }

    fn post(agent: &Agent, url: &str) -> String {
        agent
            .post(url)
            .send("{}")
            .map(|r| r.status().to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn a_name_resolving_to_a_private_address_is_refused_before_connecting() {
        let (listener, port) = listener();
        let refused = post(
            &agent(false, QUICK),
            &format!("https://localhost:{port}/hook"),
        );
        assert!(
            refused.contains("localhost resolves to") && refused.contains("not a public address"),
            "{refused}"
        );
        let plain = post(
            &agent(false, QUICK),
            &format!("http://localhost:{port}/hook"),
        );
        assert!(plain.contains("not an https:// address"), "{plain}");
        assert!(
            listener.accept().is_err(),
            "nothing connected to the private address"
        );
    }

    #[test]
    fn private_targets_are_reached_when_allowed() {
        let (listener, port) = listener();
        // Nothing answers, so the call ends with the total timeout; what counts is that it connected.
        let _ = post(
            &agent(true, QUICK),
            &format!("http://localhost:{port}/hook"),
        );
        assert!(listener.accept().is_ok(), "the allowed call connected");
    }
}
