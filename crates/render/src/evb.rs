//! EVB outputs: IVO's per-individual list (CSV, XLSX) and the de-identified statistics report
//! for kommunfullmäktige and the auditors (HTML, CSV).
//!
//! The statistics are built from [`domain::evb::Statistics`], which holds counts only, so no
//! pseudonym can reach them; the IVO list is the one output that carries identity.

use domain::evb::*;
use domain::period::Date;

/// The columns of the IVO list, in order.
pub const IVO_HEADER: [&str; 18] = [
    "Mätperiod",
    "Rapporteringsperiod",
    "Kategori",
    "Beslut",
    "Pseudonym",
    "Kön",
    "Lagrum",
    "Insats",
    "Insats (som skriven)",
    "Beslutsdatum",
    "Avbrottsdatum",
    "Tremånadersgräns",
    "Verkställt",
    "Avslutat",
    "Dagar från beslut till brytdag",
    "Skäl till dröjsmål",
    "Tillfällig insats",
    "Erbjudanden och händelser",
];

/// The IVO list's rows: one per reported decision.
pub fn ivo_rows(
    info: &ReportInfo,
    catalog: &InsatsCatalog,
    law_refs: &[LawRef],
    decisions: &[Decision],
    rows: &[Reported],
) -> Vec<Vec<String>> {
    rows.iter()
        .filter_map(|r| decisions.iter().find(|d| d.id == r.id).map(|d| (r, d)))
        .map(|(r, d)| {
            vec![
                info.measured.label_sv(),
                info.reporting.label_sv(),
                r.category.short_sv().to_string(),
                d.id.clone(),
                d.pseudonym.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default(),
                match d.sex() {
                    Some(Sex::Female) => "Kvinna".into(),
                    Some(Sex::Male) => "Man".into(),
                    None => String::new(),
                },
                law_ref(law_refs, &d.law, d.decided).map(|l| l.label.clone()).unwrap_or_else(|| d.law.clone()),
                catalog.get(&d.insats).map(|t| t.name.clone()).unwrap_or_else(|| d.insats.clone()),
                d.insats_text.clone(),
                d.decided.to_string(),
                d.interrupted.map(|x| x.to_string()).unwrap_or_default(),
                d.limit().to_string(),
                d.executed.filter(|e| *e <= info.cutoff).map(|x| x.to_string()).unwrap_or_default(),
                if d.closed { d.closed_on.map(|c| c.to_string()).unwrap_or_else(|| "ja".into()) } else { String::new() },
                d.days_open(d.executed.filter(|e| *e <= info.cutoff).unwrap_or(info.cutoff)).to_string(),
                d.reason.clone(),
                d.interim.clone(),
                d.events.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
            ]
        })
        .collect()
}

/// The IVO list as `;`-separated CSV (UTF-8, quoted where needed).
pub fn ivo_csv(rows: &[Vec<String>]) -> String {
    crate::csv_text(&IVO_HEADER, rows)
}

/// The IVO list as a spreadsheet.
pub fn ivo_xlsx(rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let widths = [10.0, 12.0, 24.0, 8.0, 16.0, 8.0, 26.0, 22.0, 28.0, 12.0, 12.0, 14.0, 12.0, 10.0, 10.0, 50.0, 24.0, 50.0];
    crate::xlsx::simple_sheet("IVO", &IVO_HEADER, rows, &widths)
}

/// The statistics report's content.
#[derive(Debug, Clone)]
pub struct StatisticsReport<'a> {
    /// Municipality name.
    pub municipality: &'a str,
    /// The report.
    pub info: &'a ReportInfo,
    /// The counts.
    pub stats: &'a Statistics,
    /// Insats names.
    pub catalog: &'a InsatsCatalog,
    /// The law reference printed in the introduction.
    pub law: Option<&'a LawRef>,
    /// Waiting days of the open decisions at the cut-off.
    pub open_waiting: Option<Waiting>,
    /// Waiting days of the executed ones.
    pub executed_waiting: Option<Waiting>,
}

