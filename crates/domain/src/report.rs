//! Reports: the one document model every output is made from, the rules a table declares about
//! its own arithmetic, and report templates as data (follow-up.md §10).
//!
//! A [`Document`] is what the committee reads — headings, paragraphs, lists, tables, charts. The
//! render crate turns it into PDF/UA, DOCX, HTML and XLSX; the checker
//! ([`crate::checks::review`]) reads the same document, so what is checked is what is printed.
//!
//! Numbers in a table cell are kept twice: the text as printed and, when the table was generated
//! from data, the exact value ([`Num`] with no precision). A table typed in from a printed report
//! (the `printed` Markdown form, see [`parse_printed`]) has only printed values; their precision
//! tells the checker how much a rounded sum may differ.

pub mod template;

use crate::period::Date;
use serde::{Deserialize, Serialize};

/// A whole report.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Document {
    /// Document title ("Årsrapport 2023"), also the PDF title.
    pub title: String,
    /// Body and municipality under the title.
    pub subtitle: String,
    /// The year reported on.
    pub year: i32,
    /// The document's date, when known; decisions after it are flagged.
    pub date: Option<Date>,
    /// Whether a table of contents follows the title.
    pub toc: bool,
    /// The content.
    pub blocks: Vec<Block>,
    /// Typed in from a printed document (not generated): checks of the print itself apply
    /// (a document that ends with a heading has lost its end).
    #[serde(skip)]
    pub printed: bool,
    /// Generated parts that had no data to be made from: each stands in the text as a sentence
    /// saying so, and the checker reports it.
    #[serde(skip)]
    pub gaps: Vec<Gap>,
    /// Generated parts made from data that stops short (a ledger that ends before the period
    /// does): each says so under its table, and the checker reports it.
    #[serde(skip)]
    pub incomplete: Vec<Gap>,
}

/// A generated part of a document without data (a table of a year nothing was imported for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The section it belongs in.
    pub section: String,
    /// Its heading, for the checker's location.
    pub heading: String,
    /// What is missing, as the document says it.
    pub what: String,
}

/// One block of a document.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
#[allow(missing_docs)] // the fields are described on each variant
pub enum Block {
    /// A heading, level 1–3; `key` names the template section it opens (for editing links).
    Heading { level: u8, text: String, key: Option<String> },
    /// A paragraph of plain text.
    Paragraph { text: String, key: Option<String> },
    /// A bullet or numbered list; `markers` keeps printed enumerators ("1.", "2)") when parsed.
    List { ordered: bool, items: Vec<String>, markers: Vec<String> },
    /// A table.
    Table(Table),
    /// An SVG chart with its text alternative.
    Chart { svg: String, alt: String, caption: String },
    /// Label–value lines (a case paper's header).
    Fields { fields: Vec<(String, String)> },
    /// Start the next block on a new page.
    PageBreak,
}

/// The number a numbered list starts at: its first printed enumerator's ("4." after a nested
/// list breaks the numbering in the source), else 1.
pub fn list_start(markers: &[String]) -> u32 {
    markers.first().and_then(|m| m.trim_end_matches(['.', ')']).parse().ok()).filter(|n| *n > 0).unwrap_or(1)
}

/// The unit a table's numbers are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Million kronor.
    Mkr,
    /// Thousand kronor.
    Tkr,
    /// Kronor.
    Kr,
    /// Per cent.
    Procent,
    /// Counts and other plain numbers.
    Antal,
    /// No numbers to check.
    #[default]
    Text,
}

impl Unit {
    /// Parses `mkr`, `tkr`, `kr`, `procent`, `antal`, `text`.
    pub fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "mkr" => Unit::Mkr,
            "tkr" => Unit::Tkr,
            "kr" => Unit::Kr,
            "procent" | "%" => Unit::Procent,
            "antal" => Unit::Antal,
            "text" => Unit::Text,
            _ => return None,
        })
    }

    /// The money unit's abbreviation ("mkr"), `None` for a unit that is no amount.
    pub fn money_word(self) -> Option<&'static str> {
        match self {
            Unit::Mkr => Some("mkr"),
            Unit::Tkr => Some("tkr"),
            Unit::Kr => Some("kr"),
            _ => None,
        }
    }

    /// The money unit a heading or caption names as a word of its own ("(mkr)", ", tkr",
    /// "i miljoner kronor"), if it names one.
    pub fn named_in(text: &str) -> Option<Unit> {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let has = |w: &str| words.contains(&w);
        if has("mkr") || has("mnkr") || has("mdkr") || lower.contains("miljoner kronor") {
            Some(Unit::Mkr)
        } else if has("tkr") || lower.contains("tusen kronor") || lower.contains("tusental kronor") {
            Some(Unit::Tkr)
        } else if has("kr") || has("kronor") {
            Some(Unit::Kr)
        } else {
            None
        }
    }

    /// How the unit is written in running text (lower case, for matching).
    pub fn text_forms(self) -> &'static [&'static str] {
        match self {
            Unit::Mkr => &["miljoner kronor", "miljoner", "mkr", "mnkr", "mnkr.", "mdkr"],
            Unit::Tkr => &["tusen kronor", "tkr", "tkr."],
            Unit::Kr => &["kronor", "kr", "kr."],
            Unit::Procent => &["procent", "%"],
            Unit::Antal | Unit::Text => &[],
        }
    }
}

