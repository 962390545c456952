//! Spreadsheets written with rust_xlsxwriter.

use rust_xlsxwriter::{Format, Workbook};

/// A sheet under a bold header, as XLSX bytes; `widths` sets column widths. A cell that is a
/// whole number (without a leading zero: "0486" is a code) is written as a number, an ISO date
/// as a date, anything else as text — so days can be summed and dates sorted.
pub fn simple_sheet(sheet: &str, header: &[&str], rows: &[Vec<String>], widths: &[f64]) -> Result<Vec<u8>, String> {
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (rr, cc) = (r as u32 + 1, c as u16);
            let digits = v.strip_prefix('-').unwrap_or(v);
            let number = !digits.is_empty()
                && digits.len() <= 15
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (digits == "0" || !digits.starts_with('0'));
            let date = domain::period::Date::parse(v).ok().filter(|_| v.len() == 10);
            if number {
                ws.write_number(rr, cc, v.parse::<f64>().map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
            } else if let Some(d) = date {
                let when = rust_xlsxwriter::ExcelDateTime::from_ymd(d.year() as u16, d.month(), d.day()).map_err(|e| e.to_string())?;
                ws.write_datetime_with_format(rr, cc, &when, &date_format).map_err(|e| e.to_string())?;
            } else {
                ws.write_string(rr, cc, v).map_err(|e| e.to_string())?;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(|e| e.to_string())?;
    }
    ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    wb.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader};

    #[test]
    fn numbers_and_dates_are_typed_and_codes_stay_text() {
        let row = ["0486", "2021-08-01", "97", "19800101-T123", "-3", "12,5"].map(String::from).to_vec();
        let bytes = super::simple_sheet("IVO", &["a", "b", "c", "d", "e", "f"], &[row], &[]).unwrap();
        let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let r = wb.worksheet_range("IVO").unwrap();
        assert_eq!(r.get_value((1, 0)), Some(&Data::String("0486".into())));
        assert!(matches!(r.get_value((1, 1)), Some(Data::DateTime(d)) if d.is_datetime() && d.to_ymd_hms_milli().0 == 2021));
        assert_eq!((r.get_value((1, 2)), r.get_value((1, 4))), (Some(&Data::Float(97.0)), Some(&Data::Float(-3.0))));
        assert_eq!(r.get_value((1, 3)), Some(&Data::String("19800101-T123".into())));
        assert_eq!(r.get_value((1, 5)), Some(&Data::String("12,5".into())));
    }
}
