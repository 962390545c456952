//! The goal and indicator vectors of `shared/domain/test-vectors.md` §8, by id.

use super::*;
use crate::checks::{self, Severity};

fn m(s: &str) -> Measure {
    Measure::parse_sv(s).unwrap_or_else(|| panic!("not a number: {s}"))
}

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

fn value(v: &str) -> Option<Target> {
    Some(Target::Value { value: m(v) })
}

#[test]
fn measures_parse_as_printed() {
    assert_eq!(m("10,74"), Measure::from_raw(107_400));
    assert_eq!(m("- 34 867"), Measure::from_int(-34_867));
    assert_eq!(m("91%*"), Measure::from_int(91));
    assert_eq!(m("6.4%"), m("6,4"));
    assert_eq!(m("0,0"), Measure::from_int(0));
    assert!(Measure::parse_sv("Ja").is_none());
    assert!(Measure::parse_sv("1,23456").is_none());
    assert_eq!(m("10,74").to_string(), "10,74");
    assert_eq!(m("3,5").to_string(), "3,5");
    assert_eq!(m("77").to_string(), "77");
    assert_eq!(IndicatorUnit::Percent.format(m("10,74")), "10,74\u{a0}%");
}

/// S's ten goals, with the perspective from the analysis headings (S:170–306).
fn s_structure() -> GoalStructure {
    let levels = vec![GoalLevel { depth: 1, name: "Perspektiv".into() }, GoalLevel { depth: 2, name: "Nämndmål".into() }];
    let mut goals: Vec<Goal> = ["Invånare", "Samhälle", "Medarbetare", "Ekonomi"]
        .iter()
        .map(|name| Goal {
            key: format!("P-{}", &name[..3].to_uppercase()),
            depth: 1,
            parent: None,
            number: None,
            title: (*name).into(),
            kf_goal: None,
            agenda2030: vec![],
            assignments: vec![],
        })
        .collect();
    let parents = ["P-INV", "P-INV", "P-INV", "P-INV", "P-INV", "P-SAM", "P-SAM", "P-MED", "P-MED", "P-EKO"];
    for (i, parent) in parents.iter().enumerate() {
        goals.push(Goal {
            key: format!("M{:02}", i + 1),
            depth: 2,
            parent: Some((*parent).into()),
            number: Some((i + 1).to_string()),
            title: format!("Mål {}", i + 1),
            kf_goal: None,
            agenda2030: vec![],
            assignments: vec![],
        });
    }
    GoalStructure::new(levels, goals).unwrap()
}

fn s_assessments(scale: &Scale) -> Vec<Assessment> {
    let levels = [
        "Uppfyllt",
        "Uppfyllt",
        "Uppfyllt",
        "Delvis uppfyllt",
        "Delvis uppfyllt",
        "Uppfyllt",
        "Uppfyllt",
        "Delvis uppfyllt",
        "Uppfyllt",
        "Delvis uppfyllt",
    ];
    levels.iter().enumerate().map(|(i, l)| Assessment::new(&format!("M{:02}", i + 1), p("2023"), l, "Analys.", scale).unwrap()).collect()
}

#[test]
fn go_01_tally_and_count_sentence() {
    let scale = Scale::three_words();
    let a = s_assessments(&scale);
    let refs: Vec<&Assessment> = a.iter().collect();
    let t: Vec<(&str, usize)> = tally(&scale, &refs).into_iter().map(|(l, n)| (l.label.as_str(), n)).collect();
    assert_eq!(t, [("Uppfyllt", 6), ("Delvis uppfyllt", 4)]);
    assert_eq!(count_sentence(&scale, &refs, 10), "Sex av tio mål är helt uppfyllda. Övriga fyra mål bedöms delvis uppfyllda.");
    // One goal is uppfyllt, not uppfyllda.
    assert_eq!(count_sentence(&scale, &refs[..1], 10), "Ett av tio mål är helt uppfyllt. Nio mål saknar bedömning.");
    assert_eq!(count_sentence(&scale, &refs[7..], 3), "Ett av tre mål är helt uppfyllt. Övriga två mål bedöms delvis uppfyllda.");
    assert_eq!(count_sentence(&scale, &refs[4..6], 2), "Ett av två mål är helt uppfyllt. Det övriga målet bedöms delvis uppfyllt.");
}

