//! Årshjul's own tabular text format: CSV with a header row, `;` as the usual separator
//! (`,` and tab are detected from the header), `#` comment lines, UTF-8 with or without a
//! byte-order mark (Windows-1252, as Excel writes it, is detected and decoded).

use crate::Error;
use std::collections::HashMap;

/// A table read from one file: named columns and rows that remember their line.
#[derive(Debug)]
pub struct Table {
    file: String,
    columns: HashMap<String, usize>,
    rows: Vec<Row>,
}

/// One data row.
#[derive(Debug)]
pub struct Row {
    line: u64,
    values: Vec<String>,
}

/// A row bound to its table, for reading fields by name with errors that name the place.
pub struct Record<'t> {
    table: &'t Table,
    row: &'t Row,
}

impl Table {
    /// Reads `bytes` as a table named `file`, requiring the `required` columns.
    pub fn parse(file: &str, bytes: &[u8], required: &[&str]) -> Result<Table, Error> {
        let text = decode(bytes);
        let mut logical = logical_lines(&text);
        let Some((header_line, header)) = logical.next() else {
            return Err(Error::file(file, format!("the file is empty; expected a header with the columns {}", required.join(";"))));
        };
        let delimiter = [';', '\t', ','].into_iter().find(|d| header.contains(*d)).unwrap_or(';');
        let split = |line: u64, rec: &str| -> Result<Vec<String>, Error> {
            let mut reader =
                csv::ReaderBuilder::new().delimiter(delimiter as u8).has_headers(false).flexible(true).from_reader(rec.as_bytes());
            match reader.records().next() {
                Some(Ok(r)) => Ok(r.iter().map(|v| v.trim().to_string()).collect()),
                Some(Err(e)) => Err(Error::at(file, line, None, format!("unreadable row: {e}"))),
                None => Ok(Vec::new()),
            }
        };
        let columns: HashMap<String, usize> =
            split(header_line, &header)?.into_iter().enumerate().map(|(i, h)| (h.to_lowercase(), i)).collect();
        let missing: Vec<&str> = required.iter().copied().filter(|c| !columns.contains_key(*c)).collect();
        if !missing.is_empty() {
            return Err(Error::at(
                file,
                header_line,
                None,
                format!("expected the columns {} in the header; missing: {}", required.join(";"), missing.join(", ")),
            ));
        }
        let mut rows = Vec::new();
        for (line, rec) in logical {
            let values = split(line, &rec)?;
            if values.iter().all(|v| v.is_empty()) {
                continue;
            }
            rows.push(Row { line, values });
        }
        Ok(Table { file: file.to_string(), columns, rows })
    }

    /// A table from rows already split into cells (e.g. a spreadsheet): the first row is the
    /// header; each row carries its line (row) number.
    pub fn from_rows(file: &str, mut rows: Vec<(u64, Vec<String>)>, required: &[&str]) -> Result<Table, Error> {
        rows.retain(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
        if rows.is_empty() {
            return Err(Error::file(file, format!("the sheet is empty; expected a header with the columns {}", required.join(", "))));
        }
        let (header_line, header) = rows.remove(0);
        let columns: HashMap<String, usize> = header.iter().enumerate().map(|(i, h)| (h.trim().to_lowercase(), i)).collect();
        let missing: Vec<&str> = required.iter().copied().filter(|c| !columns.contains_key(*c)).collect();
        if !missing.is_empty() {
            return Err(Error::at(
                file,
                header_line,
                None,
                format!("expected the columns {} in the header; missing: {}", required.join(", "), missing.join(", ")),
            ));
        }
        let rows = rows
            .into_iter()
            .map(|(line, values)| Row { line, values: values.into_iter().map(|v| v.trim().to_string()).collect() })
            .collect();
        Ok(Table { file: file.to_string(), columns, rows })
    }

    /// The rows, each bound to the table.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
        self.rows.iter().map(move |row| Record { table: self, row })
    }

    /// The file name.
    pub fn file(&self) -> &str {
        &self.file
    }
}

