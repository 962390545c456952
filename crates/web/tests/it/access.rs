//! The route × role walk: every route in the access table, for every role, gets the status the
//! table promises. Grows by itself as routes are added; a POST route needs a line in
//! `allowed_status`.

use crate::{TestApp, apps};
use axum::http::StatusCode;
use domain::role::Role;
use web::access::RULES;

/// A concrete path for a pattern.
fn concrete(pattern: &str) -> String {
    pattern
        // Item 1 is a formality, without a case paper.
        .replace("/arende/{nr}", "/arende/2")
        // The MAS writes the patient-safety report's texts, not the others'.
        .replace("/rapporter/{typ}/{ar}/text", "/rapporter/patientsakerhetsberattelse/{ar}/text")
        .replace("{kommun}", "0486")
        .replace("{code}", "0486")
        .replace("{file}", "arshjul.css")
        .replace("{ar}", "2023")
        .replace("{year}", "2023")
        .replace("{mal}", "G1")
        .replace("{nyckel}", "SJUK")
        .replace("{key}", "SJUK")
        .replace("{fil}", "utfall.csv")
        .replace("{tabell}", "bidrag")
        .replace("{del}", "sjukfranvaro")
        .replace("{id}", "1")
        .replace("{kvartal}", "2021Q4")
        .replace("{quarter}", "2021Q4")
        .replace("{typ}", "arsrapport")
        .replace("{kind}", "arsrapport")
        .replace("{format}", "html")
        .replace("{nr}", "1")
        .replace("{serie}", "SN")
        .replace("{lopnr}", "10")
        .replace("{bidrag}", "psykisk")
        .replace("{namn}", "ledamot")
}

