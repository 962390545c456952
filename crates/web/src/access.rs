//! Who may use which route: one table, enforced by one middleware.
//!
//! Every route in the application has exactly one [`Rule`] in [`RULES`]. The router is built
//! from the same table (see `routes`), [`enforce`] refuses what a rule does not admit, and the
//! route × role test in `tests/it/access.rs` walks every rule for every role.
//!
//! Municipality scope: on a route with a `{kommun}` (pages) or `{code}` (API) segment, an
//! account that belongs to a municipality may use the route's restricted content only for its
//! own municipality; system administrators (no municipality) may use it for all. Routes open to
//! the public are open for every municipality.

use crate::AppState;
use crate::auth::AuthSession;
use crate::error::AppError;
use axum::extract::{MatchedPath, RawPathParams, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::role::Role;
use domain::role::Role::*;

/// Every role, the public included.
pub const EVERYONE: &[Role] = &Role::ALL;
/// Every account role.
pub const STAFF: &[Role] = &Role::ACCOUNT_ROLES;
/// Those who read the audit log.
pub const AUDITORS: &[Role] = &[Admin, Revisor];
/// System administration.
pub const ADMINS: &[Role] = &[Admin];
/// Those who enter goal and economy data.
pub const CONTROLLERS: &[Role] = &[Admin, Controller];
/// Those who enter economy data, and the auditors who read where it came from.
pub const CONTROLLERS_AND_AUDITORS: &[Role] = &[Admin, Controller, Revisor];
/// Those who enter forecasts: the controllers for every drift row, a head of unit for the rows
/// of their unit (`pages::economy::rows_forecast_by`).
pub const FORECASTERS: &[Role] = &[Admin, Controller, Verksamhetschef];
/// Those who record internal-control results and actions.
pub const CONTROL_WRITERS: &[Role] = &[Admin, Controller, Verksamhetschef];

/// Those who report and classify deviations.
/// They also read a deviation's free text (description, investigation, actions), which may
/// tell of a patient and is not for elected members or auditors (they get the counts).
pub const QUALITY_REPORTERS: &[Role] = &[Admin, Controller, Verksamhetschef, Mas, Sekreterare];
/// Those who decide whether a possible Lex Maria/Lex Sarah case is reported to IVO: MAS for Lex
/// Maria, the head of operations for Lex Sarah ([`lex_decider`]).
pub const QUALITY_DECIDERS: &[Role] = &[Admin, Verksamhetschef, Mas];

/// Whether `role` decides on reporting a possible case under `lex` to IVO: MAS for Lex Maria
/// (health care), the verksamhetschef for Lex Sarah (social care); the administrator for both.
pub fn lex_decider(role: Role, lex: domain::quality::Lex) -> bool {
    match lex {
        domain::quality::Lex::Maria => matches!(role, Admin | Mas),
        domain::quality::Lex::Sarah => matches!(role, Admin | Verksamhetschef),
    }
}

/// Those who register cases and documents in the diarium.
pub const REGISTRARS: &[Role] = &[Admin, Sekreterare];
/// Those who keep the minutes (the committee secretary).
pub const MINUTE_KEEPERS: &[Role] = &[Admin, Sekreterare];
/// Those who sign the minutes: the secretary, and the chair and adjusters (members).
pub const SIGNERS: &[Role] = &[Admin, Sekreterare, Ledamot];
/// Who reads secret meeting content — secret agenda items and paragraphs, the
/// sekretessprotokoll: the committee's members and secretary, and its auditors.
pub const SECRECY_READERS: &[Role] = &[Admin, Sekreterare, Ledamot, Revisor];

/// Whether `who` reads secret meeting content of municipality `code` (see [`SECRECY_READERS`]);
/// everyone else sees a secret item or paragraph as the public does.
pub fn reads_secrets(who: &Who, code: &str) -> bool {
    who.belongs_to(code) && SECRECY_READERS.contains(&who.role)
}

/// Those who write report texts.
pub const REPORT_WRITERS: &[Role] = &[Admin, Controller, Sekreterare];
/// Those who may be named a template's authors besides the report writers (the MAS, of the
/// patient-safety report).
const OTHER_AUTHORS: &[Role] = &[Mas];
/// Those who write some report's texts: the report writers and the other authors; the handler
/// asks the template ([`writes_report`]).
pub const REPORT_AUTHORS: &[Role] = &[Admin, Controller, Sekreterare, Mas];

/// Whether `role` writes the texts of a report made from `template`: a report writer, or one of
/// the other authors the template names (a role outside them is not made one by a template).
pub fn writes_report(role: Role, template: &domain::report::template::Template) -> bool {
    REPORT_WRITERS.contains(&role) || (OTHER_AUTHORS.contains(&role) && template.authors.contains(&role))
}

/// Those who handle identifiable EVB data (the register, IVO's list, the alert list).
pub const EVB_HANDLERS: &[Role] = &[Admin, Verksamhetschef];

/// One route and the roles it admits.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// HTTP method.
    pub method: &'static str,
    /// The route pattern as registered in the router.
    pub path: &'static str,
    /// Roles admitted.
    pub roles: &'static [Role],
    /// What the route is for (shown in the API document and the route list).
    pub purpose: &'static str,
}