/// A table with its own arithmetic declared as [`Rule`]s.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Table {
    /// Identifier, unique in the document (`drift`, `ramprotokoll`); rules of other tables refer to it.
    pub id: String,
    /// Caption, e.g. "Driftredovisning per verksamhet (mkr)".
    pub caption: String,
    /// The unit of the numbers.
    pub unit: Unit,
    /// Column headings.
    pub header: Vec<String>,
    /// Data rows, totals included.
    pub rows: Vec<Row>,
    /// Footnote printed under the table.
    pub note: Option<String>,
    /// What must hold between the cells.
    #[serde(skip)]
    pub rules: Vec<Rule>,
}

/// A table row.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Row {
    /// The cells, first the label.
    pub cells: Vec<Cell>,
    /// A total row (printed bold).
    pub total: bool,
    /// A group heading row inside the table ("Pågående åtgärder").
    pub group: bool,
}

/// Between a column heading's group and its own heading ("2023" [`HEADER_GROUP`] "Planerad
/// årseffekt"): columns whose headings start with the same group are headed together above.
pub const HEADER_GROUP: char = '\u{1f}';

impl Table {
    /// Whether a summed column's printed rows add up to something else than its printed total
    /// (totals are made from exact values): a reader adding the column gets a different last
    /// digit, which the table's note should explain. Only this table's own sums are looked at.
    pub fn rounding_shows(&self) -> bool {
        let printed = |r: &Row, c: usize| r.cells.get(c).and_then(|x| printed_numbers(&x.text).first().copied());
        self.rules.iter().any(|rule| match rule {
            Rule::Sum { cols, rows: None, total: RowRef::Last, hundred: false, other: None } => {
                let Some((last, body)) = self.rows.split_last() else { return false };
                cols.iter().any(|&c| {
                    let Some(total) = printed(last, c) else { return false };
                    let parts: Vec<Num> = body.iter().filter(|r| !r.group && !r.total).filter_map(|r| printed(r, c)).collect();
                    !parts.is_empty() && parts.iter().map(|n| n.nano).sum::<i128>() != total.nano
                })
            }
            _ => false,
        })
    }

    /// The header's groups, left to right, as (group, columns spanned); a column without a group
    /// spans alone with an empty group. `None` when no heading has a group.
    pub fn header_groups(&self) -> Option<Vec<(String, usize)>> {
        if !self.header.iter().any(|h| h.contains(HEADER_GROUP)) {
            return None;
        }
        let mut groups: Vec<(String, usize)> = Vec::new();
        for h in &self.header {
            let g = h.split_once(HEADER_GROUP).map_or("", |(g, _)| g);
            match groups.last_mut() {
                Some((last, n)) if !g.is_empty() && last == g => *n += 1,
                _ => groups.push((g.to_string(), 1)),
            }
        }
        Some(groups)
    }

    /// Column `col`'s own heading, without its group.
    pub fn heading(&self, col: usize) -> &str {
        let h = self.header.get(col).map_or("", String::as_str);
        h.split_once(HEADER_GROUP).map_or(h, |(_, own)| own)
    }

    /// Column `col`'s heading with its group, as one line ("2023 Planerad årseffekt").
    pub fn full_heading(&self, col: usize) -> String {
        self.header.get(col).map_or(String::new(), |h| h.replace(HEADER_GROUP, " "))
    }

    /// Whether column `col` is empty in every row.
    pub fn column_is_empty(&self, col: usize) -> bool {
        self.rows.iter().all(|r| r.cells.get(col).is_none_or(|c| c.text.trim().is_empty()))
    }

    /// The table without column `col` (for a table without rules: rules name columns by index).
    pub fn without_column(mut self, col: usize) -> Table {
        debug_assert!(self.rules.is_empty(), "rules name columns by index");
        if col < self.header.len() {
            self.header.remove(col);
        }
        for r in &mut self.rows {
            if col < r.cells.len() {
                r.cells.remove(col);
            }
        }
        self
    }
}

/// A table cell: the printed text, the exact value behind it and where it came from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cell {
    /// As printed.
    pub text: String,
    /// The exact value, for cells generated from data.
    #[serde(skip)]
    pub exact: Option<Num>,
    /// Link to the source (ledger rows, indicator outcome, forecast entry) in the HTML version.
    pub href: Option<String>,
}

impl Cell {
    /// A text cell.
    pub fn text(t: impl Into<String>) -> Cell {
        Cell { text: t.into(), exact: None, href: None }
    }

    /// A number cell with its exact value.
    pub fn num(text: impl Into<String>, exact: Num) -> Cell {
        Cell { text: text.into(), exact: Some(exact), href: None }
    }

