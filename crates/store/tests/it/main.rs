//! Store tests. Every test runs on SQLite, and on PostgreSQL when ARSHJUL_TEST_POSTGRES_URL is
//! set (CI sets it; with CI=true its absence fails the suite).

mod audit;
mod cases;
mod economy;
mod goals;
mod meetings;
mod org;
mod quality;
mod users;

use store::Store;

/// Runs `body` once per configured backend on a fresh, migrated database.
pub async fn on_each_backend<F, Fut>(body: F)
where
    F: Fn(&'static str, Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for (label, url) in store::testing::fresh_databases().await {
        let s = Store::open(&url).await.unwrap_or_else(|e| panic!("{label}: {e}"));
        body(label, s.clone()).await;
        s.close().await;
    }
}

pub fn sample_org(name: &str) -> domain::org::Organisation {
    use domain::org::*;
    let unit = |key: &str, kind, name: &str, parent: Option<&str>| Unit {
        key: key.into(),
        kind,
        name: name.into(),
        ansvar: None,
        parent: parent.map(Into::into),
        body: if parent.is_none() { Some("SN".into()) } else { None },
    };
    Organisation::new(
        Municipality::new(ScbCode::parse("0486").unwrap(), name),
        vec![
            Body { key: "KF".into(), kind: BodyKind::Kommunfullmaktige, name: "Kommunfullmäktige".into(), parent: None },
            Body { key: "SN".into(), kind: BodyKind::Namnd, name: "Socialnämnden".into(), parent: Some("KF".into()) },
        ],
        vec![
            unit("SK", UnitKind::Forvaltning, "Socialkontoret", None),
            unit("IFO", UnitKind::Verksamhetsomrade, "Individ och familjeomsorg", Some("SK")),
            unit("AO", UnitKind::Verksamhetsomrade, "Äldreomsorg", Some("SK")),
        ],
    )
    .unwrap()
}

#[test]
fn both_migration_folders_list_the_same_files() {
    let list = |dir: &str| {
        let mut v: Vec<String> = std::fs::read_dir(format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".sql").to_string())
            .collect();
        v.sort();
        v
    };
    let declared: Vec<String> = store::migrate::MIGRATIONS.iter().map(|m| m.name.to_string()).collect();
    assert_eq!(list("sqlite"), declared);
    assert_eq!(list("postgres"), declared);
}

/// Years of personnel statistics stored before publication existed stay public; a year stored
/// after it starts unpublished.
#[tokio::test]
async fn the_publication_migration_keeps_earlier_years_public() {
    for (label, url) in store::testing::fresh_databases().await {
        let s = store::Store::connect(&url).await.unwrap();
        store::migrate::run_until(&s, Some("0013_case_unit")).await.unwrap();
        store::testing::execute_raw(
            &s,
            r#"INSERT INTO municipality (code, name) VALUES ('0486', 'Strängnäs kommun');
            INSERT INTO personnel_row (municipality, year, kind, position, row_json) VALUES ('0486', 2022, 'key', 0, '{}');
            INSERT INTO personnel_row (municipality, year, kind, position, row_json) VALUES ('0486', 2022, 'key', 1, '{}');"#,
        )
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(store::migrate::run_until(&s, Some("0014_publication")).await.unwrap(), ["0014_publication"], "{label}");
        use store::publication::{Area, is_published};
        assert!(is_published(&s, "0486", Area::Personnel, 2022).await.unwrap(), "{label}");
        assert!(!is_published(&s, "0486", Area::Personnel, 2023).await.unwrap(), "{label}");
        assert!(!is_published(&s, "0486", Area::Control, 2022).await.unwrap(), "{label}: no plan, nothing published");
    }
}

