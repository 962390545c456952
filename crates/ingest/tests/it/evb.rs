//! B's EVB report of 2022-02-15 (all 33 decisions) from the demo register: categories, limits
//! and waiting days as `shared/domain/evb.md` §8 gives them, and the summary counts of §8.1.

use domain::evb::*;
use domain::period::Date;

fn demo() -> ingest::evb::EvbData {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/0127-botkyrka/evb");
    let read = |n: &str| std::fs::read(dir.join(n)).unwrap();
    let (types, laws, decisions, reports, open) =
        (read("insatser.csv"), read("lagrum.csv"), read("beslut.csv"), read("rapporter.csv"), read("rapporterade.csv"));
    ingest::evb::read_evb(&ingest::evb::EvbFiles {
        types: ("insatser.csv", &types),
        law_refs: Some(("lagrum.csv", &laws)),
        decisions: ("beslut.csv", &decisions),
        reports: Some(("rapporter.csv", &reports)),
        open_after: Some(("rapporterade.csv", &open)),
    })
    .unwrap()
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn category(printed: &str) -> Category {
    match printed {
        "VERKSTALLT" => Category::Executed,
        "AVSLUTAT_EJ_VERKSTALLT" => Category::ClosedNotExecuted,
        "EJ_VERKSTALLT_ATERRAPPORT" => Category::StillOpen,
        "NY_EJ_VERKSTALLT" => Category::New,
        other => panic!("{other}"),
    }
}

#[test]
fn all_33_rows_of_b_are_reproduced_from_the_register() {
    let Some(dir) = crate::shared("domain") else { return };
    let md = std::fs::read_to_string(dir.join("evb.md")).unwrap();
    let block = md.split("```csv\n").nth(1).unwrap().split("```").next().unwrap();
    let mut rdr = csv::ReaderBuilder::new().from_reader(block.as_bytes());
    let expected: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(expected.len(), 33);

    let data = demo();
    let (open_before, prev_cutoff) = data.previous("2021Q4");
    let info = data.reports.iter().find(|r| r.key == "2021Q4").unwrap();
    assert_eq!(info.cutoff, d("2021-12-31"));
    let rows = report(&data.decisions, &open_before, prev_cutoff, info.cutoff);
    assert_eq!(rows.len(), 33);
    let meeting = info.meeting.unwrap();
    let num = |s: &str| if s.is_empty() { None } else { Some(s.parse::<i64>().unwrap()) };
    for e in &expected {
        let id = format!("B{:02}", e[0].parse::<u32>().unwrap());
        let dec = data.decisions.iter().find(|x| x.id == id).unwrap();
        let got = rows.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("{id} not in the report"));
        assert_eq!(got.category, category(&e[1]), "{id}");
        assert_eq!(dec.limit(), d(&e[4]), "{id}: limit");
        assert_eq!(dec.days_to_execution(), num(&e[6]), "{id}: days to execution");
        assert_eq!(dec.days_past_limit(), num(&e[7]), "{id}: days past the limit");
        if dec.executed.is_none() {
            assert_eq!(Some(dec.days_open(info.cutoff)), num(&e[8]), "{id}: days to 2021-12-31");
            assert_eq!(Some(dec.days_open(meeting)), num(&e[9]), "{id}: days to 2022-02-15");
            assert_eq!(Some(full_months(dec.start(), info.cutoff) as i64), num(&e[10]), "{id}: full months");
        }
    }

    // §8.1: 10 executed, 2 closed, 16 still open, 5 new; 21 open at the end.
    let stats = Statistics::of(&data.catalog, &data.decisions, &rows, info.cutoff, &Bands::default());
    assert_eq!(stats.totals(), [10, 2, 16, 5]);
    assert_eq!(stats.open(), 21);
    let per_type: Vec<(&str, [u32; 4])> = stats.by_category.iter().map(|(k, c)| (k.as_str(), *c)).collect();
    assert_eq!(
        per_type,
        [
            ("traningslagenhet", [3, 1, 9, 2]),
            ("kontaktperson", [4, 0, 5, 0]),
            ("kontaktfamilj", [0, 0, 0, 3]),
            ("sysselsattning", [2, 0, 0, 0]),
            ("oppenvard", [1, 0, 1, 0]),
            ("boendestod", [0, 1, 0, 0]),
            ("bostad_sarskild_service", [0, 0, 1, 0]),
        ]
    );
    let bands: Vec<(&str, Vec<u32>)> = stats.by_band.iter().map(|(k, b)| (k.as_str(), b.clone())).collect();
    assert_eq!(
        bands,
        [
            ("traningslagenhet", vec![3, 4, 4, 0]),
            ("kontaktperson", vec![1, 2, 0, 2]),
            ("kontaktfamilj", vec![3, 0, 0, 0]),
            ("oppenvard", vec![1, 0, 0, 0]),
            ("bostad_sarskild_service", vec![0, 1, 0, 0]),
        ]
    );

    // Sex is kept for statistics apart from the pseudonym: every open decision has one.
    assert_eq!(stats.by_sex[0] + stats.by_sex[1], 21);
    assert_eq!(stats.by_sex[2], 0);

    // Waiting-time statistics (§8.1).
    let executed: Vec<i64> = data.decisions.iter().filter_map(Decision::days_to_execution).collect();
    let w = waiting(&executed).unwrap();
    assert_eq!((w.n, w.min, w.max, w.mean_tenths, w.median_tenths), (10, 146, 363, 2363, 2255));
    let past: Vec<i64> = data.decisions.iter().filter_map(Decision::days_past_limit).collect();
    let w = waiting(&past).unwrap();
    assert_eq!((w.min, w.max, w.mean_tenths, w.median_tenths), (54, 271, 1451, 1335));
    let open: Vec<&Decision> =
        rows.iter().filter(|r| r.category.open()).map(|r| data.decisions.iter().find(|x| x.id == r.id).unwrap()).collect();
    let w = waiting(&open.iter().map(|x| x.days_open(info.cutoff)).collect::<Vec<_>>()).unwrap();
    assert_eq!((w.n, w.min, w.max, w.mean_tenths, w.median_tenths), (21, 93, 431, 2242, 2170));
    let w = waiting(&open.iter().map(|x| x.days_open(meeting)).collect::<Vec<_>>()).unwrap();
    assert_eq!((w.min, w.max, w.mean_tenths, w.median_tenths), (139, 477, 2702, 2630));

    // C4: row 8 was executed before the previous cut-off yet stood open in that report.
    let findings = anomalies(&data.decisions, &rows, prev_cutoff, info.cutoff);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].starts_with("B08: verkställt 2021-09-27"), "{findings:?}");

    // The law reference printed in the report is chosen by date.
    assert_eq!(law_ref(&data.law_refs, "EVB_REPORT_SOL", info.cutoff).unwrap().label, "16 kap. 6 f § socialtjänstlagen (SoL)");
}

