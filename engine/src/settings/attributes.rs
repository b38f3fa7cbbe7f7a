//! The catalog model: attribute definitions (text, number with a unit, enum with translated labels, boolean) and
//! product types, the named groups of attributes a product of that type fills in. Products, the import and the
//! storefront's filters read them; changing one moves the catalog version, so facets and pages follow.

use std::collections::BTreeMap;

use domain::{DomainError, Locale};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use super::{code, text};
use crate::{Actor, Engine, EngineResult, Scope, exchange::require_shop_catalog};

/// One value an enum attribute may take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeOption {
    /// The key products store and filters use (`stainless-a4`): lower-case letters, digits, `-`, `_` and `.`.
    pub value: String,
    /// What buyers read in the default language.
    pub label: String,
    /// The label in other languages, by locale (`{"de": "Edelstahl A4"}`).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

/// An attribute definition, keyed by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeRecord {
    /// The key, as filters name it (`attr.material`).
    pub code: String,
    /// What buyers read in the default language.
    pub name: String,
    /// `text`, `number`, `enum` or `boolean`.
    pub kind: String,
    /// The unit of a number (`mm`); empty otherwise.
    #[serde(default)]
    pub unit: String,
    /// Whether listings offer it as a filter.
    #[serde(default)]
    pub filterable: bool,
    /// The name in other languages, by locale.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// An enum's values, in the order filters list them; none for other kinds.
    #[serde(default)]
    pub options: Vec<AttributeOption>,
}

/// A product type, keyed by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductTypeRecord {
    /// The key (`fastener`).
    pub code: String,
    /// What staff read.
    pub name: String,
    /// Codes of its attributes, in the order product pages show them.
    pub attributes: Vec<String>,
}

fn translations(
    field: &str,
    texts: &BTreeMap<String, String>,
    max: usize,
) -> Result<BTreeMap<String, String>, DomainError> {
    texts
        .iter()
        .map(|(locale, value)| {
            let locale = Locale::parse(locale)
                .map_err(|e| DomainError::new(field, e.message))?
                .as_str()
                .to_owned();
            Ok((locale, text(field, value, max, true)?))
        })
        .collect()
}

