//! The mail outbox between two app servers: a claimed message is hidden from the other mailer while its lease
//! holds, and a mailer whose lease ran out can neither renew it nor mark the message sent once another claimed it.

mod common;

use std::time::Duration;

use common::{each_shared_backend, seeded};

const HOUR: Duration = Duration::from_secs(3600);

#[tokio::test]
async fn only_the_holder_of_a_live_claim_sends_a_message_or_marks_it_sent() {
    each_shared_backend(|a, b| async move {
        seeded(&a).await;
        a.request_password_reset(
            "buyer@acme.example",
            "http://shop.test/account/reset",
            engine::ClientAddr::LOCAL,
        )
        .await
        .unwrap();

        let held = a.claim_emails(10, HOUR).await.unwrap();
        assert_eq!(held.len(), 1);
        assert!(
            b.claim_emails(10, HOUR).await.unwrap().is_empty(),
            "a held lease hides the message from the other mailer"
        );
        assert!(a.hold_email(&held[0], HOUR).await.unwrap());
        assert!(a.mark_email_failed(&held[0], "relay down").await.unwrap());

        // A retry is due again; a slow mailer claims it briefly and its lease runs out.
        a.request_password_reset(
            "viewer@acme.example",
            "http://shop.test/account/reset",
            engine::ClientAddr::LOCAL,
        )
        .await
        .unwrap();
        let slow = a.claim_emails(10, Duration::from_millis(50)).await.unwrap();
        assert_eq!(
            slow.len(),
            1,
            "the new message; the failed one waits its back-off"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            !a.hold_email(&slow[0], HOUR).await.unwrap(),
            "an expired lease is not renewed"
        );
        let fresh = b.claim_emails(10, HOUR).await.unwrap();
        assert_eq!(fresh.len(), 1);
        assert_eq!(fresh[0].id, slow[0].id);
        assert!(!a.hold_email(&slow[0], HOUR).await.unwrap());
        assert!(
            !a.mark_email_sent(&slow[0]).await.unwrap(),
            "the slow mailer cannot mark another's claim sent"
        );
        assert!(!a.mark_email_failed(&slow[0], "late").await.unwrap());
        assert!(b.hold_email(&fresh[0], HOUR).await.unwrap());
        assert!(b.mark_email_sent(&fresh[0]).await.unwrap());
        assert!(!b.mark_email_sent(&fresh[0]).await.unwrap(), "sent once");
        let (unsent, _) = a.outbox_counts().await.unwrap();
        assert_eq!(unsent, 1, "only the failed message waits");
    })
    .await;
}
