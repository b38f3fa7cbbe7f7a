//! Shopify's product CSV, read into [`ProductRecord`]s so it imports through the same validation and upsert as
//! Kontor's own format. Shopify spreads a product over several rows sharing a `Handle`: the first carries the
//! product, each row with an option value is a variant, rows with only an `Image Src` add images.
//!
//! Mapping: `Handle` → handle, `Title` → name, `Vendor` → brand, `Body (HTML)` → description (tags dropped,
//! paragraphs kept), `Type` → category (its slug; `category` overrides it for the whole file), `Option1..3 Name`
//! and `Value` → options and the variant title, `Variant SKU`, `Variant Price` (in the channel currency),
//! `Variant Inventory Qty`, `Image Src`, `Image Alt Text`. A variant row without a SKU is an error: Kontor keys
//! variants by SKU. So is a `Variant Price` of 0: the CSV cannot say a variant is deliberately free (see
//! [`VariantRecord::free`]).

use std::collections::HashMap;

use domain::{DomainError, Slug};
use rust_decimal::Decimal;

use super::{ImageRecord, OptionRecord, ProductRecord, VariantRecord};

/// A Shopify product CSV as read: one result per product (or per unreadable row) with the line it starts on, as
/// an editor numbers lines.
#[derive(Debug, Clone, Default)]
pub struct ShopifyFile {
    /// The products, or why a row could not be read.
    pub records: Vec<(usize, Result<ProductRecord, DomainError>)>,
    /// The category names the file's `Type` column spells, by the slug each product carries, so an import that
    /// creates missing categories names them as the merchant did.
    pub category_names: HashMap<String, String>,
}

/// Reads a Shopify product CSV; `category` puts every product in that category instead of its `Type`'s.
pub fn parse_shopify_csv(text: &str, currency: &str, category: Option<&str>) -> ShopifyFile {
    let lines = LineIndex::new(text);
    let mut file = ShopifyFile::default();
    let out = &mut file.records;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.push((1, Err(DomainError::new("header", e.to_string()))));
            return file;
        }
    };
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(handle_col) = column("Handle") else {
        out.push((1, Err(DomainError::new("header", "has no Handle column"))));
        return file;
    };
    let cols = Columns {
        title: column("Title"),
        body: column("Body (HTML)"),
        vendor: column("Vendor"),
        kind: column("Type"),
        option_names: [
            column("Option1 Name"),
            column("Option2 Name"),
            column("Option3 Name"),
        ],
        option_values: [
            column("Option1 Value"),
            column("Option2 Value"),
            column("Option3 Value"),
        ],
        sku: column("Variant SKU"),
        price: column("Variant Price"),
        stock: column("Variant Inventory Qty"),
        image: column("Image Src"),
        image_alt: column("Image Alt Text"),
    };

    let mut by_handle: HashMap<String, usize> = HashMap::new();
    let mut option_names: HashMap<String, [String; 3]> = HashMap::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                out.push((line, Err(DomainError::new("row", e.to_string()))));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| lines.line_at(p.byte()));
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").trim().to_owned();
        let handle = row.get(handle_col).unwrap_or("").trim().to_owned();
        if handle.is_empty() {
            out.push((line, Err(DomainError::new("handle", "is empty"))));
            continue;
        }
        let slot = *by_handle.entry(handle.clone()).or_insert_with(|| {
            out.push((
                line,
                Ok(ProductRecord {
                    handle: handle.clone(),
                    name: get(cols.title),
                    brand: get(cols.vendor),
                    description: html_to_text(&get(cols.body)),
                    category: category.map(str::to_owned).unwrap_or_else(|| {
                        let kind = get(cols.kind);
                        let slug = Slug::from_name(&kind).map(String::from).unwrap_or_default();
                        if !slug.is_empty() {
                            file.category_names.entry(slug.clone()).or_insert(kind);
                        }
                        slug
                    }),
                    product_type: None,
                    tax_class: "standard".to_owned(),
                    attributes: Default::default(),
                    translations: Default::default(),
                    images: Vec::new(),
                    variants: Vec::new(),
                }),
            ));
            option_names.insert(handle.clone(), cols.option_names.map(&get));
            out.len() - 1
        });
        let Ok(record) = &mut out[slot].1 else {
            continue;
        };
        let image = get(cols.image);
        if !image.is_empty() && !record.images.iter().any(|i| i.url == image) {
            record.images.push(ImageRecord {
                url: image,
                alt: get(cols.image_alt),
                alts: Default::default(),
                variant: None,
            });
        }
        let values = cols.option_values.map(&get);
        let sku = get(cols.sku);
        if values.iter().all(String::is_empty) && sku.is_empty() {
            continue;
        }
        match variant(
            line,
            &sku,
            &get(cols.price),
            &get(cols.stock),
            &option_names[&handle],
            &values,
            currency,
        ) {
            Ok(v) => record.variants.push(v),
            Err(e) => out[slot].1 = Err(e),
        }
    }
    file
}

