//! Economic follow-up: a year's presentation settings, drift rows and ledger mapping; budget;
//! imported ledger rows (kept raw, so every drift cell can be opened to the rows behind it);
//! frame, grants, forecasts, action plan and investments.

use crate::{Change, Error, Result, Store, Writer};
use domain::economy::*;
use domain::money::Ore;
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};

fn corrupt(what: impl std::fmt::Display) -> Error {
    Error::Corrupt(what.to_string())
}

/// A year's economy setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    /// Presentation.
    pub config: EconomyConfig,
    /// Drift rows.
    pub rows: Vec<RowDef>,
    /// Ledger mapping.
    pub mapping: Mapping,
}

/// Years with an economy setup, newest first.
pub async fn years(store: &Store, municipality: &str) -> Result<Vec<i32>> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT year FROM econ_year WHERE municipality = $1 ORDER BY year DESC")
        .bind(municipality)
        .fetch_all(store.pool())
        .await?;
    Ok(rows.into_iter().map(|(y,)| y as i32).collect())
}

/// A year's setup.
pub async fn setup(store: &Store, municipality: &str, year: i32) -> Result<Option<Setup>> {
    let mut conn = store.pool().acquire().await?;
    setup_in(&mut conn, municipality, year).await
}

async fn setup_in(conn: &mut AnyConnection, municipality: &str, year: i32) -> Result<Option<Setup>> {
    let head: Option<(String,)> = sqlx::query_as("SELECT config_json FROM econ_year WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((config_json,)) = head else { return Ok(None) };
    let config: EconomyConfig = serde_json::from_str(&config_json).map_err(corrupt)?;
    let rows = sqlx::query(
        "SELECT key, label, prior_deviation, prior_compliance, unit FROM econ_row WHERE municipality = $1 AND year = $2 ORDER BY position",
    )
    .bind(municipality)
    .bind(year as i64)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(RowDef {
            key: r.try_get("key")?,
            label: r.try_get("label")?,
            prior_deviation: r.try_get::<Option<i64>, _>("prior_deviation")?.map(Ore::new),
            prior_compliance: r.try_get::<Option<i64>, _>("prior_compliance")?.map(domain::goals::Measure::from_raw),
            unit: r.try_get("unit")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let rules = sqlx::query("SELECT account_from, account_to, dim, object, row_key, category FROM econ_mapping WHERE municipality = $1 AND year = $2 ORDER BY position")
        .bind(municipality)
        .bind(year as i64)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let dim: Option<i64> = r.try_get("dim")?;
            let object: Option<String> = r.try_get("object")?;
            let cat: String = r.try_get("category")?;
            Ok(MappingRule {
                account_from: r.try_get::<i64, _>("account_from")? as u32,
                account_to: r.try_get::<i64, _>("account_to")? as u32,
                object: dim.zip(object).map(|(d, o)| (d as u32, o)),
                unit: r.try_get("row_key")?,
                category: Category::parse(&cat).ok_or_else(|| corrupt(format!("category {cat}")))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(Setup { config, rows, mapping: Mapping { rules } }))
}

/// Starts year `from + 1` from year `from`: its rows (with `from`'s deviation and compliance as
/// the prior year's), presentation and ledger mapping, and the action plan's measures with
/// effects in the next year ([`domain::economy::carried_measures`]); no budget or ledger yet.
/// Returns the year started and how many measures went on into it. `None` when
/// `from` has no setup; refused when the next year is there already.
pub async fn start_next_year(w: &mut Writer<'_>, municipality: &str, from: i32, table: &DriftTable) -> Result<Option<(i32, usize)>> {
    let Some(this) = setup_in(w.conn(), municipality, from).await? else { return Ok(None) };
    let next = from + 1;
    if setup_in(w.conn(), municipality, next).await?.is_some() {
        return Err(Error::Conflict(format!("Den ekonomiska uppföljningen för {next} finns redan.")));
    }
    let (config, rows) = domain::economy::next_year(&this.config, &this.rows, table);
    save_setup(w, municipality, next, &Setup { config, rows, mapping: this.mapping }).await?;
    // The measures whose effects run on into the next year go on in its action plan.
    let carried = domain::economy::carried_measures(&ACTION_PLAN.read_on(w.conn(), municipality, from).await?, next);
    if !carried.is_empty() {
        ACTION_PLAN.replace(w, municipality, next, &carried).await?;
    }
    Ok(Some((next, carried.len())))
}

/// Creates or replaces a year's setup.
pub async fn save_setup(w: &mut Writer<'_>, municipality: &str, year: i32, s: &Setup) -> Result<()> {
    let before = setup_in(w.conn(), municipality, year).await?;
    let y = year as i64;
    sqlx::query("INSERT INTO econ_year (municipality, year, config_json) VALUES ($1, $2, $3) ON CONFLICT (municipality, year) DO UPDATE SET config_json = excluded.config_json")
        .bind(municipality)
        .bind(y)
        .bind(serde_json::to_string(&s.config).map_err(corrupt)?)
        .execute(w.conn())
        .await?;
    sqlx::query("DELETE FROM econ_row WHERE municipality = $1 AND year = $2").bind(municipality).bind(y).execute(w.conn()).await?;
    for (i, r) in s.rows.iter().enumerate() {
        sqlx::query(
            "INSERT INTO econ_row (municipality, year, key, label, prior_deviation, position, prior_compliance, unit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
            .bind(municipality)
            .bind(y)
            .bind(&r.key)
            .bind(&r.label)
            .bind(r.prior_deviation.map(Ore::ore))
            .bind(i as i64)
            .bind(r.prior_compliance.map(|m| m.raw()))
            .bind(r.unit.clone())
            .execute(w.conn())
            .await?;
    }
    sqlx::query("DELETE FROM econ_mapping WHERE municipality = $1 AND year = $2").bind(municipality).bind(y).execute(w.conn()).await?;
    for (i, m) in s.mapping.rules.iter().enumerate() {
        sqlx::query("INSERT INTO econ_mapping (municipality, year, position, account_from, account_to, dim, object, row_key, category) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(municipality)
            .bind(y)
            .bind(i as i64)
            .bind(m.account_from as i64)
            .bind(m.account_to as i64)
            .bind(m.object.as_ref().map(|(d, _)| *d as i64))
            .bind(m.object.as_ref().map(|(_, o)| o.clone()))
            .bind(&m.unit)
            .bind(m.category.key())
            .execute(w.conn())
            .await?;
    }
    let key = format!("{municipality}/{year}");
    w.audit(Change::new(
        Some(municipality),
        if before.is_some() { "economy.setup.replace" } else { "economy.setup.create" },
        "economy_setup",
        &key,
        before.as_ref(),
        Some(s),
    ))
    .await
}

async fn require_year(conn: &mut AnyConnection, municipality: &str, year: i32) -> Result<Setup> {
    setup_in(conn, municipality, year).await?.ok_or_else(|| Error::NotFound(format!("ekonomiinställningen för {municipality} {year}")))
}

/// When the next year was started from this one and follows it ([`EconomyConfig::prior_follows_last_year`]),
/// makes its prior-year figures again from this year's table as the writer's transaction has
/// it now (after a later ledger or a new budget); `true` when they changed.
pub async fn refresh_next_year(w: &mut Writer<'_>, municipality: &str, year: i32) -> Result<bool> {
    let Some(next) = setup_in(w.conn(), municipality, year + 1).await? else { return Ok(false) };
    if !next.config.prior_follows_last_year {
        return Ok(false);
    }
    let (Some(this), Some(table)) =
        (setup_in(w.conn(), municipality, year).await?, drift_table_in(w.conn(), municipality, year, None).await?)
    else {
        return Ok(false);
    };
    let Some((config, rows)) = domain::economy::refresh_prior((&this.config, &this.rows), &table, (&next.config, &next.rows)) else {
        return Ok(false);
    };
    save_setup(w, municipality, year + 1, &Setup { config, rows, mapping: next.mapping }).await?;
    Ok(true)
}

/// Replaces a year's budget lines.
/// The file a year's budget was read from.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetSource {
    /// File name.
    pub file: String,
    /// Its SHA-256, lower-case hex.
    pub sha256: String,
    /// When (UTC, ISO).
    pub imported_at: String,
    /// Who.
    pub actor: String,
}

/// The file the year's budget was read from, if recorded.
pub async fn budget_source(store: &Store, municipality: &str, year: i32) -> Result<Option<BudgetSource>> {
    let row = sqlx::query("SELECT file, sha256, imported_at, actor FROM budget_source WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .fetch_optional(store.pool())
        .await?;
    row.map(|r| {
        Ok(BudgetSource {
            file: r.try_get("file")?,
            sha256: r.try_get("sha256")?,
            imported_at: r.try_get("imported_at")?,
            actor: r.try_get("actor")?,
        })
    })
    .transpose()
}

/// Replaces the year's budget with `lines`, read from `file` (its SHA-256 `sha256`): the
/// budget's source from now on. `at` holds the line of the file each of `lines` was read from
/// (empty when not known). Lines for the same row, category and month are added together;
/// returns how many lines the budget has then.
pub async fn replace_budget(
    w: &mut Writer<'_>,
    municipality: &str,
    year: i32,
    lines: &[BudgetLine],
    at: &[u64],
    file: &str,
    sha256: &str,
) -> Result<usize> {
    require_year(w.conn(), municipality, year).await?;
    sqlx::query("DELETE FROM budget_source WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .execute(w.conn())
        .await?;
    let actor = w.actor().as_str().to_string();
    sqlx::query("INSERT INTO budget_source (municipality, year, file, sha256, imported_at, actor) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(municipality)
        .bind(year as i64)
        .bind(file)
        .bind(sha256)
        .bind(crate::now_iso())
        .bind(actor)
        .execute(w.conn())
        .await?;
    let before = budget_in(w.conn(), municipality, year).await?;
    sqlx::query("DELETE FROM budget_line WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .execute(w.conn())
        .await?;
    // Lines for the same row, category and month are added together, and their file lines kept.
    let mut merged: Vec<BudgetLine> = Vec::new();
    let mut file_lines: Vec<Vec<u64>> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let k = match merged.iter().position(|m| m.row == l.row && m.category == l.category && m.month == l.month) {
            Some(k) => {
                merged[k].amount = merged[k].amount + l.amount;
                k
            }
            None => {
                merged.push(l.clone());
                file_lines.push(Vec::new());
                merged.len() - 1
            }
        };
        file_lines[k].extend(at.get(i).copied());
    }
    for (l, at) in merged.iter().zip(&file_lines) {
        let at = at.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
        sqlx::query(
            "INSERT INTO budget_line (municipality, year, row_key, category, month, amount, file_lines) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(municipality)
        .bind(year as i64)
        .bind(&l.row)
        .bind(l.category.key())
        .bind(l.month as i64)
        .bind(l.amount.ore())
        .bind(at)
        .execute(w.conn())
        .await?;
    }
    if before == merged {
        return Ok(merged.len());
    }
    let key = format!("{municipality}/{year}");
    w.audit(Change::new(Some(municipality), "economy.budget", "budget", &key, Some(&before), Some(&merged))).await?;
    // A next year started from this one shows this year's deviation as the prior year's.
    refresh_next_year(w, municipality, year).await?;
    Ok(merged.len())
}

/// The lines of the file each of a year's budget lines was read from ("12", "12, 40"; empty
/// when not known), by row, category and month.
#[derive(Debug, Default)]
pub struct BudgetFileLines(pub Vec<((String, Category, u8), String)>);

impl BudgetFileLines {
    /// The file lines of `line` ("" when not known).
    pub fn of(&self, line: &BudgetLine) -> &str {
        self.0.iter().find(|((r, c, m), _)| *r == line.row && *c == line.category && *m == line.month).map_or("", |(_, a)| a)
    }
}

/// The file lines of a year's budget lines.
pub async fn budget_file_lines(store: &Store, municipality: &str, year: i32) -> Result<BudgetFileLines> {
    let rows: Vec<(String, String, i64, String)> =
        sqlx::query_as("SELECT row_key, category, month, file_lines FROM budget_line WHERE municipality = $1 AND year = $2")
            .bind(municipality)
            .bind(year as i64)
            .fetch_all(store.pool())
            .await?;
    rows.into_iter()
        .map(|(row, cat, month, at)| Ok(((row, Category::parse(&cat).ok_or_else(|| corrupt(&cat))?, month as u8), at)))
        .collect::<Result<_>>()
        .map(BudgetFileLines)
}

/// A year's budget lines, in the drift table's row order, then by category and month.
pub async fn budget(store: &Store, municipality: &str, year: i32) -> Result<Vec<BudgetLine>> {
    let mut conn = store.pool().acquire().await?;
    budget_in(&mut conn, municipality, year).await
}

async fn budget_in(conn: &mut AnyConnection, municipality: &str, year: i32) -> Result<Vec<BudgetLine>> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT b.row_key, b.category, b.month, b.amount FROM budget_line b
         LEFT JOIN econ_row r ON r.municipality = b.municipality AND r.year = b.year AND r.key = b.row_key
         WHERE b.municipality = $1 AND b.year = $2 ORDER BY COALESCE(r.position, 1000000), b.row_key, b.category, b.month",
    )
    .bind(municipality)
    .bind(year as i64)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(row, cat, month, amount)| {
            Ok(BudgetLine {
                row,
                category: Category::parse(&cat).ok_or_else(|| corrupt(&cat))?,
                month: month as u8,
                amount: Ore::new(amount),
            })
        })
        .collect()
}

/// The values of a `ledger_row` insert after the import's id: sum, voucher, line, date, amount,
/// text. The date is bound as its day number (since 1970-01-01) and written as ISO text by the
/// database: a text value costs the import four allocations a row on its way through sqlx `Any`.
const ROW_VALUES_SQLITE: [&str; 6] = ["?", "?", "?", "date(? + 2440587.5)", "?", "?"];
const ROW_VALUES_POSTGRES: [&str; 6] = ["?", "?", "?", "to_char(DATE '1970-01-01' + CAST(? AS INTEGER), 'YYYY-MM-DD')", "?", "?"];
/// Rows per INSERT statement.
pub const LEDGER_BATCH: usize = 500;
/// The index a bulk load builds afresh, by name (as the migrations create it).
const LEDGER_SUM_INDEX: (&str, &str) = ("ledger_row_sum", "CREATE INDEX IF NOT EXISTS ledger_row_sum ON ledger_row (sum_id)");
/// From how many expected rows an import is a bulk load (see [`LedgerImport::begin`]).
const BULK_LOAD_ROWS: u64 = 100_000;

/// An import of ledger rows in progress, inside a writer's transaction.
pub struct LedgerImport {
    id: i64,
    municipality: String,
    year: i32,
    /// The file read, and the import it replaces (for the audit log).
    file: String,
    replaced: Option<serde_json::Value>,
    rows: u64,
    /// Rows waiting for their statement.
    batch: Vec<BatchRow>,
    /// The rows summed as `ledger_sum` holds them: id, row count, amount.
    sums: std::collections::HashMap<SumKey, (i64, i64, i64)>,
    /// The voucher of the last row: its number in the import, series, number, text.
    voucher: Option<(i64, String, String, String)>,
    /// Vouchers waiting for their statement.
    voucher_batch: Vec<(i64, String, String, String)>,
    row_insert: BatchInsert,
    voucher_insert: BatchInsert,
    /// The parts of the file kept so far, and their bytes.
    file_parts: i64,
    file_size: i64,
}

/// The largest part a kept ledger file is stored in (see [`LedgerImport::keep_file`]).
pub const FILE_PART: usize = 1 << 20;

/// A ledger row as `ledger_row` holds it: its sum's id, its voucher's number in the import,
/// line, date, amount, and its text where it is not the voucher's.
struct BatchRow {
    sum: i64,
    voucher: i64,
    line: u64,
    date: domain::period::Date,
    amount: i64,
    text: Option<String>,
}

impl LedgerImport {
    /// Starts an import of `file` for a year: the year's earlier ledger rows are replaced.
    /// `expected_rows` is about how many rows the import brings (0 if not known), for how to
    /// load them.
    pub async fn begin(w: &mut Writer<'_>, municipality: &str, year: i32, file: &str, expected_rows: u64) -> Result<LedgerImport> {
        require_year(w.conn(), municipality, year).await?;
        // The import whose rows these replace, for the audit log's "before".
        let replaced = sqlx::query(
            "SELECT id, file, sha256, transactions FROM ledger_import WHERE municipality = $1 AND year = $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(municipality)
        .bind(year as i64)
        .fetch_optional(w.conn())
        .await?
        .map(|r| -> Result<serde_json::Value> {
            let (id, file, sha256, rows): (i64, String, String, i64) =
                (r.try_get("id")?, r.try_get("file")?, r.try_get("sha256")?, r.try_get("transactions")?);
            Ok(serde_json::json!({ "import": id, "file": file, "rows": rows, "sha256": sha256 }))
        })
        .transpose()?;
        for sql in [
            "DELETE FROM ledger_row WHERE sum_id IN (SELECT id FROM ledger_sum WHERE municipality = $1 AND year = $2)",
            "DELETE FROM ledger_sum WHERE municipality = $1 AND year = $2",
            "DELETE FROM ledger_voucher WHERE import_id IN (SELECT id FROM ledger_import WHERE municipality = $1 AND year = $2)",
            // Only the latest import's file is kept (the one the rows come from).
            "DELETE FROM ledger_file_part WHERE import_id IN (SELECT id FROM ledger_import WHERE municipality = $1 AND year = $2)",
            "UPDATE ledger_import SET file_size = NULL WHERE municipality = $1 AND year = $2",
        ] {
            sqlx::query(sql).bind(municipality).bind(year as i64).execute(w.conn()).await?;
        }
        // SQLite loads a large ledger faster with the sum index built once afterwards (in
        // `finish`, same transaction) than kept up row by row — unless the table holds much
        // more besides (other years and municipalities), whose index would be rebuilt too.
        // PostgreSQL keeps it: dropping it would lock the table for every reader until commit.
        if w.backend() == crate::Backend::Sqlite && expected_rows >= BULK_LOAD_ROWS && most_of_the_ledger(w.conn(), expected_rows).await? {
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP INDEX IF EXISTS {}", LEDGER_SUM_INDEX.0))).execute(w.conn()).await?;
        }
        let actor = w.actor().as_str().to_string();
        let row = sqlx::query(
            "INSERT INTO ledger_import (municipality, year, file, imported_at, actor, encoding, lines, transactions, warnings_json) \
             VALUES ($1, $2, $3, $4, $5, '', 0, 0, '[]') RETURNING id",
        )
        .bind(municipality)
        .bind(year as i64)
        .bind(file)
        .bind(crate::now_iso())
        .bind(actor)
        .fetch_one(w.conn())
        .await?;
        let id: i64 = row.try_get("id")?;
        let backend = w.backend();
        Ok(LedgerImport {
            id,
            municipality: municipality.into(),
            year,
            file: file.into(),
            replaced,
            rows: 0,
            batch: Vec::with_capacity(LEDGER_BATCH),
            sums: Default::default(),
            voucher: None,
            voucher_batch: Vec::with_capacity(LEDGER_BATCH),
            row_insert: BatchInsert::new(
                backend,
                id,
                "ledger_row (import_id, sum_id, voucher, line, date, amount, text)",
                match backend {
                    crate::Backend::Sqlite => &ROW_VALUES_SQLITE,
                    crate::Backend::Postgres => &ROW_VALUES_POSTGRES,
                },
            ),
            voucher_insert: BatchInsert::new(backend, id, "ledger_voucher (import_id, seq, series, number, text)", &["?"; 4]),
            file_parts: 0,
            file_size: 0,
        })
    }

    /// Keeps the next `bytes` of the imported file (in parts of at most [`FILE_PART`]), so
    /// that it can be downloaded as read ([`ledger_file_part`]). An import whose file is never
    /// given keeps none.
    pub async fn keep_file(&mut self, w: &mut Writer<'_>, bytes: &[u8]) -> Result<()> {
        for part in bytes.chunks(FILE_PART) {
            sqlx::query("INSERT INTO ledger_file_part (import_id, seq, bytes) VALUES ($1, $2, $3)")
                .bind(self.id)
                .bind(self.file_parts)
                .bind(part)
                .execute(w.conn())
                .await?;
            self.file_parts += 1;
            self.file_size += part.len() as i64;
        }
        Ok(())
    }

    /// Adds a row (written in batches).
    pub async fn push(&mut self, w: &mut Writer<'_>, row: LedgerRow, class: Option<(String, Category)>) -> Result<()> {
        let LedgerRow { line, series, number, date, account, objects, amount, text } = row;
        let amount = amount.ore();
        let key = SumKey { month: date.month(), account, objects, place: class };
        let id = match self.sums.get_mut(&key) {
            Some(sum) => {
                (sum.1, sum.2) = (sum.1 + 1, sum.2 + amount);
                sum.0
            }
            None => {
                // A new sum is written at once, for its id; its count and amount in `finish`.
                let id = insert_sum(w, &self.municipality, self.year, &key).await?;
                self.sums.insert(key, (id, 1, amount));
                id
            }
        };
        // A voucher's rows come one after another: a row with the series and number of the
        // row before is of its voucher, and keeps its text only where it is not the voucher's
        // (the first row's). A voucher is written once its rows are (when the next begins).
        let (seq, text) = match &self.voucher {
            Some(v) if v.1 == series && v.2 == number => (v.0, (v.3 != text).then_some(text)),
            _ => {
                let seq = self.voucher.as_ref().map_or(0, |v| v.0) + 1;
                if let Some(done) = self.voucher.replace((seq, series, number, text)) {
                    self.voucher_batch.push(done);
                    if self.voucher_batch.len() == LEDGER_BATCH {
                        self.flush_vouchers(w).await?;
                    }
                }
                (seq, None)
            }
        };
        self.batch.push(BatchRow { sum: id, voucher: seq, line, date, amount, text });
        if self.batch.len() == LEDGER_BATCH {
            self.flush(w).await?;
        }
        Ok(())
    }

    async fn flush_vouchers(&mut self, w: &mut Writer<'_>) -> Result<()> {
        if self.voucher_batch.is_empty() {
            return Ok(());
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(self.voucher_insert.sql(self.voucher_batch.len())));
        for (seq, series, number, text) in self.voucher_batch.drain(..) {
            q = q.bind(seq).bind(series).bind(number).bind(text);
        }
        q.execute(w.conn()).await?;
        Ok(())
    }

    async fn flush(&mut self, w: &mut Writer<'_>) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(self.row_insert.sql(self.batch.len())));
        for r in self.batch.drain(..) {
            q = q.bind(r.sum).bind(r.voucher).bind(r.line as i64).bind(r.date.days_since_epoch()).bind(r.amount).bind(r.text);
            self.rows += 1;
        }
        q.execute(w.conn()).await?;
        Ok(())
    }

    /// Writes what is left, records the import's counts and warnings, and audits it.
    pub async fn finish(mut self, w: &mut Writer<'_>, lines: u64, encoding: &str, warnings: &[String], sha256: &str) -> Result<u64> {
        self.flush(w).await?;
        self.voucher_batch.extend(self.voucher.take());
        self.flush_vouchers(w).await?;
        sqlx::raw_sql(LEDGER_SUM_INDEX.1).execute(w.conn()).await?;
        for (id, rows, amount) in self.sums.values() {
            sqlx::query("UPDATE ledger_sum SET row_count = $1, amount = $2 WHERE id = $3")
                .bind(*rows)
                .bind(*amount)
                .bind(*id)
                .execute(w.conn())
                .await?;
        }
        sqlx::query(
            "UPDATE ledger_import SET lines = $1, transactions = $2, warnings_json = $3, encoding = $5, sha256 = $6, file_size = $7 WHERE id = $4",
        )
        .bind(lines as i64)
        .bind(self.rows as i64)
        .bind(serde_json::to_string(warnings).map_err(corrupt)?)
        .bind(self.id)
        .bind(encoding)
        .bind(sha256)
        .bind((self.file_parts > 0).then_some(self.file_size))
        .execute(w.conn())
        .await?;
        let summary = serde_json::json!({
            "import": self.id, "file": self.file, "rows": self.rows, "lines": lines, "warnings": warnings.len(), "sha256": sha256
        });
        w.audit(Change::new(
            Some(&self.municipality),
            "economy.ledger.import",
            "ledger",
            &format!("{}/{}", self.municipality, self.year),
            self.replaced.as_ref(),
            Some(&summary),
        ))
        .await?;
        // A next year started from this one shows this year's deviation as the prior year's.
        refresh_next_year(w, &self.municipality, self.year).await?;
        Ok(self.rows)
    }
}

/// Whether `rows` rows of a year are most of `ledger_row` (SQLite): then building its sum index
/// afresh costs less than keeping it up row by row. Most: the table holds no more than twice
/// as many (its largest rowid, an upper bound of its size, found without counting).
async fn most_of_the_ledger(conn: &mut AnyConnection, rows: u64) -> Result<bool> {
    let (size,): (Option<i64>,) = sqlx::query_as("SELECT MAX(rowid) FROM ledger_row").fetch_one(conn).await?;
    Ok(size.unwrap_or(0) as u64 <= 2 * rows)
}

/// What a year's ledger is summed by in `ledger_sum`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SumKey {
    month: u8,
    account: u32,
    objects: Vec<(u32, String)>,
    place: Option<(String, Category)>,
}

/// Writes a new sum of a year's ledger (no rows yet) and gives its id.
async fn insert_sum(w: &mut Writer<'_>, municipality: &str, year: i32, key: &SumKey) -> Result<i64> {
    let (row_key, category) = key.place.as_ref().map_or((None, None), |(k, c)| (Some(k.as_str()), Some(c.key())));
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO ledger_sum (municipality, year, month, account, objects, row_key, category, row_count, amount) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0) RETURNING id",
    )
    .bind(municipality)
    .bind(year as i64)
    .bind(key.month as i64)
    .bind(key.account as i64)
    .bind(domain::economy::objects_text(&key.objects))
    .bind(row_key)
    .bind(category)
    .fetch_one(w.conn())
    .await?;
    Ok(id)
}

/// A multi-row insert of an import's rows into one table, [`LEDGER_BATCH`] rows a statement.
struct BatchInsert {
    backend: crate::Backend,
    import_id: i64,
    /// `table (import_id, columns…)`.
    into: &'static str,
    /// The values of a row after the import's id (written into the statement), each an
    /// expression with one parameter `?`.
    values: &'static [&'static str],
    /// The statement of a full batch.
    full: String,
}

impl BatchInsert {
    fn new(backend: crate::Backend, import_id: i64, into: &'static str, values: &'static [&'static str]) -> BatchInsert {
        let mut insert = BatchInsert { backend, import_id, into, values, full: String::new() };
        insert.full = insert.statement(LEDGER_BATCH);
        insert
    }

    /// The statement for `n` rows.
    fn sql(&self, n: usize) -> String {
        if n == LEDGER_BATCH { self.full.clone() } else { self.statement(n) }
    }

    /// SQLite gets positional `?` placeholders (its numbered `$N` parameters are looked up by
    /// name, which makes large statements slow).
    fn statement(&self, n: usize) -> String {
        let mut sql = String::with_capacity(100 + n * self.values.iter().map(|v| v.len() + 6).sum::<usize>());
        sql.push_str(&format!("INSERT INTO {} VALUES ", self.into));
        for r in 0..n {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("({}", self.import_id));
            for (c, value) in self.values.iter().enumerate() {
                sql.push_str(", ");
                match self.backend {
                    crate::Backend::Sqlite => sql.push_str(value),
                    crate::Backend::Postgres => sql.push_str(&value.replace('?', &format!("${}", r * self.values.len() + c + 1))),
                }
            }
            sql.push(')');
        }
        sql
    }
}

/// A ledger import as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct ImportInfo {
    /// Id.
    pub id: i64,
    /// File name.
    pub file: String,
    /// When.
    pub imported_at: String,
    /// Who.
    pub actor: String,
    /// Encoding detected.
    pub encoding: String,
    /// Lines read.
    pub lines: i64,
    /// Rows stored.
    pub transactions: i64,
    /// Warnings.
    pub warnings: Vec<String>,
    /// The file's SHA-256 (hex), empty for imports made before it was kept.
    pub sha256: String,
    /// The size of the file, where it is kept (the latest import's, imported since files are
    /// kept): [`ledger_file_part`] reads it.
    pub file_size: Option<i64>,
}

/// The imports of a year, newest first.
pub async fn imports(store: &Store, municipality: &str, year: i32) -> Result<Vec<ImportInfo>> {
    let rows = sqlx::query("SELECT id, file, imported_at, actor, encoding, lines, transactions, warnings_json, sha256, file_size FROM ledger_import WHERE municipality = $1 AND year = $2 ORDER BY id DESC")
        .bind(municipality)
        .bind(year as i64)
        .fetch_all(store.pool())
        .await?;
    rows.iter()
        .map(|r| {
            let w: String = r.try_get("warnings_json")?;
            Ok(ImportInfo {
                id: r.try_get("id")?,
                file: r.try_get("file")?,
                imported_at: r.try_get("imported_at")?,
                actor: r.try_get("actor")?,
                encoding: r.try_get("encoding")?,
                lines: r.try_get("lines")?,
                transactions: r.try_get("transactions")?,
                warnings: serde_json::from_str(&w).map_err(corrupt)?,
                sha256: r.try_get("sha256")?,
                file_size: r.try_get("file_size")?,
            })
        })
        .collect()
}

/// Part `seq` (from 0) of the file kept for import `import`, `None` past its last.
pub async fn ledger_file_part(store: &Store, import: i64, seq: i64) -> Result<Option<Vec<u8>>> {
    let row: Option<(Vec<u8>,)> = sqlx::query_as("SELECT bytes FROM ledger_file_part WHERE import_id = $1 AND seq = $2")
        .bind(import)
        .bind(seq)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.map(|r| r.0))
}

/// The file the year's ledger rows were read from: an import replaces all of a year's rows, so
/// the latest import.
pub async fn ledger_source(store: &Store, municipality: &str, year: i32) -> Result<Option<ImportInfo>> {
    Ok(imports(store, municipality, year).await?.into_iter().next())
}

/// The last month of `year` the ledger has rows in (12 for a ledger of the whole year); `None`
/// without a ledger.
pub async fn ledger_last_month(store: &Store, municipality: &str, year: i32) -> Result<Option<u8>> {
    let (last,): (Option<i64>,) = sqlx::query_as("SELECT MAX(month) FROM ledger_sum WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .fetch_one(store.pool())
        .await?;
    Ok(last.and_then(|m| u8::try_from(m).ok()))
}

/// The drift table of a year: rows from the setup, outcome summed from the mapped ledger rows
/// (drift signs), budget from the budget lines.
pub async fn drift_table(store: &Store, municipality: &str, year: i32) -> Result<Option<DriftTable>> {
    drift_table_to(store, municipality, year, None).await
}

/// How many of a year's ledger rows there are in all, and how many up to the end of `to_month`
/// (an outcome imported for the whole year is dated the 31st of December).
pub async fn outcome_rows_to(store: &Store, municipality: &str, year: i32, to_month: u8) -> Result<(u64, u64)> {
    let (all, upto): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(row_count), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN month <= $3 THEN row_count ELSE 0 END), 0) AS BIGINT)
         FROM ledger_sum WHERE municipality = $1 AND year = $2",
    )
    .bind(municipality)
    .bind(year as i64)
    .bind(to_month as i64)
    .fetch_one(store.pool())
    .await?;
    Ok((all as u64, upto as u64))
}