#[test]
fn go_02_perspective_from_the_analysis_and_the_shifted_table_is_flagged() {
    let s = s_structure();
    let g5 = s.goal("M05").unwrap();
    assert_eq!(s.root_of(g5).title, "Invånare");
    // The summary table as printed (S:141–150): labels one row off.
    let printed =
        ["Invånare", "Invånare", "Invånare", "Invånare", "Samhälle", "Samhälle", "Medarbetare", "Medarbetare", "Ekonomi", "Ekonomi"];
    let rows: Vec<(String, &str, String)> = (1..=10)
        .map(|i| {
            let g = s.goal(&format!("M{i:02}")).unwrap();
            (g.key.clone(), printed[i - 1], s.root_of(g).title.clone())
        })
        .collect();
    let rows: Vec<(&str, &str, &str)> = rows.iter().map(|(k, pr, a)| (k.as_str(), *pr, a.as_str())).collect();
    let findings = checks::table_groups(&rows);
    let flagged: Vec<&str> = findings.iter().map(|f| f.message.split('"').nth(1).unwrap()).collect();
    assert_eq!(flagged, ["M05", "M07", "M09"]);
}

#[test]
fn go_03_goal_number_to_perspective() {
    let s = s_structure();
    let by_number = |n: &str| s.goals().iter().find(|g| g.number.as_deref() == Some(n)).unwrap();
    assert_eq!(s.root_of(by_number("1")).title, "Invånare");
    assert_eq!(s.root_of(by_number("2")).title, "Invånare");
    assert_eq!(s.root_of(by_number("10")).title, "Ekonomi");
}

#[test]
fn go_04_botkyrka_tally_with_an_unassessed_goal() {
    // B's words: uppfyllt / delvis uppfyllt / inte uppnått (B:216–560).
    let mut scale = Scale::three_words();
    scale.levels[0].label = "Inte uppnått".into();
    scale.levels[0].phrase = "inte uppnådda".into();
    scale.levels[2].phrase = "uppfyllda".into();
    let words = [
        "Uppfyllt",
        "Uppfyllt",
        "Uppfyllt",
        "Uppfyllt",
        "Uppfyllt",
        "Delvis uppfyllt",
        "Delvis uppfyllt",
        "Delvis uppfyllt",
        "Delvis uppfyllt",
        "Inte uppnått",
    ];
    let a: Vec<Assessment> =
        words.iter().enumerate().map(|(i, w)| Assessment::new(&format!("B{i}"), p("2021"), w, "Analys.", &scale).unwrap()).collect();
    let refs: Vec<&Assessment> = a.iter().collect();
    let t: Vec<usize> = tally(&scale, &refs).into_iter().map(|(_, n)| n).collect();
    assert_eq!(t, [5, 4, 1]);
    assert_eq!(
        count_sentence(&scale, &refs, 11),
        "Fem av elva mål är uppfyllda. Av övriga bedöms fyra delvis uppfyllda och ett inte uppnått. Ett mål saknar bedömning."
    );
}

#[test]
fn go_05_goal_status_is_manual_with_information_beside_it() {
    // B 2.4.2.1 judged "uppfyllt" with HME 76 < 83, avslutade 15,3 % > 13 %, frisknärvaro 91,86 % < 94 %.
    let hme = attainment(Direction::Higher, value("83").as_ref(), m("76"), None);
    let avslutade = attainment(Direction::Lower, value("13").as_ref(), m("15,3"), None);
    let frisk = attainment(Direction::Higher, value("94").as_ref(), m("91,86"), None);
    let scale = Scale::three_words();
    let a = Assessment::new("2.4.2.1", p("2021"), "uppfyllt", "Medarbetarna trivs.", &scale).unwrap();
    assert_eq!(a.level(), "uppfyllt", "accepted as entered");
    let info = checks::judged_met_despite_indicators("2.4.2.1", true, &[hme, avslutade, frisk]).unwrap();
    assert_eq!(info.severity, Severity::Info);
    assert_eq!(suggest(&scale, &[hme, avslutade, frisk]).unwrap().label, "Ej uppfyllt", "the suggestion differs");
}

