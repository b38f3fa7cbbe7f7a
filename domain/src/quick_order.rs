//! Quick order: lines of `SKU quantity` as a buyer pastes them from a spreadsheet or an ERP printout, or as a CSV or
//! workbook holds them, read into SKUs and quantities before anything is looked up. A line that cannot be read keeps
//! its number and says why, so the page can show it to fix.

use serde::{Deserialize, Serialize};

use crate::{DomainError, Money, Sku, UnitPrice};

/// Most lines one paste or file may hold.
pub const MAX_LINES: usize = 500;

/// One line of an order list, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListLine {
    /// Its line number in the text, from 1.
    pub line: usize,
    /// The SKU as written (trimmed; upper case once it reads as a SKU).
    pub sku: String,
    /// The quantity; 0 when it could not be read.
    pub quantity: u32,
    /// Why the line cannot be ordered as written; `None` when it reads well.
    pub problem: Option<String>,
}

/// A SKU offered while the buyer types one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuSuggestion {
    /// The SKU.
    pub sku: String,
    /// The product and variant, to tell SKUs apart.
    pub name: String,
}

/// A line of an order list checked against the catalog for one buyer: what it is, what it costs them, or why it
/// cannot be ordered as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedLine {
    /// Its line number in the text, from 1 (a SKU written on several lines is checked once, on its first).
    pub line: usize,
    /// The SKU.
    pub sku: String,
    /// Units wanted.
    pub quantity: u32,
    /// The product and variant, when the SKU is known.
    pub name: String,
    /// The buyer's unit price at this quantity, as the channel shows prices.
    pub unit_price: Option<UnitPrice>,
    /// The buyer's price for the line.
    pub line_price: Option<Money>,
    /// Why it cannot be ordered as written; `None` when it can.
    pub problem: Option<String>,
    /// For a SKU the shop does not know, the closest ones it does.
    pub suggestions: Vec<String>,
}

impl CheckedLine {
    /// The line as read, before the catalog is asked.
    pub fn from_list(line: &ListLine) -> Self {
        Self {
            line: line.line,
            sku: line.sku.clone(),
            quantity: line.quantity,
            name: String::new(),
            unit_price: None,
            line_price: None,
            problem: line.problem.clone(),
            suggestions: Vec::new(),
        }
    }
}

/// The lines with one SKU written on several lines merged into its first, quantities added up.
pub fn merge_repeats(lines: Vec<ListLine>) -> Vec<ListLine> {
    let mut merged: Vec<ListLine> = Vec::with_capacity(lines.len());
    for line in lines {
        let repeat = line.problem.is_none().then(|| {
            merged
                .iter_mut()
                .find(|m| m.problem.is_none() && m.sku == line.sku)
        });
        match repeat.flatten() {
            Some(first) => first.quantity = first.quantity.saturating_add(line.quantity),
            None => merged.push(line),
        }
    }
    merged
}

/// Reads `text`: one line per SKU, the SKU first and the quantity second, separated by tabs, spaces, commas or
/// semicolons (further columns, such as a description, are ignored). Blank lines are skipped, and so is a first line
/// whose quantity is not a number (a header such as `SKU;Quantity`). More than [`MAX_LINES`] lines is an error
/// naming `lines`.
pub fn read_order_list(text: &str) -> Result<Vec<ListLine>, DomainError> {
    let mut out = Vec::new();
    let mut first = true;
    for (index, raw) in text.lines().enumerate() {
        let mut fields = raw
            .split(['\t', ' ', ',', ';'])
            .map(|f| f.trim().trim_matches('"'))
            .filter(|f| !f.is_empty());
        let Some(sku) = fields.next() else {
            continue;
        };
        let quantity = fields.next();
        let was_first = std::mem::replace(&mut first, false);
        if was_first && quantity.is_some_and(|q| q.parse::<u64>().is_err()) {
            continue;
        }
        if out.len() == MAX_LINES {
            return Err(DomainError::new(
                "lines",
                format!("at most {MAX_LINES} lines at a time; split the list"),
            ));
        }
        out.push(read_line(index + 1, sku, quantity));
    }
    Ok(out)
}

