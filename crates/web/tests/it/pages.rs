//! What the pages and the API show.

use crate::apps;
use axum::http::StatusCode;

#[tokio::test]
async fn start_pages_show_the_organisation() {
    for app in apps().await {
        let res = app.get("/", None).await;
        assert!(res.body.contains("Strängnäs kommun") && res.body.contains("Askersunds kommun"), "{}", app.label);
        // Swedish order: Askersund before Strängnäs.
        assert!(res.body.find("Askersunds kommun") < res.body.find("Strängnäs kommun"));

        let res = app.get("/k/0486", None).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.body.matches("<h1").count(), 1, "one h1");
        assert!(res.body.contains("<h1>Strängnäs kommun</h1>"));
        // The page title names each thing once.
        assert!(res.body.contains("<title>Strängnäs kommun – Årshjul</title>"), "{}", res.body);
        assert!(res.body.contains("Hoppa till innehållet"));
        assert!(res.body.contains("<main id=\"innehall\""));
        // The public sees no link to the audit log.
        assert!(!res.body.contains("/k/0486/granskningslogg"));

        let revisor = app.login("revisor").await;
        let res = app.get("/k/0486", Some(&revisor)).await;
        assert!(res.body.contains("/k/0486/granskningslogg"), "the revisor's navigation has the audit log");
        assert!(res.body.contains("Inloggad som"));

        let res = app.get("/k/0486/organisation", None).await;
        assert!(res.body.contains("Äldreomsorg") && res.body.contains("610"));
        // The tree's indent is drawn; a screen reader hears whose part a unit is.
        assert!(res.body.contains("Äldreomsorg<span class=\"visually-hidden\"> (del av Socialkontoret)</span>"), "{}", res.body);
        let res = app.get("/k/0486/perioder", None).await;
        assert!(res.body.contains("Prognos och delårsrapport (januari–augusti 2023)"), "{}", res.body);
    }
}

#[tokio::test]
async fn errors_say_what_went_wrong() {
    for app in apps().await {
        let res = app.get("/k/9999", None).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(res.body.contains("Det finns ingen kommun med koden 9999"), "{}", res.body);
        let res = app.get("/finns-inte", None).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(res.body.contains("Adressen /finns-inte finns inte"));
        // A slash at the end is the page without it.
        let res = app.get("/k/0486/?x=1", None).await;
        assert!(res.status == StatusCode::PERMANENT_REDIRECT && res.headers.get("location").unwrap() == "/k/0486?x=1");
        let ledamot = app.login("ledamot").await;
        let res = app.get("/admin/anvandare", Some(&ledamot)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert!(res.body.contains("Ingen behörighet"));
        let res = app.get("/api/v1/municipalities/9999/organisation", None).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(res.headers.get("content-type").unwrap(), "application/problem+json");
        let problem: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(problem["status"], 404);
        // A form's address opened as a page: 405 in Swedish with the methods it takes.
        let controller = app.login("controller").await;
        let res = app.get("/k/0486/ekonomi/2023/prognos", Some(&controller)).await;
        assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED, "{}", res.body);
        assert!(res.body.contains("Fel sorts anrop") && res.body.contains("lang=\"sv\""), "{}", res.body);
        assert_eq!(res.headers.get("allow").unwrap(), "POST");
        // An address part or parameter of the wrong form: a Swedish page, not axum's English.
        for path in ["/k/0486/ekonomi/abc", "/k/0486/ekonomi/2023/huvudbok?kolumn=utfall-netto&manad=abc"] {
            let res = app.get(path, Some(&controller)).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{path}: {}", res.body);
            assert!(res.body.contains("Felaktig adress") && !res.body.contains("Cannot parse"), "{path}: {}", res.body);
        }
    }
}

#[tokio::test]
async fn audit_log_page_and_api() {
    for app in apps().await {
        let revisor = app.login("revisor").await;
        let res = app.get("/k/0486/granskningslogg", Some(&revisor)).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("Kedjan är obruten"), "{}", res.body);
        assert!(res.body.contains("org.create"));
        // The whole log as a file, with its hashes, the municipality's own entries only.
        let csv = app.get("/k/0486/granskningslogg?format=csv", Some(&revisor)).await;
        assert!(csv.headers.get("content-type").unwrap().to_str().unwrap().starts_with("text/csv"), "{}", csv.body);
        let lines: Vec<&str> = csv.body.lines().collect();
        assert!(lines[0].contains("nr;tid (UTC);vem;händelse") && lines[0].ends_with("kontrollsumma"), "{}", lines[0]);
        assert_eq!(lines.len() as i64 - 1, store::audit::count_in(&app.store, "0486").await.unwrap(), "{}", app.label);
        assert!(!res.body.contains("argon2"), "no password hashes in the log");

        let res = app.get("/api/v1/audit-log/verification", Some(&revisor)).await;
        let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(v["intact"], true);
        // The auditor of 0486 counts 0486's entries, not every municipality's.
        let own = store::audit::count_in(&app.store, "0486").await.unwrap();
        assert_eq!((v["municipality"].as_str(), v["entries"].as_i64()), (Some("0486"), Some(own)), "{v}");

        store::testing::tamper_with_audit_entry(&app.store, 1, "{}").await.unwrap();
        let res = app.get("/k/0486/granskningslogg", Some(&revisor)).await;
        assert!(res.body.contains("Kedjan är bruten vid post 1"), "{}", res.body);
    }
}

#[tokio::test]
async fn admin_creates_an_account_audited() {
    for app in apps().await {
        let admin = app.login("admin").await;
        // The administrator's overview: the municipalities, the tools, the database and the
        // audit log's chain.
        let overview = app.get("/admin", Some(&admin)).await;
        assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
        for part in
            ["<a href=\"/k/0486\">Strängnäs kommun</a>", "href=\"/admin/inlasning?kommun=0486\"", "kedja är obruten", "migreringar."]
        {
            assert!(overview.body.contains(part), "{part}: {}", overview.body);
        }
        assert_eq!(app.get("/admin", Some(&app.login("ledamot").await)).await.status, StatusCode::FORBIDDEN);
        // A member's account is named as the register names the member, whom it signs as.
        let unknown = "username=ny.ledamot&display_name=Ny+Ledamot&role=ledamot&municipality=0486&password=langt-losenord-1";
        let res = app.send("POST", "/admin/anvandare", Some(&admin), Some(unknown)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(
            res.body.contains("«Ny Ledamot» står inte i kommunens ledamotsregister")
                && res.body.contains("Anna Ordförande, Eva Ledamot, Jonas Justerare, Per Ersättare."),
            "{}",
            res.body
        );
        let form = "username=ny.ledamot&display_name=Eva+Ledamot+(S)&role=ledamot&municipality=0486&password=langt-losenord-1";
        let res = app.send("POST", "/admin/anvandare", Some(&admin), Some(form)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        assert!(res.body.contains("Kontot ny.ledamot är skapat"));
        let again = app.send("POST", "/admin/anvandare", Some(&admin), Some(form)).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        let short = app
            .send("POST", "/admin/anvandare", Some(&admin), Some("username=x&display_name=X&role=ledamot&municipality=&password=kort"))
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(short.body.contains("minst 12 tecken") && short.body.contains("Välj kommun"));
        // An administrator is not tied to a municipality (it would reach every municipality's
        // accounts through this page).
        let tied = "username=kommunadmin&display_name=K&role=admin&municipality=0486&password=langt-losenord-1";
        let res = app.send("POST", "/admin/anvandare", Some(&admin), Some(tied)).await;
        assert!(res.status == StatusCode::UNPROCESSABLE_ENTITY && res.body.contains("En administratör hör inte till en kommun"));
        let log = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap();
        assert_eq!(log[0].action, "user.create");
        assert_eq!(log[0].actor, "user:admin");
        // A head of unit's account with its unit, which the list shows.
        let chef = "username=ny.chef&display_name=Ny+Chef&role=verksamhetschef&municipality=0486&unit=AO&password=langt-losenord-1";
        assert_eq!(app.send("POST", "/admin/anvandare", Some(&admin), Some(chef)).await.status, StatusCode::CREATED);
        let list = app.get("/admin/anvandare", Some(&admin)).await.body;
        let row = &list[list.find("<th scope=\"row\">ny.chef</th>").expect("listed")..];
        assert!(row[..row.find("</tr>").unwrap()].contains("<td>AO</td>"), "{row}");
        // The new account can log in, also with the capital a phone's keyboard puts first; a
        // name differing only in capitals is taken.
        let login = app.send("POST", "/login", None, Some("username=ny.ledamot&password=langt-losenord-1")).await;
        assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
        let capital = app.send("POST", "/login", None, Some("username=Ny.ledamot&password=langt-losenord-1")).await;
        assert_eq!(capital.status, StatusCode::SEE_OTHER, "{}", capital.body);
        let twin = "username=NY.LEDAMOT&display_name=Eva+Ledamot&role=ledamot&municipality=0486&password=langt-losenord-1";
        assert_eq!(app.send("POST", "/admin/anvandare", Some(&admin), Some(twin)).await.status, StatusCode::CONFLICT);
        // A head of unit is tied to a unit from here; other roles are not.
        let form =
            "username=chef.ao&display_name=Chef+AO&role=verksamhetschef&municipality=0486&unit=%C3%84ldreomsorg&password=langt-losenord-1";
        assert_eq!(app.send("POST", "/admin/anvandare", Some(&admin), Some(form)).await.status, StatusCode::CREATED);
        assert_eq!(store::users::by_username(&app.store, "chef.ao").await.unwrap().unwrap().unit.as_deref(), Some("Äldreomsorg"));
        let form = "username=sekr.ao&display_name=S&role=sekreterare&municipality=0486&unit=%C3%84ldreomsorg&password=langt-losenord-1";
        let res = app.send("POST", "/admin/anvandare", Some(&admin), Some(form)).await;
        assert!(
            res.status == StatusCode::UNPROCESSABLE_ENTITY && res.body.contains("Bara en verksamhetschef knyts till en enhet"),
            "{}",
            res.body
        );
    }
}

#[tokio::test]
async fn api_and_openapi_agree_with_the_access_table() {
    for app in apps().await {
        let res = app.get("/api/v1/municipalities", None).await;
        let list: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(list[0]["code"], "1882");
        let res = app.get("/api/v1/municipalities/0486/organisation", None).await;
        let org: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(org["units"][1]["name"], "Äldreomsorg");
        assert_eq!(org["units"][1]["depth"], 1);
        let doc = web::api::openapi_document();
        let mut ids = std::collections::HashSet::new();
        for rule in web::access::RULES.iter().filter(|r| r.path.starts_with("/api/v1/")) {
            let op = &doc["paths"][rule.path][rule.method.to_lowercase()];
            assert!(op.is_object(), "{} missing from OpenAPI", rule.path);
            assert!(ids.insert(op["operationId"].as_str().unwrap().to_string()), "{}: operationId twice", rule.path);
            // A public route never answers 401/403; a POST says what it takes.
            let public = rule.roles == web::access::EVERYONE;
            assert_eq!(op["responses"]["401"].is_null(), public, "{}", rule.path);
            // A change can conflict with what is stored (a forecast a published report shows).
            assert_eq!(op["responses"]["409"].is_null(), rule.method != "POST", "{}", rule.path);
            assert_eq!(op["requestBody"].is_object(), rule.method == "POST", "{}", rule.path);
        }
        let ledger = &doc["paths"]["/api/v1/municipalities/{code}/economy/{year}/ledger"]["get"]["parameters"];
        let names: Vec<&str> = ledger.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["code", "year", "row", "column", "to_month"]);
        assert_eq!(ledger[1]["schema"]["type"], "integer");
    }
}

#[tokio::test]
async fn a_deviation_with_a_personnummer_cannot_be_exported_and_a_report_holding_one_is_not_rendered() {
    for app in crate::apps().await {
        let cookie = app.login("controller").await;
        let ok = app.get("/k/0486/kvalitet/2023/avvikelser.csv", Some(&cookie)).await;
        assert_eq!(ok.status, axum::http::StatusCode::OK, "{}", app.label);
        assert!(ok.body.contains("Brukaren föll i badrummet."));
        // The same deviation with a Luhn-valid personnummer in its text.
        let mut d = store::quality::deviation(&app.store, "0486", "1").await.unwrap().unwrap();
        d.description = "Brukaren 19121212-1212 föll i badrummet.".into();
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::quality::save_deviation(&mut w, "0486", &d).await.unwrap();
        w.commit().await.unwrap();
        let refused = app.get("/k/0486/kvalitet/2023/avvikelser.csv", Some(&cookie)).await;
        assert_eq!(refused.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label);
        assert!(refused.body.contains("fritexten i 1 innehåller personnummer"), "{}", refused.body);
        assert!(!refused.body.contains("19121212-1212"));
        let page = app.get("/k/0486/kvalitet/avvikelse/1", Some(&cookie)).await;
        assert!(page.body.contains("Personnummer i fritexten"));
        // A report text with a personnummer: the report is not written, in any format.
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::report::save_text(&mut w, "0486", "arsrapport", 2023, "inledning", "Kontakt 121212-1212.").await.unwrap();
        w.commit().await.unwrap();
        for format in ["pdf", "docx", "html", "xlsx"] {
            let r = app.get(&format!("/k/0486/rapporter/arsrapport/2023/fil/{format}"), Some(&cookie)).await;
            assert_eq!(r.status, axum::http::StatusCode::BAD_REQUEST, "{format}");
            assert!(r.body.contains("personnummer") && r.body.contains("inledning"), "{}", r.body);
        }
    }
}

#[tokio::test]
async fn a_deviation_is_reported_in_a_year_without_its_own_types_and_a_refusal_names_the_field() {
    for app in crate::apps().await {
        let cookie = app.login("controller").await;
        // 2024 has no types of its own: 2023's carry over (and a municipality without any
        // starts with the default catalogue).
        let page = app.get("/k/0486/kvalitet/2024", Some(&cookie)).await;
        assert_eq!(page.status, axum::http::StatusCode::OK, "{}", app.label);
        let types = store::quality::types(&app.store, "0486", 2024).await.unwrap();
        assert!(!types.is_empty(), "{}", app.label);
        assert!(page.body.contains(&format!("<option value=\"{}\"", types[0].0)), "{}", page.body);
        let defaults = store::quality::types(&app.store, "9999", 2024).await.unwrap();
        assert_eq!(defaults.len(), domain::quality::DEFAULT_TYPES.len());
        // The form's date is a day of the year shown.
        assert!(page.body.contains("value=\"2024-"), "{}", app.label);
        let form = format!("datum=2024-03-01&enhet=&typ={}&allvarlighet=ingen&omrade=SoL&beskrivning=", types[0].0);
        let refused = app.send("POST", "/k/0486/kvalitet/2024/avvikelser", Some(&cookie), Some(&form)).await;
        assert_eq!(refused.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert!(refused.body.contains("Ange enhet och en beskrivning av vad som hände."), "{}", refused.body);
    }
}

#[tokio::test]
async fn search_finds_both_forms_and_never_shows_the_public_a_secret_paragraph() {
    let app = crate::apps().await.remove(0);
    let staff = app.login("sekreterare").await;
    // Meeting 1 is on the notice board; its secret § 3 holds SECRET_CONTENT ("… HVB enligt LVU").
    let public = app.get("/k/0486/sok?q=hemtj%C3%A4nsten", None).await;
    assert!(public.body.contains("Taxa för hemtjänst"), "{}", public.body);
    // Without å, ä and ö, and the body by its name.
    let plain = app.get("/k/0486/sok?q=hemtjansten&organ=socialn%C3%A4mnden", None).await;
    assert!(plain.body.contains("Taxa för hemtjänst"), "{}", plain.body);
    for q in ["placering", "HVB"] {
        let public = app.get(&format!("/k/0486/sok?q={q}"), None).await;
        assert!(public.body.contains("0 träffar"), "{q}: {}", public.body);
        let inside = app.get(&format!("/k/0486/sok?q={q}"), Some(&staff)).await;
        assert!(inside.body.contains("Individärenden"), "{q}: {}", inside.body);
    }
    // A draft protocol (meeting 2) is not searchable by the public; its agenda item is.
    let public = app.get("/k/0486/sok?q=taxan&ar=2023", None).await;
    assert!(!public.body.contains("/k/0486/sammantraden/2/protokoll"), "{}", public.body);
}

#[tokio::test]
async fn publishing_a_protocol_with_a_personnummer_is_blocked_and_the_author_sees_where() {
    let app = crate::apps().await.remove(0);
    let cookie = app.login("sekreterare").await;
    let mut p = store::meetings::paragraphs(&app.store, "0486", "2").await.unwrap().into_iter().find(|p| p.number == 5).unwrap();
    p.text = "Synpunkt från 19121212-1212 om taxan.".into();
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    store::meetings::save_paragraph(&mut w, "0486", "2", &p).await.unwrap();
    for (role, who) in [("ordförande", "Anna Ordförande"), ("justerare", "Jonas Justerare"), ("sekreterare", "Sara Sekreterare")] {
        store::meetings::sign(&mut w, "0486", "2", role, who, "2023-03-20T10:00:00Z").await.unwrap();
    }
    w.commit().await.unwrap();
    let r = app.send("POST", "/k/0486/sammantraden/2/anslag", Some(&cookie), Some("justerad=2023-03-20&anslagen=2023-03-21")).await;
    assert_eq!(r.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("personnummer") && r.body.contains("§ 5 Taxa för hemtjänst"), "{}", r.body);
    assert!(store::meetings::notice_board(&app.store, "0486").await.unwrap().iter().all(|x| x.meeting != "2"));
    // A number that fails the Luhn check does not block (domain test: meetings::publishing_is_blocked…).
}

#[tokio::test]
async fn meeting_api_and_calendar_file() {
    let app = crate::apps().await.remove(0);
    let list = app.get("/api/v1/municipalities/0486/meetings", None).await;
    let v: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    assert_eq!(v[0]["id"], "1");
    assert_eq!(v[0]["posted"], true);
    let one = app.get("/api/v1/municipalities/0486/meetings/1", None).await;
    assert!(!one.body.contains(crate::SECRET_CONTENT), "{}", one.body);
    let v: serde_json::Value = serde_json::from_str(&one.body).unwrap();
    assert_eq!(v["agenda"][1]["case"], "SN/2023:00010");
    assert_eq!(v["protocol"][2]["text"], domain::meetings::SECRET_NOTE);
    assert_eq!(v["notice_board"]["appeal_last_day"], "2023-03-14");
    let draft: serde_json::Value = serde_json::from_str(&app.get("/api/v1/municipalities/0486/meetings/2", None).await.body).unwrap();
    assert!(draft["protocol"].is_null(), "a draft protocol is not public");
    let ics = app.get("/k/0486/sammantraden/2/kalender.ics", None).await;
    assert!(ics.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.body.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n"), "the TZID is defined: {}", ics.body);
    assert!(!ics.body.contains("DTSTAMP:20230314"), "DTSTAMP is when the file was made, not the meeting: {}", ics.body);
    assert!(
        ics.body.contains("DTSTART;TZID=Europe/Stockholm:20230314T130000\r\n") && ics.body.contains("SUMMARY:Sammanträde Socialnämnden")
    );
}

#[tokio::test]
async fn the_diarium_numbers_cases_per_series_and_year_and_finds_them_however_written() {
    for app in crate::apps().await {
        let cookie = app.login("sekreterare").await;
        // A search that finds nothing says so (no empty table).
        let none = app.get("/k/0486/diarium?q=finnsinte", Some(&cookie)).await;
        assert!(none.body.contains("Inga ärenden matchar «finnsinte»") && !none.body.contains("id=\"arenden\""), "{}", none.body);
        // SN/2023:00010 exists; the next case of SN 2023 gets serial 11.
        let r = app
            .send("POST", "/k/0486/diarium", Some(&cookie), Some("serie=SN&rubrik=Remiss+om+taxa&datum=2023-04-02&handlaggare=Sara"))
            .await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", app.label);
        assert_eq!(r.headers["location"], "/k/0486/diarium/SN/2023/11");
        // The first case of a new year starts at 1.
        let r = app
            .send("POST", "/k/0486/diarium", Some(&cookie), Some("serie=SN&rubrik=Nytt+%C3%A5r&datum=2024-01-03&handlaggare=Sara"))
            .await;
        assert_eq!(r.headers["location"], "/k/0486/diarium/SN/2024/1");
        // A document gets number 1 in its case.
        let r = app
            .send(
                "POST",
                "/k/0486/diarium/SN/2023/11/handlingar",
                Some(&cookie),
                Some("riktning=in&datum=2023-04-01&rubrik=Remiss&part=Kommunstyrelsen&handlaggare=Sara&sekretess="),
            )
            .await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER);
        let page = app.get("/k/0486/diarium/SN/2023/11", Some(&cookie)).await;
        assert!(page.body.contains("Inkommande") && page.body.contains("Kommunstyrelsen"), "{}", page.body);
        assert!(page.body.contains("<p id=\"status\">Öppet ärende."), "{}", page.body);
        // Searching "SN 2023:10" finds SN/2023:00010 (the variants of meetings.md §2.5).
        let list = app.get("/k/0486/diarium?q=SN+2023%3A10", Some(&cookie)).await;
        assert!(list.body.contains("SN/2023:00010") && !list.body.contains("SN/2023:00011"), "{}", list.body);
        // Lower case, or a part of the number, finds it too.
        for q in ["sn%2F2023%3A00010", "2023%3A10", "00010"] {
            let list = app.get(&format!("/k/0486/diarium?q={q}"), Some(&cookie)).await;
            assert!(list.body.contains("SN/2023:00010") && !list.body.contains("SN/2023:00011"), "{q}: {}", list.body);
        }
        // The API gives the diarium to the municipality's accounts.
        let api: serde_json::Value = serde_json::from_str(&app.get("/api/v1/municipalities/0486/cases", Some(&cookie)).await.body).unwrap();
        assert!(api.as_array().unwrap().iter().any(|c| c["number"] == "SN/2023:00011" && c["documents"][0]["direction"] == "in"));
        // The public reads the register: the case and its documents, without sender or
        // recipient, a secret document without its title.
        let secret = "riktning=in&datum=2023-04-02&rubrik=Anm%C3%A4lan+om+Sven&part=Sven+Svensson&handlaggare=Sara&sekretess=OSL+26%3A1";
        let r = app.send("POST", "/k/0486/diarium/SN/2023/11/handlingar", Some(&cookie), Some(secret)).await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER);
        let list = app.get("/k/0486/diarium", None).await;
        assert!(list.status == axum::http::StatusCode::OK && list.body.contains("SN/2023:00011"), "{}", list.body);
        let public = app.get("/k/0486/diarium/SN/2023/11", None).await.body;
        assert!(public.contains("<td>Remiss</td>") && public.contains("Handling med sekretess") && public.contains("OSL 26:1"), "{public}");
        assert!(!public.contains("Kommunstyrelsen") && !public.contains("Sven") && !public.contains("Registrera en handling"), "{public}");
        let staff = app.get("/k/0486/diarium/SN/2023/11", Some(&cookie)).await.body;
        assert!(staff.contains("Anmälan om Sven") && staff.contains("Sven Svensson"), "{staff}");
        // A personnummer in a title is refused, for a case and for a document.
        let named = "riktning=in&datum=2023-04-03&rubrik=Klagom%C3%A5l+fr%C3%A5n+19700101-1234&part=&handlaggare=Sara&sekretess=";
        let r = app.send("POST", "/k/0486/diarium/SN/2023/11/handlingar", Some(&cookie), Some(named)).await;
        assert!(r.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("liknar ett personnummer"), "{}", r.body);
        let r = app
            .send(
                "POST",
                "/k/0486/diarium",
                Some(&cookie),
                Some("serie=SN&rubrik=%C3%96verklagande+19800101-1234&datum=2023-04-03&handlaggare="),
            )
            .await;
        assert!(r.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("diariet är offentligt"), "{}", r.body);
        // The API reads as the page: the public gets no sender or recipient and no secret title.
        let api = app.get("/api/v1/municipalities/0486/cases", None).await;
        assert_eq!(api.status, axum::http::StatusCode::OK);
        assert!(api.body.contains("Remiss") && !api.body.contains("Kommunstyrelsen") && !api.body.contains("Sven"), "{}", api.body);
        // A title registered before titles were checked (or imported) reaches the public
        // without its personnummer: on the list, the case's page and the API.
        let mut c =
            store::cases::case(&app.store, "0486", &domain::cases::CaseNumber::parse("SN/2023:00011").unwrap().0).await.unwrap().unwrap();
        let title = std::mem::replace(&mut c.title, "Överklagande 19121212-1212".into());
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::cases::save(&mut w, "0486", &c).await.unwrap();
        w.commit().await.unwrap();
        for path in ["/k/0486/diarium", "/k/0486/diarium/SN/2023/11", "/api/v1/municipalities/0486/cases"] {
            let body = app.get(path, None).await.body;
            assert!(body.contains("Överklagande [personnummer borttaget]") && !body.contains("1212-1212"), "{path}: {body}");
        }
        assert!(app.get("/k/0486/diarium?q=1212", None).await.body.contains("Inga ärenden"), "the public cannot search by it");
        c.title = title;
        // A secret case: its number and title, nothing else.
        c.secrecy = Some("OSL 26:1".into());
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::cases::save(&mut w, "0486", &c).await.unwrap();
        w.commit().await.unwrap();
        let public = app.get("/k/0486/diarium/SN/2023/11", None).await.body;
        assert!(
            public.contains("diariet visar inte dess handlingar eller behandling")
                && !public.contains("Behandling i nämnden")
                && !public.contains("<td>Remiss</td>")
                && !public.contains("id=\"handlingar\""),
            "{public}"
        );
        // A municipality that writes "SN 2023/12" gets its new cases numbered so.
        let mut org = store::org::organisation(&app.store, "0486").await.unwrap();
        let mut m = org.municipality().clone();
        m.case_form = "SN 2023/1".into();
        org = domain::org::Organisation::new(m, org.bodies().to_vec(), org.units().to_vec()).unwrap();
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::org::save_organisation(&mut w, &org).await.unwrap();
        w.commit().await.unwrap();
        let list = app.get("/k/0486/diarium", Some(&cookie)).await.body;
        let hint = list.split("skrivet som diariets nummer: nästa i år är ").nth(1).unwrap_or_default();
        assert!(hint.starts_with("SN 20") && hint.split('.').next().unwrap().contains('/'), "{list}");
        let r = app.send("POST", "/k/0486/diarium", Some(&cookie), Some("serie=SN&rubrik=Taxa&datum=2023-05-02&handlaggare=")).await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER);
        let page = app.get("/k/0486/diarium/SN/2023/12", Some(&cookie)).await.body;
        assert!(page.contains("SN 2023/12 Taxa"), "{page}");
        let r = app.send("POST", "/k/0486/diarium", Some(&cookie), Some("serie=SOC-IFO&rubrik=Taxa&datum=2023-05-02&handlaggare=")).await;
        assert!(r.body.contains("Serien «SOC-IFO» får bara innehålla bokstäver"), "{}", r.body);
        // Not registered ahead: a date to come would also start that year's series.
        let r = app.send("POST", "/k/0486/diarium", Some(&cookie), Some("serie=SN&rubrik=Taxa&datum=2099-01-01&handlaggare=")).await;
        assert!(r.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("2099-01-01 har inte kommit än"), "{}", r.body);
        // A protocol extract of § 2 of the posted meeting, for anyone.
        let extract = app.get("/k/0486/sammantraden/1/utdrag/2", None).await;
        assert!(extract.body.contains("§ 2 Taxa för hemtjänst") && extract.body.contains("Rätt utdraget intygar"), "{}", extract.body);
        let secret = app.get("/k/0486/sammantraden/1/utdrag/3", None).await;
        assert!(!secret.body.contains(crate::SECRET_CONTENT));
    }
}

