//! Personnel statistics, internal control (plan, risk matrix, results, actions) and the
//! private-provider follow-up plan.

use super::grid::{self, GridPage};
use super::{actor, municipality_or_404, render};
use crate::AppState;
use crate::access::Who;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::control::*;
use domain::goals::Measure;
use domain::org::Municipality;
use domain::period::{Date, Period};
use domain::role::Role;
use serde::Deserialize;
use store::publication::{self, Area};

/// Roles that record control results and actions.
pub const WRITERS: &[Role] = &[Role::Admin, Role::Controller, Role::Verksamhetschef];

/// Publishes or withdraws a year of `area` that has data (one transaction, audited).
async fn set_published(state: &AppState, auth: &AuthSession, code: &str, year: i32, area: Area, published: bool) -> Result<(), AppError> {
    municipality_or_404(state, code).await?;
    if !area.years(&state.store, code).await?.contains(&year) {
        return Err(AppError::not_found(format!("Det finns inga uppgifter att publicera för {year}.")));
    }
    let mut w = state.store.begin(&actor(auth)).await?;
    publication::set_published(&mut w, code, area, year, published).await?;
    w.commit().await?;
    Ok(())
}

/// Whether the year is published, and an error if the caller may not see it: an unpublished
/// year is for the municipality's own accounts only (the public is told there is none).
pub(crate) async fn published_for(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    year: i32,
    area: Area,
    none: impl FnOnce() -> AppError,
) -> Result<bool, AppError> {
    let published = publication::is_published(&state.store, code, area, year).await?;
    if !published && !Who::of(auth).belongs_to(code) {
        return Err(none());
    }
    Ok(published)
}

/// The years the caller may see, each with whether it is published.
async fn visible_years(state: &AppState, auth: &AuthSession, code: &str, area: Area) -> Result<Vec<(i32, bool)>, AppError> {
    let staff = Who::of(auth).belongs_to(code);
    let mut out = Vec::new();
    for y in area.years(&state.store, code).await? {
        let p = publication::is_published(&state.store, code, area, y).await?;
        if p || staff {
            out.push((y, p));
        }
    }
    Ok(out)
}

/// The publish button's state on a year's page.
struct Publishing {
    published: bool,
    may_publish: bool,
    action: String,
}

impl Publishing {
    fn new(auth: &AuthSession, code: &str, published: bool, action: String) -> Publishing {
        let who = Who::of(auth);
        Publishing { published, may_publish: who.belongs_to(code) && crate::access::CONTROLLERS.contains(&who.role), action }
    }
}

fn pct(m: Option<Measure>) -> String {
    m.map(|m| format!("{}\u{a0}%", m.present_natural())).unwrap_or_default()
}

/// A derived percentage, shown with two decimals.
fn pct2(m: Option<Measure>) -> String {
    m.map(|m| format!("{}\u{a0}%", m.present(2))).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "control/years.html")]
struct YearsPage {
    shell: Shell,
    heading: &'static str,
    base: String,
    years: Vec<(i32, bool)>,
    /// A link that starts a year without data (href, text), for those who may.
    start: Option<(String, String)>,
}

/// GET /k/{kommun}/personal
pub async fn personnel_years(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let years = visible_years(&state, &auth, &code, Area::Personnel).await?;
    // A controller starts the next year's statistics from here (this year's, if none yet).
    let start =
        start_link(&state, &auth, &code, years.first().map(|(y, _)| *y), "personal/{}/redigera/sjukfranvaro", "Lägg in sjukfrånvaron för");
    render(YearsPage {
        shell: Shell::new("Personal", &auth, Some(&m)).at(&format!("/k/{code}/personal")),
        heading: "Personal",
        base: format!("/k/{code}/personal"),
        years,
        start,
    })
}

/// The personnel statistics edited in the browser, with their files' columns (read by the
/// import's readers).
const PERSONNEL_TABLES: &[grid::Spec] = &[
    (
        "sjukfranvaro",
        "Sjukfrånvaro",
        &[
            "enhet",
            "period",
            "totalt",
            "kvinnor",
            "män",
            "ålder_upp_till_29",
            "ålder_30_49",
            "ålder_50_och_över",
            "dag_1_14",
            "dag_15_59",
            "dag_60_och_över",
            "korttid",
            "långtid_andel",
            "not",
        ],
    ),
    ("nyckeltal", "Personalnyckeltal", &["nyckel", "namn", "enhet", "period", "värde", "definition", "mätperiod", "not"]),
];

fn personnel_table(del: &str) -> Result<&'static grid::Spec, AppError> {
    PERSONNEL_TABLES
        .iter()
        .find(|t| t.0 == del)
        .ok_or_else(|| AppError::not_found(format!("{del} kan inte redigeras här; välj sjukfranvaro eller nyckeltal.")))
}

async fn personnel_grid(
    state: &AppState,
    auth: &AuthSession,
    m: &Municipality,
    year: i32,
    spec: &'static grid::Spec,
    rows: Vec<Vec<String>>,
) -> Result<GridPage, AppError> {
    let shell = Shell::new(&format!("Redigera {} {year}", spec.1.to_lowercase()), auth, Some(m)).at(&format!("/k/{}/personal", m.code));
    let hint =
        "Procent och tal med decimalkomma (9,4); period som 2023 eller 2023-D08 (till och med augusti); ett tomt fält är ingen uppgift.";
    let code = m.code.as_str();
    let mut page = GridPage::new(shell, format!("/k/{code}/personal/{year}"), "Personal", spec, hint, rows)
        .published(publication::is_published(&state.store, code, Area::Personnel, year).await?);
    if !store::personnel::years(&state.store, code).await?.contains(&year) {
        page = page.without_year_page(format!("/k/{code}/personal"));
    }
    Ok(page)
}

