//! The append-only audit log: who changed what, when, with the state before and after.
//!
//! Each entry carries the SHA-256 of its own content and of the previous entry's hash, so any
//! change to a stored entry breaks the chain from that entry on; [`verify`] finds the first
//! break. Updates and deletes are refused by the schema itself (triggers on both backends), and
//! this module has no function that would attempt one.

use crate::{Actor, Error, Result, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A change to be audited.
#[derive(Debug, Clone)]
pub struct Change {
    /// The municipality the change belongs to (`None` for system-wide changes).
    pub municipality: Option<String>,
    /// What was done, as `area.verb`: `org.replace`, `user.create`.
    pub action: String,
    /// The kind of thing changed: `organisation`, `user`.
    pub entity: String,
    /// Which one: a key or id.
    pub entity_key: String,
    /// Its state before, as JSON (`None` when created).
    pub before: Option<serde_json::Value>,
    /// Its state after, as JSON (`None` when removed).
    pub after: Option<serde_json::Value>,
}

impl Change {
    /// A change with the JSON forms of `before` and `after`.
    pub fn new<T: Serialize>(
        municipality: Option<&str>,
        action: &str,
        entity: &str,
        entity_key: &str,
        before: Option<&T>,
        after: Option<&T>,
    ) -> Change {
        let json = |v: Option<&T>| v.map(|v| serde_json::to_value(v).expect("domain values serialise"));
        Change {
            municipality: municipality.map(str::to_string),
            action: action.into(),
            entity: entity.into(),
            entity_key: entity_key.into(),
            before: json(before),
            after: json(after),
        }
    }
}

/// One stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Position in the log, from 1.
    pub seq: i64,
    /// When (ISO 8601 UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// The municipality, if any.
    pub municipality: Option<String>,
    /// What was done.
    pub action: String,
    /// Kind of thing changed.
    pub entity: String,
    /// Which one.
    pub entity_key: String,
    /// State before, JSON text.
    pub before_json: Option<String>,
    /// State after, JSON text.
    pub after_json: Option<String>,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

impl AuditEntry {
    /// The hash this entry should have, recomputed from its content.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        let fields: [&str; 10] = [
            &self.seq.to_string(),
            &self.at,
            &self.actor,
            self.municipality.as_deref().unwrap_or("\u{0}"),
            &self.action,
            &self.entity,
            &self.entity_key,
            self.before_json.as_deref().unwrap_or("\u{0}"),
            self.after_json.as_deref().unwrap_or("\u{0}"),
            &self.prev_hash,
        ];
        for f in fields {
            // Length-prefixed, so no two different entries hash the same text.
            h.update((f.len() as u64).to_be_bytes());
            h.update(f.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

pub(crate) async fn append(conn: &mut AnyConnection, actor: &Actor, change: Change) -> Result<AuditEntry> {
    let last = sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *conn).await?;
    let (seq, prev_hash) = match last {
        Some(row) => (row.try_get::<i64, _>("seq")? + 1, row.try_get::<String, _>("hash")?),
        None => (1, GENESIS.to_string()),
    };
    let mut entry = AuditEntry {
        seq,
        at: crate::now_iso(),
        actor: actor.as_str().to_string(),
        municipality: change.municipality,
        action: change.action,
        entity: change.entity,
        entity_key: change.entity_key,
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, municipality, action, entity, entity_key, before_json, after_json, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(entry.seq)
    .bind(&entry.at)
    .bind(&entry.actor)
    .bind(&entry.municipality)
    .bind(&entry.action)
    .bind(&entry.entity)
    .bind(&entry.entity_key)
    .bind(&entry.before_json)
    .bind(&entry.after_json)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut *conn)
    .await?;
    Ok(entry)
}

fn entry_from_row(row: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        municipality: row.try_get("municipality")?,
        action: row.try_get("action")?,
        entity: row.try_get("entity")?,
        entity_key: row.try_get("entity_key")?,
        before_json: row.try_get("before_json")?,
        after_json: row.try_get("after_json")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

const COLUMNS: &str = "seq, at, actor, municipality, action, entity, entity_key, before_json, after_json, prev_hash, hash";

/// How many entries the log holds for `municipality`.
pub async fn count_in(store: &Store, municipality: &str) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE municipality = $1")
        .bind(municipality)
        .fetch_one(store.pool())
        .await?;
    Ok(n)
}

/// How many times `action` was logged on `entity`'s `key`: a count that only grows, as the log
/// is append-only (a calendar event's SEQUENCE).
pub async fn count(store: &Store, action: &str, entity: &str, key: &str) -> Result<i64> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = $1 AND entity = $2 AND entity_key = $3")
            .bind(action)
            .bind(entity)
            .bind(key)
            .fetch_one(store.pool())
            .await?;
    Ok(n)
}

/// The newest `limit` entries, newest first: only those of `municipality` when given, and only
/// those numbered below `before` when given (for paging).
pub async fn recent(store: &Store, municipality: Option<&str>, limit: i64, before: Option<i64>) -> Result<Vec<AuditEntry>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE ($1 IS NULL OR municipality = $1) AND seq < $2 ORDER BY seq DESC LIMIT $3");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(municipality)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(store.pool())
        .await?;
    rows.iter().map(entry_from_row).collect()
}

