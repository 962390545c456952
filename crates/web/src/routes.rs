//! The router, built from the access table: every route is registered through [`Routes`],
//! which records it, and the route × role test checks the record against `access::RULES`.

use crate::{AppState, access, api, assets, auth, csrf, error, pages, session_store};
use axum::Router;
use axum::handler::Handler;
use axum::routing::{get, post};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// A router that remembers which (method, path) pairs it was given.
pub struct Routes {
    router: Router<AppState>,
    registered: Vec<(&'static str, &'static str)>,
}

impl Routes {
    fn new() -> Routes {
        Routes { router: Router::new(), registered: Vec::new() }
    }

    /// Registers a GET route.
    pub fn get<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.registered.push(("GET", path));
        self.router = self.router.route(path, get(handler));
        self
    }

    /// Registers a POST route.
    pub fn post<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.registered.push(("POST", path));
        self.router = self.router.route(path, post(handler));
        self
    }

    /// Registers a POST route whose body may be up to `limit` bytes (axum's default is 2 MB).
    pub fn post_large<H, T>(mut self, path: &'static str, handler: H, limit: usize) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.registered.push(("POST", path));
        self.router = self.router.route(path, post(handler).layer(axum::extract::DefaultBodyLimit::max(limit)));
        self
    }
}

/// Every route of the application, unlayered.
pub fn all() -> Routes {
    let r = Routes::new()
        .get("/", pages::home::index)
        .get("/halsa", pages::home::health)
        .get("/static/{file}", assets::serve)
        .get("/login", auth::login_form)
        .post("/login", auth::login)
        .post("/logout", auth::logout)
        .get("/k/{kommun}", pages::home::municipality)
        .get("/k/{kommun}/organisation", pages::org::organisation)
        .get("/k/{kommun}/perioder", pages::org::periods)
        .get("/k/{kommun}/granskningslogg", pages::audit::log)
        .get("/k/{kommun}/mal", pages::goals::index)
        .post("/k/{kommun}/mal/{ar}/nasta-ar", pages::goals::start_next_year)
        .get("/k/{kommun}/mal/{ar}", pages::goals::year)
        .get("/k/{kommun}/mal/{ar}/indikator/{nyckel}", pages::goals::indicator)
        .get("/k/{kommun}/mal/{ar}/mal/{mal}", pages::goals::goal)
        .post("/k/{kommun}/mal/{ar}/mal/{mal}", pages::goals::assess)
        .get("/k/{kommun}/mal/{ar}/utfall", pages::goals::grid)
        .post("/k/{kommun}/mal/{ar}/utfall", pages::goals::save_grid)
        .get("/k/{kommun}/mal/{ar}/mall/{fil}", pages::goals::template)
        .post("/k/{kommun}/mal/{ar}/import", pages::goals::import)
        .get("/k/{kommun}/mal/{ar}/komplett", pages::goals::completeness)
        .post("/k/{kommun}/mal/{ar}/publicering", pages::goals::publish)
        .get("/k/{kommun}/ekonomi", pages::economy::index)
        .get("/k/{kommun}/ekonomi/{ar}", pages::economy::year)
        .get("/k/{kommun}/ekonomi/{ar}/huvudbok", pages::economy::ledger)
        .get("/k/{kommun}/ekonomi/{ar}/budgetrader", pages::economy::budget_lines)
        .get("/k/{kommun}/ekonomi/{ar}/omappade", pages::economy::unmapped)
        .get("/k/{kommun}/ekonomi/{ar}/import", pages::economy::import_form)
        .post_large("/k/{kommun}/ekonomi/{ar}/import", pages::economy::import, crate::imports::SIE_UPLOAD_LIMIT)
        .get("/k/{kommun}/ekonomi/{ar}/import/{id}/fil", pages::economy::import_file)
        .get("/k/{kommun}/ekonomi/{ar}/budget.xlsx", pages::economy::budget_export)
        .post("/k/{kommun}/ekonomi/{ar}/budget", pages::economy::budget_import)
        .post("/k/{kommun}/ekonomi/{ar}/prognos", pages::economy::save_forecast)
        .post("/k/{kommun}/ekonomi/{ar}/nasta-ar", pages::economy::start_next_year)
        .post("/k/{kommun}/ekonomi/{ar}/publicering", pages::economy::publish)
        .get("/k/{kommun}/ekonomi/{ar}/redigera/{tabell}", pages::economy::editor)
        .post("/k/{kommun}/ekonomi/{ar}/redigera/{tabell}", pages::economy::save_editor)
        .get("/k/{kommun}/personal", pages::control::personnel_years)
        .get("/k/{kommun}/personal/{ar}", pages::control::personnel)
        .get("/k/{kommun}/personal/{ar}/redigera/{del}", pages::control::personnel_editor)
        .get("/k/{kommun}/internkontroll/{ar}/redigera", pages::control::control_editor)
        .post("/k/{kommun}/internkontroll/{ar}/redigera", pages::control::save_control_editor)
        .post("/k/{kommun}/internkontroll/{ar}/plan", pages::control::save_plan_head)
        .post("/k/{kommun}/personal/{ar}/redigera/{del}", pages::control::save_personnel_editor)
        .post("/k/{kommun}/personal/{ar}/publicering", pages::control::publish_personnel)
        .get("/k/{kommun}/internkontroll", pages::control::control_years)
        .get("/k/{kommun}/internkontroll/{ar}", pages::control::plan)
        .post("/k/{kommun}/internkontroll/{ar}/publicering", pages::control::publish_control)
        .post("/k/{kommun}/internkontroll/{ar}/resultat", pages::control::save_result)
        .get("/k/{kommun}/evb", pages::evb::overview)
        .get("/k/{kommun}/evb/statistik/{kvartal}", pages::evb::statistics_document)
        .get("/k/{kommun}/evb/register", pages::evb::register)
        .post("/k/{kommun}/evb/beslut", pages::evb::save_decision)
        .get("/k/{kommun}/evb/bevakning", pages::evb::alerts)
        .get("/k/{kommun}/evb/ivo/{kvartal}", pages::evb::ivo)
        .get("/k/{kommun}/diarium", pages::cases::index)
        .post("/k/{kommun}/diarium", pages::cases::register)
        .get("/k/{kommun}/diarium/{serie}/{ar}/{lopnr}", pages::cases::case)
        .post("/k/{kommun}/diarium/{serie}/{ar}/{lopnr}/handlingar", pages::cases::add_document)
        .get("/k/{kommun}/sammantraden/{id}/utdrag/{nr}", pages::meetings::extract)
        .get("/k/{kommun}/sammantraden/{id}/arende/{nr}", pages::meetings::case_paper)
        .get("/k/{kommun}/sammantraden", pages::meetings::index)
        .post("/k/{kommun}/sammantraden", pages::meetings::create)
        .post("/k/{kommun}/ledamoter", pages::meetings::import_members)
        .post("/k/{kommun}/sammantraden/{id}/dagordning", pages::meetings::add_item)
        .post("/k/{kommun}/sammantraden/{id}/protokollsutkast", pages::meetings::draft)
        .post("/k/{kommun}/sammantraden/{id}/dagordning/{nr}", pages::meetings::edit_item)
        .post("/k/{kommun}/sammantraden/{id}/dagordning/{nr}/ta-bort", pages::meetings::remove_item)
        .post("/k/{kommun}/sammantraden/{id}/dagordning/{nr}/upp", pages::meetings::move_item_up)
        .post("/k/{kommun}/sammantraden/{id}/uppgifter", pages::meetings::details)
        .post("/k/{kommun}/sammantraden/{id}/skicka", pages::meetings::send_notice)
        .post("/k/{kommun}/sammantraden/{id}/stall-in", pages::meetings::cancel)
        .post("/k/{kommun}/sammantraden/{id}/flytta", pages::meetings::move_meeting)
        .post("/k/{kommun}/sammantraden/{id}/aterkalla", pages::meetings::withdraw)
        .get("/k/{kommun}/anslagstavla", pages::meetings::board)
        .get("/k/{kommun}/sok", pages::meetings::search)
        .get("/k/{kommun}/sammantraden/{id}", pages::meetings::meeting)
        .get("/k/{kommun}/sammantraden/{id}/kallelse", pages::meetings::notice)
        .get("/k/{kommun}/sammantraden/{id}/kalender.ics", pages::meetings::ics)
        .get("/k/{kommun}/sammantraden/{id}/protokoll", pages::meetings::protocol)
        .get("/k/{kommun}/sammantraden/{id}/sekretessprotokoll", pages::meetings::secrecy_protocol)
        .post("/k/{kommun}/sammantraden/{id}/paragraf/{nr}", pages::meetings::save_paragraph)
        .post("/k/{kommun}/sammantraden/{id}/narvaro", pages::meetings::attendance)
        .post("/k/{kommun}/sammantraden/{id}/justera", pages::meetings::sign)
        .post("/k/{kommun}/sammantraden/{id}/anslag", pages::meetings::post)
        .get("/k/{kommun}/kvalitet", pages::quality::index)
        .get("/k/{kommun}/kvalitet/{ar}", pages::quality::year)
        .post("/k/{kommun}/kvalitet/{ar}/avvikelser", pages::quality::report)
        .post("/k/{kommun}/kvalitet/{ar}/klagomal", pages::quality::register_complaint)
        .post("/k/{kommun}/kvalitet/{ar}/klagomal/{id}/svar", pages::quality::answer_complaint)
        .post("/k/{kommun}/kvalitet/{ar}/egenkontroller", pages::quality::add_inspection)
        .post("/k/{kommun}/kvalitet/{ar}/egenkontroller/{nr}/resultat", pages::quality::inspection_result)
        .get("/k/{kommun}/kvalitet/{ar}/aterrapportering", pages::quality::grants)
        .post("/k/{kommun}/kvalitet/{ar}/aterrapportering/{bidrag}", pages::quality::grant_used)
        .post("/k/{kommun}/kvalitet/{ar}/aterrapportering/{bidrag}/insats", pages::quality::save_insats)
        .get("/k/{kommun}/kvalitet/{ar}/avvikelser.csv", pages::quality::export)
        .get("/k/{kommun}/kvalitet/avvikelse/{id}", pages::quality::deviation)
        .post("/k/{kommun}/kvalitet/avvikelse/{id}/lex", pages::quality::classify)
        .post("/k/{kommun}/kvalitet/avvikelse/{id}/beslut", pages::quality::decide)
        .get("/k/{kommun}/rapporter", pages::report::index)
        .get("/k/{kommun}/rapporter/{typ}/{ar}", pages::report::report)
        .post("/k/{kommun}/rapporter/{typ}/{ar}/text", pages::report::save_text)
        .post("/k/{kommun}/rapporter/{typ}/{ar}/arende", pages::report::set_case)
        .get("/k/{kommun}/rapporter/{typ}/{ar}/fil/{format}", pages::report::download)
        .post("/k/{kommun}/rapporter/{typ}/{ar}/publicering", pages::report::publish)
        .get("/k/{kommun}/rapporter/{typ}/mall", pages::report::template)
        .post("/k/{kommun}/rapporter/{typ}/mall", pages::report::save_template)
        .post("/k/{kommun}/internkontroll/{ar}/atgard", pages::control::add_action)
        .post("/k/{kommun}/internkontroll/{ar}/atgard/{id}/klar", pages::control::complete_action)
        .post("/k/{kommun}/internkontroll/{ar}/atgard/{id}/oppna", pages::control::reopen_action)
        .get("/k/{kommun}/privata-utforare/{ar}", pages::control::providers)
        .post("/k/{kommun}/privata-utforare/{ar}/publicering", pages::control::publish_providers)
        .get("/admin", pages::admin::overview)
        .get("/admin/anvandare", pages::admin::users)
        .post("/admin/anvandare", pages::admin::create_user)
        .post("/admin/anvandare/{namn}", pages::admin::change_user)
        .get("/admin/inlasning", pages::admin_import::form)
        .post_large("/admin/inlasning", pages::admin_import::upload, pages::admin_import::LIMIT)
        .get("/admin/filformat", pages::admin_import::formats);
    api::routes(r)
}

