//! The report checker (granskning): reads a [`Document`] as the committee will read it and lists
//! what does not add up — totals that are not the sum of their rows, formulas that do not hold,
//! percentages that do not match their amounts, numbers in the narrative that contradict the
//! tables, count sentences against the assessments, decision references out of range, typos,
//! names that differ between tables, formatting slips.
//!
//! Tables declare their own arithmetic ([`Rule`]); the checker knows nothing about a particular
//! municipality. A value generated from data is exact, so a rounding gap is only ever reported
//! for values typed in as printed — and then as [`Severity::Info`] when the gap is within what
//! rounding can explain, [`Severity::Warning`] when it is not.

use crate::checks::Severity;
use crate::economy::DecisionRef;
use crate::period::Date;
use crate::report::{Block, Document, NANO, Num, Op, Row, RowRef, Rule, Table, Unit, printed_numbers};
use serde::Serialize;

/// One finding, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule id: a table rule (`sum`, `formula`, `same`, `pct`, `hundred`, `equal`, `definition`,
    /// `required`, `groups`, `cumulative`, `fact`, `share`, `attain`, `decision`, `footnotes`) or
    /// a text check (`count-sentence`, `typo`, `case-number`, `numbering`, `letters`,
    /// `truncated`, `minus-space`, `decimals`, `naming`, `future`, `date-order`, `period`,
    /// `bands`, `carry-over`, `same-item`, `figure`, `unit`), `at-most`, `missing-data` for a generated table without data, or
    /// `incomplete-data` for one made from a ledger that stops before its period ends.
    pub rule: &'static str,
    /// How serious.
    pub severity: Severity,
    /// Where: "Tabell drift, rad «Myndighet», kolumn «Avvikelse 2023»" or a text excerpt.
    pub location: String,
    /// Table id, when in a table.
    pub table: Option<String>,
    /// Section key, when in a narrative section.
    pub section: Option<String>,
    /// What is wrong, in Swedish, with the figures.
    pub message: String,
}

struct Ctx<'d> {
    doc: &'d Document,
    out: Vec<Finding>,
}

fn fmt(n: i128, decimals: u8) -> String {
    Num { nano: n, decimals: None }.present(decimals)
}

fn shown(n: Num) -> u8 {
    n.decimals.unwrap_or(1).max(1)
}

fn first(row: &Row, col: usize) -> Option<Num> {
    row.cells.get(col).and_then(|c| c.numbers().first().copied())
}

/// A column's heading with its group, as messages name it ("2023 Planerad årseffekt").
fn header(t: &Table, col: usize) -> String {
    t.full_heading(col)
}

fn loc(t: &Table, row: Option<usize>, col: Option<usize>) -> String {
    let mut s = format!("Tabell «{}»", if t.caption.is_empty() { &t.id } else { &t.caption });
    if let Some(r) = row.and_then(|r| t.rows.get(r)) {
        // A row under a grouping label (a goal under its perspective) has its first cell empty:
        // it is named by its first text instead, with the group above it. The group's first row
        // carries the label itself, and is named by it and its own text the same way.
        let own = |from: usize| r.cells.iter().skip(from).map(|c| c.text.trim()).find(|x| x.chars().any(char::is_alphabetic)).unwrap_or("");
        let grouped = t.rows.iter().any(|r| r.label().is_empty());
        let l = match r.label() {
            "" => {
                let group = t.rows[..row.unwrap_or(0)].iter().rev().map(Row::label).find(|x| !x.is_empty());
                match (group, own(0)) {
                    (Some(g), o) if !o.is_empty() => format!("{g} – {o}"),
                    (_, o) if !o.is_empty() => o.to_string(),
                    _ => "(tom)".to_string(),
                }
            }
            l if grouped && !own(1).is_empty() => format!("{l} – {}", own(1)),
            l => l.to_string(),
        };
        s.push_str(&format!(", rad «{l}»"));
    }
    if let Some(c) = col {
        s.push_str(&format!(", kolumn «{}»", header(t, c)));
    }
    s
}

impl Ctx<'_> {
    fn push(&mut self, rule: &'static str, severity: Severity, location: String, table: Option<&Table>, message: String) {
        self.out.push(Finding { rule, severity, location, table: table.map(|t| t.id.clone()), section: None, message });
    }

    fn text_finding(&mut self, rule: &'static str, severity: Severity, section: Option<&str>, excerpt: &str, message: String) {
        let mut e: String = excerpt.chars().take(90).collect();
        if e.len() < excerpt.len() {
            e.push('…');
        }
        self.out.push(Finding {
            rule,
            severity,
            location: format!("Texten «{e}»"),
            table: None,
            section: section.map(str::to_string),
            message,
        });
    }

    /// Compares `printed` with `computed` (both possibly rounded): equal → nothing; within the
    /// rounding both allow → info; otherwise a warning.
    #[allow(clippy::too_many_arguments)]
    fn compare(&mut self, rule: &'static str, t: &Table, row: usize, col: usize, printed: Num, computed: i128, slack: i128, what: &str) {
        let diff = printed.nano - computed;
        let d = shown(printed);
        // Equal at the printed precision is no finding.
        let unit = NANO / 10i128.pow(d as u32);
        // An exact value computed another way (a ratio) may differ in the last of its digits.
        let exact_noise = printed.decimals.is_none() && slack == 0 && diff.abs() <= NANO / 10_000;
        if diff == 0 || exact_noise || (printed.decimals.is_some() && crate::sv::div_round(computed, unit) * unit == printed.nano) {
            return;
        }
        let tol = printed.tolerance() + slack;
        let (severity, why) = if diff.abs() <= tol { (Severity::Info, "avrundning") } else { (Severity::Warning, "stämmer inte") };
        self.push(
            rule,
            severity,
            loc(t, Some(row), Some(col)),
            Some(t),
            format!("{what} ger {} men tabellen visar {} ({why}, skillnad {}).", fmt(computed, d), fmt(printed.nano, d), fmt(diff, d)),
        );
    }

    fn table(&self, id: &str) -> Option<&Table> {
        self.doc.table(id)
    }
}

/// Runs every check on a document.
pub fn review(doc: &Document) -> Vec<Finding> {
    let mut cx = Ctx { doc, out: Vec::new() };
    for t in doc.tables() {
        for rule in &t.rules {
            check_rule(&mut cx, t, rule);
        }
        check_cells(&mut cx, t);
    }
    check_texts(&mut cx);
    check_count_sentences(&mut cx);
    check_heading_definitions(&mut cx);
    check_figures(&mut cx);
    check_units(&mut cx);
    // Generated parts without their data, or with data that stops short.
    let missing =
        doc.gaps.iter().map(|g| ("missing-data", g, format!("Tabellen saknas: {}", g.what.trim_start_matches("Uppgifter saknas: "))));
    let incomplete = doc.incomplete.iter().map(|g| ("incomplete-data", g, g.what.clone()));
    for (rule, g, message) in missing.chain(incomplete) {
        cx.out.push(Finding {
            rule,
            severity: Severity::Warning,
            location: format!("Avsnittet «{}»", g.heading),
            table: None,
            section: Some(g.section.clone()),
            message,
        });
    }
    cx.out
}

fn data_rows(t: &Table) -> impl Iterator<Item = (usize, &Row)> {
    t.rows.iter().enumerate().filter(|(_, r)| !r.group)
}