fn name<'a>(catalog: &'a InsatsCatalog, key: &'a str) -> &'a str {
    catalog.get(key).map(|t| t.name.as_str()).unwrap_or(key)
}

fn tenths(v: i64) -> String {
    domain::sv::format_fixed(v as i128, 1)
}

/// The introduction of the statistics report.
pub fn introduction(r: &StatisticsReport<'_>) -> String {
    let law = r.law.map(|l| l.label.as_str()).unwrap_or("lagen");
    format!(
        "Enligt {law} ska nämnden rapportera gynnande beslut som inte har verkställts inom tre månader från beslutsdagen, \
         och beslut vars verkställighet har avbrutits och inte återupptagits inom tre månader. Rapporten avser {} med brytdag {}. \
         Uppgifterna är avidentifierade: här redovisas endast antal.",
        r.info.measured.label_sv(),
        r.info.cutoff
    )
}

/// The statistics as a self-contained Swedish HTML document (tables with captions and headers).
pub fn statistics_html(r: &StatisticsReport<'_>) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let title = statistics_title(r);
    let mut h = format!(
        "<!doctype html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#1b1f24}}table{{border-collapse:collapse;margin:1rem 0}}\
         th,td{{border-bottom:1px solid #c9d0d8;padding:.3rem .6rem;text-align:left}}td.num,th.num{{text-align:right}}caption{{text-align:left;font-weight:bold}}</style>\
         </head><body><main>\n<h1>{t}</h1>\n<p>{m}. {case}</p>\n<p>{intro}</p>\n",
        t = esc(&title),
        m = esc(r.municipality),
        case = if r.info.case_number.is_empty() { String::new() } else { format!("Diarienummer {}.", esc(&r.info.case_number)) },
        intro = esc(&introduction(r)),
    );
    let totals = r.stats.totals();
    h.push_str("<table><caption>Beslut per insats och rapporteringsrubrik</caption><thead><tr><th scope=\"col\">Insats</th>");
    for c in Category::ALL {
        h.push_str(&format!("<th scope=\"col\" class=\"num\">{}</th>", esc(c.short_sv())));
    }
    h.push_str(
        "<th scope=\"col\" class=\"num\">Totalt</th><th scope=\"col\" class=\"num\">Ej verkställda vid brytdagen</th></tr></thead><tbody>",
    );
    for (key, c) in &r.stats.by_category {
        h.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(name(r.catalog, key))));
        for v in c {
            h.push_str(&format!("<td class=\"num\">{v}</td>"));
        }
        h.push_str(&format!("<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>", c.iter().sum::<u32>(), c[2] + c[3]));
    }
    h.push_str("<tr><th scope=\"row\">Totalt</th>");
    for v in totals {
        h.push_str(&format!("<td class=\"num\">{v}</td>"));
    }
    h.push_str(&format!(
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr></tbody></table>\n",
        totals.iter().sum::<u32>(),
        r.stats.open()
    ));
    h.push_str("<table><caption>Ej verkställda beslut vid brytdagen efter tid sedan beslut (hela månader)</caption><thead><tr><th scope=\"col\">Insats</th>");
    for l in &r.stats.band_labels {
        h.push_str(&format!("<th scope=\"col\" class=\"num\">{}</th>", esc(l)));
    }
    h.push_str("<th scope=\"col\" class=\"num\">Totalt</th></tr></thead><tbody>");
    for (key, b) in &r.stats.by_band {
        h.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(name(r.catalog, key))));
        for v in b {
            h.push_str(&format!("<td class=\"num\">{v}</td>"));
        }
        h.push_str(&format!("<td class=\"num\">{}</td></tr>", b.iter().sum::<u32>()));
    }
    let band_totals = band_totals(r);
    h.push_str("<tr><th scope=\"row\">Totalt</th>");
    for v in &band_totals {
        h.push_str(&format!("<td class=\"num\">{v}</td>"));
    }
    h.push_str(&format!("<td class=\"num\">{}</td></tr></tbody></table>\n", band_totals.iter().sum::<u32>()));
    let [f, m, u] = r.stats.by_sex;
    h.push_str(&format!(
        "<table><caption>Ej verkställda beslut vid brytdagen efter kön</caption><thead><tr><th scope=\"col\">Kvinnor/flickor</th><th scope=\"col\">Män/pojkar</th><th scope=\"col\">Uppgift saknas</th></tr></thead>\
         <tbody><tr><td class=\"num\">{f}</td><td class=\"num\">{m}</td><td class=\"num\">{u}</td></tr></tbody></table>\n"
    ));
    if r.executed_waiting.is_none() && r.open_waiting.is_none() {
        h.push_str(
            "<p id=\"ingen-vantetid\">Väntetid i kalenderdagar: inga beslut att räkna på under kvartalet.</p>\n</main></body></html>\n",
        );
        return h;
    }
    h.push_str("<table><caption>Väntetid i kalenderdagar</caption><thead><tr><th scope=\"col\">Urval</th><th scope=\"col\" class=\"num\">Antal</th><th scope=\"col\" class=\"num\">Kortast</th><th scope=\"col\" class=\"num\">Längst</th><th scope=\"col\" class=\"num\">Medel</th><th scope=\"col\" class=\"num\">Median</th></tr></thead><tbody>");
    for (label, w) in
        [("Verkställda: beslut till verkställighet", r.executed_waiting), ("Ej verkställda: beslut till brytdagen", r.open_waiting)]
    {
        if let Some(w) = w {
            h.push_str(&format!(
                "<tr><th scope=\"row\">{label}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                w.n,
                w.min,
                w.max,
                tenths(w.mean_tenths),
                tenths(w.median_tenths)
            ));
        }
    }
    h.push_str("</tbody></table>\n</main></body></html>\n");
    h
}

