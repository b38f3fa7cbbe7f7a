//! Staff, roles and the audit trail: what each role may do, who may appoint whom, sessions that end, and an entry
//! for every change.

mod common;

use std::time::{Duration, Instant};

use common::each_backend;
use domain::Password;
use engine::{
    Actor, ClientAddr, Engine, EngineError, Scope, StaffSessions,
    audit_log::AuditFilter,
    staff::{NewStaff, builtin_roles},
};

const PASSWORD: &str = "a long staff password";

fn new(email: &str, role: &str) -> NewStaff {
    NewStaff {
        email: email.into(),
        name: format!("Staff {role}"),
        role: role.into(),
    }
}

/// Creates a member as `by` and lets them choose their password; the member's actor from a real sign-in.
async fn member(engine: &Engine, by: &Actor, email: &str, role: &str) -> Actor {
    let created = engine
        .create_staff(by, new(email, role), None)
        .await
        .unwrap();
    assert!(!created.member.has_password);
    engine
        .set_staff_password(
            &created.token,
            &Password::parse(PASSWORD).unwrap(),
            ClientAddr::LOCAL,
        )
        .await
        .unwrap();
    common::staff_sign_in(engine, email, PASSWORD).await.actor
}

fn forbidden<T: std::fmt::Debug>(result: Result<T, EngineError>) -> bool {
    matches!(result, Err(EngineError::Forbidden(_)))
}

#[tokio::test]
async fn every_built_in_role_holds_exactly_its_permissions() {
    each_backend(|engine| async move {
        let operator = Actor::process("test");
        for (i, role) in builtin_roles().into_iter().enumerate() {
            let actor = member(
                &engine,
                &operator,
                &format!("s{i}@shop.example"),
                &role.code,
            )
            .await;
            for scope in Scope::ALL {
                assert_eq!(
                    actor.allows(scope),
                    role.permissions.contains(&scope),
                    "{} × {}",
                    role.code,
                    scope.as_str()
                );
                assert_eq!(actor.require(scope).is_ok(), actor.allows(scope));
            }
            // The engine's operations check the same permissions themselves.
            assert_eq!(
                forbidden(engine.staff_members(&actor).await),
                !role.permissions.contains(&Scope::StaffManage),
                "{} listing staff",
                role.code
            );
            assert_eq!(
                forbidden(engine.audit_entries(&actor, &AuditFilter::default()).await),
                !role.permissions.contains(&Scope::AuditRead),
                "{} reading the audit trail",
                role.code
            );
        }
    })
    .await;
}

#[tokio::test]
async fn only_owners_appoint_owners_and_nobody_hands_on_what_they_lack() {
    each_backend(|engine| async move {
        let operator = Actor::process("test");
        let owner = member(&engine, &operator, "owner@shop.example", "owner").await;
        let admin = member(&engine, &owner, "admin@shop.example", "administrator").await;
        assert!(forbidden(
            engine
                .create_staff(&admin, new("owner2@shop.example", "owner"), None)
                .await
        ));
        assert!(forbidden(
            engine.disable_staff(&admin, "owner@shop.example").await
        ));
        assert!(forbidden(
            engine
                .change_staff_role(&admin, "owner@shop.example", "read_only")
                .await
        ));
        // A role of the shop's own that may manage staff, but not the catalog, cannot make catalog managers.
        engine
            .save_staff_role(
                &admin,
                "team_lead",
                "Team lead",
                &[Scope::StaffManage, Scope::CatalogRead],
            )
            .await
            .unwrap();
        let lead = member(&engine, &admin, "lead@shop.example", "team_lead").await;
        assert!(forbidden(
            engine
                .create_staff(&lead, new("cat@shop.example", "catalog_manager"), None)
                .await
        ));
        assert!(forbidden(
            engine
                .save_staff_role(&lead, "writer", "Writer", &[Scope::CatalogWrite])
                .await
        ));
        engine
            .create_staff(&lead, new("viewer@shop.example", "team_lead"), None)
            .await
            .unwrap();
        let unknown = engine
            .create_staff(&admin, new("x@shop.example", "wizard"), None)
            .await;
        assert!(matches!(unknown, Err(EngineError::Domain(e)) if e.field == "role"));
        let built_in = engine.save_staff_role(&admin, "owner", "Owner", &[]).await;
        assert!(matches!(built_in, Err(EngineError::Domain(e)) if e.field == "code"));
    })
    .await;
}