/// A database from before an interim report was published per period keeps its published
/// copies, each under its period; afterwards a second period is public beside the first.
#[tokio::test]
async fn the_period_migration_keeps_the_published_reports() {
    for (label, url) in store::testing::fresh_databases().await {
        let s = Store::connect(&url).await.unwrap();
        store::migrate::run_until(&s, Some("0025_report_case")).await.unwrap();
        let doc = |title: &str| serde_json::to_string(&domain::report::Document { title: title.into(), ..Default::default() }).unwrap();
        let sql = format!(
            "INSERT INTO municipality (code, name) VALUES ('0486', 'Strängnäs kommun');
                 INSERT INTO publication (municipality, area, year, published) VALUES ('0486', 'report:delarsrapport', 2023, 1);
                 INSERT INTO publication (municipality, area, year, published) VALUES ('0486', 'report:arsrapport', 2023, 1);
                 INSERT INTO published_report (municipality, kind, year, published_at, actor, document, to_month)
                   VALUES ('0486', 'delarsrapport', 2023, '2023-09-20T10:00:00Z', 'user:controller', '{}', 8);
                 INSERT INTO published_report (municipality, kind, year, published_at, actor, document, to_month)
                   VALUES ('0486', 'arsrapport', 2023, '2024-02-20T10:00:00Z', 'user:controller', '{}', NULL);",
            doc("Delårsrapport januari–augusti 2023"),
            doc("Årsrapport 2023")
        );
        store::testing::execute_raw(&s, sql.leak()).await.unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(store::migrate::run_until(&s, Some("0026_published_periods")).await.unwrap(), ["0026_published_periods"], "{label}");
        let title = |p: Option<store::publication::Published>| p.map(|p| p.document.title);
        let year = store::publication::published_report(&s, "0486", "arsrapport", 2023).await.unwrap();
        assert_eq!(title(year).as_deref(), Some("Årsrapport 2023"), "{label}");
        let august = store::publication::published_report_for(&s, "0486", "delarsrapport", 2023, Some(8)).await.unwrap();
        assert_eq!(title(august).as_deref(), Some("Delårsrapport januari–augusti 2023"), "{label}");
        let april = domain::report::Document { title: "Delårsrapport januari–april 2023".into(), ..Default::default() };
        let mut w = s.begin(&store::Actor::system("test")).await.unwrap();
        store::publication::publish_report(&mut w, "0486", "delarsrapport", 2023, &april, Some(4)).await.unwrap();
        w.commit().await.unwrap();
        let copies: Vec<Option<u8>> =
            store::publication::published_copies(&s, "0486", "delarsrapport", 2023).await.unwrap().iter().map(|p| p.to_month).collect();
        assert_eq!(copies, [Some(8), Some(4)], "{label}");
        s.close().await;
    }
}

/// A database from before report texts had periods keeps its texts as the year's; a period's
/// own text then hides the year's for that period only.
#[tokio::test]
async fn the_text_period_migration_keeps_the_texts() {
    for (label, url) in store::testing::fresh_databases().await {
        let s = Store::connect(&url).await.unwrap();
        store::migrate::run_until(&s, Some("0027_row_unit")).await.unwrap();
        store::testing::execute_raw(
            &s,
            "INSERT INTO municipality (code, name) VALUES ('0486', 'Strängnäs kommun');
             INSERT INTO report_text (municipality, kind, year, section, body) VALUES ('0486', 'delarsrapport', 2023, 'verksamhet', 'Årets text.');
             INSERT INTO report_text (municipality, kind, year, section, body) VALUES ('0486', 'delarsrapport', 2023, 'ekonomi', 'Ekonomin.');",
        )
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(store::migrate::run_until(&s, Some("0028_text_periods")).await.unwrap(), ["0028_text_periods"], "{label}");
        let mut w = s.begin(&store::Actor::system("test")).await.unwrap();
        store::report::save_text_for(&mut w, "0486", "delarsrapport", 2023, Some(4), "verksamhet", "Aprils text.").await.unwrap();
        w.commit().await.unwrap();
        let text = |m: Option<u8>| {
            let s = s.clone();
            async move { store::report::texts_for(&s, "0486", "delarsrapport", 2023, m).await.unwrap() }
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(text(None).await, [pair("ekonomi", "Ekonomin."), pair("verksamhet", "Årets text.")], "{label}");
        assert_eq!(text(Some(4)).await, [pair("ekonomi", "Ekonomin."), pair("verksamhet", "Aprils text.")], "{label}");
        assert_eq!(text(Some(8)).await, [pair("ekonomi", "Ekonomin."), pair("verksamhet", "Årets text.")], "{label}");
        s.close().await;
    }
}