/// The drift table of an interim period: ledger rows dated up to the end of `to_month`, and the
/// budget for the same months (monthly lines where the budget has them, else the annual amount
/// pro rata, as the municipal allocation is). `None` is the whole year.
pub async fn drift_table_to(store: &Store, municipality: &str, year: i32, to_month: Option<u8>) -> Result<Option<DriftTable>> {
    let mut conn = store.pool().acquire().await?;
    drift_table_in(&mut conn, municipality, year, to_month).await
}

/// [`drift_table_to`] on a connection (a writer's, to see what its transaction has written).
async fn drift_table_in(conn: &mut AnyConnection, municipality: &str, year: i32, to_month: Option<u8>) -> Result<Option<DriftTable>> {
    let Some(setup) = setup_in(&mut *conn, municipality, year).await? else { return Ok(None) };
    let sums: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT row_key, category, CAST(SUM(amount) AS BIGINT) FROM ledger_sum WHERE municipality = $1 AND year = $2 AND row_key IS NOT NULL AND month <= $3 GROUP BY row_key, category",
    )
    .bind(municipality)
    .bind(year as i64)
    .bind(to_month.unwrap_or(12) as i64)
    .fetch_all(&mut *conn)
    .await?;
    let budget = budget_in(&mut *conn, municipality, year).await?;
    let outcome = |row: &str, cat: Category| -> Ore {
        // Ledger signs (debit +) to table signs (income +, costs −).
        -sums.iter().filter(|(r, c, _)| r == row && c == cat.key()).map(|(_, _, s)| Ore::new(*s)).sum::<Ore>()
    };
    let budgeted =
        |row: &str, cat: Category| budget.iter().filter(|b| b.row == row && b.category == cat).map(|b| b.counted_to(to_month)).sum::<Ore>();
    let rows = setup
        .rows
        .iter()
        .map(|r| DriftRow {
            key: r.key.clone(),
            label: r.label.clone(),
            outcome: IncomeCosts { income: outcome(&r.key, Category::Income), costs: outcome(&r.key, Category::Cost) },
            budget: IncomeCosts { income: budgeted(&r.key, Category::Income), costs: budgeted(&r.key, Category::Cost) },
            prior_deviation: r.prior_deviation,
        })
        .collect();
    Ok(Some(DriftTable {
        rows,
        convention: setup.config.convention,
        scale: setup.config.scale,
        decimals: setup.config.decimals,
        total_of_rounded: setup.config.total_of_rounded,
    }))
}

