//! Bulk uploads are capped in size and answered as they are written: results of the first chunk reach the client
//! while it is still sending, and a body declared larger than the cap is refused with 413 before any of it is read.

mod support;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use engine::{KeyKind, NewApiKey, Scope};
use futures_util::{StreamExt, stream};
use support::{TestApp, spawn_app};

async fn stock_key(app: &TestApp) -> String {
    app.engine
        .create_api_key(
            &engine::Actor::process("test"),
            NewApiKey {
                kind: KeyKind::Secret,
                name: "erp".into(),
                scopes: vec![Scope::InventoryWrite],
                channel: None,
                company: None,
                rate_per_minute: None,
            },
        )
        .await
        .unwrap()
        .secret
}

#[tokio::test]
async fn results_stream_while_the_upload_is_still_coming() {
    let app = spawn_app().await;
    let key = stock_key(&app).await;
    let (_, sku) = app.hex_bolt().await;
    let (more, lines) = tokio::sync::mpsc::channel::<String>(4);
    let body = stream::unfold(lines, |mut lines| async move {
        let line = lines.recv().await?;
        Some((Ok::<_, std::convert::Infallible>(line), lines))
    });
    let chunk: String = (0..500)
        .map(|i| {
            format!(
                "{{\"warehouse\":\"main\",\"sku\":\"{sku}\",\"on_hand\":{}}}\n",
                100 + i
            )
        })
        .collect();
    more.send(chunk).await.unwrap();
    let response = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        app.respond(
            Request::post("/api/v1/admin/bulk/stock")
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .header(header::CONTENT_TYPE, "application/x-ndjson")
                .body(Body::from_stream(body))
                .unwrap(),
        ),
    )
    .await
    .expect("the answer starts before the upload ends");
    assert_eq!(response.status(), StatusCode::OK);
    let mut answer = response.into_body().into_data_stream();
    let first = answer.next().await.unwrap().unwrap();
    let first = String::from_utf8_lossy(&first).into_owned();
    assert_eq!(first.lines().count(), 500, "the first chunk's results");
    assert!(first.lines().all(|l| l.contains("\"ok\":true")), "{first}");

    more.send("{\"warehouse\":\"main\",\"sku\":\"NO-SUCH\",\"on_hand\":1}\n".into())
        .await
        .unwrap();
    drop(more);
    let mut rest = String::new();
    while let Some(frame) = answer.next().await {
        rest.push_str(&String::from_utf8_lossy(&frame.unwrap()));
    }
    let last: serde_json::Value = serde_json::from_str(rest.trim()).unwrap();
    assert_eq!(
        (last["line"].as_u64(), last["ok"].as_bool()),
        (Some(501), Some(false))
    );
}

#[tokio::test]
async fn an_upload_declared_larger_than_the_cap_is_refused_with_413() {
    let app = spawn_app().await;
    let key = stock_key(&app).await;
    let reply = app
        .send(
            Request::post("/api/v1/admin/bulk/stock")
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .header(header::CONTENT_TYPE, "application/x-ndjson")
                .header(header::CONTENT_LENGTH, server::DEFAULT_BULK_MAX_BYTES + 1)
                .body(Body::from("{}\n"))
                .unwrap(),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("\"too_large\""), "{}", reply.body);
}
