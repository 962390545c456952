//! Personnel and internal control through the web.

use crate::apps;
use axum::http::StatusCode;

#[tokio::test]
async fn plan_with_risk_matrix_results_and_overdue_actions() {
    for app in apps().await {
        let page = app.get("/k/0486/internkontroll/2023", None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.label);
        // Risk values 16, 8, 3 with levels in words; the matrix labels every cell.
        assert!(page.body.contains(">16<") && page.body.contains(">8<") && page.body.contains(">3<"), "{}", page.body);
        assert!(page.body.contains("16 Hög") && page.body.contains("8 Medel") && page.body.contains("3 Låg"));
        assert!(page.body.contains("role=\"img\" aria-labelledby=\"rm-title rm-desc\""));
        // The action's deadline (2023-10-31) has passed on today's date.
        assert!(page.body.contains("åtgärder är försenade"));
        app_clock_before_deadline(&app).await;
    }
}

async fn app_clock_before_deadline(app: &crate::TestApp) {
    let early = app.on_day("2023-10-01");
    let page = early.get("/k/0486/internkontroll/2023", None).await;
    assert!(!page.body.contains("åtgärder är försenade"), "not overdue before the deadline");
}

#[tokio::test]
async fn results_are_rated_from_the_counts_and_actions_completed() {
    for app in apps().await {
        let c = app.login("verksamhetschef").await;
        let res = app
            .send(
                "POST",
                "/k/0486/internkontroll/2023/resultat",
                Some(&c),
                Some("kontroll=2&period=2023&resultat=&granskade=221&avvikelser=82&iakttagelser=Brister+i+attest"),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let r = store::control::results(&app.store, "0486", 2023).await.unwrap();
        assert_eq!(r[0].level, "godtagbar", "IC-17: 63 % → Godtagbar");
        // The two controls without a year's result are counted in the summary, not left out.
        let page = app.get("/k/0486/internkontroll/2023", Some(&c)).await.body;
        let summary = page.split("Helårsbedömningar 2023").nth(1).unwrap().split("</p>").next().unwrap().to_string();
        assert!(summary.contains("Utan helårsresultat: 2"), "{summary}");
        // A result entered without a level (findings only, as S prints them) is counted as not judged.
        let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
        let unjudged = domain::control::ControlResult {
            item: "1".into(),
            period: domain::period::Period::Year(2023),
            level: String::new(),
            reviewed: None,
            deviations: None,
            approved_share: None,
            findings: "Iakttagelser utan bedömning.".into(),
        };
        store::control::save_result(&mut w, "0486", 2023, &unjudged).await.unwrap();
        w.commit().await.unwrap();
        let page = app.get("/k/0486/internkontroll/2023", Some(&c)).await.body;
        let summary = page.split("Helårsbedömningar 2023").nth(1).unwrap().split("</p>").next().unwrap().to_string();
        assert!(summary.contains("Ej bedömda: 1") && summary.contains("Utan helårsresultat: 1"), "{summary}");
        let bad = app.send("POST", "/k/0486/internkontroll/2023/resultat", Some(&c), Some("kontroll=2&granskade=5&avvikelser=9")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("Fler avvikelser än granskade"));
        // A refused result comes back as it was written, the form open; a period that cannot
        // be read says which forms can; "1 000" is a number.
        let typed = "kontroll=2&period=2023-13&granskade=1+000&avvikelser=3&iakttagelser=Tre+saknade+attest";
        let bad = app.send("POST", "/k/0486/internkontroll/2023/resultat", Some(&c), Some(typed)).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("id=\"resultat-fel\"") && bad.body.contains("skriv 2023 (helår), 2023-06 (månad)"), "{}", bad.body);
        assert!(bad.body.contains(">Tre saknade attest</textarea>") && bad.body.contains("value=\"2023-13\""), "{}", bad.body);
        // A period that has not begun has no result yet.
        let early = app.on_day("2023-03-15");
        let bad = early
            .send("POST", "/k/0486/internkontroll/2023/resultat", Some(&c), Some("kontroll=2&period=2023-06&granskade=5&avvikelser=1"))
            .await;
        assert!(bad.status == StatusCode::UNPROCESSABLE_ENTITY && bad.body.contains("Perioden 2023-06 har inte börjat än"), "{}", bad.body);
        // The findings are published: no personnummer; the form says so where it is read.
        let pnr = "kontroll=2&period=2023&granskade=5&avvikelser=1&iakttagelser=Brukare+19451212-1234";
        let bad = app.send("POST", "/k/0486/internkontroll/2023/resultat", Some(&c), Some(pnr)).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.body.contains("(19451212-1234)") && bad.body.contains("action=\"/k/0486/internkontroll/2023/resultat#resultat-fel\""),
            "{}",
            bad.body
        );
        // An action: a date that is no day keeps what was typed, the form open at its reason; an
        // action may be for the plan as a whole.
        let typed = "kontroll=&atgard=Ny+rutin+f%C3%B6r+attest&ansvarig=Controller&senast=2024-13-05";
        let bad = app.send("POST", "/k/0486/internkontroll/2023/atgard", Some(&c), Some(typed)).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.body.contains("id=\"atgard-fel\"")
                && bad.body.contains("«2024-13-05» är skrivet ÅÅÅÅ-MM-DD men är inget datum i kalendern"),
            "{}",
            bad.body
        );
        assert!(bad.body.contains("value=\"Ny rutin för attest\"") && bad.body.contains("value=\"2024-13-05\""), "{}", bad.body);
        let before = store::control::actions(&app.store, "0486", 2023).await.unwrap().len();
        let ok = typed.replace("2024-13-05", "2024-03-31");
        assert_eq!(app.send("POST", "/k/0486/internkontroll/2023/atgard", Some(&c), Some(&ok)).await.status, StatusCode::SEE_OTHER);
        let actions = store::control::actions(&app.store, "0486", 2023).await.unwrap();
        assert_eq!((actions.len(), actions.last().unwrap().item.as_str()), (before + 1, ""));
        let ok = "kontroll=2&period=2023-Q1&granskade=1+000&avvikelser=3&iakttagelser=Kvartal";
        assert_eq!(app.send("POST", "/k/0486/internkontroll/2023/resultat", Some(&c), Some(ok)).await.status, StatusCode::SEE_OTHER);
        let ledamot = app.login("ledamot").await;
        assert_eq!(app.send("POST", "/k/0486/internkontroll/2023/atgard/1/klar", Some(&ledamot), None).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.send("POST", "/k/0486/internkontroll/2023/atgard/1/klar", Some(&c), None).await.status, StatusCode::SEE_OTHER);
        assert!(store::control::actions(&app.store, "0486", 2023).await.unwrap()[0].done);
        // Once done, done: a second click changes and logs nothing; another year's address finds no such action.
        let logged = |log: Vec<store::AuditEntry>| log.iter().filter(|e| e.action == "control.action.done").count();
        let before = logged(store::audit::recent(&app.store, Some("0486"), 1000, None).await.unwrap());
        assert_eq!(app.send("POST", "/k/0486/internkontroll/2023/atgard/1/klar", Some(&c), None).await.status, StatusCode::SEE_OTHER);
        assert_eq!(logged(store::audit::recent(&app.store, Some("0486"), 1000, None).await.unwrap()), before);
        assert_eq!(app.send("POST", "/k/0486/internkontroll/2024/atgard/1/klar", Some(&c), None).await.status, StatusCode::NOT_FOUND);
        // Marked done by mistake: open again (logged), then done once more.
        assert!(app.get("/k/0486/internkontroll/2023", Some(&c)).await.body.contains("/atgard/1/oppna"));
        assert_eq!(app.send("POST", "/k/0486/internkontroll/2023/atgard/1/oppna", Some(&c), None).await.status, StatusCode::SEE_OTHER);
        assert!(!store::control::actions(&app.store, "0486", 2023).await.unwrap()[0].done);
        let log = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap();
        assert_eq!(log[0].action, "control.action.reopened");
        assert_eq!(app.send("POST", "/k/0486/internkontroll/2023/atgard/1/klar", Some(&c), None).await.status, StatusCode::SEE_OTHER);
        // A result entered again is audited with what it replaced.
        let again = "kontroll=2&period=2023&resultat=&granskade=221&avvikelser=10&iakttagelser=Efter+rättelse";
        assert_eq!(app.send("POST", "/k/0486/internkontroll/2023/resultat", Some(&c), Some(again)).await.status, StatusCode::SEE_OTHER);
        let last = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap().remove(0);
        assert_eq!(last.action, "control.result");
        assert!(last.before_json.as_deref().is_some_and(|b| b.contains("Brister i attest")), "{last:?}");
        // An auditor reads what changed, field by field, before the whole record.
        let revisor = app.login("revisor").await;
        let log = app.get("/k/0486/granskningslogg", Some(&revisor)).await;
        assert!(
            log.body.contains("<th scope=\"row\"><span title=\"deviations\">avvikelser</span></th><td>82</td><td>10</td>"),
            "{}",
            log.body
        );
        assert!(log.body.contains("<td>Brister i attest</td><td>Efter rättelse</td>"), "{}", log.body);
        // Who and what, in Swedish: the login name, the kind of record.
        assert!(log.body.contains("<td>verksamhetschef</td>") && log.body.contains("Internkontroll: resultat <code>"), "{}", log.body);
        let api: serde_json::Value =
            serde_json::from_str(&app.get("/api/v1/municipalities/0486/internal-control/2023", None).await.body).unwrap();
        assert_eq!(api["items"][0]["risk_value"], 16);
        assert_eq!(api["items"][0]["level"], "high");
        // Shares and thresholds as decimal strings in per cent, not the stored integers.
        assert_eq!((api["plan"]["good_from"].as_str(), api["plan"]["acceptable_from"].as_str()), (Some("90"), Some("50")), "{api}");
        let share = api["results"].as_array().unwrap().iter().find(|r| r["item"] == "2").expect("a result")["approved_share"].clone();
        assert!(share.as_str().is_some_and(|s| s.parse::<f64>().is_ok_and(|v| (0.0..=100.0).contains(&v))), "{share}");
        let personnel: serde_json::Value =
            serde_json::from_str(&app.get("/api/v1/municipalities/0486/personnel/2023", None).await.body).unwrap();
        assert_eq!(personnel["sick_leave"][0]["total"], "9.4", "{personnel}");
    }
}

