//! The economy vectors of `shared/domain/test-vectors.md` §2–7 and §9, by id.

use super::*;
use crate::checks;
use crate::goals::Measure;

/// An amount printed in mkr with one decimal ("-1 125.1", "857,3").
fn mkr(s: &str) -> Ore {
    let m = Measure::parse_sv(s).unwrap_or_else(|| panic!("{s}"));
    // Measure is ×10⁴; mkr → öre is ×10⁸.
    Ore::new(m.raw() * 10_000)
}

fn tkr(n: i64) -> Ore {
    Ore::from_tkr(n)
}

fn ic(income: Ore, costs: Ore) -> IncomeCosts {
    IncomeCosts { income, costs }
}

fn pct(s: &str) -> Measure {
    Measure::parse_sv(s).unwrap()
}

fn within(a: Ore, b: Ore, tol: Ore) -> bool {
    (a - b).ore().abs() <= tol.ore()
}

/// S's drift table with the components as printed (S:397–405), mkr: (key, label, utfall I, K,
/// budget I, K, avv 2022). Nets and deviations computed from printed components can differ from
/// the printed ones by rounding (follow-up.md S-T2).
fn s_drift() -> DriftTable {
    let rows = [
        ("SN-POL", "Socialnämnden", "0.0", "-2.0", "", "-2.2", "0.0"),
        ("SK", "Socialkontoret", "0.1", "-9.9", "0.1", "-29.6", "9.3"),
        ("MYN", "Myndighet", "29.5", "-339.6", "27.3", "-282.1", "-18.2"),
        ("IFO", "Individ och familjeomsorg", "34.5", "-102.1", "36.2", "-115.9", "21.3"),
        ("AO", "Äldreomsorg", "128.8", "-410.3", "119.3", "-376.7", "-8.7"),
        ("HSV", "Hälso- och Sjukvård", "4.2", "-83.4", "0.3", "-78.7", "-3.9"),
        ("FH", "Funktionshinder", "24.6", "-151.3", "23.7", "-157.7", "3.7"),
        ("ADM", "Administration och digitalisering SK", "0.8", "-26.6", "0.8", "-31.9", "0.9"),
    ];
    DriftTable {
        rows: rows
            .iter()
            .map(|(k, l, ui, uk, bi, bk, prior)| DriftRow {
                key: (*k).into(),
                label: (*l).into(),
                outcome: ic(mkr(ui), mkr(uk)),
                budget: ic(if bi.is_empty() { Ore::ZERO } else { mkr(bi) }, mkr(bk)),
                prior_deviation: Some(mkr(prior)),
            })
            .collect(),
        convention: SignConvention::OutcomeMinusBudget,
        scale: Scale::Mkr,
        decimals: 1,
        total_of_rounded: false,
    }
}

#[test]
fn dr_s_01_to_03_net_and_deviation() {
    let t = s_drift();
    let row = |k: &str| t.rows.iter().find(|r| r.key == k).unwrap();
    let c = |k: &str, col| t.present(row(k).cell(col, t.convention).unwrap());
    assert_eq!(
        (c("IFO", DriftColumn::OutcomeNet), c("IFO", DriftColumn::BudgetNet), c("IFO", DriftColumn::Deviation)),
        ("−67,6".into(), "−79,7".into(), "12,1".into())
    );
    assert_eq!(
        (c("FH", DriftColumn::OutcomeNet), c("FH", DriftColumn::BudgetNet), c("FH", DriftColumn::Deviation)),
        ("−126,7".into(), "−134,0".into(), "7,3".into())
    );
    assert_eq!(
        (c("HSV", DriftColumn::OutcomeNet), c("HSV", DriftColumn::BudgetNet), c("HSV", DriftColumn::Deviation)),
        ("−79,2".into(), "−78,4".into(), "−0,8".into())
    );
}

#[test]
fn dr_s_04_05_printed_nets_against_components() {
    // Äldreomsorg: printed net −281.4 vs components −281.5 (tol ±0.1); deviation −24.0 exact.
    let ao = ic(mkr("128.8"), mkr("-410.3"));
    assert!(within(ao.net(), mkr("-281.4"), mkr("0.1")));
    assert_eq!(SignConvention::OutcomeMinusBudget.deviation(mkr("-281.4"), mkr("-257.4")), mkr("-24.0"));
    // Myndighet: printed −55.3, computed −55.4.
    let myn = SignConvention::OutcomeMinusBudget.deviation(mkr("-310.1"), mkr("-254.7"));
    assert_eq!(myn, mkr("-55.4"));
    assert!(within(myn, mkr("-55.3"), mkr("0.1")));
}

/// S's printed row values (what the table shows) for the totals vectors.
const S_NET: [&str; 8] = ["-2.0", "-9.9", "-310.1", "-67.6", "-281.4", "-79.2", "-126.7", "-25.7"];
const S_BUDGET_NET: [&str; 8] = ["-2.2", "-29.5", "-254.7", "-79.7", "-257.4", "-78.4", "-134.0", "-31.2"];
const S_DEV: [&str; 8] = ["0.1", "19.7", "-55.3", "12.1", "-24.0", "-0.8", "7.3", "5.4"];

#[test]
fn dr_s_06_to_10_totals() {
    let sum = |v: &[&str]| v.iter().map(|s| mkr(s)).sum::<Ore>();
    assert_eq!(sum(&S_NET), mkr("-902.6"));
    assert_eq!(sum(&S_BUDGET_NET), mkr("-867.1"));
    assert_eq!(sum(&S_DEV), mkr("-35.5"));
    let prior = sum(&["0.0", "9.3", "-18.2", "21.3", "-8.7", "-3.9", "3.7", "0.9"]);
    assert_eq!(prior, mkr("4.4"));
    assert!(checks_sum_flags(prior, mkr("4.2")), "DR-S-09: printed 4.2 → FLAG");
    let costs = s_drift().total(DriftColumn::OutcomeCosts).unwrap();
    assert_eq!(costs, mkr("-1125.2"));
    assert!(within(costs, mkr("-1125.1"), mkr("0.1")));
}

fn checks_sum_flags(computed: Ore, printed: Ore) -> bool {
    computed != printed
}

#[test]
fn dr_s_11_12_blank_cells_and_row_identity() {
    let t = s_drift();
    assert_eq!(t.rows[0].cell(DriftColumn::BudgetNet, t.convention), Some(mkr("-2.2")));
    assert_eq!(t.rows[0].budget.income, Ore::ZERO);
    // The political row and the total row share the name "Socialnämnden"; rows have keys.
    assert_ne!(t.rows[0].key, "TOTAL");
}

#[test]
fn dr_s_13_14_text_and_table() {
    assert_eq!(mkr("-35.5").present_with_unit(Scale::Mkr, 1), "−35,5\u{a0}mkr");
    assert_eq!(mkr("4.2").present(Scale::Mkr, 1), "4,2");
}