/// GET /k/{kommun}/personal/{ar}/redigera/{del} — the year's sick leave or key figures as a
/// grid (a year without statistics starts empty).
pub async fn personnel_editor(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, del)): Path<(String, i32, String)>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let spec = personnel_table(&del)?;
    let m_ = |v: Option<Measure>| v.map(|v| v.present_natural()).unwrap_or_default();
    let rows: Vec<Vec<String>> = if spec.0 == "sjukfranvaro" {
        store::personnel::sick_leave(&state.store, &code, year)
            .await?
            .iter()
            .map(|s| {
                let mut r = vec![s.unit.clone(), s.period.to_string()];
                r.extend(
                    [
                        s.total,
                        s.women,
                        s.men,
                        s.age_to_29,
                        s.age_30_49,
                        s.age_50_up,
                        s.days_1_14,
                        s.days_15_59,
                        s.days_60_up,
                        s.short_term,
                        s.long_term_share,
                    ]
                    .map(m_),
                );
                r.push(s.note.clone().unwrap_or_default());
                r
            })
            .collect()
    } else {
        store::personnel::key_figures(&state.store, &code, year)
            .await?
            .iter()
            .map(|f| {
                vec![
                    f.key.clone(),
                    f.name.clone(),
                    f.unit.clone(),
                    f.period.to_string(),
                    f.value.present_natural(),
                    f.definition.clone().unwrap_or_default(),
                    f.measured.clone().unwrap_or_default(),
                    f.note.clone().unwrap_or_default(),
                ]
            })
            .collect()
    };
    render(personnel_grid(&state, &auth, &m, year, spec, rows).await?)
}

/// POST /k/{kommun}/personal/{ar}/redigera/{del} — the table replaced (the other one kept) in
/// one transaction; an empty table is refused (statistics are not emptied by a stray click).
pub async fn save_personnel_editor(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, del)): Path<(String, i32, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let spec = personnel_table(&del)?;
    let rows = grid::rows_of(&form, spec.2.len());
    if grid::is_empty(&rows) {
        return personnel_grid(&state, &auth, &m, year, spec, rows)
            .await?
            .refused(grid::Refusal::plain("Inget sparades. Tabellen är tom: fyll i minst en rad."));
    }
    let (mut sick, mut figures) =
        (store::personnel::sick_leave(&state.store, &code, year).await?, store::personnel::key_figures(&state.store, &code, year).await?);
    let read = if spec.0 == "sjukfranvaro" {
        grid::read(spec, &rows, |f| ingest::control::read_sick_leave(f, year)).map(|s| sick = s)
    } else {
        grid::read(spec, &rows, |f| ingest::control::read_key_figures(f, year)).map(|f| figures = f)
    };
    if let Err(why) = read {
        return personnel_grid(&state, &auth, &m, year, spec, rows).await?.refused(why);
    }
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::personnel::replace_year(&mut w, &code, year, &sick, &figures).await?;
    w.commit().await?;
    crate::flash::set(&auth, &format!("Tabellen «{}» är sparad.", spec.1)).await;
    Ok(Redirect::to(&format!("/k/{code}/personal/{year}")).into_response())
}

/// GET /k/{kommun}/internkontroll
pub async fn control_years(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let years = visible_years(&state, &auth, &code, Area::Control).await?;
    render(YearsPage {
        shell: Shell::new("Intern kontroll", &auth, Some(&m)).at(&format!("/k/{code}/internkontroll")),
        heading: "Intern kontroll",
        base: format!("/k/{code}/internkontroll"),
        // A controller lays out the next year's plan from here (the scales carried over).
        start: start_link(
            &state,
            &auth,
            &code,
            years.first().map(|(y, _)| *y),
            "internkontroll/{}/redigera",
            "Lägg upp internkontrollplanen för",
        ),
        years,
    })
}

/// The link that starts a year without data, for the municipality's controllers: the year
/// after `newest`, or this year when there is none.
/// `path` is the address under the municipality with `{}` for the year.
fn start_link(state: &AppState, auth: &AuthSession, code: &str, newest: Option<i32>, path: &str, text: &str) -> Option<(String, String)> {
    let who = Who::of(auth);
    (who.belongs_to(code) && crate::access::CONTROLLERS.contains(&who.role)).then(|| {
        let next = newest.map_or(state.clock.today().year(), |y| y + 1);
        (format!("/k/{code}/{}", path.replace("{}", &next.to_string())), format!("{text} {next}"))
    })
}

/// The controls of a plan as a grid (`kontroller.csv`'s columns).
const CONTROL_ITEMS: grid::Spec = (
    "kontroller",
    "Kontrollpunkter",
    &[
        "nyckel",
        "perspektiv",
        "mål",
        "område",
        "kontrollmoment",
        "risk",
        "sannolikhet",
        "konsekvens",
        "metod",
        "frekvens",
        "ansvarig",
        "tidpunkt",
    ],
);