/// A stored ledger row.
#[derive(Debug, Clone, Serialize)]
pub struct StoredRow {
    /// Line in the imported file.
    pub line: i64,
    /// Voucher series and number.
    pub voucher: String,
    /// Date.
    pub date: String,
    /// Account.
    pub account: i64,
    /// Objects text.
    pub objects: String,
    /// Amount in the ledger's signs.
    pub amount: Ore,
    /// Text.
    pub text: String,
}

/// The ledger rows behind a cell: those mapped to `row` (all rows when `None`) in `category`
/// (both when `None`), dated up to the end of `to_month` (an interim table's cell; the whole
/// year when `None`), at most `limit`, and how many there are in all.
pub async fn cell_rows(
    store: &Store,
    municipality: &str,
    year: i32,
    row: Option<&str>,
    category: Option<Category>,
    to_month: Option<u8>,
    limit: i64,
) -> Result<(Vec<StoredRow>, i64, Ore)> {
    // The sums the cell shows (as drift_table_to reads them), and the rows counted in them.
    let cell = "ledger_sum.municipality = $1 AND ledger_sum.year = $2 AND ledger_sum.row_key IS NOT NULL \
                AND ($3 IS NULL OR ledger_sum.row_key = $3) AND ($4 IS NULL OR ledger_sum.category = $4)";
    let months: Vec<(i64, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT month, CAST(SUM(row_count) AS BIGINT), CAST(SUM(amount) AS BIGINT) FROM ledger_sum WHERE {cell} AND month <= $5 \
         GROUP BY month ORDER BY month"
    )))
    .bind(municipality)
    .bind(year as i64)
    .bind(row)
    .bind(category.map(|c| c.key()))
    .bind(to_month.unwrap_or(12) as i64)
    .fetch_all(store.pool())
    .await?;
    // The rows in date order, month by month (a sum's rows are of one month) until the limit:
    // each month's rows through the sums' index, so that the first rows of a whole column do
    // not wait for the rest of a large ledger to be read and sorted.
    let mut rows = Vec::new();
    let mut conn = store.pool().acquire().await?;
    for &(month, ..) in &months {
        let room = limit - rows.len() as i64;
        if room <= 0 {
            break;
        }
        // The rows first, then their vouchers (for the rows listed only).
        let found = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT r.line, v.series, v.number, r.date, r.account, r.objects, r.amount, COALESCE(r.text, v.text) AS text FROM \
             (SELECT ledger_row.import_id, ledger_row.voucher, ledger_row.line, date, account, objects, ledger_row.amount, text \
              FROM ledger_row JOIN ledger_sum ON ledger_sum.id = ledger_row.sum_id \
              WHERE {cell} AND ledger_sum.month = $5 ORDER BY date, ledger_row.line LIMIT $6) r \
             JOIN ledger_voucher v ON v.import_id = r.import_id AND v.seq = r.voucher ORDER BY r.date, r.line"
        )))
        .bind(municipality)
        .bind(year as i64)
        .bind(row)
        .bind(category.map(|c| c.key()))
        .bind(month)
        .bind(room)
        .fetch_all(&mut *conn)
        .await?;
        rows.extend(found);
    }
    let rows = rows
        .iter()
        .map(|r| {
            let series: String = r.try_get("series")?;
            let number: String = r.try_get("number")?;
            Ok(StoredRow {
                line: r.try_get("line")?,
                voucher: format!("{series} {number}").trim().to_string(),
                date: r.try_get("date")?,
                account: r.try_get("account")?,
                objects: r.try_get("objects")?,
                amount: Ore::new(r.try_get("amount")?),
                text: r.try_get("text")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let (count, sum) = months.iter().fold((0, 0), |(n, s), &(_, count, sum)| (n + count, s + sum));
    Ok((rows, count, Ore::new(sum)))
}

/// Result-account ledger rows that no drift row holds, grouped by account and objects:
/// (account, objects, rows, sum in ledger signs). That is rows no mapping rule placed, and rows
/// placed on a drift row since removed from the setup. Result accounts are those of classes
/// 3–8 by their first digit, as the import judges them (so `45610` and `350` are among them).
pub async fn unmapped(store: &Store, municipality: &str, year: i32) -> Result<Vec<(i64, String, i64, Ore)>> {
    let mut conn = store.pool().acquire().await?;
    let keys: Vec<String> =
        setup_in(&mut conn, municipality, year).await?.map(|s| s.rows.into_iter().map(|r| r.key).collect()).unwrap_or_default();
    let rows: Vec<(i64, String, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT account, objects, row_key, CAST(SUM(row_count) AS BIGINT), CAST(SUM(amount) AS BIGINT) FROM ledger_sum \
         WHERE municipality = $1 AND year = $2 GROUP BY account, objects, row_key ORDER BY account, objects",
    )
    .bind(municipality)
    .bind(year as i64)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<(i64, String, i64, Ore)> = Vec::new();
    for (account, objects, key, n, sum) in rows {
        let held = key.is_some_and(|k| keys.contains(&k));
        if held || !u32::try_from(account).is_ok_and(domain::economy::is_result_account) {
            continue;
        }
        match out.last_mut().filter(|(a, o, _, _)| *a == account && *o == objects) {
            Some(last) => (last.2, last.3) = (last.2 + n, last.3 + Ore::new(sum)),
            None => out.push((account, objects, n, Ore::new(sum))),
        }
    }
    Ok(out)
}

/// What placing a year's ledger again by a new mapping did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Remapped {
    /// Ledger rows that got another drift row or category, or lost theirs.
    pub moved: u64,
    /// Of those, the rows that had a drift row and now have none.
    pub lost: u64,
    /// Rows on result accounts that no rule places now.
    pub unmapped: u64,
}

/// Replaces a year's ledger mapping and places the year's ledger rows again by it, in the
/// writer's transaction, as an import would have placed them (rules only for result
/// accounts). Each combination of account and objects is judged once, from the year's sums; a
/// row's place is that of its sum, so only the sums are updated, however many rows they hold.
pub async fn replace_mapping(w: &mut Writer<'_>, municipality: &str, year: i32, mapping: &Mapping) -> Result<Remapped> {
    let mut setup = require_year(w.conn(), municipality, year).await?;
    setup.mapping = mapping.clone();
    save_setup(w, municipality, year, &setup).await?;
    let groups: Vec<(i64, String, Option<String>, Option<String>, i64)> = sqlx::query_as(
        "SELECT account, objects, row_key, category, CAST(SUM(row_count) AS BIGINT) FROM ledger_sum WHERE municipality = $1 AND year = $2 \
         GROUP BY account, objects, row_key, category ORDER BY account, objects",
    )
    .bind(municipality)
    .bind(year as i64)
    .fetch_all(w.conn())
    .await?;
    let mut out = Remapped::default();
    // The combinations whose place changes: (account, objects, row, category).
    let mut changed: Vec<(i64, String, Option<String>, Option<String>)> = Vec::new();
    for (account, objects, key, category, n) in groups {
        let result = u32::try_from(account).ok().filter(|a| domain::economy::is_result_account(*a));
        let placed = result.and_then(|a| mapping.classify(a, &domain::economy::objects_from_text(&objects)));
        if result.is_some() && placed.is_none() {
            out.unmapped += n as u64;
        }
        let now = placed.map(|(k, c)| (k.to_string(), c.key().to_string()));
        if key.as_deref() == now.as_ref().map(|(k, _)| k.as_str()) && category.as_deref() == now.as_ref().map(|(_, c)| c.as_str()) {
            continue;
        }
        out.moved += n as u64;
        if key.is_some() && now.is_none() {
            out.lost += n as u64;
        }
        // Every row of the combination gets the same place (its groups come one after another).
        if changed.last().is_none_or(|(a, o, ..)| *a != account || *o != objects) {
            let (k, c) = now.map_or((None, None), |(k, c)| (Some(k), Some(c)));
            changed.push((account, objects, k, c));
        }
    }
    // The rows are placed by the sums they are counted in: only the sums change, a statement
    // for each combination that moves.
    for (account, objects, key, category) in &changed {
        sqlx::query(
            "UPDATE ledger_sum SET row_key = $3, category = $4 WHERE municipality = $1 AND year = $2 AND account = $5 AND objects = $6",
        )
        .bind(municipality)
        .bind(year as i64)
        .bind(key.as_deref())
        .bind(category.as_deref())
        .bind(*account)
        .bind(objects)
        .execute(w.conn())
        .await?;
    }
    w.audit(Change::new(Some(municipality), "economy.ledger.remap", "ledger", &format!("{municipality}/{year}"), None, Some(&out))).await?;
    Ok(out)
}

/// Removes a year's rows from one of the list tables before they are written anew.
async fn clear(w: &mut Writer<'_>, table: &'static str, municipality: &str, year: i32) -> Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE municipality = $1 AND year = $2")))
        .bind(municipality)
        .bind(year as i64)
        .execute(w.conn())
        .await?;
    Ok(())
}

/// Replaces the ramprotokoll of a year.
pub async fn replace_frame(w: &mut Writer<'_>, municipality: &str, year: i32, lines: &[FrameLine]) -> Result<()> {
    let before = frame_in(w.conn(), municipality, year).await?;
    clear(w, "frame_line", municipality, year).await?;
    for (i, l) in lines.iter().enumerate() {
        sqlx::query("INSERT INTO frame_line (municipality, year, position, category, decision, amount) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(municipality)
            .bind(year as i64)
            .bind(i as i64)
            .bind(&l.category)
            .bind(&l.decision)
            .bind(l.amount.ore())
            .execute(w.conn())
            .await?;
    }
    w.audit(Change::new(
        Some(municipality),
        "economy.frame",
        "frame",
        &format!("{municipality}/{year}"),
        Some(&before),
        Some(&lines.to_vec()),
    ))
    .await
}

/// The ramprotokoll of a year.
pub async fn frame(store: &Store, municipality: &str, year: i32) -> Result<Vec<FrameLine>> {
    let mut conn = store.pool().acquire().await?;
    frame_in(&mut conn, municipality, year).await
}

async fn frame_in(conn: &mut AnyConnection, municipality: &str, year: i32) -> Result<Vec<FrameLine>> {
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT category, decision, amount FROM frame_line WHERE municipality = $1 AND year = $2 ORDER BY position")
            .bind(municipality)
            .bind(year as i64)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(category, decision, amount)| FrameLine { category, decision, amount: Ore::new(amount) }).collect())
}

