//! Meetings: the calendar and the notice board (public), a meeting's agenda and protocol with
//! the secretary's paragraph editor (motions, a vote, reservations, secrecy), signatures that
//! justera and lock the protocol, the anslag, and the public protocol.

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
use domain::cases::CaseNumber;
use domain::meetings::*;
use domain::period::Date;
use serde::Deserialize;

/// Who keeps the minutes.
pub use crate::access::MINUTE_KEEPERS as KEEPERS;

#[derive(Template)]
#[template(path = "meetings/index.html")]
struct IndexPage {
    shell: Shell,
    code: String,
    /// (id, body, when, place, justerat, what the staff should know of its kallelse).
    meetings: Vec<(String, String, String, String, bool, String)>,
    staff: bool,
    /// The bodies a secretary may call a meeting of (key, name); empty for others.
    bodies: Vec<(String, String)>,
    /// The new-meeting form as sent, after a refusal.
    form: NewMeeting,
    /// The date has passed: the form asks whether the meeting was held.
    ask_held: bool,
    error: Option<String>,
    /// Seats in the register of members (for those who keep the minutes).
    seats: usize,
    /// The register's names as a protocol writes them ("Anna Berg (S)"), suggested for chair
    /// and justerare.
    member_names: Vec<String>,
    /// What was just done (the register read, a meeting cancelled).
    notice: Option<String>,
    /// Why reading the register was refused (naming file, line and field).
    members_error: Option<String>,
}

/// GET /k/{kommun}/sammantraden — the meeting calendar, with the message of a change just made
/// (a cancelled meeting, a register of members read) from the session.
pub async fn index(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    let mut page = index_page(&state, &auth, code, NewMeeting::default(), None).await?;
    page.notice = crate::flash::take(&auth).await;
    render(page)
}

/// POST /k/{kommun}/sammantraden/{id}/stall-in — cancels a meeting nobody has signed the
/// protocol of: it goes with its agenda and draft protocol (the audit log keeps them).
pub async fn cancel(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = found(store::meetings::cancel(&mut w, &code, &id).await);
    let calendar = format!("/k/{code}/sammantraden");
    let r = finish_to(&state, &auth, &code, &id, w, done, format!("Sammanträdet {id} finns inte."), |()| calendar).await?;
    if r.status() == StatusCode::SEE_OTHER {
        crate::flash::set(&auth, &format!("Sammanträdet {id} är inställt och borttaget med sin dagordning.")).await;
    }
    Ok(r)
}

/// A meeting's id: the municipality, the body and the date.
fn meeting_id(code: &str, body: &str, date: Date) -> String {
    format!("{code}-{body}-{date}")
}

/// The new date of a moved meeting.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewDate {
    datum: String,
}

/// POST /k/{kommun}/sammantraden/{id}/flytta — moves a meeting to another date before its
/// protocol is drafted and anyone signs; it keeps its agenda and attendance, and the kallelse is
/// sent again.
pub async fn move_meeting(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Form(f): Form<NewDate>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let Some(m) = store::meetings::meeting(&state.store, &code, &id).await? else {
        return Err(AppError::not_found(format!("Sammanträdet {id} finns inte.")));
    };
    // A refusal shows the day as it was typed, with the reason.
    let refuse_typed = |why: String| refused_as_typed(&state, &auth, &code, &id, why, |p| p.move_to = f.datum.clone());
    let Ok(date) = Date::parse(f.datum.trim()) else {
        return refuse_typed(super::date_refusal("Nytt datum", &f.datum)).await;
    };
    // Rescheduled, not backdated.
    let today = state.clock.today();
    if date < today {
        return refuse_typed(format!("Nytt datum: {date} har varit; ett sammanträde flyttas till i dag ({today}) eller senare.")).await;
    }
    let new_id = meeting_id(&code, &m.meeting.body, date);
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = found(store::meetings::move_to(&mut w, &code, &id, &new_id, date).await);
    finish_to(&state, &auth, &code, &id, w, done, format!("Sammanträdet {id} finns inte."), |()| {
        format!("/k/{code}/sammantraden/{new_id}")
    })
    .await
}

/// POST /k/{kommun}/ledamoter — reads the register of elected members (`ledamoter.csv`),
/// replacing the earlier one; meetings not yet justerade and without an attendance list get
/// one from it. All of it or nothing.
pub async fn import_members(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(code): Path<String>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let mut file: Option<(String, Vec<u8>)> = None;
    if let Ok(mut mp) = multipart {
        while let Some(field) = mp.next_field().await.map_err(|e| AppError::bad_request(format!("Filen kunde inte tas emot: {e}")))? {
            if field.name() == Some("fil") {
                let name = field.file_name().unwrap_or("ledamoter.csv").to_string();
                let bytes = field.bytes().await.map_err(|e| AppError::bad_request(format!("Filen kunde inte tas emot: {e}")))?;
                file = Some((name, bytes.to_vec()));
            }
        }
    }
    let refuse = |why: String| async {
        let mut page = index_page(&state, &auth, code.clone(), NewMeeting::default(), None).await?;
        page.members_error = Some(why);
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
    };
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse("Välj filen ledamoter.csv att läsa in.".into()).await;
    };
    match crate::imports::import_members(&state.store, &actor(&auth), &code, (&name, &bytes)).await {
        Ok((seats, filled)) => {
            crate::flash::set(
                &auth,
                &format!("Ledamotsförteckningen är inläst: {seats} platser; {filled} sammanträden fick en närvarolista."),
            )
            .await;
            Ok(Redirect::to(&format!("/k/{code}/sammantraden")).into_response())
        }
        Err(crate::imports::ImportError::Store(e)) => Err(e.into()),
        Err(e) => refuse(format!("Inget lästes in. {e}")).await,
    }
}

async fn index_page(
    state: &AppState,
    auth: &AuthSession,
    code: String,
    form: NewMeeting,
    error: Option<String>,
) -> Result<IndexPage, AppError> {
    let m = municipality_or_404(state, &code).await?;
    let who = Who::of(auth);
    let staff = who.belongs_to(&code);
    // The committee and its utskott (the council and the board keep their own minutes).
    let bodies: Vec<(String, String)> = if staff && KEEPERS.contains(&who.role) {
        let org = store::org::organisation(&state.store, &code).await?;
        org.bodies().iter().filter(|b| committee_body(b.kind)).map(|b| (b.key.clone(), b.name.clone())).collect()
    } else {
        Vec::new()
    };
    // The public's protocol link is there once the protocol is up on the notice board; the
    // staff's once it is justerat.
    let today = state.clock.today();
    let up: Vec<String> =
        store::meetings::notice_board(&state.store, &code).await?.into_iter().filter(|p| p.is_up(today)).map(|p| p.meeting).collect();
    let meetings = store::meetings::meetings(&state.store, &code)
        .await?
        .into_iter()
        .filter(|s| staff || s.meeting.notice_sent)
        .map(|s| {
            let protocol = if staff { s.locked_hash.is_some() } else { up.contains(&s.meeting.id) };
            let x = s.meeting;
            let place = crate::meetings::place_of(&x);
            let notice = match (x.notice_sent, x.notice_changed) {
                (false, _) => "kallelsen inte skickad",
                (true, true) => "ändrad sedan kallelsen skickades",
                _ => "",
            };
            (x.id, x.body_name, format!("{} kl. {}", x.date, x.time), place, protocol, notice.to_string())
        })
        .collect();
    let register = if bodies.is_empty() { Vec::new() } else { store::meetings::members(&state.store, &code).await? };
    let seats = register.len();
    Ok(IndexPage {
        shell: Shell::new("Sammanträden", auth, Some(&m)).at(&format!("/k/{code}/sammantraden")),
        code,
        meetings,
        staff,
        bodies,
        form,
        ask_held: false,
        error,
        seats,
        member_names: member_names(&register),
        notice: None,
        members_error: None,
    })
}

/// Names from the register of members as a protocol writes them ("Anna Berg (S)"), once each,
/// in Swedish order.
fn member_names(register: &[BodyMember]) -> Vec<String> {
    let mut names: Vec<String> =
        register.iter().map(|m| if m.party.is_empty() { m.name.clone() } else { format!("{} ({})", m.name, m.party) }).collect();
    domain::sv::sort_by_key_sv(&mut names, |n| n.as_str());
    names.dedup();
    names
}

/// The bodies whose meetings are kept here: the committee and its utskott.
fn committee_body(kind: domain::org::BodyKind) -> bool {
    use domain::org::BodyKind::*;
    matches!(kind, Namnd | Arbetsutskott | Utskott)
}

/// A new meeting: body, date, time, place, chair, secretary, justerare.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewMeeting {
    organ: String,
    datum: String,
    tid: String,
    plats: String,
    ordforande: String,
    sekreterare: String,
    justerare: String,
    /// "ja": the meeting has been held, and is entered afterwards (its date has passed).
    hallet: String,
}

