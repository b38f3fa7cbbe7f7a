//! Offset pagination for storefront listings, where a page number in the URL must stay stable for crawlers.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// Where a listing page sits in the whole result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    /// 1-based page number.
    pub number: u32,
    /// Items per page.
    pub per_page: u32,
    /// Items in the whole result.
    pub total_items: u64,
}

impl PageInfo {
    /// Largest page size a listing serves, whatever a client asks for.
    pub const MAX_PER_PAGE: u32 = 100;

    /// Validates a requested page number and size.
    pub fn request(number: u32, per_page: u32) -> Result<(u32, u32), DomainError> {
        if number == 0 {
            return Err(DomainError::new("page", "starts at 1"));
        }
        if per_page == 0 || per_page > Self::MAX_PER_PAGE {
            return Err(DomainError::new(
                "per_page",
                format!("must be between 1 and {}", Self::MAX_PER_PAGE),
            ));
        }
        Ok((number, per_page))
    }

    /// Rows to skip to reach this page.
    pub fn offset(number: u32, per_page: u32) -> u64 {
        u64::from(number.saturating_sub(1)) * u64::from(per_page)
    }

    /// Number of pages; an empty listing still has one (empty) page.
    pub fn total_pages(&self) -> u32 {
        let pages = self.total_items.div_ceil(u64::from(self.per_page.max(1)));
        u32::try_from(pages).unwrap_or(u32::MAX).max(1)
    }

    /// Whether a page comes after this one.
    pub fn has_next(&self) -> bool {
        self.number < self.total_pages()
    }

    /// Whether a page comes before this one.
    pub fn has_previous(&self) -> bool {
        self.number > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_zero_is_rejected() {
        assert_eq!(PageInfo::request(0, 24).unwrap_err().field, "page");
    }

    #[test]
    fn an_oversized_page_is_rejected() {
        assert_eq!(PageInfo::request(1, 101).unwrap_err().field, "per_page");
    }

    #[test]
    fn pages_are_counted_by_rounding_up() {
        let info = PageInfo {
            number: 2,
            per_page: 24,
            total_items: 49,
        };
        assert_eq!(info.total_pages(), 3);
        assert!(info.has_next() && info.has_previous());
        assert_eq!(PageInfo::offset(3, 24), 48);
    }

    #[test]
    fn an_empty_listing_has_one_page() {
        let info = PageInfo {
            number: 1,
            per_page: 24,
            total_items: 0,
        };
        assert_eq!(info.total_pages(), 1);
        assert!(!info.has_next());
    }
}
