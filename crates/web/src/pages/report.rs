//! Reports: the list of report kinds, a report page (sections with their text editors, the
//! checker's findings beside a preview, downloads in every format) and the template editor.

use super::{actor, municipality_or_404, render};
use crate::AppState;
use crate::access::Who;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::report::{Request, render_as};
use crate::shell::Shell;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::checks::Severity;
use domain::report::template::{Content, MEMO_FIELDS, Template as ReportTemplate};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "report/index.html")]
struct IndexPage {
    shell: Shell,
    code: String,
    kinds: Vec<(String, String, bool, Vec<i32>, bool)>,
    /// The viewer is the municipality's staff (sees every report and year).
    staff: bool,
    /// Published reports, a row per copy the public reads (an interim report per period):
    /// (kind, name, year, `&manad=N` for an interim copy).
    published: Vec<(String, String, i32, String)>,
    year: i32,
    /// The template editor is the controllers' (a link to it is shown to them only).
    may_edit_templates: bool,
}

/// GET /k/{kommun}/rapporter
pub async fn index(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let mut kinds = Vec::new();
    let mut latest = 0;
    for (t, own) in store::report::templates(&state.store, &code).await? {
        let years = report_years(&state, &code, &t.kind).await?;
        latest = latest.max(years.first().copied().unwrap_or(0));
        kinds.push((t.kind.clone(), t.plain_name(), own, years, t.interim));
    }
    let year = if latest == 0 { 2024 } else { latest };
    let who = crate::access::Who::of(&auth);
    let may_edit_templates = who.belongs_to(&code) && crate::access::CONTROLLERS.contains(&who.role);
    // The published reports, by name: all the public sees here.
    let published = published_list(&state, &code).await?;
    render(IndexPage {
        shell: Shell::new("Rapporter", &auth, Some(&m)).at(&format!("/k/{code}/rapporter")),
        code: code.clone(),
        kinds: if who.belongs_to(&code) { kinds } else { Vec::new() },
        staff: who.belongs_to(&code),
        published,
        year,
        may_edit_templates,
    })
}

/// The published reports, newest year first, each by the title of the copy published
/// ("Delårsrapport januari–augusti 2024"): (kind, title, year, `&manad=M` of an interim copy).
pub(crate) async fn published_list(state: &AppState, code: &str) -> Result<Vec<(String, String, i32, String)>, AppError> {
    let mut published = Vec::new();
    for (kind, y) in store::publication::published_reports(&state.store, code).await? {
        for p in store::publication::published_copies(&state.store, code, &kind, y).await? {
            let month = p.to_month.map(|m| format!("&manad={m}")).unwrap_or_default();
            published.push((kind.clone(), p.document.title, y, month));
        }
    }
    Ok(published)
}

/// The years a report kind has, newest first: those it has texts for, and those with an
/// economy or goals to report on.
async fn report_years(state: &AppState, code: &str, kind: &str) -> Result<Vec<i32>, AppError> {
    let mut years = store::report::years(&state.store, code, kind).await?;
    for y in store::economy::years(&state.store, code).await?.into_iter().chain(store::goals::years(&state.store, code).await?) {
        if !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    Ok(years)
}

/// `?manad=8` for interim reports.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MonthQuery {
    manad: Option<u8>,
    sparat: Option<String>,
    /// `?publicerad=ja`: the published copy rather than the report as it stands.
    publicerad: Option<String>,
    /// `?version=N`: an earlier published copy (the staff's).
    version: Option<i64>,
}

/// An actor of the log by the name its account shows ("Årshjul" for the system's own).
async fn actor_name(state: &AppState, actor: &str) -> Result<String, AppError> {
    Ok(match actor.strip_prefix("user:") {
        Some(u) => store::users::by_username(&state.store, u).await?.map_or_else(|| u.to_string(), |u| u.display_name),
        None => "Årshjul".to_string(),
    })
}

/// A section text refused, as it was written, and why.
struct Refused {
    key: String,
    text: String,
    why: String,
}

