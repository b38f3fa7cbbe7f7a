//! Runs each engine test on a fresh, migrated database of every backend: SQLite in memory always, PostgreSQL when
//! `KONTOR_TEST_POSTGRES_URL` names a server (a role that may create databases; CI always sets it).

#![allow(dead_code)]

use std::future::Future;

use sqlx::{Connection, Executor, postgres::PgConnection};

use engine::{
    Engine, EngineConfig,
    seed::{
        SeedAttribute, SeedCatalog, SeedCategory, SeedChannel, SeedCompany, SeedEntry, SeedImage,
        SeedPriceList, SeedProduct, SeedProductType, SeedSetup, SeedText, SeedVariant,
    },
};

/// Calls `test` once per backend, each time with a new empty database.
pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Engine) -> Fut,
    Fut: Future<Output = ()>,
{
    test(fresh_sqlite().await).await;

    if let Ok(admin_url) = std::env::var("KONTOR_TEST_POSTGRES_URL") {
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .expect("KONTOR_TEST_POSTGRES_URL is set but PostgreSQL does not answer");
        let (pg, name) = fresh_postgres(&mut admin, &admin_url).await;
        test(pg.clone()).await;
        pg.close().await;
        drop_database(&mut admin, &name).await;
    }
}

/// Calls `test` once per backend with two engines on two new empty databases, as two shops would run: for moving
/// a catalog from one to the other.
pub async fn each_backend_pair<F, Fut>(test: F)
where
    F: Fn(Engine, Engine) -> Fut,
    Fut: Future<Output = ()>,
{
    test(fresh_sqlite().await, fresh_sqlite().await).await;

    if let Ok(admin_url) = std::env::var("KONTOR_TEST_POSTGRES_URL") {
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .expect("KONTOR_TEST_POSTGRES_URL is set but PostgreSQL does not answer");
        let (a, a_name) = fresh_postgres(&mut admin, &admin_url).await;
        let (b, b_name) = fresh_postgres(&mut admin, &admin_url).await;
        test(a.clone(), b.clone()).await;
        a.close().await;
        b.close().await;
        drop_database(&mut admin, &a_name).await;
        drop_database(&mut admin, &b_name).await;
    }
}

async fn fresh_sqlite() -> Engine {
    let sqlite = Engine::connect("sqlite::memory:", EngineConfig::default())
        .await
        .expect("sqlite connects");
    sqlite.migrate().await.expect("sqlite migrates");
    sqlite
}

/// A migrated engine on a new database, and the database's name.
async fn fresh_postgres(admin: &mut PgConnection, admin_url: &str) -> (Engine, String) {
    let name = format!("kontor_test_{}", uuid_like());
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create test database");
    let url = replace_database(admin_url, &name);
    let pg = Engine::connect(
        &url,
        EngineConfig {
            max_connections: 4,
            ..EngineConfig::default()
        },
    )
    .await
    .expect("postgres connects");
    pg.migrate().await.expect("postgres migrates");
    (pg, name)
}

async fn drop_database(admin: &mut PgConnection, name: &str) {
    admin
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .expect("drop test database");
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{}_{}", std::process::id(), nanos)
}