/// POST /k/{kommun}/sammantraden — calls a meeting: its head, the attendance list from the
/// register of members and an agenda that opens with the formalities. The protocol is drafted
/// later ([`draft`]), so that meetings planned ahead do not take § numbers before the meetings
/// before them have used theirs.
pub async fn create(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(code): Path<String>,
    Form(f): Form<NewMeeting>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let org = store::org::organisation(&state.store, &code).await?;
    let body = org.bodies().iter().find(|b| b.key == f.organ.trim() && committee_body(b.kind)).cloned();
    let date = Date::parse(f.datum.trim()).ok();
    let time = f.tid.trim();
    let time_ok = time_of_day(time);
    // Every problem at once: the kallelse needs them all (its heading reads "Kl. 18:00, Plats").
    let mut problems = Vec::new();
    if body.is_none() {
        problems.push("Välj organ.".to_string());
    }
    if date.is_none() {
        problems.push(super::date_refusal("Datum", &f.datum));
    }
    // A date that has passed is a typing error more often than a meeting entered afterwards:
    // said, and taken once the secretary says the meeting was held.
    let today = state.clock.today();
    let past = date.filter(|d| *d < today && f.hallet != "ja");
    if let Some(d) = past {
        problems.push(format!(
            "Datum: {d} har varit. Rätta datumet, eller kryssa i «Sammanträdet är redan hållet» om det läggs in i efterhand."
        ));
    }
    match time {
        "" => problems.push("Ange tiden, som 18:00.".to_string()),
        t if !time_ok => problems.push(format!("Tid: \"{t}\" ska skrivas TT:MM, som 18:00.")),
        _ => {}
    }
    problems.extend(super::ask_for(&[(&f.plats, "platsen"), (&f.ordforande, "ordförande"), (&f.sekreterare, "sekreterare")]));
    let problem = (!problems.is_empty()).then(|| problems.join(" "));
    let (Some(body), Some(date), None) = (body, date, &problem) else {
        let mut page = index_page(&state, &auth, code, f, Some(format!("Inget sparades. {}", problem.unwrap_or_default()))).await?;
        page.ask_held = past.is_some();
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    };
    let id = meeting_id(&code, &body.key, date);
    let meeting = Meeting {
        id: id.clone(),
        body: body.key.clone(),
        body_name: body.name.clone(),
        date,
        time: time.to_string(),
        place: f.plats.trim().to_string(),
        link: String::new(),
        chair: f.ordforande.trim().to_string(),
        secretary: f.sekreterare.trim().to_string(),
        adjusters: adjusters(&f.justerare),
        adjustment: String::new(),
        members: domain::meetings::attendance(&store::meetings::members(&state.store, &code).await?, &body.key, date),
        // Public once the secretary sends the kallelse.
        notice_sent: false,
        notice_sent_on: None,
        notice_changed: false,
        notice_revised: false,
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    if !store::meetings::create_meeting(&mut w, &code, &meeting, &opening_agenda()).await? {
        drop(w);
        let why = format!("Inget sparades. {} har redan ett sammanträde {date}.", body.name);
        let page = index_page(&state, &auth, code, f, Some(why)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/sammantraden/{id}")).into_response())
}

/// POST /k/{kommun}/sammantraden/{id}/skicka — sends the kallelse: from now on the meeting, its
/// agenda and its case papers are public (secret items as the public sees them).
pub async fn send_notice(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    let today = state.clock.today();
    let done = found(
        store::meetings::set_head(&mut w, &code, &id, |m| {
            // Sent again after a change: an ändrad kallelse.
            m.notice_revised |= m.notice_changed;
            (m.notice_sent, m.notice_sent_on, m.notice_changed) = (true, Some(today), false);
        })
        .await,
    );
    finish(&state, &auth, &code, &id, w, done, format!("Sammanträdet {id} finns inte."), |()| String::new()).await
}

/// Whether `t` is a time of day as a meeting is given one: empty, or `TT:MM`.
fn time_of_day(t: &str) -> bool {
    t.is_empty()
        || (t.len() == 5
            && t.as_bytes()[2] == b':'
            && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
            && t[3..].parse::<u8>().is_ok_and(|m| m < 60))
}

/// The justerare as a form lists them: separated by commas or lines.
fn adjusters(list: &str) -> Vec<String> {
    list.split([',', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// A meeting's details that may change until someone signs.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MeetingDetails {
    tid: String,
    plats: String,
    ordforande: String,
    sekreterare: String,
    justerare: String,
}

/// POST /k/{kommun}/sammantraden/{id}/uppgifter — time, place, chair, secretary and justerare
/// (often elected at the meeting), until someone signs: the signatures are checked against them.
pub async fn details(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Form(f): Form<MeetingDetails>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let time = f.tid.trim();
    let mut problems = Vec::new();
    if !time_of_day(time) {
        problems.push(format!("Tid: \"{time}\" ska skrivas TT:MM, som 18:00."));
    }
    problems.extend(super::ask_for(&[(&f.ordforande, "ordförande"), (&f.sekreterare, "sekreterare")]));
    if !problems.is_empty() {
        // The form again as it was typed, with every reason.
        return refused_as_typed(&state, &auth, &code, &id, problems.join(" "), |p| {
            p.m.time = f.tid.clone();
            p.m.place = f.plats.clone();
            p.m.chair = f.ordforande.clone();
            p.m.secretary = f.sekreterare.clone();
            p.m.adjusters = adjusters(&f.justerare);
        })
        .await;
    }
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = store::meetings::set_head(&mut w, &code, &id, |m| {
        // A new time or place after the kallelse went out: it goes out again.
        m.notice_changed |= m.notice_sent && (m.time != time || m.place != f.plats.trim());
        m.time = time.to_string();
        m.place = f.plats.trim().to_string();
        m.chair = f.ordforande.trim().to_string();
        m.secretary = f.sekreterare.trim().to_string();
        m.adjusters = adjusters(&f.justerare);
    })
    .await;
    let missing = format!("Sammanträdet {id} finns inte.");
    finish(&state, &auth, &code, &id, w, found(done), missing, |()| String::new()).await
}

/// An item put on a meeting's agenda.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewItem {
    rubrik: String,
    dnr: String,
    typ: String,
    forslag: String,
    sammanfattning: String,
    sekretess: String,
}

impl NewItem {
    /// The form of an item on the agenda, to edit it.
    fn of(a: &AgendaItem) -> NewItem {
        NewItem {
            rubrik: a.title.clone(),
            dnr: a.case.clone().unwrap_or_default(),
            typ: a.kind.word().to_string(),
            forslag: a.proposal.clone(),
            sammanfattning: a.paper.clone(),
            sekretess: if a.secret { "ja" } else { "" }.to_string(),
        }
    }
}

/// POST /k/{kommun}/sammantraden/{id}/dagordning — puts an item last on the agenda while nobody
/// has signed the protocol; once the protocol is drafted, with its paragraph too (the proposal
/// as the decision), numbered after the meeting's last §.
pub async fn add_item(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Form(f): Form<NewItem>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let item = match item_of_form(&state, &code, &id, &f, None).await? {
        Ok(item) => item,
        // The form again as it was filled in, with the reason inside it.
        Err(why) => {
            return refused_page(&state, &auth, &code, &id, |p| (p.item, p.item_error) = (f, Some(format!("Inget sparades. {why}")))).await;
        }
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = store::meetings::add_item(&mut w, &code, &id, item).await;
    let anchor = |p: Option<u32>| p.map_or("#dagordning".to_string(), |n| format!("#p{n}"));
    finish(&state, &auth, &code, &id, w, done, format!("Sammanträdet {id} finns inte."), anchor).await
}

/// POST /k/{kommun}/sammantraden/{id}/dagordning/{nr} — writes an agenda item anew (title,
/// case number, kind, proposal, summary, secrecy) while nobody has signed; once the protocol is
/// drafted, its paragraph takes the new title and case number.
pub async fn edit_item(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id, nr)): Path<(String, String, u32)>,
    Form(f): Form<NewItem>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let missing = format!("Punkt {nr} finns inte på dagordningen.");
    if !store::meetings::agenda(&state.store, &code, &id).await?.iter().any(|a| a.number == nr) {
        return Err(AppError::not_found(missing));
    }
    // The item's form again as it was filled in, open, with the reason inside it.
    let refuse_edit = |why: String| {
        let f = f.clone();
        refused_page(&state, &auth, &code, &id, move |p| {
            if let Some(i) = p.agenda.iter().position(|a| a.number == nr) {
                p.edits[i] = f;
                p.edit_error = Some((nr, format!("Inget sparades. {why}")));
            }
        })
    };
    let item = match item_of_form(&state, &code, &id, &f, Some(nr)).await? {
        Ok(item) => item,
        Err(why) => return refuse_edit(why).await,
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    match store::meetings::edit_item(&mut w, &code, &id, nr, item).await {
        // The store's refusal (a change of secrecy once drafted, a signed protocol) in the form.
        Err(store::Error::Conflict(why)) => {
            drop(w);
            refuse_edit(why).await
        }
        done => finish(&state, &auth, &code, &id, w, found(done), missing, |()| format!("#punkt{nr}")).await,
    }
}

/// An agenda item from its form, or why it is refused (in Swedish, for the form): a kind, a
/// title (the diarium's, when only a case number is given), no personnummer, and a case not on
/// the agenda already except as item `except` (the one being edited).
async fn item_of_form(
    state: &AppState,
    code: &str,
    id: &str,
    f: &NewItem,
    except: Option<u32>,
) -> Result<Result<AgendaItem, String>, AppError> {
    let Some(kind) = ItemKind::parse(&f.typ) else {
        return Ok(Err("Välj typ: beslut, information, anmälan eller formalia.".into()));
    };
    let number = match f.dnr.trim() {
        "" => None,
        // A series typed in lower case is the same series.
        v => match CaseNumber::parse_any_case(v) {
            Ok((c, _)) => Some(c),
            Err(e) => return Ok(Err(format!("Diarienummer: {}", e.0))),
        },
    };
    // A case from the diarium brings its title when none is written.
    let registered = match &number {
        Some(n) => store::cases::case(&state.store, code, n).await?,
        None => None,
    };
    let title = match (f.rubrik.trim(), &registered) {
        ("", Some(c)) => c.title.clone(),
        ("", None) if number.is_some() => {
            return Ok(Err(format!("Ange ärendets rubrik: {} finns inte i diariet, så rubriken kan inte hämtas därifrån.", f.dnr.trim())));
        }
        ("", None) => return Ok(Err("Ange ärendets rubrik (eller ett diarienummer ur diariet).".into())),
        (t, _) => t.to_string(),
    };
    // The title is public with the agenda, secret item or not; the proposal and the summary are
    // too unless the item is secret, and even then go out with the kallelse to every member.
    let texts = [title.as_str(), f.forslag.as_str(), f.sammanfattning.as_str()];
    if let Some(why) = super::personnummer_refusal(
        "Ärendet",
        texts,
        "kallelsen och protokollet skickas ut och publiceras; skriv utan uppgifter som pekar ut någon",
    ) {
        return Ok(Err(why));
    }
    // As the diarium writes it, when the case is there ("SN 2026/2" typed is SN/2026:00002).
    let case = registered.as_ref().map(|c| c.number.to_string()).or_else(|| number.as_ref().map(|c| c.to_string()));
    // A case once on an agenda, however either was written.
    let key = |n: &CaseNumber| (n.unit.clone(), n.series.clone(), n.year, n.serial);
    if let (Some(c), Some(n)) = (&case, &number)
        && let Some(a) = store::meetings::agenda(&state.store, code, id)
            .await?
            .iter()
            .filter(|a| Some(a.number) != except)
            .find(|a| a.case.as_deref().and_then(|x| CaseNumber::parse_any_case(x).ok()).is_some_and(|(x, _)| key(&x) == key(n)))
    {
        return Ok(Err(format!("Ärendet {c} står redan på dagordningen som punkt {}.", a.number)));
    }
    let item = AgendaItem {
        number: 0,
        title,
        case,
        heading_case: None,
        kind,
        proposal: f.forslag.trim().to_string(),
        paper: f.sammanfattning.trim().to_string(),
        secret: f.sekretess == "ja",
        sections: vec![],
    };
    Ok(Ok(item))
}

/// POST /k/{kommun}/sammantraden/{id}/dagordning/{nr}/upp — moves an item one place up the
/// agenda (before the protocol is drafted).
pub async fn move_item_up(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id, nr)): Path<(String, String, u32)>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = found(store::meetings::move_item_up(&mut w, &code, &id, nr).await);
    finish(&state, &auth, &code, &id, w, done, format!("Punkt {nr} finns inte på dagordningen eller står redan först."), |()| {
        "#dagordning".to_string()
    })
    .await
}

/// POST /k/{kommun}/sammantraden/{id}/dagordning/{nr}/ta-bort — takes an item off the agenda
/// with its paragraph while nobody has signed; the items and paragraphs after it move up one.
/// Refused where a later meeting of the body continues the § series (it would leave a gap).
pub async fn remove_item(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id, nr)): Path<(String, String, u32)>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = found(store::meetings::remove_item(&mut w, &code, &id, nr).await);
    finish(&state, &auth, &code, &id, w, done, format!("Punkt {nr} finns inte på dagordningen."), |()| "#dagordning".into()).await
}