#[tokio::test]
async fn personnel_and_providers_pages() {
    for app in apps().await {
        let p = app.get("/k/0486/personal/2023", None).await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.body.contains("9,4\u{a0}%") && p.body.contains("3,43\u{a0}%"), "{}", p.body);
        assert!(p.body.contains("Dag 15–59, ej redovisat (totalt minus de andra intervallen): 1,07\u{a0}%"), "PE-02 shown");
        // Columns no row has a figure in are left out.
        assert!(!p.body.contains(">–29 år</th>"), "{}", p.body);
        let v = app.get("/k/0486/privata-utforare/2023", None).await;
        assert!(v.body.contains("riskklass A (hög risk)") && v.body.contains("Tillsvidare"));
    }
}

#[tokio::test]
async fn personnel_internal_control_and_providers_reach_the_public_once_published() {
    for app in apps().await {
        let c = app.login("controller").await;
        let areas = [
            ("/k/0486/personal/2023", Some("/api/v1/municipalities/0486/personnel/2023"), Some("/k/0486/personal")),
            ("/k/0486/internkontroll/2023", Some("/api/v1/municipalities/0486/internal-control/2023"), Some("/k/0486/internkontroll")),
            ("/k/0486/privata-utforare/2023", None, None),
        ];
        for (page, api, list) in areas {
            let withdraw = app.send("POST", &format!("{page}/publicering"), Some(&c), Some("publicera=nej")).await;
            assert_eq!(withdraw.status, StatusCode::SEE_OTHER, "{}: {page}", app.label);
            // Withdrawn: the public is told there is none, page and API alike; the year leaves its list.
            let public = app.get(page, None).await;
            assert_eq!(public.status, StatusCode::NOT_FOUND, "{}: {page}", app.label);
            assert!(public.body.contains("ingen publicerad"), "{}", public.body);
            if let Some(api) = api {
                assert_eq!(app.get(api, None).await.status, StatusCode::NOT_FOUND, "{api}");
                assert_eq!(app.get(api, Some(&c)).await.status, StatusCode::OK);
            }
            if let Some(list) = list {
                assert!(!app.get(list, None).await.body.contains(&format!("{page}\"")), "{list}");
                assert!(app.get(list, Some(&c)).await.body.contains("Ej publicerad"), "{list}");
            }
            // The other areas stay public.
            for (other, _, _) in areas.iter().filter(|(p, _, _)| *p != page) {
                assert_eq!(app.get(other, None).await.status, StatusCode::OK, "{other} while {page} is withdrawn");
            }
            // The municipality's accounts still see it, marked as not published.
            let staff = app.get(page, Some(&c)).await;
            assert_eq!(staff.status, StatusCode::OK);
            assert!(staff.body.contains("Inte publicerad") && staff.body.contains("Publicera för allmänheten"), "{}", staff.body);
            // A member may look but not publish.
            let ledamot = app.login("ledamot").await;
            assert_eq!(
                app.send("POST", &format!("{page}/publicering"), Some(&ledamot), Some("publicera=ja")).await.status,
                StatusCode::FORBIDDEN
            );
            // Published again: public, and both changes are in the audit log.
            app.send("POST", &format!("{page}/publicering"), Some(&c), Some("publicera=ja")).await;
            assert_eq!(app.get(page, None).await.status, StatusCode::OK);
            if let Some(api) = api {
                assert_eq!(app.get(api, None).await.status, StatusCode::OK);
            }
        }
        let log = store::audit::recent(&app.store, Some("0486"), 30, None).await.unwrap();
        for action in
            ["personnel.withdraw", "personnel.publish", "control.withdraw", "control.publish", "providers.withdraw", "providers.publish"]
        {
            assert!(log.iter().any(|e| e.action == action), "{action} logged");
        }
        // The log tells an auditor in Swedish what was done.
        let revisor = app.login("revisor").await;
        let page = app.get("/k/0486/granskningslogg", Some(&revisor)).await;
        assert!(page.body.contains("<span title=\"personnel.withdraw\">Avpublicerade personalstatistiken</span>"), "{}", page.body);
        // A year without data cannot be published.
        for page in ["/k/0486/personal/2031", "/k/0486/internkontroll/2031", "/k/0486/privata-utforare/2031"] {
            let none = app.send("POST", &format!("{page}/publicering"), Some(&c), Some("publicera=ja")).await;
            assert_eq!(none.status, StatusCode::NOT_FOUND, "{page}");
        }
    }
}