#[tokio::test]
async fn a_case_paper_as_a_document_says_what_it_lacks() {
    let app = crate::apps().await.remove(0);
    let staff = app.login("sekreterare").await;
    let paper = app.get("/k/0486/sammantraden/2/arende/2", Some(&staff)).await;
    assert!(paper.body.contains("Förslag till beslut") && paper.body.contains("Socialnämnden föreslår kommunfullmäktige att anta taxan."));
    assert!(paper.body.contains("Tjänsteskrivelsen saknar avsnittet Barnkonsekvensanalys."), "{}", paper.body);
    let pdf = app.get("/k/0486/sammantraden/2/arende/2?format=pdf", Some(&staff)).await;
    assert!(pdf.body.starts_with("%PDF"));
    // The closed item: the public sees only that it is secret.
    let public = app.get("/k/0486/sammantraden/2/arende/3", None).await;
    assert!(public.body.contains("omfattas av sekretess") && !public.body.contains(crate::SECRET_CONTENT));
    // The members' copies say first that they hold secret content; the public kallelse does not.
    let members = app.get("/k/0486/sammantraden/2/arende/3", Some(&staff)).await.body;
    assert!(members.contains(crate::SECRET_CONTENT) && members.contains("SEKRETESS – handlingen innehåller uppgifter"), "{members}");
    let kallelse = app.get("/k/0486/sammantraden/2/kallelse", Some(&staff)).await.body;
    assert!(kallelse.contains("SEKRETESS – handlingen") && kallelse.contains("ledamöternas exemplar, innehåller sekretess"), "{kallelse}");
    assert!(!app.get("/k/0486/sammantraden/2/kallelse", None).await.body.contains("SEKRETESS – handlingen"));
    // What the paper lacks is the secretary's to see, not a member's.
    let ledamot = app.login("ledamot").await;
    assert!(!app.get("/k/0486/sammantraden/2/arende/2", Some(&ledamot)).await.body.contains("Tjänsteskrivelsen saknar avsnittet"));
    // A formality has no case paper: no link on the meeting page, and none to open.
    let meeting = app.get("/k/0486/sammantraden/2", Some(&staff)).await.body;
    assert!(!meeting.contains("/sammantraden/2/arende/1\"") && meeting.contains("/sammantraden/2/arende/2\""), "{meeting}");
    let none = app.get("/k/0486/sammantraden/2/arende/1", Some(&staff)).await;
    assert!(none.status == axum::http::StatusCode::NOT_FOUND && none.body.contains("har ingen tjänsteskrivelse"), "{}", none.body);
    // The secret item is a matter for decision: what it lacks is said; not for information.
    assert!(members.contains("Tjänsteskrivelsen saknar avsnittet"), "{members}");
}

#[tokio::test]
async fn a_unit_sees_its_own_deviations_and_the_controller_sees_all() {
    let app = crate::apps().await.remove(0);
    // Deviation "1" happened in Äldreomsorg; tie the verksamhetschef to another unit.
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    store::users::set_unit(&mut w, "verksamhetschef", Some("Individ och familj")).await.unwrap();
    w.commit().await.unwrap();
    let head = app.login("verksamhetschef").await;
    let list = app.get("/k/0486/kvalitet/2023", Some(&head)).await;
    assert!(!list.body.contains("/k/0486/kvalitet/avvikelse/1\""), "{}", list.body);
    assert!(list.body.contains("Inga avvikelser rapporterade 2023."), "an empty list says so");
    assert_eq!(app.get("/k/0486/kvalitet/avvikelse/1", Some(&head)).await.status, axum::http::StatusCode::NOT_FOUND);
    assert!(!app.get("/k/0486/kvalitet/2023/avvikelser.csv", Some(&head)).await.body.contains("Brukaren föll"));
    assert!(!app.get("/api/v1/municipalities/0486/quality/2023", Some(&head)).await.body.contains("\"id\":\"1\""));
    let controller = app.login("controller").await;
    assert!(app.get("/api/v1/municipalities/0486/quality/2023", Some(&controller)).await.body.contains("\"id\":\"1\""));
    // The API sums the possible Lex cases as the page and the report do (one function).
    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/municipalities/0486/quality/2023", Some(&controller)).await.body).unwrap();
    let lex = api["lex"].as_array().unwrap();
    assert_eq!((lex.len(), &lex[0]["lex"], &lex[1]["lex"]), (2, &serde_json::json!("Lex Maria"), &serde_json::json!("Lex Sarah")));
    for l in lex {
        let n = |k: &str| l[k].as_u64().unwrap();
        assert_eq!(n("possible"), n("reported") + n("not_reported") + n("undecided"), "{l}");
    }
    assert!(app.get("/k/0486/kvalitet/2023", Some(&controller)).await.body.contains("/k/0486/kvalitet/avvikelse/1\""));
    assert_eq!(app.get("/k/0486/kvalitet/avvikelse/1", Some(&controller)).await.status, axum::http::StatusCode::OK);
    // A deviation's free text may tell of a patient: elected members and auditors get the counts,
    // not the deviations themselves.
    for role in ["ledamot", "revisor"] {
        let who = app.login(role).await;
        assert_eq!(app.get("/k/0486/kvalitet/avvikelse/1", Some(&who)).await.status, axum::http::StatusCode::FORBIDDEN, "{role}");
        assert_eq!(app.get("/k/0486/kvalitet/2023/avvikelser.csv", Some(&who)).await.status, axum::http::StatusCode::FORBIDDEN);
        let year = app.get("/k/0486/kvalitet/2023", Some(&who)).await.body;
        assert!(!year.contains("/k/0486/kvalitet/avvikelse/1\"") && !year.contains("avvikelser.csv"), "{role}: {year}");
    }
}

#[tokio::test]
async fn mas_decides_on_lex_maria_and_the_head_of_operations_on_lex_sarah() {
    let app = crate::apps().await.remove(0);
    let set_lex = |lex| {
        let store = app.store.clone();
        async move {
            let mut d = store::quality::deviation(&store, "0486", "1").await.unwrap().unwrap();
            d.law = if lex == domain::quality::Lex::Maria { domain::quality::CareLaw::Hsl } else { domain::quality::CareLaw::Sol };
            d.lex = Some(lex);
            d.decision = None;
            d.status = domain::quality::Status::Investigating;
            let mut w = store.begin(&store::Actor::system("test")).await.unwrap();
            store::quality::save_deviation(&mut w, "0486", &d).await.unwrap();
            w.commit().await.unwrap();
        }
    };
    let (head, mas) = (app.login("verksamhetschef").await, app.login("mas").await);
    let decide = "anmals=nej&datum=2023-05-10&beslutad_av=X";
    // A past year's forms offer a day of that year, not today.
    let year = app.get("/k/0486/kvalitet/2023", Some(&mas)).await.body;
    assert!(
        year.contains("id=\"k-datum\" name=\"datum\" value=\"2023-12-31\"") && year.contains("value=\"2023-12-31\" inputmode"),
        "{year}"
    );
    set_lex(domain::quality::Lex::Maria).await;
    // The MAS sees every unit's deviations, and the decision form on a possible Lex Maria case.
    assert!(app.get("/k/0486/kvalitet/avvikelse/1", Some(&mas)).await.body.contains("id=\"beslutsform\""));
    assert!(!app.get("/k/0486/kvalitet/avvikelse/1", Some(&head)).await.body.contains("id=\"beslutsform\""));
    let r = app.send("POST", "/k/0486/kvalitet/avvikelse/1/beslut", Some(&head), Some(decide)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("fattas av MAS"), "{}", r.body);
    assert_eq!(app.send("POST", "/k/0486/kvalitet/avvikelse/1/beslut", Some(&mas), Some(decide)).await.status, StatusCode::SEE_OTHER);
    set_lex(domain::quality::Lex::Sarah).await;
    let r = app.send("POST", "/k/0486/kvalitet/avvikelse/1/beslut", Some(&mas), Some(decide)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("fattas av verksamhetschefen"), "{}", r.body);
    // The form offers the decider's title (not the MAS on a Lex Sarah case), and a date that has
    // not come or that is before the deviation is refused.
    let form = app.get("/k/0486/kvalitet/avvikelse/1", Some(&head)).await.body;
    assert!(form.contains("name=\"beslutad_av\" value=\"Verksamhetschef\""), "{form}");
    for (date, why) in [("2099-06-01", "har inte kommit än"), ("2000-01-01", "är före avvikelsen")] {
        let r = app
            .send("POST", "/k/0486/kvalitet/avvikelse/1/beslut", Some(&head), Some(&format!("anmals=nej&datum={date}&beslutad_av=X")))
            .await;
        assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains(why), "{date}: {}", r.body);
    }
    assert_eq!(app.send("POST", "/k/0486/kvalitet/avvikelse/1/beslut", Some(&head), Some(decide)).await.status, StatusCode::SEE_OTHER);
    // The page the decision leads back to says it was saved, once.
    assert!(app.get("/k/0486/kvalitet/avvikelse/1", Some(&head)).await.body.contains("role=\"status\">Ändringen är sparad."));
    assert!(!app.get("/k/0486/kvalitet/avvikelse/1", Some(&head)).await.body.contains("Ändringen är sparad."));
}

#[tokio::test]
async fn attendance_from_the_register_decides_the_quorum_and_is_printed_in_the_protocol() {
    for app in crate::apps().await {
        let stored = store::meetings::meeting(&app.store, "0486", "2").await.unwrap().unwrap().meeting;
        let seat = |name: &str, role: &str| domain::meetings::BodyMember {
            body: stored.body.clone(),
            name: name.into(),
            party: "S".into(),
            role: role.into(),
            from: domain::period::Date::parse("2023-01-01").unwrap(),
            to: domain::period::Date::parse("2026-12-31").unwrap(),
        };
        let register = vec![
            seat("Anna Ordförande", "ordförande"),
            seat("Jonas Justerare", "ledamot"),
            seat("Kim Ledamot", "ledamot"),
            seat("Öda Ersättare", "ersättare"),
        ];
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::meetings::replace_members(&mut w, "0486", &register).await.unwrap();
        store::meetings::set_attendance(&mut w, "0486", "2", domain::meetings::attendance(&register, &stored.body, stored.date))
            .await
            .unwrap();
        w.commit().await.unwrap();

        let cookie = app.login("sekreterare").await;
        let page = app.get("/k/0486/sammantraden/2", Some(&cookie)).await;
        assert!(page.body.contains("Nämnden är beslutför: 3 tjänstgörande av 3 ledamöter"), "{}: {}", app.label, page.body);
        // The agenda and the case paper's heading disagree on the year: the secretary is asked
        // to check, nothing is corrected.
        assert!(
            page.body.contains(
                "Punkt 2: dagordningen anger SN/2023:00010, tjänsteskrivelsens rubrik SN/2022:00010 (samma löpnummer, olika år). \
                 Kontrollera vilket diarienummer som gäller. I diariet finns SN/2023:00010."
            ),
            "{}",
            page.body
        );
        assert!(page.body.contains("<label class=\"visually-hidden\" for=\"n3\">Närvaro för Öda Ersättare</label>"));

        // Two ledamöter absent, the ersättare serves: two of three decide — quorate.
        let r = app.send("POST", "/k/0486/sammantraden/2/narvaro", Some(&cookie), Some("n1=franvarande&n2=franvarande&n3=tjanstgor")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", app.label, r.body);
        let doc = web::meetings::protokoll(&app.store, "0486", "2", false).await.unwrap();
        let fields = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                domain::report::Block::Fields { fields } => Some(fields.clone()),
                _ => None,
            })
            .unwrap();
        let field = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        assert_eq!(field("Beslutande"), "Anna Ordförande (S), ordförande; Öda Ersättare (S), tjänstgörande ersättare", "{}", app.label);
        assert_eq!(field("Beslutförhet"), "Nämnden är beslutför: 2 tjänstgörande av 3 ledamöter (mer än hälften krävs).");
        // The ledamöter not there are named too.
        let absent = field("Frånvarande ledamöter");
        assert!(!absent.is_empty() && !absent.contains("Anna Ordförande"), "{absent}");

        // A ledamot cannot be made to "serve"; nothing is saved.
        let r = app.send("POST", "/k/0486/sammantraden/2/narvaro", Some(&cookie), Some("n1=tjanstgor")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Närvaron för Jonas Justerare"), "{}", r.body);

        // Once justerat, attendance is part of the locked protocol.
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        for (role, who) in [("ordförande", "Anna Ordförande"), ("justerare", "Jonas Justerare"), ("sekreterare", "Sara Sekreterare")] {
            store::meetings::sign(&mut w, "0486", "2", role, who, "2023-03-20T10:00:00Z").await.unwrap();
        }
        w.commit().await.unwrap();
        let r = app.send("POST", "/k/0486/sammantraden/2/narvaro", Some(&cookie), Some("n1=narvarande")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("justerat"), "{}", r.body);
    }
}

