//! The outbox's delivery: `.eml` files in development, SMTP (against a minimal SMTP server on a local port)
//! when configured, and a failed delivery that stays in the outbox for a later attempt.

mod support;

use std::path::PathBuf;

use server::mailer::Mailer;
use support::spawn_app;
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

const FROM: &str = "Kontor Supply <orders@kontor.example>";

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kontor-mail-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

async fn queue_reset(app: &support::TestApp) {
    app.engine
        .request_password_reset(
            "buyer@acme.example",
            "http://shop.test/account/reset",
            engine::ClientAddr::LOCAL,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn without_smtp_each_email_becomes_an_eml_file_once() {
    let app = spawn_app().await;
    queue_reset(&app).await;
    let dir = scratch_dir("files");
    let mailer = Mailer::new(None, dir.clone(), FROM).unwrap();
    assert_eq!(mailer.drain(&app.engine).await.unwrap(), 1);
    assert_eq!(
        mailer.drain(&app.engine).await.unwrap(),
        0,
        "sent mail is not sent again"
    );
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].extension().is_some_and(|e| e == "eml"));
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains("To: buyer@acme.example"), "{eml}");
    assert!(eml.contains("Subject: Reset your password"));
    assert!(
        eml.contains("From: \"Kontor Supply\" <orders@kontor.example>")
            || eml.contains("From: Kontor Supply <orders@kontor.example>"),
        "{eml}"
    );
    assert!(eml.contains("/account/reset?token="));
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(unix)]
#[tokio::test]
async fn eml_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;

    let app = spawn_app().await;
    queue_reset(&app).await;
    let dir = scratch_dir("private").join("mail");
    let mailer = Mailer::new(None, dir.clone(), FROM).unwrap();
    assert_eq!(mailer.drain(&app.engine).await.unwrap(), 1);
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700, "the folder");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(mode(&file), 0o600, "the file");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

/// Accepts one SMTP session and returns the message data it received.
async fn one_smtp_session(listener: TcpListener) -> String {
    let (socket, _) = listener.accept().await.unwrap();
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 test ESMTP\r\n").await.unwrap();
    let mut data = String::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("DATA") {
            write.write_all(b"354 go ahead\r\n").await.unwrap();
            while let Some(body) = lines.next_line().await.unwrap() {
                if body == "." {
                    break;
                }
                data.push_str(&body);
                data.push('\n');
            }
            b"250 queued\r\n"
        } else if command.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await.unwrap();
            break;
        } else {
            b"250 OK\r\n"
        };
        write.write_all(reply).await.unwrap();
        if !data.is_empty() {
            break;
        }
    }
    data
}

#[tokio::test]
async fn with_smtp_the_email_goes_to_the_relay() {
    let app = spawn_app().await;
    queue_reset(&app).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(one_smtp_session(listener));
    let mailer = Mailer::new(
        Some(&format!("smtp://127.0.0.1:{port}")),
        scratch_dir("unused"),
        FROM,
    )
    .unwrap();
    assert_eq!(mailer.drain(&app.engine).await.unwrap(), 1);
    let data = server.await.unwrap();
    assert!(data.contains("Subject: Reset your password"), "{data}");
    assert!(data.contains("To: buyer@acme.example"));
}

#[tokio::test]
async fn a_failed_delivery_stays_in_the_outbox_for_later() {
    let app = spawn_app().await;
    queue_reset(&app).await;
    // A port nobody listens on: bind one, then close it.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    };
    let mailer = Mailer::new(
        Some(&format!("smtp://127.0.0.1:{port}")),
        scratch_dir("x"),
        FROM,
    )
    .unwrap();
    assert_eq!(mailer.drain(&app.engine).await.unwrap(), 0);
    assert!(
        app.engine
            .claim_emails(10, std::time::Duration::from_secs(60))
            .await
            .unwrap()
            .is_empty(),
        "the failed email waits before the next attempt"
    );
    let unsent: (i64, i64) = app.engine.outbox_counts().await.unwrap();
    assert_eq!(unsent, (1, 1), "one unsent email, one failed attempt");
}

#[test]
fn a_malformed_sender_is_refused_by_name() {
    let err = Mailer::new(None, PathBuf::from("x"), "not an address")
        .err()
        .unwrap();
    assert!(err.to_string().starts_with("KONTOR_MAIL_FROM"));
}
