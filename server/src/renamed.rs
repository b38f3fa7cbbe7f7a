//! Old product addresses keep working: a product page, or the API's product, that answers 404 under a slug the
//! product had before a rename answers 301 to its address today, so links, bookmarks and search results follow.
//! Only a 404 is looked at, so a page that exists costs nothing.

use axum::{
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use engine::Engine;

/// The slug a path asks for, with what comes before it: `/products/{slug}`, `/{locale}/products/{slug}` or
/// `/api/v1/products/{slug}`.
fn product_path(path: &str) -> Option<(&str, &str)> {
    let (before, slug) = path.rsplit_once("/products/")?;
    let prefix_ok = before.is_empty()
        || before == "/api/v1"
        || (before.len() > 1
            && !before[1..].contains('/')
            && before[1..]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'));
    (prefix_ok && !slug.is_empty() && !slug.contains('/')).then_some((before, slug))
}

/// Answers a 404 under a product's old slug with a permanent redirect to its slug today.
pub async fn layer(State(engine): State<Engine>, request: Request, next: Next) -> Response {
    let wanted = (request.method() == Method::GET || request.method() == Method::HEAD)
        .then(|| product_path(request.uri().path()).map(|(a, b)| (a.to_owned(), b.to_owned())))
        .flatten();
    let query = request.uri().query().map(str::to_owned);
    let response = next.run(request).await;
    let Some((before, slug)) = wanted.filter(|_| response.status() == StatusCode::NOT_FOUND) else {
        return response;
    };
    match engine.product_renamed(&slug).await {
        Ok(Some(now)) => {
            let target = match query {
                Some(q) => format!("{before}/products/{now}?{q}"),
                None => format!("{before}/products/{now}"),
            };
            match HeaderValue::from_str(&target) {
                Ok(location) => (
                    StatusCode::MOVED_PERMANENTLY,
                    [(header::LOCATION, location)],
                )
                    .into_response(),
                Err(_) => response,
            }
        }
        _ => response,
    }
}

#[cfg(test)]
mod tests {
    use super::product_path;

    #[test]
    fn product_addresses_are_recognised_with_their_prefix() {
        assert_eq!(product_path("/products/drill"), Some(("", "drill")));
        assert_eq!(product_path("/de/products/bohrer"), Some(("/de", "bohrer")));
        assert_eq!(
            product_path("/api/v1/products/drill"),
            Some(("/api/v1", "drill"))
        );
        assert_eq!(product_path("/categories/tools"), None);
        assert_eq!(product_path("/admin/x/products/drill"), None);
        assert_eq!(product_path("/products/"), None);
    }
}
