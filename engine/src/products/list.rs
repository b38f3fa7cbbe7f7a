//! The staff's product list: every product whatever its status, narrowed by text, status, category, brand, product
//! type, stock below a level or presence in a price list, sorted, a page at a time. Each filter and sort has an
//! index (status and name, category and name, brand, name, updated), and a page's rows are read by id after the
//! page is chosen, so a page of 100,000 products reads its own 50 rows.

use domain::{DomainError, Money, PageInfo, ProductStatus};
use sqlx::FromRow;

use crate::{
    Engine, EngineResult, Scope,
    db::{Arg, bound},
    orders::COUNT_CAP,
    staff::Actor,
};

/// Products per page of the list.
pub const PRODUCT_PAGE: u32 = 50;

/// The list's order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProductSort {
    /// By name, A to Z.
    #[default]
    Name,
    /// Last changed first.
    Updated,
    /// Newest first.
    Created,
}

impl ProductSort {
    fn parse(text: &str) -> Result<Self, DomainError> {
        match text {
            "name" => Ok(Self::Name),
            "updated" => Ok(Self::Updated),
            "created" => Ok(Self::Created),
            other => Err(DomainError::new(
                "sort",
                format!("`{other}` is not name, updated or created"),
            )),
        }
    }
}

/// What the list is narrowed to; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductQuery {
    /// A SKU, a handle, or part of a name.
    pub text: Option<String>,
    /// Only this status.
    pub status: Option<ProductStatus>,
    /// Only products in this category, by slug.
    pub category: Option<String>,
    /// Only this brand, by name.
    pub brand: Option<String>,
    /// Only this product type, by code.
    pub product_type: Option<String>,
    /// Only products with a variant whose stock on hand is below this.
    pub stock_below: Option<i64>,
    /// Only products with a price in this price list, by code.
    pub price_list: Option<String>,
    /// The order.
    pub sort: ProductSort,
    /// Page, from 1.
    pub page: u32,
}

impl ProductQuery {
    /// Reads `q`, `status`, `category`, `brand`, `type`, `stock_below`, `price_list`, `sort` and `page` from decoded
    /// query pairs; empty values are ignored and a bad value names its parameter.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, DomainError> {
        let mut query = Self {
            page: 1,
            ..Self::default()
        };
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let text = Some(value.to_owned());
            match key {
                "q" => query.text = text,
                "status" => query.status = Some(ProductStatus::parse(value)?),
                "category" => query.category = text,
                "brand" => query.brand = text,
                "type" => query.product_type = text,
                "price_list" => query.price_list = text,
                "stock_below" => {
                    query.stock_below = Some(value.parse().map_err(|_| {
                        DomainError::new("stock_below", format!("`{value}` is not a whole number"))
                    })?)
                }
                "sort" => query.sort = ProductSort::parse(value)?,
                "page" => {
                    query.page = value
                        .parse()
                        .ok()
                        .filter(|&p| p >= 1)
                        .ok_or_else(|| DomainError::new("page", "starts at 1"))?
                }
                _ => {}
            }
        }
        Ok(query)
    }
}

/// A product as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ProductRow {
    /// Handle (slug).
    pub handle: String,
    /// Name.
    pub name: String,
    /// `draft`, `active` or `archived`.
    pub status: String,
    /// When a scheduled product is published, epoch milliseconds.
    pub publish_at: Option<i64>,
    /// Category name.
    pub category: String,
    /// Brand name; empty for none.
    pub brand: String,
    /// How many variants it has.
    pub variants: i64,
    /// Units on hand over all its variants.
    pub on_hand: i64,
    /// The lowest main price of its variants, in micro-units of the shop's currency.
    pub from_micros: i64,
    /// Last change, epoch milliseconds.
    pub updated_at: i64,
}

