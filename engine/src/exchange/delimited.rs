//! Rows of a delimited text file as a spreadsheet saves one: comma-, semicolon- or tab-separated (the first
//! non-empty line decides; European spreadsheets write `;` because `,` is their decimal point), quoted fields,
//! an optional byte-order mark, each row with the line an editor shows it on.

use domain::DomainError;

/// The rows of `text`, each with its 1-based line and its fields trimmed; empty rows are left out. A file that is
/// not text, or a spreadsheet's own format, is refused naming `file`.
pub fn delimited_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, DomainError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(DomainError::new(
            "file",
            "is a spreadsheet workbook: save it as CSV (UTF-8) and upload that",
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| DomainError::new("file", "must be UTF-8 text: save it as CSV (UTF-8)"))?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first.contains(';') {
        b';'
    } else if first.contains('\t') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| line_at(text, p.byte()));
            DomainError::new("file", format!("line {line}: {e}"))
        })?;
        let fields: Vec<String> = record.iter().map(|f| f.trim().to_owned()).collect();
        if fields.iter().all(String::is_empty) {
            continue;
        }
        let line = record.position().map_or(0, |p| line_at(text, p.byte()));
        rows.push((line, fields));
    }
    Ok(rows)
}

/// The line an editor shows for a record the reader started at byte `offset` of `text`. The reader's own count
/// leaves blank lines out, and its offset is where it started reading, before the blank lines it skipped.
fn line_at(text: &str, offset: u64) -> usize {
    let bytes = text.as_bytes();
    let mut start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
        start += 1;
    }
    bytes[..start].iter().filter(|b| **b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        delimited_rows(text.as_bytes()).unwrap()
    }

    #[test]
    fn each_delimiter_a_spreadsheet_writes_is_read_with_its_line() {
        let expected = |a: &str, b: &str| {
            vec![
                (1, vec!["SKU".to_owned(), "Price".to_owned()]),
                (3, vec![a.to_owned(), b.to_owned()]),
            ]
        };
        assert_eq!(rows("SKU;Price\n\nHX-1;9,50\n"), expected("HX-1", "9,50"));
        assert_eq!(rows("SKU\tPrice\n\nHX-1\t9.50\n"), expected("HX-1", "9.50"));
        assert_eq!(
            rows("\u{feff}SKU,Price\r\n\r\nHX-1,\"9,50\"\r\n"),
            expected("HX-1", "9,50")
        );
    }

    #[test]
    fn a_workbook_or_other_bytes_are_refused_naming_the_file() {
        assert_eq!(delimited_rows(b"PK\x03\x04rest").unwrap_err().field, "file");
        assert_eq!(
            delimited_rows(&[0xff, 0xfe, 0x00]).unwrap_err().field,
            "file"
        );
    }
}
