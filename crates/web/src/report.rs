//! Reports assembled from stored data: a template (the municipality's copy or a built-in one)
//! walked section by section into one [`Document`], which the render crate turns into PDF/UA,
//! DOCX, HTML and XLSX and the checker reviews. The pages, the API and the CLI all call
//! [`assemble`].

use crate::outputs::OutputError;
use domain::economy::*;
use domain::goals::{Assessment, GoalYear, Measure, count_sentence, evaluate};
use domain::money::{Ore, Scale};
use domain::period::{MONTHS_SV, Period};
use domain::report::template::{Content, MEMO_FIELDS, TableSpec, Template};
use domain::report::{Block, Cell, Document, HEADER_GROUP, Num, Op, Row, RowRef, Rule, Table, Unit, narrative_blocks};
use std::collections::HashMap;
use store::Store;

/// What to assemble.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// SCB code.
    pub municipality: &'a str,
    /// Template kind.
    pub kind: &'a str,
    /// Year reported on.
    pub year: i32,
    /// Cut-off month for interim reports.
    pub to_month: Option<u8>,
    /// Link figures to their sources (staff see ledger rows).
    pub links: bool,
    /// Texts to use instead of the stored ones (the editor's preview).
    pub overrides: Vec<(String, String)>,
}

impl Data {
    /// A template's heading or caption with its placeholders filled: `{year}`, `{enhet}` (`unit`,
    /// the unit of its amounts; kr where it has none) and `{namnd}` (the committee as running
    /// text names it: "socialnämnden", "vård- och socialnämnden"), so that one template serves
    /// municipalities in mkr and in tkr, with their own committees.
    fn fill(&self, text: &str, unit: Option<&str>) -> String {
        let mut c = self.body.chars();
        let body: String = c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default();
        text.replace("{year}", &self.year.to_string()).replace("{enhet}", unit.unwrap_or("kr")).replace("{namnd}", &body)
    }
}

/// Everything a report may draw on for one municipality and year, loaded once.
struct Data {
    code: String,
    /// The committee's name (the total row of some tables).
    body: String,
    year: i32,
    to_month: Option<u8>,
    setup: Option<store::economy::Setup>,
    /// None for an interim report of a year whose outcome has no rows up to its month (an
    /// outcome imported for the whole year only), rather than a table of zeros.
    drift: Option<DriftTable>,
    /// Last year's drift table (an annual report's driftresultat), if it is in Årshjul.
    prior_drift: Option<DriftTable>,
    /// The driftresultat lines imported with this year, then with last year.
    result_lines: Vec<domain::economy::ResultLine>,
    /// The year's lists of amounts per verksamhet.
    amount_lines: Vec<domain::economy::AmountLine>,
    /// The year's outcome per account type, this year and last.
    account_types: Vec<domain::economy::AccountTypeLine>,
    /// An interim report's month when the outcome up to it is missing (see `drift`), and
    /// whether the year has an outcome at all.
    outcome_missing_to: Option<(u8, bool)>,
    /// The ledger's last month when it stops before the report's period ends: the outcome
    /// tables are then incomplete, and say so.
    ledger_short: Option<u8>,
    frame: Vec<FrameLine>,
    /// Parts of drift rows reported on their own.
    subrows: Vec<domain::economy::SubRow>,
    grants: Vec<Grant>,
    forecasts: Vec<Forecast>,
    plan: Vec<ActionMeasure>,
    investments: Vec<Investment>,
    volumes: Vec<VolumeValue>,
    goals: Option<GoalYear>,
    assessments: Vec<Assessment>,
    outcomes: HashMap<String, Vec<domain::goals::Outcome>>,
    targets: HashMap<String, Vec<(Period, domain::goals::Target)>>,
    control: Option<(store::control::Plan, Vec<domain::control::ControlItem>)>,
    results: Vec<domain::control::ControlResult>,
    sick: Vec<domain::personnel::SickLeave>,
    providers: Vec<domain::providers::OutsourcedActivity>,
    texts: HashMap<String, String>,
    /// The diarium case the report is decided in, when it is known.
    case: Option<String>,
    links: bool,
    q: Quality,
}

/// The quality register of the year.
#[derive(Default)]
pub(crate) struct Quality {
    pub(crate) types: Vec<(String, String)>,
    pub(crate) deviations: Vec<domain::quality::Deviation>,
    pub(crate) complaints: Vec<domain::quality::Complaint>,
    /// The self-inspection programme with each control's key.
    pub(crate) inspections: Vec<(String, domain::quality::SelfInspection)>,
    pub(crate) child_rights: Vec<domain::quality::ChildRightsPoint>,
    pub(crate) grants: Vec<domain::quality::GrantReport>,
    pub(crate) insatser: Vec<domain::quality::GrantInsats>,
}

impl Quality {
    /// Loads a municipality's quality register for a year.
    pub(crate) async fn load(store: &Store, code: &str, year: i32) -> Result<Quality, OutputError> {
        use store::quality::{Kind, list};
        Ok(Quality {
            types: store::quality::types(store, code, year).await?,
            deviations: list(store, code, year, Kind::Deviation).await?,
            complaints: list(store, code, year, Kind::Complaint).await?,
            inspections: store::quality::list_keyed(store, code, year, Kind::Inspection).await?,
            child_rights: list(store, code, year, Kind::ChildRights).await?,
            grants: list(store, code, year, Kind::Grant).await?,
            insatser: list(store, code, year, Kind::Insats).await?,
        })
    }
}

async fn load(store: &Store, r: &Request<'_>) -> Result<Data, OutputError> {
    let (code, year) = (r.municipality, r.year);
    let goals = store::goals::goal_year(store, code, year).await?;
    let mut outcomes = HashMap::new();
    let mut targets = HashMap::new();
    if let Some(gy) = &goals {
        for ind in gy.indicators() {
            outcomes.insert(ind.key.clone(), store::goals::outcomes(store, code, &ind.key).await?);
            targets.insert(ind.key.clone(), store::goals::targets(store, code, &ind.key).await?);
        }
    }
    // An interim report's texts for its period (a section's own, else the year's).
    let mut texts: HashMap<String, String> = store::report::texts_for(store, code, r.kind, year, r.to_month).await?.into_iter().collect();
    for (k, v) in &r.overrides {
        texts.insert(k.clone(), v.clone());
    }
    let mut sick = store::personnel::sick_leave(store, code, year).await?;
    for s in store::personnel::sick_leave(store, code, year - 1).await? {
        if !sick.iter().any(|x| x.unit == s.unit && x.period == s.period) {
            sick.push(s);
        }
    }
    let org = store::org::organisation(store, code).await?;
    let interim = r.to_month.filter(|m| *m < 12);
    let outcome_missing_to = match interim {
        Some(m) => match store::economy::outcome_rows_to(store, code, year, m).await? {
            (all, 0) => Some((m, all > 0)),
            _ => None,
        },
        None => None,
    };
    Ok(Data {
        body: org
            .bodies()
            .iter()
            .find(|b| b.kind == domain::org::BodyKind::Namnd)
            .map(|b| b.name.clone())
            .unwrap_or_else(|| "Summa".into()),
        code: code.to_string(),
        year,
        to_month: r.to_month,
        setup: store::economy::setup(store, code, year).await?,
        drift: match outcome_missing_to {
            Some(_) => None,
            None => store::economy::drift_table_to(store, code, year, r.to_month).await?,
        },
        ledger_short: match outcome_missing_to {
            Some(_) => None,
            None => store::economy::ledger_last_month(store, code, year).await?.filter(|m| (1..r.to_month.unwrap_or(12)).contains(m)),
        },
        outcome_missing_to,
        // Last year's table only where its outcome is in Årshjul: a setup without ledger rows
        // would print zeros over the bokslut imported as figures.
        prior_drift: match interim {
            None if store::economy::outcome_rows_to(store, code, year - 1, 12).await?.0 > 0 => {
                store::economy::drift_table(store, code, year - 1).await?
            }
            _ => None,
        },
        amount_lines: store::economy::AMOUNT_LINES.read(store, code, year).await?,
        account_types: store::economy::ACCOUNT_TYPES.read(store, code, year).await?,
        result_lines: {
            let mut lines = store::economy::RESULT_LINES.read(store, code, year).await?;
            lines.extend(store::economy::RESULT_LINES.read(store, code, year - 1).await?);
            lines
        },
        frame: store::economy::frame(store, code, year).await?,
        subrows: store::economy::SUBROWS.read(store, code, year).await?,
        grants: store::economy::grants(store, code, year).await?,
        // An interim report shows the forecasts made up to its month, not later ones.
        forecasts: store::economy::forecast_deviations(store, code, year)
            .await?
            .into_iter()
            .filter(|f| r.to_month.is_none_or(|m| f.month <= m))
            .collect(),
        plan: store::economy::ACTION_PLAN.read(store, code, year).await?,
        investments: store::economy::investments(store, code, year).await?,
        volumes: store::economy::volumes(store, code, year).await?,
        // An interim report's assessments are those made for its period (its forecast for the
        // year, as the goal page shows it for that period), never the year's own: those are
        // made when the year is over, and an August report cannot know them.
        assessments: store::goals::assessments(store, code, report_period(year, r.to_month)).await?,
        goals,
        outcomes,
        targets,
        control: store::control::plan(store, code, year).await?,
        results: store::control::results(store, code, year).await?,
        sick,
        providers: store::control::providers(store, code, year).await?.0,
        texts,
        case: store::report::case_of(store, code, r.kind, year).await?,
        links: r.links,
        q: Quality::load(store, code, year).await?,
    })
}

/// Assembles a report. Sections whose data is missing print what there is (a heading and text)
/// rather than failing, so a report can be written before the year is closed.
pub async fn assemble(store: &Store, r: &Request<'_>) -> Result<(Template, Document), OutputError> {
    let (template, _) = store::report::template(store, r.municipality, r.kind)
        .await?
        .ok_or_else(|| OutputError::NotFound(format!("Rapporttypen «{}» finns inte.", r.kind)))?;
    if template.interim && r.to_month.is_none() {
        return Err(OutputError::Unsupported(format!("«{}» är en delårsrapport: ange --to-month.", r.kind)));
    }
    if let Some(m) = r.to_month.filter(|m| !(1..=12).contains(m)) {
        return Err(OutputError::Unsupported(format!("Månad {m} finns inte: ange en månad 1–12.")));
    }
    let m = store::org::municipality(store, r.municipality)
        .await?
        .ok_or_else(|| OutputError::NotFound(format!("Kommunen {} finns inte.", r.municipality)))?;
    let org = store::org::organisation(store, r.municipality).await?;
    let body = org.bodies().iter().find(|b| b.kind == domain::org::BodyKind::Namnd).map(|b| b.name.clone()).unwrap_or_default();
    let d = load(store, r).await?;
    let mut doc = Document {
        title: template.title_for(r.year, r.to_month),
        subtitle: [body.as_str(), m.name.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", "),
        year: r.year,
        date: d.texts.get("datum").and_then(|s| domain::period::Date::parse(s.trim()).ok()),
        toc: true,
        blocks: Vec::new(),
        printed: false,
        ..Document::default()
    };
    for s in template.sections.iter().filter(|s| s.include) {
        // A cover memo nobody has written (a report sent as an attachment has none) is left out
        // rather than printed as an empty heading.
        if s.content == [Content::Memo] && !d.texts.keys().any(|k| k.starts_with("memo.")) {
            continue;
        }
        // The contents list ends the first page(s): a section on a new page starts after it.
        if s.new_page && (!doc.blocks.is_empty() || doc.toc) {
            doc.blocks.push(Block::PageBreak);
        }
        // A heading's unit is that of its section's first table.
        let section_unit = s.content.iter().find_map(|c| match c {
            Content::Table(spec) => Money::of(&d, spec).unit.money_word(),
            _ => None,
        });
        if !s.heading.is_empty() {
            doc.blocks.push(Block::Heading { level: s.level, text: d.fill(&s.heading, section_unit), key: Some(s.key.clone()) });
        }
        for c in &s.content {
            match c {
                Content::Text => {
                    if let Some(t) = d.texts.get(&s.key) {
                        doc.blocks.extend(narrative_blocks(&s.key, t, s.level + 1));
                    }
                }
                Content::Memo => memo(&d, &mut doc, s.level),
                Content::Table(spec) => match table(&d, spec) {
                    Some(mut t) => {
                        t.caption = d.fill(&t.caption, t.unit.money_word());
                        if let Some(n) = spec.note.as_ref().filter(|n| !n.trim().is_empty()) {
                            add_note(&mut t, n);
                        }
                        // An outcome from a ledger that stops before the period does.
                        if let (Some(m), true) = (d.ledger_short, needs_outcome(spec)) {
                            let what = format!(
                                "Huvudboken har rader bara till och med {}: utfallet för {} är ofullständigt.",
                                domain::period::MONTHS_SV[m as usize - 1],
                                match d.to_month {
                                    Some(m) => domain::period::Period::Interim { year: d.year, to_month: m }.label_sv(),
                                    None => format!("helåret {}", d.year),
                                }
                            );
                            add_note(&mut t, &what);
                            let heading = d.fill(&s.heading, section_unit);
                            doc.incomplete.push(domain::report::Gap { section: s.key.clone(), heading, what });
                        }
                        // Totals are exact: where the rounded rows do not add up to them, say so.
                        if t.rounding_shows() {
                            let why = "Summorna är räknade på exakta belopp och kan skilja sig från summan av de avrundade raderna.";
                            add_note(&mut t, why);
                        }
                        // A table kind used twice (B's summary in mnkr, its drift in tkr) gets a
                        // second id; rules refer to the first.
                        let n = doc.tables().filter(|x| x.id == t.id || x.id.starts_with(&format!("{}-", t.id))).count();
                        if n > 0 {
                            t.id = format!("{}-{}", t.id, n + 1);
                        }
                        doc.blocks.push(Block::Table(t));
                        // What the committee's current forecast rests on, in its makers' words.
                        if spec.kind == "prognossakerhet" {
                            doc.blocks.extend(forecast_comments(&d));
                        }
                    }
                    None => {
                        if let Some(what) = missing(&d, spec) {
                            doc.blocks.push(Block::Paragraph { text: what.clone(), key: None });
                            let heading = d.fill(&s.heading, section_unit);
                            doc.gaps.push(domain::report::Gap { section: s.key.clone(), heading, what });
                        }
                    }
                },
                Content::Chart(kind) => doc.blocks.extend(chart(&d, kind)),
                Content::GoalAnalyses => goal_analyses(&d, &mut doc, s.level + 1),
                Content::CountSentence => {
                    if let Some(p) = count(&d) {
                        doc.blocks.push(Block::Paragraph { text: p, key: None });
                    }
                }
            }
        }
    }
    Ok((template, doc))
}

