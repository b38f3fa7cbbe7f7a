//! Who buys: email addresses, passwords, roles in a company, addresses and the signed-in account.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// An email address, trimmed and lower-cased so one person has one account.
///
/// Parsed strictly, because an address ends up in mail headers and in pages: one `@`, a local part of at most
/// [`Email::MAX_LOCAL_LEN`] characters without leading, trailing or doubled dots, a domain of dot-separated labels
/// (letters, digits and inner hyphens, at most 63 each) with at least one dot, at most [`Email::MAX_LEN`] in all,
/// and none of whitespace, control characters, quotes or `<>,;:()[]\`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Longest address accepted (RFC 5321's path limit less its angle brackets).
    pub const MAX_LEN: usize = 254;
    /// Longest local part (before the `@`) accepted.
    pub const MAX_LOCAL_LEN: usize = 64;

    /// Parses an address typed into a form.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err(DomainError::new("email", "must not be empty"));
        }
        let forbidden = |c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '<' | '>' | ',' | ';' | ':' | '(' | ')' | '[' | ']' | '\\' | '"' | '\'' | '`'
                )
        };
        let valid = value.len() <= Self::MAX_LEN
            && !value.contains(forbidden)
            && value
                .split_once('@')
                .is_some_and(|(local, domain)| valid_local(local) && valid_domain(domain));
        if !valid {
            return Err(DomainError::new("email", "is not a valid email address"));
        }
        Ok(Self(value))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype!(Email);

fn valid_local(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= Email::MAX_LOCAL_LEN
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn valid_domain(domain: &str) -> bool {
    domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// A password as typed: never printed, never trimmed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Password(String);

impl Password {
    /// Long enough to resist guessing, short enough to hash quickly.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let n = input.chars().count();
        if n < 10 {
            return Err(DomainError::new(
                "password",
                "must be at least 10 characters",
            ));
        }
        if n > 128 {
            return Err(DomainError::new(
                "password",
                "must be at most 128 characters",
            ));
        }
        Ok(Self(input.to_owned()))
    }

    /// The password itself, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

text_newtype!(Password, secret);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// What a person may do for their company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages the company's users and addresses, and orders.
    Admin,
    /// Orders.
    Buyer,
    /// Sees the company's orders and prices, cannot order.
    Viewer,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 3] = [Role::Admin, Role::Buyer, Role::Viewer];

    /// Stored and posted form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Buyer => "buyer",
            Role::Viewer => "viewer",
        }
    }

    /// Parses the stored or posted form.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == text.trim())
            .ok_or_else(|| DomainError::new("role", "must be admin, buyer or viewer"))
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Buyer => "Buyer",
            Role::Viewer => "Viewer",
        }
    }

    /// Whether this role places orders.
    pub fn can_order(self) -> bool {
        matches!(self, Role::Admin | Role::Buyer)
    }

    /// Whether this role manages the company's users and addresses.
    pub fn can_manage_company(self) -> bool {
        self == Role::Admin
    }
}

/// What an address is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AddressKind {
    /// Where invoices go.
    Billing,
    /// Where goods go.
    Shipping,
}

impl AddressKind {
    /// Stored and posted form.
    pub fn as_str(self) -> &'static str {
        match self {
            AddressKind::Billing => "billing",
            AddressKind::Shipping => "shipping",
        }
    }

    /// Parses the stored or posted form.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        match text.trim() {
            "billing" => Ok(AddressKind::Billing),
            "shipping" => Ok(AddressKind::Shipping),
            _ => Err(DomainError::new("kind", "must be billing or shipping")),
        }
    }
}

/// An address as a form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressInput {
    /// Recipient.
    pub name: String,
    /// Company line, may be empty.
    pub company: String,
    /// Street and number.
    pub line1: String,
    /// More, may be empty.
    pub line2: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Phone for the carrier, may be empty.
    pub phone: String,
}

impl AddressInput {
    /// Checks every field, naming the first that is wrong.
    pub fn validate(self) -> Result<Address, DomainError> {
        let field = |name: &str, value: String, required: bool| {
            let value = value.trim().to_owned();
            if required && value.is_empty() {
                return Err(DomainError::new(name, "must not be empty"));
            }
            if value.chars().count() > 200 {
                return Err(DomainError::new(name, "must be at most 200 characters"));
            }
            Ok(value)
        };
        let country = self.country.trim().to_ascii_uppercase();
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(DomainError::new(
                "country",
                "must be a two-letter country code such as DE",
            ));
        }
        Ok(Address {
            name: field("name", self.name, true)?,
            company: field("company", self.company, false)?,
            line1: field("line1", self.line1, true)?,
            line2: field("line2", self.line2, false)?,
            postal_code: field("postal_code", self.postal_code, true)?,
            city: field("city", self.city, true)?,
            country,
            phone: field("phone", self.phone, false)?,
        })
    }
}

