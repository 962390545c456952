//! Quality management: the year's register of deviations with counts per type and harm, the
//! Lex Maria/Lex Sarah decisions and complaints; reporting a deviation; one deviation with its
//! classification and decision; the export that refuses personnummer.

use super::{actor, municipality_or_404, own_unit, render};
use crate::AppState;
use crate::access::Who;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::report::Quality;
use crate::shell::Shell;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::period::Date;
use domain::quality::*;
use serde::Deserialize;

use crate::access::{QUALITY_DECIDERS as DECIDERS, QUALITY_REPORTERS as REPORTERS};

#[derive(Template)]
#[template(path = "quality/index.html")]
struct IndexPage {
    shell: Shell,
    code: String,
    years: Vec<i32>,
    current: i32,
}

/// GET /k/{kommun}/kvalitet
pub async fn index(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let years = store::quality::years(&state.store, &code).await?;
    let current = state.clock.today().year();
    render(IndexPage {
        shell: Shell::new("Kvalitet och patientsäkerhet", &auth, Some(&m)).at(&format!("/k/{code}/kvalitet")),
        code,
        years,
        current,
    })
}

struct DeviationRow {
    id: String,
    date: String,
    unit: String,
    kind: String,
    harm: &'static str,
    law: &'static str,
    lex: String,
    status: &'static str,
    personal_data: bool,
}

/// A complaint or suggestion as the year page lists it.
struct ComplaintRow {
    id: String,
    received: String,
    unit: String,
    kind: String,
    subject: String,
    answered: String,
    /// "inom 10 dagar", "efter 14 dagar", "obesvarat (dag 12)".
    timeliness: String,
    /// Answered later than [`ANSWER_DAYS`], or unanswered past them.
    late: bool,
    outcome: String,
}

#[derive(Template)]
#[template(path = "quality/year.html")]
struct YearPage {
    shell: Shell,
    code: String,
    year: i32,
    may_report: bool,
    /// May open a deviation (its free text) and the CSV export.
    may_open: bool,
    harms: Vec<&'static str>,
    counts: Vec<(String, Vec<usize>, usize)>,
    harm_totals: Vec<usize>,
    total: usize,
    lex: [LexCount; 2],
    complaints: usize,
    complaints_late: usize,
    complaint_rows: Vec<ComplaintRow>,
    /// Why a form below the deviations was refused, and which: `klagomal` (a new complaint), a
    /// complaint's id, `egenkontroll` (a new self-inspection) or a self-inspection's key.
    form_error: Option<(String, String)>,
    /// The year's self-inspection programme with its results, by key.
    inspections: Vec<(String, SelfInspection)>,
    /// What the last change did ("Klagomålet är registrerat.").
    notice: Option<String>,
    today: String,
    /// Today, or the nearest day of the year shown: what a date of the year is offered as.
    day_of_year: String,
    rows: Vec<DeviationRow>,
    types: Vec<(String, String)>,
    units: Vec<String>,
    /// The unit a head of unit's account reports for (the form shows it instead of a field).
    own_unit: Option<String>,
    /// The report form's values: as the user sent them after a refusal, else the defaults.
    form: NewDeviation,
    error: Option<String>,
}

/// One deviation, if the caller may see it (a verksamhetschef tied to a unit sees that unit's
/// only); otherwise 404, as for one that does not exist.
async fn own_deviation(state: &AppState, auth: &AuthSession, code: &str, id: &str) -> Result<Deviation, AppError> {
    store::quality::deviation(&state.store, code, id)
        .await?
        .filter(|d| own_unit(auth).is_none_or(|u| d.unit == u))
        .ok_or_else(|| AppError::not_found(format!("Avvikelsen {id} finns inte.")))
}

/// The quality register as the caller may see it (the pages and the API).
pub(crate) async fn visible(state: &AppState, auth: &AuthSession, code: &str, year: i32) -> Result<Quality, AppError> {
    let mut q = Quality::load(&state.store, code, year).await?;
    if let Some(u) = own_unit(auth) {
        q.deviations.retain(|d| d.unit == u);
        q.complaints.retain(|c| c.unit == u);
        q.inspections.retain(|(_, i)| i.unit == u);
    }
    Ok(q)
}