/// What a request that is admitted answers (with an empty or wrong form where one is needed).
fn allowed_status(method: &str, path: &str) -> StatusCode {
    match (method, path) {
        ("GET", _) => StatusCode::OK,
        ("POST", "/login") => StatusCode::UNAUTHORIZED, // wrong password
        ("POST", "/logout") => StatusCode::SEE_OTHER,
        ("POST", "/admin/anvandare") => StatusCode::UNPROCESSABLE_ENTITY, // empty form
        ("POST", "/admin/inlasning") => StatusCode::BAD_REQUEST,          // not multipart
        ("POST", "/admin/anvandare/{namn}") => StatusCode::UNPROCESSABLE_ENTITY, // no status
        ("POST", "/k/{kommun}/mal/{ar}/mal/{mal}") => StatusCode::UNPROCESSABLE_ENTITY, // no level, no analysis
        ("POST", "/k/{kommun}/mal/{ar}/utfall") => StatusCode::SEE_OTHER, // nothing changed
        ("POST", "/k/{kommun}/mal/{ar}/import") => StatusCode::BAD_REQUEST, // not multipart
        ("POST", "/k/{kommun}/ledamoter") => StatusCode::UNPROCESSABLE_ENTITY, // no file: the page asks for one
        ("POST", "/k/{kommun}/mal/{ar}/publicering") => StatusCode::SEE_OTHER,
        ("POST", "/k/{kommun}/mal/{ar}/nasta-ar") => StatusCode::UNPROCESSABLE_ENTITY, // no year named
        ("POST", "/k/{kommun}/rapporter/{typ}/{ar}/arende") => StatusCode::SEE_OTHER,  // an empty number: no case
        ("POST", "/k/{kommun}/rapporter/{typ}/{ar}/publicering") => StatusCode::UNPROCESSABLE_ENTITY, // the review's warnings not read
        ("POST", "/k/{kommun}/ekonomi/{ar}/import" | "/k/{kommun}/ekonomi/{ar}/budget") => StatusCode::BAD_REQUEST, // not multipart
        ("POST", "/k/{kommun}/ekonomi/{ar}/nasta-ar") => StatusCode::UNPROCESSABLE_ENTITY, // no year named
        ("POST", "/k/{kommun}/ekonomi/{ar}/prognos") => StatusCode::BAD_REQUEST,       // no month
        ("POST", "/k/{kommun}/ekonomi/{ar}/publicering") => StatusCode::SEE_OTHER,
        (
            "POST",
            "/k/{kommun}/personal/{ar}/publicering"
            | "/k/{kommun}/internkontroll/{ar}/publicering"
            | "/k/{kommun}/privata-utforare/{ar}/publicering",
        ) => StatusCode::SEE_OTHER,
        ("POST", "/k/{kommun}/ekonomi/{ar}/redigera/{tabell}") => StatusCode::SEE_OTHER, // an empty table
        ("POST", "/k/{kommun}/personal/{ar}/redigera/{del}" | "/k/{kommun}/internkontroll/{ar}/redigera") => {
            StatusCode::UNPROCESSABLE_ENTITY // an empty table is refused
        }
        ("POST", "/k/{kommun}/internkontroll/{ar}/resultat" | "/k/{kommun}/internkontroll/{ar}/atgard") => StatusCode::UNPROCESSABLE_ENTITY, // empty form
        ("POST", "/k/{kommun}/internkontroll/{ar}/plan") => StatusCode::SEE_OTHER, // the head emptied
        ("POST", "/k/{kommun}/internkontroll/{ar}/atgard/{id}/klar" | "/k/{kommun}/internkontroll/{ar}/atgard/{id}/oppna") => {
            StatusCode::SEE_OTHER
        }
        ("POST", "/k/{kommun}/kvalitet/{ar}/aterrapportering/{bidrag}") => StatusCode::SEE_OTHER, // nothing used yet
        ("POST", "/k/{kommun}/evb/beslut") => StatusCode::UNPROCESSABLE_ENTITY,                   // empty form
        ("POST", "/k/{kommun}/rapporter/{typ}/{ar}/text" | "/k/{kommun}/rapporter/{typ}/mall") => StatusCode::UNPROCESSABLE_ENTITY, // empty form
        (
            "POST",
            "/k/{kommun}/kvalitet/{ar}/avvikelser"
            | "/k/{kommun}/kvalitet/{ar}/klagomal"
            | "/k/{kommun}/kvalitet/{ar}/klagomal/{id}/svar"
            | "/k/{kommun}/kvalitet/{ar}/egenkontroller"
            | "/k/{kommun}/kvalitet/{ar}/egenkontroller/{nr}/resultat"
            | "/k/{kommun}/kvalitet/{ar}/aterrapportering/{bidrag}/insats"
            | "/k/{kommun}/kvalitet/avvikelse/{id}/lex"
            | "/k/{kommun}/kvalitet/avvikelse/{id}/beslut",
        ) => StatusCode::UNPROCESSABLE_ENTITY, // empty form
        (
            "POST",
            "/k/{kommun}/sammantraden/{id}/paragraf/{nr}"
            | "/k/{kommun}/sammantraden"
            | "/k/{kommun}/sammantraden/{id}/dagordning"
            | "/k/{kommun}/sammantraden/{id}/protokollsutkast"
            | "/k/{kommun}/sammantraden/{id}/dagordning/{nr}"
            | "/k/{kommun}/sammantraden/{id}/dagordning/{nr}/ta-bort"
            | "/k/{kommun}/sammantraden/{id}/dagordning/{nr}/upp"
            | "/k/{kommun}/sammantraden/{id}/uppgifter"
            | "/k/{kommun}/sammantraden/{id}/skicka"
            | "/k/{kommun}/sammantraden/{id}/stall-in"
            | "/k/{kommun}/sammantraden/{id}/flytta"
            | "/k/{kommun}/sammantraden/{id}/aterkalla"
            | "/k/{kommun}/sammantraden/{id}/justera"
            | "/k/{kommun}/sammantraden/{id}/narvaro"
            | "/k/{kommun}/sammantraden/{id}/anslag",
        ) => StatusCode::UNPROCESSABLE_ENTITY, // meeting 1 is justerat; an empty form
        ("POST", "/k/{kommun}/diarium" | "/k/{kommun}/diarium/{serie}/{ar}/{lopnr}/handlingar") => StatusCode::UNPROCESSABLE_ENTITY, // empty form
        ("POST", p) if p.starts_with("/api/v1/") => StatusCode::BAD_REQUEST, // no JSON body
        other => panic!("add the admitted status of {other:?} to allowed_status"),
    }
}

fn body_for(method: &str, path: &str, role: Role) -> Option<String> {
    match (method, path) {
        // A different unknown name per role, so the login rate limit is not what answers.
        ("POST", "/login") => Some(format!("username=nobody-{role}&password=wrong")),
        (
            "POST",
            "/k/{kommun}/mal/{ar}/publicering"
            | "/k/{kommun}/ekonomi/{ar}/publicering"
            | "/k/{kommun}/personal/{ar}/publicering"
            | "/k/{kommun}/internkontroll/{ar}/publicering"
            | "/k/{kommun}/privata-utforare/{ar}/publicering"
            | "/k/{kommun}/rapporter/{typ}/{ar}/publicering",
        ) => Some("publicera=ja".into()),
        ("POST", _) => Some(String::new()),
        _ => None,
    }
}

async fn session(app: &TestApp, role: Role) -> Option<String> {
    match role {
        Role::Public => None,
        r => Some(app.login(r.key()).await),
    }
}

