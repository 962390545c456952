//! The administrator's import page: a folder's files uploaded and stored as `arshjul import`
//! stores them ([`crate::folders`]), so that a municipality is set up without a shell on the
//! server — its organisation first (which creates it), then its goals, economy and the rest.

use super::render;
use crate::AppState;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::folders::{self, Folder};
use crate::shell::Shell;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

/// The largest upload: a folder of CSV files (a ledger goes through the economy's import page).
pub const LIMIT: usize = 32 * 1024 * 1024;

/// A kind of folder: (key, name, whether it needs a municipality, whether a year, its files).
pub type Kind = (&'static str, &'static str, bool, bool, &'static [&'static str]);

/// Every kind of folder the page reads, in the order a municipality is set up.
pub const KINDS: &[Kind] = &[
    ("org", "Organisation (en ny kommun börjar här)", false, false, folders::ORG_FILES),
    ("goals", "Mål och indikatorer", true, true, folders::GOAL_FILES),
    ("economy", "Ekonomi", true, true, folders::ECONOMY_FILES),
    ("personnel", "Personal", true, true, folders::PERSONNEL_FILES),
    ("control", "Intern kontroll", true, true, folders::CONTROL_FILES),
    ("providers", "Privata utförare", true, true, folders::PROVIDER_FILES),
    ("quality", "Kvalitet", true, true, folders::QUALITY_FILES),
    ("evb", "Ej verkställda beslut", true, false, folders::EVB_FILES),
    ("members", "Ledamöter", true, false, folders::MEMBER_FILES),
    ("meeting", "Sammanträde", true, false, folders::MEETING_FILES),
    ("diary", "Diarium", true, false, folders::DIARY_FILES),
];

/// The kinds whose files most of `names` are, best first, when not `kind`: what the files
/// look like when they were sent as another kind.
fn looks_like(names: &[String], kind: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .filter(|k| k.0 != kind)
        .map(|k| (names.iter().filter(|n| k.4.contains(&n.as_str())).count(), k.1))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, name)| name)
}

#[derive(Template)]
#[template(path = "admin_import.html")]
struct ImportPage {
    shell: Shell,
    kinds: &'static [Kind],
    municipalities: Vec<(String, String)>,
    /// The form as sent: kind, municipality, year.
    kind: String,
    municipality: String,
    year: String,
    error: Option<Refusal>,
    notice: Option<String>,
}

/// Why nothing was read: what went wrong, a file's errors one by one when there are several
/// (one a line of the reader's error), and what to do (or "").
struct Refusal {
    lead: String,
    items: Vec<String>,
    hint: String,
}

async fn page(state: &AppState, auth: &AuthSession, sent: (String, String, String), error: Option<Refusal>) -> Result<String, AppError> {
    let municipalities =
        store::org::municipalities(&state.store).await?.into_iter().map(|m| (m.code.as_str().to_string(), m.name)).collect();
    let notice = crate::flash::take(auth).await;
    let (kind, municipality, year) = sent;
    render(ImportPage {
        shell: Shell::new("Läs in filer", auth, None),
        kinds: KINDS,
        municipalities,
        kind,
        municipality,
        year,
        error,
        notice,
    })
    .map(|h| h.0)
}