/// Replaces the grants of a year.
pub async fn replace_grants(w: &mut Writer<'_>, municipality: &str, year: i32, grants: &[Grant]) -> Result<()> {
    let before = grants_in(w.conn(), municipality, year).await?;
    clear(w, "grant_line", municipality, year).await?;
    for (i, g) in grants.iter().enumerate() {
        sqlx::query(
            "INSERT INTO grant_line (municipality, year, position, name, applied, granted, note, activity) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(municipality)
        .bind(year as i64)
        .bind(i as i64)
        .bind(&g.name)
        .bind(g.applied.map(Ore::ore))
        .bind(g.granted.map(Ore::ore))
        .bind(&g.note)
        .bind(&g.activity)
        .execute(w.conn())
        .await?;
    }
    w.audit(Change::new(
        Some(municipality),
        "economy.grants",
        "grants",
        &format!("{municipality}/{year}"),
        Some(&before),
        Some(&grants.to_vec()),
    ))
    .await
}

/// The grants of a year.
pub async fn grants(store: &Store, municipality: &str, year: i32) -> Result<Vec<Grant>> {
    let mut conn = store.pool().acquire().await?;
    grants_in(&mut conn, municipality, year).await
}

async fn grants_in(conn: &mut AnyConnection, municipality: &str, year: i32) -> Result<Vec<Grant>> {
    let rows = sqlx::query(
        "SELECT name, applied, granted, note, activity FROM grant_line WHERE municipality = $1 AND year = $2 ORDER BY position",
    )
    .bind(municipality)
    .bind(year as i64)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Grant {
                name: r.try_get("name")?,
                applied: r.try_get::<Option<i64>, _>("applied")?.map(Ore::new),
                granted: r.try_get::<Option<i64>, _>("granted")?.map(Ore::new),
                note: r.try_get("note")?,
                activity: r.try_get("activity")?,
            })
        })
        .collect()
}