/// POST /k/{kommun}/sammantraden/{id}/protokollsutkast — drafts the protocol from the agenda:
/// a paragraph per item, numbered on from the body's last § of the year, each proposal as its
/// decision. Refused when the meeting has a protocol, or a later meeting of the body already
/// uses the numbers.
pub async fn draft(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = store::meetings::draft(&mut w, &code, &id).await;
    finish(&state, &auth, &code, &id, w, done, format!("Sammanträdet {id} finns inte."), |first| format!("#p{first}")).await
}

#[derive(Template)]
#[template(path = "meetings/board.html")]
struct BoardPage {
    shell: Shell,
    code: String,
    postings: Vec<(String, String, String, String, String, bool)>,
}

/// GET /k/{kommun}/anslagstavla — the official notice board.
pub async fn board(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let today = state.clock.today();
    let mut postings = Vec::new();
    for p in store::meetings::notice_board(&state.store, &code).await?.into_iter().filter(|p| p.is_up(today)) {
        let title = store::meetings::meeting(&state.store, &code, &p.meeting)
            .await?
            .map(|s| format!("Protokoll {} {}", s.meeting.body_name.to_lowercase(), s.meeting.date))
            .unwrap_or_else(|| p.meeting.clone());
        postings.push((
            p.meeting,
            title,
            p.justerad.to_string(),
            p.posted.to_string(),
            p.appeal_last_day.to_string(),
            today > p.appeal_last_day,
        ));
    }
    render(BoardPage { shell: Shell::new("Anslagstavla", &auth, Some(&m)).at(&format!("/k/{code}/anslagstavla")), code, postings })
}

#[derive(Clone)]
struct ParagraphView {
    p: Paragraph,
    decision: String,
    ballots: String,
    vote_result: String,
}

/// A row of the attendance list.
struct AttendanceRow {
    index: usize,
    name: String,
    party: String,
    role: String,
    status: &'static str,
    /// (value, label, selected)
    options: Vec<(&'static str, &'static str, bool)>,
}

/// A member's attendance as a form value.
fn attendance_value(x: &Member) -> &'static str {
    match (x.is_substitute(), x.present, x.serving) {
        (true, _, true) => "tjanstgor",
        (_, true, _) => "narvarande",
        _ => "franvarande",
    }
}

