//! The JSON API under `/api/v1`. Its shapes are DTOs defined here, not domain types, so the
//! domain can change without breaking API clients. `GET /api/v1/openapi.json` describes it.

use crate::AppState;
use crate::access::{self, RULES};
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::pages::municipality_or_404;
use crate::routes::Routes;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use serde_json::{Value, json};

/// Adds the API routes.
pub fn routes(r: Routes) -> Routes {
    r.get("/api/v1/openapi.json", openapi)
        .get("/api/v1/municipalities", municipalities)
        .get("/api/v1/municipalities/{code}/organisation", organisation)
        .get("/api/v1/municipalities/{code}/follow-up-plans", follow_up_plans)
        .get("/api/v1/municipalities/{code}/audit-log", audit_log)
        .get("/api/v1/audit-log/verification", audit_verification)
        .get("/api/v1/municipalities/{code}/goals/{year}", goals::year)
        .get("/api/v1/municipalities/{code}/goals/{year}/indicators/{key}", goals::indicator)
        .post("/api/v1/municipalities/{code}/goals/{year}/indicators/{key}/outcomes", goals::save_outcome)
        .post("/api/v1/municipalities/{code}/goals/{year}/indicators/{key}/targets", goals::save_target)
        .post("/api/v1/municipalities/{code}/goals/{year}/assessments", goals::save_assessment)
        .get("/api/v1/municipalities/{code}/economy/{year}", economy::year)
        .get("/api/v1/municipalities/{code}/economy/{year}/ledger", economy::ledger)
        .get("/api/v1/municipalities/{code}/economy/{year}/budget", economy::budget)
        .post("/api/v1/municipalities/{code}/economy/{year}/forecasts", economy::save_forecasts)
        .get("/api/v1/municipalities/{code}/economy/{year}/mapping", economy::mapping)
        .post("/api/v1/municipalities/{code}/economy/{year}/mapping", economy::save_mapping)
        .get("/api/v1/municipalities/{code}/personnel/{year}", personnel)
        .get("/api/v1/municipalities/{code}/internal-control/{year}", internal_control)
        .get("/api/v1/municipalities/{code}/evb/{quarter}", evb_statistics)
        .get("/api/v1/municipalities/{code}/reports/{kind}/{year}", report)
        .get("/api/v1/municipalities/{code}/quality/{year}", quality)
        .get("/api/v1/municipalities/{code}/meetings", meetings)
        .get("/api/v1/municipalities/{code}/cases", cases)
        .get("/api/v1/municipalities/{code}/meetings/{id}", meeting)
}

pub mod economy;
pub mod goals;

/// A JSON body, with malformed bodies answered as a problem document in Swedish.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = AppError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Body<T>, AppError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(e) => Err(AppError::bad_request(format!("JSON-kroppen kunde inte läsas: {}", e.body_text()))),
        }
    }
}