    /// Adds a source link.
    pub fn linked(mut self, href: Option<String>) -> Cell {
        self.href = href;
        self
    }

    /// The numbers of the cell: the exact value, or those printed ("74% (69%)" holds two).
    pub fn numbers(&self) -> Vec<Num> {
        match self.exact {
            Some(n) => vec![n],
            None => {
                let mut v = printed_numbers(&self.text);
                // In a cell, "- 34 867" is a negative number printed with a space (a separate
                // check reports the space); in running text "6 - 8 %" is a range.
                let t = self.text.trim_start();
                if (t.starts_with("- ") || t.starts_with("\u{2212} "))
                    && t[1..].trim_start().starts_with(|c: char| c.is_ascii_digit())
                    && let Some(first) = v.first_mut()
                {
                    first.nano = -first.nano.abs();
                }
                v
            }
        }
    }
}

impl Row {
    /// A row of cells.
    pub fn new(cells: Vec<Cell>) -> Row {
        Row { cells, total: false, group: false }
    }

    /// The label (first cell).
    pub fn label(&self) -> &str {
        self.cells.first().map(|c| c.text.as_str()).unwrap_or("")
    }
}

/// Nano-units: a number × 10⁹ in the table's unit.
pub const NANO: i128 = 1_000_000_000;

/// A number in a table's unit: `nano` / 10⁹, exact (`decimals: None`) or as printed with
/// `decimals` decimals (so it may be off by half a unit in the last place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num {
    /// Value × 10⁹.
    pub nano: i128,
    /// Printed precision, or `None` when exact.
    pub decimals: Option<u8>,
}

impl Num {
    /// An exact value from öre in a table shown in `unit`.
    pub fn from_ore(ore: i64, unit: Unit) -> Num {
        let per_unit: i128 = match unit {
            Unit::Mkr => 100_000_000,
            Unit::Tkr => 100_000,
            _ => 100,
        };
        Num { nano: ore as i128 * NANO / per_unit, decimals: None }
    }

    /// An exact value from a [`crate::goals::Measure`] (×10⁴).
    pub fn from_measure(m: crate::goals::Measure) -> Num {
        Num { nano: m.raw() as i128 * (NANO / 10_000), decimals: None }
    }

    /// An exact integer.
    pub fn int(n: i64) -> Num {
        Num { nano: n as i128 * NANO, decimals: None }
    }

    /// Half a unit in the last printed place (0 when exact).
    pub fn tolerance(self) -> i128 {
        match self.decimals {
            None => 0,
            Some(d) => NANO / 10i128.pow(d as u32) / 2,
        }
    }

    /// The value as f64 (for messages and charts only).
    pub fn as_f64(self) -> f64 {
        self.nano as f64 / NANO as f64
    }

    /// Swedish presentation with `decimals` decimals (U+2212 minus, comma).
    pub fn present(self, decimals: u8) -> String {
        let unit = NANO / 10i128.pow(decimals as u32);
        crate::sv::format_fixed(crate::sv::div_round(self.nano, unit), decimals as u32)
    }
}

/// The numbers printed in a text: "−1 125,1", "-1 125.1", "6.4%", "74% (69%)", "0,0*".
/// Thousands separated by a space, NBSP or narrow NBSP; decimal comma or point; a minus as
/// `-`, U+2212 or U+2013 directly before the digits (a minus followed by a space is not a minus
/// of that number — a separate check reports it).
pub fn printed_numbers(text: &str) -> Vec<Num> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A digit directly after a letter belongs to a word ("SK1", "§ 281" is fine).
        if i > 0 && chars[i - 1].is_alphabetic() {
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        }
        let negative = i > 0 && matches!(chars[i - 1], '-' | '\u{2212}' | '\u{2013}');
        let mut int = String::new();
        let mut j = i;
        loop {
            while j < chars.len() && chars[j].is_ascii_digit() {
                int.push(chars[j]);
                j += 1;
            }
            // Thousands group: separator + exactly three digits.
            if j + 3 < chars.len() + 1
                && j < chars.len()
                && matches!(chars[j], ' ' | '\u{a0}' | '\u{202f}')
                && chars.get(j + 1..j + 4).is_some_and(|g| g.iter().all(|c| c.is_ascii_digit()))
                && !chars.get(j + 4).is_some_and(|c| c.is_ascii_digit())
            {
                j += 1;
                continue;
            }
            break;
        }
        let mut frac = String::new();
        if j + 1 < chars.len() && matches!(chars[j], ',' | '.') && chars[j + 1].is_ascii_digit() {
            j += 1;
            while j < chars.len() && chars[j].is_ascii_digit() {
                frac.push(chars[j]);
                j += 1;
            }
        }
        if int.len() + frac.len() <= 30 {
            let digits: i128 = format!("{int}{frac}").parse().unwrap_or(0);
            let d = frac.len().min(9) as u32;
            // A number too large for nano units (a 30-digit run) is not a figure to check.
            if let Some(mut nano) = digits.checked_mul(NANO).map(|v| v / 10i128.pow(frac.len() as u32)) {
                if negative {
                    nano = -nano;
                }
                out.push(Num { nano, decimals: Some(d as u8) });
            }
        }
        i = j;
    }
    out
}

