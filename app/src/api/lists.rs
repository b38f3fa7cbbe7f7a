//! Server functions of shopping lists: the buyer's lists, one list with its quantities, and the forms that keep,
//! change and use them (from the list page, a product page, the cart and an order). Each is a plain form post, so
//! it works before (and without) JavaScript; every rule (who may read or change a list) is the engine's.

use domain::shopping_list::{ListSummary, ShoppingList};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;

/// The lists a signed-in buyer sees, for the forms that add to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerLists {
    /// Whether they may keep lists of their own (a viewer may not).
    pub can_keep: bool,
    /// Whether they buy for a company, so a list may be shared.
    pub can_share: bool,
    /// Every list they see, by name.
    pub lists: Vec<ListSummary>,
}

impl BuyerLists {
    /// The lists the buyer may add to.
    pub fn changeable(&self) -> impl Iterator<Item = &ListSummary> {
        self.lists.iter().filter(|l| l.can_change)
    }
}

/// One row of the list page's form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    /// The SKU.
    #[serde(default)]
    pub sku: String,
    /// Units the list should keep.
    #[serde(default)]
    pub quantity: String,
    /// Set when the row is ticked for the cart.
    #[serde(default)]
    pub pick: Option<String>,
}

/// The signed-in buyer's lists; `None` for a visitor who is not signed in.
#[server(endpoint = "lists/mine")]
pub async fn my_lists() -> Result<Option<BuyerLists>, AppError> {
    let Some(account) = ssr::account().await? else {
        return Ok(None);
    };
    if crate::slots::active() {
        // The page is shared by the company: the person's lists are filled in per request.
        return Ok(Some(BuyerLists {
            can_keep: account.can_order(),
            can_share: account.company.is_some(),
            lists: Vec::new(),
        }));
    }
    Ok(Some(
        crate::slots::buyer_lists(&ssr::engine()?, &account).await?,
    ))
}

/// One list with its SKUs priced for the buyer.
#[server(endpoint = "lists/get")]
pub async fn get_shopping_list(id: i64) -> Result<ShoppingList, AppError> {
    let (shopper, account) = ssr::signed_in().await?;
    Ok(ssr::engine()?.shopping_list(&account, &shopper, id).await?)
}

/// Makes a list and goes to it.
#[server(endpoint = "lists/create")]
pub async fn create_list(
    name: String,
    #[server(default)] shared: Option<String>,
) -> Result<i64, AppError> {
    let result: Result<i64, AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        Ok(ssr::engine()?
            .create_shopping_list(&account, &name, shared.is_some())
            .await?)
    }
    .await;
    ssr::finish_form_to(result, |id| Some(format!("/account/lists/{id}")))
}

/// Renames a list and shares or unshares it.
#[server(endpoint = "lists/change")]
pub async fn change_list(
    id: i64,
    name: String,
    #[server(default)] shared: Option<String>,
) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        Ok(ssr::engine()?
            .change_shopping_list(&account, id, &name, shared.is_some())
            .await?)
    }
    .await;
    ssr::finish_form(result, None)
}

/// Deletes a list and goes back to the lists.
#[server(endpoint = "lists/delete")]
pub async fn delete_list(id: i64) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        Ok(ssr::engine()?.delete_shopping_list(&account, id).await?)
    }
    .await;
    ssr::finish_form(result, Some("/account/lists"))
}