#[test]
fn totals_can_be_the_sum_of_rounded_rows() {
    let mut t = s_drift();
    let exact = t.present_total(DriftColumn::OutcomeCosts).unwrap();
    t.total_of_rounded = true;
    let rounded = t.present_total(DriftColumn::OutcomeCosts).unwrap();
    assert_eq!(exact, rounded, "rows printed with one decimal sum exactly here");
    // With mkr rounded from kronor the two differ:
    let rows = vec![
        DriftRow {
            key: "a".into(),
            label: "A".into(),
            outcome: ic(Ore::ZERO, Ore::from_kr(-40_000)),
            budget: IncomeCosts::default(),
            prior_deviation: None,
        },
        DriftRow {
            key: "b".into(),
            label: "B".into(),
            outcome: ic(Ore::ZERO, Ore::from_kr(-40_000)),
            budget: IncomeCosts::default(),
            prior_deviation: None,
        },
    ];
    let mut t =
        DriftTable { rows, convention: SignConvention::OutcomeMinusBudget, scale: Scale::Mkr, decimals: 1, total_of_rounded: false };
    assert_eq!(t.present_total(DriftColumn::OutcomeCosts).unwrap(), "−0,1");
    t.total_of_rounded = true;
    assert_eq!(t.present_total(DriftColumn::OutcomeCosts).unwrap(), "0,0");
}

#[test]
fn dr_a_askersund() {
    let dev = SignConvention::OutcomeMinusBudget;
    assert_eq!(dev.deviation(tkr(64_645), tkr(42_857)), tkr(21_788));
    assert_eq!(dev.deviation(tkr(-396_527), tkr(-361_660)), tkr(-34_867));
    assert_eq!(dev.deviation(tkr(-281_924), tkr(-267_414)), tkr(-14_510));
    let u = ic(tkr(64_645), tkr(-396_527));
    let b = ic(tkr(42_857), tkr(-361_660));
    assert_eq!((u.net(), b.net(), dev.deviation(u.net(), b.net())), (tkr(-331_882), tkr(-318_803), tkr(-13_079)));
    assert_eq!(ic(tkr(72_287), tkr(-393_330)).net(), tkr(-321_043));
    // DR-A-07: net cost positive, avvikelse = budget − utfall.
    let b_minus_u = SignConvention::BudgetMinusOutcome;
    let codes = [
        (833, 904, 71),
        (251_612, 245_397, -6_215),
        (1_952, 2_126, 174),
        (13_145, 8_501, -4_644),
        (6_995, 4_786, -2_209),
        (48, 48, 0),
        (57_297, 57_041, -256),
    ];
    for (u, b, avv) in codes {
        assert_eq!(b_minus_u.deviation(tkr(u), tkr(b)), tkr(avv));
    }
    let (su, sb): (i64, i64) = codes.iter().fold((0, 0), |(a, c), (u, b, _)| (a + u, c + b));
    assert_eq!((su, sb, sb - su), (331_882, 318_803, -13_079), "DR-A-08 = −(Resultat)");
    assert_eq!(b_minus_u.deviation(tkr(3), tkr(-757)), tkr(-760), "DR-A-09 negative budget");
    assert_eq!(b_minus_u.deviation(tkr(2_388), tkr(0)), tkr(-2_388), "DR-A-10");
    // DR-A-12/13: nettoavvikelse = net utfall − net budget.
    assert_eq!(dev.deviation(ic(tkr(52_449), tkr(-304_062)).net(), ic(tkr(34_077), tkr(-279_475)).net()), tkr(-6_215));
    assert_eq!(dev.deviation(ic(tkr(629), tkr(-13_774)).net(), ic(tkr(240), tkr(-8_741)).net()), tkr(-4_644));
    // DR-A-14: budget income column 42 858 vs 42 857, tol ±1.
    let col: i64 = [0, 34_077, 0, 240, 1_597, 5_740, 1_204].iter().sum();
    assert!(within(tkr(col), tkr(42_857), tkr(1)));
    // DR-A-15: −13 079 tkr is −13,1 mkr.
    assert_eq!(tkr(-13_079).present(Scale::Mkr, 1), "−13,1");
    // DR-A-16: the same quantity twice with different values → FLAG.
    assert!(checks::text_vs_table("Habersättning", Measure::from_int(350), Measure::from_int(355)).is_some());
}

#[test]
fn dr_b_botkyrka() {
    let dev = SignConvention::OutcomeMinusBudget;
    assert_eq!(dev.deviation(tkr(-930), tkr(-1_179)), tkr(249), "DR-B-01: values are utfall − budget");
    let barn = ic(tkr(19_810), tkr(-251_450));
    assert_eq!((barn.net(), dev.deviation(barn.net(), tkr(-231_824))), (tkr(-231_640), tkr(184)));
    // DR-B-03: printed K 79 611 with net −78 493 only adds up as −79 611.
    assert_ne!(ic(tkr(1_118), tkr(79_611)).net(), tkr(-78_493));
    assert_eq!(ic(tkr(1_118), tkr(-79_611)).net(), tkr(-78_493));
    assert_ne!(ic(tkr(1_331), tkr(-1_650)).net(), tkr(-329), "DR-B-04: −319");
    assert_eq!(dev.deviation(tkr(-168_448), tkr(-138_963)), tkr(-29_485), "DR-B-05: printed −29 482");
    assert!(within(tkr(44_386) + tkr(-40_539), tkr(3_848), tkr(1)), "DR-B-08");
    let net = mkr("81.7") + mkr("-759.7");
    assert_eq!((net, dev.deviation(net, mkr("-681.9"))), (mkr("-678.0"), mkr("3.9")));
    assert_eq!(dev.deviation(Ore::ZERO, mkr("-4")), mkr("4"), "DR-B-10: printed 0 → FLAG");
    // DR-B-11/12: compliance as a percentage.
    assert_eq!(budget_compliance(mkr("3.9"), mkr("-681.9")).unwrap().present(2), "0,57");
    assert_eq!(budget_compliance(mkr("-7.5"), mkr("-681.2")).unwrap().present(2), "−1,10");
    assert_eq!(mkr("3.9") - mkr("-6.3"), mkr("10.2"), "DR-B-13");
    let vuxna_med: Ore = ["-7.5", "10.2", "0.8", "-4.8"].iter().map(|s| mkr(s)).sum();
    assert_eq!(vuxna_med, mkr("-1.3"), "DR-B-15");
    // DR-B-16/17: Förändring = föregående − innevarande.
    assert_eq!(tkr(58_752) - tkr(49_030), tkr(9_722));
    assert!(within(tkr(2_125) - tkr(2_558), tkr(-434), tkr(1)));
    assert_eq!(tkr(81_663) + tkr(-759_652) + tkr(-60), tkr(-678_049), "DR-B-18");
    assert_eq!(tkr(91_756) + tkr(-772_842) + tkr(-115), tkr(-681_201), "DR-B-19");
    assert_eq!(tkr(-772_842) + tkr(-115), tkr(-772_957), "DR-B-20");
    assert_ne!(tkr(-759_652) + tkr(-60), tkr(-759_720), "DR-B-21: FLAG (8)");
}