#[test]
fn go_06_goals_are_matched_by_key_not_title() {
    let s = s_structure();
    let mut g = s.goal("M02").unwrap().clone();
    g.title = "Kommunens äldre ska ges stöd att fortsätta leva sin valda livsstil".into();
    let heading = "Kommunens äldre ska ges stöd att fortsätta att leva sin valda livsstil";
    assert_ne!(g.title, heading);
    assert_eq!(s.goal(&g.key).unwrap().key, "M02");
}

#[test]
fn ia_01_sick_leave_is_the_sum_of_short_and_long() {
    assert_eq!(checks::sum(&[m("6,86"), m("3,88")], m("10,74"), Measure::from_raw(0)).unwrap(), m("10,74"));
}

#[test]
fn ia_02_trend_and_attainment_differ() {
    let t = trend(Direction::Lower, m("11,5"), m("10,74"));
    let a = attainment(Direction::Lower, value("7").as_ref(), m("10,74"), None);
    assert_eq!(t, Trend::Improved);
    assert_eq!(a, Attainment::NotMet);
}

#[test]
fn ia_03_direct_and_indirect_time() {
    let total = checks::sum(&[m("44,44"), m("28,7")], m("73"), m("0,5")).unwrap();
    assert_eq!(total, m("73,14"));
    assert_eq!(checks::round(total, 0), m("73"));
    assert_eq!(attainment(Direction::Higher, value("65").as_ref(), total, None), Attainment::Met);
}

/// SKR's HME bands (A:156): < 50, 50–69, > 79; 70–79 is not defined.
fn hme_band(v: Measure) -> Option<&'static str> {
    match v.raw() / Measure::SCALE {
        i64::MIN..=49 => Some("stora behov av åtgärder"),
        50..=69 => Some("utvecklingspotential"),
        70..=79 => None,
        _ => Some("bra och ska bevaras"),
    }
}

#[test]
fn ia_04_hme_met_band_undefined() {
    assert_eq!(attainment(Direction::Higher, value("75").as_ref(), m("77"), None), Attainment::Met);
    assert_eq!(hme_band(m("77")), None);
    assert_eq!(hme_band(m("80")), Some("bra och ska bevaras"));
}

#[test]
fn ia_05_to_07_survey_rows_arrow_is_attainment() {
    assert_eq!(attainment(Direction::Higher, value("85").as_ref(), m("61"), None), Attainment::NotMet);
    assert_eq!(attainment(Direction::Higher, value("85").as_ref(), m("88"), None), Attainment::Met);
    // The eight rows (A:272–281): target, outcome, printed arrow.
    let rows = [
        ("85", "61", "↓"),
        ("85", "66", "↓"),
        ("65", "41", "↓"),
        ("89", "83", "↓"),
        ("85", "88", "↑"),
        ("70", "88", "↑"),
        ("70", "58", "↓"),
        ("70", "55", "↓"),
    ];
    for (target, outcome, arrow) in rows {
        let met = attainment(Direction::Higher, value(target).as_ref(), m(outcome), None) == Attainment::Met;
        assert_eq!(met, arrow == "↑", "{target} {outcome} {arrow}");
    }
}

#[test]
fn ia_08_met_but_blank_cell_is_flagged() {
    let a = attainment(Direction::Lower, value("10").as_ref(), m("7"), None);
    assert_eq!(a, Attainment::Met);
    assert_eq!(trend(Direction::Lower, m("15"), m("7")), Trend::Improved);
    assert!(checks::missing_assessment("Under 25 år med försörjningsstöd", a, Some("")).is_some());
    assert!(checks::missing_assessment("x", a, Some("Uppfylld")).is_none());
}

