//! Roles: the built-in ones every shop has, and the shop's own, each a set of permissions. A permission is a
//! [`Scope`], the same word an API key's scopes use, so staff and keys are checked by one rule.

use domain::DomainError;

use crate::{EngineError, EngineResult, Scope};

/// The role with every permission that alone may appoint, change or disable owners.
pub const OWNER: &str = "owner";

/// A role: a code, a name for people, and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRole {
    /// Stable code (`catalog_manager`), stored on each staff member.
    pub code: String,
    /// Name for people.
    pub name: String,
    /// What the role may do.
    pub permissions: Vec<Scope>,
    /// Whether the role ships with Kontor (and cannot be changed) or is the shop's own.
    pub builtin: bool,
}

const READS: [Scope; 5] = [
    Scope::CatalogRead,
    Scope::InventoryRead,
    Scope::CustomersRead,
    Scope::OrdersRead,
    Scope::SettingsRead,
];

/// The built-in roles, most powerful first.
pub fn builtin_roles() -> Vec<StaffRole> {
    use Scope::*;
    let role = |code: &str, name: &str, permissions: &[Scope]| StaffRole {
        code: code.to_owned(),
        name: name.to_owned(),
        permissions: permissions.to_vec(),
        builtin: true,
    };
    vec![
        role(OWNER, "Owner", &Scope::ALL),
        // Everything an owner may, except appointing or removing owners (checked where staff are changed).
        role("administrator", "Administrator", &Scope::ALL),
        role(
            "catalog_manager",
            "Catalog manager",
            &[
                CatalogRead,
                CatalogWrite,
                InventoryRead,
                InventoryWrite,
                SettingsRead,
            ],
        ),
        role(
            "order_manager",
            "Order manager",
            &[
                OrdersRead,
                OrdersWrite,
                CustomersRead,
                CatalogRead,
                InventoryRead,
            ],
        ),
        role(
            "customer_service",
            "Customer service",
            &[CustomersRead, CustomersWrite, OrdersRead, CatalogRead],
        ),
        role("read_only", "Read-only", &READS),
    ]
}

/// The built-in role with `code`, if there is one.
pub fn builtin_role(code: &str) -> Option<StaffRole> {
    builtin_roles().into_iter().find(|r| r.code == code)
}

/// Checks a custom role's code: 2 to 40 lower-case letters, digits and `_`, not a built-in code.
pub(crate) fn checked_code(code: &str) -> EngineResult<String> {
    let code = code.trim().to_ascii_lowercase();
    let ok = (2..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !ok {
        return Err(
            DomainError::new("code", "must be 2 to 40 lower-case letters, digits or '_'").into(),
        );
    }
    if builtin_role(&code).is_some() {
        return Err(DomainError::new("code", format!("`{code}` is a built-in role")).into());
    }
    Ok(code)
}

/// Permissions as stored: their names, space-separated.
pub(crate) fn stored(permissions: &[Scope]) -> String {
    permissions
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads stored permissions; a name no longer known is an error rather than a silently lost right.
pub(crate) fn parse_stored(text: &str) -> EngineResult<Vec<Scope>> {
    text.split_whitespace()
        .map(|p| Scope::parse(p).map_err(EngineError::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_roles_have_distinct_codes_and_only_owner_and_administrator_manage_staff() {
        let roles = builtin_roles();
        let mut codes: Vec<&str> = roles.iter().map(|r| r.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), roles.len());
        let managers: Vec<&str> = roles
            .iter()
            .filter(|r| r.permissions.contains(&Scope::StaffManage))
            .map(|r| r.code.as_str())
            .collect();
        assert_eq!(managers, ["owner", "administrator"]);
        let read_only = builtin_role("read_only").unwrap();
        assert!(
            read_only
                .permissions
                .iter()
                .all(|p| p.as_str().ends_with(":read"))
        );
    }

    #[test]
    fn a_custom_code_is_short_lower_case_and_not_built_in() {
        assert_eq!(checked_code(" Warehouse_Lead ").unwrap(), "warehouse_lead");
        assert!(checked_code("owner").is_err());
        assert!(checked_code("a").is_err());
        assert!(checked_code("no spaces").is_err());
    }
}