/// Row selector in a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRef {
    /// 0-based data row.
    At(usize),
    /// The last data row.
    Last,
    /// Any row.
    Any,
}

impl RowRef {
    /// The rows selected in a table of `n` rows.
    pub fn rows(self, n: usize) -> Vec<usize> {
        match self {
            RowRef::At(i) if i < n => vec![i],
            RowRef::At(_) => vec![],
            RowRef::Last => n.checked_sub(1).into_iter().collect(),
            RowRef::Any => (0..n).collect(),
        }
    }
}

/// An operator in a row formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// +
    Add,
    /// −
    Sub,
    /// ×
    Mul,
}

/// What a generated table prints where a required value is not given yet ("Ej bedömt" rather
/// than a blank cell a reader takes for a layout error); [`Rule::Required`] counts it as empty.
pub const NOT_GIVEN: &str = "Ej bedömt";

/// What a table declares about its own numbers. Columns and rows are 0-based.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // the fields are described on each variant
pub enum Rule {
    /// In each column the total row is the sum of the other rows (or of `rows`); with
    /// `hundred` there is no total row and the column sums to 100.
    Sum { cols: Vec<usize>, rows: Option<Vec<usize>>, total: RowRef, hundred: bool, other: Option<String> },
    /// Per row: `target = first op term op term …`.
    Formula { target: usize, first: usize, terms: Vec<(Op, usize)> },
    /// Row i of `col` equals row i of `table`.`other` (labels compared too).
    Same { col: usize, table: String, other: usize },
    /// Row i: `col` = 100 × `table`.`num` / |`table`.`den`|.
    Pct { col: usize, table: String, num: usize, den: usize },
    /// The numbers of rows `a` and `b` add to 100 in each numeric column.
    Hundred { a: usize, b: usize },
    /// One cell equals another table's cell (absolute values).
    Equal { row: RowRef, col: usize, table: String, other_row: RowRef, other_col: usize, label: bool },
    /// No data row leaves the column empty, or prints [`NOT_GIVEN`] in it.
    Required { col: usize },
    /// `group` names a group (blank = as above); `item` must sit under a heading of that group.
    Groups { group: usize, item: usize },
    /// Annual (outcome, budget) and cumulative (outcome, budget) columns: equal budgets need equal outcomes.
    Cumulative { annual: (usize, usize), total: (usize, usize) },
    /// Figures the narrative may quote: the first amount after one of `words` in a sentence
    /// must equal one of the cells in `cols` of the selected rows.
    Fact { row: RowRef, cols: Vec<usize>, words: Vec<String>, unit: Option<String> },
    /// "N av M" in a sentence with one of `words` must give the percentage in the cell
    /// (`complement`: 100 × (M − N) / M).
    Share { row: RowRef, col: usize, words: Vec<String>, complement: bool },
    /// The mark (↑/↓, Uppfylld/Ej uppfylld) in `mark` must say whether `outcome` meets `target`.
    Attain { target: usize, outcome: usize, mark: usize, higher_is_better: bool },
    /// The column holds decision references ("KF 2022-12-12, § 281").
    Decision { col: usize },
    /// Footnote markers used in cells are each defined once in the note.
    Footnotes,
    /// Per data row: `col` is at most `limit` (a carry-over no larger than what remains).
    AtMost { col: usize, limit: usize },
}

/// An error in a printed document, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// What was expected.
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rad {}: {}", self.line, self.message)
    }
}

fn attrs(s: &str) -> Vec<(&str, &str)> {
    s.split_whitespace().filter_map(|kv| kv.split_once('=')).collect()
}

fn col(s: &str) -> Option<usize> {
    s.strip_prefix('c')?.parse::<usize>().ok()?.checked_sub(1)
}

fn cols(s: &str) -> Option<Vec<usize>> {
    if let Some((a, b)) = s.split_once("..") {
        let (a, b) = (col(a)?, col(b)?);
        return (a <= b).then(|| (a..=b).collect());
    }
    s.split(',').map(col).collect()
}

fn row_ref(s: &str) -> Option<RowRef> {
    match s {
        "last" => Some(RowRef::Last),
        "*" => Some(RowRef::Any),
        _ => Some(RowRef::At(s.strip_prefix('r').unwrap_or(s).parse::<usize>().ok()?.checked_sub(1)?)),
    }
}

fn qualified(s: &str) -> Option<(String, usize)> {
    let (t, c) = s.split_once('.')?;
    Some((t.to_string(), col(c)?))
}