#[test]
fn bf_frame_and_decisions() {
    let rows: Ore = ["857,3", "0,7", "0,4", "2,2", "0,4", "2,1", "-0,6", "4,1", "0,6"].iter().map(|s| mkr(s)).sum();
    assert_eq!(rows, mkr("867.2"));
    assert!(within(rows, mkr("867.1"), mkr("0.1")), "BF-01 tol ±0.1; frame = −(budget net)");
    let d = DecisionRef::parse("KF 2022-12-12, § 281").unwrap();
    assert_eq!((d.body.as_str(), d.date.to_string(), d.paragraph), ("KF", "2022-12-12".into(), 281), "BF-03");
    assert!(d.plausible_for(2023));
    assert!(!DecisionRef::parse("KF 2002-08-26, § 115").unwrap().plausible_for(2023), "BF-02 FLAG");
    let tillagg: Ore = ["2,1", "2,3", "1,4", "0,2"].iter().map(|s| mkr(s)).sum();
    assert_eq!(tillagg, mkr("6.0"), "BF-04");
}

#[test]
fn bc_budget_compliance() {
    let c = |dev: &str, budget: &str| budget_compliance(mkr(dev), mkr(budget)).unwrap();
    assert_eq!(c("-35.5", "-867.1").present(1), "−4,1", "BC-01");
    assert_eq!(c("-55.3", "-254.7").present(1), "−21,7", "BC-02");
    assert_eq!(c("12.1", "-79.7").present(1), "15,2", "BC-03");
    assert_eq!(c("-24.0", "-257.4").present(1), "−9,3", "BC-04");
    assert_eq!(c("19.7", "-29.5").present(2), "66,78", "BC-05 (printed 66.6 from unrounded data)");
    // BC-06: 0.1 / 2.2 with both inputs rounded to one decimal: 0.05/2.25 … 0.15/2.15.
    let (lo, hi) =
        (budget_compliance(mkr("0.05"), mkr("-2.25")).unwrap().measure(), budget_compliance(mkr("0.15"), mkr("-2.15")).unwrap().measure());
    assert!(lo <= pct("6,4") && pct("6,4") <= hi, "printed 6.4 % lies in {lo}–{hi}");
    let one = pct("1,0");
    assert!(!compliance_is_good(c("-35.5", "-867.1"), one), "BC-07 2023");
    let b2022 = mkr("-790.5") - mkr("4.2");
    let c2022 = budget_compliance(mkr("4.2"), b2022).unwrap();
    assert_eq!(c2022.present(1), "0,5", "BC-08");
    assert!(compliance_is_good(c2022, one));
    // Rounded once, from the exact amounts: 1,04995 % is "1,0" (not 1,0500 → "1,1"), and
    // 0,99995 % is not below 1,0 % (not 1,0000 → "not good" by accident of rounding either).
    let exact = budget_compliance(Ore::new(104_995), Ore::new(-10_000_000)).unwrap();
    assert_eq!((exact.present(1), exact.present(4)), ("1,0".to_string(), "1,0500".to_string()));
    assert!(compliance_is_good(budget_compliance(Ore::new(99_995), Ore::new(-10_000_000)).unwrap(), one));
    assert!(!compliance_is_good(budget_compliance(Ore::new(100_000), Ore::new(-10_000_000)).unwrap(), one));
    assert!(mkr("3.9").ore() >= 0, "BC-09: within the frame ⇔ deviation ≥ 0 → Ja");
}

#[test]
fn nc_and_co() {
    let (change, p) = net_cost_change(mkr("-902.6"), mkr("-790.5"));
    assert_eq!(change, mkr("-112.1"));
    assert_eq!(p.unwrap().present(1), "14,2", "NC-01");
    let share =
        Measure::percent_of(Measure::from_raw(mkr("902.6").ore() / 10_000), Measure::from_raw(mkr("1125.1").ore() / 10_000)).unwrap();
    assert_eq!(checks::round(share, 0), Measure::from_int(80), "CO-01");
    checks::sum(&[80, 6, 7, 6].map(Measure::from_int), Measure::from_int(100), Measure::from_int(1)).unwrap();
    checks::sum(&[55, 27, 19].map(Measure::from_int), Measure::from_int(100), Measure::from_int(1)).unwrap();
}

#[test]
fn gr_grants() {
    // S-T5 (S:453–467), mkr.
    let applied = ["6,5", "1,2", "1,3", "5,2", "1,1", "0,1", "2,1", "0,7", "0,0", "0,5", "0,4", "2,1", "0,0", "0,4"];
    let granted = ["6,5", "1,2", "1,3", "2,5", "1,1", "0,1", "2,1", "0,7", "0,0", "0,5", "0,4", "2,1", "0,0", "0,4"];
    let total = |v: &[&str]| v.iter().map(|s| mkr(s)).sum::<Ore>().present(Scale::Mkr, 1);
    assert_eq!((total(&applied), total(&granted)), ("21,6".to_string(), "18,9".to_string()), "GR-01, GR-02");
    let g = Grant {
        name: "Återhämtningsbonusen".into(),
        applied: Some(mkr("5.2")),
        granted: Some(mkr("2.5")),
        note: None,
        activity: String::new(),
    };
    assert_eq!(g.not_granted(), Some(mkr("2.7")), "GR-03");
    assert_eq!(Ore::from_kr(25_000).present(Scale::Mkr, 1), "0,0", "GR-04: 25 tkr prints as 0,0 mkr");
    let b: Ore = ["10,9", "1,1", "2,5"].iter().map(|s| mkr(s)).sum();
    assert_eq!(b, mkr("14.5"), "GR-06");
    let migr: Ore = ["8,6", "0,1", "2,3", "1,0"].iter().map(|s| mkr(s)).sum();
    assert_eq!(migr, mkr("12.0"), "GR-10");
    let received = Ore::from_kr(2_741_528) + Ore::from_kr(841_601) + Ore::from_kr(387_920);
    assert_eq!(received, Ore::from_kr(3_971_049), "GR-11");
    assert_ne!(received, Ore::from_kr(3_941_618), "GR-11 FLAG");
    assert_eq!(Ore::from_kr(505_000) + Ore::from_kr(800_000) + Ore::from_kr(775_000), Ore::from_kr(2_080_000), "GR-12");
    assert_eq!(Ore::from_kr(112_000) + Ore::from_kr(275_920), Ore::from_kr(387_920), "GR-15");
}

