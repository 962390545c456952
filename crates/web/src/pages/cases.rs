//! The diarium: cases with their documents, registering a case (the next serial of the series
//! and year), adding a document. The register is public (offentlighetsprincipen), as the public
//! may read it: a secret case its register entry without documents or treatment, a secret
//! document not its title, no document its sender or recipient (a social-services diarium holds
//! matters about individuals), and a decision only once its protocol is posted (anslaget).

use super::{actor, municipality_or_404, render};
use crate::AppState;
use crate::access::Who;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::cases::*;
use domain::period::Date;
use serde::Deserialize;

/// `?q=` filters by number or title.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
}

#[derive(Template)]
#[template(path = "cases/index.html")]
struct IndexPage {
    shell: Shell,
    code: String,
    q: String,
    rows: Vec<(String, String, String, String, String, &'static str)>,
    may_register: bool,
    /// The registration form's values: as sent after a refusal, else the defaults.
    form: RegisterForm,
    error: Option<String>,
    /// How a new case's number is written, by an example ("VSN 2026/1").
    number_example: String,
}

/// How the municipality's next case is numbered ([`new_form`]), from its cases as stored.
fn form_of_new(m: &domain::org::Municipality, cases: &[Case]) -> (Grammar, String) {
    new_form(&m.case_form, cases.first().map(|c| &c.number))
}

/// The number the next case registered in `year` gets, in the municipality's form: the example
/// a form's field shows ("VSN 2026/42").
fn next_number(m: &domain::org::Municipality, cases: &[Case], year: i32) -> CaseNumber {
    let (grammar, series) = form_of_new(m, cases);
    let used: Vec<u32> = cases.iter().filter(|c| c.number.series == series && c.number.year == year).map(|c| c.number.serial).collect();
    CaseNumber { unit: None, series, year, serial: next_serial(&used), class: None, grammar }
}

/// [`next_number`] from the store: what a field for a case number shows as its example.
pub(crate) async fn number_example(state: &AppState, m: &domain::org::Municipality, year: i32) -> Result<String, AppError> {
    Ok(next_number(m, &store::cases::cases(&state.store, m.code.as_str()).await?, year).to_string())
}

/// A case's address below `/diarium/`: `SN/2023/10`, or with its number's unit `EH-SOC/2023/205`
/// (the unit is part of the case's identity).
pub(crate) fn path_of(n: &CaseNumber) -> String {
    match &n.unit {
        Some(u) => format!("{u}-{}/{}/{}", n.series, n.year, n.serial),
        None => format!("{}/{}/{}", n.series, n.year, n.serial),
    }
}

async fn index_page(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    q: String,
    sent: Option<RegisterForm>,
    error: Option<String>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(state, code).await?;
    let who = Who::of(auth);
    let public = !who.belongs_to(code);
    // A search by number finds the case however it was written (sn 2021:547 = SN/2021:00547),
    // or by a part of it (2021:547); by a word of its title otherwise.
    let needle = q.trim().to_lowercase();
    let number_matches = CaseNumber::matcher(&q);
    let cases = store::cases::cases(&state.store, code).await?;
    let today = state.clock.today();
    let example = next_number(&m, &cases, today.year());
    let series = example.series.clone();
    let rows = cases
        .into_iter()
        .map(|c| if public { c.public() } else { c })
        .filter(|c| needle.is_empty() || number_matches(&c.number) || c.title.to_lowercase().contains(&needle))
        .map(|c| {
            (
                path_of(&c.number),
                c.number.to_string(),
                c.title,
                c.registered.map_or_else(|| "–".to_string(), |d| d.to_string()),
                c.handler,
                c.status.label_sv(),
            )
        })
        .collect();
    render(IndexPage {
        shell: Shell::new("Diarium", auth, Some(&m)).at(&format!("/k/{code}/diarium")),
        code: code.to_string(),
        q,
        rows,
        may_register: !public && crate::access::REGISTRARS.contains(&who.role),
        form: sent.unwrap_or_else(|| RegisterForm { serie: series, datum: today.to_string(), ..RegisterForm::default() }),
        error,
        number_example: example.to_string(),
    })
}

/// GET /k/{kommun}/diarium
pub async fn index(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    index_page(&state, &auth, &code, q.q, None, None).await
}

/// The registration form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterForm {
    serie: String,
    rubrik: String,
    datum: String,
    handlaggare: String,
}

