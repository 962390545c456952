//! Our own SIE 4 reader (the `sie4` crate fails on municipal exports: unknown labels are fatal
//! there and object ids are lost).
//!
//! It streams: [`read`] takes any `Read`, holds one line (and one open voucher) at a time, and
//! hands each [`Record`] to a callback with its line number, so a file larger than memory can
//! be imported. Errors name the file, the line and the field (`ledger.se:214: field "#TRANS
//! amount": expected an amount such as -1234.50, found "12a"`); problems that do not stop the
//! import — an unknown label, a voucher whose rows do not balance — are collected as
//! [`Warning`]s.
//!
//! Conventions kept as the specification states them: debit positive, credit negative (so
//! income accounts carry negative amounts); a `#RTRANS` row is followed by an identical `#TRANS`
//! that is counted once; `#BTRANS` rows (removed) are reported but not counted.

mod encoding;
mod tokens;

pub use encoding::Encoding;

use crate::Error;
use domain::money::Ore;
use domain::period::Date;
use std::io::{BufRead, BufReader, Read};
use tokens::{Field, tokenize};

/// Objects on a row: (dimension, object id), e.g. `{1 "5100" 20 "561"}`.
pub type Objects = Vec<(u32, String)>;

/// A period `YYYYMM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
}

/// How a transaction row was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransKind {
    /// `#TRANS`.
    Normal,
    /// `#RTRANS`: added afterwards (its `#TRANS` twin is not counted again).
    Added,
    /// `#BTRANS`: removed afterwards; not counted.
    Removed,
}

/// A transaction row inside a voucher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trans {
    /// Account number.
    pub account: u32,
    /// Objects (dimension, id).
    pub objects: Objects,
    /// Amount, debit positive.
    pub amount: Ore,
    /// Transaction date, if given (else the voucher's).
    pub date: Option<Date>,
    /// Text, if given.
    pub text: Option<String>,
    /// Added, removed or normal.
    pub kind: TransKind,
    /// The line it is on.
    pub line: u64,
}

/// One record of a SIE file. Labels not listed here arrive as [`Record::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// `#FLAGGA`.
    Flagga(u8),
    /// `#PROGRAM name version`.
    Program(String, String),
    /// `#FORMAT`.
    Format(String),
    /// `#GEN date [sign]`.
    Gen(Date),
    /// `#SIETYP`.
    SieTyp(u8),
    /// `#FNAMN`.
    Fnamn(String),
    /// `#ORGNR`.
    Orgnr(String),
    /// `#RAR yearno start end`.
    Rar { year_no: i32, start: Date, end: Date },
    /// `#KPTYP`.
    Kptyp(String),
    /// `#KONTO no name`.
    Konto { account: u32, name: String },
    /// `#KTYP no T/S/K/I`.
    Ktyp { account: u32, kind: char },
    /// `#SRU no code`.
    Sru { account: u32, code: String },
    /// `#DIM no name`.
    Dim { dim: u32, name: String },
    /// `#UNDERDIM no name parent`.
    Underdim { dim: u32, name: String, parent: u32 },
    /// `#OBJEKT dim id name`.
    Objekt { dim: u32, id: String, name: String },
    /// `#IB yearno account amount`.
    Ib { year_no: i32, account: u32, amount: Ore },
    /// `#UB yearno account amount`.
    Ub { year_no: i32, account: u32, amount: Ore },
    /// `#OIB yearno account objects amount`.
    Oib { year_no: i32, account: u32, objects: Objects, amount: Ore },
    /// `#OUB yearno account objects amount`.
    Oub { year_no: i32, account: u32, objects: Objects, amount: Ore },
    /// `#RES yearno account amount`.
    Res { year_no: i32, account: u32, amount: Ore },
    /// `#PSALDO yearno period account objects amount` — the outcome for a month.
    Psaldo { year_no: i32, period: YearMonth, account: u32, objects: Objects, amount: Ore },
    /// `#PBUDGET yearno period account objects amount` — the budget for a month.
    Pbudget { year_no: i32, period: YearMonth, account: u32, objects: Objects, amount: Ore },
    /// `#VER series number date text` with its rows.
    Ver { series: String, number: String, date: Date, text: String, trans: Vec<Trans> },
    /// `#KSUMMA [checksum]`.
    Ksumma(Option<u64>),
    /// `#ADRESS contact street postal phone`.
    Adress(Vec<String>),
    /// Any other label (or one Årshjul does not interpret, such as #FTYP), kept with its fields.
    Unknown { label: String, fields: Vec<String> },
}