/// A municipality.
#[derive(Serialize)]
pub struct MunicipalityDto {
    /// SCB code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// GET /api/v1/municipalities
pub async fn municipalities(State(state): State<AppState>) -> Result<Json<Vec<MunicipalityDto>>, AppError> {
    let list = store::org::municipalities(&state.store).await?;
    Ok(Json(list.into_iter().map(|m| MunicipalityDto { code: m.code.as_str().into(), name: m.name }).collect()))
}

/// GET /api/v1/municipalities/{code}/organisation
pub async fn organisation(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Value>, AppError> {
    municipality_or_404(&state, &code).await?;
    let org = store::org::organisation(&state.store, &code).await?;
    Ok(Json(json!({
        "municipality": { "code": org.municipality().code.as_str(), "name": org.municipality().name },
        "bodies": org.bodies().iter().map(|b| json!({
            "key": b.key, "kind": b.kind.key(), "name": b.name, "parent": b.parent,
        })).collect::<Vec<_>>(),
        "units": org.unit_tree().into_iter().map(|(depth, u)| json!({
            "key": u.key, "kind": u.kind.key(), "name": u.name, "ansvar": u.ansvar,
            "parent": u.parent, "body": u.body, "depth": depth,
        })).collect::<Vec<_>>(),
    })))
}

/// GET /api/v1/municipalities/{code}/follow-up-plans
pub async fn follow_up_plans(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Value>, AppError> {
    municipality_or_404(&state, &code).await?;
    let plans = store::org::follow_up_plans(&state.store, &code).await?;
    Ok(Json(json!(
        plans
            .iter()
            .map(|p| json!({
                "year": p.year(),
                "forecast_months": p.forecast_months(),
                "interim_periods": p.interim_periods().iter().map(|i| i.to_string()).collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>()
    )))
}

/// GET /api/v1/municipalities/{code}/audit-log
pub async fn audit_log(
    State(state): State<AppState>,
    auth: crate::auth::AuthSession,
    Path(code): Path<String>,
) -> Result<Json<Value>, AppError> {
    municipality_or_404(&state, &code).await?;
    let role = crate::access::Who::of(&auth).role;
    let entries: Vec<_> = store::audit::recent(&state.store, Some(&code), 200, None)
        .await?
        .into_iter()
        .map(|e| crate::pages::audit::shown_to(e, role))
        .collect();
    Ok(Json(json!(entries)))
}

/// GET /api/v1/audit-log/verification — whether the whole chain is intact; the entries counted
/// are the caller's municipality's (all of them for an account of every municipality).
pub async fn audit_verification(State(state): State<AppState>, auth: AuthSession) -> Result<Json<Value>, AppError> {
    let own = auth.user.as_ref().and_then(|u| u.municipality.clone());
    Ok(Json(match store::audit::verify(&state.store).await? {
        store::audit::Verdict::Intact { entries } => match own {
            Some(m) => json!({ "intact": true, "municipality": m, "entries": store::audit::count_in(&state.store, &m).await? }),
            None => json!({ "intact": true, "entries": entries }),
        },
        store::audit::Verdict::Broken { seq, reason } => {
            json!({ "intact": false, "broken_at": seq, "reason": reason.to_string() })
        }
    }))
}

/// GET /api/v1/openapi.json — generated from the access table, so every API route is listed
/// with the roles that may use it.
pub async fn openapi() -> Json<Value> {
    Json(openapi_document())
}

/// The OpenAPI 3.1 document.
pub fn openapi_document() -> Value {
    let mut paths = serde_json::Map::new();
    for rule in RULES.iter().filter(|r| r.path.starts_with("/api/v1/")) {
        let mut params: Vec<Value> = rule
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": path_schema(name) }))
            .collect();
        params.extend(query_parameters(rule.path));
        let roles: Vec<&str> = rule.roles.iter().map(|r| r.key()).collect();
        let public = rule.roles == access::EVERYONE;
        let problem = |d: &str| json!({ "description": d, "content": { "application/problem+json": {} } });
        let mut responses = serde_json::Map::new();
        responses.insert("200".into(), json!({ "description": "OK", "content": { "application/json": {} } }));
        if !params.is_empty() || rule.method == "POST" {
            responses.insert("400".into(), problem("Fel form på adressen, en parameter eller innehållet"));
        }
        if !public {
            responses.insert("401".into(), problem("Inloggning krävs"));
            responses.insert("403".into(), problem("Rollen eller kommunen saknar behörighet"));
        }
        responses.insert("404".into(), problem("Finns inte (eller är inte publicerat)"));
        if rule.method == "POST" {
            responses.insert("422".into(), problem("Innehållet följer inte reglerna (till exempel ett okänt mål)"));
            responses.insert(
                "409".into(),
                problem("Ändringen strider mot det som är lagrat (till exempel en prognos som en publicerad rapport visar)"),
            );
        }
        let id: String = format!("{} {}", rule.method.to_lowercase(), rule.path)
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && *w != "api" && *w != "v1")
            .enumerate()
            .map(|(i, w)| if i == 0 { w.to_string() } else { w[..1].to_uppercase() + &w[1..] })
            .collect();
        let tag = rule.path.split('/').nth(5).or_else(|| rule.path.split('/').nth(3)).unwrap_or("api");
        let mut op = json!({
            "operationId": id,
            "tags": [tag],
            "summary": rule.purpose,
            "parameters": params,
            "x-arshjul-roles": roles,
            "security": if public { json!([]) } else { json!([{ "session": [] }]) },
            "responses": responses,
        });
        if let Some(body) = request_body(rule.path).filter(|_| rule.method == "POST") {
            op["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": body } } });
        }
        let entry = paths.entry(rule.path.to_string()).or_insert_with(|| json!({}));
        entry[rule.method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Årshjul API",
            "version": "1",
            "description": "Nämndens styrning och uppföljning. Belopp i öre (heltal), mätvärden och andelar som decimaltext med punkt (\"9.4\"), datum som ISO-text. Offentliga uppgifter utan inloggning; övriga med sessionskakan från POST /login (formulärfälten username och password, med Sec-Fetch-Site eller Origin från samma webbplats).",
        },
        "components": { "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": "arshjul_session" } } },
        "paths": paths,
    })
}