/// `postgres://u@h:5432/postgres?x=y` with database `name`: `postgres://u@h:5432/name?x=y`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A small catalog with known numbers: Tools > (Spanners, Pliers > Cutters), and an empty Packaging.
pub fn fixture() -> SeedCatalog {
    let product = |slug: &str, name: &str, variants: Vec<SeedVariant>| SeedProduct {
        slug: slug.into(),
        name: name.into(),
        brand: "Steelmark".into(),
        description: format!("{name} for the workshop.\n\nSecond paragraph."),
        images: vec![SeedImage {
            path: format!("products/{slug}.svg"),
            alt: name.into(),
            svg: format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><title>{slug}</title></svg>"),
        }],
        variants,
        product_type: Some("tool".into()),
        attributes: vec![("material".into(), "steel".into())],
        translations: Vec::new(),
        tax_class: "standard".into(),
    };
    let variant = |sku: &str, micros: i64, stock: i64| SeedVariant {
        sku: sku.into(),
        title: format!("Pack {sku}"),
        options: vec![("Pack size".into(), sku.into())],
        price_micros: micros,
        stock,
        other_prices: vec![("CHF".into(), micros)],
        tiers: Vec::new(),
        rules: (1, 1, None),
    };
    let category = |slug: &str,
                    name: &str,
                    products: Vec<SeedProduct>,
                    children: Vec<SeedCategory>| SeedCategory {
        slug: slug.into(),
        name: name.into(),
        description: format!("All {name}."),
        children,
        products,
        translations: vec![SeedText {
            locale: "de".into(),
            slug: format!("{slug}-de"),
            name: format!("{name} (de)"),
            description: String::new(),
        }],
    };
    let spanners = (1..=30)
        .map(|i| {
            product(
                &format!("spanner-{i:02}"),
                &format!("Spanner {i:02} mm"),
                vec![variant(&format!("SP-{i:02}"), 4_500_000 + i * 10_000, 100)],
            )
        })
        .collect();
    let mut side_cutter = product(
        "side-cutter",
        "Side Cutter 160 mm",
        vec![
            variant("SC-160", 12_990_000, 5),
            variant("SC-160-X", 37_500, 0),
        ],
    );
    side_cutter.brand = "Ferrox".into();
    side_cutter.attributes = vec![
        ("material".into(), "chrome-vanadium".into()),
        ("length".into(), "160".into()),
    ];
    side_cutter.translations.push(SeedText {
        locale: "de".into(),
        slug: "seitenschneider-160".into(),
        name: "Seitenschneider 160 mm".into(),
        description: "Seitenschneider für die Werkstatt.".into(),
    });
    // 12.99 each, 12.00 from 10, 11.00 from 50; the loose variant goes in hundreds, at most 10,000 per line.
    side_cutter.variants[0].tiers = vec![(10, 12_000_000), (50, 11_000_000)];
    side_cutter.variants[1].rules = (100, 100, Some(10_000));
    let cutters = vec![
        side_cutter,
        product(
            "bolt-cutter",
            "Bolt Cutter 600 mm",
            vec![variant("BC-600", 49_000_000, 0)],
        ),
    ];
    SeedCatalog {
        categories: vec![
            category(
                "tools",
                "Tools",
                vec![],
                vec![
                    category("spanners", "Spanners", spanners, vec![]),
                    category(
                        "pliers",
                        "Pliers",
                        vec![product(
                            "combination-pliers",
                            "Combination Pliers",
                            vec![variant("CP-180", 8_250_000, 40)],
                        )],
                        vec![category("cutters", "Cutters", cutters, vec![])],
                    ),
                ],
            ),
            category("packaging", "Packaging", vec![], vec![]),
        ],
        setup: fixture_setup(),
    }
}