/// A problem that did not stop the reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Line.
    pub line: u64,
    /// What.
    pub message: String,
}

/// What a completed read found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The detected encoding.
    pub encoding: Encoding,
    /// Lines read.
    pub lines: u64,
    /// Records handed over.
    pub records: u64,
    /// Vouchers and transaction rows (counted rows only).
    pub vouchers: u64,
    /// Counted transaction rows.
    pub transactions: u64,
    /// Warnings, in file order.
    pub warnings: Vec<Warning>,
}

/// Reads a whole SIE file from `input`, calling `on_record(record, line)` for each record in
/// order (a voucher when its closing `}` is read). The first error stops the read; an error
/// from the callback is passed through.
pub fn read<R: Read>(file: &str, input: R, mut on_record: impl FnMut(Record, u64) -> Result<(), Error>) -> Result<Summary, Error> {
    let mut reader = BufReader::with_capacity(64 * 1024, input);
    let encoding = Encoding::detect(reader.fill_buf().map_err(|e| Error::file(file, format!("cannot read: {e}")))?);
    let mut summary = Summary { encoding, lines: 0, records: 0, vouchers: 0, transactions: 0, warnings: Vec::new() };
    let mut buf = Vec::with_capacity(256);
    let mut open_ver: Option<(u64, String, String, Date, String, Vec<Trans>)> = None;
    let mut in_block = false;
    let mut skip_next_trans = false;
    // Accounts declared by #KONTO; a use of another account is reported once.
    let mut declared: std::collections::HashSet<u32> = std::collections::HashSet::new();
    let mut undeclared_reported: std::collections::HashSet<u32> = std::collections::HashSet::new();
    let mut swapped_budget_reported = false;
    let import_file = file.to_lowercase().ends_with(".si");
    loop {
        buf.clear();
        let n =
            reader.read_until(b'\n', &mut buf).map_err(|e| Error::file(file, format!("cannot read line {}: {e}", summary.lines + 1)))?;
        if n == 0 {
            break;
        }
        summary.lines += 1;
        let line_no = summary.lines;
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        let text = encoding
            .decode(&buf)
            .ok_or_else(|| Error::at(file, line_no, None, format!("the line is not valid {} text", encoding.name())))?;
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        let err = |field: &str, msg: String| Error::at(file, line_no, Some(field), msg);
        if t == "{" {
            if open_ver.is_none() || in_block {
                return Err(Error::at(file, line_no, None, "a \"{\" that does not open the rows of a #VER"));
            }
            in_block = true;
            continue;
        }
        if t == "}" {
            let Some((ver_line, series, number, date, vtext, trans)) = open_ver.take().filter(|_| in_block) else {
                return Err(Error::at(file, line_no, None, "a \"}\" without an open #VER"));
            };
            in_block = false;
            let counted: Vec<&Trans> = trans.iter().filter(|t| t.kind == TransKind::Normal).collect();
            let sum: i64 = counted.iter().map(|t| t.amount.ore()).sum();
            if sum != 0 {
                summary.warnings.push(Warning {
                    line: ver_line,
                    message: format!("voucher {series} {number} does not balance: its rows sum to {}", fmt_amount(sum)),
                });
            }
            if trans.is_empty() {
                summary.warnings.push(Warning { line: ver_line, message: format!("voucher {series} {number} has no rows") });
            }
            summary.vouchers += 1;
            summary.transactions += counted.len() as u64;
            summary.records += 1;
            on_record(Record::Ver { series, number, date, text: vtext, trans }, ver_line)?;
            continue;
        }
        if !t.starts_with('#') {
            return Err(err("label", format!("expected a line starting with a #LABEL, found \"{}\"", short(t))));
        }
        let fields = tokenize(t).map_err(|m| Error::at(file, line_no, None, m))?;
        let (label, args) = fields.split_first().expect("a line starting with # has a label");
        let label: std::borrow::Cow<'_, str> = match label.text() {
            l if !l.bytes().any(|b| b.is_ascii_lowercase()) => std::borrow::Cow::Borrowed(l),
            l => std::borrow::Cow::Owned(l.to_uppercase()),
        };
        let label: &str = &label;
        let f = Fields { file, line: line_no, label: &label, args };

        if matches!(label, "#TRANS" | "#RTRANS" | "#BTRANS") {
            let Some(ver) = open_ver.as_mut().filter(|_| in_block) else {
                return Err(err(&label, format!("{label} outside the {{ }} rows of a #VER")));
            };
            let kind = match label {
                "#RTRANS" => TransKind::Added,
                "#BTRANS" => TransKind::Removed,
                _ => TransKind::Normal,
            };
            let (objects, shift) = f.objects_at(1)?;
            let trans = Trans {
                account: f.account(0)?,
                objects,
                amount: f.amount(2 - shift)?,
                date: f.opt_date(3 - shift)?,
                text: f.opt_text(4 - shift),
                kind,
                line: line_no,
            };
            note_account(trans.account, line_no, &declared, &mut undeclared_reported, &mut summary.warnings);
            if kind == TransKind::Normal && std::mem::take(&mut skip_next_trans) {
                // The #TRANS twin written after an #RTRANS for older readers: counted once.
                continue;
            }
            if kind == TransKind::Added {
                skip_next_trans = true;
                ver.5.push(Trans { kind: TransKind::Normal, ..trans });
            } else {
                ver.5.push(trans);
            }
            continue;
        }
        if in_block {
            return Err(err(&label, format!("expected #TRANS rows or \"}}\" inside a voucher, found {label}")));
        }
        if open_ver.is_some() && label != "#VER" {
            // A #VER without rows: close it.
            let (ver_line, series, number, ..) = open_ver.as_ref().unwrap();
            return Err(Error::at(file, *ver_line, Some("#VER"), format!("voucher {series} {number} has no {{ }} block")));
        }
        let warn = |summary: &mut Summary, message: String| summary.warnings.push(Warning { line: line_no, message });
        let record = match label {
            "#FLAGGA" => {
                let v = f.int(0, "0 or 1")? as u8;
                if v == 1 {
                    warn(&mut summary, "#FLAGGA 1: the file is marked as already imported".into());
                }
                Record::Flagga(v)
            }
            "#PROGRAM" => {
                if args.len() < 2 {
                    warn(&mut summary, "#PROGRAM without a version".into());
                }
                Record::Program(f.text(0)?, f.opt_text(1).unwrap_or_default())
            }
            "#FORMAT" => Record::Format(f.text(0)?),
            "#GEN" => Record::Gen(f.date(0)?),
            "#SIETYP" => Record::SieTyp(f.int(0, "a SIE type 1–4")? as u8),
            "#FNAMN" => {
                // Some programs leave the name unquoted: the rest of the line is the name.
                let name = args.iter().map(Field::text).collect::<Vec<_>>().join(" ").trim().to_string();
                if name.is_empty() {
                    warn(&mut summary, "#FNAMN: the company name is empty".into());
                }
                Record::Fnamn(name)
            }
            "#ORGNR" => {
                let v = f.text(0)?;
                let digits: String = v.chars().filter(char::is_ascii_digit).collect();
                let shaped = (v.len() == 11 && v.as_bytes()[6] == b'-' || v.len() == 10) && digits.len() == 10;
                if !shaped {
                    warn(&mut summary, format!("#ORGNR \"{v}\": expected an organisation number written NNNNNN-NNNN"));
                }
                Record::Orgnr(v)
            }
            "#ADRESS" => {
                if args.len() < 4 {
                    warn(&mut summary, format!("#ADRESS has {} of its 4 fields (contact, street, postal address, phone)", args.len()));
                }
                Record::Adress(args.iter().map(|a| a.text().to_string()).collect())
            }
            "#TAXAR" => {
                let v = f.text(0)?;
                if args.len() != 1 || v.len() != 4 || v.parse::<u16>().is_err() {
                    warn(
                        &mut summary,
                        format!(
                            "#TAXAR: expected a tax year such as 2018, found \"{}\"; ignored",
                            args.iter().map(Field::text).collect::<Vec<_>>().join(" ")
                        ),
                    );
                }
                Record::Unknown { label: label.to_string(), fields: args.iter().map(|a| a.text().to_string()).collect() }
            }
            "#RAR" => {
                let (start, end) = (f.date(1)?, f.date(2)?);
                if end < start {
                    return Err(err("#RAR date", format!("the financial year ends ({end}) before it starts ({start})")));
                }
                Record::Rar { year_no: f.int(0, "a year number such as 0 or -1")? as i32, start, end }
            }
            "#KPTYP" => Record::Kptyp(f.text(0)?),
            "#KONTO" => {
                let account = f.account(0)?;
                declared.insert(account);
                Record::Konto { account, name: f.opt_text(1).unwrap_or_default() }
            }
            "#KTYP" => {
                let k = f.text(1)?;
                let kind = k
                    .chars()
                    .next()
                    .filter(|c| "TSKI".contains(*c) && k.len() == 1)
                    .ok_or_else(|| err("#KTYP type", format!("expected T, S, K or I, found \"{k}\"")))?;
                Record::Ktyp { account: f.account(0)?, kind }
            }
            "#SRU" => {
                // SRU codes are for tax returns, not for follow-up: problems are warnings.
                match (f.account(0), f.opt_text(1).filter(|c| !c.trim().is_empty())) {
                    (Ok(account), Some(code)) => Record::Sru { account, code },
                    (Ok(account), None) => {
                        warn(&mut summary, format!("#SRU {account} has no SRU code; ignored"));
                        continue;
                    }
                    (Err(e), _) => {
                        warn(&mut summary, format!("#SRU ignored: {}", e.message));
                        continue;
                    }
                }
            }
            "#DIM" => Record::Dim { dim: f.int(0, "a dimension number")? as u32, name: f.opt_text(1).unwrap_or_default() },
            "#UNDERDIM" => Record::Underdim {
                dim: f.int(0, "a dimension number")? as u32,
                name: f.opt_text(1).unwrap_or_default(),
                parent: f.int(2, "a parent dimension number")? as u32,
            },
            "#OBJEKT" => {
                Record::Objekt { dim: f.int(0, "a dimension number")? as u32, id: f.text(1)?, name: f.opt_text(2).unwrap_or_default() }
            }
            "#IB" | "#UB" | "#RES" => {
                let (year_no, account, amount) = (f.year_no(0)?, f.account(1)?, f.amount(2)?);
                note_account(account, line_no, &declared, &mut undeclared_reported, &mut summary.warnings);
                match label {
                    "#IB" => Record::Ib { year_no, account, amount },
                    "#UB" => Record::Ub { year_no, account, amount },
                    _ => Record::Res { year_no, account, amount },
                }
            }
            "#OIB" | "#OUB" => {
                let (objects, shift) = f.objects_at(2)?;
                let (year_no, account, amount) = (f.year_no(0)?, f.account(1)?, f.amount(3 - shift)?);
                if label == "#OIB" {
                    Record::Oib { year_no, account, objects, amount }
                } else {
                    Record::Oub { year_no, account, objects, amount }
                }
            }
            "#PSALDO" | "#PBUDGET" => {
                let year_no = f.year_no(0)?;
                let (mut period_i, mut account_i) = (1, 2);
                if f.period(1).is_err() && f.period(2).is_ok() && f.account(1).is_ok() {
                    // Period and account written the other way round (seen in real exports).
                    (period_i, account_i) = (2, 1);
                    if !swapped_budget_reported {
                        swapped_budget_reported = true;
                        warn(
                            &mut summary,
                            format!(
                                "{label}: period and account are written in the wrong order (from this line on); read as period {} account {}",
                                f.text(2)?,
                                f.text(1)?
                            ),
                        );
                    }
                }
                let (period, account) = (f.period(period_i)?, f.account(account_i)?);
                let (objects, shift) = f.objects_at(3)?;
                let amount = f.amount(4 - shift)?;
                note_account(account, line_no, &declared, &mut undeclared_reported, &mut summary.warnings);
                if label == "#PSALDO" {
                    Record::Psaldo { year_no, period, account, objects, amount }
                } else {
                    Record::Pbudget { year_no, period, account, objects, amount }
                }
            }
            "#VER" => {
                if let Some((ver_line, series, number, ..)) = &open_ver {
                    return Err(Error::at(file, *ver_line, Some("#VER"), format!("voucher {series} {number} has no {{ }} block")));
                }
                let raw_date = f.get(2, "date")?.text();
                let date = match parse_date(raw_date) {
                    Some(d) => d,
                    None => match Date::parse(raw_date) {
                        Ok(d) => {
                            warn(&mut summary, format!("#VER date \"{raw_date}\" is written YYYY-MM-DD; SIE writes YYYYMMDD"));
                            d
                        }
                        Err(_) => return Err(err("#VER date", format!("expected a date written YYYYMMDD, found \"{raw_date}\""))),
                    },
                };
                let mut number = f.opt_text(1).unwrap_or_default();
                if import_file && !number.is_empty() {
                    warn(
                        &mut summary,
                        format!("#VER number \"{number}\" in an import file: the receiving system numbers vouchers; ignored"),
                    );
                    number.clear();
                }
                let text = f.opt_text(3).map(|t| t.trim().to_string()).unwrap_or_default();
                open_ver = Some((line_no, f.opt_text(0).unwrap_or_default(), number, date, text, Vec::new()));
                continue;
            }
            "#KSUMMA" => Record::Ksumma(match args.first() {
                None => None,
                Some(a) => {
                    Some(a.text().parse().map_err(|_| err("#KSUMMA", format!("expected a checksum number, found \"{}\"", a.text())))?)
                }
            }),
            other => {
                if !SPEC_LABELS_NOT_INTERPRETED.contains(&other) {
                    warn(&mut summary, format!("unknown label {label} ignored"));
                }
                Record::Unknown { label: label.to_string(), fields: args.iter().map(|a| a.text().to_string()).collect() }
            }
        };
        summary.records += 1;
        on_record(record, line_no)?;
    }
    if let Some((ver_line, series, number, ..)) = open_ver {
        return Err(Error::at(
            file,
            ver_line,
            Some("#VER"),
            format!("the file ends before voucher {series} {number} is closed with \"}}\" (truncated file?)"),
        ));
    }
    Ok(summary)
}