struct SectionView {
    key: String,
    heading: String,
    level: u8,
    texts: Vec<(String, String, String)>,
    tables: Vec<String>,
}

struct FindingView {
    severity: &'static str,
    symbol: &'static str,
    location: String,
    message: String,
    section: Option<String>,
}

#[derive(Template)]
#[template(path = "report/report.html")]
struct ReportPage {
    shell: Shell,
    code: String,
    /// Always false: the staff's page (`handling.html` links the meeting's own page).
    public: bool,
    /// Whether the account names the case the report is decided in (the report writers; a
    /// template's other authors write texts only).
    may_set_case: bool,
    base: String,
    month_query: String,
    may_write: bool,
    sections: Vec<SectionView>,
    findings: Vec<FindingView>,
    warnings: usize,
    preview: String,
    saved: Option<String>,
    /// The report is public; the viewer may publish or withdraw it.
    published: bool,
    /// When the public's copy was made (Swedish time), by whom, and whether the report as it
    /// stands differs from it.
    published_at: String,
    published_by: String,
    published_changed: bool,
    may_publish: bool,
    /// The section whose text was refused, and why.
    text_error: Option<(String, String)>,
    /// The copies published before the current one: (version, when, by whom).
    earlier: Vec<(i64, String, String)>,
    /// An interim report's month (the page offers the others): (month, its name).
    month: Option<u8>,
    months: Vec<(u8, String)>,
    /// The case the report is decided in, and its handling at the committee's meetings.
    trail: Trail,
    /// An interim report's other periods that are public: (month, "januari–april").
    other_periods: Vec<(u8, String)>,
    /// The query that downloads the published copy of the period on screen.
    published_query: String,
    /// An interim report (its texts serve every period).
    interim: bool,
    /// The case form's example: the next case number, in the municipality's form, of the year
    /// a report of this year is decided in.
    case_example: String,
    /// A case number refused: as typed, and why.
    case_error: Option<(String, String)>,
    /// Why the report was not published.
    publish_error: Option<String>,
    /// What the last change did (publishing, the case saved).
    notice: Option<String>,
}

/// The case form's field, and the key its refusal is passed to the page under.
const CASE_FIELD: &str = "diarienummer";
/// The key a refused publication is passed to the page under.
const PUBLISH_FIELD: &str = "publicera";

/// A report's decision trail: the case in the diarium, and where it has been on the agenda.
#[derive(Default)]
pub(crate) struct Trail {
    /// The case number as stored.
    pub case: Option<String>,
    /// The case's page and title, when the diarium has it.
    pub case_page: Option<(String, String)>,
    pub handlings: Vec<store::meetings::Handling>,
}

impl Trail {
    pub(crate) async fn of(state: &AppState, code: &str, case: Option<String>) -> Result<Trail, AppError> {
        let Some(case) = case else { return Ok(Trail::default()) };
        let found = match domain::cases::CaseNumber::parse(&case) {
            Ok((n, _)) => store::cases::case(&state.store, code, &n).await?,
            Err(_) => None,
        };
        let case_page = found.map(|c| (format!("/k/{code}/diarium/{}", super::cases::path_of(&c.number)), c.title));
        let handlings = store::meetings::handlings(&state.store, code, &case).await?;
        Ok(Trail { case: Some(case), case_page, handlings })
    }
}

