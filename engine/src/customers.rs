//! The people who buy, as the merchant's staff see them: a searchable list of everyone with an account, a company's
//! own page (people, addresses, open balance and spend), inviting a company's people, and disabling a person who
//! has left.

mod access;
mod company_account;
mod people;

pub use company_account::{CompanyAccount, CompanyAddress, CompanyPerson, CompanySpend};
pub use people::{PersonCompany, PersonPage, PersonQuery, PersonRow};

pub(crate) use company_account::open_balance_micros;