/// The list page's one form: `action` is `save` (the quantities typed; 0 takes a SKU off), `picked` (the ticked
/// rows into the cart) or `all` (the whole list into the cart). Into the cart, it goes to the cart when every line
/// went in, and to quick order's page with the reasons otherwise.
#[server(endpoint = "lists/use")]
pub async fn use_list(
    id: i64,
    action: String,
    #[server(default)] rows: Vec<ListRow>,
) -> Result<String, AppError> {
    let result: Result<String, AppError> = async {
        let (shopper, account) = ssr::signed_in().await?;
        let engine = ssr::engine()?;
        match action.as_str() {
            "save" => {
                let mut lines = Vec::with_capacity(rows.len());
                for row in rows.iter().filter(|r| !r.sku.trim().is_empty()) {
                    let sku = domain::Sku::parse(&row.sku)?;
                    let quantity =
                        row.quantity
                            .trim()
                            .parse::<u32>()
                            .map_err(|_| AppError::Invalid {
                                field: "quantity".into(),
                                message: format!(
                                    "of {} must be a whole number, 0 to take it off",
                                    sku.as_str()
                                ),
                            })?;
                    lines.push((sku, quantity));
                }
                engine.set_list_lines(&account, id, &lines, false).await?;
                Ok(format!("/account/lists/{id}?saved=1"))
            }
            "picked" | "all" => {
                let only: Vec<domain::Sku> = if action == "all" {
                    Vec::new()
                } else {
                    let picked: Vec<domain::Sku> = rows
                        .iter()
                        .filter(|r| r.pick.is_some())
                        .filter_map(|r| domain::Sku::parse(&r.sku).ok())
                        .collect();
                    if picked.is_empty() {
                        return Err(AppError::Invalid {
                            field: "rows".into(),
                            message: "tick at least one line to put in the cart".into(),
                        });
                    }
                    picked
                };
                let (_, checked) = engine
                    .shopping_list_to_cart(&account, &shopper, id, &only)
                    .await?;
                Ok(if checked.iter().all(|l| l.problem.is_none()) {
                    "/cart?notice=list".to_owned()
                } else {
                    super::quick_order_target(&checked)
                })
            }
            _ => Err(AppError::Invalid {
                field: "action".into(),
                message: "is not one of the choices shown".into(),
            }),
        }
    }
    .await;
    ssr::finish_form_to(result, |target| Some(target.clone()))
}

/// Adds units of one SKU to a list (`list` is a list's id, or `new` to make one named `name`) and goes back to the
/// page the form was on, which then says where they went.
#[server(endpoint = "lists/add")]
pub async fn add_to_list(
    list: String,
    sku: String,
    #[server(default)] quantity: String,
    #[server(default)] name: String,
) -> Result<i64, AppError> {
    let result: Result<i64, AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        let sku = domain::Sku::parse(&sku)?;
        let quantity = match quantity.trim() {
            "" => 1,
            q => q
                .parse::<u32>()
                .ok()
                .filter(|q| *q > 0)
                .ok_or_else(|| AppError::Invalid {
                    field: "quantity".into(),
                    message: "must be a whole number of at least 1".into(),
                })?,
        };
        add_lines(&account, &list, &name, &[(sku, quantity)]).await
    }
    .await;
    ssr::finish_form_to(result, |id| Some(ssr::back_with("listed", &id.to_string())))
}

/// Keeps the cart as a new list and goes to it.
#[server(endpoint = "lists/from-cart")]
pub async fn save_cart_as_list(
    name: String,
    #[server(default)] shared: Option<String>,
) -> Result<i64, AppError> {
    let result: Result<i64, AppError> = async {
        let (shopper, account) = ssr::signed_in().await?;
        Ok(ssr::engine()?
            .save_cart_as_list(&account, &shopper, &name, shared.is_some())
            .await?)
    }
    .await;
    ssr::finish_form_to(result, |id| Some(format!("/account/lists/{id}")))
}

/// Adds every line of one of the buyer's orders to a list (or to a new one named `name`) and goes to the list.
#[server(endpoint = "lists/from-order")]
pub async fn add_order_to_list(
    number: String,
    list: String,
    #[server(default)] name: String,
) -> Result<i64, AppError> {
    let result: Result<i64, AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        let order = ssr::engine()?.order(&account, &number).await?;
        let lines: Vec<(domain::Sku, u32)> = order
            .lines
            .iter()
            .map(|l| (l.sku.clone(), l.quantity))
            .collect();
        add_lines(&account, &list, &name, &lines).await
    }
    .await;
    ssr::finish_form_to(result, |id| Some(format!("/account/lists/{id}?saved=1")))
}

/// Adds `lines` to the list a form names (its id, or `new` to make one named `name` with them); the list's id.
#[cfg(feature = "ssr")]
async fn add_lines(
    account: &domain::Account,
    list: &str,
    name: &str,
    lines: &[(domain::Sku, u32)],
) -> Result<i64, AppError> {
    let engine = ssr::engine()?;
    if list == "new" {
        return Ok(engine
            .create_shopping_list_with(account, name, false, lines)
            .await?);
    }
    let id = super::account::parse_id("list", list)?;
    engine.set_list_lines(account, id, lines, true).await?;
    Ok(id)
}