fn check_rule(cx: &mut Ctx<'_>, t: &Table, rule: &Rule) {
    match rule {
        Rule::Sum { cols, rows, total, hundred, other } => {
            let target = match other {
                Some(id) => match cx.table(id) {
                    Some(o) => Some(o.clone()),
                    None => return missing_table(cx, t, id),
                },
                None => None,
            };
            let total_rows = total.rows(target.as_ref().unwrap_or(t).rows.len());
            for &c in cols {
                let summed: Vec<(usize, Num)> = data_rows(t)
                    .filter(|(i, _)| rows.as_ref().is_none_or(|r| r.contains(i)))
                    .filter(|(i, r)| other.is_some() || *hundred || (!total_rows.contains(i) && (!r.total || rows.is_some())))
                    .filter_map(|(i, r)| first(r, c).map(|n| (i, n)))
                    .collect();
                let sum: i128 = summed.iter().map(|(_, n)| n.nano).sum();
                let slack: i128 = summed.iter().map(|(_, n)| n.tolerance()).sum();
                if *hundred {
                    if summed.is_empty() {
                        continue;
                    }
                    let d = summed.iter().map(|(_, n)| shown(*n)).max().unwrap_or(1);
                    let diff = sum - 100 * NANO;
                    if diff != 0 {
                        let sev = if diff.abs() <= slack { Severity::Info } else { Severity::Warning };
                        cx.push(
                            "sum",
                            sev,
                            loc(t, None, Some(c)),
                            Some(t),
                            format!("Andelarna summerar till {} %, inte 100 % (skillnad {}).", fmt(sum, d), fmt(diff, d)),
                        );
                    }
                    continue;
                }
                match &target {
                    Some(o) => {
                        for &tr in &total_rows {
                            if let Some(p) = first(&o.rows[tr], c) {
                                let what = format!("Summan av raderna i «{}»", t.caption);
                                cx.compare("sum", o, tr, c, p, sum, slack, &what);
                            }
                        }
                    }
                    None => {
                        for &tr in &total_rows {
                            if let Some(p) = first(&t.rows[tr], c) {
                                cx.compare("sum", t, tr, c, p, sum, slack, "Summan av raderna");
                            }
                        }
                    }
                }
            }
        }
        Rule::Formula { target, first: f, terms } => {
            for (i, r) in data_rows(t) {
                let Some(p) = first(r, *target) else { continue };
                let v = |c: usize| first(r, c);
                if v(*f).is_none() && terms.iter().all(|(_, c)| v(*c).is_none()) {
                    continue;
                }
                let mut acc = v(*f).map_or(0, |n| n.nano);
                let mut slack = v(*f).map_or(0, Num::tolerance);
                for (op, c) in terms {
                    let n = v(*c);
                    let x = n.map_or(0, |n| n.nano);
                    match op {
                        Op::Add => acc += x,
                        Op::Sub => acc -= x,
                        Op::Mul => acc = acc * x / NANO,
                    }
                    if *op != Op::Mul {
                        slack += n.map_or(0, Num::tolerance);
                    }
                }
                let what = format!(
                    "«{}» {}",
                    header(t, *f),
                    terms
                        .iter()
                        .map(|(op, c)| format!(
                            "{} «{}»",
                            match op {
                                Op::Add => "+",
                                Op::Sub => "−",
                                Op::Mul => "×",
                            },
                            header(t, *c)
                        ))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                cx.compare("formula", t, i, *target, p, acc, slack, &what);
            }
        }
        Rule::Same { col, table, other } => {
            let Some(o) = cx.table(table) else { return missing_table(cx, t, table) };
            let o = o.clone();
            for (i, r) in t.rows.iter().enumerate() {
                let Some(orow) = o.rows.get(i) else { break };
                compare_labels(cx, t, i, r, &o, orow);
                if let (Some(p), Some(q)) = (first(r, *col), first(orow, *other)) {
                    cx.compare(
                        "same",
                        t,
                        i,
                        *col,
                        p,
                        q.nano,
                        q.tolerance(),
                        &format!("Tabellen «{}», «{}»", o.caption, header(&o, *other)),
                    );
                }
            }
        }
        Rule::Pct { col, table, num, den } => {
            let Some(o) = cx.table(table) else { return missing_table(cx, t, table) };
            let o = o.clone();
            for (i, r) in t.rows.iter().enumerate() {
                let Some(orow) = o.rows.get(i) else { break };
                compare_labels(cx, t, i, r, &o, orow);
                let (Some(p), Some(a), Some(b)) = (first(r, *col), first(orow, *num), first(orow, *den)) else { continue };
                if b.nano == 0 {
                    continue;
                }
                let pct = |a: i128, b: i128| a * 100 * NANO / b.abs();
                let center = pct(a.nano, b.nano);
                // The range the rounded inputs allow.
                let corners = [
                    pct(a.nano - a.tolerance(), b.nano - b.tolerance()),
                    pct(a.nano - a.tolerance(), b.nano + b.tolerance()),
                    pct(a.nano + a.tolerance(), b.nano - b.tolerance()),
                    pct(a.nano + a.tolerance(), b.nano + b.tolerance()),
                ];
                let slack = corners.iter().map(|c| (c - center).abs()).max().unwrap_or(0);
                cx.compare(
                    "pct",
                    t,
                    i,
                    *col,
                    p,
                    center,
                    slack,
                    &format!("100 × «{}» / «{}» i «{}»", header(&o, *num), header(&o, *den), o.caption),
                );
            }
        }
        Rule::Hundred { a, b } => {
            let (Some(ra), Some(rb)) = (t.rows.get(*a), t.rows.get(*b)) else { return };
            for c in 1..t.header.len().max(ra.cells.len()) {
                let (xa, xb) =
                    (ra.cells.get(c).map(|c| c.numbers()).unwrap_or_default(), rb.cells.get(c).map(|c| c.numbers()).unwrap_or_default());
                for (k, (x, y)) in xa.iter().zip(&xb).enumerate() {
                    let s = x.nano + y.nano;
                    let diff = s - 100 * NANO;
                    if diff == 0 {
                        continue;
                    }
                    let sev = if diff.abs() <= x.tolerance() + y.tolerance() { Severity::Info } else { Severity::Warning };
                    let which = if k == 0 { String::new() } else { format!(" (värde {} i cellen)", k + 1) };
                    cx.push(
                        "hundred",
                        sev,
                        loc(t, None, Some(c)),
                        Some(t),
                        format!(
                            "«{}» + «{}» = {} + {} = {} %, inte 100 %{which}.",
                            ra.label(),
                            rb.label(),
                            fmt(x.nano, shown(*x) - 1),
                            fmt(y.nano, shown(*y) - 1),
                            fmt(s, shown(*x) - 1)
                        ),
                    );
                }
            }
        }
        Rule::Equal { row, col, table, other_row, other_col, label } => {
            let Some(o) = cx.table(table) else { return missing_table(cx, t, table) };
            let o = o.clone();
            for i in row.rows(t.rows.len()) {
                for j in other_row.rows(o.rows.len()) {
                    if *label && similarity(t.rows[i].label(), o.rows[j].label()) < 0.8 {
                        cx.push(
                            "definition",
                            Severity::Info,
                            loc(t, Some(i), Some(0)),
                            Some(t),
                            format!(
                                "Samma tal redovisas som «{}» här och som «{}» i «{}»: är det samma mått?",
                                t.rows[i].label(),
                                o.rows[j].label(),
                                o.caption
                            ),
                        );
                    }
                    if let (Some(p), Some(q)) = (first(&t.rows[i], *col), first(&o.rows[j], *other_col)) {
                        let p = Num { nano: p.nano.abs(), ..p };
                        cx.compare(
                            "equal",
                            t,
                            i,
                            *col,
                            p,
                            q.nano.abs(),
                            q.tolerance(),
                            &format!("Tabellen «{}», «{}»", o.caption, header(&o, *other_col)),
                        );
                    }
                }
            }
        }
        Rule::Required { col } => {
            for (i, r) in data_rows(t) {
                if r.cells.get(*col).is_none_or(|c| c.text.trim().is_empty() || c.text.trim() == crate::report::NOT_GIVEN) {
                    cx.push(
                        "required",
                        Severity::Warning,
                        loc(t, Some(i), Some(*col)),
                        Some(t),
                        format!("«{}» saknar värde.", header(t, *col)),
                    );
                }
            }
        }
        Rule::Groups { group, item } => check_groups(cx, t, *group, *item),
        Rule::Cumulative { annual, total } => {
            for (i, r) in data_rows(t) {
                let (Some(ao), Some(ab), Some(to), Some(tb)) =
                    (first(r, annual.0), first(r, annual.1), first(r, total.0), first(r, total.1))
                else {
                    continue;
                };
                let same_budget = (ab.nano - tb.nano).abs() <= ab.tolerance() + tb.tolerance();
                let same_outcome = (ao.nano - to.nano).abs() <= ao.tolerance() + to.tolerance();
                if same_budget && !same_outcome {
                    cx.push(
                        "cumulative",
                        Severity::Warning,
                        loc(t, Some(i), Some(total.0)),
                        Some(t),
                        format!(
                            "Totalt utfall {} skiljer sig från årets {} fast total budget är lika med årets ({}): tidigare utgifter saknar budget.",
                            fmt(to.nano, shown(to)),
                            fmt(ao.nano, shown(ao)),
                            fmt(tb.nano, shown(tb))
                        ),
                    );
                }
            }
        }
        Rule::AtMost { col, limit } => {
            for (i, r) in data_rows(t).filter(|(_, r)| !r.total) {
                let (Some(v), Some(max)) = (first(r, *col), first(r, *limit)) else { continue };
                if v.nano > max.nano + v.tolerance() + max.tolerance() {
                    cx.push(
                        "at-most",
                        Severity::Warning,
                        loc(t, Some(i), Some(*col)),
                        Some(t),
                        format!(
                            "«{}» {} är större än «{}» {}.",
                            header(t, *col),
                            fmt(v.nano, shown(v)),
                            header(t, *limit),
                            fmt(max.nano, shown(max))
                        ),
                    );
                }
            }
        }
        Rule::Fact { row, cols, words, unit } => check_fact(cx, t, *row, cols, words, unit.as_deref()),
        Rule::Share { row, col, words, complement } => check_share(cx, t, *row, *col, words, *complement),
        Rule::Attain { target, outcome, mark, higher_is_better } => {
            for (i, r) in data_rows(t) {
                let (Some(tg), Some(out)) = (first(r, *target), first(r, *outcome)) else { continue };
                let text = r.cells.get(*mark).map(|c| c.text.trim().to_lowercase()).unwrap_or_default();
                let met = if *higher_is_better { out.nano >= tg.nano } else { out.nano <= tg.nano };
                let says_met = text.contains('↑')
                    || (text.contains("uppfyll") || text.contains("uppnå"))
                        && !text.contains("ej")
                        && !text.contains("inte")
                        && !text.contains("delvis");
                let says_not = text.contains('↓') || text.contains("ej ") || text.contains("inte");
                let wrong = (says_met && !met) || (says_not && met);
                if wrong || text.is_empty() {
                    cx.push(
                        "attain",
                        Severity::Warning,
                        loc(t, Some(i), Some(*mark)),
                        Some(t),
                        if text.is_empty() {
                            format!("Måluppfyllelsen saknas, fast utfallet {} {} målet {}.", out.present(shown(out)), if met { "når" } else { "når inte" }, tg.present(shown(tg)))
                        } else {
                            format!(
                                "Markeringen «{}» säger att målet {} nått, men utfallet {} mot målet {} ({} är bättre): markeringen betyder något annat här än måluppfyllelse.",
                                text,
                                if says_met { "är" } else { "inte är" },
                                out.present(shown(out)),
                                tg.present(shown(tg)),
                                if *higher_is_better { "högre" } else { "lägre" }
                            )
                        },
                    );
                }
            }
        }
        Rule::Decision { col } => {
            for (i, r) in data_rows(t) {
                let Some(d) = r.cells.get(*col).and_then(|c| DecisionRef::parse(&c.text)) else { continue };
                if d.date.year() < cx.doc.year - 1 {
                    cx.push(
                        "decision",
                        Severity::Warning,
                        loc(t, Some(i), Some(*col)),
                        Some(t),
                        format!("Beslutet {d} är fattat före {}-01-01 och kan inte gälla budgeten {}.", cx.doc.year - 1, cx.doc.year),
                    );
                } else if cx.doc.date.is_some_and(|doc| d.date > doc) {
                    cx.push(
                        "future",
                        Severity::Warning,
                        loc(t, Some(i), Some(*col)),
                        Some(t),
                        format!("Beslutet {d} är daterat efter rapporten."),
                    );
                }
            }
        }
        Rule::Footnotes => check_footnotes(cx, t),
    }
}

fn missing_table(cx: &mut Ctx<'_>, t: &Table, id: &str) {
    cx.push(
        "same",
        Severity::Warning,
        loc(t, None, None),
        Some(t),
        format!("Regeln hänvisar till tabellen «{id}», som saknas i rapporten."),
    );
}

/// Lower-case letters and digits only, single spaces; a hyphen inside a word (a line-wrap,
/// "Genomförande-planer") joins its halves.
fn normalise(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let joined: String = chars
        .iter()
        .enumerate()
        .filter(|(i, c)| !(**c == '-' && *i > 0 && chars[i - 1].is_alphabetic() && chars.get(i + 1).is_some_and(|n| n.is_lowercase())))
        .map(|(_, c)| *c)
        .collect();
    let mut out = String::new();
    for w in joined.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

fn compare_labels(cx: &mut Ctx<'_>, t: &Table, i: usize, r: &Row, o: &Table, orow: &Row) {
    let (a, b) = (normalise(r.label()), normalise(orow.label()));
    if a.is_empty() || b.is_empty() || a == b {
        return;
    }
    cx.push(
        "naming",
        Severity::Info,
        loc(t, Some(i), Some(0)),
        Some(t),
        format!("Raden heter «{}» här men «{}» i tabellen «{}»: samma sak ska ha samma namn.", r.label(), orow.label(), o.caption),
    );
}

fn words(s: &str) -> Vec<String> {
    normalise(s).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Share of the words of `a` found in `b` (leading numbering ignored).
fn similarity(a: &str, b: &str) -> f64 {
    let strip = |s: &str| words(s).into_iter().filter(|w| !w.chars().all(|c| c.is_ascii_digit())).collect::<Vec<_>>();
    let (wa, wb) = (strip(a), strip(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let common = wa.iter().filter(|w| wb.contains(w)).count();
    2.0 * common as f64 / (wa.len() + wb.len()) as f64
}

fn check_groups(cx: &mut Ctx<'_>, t: &Table, group: usize, item: usize) {
    let headings: Vec<(u8, String)> = cx.doc.headings().into_iter().map(|(l, s)| (l, s.to_string())).collect();
    let mut current = String::new();
    for (i, r) in data_rows(t) {
        let g = r.cells.get(group).map(|c| c.text.trim()).unwrap_or("");
        if !g.is_empty() {
            current = g.to_string();
        }
        let Some(name) = r.cells.get(item).map(|c| c.text.trim()).filter(|s| !s.is_empty()) else { continue };
        // The heading naming this item.
        let best = headings
            .iter()
            .enumerate()
            .map(|(k, (_, h))| (k, similarity(name, h)))
            .filter(|(_, s)| *s >= 0.6)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((k, _)) = best else {
            cx.push(
                "groups",
                Severity::Warning,
                loc(t, Some(i), Some(item)),
                Some(t),
                format!("«{name}» har inget eget avsnitt i texten: det redovisas inte."),
            );
            continue;
        };
        let (level, h) = &headings[k];
        // "Socialnämndens mål: Ökat inflytande …" names the goal after the colon.
        let named = h.rsplit_once(": ").map_or(h.as_str(), |(_, n)| n);
        let bare = |s: &str| normalise(s).trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ').to_string();
        if bare(named) != bare(name) && bare(h) != bare(name) {
            cx.push(
                "naming",
                Severity::Info,
                loc(t, Some(i), Some(item)),
                Some(t),
                format!("Tabellen skriver «{name}» men rubriken i texten är «{h}»."),
            );
        }
        let parent = headings[..k].iter().rev().find(|(l, _)| l < level).map(|(_, p)| p.clone());
        if let Some(p) = parent
            && !current.is_empty()
            && !normalise(&p).contains(&normalise(&current))
        {
            cx.push(
                "groups",
                Severity::Warning,
                loc(t, Some(i), Some(group)),
                Some(t),
                format!("Tabellen placerar «{name}» under «{current}», men i texten står målet under «{p}»."),
            );
        }
    }
}

/// Sentences of a text (split after . ! ? followed by a space and a capital, or a line end).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b: Vec<(usize, char)> = text.char_indices().collect();
    for k in 0..b.len() {
        let (i, c) = b[k];
        if matches!(c, '.' | '!' | '?')
            && b.get(k + 1).is_some_and(|(_, n)| n.is_whitespace())
            && b.get(k + 2).is_some_and(|(_, n)| n.is_uppercase() || n.is_ascii_digit())
        {
            out.push(text[start..=i].trim());
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(text[start..].trim());
    }
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

/// Numbers followed by one of the unit's text forms (or `word`), with their byte offset;
/// "från 30 till 85 beslut" gives both numbers.
fn amounts_in(sentence: &str, unit: Unit, word: Option<&str>) -> Vec<(usize, Num)> {
    let lower = sentence.to_lowercase();
    let mut out = Vec::new();
    let custom = word.map(|w| [w]);
    let forms: &[&str] = match &custom {
        Some(w) => w,
        None => unit.text_forms(),
    };
    let mut pending_from: Option<(usize, Num)> = None;
    // Walk number tokens: find each digit run start and parse from there.
    let mut k = 0;
    let bytes = lower.as_bytes();
    while k < bytes.len() {
        if bytes[k].is_ascii_digit() && (k == 0 || !bytes[k - 1].is_ascii_digit() && bytes[k - 1] != b',' && bytes[k - 1] != b'.') {
            let rest = &lower[k..];
            let nums = printed_numbers(rest);
            if let Some(n) = nums.first() {
                // Length of the number token.
                let len = rest
                    .char_indices()
                    .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, ' ' | ',' | '.' | '\u{a0}'))
                    .map(|(i, c)| i + c.len_utf8())
                    .last()
                    .unwrap_or(0);
                let tail = rest[..len].trim_end_matches([' ', ',', '.', '\u{a0}']).len();
                let after = rest[tail..].trim_start_matches([' ', '\u{a0}']);
                // "ca 2,1 mnkr" is a round figure for something, not a table's figure quoted.
                let before = lower[..k].trim_end();
                let approximate = ["ca", "ca.", "cirka", "omkring", "ungefär", "drygt", "knappt"]
                    .iter()
                    .any(|w| before.ends_with(w) && !before[..before.len() - w.len()].ends_with(char::is_alphanumeric));
                if approximate {
                    pending_from = None;
                } else if forms.iter().any(|f| after.starts_with(f)) {
                    if let Some(p) = pending_from.take() {
                        out.push(p);
                    }
                    out.push((k, Num { nano: n.nano.abs(), ..*n }));
                } else if after.starts_with("till ") && lower[..k].trim_end().ends_with("från") {
                    pending_from = Some((k, Num { nano: n.nano.abs(), ..*n }));
                } else {
                    pending_from = None;
                }
                k += tail.max(1);
                continue;
            }
        }
        k += 1;
    }
    out
}

/// Running text with its section key and the level of the heading it sits under.
fn texts_with_level(doc: &Document) -> Vec<(Option<String>, String, u8)> {
    let mut level = 1;
    let mut out = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Heading { level: l, .. } => level = *l,
            Block::Paragraph { text, key } => out.push((key.clone(), text.clone(), level)),
            Block::List { items, .. } => out.extend(items.iter().map(|i| (None, i.clone(), level))),
            Block::Fields { fields } => out.extend(fields.iter().map(|(_, v)| (None, v.clone(), level))),
            _ => {}
        }
    }
    out
}

fn check_fact(cx: &mut Ctx<'_>, t: &Table, row: RowRef, cols: &[usize], keywords: &[String], word: Option<&str>) {
    // Each fact with its column (a table's fact may be in this year's column or last year's).
    let labelled: Vec<(Num, usize)> =
        row.rows(t.rows.len()).into_iter().flat_map(|i| cols.iter().filter_map(move |c| first(&t.rows[i], *c).map(|n| (n, *c)))).collect();
    let facts: Vec<Num> = labelled.iter().map(|(n, _)| *n).collect();
    let col = cols[0];
    if facts.is_empty() {
        return;
    }
    for (key, text, level) in texts_with_level(cx.doc) {
        // A sub-section (level 3) is about one part; the table's total is not what it quotes.
        if level >= 3 && row == RowRef::Last {
            continue;
        }
        let key = &key;
        for s in sentences(&text) {
            let lower = s.to_lowercase();
            // A sentence about another year ("underskott på 7,5 miljoner kronor 2020") is not
            // about this table.
            let years: Vec<i32> = lower
                .split(|c: char| !c.is_ascii_digit())
                .filter(|w| w.len() == 4)
                .filter_map(|w| w.parse().ok())
                .filter(|y| (1990..=2100).contains(y))
                .collect();
            if cx.doc.year != 0 && !years.is_empty() && !years.contains(&cx.doc.year) {
                continue;
            }
            // The first amount after a keyword.
            let Some(pos) = keywords
                .iter()
                .filter_map(|w| {
                    lower
                        .match_indices(w.as_str())
                        .find(|(i, _)| *i == 0 || !lower[..*i].chars().last().is_some_and(char::is_alphanumeric))
                        .map(|(i, _)| i)
                })
                .min()
            else {
                continue;
            };
            // A keyword after a forecast made during the year ("vid delårsrapport 1 visa på ett
            // stort underskott på 16,7") or a carry-over ("ombudgetering av överskott om 414 000
            // kronor") is about another figure than the year's outcome — unless the table's own
            // keywords are about that, or the document is itself such a report.
            let title = cx.doc.title.to_lowercase();
            let before = |words: &[&str]| {
                words.iter().any(|w| lower[..pos].contains(w) && !title.contains(w))
                    && !keywords.iter().any(|k| words.iter().any(|w| k.contains(w)))
            };
            if before(&["prognos", "delårsrapport", "tertial"]) || before(&["ombudget"]) {
                continue;
            }
            // A sentence that names another row of the table ("Äldreomsorgen redovisar ett
            // underskott på 7,2 mkr") may be about that row: its figures are facts too.
            let rows = row.rows(t.rows.len());
            let named: Vec<Num> = t
                .rows
                .iter()
                .enumerate()
                .filter(|(i, r)| !rows.contains(i) && !r.total && names_row(&lower, r.label()))
                .flat_map(|(_, r)| cols.iter().filter_map(|c| first(r, *c)))
                .collect();
            // Amounts in the table's unit and, for money, in the other units of money, each
            // compared in its own unit ("15,2 miljoner kronor" against a table in tkr).
            let money = [Unit::Mkr, Unit::Tkr, Unit::Kr];
            let units: Vec<Unit> = if word.is_none() && money.contains(&t.unit) { money.to_vec() } else { vec![t.unit] };
            let mut found: Vec<(usize, Num, Unit)> = units
                .iter()
                .flat_map(|u| amounts_in(s, *u, word).into_iter().map(move |(i, n)| (i, n, *u)))
                .filter(|(i, ..)| *i > pos)
                .collect();
            found.sort_by_key(|(i, ..)| *i);
            let Some(&(at, ..)) = found.first() else { continue };
            // Only an amount close after the keyword is what the keyword is about
            // ("negativ avvikelse mot budget med 35,5 miljoner kronor").
            if lower[pos..at].split_whitespace().count() > 6 {
                continue;
            }
            // "från 30 till 85": both; otherwise the first.
            let take = if found.len() > 1 && lower[found[0].0..found[1].0].contains(" till ") && word.is_some() { 2 } else { 1 };
            for &(_, n, unit) in found.iter().take(take) {
                // The table's figure in the text's unit, and its tolerance.
                let per = |u: Unit| -> i128 {
                    match u {
                        Unit::Mkr => 1_000_000,
                        Unit::Tkr => 1_000,
                        _ => 1,
                    }
                };
                let (num, den) = (per(t.unit), per(unit));
                let conv = |f: &Num| (f.nano * num / den, f.tolerance() * num / den);
                let matches = facts.iter().chain(&named).map(conv).any(|(f, tol)| (f.abs() - n.nano).abs() <= n.tolerance() + tol);
                if !matches {
                    let d = shown(n);
                    let in_unit = |f: &Num| fmt(conv(f).0, d);
                    // One column: its figures and its name; several: each figure with its column's.
                    let message = if cols.len() == 1 {
                        let shown_facts = facts.iter().map(in_unit).collect::<Vec<_>>().join(" / ");
                        format!("tabellen «{}» ({}) visar {shown_facts}", t.caption, header(t, col))
                    } else {
                        let shown_facts =
                            labelled.iter().map(|(f, c)| format!("{} ({})", in_unit(f), header(t, *c))).collect::<Vec<_>>().join(" eller ");
                        format!("tabellen «{}» visar {shown_facts}", t.caption)
                    };
                    let message = if unit == t.unit {
                        message
                    } else {
                        format!("{message} {} (omräknat från {})", unit_word(unit), unit_word(t.unit))
                    };
                    cx.text_finding(
                        "fact",
                        Severity::Warning,
                        key.as_deref(),
                        s,
                        format!("Texten anger {} {} men {message}.", fmt(n.nano, d), word.unwrap_or(unit_word(unit)),),
                    );
                }
            }
        }
    }
}

/// Whether a sentence (lower case) names a table row by its label, in the label's own form or
/// its definite one ("äldreomsorgen", "socialkontoret" for "Socialkontor").
fn names_row(lower: &str, label: &str) -> bool {
    let label = label.trim().to_lowercase();
    if label.chars().count() < 4 {
        return false;
    }
    lower.match_indices(label.as_str()).any(|(i, _)| {
        let starts = i == 0 || !lower[..i].chars().last().is_some_and(char::is_alphanumeric);
        let rest: String = lower[i + label.len()..].chars().take_while(|c| c.is_alphanumeric()).collect();
        starts && ["", "en", "n", "et", "t", "s", "ens", "ns", "ets"].contains(&rest.as_str())
    })
}

/// How a unit is written after a figure in a message ("miljoner kronor").
fn unit_word(u: Unit) -> &'static str {
    u.text_forms().first().copied().unwrap_or("")
}

/// "4 av 13 familjehem" in a sentence with a keyword against a percentage cell.
fn check_share(cx: &mut Ctx<'_>, t: &Table, row: RowRef, col: usize, keywords: &[String], complement: bool) {
    let cells: Vec<(usize, Num)> = row.rows(t.rows.len()).into_iter().filter_map(|i| first(&t.rows[i], col).map(|n| (i, n))).collect();
    for (key, text, _) in texts_with_level(cx.doc) {
        for s in sentences(&text) {
            let lower = s.to_lowercase();
            if !keywords.iter().any(|w| lower.contains(w.as_str())) {
                continue;
            }
            let w: Vec<&str> = lower.split_whitespace().collect();
            for k in 0..w.len().saturating_sub(2) {
                if w[k + 1] != "av" {
                    continue;
                }
                let (Ok(n), Ok(m)) = (w[k].parse::<i128>(), w[k + 2].trim_matches(|c: char| !c.is_ascii_digit()).parse::<i128>()) else {
                    continue;
                };
                if m == 0 {
                    continue;
                }
                let part = if complement { m - n } else { n };
                let pct = part * 100 * NANO / m;
                for (i, p) in &cells {
                    let unit = NANO / 10i128.pow(shown(*p) as u32 - 1);
                    if (crate::sv::div_round(pct, unit) * unit - p.nano).abs() > p.tolerance() {
                        let _ = i;
                        cx.text_finding(
                            "share",
                            Severity::Warning,
                            key.as_deref(),
                            s,
                            format!(
                                "{} av {m} ger {} % men tabellen «{}» visar {} %.",
                                part,
                                fmt(pct, 1),
                                t.caption,
                                fmt(p.nano, shown(*p) - 1)
                            ),
                        );
                    }
                }
            }
        }
    }
}

fn check_footnotes(cx: &mut Ctx<'_>, t: &Table) {
    let mut used: Vec<String> = Vec::new();
    for r in &t.rows {
        for c in &r.cells {
            let stars = c.text.trim_end().chars().rev().take_while(|c| *c == '*').count();
            if stars > 0 {
                let m = "*".repeat(stars);
                if !used.contains(&m) {
                    used.push(m);
                }
            }
        }
    }
    let note = t.note.clone().unwrap_or_default();
    // Definitions: a run of stars followed by text up to the next run.
    let mut defs: Vec<(String, String)> = Vec::new();
    let chars: Vec<char> = note.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '*' && (i == 0 || chars[i - 1].is_whitespace()) {
            let j = chars[i..].iter().take_while(|c| **c == '*').count() + i;
            let mut k = j;
            while k < chars.len() && !(chars[k] == '*' && chars[k - 1].is_whitespace()) {
                k += 1;
            }
            defs.push(("*".repeat(j - i), chars[j..k].iter().collect::<String>().trim().to_string()));
            i = k;
        } else {
            i += 1;
        }
    }
    for m in used {
        let n = defs.iter().filter(|(d, text)| *d == m && !text.is_empty()).count();
        if n != 1 {
            cx.push(
                "footnotes",
                Severity::Warning,
                loc(t, None, None),
                Some(t),
                format!("Fotnotsmarkören «{m}» används i tabellen men förklaras {} gånger i fotnoten «{note}».", n),
            );
        }
    }
}