/// The column sums of the waiting-months table.
fn band_totals(r: &StatisticsReport<'_>) -> Vec<u32> {
    (0..r.stats.band_labels.len()).map(|i| r.stats.by_band.iter().map(|(_, b)| b.get(i).copied().unwrap_or(0)).sum()).collect()
}

/// The statistics report's title: the stored report's own (capitalised: a register may write
/// it as a sentence goes on), or one for the quarter.
fn statistics_title(r: &StatisticsReport<'_>) -> String {
    if r.info.title.is_empty() {
        format!("Ej verkställda beslut – statistik {}", r.info.measured.label_sv())
    } else {
        format!("{} – statistik", domain::sv::capitalise(&r.info.title))
    }
}

/// The statistics report's data for the typst template (counts only, by construction).
pub fn statistics_data(r: &StatisticsReport<'_>) -> serde_json::Value {
    let title = statistics_title(r);
    let waiting: Vec<serde_json::Value> = [("Verkställda: beslut till verkställighet", r.executed_waiting), ("Ej verkställda: beslut till brytdagen", r.open_waiting)]
        .into_iter()
        .filter_map(|(label, w)| {
            w.map(|w| serde_json::json!({ "label": label, "n": w.n, "min": w.min, "max": w.max, "mean": tenths(w.mean_tenths), "median": tenths(w.median_tenths) }))
        })
        .collect();
    serde_json::json!({
        "title": title,
        "municipality": r.municipality,
        "case_number": if r.info.case_number.is_empty() { String::new() } else { format!("Diarienummer {}.", r.info.case_number) },
        "intro": introduction(r),
        "cutoff": r.info.cutoff.to_string(),
        "headings": Category::ALL.iter().map(|c| c.short_sv()).collect::<Vec<_>>(),
        "rows": r.stats.by_category.iter().map(|(k, c)| serde_json::json!({ "name": name(r.catalog, k), "counts": c, "total": c.iter().sum::<u32>(), "open": c[2] + c[3] })).collect::<Vec<_>>(),
        "totals": r.stats.totals(),
        "total": r.stats.totals().iter().sum::<u32>(),
        "open": r.stats.open(),
        "band_labels": r.stats.band_labels,
        "bands": r.stats.by_band.iter().map(|(k, b)| serde_json::json!({ "name": name(r.catalog, k), "counts": b, "total": b.iter().sum::<u32>() })).collect::<Vec<_>>(),
        "band_totals": band_totals(r),
        "by_sex": r.stats.by_sex,
        "waiting": waiting,
    })
}

