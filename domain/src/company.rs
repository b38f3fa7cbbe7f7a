//! What a company's admin manages: its buyers and its address book.

use serde::{Deserialize, Serialize};

use crate::{Address, AddressKind, Email, Role};

/// A person who buys for a company, as the company's admin sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyUser {
    /// Customer id, for role changes and removal.
    pub customer_id: i64,
    /// Sign-in address.
    pub email: Email,
    /// Full name.
    pub name: String,
    /// What they may do for the company.
    pub role: Role,
    /// Their order limit and budget.
    pub limits: crate::approval::BuyerLimits,
}

/// An address from an address book, with the id checkout and forms refer to it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAddress {
    /// Address id.
    pub id: i64,
    /// Billing or shipping.
    pub kind: AddressKind,
    /// The address itself.
    pub address: Address,
}