fn check_cells(cx: &mut Ctx<'_>, t: &Table) {
    // Minus followed by a space, and mixed decimals within a column.
    let cols = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    for c in 1..cols {
        let mut decimals: Vec<(usize, u8)> = Vec::new();
        for (i, r) in t.rows.iter().enumerate() {
            let Some(cell) = r.cells.get(c) else { continue };
            let s = cell.text.trim();
            if (s.starts_with("- ") || s.starts_with("\u{2212} ")) && s[1..].trim_start().starts_with(|ch: char| ch.is_ascii_digit()) {
                cx.push(
                    "minus-space",
                    Severity::Info,
                    loc(t, Some(i), Some(c)),
                    Some(t),
                    format!("«{s}»: minustecknet står skilt från talet."),
                );
            }
            if cell.exact.is_none()
                && let Some(n) = printed_numbers(s).first()
                && !s.contains('-') | s.starts_with('-')
            {
                decimals.push((i, n.decimals.unwrap_or(0)));
            }
        }
        if decimals.len() >= 3 {
            let mut counts = std::collections::BTreeMap::new();
            for (_, d) in &decimals {
                *counts.entry(*d).or_insert(0usize) += 1;
            }
            let (&common, &n) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
            if n * 2 > decimals.len() {
                for (i, d) in decimals.iter().filter(|(_, d)| *d > common) {
                    cx.push(
                        "decimals",
                        Severity::Info,
                        loc(t, Some(*i), Some(c)),
                        Some(t),
                        format!("{d} decimaler där kolumnen annars har {common}: samma mått ska visas på samma sätt."),
                    );
                }
            }
        }
    }
}