/// The newest entry logged on `entity`'s `key` with one of `actions`.
pub async fn last_of(store: &Store, entity: &str, key: &str, actions: &[&str]) -> Result<Option<AuditEntry>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE entity = $1 AND entity_key = $2 ORDER BY seq DESC");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(entity).bind(key).fetch_all(store.pool()).await?;
    for row in &rows {
        let e = entry_from_row(row)?;
        if actions.contains(&e.action.as_str()) {
            return Ok(Some(e));
        }
    }
    Ok(None)
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every entry's hash matches its content and links to the one before.
    Intact {
        /// Number of entries checked.
        entries: i64,
    },
    /// The first entry that does not match.
    Broken {
        /// Its sequence number.
        seq: i64,
        /// What is wrong with it.
        reason: Break,
    },
}

/// What is wrong with a broken entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// The entry before it is missing (the sequence has a gap).
    Missing,
    /// Its link to the previous entry does not match that entry's hash.
    Link,
    /// Its content does not match its own hash: it was altered.
    Content,
}

impl Break {
    /// Swedish description, for the interface.
    pub fn sv(self) -> &'static str {
        match self {
            Break::Missing => "en eller flera poster före den saknas",
            Break::Link => "dess länk till föregående post stämmer inte",
            Break::Content => "innehållet stämmer inte med kontrollsumman (posten har ändrats)",
        }
    }
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Break::Missing => "an entry before it is missing",
            Break::Link => "its link to the previous entry does not match",
            Break::Content => "its content does not match its hash (the entry was altered)",
        })
    }
}

/// Recomputes the whole chain, in order, and names the first broken entry.
pub async fn verify(store: &Store) -> Result<Verdict> {
    use futures_util::TryStreamExt;
    let sql = format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq");
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(store.pool());
    let mut expected_prev = GENESIS.to_string();
    let mut expected_seq = 1;
    let mut count = 0;
    while let Some(row) = rows.try_next().await? {
        let e = entry_from_row(&row).map_err(|err| Error::Corrupt(err.to_string()))?;
        if e.seq != expected_seq {
            return Ok(Verdict::Broken { seq: e.seq, reason: Break::Missing });
        }
        if e.prev_hash != expected_prev {
            return Ok(Verdict::Broken { seq: e.seq, reason: Break::Link });
        }
        if e.compute_hash() != e.hash {
            return Ok(Verdict::Broken { seq: e.seq, reason: Break::Content });
        }
        expected_prev = e.hash;
        expected_seq += 1;
        count += 1;
    }
    Ok(Verdict::Intact { entries: count })
}