fn sections(t: &ReportTemplate, texts: &std::collections::HashMap<String, String>, doc: &domain::report::Document) -> Vec<SectionView> {
    let mut out = Vec::new();
    for s in t.sections.iter().filter(|s| s.include) {
        // A section without a heading of its own (its text brings one) is still named in the
        // editor, where every section has a heading to be found by; one with a heading by it as
        // the document prints it (its year and unit filled in).
        let printed = doc.blocks.iter().find_map(|b| match b {
            domain::report::Block::Heading { key: Some(k), text, .. } if *k == s.key => Some(text.clone()),
            _ => None,
        });
        let heading = match (s.heading.is_empty(), printed) {
            (true, _) => format!("Avsnitt utan egen rubrik ({})", s.key),
            (false, Some(p)) => p,
            (false, None) => s.heading.clone(),
        };
        let mut v = SectionView { key: s.key.clone(), heading, level: s.level, texts: Vec::new(), tables: Vec::new() };
        for c in &s.content {
            match c {
                Content::Text => v.texts.push((s.key.clone(), "Text".into(), texts.get(&s.key).cloned().unwrap_or_default())),
                Content::Memo => {
                    v.texts.push(("datum".into(), "Datum (ÅÅÅÅ-MM-DD)".into(), texts.get("datum").cloned().unwrap_or_default()));
                    for (k, label) in MEMO_FIELDS {
                        let key = format!("memo.{k}");
                        v.texts.push((key.clone(), (*label).to_string(), texts.get(&key).cloned().unwrap_or_default()));
                    }
                }
                Content::Table(spec) => v.tables.push(
                    domain::report::template::TABLE_KINDS
                        .iter()
                        .find(|(k, _)| *k == spec.kind)
                        .map(|(_, d)| d.to_string())
                        .unwrap_or_default(),
                ),
                Content::Chart(k) => v.tables.push(
                    domain::report::template::CHART_KINDS
                        .iter()
                        .find(|(kk, _)| kk == k)
                        .map(|(_, d)| format!("Diagram: {d}"))
                        .unwrap_or_default(),
                ),
                Content::GoalAnalyses => v.tables.push("Målens bedömningar och analyser (från Mål)".into()),
                Content::CountSentence => v.tables.push("Meningen om antalet uppfyllda mål".into()),
            }
        }
        out.push(v);
    }
    out
}

