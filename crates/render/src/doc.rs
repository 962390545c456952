//! One document model, four outputs: PDF/UA-1 (typst, `templates/report.typ`), DOCX (real
//! heading styles and tables), accessible HTML (every figure linked to its source) and XLSX
//! (every table on a sheet, numbers as numbers).

use domain::report::{Block, Document, Table, printed_numbers};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Whether each column holds numbers (right-aligned): most non-empty data cells parse as one.
pub fn numeric_columns(t: &Table) -> Vec<bool> {
    let n = t.header.len().max(t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0));
    (0..n)
        .map(|c| {
            if c == 0 {
                return false;
            }
            let cells: Vec<&str> = t.rows.iter().filter_map(|r| r.cells.get(c)).map(|c| c.text.trim()).filter(|s| !s.is_empty()).collect();
            let numeric = cells
                .iter()
                .filter(|s| {
                    s.chars().next().is_some_and(|ch| ch.is_ascii_digit() || matches!(ch, '-' | '\u{2212}' | '●' | '▲' | '▼'))
                        && !printed_numbers(s).is_empty()
                        && s.chars().filter(|c| c.is_alphabetic()).count() <= 3
                })
                .count();
            !cells.is_empty() && numeric * 2 > cells.len()
        })
        .collect()
}

/// Column widths of a table of text: 0 (as wide as its text) for a column whose every text is
/// short, else the square root of its average text length (header and cells) as a share of
/// what is left.
fn text_weights(t: &Table) -> Vec<u32> {
    let n = t.header.len().max(t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0));
    (0..n)
        .map(|c| {
            let lens: Vec<usize> = t
                .header
                .get(c)
                .map(|_| t.heading(c).chars().count())
                .into_iter()
                .chain(t.rows.iter().filter_map(|r| r.cells.get(c)).map(|x| x.text.chars().count()))
                .collect();
            if lens.iter().all(|l| *l <= 16) {
                return 0;
            }
            // The square root evens them out: a column of long texts gets more room than one
            // of names, not so much that the names break inside words.
            let avg = lens.iter().sum::<usize>() / lens.len().max(1);
            ((avg.clamp(10, 80) as f64).sqrt() * 10.0).round() as u32
        })
        .collect()
}

/// The longest word (header or cell) of column `c`, in characters.
fn longest_word(t: &Table, c: usize) -> usize {
    let header = t.header.get(c).map(|_| t.heading(c)).into_iter();
    let cells = t.rows.iter().filter_map(|r| r.cells.get(c)).map(|x| x.text.as_str());
    header.chain(cells).flat_map(|s| s.split_whitespace()).map(|w| w.chars().count()).max().unwrap_or(0)
}

/// Whether a table's caption says again what the heading just above it says ("Prognossäkerhet
/// (mkr)" over "Prognossäkerhet"): the reader is not shown it twice (a screen reader still reads
/// the caption of an HTML table).
fn caption_repeats(before: Option<&Block>, t: &Table) -> bool {
    let bare = |s: &str| {
        let s = s.trim();
        let s = match s.rfind(" (") {
            Some(i) if s.ends_with(')') => &s[..i],
            _ => s,
        };
        s.trim_end_matches([',', '.', ':']).trim().to_lowercase()
    };
    matches!(before, Some(Block::Heading { text, .. }) if !t.caption.trim().is_empty() && bare(text) == bare(&t.caption))
}

/// The document as JSON for the typst template (rules and exact values left out).
pub fn data(doc: &Document) -> serde_json::Value {
    let mut v = serde_json::to_value(doc).unwrap_or_default();
    if let Some(blocks) = v.get_mut("blocks").and_then(|b| b.as_array_mut()) {
        for (i, (b, json)) in doc.blocks.iter().zip(blocks.iter_mut()).enumerate() {
            if let Block::Table(t) = b
                && caption_repeats(i.checked_sub(1).and_then(|k| doc.blocks.get(k)), t)
            {
                json["caption_repeats"] = serde_json::json!(true);
            }
            if let Block::List { markers, .. } = b {
                json["start"] = serde_json::json!(domain::report::list_start(markers));
            }
            if let Block::Table(t) = b {
                let numeric = numeric_columns(t);
                // A wide table of text only gets column widths after its contents (a long
                // result beside short names), so that no column is squeezed to a word a line.
                if !numeric.iter().any(|n| *n) && numeric.len() >= 4 {
                    json["weights"] = serde_json::json!(text_weights(t));
                } else if numeric.len() > 8 {
                    // A wide table (a landscape page): its text columns after their contents
                    // too, its number columns as wide as their longest word, so that a long
                    // header breaks between words and leaves the room to the text.
                    let weights: Vec<u32> = text_weights(t)
                        .into_iter()
                        .zip(&numeric)
                        .enumerate()
                        .map(|(c, (w, n))| if *n { longest_word(t, c).max(5) as u32 * 3 } else { w })
                        .collect();
                    json["weights"] = serde_json::json!(weights);
                }
                json["numeric"] = serde_json::json!(numeric);
                // Grouped headings: the groups for a row above, each column's own heading below.
                if let Some(groups) = t.header_groups() {
                    json["groups"] =
                        serde_json::json!(groups.iter().map(|(g, n)| serde_json::json!({ "label": g, "span": n })).collect::<Vec<_>>());
                    json["header"] = serde_json::json!((0..t.header.len()).map(|c| t.heading(c)).collect::<Vec<_>>());
                }
            }
        }
    }
    v
}