async fn control_grid(
    state: &AppState,
    auth: &AuthSession,
    m: &Municipality,
    year: i32,
    rows: Vec<Vec<String>>,
) -> Result<GridPage, AppError> {
    let shell = Shell::new(&format!("Redigera kontrollpunkter {year}"), auth, Some(m)).at(&format!("/k/{}/internkontroll", m.code));
    let hint = "En rad per kontroll: en nyckel (till exempel 1, 2 eller 3.1.4), kontrollmomentet och sannolikhet och konsekvens 1–4. Resultat och åtgärder följer kontrollens nyckel.";
    let code = m.code.as_str();
    let mut page = GridPage::new(shell, format!("/k/{code}/internkontroll/{year}"), "Intern kontroll", &CONTROL_ITEMS, hint, rows)
        .published(publication::is_published(&state.store, code, Area::Control, year).await?);
    page.action = format!("{}/redigera", page.base);
    if !store::control::years(&state.store, code).await?.contains(&year) {
        page = page.without_year_page(format!("/k/{code}/internkontroll"));
    }
    Ok(page)
}

/// GET /k/{kommun}/internkontroll/{ar}/redigera — the plan's controls as a grid (a year
/// without a plan starts empty).
pub async fn control_editor(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    // A year without a plan starts from the latest plan's controls (risks are reassessed, not
    // written anew).
    let items = match store::control::plan(&state.store, &code, year).await? {
        Some((_, items)) => items,
        None => plan_before(&state, &code, year).await?.map(|(_, i)| i).unwrap_or_default(),
    };
    let rows = items
        .iter()
        .map(|i| {
            vec![
                i.key.clone(),
                i.perspective.clone(),
                i.goal.clone(),
                i.area.clone(),
                i.what.clone(),
                i.risk.clone(),
                i.probability.to_string(),
                i.consequence.to_string(),
                i.method.clone(),
                i.frequency.clone(),
                i.responsible.clone(),
                i.timing.clone(),
            ]
        })
        .collect();
    render(control_grid(&state, &auth, &m, year, rows).await?)
}

/// The latest plan of a year before `year`, with its controls: what a new year starts from.
async fn plan_before(state: &AppState, code: &str, year: i32) -> Result<Option<(store::control::Plan, Vec<ControlItem>)>, AppError> {
    match store::control::years(&state.store, code).await?.into_iter().find(|y| *y < year) {
        Some(y) => Ok(store::control::plan(&state.store, code, y).await?),
        None => Ok(None),
    }
}

/// POST /k/{kommun}/internkontroll/{ar}/redigera — the plan's controls replaced in
/// one transaction (results and actions stay with their control's key). A year without a plan
/// gets one with the latest plan's scales and thresholds (the committee's decision is added when
/// it adopts the plan); an empty list is refused.
pub async fn save_control_editor(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let rows = grid::rows_of(&form, CONTROL_ITEMS.2.len());
    if grid::is_empty(&rows) {
        return control_grid(&state, &auth, &m, year, rows)
            .await?
            .refused(grid::Refusal::plain("Inget sparades. Planen har inga kontroller: fyll i minst en rad."));
    }
    let read = |items: ingest::File<'_>| {
        let files = ingest::control::ControlFiles { plan: None, scales: None, items, results: None, actions: None, net: None };
        ingest::control::read_control(&files).map(|d| d.items)
    };
    let items = match grid::read(&CONTROL_ITEMS, &rows, read) {
        Ok(items) => items,
        Err(why) => return control_grid(&state, &auth, &m, year, rows).await?.refused(why),
    };
    let plan = match store::control::plan(&state.store, &code, year).await? {
        Some((plan, _)) => plan,
        None => {
            let latest = plan_before(&state, &code, year).await?.map(|(p, _)| p);
            store::control::Plan {
                decision: String::new(),
                case_number: String::new(),
                adopted: None,
                probability: latest.as_ref().map(|p| p.probability.clone()).unwrap_or_default(),
                consequence: latest.as_ref().map(|p| p.consequence.clone()).unwrap_or_default(),
                thresholds: latest.as_ref().map(|p| p.thresholds.clone()).unwrap_or_default(),
                results: latest.as_ref().map_or_else(ResultScale::god_godtagbar, |p| p.results.clone()),
                analysis: String::new(),
                net_risks: Vec::new(),
            }
        }
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::control::save_plan(&mut w, &code, year, &plan, &items).await?;
    w.commit().await?;
    crate::flash::set(&auth, "Kontrollpunkterna är sparade.").await;
    Ok(Redirect::to(&format!("/k/{code}/internkontroll/{year}")).into_response())
}

struct SickRow {
    unit: String,
    period: String,
    cells: Vec<String>,
    unexplained: String,
    flag: Option<String>,
}

#[derive(Template)]
#[template(path = "control/personnel.html")]
struct PersonnelPage {
    shell: Shell,
    code: String,
    year: i32,
    /// What the last change did ("Tabellen «Sjukfrånvaro» är sparad.").
    notice: Option<String>,
    /// The sick-leave columns with a figure in some row (a municipality that reports no age
    /// bands gets no empty age columns).
    sick_headers: Vec<&'static str>,
    sick: Vec<SickRow>,
    svg: String,
    figures: Vec<(String, String, String, String, String)>,
    publishing: Publishing,
}

