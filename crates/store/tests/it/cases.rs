//! The diarium: a case's identity is its number's (unit, series, year, serial), as in
//! `domain::cases`, so two units' cases with the same series, year and serial stay two cases.

use crate::{on_each_backend, sample_org};
use domain::cases::*;
use domain::period::Date;
use store::Actor;

fn case(number: &str, title: &str) -> Case {
    Case {
        number: CaseNumber::parse(number).unwrap().0,
        title: title.into(),
        registered: Date::parse("2023-03-01").ok(),
        handler: "Sara Handläggare".into(),
        status: CaseStatus::Open,
        secrecy: None,
    }
}

fn document(title: &str) -> CaseDocument {
    CaseDocument {
        number: 0,
        direction: Direction::In,
        date: Date::parse("2023-03-02").unwrap(),
        registered: None,
        title: title.into(),
        party: String::new(),
        handler: String::new(),
        secrecy: None,
    }
}

#[tokio::test]
async fn cases_of_two_units_with_the_same_serial_are_two_cases() {
    on_each_backend(|label, s| async move {
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        store::org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        let (eh, plain) = (case("EH-SOC.2023.205 742", "Tillsyn av hemtjänsten"), case("SOC.2023.205", "Budget 2024"));
        store::cases::save(&mut w, "0486", &eh).await.unwrap();
        store::cases::save(&mut w, "0486", &plain).await.unwrap();
        store::cases::add_document(&mut w, "0486", &eh.number, document("Anmälan")).await.unwrap();
        let d = store::cases::add_document(&mut w, "0486", &plain.number, document("Förslag")).await.unwrap();
        assert_eq!(d.number, 1, "{label}: documents are numbered within their own case");
        w.commit().await.unwrap();

        assert_eq!(store::cases::cases(&s, "0486").await.unwrap().len(), 2, "{label}: saving one did not replace the other");
        let got = store::cases::case(&s, "0486", &eh.number).await.unwrap().unwrap();
        assert_eq!(got.title, "Tillsyn av hemtjänsten", "{label}");
        let got = store::cases::case(&s, "0486", &plain.number).await.unwrap().unwrap();
        assert_eq!(got.title, "Budget 2024", "{label}");
        // The class code is an attribute, not part of the identity.
        let written_without_class = CaseNumber::parse("EH-SOC.2023.205").unwrap().0;
        assert!(store::cases::case(&s, "0486", &written_without_class).await.unwrap().is_some(), "{label}");
        let titles = |ds: Vec<CaseDocument>| ds.into_iter().map(|d| d.title).collect::<Vec<_>>();
        assert_eq!(titles(store::cases::documents(&s, "0486", &eh.number).await.unwrap()), ["Anmälan"], "{label}");
        assert_eq!(titles(store::cases::documents(&s, "0486", &plain.number).await.unwrap()), ["Förslag"], "{label}");
    })
    .await;
}

/// A database from before the unit was part of the key keeps its cases and documents, and
/// each gets its number's unit.
#[tokio::test]
async fn the_unit_migration_keeps_the_diarium() {
    for (label, url) in store::testing::fresh_databases().await {
        let s = store::Store::connect(&url).await.unwrap();
        store::migrate::run_until(&s, Some("0012_members")).await.unwrap();
        store::testing::execute_raw(
            &s,
            r#"INSERT INTO municipality (code, name) VALUES ('0486', 'Strängnäs kommun');
            INSERT INTO diary_case (municipality, series, year, serial, case_json) VALUES ('0486', 'SOC', 2023, 205,
              '{"number":{"unit":"EH","series":"SOC","year":2023,"serial":205,"class":"742","grammar":"dotted"},"title":"Tillsyn","registered":null,"handler":"","status":"open","secrecy":null}');
            INSERT INTO diary_case (municipality, series, year, serial, case_json) VALUES ('0486', 'SN', 2022, 53,
              '{"number":{"unit":null,"series":"SN","year":2022,"serial":53,"class":null,"grammar":"slash"},"title":"Budget","registered":null,"handler":"","status":"open","secrecy":null}');
            INSERT INTO diary_document (municipality, series, year, serial, number, document_json) VALUES ('0486', 'SOC', 2023, 205, 1,
              '{"number":1,"direction":"in","date":"2023-03-02","registered":null,"title":"Anmälan","party":"","handler":"","secrecy":null}');"#,
        )
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(store::migrate::run_until(&s, Some("0013_case_unit")).await.unwrap(), ["0013_case_unit"], "{label}");
        let eh = CaseNumber::parse("EH-SOC.2023.205").unwrap().0;
        assert_eq!(store::cases::case(&s, "0486", &eh).await.unwrap().unwrap().title, "Tillsyn", "{label}");
        assert_eq!(store::cases::documents(&s, "0486", &eh).await.unwrap().len(), 1, "{label}");
        let without_unit = CaseNumber::parse("SOC.2023.205").unwrap().0;
        assert!(store::cases::case(&s, "0486", &without_unit).await.unwrap().is_none(), "{label}");
        let sn = CaseNumber::parse("SN/2022:00053").unwrap().0;
        assert_eq!(store::cases::case(&s, "0486", &sn).await.unwrap().unwrap().title, "Budget", "{label}");
        s.close().await;
    }
}

/// The diarium lists series in Swedish order on both databases (Z before Å before Ä before Ö).
#[tokio::test]
async fn series_sort_in_swedish_order() {
    on_each_backend(|label, s| async move {
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        store::org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        for n in ["ÖV/2023:1", "AO/2023:1", "ÄO/2023:1", "ZA/2023:1", "ÅB/2023:1", "AO/2023:2"] {
            store::cases::save(&mut w, "0486", &case(n, "Ärende")).await.unwrap();
        }
        w.commit().await.unwrap();
        let order: Vec<String> = store::cases::cases(&s, "0486").await.unwrap().iter().map(|c| c.number.to_string()).collect();
        assert_eq!(
            order,
            ["AO/2023:00002", "AO/2023:00001", "ZA/2023:00001", "ÅB/2023:00001", "ÄO/2023:00001", "ÖV/2023:00001"],
            "{label}"
        );
    })
    .await;
}

/// A case saved again is logged with what it was.
#[tokio::test]
async fn a_case_saved_again_is_logged_with_what_it_was() {
    on_each_backend(|label, s| async move {
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        store::org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        store::cases::save(&mut w, "0486", &case("SN/2023:5", "Taxa")).await.unwrap();
        store::cases::save(&mut w, "0486", &case("SN/2023:5", "Taxa för hemtjänst 2024")).await.unwrap();
        w.commit().await.unwrap();
        let last = store::audit::recent(&s, Some("0486"), 1, None).await.unwrap().remove(0);
        assert_eq!(last.action, "diary.case", "{label}");
        assert!(last.before_json.as_deref().is_some_and(|b| b.contains("\"Taxa\"")), "{label}: {last:?}");
    })
    .await;
}