macro_rules! rules {
    ($($method:ident $path:literal => $roles:expr, $purpose:literal;)*) => {
        &[$(Rule { method: stringify!($method), path: $path, roles: $roles, purpose: $purpose }),*]
    };
}

/// The access table: every route of the application.
pub const RULES: &[Rule] = rules! {
    GET "/" => EVERYONE, "Startsida: kommunerna i Årshjul";
    GET "/halsa" => EVERYONE, "Hälsokontroll för drift";
    GET "/static/{file}" => EVERYONE, "Stilmall och skript";
    GET "/login" => EVERYONE, "Inloggningsformulär";
    POST "/login" => EVERYONE, "Logga in";
    POST "/logout" => STAFF, "Logga ut";
    GET "/k/{kommun}" => EVERYONE, "Kommunens startsida";
    GET "/k/{kommun}/organisation" => EVERYONE, "Politisk organisation och förvaltningens enheter";
    GET "/k/{kommun}/perioder" => EVERYONE, "Årets uppföljningspunkter";
    GET "/k/{kommun}/granskningslogg" => AUDITORS, "Granskningslogg för kommunen";
    GET "/k/{kommun}/mal" => EVERYONE, "Målåren (allmänheten ser publicerade)";
    POST "/k/{kommun}/mal/{ar}/nasta-ar" => CONTROLLERS, "Lägg upp nästa års mål från årets (skala, mål och indikatorer)";
    GET "/k/{kommun}/mal/{ar}" => EVERYONE, "Årets mål, bedömningar och indikatorer";
    GET "/k/{kommun}/mal/{ar}/indikator/{nyckel}" => EVERYONE, "En indikator med diagram";
    GET "/k/{kommun}/mal/{ar}/mal/{mal}" => EVERYONE, "Ett mål med bedömning och analys";
    POST "/k/{kommun}/mal/{ar}/mal/{mal}" => CONTROLLERS, "Spara en målbedömning";
    GET "/k/{kommun}/mal/{ar}/utfall" => CONTROLLERS, "Registrera utfall för en period";
    POST "/k/{kommun}/mal/{ar}/utfall" => CONTROLLERS, "Spara utfall";
    GET "/k/{kommun}/mal/{ar}/mall/{fil}" => CONTROLLERS, "Mall för utfall (CSV eller XLSX)";
    POST "/k/{kommun}/mal/{ar}/import" => CONTROLLERS, "Läs in utfall från fil";
    GET "/k/{kommun}/mal/{ar}/komplett" => STAFF, "Saknade utfall och bedömningar";
    POST "/k/{kommun}/mal/{ar}/publicering" => CONTROLLERS, "Publicera eller avpublicera årets mål";
    GET "/k/{kommun}/ekonomi" => EVERYONE, "Ekonomiåren (allmänheten ser publicerade)";
    GET "/k/{kommun}/ekonomi/{ar}" => EVERYONE, "Driftredovisning, följsamhet, prognoser, ram, bidrag, åtgärder, investeringar";
    GET "/k/{kommun}/ekonomi/{ar}/huvudbok" => STAFF, "Huvudboksraderna bakom en cell";
    GET "/k/{kommun}/ekonomi/{ar}/budgetrader" => STAFF, "Budgetraderna bakom en budgetcell i driftredovisningen";
    GET "/k/{kommun}/ekonomi/{ar}/omappade" => STAFF, "Huvudboksrader utan verksamhet";
    GET "/k/{kommun}/ekonomi/{ar}/import" => CONTROLLERS_AND_AUDITORS, "Läs in huvudbok och budget; de inlästa filerna med kontrollsumma (revisorn läser)";
    POST "/k/{kommun}/ekonomi/{ar}/import" => CONTROLLERS, "Läs in en SIE-fil";
    GET "/k/{kommun}/ekonomi/{ar}/import/{id}/fil" => CONTROLLERS_AND_AUDITORS, "Den inlästa huvudboksfilen, som den lästes in";
    GET "/k/{kommun}/ekonomi/{ar}/budget.xlsx" => STAFF, "Budgeten som Excel";
    POST "/k/{kommun}/ekonomi/{ar}/budget" => CONTROLLERS, "Läs in budget (XLSX eller CSV)";
    POST "/k/{kommun}/ekonomi/{ar}/prognos" => FORECASTERS, "Spara prognos för en månad (en verksamhetschef för sin enhets rader)";
    POST "/k/{kommun}/ekonomi/{ar}/nasta-ar" => CONTROLLERS, "Lägg upp nästa års ekonomiska uppföljning med årets verksamheter och kontoplan";
    POST "/k/{kommun}/ekonomi/{ar}/publicering" => CONTROLLERS, "Publicera eller avpublicera årets ekonomi";
    GET "/k/{kommun}/ekonomi/{ar}/redigera/{tabell}" => CONTROLLERS, "Redigera åtgärdsplan, investeringar, bidrag, verksamhetsstatistik eller kontomappning";
    POST "/k/{kommun}/ekonomi/{ar}/redigera/{tabell}" => CONTROLLERS, "Spara en redigerad tabell (kontomappningen placerar om årets huvudboksrader)";
    GET "/k/{kommun}/personal" => EVERYONE, "År med personalstatistik (allmänheten ser publicerade)";
    GET "/k/{kommun}/personal/{ar}" => EVERYONE, "Sjukfrånvaro och personalnyckeltal";
    POST "/k/{kommun}/personal/{ar}/publicering" => CONTROLLERS, "Publicera eller avpublicera årets personalstatistik";
    GET "/k/{kommun}/personal/{ar}/redigera/{del}" => CONTROLLERS, "Redigera årets sjukfrånvaro eller personalnyckeltal";
    POST "/k/{kommun}/personal/{ar}/redigera/{del}" => CONTROLLERS, "Spara årets sjukfrånvaro eller personalnyckeltal";
    GET "/k/{kommun}/internkontroll" => EVERYONE, "År med internkontrollplan (allmänheten ser publicerade)";
    GET "/k/{kommun}/internkontroll/{ar}" => EVERYONE, "Internkontrollplan, riskmatris, resultat och åtgärder";
    POST "/k/{kommun}/internkontroll/{ar}/publicering" => CONTROLLERS, "Publicera eller avpublicera årets interna kontroll";
    GET "/k/{kommun}/internkontroll/{ar}/redigera" => CONTROLLERS, "Redigera internkontrollplanens kontrollpunkter (ett år utan plan får en)";
    POST "/k/{kommun}/internkontroll/{ar}/redigera" => CONTROLLERS, "Spara internkontrollplanens kontrollpunkter";
    POST "/k/{kommun}/internkontroll/{ar}/plan" => CONTROLLERS, "Spara planens beslut, diarienummer, antagandedag och analys";
    POST "/k/{kommun}/internkontroll/{ar}/resultat" => CONTROL_WRITERS, "Registrera kontrollresultat";
    GET "/k/{kommun}/evb" => STAFF, "Ej verkställda beslut: avidentifierad statistik per kvartal";
    GET "/k/{kommun}/evb/statistik/{kvartal}" => STAFF, "Statistikrapport om ej verkställda beslut (HTML, CSV)";
    GET "/k/{kommun}/evb/register" => EVB_HANDLERS, "Register över beslut med pseudonymer (loggas)";
    POST "/k/{kommun}/evb/beslut" => EVB_HANDLERS, "Registrera beslut eller verkställighet";
    GET "/k/{kommun}/evb/bevakning" => EVB_HANDLERS, "Beslut nära tremånadersgränsen";
    GET "/k/{kommun}/evb/ivo/{kvartal}" => EVB_HANDLERS, "IVO-rapport per individ (loggas)";
    POST "/k/{kommun}/internkontroll/{ar}/atgard" => CONTROL_WRITERS, "Lägg till åtgärd";
    POST "/k/{kommun}/internkontroll/{ar}/atgard/{id}/klar" => CONTROL_WRITERS, "Markera åtgärd klar";
    POST "/k/{kommun}/internkontroll/{ar}/atgard/{id}/oppna" => CONTROL_WRITERS, "Öppna en åtgärd som markerats klar av misstag";
    GET "/k/{kommun}/privata-utforare/{ar}" => EVERYONE, "Plan för uppföljning av privata utförare";
    POST "/k/{kommun}/privata-utforare/{ar}/publicering" => CONTROLLERS, "Publicera eller avpublicera årets plan för privata utförare";
    GET "/k/{kommun}/diarium" => EVERYONE, "Diariet: ärenden (sökbara på diarienummer i alla skrivsätt); allmän handling";
    POST "/k/{kommun}/diarium" => REGISTRARS, "Registrera ett ärende (nästa löpnummer i serien och året)";
    GET "/k/{kommun}/diarium/{serie}/{ar}/{lopnr}" => EVERYONE, "Ett ärende med dess handlingar (allmänheten: utan avsändare/mottagare, sekretess maskad)";
    POST "/k/{kommun}/diarium/{serie}/{ar}/{lopnr}/handlingar" => REGISTRARS, "Registrera en handling i ärendet";
    GET "/k/{kommun}/sammantraden/{id}/arende/{nr}" => EVERYONE, "Ett ärendes tjänsteskrivelse (sekretessärenden bara för kommunens konton)";
    GET "/k/{kommun}/sammantraden/{id}/utdrag/{nr}" => EVERYONE, "Protokollsutdrag för en paragraf (allmänheten: anslagna protokoll)";
    GET "/k/{kommun}/sammantraden" => EVERYONE, "Sammanträdeskalender";
    POST "/k/{kommun}/sammantraden" => MINUTE_KEEPERS, "Kalla till ett sammanträde (dagordningen börjar med formalia)";
    POST "/k/{kommun}/ledamoter" => MINUTE_KEEPERS, "Läs in ledamotsförteckningen (ledamoter.csv); sammanträden utan närvarolista får en";
    POST "/k/{kommun}/sammantraden/{id}/dagordning" => MINUTE_KEEPERS, "Lägg till ett ärende på dagordningen (innan någon justerat)";
    POST "/k/{kommun}/sammantraden/{id}/protokollsutkast" => MINUTE_KEEPERS, "Skapa protokollsutkastet ur dagordningen";
    POST "/k/{kommun}/sammantraden/{id}/dagordning/{nr}" => MINUTE_KEEPERS, "Ändra ett ärende på dagordningen (innan någon justerat)";
    POST "/k/{kommun}/sammantraden/{id}/dagordning/{nr}/upp" => MINUTE_KEEPERS, "Flytta ett ärende ett steg upp på dagordningen (innan protokollsutkastet skapats)";
    POST "/k/{kommun}/sammantraden/{id}/dagordning/{nr}/ta-bort" => MINUTE_KEEPERS, "Ta bort ett ärende från dagordningen (innan någon justerat)";
    POST "/k/{kommun}/sammantraden/{id}/stall-in" => MINUTE_KEEPERS, "Ställ in sammanträdet: det tas bort med dagordning och protokollsutkast (innan någon skrivit under)";
    POST "/k/{kommun}/sammantraden/{id}/flytta" => MINUTE_KEEPERS, "Flytta sammanträdet till ett annat datum (innan protokollsutkastet och underskrifterna)";
    POST "/k/{kommun}/sammantraden/{id}/aterkalla" => MINUTE_KEEPERS, "Återkalla justeringen: underskrifterna tas bort så att protokollet kan rättas (innan det är justerat)";
    POST "/k/{kommun}/sammantraden/{id}/skicka" => MINUTE_KEEPERS, "Skicka kallelsen: sammanträdet blir offentligt";
    POST "/k/{kommun}/sammantraden/{id}/uppgifter" => MINUTE_KEEPERS, "Ändra tid, plats, ordförande, sekreterare och justerare (innan någon justerat)";
    GET "/k/{kommun}/sok" => EVERYONE, "Sök i kallelser, protokoll och mål; kommunens konton också i rapporttexter och sekretessärenden";
    GET "/k/{kommun}/anslagstavla" => EVERYONE, "Anslagstavla med justerade protokoll och överklagandetid";
    GET "/k/{kommun}/sammantraden/{id}" => STAFF, "Ett sammanträde: ärenden, protokoll, justering, anslag";
    GET "/k/{kommun}/sammantraden/{id}/kalender.ics" => EVERYONE, "Sammanträdet som kalenderhändelse (iCalendar)";
    GET "/k/{kommun}/sammantraden/{id}/kallelse" => EVERYONE, "Kallelse (offentlig version utan sekretessärendenas innehåll)";
    GET "/k/{kommun}/sammantraden/{id}/protokoll" => EVERYONE, "Protokoll (offentlig version; allmänheten ser anslagna)";
    GET "/k/{kommun}/sammantraden/{id}/sekretessprotokoll" => SECRECY_READERS, "Sekretessprotokoll: sekretessparagraferna i sin helhet";
    POST "/k/{kommun}/sammantraden/{id}/paragraf/{nr}" => MINUTE_KEEPERS, "Spara en paragraf";
    POST "/k/{kommun}/sammantraden/{id}/narvaro" => MINUTE_KEEPERS, "Registrera närvaron";
    POST "/k/{kommun}/sammantraden/{id}/justera" => SIGNERS, "Skriv under protokollet";
    POST "/k/{kommun}/sammantraden/{id}/anslag" => MINUTE_KEEPERS, "Anslå protokollet";
    GET "/k/{kommun}/kvalitet" => STAFF, "År med avvikelser och kvalitetsarbete";
    GET "/k/{kommun}/kvalitet/{ar}" => STAFF, "Avvikelser per typ och allvarlighet, Lex Maria och Lex Sarah, klagomål";
    POST "/k/{kommun}/kvalitet/{ar}/avvikelser" => QUALITY_REPORTERS, "Rapportera en avvikelse";
    POST "/k/{kommun}/kvalitet/{ar}/klagomal" => QUALITY_REPORTERS, "Registrera ett klagomål eller en synpunkt";
    POST "/k/{kommun}/kvalitet/{ar}/klagomal/{id}/svar" => QUALITY_REPORTERS, "Registrera svaret på ett klagomål";
    POST "/k/{kommun}/kvalitet/{ar}/egenkontroller" => QUALITY_REPORTERS, "Lägg till en egenkontroll i årets program";
    POST "/k/{kommun}/kvalitet/{ar}/egenkontroller/{nr}/resultat" => QUALITY_REPORTERS, "Skriv en egenkontrolls resultat";
    GET "/k/{kommun}/kvalitet/{ar}/aterrapportering" => STAFF, "Återrapportering av statsbidrag: mottaget, använt, insatser, tidsfrister";
    POST "/k/{kommun}/kvalitet/{ar}/aterrapportering/{bidrag}" => CONTROL_WRITERS, "Redovisa hur mycket av ett bidrag som använts";
    POST "/k/{kommun}/kvalitet/{ar}/aterrapportering/{bidrag}/insats" => CONTROL_WRITERS, "Redovisa en insats i ett bidrags återrapportering";
    GET "/k/{kommun}/kvalitet/{ar}/avvikelser.csv" => QUALITY_REPORTERS, "Årets avvikelser som CSV (stoppas vid personnummer)";
    GET "/k/{kommun}/kvalitet/avvikelse/{id}" => QUALITY_REPORTERS, "En avvikelse med bedömning och beslut";
    POST "/k/{kommun}/kvalitet/avvikelse/{id}/lex" => QUALITY_REPORTERS, "Bedöm om avvikelsen kan vara ett Lex Maria- eller Lex Sarah-ärende";
    POST "/k/{kommun}/kvalitet/avvikelse/{id}/beslut" => QUALITY_DECIDERS, "Beslut om anmälan till IVO";
    GET "/k/{kommun}/rapporter" => EVERYONE, "Rapporttyper och år (allmänheten ser de publicerade rapporterna)";
    GET "/k/{kommun}/rapporter/{typ}/{ar}" => STAFF, "En rapport: avsnitt, texter, granskning och förhandsvisning";
    POST "/k/{kommun}/rapporter/{typ}/{ar}/text" => REPORT_AUTHORS, "Spara ett avsnitts text (MAS: patientsäkerhetsberättelsen)";
    POST "/k/{kommun}/rapporter/{typ}/{ar}/arende" => REPORT_WRITERS, "Ange ärendet i diariet som rapporten beslutas i";
    GET "/k/{kommun}/rapporter/{typ}/{ar}/fil/{format}" => EVERYONE, "Rapporten som PDF, DOCX, HTML eller XLSX (allmänheten: en publicerad rapport, utan länkar in i Årshjul)";
    POST "/k/{kommun}/rapporter/{typ}/{ar}/publicering" => CONTROLLERS, "Publicera eller avpublicera en rapport för allmänheten";
    GET "/k/{kommun}/rapporter/{typ}/mall" => CONTROLLERS, "Kommunens version av en rapportmall";
    POST "/k/{kommun}/rapporter/{typ}/mall" => CONTROLLERS, "Spara kommunens version av en rapportmall";
    GET "/admin" => ADMINS, "Administration: kommunerna, verktygen, databasen och granskningsloggens kedja";
    GET "/admin/anvandare" => ADMINS, "Användarkonton";
    POST "/admin/anvandare" => ADMINS, "Skapa användarkonto";
    POST "/admin/anvandare/{namn}" => ADMINS, "Ändra ett konto: en verksamhetschefs enhet, avstängt eller aktivt";
    GET "/admin/inlasning" => ADMINS, "Läsa in filer: organisation, mål, ekonomi, personal, kontroll, kvalitet, EVB, sammanträden, diarium";
    POST "/admin/inlasning" => ADMINS, "Läsa in en mapps filer (allt eller inget)";
    GET "/admin/filformat" => ADMINS, "Importfilernas kolumner";
    GET "/api/v1/openapi.json" => EVERYONE, "API-beskrivning (OpenAPI 3.1)";
    GET "/api/v1/municipalities" => EVERYONE, "Kommunerna";
    GET "/api/v1/municipalities/{code}/organisation" => EVERYONE, "En kommuns organisation";
    GET "/api/v1/municipalities/{code}/follow-up-plans" => EVERYONE, "En kommuns uppföljningspunkter";
    GET "/api/v1/municipalities/{code}/audit-log" => AUDITORS, "En kommuns granskningslogg";
    GET "/api/v1/audit-log/verification" => AUDITORS, "Kontroll av granskningsloggens kedja";
    GET "/api/v1/municipalities/{code}/goals/{year}" => EVERYONE, "Årets målstruktur, indikatorer och bedömningar";
    GET "/api/v1/municipalities/{code}/goals/{year}/indicators/{key}" => EVERYONE, "En indikators utfall och målvärden";
    POST "/api/v1/municipalities/{code}/goals/{year}/indicators/{key}/outcomes" => CONTROLLERS, "Spara ett utfall";
    POST "/api/v1/municipalities/{code}/goals/{year}/indicators/{key}/targets" => CONTROLLERS, "Spara ett målvärde";
    POST "/api/v1/municipalities/{code}/goals/{year}/assessments" => CONTROLLERS, "Spara en målbedömning";
    GET "/api/v1/municipalities/{code}/economy/{year}" => EVERYONE, "Driftredovisning med följsamhet, prognoser, ram, bidrag, åtgärder och investeringar";
    GET "/api/v1/municipalities/{code}/economy/{year}/ledger" => STAFF, "Huvudboksraderna bakom en cell";
    GET "/api/v1/municipalities/{code}/economy/{year}/budget" => STAFF, "Budgetraderna bakom en budgetcell";
    POST "/api/v1/municipalities/{code}/economy/{year}/forecasts" => FORECASTERS, "Spara prognoser (en verksamhetschef för sin enhets rader)";
    GET "/api/v1/municipalities/{code}/economy/{year}/mapping" => STAFF, "Kontomappningen och huvudboksraderna utan verksamhet";
    POST "/api/v1/municipalities/{code}/economy/{year}/mapping" => CONTROLLERS, "Ersätt kontomappningen och placera om årets huvudboksrader";
    GET "/api/v1/municipalities/{code}/personnel/{year}" => EVERYONE, "Sjukfrånvaro och personalnyckeltal";
    GET "/api/v1/municipalities/{code}/internal-control/{year}" => EVERYONE, "Internkontrollplan med resultat och åtgärder";
    GET "/api/v1/municipalities/{code}/evb/{quarter}" => STAFF, "Ej verkställda beslut: avidentifierad statistik för ett kvartal";
    GET "/api/v1/municipalities/{code}/quality/{year}" => STAFF, "Avvikelser per typ och allvarlighet, Lex-beslut och klagomål (utan fritext)";
    GET "/api/v1/municipalities/{code}/meetings" => EVERYONE, "Sammanträdeskalendern";
    GET "/api/v1/municipalities/{code}/cases" => EVERYONE, "Diariet: ärenden med handlingar (allmänheten som på diariets sida: utan avsändare och mottagare, sekretess och personnummer)";
    GET "/api/v1/municipalities/{code}/meetings/{id}" => EVERYONE, "Ett sammanträde: ärenden med diarienummer och, när det är anslaget, det offentliga protokollet";
    GET "/api/v1/municipalities/{code}/reports/{kind}/{year}" => STAFF, "En rapport med tabeller, källhänvisningar och granskningens fynd";
};

