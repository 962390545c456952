use crate::{on_each_backend, sample_org};
use domain::period::FollowUpPlan;
use store::{Actor, org};

#[tokio::test]
async fn organisation_round_trip_and_replace() {
    on_each_backend(|label, s| async move {
        let first = sample_org("Strängnäs kommun");
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        org::save_organisation(&mut w, &first).await.unwrap();
        w.commit().await.unwrap();
        assert_eq!(org::organisation(&s, "0486").await.unwrap(), first, "{label}");

        // Replace: drop one unit, rename another.
        let mut units = first.units().to_vec();
        units.retain(|u| u.key != "AO");
        units[1].name = "IFO".into();
        let second = domain::org::Organisation::new(first.municipality().clone(), first.bodies().to_vec(), units).unwrap();
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        org::save_organisation(&mut w, &second).await.unwrap();
        w.commit().await.unwrap();
        assert_eq!(org::organisation(&s, "0486").await.unwrap(), second, "{label}");

        let log = store::audit::recent(&s, Some("0486"), 10, None).await.unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].action, "org.replace");
        assert!(log[0].before_json.as_deref().unwrap().contains("Äldreomsorg"));
        assert!(!log[0].after_json.as_deref().unwrap().contains("Äldreomsorg"));
        assert!(org::organisation(&s, "9999").await.is_err());
    })
    .await;
}

#[tokio::test]
async fn a_dropped_writer_leaves_nothing() {
    on_each_backend(|label, s| async move {
        {
            let mut w = s.begin(&Actor::system("test")).await.unwrap();
            org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
            // No commit: dropped here.
        }
        assert!(org::municipalities(&s).await.unwrap().is_empty(), "{label}");
        assert!(store::audit::recent(&s, None, 10, None).await.unwrap().is_empty(), "{label}");
    })
    .await;
}

#[tokio::test]
async fn municipalities_sort_in_swedish_order() {
    on_each_backend(|label, s| async move {
        for (code, name) in [("1882", "Örebro-testkommun"), ("0127", "Botkyrka kommun"), ("0486", "Åstorp-testkommun")] {
            let mut o = sample_org(name);
            let mut units = o.units().to_vec();
            units.truncate(1);
            o = domain::org::Organisation::new(
                domain::org::Municipality::new(domain::org::ScbCode::parse(code).unwrap(), name),
                o.bodies().to_vec(),
                units,
            )
            .unwrap();
            let mut w = s.begin(&Actor::system("test")).await.unwrap();
            org::save_organisation(&mut w, &o).await.unwrap();
            w.commit().await.unwrap();
        }
        let names: Vec<String> = org::municipalities(&s).await.unwrap().into_iter().map(|m| m.name).collect();
        assert_eq!(names, ["Botkyrka kommun", "Åstorp-testkommun", "Örebro-testkommun"], "{label}");
    })
    .await;
}

#[tokio::test]
async fn follow_up_plans() {
    on_each_backend(|label, s| async move {
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        let plan = FollowUpPlan::new(2023, vec![3, 4, 5, 8, 10], vec![8]).unwrap();
        org::save_follow_up_plan(&mut w, "0486", &plan).await.unwrap();
        w.commit().await.unwrap();
        assert_eq!(org::follow_up_plans(&s, "0486").await.unwrap(), vec![plan], "{label}");
    })
    .await;
}