#[test]
fn bad_rows_name_file_line_and_field() {
    let types = "nyckel;namn;alias\nkontaktperson;kontaktperson;\n";
    let bad = |decisions: &str| {
        ingest::evb::read_evb(&ingest::evb::EvbFiles {
            types: ("insatser.csv", types.as_bytes()),
            law_refs: None,
            decisions: ("beslut.csv", decisions.as_bytes()),
            reports: None,
            open_after: None,
        })
        .unwrap_err()
        .to_string()
    };
    let h = "id;insats;beslutsdatum;verkställt;avslutat;pseudonym\n";
    assert!(
        bad(&format!("{h}1;kontaktperson;2021-01-01;;;\n2;hemtjänst;2021-01-01;;;\n"))
            .starts_with("beslut.csv:3: fält \"insats\": ska vara en insats i insatser.csv (kontaktperson), inte \"hemtjänst\"")
    );
    assert!(bad(&format!("{h}1;kontaktperson;2021-02-30;;;\n")).starts_with("beslut.csv:2: fält \"beslutsdatum\""));
    assert!(bad(&format!("{h}1;kontaktperson;2021-02-01;2021-01-01;;\n")).contains("från och med beslutsdatum"));
    assert!(bad(&format!("{h}1;kontaktperson;2021-02-01;2021-03-01;ja;\n")).contains("inte båda"));
    assert!(bad(&format!("{h}1;kontaktperson;2021-02-01;;;Anna Andersson\n")).contains("fält \"pseudonym\": ska vara en IVO-pseudonym"));
    let h = "id;insats;beslutsdatum;händelser\n";
    assert!(
        bad(&format!("{h}1;kontaktperson;2021-02-01;i mars erbjuden plats\n"))
            .starts_with("beslut.csv:2: fält \"händelser\": ska vara händelser som")
    );
    // Offers with their dates and answers, as IVO asks for them.
    let ok = ingest::evb::read_evb(&ingest::evb::EvbFiles {
        types: ("insatser.csv", types.as_bytes()),
        law_refs: None,
        decisions: (
            "beslut.csv",
            format!("{h}1;kontaktperson;2021-02-01;2021-03-01 erbjuden kontaktperson: tackat nej | 2021-04-12\n").as_bytes(),
        ),
        reports: None,
        open_after: None,
    })
    .unwrap();
    let events: Vec<String> = ok.decisions[0].events.iter().map(ToString::to_string).collect();
    assert_eq!(events, ["2021-03-01 erbjuden kontaktperson: tackat nej", "2021-04-12"]);
}