/// The page again with the form as sent, why nothing was read (several errors as a list) and
/// what to do.
async fn refused(
    state: &AppState,
    auth: &AuthSession,
    sent: (String, String, String),
    why: String,
    hint: String,
) -> Result<Response, AppError> {
    let lines: Vec<String> = why.lines().map(str::to_string).collect();
    let refusal = match lines.len() {
        0 | 1 => Refusal { lead: format!("Inget lästes in. {why}"), items: Vec::new(), hint },
        _ => Refusal { lead: "Inget lästes in. Att rätta i filerna:".into(), items: lines, hint },
    };
    let html = page(state, auth, sent, Some(refusal)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

#[derive(Template)]
#[template(path = "admin_formats.html")]
struct FormatsPage {
    shell: Shell,
    /// `docs/import-files.md` as HTML.
    body: String,
}

/// GET /admin/filformat — every import file and its columns (`docs/import-files.md`), as a page.
pub async fn formats(auth: AuthSession) -> Result<Html<String>, AppError> {
    render(FormatsPage {
        shell: Shell::new("Importfilernas format", &auth, None),
        body: markdown(include_str!("../../../../docs/import-files.md")),
    })
}

/// The little Markdown `docs/import-files.md` is written in — headings, paragraphs, tables and
/// `code` — as HTML; the document's own first heading is left to the page's.
fn markdown(text: &str) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    // `code` spans; a `\|` in a table cell is a bar.
    let inline = |s: &str| {
        esc(s).split('`').enumerate().map(|(i, p)| if i % 2 == 1 { format!("<code>{p}</code>") } else { p.to_string() }).collect::<String>()
    };
    let cells = |line: &str| -> Vec<String> {
        let l = line.trim().trim_start_matches('|').trim_end_matches('|').replace("\\|", "\u{1}");
        l.split('|').map(|c| inline(c.trim()).replace('\u{1}', "|")).collect()
    };
    let (mut out, mut para, mut table) = (String::new(), Vec::<String>::new(), Vec::<Vec<String>>::new());
    let flush = |out: &mut String, para: &mut Vec<String>, table: &mut Vec<Vec<String>>| {
        if !para.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", para.join(" ")));
            para.clear();
        }
        if let Some((head, rows)) = table.split_first() {
            out.push_str("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Filer och kolumner\"><table><thead><tr>");
            out.extend(head.iter().map(|h| format!("<th scope=\"col\">{h}</th>")));
            out.push_str("</tr></thead><tbody>");
            for r in rows {
                out.push_str("<tr>");
                out.extend(
                    r.iter().enumerate().map(|(i, c)| if i == 0 { format!("<th scope=\"row\">{c}</th>") } else { format!("<td>{c}</td>") }),
                );
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table></div>\n");
            table.clear();
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("# ") {
            flush(&mut out, &mut para, &mut table);
        } else if let Some(h) = t.strip_prefix("## ") {
            flush(&mut out, &mut para, &mut table);
            out.push_str(&format!("<h2>{}</h2>\n", inline(h)));
        } else if t.starts_with('|') {
            if !para.is_empty() {
                flush(&mut out, &mut para, &mut Vec::new());
            }
            if !t.trim_matches(['|', '-', ' ']).is_empty() {
                table.push(cells(t));
            }
        } else if t.is_empty() {
            flush(&mut out, &mut para, &mut table);
        } else {
            para.push(inline(t));
        }
    }
    flush(&mut out, &mut para, &mut table);
    out
}

/// The form's choices in the address (after a successful read: the same kind of files for the
/// same municipality and year are the likely next).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Choices {
    typ: String,
    kommun: String,
    ar: String,
}

/// GET /admin/inlasning
pub async fn form(
    State(state): State<AppState>,
    auth: AuthSession,
    axum::extract::Query(q): axum::extract::Query<Choices>,
) -> Result<Html<String>, AppError> {
    let kind = if q.typ.is_empty() { "org".to_string() } else { q.typ };
    let year = if q.ar.is_empty() { state.clock.today().year().to_string() } else { q.ar };
    Ok(Html(page(&state, &auth, (kind, q.kommun, year), None).await?))
}

/// POST /admin/inlasning — the files of one folder, stored in one transaction or not at all.
pub async fn upload(
    State(state): State<AppState>,
    auth: AuthSession,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let mut multipart = multipart.map_err(|_| AppError::bad_request("Skicka filerna med formuläret (multipart/form-data)."))?;
    let received = |e: axum::extract::multipart::MultipartError| AppError::bad_request(format!("Filerna kunde inte tas emot: {e}"));
    let (mut kind, mut municipality, mut year, mut files): (String, String, String, Folder) = Default::default();
    while let Some(field) = multipart.next_field().await.map_err(received)? {
        match field.name().unwrap_or("") {
            "typ" => kind = field.text().await.map_err(received)?.trim().to_string(),
            "kommun" => municipality = field.text().await.map_err(received)?.trim().to_string(),
            "ar" => year = field.text().await.map_err(received)?.trim().to_string(),
            "filer" => {
                // A file chosen from a folder may come with its folder in the name: the name is
                // what the readers go by.
                let name = field.file_name().unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("").to_string();
                let bytes = field.bytes().await.map_err(received)?;
                if !name.is_empty() {
                    files.push((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    let sent = (kind.clone(), municipality.clone(), year.clone());
    let refuse = |why: String| refused(&state, &auth, sent.clone(), why, String::new());
    let Some(&(_, name, needs_municipality, needs_year, accepted)) = KINDS.iter().find(|k| k.0 == kind) else {
        return refuse("Välj vad filerna är.".into()).await;
    };
    if files.is_empty() {
        return refuse("Välj filerna att läsa in.".into()).await;
    }
    if needs_municipality && store::org::municipality(&state.store, &municipality).await?.is_none() {
        return refuse("Välj kommunen (en ny kommun läses in med dess organisation först).".into()).await;
    }
    let year: Option<i32> = match (needs_year, year.parse::<i32>()) {
        (false, _) => None,
        (true, Ok(y)) if (1990..=2100).contains(&y) => Some(y),
        (true, _) => return refuse(format!("Ange året som fyra siffror, inte «{year}».")).await,
    };
    let actor = store::Actor::user(&auth.user.as_ref().map(|u| u.username.clone()).unwrap_or_default());
    let (store, m, dir) = (&state.store, municipality.as_str(), "uppladdade filer");
    let y = year.unwrap_or_default();
    let result = match kind.as_str() {
        "org" => folders::store_org(store, dir, &files, &actor).await,
        "goals" => folders::store_goals(store, m, y, dir, &files, &actor).await,
        "economy" => folders::store_economy(store, m, y, dir, &files, &actor).await,
        "personnel" => folders::store_personnel(store, m, y, dir, &files, &actor).await,
        "control" => folders::store_control(store, m, y, dir, &files, &actor).await,
        "providers" => folders::store_providers(store, m, y, dir, &files, &actor).await,
        "quality" => folders::store_quality(store, m, y, dir, &files, &actor).await,
        "evb" => folders::store_evb(store, m, dir, &files, &actor).await,
        "members" => match files.iter().find(|(n, _)| n == "ledamoter.csv") {
            Some((n, b)) => folders::store_members(store, m, (n, b), &actor).await,
            None => Err(anyhow::anyhow!("{dir}: filen ledamoter.csv saknas")),
        },
        "meeting" => folders::store_meeting(store, m, dir, &files, &actor).await,
        "diary" => folders::store_diary(store, m, dir, &files, &actor).await,
        _ => unreachable!("a kind of KINDS"),
    };
    // Files the kind does not read are named, not passed over in silence.
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let unread: Vec<&str> = names.iter().map(String::as_str).filter(|n| !accepted.contains(n)).collect();
    let unread_note = match unread.as_slice() {
        [] => String::new(),
        u => format!(" Lästes inte (hör inte till «{name}»): {}.", u.join(", ")),
    };
    match result {
        Ok(summary) => {
            crate::flash::set(&auth, &format!("Inläst: {summary}.{unread_note}")).await;
            let to = format!(
                "/admin/inlasning?typ={kind}&kommun={}&ar={}",
                code_in_address(&municipality),
                year.map(|y| y.to_string()).unwrap_or_default()
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let hint = looks_like(&names, &kind)
                .filter(|_| unread.len() * 2 >= names.len())
                .map(|other| format!("Filerna ser ut att vara «{other}»: välj det under «Vad filerna är»."))
                .unwrap_or_default();
            refused(&state, &auth, sent.clone(), format!("{e:#}"), hint).await
        }
    }
}

/// A municipality code as it may stand in an address: its letters and digits only (a code is
/// four digits; the field's text is not trusted to be one).
fn code_in_address(code: &str) -> String {
    code.chars().filter(char::is_ascii_alphanumeric).collect()
}
