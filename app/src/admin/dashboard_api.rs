//! The dashboard's server function, under `/admin/fn/dashboard`: the engine's figures as the page shows them, with
//! the chart of orders per day drawn here, on the server, as SVG (readable without JavaScript, and the back office
//! ships none).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// One day of the chart as the page's table lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRow {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Orders placed and not cancelled.
    pub orders: i64,
    /// Net revenue per currency, as text (`1,250.00 EUR; 80.00 CHF`), or empty.
    pub revenue: String,
}

/// What the dashboard shows; a part is `None` when the member may not read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardView {
    /// The last 30 days, oldest first.
    pub days: Option<Vec<DayRow>>,
    /// The orders chart as an SVG document.
    pub chart: Option<String>,
    /// Open orders: (status code, status label, count).
    pub open_orders: Option<Vec<(String, String, i64)>>,
    /// Variants running low: (SKU, product, units to promise).
    pub low_stock: Option<Vec<(String, String, i64)>>,
    /// Failed webhook deliveries, newest first.
    pub failed_deliveries: Option<Vec<FailedRow>>,
    /// Businesses waiting for approval: (code, name, registered at).
    pub pending_companies: Option<Vec<(String, String, i64)>>,
}

/// A failed webhook delivery as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedRow {
    /// The endpoint.
    pub url: String,
    /// The event's type.
    pub event_type: String,
    /// Attempts made.
    pub attempts: i64,
    /// The last failure, or empty.
    pub last_error: String,
}

/// The dashboard's figures for the signed-in member.
#[server(prefix = "/admin/fn", endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<DashboardView, AppError> {
    let actor = session::actor().await?;
    let d = ssr::engine()?.dashboard(&actor).await?;
    let days: Option<Vec<DayRow>> = d.days.map(|days| {
        days.into_iter()
            .map(|day| DayRow {
                revenue: day
                    .revenue
                    .iter()
                    .map(|(currency, amount)| format!("{} {currency}", amount.round_dp(2)))
                    .collect::<Vec<_>>()
                    .join("; "),
                day: day.day,
                orders: day.orders,
            })
            .collect()
    });
    Ok(DashboardView {
        chart: days.as_deref().map(orders_chart),
        days,
        open_orders: d.open_orders.map(|open| {
            open.into_iter()
                .map(|(status, n)| (status.as_str().to_owned(), status.label().to_owned(), n))
                .collect()
        }),
        low_stock: d.low_stock.map(|rows| {
            rows.into_iter()
                .map(|r| (r.sku, r.product, r.available))
                .collect()
        }),
        failed_deliveries: d.failed_deliveries.map(|rows| {
            rows.into_iter()
                .map(|f| FailedRow {
                    url: f.url,
                    event_type: f.event_type,
                    attempts: f.attempts,
                    last_error: f.last_error.unwrap_or_default(),
                })
                .collect()
        }),
        pending_companies: d.pending_companies,
    })
}

/// Orders per day as a bar chart: one bar per day, its height to scale with the busiest day, each with a title
/// a screen reader and a hovering mouse read; the day's date under the first and the last bar.
#[cfg(feature = "ssr")]
pub fn orders_chart(days: &[DayRow]) -> String {
    const WIDTH: usize = 600;
    const HEIGHT: usize = 160;
    const BASE: usize = 140;
    let busiest = days.iter().map(|d| d.orders).max().unwrap_or(0).max(1);
    let total: i64 = days.iter().map(|d| d.orders).sum();
    let slot = WIDTH / days.len().max(1);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
         aria-label=\"Orders per day over the last {} days: {total} in all, at most {busiest} a day\" class=\"chart\">\
         <line x1=\"0\" y1=\"{BASE}\" x2=\"{WIDTH}\" y2=\"{BASE}\" class=\"axis\"/>",
        days.len()
    );
    for (i, day) in days.iter().enumerate() {
        let height = (day.orders as usize * (BASE - 10)) / busiest as usize;
        let x = i * slot + 2;
        let revenue = if day.revenue.is_empty() {
            String::new()
        } else {
            format!(", {}", day.revenue)
        };
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{height}\" class=\"bar\"><title>{}: {} orders{revenue}</title></rect>",
            BASE - height,
            slot.saturating_sub(4).max(1),
            day.day,
            day.orders,
        ));
    }
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" class=\"label\">{}</text><text x=\"{WIDTH}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>\
             <text x=\"0\" y=\"12\" class=\"label\">{busiest}</text>",
            HEIGHT - 4,
            first.day,
            HEIGHT - 4,
            last.day
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn day(day: &str, orders: i64) -> DayRow {
        DayRow {
            day: day.into(),
            orders,
            revenue: if orders > 0 {
                format!("{orders}0.00 EUR")
            } else {
                String::new()
            },
        }
    }

    #[test]
    fn the_busiest_day_is_the_tallest_bar_and_every_day_has_a_title() {
        let svg = orders_chart(&[
            day("2026-12-01", 0),
            day("2026-12-02", 4),
            day("2026-12-03", 2),
        ]);
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(
            svg.contains("height=\"130\""),
            "the busiest day reaches the top: {svg}"
        );
        assert!(
            svg.contains("height=\"65\""),
            "half as many, half as tall: {svg}"
        );
        assert!(svg.contains("<title>2026-12-02: 4 orders, 40.00 EUR</title>"));
        assert!(svg.contains("6 in all, at most 4 a day"));
        assert!(svg.contains(">2026-12-01<") && svg.contains(">2026-12-03<"));
    }

    #[test]
    fn a_month_without_orders_draws_flat_bars_without_dividing_by_zero() {
        let svg = orders_chart(&[day("2026-12-01", 0), day("2026-12-02", 0)]);
        assert!(svg.contains("height=\"0\""));
        assert!(svg.contains("0 in all"));
    }
}