/// PDF/UA-1 through typst: title, language, tagged tables with header rows, alt text on every
/// chart, bookmarks and a table of contents, running header and page numbers.
pub fn pdf(doc: &Document) -> Result<Vec<u8>, String> {
    crate::pdf::pdf_ua("report.typ", &data(doc))
}

fn html_table(t: &Table, hidden_caption: bool, out: &mut String) {
    let numeric = numeric_columns(t);
    let class = |c: usize| if numeric.get(c).copied().unwrap_or(false) { " class=\"num\"" } else { "" };
    // A region that scrolls sideways where the table is wider than the page: focusable, so that
    // it scrolls by keyboard, and named by its caption.
    let id = esc(&t.id);
    out.push_str(&format!(
        "<div class=\"table-wrap\" id=\"tabell-{id}\" tabindex=\"0\" role=\"region\" aria-labelledby=\"rubrik-{id}\"><table>"
    ));
    let hidden = if hidden_caption { " class=\"visually-hidden\"" } else { "" };
    out.push_str(&format!("<caption id=\"rubrik-{id}\"{hidden}>{}</caption><thead><tr>", esc(&t.caption)));
    match t.header_groups() {
        // Grouped headings: the groups above (a column without one spans both rows), their
        // columns below.
        Some(groups) => {
            let mut c = 0;
            for (g, n) in &groups {
                if g.is_empty() {
                    out.push_str(&format!("<th scope=\"col\" rowspan=\"2\"{}>{}</th>", class(c), esc(t.heading(c))));
                } else {
                    out.push_str(&format!("<th scope=\"colgroup\" colspan=\"{n}\">{}</th>", esc(g)));
                }
                c += n;
            }
            out.push_str("</tr><tr>");
            let mut c = 0;
            for (g, n) in &groups {
                if !g.is_empty() {
                    for k in c..c + n {
                        out.push_str(&format!("<th scope=\"col\"{}>{}</th>", class(k), esc(t.heading(k))));
                    }
                }
                c += n;
            }
        }
        None => {
            for (c, h) in t.header.iter().enumerate() {
                out.push_str(&format!("<th scope=\"col\"{}>{}</th>", class(c), esc(h)));
            }
        }
    }
    out.push_str("</tr></thead><tbody>");
    for r in &t.rows {
        let cls = if r.total {
            " class=\"total\""
        } else if r.group {
            " class=\"group\""
        } else {
            ""
        };
        out.push_str(&format!("<tr{cls}>"));
        for (c, cell) in r.cells.iter().enumerate() {
            let text = match &cell.href {
                // An empty cell has nothing to open: no link (it would be an invisible tab stop).
                Some(h) if !cell.text.trim().is_empty() => format!("<a href=\"{}\" title=\"Visa källan\">{}</a>", esc(h), esc(&cell.text)),
                // A cell's lines stay lines.
                _ => esc(&cell.text).replace('\n', "<br>"),
            };
            if c == 0 {
                out.push_str(&format!("<th scope=\"row\">{text}</th>"));
            } else {
                out.push_str(&format!("<td{}>{text}</td>", class(c)));
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    if let Some(n) = &t.note {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", esc(n)));
    }
}

/// Where the preview's section headings link to their text's editor: the editor page and the
/// keys that have a text there.
pub struct EditLinks<'a> {
    /// The editor page.
    pub base: &'a str,
    /// The keys of the texts it edits.
    pub keys: &'a [String],
}

/// The body of the document as HTML (no `<html>` around it): for the report page's preview.
/// `edit` makes each section heading with a text link to its text's editor.
pub fn html_body(doc: &Document, edit: Option<&EditLinks<'_>>) -> String {
    html_body_at(doc, edit, 1)
}

/// [`html_body`] with the document's title at heading level `top` (a page that shows the
/// document under its own headings starts it lower, so that headings stay in order).
pub fn html_body_at(doc: &Document, edit: Option<&EditLinks<'_>>, top: u8) -> String {
    let top = top.clamp(1, 5);
    let mut out = String::new();
    let mut toc = String::new();
    let mut n = 0;
    for (i, b) in doc.blocks.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|k| doc.blocks.get(k));
        match b {
            Block::Heading { level, text, key } => {
                n += 1;
                let tag = (*level as u32 + top as u32).min(6);
                // After the heading, not in it (a heading reads as its text alone), named for
                // its section.
                let link = match (edit, key) {
                    (Some(e), Some(k)) if e.keys.contains(k) => format!(
                        "<p class=\"edit\"><a href=\"{}#text-{}\">Redigera texten<span class=\"visually-hidden\"> till {}</span></a></p>",
                        esc(e.base),
                        esc(k),
                        esc(text)
                    ),
                    _ => String::new(),
                };
                out.push_str(&format!("<h{tag} id=\"avsnitt-{n}\">{}</h{tag}>{link}\n", esc(text)));
                if *level <= 2 {
                    toc.push_str(&format!("<li class=\"l{level}\"><a href=\"#avsnitt-{n}\">{}</a></li>", esc(text)));
                }
            }
            // A blank line parts paragraphs; a single line break stays one.
            Block::Paragraph { text, .. } => {
                for part in text.split("\n\n").map(|p| p.trim_matches('\n')).filter(|p| !p.is_empty()) {
                    out.push_str(&format!("<p>{}</p>\n", esc(part).replace('\n', "<br>\n")));
                }
            }
            Block::List { ordered, items, markers } => {
                match domain::report::list_start(markers) {
                    n if *ordered && n > 1 => out.push_str(&format!("<ol start=\"{n}\">")),
                    _ => out.push_str(if *ordered { "<ol>" } else { "<ul>" }),
                }
                let tag = if *ordered { "ol" } else { "ul" };
                for i in items {
                    out.push_str(&format!("<li>{}</li>", esc(i)));
                }
                out.push_str(&format!("</{tag}>\n"));
            }
            Block::Table(t) => html_table(t, caption_repeats(before, t), &mut out),
            Block::Chart { svg, caption, .. } => {
                // The SVG carries its own <title> and <desc> (role="img").
                // Focusable, as it scrolls sideways on a phone.
                out.push_str(&format!("<figure class=\"chart\" tabindex=\"0\">{svg}<figcaption>{}</figcaption></figure>\n", esc(caption)));
            }
            Block::Fields { fields } => {
                out.push_str("<dl class=\"fields\">");
                for (k, v) in fields {
                    out.push_str(&format!("<dt>{}</dt><dd>{}</dd>", esc(k), esc(v)));
                }
                out.push_str("</dl>\n");
            }
            Block::PageBreak => out.push_str("<hr class=\"page\">\n"),
        }
    }
    let mut head = format!("<header class=\"doc-title\"><h{top}>{}</h{top}><p>{}</p></header>\n", esc(&doc.title), esc(&doc.subtitle));
    if doc.toc && !toc.is_empty() {
        let h = top + 1;
        head.push_str(&format!("<nav aria-label=\"Innehåll\" class=\"toc\"><h{h}>Innehåll</h{h}><ul>{toc}</ul></nav>\n"));
    }
    head + &out
}