#[test]
fn ia_09_and_ia_11_relative_targets() {
    let t = Target::parse_relative("Öka jmf utfall 2023").unwrap();
    assert_eq!(t, Target::Increase { base: Some(p("2023")) });
    assert_eq!(t.base_period(p("2024")), Some(p("2023")));
    assert_eq!(attainment(Direction::Higher, Some(&t), m("85"), Some(m("36"))), Attainment::Met);
    let oka = Target::parse_relative("öka").unwrap();
    assert_eq!(oka.base_period(p("2024")), Some(p("2023")));
    assert_eq!(attainment(Direction::Higher, Some(&oka), m("3"), Some(m("3"))), Attainment::NotMet);
    assert_eq!(attainment(Direction::Higher, Some(&oka), m("3"), None), Attainment::NotAssessable);
}

#[test]
fn ia_10_text_base_differs_from_indicator() {
    assert!(checks::text_vs_table("Trygg hemgång 2023", m("30"), m("36")).is_some());
}

#[test]
fn ia_12_foster_homes_share_is_flagged() {
    let f = checks::share(m("9"), m("13"), m("76"), 0).unwrap_err();
    assert!(f.message.contains("69,2"), "{}", f.message);
}

#[test]
fn ia_13_plan_trend_improved_not_met() {
    assert_eq!(trend(Direction::Higher, m("85"), m("91")), Trend::Improved);
    assert_eq!(attainment(Direction::Higher, value("100").as_ref(), m("91"), None), Attainment::NotMet);
}

#[test]
fn ia_14_simplified_assessment_trend() {
    assert_eq!(trend(Direction::Higher, m("2"), m("78")), Trend::Improved);
}

#[test]
fn ia_15_base_of_a_rounded_share() {
    let (lo, hi) = checks::bases_for_share(68, 15).unwrap();
    // The vector says 439–469; 68 / 469 = 14,499 % rounds to 14 %, so the range ends at 468.
    assert_eq!((lo, hi), (439, 468));
    assert!((lo..=hi).contains(&453));
}

#[test]
fn ib_01_to_ib_06_shares() {
    assert_eq!(checks::share(m("42"), m("144"), m("29"), 0).unwrap().present(1), "29,2");
    checks::sum(&[m("18"), m("11")], m("29"), Measure::from_raw(0)).unwrap();
    assert!(checks::share(m("258"), m("262"), m("99"), 0).is_err(), "IB-03: 98 %, printed 99 %");
    checks::share(m("17"), m("22"), m("77"), 0).unwrap();
    checks::sum(&[m("17"), m("1"), m("4")], m("22"), Measure::from_raw(0)).unwrap();
    checks::share(m("23"), m("80"), m("29"), 0).unwrap();
    checks::share(m("124"), m("443"), m("28"), 0).unwrap();
    checks::share(m("53"), m("480"), m("11"), 0).unwrap();
}

#[test]
fn ib_07_weighted_total() {
    let t = checks::weighted_total(&[(m("88"), m("53")), (m("82"), m("47"))]);
    assert_eq!(t.present(1), "85,2");
    checks::weighted(&[(m("88"), m("53")), (m("82"), m("47"))], m("85"), m("1")).unwrap();
    checks::weighted(&[(m("83"), m("65")), (m("67"), m("35"))], m("78"), m("1")).unwrap();
}

#[test]
fn ib_08_and_ib_09_grades() {
    assert!(checks::share(m("4"), m("5"), m("75"), 0).is_err());
    checks::share(m("5"), m("12"), m("42"), 0).unwrap();
}

#[test]
fn ib_10_sip_counts_add_up() {
    checks::sum(&[m("47"), m("46")], m("93"), Measure::from_raw(0)).unwrap();
    checks::sum(&[m("65"), m("52")], m("117"), Measure::from_raw(0)).unwrap();
}

#[test]
fn ib_11_ib_12_ib_17_text_against_table() {
    assert!(checks::text_vs_table("Teamplaner 2019", m("50"), m("113")).is_some());
    assert!(checks::text_vs_table("Jour- och familjehem", m("72"), m("73")).is_some());
    assert!(checks::text_vs_table("E-tjänst 2020", m("38"), m("37")).is_some());
    assert!(checks::text_vs_table("Samma", m("37"), m("37")).is_none());
}