/// Words the checker knows, for typos (edit distance 1 inside the word) and lost å/ä/ö.
const LEXICON: &[&str] = &[
    "hyresjustering",
    "ekonomicontroller",
    "verksamhetscontroller",
    "controller",
    "socialchef",
    "socialnämnden",
    "socialkontoret",
    "kommunfullmäktige",
    "kommunstyrelsen",
    "kommunrevisionen",
    "ekonomiavdelningen",
    "verksamhetschef",
    "förvaltningen",
    "nämnden",
    "nämndens",
    "årsrapport",
    "delårsrapport",
    "förvaltningsberättelse",
    "verksamhetsberättelse",
    "tjänsteskrivelse",
    "beslutsunderlag",
    "barnkonsekvenser",
    "uppföljning",
    "internkontroll",
    "äldreomsorg",
    "äldreomsorgen",
    "funktionshinderomsorg",
    "funktionshinderomsorgen",
    "hemtjänst",
    "hemtjänsten",
    "hemsjukvård",
    "myndighet",
    "myndighetsutövning",
    "budgetföljsamhet",
    "prognossäkerhet",
    "åtgärdsplan",
    "åtgärder",
    "investeringar",
    "investeringsredovisning",
    "ombudgetering",
    "driftredovisning",
    "ramprotokoll",
    "statsbidrag",
    "sjukfrånvaro",
    "personalomsättning",
    "förväntad",
    "utveckling",
    "väsentlig",
    "betydelse",
    "händelser",
    "måluppfyllelse",
    "målbedömning",
    "för",
    "är",
    "år",
    "även",
    "också",
    "några",
    "närmare",
    "ökade",
    "ökning",
    "minskade",
    "kostnader",
    "intäkter",
    "försörjningsstöd",
    "ekonomiskt",
    "bistånd",
    "öppenvård",
    "öppenvården",
    "särskilt",
    "boende",
    "kommunens",
    "kommunbidrag",
    "driftbudget",
    "budget",
    "underskott",
    "överskott",
    "avvikelse",
    "prognos",
    "utfall",
    "därför",
    "där",
    "också",
    "även",
    "många",
    "fått",
    "behöver",
    "därmed",
    "också",
    "förändring",
    "större",
    "högre",
    "lägre",
    "både",
    "medarbetare",
    "medarbetarna",
    "välfärd",
    "verksamheter",
    "verksamheten",
    "förebyggande",
    "insatser",
    "vård",
    "omsorg",
    "äldre",
    "personer",
    "förvaltningens",
    "målgrupp",
    "målgruppen",
    "istället",
    "därtill",
    "nästa",
    "kommande",
    "påverka",
    "påverkar",
    "så",
    "på",
    "än",
    "också",
    "genomförandeplaner",
    "åtgärderna",
    "bäring",
    "grundbemanning",
    "hälsa",
    "säkerställa",
    "två",
    "flera",
    "ökad",
    "ökat",
    "även",
    "möjlighet",
    "ställer",
];

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            _ => c,
        })
        .collect()
}

/// One substitution, insertion or deletion, not in the last three letters (inflection).
fn interior_typo(word: &str, known: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (word.chars().collect(), known.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 || b.len() < 8 {
        return false;
    }
    let mut i = 0;
    while i < a.len().min(b.len()) && a[i] == b[i] {
        i += 1;
    }
    // Typos rarely hit the first letters; inflections change the last three.
    if i < 2 || i + 3 >= b.len() {
        return false;
    }
    let rest = |x: &[char], y: &[char]| x == y;
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => rest(&a[i + 1..], &b[i + 1..]),
        std::cmp::Ordering::Less => rest(&a[i..], &b[i + 1..]),
        std::cmp::Ordering::Greater => rest(&a[i + 1..], &b[i..]),
    }
}

