//! The organisation and the follow-up plans of a municipality.

use super::{municipality_or_404, render};
use crate::AppState;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use domain::sv::capitalise;

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    shell: Shell,
    kommun_name: String,
    /// (name, kind, parent name)
    bodies: Vec<(String, &'static str, String)>,
    /// (depth, name, kind, ansvar, key)
    /// (depth, name, kind, ansvar, key, the parent's name for screen readers).
    units: Vec<(usize, String, &'static str, String, String, String)>,
}

/// GET /k/{kommun}/organisation
pub async fn organisation(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let org = store::org::organisation(&state.store, &code).await?;
    let name_of = |key: &Option<String>| {
        key.as_ref().and_then(|k| org.bodies().iter().find(|b| &b.key == k)).map(|b| b.name.clone()).unwrap_or_default()
    };
    let bodies = org.bodies().iter().map(|b| (b.name.clone(), b.kind.label_sv(), name_of(&b.parent))).collect();
    let units = org
        .unit_tree()
        .into_iter()
        .map(|(depth, u)| {
            // The tree's indent is drawn; a screen reader is told whose part the unit is.
            let parent =
                u.parent.as_deref().and_then(|p| org.units().iter().find(|x| x.key == p)).map(|p| p.name.clone()).unwrap_or_default();
            (depth, u.name.clone(), u.kind.label_sv(), u.ansvar.clone().unwrap_or_default(), u.key.clone(), parent)
        })
        .collect();
    render(OrganisationPage {
        shell: Shell::new("Organisation", &auth, Some(&m)).at(&format!("/k/{code}/organisation")),
        kommun_name: m.name.clone(),
        bodies,
        units,
    })
}

#[derive(Template)]
#[template(path = "periods.html")]
struct PeriodsPage {
    shell: Shell,
    plans: Vec<(i32, Vec<(String, String)>)>,
}

/// GET /k/{kommun}/perioder
pub async fn periods(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let plans = store::org::follow_up_plans(&state.store, &code).await?;
    let plans = plans
        .iter()
        .rev()
        .map(|p| (p.year(), p.points().into_iter().map(|(per, what)| (capitalise(&per.label_sv()), what)).collect()))
        .collect();
    render(PeriodsPage { shell: Shell::new("Uppföljningspunkter", &auth, Some(&m)).at(&format!("/k/{code}/perioder")), plans })
}
