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
        let mut import = store::economy::LedgerImport::begin(&mut w, "0486", 2023, "hb.se", 0).await.unwrap();
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

/// The drift table is summed from `ledger_sum`, a cell's drill-down from the rows themselves:
/// for every cell and period they agree, after an import and after a mapping change moves rows.
#[tokio::test]
async fn drift_cells_equal_the_rows_they_open_to_after_import_and_remap() {
    on_each_backend(|label, s| async move {
        let actor = Actor::system("test");
        let row = |key: &str| RowDef { key: key.into(), label: key.into(), prior_deviation: None, prior_compliance: None, unit: None };
        let rule = |from: u32, to: u32, object: &str, unit: &str, category: Category| MappingRule {
            account_from: from,
            account_to: to,
            object: Some((1, object.into())),
            unit: unit.into(),
            category,
        };
        let mapping = Mapping {
            rules: vec![
                rule(3000, 3999, "100", "IFO", Category::Income),
                rule(4000, 7999, "100", "IFO", Category::Cost),
                rule(3000, 3999, "200", "AO", Category::Income),
                rule(4000, 7999, "200", "AO", Category::Cost),
            ],
        };
        let config = EconomyConfig::new(Scale::Tkr, 0, SignConvention::OutcomeMinusBudget);
        let setup = store::economy::Setup { config, rows: vec![row("IFO"), row("AO")], mapping: mapping.clone() };
        let mut w = s.begin(&actor).await.unwrap();
        store::org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        store::economy::save_setup(&mut w, "0486", 2023, &setup).await.unwrap();
        let mut import = store::economy::LedgerImport::begin(&mut w, "0486", 2023, "hb.se", 0).await.unwrap();
        // Rows over three months, two units and both categories, some on the same account,
        // objects and month (one sum), a balance row and an unmapped one.
        let rows = [
            ("2023-01-15", 4010, "100", -100),
            ("2023-01-20", 4010, "100", -50),
            ("2023-01-20", 3510, "100", 30),
            ("2023-02-03", 5011, "200", -700),
            ("2023-02-28", 3510, "200", 80),
            ("2023-03-01", 4010, "100", -5),
            ("2023-03-31", 5011, "300", -9),
            ("2023-03-31", 1930, "", 754),
        ];
        for (i, (date, account, object, kr)) in rows.iter().enumerate() {
            let objects = if object.is_empty() { vec![] } else { vec![(1, object.to_string())] };
            let r = LedgerRow {
                line: i as u64 + 1,
                series: "A".into(),
                number: i.to_string(),
                date: Date::parse(date).unwrap(),
                account: *account,
                objects,
                amount: Ore::from_kr(*kr),
                text: String::new(),
            };
            let placed = domain::economy::is_result_account(r.account)
                .then(|| mapping.classify(r.account, &r.objects))
                .flatten()
                .map(|(k, c)| (k.to_string(), c));
            import.push(&mut w, r, placed).await.unwrap();
        }
        import.finish(&mut w, 8, "UTF-8", &[], "").await.unwrap();
        w.commit().await.unwrap();

        let agree = |when: &'static str| {
            let s = s.clone();
            async move {
                assert_eq!(store::economy::ledger_last_month(&s, "0486", 2023).await.unwrap(), Some(3), "{label} {when}");
                assert_eq!(store::economy::outcome_rows_to(&s, "0486", 2023, 1).await.unwrap(), (8, 3), "{label} {when}");
                let mut cells = 0;
                for to in [Some(1), Some(2), None] {
                    let table = store::economy::drift_table_to(&s, "0486", 2023, to).await.unwrap().unwrap();
                    for r in &table.rows {
                        for (category, shown) in [(Category::Income, r.outcome.income), (Category::Cost, r.outcome.costs)] {
                            let (_, _, sum) =
                                store::economy::cell_rows(&s, "0486", 2023, Some(&r.key), Some(category), to, 100).await.unwrap();
                            // Ledger signs (debit +) against the table's (income +, costs −).
                            assert_eq!(shown, -sum, "{label} {when}: {} {category:?} to {to:?}", r.key);
                            cells += usize::from(sum != Ore::ZERO);
                        }
                    }
                }
                cells
            }
        };
        assert!(agree("after the import").await >= 8, "{label}");
        // The drill-down of the whole table (no drift row named, which SQLite reads going
        // through the table): the mapped rows, in date order, with the count and total of the sums.
        let (all, count, sum) = store::economy::cell_rows(&s, "0486", 2023, None, None, None, 100).await.unwrap();
        assert_eq!((all.len(), count), (6, 6), "{label}");
        assert_eq!(all.iter().map(|r| r.amount).sum::<Ore>(), sum, "{label}");
        assert!(all.windows(2).all(|w| (&w[0].date, w[0].line) <= (&w[1].date, w[1].line)), "{label}");
        let unmapped = |u: Vec<(i64, String, i64, Ore)>| u.into_iter().map(|(a, o, n, sum)| (a, o, n, sum)).collect::<Vec<_>>();
        assert_eq!(
            unmapped(store::economy::unmapped(&s, "0486", 2023).await.unwrap()),
            [(5011, "1:300".to_string(), 1, Ore::from_kr(-9))],
            "{label}"
        );

        // Object 100 moves to AO and object 300 gets a rule: rows move between cells.
        let mut moved = mapping.clone();
        moved.rules.retain(|r| r.object.as_ref().is_none_or(|(_, o)| o != "100"));
        moved.rules.push(rule(3000, 7999, "100", "AO", Category::Cost));
        moved.rules.push(rule(4000, 7999, "300", "IFO", Category::Cost));
        let mut w = s.begin(&actor).await.unwrap();
        let remapped = store::economy::replace_mapping(&mut w, "0486", 2023, &moved).await.unwrap();
        w.commit().await.unwrap();
        assert_eq!((remapped.moved, remapped.lost, remapped.unmapped), (5, 0, 0), "{label}");
        agree("after the mapping change").await;
        let table = store::economy::drift_table(&s, "0486", 2023).await.unwrap().unwrap();
        let ifo = table.rows.iter().find(|r| r.key == "IFO").unwrap();
        assert_eq!((ifo.outcome.income, ifo.outcome.costs), (Ore::ZERO, Ore::from_kr(9)), "{label}");
        assert!(store::economy::unmapped(&s, "0486", 2023).await.unwrap().is_empty(), "{label}");
    })
    .await;
}

