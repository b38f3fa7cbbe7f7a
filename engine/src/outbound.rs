//! Where Kontor may send requests of its own (webhook receivers, the ERP). A URL taken from an API caller must not
//! turn the shop into a tool for reaching its own network: loopback, private and link-local ranges (cloud metadata
//! lives at 169.254.169.254) and every other address that is not on the public internet are refused unless the
//! operator allows private targets, which is for development and receivers on the shop's own network.
//!
//! A URL is checked twice: here when it is stored (address literals and local names), and by the head's HTTP client
//! at connect time against every address the name resolves to, since a name can point anywhere by then.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` is an address on the public internet. Everything else is refused as a target: unspecified,
/// loopback, private (RFC 1918, shared CGNAT space, IPv6 unique-local `fc00::/7`), link-local (`169.254/16`,
/// `fe80::/10`), multicast, broadcast, documentation, benchmarking and reserved ranges. IPv6 addresses that carry an
/// IPv4 address (mapped, NAT64, 6to4) are judged by that address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0 // "this network", including 0.0.0.0
        || a == 10
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier-grade NAT)
        || a == 127
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // documentation
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 192 && b == 168)
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113) // documentation
        || a >= 224) // multicast, reserved and broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the IPv4 address they carry.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(embedded(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return is_public_v4(embedded(s[1], s[2]));
    }
    // Only global unicast (2000::/3) is public; inside it, these are not.
    (s[0] & 0xe000) == 0x2000
        && !(s[0] == 0x2001 && s[1] < 0x0200) // IETF protocol assignments, Teredo among them
        && !(s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        && !(s[0] == 0x3fff && s[1] < 0x1000) // documentation
}

/// Checks a target URL before it is stored: `https://` (`http://` too when `allow_private` is set), a plain host
/// name or address literal with an optional port, and no credentials. Unless `allow_private` is set, an address
/// literal must be public and `localhost` names are refused. The error says what is wrong, for the `url` field.
pub fn check_target_url(url: &str, allow_private: bool) -> Result<(), String> {
    let rest = if let Some(rest) = url.strip_prefix("https://") {
        rest
    } else if let Some(rest) = url.strip_prefix("http://") {
        if !allow_private {
            return Err("must be an https:// address".into());
        }
        rest
    } else {
        return Err("must be an https:// address".into());
    };
    if url.len() > 2000 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must be an address without spaces, at most 2000 characters long".into());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err("must not carry a user name or password".into());
    }
    let host = host_of(authority).ok_or("must name a host, with an optional port")?;
    if allow_private {
        return Ok(());
    }
    let refused = |what: &str| {
        Err(format!(
            "{what} is not a public address; receivers must be reachable on the internet"
        ))
    };
    match host {
        Host::Address(ip) if !is_public(ip) => refused(&ip.to_string()),
        Host::Name(name) if is_local_name(&name) => refused(&name),
        _ => Ok(()),
    }
}

enum Host {
    Address(IpAddr),
    Name(String),
}

/// The host of `host[:port]` or `[v6]:port`, when it is well formed.
fn host_of(authority: &str) -> Option<Host> {
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (v6, after) = bracketed.split_once(']')?;
        let ip: Ipv6Addr = v6.parse().ok()?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (Host::Address(IpAddr::V6(ip)), port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        let labels_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !labels_ok {
            return None;
        }
        let host = match host.parse::<Ipv4Addr>() {
            Ok(ip) => Host::Address(IpAddr::V4(ip)),
            Err(_) => Host::Name(host.to_ascii_lowercase()),
        };
        (host, port)
    };
    match port {
        None => Some(host),
        Some(p) if !p.is_empty() && p.parse::<u16>().is_ok() => Some(host),
        Some(_) => None,
    }
}

/// Names that always mean this machine (RFC 6761), and numeric forms a resolver reads as an address (`127.1`,
/// `2130706433`: no top-level domain is all digits); other names are judged by what they resolve to.
fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.');
    let last = name.rsplit('.').next().unwrap_or_default();
    name == "localhost" || name.ends_with(".localhost") || last.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(text: &str) -> bool {
        is_public(text.parse().unwrap())
    }

    #[test]
    fn internet_addresses_are_public() {
        for ip in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "172.32.0.1",
            "100.128.0.1",
            "223.255.255.254",
            "2606:4700:4700::1111",
            "2a00:1450:4001:82b::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:0808:0808::1",
        ] {
            assert!(public(ip), "{ip} is public");
        }
    }

    #[test]
    fn loopback_private_link_local_and_reserved_addresses_are_not() {
        for ip in [
            "0.0.0.0",
            "0.1.2.3",
            "127.0.0.1",
            "127.255.0.9",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.169.254",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:0001::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "2001::1",
            "100::1",
        ] {
            assert!(!public(ip), "{ip} is not public");
        }
    }

    #[test]
    fn stored_urls_must_be_https_to_a_public_host_unless_private_targets_are_allowed() {
        for ok in [
            "https://hooks.example.com/kontor",
            "https://hooks.example.com:8443/x?y=1",
            "https://8.8.8.8/hook",
            "https://[2606:4700::1]:443/hook",
        ] {
            assert_eq!(check_target_url(ok, false), Ok(()), "{ok}");
        }
        for refused in [
            "http://hooks.example.com/kontor",
            "ftp://hooks.example.com/",
            "https://127.0.0.1:8080/hook",
            "https://10.1.2.3/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook",
            "https://[fd00::1]:8443/hook",
            "https://[::ffff:192.168.0.1]/hook",
            "https://localhost/hook",
            "https://api.LOCALHOST./hook",
            "https://127.1/hook",
            "https://2130706433/hook",
            "https://user:pass@hooks.example.com/",
            "https://hooks.example.com:99999/",
            "https://hooks example.com/",
            "https:///nohost",
        ] {
            assert!(check_target_url(refused, false).is_err(), "{refused}");
        }
        assert_eq!(check_target_url("http://127.0.0.1:9/hook", true), Ok(()));
        assert_eq!(check_target_url("https://localhost/hook", true), Ok(()));
        assert!(check_target_url("ftp://127.0.0.1/", true).is_err());
        assert!(
            check_target_url("https://10.0.0.1/", false)
                .unwrap_err()
                .contains("10.0.0.1 is not a public address")
        );
    }
}