/// Reads a SIE file fully into memory (for small files and tests).
pub fn read_all(file: &str, bytes: &[u8]) -> Result<(Vec<(Record, u64)>, Summary), Error> {
    let mut out = Vec::new();
    let summary = read(file, bytes, |r, l| {
        out.push((r, l));
        Ok(())
    })?;
    Ok((out, summary))
}

/// Labels of the SIE 4 specification that Årshjul reads past without interpreting them (no
/// warning); any other unknown label is kept and reported.
const SPEC_LABELS_NOT_INTERPRETED: &[&str] =
    &["#FNR", "#FTYP", "#PROSA", "#BKOD", "#VALUTA", "#ENHET", "#OMFATTN", "#PBUDGET_QTY", "#SIGNATUR"];

/// Reports, once per account, a row on an account that no #KONTO declared (only when the file
/// declares accounts at all).
fn note_account(
    account: u32,
    line: u64,
    declared: &std::collections::HashSet<u32>,
    reported: &mut std::collections::HashSet<u32>,
    warnings: &mut Vec<Warning>,
) {
    if !declared.is_empty() && !declared.contains(&account) && reported.insert(account) {
        warnings.push(Warning { line, message: format!("account {account} is used but not declared with #KONTO") });
    }
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

fn fmt_amount(ore: i64) -> String {
    format!("{}{}.{:02}", if ore < 0 { "-" } else { "" }, ore.abs() / 100, ore.abs() % 100)
}

/// Parses an amount as SIE writes it: `-1234.50`, `1234`, `0.5`; at most two decimals.
pub fn parse_amount(s: &str) -> Option<Ore> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty()
        || frac.len() > 2
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (digits.contains('.') && frac.is_empty())
    {
        return None;
    }
    let int: i64 = int.parse().ok()?;
    let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    let ore = int.checked_mul(100)?.checked_add(frac)?;
    Some(Ore::new(if neg { -ore } else { ore }))
}