/// The (method, path) pairs registered, for the access test.
pub fn registered() -> Vec<(&'static str, &'static str)> {
    all().registered
}

/// The application with every layer.
pub fn app(state: AppState) -> Router {
    let session_layer = tower_sessions::SessionManagerLayer::new(session_store::DbSessionStore::new(state.store.clone()))
        .with_name("arshjul_session")
        .with_secure(state.config.secure_cookies)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_expiry(tower_sessions::Expiry::OnInactivity(time::Duration::hours(8)));
    let auth_layer = axum_login::AuthManagerLayerBuilder::new(auth::Backend::new(state.store.clone()), session_layer).build();

    let routes = all();
    routes
        .router
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), access::enforce))
        .fallback(pages::home::not_found)
        .layer(axum::middleware::from_fn(csrf::guard))
        .layer(axum::middleware::from_fn(error::render_errors))
        .layer(auth_layer)
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::CONTENT_SECURITY_POLICY,
            axum::http::HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_CONTENT_TYPE_OPTIONS,
            axum::http::HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::REFERRER_POLICY,
            axum::http::HeaderValue::from_static("same-origin"),
        ))
        // Pages may hold pseudonyms, deviations or secret content for the account that asked:
        // no copy is kept on the way or in the browser (static files say their own).
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("private, no-store"),
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