fn attendance_rows(m: &Meeting) -> Vec<AttendanceRow> {
    m.members
        .iter()
        .enumerate()
        .map(|(index, x)| {
            let value = attendance_value(x);
            let choices: &[(&str, &str)] = if x.is_substitute() {
                &[("tjanstgor", "Tjänstgör"), ("narvarande", "Närvarande, tjänstgör inte"), ("franvarande", "Frånvarande")]
            } else {
                &[("narvarande", "Närvarande"), ("franvarande", "Frånvarande")]
            };
            AttendanceRow {
                index,
                name: x.name.clone(),
                party: x.party.clone(),
                role: x.role.clone(),
                status: choices.iter().find(|(v, _)| *v == value).map_or("", |(_, l)| l),
                options: choices.iter().map(|(v, l)| (*v, *l, *v == value)).collect(),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "meetings/meeting.html")]
struct MeetingPage {
    shell: Shell,
    code: String,
    /// The agenda form's example of a case number, in the municipality's form.
    case_example: String,
    attendance: Vec<AttendanceRow>,
    quorum: String,
    m: Meeting,
    agenda: Vec<AgendaItem>,
    paragraphs: Vec<ParagraphView>,
    /// The paragraph whose refused form is shown as it was sent.
    refused: Option<u32>,
    locked: bool,
    may_edit: bool,
    may_sign: bool,
    may_post: bool,
    /// The posting's day has not come: the protocol is not on the board yet, and the day may
    /// be corrected.
    scheduled: bool,
    /// May put an item on the agenda (a draft nobody has signed).
    may_add: bool,
    /// Signatures may be withdrawn (someone has signed; not yet justerat).
    may_withdraw: bool,
    /// The § just saved.
    saved: Option<u32>,
    /// Pending signers no account of the municipality is named as (they could not sign).
    no_account: Vec<String>,
    /// May draft the protocol from the agenda (there is none yet).
    may_draft: bool,
    /// Link the sekretessprotokoll: a paragraph is secret and the account may read it.
    secrecy_protocol: bool,
    pending: Vec<(String, String)>,
    /// The new agenda item's form as sent, after a refusal, and why.
    item: NewItem,
    item_error: Option<String>,
    /// Each agenda item's edit form, in the agenda's order (as sent, after a refusal).
    edits: Vec<NewItem>,
    /// The item whose edit was refused, and why.
    edit_error: Option<(u32, String)>,
    /// The pending signatures that are the logged-in account's own.
    mine: Vec<(String, String)>,
    /// (role, signer, when in Swedish local time).
    signed: Vec<(String, String, String)>,
    /// Why nobody can sign yet (no protocol, the meeting not held, no justerare).
    sign_blocked: Option<String>,
    /// The logged-in account has signed.
    signed_by_me: bool,
    /// The register's names, suggested for chair and justerare.
    member_names: Vec<String>,
    posting: Option<store::meetings::Posting>,
    late: bool,
    /// Case numbers that differ between the agenda and a case paper's heading.
    case_conflicts: Vec<String>,
    /// The justering day the anslag form suggests: the day of the last signature (or as typed,
    /// after a refusal).
    justerad_default: String,
    /// The anslag day the form suggests: today (or as typed, after a refusal).
    anslagen_default: String,
    /// The day the move form suggests: the meeting's own (or as typed, after a refusal).
    move_to: String,
    error: Option<String>,
}

async fn meeting_page(state: &AppState, auth: &AuthSession, code: &str, id: &str, error: Option<String>) -> Result<Html<String>, AppError> {
    meeting_page_with(state, auth, code, id, error, None).await
}

/// The meeting page; `typed` is a paragraph as the secretary sent it and it was refused: its
/// form shows what was written, with the reason inside it.
async fn meeting_page_with(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    id: &str,
    error: Option<String>,
    typed: Option<ParagraphView>,
) -> Result<Html<String>, AppError> {
    render(build_meeting_page(state, auth, code, id, error, typed).await?)
}

async fn build_meeting_page(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    id: &str,
    error: Option<String>,
    typed: Option<ParagraphView>,
) -> Result<MeetingPage, AppError> {
    let mu = municipality_or_404(state, code).await?;
    let s = crate::meetings::stored(&state.store, code, id).await?;
    let who = Who::of(auth);
    let signed = store::meetings::signatures(&state.store, code, id).await?;
    let agenda = store::meetings::agenda(&state.store, code, id).await?;
    // The diarium's checks are the secretary's to act on, not the members'.
    // Each says which of the two numbers the diarium has, so that the secretary can tell which
    // one holds.
    let mut case_conflicts = Vec::new();
    if who.belongs_to(code) && KEEPERS.contains(&who.role) {
        for a in &agenda {
            let Some(conflict) = a.case_conflict() else { continue };
            let mut known = Vec::new();
            for n in [&a.case, &a.heading_case].into_iter().flatten().filter_map(|n| CaseNumber::parse(n).ok()) {
                if store::cases::case(&state.store, code, &n.0).await?.is_some() {
                    known.push(n.0.to_string());
                }
            }
            case_conflicts.push(match known.as_slice() {
                [] => format!("{conflict} Inget av numren finns i diariet."),
                [one] => format!("{conflict} I diariet finns {one}."),
                _ => format!("{conflict} Båda finns i diariet."),
            });
        }
    }
    let pending: Vec<(String, String)> = awaiting(&s.meeting, &signed).into_iter().map(|(r, n)| (r.to_string(), n)).collect();
    // An account signs only as the person it is.
    let mine = pending.iter().filter(|(_, n)| is_me(&who, n)).cloned().collect();
    let posting = store::meetings::posting(&state.store, code, id).await?;
    let locked = s.locked_hash.is_some();
    // Each signs with an account of their own name: the secretary is told whom no account fits.
    let no_account: Vec<String> = if !locked && who.belongs_to(code) && KEEPERS.contains(&who.role) {
        let users = store::users::list(&state.store, Some(code)).await?;
        pending
            .iter()
            .filter(|(_, n)| !users.iter().any(|u| !u.disabled && same_person(&u.display_name, n)))
            .map(|(_, n)| n.clone())
            .collect()
    } else {
        Vec::new()
    };
    let edits = agenda.iter().map(NewItem::of).collect();
    let mut page = MeetingPage {
        case_example: super::cases::number_example(state, &mu, s.meeting.date.year()).await?,
        shell: Shell::new(&format!("{} {}", s.meeting.body_name, s.meeting.date), auth, Some(&mu)).at(&format!("/k/{code}/sammantraden")),
        code: code.to_string(),
        attendance: attendance_rows(&s.meeting),
        quorum: s.meeting.quorum_sentence(),
        agenda,
        paragraphs: store::meetings::paragraphs(&state.store, code, id)
            .await?
            .into_iter()
            // A secret paragraph's content is for those who read secrets; others see what the
            // public protocol shows.
            .map(|p| if p.secret && !crate::access::reads_secrets(&who, code) { p.public() } else { p })
            .map(|p| match typed.as_ref().filter(|t| t.p.number == p.number) {
                Some(t) => t.clone(),
                None => ParagraphView {
                    decision: p.decision.join("\n"),
                    ballots: p
                        .vote
                        .as_ref()
                        .map(|v| v.ballots.iter().map(|(n, b)| format!("{n}: {}", ballot_word(*b))).collect::<Vec<_>>().join("\n"))
                        .unwrap_or_default(),
                    vote_result: p.vote.as_ref().map(Vote::result_sv).unwrap_or_default(),
                    p,
                },
            })
            .collect(),
        refused: typed.as_ref().map(|t| t.p.number),
        // Signatures are given to the protocol as it stands: it changes again only after the
        // justering is withdrawn.
        may_edit: !locked && signed.is_empty() && who.belongs_to(code) && KEEPERS.contains(&who.role),
        may_withdraw: !locked && !signed.is_empty() && who.belongs_to(code) && KEEPERS.contains(&who.role),
        no_account,
        saved: None,
        may_sign: !locked && who.belongs_to(code) && crate::access::SIGNERS.contains(&who.role),
        may_post: locked && who.belongs_to(code) && KEEPERS.contains(&who.role),
        may_add: !locked && signed.is_empty() && who.belongs_to(code) && KEEPERS.contains(&who.role),
        may_draft: false,
        secrecy_protocol: crate::access::reads_secrets(&who, code),
        locked,
        pending,
        mine,
        signed_by_me: signed.iter().any(|(_, n, _)| is_me(&who, n)),
        member_names: member_names(&store::meetings::members(&state.store, code).await?),
        justerad_default: signed
            .iter()
            .filter_map(|(_, _, at)| domain::period::stockholm_date(at))
            .max()
            .unwrap_or_else(|| state.clock.today())
            .to_string(),
        anslagen_default: state.clock.today().to_string(),
        move_to: s.meeting.date.to_string(),
        signed: signed.into_iter().map(|(r, n, at)| (r, n, domain::period::stockholm_minute(&at))).collect(),
        sign_blocked: None,
        item: NewItem::default(),
        item_error: None,
        edits,
        edit_error: None,
        late: posting.as_ref().is_some_and(|p| p.posted > anslag_deadline(p.justerad)),
        scheduled: posting.as_ref().is_some_and(|p| !p.is_up(state.clock.today())),
        case_conflicts,
        posting,
        m: s.meeting,
        error,
    };
    page.secrecy_protocol &= page.paragraphs.iter().any(|v| v.p.secret);
    page.may_draft = page.may_add && page.paragraphs.is_empty();
    if !page.locked {
        // The secretary is told what to do; a member what is awaited.
        let today = state.clock.today();
        let paragraphs: Vec<Paragraph> = page.paragraphs.iter().map(|v| v.p.clone()).collect();
        page.sign_blocked =
            if KEEPERS.contains(&who.role) { page.m.not_signable(today, &paragraphs) } else { page.m.not_signable_yet(today, &paragraphs) };
    }
    Ok(page)
}

fn ballot_word(b: Ballot) -> &'static str {
    match b {
        Ballot::Ja => "ja",
        Ballot::Nej => "nej",
        Ballot::Avstar => "avstår",
    }
}

/// GET /k/{kommun}/sammantraden/{id}
pub async fn meeting(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Query(q): Query<SavedQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = build_meeting_page(&state, &auth, &code, &id, None, None).await?;
    page.saved = q.sparad;
    render(page)
}

/// What was just saved, to confirm beside it (`sparad=5`: § 5).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    sparad: Option<u32>,
}

/// The meeting page again after a refusal, with what a form sent (and why it was refused) put
/// on it by `typed`.
async fn refused_page(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    id: &str,
    typed: impl FnOnce(&mut MeetingPage),
) -> Result<Response, AppError> {
    let mut page = build_meeting_page(state, auth, code, id, None, None).await?;
    typed(&mut page);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

/// [`refused_page`] with the reason at the top of the page.
async fn refused_as_typed(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    id: &str,
    why: String,
    typed: impl FnOnce(&mut MeetingPage),
) -> Result<Response, AppError> {
    refused_page(state, auth, code, id, |p| {
        p.error = Some(format!("Inget sparades. {why}"));
        typed(p)
    })
    .await
}

async fn refuse(state: &AppState, auth: &AuthSession, code: &str, id: &str, m: String) -> Result<Response, AppError> {
    refused_as_typed(state, auth, code, id, m, |_| {}).await
}

/// The paragraph editor.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ParagraphForm {
    text: String,
    beslut: String,
    yrkande_av: String,
    yrkande: String,
    ja_for: String,
    nej_for: String,
    roster: String,
    utslagsrost: String,
    reservation_av: String,
    reservation: String,
    anteckning: String,
    skickas_till: String,
    sekretess: String,
    osl: String,
    /// The title of the paragraph the form was shown for: § numbers move when an earlier
    /// meeting's protocol is drafted, and a page opened before must not write into the
    /// paragraph that has the number now.
    avser: Option<String>,
}