/// Parses one rule (the text inside `<!-- rule … -->`).
pub fn parse_rule(s: &str) -> Result<Rule, String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let bad = || format!("okänd regel «{s}»");
    let kind = *words.first().ok_or_else(bad)?;
    let a = attrs(s);
    let get = |k: &str| a.iter().find(|(kk, _)| *kk == k).map(|(_, v)| *v);
    Ok(match kind {
        "sum" => {
            let cols = cols(words.get(1).ok_or_else(bad)?).ok_or_else(bad)?;
            let total = get("total").unwrap_or("last");
            let one = |r: &str| match row_ref(r) {
                Some(RowRef::At(i)) => Ok(i),
                _ => Err(bad()),
            };
            let rows = match get("rows") {
                Some(r) if r.contains("..") => {
                    let (x, y) = r.split_once("..").ok_or_else(bad)?;
                    Some((one(x)?..=one(y)?).collect())
                }
                Some(r) => Some(r.split(',').map(one).collect::<Result<Vec<_>, _>>()?),
                None => None,
            };
            if total == "100" {
                Rule::Sum { cols, rows, total: RowRef::Any, hundred: true, other: None }
            } else if let Some((t, r)) = total.split_once(".r=") {
                Rule::Sum { cols, rows, total: row_ref(r).ok_or_else(bad)?, hundred: false, other: Some(t.to_string()) }
            } else {
                Rule::Sum { cols, rows, total: row_ref(total).ok_or_else(bad)?, hundred: false, other: None }
            }
        }
        "row" => {
            // row c4 = c2 + c3
            if words.get(2) != Some(&"=") {
                return Err(bad());
            }
            let target = col(words[1]).ok_or_else(bad)?;
            let first = col(words.get(3).ok_or_else(bad)?).ok_or_else(bad)?;
            let mut terms = Vec::new();
            for pair in words[4..].chunks(2) {
                let op = match pair[0] {
                    "+" => Op::Add,
                    "-" | "−" => Op::Sub,
                    "*" | "×" => Op::Mul,
                    _ => return Err(bad()),
                };
                terms.push((op, col(pair.get(1).ok_or_else(bad)?).ok_or_else(bad)?));
            }
            Rule::Formula { target, first, terms }
        }
        "same" => {
            let (table, other) = qualified(words.get(3).ok_or_else(bad)?).ok_or_else(bad)?;
            Rule::Same { col: col(words.get(1).ok_or_else(bad)?).ok_or_else(bad)?, table, other }
        }
        "pct" => {
            // pct c2 = drift.c8 / drift.c7
            let (table, num) = qualified(words.get(3).ok_or_else(bad)?).ok_or_else(bad)?;
            let (_, den) = qualified(words.get(5).ok_or_else(bad)?).ok_or_else(bad)?;
            Rule::Pct { col: col(words.get(1).ok_or_else(bad)?).ok_or_else(bad)?, table, num, den }
        }
        "hundred" => {
            let r = |w: Option<&&str>| match w.and_then(|w| row_ref(w)) {
                Some(RowRef::At(i)) => Ok(i),
                _ => Err(bad()),
            };
            Rule::Hundred { a: r(words.get(1))?, b: r(words.get(3))? }
        }
        "equal" => {
            // equal r=last c3 = ramprotokoll.r=last c3
            let row = row_ref(get("r").ok_or_else(bad)?).ok_or_else(bad)?;
            let c = col(words.get(2).ok_or_else(bad)?).ok_or_else(bad)?;
            let (table, r2) = words.get(4).and_then(|w| w.split_once(".r=")).ok_or_else(bad)?;
            Rule::Equal {
                row,
                col: c,
                table: table.to_string(),
                other_row: row_ref(r2).ok_or_else(bad)?,
                other_col: col(words.get(5).ok_or_else(bad)?).ok_or_else(bad)?,
                label: words.contains(&"label"),
            }
        }
        "required" => Rule::Required { col: col(words.get(1).ok_or_else(bad)?).ok_or_else(bad)? },
        "groups" => Rule::Groups {
            group: col(words.get(1).ok_or_else(bad)?).ok_or_else(bad)?,
            item: col(words.get(2).ok_or_else(bad)?).ok_or_else(bad)?,
        },
        "cumulative" => {
            let pair = |k: &str| -> Result<(usize, usize), String> {
                let v = cols(get(k).ok_or_else(bad)?).ok_or_else(bad)?;
                if v.len() == 2 { Ok((v[0], v[1])) } else { Err(bad()) }
            };
            Rule::Cumulative { annual: pair("annual")?, total: pair("total")? }
        }
        "fact" => Rule::Fact {
            row: row_ref(get("r").ok_or_else(bad)?).ok_or_else(bad)?,
            cols: {
                let c: Vec<usize> = words.iter().filter_map(|w| cols(w.trim_end_matches(','))).flatten().collect();
                if c.is_empty() {
                    return Err(bad());
                }
                c
            },
            words: get("words").ok_or_else(bad)?.split('|').map(|w| w.replace('_', " ").to_lowercase()).collect(),
            unit: get("unit").map(str::to_string),
        },
        "share" => Rule::Share {
            row: row_ref(get("r").ok_or_else(bad)?).ok_or_else(bad)?,
            col: words.iter().find_map(|w| col(w)).ok_or_else(bad)?,
            words: get("words").ok_or_else(bad)?.split('|').map(|w| w.replace('_', " ").to_lowercase()).collect(),
            complement: words.contains(&"complement"),
        },
        "attain" => Rule::Attain {
            target: get("target").and_then(col).ok_or_else(bad)?,
            outcome: get("outcome").and_then(col).ok_or_else(bad)?,
            mark: get("mark").and_then(col).ok_or_else(bad)?,
            higher_is_better: get("better").ok_or_else(bad)? != "lower",
        },
        "decision" => Rule::Decision { col: col(words.get(1).ok_or_else(bad)?).ok_or_else(bad)? },
        "footnotes" => Rule::Footnotes,
        "at-most" => Rule::AtMost { col: get("col").and_then(col).ok_or_else(bad)?, limit: get("limit").and_then(col).ok_or_else(bad)? },
        _ => return Err(bad()),
    })
}