/// POST /k/{kommun}/diarium — registers a case with the next serial.
pub async fn register(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(code): Path<String>,
    Form(f): Form<RegisterForm>,
) -> Result<Response, AppError> {
    let series = f.serie.trim().to_uppercase();
    let date = Date::parse(f.datum.trim());
    // What is missing, each named.
    let missing = super::ask_for(&[(&series, "serie (t.ex. SN)"), (&f.rubrik, "rubrik"), (&f.datum, "datum (ÅÅÅÅ-MM-DD)")]);
    let refusal = if let Some(ask) = missing {
        Some(format!("Inget registrerades. {ask}"))
    } else if !series.chars().all(char::is_alphabetic) {
        Some(format!("Inget registrerades. Serien «{series}» får bara innehålla bokstäver, som SN eller SOC."))
    } else if date.is_err() {
        Some(format!("Inget registrerades. {}", super::date_refusal("Registreringsdatumet", &f.datum)))
    } else if let Some(why) = date.as_ref().ok().and_then(|d| not_yet(*d, state.clock.today())) {
        Some(format!("Inget registrerades. Registreringsdatumet {why}"))
    } else {
        named_in_title(&f.rubrik)
    };
    let (None, Ok(date)) = (refusal.as_ref(), date) else {
        let page = index_page(&state, &auth, &code, String::new(), Some(f), refusal).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let m = municipality_or_404(&state, &code).await?;
    let (grammar, _) = form_of_new(&m, &store::cases::cases(&state.store, &code).await?);
    let mut w = state.store.begin(&actor(&auth)).await?;
    let c = store::cases::register(&mut w, &code, (&series, grammar), f.rubrik.trim(), date, f.handlaggare.trim()).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/diarium/{}", path_of(&c.number))).into_response())
}

#[derive(Template)]
#[template(path = "cases/case.html")]
struct CasePage {
    shell: Shell,
    code: String,
    path: String,
    c: Case,
    documents: Vec<CaseDocument>,
    may_register: bool,
    /// The document form's values: as sent after a refusal, else the defaults.
    form: DocumentForm,
    error: Option<String>,
    /// Where the case has been on the committee's agenda.
    handlings: Vec<store::meetings::Handling>,
    /// The reports decided in the case: (their page, name and year).
    reports: Vec<(String, String)>,
    /// Shown as the public sees it (see the module's doc).
    public: bool,
}

/// Why a registration date is refused: a case or document is registered when it comes in or
/// is drawn up, not ahead (a date in a later year would also start that year's series).
fn not_yet(date: Date, today: Date) -> Option<String> {
    (date > today).then(|| format!("{date} har inte kommit än (i dag är det {today}); ett ärende registreras när det kommer in."))
}

/// Why a title that holds a personnummer is refused: the diarium is public, titles and all.
fn named_in_title(title: &str) -> Option<String> {
    super::personnummer_refusal("Rubriken", [title], "diariet är offentligt").map(|why| format!("Inget registrerades. {why}"))
}

/// The case number an address names ([`path_of`]): `EH-SOC` is unit EH, series SOC.
fn number(series: &str, year: i32, serial: u32) -> CaseNumber {
    let (unit, series) = match series.rsplit_once('-') {
        Some((u, s)) => (Some(u.to_string()), s),
        None => (None, series),
    };
    let grammar = if unit.is_some() { Grammar::Dotted } else { Grammar::Slash };
    CaseNumber { unit, series: series.to_string(), year, serial, class: None, grammar }
}

async fn case_page(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    n: CaseNumber,
    sent: Option<DocumentForm>,
    error: Option<String>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(state, code).await?;
    let c = store::cases::case(&state.store, code, &n)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Ärendet {n} finns inte i diariet.")))?;
    let who = Who::of(auth);
    let public = !who.belongs_to(code);
    let number = c.number.to_string();
    let mut reports = Vec::new();
    for (kind, year) in store::report::reports_of_case(&state.store, code, &number).await? {
        let name = store::report::template(&state.store, code, &kind).await?.map_or_else(|| kind.clone(), |(t, _)| t.plain_name());
        match public {
            false => reports.push((format!("/k/{code}/rapporter/{kind}/{year}"), format!("{name} {year}"))),
            // The public reads a report once it is published, as published.
            true if store::publication::report_published(&state.store, code, &kind, year).await? => {
                reports.push((format!("/k/{code}/rapporter/{kind}/{year}/fil/html?publicerad=ja"), format!("{name} {year}")))
            }
            true => {}
        }
    }
    let mut documents = store::cases::documents(&state.store, code, &c.number).await?;
    let mut handlings = store::meetings::handlings(&state.store, code, &number).await?;
    let mut c = c;
    if public {
        documents = public_documents(&c, documents);
        if c.secrecy.is_some() {
            handlings.clear();
        }
        c = c.public();
        // The public reads a decision as the public protocol does: once it is posted.
        for h in handlings.iter_mut().filter(|h| h.posted.is_none()) {
            h.decision.clear();
        }
    }
    render(CasePage {
        handlings,
        reports,
        public,
        shell: Shell::new(&format!("{} {}", c.number, c.title), auth, Some(&m)).at(&format!("/k/{code}/diarium")),
        code: code.to_string(),
        path: path_of(&c.number),
        documents,
        may_register: who.belongs_to(code) && crate::access::REGISTRARS.contains(&who.role),
        form: sent.unwrap_or_else(|| DocumentForm {
            riktning: "in".into(),
            datum: state.clock.today().to_string(),
            handlaggare: c.handler.clone(),
            ..DocumentForm::default()
        }),
        c,
        error,
    })
}

/// GET /k/{kommun}/diarium/{serie}/{ar}/{lopnr}
pub async fn case(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, series, year, serial)): Path<(String, String, i32, u32)>,
) -> Result<Html<String>, AppError> {
    case_page(&state, &auth, &code, number(&series, year, serial), None, None).await
}

