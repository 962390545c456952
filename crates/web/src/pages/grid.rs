//! Tables edited in the browser as a grid of cells. The form becomes the table's file (header
//! on line 1, form row n on line n + 1) and is read by the import's own reader, so the rules and
//! the messages are the import's; a refusal names the row and the column as headed and marks
//! the cell. Used by the economy's tables and the personnel statistics.

use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What an editor of a published year's table says: the public reads the figures as they are.
const PUBLISHED: &str = "Året är publicerat: allmänheten ser ändringarna så snart tabellen sparas.";

/// A table that can be edited: its key in the address, its title and its file's columns.
pub type Spec = (&'static str, &'static str, &'static [&'static str]);

/// The editor page.
#[derive(Template)]
#[template(path = "grid.html")]
pub struct GridPage {
    pub shell: Shell,
    /// The page the table belongs to.
    pub base: String,
    /// Where the form posts (`{base}/redigera/{table}` unless set otherwise).
    pub action: String,
    /// What the breadcrumb back to `base` says.
    pub back: &'static str,
    pub table: &'static str,
    pub title: &'static str,
    /// How the values are written, above the grid.
    pub hint: String,
    /// The columns as the page heads them ("Totalt utfall" for `totalt_utfall`).
    pub headings: Vec<String>,
    /// Per column, the values it takes where they are few (a list instead of a text field).
    pub choices: Vec<Vec<&'static str>>,
    /// Per column, values to suggest (a free text that is usually one of these).
    pub suggestions: Vec<Vec<String>>,
    pub rows: Vec<Vec<String>>,
    pub error: Option<String>,
    /// The refused cells, one line each, when there are several.
    pub errors: Vec<String>,
    /// The refused cells: their rows, and their columns where the reader named one.
    pub bad: Vec<(usize, Option<usize>)>,
    /// A row offered to complete (marked, its cell `.1` focused).
    pub offered: Option<(usize, usize)>,
    /// Pages that belong with the table: (address, text).
    pub see_also: Vec<(String, String)>,
}

impl GridPage {
    /// The page for `spec` with `rows` (and three empty rows to add to).
    pub fn new(
        shell: Shell,
        base: String,
        back: &'static str,
        spec: &'static Spec,
        hint: impl Into<String>,
        mut rows: Vec<Vec<String>>,
    ) -> GridPage {
        for _ in 0..3 {
            rows.push(vec![String::new(); spec.2.len()]);
        }
        GridPage {
            shell,
            action: format!("{base}/redigera/{}", spec.0),
            base,
            back,
            table: spec.0,
            title: spec.1,
            hint: hint.into(),
            headings: spec.2.iter().map(|c| heading(c)).collect(),
            choices: vec![vec![]; spec.2.len()],
            suggestions: vec![vec![]; spec.2.len()],
            rows,
            error: None,
            errors: Vec::new(),
            bad: Vec::new(),
            offered: None,
            see_also: Vec::new(),
        }
    }

    /// The page again with the refusal in it and the refused cell marked (422): the rows as
    /// written, empty rows in their places.
    pub fn refused(mut self, why: Refusal) -> Result<Response, AppError> {
        (self.error, self.errors, self.bad) = (Some(why.lead), why.items, why.cells);
        Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(self)?).into_response())
    }

    /// A published year's table: the hint says that the public reads a change at once.
    pub fn published(mut self, published: bool) -> GridPage {
        if published {
            self.hint = format!("{} {PUBLISHED}", self.hint);
        }
        self
    }

    /// A year without a page of its own yet: the breadcrumb leads to `years` instead (the form
    /// still posts to the year).
    pub fn without_year_page(mut self, years: String) -> GridPage {
        self.base = years;
        self
    }

    /// Whether row `r` is the one offered.
    fn is_offered_row(&self, r: &usize) -> bool {
        self.offered.is_some_and(|(o, _)| o == *r)
    }

    /// Whether the cell at row `r`, column `c` is the one to fill in first.
    fn is_offered(&self, r: &usize, c: &usize) -> bool {
        self.offered == Some((*r, *c))
    }

    /// Whether the cell at row `r`, column `c` is refused.
    fn is_bad(&self, r: &usize, c: &usize) -> bool {
        self.bad.iter().any(|&(br, bc)| br == *r && bc.is_none_or(|bc| bc == *c))
    }

    /// How many characters the text fields of column `c` show: its longest value or its
    /// heading, within reason (a year's field is narrow, a measure's name wide enough to read).
    fn size_of(&self, c: &usize) -> usize {
        let longest = self.rows.iter().filter_map(|r| r.get(*c)).map(|v| v.chars().count()).max().unwrap_or(0);
        let heading = self.headings.get(*c).map_or(0, |h| h.chars().count());
        longest.max(heading).clamp(6, 28) + 1
    }
}

