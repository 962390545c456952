//! Schema migrations, one list for both backends.

use crate::{Backend, Result, Store};

/// A migration: its name and its SQL for each backend.
pub struct Migration {
    /// File stem, e.g. `0001_foundation`; the same in both folders.
    pub name: &'static str,
    /// SQLite dialect.
    pub sqlite: &'static str,
    /// PostgreSQL dialect.
    pub postgres: &'static str,
}

macro_rules! migrations {
    ($($name:literal),* $(,)?) => {
        &[$(Migration {
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
        }),*]
    };
}

/// Every migration in order. Adding one means a file in each folder and a name here.
pub const MIGRATIONS: &[Migration] = migrations![
    "0001_foundation",
    "0002_goals",
    "0003_economy",
    "0004_personnel_control",
    "0005_evb",
    "0006_reports",
    "0007_quality",
    "0008_prior_year",
    "0009_meetings",
    "0010_diarium",
    "0011_user_unit",
    "0012_members",
    "0013_case_unit",
    "0014_publication",
    "0015_subrows",
    "0016_result_lines",
    "0017_amount_lists",
    "0018_account_types",
    "0019_grant_activity",
    "0020_goal_assignments",
    "0021_published_report",
    "0022_import_checksum",
    "0023_published_month",
    "0024_published_history",
    "0025_report_case",
    "0026_published_periods",
    "0027_row_unit",
    "0028_text_periods",
    "0029_forecast_comment",
    "0030_budget_source",
    "0031_budget_line_at",
    "0032_ledger_sum",
    "0033_ledger_row_sum",
    "0034_ledger_file",
    "0035_case_form"
];

/// Applies the migrations not yet applied, each in its own transaction.
pub async fn run(store: &Store) -> Result<Vec<&'static str>> {
    run_until(store, None).await
}

/// [`run`], stopping after the migration named `last` (tests of a migration's upgrade of
/// existing rows start a database at the migration before it).
pub async fn run_until(store: &Store, last: Option<&str>) -> Result<Vec<&'static str>> {
    let pool = store.pool();
    sqlx::raw_sql("CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)")
        .execute(pool)
        .await?;
    let mut applied = Vec::new();
    let upto = last.and_then(|l| MIGRATIONS.iter().position(|m| m.name == l)).map_or(MIGRATIONS.len(), |k| k + 1);
    for m in &MIGRATIONS[..upto] {
        let mut tx = pool.begin().await?;
        let done: Option<(String,)> =
            sqlx::query_as("SELECT name FROM schema_migration WHERE name = $1").bind(m.name).fetch_optional(&mut *tx).await?;
        if done.is_some() {
            continue;
        }
        let sql = match store.backend() {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO schema_migration (name, applied_at) VALUES ($1, $2)")
            .bind(m.name)
            .bind(crate::now_iso())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(migration = m.name, "applied");
        applied.push(m.name);
    }
    Ok(applied)
}