/// [`Error::Conflict`] when a published report shows the forecasts of one of `months`.
async fn refuse_frozen(w: &mut Writer<'_>, municipality: &str, year: i32, months: impl IntoIterator<Item = u8>) -> Result<()> {
    let Some(freeze) = crate::publication::forecast_freeze_in(w.conn(), municipality, year).await? else { return Ok(()) };
    match months.into_iter().find_map(|m| freeze.refuses(m, year)) {
        Some(why) => Err(Error::Conflict(why)),
        None => Ok(()),
    }
}

/// Stores (or replaces) forecasts; each (month, row) is one forecast. A change to a month a
/// published report shows is refused ([`Error::Conflict`], see
/// [`crate::publication::forecast_freeze`]).
pub async fn save_forecasts(w: &mut Writer<'_>, municipality: &str, year: i32, forecasts: &[Forecast]) -> Result<()> {
    let setup = require_year(w.conn(), municipality, year).await?;
    // What the new forecasts replace, for the audit log; and the months they change (a forecast
    // saved again as it stands changes nothing, even in a month a published report shows).
    let (mut replaced, mut changed) = (Vec::new(), Vec::new());
    for f in forecasts {
        let old = forecast_in(w, municipality, year, f.month, &f.row).await?;
        if old.as_ref() != Some(f) {
            changed.push(f.month);
        }
        replaced.extend(old);
    }
    refuse_frozen(w, municipality, year, changed).await?;
    for f in forecasts {
        if !setup.rows.iter().any(|r| r.key == f.row) {
            return Err(Error::NotFound(format!("driftraden {}", f.row)));
        }
        sqlx::query(
            "INSERT INTO forecast (municipality, year, month, row_key, kind, amount, comment) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (municipality, year, month, row_key) DO UPDATE SET kind = excluded.kind, amount = excluded.amount, comment = excluded.comment",
        )
        .bind(municipality)
        .bind(year as i64)
        .bind(f.month as i64)
        .bind(&f.row)
        .bind(f.kind.key())
        .bind(f.amount.ore())
        .bind(&f.comment)
        .execute(w.conn())
        .await?;
    }
    if forecasts.is_empty() {
        return Ok(());
    }
    // The key names the months once each: "0486/2023/11", "0486/2023/3,4".
    let mut months: Vec<u8> = forecasts.iter().map(|f| f.month).collect();
    months.sort_unstable();
    months.dedup();
    let months = months.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
    w.audit(Change::new(
        Some(municipality),
        "economy.forecast",
        "forecast",
        &format!("{municipality}/{year}/{months}"),
        (!replaced.is_empty()).then_some(&replaced),
        Some(&forecasts.to_vec()),
    ))
    .await
}

