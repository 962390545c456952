//! Protocols: continuous § numbers, signatures, and the lock after justering that the database
//! itself enforces (a raw UPDATE is refused too).

use crate::{on_each_backend, sample_org};
use domain::meetings::*;
use domain::period::Date;
use store::{Actor, Error};

fn meeting(id: &str, date: &str) -> Meeting {
    Meeting {
        id: id.into(),
        body: "SN".into(),
        body_name: "Socialnämnden".into(),
        date: Date::parse(date).unwrap(),
        time: "18:00".into(),
        place: "Fisken".into(),
        link: String::new(),
        chair: "Anna Ordförande".into(),
        secretary: "Sara Sekreterare".into(),
        adjusters: vec!["Jonas Justerare".into()],
        adjustment: String::new(),
        members: vec![],
        notice_sent: true,
        notice_sent_on: None,
        notice_changed: false,
        notice_revised: false,
    }
}

fn paragraph(n: u32, title: &str) -> Paragraph {
    Paragraph {
        number: n,
        item: n,
        title: title.into(),
        case: None,
        text: "Text.".into(),
        underlag: vec![],
        motions: vec![],
        propositions: String::new(),
        vote: None,
        reservations: vec![],
        notes: vec![],
        jav: vec![],
        decision: vec!["Nämnden godkänner.".into()],
        recipients: vec![],
        secret: false,
        osl: String::new(),
    }
}