#[allow(clippy::too_many_arguments)]
async fn report_page(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    kind: &str,
    year: i32,
    month: Option<u8>,
    saved: Option<String>,
    refused: Option<Refused>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(state, code).await?;
    let who = Who::of(auth);
    let base = format!("/k/{code}/rapporter/{kind}/{year}");
    let req = Request { municipality: code, kind, year, to_month: month, links: true, overrides: vec![] };
    let (template, doc, month) = crate::report::assemble_shown(&state.store, req).await?;
    let findings = domain::checks::review::review(&doc);
    // The public's copy, and whether the report has changed since it was made (compared as the
    // public would read both).
    let published = store::publication::published_report_for(&state.store, code, kind, year, month).await?;
    // An interim report's other periods public beside this one: (month, "januari–april").
    let other_periods: Vec<(u8, String)> = store::publication::published_copies(&state.store, code, kind, year)
        .await?
        .into_iter()
        .filter_map(|p| p.to_month.filter(|m| Some(*m) != month))
        .map(|m| (m, domain::period::months_to(m)))
        .collect();
    // Who published it, by the name their account shows.
    let published_by = match published.as_ref().map(|p| p.actor.as_str()) {
        Some(a) => actor_name(state, a).await?,
        None => String::new(),
    };
    // Every copy published before the current one, for the staff to see what the public read.
    let mut earlier = Vec::new();
    for (id, at, by) in store::publication::published_versions(&state.store, code, kind, year, month).await?.into_iter().skip(1) {
        earlier.push((id, domain::period::stockholm_minute(&at), actor_name(state, &by).await?));
    }
    let published_changed = match &published {
        Some(p) => {
            let (now, _) = crate::report::public_document(&state.store, code, kind, year, p.to_month).await?;
            serde_json::to_value(&now).ok() != serde_json::to_value(&p.document).ok()
        }
        None => false,
    };
    // An interim report's texts for the period on screen (a section's own, else the year's).
    let period = month.filter(|_| template.interim);
    let mut texts: std::collections::HashMap<String, String> =
        store::report::texts_for(&state.store, code, kind, year, period).await?.into_iter().collect();
    let own_texts = match period {
        Some(m) => store::report::own_sections(&state.store, code, kind, year, m).await?,
        None => Vec::new(),
    };
    // A refused text stays in its form as it was written, with why beside it; so does a
    // refused case number.
    let (case_error, publish_error, refused) = match refused {
        Some(r) if r.key == CASE_FIELD => (Some((r.text, r.why)), None, None),
        Some(r) if r.key == PUBLISH_FIELD => (None, Some(r.why), None),
        other => (None, None, other),
    };
    let text_error = refused.map(|r| {
        texts.insert(r.key.clone(), r.text);
        (r.key, r.why)
    });
    let warnings = findings.iter().filter(|f| f.severity == Severity::Warning).count();
    let month_query = month.map(|m| format!("?manad={m}")).unwrap_or_default();
    let may_write = crate::access::writes_report(who.role, &template) && who.belongs_to(code);
    // The preview's headings link to their texts' forms, for those who write them.
    let (edit_base, text_keys) = (format!("{base}{month_query}"), template.text_keys());
    let edit = render::doc::EditLinks { base: &edit_base, keys: &text_keys };
    render(ReportPage {
        public: false,
        may_set_case: crate::access::REPORT_WRITERS.contains(&who.role) && who.belongs_to(code),
        shell: Shell::new(&doc.title, auth, Some(&m)).at(&format!("/k/{code}/rapporter")),
        code: code.to_string(),
        may_write,
        sections: sections(&template, &texts, &doc)
            .into_iter()
            .map(|mut v| {
                // An interim report says whose each text is: the period's own or the year's.
                if let Some(m) = period {
                    let name = domain::period::MONTHS_SV[m as usize - 1];
                    for (key, label, _) in v.texts.iter_mut() {
                        *label = if own_texts.contains(key) {
                            format!("{label} för januari–{name}")
                        } else {
                            format!("{label} (gemensam för årets perioder)")
                        };
                    }
                }
                v
            })
            .collect(),
        findings: findings
            .into_iter()
            .map(|f| FindingView {
                severity: if f.severity == Severity::Warning { "Varning" } else { "Upplysning" },
                symbol: if f.severity == Severity::Warning { "!" } else { "i" },
                location: f.location,
                message: f.message,
                // A link to the section's text where it has a form on this page.
                section: f.section.filter(|s| text_keys.iter().any(|k| k == s)),
            })
            .collect(),
        warnings,
        // Under the page's "Förhandsvisning" (h2), the document starts at h3.
        preview: render::doc::html_body_at(&doc, may_write.then_some(&edit), 3),
        base,
        month_query,
        // Only a section the report has: the address carries its key, not a message.
        saved: saved.filter(|s| s == "datum" || text_keys.contains(s)),
        published: published.is_some(),
        published_at: published.as_ref().map(|p| domain::period::stockholm_minute(&p.at)).unwrap_or_default(),
        published_by,
        published_changed,
        text_error,
        earlier,
        may_publish: crate::access::CONTROLLERS.contains(&who.role) && who.belongs_to(code),
        month,
        months: if template.interim {
            (1..=12u8).map(|m| (m, domain::sv::capitalise(domain::period::MONTHS_SV[m as usize - 1]))).collect()
        } else {
            Vec::new()
        },
        trail: Trail::of(state, code, store::report::case_of(&state.store, code, kind, year).await?).await?,
        published_query: published_query(month.filter(|_| template.interim)),
        interim: template.interim,
        case_example: super::cases::number_example(state, &m, if template.interim { year } else { year + 1 }).await?,
        other_periods,
        case_error,
        publish_error,
        notice: crate::flash::take(auth).await,
    })
}

/// The case form: `diarienummer` in any spelling the diarium reads; empty to remove the link.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CaseForm {
    diarienummer: String,
}

