//! The ledger's unmapped rows: every result-account row no drift row holds is listed.

use crate::{on_each_backend, sample_org};
use domain::economy::*;
use domain::money::{Ore, Scale};
use domain::period::Date;
use store::Actor;

#[tokio::test]
async fn unmapped_rows_are_every_result_account_row_no_drift_row_holds() {
    on_each_backend(|label, s| async move {
        let actor = Actor::system("test");
        let row = |key: &str| RowDef { key: key.into(), label: key.into(), prior_deviation: None, prior_compliance: None, unit: None };
        let config = EconomyConfig::new(Scale::Tkr, 0, SignConvention::OutcomeMinusBudget);
        let setup = |rows: Vec<RowDef>| store::economy::Setup { config: config.clone(), rows, mapping: Mapping { rules: vec![] } };
        let mut w = s.begin(&actor).await.unwrap();
        store::org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        store::economy::save_setup(&mut w, "0486", 2023, &setup(vec![row("IFO"), row("AO")])).await.unwrap();
        let mut import = store::economy::LedgerImport::begin(&mut w, "0486", 2023, "hb.se").await.unwrap();
        let ledger = |line: u64, account: u32, amount: i64| LedgerRow {
            line,
            series: "A".into(),
            number: line.to_string(),
            date: Date::parse("2023-02-01").unwrap(),
            account,
            objects: vec![],
            amount: Ore::from_kr(amount),
            text: String::new(),
        };
        import.push(&mut w, ledger(1, 4010, -100), Some(("IFO".into(), Category::Cost))).await.unwrap();
        import.push(&mut w, ledger(2, 4010, -200), Some(("AO".into(), Category::Cost))).await.unwrap();
        // A five-digit result account and a three-digit one, neither mapped; a balance account.
        import.push(&mut w, ledger(3, 45610, -30), None).await.unwrap();
        import.push(&mut w, ledger(4, 350, 40), None).await.unwrap();
        import.push(&mut w, ledger(5, 1930, 290), None).await.unwrap();
        import.finish(&mut w, 5, "UTF-8", &[], "").await.unwrap();
        w.commit().await.unwrap();
        let accounts = |u: Vec<(i64, String, i64, Ore)>| u.into_iter().map(|(a, _, n, sum)| (a, n, sum)).collect::<Vec<_>>();
        assert_eq!(
            accounts(store::economy::unmapped(&s, "0486", 2023).await.unwrap()),
            [(350, 1, Ore::from_kr(40)), (45610, 1, Ore::from_kr(-30))],
            "{label}"
        );
        // AO removed from the setup: its row is no longer held by any drift row, so it is listed.
        let mut w = s.begin(&actor).await.unwrap();
        store::economy::save_setup(&mut w, "0486", 2023, &setup(vec![row("IFO")])).await.unwrap();
        w.commit().await.unwrap();
        assert_eq!(
            accounts(store::economy::unmapped(&s, "0486", 2023).await.unwrap()),
            [(350, 1, Ore::from_kr(40)), (4010, 1, Ore::from_kr(-200)), (45610, 1, Ore::from_kr(-30))],
            "{label}"
        );
    })
    .await;
}
