//! The internal-control vectors of test-vectors.md §11.

use super::*;
use crate::checks;

fn s_probability() -> LevelScale {
    LevelScale { labels: vec![(1, "Osannolikt".into()), (2, "Mindre sannolikt".into()), (3, "Möjligt".into()), (4, "Sannolikt".into())] }
}

fn s_consequence() -> LevelScale {
    LevelScale { labels: vec![(3, "Kännbara".into()), (4, "Allvarliga".into())] }
}

#[test]
fn ic_01_to_05_s_risk_values() {
    let p = s_probability();
    let k = s_consequence();
    let rows = [
        ("Sannolikt", "Allvarliga", 16),
        ("Mindre sannolikt", "Allvarliga", 8),
        ("Möjligt", "Kännbara", 9),
        ("Osannolikt", "Kännbara", 3),
        ("Osannolikt", "Kännbara", 3),
    ];
    for (pl, kl, v) in rows {
        assert_eq!(risk_value(p.value_of(pl).unwrap(), k.value_of(kl).unwrap()), v, "{pl} × {kl}");
    }
    assert_eq!(
        (p.value_of("Osannolikt"), p.value_of("Mindre sannolikt"), p.value_of("Möjligt"), p.value_of("Sannolikt")),
        (Some(1), Some(2), Some(3), Some(4))
    );
    assert_eq!((k.value_of("Kännbara"), k.value_of("Allvarliga")), (Some(3), Some(4)));
    assert_eq!(k.label(1), "1", "unprinted levels stay unlabelled");
    let t = RiskThresholds::default();
    assert_eq!([16, 8, 9, 3, 3].map(|v| t.level(v)), [RiskLevel::High, RiskLevel::Medium, RiskLevel::High, RiskLevel::Low, RiskLevel::Low]);
}

#[test]
fn ic_06_genomforandeplan_rule() {
    // "At least 5 of 8 criteria → godkänd" as a municipality configures it: a two-level result
    // scale whose cut-off is 5/8 = 62,5 %, each plan rated from its counts like any control.
    let scale = ResultScale {
        levels: vec![("godkand".into(), "Godkänd".into(), "●".into()), ("ej-godkand".into(), "Ej godkänd".into(), "▲".into())],
        good_from: Measure::parse_sv("62,5").unwrap(),
        acceptable_from: Measure::parse_sv("62,5").unwrap(),
    };
    let plan = |met: u32| ControlResult {
        item: "genomforandeplan".into(),
        period: crate::period::Period::Year(2023),
        level: String::new(),
        reviewed: Some(8),
        deviations: Some(8 - met),
        approved_share: None,
        findings: String::new(),
    };
    assert_eq!(scale.rate(plan(5).computed_share().unwrap()), "godkand");
    assert_eq!(scale.rate(plan(4).computed_share().unwrap()), "ej-godkand");
}

#[test]
fn ic_07_08_shares_per_pair() {
    let m = Measure::from_int;
    assert!(checks::sum(&[m(74), m(27)], m(100), m(0)).is_err(), "IC-07: 101");
    checks::sum(&[m(62), m(38)], m(100), m(0)).unwrap();
    assert!(checks::sum(&[m(43), m(71)], m(100), m(0)).is_err(), "IC-08: 114");
}

#[test]
fn ic_10_to_12_b_risk_values() {
    let p = LevelScale::default();
    assert_eq!(risk_value(p.value_of("3. Stor").unwrap(), p.value_of("4. Allvarlig").unwrap()), 12);
    assert_eq!(risk_value(p.value_of("4. Mycket stor").unwrap(), p.value_of("3. Kännbar").unwrap()), 12);
    assert_eq!(risk_value(p.value_of("3. Stor").unwrap(), p.value_of("3. Kännbar").unwrap()), 9);
}

fn result(reviewed: u32, deviations: u32) -> ControlResult {
    ControlResult {
        item: "x".into(),
        period: Period::Year(2021),
        level: String::new(),
        reviewed: Some(reviewed),
        deviations: Some(deviations),
        approved_share: None,
        findings: String::new(),
    }
}