/// A standalone accessible HTML document.
pub fn html(doc: &Document) -> String {
    format!(
        "<!doctype html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title><style>{css}</style></head><body><main>\n{body}</main></body></html>\n",
        t = esc(&doc.title),
        css = CSS,
        body = html_body(doc, None),
    )
}

/// Styles for the standalone HTML (the web page has its own).
pub const CSS: &str = "body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;line-height:1.5}\
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}caption{text-align:left;font-weight:600;padding:.3rem 0}\
th,td{border-bottom:1px solid #c9d0d8;padding:.25rem .5rem;text-align:left;vertical-align:top}.num{text-align:right;white-space:nowrap}\
thead th.num{white-space:normal;vertical-align:bottom;hyphens:auto}\
tr.total th,tr.total td{font-weight:700;border-top:2px solid #1b1f24}tr.group th{font-style:italic}.table-wrap{overflow-x:auto}\
a{color:#0b4f9c}figure.chart{overflow-x:auto}figure.chart svg{width:100%;min-width:34rem;height:auto}.note{font-size:.85rem}dl.fields dt{font-weight:600}dl.fields dd{margin:0 0 .4rem}\
.toc li.l2{margin-left:1.2rem}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}h1,h2,h3{overflow-wrap:break-word;hyphens:auto}:focus-visible{outline:3px solid #b34700;outline-offset:2px}";