/// A path parameter's schema, by its name.
fn path_schema(name: &str) -> Value {
    match name {
        "code" => json!({ "type": "string", "pattern": "^[0-9]{4}$", "description": "Kommunkod (SCB), t.ex. 0486" }),
        "year" => json!({ "type": "integer", "minimum": 1900, "maximum": 2200 }),
        "quarter" => json!({ "type": "string", "pattern": "^[0-9]{4}Q[1-4]$", "description": "Kvartal, t.ex. 2021Q4" }),
        _ => json!({ "type": "string" }),
    }
}

/// The query parameters a route reads.
fn query_parameters(path: &str) -> Vec<Value> {
    let q =
        |name: &str, schema: Value, d: &str| json!({ "name": name, "in": "query", "required": false, "schema": schema, "description": d });
    let month = || q("to_month", json!({ "type": "integer", "minimum": 1, "maximum": 12 }), "Till och med månad (delårsrapport)");
    match path {
        "/api/v1/municipalities/{code}/economy/{year}/ledger" => vec![
            q("row", json!({ "type": "string" }), "Driftradens nyckel; utan: alla rader"),
            q(
                "column",
                json!({ "type": "string", "enum": ["utfall-netto", "utfall-intakter", "utfall-kostnader"] }),
                "Kolumnen; utan: utfall netto",
            ),
            month(),
        ],
        "/api/v1/municipalities/{code}/economy/{year}/budget" => vec![
            q("row", json!({ "type": "string" }), "Driftradens nyckel; utan: alla rader"),
            q(
                "column",
                json!({ "type": "string", "enum": ["budget-netto", "budget-intakter", "budget-kostnader"] }),
                "Kolumnen; utan: budget netto",
            ),
            month(),
        ],
        "/api/v1/municipalities/{code}/reports/{kind}/{year}" => vec![month()],
        "/api/v1/municipalities/{code}/economy/{year}" => vec![month()],
        _ => Vec::new(),
    }
}

/// The JSON a POST route takes.
fn request_body(path: &str) -> Option<Value> {
    let text = || json!({ "type": "string" });
    let decimal = || json!({ "type": ["string", "null"], "description": "Decimaltal med komma eller punkt, t.ex. \"9,4\"" });
    Some(match path {
        "/api/v1/municipalities/{code}/goals/{year}/indicators/{key}/outcomes" => json!({
            "type": "object", "required": ["period"],
            "properties": { "period": text(), "total": decimal(), "women": decimal(), "men": decimal(), "note": { "type": ["string", "null"] } },
        }),
        "/api/v1/municipalities/{code}/goals/{year}/indicators/{key}/targets" => json!({
            "type": "object", "required": ["period"],
            "properties": { "period": text(), "value": decimal(), "relative": { "type": ["string", "null"], "enum": ["öka", "minska", "bibehålla", null] } },
        }),
        "/api/v1/municipalities/{code}/goals/{year}/assessments" => json!({
            "type": "object", "required": ["goal", "period", "level", "analysis"],
            "properties": { "goal": text(), "period": text(), "level": text(), "analysis": text() },
        }),
        "/api/v1/municipalities/{code}/economy/{year}/forecasts" => json!({
            "type": "object", "required": ["month", "amounts"],
            "properties": {
                "month": { "type": "integer", "minimum": 1, "maximum": 12 },
                "kind": { "type": "string", "enum": ["avvikelse", "årsnetto"], "default": "avvikelse" },
                "amounts": { "type": "object", "additionalProperties": { "type": "integer" }, "description": "Driftradens nyckel → belopp i öre" },
                "comments": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Driftradens nyckel → vad prognosen bygger på" },
                "despite_implausible": { "type": "boolean", "default": false, "description": "Spara även en avvikelse större än verksamhetens hela budget" },
            },
        }),
        "/api/v1/municipalities/{code}/economy/{year}/mapping" => json!({
            "type": "object", "required": ["rules"],
            "properties": { "rules": { "type": "array", "minItems": 1, "description": "I prioritetsordning: den första regel som passar en kontopost avgör", "items": {
                "type": "object", "required": ["account_from", "account_to", "row", "category"],
                "properties": {
                    "account_from": { "type": "integer", "minimum": 0 }, "account_to": { "type": "integer", "minimum": 0 },
                    "dimension": { "type": ["integer", "null"] }, "object": { "type": ["string", "null"] },
                    "row": { "type": "string", "description": "Driftradens nyckel" },
                    "category": { "type": "string", "enum": ["intakt", "kostnad"] },
                },
            } } },
        }),
        _ => return None,
    })
}