/// The fields of one line, with errors that name the place.
struct Fields<'a> {
    file: &'a str,
    line: u64,
    label: &'a str,
    args: &'a [Field<'a>],
}

impl<'a> Fields<'a> {
    fn err(&self, what: &str, msg: String) -> Error {
        Error::at(self.file, self.line, Some(&format!("{} {what}", self.label)), msg)
    }

    fn get(&self, i: usize, what: &str) -> Result<&Field<'a>, Error> {
        self.args.get(i).ok_or_else(|| self.err(what, format!("expected {what} as field {}, but the line ends", i + 1)))
    }

    fn text(&self, i: usize) -> Result<String, Error> {
        Ok(self.get(i, "value")?.text().to_string())
    }

    fn opt_text(&self, i: usize) -> Option<String> {
        self.args.get(i).map(|f| f.text().to_string()).filter(|s| !s.is_empty())
    }

    fn int(&self, i: usize, expected: &str) -> Result<i64, Error> {
        let v = self.get(i, "number")?.text();
        v.parse().map_err(|_| self.err("number", format!("expected {expected}, found \"{v}\"")))
    }

    fn year_no(&self, i: usize) -> Result<i32, Error> {
        let v = self.get(i, "year number")?.text();
        v.parse().map_err(|_| self.err("year number", format!("expected a year number such as 0 or -1, found \"{v}\"")))
    }

    fn account(&self, i: usize) -> Result<u32, Error> {
        let v = self.get(i, "account")?.text();
        if v.is_empty() {
            return Err(self.err("account", "expected an account number, found an empty field".into()));
        }
        v.parse::<u32>()
            .ok()
            .filter(|_| v.len() <= 6)
            .ok_or_else(|| self.err("account", format!("expected an account number of at most six digits, found \"{v}\"")))
    }

    fn amount(&self, i: usize) -> Result<Ore, Error> {
        let v = self.get(i, "amount")?.text();
        parse_amount(v).ok_or_else(|| self.err("amount", format!("expected an amount such as -1234.50, found \"{v}\"")))
    }

    fn date(&self, i: usize) -> Result<Date, Error> {
        let v = self.get(i, "date")?.text();
        parse_date(v).ok_or_else(|| self.err("date", format!("expected a date written YYYYMMDD, found \"{v}\"")))
    }

    fn opt_date(&self, i: usize) -> Result<Option<Date>, Error> {
        match self.args.get(i).map(Field::text) {
            None | Some("") => Ok(None),
            Some(_) => self.date(i).map(Some),
        }
    }

    fn period(&self, i: usize) -> Result<YearMonth, Error> {
        let v = self.get(i, "period")?.text();
        let ok = v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit());
        let ym = ok
            .then(|| YearMonth { year: v[..4].parse().unwrap_or(0), month: v[4..].parse().unwrap_or(0) })
            .filter(|p| (1..=12).contains(&p.month));
        ym.ok_or_else(|| self.err("period", format!("expected a period written YYYYMM, found \"{v}\"")))
    }

    /// The object list at `i`, or none when the writer left it out: then the fields after it
    /// move one place left (the returned shift is 1).
    fn objects_at(&self, i: usize) -> Result<(Objects, usize), Error> {
        match self.args.get(i) {
            Some(Field::Objects(_)) => Ok((self.objects(i)?, 0)),
            _ => Ok((Vec::new(), 1)),
        }
    }

    fn objects(&self, i: usize) -> Result<Objects, Error> {
        match self.args.get(i) {
            None => Ok(Vec::new()),
            Some(Field::Objects(items)) => {
                if items.len() % 2 != 0 {
                    return Err(self.err("objects", "expected pairs of dimension and object in { }".into()));
                }
                items
                    .chunks(2)
                    .map(|p| {
                        let dim = p[0]
                            .parse::<u32>()
                            .map_err(|_| self.err("objects", format!("expected a dimension number in {{ }}, found \"{}\"", p[0])))?;
                        Ok((dim, p[1].to_string()))
                    })
                    .collect()
            }
            Some(other) => Err(self.err("objects", format!("expected an object list in {{ }}, found \"{}\"", other.text()))),
        }
    }
}

/// `YYYYMMDD` → a date.
pub fn parse_date(s: &str) -> Option<Date> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Date::new(s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..].parse().ok()?)
}

#[cfg(test)]
mod tests;