/// POST /k/{kommun}/rapporter/{typ}/{ar}/arende — names the case in the diarium the report is
/// decided in; the report page then follows it to the meetings that handle it.
pub async fn set_case(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, kind, year)): Path<(String, String, i32)>,
    Query(q): Query<MonthQuery>,
    Form(f): Form<CaseForm>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    if store::report::template(&state.store, &code, &kind).await?.is_none() {
        return Err(AppError::not_found(format!("Rapporttypen {kind} finns inte.")));
    }
    if !report_years(&state, &code, &kind).await?.contains(&year) {
        return Err(AppError::not_found(format!("Rapporten {kind} har inget år {year}.")));
    }
    let typed = f.diarienummer.trim();
    let found = match typed {
        "" => Ok(None),
        // Series are written in capitals ("sn/2021:547" is SN/2021:00547).
        _ => match domain::cases::CaseNumber::parse_any_case(typed) {
            Err(e) => Err(e.0),
            Ok((n, _)) => match store::cases::case(&state.store, &code, &n).await? {
                Some(_) => Ok(Some(n.to_string())),
                None => Err(format!("Ärendet {n} finns inte i diariet; registrera det där först.")),
            },
        },
    };
    let case = match found {
        Ok(case) => case,
        Err(why) => {
            // The report again, the number as typed in its field and why beside it.
            let refused = Refused { key: CASE_FIELD.into(), text: typed.to_string(), why: format!("Inget sparades. {why}") };
            let page = report_page(&state, &auth, &code, &kind, year, q.manad, None, Some(refused)).await?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::report::set_case(&mut w, &code, &kind, year, case.as_deref()).await?;
    w.commit().await?;
    let msg = match &case {
        Some(c) => format!("Rapporten beslutas i ärende {c}."),
        None => "Rapporten är inte längre knuten till något ärende.".to_string(),
    };
    crate::flash::set(&auth, &msg).await;
    let month = q.manad.map(|m| format!("?manad={m}")).unwrap_or_default();
    Ok(Redirect::to(&format!("/k/{code}/rapporter/{kind}/{year}{month}#beslutsgang")).into_response())
}

/// GET /k/{kommun}/rapporter/{typ}/{ar}
pub async fn report(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, kind, year)): Path<(String, String, i32)>,
    Query(q): Query<MonthQuery>,
) -> Result<Html<String>, AppError> {
    report_page(&state, &auth, &code, &kind, year, q.manad, q.sparat, None).await
}

/// The text form: one section's text.
#[derive(Deserialize)]
pub struct TextForm {
    avsnitt: String,
    text: String,
}

/// POST /k/{kommun}/rapporter/{typ}/{ar}/text — saves one section's text (audited) and shows
/// the report again with the new preview and findings.
pub async fn save_text(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, kind, year)): Path<(String, String, i32)>,
    Query(q): Query<MonthQuery>,
    Form(form): Form<TextForm>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let (template, _) = store::report::template(&state.store, &code, &kind)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Rapporttypen {kind} finns inte.")))?;
    if !crate::access::writes_report(Who::of(&auth).role, &template) {
        return Err(AppError::forbidden_because(
            "Rapportens texter skrivs av controller, nämndsekreterare och de roller som rapportmallen anger.",
        ));
    }
    if form.avsnitt != "datum" && !template.text_keys().contains(&form.avsnitt) {
        return Err(AppError::bad_request(format!("Avsnittet «{}» finns inte i rapporten.", form.avsnitt)));
    }
    if form.avsnitt == "datum" && !form.text.trim().is_empty() && domain::period::Date::parse(form.text.trim()).is_err() {
        return Err(AppError::bad_request("Datum ska skrivas ÅÅÅÅ-MM-DD.".to_string()));
    }
    let text = form.text.replace("\r\n", "\n");
    // Report texts are published: a personnummer is refused where it is written, not first when
    // the report is published.
    if let Some(why) = super::personnummer_refusal("Texten", [text.as_str()], "rapporten publiceras") {
        let refused = Refused { key: form.avsnitt.clone(), text, why };
        let page = report_page(&state, &auth, &code, &kind, year, q.manad, None, Some(refused)).await?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    // On an interim report, the text of the period on screen.
    let period = interim_month(&state, &code, &kind, q.manad).await?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::report::save_text_for(&mut w, &code, &kind, year, period, &form.avsnitt, text.trim()).await?;
    w.commit().await?;
    let month = q.manad.map(|m| format!("?manad={m}")).unwrap_or_default();
    let sep = if month.is_empty() { "?" } else { "&" };
    Ok(Redirect::to(&format!("/k/{code}/rapporter/{kind}/{year}{month}{sep}sparat={}#text-{}", form.avsnitt, form.avsnitt)).into_response())
}

