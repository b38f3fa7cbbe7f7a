//! A prop that travels one way: rendered into the page by the server, read by the browser.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de::DeserializeOwned};

/// An island prop the server writes into the page and the browser only reads.
///
/// Leptos runs an island's component function to hydrate it, and that function serializes its props again even in
/// the browser, where nothing reads the result. For a large prop (a product's prices, a whole cart) that keeps its
/// serializing code in the bundle, kilobytes every buyer downloads for nothing. Wrapped in this, a prop serializes as
/// itself on the server and as nothing in the browser, so only its deserializing code ships.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct FromServer<T>(pub T);

impl<T: Serialize> Serialize for FromServer<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(feature = "ssr")]
        return self.0.serialize(serializer);
        #[cfg(not(feature = "ssr"))]
        serializer.serialize_unit()
    }
}

/// A one-way prop written into the page as JSON text, and read with the JSON reader that server functions' answers
/// are read with.
///
/// A type read both as a prop and as a server function's answer (the cart) would otherwise ship its reading code
/// twice in the bundle, once per kind of JSON input (`&str` for props, bytes for answers).
#[derive(Debug, Clone, PartialEq)]
pub struct AsJson<T>(pub T);

impl<T: Serialize> Serialize for AsJson<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(feature = "ssr")]
        return serializer
            .serialize_str(&serde_json::to_string(&self.0).map_err(serde::ser::Error::custom)?);
        #[cfg(not(feature = "ssr"))]
        serializer.serialize_unit()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for AsJson<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        serde_json::from_slice(text.as_bytes())
            .map(AsJson)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_server_writes_the_prop_as_itself_and_reads_it_back() {
        let json = serde_json::to_string(&FromServer(vec![1, 2])).unwrap();
        assert_eq!(json, "[1,2]");
        let back: FromServer<Vec<i32>> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, FromServer(vec![1, 2]));
    }

    #[test]
    fn a_prop_as_json_text_reads_back_and_refuses_what_is_not_its_type() {
        let json = serde_json::to_string(&AsJson(vec![1, 2])).unwrap();
        assert_eq!(json, r#""[1,2]""#);
        let back: AsJson<Vec<i32>> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, AsJson(vec![1, 2]));
        assert!(serde_json::from_str::<AsJson<Vec<i32>>>(r#""[1,""#).is_err());
    }
}
