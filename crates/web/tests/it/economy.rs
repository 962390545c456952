//! Economy through the web: the drift table, drill-down, imports, forecasts, budget round trip.

use crate::apps;
use axum::http::StatusCode;

#[tokio::test]
async fn drift_table_with_symbols_and_drill_down_for_staff_only() {
    for app in apps().await {
        let public = app.get("/k/0486/ekonomi/2023", None).await;
        assert_eq!(public.status, StatusCode::OK, "{}", app.label);
        // IFO: utfall 30 − 150 = −120 tkr; budget 25 − 160 = −135 tkr; avvikelse 15 (surplus).
        assert!(public.body.contains("−120") && public.body.contains("−135"), "{}", public.body);
        assert!(public.body.contains("▲") && public.body.contains("överskott"));
        assert!(!public.body.contains("/huvudbok?"), "the public gets no drill-down links");
        // The public is told the table leaves ledger rows out, without the staff's list.
        assert!(
            public.body.contains("kontoposter i huvudboken hör inte till någon verksamhet") && !public.body.contains("/omappade"),
            "{}",
            public.body
        );
        assert_eq!(app.get("/k/0486/ekonomi/2023/huvudbok?rad=IFO&kolumn=utfall-kostnader", None).await.status, StatusCode::SEE_OTHER);

        let c = app.login("controller").await;
        let page = app.get("/k/0486/ekonomi/2023", Some(&c)).await;
        assert!(page.body.contains("/k/0486/ekonomi/2023/huvudbok?rad=IFO&#38;kolumn=utfall-kostnader"), "{}", page.body);
        assert!(page.body.contains("kontoposter i huvudboken hör inte till någon verksamhet"));
        let cell = app.get("/k/0486/ekonomi/2023/huvudbok?rad=IFO&kolumn=utfall-kostnader", Some(&c)).await;
        assert_eq!(cell.status, StatusCode::OK);
        assert!(cell.body.contains("2 huvudboksrader summerar till −150\u{a0}000,00\u{a0}kr"), "{}", cell.body);
        assert!(cell.body.contains("Köp av placering") && cell.body.contains("Lön januari"));
        // The rows name the file they were read from, with its checksum, for the auditor.
        let imports = store::economy::imports(&app.store, "0486", 2023).await.unwrap();
        let file = &imports.first().expect("an import").file;
        let href = format!("/k/0486/ekonomi/2023/import/{}/fil", imports[0].id);
        let linked = format!("filen <strong><a href=\"{href}\" download>{file}</a></strong>");
        assert!(cell.body.contains("id=\"kalla\"") && cell.body.contains(&linked), "{}", cell.body);
        // A head of unit sees the rows and the file's name, but does not download ledgers.
        let head = app.login("verksamhetschef").await;
        let seen = app.get("/k/0486/ekonomi/2023/huvudbok?rad=IFO&kolumn=utfall-kostnader", Some(&head)).await;
        assert!(seen.body.contains(&format!("filen <strong>{file}</strong>")) && !seen.body.contains(&href), "{}", seen.body);
        // An interim cell (to January): the rows up to the end of that month only.
        let jan = app.get("/k/0486/ekonomi/2023/huvudbok?rad=IFO&kolumn=utfall-kostnader&manad=1", Some(&c)).await;
        assert!(jan.body.contains("1 huvudboksrad summerar till −100\u{a0}000,00\u{a0}kr"), "{}", jan.body);
        assert!(jan.body.contains("Lön januari") && !jan.body.contains("Köp av placering"));
        let api = app.get("/api/v1/municipalities/0486/economy/2023/ledger?row=IFO&column=utfall-kostnader&to_month=1", Some(&c)).await;
        let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
        assert_eq!((v["count"].as_i64(), v["sum_ore"].as_i64()), (Some(1), Some(-10_000_000)));
        assert_eq!(
            app.get("/k/0486/ekonomi/2023/huvudbok?rad=IFO&kolumn=utfall-kostnader&manad=13", Some(&c)).await.status,
            StatusCode::BAD_REQUEST
        );
        let unmapped = app.get("/k/0486/ekonomi/2023/omappade", Some(&c)).await;
        assert!(unmapped.body.contains("1:OKAND"));
        let api = app.get("/api/v1/municipalities/0486/economy/2023/ledger?row=IFO&column=utfall-kostnader", Some(&c)).await;
        let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
        assert_eq!((v["count"].as_i64(), v["sum_ore"].as_i64()), (Some(2), Some(-15_000_000)));
        assert_eq!(v["truncated"], false);
        assert_eq!(v["source"]["file"].as_str(), Some(file.as_str()));
        // A row the table does not have is a bad request, not an empty cell.
        let unknown = app.get("/api/v1/municipalities/0486/economy/2023/ledger?row=NOPE", Some(&c)).await;
        assert!(unknown.status == StatusCode::BAD_REQUEST && unknown.body.contains("ingen verksamhet NOPE"), "{}", unknown.body);
        assert_eq!(app.get("/api/v1/municipalities/0486/evb/2021Q5", Some(&c)).await.status, StatusCode::BAD_REQUEST);
        let table: serde_json::Value = serde_json::from_str(&app.get("/api/v1/municipalities/0486/economy/2023", None).await.body).unwrap();
        assert_eq!(table["rows"][0]["cells"]["avvikelse"]["ore"], 1_500_000);
        assert_eq!(table["rows"][0]["cells"]["avvikelse"]["presented"], "15");
        // January only, as the page's ?manad=1: IFO's costs of January (100 000 kr).
        let jan: serde_json::Value =
            serde_json::from_str(&app.get("/api/v1/municipalities/0486/economy/2023?to_month=1", None).await.body).unwrap();
        let ifo = jan["rows"].as_array().unwrap().iter().find(|r| r["key"] == "IFO").unwrap();
        assert_eq!((jan["to_month"].as_u64(), ifo["cells"]["utfall-kostnader"]["ore"].as_i64()), (Some(1), Some(-10_000_000)), "{jan}");
        assert_eq!(app.get("/api/v1/municipalities/0486/economy/2023?to_month=13", None).await.status, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn unpublished_economy_is_hidden_from_the_public() {
    for app in apps().await {
        let c = app.login("controller").await;
        // Published, and unpublishing is a second step.
        let page = app.get("/k/0486/ekonomi/2023", Some(&c)).await.body;
        assert!(page.contains("Publicerad</span>") && page.contains("<summary>Avpublicera…</summary>"), "{page}");
        assert_eq!(
            app.send("POST", "/k/0486/ekonomi/2023/publicering", Some(&c), Some("publicera=nej")).await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(app.get("/k/0486/ekonomi/2023", None).await.status, StatusCode::NOT_FOUND, "{}", app.label);
        assert_eq!(app.get("/k/0486/ekonomi/2023", Some(&c)).await.status, StatusCode::OK);
    }
}

/// A JSON POST to the API with the session cookie `cookie`.
fn post_json(uri: &str, cookie: &str, body: impl Into<axum::body::Body>) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::builder()
        .method("POST")
        .uri(uri)
        .header("sec-fetch-site", "same-origin")
        .header("cookie", cookie)
        .header("content-type", "application/json")
        .body(body.into())
        .unwrap()
}

fn upload(app: &crate::TestApp, cookie: &str, path: &str, file: &str, body: &[u8]) -> axum::http::Request<axum::body::Body> {
    upload_with(app, cookie, path, file, body, &[])
}

/// [`upload`] with form fields besides the file.
fn upload_with(
    app: &crate::TestApp,
    cookie: &str,
    path: &str,
    file: &str,
    body: &[u8],
    fields: &[(&str, &str)],
) -> axum::http::Request<axum::body::Body> {
    let _ = app;
    crate::multipart(path, cookie, fields, &[("fil", file, body)])
}

#[tokio::test]
async fn sie_upload_is_all_or_nothing() {
    for app in apps().await {
        let c = app.login("controller").await;
        let before = store::economy::drift_table(&app.store, "0486", 2023).await.unwrap();
        let bad = crate::LEDGER.replace("#TRANS 6410 {1 \"IFO\"} 50000.00", "#TRANS 6410 {1 \"IFO\"} femtio");
        let res = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/import", "huvudbok.se", bad.as_bytes())).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(res.body.contains("huvudbok.se:15: fält &#34;#TRANS belopp&#34;"), "{}", res.body);
        assert_eq!(store::economy::drift_table(&app.store, "0486", 2023).await.unwrap(), before, "{}: unchanged", app.label);
        // Another year's file, or one none of whose rows belongs to a verksamhet (another
        // municipality's), replaces nothing.
        let other_year = crate::LEDGER.replace("#RAR 0 20230101 20231231", "#RAR 0 20170101 20171231");
        let res = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/import", "2017.se", other_year.as_bytes())).await;
        assert!(
            res.status == StatusCode::UNPROCESSABLE_ENTITY
                && res.body.contains("räkenskapsår (#RAR 0) är 2017-01-01–2017-12-31, inte 2023"),
            "{}",
            res.body
        );
        let foreign = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20230101 20231231\n#VER A 1 20230115 \"X\"\n{\n#TRANS 5011 {1 \"ANNAN\"} 10.00\n#TRANS 1930 {} -10.00\n}\n";
        let res = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/import", "annan.se", foreign.as_bytes())).await;
        assert!(
            res.status == StatusCode::UNPROCESSABLE_ENTITY && res.body.contains("hör till någon av årets verksamheter"),
            "{}",
            res.body
        );
        assert_eq!(store::economy::drift_table(&app.store, "0486", 2023).await.unwrap(), before, "{}: unchanged", app.label);
        let ok = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/import", "huvudbok.se", crate::LEDGER.as_bytes())).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let page = app.get(ok.headers.get("location").unwrap().to_str().unwrap(), Some(&c)).await;
        assert!(
            page.body.contains("9 huvudboksrader (4 på verksamheter, 1 resultatrader utan verksamhet, 4 på balanskonton"),
            "{}",
            page.body
        );
        // The file's checksum is kept with the import, and an auditor reads the history.
        let imports = store::economy::imports(&app.store, "0486", 2023).await.unwrap();
        assert_eq!(imports[0].sha256, web::imports::sha256_hex(crate::LEDGER.as_bytes()));
        // The audit log names the file read and the import it replaced.
        let logged = store::audit::recent(&app.store, Some("0486"), 20, None)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.action == "economy.ledger.import")
            .expect("the import is audited");
        let (before, after) = (logged.before_json.unwrap_or_default(), logged.after_json.unwrap_or_default());
        assert!(
            after.contains("\"file\":\"huvudbok.se\"") && before.contains(&format!("\"import\":{}", imports[1].id)),
            "{before} → {after}"
        );
        let revisor = app.login("revisor").await;
        let history = app.get("/k/0486/ekonomi/2023/import", Some(&revisor)).await;
        assert!(history.status == StatusCode::OK && history.body.contains(&imports[0].sha256[..16]), "{}", history.body);
        assert!(!history.body.contains("enctype=\"multipart/form-data\""), "no upload forms for the auditor");
        // The auditor downloads the very file the rows come from; the one before is let go of.
        let href = format!("/k/0486/ekonomi/2023/import/{}/fil", imports[0].id);
        assert!(history.body.contains(&format!("<a href=\"{href}\" download>huvudbok.se</a>")), "{}", history.body);
        let file = app.get(&href, Some(&revisor)).await;
        assert_eq!((file.status, file.body.as_str()), (StatusCode::OK, crate::LEDGER), "{}", app.label);
        let header = |name: &str| file.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert_eq!(header("content-length"), crate::LEDGER.len().to_string());
        assert_eq!(header("content-disposition"), "attachment; filename=\"huvudbok.se\"; filename*=UTF-8''huvudbok.se");
        let gone = app.get(&format!("/k/0486/ekonomi/2023/import/{}/fil", imports[1].id), Some(&revisor)).await;
        assert!(gone.status == StatusCode::NOT_FOUND && gone.body.contains("bara den senaste inläsningens fil sparas"), "{}", gone.body);
        let ledamot = app.login("ledamot").await;
        assert_eq!(app.get(&href, Some(&ledamot)).await.status, StatusCode::FORBIDDEN);
        // A voucher that does not balance is read, and the report of the read says so in words.
        let unbalanced = crate::LEDGER.replace("#TRANS 6410 {1 \"IFO\"} 50000.00", "#TRANS 6410 {1 \"IFO\"} 60000.00");
        let ok = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/import", "obalans.se", unbalanced.as_bytes())).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let page = app.get(ok.headers.get("location").unwrap().to_str().unwrap(), Some(&c)).await;
        assert!(
            page.body.contains("1 varning. Varning: rad ") && page.body.contains("balanserar inte: raderna summerar till 10"),
            "{}",
            page.body
        );
    }
}

#[tokio::test]
async fn budget_round_trip_through_xlsx_changes_nothing() {
    for app in apps().await {
        let c = app.login("controller").await;
        let before = store::economy::budget(&app.store, "0486", 2023).await.unwrap();
        assert!(!before.is_empty());
        let bytes = {
            use tower::ServiceExt;
            let r = app
                .router
                .clone()
                .oneshot(
                    axum::http::Request::builder()
                        .uri("/k/0486/ekonomi/2023/budget.xlsx")
                        .header("cookie", &c)
                        .body(axum::body::Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap()
        };
        let log_before = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap();
        let res = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/budget", "budget.xlsx", &bytes)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(store::economy::budget(&app.store, "0486", 2023).await.unwrap(), before, "{}: no change", app.label);
        let log_after = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap();
        assert_eq!(log_before[0].seq, log_after[0].seq, "an unchanged budget writes no audit entry");
        // Each budget line keeps the line of the file it was read from, shown beside it.
        let at = store::economy::budget_file_lines(&app.store, "0486", 2023).await.unwrap();
        assert!(!at.0.is_empty() && at.0.iter().all(|(_, a)| a.parse::<u64>().is_ok_and(|n| n >= 2)), "{at:?}");
        let cell = app.get("/k/0486/ekonomi/2023/budgetrader?rad=IFO&kolumn=budget-kostnader", Some(&c)).await.body;
        let ifo = at.0.iter().find(|((r, c, _), _)| r == "IFO" && *c == domain::economy::Category::Cost).map(|(_, a)| a.clone()).unwrap();
        assert!(cell.contains("<th scope=\"col\">Rad i filen</th>") && cell.contains(&format!("<td>{ifo}</td></tr>")), "{cell}");
    }
}

/// A budget file replaces the year's budget: one that leaves out rows the budget has needs the
/// controller's say-so; an empty file or an unknown row is said on the form, with the keys.
#[tokio::test]
async fn a_budget_file_missing_rows_replaces_the_budget_only_when_asked() {
    let app = apps().await.remove(0);
    let c = app.login("controller").await;
    let before = store::economy::budget(&app.store, "0486", 2023).await.unwrap();
    assert!(before.iter().any(|l| l.row == "AO"), "the seed budgets AO");
    let one = "rad;kategori;månad;belopp\nIFO;kostnad;0;-1000\n";
    let r = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/budget", "b.csv", one.as_bytes())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("b.csv har ingen budget för Äldreomsorg") && r.body.contains("«Ersätt hela budgeten»"), "{}", r.body);
    assert_eq!(store::economy::budget(&app.store, "0486", 2023).await.unwrap(), before, "unchanged");
    let r = app.send_request(upload_with(&app, &c, "/k/0486/ekonomi/2023/budget", "b.csv", one.as_bytes(), &[("ersatt", "ja")])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(store::economy::budget(&app.store, "0486", 2023).await.unwrap().len(), 1);
    // A file of headings only empties nothing, even when asked to replace.
    let r = app
        .send_request(upload_with(
            &app,
            &c,
            "/k/0486/ekonomi/2023/budget",
            "b.csv",
            b"rad;kategori;m\xc3\xa5nad;belopp\n",
            &[("ersatt", "ja")],
        ))
        .await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("har inga budgetrader"), "{}", r.body);
    assert_eq!(store::economy::budget(&app.store, "0486", 2023).await.unwrap().len(), 1, "unchanged");
    // An empty file, and a row nobody has: said on the form.
    let r = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/budget", "tom.csv", b"")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Filen «tom.csv» är tom") && r.body.contains("Läs in budget"), "{}", r.body);
    let r = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/import", "tom.se", b"")).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Filen «tom.se» är tom"), "{}", r.body);
    let bad = "rad;kategori;månad;belopp\nXYZ;kostnad;0;-1000\n";
    let r = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/budget", "b.csv", bad.as_bytes())).await;
    assert!(r.body.contains("ska vara nyckeln till en driftrad (IFO, AO"), "{}", r.body);
}

