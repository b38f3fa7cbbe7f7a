//! Uploaded product images on every store: the database (on every backend), a directory, and an S3-compatible
//! bucket (when `KONTOR_TEST_S3_ENDPOINT` names one, as the test command's local server does). Each upload is
//! checked by its content, made into its widths once, served from where it was stored, and shown with its sizes.

mod common;

use common::{each_backend, guest, seeded, staff_actor};
use engine::{Engine, EngineConfig, EngineError, MediaStorage};

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 7 % 256) as u8,
            (y * 3 % 256) as u8,
            ((x + y) % 256) as u8,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Uploads an image to the seeded side cutter and checks it is stored, served and shown as it should be.
async fn upload_and_serve(engine: &Engine) {
    seeded(engine).await;
    let catalog = staff_actor(engine, "cm@shop.example", "catalog_manager").await;
    let url = engine
        .upload_product_image(
            &catalog,
            "side-cutter",
            png(900, 600),
            "The cutter from above",
        )
        .await
        .unwrap();
    assert!(
        url.starts_with("/media/uploads/") && url.ends_with("/900.png"),
        "{url}"
    );

    let served = engine
        .media(url.trim_start_matches("/media/"))
        .await
        .unwrap();
    assert_eq!(served.content_type, "image/png");
    assert!(served.immutable);
    let read = image::load_from_memory(&served.body).unwrap();
    assert_eq!((read.width(), read.height()), (900, 600));
    let small = url.replace("/900.png", "/320.png");
    let small = engine
        .media(small.trim_start_matches("/media/"))
        .await
        .unwrap();
    assert_eq!(image::load_from_memory(&small.body).unwrap().width(), 320);

    let page = engine
        .product(&guest(engine).await, "side-cutter")
        .await
        .unwrap();
    let shown = page
        .images
        .iter()
        .find(|i| i.url == url)
        .expect("the product shows it");
    assert_eq!((shown.width, shown.height), (900, 600));
    assert_eq!(shown.widths, [320, 640, 900]);
    assert_eq!(shown.alt, "The cutter from above");
    assert!(shown.srcset(false).contains("/320.png 320w"));
    if shown.webp {
        let webp = url.replace("/900.png", "/640.webp");
        assert_eq!(
            engine
                .media(webp.trim_start_matches("/media/"))
                .await
                .unwrap()
                .content_type,
            "image/webp"
        );
    }
    assert!(matches!(
        engine.media("uploads/nothing/320.png").await,
        Err(EngineError::NotFound { .. })
    ));

    // Refused by content, with the field named; and refused to a role that may not change the catalog.
    let svg =
        br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec();
    match engine
        .upload_product_image(&catalog, "side-cutter", svg, "")
        .await
    {
        Err(EngineError::Unprocessable(e)) => assert_eq!(e.field, "file"),
        other => panic!("an SVG is refused: {other:?}"),
    }
    let renamed_pdf = b"%PDF-1.7".to_vec();
    assert!(matches!(
        engine
            .upload_product_image(&catalog, "side-cutter", renamed_pdf, "")
            .await,
        Err(EngineError::Unprocessable(_))
    ));
    let reader = staff_actor(engine, "ro@shop.example", "read_only").await;
    assert!(matches!(
        engine
            .upload_product_image(&reader, "side-cutter", png(10, 10), "")
            .await,
        Err(EngineError::Forbidden(_))
    ));
    assert!(matches!(
        engine
            .upload_product_image(&catalog, "no-such-product", png(10, 10), "")
            .await,
        Err(EngineError::NotFound { .. })
    ));
}

async fn engine_with(media: MediaStorage) -> Engine {
    let engine = Engine::connect(
        "sqlite::memory:",
        EngineConfig {
            media,
            ..EngineConfig::default()
        },
    )
    .await
    .unwrap();
    engine.migrate().await.unwrap();
    engine
}

#[tokio::test]
async fn images_are_stored_in_the_database_on_every_backend() {
    each_backend(|engine| async move { upload_and_serve(&engine).await }).await;
}

#[tokio::test]
async fn images_are_stored_in_a_directory() {
    let dir = std::env::temp_dir().join(format!("kontor-media-{}", std::process::id()));
    let engine = engine_with(MediaStorage::Directory(dir.clone())).await;
    upload_and_serve(&engine).await;
    let folders = std::fs::read_dir(dir.join("uploads")).unwrap().count();
    assert_eq!(folders, 1, "one folder per upload, on disk");
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn images_are_stored_in_an_s3_compatible_bucket() {
    let Ok(endpoint) = std::env::var("KONTOR_TEST_S3_ENDPOINT") else {
        eprintln!("KONTOR_TEST_S3_ENDPOINT is not set: the S3 store is tested by the test command");
        return;
    };
    let bucket = std::env::var("KONTOR_TEST_S3_BUCKET").unwrap_or_else(|_| "kontor-test".into());
    let engine = engine_with(MediaStorage::S3 {
        bucket,
        endpoint: Some(endpoint),
    })
    .await;
    upload_and_serve(&engine).await;
}
