//! Reading a request's `Cookie` headers. Every reader of a cookie (the page render, the page cache's key) goes
//! through here, so a request naming a cookie twice means the same thing to all of them.

/// Every `name=value` pair of the `Cookie` header values in the order sent; pairs without `=` are skipped.
pub fn pairs<'a>(
    headers: impl IntoIterator<Item = &'a str>,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    headers
        .into_iter()
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
}

/// The value of cookie `name`. When it is sent more than once the first wins: browsers send the cookie of the
/// most specific path first.
pub fn value<'a>(headers: impl IntoIterator<Item = &'a str>, name: &str) -> Option<&'a str> {
    pairs(headers).find(|(n, _)| *n == name).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_of_a_repeated_cookie_wins_across_headers() {
        let one = ["kontor_channel=trade; kontor_channel=shop-ch"];
        assert_eq!(value(one, "kontor_channel"), Some("trade"));
        let two = ["other=1; kontor_channel=shop-ch", "kontor_channel=trade"];
        assert_eq!(value(two, "kontor_channel"), Some("shop-ch"));
        assert_eq!(value(["a=1; broken; b=2"], "b"), Some("2"));
        assert_eq!(value(["a=1"], "kontor_channel"), None);
    }

    #[test]
    fn pairs_are_trimmed_and_keep_their_order() {
        let all: Vec<_> = pairs([" a=1 ;b=2=3;; "]).collect();
        assert_eq!(all, [("a", "1"), ("b", "2=3")]);
    }
}