#[test]
fn fc_forecasts() {
    let (e, _) = forecast_error(mkr("-35.5"), mkr("-21.1"), mkr("867.1"));
    assert_eq!(e, mkr("-14.4"), "FC-01");
    let change =
        Measure::percent_of(Measure::from_raw((mkr("-39.7") - mkr("-21.1")).ore() / 10_000), Measure::from_raw(mkr("21.1").ore() / 10_000))
            .unwrap();
    assert_eq!(change.present(1), "−88,2", "FC-02");
    let may: Ore = ["0.0", "20.0", "-30.0", "7.0", "-20.4", "-0.4", "7.8", "3.7"].iter().map(|s| mkr(s)).sum();
    assert_eq!(may, mkr("-12.3"), "FC-03");
    assert_eq!(forecast_error(mkr("-35.5"), mkr("-21.1"), mkr("-867.1")).1.unwrap().present(2), "1,66", "FC-07");
    let (b_err, b_pct) = forecast_error(mkr("3.9"), mkr("-16.7"), mkr("-681.9"));
    assert_eq!((b_err, b_pct.unwrap().present(2)), (mkr("20.6"), "3,02".to_string()));
    assert_eq!(forecast_within(mkr("3.9"), mkr("-16.7"), mkr("-681.9"), pct("1")), Some(false), "FC-08: Nej");
}

/// S-T8 (S:510–528), tkr: (measure, status, 2023 planned, 2023 realised, 2024 planned).
fn s_action_plan() -> Vec<ActionMeasure> {
    let rows: [(&str, MeasureStatus, i64, Option<i64>, Option<i64>); 17] = [
        ("Förändrad nattbemanning inom funktionshinderomsorgen", MeasureStatus::Ongoing, -1_300, Some(-1_300), None),
        ("Uppsagt avtal inom administration och digitalisering", MeasureStatus::Ongoing, -500, Some(-530), Some(-840)),
        ("Effektivare organisation kring samordnare inom hemtjänsten", MeasureStatus::Ongoing, -600, Some(0), Some(-1_200)),
        ("Vakanshållna tjänster", MeasureStatus::Ongoing, -450, Some(-600), None),
        ("Utvärdering digitala inköp", MeasureStatus::Ongoing, -75, Some(0), Some(-1_300)),
        ("Minska antal inhyrd rehabpersonal", MeasureStatus::Ongoing, -300, Some(0), None),
        ("Avsluta avtal databas JP INFO", MeasureStatus::Ongoing, -100, Some(-75), None),
        ("Vakanshållna tjänster myndighet", MeasureStatus::Ongoing, -720, Some(-720), None),
        ("Vakanshållna tjänster Individ och familjeomsorg", MeasureStatus::Ongoing, -600, Some(-600), None),
        ("Vakanshållna tjänster administration och digitalisering", MeasureStatus::Ongoing, -770, Some(-770), None),
        ("Vakanshållna tjänster funktionshinderomsorg", MeasureStatus::Ongoing, -580, Some(-580), None),
        ("Vakanshållna tjänster äldreomsorg (hemtjänst)", MeasureStatus::Ongoing, -440, Some(-440), None),
        ("Omfördelning av chefsresurs hälso- och sjukvård", MeasureStatus::Ongoing, -230, Some(-170), None),
        ("Vakanshållna tjänster äldreomsorg (särskilt boende)", MeasureStatus::Ongoing, -70, Some(0), None),
        ("Vakanshållna tjänster hälso- och sjukvård", MeasureStatus::Ongoing, -100, Some(0), None),
        ("Avsluta prenumeration av Strängnäs tidning", MeasureStatus::Ongoing, -120, Some(-120), None),
        ("Effektisera öppenvården", MeasureStatus::Proposed, 0, None, Some(-3_300)),
    ];
    rows.iter()
        .map(|(name, status, p23, r23, p24)| {
            let mut effects = Vec::new();
            if *p23 != 0 || r23.is_some() {
                effects.push(YearEffect { year: 2023, planned: tkr(*p23), realised: r23.map(tkr) });
            }
            if let Some(p) = p24 {
                effects.push(YearEffect { year: 2024, planned: tkr(*p), realised: None });
            }
            ActionMeasure { name: (*name).into(), status: *status, date: None, responsible: String::new(), effects }
        })
        .collect()
}

#[test]
fn ap_action_plan() {
    let plan = s_action_plan();
    let planned_2023: Ore = plan.iter().map(|m| m.planned_in(2023)).sum();
    let realised_2023: Ore = plan.iter().map(|m| m.realised_in(2023)).sum();
    let planned_2024: Ore = plan.iter().map(|m| m.planned_in(2024)).sum();
    assert_eq!((planned_2023, realised_2023, planned_2024), (tkr(-6_955), tkr(-5_905), tkr(-6_640)));
    assert_eq!((plan[1].planned_total(), plan[1].realised_total()), (tkr(-1_340), tkr(-530)), "AP-04");
    let totals: (Ore, Ore) = plan.iter().fold((Ore::ZERO, Ore::ZERO), |(p, r), m| (p + m.planned_total(), r + m.realised_total()));
    assert_eq!(totals, (tkr(-13_595), tkr(-5_905)), "Totalt columns");
    assert_eq!(planned_2023 + planned_2024, tkr(-13_595), "AP-05");
    let rate = Measure::percent_of(Measure::from_int(5_905), Measure::from_int(6_955)).unwrap();
    assert_eq!(rate.present(1), "84,9", "AP-06");
    assert_eq!(tkr(-5_905).present(Scale::Mkr, 1), "−5,9");
}

/// A measure whose year is written on two rows: each year's cells sum both, so the row adds up
/// to its totals.
#[test]
fn an_action_plan_year_on_two_rows_adds_up() {
    let mut m = s_action_plan().remove(1);
    m.effects = vec![
        YearEffect { year: 2023, planned: tkr(-100), realised: Some(tkr(-80)) },
        YearEffect { year: 2023, planned: tkr(-50), realised: Some(tkr(-40)) },
        YearEffect { year: 2024, planned: tkr(-70), realised: None },
    ];
    assert_eq!((m.planned_cell(2023), m.realised_cell(2023)), (Some(tkr(-150)), Some(tkr(-120))));
    assert_eq!((m.planned_cell(2024), m.realised_cell(2024)), (Some(tkr(-70)), None));
    assert_eq!((m.planned_cell(2025), m.realised_cell(2025)), (None, None));
    assert_eq!(m.realised_cell(2023).unwrap() + Ore::ZERO, m.realised_total());
}