/// `text` after the table's note (its first sentence when it has none).
fn add_note(t: &mut Table, text: &str) {
    t.note = Some(match t.note.take() {
        Some(own) => format!("{own} {text}"),
        None => text.to_string(),
    });
}

/// Whether a table is made from the year's outcome (the ledger).
fn needs_outcome(spec: &TableSpec) -> bool {
    matches!(spec.kind.as_str(), "drift" | "driftnetto" | "budgetfoljsamhet" | "nettokostnad")
}

/// What the document says where a table has no data, or None where leaving it out is the rule
/// (an interim report's net cost change, carry-overs when none is proposed).
fn missing(d: &Data, spec: &TableSpec) -> Option<String> {
    if omitted(d, spec) || (spec.kind == "ombudgetering" && !d.investments.is_empty()) {
        return None;
    }
    Some(match d.outcome_missing_to {
        Some((m, yearly)) if needs_outcome(spec) => format!(
            "Utfallet för {} saknas i Årshjul{}. Läs in huvudboken (SIE) eller utfall per månad för att visa tabellen.",
            domain::period::Period::Interim { year: d.year, to_month: m }.label_sv(),
            if yearly { ": årets utfall är inläst för helår" } else { "" }
        ),
        // Named by its caption where the template gives one, so that a heading above it
        // (Måluppfyllelse) is not read as all there is to it.
        _ => match spec.caption.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => {
                format!(
                    "Uppgifter saknas: Årshjul har inga uppgifter för {} till tabellen «{}».",
                    d.year,
                    d.fill(c, Money::of(d, spec).unit.money_word())
                )
            }
            None => format!("Uppgifter saknas: Årshjul har inga uppgifter för {} till den här tabellen.", d.year),
        },
    })
}

fn memo(d: &Data, doc: &mut Document, level: u8) {
    // The memo's head: its date, the case it is decided in, who handled it.
    let mut fields = Vec::new();
    if let Some(date) = d.texts.get("datum").map(|t| t.trim()).filter(|t| !t.is_empty()) {
        fields.push(("Datum".to_string(), date.to_string()));
    }
    if let Some(case) = &d.case {
        fields.push(("Diarienummer".to_string(), case.clone()));
    }
    if let Some(t) = d.texts.get("memo.handlaggare") {
        let t = t.trim().strip_prefix("Handläggare:").unwrap_or(t).trim();
        fields
            .push(("Handläggare".to_string(), t.lines().map(str::trim).filter(|l| !l.starts_with("<!--")).collect::<Vec<_>>().join(", ")));
    }
    if !fields.is_empty() {
        doc.blocks.push(Block::Fields { fields });
    }
    for (k, label) in MEMO_FIELDS {
        let Some(t) = d.texts.get(&format!("memo.{k}")) else { continue };
        if *k == "handlaggare" {
            continue;
        }
        doc.blocks.push(Block::Heading { level: level + 1, text: (*label).to_string(), key: Some(format!("memo.{k}")) });
        doc.blocks.extend(narrative_blocks(&format!("memo.{k}"), t, level + 2));
    }
}

// ------------------------------------------------------------------------------ helpers

struct Money {
    scale: Scale,
    decimals: u32,
    unit: Unit,
    sum_of_rounded: bool,
}

impl Money {
    fn of(d: &Data, spec: &TableSpec) -> Money {
        let cfg = d.setup.as_ref().map(|s| &s.config);
        let scale = spec.unit.or(cfg.map(|c| c.scale)).unwrap_or(Scale::Tkr);
        let decimals = spec.decimals.map(u32::from).or(cfg.map(|c| c.decimals)).unwrap_or(0);
        let unit = match scale {
            Scale::Mkr => Unit::Mkr,
            Scale::Tkr => Unit::Tkr,
            Scale::Kr => Unit::Kr,
        };
        Money { scale, decimals, unit, sum_of_rounded: spec.sum_of_rounded || cfg.is_some_and(|c| c.total_of_rounded) }
    }

    fn cell(&self, v: Ore) -> Cell {
        Cell::num(v.present(self.scale, self.decimals), Num::from_ore(v.ore(), self.unit))
    }

    fn opt(&self, v: Option<Ore>) -> Cell {
        v.map(|v| self.cell(v)).unwrap_or_default()
    }

    /// The total of a column: exact, or the sum of the rounded values when so configured.
    fn total(&self, values: &[Ore]) -> Cell {
        if self.sum_of_rounded {
            let sum: i128 = values.iter().map(|v| v.rounded(self.scale, self.decimals)).sum();
            // Back to öre in i128: with more decimals than the scale has öre (kr with three),
            // a whole-number step would be zero.
            let ore = domain::sv::div_round(sum * self.scale.ore_per_unit() as i128, 10i128.pow(self.decimals)) as i64;
            Cell::num(domain::sv::format_fixed(sum, self.decimals), Num::from_ore(ore, self.unit))
        } else {
            self.cell(values.iter().copied().sum())
        }
    }
}

fn total_row(cells: Vec<Cell>) -> Row {
    Row { cells, total: true, group: false }
}

fn group_row(label: &str, width: usize) -> Row {
    let mut cells = vec![Cell::text(label)];
    cells.resize(width, Cell::default());
    Row { cells, total: false, group: true }
}

fn caption(spec: &TableSpec, default: &str, year: i32) -> String {
    spec.caption.clone().unwrap_or_else(|| default.to_string()).replace("{year}", &year.to_string())
}

fn pct_cell(p: Measure, decimals: u32) -> Cell {
    Cell::num(format!("{}\u{a0}%", p.present(decimals)), Num::from_measure(p))
}

/// A share of two amounts, rounded once from the exact fraction.
fn share_cell(p: domain::economy::Share, decimals: u32) -> Cell {
    Cell::num(format!("{}\u{a0}%", p.present(decimals)), Num::from_measure(p.measure()))
}

/// Tables an interim report leaves out: last year's net and the bokslut's result by type are
/// a whole year's.
fn omitted(d: &Data, spec: &TableSpec) -> bool {
    matches!(spec.kind.as_str(), "nettokostnad" | "driftresultat") && d.to_month.is_some_and(|m| m < 12)
}

