//! Accounts at the door: password hashing (argon2), the axum-login backend, login rate
//! limiting, and the login and logout handlers.

use crate::AppState;
use crate::error::AppError;
use crate::shell::Shell;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::role::Role;
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use store::Store;

/// The shortest password accepted for a new account.
pub const MIN_PASSWORD_LEN: usize = 12;

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    argon2::Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Whether `password` matches the PHC `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    argon2::Argon2::default().verify_password(password.as_bytes(), hash).is_ok()
}

/// The logged-in account as kept in the session.
#[derive(Debug, Clone)]
pub struct SessionUser {
    /// Account id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name to show.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Municipality code, `None` for a system administrator.
    pub municipality: Option<String>,
    /// The unit the account works in, when tied to one.
    pub unit: Option<String>,
    auth_hash: Vec<u8>,
}

impl axum_login::AuthUser for SessionUser {
    type Id = i64;
    fn id(&self) -> i64 {
        self.id
    }
    /// Changing the password changes this, which ends the account's other sessions.
    fn session_auth_hash(&self) -> &[u8] {
        &self.auth_hash
    }
}

impl From<store::users::User> for SessionUser {
    fn from(u: store::users::User) -> SessionUser {
        SessionUser {
            id: u.id,
            auth_hash: u.password_hash().as_bytes().to_vec(),
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            municipality: u.municipality,
            unit: u.unit,
        }
    }
}

/// Username and password from the login form.
#[derive(Clone, Deserialize)]
pub struct Credentials {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
    /// Where to go after login.
    #[serde(default)]
    pub next: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("username", &self.username).finish_non_exhaustive()
    }
}

/// Errors while authenticating.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] store::Error),
    /// The hashing task failed.
    #[error("password verification task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// The axum-login backend over the store.
#[derive(Clone, Debug)]
pub struct Backend {
    store: Store,
}

impl Backend {
    /// A backend reading accounts from `store`.
    pub fn new(store: Store) -> Backend {
        Backend { store }
    }
}

/// A hash of a password nobody has, verified when the username is unknown so that the answer
/// takes as long as for a known user.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password("no account has this password").expect("argon2 hashes"));

impl axum_login::AuthnBackend for Backend {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = AuthError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, AuthError> {
        let user = store::users::by_username(&self.store, creds.username.trim()).await?;
        let hash = user.as_ref().map(|u| u.password_hash().to_string()).unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = tokio::task::spawn_blocking(move || verify_password(&creds.password, &hash)).await?;
        Ok(user.filter(|u| ok && !u.disabled).map(SessionUser::from))
    }

    async fn get_user(&self, id: &i64) -> Result<Option<SessionUser>, AuthError> {
        Ok(store::users::by_id(&self.store, *id).await?.filter(|u| !u.disabled).map(SessionUser::from))
    }
}

/// The session extractor for this backend.
pub type AuthSession = axum_login::AuthSession<Backend>;

/// Counts failed logins per username and per client address in a sliding window.
#[derive(Debug)]
pub struct LoginLimiter {
    per_user: u32,
    window: Duration,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginLimiter {
    /// A limiter admitting `per_user` failures per username (4× that per address) per `window`.
    pub fn new(per_user: u32, window: Duration) -> LoginLimiter {
        LoginLimiter { per_user, window, failures: Mutex::new(HashMap::new()) }
    }

    fn keys(username: &str, addr: Option<SocketAddr>) -> [(String, u32); 2] {
        [(format!("u:{}", username.trim().to_lowercase()), 1), (format!("a:{}", addr.map(|a| a.ip().to_string()).unwrap_or_default()), 4)]
    }

    /// If blocked, how long until the next attempt is allowed.
    pub fn blocked(&self, username: &str, addr: Option<SocketAddr>) -> Option<Duration> {
        let now = Instant::now();
        let mut map = self.failures.lock().expect("limiter lock");
        let mut wait = None;
        for (key, factor) in Self::keys(username, addr) {
            let list = map.entry(key).or_default();
            list.retain(|t| now.duration_since(*t) < self.window);
            if list.len() as u32 >= self.per_user * factor {
                let until = self.window - now.duration_since(list[0]);
                wait = Some(wait.map_or(until, |w: Duration| w.max(until)));
            }
        }
        wait
    }

    /// Records a failed attempt.
    pub fn fail(&self, username: &str, addr: Option<SocketAddr>) {
        let mut map = self.failures.lock().expect("limiter lock");
        for (key, _) in Self::keys(username, addr) {
            map.entry(key).or_default().push(Instant::now());
        }
    }

    /// Forgets a username's failures after a successful login.
    pub fn succeed(&self, username: &str) {
        self.failures.lock().expect("limiter lock").remove(&format!("u:{}", username.trim().to_lowercase()));
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    shell: Shell,
    next: String,
    username: String,
    error: Option<String>,
}

/// Query of the login form.
#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// GET /login
pub async fn login_form(auth: AuthSession, Query(q): Query<NextQuery>) -> Result<Html<String>, AppError> {
    let page =
        LoginPage { shell: Shell::new("Logga in", &auth, None), next: safe_next(q.next.as_deref()), username: String::new(), error: None };
    Ok(Html(page.render()?))
}

/// POST /login
pub async fn login(
    State(state): State<AppState>,
    mut auth: AuthSession,
    ClientAddr(addr): ClientAddr,
    Form(creds): Form<Credentials>,
) -> Result<Response, AppError> {
    let next = safe_next(creds.next.as_deref());
    let username = creds.username.trim().to_string();
    let again = |auth: &AuthSession, status: StatusCode, error: String| -> Result<Response, AppError> {
        let page =
            LoginPage { shell: Shell::new("Logga in", auth, None), next: next.clone(), username: username.clone(), error: Some(error) };
        Ok((status, Html(page.render()?)).into_response())
    };
    if let Some(wait) = state.limiter.blocked(&username, addr) {
        let minutes = wait.as_secs().div_ceil(60);
        tracing::warn!(username, "login blocked by rate limit");
        let mut res = again(
            &auth,
            StatusCode::TOO_MANY_REQUESTS,
            format!("För många misslyckade inloggningsförsök. Försök igen om {minutes} minut{}.", if minutes == 1 { "" } else { "er" }),
        )?;
        res.headers_mut().insert("retry-after", wait.as_secs().max(1).into());
        return Ok(res);
    }
    let user = auth.authenticate(creds.clone()).await.map_err(AppError::internal)?;
    let Some(user) = user else {
        state.limiter.fail(&username, addr);
        tracing::info!(username, "login failed");
        return again(&auth, StatusCode::UNAUTHORIZED, "Fel användarnamn eller lösenord.".into());
    };
    state.limiter.succeed(&username);
    auth.login(&user).await.map_err(AppError::internal)?;
    tracing::info!(username, role = %user.role, "login");
    let target = if next != "/" { next } else { user.municipality.as_deref().map(|m| format!("/k/{m}")).unwrap_or_else(|| "/".into()) };
    Ok(Redirect::to(&target).into_response())
}

/// POST /logout
pub async fn logout(mut auth: AuthSession) -> Result<Redirect, AppError> {
    if let Some(u) = auth.logout().await.map_err(AppError::internal)? {
        tracing::info!(username = u.username, "logout");
    }
    Ok(Redirect::to("/"))
}

/// The client's address when the server knows it (not in in-process tests).
pub struct ClientAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<ClientAddr, Self::Rejection> {
        Ok(ClientAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(a)| *a)))
    }
}

/// Only local paths are followed after login (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

/// Percent-encodes a value for a query string.
pub fn encode_query(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords() {
        let h = hash_password("korrekt häst batteri").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("korrekt häst batteri", &h));
        assert!(!verify_password("fel", &h));
        assert!(!verify_password("x", &DUMMY_HASH));
    }

    #[test]
    fn next_is_local_only() {
        assert_eq!(safe_next(Some("/k/0486")), "/k/0486");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn limiter_blocks_after_failures_and_forgets_on_success() {
        let l = LoginLimiter::new(2, Duration::from_secs(60));
        assert!(l.blocked("anna", None).is_none());
        l.fail("anna", None);
        l.fail("Anna ", None);
        assert!(l.blocked("anna", None).is_some());
        assert!(l.blocked("bertil", None).is_none());
        l.succeed("anna");
        assert!(l.blocked("anna", None).is_none());
    }
}