/// GET /k/{kommun}/personal/{ar}
pub async fn personnel(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let none = || AppError::not_found(format!("{} har ingen publicerad personalstatistik för {year}.", m.name));
    let published = published_for(&state, &auth, &code, year, Area::Personnel, none).await?;
    let sick = store::personnel::sick_leave(&state.store, &code, year).await?;
    let figures = store::personnel::key_figures(&state.store, &code, year).await?;
    if sick.is_empty() && figures.is_empty() {
        return Err(AppError::not_found(format!("{} har ingen personalstatistik för {year}.", m.name)));
    }
    let rows: Vec<SickRow> = sick
        .iter()
        .map(|s| {
            let bands = s.duration_bands();
            let flag = (bands.len() == 3 && s.total.is_some())
                .then(|| {
                    domain::checks::sum(&bands, s.total.unwrap_or(Measure::from_int(0)), Measure::parse_sv("0,05").expect("number")).err()
                })
                .flatten()
                .map(|f| f.message);
            SickRow {
                unit: s.unit.clone(),
                period: s.period.label_sv(),
                cells: vec![
                    pct(s.total),
                    pct(s.women),
                    pct(s.men),
                    pct(s.short_term),
                    if s.days_60_up.is_some() { pct(s.long_term()) } else { pct2(s.long_term()) },
                    pct(s.long_term_share),
                    pct(s.days_1_14),
                    pct(s.days_15_59),
                    pct(s.days_60_up),
                    pct(s.age_to_29),
                    pct(s.age_30_49),
                    pct(s.age_50_up),
                ],
                unexplained: pct2(s.unexplained().filter(|u| u.raw() != 0 && s.days_15_59.is_none())),
                flag,
            }
        })
        .collect();
    // S's Bilaga 1 charts: total, long-term and short-term over the periods.
    let mut periods: Vec<Period> = sick.iter().map(|s| s.period).collect();
    periods.sort_by_key(|p| (p.end(), p.start()));
    periods.dedup();
    let at = |p: &Period, f: fn(&domain::personnel::SickLeave) -> Option<Measure>| {
        sick.iter().filter(|s| s.period == *p).find_map(f).map(Measure::as_f64)
    };
    let svg = if periods.len() > 1 {
        render::chart::line_chart(
            &render::chart::LineChart {
                title: format!("Sjukfrånvaro {year}"),
                description:
                    "Total sjukfrånvaro, långtids- och korttidssjukfrånvaro per period i procent av arbetstiden; värdena står i tabellen."
                        .into(),
                labels: periods.iter().map(|p| p.to_string()).collect(),
                unit: "%".into(),
                series: vec![
                    render::chart::Series {
                        name: "Totalt".into(),
                        points: periods.iter().map(|p| at(p, |s| s.total)).collect(),
                        is_target: false,
                    },
                    render::chart::Series {
                        name: "Långtid".into(),
                        points: periods.iter().map(|p| at(p, |s| s.long_term())).collect(),
                        is_target: false,
                    },
                    render::chart::Series {
                        name: "Korttid".into(),
                        points: periods.iter().map(|p| at(p, |s| s.short_term)).collect(),
                        is_target: false,
                    },
                ]
                .into_iter()
                // A series without a value would stand in the legend over no line.
                .filter(|s| s.points.iter().any(Option::is_some))
                .collect(),
            },
            720,
            300,
        )
        .map_err(AppError::internal)?
    } else {
        String::new()
    };
    let bands = domain::personnel::hme_bands();
    let figures = figures
        .iter()
        .map(|f| {
            let band = (f.key == "hme").then(|| {
                domain::personnel::band(&bands, f.value)
                    .map(|b| b.label.clone())
                    .unwrap_or_else(|| "mellan SKR:s intervall (70–79 saknas i underlaget)".into())
            });
            (
                f.name.clone(),
                f.period.label_sv(),
                format!("{}{}", f.value.present_natural(), if f.unit == "procent" { "\u{a0}%".to_string() } else { String::new() }),
                [
                    f.definition.clone(),
                    f.measured.clone().map(|m| format!("Mätperiod: {m}")),
                    band.map(|b| format!("SKR:s intervall: {b}")),
                    f.note.clone(),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
                f.unit.clone(),
            )
        })
        .collect();
    const SICK_HEADERS: [&str; 12] = [
        "Totalt",
        "Kvinnor",
        "Män",
        "Korttid",
        "Långtid",
        "Långtid, andel av total",
        "Dag 1–14",
        "Dag 15–59",
        "Dag 60–",
        "–29 år",
        "30–49 år",
        "50– år",
    ];
    let shown: Vec<usize> =
        (0..SICK_HEADERS.len()).filter(|c| rows.iter().any(|r| r.cells.get(*c).is_some_and(|v| !v.is_empty()))).collect();
    let mut rows = rows;
    for r in &mut rows {
        r.cells = shown.iter().map(|c| std::mem::take(&mut r.cells[*c])).collect();
    }
    render(PersonnelPage {
        notice: crate::flash::take(&auth).await,
        shell: Shell::new(&format!("Personal {year}"), &auth, Some(&m)).at(&format!("/k/{code}/personal")),
        code: code.clone(),
        year,
        sick_headers: shown.iter().map(|c| SICK_HEADERS[*c]).collect(),
        sick: rows,
        svg,
        figures,
        publishing: Publishing::new(&auth, &code, published, format!("/k/{code}/personal/{year}/publicering")),
    })
}

struct ItemRow {
    key: String,
    perspective: String,
    what: String,
    risk: String,
    p: String,
    k: String,
    value: u8,
    level: (&'static str, &'static str),
    method: String,
    responsible: String,
}

struct ResultRow {
    item: String,
    period: String,
    level: (String, String),
    reviewed: String,
    deviations: String,
    share: String,
    flag: Option<String>,
    findings: String,
}

struct ActionRow {
    id: i64,
    item: String,
    text: String,
    owner: String,
    due: String,
    done: bool,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "control/plan.html")]