/// The rule for a method and route pattern.
pub fn rule(method: &Method, path: &str) -> Option<&'static Rule> {
    // HEAD is GET without the body (link checkers and monitors ask it): the same rule.
    let method = if method == Method::HEAD { "GET" } else { method.as_str() };
    RULES.iter().find(|r| r.method == method && r.path == path)
}

/// Whether `role` may use the route `path` with `method` (for showing links only to those who
/// may follow them).
pub fn allows(role: Role, method: &str, path: &str) -> bool {
    RULES.iter().any(|r| r.method == method && r.path == path && r.roles.contains(&role))
}

/// The account acting on a request, or the public.
#[derive(Debug, Clone)]
pub struct Who {
    /// The role.
    pub role: Role,
    /// The logged-in account, if any.
    pub user: Option<crate::auth::SessionUser>,
}

impl Who {
    /// Who is behind a session.
    pub fn of(auth: &AuthSession) -> Who {
        match &auth.user {
            Some(u) => Who { role: u.role, user: Some(u.clone()) },
            None => Who { role: Role::Public, user: None },
        }
    }

    /// Whether this account may see restricted content of `municipality`.
    pub fn belongs_to(&self, municipality: &str) -> bool {
        match &self.user {
            Some(u) => u.municipality.as_deref().is_none_or(|m| m == municipality),
            None => false,
        }
    }
}

