use super::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn decision(id: &str, decided: &str) -> Decision {
    Decision {
        id: id.into(),
        law: "EVB_REPORT_SOL".into(),
        insats: "kontaktperson".into(),
        insats_text: "kontaktperson".into(),
        decided: d(decided),
        interrupted: None,
        executed: None,
        closed: false,
        closed_on: None,
        unit: String::new(),
        reason: String::new(),
        reason_code: String::new(),
        interim: String::new(),
        events: vec![],
        pseudonym: None,
        sex: None,
        age_group: String::new(),
    }
}

#[test]
fn three_calendar_months_with_the_month_end_rule() {
    assert_eq!(three_months(d("2021-11-30")), d("2022-02-28"));
    assert_eq!(three_months(d("2023-11-30")), d("2024-02-29"), "leap year");
    assert_eq!(three_months(d("2022-01-31")), d("2022-04-30"));
    assert_eq!(three_months(d("2021-08-31")), d("2021-11-30"), "B row 30");
    // 89–92 days in B's data (rows 3 and 1).
    assert_eq!(d("2021-02-16").days_until(three_months(d("2021-02-16"))), 89);
    assert_eq!(d("2020-11-23").days_until(three_months(d("2020-11-23"))), 92);
}

#[test]
fn an_interruption_restarts_the_three_months() {
    let mut x = decision("x", "2021-01-10");
    x.interrupted = Some(d("2021-06-15"));
    assert_eq!(x.limit(), d("2021-09-15"));
}

#[test]
fn reportable_when_the_limit_has_passed_on_the_cutoff() {
    // B row 33: limit 2021-12-29 ≤ 2021-12-31 → new; with a cut-off of 2021-12-28 it is not.
    let r33 = decision("33", "2021-09-29");
    assert_eq!(categorize(&r33, false, None, d("2021-12-31")), Some(Category::New));
    assert_eq!(categorize(&r33, false, None, d("2021-12-28")), None);
    let mut early = decision("e", "2021-09-01");
    early.executed = Some(d("2021-11-30"));
    assert_eq!(categorize(&early, false, None, d("2021-12-31")), None, "executed within three months: never reported");
    early.executed = Some(d("2021-12-10"));
    assert_eq!(categorize(&early, false, None, d("2021-12-31")), Some(Category::Executed), "late and never reported: reported once");
    assert_eq!(categorize(&early, false, Some(d("2021-12-31")), d("2022-03-31")), None, "and not again in the next report");
    let mut prev = decision("p", "2021-01-01");
    assert_eq!(categorize(&prev, true, None, d("2021-12-31")), Some(Category::StillOpen));
    prev.closed = true;
    assert_eq!(categorize(&prev, true, None, d("2021-12-31")), Some(Category::ClosedNotExecuted));
    prev.executed = Some(d("2021-12-01"));
    assert_eq!(categorize(&prev, true, None, d("2021-12-31")), Some(Category::Executed));
}

#[test]
fn full_months_and_bands() {
    assert_eq!(full_months(d("2021-09-29"), d("2021-12-31")), 3);
    assert_eq!(full_months(d("2020-10-26"), d("2021-12-31")), 14);
    assert_eq!(full_months(d("2021-01-31"), d("2021-02-28")), 1, "month-end");
    let b = Bands::default();
    assert_eq!((b.index(3), b.index(5), b.index(6), b.index(11), b.index(14)), (0, 0, 1, 2, 3));
    assert_eq!(b.labels(), ["3 till < 6 mån", "6 till < 9 mån", "9 till < 12 mån", "≥ 12 mån"]);
}

#[test]
fn pseudonym_form_and_sex() {
    let p = Pseudonym::parse("19800101-T123").unwrap();
    assert_eq!((p.sex(), p.birth_date()), (Sex::Female, d("1980-01-01")));
    assert_eq!(Pseudonym::parse("20100315-tf10").unwrap().sex(), Sex::Male);
    for bad in ["198001011-T123", "19801301-T123", "19800101-TFA0", "19800101T123", "Anna Svensson", "19900101-1234"] {
        assert!(Pseudonym::parse(bad).is_err(), "{bad}");
    }
    assert!(Pseudonym::parse("19900101-1234").unwrap_err().contains("är ett personnummer, inte en pseudonym"));
}