/// Ledger rows as a database held them before `ledger_sum` (migration 0032) and `sum_id` (0033).
const LEDGER_ROWS_BEFORE_0032: &str = "INSERT INTO ledger_row (municipality, year, import_id, line, series, number, date, account, objects, amount, text, row_key, category) VALUES
   ('0486', 2023, 1, 10, 'A', '1', '2023-02-01', 4010, '1:100', 10000, 'Faktura', 'IFO', 'kostnad'),
   ('0486', 2023, 1, 11, 'A', '2', '2023-03-15', 4010, '1:100', 2500, 'Hyra', 'IFO', 'kostnad'),
   ('0486', 2023, 1, 12, 'A', '3', '2023-03-20', 45610, '', -300, 'Faktura', NULL, NULL),
   ('0486', 2023, 1, 13, 'B', '4', '2023-03-21', 3510, '1:200', -900, 'Avgift', 'AO', 'intakt'),
   ('0486', 2022, 1, 10, 'A', '1', '2022-12-01', 4010, '1:100', 7, 'Faktura', 'IFO', 'kostnad');";

/// The result-account rows of 2023 in [`LEDGER_ROWS_BEFORE_0032`] by account and objects: with
/// no drift rows set up, none is held by one.
fn unmapped_before_0032() -> Vec<(i64, String, i64, Ore)> {
    vec![
        (3510, "1:200".to_string(), 1, Ore::new(-900)),
        (4010, "1:100".to_string(), 2, Ore::new(12500)),
        (45610, String::new(), 1, Ore::new(-300)),
    ]
}

