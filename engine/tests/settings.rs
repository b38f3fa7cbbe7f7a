//! The shop's settings as the back office and the first-run setup change them: who may, what is checked, what
//! the audit trail says, and a new shop set up from nothing.

mod common;

use common::each_backend;
use engine::{
    Actor, ClientAddr, EngineError, Scope,
    audit_log::AuditFilter,
    settings::{ChannelRecord, FirstRun, ShippingMethodRecord, ShopProfile, TaxRateRecord},
    staff::{StaffSignIn, builtin_roles},
};
use rust_decimal::Decimal;

fn channel(code: &str, currency: &str) -> ChannelRecord {
    ChannelRecord {
        code: code.into(),
        name: "Export".into(),
        currency: currency.into(),
        locales: vec!["en".into(), "de".into()],
        country: "de".into(),
        prices_include_tax: false,
        prices_public: true,
        hosts: vec![],
        assortment: None,
    }
}

fn field<T: std::fmt::Debug>(result: Result<T, EngineError>) -> String {
    match result {
        Err(EngineError::Domain(e)) => e.field,
        other => panic!("expected a refusal naming a field, got {other:?}"),
    }
}

#[tokio::test]
async fn only_roles_with_settings_write_change_settings_and_every_role_with_settings_read_sees_them()
 {
    each_backend(|engine| async move {
        for (i, role) in builtin_roles().into_iter().enumerate() {
            let actor =
                common::staff_actor(&engine, &format!("s{i}@shop.example"), &role.code).await;
            let writes = role.permissions.contains(&Scope::SettingsWrite);
            let reads = role.permissions.contains(&Scope::SettingsRead);
            let rate = TaxRateRecord {
                tax_class: "standard".into(),
                country: "DE".into(),
                rate_percent: Decimal::from(19),
                valid_from_ms: None,
            };
            assert_eq!(
                engine.save_tax_rate(&actor, &rate).await.is_ok(),
                writes,
                "{} tax",
                role.code
            );
            assert_eq!(
                engine
                    .save_channel(&actor, &channel(&format!("c{i}"), "EUR"))
                    .await
                    .is_ok(),
                writes,
                "{} channel",
                role.code
            );
            assert_eq!(
                engine
                    .save_shop_profile(&actor, &ShopProfile::default())
                    .await
                    .is_ok(),
                writes,
                "{} profile",
                role.code
            );
            assert_eq!(
                engine.channel_records(&actor).await.is_ok(),
                reads,
                "{} reading",
                role.code
            );
            if !writes {
                assert!(matches!(
                    engine.save_tax_rate(&actor, &rate).await,
                    Err(EngineError::Forbidden(_))
                ));
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_channel_a_rate_a_method_and_the_profile_are_checked_written_and_audited() {
    each_backend(|engine| async move {
        let owner = Actor::process("test");
        assert_eq!(
            field(engine.save_channel(&owner, &channel("x", "EURO")).await),
            "currency"
        );
        assert_eq!(
            field(
                engine
                    .save_channel(
                        &owner,
                        &ChannelRecord {
                            locales: vec!["english".into()],
                            ..channel("x", "EUR")
                        }
                    )
                    .await
            ),
            "locales"
        );
        assert_eq!(
            field(
                engine
                    .save_channel(&owner, &channel("Not A Code", "EUR"))
                    .await
            ),
            "code"
        );

        let saved = engine
            .save_channel(&owner, &channel("export", "usd"))
            .await
            .unwrap();
        assert_eq!(
            (saved.currency.as_str(), saved.country.as_str()),
            ("USD", "DE")
        );
        assert!(
            engine
                .channels()
                .await
                .unwrap()
                .iter()
                .any(|c| c.code == "export"),
            "the shop sells through it at once"
        );
        engine
            .save_channel(
                &owner,
                &ChannelRecord {
                    name: "Export (USD)".into(),
                    ..saved.clone()
                },
            )
            .await
            .unwrap();
        let records = engine.channel_records(&owner).await.unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].name, "Export (USD)");

        let rate = |r: &str| TaxRateRecord {
            tax_class: "standard".into(),
            country: "at".into(),
            rate_percent: r.parse().unwrap(),
            valid_from_ms: None,
        };
        assert_eq!(
            field(engine.save_tax_rate(&owner, &rate("101")).await),
            "rate_percent"
        );
        engine.save_tax_rate(&owner, &rate("20")).await.unwrap();
        engine.save_tax_rate(&owner, &rate("19.5")).await.unwrap();
        let rates = engine.tax_rate_records(&owner).await.unwrap();
        assert_eq!(
            (rates[0].country.as_str(), rates[0].rate_percent.to_string()),
            ("AT", "19.5".to_owned())
        );

        let method = ShippingMethodRecord {
            code: "courier-usd".into(),
            name: "Courier".into(),
            currency: "USD".into(),
            kind: "flat".into(),
            price: "12.50".parse().unwrap(),
            per_kg: Decimal::ZERO,
            free_above: Some(Decimal::from(500)),
            countries: vec!["us".into(), "ca".into()],
        };
        assert_eq!(
            field(
                engine
                    .save_shipping_method(
                        &owner,
                        &ShippingMethodRecord {
                            kind: "drone".into(),
                            ..method.clone()
                        }
                    )
                    .await
            ),
            "kind"
        );
        assert_eq!(
            field(
                engine
                    .save_shipping_method(
                        &owner,
                        &ShippingMethodRecord {
                            countries: vec![],
                            ..method.clone()
                        }
                    )
                    .await
            ),
            "countries"
        );
        engine.save_shipping_method(&owner, &method).await.unwrap();
        let methods = engine.shipping_method_records(&owner).await.unwrap();
        assert_eq!(
            (methods[0].price.to_string(), methods[0].countries.join(",")),
            ("12.5".to_owned(), "US,CA".to_owned())
        );

        assert_eq!(
            field(
                engine
                    .save_shop_profile(
                        &owner,
                        &ShopProfile {
                            vat_id: "DE12".into(),
                            ..Default::default()
                        }
                    )
                    .await
            ),
            "vat_id"
        );
        assert_eq!(
            field(
                engine
                    .save_shop_profile(
                        &owner,
                        &ShopProfile {
                            contact_email: "nobody".into(),
                            ..Default::default()
                        }
                    )
                    .await
            ),
            "contact_email"
        );
        let profile = ShopProfile {
            legal_name: "Acme Wholesale Ltd".into(),
            country: "ie".into(),
            vat_id: "IE1234567WA".into(),
            ..Default::default()
        };
        engine.save_shop_profile(&owner, &profile).await.unwrap();
        assert_eq!(engine.shop_profile().await.unwrap().country, "IE");

        let trail = engine
            .audit_entries(&owner, &AuditFilter::default())
            .await
            .unwrap();
        let actions: Vec<&str> = trail.entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "settings.profile_changed",
                "settings.shipping_created",
                "settings.tax_rate_set",
                "settings.tax_rate_set",
                "settings.channel_changed",
                "settings.channel_created",
            ]
        );
        let renamed = &trail.entries[4].changes;
        assert_eq!(renamed.len(), 1, "only what changed: {renamed:?}");
        assert_eq!(
            (renamed[0].before.as_deref(), renamed[0].after.as_deref()),
            (Some("Export"), Some("Export (USD)"))
        );
        let rate_change = &trail.entries[2].changes[0];
        assert_eq!(
            (rate_change.before.as_deref(), rate_change.after.as_deref()),
            (Some("20"), Some("19.5"))
        );
    })
    .await;
}

fn first_run(token: &str) -> FirstRun {
    FirstRun {
        token: token.into(),
        owner_email: "me@new-shop.example".into(),
        owner_name: "Mia Merchant".into(),
        password: "a long owner password".into(),
        profile: ShopProfile {
            legal_name: "New Shop GmbH".into(),
            country: "at".into(),
            ..Default::default()
        },
        channel: ChannelRecord {
            code: "shop".into(),
            name: "New Shop".into(),
            currency: "EUR".into(),
            locales: vec!["de".into()],
            country: String::new(),
            prices_include_tax: true,
            prices_public: true,
            hosts: vec![],
            assortment: None,
        },
        standard_rate: Decimal::from(20),
        reduced_rate: Some(Decimal::from(10)),
        shipping_name: "Post".into(),
        shipping_price: "5.90".parse().unwrap(),
    }
}

#[tokio::test]
async fn a_new_shop_is_set_up_once_with_the_token_and_opens() {
    each_backend(|engine| async move {
        assert!(engine.channels().await.unwrap().is_empty());
        let token = engine.issue_setup_token().await.unwrap().unwrap();
        let wrong = engine
            .complete_setup(&first_run(&"a".repeat(64)), ClientAddr::LOCAL)
            .await;
        assert_eq!(field(wrong), "token");
        let mut bad = first_run(&token);
        bad.shipping_price = Decimal::from(-1);
        assert_eq!(
            field(engine.complete_setup(&bad, ClientAddr::LOCAL).await),
            "shipping_price"
        );
        assert!(
            !engine.has_staff().await.unwrap(),
            "a refused setup leaves nothing behind"
        );

        engine
            .complete_setup(&first_run(&token), ClientAddr::LOCAL)
            .await
            .unwrap();
        let channels = engine.channels().await.unwrap();
        assert_eq!(channels.len(), 1, "the storefront opens");
        let owner = Actor::process("test");
        let rates = engine.tax_rate_records(&owner).await.unwrap();
        assert_eq!(rates.len(), 2);
        assert!(rates.iter().all(|r| r.country == "AT"));
        let methods = engine.shipping_method_records(&owner).await.unwrap();
        assert_eq!(
            (methods[0].code.as_str(), methods[0].countries.clone()),
            ("standard-eur", vec!["AT".to_owned()])
        );
        assert_eq!(
            engine.shop_profile().await.unwrap().contact_email,
            "me@new-shop.example"
        );

        assert!(
            engine
                .complete_setup(&first_run(&token), ClientAddr::LOCAL)
                .await
                .is_err(),
            "the token works once"
        );
        assert!(
            engine.issue_setup_token().await.unwrap().is_none(),
            "a shop with staff gets no setup token"
        );
        let signed = engine
            .staff_sign_in(
                "me@new-shop.example",
                "a long owner password",
                ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        assert!(
            matches!(signed, StaffSignIn::Enrol { .. }),
            "the owner enrols in two-factor sign-in first"
        );
        let trail = engine
            .audit_entries(&owner, &AuditFilter::default())
            .await
            .unwrap();
        assert_eq!(trail.entries[0].action, "setup.completed");
        assert_eq!(trail.entries[0].actor, "me@new-shop.example");
    })
    .await;
}

#[tokio::test]
async fn the_demo_settings_are_what_the_back_office_shows() {
    each_backend(|engine| async move {
        engine.seed(&engine::seed::demo_catalog()).await.unwrap();
        let owner = Actor::process("test");
        assert_eq!(
            engine.shop_profile().await.unwrap().legal_name,
            "Kontor Trade GmbH"
        );
        let channels = engine.channel_records(&owner).await.unwrap();
        assert_eq!(
            channels.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
            ["trade", "shop-ch"]
        );
        assert!(!engine.tax_rate_records(&owner).await.unwrap().is_empty());
        assert!(
            engine
                .shipping_method_records(&owner)
                .await
                .unwrap()
                .iter()
                .any(|m| m.code == "parcel-chf")
        );
    })
    .await;
}
