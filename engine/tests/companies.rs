//! Customer groups and companies' terms as the back office and the admin API set them: who may, what is checked,
//! what a new company starts with, what the audit trail says, and paging through companies.

mod common;

use common::{each_backend, seeded};
use engine::{
    Actor, EngineError, Scope,
    audit_log::AuditFilter,
    exchange::CustomerRecord,
    settings::{CompanyQuery, CompanyTerms, CustomerGroupRecord, PaymentSettings},
    staff::builtin_roles,
};
use rust_decimal::Decimal;

fn company(code: &str) -> CompanyTerms {
    CompanyTerms {
        code: code.into(),
        name: format!("{code} GmbH"),
        country: "de".into(),
        vat_id: String::new(),
        customer_group: String::new(),
        payment_terms_days: None,
        invoice_approved: false,
        credit_limit: None,
    }
}

fn field<T: std::fmt::Debug>(result: Result<T, EngineError>) -> String {
    match result {
        Err(EngineError::Domain(e)) => e.field,
        other => panic!("expected a refusal naming a field, got {other:?}"),
    }
}

#[tokio::test]
async fn only_roles_with_customers_write_change_groups_and_companies_and_readers_see_them() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        for (i, role) in builtin_roles().into_iter().enumerate() {
            let actor =
                common::staff_actor(&engine, &format!("s{i}@shop.example"), &role.code).await;
            let writes = role.permissions.contains(&Scope::CustomersWrite);
            let reads = role.permissions.contains(&Scope::CustomersRead);
            let group = CustomerGroupRecord {
                code: format!("g{i}"),
                name: "Group".into(),
            };
            assert_eq!(
                engine.save_customer_group(&actor, &group).await.is_ok(),
                writes,
                "{} group",
                role.code
            );
            let saved = engine
                .save_company_terms(&actor, &company(&format!("c{i}")))
                .await;
            assert_eq!(saved.is_ok(), writes, "{} company", role.code);
            if !writes {
                assert!(matches!(saved, Err(EngineError::Forbidden(_))));
            }
            assert_eq!(
                engine
                    .companies(&actor, &CompanyQuery::default())
                    .await
                    .is_ok(),
                reads,
                "{} reading",
                role.code
            );
            let customer = CustomerRecord {
                company: "acme".into(),
                company_name: None,
                country: None,
                email: format!("p{i}@acme.example"),
                name: "Person".into(),
                role: "buyer".into(),
                invoice_approved: Some(true),
                credit_limit: None,
                vat_id: None,
            };
            assert_eq!(
                engine
                    .upsert_customers(&actor, vec![(1, Ok(customer))])
                    .await
                    .is_ok(),
                writes,
                "{} customer upload",
                role.code
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_company_starts_with_the_shop_default_terms_and_every_change_is_checked_and_audited() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let owner = Actor::process("test");
        engine
            .save_payment_settings(
                &owner,
                &PaymentSettings {
                    default_terms_days: 14,
                    ..PaymentSettings::default()
                },
            )
            .await
            .unwrap();

        let new = engine
            .save_company_terms(&owner, &company("globex"))
            .await
            .unwrap();
        assert_eq!(new.terms.payment_terms_days, Some(14));
        assert_eq!(new.terms.country, "DE");
        assert_eq!(new.people, 0);

        let unknown_group = CompanyTerms {
            customer_group: "nobody".into(),
            ..company("globex")
        };
        assert_eq!(
            field(engine.save_company_terms(&owner, &unknown_group).await),
            "customer_group"
        );
        let bad_vat = CompanyTerms {
            vat_id: "DE12".into(),
            ..company("globex")
        };
        assert_eq!(
            field(engine.save_company_terms(&owner, &bad_vat).await),
            "vat_id"
        );
        let negative = CompanyTerms {
            credit_limit: Some(Decimal::from(-1)),
            ..company("globex")
        };
        assert_eq!(
            field(engine.save_company_terms(&owner, &negative).await),
            "credit_limit"
        );

        let acme = engine.company_overview(&owner, "acme").await.unwrap();
        assert_eq!(acme.price_lists, vec!["acme".to_owned()]);
        let changed = engine
            .save_company_terms(
                &owner,
                &CompanyTerms {
                    customer_group: "dealers".into(),
                    payment_terms_days: Some(60),
                    credit_limit: Some("5000.50".parse().unwrap()),
                    vat_id: "at u12345678".into(),
                    ..acme.terms.clone()
                },
            )
            .await
            .unwrap();
        assert_eq!(changed.terms.vat_id, "ATU12345678");
        assert_eq!(
            changed.price_lists,
            vec!["acme".to_owned(), "dealers".to_owned()],
            "its own list, then its group's, by priority"
        );
        assert!(changed.people > 0);

        let entries = engine
            .audit_entries(
                &owner,
                &AuditFilter {
                    entity: Some("company".into()),
                    ..AuditFilter::default()
                },
            )
            .await
            .unwrap();
        let change = entries
            .entries
            .iter()
            .find(|e| e.entity_id == "acme")
            .expect("the change is in the trail");
        assert_eq!(change.action, "company.changed");
        let group = change
            .changes
            .iter()
            .find(|c| c.field == "customer_group")
            .unwrap();
        assert_eq!(
            (group.before.as_deref(), group.after.as_deref()),
            (Some(""), Some("dealers"))
        );
        assert!(
            !change.changes.iter().any(|c| c.field == "name"),
            "unchanged fields are left out"
        );
        assert!(
            entries
                .entries
                .iter()
                .any(|e| e.entity_id == "globex" && e.action == "company.created")
        );
    })
    .await;
}

#[tokio::test]
async fn companies_come_a_page_at_a_time_and_a_search_finds_code_or_name() {
    each_backend(|engine| async move {
        let owner = Actor::process("test");
        for code in ["a-1", "b-2", "c-3"] {
            engine
                .save_company_terms(&owner, &company(code))
                .await
                .unwrap();
        }
        let first = engine
            .companies(
                &owner,
                &CompanyQuery {
                    limit: Some(2),
                    ..CompanyQuery::default()
                },
            )
            .await
            .unwrap();
        let codes: Vec<_> = first.data.iter().map(|c| c.terms.code.as_str()).collect();
        assert_eq!(codes, ["a-1", "b-2"]);
        assert_eq!(first.next.as_deref(), Some("b-2"));
        let second = engine
            .companies(
                &owner,
                &CompanyQuery {
                    limit: Some(2),
                    after: first.next,
                    ..CompanyQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(second.data.len(), 1);
        assert_eq!(second.next, None);
        let found = engine
            .companies(
                &owner,
                &CompanyQuery {
                    search: Some("B-2 gmbh".into()),
                    ..CompanyQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(found.data.len(), 1);
        assert_eq!(found.data[0].terms.code, "b-2");
    })
    .await;
}
