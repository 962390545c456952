//! Spreadsheets written with rust_xlsxwriter.

use rust_xlsxwriter::{Format, Workbook};

/// A sheet of text cells under a bold header, as XLSX bytes; `widths` sets column widths.
pub fn simple_sheet(sheet: &str, header: &[&str], rows: &[Vec<String>], widths: &[f64]) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).map_err(|e| e.to_string())?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(|e| e.to_string())?;
    }
    ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    wb.save_to_buffer().map_err(|e| e.to_string())
}
