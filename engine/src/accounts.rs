//! Accounts: sign-up, sign-in with failures slowed down, server-side sessions and password reset by emailed token.
//!
//! Sessions live in the database, so any app server recognises a cookie another one issued. Only SHA-256 hashes
//! of session and reset tokens are stored: a leaked table signs nobody in.

mod business;
mod confirm;
mod secret;
mod session_page;
mod shop_as;
mod switch;
mod throttle;

use domain::{Account, CompanyRef, Email, Password, Role};
use sqlx::FromRow;

use crate::{ClientAddr, Engine, EngineError, EngineResult, Shopper, now_ms};

pub use business::BusinessRegistration;
pub use secret::{hash_password, verify_password};
pub use session_page::SessionPage;
pub(crate) use throttle::WINDOW_MS as SIGN_IN_WINDOW_MS;

/// How long a session lasts: long enough that a buyer reordering monthly stays signed in.
const SESSION_MS: i64 = 30 * 24 * 3600 * 1000;

/// How long a password-reset link works.
const RESET_MS: i64 = 3600 * 1000;

/// A new session: the token goes into the buyer's cookie and is never stored as it is.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The raw session token, for the cookie.
    pub token: String,
    /// Who signed in.
    pub account: Account,
}

#[derive(FromRow)]
struct AccountRow {
    id: i64,
    email: String,
    name: String,
    company_id: Option<i64>,
    company_code: Option<String>,
    company_name: Option<String>,
    role: Option<String>,
}

#[derive(FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    account: AccountRow,
    customer_group_id: Option<i64>,
    acting_staff: Option<String>,
}

impl SessionRow {
    /// The account and `shopper` acting for it.
    fn into_parts(self, shopper: Shopper) -> EngineResult<(Account, Shopper)> {
        let (id, company_id) = (self.account.id, self.account.company_id);
        let account = self.account.into_account()?;
        let shopper = Shopper {
            signed_in: true,
            company: company_id,
            customer_group: self.customer_group_id,
            customer: Some(id),
            role: account.role,
            acting_staff: self.acting_staff,
            ..shopper
        };
        Ok((account, shopper))
    }
}

/// The person's membership a request acts for, joined as `m` with its company as `co`: the session's company
/// (`s.company_id`, given as `$session_company`) or, without one, the person's first company by id.
fn membership_join(session_company: &str) -> String {
    format!(
        "LEFT JOIN company_members m ON m.customer_id = c.id AND m.company_id = COALESCE({session_company},
            (SELECT MIN(f.company_id) FROM company_members f WHERE f.customer_id = c.id))
         LEFT JOIN companies co ON co.id = m.company_id"
    )
}

/// An account acting for company `$2` (0: the person's first company).
static ACCOUNT_SELECT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT c.id, c.email, c.name, m.company_id, co.code AS company_code, co.name AS company_name, m.role
         FROM customers c {}",
        membership_join("NULLIF($2, 0)")
    )
});

impl AccountRow {
    fn into_account(self) -> EngineResult<Account> {
        let company = match (self.company_id, self.company_code, self.company_name) {
            (Some(id), Some(code), Some(name)) => Some(CompanyRef { id, code, name }),
            _ => None,
        };
        Ok(Account {
            customer_id: self.id,
            email: Email::parse(&self.email)?,
            name: self.name,
            company,
            role: self.role.as_deref().map(Role::parse).transpose()?,
        })
    }
}

impl Engine {
    /// Creates a private buyer's account, signs them in and emails a link (`{confirm_url}?token=…`) to confirm the
    /// address, which they must open before they can order. A taken address is a `Domain` error on `email`;
    /// `client` pays for the hash from its budget (`TooManyAttempts` when spent).
    pub async fn sign_up(
        &self,
        email: &Email,
        password: &Password,
        name: &str,
        confirm_url: &str,
        client: ClientAddr,
    ) -> EngineResult<SignedIn> {
        self.limits.admit(client)?;
        let name = checked_name(name)?;
        let hash = self.hash(password).await?;
        let mut tx = self.db.begin_write().await?;
        refuse_taken(&mut tx, email).await?;
        let now = now_ms();
        let id = insert_customer(&mut tx, email, name, &hash, now).await?;
        let token = self.insert_session(&mut tx, id, now).await?;
        confirm::send_link(&mut tx, id, email, name, confirm_url, now).await?;
        tx.commit().await?;
        Ok(SignedIn {
            token,
            account: self.account(id).await?,
        })
    }