async fn year_page(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    year: i32,
    sent: Option<NewDeviation>,
    error: Option<String>,
    form_error: Option<(String, String)>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(state, code).await?;
    let who = Who::of(auth);
    let q = visible(state, auth, code, year).await?;
    let all: Vec<&Deviation> = q.deviations.iter().collect();
    let counts: Vec<(String, Vec<usize>, usize)> =
        counts_by_type(&all, &q.types).into_iter().map(|(n, c)| (n, c.to_vec(), c.iter().sum())).collect();
    let lex = lex_counts(&q.deviations);
    let type_name = |k: &str| q.types.iter().find(|(kk, _)| kk == k).map(|(_, n)| n.clone()).unwrap_or_else(|| k.to_string());
    // The organisation's units are suggested, with those the register already names.
    let org = store::org::organisation(&state.store, code).await?;
    let mut units: Vec<String> = org.units().iter().map(|u| u.name.clone()).chain(q.deviations.iter().map(|d| d.unit.clone())).collect();
    units.sort_by(|a, b| domain::sv::collate(a, b));
    units.dedup();
    let today = state.clock.today();
    let day_of_year = match today.year().cmp(&year) {
        std::cmp::Ordering::Equal => today.to_string(),
        std::cmp::Ordering::Greater => format!("{year}-12-31"),
        std::cmp::Ordering::Less => format!("{year}-01-01"),
    };
    render(YearPage {
        shell: Shell::new(&format!("Avvikelser och patientsäkerhet {year}"), auth, Some(&m)).at(&format!("/k/{code}/kvalitet")),
        code: code.to_string(),
        year,
        may_report: REPORTERS.contains(&who.role) && who.belongs_to(code),
        may_open: REPORTERS.contains(&who.role),
        harms: Harm::ALL.iter().map(|h| h.label_sv()).collect(),
        total: all.len(),
        harm_totals: (0..4).map(|h| counts.iter().map(|(_, c, _)| c[h]).sum()).collect(),
        counts,
        lex,
        complaints: q.complaints.len(),
        complaints_late: q.complaints.iter().filter(|c| c.answered_in_time() == Some(false)).count(),
        complaint_rows: q
            .complaints
            .iter()
            .rev()
            .map(|c| {
                let today = state.clock.today();
                let (days, late) = (c.days_open(today), c.late_on(today));
                let timeliness = match (c.answered, late) {
                    (Some(_), false) => format!("inom {ANSWER_DAYS} dagar"),
                    (Some(_), true) => format!("efter {days} dagar"),
                    (None, _) => format!("obesvarat (dag {days})"),
                };
                ComplaintRow {
                    id: c.id.clone(),
                    received: c.received.to_string(),
                    unit: c.unit.clone(),
                    kind: c.kind.clone(),
                    subject: c.subject.clone(),
                    answered: c.answered.map(|a| a.to_string()).unwrap_or_default(),
                    timeliness,
                    late,
                    // What came of a complaint may tell of a person: for those who handle them.
                    outcome: if REPORTERS.contains(&who.role) { c.outcome.clone() } else { String::new() },
                }
            })
            .collect(),
        form_error,
        inspections: q.inspections.clone(),
        notice: crate::flash::take(auth).await,
        today: today.to_string(),
        day_of_year: day_of_year.clone(),
        rows: q
            .deviations
            .iter()
            .rev()
            .map(|d| DeviationRow {
                id: d.id.clone(),
                date: d.date.to_string(),
                unit: d.unit.clone(),
                kind: type_name(&d.kind),
                harm: d.harm.label_sv(),
                law: d.law.key(),
                lex: match (&d.lex, &d.decision) {
                    (None, _) => String::new(),
                    (Some(l), None) => format!("Möjligt {}-ärende, beslut saknas", l.label_sv()),
                    (Some(l), Some(x)) => {
                        format!("{}: {} ({}, {})", l.label_sv(), if x.report { "anmäls" } else { "anmäls inte" }, x.by, x.date)
                    }
                },
                status: d.status.label_sv(),
                personal_data: d.texts().iter().any(|t| !looks_like_personnummer(t).is_empty()),
            })
            .collect(),
        types: q.types.clone(),
        form: sent.unwrap_or_else(|| NewDeviation {
            datum: day_of_year.clone(),
            enhet: units.first().cloned().unwrap_or_default(),
            ..NewDeviation::default()
        }),
        units,
        own_unit: own_unit(auth),
        error,
    })
}

/// GET /k/{kommun}/kvalitet/{ar}
pub async fn year(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Html<String>, AppError> {
    year_page(&state, &auth, &code, year, None, None, None).await
}

/// The report form.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewDeviation {
    datum: String,
    enhet: String,
    typ: String,
    allvarlighet: String,
    omrade: String,
    beskrivning: String,
}