/// Two channels (EUR net, all categories, en+de; CHF gross, tools only, de+en), tax, attributes, and price lists:
/// a contract price for company `acme` on SC-160, 10 % off spanners for the `dealers` group.
pub fn fixture_setup() -> SeedSetup {
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    let mut material = SeedAttribute {
        code: "material".into(),
        name: "Material".into(),
        kind: "enum".into(),
        unit: String::new(),
        filterable: true,
        options: vec![
            ("steel".into(), "Steel".into()),
            ("chrome-vanadium".into(), "Chrome vanadium".into()),
        ],
        names: vec![("de".into(), "Werkstoff".into())],
        labels: vec![
            (
                "chrome-vanadium".into(),
                "de".into(),
                "Chrom-Vanadium".into(),
            ),
            ("steel".into(), "de".into(), "Stahl".into()),
        ],
    };
    material.options.push(("brass".into(), "Brass".into()));
    SeedSetup {
        channels: vec![
            SeedChannel {
                code: "trade".into(),
                name: "Trade".into(),
                currency: "EUR".into(),
                locales: s(&["en", "de"]),
                country: "DE".into(),
                prices_include_tax: false,
                prices_public: true,
                hosts: s(&["trade.example"]),
                assortment: Vec::new(),
            },
            SeedChannel {
                code: "shop-ch".into(),
                name: "Shop CH".into(),
                currency: "CHF".into(),
                locales: s(&["de", "en"]),
                country: "CH".into(),
                prices_include_tax: true,
                prices_public: true,
                hosts: s(&["shop.example"]),
                assortment: s(&["pliers"]),
            },
        ],
        tax_rates: vec![
            ("standard".into(), "DE".into(), "19".into()),
            ("standard".into(), "CH".into(), "8.1".into()),
            ("standard".into(), "AT".into(), "20".into()),
            ("reduced".into(), "DE".into(), "7".into()),
            ("reduced".into(), "CH".into(), "2.6".into()),
        ],
        attributes: vec![
            material,
            SeedAttribute {
                code: "length".into(),
                name: "Length".into(),
                kind: "number".into(),
                unit: "mm".into(),
                filterable: true,
                options: Vec::new(),
                names: Vec::new(),
                labels: Vec::new(),
            },
        ],
        product_types: vec![SeedProductType {
            code: "tool".into(),
            name: "Tool".into(),
            attributes: s(&["length", "material"]),
        }],
        customer_groups: vec![("dealers".into(), "Dealers".into())],
        companies: vec![SeedCompany {
            code: "acme".into(),
            name: "ACME".into(),
            group: None,
            country: "DE".into(),
            vat_id: None,
        }],
        price_lists: vec![
            SeedPriceList {
                code: "acme".into(),
                name: "ACME contract".into(),
                currency: "EUR".into(),
                priority: 20,
                valid: (None, None),
                targets: vec![("company".into(), "acme".into())],
                entries: vec![(
                    "SC-160".into(),
                    SeedEntry::Fixed(9_500_000, vec![(50, 9_000_000)]),
                )],
            },
            SeedPriceList {
                code: "dealers".into(),
                name: "Dealer prices".into(),
                currency: "EUR".into(),
                priority: 10,
                valid: (None, None),
                targets: vec![("customer_group".into(), "dealers".into())],
                entries: (1..=30)
                    .map(|i| (format!("SP-{i:02}"), SeedEntry::PercentOff("10".into())))
                    .collect(),
            },
        ],
    }
}

/// A buyer of the fixture signed in (`buyer@acme.example`: ACME's buyer), with the shopper acting for them in the
/// default channel.
pub async fn signed_in_buyer(engine: &Engine, email: &str) -> (domain::Account, engine::Shopper) {
    let session = engine
        .sign_in(
            email,
            engine::seed::DEMO_PASSWORD,
            engine::ClientAddr::LOCAL,
        )
        .await
        .unwrap();
    let account = engine.session(&session.token).await.unwrap().unwrap();
    let shopper = engine
        .shopper_as(guest(engine).await, &account)
        .await
        .unwrap();
    (account, shopper)
}

/// Orders the buyer's cart on account to their company's first shipping address by parcel, under the idempotency
/// `key`; the order's number.
pub async fn order_cart_on_account(
    engine: &Engine,
    account: &domain::Account,
    shopper: &engine::Shopper,
    key: &str,
) -> String {
    order_cart_paying(engine, account, shopper, key, "invoice").await
}

/// [`order_cart_on_account`] paying by `payment` (`invoice` or `bank_transfer`).
pub async fn order_cart_paying(
    engine: &Engine,
    account: &domain::Account,
    shopper: &engine::Shopper,
    key: &str,
    payment: &str,
) -> String {
    let options = engine.checkout_options(shopper, account).await.unwrap();
    let ship_to = options
        .addresses
        .iter()
        .find(|a| a.kind == domain::AddressKind::Shipping)
        .unwrap();
    engine
        .place_order(
            shopper,
            account,
            engine::CheckoutRequest {
                idempotency_key: key.into(),
                ship_to: engine::ShipTo::Saved(ship_to.id),
                shipping_method: "parcel-eur".into(),
                payment: payment.into(),
                po_number: String::new(),
                expected_subtotal: None,
                cost_centre: None,
            },
        )
        .await
        .unwrap()
        .number
}