fn table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let y = d.year;
    match spec.kind.as_str() {
        "malbedomning" => assessment_table(d, spec),
        "drift" => drift_table(d, spec),
        "driftnetto" => net_drift_table(d, spec),
        "driftresultat" => result_table(d, spec),
        "verksamhetsanalys" => activity_analysis_table(d, spec),
        "delredovisning" => sub_table(d, spec),
        // Last year's net is a whole year's: an interim report has no like to compare with.
        _ if omitted(d, spec) => None,
        "nettokostnad" => {
            let t = d.drift.as_ref()?;
            // Last year's net is configured in the ledger's signs; the table's own as it prints.
            let prior = t.convention.shown(d.setup.as_ref()?.config.prior_net?);
            let m = Money::of(d, spec);
            let net = t.total(DriftColumn::OutcomeNet)?;
            Some(Table {
                id: "nettokostnad".into(),
                caption: caption(spec, "Nettokostnadsförändring", y),
                unit: m.unit,
                header: vec![
                    String::new(),
                    format!("Utfall {y}"),
                    format!("Utfall {}", y - 1),
                    format!("Förändring {}\u{a0}-\u{a0}{y}", y - 1),
                ],
                rows: vec![Row::new(vec![Cell::text(&d.body), m.cell(net), m.cell(prior), m.cell(net - prior)])],
                note: None,
                rules: vec![
                    Rule::Formula { target: 3, first: 1, terms: vec![(Op::Sub, 2)] },
                    Rule::Equal { row: RowRef::Last, col: 1, table: "drift".into(), other_row: RowRef::Last, other_col: 3, label: false },
                    Rule::Fact { row: RowRef::Last, cols: vec![3], words: vec!["ökning med".into(), "minskning med".into()], unit: None },
                ],
            })
        }
        "ramprotokoll" => {
            let m = Money::of(d, spec);
            if d.frame.is_empty() {
                return None;
            }
            let mut rows: Vec<Row> =
                d.frame.iter().map(|l| Row::new(vec![Cell::text(&l.category), Cell::text(&l.decision), m.cell(l.amount)])).collect();
            rows.push(total_row(vec![
                Cell::text("Summa"),
                Cell::default(),
                m.total(&d.frame.iter().map(|l| l.amount).collect::<Vec<_>>()),
            ]));
            let mut rules =
                vec![Rule::Sum { cols: vec![2], rows: None, total: RowRef::Last, hundred: false, other: None }, Rule::Decision { col: 1 }];
            if d.drift.is_some() {
                rules.push(Rule::Equal {
                    row: RowRef::Last,
                    col: 2,
                    table: "drift".into(),
                    other_row: RowRef::Last,
                    other_col: 6,
                    label: false,
                });
            }
            Some(Table {
                id: "ramprotokoll".into(),
                caption: caption(spec, "Ramprotokoll", y),
                unit: m.unit,
                header: vec!["Kategori".into(), "Beslut".into(), format!("Budget {y}")],
                rows,
                note: None,
                rules,
            })
        }
        "bidrag" => {
            let m = Money::of(d, spec);
            if d.grants.is_empty() {
                return None;
            }
            // Where no amount applied for is known (B prints what was received), no such column;
            // a column for the verksamhet where grants name one.
            let applied = d.grants.iter().any(|g| g.applied.is_some());
            let activity = d.grants.iter().any(|g| !g.activity.is_empty());
            let mut notes = Vec::new();
            let mut rows = Vec::new();
            for g in &d.grants {
                let marker = match g.note.as_deref().filter(|n| !n.is_empty()) {
                    Some(n) => {
                        notes.push(n.to_string());
                        "*".repeat(notes.len())
                    }
                    None => String::new(),
                };
                let with = |c: Cell| Cell { text: format!("{}{marker}", c.text), ..c };
                let mut cells = vec![Cell::text(&g.name)];
                if applied {
                    cells.push(with(m.opt(g.applied)));
                }
                cells.push(with(m.opt(g.granted)));
                if activity {
                    cells.push(Cell::text(&g.activity));
                }
                rows.push(Row::new(cells));
            }
            let mut total = vec![Cell::text("Summa")];
            if applied {
                total.push(m.total(&d.grants.iter().filter_map(|g| g.applied).collect::<Vec<_>>()));
            }
            total.push(m.total(&d.grants.iter().filter_map(|g| g.granted).collect::<Vec<_>>()));
            if activity {
                total.push(Cell::default());
            }
            rows.push(total_row(total));
            let note = (!notes.is_empty())
                .then(|| notes.iter().enumerate().map(|(i, n)| format!("{} {n}", "*".repeat(i + 1))).collect::<Vec<_>>().join(" "));
            Some(Table {
                id: "bidrag".into(),
                caption: caption(spec, "Riktade statsbidrag", y),
                unit: m.unit,
                header: {
                    let mut h: Vec<String> = if applied {
                        vec!["Sökta driftbidrag".into(), "Ansökt belopp".into(), "Beviljat belopp".into()]
                    } else {
                        vec!["Statsbidrag".into(), "Belopp".into()]
                    };
                    if activity {
                        h.push("Verksamhet".into());
                    }
                    h
                },
                rows,
                note,
                rules: vec![
                    Rule::Sum {
                        cols: if applied { vec![1, 2] } else { vec![1] },
                        rows: None,
                        total: RowRef::Last,
                        hundred: false,
                        other: None,
                    },
                    Rule::Footnotes,
                ],
            })
        }
        "budgetfoljsamhet" => {
            let t = d.drift.as_ref()?;
            // Last year's figures as last year's report printed them, when stored.
            let rowdefs = d.setup.as_ref().map(|s| s.rows.as_slice()).unwrap_or(&[]);
            let prior_of = |key: &str| rowdefs.iter().find(|r| r.key == key).and_then(|r| r.prior_compliance);
            let with_prior = rowdefs.iter().any(|r| r.prior_compliance.is_some());
            let mut rows: Vec<Row> = t
                .rows
                .iter()
                .map(|r| {
                    let p = r.cell(DriftColumn::Deviation, t.convention).and_then(|dev| budget_compliance(dev, r.budget.net()));
                    let mut cells = vec![Cell::text(&r.label), p.map(|p| share_cell(p, 1)).unwrap_or_default()];
                    if with_prior {
                        cells.push(prior_of(&r.key).map(|p| pct_cell(p, 1)).unwrap_or_default());
                    }
                    Row::new(cells)
                })
                .collect();
            let p = t.total(DriftColumn::Deviation).zip(t.total(DriftColumn::BudgetNet)).and_then(|(a, b)| budget_compliance(a, b));
            let mut total = vec![Cell::text("Summa"), p.map(|p| share_cell(p, 1)).unwrap_or_default()];
            if with_prior {
                total.push(d.setup.as_ref().and_then(|s| s.config.prior_compliance).map(|p| pct_cell(p, 1)).unwrap_or_default());
            }
            rows.push(total_row(total));
            Some(Table {
                id: "budgetfoljsamhet".into(),
                caption: caption(spec, "Budgetföljsamhet", y),
                unit: Unit::Procent,
                header: if with_prior {
                    vec![String::new(), y.to_string(), (y - 1).to_string()]
                } else {
                    vec![String::new(), y.to_string()]
                },
                rows,
                note: d.setup.as_ref().map(|s| {
                    format!("Budgetföljsamheten är god när avvikelsen är mindre än {} % av budgeten.", s.config.good_compliance.present(1))
                }),
                rules: vec![Rule::Pct { col: 1, table: "drift".into(), num: 7, den: 6 }],
            })
        }
        "prognossakerhet" => forecast_table(d, spec),
        "atgardsplan" => action_plan_table(d, spec),
        "investeringar" => investment_table(d, spec),
        "ombudgetering" => {
            let m = Money::of(d, spec);
            if d.investments.iter().all(|i| i.carry_over.is_none()) {
                return None;
            }
            let mut rows: Vec<Row> =
                d.investments.iter().map(|i| Row::new(vec![Cell::text(&i.project), m.cell(i.remaining()), m.opt(i.carry_over)])).collect();
            rows.push(total_row(vec![
                Cell::text("Summa Investeringar"),
                m.total(&d.investments.iter().map(Investment::remaining).collect::<Vec<_>>()),
                m.total(&d.investments.iter().filter_map(|i| i.carry_over).collect::<Vec<_>>()),
            ]));
            Some(Table {
                id: "ombudgetering".into(),
                caption: caption(spec, "Investeringstabell ombudgetering", y),
                unit: m.unit,
                header: vec![String::new(), format!("Återstår totalt t.o.m. {y}"), format!("Ombudgetering till {}", y + 1)],
                rows,
                note: None,
                rules: [
                    Some(Rule::Sum { cols: vec![1, 2], rows: None, total: RowRef::Last, hundred: false, other: None }),
                    // No more carried over than remains.
                    Some(Rule::AtMost { col: 2, limit: 1 }),
                    // The investment table's "Återstår" column, where it has one.
                    (!annual_investments(d)).then(|| Rule::Same { col: 1, table: "investeringar".into(), other: 6 }),
                ]
                .into_iter()
                .flatten()
                .collect(),
            })
        }
        "verksamhetsstatistik" => volume_table(d, spec),
        "indikatorer" => indicator_table(d, spec),
        "kf-uppdrag" => assignment_table(d, spec),
        "sjukfranvaro" => sick_table(d, spec),
        "kontrollpunkter" => control_items_table(d, spec),
        "kontrollresultat" => control_results_table(d, spec),
        "privata-utforare" => providers_table(d, spec),
        "privat-regi" => private_operations_table(d, spec),
        "beloppslista" => amount_list_table(d, spec),
        "kontotyper" => account_type_table(d, spec),
        "avvikelser" => deviation_table(d, spec),
        "lex" => lex_table(d, spec),
        "klagomal" => complaint_table(d, spec),
        "egenkontroller" => {
            if d.q.inspections.is_empty() {
                return None;
            }
            Some(Table {
                id: "egenkontroller".into(),
                caption: caption(spec, "Egenkontroller", y),
                unit: Unit::Text,
                header: ["Kontroll", "Beskrivning", "Verksamhet", "Frekvens", "Resultat"].map(String::from).to_vec(),
                rows: d
                    .q
                    .inspections
                    .iter()
                    .map(|(_, i)| {
                        Row::new([&i.control, &i.description, &i.unit, &i.frequency, &i.result].into_iter().map(Cell::text).collect())
                    })
                    .collect(),
                note: None,
                rules: vec![],
            })
        }
        "barnratt" => {
            if d.q.child_rights.is_empty() {
                return None;
            }
            let t = Table {
                id: "barnratt".into(),
                caption: caption(spec, "Barnrätt – uppföljning", y),
                unit: Unit::Text,
                header: ["Uppföljning", "Status", "Kommentar"].map(String::from).to_vec(),
                rows: d
                    .q
                    .child_rights
                    .iter()
                    .map(|p| Row::new(vec![Cell::text(format!("{} {}", p.number, p.point)), Cell::text(&p.status), Cell::text(&p.comment)]))
                    .collect(),
                note: Some(format!("Status: {}.", domain::quality::CHILD_RIGHTS_LEVELS.join(" / "))),
                rules: vec![],
            };
            // No status set yet: no empty column, and no legend for it.
            Some(if t.column_is_empty(1) { Table { note: None, ..t.without_column(1) } } else { t })
        }
        "aterrapportering" => grant_report_table(d, spec),
        "aterrapportering-insatser" => insats_table(d, spec),
        _ => None,
    }
}

fn assessment_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let gy = d.goals.as_ref()?;
    let st = gy.structure();
    let leaf = st.leaf_depth();
    let by_goal: HashMap<&str, &Assessment> = d.assessments.iter().map(|a| (a.goal(), a)).collect();
    let mut rows = Vec::new();
    for top in st.goals().iter().filter(|g| g.depth == 1) {
        let leaves: Vec<_> = st.tree().into_iter().filter(|g| g.depth == leaf && st.root_of(g).key == top.key).collect();
        for (i, g) in leaves.iter().enumerate() {
            let level = by_goal
                .get(g.key.as_str())
                .and_then(|a| gy.scale().level(a.level()))
                .map_or_else(|| domain::report::NOT_GIVEN.to_string(), |l| l.label.clone());
            let href = d.links.then(|| format!("/k/{}/mal/{}/mal/{}", d.code, d.year, g.key));
            rows.push(Row::new(vec![
                Cell::text(if i == 0 { top.title.clone() } else { String::new() }),
                Cell::text(&g.title).linked(href),
                Cell::text(level),
            ]));
        }
    }
    Some(Table {
        id: "malbedomning".into(),
        caption: caption(spec, "Målbedömning", d.year),
        unit: Unit::Text,
        header: vec![st.level_name(1).to_string(), st.level_name(leaf).to_string(), "Målbedömning".into()],
        rows,
        note: None,
        rules: vec![Rule::Groups { group: 0, item: 1 }, Rule::Required { col: 2 }],
    })
}

fn count(d: &Data) -> Option<String> {
    let gy = d.goals.as_ref()?;
    let st = gy.structure();
    let leaf = st.leaf_depth();
    let n = st.goals().iter().filter(|g| g.depth == leaf).count();
    let a: Vec<&Assessment> = d.assessments.iter().filter(|a| st.goal(a.goal()).is_some_and(|g| g.depth == leaf)).collect();
    (!a.is_empty()).then(|| count_sentence(gy.scale(), &a, n))
}

fn goal_analyses(d: &Data, doc: &mut Document, level: u8) {
    let Some(gy) = d.goals.as_ref() else { return };
    let st = gy.structure();
    let leaf = st.leaf_depth();
    let by_goal: HashMap<&str, &Assessment> = d.assessments.iter().map(|a| (a.goal(), a)).collect();
    for g in st.tree() {
        if g.depth == 1 && leaf > 1 {
            doc.blocks.push(Block::Heading { level, text: format!("{} {}", st.level_name(1), g.title), key: None });
        } else if g.depth == leaf {
            doc.blocks.push(Block::Heading { level: if leaf > 1 { level + 1 } else { level }, text: g.title.clone(), key: None });
            if let Some(a) = by_goal.get(g.key.as_str()) {
                if let Some(l) = gy.scale().level(a.level()) {
                    doc.blocks.push(Block::Paragraph { text: format!("Bedömning: {}.", l.label), key: None });
                }
                for p in a.analysis().split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                    doc.blocks.push(Block::Paragraph { text: p.to_string(), key: None });
                }
            }
        }
    }
}

/// Where a drift cell's figure comes from: its ledger rows or budget lines (the row's, or all
/// rows for a total) up to the month of an interim table, the year page for a deviation, last
/// year's page for last year's; `None` where the document has no links or the figure no source
/// in Årshjul.
fn source_link(d: &Data) -> impl Fn(Option<&str>, DriftColumn) -> Option<String> + '_ {
    let month = d.to_month.filter(|m| *m < 12).map(|m| format!("&manad={m}")).unwrap_or_default();
    move |row, col| {
        if !d.links {
            return None;
        }
        let rad = row.map(|r| format!("rad={r}&")).unwrap_or_default();
        let (code, y) = (&d.code, d.year);
        match col {
            // Outcome cells open to their ledger rows, budget cells to their budget lines.
            c if c.from_ledger() => Some(format!("/k/{code}/ekonomi/{y}/huvudbok?{rad}kolumn={}{month}", c.key())),
            c if c.from_budget() => Some(format!("/k/{code}/ekonomi/{y}/budgetrader?{rad}kolumn={}{month}", c.key())),
            // The deviation is the year page's outcome against its budget; last year's, that
            // year's page (where it came from a ledger in Årshjul).
            DriftColumn::Deviation => Some(format!(
                "/k/{code}/ekonomi/{y}{}#drift",
                d.to_month.filter(|m| *m < 12).map(|m| format!("?manad={m}")).unwrap_or_default()
            )),
            DriftColumn::PriorDeviation if d.prior_drift.is_some() => Some(format!("/k/{code}/ekonomi/{}#drift", y - 1)),
            _ => None,
        }
    }
}

/// The period a drift table's columns are for: the year, or "jan–aug 2025" cut at a month.
fn period_label(d: &Data) -> String {
    match d.to_month {
        Some(m) if m < 12 => format!("jan–{} {}", &MONTHS_SV[m as usize - 1][..3], d.year),
        _ => d.year.to_string(),
    }
}