/// The unit as the register names it: a name typed with other capitals or spaces than a unit of
/// the organisation or the year's register (deviations, complaints, self-inspections) is that
/// unit, so that statistics do not split one unit under two names. A head of unit reports for
/// the own unit.
async fn unit_named(state: &AppState, auth: &AuthSession, code: &str, q: &Quality, typed: &str) -> Result<String, AppError> {
    if let Some(u) = own_unit(auth) {
        return Ok(u);
    }
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let typed = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    let org = store::org::organisation(&state.store, code).await?;
    let known = org
        .units()
        .iter()
        .map(|u| u.name.clone())
        .chain(q.deviations.iter().map(|d| d.unit.clone()))
        .chain(q.complaints.iter().map(|c| c.unit.clone()))
        .chain(q.inspections.iter().map(|(_, i)| i.unit.clone()));
    let wanted = fold(&typed);
    Ok(known.into_iter().find(|k| fold(k) == wanted).unwrap_or(typed))
}

/// POST /k/{kommun}/kvalitet/{ar}/avvikelser — reports a deviation.
pub async fn report(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(mut f): Form<NewDeviation>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let q = Quality::load(&state.store, &code, year).await?;
    let today = state.clock.today();
    // A head of unit reports for the own unit (the form shows it instead of a field).
    if let Some(u) = own_unit(&auth) {
        f.enhet = u;
    }
    let written = Date::parse(f.datum.trim());
    let date = written.as_ref().ok().copied().filter(|d| d.year() == year && *d <= today);
    let (harm, law) = (Harm::parse(&f.allvarlighet), CareLaw::parse(&f.omrade));
    let problem = if written.is_err() && !f.datum.trim().is_empty() {
        Some(super::date_refusal("Datum", &f.datum))
    } else if date.is_none() {
        Some(format!("Datum ska vara ett datum under {year}, senast i dag (ÅÅÅÅ-MM-DD)."))
    } else if !looks_like_personnummer(&f.beskrivning).is_empty() {
        Some("Beskrivningen får inte innehålla personnummer: beskriv händelsen utan att nämna vem den gäller.".to_string())
    } else if harm.is_none() || law.is_none() {
        Some("Välj allvarlighet och lagrum (HSL, SoL eller LSS).".to_string())
    } else if f.enhet.trim().is_empty() || f.beskrivning.trim().is_empty() || !q.types.iter().any(|(k, _)| *k == f.typ) {
        let missing: Vec<&str> = [
            (f.enhet.trim().is_empty(), "enhet"),
            (!q.types.iter().any(|(k, _)| *k == f.typ), "typ"),
            (f.beskrivning.trim().is_empty(), "en beskrivning av vad som hände"),
        ]
        .iter()
        .filter(|(m, _)| *m)
        .map(|(_, w)| *w)
        .collect();
        Some(format!("Ange {}.", domain::sv::join_and(&missing)))
    } else {
        None
    };
    let (Some(date), Some(harm), Some(law), None) = (date, harm, law, &problem) else {
        let error = Some(format!("Inget sparades. {}", problem.unwrap_or_default()));
        let page = year_page(&state, &auth, &code, year, Some(f), error, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    // The number is taken in the transaction that saves it, so two reports never get the same.
    let mut w = state.store.begin(&actor(&auth)).await?;
    let d = Deviation {
        id: store::quality::next_deviation_id(&mut w, &code, year).await?,
        date,
        unit: unit_named(&state, &auth, &code, &q, &f.enhet).await?,
        kind: f.typ,
        harm,
        law,
        description: f.beskrivning.trim().to_string(),
        investigation: String::new(),
        actions: String::new(),
        lex: None,
        decision: None,
        status: Status::Open,
    };
    store::quality::save_deviation(&mut w, &code, &d).await?;
    w.commit().await?;
    crate::flash::set(&auth, &format!("Avvikelsen {} är rapporterad.", d.id)).await;
    Ok(Redirect::to(&format!("/k/{code}/kvalitet/avvikelse/{}", d.id)).into_response())
}

/// The complaint form: received on, unit, klagomål or synpunkt.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewComplaint {
    datum: String,
    enhet: String,
    typ: String,
    galler: String,
}

/// POST /k/{kommun}/kvalitet/{ar}/klagomal — registers a complaint or suggestion (numbered
/// K{year}-NNN in the transaction that saves it).
pub async fn register_complaint(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<NewComplaint>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let today = state.clock.today();
    let received = Date::parse(f.datum.trim()).ok().filter(|d| d.year() == year && *d <= today);
    let q = Quality::load(&state.store, &code, year).await?;
    let unit = unit_named(&state, &auth, &code, &q, &f.enhet).await?;
    let problem = if received.is_none() {
        Some(format!("Mottaget ska vara ett datum under {year}, senast i dag (ÅÅÅÅ-MM-DD)."))
    } else if unit.is_empty() || !COMPLAINT_KINDS.contains(&f.typ.as_str()) {
        Some("Ange enhet och om det är ett klagomål eller en synpunkt.".to_string())
    } else if f.galler.trim().is_empty() {
        Some("Ange kort vad klagomålet eller synpunkten gäller (utan namn).".to_string())
    } else if !looks_like_personnummer(&f.galler).is_empty() {
        Some("Vad det gäller får inte innehålla personnummer: beskriv ärendet utan att nämna vem det gäller.".to_string())
    } else {
        None
    };
    let (Some(received), None) = (received, &problem) else {
        return refused_form(&state, &auth, &code, year, "klagomal", problem.unwrap_or_default()).await;
    };
    let c = Complaint {
        id: String::new(),
        received,
        unit,
        kind: f.typ,
        subject: f.galler.trim().to_string(),
        answered: None,
        outcome: String::new(),
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::quality::add_complaint(&mut w, &code, c).await?;
    w.commit().await?;
    crate::flash::set(&auth, "Klagomålet är registrerat.").await;
    Ok(Redirect::to(&format!("/k/{code}/kvalitet/{year}#klagomal")).into_response())
}

/// The answer form: answered on, and what came of it.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ComplaintAnswer {
    besvarat: String,
    utfall: String,
    /// `ja`: a correction of an answer already registered.
    ratta: String,
}

/// POST /k/{kommun}/kvalitet/{ar}/klagomal/{id}/svar — records when a complaint was answered
/// and what came of it.
pub async fn answer_complaint(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, id)): Path<(String, i32, String)>,
    Form(f): Form<ComplaintAnswer>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let Some(answered) = Date::parse(f.besvarat.trim()).ok().filter(|d| *d <= state.clock.today()) else {
        return refused_form(&state, &auth, &code, year, &id, "Besvarat ska vara ett datum, senast i dag (ÅÅÅÅ-MM-DD).".into()).await;
    };
    if !looks_like_personnummer(&f.utfall).is_empty() {
        return refused_form(&state, &auth, &code, year, &id, "Utfallet får inte innehålla personnummer.".into()).await;
    }
    let unit = own_unit(&auth);
    let may = |c: &Complaint| c.received.year() == year && unit.as_ref().is_none_or(|u| c.unit == *u);
    let mut w = state.store.begin(&actor(&auth)).await?;
    match store::quality::answer_complaint(&mut w, &code, &id, answered, f.utfall.trim(), f.ratta == "ja", may).await {
        Ok(Some(_)) => w.commit().await?,
        Ok(None) => return Err(AppError::not_found(format!("Klagomålet {id} finns inte."))),
        Err(store::Error::Conflict(why)) => {
            drop(w);
            return refused_form(&state, &auth, &code, year, &id, why).await;
        }
        Err(e) => return Err(e.into()),
    }
    crate::flash::set(&auth, "Svaret är registrerat.").await;
    Ok(Redirect::to(&format!("/k/{code}/kvalitet/{year}#klagomal")).into_response())
}