/// A guest of the fixture's default channel (Trade, EUR, net).
pub async fn guest(engine: &Engine) -> engine::Shopper {
    engine.default_shopper().await.expect("a channel exists")
}

/// A fresh engine with the fixture loaded.
pub async fn seeded(engine: &Engine) {
    let summary = engine.seed(&fixture()).await.expect("fixture seeds");
    assert_eq!(summary.products, 33);
}

/// Page `n` of a plain listing.
pub fn page(n: u32) -> domain::ListingQuery {
    domain::ListingQuery {
        page: n,
        ..domain::ListingQuery::default()
    }
}

/// Calls `test` with two engines on one database, as two app servers would run: a SQLite file always, a fresh
/// PostgreSQL database when `KONTOR_TEST_POSTGRES_URL` is set.
pub async fn each_shared_backend<F, Fut>(test: F)
where
    F: Fn(Engine, Engine) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = std::env::temp_dir().join(format!("kontor-shared-{}", uuid_like()));
    let url = format!("sqlite://{}/shop.db", dir.display());
    let a = Engine::connect(&url, EngineConfig::default())
        .await
        .unwrap();
    a.migrate().await.unwrap();
    let b = Engine::connect(&url, EngineConfig::default())
        .await
        .unwrap();
    test(a.clone(), b.clone()).await;
    a.close().await;
    b.close().await;
    std::fs::remove_dir_all(dir).unwrap();

    if let Ok(admin_url) = std::env::var("KONTOR_TEST_POSTGRES_URL") {
        let name = format!("kontor_test_{}", uuid_like());
        let mut admin = PgConnection::connect(&admin_url).await.unwrap();
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        let url = replace_database(&admin_url, &name);
        let config = || EngineConfig {
            max_connections: 4,
            ..EngineConfig::default()
        };
        let a = Engine::connect(&url, config()).await.unwrap();
        a.migrate().await.unwrap();
        let b = Engine::connect(&url, config()).await.unwrap();
        test(a.clone(), b.clone()).await;
        a.close().await;
        b.close().await;
        admin
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await
            .unwrap();
    }
}

/// Calls `test` once per backend with the URL of a new empty database, for tests that start engines of their own
/// on it (with different settings) or read it directly.
pub async fn each_database_url<F, Fut>(test: F)
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = std::env::temp_dir().join(format!("kontor-url-{}", uuid_like()));
    test(format!("sqlite://{}/shop.db", dir.display())).await;
    let _ = std::fs::remove_dir_all(dir);

    if let Ok(admin_url) = std::env::var("KONTOR_TEST_POSTGRES_URL") {
        let name = format!("kontor_test_{}", uuid_like());
        let mut admin = PgConnection::connect(&admin_url).await.unwrap();
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        test(replace_database(&admin_url, &name)).await;
        drop_database(&mut admin, &name).await;
    }
}

/// A listing query from a URL query string.
pub fn query(q: &str) -> domain::ListingQuery {
    domain::ListingQuery::from_pairs(
        q.split('&')
            .filter(|s| !s.is_empty())
            .map(|kv| kv.split_once('=').unwrap_or((kv, ""))),
    )
    .unwrap()
}

/// Calls `test` once per backend with a new empty database and its URL, for a test that also reaches the database
/// past the engine: a SQLite file always, PostgreSQL when `KONTOR_TEST_POSTGRES_URL` is set.
pub async fn each_backend_with_url<F, Fut>(test: F)
where
    F: Fn(Engine, String) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = std::env::temp_dir().join(format!("kontor-url-{}", uuid_like()));
    let url = format!("sqlite://{}/shop.db", dir.display());
    let sqlite = Engine::connect(&url, EngineConfig::default())
        .await
        .unwrap();
    sqlite.migrate().await.unwrap();
    test(sqlite.clone(), url).await;
    sqlite.close().await;
    std::fs::remove_dir_all(dir).unwrap();

    if let Ok(admin_url) = std::env::var("KONTOR_TEST_POSTGRES_URL") {
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .expect("KONTOR_TEST_POSTGRES_URL is set but PostgreSQL does not answer");
        let (pg, name) = fresh_postgres(&mut admin, &admin_url).await;
        test(pg.clone(), replace_database(&admin_url, &name)).await;
        pg.close().await;
        drop_database(&mut admin, &name).await;
    }
}