#[test]
fn in_investments() {
    let it = Investment {
        project: "IT".into(),
        category: "It- och digitalisering".into(),
        outcome: mkr("-7.5"),
        budget: mkr("-7.4"),
        cumulative_outcome: mkr("-7.9"),
        cumulative_budget: mkr("-7.4"),
        carry_over: None,
    };
    let mi = Investment {
        project: "M&I".into(),
        category: "Maskiner och inventarier".into(),
        outcome: mkr("-6.2"),
        budget: mkr("-7.7"),
        cumulative_outcome: mkr("-6.2"),
        cumulative_budget: mkr("-8.2"),
        carry_over: Some(mkr("0.5")),
    };
    assert_eq!((it.remaining(), mi.remaining(), it.remaining() + mi.remaining()), (mkr("-0.5"), mkr("2.0"), mkr("1.5")), "IN-01");
    assert_eq!(mi.deviation(), mkr("1.5"), "IN-02");
    assert!(within(it.outcome + mi.outcome, mkr("-13.6"), mkr("0.1")), "IN-03");
    assert!(mi.carry_over_valid(), "IN-04");
    assert!(!Investment { carry_over: Some(mkr("0.1")), ..it.clone() }.carry_over_valid(), "IN-05");
    assert_eq!(mi.cumulative_budget - mi.budget, mkr("-0.5"), "IN-08: 0,5 carried over from 2022");
    let a = [(-417, -350), (-748, -900)];
    assert_eq!(tkr(a[0].0) - tkr(a[0].1), tkr(-67), "IN-12");
    assert_eq!(tkr(a[1].0) - tkr(a[1].1), tkr(152), "IN-11");
    assert_eq!(tkr(-1_898) - tkr(-2_300), tkr(402), "IN-09");
    assert_eq!(Ore::ZERO - mkr("-4"), mkr("4"), "IN-13");
}

#[test]
fn vo_volumes() {
    assert_eq!(7 + 10, 17, "VO-04: LVU = SiS + HVB");
    assert_eq!(17 - 6, 11);
    assert_eq!([18, 10, 0, 23].iter().sum::<i32>(), 51, "VO-06");
    assert_eq!(51 - 75, -24);
    assert_eq!(51 - 63, -12);
    assert_eq!(1_062 - 1_096, -34, "VO-10");
    assert_eq!(9_826 - 9_632, 194, "VO-11");
    assert_eq!(4 - 9, -5, "VO-12");
    let s = VolumeSeries {
        name: "Antal med hemtjänst".into(),
        unit: "personer".into(),
        values: vec![(2024, Measure::from_int(456))],
        budget: None,
        note: None,
    };
    assert!(checks::text_vs_table("Hemtjänst", Measure::from_int(456), s.values[0].1).is_none(), "VO-01");
    assert!(checks::text_vs_table("HVB 2020", Measure::from_int(7), Measure::from_int(6)).is_some(), "VO-07");
}

#[test]
fn interim_allocation_is_pro_rata() {
    assert_eq!(interim_allocation(mkr("-867.1"), 8), Ore::new(-57_806_666_667));
    assert_eq!(interim_allocation(Ore::new(1_200), 4), Ore::new(400));
}

#[test]
fn mapping_first_rule_wins_and_unmatched_is_none() {
    let m = Mapping {
        rules: vec![
            MappingRule {
                account_from: 3000,
                account_to: 3999,
                object: Some((1, "610".into())),
                unit: "IFO".into(),
                category: Category::Income,
            },
            MappingRule {
                account_from: 4000,
                account_to: 7999,
                object: Some((1, "610".into())),
                unit: "IFO".into(),
                category: Category::Cost,
            },
            MappingRule { account_from: 4000, account_to: 7999, object: None, unit: "SK".into(), category: Category::Cost },
        ],
    };
    assert_eq!(m.classify(3510, &[(1, "610".into())]), Some(("IFO", Category::Income)));
    assert_eq!(m.classify(5011, &[(1, "999".into())]), Some(("SK", Category::Cost)));
    assert_eq!(m.classify(3510, &[(1, "999".into())]), None);
}

/// B-T4 2021 (tkr): (label, intäkter, kostnader as printed, netto as printed).
const B_T4_2021: [(&str, i64, i64, i64); 8] = [
    ("Personligt ombud", 811, -930, -119),
    ("Flyktingåtgärder", 14_409, -23_902, -9_493),
    ("Öppna förskolan", 0, -4_962, -4_962),
    ("Barn och ungdomar", 19_810, -251_450, -231_640),
    ("Vuxna utan beroendeproblematik", 32_604, -168_448, -135_844),
    ("Vuxna med beroendeproblematik", 6_767, -60_797, -54_030),
    ("Försörjningstöd", 6_148, -169_607, -163_459),
    ("Gemensam verksamhet", 1_118, 79_611, -78_493),
];

#[test]
fn dr_b_06_07_totals_do_not_add_up() {
    // DR-B-03 first: the missing minus sign is found because I + K ≠ the printed net.
    let fixed: Vec<(i64, i64)> =
        B_T4_2021.iter().map(|(_, i, k, n)| if i + k != *n && i - k == *n { (*i, -*k) } else { (*i, *k) }).collect();
    assert_eq!(fixed[7], (1_118, -79_611));
    let net: i64 = fixed.iter().map(|(i, k)| i + k).sum();
    assert_eq!(net, -678_040);
    assert!(checks::sum(&[Measure::from_int(net)], Measure::from_int(-678_053), Measure::from_int(0)).is_err(), "DR-B-06: FLAG (13)");
    let costs_2020 = [-1_650, -33_741, -5_756, -249_783, -154_033, -63_452, -174_073, -90_460];
    assert_eq!(costs_2020.iter().sum::<i64>(), -772_948);
    assert_ne!(costs_2020.iter().sum::<i64>(), -772_957, "DR-B-07: FLAG (9)");
}

#[test]
fn dr_b_14_22_23_text_against_table() {
    let devs = [("Vuxna utan beroendeproblematik", tkr(-18_886)), ("Vuxna med beroendeproblematik", tkr(410))];
    let deficit = rows_with_deficit(&devs);
    assert!(!deficit.contains(&"Vuxna med beroendeproblematik"), "DR-B-14: the text names a unit without a deficit → FLAG");
    let lower = Measure::from_raw((tkr(28_933) - tkr(28_026)).ore() / 10_000);
    assert!(checks::text_vs_table("Externa hyror (mkr)", Measure::parse_sv("1,2").unwrap(), checks::round(lower, 1)).is_some(), "DR-B-22");
    assert!(
        checks::text_vs_table("Övriga verksamhetskostnader (mkr)", Measure::parse_sv("4,1").unwrap(), Measure::parse_sv("4,5").unwrap())
            .is_some(),
        "DR-B-23"
    );
}

