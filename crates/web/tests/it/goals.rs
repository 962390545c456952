//! Goals and indicators through the web: who sees what, entering outcomes, assessments, import.

use crate::apps;
use axum::http::StatusCode;

#[tokio::test]
async fn the_public_sees_published_years_only() {
    for app in apps().await {
        assert_eq!(app.get("/k/0486/mal/2023", None).await.status, StatusCode::OK, "{}", app.label);
        let res = app.get("/k/0486/mal/2024", None).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}: unpublished year", app.label);
        assert_eq!(app.get("/api/v1/municipalities/0486/goals/2024", None).await.status, StatusCode::NOT_FOUND);
        let index = app.get("/k/0486/mal", None).await;
        assert!(index.body.contains("/k/0486/mal/2023") && !index.body.contains("/k/0486/mal/2024"));
        // A ledamot of the municipality reads the draft; one of another municipality does not.
        let ledamot = app.login("ledamot").await;
        assert_eq!(app.get("/k/0486/mal/2024", Some(&ledamot)).await.status, StatusCode::OK);
        let other = app.login("revisor.1882").await;
        assert_eq!(app.get("/k/0486/mal/2024", Some(&other)).await.status, StatusCode::NOT_FOUND);
        // A ledamot reads but does not write.
        assert_eq!(app.send("POST", "/k/0486/mal/2023/utfall", Some(&ledamot), Some("period=2023&t_SJUK=5")).await.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn year_page_shows_trend_and_attainment_separately() {
    for app in apps().await {
        let res = app.get("/k/0486/mal/2023", None).await;
        assert!(res.body.contains("10,74"), "{}", res.body);
        assert!(res.body.contains("Förbättrad"), "trend improved");
        assert!(res.body.contains("Ej uppnått"), "target not met");
        assert!(res.body.contains("Inget av ett mål är bedömt.") || res.body.contains("saknar bedömning") || res.body.contains("Inget av"), "{}", res.body);
        let res = app.get("/k/0486/mal/2023/indikator/SJUK", None).await;
        assert!(res.body.contains("<svg role=\"img\""), "chart");
        assert!(res.body.contains("<title id=\"chart-title\">Sjukfrånvaro</title>"));
    }
}

#[tokio::test]
async fn controller_enters_outcomes_in_the_grid_in_one_transaction() {
    for app in apps().await {
        let c = app.login("controller").await;
        let grid = app.get("/k/0486/mal/2023/utfall?period=2023", Some(&c)).await;
        assert!(grid.body.contains("name=\"t_SJUK\"") && grid.body.contains("value=\"10,74\""), "{}", grid.body);
        let bad = app.send("POST", "/k/0486/mal/2023/utfall", Some(&c), Some("period=2023&t_SJUK=sju&k_SJUK=&m_SJUK=&n_SJUK=")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("Inget sparades") && bad.body.contains("sju&#34; är inte ett tal"), "{}", bad.body);
        let ok = app.send("POST", "/k/0486/mal/2023/utfall", Some(&c), Some("period=2023&t_SJUK=6%2C5&k_SJUK=7&m_SJUK=4%2C2&n_SJUK=prel")).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let page = app.get("/k/0486/mal/2023/indikator/SJUK", Some(&c)).await;
        assert!(page.body.contains("6,5") && page.body.contains("Uppnått"), "attainment changed to met");
        let log = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap();
        assert_eq!((log[0].action.as_str(), log[0].actor.as_str()), ("indicator.outcome", "user:controller"));
    }
}

#[tokio::test]
async fn assessment_needs_analysis_and_shows_the_suggestion() {
    for app in apps().await {
        let c = app.login("controller").await;
        let page = app.get("/k/0486/mal/2023/mal/G1", Some(&c)).await;
        assert!(page.body.contains("Förslag utifrån indikatorerna"));
        assert!(page.body.contains("Ej uppfyllt"), "suggestion: the only indicator misses its target");
        let no_text = app.send("POST", "/k/0486/mal/2023/mal/G1", Some(&c), Some("period=2023&level=uppfyllt&analysis=")).await;
        assert_eq!(no_text.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(no_text.body.contains("Skriv en analys"));
        let ok = app.send("POST", "/k/0486/mal/2023/mal/G1", Some(&c), Some("period=2023&level=delvis-uppfyllt&analysis=Sjukfr%C3%A5nvaron+minskar.")).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        let year = app.get("/k/0486/mal/2023", None).await;
        assert!(year.body.contains("Delvis uppfyllt"));
        assert!(year.body.contains("Ett av ett mål är delvis uppfyllda."), "{}", year.body);
        let complete = app.get("/k/0486/mal/2023/komplett", Some(&c)).await;
        assert!(complete.body.contains("Alla mål är bedömda"));
    }
}

#[tokio::test]
async fn outcome_file_import_and_template() {
    for app in apps().await {
        let c = app.login("controller").await;
        let csv = app.get("/k/0486/mal/2023/mall/utfall.csv?period=2023", Some(&c)).await;
        assert!(csv.body.contains("indikator;period;totalt;kvinnor;män;kommentar;namn;enhet"));
        assert!(csv.body.contains("SJUK;2023;10,74"));
        let xlsx = app.get("/k/0486/mal/2023/mall/utfall.xlsx?period=2023", Some(&c)).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        let upload = |body: &str| {
            let boundary = "XyZ";
            let multipart = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"period\"\r\n\r\n2023\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"utfall.csv\"\r\nContent-Type: text/csv\r\n\r\n{body}\r\n--{boundary}--\r\n"
            );
            axum::http::Request::builder()
                .method("POST")
                .uri("/k/0486/mal/2023/import")
                .header("cookie", &c)
                .header("sec-fetch-site", "same-origin")
                .header("content-type", format!("multipart/form-data; boundary={boundary}"))
                .body(axum::body::Body::from(multipart))
                .unwrap()
        };
        let bad = app.send_request(upload("indikator;period;totalt\nSJUK;2023;8\nOKAND;2023;1\n")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("utfall.csv:3: field &#34;indikator&#34;"), "{}", bad.body);
        let still = store::goals::outcomes(&app.store, "0486", "SJUK").await.unwrap();
        assert_eq!(still.last().unwrap().total, domain::goals::Measure::parse_sv("10,74"), "nothing written");
        let ok = app.send_request(upload("indikator;period;totalt;kvinnor;män\nSJUK;2023;8;9;6\n")).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let now = store::goals::outcomes(&app.store, "0486", "SJUK").await.unwrap();
        assert_eq!(now.last().unwrap().men, domain::goals::Measure::parse_sv("6"));
    }
}

#[tokio::test]
async fn api_reads_and_writes() {
    for app in apps().await {
        let res = app.get("/api/v1/municipalities/0486/goals/2023", None).await;
        let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        let ind = &v["indicators"][0];
        assert_eq!(ind["evaluation"]["outcome"], "10.74");
        assert_eq!(ind["evaluation"]["trend"], "improved");
        assert_eq!(ind["evaluation"]["attainment"], "notmet");
        let c = app.login("controller").await;
        let req = |path: &str, json: &str| {
            axum::http::Request::builder()
                .method("POST")
                .uri(path)
                .header("cookie", &c)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(json.to_string()))
                .unwrap()
        };
        let r = app.send_request(req("/api/v1/municipalities/0486/goals/2023/indicators/SJUK/outcomes", r#"{"period":"2023-D08","total":"9.1","women":"10.2"}"#)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = app.send_request(req("/api/v1/municipalities/0486/goals/2023/indicators/SJUK/outcomes", r#"{"period":"2031","total":"1"}"#)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("inte en period i 2023"));
        let r = app.send_request(req("/api/v1/municipalities/0486/goals/2023/assessments", r#"{"goal":"G1","period":"2023","level":"uppfyllt","analysis":"Bra."}"#)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let got = app.get("/api/v1/municipalities/0486/goals/2023/indicators/SJUK", None).await;
        assert!(got.body.contains("\"2023-D08\""), "{}", got.body);
    }
}
