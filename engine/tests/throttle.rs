//! Sign-in limits: guesses made in parallel are each counted, a stranger's guessing never locks the owner out,
//! and a client address has a budget for everything that costs a password hash.

mod common;

use std::net::IpAddr;

use common::{each_backend, seeded};
use engine::{ClientAddr, EngineError};

const PASSWORD: &str = engine::seed::DEMO_PASSWORD;

fn from(last: u8) -> ClientAddr {
    ClientAddr(IpAddr::from([203, 0, 113, last]))
}

#[tokio::test]
async fn parallel_guesses_are_counted_not_raced_past() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let guesses: Vec<_> = (0..12)
            .map(|i| {
                let engine = engine.clone();
                tokio::spawn(async move {
                    engine
                        .sign_in("admin@acme.example", &format!("guess {i}"), from(9))
                        .await
                })
            })
            .collect();
        let mut results = Vec::new();
        for guess in guesses {
            results.push(guess.await.unwrap());
        }
        let checked = results
            .iter()
            .filter(|r| matches!(r, Err(EngineError::Domain(_))))
            .count();
        let refused = results
            .iter()
            .filter(|r| matches!(r, Err(EngineError::TooManyAttempts { .. })))
            .count();
        // Four free failures and the fifth that starts the wait; every other guess is refused unchecked.
        assert_eq!((checked, refused), (5, 7), "{results:?}");
    })
    .await;
}

#[tokio::test]
async fn a_stranger_guessing_never_locks_the_owner_out() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        // Guessing spread over ten addresses, past the account's budget of 20 failures: from then on every
        // guessing address gets one check and then waits.
        let mut checked = 0;
        for address in 1..=10 {
            for _ in 0..5 {
                match engine
                    .sign_in("buyer@acme.example", "not it", from(address))
                    .await
                {
                    Err(EngineError::Domain(_)) => checked += 1,
                    Err(EngineError::TooManyAttempts { .. }) => {}
                    other => panic!("{other:?}"),
                }
            }
        }
        assert_eq!(
            checked,
            4 * 5 + 6,
            "20 free failures, then one per new address"
        );
        // A guesser with the right password now waits, like any client that has been guessing…
        assert!(matches!(
            engine
                .sign_in("buyer@acme.example", PASSWORD, from(1))
                .await,
            Err(EngineError::TooManyAttempts { .. })
        ));
        // …a new address that has guessed once is slowed by the account's failures…
        let _ = engine
            .sign_in("buyer@acme.example", "not it", from(7))
            .await;
        assert!(matches!(
            engine
                .sign_in("buyer@acme.example", PASSWORD, from(7))
                .await,
            Err(EngineError::TooManyAttempts { .. })
        ));
        // …and the owner, who never failed, signs in at once.
        let owner = engine
            .sign_in("buyer@acme.example", PASSWORD, from(200))
            .await
            .expect("the owner is never refused");
        assert_eq!(owner.account.email.as_str(), "buyer@acme.example");
    })
    .await;
}

#[tokio::test]
async fn an_address_has_a_budget_for_everything_that_costs_a_hash() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let limit = engine.config().auth.per_address_per_minute;
        assert_eq!(limit, 30, "the documented default");
        for i in 0..limit {
            let r = if i % 2 == 0 {
                engine
                    .sign_in("viewer@acme.example", PASSWORD, from(50))
                    .await
                    .map(|_| ())
            } else {
                engine
                    .request_password_reset("nobody@example.com", "http://shop/reset", from(50))
                    .await
            };
            assert!(r.is_ok(), "attempt {i}: {r:?}");
        }
        match engine
            .sign_in("viewer@acme.example", PASSWORD, from(50))
            .await
        {
            Err(EngineError::TooManyAttempts { retry_after_secs }) => {
                assert!((1..=60).contains(&retry_after_secs))
            }
            other => panic!("expected 429, got {other:?}"),
        }
        let email = domain::Email::parse("new@example.com").unwrap();
        let password = domain::Password::parse("long enough pw").unwrap();
        assert!(matches!(
            engine
                .sign_up(&email, &password, "New", "http://shop/confirm", from(50))
                .await,
            Err(EngineError::TooManyAttempts { .. })
        ));
        // Another address is untouched.
        engine
            .sign_in("viewer@acme.example", PASSWORD, from(51))
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_new_reset_link_ends_the_older_ones_and_resets_are_capped_per_address() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        for _ in 0..5 {
            engine
                .request_password_reset("buyer@acme.example", "http://shop/reset", from(60))
                .await
                .unwrap();
        }
        let mail = engine
            .claim_emails(20, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        let tokens: Vec<String> = mail
            .iter()
            .filter(|m| m.to_address == "buyer@acme.example")
            .map(|m| {
                m.body
                    .split("token=")
                    .nth(1)
                    .unwrap()
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(tokens.len(), 3, "three reset emails an hour per address");
        let new = domain::Password::parse("a brand new secret").unwrap();
        assert!(
            engine
                .reset_password(&tokens[0], &new, from(60))
                .await
                .is_err(),
            "an older link stops working when a new one is sent"
        );
        engine
            .reset_password(&tokens[2], &new, from(60))
            .await
            .unwrap();
    })
    .await;
}
