//! Attribute definitions and product types as the back office and the admin API change them: who may, what is
//! checked, what products that use an attribute protect, and what the audit trail says.

mod common;

use common::{each_backend, seeded};
use engine::{
    Actor, EngineError, Scope,
    audit_log::AuditFilter,
    settings::{AttributeOption, AttributeRecord, ProductTypeRecord},
    staff::builtin_roles,
};

fn field<T: std::fmt::Debug>(result: Result<T, EngineError>) -> String {
    match result {
        Err(EngineError::Domain(e)) => e.field,
        other => panic!("expected a refusal naming a field, got {other:?}"),
    }
}

fn finish() -> AttributeRecord {
    AttributeRecord {
        code: "finish".into(),
        name: "Finish".into(),
        kind: "enum".into(),
        unit: String::new(),
        filterable: true,
        names: [("de".to_owned(), "Oberfläche".to_owned())].into(),
        options: vec![AttributeOption {
            value: "matte".into(),
            label: "Matte".into(),
            labels: [("de".to_owned(), "Matt".to_owned())].into(),
        }],
    }
}

#[tokio::test]
async fn only_roles_with_catalog_write_change_the_catalog_model() {
    each_backend(|engine| async move {
        for (i, role) in builtin_roles().into_iter().enumerate() {
            let actor =
                common::staff_actor(&engine, &format!("s{i}@shop.example"), &role.code).await;
            let writes = role.permissions.contains(&Scope::CatalogWrite);
            let attribute = AttributeRecord {
                code: format!("a{i}"),
                ..finish()
            };
            let saved = engine.save_attribute(&actor, &attribute).await;
            assert_eq!(saved.is_ok(), writes, "{} attribute", role.code);
            if !writes {
                assert!(matches!(saved, Err(EngineError::Forbidden(_))));
            }
            let product_type = ProductTypeRecord {
                code: format!("t{i}"),
                name: "Type".into(),
                attributes: vec![],
            };
            assert_eq!(
                engine
                    .save_product_type(&actor, &product_type)
                    .await
                    .is_ok(),
                writes,
                "{} product type",
                role.code
            );
            assert_eq!(
                engine.attribute_records(&actor).await.is_ok(),
                role.permissions.contains(&Scope::CatalogRead),
                "{} reading",
                role.code
            );
        }
    })
    .await;
}

#[tokio::test]
async fn an_attribute_is_checked_protects_what_products_use_and_is_audited() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let owner = Actor::process("test");
        for (bad, expected) in [
            (
                AttributeRecord {
                    options: vec![],
                    ..finish()
                },
                "options",
            ),
            (
                AttributeRecord {
                    kind: "colour".into(),
                    ..finish()
                },
                "kind",
            ),
            (
                AttributeRecord {
                    unit: "mm".into(),
                    ..finish()
                },
                "unit",
            ),
            (
                AttributeRecord {
                    names: [("deutsch".to_owned(), "x".to_owned())].into(),
                    ..finish()
                },
                "names",
            ),
            (
                AttributeRecord {
                    code: "Not a code".into(),
                    ..finish()
                },
                "code",
            ),
        ] {
            assert_eq!(field(engine.save_attribute(&owner, &bad).await), expected);
        }
        let saved = engine.save_attribute(&owner, &finish()).await.unwrap();
        assert_eq!(saved.options[0].labels["de"], "Matt");

        let records = engine.attribute_records(&owner).await.unwrap();
        let material = records.iter().find(|a| a.code == "material").unwrap();
        assert_eq!(material.names["de"], "Werkstoff", "the seed's translation");
        assert_eq!(
            records.last().unwrap().code,
            "finish",
            "a new attribute goes last"
        );
        let as_text = AttributeRecord {
            kind: "text".into(),
            options: vec![],
            ..material.clone()
        };
        assert_eq!(
            field(engine.save_attribute(&owner, &as_text).await),
            "kind",
            "products hold its values"
        );
        let fewer = AttributeRecord {
            options: material
                .options
                .iter()
                .filter(|o| o.value != "steel")
                .cloned()
                .collect(),
            ..material.clone()
        };
        assert_eq!(
            field(engine.save_attribute(&owner, &fewer).await),
            "options",
            "products use steel"
        );
        let renamed = AttributeRecord {
            name: "Material grade".into(),
            ..material.clone()
        };
        engine.save_attribute(&owner, &renamed).await.unwrap();

        let trail = engine
            .audit_entries(
                &owner,
                &AuditFilter {
                    entity: Some("attribute".into()),
                    entity_id: Some("material".into()),
                    ..AuditFilter::default()
                },
            )
            .await
            .unwrap();
        let change = &trail.entries[0];
        assert_eq!(change.action, "attribute.changed");
        assert_eq!(change.changes.len(), 1, "{:?}", change.changes);
        assert_eq!(
            (
                change.changes[0].before.as_deref(),
                change.changes[0].after.as_deref()
            ),
            (Some("Material"), Some("Material grade"))
        );

        assert_eq!(
            field(
                engine
                    .save_product_type(
                        &owner,
                        &ProductTypeRecord {
                            code: "glove".into(),
                            name: "Glove".into(),
                            attributes: vec!["size".into()],
                        },
                    )
                    .await
            ),
            "attributes"
        );
        engine
            .save_product_type(
                &owner,
                &ProductTypeRecord {
                    code: "tool".into(),
                    name: "Hand tool".into(),
                    attributes: vec!["finish".into(), "material".into()],
                },
            )
            .await
            .unwrap();
        let types = engine.product_type_records(&owner).await.unwrap();
        let tool = types.iter().find(|t| t.code == "tool").unwrap();
        assert_eq!(tool.attributes, ["finish", "material"]);
        assert_eq!(tool.name, "Hand tool");
    })
    .await;
}