struct PlanPage {
    shell: Shell,
    /// The controls may be edited (the municipality's controllers).
    may_edit_plan: bool,
    /// A refused result as it was written, and why (the form opens with it).
    typed: ResultForm,
    result_error: Option<String>,
    /// The action form as sent, after a refusal, and why.
    action_form: ActionForm,
    action_error: Option<String>,
    base: String,
    year: i32,
    decision: String,
    case_number: String,
    /// The day the plan was adopted, ISO, or empty.
    adopted: String,
    /// The plan head form's values (the stored ones, or those of a refused save) and whether it
    /// opens (a plan without a decision, or a refused save).
    head_form: PlanHeadForm,
    head_open: bool,
    /// The message of a change just saved (from the session).
    notice: Option<String>,
    items: Vec<ItemRow>,
    matrix: String,
    results: Vec<ResultRow>,
    summary: Vec<(String, usize)>,
    /// The years of the summary matrix (B:1741–1748); empty when only one year is held.
    history_years: Vec<i32>,
    /// Per control: key, kontrollmoment, (symbol, label) per year.
    history: Vec<(String, String, Vec<(String, String)>)>,
    levels: Vec<(String, String)>,
    actions: Vec<ActionRow>,
    overdue: usize,
    today: String,
    net: Vec<(String, String, String, u8, String)>,
    analysis: String,
    may_write: bool,
    item_keys: Vec<(String, String)>,
    error: Option<String>,
    publishing: Publishing,
}

