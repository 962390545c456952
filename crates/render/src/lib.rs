//! Report models → documents and charts.
//!
//! Today: spreadsheets (`xlsx`) and SVG charts (`chart`) drawn with plotters' SVG backend — the same chart on the
//! indicator page and, when the report issues land, in the PDF reports (typst), DOCX and XLSX.
//!
//! **Invariant:** `render` reads plain data handed to it; it never queries the store, and it
//! never decides what is secret — callers pass only what may be shown.

pub mod chart;

/// A semicolon-separated file as Swedish Excel reads it: UTF-8 with a byte-order mark (without
/// it Excel takes the file for ANSI and garbles å, ä, ö), a cell with `;`, `"` or a line break
/// quoted with its quotes doubled, and a text that a spreadsheet would run as a formula (`=`,
/// `+`, `-`, `@`, a tab or a carriage return first, and not a number) led by `'`.
pub fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    let cell = |v: &str| {
        let formula =
            v.starts_with(['=', '+', '-', '@', '\t', '\r']) && v.replace([' ', '\u{a0}'], "").replace(',', ".").parse::<f64>().is_err();
        let v = if formula { format!("'{v}") } else { v.to_string() };
        if v.contains([';', '"', '\n']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v }
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(";"));
    out.push('\n');
    for r in rows {
        out.push_str(&r.iter().map(|v| cell(v)).collect::<Vec<_>>().join(";"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod csv_tests {
    #[test]
    fn csv_is_safe_to_open_in_a_spreadsheet() {
        let text = super::csv_text(
            &["a", "b"],
            &[vec!["=HYPERLINK(\"http://x\")".into(), "-12,5".into()], vec!["@SUM(1)".into(), "Växjö; län".into()]],
        );
        assert_eq!(text, "\u{feff}a;b\n\"'=HYPERLINK(\"\"http://x\"\")\";-12,5\n'@SUM(1);\"Växjö; län\"\n");
    }
}

pub mod doc;
pub mod docx;
pub mod evb;
pub mod pdf;
pub mod xlsx;