/// Month `month`'s stored forecast of `row`, read in the writer's transaction.
async fn forecast_in(w: &mut Writer<'_>, municipality: &str, year: i32, month: u8, row: &str) -> Result<Option<Forecast>> {
    let old: Option<(String, i64, String)> =
        sqlx::query_as("SELECT kind, amount, comment FROM forecast WHERE municipality = $1 AND year = $2 AND month = $3 AND row_key = $4")
            .bind(municipality)
            .bind(year as i64)
            .bind(month as i64)
            .bind(row)
            .fetch_optional(w.conn())
            .await?;
    old.map(|(kind, amount, comment)| {
        let kind = ForecastKind::parse(&kind).ok_or_else(|| corrupt(&kind))?;
        Ok(Forecast { row: row.to_string(), month, kind, amount: Ore::new(amount), comment })
    })
    .transpose()
}

/// Removes month `month`'s forecasts of `rows` (a forecast taken back); returns how many there
/// were. Logged with what was removed.
pub async fn remove_forecasts(w: &mut Writer<'_>, municipality: &str, year: i32, month: u8, rows: &[String]) -> Result<usize> {
    let mut removed = Vec::new();
    for row in rows {
        let Some(old) = forecast_in(w, municipality, year, month, row).await? else { continue };
        if removed.is_empty() {
            refuse_frozen(w, municipality, year, [month]).await?;
        }
        sqlx::query("DELETE FROM forecast WHERE municipality = $1 AND year = $2 AND month = $3 AND row_key = $4")
            .bind(municipality)
            .bind(year as i64)
            .bind(month as i64)
            .bind(row)
            .execute(w.conn())
            .await?;
        removed.push(old);
    }
    if !removed.is_empty() {
        w.audit(Change::new(
            Some(municipality),
            "economy.forecast_removed",
            "forecast",
            &format!("{municipality}/{year}/{month}"),
            Some(&removed),
            None,
        ))
        .await?;
    }
    Ok(removed.len())
}

