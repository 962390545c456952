//! Årshjul's own tabular text format: CSV with a header row, `;` as the usual separator
//! (`,` and tab are detected from the header), `#` comment lines, UTF-8 with or without a
//! byte-order mark (Windows-1252, as Excel writes it, is detected and decoded).

use crate::Error;
use domain::period::Date;
use std::collections::HashMap;

/// A table read from one file: named columns and rows that remember their line.
#[derive(Debug)]
pub struct Table {
    file: String,
    columns: HashMap<String, usize>,
    rows: Vec<Row>,
}

/// A file's name without its folder (`ekonomi-2023/driftrader.csv` → `driftrader.csv`).
fn file_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// The columns the readers' documentation (the tables in the modules' docs, which
/// `docs/import-files.md` is made of) names for a file, by its name: a header column none of
/// them names is a misspelt one ("overordnad"), whose values would otherwise be lost without a
/// word. `None` for a file the documentation does not name (a grid's, a spreadsheet).
fn documented_columns(file: &str) -> Option<&'static std::collections::HashSet<String>> {
    use std::collections::{HashMap, HashSet};
    static KNOWN: std::sync::LazyLock<HashMap<String, HashSet<String>>> = std::sync::LazyLock::new(|| {
        let sources = [
            include_str!("org.rs"),
            include_str!("goals.rs"),
            include_str!("economy.rs"),
            include_str!("control.rs"),
            include_str!("quality.rs"),
            include_str!("meetings.rs"),
            include_str!("evb.rs"),
        ];
        let mut known: HashMap<String, HashSet<String>> = HashMap::new();
        let ticked = |cell: &str| -> Vec<String> { cell.split('`').skip(1).step_by(2).map(str::to_string).collect() };
        for line in sources.iter().flat_map(|s| s.lines()).filter(|l| l.starts_with("//! | `")) {
            let line = line.replace("\\|", "");
            let cells: Vec<&str> = line.split('|').collect();
            let (Some(files), Some(columns)) = (cells.get(1), cells.get(2)) else { continue };
            let columns: Vec<String> = ticked(columns)
                .iter()
                .flat_map(|t| t.split([';', ',']))
                .map(|c| c.trim().to_lowercase())
                .filter(|c| !c.is_empty())
                .collect();
            for f in ticked(files).iter().filter(|f| f.ends_with(".csv")) {
                known.entry(file_name(f).to_string()).or_default().extend(columns.iter().cloned());
            }
        }
        known
    });
    KNOWN.get(file_name(file))
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
    /// Reads `bytes` as a table named `file`, requiring the `required` columns. The whole text
    /// is read by one CSV reader, so a quote inside an unquoted field is an ordinary character
    /// and `\r` alone (old Mac files) ends a line as `\n` and `\r\n` do.
    pub fn parse(file: &str, bytes: &[u8], required: &[&str]) -> Result<Table, Error> {
        let text = decode(file, bytes)?;
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'));
        let Some(header) = first else {
            return Err(Error::file(file, format!("filen är tom; den ska börja med en rubrikrad med kolumnerna {}", required.join(";"))));
        };
        let delimiter = [';', '\t', ','].into_iter().find(|d| header.contains(*d)).unwrap_or(';');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter as u8)
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        // The reader's position is where it began to look for the record, before the empty and
        // comment lines it skipped (and its line count leaves those out): the record's own line
        // is the first after them.
        let bytes = text.as_bytes();
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', bytes).collect();
        let line_at = |p: Option<&csv::Position>| {
            let mut k = p.map_or(0, |p| p.byte() as usize);
            let mut line = newlines.partition_point(|&n| n < k);
            while matches!(bytes.get(k), Some(b'\n' | b'#')) {
                match newlines.get(line) {
                    Some(&n) => (k, line) = (n + 1, line + 1),
                    None => break,
                }
            }
            line as u64 + 1
        };
        let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| Error::at(file, line_at(e.position()), None, format!("raden går inte att läsa: {e}")))?;
            let line = line_at(record.position());
            let values: Vec<String> = record.iter().map(|v| v.trim().to_string()).collect();
            // A comment line, indented or not, whatever it holds.
            if values.first().is_some_and(|v| v.starts_with('#')) {
                continue;
            }
            rows.push((line, values));
        }
        Table::build(file, rows, required, ";")
    }

    /// A table from rows already split into cells (e.g. a spreadsheet): the first row is the
    /// header; each row carries its line (row) number.
    pub fn from_rows(file: &str, rows: Vec<(u64, Vec<String>)>, required: &[&str]) -> Result<Table, Error> {
        Table::build(file, rows, required, ", ")
    }

    /// The table of split rows, the first the header (column lists in messages joined with
    /// `join`). Blank rows are skipped; a row with a value beyond the header's columns, and a
    /// header naming a column twice, are errors.
    fn build(file: &str, mut rows: Vec<(u64, Vec<String>)>, required: &[&str], join: &str) -> Result<Table, Error> {
        rows.retain(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
        if rows.is_empty() {
            return Err(Error::file(file, format!("filen är tom; den ska börja med en rubrikrad med kolumnerna {}", required.join(join))));
        }
        let (header_line, header) = rows.remove(0);
        let mut columns: HashMap<String, usize> = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            let h = h.trim().to_lowercase();
            if h.is_empty() {
                continue;
            }
            if columns.insert(h.clone(), i).is_some() {
                return Err(Error::at(file, header_line, None, format!("kolumnen {h} står två gånger i rubrikraden")));
            }
        }
        let missing: Vec<&str> = required.iter().copied().filter(|c| !columns.contains_key(*c)).collect();
        if !missing.is_empty() {
            return Err(Error::at(
                file,
                header_line,
                None,
                format!("rubrikraden ska ha kolumnerna {}; saknas: {}", required.join(join), missing.join(", ")),
            ));
        }
        if let Some(known) = documented_columns(file) {
            let unknown = header.iter().map(|h| h.trim().to_lowercase()).find(|h| !h.is_empty() && !known.contains(h));
            if let Some(h) = unknown {
                let mut names: Vec<&str> = known.iter().map(String::as_str).collect();
                names.sort_unstable();
                let fold = |s: &str| s.replace(['å', 'ä'], "a").replace('ö', "o").replace(['-', ' '], "_");
                let meant = known.iter().find(|k| fold(k) == fold(&h)).map(|k| format!(" Menar du «{k}»?")).unwrap_or_default();
                return Err(Error::at(
                    file,
                    header_line,
                    None,
                    format!(
                        "kolumnen «{h}» finns inte i {}; dess värden skulle inte läsas.{meant} Kolumnerna som läses: {}",
                        file_name(file),
                        names.join(join)
                    ),
                ));
            }
        }
        // Columns without a name are ignored, as are the empty cells after the last one.
        let width = header.iter().rposition(|h| !h.trim().is_empty()).map_or(0, |k| k + 1);
        let mut out = Vec::with_capacity(rows.len());
        let mut errors = Vec::new();
        for (line, values) in rows {
            if let Some(k) = values.iter().skip(width).position(|v| !v.trim().is_empty()) {
                errors.push(Error::at(
                    file,
                    line,
                    None,
                    format!(
                        "raden får ha högst {width} fält, som rubrikraden (rad {header_line}), men har \"{}\" i fält {}",
                        values[width + k].trim(),
                        width + k + 1
                    ),
                ));
                continue;
            }
            // A value our own CSV writer guarded against spreadsheet formulas ('=…, '-…) reads
            // as written, so a downloaded template goes back unchanged.
            let unguard = |v: String| match v.trim().strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
                _ => v.trim().to_string(),
            };
            out.push(Row { line, values: values.into_iter().map(unguard).collect() });
        }
        if let Some(e) = Error::all(errors) {
            return Err(e);
        }
        Ok(Table { file: file.to_string(), columns, rows: out })
    }

    /// The rows, each bound to the table.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
        self.rows.iter().map(move |row| Record { table: self, row })
    }

    /// Every row read by `read`, in file order; or the errors of every row that `read`
    /// refuses (each row's first), all in one [`Error`], so that a file is mended in one go.
    pub fn rows<T>(&self, mut read: impl FnMut(Record<'_>) -> Result<T, Error>) -> Result<Vec<T>, Error> {
        let mut out = Vec::with_capacity(self.rows.len());
        let mut errors = Vec::new();
        for r in self.records() {
            match read(r) {
                Ok(v) => out.push(v),
                Err(e) => errors.push(e),
            }
        }
        Error::all(errors).map_or(Ok(out), Err)
    }

    /// [`Table::rows`] for a reader that gathers what it reads itself.
    pub fn each(&self, read: impl FnMut(Record<'_>) -> Result<(), Error>) -> Result<(), Error> {
        self.rows(read).map(drop)
    }

    /// The one row of a file that holds one (settings, a meeting's head): an error naming
    /// `what` when there is none, and the line of a second one.
    pub fn single(&self, what: &str) -> Result<Record<'_>, Error> {
        let mut records = self.records();
        let first = records.next().ok_or_else(|| Error::file(&self.file, format!("filen ska ha en rad med {what}")))?;
        match records.next() {
            Some(second) => Err(second.error_at_line(format!("filen ska ha bara en rad med {what}; det här är en andra"))),
            None => Ok(first),
        }
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
        if v.is_empty() { Err(self.error(column, "får inte vara tomt")) } else { Ok(v) }
    }

    /// A field parsed by `parse`; the error says what was expected.
    pub fn parse<T>(&self, column: &str, expected: &str, parse: impl FnOnce(&str) -> Option<T>) -> Result<T, Error> {
        let v = self.get(column);
        parse(v).ok_or_else(|| {
            let what = if v.is_empty() { "men är tomt".to_string() } else { format!("inte \"{v}\"") };
            self.error(column, format!("ska vara {expected}, {what}"))
        })
    }

    /// A yes/no field: `ja`, `j`, `1`, `x` or `true` is yes; `nej`, `n`, `0`, `false` or empty is
    /// no; anything else is an error (a flag such as sekretess must not fail open on a typo).
    pub fn flag(&self, column: &str) -> Result<bool, Error> {
        self.parse(column, "ja eller nej (tomt är nej)", |v| match v.to_lowercase().as_str() {
            "ja" | "j" | "1" | "x" | "true" => Some(true),
            "nej" | "n" | "0" | "false" | "" => Some(false),
            _ => None,
        })
    }

    /// A date written YYYY-MM-DD; one written so that is no day of the calendar ("2024-13-05",
    /// "2023-02-30") is said to be none, not to be written wrongly.
    pub fn date(&self, column: &str) -> Result<Date, Error> {
        let v = self.get(column);
        match Date::parse(v) {
            Err(e) if e.is_no_calendar_day() => Err(self.error(column, domain::period::PeriodError::why_no_date(v).unwrap_or_default())),
            _ => self.parse(column, "ett datum skrivet ÅÅÅÅ-MM-DD", |v| Date::parse(v).ok()),
        }
    }

    /// A date written YYYY-MM-DD, or an empty field.
    pub fn opt_date(&self, column: &str) -> Result<Option<Date>, Error> {
        if self.get(column).is_empty() { Ok(None) } else { self.date(column).map(Some) }
    }

    /// An error at this row, not at one field.
    pub fn error_at_line(&self, message: impl Into<String>) -> Error {
        Error::at(&self.table.file, self.row.line, None, message)
    }

    /// An error at this row and field.
    pub fn error(&self, column: &str, message: impl Into<String>) -> Error {
        Error::at(&self.table.file, self.row.line, Some(column), message)
    }
}