fn check_words(cx: &mut Ctx<'_>, section: Option<&str>, text: &str) {
    let mut folded_hits = Vec::new();
    for w in text.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 2) {
        let lw = w.to_lowercase();
        if LEXICON.contains(&lw.as_str()) {
            continue;
        }
        if let Some(k) = LEXICON.iter().find(|k| interior_typo(&lw, k)) {
            cx.text_finding("typo", Severity::Warning, section, text, format!("«{w}» ser ut som en felstavning av «{k}»."));
        }
        // Lost letters: folded ("vard") or deleted ("vrd").
        let deleted = |k: &str| k.chars().filter(|c| !matches!(c, 'å' | 'ä' | 'ö')).collect::<String>();
        if !lw.contains(['å', 'ä', 'ö'])
            && LEXICON.iter().any(|k| k.contains(['å', 'ä', 'ö']) && (fold(k) == lw || deleted(k) == lw) && k.chars().count() >= 3)
        {
            folded_hits.push(w.to_string());
        }
    }
    if folded_hits.len() >= 2 {
        cx.text_finding(
            "letters",
            Severity::Warning,
            section,
            text,
            format!(
                "Bokstäverna å, ä och ö saknas: {}.",
                folded_hits.iter().take(5).map(|w| format!("«{w}»")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
}

/// "SN/2024;147": a case number whose serial is separated by something other than ':' or '-'.
fn bad_case_numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        if chars[i] != '/' || i < 2 {
            continue;
        }
        let prefix: String = chars[..i].iter().rev().take_while(|c| c.is_uppercase()).collect();
        if prefix.len() < 2 {
            continue;
        }
        let year: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
        let j = i + 1 + year.len();
        if year.len() == 4
            && chars.get(j).is_some_and(|c| matches!(c, ';' | '.' | ','))
            && chars.get(j + 1).is_some_and(char::is_ascii_digit)
        {
            let serial: String = chars[j + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
            out.push(format!("{}/{year}{}{serial}", prefix.chars().rev().collect::<String>(), chars[j]));
        }
    }
    out
}

/// Enumerators "2)" or "2." repeated within a list or a paragraph.
fn repeated_enumerators(markers: &[String]) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    markers.iter().find(|m| !seen.insert(m.as_str())).cloned()
}

fn paragraph_enumerators(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b: Vec<char> = text.chars().collect();
    for i in 0..b.len() {
        if b[i] == ')'
            && i > 0
            && b[i - 1].is_ascii_digit()
            && (i < 2 || !b[i - 2].is_alphanumeric())
            && b.get(i + 1).is_some_and(|c| c.is_whitespace())
        {
            out.push(format!("{})", b[i - 1]));
        }
    }
    out
}

fn check_texts(cx: &mut Ctx<'_>) {
    let doc = cx.doc;
    let mut items: Vec<(Option<String>, String)> = doc.texts().into_iter().map(|(k, s)| (k.map(str::to_string), s.to_string())).collect();
    for t in doc.tables() {
        for r in &t.rows {
            for c in &r.cells {
                if c.exact.is_none() && !c.text.is_empty() {
                    items.push((None, c.text.clone()));
                }
            }
        }
    }
    for (_, h) in doc.headings() {
        items.push((None, h.to_string()));
    }
    for (key, text) in &items {
        check_words(cx, key.as_deref(), text);
        for n in bad_case_numbers(text) {
            cx.text_finding(
                "case-number",
                Severity::Warning,
                key.as_deref(),
                text,
                format!("Diarienumret «{n}» har fel skiljetecken före löpnumret (väntat «:»)."),
            );
        }
        let en = paragraph_enumerators(text);
        if en.len() >= 2
            && let Some(m) = repeated_enumerators(&en)
        {
            cx.text_finding("numbering", Severity::Warning, key.as_deref(), text, format!("Uppräkningen använder «{m}» flera gånger."));
        }
        // The case paper's own dates (beslutsunderlag, signatures) after the paper itself.
        if let (Some(date), Some(k)) = (doc.date, key.as_deref())
            && k.starts_with("memo.")
        {
            for d in iso_dates(text) {
                if d > date {
                    cx.text_finding(
                        "date-order",
                        Severity::Warning,
                        key.as_deref(),
                        text,
                        format!("{d} ligger efter ärendets datum {date}: datumen kommer i fel ordning."),
                    );
                }
            }
        }
        // Decisions dated after the document.
        if let Some(date) = doc.date {
            for d in decision_dates(text) {
                if d > date {
                    cx.text_finding(
                        "future",
                        Severity::Warning,
                        key.as_deref(),
                        text,
                        format!("Beslutet den {d} ligger efter rapportens datum {date}."),
                    );
                }
            }
        }
    }
    for b in &doc.blocks {
        if let Block::List { ordered: true, markers, items, .. } = b
            && let Some(m) = repeated_enumerators(markers)
        {
            cx.text_finding("numbering", Severity::Warning, None, &items.join(" "), format!("Listan numrerar «{m}» flera gånger."));
        }
    }
    // A document that ends with a heading has lost its end.
    if let (true, Some(Block::Heading { text, .. })) = (doc.printed, doc.blocks.last()) {
        cx.text_finding(
            "truncated",
            Severity::Warning,
            None,
            text,
            format!("Dokumentet slutar med rubriken «{text}» utan innehåll: är texten avkortad?"),
        );
    }
    for (key, text) in &items {
        check_period(cx, key.as_deref(), text);
        check_bands(cx, key.as_deref(), text);
        check_carry_over(cx, key.as_deref(), text);
    }
    check_item_amounts(cx, &items);
    check_similar_names(cx);
}

/// An amount in parentheses after a name: "habersättning (+350)", "habiliteringsersättning från
/// Socialstyrelsen (355 tkr)". Each of the (up to three) words before the parenthesis that can
/// be a name (eight letters or more) is paired with the amount: (name, thousandths, unit, as
/// printed).
fn named_amounts(text: &str) -> Vec<(String, i128, &'static str, String)> {
    let mut out = Vec::new();
    for (open, _) in text.match_indices('(') {
        let Some(close) = text[open..].find(')').map(|c| open + c) else { continue };
        let inside = text[open + 1..close].trim();
        let (unit, number) = match ["mnkr", "mkr", "tkr", "kr"].iter().find_map(|u| inside.strip_suffix(u).map(|n| (*u, n.trim()))) {
            Some((u, n)) => (u, n),
            None => ("", inside),
        };
        let digits = number.trim_start_matches(['+', '-', '−']).replace([' ', '\u{a0}'], "");
        let (int, frac) = digits.split_once(',').unwrap_or((&digits, ""));
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 3 {
            continue;
        }
        let Ok(i) = int.parse::<i128>() else { continue };
        let f: i128 = format!("{frac:0<3}").parse().unwrap_or(0);
        let value = i * 1000 + f;
        for w in text[..open].split_whitespace().rev().take(3) {
            let w: String = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
            if w.chars().count() >= 8 && w.chars().all(char::is_alphabetic) {
                out.push((w, value, unit, text[open..=close].to_string()));
            }
        }
    }
    out
}

/// Whether one name is the other shortened at its first part: "habersättning" and
/// "habiliteringsersättning" share the last part "ersättning" (six letters or more), and "hab"
/// begins "habiliterings".
fn abbreviates(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let common = short.iter().rev().zip(long.iter().rev()).take_while(|(x, y)| x == y).count();
    let (hs, hl) = (&short[..short.len() - common], &long[..long.len() - common]);
    common >= 6 && hs.len() >= 3 && hl.len() > hs.len() && hl.starts_with(hs)
}

/// One item under two names, one shortened, with two different amounts (A-X08). The same name
/// with two amounts is not reported: it is usually two items (two grants of one kind).
fn check_item_amounts(cx: &mut Ctx<'_>, items: &[(Option<String>, String)]) {
    let scale = |unit: &str| match unit {
        "tkr" => 1_000,
        "mnkr" | "mkr" => 1_000_000,
        _ => 1,
    };
    let mut seen: Vec<(String, i128, &'static str, String)> = Vec::new();
    let mut reported: Vec<(String, String)> = Vec::new();
    for (key, text) in items {
        for (name, value, unit, printed) in named_amounts(text) {
            for (n2, v2, u2, p2) in &seen {
                // Without a unit on one side, both are read in the other's unit.
                let differ = if unit.is_empty() || u2.is_empty() { value != *v2 } else { value * scale(unit) != *v2 * scale(u2) };
                if name != *n2 && differ && abbreviates(&name, n2) && !reported.contains(&(n2.clone(), name.clone())) {
                    reported.push((n2.clone(), name.clone()));
                    cx.text_finding(
                        "same-item",
                        Severity::Warning,
                        key.as_deref(),
                        text,
                        format!("«{n2}» {p2} och «{name}» {printed} verkar vara samma post under två namn men med olika belopp."),
                    );
                }
            }
            seen.push((name, value, unit, printed));
        }
    }
}

/// "i period november 2023 till och med november 2024" in an annual report: a measuring
/// period that is not the calendar year reported on.
fn check_period(cx: &mut Ctx<'_>, key: Option<&str>, text: &str) {
    let lower = text.to_lowercase();
    let w: Vec<&str> = lower.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let month = |s: &str| crate::period::MONTHS_SV.iter().position(|m| *m == s).map(|i| i as u32 + 1);
    for k in 0..w.len() {
        let Some(m1) = month(w[k]) else { continue };
        let y1: Option<i32> = w.get(k + 1).and_then(|y| y.parse().ok());
        let after = if y1.is_some() { k + 2 } else { k + 1 };
        let sep = if w.get(after) == Some(&"till") && w.get(after + 1) == Some(&"och") && w.get(after + 2) == Some(&"med") {
            3
        } else if w.get(after) == Some(&"till") {
            1
        } else {
            continue;
        };
        let Some(m2) = w.get(after + sep).and_then(|s| month(s)) else { continue };
        let Some(y2) = w.get(after + sep + 1).and_then(|y| y.trim_end_matches('.').parse::<i32>().ok()) else { continue };
        let y1 = y1.unwrap_or(y2);
        if cx.doc.year != 0 && (y1, m1, y2, m2) != (cx.doc.year, 1, cx.doc.year, 12) && y2 == cx.doc.year && (y1, m1) != (cx.doc.year, 1) {
            cx.text_finding(
                "period",
                Severity::Info,
                key,
                text,
                format!(
                    "Perioden {} {y1} – {} {y2} är inte redovisningsåret {}: står samma mått för kalenderåret på annat ställe?",
                    crate::period::MONTHS_SV[m1 as usize - 1],
                    crate::period::MONTHS_SV[m2 as usize - 1],
                    cx.doc.year
                ),
            );
        }
    }
}

/// "Värden under 50 …, mellan 50 och 69 …, över 79": stated bands must leave no gap.
fn check_bands(cx: &mut Ctx<'_>, key: Option<&str>, text: &str) {
    let lower = text.to_lowercase();
    let w: Vec<&str> = lower.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let num = |s: &str| s.trim_end_matches(['.', ')']).parse::<i64>().ok();
    let mut bands: Vec<(i64, i64)> = Vec::new();
    for k in 0..w.len() {
        match w[k] {
            "under" => {
                if let Some(n) = w.get(k + 1).and_then(|s| num(s)) {
                    bands.push((i64::MIN, n - 1));
                }
            }
            "över" => {
                if let Some(n) = w.get(k + 1).and_then(|s| num(s)) {
                    bands.push((n + 1, i64::MAX));
                }
            }
            "mellan" => {
                if let (Some(a), Some("och"), Some(b)) =
                    (w.get(k + 1).and_then(|s| num(s)), w.get(k + 2).copied(), w.get(k + 3).and_then(|s| num(s)))
                {
                    bands.push((a, b));
                }
            }
            _ => {}
        }
    }
    if bands.len() < 3 {
        return;
    }
    bands.sort();
    for pair in bands.windows(2) {
        let (end, next) = (pair[0].1, pair[1].0);
        if end != i64::MAX && next > end + 1 {
            cx.text_finding(
                "bands",
                Severity::Warning,
                key,
                text,
                format!("Intervallen täcker inte {}–{}: vad betyder ett värde där?", end + 1, next - 1),
            );
        }
    }
}

/// "flytta över motsvarande investeringsmedel till 2025" without an amount.
fn check_carry_over(cx: &mut Ctx<'_>, key: Option<&str>, text: &str) {
    for s in sentences(text) {
        let lower = s.to_lowercase();
        let moves = ["flytta över", "föra över", "överföra", "ombudget"].iter().any(|w| lower.contains(w));
        let money = ["investeringsmedel", "investeringsbudget"].iter().any(|w| lower.contains(w));
        if moves
            && money
            && amounts_in(s, Unit::Mkr, None).is_empty()
            && amounts_in(s, Unit::Tkr, None).is_empty()
            && amounts_in(s, Unit::Kr, None).is_empty()
        {
            cx.text_finding(
                "carry-over",
                Severity::Warning,
                key,
                s,
                "Överföringen av investeringsmedel saknar belopp: ange belopp och projekt.".into(),
            );
        }
    }
}

/// Names that almost agree: row labels of different tables, and a row label against a phrase in
/// the text that differs in one word ("tillsynskamera" / "trygghetskamera").
fn check_similar_names(cx: &mut Ctx<'_>) {
    // Codes and parenthesised qualifiers ("Avhoppare (Vuxna utan …, 74)") are not the name.
    let strip = |s: &str| {
        let mut depth = 0;
        let bare: String = s
            .chars()
            .filter(|c| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => return depth == 0,
                }
                false
            })
            .collect();
        normalise(&bare).split(' ').filter(|w| !w.chars().all(|c| c.is_ascii_digit())).collect::<Vec<_>>().join(" ")
    };
    let mut labels: Vec<(String, String, usize, String)> = Vec::new();
    for t in cx.doc.tables() {
        for (i, r) in t.rows.iter().enumerate() {
            let l = r.label().trim();
            if !l.is_empty() && !r.total && !r.group && l.chars().count() <= 120 {
                labels.push((t.id.clone(), t.caption.clone(), i, l.to_string()));
            }
        }
    }
    // Each label's name once (the pairs below are quadratic in the labels).
    let names: Vec<(String, usize)> = labels.iter().map(|l| strip(&l.3)).map(|n| (n.clone(), n.split(' ').count())).collect();
    let mut seen = std::collections::HashSet::new();
    for a in 0..labels.len() {
        for b in a + 1..labels.len() {
            let (x, y) = (&labels[a], &labels[b]);
            let ((sx, nx), (sy, ny)) = (&names[a], &names[b]);
            if x.0 == y.0 || sx == sy || sx.is_empty() {
                continue;
            }
            if nx.abs_diff(*ny) <= 1 && similarity(sx, sy) >= 0.75 && seen.insert((sx.clone(), sy.clone())) {
                let t = cx.doc.table(&x.0).cloned().unwrap_or_default();
                cx.push(
                    "naming",
                    Severity::Info,
                    loc(&t, Some(x.2), Some(0)),
                    Some(&t),
                    format!("«{}» här men «{}» i «{}»: samma sak ska ha samma namn.", x.3, y.3, y.1),
                );
            }
        }
    }
    let texts: Vec<(Option<String>, String)> = cx.doc.texts().into_iter().map(|(k, s)| (k.map(str::to_string), s.to_string())).collect();
    // Each text's words once.
    let text_words: Vec<_> = texts.iter().map(|(_, text)| words(text)).collect();
    for (id, caption, i, label) in &labels {
        let lw = words(label);
        if lw.len() < 4 {
            continue;
        }
        for ((key, text), tw) in texts.iter().zip(&text_words) {
            for win in tw.windows(lw.len()) {
                let diff: Vec<usize> = (0..lw.len()).filter(|k| win[*k] != lw[*k]).collect();
                if diff.len() == 1 && lw[diff[0]].chars().count() >= 6 && win[diff[0]].chars().count() >= 6 {
                    let d = diff[0];
                    // Same word stem (inflection) is not a different name.
                    let common = lw[d].chars().zip(win[d].chars()).take_while(|(a, b)| a == b).count();
                    if common + 3 >= lw[d].chars().count().min(win[d].chars().count()) {
                        continue;
                    }
                    let _ = (id, i);
                    cx.text_finding(
                        "naming",
                        Severity::Info,
                        key.as_deref(),
                        text,
                        format!("Tabellen «{caption}» skriver «{}» men texten «{}».", lw[d], win[d]),
                    );
                    break;
                }
            }
        }
    }
}

