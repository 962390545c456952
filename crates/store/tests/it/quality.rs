//! Deviations: a change saved over a deviation that someone else changed in between is a
//! conflict, not a silently lost change.

use crate::{on_each_backend, sample_org};
use domain::period::Date;
use domain::quality::*;
use store::{Actor, Error};

#[tokio::test]
async fn a_stale_change_to_a_deviation_is_refused() {
    on_each_backend(|label, s| async move {
        let actor = Actor::system("test");
        let d = Deviation {
            id: "A2023-001".into(),
            date: Date::parse("2023-03-04").unwrap(),
            unit: "Äldreomsorg".into(),
            kind: "fall".into(),
            harm: Harm::Ingen,
            law: CareLaw::Hsl,
            description: "Brukaren föll.".into(),
            investigation: String::new(),
            actions: String::new(),
            lex: None,
            decision: None,
            status: Status::Open,
        };
        let mut w = s.begin(&actor).await.unwrap();
        store::org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        store::quality::save_deviation(&mut w, "0486", &d).await.unwrap();
        w.commit().await.unwrap();
        // Two people open it; the first saves an investigation.
        let read = store::quality::deviation(&s, "0486", &d.id).await.unwrap().unwrap();
        let first = Deviation { investigation: "Larmet var avstängt.".into(), status: Status::Investigating, ..read.clone() };
        let mut w = s.begin(&actor).await.unwrap();
        store::quality::update_deviation(&mut w, "0486", &read, &first).await.unwrap();
        w.commit().await.unwrap();
        // The second, from the same old read, is refused; the first's text stays.
        let second = Deviation { actions: "Ny rutin.".into(), ..read.clone() };
        let mut w = s.begin(&actor).await.unwrap();
        let r = store::quality::update_deviation(&mut w, "0486", &read, &second).await;
        assert!(matches!(r, Err(Error::Conflict(ref m)) if m.contains("ändrats av någon annan")), "{label}: {r:?}");
        drop(w);
        let now = store::quality::deviation(&s, "0486", &d.id).await.unwrap().unwrap();
        assert_eq!(now.investigation, "Larmet var avstängt.", "{label}");
    })
    .await;
}