fn drift_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let t = d.drift.as_ref()?;
    // The table's own sign convention where its template sets one.
    let conv = spec.convention.unwrap_or(t.convention);
    let m = Money::of(d, spec);
    let y = d.year;
    let interim = d.to_month.is_some_and(|m| m < 12);
    // Last year's deviation is a whole year's: an interim table has no like to compare with.
    let cols: Vec<DriftColumn> = DriftColumn::ALL
        .into_iter()
        .filter(|c| *c != DriftColumn::PriorDeviation || (!interim && t.rows.iter().any(|r| r.prior_deviation.is_some())))
        .collect();
    // An interim table ends with the year-end forecast of the deviation made by its month (the
    // latest month up to it that every row has a forecast for: the committee's forecast).
    let forecast_month = domain::economy::latest_complete_forecast(&domain::economy::forecast_months(
        &d.forecasts,
        t.rows.iter().map(|r| r.key.as_str()),
        d.to_month,
    ))
    .filter(|_| interim);
    let forecast = |row: &str| {
        let mo = forecast_month?;
        // Forecasts are stored in the year's convention; a table with the opposite one negates.
        let v = d.forecasts.iter().find(|f| f.row == row && f.month == mo)?.amount;
        Some(if (conv == SignConvention::BudgetMinusOutcome) != (t.convention == SignConvention::BudgetMinusOutcome) { -v } else { v })
    };
    let link = source_link(d);
    let mut rows: Vec<Row> = t
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::text(&r.label)];
            cells.extend(cols.iter().map(|c| m.opt(r.cell(*c, conv)).linked(link(Some(&r.key), *c))));
            if forecast_month.is_some() {
                cells.push(m.opt(forecast(&r.key)));
            }
            Row::new(cells)
        })
        .collect();
    let mut total = vec![Cell::text("Summa")];
    total.extend(cols.iter().map(|c| {
        let values: Vec<Ore> = t.rows.iter().filter_map(|r| r.cell(*c, conv)).collect();
        if values.is_empty() { Cell::default() } else { m.total(&values).linked(link(None, *c)) }
    }));
    if forecast_month.is_some() {
        let values: Vec<Ore> = t.rows.iter().filter_map(|r| forecast(&r.key)).collect();
        total.push(if values.is_empty() { Cell::default() } else { m.total(&values) });
    }
    rows.push(total_row(total));
    // An interim table is cut at a month: "Utfall intäkter jan–aug 2025".
    let period = period_label(d);
    let heading = |c: DriftColumn| {
        let h = c.heading();
        if c == DriftColumn::PriorDeviation { h.replace("föregående år", &(y - 1).to_string()) } else { format!("{h} {period}") }
    };
    let deviation = match conv {
        SignConvention::BudgetMinusOutcome => Rule::Formula { target: 7, first: 6, terms: vec![(Op::Sub, 3)] },
        _ => Rule::Formula { target: 7, first: 3, terms: vec![(Op::Sub, 6)] },
    };
    Some(Table {
        id: "drift".into(),
        caption: caption(spec, "Driftredovisning per verksamhet", y),
        unit: m.unit,
        header: std::iter::once("Verksamhet".to_string())
            .chain(cols.iter().map(|c| heading(*c)))
            .chain(forecast_month.map(|mo| format!("Prognos avvikelse helår ({})", &MONTHS_SV[mo as usize - 1][..3])))
            .collect(),
        rows,
        note: None,
        rules: vec![
            Rule::Sum { cols: (1..=cols.len()).collect(), rows: None, total: RowRef::Last, hundred: false, other: None },
            Rule::Formula { target: 3, first: 1, terms: vec![(Op::Add, 2)] },
            Rule::Formula { target: 6, first: 4, terms: vec![(Op::Add, 5)] },
            deviation,
            Rule::Fact {
                row: RowRef::Last,
                cols: vec![7, 8],
                words: vec!["avvikelse".into(), "underskott".into(), "överskott".into()],
                unit: None,
            },
            Rule::Fact { row: RowRef::Last, cols: vec![3], words: vec!["nettokostnad".into()], unit: None },
        ],
    })
}

/// The comments of the latest complete forecast month up to the report's month, row by row:
/// what the committee's forecast rests on, as the heads of unit and controllers wrote it.
fn forecast_comments(d: &Data) -> Vec<Block> {
    let Some(t) = d.drift.as_ref() else { return vec![] };
    let months = domain::economy::forecast_months(&d.forecasts, t.rows.iter().map(|r| r.key.as_str()), d.to_month);
    let Some(month) = domain::economy::latest_complete_forecast(&months) else { return vec![] };
    let items: Vec<String> = t
        .rows
        .iter()
        .filter_map(|r| {
            let f = d.forecasts.iter().find(|f| f.row == r.key && f.month == month && !f.comment.trim().is_empty())?;
            Some(format!("{}: {}", r.label, f.comment.trim()))
        })
        .collect();
    if items.is_empty() {
        return vec![];
    }
    vec![
        Block::Paragraph { text: format!("Vad prognosen i {} bygger på:", MONTHS_SV[month as usize - 1]), key: None },
        Block::List { ordered: false, items, markers: vec![] },
    ]
}

fn forecast_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let t = d.drift.as_ref()?;
    if d.forecasts.is_empty() {
        return None;
    }
    let m = Money::of(d, spec);
    // The year's outcome stands beside the year-end forecasts once the year is closed; an
    // interim report's Jan–M deviation is not a year-end figure.
    let closed = d.to_month.is_none_or(|m| m >= 12);
    // The months up to the report's (a report cut at August shows no forecast made after it).
    let fm = domain::economy::forecast_months(&d.forecasts, t.rows.iter().map(|r| r.key.as_str()), d.to_month);
    if fm.is_empty() {
        return None;
    }
    let months: Vec<u8> = fm.iter().map(|f| f.month).collect();
    let value = |row: &str, mo: u8| d.forecasts.iter().find(|f| f.row == row && f.month == mo).map(|f| f.amount);
    let href = d.links.then(|| format!("/k/{}/ekonomi/{}#prognoser", d.code, d.year));
    let mut rows: Vec<Row> = t
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::text(&r.label)];
            cells.extend(months.iter().map(|mo| m.opt(value(&r.key, *mo)).linked(href.clone())));
            if closed {
                cells.push(m.opt(r.cell(DriftColumn::Deviation, t.convention)));
            }
            Row::new(cells)
        })
        .collect();
    // A month some rows lack has no sum for the committee, as on the year's page.
    let mut total = vec![Cell::text("Summa")];
    total.extend(fm.iter().map(|f| {
        if f.complete {
            m.total(&d.forecasts.iter().filter(|x| x.month == f.month).map(|x| x.amount).collect::<Vec<_>>())
        } else {
            Cell::text("ofullständig")
        }
    }));
    if closed {
        total.push(m.total(&t.rows.iter().filter_map(|r| r.cell(DriftColumn::Deviation, t.convention)).collect::<Vec<_>>()));
    }
    rows.push(total_row(total));
    let mut header = vec!["Verksamhet".to_string()];
    header.extend(months.iter().map(|mo| domain::sv::capitalise(MONTHS_SV[*mo as usize - 1])));
    let n = months.len();
    let summed: Vec<usize> = fm.iter().enumerate().filter(|(_, f)| f.complete).map(|(k, _)| k + 1).collect();
    let mut rules = vec![Rule::Sum { cols: summed.clone(), rows: None, total: RowRef::Last, hundred: false, other: None }];
    if closed {
        header.push("Utfall".into());
        rules = vec![
            Rule::Sum { cols: summed.into_iter().chain([n + 1]).collect(), rows: None, total: RowRef::Last, hundred: false, other: None },
            Rule::Same { col: n + 1, table: "drift".into(), other: 7 },
        ];
    }
    let note = fm
        .iter()
        .any(|f| !f.complete)
        .then(|| "Ofullständig: någon verksamhet saknar prognos för månaden, så månaden har ingen summa för nämnden.".to_string());
    Some(Table {
        id: "prognossakerhet".into(), caption: caption(spec, "Prognossäkerhet", d.year), unit: m.unit, header, rows, note, rules
    })
}

fn action_plan_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    if d.plan.is_empty() {
        return None;
    }
    let m = Money::of(d, spec);
    let mut years: Vec<i32> = d.plan.iter().flat_map(|a| a.effects.iter().map(|e| e.year)).collect();
    years.sort_unstable();
    years.dedup();
    let width = 3 + 2 * years.len() + 2;
    let mut rows = Vec::new();
    for s in [MeasureStatus::Ongoing, MeasureStatus::Proposed] {
        let list: Vec<&ActionMeasure> = d.plan.iter().filter(|a| a.status == s).collect();
        if list.is_empty() {
            continue;
        }
        rows.push(group_row(s.heading(), width));
        for a in list {
            let mut cells =
                vec![Cell::text(&a.name), Cell::text(a.date.map(|d| d.to_string()).unwrap_or_default()), Cell::text(&a.responsible)];
            for y in &years {
                cells.push(a.planned_cell(*y).map(|v| m.cell(v)).unwrap_or_default());
                cells.push(a.realised_cell(*y).map(|v| m.cell(v)).unwrap_or_default());
            }
            cells.push(m.cell(a.planned_total()));
            cells.push(m.cell(a.realised_total()));
            rows.push(Row::new(cells));
        }
    }
    let mut total = vec![Cell::text("Summa årseffekt"), Cell::default(), Cell::default()];
    for y in &years {
        total.push(m.total(&d.plan.iter().map(|a| a.planned_in(*y)).collect::<Vec<_>>()));
        total.push(m.total(&d.plan.iter().map(|a| a.realised_in(*y)).collect::<Vec<_>>()));
    }
    total.push(m.total(&d.plan.iter().map(ActionMeasure::planned_total).collect::<Vec<_>>()));
    total.push(m.total(&d.plan.iter().map(ActionMeasure::realised_total).collect::<Vec<_>>()));
    rows.push(total_row(total));
    let mut header = vec!["Åtgärd".to_string(), "Datum".into(), "Ansvarig".into()];
    for y in &years {
        // Headed by year above (S prints "2023" over its two columns).
        header.push(format!("{y}{HEADER_GROUP}Planerad årseffekt"));
        header.push(format!("{y}{HEADER_GROUP}Prognos/ utfall"));
    }
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    header.push(format!("Totalt {span}{HEADER_GROUP}Planerad effekt"));
    header.push(format!("Totalt {span}{HEADER_GROUP}Prognos/ utfall"));
    let planned: Vec<usize> = (0..years.len()).map(|i| 3 + 2 * i).collect();
    let tp = 3 + 2 * years.len();
    let formula = |target: usize, cols: Vec<usize>| Rule::Formula {
        target,
        first: cols[0],
        terms: cols[1..].iter().map(|c| (Op::Add, *c)).collect(),
    };
    Some(Table {
        id: "atgardsplan".into(),
        caption: caption(spec, "Åtgärdsplan", d.year),
        unit: m.unit,
        header,
        rows,
        note: None,
        rules: vec![
            Rule::Sum { cols: (3..width).collect(), rows: None, total: RowRef::Last, hundred: false, other: None },
            formula(tp, planned.clone()),
            formula(tp + 1, planned.iter().map(|c| c + 1).collect()),
            Rule::Fact { row: RowRef::Last, cols: vec![tp + 1], words: vec!["åtgärdsplan".into(), "åtgärderna".into()], unit: None },
        ],
    })
}

/// The drift table's net per verksamhet (A-T18, "Driftredovisning"): utfall, budget and
/// avvikelse in the table's own sign convention (else the year's), so that a table printed net
/// cost positive, budget − utfall, is generated as it is printed; cells open their ledger rows.
fn net_drift_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let t = d.drift.as_ref()?;
    let m = Money::of(d, spec);
    let y = d.year;
    let c = spec.convention.unwrap_or(t.convention);
    let cols = [DriftColumn::OutcomeNet, DriftColumn::BudgetNet, DriftColumn::Deviation];
    let link = source_link(d);
    let values: Vec<Vec<Ore>> = t.rows.iter().map(|r| cols.iter().filter_map(|col| r.cell(*col, c)).collect()).collect();
    let mut rows: Vec<Row> = t
        .rows
        .iter()
        .zip(&values)
        .map(|(r, v)| {
            let cells = cols.iter().zip(v).map(|(col, x)| m.cell(*x).linked(link(Some(&r.key), *col)));
            Row::new(std::iter::once(Cell::text(&r.label)).chain(cells).collect())
        })
        .collect();
    let mut total = vec![Cell::text("Summa")];
    total
        .extend(cols.iter().enumerate().map(|(k, col)| m.total(&values.iter().map(|v| v[k]).collect::<Vec<_>>()).linked(link(None, *col))));
    rows.push(total_row(total));
    let period = period_label(d);
    let deviation = match c {
        SignConvention::BudgetMinusOutcome => Rule::Formula { target: 3, first: 2, terms: vec![(Op::Sub, 1)] },
        _ => Rule::Formula { target: 3, first: 1, terms: vec![(Op::Sub, 2)] },
    };
    Some(Table {
        id: "driftnetto".into(),
        caption: caption(spec, "Driftredovisning {year}", y),
        unit: m.unit,
        header: vec!["Verksamhet".into(), format!("Utfall {period}"), format!("Budget {period}"), "Avvikelse".into()],
        rows,
        note: None,
        rules: vec![
            Rule::Sum { cols: vec![1, 2, 3], rows: None, total: RowRef::Last, hundred: false, other: None },
            deviation,
            Rule::Fact {
                row: RowRef::Last,
                cols: vec![3],
                words: vec!["avvikelse".into(), "underskott".into(), "överskott".into()],
                unit: None,
            },
        ],
    })
}

