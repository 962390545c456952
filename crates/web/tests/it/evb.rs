//! Ej verkställda beslut through the web: who sees what, and the audit of identifiable reads.

use crate::{EVB_PSEUDONYMS, apps};
use axum::http::StatusCode;
use domain::period::Date;

fn has_no_pseudonym(body: &str) -> bool {
    EVB_PSEUDONYMS.iter().all(|p| !body.contains(p)) && !body.contains("T123") && !body.contains("TF10")
}

#[tokio::test]
async fn a_ledamot_gets_the_statistics_and_never_an_identifiable_row() {
    for app in apps().await {
        let c = app.login("ledamot").await;
        let page = app.get("/k/0486/evb?kvartal=2021Q4", Some(&c)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.label);
        // A1 new, A2 executed late; A3 has not passed its limit (2022-02-15).
        assert!(page.body.contains("Antal beslut per insats"), "{}", page.body);
        assert!(has_no_pseudonym(&page.body), "{}: {}", app.label, page.body);
        for path in ["/k/0486/evb/statistik/2021Q4", "/k/0486/evb/statistik/2021Q4?format=csv", "/api/v1/municipalities/0486/evb/2021Q4"] {
            let res = app.get(path, Some(&c)).await;
            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert!(has_no_pseudonym(&res.body), "{path}: {}", res.body);
        }
        let pdf = app.get("/k/0486/evb/statistik/2021Q4?format=pdf", Some(&c)).await;
        assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
        assert_eq!(pdf.headers.get("content-type").unwrap(), "application/pdf");
        assert!(pdf.body.starts_with("%PDF"));
        let docx = app.get("/k/0486/evb/statistik/2021Q4?format=docx", Some(&c)).await;
        assert_eq!(docx.status, StatusCode::OK);
        let api: serde_json::Value = serde_json::from_str(&app.get("/api/v1/municipalities/0486/evb/2021Q4", Some(&c)).await.body).unwrap();
        assert_eq!(api["totals"], serde_json::json!([1, 0, 0, 1]), "executed 1 (A2), new 1 (A1)");
        assert_eq!(api["open_by_sex"], serde_json::json!({ "women": 1, "men": 0, "unknown": 0 }), "A1 (…-T123) is a woman");
        for path in ["/k/0486/evb/register", "/k/0486/evb/ivo/2021Q4", "/k/0486/evb/ivo/2021Q4?format=csv", "/k/0486/evb/bevakning"] {
            assert_eq!(app.get(path, Some(&c)).await.status, StatusCode::FORBIDDEN, "{path}");
        }
        // The public gets nothing at all.
        assert_ne!(app.get("/k/0486/evb", None).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_handlers_read_of_identifiable_rows_is_in_the_audit_log() {
    for app in apps().await {
        let before = store::audit::recent(&app.store, Some("0486"), 1000, None).await.unwrap();
        let reads = |log: &[store::AuditEntry]| log.iter().filter(|e| e.action == "evb.read_identifiable").count();
        let c = app.login("verksamhetschef").await;
        let page = app.get("/k/0486/evb/register", Some(&c)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(EVB_PSEUDONYMS[0]));
        let csv = app.get("/k/0486/evb/ivo/2021Q4?format=csv", Some(&c)).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.body.contains(EVB_PSEUDONYMS[0]) && csv.body.contains(EVB_PSEUDONYMS[1]), "{}", csv.body);
        assert!(!csv.body.contains(EVB_PSEUDONYMS[2]), "A3 has not passed its limit");
        let after = store::audit::recent(&app.store, Some("0486"), 1000, None).await.unwrap();
        assert_eq!(reads(&after) - reads(&before), 2, "{}", app.label);
        let last = after.iter().find(|e| e.action == "evb.read_identifiable").unwrap();
        assert_eq!(last.actor, "user:verksamhetschef");
        // The log names the read, not the people.
        assert!(after.iter().all(|e| e.after_json.as_deref().is_none_or(has_no_pseudonym)), "no pseudonym in the audit log");
    }
}

#[tokio::test]
async fn registering_a_decision_and_the_alert_list() {
    for app in apps().await {
        let c = app.login("verksamhetschef").await;
        let bad = app.send("POST", "/k/0486/evb/beslut", Some(&c), Some("id=N1&insats=kontaktperson&beslutsdatum=2022-02-30")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("är inget datum"), "{}", bad.body);
        let ok = app
            .send(
                "POST",
                "/k/0486/evb/beslut",
                Some(&c),
                Some("id=N1&insats=kontaktperson&beslutsdatum=2021-11-30&pseudonym=19850505-T201&enhet=Vuxen"),
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let d = store::evb::decisions(&app.store, "0486").await.unwrap();
        let n1 = d.iter().find(|x| x.id == "N1").unwrap();
        assert_eq!(n1.limit().to_string(), "2022-02-28", "month-end rule");
        assert!(n1.pseudonym.is_none(), "the plain register holds no identity");
        assert_eq!(n1.law, "EVB_REPORT_SOL", "the first law offered when none is chosen");
        // An LSS decision with its age group, reason and interim measure, as IVO asks for them.
        let lss = "id=N2&insats=kontaktperson&lagrum=EVB_REPORT_LSS&beslutsdatum=2021-12-01&aldersgrupp=18%E2%80%9364&skal=Ingen+ledig+kontaktperson&tillfallig=Dagverksamhet";
        assert_eq!(app.send("POST", "/k/0486/evb/beslut", Some(&c), Some(lss)).await.status, StatusCode::SEE_OTHER);
        let n2 = || async { store::evb::decisions(&app.store, "0486").await.unwrap().into_iter().find(|x| x.id == "N2").unwrap() };
        let d = n2().await;
        assert_eq!(
            (d.law.as_str(), d.age_group.as_str(), d.reason.as_str(), d.interim.as_str()),
            ("EVB_REPORT_LSS", "18–64", "Ingen ledig kontaktperson", "Dagverksamhet")
        );
        // Later: closed without execution, with its date; then an execution date is refused
        // (a decision is either executed or closed), and nothing changes.
        let close = app.send("POST", "/k/0486/evb/beslut", Some(&c), Some("id=N2&avslutat=ja&avslutsdatum=2022-01-15")).await;
        assert_eq!(close.status, StatusCode::SEE_OTHER, "{}", close.body);
        let d = n2().await;
        assert!(d.closed && d.closed_on.is_some_and(|c| c.to_string() == "2022-01-15") && d.reason == "Ingen ledig kontaktperson");
        let both = app.send("POST", "/k/0486/evb/beslut", Some(&c), Some("id=N2&verkstallt=2022-02-01")).await;
        assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(both.body.contains("antingen verkställt eller avslutat"), "{}", both.body);
        assert!(n2().await.executed.is_none(), "nothing saved");
        // The alert list looks as far ahead as asked.
        let ahead = app.get("/k/0486/evb/bevakning?dagar=90", Some(&c)).await;
        assert!(ahead.status == StatusCode::OK && ahead.body.contains("inom 90 dagar"), "{}", ahead.body);
        assert_eq!(app.get("/k/0486/evb/bevakning?dagar=0", Some(&c)).await.status, StatusCode::BAD_REQUEST);
        // An unknown law or age group is refused.
        let bad =
            app.send("POST", "/k/0486/evb/beslut", Some(&c), Some("id=N3&insats=kontaktperson&lagrum=HSL&beslutsdatum=2021-12-01")).await;
        assert!(bad.status == StatusCode::UNPROCESSABLE_ENTITY && bad.body.contains("Lagrum"), "{}", bad.body);
    }
}

/// A head of unit tied to one unit sees and changes that unit's decisions only, and does not
/// make the committee's IVO file.
#[tokio::test]
async fn a_unit_head_sees_the_decisions_of_the_own_unit() {
    let app = apps().await.remove(0);
    let mut w = app.store.begin(&store::Actor::system("test")).await.unwrap();
    store::users::set_unit(&mut w, "verksamhetschef", Some("Äldreomsorg")).await.unwrap();
    w.commit().await.unwrap();
    let c = app.login("verksamhetschef").await;
    for path in ["/k/0486/evb/register", "/k/0486/evb/ivo/2021Q4"] {
        let page = app.get(path, Some(&c)).await;
        assert!(page.status == StatusCode::OK && !page.body.contains(EVB_PSEUDONYMS[1]), "{path}: {}", page.body);
    }
    assert_eq!(app.get("/k/0486/evb/ivo/2021Q4?format=csv", Some(&c)).await.status, StatusCode::FORBIDDEN);
    // ... and is offered no link to it.
    let page = app.get("/k/0486/evb/ivo/2021Q4", Some(&c)).await.body;
    assert!(!page.contains("?format=csv") && page.contains("Här visas beslut för enheten Äldreomsorg."), "{page}");
    // Vuxen's decision A1 cannot be updated from Äldreomsorg; a new decision is the own unit's.
    let r = app.send("POST", "/k/0486/evb/beslut", Some(&c), Some("id=A1&verkstallt=2022-03-01")).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("hör till en annan enhet"), "{}", r.body);
    let r = app.send("POST", "/k/0486/evb/beslut", Some(&c), Some("id=N9&insats=kontaktperson&beslutsdatum=2022-02-01")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let n9 = store::evb::decisions(&app.store, "0486").await.unwrap().into_iter().find(|d| d.id == "N9").unwrap();
    assert_eq!(n9.unit, "Äldreomsorg");
}

/// An offer and its answer, entered on the form, reach the register and the IVO file (IVO asks
/// for the offers made and their dates); a date before the decision is refused.
#[tokio::test]
async fn an_offer_and_its_answer_reach_the_register_and_the_ivo_file() {
    for app in apps().await {
        let c = app.login("verksamhetschef").await;
        let a1 = store::evb::decisions(&app.store, "0486").await.unwrap().into_iter().find(|d| d.id == "A1").unwrap();
        let before = Date::from_days_since_epoch(a1.decided.days_since_epoch() - 1);
        let early = format!("id=A1&handelse_datum={before}&handelse=erbjuden+kontaktperson");
        let r = app.send("POST", "/k/0486/evb/beslut", Some(&c), Some(&early)).await;
        assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("daterad från och med beslutsdatum"), "{}", r.body);
        let undated = app.send("POST", "/k/0486/evb/beslut", Some(&c), Some("id=A1&handelse=erbjuden+kontaktperson")).await;
        assert!(undated.status == StatusCode::UNPROCESSABLE_ENTITY && undated.body.contains("ange dess datum"), "{}", undated.body);
        let day = Date::from_days_since_epoch(a1.decided.days_since_epoch() + 10);
        let offer = format!("id=A1&handelse_datum={day}&handelse=erbjuden+kontaktperson+i+grannkommunen&svar=tackat+nej");
        let r = app.send("POST", "/k/0486/evb/beslut", Some(&c), Some(&offer)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let written = format!("{day} erbjuden kontaktperson i grannkommunen: tackat nej");
        let a1 = store::evb::decisions(&app.store, "0486").await.unwrap().into_iter().find(|d| d.id == "A1").unwrap();
        assert_eq!(a1.events.iter().map(ToString::to_string).collect::<Vec<_>>(), vec![written.clone()]);
        assert!(a1.executed.is_none() && !a1.closed, "a client saying no does not close the case");
        assert!(app.get("/k/0486/evb/register", Some(&c)).await.body.contains(&written));
        let csv = app.get("/k/0486/evb/ivo/2021Q4?format=csv", Some(&c)).await.body;
        assert!(csv.lines().next().unwrap().ends_with("Erbjudanden och händelser"), "{csv}");
        assert!(csv.contains(&written), "{csv}");
    }
}

/// What goes into the committee's documents names nobody, and dates are not in the future: a
/// reason with a personnummer, a decision dated tomorrow, a closing without its day are refused
/// with nothing saved.
#[tokio::test]
async fn a_decision_names_nobody_and_has_no_future_dates() {
    let app = apps().await.remove(0);
    let c = app.login("verksamhetschef").await;
    let before = store::evb::decisions(&app.store, "0486").await.unwrap();
    for (form, why) in [
        (
            "id=N7&insats=kontaktperson&beslutsdatum=2021-11-30&skal=Kalle+19900101-1234+tackade+nej",
            "Skälet till dröjsmålet får inte innehålla personnummer",
        ),
        ("id=N7&insats=kontaktperson&beslutsdatum=2999-01-05", "Beslutsdatum 2999-01-05 har inte kommit än"),
        ("id=N7&insats=kontaktperson&beslutsdatum=2021-11-30&verkstallt=2999-01-01", "Verkställt 2999-01-01 har inte kommit än"),
        ("id=N7&insats=kontaktperson&beslutsdatum=2021-11-30&avslutat=ja", "ange avslutsdatum"),
    ] {
        let r = app.send("POST", "/k/0486/evb/beslut", Some(&c), Some(form)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}");
        assert!(r.body.contains(why), "{form}: {}", r.body);
    }
    assert_eq!(store::evb::decisions(&app.store, "0486").await.unwrap().len(), before.len(), "nothing saved");
    // An unknown decision without an insats is told apart from a missing choice.
    let r = app.send("POST", "/k/0486/evb/beslut", Some(&c), Some("id=B999&verkstallt=2022-01-01")).await;
    assert!(r.body.contains("Beslut B999 finns inte i registret"), "{}", r.body);
}
