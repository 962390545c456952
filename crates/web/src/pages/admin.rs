//! Account administration (administrators only).

use super::render;
use crate::AppState;
use crate::auth::{AuthSession, MIN_PASSWORD_LEN, hash_password};
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::role::Role;
use serde::Deserialize;

/// The new-account form.
#[derive(Debug, Default, Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    password: String,
    /// The unit a head of unit's account is tied to (empty: the whole municipality).
    #[serde(default)]
    unit: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    shell: Shell,
    notice: Option<String>,
    /// (username, name, role, municipality, unit, status, a head of unit's, closed).
    users: Vec<(String, String, &'static str, String, String, &'static str, bool, bool)>,
    errors: Vec<(&'static str, String)>,
    form: NewUserForm,
    roles: Vec<(&'static str, &'static str)>,
    municipalities: Vec<(String, String)>,
    min_len: usize,
}

impl UsersPage {
    /// Whether the errors are a refused change of an account (not of the new-account form).
    fn refused_change(&self) -> bool {
        self.errors.iter().any(|(f, _)| *f == "andra")
    }

    /// The attributes that tie a refused field to the error list: ` aria-invalid="true"
    /// aria-describedby="ny-fel"`, or nothing.
    fn invalid(&self, field: &str) -> &'static str {
        if self.errors.iter().any(|(f, _)| *f == field) { " aria-invalid=\"true\" aria-describedby=\"ny-fel\"" } else { "" }
    }
}

