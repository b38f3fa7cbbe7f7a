//! People belong to companies through memberships: the data of a shop from before memberships carries over, the
//! role a check reads is the membership's, and one person may belong to several companies.

mod common;

use common::{each_backend_with_url, each_database_url, guest, seeded};
use engine::{ClientAddr, Engine, EngineConfig, exchange::CustomerRecord};

#[tokio::test]
async fn people_of_a_shop_from_before_memberships_keep_their_company_and_role() {
    each_database_url(|url| async move {
        let engine = Engine::connect(&url, EngineConfig::default()).await.unwrap();
        engine.migrate_until(19).await.unwrap();
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        for statement in [
            "INSERT INTO companies (id, code, name, country, created_at) VALUES (7, 'acme', 'Acme', 'DE', 0)",
            "INSERT INTO customers (id, email, name, password_hash, company_id, role, created_at, updated_at)
             VALUES (1, 'ada@acme.example', 'Ada', '!', 7, 'admin', 0, 0)",
            "INSERT INTO customers (id, email, name, password_hash, company_id, role, created_at, updated_at)
             VALUES (2, 'vic@acme.example', 'Vic', '!', 7, 'viewer', 0, 0)",
            "INSERT INTO customers (id, email, name, password_hash, created_at, updated_at)
             VALUES (3, 'pat@home.example', 'Pat', '!', 0, 0)",
        ] {
            sqlx::query(statement).execute(&pool).await.unwrap();
        }
        pool.close().await;

        engine.migrate().await.unwrap();
        let ada = engine.account(1).await.unwrap();
        assert_eq!(ada.company.as_ref().map(|c| c.code.as_str()), Some("acme"));
        assert_eq!(ada.role, Some(domain::Role::Admin));
        let people = engine.company_users(&ada).await.unwrap();
        let roles: Vec<(&str, domain::Role)> = people
            .iter()
            .map(|p| (p.email.as_str(), p.role))
            .collect();
        assert_eq!(
            roles,
            [
                ("ada@acme.example", domain::Role::Admin),
                ("vic@acme.example", domain::Role::Viewer)
            ]
        );
        let pat = engine.account(3).await.unwrap();
        assert!(pat.company.is_none() && pat.role.is_none());
        engine.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_person_in_two_companies_acts_for_one_with_that_companys_role() {
    each_backend_with_url(|engine, url| async move {
        seeded(&engine).await;
        let process = engine::Actor::process("test");
        let line = |json: &str| {
            serde_json::from_str::<CustomerRecord>(json)
                .map_err(|e| domain::DomainError::new("line", e.to_string()))
        };
        // The buyer of Acme becomes an administrator of a new company as well.
        let outcomes = engine
            .upsert_customers(
                &process,
                vec![(
                    1,
                    line(
                        r#"{"company":"initech","company_name":"Initech","country":"US","email":"buyer@acme.example","name":"Buyer","role":"admin"}"#,
                    ),
                )],
            )
            .await
            .unwrap();
        assert!(outcomes[0].1.is_ok(), "{outcomes:?}");

        let session = engine
            .sign_in(
                "buyer@acme.example",
                engine::seed::DEMO_PASSWORD,
                ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        let (account, shopper) = engine
            .session_shopper(&session.token, guest(&engine).await)
            .await
            .unwrap()
            .unwrap();
        let acme = account.company.clone().unwrap();
        assert_eq!(acme.code, "acme", "the first company, by id");
        assert_eq!(account.role, Some(domain::Role::Buyer), "Acme's role, not Initech's");
        assert_eq!(shopper.company, Some(acme.id));

        // Initech's people list them as its administrator; Acme's admin still sees them as Acme's buyer.
        let initech = engine.customer_records(&engine::Actor::process("test"), Some("initech")).await.unwrap();
        assert_eq!(
            initech
                .iter()
                .map(|p| (p.email.as_str(), p.role.as_str()))
                .collect::<Vec<_>>(),
            [("buyer@acme.example", "admin")]
        );
        let admin = engine
            .sign_in(
                "admin@acme.example",
                engine::seed::DEMO_PASSWORD,
                ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        let admin = engine.session(&admin.token).await.unwrap().unwrap();
        let people = engine.company_users(&admin).await.unwrap();
        let buyer = people
            .iter()
            .find(|p| p.email.as_str() == "buyer@acme.example")
            .unwrap();
        assert_eq!(buyer.role, domain::Role::Buyer);

        // A role change in Acme leaves the Initech membership alone, and the session reads it at once.
        engine
            .set_company_role(&admin, buyer.customer_id, domain::Role::Viewer)
            .await
            .unwrap();
        let (account, _) = engine
            .session_shopper(&session.token, guest(&engine).await)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.role, Some(domain::Role::Viewer));
        let initech = engine.customer_records(&engine::Actor::process("test"), Some("initech")).await.unwrap();
        assert_eq!(initech[0].role, "admin");

        // A session that acts for the other company (as switching will set it) reads that membership's role.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::query("UPDATE sessions SET company_id = (SELECT id FROM companies WHERE code = 'initech')")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        let account = engine.session(&session.token).await.unwrap().unwrap();
        assert_eq!(account.company.map(|c| c.code).as_deref(), Some("initech"));
        assert_eq!(account.role, Some(domain::Role::Admin));
        let (account, shopper) = engine
            .session_shopper(&session.token, guest(&engine).await)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.role, Some(domain::Role::Admin));
        assert_eq!(shopper.company, account.company.map(|c| c.id));
    })
    .await;
}
