//! The back office's server functions, under `/admin/fn/…` so the back-office cookie (path `/admin`) reaches them.
//! Each takes the actor from the session and hands it to the engine, which checks the permission itself. Every
//! form posts plain fields and works without JavaScript.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// Where the emailed link to choose a password leads (the command line prints the same).
pub const PASSWORD_PATH: &str = "/admin/password";

/// The signed-in member, as the frame and the dashboard show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// Their email address.
    pub email: String,
    /// Their role's code.
    pub role: String,
    /// What their role may do, as permission names.
    pub permissions: Vec<String>,
    /// Whether they sign in with a second factor.
    pub two_factor: bool,
    /// Whether their role requires it.
    pub two_factor_required: bool,
}

/// What the authenticator app needs, and the recovery codes, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// The secret in base32, to type in by hand.
    pub secret: String,
    /// The QR code, drawn as SVG on the server.
    pub qr_svg: String,
    /// One-time recovery codes.
    pub recovery_codes: Vec<String>,
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// Entry id.
    pub id: i64,
    /// When, Unix milliseconds.
    pub at_ms: i64,
    /// `staff`, `key` or `process`, and the label.
    pub actor: String,
    /// Client address.
    pub client: String,
    /// What was done.
    pub action: String,
    /// What it was done to: `entity id`.
    pub subject: String,
    /// `field: before → after`, one per changed field.
    pub changes: Vec<String>,
}

/// A page of the trail and the cursor of the next (older) one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    /// Newest first.
    pub rows: Vec<AuditRow>,
    /// The `before` of the next page.
    pub next: Option<i64>,
}

/// A member as the staff page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    /// Email address.
    pub email: String,
    /// Name.
    pub name: String,
    /// Role code.
    pub role: String,
    /// Whether they chose a password.
    pub has_password: bool,
    /// Whether they are disabled.
    pub disabled: bool,
}

/// A role and what it may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Permission names.
    pub permissions: Vec<String>,
    /// Whether it ships with Kontor.
    pub builtin: bool,
}

/// The staff page: the members, the roles, and the roles that sign in with a second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    /// Members by email.
    pub members: Vec<StaffRow>,
    /// Every role.
    pub roles: Vec<RoleRow>,
    /// Role codes that must use a second factor.
    pub two_factor_roles: Vec<String>,
}

/// The signed-in member; `Unauthenticated` without a live session.
#[server(prefix = "/admin/fn", endpoint = "me")]
pub async fn get_me() -> Result<Me, AppError> {
    let actor = session::actor().await?;
    let (two_factor, two_factor_required) = ssr::engine()?.two_factor_status(&actor).await?;
    Ok(Me {
        email: actor.name().to_owned(),
        role: actor.role().unwrap_or_default().to_owned(),
        permissions: actor
            .permissions()
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect(),
        two_factor,
        two_factor_required,
    })
}

/// Checks email and password; on to the second factor, its enrolment, or the dashboard.
#[server(prefix = "/admin/fn", endpoint = "sign-in")]
pub async fn admin_sign_in(email: String, password: String) -> Result<(), AppError> {
    use engine::staff::StaffSignIn;
    let result = async {
        let step = ssr::engine()?
            .staff_sign_in(&email, &password, ssr::client())
            .await?;
        Ok(match step {
            StaffSignIn::Session(signed_in) => {
                session::set_session(&signed_in.token);
                "/admin"
            }
            StaffSignIn::SecondFactor { ticket } => {
                session::set_ticket(&ticket);
                "/admin/sign-in/code"
            }
            StaffSignIn::Enrol { ticket } => {
                session::set_ticket(&ticket);
                "/admin/sign-in/enrol"
            }
        })
    }
    .await;
    session::finish_to(result, |path| Some((*path).to_owned())).map(|_| ())
}