impl ProductRow {
    /// The lowest main price as money in `currency`.
    pub fn from_price(&self, currency: domain::Currency) -> Result<Money, DomainError> {
        Ok(domain::UnitPrice::from_micros(self.from_micros, currency)?
            .money()
            .clone())
    }
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductList {
    /// This page's products.
    pub products: Vec<ProductRow>,
    /// Where this page is; `total_items` stops at [`COUNT_CAP`] + 1.
    pub page: PageInfo,
    /// Whether more products match than [`COUNT_CAP`].
    pub more_than_cap: bool,
}

impl Engine {
    /// A page of the staff's product list; needs `catalog:read`. An unknown category, brand, type or price list
    /// is refused naming its parameter, rather than answering an empty list that looks like "no products".
    pub async fn list_products(
        &self,
        by: &Actor,
        query: &ProductQuery,
    ) -> EngineResult<ProductList> {
        by.require(Scope::CatalogRead)?;
        let (page, per_page) = PageInfo::request(query.page.max(1), PRODUCT_PAGE)?;
        let (clause, args) = self.product_clause(query, false).await?;
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM products p WHERE {clause} LIMIT {}) capped",
            COUNT_CAP + 1
        );
        let (total,): (i64,) = bound(sqlx::query_as(&count_sql), &args)
            .fetch_one(&self.db.pool)
            .await?;
        // Over a thousand products low on stock are one in a hundred or more: walking the sort's index and testing
        // each product is then quicker than sorting every match, which is quicker when few match.
        let (clause, args) = if query.stock_below.is_some() && total > COUNT_CAP as i64 {
            self.product_clause(query, true).await?
        } else {
            (clause, args)
        };
        // A name search reads the table in one pass and sorts what matches (`|| ''` keeps the name index out):
        // walking the index by name would look up every product in turn when few or none match.
        let order = match query.sort {
            ProductSort::Name if query.text.is_some() => "p.name || '', p.id",
            ProductSort::Name => "p.name, p.id",
            ProductSort::Updated => "p.updated_at DESC, p.id DESC",
            ProductSort::Created => "p.id DESC",
        };
        let sql = format!(
            "SELECT p.slug AS handle, p.name, p.status, p.publish_at, c.name AS category,
                    COALESCE(b.name, '') AS brand,
                    (SELECT COUNT(*) FROM variants v WHERE v.product_id = p.id) AS variants,
                    CAST(COALESCE((SELECT SUM(v.stock_on_hand) FROM variants v WHERE v.product_id = p.id), 0)
                         AS BIGINT) AS on_hand,
                    COALESCE((SELECT MIN(pr.amount_micros) FROM variants v
                              JOIN prices pr ON pr.variant_id = v.id AND pr.currency = $1
                              WHERE v.product_id = p.id), 0) AS from_micros,
                    p.updated_at
             FROM products p JOIN categories c ON c.id = p.category_id LEFT JOIN brands b ON b.id = p.brand_id
             WHERE p.id IN (SELECT p.id FROM products p WHERE {} ORDER BY {order} LIMIT {per_page} OFFSET {})
             ORDER BY {order}",
            renumbered(&clause, 1),
            PageInfo::offset(page, per_page)
        );
        let currency = self.config.currency.code().to_owned();
        let mut all = vec![Arg::Text(currency)];
        all.extend(args);
        let products: Vec<ProductRow> = bound(sqlx::query_as(&sql), &all)
            .fetch_all(&self.db.pool)
            .await?;
        let total = u64::try_from(total).unwrap_or_default();
        Ok(ProductList {
            products,
            page: PageInfo {
                number: page,
                per_page,
                total_items: total,
            },
            more_than_cap: total > COUNT_CAP,
        })
    }

    /// The `WHERE` clause (parameters from `$1`) and its arguments; `many_low` tests the stock of each product in
    /// the sort's order instead of starting from the stock index.
    async fn product_clause(
        &self,
        query: &ProductQuery,
        many_low: bool,
    ) -> EngineResult<(String, Vec<Arg>)> {
        let mut parts = vec!["1 = 1".to_owned()];
        let mut args = Vec::new();
        let mut push = |sql: &str, arg: Arg, parts: &mut Vec<String>| {
            args.push(arg);
            parts.push(sql.replace('?', &format!("${}", args.len())));
        };
        if let Some(status) = query.status {
            push(
                "p.status = ?",
                Arg::Text(status.as_str().into()),
                &mut parts,
            );
        }
        if let Some(slug) = &query.category {
            let id = self.id_of("categories", "slug", slug, "category").await?;
            push("p.category_id = ?", Arg::Int(id), &mut parts);
        }
        if let Some(name) = &query.brand {
            let id = self.id_of("brands", "name", name, "brand").await?;
            push("p.brand_id = ?", Arg::Int(id), &mut parts);
        }
        if let Some(code) = &query.product_type {
            let id = self.id_of("product_types", "code", code, "type").await?;
            push("p.product_type_id = ?", Arg::Int(id), &mut parts);
        }
        if let Some(code) = &query.price_list {
            let id = self
                .id_of("price_lists", "code", code, "price_list")
                .await?;
            // Driven from the list's entries (its primary key), not by testing every product in turn.
            push(
                "p.id IN (SELECT v.product_id FROM price_list_entries e JOIN variants v ON v.id = e.variant_id
                          WHERE e.price_list_id = ?)",
                Arg::Int(id),
                &mut parts,
            );
        }
        if let Some(level) = query.stock_below {
            // Driven from the stock index when few products run low: their ids come first and only they are read.
            let test = if many_low {
                "EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.stock_on_hand < ?)"
            } else {
                "p.id IN (SELECT v.product_id FROM variants v WHERE v.stock_on_hand < ?)"
            };
            push(test, Arg::Int(level), &mut parts);
        }
        if let Some(text) = &query.text {
            // A SKU or a handle is found by its index alone; only text that is neither is a part of a name, which
            // reads the table (SQLite's LIKE ignores ASCII case; PostgreSQL needs ILIKE).
            // SKUs are stored as `Sku::parse` writes them (upper case), so `cd-18` finds `CD-18`.
            let sku =
                domain::Sku::parse(text).map_or_else(|_| text.trim().to_owned(), |s| s.to_string());
            let exact: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM products WHERE slug = $1
                 UNION ALL SELECT product_id FROM variants WHERE sku = $2 LIMIT 1",
            )
            .bind(text.trim())
            .bind(sku)
            .fetch_optional(&self.db.pool)
            .await?;
            match exact {
                Some((id,)) => push("p.id = ?", Arg::Int(id), &mut parts),
                None => {
                    let like = match self.db.backend {
                        crate::Backend::Postgres => "p.name ILIKE ?",
                        crate::Backend::Sqlite => "p.name LIKE ?",
                    };
                    let pattern = format!("%{}%", text.trim().replace(['%', '_'], ""));
                    push(like, Arg::Text(pattern), &mut parts);
                }
            }
        }
        Ok((parts.join(" AND "), args))
    }

    async fn id_of(
        &self,
        table: &str,
        column: &str,
        value: &str,
        field: &str,
    ) -> EngineResult<i64> {
        let row: Option<(i64,)> =
            sqlx::query_as(&format!("SELECT id FROM {table} WHERE {column} = $1"))
                .bind(value)
                .fetch_optional(&self.db.pool)
                .await?;
        row.map(|(id,)| id).ok_or_else(|| {
            crate::EngineError::Unprocessable(DomainError::new(
                field,
                format!("no {} `{value}`", field.replace('_', " ")),
            ))
        })
    }
}

