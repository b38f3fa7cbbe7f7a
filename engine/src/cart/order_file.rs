//! An order list as a file: a CSV (or semicolon- or tab-separated text) as spreadsheets and ERPs save it, or an Excel
//! workbook (`.xlsx`), read with `calamine`. Either way the first column is the SKU and the second the quantity,
//! rows keep their numbers for the page to name, and a first row that is a header is skipped.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use domain::{
    DomainError,
    quick_order::{ListLine, MAX_LINES, read_line, read_order_list},
};

/// Reads an order list from a file's bytes, whatever its name: a workbook by its content (a zip archive), anything
/// else as text. An error names `file`.
pub fn read_order_file(bytes: &[u8]) -> Result<Vec<ListLine>, DomainError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_workbook(bytes);
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| {
            DomainError::new(
                "file",
                "is neither an Excel workbook (.xlsx) nor a CSV saved as UTF-8",
            )
        },
    )?;
    read_order_list(text)
}

/// The first sheet's rows: SKU in the first column, quantity in the second.
fn read_workbook(bytes: &[u8]) -> Result<Vec<ListLine>, DomainError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        DomainError::new("file", format!("is not a workbook this shop can read: {e}"))
    };
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| DomainError::new("file", "has no sheet"))?
        .map_err(|e| unreadable(&e))?;
    // Rows are numbered as the spreadsheet shows them, counting from the sheet's first used row.
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut out = Vec::new();
    let mut seen_first = false;
    for (i, row) in range.rows().enumerate() {
        let sku = row.first().map(cell_text).unwrap_or_default();
        if sku.trim().is_empty() {
            continue;
        }
        let quantity = row.get(1).map(cell_text);
        if !std::mem::replace(&mut seen_first, true)
            && quantity
                .as_deref()
                .is_some_and(|q| q.trim().parse::<u64>().is_err())
        {
            continue;
        }
        if out.len() == MAX_LINES {
            return Err(DomainError::new(
                "lines",
                format!("at most {MAX_LINES} lines at a time; split the list"),
            ));
        }
        out.push(read_line(first_row + i + 1, &sku, quantity.as_deref()));
    }
    Ok(out)
}

/// A cell as text; a whole number kept as a float (as spreadsheets store numbers) without its `.0`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_read_by_its_content_with_its_row_numbers() {
        let bytes = include_bytes!("../../tests/fixtures/order-list.xlsx");
        let lines = read_order_file(bytes).unwrap();
        let read: Vec<(usize, &str, u32, Option<&str>)> = lines
            .iter()
            .map(|l| (l.line, l.sku.as_str(), l.quantity, l.problem.as_deref()))
            .collect();
        assert_eq!(
            read,
            [
                (2, "SP-01", 3, None),
                (3, "SP-02", 2, None),
                (5, "SP-O3", 1, None),
                (6, "SP-04", 0, Some("quantity `many` is not a whole number")),
            ]
        );
    }

    #[test]
    fn a_csv_with_a_byte_order_mark_is_text_and_anything_else_is_refused() {
        let lines = read_order_file(b"\xEF\xBB\xBFSKU;Qty\r\nSP-01;4\r\n").unwrap();
        assert_eq!(
            (lines[0].line, lines[0].sku.as_str(), lines[0].quantity),
            (2, "SP-01", 4)
        );
        assert_eq!(
            read_order_file(&[0xff, 0xfe, 0x00]).unwrap_err().field,
            "file"
        );
        assert_eq!(
            read_order_file(b"PK\x03\x04 not really a zip")
                .unwrap_err()
                .field,
            "file"
        );
    }
}