#[test]
fn ic_13_to_19_rates_and_ratings() {
    let s = ResultScale::god_godtagbar();
    let rate = |r: u32, d: u32| result(r, d).computed_share().unwrap();
    assert_eq!(rate(6, 0).present(0), "100");
    assert_eq!(s.rate(rate(6, 0)), "god", "IC-13");
    assert_eq!(rate(38, 5).present(0), "87");
    assert_eq!(s.rate(rate(38, 5)), "godtagbar", "IC-14");
    assert_eq!(rate(97, 35).present(0), "64", "IC-15");
    assert_eq!(rate(124, 47).present(0), "62", "IC-16");
    assert_eq!(rate(221, 82).present(0), "63", "IC-17");
    assert_eq!(s.rate(rate(221, 82)), "godtagbar");
    assert!(checks::text_vs_table("Fakturor (granskade)", Measure::from_int(54), Measure::from_int(221)).is_some(), "IC-18");
    let lowest = [1, 4, 0].iter().map(|dev| 100 - dev).min().unwrap();
    assert_eq!(lowest, 96);
    assert_eq!(s.rate(Measure::from_int(lowest)), "god", "IC-19");
}

#[test]
fn ic_20_21_counts_and_thresholds() {
    let s = ResultScale::god_godtagbar();
    let symbols = ["●", "●", "●", "—", "●", "◆", "◆"];
    let levels: Vec<&str> = symbols.iter().map(|sym| s.level(sym).unwrap().0.as_str()).collect();
    let counts = count_levels(&s, &levels);
    assert_eq!(counts, [("God", 4), ("Godtagbar", 2), ("Ej godkänd", 0), ("Ej genomförd", 1)]);
    for v in [100, 100, 96] {
        assert_eq!(s.rate(Measure::from_int(v)), "god");
    }
    for v in [87, 63] {
        assert_eq!(s.rate(Measure::from_int(v)), "godtagbar");
    }
}

#[test]
fn actions_become_overdue_after_their_deadline() {
    let a =
        Action { id: 1, item: "x".into(), text: "Utbilda".into(), owner: "Chef".into(), due: Date::parse("2021-10-31").ok(), done: false };
    assert!(!a.overdue(Date::parse("2021-10-31").unwrap()));
    assert!(a.overdue(Date::parse("2021-11-01").unwrap()));
    assert!(!Action { done: true, ..a }.overdue(Date::parse("2022-01-01").unwrap()));
}

#[test]
fn an_empty_result_is_not_rated_even_when_a_level_has_no_symbol() {
    let mut scale = ResultScale::god_godtagbar();
    scale.levels[2].2 = String::new();
    assert_eq!(scale.level(""), None);
    assert_eq!(scale.level("Ej godkänd").map(|l| l.0.as_str()), Some("ej-godkand"));
    assert_eq!(scale.level("◆").map(|l| l.0.as_str()), Some("godtagbar"));
}

#[test]
fn more_deviations_than_reviewed_gives_no_share() {
    let r = |reviewed, deviations| ControlResult {
        item: "k".into(),
        period: crate::period::Period::Year(2023),
        level: String::new(),
        reviewed: Some(reviewed),
        deviations: Some(deviations),
        approved_share: None,
        findings: String::new(),
    };
    assert_eq!(r(8, 1).computed_share().map(|m| m.present(1)), Some("87,5".to_string()));
    assert_eq!(r(5, 7).computed_share(), None, "not a panic, not a wrapped share");
}

#[test]
fn controls_keyed_by_names_are_shown_by_their_place() {
    let item = |key: &str| ControlItem {
        key: key.into(),
        perspective: String::new(),
        goal: String::new(),
        area: String::new(),
        what: String::new(),
        risk: String::new(),
        probability: 1,
        consequence: 1,
        method: String::new(),
        frequency: String::new(),
        responsible: String::new(),
        timing: String::new(),
    };
    let named = [item("gfp"), item("missf_ao")];
    assert_eq!(shown_number(&named, "missf_ao"), "2");
    assert_eq!(shown_number(&named, "gfp#kommunal_hemtjanst"), "1 kommunal hemtjanst");
    let numbered = [item("3.1.4"), item("3.1.5")];
    assert_eq!(shown_number(&numbered, "3.1.5"), "3.1.5");
    // A part is named as its findings name it, with å, ä and ö.
    let part = |key: &str, findings: &str| ControlResult {
        item: key.into(),
        period: Period::Year(2023),
        level: String::new(),
        reviewed: None,
        deviations: None,
        approved_share: None,
        findings: findings.into(),
    };
    assert_eq!(part_label(&part("gfp#aldreomsorg_sabo", "Äldreomsorg/SÄBO: Andel godkända 62%")).as_deref(), Some("Äldreomsorg/SÄBO"));
    assert_eq!(part_label(&part("gfp#privat_hemtjanst", "")).as_deref(), Some("privat hemtjanst"));
    assert_eq!(part_label(&part("gfp", "Godkänt: allt")), None);
}