/// `clause` with every `$n` moved up by `by`, for a query that binds `by` values before it.
fn renumbered(clause: &str, by: usize) -> String {
    let mut out = String::with_capacity(clause.len());
    let mut chars = clause.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '$' {
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            let n: usize = digits.parse().unwrap_or(0);
            out.push_str(&(n + by).to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{ProductQuery, ProductSort, renumbered};

    #[test]
    fn parameters_move_up_past_the_ones_bound_before() {
        assert_eq!(renumbered("a = $1 AND b = $12", 1), "a = $2 AND b = $13");
    }

    #[test]
    fn the_query_string_reads_into_filters_and_a_bad_value_names_its_parameter() {
        let query =
            ProductQuery::from_pairs([("q", "drill"), ("stock_below", "5"), ("sort", "updated")])
                .unwrap();
        assert_eq!(query.text.as_deref(), Some("drill"));
        assert_eq!(query.stock_below, Some(5));
        assert_eq!(query.sort, ProductSort::Updated);
        assert_eq!(query.page, 1);
        let error = ProductQuery::from_pairs([("stock_below", "few")]).unwrap_err();
        assert_eq!(error.field, "stock_below");
        assert_eq!(
            ProductQuery::from_pairs([("status", "gone")])
                .unwrap_err()
                .field,
            "status"
        );
    }
}
