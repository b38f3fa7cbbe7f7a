//! Two-factor sign-in for staff: TOTP (RFC 6238, 30-second steps, six digits, SHA-1 as every authenticator app
//! reads it) plus ten one-time recovery codes. The secret is sealed under the shop's key like webhook secrets, a
//! code is accepted once (the last accepted step is kept), and recovery codes are kept only as hashes.
//!
//! Owners must use it, and so must the roles the shop adds to the list ([`Engine::set_two_factor_roles`]); any
//! member may turn it on for themselves.

use domain::DomainError;
use qrcode::{QrCode, render::svg};
use totp_rs::{Builder, Secret, Totp};

use super::{Actor, MEMBER, MemberRow, StaffSignedIn, roles, sign_in};
use crate::{
    ClientAddr, Engine, EngineError, EngineResult, Scope,
    accounts::token_hash,
    audit_log::{self, Change},
    db::WriteTx,
    now_ms,
};

/// What the shop's key seals a TOTP secret for.
const PURPOSE: &str = "staff.totp";
/// Recovery codes handed out at enrolment.
const RECOVERY_CODES: usize = 10;
/// The name authenticator apps show above the code.
const ISSUER: &str = "Kontor";
/// How long a started enrolment is shown again instead of replaced (milliseconds).
const PENDING_MS: i64 = 10 * 60 * 1000;

/// What a member needs to add the back office to their authenticator app.
#[derive(Debug, Clone)]
pub struct TotpEnrolment {
    /// The secret in base32, for typing in by hand.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub url: String,
    /// The QR code as an SVG document, drawn on the server.
    pub qr_svg: String,
    /// One-time codes for a lost phone, shown now and never again; they work once the enrolment is confirmed.
    pub recovery_codes: Vec<String>,
}

impl Engine {
    /// Starts two-factor enrolment for the signed-in `actor` (a member of staff): a new secret, not in force
    /// until [`Engine::confirm_two_factor`] sees a first right code.
    pub async fn begin_two_factor(&self, actor: &Actor) -> EngineResult<TotpEnrolment> {
        let (id, email) = own_member(actor)?;
        self.new_enrolment(id, &email).await
    }