/// The statistics report as PDF/UA-1.
pub fn statistics_pdf(r: &StatisticsReport<'_>) -> Result<Vec<u8>, String> {
    crate::pdf::pdf_ua("evb_statistics.typ", &statistics_data(r))
}

/// The statistics report as DOCX in Swedish, with real heading styles and repeated table header rows.
pub fn statistics_docx(r: &StatisticsReport<'_>) -> Result<Vec<u8>, String> {
    use docx_rs::*;
    let d = statistics_data(r);
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    let cell = |t: String, bold: bool| {
        let mut run = Run::new().add_text(t);
        if bold {
            run = run.bold();
        }
        TableCell::new().add_paragraph(Paragraph::new().add_run(run))
    };
    let table = |header: Vec<String>, rows: Vec<Vec<String>>| {
        let mut t = vec![TableRow::new(header.into_iter().map(|h| cell(h, true)).collect()).cant_split()];
        t.extend(rows.into_iter().map(|r| TableRow::new(r.into_iter().map(|c| cell(c, false)).collect())));
        Table::new(t)
    };
    let heading = |t: &str, level: usize| Paragraph::new().style(&format!("Heading{level}")).add_run(Run::new().add_text(t));
    let para = |t: String| Paragraph::new().add_run(Run::new().add_text(t));
    let mut header = vec!["Insats".to_string()];
    header.extend(Category::ALL.iter().map(|c| c.short_sv().to_string()));
    header.extend(["Totalt".into(), "Ej verkställda vid brytdagen".into()]);
    let mut rows: Vec<Vec<String>> = r
        .stats
        .by_category
        .iter()
        .map(|(k, c)| {
            let mut row = vec![name(r.catalog, k).to_string()];
            row.extend(c.iter().map(u32::to_string));
            row.extend([c.iter().sum::<u32>().to_string(), (c[2] + c[3]).to_string()]);
            row
        })
        .collect();
    let mut total = vec!["Totalt".to_string()];
    total.extend(r.stats.totals().iter().map(u32::to_string));
    total.extend([r.stats.totals().iter().sum::<u32>().to_string(), r.stats.open().to_string()]);
    rows.push(total);
    let mut band_header = vec!["Insats".to_string()];
    band_header.extend(r.stats.band_labels.iter().cloned());
    band_header.push("Totalt".into());
    let mut band_rows: Vec<Vec<String>> = r
        .stats
        .by_band
        .iter()
        .map(|(k, b)| {
            let mut row = vec![name(r.catalog, k).to_string()];
            row.extend(b.iter().map(u32::to_string));
            row.push(b.iter().sum::<u32>().to_string());
            row
        })
        .collect();
    if !band_rows.is_empty() {
        // The totals row, as the HTML and PDF print it.
        let sums = band_totals(r);
        let mut total = vec!["Totalt".to_string()];
        total.extend(sums.iter().map(u32::to_string));
        total.push(sums.iter().sum::<u32>().to_string());
        band_rows.push(total);
    }
    // Waiting times, from the same data as the PDF.
    let waiting_rows: Vec<Vec<String>> = d["waiting"]
        .as_array()
        .map(|ws| ws.iter().map(|w| ["label", "n", "min", "max", "mean", "median"].iter().map(|k| text(&w[*k])).collect()).collect())
        .unwrap_or_default();
    let styles = [("Heading1", "heading 1", 32), ("Heading2", "heading 2", 26)];
    let mut doc = Docx::new().default_fonts(RunFonts::new().ascii("Fira Sans").hi_ansi("Fira Sans")).default_size(21);
    for (id, nm, size) in styles {
        doc = doc.add_style(Style::new(id, StyleType::Paragraph).name(nm).size(size).bold());
    }
    let [f, m, u] = r.stats.by_sex;
    doc = doc
        .add_paragraph(heading(&text(&d["title"]), 1))
        .add_paragraph(para(format!("{}. {}", r.municipality, text(&d["case_number"]))))
        .add_paragraph(para(introduction(r)))
        .add_paragraph(heading(&format!("Antal beslut per insats och rapporteringsrubrik, brytdag {}", r.info.cutoff), 2))
        .add_table(table(header, rows));
    if !band_rows.is_empty() {
        doc = doc
            .add_paragraph(heading("Ej verkställda beslut vid brytdagen efter hela månader sedan beslut", 2))
            .add_table(table(band_header, band_rows));
    }
    doc = doc.add_paragraph(para(format!("Efter kön: kvinnor/flickor {f}, män/pojkar {m}, uppgift saknas {u}.")));
    if !waiting_rows.is_empty() {
        let header = ["Urval", "Antal", "Kortast", "Längst", "Medel", "Median"].map(String::from).to_vec();
        doc = doc.add_paragraph(heading("Väntetid i kalenderdagar", 2)).add_table(table(header, waiting_rows));
    }
    crate::docx::pack(doc, d["title"].as_str().unwrap_or_default(), &[])
}