#[tokio::test]
async fn forecasts_are_entered_and_shown() {
    for app in apps().await {
        app.withdraw_annual_report().await;
        let c = app.login("controller").await;
        // In the tables' unit (tkr here): 10 tkr and −2,5 tkr.
        let res = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&c), Some("manad=8&f_IFO=10&f_AO=-2%2C5")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        // Back on the page, the save is confirmed and the months are named.
        let to = res.headers.get("location").unwrap().to_str().unwrap().to_string();
        assert_eq!(to, "/k/0486/ekonomi/2023?prognos=8#prognoser");
        let page = app.get(to.split('#').next().unwrap(), Some(&c)).await;
        assert!(page.body.contains("Prognosen för augusti är sparad."), "{}", page.body);
        assert!(page.body.contains("<option value=\"8\" selected>Augusti</option>"), "{}", page.body);
        let f = store::economy::forecasts(&app.store, "0486", 2023).await.unwrap();
        // In the order of the drift table's rows, not of their keys.
        assert_eq!(f.iter().map(|f| f.row.as_str()).collect::<Vec<_>>(), ["IFO", "AO"]);
        assert_eq!(
            f.iter().map(|f| f.amount).collect::<Vec<_>>(),
            [domain::money::Ore::from_kr(10_000), domain::money::Ore::from_kr(-2_500)]
        );
        assert!(
            page.body.contains("i tkr som tabellerna") && page.body.contains("id=\"f_AO\" name=\"f_AO\" value=\"-2,5\""),
            "{}",
            page.body
        );
        // Entered again: the log keeps what it replaced.
        let again = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&c), Some("manad=8&f_IFO=20&f_AO=-2%2C5")).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER);
        let last = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap().remove(0);
        assert!(last.action == "economy.forecast" && last.before_json.as_deref().is_some_and(|b| b.contains("1000000")), "{last:?}");
        let page = app.get("/k/0486/ekonomi/2023", None).await;
        assert!(page.body.contains("Prognossäkerhet") && page.body.contains("Augusti"), "{}", app.label);
        // A bad amount: nothing saved, the form again with every amount as typed.
        let bad = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&c), Some("manad=8&f_IFO=tio&f_AO=-3+000")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("value=\"tio\" inputmode=\"decimal\" aria-invalid=\"true\""), "{}", bad.body);
        assert!(
            bad.body.contains("value=\"-3 000\"") && bad.body.contains("id=\"prognos-fel\" tabindex=\"-1\">Inget sparades."),
            "{}",
            bad.body
        );
        assert_eq!(store::economy::forecasts(&app.store, "0486", 2023).await.unwrap().len(), 2, "unchanged");
        // Every bad amount at once: both rows marked, both named.
        let two = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&c), Some("manad=8&f_IFO=tio&f_AO=x")).await;
        assert_eq!(two.body.matches("aria-invalid=\"true\"").count(), 2, "{}", two.body);
        assert!(two.body.contains("«tio» är inte ett belopp") && two.body.contains("«x» är inte ett belopp"), "{}", two.body);
        // The form shows the month asked for, not the latest: March's figures for March.
        let march = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&c), Some("manad=3&f_IFO=5&f_AO=-1")).await;
        assert_eq!(march.status, StatusCode::SEE_OTHER);
        let form = app.get("/k/0486/ekonomi/2023?registrera=8", Some(&c)).await;
        assert!(
            form.body.contains("id=\"f_IFO\" name=\"f_IFO\" value=\"20\"") && form.body.contains("name=\"manad\" value=\"8\""),
            "{}",
            form.body
        );
        let form = app.get("/k/0486/ekonomi/2023?registrera=3", Some(&c)).await;
        assert!(form.body.contains("id=\"f_IFO\" name=\"f_IFO\" value=\"5\"") && form.body.contains("Prognos för mars"), "{}", form.body);
        // A row left empty takes its forecast back; the month is then marked incomplete.
        let taken = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&c), Some("manad=8&f_IFO=20&f_AO=")).await;
        assert_eq!(taken.status, StatusCode::SEE_OTHER);
        let f = store::economy::forecasts(&app.store, "0486", 2023).await.unwrap();
        assert_eq!(f.iter().filter(|f| f.month == 8).map(|f| f.row.as_str()).collect::<Vec<_>>(), ["IFO"], "{}", app.label);
        let last = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap().remove(0);
        assert_eq!(last.action, "economy.forecast_removed");
        let page = app.get("/k/0486/ekonomi/2023", Some(&c)).await;
        assert!(page.body.contains("Prognosen för augusti saknar Äldreomsorg"), "{}", page.body);
    }
}

