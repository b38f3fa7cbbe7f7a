//! Shopping lists, kept for the company a buyer acts for: private to their owner, or shared with the company's
//! people, who may all read it and put it into their carts. Only the owner changes a list, or a company admin a
//! shared one; viewers read shared lists and keep none. Putting a list (or part of it) into the cart goes through
//! quick order's check, so each line is checked and priced as if typed there.

use domain::{
    Account, Cart, DomainError, Quantity, Sku,
    quick_order::{CheckedLine, ListLine},
    shopping_list::{ListItem, ListSummary, ShoppingList, list_name},
};
use sqlx::FromRow;

use crate::{Engine, EngineError, EngineResult, Shopper, now_ms};

/// Lists one buyer may keep per company.
pub const MAX_LISTS: i64 = 200;
/// SKUs one list may hold.
pub const MAX_LIST_LINES: i64 = 500;

#[derive(FromRow)]
struct ListRow {
    id: i64,
    customer_id: i64,
    company_id: Option<i64>,
    name: String,
    shared: i64,
    owner: String,
    lines: i64,
}

/// The lists `account` sees, acting for its company: `$1` the person, `$2` the company (0 for none).
const VISIBLE: &str =
    "SELECT l.id, l.customer_id, l.company_id, l.name, l.shared, c.email AS owner,
            (SELECT COUNT(*) FROM shopping_list_lines x WHERE x.list_id = l.id) AS lines
     FROM shopping_lists l JOIN customers c ON c.id = l.customer_id
     WHERE ((l.customer_id = $1 AND COALESCE(l.company_id, 0) = $2)
            OR (l.shared = 1 AND $2 <> 0 AND l.company_id = $2))";

fn company_of(account: &Account) -> i64 {
    company(account).unwrap_or(0)
}

fn company(account: &Account) -> Option<i64> {
    account.company.as_ref().map(|c| c.id)
}

fn may_change(account: &Account, row: &ListRow) -> bool {
    row.customer_id == account.customer_id
        || (row.shared == 1 && account.role.is_some_and(|r| r.can_manage_company()))
}

fn summary(account: &Account, row: &ListRow) -> ListSummary {
    ListSummary {
        id: row.id,
        name: row.name.clone(),
        shared: row.shared == 1,
        owner: row.owner.clone(),
        lines: u32::try_from(row.lines).unwrap_or(0),
        can_change: may_change(account, row),
    }
}

impl Engine {
    /// The lists `account` sees (their own for the company they act for, and the company's shared ones), by name.
    pub async fn shopping_lists(&self, account: &Account) -> EngineResult<Vec<ListSummary>> {
        let rows: Vec<ListRow> = sqlx::query_as(&format!("{VISIBLE} ORDER BY l.name, l.id"))
            .bind(account.customer_id)
            .bind(company_of(account))
            .fetch_all(&self.db.pool)
            .await?;
        Ok(rows.iter().map(|r| summary(account, r)).collect())
    }

    /// Makes an empty list; its id. A viewer keeps no lists, and only someone who buys for a company can share one.
    pub async fn create_shopping_list(
        &self,
        account: &Account,
        name: &str,
        shared: bool,
    ) -> EngineResult<i64> {
        self.create_shopping_list_with(account, name, shared, &[])
            .await
    }

