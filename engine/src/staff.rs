//! The back office's people: staff accounts apart from buyers, their roles, sessions and one-time password links.
//!
//! Staff sign in with the same hardening as buyers (argon2id in a hashing turn, the per-address budget, the
//! per-account slowdown, keyed apart from buyers'), and their sessions end after a while without use and after a
//! working day whatever happens ([`StaffSessions`]). A new member chooses a password through a one-time link, so no password is
//! ever chosen for them. Every change writes an audit entry in its own transaction.

mod actor;
pub mod roles;
mod sign_in;
mod two_factor;

use domain::{DomainError, Email, Password};
use sqlx::FromRow;

pub use actor::{Actor, ActorKind};
pub use roles::{StaffRole, builtin_role, builtin_roles};
pub use sign_in::{StaffSignIn, StaffSignedIn};
pub use two_factor::TotpEnrolment;

use crate::{
    ClientAddr, Engine, EngineError, EngineResult, Scope,
    accounts::{looks_like_token, new_secret, token_hash},
    audit_log::{self, Change},
    db::{Backend, WriteTx},
    now_ms,
};

/// How long back-office sessions last; a setting of the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffSessions {
    /// A session ends after this long without a request (default 30 minutes).
    pub idle: std::time::Duration,
    /// A session ends this long after sign-in whatever happens (default 12 hours: one working day).
    pub absolute: std::time::Duration,
}

impl Default for StaffSessions {
    fn default() -> Self {
        Self {
            idle: std::time::Duration::from_secs(30 * 60),
            absolute: std::time::Duration::from_secs(12 * 60 * 60),
        }
    }
}

impl StaffSessions {
    pub(super) fn idle_ms(&self) -> i64 {
        i64::try_from(self.idle.as_millis()).unwrap_or(i64::MAX / 4)
    }

    pub(super) fn absolute_ms(&self) -> i64 {
        i64::try_from(self.absolute.as_millis()).unwrap_or(i64::MAX / 4)
    }
}
/// A link to choose a password works this long (72 hours: an invitation may wait over a weekend).
pub const LINK_MS: i64 = 72 * 60 * 60 * 1000;

/// A staff member as lists show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// Staff id.
    pub id: i64,
    /// Email address, the sign-in name.
    pub email: String,
    /// Name.
    pub name: String,
    /// The role's code.
    pub role: String,
    /// Whether they have chosen a password yet.
    pub has_password: bool,
    /// When they were disabled; a disabled member cannot sign in.
    pub disabled_at_ms: Option<i64>,
}

/// A new staff member.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Email address.
    pub email: String,
    /// Name.
    pub name: String,
    /// The role's code: built-in or the shop's own.
    pub role: String,
}

/// A member just made, with the one-time token of the link that lets them choose a password.
#[derive(Debug, Clone)]
pub struct CreatedStaff {
    /// The member.
    pub member: StaffMember,
    /// The link's token: `{set_password_url}?token=…`.
    pub token: String,
}

#[derive(FromRow)]
pub(super) struct MemberRow {
    pub(super) id: i64,
    pub(super) email: String,
    name: String,
    pub(super) role: String,
    pub(super) password_hash: String,
    disabled_at: Option<i64>,
}

impl MemberRow {
    fn member(self) -> StaffMember {
        StaffMember {
            id: self.id,
            email: self.email,
            name: self.name,
            role: self.role,
            has_password: self.password_hash != "!",
            disabled_at_ms: self.disabled_at,
        }
    }
}

pub(super) const MEMBER: &str =
    "SELECT id, email, name, role, password_hash, disabled_at FROM staff";

impl Engine {
    /// This engine with back-office sessions lasting as `sessions` says.
    pub fn with_staff_sessions(mut self, sessions: StaffSessions) -> Self {
        self.config.staff_sessions = sessions;
        self
    }

    /// Every role: the built-in ones, then the shop's own by code.
    pub async fn staff_roles(&self) -> EngineResult<Vec<StaffRole>> {
        let mut roles = builtin_roles();
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT code, name, permissions FROM staff_roles ORDER BY code")
                .fetch_all(&self.db.pool)
                .await?;
        for (code, name, permissions) in rows {
            roles.push(StaffRole {
                code,
                name,
                permissions: roles::parse_stored(&permissions)?,
                builtin: false,
            });
        }
        Ok(roles)
    }