#[tokio::test]
async fn tables_are_edited_in_the_browser_with_the_import_rules() {
    for app in apps().await {
        let c = app.login("controller").await;
        // A table the year has none of is offered from the year's page.
        let year = app.get("/k/0486/ekonomi/2023", Some(&c)).await;
        assert!(year.body.contains("<a href=\"/k/0486/ekonomi/2023/redigera/atgardsplan\">Lägg till en åtgärdsplan</a>"), "{}", year.body);
        let page = app.get("/k/0486/ekonomi/2023/redigera/atgardsplan", Some(&c)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("name=\"c_0_0\""));
        // Amounts are entered in kronor, and their columns say so (the year's page shows tkr).
        assert!(page.body.contains(">Planerad (kr)</th>") && page.body.contains(">Prognos utfall (kr)</th>"), "{}", page.body);
        let bad = app.send("POST", "/k/0486/ekonomi/2023/redigera/atgardsplan", Some(&c), Some("c_0_0=Vakanser&c_0_1=p%C3%A5g%C3%A5ende&c_0_2=&c_0_3=Socialchef&c_0_4=2023&c_0_5=-450+000&c_0_6=&c_1_0=Avtal&c_1_1=kanske&c_1_4=2023&c_1_5=-100000&c_3_0=Tolk&c_3_1=f%C3%B6rslag&c_3_4=20x3&c_3_5=tio")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        // Every refused cell at once, each named by row and column, not only the first.
        assert!(
            bad.body.contains("Inget sparades. 3 fel att rätta:<ul><li>Rad 2, kolumnen «Status»: ska vara pågående eller förslag"),
            "{}",
            bad.body
        );
        assert!(bad.body.contains("<li>Rad 4, kolumnen «År»") && bad.body.contains("<li>Rad 4, kolumnen «Planerad»"), "{}", bad.body);
        assert!(
            bad.body.contains("<td class=\"invalid\"><input name=\"c_3_4\"")
                && bad.body.contains("<td class=\"invalid\"><input name=\"c_3_5\""),
            "{}",
            bad.body
        );
        // The refused cell is marked for sight and for screen readers.
        assert!(
            bad.body.contains("<td class=\"invalid\"><select name=\"c_1_1\"")
                && bad.body.contains("aria-invalid=\"true\" aria-describedby=\"redigera-fel\""),
            "{}",
            bad.body
        );
        assert!(store::economy::ACTION_PLAN.read(&app.store, "0486", 2023).await.unwrap().is_empty(), "nothing written");
        // A row wrong in a column of few values is read on with one of them: its next cell's
        // error comes in the same round (a required free cell with no value to borrow still
        // ends the row).
        let unset =
            app.send("POST", "/k/0486/ekonomi/2023/redigera/atgardsplan", Some(&c), Some("c_0_0=Tolk&c_0_1=&c_0_4=tjugo&c_0_5=abc")).await;
        assert!(unset.body.contains("<li>Rad 1, kolumnen «Status»") && unset.body.contains("<li>Rad 1, kolumnen «År»"), "{}", unset.body);
        let ok = app.send("POST", "/k/0486/ekonomi/2023/redigera/atgardsplan", Some(&c), Some("c_0_0=Vakanser&c_0_1=p%C3%A5g%C3%A5ende&c_0_2=2023-05-22&c_0_3=Socialchef&c_0_4=2023&c_0_5=-450+000&c_0_6=-600000&c_1_0=&c_1_1=")).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let saved = app.get(ok.headers.get("location").unwrap().to_str().unwrap(), Some(&c)).await;
        assert!(saved.body.contains("id=\"tabell-sparad\"") && saved.body.contains("Tabellen «Åtgärdsplan» är sparad."), "{}", saved.body);
        let plan = store::economy::ACTION_PLAN.read(&app.store, "0486", 2023).await.unwrap();
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].realised_total(), domain::money::Ore::from_kr(-600_000));
        let year = app.get("/k/0486/ekonomi/2023", None).await;
        assert!(year.body.contains("Vakanser") && year.body.contains("−600"), "{}", app.label);
        // The status is chosen from its two values.
        let page = app.get("/k/0486/ekonomi/2023/redigera/atgardsplan", Some(&c)).await;
        assert!(
            page.body.contains("<select name=\"c_0_1\"") && page.body.contains("<option value=\"pågående\" selected>"),
            "{}",
            page.body
        );
        // Amounts as the hint writes them, and saved back as they are shown, nothing changes.
        assert!(
            page.body.contains("name=\"c_0_5\" value=\"-450 000\"") && page.body.contains("name=\"c_0_6\" value=\"-600 000\""),
            "{}",
            page.body
        );
        let again = app
            .send(
                "POST",
                "/k/0486/ekonomi/2023/redigera/atgardsplan",
                Some(&c),
                Some("c_0_0=Vakanser&c_0_1=p%C3%A5g%C3%A5ende&c_0_2=2023-05-22&c_0_3=Socialchef&c_0_4=2023&c_0_5=-450+000&c_0_6=-600+000"),
            )
            .await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
        assert_eq!(store::economy::ACTION_PLAN.read(&app.store, "0486", 2023).await.unwrap(), plan);
    }
}