/// A database with a ledger from before `ledger_sum` gets the sums of the rows it has.
#[tokio::test]
async fn the_ledger_sum_migration_sums_the_rows_already_there() {
    for (label, url) in store::testing::fresh_databases().await {
        let s = store::Store::connect(&url).await.unwrap();
        store::migrate::run_until(&s, Some("0031_budget_line_at")).await.unwrap();
        store::testing::execute_raw(&s, LEDGER_ROWS_BEFORE_0032).await.unwrap();
        assert_eq!(store::migrate::run_until(&s, Some("0032_ledger_sum")).await.unwrap(), ["0032_ledger_sum"], "{label}");
        assert_eq!(store::economy::ledger_last_month(&s, "0486", 2023).await.unwrap(), Some(3), "{label}");
        assert_eq!(store::economy::ledger_last_month(&s, "0486", 2022).await.unwrap(), Some(12), "{label}");
        assert_eq!(store::economy::outcome_rows_to(&s, "0486", 2023, 2).await.unwrap(), (4, 1), "{label}");
        // No drift rows set up: no row is held by one.
        assert_eq!(store::economy::unmapped(&s, "0486", 2023).await.unwrap(), unmapped_before_0032(), "{label}");
    }
}

/// A database whose ledger rows carry their own account, objects and place gets them from the
/// sums they are counted in: a drill-down shows the same rows with the same values.
#[tokio::test]
async fn the_ledger_row_sum_migration_keeps_every_row_with_its_values() {
    for (label, url) in store::testing::fresh_databases().await {
        let s = store::Store::connect(&url).await.unwrap();
        store::migrate::run_until(&s, Some("0031_budget_line_at")).await.unwrap();
        store::testing::execute_raw(&s, LEDGER_ROWS_BEFORE_0032).await.unwrap();
        assert_eq!(
            store::migrate::run(&s).await.unwrap(),
            ["0032_ledger_sum", "0033_ledger_row_sum", "0034_ledger_file", "0035_case_form"],
            "{label}: the migrations after 0031"
        );
        let (rows, count, total) = store::economy::cell_rows(&s, "0486", 2023, Some("IFO"), Some(Category::Cost), None, 10).await.unwrap();
        let seen: Vec<_> = rows
            .iter()
            .map(|r| (r.line, r.voucher.as_str(), r.date.as_str(), r.account, r.objects.as_str(), r.amount, r.text.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (10, "A 1", "2023-02-01", 4010, "1:100", Ore::new(10000), "Faktura"),
                (11, "A 2", "2023-03-15", 4010, "1:100", Ore::new(2500), "Hyra")
            ],
            "{label}"
        );
        assert_eq!((count, total), (2, Ore::new(12500)), "{label}");
        // The whole column in date order, over months, up to the limit; the count is of all.
        for (limit, lines) in [(1, vec![10]), (2, vec![10, 11]), (3, vec![10, 11, 13]), (9, vec![10, 11, 13])] {
            let (rows, count, total) = store::economy::cell_rows(&s, "0486", 2023, None, None, None, limit).await.unwrap();
            assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), lines, "{label}: limit {limit}");
            assert_eq!((count, total), (3, Ore::new(11600)), "{label}: limit {limit}");
        }
        let (rows, count, _) = store::economy::cell_rows(&s, "0486", 2023, None, None, Some(2), 10).await.unwrap();
        assert_eq!((rows.len(), count, rows[0].line), (1, 1, 10), "{label}: to February");
        let (rows, count, total) = store::economy::cell_rows(&s, "0486", 2023, Some("AO"), None, None, 10).await.unwrap();
        assert_eq!((rows.len(), count, total, rows[0].voucher.as_str()), (1, 1, Ore::new(-900), "B 4"), "{label}");
        let (rows, ..) = store::economy::cell_rows(&s, "0486", 2022, None, None, None, 10).await.unwrap();
        assert_eq!(rows.iter().map(|r| r.amount).collect::<Vec<_>>(), [Ore::new(7)], "{label}: 2022");
        assert_eq!(store::economy::unmapped(&s, "0486", 2023).await.unwrap(), unmapped_before_0032(), "{label}");
    }
}