#[tokio::test]
async fn the_last_owner_stays_and_a_disabled_member_is_signed_out() {
    each_backend(|engine| async move {
        let operator = Actor::process("test");
        // Signing the owner in twice would need their phone; the second factor has its own tests.
        engine.set_two_factor_roles(&operator, &[]).await.unwrap();
        let owner = member(&engine, &operator, "owner@shop.example", "owner").await;
        let last = engine.disable_staff(&owner, "owner@shop.example").await;
        assert!(matches!(last, Err(EngineError::Conflict(_))), "{last:?}");
        let demote = engine
            .change_staff_role(&owner, "owner@shop.example", "administrator")
            .await;
        assert!(
            matches!(demote, Err(EngineError::Conflict(_))),
            "{demote:?}"
        );

        member(&engine, &owner, "second@shop.example", "owner").await;
        let session = common::staff_sign_in(&engine, "owner@shop.example", PASSWORD).await;
        assert!(
            engine
                .staff_session(&session.token, None)
                .await
                .unwrap()
                .is_some()
        );
        let disabled = engine
            .disable_staff(&operator, "owner@shop.example")
            .await
            .unwrap();
        assert!(disabled.disabled_at_ms.is_some());
        assert!(
            engine
                .staff_session(&session.token, None)
                .await
                .unwrap()
                .is_none()
        );
        let again = engine
            .staff_sign_in("owner@shop.example", PASSWORD, ClientAddr::LOCAL)
            .await;
        assert!(matches!(again, Err(EngineError::Domain(e)) if e.field == "password"));
    })
    .await;
}

#[tokio::test]
async fn a_session_ends_when_idle_when_old_and_at_sign_out() {
    each_backend(|engine| async move {
        let engine = engine.with_staff_sessions(StaffSessions {
            idle: Duration::from_millis(1000),
            absolute: Duration::from_millis(2500),
        });
        let operator = Actor::process("test");
        member(&engine, &operator, "a@shop.example", "read_only").await;
        let sign_in = || common::staff_sign_in_result(&engine, "a@shop.example", PASSWORD);

        // Idle: nothing for longer than the idle time.
        let idle = sign_in().await.unwrap();
        tokio::time::sleep(Duration::from_millis(1200)).await;
        assert!(
            engine
                .staff_session(&idle.token, None)
                .await
                .unwrap()
                .is_none()
        );

        // In use, it lives on past the idle time, until its absolute end.
        let busy = sign_in().await.unwrap();
        let started = Instant::now();
        while started.elapsed() < Duration::from_millis(1800) {
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert!(
                engine
                    .staff_session(&busy.token, None)
                    .await
                    .unwrap()
                    .is_some()
            );
        }
        while started.elapsed() < Duration::from_millis(2700) {
            tokio::time::sleep(Duration::from_millis(300)).await;
            engine.staff_session(&busy.token, None).await.unwrap();
        }
        assert!(
            engine
                .staff_session(&busy.token, None)
                .await
                .unwrap()
                .is_none()
        );

        let out = sign_in().await.unwrap();
        engine.staff_sign_out(&out.token).await.unwrap();
        assert!(
            engine
                .staff_session(&out.token, None)
                .await
                .unwrap()
                .is_none()
        );

        // A buyer's sign-in is no way into the back office, and a wrong password is refused.
        assert!(
            engine
                .staff_session("0".repeat(64).as_str(), None)
                .await
                .unwrap()
                .is_none()
        );
        let wrong = engine
            .staff_sign_in("a@shop.example", "not the password", ClientAddr::LOCAL)
            .await;
        assert!(matches!(wrong, Err(EngineError::Domain(e)) if e.field == "password"));
    })
    .await;
}