#[test]
fn every_registered_route_has_exactly_one_rule_and_vice_versa() {
    let mut registered = web::routes::registered();
    registered.sort();
    let mut ruled: Vec<(&str, &str)> = RULES.iter().map(|r| (r.method, r.path)).collect();
    ruled.sort();
    let before = ruled.len();
    ruled.dedup();
    assert_eq!(before, ruled.len(), "a route has two rules");
    assert_eq!(registered, ruled);
}

#[tokio::test]
async fn every_route_for_every_role() {
    for app in apps().await {
        let mut checked = 0;
        for role in Role::ALL {
            for rule in RULES {
                // A fresh session per request: logout must not end the next request's session.
                let cookie = session(&app, role).await;
                let path = concrete(rule.path);
                let res = app.send(rule.method, &path, cookie.as_deref(), body_for(rule.method, rule.path, role).as_deref()).await;
                let expected = if rule.roles.contains(&role) {
                    allowed_status(rule.method, rule.path)
                } else if role == Role::Public && path.starts_with("/api/") {
                    StatusCode::UNAUTHORIZED
                } else if role == Role::Public {
                    StatusCode::SEE_OTHER
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(
                    res.status,
                    expected,
                    "{}: {} {} as {role}: {}",
                    app.label,
                    rule.method,
                    path,
                    &res.body[..res.body.len().min(300)]
                );
                if role == Role::Public && expected == StatusCode::SEE_OTHER {
                    let to = res.headers.get("location").unwrap().to_str().unwrap();
                    assert!(to.starts_with("/login?next="), "{to}");
                }
                checked += 1;
            }
        }
        assert_eq!(checked, RULES.len() * Role::ALL.len());
    }
}

#[tokio::test]
async fn restricted_routes_stay_inside_the_account_s_municipality() {
    for app in apps().await {
        let other = app.login("revisor.1882").await;
        for rule in RULES.iter().filter(|r| r.method == "GET" && r.roles.contains(&Role::Revisor) && !r.roles.contains(&Role::Public)) {
            if rule.path.contains("{kommun}") || rule.path.contains("{code}") {
                let res = app.get(&concrete(rule.path), Some(&other)).await;
                assert_eq!(res.status, StatusCode::FORBIDDEN, "{}: {} as revisor of 1882", app.label, rule.path);
                // In its own municipality the route admits the account (it may have no data there).
                let own = concrete(rule.path).replace("0486", "1882");
                let status = app.get(&own, Some(&other)).await.status;
                assert!(status != StatusCode::FORBIDDEN && status != StatusCode::SEE_OTHER, "{}: {own} gave {status}", app.label);
            }
        }
        // The administrator of all municipalities sees both.
        let admin = app.login("admin").await;
        assert_eq!(app.get("/k/1882/granskningslogg", Some(&admin)).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    use axum::body::Body;
    use axum::http::Request;
    for app in apps().await {
        let req = |site: Option<&str>, origin: Option<&str>| {
            let mut b = Request::builder().method("POST").uri("/login").header("host", "127.0.0.1:8080");
            if let Some(s) = site {
                b = b.header("sec-fetch-site", s);
            }
            if let Some(o) = origin {
                b = b.header("origin", o);
            }
            b.header("content-type", "application/x-www-form-urlencoded").body(Body::from("username=x&password=y")).unwrap()
        };
        assert_eq!(app.send_request(req(Some("cross-site"), None)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.send_request(req(Some("same-site"), None)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.send_request(req(None, Some("http://evil.example"))).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.send_request(req(None, Some("http://127.0.0.1:8080"))).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.send_request(req(Some("same-origin"), None)).await.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn logins_are_rate_limited() {
    for app in apps().await {
        for _ in 0..5 {
            let res = app.send("POST", "/login", None, Some("username=ledamot&password=wrong")).await;
            assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        }
        let res = app
            .send("POST", "/login", None, Some(&format!("username=ledamot&password={}", web::auth::encode_query(crate::PASSWORD))))
            .await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", app.label);
        assert!(res.body.contains("För många misslyckade inloggningsförsök"));
        assert!(res.headers.contains_key("retry-after"));
        // Another account is not affected.
        assert_eq!(app.send("POST", "/login", None, Some("username=controller&password=wrong")).await.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn session_cookie_is_http_only_and_lax() {
    for app in apps().await {
        let form = format!("username=ledamot&password={}", web::auth::encode_query(crate::PASSWORD));
        let res = app.send("POST", "/login", None, Some(&form)).await;
        let cookie = res.headers.get("set-cookie").unwrap().to_str().unwrap().to_lowercase();
        assert!(cookie.contains("httponly"), "{cookie}");
        assert!(cookie.contains("samesite=lax"), "{cookie}");
        assert_eq!(res.headers.get("location").unwrap(), "/k/0486");
    }
}