impl AttributeRecord {
    /// The record checked and trimmed; an error names the field.
    pub fn validated(&self) -> Result<Self, DomainError> {
        let kind = self.kind.trim();
        if !matches!(kind, "text" | "number" | "enum" | "boolean") {
            return Err(DomainError::new(
                "kind",
                "must be text, number, enum or boolean",
            ));
        }
        let unit = text("unit", &self.unit, 20, false)?;
        if !unit.is_empty() && kind != "number" {
            return Err(DomainError::new("unit", "only a number has a unit"));
        }
        if kind == "enum" && self.options.is_empty() {
            return Err(DomainError::new(
                "options",
                "an enum needs at least one value",
            ));
        }
        if kind != "enum" && !self.options.is_empty() {
            return Err(DomainError::new("options", "only an enum has values"));
        }
        let mut options = Vec::with_capacity(self.options.len());
        for option in &self.options {
            let value = option.value.trim().to_ascii_lowercase();
            let ok = (1..=60).contains(&value.len())
                && value.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
                });
            if !ok {
                return Err(DomainError::new(
                    "options",
                    format!(
                        "`{}` must be 1 to 60 lower-case letters, digits, `-`, `_` or `.`",
                        option.value.trim()
                    ),
                ));
            }
            if options.iter().any(|o: &AttributeOption| o.value == value) {
                return Err(DomainError::new(
                    "options",
                    format!("`{value}` is listed twice"),
                ));
            }
            options.push(AttributeOption {
                value,
                label: text("options", &option.label, 100, true)?,
                labels: translations("options", &option.labels, 100)?,
            });
        }
        Ok(Self {
            code: code("code", &self.code)?,
            name: text("name", &self.name, 100, true)?,
            kind: kind.to_owned(),
            unit,
            filterable: self.filterable,
            names: translations("names", &self.names, 100)?,
            options,
        })
    }

    fn fields(&self) -> [(&'static str, String); 6] {
        let pairs = |m: &BTreeMap<String, String>| {
            m.iter()
                .map(|(l, t)| format!("{l}={t}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        [
            ("name", self.name.clone()),
            ("kind", self.kind.clone()),
            ("unit", self.unit.clone()),
            ("filterable", self.filterable.to_string()),
            ("names", pairs(&self.names)),
            (
                "options",
                self.options
                    .iter()
                    .map(|o| match pairs(&o.labels).as_str() {
                        "" => format!("{}={}", o.value, o.label),
                        labels => format!("{}={} ({labels})", o.value, o.label),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]
    }
}

impl ProductTypeRecord {
    /// The record checked and trimmed; an error names the field.
    pub fn validated(&self) -> Result<Self, DomainError> {
        let mut attributes: Vec<String> = Vec::with_capacity(self.attributes.len());
        for a in &self.attributes {
            let a = code("attributes", a)?;
            if attributes.contains(&a) {
                return Err(DomainError::new(
                    "attributes",
                    format!("`{a}` is listed twice"),
                ));
            }
            attributes.push(a);
        }
        Ok(Self {
            code: code("code", &self.code)?,
            name: text("name", &self.name, 100, true)?,
            attributes,
        })
    }
}

/// Creates or replaces the (validated) attribute in `tx`, with its translations and options; its id. A new
/// attribute goes last.
pub(crate) async fn write_attribute(
    tx: &mut Transaction<'_, Any>,
    a: &AttributeRecord,
) -> EngineResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO attributes (code, name, kind, unit, filterable, position)
         VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(position), -1) + 1 FROM attributes))
         ON CONFLICT (code) DO UPDATE SET name = $2, kind = $3, unit = $4, filterable = $5
         RETURNING id",
    )
    .bind(&a.code)
    .bind(&a.name)
    .bind(&a.kind)
    .bind(&a.unit)
    .bind(i64::from(a.filterable))
    .fetch_one(&mut **tx)
    .await?;
    for table in [
        "attribute_option_translations",
        "attribute_options",
        "attribute_translations",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE attribute_id = $1"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    for (locale, name) in &a.names {
        sqlx::query(
            "INSERT INTO attribute_translations (attribute_id, locale, name) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(locale)
        .bind(name)
        .execute(&mut **tx)
        .await?;
    }
    for (position, option) in a.options.iter().enumerate() {
        sqlx::query(
            "INSERT INTO attribute_options (attribute_id, value, label, position) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(&option.value)
        .bind(&option.label)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
        for (locale, label) in &option.labels {
            sqlx::query(
                "INSERT INTO attribute_option_translations (attribute_id, value, locale, label)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&option.value)
            .bind(locale)
            .bind(label)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(id)
}

/// Creates or replaces the (validated) product type in `tx`; an attribute that does not exist is an error naming
/// `attributes`.
pub(crate) async fn write_product_type(
    tx: &mut Transaction<'_, Any>,
    t: &ProductTypeRecord,
) -> EngineResult<()> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO product_types (code, name) VALUES ($1, $2)
         ON CONFLICT (code) DO UPDATE SET name = $2 RETURNING id",
    )
    .bind(&t.code)
    .bind(&t.name)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM product_type_attributes WHERE product_type_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (position, code) in t.attributes.iter().enumerate() {
        let added = sqlx::query(
            "INSERT INTO product_type_attributes (product_type_id, attribute_id, position)
             SELECT $1, id, $2 FROM attributes WHERE code = $3",
        )
        .bind(id)
        .bind(position as i64)
        .bind(code)
        .execute(&mut **tx)
        .await?;
        if added.rows_affected() == 0 {
            return Err(
                DomainError::new("attributes", format!("there is no attribute `{code}`")).into(),
            );
        }
    }
    Ok(())
}

impl Engine {
    /// Every attribute with its translations and options, in the shop's order; needs `catalog:read`.
    pub async fn attribute_records(&self, actor: &Actor) -> EngineResult<Vec<AttributeRecord>> {
        actor.require(Scope::CatalogRead)?;
        let pool = &self.db.pool;
        let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, code, name, kind, unit, filterable FROM attributes ORDER BY position, code",
        )
        .fetch_all(pool)
        .await?;
        let names: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT attribute_id, locale, name FROM attribute_translations")
                .fetch_all(pool)
                .await?;
        let options: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT attribute_id, value, label FROM attribute_options ORDER BY position, value",
        )
        .fetch_all(pool)
        .await?;
        let labels: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT attribute_id, value, locale, label FROM attribute_option_translations",
        )
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, code, name, kind, unit, filterable)| AttributeRecord {
                code,
                name,
                kind,
                unit,
                filterable: filterable != 0,
                names: names
                    .iter()
                    .filter(|(a, _, _)| *a == id)
                    .map(|(_, l, n)| (l.clone(), n.clone()))
                    .collect(),
                options: options
                    .iter()
                    .filter(|(a, _, _)| *a == id)
                    .map(|(_, value, label)| AttributeOption {
                        value: value.clone(),
                        label: label.clone(),
                        labels: labels
                            .iter()
                            .filter(|(a, v, _, _)| *a == id && v == value)
                            .map(|(_, _, l, t)| (l.clone(), t.clone()))
                            .collect(),
                    })
                    .collect(),
            })
            .collect())
    }

    /// Creates an attribute or changes one; needs `catalog:write` and a caller not bound to a company. A kind
    /// cannot change while products hold values, and an enum value cannot go while a product uses it.
    pub async fn save_attribute(
        &self,
        actor: &Actor,
        attribute: &AttributeRecord,
    ) -> EngineResult<AttributeRecord> {
        require_shop_catalog(actor)?;
        let attribute = attribute.validated()?;
        let before = self
            .attribute_records(actor)
            .await?
            .into_iter()
            .find(|a| a.code == attribute.code);
        if let Some(before) = &before {
            let used: Vec<(String,)> = sqlx::query_as(
                "SELECT DISTINCT v.value FROM product_attribute_values v
                 JOIN attributes a ON a.id = v.attribute_id WHERE a.code = $1",
            )
            .bind(&attribute.code)
            .fetch_all(&self.db.pool)
            .await?;
            if before.kind != attribute.kind && !used.is_empty() {
                return Err(DomainError::new(
                    "kind",
                    "products hold values of this attribute; its kind cannot change",
                )
                .into());
            }
            if attribute.kind == "enum"
                && let Some((gone,)) = used
                    .iter()
                    .find(|(v,)| !attribute.options.iter().any(|o| &o.value == v))
            {
                return Err(DomainError::new(
                    "options",
                    format!("products use `{gone}`; it cannot be removed"),
                )
                .into());
            }
        }
        let mut tx = self.db.begin_write().await?;
        write_attribute(&mut tx, &attribute).await?;
        let before = before.as_ref().map(AttributeRecord::fields);
        super::record_change(
            &mut tx,
            actor,
            ("attribute.created", "attribute.changed"),
            ("attribute", &attribute.code),
            before.as_ref().map(|b| b.as_slice()),
            &attribute.fields(),
        )
        .await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(attribute)
    }

    /// Every product type with its attributes in order; needs `catalog:read`.
    pub async fn product_type_records(
        &self,
        actor: &Actor,
    ) -> EngineResult<Vec<ProductTypeRecord>> {
        actor.require(Scope::CatalogRead)?;
        let types: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, code, name FROM product_types ORDER BY code")
                .fetch_all(&self.db.pool)
                .await?;
        let members: Vec<(i64, String)> = sqlx::query_as(
            "SELECT pta.product_type_id, a.code FROM product_type_attributes pta
             JOIN attributes a ON a.id = pta.attribute_id ORDER BY pta.position",
        )
        .fetch_all(&self.db.pool)
        .await?;
        Ok(types
            .into_iter()
            .map(|(id, code, name)| ProductTypeRecord {
                code,
                name,
                attributes: members
                    .iter()
                    .filter(|(t, _)| *t == id)
                    .map(|(_, a)| a.clone())
                    .collect(),
            })
            .collect())
    }

    /// Creates a product type or changes one; needs `catalog:write` and a caller not bound to a company.
    pub async fn save_product_type(
        &self,
        actor: &Actor,
        product_type: &ProductTypeRecord,
    ) -> EngineResult<ProductTypeRecord> {
        require_shop_catalog(actor)?;
        let product_type = product_type.validated()?;
        let fields = |t: &ProductTypeRecord| {
            [
                ("name", t.name.clone()),
                ("attributes", t.attributes.join(", ")),
            ]
        };
        let before = self
            .product_type_records(actor)
            .await?
            .into_iter()
            .find(|t| t.code == product_type.code)
            .map(|t| fields(&t));
        let mut tx = self.db.begin_write().await?;
        write_product_type(&mut tx, &product_type).await?;
        super::record_change(
            &mut tx,
            actor,
            ("product_type.created", "product_type.changed"),
            ("product_type", &product_type.code),
            before.as_ref().map(|b| b.as_slice()),
            &fields(&product_type),
        )
        .await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(product_type)
    }
}