async fn page(
    state: &AppState,
    auth: &AuthSession,
    form: NewUserForm,
    errors: Vec<(&'static str, String)>,
    notice: Option<String>,
) -> Result<Html<String>, AppError> {
    let municipalities = store::org::municipalities(&state.store).await?;
    let name_of = |code: &Option<String>| match code {
        None => "Alla".to_string(),
        Some(c) => municipalities.iter().find(|m| m.code.as_str() == c).map(|m| m.name.clone()).unwrap_or_else(|| c.clone()),
    };
    let users = store::users::list(&state.store, None)
        .await?
        .into_iter()
        .map(|u| {
            (
                u.username.clone(),
                u.display_name.clone(),
                u.role.label_sv(),
                name_of(&u.municipality),
                u.unit.clone().unwrap_or_default(),
                if u.disabled { "Avstängt" } else { "Aktivt" },
                u.role == Role::Verksamhetschef,
                u.disabled,
            )
        })
        .collect();
    render(UsersPage {
        shell: Shell::new("Användare", auth, None).at("/admin/anvandare"),
        notice,
        users,
        errors,
        form,
        roles: Role::ACCOUNT_ROLES.iter().map(|r| (r.key(), r.label_sv())).collect(),
        municipalities: municipalities.iter().map(|m| (m.code.as_str().to_string(), m.name.clone())).collect(),
        min_len: MIN_PASSWORD_LEN,
    })
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    shell: Shell,
    /// (code, name, active accounts, closed accounts, the last change in Swedish time, or "").
    municipalities: Vec<(String, String, usize, usize, String)>,
    /// Administrators of all municipalities, active.
    admins: usize,
    /// The database: its kind and how many migrations are applied.
    database: String,
    /// The audit chain's verdict: (class, symbol, text).
    chain: (&'static str, &'static str, String),
}

/// GET /admin — the administrator's overview: the municipalities with their accounts and last
/// change, the tools (accounts, reading files, file formats) and the state of the database and of
/// the audit log's chain.
pub async fn overview(State(state): State<AppState>, auth: AuthSession) -> Result<Html<String>, AppError> {
    global_admin(&auth)?;
    let users = store::users::list(&state.store, None).await?;
    let mut municipalities = Vec::new();
    for m in store::org::municipalities(&state.store).await? {
        let code = m.code.as_str().to_string();
        let of = users.iter().filter(|u| u.municipality.as_deref() == Some(code.as_str()));
        let (closed, active): (Vec<_>, Vec<_>) = of.partition(|u| u.disabled);
        let last = store::audit::recent(&state.store, Some(&code), 1, None).await?;
        let last = last.first().map(|e| domain::period::stockholm_minute(&e.at)).unwrap_or_default();
        municipalities.push((code, m.name, active.len(), closed.len(), last));
    }
    let admins = users.iter().filter(|u| u.role == Role::Admin && u.municipality.is_none() && !u.disabled).count();
    let kind = match state.store.backend() {
        store::Backend::Sqlite => "SQLite",
        store::Backend::Postgres => "PostgreSQL",
    };
    let database = format!("{kind}, {} migreringar", store::migrate::MIGRATIONS.len());
    let chain = match store::audit::verify(&state.store).await? {
        store::audit::Verdict::Intact { entries } => {
            ("ok", "✓", format!("Granskningsloggens kedja är obruten: alla {entries} poster stämmer med sina kontrollsummor."))
        }
        store::audit::Verdict::Broken { seq, reason } => {
            ("bad", "✗", format!("Granskningsloggens kedja är bruten vid post {seq}: {}.", reason.sv()))
        }
    };
    render(AdminPage { shell: Shell::new("Administration", &auth, None).at("/admin"), municipalities, admins, database, chain })
}

/// Account administration is for administrators of all municipalities only (an administrator
/// account tied to one, made before that was refused, gets nothing here).
fn global_admin(auth: &AuthSession) -> Result<(), AppError> {
    match &auth.user {
        Some(u) if u.role == Role::Admin && u.municipality.is_none() => Ok(()),
        _ => Err(AppError::forbidden()),
    }
}

/// The form that changes an account: a head of unit's unit, and whether it is closed.
#[derive(Debug, Default, Deserialize)]
pub struct ChangeUserForm {
    #[serde(default)]
    enhet: Option<String>,
    #[serde(default)]
    status: String,
}

/// The accounts page again with why a change was refused.
async fn refused(state: &AppState, auth: &AuthSession, why: String) -> Result<Response, AppError> {
    let html = page(state, auth, NewUserForm { role: "ledamot".into(), ..Default::default() }, vec![("andra", why)], None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

/// POST /admin/anvandare/{namn} — a head of unit tied to another unit; an account closed (it
/// can no longer log in; its sessions end) or opened again. Not one's own account closed.
pub async fn change_user(
    State(state): State<AppState>,
    auth: AuthSession,
    axum::extract::Path(username): axum::extract::Path<String>,
    Form(form): Form<ChangeUserForm>,
) -> Result<Response, AppError> {
    global_admin(&auth)?;
    let user = store::users::by_username(&state.store, &username)
        .await?
        .filter(|u| u.username == username)
        .ok_or_else(|| AppError::not_found(format!("Det finns inget konto {username}.")))?;
    let refuse = |why: String| refused(&state, &auth, why);
    let closed = match form.status.as_str() {
        "avstangt" => true,
        "aktivt" => false,
        other => return refuse(format!("Kontot {username} ändrades inte: status ska vara aktivt eller avstängt, inte «{other}».")).await,
    };
    if closed && auth.user.as_ref().is_some_and(|u| u.username == username) {
        return refuse("Du kan inte stänga av ditt eget konto.".into()).await;
    }
    let unit = form.enhet.as_deref().map(str::trim).filter(|u| !u.is_empty());
    if let (Some(u), true) = (unit, user.role == Role::Verksamhetschef) {
        if let Some(why) = store::org::unknown_unit(&state.store, user.municipality.as_deref().unwrap_or_default(), u).await? {
            return refuse(format!("Kontot {username} ändrades inte: {why}.")).await;
        }
    }
    let actor = store::Actor::user(&auth.user.as_ref().map(|u| u.username.clone()).unwrap_or_default());
    let mut w = state.store.begin(&actor).await?;
    if user.role == Role::Verksamhetschef && form.enhet.is_some() && unit != user.unit.as_deref() {
        store::users::set_unit(&mut w, &username, unit).await?;
    }
    if closed != user.disabled {
        store::users::set_disabled(&mut w, &username, closed).await?;
    }
    w.commit().await?;
    let html = page(
        &state,
        &auth,
        NewUserForm { role: "ledamot".into(), ..Default::default() },
        Vec::new(),
        Some(format!("Kontot {username} är sparat{}.", if closed { " och avstängt" } else { "" })),
    )
    .await?;
    Ok(html.into_response())
}

/// GET /admin/anvandare
pub async fn users(State(state): State<AppState>, auth: AuthSession) -> Result<Html<String>, AppError> {
    global_admin(&auth)?;
    page(&state, &auth, NewUserForm { role: "ledamot".into(), ..Default::default() }, Vec::new(), None).await
}

/// POST /admin/anvandare
pub async fn create_user(
    State(state): State<AppState>,
    auth: AuthSession,
    Form(mut form): Form<NewUserForm>,
) -> Result<Response, AppError> {
    global_admin(&auth)?;
    let mut errors = Vec::new();
    let username = form.username.trim().to_string();
    if username.is_empty() || !username.chars().all(|c| c.is_alphanumeric() || "._-@".contains(c)) {
        errors.push(("username", "Användarnamnet får bara innehålla bokstäver, siffror och . _ - @.".to_string()));
    }
    if form.display_name.trim().is_empty() {
        errors.push(("display_name", "Ange namnet som ska visas.".to_string()));
    }
    let role = Role::parse(&form.role).filter(|r| *r != Role::Public);
    if role.is_none() {
        errors.push(("role", "Välj en roll.".to_string()));
    }
    let municipality = Some(form.municipality.trim()).filter(|m| !m.is_empty()).map(str::to_string);
    if role.is_some_and(|r| r != Role::Admin) && municipality.is_none() {
        errors.push(("municipality", "Alla roller utom administratör hör till en kommun. Välj kommun.".to_string()));
    }
    // An administrator administers every municipality's accounts, so the role is not tied to
    // one (an administrator "of one municipality" would reach all of them through this page).
    if role == Some(Role::Admin) && municipality.is_some() {
        errors.push(("municipality", "En administratör hör inte till en kommun; lämna kommun tom.".to_string()));
    }
    // Only a head of unit sees and changes one unit's records.
    let unit = Some(form.unit.trim()).filter(|u| !u.is_empty()).map(str::to_string);
    if unit.is_some() && role != Some(Role::Verksamhetschef) {
        errors.push(("unit", "Bara en verksamhetschef knyts till en enhet; lämna enhet tom för andra roller.".to_string()));
    } else if let (Some(u), Some(m)) = (&unit, &municipality) {
        if let Some(why) = store::org::unknown_unit(&state.store, m, u).await? {
            errors.push(("unit", format!("Kontot skapades inte: {why}.")));
        }
    }
    // A member signs protocols in the name the register gives: an account named otherwise
    // could never sign, and its name is not changed afterwards.
    if let (Some(Role::Ledamot), Some(m)) = (role, &municipality)
        && let Some(why) = store::meetings::unregistered_member(&state.store, m, &form.display_name).await?
    {
        errors.push(("display_name", why));
    }
    if form.password.chars().count() < MIN_PASSWORD_LEN {
        errors.push(("password", format!("Lösenordet måste ha minst {MIN_PASSWORD_LEN} tecken.")));
    }
    let password = std::mem::take(&mut form.password);
    if !errors.is_empty() {
        let html = page(&state, &auth, form, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    let hash =
        tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(AppError::internal)?.map_err(AppError::internal)?;
    let actor = store::Actor::user(&auth.user.as_ref().map(|u| u.username.clone()).unwrap_or_default());
    let mut w = state.store.begin(&actor).await?;
    let new = store::users::NewUser {
        username: &username,
        display_name: form.display_name.trim(),
        role: role.expect("checked above"),
        municipality: municipality.as_deref(),
        password_hash: &hash,
    };
    let created = match store::users::create(&mut w, &new).await {
        Ok(u) => match &unit {
            Some(unit) => store::users::set_unit(&mut w, &username, Some(unit)).await.map(|()| u),
            None => Ok(u),
        },
        e => e,
    };
    match created {
        Ok(_) => {
            w.commit().await?;
            let notice = format!("Kontot {username} är skapat.");
            let html = page(&state, &auth, NewUserForm { role: "ledamot".into(), ..Default::default() }, Vec::new(), Some(notice)).await?;
            Ok((StatusCode::CREATED, html).into_response())
        }
        Err(store::Error::Conflict(_)) => {
            drop(w);
            let errors = vec![("username", format!("Användarnamnet {username} är upptaget."))];
            Ok((StatusCode::CONFLICT, page(&state, &auth, form, errors, None).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