impl Record<'_> {
    /// The line the row is on.
    pub fn line(&self) -> u64 {
        self.row.line
    }

    /// A field's text ("" when the row is short or the column absent).
    pub fn get(&self, column: &str) -> &str {
        self.table.columns.get(column).and_then(|&i| self.row.values.get(i)).map(String::as_str).unwrap_or("")
    }

    /// A field's text, `None` when empty.
    pub fn optional(&self, column: &str) -> Option<String> {
        Some(self.get(column)).filter(|v| !v.is_empty()).map(str::to_string)
    }

    /// A field that must not be empty.
    pub fn required(&self, column: &str) -> Result<&str, Error> {
        let v = self.get(column);
        if v.is_empty() { Err(self.error(column, "expected a value, found an empty field")) } else { Ok(v) }
    }

    /// A field parsed by `parse`; the error says what was expected.
    pub fn parse<T>(&self, column: &str, expected: &str, parse: impl FnOnce(&str) -> Option<T>) -> Result<T, Error> {
        let v = self.get(column);
        parse(v).ok_or_else(|| self.error(column, format!("expected {expected}, found \"{v}\"")))
    }

    /// An error at this row and field.
    pub fn error(&self, column: &str, message: impl Into<String>) -> Error {
        Error::at(&self.table.file, self.row.line, Some(column), message)
    }
}

/// Records with the line they start on, skipping blank and `#` comment lines; a quoted field
/// may span lines.
fn logical_lines(text: &str) -> impl Iterator<Item = (u64, String)> + '_ {
    let mut lines = text.lines().enumerate();
    std::iter::from_fn(move || {
        loop {
            let (i, line) = lines.next()?;
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let mut rec = line.to_string();
            while rec.matches('"').count() % 2 == 1 {
                match lines.next() {
                    Some((_, more)) => {
                        rec.push('\n');
                        rec.push_str(more);
                    }
                    None => break,
                }
            }
            return Some((i as u64 + 1, rec));
        }
    })
}

/// UTF-8 (BOM stripped) when valid; otherwise Windows-1252, the code page Excel uses here.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•',
        '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_semicolons_comments_and_bom() {
        let t = Table::parse("x.csv", "\u{feff}# kommentar\nkod;namn\n0486;Strängnäs\n\n1882;Askersund\n".as_bytes(), &["kod", "namn"])
            .unwrap();
        let rows: Vec<(u64, String)> = t.records().map(|r| (r.line(), r.get("namn").to_string())).collect();
        assert_eq!(rows, [(3, "Strängnäs".to_string()), (5, "Askersund".to_string())]);
    }

    #[test]
    fn detects_comma_and_windows_1252() {
        let bytes = b"kod,namn\n0486,Str\xe4ngn\xe4s\n";
        let t = Table::parse("x.csv", bytes, &["kod"]).unwrap();
        assert_eq!(t.records().next().unwrap().get("namn"), "Strängnäs");
    }

    #[test]
    fn missing_column_names_the_header_line() {
        let err = Table::parse("kommun.csv", b"# c\nkod;namm\n0486;X\n", &["kod", "namn"]).unwrap_err();
        assert_eq!(err.to_string(), "kommun.csv:2: expected the columns kod;namn in the header; missing: namn");
    }

    #[test]
    fn field_errors_name_line_and_field() {
        let t = Table::parse("k.csv", b"kod;namn\n0486;\n", &["kod", "namn"]).unwrap();
        let r = t.records().next().unwrap();
        assert_eq!(r.required("namn").unwrap_err().to_string(), "k.csv:2: field \"namn\": expected a value, found an empty field");
        let n: Result<u8, _> = r.parse("kod", "a month 1–12", |v| v.parse().ok().filter(|m| (1..=12).contains(m)));
        assert_eq!(n.unwrap_err().to_string(), "k.csv:2: field \"kod\": expected a month 1–12, found \"0486\"");
    }
}

#[cfg(test)]
mod quoting {
    use super::*;

    #[test]
    fn quoted_fields_may_hold_separators_and_newlines() {
        let t = Table::parse("x.csv", b"a;b\n\"1;2\";\"rad ett\nrad tv\xc3\xa5\"\n3;4\n", &["a", "b"]).unwrap();
        let rows: Vec<(u64, String, String)> = t.records().map(|r| (r.line(), r.get("a").into(), r.get("b").into())).collect();
        assert_eq!(rows[0], (2, "1;2".into(), "rad ett\nrad två".into()));
        assert_eq!(rows[1].0, 4);
    }

    #[test]
    fn empty_file() {
        assert!(Table::parse("x.csv", b"# only a comment\n", &["a"]).unwrap_err().to_string().contains("the file is empty"));
    }
}
