//! Persistence: SQLite (embedded, the default) or PostgreSQL, chosen by URL.
//!
//! `store` is the only crate that holds SQL. It speaks sqlx's `Any` driver with runtime
//! queries, so one code path serves both databases; the few places where the dialects differ
//! go through [`Backend`]. Its modules carry the same names as `domain`'s areas.
//!
//! Design decisions:
//! - **One writer at a time.** Every state change goes through a [`Writer`]: one transaction,
//!   serialised by an in-process lock, that appends to the audit log before it commits. A change
//!   without its audit entry cannot be written, and a failed change leaves nothing behind.
//! - **Migrations per backend, same names.** `migrations/sqlite/NNNN_x.sql` and
//!   `migrations/postgres/NNNN_x.sql` are listed once in [`migrate::MIGRATIONS`]; a test checks
//!   the two folders agree.
//! - **The `Any` common ground.** Integers are BIGINT (money in öre), dates ISO TEXT, booleans
//!   BIGINT 0/1; sums are cast to BIGINT (PostgreSQL's NUMERIC is not supported by `Any`).

pub mod audit;
pub mod cases;
pub mod control;
pub mod economy;
pub mod evb;
pub mod goals;
pub mod meetings;
pub mod migrate;
pub mod org;
pub mod personnel;
pub mod publication;
pub mod quality;
pub mod report;
pub mod sessions;
pub mod testing;
pub mod users;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard};

pub use audit::{AuditEntry, Change};

/// Which database is behind the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file (`sqlite://arshjul.db`).
    Sqlite,
    /// PostgreSQL server (`postgres://…`).
    Postgres,
}

impl Backend {
    /// The backend a URL names, or an error that says which URLs are understood.
    pub fn from_url(url: &str) -> Result<Backend, Error> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(Error::Config(format!("\"{url}\": expected a database URL starting with sqlite:// or postgres://")))
        }
    }
}

/// A value as the JSON text a row keeps it in.
pub(crate) fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Corrupt(e.to_string()))
}

/// A value from the JSON text of a row (unreadable text means a corrupt database).
pub(crate) fn parse<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Corrupt(e.to_string()))
}

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database URL or configuration is unusable.
    #[error("{0}")]
    Config(String),
    /// A row that was asked for does not exist.
    #[error("{0} finns inte")]
    NotFound(String),
    /// The change conflicts with what is stored (e.g. a username already taken).
    #[error("{0}")]
    Conflict(String),
    /// Stored data could not be read back into domain types.
    #[error("lagrade data går inte att läsa: {0}")]
    Corrupt(String),
    /// The database itself failed.
    #[error("databasfel: {0}")]
    Db(#[from] sqlx::Error),
}

/// Result type of the store.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Who makes a change, as written to the audit log: `user:kalle`, `cli`, `demo`, `system`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(String);

impl Actor {
    /// A logged-in user.
    pub fn user(username: &str) -> Actor {
        Actor(format!("user:{username}"))
    }
    /// A named system actor (`cli`, `demo`, `system`).
    pub fn system(name: &str) -> Actor {
        Actor(name.to_string())
    }
    /// The text written to the audit log.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A handle to the database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    write_lock: Arc<Mutex<()>>,
}

impl Store {
    /// Connects to the database at `url` (SQLite files are created if missing) and runs
    /// pending migrations.
    pub async fn open(url: &str) -> Result<Store> {
        let store = Store::connect(url).await?;
        migrate::run(&store).await?;
        Ok(store)
    }

    /// Connects without migrating.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") && !url.contains(":memory:") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url).map_err(|e| Error::Config(format!("\"{url}\": {e}")))?;
        let memory = url.contains(":memory:");
        let pool = AnyPoolOptions::new()
            .max_connections(if memory { 1 } else { 8 })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        sqlx::raw_sql("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;")
                            .execute(conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store { pool, backend, write_lock: Arc::new(Mutex::new(())) })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection pool, for read queries inside this crate.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a change made by `actor`. Nothing is visible to others until [`Writer::commit`];
    /// dropping the writer rolls everything back.
    pub async fn begin(&self, actor: &Actor) -> Result<Writer<'_>> {
        let guard = self.write_lock.lock().await;
        let tx = self.pool.begin().await?;
        Ok(Writer { tx, backend: self.backend, actor: actor.clone(), _guard: guard, audited: 0 })
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Writes a consistent copy of a SQLite database to `path` while it is in use
    /// (`VACUUM INTO`). PostgreSQL is backed up with `pg_dump`, which this refuses to imitate.
    pub async fn backup_sqlite(&self, path: &str) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(Error::Config(
                "backup writes SQLite files only; back up PostgreSQL with pg_dump (e.g. `pg_dump -Fc -f arshjul.dump DBNAME`)".into(),
            ));
        }
        if std::path::Path::new(path).exists() {
            return Err(Error::Conflict(format!("{path} already exists; choose a new file name")));
        }
        sqlx::query("VACUUM INTO $1").bind(path).execute(&self.pool).await?;
        Ok(())
    }
}

/// One state change in progress: a transaction that must be audited before it commits.
pub struct Writer<'s> {
    tx: Transaction<'static, Any>,
    backend: Backend,
    actor: Actor,
    _guard: MutexGuard<'s, ()>,
    audited: usize,
}

impl Writer<'_> {
    /// The connection of the transaction, for this crate's area modules.
    pub(crate) fn conn(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }

    /// Which database the change goes to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Who is making the change.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Appends an entry to the audit log inside this transaction.
    pub async fn audit(&mut self, change: Change) -> Result<()> {
        let actor = self.actor.clone();
        audit::append(self.conn(), &actor, change).await?;
        self.audited += 1;
        Ok(())
    }

    /// Commits the change. Area modules write the audit entry of every change they make (and
    /// none when a "change" leaves everything as it was).
    pub async fn commit(self) -> Result<()> {
        tracing::debug!(audited = self.audited, "commit");
        self.tx.commit().await?;
        Ok(())
    }
}

/// Current time as ISO 8601 UTC text, the form every timestamp is stored in.
pub fn now_iso() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_else(|_| now.unix_timestamp().to_string())
}
