//! Two-factor sign-in for staff: owners enrol before their first session, a code works once, recovery codes work
//! once, and only owners choose which roles need it.

mod common;

use common::{each_backend, totp_code};
use domain::Password;
use engine::{
    Actor, ClientAddr, Engine, EngineError,
    audit_log::AuditFilter,
    staff::{NewStaff, StaffSignIn},
};

const PASSWORD: &str = "a long staff password";
const LOCAL: ClientAddr = ClientAddr::LOCAL;

async fn invite(engine: &Engine, by: &Actor, email: &str, role: &str) {
    let created = engine
        .create_staff(
            by,
            NewStaff {
                email: email.into(),
                name: "Staff".into(),
                role: role.into(),
            },
            None,
        )
        .await
        .unwrap();
    engine
        .set_staff_password(&created.token, &Password::parse(PASSWORD).unwrap(), LOCAL)
        .await
        .unwrap();
}

fn ticket(result: StaffSignIn) -> (bool, String) {
    match result {
        StaffSignIn::Enrol { ticket } => (true, ticket),
        StaffSignIn::SecondFactor { ticket } => (false, ticket),
        StaffSignIn::Session(_) => panic!("signed in with the password alone"),
    }
}

fn field<T: std::fmt::Debug>(result: Result<T, EngineError>) -> String {
    match result {
        Err(EngineError::Domain(e)) => e.field,
        other => panic!("expected a refusal naming a field, got {other:?}"),
    }
}

#[tokio::test]
async fn an_owner_enrols_before_their_first_session_and_then_needs_a_code_that_works_once() {
    each_backend(|engine| async move {
        invite(
            &engine,
            &Actor::process("test"),
            "owner@shop.example",
            "owner",
        )
        .await;
        let (enrol, first) = ticket(
            engine
                .staff_sign_in("owner@shop.example", PASSWORD, LOCAL)
                .await
                .unwrap(),
        );
        assert!(enrol, "an owner without a second factor must enrol");
        let enrolment = engine.begin_two_factor_at_sign_in(&first).await.unwrap();
        assert!(
            enrolment
                .url
                .starts_with("otpauth://totp/Kontor:owner%40shop.example?"),
            "{}",
            enrolment.url
        );
        assert!(
            enrolment
                .url
                .contains(&format!("secret={}", enrolment.secret))
        );
        assert!(enrolment.qr_svg.starts_with("<?xml") && enrolment.qr_svg.contains("<svg"));

        assert_eq!(
            field(
                engine
                    .confirm_two_factor_at_sign_in(&first, "000000", LOCAL)
                    .await
            ),
            "code"
        );
        let enrolling_code = totp_code(&enrolment.secret, 0);
        let recovery = enrolment.recovery_codes.clone();
        let session = engine
            .confirm_two_factor_at_sign_in(&first, &enrolling_code, LOCAL)
            .await
            .unwrap();
        assert!(session.actor.is_owner());
        assert_eq!(recovery.len(), 10);
        assert_eq!(
            field(engine.begin_two_factor_at_sign_in(&first).await),
            "ticket",
            "a ticket works once"
        );

        // From now on the password leads to a code.
        let (enrol, second) = ticket(
            engine
                .staff_sign_in("owner@shop.example", PASSWORD, LOCAL)
                .await
                .unwrap(),
        );
        assert!(!enrol);
        // The code that enrolled was used: the same step is refused, the next one (within the skew) works.
        assert_eq!(
            field(
                engine
                    .staff_second_factor(&second, &enrolling_code, LOCAL)
                    .await
            ),
            "code"
        );
        let next = engine
            .staff_second_factor(&second, &totp_code(&enrolment.secret, 1), LOCAL)
            .await
            .unwrap();
        assert!(
            engine
                .staff_session(&next.token, None)
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(
            field(
                engine
                    .staff_second_factor(&second, &totp_code(&enrolment.secret, 1), LOCAL)
                    .await
            ),
            "ticket"
        );

        // A recovery code, typed carelessly, works once.
        let (_, third) = ticket(
            engine
                .staff_sign_in("owner@shop.example", PASSWORD, LOCAL)
                .await
                .unwrap(),
        );
        let typed = recovery[3].to_uppercase().replace('-', " ");
        engine
            .staff_second_factor(&third, &typed, LOCAL)
            .await
            .unwrap();
        let (_, fourth) = ticket(
            engine
                .staff_sign_in("owner@shop.example", PASSWORD, LOCAL)
                .await
                .unwrap(),
        );
        assert_eq!(
            field(
                engine
                    .staff_second_factor(&fourth, &recovery[3], LOCAL)
                    .await
            ),
            "code"
        );
        assert_eq!(
            field(
                engine
                    .staff_second_factor("f".repeat(64).as_str(), &recovery[4], LOCAL)
                    .await
            ),
            "ticket"
        );

        // The trail says two-factor sign-in was turned on, without the secret.
        let trail = engine
            .audit_entries(&session.actor, &AuditFilter::default())
            .await
            .unwrap();
        let enabled = trail
            .entries
            .iter()
            .find(|e| e.action == "staff.two_factor_enabled")
            .unwrap();
        assert_eq!(enabled.actor, "owner@shop.example");
        assert!(
            enabled
                .changes
                .iter()
                .all(|c| c.before.is_none() && c.after.is_none())
        );
    })
    .await;
}

#[tokio::test]
async fn a_member_may_turn_it_on_and_an_owner_resets_it() {
    each_backend(|engine| async move {
        let operator = Actor::process("test");
        invite(&engine, &operator, "c@shop.example", "catalog_manager").await;
        let StaffSignIn::Session(session) = engine
            .staff_sign_in("c@shop.example", PASSWORD, LOCAL)
            .await
            .unwrap()
        else {
            panic!("a catalog manager signs in with the password unless they choose otherwise");
        };
        assert_eq!(
            engine.two_factor_status(&session.actor).await.unwrap(),
            (false, false)
        );
        // The enrolment page rendered twice at once (as server rendering may) shows one secret and one set of
        // codes, the ones that are stored.
        let (enrolment, twice) = tokio::join!(
            engine.begin_two_factor(&session.actor),
            engine.begin_two_factor(&session.actor)
        );
        let (enrolment, twice) = (enrolment.unwrap(), twice.unwrap());
        assert_eq!(
            (&enrolment.secret, &enrolment.recovery_codes),
            (&twice.secret, &twice.recovery_codes)
        );
        assert_eq!(
            field(engine.confirm_two_factor(&session.actor, "12345x").await),
            "code"
        );
        engine
            .confirm_two_factor(&session.actor, &totp_code(&enrolment.secret, 0))
            .await
            .unwrap();
        assert_eq!(
            engine.two_factor_status(&session.actor).await.unwrap(),
            (true, false)
        );
        let again = engine.begin_two_factor(&session.actor).await;
        assert!(matches!(again, Err(EngineError::Conflict(_))), "{again:?}");
        assert!(
            !ticket(
                engine
                    .staff_sign_in("c@shop.example", PASSWORD, LOCAL)
                    .await
                    .unwrap()
            )
            .0
        );

        // Lost phone: an owner resets it; a catalog manager may not; the member's sessions end.
        let refused = engine
            .reset_two_factor(&session.actor, "c@shop.example")
            .await;
        assert!(
            matches!(refused, Err(EngineError::Forbidden(_))),
            "{refused:?}"
        );
        engine
            .reset_two_factor(&operator, "c@shop.example")
            .await
            .unwrap();
        assert!(
            engine
                .staff_session(&session.token, None)
                .await
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            engine
                .staff_sign_in("c@shop.example", PASSWORD, LOCAL)
                .await
                .unwrap(),
            StaffSignIn::Session(_)
        ));
    })
    .await;
}