/// Driftresultat per slag (A-T17, "Driftresultat årsbokslut"): Intäkter, Kostnader with their
/// parts ("varav personalkostnader"), Resultat, as last year's bokslut, this year's bokslut,
/// budget and budgetavvikelse (bokslut − budget) in table signs. This year's totals come from
/// the drift table; see [`domain::economy::result_by_type`].
fn result_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let rows = domain::economy::result_by_type(d.year, d.drift.as_ref(), d.prior_drift.as_ref(), &d.result_lines)?;
    let m = Money::of(d, spec);
    let y = d.year;
    let prior = rows.iter().any(|r| r.prior.is_some());
    let printed: Vec<Row> = rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::text(&r.label)];
            if prior {
                cells.push(m.opt(r.prior));
            }
            cells.extend([m.opt(r.outcome), m.opt(r.budget), m.opt(r.deviation())]);
            if r.label == "Resultat" { total_row(cells) } else { Row::new(cells) }
        })
        .collect();
    let first = 1 + prior as usize;
    let mut header = vec![format!("({})", m.unit.text_forms().iter().find(|f| f.len() <= 3).unwrap_or(&"kr"))];
    if prior {
        header.push(format!("Bokslut {}", y - 1));
    }
    header.extend([format!("Bokslut {y}"), format!("Budget {y}"), "Avvikelse mot budget".into()]);
    Some(Table {
        id: "driftresultat".into(),
        caption: caption(spec, "Driftresultat årsbokslut {year}", y),
        unit: m.unit,
        header,
        rows: printed,
        note: None,
        rules: vec![
            // Resultat = Intäkter + Kostnader; the "varav" rows are parts of the costs.
            Rule::Sum { cols: (1..first + 3).collect(), rows: Some(vec![0, 1]), total: RowRef::Last, hundred: false, other: None },
            Rule::Formula { target: first + 2, first, terms: vec![(Op::Sub, first + 1)] },
            Rule::Fact { row: RowRef::Last, cols: vec![first + 2], words: vec!["underskott".into(), "överskott".into()], unit: None },
        ],
    })
}

/// A's Verksamhetsanalys (A-T20): each verksamhet's income and costs, outcome and budget, in
/// the table's signs (income positive, costs negative), the net deviation — net outcome − net
/// budget — on the income row.
fn activity_analysis_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let t = d.drift.as_ref()?;
    let m = Money::of(d, spec);
    let y = d.year;
    let mut rows = Vec::new();
    for r in &t.rows {
        let deviation = r.outcome.net() - r.budget.net();
        rows.push(Row::new(vec![
            Cell::text(&r.label),
            Cell::text("Intäkt"),
            m.cell(r.outcome.income),
            m.cell(r.budget.income),
            m.cell(deviation),
        ]));
        rows.push(Row::new(vec![Cell::default(), Cell::text("Kostnad"), m.cell(r.outcome.costs), m.cell(r.budget.costs), Cell::default()]));
    }
    Some(Table {
        id: "verksamhetsanalys".into(),
        caption: caption(spec, "Verksamhetsanalys driftbudget {year}", y),
        unit: m.unit,
        header: vec!["Verksamhet".into(), String::new(), format!("Utfall {y}"), format!("Budget {y}"), "Nettoavvikelse mot budget".into()],
        rows,
        note: None,
        rules: vec![],
    })
}

/// A drift row's parts reported on their own (A-T19, "Redovisning verksamhet 51*"): the first
/// drift row that has parts, in the table's own sign convention (else the drift table's), with
/// their total.
fn sub_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let t = d.drift.as_ref()?;
    let parent = t.rows.iter().find(|r| d.subrows.iter().any(|s| s.parent == r.key))?;
    let parts: Vec<&domain::economy::SubRow> = d.subrows.iter().filter(|s| s.parent == parent.key).collect();
    let m = Money::of(d, spec);
    let y = d.year;
    let c = spec.convention.unwrap_or(t.convention);
    // Utfall, budget and avvikelse of each part, as the table prints them.
    let values: Vec<[Ore; 3]> =
        parts.iter().map(|s| [c.shown(s.outcome), c.shown(s.budget), c.deviation(c.shown(s.outcome), c.shown(s.budget))]).collect();
    let mut rows: Vec<Row> = parts
        .iter()
        .zip(&values)
        .map(|(s, v)| Row::new(std::iter::once(Cell::text(&s.label)).chain(v.map(|x| m.cell(x))).collect()))
        .collect();
    let mut total = vec![Cell::text("Summa")];
    total.extend((0..3).map(|k| m.total(&values.iter().map(|v| v[k]).collect::<Vec<_>>())));
    rows.push(total_row(total));
    let deviation = match c {
        SignConvention::BudgetMinusOutcome => Rule::Formula { target: 3, first: 2, terms: vec![(Op::Sub, 1)] },
        _ => Rule::Formula { target: 3, first: 1, terms: vec![(Op::Sub, 2)] },
    };
    Some(Table {
        id: "delredovisning".into(),
        caption: caption(spec, &format!("Redovisning verksamhet {}", parent.label), y),
        unit: m.unit,
        header: vec![format!("Redovisning {}", parent.label), format!("Utfall {y}"), format!("Budget {y}"), "Avvikelse".into()],
        rows,
        note: None,
        rules: vec![Rule::Sum { cols: vec![1, 2, 3], rows: None, total: RowRef::Last, hundred: false, other: None }, deviation],
    })
}

/// Projects of the year alone (A's annual purchases) have no totals beyond the year's: their
/// table has the year's three columns, as such a table is printed.
fn annual_investments(d: &Data) -> bool {
    d.investments.iter().all(|i| i.cumulative_outcome == i.outcome && i.cumulative_budget == i.budget)
}

fn investment_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    if d.investments.is_empty() {
        return None;
    }
    let m = Money::of(d, spec);
    let y = d.year;
    let all: [fn(&Investment) -> Ore; 6] =
        [|i| i.outcome, |i| i.budget, Investment::deviation, |i| i.cumulative_outcome, |i| i.cumulative_budget, Investment::remaining];
    let annual = annual_investments(d);
    // Investments are followed up per year: an interim report has the year's budget, not an
    // outcome up to its month (the year's outcome would be a later figure).
    let interim = d.to_month.is_some_and(|m| m < 12);
    let budget_only: [fn(&Investment) -> Ore; 1] = [|i| i.budget];
    let get = if interim {
        &budget_only[..]
    } else if annual {
        &all[..3]
    } else {
        &all[..]
    };
    let mut rows: Vec<Row> = d
        .investments
        .iter()
        .map(|i| {
            let mut cells = vec![Cell::text(&i.project)];
            cells.extend(get.iter().map(|f| m.cell(f(i))));
            Row::new(cells)
        })
        .collect();
    let mut total = vec![Cell::text("Summa Investeringar")];
    total.extend(get.iter().map(|f| m.total(&d.investments.iter().map(f).collect::<Vec<_>>())));
    rows.push(total_row(total));
    if interim {
        return Some(Table {
            id: "investeringar".into(),
            caption: caption(spec, "Investeringsbudget", y),
            unit: m.unit,
            header: vec![String::new(), format!("Budget {y}")],
            rows,
            note: Some(format!("Investeringarnas utfall följs upp per år och redovisas i årsredovisningen för {y}.")),
            rules: vec![Rule::Sum { cols: vec![1], rows: None, total: RowRef::Last, hundred: false, other: None }],
        });
    }
    let mut header = vec![String::new(), format!("Utfall {y}"), format!("Budget {y}"), format!("Avvikelse {y}")];
    let mut rules = vec![
        Rule::Sum { cols: (1..=get.len()).collect(), rows: None, total: RowRef::Last, hundred: false, other: None },
        Rule::Formula { target: 3, first: 1, terms: vec![(Op::Sub, 2)] },
    ];
    if !annual {
        header.extend([format!("Totalt utfall t.o.m. {y}"), format!("Total budget t.o.m. {y}"), format!("Återstår t.o.m. {y}")]);
        rules.push(Rule::Formula { target: 6, first: 4, terms: vec![(Op::Sub, 5)] });
        rules.push(Rule::Fact {
            row: RowRef::Last,
            cols: vec![1, 4],
            words: vec!["investeringsutgifter".into(), "investeringskostnader".into()],
            unit: None,
        });
    }
    Some(Table {
        id: "investeringar".into(),
        caption: caption(spec, "Investeringsredovisning", y),
        unit: m.unit,
        header,
        rows,
        note: None,
        rules,
    })
}

fn volume_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    if d.volumes.is_empty() {
        return None;
    }
    let mut years: Vec<i32> = d.volumes.iter().map(|v| v.year).collect();
    years.sort_unstable();
    years.dedup();
    years.reverse();
    let mut names: Vec<(&str, &str)> = Vec::new();
    for v in &d.volumes {
        if !names.iter().any(|(n, _)| *n == v.series) {
            names.push((&v.series, &v.unit));
        }
    }
    let mut notes = Vec::new();
    // The year's budget beside the outcomes, when any series has one.
    let with_budget = d.volumes.iter().any(|v| v.year == d.year && v.budget.is_some());
    let rows = names
        .iter()
        .map(|(n, unit)| {
            let mut cells = vec![Cell::text(*n), Cell::text(*unit)];
            for y in &years {
                cells.push(
                    d.volumes
                        .iter()
                        .find(|v| v.series == *n && v.year == *y)
                        .map(|v| {
                            let marker = v.note.as_ref().map(|note| {
                                notes.push(note.clone());
                                "*".repeat(notes.len())
                            });
                            Cell::num(format!("{}{}", v.value.present_natural(), marker.unwrap_or_default()), Num::from_measure(v.value))
                        })
                        .unwrap_or_default(),
                );
            }
            if with_budget {
                let budget = d.volumes.iter().find(|v| v.series == *n && v.year == d.year).and_then(|v| v.budget);
                cells.push(budget.map(|b| Cell::num(b.present_natural(), Num::from_measure(b))).unwrap_or_default());
            }
            Row::new(cells)
        })
        .collect();
    let mut header = vec!["Mått".to_string(), "Enhet".into()];
    header.extend(years.iter().map(|y| y.to_string()));
    if with_budget {
        header.push(format!("Budget {}", d.year));
    }
    Some(Table {
        id: "verksamhetsstatistik".into(),
        caption: caption(spec, "Verksamhetsstatistik", d.year),
        unit: Unit::Antal,
        header,
        rows,
        note: (!notes.is_empty())
            .then(|| notes.iter().enumerate().map(|(i, n)| format!("{} {n}", "*".repeat(i + 1))).collect::<Vec<_>>().join(" ")),
        rules: if notes.is_empty() { vec![] } else { vec![Rule::Footnotes] },
    })
}

/// The period a report follows up: the year, or for an interim report January to its month
/// (`2024-D08`), so that goals and sick leave are cut where the economy is.
fn report_period(year: i32, to_month: Option<u8>) -> Period {
    match to_month {
        Some(m) if m < 12 => Period::Interim { year, to_month: m },
        _ => Period::Year(year),
    }
}

fn indicator_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let gy = d.goals.as_ref()?;
    if gy.indicators().is_empty() {
        return None;
    }
    let y = d.year;
    let p = report_period(y, d.to_month);
    let mut rows = Vec::new();
    for g in gy.structure().tree() {
        let inds: Vec<_> = gy.indicators_of(&g.key).collect();
        if inds.is_empty() {
            continue;
        }
        rows.push(group_row(&g.title, 6));
        for ind in inds {
            let e = evaluate(
                ind,
                p,
                d.outcomes.get(&ind.key).map(Vec::as_slice).unwrap_or(&[]),
                d.targets.get(&ind.key).map(Vec::as_slice).unwrap_or(&[]),
            );
            let href = d.links.then(|| format!("/k/{}/mal/{y}/indikator/{}", d.code, ind.key));
            let value = |v: Option<Measure>| v.map(|v| Cell::num(ind.unit.format(v), Num::from_measure(v))).unwrap_or_default();
            rows.push(Row::new(vec![
                Cell::text(&ind.name),
                Cell::text(e.target.as_ref().map(|t| t.describe(&ind.unit)).unwrap_or_default()),
                value(e.outcome).linked(href),
                value(e.previous),
                Cell::text(e.trend.map(|t| format!("{} {}", t.symbol(), t.label_sv())).unwrap_or_default()),
                Cell::text(format!("{} {}", e.attainment.symbol(), e.attainment.label_sv())),
            ]));
        }
    }
    Some(Table {
        id: "indikatorer".into(),
        caption: caption(spec, "Indikatorer per mål", y),
        unit: Unit::Text,
        header: vec![
            "Indikator".into(),
            format!("Mål {y}"),
            format!("Utfall {}", p.label_sv()),
            format!("Utfall {}", p.previous_year().label_sv()),
            "Trend".into(),
            "Måluppfyllelse".into(),
        ],
        rows,
        note: None,
        rules: vec![],
    })
}