/// One sentence per decision for the committee's case paper, in B's form: insats, decision
/// date, what has happened and why — never who (no pseudonym, sex or age).
pub fn case_sentence(catalog: &InsatsCatalog, d: &Decision, category: Category, cutoff: Date) -> String {
    let insats = if d.insats_text.is_empty() { name(catalog, &d.insats).to_string() } else { d.insats_text.clone() };
    let mut s = match category {
        Category::Executed => format!(
            "Beslut om {insats} fattat {} verkställdes {} ({} dagar efter beslut).",
            d.decided,
            d.executed.map(|e| e.to_string()).unwrap_or_default(),
            d.days_to_execution().unwrap_or_default()
        ),
        Category::ClosedNotExecuted => format!("Beslut om {insats} fattat {} har avslutats utan att verkställas.", d.decided),
        Category::StillOpen | Category::New => {
            format!("Beslut om {insats} fattat {} är inte verkställt ({} dagar vid brytdagen {cutoff}).", d.decided, d.days_open(cutoff))
        }
    };
    if !d.reason.is_empty() {
        s.push_str(&format!(" Skäl: {}.", d.reason.trim_end_matches('.')));
    }
    if !d.interim.is_empty() {
        s.push_str(&format!(" Tillfällig insats: {}.", d.interim.trim_end_matches('.')));
    }
    s
}

/// The case paper's data: the four headings with their sentences, by decision date.
pub fn case_paper_data(r: &StatisticsReport<'_>, decisions: &[Decision], rows: &[Reported]) -> serde_json::Value {
    let sections: Vec<serde_json::Value> = Category::ALL
        .iter()
        .map(|c| {
            let items: Vec<String> = rows
                .iter()
                .filter(|x| x.category == *c)
                .filter_map(|x| decisions.iter().find(|d| d.id == x.id))
                .map(|d| case_sentence(r.catalog, d, *c, r.info.cutoff))
                .collect();
            serde_json::json!({ "heading": c.heading_sv(), "count": items.len(), "items": items })
        })
        .collect();
    let mut data = statistics_data(r);
    data["title"] = serde_json::Value::String(if r.info.title.is_empty() {
        format!("Sammanställning av ej verkställda beslut – {}", r.info.measured.label_sv())
    } else {
        r.info.title.clone()
    });
    data["sections"] = serde_json::Value::Array(sections);
    data["intro"] = serde_json::Value::String(case_intro(r));
    data
}

/// The introduction of the case paper: as the statistics', but it lists decisions.
fn case_intro(r: &StatisticsReport<'_>) -> String {
    introduction(r).replace(
        "Uppgifterna är avidentifierade: här redovisas endast antal.",
        "Uppgifterna är avidentifierade: inga namn, personnummer, kön eller åldrar.",
    )
}

/// The case paper as PDF/UA-1.
pub fn case_paper_pdf(r: &StatisticsReport<'_>, decisions: &[Decision], rows: &[Reported]) -> Result<Vec<u8>, String> {
    crate::pdf::pdf_ua("evb_case_paper.typ", &case_paper_data(r, decisions, rows))
}

