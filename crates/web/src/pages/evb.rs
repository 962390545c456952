//! Ej verkställda beslut: the de-identified statistics (every account of the municipality), the
//! register with pseudonyms, the alert list and IVO's list (the roles that handle them; every
//! read of identifiable rows is written to the audit log).

use super::{actor, municipality_or_404, own_unit, render};
use crate::AppState;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::outputs::{self, OutputError};
use crate::shell::Shell;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::evb::*;
use domain::period::{Date, Period};
use serde::Deserialize;

fn parse_quarter(s: &str) -> Result<Period, AppError> {
    match Period::parse(s) {
        Ok(p @ Period::Quarter { .. }) => Ok(p),
        _ => Err(AppError::not_found(format!("\"{s}\" är inget kvartal (skriv t.ex. 2021Q4)."))),
    }
}

fn compact(p: Period) -> String {
    p.to_string().replace('-', "")
}

impl From<OutputError> for AppError {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::Store(e) => e.into(),
            OutputError::NotFound(m) => AppError::not_found(m),
            OutputError::Unsupported(m) => AppError::bad_request(m),
            e @ OutputError::PersonalData { .. } => AppError::bad_request(e.to_string()),
            OutputError::Render(m) => AppError::internal(m),
        }
    }
}

/// Which quarter a page shows.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QuarterQuery {
    kvartal: String,
    format: String,
    /// `arende` for the committee's case paper instead of the statistics.
    kind: String,
}

#[derive(Template)]
#[template(path = "evb/overview.html")]
struct OverviewPage {
    shell: Shell,
    base: String,
    quarter: String,
    quarter_label: String,
    quarters: Vec<(String, String)>,
    cutoff: String,
    intro: String,
    headings: Vec<&'static str>,
    rows: Vec<(String, Vec<u32>, u32, u32)>,
    totals: Vec<u32>,
    total: u32,
    open: u32,
    band_labels: Vec<String>,
    bands: Vec<(String, Vec<u32>, u32)>,
    by_sex: [u32; 3],
    handler: bool,
}

/// GET /k/{kommun}/evb — the statistics of a quarter (counts only).
pub async fn overview(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(code): Path<String>,
    Query(q): Query<QuarterQuery>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let reports = store::evb::reports(&state.store, &code).await?;
    let quarter = if q.kvartal.is_empty() {
        reports.last().map(|r| r.measured).unwrap_or_else(|| Period::quarter_of(state.clock.today()).shift_quarters(-1))
    } else {
        parse_quarter(&q.kvartal)?
    };
    let q = outputs::EvbQuarter::load(&state.store, &code, quarter).await?;
    let (info, stats, catalog) = (&q.info, &q.stats, &q.catalog);
    let name = |k: &str| catalog.get(k).map(|t| t.name.clone()).unwrap_or_else(|| k.to_string());
    let doc = q.document();
    let mut quarters: Vec<Period> = reports.iter().map(|r| r.measured).collect();
    let now = Period::quarter_of(state.clock.today()).shift_quarters(-1);
    if !quarters.contains(&now) {
        quarters.push(now);
    }
    if !quarters.contains(&quarter) {
        quarters.push(quarter);
    }
    quarters.sort();
    let who = crate::access::Who::of(&auth);
    render(OverviewPage {
        shell: Shell::new("Ej verkställda beslut", &auth, Some(&m)).at(&format!("/k/{code}/evb")),
        base: format!("/k/{code}/evb"),
        quarter: compact(quarter),
        quarter_label: info.measured.label_sv(),
        quarters: quarters.iter().rev().map(|p| (compact(*p), p.label_sv())).collect(),
        cutoff: info.cutoff.to_string(),
        intro: render::evb::introduction(&doc),
        headings: Category::ALL.iter().map(|c| c.short_sv()).collect(),
        rows: stats.by_category.iter().map(|(k, c)| (name(k), c.to_vec(), c.iter().sum(), c[2] + c[3])).collect(),
        totals: stats.totals().to_vec(),
        total: stats.totals().iter().sum(),
        open: stats.open(),
        band_labels: stats.band_labels.clone(),
        bands: stats.by_band.iter().map(|(k, b)| (name(k), b.clone(), b.iter().sum())).collect(),
        by_sex: stats.by_sex,
        handler: crate::access::allows(who.role, "GET", "/k/{kommun}/evb/register"),
    })
}