/// The second step: a code from the authenticator app, or a recovery code.
#[server(prefix = "/admin/fn", endpoint = "sign-in/code")]
pub async fn admin_second_factor(code: String) -> Result<(), AppError> {
    let result = async {
        let signed_in = ssr::engine()?
            .staff_second_factor(&session::ticket()?, &code, ssr::client())
            .await?;
        session::set_session(&signed_in.token);
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin"))
}

/// A new secret and recovery codes for a member whose role requires a second factor, at sign-in.
#[server(prefix = "/admin/fn", endpoint = "sign-in/enrolment")]
pub async fn get_sign_in_enrolment() -> Result<Enrolment, AppError> {
    let enrolment = ssr::engine()?
        .begin_two_factor_at_sign_in(&session::ticket()?)
        .await?;
    Ok(enrolment_view(enrolment))
}

/// Confirms the enrolment at sign-in with a first code, and signs in.
#[server(prefix = "/admin/fn", endpoint = "sign-in/enrol")]
pub async fn admin_enrol_at_sign_in(code: String) -> Result<(), AppError> {
    let result = async {
        let signed_in = ssr::engine()?
            .confirm_two_factor_at_sign_in(&session::ticket()?, &code, ssr::client())
            .await?;
        session::set_session(&signed_in.token);
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin"))
}

/// A new secret and recovery codes for the signed-in member who turns two-factor sign-in on.
#[server(prefix = "/admin/fn", endpoint = "account/enrolment")]
pub async fn get_own_enrolment() -> Result<Enrolment, AppError> {
    let actor = session::actor().await?;
    Ok(enrolment_view(
        ssr::engine()?.begin_two_factor(&actor).await?,
    ))
}

/// Turns two-factor sign-in on for the signed-in member.
#[server(prefix = "/admin/fn", endpoint = "account/two-factor")]
pub async fn admin_enable_two_factor(code: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?.confirm_two_factor(&actor, &code).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/account?two-factor=on"))
}

/// Signs out of the back office.
#[server(prefix = "/admin/fn", endpoint = "sign-out")]
pub async fn admin_sign_out() -> Result<(), AppError> {
    let result = async {
        if let Some(token) = session::token() {
            ssr::engine()?.staff_sign_out(&token).await?;
        }
        session::clear_session();
        Ok(())
    }
    .await;
    session::finish(result, Some(session::SIGN_IN_PATH))
}

/// Chooses a password with a one-time link (an invitation or a reset).
#[server(prefix = "/admin/fn", endpoint = "password")]
pub async fn admin_set_password(token: String, password: String) -> Result<(), AppError> {
    let result = async {
        let password = domain::Password::parse(&password)?;
        ssr::engine()?
            .set_staff_password(&token, &password, ssr::client())
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/sign-in?password=set"))
}

/// Asks for a link to choose a new password; the answer is the same whether the address is staff or not.
#[server(prefix = "/admin/fn", endpoint = "forgot")]
pub async fn admin_forgot_password(email: String) -> Result<(), AppError> {
    let result = async {
        let link = format!("{}{PASSWORD_PATH}", ssr::site_base());
        ssr::engine()?
            .request_staff_password_reset(&email, &link, ssr::client())
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/sign-in?reset=sent"))
}

/// A page of the audit trail; `query` is the page's query string (`actor`, `entity`, `id`, `before`).
#[server(prefix = "/admin/fn", endpoint = "audit")]
pub async fn get_audit(query: String) -> Result<AuditView, AppError> {
    let actor = session::actor().await?;
    let param = |name: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| domain::listing::decode(value))
            .filter(|value| !value.trim().is_empty())
    };
    let filter = engine::audit_log::AuditFilter {
        actor: param("actor"),
        entity: param("entity"),
        entity_id: param("id"),
        before: param("before").and_then(|b| b.parse().ok()),
        ..Default::default()
    };
    let page = ssr::engine()?.audit_entries(&actor, &filter).await?;
    Ok(AuditView {
        rows: page
            .entries
            .into_iter()
            .map(|e| AuditRow {
                id: e.id,
                at_ms: e.at_ms,
                actor: format!("{}: {}", e.actor_kind, e.actor),
                client: e.client.unwrap_or_default(),
                action: e.action,
                subject: format!("{} {}", e.entity, e.entity_id),
                changes: e
                    .changes
                    .into_iter()
                    .map(|c| match (c.before, c.after) {
                        (None, None) => format!("{}: changed", c.field),
                        (before, after) => format!(
                            "{}: {} → {}",
                            c.field,
                            before.unwrap_or_else(|| "—".into()),
                            after.unwrap_or_else(|| "—".into())
                        ),
                    })
                    .collect(),
            })
            .collect(),
        next: page.next,
    })
}

/// The staff page's data; needs `staff:manage`.
#[server(prefix = "/admin/fn", endpoint = "staff")]
pub async fn get_staff() -> Result<StaffView, AppError> {
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let members = engine.staff_members(&actor).await?;
    Ok(StaffView {
        members: members
            .into_iter()
            .map(|m| StaffRow {
                email: m.email,
                name: m.name,
                role: m.role,
                has_password: m.has_password,
                disabled: m.disabled_at_ms.is_some(),
            })
            .collect(),
        roles: engine
            .staff_roles()
            .await?
            .into_iter()
            .map(|r| RoleRow {
                code: r.code,
                name: r.name,
                permissions: r
                    .permissions
                    .iter()
                    .map(|p| p.as_str().to_owned())
                    .collect(),
                builtin: r.builtin,
            })
            .collect(),
        two_factor_roles: engine.two_factor_roles().await?,
    })
}

/// Invites a member: they get an email with a one-time link to choose their password.
#[server(prefix = "/admin/fn", endpoint = "staff/invite")]
pub async fn admin_invite_staff(email: String, name: String, role: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let link = format!("{}{PASSWORD_PATH}", ssr::site_base());
        ssr::engine()?
            .create_staff(
                &actor,
                engine::staff::NewStaff {
                    email: email.clone(),
                    name,
                    role,
                },
                Some(&link),
            )
            .await?;
        Ok(())
    }
    .await;
    session::finish_to(result, |_| {
        Some(format!(
            "/admin/staff?invited={}",
            domain::listing::encode(email.trim())
        ))
    })
}

/// Gives a member another role.
#[server(prefix = "/admin/fn", endpoint = "staff/role")]
pub async fn admin_change_role(email: String, role: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?
            .change_staff_role(&actor, &email, &role)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/staff"))
}

/// Disables a member, who is signed out at once; `confirm` must say yes (a ticked box).
#[server(prefix = "/admin/fn", endpoint = "staff/disable")]
pub async fn admin_disable_staff(email: String, confirm: Option<String>) -> Result<(), AppError> {
    let result = async {
        session::confirmed(confirm.as_deref(), &format!("disable {email}"))?;
        let actor = session::actor().await?;
        ssr::engine()?.disable_staff(&actor, &email).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/staff"))
}

#[cfg(feature = "ssr")]
fn enrolment_view(enrolment: engine::staff::TotpEnrolment) -> Enrolment {
    Enrolment {
        secret: enrolment.secret,
        qr_svg: enrolment.qr_svg,
        recovery_codes: enrolment.recovery_codes,
    }
}