/// A self-inspection added to the year's programme.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewInspection {
    kontroll: String,
    beskrivning: String,
    enhet: String,
    frekvens: String,
}

/// POST /k/{kommun}/kvalitet/{ar}/egenkontroller — adds a control to the year's programme.
pub async fn add_inspection(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<NewInspection>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    if f.kontroll.trim().is_empty() || (f.enhet.trim().is_empty() && own_unit(&auth).is_none()) {
        return refused_form(&state, &auth, &code, year, "egenkontroll", "Ange kontrollen och enheten.".into()).await;
    }
    let q = Quality::load(&state.store, &code, year).await?;
    let i = SelfInspection {
        control: f.kontroll.trim().into(),
        description: f.beskrivning.trim().into(),
        // A head of unit adds to the own unit's programme only.
        unit: unit_named(&state, &auth, &code, &q, &f.enhet).await?,
        frequency: f.frekvens.trim().into(),
        result: String::new(),
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::quality::add_inspection(&mut w, &code, year, &i).await?;
    w.commit().await?;
    crate::flash::set(&auth, "Egenkontrollen är tillagd i programmet.").await;
    Ok(Redirect::to(&format!("/k/{code}/kvalitet/{year}#egenkontroller")).into_response())
}

/// The result of a self-inspection.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InspectionResult {
    resultat: String,
}

