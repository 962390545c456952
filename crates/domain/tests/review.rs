//! The checker on the seed reports as printed (`fixtures/*.md`): each item of follow-up.md's
//! discrepancy registers the checker catches has its own test, named by the register's ID.
//! Item not caught: A-X16 (17,2 mnkr not derivable from anything printed) — 34 of 35.

use domain::checks::Severity;
use domain::checks::review::{Finding, review};
use domain::report::parse_printed;
use std::sync::OnceLock;

fn load(file: &str) -> Vec<Finding> {
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    review(&parse_printed(&text).unwrap_or_else(|e| panic!("{file}: {e}")))
}

fn s() -> &'static [Finding] {
    static F: OnceLock<Vec<Finding>> = OnceLock::new();
    F.get_or_init(|| load("s-2023-printed.md"))
}

fn a() -> &'static [Finding] {
    static F: OnceLock<Vec<Finding>> = OnceLock::new();
    F.get_or_init(|| load("a-2024-printed.md"))
}

/// The findings of `rule` whose location and message contain every one of `parts`.
fn find<'f>(fs: &'f [Finding], rule: &str, parts: &[&str]) -> Vec<&'f Finding> {
    fs.iter().filter(|f| f.rule == rule && parts.iter().all(|p| f.location.contains(p) || f.message.contains(p))).collect()
}

fn one(fs: &[Finding], rule: &str, parts: &[&str]) -> Finding {
    let v = find(fs, rule, parts);
    assert!(
        !v.is_empty(),
        "no {rule} finding with {parts:?}; findings: {:#?}",
        fs.iter().map(|f| (f.rule, &f.message)).collect::<Vec<_>>()
    );
    v[0].clone()
}

#[test]
fn s_x01_perspective_labels_shifted_by_one_row() {
    for goal in ["Stärka hälso- och sjukvården", "Minimera verksamheternas negativa klimatpåverkan", "Utveckla det aktiva medarbetarskapet"]
    {
        assert_eq!(one(s(), "groups", &[goal]).severity, Severity::Warning);
    }
    assert_eq!(find(s(), "groups", &["Målbedömning"]).len() + find(s(), "groups", &["Sammanfattning", "placerar"]).len(), 3);
}

#[test]
fn s_x02_row_level_rounding_gaps() {
    for (row, col) in [
        ("Socialkontoret", "Utfall netto"),
        ("Myndighet", "Budget netto"),
        ("Socialnämnden", "Avvikelse 2023"),
        ("Administration", "Avvikelse 2023"),
    ] {
        assert_eq!(one(s(), "formula", &[row, col]).severity, Severity::Info);
    }
}

#[test]
fn s_x03_cost_total_1125_2_vs_1125_1() {
    let f = one(s(), "sum", &["Utfall kostnader 2023"]);
    assert!(f.message.contains("−1\u{a0}125,2") && f.message.contains("−1\u{a0}125,1"), "{}", f.message);
}

#[test]
fn s_x04_prior_deviation_total_4_4_vs_4_2() {
    assert!(one(s(), "sum", &["Avvikelse 2022"]).message.contains("4,4"));
}

#[test]
fn s_x05_budget_compliance_from_rounded_mkr() {
    for row in ["Socialnämnden", "Socialkontoret", "Funktionshinderomsorg", "Administration"] {
        assert_eq!(one(s(), "pct", &[row]).severity, Severity::Info);
    }
}

#[test]
fn s_x06_forecast_sums_off_by_0_1() {
    for m in ["Mars", "April", "Oktober"] {
        one(s(), "sum", &["Prognossäkerhet", m]);
    }
    assert!(find(s(), "sum", &["Prognossäkerhet", "Maj"]).is_empty());
}

#[test]
fn s_x07_frame_867_2_vs_867_1() {
    assert!(one(s(), "sum", &["Ramprotokoll"]).message.contains("867,2"));
}

#[test]
fn s_x08_decision_year_and_hysesjustering() {
    assert_eq!(find(s(), "decision", &["2002-08-26"]).len(), 7);
    assert!(find(s(), "decision", &["2022-12-12"]).is_empty());
    one(s(), "typo", &["Hysesjustering", "hyresjustering"]);
}

#[test]
fn s_x09_footnote_markers_garbled() {
    one(s(), "footnotes", &["«*»", "0 gånger"]);
    one(s(), "footnotes", &["«**»", "2 gånger"]);
}

#[test]
fn s_x10_investment_sums() {
    one(s(), "sum", &["Investeringsredovisning", "Utfall 2023"]);
    one(s(), "sum", &["Investeringsredovisning", "Avvikelse 2023"]);
}

#[test]
fn s_x11_text_mixes_annual_and_cumulative() {
    let v = find(s(), "fact", &["investeringskostnaderna", "13,6"]);
    assert_eq!(v.len(), 3, "{v:#?}");
}

#[test]
fn s_x12_cumulative_outcome_without_cumulative_budget() {
    one(s(), "cumulative", &["It- och digitalisering"]);
}

#[test]
fn s_x13_approved_and_rejected_do_not_make_100() {
    assert_eq!(one(s(), "hundred", &["Funktionshinderomsorg", "101"]).severity, Severity::Info);
    assert_eq!(one(s(), "hundred", &["Äldreomsorg/SÄBO", "114"]).severity, Severity::Warning);
}