/// A checked address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Recipient.
    pub name: String,
    /// Company line, may be empty.
    pub company: String,
    /// Street and number.
    pub line1: String,
    /// More, may be empty.
    pub line2: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// ISO 3166-1 alpha-2 country code, upper case.
    pub country: String,
    /// Phone, may be empty.
    pub phone: String,
}

impl Address {
    /// The lines printed on a label or an invoice.
    pub fn lines(&self) -> Vec<String> {
        [
            self.name.clone(),
            self.company.clone(),
            self.line1.clone(),
            self.line2.clone(),
            format!("{} {}", self.postal_code, self.city),
            self.country.clone(),
        ]
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect()
    }
}

/// A company as an account refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRef {
    /// Storage id.
    pub id: i64,
    /// Short code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// A company a person belongs to, with their role there: one login may buy for several companies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The company.
    pub company: CompanyRef,
    /// The person's role in it.
    pub role: Role,
}

/// The signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Customer id.
    pub customer_id: i64,
    /// Sign-in address.
    pub email: Email,
    /// Full name.
    pub name: String,
    /// The company they buy for, if any.
    pub company: Option<CompanyRef>,
    /// Their role there.
    pub role: Option<Role>,
}

impl Account {
    /// Private buyers order; a company's people order if their role allows it.
    pub fn can_order(&self) -> bool {
        match (&self.company, self.role) {
            (None, _) => true,
            (Some(_), Some(role)) => role.can_order(),
            (Some(_), None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Buyer@ACME.example ").unwrap().as_str(),
            "buyer@acme.example"
        );
        for bad in ["", "buyer", "a@b", "a b@c.de", "@acme.example", "a@@b.de"] {
            assert_eq!(Email::parse(bad).unwrap_err().field, "email", "{bad}");
        }
    }

    #[test]
    fn an_email_is_parsed_strictly() {
        for ok in [
            "buyer@acme.example",
            "first.last+orders@mail.acme-corp.example",
            "o_k-1@x.io",
            "müller@beispiel.de",
        ] {
            assert_eq!(Email::parse(ok).unwrap().as_str(), ok);
        }
        let long_local = format!("{}@acme.example", "a".repeat(65));
        let long_label = format!("a@{}.example", "b".repeat(64));
        let long_all = format!("a@{}.example", vec!["c".repeat(60); 5].join("."));
        for bad in [
            "a@b@c.de",
            "<a@b.de>",
            "a<b@c.de",
            "a>b@c.de",
            "a@b.de>",
            "a@b.de,c@d.de",
            "a,b@c.de",
            "a\tb@c.de",
            "a@b.de\nbcc: x@evil.example",
            "a\r@b.de",
            "a\u{0}b@c.de",
            "a\u{7f}@c.de",
            "\"a\"@b.de",
            "a'b@c.de",
            "a;b@c.de",
            "a:b@c.de",
            "(a)@b.de",
            "a@[127.0.0.1]",
            "a\\b@c.de",
            "a@b",
            "a@.b.de",
            "a@b.de.",
            "a@b..de",
            "a@-b.de",
            "a@b-.de",
            "a@b_c.de",
            ".a@b.de",
            "a.@b.de",
            "a..b@c.de",
            "a@b.de\u{a0}x",
            &long_local,
            &long_label,
            &long_all,
        ] {
            assert_eq!(Email::parse(bad).unwrap_err().field, "email", "{bad:?}");
        }
        assert!(Email::parse(&format!("{}@acme.example", "a".repeat(64))).is_ok());
    }

    #[test]
    fn a_password_is_never_printed_and_needs_ten_characters() {
        assert_eq!(Password::parse("short").unwrap_err().field, "password");
        let p = Password::parse("kontor-demo").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }

    #[test]
    fn a_viewer_cannot_order_and_only_an_admin_manages() {
        assert!(Role::Admin.can_order() && Role::Buyer.can_order() && !Role::Viewer.can_order());
        assert!(Role::Admin.can_manage_company() && !Role::Buyer.can_manage_company());
        assert_eq!(Role::parse("viewer").unwrap(), Role::Viewer);
        assert_eq!(Role::parse("owner").unwrap_err().field, "role");
    }

    #[test]
    fn an_address_names_the_missing_field() {
        let ok = AddressInput {
            name: "Ada".into(),
            line1: "Main St 1".into(),
            postal_code: "10115".into(),
            city: "Berlin".into(),
            country: "de".into(),
            ..Default::default()
        };
        assert_eq!(ok.clone().validate().unwrap().country, "DE");
        let missing = AddressInput {
            city: " ".into(),
            ..ok.clone()
        };
        assert_eq!(missing.validate().unwrap_err().field, "city");
        let bad = AddressInput {
            country: "Germany".into(),
            ..ok
        };
        assert_eq!(bad.validate().unwrap_err().field, "country");
    }
}