/// A voucher's series, number and text are written once for its rows; a row whose text is not
/// the voucher's keeps its own. A drill-down shows every row as read, and a new import of the
/// year leaves none of the old vouchers behind.
#[tokio::test]
async fn rows_show_their_voucher_and_own_text_and_a_new_import_replaces_the_vouchers() {
    on_each_backend(|label, s| async move {
        let actor = Actor::system("test");
        one_row_year(&s, &actor).await;
        let import = |rows: Vec<(&'static str, &'static str, &'static str, &'static str)>| {
            let s = s.clone();
            let actor = actor.clone();
            async move {
                let mut w = s.begin(&actor).await.unwrap();
                let mut import = store::economy::LedgerImport::begin(&mut w, "0486", 2023, "hb.se", 0).await.unwrap();
                for (i, (series, number, date, text)) in rows.iter().enumerate() {
                    let r = LedgerRow {
                        line: i as u64 + 1,
                        series: series.to_string(),
                        number: number.to_string(),
                        date: Date::parse(date).unwrap(),
                        account: 4010,
                        objects: vec![],
                        amount: Ore::from_kr(-(i as i64) - 1),
                        text: text.to_string(),
                    };
                    import.push(&mut w, r, Some(("IFO".into(), Category::Cost))).await.unwrap();
                }
                import.finish(&mut w, rows.len() as u64, "UTF-8", &[], "").await.unwrap();
                w.commit().await.unwrap();
            }
        };
        let shown = || {
            let s = s.clone();
            async move {
                let (rows, ..) = store::economy::cell_rows(&s, "0486", 2023, Some("IFO"), None, None, 100).await.unwrap();
                rows.into_iter().map(|r| (r.voucher, r.text)).collect::<Vec<_>>()
            }
        };
        let v = |voucher: &str, text: &str| (voucher.to_string(), text.to_string());
        import(vec![
            ("A", "1", "2023-01-05", "Faktura"),
            ("A", "1", "2023-01-05", "Faktura"),
            ("A", "1", "2023-01-05", "Moms"),
            ("A", "2", "2023-01-06", "Hyra"),
            ("PSALDO", "", "2023-01-31", "Periodsaldo januari"),
            ("PSALDO", "", "2023-02-28", "Periodsaldo februari"),
            ("B", "1", "2023-02-28", ""),
        ])
        .await;
        assert_eq!(
            shown().await,
            [
                v("A 1", "Faktura"),
                v("A 1", "Faktura"),
                v("A 1", "Moms"),
                v("A 2", "Hyra"),
                v("PSALDO", "Periodsaldo januari"),
                v("PSALDO", "Periodsaldo februari"),
                v("B 1", ""),
            ],
            "{label}"
        );
        // Dates as ISO text, as read (the import binds day numbers, the database writes the text).
        let (rows, ..) = store::economy::cell_rows(&s, "0486", 2023, Some("IFO"), None, None, 100).await.unwrap();
        assert_eq!(
            rows.iter().map(|r| r.date.as_str()).collect::<Vec<_>>(),
            ["2023-01-05", "2023-01-05", "2023-01-05", "2023-01-06", "2023-01-31", "2023-02-28", "2023-02-28"],
            "{label}"
        );
        assert_eq!(store::testing::count_raw(&s, "SELECT COUNT(*) FROM ledger_voucher").await.unwrap(), 4, "{label}");
        import(vec![("C", "7", "2023-03-01", "Ny fil")]).await;
        assert_eq!(shown().await, [v("C 7", "Ny fil")], "{label}");
        assert_eq!(store::testing::count_raw(&s, "SELECT COUNT(*) FROM ledger_voucher").await.unwrap(), 1, "{label}: the old vouchers");
        assert_eq!(store::testing::count_raw(&s, "SELECT COUNT(*) FROM ledger_row").await.unwrap(), 1, "{label}: the old rows");
    })
    .await;
}