#[tokio::test]
async fn only_owners_choose_the_roles_that_need_it_and_owners_stay_on_the_list() {
    each_backend(|engine| async move {
        let operator = Actor::process("test");
        assert_eq!(engine.two_factor_roles().await.unwrap(), ["owner"]);
        invite(&engine, &operator, "owner@shop.example", "owner").await;
        invite(&engine, &operator, "admin@shop.example", "administrator").await;
        invite(&engine, &operator, "c@shop.example", "catalog_manager").await;
        let owner = common::staff_sign_in(&engine, "owner@shop.example", PASSWORD)
            .await
            .actor;
        let admin = common::staff_sign_in(&engine, "admin@shop.example", PASSWORD)
            .await
            .actor;

        let both = ["owner".to_owned(), "catalog_manager".to_owned()];
        let by_admin = engine.set_two_factor_roles(&admin, &both).await;
        assert!(
            matches!(by_admin, Err(EngineError::Forbidden(_))),
            "{by_admin:?}"
        );
        assert_eq!(
            field(
                engine
                    .set_two_factor_roles(&owner, &["catalog_manager".to_owned()])
                    .await
            ),
            "roles"
        );
        assert_eq!(
            field(
                engine
                    .set_two_factor_roles(&owner, &["owner".to_owned(), "wizard".to_owned()])
                    .await
            ),
            "roles"
        );
        engine.set_two_factor_roles(&owner, &both).await.unwrap();
        assert_eq!(
            engine.two_factor_roles().await.unwrap(),
            ["catalog_manager", "owner"]
        );
        assert!(
            ticket(
                engine
                    .staff_sign_in("c@shop.example", PASSWORD, LOCAL)
                    .await
                    .unwrap()
            )
            .0,
            "must enrol now"
        );

        let trail = engine
            .audit_entries(&owner, &AuditFilter::default())
            .await
            .unwrap();
        let change = trail
            .entries
            .iter()
            .find(|e| e.action == "settings.two_factor_roles")
            .unwrap();
        assert_eq!(change.changes[0].before.as_deref(), Some("owner"));
        assert_eq!(
            change.changes[0].after.as_deref(),
            Some("catalog_manager,owner")
        );

        // The shop's own processes may take owners off (the demo does).
        engine.set_two_factor_roles(&operator, &[]).await.unwrap();
        assert!(engine.two_factor_roles().await.unwrap().is_empty());
    })
    .await;
}