/// One line from its SKU and quantity fields, as a file's columns give them.
pub fn read_line(line: usize, sku: &str, quantity: Option<&str>) -> ListLine {
    let (sku, sku_problem) = match Sku::parse(sku) {
        Ok(parsed) => (parsed.as_str().to_owned(), None),
        Err(e) => (sku.trim().to_owned(), Some(format!("SKU {}", e.message))),
    };
    let (quantity, quantity_problem) = match quantity.map(str::trim) {
        None | Some("") => (0, Some("no quantity".to_owned())),
        Some(text) => match text.parse::<u32>() {
            Ok(0) => (0, Some("quantity must be at least 1".to_owned())),
            Ok(n) => (n, None),
            Err(_) => (0, Some(format!("quantity `{text}` is not a whole number"))),
        },
    };
    ListLine {
        line,
        sku,
        quantity,
        problem: sku_problem.or(quantity_problem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_separator_a_spreadsheet_or_printout_uses_is_read() {
        let lines = read_order_list(
            "sc-160\t5\nSP-01 12\nSP-02,3\nSP-03;4\n\n  SP-04 ;  7 ; Socket set\n\"SP-05\",\"2\"",
        )
        .unwrap();
        let read: Vec<(usize, &str, u32)> = lines
            .iter()
            .map(|l| (l.line, l.sku.as_str(), l.quantity))
            .collect();
        assert_eq!(
            read,
            [
                (1, "SC-160", 5),
                (2, "SP-01", 12),
                (3, "SP-02", 3),
                (4, "SP-03", 4),
                (6, "SP-04", 7),
                (7, "SP-05", 2),
            ]
        );
        assert!(lines.iter().all(|l| l.problem.is_none()));
    }

    #[test]
    fn a_header_is_skipped_and_bad_lines_say_why_with_their_number() {
        let lines =
            read_order_list("SKU;Quantity\nSC-160;x\nSC-160\nSC-160;0\nSC#160;2\nSC-160;-1")
                .unwrap();
        let problems: Vec<(usize, Option<&str>)> = lines
            .iter()
            .map(|l| (l.line, l.problem.as_deref()))
            .collect();
        assert_eq!(problems[0], (2, Some("quantity `x` is not a whole number")));
        assert_eq!(problems[1], (3, Some("no quantity")));
        assert_eq!(problems[2], (4, Some("quantity must be at least 1")));
        assert_eq!(problems[3].0, 5);
        assert!(problems[3].1.unwrap().starts_with("SKU may not contain"));
        assert_eq!(
            problems[4],
            (6, Some("quantity `-1` is not a whole number"))
        );
    }

    #[test]
    fn a_first_line_that_is_an_order_line_is_kept() {
        let lines = read_order_list("SC-160 2").unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].quantity, 2);
    }

    #[test]
    fn a_sku_on_several_lines_is_one_line_with_the_quantities_added() {
        let lines =
            merge_repeats(read_order_list("SC-160 2\nSP-01 1\nsc-160 3\nSC-160 x").unwrap());
        let read: Vec<(usize, &str, u32)> = lines
            .iter()
            .map(|l| (l.line, l.sku.as_str(), l.quantity))
            .collect();
        assert_eq!(read, [(1, "SC-160", 5), (2, "SP-01", 1), (4, "SC-160", 0)]);
    }

    #[test]
    fn more_than_500_lines_is_refused_naming_lines() {
        let text = "SC-160 1\n".repeat(MAX_LINES);
        assert_eq!(read_order_list(&text).unwrap().len(), MAX_LINES);
        let error = read_order_list(&format!("{text}SC-160 1")).unwrap_err();
        assert_eq!(error.field, "lines");
    }
}
