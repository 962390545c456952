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
}

impl Error {
    /// An error about the whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Error {
        Error { file: file.to_string(), line: None, field: None, message: message.into() }
    }

    /// An error on one line, optionally in one field.
    pub fn at(file: &str, line: u64, field: Option<&str>, message: impl Into<String>) -> Error {
        Error { file: file.to_string(), line: Some(line), field: field.map(str::to_string), message: message.into() }
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
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Error {}