/// Every ISO date (ÅÅÅÅ-MM-DD) in a text.
fn iso_dates(text: &str) -> Vec<Date> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9))
        .filter(|&i| (i == 0 || !b[i - 1].is_ascii_digit()) && !b.get(i + 10).is_some_and(u8::is_ascii_digit))
        .filter_map(|i| text.get(i..i + 10).and_then(|s| Date::parse(s).ok()))
        .collect()
}

/// Dates of decision references ("KF 2022-12-12, § 281", "beslutade … den 2024-03-01 § 5").
fn decision_dates(text: &str) -> Vec<Date> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('§') {
        let before = &text[..i];
        let tail: String = before.chars().rev().take(14).collect::<String>().chars().rev().collect();
        let cand = tail.trim().trim_end_matches(',').trim();
        if cand.len() >= 10
            && let Ok(d) = Date::parse(&cand[cand.len() - 10..])
        {
            out.push(d);
        }
    }
    out
}

fn number_word(w: &str) -> Option<usize> {
    const WORDS: [&str; 21] = [
        "noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv", "tretton", "fjorton", "femton",
        "sexton", "sjutton", "arton", "nitton", "tjugo",
    ];
    let w = w.to_lowercase();
    if w == "en" {
        return Some(1);
    }
    WORDS.iter().position(|x| *x == w).or_else(|| w.parse().ok())
}

/// "Sex av tio mål är helt uppfyllda. Övriga fyra mål bedöms delvis uppfyllda." against the
/// assessment table (the table with id `malbedomning`, its last column the level).
/// A heading that numbers a figure ("Diagram 3", "Figur 2", "Tabell 4") promises one: when no
/// chart (or table) follows before the next heading of its level, the reader gets a title over
/// nothing — typically a figure whose values never reached the data.
fn check_figures(cx: &mut Ctx<'_>) {
    fn numbered<'a>(text: &'a str, words: &[&str]) -> Option<&'a str> {
        let mut w = text.split_whitespace();
        let (first, n) = (w.next()?, w.next()?);
        (words.iter().any(|x| first.eq_ignore_ascii_case(x)) && n.trim_end_matches([':', '.']).chars().all(|c| c.is_ascii_digit()))
            .then_some(first)
    }
    // A print typed in has lost its images: only a generated document can be asked for charts.
    if cx.doc.printed {
        return;
    }
    let blocks = &cx.doc.blocks;
    let mut found = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let Block::Heading { level, text, key } = b else { continue };
        let Some(word) = numbered(text, &["Diagram", "Figur", "Tabell"]) else { continue };
        let table = word.eq_ignore_ascii_case("Tabell");
        let mut under = blocks[i + 1..].iter().take_while(|b| !matches!(b, Block::Heading { level: l, .. } if l <= level));
        if !under.any(|b| matches!(b, Block::Chart { .. }) || (table && matches!(b, Block::Table(_)))) {
            let what = if table { "ingen tabell" } else { "inget diagram" };
            found.push((key.clone(), text.clone(), what));
        }
    }
    for (key, text, what) in found {
        cx.text_finding(
            "figure",
            Severity::Warning,
            key.as_deref(),
            &text,
            format!("Rubriken «{text}» följs av {what}: värdena saknas i underlaget eller har inte kopplats till avsnittet."),
        );
    }
}