/// DOCX in Swedish with real Heading 1–3 styles, tables with a repeated header row, and for each
/// chart its text alternative (DOCX has no SVG without a raster fallback).
pub fn docx(doc: &Document) -> Result<Vec<u8>, String> {
    use docx_rs::*;
    // A line break in a text is a break in its run (docx-rs drops a "\n" inside a text).
    let run = |t: &str, bold: bool, italic: bool| {
        let mut r = Run::new();
        for (k, line) in t.split('\n').enumerate() {
            if k > 0 {
                r = r.add_break(BreakType::TextWrapping);
            }
            r = r.add_text(line);
        }
        if bold {
            r = r.bold();
        }
        if italic {
            r = r.italic();
        }
        r
    };
    let styles = [("Title", "Title", 44), ("Heading1", "heading 1", 32), ("Heading2", "heading 2", 26), ("Heading3", "heading 3", 23)];
    let mut d = Docx::new().default_fonts(RunFonts::new().ascii("Fira Sans").hi_ansi("Fira Sans")).default_size(21);
    // The pictures' text alternatives, in their order.
    let mut alts: Vec<String> = Vec::new();
    for (id, nm, size) in styles {
        d = d.add_style(Style::new(id, StyleType::Paragraph).name(nm).size(size).bold());
    }
    d = d
        .add_paragraph(Paragraph::new().style("Title").add_run(run(&doc.title, false, false)))
        .add_paragraph(Paragraph::new().add_run(run(&doc.subtitle, false, false)));
    for (i, b) in doc.blocks.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|k| doc.blocks.get(k));
        match b {
            Block::Heading { level, text, .. } => {
                d = d.add_paragraph(Paragraph::new().style(&format!("Heading{}", level.clamp(&1, &3))).add_run(run(text, false, false)));
            }
            // A blank line parts paragraphs.
            Block::Paragraph { text, .. } => {
                for part in text.split("\n\n").map(|p| p.trim_matches('\n')).filter(|p| !p.is_empty()) {
                    d = d.add_paragraph(Paragraph::new().add_run(run(part, false, false)));
                }
            }
            Block::List { ordered, items, markers } => {
                let start = domain::report::list_start(markers) as usize;
                for (i, it) in items.iter().enumerate() {
                    let mark = if *ordered { format!("{}. ", start + i) } else { "• ".to_string() };
                    d = d.add_paragraph(Paragraph::new().indent(Some(360), None, None, None).add_run(run(
                        &format!("{mark}{it}"),
                        false,
                        false,
                    )));
                }
            }
            Block::Table(t) => {
                let numeric = numeric_columns(t);
                // A cell's lines are paragraphs of their own (a list of assignments).
                let cell = |text: &str, c: usize, bold: bool, italic: bool| {
                    text.split('\n').fold(TableCell::new(), |cell, line| {
                        let mut p = Paragraph::new().add_run(run(line, bold, italic));
                        if numeric.get(c).copied().unwrap_or(false) {
                            p = p.align(AlignmentType::Right);
                        }
                        cell.add_paragraph(p)
                    })
                };
                if !caption_repeats(before, t) {
                    d = d.add_paragraph(Paragraph::new().add_run(run(&t.caption, true, false)));
                }
                // Grouped headings: a row of the groups (merged across their columns) above the
                // columns' own headings.
                let mut rows = Vec::new();
                if let Some(groups) = t.header_groups() {
                    let top = groups.iter().map(|(g, n)| cell(g, 0, true, false).grid_span(*n)).collect();
                    rows.push(TableRow::new(top).cant_split());
                }
                rows.push(TableRow::new((0..t.header.len()).map(|c| cell(t.heading(c), c, true, false)).collect()).cant_split());
                for r in &t.rows {
                    let mut cells: Vec<TableCell> = r.cells.iter().enumerate().map(|(c, x)| cell(&x.text, c, r.total, r.group)).collect();
                    while cells.len() < t.header.len() {
                        cells.push(cell("", cells.len(), false, false));
                    }
                    rows.push(TableRow::new(cells));
                }
                d = d.add_table(Table::new(rows));
                if let Some(n) = &t.note {
                    d = d.add_paragraph(Paragraph::new().add_run(run(n, false, true).size(17)));
                }
            }
            Block::Chart { svg, alt, caption } => {
                d = d.add_paragraph(Paragraph::new().add_run(run(caption, true, false)));
                // The chart as a picture (at its size on screen), then its text alternative.
                if let Some((png, w, h)) = crate::chart::to_png(svg) {
                    // At most the text's width (16 cm; a CSS pixel is 9 525 EMU, a cm 360 000).
                    let (w_emu, h_emu) = (w as u64 * 9_525, h as u64 * 9_525);
                    let scale = (5_760_000.0 / w_emu as f64).min(1.0);
                    let pic = Pic::new_with_dimensions(png, w, h).size((w_emu as f64 * scale) as u32, (h_emu as f64 * scale) as u32);
                    d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)));
                    alts.push(format!("{caption}: {alt}"));
                }
                d = d.add_paragraph(Paragraph::new().add_run(run(&format!("Diagram: {alt}"), false, true)));
            }
            Block::Fields { fields } => {
                for (k, v) in fields {
                    d = d.add_paragraph(Paragraph::new().add_run(run(&format!("{k}: "), true, false)).add_run(run(v, false, false)));
                }
            }
            Block::PageBreak => d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page))),
        }
    }
    crate::docx::pack(d, &doc.title, &alts)
}

