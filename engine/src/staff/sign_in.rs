//! Signing staff in: the password, then (for members with two-factor sign-in) a code from their authenticator app
//! or a recovery code, then a session for the back office's cookie.

use domain::{DomainError, Email};

use super::{Actor, MEMBER, MemberRow, builtin_role, roles, two_factor};
use crate::{
    ClientAddr, Engine, EngineResult, Scope,
    accounts::{looks_like_token, new_secret, token_hash},
    db::WriteTx,
    now_ms,
};

/// Idle time is extended at most this often, so browsing does not write on every request.
const TOUCH_MS: i64 = 60 * 1000;
/// The time between a right password and its second factor (5 minutes: long enough to find the phone).
const TICKET_MS: i64 = 5 * 60 * 1000;
/// What a token between the password and the second factor is kept as.
pub(super) const SIGN_IN: &str = "sign_in";

/// A staff sign-in: the session token for the back office's cookie, and who signed in.
#[derive(Debug, Clone)]
pub struct StaffSignedIn {
    /// Session token; only its hash is stored.
    pub token: String,
    /// The signed-in member as an actor.
    pub actor: Actor,
}

/// Where a right password leads.
#[derive(Debug, Clone)]
pub enum StaffSignIn {
    /// Signed in.
    Session(StaffSignedIn),
    /// The member signs in with a second factor: a code comes next, with this ticket
    /// ([`Engine::staff_second_factor`]).
    SecondFactor {
        /// One-time ticket, valid for a few minutes; only its hash is stored.
        ticket: String,
    },
    /// The member's role requires a second factor they have not set up: they enrol with this ticket first
    /// ([`Engine::begin_two_factor_at_sign_in`]).
    Enrol {
        /// One-time ticket, valid for a few minutes; only its hash is stored.
        ticket: String,
    },
}

/// The key the sign-in slowdown counts a member's failures under, apart from a buyer with the same address.
pub(super) fn throttle_key(email: &str) -> String {
    format!("staff:{email}")
}

impl Engine {
    /// Checks a member's password from `client`. A wrong pair, an unknown address and a disabled member answer
    /// alike; a right one gives a session, or a ticket for the second factor.
    pub async fn staff_sign_in(
        &self,
        email: &str,
        password: &str,
        client: ClientAddr,
    ) -> EngineResult<StaffSignIn> {
        self.limits.admit(client)?;
        let email = Email::parse(email)?;
        let key = throttle_key(email.as_str());
        crate::accounts::throttle_begin(self, &key, client).await?;
        let row: Option<MemberRow> = sqlx::query_as(&format!(
            "{MEMBER} WHERE email = $1 AND disabled_at IS NULL"
        ))
        .bind(email.as_str())
        .fetch_optional(&self.db.pool)
        .await?;
        let hash = row
            .as_ref()
            .map_or(crate::accounts::DUMMY_HASH, |r| r.password_hash.as_str());
        let wrong = || DomainError::new("password", "does not match this email address");
        if !self.verify(password, hash).await? {
            return Err(wrong().into());
        }
        let Some(member) = row else {
            return Err(wrong().into());
        };
        let (enrolled, required) = two_factor::state(self, member.id, &member.role).await?;
        let permissions = self.staff_role(&member.role).await?.permissions;
        let mut tx = self.db.begin_write().await?;
        if enrolled || required {
            // The password alone counts as a failed attempt until the second factor succeeds, so guessing codes
            // stays slowed down.
            let ticket = new_ticket(&mut tx, member.id).await?;
            tx.commit().await?;
            return Ok(if enrolled {
                StaffSignIn::SecondFactor { ticket }
            } else {
                StaffSignIn::Enrol { ticket }
            });
        }
        crate::accounts::throttle_succeeded(&mut tx, &key, client).await?;
        let signed_in = self
            .open_session(&mut tx, member, permissions, client)
            .await?;
        tx.commit().await?;
        Ok(StaffSignIn::Session(signed_in))
    }

    /// Completes a sign-in with the ticket from the password step and a code from the member's authenticator app
    /// or one of their recovery codes (used up). A wrong code answers as a wrong password does and counts toward
    /// the same slowdown.
    pub async fn staff_second_factor(
        &self,
        ticket: &str,
        code: &str,
        client: ClientAddr,
    ) -> EngineResult<StaffSignedIn> {
        self.limits.admit(client)?;
        let member = self.ticket_member(ticket).await?;
        let key = throttle_key(&member.email);
        crate::accounts::throttle_begin(self, &key, client).await?;
        let permissions = self.staff_role(&member.role).await?.permissions;
        let mut tx = self.db.begin_write().await?;
        if !two_factor::accept_code(self, &mut tx, member.id, code).await? {
            return Err(DomainError::new(
                "code",
                "is not the current code or an unused recovery code",
            )
            .into());
        }
        end_ticket(&mut tx, ticket).await?;
        crate::accounts::throttle_succeeded(&mut tx, &key, client).await?;
        let signed_in = self
            .open_session(&mut tx, member, permissions, client)
            .await?;
        tx.commit().await?;
        Ok(signed_in)
    }