#[test]
fn law_references_are_chosen_by_date() {
    let r = |label: &str, from: Option<&str>, to: Option<&str>| LawRef {
        key: "EVB_REPORT_SOL".into(),
        law: "SoL".into(),
        sfs: String::new(),
        label: label.into(),
        valid_from: from.map(d),
        valid_to: to.map(d),
        verified: true,
    };
    let refs = [r("16 kap. 6 f § SoL", None, Some("2025-06-30")), r("ny SoL", Some("2025-07-01"), None)];
    assert_eq!(law_ref(&refs, "EVB_REPORT_SOL", d("2021-12-31")).unwrap().label, "16 kap. 6 f § SoL");
    assert_eq!(law_ref(&refs, "EVB_REPORT_SOL", d("2025-06-30")).unwrap().label, "16 kap. 6 f § SoL");
    assert_eq!(law_ref(&refs, "EVB_REPORT_SOL", d("2025-07-01")).unwrap().label, "ny SoL");
    assert!(law_ref(&refs, "EVB_REPORT_LSS", d("2025-07-01")).is_none());
}

#[test]
fn waiting_statistics_are_exact() {
    // B's executed rows: 363 340 261 233 218 259 196 159 188 146 → mean 236,3, median 225,5.
    let w = waiting(&[363, 340, 261, 233, 218, 259, 196, 159, 188, 146]).unwrap();
    assert_eq!((w.n, w.min, w.max, w.mean_tenths, w.median_tenths), (10, 146, 363, 2363, 2255));
    assert!(waiting(&[]).is_none());
}

#[test]
fn the_alert_list_holds_open_decisions_near_their_limit() {
    let a = decision("a", "2021-09-01"); // limit 2021-12-01
    let mut b = decision("b", "2021-10-20"); // limit 2022-01-20
    let c = decision("c", "2021-11-25"); // limit 2022-02-25
    b.executed = None;
    let mut done = decision("done", "2021-09-05");
    done.executed = Some(d("2021-10-01"));
    let all = [a, b, c, done];
    let list: Vec<(&str, i64)> = approaching(&all, d("2021-11-20"), 70).into_iter().map(|(x, n)| (x.id.as_str(), n)).collect();
    assert_eq!(list, [("a", 11), ("b", 61)]);
}

#[test]
fn an_event_is_read_as_written_and_old_bare_dates_still_load() {
    let e = Event::parse("2021-05-25 erbjuden extern träningslägenhet: tackat nej").unwrap();
    assert_eq!(
        (e.date, e.what.as_str(), e.answer.as_str()),
        (Date::parse("2021-05-25").unwrap(), "erbjuden extern träningslägenhet", "tackat nej")
    );
    assert_eq!(e.to_string(), "2021-05-25 erbjuden extern träningslägenhet: tackat nej");
    let bare = Event::parse("2021-06-01").unwrap();
    assert_eq!((bare.what.as_str(), bare.to_string().as_str()), ("", "2021-06-01"));
    assert_eq!(Event::parse("igår erbjuden"), None);
    let timed = Event::parse("2021-06-02 möte kl. 10:00 bokat: inställt").unwrap();
    assert_eq!((timed.what.as_str(), timed.answer.as_str()), ("möte kl. 10:00 bokat", "inställt"));
    assert_eq!(Event::parse(&timed.to_string()), Some(timed));
    // Stored before events had a text: a list of dates.
    let old: Vec<Event> = serde_json::from_str(r#"["2021-05-25", {"date": "2021-06-01", "what": "möte", "answer": ""}]"#).unwrap();
    assert_eq!((old[0].date, old[1].what.as_str()), (Date::parse("2021-05-25").unwrap(), "möte"));
}
