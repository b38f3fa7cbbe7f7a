//! Exports for spreadsheets: products as Shopify's product CSV (the shape merchants already hold, and one Kontor's
//! own import reads back, so a shop's export fills another shop), and companies with their people as CSV.

use std::collections::HashMap;

use super::ProductRecord;
use crate::{Engine, EngineError, EngineResult, Scope, staff::Actor};

/// Products read per page while exporting.
const PAGE: u32 = 1000;

const PRODUCT_HEADER: [&str; 16] = [
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Type",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Price",
    "Variant Inventory Qty",
    "Image Src",
    "Image Alt Text",
];

fn csv_error(e: impl std::fmt::Display) -> EngineError {
    EngineError::Conflict(format!("writing CSV: {e}"))
}

/// Plain text as the HTML Shopify's `Body (HTML)` holds: a paragraph per blank-line-separated block.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let escaped = p
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            format!("<p>{escaped}</p>")
        })
        .collect()
}

/// The rows of one product: a row per variant (the first with the product's texts and first image), then a row
/// per further image.
fn product_rows(record: &ProductRecord, category: &str) -> Vec<[String; 16]> {
    let mut rows = Vec::new();
    for (i, variant) in record.variants.iter().enumerate() {
        let mut row: [String; 16] = Default::default();
        row[0] = record.handle.clone();
        if i == 0 {
            row[1] = record.name.clone();
            row[2] = paragraphs(&record.description);
            row[3] = record.brand.clone();
            row[4] = category.to_owned();
        }
        if variant.options.is_empty() {
            // Shopify's own mark of a product without options; its title names the variant.
            row[5] = "Title".into();
            row[6] = variant.title.clone();
        }
        for (n, option) in variant.options.iter().take(3).enumerate() {
            row[5 + 2 * n] = option.name.clone();
            row[6 + 2 * n] = option.value.clone();
        }
        row[11] = variant.sku.clone();
        row[12] = variant.price.to_string();
        row[13] = variant.stock.to_string();
        if let Some(image) = record.images.get(i) {
            row[14] = image.url.clone();
            row[15] = image.alt.clone();
        }
        rows.push(row);
    }
    for image in record.images.iter().skip(record.variants.len()) {
        let mut row: [String; 16] = Default::default();
        row[0] = record.handle.clone();
        row[14] = image.url.clone();
        row[15] = image.alt.clone();
        rows.push(row);
    }
    rows
}

impl Engine {
    /// Every product as Shopify's product CSV (handle, texts, vendor, the category's name as `Type`, up to three
    /// options, SKU, price, stock, images); needs `catalog:read`. Attributes, translations, volume breaks and other
    /// currencies have no Shopify column: the NDJSON export carries everything.
    pub async fn products_csv(&self, by: &Actor) -> EngineResult<String> {
        by.require(Scope::CatalogRead)?;
        let names: HashMap<String, String> =
            sqlx::query_as::<_, (String, String)>("SELECT slug, name FROM categories")
                .fetch_all(&self.db.pool)
                .await?
                .into_iter()
                .collect();
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(PRODUCT_HEADER).map_err(csv_error)?;
        let mut after = 0;
        loop {
            let page = self.export_products(by, after, PAGE).await?;
            let Some((last, _)) = page.last() else { break };
            after = *last;
            for (_, record) in &page {
                let category = names.get(&record.category).unwrap_or(&record.category);
                for row in product_rows(record, category) {
                    out.write_record(&row).map_err(csv_error)?;
                }
            }
        }
        let bytes = out.into_inner().map_err(csv_error)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Every company's people as CSV, one person per line with their company's terms (the columns of the
    /// customer upload's records); needs `customers:read`, and a key bound to a company gets its own only.
    pub async fn customers_csv(&self, by: &Actor) -> EngineResult<String> {
        let records = self.customer_records(by, None).await?;
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record([
            "company",
            "company_name",
            "country",
            "email",
            "name",
            "role",
            "invoice_approved",
            "credit_limit",
            "vat_id",
        ])
        .map_err(csv_error)?;
        for r in records {
            out.write_record([
                r.company.as_str(),
                r.company_name.as_deref().unwrap_or(""),
                r.country.as_deref().unwrap_or(""),
                &r.email,
                &r.name,
                &r.role,
                if r.invoice_approved == Some(true) {
                    "true"
                } else {
                    "false"
                },
                &r.credit_limit.map(|l| l.to_string()).unwrap_or_default(),
                r.vat_id.as_deref().unwrap_or(""),
            ])
            .map_err(csv_error)?;
        }
        let bytes = out.into_inner().map_err(csv_error)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}
