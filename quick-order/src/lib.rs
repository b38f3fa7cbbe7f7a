//! A quick-order client for Kontor's public API (`/api/v1`): sign in, find products, put SKUs with quantities
//! into the cart and place the order. It knows nothing of Kontor but the API contract, which is the point: any
//! head can do what the storefront does.

mod session;

use anyhow::{Context, bail};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use ureq::Agent;

pub use session::SessionFile;

/// A signed-in session against one shop.
pub struct QuickOrder {
    agent: Agent,
    base: String,
    token: String,
    /// Email and password to sign in again with, and where the new token is kept, when the shop refuses a kept one.
    renew: Option<(String, String, SessionFile)>,
}

/// The buyer's cart as [`QuickOrder::fill_cart`] left it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cart {
    /// The cart's id (a secret).
    pub id: String,
    /// Every line as `(SKU, quantity)`, sorted by SKU.
    pub lines: Vec<(String, u32)>,
    /// The goods' total with currency, e.g. `19.00 EUR`.
    pub subtotal: String,
}

/// The idempotency key of an order of `cart` under the purchase-order number `po_number`: a hash of the cart's id
/// and lines, so running the same order again (after a timeout, or by mistake) returns the first order instead of
/// placing another. Ordering the same lines again on purpose takes another purchase-order number.
pub fn order_key(cart: &Cart, po_number: &str) -> String {
    let mut hash = Sha256::new();
    for part in [cart.id.as_str(), po_number] {
        hash.update(part.len().to_le_bytes());
        hash.update(part.as_bytes());
    }
    for (sku, quantity) in &cart.lines {
        hash.update(sku.len().to_le_bytes());
        hash.update(sku.as_bytes());
        hash.update(quantity.to_le_bytes());
    }
    let digest: String = hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("quick-order-{digest}")
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
        let mut client = Self::unsigned(base);
        client.token = client.new_session(email, password)?;
        Ok(client)
    }

    /// Continues the session kept in `sessions` for `email` at `base`, and signs in only when there is none or the
    /// shop refuses it (expired, signed out); a new token is kept for the next run.
    pub fn resume(
        base: &str,
        email: &str,
        password: &str,
        sessions: SessionFile,
    ) -> anyhow::Result<Self> {
        let mut client = Self::unsigned(base);
        match sessions.load(&client.base, email) {
            Some(token) => client.token = token,
            None => {
                client.token = client.new_session(email, password)?;
                sessions.save(&client.base, email, &client.token)?;
            }
        }
        client.renew = Some((email.to_owned(), password.to_owned(), sessions));
        Ok(client)
    }

    fn unsigned(base: &str) -> Self {
        // The API's error envelope is worth reading, so a 4xx is an answer here, not a transport error.
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Self {
            agent,
            base: base.trim_end_matches('/').to_owned(),
            token: String::new(),
            renew: None,
        }
    }

    fn new_session(&self, email: &str, password: &str) -> anyhow::Result<String> {
        let session = read(
            self.agent
                .post(format!("{}/api/v1/sessions", self.base))
                .send_json(json!({"email": email, "password": password}))?,
        )?;
        Ok(session["token"]
            .as_str()
            .context("no token in the answer")?
            .to_owned())
    }

    /// The session token in use.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Sends a request built by `build` with the session; a kept token the shop refuses is replaced by a new
    /// session once, and the request sent again (a 401 means the shop did nothing).
    fn send(
        &mut self,
        build: impl Fn(&Agent, &str) -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> anyhow::Result<Value> {
        let response = build(&self.agent, &self.token)?;
        if response.status() != 401 {
            return read(response);
        }
        let Some((email, password, sessions)) = &self.renew else {
            return read(response);
        };
        let token = self.new_session(email, password)?;
        sessions.save(&self.base, email, &token)?;
        self.token = token;
        read(build(&self.agent, &self.token)?)
    }

    fn get(&mut self, path: &str, query: &[(&str, &str)]) -> anyhow::Result<Value> {
        let url = format!("{}{path}", self.base);
        self.send(|agent, token| {
            // ureq encodes the query values: a search text may hold anything.
            let mut r = agent.get(&url);
            for (name, value) in query {
                r = r.query(*name, *value);
            }
            r.header("Authorization", format!("Bearer {token}")).call()
        })
    }

    fn post(&mut self, path: &str, body: Value, key: Option<&str>) -> anyhow::Result<Value> {
        self.with_body("POST", path, body, key)
    }

    fn with_body(
        &mut self,
        method: &str,
        path: &str,
        body: Value,
        key: Option<&str>,
    ) -> anyhow::Result<Value> {
        let url = format!("{}{path}", self.base);
        self.send(|agent, token| {
            let mut r = match method {
                "PUT" => agent.put(&url),
                _ => agent.post(&url),
            }
            .header("Authorization", format!("Bearer {token}"));
            if let Some(key) = key {
                r = r.header("Idempotency-Key", key);
            }
            r.send_json(&body)
        })
    }

    /// Products matching `text`, with their first variant.
    pub fn search(&mut self, text: &str, limit: u32) -> anyhow::Result<Vec<Found>> {
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

    /// Sets the buyer's cart to hold exactly `lines` of their SKUs (creating it with the first; other lines stay)
    /// and returns it: a second run with the same lines leaves the same cart, not twice the units.
    pub fn fill_cart(&mut self, lines: &[(String, u32)]) -> anyhow::Result<Cart> {
        let mut cart = Value::Null;
        for (sku, quantity) in lines {
            let line = json!({"sku": sku, "quantity": quantity});
            cart = match cart["id"].as_str() {
                None => self.post("/api/v1/carts", line, None)?,
                Some(id) if !holds(&cart, sku) => {
                    self.post(&format!("/api/v1/carts/{id}/lines"), line, None)?
                }
                Some(_) => cart,
            };
            if holds(&cart, sku) && quantity_of(&cart, sku) != Some(*quantity) {
                let id = cart["id"].as_str().unwrap_or_default().to_owned();
                cart = self.with_body(
                    "PUT",
                    &format!("/api/v1/carts/{id}/lines/{sku}"),
                    json!({"quantity": quantity}),
                    None,
                )?;
            }
        }
        let mut held: Vec<(String, u32)> = cart["lines"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|l| {
                (
                    l["sku"].as_str().unwrap_or_default().to_owned(),
                    l["quantity"].as_u64().unwrap_or(0) as u32,
                )
            })
            .collect();
        held.sort();
        Ok(Cart {
            id: cart["id"].as_str().unwrap_or_default().to_owned(),
            lines: held,
            subtotal: format!(
                "{} {}",
                cart["subtotal"]["amount"].as_str().unwrap_or("0"),
                cart["subtotal"]["currency"].as_str().unwrap_or("")
            ),
        })
    }

    /// Places the order for `cart`, delivered to `ship_to` (an address object as the API describes it) and paid
    /// by `payment` (`invoice` on account, or `bank_transfer`), under the key [`order_key`] derives from the cart:
    /// placing the same cart again returns the first order. Returns the order number.
    pub fn place(
        &mut self,
        cart: &Cart,
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
        let key = order_key(cart, po_number);
        let placed = self.post("/api/v1/orders", order, Some(&key))?;
        Ok(placed["number"]
            .as_str()
            .context("no order number in the answer")?
            .to_owned())
    }

    /// An order's status, as the API reports it.
    pub fn status(&mut self, number: &str) -> anyhow::Result<String> {
        let order = self.get(&format!("/api/v1/orders/{number}"), &[])?;
        Ok(order["status"].as_str().unwrap_or_default().to_owned())
    }
}

fn line_of<'a>(cart: &'a Value, sku: &str) -> Option<&'a Value> {
    cart["lines"].as_array()?.iter().find(|l| {
        l["sku"]
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case(sku))
    })
}

fn holds(cart: &Value, sku: &str) -> bool {
    line_of(cart, sku).is_some()
}

fn quantity_of(cart: &Value, sku: &str) -> Option<u32> {
    line_of(cart, sku)?["quantity"]
        .as_u64()
        .and_then(|q| u32::try_from(q).ok())
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