/// A column key as the editor heads it ("Totalt utfall" for `totalt_utfall`).
pub fn heading(column: &str) -> String {
    match column {
        // The file's "rad" is a drift row, that is a verksamhet: "Rad" heads the grid's row numbers.
        "rad" => "Verksamhet".into(),
        // A range between numbers gets its dash: `dag_1_14` → "Dag 1–14".
        _ => {
            let b = column.as_bytes();
            let words: String = column
                .char_indices()
                .map(|(i, c)| match c {
                    '_' if i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit) => '–',
                    '_' => ' ',
                    c => c,
                })
                .collect();
            domain::sv::capitalise(&words)
        }
    }
}

/// The form's cells (`c_{row}_{column}`) as rows, empty rows kept in their places.
pub fn rows_of(form: &[(String, String)], columns: usize) -> Vec<Vec<String>> {
    let cell =
        |r: usize, c: usize| form.iter().find(|(k, _)| *k == format!("c_{r}_{c}")).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let n_rows = form.iter().filter_map(|(k, _)| k.strip_prefix("c_")?.split('_').next()?.parse::<usize>().ok()).max().map_or(0, |m| m + 1);
    (0..n_rows).map(|r| (0..columns).map(|c| cell(r, c)).collect()).collect()
}

/// Whether no cell of the grid holds anything.
pub fn is_empty(rows: &[Vec<String>]) -> bool {
    rows.iter().all(|r| r.iter().all(String::is_empty))
}

/// The rows as the table's file: the header, then the rows, `;`-separated with quoting (a cell
/// may hold `;` or quotes).
pub fn as_file(spec: &Spec, rows: &[Vec<String>]) -> String {
    let line = |r: &[String]| {
        r.iter()
            .map(|c| if c.contains([';', '"', '\n']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() })
            .collect::<Vec<_>>()
            .join(";")
    };
    let header: Vec<String> = spec.2.iter().map(|s| s.to_string()).collect();
    std::iter::once(line(&header)).chain(rows.iter().map(|r| line(r))).collect::<Vec<_>>().join("\n")
}

/// Why a grid was not saved: what the page says, and the cells to mark (a row, and its column
/// where the reader named one).
pub struct Refusal {
    pub lead: String,
    /// One line per refused cell, when there are several.
    pub items: Vec<String>,
    pub cells: Vec<(usize, Option<usize>)>,
}

impl Refusal {
    /// A refusal of the whole table ("the table is empty"), no cell marked.
    pub fn plain(why: impl Into<String>) -> Refusal {
        Refusal { lead: why.into(), items: Vec::new(), cells: Vec::new() }
    }
}

/// Where a reader's error is in the grid, and how the page says it ("Rad 2, kolumnen «Status»: …").
fn placed(spec: &Spec, e: &ingest::Error) -> (String, Option<(usize, Option<usize>)>) {
    let column = column_of(spec, e);
    // The file's line n is the grid's row n − 1 (the header is line 1), in the message too
    // ("finns redan på rad 3" of the file is row 2 of the grid).
    let cell = e.line.map(|l| ((l as usize).saturating_sub(2), column));
    let text = match e.line {
        Some(l) => {
            let column = column.map(|c| format!(", kolumnen «{}»", heading(spec.2[c]))).unwrap_or_default();
            format!("Rad {}{column}: {}", l.saturating_sub(1), rows_in(&e.message))
        }
        None => e.message.clone(),
    };
    (text, cell)
}

/// A message's "på rad N" (a file line) as the grid's row, N − 1.
fn rows_in(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find("på rad ") {
        let (before, after) = rest.split_at(at + "på rad ".len());
        out.push_str(before);
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse::<u64>() {
            Ok(n) if n > 1 => out.push_str(&(n - 1).to_string()),
            _ => out.push_str(&digits),
        }
        rest = &after[digits.len()..];
    }
    out.push_str(rest);
    out
}

/// The grid column a reader's error names.
fn column_of(spec: &Spec, e: &ingest::Error) -> Option<usize> {
    e.field.as_deref().and_then(|f| spec.2.iter().position(|c| *c == f))
}

