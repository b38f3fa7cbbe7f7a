//! The back office's people on every backend: a company's page with its people, addresses, open balance and spend;
//! inviting a company's first admin; disabling a person (sessions end, sign-in and shopping-as refused, enabling
//! gives the account back); the searchable list of people; and every refusal for a lesser caller.

mod common;

use common::{
    each_backend, key_actor, order_cart_on_account, seeded, signed_in_buyer, staff_actor,
};
use domain::{Quantity, Role, Sku};
use engine::{
    Actor, ClientAddr, EngineError, Scope, customers::PersonQuery, settings::CompanyTerms,
};
use rust_decimal::Decimal;

const RESET: &str = "https://shop.example/account/reset";

#[tokio::test]
async fn a_companys_page_shows_its_people_addresses_balance_and_spend() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let ops = Actor::process("test");
        let mut terms = engine.company_overview(&ops, "acme").await.unwrap().terms;
        terms.invoice_approved = true;
        terms.credit_limit = Some(Decimal::from(100_000));
        engine.save_company_terms(&ops, &terms).await.unwrap();
        let (account, shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        let sku = Sku::parse("SC-160").unwrap();
        let mut numbers = Vec::new();
        for key in ["page-0000001", "page-0000002"] {
            engine
                .add_to_cart(&shopper, None, &sku, Quantity::parse(2).unwrap())
                .await
                .unwrap();
            numbers.push(order_cart_on_account(&engine, &account, &shopper, key).await);
        }
        engine
            .cancel_order(&ops, &numbers[1], "test")
            .await
            .unwrap();
        let kept = engine.order_for_merchant(&numbers[0]).await.unwrap();

        let service = staff_actor(&engine, "cs@shop.example", "customer_service").await;
        let page = engine.company_account(&service, "acme").await.unwrap();
        assert_eq!(page.company.terms.name, "ACME");
        let emails: Vec<&str> = page.people.iter().map(|p| p.email.as_str()).collect();
        assert!(emails.contains(&"buyer@acme.example"), "{emails:?}");
        assert!(page.people.iter().all(|p| !p.disabled));
        assert!(page.addresses.iter().any(|a| a.kind == "billing"));
        assert!(page.addresses.iter().any(|a| a.kind == "shipping"));
        assert_eq!(page.currency, "EUR");
        assert_eq!(
            page.open_balance,
            kept.totals.total.amount.normalize(),
            "the cancelled order owes nothing"
        );
        assert_eq!(
            page.credit_available,
            Some((Decimal::from(100_000) - kept.totals.total.amount).normalize())
        );
        assert_eq!(page.spend.len(), 1);
        assert_eq!(page.spend[0].orders, 1, "the cancelled order is not spend");
        assert_eq!(
            page.spend[0].net_total,
            kept.totals.subtotal_net.amount.normalize()
        );
        assert_eq!(page.spend[0].net_last_365_days, page.spend[0].net_total);

        // A key bound to another company, a role without `customers:read`, an unknown company.
        let other = key_actor(&engine, vec![Scope::CustomersRead], Some("acme")).await;
        assert!(engine.company_account(&other, "acme").await.is_ok());
        let catalog = staff_actor(&engine, "cat@shop.example", "catalog_manager").await;
        assert!(matches!(
            engine.company_account(&catalog, "acme").await,
            Err(EngineError::Forbidden(_))
        ));
        assert!(matches!(
            engine.company_account(&service, "nobody").await,
            Err(EngineError::NotFound { .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn staff_create_a_company_and_invite_its_first_admin() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let service = staff_actor(&engine, "cs@shop.example", "customer_service").await;
        let terms = CompanyTerms {
            code: "initech".into(),
            name: "Initech".into(),
            country: "AT".into(),
            vat_id: String::new(),
            customer_group: String::new(),
            payment_terms_days: None,
            invoice_approved: false,
            credit_limit: None,
        };
        engine.save_company_terms(&service, &terms).await.unwrap();
        let added = engine
            .add_company_person(
                &service,
                "initech",
                " Peter@Initech.example ",
                "Peter",
                Role::Admin,
                RESET,
            )
            .await
            .unwrap();
        assert_eq!(added.email, "peter@initech.example");
        assert_eq!(added.role, "admin");
        let page = engine.company_account(&service, "initech").await.unwrap();
        assert_eq!(page.people, vec![added.clone()]);
        let mail = engine
            .claim_emails(50, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        let invite = mail
            .iter()
            .find(|m| m.to_address == "peter@initech.example")
            .expect("the new admin is emailed a link to choose a password");
        assert!(invite.body.contains(RESET), "{}", invite.body);

        // Someone who buys for another company already is added as they are, and is not emailed again.
        let buyer = engine
            .add_company_person(
                &service,
                "initech",
                "buyer@acme.example",
                "ignored",
                Role::Buyer,
                RESET,
            )
            .await
            .unwrap();
        assert_ne!(buyer.name, "ignored", "their own name stays");
        let more = engine
            .claim_emails(50, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        assert!(more.iter().all(|m| m.to_address != "buyer@acme.example"));
        let again = engine
            .add_company_person(
                &service,
                "initech",
                "buyer@acme.example",
                "B",
                Role::Buyer,
                RESET,
            )
            .await;
        assert!(
            matches!(again, Err(EngineError::Domain(ref e)) if e.field == "email"),
            "{again:?}"
        );

        let trail = common::trail(&engine, "company", "initech").await;
        assert_eq!(
            trail
                .iter()
                .filter(|e| e.action == "company.person_added")
                .count(),
            2
        );

        // Refused: a read-only role, a key bound to a company, and an unknown company.
        let reader = staff_actor(&engine, "ro@shop.example", "read_only").await;
        let bound = key_actor(&engine, vec![Scope::CustomersRead], Some("acme")).await;
        for who in [&reader, &bound] {
            assert!(matches!(
                engine
                    .add_company_person(who, "acme", "x@acme.example", "X", Role::Admin, RESET)
                    .await,
                Err(EngineError::Forbidden(_))
            ));
        }
        assert!(matches!(
            engine
                .add_company_person(
                    &service,
                    "nobody",
                    "x@acme.example",
                    "X",
                    Role::Admin,
                    RESET
                )
                .await,
            Err(EngineError::NotFound { .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn a_disabled_person_is_signed_out_and_cannot_sign_in_until_enabled() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let service = staff_actor(&engine, "cs@shop.example", "customer_service").await;
        let session = engine
            .sign_in("buyer@acme.example", "kontor-demo", ClientAddr::LOCAL)
            .await
            .unwrap();
        assert!(engine.session(&session.token).await.unwrap().is_some());

        engine
            .set_person_disabled(&service, "buyer@acme.example", true)
            .await
            .unwrap();
        assert!(
            engine.session(&session.token).await.unwrap().is_none(),
            "the session ended"
        );
        let guest = common::guest(&engine).await;
        assert!(
            engine
                .session_shopper(&session.token, guest)
                .await
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            engine
                .sign_in("buyer@acme.example", "kontor-demo", ClientAddr::LOCAL)
                .await,
            Err(EngineError::Forbidden(_))
        ));
        // A wrong password still says only that it is wrong: the state is told to whoever knows the password.
        assert!(matches!(
            engine
                .sign_in("buyer@acme.example", "wrong-password", ClientAddr::LOCAL)
                .await,
            Err(EngineError::Domain(_))
        ));
        assert!(matches!(
            engine
                .start_shopping_as(&service, "buyer@acme.example")
                .await,
            Err(EngineError::Domain(_))
        ));
        let disabled = engine
            .people(
                &service,
                &PersonQuery {
                    status: Some("disabled".into()),
                    ..PersonQuery::default()
                },
            )
            .await
            .unwrap();
        let emails: Vec<&str> = disabled.data.iter().map(|p| p.email.as_str()).collect();
        assert_eq!(emails, ["buyer@acme.example"]);
        let page = engine.company_account(&service, "acme").await.unwrap();
        assert!(
            page.people
                .iter()
                .any(|p| p.email == "buyer@acme.example" && p.disabled)
        );

        // Disabling twice changes nothing; enabling gives the account back.
        engine
            .set_person_disabled(&service, "buyer@acme.example", true)
            .await
            .unwrap();
        engine
            .set_person_disabled(&service, "buyer@acme.example", false)
            .await
            .unwrap();
        engine
            .sign_in("buyer@acme.example", "kontor-demo", ClientAddr::LOCAL)
            .await
            .unwrap();
        let trail = common::trail(&engine, "customer", "buyer@acme.example").await;
        let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["customer.enabled", "customer.disabled"]);

        // Refused: a read-only role, a key bound to a company, an unknown person.
        let reader = staff_actor(&engine, "ro@shop.example", "read_only").await;
        let bound = key_actor(&engine, vec![Scope::CustomersRead], Some("acme")).await;
        for who in [&reader, &bound] {
            assert!(matches!(
                engine
                    .set_person_disabled(who, "buyer@acme.example", true)
                    .await,
                Err(EngineError::Forbidden(_))
            ));
        }
        assert!(matches!(
            engine
                .set_person_disabled(&service, "nobody@acme.example", true)
                .await,
            Err(EngineError::Domain(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn the_list_of_people_searches_pages_and_keeps_a_bound_key_to_its_company() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let service = staff_actor(&engine, "cs@shop.example", "customer_service").await;
        let found = engine
            .people(
                &service,
                &PersonQuery {
                    search: Some("ACME".into()),
                    ..PersonQuery::default()
                },
            )
            .await
            .unwrap();
        assert!(!found.data.is_empty());
        assert!(found.data.iter().all(|p| p.email.contains("acme")));
        let buyer = found
            .data
            .iter()
            .find(|p| p.email == "buyer@acme.example")
            .unwrap();
        assert_eq!(buyer.companies.len(), 1);
        assert_eq!(buyer.companies[0].code, "acme");
        assert_eq!(buyer.companies[0].role, "buyer");

        // Pages follow one another by email without gaps or repeats.
        let all = engine
            .people(&service, &PersonQuery::default())
            .await
            .unwrap();
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = engine
                .people(
                    &service,
                    &PersonQuery {
                        after: after.clone(),
                        limit: Some(1),
                        ..PersonQuery::default()
                    },
                )
                .await
                .unwrap();
            paged.extend(page.data.into_iter().map(|p| p.email));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let emails: Vec<String> = all.data.into_iter().map(|p| p.email).collect();
        assert_eq!(paged, emails);

        let none = engine
            .people(
                &service,
                &PersonQuery {
                    company: Some("nobody".into()),
                    ..PersonQuery::default()
                },
            )
            .await
            .unwrap();
        assert!(none.data.is_empty());

        let catalog = staff_actor(&engine, "cat@shop.example", "catalog_manager").await;
        assert!(matches!(
            engine.people(&catalog, &PersonQuery::default()).await,
            Err(EngineError::Forbidden(_))
        ));
        let bound = key_actor(&engine, vec![Scope::CustomersRead], Some("acme")).await;
        let theirs = engine
            .people(&bound, &PersonQuery::default())
            .await
            .unwrap();
        assert!(!theirs.data.is_empty());
        assert!(
            theirs
                .data
                .iter()
                .all(|p| p.companies.iter().any(|c| c.code == "acme"))
        );
    })
    .await;
}