/// POST /k/{kommun}/kvalitet/{ar}/egenkontroller/{nr}/resultat — records the year's result of a
/// self-inspection (what the patient safety report prints).
pub async fn inspection_result(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, key)): Path<(String, i32, String)>,
    Form(f): Form<InspectionResult>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    if f.resultat.trim().is_empty() {
        return refused_form(&state, &auth, &code, year, &key, "Skriv resultatet.".into()).await;
    }
    let unit = own_unit(&auth);
    let may = |i: &SelfInspection| unit.as_ref().is_none_or(|u| i.unit == *u);
    let result = f.resultat.trim().replace("\r\n", "\n");
    let mut w = state.store.begin(&actor(&auth)).await?;
    if store::quality::set_inspection_result(&mut w, &code, year, &key, &result, may).await?.is_none() {
        return Err(AppError::not_found(format!("Egenkontrollen {key} finns inte.")));
    }
    w.commit().await?;
    crate::flash::set(&auth, "Egenkontrollens resultat är sparat.").await;
    Ok(Redirect::to(&format!("/k/{code}/kvalitet/{year}#egenkontroller")).into_response())
}

/// A grant as the re-reporting page shows it.
struct GrantView {
    key: String,
    name: String,
    received: String,
    used: String,
    /// The used amount as the form writes it (kronor).
    used_kr: String,
    /// Σ of the insatser's used amounts, when any give one.
    insats_sum: String,
    /// How the insatser's sum differs from the amount used, when both are given and differ.
    mismatch: String,
    /// (label, date, "om 12 dagar" / "passerad"), for the deadlines given.
    deadlines: Vec<(&'static str, String, String)>,
    insatser: Vec<InsatsView>,
}

/// An insats as the page shows it.
struct InsatsView {
    number: u32,
    content: String,
    unit: String,
    used: String,
    partners: String,
    target_group: String,
    goal: String,
    result: String,
}

#[derive(Template)]
#[template(path = "quality/grants.html")]
struct GrantsPage {
    shell: Shell,
    code: String,
    year: i32,
    may_edit: bool,
    grants: Vec<GrantView>,
    error: Option<String>,
}

/// Who reports grants back: controllers and heads of operations.
const GRANT_REPORTERS: &[domain::role::Role] = crate::access::CONTROL_WRITERS;

async fn grants_page(state: &AppState, auth: &AuthSession, code: &str, year: i32, error: Option<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(state, code).await?;
    let who = Who::of(auth);
    let q = Quality::load(&state.store, code, year).await?;
    let today = state.clock.today();
    let kr = |o: domain::money::Ore| format!("{} kr", o.present(domain::money::Scale::Kr, 0));
    let grants = q
        .grants
        .iter()
        .map(|g| {
            let list: Vec<&GrantInsats> = q.insatser.iter().filter(|i| i.grant == g.key).collect();
            let sum: Option<domain::money::Ore> = list.iter().filter_map(|i| i.used).reduce(|a, b| a + b);
            let deadline = |label: &'static str, d: Option<Date>| {
                d.map(|d| {
                    let days = today.days_until(d);
                    (label, d.to_string(), if days < 0 { "passerad".to_string() } else { format!("om {days} dagar") })
                })
            };
            GrantView {
                key: g.key.clone(),
                name: g.name.clone(),
                received: kr(g.received),
                used: g.used.map(kr).unwrap_or_default(),
                used_kr: g
                    .used
                    .map(|u| u.present(domain::money::Scale::Kr, 0).replace(['\u{a0}', ' '], "").replace('\u{2212}', "-"))
                    .unwrap_or_default(),
                insats_sum: sum.map(kr).unwrap_or_default(),
                mismatch: match (sum, g.used) {
                    (Some(s), Some(u)) if s > u => format!("{} mer än använt", kr(s - u)),
                    (Some(s), Some(u)) if s < u => format!("{} mindre än använt", kr(u - s)),
                    _ => String::new(),
                },
                deadlines: [
                    deadline("Regional återrapportering", g.regional_deadline),
                    deadline("Nationell återrapportering", g.national_deadline),
                    deadline("Rapport till regeringen", g.government_deadline),
                ]
                .into_iter()
                .flatten()
                .collect(),
                insatser: list
                    .into_iter()
                    .map(|i| InsatsView {
                        number: i.number,
                        content: i.content.clone(),
                        unit: i.unit.clone(),
                        used: i.used.map(kr).unwrap_or_default(),
                        partners: i.partners.clone(),
                        target_group: i.target_group.clone(),
                        goal: i.goal.clone(),
                        result: i.result.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    render(GrantsPage {
        shell: Shell::new(&format!("Återrapportering av statsbidrag {year}"), auth, Some(&m)).at(&format!("/k/{code}/kvalitet")),
        code: code.to_string(),
        year,
        may_edit: who.belongs_to(code) && GRANT_REPORTERS.contains(&who.role),
        grants,
        error,
    })
}

/// GET /k/{kommun}/kvalitet/{ar}/aterrapportering — the year's grants to report back, with their
/// insatser and deadlines.
pub async fn grants(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Html<String>, AppError> {
    grants_page(&state, &auth, &code, year, None).await
}

/// The year's re-reporting page with a refusal, nothing saved.
async fn refused_grant(state: &AppState, auth: &AuthSession, code: &str, year: i32, why: String) -> Result<Response, AppError> {
    let page = grants_page(state, auth, code, year, Some(format!("Inget sparades. {why}"))).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// An amount in kronor from a form: empty is `None`.
fn form_kr(v: &str) -> Result<Option<domain::money::Ore>, String> {
    match v.trim() {
        "" => Ok(None),
        v => domain::money::Ore::parse_kr(v)
            .map(Some)
            .ok_or_else(|| format!("\"{v}\" är inget belopp i kronor (som 125000 eller 1 250,50).")),
    }
}

/// The used amount of a grant.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct GrantUsed {
    anvant: String,
}

/// POST /k/{kommun}/kvalitet/{ar}/aterrapportering/{bidrag} — how much of a grant was used.
pub async fn grant_used(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, grant)): Path<(String, i32, String)>,
    Form(f): Form<GrantUsed>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    // The grant as a whole is the committee's: a head of unit reports the own unit's insatser.
    if own_unit(&auth).is_some() {
        return Err(AppError::forbidden_because("Hur mycket av bidraget som använts redovisas av controller."));
    }
    let used = match form_kr(&f.anvant) {
        Ok(u) => u,
        Err(why) => return refused_grant(&state, &auth, &code, year, format!("Använt: {why}")).await,
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    if store::quality::set_grant_used(&mut w, &code, year, &grant, used).await?.is_none() {
        return Err(AppError::not_found(format!("Bidraget {grant} finns inte för {year}.")));
    }
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/kvalitet/{year}/aterrapportering#g-{grant}")).into_response())
}

/// An insats of a grant's re-report.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InsatsForm {
    nr: String,
    innehall: String,
    enhet: String,
    anvant: String,
    samverkan: String,
    malgrupp: String,
    mal: String,
    resultat: String,
}

/// POST /k/{kommun}/kvalitet/{ar}/aterrapportering/{bidrag}/insats — reports an insats (a new
/// one, or the one with the number given, replaced).
pub async fn save_insats(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, grant)): Path<(String, i32, String)>,
    Form(f): Form<InsatsForm>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let number = match f.nr.trim() {
        "" => 0,
        n => match n.parse::<u32>() {
            Ok(n) if n >= 1 => n,
            _ => return refused_grant(&state, &auth, &code, year, format!("Nummer: \"{n}\" ska vara 1–{MAX_INSATSER}.")).await,
        },
    };
    let used = match form_kr(&f.anvant) {
        Ok(u) => u,
        Err(why) => return refused_grant(&state, &auth, &code, year, format!("Använt: {why}")).await,
    };
    let i = GrantInsats {
        grant: grant.clone(),
        number,
        content: f.innehall.trim().into(),
        // A head of unit reports the own unit's insatser.
        unit: own_unit(&auth).unwrap_or_else(|| f.enhet.trim().into()),
        used,
        partners: f.samverkan.trim().into(),
        target_group: f.malgrupp.trim().into(),
        goal: f.mal.trim().into(),
        result: f.resultat.trim().replace("\r\n", "\n"),
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    let unit = own_unit(&auth);
    let may = |x: &GrantInsats| unit.as_ref().is_none_or(|u| x.unit == *u);
    match store::quality::save_insats(&mut w, &code, year, i, may).await {
        Ok(_) => w.commit().await?,
        Err(store::Error::Conflict(why)) => {
            drop(w);
            return refused_grant(&state, &auth, &code, year, why).await;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("/k/{code}/kvalitet/{year}/aterrapportering#g-{grant}")).into_response())
}

/// The year page with a form's refusal (see `YearPage::form_error`), nothing saved.
async fn refused_form(state: &AppState, auth: &AuthSession, code: &str, year: i32, form: &str, why: String) -> Result<Response, AppError> {
    let page = year_page(state, auth, code, year, None, None, Some((form.to_string(), format!("Inget sparades. {why}")))).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Template)]
#[template(path = "quality/deviation.html")]
struct DeviationPage {
    shell: Shell,
    code: String,
    d: Deviation,
    kind: String,
    lex_of_law: &'static str,
    may_classify: bool,
    may_decide: bool,
    /// Who decides on this case, as the decision form offers it ("MAS", "Verksamhetschef").
    decider: &'static str,
    personal_data: Vec<String>,
    today: String,
    /// [`version`] of `d`, carried by its forms.
    version: String,
    error: Option<String>,
    /// What the last change did ("Avvikelsen A2023-004 är rapporterad.").
    notice: Option<String>,
}

async fn deviation_page(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    id: &str,
    error: Option<String>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(state, code).await?;
    let d = own_deviation(state, auth, code, id).await?;
    let who = Who::of(auth);
    let q = Quality::load(&state.store, code, d.date.year()).await?;
    let own = who.belongs_to(code);
    render(DeviationPage {
        shell: Shell::new(&format!("Avvikelse {}", d.id), auth, Some(&m)).at(&format!("/k/{code}/kvalitet")),
        code: code.to_string(),
        kind: q.types.iter().find(|(k, _)| *k == d.kind).map(|(_, n)| n.clone()).unwrap_or_else(|| d.kind.clone()),
        lex_of_law: d.law.lex().label_sv(),
        may_classify: own && REPORTERS.contains(&who.role),
        may_decide: own && DECIDERS.contains(&who.role) && d.lex.is_some_and(|l| crate::access::lex_decider(who.role, l)),
        decider: match d.lex {
            Some(domain::quality::Lex::Sarah) => "Verksamhetschef",
            _ => "MAS",
        },
        personal_data: d.texts().iter().flat_map(|t| looks_like_personnummer(t)).collect(),
        today: state.clock.today().to_string(),
        version: version(&d),
        d,
        error,
        notice: crate::flash::take(auth).await,
    })
}

/// GET /k/{kommun}/kvalitet/avvikelse/{id}
pub async fn deviation(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    deviation_page(&state, &auth, &code, &id, None).await
}

/// The classification form: `lex=ja` marks a possible Lex Maria/Lex Sarah case (by the law
/// of the care), `lex=nej` takes it back (only before a decision).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LexForm {
    lex: String,
    utredning: String,
    atgarder: String,
    /// The [`version`] of the deviation the form was filled in on.
    version: String,
}

/// A short fingerprint of a deviation as stored: a form carries the one it was shown with, so
/// that saving over someone else's later change is refused instead of undoing it.
fn version(d: &Deviation) -> String {
    let text = serde_json::to_string(d).unwrap_or_default();
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
    format!("{h:016x}")
}

/// The refusal when the deviation changed after the form was shown.
fn changed_since(d: &Deviation, sent: &str) -> Option<String> {
    (!sent.is_empty() && sent != version(d))
        .then(|| format!("Avvikelse {} har ändrats av någon annan sedan du öppnade den. Läs det nya och gör din ändring på nytt.", d.id))
}

async fn refuse(state: &AppState, auth: &AuthSession, code: &str, id: &str, m: String) -> Result<Response, AppError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, deviation_page(state, auth, code, id, Some(format!("Inget sparades. {m}"))).await?)
        .into_response())
}

