//! Login sessions, stored so that a restart does not log everyone out. The session data is
//! opaque JSON owned by `web`; this module only keeps it and its expiry.
//!
//! Sessions are not audited (they are not state of the committee's year); logins and logouts
//! are logged by `web` through tracing.

use crate::{Result, Store};

/// Stores a session, replacing any with the same id.
pub async fn save(store: &Store, id: &str, data: &str, expires_unix: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO session (id, data, expires_unix) VALUES ($1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_unix = excluded.expires_unix",
    )
    .bind(id)
    .bind(data)
    .bind(expires_unix)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Stores a new session; `false` if the id is already taken (the caller picks another).
pub async fn create(store: &Store, id: &str, data: &str, expires_unix: i64) -> Result<bool> {
    let done = sqlx::query("INSERT INTO session (id, data, expires_unix) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
        .bind(id)
        .bind(data)
        .bind(expires_unix)
        .execute(store.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A session's data if it exists and has not expired at `now_unix`.
pub async fn load(store: &Store, id: &str, now_unix: i64) -> Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT data FROM session WHERE id = $1 AND expires_unix > $2")
        .bind(id)
        .bind(now_unix)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.map(|(d,)| d))
}

/// Removes a session.
pub async fn delete(store: &Store, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM session WHERE id = $1").bind(id).execute(store.pool()).await?;
    Ok(())
}

/// Removes every session expired at `now_unix`; returns how many.
pub async fn delete_expired(store: &Store, now_unix: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM session WHERE expires_unix <= $1").bind(now_unix).execute(store.pool()).await?.rows_affected())
}