async fn plan_view(state: &AppState, auth: &AuthSession, code: &str, year: i32, error: Option<String>) -> Result<PlanPage, AppError> {
    let m = municipality_or_404(state, code).await?;
    let none = || AppError::not_found(format!("{} har ingen publicerad internkontrollplan för {year}.", m.name));
    let published = published_for(state, auth, code, year, Area::Control, none).await?;
    let (plan, items) = store::control::plan(&state.store, code, year)
        .await?
        .ok_or_else(|| AppError::not_found(format!("{} har ingen internkontrollplan för {year}.", m.name)))?;
    let results = store::control::results(&state.store, code, year).await?;
    let actions = store::control::actions(&state.store, code, year).await?;
    let today = state.clock.today();
    let p_labels: [String; 4] = std::array::from_fn(|i| {
        plan.probability.labels.iter().find(|(n, _)| *n as usize == i + 1).map(|(_, l)| l.clone()).unwrap_or_default()
    });
    let k_labels: [String; 4] = std::array::from_fn(|i| {
        plan.consequence.labels.iter().find(|(n, _)| *n as usize == i + 1).map(|(_, l)| l.clone()).unwrap_or_default()
    });
    // Controls by the number they are shown with (a plan keyed by names shows places).
    let nr = |key: &str| domain::control::shown_number(&items, key);
    let mut cells = Vec::new();
    for p in 1..=4u8 {
        for k in 1..=4u8 {
            cells.push(render::chart::MatrixCell {
                probability: p,
                consequence: k,
                level: plan.thresholds.level(p * k).label_sv().into(),
                items: items.iter().filter(|i| i.probability == p && i.consequence == k).map(|i| nr(&i.key)).collect(),
            });
        }
    }
    let matrix = render::chart::risk_matrix(&format!("Riskmatris {year}"), &p_labels, &k_labels, &cells);
    let label = |key: &str| match plan.results.level(key) {
        Some((_, l, s)) => (s.clone(), l.clone()),
        None if key.is_empty() => ("—".to_string(), "Ej bedömt".to_string()),
        None => (String::new(), key.to_string()),
    };
    let result_rows = results
        .iter()
        .map(|r| {
            let computed = r.computed_share();
            let flag = match (computed, r.approved_share) {
                (Some(c), Some(p)) if domain::checks::round(c, 0) != domain::checks::round(p, 0) => {
                    Some(format!("beräknat {}\u{a0}%", c.present(1)))
                }
                _ => None,
            };
            ResultRow {
                // A part of a control by its name, after the control's number.
                item: match domain::control::part_label(r) {
                    Some(part) => format!("{} {part}", nr(r.item.split('#').next().unwrap_or(&r.item))),
                    None => nr(&r.item),
                },
                period: r.period.label_sv(),
                level: label(&r.level),
                reviewed: r.reviewed.map(|n| domain::sv::group_thousands(n.into())).unwrap_or_default(),
                deviations: r.deviations.map(|n| domain::sv::group_thousands(n.into())).unwrap_or_default(),
                share: match r.approved_share {
                    Some(p) => pct(Some(p)),
                    None => computed.map(|c| format!("{}\u{a0}%", c.present(1))).unwrap_or_default(),
                },
                flag,
                findings: r.findings.clone(),
            }
        })
        .collect();
    let level_keys: Vec<&str> = domain::control::year_results(&results, year).into_iter().map(|r| r.level.as_str()).collect();
    let mut years: Vec<i32> = results
        .iter()
        .filter_map(|r| match r.period {
            domain::period::Period::Year(y) if !r.item.contains('#') => Some(y),
            _ => None,
        })
        .collect();
    years.sort_unstable();
    years.dedup();
    let history = if years.len() > 1 {
        domain::control::history(&items, &results, &years)
            .into_iter()
            .map(|(key, cells)| {
                let what = items.iter().find(|i| i.key == key).map(|i| i.what.clone()).unwrap_or_default();
                let cells = cells
                    .into_iter()
                    .map(|c| match c {
                        Some(l) => label(&l),
                        None => ("—".to_string(), "ingen bedömning".to_string()),
                    })
                    .collect();
                (nr(&key), what, cells)
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut summary: Vec<(String, usize)> = count_levels(&plan.results, &level_keys).into_iter().map(|(l, n)| (l.to_string(), n)).collect();
    // Controls of the plan without a year's result are counted too, so that the summary covers
    // the whole plan (a control left out of the results is not silently missing).
    let rated: std::collections::HashSet<&str> =
        domain::control::year_results(&results, year).into_iter().map(|r| r.item.as_str()).collect();
    let unrated = items.iter().filter(|i| !rated.contains(i.key.as_str())).count();
    // A year's result without a level of the scale (entered, not yet judged) is counted as such.
    let unjudged = level_keys.iter().filter(|k| !plan.results.levels.iter().any(|(l, ..)| l == *k)).count();
    if unjudged > 0 {
        summary.push(("Ej bedömda".to_string(), unjudged));
    }
    if unrated > 0 {
        summary.push(("Utan helårsresultat".to_string(), unrated));
    }
    let action_rows: Vec<ActionRow> = actions
        .iter()
        .map(|a| ActionRow {
            id: a.id,
            item: nr(&a.item),
            text: a.text.clone(),
            owner: a.owner.clone(),
            due: a.due.map(|d| d.to_string()).unwrap_or_default(),
            done: a.done,
            overdue: a.overdue(today),
        })
        .collect();
    let overdue = action_rows.iter().filter(|a| a.overdue).count();
    let who = Who::of(auth);
    Ok(PlanPage {
        shell: Shell::new(&format!("Intern kontroll {year}"), auth, Some(&m)).at(&format!("/k/{code}/internkontroll")),
        base: format!("/k/{code}/internkontroll/{year}"),
        year,
        decision: plan.decision.clone(),
        case_number: plan.case_number.clone(),
        adopted: plan.adopted.map(|d| d.to_string()).unwrap_or_default(),
        head_form: PlanHeadForm {
            beslut: plan.decision.clone(),
            diarienummer: plan.case_number.clone(),
            antagen: plan.adopted.map(|d| d.to_string()).unwrap_or_default(),
            analys: plan.analysis.clone(),
        },
        head_open: plan.decision.is_empty(),
        notice: None,
        items: items
            .iter()
            .map(|i| {
                let level = plan.thresholds.level(i.risk_value());
                ItemRow {
                    key: nr(&i.key),
                    perspective: i.perspective.clone(),
                    what: i.what.clone(),
                    risk: i.risk.clone(),
                    p: format!(
                        "{} {}",
                        i.probability,
                        plan.probability.label(i.probability).trim_start_matches(&format!("{}", i.probability))
                    ),
                    k: format!(
                        "{} {}",
                        i.consequence,
                        plan.consequence.label(i.consequence).trim_start_matches(&format!("{}", i.consequence))
                    ),
                    value: i.risk_value(),
                    level: (level.symbol(), level.label_sv()),
                    method: i.method.clone(),
                    responsible: i.responsible.clone(),
                }
            })
            .collect(),
        matrix,
        results: result_rows,
        summary,
        history_years: years,
        history,
        levels: plan.results.levels.iter().map(|(k, l, _)| (k.clone(), l.clone())).collect(),
        actions: action_rows,
        overdue,
        today: today.to_string(),
        net: plan
            .net_risks
            .iter()
            .map(|n| {
                (
                    n.risk.clone(),
                    plan.probability.label(n.probability),
                    plan.consequence.label(n.consequence),
                    risk_value(n.probability, n.consequence),
                    n.comment.clone(),
                )
            })
            .collect(),
        analysis: plan.analysis.clone(),
        may_write: who.belongs_to(code) && WRITERS.contains(&who.role),
        may_edit_plan: who.belongs_to(code) && crate::access::CONTROLLERS.contains(&who.role),
        item_keys: items
            .iter()
            .map(|i| (i.key.clone(), format!("{} – {}", nr(&i.key), i.what.chars().take(80).collect::<String>())))
            .collect(),
        error,
        publishing: Publishing::new(auth, code, published, format!("/k/{code}/internkontroll/{year}/publicering")),
        typed: ResultForm::default(),
        result_error: None,
        action_form: ActionForm::default(),
        action_error: None,
    })
}

/// GET /k/{kommun}/internkontroll/{ar}
pub async fn plan(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Html<String>, AppError> {
    let mut page = plan_view(&state, &auth, &code, year, None).await?;
    page.notice = crate::flash::take(&auth).await;
    render(page)
}

/// The result form.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ResultForm {
    kontroll: String,
    period: String,
    resultat: String,
    granskade: String,
    avvikelser: String,
    iakttagelser: String,
}

/// The plan's page again with a refused form as it was written, open, with the reason inside
/// it: `keep` puts the form and its reason on the page.
async fn refused_plan(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    year: i32,
    keep: impl FnOnce(&mut PlanPage),
) -> Result<Response, AppError> {
    let mut page = plan_view(state, auth, code, year, None).await?;
    keep(&mut page);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

/// POST /k/{kommun}/internkontroll/{ar}/resultat
pub async fn save_result(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<ResultForm>,
) -> Result<Response, AppError> {
    let Some((plan, items)) = store::control::plan(&state.store, &code, year).await? else {
        return Err(AppError::not_found(format!("Ingen internkontrollplan för {year}.")));
    };
    let refuse = |msg: String| {
        let f = f.clone();
        refused_plan(&state, &auth, &code, year, move |p| (p.typed, p.result_error) = (f, Some(msg)))
    };
    if !items.iter().any(|i| i.key == f.kontroll) {
        return refuse("Välj en kontroll.".into()).await;
    }
    let period = match Period::parse(if f.period.is_empty() { "" } else { &f.period })
        .ok()
        .or((f.period.is_empty()).then_some(Period::Year(year)))
    {
        // A control is reported on once its period has begun.
        Some(p) if p.year() == year && p.start() > state.clock.today() => {
            return refuse(format!(
                "Perioden {p} har inte börjat än (i dag är det {}): resultatet kan registreras när den har börjat.",
                state.clock.today()
            ))
            .await;
        }
        Some(p) if p.year() == year => p,
        Some(p) => return refuse(format!("Perioden {p} hör inte till {year}.")).await,
        None => {
            return refuse(format!(
                "Perioden \"{}\" går inte att läsa: skriv {year} (helår), {year}-06 (månad), {year}-Q1 (kvartal) eller {year}-T1 (tertial).",
                f.period
            ))
            .await;
        }
    };
    let count = |v: &str, what: &str| -> Result<Option<u32>, String> {
        // "1 000" with a space between the thousands is a number too.
        let digits: String = v.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
        if digits.is_empty() { Ok(None) } else { digits.parse().map(Some).map_err(|_| format!("{what}: \"{v}\" är inte ett antal.")) }
    };
    let (reviewed, deviations) = match (count(&f.granskade, "Granskade"), count(&f.avvikelser, "Avvikelser")) {
        (Ok(r), Ok(d)) if d.unwrap_or(0) <= r.unwrap_or(u32::MAX) => (r, d),
        (Err(e), _) | (_, Err(e)) => return refuse(e).await,
        _ => return refuse("Fler avvikelser än granskade.".into()).await,
    };
    // The findings are published with the plan's results.
    if let Some(why) = super::personnummer_refusal("Iakttagelserna", [f.iakttagelser.as_str()], "resultaten publiceras") {
        return refuse(why).await;
    }
    let mut result = ControlResult {
        item: f.kontroll.clone(),
        period,
        level: String::new(),
        reviewed,
        deviations,
        approved_share: None,
        findings: f.iakttagelser.trim().into(),
    };
    result.level = match plan.results.level(&f.resultat) {
        Some(l) => l.0.clone(),
        // No level chosen: rate from the counts with the plan's thresholds.
        None => match result.computed_share() {
            Some(s) => plan.results.rate(s).to_string(),
            None => return refuse("Välj ett resultat, eller ange granskade och avvikelser.".into()).await,
        },
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::control::save_result(&mut w, &code, year, &result).await?;
    w.commit().await?;
    crate::flash::set(&auth, "Resultatet är sparat.").await;
    Ok(Redirect::to(&format!("/k/{code}/internkontroll/{year}#resultat")).into_response())
}

/// The action form.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ActionForm {
    kontroll: String,
    atgard: String,
    ansvarig: String,
    senast: String,
}

/// POST /k/{kommun}/internkontroll/{ar}/atgard — an action, for one of the plan's controls or
/// for the plan as a whole.
pub async fn add_action(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<ActionForm>,
) -> Result<Response, AppError> {
    let Some((_, items)) = store::control::plan(&state.store, &code, year).await? else {
        return Err(AppError::not_found(format!("Ingen internkontrollplan för {year}.")));
    };
    let refuse = |msg: String| {
        let f = f.clone();
        refused_plan(&state, &auth, &code, year, move |p| (p.action_form, p.action_error) = (f, Some(msg)))
    };
    if !f.kontroll.is_empty() && !items.iter().any(|i| i.key == f.kontroll) {
        return refuse("Välj en av planens kontroller, eller ingen särskild.".into()).await;
    }
    if f.atgard.trim().is_empty() {
        return refuse("Beskriv åtgärden.".into()).await;
    }
    let due = match f.senast.trim() {
        "" => None,
        v => match Date::parse(v) {
            Ok(d) => Some(d),
            Err(_) => return refuse(super::date_refusal("Senast", v)).await,
        },
    };
    // Actions are published with the plan.
    if let Some(why) = super::personnummer_refusal("Åtgärden", [f.atgard.as_str(), f.ansvarig.as_str()], "åtgärderna publiceras") {
        return refuse(why).await;
    }
    let action = Action { id: 0, item: f.kontroll, text: f.atgard.trim().into(), owner: f.ansvarig.trim().into(), due, done: false };
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::control::add_action(&mut w, &code, year, &action).await?;
    w.commit().await?;
    crate::flash::set(&auth, "Åtgärden är tillagd.").await;
    Ok(Redirect::to(&format!("/k/{code}/internkontroll/{year}#atgarder")).into_response())
}

/// The plan head form.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PlanHeadForm {
    beslut: String,
    diarienummer: String,
    antagen: String,
    analys: String,
}

/// POST /k/{kommun}/internkontroll/{ar}/plan — the committee's decision on the year's plan (the
/// decision, case number, day adopted) and the year's analysis, audited.
pub async fn save_plan_head(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<PlanHeadForm>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let refused = |msg: String| {
        let f = f.clone();
        refused_plan(&state, &auth, &code, year, move |p| (p.head_form, p.head_open, p.error) = (f, true, Some(msg)))
    };
    let adopted = match f.antagen.trim() {
        "" => None,
        v => match Date::parse(v) {
            Ok(d) if d > state.clock.today() => {
                return refused(format!("Planen kan inte vara antagen {d}, en dag som inte har kommit.")).await;
            }
            Ok(d) if d.year() > year => return refused(format!("Planen för {year} antas före eller under {year}, inte {d}.")).await,
            Ok(d) => Some(d),
            Err(_) => return refused(super::date_refusal("Antagen", v)).await,
        },
    };
    // The plan and its analysis are published: no personnummer in them.
    if let Some(why) =
        super::personnummer_refusal("Texten", [&f.beslut, &f.diarienummer, &f.analys].map(String::as_str), "planen publiceras")
    {
        return refused(why).await;
    }
    let analysis = f.analys.replace("\r\n", "\n");
    let mut w = state.store.begin(&actor(&auth)).await?;
    let found =
        store::control::set_plan_head(&mut w, &code, year, f.beslut.trim(), f.diarienummer.trim(), adopted, analysis.trim()).await?;
    if !found {
        return Err(AppError::not_found(format!("Ingen internkontrollplan för {year}.")));
    }
    w.commit().await?;
    crate::flash::set(&auth, "Planens beslut och analys är sparade.").await;
    Ok(Redirect::to(&format!("/k/{code}/internkontroll/{year}")).into_response())
}

/// POST /k/{kommun}/internkontroll/{ar}/atgard/{id}/klar
pub async fn complete_action(state: State<AppState>, auth: AuthSession, path: Path<(String, i32, i64)>) -> Result<Redirect, AppError> {
    set_action_done(state, auth, path, true).await
}

/// POST /k/{kommun}/internkontroll/{ar}/atgard/{id}/oppna — an action marked done by mistake
/// is open again.
pub async fn reopen_action(state: State<AppState>, auth: AuthSession, path: Path<(String, i32, i64)>) -> Result<Redirect, AppError> {
    set_action_done(state, auth, path, false).await
}

async fn set_action_done(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, id)): Path<(String, i32, i64)>,
    done: bool,
) -> Result<Redirect, AppError> {
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::control::set_action_done(&mut w, &code, year, id, done).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/internkontroll/{year}#atgarder")))
}

#[derive(Template)]
#[template(path = "control/providers.html")]
struct ProvidersPage {
    shell: Shell,
    year: i32,
    activities: Vec<(String, u32, char, bool, bool, String, Vec<(String, String, String)>)>,
    total: u32,
    publishing: Publishing,
}

/// GET /k/{kommun}/privata-utforare/{ar}
pub async fn providers(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let none = || AppError::not_found(format!("{} har ingen publicerad plan för uppföljning av privata utförare för {year}.", m.name));
    let published = published_for(&state, &auth, &code, year, Area::Providers, none).await?;
    let (activities, suppliers) = store::control::providers(&state.store, &code, year).await?;
    if activities.is_empty() {
        return Err(AppError::not_found(format!("{} har ingen plan för uppföljning av privata utförare för {year}.", m.name)));
    }
    let total = activities.iter().map(|a| a.contracts).sum();
    let rows = activities
        .iter()
        .map(|a| {
            let s: Vec<(String, String, String)> = suppliers
                .iter()
                .filter(|s| s.activity == a.name)
                .map(|s| {
                    (
                        if s.name.is_empty() { "(leverantör ej namngiven)".into() } else { s.name.clone() },
                        s.from.map(|d| d.to_string()).unwrap_or_default(),
                        s.to.map(|d| d.to_string()).unwrap_or_else(|| "Tillsvidare".into()),
                    )
                })
                .collect();
            (a.name.clone(), a.contracts, a.risk_class, a.high_risk(), a.follow_up, a.frequency.clone(), s)
        })
        .collect();
    render(ProvidersPage {
        shell: Shell::new(&format!("Uppföljning av privata utförare {year}"), &auth, Some(&m)).at(&format!("/k/{code}/internkontroll")),
        year,
        activities: rows,
        total,
        publishing: Publishing::new(&auth, &code, published, format!("/k/{code}/privata-utforare/{year}/publicering")),
    })
}

/// POST /k/{kommun}/personal/{ar}/publicering
pub async fn publish_personnel(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<super::PublishForm>,
) -> Result<Redirect, AppError> {
    set_published(&state, &auth, &code, year, Area::Personnel, f.publish()).await?;
    Ok(Redirect::to(&format!("/k/{code}/personal/{year}")))
}

/// POST /k/{kommun}/internkontroll/{ar}/publicering
pub async fn publish_control(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<super::PublishForm>,
) -> Result<Redirect, AppError> {
    set_published(&state, &auth, &code, year, Area::Control, f.publish()).await?;
    Ok(Redirect::to(&format!("/k/{code}/internkontroll/{year}")))
}

/// POST /k/{kommun}/privata-utforare/{ar}/publicering
pub async fn publish_providers(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<super::PublishForm>,
) -> Result<Redirect, AppError> {
    set_published(&state, &auth, &code, year, Area::Providers, f.publish()).await?;
    Ok(Redirect::to(&format!("/k/{code}/privata-utforare/{year}")))
}