/// The current TOTP code for `secret` (base32), `steps_ahead` 30-second steps from now, as an authenticator app
/// would show it.
pub fn totp_code(secret: &str, steps_ahead: u64) -> String {
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .with_account_name("test")
        .build()
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    totp.generate(now + 30 * steps_ahead).to_string()
}

/// Signs a member in with their password, enrolling in two-factor sign-in first where their role requires it.
pub async fn staff_sign_in_result(
    engine: &Engine,
    email: &str,
    password: &str,
) -> Result<engine::staff::StaffSignedIn, engine::EngineError> {
    let local = engine::ClientAddr::LOCAL;
    match engine.staff_sign_in(email, password, local).await? {
        engine::staff::StaffSignIn::Session(session) => Ok(session),
        engine::staff::StaffSignIn::Enrol { ticket } => {
            let enrolment = engine.begin_two_factor_at_sign_in(&ticket).await?;
            let code = totp_code(&enrolment.secret, 0);
            Ok(engine
                .confirm_two_factor_at_sign_in(&ticket, &code, local)
                .await?)
        }
        engine::staff::StaffSignIn::SecondFactor { .. } => {
            panic!("{email} signs in with a second factor; this helper has no phone")
        }
    }
}

/// [`staff_sign_in_result`], which must succeed.
pub async fn staff_sign_in(
    engine: &Engine,
    email: &str,
    password: &str,
) -> engine::staff::StaffSignedIn {
    staff_sign_in_result(engine, email, password).await.unwrap()
}

/// A new member of staff with `role`, signed in: their actor.
pub async fn staff_actor(engine: &Engine, email: &str, role: &str) -> engine::Actor {
    let created = engine
        .create_staff(
            &engine::Actor::process("test"),
            engine::staff::NewStaff {
                email: email.into(),
                name: "Staff".into(),
                role: role.into(),
            },
            None,
        )
        .await
        .unwrap();
    engine
        .set_staff_password(
            &created.token,
            &domain::Password::parse("a long staff password").unwrap(),
            engine::ClientAddr::LOCAL,
        )
        .await
        .unwrap();
    staff_sign_in(engine, email, "a long staff password")
        .await
        .actor
}

/// A secret key with `scopes`, bound to `company` if given, as its actor.
pub async fn key_actor(
    engine: &Engine,
    scopes: Vec<engine::Scope>,
    company: Option<&str>,
) -> engine::Actor {
    let made = engine
        .create_api_key(
            &engine::Actor::process("test"),
            engine::NewApiKey {
                kind: engine::KeyKind::Secret,
                name: "test key".into(),
                scopes,
                channel: None,
                company: company.map(str::to_owned),
                rate_per_minute: None,
            },
        )
        .await
        .unwrap();
    engine
        .key_actor(&made.secret, None)
        .await
        .unwrap()
        .unwrap()
        .0
}

/// The audit trail of one entity (`customer`, `company`, `order`, …), newest first, as the owner reads it.
#[allow(dead_code)] // Each test binary compiles this module; not every one reads the trail.
pub async fn trail(engine: &Engine, entity: &str, id: &str) -> Vec<engine::audit_log::AuditEntry> {
    engine
        .audit_entries(
            &engine::Actor::process("test"),
            &engine::audit_log::AuditFilter {
                entity: Some(entity.into()),
                entity_id: Some(id.into()),
                ..engine::audit_log::AuditFilter::default()
            },
        )
        .await
        .unwrap()
        .entries
}