/// A ledger above axum's default limit of 2 MB goes through the upload page (streamed to a
/// temporary file, read mapped).
#[tokio::test]
async fn a_ledger_larger_than_two_megabytes_is_uploaded() {
    let mut big = crate::LEDGER.to_string();
    for k in 0..30_000 {
        big.push_str(&format!("#VER B {k} 20230315 \"Faktura {k}\"\n{{\n#TRANS 6410 {{1 \"IFO\"}} 100.00\n#TRANS 1930 {{}} -100.00\n}}\n"));
    }
    assert!(big.len() > 2 << 20);
    for app in apps().await {
        let c = app.login("controller").await;
        let ok = app.send_request(upload(&app, &c, "/k/0486/ekonomi/2023/import", "huvudbok.se", big.as_bytes())).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}: {}", app.label, ok.body);
        let page = app.get(ok.headers.get("location").unwrap().to_str().unwrap(), Some(&c)).await;
        assert!(page.body.contains("60\u{a0}009 huvudboksrader"), "{}", page.body);
        // Kept as uploaded (in three parts), and given back whole.
        let id = store::economy::imports(&app.store, "0486", 2023).await.unwrap()[0].id;
        let file = app.get(&format!("/k/0486/ekonomi/2023/import/{id}/fil"), Some(&c)).await;
        assert!(file.status == StatusCode::OK && file.body == big, "{}: {} of {} bytes", app.label, file.body.len(), big.len());
    }
}

/// A municipality whose drift table is on "budget − utfall" (net cost positive, as A prints
/// it): the same ledger gives positive net costs, the same deviation, and drill-down rows that
/// sum to the cell as printed.
#[tokio::test]
async fn a_budget_minus_outcome_table_prints_net_cost_positive_throughout() {
    let app = apps().await.remove(0);
    let mut setup = store::economy::setup(&app.store, "0486", 2023).await.unwrap().unwrap();
    setup.config.convention = domain::economy::SignConvention::BudgetMinusOutcome;
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    store::economy::save_setup(&mut w, "0486", 2023, &setup).await.unwrap();
    w.commit().await.unwrap();
    let table: serde_json::Value = serde_json::from_str(&app.get("/api/v1/municipalities/0486/economy/2023", None).await.body).unwrap();
    let ifo = &table["rows"][0]["cells"];
    // IFO: utfall 30 − 150 = −120 tkr in the ledger's signs → net cost 120; budget 135; surplus 15.
    assert_eq!(
        (&ifo["utfall-netto"]["presented"], &ifo["budget-netto"]["presented"]),
        (&serde_json::json!("120"), &serde_json::json!("135")),
        "{ifo}"
    );
    assert_eq!(ifo["avvikelse"]["ore"], 1_500_000);
    let c = app.login("controller").await;
    let api = app.get("/api/v1/municipalities/0486/economy/2023/ledger?row=IFO&column=utfall-kostnader", Some(&c)).await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["sum_ore"].as_i64(), Some(15_000_000), "costs positive, as the cell prints them");
    let cell = app.get("/k/0486/ekonomi/2023/huvudbok?rad=IFO&kolumn=utfall-kostnader", Some(&c)).await.body;
    assert!(cell.contains("summerar till 150\u{a0}000,00\u{a0}kr") && cell.contains("nettokostnad positiv"), "{cell}");
}

