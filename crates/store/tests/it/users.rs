use crate::{on_each_backend, sample_org};
use domain::role::Role;
use store::{Actor, Error, org, sessions, users};

#[tokio::test]
async fn accounts() {
    on_each_backend(|label, s| async move {
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        let new = users::NewUser {
            username: "anna",
            display_name: "Anna Controller",
            role: Role::Controller,
            municipality: Some("0486"),
            password_hash: "$argon2id$secret-hash",
        };
        let anna = users::create(&mut w, &new).await.unwrap();
        assert!(matches!(users::create(&mut w, &new).await, Err(Error::Conflict(_))), "{label}");
        let orphan = users::NewUser { username: "x", municipality: Some("9999"), ..new.clone() };
        assert!(matches!(users::create(&mut w, &orphan).await, Err(Error::NotFound(_))), "{label}");
        let homeless = users::NewUser { username: "y", municipality: None, ..new.clone() };
        assert!(matches!(users::create(&mut w, &homeless).await, Err(Error::Conflict(_))), "{label}");
        w.commit().await.unwrap();

        let found = users::by_username(&s, "anna").await.unwrap().unwrap();
        assert_eq!(found, anna);
        assert_eq!(found.password_hash(), "$argon2id$secret-hash");
        assert_eq!(users::by_id(&s, anna.id).await.unwrap().unwrap().username, "anna");
        assert_eq!(users::list(&s, Some("0486")).await.unwrap().len(), 1);

        // The hash never reaches the audit log.
        let log = store::audit::recent(&s, None, 10, None).await.unwrap();
        assert!(log.iter().all(|e| !e.after_json.clone().unwrap_or_default().contains("secret-hash")), "{label}");
    })
    .await;
}

#[tokio::test]
async fn sessions_expire() {
    on_each_backend(|label, s| async move {
        assert!(sessions::create(&s, "abc", "{}", 100).await.unwrap());
        assert!(!sessions::create(&s, "abc", "{}", 100).await.unwrap(), "{label}: ids are unique");
        sessions::save(&s, "abc", "{\"u\":1}", 200).await.unwrap();
        assert_eq!(sessions::load(&s, "abc", 150).await.unwrap().as_deref(), Some("{\"u\":1}"));
        assert_eq!(sessions::load(&s, "abc", 200).await.unwrap(), None, "{label}: expired");
        assert_eq!(sessions::delete_expired(&s, 300).await.unwrap(), 1);
        sessions::delete(&s, "abc").await.unwrap();
    })
    .await;
}

/// Tying an account to a unit is in its municipality's log, with the unit before.
#[tokio::test]
async fn a_unit_change_is_in_the_municipality_s_log() {
    on_each_backend(|label, s| async move {
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        org::save_organisation(&mut w, &sample_org("Strängnäs kommun")).await.unwrap();
        let new = users::NewUser {
            username: "vc",
            display_name: "Verksamhetschef",
            role: Role::Verksamhetschef,
            municipality: Some("0486"),
            password_hash: "$argon2id$secret-hash",
        };
        users::create(&mut w, &new).await.unwrap();
        users::set_unit(&mut w, "vc", Some("Äldreomsorg")).await.unwrap();
        users::set_unit(&mut w, "vc", Some("IFO")).await.unwrap();
        // The same unit again is no change, and is not logged as one.
        users::set_unit(&mut w, "vc", Some("IFO")).await.unwrap();
        w.commit().await.unwrap();
        let last = store::audit::recent(&s, Some("0486"), 1, None).await.unwrap().remove(0);
        assert_eq!(last.action, "user.unit", "{label}");
        assert!(last.before_json.as_deref().is_some_and(|b| b.contains("Äldreomsorg")), "{label}: {last:?}");
    })
    .await;
}
