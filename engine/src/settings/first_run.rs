//! The first run: a shop with no staff can be set up only by whoever holds the one-time setup token that
//! `kontor serve` writes to a file only its owner can read. Setting up makes the owner, the shop's profile, the
//! first channel, the home country's tax rates and one shipping method, all in one transaction, and spends the
//! token.

use domain::{DomainError, Email, Password};
use rust_decimal::Decimal;

use super::{
    ChannelRecord, ShippingMethodRecord, ShopProfile, TaxRateRecord, write_channel, write_profile,
    write_shipping_method, write_tax_rate,
};
use crate::{
    Actor, ClientAddr, Engine, EngineError, EngineResult,
    accounts::{looks_like_token, new_secret, token_hash},
    audit_log::{self, Change},
    now_ms,
    refresh::{EVERYTHING, record_changes},
};

/// How long a setup token works: one hour.
pub const SETUP_TOKEN_MS: i64 = 60 * 60 * 1000;

/// What the setup form asks for.
#[derive(Debug, Clone)]
pub struct FirstRun {
    /// The token from the file `kontor serve` wrote.
    pub token: String,
    /// The owner's email address.
    pub owner_email: String,
    /// The owner's name.
    pub owner_name: String,
    /// The owner's password.
    pub password: String,
    /// The shop's profile; its country is the home country.
    pub profile: ShopProfile,
    /// The first channel.
    pub channel: ChannelRecord,
    /// The standard tax rate of the home country, percent.
    pub standard_rate: Decimal,
    /// The reduced rate, if the country has one.
    pub reduced_rate: Option<Decimal>,
    /// The first shipping method's name and flat price; it delivers to the home country.
    pub shipping_name: String,
    /// Its price, excluding tax, in the channel's currency.
    pub shipping_price: Decimal,
}

impl Engine {
    /// A new setup token for a shop without staff (`None` once it has staff), replacing any earlier one; only
    /// its hash is stored.
    pub async fn issue_setup_token(&self) -> EngineResult<Option<String>> {
        if self.has_staff().await? {
            return Ok(None);
        }
        let token = new_secret();
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO setup_token (id, token_hash, expires_at) VALUES (1, $1, $2)
             ON CONFLICT (id) DO UPDATE SET token_hash = $1, expires_at = $2",
        )
        .bind(token_hash(&token))
        .bind(now_ms() + SETUP_TOKEN_MS)
        .execute(&mut **tx)
        .await?;
        tx.commit().await?;
        Ok(Some(token))
    }

    /// Sets the shop up: the owner (who enrols in two-factor sign-in at their first sign-in), the profile, the
    /// first channel, the home country's tax rates and a shipping method. Refused without a live token, and
    /// once the shop has staff.
    pub async fn complete_setup(&self, setup: &FirstRun, client: ClientAddr) -> EngineResult<()> {
        self.limits.admit(client)?;
        let bad_token = || DomainError::new("token", "is not the setup token, or has expired");
        if !looks_like_token(setup.token.trim()) {
            return Err(bad_token().into());
        }
        let email = Email::parse(&setup.owner_email)?;
        let name = super::text("name", &setup.owner_name, 100, true)?;
        let password = Password::parse(&setup.password)?;
        let mut profile = setup.profile.validated()?;
        if profile.country.is_empty() {
            return Err(DomainError::new("country", "name the shop's home country").into());
        }
        if profile.contact_email.is_empty() {
            profile.contact_email = email.as_str().to_owned();
        }
        let channel = ChannelRecord {
            country: profile.country.clone(),
            ..setup.channel.clone()
        }
        .validated()?;
        let mut rates = vec![TaxRateRecord {
            tax_class: "standard".into(),
            country: profile.country.clone(),
            rate_percent: setup.standard_rate,
            valid_from_ms: None,
        }];
        if let Some(reduced) = setup.reduced_rate {
            rates.push(TaxRateRecord {
                tax_class: "reduced".into(),
                country: profile.country.clone(),
                rate_percent: reduced,
                valid_from_ms: None,
            });
        }
        let rates = rates
            .iter()
            .map(TaxRateRecord::validated)
            .collect::<Result<Vec<_>, _>>()?;
        let shipping = ShippingMethodRecord {
            code: format!("standard-{}", channel.currency.to_ascii_lowercase()),
            name: setup.shipping_name.clone(),
            currency: channel.currency.clone(),
            kind: "flat".into(),
            price: setup.shipping_price,
            per_kg: Decimal::ZERO,
            free_above: None,
            countries: vec![profile.country.clone()],
        }
        .validated()
        .map_err(|e| DomainError::new(format!("shipping_{}", e.field), e.message))?;
        let hash = self.hash(&password).await?;

        let mut tx = self.db.begin_write().await?;
        let spent =
            sqlx::query("DELETE FROM setup_token WHERE token_hash = $1 AND expires_at > $2")
                .bind(token_hash(setup.token.trim()))
                .bind(now_ms())
                .execute(&mut **tx)
                .await?;
        if spent.rows_affected() != 1 {
            return Err(bad_token().into());
        }
        let (staff,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff")
            .fetch_one(&mut **tx)
            .await?;
        if staff > 0 {
            return Err(EngineError::Conflict("this shop is set up already".into()));
        }
        let now = now_ms();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO staff (email, name, password_hash, role, created_at, updated_at)
             VALUES ($1, $2, $3, 'owner', $4, $4) RETURNING id",
        )
        .bind(email.as_str())
        .bind(&name)
        .bind(&hash)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        write_profile(&mut tx, &profile).await?;
        write_channel(&mut tx, &channel).await?;
        for rate in &rates {
            write_tax_rate(&mut tx, rate).await?;
        }
        write_shipping_method(&mut tx, &shipping).await?;
        let owner = Actor::staff(
            id,
            email.as_str().to_owned(),
            "owner".into(),
            Vec::new(),
            Some(client),
        );
        let set = |field: &str, value: &str| Change::new(field, None, Some(value.to_owned()));
        audit_log::record(
            &mut tx,
            &owner,
            "setup.completed",
            ("shop", "setup"),
            &[
                set("owner", email.as_str()),
                set("legal_name", &profile.legal_name),
                set("channel", &channel.code),
                set("currency", &channel.currency),
                set("country", &profile.country),
                set("shipping_method", &shipping.code),
            ],
        )
        .await?;
        record_changes(&mut tx, &[EVERYTHING]).await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(())
    }
}