#[tokio::test]
async fn after_justering_the_database_refuses_every_change() {
    on_each_backend(|label, s| async move {
        let actor = Actor::system("test");
        let mut w = s.begin(&actor).await.unwrap();
        store::org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        let m = meeting("SN-2025-02-18", "2025-02-18");
        store::meetings::save_meeting(&mut w, "0486", &m, &[]).await.unwrap();
        for n in 1..=3 {
            store::meetings::save_paragraph(&mut w, "0486", &m.id, &paragraph(n, "Ärende")).await.unwrap();
        }
        // The register of members gives the attendance list; attendance is recorded on the head.
        let seat = |name: &str, role: &str| domain::meetings::BodyMember {
            body: "SN".into(),
            name: name.into(),
            party: "S".into(),
            role: role.into(),
            from: Date::parse("2023-01-01").unwrap(),
            to: Date::parse("2026-12-31").unwrap(),
        };
        let register =
            vec![seat("Anna Ordförande", "ordförande"), seat("Jonas Justerare", "ledamot"), seat("Örjan Ersättare", "ersättare")];
        store::meetings::replace_members(&mut w, "0486", &register).await.unwrap();
        let mut list = domain::meetings::attendance(&register, "SN", m.date);
        list[1].present = false;
        list[2].serving = true;
        store::meetings::set_attendance(&mut w, "0486", &m.id, list.clone()).await.unwrap();
        w.commit().await.unwrap();
        let mut read_back = store::meetings::members(&s, "0486").await.unwrap();
        domain::sv::sort_by_key_sv(&mut read_back, |b| &b.name);
        assert_eq!(read_back, register, "{label}");
        assert_eq!(store::meetings::meeting(&s, "0486", &m.id).await.unwrap().unwrap().meeting.members, list, "{label}");
        // The next meeting of the year continues the series.
        let last = store::meetings::last_paragraph_before(&s, "0486", "SN", Date::parse("2025-03-18").unwrap()).await.unwrap();
        assert_eq!(paragraph_numbers(last, 2), 4..=5, "{label}");
        let first_of_next_year =
            store::meetings::last_paragraph_before(&s, "0486", "SN", Date::parse("2026-01-20").unwrap()).await.unwrap();
        assert_eq!(paragraph_numbers(first_of_next_year, 1), 1..=1, "{label}");

        // Three signatures; the last locks it.
        let mut w = s.begin(&actor).await.unwrap();
        assert_eq!(
            store::meetings::sign(&mut w, "0486", &m.id, "ordförande", "Anna Ordförande", "2025-02-25T10:00:00Z").await.unwrap(),
            None
        );
        assert!(store::meetings::sign(&mut w, "0486", &m.id, "justerare", "Någon Annan", "2025-02-25T10:01:00Z").await.is_err());
        assert_eq!(
            store::meetings::sign(&mut w, "0486", &m.id, "justerare", "Jonas Justerare", "2025-02-25T10:02:00Z").await.unwrap(),
            None
        );
        let hash = store::meetings::sign(&mut w, "0486", &m.id, "sekreterare", "Sara Sekreterare", "2025-02-25T10:03:00Z").await.unwrap();
        w.commit().await.unwrap();
        let hash = hash.expect("the third signature justerar");
        let stored = store::meetings::meeting(&s, "0486", &m.id).await.unwrap().unwrap();
        assert_eq!(stored.locked_hash.as_deref(), Some(hash.as_str()), "{label}");
        let paragraphs = store::meetings::paragraphs(&s, "0486", &m.id).await.unwrap();
        assert_eq!(store::meetings::content_hash(&stored.meeting, &paragraphs).unwrap(), hash);

        // Through the store: refused with the reason.
        let mut w = s.begin(&actor).await.unwrap();
        let e = store::meetings::save_paragraph(&mut w, "0486", &m.id, &paragraph(2, "Ändrad")).await.unwrap_err();
        assert!(matches!(e, Error::Conflict(ref t) if t.contains("justerat")), "{label}: {e}");
        drop(w);
        let mut w = s.begin(&actor).await.unwrap();
        assert!(store::meetings::save_paragraph(&mut w, "0486", &m.id, &paragraph(9, "Ny")).await.is_err(), "{label}: insert");
        drop(w);
        let mut w = s.begin(&actor).await.unwrap();
        assert!(store::meetings::save_meeting(&mut w, "0486", &m, &[]).await.is_err(), "{label}: head");
        drop(w);
        let mut w = s.begin(&actor).await.unwrap();
        let e = store::meetings::set_attendance(&mut w, "0486", &m.id, vec![]).await.unwrap_err();
        assert!(matches!(e, Error::Conflict(ref t) if t.contains("justerat")), "{label}: attendance: {e}");
        drop(w);
        // Around the store: the triggers refuse raw SQL too.
        for sql in [
            "UPDATE protocol_paragraph SET paragraph_json = '{}' WHERE meeting = 'SN-2025-02-18'",
            "DELETE FROM protocol_paragraph WHERE meeting = 'SN-2025-02-18'",
            "UPDATE meeting SET locked_hash = NULL WHERE id = 'SN-2025-02-18'",
            "DELETE FROM meeting WHERE id = 'SN-2025-02-18'",
        ] {
            assert!(store::testing::execute_raw(&s, sql).await.is_err(), "{label}: {sql}");
        }
        assert_eq!(store::meetings::paragraphs(&s, "0486", &m.id).await.unwrap(), paragraphs);

        // Set up for a month too late by a slip: not up yet, so it may be corrected.
        let day = |d: &str| Date::parse(d).unwrap();
        let mut w = s.begin(&actor).await.unwrap();
        store::meetings::post(&mut w, "0486", &m.id, day("2025-02-25"), day("2025-03-26"), day("2025-02-25")).await.unwrap();
        w.commit().await.unwrap();
        assert!(!store::meetings::posting(&s, "0486", &m.id).await.unwrap().unwrap().is_up(day("2025-02-25")));
        // Posted on the notice board two days after: the appeal period is three weeks.
        let mut w = s.begin(&actor).await.unwrap();
        let p = store::meetings::post(&mut w, "0486", &m.id, day("2025-02-25"), day("2025-02-26"), day("2025-02-25")).await.unwrap();
        w.commit().await.unwrap();
        let log = store::audit::recent(&s, Some("0486"), 1, None).await.unwrap().remove(0);
        assert!(
            log.action == "protocol.anslag_corrected" && log.before_json.as_deref().is_some_and(|b| b.contains("2025-03-26")),
            "{log:?}"
        );
        assert_eq!(p.appeal_last_day, Date::parse("2025-03-19").unwrap());
        assert_eq!(store::meetings::notice_board(&s, "0486").await.unwrap(), vec![p.clone()]);
        assert_eq!(store::meetings::posting(&s, "0486", &m.id).await.unwrap(), Some(p));
        assert_eq!(store::meetings::posting(&s, "0486", "SN-2025-03-18").await.unwrap(), None);
        // A second posting would move the appeal period: refused, the first stands.
        let mut w = s.begin(&actor).await.unwrap();
        let again = store::meetings::post(&mut w, "0486", &m.id, day("2025-02-25"), day("2025-03-05"), day("2025-02-26")).await;
        assert!(matches!(again, Err(Error::Conflict(ref m)) if m.contains("2025-02-26")), "{label}: {again:?}");
        drop(w);
        assert_eq!(store::meetings::posting(&s, "0486", &m.id).await.unwrap().unwrap().posted, Date::parse("2025-02-26").unwrap());
    })
    .await;
}

/// A paragraph marked secret makes its agenda item secret too: the paragraph's text is drawn
/// from the item's case paper, which must then not stay public.
#[tokio::test]
async fn a_secret_paragraph_makes_its_agenda_item_secret() {
    on_each_backend(|label, s| async move {
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        store::org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        let m = meeting("SN-2025-03-18", "2025-03-18");
        let item = |number: u32, title: &str| AgendaItem {
            number,
            title: title.into(),
            case: None,
            kind: ItemKind::Decision,
            proposal: "Nämnden beslutar.".into(),
            paper: "Bakgrund med uppgifter om en enskild.".into(),
            secret: false,
            sections: vec![],
            heading_case: None,
        };
        store::meetings::save_meeting(&mut w, "0486", &m, &[item(1, "Taxa"), item(2, "Placering")]).await.unwrap();
        let mut p = paragraph(20, "Placering");
        p.item = 2;
        p.secret = true;
        store::meetings::save_paragraph(&mut w, "0486", &m.id, &p).await.unwrap();
        w.commit().await.unwrap();
        let agenda = store::meetings::agenda(&s, "0486", &m.id).await.unwrap();
        assert_eq!(agenda.iter().map(|a| (a.number, a.secret)).collect::<Vec<_>>(), [(1, false), (2, true)], "{label}");
    })
    .await;
}