/// Saves a deviation changed from `read` and returns to it, or shows why not (someone else
/// changed it in between).
async fn save_changed(state: &AppState, auth: &AuthSession, code: &str, read: &Deviation, d: &Deviation) -> Result<Response, AppError> {
    let mut w = state.store.begin(&actor(auth)).await?;
    match store::quality::update_deviation(&mut w, code, read, d).await {
        Err(store::Error::Conflict(m)) => {
            drop(w);
            refuse(state, auth, code, &d.id, m).await
        }
        r => {
            r?;
            w.commit().await?;
            crate::flash::set(auth, "Ändringen är sparad.").await;
            Ok(Redirect::to(&format!("/k/{code}/kvalitet/avvikelse/{}", d.id)).into_response())
        }
    }
}

/// POST /k/{kommun}/kvalitet/avvikelse/{id}/lex
pub async fn classify(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Form(f): Form<LexForm>,
) -> Result<Response, AppError> {
    let read = own_deviation(&state, &auth, &code, &id).await?;
    if let Some(m) = changed_since(&read, f.version.trim()) {
        return refuse(&state, &auth, &code, &id, m).await;
    }
    let mut d = read.clone();
    match f.lex.as_str() {
        "ja" => d.lex = Some(d.law.lex()),
        "nej" if d.decision.is_none() => d.lex = None,
        "nej" => return refuse(&state, &auth, &code, &id, "Det finns redan ett beslut; bedömningen kan inte tas tillbaka.".into()).await,
        _ => return refuse(&state, &auth, &code, &id, "Välj om avvikelsen kan vara ett Lex Maria- eller Lex Sarah-ärende.".into()).await,
    }
    if [&f.utredning, &f.atgarder].iter().any(|t| !looks_like_personnummer(t).is_empty()) {
        return refuse(&state, &auth, &code, &id, "Utredningen och åtgärderna får inte innehålla personnummer.".into()).await;
    }
    if !f.utredning.trim().is_empty() {
        d.investigation = f.utredning.trim().to_string();
    }
    if !f.atgarder.trim().is_empty() {
        d.actions = f.atgarder.trim().to_string();
    }
    if d.status == Status::Open {
        d.status = Status::Investigating;
    }
    save_changed(&state, &auth, &code, &read, &d).await
}