/// Strängnäs 2023 with one drift row, IFO, and no mapping rules.
async fn one_row_year(s: &store::Store, actor: &Actor) {
    let config = EconomyConfig::new(Scale::Tkr, 0, SignConvention::OutcomeMinusBudget);
    let row = RowDef { key: "IFO".into(), label: "IFO".into(), prior_deviation: None, prior_compliance: None, unit: None };
    let setup = store::economy::Setup { config, rows: vec![row], mapping: Mapping { rules: vec![] } };
    let mut w = s.begin(actor).await.unwrap();
    store::org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
    store::economy::save_setup(&mut w, "0486", 2023, &setup).await.unwrap();
    w.commit().await.unwrap();
}

#[tokio::test]
async fn the_latest_import_keeps_its_file_in_parts_and_lets_go_of_the_one_before() {
    on_each_backend(|label, s| async move {
        let actor = Actor::system("test");
        one_row_year(&s, &actor).await;
        // Imports `file` (kept in pieces as the reader sends them), committed or not.
        let import = |file: Vec<u8>, commit: bool| {
            let (s, actor) = (s.clone(), actor.clone());
            async move {
                let mut w = s.begin(&actor).await.unwrap();
                let mut import = store::economy::LedgerImport::begin(&mut w, "0486", 2023, "hb å.se", 0).await.unwrap();
                // Pieces larger than a part, so that one is stored as two.
                for piece in file.chunks(1_500_000) {
                    import.keep_file(&mut w, piece).await.unwrap();
                }
                import.finish(&mut w, 1, "UTF-8", &[], "").await.unwrap();
                if commit {
                    w.commit().await.unwrap();
                }
            }
        };
        // The file as kept: its parts read one by one until there are no more.
        let kept = |id: i64| {
            let s = s.clone();
            async move {
                let (mut bytes, mut parts) = (Vec::new(), 0);
                while let Some(part) = store::economy::ledger_file_part(&s, id, parts).await.unwrap() {
                    assert!(part.len() <= store::economy::FILE_PART);
                    bytes.extend(part);
                    parts += 1;
                }
                (bytes, parts)
            }
        };
        let first: Vec<u8> = (0..2 * store::economy::FILE_PART + 12_345).map(|i| (i * 7 % 251) as u8).collect();
        import(first.clone(), true).await;
        let imports = store::economy::imports(&s, "0486", 2023).await.unwrap();
        assert_eq!(imports[0].file_size, Some(first.len() as i64), "{label}");
        let (bytes, parts) = kept(imports[0].id).await;
        assert!(bytes == first && parts == 3, "{label}: {} bytes in {parts} parts, byte for byte", bytes.len());
        // An import that fails (not committed) leaves the file as it was.
        import(b"#FLAGGA 0".to_vec(), false).await;
        assert!(kept(imports[0].id).await.0 == first, "{label}: after a failed import");
        // A new import keeps its own file, and only its own.
        import(b"#FLAGGA 0\r\n".to_vec(), true).await;
        let now = store::economy::imports(&s, "0486", 2023).await.unwrap();
        assert_eq!((now[0].file_size, now[1].file_size), (Some(11), None), "{label}");
        assert_eq!(kept(now[0].id).await, (b"#FLAGGA 0\r\n".to_vec(), 1), "{label}");
        assert_eq!(kept(now[1].id).await, (Vec::new(), 0), "{label}: the earlier file");
    })
    .await;
}
