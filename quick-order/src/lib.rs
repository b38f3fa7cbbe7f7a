//! A quick-order client for Kontor's public API (`/api/v1`): sign in, find products, put SKUs with quantities
//! into the cart and place the order. It knows nothing of Kontor but the API contract, which is the point: any
//! head can do what the storefront does.

use anyhow::{Context, bail};
use serde_json::{Value, json};
use ureq::Agent;

/// A signed-in session against one shop.
pub struct QuickOrder {
    agent: Agent,
    base: String,
    token: String,
}

/// A product found by [`QuickOrder::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Product name.
    pub name: String,
    /// The first variant's SKU and price as the API returned them.
    pub sku: String,
    /// Unit price with currency, e.g. `9.50 EUR`; empty when the shop hides prices.
    pub price: String,
}

/// An `SKU:QUANTITY` argument.
pub fn parse_line(arg: &str) -> anyhow::Result<(String, u32)> {
    let (sku, quantity) = arg
        .rsplit_once(':')
        .with_context(|| format!("{arg:?}: write SKU:QUANTITY, e.g. HB-M8-30:100"))?;
    let quantity = quantity
        .parse()
        .with_context(|| format!("{arg:?}: the quantity must be a whole number"))?;
    Ok((sku.to_owned(), quantity))
}

impl QuickOrder {
    /// Signs in at the shop at `base` (e.g. `https://shop.example`).
    pub fn sign_in(base: &str, email: &str, password: &str) -> anyhow::Result<Self> {
        // The API's error envelope is worth reading, so a 4xx is an answer here, not a transport error.
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let base = base.trim_end_matches('/').to_owned();
        let mut client = Self {
            agent,
            base,
            token: String::new(),
        };
        let session = client.post(
            "/api/v1/sessions",
            json!({"email": email, "password": password}),
            None,
        )?;
        client.token = session["token"]
            .as_str()
            .context("no token in the answer")?
            .to_owned();
        Ok(client)
    }

    fn get(&self, path: &str, query: &[(&str, &str)]) -> anyhow::Result<Value> {
        // ureq encodes the query values: a search text may hold anything.
        let mut r = self.agent.get(format!("{}{path}", self.base));
        for (name, value) in query {
            r = r.query(*name, *value);
        }
        if !self.token.is_empty() {
            r = r.header("Authorization", format!("Bearer {}", self.token));
        }
        read(r.call()?)
    }

    fn post(&self, path: &str, body: Value, key: Option<&str>) -> anyhow::Result<Value> {
        let mut r = self.agent.post(format!("{}{path}", self.base));
        if !self.token.is_empty() {
            r = r.header("Authorization", format!("Bearer {}", self.token));
        }
        if let Some(key) = key {
            r = r.header("Idempotency-Key", key);
        }
        read(r.send_json(body)?)
    }

    /// Products matching `text`, with their first variant.
    pub fn search(&self, text: &str, limit: u32) -> anyhow::Result<Vec<Found>> {
        let limit = limit.to_string();
        let list = self.get("/api/v1/products", &[("q", text), ("limit", &limit)])?;
        let mut found = Vec::new();
        for card in list["data"].as_array().into_iter().flatten() {
            let slug = card["slug"].as_str().unwrap_or_default();
            let product = self.get(&format!("/api/v1/products/{slug}"), &[])?;
            let variant = &product["variants"][0];
            found.push(Found {
                name: product["name"].as_str().unwrap_or_default().to_owned(),
                sku: variant["sku"].as_str().unwrap_or_default().to_owned(),
                price: match (
                    variant["price"]["amount"].as_str(),
                    variant["price"]["currency"].as_str(),
                ) {
                    (Some(a), Some(c)) => format!("{a} {c}"),
                    _ => String::new(),
                },
            });
        }
        Ok(found)
    }

    /// Puts the lines into the buyer's cart (creating it with the first) and returns the cart's subtotal.
    pub fn fill_cart(&self, lines: &[(String, u32)]) -> anyhow::Result<String> {
        let mut cart = Value::Null;
        for (sku, quantity) in lines {
            let line = json!({"sku": sku, "quantity": quantity});
            cart = match cart["id"].as_str() {
                None => self.post("/api/v1/carts", line, None)?,
                Some(id) => self.post(&format!("/api/v1/carts/{id}/lines"), line, None)?,
            };
        }
        Ok(format!(
            "{} {}",
            cart["subtotal"]["amount"].as_str().unwrap_or("0"),
            cart["subtotal"]["currency"].as_str().unwrap_or("")
        ))
    }

    /// Places the order for the cart, delivered to `ship_to` (an address object as the API describes it) and paid
    /// by `payment` (`invoice` on account, or `bank_transfer`); `key` makes a retry safe. Returns the order number.
    pub fn place(
        &self,
        key: &str,
        po_number: &str,
        ship_to: Value,
        payment: &str,
    ) -> anyhow::Result<String> {
        let order = json!({
            "ship_to": ship_to,
            "shipping_method": "parcel-eur",
            "payment": payment,
            "po_number": po_number,
        });
        let placed = self.post("/api/v1/orders", order, Some(key))?;
        Ok(placed["number"]
            .as_str()
            .context("no order number in the answer")?
            .to_owned())
    }

    /// An order's status, as the API reports it.
    pub fn status(&self, number: &str) -> anyhow::Result<String> {
        let order = self.get(&format!("/api/v1/orders/{number}"), &[])?;
        Ok(order["status"].as_str().unwrap_or_default().to_owned())
    }
}

/// The answer's JSON, or the API's first error as the error.
fn read(mut response: ureq::http::Response<ureq::Body>) -> anyhow::Result<Value> {
    let status = response.status();
    let value: Value = response
        .body_mut()
        .read_json()
        .context("the shop did not answer JSON")?;
    if !status.is_success() {
        let e = &value["errors"][0];
        bail!(
            "{} {}: {}{}",
            status.as_u16(),
            e["code"].as_str().unwrap_or("error"),
            e["detail"].as_str().unwrap_or(""),
            e["field"]
                .as_str()
                .map(|f| format!(" (field {f})"))
                .unwrap_or_default()
        );
    }
    Ok(value)
}