#[tokio::test]
async fn a_one_time_link_works_once() {
    each_backend(|engine| async move {
        let operator = Actor::process("test");
        let created = engine
            .create_staff(
                &operator,
                new("b@shop.example", "read_only"),
                Some("https://shop.example/admin/password"),
            )
            .await
            .unwrap();
        let password = Password::parse(PASSWORD).unwrap();
        engine
            .set_staff_password(&created.token, &password, ClientAddr::LOCAL)
            .await
            .unwrap();
        let reused = engine
            .set_staff_password(&created.token, &password, ClientAddr::LOCAL)
            .await;
        assert!(matches!(reused, Err(EngineError::Domain(e)) if e.field == "token"));
        let mail = engine
            .claim_emails(10, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        let invitation = mail
            .iter()
            .find(|m| m.to_address == "b@shop.example")
            .unwrap();
        assert!(invitation.body.contains(&format!(
            "https://shop.example/admin/password?token={}",
            created.token
        )));
    })
    .await;
}

#[tokio::test]
async fn every_change_is_in_the_audit_trail_with_before_and_after_and_no_secret() {
    each_backend(|engine| async move {
        let operator = Actor::process("cli");
        let owner = member(&engine, &operator, "owner@shop.example", "owner").await;
        member(&engine, &owner, "c@shop.example", "catalog_manager").await;
        engine
            .change_staff_role(&owner, "c@shop.example", "order_manager")
            .await
            .unwrap();
        engine
            .disable_staff(&owner, "c@shop.example")
            .await
            .unwrap();

        let page = engine
            .audit_entries(&owner, &AuditFilter::default())
            .await
            .unwrap();
        let actions: Vec<&str> = page.entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "staff.disabled",
                "staff.role_changed",
                "staff.password_set",
                "staff.created",
                // The owner's role requires a second factor, set up at their first sign-in.
                "staff.two_factor_enabled",
                "staff.password_set",
                "staff.created"
            ]
        );
        let changed = &page.entries[1];
        assert_eq!(changed.actor, "owner@shop.example");
        assert_eq!(changed.actor_kind, "staff");
        assert_eq!(changed.client.as_deref(), Some("127.0.0.1"));
        assert_eq!(changed.changes[0].field, "role");
        assert_eq!(
            changed.changes[0].before.as_deref(),
            Some("catalog_manager")
        );
        assert_eq!(changed.changes[0].after.as_deref(), Some("order_manager"));
        let first = page.entries.last().unwrap();
        assert_eq!(
            (first.actor_kind.as_str(), first.actor.as_str()),
            ("process", "cli")
        );
        let password_set = &page.entries[2];
        assert_eq!(password_set.changes[0].field, "password");
        assert_eq!(
            (
                password_set.changes[0].before.as_ref(),
                password_set.changes[0].after.as_ref()
            ),
            (None, None),
            "a secret is recorded as changed, never with its value"
        );

        // Filters and the cursor.
        let by_owner = engine
            .audit_entries(
                &owner,
                &AuditFilter {
                    actor: Some("OWNER@".into()),
                    ..AuditFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(by_owner.entries.len(), 5);
        let first_page = engine
            .audit_entries(
                &owner,
                &AuditFilter {
                    limit: Some(4),
                    ..AuditFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(first_page.entries.len(), 4);
        let rest = engine
            .audit_entries(
                &owner,
                &AuditFilter {
                    before: first_page.next,
                    ..AuditFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(rest.entries.len(), 3);
        assert_eq!(rest.next, None);
        let one = engine
            .audit_entries(
                &owner,
                &AuditFilter {
                    entity: Some("staff".into()),
                    entity_id: Some(changed.entity_id.clone()),
                    ..AuditFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(one.entries.len(), 4);
    })
    .await;
}