    /// The role with `code`; `NotFound` if there is none.
    pub async fn staff_role(&self, code: &str) -> EngineResult<StaffRole> {
        self.staff_roles()
            .await?
            .into_iter()
            .find(|r| r.code == code.trim())
            .ok_or_else(|| EngineError::not_found("role", code.trim()))
    }

    /// Creates or replaces one of the shop's own roles; needs `staff:manage` and every permission it grants.
    pub async fn save_staff_role(
        &self,
        actor: &Actor,
        code: &str,
        name: &str,
        permissions: &[Scope],
    ) -> EngineResult<StaffRole> {
        actor.require(Scope::StaffManage)?;
        let code = roles::checked_code(code)?;
        let name = checked_name(name)?;
        refuse_beyond(actor, permissions)?;
        let mut permissions = permissions.to_vec();
        permissions.sort();
        permissions.dedup();
        let mut tx = self.db.begin_write().await?;
        let before: Option<(String, String)> =
            sqlx::query_as("SELECT name, permissions FROM staff_roles WHERE code = $1")
                .bind(&code)
                .fetch_optional(&mut **tx)
                .await?;
        let stored = roles::stored(&permissions);
        sqlx::query(
            "INSERT INTO staff_roles (code, name, permissions, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, permissions = excluded.permissions",
        )
        .bind(&code)
        .bind(name)
        .bind(&stored)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
        let (old_name, old_permissions) = before.unzip();
        audit_log::record(
            &mut tx,
            actor,
            if old_name.is_some() {
                "role.updated"
            } else {
                "role.created"
            },
            ("role", &code),
            &[
                Change::new("name", old_name, Some(name.to_owned())),
                Change::new("permissions", old_permissions, Some(stored)),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(StaffRole {
            code,
            name: name.to_owned(),
            permissions,
            builtin: false,
        })
    }

    /// Every staff member by email; needs `staff:manage`.
    pub async fn staff_members(&self, actor: &Actor) -> EngineResult<Vec<StaffMember>> {
        actor.require(Scope::StaffManage)?;
        let rows: Vec<MemberRow> = sqlx::query_as(&format!("{MEMBER} ORDER BY email"))
            .fetch_all(&self.db.pool)
            .await?;
        Ok(rows.into_iter().map(MemberRow::member).collect())
    }

    /// Whether any staff member exists: a shop without staff offers its first-run setup.
    pub async fn has_staff(&self) -> EngineResult<bool> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff")
            .fetch_one(&self.db.pool)
            .await?;
        Ok(n > 0)
    }

    /// Adds a staff member; needs `staff:manage`, every permission the role grants, and for an owner, an owner.
    /// The answer carries the token of their one-time link to choose a password (also emailed when `link_url` is
    /// given, as `{link_url}?token=…`).
    pub async fn create_staff(
        &self,
        actor: &Actor,
        new: NewStaff,
        link_url: Option<&str>,
    ) -> EngineResult<CreatedStaff> {
        actor.require(Scope::StaffManage)?;
        let email = Email::parse(&new.email)?;
        let name = checked_name(&new.name)?;
        let role = self.assignable_role(actor, &new.role).await?;
        let mut tx = self.db.begin_write().await?;
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM staff WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_some() {
            return Err(DomainError::new("email", "already belongs to a staff member").into());
        }
        let now = now_ms();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO staff (email, name, password_hash, role, created_at, updated_at)
             VALUES ($1, $2, '!', $3, $4, $4) RETURNING id",
        )
        .bind(email.as_str())
        .bind(name)
        .bind(&role.code)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let token = new_link(&mut tx, id, now).await?;
        if let Some(url) = link_url {
            let body = format!(
                "Hello {name},\n\nyou have been given access to the shop's back office as {}. To choose your \
                 password, open\n\n{url}?token={token}\n\nThe link works for 72 hours and once.\n",
                role.name
            );
            crate::mail::enqueue(&mut tx, email.as_str(), "Your back-office access", &body).await?;
        }
        audit_log::record(
            &mut tx,
            actor,
            "staff.created",
            ("staff", &id.to_string()),
            &[
                Change::new("email", None, Some(email.as_str().to_owned())),
                Change::new("name", None, Some(name.to_owned())),
                Change::new("role", None, Some(role.code.clone())),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(CreatedStaff {
            member: self.staff_member(id).await?,
            token,
        })
    }

    /// Gives a member another role; the same rules as creating one, and the last owner stays an owner.
    pub async fn change_staff_role(
        &self,
        actor: &Actor,
        email: &str,
        role: &str,
    ) -> EngineResult<StaffMember> {
        actor.require(Scope::StaffManage)?;
        let role = self.assignable_role(actor, role).await?;
        let mut tx = self.db.begin_write().await?;
        let member = self.member_for_change(&mut tx, actor, email).await?;
        if member.role == roles::OWNER && role.code != roles::OWNER {
            refuse_last_owner(&mut tx, self.backend(), member.id).await?;
        }
        sqlx::query("UPDATE staff SET role = $1, updated_at = $2 WHERE id = $3")
            .bind(&role.code)
            .bind(now_ms())
            .bind(member.id)
            .execute(&mut **tx)
            .await?;
        audit_log::record(
            &mut tx,
            actor,
            "staff.role_changed",
            ("staff", &member.id.to_string()),
            &[Change::new("role", Some(member.role), Some(role.code))],
        )
        .await?;
        tx.commit().await?;
        self.staff_member(member.id).await
    }

    /// Disables a member and ends their sessions; needs `staff:manage` (an owner for an owner), and the last
    /// active owner cannot be disabled.
    pub async fn disable_staff(&self, actor: &Actor, email: &str) -> EngineResult<StaffMember> {
        actor.require(Scope::StaffManage)?;
        let mut tx = self.db.begin_write().await?;
        let member = self.member_for_change(&mut tx, actor, email).await?;
        if member.disabled_at_ms.is_none() {
            if member.role == roles::OWNER {
                refuse_last_owner(&mut tx, self.backend(), member.id).await?;
            }
            let now = now_ms();
            sqlx::query("UPDATE staff SET disabled_at = $1, updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(member.id)
                .execute(&mut **tx)
                .await?;
            sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
                .bind(member.id)
                .execute(&mut **tx)
                .await?;
            audit_log::record(
                &mut tx,
                actor,
                "staff.disabled",
                ("staff", &member.id.to_string()),
                &[Change::new(
                    "disabled",
                    Some("false".into()),
                    Some("true".into()),
                )],
            )
            .await?;
        }
        tx.commit().await?;
        self.staff_member(member.id).await
    }

    /// Emails a member a one-time link to choose a new password, ending older links; answers the same for an
    /// unknown or disabled address, so the form tells nobody who is staff.
    pub async fn request_staff_password_reset(
        &self,
        email: &str,
        link_url: &str,
        client: ClientAddr,
    ) -> EngineResult<()> {
        self.limits.admit(client)?;
        let email = Email::parse(email)?;
        if !self
            .limits
            .may_send_reset(&sign_in::throttle_key(email.as_str()))
        {
            return Ok(());
        }
        let mut tx = self.db.begin_write().await?;
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM staff WHERE email = $1 AND disabled_at IS NULL")
                .bind(email.as_str())
                .fetch_optional(&mut **tx)
                .await?;
        let Some((id, name)) = row else {
            return Ok(());
        };
        let token = new_link(&mut tx, id, now_ms()).await?;
        let body = format!(
            "Hello {name},\n\nsomeone asked to reset your back-office password. To choose a new one, open\n\n\
             {link_url}?token={token}\n\nThe link works once. If it was not you, ignore this message.\n"
        );
        crate::mail::enqueue(
            &mut tx,
            email.as_str(),
            "Reset your back-office password",
            &body,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a member's password with their one-time link, which then stops working, and ends their sessions.
    pub async fn set_staff_password(
        &self,
        token: &str,
        password: &Password,
        client: ClientAddr,
    ) -> EngineResult<()> {
        self.limits.admit(client)?;
        let invalid = || DomainError::new("token", "is invalid or has expired");
        if !looks_like_token(token) {
            return Err(invalid().into());
        }
        let hash = self.hash(password).await?;
        let mut tx = self.db.begin_write().await?;
        let now = now_ms();
        let row: Option<(i64,)> = sqlx::query_as(
            "DELETE FROM staff_tokens WHERE token_hash = $1 AND expires_at > $2 AND purpose = 'password'
             RETURNING staff_id",
        )
        .bind(token_hash(token))
        .bind(now)
        .fetch_optional(&mut **tx)
        .await?;
        let (id,) = row.ok_or_else(invalid)?;
        let member: MemberRow = sqlx::query_as(&format!("{MEMBER} WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
        if member.disabled_at.is_some() {
            return Err(invalid().into());
        }
        sqlx::query("UPDATE staff SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(&hash)
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        for table in ["staff_sessions", "staff_tokens"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE staff_id = $1"))
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        let me = Actor::staff(id, member.email, member.role, Vec::new(), Some(client));
        audit_log::record(
            &mut tx,
            &me,
            "staff.password_set",
            ("staff", &id.to_string()),
            &[Change::secret("password")],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn staff_member(&self, id: i64) -> EngineResult<StaffMember> {
        let row: MemberRow = sqlx::query_as(&format!("{MEMBER} WHERE id = $1"))
            .bind(id)
            .fetch_one(&self.db.pool)
            .await?;
        Ok(row.member())
    }

    /// The role `code` if `actor` may hand it out: it holds every permission of it, and only owners make owners.
    async fn assignable_role(&self, actor: &Actor, code: &str) -> EngineResult<StaffRole> {
        let role = self
            .staff_role(code)
            .await
            .map_err(|_| DomainError::new("role", format!("`{}` is not a role", code.trim())))?;
        if role.code == roles::OWNER && !actor.is_owner() {
            return Err(EngineError::forbidden("only an owner can appoint an owner"));
        }
        refuse_beyond(actor, &role.permissions)?;
        Ok(role)
    }

    /// The member with `email`, locked for the change, if `actor` may change them.
    async fn member_for_change(
        &self,
        tx: &mut WriteTx,
        actor: &Actor,
        email: &str,
    ) -> EngineResult<StaffMember> {
        let email = Email::parse(email)?;
        self.db
            .lock_rows(tx, "staff", "email", &[email.as_str().to_owned()])
            .await?;
        let row: Option<MemberRow> = sqlx::query_as(&format!("{MEMBER} WHERE email = $1"))
            .bind(email.as_str())
            .fetch_optional(&mut ***tx)
            .await?;
        let member = row
            .ok_or_else(|| EngineError::not_found("staff member", email.as_str()))?
            .member();
        if member.role == roles::OWNER && !actor.is_owner() {
            return Err(EngineError::forbidden("only an owner can change an owner"));
        }
        Ok(member)
    }
}

/// Refuses to hand on a permission the actor does not hold itself.
fn refuse_beyond(actor: &Actor, permissions: &[Scope]) -> EngineResult<()> {
    if let Some(p) = permissions.iter().find(|p| !actor.allows(**p)) {
        return Err(EngineError::forbidden(format!(
            "you lack `{}`, so you cannot give it to someone else",
            p.as_str()
        )));
    }
    Ok(())
}

/// Refuses to take the owner role from the last active owner (all owners locked first on PostgreSQL, so two
/// changes at once cannot both pass).
async fn refuse_last_owner(tx: &mut WriteTx, backend: Backend, except: i64) -> EngineResult<()> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT id FROM staff WHERE role = 'owner' FOR UPDATE")
            .execute(&mut ***tx)
            .await?;
    }
    let (others,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM staff WHERE role = 'owner' AND disabled_at IS NULL AND id <> $1",
    )
    .bind(except)
    .fetch_one(&mut ***tx)
    .await?;
    if others == 0 {
        return Err(EngineError::Conflict(
            "this is the shop's last owner; appoint another owner first".into(),
        ));
    }
    Ok(())
}

/// Makes a one-time link for member `id`, ending their older ones.
async fn new_link(tx: &mut WriteTx, id: i64, now: i64) -> EngineResult<String> {
    sqlx::query("DELETE FROM staff_tokens WHERE staff_id = $1 AND purpose = 'password'")
        .bind(id)
        .execute(&mut ***tx)
        .await?;
    let token = new_secret();
    sqlx::query(
        "INSERT INTO staff_tokens (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(id)
    .bind(now)
    .bind(now + LINK_MS)
    .execute(&mut ***tx)
    .await?;
    Ok(token)
}

fn checked_name(name: &str) -> EngineResult<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(DomainError::new("name", "must be 1 to 100 characters").into());
    }
    Ok(name)
}