/// XLSX with every table on its own sheet (named by its caption, or its id), numbers as numbers with the
/// printed number of decimals, and a first sheet listing the tables with their captions.
pub fn xlsx(doc: &Document) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(&doc.title).set_author("Årshjul"));
    let bold = Format::new().set_bold();
    let tables: Vec<&Table> = doc.tables().collect();
    {
        let index = wb.add_worksheet();
        index.set_name("Innehåll").map_err(e)?;
        index.write_string_with_format(0, 0, &doc.title, &bold).map_err(e)?;
        index.write_string_with_format(1, 0, "Blad", &bold).map_err(e)?;
        index.write_string_with_format(1, 1, "Tabell", &bold).map_err(e)?;
        for (i, t) in tables.iter().enumerate() {
            index.write_string(i as u32 + 2, 0, sheet_name(t)).map_err(e)?;
            index.write_string(i as u32 + 2, 1, &t.caption).map_err(e)?;
        }
        index.set_column_width(1, 70).map_err(e)?;
    }
    let mut used = std::collections::HashSet::new();
    for t in tables {
        let mut name = sheet_name(t);
        let mut k = 2;
        while !used.insert(name.clone()) {
            name = format!("{} {k}", sheet_name(t).chars().take(28).collect::<String>().trim_end());
            k += 1;
        }
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(e)?;
        ws.write_string_with_format(0, 0, &t.caption, &bold).map_err(e)?;
        // One header row: a column's group and its own heading on one line.
        for c in 0..t.header.len() {
            ws.write_string_with_format(1, c as u16, &t.full_heading(c), &bold).map_err(e)?;
        }
        let numeric = numeric_columns(t);
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let (rr, cc) = (r as u32 + 2, c as u16);
                let nums = cell.numbers();
                let percent = cell.text.contains('%');
                // A number only where the cell is one: "Öka jämfört med 2023" in a column of
                // targets stays text (it held one number, 2 023, and was written as it).
                let is_number = nums.len() == 1 && !cell.text.contains('*') && !cell.text.chars().any(char::is_alphabetic);
                if numeric.get(c).copied().unwrap_or(false) && is_number {
                    let n = nums[0];
                    let decimals = printed_numbers(&cell.text).first().and_then(|p| p.decimals).unwrap_or(0);
                    let pattern = if decimals == 0 { "#,##0".to_string() } else { format!("#,##0.{}", "0".repeat(decimals as usize)) };
                    // A share as a share (66,6 % is 0,666 in a percent format, "0.0\ %"), so that
                    // it computes as one; the rest as printed.
                    let (value, format) = if percent { (n.as_f64() / 100.0, format!("{pattern}\\ %")) } else { (n.as_f64(), pattern) };
                    let mut fmt = Format::new().set_num_format(format);
                    if row.total {
                        fmt = fmt.set_bold();
                    }
                    ws.write_number_with_format(rr, cc, value, &fmt).map_err(e)?;
                } else if row.total {
                    ws.write_string_with_format(rr, cc, &cell.text, &bold).map_err(e)?;
                } else {
                    ws.write_string(rr, cc, &cell.text).map_err(e)?;
                }
            }
        }
        ws.set_column_width(0, 42).map_err(e)?;
        ws.set_freeze_panes(2, 1).map_err(e)?;
        if let Some(n) = &t.note {
            ws.write_string(t.rows.len() as u32 + 3, 0, n).map_err(e)?;
        }
    }
    wb.save_to_buffer().map_err(e)
}