/// POST /k/{kommun}/sammantraden/{id}/paragraf/{nr}
pub async fn save_paragraph(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id, nr)): Path<(String, String, u32)>,
    Form(f): Form<ParagraphForm>,
) -> Result<Response, AppError> {
    let Some(mut p) = store::meetings::paragraphs(&state.store, &code, &id).await?.into_iter().find(|p| p.number == nr) else {
        return Err(AppError::not_found(format!("§ {nr} finns inte i sammanträdet {id}.")));
    };
    if let Some(shown) = f.avser.as_deref().filter(|t| t.trim() != p.title.trim()) {
        let why = format!(
            "Inget sparades: § {nr} är nu «{}», inte «{shown}». Paragrafernas nummer har ändrats sedan sidan öppnades \
             (ett tidigare sammanträdes protokoll har lagts upp). Skriv in ändringen igen under rätt paragraf nedan.",
            p.title
        );
        return Ok((StatusCode::CONFLICT, meeting_page(&state, &auth, &code, &id, Some(why)).await?).into_response());
    }
    // The head with its attendance list: votes and reservations are checked against it.
    let meeting = crate::meetings::stored(&state.store, &code, &id).await?.meeting;
    let lines = |s: &str| s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect::<Vec<_>>();
    // Every field is taken as sent; what cannot be taken is noted, and the form is shown again
    // with what was written.
    let mut problem: Option<String> = None;
    p.text = f.text.trim().to_string();
    p.decision = lines(&f.beslut);
    if p.decision.is_empty() && f.text.trim().is_empty() {
        problem = Some(format!("§ {nr} behöver en text eller ett beslut."));
    }
    p.motions = if f.yrkande.trim().is_empty() {
        vec![]
    } else {
        vec![Motion { by: f.yrkande_av.trim().to_string(), text: f.yrkande.trim().to_string(), supported_by: vec![] }]
    };
    p.vote = if f.roster.trim().is_empty() {
        None
    } else {
        let mut ballots = Vec::new();
        for l in lines(&f.roster) {
            let Some((name, b)) = l.rsplit_once(':') else {
                problem.get_or_insert(format!("Omröstningen: skriv «Namn: ja», «Namn: nej» eller «Namn: avstår», inte «{l}»."));
                continue;
            };
            let b = match b.trim().to_lowercase().as_str() {
                "ja" => Ballot::Ja,
                "nej" => Ballot::Nej,
                "avstår" | "avstar" => Ballot::Avstar,
                other => {
                    problem.get_or_insert(format!("Omröstningen: «{other}» är inte ja, nej eller avstår."));
                    continue;
                }
            };
            ballots.push((name.trim().to_string(), b));
        }
        let casting = match f.utslagsrost.as_str() {
            "ja" => Some(true),
            "nej" => Some(false),
            _ => None,
        };
        let v = Vote { ja_means: f.ja_for.trim().to_string(), nej_means: f.nej_for.trim().to_string(), ballots, chair_casting_ja: casting };
        if v.ja_wins().is_none() {
            problem.get_or_insert("Omröstningen slutade lika: ange ordförandens utslagsröst (kommunallagen 5 kap. 57 §).".into());
        }
        // Against the attendance list: those who decide vote, each once.
        if let Some(why) = meeting.vote_problem(&v) {
            problem.get_or_insert(why);
        }
        Some(v)
    };
    if let Some(v) = &p.vote {
        p.propositions = format!(
            "Ordföranden ställer proposition på {} och {} och finner att nämnden beslutat enligt {}. Votering begärs.",
            v.ja_means, v.nej_means, v.ja_means
        );
    } else {
        p.propositions.clear();
    }
    p.reservations = if f.reservation_av.trim().is_empty() {
        vec![]
    } else {
        vec![(f.reservation_av.trim().to_string(), f.reservation.trim().to_string())]
    };
    if let Some((who, _)) = p.reservations.first() {
        if let Some(why) = meeting.reservation_problem(who) {
            problem.get_or_insert(why);
        }
    }
    p.notes = lines(&f.anteckning);
    p.recipients = lines(&f.skickas_till);
    p.secret = f.sekretess == "ja";
    p.osl = f.osl.trim().to_string();
    // A secret paragraph names the provision it is secret under, in the sekretessprotokoll.
    if p.secret && p.osl.is_empty() {
        problem.get_or_insert("Ange sekretessbestämmelsen (t.ex. 26 kap. 1 § OSL) för en paragraf med sekretess.".into());
    }
    if let Some(m) = problem {
        let typed = ParagraphView { decision: f.beslut.clone(), ballots: f.roster.clone(), vote_result: String::new(), p };
        let page = meeting_page_with(&state, &auth, &code, &id, Some(format!("Inget sparades. {m}")), Some(typed)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = found(store::meetings::edit_paragraph(&mut w, &code, &id, &p).await);
    finish(&state, &auth, &code, &id, w, done, format!("Sammanträdet {id} finns inte."), |()| format!("?sparad={nr}#p{nr}")).await
}

/// POST /k/{kommun}/sammantraden/{id}/narvaro — records attendance: for member `i`, field
/// `n{i}` is `narvarande`, `franvarande` or (an ersättare) `tjanstgor`; a missing field keeps
/// what was recorded. Refused once the protocol is justerat.
pub async fn attendance(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Form(f): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let s = crate::meetings::stored(&state.store, &code, &id).await?;
    let mut members = s.meeting.members;
    for (i, x) in members.iter_mut().enumerate() {
        let Some(v) = f.get(&format!("n{i}")) else { continue };
        (x.present, x.serving) = match (v.as_str(), x.is_substitute()) {
            ("narvarande", _) => (true, false),
            ("franvarande", _) => (false, false),
            ("tjanstgor", true) => (true, true),
            _ => return refuse(&state, &auth, &code, &id, format!("Närvaron för {}: «{v}» är inget val.", x.name)).await,
        };
    }
    let checked = domain::meetings::Meeting { members: members.clone(), ..s.meeting };
    if let Some(why) = checked.attendance_problem() {
        return refuse(&state, &auth, &code, &id, why).await;
    }
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = found(store::meetings::edit_attendance(&mut w, &code, &id, members).await);
    finish(&state, &auth, &code, &id, w, done, format!("Sammanträdet {id} finns inte."), |()| "#narvaro".into()).await
}

/// A signature.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignForm {
    signatur: String,
}

/// POST /k/{kommun}/sammantraden/{id}/justera — signs as one of the pending signers
/// (`roll|namn`); the last signature justerar and locks the protocol.
pub async fn sign(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Form(f): Form<SignForm>,
) -> Result<Response, AppError> {
    let Some((role, name)) = f.signatur.split_once('|') else {
        return refuse(&state, &auth, &code, &id, "Välj vem som skriver under.".into()).await;
    };
    // The secretary signs as secretary; members as chair or adjuster; and every account only
    // as the person it is (its name), so nobody can justera a protocol in another's name.
    let who = Who::of(&auth);
    let allowed = match who.role {
        domain::role::Role::Sekreterare => role == "sekreterare",
        domain::role::Role::Ledamot => role == "ordförande" || role == "justerare",
        _ => true,
    };
    if !allowed {
        return refuse(&state, &auth, &code, &id, format!("Din roll skriver inte under som {role}.")).await;
    }
    if !is_me(&who, name) {
        let me = who.user.as_ref().map_or("", |u| u.display_name.as_str());
        return refuse(
            &state,
            &auth,
            &code,
            &id,
            format!("Du är inloggad som {me} och kan bara skriva under i eget namn, inte som {name}."),
        )
        .await;
    }
    let at = state.clock.now();
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = store::meetings::sign(&mut w, &code, &id, role, name, &at).await.map(|_| ());
    commit_or_refuse(&state, &auth, &code, &id, w, done, "justering").await
}

/// POST /k/{kommun}/sammantraden/{id}/aterkalla — takes the protocol back from justering: the
/// signatures so far are removed, so that it can be corrected and signed again.
pub async fn withdraw(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = found(store::meetings::withdraw_signatures(&mut w, &code, &id).await);
    finish(&state, &auth, &code, &id, w, done, format!("Sammanträdet {id} finns inte."), |()| "#justering".into()).await
}

/// Whether `name` (a signer of a protocol) is the logged-in account's own name
/// ([`same_person`]).
/// What the start page says of a municipality's meetings to `who`: the meetings to come (or,
/// when none is planned, the latest two), each as (address, what, its state), and what is
/// waiting for this account: a protocol to sign in its own name, and for the secretary a
/// justerat protocol not yet on the notice board.
pub(crate) async fn at_a_glance(
    state: &AppState,
    who: &Who,
    code: &str,
) -> Result<(Vec<(String, String, String)>, Vec<(String, String)>), AppError> {
    let (today, staff) = (state.clock.today(), who.belongs_to(code));
    let all: Vec<_> = store::meetings::meetings(&state.store, code).await?.into_iter().filter(|s| staff || s.meeting.notice_sent).collect();
    let board = store::meetings::notice_board(&state.store, code).await?;
    let mut shown: Vec<_> = all.iter().filter(|s| s.meeting.date >= today).collect();
    shown.sort_by_key(|s| s.meeting.date);
    if shown.is_empty() {
        shown = all.iter().rev().take(2).collect();
    }
    let meetings = shown
        .into_iter()
        .take(3)
        .map(|s| {
            let m = &s.meeting;
            let base = format!("/k/{code}/sammantraden/{}", m.id);
            let posted = board.iter().find(|p| p.meeting == m.id && p.is_up(today));
            // The public's link is the kallelse, or the protocol once it is on the notice board;
            // the staff's the meeting's page.
            let href = match (staff, posted) {
                (true, _) => base.clone(),
                (false, Some(_)) => format!("{base}/protokoll"),
                (false, None) => format!("{base}/kallelse"),
            };
            let status = match (s.locked_hash.is_some(), posted) {
                (_, Some(p)) => format!("protokollet anslaget {}, överklagande senast {}", p.posted, p.appeal_last_day),
                (true, None) if staff => "protokollet justerat".to_string(),
                (false, _) if staff && m.date < today => "protokollet inte justerat".to_string(),
                _ if m.date < today => "sammanträdet är hållet".to_string(),
                _ if m.notice_sent => "kallelsen skickad".to_string(),
                _ => "kallelsen inte skickad".to_string(),
            };
            (href, format!("{} {} kl. {}", m.body_name, m.date, m.time), status)
        })
        .collect();
    let mut todo = Vec::new();
    if !staff {
        return Ok((meetings, todo));
    }
    let keeper = KEEPERS.contains(&who.role);
    // The protocols of meetings held and not justerat: few, whatever the years behind them.
    for s in all.iter().filter(|s| s.locked_hash.is_none() && s.meeting.date <= today) {
        let m = &s.meeting;
        let href = format!("/k/{code}/sammantraden/{}", m.id);
        let signed = store::meetings::signatures(&state.store, code, &m.id).await?;
        let waiting = awaiting(m, &signed);
        let paragraphs = store::meetings::paragraphs(&state.store, code, &m.id).await?;
        let blocked = m.not_signable(today, &paragraphs);
        // A signature is asked for only where one can be given.
        if blocked.is_none() {
            for (role, _) in waiting.iter().filter(|(_, n)| is_me(who, n)) {
                todo.push((href.clone(), format!("Skriv under protokollet från {} {} som {role}.", m.body_name, m.date)));
            }
        }
        // The secretary is told what holds each one up, or whose signatures it waits for.
        if keeper && m.date < today {
            let why = blocked.unwrap_or_else(|| {
                let names: Vec<String> = waiting.iter().map(|(r, n)| format!("{n} ({r})")).collect();
                format!("Väntar på underskrift av {}.", domain::sv::join_and(&names.iter().map(String::as_str).collect::<Vec<_>>()))
            });
            todo.push((href, format!("Protokollet från {} {}: {why}", m.body_name, m.date)));
        }
    }
    if keeper {
        for s in all.iter().filter(|s| s.locked_hash.is_some() && !board.iter().any(|p| p.meeting == s.meeting.id)) {
            todo.push((
                format!("/k/{code}/sammantraden/{}", s.meeting.id),
                format!("Protokollet från {} {} är justerat men inte anslaget.", s.meeting.body_name, s.meeting.date),
            ));
        }
    }
    Ok((meetings, todo))
}

/// The signers of `m` not among `signed` (role, signer, when): (role, name).
fn awaiting(m: &Meeting, signed: &[(String, String, String)]) -> Vec<(&'static str, String)> {
    m.signers().into_iter().filter(|(r, n)| !signed.iter().any(|(sr, sn, _)| sr == r && sn == n)).collect()
}

fn is_me(who: &Who, name: &str) -> bool {
    who.user.as_ref().is_some_and(|u| same_person(&u.display_name, name))
}

/// Ends a change made in `w` by a store function that answers `None` when the meeting or item
/// is not there: committed and on to the page `to` gives for the answer; a conflict is shown on
/// the meeting page with nothing saved; nothing there is 404 (`missing`).
#[allow(clippy::too_many_arguments)]
async fn finish_to<T>(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    id: &str,
    w: store::Writer<'_>,
    done: Result<Option<T>, store::Error>,
    missing: String,
    to: impl FnOnce(T) -> String,
) -> Result<Response, AppError> {
    match done {
        Ok(Some(t)) => {
            w.commit().await?;
            Ok(Redirect::to(&to(t)).into_response())
        }
        Ok(None) => Err(AppError::not_found(missing)),
        Err(store::Error::Conflict(why)) => {
            drop(w);
            refuse(state, auth, code, id, why).await
        }
        Err(e) => Err(e.into()),
    }
}

/// [`finish_to`] back to the meeting, at the anchor the answer gives.
#[allow(clippy::too_many_arguments)]
async fn finish<T>(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    id: &str,
    w: store::Writer<'_>,
    done: Result<Option<T>, store::Error>,
    missing: String,
    anchor: impl FnOnce(T) -> String,
) -> Result<Response, AppError> {
    let meeting = format!("/k/{code}/sammantraden/{id}");
    finish_to(state, auth, code, id, w, done, missing, |t| format!("{meeting}{}", anchor(t))).await
}

/// A store answer "found or not" as [`finish`] takes it.
fn found(done: Result<bool, store::Error>) -> Result<Option<()>, store::Error> {
    done.map(|found| found.then_some(()))
}

/// Commits a change of a meeting that is there and returns to it at `anchor`, or shows the
/// store's refusal there.
async fn commit_or_refuse(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    id: &str,
    w: store::Writer<'_>,
    done: Result<(), store::Error>,
    anchor: &str,
) -> Result<Response, AppError> {
    finish(state, auth, code, id, w, done.map(Some), String::new(), |()| format!("#{anchor}")).await
}

/// The anslag.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PostForm {
    justerad: String,
    anslagen: String,
}

