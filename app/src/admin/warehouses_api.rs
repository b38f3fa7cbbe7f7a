//! Server functions of the warehouses page, under `/admin/fn/warehouses…`, through the same engine operations as
//! the admin API.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// What the warehouses page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehousesView {
    /// (code, name, priority, channels it ships to — empty for every channel), first shipped first.
    pub warehouses: Vec<(String, String, i64, Vec<String>)>,
    /// The shop's channel codes, for the form's hint.
    pub channels: Vec<String>,
    /// Whether the signed-in member may change them.
    pub can_write: bool,
}

/// The warehouses; needs `inventory:read`.
#[server(prefix = "/admin/fn", endpoint = "warehouses")]
pub async fn get_warehouses() -> Result<WarehousesView, AppError> {
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let warehouses = engine.warehouses_as(&actor).await?;
    Ok(WarehousesView {
        warehouses: warehouses
            .into_iter()
            .map(|w| (w.code, w.name, w.priority, w.channels.unwrap_or_default()))
            .collect(),
        channels: engine
            .channels()
            .await?
            .into_iter()
            .map(|c| c.code)
            .collect(),
        can_write: actor.allows(engine::Scope::InventoryWrite),
    })
}

/// Adds a warehouse, or renames one and changes its priority and the channels it ships to (codes separated by
/// commas; none, every channel).
#[server(prefix = "/admin/fn", endpoint = "warehouses/save")]
pub async fn admin_save_warehouse(
    code: String,
    name: String,
    priority: String,
    channels: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let priority = super::settings_api::whole_number("priority", &priority)?;
        let record = engine::exchange::WarehouseRecord {
            code,
            name,
            priority,
            // Left out of the post, the stored channels stay.
            channels: channels.map(|text| {
                text.split([',', ' '])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect()
            }),
        };
        ssr::engine()?.upsert_warehouse(&actor, &record).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/warehouses?saved=warehouse"))
}

/// Allows or stops orders of a variant beyond its stock.
#[server(prefix = "/admin/fn", endpoint = "warehouses/backorder")]
pub async fn admin_set_backorder(sku: String, allowed: Option<String>) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let sku = domain::Sku::parse(&sku)?;
        ssr::engine()?
            .set_backorder(&actor, &sku, allowed.is_some())
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/warehouses?saved=backorder"))
}