/// The year's forecasts as year-end deviations against each row's annual budget, whichever
/// kind was entered (`domain::economy::forecast_deviations`): what tables and charts show.
pub async fn forecast_deviations(store: &Store, municipality: &str, year: i32) -> Result<Vec<Forecast>> {
    let raw = forecasts(store, municipality, year).await?;
    Ok(match drift_table(store, municipality, year).await? {
        Some(annual) => domain::economy::forecast_deviations(&raw, &annual),
        None => Vec::new(),
    })
}

/// The forecasts of a year as entered, by month then row order.
pub async fn forecasts(store: &Store, municipality: &str, year: i32) -> Result<Vec<Forecast>> {
    let rows: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT f.month, f.row_key, f.kind, f.amount, f.comment FROM forecast f
             LEFT JOIN econ_row r ON r.municipality = f.municipality AND r.year = f.year AND r.key = f.row_key
             WHERE f.municipality = $1 AND f.year = $2 ORDER BY f.month, COALESCE(r.position, 1000000), f.row_key",
    )
    .bind(municipality)
    .bind(year as i64)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(month, row, kind, amount, comment)| {
            Ok(Forecast {
                row,
                month: month as u8,
                kind: ForecastKind::parse(&kind).ok_or_else(|| corrupt(&kind))?,
                amount: Ore::new(amount),
                comment,
            })
        })
        .collect()
}

