//! Delivers the engine's outbox. Emails are written to the `outbox_emails` table in the same transaction as what
//! caused them (an order, a reset request), so none is lost or sent for a rolled-back change; this task claims
//! them in batches (a claim is a lease, so several app servers never send one twice) and hands them to a
//! transport: `.eml` files in a folder in development, SMTP when `KONTOR_SMTP_URL` is set.

use std::{path::PathBuf, time::Duration};

use engine::{Engine, OutgoingEmail};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};

/// How often an idle mailer looks for new mail.
const POLL: Duration = Duration::from_secs(2);

/// Emails claimed at once.
const BATCH: i64 = 10;

/// The longest one message may take to send, connection included: past it the attempt is abandoned as failed.
const SEND_TIMEOUT: Duration = Duration::from_secs(20);

/// Slack on every lease for the time between renewing it and starting to send, and for app servers' clocks.
const LEASE_SLACK: Duration = Duration::from_secs(30);

/// Each message is held for one send before it goes out, so the claim need only last until the batch's last
/// message is reached: every earlier one sends within its timeout.
const CLAIM_LEASE: Duration =
    Duration::from_secs(SEND_TIMEOUT.as_secs() * BATCH as u64 + LEASE_SLACK.as_secs());

/// After this many failed attempts an email is left for an operator to look at.
const MAX_ATTEMPTS: i64 = 5;

/// Where mail goes.
pub enum Transport {
    /// One RFC 5322 `.eml` file per email in this folder: open it in any mail client.
    Files(PathBuf),
    /// An SMTP relay.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// The outbox's delivery: a transport and the sender address.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl Mailer {
    /// A mailer for `smtp_url` (`smtp://user:pass@host:587`, `smtps://…` for TLS from the start) or, without
    /// one, for `.eml` files in `mail_dir`. A malformed URL or sender is an error naming what is wrong.
    pub fn new(smtp_url: Option<&str>, mail_dir: PathBuf, from: &str) -> anyhow::Result<Self> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("KONTOR_MAIL_FROM: {e}"))?;
        let transport = match smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("KONTOR_SMTP_URL: {e}"))?
                    .timeout(Some(SEND_TIMEOUT))
                    .build(),
            ),
            None => Transport::Files(mail_dir),
        };
        Ok(Self { transport, from })
    }

    /// Sends what is waiting, batch by batch, until the outbox is empty; returns how many were sent. Each message
    /// is sent only while this mailer holds its lease, within [`SEND_TIMEOUT`] of renewing it, and marked only
    /// under its claim: a message whose lease ran out is another mailer's and is left alone.
    pub async fn drain(&self, engine: &Engine) -> engine::EngineResult<usize> {
        let mut sent = 0;
        loop {
            let batch = engine.claim_emails(BATCH, CLAIM_LEASE).await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            for email in batch {
                if !engine
                    .hold_email(&email, SEND_TIMEOUT + LEASE_SLACK)
                    .await?
                {
                    tracing::warn!(
                        email_id = email.id,
                        "email lease ran out before sending; left to another mailer"
                    );
                    continue;
                }
                let outcome = match tokio::time::timeout(SEND_TIMEOUT, self.deliver(&email)).await {
                    Ok(outcome) => outcome,
                    Err(_) => Err(anyhow::anyhow!(
                        "not sent within {} s",
                        SEND_TIMEOUT.as_secs()
                    )),
                };
                match outcome {
                    Ok(()) => {
                        if engine.mark_email_sent(&email).await? {
                            sent += 1;
                        } else {
                            tracing::warn!(
                                email_id = email.id,
                                "email sent after its claim was lost"
                            );
                        }
                    }
                    Err(e) => {
                        // The address is personal data; the id is enough to find the row.
                        tracing::warn!(email_id = email.id, attempt = email.attempts + 1, error = %e, "email not delivered");
                        engine.mark_email_failed(&email, &e.to_string()).await?;
                    }
                }
            }
        }
    }

    /// Runs until `shutdown` resolves, draining the outbox every [`POLL`].
    pub async fn run(self, engine: Engine, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            if let Err(e) = self.drain(&engine).await {
                tracing::error!(error = %e, "mailer could not read the outbox");
            }
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }

    async fn deliver(&self, email: &OutgoingEmail) -> anyhow::Result<()> {
        if email.attempts >= MAX_ATTEMPTS {
            anyhow::bail!("gave up after {MAX_ATTEMPTS} attempts");
        }
        let message = Message::builder()
            .from(self.from.clone())
            .to(email.to_address.parse()?)
            .subject(&email.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())?;
        match &self.transport {
            Transport::Files(dir) => {
                let path = dir.join(format!("{}-{}.eml", email.created_at, email.id));
                write_private(dir, &path, &message.formatted()).await?;
            }
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
        }
        Ok(())
    }
}

/// Writes `bytes` to `path` readable by this user only (file 0600), creating `dir` as 0700 when missing: the files
/// hold password-reset links and order details.
async fn write_private(
    dir: &std::path::Path,
    path: &std::path::Path,
    bytes: &[u8],
) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;

    let mut folder = tokio::fs::DirBuilder::new();
    folder.recursive(true);
    #[cfg(unix)]
    folder.mode(0o700);
    folder.create(dir).await?;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await?;
    file.write_all(bytes).await?;
    file.flush().await
}