/// Also IC-09: the control table's scope (5 items, 2 perspectives) is not the text's.
#[test]
fn s_x14_control_table_items_never_reported_on() {
    one(s(), "groups", &["Nämndbeslut"]);
    one(s(), "groups", &["Är utbetalningar korrekta"]);
    // The line-wrapped "Genomförande-planer" is the heading "Genomförandeplaner".
    assert!(find(s(), "groups", &["Genomförande-planer"]).is_empty());
}

#[test]
fn s_x15_shares_add_to_99_and_101() {
    one(s(), "sum", &["intäkter", "99,0"]);
    one(s(), "sum", &["kostnader", "101,0"]);
}

#[test]
fn s_x16_short_term_printed_with_two_decimals() {
    one(s(), "decimals", &["Sjukfrånvaro", "2 decimaler"]);
}

#[test]
fn s_x17_ekonomiconroller_and_semicolon_case_number() {
    one(s(), "typo", &["Ekonomiconroller"]);
    one(s(), "case-number", &["SN/2024;147"]);
    assert!(find(s(), "case-number", &["SN/2022:675"]).is_empty());
}

#[test]
fn s_x18_three_names_for_funktionshinder() {
    one(s(), "naming", &["Funktionshinderomsorg", "Funktionshinder"]);
    one(s(), "naming", &["Funktionshinderomsor", "Driftredovisning"]);
}

#[test]
fn s_x19_fortsatta_leva_vs_fortsatta_att_leva() {
    one(s(), "naming", &["fortsätta leva", "fortsätta att leva"]);
}

#[test]
fn s_count_sentence_and_correct_facts_pass() {
    assert!(find(s(), "count-sentence", &[]).is_empty());
    assert!(find(s(), "fact", &["35,5"]).is_empty());
    assert!(find(s(), "fact", &["4,2"]).is_empty());
}

#[test]
fn a_x01_trygg_hemgang_from_30_although_2023_was_36() {
    one(a(), "fact", &["från 30 till 85", "30"]);
}

#[test]
fn a_x02_76_percent_vs_4_of_13() {
    one(a(), "share", &["4 av 13", "69,2"]);
}

#[test]
fn a_x03_turnover_measured_over_another_period() {
    one(a(), "period", &["november 2023", "november 2024"]);
}

#[test]
fn a_x04_arrow_means_trend_not_attainment() {
    one(a(), "attain", &["Sjukfrånvaro", "lägre är bättre"]);
    one(a(), "attain", &["familjehem"]);
}

#[test]
fn a_x05_met_per_text_assessment_blank() {
    one(a(), "required", &["försörjningsstöd"]);
}

#[test]
fn a_x06_hme_band_70_79_undefined() {
    one(a(), "bands", &["70–79"]);
}

#[test]
fn a_x07_analysis_table_sums_one_tkr_off() {
    one(a(), "sum", &["Driftresultat", "Budget 2024", "42\u{a0}858"]);
    one(a(), "sum", &["Driftresultat", "Budget 2024", "361\u{a0}661"]);
}

#[test]
fn a_x09_same_numbers_different_definition() {
    one(a(), "definition", &["hushåll 18 - 25 år", "individer som är under 25 år"]);
}

#[test]
fn ia_16_heading_counts_fewer_causes_than_its_definition() {
    let f = one(a(), "definition", &["egen uppsägning", "egen begäran, pension eller uppsägning på initiativ av arbetsgivaren"]);
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn a_x10_carry_over_without_amount() {
    one(a(), "carry-over", &["investeringsmedel"]);
}

#[test]
fn a_x11_list_numbering_repeated() {
    one(a(), "numbering", &["«2)»"]);
}

#[test]
fn a_x12_letters_lost_and_text_truncated() {
    one(a(), "letters", &["frvaltningen"]);
    one(a(), "truncated", &["Driftbudget"]);
}

#[test]
fn a_x13_minus_followed_by_a_space() {
    assert!(find(a(), "minus-space", &["- 34 867"]).len() == 1);
    assert!(find(a(), "minus-space", &[]).len() >= 5);
    // The cell is still read as negative: the formula on that row holds.
    assert!(find(a(), "formula", &["Kostnader"]).is_empty());
}

#[test]
fn a_x14_aliases_between_tables() {
    one(a(), "naming", &["Övr. insatser /Ekonomiskt bistånd", "Övr. insatser vuxna/Ekonomiskt bistånd"]);
}

#[test]
fn a_x15_tillsynskamera_vs_trygghetskamera() {
    one(a(), "naming", &["tillsynskamera", "trygghetskamera"]);
}

#[test]
fn a_must_not_flag_ranges_or_goal_counts() {
    assert!(find(a(), "count-sentence", &[]).is_empty());
    assert!(find(a(), "minus-space", &["18 - 25"]).is_empty());
}

#[test]
fn a_x08_one_grant_under_two_names_with_two_amounts() {
    let f = one(a(), "same-item", &["habersättning", "habiliteringsersättning"]);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("(+350)") && f.message.contains("(355 tkr)"), "{}", f.message);
    assert_eq!(find(a(), "same-item", &[]).len(), 1, "nothing else in A");
    assert!(find(s(), "same-item", &[]).is_empty(), "nothing in S");
}