/// Replaces the investments of a year.
pub async fn replace_investments(w: &mut Writer<'_>, municipality: &str, year: i32, list: &[Investment]) -> Result<()> {
    let before = investments_in(w.conn(), municipality, year).await?;
    clear(w, "investment", municipality, year).await?;
    for (i, v) in list.iter().enumerate() {
        sqlx::query(
            "INSERT INTO investment (municipality, year, position, project, category, outcome, budget, cumulative_outcome, cumulative_budget, carry_over) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(municipality)
        .bind(year as i64)
        .bind(i as i64)
        .bind(&v.project)
        .bind(&v.category)
        .bind(v.outcome.ore())
        .bind(v.budget.ore())
        .bind(v.cumulative_outcome.ore())
        .bind(v.cumulative_budget.ore())
        .bind(v.carry_over.map(Ore::ore))
        .execute(w.conn())
        .await?;
    }
    w.audit(Change::new(
        Some(municipality),
        "economy.investments",
        "investments",
        &format!("{municipality}/{year}"),
        Some(&before),
        Some(&list.to_vec()),
    ))
    .await
}

/// The investments of a year.
pub async fn investments(store: &Store, municipality: &str, year: i32) -> Result<Vec<Investment>> {
    let mut conn = store.pool().acquire().await?;
    investments_in(&mut conn, municipality, year).await
}

async fn investments_in(conn: &mut AnyConnection, municipality: &str, year: i32) -> Result<Vec<Investment>> {
    let rows = sqlx::query("SELECT project, category, outcome, budget, cumulative_outcome, cumulative_budget, carry_over FROM investment WHERE municipality = $1 AND year = $2 ORDER BY position")
        .bind(municipality)
        .bind(year as i64)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Investment {
                project: r.try_get("project")?,
                category: r.try_get("category")?,
                outcome: Ore::new(r.try_get("outcome")?),
                budget: Ore::new(r.try_get("budget")?),
                cumulative_outcome: Ore::new(r.try_get("cumulative_outcome")?),
                cumulative_budget: Ore::new(r.try_get("cumulative_budget")?),
                carry_over: r.try_get::<Option<i64>, _>("carry_over")?.map(Ore::new),
            })
        })
        .collect()
}

/// Whether a year's economy is published (visible to the public).
pub async fn is_published(store: &Store, municipality: &str, year: i32) -> Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT published FROM econ_year WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.is_some_and(|(p,)| p != 0))
}

/// Publishes or withdraws a year's economy.
pub async fn set_published(w: &mut Writer<'_>, municipality: &str, year: i32, published: bool) -> Result<()> {
    require_year(w.conn(), municipality, year).await?;
    sqlx::query("UPDATE econ_year SET published = $1 WHERE municipality = $2 AND year = $3")
        .bind(i64::from(published))
        .bind(municipality)
        .bind(year as i64)
        .execute(w.conn())
        .await?;
    let action = if published { "economy.publish" } else { "economy.withdraw" };
    w.audit(Change::new(Some(municipality), action, "economy_year", &format!("{municipality}/{year}"), None, Some(&published))).await
}

/// Replaces the volumes (verksamhetsstatistik) reported with a year.
pub async fn replace_volumes(w: &mut Writer<'_>, municipality: &str, year: i32, values: &[VolumeValue]) -> Result<()> {
    let before = volumes_in(w.conn(), municipality, year).await?;
    clear(w, "volume", municipality, year).await?;
    for (i, v) in values.iter().enumerate() {
        sqlx::query("INSERT INTO volume (municipality, year, position, series, unit, value_year, value, budget, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(municipality)
            .bind(year as i64)
            .bind(i as i64)
            .bind(&v.series)
            .bind(&v.unit)
            .bind(v.year as i64)
            .bind(v.value.raw())
            .bind(v.budget.map(|b| b.raw()))
            .bind(&v.note)
            .execute(w.conn())
            .await?;
    }
    w.audit(Change::new(
        Some(municipality),
        "economy.volumes",
        "volumes",
        &format!("{municipality}/{year}"),
        Some(&before),
        Some(&values.to_vec()),
    ))
    .await
}

/// A year's rows of `T` kept as JSON in file order: the table, its JSON column, and the audit
/// action and entity a replacement is logged as (with the rows before and after). The tables
/// below are the interface: `SUBROWS.read(store, municipality, year)`, `SUBROWS.replace(w, …)`.
pub struct JsonRows<T> {
    table: &'static str,
    column: &'static str,
    action: &'static str,
    entity: &'static str,
    rows: std::marker::PhantomData<fn() -> T>,
}

const fn json_rows<T>(table: &'static str, column: &'static str, action: &'static str, entity: &'static str) -> JsonRows<T> {
    JsonRows { table, column, action, entity, rows: std::marker::PhantomData }
}

/// The action plan of a year.
pub const ACTION_PLAN: JsonRows<ActionMeasure> = json_rows("action_measure", "measure_json", "economy.action_plan", "action_plan");
/// The parts of drift rows reported on their own.
pub const SUBROWS: JsonRows<SubRow> = json_rows("econ_subrow", "row_json", "economy.subrows", "subrows");
/// The outcome per account type, this year and last.
pub const ACCOUNT_TYPES: JsonRows<AccountTypeLine> = json_rows("econ_account_type", "line_json", "economy.account_types", "account_types");
/// Named lists of amounts per verksamhet.
pub const AMOUNT_LINES: JsonRows<AmountLine> = json_rows("econ_amount_line", "line_json", "economy.amount_lists", "amount_lists");
/// The drift result by type's lines imported with a year (they may hold the year before, too:
/// last year's bokslut).
pub const RESULT_LINES: JsonRows<ResultLine> = json_rows("econ_result_line", "line_json", "economy.result_lines", "result_lines");

impl<T: Serialize + serde::de::DeserializeOwned> JsonRows<T> {
    /// The year's rows, in file order.
    pub async fn read(&self, store: &Store, municipality: &str, year: i32) -> Result<Vec<T>> {
        self.read_on(&mut *store.pool().acquire().await?, municipality, year).await
    }

    async fn read_on(&self, conn: &mut AnyConnection, municipality: &str, year: i32) -> Result<Vec<T>> {
        let sql = format!("SELECT {} FROM {} WHERE municipality = $1 AND year = $2 ORDER BY position", self.column, self.table);
        let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(municipality).bind(year as i64).fetch_all(conn).await?;
        rows.iter().map(|(j,)| crate::parse(j)).collect()
    }

    /// Replaces the year's rows, audited with what they were.
    pub async fn replace(&self, w: &mut Writer<'_>, municipality: &str, year: i32, rows: &[T]) -> Result<()> {
        let before: Vec<T> = self.read_on(w.conn(), municipality, year).await?;
        clear(w, self.table, municipality, year).await?;
        let sql = format!("INSERT INTO {} (municipality, year, position, {}) VALUES ($1, $2, $3, $4)", self.table, self.column);
        for (i, r) in rows.iter().enumerate() {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(municipality)
                .bind(year as i64)
                .bind(i as i64)
                .bind(crate::json(r)?)
                .execute(w.conn())
                .await?;
        }
        let value = |v: &[T]| serde_json::to_value(v).map_err(|e| Error::Corrupt(e.to_string()));
        let (b, a) = (value(&before)?, value(rows)?);
        w.audit(Change::new(Some(municipality), self.action, self.entity, &format!("{municipality}/{year}"), Some(&b), Some(&a))).await
    }
}

/// The volumes reported with a year, in file order.
pub async fn volumes(store: &Store, municipality: &str, year: i32) -> Result<Vec<VolumeValue>> {
    let mut conn = store.pool().acquire().await?;
    volumes_in(&mut conn, municipality, year).await
}

async fn volumes_in(conn: &mut AnyConnection, municipality: &str, year: i32) -> Result<Vec<VolumeValue>> {
    let rows: Vec<(String, String, i64, i64, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT series, unit, value_year, value, budget, note FROM volume WHERE municipality = $1 AND year = $2 ORDER BY position",
    )
    .bind(municipality)
    .bind(year as i64)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(series, unit, y, v, b, note)| VolumeValue {
            series,
            unit,
            year: y as i32,
            value: domain::goals::Measure::from_raw(v),
            budget: b.map(domain::goals::Measure::from_raw),
            note,
        })
        .collect())
}
