//! Shopping lists: a buyer's named lists of SKUs and quantities to order again and again, private or shared with
//! their company. Everyone in the company may read a shared list; only its owner or a company admin changes it.

use serde::{Deserialize, Serialize};

use crate::{DomainError, UnitPrice};

/// Longest list name, in characters.
pub const NAME_MAX: usize = 100;

/// A list as the buyer's overview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSummary {
    /// Storage id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Whether the company's people see it.
    pub shared: bool,
    /// Its owner's email.
    pub owner: String,
    /// How many SKUs it holds.
    pub lines: u32,
    /// Whether the reader may change it.
    pub can_change: bool,
}

/// A SKU on a list, priced for the reader now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    /// The SKU.
    pub sku: String,
    /// The product and variant.
    pub name: String,
    /// Units kept on the list.
    pub quantity: u32,
    /// The reader's unit price at that quantity; none when the product is no longer sold to them.
    pub unit_price: Option<UnitPrice>,
}

/// A list with its SKUs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShoppingList {
    /// The overview's facts.
    pub summary: ListSummary,
    /// Its SKUs, in the order they were added.
    pub items: Vec<ListItem>,
}

/// A list's name, trimmed: 1 to [`NAME_MAX`] characters; an error names `name`.
pub fn list_name(text: &str) -> Result<String, DomainError> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        return Err(DomainError::new(
            "name",
            format!("must be 1 to {NAME_MAX} printable characters"),
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_and_must_hold_something_printable() {
        assert_eq!(
            list_name("  Workshop restock ").unwrap(),
            "Workshop restock"
        );
        for bad in ["", "   ", "tab\there", &"x".repeat(NAME_MAX + 1)] {
            assert_eq!(list_name(bad).unwrap_err().field, "name", "{bad:?}");
        }
        assert!(list_name(&"x".repeat(NAME_MAX)).is_ok());
    }
}