/// POST /k/{kommun}/sammantraden/{id}/anslag — posts the justerat protocol on the notice board.
/// Refused while a public paragraph holds a personnummer (the author sees which §).
pub async fn post(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Form(f): Form<PostForm>,
) -> Result<Response, AppError> {
    // A refusal shows the days as they were typed, with the reason.
    let refuse_typed = |why: String| {
        refused_as_typed(&state, &auth, &code, &id, why, |p| {
            p.justerad_default = f.justerad.clone();
            p.anslagen_default = f.anslagen.clone();
        })
    };
    let day = |v: &str, what: &str| Date::parse(v.trim()).map_err(|_| super::date_refusal(what, v));
    let (justerad, posted) = match (day(&f.justerad, "Justerat"), day(&f.anslagen, "Anslås")) {
        (Ok(j), Ok(p)) => (j, p),
        (j, p) => {
            let why: Vec<String> = [j.err(), p.err()].into_iter().flatten().collect();
            return refuse_typed(why.join(" ")).await;
        }
    };
    if posted < justerad {
        return refuse_typed("Anslaget kan inte sättas upp före justeringen.".into()).await;
    }
    let paragraphs = store::meetings::paragraphs(&state.store, &code, &id).await?;
    let blocked = publishing_blocked(&paragraphs);
    if !blocked.is_empty() {
        return refuse_typed(format!("Protokollet innehåller personnummer och kan inte publiceras: {}.", blocked.join("; "))).await;
    }
    // The notice board is this site: a protocol goes up on it today (or on a later day), and
    // the appeal period runs from then.
    let today = state.clock.today();
    if posted < today {
        return refuse_typed(format!("Anslagsdagen {posted} har redan varit: anslaget sätts upp i dag ({today}) eller senare.")).await;
    }
    if justerad > today {
        return refuse_typed(format!(
            "Justeringsdagen {justerad} har inte kommit: protokollet är justerat den dag den sista underskriften gavs."
        ))
        .await;
    }
    let mut w = state.store.begin(&actor(&auth)).await?;
    let done = store::meetings::post(&mut w, &code, &id, justerad, posted, today).await.map(|_| ());
    commit_or_refuse(&state, &auth, &code, &id, w, done, "anslag").await
}

/// `?format=pdf`
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FormatQuery {
    format: String,
}

/// The public's answer for a protocol not on the notice board: the meeting by its name where
/// its kallelse is out, nothing about it where not.
async fn not_posted(state: &AppState, code: &str, id: &str) -> AppError {
    if let Ok(Some(p)) = store::meetings::posting(&state.store, code, id).await {
        return AppError::not_found(format!("Protokollet är justerat och anslås på anslagstavlan {}.", p.posted));
    }
    match store::meetings::meeting(&state.store, code, id).await {
        Ok(Some(s)) if s.meeting.notice_sent => AppError::not_found(format!(
            "Protokollet från {}s sammanträde {} är inte anslaget än. Det publiceras på anslagstavlan när det är justerat.",
            s.meeting.body_name, s.meeting.date
        )),
        _ => AppError::not_found("Det finns inget anslaget protokoll här."),
    }
}

