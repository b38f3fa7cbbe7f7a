//! Where a page may send a visitor next (`?next=` after sign-in, the page a form came from): only to a path on this
//! site. Browsers are lenient with `Location`: they drop tabs and newlines, read `\` as `/` and take `//host` as
//! another host, so anything that could become one of those after decoding is refused.

/// Percent-decoding rounds applied before giving up: a target still encoded after this many is refused.
const MAX_DECODE_ROUNDS: usize = 4;

/// `target` if it is a path on this site, else `None`.
///
/// A local path starts with exactly one `/` followed by neither `/`, `\` nor whitespace, and contains no
/// backslash and no control character: checked on the text as given and after every round of percent-decoding,
/// so `/%2F%2Fevil.example` and `/%09/evil.example` are refused like `//evil.example`.
pub fn local_target(target: &str) -> Option<&str> {
    if target.chars().any(char::is_whitespace) {
        return None;
    }
    let mut text = target.to_owned();
    for _ in 0..MAX_DECODE_ROUNDS {
        if !is_local(&text) {
            return None;
        }
        let decoded = percent_decode(&text)?;
        if decoded == text {
            return Some(target);
        }
        text = decoded;
    }
    None
}

/// [`local_target`], or `default` when the target is not a local path.
pub fn local_path(target: &str, default: &str) -> String {
    local_target(target).unwrap_or(default).to_owned()
}

fn is_local(path: &str) -> bool {
    let mut chars = path.chars();
    if chars.next() != Some('/') {
        return false;
    }
    let second_ok = chars
        .next()
        .is_none_or(|c| c != '/' && c != '\\' && !c.is_whitespace());
    second_ok && !path.chars().any(|c| c == '\\' || c.is_control())
}

/// Decodes `%XX` sequences; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_kept_as_given() {
        for ok in [
            "/",
            "/account",
            "/account/orders/K-1001",
            "/search?q=hex%20bolt",
            "/de/products/sechskantschraube",
            "/checkout?step=2&x=%2F",
        ] {
            assert_eq!(local_target(ok), Some(ok), "{ok}");
        }
        assert_eq!(local_path("/account/orders", "/account"), "/account/orders");
    }

    #[test]
    fn other_hosts_and_their_disguises_fall_back() {
        for bad in [
            "",
            "account",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/x\\y",
            "/%2F%2Fevil.example",
            "/%2fevil.example",
            "/%252F%252Fevil.example",
            "%2F%2Fevil.example",
            "/%09/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/%0d%0a/evil.example",
            "/account%00",
            "/account\u{7f}",
            "/ /evil.example",
            "/%20/evil.example",
            " /account",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "/%",
            "/%zz",
            "/%ff",
            "/%25252525252F%25252525252Fevil.example",
        ] {
            assert_eq!(local_target(bad), None, "{bad:?}");
            assert_eq!(local_path(bad, "/account"), "/account", "{bad:?}");
        }
    }
}
