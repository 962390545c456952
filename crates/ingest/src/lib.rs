//! Readers for the files Årshjul imports: file → `domain` values.
//!
//! Every reader returns domain values or an [`Error`] that names the file, the line, the field
//! and what was expected, so a controller can fix the file without reading code. Readers do no
//! database work: the caller stores what they return in one transaction, so a bad file leaves
//! nothing half-written.
//!
//! Today: Årshjul's own semicolon-separated CSV formats ([`table`], [`org`]); the SIE 4, XLSX
//! and Kolada readers join as the economy and goals issues land.

pub mod control;
pub mod economy;
pub mod evb;
pub mod goals;
pub mod kolada;
pub mod meetings;
pub mod org;
pub mod quality;
pub mod sie;
pub mod table;
pub mod xlsx;

use std::fmt;

/// A file's name and bytes, as every reader takes them.
pub type File<'a> = (&'a str, &'a [u8]);

/// A file that could not be read, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file's name or path as given to the reader.
    pub file: String,
    /// 1-based line number, when the problem is on one line.
    pub line: Option<u64>,
    /// The field (column) concerned, when one is.
    pub field: Option<String>,
    /// What was expected, or what is wrong.
    pub message: String,
    /// The other errors of the same read, in file order: a file's every bad row is named at
    /// once, not only its first (each row's first error; see [`table::Table::rows`]).
    pub others: Vec<Error>,
}

impl Error {
    /// An error about the whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Error {
        Error { file: file.to_string(), line: None, field: None, message: message.into(), others: Vec::new() }
    }

    /// An error on one line, optionally in one field.
    pub fn at(file: &str, line: u64, field: Option<&str>, message: impl Into<String>) -> Error {
        Error { file: file.to_string(), line: Some(line), field: field.map(str::to_string), message: message.into(), others: Vec::new() }
    }

    /// The errors of one read as one error: the first, with the rest as its
    /// [`others`](Error::others) (at most [`Error::SHOWN`] in all, then a count of the rest).
    /// `None` when there are none.
    pub fn all(errors: Vec<Error>) -> Option<Error> {
        let mut flat = errors.into_iter().flat_map(|mut e| {
            let others = std::mem::take(&mut e.others);
            std::iter::once(e).chain(others)
        });
        let mut first = flat.next()?;
        let file = first.file.clone();
        first.others.extend(flat.by_ref().take(Error::SHOWN - 1));
        let rest = flat.count();
        if rest > 0 {
            first.others.push(Error::file(&file, format!("och {rest} fel till")));
        }
        Some(first)
    }

    /// How many errors of one read are named.
    pub const SHOWN: usize = 25;

    /// This error and its [`others`](Error::others), each alone.
    pub fn each(&self) -> impl Iterator<Item = Error> + '_ {
        std::iter::once(Error { others: Vec::new(), ..self.clone() }).chain(self.others.iter().cloned())
    }
}

/// The errors of several files read one after another, each read even when one before it was
/// refused, so that a folder's every refused file is named at once ([`Error::all`]).
#[derive(Debug, Default)]
pub struct Gather(Vec<Error>);

impl Gather {
    /// What `read` gave, or `None` with its error kept.
    pub fn take<T>(&mut self, read: Result<T, Error>) -> Option<T> {
        read.map_err(|e| self.0.push(e)).ok()
    }

    /// [`Gather::take`] of an optional file's read: `None` also when the file is absent.
    pub fn take_opt<T>(&mut self, read: Option<Result<T, Error>>) -> Option<T> {
        read.and_then(|r| self.take(r))
    }

    /// The errors kept, as one.
    pub fn finish(self) -> Result<(), Error> {
        Error::all(self.0).map_or(Ok(()), Err)
    }
}

impl fmt::Display for Error {
    /// `enheter.csv:14: fält "typ": ska vara …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "fält \"{field}\": ")?;
        }
        write!(f, "{}", self.message)?;
        // One error a line.
        for e in &self.others {
            write!(f, "\n{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