/// The council's goal areas and its assignments to the committee under each (A-T2): the area,
/// with the council's own goal text where it has one, and the assignments one per line.
fn assignment_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let gy = d.goals.as_ref()?;
    let areas: Vec<_> = gy.structure().goals().iter().filter(|g| g.depth == 1).collect();
    if areas.iter().all(|g| g.assignments.is_empty()) {
        return None;
    }
    let rows = areas
        .iter()
        .map(|g| {
            let number = g.number.as_deref().map(|n| format!("Målområde {n} – ")).unwrap_or_default();
            let area = match &g.kf_goal {
                Some(text) => format!("{number}{} – {text}", g.title),
                None => format!("{number}{}", g.title),
            };
            Row::new(vec![Cell::text(area), Cell::text(g.assignments.join("\n"))])
        })
        .collect();
    Some(Table {
        id: "kf-uppdrag".into(),
        caption: caption(spec, "Fullmäktiges riktade mål till nämnderna – Uppföljning", d.year),
        unit: Unit::Text,
        header: vec!["Kommunfullmäktiges målområde".into(), "Uppdrag".into()],
        rows,
        note: None,
        rules: vec![],
    })
}

fn sick_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let y = d.year;
    let p = report_period(y, d.to_month);
    let this: Vec<_> = d.sick.iter().filter(|s| s.period == p).collect();
    let first = this.first()?;
    let prev = d.sick.iter().find(|s| s.period == p.previous_year() && s.unit == first.unit);
    type Get = fn(&domain::personnel::SickLeave) -> Option<Measure>;
    use domain::personnel::DurationBand as B;
    let (short, middle, long) = (B::Days1To14.label(), format!("Sjukfrånvaro {}", B::Days15To59.label()), B::Days60Up.label());
    let (short, long) = (format!("Korttidssjukfrånvaro ({short})"), format!("Långtidssjukfrånvaro ({long})"));
    let measures: [(&str, Get); 10] = [
        ("Total sjukfrånvaro, % av arbetad tid", |s| s.total),
        ("Kvinnor", |s| s.women),
        ("Män", |s| s.men),
        (&short, |s| s.short_term.or(s.days_1_14)),
        (&middle, |s| s.days_15_59),
        (&long, |s| s.days_60_up),
        ("Långtidssjukfrånvaro, andel av total sjukfrånvaro", |s| s.long_term_share),
        ("29 år och yngre", |s| s.age_to_29),
        ("30–49 år", |s| s.age_30_49),
        ("50 år och äldre", |s| s.age_50_up),
    ];
    let decimals = |v: Measure| if v.raw() % 1000 != 0 { 2 } else { 1 };
    let cell =
        |v: Option<Measure>| v.map(|v| Cell::num(format!("{}\u{a0}%", v.present(decimals(v))), Num::from_measure(v))).unwrap_or_default();
    let rows: Vec<Row> = measures
        .iter()
        .filter(|(_, f)| f(first).is_some() || prev.is_some_and(|p| f(p).is_some()))
        .map(|(n, f)| Row::new(vec![Cell::text(*n), cell(f(first)), cell(prev.and_then(f))]))
        .collect();
    Some(Table {
        id: "sjukfranvaro".into(),
        caption: caption(spec, "Sjukfrånvaro", y),
        unit: Unit::Procent,
        header: vec![String::new(), y.to_string(), (y - 1).to_string()],
        rows,
        note: first.note.clone(),
        rules: vec![Rule::Fact { row: RowRef::Any, cols: vec![1, 2], words: vec!["sjukfrånvaro".into()], unit: None }],
    })
}

fn control_items_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let (plan, items) = d.control.as_ref()?;
    let mut last = String::new();
    let rows = items
        .iter()
        .map(|i| {
            let group = if i.perspective == last { String::new() } else { i.perspective.clone() };
            last = i.perspective.clone();
            Row::new(vec![
                Cell::text(group),
                Cell::text(&i.goal),
                Cell::text(&i.what),
                Cell::text(&i.risk),
                Cell::text(plan.probability.label(i.probability)),
                Cell::text(plan.consequence.label(i.consequence)),
                Cell::num(i.probability.to_string(), Num::int(i.probability.into())),
                Cell::num(i.consequence.to_string(), Num::int(i.consequence.into())),
                Cell::num(i.risk_value().to_string(), Num::int(i.risk_value().into())),
                Cell::text(&i.method),
            ])
        })
        .collect();
    Some(Table {
        id: "kontrollpunkter".into(),
        caption: caption(spec, "Internkontrollpunkter {year}", d.year),
        unit: Unit::Antal,
        header: [
            "Perspektiv",
            "Nämndens mål",
            "Kontrollmoment",
            "Befarad risk",
            "Sannolikhet för att det inträffar",
            "Konsekvens om det inträffar",
            "Sannolikhet, siffra",
            "Konsekvens, siffra",
            "Risk, siffra",
            "Kontroller i verksamheten",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        note: None,
        rules: vec![Rule::Formula { target: 8, first: 6, terms: vec![(Op::Mul, 7)] }],
    })
}

fn control_results_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let (plan, items) = d.control.as_ref()?;
    // The year's results only (a plan's file may keep earlier years' beside them), each with
    // its share from the counts when none was written.
    let share = |r: &domain::control::ControlResult| r.approved_share.or_else(|| r.computed_share());
    let with_share: Vec<_> =
        d.results.iter().filter(|r| r.period.year() == d.year).filter(|r| share(r).is_some() || !r.level.is_empty()).collect();
    if with_share.is_empty() {
        return None;
    }
    // A result for a part of a control ("gfp#kommunal_hemtjanst") names the part first in its findings.
    let name = |r: &domain::control::ControlResult| {
        let base = r.item.split('#').next().unwrap_or(&r.item);
        let area = items.iter().find(|i| i.key == base).map(|i| i.what.clone()).unwrap_or_else(|| base.to_string());
        match domain::control::part_label(r) {
            Some(label) => format!("{area}: {label}"),
            None => area,
        }
    };
    let rows = with_share
        .iter()
        .map(|r| {
            // Whole per cent: the approved share rounded, the rest 100 minus it, so that the
            // two always make 100 (62,5 % would otherwise print as 63 % and 38 %).
            let approved = share(r).map(|s| domain::sv::div_round(s.raw() as i128, Measure::SCALE as i128) as i64);
            let pct =
                |v: Option<i64>| v.map(|v| Cell::num(format!("{v}\u{a0}%"), Num::from_measure(Measure::from_int(v)))).unwrap_or_default();
            let level = plan.results.level(&r.level).map(|(_, label, _)| label.clone()).unwrap_or_else(|| r.level.clone());
            Row::new(vec![Cell::text(name(r)), Cell::text(level), pct(approved), pct(approved.map(|a| 100 - a))])
        })
        .collect();
    let t = Table {
        id: "kontrollresultat".into(),
        caption: caption(spec, "Resultat av årets kontroller", d.year),
        unit: Unit::Procent,
        header: vec!["Kontroll".into(), "Bedömning".into(), "Andel godkända".into(), "Andel ej godkända".into()],
        rows,
        note: None,
        rules: vec![],
    };
    // A plan whose results carry shares only (no level) prints no empty Bedömning column.
    Some(if t.column_is_empty(1) { t.without_column(1) } else { t })
}

fn providers_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    if d.providers.is_empty() {
        return None;
    }
    let part = |note: &str, label: &str| {
        note.split("||")
            .find_map(|p| p.trim().strip_prefix(label).map(|v| v.trim_start_matches(':').trim().to_string()))
            .unwrap_or_default()
    };
    let rows = d
        .providers
        .iter()
        .map(|p| {
            Row::new(vec![
                Cell::text(&p.name),
                Cell::text(part(&p.note, "Typ av upphandling")),
                Cell::num(p.contracts.to_string(), Num::int(p.contracts.into())),
                Cell::text(p.risk_class.to_string()),
                Cell::text(if p.follow_up { "Ja" } else { "Nej" }),
                Cell::text(part(&p.note, "Uppföljning på motsvarande egenregi")),
            ])
        })
        .collect();
    Some(Table {
        id: "privata-utforare".into(),
        caption: caption(spec, "Verksamhet som överlåtits i privat regi", d.year),
        unit: Unit::Antal,
        header: [
            "Verksamhet",
            "Typ av upphandling LOU/LOV/LUK",
            "Antal avtal",
            "Klassning utifrån riskanalys A/B/C/D*",
            "Uppföljning ska göras under året JA/NEJ",
            "Uppföljning på motsvarande egenregi JA/NEJ/ Ej egenregi",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        // The legend of the risk classes is the municipality's: a note in its template.
        note: None,
        rules: vec![],
    })
}

/// Income and costs by account type this year and last (B-T5, "Intäkter och kostnadsanalys"):
/// the income types and their sum, the cost types and their sum, financial items, and the net =
/// income + costs + financial items; each row's change is this year − last year, or, on a
/// table whose convention is budget − utfall (as B prints it), last year − this year.
fn account_type_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    use domain::economy::AccountGroup;
    if d.account_types.is_empty() {
        return None;
    }
    let m = Money::of(d, spec);
    let y = d.year;
    let earlier_minus_later = spec.convention == Some(SignConvention::BudgetMinusOutcome);
    let change = |now: Ore, before: Ore| if earlier_minus_later { before - now } else { now - before };
    let row = |label: &str, now: Option<Ore>, before: Option<Ore>, total: bool| {
        let cells = vec![
            Cell::text(label),
            now.map(|v| m.cell(v)).unwrap_or_else(|| Cell::text("-")),
            before.map(|v| m.cell(v)).unwrap_or_else(|| Cell::text("-")),
            m.cell(change(now.unwrap_or(Ore::ZERO), before.unwrap_or(Ore::ZERO))),
        ];
        if total { total_row(cells) } else { Row::new(cells) }
    };
    let sum = |g: AccountGroup, f: fn(&domain::economy::AccountTypeLine) -> Option<Ore>| -> Ore {
        d.account_types.iter().filter(|l| l.group == g).filter_map(f).sum()
    };
    let mut rows = Vec::new();
    let mut sum_rows = Vec::new();
    for (group, total) in
        [(AccountGroup::Income, Some("Summa intäkter")), (AccountGroup::Costs, Some("Summa kostnader")), (AccountGroup::Financial, None)]
    {
        let first = rows.len();
        for l in d.account_types.iter().filter(|l| l.group == group) {
            rows.push(row(&l.label, l.this_year, l.last_year, false));
        }
        if let Some(t) = total {
            sum_rows.push((first, rows.len()));
            rows.push(row(t, Some(sum(group, |l| l.this_year)), Some(sum(group, |l| l.last_year)), true));
        }
    }
    let all = |f: fn(&domain::economy::AccountTypeLine) -> Option<Ore>| -> Ore { d.account_types.iter().filter_map(f).sum() };
    rows.push(row("Netto", Some(all(|l| l.this_year)), Some(all(|l| l.last_year)), true));
    let rules = sum_rows
        .iter()
        .map(|(from, total)| Rule::Sum {
            cols: vec![1, 2, 3],
            rows: Some((*from..*total).collect()),
            total: RowRef::At(*total),
            hundred: false,
            other: None,
        })
        .chain(std::iter::once(if earlier_minus_later {
            Rule::Formula { target: 3, first: 2, terms: vec![(Op::Sub, 1)] }
        } else {
            Rule::Formula { target: 3, first: 1, terms: vec![(Op::Sub, 2)] }
        }))
        .collect();
    Some(Table {
        id: "kontotyper".into(),
        caption: caption(spec, &format!("Intäkter och kostnader per kontotyp ({})", m.scale.unit()), y),
        unit: m.unit,
        header: vec!["Kontotyp".into(), format!("Innevarande år {y}"), format!("Föregående år {}", y - 1), "Förändring".into()],
        rows,
        // Read the other way round from most tables: said, so that it is not read as an error.
        note: earlier_minus_later.then(|| {
            "Förändring är föregående år minus innevarande år: ett positivt tal på en intäktsrad betyder att intäkterna minskade, \
             ett negativt tal på en kostnadsrad att kostnaderna ökade."
                .to_string()
        }),
        rules,
    })
}