/// The next year is started from the last: the same rows, this year's deviation as the prior
/// year's; once, and only for those who write the economy.
#[tokio::test]
async fn a_controller_starts_the_next_year_from_this_one() {
    for app in apps().await {
        let c = app.login("controller").await;
        let missing = app.get("/k/0486/ekonomi/2024/import", Some(&c)).await;
        assert!(missing.status == StatusCode::NOT_FOUND && missing.body.contains("lägger upp den från föregående år"), "{}", missing.body);
        let index = app.get("/k/0486/ekonomi", Some(&c)).await;
        assert!(index.body.contains("id=\"nasta-ar\"") && index.body.contains("Lägg upp uppföljningen för 2024"), "{}", index.body);
        assert!(!app.get("/k/0486/ekonomi", None).await.body.contains("nasta-ar"), "not for the public");
        // A measure of 2023's action plan with an effect in 2024 too goes on into 2024's plan.
        let effect = |year: i32, kr: i64| domain::economy::YearEffect { year, planned: domain::money::Ore::from_kr(kr), realised: None };
        let measure = |name: &str, effects| domain::economy::ActionMeasure {
            name: name.into(),
            status: domain::economy::MeasureStatus::Ongoing,
            date: None,
            responsible: "Socialchef".into(),
            effects,
        };
        let plan = [
            measure("Uppsagt avtal", vec![effect(2023, -420_000), effect(2024, -840_000)]),
            measure("Vakanser", vec![effect(2023, -450_000)]),
        ];
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::economy::ACTION_PLAN.replace(&mut w, "0486", 2023, &plan).await.unwrap();
        w.commit().await.unwrap();
        let r = app.send("POST", "/k/0486/ekonomi/2023/nasta-ar", Some(&c), Some("nasta=2024")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", app.label, r.body);
        let to = r.headers.get("location").unwrap().to_str().unwrap().to_string();
        assert_eq!(to, "/k/0486/ekonomi/2024/import");
        // The message comes from the session, once; not from the address.
        let done = app.get(&to, Some(&c)).await;
        assert!(done.body.contains("Uppföljningen för 2024 är upplagd"), "{}", done.body);
        assert!(done.body.contains("en åtgärd i åtgärdsplanen har effekt 2024 och följer med"), "{}", done.body);
        let carried = store::economy::ACTION_PLAN.read(&app.store, "0486", 2024).await.unwrap();
        assert_eq!(carried, [measure("Uppsagt avtal", vec![effect(2024, -840_000)])]);
        assert!(!app.get(&to, Some(&c)).await.body.contains("Uppföljningen för 2024 är upplagd"));
        let forged = app.get("/k/0486/ekonomi/2024/import?klar=Budgeten+%C3%A4r+raderad", Some(&c)).await;
        assert!(!forged.body.contains("Budgeten är raderad"), "{}", forged.body);
        let setup = store::economy::setup(&app.store, "0486", 2024).await.unwrap().expect("2024");
        let this = store::economy::drift_table(&app.store, "0486", 2023).await.unwrap().unwrap();
        let ifo = this.rows.iter().find(|r| r.key == "IFO").unwrap();
        let prior = setup.rows.iter().find(|r| r.key == "IFO").unwrap().prior_deviation;
        assert_eq!(prior, ifo.cell(domain::economy::DriftColumn::Deviation, this.convention), "{}", app.label);
        assert_eq!(setup.mapping, store::economy::setup(&app.store, "0486", 2023).await.unwrap().unwrap().mapping);
        // The new year's page, before anything is read in, says so instead of a table of zeros
        // "in balance".
        let empty = app.get("/k/0486/ekonomi/2024", Some(&c)).await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(
            empty.body.contains("Varken budget eller huvudbok är inläst för 2024")
                && !empty.body.contains("<table class=\"drift\">")
                && empty.body.contains("id=\"foljsamhet-saknas\"")
                && empty.body.contains("Inga prognoser är registrerade för 2024 ännu."),
            "{}",
            empty.body
        );
        // Started while 2023's ledger ran to March: a later ledger for 2023 (a placement of
        // 20 000 kr in April) moves 2024's prior-year deviation with it.
        let later = format!(
            "{}#VER A 5 20230420 \"Placering april\"\n{{\n#TRANS 6410 {{1 \"IFO\"}} 20000.00\n#TRANS 1930 {{}} -20000.00\n}}\n",
            crate::LEDGER
        );
        let progress = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let input = web::imports::SieInput::Reader(Box::new(std::io::Cursor::new(later.into_bytes())));
        web::imports::import_sie(&app.store, &store::Actor::system("test"), "0486", 2023, "senare.se", input, progress).await.unwrap();
        let refreshed = store::economy::setup(&app.store, "0486", 2024).await.unwrap().unwrap();
        let now = refreshed.rows.iter().find(|r| r.key == "IFO").unwrap().prior_deviation;
        assert_eq!(now.zip(prior).map(|(n, p)| (p - n).ore()), Some(2_000_000), "{now:?} after {prior:?}");
        // Once only.
        let again = app.send("POST", "/k/0486/ekonomi/2023/nasta-ar", Some(&c), Some("nasta=2024")).await;
        assert!(again.status == StatusCode::UNPROCESSABLE_ENTITY && again.body.contains("finns redan"), "{}", again.body);
    }
}

/// Verksamhetsstatistik is edited in the browser like the other tables; a grant's verksamhet is
/// suggested from the drift rows.
#[tokio::test]
async fn volumes_are_edited_in_the_browser() {
    let app = apps().await.remove(0);
    let c = app.login("controller").await;
    let year = app.get("/k/0486/ekonomi/2023", Some(&c)).await;
    assert!(year.body.contains("Lägg till verksamhetsstatistik"), "{}", year.body);
    let bad = app
        .send(
            "POST",
            "/k/0486/ekonomi/2023/redigera/volymer",
            Some(&c),
            Some("c_0_0=Antal+med+hemtj%C3%A4nst&c_0_1=personer&c_0_2=2023&c_0_3="),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Rad 1, kolumnen «Värde»: saknar värde"), "{}", bad.body);
    let ok = app
        .send("POST", "/k/0486/ekonomi/2023/redigera/volymer", Some(&c), Some("c_0_0=Antal+med+hemtj%C3%A4nst&c_0_1=personer&c_0_2=2023&c_0_3=446&c_1_0=Antal+med+hemtj%C3%A4nst&c_1_1=personer&c_1_2=2022&c_1_3=429"))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let v = store::economy::volumes(&app.store, "0486", 2023).await.unwrap();
    assert_eq!(v.len(), 2);
    let page = app.get(ok.headers.get("location").unwrap().to_str().unwrap(), Some(&c)).await;
    assert!(page.body.contains("Tabellen «Verksamhetsstatistik» är sparad.") && page.body.contains("Antal med hemtjänst"), "{}", page.body);
    let editor = app.get("/k/0486/ekonomi/2023/redigera/volymer", Some(&c)).await;
    assert!(editor.body.contains("value=\"446\""), "{}", editor.body);
    let grants = app.get("/k/0486/ekonomi/2023/redigera/bidrag", Some(&c)).await;
    let list =
        grants.body.split("<datalist id=\"forslag-4\">").nth(1).expect("a datalist for verksamhet").split("</datalist>").next().unwrap();
    assert!(list.contains("<option value=\"Äldreomsorg\">") && grants.body.contains("list=\"forslag-4\""), "{}", grants.body);
}

/// The drift table up to a month: the ledger rows dated up to its end, the drill-down to the
/// same months; by default the months the ledger has (the seed's runs to March), the whole
/// year when asked.
#[tokio::test]
async fn the_drift_table_is_shown_up_to_a_month() {
    let app = apps().await.remove(0);
    let c = app.login("controller").await;
    let year = app.get("/k/0486/ekonomi/2023", Some(&c)).await;
    assert!(
        year.body.contains("Huvudboken har rader till och med mars") && year.body.contains("<option value=\"3\" selected>"),
        "{}",
        year.body
    );
    assert!(year.body.contains("Budgetföljsamheten gäller helåret") && !year.body.contains("Utfall − prognos"), "{}", year.body);
    let full = app.get("/k/0486/ekonomi/2023?manad=12", Some(&c)).await;
    assert!(
        full.body.contains("<option value=\"12\" selected>Helår 2023</option>") && !full.body.contains("Huvudboken har rader till och med"),
        "{}",
        full.body
    );
    // The whole year from a ledger that stops in March says that its outcome is not the year's,
    // and so do the annual report's tables and its review.
    assert!(full.body.contains("Huvudboken har rader bara till och med mars: helårets utfall är inte komplett"), "{}", full.body);
    let report = app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await;
    assert!(
        report.body.contains("Huvudboken har rader bara till och med mars: utfallet för helåret 2023 är ofullständigt."),
        "{}",
        report.body
    );
    // A refused forecast shows the page as it was, the year to March, not a whole-year outcome.
    let bad = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&c), Some("manad=8&f_IFO=tio")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Huvudboken har rader till och med mars") && !bad.body.contains("helårets utfall är inte komplett"),
        "{}",
        bad.body
    );
    let jan = app.get("/k/0486/ekonomi/2023?manad=1", Some(&c)).await;
    assert_eq!(jan.status, StatusCode::OK);
    assert!(jan.body.contains("Driftredovisning januari 2023, tkr (budgeten för samma månader)"), "{}", jan.body);
    assert!(app.get("/k/0486/ekonomi/2023?manad=8", Some(&c)).await.body.contains("Driftredovisning januari–augusti 2023"));
    assert!(jan.body.contains("huvudbok?rad=IFO&#38;kolumn=utfall-kostnader&#38;manad=1"), "{}", jan.body);
    // IFO's costs in January: the January salary alone (−100 tkr), not the year's −150.
    assert!(jan.body.contains("−100") && jan.body.contains("<option value=\"1\" selected>"), "{}", jan.body);
    assert_eq!(app.get("/k/0486/ekonomi/2023?manad=13", Some(&c)).await.status, StatusCode::BAD_REQUEST);
    // Part of a year has no prior-year column beside it, and no chart of the year's deviation.
    assert!(!jan.body.contains("Avvikelse föregående år") && !jan.body.contains("Avvikelse mot budget per verksamhet,"), "{}", jan.body);
    assert!(full.body.contains("Avvikelse mot budget per verksamhet,"));
    // A row has last year's deviation here, so the year has the column.
    assert!(full.body.contains("Avvikelse föregående år"), "{}", full.body);
}