/// Middleware: admits a request only if its route's rule admits the caller's role (and, on
/// restricted municipality routes, the caller belongs to that municipality).
pub async fn enforce(State(_): State<AppState>, auth: AuthSession, params: RawPathParams, req: Request, next: Next) -> Response {
    let path = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string());
    let Some(rule) = path.as_deref().and_then(|p| rule(req.method(), p)) else {
        // A method the path does not take (a form's address opened in the address bar): 405.
        if let Some(p) = path.as_deref() {
            let allow: Vec<&str> = RULES.iter().filter(|r| r.path == p).map(|r| r.method).collect();
            if !allow.is_empty() {
                let mut res = AppError::method_not_allowed().into_response();
                if let Ok(v) = axum::http::HeaderValue::from_str(&allow.join(", ")) {
                    res.headers_mut().insert(axum::http::header::ALLOW, v);
                }
                return res;
            }
        }
        // A route without a rule is a programming error; refuse rather than guess.
        return AppError::internal(format!("no access rule for {} {:?}", req.method(), path)).into_response();
    };
    let who = Who::of(&auth);
    let scoped = params.iter().find(|(k, _)| *k == "kommun" || *k == "code").map(|(_, v)| v.to_string());
    let role_ok = rule.roles.contains(&who.role);
    let scope_ok = rule.roles.contains(&Role::Public) || scoped.as_deref().is_none_or(|m| who.belongs_to(m));
    if role_ok && scope_ok {
        return next.run(req).await;
    }
    if who.user.is_none() {
        if req.uri().path().starts_with("/api/") {
            let mut res = AppError {
                status: StatusCode::UNAUTHORIZED,
                title: "Inloggning krävs".into(),
                detail: "Logga in för att använda den här delen av API:t.".into(),
            }
            .into_response();
            res.headers_mut().insert("www-authenticate", axum::http::HeaderValue::from_static("Cookie realm=\"arshjul\""));
            return res;
        }
        let next_url = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        return Redirect::to(&format!("/login?next={}", crate::auth::encode_query(next_url))).into_response();
    }
    AppError::forbidden().into_response()
}