/// GET /k/{kommun}/evb/statistik/{kvartal} — the statistics report as a document (HTML or CSV).
pub async fn statistics_document(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, kvartal)): Path<(String, String)>,
    Query(q): Query<QuarterQuery>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let quarter = parse_quarter(&kvartal)?;
    let format = if q.format.is_empty() { "html" } else { q.format.as_str() };
    let kind = if q.kind == "arende" { "case-paper" } else { "statistics" };
    let bytes = outputs::evb_report(&state.store, &actor(&auth), &code, quarter, kind, format).await?;
    Ok(download(bytes, format, &format!("evb-statistik-{code}-{}", compact(quarter))))
}

pub(crate) fn download(bytes: Vec<u8>, format: &str, stem: &str) -> Response {
    let (ctype, inline) = match format {
        "html" => ("text/html; charset=utf-8", true),
        "csv" => ("text/csv; charset=utf-8", false),
        "pdf" => ("application/pdf", false),
        "docx" => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", false),
        _ => ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false),
    };
    let disposition = if inline { "inline".to_string() } else { format!("attachment; filename=\"{stem}.{format}\"") };
    let csp = if format == "html" { document_csp(&bytes) } else { None };
    let mut res = ([(header::CONTENT_TYPE, ctype.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response();
    if let Some(csp) = csp {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    res
}

/// The policy of a standalone HTML document (a report, a protocol): its own `<style>` element
/// admitted by its hash — the site's policy admits no inline style, which left such documents
/// unstyled —, no scripts, nothing framed. `None` for a document without a style element.
pub(crate) fn document_csp(html: &[u8]) -> Option<header::HeaderValue> {
    use sha2::Digest;
    let text = std::str::from_utf8(html).ok()?;
    let start = text.find("<style>")? + "<style>".len();
    let css = &text[start..start + text[start..].find("</style>")?];
    let hash = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, sha2::Sha256::digest(css.as_bytes()));
    header::HeaderValue::from_str(&format!(
        "default-src 'none'; img-src 'self' data:; style-src 'sha256-{hash}'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
    ))
    .ok()
}

#[derive(Template)]
#[template(path = "evb/register.html")]
struct RegisterPage {
    shell: Shell,
    base: String,
    rows: Vec<RegisterRow>,
    types: Vec<(String, String)>,
    laws: Vec<(String, String)>,
    ages: [&'static str; 3],
    error: Option<String>,
    today: String,
}

struct RegisterRow {
    id: String,
    pseudonym: String,
    insats: String,
    decided: String,
    limit: String,
    executed: String,
    status: String,
    unit: String,
    reason: String,
    events: Vec<String>,
}

async fn register_page(state: &AppState, auth: &AuthSession, code: &str, error: Option<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(state, code).await?;
    let (catalog, law_refs) = store::evb::config(&state.store, code).await?;
    let mut w = state.store.begin(&actor(auth)).await?;
    let mut decisions = store::evb::decisions_identifiable(&mut w, code, "registret visat på webben").await?;
    w.commit().await?;
    if let Some(u) = own_unit(auth) {
        decisions.retain(|d| d.unit == u);
    }
    let today = state.clock.today();
    let rows = decisions
        .iter()
        .rev()
        .map(|d| RegisterRow {
            id: d.id.clone(),
            pseudonym: d.pseudonym.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default(),
            insats: d.insats_text.clone(),
            decided: d.decided.to_string(),
            limit: d.limit().to_string(),
            executed: d.executed.map(|e| e.to_string()).unwrap_or_default(),
            status: if d.executed.is_some() {
                "Verkställt".into()
            } else if d.closed {
                "Avslutat".into()
            } else if d.limit() <= today {
                "Ej verkställt – rapporteras".into()
            } else {
                "Ej verkställt".into()
            },
            unit: d.unit.clone(),
            reason: d.reason.clone(),
            events: d.events.iter().map(ToString::to_string).collect(),
        })
        .collect();
    render(RegisterPage {
        shell: Shell::new("Register – ej verkställda beslut", auth, Some(&m)).at(&format!("/k/{code}/evb")),
        base: format!("/k/{code}/evb"),
        rows,
        types: catalog.types.iter().map(|t| (t.key.clone(), t.name.clone())).collect(),
        laws: law_choices(&law_refs),
        ages: AGE_GROUPS,
        error,
        today: today.to_string(),
    })
}

/// GET /k/{kommun}/evb/register — the register with pseudonyms (audited read).
pub async fn register(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    register_page(&state, &auth, &code, None).await
}

/// The decision form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    id: String,
    insats: String,
    lagrum: String,
    beslutsdatum: String,
    pseudonym: String,
    enhet: String,
    aldersgrupp: String,
    verkstallt: String,
    avbrott: String,
    avslutat: String,
    avslutsdatum: String,
    skal: String,
    tillfallig: String,
    /// A new event: its date, what happened and the answer (an offer and "tackat nej").
    handelse_datum: String,
    handelse: String,
    svar: String,
}

/// The law references a decision can be entered under: the configured ones, else SoL and LSS.
fn law_choices(refs: &[domain::evb::LawRef]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in refs {
        if !out.iter().any(|(k, _)| *k == r.key) {
            out.push((r.key.clone(), r.law.clone()));
        }
    }
    if out.is_empty() {
        out = vec![
            ("EVB_REPORT_SOL".into(), "Socialtjänstlagen".into()),
            ("EVB_REPORT_LSS".into(), "Lag om stöd och service till vissa funktionshindrade".into()),
        ];
    }
    out
}

/// Age groups for the statistics.
const AGE_GROUPS: [&str; 3] = ["0–17", "18–64", "65–"];

/// POST /k/{kommun}/evb/beslut — registers a decision, or sets the execution date of one.
pub async fn save_decision(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(code): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let refuse = |msg: String| async {
        let html = register_page(&state, &auth, &code, Some(msg)).await?;
        Ok::<Response, AppError>((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
    };
    let (catalog, law_refs) = store::evb::config(&state.store, &code).await?;
    let id = f.id.trim();
    if id.is_empty() {
        return refuse("Ange ett beslut-id.".into()).await;
    }
    let existing = store::evb::decisions(&state.store, &code).await?.into_iter().find(|d| d.id == id);
    // A head of unit tied to one registers and updates that unit's decisions only.
    let unit = own_unit(&auth);
    if let Some(u) = &unit {
        if existing.as_ref().is_some_and(|d| d.unit != *u) {
            return refuse(format!("Beslut {id} hör till en annan enhet än {u}.")).await;
        }
        if existing.is_none() && !f.enhet.trim().is_empty() && f.enhet.trim() != u {
            return refuse(format!("Ditt konto registrerar beslut för enheten {u}.")).await;
        }
    }
    let date = |v: &str, label: &str| match v.trim() {
        "" => Ok(None),
        v => Date::parse(v).map(Some).map_err(|_| super::date_refusal(label, v)),
    };
    let dates = (date(&f.verkstallt, "Verkställt"), date(&f.avbrott, "Avbrottsdatum"), date(&f.avslutsdatum, "Avslutsdatum"));
    let (executed, interrupted, closed_on) = match dates {
        (Ok(e), Ok(i), Ok(c)) => (e, i, c),
        (Err(m), _, _) | (_, Err(m), _) | (_, _, Err(m)) => return refuse(m).await,
    };
    let closed = f.avslutat == "ja";
    let (reason, interim) = (f.skal.trim(), f.tillfallig.trim());
    // The reason and the events go into the committee's documents: nothing that points at the
    // person.
    for (text, label) in [
        (reason, "Skälet till dröjsmålet"),
        (interim, "Den tillfälliga insatsen"),
        (f.handelse.trim(), "Händelsen"),
        (f.svar.trim(), "Svaret"),
    ] {
        if !domain::quality::looks_like_personnummer(text).is_empty() {
            return refuse(format!("{label} får inte innehålla personnummer: skriv utan uppgifter som pekar ut personen.")).await;
        }
    }
    // Dates come no later than today; a closing needs its day.
    let today = state.clock.today();
    for (d, label) in [(executed, "Verkställt"), (interrupted, "Avbrottsdatum"), (closed_on, "Avslutsdatum")] {
        if let Some(d) = d.filter(|d| *d > today) {
            return refuse(format!("{label} {d} har inte kommit än: ange ett datum senast i dag ({today}).")).await;
        }
    }
    if closed && closed_on.is_none() && existing.as_ref().is_none_or(|d| d.closed_on.is_none()) {
        return refuse("Avslutat utan verkställighet: ange avslutsdatum (ÅÅÅÅ-MM-DD); IVO frågar efter det.".into()).await;
    }
    let event = match (date(&f.handelse_datum, "Händelsens datum"), f.handelse.trim(), f.svar.trim()) {
        (Err(m), _, _) => return refuse(m).await,
        (Ok(None), "", "") => None,
        (Ok(None), _, _) => return refuse("Händelsen: ange dess datum (ÅÅÅÅ-MM-DD).".into()).await,
        (Ok(Some(date)), what, answer) => Some(Event { date, what: what.into(), answer: answer.into() }),
    };
    // Everything is checked before the transaction starts (a refusal renders the register,
    // which reads in a transaction of its own).
    let (decision, is_new) = if let Some(mut d) = existing {
        // What is filled in is changed; the rest stays as it is.
        if executed.is_none()
            && interrupted.is_none()
            && !closed
            && closed_on.is_none()
            && reason.is_empty()
            && interim.is_empty()
            && event.is_none()
        {
            return refuse(format!(
                "Beslut {id} finns redan; ange verkställighet, avbrott, avslut, skäl, tillfällig insats eller en händelse för att uppdatera det."
            ))
            .await;
        }
        if let Some(e) = &event {
            d.events.push(e.clone());
            d.events.sort_by_key(|e| e.date);
        }
        d.executed = executed.or(d.executed);
        d.interrupted = interrupted.or(d.interrupted);
        d.closed |= closed;
        d.closed_on = closed_on.or(d.closed_on);
        if !reason.is_empty() {
            d.reason = reason.into();
        }
        if !interim.is_empty() {
            d.interim = interim.into();
        }
        (d, false)
    } else {
        let Some(t) = catalog.classify(&f.insats) else {
            return refuse(if catalog.types.is_empty() {
                format!("Beslut {id} finns inte i registret, och ett nytt beslut behöver en insats ur kommunens insatslista, som saknas.")
            } else {
                format!("Beslut {id} finns inte i registret; ett nytt beslut behöver insats, lagrum och beslutsdatum. Välj en insats.")
            })
            .await;
        };
        let Ok(decided) = Date::parse(f.beslutsdatum.trim()) else {
            return refuse(super::date_refusal("Beslutsdatum", &f.beslutsdatum)).await;
        };
        if decided > today {
            return refuse(format!("Beslutsdatum {decided} har inte kommit än: ange beslutets datum, senast i dag ({today}).")).await;
        }
        let laws = law_choices(&law_refs);
        let law = match f.lagrum.trim() {
            "" => laws[0].0.clone(),
            k if laws.iter().any(|(l, _)| l == k) => k.to_string(),
            k => return refuse(format!("Lagrum: \"{k}\" finns inte bland kommunens lagrum.")).await,
        };
        let age_group = match f.aldersgrupp.trim() {
            "" => String::new(),
            a if AGE_GROUPS.contains(&a) => a.to_string(),
            a => return refuse(format!("Åldersgrupp: \"{a}\" ska vara {}.", AGE_GROUPS.join(", "))).await,
        };
        let pseudonym = match f.pseudonym.trim() {
            "" => None,
            v => match Pseudonym::parse(v) {
                Ok(p) => Some(p),
                Err(_) => return refuse("Pseudonymen ska ha IVO:s form, t.ex. 19800101-T123.".into()).await,
            },
        };
        let d = Decision {
            id: id.into(),
            law,
            insats: t.key.clone(),
            insats_text: t.name.clone(),
            decided,
            interrupted,
            executed,
            closed,
            closed_on,
            unit: unit.clone().unwrap_or_else(|| f.enhet.trim().into()),
            reason: reason.into(),
            reason_code: String::new(),
            interim: interim.into(),
            events: event.into_iter().collect(),
            sex: pseudonym.as_ref().map(Pseudonym::sex),
            pseudonym,
            age_group,
        };
        (d, true)
    };
    if let Err((field, message)) = decision.check() {
        return refuse(format!("{}: {message}.", domain::sv::capitalise(field))).await;
    }
    let mut w = state.store.begin(&actor(&auth)).await?;
    if is_new {
        store::evb::add_decision(&mut w, &code, &decision).await?;
    } else {
        store::evb::update_decision(&mut w, &code, &decision).await?;
    }
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/evb/register")).into_response())
}

#[derive(Template)]
#[template(path = "evb/alerts.html")]
struct AlertsPage {
    shell: Shell,
    today: String,
    warn_days: i64,
    units: Vec<(String, Vec<(String, String, String, String, String, bool)>)>,
}

/// `?dagar=N`: how far ahead the alert list looks (1–366 days, 30 when not given).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AlertQuery {
    dagar: Option<String>,
}

/// GET /k/{kommun}/evb/bevakning — open decisions near or past three months, per unit.
pub async fn alerts(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<AlertQuery>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let (catalog, _) = store::evb::config(&state.store, &code).await?;
    let mut decisions = store::evb::decisions(&state.store, &code).await?;
    if let Some(u) = own_unit(&auth) {
        decisions.retain(|d| d.unit == u);
    }
    let today = state.clock.today();
    let warn_days = match q.dagar.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => 30,
        Some(d) => d
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=366).contains(n))
            .ok_or_else(|| AppError::bad_request(format!("\"{d}\" är inget antal dagar mellan 1 och 366.")))?,
    };
    let mut units: Vec<(String, Vec<(String, String, String, String, String, bool)>)> = Vec::new();
    for (d, left) in approaching(&decisions, today, warn_days) {
        let unit = if d.unit.is_empty() { "Ingen enhet angiven".to_string() } else { d.unit.clone() };
        let row = (
            d.id.clone(),
            catalog.get(&d.insats).map(|t| t.name.clone()).unwrap_or_else(|| d.insats.clone()),
            d.decided.to_string(),
            d.limit().to_string(),
            render::evb::days_left_sv(today, d.limit()),
            left <= 0,
        );
        match units.iter_mut().find(|(u, _)| *u == unit) {
            Some((_, v)) => v.push(row),
            None => units.push((unit, vec![row])),
        }
    }
    units.sort_by(|a, b| domain::sv::collate(&a.0, &b.0));
    render(AlertsPage {
        shell: Shell::new("Bevakning – tremånadersgränsen", &auth, Some(&m)).at(&format!("/k/{code}/evb")),
        today: today.to_string(),
        warn_days,
        units,
    })
}