fn comment(line: &str) -> Option<&str> {
    line.trim().strip_prefix("<!--")?.strip_suffix("-->").map(str::trim)
}

fn table_cells(line: &str) -> Vec<String> {
    let t = line.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|')
        .map(|c| {
            let c = c.trim();
            // Markdown emphasis around the whole cell; a footnote marker ("0,0*") stays.
            for m in ["**", "*"] {
                if c.len() > 2 * m.len() && c.starts_with(m) && c.ends_with(m) {
                    return c[m.len()..c.len() - m.len()].trim().to_string();
                }
            }
            c.to_string()
        })
        .collect()
}

fn list_marker(line: &str) -> Option<(bool, &str, &str)> {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("- ") {
        return Some((false, "-", rest));
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let after = &t[digits..];
        if let Some(rest) = after.strip_prefix(". ").or_else(|| after.strip_prefix(") ")) {
            return Some((true, &t[..digits + 1], rest));
        }
    }
    None
}

/// Parses text blocks (paragraphs, lists, `#` headings and — in printed documents — tables with
/// their rules). `key` is attached to paragraphs so an editor can find their section.
fn parse_blocks(lines: &[(usize, &str)], key: Option<&str>, heading_base: u8) -> Result<Vec<Block>, ParseError> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Paragraph { text: para.join(" "), key: key.map(str::to_string) });
            para.clear();
        }
    };
    let mut pending_table: Option<(usize, Table)> = None;
    let mut i = 0;
    while i < lines.len() {
        let (n, line) = lines[i];
        let t = line.trim();
        if let Some(c) = comment(t) {
            flush(&mut para, &mut blocks);
            if let Some(a) = c.strip_prefix("table ") {
                let a = attrs(a);
                let get = |k: &str| a.iter().find(|(kk, _)| *kk == k).map(|(_, v)| *v);
                let id = get("id").ok_or_else(|| ParseError { line: n, message: "tabellen saknar id=".into() })?;
                let unit = get("unit")
                    .map_or(Some(Unit::Text), Unit::parse)
                    .ok_or_else(|| ParseError { line: n, message: "unit= ska vara mkr, tkr, kr, procent, antal eller text".into() })?;
                pending_table = Some((n, Table { id: id.to_string(), unit, ..Table::default() }));
            } else if let Some(r) = c.strip_prefix("rule ") {
                let rule = parse_rule(r).map_err(|message| ParseError { line: n, message })?;
                match blocks.iter_mut().rev().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None }) {
                    Some(t) => t.rules.push(rule),
                    None => return Err(ParseError { line: n, message: "regel utan tabell före".into() }),
                }
            }
            i += 1;
            continue;
        }
        if t.starts_with('|') {
            flush(&mut para, &mut blocks);
            let (_, mut table) = pending_table.take().unwrap_or((n, Table { id: format!("tabell-{n}"), ..Table::default() }));
            table.header = table_cells(t);
            i += 1;
            if i < lines.len() && lines[i].1.trim().starts_with("|-") || i < lines.len() && lines[i].1.trim().starts_with("|:") {
                i += 1;
            }
            while i < lines.len() && lines[i].1.trim().starts_with('|') {
                let raw = lines[i].1.trim();
                let cells: Vec<Cell> = table_cells(raw).into_iter().map(Cell::text).collect();
                let total = raw.trim_start_matches('|').trim_start().starts_with("**");
                let group = cells.iter().skip(1).all(|c| c.text.is_empty()) && raw.contains('*') && !total;
                table.rows.push(Row { cells, total, group });
                i += 1;
            }
            if table.caption.is_empty() {
                table.caption = blocks
                    .iter()
                    .rev()
                    .find_map(|b| if let Block::Heading { text, .. } = b { Some(text.clone()) } else { None })
                    .unwrap_or_default();
            }
            blocks.push(Block::Table(table));
            continue;
        }
        if t.is_empty() {
            flush(&mut para, &mut blocks);
            i += 1;
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if (1..=4).contains(&hashes) && t[hashes..].starts_with(' ') {
            flush(&mut para, &mut blocks);
            blocks.push(Block::Heading {
                level: (heading_base + hashes as u8 - 1).clamp(1, 4),
                text: t[hashes..].trim().to_string(),
                key: None,
            });
            i += 1;
            continue;
        }
        if let Some((ordered, _, _)) = list_marker(t) {
            flush(&mut para, &mut blocks);
            let mut items = Vec::new();
            let mut markers = Vec::new();
            while i < lines.len() {
                match list_marker(lines[i].1) {
                    Some((o, m, rest)) if o == ordered => {
                        items.push(rest.trim().to_string());
                        markers.push(m.to_string());
                        i += 1;
                    }
                    // A continuation line of the previous item.
                    None if !lines[i].1.trim().is_empty() && lines[i].1.starts_with("  ") => {
                        if let Some(last) = items.last_mut() {
                            last.push(' ');
                            last.push_str(lines[i].1.trim());
                        }
                        i += 1;
                    }
                    _ => break,
                }
            }
            blocks.push(Block::List { ordered, items, markers });
            continue;
        }
        para.push(t);
        i += 1;
    }
    flush(&mut para, &mut blocks);
    // A paragraph right after a table whose rules ask for footnotes is that table's note.
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        if let (Block::Paragraph { text, .. }, Some(Block::Table(t))) = (&b, out.last_mut())
            && t.note.is_none()
            && t.rules.contains(&Rule::Footnotes)
        {
            t.note = Some(text.clone());
            continue;
        }
        out.push(b);
    }
    Ok(out)
}

