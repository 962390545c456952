use crate::{on_each_backend, sample_org};
use store::audit::{self, Verdict};
use store::{Actor, Store, org};

async fn three_changes(s: &Store) {
    for name in ["Strängnäs kommun", "Strängnäs", "Strängnäs kommun"] {
        let mut w = s.begin(&Actor::system("test")).await.unwrap();
        org::save_organisation(&mut w, &sample_org(name)).await.unwrap();
        w.commit().await.unwrap();
    }
}

#[tokio::test]
async fn an_untouched_log_verifies() {
    on_each_backend(|label, s| async move {
        assert_eq!(audit::verify(&s).await.unwrap(), Verdict::Intact { entries: 0 }, "{label}");
        three_changes(&s).await;
        assert_eq!(audit::verify(&s).await.unwrap(), Verdict::Intact { entries: 3 }, "{label}");
        let log = audit::recent(&s, None, 10, None).await.unwrap();
        assert_eq!(log.iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(log[2].prev_hash, audit::GENESIS);
        assert_eq!(log[1].prev_hash, log[2].hash);
        let older = audit::recent(&s, None, 10, Some(3)).await.unwrap();
        assert_eq!(older.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 1]);
    })
    .await;
}

#[tokio::test]
async fn tampering_is_found_and_named() {
    on_each_backend(|label, s| async move {
        three_changes(&s).await;
        store::testing::tamper_with_audit_entry(&s, 2, "{\"name\":\"forged\"}").await.unwrap();
        match audit::verify(&s).await.unwrap() {
            Verdict::Broken { seq, reason } => {
                assert_eq!(seq, 2, "{label}");
                assert_eq!(reason, audit::Break::Content, "{label}");
            }
            other => panic!("{label}: tampering not found: {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn updates_and_deletes_are_refused_by_the_database() {
    on_each_backend(|label, s| async move {
        three_changes(&s).await;
        let (update, delete) = store::testing::try_rewrite_audit_entry(&s, 1).await;
        let update = update.expect_err("update must be refused");
        let delete = delete.expect_err("delete must be refused");
        assert!(update.to_string().contains("append-only"), "{label}: {update}");
        assert!(delete.to_string().contains("append-only"), "{label}: {delete}");
        assert_eq!(audit::verify(&s).await.unwrap(), Verdict::Intact { entries: 3 });
    })
    .await;
}

#[tokio::test]
async fn sqlite_backup_is_a_verifiable_copy() {
    on_each_backend(|label, s| async move {
        three_changes(&s).await;
        if s.backend() != store::Backend::Sqlite {
            let err = s.backup_sqlite("/tmp/never.db").await.unwrap_err();
            assert!(err.to_string().contains("pg_dump"), "{label}: {err}");
            return;
        }
        let path = std::env::temp_dir().join(format!("arshjul-backup-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        s.backup_sqlite(path.to_str().unwrap()).await.unwrap();
        assert!(s.backup_sqlite(path.to_str().unwrap()).await.is_err(), "refuses to overwrite");
        let copy = Store::open(&format!("sqlite://{}", path.display())).await.unwrap();
        assert_eq!(audit::verify(&copy).await.unwrap(), Verdict::Intact { entries: 3 });
        assert_eq!(org::organisation(&copy, "0486").await.unwrap().units().len(), 3);
        copy.close().await;
        let _ = std::fs::remove_file(&path);
    })
    .await;
}