    /// Puts two-factor sign-in in force for `actor` once `code` matches the enrolment's secret.
    pub async fn confirm_two_factor(&self, actor: &Actor, code: &str) -> EngineResult<()> {
        let (id, _) = own_member(actor)?;
        let mut tx = self.db.begin_write().await?;
        self.enable(&mut tx, id, code, actor).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Starts enrolment for a member whose role requires a second factor, with the ticket their password earned.
    pub async fn begin_two_factor_at_sign_in(&self, ticket: &str) -> EngineResult<TotpEnrolment> {
        let member = self.ticket_member(ticket).await?;
        self.new_enrolment(member.id, &member.email).await
    }

    /// Completes enrolment at sign-in: with a right first code, two-factor sign-in is in force and the member is
    /// signed in.
    pub async fn confirm_two_factor_at_sign_in(
        &self,
        ticket: &str,
        code: &str,
        client: ClientAddr,
    ) -> EngineResult<StaffSignedIn> {
        self.limits.admit(client)?;
        let member = self.ticket_member(ticket).await?;
        let key = sign_in::throttle_key(&member.email);
        crate::accounts::throttle_begin(self, &key, client).await?;
        let me = Actor::staff(
            member.id,
            member.email.clone(),
            member.role.clone(),
            Vec::new(),
            Some(client),
        );
        let permissions = self.staff_role(&member.role).await?.permissions;
        let mut tx = self.db.begin_write().await?;
        self.enable(&mut tx, member.id, code, &me).await?;
        sign_in::end_ticket(&mut tx, ticket).await?;
        crate::accounts::throttle_succeeded(&mut tx, &key, client).await?;
        let signed_in = self
            .open_session(&mut tx, member, permissions, client)
            .await?;
        tx.commit().await?;
        Ok(signed_in)
    }

    /// Whether `actor` (a member of staff) signs in with a second factor, and whether their role requires it.
    pub async fn two_factor_status(&self, actor: &Actor) -> EngineResult<(bool, bool)> {
        let (id, _) = own_member(actor)?;
        let role = actor.role().unwrap_or_default();
        state(self, id, role).await
    }

    /// Turns two-factor sign-in off for the member with `email` (a lost phone and no recovery codes left), and
    /// ends their sessions; they enrol again at their next sign-in if their role requires it. Needs
    /// `staff:manage`; only an owner resets an owner.
    pub async fn reset_two_factor(&self, actor: &Actor, email: &str) -> EngineResult<()> {
        actor.require(Scope::StaffManage)?;
        let mut tx = self.db.begin_write().await?;
        let member = self.member_for_change(&mut tx, actor, email).await?;
        sqlx::query(
            "UPDATE staff SET totp_secret = NULL, totp_enabled_at = NULL, totp_pending_codes = NULL,
                              totp_pending_at = NULL, updated_at = $1
             WHERE id = $2",
        )
        .bind(now_ms())
        .bind(member.id)
        .execute(&mut **tx)
        .await?;
        for table in ["staff_recovery_codes", "staff_sessions"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE staff_id = $1"))
                .bind(member.id)
                .execute(&mut **tx)
                .await?;
        }
        audit_log::record(
            &mut tx,
            actor,
            "staff.two_factor_reset",
            ("staff", &member.id.to_string()),
            &[Change::secret("totp_secret")],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The roles whose members must sign in with a second factor.
    pub async fn two_factor_roles(&self) -> EngineResult<Vec<String>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT role FROM staff_two_factor_roles ORDER BY role")
                .fetch_all(&self.db.pool)
                .await?;
        Ok(rows.into_iter().map(|(r,)| r).collect())
    }

    /// Sets which roles must sign in with a second factor. Owners decide, and they cannot take themselves off
    /// the list; only the shop's own processes (the demo) may.
    pub async fn set_two_factor_roles(&self, actor: &Actor, codes: &[String]) -> EngineResult<()> {
        let is_process = matches!(actor.kind(), super::ActorKind::Process { .. });
        if !actor.is_owner() && !is_process {
            return Err(EngineError::forbidden(
                "only an owner decides who signs in with a second factor",
            ));
        }
        if !is_process && !codes.iter().any(|c| c == roles::OWNER) {
            return Err(
                DomainError::new("roles", "owners always sign in with a second factor").into(),
            );
        }
        for code in codes {
            self.staff_role(code)
                .await
                .map_err(|_| DomainError::new("roles", format!("`{code}` is not a role")))?;
        }
        let before = self.two_factor_roles().await?;
        let mut tx = self.db.begin_write().await?;
        sqlx::query("DELETE FROM staff_two_factor_roles")
            .execute(&mut **tx)
            .await?;
        let mut after = codes.to_vec();
        after.sort();
        after.dedup();
        for code in &after {
            sqlx::query("INSERT INTO staff_two_factor_roles (role) VALUES ($1)")
                .bind(code)
                .execute(&mut **tx)
                .await?;
        }
        audit_log::record(
            &mut tx,
            actor,
            "settings.two_factor_roles",
            ("settings", "two_factor_roles"),
            &[Change::new(
                "roles",
                Some(before.join(",")),
                Some(after.join(",")),
            )],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A new enrolment for member `id`, or the one started for them less than [`PENDING_MS`] ago: decided by one
    /// conditional update, so two renders of the enrolment page at once show the same secret.
    async fn new_enrolment(&self, id: i64, email: &str) -> EngineResult<TotpEnrolment> {
        let mut bytes = [0u8; 20];
        getrandom::fill(&mut bytes).expect("the operating system's random source works");
        let secret = Secret::new_stack(bytes).to_base32();
        let recovery_codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
        let key = &self.config.secret_key;
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        // A member already enrolled keeps their secret and codes; an owner resets them.
        let started = sqlx::query(
            "UPDATE staff SET totp_secret = $1, totp_pending_codes = $2, totp_pending_at = $3, updated_at = $3
             WHERE id = $4 AND totp_enabled_at IS NULL AND COALESCE(totp_pending_at, 0) <= $5",
        )
        .bind(key.seal(&secret, &purpose(id)))
        .bind(key.seal(&recovery_codes.join(" "), &codes_purpose(id)))
        .bind(now)
        .bind(id)
        .bind(now - PENDING_MS)
        .execute(&mut **tx)
        .await?;
        if started.rows_affected() == 0 {
            let row: (Option<String>, Option<i64>, Option<String>) = sqlx::query_as(
                "SELECT totp_secret, totp_enabled_at, totp_pending_codes FROM staff WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
            drop(tx);
            let (Some(sealed), None, Some(codes)) = row else {
                return Err(EngineError::Conflict(
                    "two-factor sign-in is already on; an owner can reset it".into(),
                ));
            };
            let secret = key.open(&sealed, &purpose(id))?;
            let codes = key.open(&codes, &codes_purpose(id))?;
            return enrolment(secret, email, codes.split(' ').map(str::to_owned).collect());
        }
        sqlx::query("DELETE FROM staff_recovery_codes WHERE staff_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        for code in &recovery_codes {
            sqlx::query("INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES ($1, $2)")
                .bind(id)
                .bind(token_hash(&normalize(code)))
                .execute(&mut **tx)
                .await?;
        }
        tx.commit().await?;
        enrolment(secret, email, recovery_codes)
    }

    /// Checks the first code against the pending secret and puts two-factor sign-in in force (with the recovery
    /// codes made at enrolment), in `tx`.
    async fn enable(
        &self,
        tx: &mut WriteTx,
        id: i64,
        code: &str,
        actor: &Actor,
    ) -> EngineResult<()> {
        let row: (Option<String>, Option<i64>, String) =
            sqlx::query_as("SELECT totp_secret, totp_enabled_at, email FROM staff WHERE id = $1")
                .bind(id)
                .fetch_one(&mut ***tx)
                .await?;
        let (Some(sealed), None, email) = row else {
            return Err(EngineError::Conflict(
                "start the enrolment again: there is no pending secret".into(),
            ));
        };
        let totp = self.stored_totp(&sealed, id, &email)?;
        let Some(step) = totp.check_current(code.trim()) else {
            return Err(DomainError::new(
                "code",
                "is not the current code: check the phone's clock",
            )
            .into());
        };
        let now = now_ms();
        sqlx::query(
            "UPDATE staff SET totp_enabled_at = $1, totp_last_step = $2, totp_pending_codes = NULL,
                              totp_pending_at = NULL, updated_at = $1
             WHERE id = $3",
        )
        .bind(now)
        .bind(i64::try_from(step).unwrap_or(i64::MAX))
        .bind(id)
        .execute(&mut ***tx)
        .await?;
        audit_log::record(
            tx,
            actor,
            "staff.two_factor_enabled",
            ("staff", &id.to_string()),
            &[Change::secret("totp_secret")],
        )
        .await?;
        Ok(())
    }

    fn stored_totp(&self, sealed: &str, id: i64, email: &str) -> EngineResult<Totp> {
        let base32 = self.config.secret_key.open(sealed, &purpose(id))?;
        let secret = Secret::try_from_base32(&base32).map_err(stored)?;
        totp(secret, email)
    }
}

/// Whether member `id` has two-factor sign-in in force, and whether `role` requires it.
pub(super) async fn state(engine: &Engine, id: i64, role: &str) -> EngineResult<(bool, bool)> {
    let (enabled, required): (Option<i64>, i64) = sqlx::query_as(
        "SELECT totp_enabled_at, (SELECT COUNT(*) FROM staff_two_factor_roles WHERE role = $2) FROM staff WHERE id = $1",
    )
    .bind(id)
    .bind(role)
    .fetch_one(&engine.db.pool)
    .await?;
    Ok((enabled.is_some(), required > 0))
}

/// Accepts `code` for member `id` in `tx`: a TOTP code of a step later than the last accepted one, or an unused
/// recovery code, which is used up.
pub(super) async fn accept_code(
    engine: &Engine,
    tx: &mut WriteTx,
    id: i64,
    code: &str,
) -> EngineResult<bool> {
    let row: Option<MemberRow> = sqlx::query_as(&format!("{MEMBER} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut ***tx)
        .await?;
    let Some(member) = row else { return Ok(false) };
    let sealed: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT totp_secret FROM staff WHERE id = $1 AND totp_enabled_at IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(&mut ***tx)
    .await?;
    let Some((Some(sealed),)) = sealed else {
        return Ok(false);
    };
    let code = code.trim();
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        let totp = engine.stored_totp(&sealed, id, &member.email)?;
        let Some(step) = totp.check_current(code).and_then(|s| i64::try_from(s).ok()) else {
            return Ok(false);
        };
        // Only a later step than the last one used, so an overheard code cannot sign in twice.
        let done = sqlx::query(
            "UPDATE staff SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1",
        )
        .bind(step)
        .bind(id)
        .execute(&mut ***tx)
        .await?;
        return Ok(done.rows_affected() == 1);
    }
    let used = sqlx::query(
        "UPDATE staff_recovery_codes SET used_at = $1 WHERE staff_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now_ms())
    .bind(id)
    .bind(token_hash(&normalize(code)))
    .execute(&mut ***tx)
    .await?;
    Ok(used.rows_affected() == 1)
}

fn own_member(actor: &Actor) -> EngineResult<(i64, String)> {
    match actor.kind() {
        super::ActorKind::Staff { id, email, .. } => Ok((*id, email.clone())),
        _ => Err(EngineError::forbidden(
            "two-factor sign-in is for members of staff",
        )),
    }
}

fn purpose(id: i64) -> String {
    format!("{PURPOSE}:{id}")
}

/// What the shop's key seals a pending enrolment's recovery codes for.
fn codes_purpose(id: i64) -> String {
    format!("{PURPOSE}.recovery:{id}")
}

/// The enrolment of `secret` (base32) for `email`, with its QR code.
fn enrolment(
    secret: String,
    email: &str,
    recovery_codes: Vec<String>,
) -> EngineResult<TotpEnrolment> {
    let parsed = Secret::try_from_base32(&secret).map_err(stored)?;
    let url = totp(parsed, email)?.to_url().map_err(stored)?;
    Ok(TotpEnrolment {
        secret,
        qr_svg: qr_svg(&url),
        url,
        recovery_codes,
    })
}

fn totp(secret: Secret, email: &str) -> EngineResult<Totp> {
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(email)
        .build()
        .map_err(stored)
}

/// A stored secret or address that does not read back: the row is damaged.
fn stored(e: impl std::error::Error + Send + Sync + 'static) -> EngineError {
    EngineError::Storage(sqlx::Error::Decode(Box::new(e)))
}

fn qr_svg(url: &str) -> String {
    QrCode::new(url.as_bytes())
        .expect("an otpauth address fits a QR code")
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build()
}

/// Ten characters in two groups from an alphabet without look-alikes (`k7m2p-x9q4r`).
fn recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// A recovery code as typed: case, spaces and the dash do not matter.
fn normalize(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_read_alike_however_they_are_typed() {
        let code = recovery_code();
        assert_eq!(code.len(), 11);
        assert_eq!(
            normalize(&code.to_uppercase().replace('-', " ")),
            normalize(&code)
        );
        assert_ne!(recovery_code(), code);
    }

    #[test]
    fn the_qr_code_is_an_svg_document() {
        let svg = qr_svg("otpauth://totp/Kontor:a%40b.example?secret=AAAA&issuer=Kontor");
        assert!(svg.contains("<svg") && svg.contains("</svg>"), "{svg}");
    }
}