/// A measurement as the API gives it: a decimal string with a point ("9.4", "-0.8"), exact as
/// stored (never a float); `null` for none.
pub(crate) fn num(m: Option<domain::goals::Measure>) -> Value {
    m.map(|m| Value::String(m.present_natural().replace(',', ".").replace('\u{2212}', "-").replace('\u{a0}', ""))).unwrap_or(Value::Null)
}

/// GET /api/v1/municipalities/{code}/personnel/{year} — sick leave per unit and period (per
/// cent, decimal strings) and key figures (their value a decimal string in their unit).
pub async fn personnel(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<Value>, AppError> {
    municipality_or_404(&state, &code).await?;
    let none = || AppError::not_found(format!("Ingen publicerad personalstatistik för {year}."));
    crate::pages::control::published_for(&state, &auth, &code, year, store::publication::Area::Personnel, none).await?;
    let sick: Vec<Value> = store::personnel::sick_leave(&state.store, &code, year)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "unit": s.unit, "period": s.period.to_string(), "total": num(s.total), "women": num(s.women), "men": num(s.men),
                "age_to_29": num(s.age_to_29), "age_30_49": num(s.age_30_49), "age_50_up": num(s.age_50_up),
                "days_1_14": num(s.days_1_14), "days_15_59": num(s.days_15_59), "days_60_up": num(s.days_60_up),
                "short_term": num(s.short_term), "long_term_share": num(s.long_term_share), "note": s.note,
            })
        })
        .collect();
    let figures: Vec<Value> = store::personnel::key_figures(&state.store, &code, year)
        .await?
        .into_iter()
        .map(|k| {
            json!({
                "key": k.key, "name": k.name, "unit": k.unit, "period": k.period.to_string(), "value": num(Some(k.value)),
                "definition": k.definition, "measured": k.measured, "note": k.note,
            })
        })
        .collect();
    Ok(Json(json!({ "sick_leave": sick, "key_figures": figures })))
}

/// GET /api/v1/municipalities/{code}/internal-control/{year}
pub async fn internal_control(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<Value>, AppError> {
    municipality_or_404(&state, &code).await?;
    let none = || AppError::not_found(format!("Ingen publicerad internkontrollplan för {year}."));
    crate::pages::control::published_for(&state, &auth, &code, year, store::publication::Area::Control, none).await?;
    let (plan, items) = store::control::plan(&state.store, &code, year)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Ingen internkontrollplan för {year}.")))?;
    let today = state.clock.today();
    let actions = store::control::actions(&state.store, &code, year).await?;
    let labels = |s: &domain::control::LevelScale| s.labels.iter().map(|(v, l)| json!({ "value": v, "label": l })).collect::<Vec<_>>();
    let results: Vec<Value> = store::control::results(&state.store, &code, year)
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "item": r.item, "period": r.period.to_string(), "level": r.level, "reviewed": r.reviewed, "deviations": r.deviations,
                "approved_share": num(r.approved_share.or_else(|| r.computed_share())), "findings": r.findings,
            })
        })
        .collect();
    Ok(Json(json!({
        "plan": {
            "decision": plan.decision, "case_number": plan.case_number, "adopted": plan.adopted.map(|d| d.to_string()),
            "probability": labels(&plan.probability), "consequence": labels(&plan.consequence),
            "risk_thresholds": { "low_max": plan.thresholds.low_max, "medium_max": plan.thresholds.medium_max },
            "result_levels": plan.results.levels.iter().map(|(k, l, s)| json!({ "key": k, "label": l, "symbol": s })).collect::<Vec<_>>(),
            "good_from": num(Some(plan.results.good_from)), "acceptable_from": num(Some(plan.results.acceptable_from)),
            "analysis": plan.analysis,
            "net_risks": plan.net_risks.iter().map(|n| json!({ "risk": n.risk, "probability": n.probability, "consequence": n.consequence, "comment": n.comment })).collect::<Vec<_>>(),
        },
        "items": items.iter().map(|i| json!({ "item": i, "risk_value": i.risk_value(), "level": plan.thresholds.level(i.risk_value()) })).collect::<Vec<_>>(),
        "results": results,
        "actions": actions.iter().map(|a| json!({ "action": a, "overdue": a.overdue(today) })).collect::<Vec<_>>(),
    })))
}