/// The decision form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    anmals: String,
    datum: String,
    beslutad_av: String,
    /// See [`LexForm`].
    version: String,
}

/// POST /k/{kommun}/kvalitet/avvikelse/{id}/beslut — the decision whether to report to IVO;
/// the deviation is then closed.
pub async fn decide(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let read = own_deviation(&state, &auth, &code, &id).await?;
    if let Some(m) = changed_since(&read, f.version.trim()) {
        return refuse(&state, &auth, &code, &id, m).await;
    }
    let mut d = read.clone();
    let Some(lex) = d.lex else {
        return refuse(&state, &auth, &code, &id, "Avvikelsen är inte bedömd som ett möjligt Lex Maria- eller Lex Sarah-ärende.".into())
            .await;
    };
    if !crate::access::lex_decider(Who::of(&auth).role, lex) {
        let who = if lex == domain::quality::Lex::Maria { "MAS" } else { "verksamhetschefen" };
        return refuse(&state, &auth, &code, &id, format!("Beslut om anmälan enligt {} fattas av {who}.", lex.label_sv())).await;
    }
    let report = match f.anmals.as_str() {
        "ja" => true,
        "nej" => false,
        _ => return refuse(&state, &auth, &code, &id, "Välj om ärendet anmäls till IVO.".into()).await,
    };
    let Ok(date) = Date::parse(f.datum.trim()) else {
        return refuse(&state, &auth, &code, &id, "Ange beslutsdatum (ÅÅÅÅ-MM-DD).".into()).await;
    };
    // A decision is registered once it is taken, and never before what it decides on.
    let today = state.clock.today();
    if date > today {
        let why = format!("Beslutsdatum {date} har inte kommit än: ange beslutets datum, senast i dag ({today}).");
        return refuse(&state, &auth, &code, &id, why).await;
    }
    if date < read.date {
        let why = format!("Beslutsdatum {date} är före avvikelsen ({}): ange beslutets datum.", read.date);
        return refuse(&state, &auth, &code, &id, why).await;
    }
    d.decision = Some(LexDecision { report, date, by: f.beslutad_av.trim().to_string() });
    d.status = Status::Closed;
    if let Err(e) = d.validate() {
        return refuse(&state, &auth, &code, &id, e.0).await;
    }
    save_changed(&state, &auth, &code, &read, &d).await
}