/// GET /k/{kommun}/rapporter/{typ}/{ar}/fil/{format}
pub async fn download(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, kind, year, format)): Path<(String, String, i32, String)>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    // The public reads a published report as it was published (its files made from the copy
    // kept then, not from the data as it has changed since); the staff read it as it stands,
    // with links to every figure's source in the web page, or the published copy on asking.
    let staff = Who::of(&auth).belongs_to(&code);
    let name = store::report::template(&state.store, &code, &kind).await?.map_or_else(|| kind.clone(), |(t, _)| t.plain_name());
    let (doc, month) = if let (true, Some(v)) = (staff, q.version) {
        match store::publication::published_version(&state.store, &code, &kind, year, v).await? {
            Some(p) => (p.document, p.to_month),
            None => return Err(AppError::not_found(format!("{name} {year} har ingen publicerad version {v}."))),
        }
    } else if !staff || q.publicerad.is_some() {
        // An interim report's copy for the period asked for, else its latest.
        let month = interim_month(&state, &code, &kind, q.manad).await?;
        match store::publication::published_report_for(&state.store, &code, &kind, year, month).await? {
            Some(p) => (p.document, p.to_month),
            None => {
                let period = month.map(|m| format!(" för {}", domain::period::months_to(m))).unwrap_or_default();
                return Err(AppError::not_found(format!("{name} {year} är inte publicerad{period}.")));
            }
        }
    } else {
        let req = Request { municipality: &code, kind: &kind, year, to_month: q.manad, links: format == "html", overrides: vec![] };
        let (_, doc, month) = crate::report::assemble_shown(&state.store, req).await?;
        (doc, month)
    };
    // An interim report's period in the file's name, so that April's and August's differ.
    let period = month
        .map(|m| match m {
            1 => "-januari".to_string(),
            m => format!("-januari-{}", domain::period::MONTHS_SV[m as usize - 1]),
        })
        .unwrap_or_default();
    let bytes = tokio::task::spawn_blocking({
        let format = format.clone();
        move || render_as(&doc, &format)
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))??;
    Ok(super::evb::download(bytes, &format, &format!("{kind}-{code}-{year}{period}")))
}

/// The month an interim report is asked for (`?manad=`, 1–12), the one period key that
/// publishing, withdrawing, reading and writing texts all use; `None` for a report of the whole
/// year, whatever the address says.
async fn interim_month(state: &AppState, code: &str, kind: &str, asked: Option<u8>) -> Result<Option<u8>, AppError> {
    let interim = store::report::template(&state.store, code, kind).await?.is_some_and(|(t, _)| t.interim);
    Ok(asked.filter(|m| interim && (1..=12).contains(m)))
}

