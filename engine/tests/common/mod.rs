//! Runs each engine test on a fresh, migrated database of every backend: SQLite in memory always, PostgreSQL when
//! `KONTOR_TEST_POSTGRES_URL` names a server (a role that may create databases; CI always sets it).

#![allow(dead_code)]

use std::future::Future;

use sqlx::{Connection, Executor, postgres::PgConnection};

use engine::{
    Engine, EngineConfig,
    seed::{SeedCatalog, SeedCategory, SeedImage, SeedProduct, SeedVariant},
};

/// Calls `test` once per backend, each time with a new empty database.
pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Engine) -> Fut,
    Fut: Future<Output = ()>,
{
    let sqlite = Engine::connect("sqlite::memory:", EngineConfig::default())
        .await
        .expect("sqlite connects");
    sqlite.migrate().await.expect("sqlite migrates");
    test(sqlite).await;

    if let Ok(admin_url) = std::env::var("KONTOR_TEST_POSTGRES_URL") {
        let name = format!("kontor_test_{}", uuid_like());
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .expect("KONTOR_TEST_POSTGRES_URL is set but PostgreSQL does not answer");
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create test database");
        let url = replace_database(&admin_url, &name);
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
        test(pg.clone()).await;
        pg.close().await;
        admin
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await
            .expect("drop test database");
    }
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
    };
    let variant = |sku: &str, micros: i64, stock: i64| SeedVariant {
        sku: sku.into(),
        title: format!("Pack {sku}"),
        options: vec![("Pack size".into(), sku.into())],
        price_micros: micros,
        stock,
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
    let cutters = vec![
        product(
            "side-cutter",
            "Side Cutter 160 mm",
            vec![
                variant("SC-160", 12_990_000, 5),
                variant("SC-160-X", 37_500, 0),
            ],
        ),
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
    }
}

/// A fresh engine with the fixture loaded.
pub async fn seeded(engine: &Engine) {
    let summary = engine.seed(&fixture()).await.expect("fixture seeds");
    assert_eq!(summary.products, 33);
}