    /// The actor a back-office session token stands for, if the session is live and its member active; a use
    /// extends the idle time (never past the absolute end).
    pub async fn staff_session(
        &self,
        token: &str,
        client: Option<ClientAddr>,
    ) -> EngineResult<Option<Actor>> {
        if !looks_like_token(token) {
            return Ok(None);
        }
        let now = now_ms();
        let hash = token_hash(token);
        // The role's permissions come in the same query: this runs on every back-office request.
        type Row = (i64, String, String, i64, i64, Option<String>);
        let row: Option<Row> = sqlx::query_as(
            "SELECT s.id, s.email, s.role, ss.idle_until, ss.expires_at, r.permissions
             FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id
             LEFT JOIN staff_roles r ON r.code = s.role
             WHERE ss.token_hash = $1 AND ss.idle_until > $2 AND ss.expires_at > $2 AND s.disabled_at IS NULL",
        )
        .bind(&hash)
        .bind(now)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some((id, email, role, idle_until, expires_at, custom)) = row else {
            return Ok(None);
        };
        let idle = self.config.staff_sessions.idle_ms();
        if idle_until - now < idle - TOUCH_MS.min(idle / 2) {
            self.db
                .execute(
                    sqlx::query("UPDATE staff_sessions SET idle_until = $1 WHERE token_hash = $2")
                        .bind((now + idle).min(expires_at))
                        .bind(&hash),
                )
                .await?;
        }
        let permissions = match builtin_role(&role) {
            Some(builtin) => builtin.permissions,
            None => roles::parse_stored(custom.as_deref().unwrap_or(""))?,
        };
        Ok(Some(Actor::staff(id, email, role, permissions, client)))
    }

    /// Ends a back-office session; ending one that is gone is not an error.
    pub async fn staff_sign_out(&self, token: &str) -> EngineResult<()> {
        self.db
            .execute(
                sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
                    .bind(token_hash(token)),
            )
            .await?;
        Ok(())
    }

    /// The member a live sign-in ticket belongs to.
    pub(super) async fn ticket_member(&self, ticket: &str) -> EngineResult<MemberRow> {
        let invalid = || DomainError::new("ticket", "has expired: sign in again");
        if !looks_like_token(ticket) {
            return Err(invalid().into());
        }
        let row: Option<MemberRow> = sqlx::query_as(&format!(
            "{MEMBER} WHERE disabled_at IS NULL AND id = (SELECT staff_id FROM staff_tokens
                 WHERE token_hash = $1 AND purpose = '{SIGN_IN}' AND expires_at > $2)"
        ))
        .bind(token_hash(ticket))
        .bind(now_ms())
        .fetch_optional(&self.db.pool)
        .await?;
        Ok(row.ok_or_else(invalid)?)
    }

    /// Opens a session for `member` with their role's `permissions` in `tx` (the role is read before the write
    /// turn: SQLite's one writer must not wait on a read).
    pub(super) async fn open_session(
        &self,
        tx: &mut WriteTx,
        member: MemberRow,
        permissions: Vec<Scope>,
        client: ClientAddr,
    ) -> EngineResult<StaffSignedIn> {
        let now = now_ms();
        let token = new_secret();
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, staff_id, created_at, idle_until, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&token))
        .bind(member.id)
        .bind(now)
        .bind(now + self.config.staff_sessions.idle_ms())
        .bind(now + self.config.staff_sessions.absolute_ms())
        .execute(&mut ***tx)
        .await?;
        Ok(StaffSignedIn {
            token,
            actor: Actor::staff(
                member.id,
                member.email,
                member.role,
                permissions,
                Some(client),
            ),
        })
    }
}

async fn new_ticket(tx: &mut WriteTx, staff_id: i64) -> EngineResult<String> {
    let now = now_ms();
    sqlx::query("DELETE FROM staff_tokens WHERE staff_id = $1 AND purpose = $2")
        .bind(staff_id)
        .bind(SIGN_IN)
        .execute(&mut ***tx)
        .await?;
    let ticket = new_secret();
    sqlx::query(
        "INSERT INTO staff_tokens (token_hash, staff_id, created_at, expires_at, purpose) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&ticket))
    .bind(staff_id)
    .bind(now)
    .bind(now + TICKET_MS)
    .bind(SIGN_IN)
    .execute(&mut ***tx)
    .await?;
    Ok(ticket)
}

pub(super) async fn end_ticket(tx: &mut WriteTx, ticket: &str) -> EngineResult<()> {
    sqlx::query("DELETE FROM staff_tokens WHERE token_hash = $1")
        .bind(token_hash(ticket))
        .execute(&mut ***tx)
        .await?;
    Ok(())
}