/// Justering: each signs in their own name. A member's account cannot sign as the chair, so
/// nobody can justera (and lock) a protocol alone.
#[tokio::test]
async fn a_protocol_is_signed_by_each_signer_in_their_own_name() {
    let app = crate::apps().await.remove(0);
    let sign = |who: &'static str| format!("signatur={}", web::auth::encode_query(who));
    let member = app.login("ledamot").await;
    let r = app.send("POST", "/k/0486/sammantraden/2/justera", Some(&member), Some(&sign("ordförande|Anna Ordförande"))).await;
    assert!(r.body.contains("kan bara skriva under i eget namn"), "{}", r.body);
    // The page offers the member nothing to sign, and says who is awaited.
    let page = app.get("/k/0486/sammantraden/2", Some(&member)).await;
    assert!(!page.body.contains("id=\"justera\"") && page.body.contains("Väntar på: ordförande Anna Ordförande"), "{}", page.body);
    // The chair's own account offers and takes the chair's signature only.
    let anna = app.login("anna").await;
    let page = app.get("/k/0486/sammantraden/2", Some(&anna)).await;
    assert!(page.body.contains("value=\"ordförande|Anna Ordförande\"") && !page.body.contains("value=\"justerare|Jonas Justerare\""));
    let r = app.send("POST", "/k/0486/sammantraden/2/justera", Some(&anna), Some(&sign("justerare|Jonas Justerare"))).await;
    assert!(r.body.contains("kan bara skriva under i eget namn"), "{}", r.body);
    let r = app.send("POST", "/k/0486/sammantraden/2/justera", Some(&anna), Some(&sign("ordförande|Anna Ordförande"))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let signed = store::meetings::signatures(&app.store, "0486", "2").await.unwrap();
    assert_eq!(signed.iter().map(|(r, n, _)| (r.as_str(), n.as_str())).collect::<Vec<_>>(), [("ordförande", "Anna Ordförande")]);
    // An account named with its party, or in other case and spacing, is the same person.
    let hash = web::auth::hash_password(crate::PASSWORD).unwrap();
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    let new = store::users::NewUser {
        username: "jonas.m",
        display_name: "JONAS  justerare (M)",
        role: domain::role::Role::Ledamot,
        municipality: Some("0486"),
        password_hash: &hash,
    };
    store::users::create(&mut w, &new).await.unwrap();
    w.commit().await.unwrap();
    let jonas = app.login("jonas.m").await;
    assert!(app.get("/k/0486/sammantraden/2", Some(&jonas)).await.body.contains("value=\"justerare|Jonas Justerare\""));
}

/// A signature is given to the protocol as it stands: once someone has signed, the protocol
/// and its attendance do not change until the secretary withdraws the justering (the
/// signatures go, the audit log keeps them). The anslag's dates follow the meeting, the last
/// signature and today.
#[tokio::test]
async fn a_signed_protocol_changes_only_after_the_justering_is_withdrawn() {
    let app = crate::apps().await.remove(0);
    let app = app.on_day("2023-03-21");
    let c = app.login("sekreterare").await;
    // Not yet justerat: the protocol and its extracts say UTKAST first, in the title and the
    // file name, and an extract is not certified; a justerat protocol does not.
    let draft = app.get("/k/0486/sammantraden/2/protokoll", Some(&c)).await.body;
    assert!(draft.contains("UTKAST – Protokoll") && draft.contains("UTKAST – protokollet är inte justerat"), "{draft}");
    let file = app.get("/k/0486/sammantraden/2/utdrag/4?format=docx", Some(&c)).await;
    let disposition = file.headers.get("content-disposition").map(|h| h.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(disposition.contains("utdrag-utkast-2-4"), "{disposition}");
    assert!(!app.get("/k/0486/sammantraden/2/utdrag/4", Some(&c)).await.body.contains("Rätt utdraget intygar"));
    let done = app.get("/k/0486/sammantraden/1/protokoll", Some(&c)).await.body;
    assert!(!done.contains("UTKAST"), "{done}");
    let sign = |role: &'static str, who: &'static str, at: &'static str| {
        let store = app.store.clone();
        async move {
            let mut w = store.begin(&store::Actor::system("test")).await.unwrap();
            store::meetings::sign(&mut w, "0486", "2", role, who, at).await.unwrap();
            w.commit().await.unwrap();
        }
    };
    sign("ordförande", "Anna Ordförande", "2023-03-20T10:00:00Z").await;
    let page = app.get("/k/0486/sammantraden/2", Some(&c)).await;
    assert!(page.body.contains("<strong>Under justering.</strong>") && page.body.contains("id=\"aterkalla\""), "{}", page.body);
    assert!(!page.body.contains("id=\"form-p5\"") && !page.body.contains("id=\"narvaroform\""), "no forms while under justering");
    let r =
        app.send("POST", "/k/0486/sammantraden/2/paragraf/5", Some(&c), Some("text=%C3%84ndrad.&beslut=N%C3%A4mnden+avsl%C3%A5r.")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Protokollet är under justering") && r.body.contains("Återkalla justeringen"), "{}", r.body);
    let decision = |ps: Vec<domain::meetings::Paragraph>| ps.into_iter().find(|p| p.number == 5).unwrap().decision;
    assert!(!decision(store::meetings::paragraphs(&app.store, "0486", "2").await.unwrap()).contains(&"Nämnden avslår.".to_string()));
    let r = app.send("POST", "/k/0486/sammantraden/2/narvaro", Some(&c), Some("n1=franvarande")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Withdrawn: the signature goes, the log keeps it, and the protocol can be corrected.
    let r = app.send("POST", "/k/0486/sammantraden/2/aterkalla", Some(&c), Some("")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(store::meetings::signatures(&app.store, "0486", "2").await.unwrap().is_empty());
    let log = store::audit::recent(&app.store, Some("0486"), 50, None).await.unwrap();
    let entry = log.iter().find(|e| e.action == "protocol.signatures_withdrawn").expect("logged");
    assert!(entry.before_json.as_deref().unwrap_or_default().contains("Anna Ordförande"), "{:?}", entry.before_json);
    // A form shown for another paragraph than the one with its number now (numbers moved when
    // an earlier meeting's protocol was drafted) writes nothing.
    let r =
        app.send("POST", "/k/0486/sammantraden/2/paragraf/5", Some(&c), Some("avser=Ett+annat+%C3%A4rende&text=Fel.&beslut=Fel.")).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("inte «Ett annat ärende». Paragrafernas nummer har ändrats"), "{}", r.body);
    // A secret paragraph names its provision.
    let r = app.send("POST", "/k/0486/sammantraden/2/paragraf/5", Some(&c), Some("text=T.&beslut=B.&sekretess=ja&osl=")).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Ange sekretessbestämmelsen"), "{}", r.body);
    let title = store::meetings::paragraphs(&app.store, "0486", "2").await.unwrap().into_iter().find(|p| p.number == 5).unwrap().title;
    let form = format!("avser={}&text=%C3%84ndrad.&beslut=N%C3%A4mnden+avsl%C3%A5r.", title.replace(' ', "+"));
    let r = app.send("POST", "/k/0486/sammantraden/2/paragraf/5", Some(&c), Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(decision(store::meetings::paragraphs(&app.store, "0486", "2").await.unwrap()), ["Nämnden avslår."]);
    // Nothing to withdraw now.
    let r = app.send("POST", "/k/0486/sammantraden/2/aterkalla", Some(&c), Some("")).await;
    assert!(r.body.contains("det finns ingen justering att återkalla"), "{}", r.body);

    // Justerat by all three on 2023-03-20 (Swedish time); today is 2023-03-21.
    sign("ordförande", "Anna Ordförande", "2023-03-20T10:00:00Z").await;
    sign("justerare", "Jonas Justerare", "2023-03-20T10:00:00Z").await;
    sign("sekreterare", "Sara Sekreterare", "2023-03-20T23:30:00Z").await; // 2023-03-21 00:30 in Stockholm
    let page = app.get("/k/0486/sammantraden/2", Some(&c)).await;
    assert!(page.body.contains("id=\"justerad\" name=\"justerad\" value=\"2023-03-21\""), "the last signature's day is suggested");
    for (form, why) in [
        ("justerad=2023-03-10&anslagen=2023-03-21", "Justeringsdagen 2023-03-10 är före sammanträdet"),
        ("justerad=2023-03-20&anslagen=2023-03-21", "är före den sista underskriften (2023-03-21)"),
        ("justerad=2023-03-21&anslagen=2023-03-20", "Anslaget kan inte sättas upp före justeringen"),
        ("justerad=2023-03-22&anslagen=2023-03-22", "Justeringsdagen 2023-03-22 har inte kommit"),
        // The field is named, and what was typed stays in it.
        ("justerad=21%2F3&anslagen=2023-03-21", "Justerat: «21/3» är inget datum; skriv det som ÅÅÅÅ-MM-DD."),
        ("justerad=2023-02-30&anslagen=2023-03-21", "Justerat: «2023-02-30» är skrivet ÅÅÅÅ-MM-DD men är inget datum i kalendern."),
        ("justerad=21%2F3&anslagen=2023-03-21", "name=\"justerad\" value=\"21/3\""),
    ] {
        let r = app.send("POST", "/k/0486/sammantraden/2/anslag", Some(&c), Some(form)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}: {}", r.body);
        assert!(r.body.contains(why), "{form}: {}", r.body);
    }
    assert!(store::meetings::posting(&app.store, "0486", "2").await.unwrap().is_none());
    // A slip of a month: set up for 2023-04-21, so not on the board yet (the public does not
    // read the protocol), and the secretary may correct it until that day.
    let r = app.send("POST", "/k/0486/sammantraden/2/anslag", Some(&c), Some("justerad=2023-03-21&anslagen=2023-04-21")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!app.get("/k/0486/anslagstavla", None).await.body.contains("/k/0486/sammantraden/2"));
    let early = app.get("/k/0486/sammantraden/2/protokoll", None).await;
    assert!(early.status == StatusCode::NOT_FOUND && early.body.contains("anslås på anslagstavlan 2023-04-21"), "{}", early.body);
    assert!(!app.get("/k/0486/sammantraden", None).await.body.contains("/k/0486/sammantraden/2/protokoll"), "no link before the day");
    let page = app.get("/k/0486/sammantraden/2", Some(&c)).await;
    assert!(page.body.contains("Anslås 2023-04-21") && page.body.contains("Rätta anslaget"), "{}", page.body);
    let r = app.send("POST", "/k/0486/sammantraden/2/anslag", Some(&c), Some("justerad=2023-03-21&anslagen=2023-03-21")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.get("/k/0486/anslagstavla", None).await.body.contains("/k/0486/sammantraden/2"));
    assert_eq!(app.get("/k/0486/sammantraden/2/protokoll", None).await.status, StatusCode::OK);
    // Up on the board now: the day stands.
    let r = app.send("POST", "/k/0486/sammantraden/2/anslag", Some(&c), Some("justerad=2023-03-21&anslagen=2023-03-22")).await;
    assert!(r.body.contains("Protokollet anslogs redan 2023-03-21"), "{}", r.body);
    assert!(!app.get("/k/0486/sammantraden/2", Some(&c)).await.body.contains("Rätta anslaget"));
}

/// The public reads the reports the committee publishes (without the staff's links into
/// Årshjul); an unpublished one is not there; publishing and withdrawing are logged.
#[tokio::test]
async fn the_public_reads_published_reports_only() {
    let app = crate::apps().await.remove(0);
    // The seed publishes the årsrapport 2023.
    let index = app.get("/k/0486/rapporter", None).await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.body.contains("/k/0486/rapporter/arsrapport/2023/fil/pdf") && !index.body.contains("Alla rapporter"), "{}", index.body);
    let html = app.get("/k/0486/rapporter/arsrapport/2023/fil/html", None).await;
    assert_eq!(html.status, StatusCode::OK, "{}", html.body);
    assert!(!html.body.contains("Visa källan") && !html.body.contains("href=\"/k/0486/ekonomi"), "no links into Årshjul for the public");
    let other = app.get("/k/0486/rapporter/verksamhetsberattelse/2023/fil/html", None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(other.body.contains("är inte publicerad"), "{}", other.body);
    // The public reads the report as it was published: a text written since reaches it only
    // when the controller publishes again, and the page says the report has changed.
    let c = app.login("controller").await;
    let before = app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await;
    assert!(
        before.body.contains("Allmänheten läser rapporten som den var när den publicerades") && !before.body.contains("har ändrats sedan"),
        "{}",
        before.body
    );
    // The saved-text notice names a section of the report, never text from the address.
    let forged = app.get("/k/0486/rapporter/arsrapport/2023?sparat=Allt+%C3%A4r+raderat", Some(&c)).await;
    assert!(!forged.body.contains("Allt är raderat"), "{}", forged.body);
    // A personnummer is refused where the text is written; the form keeps what was written.
    let pnr = app
        .send("POST", "/k/0486/rapporter/arsrapport/2023/text", Some(&c), Some("avsnitt=inledning&text=Brukaren+850101-1236+flyttade."))
        .await;
    assert_eq!(pnr.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        pnr.body.contains("liknar ett personnummer") && pnr.body.contains(">Brukaren 850101-1236 flyttade.</textarea>"),
        "{}",
        pnr.body
    );
    assert!(before.body.contains("av Årshjul:"), "published by the system: {}", before.body);
    let form = "avsnitt=inledning&text=Ett+nytt+utkast+om+hemtj%C3%A4nsten.";
    assert_eq!(app.send("POST", "/k/0486/rapporter/arsrapport/2023/text", Some(&c), Some(form)).await.status, StatusCode::SEE_OTHER);
    assert!(!app.get("/k/0486/rapporter/arsrapport/2023/fil/html", None).await.body.contains("Ett nytt utkast"));
    assert!(app.get("/k/0486/rapporter/arsrapport/2023/fil/html", Some(&c)).await.body.contains("Ett nytt utkast"));
    let staff_copy = app.get("/k/0486/rapporter/arsrapport/2023/fil/html?publicerad=ja", Some(&c)).await;
    assert!(staff_copy.status == StatusCode::OK && !staff_copy.body.contains("Ett nytt utkast"), "{}", staff_copy.body);
    let page = app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await;
    assert!(page.body.contains("Rapporten har ändrats sedan den publicerades"), "{}", page.body);
    assert!(page.body.contains("Publicera igen som rapporten är nu"), "{}", page.body);
    // Publishing waits for the publisher to have read the review's warnings, as many as there are.
    let warnings = web::report::review_warnings(&app.store, "0486", "arsrapport", 2023, None).await.unwrap();
    assert!(!warnings.is_empty(), "the fixture's report has warnings to read");
    assert!(page.body.contains(&format!("name=\"trots_varningar\" value=\"{}\" required", warnings.len())), "{}", page.body);
    for form in ["publicera=ja".to_string(), format!("publicera=ja&trots_varningar={}", warnings.len() + 1)] {
        let r = app.send("POST", "/k/0486/rapporter/arsrapport/2023/publicering", Some(&c), Some(&form)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}");
        assert!(r.body.contains(&format!("Rapporten publicerades inte: granskningen har {} varningar.", warnings.len())), "{}", r.body);
        assert!(r.body.contains("id=\"publicera-fel\"") && r.body.contains("id=\"granskning\""), "the report again, with why: {}", r.body);
    }
    assert!(!app.get("/k/0486/rapporter/arsrapport/2023/fil/html", None).await.body.contains("Ett nytt utkast"));
    let form = format!("publicera=ja&trots_varningar={}", warnings.len());
    let r = app.send("POST", "/k/0486/rapporter/arsrapport/2023/publicering", Some(&c), Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.get("/k/0486/rapporter/arsrapport/2023/fil/html", None).await.body.contains("Ett nytt utkast"));
    let log = store::audit::recent(&app.store, Some("0486"), 2, None).await.unwrap();
    assert_eq!((log[0].action.as_str(), log[1].action.as_str()), ("report.publish.despite_warnings", "report.publish"));
    let read: serde_json::Value = serde_json::from_str(log[0].after_json.as_deref().unwrap()).unwrap();
    assert_eq!(read["warnings"].as_array().map(Vec::len), Some(warnings.len()), "{read}");
    let after = app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await.body;
    assert!(!after.contains("har ändrats sedan") && after.contains("av Controller"), "{after}");
    // The copy published before is kept: the staff read what the public read then.
    let versions = store::publication::published_versions(&app.store, "0486", "arsrapport", 2023, None).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert!(
        after.contains("Tidigare publicerade versioner (1)") && after.contains(&format!("fil/html?version={}", versions[1].0)),
        "{after}"
    );
    let then = app.get(&format!("/k/0486/rapporter/arsrapport/2023/fil/html?version={}", versions[1].0), Some(&c)).await.body;
    assert!(!then.contains("Ett nytt utkast") && !then.is_empty(), "{then}");
    let public = app.get(&format!("/k/0486/rapporter/arsrapport/2023/fil/html?version={}", versions[1].0), None).await.body;
    assert!(public.contains("Ett nytt utkast"), "the public reads the current copy: {public}");
    assert_eq!(log[1].entity_key.as_str(), "0486/arsrapport/2023");
    // The controller withdraws it from the report's page.
    let page = app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await;
    assert!(page.body.contains("action=\"/k/0486/rapporter/arsrapport/2023/publicering\""), "{}", page.body);
    let r = app.send("POST", "/k/0486/rapporter/arsrapport/2023/publicering", Some(&c), Some("publicera=nej")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/k/0486/rapporter/arsrapport/2023/fil/html", None).await.status, StatusCode::NOT_FOUND);
    assert!(app.get("/k/0486/rapporter", None).await.body.contains("inte publicerat några rapporter"));
    let log = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap().remove(0);
    assert_eq!((log.action.as_str(), log.entity_key.as_str()), ("report.withdraw", "0486/arsrapport/2023"));
    // Staff still read it.
    assert_eq!(app.get("/k/0486/rapporter/arsrapport/2023/fil/html", Some(&c)).await.status, StatusCode::OK);
}

/// An interim report offers its months; the page is to the month chosen (August when no
/// forecast says otherwise), and the public reads a published interim report to that month.
#[tokio::test]
async fn an_interim_report_offers_its_months() {
    let app = crate::apps().await.remove(0);
    let c = app.login("controller").await;
    let page = app.get("/k/0486/rapporter/delarsrapport/2023", Some(&c)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"manadsval\"") && page.body.contains("<option value=\"8\" selected>Augusti</option>"), "{}", page.body);
    // A forecast made in October does not move it: the follow-up plan's interim month is August.
    app.withdraw_annual_report().await;
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    let october = domain::economy::Forecast {
        row: "IFO".into(),
        month: 10,
        kind: domain::economy::ForecastKind::Deviation,
        amount: domain::money::Ore::from_kr(1_000),
        comment: String::new(),
    };
    store::economy::save_forecasts(&mut w, "0486", 2023, &[october]).await.unwrap();
    w.commit().await.unwrap();
    let page = app.get("/k/0486/rapporter/delarsrapport/2023", Some(&c)).await;
    assert!(page.body.contains("<option value=\"8\" selected>Augusti</option>"), "{}", page.body);
    let april = app.get("/k/0486/rapporter/delarsrapport/2023?manad=4", Some(&c)).await;
    assert!(april.body.contains("<option value=\"4\" selected>April</option>"), "{}", april.body);
    // Not on a full-year report.
    assert!(!app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await.body.contains("id=\"manadsval\""));
    // Published, the public reads it without choosing a month.
    let store = app.store.clone();
    let read = |month: Option<u8>| {
        let store = store.clone();
        async move {
            let n = web::report::review_warnings(&store, "0486", "delarsrapport", 2023, month).await.unwrap().len();
            format!("publicera=ja&trots_varningar={n}")
        }
    };
    let r = app.send("POST", "/k/0486/rapporter/delarsrapport/2023/publicering", Some(&c), Some(&read(None).await)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.get("/k/0486/rapporter/delarsrapport/2023/fil/html", None).await.status, StatusCode::OK);
    // Published from the April view too, it is the report to April, public beside the one to
    // August, each listed by its title; the April view compares itself with its own copy.
    let r = app.send("POST", "/k/0486/rapporter/delarsrapport/2023/publicering?manad=4", Some(&c), Some(&read(Some(4)).await)).await;
    assert_eq!(r.headers.get("location").unwrap(), "/k/0486/rapporter/delarsrapport/2023?manad=4");
    let april = app.get("/k/0486/rapporter/delarsrapport/2023/fil/html?publicerad=ja&manad=4", None).await.body;
    assert!(april.contains("januari–april") && !april.contains("januari–augusti"), "{april}");
    let latest = app.get("/k/0486/rapporter/delarsrapport/2023/fil/html", None).await.body;
    assert!(latest.contains("januari–augusti"), "the public reads the latest period unless it asks: {latest}");
    let list = app.get("/k/0486/rapporter", None).await.body;
    assert!(list.contains("januari–april 2023</th>") && list.contains("januari–augusti 2023</th>"), "{list}");
    assert!(list.contains("/k/0486/rapporter/delarsrapport/2023/fil/pdf?publicerad=ja&#38;manad=4\""), "{list}");
    let page = app.get("/k/0486/rapporter/delarsrapport/2023?manad=4", Some(&c)).await.body;
    assert!(
        !page.contains("har ändrats sedan")
            && page.contains("Publicerad också för <a href=\"/k/0486/rapporter/delarsrapport/2023?manad=8\">januari–augusti</a>."),
        "{page}"
    );
    // The staff's links to what the public reads are to the period on screen; files are named by it.
    assert!(page.contains("/k/0486/rapporter/delarsrapport/2023/fil/pdf?publicerad=ja&#38;manad=4\">PDF</a>"), "{page}");
    let file = app.get("/k/0486/rapporter/delarsrapport/2023/fil/docx?publicerad=ja&manad=4", None).await;
    let disposition = file.headers.get("content-disposition").unwrap().to_str().unwrap().to_string();
    assert!(disposition.contains("delarsrapport-0486-2023-januari-april.docx"), "{disposition}");
    // A text written on the April view is April's own; August shows the year's text there.
    let saved = app
        .send("POST", "/k/0486/rapporter/delarsrapport/2023/text?manad=4", Some(&c), Some("avsnitt=verksamhet&text=Aprils+egen+text."))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let april = app.get("/k/0486/rapporter/delarsrapport/2023?manad=4", Some(&c)).await.body;
    assert!(april.contains("Aprils egen text.") && april.contains("Text för januari–april"), "{april}");
    assert!(april.contains("Rapporten har ändrats sedan den publicerades"), "April's copy was published before: {april}");
    let august = app.get("/k/0486/rapporter/delarsrapport/2023?manad=8", Some(&c)).await.body;
    assert!(!august.contains("Aprils egen text.") && august.contains("Text (gemensam för årets perioder)"), "{august}");
    assert!(!august.contains("Rapporten har ändrats sedan"), "August's copy is as published: {august}");
    let file = app.get("/k/0486/rapporter/delarsrapport/2023/fil/html?manad=4", Some(&c)).await.body;
    assert!(file.contains("Aprils egen text."), "{file}");
    // Emptied, April shows the year's text again.
    let emptied = app.send("POST", "/k/0486/rapporter/delarsrapport/2023/text?manad=4", Some(&c), Some("avsnitt=verksamhet&text=")).await;
    assert_eq!(emptied.status, StatusCode::SEE_OTHER);
    assert!(!app.get("/k/0486/rapporter/delarsrapport/2023?manad=4", Some(&c)).await.body.contains("Aprils egen text."));
    // A period never published is not withdrawn: the page says so rather than that it was.
    let none = app.send("POST", "/k/0486/rapporter/delarsrapport/2023/publicering?manad=6", Some(&c), Some("publicera=nej")).await;
    assert!(none.status == StatusCode::NOT_FOUND && none.body.contains("inte publicerad för januari–juni"), "{}", none.body);
    // Withdrawn for April, the report stays public to August.
    let r = app.send("POST", "/k/0486/rapporter/delarsrapport/2023/publicering?manad=4", Some(&c), Some("publicera=nej")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/k/0486/rapporter/delarsrapport/2023/fil/html?publicerad=ja&manad=4", None).await.status, StatusCode::NOT_FOUND);
    assert!(app.get("/k/0486/rapporter/delarsrapport/2023/fil/html", None).await.body.contains("januari–augusti"));
    let list = app.get("/k/0486/rapporter", None).await.body;
    assert!(!list.contains("januari–april 2023</th>") && list.contains("januari–augusti 2023</th>"), "{list}");
    // And for August, it is public no more.
    let r = app.send("POST", "/k/0486/rapporter/delarsrapport/2023/publicering?manad=8", Some(&c), Some("publicera=nej")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/k/0486/rapporter/delarsrapport/2023/fil/html", None).await.status, StatusCode::NOT_FOUND);
}

/// A month outside 1–12 in a report's address is a clear 400, not a crash of the request.
#[tokio::test]
async fn a_report_for_month_thirteen_is_refused() {
    let app = crate::apps().await.remove(0);
    let c = app.login("controller").await;
    for path in [
        "/k/0486/rapporter/arsrapport/2023?manad=13",
        "/k/0486/rapporter/arsrapport/2023?manad=0",
        "/k/0486/rapporter/arsrapport/2023/fil/html?manad=13",
        "/api/v1/municipalities/0486/reports/arsrapport/2023?to_month=13",
    ] {
        let r = app.get(path, Some(&c)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert!(r.body.contains("ange en månad 1–12"), "{path}: {}", r.body);
    }
}

/// Free text in the quality register names nobody: a deviation or a complaint with what looks
/// like a personnummer (a mistyped one too) is refused, as is a deviation dated in the future
/// and a complaint that says nothing of what it concerns.
#[tokio::test]
async fn quality_free_text_names_nobody() {
    let app = crate::apps().await.remove(0);
    let app = app.on_day("2023-06-01");
    let c = app.login("mas").await;
    for (form, why) in [
        (
            "datum=2023-05-02&enhet=%C3%84ldreomsorg&typ=fall&allvarlighet=lindrig&omrade=SoL&beskrivning=Brukaren+19450312-1234+f%C3%B6ll.",
            "Beskrivningen får inte innehålla personnummer",
        ),
        ("datum=2023-12-31&enhet=%C3%84ldreomsorg&typ=fall&allvarlighet=lindrig&omrade=SoL&beskrivning=F%C3%B6ll.", "senast i dag"),
    ] {
        let r = app.send("POST", "/k/0486/kvalitet/2023/avvikelser", Some(&c), Some(form)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}");
        assert!(r.body.contains(why), "{form}: {}", r.body);
    }
    for (form, why) in [
        ("datum=2023-05-02&enhet=%C3%84ldreomsorg&typ=klagom%C3%A5l&galler=", "Ange kort vad klagomålet"),
        ("datum=2023-05-02&enhet=%C3%84ldreomsorg&typ=klagom%C3%A5l&galler=Anna+450312-1234", "får inte innehålla personnummer"),
    ] {
        let r = app.send("POST", "/k/0486/kvalitet/2023/klagomal", Some(&c), Some(form)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}");
        assert!(r.body.contains(why), "{form}: {}", r.body);
    }
}

/// A refused deviation report keeps what was written: the form comes back filled in, with the
/// reason beside it.
#[tokio::test]
async fn a_refused_deviation_report_keeps_what_was_written() {
    let app = crate::apps().await.remove(0);
    let c = app.login("mas").await;
    let form =
        "datum=2022-13-01&enhet=%C3%84ldreomsorg&typ=fall&allvarlighet=lindrig&omrade=SoL&beskrivning=Brukaren+f%C3%B6ll+i+badrummet.";
    let r = app.send("POST", "/k/0486/kvalitet/2023/avvikelser", Some(&c), Some(form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<details class=\"entry\" open>"), "the form is open");
    assert!(r.body.contains(">Brukaren föll i badrummet.</textarea>") && r.body.contains("value=\"2022-13-01\""), "{}", r.body);
    assert!(r.body.contains("<option value=\"lindrig\" selected>") && r.body.contains("<option value=\"SoL\" selected>"));
    assert!(
        r.body
            .contains("id=\"ny-avvikelse-fel\">Inget sparades. Datum: «2022-13-01» är skrivet ÅÅÅÅ-MM-DD men är inget datum i kalendern."),
        "{}",
        r.body
    );
    // A unit typed with other capitals and spaces is the organisation's unit, not a new one.
    let form = "datum=2023-05-02&enhet=+%C3%A4LDREOMSORG++&typ=fall&allvarlighet=lindrig&omrade=SoL&beskrivning=Ett+fall.";
    assert_eq!(app.send("POST", "/k/0486/kvalitet/2023/avvikelser", Some(&c), Some(form)).await.status, StatusCode::SEE_OTHER);
    let complaint = "datum=2023-05-02&enhet=%C3%A4ldreomsorg&typ=klagom%C3%A5l&galler=Bem%C3%B6tande";
    assert_eq!(app.send("POST", "/k/0486/kvalitet/2023/klagomal", Some(&c), Some(complaint)).await.status, StatusCode::SEE_OTHER);
    use store::quality::{Kind, list};
    let deviations: Vec<domain::quality::Deviation> = list(&app.store, "0486", 2023, Kind::Deviation).await.unwrap();
    assert!(deviations.iter().any(|d| d.description == "Ett fall." && d.unit == "Äldreomsorg"), "{deviations:?}");
    // Not yet assessed: said so, and the Lex question has no answer chosen for the assessor.
    let new = deviations.iter().find(|d| d.description == "Ett fall.").unwrap();
    let page = app.get(&format!("/k/0486/kvalitet/avvikelse/{}", new.id), Some(&c)).await.body;
    assert!(page.contains("Inte bedömd än") && !page.contains("value=\"nej\" checked"), "{page}");
    let complaints: Vec<domain::quality::Complaint> = list(&app.store, "0486", 2023, Kind::Complaint).await.unwrap();
    assert!(complaints.iter().any(|c| c.subject == "Bemötande" && c.unit == "Äldreomsorg"), "{complaints:?}");
}

/// The report page shows its preview under its own headings: one h1 on the page, the
/// document's title an h3 under "Förhandsvisning".
#[tokio::test]
async fn the_report_preview_keeps_the_page_s_heading_order() {
    let app = crate::apps().await.remove(0);
    let c = app.login("controller").await;
    let page = app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await.body;
    assert_eq!(page.matches("<h1").count(), 1, "{page}");
    let preview = page.split("Förhandsvisning").nth(1).expect("a preview");
    assert!(preview.contains("<header class=\"doc-title\"><h3>") && !preview.contains("<h2"), "{preview}");
    // Each section with a text links to its form under a name of its own, outside the heading;
    // a section without a text of its own (the memo's heading) has no link.
    assert!(preview.contains("Redigera texten<span class=\"visually-hidden\"> till Inledning</span>"), "{preview}");
    assert!(!preview.contains("href=\"/k/0486/rapporter/arsrapport/2023#text-memo\""), "{preview}");
    assert!(!preview.contains("Redigera texten</a></h"), "{preview}");
    // The report's date is one line, not a text box.
    assert!(page.contains("<input id=\"f-datum\" name=\"text\""), "{page}");
    // Who cannot write gets no such links.
    let revisor = app.login("revisor").await;
    let page = app.get("/k/0486/rapporter/arsrapport/2023", Some(&revisor)).await.body;
    assert!(!page.contains("Redigera texten"), "{page}");
}

/// What a secretary gets wrong is caught where it happens: a casting vote without a tie, a vote
/// by someone not deciding, more serving ersättare than absent ledamöter, a personnummer in a
/// (public) title, a signer no account is named as. A case number alone brings the diarium's
/// title.
#[tokio::test]
async fn a_secretarys_slips_are_caught_where_they_happen() {
    let app = crate::apps().await.remove(0);
    let c = app.login("sekreterare").await;
    let vote = "text=Votering.&beslut=N%C3%A4mnden+antar+taxan.&ja_for=f%C3%B6rslaget&nej_for=avslag&utslagsrost=ja&roster=Anna+Ordf%C3%B6rande%3A+ja%0AJonas+Justerare%3A+ja";
    let r = app.send("POST", "/k/0486/sammantraden/2/paragraf/5", Some(&c), Some(vote)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Omröstningen slutade 2–0: ordförandens utslagsröst gäller bara vid lika röstetal"), "{}", r.body);
    // With an attendance list: only those who decide vote.
    let register = vec![
        domain::meetings::BodyMember {
            body: "SN".into(),
            name: "Anna Ordförande".into(),
            party: "S".into(),
            role: "ordförande".into(),
            from: domain::period::Date::parse("2023-01-01").unwrap(),
            to: domain::period::Date::parse("2026-12-31").unwrap(),
        },
        domain::meetings::BodyMember {
            body: "SN".into(),
            name: "Jonas Justerare".into(),
            party: "M".into(),
            role: "ledamot".into(),
            from: domain::period::Date::parse("2023-01-01").unwrap(),
            to: domain::period::Date::parse("2026-12-31").unwrap(),
        },
        domain::meetings::BodyMember {
            body: "SN".into(),
            name: "Öda Ersättare".into(),
            party: "S".into(),
            role: "ersättare".into(),
            from: domain::period::Date::parse("2023-01-01").unwrap(),
            to: domain::period::Date::parse("2026-12-31").unwrap(),
        },
    ];
    let stored = store::meetings::meeting(&app.store, "0486", "2").await.unwrap().unwrap().meeting;
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    let mut list = domain::meetings::attendance(&register, &stored.body, stored.date);
    for m in list.iter_mut() {
        m.present = !m.role.contains("ersättare");
    }
    store::meetings::set_attendance(&mut w, "0486", "2", list).await.unwrap();
    w.commit().await.unwrap();
    let vote = "text=Votering.&beslut=N%C3%A4mnden+antar+taxan.&ja_for=f%C3%B6rslaget&nej_for=avslag&roster=Anna+Ordf%C3%B6rande%3A+ja%0A%C3%96da+Ers%C3%A4ttare%3A+nej%0AJonas+Justerare%3A+ja";
    let r = app.send("POST", "/k/0486/sammantraden/2/paragraf/5", Some(&c), Some(vote)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("Öda Ersättare finns inte i närvarolistan") || r.body.contains("Öda Ersättare är inte närvarande"),
        "{}",
        r.body
    );
    // Nor does one who is not deciding reserve.
    let reserve = "text=Taxan.&beslut=N%C3%A4mnden+antar+taxan.&reservation_av=%C3%96da+Ers%C3%A4ttare&reservation=Emot.";
    let r = app.send("POST", "/k/0486/sammantraden/2/paragraf/5", Some(&c), Some(reserve)).await;
    assert!(r.body.contains("Reservation: Öda Ersättare deltar inte i beslutet"), "{}", r.body);
    // Öda cannot serve while every ledamot is present.
    let page = app.get("/k/0486/sammantraden/2", Some(&c)).await.body;
    let oda = page
        .split("Närvaro för Öda Ersättare")
        .next()
        .unwrap()
        .rsplit("<label class=\"visually-hidden\" for=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = app.send("POST", "/k/0486/sammantraden/2/narvaro", Some(&c), Some(&format!("{oda}=tjanstgor"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("1 ersättare tjänstgör men ingen ledamot är frånvarande"), "{}", r.body);

    // Titles are public: no personnummer; a diarium number alone brings the case's title.
    let r = app
        .send("POST", "/k/0486/sammantraden/2/dagordning", Some(&c), Some("rubrik=LVU+f%C3%B6r+19121212-1212&typ=beslut&sekretess=ja"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Ärendet innehåller något som liknar ett personnummer (19121212-1212)"), "{}", r.body);
    // In the summary too, check digit wrong or not, and written with a space.
    let r = app
        .send(
            "POST",
            "/k/0486/sammantraden/2/dagordning",
            Some(&c),
            Some("rubrik=Klagom%C3%A5l&typ=information&sammanfattning=Fr%C3%A5n+700101+1234"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("(700101 1234)"), "{}", r.body);
    let r = app.send("POST", "/k/0486/sammantraden/2/dagordning", Some(&c), Some("rubrik=&dnr=SN%2F2023%3A00077&typ=beslut")).await;
    assert!(r.body.contains("SN/2023:00077 finns inte i diariet"), "{}", r.body);
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    let case = domain::cases::Case {
        number: domain::cases::CaseNumber::parse("SN/2023:00011").unwrap().0,
        title: "Budget 2024".into(),
        registered: None,
        handler: "Sara Sekreterare".into(),
        status: domain::cases::CaseStatus::Open,
        secrecy: None,
    };
    store::cases::save(&mut w, "0486", &case).await.unwrap();
    w.commit().await.unwrap();
    let r = app.send("POST", "/k/0486/sammantraden/2/dagordning", Some(&c), Some("rubrik=&dnr=sn%2F2023%3A00011&typ=beslut")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let agenda = store::meetings::agenda(&app.store, "0486", "2").await.unwrap();
    let last = agenda.last().unwrap();
    assert_eq!((last.title.as_str(), last.case.as_deref()), ("Budget 2024", Some("SN/2023:00011")), "a series in lower case is the same");
    // A case once on the agenda (SN/2023:00010 is item 2 already).
    let r = app.send("POST", "/k/0486/sammantraden/2/dagordning", Some(&c), Some("rubrik=&dnr=SN%2F2023%3A00010&typ=beslut")).await;
    assert!(r.body.contains("Ärendet SN/2023:00010 står redan på dagordningen som punkt 2"), "{}", r.body);
    // However it is written ("SN 2023/11" is SN/2023:00011, on the agenda since above).
    let r = app.send("POST", "/k/0486/sammantraden/2/dagordning", Some(&c), Some("rubrik=&dnr=SN+2023%2F11&typ=beslut")).await;
    assert!(r.body.contains("Ärendet SN/2023:00011 står redan på dagordningen som punkt"), "{}", r.body);

    // A justerare no account is named as is pointed out to the secretary.
    let details = "tid=18%3A00&plats=R%C3%A5dhuset&ordforande=Anna+Ordf%C3%B6rande&sekreterare=Sara+Sekreterare&justerare=Okänd+Person";
    assert_eq!(app.send("POST", "/k/0486/sammantraden/2/uppgifter", Some(&c), Some(details)).await.status, StatusCode::SEE_OTHER);
    let page = app.get("/k/0486/sammantraden/2", Some(&c)).await.body;
    assert!(page.contains("id=\"utan-konto\"") && page.contains("Inget konto i kommunen har namnet «Okänd Person»"), "{page}");
    assert!(!page.contains("«Anna Ordförande»"), "Anna has an account");
}

/// A refused paragraph keeps what the secretary wrote: the form comes back filled in and open,
/// with the reason inside it.
#[tokio::test]
async fn a_refused_paragraph_keeps_what_was_written() {
    let app = crate::apps().await.remove(0);
    let c = app.login("sekreterare").await;
    let form = "text=Nämnden+diskuterade+taxan+länge.&beslut=Nämnden+antar+taxan.&ja_for=förslaget&nej_for=avslag&roster=Anna+Ordförande:+ja%0AEva+Ledamot+kanske";
    let r = app.send("POST", "/k/0486/sammantraden/2/paragraf/5", Some(&c), Some(form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let section = r.body.split("id=\"form-p5\"").nth(1).unwrap().split("</form>").next().unwrap();
    assert!(section.contains("id=\"fel-p5\">Inget sparades. Omröstningen: skriv «Namn: ja»"), "{section}");
    assert!(
        section.contains(">Nämnden diskuterade taxan länge.</textarea>") && section.contains("Eva Ledamot kanske</textarea>"),
        "{section}"
    );
    assert!(section.contains("<details open>"));
    // Nothing was saved.
    let stored = store::meetings::paragraphs(&app.store, "0486", "2").await.unwrap();
    assert!(!stored.iter().any(|p| p.text.contains("diskuterade taxan länge")));
}

/// A refused registration in the diarium keeps what was written.
#[tokio::test]
async fn a_refused_case_registration_keeps_what_was_written() {
    let app = crate::apps().await.remove(0);
    let c = app.login("sekreterare").await;
    let r =
        app.send("POST", "/k/0486/diarium", Some(&c), Some("serie=SN&rubrik=Ansökan+om+bidrag&datum=2023-02-30&handlaggare=Sara")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"Ansökan om bidrag\"") && r.body.contains("value=\"2023-02-30\"") && r.body.contains("value=\"Sara\""));
    assert!(r.body.contains("id=\"registrera-fel\">Inget registrerades."), "{}", r.body);
    // What is missing is named, and only that.
    let r = app.send("POST", "/k/0486/diarium", Some(&c), Some("serie=SN&rubrik=&datum=&handlaggare=Sara")).await;
    assert!(r.body.contains("Inget registrerades. Ange rubrik och datum (ÅÅÅÅ-MM-DD)."), "{}", r.body);
    let r = app
        .send("POST", "/k/0486/diarium/SN/2023/10/handlingar", Some(&c), Some("riktning=ut&datum=2023-04-01&rubrik=&part=Kommunstyrelsen"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<option value=\"ut\" selected>") && r.body.contains("value=\"Kommunstyrelsen\""), "{}", r.body);
}

/// A case whose number has a unit (EH-SOC.2023.205) has an address of its own, apart from
/// SOC.2023.205, and its documents go to it.
#[tokio::test]
async fn a_case_with_a_unit_opens_at_its_own_address() {
    let app = crate::apps().await.remove(0);
    let case = |number: &str, title: &str| domain::cases::Case {
        number: domain::cases::CaseNumber::parse(number).unwrap().0,
        title: title.into(),
        registered: None,
        handler: "Sara".into(),
        status: domain::cases::CaseStatus::Open,
        secrecy: None,
    };
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    store::cases::save(&mut w, "0486", &case("EH-SOC.2023.205 742", "Tillsyn av hemtjänsten")).await.unwrap();
    store::cases::save(&mut w, "0486", &case("SOC.2023.205", "Budget 2024")).await.unwrap();
    w.commit().await.unwrap();
    let c = app.login("sekreterare").await;
    let list = app.get("/k/0486/diarium", Some(&c)).await.body;
    assert!(list.contains("href=\"/k/0486/diarium/EH-SOC/2023/205\"") && list.contains("href=\"/k/0486/diarium/SOC/2023/205\""), "{list}");
    assert!(app.get("/k/0486/diarium/EH-SOC/2023/205", Some(&c)).await.body.contains("Tillsyn av hemtjänsten"));
    assert!(app.get("/k/0486/diarium/SOC/2023/205", Some(&c)).await.body.contains("Budget 2024"));
    let r =
        app.send("POST", "/k/0486/diarium/EH-SOC/2023/205/handlingar", Some(&c), Some("riktning=in&datum=2023-05-02&rubrik=Anmälan")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let eh = domain::cases::CaseNumber::parse("EH-SOC.2023.205").unwrap().0;
    assert_eq!(store::cases::documents(&app.store, "0486", &eh).await.unwrap().len(), 1);
}

/// Two people on one deviation: the second to save, from a page opened before the first saved,
/// is refused instead of undoing the first one's text.
#[tokio::test]
async fn a_deviation_form_from_before_another_change_is_refused() {
    let app = crate::apps().await.remove(0);
    let c = app.login("mas").await;
    let page = app.get("/k/0486/kvalitet/avvikelse/1", Some(&c)).await.body;
    let version = page.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    // Someone else writes the investigation meanwhile.
    let mut d = store::quality::deviation(&app.store, "0486", "1").await.unwrap().unwrap();
    d.investigation = "Larmet var avstängt.".into();
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    store::quality::save_deviation(&mut w, "0486", &d).await.unwrap();
    w.commit().await.unwrap();
    let form = format!("lex=nej&utredning=Min+gamla+text&atgarder=&version={version}");
    let r = app.send("POST", "/k/0486/kvalitet/avvikelse/1/lex", Some(&c), Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("har ändrats av någon annan sedan du öppnade den"));
    let now = store::quality::deviation(&app.store, "0486", "1").await.unwrap().unwrap();
    assert_eq!(now.investigation, "Larmet var avstängt.");
}

/// The audit log shows an auditor that a deviation changed, not its free text.
#[tokio::test]
async fn the_audit_log_keeps_a_deviation_s_free_text_from_auditors() {
    let app = crate::apps().await.remove(0);
    let mas = app.login("mas").await;
    let r = app
        .send("POST", "/k/0486/kvalitet/avvikelse/1/lex", Some(&mas), Some("lex=nej&utredning=Larmet+var+avst%C3%A4ngt&atgarder="))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let revisor = app.login("revisor").await;
    for path in ["/api/v1/municipalities/0486/audit-log", "/k/0486/granskningslogg"] {
        let body = app.get(path, Some(&revisor)).await.body;
        assert!(body.contains("quality.deviation") && body.contains("[fritext dold]"), "{path}: {body}");
        assert!(!body.contains("Larmet var avstängt") && !body.contains("Brukaren föll"), "{path}");
    }
    let admin = app.login("admin").await;
    assert!(app.get("/api/v1/municipalities/0486/audit-log", Some(&admin)).await.body.contains("Larmet var avstängt"));
}

#[tokio::test]
async fn the_template_editor_is_linked_only_for_those_who_may_open_it() {
    for app in crate::apps().await {
        let controller = app.login("controller").await;
        let page = app.get("/k/0486/rapporter", Some(&controller)).await;
        assert!(page.body.contains("/k/0486/rapporter/arsrapport/mall\""), "{}", page.body);
        for role in ["sekreterare", "ledamot", "revisor"] {
            let c = app.login(role).await;
            let page = app.get("/k/0486/rapporter", Some(&c)).await;
            assert!(page.body.contains("Standardmall") && !page.body.contains("/mall\""), "{role}: {}", page.body);
        }
    }
}

#[tokio::test]
async fn the_secrecy_protocol_holds_the_secret_paragraphs_for_members_and_secretary_only() {
    for app in crate::apps().await {
        // Meeting 1: its § 3 is secret and holds SECRET_CONTENT.
        let paragraphs = store::meetings::paragraphs(&app.store, "0486", "1").await.unwrap();
        let open = paragraphs.iter().find(|p| !p.secret).expect("an open paragraph");
        let member = app.login("ledamot").await;
        let r = app.get("/k/0486/sammantraden/1/sekretessprotokoll", Some(&member)).await;
        assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("Sekretessprotokoll") && r.body.contains(crate::SECRET_CONTENT), "{}", r.body);
        assert!(r.body.contains("lämnas ut endast efter sekretessprövning"), "{}", r.body);
        assert_eq!(r.headers.get("cache-control").unwrap(), "private, no-store");
        let log = store::audit::recent(&app.store, Some("0486"), 5, None).await.unwrap();
        assert!(log.iter().any(|e| e.action == "protocol.secrecy_read" && e.actor == "user:ledamot"), "every reading is logged");
        assert!(!r.body.contains(&format!("§ {} {}", open.number, open.title)), "only the secret paragraphs: {}", r.body);
        let pdf = app.get("/k/0486/sammantraden/1/sekretessprotokoll?format=pdf", Some(&member)).await;
        assert!(pdf.body.starts_with("%PDF"), "a PDF");
        // The meeting page links it for a member, not for a controller (who may not read it).
        assert!(app.get("/k/0486/sammantraden/1", Some(&member)).await.body.contains("/k/0486/sammantraden/1/sekretessprotokoll"));
        let controller = app.login("controller").await;
        assert!(!app.get("/k/0486/sammantraden/1", Some(&controller)).await.body.contains("sekretessprotokoll\""));
        assert_eq!(app.get("/k/0486/sammantraden/1/sekretessprotokoll", Some(&controller)).await.status, axum::http::StatusCode::FORBIDDEN);
        // Nor does any other page show the controller (an account of the municipality, but not
        // one that reads secrets) the secret paragraph: the meeting, its case paper, the extract,
        // the kallelse, search.
        for path in [
            "/k/0486/sammantraden/1",
            "/k/0486/sammantraden/1/arende/3",
            "/k/0486/sammantraden/1/utdrag/3",
            "/k/0486/sammantraden/1/kallelse",
            "/k/0486/sok?q=HVB",
            "/k/0486/sok?q=placering",
        ] {
            let r = app.get(path, Some(&controller)).await;
            assert_eq!(r.status, axum::http::StatusCode::OK, "{path}");
            assert!(!r.body.contains(crate::SECRET_CONTENT) && !r.body.contains("HVB enligt LVU"), "{path} leaks: {}", r.body);
        }
        // The member reads the case paper in full.
        assert!(app.get("/k/0486/sammantraden/1/arende/3", Some(&member)).await.body.contains(crate::SECRET_CONTENT));
        assert_eq!(app.get("/k/0486/sammantraden/1/sekretessprotokoll", None).await.status, axum::http::StatusCode::SEE_OTHER);
        // The public protocol says where the paragraph is minuted, and nothing of it.
        let public = app.get("/k/0486/sammantraden/1/protokoll", None).await;
        assert!(public.body.contains(domain::meetings::SECRET_NOTE) && !public.body.contains(crate::SECRET_CONTENT));
    }
}

/// The template editor sets a table's caption and sign convention (a convention belongs to a
/// table): the drift table printed net cost positive, budget − utfall; a bad value saves nothing.
#[tokio::test]
async fn the_template_editor_sets_a_table_s_caption_and_sign_convention() {
    let app = crate::apps().await.remove(0);
    let c = app.login("controller").await;
    let (t, _) = store::report::template(&app.store, "0486", "arsrapport").await.unwrap().unwrap();
    let (i, j) = t
        .sections
        .iter()
        .enumerate()
        .find_map(|(i, s)| {
            s.content
                .iter()
                .position(|c| matches!(c, domain::report::template::Content::Table(spec) if spec.kind == "drift"))
                .map(|j| (i, j))
        })
        .expect("a drift table");
    // The form as the page sends it: every section's order, heading and inclusion.
    let base: Vec<String> = t
        .sections
        .iter()
        .enumerate()
        .flat_map(|(k, s)| {
            let mut f = vec![format!("ordning_{k}={}", (k + 1) * 10), format!("rubrik_{k}={}", form_value(&s.heading))];
            if s.include {
                f.push(format!("med_{k}=on"));
            }
            f
        })
        .collect();
    let body = |extra: &[String]| base.iter().chain(extra).cloned().collect::<Vec<_>>().join("&");
    let url = "/k/0486/rapporter/arsrapport/mall";
    let bad = app.send("POST", url, Some(&c), Some(&body(&[format!("tecken_{i}_{j}=prognos-budget")]))).await;
    assert_eq!(bad.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("Inget sparades. Okänd teckenkonvention"), "{}", bad.body);
    let caption = "Driftredovisning, nettokostnad positiv";
    let ok = app
        .send(
            "POST",
            url,
            Some(&c),
            Some(&body(&[
                format!("tecken_{i}_{j}=budget-utfall"),
                format!("rubrik_{i}_{j}={}", form_value(caption)),
                format!("not_{i}_{j}={}", form_value("Källa: huvudboken per 31 december.")),
            ])),
        )
        .await;
    assert_eq!(ok.status, axum::http::StatusCode::SEE_OTHER, "{}", ok.body);
    let editor = app.get("/k/0486/rapporter/arsrapport/mall", Some(&c)).await;
    assert!(editor.body.contains(r#"<option value="budget-utfall" selected>"#), "{}", editor.body);
    // The report: every ledger column negated — IFO's income 30 and costs −150 tkr print as −30
    // and 150, its net −120 and budget −135 as 120 and 135 — and the deviation stays 15 (a
    // surplus), under the table's own caption.
    let html = app.get("/k/0486/rapporter/arsrapport/2023/fil/html", Some(&c)).await.body;
    let table = html.split(caption).nth(1).expect("the caption").split("</table>").next().unwrap();
    let ifo = table.split("Individ och familjeomsorg").nth(1).unwrap().split("</tr>").next().unwrap();
    // Each cell's text without its tags (outcome cells link to their ledger rows).
    let cells: Vec<String> = ifo
        .split("<td")
        .skip(1)
        .map(|c| {
            let inner = c.split_once('>').map_or("", |(_, r)| r).split("</td>").next().unwrap_or("");
            inner.split('<').map(|part| part.split_once('>').map_or(part, |(_, text)| text)).collect()
        })
        .collect();
    for v in ["\u{2212}30", "150", "120", "\u{2212}25", "160", "135", "15"] {
        assert!(cells.iter().any(|c| c == v), "{v} in {cells:?}");
    }
    assert!(!ifo.contains("\u{2212}120"), "{ifo}");
    // The table's own footnote, from the template.
    assert!(html.contains("Källa: huvudboken per 31 december."), "{html}");
}

/// A form value, percent-encoded (what a browser sends).
fn form_value(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A standalone HTML document (here a report's HTML file) is served with a policy that admits
/// its own style element by hash, and nothing else inline (the site's policy left it unstyled).
/// A meeting's documents are pages of the site, with the way back and the files to download.
#[tokio::test]
async fn a_standalone_html_document_may_use_its_own_style() {
    use sha2::Digest;
    let app = crate::apps().await.remove(0);
    let kallelse = app.get("/k/0486/sammantraden/1/kallelse", None).await;
    assert!(kallelse.body.contains("href=\"/k/0486/sammantraden\"") && kallelse.body.contains("href=\"?format=pdf\""), "{}", kallelse.body);
    assert_eq!(kallelse.body.matches("<h1").count(), 1, "{}", kallelse.body);
    let c = app.login("controller").await;
    let r = app.get("/k/0486/rapporter/arsrapport/2023/fil/html", Some(&c)).await;
    let csp = r.headers.get("content-security-policy").unwrap().to_str().unwrap().to_string();
    let css = r.body.split("<style>").nth(1).unwrap().split("</style>").next().unwrap();
    let hash = web_base64(&sha2::Sha256::digest(css.as_bytes()));
    assert!(csp.contains(&format!("style-src 'sha256-{hash}'")) && csp.contains("default-src 'none'"), "{csp}");
    // The application's pages keep the site's policy.
    let page = app.get("/k/0486/sammantraden", None).await;
    assert!(page.headers.get("content-security-policy").unwrap().to_str().unwrap().contains("style-src 'self';"));
    // Pages are not kept in caches; static files are.
    assert_eq!(page.headers.get("cache-control").unwrap(), "private, no-store");
    assert_eq!(app.get("/static/arshjul.css", None).await.headers.get("cache-control").unwrap(), "public, max-age=3600");
}

/// Base64 as a CSP hash is written (the test's own, to check the server's).
fn web_base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = String::new();
    for b in bytes {
        bits.push_str(&format!("{b:08b}"));
    }
    while bits.len() % 6 != 0 {
        bits.push('0');
    }
    let mut out: String =
        bits.as_bytes().chunks(6).map(|c| A[usize::from_str_radix(std::str::from_utf8(c).unwrap(), 2).unwrap()] as char).collect();
    while out.len() % 4 != 0 {
        out.push('=');
    }
    out
}

/// A complaint is registered on the web, numbered in its year, answered later, and its answer
/// time judged against the ten days; the report's complaint table counts it.
#[tokio::test]
async fn a_complaint_is_registered_answered_and_judged_against_ten_days() {
    for app in crate::apps().await {
        let c = app.login("verksamhetschef").await;
        let bad = app
            .send("POST", "/k/0486/kvalitet/2023/klagomal", Some(&c), Some("datum=2022-03-01&enhet=Hemtj%C3%A4nst&typ=klagom%C3%A5l"))
            .await;
        assert!(
            bad.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY
                && bad.body.contains("Inget sparades. Mottaget ska vara ett datum under 2023")
        );
        let before: Vec<domain::quality::Complaint> =
            store::quality::list(&app.store, "0486", 2023, store::quality::Kind::Complaint).await.unwrap();
        // What it is about is kept, never with a personnummer.
        let pnr = app
            .send(
                "POST",
                "/k/0486/kvalitet/2023/klagomal",
                Some(&c),
                Some("datum=2023-03-01&enhet=Hemtj%C3%A4nst&typ=klagom%C3%A5l&galler=19121212-1212"),
            )
            .await;
        assert!(pnr.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY && pnr.body.contains("personnummer"), "{}", pnr.body);
        let ok = app
            .send(
                "POST",
                "/k/0486/kvalitet/2023/klagomal",
                Some(&c),
                Some("datum=2023-03-01&enhet=Hemtj%C3%A4nst&typ=klagom%C3%A5l&galler=Sena+bes%C3%B6k"),
            )
            .await;
        assert_eq!(ok.status, axum::http::StatusCode::SEE_OTHER, "{}", ok.body);
        assert!(app.get("/k/0486/kvalitet/2023", Some(&c)).await.body.contains("<td>Sena besök</td>"));
        let after: Vec<domain::quality::Complaint> =
            store::quality::list(&app.store, "0486", 2023, store::quality::Kind::Complaint).await.unwrap();
        assert_eq!(after.len(), before.len() + 1);
        let new = after.iter().find(|x| !before.iter().any(|b| b.id == x.id)).unwrap().clone();
        assert!(new.id.starts_with("K2023-") && new.answered.is_none(), "{new:?}");
        let answer = |form: &str| {
            let url = format!("/k/0486/kvalitet/2023/klagomal/{}/svar", new.id);
            let form = form.to_string();
            let (app, c) = (&app, &c);
            async move { app.send("POST", &url, Some(c), Some(&form)).await }
        };
        let early = answer("besvarat=2023-02-27").await;
        assert!(
            early.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY && early.body.contains("före mottagandet 2023-03-01"),
            "{}",
            early.body
        );
        let late = answer("besvarat=2023-03-15&utfall=Ny+kontaktman").await;
        assert_eq!(late.status, axum::http::StatusCode::SEE_OTHER, "{}", late.body);
        let stored: domain::quality::Complaint =
            store::quality::row(&app.store, "0486", store::quality::Kind::Complaint, &new.id).await.unwrap().unwrap();
        assert_eq!(
            (stored.answered.map(|d| d.to_string()), stored.outcome.as_str(), stored.answered_in_time()),
            (Some("2023-03-15".into()), "Ny kontaktman", Some(false))
        );
        let page = app.get("/k/0486/kvalitet/2023", Some(&c)).await.body;
        assert!(page.contains(&new.id) && page.contains("efter 14 dagar") && page.contains("Ny kontaktman"), "{page}");
        // Answered once: a second answer is refused, the first kept.
        let twice = answer("besvarat=2023-03-20&utfall=Annat").await;
        assert!(
            twice.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY && twice.body.contains("besvarades redan 2023-03-15"),
            "{}",
            twice.body
        );
        // A wrongly registered answer is corrected as such, and the log keeps what it was.
        assert!(app.get("/k/0486/kvalitet/2023", Some(&c)).await.body.contains("Rätta svaret"));
        let fixed = answer("besvarat=2023-03-10&utfall=Ny+kontaktman&ratta=ja").await;
        assert_eq!(fixed.status, axum::http::StatusCode::SEE_OTHER, "{}", fixed.body);
        let stored: domain::quality::Complaint =
            store::quality::row(&app.store, "0486", store::quality::Kind::Complaint, &new.id).await.unwrap().unwrap();
        assert_eq!((stored.answered.map(|d| d.to_string()), stored.answered_in_time()), (Some("2023-03-10".into()), Some(true)));
        let log = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap();
        assert!(log[0].before_json.as_deref().is_some_and(|b| b.contains("2023-03-15")), "{:?}", log[0]);
        // What came of it is for those who handle complaints: a ledamot sees the complaint, not the outcome.
        let ledamot = app.login("ledamot").await;
        let seen = app.get("/k/0486/kvalitet/2023", Some(&ledamot)).await.body;
        assert!(seen.contains(&new.id) && !seen.contains("Ny kontaktman"), "{seen}");
        assert_eq!(
            app.send("POST", "/k/0486/kvalitet/2023/klagomal/K2023-999/svar", Some(&c), Some("besvarat=2023-03-15")).await.status,
            axum::http::StatusCode::NOT_FOUND
        );
        // The audit log has it, in Swedish.
        let log = store::audit::recent(&app.store, Some("0486"), 50, None).await.unwrap();
        assert!(log.iter().any(|e| e.action == "quality.complaint"));
    }
}

/// A self-inspection is added to the year's programme on the web and its result written; the
/// patient safety report's self-inspection table prints it.
#[tokio::test]
async fn a_self_inspection_is_added_and_its_result_reaches_the_patient_safety_report() {
    for app in crate::apps().await {
        let c = app.login("verksamhetschef").await;
        let refused = app.send("POST", "/k/0486/kvalitet/2023/egenkontroller", Some(&c), Some("kontroll=&enhet=")).await;
        assert!(refused.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY && refused.body.contains("Ange kontrollen och enheten"));
        let form = "kontroll=Hygienrond&beskrivning=Basala+hygienrutiner+observeras&enhet=Hemtj%C3%A4nst&frekvens=%C3%85rligen";
        let r = app.send("POST", "/k/0486/kvalitet/2023/egenkontroller", Some(&c), Some(form)).await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
        let list: Vec<(String, domain::quality::SelfInspection)> =
            store::quality::list_keyed(&app.store, "0486", 2023, store::quality::Kind::Inspection).await.unwrap();
        let (key, added) = list.iter().find(|(_, i)| i.control == "Hygienrond").unwrap().clone();
        assert!(key.starts_with("2023-") && added.result.is_empty() && added.frequency == "Årligen");
        let url = format!("/k/0486/kvalitet/2023/egenkontroller/{key}/resultat");
        let empty = app.send("POST", &url, Some(&c), Some("resultat=")).await;
        assert_eq!(empty.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        let r = app.send("POST", &url, Some(&c), Some("resultat=Alla+f%C3%B6ljer+rutinerna.")).await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
        assert!(app.get("/k/0486/kvalitet/2023", Some(&c)).await.body.contains("Alla följer rutinerna."));
        let report = app.get("/k/0486/rapporter/patientsakerhetsberattelse/2023/fil/html", Some(&c)).await.body;
        assert!(report.contains("Hygienrond") && report.contains("Alla följer rutinerna."), "{report}");
        let missing = app.send("POST", "/k/0486/kvalitet/2023/egenkontroller/2023-99/resultat", Some(&c), Some("resultat=x")).await;
        assert_eq!(missing.status, axum::http::StatusCode::NOT_FOUND);
        // A head of unit tied to another unit neither sees nor changes it, and adds to the own unit only.
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::users::set_unit(&mut w, "verksamhetschef", Some("Äldreomsorg")).await.unwrap();
        w.commit().await.unwrap();
        let tied = app.login("verksamhetschef").await;
        let page = app.get("/k/0486/kvalitet/2023", Some(&tied)).await.body;
        assert!(!page.contains("Hygienrond"));
        // The forms say the own unit instead of asking for one.
        assert!(page.contains("Enhet: <strong>Äldreomsorg</strong>") && !page.contains("id=\"k-enhet\""), "{page}");
        let other = app.send("POST", &url, Some(&tied), Some("resultat=%C3%84ndrat")).await;
        assert_eq!(other.status, axum::http::StatusCode::NOT_FOUND);
        let own =
            app.send("POST", "/k/0486/kvalitet/2023/egenkontroller", Some(&tied), Some("kontroll=Fallrond&enhet=Hemtj%C3%A4nst")).await;
        assert_eq!(own.status, axum::http::StatusCode::SEE_OTHER);
        let list: Vec<domain::quality::SelfInspection> =
            store::quality::list(&app.store, "0486", 2023, store::quality::Kind::Inspection).await.unwrap();
        assert_eq!(list.iter().find(|i| i.control == "Fallrond").unwrap().unit, "Äldreomsorg");
        // A deviation is reported for the own unit too, the form having no unit field.
        let form = "datum=2023-05-02&typ=fall&allvarlighet=lindrig&omrade=SoL&beskrivning=Fall+i+korridoren.";
        let r = app.send("POST", "/k/0486/kvalitet/2023/avvikelser", Some(&tied), Some(form)).await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
        let deviations: Vec<domain::quality::Deviation> =
            store::quality::list(&app.store, "0486", 2023, store::quality::Kind::Deviation).await.unwrap();
        assert_eq!(deviations.iter().find(|d| d.description == "Fall i korridoren.").unwrap().unit, "Äldreomsorg");
        assert_eq!(list.iter().find(|i| i.control == "Hygienrond").unwrap().result, "Alla följer rutinerna.");
    }
}

/// The secretary calls a meeting on the web, puts an item on its agenda, and drafts the
/// protocol, whose § numbers go on from the body's last of the year; a locked protocol's agenda
/// cannot change, and a meeting called between two others cannot take the later one's numbers.
#[tokio::test]
async fn the_secretary_calls_a_meeting_fills_its_agenda_and_drafts_the_protocol() {
    use axum::http::StatusCode;
    for app in crate::apps().await {
        let c = app.login("sekreterare").await;
        // Chair and justerare are suggested from the register of members.
        let calendar = app.get("/k/0486/sammantraden", Some(&c)).await.body;
        assert!(calendar.contains("<option value=\"Jonas Justerare (M)\">") && calendar.contains("list=\"ledamotnamn\""), "{calendar}");
        let empty = app.send("POST", "/k/0486/sammantraden", Some(&c), Some("organ=SN&datum=&ordforande=A&sekreterare=B")).await;
        assert!(empty.status == StatusCode::UNPROCESSABLE_ENTITY && empty.body.contains("Inget sparades. Datum"), "{}", empty.body);
        // Every missing part at once, time and place too (the kallelse prints them).
        assert!(empty.body.contains("(ÅÅÅÅ-MM-DD). Ange tiden, som 18:00. Ange platsen."), "{}", empty.body);
        let form = "organ=SN&hallet=ja&datum=2023-05-10&tid=18%3A00&plats=R%C3%A5dhuset&ordforande=Anna+Ordf%C3%B6rande&sekreterare=Sara+Sekreterare&justerare=Jonas+Justerare";
        // A date that has passed is asked about: a meeting held is entered when said so.
        let past = app.send("POST", "/k/0486/sammantraden", Some(&c), Some(&form.replace("hallet=ja&", ""))).await;
        assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", past.body);
        assert!(past.body.contains("Datum: 2023-05-10 har varit.") && past.body.contains("name=\"hallet\" value=\"ja\""), "{}", past.body);
        let r = app.send("POST", "/k/0486/sammantraden", Some(&c), Some(form)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let id = "0486-SN-2023-05-10";
        assert_eq!(r.headers.get("location").unwrap(), &format!("/k/0486/sammantraden/{id}"));
        let again = app.send("POST", "/k/0486/sammantraden", Some(&c), Some(form)).await;
        assert!(again.status == StatusCode::UNPROCESSABLE_ENTITY && again.body.contains("har redan ett sammanträde 2023-05-10"));
        let s = store::meetings::meeting(&app.store, "0486", id).await.unwrap().unwrap();
        assert_eq!(s.meeting.members.len(), 4, "attendance from the register");
        // Not public until the kallelse is sent: calendar, kallelse, case paper, calendar file, API.
        assert!(!s.meeting.notice_sent);
        assert!(!app.get("/k/0486/sammantraden", None).await.body.contains(id));
        for path in [
            format!("/k/0486/sammantraden/{id}/kallelse"),
            format!("/k/0486/sammantraden/{id}/kalender.ics"),
            format!("/api/v1/municipalities/0486/meetings/{id}"),
        ] {
            assert_eq!(app.get(&path, None).await.status, StatusCode::NOT_FOUND, "{path}");
        }
        assert!(!app.get("/api/v1/municipalities/0486/meetings", None).await.body.contains(id));
        // The public is told the same of it as of a meeting that is not there.
        let unsent = app.get(&format!("/k/0486/sammantraden/{id}/kallelse"), None).await.body;
        let none = app.get("/k/0486/sammantraden/0486-SN-1999-01-01/kallelse", None).await.body;
        let said = |b: &str, id: &str| b.contains(&format!("Sammanträdet {id} finns inte bland de offentliga sammanträdena"));
        assert!(said(&unsent, id) && said(&none, "0486-SN-1999-01-01"), "{unsent}");
        assert_eq!(app.get(&format!("/k/0486/sammantraden/{id}/kallelse"), Some(&c)).await.status, StatusCode::OK, "staff see the draft");
        assert_eq!(store::meetings::agenda(&app.store, "0486", id).await.unwrap().len(), 3, "the formalities");
        assert!(store::meetings::paragraphs(&app.store, "0486", id).await.unwrap().is_empty(), "no protocol yet");
        // An item: a bad case number is refused, a good one normalised.
        let bad =
            app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning"), Some(&c), Some("rubrik=Taxa&dnr=taxan&typ=beslut")).await;
        assert!(bad.status == StatusCode::UNPROCESSABLE_ENTITY && bad.body.contains("Diarienummer"), "{}", bad.body);
        let item = "rubrik=Riktlinjer+f%C3%B6r+bist%C3%A5nd&dnr=SN+2023%3A12&typ=beslut&forslag=Socialn%C3%A4mnden+antar+riktlinjerna.&sammanfattning=Nya+riktlinjer.";
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning"), Some(&c), Some(item)).await.status,
            StatusCode::SEE_OTHER
        );
        let agenda = store::meetings::agenda(&app.store, "0486", id).await.unwrap();
        assert_eq!((agenda.len(), agenda[3].number, agenda[3].case.is_some()), (4, 4, true), "{agenda:?}");
        let unsent = app.get(&format!("/k/0486/sammantraden/{id}/kallelse"), Some(&c)).await.body;
        assert!(unsent.contains("Riktlinjer för bistånd") && unsent.contains("UTKAST – kallelsen är inte skickad"), "{unsent}");
        // An item is edited in its own form: its number and case stay, its case is not a
        // duplicate of itself; a refusal keeps what was typed, in the item's form, open.
        let edit = "rubrik=Riktlinjer+f%C3%B6r+ekonomiskt+bist%C3%A5nd&dnr=SN%2F2023%3A00012&typ=beslut&forslag=Socialn%C3%A4mnden+antar+riktlinjerna.&sammanfattning=Nya+riktlinjer.";
        let r = app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning/4"), Some(&c), Some(edit)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.headers.get("location").unwrap(), &format!("/k/0486/sammantraden/{id}#punkt4"));
        let a = store::meetings::agenda(&app.store, "0486", id).await.unwrap().remove(3);
        assert_eq!((a.number, a.title.as_str(), a.case.as_deref()), (4, "Riktlinjer för ekonomiskt bistånd", Some("SN/2023:00012")));
        let page = app.get(&format!("/k/0486/sammantraden/{id}"), Some(&c)).await.body;
        assert!(page.contains("id=\"e4-rubrik\" name=\"rubrik\" value=\"Riktlinjer för ekonomiskt bistånd\""), "{page}");
        let bad = app
            .send(
                "POST",
                &format!("/k/0486/sammantraden/{id}/dagordning/4"),
                Some(&c),
                Some("rubrik=Riktlinjer&typ=beslut&sammanfattning=Om+19121212-1212"),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert!(bad.body.contains("<details class=\"inline edit-item\" open>") && bad.body.contains("id=\"andra-fel\""), "{}", bad.body);
        assert!(bad.body.contains("(19121212-1212)") && bad.body.contains("value=\"Riktlinjer\""), "{}", bad.body);
        assert_eq!(store::meetings::agenda(&app.store, "0486", id).await.unwrap()[3].title, "Riktlinjer för ekonomiskt bistånd");
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning/9"), Some(&c), Some(edit)).await.status,
            StatusCode::NOT_FOUND
        );
        // Sending is a second step that says what it does.
        let page = app.get(&format!("/k/0486/sammantraden/{id}"), Some(&c)).await.body;
        assert!(page.contains("<summary>Skicka kallelsen…</summary>") && page.contains("dagordningen med 4 punkter"), "{page}");
        // Sent: public from now on.
        assert_eq!(app.send("POST", &format!("/k/0486/sammantraden/{id}/skicka"), Some(&c), None).await.status, StatusCode::SEE_OTHER);
        assert!(app.get("/k/0486/sammantraden", None).await.body.contains(id));
        assert_eq!(app.get(&format!("/k/0486/sammantraden/{id}/kalender.ics"), None).await.status, StatusCode::OK);
        assert!(!app.get(&format!("/k/0486/sammantraden/{id}/kallelse"), None).await.body.contains("UTKAST"), "sent: no longer a draft");
        // The protocol: §§ 7–10 after meeting 2's §§ 4–6, the proposal as the decision.
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/protokollsutkast"), Some(&c), None).await.status,
            StatusCode::SEE_OTHER
        );
        let ps = store::meetings::paragraphs(&app.store, "0486", id).await.unwrap();
        assert_eq!(ps.iter().map(|p| p.number).collect::<Vec<_>>(), [7, 8, 9, 10]);
        assert_eq!(ps[3].decision, ["Socialnämnden antar riktlinjerna."]);
        // Edited after the draft: the paragraph takes the title, and the new proposal as its
        // decision while that is still the one drafted; its secrecy is its own.
        let edit = "rubrik=Riktlinjer+f%C3%B6r+bist%C3%A5nd+2024&dnr=SN%2F2023%3A00012&typ=beslut&forslag=Annat.";
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning/4"), Some(&c), Some(edit)).await.status,
            StatusCode::SEE_OTHER
        );
        let ps = store::meetings::paragraphs(&app.store, "0486", id).await.unwrap();
        assert_eq!((ps[3].title.as_str(), ps[3].decision.as_slice()), ("Riktlinjer för bistånd 2024", ["Annat.".to_string()].as_slice()));
        // A decision written in the paragraph is the paragraph's: a later proposal leaves it.
        let mut p = ps[3].clone();
        p.decision = vec!["Nämnden bordlägger ärendet.".into()];
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::meetings::save_paragraph(&mut w, "0486", id, &p).await.unwrap();
        w.commit().await.unwrap();
        let again = edit.replace("Annat.", "Tredje.");
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning/4"), Some(&c), Some(&again)).await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(store::meetings::paragraphs(&app.store, "0486", id).await.unwrap()[3].decision, ["Nämnden bordlägger ärendet."]);
        // A change of secrecy is refused in the item's form, kept as typed.
        let secret = app
            .send(
                "POST",
                &format!("/k/0486/sammantraden/{id}/dagordning/4"),
                Some(&c),
                Some(&format!("{}&sekretess=ja", again.replace("2024", "2025"))),
            )
            .await;
        assert_eq!(secret.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(secret.body.contains("id=\"andra-fel\"") && secret.body.contains("sekretessen ändras i paragrafen"), "{}", secret.body);
        assert!(secret.body.contains("value=\"Riktlinjer för bistånd 2025\""), "kept as typed: {}", secret.body);
        assert!(!store::meetings::agenda(&app.store, "0486", id).await.unwrap()[3].secret);
        let twice = app.send("POST", &format!("/k/0486/sammantraden/{id}/protokollsutkast"), Some(&c), None).await;
        assert!(twice.status == StatusCode::UNPROCESSABLE_ENTITY && twice.body.contains("har redan ett protokoll"));
        // An item added now gets § 11.
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning"), Some(&c), Some("rubrik=Information&typ=information"))
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(store::meetings::paragraphs(&app.store, "0486", id).await.unwrap().last().unwrap().number, 11);
        // The kallelse gives a page to the case paper only, not to an item with nothing to read.
        let kallelse = app.get(&format!("/k/0486/sammantraden/{id}/kallelse"), Some(&c)).await.body;
        assert!(kallelse.contains("5. Information"), "{kallelse}");
        assert_eq!(kallelse.matches("<hr class=\"page\">").count(), 1, "{kallelse}");
        // An item taken off: the one after it moves up, with its paragraph (§ 11 → § 10).
        let removed = app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning/4/ta-bort"), Some(&c), None).await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
        let agenda = store::meetings::agenda(&app.store, "0486", id).await.unwrap();
        assert_eq!(agenda.iter().map(|a| (a.number, a.title.as_str())).last(), Some((4, "Information")));
        let ps = store::meetings::paragraphs(&app.store, "0486", id).await.unwrap();
        assert_eq!(ps.iter().map(|p| (p.number, p.item)).collect::<Vec<_>>(), [(7, 1), (8, 2), (9, 3), (10, 4)]);
        assert_eq!(ps[3].title, "Information");
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning/9/ta-bort"), Some(&c), None).await.status,
            StatusCode::NOT_FOUND
        );
        // The justerare are elected at the meeting: set before anyone signs, and checked at signing.
        let details = "tid=18%3A30&plats=R%C3%A5dhuset&ordforande=Anna+Ordf%C3%B6rande&sekreterare=Sara+Sekreterare&justerare=Eva+Ledamot%2C+Jonas+Justerare";
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/uppgifter"), Some(&c), Some(details)).await.status,
            StatusCode::SEE_OTHER
        );
        let s = store::meetings::meeting(&app.store, "0486", id).await.unwrap().unwrap();
        assert_eq!((s.meeting.time.as_str(), s.meeting.adjusters.len()), ("18:30", 2));
        assert!(s.meeting.signers().iter().any(|(r, n)| *r == "justerare" && n == "Eva Ledamot"));
        let bad = app
            .send("POST", &format!("/k/0486/sammantraden/{id}/uppgifter"), Some(&c), Some("tid=halv+sju&ordforande=A&sekreterare=B"))
            .await;
        assert!(bad.status == StatusCode::UNPROCESSABLE_ENTITY && bad.body.contains("ska skrivas TT:MM"), "{}", bad.body);
        // What was typed stays in the form, to be mended.
        assert!(bad.body.contains("name=\"tid\" value=\"halv sju\""), "{}", bad.body);
        assert_eq!(
            app.send("POST", "/k/0486/sammantraden/1/uppgifter", Some(&c), Some(details)).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        // A line break typed into the place cannot start a property of its own in the calendar file.
        let broken = details.replace("R%C3%A5dhuset", "R%C3%A5dhuset%0D%0ADTSTART%3A19700101");
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/uppgifter"), Some(&c), Some(&broken)).await.status,
            StatusCode::SEE_OTHER
        );
        let ics = app.get(&format!("/k/0486/sammantraden/{id}/kalender.ics"), None).await.body;
        assert!(ics.contains("LOCATION:Rådhuset\\nDTSTART:19700101") && !ics.contains("\r\nDTSTART:19700101"), "{ics}");
        // Each change of the head is a new version of the calendar event.
        let sequence = |ics: &str| ics.lines().find_map(|l| l.strip_prefix("SEQUENCE:")).map(|n| n.trim().parse::<u32>().unwrap());
        let before = sequence(&ics).expect("SEQUENCE");
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/uppgifter"), Some(&c), Some(details)).await.status,
            StatusCode::SEE_OTHER
        );
        let ics = app.get(&format!("/k/0486/sammantraden/{id}/kalender.ics"), None).await.body;
        assert!(sequence(&ics).expect("SEQUENCE") > before, "{ics}");
        // Meeting 1 is justerat: its agenda is closed.
        let locked = app.send("POST", "/k/0486/sammantraden/1/dagordning", Some(&c), Some("rubrik=Sent&typ=information")).await;
        assert!(locked.status == StatusCode::UNPROCESSABLE_ENTITY && locked.body.contains("kan inte ändras"), "{}", locked.body);
        // A meeting between 1 (§§ 1–3) and 2 (§§ 4–6), drafted after both: it takes §§ 4–6 and
        // the later drafts move on (2: §§ 7–9, the new one: §§ 10–13), logged.
        let between = form.replace("2023-05-10", "2023-03-01");
        assert_eq!(app.send("POST", "/k/0486/sammantraden", Some(&c), Some(&between)).await.status, StatusCode::SEE_OTHER);
        let r = app.send("POST", "/k/0486/sammantraden/0486-SN-2023-03-01/protokollsutkast", Some(&c), None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let numbers = |id: &'static str| {
            let store = app.store.clone();
            async move { store::meetings::paragraphs(&store, "0486", id).await.unwrap().iter().map(|p| p.number).collect::<Vec<_>>() }
        };
        assert_eq!(numbers("0486-SN-2023-03-01").await, [4, 5, 6]);
        assert_eq!(numbers("2").await, [7, 8, 9]);
        assert_eq!(numbers(id).await, [10, 11, 12, 13]);
        let log = store::audit::recent(&app.store, Some("0486"), 5, None).await.unwrap();
        assert!(log.iter().any(|e| e.action == "protocol.renumbered" && e.entity_key == "0486/2"), "{log:?}");
        // An item added to the earlier protocol takes the next § and the later drafts move on.
        let added =
            app.send("POST", "/k/0486/sammantraden/0486-SN-2023-03-01/dagordning", Some(&c), Some("rubrik=Tillagt&typ=information")).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        assert_eq!(numbers("0486-SN-2023-03-01").await, [4, 5, 6, 7]);
        assert_eq!(numbers("2").await, [8, 9, 10]);
        assert_eq!(numbers(id).await, [11, 12, 13, 14]);
        // Once 2 is being signed, its §§ stand: another meeting before it cannot draft.
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::meetings::sign(&mut w, "0486", "2", "ordförande", "Anna Ordförande", "2023-03-20T10:00:00Z").await.unwrap();
        w.commit().await.unwrap();
        let early = form.replace("2023-05-10", "2023-03-05");
        assert_eq!(app.send("POST", "/k/0486/sammantraden", Some(&c), Some(&early)).await.status, StatusCode::SEE_OTHER);
        let r = app.send("POST", "/k/0486/sammantraden/0486-SN-2023-03-05/protokollsutkast", Some(&c), None).await;
        assert!(
            r.status == StatusCode::UNPROCESSABLE_ENTITY
                && r.body.contains("§ 8 används redan av sammanträdet 2023-03-14, vars protokoll är under justering"),
            "{}",
            r.body
        );
        assert!(store::meetings::paragraphs(&app.store, "0486", "0486-SN-2023-03-05").await.unwrap().is_empty());
        assert_eq!(numbers(id).await, [11, 12, 13, 14], "nothing moved");
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::meetings::withdraw_signatures(&mut w, "0486", "2").await.unwrap();
        w.commit().await.unwrap();
        // Meeting 2 (§§ 8–10) is followed by the new one (§§ 11–14): taking an item off 2 would leave a gap.
        let gap = app.send("POST", "/k/0486/sammantraden/2/dagordning/1/ta-bort", Some(&c), None).await;
        assert!(
            gap.status == StatusCode::UNPROCESSABLE_ENTITY
                && gap.body.contains("Sammanträdet 2023-05-10 fortsätter årets paragrafserie (från § 11)")
                && gap.body.contains("skriv i dess paragraf att det utgick"),
            "{}",
            gap.body
        );
    }
}

/// A grant's re-report on the web: the amount used and an insats; the eleventh insats and an
/// unknown grant are refused; the re-report document prints the insats.
#[tokio::test]
async fn a_grant_is_reported_back_with_its_insatser() {
    use axum::http::StatusCode;
    for app in crate::apps().await {
        let c = app.login("controller").await;
        let page = app.get("/k/0486/kvalitet/2023/aterrapportering", Some(&c)).await;
        assert!(page.body.contains("Psykisk hälsa och suicidprevention") && page.body.contains("1\u{a0}000\u{a0}000 kr"), "{}", page.body);
        let bad = app.send("POST", "/k/0486/kvalitet/2023/aterrapportering/psykisk", Some(&c), Some("anvant=tusen")).await;
        assert!(bad.status == StatusCode::UNPROCESSABLE_ENTITY && bad.body.contains("inget belopp i kronor"), "{}", bad.body);
        assert_eq!(
            app.send("POST", "/k/0486/kvalitet/2023/aterrapportering/psykisk", Some(&c), Some("anvant=850000")).await.status,
            StatusCode::SEE_OTHER
        );
        let insats = "innehall=Utbildning+i+MHFA&enhet=Vuxen&anvant=120000&malgrupp=Medarbetare&mal=Alla+i+VoO&resultat=40+utbildade";
        assert_eq!(
            app.send("POST", "/k/0486/kvalitet/2023/aterrapportering/psykisk/insats", Some(&c), Some(insats)).await.status,
            StatusCode::SEE_OTHER
        );
        let grants: Vec<domain::quality::GrantReport> =
            store::quality::list(&app.store, "0486", 2023, store::quality::Kind::Grant).await.unwrap();
        assert_eq!(grants[0].used, Some(domain::money::Ore::from_kr(850_000)));
        let ins: Vec<domain::quality::GrantInsats> =
            store::quality::list(&app.store, "0486", 2023, store::quality::Kind::Insats).await.unwrap();
        assert_eq!((ins.len(), ins[0].number, ins[0].used), (1, 1, Some(domain::money::Ore::from_kr(120_000))));
        let eleventh = app.send("POST", "/k/0486/kvalitet/2023/aterrapportering/psykisk/insats", Some(&c), Some("nr=11&innehall=x")).await;
        assert!(eleventh.status == StatusCode::UNPROCESSABLE_ENTITY && eleventh.body.contains("högst 10 insatser"), "{}", eleventh.body);
        let unknown = app.send("POST", "/k/0486/kvalitet/2023/aterrapportering/okand/insats", Some(&c), Some("innehall=x")).await;
        assert!(
            unknown.status == StatusCode::UNPROCESSABLE_ENTITY && unknown.body.contains("Bidraget okand finns inte"),
            "{}",
            unknown.body
        );
        let doc = app.get("/k/0486/rapporter/aterrapportering/2023/fil/html", Some(&c)).await.body;
        assert!(doc.contains("Utbildning i MHFA") && doc.contains("40 utbildade"), "{doc}");
        // A head of unit reports the own unit's insatser only, and not the grant's total.
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::users::set_unit(&mut w, "verksamhetschef", Some("Äldreomsorg")).await.unwrap();
        w.commit().await.unwrap();
        let head = app.login("verksamhetschef").await;
        let other =
            app.send("POST", "/k/0486/kvalitet/2023/aterrapportering/psykisk/insats", Some(&head), Some("nr=1&innehall=%C3%84ndrad")).await;
        assert!(other.status == StatusCode::UNPROCESSABLE_ENTITY && other.body.contains("hör till en annan enhet"), "{}", other.body);
        assert_eq!(
            app.send("POST", "/k/0486/kvalitet/2023/aterrapportering/psykisk", Some(&head), Some("anvant=1")).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.send(
                "POST",
                "/k/0486/kvalitet/2023/aterrapportering/psykisk/insats",
                Some(&head),
                Some("innehall=Fallprevention&enhet=Vuxen")
            )
            .await
            .status,
            StatusCode::SEE_OTHER
        );
        let ins: Vec<domain::quality::GrantInsats> =
            store::quality::list(&app.store, "0486", 2023, store::quality::Kind::Insats).await.unwrap();
        assert_eq!((ins[0].content.as_str(), ins[1].unit.as_str(), ins[1].number), ("Utbildning i MHFA", "Äldreomsorg", 2));
        // Reading is for the municipality's accounts; writing for controllers and heads of operations.
        let ledamot = app.login("ledamot").await;
        assert_eq!(app.get("/k/0486/kvalitet/2023/aterrapportering", Some(&ledamot)).await.status, StatusCode::OK);
        assert_eq!(
            app.send("POST", "/k/0486/kvalitet/2023/aterrapportering/psykisk", Some(&ledamot), Some("anvant=1")).await.status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn the_secretary_reads_the_register_of_members_on_the_web_and_a_bad_line_writes_nothing() {
    for app in crate::apps().await {
        let upload = |cookie: &str, body: &str| {
            let boundary = "XyZ";
            let multipart = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"ledamoter.csv\"\r\nContent-Type: text/csv\r\n\r\n{body}\r\n--{boundary}--\r\n"
            );
            axum::http::Request::builder()
                .method("POST")
                .uri("/k/0486/ledamoter")
                .header("cookie", cookie)
                .header("sec-fetch-site", "same-origin")
                .header("content-type", format!("multipart/form-data; boundary={boundary}"))
                .body(axum::body::Body::from(multipart))
                .unwrap()
        };
        let sekr = app.login("sekreterare").await;
        let page = app.get("/k/0486/sammantraden", Some(&sekr)).await;
        assert!(page.body.contains("action=\"/k/0486/ledamoter\""), "{}", page.body);
        let before = store::meetings::members(&app.store, "0486").await.unwrap();
        // A bad date on line 3: nothing is written, and the page says where.
        let bad = app
            .send_request(upload(&sekr, "organ;namn;parti;roll;från;till\nSN;Anna Ordförande;S;ordförande;2023-01-01;2026-12-31\nSN;Bo Ledamot;M;ledamot;2023-13-01;2026-12-31\n"))
            .await;
        assert_eq!(bad.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label);
        assert!(bad.body.contains("Inget lästes in") && bad.body.contains("ledamoter.csv:3"), "{}", bad.body);
        assert_eq!(store::meetings::members(&app.store, "0486").await.unwrap(), before, "{}: nothing written", app.label);
        let ok = app
            .send_request(upload(&sekr, "organ;namn;parti;roll;från;till\nSN;Anna Ordförande;S;ordförande;2023-01-01;2026-12-31\nSN;Bo Ledamot;M;ledamot;2023-01-01;2026-12-31\n"))
            .await;
        assert_eq!(ok.status, axum::http::StatusCode::SEE_OTHER, "{}: {}", app.label, ok.body);
        assert_eq!(store::meetings::members(&app.store, "0486").await.unwrap().len(), 2);
        let after = app.get(ok.headers.get("location").unwrap().to_str().unwrap(), Some(&sekr)).await;
        assert!(after.body.contains("Ledamotsförteckningen är inläst: 2 platser"), "{}", after.body);
        // Members do not keep the register.
        let ledamot = app.login("ledamot").await;
        assert_eq!(app.send_request(upload(&ledamot, "organ;namn;parti;roll;från;till\n")).await.status, axum::http::StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_refused_agenda_item_comes_back_as_it_was_typed() {
    let app = crate::apps().await.remove(0);
    let sekr = app.login("sekreterare").await;
    let form = "rubrik=&dnr=SN%2F2023%3A00012&typ=information&forslag=N%C3%A4mnden+noterar+informationen.&sammanfattning=Kort+bakgrund.";
    let r = app.send("POST", "/k/0486/sammantraden/2/dagordning", Some(&sekr), Some(form)).await;
    assert_eq!(r.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"arende-fel\"") && r.body.contains("Ange ärendets rubrik"), "{}", r.body);
    assert!(r.body.contains(">Nämnden noterar informationen.</textarea>") && r.body.contains(">Kort bakgrund.</textarea>"), "{}", r.body);
    assert!(r.body.contains("value=\"SN/2023:00012\"") && r.body.contains("<option value=\"information\" selected>"), "{}", r.body);
}

#[tokio::test]
async fn search_reaches_goals_meetings_and_report_texts() {
    let app = crate::apps().await.remove(0);
    let staff = app.login("controller").await;
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    store::report::save_text(&mut w, "0486", "arsrapport", 2023, "inledning", "Året präglades av rekryteringsutmaningar.").await.unwrap();
    w.commit().await.unwrap();
    // A goal, found by the start of a word; the report text only by the staff.
    let inside = app.get("/k/0486/sok?q=sjukfr%C3%A5nvaro", Some(&staff)).await;
    assert!(inside.body.contains("Låg sjukfrånvaro") && inside.body.contains("/k/0486/mal/2023/mal/"), "{}", inside.body);
    let text = app.get("/k/0486/sok?q=rekrytering", Some(&staff)).await;
    assert!(text.body.contains("/k/0486/rapporter/arsrapport/2023#text-inledning"), "{}", text.body);
    // The public finds it once the report is published with it, in the published report (a
    // text written after the publication is a draft the public does not see).
    assert!(app.get("/k/0486/sok?q=rekrytering", None).await.body.contains("0 träffar"));
    web::report::publish(&app.store, &store::Actor::system("test"), "0486", "arsrapport", 2023, None).await.unwrap();
    let public = app.get("/k/0486/sok?q=rekrytering", None).await;
    assert!(public.body.contains("/k/0486/rapporter/arsrapport/2023/fil/html") && !public.body.contains("#text-"), "{}", public.body);
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    store::publication::withdraw_report(&mut w, "0486", "arsrapport", 2023, None).await.unwrap();
    w.commit().await.unwrap();
    let public = app.get("/k/0486/sok?q=rekrytering", None).await;
    assert!(public.body.contains("0 träffar"), "{}", public.body);
    // The meeting's place is found, for the public too (its kallelse is out).
    let place = app.get("/k/0486/sok?q=Sammantr%C3%A4desrummet", None).await;
    assert!(place.body.contains("/k/0486/sammantraden/") && !place.body.contains("0 träffar"), "{}", place.body);
    // A year that is not one is said.
    let bad = app.get("/k/0486/sok?q=taxan&ar=abc", None).await;
    assert!(bad.body.contains("År: «abc» är inget årtal") && bad.body.contains("aria-invalid=\"true\""), "{}", bad.body);
    // The public finds goals of published years only.
    for published in [false, true] {
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::goals::set_published(&mut w, "0486", 2023, published).await.unwrap();
        w.commit().await.unwrap();
        let public = app.get("/k/0486/sok?q=sjukfr%C3%A5nvaro", None).await;
        assert_eq!(public.body.contains("Låg sjukfrånvaro"), published, "{}", public.body);
    }
}

#[tokio::test]
async fn a_meeting_is_cancelled_with_its_agenda_but_not_once_signed() {
    use axum::http::StatusCode;
    for app in crate::apps().await {
        let c = app.login("sekreterare").await;
        let form = "organ=SN&hallet=ja&datum=2023-05-10&tid=18%3A00&plats=R%C3%A5dhuset&ordforande=Anna+Ordf%C3%B6rande&sekreterare=Sara+Sekreterare&justerare=Jonas+Justerare";
        assert_eq!(app.send("POST", "/k/0486/sammantraden", Some(&c), Some(form)).await.status, StatusCode::SEE_OTHER);
        let id = "0486-SN-2023-05-10";
        assert!(app.get(&format!("/k/0486/sammantraden/{id}"), Some(&c)).await.body.contains("id=\"stall-in\""));
        let r = app.send("POST", &format!("/k/0486/sammantraden/{id}/stall-in"), Some(&c), Some("")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", app.label, r.body);
        assert!(store::meetings::meeting(&app.store, "0486", id).await.unwrap().is_none(), "{}", app.label);
        assert!(store::meetings::agenda(&app.store, "0486", id).await.unwrap().is_empty());
        let page = app.get(r.headers.get("location").unwrap().to_str().unwrap(), Some(&c)).await;
        assert!(page.body.contains(&format!("Sammanträdet {id} är inställt")), "{}", page.body);
        let ics = app.get(&format!("/k/0486/sammantraden/{id}/kalender.ics"), Some(&c)).await;
        assert!(ics.body.contains("STATUS:CANCELLED") && ics.body.contains("SUMMARY:INSTÄLLT: Sammanträde"), "{}", ics.body);
        // The message comes from the session: an address cannot make the calendar say it.
        // HEAD is answered as GET is, without the body.
        let head = app.send("HEAD", "/k/0486/sammantraden", None, None).await;
        assert!(head.status == StatusCode::OK && head.body.is_empty(), "{}", head.status);
        assert_eq!(app.send("HEAD", "/api/v1/municipalities/0486/meetings", None, None).await.status, StatusCode::OK);
        let forged = app.get("/k/0486/sammantraden?installt=2+(flyttat+till+Eskilstuna)&ledamoter=0", None).await;
        assert!(
            !forged.body.contains("flyttat till Eskilstuna") && !forged.body.contains("Ledamotsförteckningen är inläst"),
            "{}",
            forged.body
        );
        let log = store::audit::recent(&app.store, Some("0486"), 200, None).await.unwrap();
        assert!(log.iter().any(|e| e.action == "meeting.cancelled" && e.entity_key == format!("0486/{id}")), "{}", app.label);
        // A meeting someone has signed the protocol of is not cancelled.
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        store::meetings::sign(&mut w, "0486", "2", "sekreterare", "Sara Sekreterare", "2023-03-20T10:00:00Z").await.unwrap();
        w.commit().await.unwrap();
        let refused = app.send("POST", "/k/0486/sammantraden/2/stall-in", Some(&c), Some("")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert!(refused.body.contains("under justering"), "{}", refused.body);
        assert!(store::meetings::meeting(&app.store, "0486", "2").await.unwrap().is_some());
    }
}

#[tokio::test]
async fn a_meeting_moves_to_another_date_with_its_agenda_until_the_protocol_is_drafted() {
    use axum::http::StatusCode;
    for app in crate::apps().await {
        // Today is 2023-05-01: the meeting of the 10th is ahead, and moved ahead again.
        let app = app.on_day("2023-05-01");
        let c = app.login("sekreterare").await;
        let form = "organ=SN&hallet=ja&datum=2023-05-10&tid=18%3A00&plats=R%C3%A5dhuset&ordforande=Anna+Ordf%C3%B6rande&sekreterare=Sara+Sekreterare";
        assert_eq!(app.send("POST", "/k/0486/sammantraden", Some(&c), Some(form)).await.status, StatusCode::SEE_OTHER);
        let (id, moved) = ("0486-SN-2023-05-10", "0486-SN-2023-05-17");
        let item = "rubrik=Budget+2024&typ=beslut&forslag=Nämnden+antar+budgeten";
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning"), Some(&c), Some(item)).await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(app.send("POST", &format!("/k/0486/sammantraden/{id}/skicka"), Some(&c), Some("")).await.status, StatusCode::SEE_OTHER);
        let page = app.get(&format!("/k/0486/sammantraden/{id}"), Some(&c)).await;
        assert!(page.body.contains("id=\"flytta\"") && page.body.contains("skicka den igen"), "{}", page.body);
        // Not a date: refused, nothing moved.
        let bad = app.send("POST", &format!("/k/0486/sammantraden/{id}/flytta"), Some(&c), Some("datum=17+maj")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert!(bad.body.contains("«17 maj» är inget datum; skriv det som ÅÅÅÅ-MM-DD"), "{}", bad.body);
        let past = app.send("POST", &format!("/k/0486/sammantraden/{id}/flytta"), Some(&c), Some("datum=2023-04-20")).await;
        assert!(past.status == StatusCode::UNPROCESSABLE_ENTITY && past.body.contains("2023-04-20 har varit"), "{}", past.body);
        assert!(past.body.contains("name=\"datum\" type=\"date\" value=\"2023-04-20\""), "kept as typed: {}", past.body);
        let r = app.send("POST", &format!("/k/0486/sammantraden/{id}/flytta"), Some(&c), Some("datum=2023-05-17")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", app.label, r.body);
        assert_eq!(r.headers.get("location").unwrap(), &format!("/k/0486/sammantraden/{moved}"));
        assert!(store::meetings::meeting(&app.store, "0486", id).await.unwrap().is_none(), "{}", app.label);
        let m = store::meetings::meeting(&app.store, "0486", moved).await.unwrap().expect("moved").meeting;
        assert_eq!((m.date.to_string().as_str(), m.place.as_str(), m.notice_sent), ("2023-05-17", "Rådhuset", false));
        let agenda = store::meetings::agenda(&app.store, "0486", moved).await.unwrap();
        assert!(agenda.iter().any(|a| a.title == "Budget 2024"), "{}", app.label);
        assert!(store::meetings::agenda(&app.store, "0486", id).await.unwrap().is_empty());
        let log = store::audit::recent(&app.store, Some("0486"), 200, None).await.unwrap();
        assert!(log.iter().any(|e| e.action == "meeting.moved" && e.entity_key == format!("0486/{id}")), "{}", app.label);
        // The old day's calendar event is cancelled, pointing to the new day.
        let old = app.get(&format!("/k/0486/sammantraden/{id}/kalender.ics"), Some(&c)).await;
        assert!(
            old.status == StatusCode::OK && old.body.contains("STATUS:CANCELLED") && old.body.contains("Flyttat till 2023-05-17"),
            "{}",
            old.body
        );
        // Not onto a date the body already meets, and not once the protocol is drafted.
        let form = "organ=SN&hallet=ja&datum=2023-05-24&tid=18%3A00&plats=R%C3%A5dhuset&ordforande=Anna+Ordf%C3%B6rande&sekreterare=Sara+Sekreterare";
        assert_eq!(app.send("POST", "/k/0486/sammantraden", Some(&c), Some(form)).await.status, StatusCode::SEE_OTHER);
        let taken = app.send("POST", &format!("/k/0486/sammantraden/{moved}/flytta"), Some(&c), Some("datum=2023-05-24")).await;
        assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", taken.body);
        assert!(taken.body.contains("har redan ett sammanträde 2023-05-24"), "{}", taken.body);
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{moved}/protokollsutkast"), Some(&c), Some("")).await.status,
            StatusCode::SEE_OTHER
        );
        assert!(!app.get(&format!("/k/0486/sammantraden/{moved}"), Some(&c)).await.body.contains("id=\"flytta\""));
        let drafted = app.send("POST", &format!("/k/0486/sammantraden/{moved}/flytta"), Some(&c), Some("datum=2023-05-31")).await;
        assert_eq!(drafted.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", drafted.body);
        assert!(drafted.body.contains("flyttas inte"), "{}", drafted.body);
        assert!(store::meetings::meeting(&app.store, "0486", moved).await.unwrap().is_some());
    }
}

/// A kallelse sent and then changed asks to go out again, as an ändrad kallelse; the calendar
/// tells the staff which kallelser are unsent or changed; a saved § is confirmed beside it.
#[tokio::test]
async fn a_changed_meeting_asks_for_its_kallelse_to_go_out_again() {
    let app = crate::apps().await.remove(0);
    let c = app.login("sekreterare").await;
    let form =
        "organ=SN&hallet=ja&datum=2023-05-10&tid=18%3A00&plats=R%C3%A5dhuset&ordforande=Anna+Ordf%C3%B6rande&sekreterare=Sara+Sekreterare";
    assert_eq!(app.send("POST", "/k/0486/sammantraden", Some(&c), Some(form)).await.status, StatusCode::SEE_OTHER);
    let (id, page) = ("0486-SN-2023-05-10", "/k/0486/sammantraden/0486-SN-2023-05-10");
    assert!(app.get("/k/0486/sammantraden", Some(&c)).await.body.contains("(kallelsen inte skickad)"));
    assert_eq!(app.send("POST", &format!("{page}/skicka"), Some(&c), Some("")).await.status, StatusCode::SEE_OTHER);
    let body = app.get(page, Some(&c)).await.body;
    assert!(body.contains("id=\"kallelse-skickad\"") && !body.contains("id=\"kallelse-andrad\""), "{body}");
    // An item added after the kallelse went out.
    assert_eq!(
        app.send("POST", &format!("{page}/dagordning"), Some(&c), Some("rubrik=Budget+2024&typ=beslut")).await.status,
        StatusCode::SEE_OTHER
    );
    let body = app.get(page, Some(&c)).await.body;
    assert!(body.contains("id=\"kallelse-andrad\"") && body.contains("Skicka ändrad kallelse"), "{body}");
    assert!(app.get("/k/0486/sammantraden", Some(&c)).await.body.contains("(ändrad sedan kallelsen skickades)"));
    assert!(app.get(&format!("{page}/kallelse"), None).await.body.contains("Kallelse till sammanträde"), "not yet an ändrad kallelse");
    assert_eq!(app.send("POST", &format!("{page}/skicka"), Some(&c), Some("")).await.status, StatusCode::SEE_OTHER);
    let m = store::meetings::meeting(&app.store, "0486", id).await.unwrap().unwrap().meeting;
    assert!(m.notice_sent && m.notice_revised && !m.notice_changed && m.notice_sent_on.is_some());
    assert!(app.get(&format!("{page}/kallelse"), None).await.body.contains("Ändrad kallelse till sammanträde"));
    assert!(app.get(page, Some(&c)).await.body.contains("Ändrad kallelse skickad"));

    // A saved § is confirmed beside it.
    let r = app.send("POST", "/k/0486/sammantraden/2/paragraf/5", Some(&c), Some("text=Taxan.&beslut=N%C3%A4mnden+antar+taxan.")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers.get("location").unwrap().to_str().unwrap().to_string();
    assert_eq!(to, "/k/0486/sammantraden/2?sparad=5#p5");
    assert!(app.get(to.split('#').next().unwrap(), Some(&c)).await.body.contains("id=\"sparad-p5\""));
}

#[tokio::test]
async fn an_agenda_item_moves_up_until_the_protocol_is_drafted() {
    use axum::http::StatusCode;
    let app = crate::apps().await.remove(0);
    let c = app.login("sekreterare").await;
    let form = "organ=SN&hallet=ja&datum=2023-05-10&tid=18%3A00&plats=R%C3%A5dhuset&ordforande=Anna+Ordf%C3%B6rande&sekreterare=Sara+Sekreterare&justerare=Jonas+Justerare";
    assert_eq!(app.send("POST", "/k/0486/sammantraden", Some(&c), Some(form)).await.status, StatusCode::SEE_OTHER);
    let id = "0486-SN-2023-05-10";
    let add = |title: &str| format!("rubrik={title}&typ=beslut&forslag=&sammanfattning=&dnr=");
    for t in ["Budget", "Taxor"] {
        assert_eq!(
            app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning"), Some(&c), Some(&add(t))).await.status,
            StatusCode::SEE_OTHER
        );
    }
    let titles = |a: Vec<domain::meetings::AgendaItem>| a.into_iter().map(|x| (x.number, x.title)).collect::<Vec<_>>();
    let before = titles(store::meetings::agenda(&app.store, "0486", id).await.unwrap());
    let last = before.last().unwrap().0;
    let r = app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning/{last}/upp"), Some(&c), Some("")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = titles(store::meetings::agenda(&app.store, "0486", id).await.unwrap());
    assert_eq!(after[after.len() - 2], (last - 1, "Taxor".to_string()));
    assert_eq!(after[after.len() - 1], (last, "Budget".to_string()));
    // Once the protocol is drafted, the order is the § numbers'.
    assert_eq!(
        app.send("POST", &format!("/k/0486/sammantraden/{id}/protokollsutkast"), Some(&c), Some("")).await.status,
        StatusCode::SEE_OTHER
    );
    let refused = app.send("POST", &format!("/k/0486/sammantraden/{id}/dagordning/{last}/upp"), Some(&c), Some("")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Protokollsutkastet är skapat"), "{}", refused.body);
}

/// Personnel statistics are entered in the browser with the import's rules: the stored rows in
/// a grid, a bad figure refused at its cell, an empty table refused, a new year started from the
/// list of years; the key figures stay when the sick leave is saved.
#[tokio::test]
async fn personnel_statistics_are_edited_in_the_browser() {
    let app = crate::apps().await.remove(0);
    let c = app.login("controller").await;
    let page = app.get("/k/0486/personal/2023", Some(&c)).await;
    assert!(page.body.contains("/k/0486/personal/2023/redigera/sjukfranvaro"), "{}", page.body);
    let grid = app.get("/k/0486/personal/2023/redigera/sjukfranvaro", Some(&c)).await;
    assert!(grid.status == StatusCode::OK && grid.body.contains("value=\"Socialnämnden\""), "{}", grid.body);
    let bad = app
        .send("POST", "/k/0486/personal/2023/redigera/sjukfranvaro", Some(&c), Some("c_0_0=Socialn%C3%A4mnden&c_0_1=2023&c_0_2=nio"))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Rad 1, kolumnen «Totalt»: ska vara ett tal som 9,4") && bad.body.contains("class=\"invalid\""),
        "{}",
        bad.body
    );
    let over = app
        .send("POST", "/k/0486/personal/2023/redigera/sjukfranvaro", Some(&c), Some("c_0_0=SN&c_0_1=2023&c_0_2=150&c_1_0=SN&c_1_1=2023"))
        .await;
    assert!(over.body.contains("ska vara en procentsats 0–100, inte 150"), "{}", over.body);
    let twice = app
        .send("POST", "/k/0486/personal/2023/redigera/sjukfranvaro", Some(&c), Some("c_0_0=SN&c_0_1=2023&c_0_2=9&c_1_0=SN&c_1_1=2023"))
        .await;
    assert!(twice.body.contains("sjukfrånvaron för SN 2023 finns redan på rad"), "{}", twice.body);
    let empty = app.send("POST", "/k/0486/personal/2023/redigera/sjukfranvaro", Some(&c), Some("c_0_0=")).await;
    assert!(empty.status == StatusCode::UNPROCESSABLE_ENTITY && empty.body.contains("Tabellen är tom"), "{}", empty.body);
    let ok = app
        .send(
            "POST",
            "/k/0486/personal/2023/redigera/sjukfranvaro",
            Some(&c),
            Some("c_0_0=Socialn%C3%A4mnden&c_0_1=2023&c_0_2=9%2C4&c_0_11=4%2C9"),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let saved = app.get("/k/0486/personal/2023", Some(&c)).await.body;
    assert!(saved.contains("role=\"status\">Tabellen «Sjukfrånvaro» är sparad."), "{saved}");
    let sick = store::personnel::sick_leave(&app.store, "0486", 2023).await.unwrap();
    assert_eq!(sick.len(), 1);
    assert_eq!(sick[0].total.map(|m| m.present(1)).as_deref(), Some("9,4"));
    // A new year from the list of years; the public does not see it until it is published.
    let years = app.get("/k/0486/personal", Some(&c)).await;
    assert!(years.body.contains("/k/0486/personal/2024/redigera/sjukfranvaro"), "{}", years.body);
    // An editor of a published year says that the public reads the change at once.
    let says = "Året är publicerat: allmänheten ser ändringarna så snart tabellen sparas.";
    app.send("POST", "/k/0486/personal/2023/publicering", Some(&c), Some("publicera=nej")).await;
    assert!(!app.get("/k/0486/personal/2023/redigera/nyckeltal", Some(&c)).await.body.contains(says));
    app.send("POST", "/k/0486/personal/2023/publicering", Some(&c), Some("publicera=ja")).await;
    assert!(app.get("/k/0486/personal/2023/redigera/nyckeltal", Some(&c)).await.body.contains(says));
    // The year has no page yet: the editor leads back to the years, not to a 404.
    let fresh = app.get("/k/0486/personal/2024/redigera/nyckeltal", Some(&c)).await.body;
    assert!(fresh.contains("<p class=\"crumbs\"><a href=\"/k/0486/personal\">Personal</a>"), "{fresh}");
    assert!(fresh.contains("action=\"/k/0486/personal/2024/redigera/nyckeltal\""), "{fresh}");
    let new = app
        .send("POST", "/k/0486/personal/2024/redigera/nyckeltal", Some(&c), Some("c_0_0=HME&c_0_1=HME%2C+index&c_0_3=2024&c_0_4=77"))
        .await;
    assert_eq!(new.status, StatusCode::SEE_OTHER, "{}", new.body);
    assert_eq!(store::personnel::key_figures(&app.store, "0486", 2024).await.unwrap().len(), 1);
    assert_eq!(app.get("/k/0486/personal/2024", None).await.status, StatusCode::NOT_FOUND);
    // Not for a head of unit.
    let v = app.login("verksamhetschef").await;
    assert_eq!(app.get("/k/0486/personal/2023/redigera/sjukfranvaro", Some(&v)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_report_follows_its_case_to_the_meetings_that_decide_it() {
    for app in crate::apps().await {
        let c = app.login("controller").await;
        let page = app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await.body;
        assert!(page.contains("Inget ärende i diariet är angivet för rapporten."), "{page}");
        let unknown = app.send("POST", "/k/0486/rapporter/arsrapport/2023/arende", Some(&c), Some("diarienummer=SN%2F2023%3A00099")).await;
        assert!(unknown.status == StatusCode::UNPROCESSABLE_ENTITY && unknown.body.contains("finns inte i diariet"), "{}", unknown.body);
        // Refused on the report's own page, the number as typed in its field.
        let bad = app.send("POST", "/k/0486/rapporter/arsrapport/2023/arende", Some(&c), Some("diarienummer=abc")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.body.contains("id=\"arende-fel\">Inget sparades.")
                && bad.body.contains("value=\"abc\" placeholder=\"till exempel SN/2024:00001\" aria-invalid=\"true\""),
            "{}",
            bad.body
        );
        let no_year = app.send("POST", "/k/0486/rapporter/arsrapport/2099/arende", Some(&c), Some("diarienummer=SN+2023%3A00010")).await;
        assert_eq!(no_year.status, StatusCode::NOT_FOUND);
        // Typed as a printed notice writes it.
        let set = app.send("POST", "/k/0486/rapporter/arsrapport/2023/arende", Some(&c), Some("diarienummer=SN+2023%3A00010")).await;
        assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
        let page = app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await.body;
        let trail = &page[page.find("id=\"beslutsgang\"").unwrap()..];
        let trail = &trail[..trail.find("</section>").unwrap()];
        assert!(trail.contains(">SN/2023:00010</a> Taxa för hemtjänst."), "{trail}");
        assert!(page.contains("Rapporten beslutas i ärende SN/2023:00010."), "{page}");
        assert!(
            trail.contains("Protokollet är justerat och anslaget 2023-02-21.") && trail.contains("Protokollet är ett utkast."),
            "{trail}"
        );
        // The case page shows the same handling, and the report decided in it.
        let case = app.get("/k/0486/diarium/SN/2023/10", Some(&c)).await.body;
        assert!(case.contains("<a href=\"/k/0486/rapporter/arsrapport/2023\">"), "{case}");
        assert!(case.contains("Behandling i nämnden") && case.contains("Protokollet är justerat och anslaget 2023-02-21."), "{case}");
        // Each handling opens the case paper it was on the agenda with.
        assert!(case.contains("punkt 2 «Taxa för hemtjänst» (<a href=\"/k/0486/sammantraden/1/arende/2\">tjänsteskrivelse</a>)"), "{case}");
        // The public reads the same case: the posted protocol rather than the meeting's own page,
        // the report as published, no draft's decision.
        let public = app.get("/k/0486/diarium/SN/2023/10", None).await.body;
        assert!(
            public.contains("<a href=\"/k/0486/sammantraden/1/protokoll\">") && !public.contains("href=\"/k/0486/sammantraden/1\""),
            "{public}"
        );
        assert!(
            public.contains("/k/0486/rapporter/arsrapport/2023/fil/html?publicerad=ja")
                && !public.contains("href=\"/k/0486/rapporter/arsrapport/2023\""),
            "{public}"
        );
        assert!(
            public.contains("Beslutet visas när protokollet är anslaget.") && !public.contains("Inget beslut skrivet ännu."),
            "{public}"
        );
        let log = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap().remove(0);
        assert_eq!((log.action.as_str(), log.entity_key.as_str()), ("report.case", "0486/arsrapport/2023"));
        // The API gives the same trail beside the report.
        let api: serde_json::Value =
            serde_json::from_str(&app.get("/api/v1/municipalities/0486/reports/arsrapport/2023", Some(&c)).await.body).unwrap();
        assert_eq!(api["case"], "SN/2023:00010");
        assert_eq!(
            (api["handlings"][0]["paragraph"].as_u64(), api["handlings"][0]["justerat"].as_bool()),
            (Some(2), Some(true)),
            "{}",
            api["handlings"]
        );
        // Emptied, the link is gone.
        let unset = app.send("POST", "/k/0486/rapporter/arsrapport/2023/arende", Some(&c), Some("diarienummer=")).await;
        assert_eq!(unset.status, StatusCode::SEE_OTHER);
        assert!(app.get("/k/0486/rapporter/arsrapport/2023", Some(&c)).await.body.contains("Inget ärende i diariet är angivet"));
    }
}

/// The start page says what the account is waiting on: the protocol a justerare is to sign,
/// and the latest meetings with their state; the public sees the meetings only.
#[tokio::test]
async fn the_start_page_names_the_protocol_waiting_for_its_signer() {
    let app = crate::apps().await.remove(0);
    let jonas = app.login("jonas").await;
    let page = app.get("/k/0486", Some(&jonas)).await.body;
    assert!(
        page.contains("Väntar på dig") && page.contains("Skriv under protokollet från Socialnämnden 2023-03-14 som justerare."),
        "{page}"
    );
    assert!(page.contains("Socialnämnden 2023-03-14 kl. 13:00</a>: protokollet inte justerat"), "{page}");
    let public = app.get("/k/0486", None).await.body;
    assert!(!public.contains("Väntar på dig") && public.contains("Socialnämnden 2023-03-14 kl. 13:00"), "{public}");
    // The public's links open what it may read: the kallelse, or the protocol on the notice board.
    assert!(public.contains("href=\"/k/0486/sammantraden/2/kallelse\"") && !public.contains("href=\"/k/0486/sammantraden/2\""), "{public}");
    assert!(public.contains("href=\"/k/0486/sammantraden/1/protokoll\""), "{public}");
    // The secretary is told what holds the open protocol up.
    let sara = app.login("sara").await;
    let page = app.get("/k/0486", Some(&sara)).await.body;
    assert!(page.contains("Protokollet från Socialnämnden 2023-03-14: Väntar på underskrift av"), "{page}");
    // Someone with nothing to sign is not told of others' signatures.
    let controller = app.login("controller").await;
    assert!(!app.get("/k/0486", Some(&controller)).await.body.contains("Skriv under"));
}

/// The MAS writes the patient-safety report (its template names the MAS among its authors), and
/// no other report's texts.
#[tokio::test]
async fn the_mas_writes_the_patient_safety_report() {
    let app = crate::apps().await.remove(0);
    let mas = app.login("mas").await;
    let page = app.get("/k/0486/rapporter/patientsakerhetsberattelse/2023", Some(&mas)).await.body;
    assert!(page.contains("action=\"/k/0486/rapporter/patientsakerhetsberattelse/2023/text"), "{page}");
    assert!(!page.contains("/patientsakerhetsberattelse/2023/arende"), "the case is the report writers' to name: {page}");
    let form = "avsnitt=inledning&text=Patients%C3%A4kerhetsarbetet+under+%C3%A5ret.";
    let r = app.send("POST", "/k/0486/rapporter/patientsakerhetsberattelse/2023/text", Some(&mas), Some(form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let html = app.get("/k/0486/rapporter/patientsakerhetsberattelse/2023/fil/html", Some(&mas)).await.body;
    assert!(html.contains("Patientsäkerhetsarbetet under året."), "{html}");
    assert!(!app.get("/k/0486/rapporter/arsrapport/2023", Some(&mas)).await.body.contains("/arsrapport/2023/text"));
    let r = app.send("POST", "/k/0486/rapporter/arsrapport/2023/text", Some(&mas), Some(form)).await;
    assert!(r.status == StatusCode::FORBIDDEN && r.body.contains("skrivs av controller, nämndsekreterare"), "{}", r.body);
}

/// The memo (tjänsteskrivelse) heads its text with its date, the case it is decided in and who
/// handled it.
#[tokio::test]
async fn the_memo_is_headed_by_its_date_case_and_handler() {
    let app = crate::apps().await.remove(0);
    let c = app.login("controller").await;
    for form in ["avsnitt=datum&text=2024-02-09", "avsnitt=memo.handlaggare&text=Annika+Westin"] {
        assert_eq!(app.send("POST", "/k/0486/rapporter/arsrapport/2023/text", Some(&c), Some(form)).await.status, StatusCode::SEE_OTHER);
    }
    let html = app.get("/k/0486/rapporter/arsrapport/2023/fil/html", Some(&c)).await.body;
    let memo = &html[html.find("Tjänsteskrivelse").unwrap()..];
    let (date, handler) = (memo.find("2024-02-09").expect("the date"), memo.find("Handläggare").expect("the handler"));
    assert!(memo.find("Datum").unwrap() < date && date < handler, "{memo}");
}

/// The start page offers everyone the newest published reports.
#[tokio::test]
async fn the_start_page_offers_the_published_reports() {
    let app = crate::apps().await.remove(0);
    let page = app.get("/k/0486", None).await.body;
    assert!(page.contains("<a href=\"/k/0486/rapporter/arsrapport/2023/fil/html?publicerad=ja\">Läs"), "{page}");
    // A plan of an earlier year says that it is the latest, not this year's.
    let early = app.on_day("2030-01-10").get("/k/0486", None).await.body;
    assert!(early.contains("Det finns ingen uppföljningsplan för 2030 ännu; här visas den senaste."), "{early}");
    // A plan without forecast or interim months is a plan, not none (Askersund's 2024).
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    store::org::save_follow_up_plan(&mut w, "1882", &domain::period::FollowUpPlan::new(2024, vec![], vec![]).unwrap()).await.unwrap();
    w.commit().await.unwrap();
    let askersund = app.on_day("2024-05-02").get("/k/1882", None).await.body;
    assert!(askersund.contains("Uppföljningsplanen för 2024 har inga prognos- eller delårsmånader"), "{askersund}");
    app.withdraw_annual_report().await;
    let page = app.get("/k/0486", None).await.body;
    assert!(!page.contains("/rapporter/arsrapport/2023/fil") && page.contains("Inga rapporter är publicerade ännu."), "{page}");
}

/// The import page's form: `fields` and the files `files` (as the field "filer").
fn folder_upload(cookie: &str, fields: &[(&str, &str)], files: &[(&str, &str)]) -> axum::http::Request<axum::body::Body> {
    let files: Vec<(&str, &str, &[u8])> = files.iter().map(|(n, b)| ("filer", *n, b.as_bytes())).collect();
    crate::multipart("/admin/inlasning", cookie, fields, &files)
}

/// An administrator sets up a municipality from the browser: its organisation creates it, then
/// its members; a file with an error names its line and leaves everything as it was.
#[tokio::test]
async fn an_administrator_sets_up_a_municipality_from_uploaded_files() {
    let app = crate::apps().await.remove(0);
    let admin = app.login("admin").await;
    let page = app.get("/admin/inlasning", Some(&admin)).await;
    assert!(page.body.contains("Läs in filer") && page.body.contains("kommun.csv, organ.csv"), "{}", page.body);
    let formats = app.get("/admin/filformat", Some(&admin)).await.body;
    assert!(formats.contains("<th scope=\"row\"><code>enheter.csv</code></th>") && formats.contains("<h2>Economy</h2>"), "{formats}");
    let kommun = ("kommun.csv", "kod;namn;diarienummer\n1999;Västerby kommun;VSN 2025/1\n");
    let organ =
        ("organ.csv", "nyckel;typ;namn;överordnad\nKF;kommunfullmaktige;Kommunfullmäktige;\nVSN;namnd;Vård- och socialnämnden;KF\n");
    let bad = (
        "enheter.csv",
        "nyckel;typ;namn;överordnad;ansvar;organ\nSF;forvaltning;Socialförvaltningen;;;VSN\nHTJ;avdelning;Hemtjänst;SF;;\n",
    );
    let res = app.send_request(folder_upload(&admin, &[("typ", "org"), ("kommun", ""), ("ar", "2025")], &[kommun, organ, bad])).await;
    assert_eq!(res.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("Inget lästes in.") && res.body.contains("enheter.csv:3"), "{}", res.body);
    assert!(store::org::municipality(&app.store, "1999").await.unwrap().is_none(), "nothing written");
    let good =
        ("enheter.csv", "nyckel;typ;namn;överordnad;ansvar;organ\nSF;forvaltning;Socialförvaltningen;;;VSN\nHTJ;enhet;Hemtjänst;SF;;\n");
    let res = app.send_request(folder_upload(&admin, &[("typ", "org"), ("kommun", ""), ("ar", "2025")], &[kommun, organ, good])).await;
    assert_eq!(res.status, axum::http::StatusCode::SEE_OTHER, "{}", res.body);
    let done = app.get("/admin/inlasning", Some(&admin)).await;
    assert!(done.body.contains("Inläst: Västerby kommun (1999)"), "{}", done.body);
    let m = store::org::municipality(&app.store, "1999").await.unwrap().unwrap();
    assert_eq!(m.case_form, "VSN 2025/1");
    // The members of the new municipality's committee.
    let members = ("ledamoter.csv", "organ;namn;parti;roll;från;till\nVSN;Anna Berg;S;ordförande;2023-01-01;2026-12-31\n");
    let res = app.send_request(folder_upload(&admin, &[("typ", "members"), ("kommun", "1999"), ("ar", "")], &[members])).await;
    assert_eq!(res.status, axum::http::StatusCode::SEE_OTHER, "{}", res.body);
    // Every bad row is named at once, each with its line.
    let elsewhere = (
        "ledamoter.csv",
        "organ;namn;parti;roll;från;till\nSOCN;Anna Berg;S;ordförande;2023-01-01;2026-12-31\nVSN;Per Ek;M;ledamot;2023-13-01;2026-12-31\n",
    );
    let res = app.send_request(folder_upload(&admin, &[("typ", "members"), ("kommun", "1999"), ("ar", "")], &[elsewhere])).await;
    assert!(res.body.contains("organet «SOCN» finns inte") && res.body.contains("VSN (Vård- och socialnämnden)"), "{}", res.body);
    assert!(
        res.body.contains("ledamoter.csv:2: fält &#34;organ&#34;") && res.body.contains("ledamoter.csv:3: fält &#34;från&#34;"),
        "{}",
        res.body
    );
    // Each of a folder's files is read, and the errors of all of them are named together.
    let economy = [
        ("ekonomi.csv", "skala;decimaler;teckenkonvention\nmkr;1;utfall-budget\n"),
        ("driftrader.csv", "nyckel;namn\nIFO;Individ- och familjeomsorg\n"),
        ("bidrag.csv", "namn;ansökt;beviljat\nX;abc;1\n"),
        ("prognoser.csv", "rad;månad;typ;belopp\nIFO;13;avvikelse;1\n"),
    ];
    let res = app.send_request(folder_upload(&admin, &[("typ", "economy"), ("kommun", "1999"), ("ar", "2025")], &economy)).await;
    assert_eq!(res.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("<li>bidrag.csv:2: fält") && res.body.contains("<li>prognoser.csv:2: fält"), "{}", res.body);
    // Files of another kind: named as what they look like; a file the kind does not read is said.
    let res = app.send_request(folder_upload(&admin, &[("typ", "goals"), ("kommun", "1999"), ("ar", "2025")], &[members])).await;
    assert!(res.body.contains("Filerna ser ut att vara «Ledamöter»"), "{}", res.body);
    let res = app.send_request(folder_upload(&admin, &[("typ", "members"), ("kommun", "1999"), ("ar", "")], &[members, kommun])).await;
    assert_eq!(res.status, axum::http::StatusCode::SEE_OTHER, "{}", res.body);
    let done = app.get("/admin/inlasning?typ=members&kommun=1999&ar=", Some(&admin)).await;
    assert!(done.body.contains("Lästes inte (hör inte till «Ledamöter»): kommun.csv."), "{}", done.body);
    // A kind that needs a municipality is refused without one.
    let res = app.send_request(folder_upload(&admin, &[("typ", "goals"), ("kommun", ""), ("ar", "2025")], &[members])).await;
    assert!(res.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY && res.body.contains("Välj kommunen"), "{}", res.body);
}

/// An administrator ties a head of unit to another unit (one of the organisation's) and closes
/// an account, which then cannot log in; not their own.
#[tokio::test]
async fn an_administrator_changes_a_unit_and_closes_an_account() {
    let app = crate::apps().await.remove(0);
    let admin = app.login("admin").await;
    let head = "/admin/anvandare/verksamhetschef";
    let r = app.send("POST", head, Some(&admin), Some("enhet=Finns+inte&status=aktivt")).await;
    assert!(r.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("enheten «Finns inte» finns inte"), "{}", r.body);
    let r = app.send("POST", head, Some(&admin), Some("enhet=%C3%84ldreomsorg&status=aktivt")).await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.body);
    assert_eq!(store::users::by_username(&app.store, "verksamhetschef").await.unwrap().unwrap().unit.as_deref(), Some("Äldreomsorg"));
    let r = app.send("POST", "/admin/anvandare/ledamot", Some(&admin), Some("status=avstangt")).await;
    assert!(r.status == axum::http::StatusCode::OK && r.body.contains("Kontot ledamot är sparat och avstängt"), "{}", r.body);
    assert!(store::users::by_username(&app.store, "ledamot").await.unwrap().unwrap().disabled);
    let r = app.send("POST", "/admin/anvandare/admin", Some(&admin), Some("status=avstangt")).await;
    assert!(r.body.contains("Du kan inte stänga av ditt eget konto"), "{}", r.body);
}

/// A kallelse holding a personnummer (from before the forms refused them, or a file) is not
/// printed; the secretary is told where it stands, a member only that the secretary must take
/// it away — not the number again.
#[tokio::test]
async fn a_kallelse_with_a_personnummer_is_not_printed_and_a_member_is_not_shown_it() {
    let app = crate::apps().await.remove(0);
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    let item = domain::meetings::AgendaItem {
        number: 0,
        title: "Klagomål".into(),
        case: None,
        heading_case: None,
        kind: domain::meetings::ItemKind::Information,
        proposal: String::new(),
        paper: "Gäller 19121212-1212.".into(),
        secret: false,
        sections: vec![],
    };
    store::meetings::add_item(&mut w, "0486", "2", item).await.unwrap();
    w.commit().await.unwrap();
    let member = app.login("ledamot").await;
    let r = app.get("/k/0486/sammantraden/2/kallelse?format=pdf", Some(&member)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("som sekreteraren först måste ta bort") && !r.body.contains("19121212-1212"), "{}", r.body);
    let secretary = app.login("sekreterare").await;
    let r = app.get("/k/0486/sammantraden/2/kallelse?format=pdf", Some(&secretary)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("innehåller personnummer och skrivs inte ut") && r.body.contains("19121212-1212"), "{}", r.body);
}