#[test]
fn bf_05_06_codes_and_swapped_text() {
    let pairs = [("Vuxna med beroendeproblematik", "74"), ("Vuxna med beroendeproblematik", "75"), ("Barn och unga", "73")];
    assert_eq!(code_conflicts(&pairs), ["Vuxna med beroendeproblematik"]);
    assert!(
        checks::text_vs_table("Tilläggsanslag vuxna utan", Measure::parse_sv("1,4").unwrap(), Measure::parse_sv("2,3").unwrap()).is_some(),
        "BF-06"
    );
}

#[test]
fn fc_04_to_06_forecast_columns() {
    // S-T7 (S:491–499), mkr.
    let aug = ["0.0", "22.0", "-38.0", "7.2", "-25.0", "-1.2", "9.0", "4.9"];
    let mars = ["0.0", "17.0", "-27.0", "6.5", "-17.0", "-0.7", "3.8", "2.8"];
    let sum = |v: &[&str]| v.iter().map(|s| mkr(s)).sum::<Ore>();
    assert_eq!(sum(&aug), mkr("-21.1"), "FC-04");
    assert!(within(sum(&mars), mkr("-14.5"), mkr("0.1")), "FC-05: −14.6 vs −14.5");
    // FC-06: the outcome column of the forecast table is the drift table's deviation column.
    let t = s_drift();
    let outcome: Vec<String> = t.rows.iter().map(|r| t.present(r.cell(DriftColumn::Deviation, t.convention).unwrap())).collect();
    assert_eq!(outcome[3], "12,1");
}

#[test]
fn in_06_07_10_investments() {
    // IN-06: the text's 13,6 is the annual outcome; against the cumulative budget 15,6 the gap is 2,0, not 1,5.
    assert!(
        checks::text_vs_table("Investeringar, lägre än budget (mkr)", Measure::parse_sv("1,5").unwrap(), Measure::parse_sv("2,0").unwrap())
            .is_some()
    );
    let it = Investment {
        project: "IT".into(),
        category: String::new(),
        outcome: mkr("-7.5"),
        budget: mkr("-7.4"),
        cumulative_outcome: mkr("-7.9"),
        cumulative_budget: mkr("-7.4"),
        carry_over: None,
    };
    assert!(it.cumulative_budget_missing(), "IN-07");
    let a = [(-65, -100), (-417, -350), (-668, -700), (0, -100), (-748, -900), (0, -100), (0, -50)];
    let (u, b): (i64, i64) = a.iter().fold((0, 0), |(x, y), (p, q)| (x + p, y + q));
    assert_eq!((u, b, u - b), (-1_898, -2_300, 402), "IN-10");
}

#[test]
fn gr_05_to_09_botkyrka_grants() {
    let b_t7 = ["0,8", "0,6", "1,6", "0,3", "10,9", "0,1", "1,0", "0,3", "0,2", "1,1", "2,1", "1,0", "2,5", "1,9", "0,4", "1,3"];
    assert_eq!(b_t7.iter().map(|s| mkr(s)).sum::<Ore>(), mkr("26.1"), "GR-05");
    assert_eq!(["0,6", "1,6", "0,3", "10,9", "0,1"].iter().map(|s| mkr(s)).sum::<Ore>(), mkr("13.5"), "GR-07");
    assert_eq!(["1,0", "0,3", "0,2", "1,1", "2,1"].iter().map(|s| mkr(s)).sum::<Ore>(), mkr("4.7"), "GR-08");
    assert_eq!(["0,6", "1,0", "1,0", "0,4"].iter().map(|s| mkr(s)).sum::<Ore>() + (mkr("1.9") - mkr("1.0")), mkr("3.9"), "GR-09");
    assert_ne!(Ore::from_kr(2_080_000) + Ore::from_kr(665_000), Ore::from_kr(2_741_528), "GR-13: FLAG");
    assert_ne!(Ore::from_kr(167_000 + 66_000 + 118_000 + 490_000), Ore::from_kr(841_601), "GR-14: FLAG");
    // GR-16: the form's deadline (14 February) falls before the meeting (15 February).
    let deadline = crate::period::Date::parse("2022-02-14").unwrap();
    let meeting = crate::period::Date::parse("2022-02-15").unwrap();
    assert!(meeting > deadline, "GR-16: WARN");
    // GR-17: a placeholder left in an adopted document.
    assert!("KOMMUN 1: Insatser".starts_with("KOMMUN 1"), "GR-17: FLAG");
}

#[test]
fn vo_02_03_05_08_09_volumes() {
    let hours = VolumeSeries {
        name: "Beviljade timmar hemtjänst".into(),
        unit: "timmar".into(),
        values: vec![],
        budget: None,
        note: Some("*planerade timmar 2024".into()),
    };
    assert!(hours.note.as_deref().unwrap().contains("planerade"), "VO-02: the 2024 value is another measure");
    assert!(
        checks::text_vs_table("Hushåll 18–25 år vs individer under 25 år", Measure::from_int(7), Measure::from_int(7)).is_none(),
        "VO-03: same numbers …"
    );
    assert_ne!("Antal hushåll 18 - 25 år", "Antal individer under 25 år", "… different definitions → FLAG");
    for (a, b, total) in [(35, 45, 80), (80, 50, 130), (100, 60, 160)] {
        assert_eq!(a + b, total, "VO-05 (tenths)");
    }
    assert!(checks::text_vs_table("Budgeterade årsplaceringar", Measure::from_int(5), Measure::from_int(6)).is_some(), "VO-08");
    assert!(checks::text_vs_table("Årsplaceringar 2020", Measure::from_int(28), Measure::from_int(38)).is_some(), "VO-09");
}

/// A-T18 from amounts in the ledger's signs (costs negative, as a ledger import stores them):
/// on "budget − utfall" the table prints net cost positive and a surplus positive.
#[test]
fn a_t18_budget_minus_outcome_from_ledger_signs() {
    let printed = [
        ("10", 833, 904, 71),
        ("51", 251_612, 245_397, -6_215),
        ("55", 1_952, 2_126, 174),
        ("56", 13_145, 8_501, -4_644),
        ("57", 6_995, 4_786, -2_209),
        ("60", 48, 48, 0),
        ("92", 57_297, 57_041, -256),
    ];
    let rows = printed
        .iter()
        .map(|(k, u, b, _)| DriftRow {
            key: k.to_string(),
            label: k.to_string(),
            outcome: ic(Ore::ZERO, tkr(-u)),
            budget: ic(Ore::ZERO, tkr(-b)),
            prior_deviation: None,
        })
        .collect();
    let t = DriftTable { rows, convention: SignConvention::BudgetMinusOutcome, scale: Scale::Tkr, decimals: 0, total_of_rounded: false };
    for (row, (_, u, b, avv)) in t.rows.iter().zip(printed) {
        assert_eq!(row.cell(DriftColumn::OutcomeNet, t.convention), Some(tkr(u)));
        assert_eq!(row.cell(DriftColumn::BudgetNet, t.convention), Some(tkr(b)));
        assert_eq!(row.cell(DriftColumn::Deviation, t.convention), Some(tkr(avv)));
    }
    assert_eq!(t.total(DriftColumn::OutcomeNet), Some(tkr(331_882)));
    assert_eq!(t.total(DriftColumn::Deviation), Some(tkr(-13_079)), "a deficit, as A prints it");
    // The same amounts on "utfall − budget" keep the ledger's signs; the deviation is the same.
    let s = DriftTable { convention: SignConvention::OutcomeMinusBudget, ..t };
    assert_eq!((s.total(DriftColumn::OutcomeNet), s.total(DriftColumn::Deviation)), (Some(tkr(-331_882)), Some(tkr(-13_079))));
}

