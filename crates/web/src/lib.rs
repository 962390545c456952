//! HTTP: the pages, the `/api/v1` JSON API, sessions and access control.
//!
//! `web` is the only crate that knows HTTP, cookies and JSON shapes. Handlers are thin: they
//! read from `store`, shape the data for a template or a DTO, and never hold business rules
//! (those live in `domain`).
//!
//! Design decisions:
//! - **Access is declared in one table.** [`access::RULES`] lists every route with the roles it
//!   admits; the [`access::enforce`] middleware refuses anything else, and the router is built
//!   from the same list ([`routes::Routes`]), so a route without a rule cannot exist. A test walks
//!   every route × every role.
//! - **Server-rendered, Swedish, accessible.** askama templates checked at compile time, one
//!   layout with landmarks and a skip link; htmx only where it improves a page.
//! - **Sessions in the database** ([`session_store::DbSessionStore`]), so restarts keep users
//!   logged in; cross-site writes are refused by a Fetch-Metadata/Origin guard ([`csrf`]).

pub mod access;
pub mod api;
pub mod assets;
pub mod auth;
pub mod csrf;
pub mod error;
pub mod flash;
pub mod folders;
pub mod imports;
pub mod meetings;
pub mod outputs;
pub mod pages;
pub mod report;
pub mod routes;
pub mod session_store;
pub mod shell;

use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use store::Store;

/// Settings of the web server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Send the session cookie with `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Failed logins allowed per username (and ×4 per client address) within `login_window`.
    pub login_attempts: u32,
    /// The window for counting failed logins.
    pub login_window: std::time::Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config { secure_cookies: false, login_attempts: 5, login_window: std::time::Duration::from_secs(15 * 60) }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Arc<Config>,
    /// Failed-login counters.
    pub limiter: Arc<auth::LoginLimiter>,
    /// Today's date: the system's, or one set by tests (deadlines are never slept on).
    pub clock: Arc<Clock>,
}

impl AppState {
    /// State for a store and settings.
    pub fn new(store: Store, config: Config) -> AppState {
        let limiter = Arc::new(auth::LoginLimiter::new(config.login_attempts, config.login_window));
        AppState { store, config: Arc::new(config), limiter, clock: Arc::new(Clock::default()) }
    }
}

/// The date the application takes as today.
#[derive(Debug, Default)]
pub struct Clock {
    fixed: std::sync::Mutex<Option<domain::period::Date>>,
}

impl Clock {
    /// Today in Sweden, or the date set with [`Clock::set`]. Swedish, as every time the pages
    /// show: between midnight and 01:00 (02:00 in summer) the UTC date is still yesterday's, and
    /// a protocol signed then is justerat today, so it must be posted today, not yesterday.
    pub fn today(&self) -> domain::period::Date {
        if let Some(d) = *self.fixed.lock().expect("clock lock") {
            return d;
        }
        domain::period::stockholm_date(&self.now()).expect("a time stamp")
    }

    /// Now as a UTC time stamp (`2026-11-22T18:42:27Z`); noon of the date set with
    /// [`Clock::set`].
    pub fn now(&self) -> String {
        if let Some(d) = *self.fixed.lock().expect("clock lock") {
            return format!("{d}T12:00:00Z");
        }
        domain::period::utc_timestamp(time::OffsetDateTime::now_utc().unix_timestamp())
    }

    /// Fixes today's date (tests).
    pub fn set(&self, date: domain::period::Date) {
        *self.fixed.lock().expect("clock lock") = Some(date);
    }
}

/// The whole application as a router.
pub fn router(state: AppState) -> Router {
    routes::app(state)
}

/// Serves the application on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let sweeper = tokio::spawn(session_store::sweep_expired(state.store.clone()));
    let app = router(state);
    let served = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    sweeper.abort();
    served
}