/// GET /api/v1/municipalities/{code}/evb/{quarter} — de-identified counts only.
pub async fn evb_statistics(State(state): State<AppState>, Path((code, quarter)): Path<(String, String)>) -> Result<Json<Value>, AppError> {
    use domain::evb::*;
    municipality_or_404(&state, &code).await?;
    let q = match domain::period::Period::parse(&quarter) {
        Ok(p @ domain::period::Period::Quarter { .. }) => p,
        _ => return Err(AppError::bad_request(format!("\"{quarter}\" är inget kvartal (skriv t.ex. 2021Q4)."))),
    };
    let loaded = crate::outputs::EvbQuarter::load(&state.store, &code, q).await?;
    let (info, stats, catalog) = (&loaded.info, &loaded.stats, &loaded.catalog);
    let name = |k: &str| catalog.get(k).map(|t| t.name.clone()).unwrap_or_else(|| k.to_string());
    Ok(Json(json!({
        "measured_period": info.measured.to_string(),
        "reporting_period": info.reporting.to_string(),
        "cutoff": info.cutoff.to_string(),
        "categories": Category::ALL.iter().map(|c| c.key()).collect::<Vec<_>>(),
        "by_insats": stats.by_category.iter().map(|(k, c)| json!({ "insats": name(k), "counts": c, "open": c[2] + c[3] })).collect::<Vec<_>>(),
        "totals": stats.totals(),
        "open": stats.open(),
        "bands": stats.band_labels,
        "open_by_band": stats.by_band.iter().map(|(k, b)| json!({ "insats": name(k), "counts": b })).collect::<Vec<_>>(),
        "open_by_sex": { "women": stats.by_sex[0], "men": stats.by_sex[1], "unknown": stats.by_sex[2] },
    })))
}

/// `?to_month=8` for interim reports.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    to_month: Option<u8>,
}

/// GET /api/v1/municipalities/{code}/reports/{kind}/{year} — the assembled report (sections,
/// tables with every printed cell and its source link) and the checker's findings.
pub async fn report(
    State(state): State<AppState>,
    Path((code, kind, year)): Path<(String, String, i32)>,
    axum::extract::Query(q): axum::extract::Query<ReportQuery>,
) -> Result<Json<Value>, AppError> {
    municipality_or_404(&state, &code).await?;
    let req = crate::report::Request { municipality: &code, kind: &kind, year, to_month: q.to_month, links: true, overrides: vec![] };
    let (doc, findings) = crate::report::check(&state.store, &req).await?;
    let mut v = render::doc::data(&doc);
    // Charts are SVG text: the API gives their text alternative only.
    if let Some(blocks) = v.get_mut("blocks").and_then(|b| b.as_array_mut()) {
        for b in blocks.iter_mut().filter(|b| b["type"] == "chart") {
            b.as_object_mut().map(|o| o.remove("svg"));
        }
    }
    // The decision trail: the case the report is decided in, and where it has been on the agenda.
    let case = store::report::case_of(&state.store, &code, &kind, year).await?;
    let handlings = match &case {
        Some(c) => store::meetings::handlings(&state.store, &code, c).await?,
        None => Vec::new(),
    };
    Ok(Json(json!({ "document": v, "findings": findings, "case": case, "handlings": handlings })))
}

