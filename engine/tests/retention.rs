//! The purge deletes what has expired and keeps what has not: guest carts after their cookie's 30 days, sessions
//! and reset links once unusable, sign-in failures after the throttle's window, and sent emails, finished webhook
//! deliveries and events after the retention window.

mod common;

use std::time::{Duration, SystemTime};

use common::{each_backend, guest, seeded};
use domain::{Quantity, Sku};
use engine::{ClientAddr, EngineError, Purged, events::NewWebhook};

const DAY: Duration = Duration::from_secs(24 * 3600);
const HISTORY: Duration = Duration::from_secs(90 * 24 * 3600);

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

#[tokio::test]
async fn old_rows_go_and_recent_ones_stay() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let now = SystemTime::now();
        let shopper = guest(&engine).await;
        let cart = engine
            .add_to_cart(&shopper, None, &sku("SP-01"), Quantity::parse(1).unwrap())
            .await
            .unwrap();
        let session = engine
            .sign_in(
                "buyer@acme.example",
                engine::seed::DEMO_PASSWORD,
                ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        assert!(
            engine
                .sign_in("buyer@acme.example", "not it", ClientAddr::LOCAL)
                .await
                .is_err()
        );
        engine
            .request_password_reset(
                "viewer@acme.example",
                "https://shop.example/reset",
                ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        engine
            .create_webhook(
                &engine::Actor::process("test"),
                NewWebhook {
                    url: "https://erp.example/hook".into(),
                    event_types: vec!["stock.changed".into()],
                },
            )
            .await
            .unwrap();
        // A staff member signed in (12 hours at most), and one invited who has not chosen a password (72 hours).
        let operator = engine::Actor::process("test");
        let staff = |email: &str| engine::staff::NewStaff {
            email: email.into(),
            name: "Staff".into(),
            role: "read_only".into(),
        };
        let member = engine
            .create_staff(&operator, staff("a@shop.example"), None)
            .await
            .unwrap();
        engine
            .set_staff_password(
                &member.token,
                &domain::Password::parse("a long staff password").unwrap(),
                ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        engine
            .staff_sign_in("a@shop.example", "a long staff password", ClientAddr::LOCAL)
            .await
            .unwrap();
        engine
            .create_staff(&operator, staff("b@shop.example"), None)
            .await
            .unwrap();
        // Two changes of one variant and one of another: the first event is history, the others are latest.
        engine
            .set_stock(&engine::Actor::process("test"), "main", &sku("SP-01"), 50)
            .await
            .unwrap();
        engine
            .set_stock(&engine::Actor::process("test"), "main", &sku("SP-01"), 60)
            .await
            .unwrap();
        engine
            .set_stock(&engine::Actor::process("test"), "main", &sku("SP-02"), 70)
            .await
            .unwrap();
        let due = engine.claim_webhook_deliveries(10, 60_000).await.unwrap();
        assert_eq!(due.len(), 2, "one per variant, in order");
        for d in &due {
            engine
                .record_webhook_attempt(d.id, Ok(200), 5)
                .await
                .unwrap();
        }
        let mail = engine
            .claim_emails(10, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(mail.len(), 1, "the reset link");
        assert!(engine.mark_email_sent(&mail[0]).await.unwrap());

        // A day on: only the sign-in failure, the reset link (an hour) and the staff session have expired.
        let purged = engine.purge_expired(now + DAY, HISTORY).await.unwrap();
        assert_eq!(
            purged,
            Purged {
                password_resets: 1,
                sign_in_failures: 1,
                staff_sessions: 1,
                ..Purged::default()
            }
        );
        assert!(engine.cart(&shopper, &cart.token).await.is_ok());

        // A month on: the guest cart and the session are gone too; the history stays.
        let purged = engine.purge_expired(now + 31 * DAY, HISTORY).await.unwrap();
        assert_eq!(
            purged,
            Purged {
                guest_carts: 1,
                sessions: 1,
                staff_tokens: 1,
                ..Purged::default()
            }
        );
        assert!(matches!(
            engine.cart(&shopper, &cart.token).await,
            Err(EngineError::NotFound { .. })
        ));
        assert!(engine.session(&session.token).await.unwrap().is_none());
        // The third variant's delivery has not been delivered: pending, it and its event stay whatever their age.
        let pending = engine.claim_webhook_deliveries(10, 60_000).await.unwrap();
        assert_eq!(pending.len(), 1);

        // Past the retention window: the sent email, the delivered deliveries and the event that is no
        // variant's latest go; each resource's latest event and the pending delivery stay.
        let purged = engine.purge_expired(now + 91 * DAY, HISTORY).await.unwrap();
        assert_eq!(
            purged,
            Purged {
                emails: 1,
                webhook_deliveries: 2,
                events: 1,
                ..Purged::default()
            }
        );
        let left: Vec<_> = engine
            .events_after(0, 100, &engine::Actor::process("test"))
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.resource)
            .filter(|r| r.starts_with("variant:"))
            .collect();
        assert_eq!(left, ["variant:SP-01", "variant:SP-02"]);
        assert_eq!(
            engine.purge_expired(now + 91 * DAY, HISTORY).await.unwrap(),
            Purged::default(),
            "a second purge finds nothing"
        );
    })
    .await;
}

#[tokio::test]
async fn the_audit_trail_is_kept_for_good_unless_the_merchant_sets_a_window() {
    each_backend(|engine| async move {
        let owner = engine::Actor::process("test");
        let now = SystemTime::now();
        engine
            .save_shop_profile(&owner, &engine::settings::ShopProfile::default())
            .await
            .unwrap();
        engine
            .save_shop_profile(
                &owner,
                &engine::settings::ShopProfile {
                    legal_name: "Audited GmbH".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(audit_entries(&engine).await, 1);
        let years = engine
            .purge_expired(now + 3650 * DAY, HISTORY)
            .await
            .unwrap();
        assert_eq!(years.audit_entries, 0, "kept for good by default");

        match engine
            .save_audit_retention(&owner, engine::AuditRetention { retention_days: 7 })
            .await
        {
            Err(EngineError::Domain(e)) => assert_eq!(e.field, "retention_days"),
            other => panic!("a week is too short: {other:?}"),
        }
        engine
            .save_audit_retention(&owner, engine::AuditRetention { retention_days: 30 })
            .await
            .unwrap();
        assert_eq!(
            engine.audit_retention(&owner).await.unwrap().retention_days,
            30
        );
        assert_eq!(audit_entries(&engine).await, 2, "the change is an entry");
        let month = engine.purge_expired(now + 29 * DAY, HISTORY).await.unwrap();
        assert_eq!(month.audit_entries, 0);
        let later = engine.purge_expired(now + 31 * DAY, HISTORY).await.unwrap();
        assert_eq!(later.audit_entries, 2);
        assert_eq!(audit_entries(&engine).await, 0);
    })
    .await;
}

async fn audit_entries(engine: &engine::Engine) -> usize {
    engine
        .audit_entries(
            &engine::Actor::process("test"),
            &engine::audit_log::AuditFilter::default(),
        )
        .await
        .unwrap()
        .entries
        .len()
}