/// Parses a printed report in the Markdown form of `crates/domain/tests/fixtures/*.md`: a
/// `<!-- report year=… date=… -->` line, headings, paragraphs, lists and tables introduced by
/// `<!-- table id=… unit=… -->` and followed by `<!-- rule … -->` lines.
pub fn parse_printed(text: &str) -> Result<Document, ParseError> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let mut doc = Document { printed: true, ..Document::default() };
    for (n, l) in &lines {
        if let Some(c) = comment(l)
            && let Some(a) = c.strip_prefix("report ")
        {
            for (k, v) in attrs(a) {
                match k {
                    "year" => doc.year = v.parse().map_err(|_| ParseError { line: *n, message: "year= ska vara ett år".into() })?,
                    "date" => {
                        doc.date = Some(Date::parse(v).map_err(|_| ParseError { line: *n, message: "date= ska vara ÅÅÅÅ-MM-DD".into() })?)
                    }
                    _ => {}
                }
            }
        }
    }
    doc.blocks = parse_blocks(&lines, None, 1)?;
    if let Some(Block::Heading { text, .. }) = doc.blocks.first() {
        doc.title = text.clone();
    }
    Ok(doc)
}

/// Narrative texts per section: `<!-- section: KEY -->` markers, each followed by paragraphs,
/// lists and `###` sub-headings. Other comments are ignored.
pub fn parse_sections(text: &str) -> Result<Vec<(String, String)>, ParseError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = comment(line) {
            if let Some(k) = c.strip_prefix("section:") {
                let k = k.trim();
                if k.is_empty() || !k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.') {
                    return Err(ParseError { line: i + 1, message: format!("ogiltig sektionsnyckel «{k}»") });
                }
                out.push((k.to_string(), String::new()));
            }
            continue;
        }
        match out.last_mut() {
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None if line.trim().is_empty() => {}
            None => return Err(ParseError { line: i + 1, message: "text före första <!-- section: … -->".into() }),
        }
    }
    for (_, b) in &mut out {
        *b = b.trim().to_string();
    }
    Ok(out)
}

/// The blocks of one narrative text (paragraphs, lists, `###` sub-headings at `heading_level`).
pub fn narrative_blocks(key: &str, text: &str, heading_level: u8) -> Vec<Block> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| comment(l).is_none()).collect();
    // Narrative text has no tables or rules, so parsing cannot fail.
    let lines: Vec<(usize, &str)> = lines.into_iter().filter(|(_, l)| !l.trim_start().starts_with('|')).collect();
    // `###` in a text is a sub-heading of its section: one level below it.
    let shifted = heading_level.saturating_sub(2);
    parse_blocks(&lines, Some(key), shifted).unwrap_or_default()
}

