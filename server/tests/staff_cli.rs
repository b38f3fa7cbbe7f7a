//! `kontor staff`: the first owner comes from the command line with a one-time link, and the operator can list
//! and disable staff.

use std::process::{Command, Output};

fn kontor(database: &str, data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kontor"))
        .args(args)
        .env("DATABASE_URL", database)
        .env("KONTOR_DATA_DIR", data_dir)
        .env("KONTOR_PUBLIC_URL", "https://shop.example")
        .env("RUST_LOG", "error")
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_first_owner_is_made_on_the_command_line_and_chooses_a_password_by_link() {
    let dir = std::env::temp_dir().join(format!("kontor-staff-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let database = format!("sqlite://{}", dir.join("shop.db").display());
    let data_dir = dir.join("data");

    let made = kontor(
        &database,
        &data_dir,
        &[
            "staff",
            "create",
            "--email",
            "Owner@Shop.example",
            "--role",
            "owner",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let link = String::from_utf8(made.stdout).unwrap();
    let token = link
        .trim()
        .strip_prefix("https://shop.example/admin/password?token=")
        .unwrap_or_else(|| panic!("a one-time link: {link}"))
        .to_owned();

    let wrong_role = kontor(
        &database,
        &data_dir,
        &[
            "staff",
            "create",
            "--email",
            "x@shop.example",
            "--role",
            "wizard",
        ],
    );
    assert!(!wrong_role.status.success());
    assert!(String::from_utf8_lossy(&wrong_role.stderr).contains("role"));

    let engine = engine::Engine::connect(&database, engine::EngineConfig::default())
        .await
        .unwrap();
    engine
        .set_staff_password(
            &token,
            &domain::Password::parse("a long owner password").unwrap(),
            engine::ClientAddr::LOCAL,
        )
        .await
        .unwrap();
    // The first owner sets up two-factor sign-in before their first session.
    let engine::staff::StaffSignIn::Enrol { ticket } = engine
        .staff_sign_in(
            "owner@shop.example",
            "a long owner password",
            engine::ClientAddr::LOCAL,
        )
        .await
        .unwrap()
    else {
        panic!("an owner must enrol in two-factor sign-in");
    };
    let enrolment = engine.begin_two_factor_at_sign_in(&ticket).await.unwrap();
    let code = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(&enrolment.secret).unwrap())
        .build()
        .unwrap()
        .generate_current()
        .to_string();
    let signed_in = engine
        .confirm_two_factor_at_sign_in(&ticket, &code, engine::ClientAddr::LOCAL)
        .await
        .unwrap();
    assert!(signed_in.actor.is_owner());
    engine.close().await;

    let listed = kontor(&database, &data_dir, &["staff", "list"]);
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(
        listed.contains("owner@shop.example") && listed.contains("owner"),
        "{listed}"
    );

    // The last owner cannot be disabled, even by the operator.
    let last = kontor(
        &database,
        &data_dir,
        &["staff", "disable", "--email", "owner@shop.example"],
    );
    assert!(!last.status.success());
    assert!(String::from_utf8_lossy(&last.stderr).contains("last owner"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The operator's actor has every permission and no authentication behind it: only the command line and the
/// server's own jobs may make one, never code that answers a request.
#[test]
fn no_request_handler_makes_the_operators_actor() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut offenders = Vec::new();
    let mut dirs = vec![root.join("app/src"), root.join("server/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("server/src/cli") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("server/src/cli.rs")
                && std::fs::read_to_string(&path)
                    .unwrap()
                    .contains("Actor::process")
            {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:?}");
}