/// POST /k/{kommun}/rapporter/{typ}/{ar}/publicering — publishes the report for the public as it
/// stands now (published again: the public's copy is made anew) or withdraws it.
pub async fn publish(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, kind, year)): Path<(String, String, i32)>,
    Query(q): Query<MonthQuery>,
    Form(f): Form<super::PublishForm>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    if store::report::template(&state.store, &code, &kind).await?.is_none() {
        return Err(AppError::not_found(format!("Rapporttypen {kind} finns inte.")));
    }
    // The period: an interim report's month (its latest without), none for a year's report.
    let month = interim_month(&state, &code, &kind, q.manad).await?;
    if f.publish() {
        // The review's warnings are read before the public reads the report: publishing with
        // warnings takes the publisher's word that they read them (and as many as there are now).
        let warnings = crate::report::review_warnings(&state.store, &code, &kind, year, month).await?;
        if !warnings.is_empty() && f.acknowledged() != warnings.len() {
            // The report again, with why beside the button (the warnings are listed on it).
            let n = warnings.len();
            let (count, these, read) = if n == 1 {
                ("1 varning".to_string(), "varningen".to_string(), "den")
            } else {
                (format!("{n} varningar"), format!("de {n} varningarna"), "dem")
            };
            let why = format!(
                "Rapporten publicerades inte: granskningen har {count}. Läs {these} under Granskning och kryssa i att du har läst {read} för att publicera ändå."
            );
            let refused = Refused { key: PUBLISH_FIELD.into(), text: String::new(), why };
            let page = report_page(&state, &auth, &code, &kind, year, q.manad, None, Some(refused)).await?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        crate::report::publish_despite(&state.store, &actor(&auth), &code, &kind, year, month, &warnings).await?;
        crate::flash::set(&auth, "Rapporten är publicerad: allmänheten läser den som den är nu.").await;
    } else {
        // An interim report without a month: the period the public reads first.
        let period = match month {
            Some(m) => Some(m),
            None => store::publication::published_report(&state.store, &code, &kind, year).await?.and_then(|p| p.to_month),
        };
        let mut w = state.store.begin(&actor(&auth)).await?;
        let withdrawn = store::publication::withdraw_report(&mut w, &code, &kind, year, period).await?;
        if !withdrawn {
            let when = period.map(|m| format!(" för {}", domain::period::months_to(m))).unwrap_or_default();
            return Err(AppError::not_found(format!("Rapporten {year} är inte publicerad{when}; inget avpublicerades.")));
        }
        w.commit().await?;
        crate::flash::set(&auth, "Rapporten är avpublicerad: allmänheten ser den inte längre.").await;
    }
    let month = q.manad.map(|m| format!("?manad={m}")).unwrap_or_default();
    Ok(Redirect::to(&format!("/k/{code}/rapporter/{kind}/{year}{month}")).into_response())
}

#[derive(Template)]
#[template(path = "report/template.html")]
struct TemplatePage {
    shell: Shell,
    code: String,
    kind: String,
    name: String,
    own: bool,
    rows: Vec<TemplateRow>,
    conventions: &'static [(&'static str, &'static str)],
    error: Option<String>,
}

/// A table of a section in the editor.
struct TableRow {
    j: usize,
    kind: String,
    caption: String,
    /// The table's own footnote.
    note: String,
    unit: String,
    decimals: String,
    /// The table's sign convention key ("" = the year's), `None` where the kind has none.
    convention: Option<String>,
}

/// The table kinds whose deviation column follows a sign convention the template may set.
const CONVENTION_KINDS: &[&str] = &["drift", "driftnetto", "delredovisning"];

/// The conventions the editor offers: key and Swedish label.
const CONVENTIONS: &[(&str, &str)] = &[("utfall-budget", "utfall − budget"), ("budget-utfall", "budget − utfall (nettokostnad positiv)")];

struct TemplateRow {
    i: usize,
    key: String,
    heading: String,
    include: bool,
    new_page: bool,
    tables: Vec<TableRow>,
}

fn template_rows(t: &ReportTemplate) -> Vec<TemplateRow> {
    t.sections
        .iter()
        .enumerate()
        .map(|(i, s)| TemplateRow {
            i,
            key: s.key.clone(),
            heading: s.heading.clone(),
            include: s.include,
            new_page: s.new_page,
            tables: s
                .content
                .iter()
                .enumerate()
                .filter_map(|(j, c)| match c {
                    Content::Table(spec) => Some(TableRow {
                        j,
                        kind: spec.kind.clone(),
                        caption: spec.caption.clone().unwrap_or_default(),
                        note: spec.note.clone().unwrap_or_default(),
                        unit: spec.unit.map(|u| u.unit().to_string()).unwrap_or_default(),
                        decimals: spec.decimals.map(|d| d.to_string()).unwrap_or_default(),
                        convention: CONVENTION_KINDS
                            .contains(&spec.kind.as_str())
                            .then(|| spec.convention.map(|c| c.key().to_string()).unwrap_or_default()),
                    }),
                    _ => None,
                })
                .collect(),
        })
        .collect()
}

/// GET /k/{kommun}/rapporter/{typ}/mall
pub async fn template(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, kind)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let (t, own) = store::report::template(&state.store, &code, &kind)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Rapporttypen {kind} finns inte.")))?;
    render(template_page(&auth, &m, code, kind, &t, own, None))
}