/// GET /k/{kommun}/kvalitet/{ar}/avvikelser.csv — the year's deviations for use outside the
/// unit; refused (with the ids) while any free text holds a personnummer.
pub async fn export(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let q = visible(&state, &auth, &code, year).await?;
    let bad: Vec<&str> =
        q.deviations.iter().filter(|d| d.texts().iter().any(|t| !looks_like_personnummer(t).is_empty())).map(|d| d.id.as_str()).collect();
    if !bad.is_empty() {
        return Err(AppError::unprocessable(format!(
            "Exporten stoppades: fritexten i {} innehåller personnummer. Ta bort personuppgifterna ur avvikelsen först.",
            bad.join(", ")
        )));
    }
    let header = [
        "id",
        "datum",
        "enhet",
        "typ",
        "allvarlighet",
        "område",
        "beskrivning",
        "utredning",
        "åtgärder",
        "lex",
        "lex_bedömning",
        "lex_beslutsdatum",
        "lex_beslutad_av",
        "status",
    ];
    let mut rows = Vec::new();
    for d in &q.deviations {
        let (b, dd, by) = match &d.decision {
            Some(x) => ((if x.report { "anmäls" } else { "anmäls inte" }).to_string(), x.date.to_string(), x.by.clone()),
            None => (String::new(), String::new(), String::new()),
        };
        let lex = match d.lex {
            Some(Lex::Maria) => "maria",
            Some(Lex::Sarah) => "sarah",
            None => "",
        };
        let row = [
            d.id.as_str(),
            &d.date.to_string(),
            &d.unit,
            &d.kind,
            d.harm.key(),
            d.law.key(),
            &d.description,
            &d.investigation,
            &d.actions,
            lex,
            &b,
            &dd,
            &by,
            d.status.label_sv(),
        ];
        rows.push(row.iter().map(|c| c.to_string()).collect());
    }
    let csv = ::render::csv_text(&header, &rows);
    Ok(super::evb::download(csv.into_bytes(), "csv", &format!("avvikelser-{code}-{year}")))
}