/// A year-end net forecast is shown as the deviation it implies against the row's budget,
/// so that forecasts entered either way add up in one column.
#[test]
fn year_end_net_forecasts_become_deviations() {
    let row = |key: &str, budget_costs: i64| DriftRow {
        key: key.into(),
        label: key.into(),
        outcome: IncomeCosts::default(),
        budget: ic(Ore::ZERO, tkr(budget_costs)),
        prior_deviation: None,
    };
    let t = DriftTable {
        rows: vec![row("IFO", -1_000), row("AO", -2_000)],
        convention: SignConvention::OutcomeMinusBudget,
        scale: Scale::Tkr,
        decimals: 0,
        total_of_rounded: false,
    };
    let f = |row: &str, kind, amount| Forecast { row: row.into(), month: 8, kind, amount: tkr(amount), comment: String::new() };
    let entered = [f("IFO", ForecastKind::YearEndNet, -1_050), f("AO", ForecastKind::Deviation, 30), f("X", ForecastKind::Deviation, 5)];
    let shown: Vec<(String, Ore)> = forecast_deviations(&entered, &t).into_iter().map(|f| (f.row, f.amount)).collect();
    assert_eq!(shown, [("IFO".to_string(), tkr(-50)), ("AO".to_string(), tkr(30))], "a 50 tkr deficit; X is no row");
}

/// A-T17 Driftresultat årsbokslut (A:434–439): this year's totals from the drift table, the
/// parts of the costs and last year's bokslut from lines; Resultat = I + K, Budgetavvikelse =
/// bokslut − budget on every row, the "varav" rows not added.
#[test]
fn a_t17_result_by_type() {
    let rows = vec![
        DriftRow {
            key: "51".into(),
            label: "51".into(),
            outcome: ic(tkr(52_449), tkr(-304_062)),
            budget: ic(tkr(34_077), tkr(-279_475)),
            prior_deviation: None,
        },
        DriftRow {
            key: "x".into(),
            label: "x".into(),
            outcome: ic(tkr(12_196), tkr(-92_465)),
            budget: ic(tkr(8_780), tkr(-82_185)),
            prior_deviation: None,
        },
    ];
    let t = DriftTable { rows, convention: SignConvention::OutcomeMinusBudget, scale: Scale::Tkr, decimals: 0, total_of_rounded: false };
    let line = |year, kind: &str, outcome: Option<i64>, budget: Option<i64>| ResultLine {
        year,
        kind: ResultKind::parse(kind).unwrap(),
        outcome: outcome.map(tkr),
        budget: budget.map(tkr),
    };
    let lines = vec![
        line(2024, "personalkostnader", Some(-281_924), Some(-267_414)),
        line(2024, "varav kapitalkostnader", Some(-2_108), Some(-2_108)),
        line(2023, "intäkter", Some(72_287), None),
        line(2023, "Kostnader", Some(-393_330), None),
        line(2023, "personalkostnader", Some(-279_215), None),
        line(2023, "kapitalkostnader", Some(-2_089), None),
        line(2022, "intäkter", Some(1), None),
    ];
    let r = result_by_type(2024, Some(&t), None, &lines).unwrap();
    let printed: Vec<(&str, bool, [Option<Ore>; 4])> =
        r.iter().map(|r| (r.label.as_str(), r.part, [r.prior, r.outcome, r.budget, r.deviation()])).collect();
    let row = |p: i64, o: i64, b: i64, d: i64| [Some(tkr(p)), Some(tkr(o)), Some(tkr(b)), Some(tkr(d))];
    assert_eq!(
        printed,
        vec![
            ("Intäkter", false, row(72_287, 64_645, 42_857, 21_788)),
            ("Kostnader", false, row(-393_330, -396_527, -361_660, -34_867)),
            ("varav personalkostnader", true, row(-279_215, -281_924, -267_414, -14_510)),
            ("varav kapitalkostnader", true, row(-2_089, -2_108, -2_108, 0)),
            ("Resultat", false, row(-321_043, -331_882, -318_803, -13_079)),
        ]
    );
    // A year with a drift table of its own takes its totals from it, not from lines.
    let prior = DriftTable { rows: vec![t.rows[0].clone()], ..t.clone() };
    let r = result_by_type(2024, Some(&t), Some(&prior), &lines).unwrap();
    assert_eq!(r[0].prior, Some(tkr(52_449)));
    // Nothing for the year: no table.
    assert_eq!(result_by_type(2025, None, Some(&t), &lines), None);
    assert_eq!(ResultKind::parse("  "), None);
}

#[test]
fn compliance_is_written_so_that_the_figure_agrees_with_the_verdict() {
    let one = crate::goals::Measure::from_int(1);
    let share = |dev: i64, budget: i64| budget_compliance(Ore::new(dev), Ore::new(budget)).unwrap();
    // −0,8 of −78,4 is −1,02 %: not good, and "−1,0" would hide why.
    let p = share(-800, -78_400);
    assert!(!compliance_is_good(p, one));
    assert_eq!(compliance_shown(p, one, 1), "\u{2212}1,02");
    // Far from the limit one decimal does.
    assert_eq!(compliance_shown(share(-5_500, -100_000), one, 1), "\u{2212}5,5");
    assert_eq!(compliance_shown(share(500, -100_000), one, 1), "0,5");
}

/// A new year starts from the last: the same rows, this year's deviation and compliance as the
/// next year's "föregående år", this year's net as its prior net.
#[test]
fn the_next_year_carries_this_years_deviation_and_compliance() {
    let t = s_drift();
    let config = EconomyConfig::new(Scale::Mkr, 1, SignConvention::OutcomeMinusBudget);
    let rows: Vec<RowDef> = t
        .rows
        .iter()
        .map(|r| RowDef {
            key: r.key.clone(),
            label: r.label.clone(),
            prior_deviation: r.prior_deviation,
            prior_compliance: None,
            unit: None,
        })
        .collect();
    let (next, next_rows) = next_year(&config, &rows, &t);
    assert_eq!(next_rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>());
    let ifo = next_rows.iter().find(|r| r.key == "IFO").unwrap();
    // IFO 2023: deviation 12,1 mkr (DR-S-03) on a budget net of −79,7: +15,2 %.
    assert_eq!(t.present(ifo.prior_deviation.unwrap()), "12,1");
    assert_eq!(ifo.prior_compliance.unwrap().present(1), "15,2");
    assert_eq!(next.prior_net, Some(t.rows.iter().map(|r| r.outcome.net()).sum()));
    assert!(next.prior_compliance.is_some() && next.scale == Scale::Mkr && next.decimals == 1);
}