#[test]
fn ib_13_to_ib_15_own_share_from_volumes() {
    checks::share(m("58"), m("101"), m("57"), 0).unwrap();
    let f = checks::share(m("58"), m("96"), m("61"), 0).unwrap_err();
    assert!(f.message.contains("60,4"));
    // Tolerance ±1: accepted when the rule allows one unit.
    let c = Measure::percent_of(m("58"), m("96")).unwrap();
    assert!((checks::round(c, 0) - m("61")).raw().abs() <= Measure::SCALE);
    checks::share(m("60"), m("77"), m("78"), 0).unwrap();
}

#[test]
fn ib_16_change_in_percentage_points() {
    let f = checks::stated_change("Nyanställda som slutar", m("19"), m("11,5"), m("-8"), m("0,4")).unwrap();
    assert!(f.message.contains("−7,5"), "{}", f.message);
}

#[test]
fn ib_18_ib_19_units_against_labels() {
    assert!(checks::unit_matches_label("Andelen verkställda beslut inom tre månader", &IndicatorUnit::Count).is_some());
    assert!(checks::unit_matches_label("Brukarna har tillgång till e-tjänst (%)", &IndicatorUnit::YesNo).is_some());
    assert!(checks::unit_matches_label("Andel nöjda", &IndicatorUnit::Percent).is_none());
}

#[test]
fn ib_20_value_before_the_measure_existed() {
    assert!(checks::before_start("M1 IPS", 2021, p("2020")).is_some());
    assert!(checks::before_start("M1 IPS", 2021, p("2021")).is_none());
}

#[test]
fn ib_21_ib_22_change_and_unit() {
    assert_eq!(m("88") - m("117"), m("-29"));
    assert_eq!(IndicatorUnit::parse("veckor").unwrap().format(m("31")), "31\u{a0}veckor");
}

#[test]
fn suggestion_maps_the_share_met_onto_the_scale() {
    use Attainment::*;
    let three = Scale::three_words();
    assert_eq!(suggest(&three, &[Met, Met]).unwrap().key, "uppfyllt");
    assert_eq!(suggest(&three, &[Met, NotMet]).unwrap().key, "delvis-uppfyllt");
    assert_eq!(suggest(&three, &[NotMet, NotAssessable]).unwrap().key, "ej-uppfyllt");
    assert!(suggest(&three, &[NotAssessable]).is_none());
    let four = Scale::four_levels();
    // SY-12: Ej uppfyllt < Delvis uppfyllt < I hög grad uppfyllt < Helt uppfyllt.
    let order: Vec<&str> = four.best_first().iter().map(|l| l.label.as_str()).collect();
    assert_eq!(order, ["Helt uppfyllt", "I hög grad uppfyllt", "Delvis uppfyllt", "Ej uppfyllt"], "SY-12");
    assert_eq!(suggest(&four, &[Met, Met, Met, NotMet]).unwrap().key, "i-hog-grad-uppfyllt");
    assert_eq!(suggest(&four, &[Met, NotMet, NotMet, NotMet]).unwrap().key, "delvis-uppfyllt");
    // The nearest level, not the next one up: 2 of 5 met is 1,2 steps of 3 → delvis.
    assert_eq!(suggest(&four, &[Met, Met, NotMet, NotMet, NotMet]).unwrap().key, "delvis-uppfyllt");
    // Met or not met: one of three met is not met.
    let two = Scale {
        levels: three
            .levels
            .iter()
            .filter(|l| l.key != "delvis-uppfyllt")
            .cloned()
            .enumerate()
            .map(|(i, l)| ScaleLevel { rank: i as u8, ..l })
            .collect(),
        ..three.clone()
    };
    assert_eq!(suggest(&two, &[Met, NotMet, NotMet]).unwrap().key, "ej-uppfyllt");
    assert_eq!(suggest(&two, &[Met, Met]).unwrap().key, "uppfyllt");
}

#[test]
fn assessments_need_analysis_and_a_level_on_the_scale() {
    let s = Scale::three_words();
    assert!(Assessment::new("M1", p("2023"), "Uppfyllt", "  ", &s).is_err());
    assert!(Assessment::new("M1", p("2023"), "Grönt", "Text", &s).is_err());
    assert_eq!(Assessment::new("M1", p("2023"), "delvis uppfyllt", "Text", &s).unwrap().level(), "delvis-uppfyllt");
}