/// GET /k/{kommun}/sammantraden/{id}/protokoll — the public protocol (HTML or PDF), shown to
/// the public once it is on the notice board; staff of the municipality see the draft too.
pub async fn protocol(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Query(q): Query<FormatQuery>,
) -> Result<Response, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let today = state.clock.today();
    let posted = store::meetings::posting(&state.store, &code, &id).await?.is_some_and(|p| p.is_up(today));
    if !posted && !Who::of(&auth).belongs_to(&code) {
        return Err(not_posted(&state, &code, &id).await);
    }
    let doc = crate::meetings::protokoll(&state.store, &code, &id, true).await?;
    let draft = if doc.title.starts_with(crate::meetings::DRAFT_PREFIX) { "utkast-" } else { "" };
    document_response(&auth, &m, &id, doc, &q.format, &format!("protokoll-{draft}{id}")).await
}

/// GET /k/{kommun}/sammantraden/{id}/sekretessprotokoll — the secret paragraphs in full (HTML,
/// PDF or DOCX), for the members, the secretary and the auditors of the municipality.
pub async fn secrecy_protocol(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Query(q): Query<FormatQuery>,
) -> Result<Response, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let doc = crate::meetings::sekretessprotokoll(&state.store, &code, &id).await?;
    // Every reading is in the audit log, and no copy is kept on the way.
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::meetings::log_secrecy_read(&mut w, &code, &id, if q.format.is_empty() { "html" } else { &q.format }).await?;
    w.commit().await?;
    let mut res = document_response(&auth, &m, &id, doc, &q.format, &format!("sekretessprotokoll-{id}")).await?;
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(res)
}

/// A meeting document in the asked format (html by default), rendered off the async threads.
/// A meeting document on the web, as it was asked for: on a page of the site (HTML, with links
/// to the PDF and Word versions), or as a PDF or DOCX file.
async fn document_response(
    auth: &AuthSession,
    m: &domain::org::Municipality,
    meeting: &str,
    doc: domain::report::Document,
    format: &str,
    stem: &str,
) -> Result<Response, AppError> {
    if format.is_empty() || format == "html" {
        let code = m.code.as_str();
        return Ok(render(DocumentPage {
            shell: Shell::new(&doc.title, auth, Some(m)).at(&format!("/k/{code}/sammantraden")),
            code: code.to_string(),
            // The meeting's own page, for those who may open it.
            meeting: Who::of(auth).belongs_to(code).then(|| meeting.to_string()),
            body: render::doc::html_body(&doc, None),
        })?
        .into_response());
    }
    if !matches!(format, "pdf" | "docx") {
        return Err(AppError::bad_request("format ska vara html, pdf eller docx"));
    }
    let rendered = tokio::task::spawn_blocking({
        let format = format.to_string();
        move || crate::report::render_as(&doc, &format)
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))?;
    let bytes = match rendered {
        // Where the personnummer are is for the secretary, who can take them away; a member
        // (or the public) is told that the secretary must, without the numbers again.
        Err(crate::outputs::OutputError::PersonalData { title, .. }) if !is_keeper(auth, m.code.as_str()) => {
            return Err(AppError::bad_request(format!(
                "«{title}» kan inte skrivas ut: den innehåller något som liknar personnummer, som sekreteraren först måste ta bort. Läs den på sidan så länge."
            )));
        }
        other => other?,
    };
    Ok(super::evb::download(bytes, format, stem))
}

/// Whether the account keeps the minutes of municipality `code` (its secretary).
fn is_keeper(auth: &AuthSession, code: &str) -> bool {
    let who = Who::of(auth);
    who.belongs_to(code) && KEEPERS.contains(&who.role)
}

#[derive(Template)]
#[template(path = "meetings/document.html")]
struct DocumentPage {
    shell: Shell,
    code: String,
    meeting: Option<String>,
    /// The document as HTML (escaped by the renderer).
    body: String,
}

/// GET /k/{kommun}/sammantraden/{id}/kallelse — the public kallelse (closed items without content).
pub async fn notice(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id)): Path<(String, String)>,
    Query(q): Query<FormatQuery>,
) -> Result<Response, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    crate::meetings::visible(&state.store, &code, &id, Who::of(&auth).belongs_to(&code)).await?;
    let readers = crate::access::reads_secrets(&Who::of(&auth), &code);
    let doc = crate::meetings::kallelse(&state.store, &code, &id, !readers).await?;
    document_response(&auth, &m, &id, doc, &q.format, &format!("kallelse-{id}")).await
}

/// `?q=&organ=&ar=`
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
    organ: String,
    ar: String,
}

#[derive(Template)]
#[template(path = "meetings/search.html")]
struct SearchPage {
    shell: Shell,
    code: String,
    q: String,
    organ: String,
    /// The year field cannot be read.
    year_problem: Option<String>,
    ar: String,
    hits: Vec<search::Hit>,
    searched: bool,
    /// The municipality's staff, who also search the report texts.
    staff: bool,
}

/// The searchable documents of a municipality as `who` may see them: the public gets the
/// agenda items that are not secret, the paragraphs of protocols on the notice board (secret
/// ones reduced to their title) and the goals of published years; the municipality's accounts
/// get everything, and the report texts.
pub(crate) async fn documents(state: &AppState, code: &str, staff: bool, secrets: bool) -> Result<Vec<search::Doc>, AppError> {
    let today = state.clock.today();
    let posted: Vec<String> =
        store::meetings::notice_board(&state.store, code).await?.into_iter().filter(|p| p.is_up(today)).map(|p| p.meeting).collect();
    let mut docs = Vec::new();
    for s in store::meetings::meetings(&state.store, code).await? {
        let m = &s.meeting;
        if !staff && !m.notice_sent {
            continue;
        }
        for a in store::meetings::agenda(&state.store, code, &m.id).await? {
            if a.secret && !secrets {
                continue;
            }
            let a = if staff { a } else { a.public() };
            docs.push(search::Doc {
                id: format!("/k/{code}/sammantraden/{}/kallelse", m.id),
                kind: "kallelsepunkt".into(),
                body: m.body.clone(),
                year: m.date.year(),
                title: format!("{} {}: {}", m.body_name, m.date, a.title),
                // The case paper's sections too (the kallelse prints them).
                text: [a.case.clone().unwrap_or_default(), a.proposal.clone(), a.paper.clone()]
                    .into_iter()
                    .chain(a.sections.iter().map(|(h, t)| format!("{h} {t}")))
                    .collect::<Vec<_>>()
                    .join(" "),
                secret: a.secret,
            });
        }
        // The meeting itself: when, where, who chairs it.
        docs.push(search::Doc {
            id: format!("/k/{code}/sammantraden/{}/kallelse", m.id),
            kind: "sammanträde".into(),
            body: m.body.clone(),
            year: m.date.year(),
            title: format!("{} {} kl. {}", m.body_name, m.date, m.time),
            text: [m.place.as_str(), m.link.as_str(), m.chair.as_str(), m.secretary.as_str()].join(" "),
            secret: false,
        });
        if !staff && !posted.contains(&m.id) {
            continue;
        }
        for p in store::meetings::paragraphs(&state.store, code, &m.id).await? {
            let p = if staff && (secrets || !p.secret) { p } else { p.public() };
            docs.push(search::Doc {
                id: format!("/k/{code}/sammantraden/{}/protokoll", m.id),
                kind: "paragraf".into(),
                body: m.body.clone(),
                year: m.date.year(),
                title: format!("{} {} § {} {}", m.body_name, m.date, p.number, p.title),
                text: p.texts().join(" "),
                secret: p.secret,
            });
        }
    }
    // The goals with their assessments' analyses (the public sees published years).
    for y in store::goals::years(&state.store, code).await? {
        if !staff && !store::goals::is_published(&state.store, code, y).await? {
            continue;
        }
        let Some(gy) = store::goals::goal_year(&state.store, code, y).await? else { continue };
        let assessments = store::goals::assessments(&state.store, code, domain::period::Period::Year(y)).await?;
        for g in gy.structure().goals() {
            let analysis = assessments.iter().find(|a| a.goal() == g.key).map(|a| a.analysis()).unwrap_or_default();
            docs.push(search::Doc {
                id: format!("/k/{code}/mal/{y}/mal/{}", g.key),
                kind: "mål".into(),
                body: String::new(),
                year: y,
                title: format!("Mål {y}: {}{}", g.number.as_deref().map(|n| format!("{n} ")).unwrap_or_default(), g.title),
                text: format!("{} {analysis}", g.title),
                secret: false,
            });
        }
    }
    // Report texts: the staff's every report (to the text's form), the public's the published
    // ones (to the report as a web page).
    {
        for (t, _) in store::report::templates(&state.store, code).await? {
            for y in store::report::years(&state.store, code, &t.kind).await? {
                // The public's texts are those of the copy published, not drafts written since.
                let texts = if staff {
                    store::report::texts(&state.store, code, &t.kind, y).await?
                } else {
                    let Some(p) = store::publication::published_report(&state.store, code, &t.kind, y).await? else { continue };
                    let mut by_key: Vec<(String, String)> = Vec::new();
                    for (key, text) in p.document.texts() {
                        let Some(key) = key else { continue };
                        match by_key.iter_mut().find(|(k, _)| k == key) {
                            Some((_, all)) => {
                                all.push('\n');
                                all.push_str(text);
                            }
                            None => by_key.push((key.to_string(), text.to_string())),
                        }
                    }
                    by_key
                };
                for (key, text) in texts {
                    // A section by its heading, a memo's field by its label: never a key.
                    let memo = key
                        .strip_prefix("memo.")
                        .and_then(|k| domain::report::template::MEMO_FIELDS.iter().find(|(f, _)| *f == k))
                        .map(|(_, label)| format!("Följebrev: {label}"));
                    let heading = match (t.sections.iter().find(|s| s.key == key), memo) {
                        (Some(s), _) if !s.heading.is_empty() => s.heading.clone(),
                        (_, Some(label)) => label,
                        _ => t.plain_name(),
                    };
                    docs.push(search::Doc {
                        id: if staff {
                            format!("/k/{code}/rapporter/{}/{y}#text-{key}", t.kind)
                        } else {
                            format!("/k/{code}/rapporter/{}/{y}/fil/html", t.kind)
                        },
                        kind: "rapporttext".into(),
                        body: String::new(),
                        year: y,
                        title: format!("{} {y}: {heading}", t.plain_name()),
                        text: plain_text(&text),
                        secret: false,
                    });
                }
            }
        }
    }
    Ok(docs)
}