#[test]
fn objects_text_reads_back() {
    let row = |objects: Vec<(u32, &str)>| LedgerRow {
        line: 1,
        series: "A".into(),
        number: "1".into(),
        date: Date::parse("2023-01-01").unwrap(),
        account: 5011,
        objects: objects.into_iter().map(|(d, o)| (d, o.to_string())).collect(),
        amount: Ore::ZERO,
        text: String::new(),
    };
    for objects in [vec![], vec![(1, "IFO")], vec![(1, "6100"), (20, "561")], vec![(1, "Enhet 4"), (2, "x:y")], vec![(1, "")]] {
        let r = row(objects);
        assert_eq!(objects_from_text(&r.objects_text()), r.objects, "{}", r.objects_text());
    }
}

#[test]
fn a_head_of_unit_answers_for_the_rows_of_their_unit_and_those_under_it() {
    use crate::org::*;
    let unit = |key: &str, name: &str, parent: Option<&str>| Unit {
        key: key.into(),
        kind: if parent.is_some() { UnitKind::Verksamhetsomrade } else { UnitKind::Forvaltning },
        name: name.into(),
        ansvar: None,
        parent: parent.map(Into::into),
        body: None,
    };
    let org = Organisation::new(
        Municipality::new(ScbCode::parse("0486").unwrap(), "Strängnäs kommun"),
        vec![],
        vec![
            unit("SK", "Socialkontoret", None),
            unit("AO", "Äldreomsorg", Some("SK")),
            unit("HSV", "Hälso- och sjukvård", Some("SK")),
            unit("FHO", "Funktionshinderomsorg", Some("SK")),
        ],
    )
    .unwrap();
    let row = |key: &str, label: &str, unit: Option<&str>| RowDef {
        key: key.into(),
        label: label.into(),
        prior_deviation: None,
        prior_compliance: None,
        unit: unit.map(Into::into),
    };
    // By the row's key; by its label in other capitals (S prints "Hälso- och Sjukvård").
    assert!(row("AO", "Äldreomsorg", None).answered_by("Äldreomsorg", &org));
    assert!(row("HSV-X", "Hälso- och Sjukvård", None).answered_by("HSV", &org));
    // S names the row "Funktionshinder" and the unit "Funktionshinderomsorg" (S-X18): the
    // row's unit says which it is.
    assert!(!row("FH", "Funktionshinder", None).answered_by("Funktionshinderomsorg", &org));
    assert!(row("FH", "Funktionshinder", Some("FHO")).answered_by("Funktionshinderomsorg", &org));
    // The head of the office answers for every unit under it; one unit's head not for another's.
    assert!(row("AO", "Äldreomsorg", None).answered_by("Socialkontoret", &org));
    assert!(!row("AO", "Äldreomsorg", None).answered_by("HSV", &org));
    // A row of no known unit: by its own key or label only.
    assert!(row("SN-POL", "Socialnämnden", None).answered_by("Socialnämnden", &org));
    assert!(!row("SN-POL", "Socialnämnden", None).answered_by("Socialkontoret", &org));
}

#[test]
fn a_next_year_started_from_this_one_follows_its_later_figures() {
    let row = |key: &str| RowDef { key: key.into(), label: key.into(), prior_deviation: None, prior_compliance: None, unit: None };
    let drift = |costs: i64| DriftTable {
        rows: vec![DriftRow {
            key: "IFO".into(),
            label: "IFO".into(),
            outcome: ic(Ore::ZERO, tkr(costs)),
            budget: ic(Ore::ZERO, tkr(-100)),
            prior_deviation: None,
        }],
        convention: SignConvention::OutcomeMinusBudget,
        scale: Scale::Tkr,
        decimals: 0,
        total_of_rounded: false,
    };
    let config = EconomyConfig::new(Scale::Tkr, 0, SignConvention::OutcomeMinusBudget);
    let rows = vec![row("IFO")];
    // Started in March: 30 tkr spent of 100.
    let (next, mut next_rows) = next_year(&config, &rows, &drift(-30));
    next_rows.push(row("NY"));
    assert!(next.prior_follows_last_year);
    assert_eq!(next_rows[0].prior_deviation, Some(tkr(70)));
    // The year's ledger complete: 110 tkr spent.
    let (fresh, fresh_rows) = refresh_prior((&config, &rows), &drift(-110), (&next, &next_rows)).expect("changed");
    assert_eq!((fresh_rows[0].prior_deviation, fresh.prior_net), (Some(tkr(-10)), Some(tkr(-110))));
    assert_eq!(fresh_rows[1], row("NY"), "a row this year lacks keeps its figures");
    // Nothing changed, or figures typed from a printed report: nothing to do.
    assert!(refresh_prior((&config, &rows), &drift(-110), (&fresh, &fresh_rows)).is_none());
    let typed = EconomyConfig { prior_follows_last_year: false, ..next.clone() };
    assert!(refresh_prior((&config, &rows), &drift(-110), (&typed, &next_rows)).is_none());
}

/// A month only some rows forecast has a sum of those rows but is not the committee's forecast;
/// a page or report cut at a month sees no forecast made after it.
#[test]
fn a_month_some_rows_lack_is_incomplete_and_later_months_are_cut() {
    let f = |row: &str, month: u8, amount: i64| Forecast {
        row: row.into(),
        month,
        kind: ForecastKind::Deviation,
        amount: tkr(amount),
        comment: String::new(),
    };
    let forecasts = [f("IFO", 3, -10), f("AO", 3, 5), f("AO", 9, -1000), f("IFO", 10, -20), f("AO", 10, 2)];
    let rows = ["IFO", "AO"];
    let months = forecast_months(&forecasts, rows, None);
    assert_eq!(
        months,
        vec![
            ForecastMonth { month: 3, complete: true, total: tkr(-5) },
            ForecastMonth { month: 9, complete: false, total: tkr(-1000) },
            ForecastMonth { month: 10, complete: true, total: tkr(-18) },
        ]
    );
    assert_eq!(latest_complete_forecast(&months), Some(10));
    let to_sep = forecast_months(&forecasts, rows, Some(9));
    assert_eq!(to_sep.iter().map(|m| m.month).collect::<Vec<_>>(), vec![3, 9]);
    assert_eq!(latest_complete_forecast(&to_sep), Some(3), "September lacks IFO: March is the committee's forecast");
    assert!(forecast_months(&[], rows, None).is_empty());
}
