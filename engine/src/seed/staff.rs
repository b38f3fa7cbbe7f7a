//! The demo's back-office staff, one member per built-in role, with the published demo password, made through the
//! same operations as the back office and the command line.

use domain::Password;

use super::DEMO_PASSWORD;
use crate::{
    Actor, ClientAddr, Engine, EngineResult,
    staff::{NewStaff, StaffMember},
};

/// The demo's staff: email, name, role.
pub const DEMO_STAFF: [(&str, &str, &str); 6] = [
    ("owner@kontor.example", "Olivia Owner", "owner"),
    ("admin@kontor.example", "Adam Admin", "administrator"),
    ("catalog@kontor.example", "Carl Catalog", "catalog_manager"),
    ("orders@kontor.example", "Ora Orders", "order_manager"),
    ("service@kontor.example", "Sam Service", "customer_service"),
    ("reader@kontor.example", "Rita Reader", "read_only"),
];

impl Engine {
    /// Adds the demo's staff to a shop that has none, and lets owners sign in without a second factor (a demo
    /// has no phones to enrol). A shop with staff is left alone.
    pub async fn seed_demo_staff(&self) -> EngineResult<Vec<StaffMember>> {
        if self.has_staff().await? {
            return Ok(Vec::new());
        }
        let demo = Actor::process("demo");
        let password = Password::parse(DEMO_PASSWORD)?;
        let mut made = Vec::new();
        for (email, name, role) in DEMO_STAFF {
            let created = self
                .create_staff(
                    &demo,
                    NewStaff {
                        email: email.into(),
                        name: name.into(),
                        role: role.into(),
                    },
                    None,
                )
                .await?;
            self.set_staff_password(&created.token, &password, ClientAddr::LOCAL)
                .await?;
            made.push(created.member);
        }
        self.set_two_factor_roles(&demo, &[]).await?;
        Ok(made)
    }
}
