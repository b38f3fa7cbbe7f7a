//! `kontor staff`: back-office people from the command line, for the first owner of a shop and for the operator
//! who has lost every other way in.

use clap::Subcommand;
use engine::{Actor, staff::NewStaff};

use crate::settings::Settings;

#[derive(Debug, Subcommand)]
pub(super) enum StaffCommand {
    /// Add a staff member and print the one-time link where they choose their password (72 hours, once).
    Create {
        /// Their email address, the sign-in name.
        #[arg(long)]
        email: String,
        /// Their role: owner, administrator, catalog_manager, order_manager, customer_service, read_only, or one
        /// of the shop's own.
        #[arg(long)]
        role: String,
        /// Their name; the part of the address before `@` when left out.
        #[arg(long)]
        name: Option<String>,
    },
    /// List staff members and their roles.
    List,
    /// Disable a staff member at once: they are signed out and cannot sign in again.
    Disable {
        /// Their email address.
        #[arg(long)]
        email: String,
    },
}

/// The page where a one-time link lets a member choose their password.
pub(crate) fn password_page(settings: &Settings) -> String {
    format!(
        "{}/admin/password",
        settings.public_url.trim_end_matches('/')
    )
}

pub(super) async fn run(settings: &Settings, what: StaffCommand) -> anyhow::Result<()> {
    let engine = super::connect(settings).await?;
    let operator = Actor::process("cli");
    match what {
        StaffCommand::Create { email, role, name } => {
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned());
            let created = engine
                .create_staff(&operator, NewStaff { email, name, role }, None)
                .await?;
            eprintln!(
                "added {} as {}; they choose their password here (72 hours, once):",
                created.member.email, created.member.role
            );
            println!("{}?token={}", password_page(settings), created.token);
        }
        StaffCommand::List => {
            for m in engine.staff_members(&operator).await? {
                println!(
                    "{:<32}  {:<18}  {}{}",
                    m.email,
                    m.role,
                    m.name,
                    match (m.disabled_at_ms, m.has_password) {
                        (Some(_), _) => "  DISABLED",
                        (None, false) => "  (no password yet)",
                        (None, true) => "",
                    }
                );
            }
        }
        StaffCommand::Disable { email } => {
            let member = engine.disable_staff(&operator, &email).await?;
            println!("disabled {}", member.email);
        }
    }
    Ok(())
}