/// A controller lays out next year's plan in the browser: the controls as a grid (numbers 1–4
/// for probability and consequence), the scales carried over from the latest plan; the year's
/// own controls are edited the same way, results staying with their control's key.
#[tokio::test]
async fn a_controller_lays_out_a_plan_in_the_browser() {
    let app = apps().await.remove(0);
    let c = app.login("controller").await;
    let years = app.get("/k/0486/internkontroll", Some(&c)).await;
    assert!(years.body.contains("/k/0486/internkontroll/2024/redigera"), "{}", years.body);
    let grid = app.get("/k/0486/internkontroll/2023/redigera", Some(&c)).await;
    assert!(grid.status == StatusCode::OK && grid.body.contains("action=\"/k/0486/internkontroll/2023/redigera\""), "{}", grid.body);
    // The new year's grid starts from the latest plan's controls.
    let latest = store::control::plan(&app.store, "0486", 2023).await.unwrap().unwrap().1;
    let fresh = app.get("/k/0486/internkontroll/2024/redigera", Some(&c)).await;
    assert!(fresh.body.contains(&format!("value=\"{}\"", latest[0].what)), "{}", fresh.body);
    let bad = app.send("POST", "/k/0486/internkontroll/2024/redigera", Some(&c), Some("c_0_0=1&c_0_4=Attest&c_0_6=5&c_0_7=2")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Rad 1, kolumnen «Sannolikhet»: ska vara 1–4"), "{}", bad.body);
    assert!(store::control::plan(&app.store, "0486", 2024).await.unwrap().is_none(), "nothing saved");
    let ok =
        app.send("POST", "/k/0486/internkontroll/2024/redigera", Some(&c), Some("c_0_0=1&c_0_4=Attest+av+fakturor&c_0_6=3&c_0_7=4")).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let (plan, items) = store::control::plan(&app.store, "0486", 2024).await.unwrap().unwrap();
    let old = store::control::plan(&app.store, "0486", 2023).await.unwrap().unwrap().0;
    assert_eq!((items.len(), items[0].risk_value()), (1, 12));
    assert_eq!(plan.thresholds, old.thresholds, "carried over");
    // The committee adopts it: the decision, case number, day and analysis from the plan's page.
    let page = app.get("/k/0486/internkontroll/2024", Some(&c)).await;
    assert!(
        page.body.contains("action=\"/k/0486/internkontroll/2024/plan\"") && page.body.contains("Planens beslut och analys"),
        "{}",
        page.body
    );
    let app = app.on_day("2024-03-01");
    let day = domain::period::Date::parse("2024-03-01").unwrap();
    let future = "beslut=SN&antagen=2024-03-02";
    let r = app.send("POST", "/k/0486/internkontroll/2024/plan", Some(&c), Some(future)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("en dag som inte har kommit"), "{}", r.body);
    let pnr = app.send("POST", "/k/0486/internkontroll/2024/plan", Some(&c), Some("analys=I+%C3%A4rende+3+850101-1236+f%C3%B6ll.")).await;
    assert!(pnr.status == StatusCode::UNPROCESSABLE_ENTITY && pnr.body.contains("liknar ett personnummer"), "{}", pnr.body);
    // Refused, the form stays open with what was written.
    assert!(
        pnr.body.contains("<details id=\"planens-beslut\" open>") && pnr.body.contains(">I ärende 3 850101-1236 föll.</textarea>"),
        "{}",
        pnr.body
    );
    let late = app.send("POST", "/k/0486/internkontroll/2024/plan", Some(&c), Some("antagen=2025-01-10")).await;
    assert!(late.status == StatusCode::UNPROCESSABLE_ENTITY, "{}", late.body);
    let form = format!(
        "beslut=SN+{day}+%C2%A7+12&diarienummer=SN+2023%2F88&antagen={day}&analys=Riskerna+%C3%A4r+bed%C3%B6mda.%0D%0A%0D%0AAttesten+prioriteras."
    );
    assert_eq!(app.send("POST", "/k/0486/internkontroll/2024/plan", Some(&c), Some(&form)).await.status, StatusCode::SEE_OTHER);
    let (plan, kept) = store::control::plan(&app.store, "0486", 2024).await.unwrap().unwrap();
    assert_eq!(
        (plan.decision.as_str(), plan.case_number.as_str(), plan.adopted),
        (format!("SN {day} § 12").as_str(), "SN 2023/88", Some(day))
    );
    assert_eq!(plan.analysis, "Riskerna är bedömda.\n\nAttesten prioriteras.");
    assert_eq!(kept, items, "the controls stay");
    let page = app.get("/k/0486/internkontroll/2024", Some(&c)).await;
    assert!(page.body.contains(&format!("Antagen: SN {day} § 12")) && page.body.contains("<p>Attesten prioriteras.</p>"), "{}", page.body);
    assert!(
        page.body.contains("Planens beslut och analys är sparade.") && page.body.matches("id=\"analys\"").count() == 1,
        "{}",
        page.body
    );
    let log = store::audit::recent(&app.store, Some("0486"), 1, None).await.unwrap().remove(0);
    assert_eq!((log.action.as_str(), log.entity_key.as_str()), ("control.plan_head", "0486/2024"));
    // Not for a head of unit.
    let v = app.login("verksamhetschef").await;
    assert_eq!(app.get("/k/0486/internkontroll/2024/redigera", Some(&v)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.send("POST", "/k/0486/internkontroll/2024/plan", Some(&v), Some("beslut=X")).await.status, StatusCode::FORBIDDEN);
}