/// A table of amounts whose caption, or the heading it stands under, names another unit than
/// its figures are in ("Driftredovisning (mkr)" over a table in tkr): a template made for one
/// municipality's scale, used with another's.
fn check_units(cx: &mut Ctx<'_>) {
    let mut found = Vec::new();
    let mut heading: Option<&str> = None;
    for b in &cx.doc.blocks {
        match b {
            Block::Heading { text, .. } => heading = Some(text),
            Block::Table(t) => {
                let Some(word) = t.unit.money_word() else { continue };
                // A heading that is the caption (a printed document's) is said once.
                let above = heading.take().filter(|h| *h != t.caption);
                for (what, text) in [("Tabellrubriken", Some(t.caption.as_str())), ("Rubriken ovanför", above)] {
                    let Some(text) = text else { continue };
                    if let Some(named) = Unit::named_in(text).filter(|u| *u != t.unit) {
                        let said = named.money_word().unwrap_or_default();
                        found.push((
                            loc(t, None, None),
                            t.id.clone(),
                            format!("{what} «{text}» säger {said}, men tabellens belopp är i {word}."),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    for (location, table, message) in found {
        cx.out.push(Finding { rule: "unit", severity: Severity::Warning, location, table: Some(table), section: None, message });
    }
}

/// A measure's heading and the definition under it must count the same people: a heading that
/// counts those who left "genom X" against a definition that counts "av orsaken Y" is flagged
/// when Y is not X (IA-16: "genom egen uppsägning" vs "av orsaken egen begäran, pension eller
/// uppsägning på initiativ av arbetsgivaren"). The definition is looked for in the paragraphs
/// up to the next heading of the same or a higher level.
fn check_heading_definitions(cx: &mut Ctx<'_>) {
    // The words after `marker` up to a stop word or a punctuation mark, lower case.
    fn phrase(text: &str, marker: &str, stops: &[&str]) -> Option<String> {
        let lower = text.to_lowercase();
        let rest = &lower[lower.find(marker)? + marker.len()..];
        let end = rest.find(['.', ';', ':', '(']).unwrap_or(rest.len());
        let words: Vec<&str> = rest[..end].split_whitespace().take_while(|w| !stops.contains(w)).collect();
        (!words.is_empty()).then(|| words.join(" ").trim_end_matches(',').to_string())
    }
    // The causes a phrase lists: "egen begäran, pension eller uppsägning …" → three.
    fn causes(phrase: &str) -> Vec<String> {
        let mut v: Vec<String> = phrase
            .replace(" eller ", ",")
            .replace(" och ", ",")
            .split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        v.sort();
        v
    }
    let blocks = &cx.doc.blocks;
    let mut found = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let Block::Heading { level, text: heading, .. } = b else { continue };
        let Some(counted) = phrase(heading, " genom ", &["ska", "samt", "bör", "har", "är", "-", "–"]) else { continue };
        let under = blocks[i + 1..].iter().take_while(|b| !matches!(b, Block::Heading { level: l, .. } if l <= level));
        for b in under {
            let Block::Paragraph { text, key } = b else { continue };
            // The causes end where the period or the base begins ("… under 2024").
            let stops = ["under", "i", "per", "dividerat", "från", "mellan", "som", "samt"];
            let Some(defined) = phrase(text, " av orsaken ", &stops) else { continue };
            if causes(&defined) != causes(&counted) {
                found.push((key.clone(), text.clone(), heading.clone(), counted.clone(), defined));
            }
        }
    }
    for (key, text, heading, counted, defined) in found {
        cx.text_finding(
            "definition",
            Severity::Warning,
            key.as_deref(),
            &text,
            format!(
                "Rubriken «{heading}» räknar dem som slutat genom «{counted}», men definitionen räknar «{defined}»: är det samma mått?"
            ),
        );
    }
}

fn check_count_sentences(cx: &mut Ctx<'_>) {
    let Some(t) = cx.doc.table("malbedomning").cloned() else { return };
    let levels: Vec<String> =
        data_rows(&t).filter_map(|(_, r)| r.cells.last().map(|c| c.text.to_lowercase())).filter(|s| !s.is_empty()).collect();
    let total = data_rows(&t).count();
    // The scale's own words: a level whose first word is its own ("överträffat" on a scale of
    // four) is counted by that word, not lumped with the other levels of full attainment.
    let mut distinct: Vec<&String> = levels.iter().collect();
    distinct.sort();
    distinct.dedup();
    let first_word = |l: &str| l.split_whitespace().next().unwrap_or("").to_string();
    let own_words: Vec<(String, &String)> = distinct
        .iter()
        .map(|l| (first_word(l), *l))
        .filter(|(w, _)| !w.is_empty() && distinct.iter().filter(|o| first_word(o) == *w).count() == 1)
        .collect();
    let count_of = |qualifier: &str| -> usize {
        let words: Vec<&str> = qualifier.split_whitespace().collect();
        if let Some((_, label)) = own_words.iter().find(|(w, _)| words.contains(&w.as_str())) {
            return levels.iter().filter(|l| l == label).count();
        }
        let partly = qualifier.contains("delvis");
        let not = qualifier.contains("ej ") || qualifier.contains("inte");
        levels
            .iter()
            .filter(|l| {
                if partly {
                    l.contains("delvis")
                } else if not {
                    l.contains("ej ") || l.contains("inte")
                } else {
                    !l.contains("delvis") && !l.contains("ej ") && !l.contains("inte")
                }
            })
            .count()
    };
    let texts: Vec<(Option<String>, String)> = cx.doc.texts().into_iter().map(|(k, s)| (k.map(str::to_string), s.to_string())).collect();
    for (key, text) in &texts {
        for s in sentences(text) {
            let w: Vec<&str> = s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            for k in 0..w.len() {
                // "X av Y mål …" and "övriga X mål …"
                let (claimed, of, rest) = if k + 3 < w.len() && w[k + 1] == "av" && w[k + 3] == "mål" {
                    match (number_word(w[k]), number_word(w[k + 2])) {
                        (Some(a), Some(b)) => (a, Some(b), w[k + 4..].join(" ")),
                        _ => continue,
                    }
                } else if k + 2 < w.len() && w[k].eq_ignore_ascii_case("övriga") && w[k + 2] == "mål" {
                    match number_word(w[k + 1]) {
                        Some(a) => (a, None, w[k + 3..].join(" ")),
                        None => continue,
                    }
                } else {
                    continue;
                };
                let qualifier: String = rest.split_whitespace().take(4).collect::<Vec<_>>().join(" ").to_lowercase() + " ";
                let actual = count_of(&qualifier);
                if of.is_some_and(|o| o != total) || claimed != actual {
                    cx.text_finding(
                        "count-sentence",
                        Severity::Warning,
                        key.as_deref(),
                        s,
                        format!(
                            "Texten säger {claimed}{} mål men bedömningstabellen har {actual} av {total}.",
                            of.map(|o| format!(" av {o}")).unwrap_or_default()
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::parse_printed;

    fn run(md: &str) -> Vec<Finding> {
        review(&parse_printed(md).unwrap())
    }

    /// A "Diagram n" heading with no chart under it is a finding; one with its chart is not.
    #[test]
    fn a_numbered_figure_heading_without_its_figure_is_reported() {
        let mut doc = parse_printed(
            "### Diagram 1\n\nUtbetalt bistånd\n\n### Diagram 2\n\nFeriepraktik\n\n### Tabell 3\n\nText.\n\n### Diagrammet visar\n",
        )
        .unwrap();
        doc.printed = false;
        let chart = Block::Chart { svg: String::new(), alt: "a".into(), caption: "c".into() };
        doc.blocks.insert(2, chart);
        let fs: Vec<Finding> = review(&doc).into_iter().filter(|f| f.rule == "figure").collect();
        let at: Vec<&str> = fs.iter().map(|f| f.location.as_str()).collect();
        assert_eq!(at, ["Texten «Diagram 2»", "Texten «Tabell 3»"], "{fs:#?}");
        assert!(fs[0].message.contains("inget diagram") && fs[1].message.contains("ingen tabell"));
        doc.printed = true;
        assert!(review(&doc).iter().all(|f| f.rule != "figure"), "a print has lost its images");
    }

    /// More carried over to next year than remains of a project is a finding; the total row is
    /// not a project.
    #[test]
    fn a_carry_over_larger_than_what_remains_is_reported() {
        let md = "<!-- table id=ombudgetering unit=mkr -->\n| Projekt | Återstår | Ombudgetering |\n|---|---|---|\n| It | -0.5 | 3.0 |\n| Inventarier | 1.2 | 1.0 |\n| **Summa** | 0.7 | 4.0 |\n<!-- rule at-most col=c3 limit=c2 -->\n";
        let fs: Vec<Finding> = run(md).into_iter().filter(|f| f.rule == "at-most").collect();
        assert_eq!(fs.len(), 1, "{fs:#?}");
        assert!(
            fs[0].location.contains("rad «It»") && fs[0].message.contains("«Ombudgetering» 3,0 är större än «Återstår» −0,5"),
            "{fs:#?}"
        );
    }

    /// A heading that says mkr over a table in tkr is a finding; the same heading over a table
    /// in mkr, or a heading without a unit, is not.
    #[test]
    fn a_heading_naming_another_unit_than_its_table_is_reported() {
        let md = |heading: &str, unit: &str| {
            format!("### {heading}\n\n<!-- table id=drift unit={unit} -->\n| Verksamhet | Netto |\n|---|---|\n| Äldreomsorg | -49 500 |\n")
        };
        let units = |heading: &str, unit: &str| -> Vec<String> {
            run(&md(heading, unit)).into_iter().filter(|f| f.rule == "unit").map(|f| f.message).collect()
        };
        assert_eq!(
            units("Driftredovisning per verksamhet (mkr)", "tkr"),
            ["Tabellrubriken «Driftredovisning per verksamhet (mkr)» säger mkr, men tabellens belopp är i tkr."]
        );
        assert!(units("Driftredovisning per verksamhet (mkr)", "mkr").is_empty());
        assert!(units("Driftredovisning i miljoner kronor", "mkr").is_empty());
        assert!(units("Driftredovisning", "tkr").is_empty());
        assert_eq!(units("Belopp i tusen kronor", "mkr").len(), 1);
    }

    /// A required cell left empty or printed "Ej bedömt" is a warning naming its row.
    #[test]
    fn a_required_cell_not_given_is_a_warning() {
        let doc = parse_printed("<!-- table id=mal unit=text -->\n| Perspektiv | Mål | Bedömning |\n|---|---|---|\n| Invånare | Ökat inflytande | Ej bedömt |\n| | Tidiga insatser | Uppfyllt |\n| | Trygghet | |\n<!-- rule required c3 -->\n").unwrap();
        let fs: Vec<Finding> = review(&doc).into_iter().filter(|f| f.rule == "required").collect();
        let at: Vec<&str> = fs.iter().map(|f| f.location.as_str()).collect();
        assert_eq!(
            at,
            [
                "Tabell «mal», rad «Invånare – Ökat inflytande», kolumn «Bedömning»",
                "Tabell «mal», rad «Invånare – Trygghet», kolumn «Bedömning»"
            ]
        );
    }

    /// A row under a grouping label is named by its own text and its group, not "(tom)".
    #[test]
    fn a_row_under_a_group_label_is_named_by_its_text_and_group() {
        let doc = parse_printed("<!-- table id=mal unit=text -->\n| Perspektiv | Mål | Bedömning |\n|---|---|---|\n| Invånare | Ökat inflytande | Uppfyllt |\n| | Tidiga insatser | Uppfyllt |\n").unwrap();
        let t = doc.table("mal").unwrap();
        assert_eq!(super::loc(t, Some(1), None), "Tabell «mal», rad «Invånare – Tidiga insatser»");
        assert_eq!(super::loc(t, Some(0), None), "Tabell «mal», rad «Invånare – Ökat inflytande»", "the group's first row");
    }

    #[test]
    fn a_heading_and_its_definition_count_the_same_causes() {
        let md = |cause: &str| {
            format!(
                "### Andel medarbetare som slutat genom egen uppsägning ska minska.\n\nMåttet räknar medarbetare som slutat av orsaken {cause}.\n"
            )
        };
        let definition = |fs: &[Finding]| fs.iter().filter(|f| f.rule == "definition").count();
        assert_eq!(definition(&run(&md("egen uppsägning under 2024"))), 0, "the period is not a cause");
        assert_eq!(definition(&run(&md("egen begäran, pension eller uppsägning på initiativ av arbetsgivaren"))), 1, "IA-16");
    }

    #[test]
    fn sum_within_rounding_is_info_beyond_is_warning() {
        let f = run(
            "<!-- table id=t unit=mkr -->\n| a | x |\n|---|---|\n| a | 1.1 |\n| b | 1.1 |\n| **S** | 2.1 |\n<!-- rule sum c2 total=last -->\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        let f = run(
            "<!-- table id=t unit=mkr -->\n| a | x |\n|---|---|\n| a | 1.1 |\n| b | 1.1 |\n| **S** | 2.5 |\n<!-- rule sum c2 total=last -->\n",
        );
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("2,2"), "{}", f[0].message);
    }

    #[test]
    fn exact_values_never_give_rounding_findings() {
        use crate::report::{Cell, Row};
        let cell = |ore: i64| Cell::num(Num::from_ore(ore, Unit::Mkr).present(1), Num::from_ore(ore, Unit::Mkr));
        let t = Table {
            id: "t".into(),
            unit: Unit::Mkr,
            header: vec!["".into(), "x".into()],
            rows: vec![
                Row::new(vec![Cell::text("a"), cell(1_140_000_00)]),
                Row::new(vec![Cell::text("b"), cell(1_140_000_00)]),
                Row { cells: vec![Cell::text("S"), cell(2_280_000_00)], total: true, group: false },
            ],
            rules: vec![Rule::Sum { cols: vec![1], rows: None, total: RowRef::Last, hundred: false, other: None }],
            ..Table::default()
        };
        let doc = Document { blocks: vec![Block::Table(t)], ..Document::default() };
        assert_eq!(review(&doc), vec![]);
    }

    #[test]
    fn narrative_number_against_the_table() {
        let md = "<!-- table id=drift unit=mkr -->\n| v | Avvikelse |\n|---|---|\n| **S** | -35.5 |\n<!-- rule fact r=last c2 words=avvikelse -->\n\nNämnden redovisar en negativ avvikelse på 30,0 miljoner kronor för året. Den negativa avvikelsen på 35,5 miljoner kronor beror på placeringar.\n";
        let f = run(md);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, "fact");
        assert!(f[0].message.contains("30,0"));
    }

    #[test]
    fn a_forecast_or_a_carry_over_is_not_the_outcome() {
        // B:35–37 and B:152–160: the carried-over 414 000 kronor and the deficit forecast at
        // delårsrapport 1 are not the year's deviation (3,9).
        let md = |text: &str| {
            format!(
                "<!-- table id=drift unit=mkr -->\n| v | Avvikelse |\n|---|---|\n| **S** | 3.9 |\n<!-- rule fact r=last c2 words=överskott|underskott -->\n\n{text}\n"
            )
        };
        let carried = "Socialnämnden föreslår ombudgetering av överskott om 414 000 kronor avseende kompetensmedel från 2021 till 2022.";
        assert_eq!(run(&md(carried)), vec![]);
        let forecast = "Verksamhetsåret inleddes med att vid delårsrapport 1 visa på ett underskott på 16,7 miljoner kronor.";
        assert_eq!(run(&md(forecast)), vec![]);
        // The year's own figure, wrong, is still found, also when a forecast is named after it.
        assert_eq!(run(&md("Nämnden redovisar ett överskott på 4,9 miljoner kronor.")).len(), 1);
        assert_eq!(run(&md("Nämnden redovisar ett överskott på 4,9 miljoner kronor, 1 miljon bättre än prognosen.")).len(), 1);
    }

    #[test]
    fn a_figure_in_miljoner_kronor_against_a_table_in_tkr() {
        let md = |text: &str| {
            format!(
                "<!-- table id=drift unit=tkr -->\n| v | Avvikelse |\n|---|---|\n| **S** | -13 716 |\n<!-- rule fact r=last c2 words=avvikelse -->\n\n{text}\n"
            )
        };
        let f = run(&md("Nämnden redovisar en negativ avvikelse med 15,2 miljoner kronor."));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("Texten anger 15,2 miljoner kronor") && f[0].message.contains("visar −13,7"), "{}", f[0].message);
        assert!(f[0].message.contains("omräknat från tusen kronor"), "{}", f[0].message);
        assert!(run(&md("Nämnden redovisar en negativ avvikelse med 13,7 miljoner kronor.")).is_empty());
        assert!(run(&md("Nämnden redovisar en negativ avvikelse med 13 716 tkr.")).is_empty());
        // A round figure for a part ("ca 2,1 mnkr") is not the table's figure quoted.
        assert!(run(&md("Avvikelsen beror även på arvoden, ett underskott på ca 2,1 mnkr.")).is_empty());
    }

    #[test]
    fn one_item_under_a_short_and_a_long_name_with_two_amounts() {
        assert!(abbreviates("habersättning", "habiliteringsersättning"));
        assert!(!abbreviates("statsbidrag", "statsbidrag"));
        assert!(!abbreviates("lönekostnader", "personalkostnader"));
        let f = run("# R\n\nÖverskott för habersättning (+350). Bidrag för habiliteringsersättning från Socialstyrelsen (355 tkr).\n");
        assert!(f.iter().any(|f| f.rule == "same-item" && f.message.contains("(+350)") && f.message.contains("(355 tkr)")), "{f:#?}");
        // The same amount under both names, or one name with two amounts: nothing.
        let f = run("# R\n\nHabersättning (+355). Habiliteringsersättning (355 tkr). Statsbidrag (5 mnkr) och statsbidrag (1,9 mnkr).\n");
        assert!(f.iter().all(|f| f.rule != "same-item"), "{f:#?}");
    }

    #[test]
    fn text_checks() {
        assert_eq!(bad_case_numbers("Dnr: SN/2024;147 och SN/2022:675"), vec!["SN/2024;147"]);
        assert!(interior_typo("hysesjustering", "hyresjustering"));
        assert!(interior_typo("ekonomiconroller", "ekonomicontroller"));
        assert!(!interior_typo("kostnaden", "kostnader"));
        assert_eq!(repeated_enumerators(&paragraph_enumerators("1) a 2) b 2) c")), Some("2)".into()));
        assert_eq!(sentences("Ett. Två 3,5 mkr. 4 st."), vec!["Ett.", "Två 3,5 mkr.", "4 st."]);
    }

    #[test]
    fn memo_dates_after_the_paper_are_out_of_order() {
        use crate::report::Block;
        let doc = Document {
            year: 2023,
            date: Some(Date::parse("2024-02-09").unwrap()),
            blocks: vec![Block::Paragraph {
                text: "Rapport, Årsrapport 2023, 2024-02-09. Bilaga 1, 2024-03-01.".into(),
                key: Some("memo.beslutsunderlag".into()),
            }],
            ..Document::default()
        };
        let f = review(&doc);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, "date-order");
        assert!(f[0].message.contains("2024-03-01"));
    }

    #[test]
    fn count_sentence_against_assessments() {
        let md = "<!-- table id=malbedomning unit=text -->\n| P | Mål | Bedömning |\n|---|---|---|\n| A | m1 | Uppfyllt |\n| | m2 | Delvis uppfyllt |\n| | m3 | Uppfyllt |\n\nTvå av tre mål är helt uppfyllda. Övriga ett mål bedöms delvis uppfyllda.\n\nTre av tre mål är helt uppfyllda.\n";
        let f = run(md);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("2 av 3"), "{}", f[0].message);
    }

    /// A sentence about one row ("Äldreomsorgen", the row's definite form) may quote that row's
    /// figure, not the total's.
    #[test]
    fn a_fact_about_a_named_row_is_that_row_s() {
        let md = |amount: &str| {
            format!(
                "<!-- table id=drift unit=mkr -->\n| v | Avvikelse |\n|---|---|\n| Äldreomsorg | -7.2 |\n| Myndighet | 2.9 |\n| **S** | -4.3 |\n<!-- rule fact r=last c2 words=underskott -->\n\nÄldreomsorgen redovisar ett underskott på {amount} miljoner kronor.\n"
            )
        };
        assert!(run(&md("7,2")).iter().all(|f| f.rule != "fact"), "{:#?}", run(&md("7,2")));
        assert_eq!(run(&md("6,0")).iter().filter(|f| f.rule == "fact").count(), 1);
    }

    /// A scale of four: "överträffat" counts its own level, not every level of full attainment.
    #[test]
    fn a_count_sentence_on_a_scale_of_its_own() {
        let md = "<!-- table id=malbedomning unit=text -->\n| P | Mål | Bedömning |\n|---|---|---|\n| A | m1 | Överträffat |\n| | m2 | Uppfyllt |\n| | m3 | Delvis uppfyllt |\n\nEtt av tre mål är överträffat. Ett av tre mål är uppfyllt.\n";
        assert!(run(md).iter().all(|f| f.rule != "count-sentence"), "{:#?}", run(md));
        let wrong = md.replace("Ett av tre mål är överträffat", "Två av tre mål är överträffat");
        assert_eq!(run(&wrong).iter().filter(|f| f.rule == "count-sentence").count(), 1);
    }

    #[test]
    fn a_generated_table_without_data_is_reported() {
        let doc = Document {
            gaps: vec![crate::report::Gap {
                section: "ekonomi".into(),
                heading: "Ekonomisk uppföljning".into(),
                what: "Utfallet för januari–augusti 2021 saknas i Årshjul.".into(),
            }],
            ..Document::default()
        };
        let f = review(&doc);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].rule, f[0].severity, f[0].section.as_deref()), ("missing-data", Severity::Warning, Some("ekonomi")));
        assert_eq!(f[0].location, "Avsnittet «Ekonomisk uppföljning»");
    }
}