impl Document {
    /// The tables of the document.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None })
    }

    /// A table by id.
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables().find(|t| t.id == id)
    }

    /// The headings, in order, as (level, text).
    pub fn headings(&self) -> Vec<(u8, &str)> {
        self.blocks
            .iter()
            .filter_map(|b| if let Block::Heading { level, text, .. } = b { Some((*level, text.as_str())) } else { None })
            .collect()
    }

    /// All running text (paragraphs and list items), with the section key when known.
    pub fn texts(&self) -> Vec<(Option<&str>, &str)> {
        let mut out = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Paragraph { text, key } => out.push((key.as_deref(), text.as_str())),
                Block::List { items, .. } => out.extend(items.iter().map(|i| (None, i.as_str()))),
                Block::Fields { fields } => out.extend(fields.iter().map(|(_, v)| (None, v.as_str()))),
                _ => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_thirty_digit_number_is_no_figure_and_no_panic() {
        assert!(printed_numbers("Id 999999999999999999999999999999 i loggen").is_empty());
        assert_eq!(printed_numbers("1 125,1 mkr").len(), 1);
    }

    use super::*;
    use crate::money::{Ore, Scale};

    /// S's drift table: the rows' printed costs add to −1 125,2 while the exact total prints
    /// −1 125,1; a table whose rows add up needs no word about rounding.
    #[test]
    fn rounded_rows_that_miss_their_total_are_noticed() {
        let table = |cells: &[(&str, i64)]| {
            let mut rows: Vec<Row> = cells
                .iter()
                .map(|(l, ore)| {
                    Row::new(vec![Cell::text(*l), Cell::num(Ore::new(*ore).present(Scale::Mkr, 1), Num::from_ore(*ore, Unit::Mkr))])
                })
                .collect();
            let total: i64 = cells.iter().map(|(_, o)| o).sum();
            rows.push(Row {
                cells: vec![Cell::text("Summa"), Cell::num(Ore::new(total).present(Scale::Mkr, 1), Num::from_ore(total, Unit::Mkr))],
                total: true,
                group: false,
            });
            Table {
                id: "t".into(),
                caption: "T".into(),
                unit: Unit::Mkr,
                header: vec![String::new(), "Utfall".into()],
                rows,
                note: None,
                rules: vec![Rule::Sum { cols: vec![1], rows: None, total: RowRef::Last, hundred: false, other: None }],
            }
        };
        // 1,44 + 2,44 = 3,88: printed 1,4 + 2,4 = 3,8 against 3,9.
        assert!(table(&[("A", 144_000_000), ("B", 244_000_000)]).rounding_shows());
        assert!(!table(&[("A", 140_000_000), ("B", 240_000_000)]).rounding_shows());
    }

    #[test]
    fn printed_numbers_in_every_form_the_seeds_use() {
        let n = |s: &str| printed_numbers(s).iter().map(|n| (n.as_f64(), n.decimals)).collect::<Vec<_>>();
        assert_eq!(n("-1 125.1"), vec![(-1125.1, Some(1))]);
        assert_eq!(n("−35,5"), vec![(-35.5, Some(1))]);
        assert_eq!(n("74% (69%)"), vec![(74.0, Some(0)), (69.0, Some(0))]);
        assert_eq!(n("0,0*"), vec![(0.0, Some(1))]);
        assert_eq!(n("-13 595"), vec![(-13595.0, Some(0))]);
        assert_eq!(n("5,21"), vec![(5.21, Some(2))]);
        // A minus followed by a space is not this number's sign.
        assert_eq!(n("- 34 867"), vec![(34867.0, Some(0))]);
        // Digits glued to letters are part of a word.
        assert_eq!(n("SK1 2023"), vec![(2023.0, Some(0))]);
    }

    #[test]
    fn printed_document_with_a_table_and_rules() {
        let doc = parse_printed(
            "<!-- report year=2023 date=2024-02-09 -->\n# Årsrapport\n\n## Drift\n<!-- table id=drift unit=mkr -->\n| Verksamhet | Intäkter | Kostnader | Netto |\n|---|---|---|---|\n| A | 1.0 | -2.0 | -1.0 |\n| **Summa** | 1.0 | -2.0 | -1.0 |\n<!-- rule sum c2..c4 total=last -->\n<!-- rule row c4 = c2 + c3 -->\n\nText med 1,0 miljoner kronor.\n\n1. ett\n2) två\n",
        )
        .unwrap();
        assert_eq!(doc.year, 2023);
        assert_eq!(doc.title, "Årsrapport");
        let t = doc.table("drift").unwrap();
        assert_eq!(t.unit, Unit::Mkr);
        assert_eq!(t.rows.len(), 2);
        assert!(t.rows[1].total);
        assert_eq!(t.rules.len(), 2);
        assert_eq!(t.rules[1], Rule::Formula { target: 3, first: 1, terms: vec![(Op::Add, 2)] });
        assert!(matches!(doc.blocks.last(), Some(Block::List { ordered: true, markers, .. }) if markers == &["1.", "2)"]));
    }

    #[test]
    fn a_bad_rule_names_its_line() {
        let e = parse_printed("| a |\n|---|\n| 1 |\n<!-- rule nonsense -->\n").unwrap_err();
        assert_eq!(e.line, 4);
    }

    #[test]
    fn sections_by_key() {
        let s = parse_sections("<!-- S:1 -->\n<!-- section: inledning -->\nEtt.\n\nTvå.\n<!-- section: ekonomi.drift -->\n- a\n").unwrap();
        assert_eq!(s, vec![("inledning".into(), "Ett.\n\nTvå.".into()), ("ekonomi.drift".into(), "- a".into())]);
        let blocks = narrative_blocks("inledning", &s[0].1, 2);
        assert_eq!(blocks.len(), 2);
    }
}