/// A report text as read, for search and its snippets: without the marks of its headings and
/// lists ("### ", "- ", "* ", "1. ").
fn plain_text(text: &str) -> String {
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            let t = t.trim_start_matches('#').trim_start();
            let t = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).unwrap_or(t);
            match t.split_once(". ") {
                Some((n, rest)) if !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit()) => rest,
                _ => t,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// GET /k/{kommun}/sok — full-text search over agenda items, protocol paragraphs, goals and
/// (for the municipality's staff) report texts.
pub async fn search(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(code): Path<String>,
    Query(q): Query<SearchQuery>,
) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let who = Who::of(&auth);
    let (staff, secrets) = (who.belongs_to(&code), crate::access::reads_secrets(&who, &code));
    let mut hits = Vec::new();
    // A year that is not one is said, not searched as if none were given.
    let year_problem = match q.ar.trim() {
        "" => None,
        y if y.parse::<i32>().is_ok_and(|y| (1900..=2200).contains(&y)) => None,
        y => Some(format!("År: «{y}» är inget årtal (till exempel 2023).")),
    };
    if !q.q.trim().is_empty() && year_problem.is_none() {
        let docs = documents(&state, &code, staff, secrets).await?;
        // The body by its key ("SN") or its name ("socialnämnden"), in any capitals.
        let organ = q.organ.trim();
        let body = if organ.is_empty() {
            None
        } else {
            let org = store::org::organisation(&state.store, &code).await?;
            let found = org.bodies().iter().find(|b| b.key.eq_ignore_ascii_case(organ) || b.name.to_lowercase() == organ.to_lowercase());
            Some(found.map_or_else(|| organ.to_string(), |b| b.key.clone()))
        };
        let filter = search::Filter { body, year: q.ar.trim().parse().ok(), secret_allowed: secrets };
        let query = q.q.clone();
        hits = tokio::task::spawn_blocking(move || search::SearchIndex::build(&docs).and_then(|i| i.search(&query, &filter, 50)))
            .await
            .map_err(|e| AppError::internal(e.to_string()))?
            .map_err(AppError::internal)?;
    }
    render(SearchPage {
        shell: Shell::new("Sök", &auth, Some(&m)).at(&format!("/k/{code}/sok")),
        code,
        searched: !q.q.trim().is_empty() && year_problem.is_none(),
        year_problem,
        q: q.q,
        organ: q.organ,
        ar: q.ar,
        hits,
        staff,
    })
}

/// The Europe/Stockholm time zone for iCalendar files (RFC 5545 3.6.5): CET, and CEST from the
/// last Sunday of March to the last Sunday of October.
const STOCKHOLM: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// GET /k/{kommun}/sammantraden/{id}/kalender.ics — the meeting as an iCalendar event
/// (RFC 5545; two hours from the start, Europe/Stockholm local time).
pub async fn ics(State(state): State<AppState>, auth: AuthSession, Path((code, id)): Path<(String, String)>) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let staff = Who::of(&auth).belongs_to(&code);
    // A meeting cancelled or moved since: its event once more, cancelled, so that a calendar that
    // holds it drops it (a moved meeting has an event of its own under its new id). Only where
    // its kallelse was out, as the event was then.
    let (m, status, note, sequence) = match crate::meetings::visible(&state.store, &code, &id, staff).await {
        Ok(s) => {
            // SEQUENCE grows with each change of the meeting's head (time, place, chair), so that a
            // calendar that has the event replaces it with the new one (RFC 5545 3.8.7.4).
            let sequence = (store::audit::count(&state.store, "meeting.save", "meeting", &format!("{code}/{id}")).await? - 1).max(0);
            (s.meeting, "CONFIRMED", String::new(), sequence)
        }
        Err(e) => match store::meetings::gone(&state.store, &code, &id).await? {
            Some((m, moved_to)) if staff || m.notice_sent => {
                let sequence = store::audit::count(&state.store, "meeting.save", "meeting", &format!("{code}/{id}")).await?;
                let note = match moved_to {
                    Some((_, date)) => format!("Flyttat till {date}. "),
                    None => "Inställt. ".to_string(),
                };
                (m, "CANCELLED", note, sequence)
            }
            _ => return Err(e.into()),
        },
    };
    let (h, min) =
        m.time.split_once(':').and_then(|(h, mi)| Some((h.trim().parse::<u32>().ok()?, mi.trim().parse::<u32>().ok()?))).unwrap_or((9, 0));
    let day = m.date.to_string().replace('-', "");
    // RFC 5545 text: backslash, semicolon and comma escaped, a line break written \n (a raw one
    // would start a property of its own).
    let esc = |t: &str| t.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\r', "").replace('\n', "\\n");
    let location = crate::meetings::place_of(&m);
    // DTSTAMP is when the file was made; TZID is defined by the VTIMEZONE (CET/CEST, EU rules).
    let stamp = state.clock.now().replace(['-', ':'], "");
    let body = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Arshjul//Sammantraden//SV\r\n{STOCKHOLM}BEGIN:VEVENT\r\nUID:{id}@{code}.arshjul\r\nSEQUENCE:{sequence}\r\nSTATUS:{status}\r\nDTSTAMP:{stamp}\r\nDTSTART;TZID=Europe/Stockholm:{day}T{h:02}{min:02}00\r\nDTEND;TZID=Europe/Stockholm:{day}T{:02}{min:02}00\r\nSUMMARY:{}\r\nLOCATION:{}\r\nDESCRIPTION:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        (h + 2).min(23),
        esc(&format!("{}Sammanträde {}", if status == "CANCELLED" { "INSTÄLLT: " } else { "" }, m.body_name)),
        esc(&location),
        esc(&format!("{note}Ordförande {}, sekreterare {}", m.chair, m.secretary)),
    );
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"sammantrade-{id}.ics\"")),
        ],
        body,
    )
        .into_response())
}

/// GET /k/{kommun}/sammantraden/{id}/utdrag/{nr} — a protocol extract (protokollsutdrag) of one
/// paragraph for its recipients; public once the protocol is on the notice board.
pub async fn extract(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id, nr)): Path<(String, String, u32)>,
    Query(q): Query<FormatQuery>,
) -> Result<Response, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let today = state.clock.today();
    let posted = store::meetings::posting(&state.store, &code, &id).await?.is_some_and(|p| p.is_up(today));
    let staff = Who::of(&auth).belongs_to(&code);
    if !posted && !staff {
        return Err(not_posted(&state, &code, &id).await);
    }
    let doc = crate::meetings::extract(&state.store, &code, &id, nr, !crate::access::reads_secrets(&Who::of(&auth), &code)).await?;
    let draft = if doc.title.starts_with(crate::meetings::DRAFT_PREFIX) { "utkast-" } else { "" };
    document_response(&auth, &m, &id, doc, &q.format, &format!("utdrag-{draft}{id}-{nr}")).await
}

/// GET /k/{kommun}/sammantraden/{id}/arende/{nr} — an item's case paper (HTML, PDF or DOCX);
/// a closed item's content only for the municipality's accounts.
pub async fn case_paper(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, id, nr)): Path<(String, String, u32)>,
    Query(q): Query<FormatQuery>,
) -> Result<Response, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    crate::meetings::visible(&state.store, &code, &id, Who::of(&auth).belongs_to(&code)).await?;
    let who = Who::of(&auth);
    let readers = crate::access::reads_secrets(&who, &code);
    let checks = who.belongs_to(&code) && KEEPERS.contains(&who.role);
    let doc = crate::meetings::case_paper(&state.store, &code, &id, nr, !readers, checks).await?;
    document_response(&auth, &m, &id, doc, &q.format, &format!("tjansteskrivelse-{id}-{nr}")).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn report_texts_are_searched_without_their_marks() {
        assert_eq!(
            super::plain_text("### Socialnämnden\n- Hemtjänst\n* Boende\n2. Taxan\n12.5 mkr"),
            "Socialnämnden\nHemtjänst\nBoende\nTaxan\n12.5 mkr"
        );
    }
}