/// The keys of the rows read so far, where a key may appear once in a file: the second row
/// with a key is an error naming both lines (rather than a database error without a line, or
/// the last row silently winning).
pub struct Seen<K>(HashMap<K, u64>);

impl<K: std::hash::Hash + Eq> Default for Seen<K> {
    fn default() -> Self {
        Seen(HashMap::new())
    }
}

impl<K: std::hash::Hash + Eq> Seen<K> {
    /// Records `key` for row `r`; an error at `column` if an earlier row had it (`what`
    /// names it for the message, e.g. "indicator SJUK, period 2023").
    pub fn once(&mut self, r: &Record<'_>, column: &str, key: K, what: &str) -> Result<(), Error> {
        match self.0.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => {
                Err(r.error(column, format!("{what} finns redan på rad {} och får bara förekomma en gång", e.get())))
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(r.line());
                Ok(())
            }
        }
    }
}

/// UTF-8 (BOM stripped) when valid; otherwise Windows-1252, the code page Excel uses here.
/// A file that is UTF-8 up to a byte that is not is refused (naming that line): decoding it all
/// as Windows-1252 would garble every å, ä and ö before it.
fn decode(file: &str, bytes: &[u8]) -> Result<String, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            if valid.iter().any(|&b| b >= 0x80) {
                let line = valid.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                return Err(Error::at(
                    file,
                    line,
                    None,
                    "raden är inte UTF-8 fast raderna före den är det: spara hela filen som UTF-8 (eller som Windows-1252)",
                ));
            }
            Ok(bytes.iter().map(|&b| windows_1252(b)).collect())
        }
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
    fn a_date_written_right_that_is_no_day_is_said_to_be_none() {
        let t = Table::parse("t.csv", "datum\n2024-13-05\n2023-02-30\n5/1 2024\n".as_bytes(), &["datum"]).unwrap();
        let msgs: Vec<String> = t.records().map(|r| r.date("datum").unwrap_err().message).collect();
        assert_eq!(msgs[0], "«2024-13-05» är skrivet ÅÅÅÅ-MM-DD men är inget datum i kalendern");
        assert_eq!(msgs[1], "«2023-02-30» är skrivet ÅÅÅÅ-MM-DD men är inget datum i kalendern");
        assert_eq!(msgs[2], "ska vara ett datum skrivet ÅÅÅÅ-MM-DD, inte \"5/1 2024\"");
    }

    #[test]
    fn every_bad_row_of_a_file_is_named_once_in_file_order() {
        // Line 2: a bad amount; line 3 is good; line 4: the name of line 2 again (a row that
        // fails later on still counts as seen); line 5: a bad amount and a bad one after it
        // (a row's first error only); too many fields on line 6 is the table's own error.
        let file = "namn;ansökt;beviljat\nA;100;x\nB;1 000;200\nA;;\nC;abc;zz\n";
        let e = crate::economy::read_grants(("bidrag.csv", file.as_bytes())).unwrap_err();
        let lines: Vec<Option<u64>> = e.each().map(|e| e.line).collect();
        assert_eq!(lines, [Some(2), Some(4), Some(5)], "{e}");
        assert_eq!(e.to_string().lines().count(), 3);
        assert!(e.to_string().starts_with("bidrag.csv:2: fält \"beviljat\""), "{e}");
        let e = Table::parse("t.csv", b"a;b\n1;2;3\n1;2\n4;5;6\n", &["a"]).unwrap_err();
        assert_eq!(e.each().map(|e| e.line).collect::<Vec<_>>(), [Some(2), Some(4)]);

        // A file wrong throughout: the first SHOWN are named, then how many more there are.
        let mut file = String::from("namn;ansökt;beviljat\n");
        for k in 0..40 {
            file.push_str(&format!("N{k};x;1\n"));
        }
        let e = crate::economy::read_grants(("bidrag.csv", file.as_bytes())).unwrap_err();
        let all: Vec<Error> = e.each().collect();
        assert_eq!(all.len(), Error::SHOWN + 1);
        assert_eq!(all[Error::SHOWN - 1].line, Some(26));
        assert_eq!(all[Error::SHOWN].to_string(), "bidrag.csv: och 15 fel till");
    }

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
        assert_eq!(err.to_string(), "kommun.csv:2: rubrikraden ska ha kolumnerna kod;namn; saknas: namn");
    }

    /// A column the file does not have (a misspelt optional one) is refused, not ignored.
    #[test]
    fn an_unknown_column_is_named_with_what_was_meant() {
        let err = Table::parse("org/enheter.csv", "nyckel;typ;namn;overordnad\nSK;forvaltning;S;\n".as_bytes(), &["nyckel", "typ", "namn"])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("org/enheter.csv:1: kolumnen «overordnad» finns inte i enheter.csv") && err.contains("Menar du «överordnad»?"),
            "{err}"
        );
        assert!(Table::parse("x.csv", b"a;b\n1;2\n", &["a"]).is_ok(), "a file the documentation does not name is read as it is");
    }

    #[test]
    fn field_errors_name_line_and_field() {
        let t = Table::parse("k.csv", b"kod;namn\n0486;\n", &["kod", "namn"]).unwrap();
        let r = t.records().next().unwrap();
        assert_eq!(r.required("namn").unwrap_err().to_string(), "k.csv:2: fält \"namn\": får inte vara tomt");
        let n: Result<u8, _> = r.parse("kod", "en månad 1–12", |v| v.parse().ok().filter(|m| (1..=12).contains(m)));
        assert_eq!(n.unwrap_err().to_string(), "k.csv:2: fält \"kod\": ska vara en månad 1–12, inte \"0486\"");
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
    fn no_row_is_lost_to_a_stray_quote_or_old_line_ends() {
        // A quote inside an unquoted field (inches) is an ordinary character.
        let t = Table::parse("x.csv", "a;b\nSkärm 24\";x\nBord;y\nStol 27\";z\n".as_bytes(), &["a", "b"]).unwrap();
        let rows: Vec<(u64, String)> = t.records().map(|r| (r.line(), r.get("a").to_string())).collect();
        assert_eq!(rows, [(2, "Skärm 24\"".to_string()), (3, "Bord".into()), (4, "Stol 27\"".into())]);
        // Excel for Mac's "CSV (Macintosh)" ends lines with \r alone.
        let t = Table::parse("mac.csv", b"a;b\r1;2\r3;4\r", &["a", "b"]).unwrap();
        let rows: Vec<(u64, String)> = t.records().map(|r| (r.line(), r.get("b").to_string())).collect();
        assert_eq!(rows, [(2, "2".to_string()), (3, "4".into())]);
    }

    #[test]
    fn a_value_beyond_the_header_or_a_column_named_twice_is_an_error() {
        // A decimal comma in a comma-separated file would otherwise drop the öre silently.
        let err = Table::parse("b.csv", b"rad,kategori,belopp\nIFO,kostnad,-1234,50\n", &["rad"]).unwrap_err();
        assert_eq!(err.to_string(), "b.csv:2: raden får ha högst 3 fält, som rubrikraden (rad 1), men har \"50\" i fält 4");
        // Empty cells after the last column (as spreadsheets write them) are fine.
        assert_eq!(Table::parse("b.csv", b"a;b\n1;2;;\n", &["a"]).unwrap().records().count(), 1);
        let err = Table::parse("b.csv", b"# c\na;b;A\n1;2;3\n", &["a"]).unwrap_err();
        assert_eq!(err.to_string(), "b.csv:2: kolumnen a står två gånger i rubrikraden");
    }

    #[test]
    fn a_file_that_stops_being_utf8_is_refused() {
        let err = Table::parse("m.csv", b"a;b\nStr\xc3\xa4ngn\xc3\xa4s;1\nV\xe4xj\xf6;2\n", &["a"]).unwrap_err();
        assert!(err.to_string().starts_with("m.csv:3: raden är inte UTF-8"), "{err}");
    }

    #[test]
    fn indented_comments_and_guarded_formulas() {
        let t = Table::parse("x.csv", "  # anm;x\na;b\n  # till;y\n1;'-nej\n2;'=SUM(1)\n".as_bytes(), &["a", "b"]).unwrap();
        let rows: Vec<(u64, String)> = t.records().map(|r| (r.line(), r.get("b").to_string())).collect();
        assert_eq!(rows, [(4, "-nej".to_string()), (5, "=SUM(1)".into())]);
    }

    #[test]
    fn a_file_of_one_row_has_one() {
        let t = Table::parse("ekonomi.csv", b"skala;decimaler\nmkr;1\n", &["skala"]).unwrap();
        assert_eq!(t.single("inställningarna").unwrap().get("skala"), "mkr");
        let t = Table::parse("ekonomi.csv", b"skala;decimaler\nmkr;1\ntkr;0\n", &["skala"]).unwrap();
        assert_eq!(
            t.single("inställningarna").err().unwrap().to_string(),
            "ekonomi.csv:3: filen ska ha bara en rad med inställningarna; det här är en andra"
        );
        let t = Table::parse("ekonomi.csv", b"skala;decimaler\n", &["skala"]).unwrap();
        assert_eq!(t.single("inställningarna").err().unwrap().to_string(), "ekonomi.csv: filen ska ha en rad med inställningarna");
    }

    #[test]
    fn empty_file() {
        assert!(Table::parse("x.csv", b"# only a comment\n", &["a"]).unwrap_err().to_string().contains("filen är tom"));
    }
}