#[test]
fn structures_are_checked() {
    let levels = vec![GoalLevel { depth: 1, name: "Målområde".into() }, GoalLevel { depth: 2, name: "Mål".into() }];
    let g = |key: &str, depth, parent: Option<&str>| Goal {
        key: key.into(),
        depth,
        parent: parent.map(Into::into),
        number: None,
        title: key.into(),
        kf_goal: None,
        agenda2030: vec![],
        assignments: vec![],
    };
    assert!(GoalStructure::new(levels.clone(), vec![g("A", 1, None), g("B", 2, Some("A"))]).is_ok());
    assert!(matches!(GoalStructure::new(levels.clone(), vec![g("A", 1, None), g("B", 1, Some("A"))]), Err(GoalError::BadDepth(_))));
    assert!(matches!(GoalStructure::new(levels.clone(), vec![g("B", 2, Some("X"))]), Err(GoalError::Unknown { .. })));
    assert!(matches!(GoalStructure::new(levels.clone(), vec![g("A", 3, None)]), Err(GoalError::BadDepth(_))));
    let mut bad = g("A", 1, None);
    bad.agenda2030 = vec![18];
    assert!(matches!(GoalStructure::new(levels, vec![bad]), Err(GoalError::BadAgenda2030(_))));
}

#[test]
fn evaluation_of_askersund_sick_leave() {
    let ind = Indicator {
        key: "SJUK".into(),
        goal: "MO1".into(),
        name: "Sjukfrånvaro".into(),
        unit: IndicatorUnit::Percent,
        direction: Direction::Lower,
        source: Some("personalsystem".into()),
        method: None,
        kolada_kpi: None,
        responsible: None,
    };
    let out = |y: &str, v: &str| Outcome { period: p(y), total: Some(m(v)), women: None, men: None, note: None };
    let e = evaluate(&ind, p("2024"), &[out("2023", "11,5"), out("2024", "10,74")], &[(p("2024"), Target::Value { value: m("7") })]);
    assert_eq!((e.trend, e.attainment), (Some(Trend::Improved), Attainment::NotMet));
    // January–August is followed up against the year's target (there is none for the interim).
    let interim =
        evaluate(&ind, p("2024-D08"), &[out("2023-D08", "11,0"), out("2024-D08", "6,5")], &[(p("2024"), Target::Value { value: m("7") })]);
    assert_eq!((interim.target.is_some(), interim.attainment), (true, Attainment::Met));
    let none = evaluate(&ind, p("2025"), &[out("2024", "10,74")], &[]);
    assert_eq!((none.outcome, none.trend, none.attainment), (None, None, Attainment::NotAssessable));
    // A relative target compares with its base period.
    let trygg = evaluate(
        &ind,
        p("2024"),
        &[out("2023", "36"), out("2024", "85")],
        &[(p("2024"), Target::parse_relative("Minska jmf 2023").unwrap())],
    );
    assert_eq!(trygg.attainment, Attainment::NotMet);
}

#[test]
fn implausible_outcomes_are_named() {
    let o = |t: &str, k: Option<&str>| Outcome { period: p("2023"), total: Some(m(t)), women: k.map(m), men: None, note: None };
    assert!(o("150", None).implausible(&IndicatorUnit::Percent).unwrap().contains("mellan 0 och 100, inte 150"));
    assert_eq!(o("10,74", None).implausible(&IndicatorUnit::Percent), None);
    assert!(o("12,5", None).implausible(&IndicatorUnit::Count).unwrap().contains("heltal"));
    assert!(o("-3", None).implausible(&IndicatorUnit::Count).unwrap().contains("heltal"));
    assert!(o("1000", Some("5000")).implausible(&IndicatorUnit::Count).unwrap().contains("fler än totalt"));
    assert_eq!(o("1000", Some("600")).implausible(&IndicatorUnit::Count), None);
    // Kronor, index and days have no such bounds here.
    assert_eq!(o("-150", None).implausible(&IndicatorUnit::Kr), None);
}