/// GET /api/v1/municipalities/{code}/quality/{year} — counts and decisions; no free text (it
/// can hold what must not leave the unit). A head tied to a unit sees that unit's, as on the pages.
pub async fn quality(
    State(state): State<AppState>,
    auth: crate::auth::AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<Value>, AppError> {
    use domain::quality::*;
    municipality_or_404(&state, &code).await?;
    let q = crate::pages::quality::visible(&state, &auth, &code, year).await?;
    let all: Vec<&Deviation> = q.deviations.iter().collect();
    Ok(Json(json!({
        "year": year,
        "harm_levels": Harm::ALL.iter().map(|h| h.key()).collect::<Vec<_>>(),
        "by_type": counts_by_type(&all, &q.types).into_iter().map(|(n, c)| json!({ "type": n, "counts": c })).collect::<Vec<_>>(),
        "lex": lex_counts(&q.deviations).map(|c| json!({
            "lex": c.lex.label_sv(), "possible": c.total, "reported": c.reported, "not_reported": c.not_reported, "undecided": c.undecided,
        })),
        "deviations": q.deviations.iter().map(|d| json!({
            "id": d.id, "date": d.date.to_string(), "unit": d.unit, "type": d.kind, "harm": d.harm.key(), "law": d.law.key(),
            "lex": d.lex.map(|l| l.label_sv()), "decision": d.decision.as_ref().map(|x| json!({ "report": x.report, "date": x.date.to_string(), "by": x.by })),
            "status": d.status.label_sv(),
        })).collect::<Vec<_>>(),
        "complaints": { "received": q.complaints.len(), "answered_late": q.complaints.iter().filter(|c| c.answered_in_time() == Some(false)).count() },
    })))
}

/// GET /api/v1/municipalities/{code}/meetings — the meeting calendar.
pub async fn meetings(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Value>, AppError> {
    municipality_or_404(&state, &code).await?;
    let today = state.clock.today();
    let posted: Vec<String> =
        store::meetings::notice_board(&state.store, &code).await?.into_iter().filter(|p| p.is_up(today)).map(|p| p.meeting).collect();
    // A meeting whose kallelse is not sent is not public yet.
    let list: Vec<Value> = store::meetings::meetings(&state.store, &code)
        .await?
        .into_iter()
        .filter(|s| s.meeting.notice_sent)
        .map(|s| {
            let m = s.meeting;
            json!({ "id": m.id, "body": m.body, "body_name": m.body_name, "date": m.date.to_string(), "time": m.time, "place": m.place,
                    "link": m.link, "justerat": s.locked_hash.is_some(), "posted": posted.contains(&m.id) })
        })
        .collect();
    Ok(Json(json!(list)))
}

/// GET /api/v1/municipalities/{code}/meetings/{id} — head, agenda with case numbers (closed
/// items without content) and, once on the notice board, the public protocol.
pub async fn meeting(State(state): State<AppState>, Path((code, id)): Path<(String, String)>) -> Result<Json<Value>, AppError> {
    municipality_or_404(&state, &code).await?;
    let s = crate::meetings::visible(&state.store, &code, &id, false).await?;
    let today = state.clock.today();
    let posting = store::meetings::posting(&state.store, &code, &id).await?.filter(|p| p.is_up(today));
    let agenda: Vec<Value> = store::meetings::agenda(&state.store, &code, &id)
        .await?
        .into_iter()
        .map(|a| {
            let a = a.public();
            json!({ "number": a.number, "title": a.title, "case": a.case, "kind": a.kind, "secret": a.secret, "proposal": a.proposal })
        })
        .collect();
    let protocol = match &posting {
        Some(_) => Some(store::meetings::paragraphs(&state.store, &code, &id).await?.iter().map(|p| p.public()).collect::<Vec<_>>()),
        None => None,
    };
    let m = s.meeting;
    Ok(Json(json!({
        "id": m.id, "body": m.body, "date": m.date.to_string(), "time": m.time, "place": m.place, "chair": m.chair, "secretary": m.secretary,
        "agenda": agenda,
        "protocol": protocol,
        "notice_board": posting.map(|p| json!({ "justerad": p.justerad.to_string(), "posted": p.posted.to_string(), "appeal_last_day": p.appeal_last_day.to_string() })),
    })))
}

/// GET /api/v1/municipalities/{code}/cases — the diarium with each case's documents: to the
/// municipality's staff whole (but a secret document's sender or recipient), to everyone else as
/// the public reads it (see [`domain::cases::public_documents`]).
pub async fn cases(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Json<Value>, AppError> {
    municipality_or_404(&state, &code).await?;
    let public = !crate::access::Who::of(&auth).belongs_to(&code);
    let mut out = Vec::new();
    for c in store::cases::cases(&state.store, &code).await? {
        let mut docs = store::cases::documents(&state.store, &code, &c.number).await?;
        let c = match public {
            true => {
                docs = domain::cases::public_documents(&c, docs);
                c.public()
            }
            // Staff read a secret document's sender or recipient on its page, not in a list.
            false => {
                docs.iter_mut().filter(|d| d.secrecy.is_some()).for_each(|d| d.party.clear());
                c
            }
        };
        out.push(json!({
            "number": c.number.to_string(), "unit": c.number.unit, "series": c.number.series, "year": c.number.year, "serial": c.number.serial,
            "title": c.title, "registered": c.registered.map(|d| d.to_string()), "handler": c.handler, "status": c.status,
            "secrecy": c.secrecy,
            "documents": docs.iter().map(|d| json!({ "number": d.number, "direction": d.direction, "date": d.date.to_string(),
                "title": d.title, "party": d.party, "secrecy": d.secrecy })).collect::<Vec<_>>(),
        }));
    }
    Ok(Json(json!(out)))
}