/// Where each line starts, to number a record by the line it starts on. The csv reader's own line count runs one
/// behind on files with CRLF line ends (as Shopify and spreadsheets write them) and after blank lines.
struct LineIndex<'a> {
    text: &'a [u8],
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            newlines: text.match_indices('\n').map(|(i, _)| i).collect(),
        }
    }

    /// The 1-based line of the first byte at or after `byte` that does not end a line: the start the reader
    /// reports may be the rest of the previous line's terminator, or a blank line it skipped.
    fn line_at(&self, byte: u64) -> usize {
        let mut at = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while at < self.text.len() && matches!(self.text[at], b'\r' | b'\n') {
            at += 1;
        }
        1 + self.newlines.partition_point(|&n| n < at)
    }
}

struct Columns {
    title: Option<usize>,
    body: Option<usize>,
    vendor: Option<usize>,
    kind: Option<usize>,
    option_names: [Option<usize>; 3],
    option_values: [Option<usize>; 3],
    sku: Option<usize>,
    price: Option<usize>,
    stock: Option<usize>,
    image: Option<usize>,
    image_alt: Option<usize>,
}

fn variant(
    line: usize,
    sku: &str,
    price: &str,
    stock: &str,
    names: &[String; 3],
    values: &[String; 3],
    currency: &str,
) -> Result<VariantRecord, DomainError> {
    if sku.is_empty() {
        return Err(DomainError::new(
            "sku",
            format!("Variant SKU is empty on line {line}"),
        ));
    }
    let price: Decimal = price.parse().map_err(|_| {
        DomainError::new("price", format!("{price:?} on line {line} is not a number"))
    })?;
    // Shopify's CSV has no column saying a 0 is meant, so a free variant cannot come from this file. Said here,
    // with the line, rather than as validation's advice to set a field the CSV does not have.
    if price.is_zero() {
        return Err(DomainError::new(
            "price",
            format!(
                "of {sku} is 0 on line {line}; a Shopify file cannot mark a variant free: import it as an \
                 NDJSON record with \"free\": true"
            ),
        ));
    }
    let stock: i64 = if stock.is_empty() {
        0
    } else {
        stock.parse().map_err(|_| {
            DomainError::new(
                "stock",
                format!("{stock:?} on line {line} is not a whole number"),
            )
        })?
    };
    // Shopify writes a product without options as one option "Title" with the value "Default Title".
    let options: Vec<OptionRecord> = names
        .iter()
        .zip(values)
        .filter(|(n, v)| !n.is_empty() && !v.is_empty() && v.as_str() != "Default Title")
        .map(|(n, v)| OptionRecord {
            name: n.clone(),
            value: v.clone(),
        })
        .collect();
    let title = if options.is_empty() {
        "Each".to_owned()
    } else {
        options
            .iter()
            .map(|o| o.value.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    Ok(VariantRecord {
        sku: sku.to_owned(),
        title,
        options,
        price,
        currency: currency.to_owned(),
        free: false,
        tiers: None,
        prices: None,
        stock,
        rules: None,
    })
}

/// Plain text from Shopify's description HTML: block ends become paragraph breaks, tags go, common entities are
/// decoded.
fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = rest[start + 1..start + end]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if tag.starts_with("p")
            || tag.starts_with("br")
            || tag.starts_with("li")
            || tag.starts_with("div")
        {
            text.push_str("\n\n");
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "Handle,Title,Variant SKU,Variant Price\n\
                       one,One,S-1,1.00\n\
                       two,\"Two\nlines\",S-2,abc\n\
                       \n\
                       three,Three,,2.00\n";

    fn lines_of(text: &str) -> Vec<usize> {
        parse_shopify_csv(text, "EUR", Some("c"))
            .records
            .iter()
            .map(|(line, _)| *line)
            .collect()
    }

    #[test]
    fn records_are_numbered_by_the_line_an_editor_shows() {
        // A quoted field spanning two lines and a blank line before the third product.
        assert_eq!(lines_of(CSV), [2, 3, 6]);
        assert_eq!(lines_of(&CSV.replace('\n', "\r\n")), [2, 3, 6]);
    }

    #[test]
    fn a_category_is_named_as_the_file_spells_its_type() {
        let file = parse_shopify_csv(
            "Handle,Title,Type,Variant SKU,Variant Price\r\nh,H,Garden Hoses,S,1\r\n",
            "EUR",
            None,
        );
        assert_eq!(file.records[0].1.as_ref().unwrap().category, "garden-hoses");
        assert_eq!(file.category_names["garden-hoses"], "Garden Hoses");
    }

    #[test]
    fn html_becomes_paragraphs_of_plain_text() {
        assert_eq!(
            html_to_text("<p>Strong &amp; <b>light</b>.</p><p>Second<br>line</p>"),
            "Strong & light.\n\nSecond\n\nline"
        );
    }
}