    /// Makes a list holding `lines` from the start (a SKU on a product page, an order's lines), in one
    /// transaction, so a refused SKU leaves no empty list behind; its id.
    pub async fn create_shopping_list_with(
        &self,
        account: &Account,
        name: &str,
        shared: bool,
        lines: &[(Sku, u32)],
    ) -> EngineResult<i64> {
        let variants = self.list_variants(lines).await?;
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        let id = insert_list(&mut tx, account, name, shared).await?;
        for (i, (variant_id, quantity)) in variants.into_iter().enumerate() {
            write_line(&mut tx, id, variant_id, quantity, true, now + i as i64).await?;
        }
        list_event(&mut tx, id, "created", company(account), now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One list with its SKUs priced for `shopper`; another's private list, or another company's, is `NotFound`.
    pub async fn shopping_list(
        &self,
        account: &Account,
        shopper: &Shopper,
        id: i64,
    ) -> EngineResult<ShoppingList> {
        let row = self.visible_list(account, id).await?;
        let lines: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT v.id, v.sku, p.name, v.title, x.quantity FROM shopping_list_lines x
             JOIN variants v ON v.id = x.variant_id JOIN products p ON p.id = v.product_id
             WHERE x.list_id = $1 ORDER BY x.added_at, v.sku",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        let ids: Vec<i64> = lines.iter().map(|l| l.0).collect();
        let unsold = self.unsold_skus(shopper, &ids).await?;
        let pricing = self.pricing_for_variants(shopper, &ids).await?;
        let meta = self.meta().await?;
        let mut items = Vec::with_capacity(lines.len());
        for (variant_id, sku, product, title, quantity) in lines {
            let unit_price = match (unsold.contains(&sku), Quantity::parse(quantity)) {
                (false, Ok(q)) if shopper.sees_prices() => pricing
                    .quote(&meta.tax, shopper, variant_id, q)?
                    .map(|quote| quote.unit_shown),
                _ => None,
            };
            items.push(ListItem {
                name: if title.is_empty() {
                    product
                } else {
                    format!("{product} — {title}")
                },
                sku,
                quantity: u32::try_from(quantity).unwrap_or(0),
                unit_price,
            });
        }
        Ok(ShoppingList {
            summary: summary(account, &row),
            items,
        })
    }

    /// Renames a list and shares or unshares it; its owner, or a company admin for a shared list.
    pub async fn change_shopping_list(
        &self,
        account: &Account,
        id: i64,
        name: &str,
        shared: bool,
    ) -> EngineResult<()> {
        let list = self.changeable_list(account, id).await?;
        if shared && account.company.is_none() {
            return Err(DomainError::new("shared", "only a company's lists can be shared").into());
        }
        let name = list_name(name)?;
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "UPDATE shopping_lists SET name = $1, shared = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(name)
        .bind(i64::from(shared))
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        list_event(&mut tx, id, "changed", list.company_id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a list; its owner, or a company admin for a shared list.
    pub async fn delete_shopping_list(&self, account: &Account, id: i64) -> EngineResult<()> {
        let list = self.changeable_list(account, id).await?;
        let mut tx = self.db.begin_write().await?;
        list_event(&mut tx, id, "deleted", list.company_id, now_ms()).await?;
        // Its lines go with it (`ON DELETE CASCADE`).
        sqlx::query("DELETE FROM shopping_lists WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets how many units of `sku` the list keeps (0 takes it off); with `add`, adds to what it keeps instead. A SKU
    /// the shop does not sell is an error naming `sku`.
    pub async fn set_list_quantity(
        &self,
        account: &Account,
        id: i64,
        sku: &Sku,
        quantity: u32,
        add: bool,
    ) -> EngineResult<()> {
        self.set_list_lines(account, id, &[(sku.clone(), quantity)], add)
            .await
    }

    /// [`Engine::set_list_quantity`] for many SKUs at once (an order's lines, say), in one transaction: all of them
    /// or, when one is refused, none.
    pub async fn set_list_lines(
        &self,
        account: &Account,
        id: i64,
        lines: &[(Sku, u32)],
        add: bool,
    ) -> EngineResult<()> {
        let list = self.changeable_list(account, id).await?;
        let variants = self.list_variants(lines).await?;
        let mut tx = self.db.begin_write().await?;
        let now = now_ms();
        for (i, (variant_id, quantity)) in variants.into_iter().enumerate() {
            // One apart, so the list keeps the order the lines came in.
            write_line(&mut tx, id, variant_id, quantity, add, now + i as i64).await?;
        }
        sqlx::query("UPDATE shopping_lists SET updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        list_event(&mut tx, id, "changed", list.company_id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Keeps the buyer's cart as a new list; its id. An empty cart is an error naming `cart`.
    pub async fn save_cart_as_list(
        &self,
        account: &Account,
        shopper: &Shopper,
        name: &str,
        shared: bool,
    ) -> EngineResult<i64> {
        let cart = self
            .account_cart(shopper)
            .await?
            .filter(|c| !c.lines.is_empty())
            .ok_or_else(|| DomainError::new("cart", "is empty"))?;
        // The list and its lines in one transaction: a failure leaves no empty list behind.
        let mut tx = self.db.begin_write().await?;
        let id = insert_list(&mut tx, account, name, shared).await?;
        let now = now_ms();
        for (i, line) in cart.lines.iter().enumerate() {
            sqlx::query(
                "INSERT INTO shopping_list_lines (list_id, variant_id, quantity, added_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(line.variant_id)
            .bind(i64::from(line.quantity.get()))
            // One apart, so the list keeps the cart's order.
            .bind(now + i as i64)
            .execute(&mut **tx)
            .await?;
        }
        list_event(&mut tx, id, "created", company(account), now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Puts the list's SKUs (only those in `only`, when it names any) into the buyer's cart, through quick order's
    /// check: the lines that pass go in, in one transaction, and the rest come back with the reason.
    pub async fn shopping_list_to_cart(
        &self,
        account: &Account,
        shopper: &Shopper,
        id: i64,
        only: &[Sku],
    ) -> EngineResult<(Option<Cart>, Vec<CheckedLine>)> {
        self.visible_list(account, id).await?;
        // SKUs and quantities only: the quick-order check below prices each line once.
        let items: Vec<(String, i64)> = sqlx::query_as(
            "SELECT v.sku, x.quantity FROM shopping_list_lines x JOIN variants v ON v.id = x.variant_id
             WHERE x.list_id = $1 ORDER BY x.added_at, v.sku",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        let lines: Vec<ListLine> = items
            .iter()
            .filter(|(sku, _)| only.is_empty() || only.iter().any(|s| s.as_str() == sku))
            .enumerate()
            .map(|(i, (sku, quantity))| {
                domain::quick_order::read_line(i + 1, sku, Some(&quantity.to_string()))
            })
            .collect();
        if lines.is_empty() {
            return Err(DomainError::new("skus", "choose at least one SKU of the list").into());
        }
        let token = self.account_cart(shopper).await?.map(|c| c.token);
        self.add_order_list(shopper, token.as_ref(), lines).await
    }

    /// The variant of each SKU, for a list: a SKU the shop does not sell is an error naming `sku`.
    async fn list_variants(&self, lines: &[(Sku, u32)]) -> EngineResult<Vec<(i64, u32)>> {
        let mut variants = Vec::with_capacity(lines.len());
        for (sku, quantity) in lines {
            let variant: Option<(i64,)> = sqlx::query_as(&format!(
                "SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1 AND {}",
                crate::products::SHOWN
            ))
            .bind(sku.as_str())
            .fetch_optional(&self.db.pool)
            .await?;
            let (variant_id,) = variant.ok_or_else(|| {
                DomainError::new(
                    "sku",
                    format!("no product on sale has the SKU {}", sku.as_str()),
                )
            })?;
            variants.push((variant_id, *quantity));
        }
        Ok(variants)
    }

    async fn visible_list(&self, account: &Account, id: i64) -> EngineResult<ListRow> {
        let row: Option<ListRow> = sqlx::query_as(&format!("{VISIBLE} AND l.id = $3"))
            .bind(account.customer_id)
            .bind(company_of(account))
            .bind(id)
            .fetch_optional(&self.db.pool)
            .await?;
        row.ok_or_else(|| EngineError::not_found("list", id.to_string()))
    }

    async fn changeable_list(&self, account: &Account, id: i64) -> EngineResult<ListRow> {
        let row = self.visible_list(account, id).await?;
        if !may_change(account, &row) {
            return Err(EngineError::forbidden(
                "Only the list's owner or the company's administrators change a shared list.",
            ));
        }
        Ok(row)
    }
}

/// Makes an empty list of `account` in `tx`; its id. The checks of [`Engine::create_shopping_list`].
async fn insert_list(
    tx: &mut crate::db::WriteTx,
    account: &Account,
    name: &str,
    shared: bool,
) -> EngineResult<i64> {
    if !account.can_order() {
        return Err(EngineError::forbidden(
            "Your role lets you read the company's shared lists, not keep lists.",
        ));
    }
    if shared && account.company.is_none() {
        return Err(DomainError::new("shared", "only a company's lists can be shared").into());
    }
    let name = list_name(name)?;
    let company = account.company.as_ref().map(|c| c.id);
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM shopping_lists WHERE customer_id = $1 AND COALESCE(company_id, 0) = $2",
    )
    .bind(account.customer_id)
    .bind(company.unwrap_or(0))
    .fetch_one(&mut ***tx)
    .await?;
    if count >= MAX_LISTS {
        return Err(DomainError::new(
            "name",
            format!("you keep {MAX_LISTS} lists already; delete one first"),
        )
        .into());
    }
    let now = now_ms();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO shopping_lists (customer_id, company_id, name, shared, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(account.customer_id)
    .bind(company)
    .bind(&name)
    .bind(i64::from(shared))
    .bind(now)
    .fetch_one(&mut ***tx)
    .await?;
    Ok(id)
}

/// Sets (or with `add`, adds to) one SKU's quantity on list `id` in `tx`; 0 takes it off.
async fn write_line(
    tx: &mut crate::db::WriteTx,
    id: i64,
    variant_id: i64,
    quantity: u32,
    add: bool,
    now: i64,
) -> EngineResult<()> {
    let had: Option<(i64,)> = sqlx::query_as(
        "SELECT quantity FROM shopping_list_lines WHERE list_id = $1 AND variant_id = $2",
    )
    .bind(id)
    .bind(variant_id)
    .fetch_optional(&mut ***tx)
    .await?;
    let wanted = if add {
        had.map_or(0, |(q,)| q) + i64::from(quantity)
    } else {
        i64::from(quantity)
    };
    if wanted == 0 {
        sqlx::query("DELETE FROM shopping_list_lines WHERE list_id = $1 AND variant_id = $2")
            .bind(id)
            .bind(variant_id)
            .execute(&mut ***tx)
            .await?;
        return Ok(());
    }
    Quantity::parse(wanted)?;
    if had.is_none() {
        let (lines,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM shopping_list_lines WHERE list_id = $1")
                .bind(id)
                .fetch_one(&mut ***tx)
                .await?;
        if lines >= MAX_LIST_LINES {
            return Err(DomainError::new(
                "sku",
                format!("a list holds at most {MAX_LIST_LINES} SKUs"),
            )
            .into());
        }
    }
    sqlx::query(
        "INSERT INTO shopping_list_lines (list_id, variant_id, quantity, added_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (list_id, variant_id) DO UPDATE SET quantity = excluded.quantity",
    )
    .bind(id)
    .bind(variant_id)
    .bind(wanted)
    .bind(now)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

#[derive(serde::Serialize)]
struct ListPayload {
    id: i64,
    action: &'static str,
    name: String,
    shared: bool,
    owner: String,
    company: Option<String>,
    lines: i64,
}

/// Records `shopping_list.changed` for list `id` in `tx` (`action`: created, changed or deleted), so an ERP that
/// mirrors a company's order templates hears of every change. A deleted list is read before it goes.
async fn list_event(
    tx: &mut crate::db::WriteTx,
    id: i64,
    action: &'static str,
    company_id: Option<i64>,
    now: i64,
) -> EngineResult<()> {
    let (name, shared, owner, company, lines): (String, i64, String, Option<String>, i64) =
        sqlx::query_as(
            "SELECT l.name, l.shared, c.email, co.code,
                    (SELECT COUNT(*) FROM shopping_list_lines x WHERE x.list_id = l.id)
             FROM shopping_lists l JOIN customers c ON c.id = l.customer_id
             LEFT JOIN companies co ON co.id = l.company_id WHERE l.id = $1",
        )
        .bind(id)
        .fetch_one(&mut ***tx)
        .await?;
    let payload = ListPayload {
        id,
        action,
        name,
        shared: shared == 1,
        owner,
        company,
        lines,
    };
    let payload = serde_json::to_string(&payload).unwrap_or_else(|_| "{}".into());
    crate::events::record(
        tx,
        "shopping_list.changed",
        &format!("shopping_list:{id}"),
        company_id,
        &payload,
        now,
    );
    Ok(())
}