/// The fixture's four rules as editor cells, then `extra` rows (row 4 on).
fn mapping_form(extra: &[[&str; 6]]) -> String {
    let rules = [
        ["3000", "3999", "1", "IFO", "IFO", "int%C3%A4kt"],
        ["4000", "7999", "1", "IFO", "IFO", "kostnad"],
        ["3000", "3999", "1", "AO", "AO", "int%C3%A4kt"],
        ["4000", "7999", "1", "AO", "AO", "kostnad"],
    ];
    rules
        .iter()
        .chain(extra)
        .enumerate()
        .flat_map(|(r, row)| row.iter().enumerate().map(move |(c, v)| format!("c_{r}_{c}={v}")))
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn a_controller_completes_the_mapping_from_the_rows_without_a_verksamhet() {
    for app in apps().await {
        let c = app.login("controller").await;
        let list = app.get("/k/0486/ekonomi/2023/omappade", Some(&c)).await;
        assert!(list.body.contains("href=\"/k/0486/ekonomi/2023/redigera/mappning?konto=7010&#38;objekt=1%3AOKAND\""), "{}", list.body);
        // The editor holds the rules, and the rule to complete for that account and object.
        let editor = app.get("/k/0486/ekonomi/2023/redigera/mappning?konto=7010&objekt=1%3AOKAND", Some(&c)).await;
        assert_eq!(editor.status, StatusCode::OK, "{}", editor.body);
        assert!(editor.body.contains("href=\"/k/0486/ekonomi/2023/omappade\""), "the rows without a verksamhet, always a link away");
        assert!(
            editor.body.contains("name=\"c_3_1\" value=\"7999\"") && editor.body.contains("name=\"c_4_0\" value=\"7010\""),
            "{}",
            editor.body
        );
        assert!(editor.body.contains("name=\"c_4_3\" value=\"OKAND\"") && editor.body.contains("AO = Äldreomsorg"), "{}", editor.body);
        // The rule offered is marked, its verksamhet (what is left to choose) focused.
        assert!(
            editor.body.contains("<tr class=\"offered\">")
                && editor.body.contains("name=\"c_4_4\" value=\"\" aria-labelledby=\"rad-4 kol-4\" list=\"forslag-4\" autofocus"),
            "{}",
            editor.body
        );

        // A row that names no verksamhet is refused, cell marked, and nothing moves.
        let bad = app
            .send(
                "POST",
                "/k/0486/ekonomi/2023/redigera/mappning",
                Some(&c),
                Some(&mapping_form(&[["7010", "7010", "1", "OKAND", "NOPE", "kostnad"]])),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label);
        assert!(
            bad.body.contains("Inget sparades. Rad 5, kolumnen «Verksamhet»") && bad.body.contains("aria-invalid=\"true\""),
            "{}",
            bad.body
        );
        // A row refused for its account range is not told about another row's range (the
        // value the check of its next cells borrowed).
        let balance = app
            .send(
                "POST",
                "/k/0486/ekonomi/2023/redigera/mappning",
                Some(&c),
                Some(&mapping_form(&[["1000", "1999", "", "", "AO", "kostnad"]])),
            )
            .await;
        assert_eq!(balance.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label);
        let alert = &balance.body[balance.body.find("id=\"redigera-fel\"").unwrap()..];
        let alert = &alert[..alert.find("</div>").unwrap()];
        assert!(alert.contains("Rad 5") && !alert.contains("3000") && !alert.contains("4000"), "{alert}");
        // A dimension without its object would match nothing: refused, as in the file.
        let half = app
            .send(
                "POST",
                "/k/0486/ekonomi/2023/redigera/mappning",
                Some(&c),
                Some(&mapping_form(&[["7010", "7010", "1", "", "AO", "kostnad"]])),
            )
            .await;
        assert!(half.status == StatusCode::UNPROCESSABLE_ENTITY && half.body.contains("Rad 5, kolumnen «Objekt»: saknas"), "{}", half.body);
        let empty = app.send("POST", "/k/0486/ekonomi/2023/redigera/mappning", Some(&c), Some("c_0_0=")).await;
        assert!(empty.status == StatusCode::UNPROCESSABLE_ENTITY && empty.body.contains("minst en regel"), "{}", empty.body);
        assert!(app.get("/k/0486/ekonomi/2023/omappade", Some(&c)).await.body.contains("1:OKAND"));

        // The rule saved: the row moves onto Äldreomsorg, in the table and behind its cell.
        let ok = app
            .send(
                "POST",
                "/k/0486/ekonomi/2023/redigera/mappning",
                Some(&c),
                Some(&mapping_form(&[["7010", "7010", "1", "OKAND", "AO", "kostnad"]])),
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        assert_eq!(ok.headers["location"], "/k/0486/ekonomi/2023/omappade");
        let after = app.get("/k/0486/ekonomi/2023/omappade", Some(&c)).await.body;
        assert!(
            after.contains("Mappningen är sparad med 5 regler. 1 kontopost i huvudboken fick en annan verksamhet eller kategori. Alla kontoposter på resultatkonton hör till en verksamhet.")
                && after.contains("Alla rader hör till en verksamhet."),
            "{after}"
        );
        let cell = app.get("/k/0486/ekonomi/2023/huvudbok?rad=AO&kolumn=utfall-kostnader", Some(&c)).await.body;
        assert!(cell.contains("2 huvudboksrader summerar till −85\u{a0}000,00\u{a0}kr"), "{cell}");
        let table: serde_json::Value = serde_json::from_str(&app.get("/api/v1/municipalities/0486/economy/2023", None).await.body).unwrap();
        assert_eq!(table["rows"][1]["cells"]["utfall-kostnader"]["ore"], -8_500_000);
        let year = app.get("/k/0486/ekonomi/2023", Some(&c)).await.body;
        assert!(!year.contains("hör inte till någon verksamhet") && year.contains("/k/0486/ekonomi/2023/redigera/mappning"), "{year}");

        // Through the API: the rules as saved; back to the four, the row is without a verksamhet again.
        let api = app.get("/api/v1/municipalities/0486/economy/2023/mapping", Some(&c)).await;
        let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
        assert_eq!((v["rules"].as_array().map(Vec::len), v["unmapped"].as_array().map(Vec::len)), (Some(5), Some(0)), "{v}");
        assert_eq!(v["rules"][4]["object"], "OKAND");
        let post = |body: serde_json::Value| post_json("/api/v1/municipalities/0486/economy/2023/mapping", &c, body.to_string());
        let mut rules = v["rules"].as_array().unwrap().clone();
        rules.truncate(4);
        let wrong = serde_json::json!({ "rules": [{ "account_from": 5000, "account_to": 4000, "row": "AO", "category": "kostnad" }] });
        let refused = app.send_request(post(wrong)).await;
        assert!(refused.status == StatusCode::UNPROCESSABLE_ENTITY && refused.body.contains("account_to"), "{}", refused.body);
        // The same account rules as the editor and mappning.csv: one length, result accounts only.
        let long = serde_json::json!({ "rules": [{ "account_from": 4000, "account_to": 59999, "row": "AO", "category": "kostnad" }] });
        let refused = app.send_request(post(long)).await;
        assert!(
            refused.status == StatusCode::UNPROCESSABLE_ENTITY && refused.body.contains("account_to ska ha lika många siffror som 4000"),
            "{}",
            refused.body
        );
        let back = app.send_request(post(serde_json::json!({ "rules": rules }))).await;
        assert_eq!(back.status, StatusCode::OK, "{}", back.body);
        let v: serde_json::Value = serde_json::from_str(&back.body).unwrap();
        assert_eq!((v["moved_rows"].as_u64(), v["unmapped_rows"].as_u64()), (Some(1), Some(1)));
        assert!(app.get("/k/0486/ekonomi/2023/omappade", Some(&c)).await.body.contains("1:OKAND"));

        // Each change is in the audit log; the auditor reads the list but edits nothing.
        let r = app.login("revisor").await;
        let log = app.get("/api/v1/municipalities/0486/audit-log", Some(&r)).await.body;
        assert_eq!(log.matches("economy.ledger.remap").count(), 2, "{log}");
        let seen = app.get("/k/0486/ekonomi/2023/omappade", Some(&r)).await;
        assert!(seen.status == StatusCode::OK && !seen.body.contains("/redigera/mappning"), "{}", seen.body);
        assert_eq!(app.get("/k/0486/ekonomi/2023/redigera/mappning", Some(&r)).await.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_budget_cell_opens_to_the_budget_lines_behind_it() {
    for app in apps().await {
        let c = app.login("controller").await;
        let page = app.get("/k/0486/ekonomi/2023?manad=12", Some(&c)).await.body;
        assert!(page.contains("href=\"/k/0486/ekonomi/2023/budgetrader?rad=IFO&#38;kolumn=budget-kostnader\""), "{page}");
        assert!(page.contains("href=\"/k/0486/ekonomi/2023/budgetrader?kolumn=budget-netto\""), "the total opens too: {page}");
        let cell = app.get("/k/0486/ekonomi/2023/budgetrader?rad=IFO&kolumn=budget-kostnader", Some(&c)).await;
        assert_eq!(cell.status, StatusCode::OK, "{}", cell.body);
        assert!(
            cell.body.contains("Individ och familjeomsorg – budget kostnader helår 2023: −160 tkr (−160\u{a0}000,00)"),
            "{}",
            cell.body
        );
        assert!(cell.body.contains("1 budgetrad summerar till −160\u{a0}000,00\u{a0}kr"), "{}", cell.body);
        assert!(
            cell.body.contains("<td>Kostnad</td><td>Januari</td>")
                && cell.body.contains("Budgeten lästes in ur filen test.se")
                && cell.body.contains("SHA-256")
                && cell.body.contains("<td>5</td></tr>"),
            "{}",
            cell.body
        );
        let net = app.get("/k/0486/ekonomi/2023/budgetrader?rad=IFO&kolumn=budget-netto", Some(&c)).await.body;
        assert!(net.contains("2 budgetrader summerar till −135\u{a0}000,00\u{a0}kr"), "{net}");

        // A whole-year line counts pro rata in an interim cell: 120 000 kr to April is 40 000 kr.
        let mut lines = store::economy::budget(&app.store, "0486", 2023).await.unwrap();
        lines.push(domain::economy::BudgetLine {
            row: "AO".into(),
            category: domain::economy::Category::Income,
            month: 0,
            amount: domain::money::Ore::from_kr(120_000),
        });
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::economy::replace_budget(&mut w, "0486", 2023, &lines, &[], "budget.csv", "").await.unwrap();
        w.commit().await.unwrap();
        let april = app.get("/k/0486/ekonomi/2023/budgetrader?rad=AO&kolumn=budget-netto&manad=4", Some(&c)).await.body;
        assert!(april.contains("Äldreomsorg – budget netto januari–april 2023: −30 tkr (−30\u{a0}000,00)"), "{april}");
        assert!(april.contains("<td>Helår</td><td class=\"num\">120\u{a0}000,00</td><td class=\"num\">40\u{a0}000,00</td>"), "{april}");
        assert!(april.contains("2 budgetrader summerar till −30\u{a0}000,00\u{a0}kr") && april.contains("tolftedelar"), "{april}");
        // The budget names the file it was read from, on the page and in the API.
        assert!(april.contains("Budgeten lästes in ur filen budget.csv"), "{april}");
        let interim = app.get("/k/0486/ekonomi/2023?manad=4", Some(&c)).await.body;
        assert!(interim.contains("budgetrader?rad=AO&#38;kolumn=budget-netto&#38;manad=4"), "{interim}");

        let api = app.get("/api/v1/municipalities/0486/economy/2023/budget?row=AO&column=budget-netto&to_month=4", Some(&c)).await;
        let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
        assert_eq!((v["count"].as_u64(), v["sum_ore"].as_i64()), (Some(2), Some(-3_000_000)), "{v}");
        assert_eq!(v["source"]["file"], "budget.csv");
        let year_line = v["lines"].as_array().unwrap().iter().find(|l| l["month"] == 0).unwrap();
        assert_eq!((&year_line["amount_ore"], &year_line["counted_ore"]), (&serde_json::json!(12_000_000), &serde_json::json!(4_000_000)));
        let bad = app.get("/api/v1/municipalities/0486/economy/2023/budget?column=utfall-netto", Some(&c)).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.get("/k/0486/ekonomi/2023/budgetrader?kolumn=avvikelse", Some(&c)).await.status, StatusCode::BAD_REQUEST);
        let unknown = app.get("/k/0486/ekonomi/2023/budgetrader?kolumn=foo", Some(&c)).await;
        assert!(unknown.status == StatusCode::BAD_REQUEST && unknown.body.contains("ingen kolumn «foo»"), "{}", unknown.body);
        assert_eq!(app.get("/k/0486/ekonomi/2023/huvudbok?kolumn=foo", Some(&c)).await.status, StatusCode::BAD_REQUEST);
        // A cell the budget has nothing for says so; the way back keeps the period.
        let none = app.get("/k/0486/ekonomi/2023/budgetrader?rad=AO&kolumn=budget-intakter&manad=1", Some(&c)).await.body;
        assert!(
            none.contains("Äldreomsorg – budget intäkter januari 2023") && none.contains("href=\"/k/0486/ekonomi/2023?manad=1#drift\""),
            "{none}"
        );
        // The public reads the table, not what is behind it.
        assert!(!app.get("/k/0486/ekonomi/2023", None).await.body.contains("/budgetrader?"));
        assert_eq!(app.get("/k/0486/ekonomi/2023/budgetrader?rad=IFO", None).await.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn a_head_of_unit_forecasts_the_rows_of_their_unit() {
    for app in apps().await {
        app.withdraw_annual_report().await;
        let forecast = |row: &str| {
            let store = app.store.clone();
            let row = row.to_string();
            async move {
                store::economy::forecasts(&store, "0486", 2023)
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|f| f.row == row && f.month == 4)
                    .map(|f| f.amount)
            }
        };
        // Not tied to a unit: no form, and a forecast is refused.
        let v = app.login("verksamhetschef").await;
        let page = app.get("/k/0486/ekonomi/2023", Some(&v)).await.body;
        assert!(!page.contains("Registrera prognos") && page.contains("id=\"ingen-enhet\""), "told why: {page}");
        let refused = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&v), Some("manad=4&f_AO=-1")).await;
        assert!(
            refused.status == StatusCode::FORBIDDEN && refused.body.contains("inte knutet till någon av årets verksamheter"),
            "{}",
            refused.body
        );
        // The controller forecasts both rows for April.
        let c = app.login("controller").await;
        let both = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&c), Some("manad=4&f_IFO=10&f_AO=2")).await;
        assert_eq!(both.status, StatusCode::SEE_OTHER, "{}", both.body);
        // Tied to Äldreomsorg (by name, as an account is): the form holds that row alone, and
        // saving it leaves Individ och familjeomsorg's forecast as it was.
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::users::set_unit(&mut w, "verksamhetschef", Some("Äldreomsorg")).await.unwrap();
        w.commit().await.unwrap();
        let v = app.login("verksamhetschef").await;
        let page = app.get("/k/0486/ekonomi/2023?registrera=4", Some(&v)).await.body;
        assert!(page.contains("Registrera prognos för din enhet") && page.contains("name=\"f_AO\""), "{page}");
        assert!(!page.contains("name=\"f_IFO\""), "{page}");
        let own = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&v), Some("manad=4&f_AO=-1,5&f_IFO=99")).await;
        assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
        assert_eq!(forecast("AO").await, Some(domain::money::Ore::from_kr(-1_500)));
        assert_eq!(forecast("IFO").await, Some(domain::money::Ore::from_kr(10_000)), "another unit's row is not touched");
        // What the forecast rests on, written beside it, is read by everyone beside the table;
        // a comment naming someone is refused, the form kept.
        let commented = app
            .send(
                "POST",
                "/k/0486/ekonomi/2023/prognos",
                Some(&v),
                Some("manad=4&f_AO=-1,5&k_AO=Fler+platser+p%C3%A5+s%C3%A4rskilt+boende."),
            )
            .await;
        assert_eq!(commented.status, StatusCode::SEE_OTHER, "{}", commented.body);
        let public = app.get("/k/0486/ekonomi/2023?manad=12", None).await.body;
        assert!(
            public.contains("Vad prognosen i april bygger på")
                && public.contains("<dt>Äldreomsorg</dt><dd>Fler platser på särskilt boende.</dd>"),
            "{public}"
        );
        let named =
            app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&v), Some("manad=4&f_AO=-2&k_AO=Brukare+19121212-1212+flyttade")).await;
        assert_eq!(named.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            named.body.contains("liknar ett personnummer") && named.body.contains("value=\"Brukare 19121212-1212 flyttade\""),
            "{}",
            named.body
        );
        assert_eq!(forecast("AO").await, Some(domain::money::Ore::from_kr(-1_500)), "nothing saved");
        // An API client that sends amounts only keeps the comment written beside them.
        let amounts = post_json("/api/v1/municipalities/0486/economy/2023/forecasts", &v, r#"{"month":4,"amounts":{"AO":-150000}}"#);
        assert_eq!(app.send_request(amounts).await.status, StatusCode::OK);
        assert!(app.get("/k/0486/ekonomi/2023?manad=12", None).await.body.contains("<dd>Fler platser på särskilt boende.</dd>"));
        // A form without the row leaves its forecast as it is (only an emptied field takes it back).
        assert_eq!(app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&v), Some("manad=4")).await.status, StatusCode::SEE_OTHER);
        assert_eq!(forecast("AO").await, Some(domain::money::Ore::from_kr(-1_500)));
        // A month with Äldreomsorg's forecast alone has no sum for the committee, and no point in the chart.
        assert_eq!(app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&v), Some("manad=5&f_AO=1")).await.status, StatusCode::SEE_OTHER);
        let year = app.get("/k/0486/ekonomi/2023?manad=12", Some(&c)).await.body;
        let table = &year[year.find("id=\"prognoser\"").unwrap()..];
        assert!(
            table.contains("<td class=\"num\">ofullständig</td>") && table.contains("Prognosen för maj saknar Individ och familjeomsorg"),
            "{table}"
        );
        // The reports ask the same: the annual report's Prognossäkerhet gives May no sum and no
        // chart point, and an interim report cut at April shows no forecast made after it.
        let report = app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await.body;
        let accuracy = &report[report.find("id=\"tabell-prognossakerhet\"").expect("the table")..];
        let accuracy = &accuracy[..accuracy.find("</table>").unwrap()];
        assert!(accuracy.contains(">Maj<") && accuracy.contains("ofullständig"), "{accuracy}");
        assert!(report.contains("någon verksamhet saknar prognos för månaden"), "the note says why");
        // Every figure of the drift table opens to its source: outcome to ledger rows, budget to
        // budget lines, the deviation to the year's table.
        let drift = &report[report.find("id=\"tabell-drift\"").expect("the drift table")..];
        assert!(
            drift.contains("/huvudbok?rad=IFO&amp;kolumn=utfall-netto")
                && drift.contains("/budgetrader?rad=IFO&amp;kolumn=budget-netto")
                && drift.contains("href=\"/k/0486/ekonomi/2023#drift\""),
            "{drift}"
        );
        let interim = app.get("/k/0486/rapporter/delarsrapport/2023?manad=4", Some(&c)).await.body;
        let accuracy = &interim[interim.find("id=\"tabell-prognossakerhet\"").expect("the table")..];
        let accuracy = &accuracy[..accuracy.find("</table>").unwrap()];
        assert!(accuracy.contains(">April<") && !accuracy.contains(">Maj<") && !accuracy.contains(">Oktober<"), "{accuracy}");
        // What the forecast rests on follows it into the report.
        assert!(
            interim.contains("Vad prognosen i april bygger på:") && interim.contains("Äldreomsorg: Fler platser på särskilt boende."),
            "{interim}"
        );
        // Through the API, another unit's row is refused.
        let req = post_json("/api/v1/municipalities/0486/economy/2023/forecasts", &v, r#"{"month":4,"amounts":{"IFO":100}}"#);
        let api = app.send_request(req).await;
        assert!(api.status == StatusCode::FORBIDDEN && api.body.contains("IFO är inte din enhets verksamhet"), "{}", api.body);
        assert_eq!(forecast("IFO").await, Some(domain::money::Ore::from_kr(10_000)));
        // A deviation larger than the unit's whole budget (70 tkr here) is most likely typed in
        // kronor: refused, the error where the form is, and saved only when its maker says so.
        let typo = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&v), Some("manad=6&f_AO=-1000")).await;
        assert_eq!(typo.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            typo.body.contains("en avvikelse på −1\u{a0}000 tkr är större än verksamhetens hela budget för året (70 tkr)")
                && typo.body.contains("name=\"trots_allt\"")
                && typo.body.contains("action=\"/k/0486/ekonomi/2023/prognos#prognos-fel\""),
            "{}",
            typo.body
        );
        let despite = app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&v), Some("manad=6&f_AO=-1000&trots_allt=1")).await;
        assert_eq!(despite.status, StatusCode::SEE_OTHER);
        // The API asks the same, and saves it when told it stands.
        let api_typo = |despite: bool| {
            post_json(
                "/api/v1/municipalities/0486/economy/2023/forecasts",
                &v,
                format!(r#"{{"month":7,"amounts":{{"AO":-100000000}},"despite_implausible":{despite}}}"#),
            )
        };
        let refused = app.send_request(api_typo(false)).await;
        assert!(refused.status == StatusCode::UNPROCESSABLE_ENTITY && refused.body.contains("despite_implausible"), "{}", refused.body);
        assert_eq!(app.send_request(api_typo(true)).await.status, StatusCode::OK);
        // A plus sign, as spreadsheets write it, is a positive amount.
        assert_eq!(
            app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&v), Some("manad=6&f_AO=%2B3")).await.status,
            StatusCode::SEE_OTHER
        );
    }
}

