//! Helpers for tests of the audit verifier: they do what an intruder with direct database
//! access could do. Nothing in the product calls them.

use crate::{Backend, Result, Store};

/// Overwrites the `after_json` of audit entry `seq` directly in the database, bypassing the
/// append-only triggers (dropped and recreated around the update, as an intruder would).
pub async fn tamper_with_audit_entry(store: &Store, seq: i64, after_json: &str) -> Result<()> {
    let mut tx = store.pool().begin().await?;
    match store.backend() {
        Backend::Sqlite => {
            sqlx::raw_sql("DROP TRIGGER audit_log_no_update").execute(&mut *tx).await?;
            sqlx::query("UPDATE audit_log SET after_json = $1 WHERE seq = $2").bind(after_json).bind(seq).execute(&mut *tx).await?;
            sqlx::raw_sql(
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
            )
            .execute(&mut *tx)
            .await?;
        }
        Backend::Postgres => {
            sqlx::raw_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete").execute(&mut *tx).await?;
            sqlx::query("UPDATE audit_log SET after_json = $1 WHERE seq = $2").bind(after_json).bind(seq).execute(&mut *tx).await?;
            sqlx::raw_sql("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete").execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Tries a plain `UPDATE` and a plain `DELETE` of an audit entry, as a careless script
/// would; returns the database's errors (both should be refusals).
pub async fn try_rewrite_audit_entry(store: &Store, seq: i64) -> (Result<()>, Result<()>) {
    let update = sqlx::query("UPDATE audit_log SET actor = 'someone else' WHERE seq = $1").bind(seq).execute(store.pool()).await;
    let delete = sqlx::query("DELETE FROM audit_log WHERE seq = $1").bind(seq).execute(store.pool()).await;
    (update.map(|_| ()).map_err(Into::into), delete.map(|_| ()).map_err(Into::into))
}

/// The environment variable that names a PostgreSQL server for the test suites.
pub const POSTGRES_ENV: &str = "ARSHJUL_TEST_POSTGRES_URL";

/// Database URLs for one test: a fresh SQLite file always, and a fresh PostgreSQL schema when
/// [`POSTGRES_ENV`] is set. With `CI=true` a missing PostgreSQL URL is an error, so CI cannot
/// silently skip the second backend. Each entry is (label, url).
pub async fn fresh_databases() -> Vec<(&'static str, String)> {
    let unique = unique_name();
    let path = std::env::temp_dir().join(format!("arshjul-test-{unique}.db"));
    let mut out = vec![("sqlite", format!("sqlite://{}", path.display()))];
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => out.push(("postgres", fresh_postgres_schema(&url, &unique).await)),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true but {POSTGRES_ENV} is not set: the PostgreSQL suite must run in CI")
        }
        _ => {}
    }
    out
}

/// Creates schema `t_<unique>` on the server at `url` and returns a URL whose connections use it.
async fn fresh_postgres_schema(url: &str, unique: &str) -> String {
    let schema = format!("t_{unique}");
    let admin = Store::connect(url).await.unwrap_or_else(|e| panic!("{POSTGRES_ENV}={url}: cannot connect: {e}"));
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(admin.pool())
        .await
        .unwrap_or_else(|e| panic!("cannot create schema {schema}: {e}"));
    admin.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

fn unique_name() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos)
}

/// Runs SQL directly, around the store's functions (as a script or an intruder with database
/// access would): for tests that the database itself refuses what the store refuses.
pub async fn execute_raw(store: &Store, sql: &'static str) -> Result<()> {
    sqlx::raw_sql(sql).execute(store.pool()).await?;
    Ok(())
}

/// A number straight from the database (`SELECT COUNT(*) …`), around the store's functions: for
/// tests of what the tables hold.
pub async fn count_raw(store: &Store, sql: &'static str) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(store.pool()).await?;
    Ok(n)
}