fn template_page(
    auth: &AuthSession,
    m: &domain::org::Municipality,
    code: String,
    kind: String,
    t: &ReportTemplate,
    own: bool,
    error: Option<String>,
) -> TemplatePage {
    TemplatePage {
        shell: Shell::new(&format!("Mall: {}", t.plain_name()), auth, Some(m)).at(&format!("/k/{code}/rapporter")),
        code,
        kind,
        name: t.name.clone(),
        own,
        rows: template_rows(t),
        conventions: CONVENTIONS,
        error,
    }
}

/// POST /k/{kommun}/rapporter/{typ}/mall — the municipality's copy: headings, order (a
/// number per section), which sections are printed, new pages, and of each table its caption,
/// unit, decimals and (where it has a deviation column) sign convention.
pub async fn save_template(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, kind)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let (mut t, own) = store::report::template(&state.store, &code, &kind)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Rapporttypen {kind} finns inte.")))?;
    let get = |k: String| form.iter().find(|(kk, _)| *kk == k).map(|(_, v)| v.trim().to_string());
    let mut order: Vec<(i64, usize)> = Vec::new();
    let mut error = None;
    for (i, s) in t.sections.iter_mut().enumerate() {
        if let Some(h) = get(format!("rubrik_{i}")) {
            s.heading = h;
        }
        s.include = get(format!("med_{i}")).is_some();
        s.new_page = get(format!("sida_{i}")).is_some();
        let pos = get(format!("ordning_{i}")).unwrap_or_default();
        match pos.parse::<i64>() {
            Ok(p) => order.push((p, i)),
            Err(_) => error = Some(format!("Ordningen för «{}» ska vara ett heltal, inte «{pos}».", s.heading)),
        }
        for (j, c) in s.content.iter_mut().enumerate() {
            if let Content::Table(spec) = c {
                match get(format!("enhet_{i}_{j}")).as_deref() {
                    Some("") | None => spec.unit = None,
                    Some(u) => match domain::money::Scale::parse(u) {
                        Some(sc) => spec.unit = Some(sc),
                        None => error = Some(format!("Okänd enhet «{u}» (kr, tkr eller mkr).")),
                    },
                }
                match get(format!("decimaler_{i}_{j}")).as_deref() {
                    Some("") | None => spec.decimals = None,
                    Some(d) => match d.parse::<u8>() {
                        Ok(d) => spec.decimals = Some(d),
                        Err(_) => error = Some(format!("Decimaler ska vara 0–3, inte «{d}».")),
                    },
                }
                if let Some(c) = get(format!("rubrik_{i}_{j}")) {
                    spec.caption = Some(c).filter(|c| !c.is_empty());
                }
                if let Some(n) = get(format!("not_{i}_{j}")) {
                    spec.note = Some(n).filter(|n| !n.is_empty());
                }
                if CONVENTION_KINDS.contains(&spec.kind.as_str()) {
                    match get(format!("tecken_{i}_{j}")).as_deref() {
                        Some("") | None => spec.convention = None,
                        Some(k) => {
                            match domain::economy::SignConvention::parse(k).filter(|c| CONVENTIONS.iter().any(|(x, _)| *x == c.key())) {
                                Some(c) => spec.convention = Some(c),
                                None => error = Some(format!("Okänd teckenkonvention «{k}» (utfall − budget eller budget − utfall).")),
                            }
                        }
                    }
                }
            }
        }
    }
    order.sort();
    let sections = std::mem::take(&mut t.sections);
    t.sections = order.iter().map(|(_, i)| sections[*i].clone()).collect();
    if let Some(e) = error.or_else(|| t.validate().err()) {
        let page = template_page(&auth, &m, code, kind, &t, own, Some(format!("Inget sparades. {e}")));
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::report::save_template(&mut w, &code, &t).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/rapporter/{kind}/mall")).into_response())
}

/// The query of a report's published copy: `?publicerad=ja`, and an interim report's month.
pub(crate) fn published_query(to_month: Option<u8>) -> String {
    format!("?publicerad=ja{}", to_month.map(|m| format!("&manad={m}")).unwrap_or_default())
}