/// A table's sheet name: its caption as far as a sheet name holds (31 characters, cut at a
/// word), else its id; without the characters sheet names cannot have.
fn sheet_name(t: &Table) -> String {
    let allowed = |s: &str| -> String { s.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).collect() };
    let caption = allowed(t.caption.trim());
    let caption = caption.trim_matches('\'').trim();
    if caption.is_empty() {
        return allowed(&t.id).chars().take(31).collect();
    }
    if caption.chars().count() <= 31 {
        return caption.to_string();
    }
    // One character more, so that a word ending at the 31st is kept whole.
    let cut: String = caption.chars().take(32).collect();
    match cut.rfind(' ') {
        Some(i) if i > 10 => cut[..i].trim_end_matches([',', '–', '-', ' ']).to_string(),
        _ => cut.chars().take(31).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::report::parse_printed;

    fn sample() -> Document {
        let mut d = parse_printed(
            "<!-- report year=2023 -->\n# Årsrapport 2023\n\n## Drift\n\nText om driften.\n\n<!-- table id=drift unit=mkr -->\n| Verksamhet | Netto | Avvikelse |\n|---|---|---|\n| Myndighet | −310,1 | −55,3 |\n| **Summa** | −902,6 | −35,5 |\n\n- punkt ett\n- punkt två\n",
        )
        .unwrap();
        d.toc = true;
        d.subtitle = "Socialnämnden, Strängnäs kommun".into();
        d
    }

    /// A numbered list broken by a nested one goes on from its printed number, in every format.
    #[test]
    fn a_numbered_list_goes_on_from_its_printed_number() {
        let d = parse_printed("1. Ett\n2. Två\n   - under\n3. Tre\n").unwrap();
        assert!(matches!(&d.blocks[2], Block::List { ordered: true, .. }), "{:?}", d.blocks);
        let h = html_body(&d, None);
        assert!(h.contains("<ol><li>Ett</li>") && h.contains("<ol start=\"3\"><li>Tre</li>"), "{h}");
        assert_eq!(data(&d)["blocks"][2]["start"], 3);
    }

    #[test]
    fn html_has_caption_header_cells_and_row_headers() {
        let h = html(&sample());
        assert!(h.contains("<html lang=\"sv\">"));
        assert!(h.contains("<caption id=\"rubrik-drift\">Drift</caption>") && h.contains("aria-labelledby=\"rubrik-drift\""));
        assert!(h.contains("<th scope=\"col\" class=\"num\">Netto</th>"));
        assert!(h.contains("<th scope=\"row\">Myndighet</th>"));
        assert!(h.contains("<tr class=\"total\">"));
    }

    /// A caption that repeats the heading above it ("Prognossäkerhet (mkr)" over "Prognossäkerhet")
    /// is printed once: hidden in HTML (a screen reader still reads it), left out of PDF and Word.
    #[test]
    fn a_caption_repeating_its_heading_is_shown_once() {
        let mut d = sample();
        let at = d.blocks.iter().position(|b| matches!(b, Block::Table(_))).unwrap();
        let Block::Table(t) = &mut d.blocks[at] else { unreachable!() };
        t.caption = "Prognossäkerhet".into();
        d.blocks.insert(at, Block::Heading { level: 2, text: "Prognossäkerhet (mkr)".into(), key: None });
        assert!(html(&d).contains("<caption id=\"rubrik-drift\" class=\"visually-hidden\">Prognossäkerhet</caption>"));
        assert_eq!(data(&d)["blocks"][at + 1]["caption_repeats"], true);
        let Block::Table(t) = &mut d.blocks[at + 1] else { unreachable!() };
        t.caption = "Prognos för årets avvikelse".into();
        assert!(html(&d).contains("<caption id=\"rubrik-drift\">Prognos för årets avvikelse</caption>"));
        assert!(data(&d)["blocks"][at + 1].get("caption_repeats").is_none());
    }

    /// Headings grouped under a common one (S's "2023" over its two columns) are two header rows
    /// in HTML, PDF and Word, and one line per column in a spreadsheet.
    #[test]
    fn grouped_headings_are_two_header_rows() {
        let mut d = sample();
        let Some(Block::Table(t)) = d.blocks.iter_mut().find(|b| matches!(b, Block::Table(_))) else { panic!("a table") };
        let g = domain::report::HEADER_GROUP;
        t.header = vec!["Verksamhet".into(), format!("2023{g}Netto"), format!("2023{g}Avvikelse")];
        assert_eq!(t.header_groups(), Some(vec![(String::new(), 1), ("2023".into(), 2)]));
        assert_eq!((t.heading(1), t.full_heading(2).as_str()), ("Netto", "2023 Avvikelse"));
        let h = html(&d);
        assert!(
            h.contains("<th scope=\"col\" rowspan=\"2\">Verksamhet</th><th scope=\"colgroup\" colspan=\"2\">2023</th></tr><tr>"),
            "{h}"
        );
        assert!(h.contains("<th scope=\"col\" class=\"num\">Netto</th>"), "{h}");
        assert!(pdf(&d).unwrap().starts_with(b"%PDF"));
        let xml = docx_rs::read_docx(&docx(&d).unwrap()).unwrap().json();
        assert!(xml.contains("\"2023\"") && xml.contains("gridSpan"), "{xml}");
        assert!(!xml.contains('\u{1f}') && !h.contains('\u{1f}'), "no separator reaches the reader");
    }

    #[test]
    fn pdf_ua_with_a_chart() {
        let mut d = sample();
        let svg = crate::chart::bar_chart(
            &crate::chart::BarChart {
                title: "Avvikelse".into(),
                description: "Myndighet −55,3".into(),
                labels: vec!["Myndighet".into()],
                values: vec![-55.3],
                value_labels: vec!["−55,3".into()],
            },
            600,
            120,
        )
        .unwrap();
        d.blocks.push(Block::Chart { svg, alt: "Avvikelse per verksamhet: Myndighet −55,3 mkr".into(), caption: "Avvikelse".into() });
        d.blocks.push(Block::Fields { fields: vec![("Handläggare".into(), "Controller".into())] });
        d.blocks.push(Block::PageBreak);
        let pdf = pdf(&d).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }

    #[test]
    fn line_breaks_and_blank_lines_survive_in_docx_and_html() {
        let mut d = sample();
        d.blocks.push(Block::Paragraph { text: "Första raden\nandra raden\n\nNytt stycke.".into(), key: None });
        let h = html_body(&d, None);
        assert!(h.contains("<p>Första raden<br>\nandra raden</p>\n<p>Nytt stycke.</p>"), "{h}");
        let bytes = docx(&d).unwrap();
        let xml = docx_rs::read_docx(&bytes).unwrap().json();
        assert!(xml.contains("\"Första raden\"") && xml.contains("\"andra raden\"") && xml.contains("textWrapping"), "{xml}");
        assert!(!xml.contains("Första radenandra raden"), "the lines are not glued together");
    }

    #[test]
    fn an_emoji_in_a_text_does_not_stop_the_pdf() {
        let mut d = sample();
        d.blocks.push(Block::Paragraph {
            text: "Bra jobbat 👍 av alla ❤️ 🇸🇪 ✅ ❌ ✨, ●▲▼◆ och åäö.".into(), key: None
        });
        let pdf = pdf(&d).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }

    #[test]
    fn a_wide_table_of_text_gets_widths_after_its_contents() {
        let doc = parse_printed(
            "<!-- report year=2021 -->\n# Egenkontroll\n\n<!-- table id=egen unit=text -->\n| Kontroll | Beskrivning | Enhet | Frekvens | Resultat |\n|---|---|---|---|---|\n| Hygienrond | Kontroll av städning och lokaler utifrån förutsättningar | BOSS | Vid behov | Vid hygienrond uppmärksammades att det fanns vissa brister avseende följsamhet |\n",
        )
        .unwrap();
        let d = data(&doc);
        let t = d["blocks"].as_array().unwrap().iter().find(|b| b["type"] == "table").unwrap();
        let w: Vec<u64> = t["weights"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
        // Short columns as wide as their text; the long ones share the rest, the longest most.
        assert_eq!((w[0], w[2], w[3]), (0, 0, 0), "{w:?}");
        assert!(w[4] > w[1] && w[1] > 0, "{w:?}");
    }

    #[test]
    fn xlsx_writes_numbers_as_numbers_and_text_as_text() {
        use calamine::{Data, Reader};
        let doc = parse_printed(
            "<!-- report year=2023 -->\n# Mål\n\n<!-- table id=mal unit=procent -->\n| Indikator | Utfall | Mål |\n|---|---|---|\n| Nöjdhet | 84,5 | Öka jämfört med 2023 |\n| Sjukfrånvaro | 10,74 | 9 |\n| Omsättning | 12 | 10 |\n",
        )
        .unwrap();
        let bytes = xlsx(&doc).unwrap();
        let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        // The sheet after the index, named by the table's caption.
        let sheet = wb.sheet_names()[1].clone();
        assert_eq!(sheet, doc.tables().next().unwrap().caption);
        let range = wb.worksheet_range(&sheet).unwrap();
        assert_eq!(range.get_value((2, 1)), Some(&Data::Float(84.5)));
        assert_eq!(range.get_value((2, 2)), Some(&Data::String("Öka jämfört med 2023".into())), "a target in words stays words");
        assert_eq!(range.get_value((3, 1)), Some(&Data::Float(10.74)));
        assert_eq!(range.get_value((3, 2)), Some(&Data::Float(9.0)), "the targets' column is one of numbers");
        // A share printed with a per cent sign is written as a share in a percent format.
        let doc = parse_printed("<!-- report year=2023 -->\n# Ekonomi\n\n<!-- table id=andel unit=procent -->\n| Verksamhet | Andel |\n|---|---|\n| Äldreomsorg | 12,5 % |\n").unwrap();
        let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(xlsx(&doc).unwrap())).unwrap();
        let sheet = wb.sheet_names()[1].clone();
        assert_eq!(wb.worksheet_range(&sheet).unwrap().get_value((2, 1)), Some(&Data::Float(0.125)));
        // A sheet is named by its table's caption, cut at a word where it is long.
        let mut t = doc.tables().next().unwrap().clone();
        t.caption = "Målbedömning 2024".into();
        assert_eq!(sheet_name(&t), "Målbedömning 2024");
        t.caption = "Budgetföljsamhet per verksamhet 2024: avvikelse mot budget".into();
        assert_eq!(sheet_name(&t), "Budgetföljsamhet per verksamhet");
        t.caption = "Prognossäkerhet: prognoserna under året mot utfallet".into();
        assert_eq!(sheet_name(&t), "Prognossäkerhet prognoserna");
    }

    #[test]
    fn docx_tables_have_header_rows_and_the_document_is_in_swedish() {
        let mut d = sample();
        let table = d.blocks.iter().find(|b| matches!(b, Block::Table(_))).cloned().unwrap();
        d.blocks.push(table);
        crate::docx::tests::assert_accessible(&docx(&d).unwrap(), 2);
    }

    /// A chart goes into Word as a picture (drawn from its SVG with our fonts), followed by its
    /// text alternative.
    #[test]
    fn docx_charts_are_pictures_with_their_text_alternative() {
        let mut d = sample();
        let svg = crate::chart::bar_chart(
            &crate::chart::BarChart {
                title: "Avvikelse".into(),
                description: "Myndighet −55,3".into(),
                labels: vec!["Myndighet".into(), "IFO".into()],
                values: vec![-55.3, 12.1],
                value_labels: vec!["−55,3".into(), "12,1".into()],
            },
            600,
            160,
        )
        .unwrap();
        let (png, w, h) = crate::chart::to_png(&svg).expect("drawn");
        assert!(png.starts_with(&[137, 80, 78, 71]) && (w, h) == (600, 160));
        d.blocks.push(Block::Chart { svg, alt: "Avvikelse per verksamhet: Myndighet −55,3 mkr".into(), caption: "Avvikelse".into() });
        let bytes = docx(&d).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
        let media: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().to_string())
            .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
            .collect();
        assert_eq!(media.len(), 1, "{media:?}");
        let xml = docx_rs::read_docx(&bytes).unwrap().json();
        assert!(xml.contains("Diagram: Avvikelse per verksamhet: Myndighet −55,3 mkr"), "the text alternative stays");
        // Two pictures: each its own drawing id, each described for a screen reader.
        d.blocks.push(d.blocks.last().unwrap().clone());
        let bytes = docx(&d).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut document = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut document).unwrap();
        let ids: Vec<&str> =
            document.match_indices("<wp:docPr ").map(|(i, _)| &document[i..i + document[i..].find('>').unwrap()]).collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids[0].contains("id=\"1\"") && ids[1].contains("id=\"2\""), "{ids:?}");
        assert!(ids.iter().all(|t| t.contains("descr=\"Avvikelse: Avvikelse per verksamhet: Myndighet −55,3 mkr\"")), "{ids:?}");
    }

    #[test]
    fn docx_is_a_package_with_heading_styles() {
        let bytes = docx(&sample()).unwrap();
        let s = String::from_utf8_lossy(&bytes);
        assert!(bytes.starts_with(b"PK"));
        assert!(s.contains("word/document.xml"));
    }
}