/// The document form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DocumentForm {
    riktning: String,
    datum: String,
    rubrik: String,
    part: String,
    handlaggare: String,
    sekretess: String,
}

/// POST /k/{kommun}/diarium/{serie}/{ar}/{lopnr}/handlingar — registers a document in the case.
pub async fn add_document(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, series, year, serial)): Path<(String, String, i32, u32)>,
    Form(f): Form<DocumentForm>,
) -> Result<Response, AppError> {
    let n = number(&series, year, serial);
    if store::cases::case(&state.store, &code, &n).await?.is_none() {
        return Err(AppError::not_found(format!("Ärendet {n} finns inte i diariet.")));
    }
    let (Some(direction), Ok(date), false) = (Direction::parse(&f.riktning), Date::parse(f.datum.trim()), f.rubrik.trim().is_empty())
    else {
        let error = Some("Inget registrerades. Ange riktning, datum (ÅÅÅÅ-MM-DD) och rubrik.".into());
        let page = case_page(&state, &auth, &code, n, Some(f), error).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    if let Some(why) = not_yet(date, state.clock.today()) {
        let error = Some(format!("Inget registrerades. Handlingens datum {why}"));
        let page = case_page(&state, &auth, &code, n, Some(f), error).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    // A secret document's title is not shown to the public, but its register entry is kept
    // free of personnummer all the same.
    if let Some(why) = named_in_title(&f.rubrik) {
        let page = case_page(&state, &auth, &code, n, Some(f), Some(why)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let d = CaseDocument {
        number: 0,
        direction,
        date,
        registered: Some(state.clock.today()),
        title: f.rubrik.trim().to_string(),
        party: f.part.trim().to_string(),
        handler: f.handlaggare.trim().to_string(),
        secrecy: Some(f.sekretess.trim().to_string()).filter(|s| !s.is_empty()),
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::cases::add_document(&mut w, &code, &n, d).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/diarium/{}", path_of(&n))).into_response())
}