/// Forecasts a published report shows stay as it shows them: the months an interim report
/// runs to, every month once the year's report is out. Saved again unchanged they pass;
/// withdrawn, the report frees them again. The page says why and offers no save.
#[tokio::test]
async fn published_forecasts_cannot_be_changed() {
    for app in apps().await {
        app.withdraw_annual_report().await;
        let c = app.login("controller").await;
        let save = |body: &'static str| app.send("POST", "/k/0486/ekonomi/2023/prognos", Some(&c), Some(body));
        assert_eq!(save("manad=4&f_IFO=10&f_AO=-2").await.status, StatusCode::SEE_OTHER);
        assert_eq!(save("manad=8&f_IFO=12&f_AO=-3").await.status, StatusCode::SEE_OTHER);
        let actor = store::Actor::system("test");
        web::report::publish(&app.store, &actor, "0486", "delarsrapport", 2023, Some(4)).await.unwrap();
        // April is in the report to April; August is not.
        let april = save("manad=4&f_IFO=11&f_AO=-2").await;
        assert_eq!(april.status, StatusCode::CONFLICT, "{}", april.body);
        assert!(april.body.contains("Prognosen för april 2023 ingår i") && april.body.contains("avpublicera"), "{}", april.body);
        let taken_back = save("manad=4&f_IFO=10&f_AO=").await;
        assert_eq!(taken_back.status, StatusCode::CONFLICT, "removing is changing: {}", taken_back.body);
        assert_eq!(save("manad=4&f_IFO=10&f_AO=-2").await.status, StatusCode::SEE_OTHER, "unchanged");
        assert_eq!(save("manad=8&f_IFO=13&f_AO=-3").await.status, StatusCode::SEE_OTHER);
        let page = app.get("/k/0486/ekonomi/2023?registrera=4", Some(&c)).await.body;
        assert!(page.contains("id=\"prognos-last\"") && !page.contains("Spara prognos"), "{page}");
        assert!(page.contains("id=\"f_IFO\" name=\"f_IFO\" value=\"10\" inputmode=\"decimal\" readonly"), "{page}");
        let page = app.get("/k/0486/ekonomi/2023?registrera=8", Some(&c)).await.body;
        assert!(!page.contains("id=\"prognos-last\"") && page.contains("Spara prognos"), "{page}");
        // Beside part of the year the forecast chart draws no outcome (the year has none yet).
        let interim = app.get("/k/0486/ekonomi/2023?manad=4", Some(&c)).await.body;
        assert!(interim.contains("Prognos per månad, ") && !interim.contains("Prognos per månad och utfall"), "{interim}");
        // Everyone is told which published report has the year's economy, and led to it.
        let public = app.get("/k/0486/ekonomi/2023", None).await.body;
        let href = "/k/0486/rapporter/delarsrapport/2023/fil/html?publicerad=ja&#38;manad=4";
        assert!(public.contains("id=\"publicerad-rapport\"") && public.contains(href), "{public}");
        // The totals' rounding is explained, as in the published report.
        assert!(public.contains("id=\"summor\"") && public.contains("Summorna är räknade på exakta belopp"), "{public}");
        assert_eq!(app.get(&href.replace("&#38;", "&"), None).await.status, StatusCode::OK);
        // The API is held to the same.
        let api = post_json("/api/v1/municipalities/0486/economy/2023/forecasts", &c, r#"{"month":3,"amounts":{"AO":-150000}}"#);
        let api = app.send_request(api).await;
        assert!(api.status == StatusCode::CONFLICT && api.body.contains("mars 2023"), "{} {}", api.status, api.body);
        // The whole year's report freezes every month; withdrawn, it frees them.
        web::report::publish(&app.store, &actor, "0486", "arsrapport", 2023, None).await.unwrap();
        assert_eq!(save("manad=8&f_IFO=14&f_AO=-3").await.status, StatusCode::CONFLICT);
        let mut w = app.store.begin(&actor).await.unwrap();
        assert!(store::publication::withdraw_report(&mut w, "0486", "arsrapport", 2023, None).await.unwrap());
        w.commit().await.unwrap();
        assert_eq!(save("manad=8&f_IFO=14&f_AO=-3").await.status, StatusCode::SEE_OTHER);
        assert_eq!(save("manad=4&f_IFO=15&f_AO=-2").await.status, StatusCode::CONFLICT, "still in the April report");
    }
}

/// A year whose outcome was read for the whole year only has no outcome for part of it: the
/// page says so instead of a table of zeros with the budget as surplus.
#[tokio::test]
async fn part_of_a_year_read_for_the_whole_year_only_says_its_outcome_is_missing() {
    let app = apps().await.remove(0);
    let line = |row: &str, category, amount: i64| domain::economy::BudgetLine {
        row: row.into(),
        category,
        month: 0,
        amount: domain::money::Ore::from_kr(amount),
    };
    let lines = [line("IFO", domain::economy::Category::Cost, -150_000), line("IFO", domain::economy::Category::Income, 30_000)];
    let source = b"rad;kategori;manad;belopp\nIFO;kostnad;0;-150000\nIFO;intakt;0;30000\n";
    web::imports::import_outcome_rows(&app.store, &store::Actor::system("test"), "0486", 2023, "utfall.csv", &lines, source).await.unwrap();
    let part = app.get("/k/0486/ekonomi/2023?manad=8", None).await.body;
    assert!(
        part.contains("id=\"period-saknas\"")
            && part.contains("Utfallet för januari–augusti 2023 saknas i Årshjul: årets utfall är inläst för helår.")
            && !part.contains("<table class=\"drift\">"),
        "{part}"
    );
    let whole = app.get("/k/0486/ekonomi/2023", None).await.body;
    assert!(whole.contains("<table class=\"drift\">") && !whole.contains("period-saknas"), "{whole}");
}