#[derive(Template)]
#[template(path = "evb/ivo.html")]
struct IvoPage {
    shell: Shell,
    base: String,
    quarter: String,
    quarter_label: String,
    cutoff: String,
    /// The unit an account is tied to: it sees its unit's rows, and no file to send.
    unit: Option<String>,
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// GET /k/{kommun}/evb/ivo/{kvartal} — IVO's per-individual list (HTML, or `?format=csv|xlsx`);
/// the read is audited.
pub async fn ivo(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, kvartal)): Path<(String, String)>,
    Query(q): Query<QuarterQuery>,
) -> Result<Response, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let quarter = parse_quarter(&kvartal)?;
    // The IVO report is the committee's, for every unit: an account tied to one unit sees its
    // own rows and does not make the file.
    let unit = own_unit(&auth);
    if !q.format.is_empty() {
        if let Some(u) = &unit {
            return Err(AppError::forbidden_because(format!(
                "IVO-rapporten lämnas för hela nämnden; ditt konto är knutet till enheten {u}."
            )));
        }
        let bytes = outputs::evb_report(&state.store, &actor(&auth), &code, quarter, "ivo", &q.format).await?;
        return Ok(download(bytes, &q.format, &format!("ivo-{code}-{}", compact(quarter))));
    }
    let (catalog, law_refs) = store::evb::config(&state.store, &code).await?;
    let (info, open_before, since) = store::evb::report_for(&state.store, &code, quarter).await?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    let mut decisions = store::evb::decisions_identifiable(&mut w, &code, &format!("IVO-rapport {} visad på webben", info.key)).await?;
    w.commit().await?;
    if let Some(u) = &unit {
        decisions.retain(|d| d.unit == *u);
    }
    let rows = report(&decisions, &open_before, since, info.cutoff);
    Ok(render(IvoPage {
        shell: Shell::new(&format!("IVO-rapport {}", info.measured.label_sv()), &auth, Some(&m)).at(&format!("/k/{code}/evb")),
        base: format!("/k/{code}/evb"),
        quarter: compact(quarter),
        quarter_label: info.measured.label_sv(),
        cutoff: info.cutoff.to_string(),
        unit,
        header: render::evb::IVO_HEADER.to_vec(),
        rows: render::evb::ivo_rows(&info, &catalog, &law_refs, &decisions, &rows),
    })?
    .into_response())
}
