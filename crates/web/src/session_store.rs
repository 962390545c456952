//! tower-sessions' `SessionStore` over `store::sessions`, so sessions live in the same
//! database as everything else (SQLite or PostgreSQL).

use async_trait::async_trait;
use store::Store;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// Sessions kept in the database.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    store: Store,
}

impl DbSessionStore {
    /// A session store on `store`.
    pub fn new(store: Store) -> DbSessionStore {
        DbSessionStore { store }
    }
}

fn backend(e: store::Error) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Removes expired sessions when the server starts and every hour after (an expired session is
/// refused anyway; this keeps the table from growing with every visit).
pub async fn sweep_expired(store: Store) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        if let Err(e) = store::sessions::delete_expired(&store, now_unix()).await {
            tracing::warn!("could not remove expired sessions: {e}");
        }
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        while !store::sessions::create(&self.store, &record.id.to_string(), &data, record.expiry_date.unix_timestamp())
            .await
            .map_err(backend)?
        {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        store::sessions::save(&self.store, &record.id.to_string(), &data, record.expiry_date.unix_timestamp()).await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(data) = store::sessions::load(&self.store, &id.to_string(), now_unix()).await.map_err(backend)? else {
            return Ok(None);
        };
        serde_json::from_str(&data).map(Some).map_err(|e| session_store::Error::Decode(e.to_string()))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        store::sessions::delete(&self.store, &id.to_string()).await.map_err(backend)
    }
}
