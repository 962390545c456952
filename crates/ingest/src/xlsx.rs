//! Spreadsheets (XLSX) read through calamine into the same [`Table`] as CSV files, so every
//! reader accepts both and errors name the row like a line.

use crate::Error;
use crate::table::Table;
use calamine::{Data, Reader, Xlsx};

/// The first sheet of a workbook as a table; row numbers are the spreadsheet's (1-based).
pub fn first_sheet(file: &str, bytes: &[u8], required: &[&str]) -> Result<Table, Error> {
    let mut wb: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| Error::file(file, format!("är ingen läsbar XLSX-arbetsbok: {e}")))?;
    let name = wb.sheet_names().first().cloned().ok_or_else(|| Error::file(file, "arbetsboken har inga blad"))?;
    let range = wb.worksheet_range(&name).map_err(|e| Error::file(file, format!("bladet \"{name}\" går inte att läsa: {e}")))?;
    let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let rows = range.rows().enumerate().map(|(i, row)| (first_row + i as u64 + 1, row.iter().map(cell_text).collect())).collect();
    Table::from_rows(file, rows, required)
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => {
            // Shortest representation that round-trips, so 10.74 stays "10.74".
            let s = format!("{f}");
            s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
        }
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => {
            if *b {
                "Ja".into()
            } else {
                "Nej".into()
            }
        }
        // A date cell is a serial number in the file: written as the ISO date the sheet shows
        // (a time of day too, if it has one), so that dates read as in a CSV file.
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, day, h, mi, sec, _) = d.to_ymd_hms_milli();
            if (h, mi, sec) == (0, 0, 0) { format!("{y:04}-{mo:02}-{day:02}") } else { format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}") }
        }
        Data::DateTimeIso(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_and_text_with_row_numbers() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["indikator", "period", "totalt", "kvinnor", "män", "kommentar"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "SJUK").unwrap();
        ws.write_string(1, 1, "2024").unwrap();
        ws.write_number(1, 2, 10.74).unwrap();
        ws.write_string(2, 0, "HME").unwrap();
        ws.write_string(2, 1, "2024").unwrap();
        ws.write_string(2, 2, "sjuttiosju").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let t = first_sheet("utfall.xlsx", &bytes, &["indikator", "totalt"]).unwrap();
        let rows: Vec<(u64, String)> = t.records().map(|r| (r.line(), r.get("totalt").to_string())).collect();
        assert_eq!(rows, [(2, "10.74".to_string()), (3, "sjuttiosju".to_string())]);
        let err =
            crate::goals::read_outcome_file("utfall.xlsx", &bytes, 2024, &|_| Some(domain::goals::IndicatorUnit::Percent)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "utfall.xlsx:3: fält \"totalt\": ska vara ett tal som 10,74 (högst fyra decimaler), inte \"sjuttiosju\""
        );
        // Rows of a year before the one imported to: each is named, not only the first.
        let err =
            crate::goals::read_outcome_file("utfall.xlsx", &bytes, 2025, &|_| Some(domain::goals::IndicatorUnit::Percent)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "utfall.xlsx:2: fält \"period\": ska vara en period i 2025 eller senare (året som importeras), inte \"2024\"\n\
             utfall.xlsx:3: fält \"period\": ska vara en period i 2025 eller senare (året som importeras), inte \"2024\""
        );
        // A date cell reads as the date it shows, not as Excel's serial number.
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "datum").unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 1).unwrap();
        ws.write_datetime_with_format(1, 0, &date, &rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd")).unwrap();
        let t = first_sheet("d.xlsx", &wb.save_to_buffer().unwrap(), &["datum"]).unwrap();
        assert_eq!(t.records().next().unwrap().get("datum"), "2024-03-01");
        assert!(first_sheet("x.xlsx", b"not a zip", &[]).unwrap_err().to_string().starts_with("x.xlsx: är ingen läsbar XLSX-arbetsbok"));
    }
}