/// A list of amounts per verksamhet (B-T6 Tilläggsanslag, B-T8 Intäkter Migrationsverket): what,
/// how much, for which verksamhet, and the sum; the list the template names (`list`).
fn amount_list_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    let list = spec.list.as_deref()?;
    let lines: Vec<&domain::economy::AmountLine> = d.amount_lines.iter().filter(|l| l.list == list).collect();
    if lines.is_empty() {
        return None;
    }
    let m = Money::of(d, spec);
    let mut rows: Vec<Row> = lines.iter().map(|l| Row::new(vec![Cell::text(&l.name), m.cell(l.amount), Cell::text(&l.activity)])).collect();
    rows.push(total_row(vec![Cell::text("Summa"), m.total(&lines.iter().map(|l| l.amount).collect::<Vec<_>>()), Cell::default()]));
    Some(Table {
        id: "beloppslista".into(),
        caption: caption(spec, &format!("{list} ({})", m.scale.unit()), d.year),
        unit: m.unit,
        header: vec![list.to_string(), format!("Belopp ({})", m.scale.unit()), "Verksamhet".into()],
        rows,
        note: None,
        rules: vec![Rule::Sum { cols: vec![1], rows: None, total: RowRef::Last, hundred: false, other: None }],
    })
}

/// "Om plan ska skapas" (S-T14): the committee, the year, and whether it has handed over any
/// operations to private providers — from the year's plan for following them up.
fn private_operations_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    if d.providers.is_empty() {
        return None;
    }
    let rows = vec![
        Row::new(vec![Cell::text("Kommunstyrelse/nämnd"), Cell::text(&d.body)]),
        Row::new(vec![Cell::text("År"), Cell::text(d.year.to_string())]),
        Row::new(vec![Cell::text("Det finns verksamhet som överlåtits i privat regi. JA/NEJ"), Cell::text("Ja")]),
    ];
    Some(Table {
        id: "privat-regi".into(),
        caption: caption(spec, "Om plan ska skapas", d.year),
        unit: Unit::Text,
        header: vec!["Uppgift".into(), "Svar".into()],
        rows,
        note: None,
        rules: vec![],
    })
}

fn deviation_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    use domain::quality::{Harm, counts_by_type};
    let all: Vec<&domain::quality::Deviation> = d.q.deviations.iter().collect();
    let counts = counts_by_type(&all, &d.q.types);
    if d.q.types.is_empty() && counts.is_empty() {
        return None;
    }
    let n = |v: usize| Cell::num(v.to_string(), Num::int(v as i64));
    let href = d.links.then(|| format!("/k/{}/kvalitet/{}", d.code, d.year));
    let mut rows: Vec<Row> = counts
        .iter()
        .map(|(name, c)| {
            let mut cells = vec![Cell::text(name)];
            cells.extend(c.iter().map(|v| n(*v)));
            cells.push(n(c.iter().sum()).linked(href.clone()));
            Row::new(cells)
        })
        .collect();
    let mut total = vec![Cell::text("Summa")];
    for h in 0..4 {
        total.push(n(counts.iter().map(|(_, c)| c[h]).sum()));
    }
    total.push(n(all.len()).linked(href));
    rows.push(total_row(total));
    let mut header = vec!["Typ av avvikelse".to_string()];
    header.extend(Harm::ALL.iter().map(|h| h.label_sv().to_string()));
    header.push("Totalt".into());
    Some(Table {
        id: "avvikelser".into(),
        caption: caption(spec, "Rapporterade avvikelser och vårdskador {year} per typ och allvarlighet", d.year),
        unit: Unit::Antal,
        header,
        rows,
        note: None,
        rules: vec![
            Rule::Sum { cols: (1..=5).collect(), rows: None, total: RowRef::Last, hundred: false, other: None },
            Rule::Formula { target: 5, first: 1, terms: vec![(Op::Add, 2), (Op::Add, 3), (Op::Add, 4)] },
            Rule::Fact {
                row: RowRef::Last,
                cols: vec![5],
                words: vec!["rapporterats".into(), "rapporterades".into()],
                unit: Some("avvikelser".into()),
            },
        ],
    })
}

fn lex_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    use domain::quality::lex_counts;
    if d.q.types.is_empty() && d.q.deviations.is_empty() {
        return None;
    }
    let n = |v: usize| Cell::num(v.to_string(), Num::int(v as i64));
    let rows = lex_counts(&d.q.deviations)
        .into_iter()
        .map(|c| Row::new(vec![Cell::text(c.lex.label_sv()), n(c.total), n(c.reported), n(c.not_reported), n(c.undecided)]))
        .collect();
    Some(Table {
        id: "lex".into(),
        caption: caption(spec, "Möjliga Lex Maria- och Lex Sarah-ärenden {year}", d.year),
        unit: Unit::Antal,
        header: ["", "Bedömda som möjliga ärenden", "Anmälda till IVO", "Inte anmälda", "Utan beslut"].map(String::from).to_vec(),
        rows,
        note: None,
        rules: vec![Rule::Formula { target: 1, first: 2, terms: vec![(Op::Add, 3), (Op::Add, 4)] }],
    })
}

fn complaint_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    if d.q.types.is_empty() && d.q.complaints.is_empty() {
        return None;
    }
    let n = |v: usize| Cell::num(v.to_string(), Num::int(v as i64));
    let rows = ["klagomål", "synpunkt"]
        .into_iter()
        .map(|k| {
            let list: Vec<_> = d.q.complaints.iter().filter(|c| c.kind == k).collect();
            let in_time = list.iter().filter(|c| c.answered_in_time() == Some(true)).count();
            let late = list.iter().filter(|c| c.answered_in_time() == Some(false)).count();
            let open = list.iter().filter(|c| c.answered.is_none()).count();
            Row::new(vec![
                Cell::text(domain::sv::capitalise(if k == "klagomål" { "klagomål" } else { "synpunkter" })),
                n(list.len()),
                n(in_time),
                n(late),
                n(open),
            ])
        })
        .collect();
    Some(Table {
        id: "klagomal".into(),
        caption: caption(spec, "Klagomål och synpunkter {year}", d.year),
        unit: Unit::Antal,
        header: [
            "",
            "Mottagna",
            format!("Besvarade inom {} dagar", domain::quality::ANSWER_DAYS).as_str(),
            "Besvarade senare",
            "Obesvarade",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        note: None,
        rules: vec![Rule::Formula { target: 1, first: 2, terms: vec![(Op::Add, 3), (Op::Add, 4)] }],
    })
}

fn grant_report_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    if d.q.grants.is_empty() {
        return None;
    }
    let m = Money::of(d, &TableSpec { unit: spec.unit.or(Some(Scale::Mkr)), decimals: spec.decimals.or(Some(1)), ..spec.clone() });
    let date = |x: Option<domain::period::Date>| Cell::text(x.map(|x| x.to_string()).unwrap_or_default());
    let mut rows: Vec<Row> =
        d.q.grants
            .iter()
            .map(|g| {
                let used_in_insatser: Ore = d.q.insatser.iter().filter(|i| i.grant == g.key).filter_map(|i| i.used).sum();
                Row::new(vec![
                    Cell::text(&g.name),
                    m.cell(g.received),
                    m.opt(g.used),
                    m.cell(used_in_insatser),
                    date(g.regional_deadline),
                    date(g.national_deadline),
                    date(g.government_deadline),
                ])
            })
            .collect();
    rows.push(total_row(vec![
        Cell::text("Summa"),
        m.total(&d.q.grants.iter().map(|g| g.received).collect::<Vec<_>>()),
        m.total(&d.q.grants.iter().filter_map(|g| g.used).collect::<Vec<_>>()),
        m.total(&d.q.insatser.iter().filter_map(|i| i.used).collect::<Vec<_>>()),
        Cell::default(),
        Cell::default(),
        Cell::default(),
    ]));
    Some(Table {
        id: "aterrapportering".into(),
        caption: caption(spec, &format!("Mottagna och använda statsbidrag {{year}} ({})", m.scale.unit()), d.year),
        unit: m.unit,
        header: [
            "Bidrag",
            "Mottaget",
            "Använt",
            "Använt enligt insatserna",
            "Regional rapport senast",
            "Nationell rapport senast",
            "Rapport till regeringen senast",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        note: None,
        rules: vec![Rule::Sum { cols: vec![1, 2, 3], rows: None, total: RowRef::Last, hundred: false, other: None }],
    })
}

/// The columns of the insatser per grant.
const INSATS_HEADER: [&str; 7] = ["Insats", "Ansvarig verksamhet", "Använda medel", "Samverkansparter", "Målgrupp", "Mål", "Resultat"];

fn insats_table(d: &Data, spec: &TableSpec) -> Option<Table> {
    if d.q.insatser.is_empty() {
        return None;
    }
    let m = Money::of(d, &TableSpec { unit: spec.unit.or(Some(Scale::Tkr)), decimals: spec.decimals.or(Some(0)), ..spec.clone() });
    let mut rows = Vec::new();
    for g in &d.q.grants {
        let list: Vec<_> = d.q.insatser.iter().filter(|i| i.grant == g.key).collect();
        if list.is_empty() {
            continue;
        }
        rows.push(group_row(&g.name, INSATS_HEADER.len()));
        for i in list {
            rows.push(Row::new(vec![
                Cell::text(format!("{}. {}", i.number, i.content)),
                Cell::text(&i.unit),
                m.opt(i.used),
                Cell::text(&i.partners),
                Cell::text(&i.target_group),
                Cell::text(&i.goal),
                Cell::text(&i.result),
            ]));
        }
    }
    Some(Table {
        id: "aterrapportering-insatser".into(),
        caption: caption(spec, &format!("Insatser per bidrag {{year}} ({})", m.scale.unit()), d.year),
        unit: m.unit,
        header: INSATS_HEADER.map(String::from).to_vec(),
        rows,
        note: None,
        rules: vec![],
    })
}

// ------------------------------------------------------------------------------ charts

fn chart(d: &Data, kind: &str) -> Vec<Block> {
    let y = d.year;
    let unit_of = |t: &DriftTable| t.scale;
    match kind {
        "avvikelse" => {
            let Some(t) = d.drift.as_ref() else { return vec![] };
            let scale = unit_of(t);
            let fmt = |v: Ore| t.present(v);
            let dev = |r: &DriftRow| r.cell(DriftColumn::Deviation, t.convention);
            let alt = format!(
                "Avvikelse mot budget per verksamhet {y}, {}: {}.",
                scale.unit(),
                t.rows.iter().map(|r| format!("{} {}", r.label, dev(r).map(fmt).unwrap_or_default())).collect::<Vec<_>>().join("; ")
            );
            render::chart::bar_chart(
                &render::chart::BarChart {
                    title: format!("Avvikelse mot budget per verksamhet {y}"),
                    description: alt.clone(),
                    labels: t.rows.iter().map(|r| r.label.clone()).collect(),
                    values: t.rows.iter().map(|r| dev(r).map(|v| v.ore() as f64 / scale.ore_per_unit() as f64).unwrap_or(0.0)).collect(),
                    value_labels: t.rows.iter().map(|r| dev(r).map(fmt).unwrap_or_default()).collect(),
                },
                720,
                40 + 34 * t.rows.len() as u32,
            )
            .map(|svg| vec![Block::Chart { svg, alt, caption: format!("Avvikelse mot budget per verksamhet {y} ({})", scale.unit()) }])
            .unwrap_or_default()
        }
        "prognoser" => {
            let Some(t) = d.drift.as_ref() else { return vec![] };
            // The months whose forecast is the whole committee's, up to the report's.
            let fm: Vec<_> = domain::economy::forecast_months(&d.forecasts, t.rows.iter().map(|r| r.key.as_str()), d.to_month)
                .into_iter()
                .filter(|f| f.complete)
                .collect();
            if fm.is_empty() {
                return vec![];
            }
            let months: Vec<u8> = fm.iter().map(|f| f.month).collect();
            let scale = unit_of(t);
            let to_units = |o: Ore| o.ore() as f64 / scale.ore_per_unit() as f64;
            let mut labels: Vec<String> = months.iter().map(|m| domain::sv::capitalise(MONTHS_SV[*m as usize - 1])).collect();
            let mut values: Vec<Ore> = fm.iter().map(|f| f.total).collect();
            if d.to_month.is_none_or(|m| m >= 12) {
                labels.push("Utfall".into());
                values.push(t.total(DriftColumn::Deviation).unwrap_or(Ore::ZERO));
            }
            let alt = format!(
                "Prognos för årets avvikelse per månad{} {y}, {}: {}.",
                if d.to_month.is_none_or(|m| m >= 12) { " och utfall" } else { "" },
                scale.unit(),
                labels.iter().zip(&values).map(|(l, v)| format!("{l} {}", t.present(*v))).collect::<Vec<_>>().join(", ")
            );
            render::chart::line_chart(
                &render::chart::LineChart {
                    title: format!("Prognoser för årets avvikelse {y}"),
                    description: alt.clone(),
                    labels,
                    unit: scale.unit().into(),
                    series: {
                        let forecasts: Vec<f64> = values[..months.len()].iter().map(|v| to_units(*v)).collect();
                        render::chart::forecasts_and_outcome(&forecasts, values.get(months.len()).map(|v| to_units(*v)))
                    },
                },
                720,
                300,
            )
            .map(|svg| vec![Block::Chart { svg, alt, caption: format!("Prognoser för årets avvikelse {y} ({})", scale.unit()) }])
            .unwrap_or_default()
        }
        "volymer" => {
            let mut names: Vec<&str> = Vec::new();
            for v in &d.volumes {
                if !names.contains(&v.series.as_str()) {
                    names.push(&v.series);
                }
            }
            names
                .into_iter()
                .filter_map(|n| {
                    let mut pts: Vec<&VolumeValue> = d.volumes.iter().filter(|v| v.series == n).collect();
                    pts.sort_by_key(|v| v.year);
                    if pts.len() < 2 {
                        return None;
                    }
                    let unit = pts[0].unit.clone();
                    let alt = format!(
                        "{n} ({unit}): {}.",
                        pts.iter().map(|v| format!("{} {}", v.year, v.value.present_natural())).collect::<Vec<_>>().join(", ")
                    );
                    render::chart::line_chart(
                        &render::chart::LineChart {
                            title: n.to_string(),
                            description: alt.clone(),
                            labels: pts.iter().map(|v| v.year.to_string()).collect(),
                            unit: unit.clone(),
                            series: vec![render::chart::Series {
                                name: n.to_string(),
                                points: pts.iter().map(|v| Some(v.value.as_f64())).collect(),
                                is_target: false,
                            }],
                        },
                        640,
                        260,
                    )
                    .ok()
                    .map(|svg| Block::Chart { svg, alt, caption: format!("{n} ({unit})") })
                })
                .collect()
        }
        "sjukfranvaro" | "langtidssjukfranvaro" | "korttidssjukfranvaro" => sick_chart(d, kind),
        _ => vec![],
    }
}

