use crate::{on_each_backend, sample_org};
use domain::goals::*;
use domain::period::Period;
use store::{Actor, goals, org};

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

fn m(s: &str) -> Measure {
    Measure::parse_sv(s).unwrap()
}

pub fn sample_year() -> GoalYear {
    let levels = vec![GoalLevel { depth: 1, name: "Målområde".into() }, GoalLevel { depth: 2, name: "Nämndens mål".into() }];
    let goal = |key: &str, depth, parent: Option<&str>| Goal {
        key: key.into(),
        depth,
        parent: parent.map(Into::into),
        number: None,
        title: format!("Mål {key}"),
        kf_goal: None,
        agenda2030: if depth == 2 { vec![3, 8] } else { vec![] },
        // Two assignments under the goal area (kept one per line, in order).
        assignments: if depth == 1 { vec!["Följ upp driften.".into(), "Redovisa sjukfrånvaron.".into()] } else { vec![] },
    };
    let structure = GoalStructure::new(levels, vec![goal("MO1", 1, None), goal("G1", 2, Some("MO1"))]).unwrap();
    let ind = Indicator {
        key: "SJUK".into(),
        goal: "G1".into(),
        name: "Sjukfrånvaro".into(),
        unit: IndicatorUnit::Percent,
        direction: Direction::Lower,
        source: Some("personalsystem".into()),
        method: Some("sjukfrånvaron i procent".into()),
        kolada_kpi: None,
        responsible: Some("Socialförvaltningen".into()),
    };
    GoalYear::new(2024, Scale::three_words(), structure, vec![ind]).unwrap()
}

#[tokio::test]
async fn goal_year_outcomes_targets_assessments() {
    on_each_backend(|label, s| async move {
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        org::save_organisation(&mut w, &sample_org("Askersunds kommun")).await.unwrap();
        goals::save_goal_year(&mut w, "0486", &sample_year()).await.unwrap();
        goals::save_target(&mut w, "0486", "SJUK", p("2024"), &Target::Value { value: m("7") }).await.unwrap();
        for (y, v) in [("2023", "11,5"), ("2024", "10,74")] {
            let o = Outcome { period: p(y), total: Some(m(v)), women: Some(m("12,1")), men: None, note: None };
            goals::save_outcome(&mut w, "0486", "SJUK", &o).await.unwrap();
        }
        let missing = goals::save_outcome(
            &mut w,
            "0486",
            "NOPE",
            &Outcome { period: p("2024"), total: Some(m("1")), women: None, men: None, note: None },
        )
        .await;
        assert!(matches!(missing, Err(store::Error::NotFound(_))), "{label}");
        let scale = Scale::three_words();
        goals::save_assessment(
            &mut w,
            "0486",
            &Assessment::new("G1", p("2024"), "Delvis uppfyllt", "Sjukfrånvaron minskar.", &scale).unwrap(),
        )
        .await
        .unwrap();
        w.commit().await.unwrap();

        assert_eq!(goals::goal_year(&s, "0486", 2024).await.unwrap().unwrap(), sample_year(), "{label}");
        assert_eq!(goals::years(&s, "0486").await.unwrap(), [2024]);
        let outcomes = goals::outcomes(&s, "0486", "SJUK").await.unwrap();
        assert_eq!(outcomes.iter().map(|o| o.total.unwrap().to_string()).collect::<Vec<_>>(), ["11,5", "10,74"]);
        assert_eq!(outcomes[1].women, Some(m("12,1")));
        let targets = goals::targets(&s, "0486", "SJUK").await.unwrap();
        let gy = sample_year();
        let e = evaluate(&gy.indicators()[0], p("2024"), &outcomes, &targets);
        assert_eq!((e.trend, e.attainment), (Some(Trend::Improved), Attainment::NotMet));
        let a = goals::assessments(&s, "0486", p("2024")).await.unwrap();
        assert_eq!(a[0].level(), "delvis-uppfyllt");

        // Clearing an outcome removes it, audited.
        let mut w = s.begin(&Actor::user("anna")).await.unwrap();
        goals::save_outcome(&mut w, "0486", "SJUK", &Outcome { period: p("2023"), total: None, women: None, men: None, note: None })
            .await
            .unwrap();
        w.commit().await.unwrap();
        assert_eq!(goals::outcomes(&s, "0486", "SJUK").await.unwrap().len(), 1);
        let last = store::audit::recent(&s, Some("0486"), 1, None).await.unwrap().remove(0);
        assert_eq!((last.action.as_str(), last.actor.as_str(), last.after_json.is_none()), ("indicator.outcome", "user:anna", true));
    })
    .await;
}

#[tokio::test]
async fn replacing_a_year_drops_removed_indicators() {
    on_each_backend(|label, s| async move {
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        org::save_organisation(&mut w, &sample_org("X")).await.unwrap();
        goals::save_goal_year(&mut w, "0486", &sample_year()).await.unwrap();
        let gy = sample_year();
        let empty = GoalYear::new(2024, gy.scale().clone(), gy.structure().clone(), vec![]).unwrap();
        goals::save_goal_year(&mut w, "0486", &empty).await.unwrap();
        w.commit().await.unwrap();
        assert!(goals::goal_year(&s, "0486", 2024).await.unwrap().unwrap().indicators().is_empty(), "{label}");
    })
    .await;
}