/// The case paper as HTML.
pub fn case_paper_html(r: &StatisticsReport<'_>, decisions: &[Decision], rows: &[Reported]) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let d = case_paper_data(r, decisions, rows);
    let title = d["title"].as_str().unwrap_or_default().to_string();
    let mut h = format!(
        "<!doctype html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{t}</title><style>body{{font-family:sans-serif;max-width:50rem;margin:2rem auto;color:#1b1f24}}</style></head><body><main>\n<h1>{t}</h1>\n<p>{m}. {c}</p>\n<p>{i}</p>\n",
        t = esc(&title),
        m = esc(r.municipality),
        c = esc(d["case_number"].as_str().unwrap_or_default()),
        i = esc(&case_intro(r)),
    );
    for sec in d["sections"].as_array().into_iter().flatten() {
        h.push_str(&format!("<h2>{} ({})</h2>\n", esc(sec["heading"].as_str().unwrap_or_default()), sec["count"]));
        let items = sec["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            h.push_str("<p>Inga beslut.</p>\n");
        } else {
            h.push_str("<ol>");
            for i in items {
                h.push_str(&format!("<li>{}</li>", esc(i.as_str().unwrap_or_default())));
            }
            h.push_str("</ol>\n");
        }
    }
    h.push_str("</main></body></html>\n");
    h
}

/// The statistics as CSV: one row per insats with the category and band counts.
pub fn statistics_csv(r: &StatisticsReport<'_>) -> String {
    let mut header: Vec<String> = vec!["Insats".into()];
    header.extend(Category::ALL.iter().map(|c| c.short_sv().to_string()));
    header.push("Ej verkställda vid brytdagen".into());
    header.extend(r.stats.band_labels.iter().cloned());
    let rows: Vec<Vec<String>> = r
        .stats
        .by_category
        .iter()
        .map(|(key, c)| {
            let mut row = vec![name(r.catalog, key).to_string()];
            row.extend(c.iter().map(u32::to_string));
            row.push((c[2] + c[3]).to_string());
            let bands =
                r.stats.by_band.iter().find(|(k, _)| k == key).map(|(_, b)| b.clone()).unwrap_or(vec![0; r.stats.band_labels.len()]);
            row.extend(bands.iter().map(u32::to_string));
            row
        })
        .collect();
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    crate::csv_text(&h, &rows)
}

/// Days left to each alert's limit, as shown in the alert list ("om 11 dagar", "passerad för 3 dagar sedan").
pub fn days_left_sv(today: Date, limit: Date) -> String {
    let n = today.days_until(limit);
    match n {
        0 => "i dag".into(),
        n if n > 0 => format!("om {n} dagar"),
        n => format!("passerad för {} dagar sedan", -n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::period::Period;

    #[test]
    fn statistics_docx_tables_have_header_rows_and_the_document_is_in_swedish() {
        let catalog = InsatsCatalog::default();
        let info = ReportInfo {
            key: "2021Q4".into(),
            measured: Period::parse("2021-Q4").unwrap(),
            reporting: Period::parse("2022-Q1").unwrap(),
            cutoff: Date::new(2021, 12, 31).unwrap(),
            meeting: None,
            case_number: "SN 2022/1".into(),
            title: String::new(),
        };
        let stats = Statistics {
            cutoff: info.cutoff,
            by_category: vec![("boende".into(), [1, 0, 2, 1]), ("kontakt".into(), [0, 1, 0, 1])],
            by_band: vec![("boende".into(), vec![1, 1, 1, 0])],
            by_sex: [2, 1, 0],
            band_labels: Bands::default().labels(),
        };
        let w = Waiting { n: 3, min: 100, max: 300, mean_tenths: 2003, median_tenths: 2000 };
        let r = StatisticsReport {
            municipality: "Strängnäs kommun",
            info: &info,
            stats: &stats,
            catalog: &catalog,
            law: None,
            open_waiting: Some(w),
            executed_waiting: Some(w),
        };
        crate::docx::tests::assert_accessible(&statistics_docx(&r).unwrap(), 3);
    }
}
