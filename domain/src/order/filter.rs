//! The order history's filters, read from the URL so a filtered history is a link.

use serde::{Deserialize, Serialize};

use super::OrderStatus;
use crate::DomainError;

const DAY_MS: i64 = 86_400_000;

/// Which orders the history shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFilter {
    /// Only this status.
    pub status: Option<OrderStatus>,
    /// Placed at or after (epoch ms, start of a UTC day).
    pub from_ms: Option<i64>,
    /// Placed at or before (epoch ms, end of a UTC day).
    pub to_ms: Option<i64>,
    /// Part of an order or PO number.
    pub text: Option<String>,
    /// Page, from 1.
    pub page: u32,
}

impl OrderFilter {
    /// Reads `status`, `from`, `to` (`YYYY-MM-DD`), `q` and `page` from a URL query string; a bad value names its
    /// parameter.
    pub fn parse(query: &str) -> Result<Self, DomainError> {
        let pairs: Vec<(&str, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (key, crate::listing::decode(value))
            })
            .collect();
        Self::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// [`OrderFilter::parse`] for values already decoded (an API's typed query); empty values are ignored.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, DomainError> {
        let mut filter = OrderFilter {
            page: 1,
            ..Default::default()
        };
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key {
                "status" => filter.status = Some(OrderStatus::parse(value)?),
                "from" => filter.from_ms = Some(day_ms(value, "from")?),
                "to" => filter.to_ms = Some(day_ms(value, "to")? + DAY_MS - 1),
                "q" => filter.text = Some(value.chars().take(64).collect()),
                "page" => {
                    filter.page =
                        value.parse().ok().filter(|p| *p >= 1).ok_or_else(|| {
                            DomainError::new("page", "must be a whole number from 1")
                        })?
                }
                _ => {}
            }
        }
        Ok(filter)
    }
}

/// Midnight UTC of a `YYYY-MM-DD` date, in epoch milliseconds; a bad date is refused naming `field`.
pub fn day_ms(text: &str, field: &str) -> Result<i64, DomainError> {
    let bad = || DomainError::new(field, "must be a date such as 2026-03-31");
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next(), parts.next(), parts.next());
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return Err(bad());
    };
    let (y, m, d): (i64, i64, i64) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1970..=9999).contains(&y)
        || !(1..=12).contains(&m)
        || d < 1
        || d > days_in_month[(m - 1) as usize]
    {
        return Err(bad());
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Ok((era * 146_097 + doe - 719_468) * DAY_MS)
}

/// A millisecond timestamp as its UTC calendar day, `2026-12-01`: the inverse of the `from`/`to` parameters.
pub fn calendar_day(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    // Civil-from-days (Howard Hinnant's algorithm): no calendar crate in the browser bundle for one date.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A millisecond timestamp as a UTC date and time to the second, `2026-12-01T14:03:05Z` (RFC 3339), for exports.
pub fn utc_timestamp(ms: i64) -> String {
    let secs = ms.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        calendar_day(ms),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_to_the_second_in_utc() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(1_764_597_785_999), "2025-12-01T14:03:05Z");
    }

    #[test]
    fn timestamps_print_as_calendar_days() {
        assert_eq!(calendar_day(0), "1970-01-01");
        assert_eq!(calendar_day(1_796_083_200_000), "2026-12-01");
        assert_eq!(calendar_day(951_782_400_000), "2000-02-29");
        assert_eq!(calendar_day(951_868_799_999), "2000-02-29");
    }

    #[test]
    fn dates_become_whole_utc_days() {
        let f =
            OrderFilter::parse("from=1970-01-02&to=2026-11-22&status=shipped&q=PO%2017").unwrap();
        assert_eq!(f.from_ms, Some(DAY_MS));
        assert_eq!(f.to_ms, Some(1_795_305_600_000 + DAY_MS - 1));
        assert_eq!(f.status, Some(OrderStatus::Shipped));
        assert_eq!(f.text.as_deref(), Some("PO 17"));
        assert_eq!(f.page, 1);
    }

    #[test]
    fn decoded_pairs_keep_characters_a_query_string_would_split_on() {
        let f =
            OrderFilter::from_pairs([("q", "PO 12&13%"), ("status", ""), ("page", "2")]).unwrap();
        assert_eq!(f.text.as_deref(), Some("PO 12&13%"));
        assert_eq!((f.status, f.page), (None, 2));
        assert_eq!(
            OrderFilter::parse("q=PO%2012%2613%25").unwrap().text,
            f.text
        );
    }

    #[test]
    fn a_bad_value_names_its_parameter() {
        assert_eq!(
            OrderFilter::parse("from=2026-02-30").unwrap_err().field,
            "from"
        );
        assert_eq!(
            OrderFilter::parse("status=lost").unwrap_err().field,
            "status"
        );
        assert_eq!(OrderFilter::parse("page=0").unwrap_err().field, "page");
    }
}