/// A reader's refusals as the page says them: one in the lead, several as a list.
fn refusal(spec: &Spec, errors: &[ingest::Error]) -> Refusal {
    let placed: Vec<_> = errors.iter().map(|e| placed(spec, e)).collect();
    let cells = placed.iter().filter_map(|(_, c)| *c).collect();
    match placed.as_slice() {
        [(text, _)] => Refusal { lead: format!("Inget sparades. {text}"), items: Vec::new(), cells },
        _ => Refusal {
            lead: format!("Inget sparades. {} fel att rätta:", placed.len()),
            items: placed.into_iter().map(|(t, _)| t).collect(),
            cells,
        },
    }
}

/// Reads the grid as the table's file with the import's `read`er. On a refusal every cell the
/// reader refuses is found, not only the first: each row is read on its own, and a refused cell
/// given a value the reader takes (empty, or another row's; see [`read_choosing`]) to read the
/// row on; an error between
/// rows (a name twice) comes from the whole.
pub fn read<T>(
    spec: &Spec,
    rows: &[Vec<String>],
    read: impl for<'a> Fn(ingest::File<'a>) -> Result<T, ingest::Error>,
) -> Result<T, Refusal> {
    read_choosing(spec, rows, |_| Vec::new(), read)
}

/// [`read`] for a table with columns of few values (`choices` of a column key): a refused cell
/// of such a column may be given one of them too, so that a row whose cells are all wrong there
/// is read on.
pub fn read_choosing<T>(
    spec: &Spec,
    rows: &[Vec<String>],
    choices: impl Fn(&str) -> Vec<&'static str>,
    read: impl for<'a> Fn(ingest::File<'a>) -> Result<T, ingest::Error>,
) -> Result<T, Refusal> {
    let read_rows = |rs: &[Vec<String>]| read(("formuläret", as_file(spec, rs).as_bytes()));
    let first = match read_rows(rows) {
        Ok(t) => return Ok(t),
        Err(e) => e,
    };
    // The row's refusal, when about the row itself (not the file as a whole).
    let refused = |row: &Vec<String>| read_rows(std::slice::from_ref(row)).err().filter(|e| e.line == Some(2));
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate().filter(|(_, r)| r.iter().any(|c| !c.is_empty())) {
        let (mut row, mut given) = (row.clone(), Vec::<String>::new());
        // At most one error a cell: a value given to one cell cannot loop back to another.
        for _ in 0..spec.2.len() {
            let Some(mut e) = refused(&row) else { break };
            // An error that quotes a value given in place of a refused one is about that value
            // (another row's account range), not about what was typed: the row ends there.
            if given.iter().any(|v| v.chars().count() > 1 && e.message.contains(v.as_str())) {
                break;
            }
            let c = column_of(spec, &e);
            e.line = Some(i as u64 + 2);
            errors.push(e);
            let Some(c) = c else { break };
            let others = rows.iter().map(|r| r[c].as_str()).filter(|v| !v.is_empty() && *v != row[c]).take(3);
            let others: Vec<&str> = others.chain(choices(spec.2[c])).collect();
            let taken = std::iter::once("").chain(others).map(str::to_string).find(|v| {
                let mut tried = row.clone();
                tried[c] = v.clone();
                refused(&tried).is_none_or(|e| column_of(spec, &e) != Some(c))
            });
            match taken {
                Some(v) => {
                    if !v.is_empty() {
                        given.push(v.clone());
                    }
                    row[c] = v;
                }
                None => break,
            }
        }
    }
    // The whole's errors the rows alone do not show (a name twice).
    for e in first.each() {
        if !errors.contains(&e) {
            errors.push(e);
        }
    }
    errors.sort_by_key(|e| (e.line, column_of(spec, e)));
    Err(refusal(spec, &errors))
}

#[cfg(test)]
mod tests {
    /// Columns are headed in words, a range between numbers with its dash.
    #[test]
    fn headings_read_as_words_and_ranges() {
        assert_eq!(super::heading("dag_1_14"), "Dag 1–14");
        assert_eq!(super::heading("ålder_30_49"), "Ålder 30–49");
        assert_eq!(super::heading("dag_60_och_över"), "Dag 60 och över");
        assert_eq!(super::heading("totalt_utfall"), "Totalt utfall");
        assert_eq!(super::heading("rad"), "Verksamhet");
    }

    /// A file line named in a message is the grid's row one less.
    #[test]
    fn file_lines_in_a_message_are_grid_rows() {
        assert_eq!(
            super::rows_in("SN 2023 finns redan på rad 3 och får bara förekomma en gång"),
            "SN 2023 finns redan på rad 2 och får bara förekomma en gång"
        );
        assert_eq!(super::rows_in("inget radnummer"), "inget radnummer");
    }
}