/// Sick leave per year as bars with their values: the total, the long-term share of it or the
/// short-term leave (Strängnäs's diagrams 5–7).
fn sick_chart(d: &Data, kind: &str) -> Vec<Block> {
    let (title, what, unit, pick): (&str, &str, &str, fn(&domain::personnel::SickLeave) -> Option<Measure>) = match kind {
        "langtidssjukfranvaro" => (
            "Långtidssjukfrånvaro",
            "Långtidssjukfrånvaro (mer än 59 dagar), andel av den totala sjukfrånvaron",
            "% av sjukfrånvaron",
            |s| s.long_term_share,
        ),
        "korttidssjukfranvaro" => {
            ("Korttidssjukfrånvaro", "Korttidssjukfrånvaro, procent av arbetad tid", "% av arbetad tid", |s| s.short_term)
        }
        _ => ("Sjukfrånvaro totalt", "Sjukfrånvaro totalt, procent av arbetad tid", "% av arbetad tid", |s| s.total),
    };
    let mut pts: Vec<(i32, Measure)> = d
        .sick
        .iter()
        .filter_map(|s| match (s.period, pick(s)) {
            (Period::Year(yy), Some(t)) => Some((yy, t)),
            _ => None,
        })
        .collect();
    pts.sort_by_key(|p| p.0);
    pts.dedup_by_key(|p| p.0);
    if pts.len() < 2 {
        return vec![];
    }
    // As printed: the decimals the source gave (5,21 stays 5,21).
    let shown: Vec<String> = pts.iter().map(|(_, v)| format!("{} %", v.present_natural())).collect();
    let alt = format!("{what}: {}.", pts.iter().zip(&shown).map(|((yy, _), v)| format!("{yy} {v}")).collect::<Vec<_>>().join(", "));
    render::chart::bar_chart(
        &render::chart::BarChart {
            title: title.into(),
            description: alt.clone(),
            labels: pts.iter().map(|p| p.0.to_string()).collect(),
            values: pts.iter().map(|p| p.1.as_f64()).collect(),
            value_labels: shown,
        },
        640,
        60 + 50 * pts.len() as u32,
    )
    .map(|svg| vec![Block::Chart { svg, alt, caption: format!("{title} ({unit})") }])
    .unwrap_or_default()
}

/// Personnummer in a document's text and cells, with where: a document that holds one is not
/// rendered (nothing identifiable leaves Årshjul in a report).
pub fn personal_data(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for (key, text) in doc.texts() {
        for p in domain::quality::personnummer_in(text) {
            // Where, in the document's own words: the section, or the words around the number.
            let at = match key {
                Some(k) => format!("avsnittet «{k}»"),
                None => {
                    let start = text.find(p.as_str()).unwrap_or(0);
                    let before: String = text[..start].chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
                    format!("texten «…{}{p}…»", before.trim_start())
                }
            };
            out.push(format!("{at}: {p}"));
        }
    }
    for t in doc.tables() {
        for r in &t.rows {
            for c in &r.cells {
                for p in domain::quality::personnummer_in(&c.text) {
                    out.push(format!("tabellen «{}», raden «{}»: {p}", t.caption, r.label()));
                }
            }
        }
    }
    out
}

/// Renders a document in a format: `pdf`, `docx`, `html` or `xlsx`; refuses a document that
/// holds a personnummer, naming where.
pub fn render_as(doc: &Document, format: &str) -> Result<Vec<u8>, OutputError> {
    let places = personal_data(doc);
    if !places.is_empty() {
        return Err(OutputError::PersonalData { title: doc.title.clone(), places });
    }
    match format {
        "pdf" => render::doc::pdf(doc).map_err(OutputError::Render),
        "docx" => render::doc::docx(doc).map_err(OutputError::Render),
        "html" => Ok(render::doc::html(doc).into_bytes()),
        "xlsx" => render::doc::xlsx(doc).map_err(OutputError::Render),
        other => Err(OutputError::Unsupported(format!("okänt format «{other}» (pdf, docx, html eller xlsx)"))),
    }
}

/// The report as it is shown, with the month it runs to: an interim report asked for without a
/// month runs to the last month with a forecast, else August.
/// The month an interim report opens at without one asked for: the latest interim month of the
/// year's follow-up plan that the data has reached (the ledger's or the forecasts' last month),
/// else the plan's first (the one being prepared); without a plan, the latest forecast's month
/// (August without any).
async fn default_interim_month(store: &Store, municipality: &str, year: i32) -> Result<u8, OutputError> {
    let forecast = store::economy::forecasts(store, municipality, year).await?.iter().map(|f| f.month).max();
    let ledger = store::economy::ledger_last_month(store, municipality, year).await?;
    let reached = forecast.max(ledger);
    let plan = store::org::follow_up_plans(store, municipality).await?.into_iter().find(|p| p.year() == year);
    let planned = plan.as_ref().map(|p| p.interim_months()).unwrap_or_default();
    let month = planned.iter().rev().find(|m| reached.is_some_and(|r| **m <= r)).or(planned.first()).copied().or(forecast).unwrap_or(8);
    Ok(month)
}

pub async fn assemble_shown(store: &Store, req: Request<'_>) -> Result<(Template, Document, Option<u8>), OutputError> {
    match assemble(store, &req).await {
        Err(OutputError::Unsupported(_)) if req.to_month.is_none() => {
            let month = default_interim_month(store, req.municipality, req.year).await?;
            let (template, doc) = assemble(store, &Request { to_month: Some(month), ..req }).await?;
            Ok((template, doc, Some(month)))
        }
        r => r.map(|(template, doc)| (template, doc, req.to_month)),
    }
}

/// The report as the public reads it, made from the data as it stands: without the links into
/// Årshjul the staff's copy has to every figure's source; an interim report to its latest month.
pub async fn public_document(
    store: &Store,
    municipality: &str,
    kind: &str,
    year: i32,
    to_month: Option<u8>,
) -> Result<(Document, Option<u8>), OutputError> {
    let req = Request { municipality, kind, year, to_month, links: false, overrides: vec![] };
    let (_, doc, month) = assemble_shown(store, req).await?;
    Ok((doc, month))
}

/// Publishes the report `kind` of `year` as it stands now, an interim report to `to_month` (its
/// latest month without; again: the new copy replaces the old). The public reads this copy until the report is published again or withdrawn. A report
/// that names a personnummer is refused, as its files are.
pub async fn publish(
    store: &Store,
    actor: &store::Actor,
    municipality: &str,
    kind: &str,
    year: i32,
    to_month: Option<u8>,
) -> Result<(), OutputError> {
    publish_despite(store, actor, municipality, kind, year, to_month, &[]).await
}

/// [`publish`], with the review's warnings the publisher read and published despite: they are
/// written to the audit log in the same transaction (`report.publish.despite_warnings`).
pub async fn publish_despite(
    store: &Store,
    actor: &store::Actor,
    municipality: &str,
    kind: &str,
    year: i32,
    to_month: Option<u8>,
    warnings: &[String],
) -> Result<(), OutputError> {
    let (doc, to_month) = public_document(store, municipality, kind, year, to_month).await?;
    let found = personal_data(&doc);
    if !found.is_empty() {
        return Err(OutputError::Unsupported(format!("Rapporten innehåller personnummer och publiceras inte: {}.", found.join("; "))));
    }
    let mut w = store.begin(actor).await?;
    store::publication::publish_report(&mut w, municipality, kind, year, &doc, to_month).await?;
    if !warnings.is_empty() {
        let what = serde_json::json!({ "warnings": warnings, "to_month": to_month });
        let key = format!("{municipality}/{kind}/{year}");
        w.audit(store::Change::new(Some(municipality), "report.publish.despite_warnings", "report", &key, None, Some(&what))).await?;
    }
    w.commit().await?;
    Ok(())
}

/// The review's warnings on the report as the staff see it (the findings the report page lists
/// as warnings), as text.
pub async fn review_warnings(
    store: &Store,
    municipality: &str,
    kind: &str,
    year: i32,
    to_month: Option<u8>,
) -> Result<Vec<String>, OutputError> {
    let req = Request { municipality, kind, year, to_month, links: true, overrides: vec![] };
    let (_, doc, _) = assemble_shown(store, req).await?;
    Ok(domain::checks::review::review(&doc)
        .into_iter()
        .filter(|f| f.severity == domain::checks::Severity::Warning)
        .map(|f| format!("{}: {}", f.location, f.message))
        .collect())
}

/// Reads a texts file (`<!-- section: KEY -->` markers, see `domain::report::parse_sections`)
/// into a report's sections, all in one transaction. Unknown section keys are refused with the
/// template's keys listed; returns the number of sections written.
pub async fn import_texts(
    store: &Store,
    actor: &store::Actor,
    municipality: &str,
    kind: &str,
    year: i32,
    file: &str,
    text: &str,
) -> Result<usize, OutputError> {
    let (template, _) = store::report::template(store, municipality, kind)
        .await?
        .ok_or_else(|| OutputError::NotFound(format!("Rapporttypen «{kind}» finns inte.")))?;
    let sections =
        domain::report::parse_sections(text).map_err(|e| OutputError::Unsupported(format!("{file}:{}: {}", e.line, e.message)))?;
    let keys = template.text_keys();
    for (k, _) in &sections {
        if k != "datum" && !keys.contains(k) {
            let line = text.lines().position(|l| l.contains(&format!("section: {k}"))).map_or(0, |i| i + 1);
            return Err(OutputError::Unsupported(format!(
                "{file}:{line}: sektionen «{k}» finns inte i mallen «{kind}»; väntade en av: datum, {}",
                keys.join(", ")
            )));
        }
    }
    let mut w = store.begin(actor).await?;
    for (k, body) in &sections {
        store::report::save_text(&mut w, municipality, kind, year, k, body).await?;
    }
    w.commit().await?;
    Ok(sections.len())
}

/// The checker on an assembled report.
pub async fn check(store: &Store, r: &Request<'_>) -> Result<(Document, Vec<domain::checks::review::Finding>), OutputError> {
    let (_, doc) = assemble(store, r).await?;
    let findings = domain::checks::review::review(&doc);
    Ok((doc, findings))
}

#[cfg(test)]
mod tests {
    use domain::report::{Block, Document};

    /// A personnummer stops the document from being written, and the refusal names the document
    /// and the words around the number, where it has no section of its own.
    #[test]
    fn a_personnummer_is_refused_with_where_it_stands() {
        let doc = Document {
            title: "Kallelse Socialnämnden 2026-12-15".into(),
            blocks: vec![Block::Paragraph {
                text: "Förslag till beslut: avslag för 19121212-1212 enligt utredningen.".into(), key: None
            }],
            ..Document::default()
        };
        let Err(e @ super::OutputError::PersonalData { .. }) = super::render_as(&doc, "html") else { panic!("refused") };
        let why = e.to_string();
        assert_eq!(
            why,
            "«Kallelse Socialnämnden 2026-12-15» innehåller personnummer och skrivs inte ut: \
             texten «…Förslag till beslut: avslag för 19121212-1212…»: 19121212-1212. Ta bort dem där de står och skriv ut igen."
        );
    }
}