    /// Signs in with email and password from `client`. A wrong pair answers the same whether or not the address
    /// exists. `TooManyAttempts` when the client's budget is spent, or from the fifth failure of this client for
    /// this address in a quarter of an hour (each further attempt waits longer); see `throttle` for why a
    /// stranger's guessing never refuses the owner.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: ClientAddr,
    ) -> EngineResult<SignedIn> {
        self.limits.admit(client)?;
        let email = Email::parse(email)?;
        throttle::begin(self, &self.config.auth, email.as_str(), client).await?;
        let row: Option<(i64, String, Option<i64>)> =
            sqlx::query_as("SELECT id, password_hash, disabled_at FROM customers WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(&self.db.pool)
                .await?;
        // An unknown address is checked against a dummy hash, so the answer takes as long either way.
        let (id, hash, disabled) = row.unwrap_or((0, secret::DUMMY_HASH.to_owned(), None));
        // The attempt is already counted as a failure; only a success takes it back.
        if !self.verify(password, &hash).await? || id == 0 {
            return Err(
                domain::DomainError::new("password", "does not match this email address").into(),
            );
        }
        // Told only to whoever knows the password: a stranger learns nothing about the address.
        if disabled.is_some() {
            return Err(EngineError::forbidden(
                "This account is disabled. Ask your company's administrator or the shop to enable it.",
            ));
        }
        let mut tx = self.db.begin_write().await?;
        throttle::succeeded(&mut tx, email.as_str(), client).await?;
        let token = self.insert_session(&mut tx, id, now_ms()).await?;
        tx.commit().await?;
        Ok(SignedIn {
            token,
            account: self.account(id).await?,
        })
    }

    /// The account a session token belongs to, if the session exists and has not expired.
    pub async fn session(&self, token: &str) -> EngineResult<Option<Account>> {
        if !secret::looks_like_token(token) {
            return Ok(None);
        }
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT s.customer_id, COALESCE(s.company_id, 0) FROM sessions s JOIN customers c ON c.id = s.customer_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND c.disabled_at IS NULL",
        )
        .bind(secret::token_hash(token))
        .bind(now_ms())
        .fetch_optional(&self.db.pool)
        .await?;
        match row {
            Some((id, company)) => Ok(Some(self.account_in(id, company).await?)),
            None => Ok(None),
        }
    }

    /// Ends a session; ending one that is gone is not an error.
    pub async fn sign_out(&self, token: &str) -> EngineResult<()> {
        self.db
            .execute(
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(secret::token_hash(token)),
            )
            .await?;
        Ok(())
    }

    /// Emails a reset link (`{reset_url}?token=…`) if the address has an account. Answers the same either way, so
    /// the form tells nobody which addresses are customers; beyond the hourly cap per address it sends nothing.
    /// A new link ends the address's older ones.
    pub async fn request_password_reset(
        &self,
        email: &str,
        reset_url: &str,
        client: ClientAddr,
    ) -> EngineResult<()> {
        self.limits.admit(client)?;
        let email = Email::parse(email)?;
        if !self.limits.may_send_reset(email.as_str()) {
            return Ok(());
        }
        self.email_reset_link(&email, reset_url).await
    }

    /// Emails a reset link to `email` if it has an account, ending the older links: the reset form and an
    /// invitation both end here.
    pub(crate) async fn email_reset_link(
        &self,
        email: &Email,
        reset_url: &str,
    ) -> EngineResult<()> {
        let mut tx = self.db.begin_write().await?;
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM customers WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(&mut **tx)
                .await?;
        let Some((id, name)) = row else {
            return Ok(());
        };
        let token = secret::new_token();
        let now = now_ms();
        sqlx::query("DELETE FROM password_resets WHERE customer_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "INSERT INTO password_resets (token_hash, customer_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(secret::token_hash(&token))
        .bind(id)
        .bind(now)
        .bind(now + RESET_MS)
        .execute(&mut **tx)
        .await?;
        let body = format!(
            "Hello {name},\n\nsomeone asked to reset the password of your account. To choose a new one, open\n\n\
             {reset_url}?token={token}\n\nThe link works for one hour and once. If it was not you, ignore this \
             message: your password stays as it is.\n"
        );
        crate::mail::enqueue(&mut tx, email.as_str(), "Reset your password", &body).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a new password with a reset token, which then stops working; every session of the account ends.
    pub async fn reset_password(
        &self,
        token: &str,
        password: &Password,
        client: ClientAddr,
    ) -> EngineResult<()> {
        self.limits.admit(client)?;
        let invalid = || domain::DomainError::new("token", "is invalid or has expired");
        if !secret::looks_like_token(token) {
            return Err(invalid().into());
        }
        let hash = self.hash(password).await?;
        let mut tx = self.db.begin_write().await?;
        let now = now_ms();
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE password_resets SET used_at = $2
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING customer_id",
        )
        .bind(secret::token_hash(token))
        .bind(now)
        .fetch_optional(&mut **tx)
        .await?;
        let (id,) = row.ok_or_else(invalid)?;
        sqlx::query("UPDATE customers SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(&hash)
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE customer_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        // The link arrived in the mailbox: that proves the address as well as a confirmation link would.
        confirm::mark_confirmed(&mut tx, id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An account by id, acting for the person's first company.
    pub async fn account(&self, customer_id: i64) -> EngineResult<Account> {
        self.account_in(customer_id, 0).await
    }

    /// An account by id acting for `company` (0: the person's first company); a company the person does not
    /// belong to gives a private buyer's account.
    pub(crate) async fn account_in(&self, customer_id: i64, company: i64) -> EngineResult<Account> {
        let row: Option<AccountRow> =
            sqlx::query_as(&format!("{} WHERE c.id = $1", *ACCOUNT_SELECT))
                .bind(customer_id)
                .bind(company)
                .fetch_optional(&self.db.pool)
                .await?;
        row.ok_or_else(|| EngineError::not_found("account", customer_id.to_string()))?
            .into_account()
    }

    /// The account of a live session and `shopper` acting for it, read in one query: what every request of a
    /// signed-in buyer needs first.
    pub async fn session_shopper(
        &self,
        token: &str,
        shopper: Shopper,
    ) -> EngineResult<Option<(Account, Shopper)>> {
        let row: Option<SessionRow> = self.session_row(token, "", &shopper).await?;
        row.map(|row| row.into_parts(shopper)).transpose()
    }

    /// Reads a live session's row with `extra` columns (each ending in a comma), or `None` for a token that names
    /// no live session. With extra columns, `$3` is the shopper's currency for them to use.
    async fn session_row<R>(
        &self,
        token: &str,
        extra: &str,
        shopper: &Shopper,
    ) -> EngineResult<Option<R>>
    where
        R: for<'r> FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        if !secret::looks_like_token(token) {
            return Ok(None);
        }
        let sql = format!(
            "SELECT {extra} c.id, c.email, c.name, m.company_id, co.code AS company_code, co.name AS company_name,
                    m.role, COALESCE(co.customer_group_id, c.customer_group_id) AS customer_group_id,
                    st.email AS acting_staff
             FROM sessions s JOIN customers c ON c.id = s.customer_id {}
             LEFT JOIN staff st ON st.id = s.acting_staff_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND c.disabled_at IS NULL",
            membership_join("s.company_id")
        );
        let mut query = sqlx::query_as(&sql)
            .bind(secret::token_hash(token))
            .bind(now_ms());
        if !extra.is_empty() {
            query = query.bind(shopper.channel.currency.code().to_owned());
        }
        Ok(query.fetch_optional(&self.db.pool).await?)
    }

    /// `shopper` acting for `account`: the company's (or the buyer's) customer group and contract prices, the
    /// account cart.
    pub async fn shopper_as(&self, shopper: Shopper, account: &Account) -> EngineResult<Shopper> {
        let company = account.company.as_ref().map(|c| c.id);
        let row: Option<(Option<i64>,)> = sqlx::query_as(
            "SELECT COALESCE(co.customer_group_id, c.customer_group_id)
             FROM customers c LEFT JOIN companies co ON co.id = $2 WHERE c.id = $1",
        )
        .bind(account.customer_id)
        .bind(company.unwrap_or(0))
        .fetch_optional(&self.db.pool)
        .await?;
        let group = row.and_then(|(g,)| g);
        Ok(Shopper {
            signed_in: true,
            company,
            customer_group: group,
            customer: Some(account.customer_id),
            role: account.role,
            ..shopper
        })
    }

    /// Hashes a password in a hashing turn: at most as many at once as `AuthLimits::hash_concurrency`.
    pub(crate) async fn hash(&self, password: &Password) -> EngineResult<String> {
        let _turn = self.limits.hashing_turn().await?;
        hash_password(password).await
    }

    /// Checks a password in a hashing turn.
    pub(crate) async fn verify(&self, password: &str, hash: &str) -> EngineResult<bool> {
        let _turn = self.limits.hashing_turn().await?;
        verify_password(password, hash).await
    }

    async fn insert_session(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        customer_id: i64,
        now: i64,
    ) -> EngineResult<String> {
        let token = secret::new_token();
        sqlx::query(
            "INSERT INTO sessions (token_hash, customer_id, created_at, expires_at, company_id)
             VALUES ($1, $2, $3, $4, (SELECT MIN(company_id) FROM company_members WHERE customer_id = $2))",
        )
        .bind(secret::token_hash(&token))
        .bind(customer_id)
        .bind(now)
        .bind(now + SESSION_MS)
        .execute(&mut **tx)
        .await?;
        // Expired sessions are swept by the sign-ins that create new ones: no separate job to run.
        sqlx::query("DELETE FROM sessions WHERE customer_id = $1 AND expires_at <= $2")
            .bind(customer_id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        Ok(token)
    }
}

/// Writes a person with their name and password hash; their id.
pub(crate) async fn insert_customer(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    email: &Email,
    name: &str,
    hash: &str,
    now: i64,
) -> EngineResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO customers (email, name, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(email.as_str())
    .bind(name)
    .bind(hash)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// A `Domain` error on `email` when the address already has an account.
pub(crate) async fn refuse_taken(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    email: &Email,
) -> EngineResult<()> {
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM customers WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(domain::DomainError::new(
            "email",
            "already has an account; sign in or reset the password",
        )
        .into());
    }
    Ok(())
}

/// A person's name: required, at most 200 characters.
pub(crate) fn checked_name(name: &str) -> EngineResult<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(domain::DomainError::new("name", "must not be empty").into());
    }
    if name.chars().count() > 200 {
        return Err(domain::DomainError::new("name", "must be at most 200 characters").into());
    }
    Ok(name)
}

pub(crate) use secret::new_token as new_secret;
pub(crate) use secret::{DUMMY_HASH, looks_like_token, token_hash};
pub(crate) use throttle::succeeded as throttle_succeeded;

/// Counts a sign-in attempt under `key` from `client`, or refuses it while the client must wait: the buyers'
/// slowdown, for another kind of account (staff count under their own keys).
pub(crate) async fn throttle_begin(
    engine: &Engine,
    key: &str,
    client: ClientAddr,
) -> EngineResult<()> {
    throttle::begin(engine, &engine.config.auth, key, client).await
}
