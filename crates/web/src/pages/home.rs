//! The front page, the municipality start page, health and not-found.

use super::{municipality_or_404, render};
use crate::AppState;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use domain::org::{BodyKind, Municipality, UnitKind};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    shell: Shell,
    municipalities: Vec<Municipality>,
}

/// GET /
pub async fn index(State(state): State<AppState>, auth: AuthSession) -> Result<Html<String>, AppError> {
    let municipalities = store::org::municipalities(&state.store).await?;
    render(HomePage { shell: Shell::new("Årshjul", &auth, None), municipalities })
}

/// GET /halsa — answers once the database answers.
pub async fn health(State(state): State<AppState>) -> Result<&'static str, AppError> {
    store::org::municipalities(&state.store).await?;
    Ok("ok")
}

#[derive(Template)]
#[template(path = "municipality.html")]
struct MunicipalityPage {
    shell: Shell,
    name: String,
    code: String,
    committee: String,
    administration: String,
    own: bool,
    bodies: usize,
    areas: usize,
    units: usize,
    year: i32,
    /// The current year (the plan shown may be an earlier year's).
    this_year: i32,
    /// A follow-up plan is there for `year` (it may name no months).
    has_plan: bool,
    points: Vec<(String, String)>,
    /// Meetings to come, or the latest: (address, what, state).
    meetings: Vec<(String, String, String)>,
    /// What waits for this account: (address, what).
    todo: Vec<(String, String)>,
    /// The newest published reports: (kind, title, year, `&manad=M`).
    reports: Vec<(String, String, i32, String)>,
}

/// GET /k/{kommun}
pub async fn municipality(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let org = store::org::organisation(&state.store, &code).await?;
    let plans = store::org::follow_up_plans(&state.store, &code).await?;
    let this_year = state.clock.today().year();
    // The current year's plan, or else the latest one.
    let plan = plans.iter().find(|p| p.year() == this_year).or(plans.last());
    let count = |k: UnitKind| org.units().iter().filter(|u| u.kind == k).count();
    let administration = org.units().iter().find(|u| u.kind == UnitKind::Forvaltning).map(|u| u.name.clone()).unwrap_or_default();
    let (meetings, todo) = super::meetings::at_a_glance(&state, &crate::access::Who::of(&auth), &code).await?;
    // The committee Årshjul runs: the nämnd whose name speaks of social services ("Vård- och
    // socialnämnden" too), else the organisation's only nämnd.
    let committees = org.committees();
    let boards: Vec<_> = committees.iter().filter(|b| b.kind == BodyKind::Namnd).collect();
    let committee = boards
        .iter()
        .find(|b| b.name.to_lowercase().contains("social"))
        .or(if boards.len() == 1 { boards.first() } else { None })
        .map(|b| b.name.clone());
    let page = MunicipalityPage {
        shell: Shell::new(&m.name, &auth, Some(&m)).at(&format!("/k/{code}")),
        name: m.name.clone(),
        code: code.clone(),
        committee: committee.unwrap_or_else(|| "Socialnämnden".into()),
        administration,
        own: crate::access::Who::of(&auth).belongs_to(&code),
        bodies: org.bodies().len(),
        areas: count(UnitKind::Verksamhetsomrade),
        units: count(UnitKind::Enhet),
        year: plan.map(|p| p.year()).unwrap_or(this_year),
        this_year,
        has_plan: plan.is_some(),
        points: plan
            .map(|p| p.points().into_iter().map(|(per, what)| (domain::sv::capitalise(&per.label_sv()), what)).collect())
            .unwrap_or_default(),
        meetings,
        todo,
        reports: super::report::published_list(&state, &code).await?.into_iter().take(4).collect(),
    };
    render(page)
}

/// Fallback for paths that match no route.
pub async fn not_found(method: axum::http::Method, uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    // An address typed with a slash at its end (/k/0486/) is the page without it.
    let path = uri.path();
    // Never to another host: "//host/" would be a protocol-relative address.
    let own = !path.starts_with("//") && !path.contains('\\') && !path.ends_with("//");
    if method == axum::http::Method::GET && own && path.len() > 1 && path.ends_with('/') {
        let to = match uri.query() {
            Some(q) => format!("{}?{q}", path.trim_end_matches('/')),
            None => path.trim_end_matches('/').to_string(),
        };
        return axum::response::Redirect::permanent(&to).into_response();
    }
    AppError::not_found(format!("Adressen {path} finns inte i Årshjul. Kontrollera stavningen eller gå till startsidan.")).into_response()
}
