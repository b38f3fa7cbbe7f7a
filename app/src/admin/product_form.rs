//! The product editor's form and the engine's [`engine::ProductEdit`], both ways: prices, breaks, options and other
//! currencies as the short text a person types, read back with an error that names the row and field.

use std::collections::BTreeMap;

use engine::{
    EditableProduct, ProductEdit,
    exchange::{
        ImageRecord, OptionRecord, PriceRecord, ProductRecord, RulesRecord, TierRecord,
        TranslationRecord, VariantRecord,
    },
    settings::{AttributeRecord, ProductTypeRecord},
};
use rust_decimal::Decimal;

use super::products_api::{
    AttributeField, ImageForm, ProductEditorView, ProductFields, TranslationForm, VariantForm,
};
use crate::error::AppError;

fn invalid(field: impl Into<String>, message: impl Into<String>) -> AppError {
    AppError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// The form of a product not stored yet: a draft with one empty variant row.
pub fn new_product(currency: &str) -> ProductEditorView {
    ProductEditorView {
        status: "draft".into(),
        tax_class: "standard".into(),
        currency: currency.to_owned(),
        variants: vec![VariantForm::default()],
        ..ProductEditorView::default()
    }
}

/// An amount with at least cents, as a person types a price (`85.00`, `0.0125`).
fn amount(value: Decimal) -> String {
    let mut value = value.normalize();
    if value.scale() < 2 {
        value.rescale(2);
    }
    value.to_string()
}

fn tiers_text(tiers: &[TierRecord]) -> String {
    tiers
        .iter()
        .map(|t| format!("{}: {}", t.min_quantity, amount(t.price)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The stored product as the form shows it, with one empty variant row to add another.
pub fn from_edit(opened: &EditableProduct) -> ProductEditorView {
    let edit = &opened.edit;
    let r = &edit.record;
    let mut variants: Vec<VariantForm> = r
        .variants
        .iter()
        .map(|v| {
            let rules = v.rules.unwrap_or(RulesRecord::DEFAULT);
            VariantForm {
                sku: v.sku.clone(),
                title: v.title.clone(),
                options: v
                    .options
                    .iter()
                    .map(|o| format!("{}: {}", o.name, o.value))
                    .collect::<Vec<_>>()
                    .join("; "),
                price: amount(v.price),
                tiers: tiers_text(v.tiers.as_deref().unwrap_or_default()),
                other_prices: v
                    .prices
                    .iter()
                    .flatten()
                    .map(|p| match tiers_text(&p.tiers).as_str() {
                        "" => format!("{} {}", p.currency, amount(p.price)),
                        tiers => format!("{} {}; {tiers}", p.currency, amount(p.price)),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                min: rules.min.to_string(),
                step: rules.step.to_string(),
                max: rules.max.map(|m| m.to_string()).unwrap_or_default(),
                stock: v.stock.to_string(),
                remove: None,
            }
        })
        .collect();
    variants.push(VariantForm::default());
    ProductEditorView {
        original: r.handle.clone(),
        version: opened.version,
        name: r.name.clone(),
        handle: r.handle.clone(),
        brand: r.brand.clone(),
        category: r.category.clone(),
        product_type: r.product_type.clone().unwrap_or_default(),
        tax_class: r.tax_class.clone(),
        description: r.description.clone(),
        status: edit.status.as_str().to_owned(),
        publish_at: edit.publish_at.map(datetime_text).unwrap_or_default(),
        seo_title: edit.seo_title.clone(),
        seo_description: edit.seo_description.clone(),
        attributes: r
            .attributes
            .iter()
            .map(|(code, value)| AttributeField {
                code: code.clone(),
                name: code.clone(),
                kind: "text".into(),
                unit: String::new(),
                value: value.clone(),
                choices: Vec::new(),
            })
            .collect(),
        translations: r
            .translations
            .iter()
            .map(|(locale, t)| TranslationForm {
                locale: locale.clone(),
                name: t.name.clone(),
                slug: t.slug.clone(),
                description: t.description.clone(),
            })
            .collect(),
        variants,
        images: r
            .images
            .iter()
            .map(|i| ImageForm {
                url: i.url.clone(),
                alt: i.alt.clone(),
                alts: i.alts.clone(),
                variant: i.variant.clone().unwrap_or_default(),
                remove: None,
            })
            .collect(),
        ..ProductEditorView::default()
    }
}

/// The attributes the product's type asks for, in the type's order, with their values; a stored value the type
/// does not ask for is kept at the end, so saving the form never drops data it did not show.
pub fn attribute_fields(
    view: &ProductEditorView,
    types: &[ProductTypeRecord],
    definitions: &[AttributeRecord],
) -> Vec<AttributeField> {
    let stored: BTreeMap<&str, &str> = view
        .attributes
        .iter()
        .map(|a| (a.code.as_str(), a.value.as_str()))
        .collect();
    let wanted: Vec<&str> = types
        .iter()
        .find(|t| t.code == view.product_type)
        .map(|t| t.attributes.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let extra = stored.keys().copied().filter(|c| !wanted.contains(c));
    wanted
        .iter()
        .copied()
        .chain(extra)
        .map(|code| {
            let definition = definitions.iter().find(|d| d.code == code);
            AttributeField {
                code: code.to_owned(),
                name: definition.map_or(code.to_owned(), |d| d.name.clone()),
                kind: definition.map_or("text".into(), |d| d.kind.clone()),
                unit: definition.map(|d| d.unit.clone()).unwrap_or_default(),
                value: stored
                    .get(code)
                    .map(|v| (*v).to_owned())
                    .unwrap_or_default(),
                choices: definition
                    .map(|d| {
                        d.options
                            .iter()
                            .map(|o| (o.value.clone(), o.label.clone()))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// One row per language the shop sells in beyond its main one, filled where the product has a translation.
pub fn translation_rows(
    stored: &[TranslationForm],
    channels: &[domain::Channel],
) -> Vec<TranslationForm> {
    let main = channels
        .first()
        .map(|c| c.default_locale.as_str().to_owned());
    let mut locales: Vec<String> = channels
        .iter()
        .flat_map(|c| c.locales.iter().map(|l| l.as_str().to_owned()))
        .filter(|l| Some(l) != main.as_ref())
        .collect();
    locales.extend(stored.iter().map(|t| t.locale.clone()));
    locales.sort();
    locales.dedup();
    locales
        .into_iter()
        .map(|locale| {
            stored
                .iter()
                .find(|t| t.locale == locale)
                .cloned()
                .unwrap_or(TranslationForm {
                    locale,
                    ..TranslationForm::default()
                })
        })
        .collect()
}

/// `YYYY-MM-DDTHH:MM` (UTC), as a `datetime-local` field shows it.
pub fn datetime_text(ms: i64) -> String {
    let minutes = ms.div_euclid(60_000).rem_euclid(24 * 60);
    format!(
        "{}T{:02}:{:02}",
        domain::calendar_day(ms),
        minutes / 60,
        minutes % 60
    )
}

/// Reads `YYYY-MM-DDTHH:MM` (seconds allowed) as UTC epoch milliseconds.
pub fn parse_datetime(text: &str) -> Result<i64, AppError> {
    let bad = || {
        invalid(
            "publish_at",
            format!("`{text}` is not a date and time such as 2027-01-31T08:00"),
        )
    };
    let (day, time) = text.trim().split_once('T').ok_or_else(bad)?;
    let start = domain::day_ms(day, "publish_at")?;
    let mut parts = time.split(':');
    let hours: i64 = parts.next().and_then(|h| h.parse().ok()).ok_or_else(bad)?;
    let minutes: i64 = parts.next().and_then(|m| m.parse().ok()).ok_or_else(bad)?;
    if !(0..24).contains(&hours) || !(0..60).contains(&minutes) {
        return Err(bad());
    }
    Ok(start + hours * 3_600_000 + minutes * 60_000)
}

fn decimal(text: &str, field: &str) -> Result<Decimal, AppError> {
    text.trim().replace(',', ".").parse().map_err(|_| {
        invalid(
            field,
            format!("`{}` is not an amount such as 12.50", text.trim()),
        )
    })
}

fn count(text: &str, field: &str, default: Option<u32>) -> Result<Option<u32>, AppError> {
    match text.trim() {
        "" => Ok(default),
        t => t
            .parse()
            .map(Some)
            .map_err(|_| invalid(field, format!("`{t}` is not a whole number"))),
    }
}

/// `quantity: price; quantity: price`.
pub fn parse_tiers(text: &str, field: &str) -> Result<Vec<TierRecord>, AppError> {
    text.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|tier| {
            let (quantity, price) = tier.split_once(':').ok_or_else(|| {
                invalid(
                    field,
                    format!("`{tier}` must read `quantity: price`, such as `10: 12.00`"),
                )
            })?;
            Ok(TierRecord {
                min_quantity: count(quantity, field, None)?.unwrap_or_default(),
                price: decimal(price, field)?,
            })
        })
        .collect()
}

/// `Name: value; Name: value`.
pub fn parse_options(text: &str, field: &str) -> Result<Vec<OptionRecord>, AppError> {
    text.split(';')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|option| {
            let (name, value) = option.split_once(':').ok_or_else(|| {
                invalid(
                    field,
                    format!("`{option}` must read `Name: value`, such as `Size: L`"),
                )
            })?;
            Ok(OptionRecord {
                name: name.trim().to_owned(),
                value: value.trim().to_owned(),
            })
        })
        .collect()
}

/// A line per currency: `CHF 14.50; 10: 13.00; 50: 12.00`.
pub fn parse_other_prices(text: &str, field: &str) -> Result<Vec<PriceRecord>, AppError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (head, tiers) = line.split_once(';').unwrap_or((line, ""));
            let (currency, price) = head.trim().split_once(' ').ok_or_else(|| {
                invalid(
                    field,
                    format!("`{line}` must start with a currency and a price, such as `CHF 14.50`"),
                )
            })?;
            Ok(PriceRecord {
                currency: currency.trim().to_uppercase(),
                price: decimal(price, field)?,
                tiers: parse_tiers(tiers, field)?,
            })
        })
        .collect()
}

fn variant(i: usize, v: VariantForm, currency: &str) -> Result<VariantRecord, AppError> {
    let field = |name: &str| format!("variants[{i}].{name}");
    let min = count(&v.min, &field("min"), Some(1))?.unwrap_or(1);
    let step = count(&v.step, &field("step"), Some(1))?.unwrap_or(1);
    let max = count(&v.max, &field("max"), None)?;
    let rules = RulesRecord { min, step, max };
    Ok(VariantRecord {
        title: match v.title.trim() {
            "" => v.sku.trim().to_owned(),
            t => t.to_owned(),
        },
        options: parse_options(&v.options, &field("options"))?,
        price: decimal(&v.price, &field("price"))?,
        currency: currency.to_owned(),
        free: false,
        tiers: Some(parse_tiers(&v.tiers, &field("tiers"))?),
        prices: Some(parse_other_prices(&v.other_prices, &field("other_prices"))?),
        stock: i64::from(count(&v.stock, &field("stock"), Some(0))?.unwrap_or(0)),
        rules: Some(rules),
        sku: v.sku.trim().to_owned(),
    })
}

/// The form as posted, as the engine's edit; a row or field that does not read is refused naming it.
pub fn to_edit(
    currency: &str,
    product: ProductFields,
    attributes: BTreeMap<String, String>,
    translations: Vec<TranslationForm>,
    variants: Vec<VariantForm>,
    images: Vec<ImageForm>,
) -> Result<ProductEdit, AppError> {
    let variants = variants
        .into_iter()
        .enumerate()
        .filter(|(_, v)| !v.sku.trim().is_empty() && v.remove.is_none())
        .map(|(i, v)| variant(i, v, currency))
        .collect::<Result<Vec<_>, _>>()?;
    if variants.is_empty() {
        return Err(invalid(
            "variants",
            "a product needs at least one variant with a SKU",
        ));
    }
    Ok(ProductEdit {
        record: ProductRecord {
            handle: product.handle.trim().to_owned(),
            name: product.name.trim().to_owned(),
            brand: product.brand.trim().to_owned(),
            description: product.description.trim().replace("\r\n", "\n"),
            category: product.category.trim().to_owned(),
            product_type: Some(product.product_type.trim().to_owned()).filter(|t| !t.is_empty()),
            tax_class: match product.tax_class.trim() {
                "" => "standard".to_owned(),
                class => class.to_owned(),
            },
            attributes: attributes
                .into_iter()
                .map(|(code, value)| (code, value.trim().to_owned()))
                .filter(|(_, value)| !value.is_empty())
                .collect(),
            translations: translations
                .into_iter()
                .filter(|t| !t.name.trim().is_empty())
                .map(|t| {
                    (
                        t.locale.trim().to_owned(),
                        TranslationRecord {
                            name: t.name.trim().to_owned(),
                            slug: t.slug.trim().to_owned(),
                            description: t.description.trim().replace("\r\n", "\n"),
                        },
                    )
                })
                .collect(),
            images: images
                .into_iter()
                .filter(|i| i.remove.is_none() && !i.url.trim().is_empty())
                .map(|i| ImageRecord {
                    url: i.url.trim().to_owned(),
                    alt: i.alt.trim().to_owned(),
                    alts: i
                        .alts
                        .into_iter()
                        .map(|(locale, alt)| (locale, alt.trim().to_owned()))
                        .filter(|(_, alt)| !alt.is_empty())
                        .collect(),
                    variant: Some(i.variant.trim().to_owned()).filter(|v| !v.is_empty()),
                })
                .collect(),
            variants,
        },
        status: domain::ProductStatus::parse(&product.status)?,
        publish_at: match product.publish_at.trim() {
            "" => None,
            text => Some(parse_datetime(text)?),
        },
        seo_title: product.seo_title,
        seo_description: product.seo_description,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_options_and_other_prices_read_as_typed() {
        let tiers = parse_tiers("10: 12.00; 50: 11,50", "tiers").unwrap();
        assert_eq!(tiers.len(), 2);
        assert_eq!(tiers[1].min_quantity, 50);
        assert_eq!(tiers[1].price, "11.50".parse::<Decimal>().unwrap());
        let options = parse_options("Size: L; Colour: red", "options").unwrap();
        assert_eq!(
            (options[1].name.as_str(), options[1].value.as_str()),
            ("Colour", "red")
        );
        let other = parse_other_prices("chf 14.50; 10: 13.00\nUSD 15", "other_prices").unwrap();
        assert_eq!(other[0].currency, "CHF");
        assert_eq!(other[0].tiers[0].min_quantity, 10);
        assert_eq!(other[1].price, Decimal::from(15));
    }

    #[test]
    fn a_row_that_does_not_read_is_refused_naming_it() {
        let form = VariantForm {
            sku: "X-1".into(),
            price: "twelve".into(),
            ..VariantForm::default()
        };
        let fields = ProductFields {
            name: "X".into(),
            handle: "x".into(),
            category: "tools".into(),
            status: "draft".into(),
            ..ProductFields::default()
        };
        let rows = vec![VariantForm::default(), form];
        match to_edit("EUR", fields, BTreeMap::new(), Vec::new(), rows, Vec::new()) {
            Err(AppError::Invalid { field, .. }) => assert_eq!(field, "variants[1].price"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_tiers("10 12.00", "tiers"),
            Err(AppError::Invalid { .. })
        ));
    }

    #[test]
    fn a_publish_time_reads_back_as_shown() {
        let ms = parse_datetime("2027-01-31T08:05").unwrap();
        assert_eq!(datetime_text(ms), "2027-01-31T08:05");
        assert!(parse_datetime("2027-01-31 08:05").is_err());
        assert!(parse_datetime("2027-01-31T25:00").is_err());
    }
}
