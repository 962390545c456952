//! Server-rendered pages, one module per area (the same names as `domain` and `store`).

pub mod admin;
pub mod admin_import;
pub mod audit;
pub mod cases;
pub mod control;
pub mod economy;
pub mod evb;
pub mod goals;
pub mod grid;
pub mod home;
pub mod meetings;
pub mod org;
pub mod quality;
pub mod report;

use crate::AppState;
use crate::auth::AuthSession;
use crate::error::AppError;
use askama::Template;
use axum::response::Html;
use domain::org::Municipality;

/// The municipality with this code, or a 404 that says so.
pub async fn municipality_or_404(state: &AppState, code: &str) -> Result<Municipality, AppError> {
    store::org::municipality(&state.store, code)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Det finns ingen kommun med koden {code} i Årshjul.")))
}

/// Renders a template into an HTML response.
pub fn render<T: Template>(t: T) -> Result<Html<String>, AppError> {
    Ok(Html(t.render()?))
}

/// The audit-log actor for the logged-in account.
pub fn actor(auth: &crate::auth::AuthSession) -> store::Actor {
    store::Actor::user(auth.user.as_ref().map(|u| u.username.as_str()).unwrap_or("okänd"))
}

/// The publish/withdraw form of a year (goals, economy): `publicera=ja` publishes.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PublishForm {
    publicera: String,
    /// The number of review warnings the publisher has read and publishes despite (a report).
    trots_varningar: String,
}

impl PublishForm {
    /// How many review warnings the form says the publisher read and publishes despite.
    pub fn acknowledged(&self) -> usize {
        self.trots_varningar.trim().parse().unwrap_or(0)
    }

    /// Whether the year is to be public.
    pub fn publish(&self) -> bool {
        self.publicera == "ja"
    }
}

/// The form that starts a year from the one before it (economy, goals): `nasta` names the year
/// it starts, so that a form sent twice, or from an old page, starts nothing.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct NextYearForm {
    nasta: String,
}

impl NextYearForm {
    /// Whether the form starts the year after `year`.
    pub fn starts_after(&self, year: i32) -> bool {
        self.nasta.trim() == (year + 1).to_string()
    }

    /// The year as sent, for a refusal.
    pub fn sent(&self) -> &str {
        self.nasta.trim()
    }
}

/// The unit a head of unit is tied to: such an account sees that unit's deviations and EVB
/// decisions only (the controller, the administrator and an untied verksamhetschef — acting
/// for the whole committee — see all).
pub(crate) fn own_unit(auth: &AuthSession) -> Option<String> {
    auth.user.as_ref().filter(|u| u.role == domain::role::Role::Verksamhetschef).and_then(|u| u.unit.clone())
}

/// "{label}: «2024-13-05» är skrivet ÅÅÅÅ-MM-DD men är inget datum i kalendern." (or "… är
/// inget datum; skriv det som ÅÅÅÅ-MM-DD."), for a form's date field that holds no date.
pub(crate) fn date_refusal(label: &str, typed: &str) -> String {
    if typed.trim().is_empty() {
        return format!("{label}: ange ett datum (ÅÅÅÅ-MM-DD).");
    }
    let why = domain::period::PeriodError::why_no_date(typed).unwrap_or_else(|| format!("«{}» är ett datum", typed.trim()));
    format!("{label}: {why}.")
}

/// "Ange rubrik och datum (ÅÅÅÅ-MM-DD)." for the fields of `fields` (value, name) left empty;
/// `None` when none is.
pub(crate) fn ask_for(fields: &[(&str, &str)]) -> Option<String> {
    let empty: Vec<&str> = fields.iter().filter(|(v, _)| v.trim().is_empty()).map(|(_, name)| *name).collect();
    (!empty.is_empty()).then(|| format!("Ange {}.", domain::sv::join_and(&empty)))
}

/// Why public text is refused when it holds something like a personnummer: "{what} innehåller
/// något som liknar ett personnummer (…): {because}."; `None` when it holds none.
pub(crate) fn personnummer_refusal<'t>(what: &str, texts: impl IntoIterator<Item = &'t str>, because: &str) -> Option<String> {
    let found: Vec<String> = texts.into_iter().flat_map(domain::quality::looks_like_personnummer).collect();
    (!found.is_empty()).then(|| format!("{what} innehåller något som liknar ett personnummer ({}): {because}.", found.join(", ")))
}
