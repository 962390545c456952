//! Imports that read a file with `ingest` and store it with `store` in one transaction — shared
//! by the CLI, the upload pages and the benchmarks.
//!
//! SIE import streams: the reader runs on a blocking thread and sends ledger rows through a
//! bounded channel to the writer, so memory stays flat however large the file is; any error
//! (a bad line, a database failure) rolls the whole import back.

use domain::economy::{BudgetLine, LedgerRow, Mapping};
use domain::money::Ore;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use store::{Actor, Store};

/// Why an import failed; the message names file and line where there is one.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is wrong.
    #[error(transparent)]
    File(#[from] ingest::Error),
    /// The database refused or failed.
    #[error(transparent)]
    Store(#[from] store::Error),
    /// Something else (no setup for the year, a failed task).
    #[error("{0}")]
    Other(String),
}

/// What a successful SIE import did.
#[derive(Debug, Clone)]
pub struct SieSummary {
    /// Encoding detected.
    pub encoding: &'static str,
    /// Lines read.
    pub lines: u64,
    /// Vouchers read.
    pub vouchers: u64,
    /// Ledger rows stored.
    pub rows: u64,
    /// Rows placed on a drift row by the mapping.
    pub mapped: u64,
    /// Result-account rows no rule placed (listed on the economy page, never dropped).
    pub unmapped: u64,
    /// Sum per Kommun-Bas account class (first digit), ledger signs.
    pub per_class: BTreeMap<u8, Ore>,
    /// Budget lines read from #PBUDGET (0 when the file has none).
    pub budget_lines: usize,
    /// Rows outside the year, skipped.
    pub skipped_other_years: u64,
    /// Warnings, "rad N: …".
    pub warnings: Vec<String>,
    /// When the year's ledger was last read from this very file (the same SHA-256), if it was:
    /// the rows are the same as before.
    pub same_as: Option<String>,
}

/// The largest SIE file the upload page takes (the other forms keep axum's 2 MB): a
/// municipality's ledger for a year runs to hundreds of megabytes.
pub const SIE_UPLOAD_LIMIT: usize = 4 << 30;

/// An uploaded file kept on disk while it is imported (so that a ledger larger than memory can
/// be uploaded, and is read from disk like a file given to the command line); removed when dropped.
pub struct Upload {
    path: std::path::PathBuf,
    /// The file's name as the browser gave it.
    pub name: String,
    /// Bytes received.
    pub len: u64,
}

impl Upload {
    /// A new, empty temporary file for an upload named `name`.
    pub async fn create(name: &str) -> std::io::Result<(Upload, tokio::fs::File)> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let unique = format!("arshjul-upload-{}-{}-{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(unique);
        let file = tokio::fs::OpenOptions::new().write(true).create_new(true).open(&path).await?;
        Ok((Upload { path, name: name.to_string(), len: 0 }, file))
    }

    /// The file, to read.
    pub fn open(&self) -> std::io::Result<std::fs::File> {
        std::fs::File::open(&self.path)
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Where a SIE file's bytes come from.
pub enum SieInput {
    /// A file on disk: each parser thread reads its own chunks of it
    /// ([`ingest::sie::read_views_file`]).
    File(std::fs::File),
    /// Any reader (an upload, say).
    Reader(Box<dyn Read + Send>),
}

fn hex_of(hash: sha2::Sha256) -> String {
    use sha2::Digest;
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `bytes`, as lower-case hex (what `sha256sum` prints).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The imported file on its way to the store, to be kept ([`store::economy::LedgerImport::keep_file`]):
/// what is written to it is hashed and sent on in parts of [`store::economy::FILE_PART`].
struct Keep {
    hash: sha2::Sha256,
    part: Vec<u8>,
    tx: tokio::sync::mpsc::Sender<Msg>,
}

impl Keep {
    fn new(tx: tokio::sync::mpsc::Sender<Msg>) -> Keep {
        Keep { hash: Default::default(), part: Vec::with_capacity(store::economy::FILE_PART), tx }
    }

    fn send(&mut self) -> std::io::Result<()> {
        let part = std::mem::replace(&mut self.part, Vec::with_capacity(store::economy::FILE_PART));
        self.tx.blocking_send(Msg::Part(part)).map_err(|_| std::io::Error::other("importen avbröts"))
    }

    /// Sends the last part; the file's SHA-256.
    fn finish(mut self) -> std::io::Result<String> {
        if !self.part.is_empty() {
            self.send()?;
        }
        Ok(hex_of(self.hash))
    }
}

impl std::io::Write for Keep {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = buf.len().min(store::economy::FILE_PART - self.part.len());
        self.hash.update(&buf[..n]);
        self.part.extend_from_slice(&buf[..n]);
        if self.part.len() == store::economy::FILE_PART {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A reader that gives what it reads to a [`Keep`] (an upload kept without a second pass).
struct Kept<R> {
    input: R,
    keep: std::sync::Arc<std::sync::Mutex<Option<Keep>>>,
}

impl<R: Read> Read for Kept<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::io::Write;
        let n = self.input.read(buf)?;
        match self.keep.lock().expect("keep lock").as_mut() {
            Some(k) => k.write_all(&buf[..n])?,
            None => return Err(std::io::Error::other("importen avbröts")),
        }
        Ok(n)
    }
}

/// What the reader thread sends the store: rows, a batch at a time (one message per row would
/// cost more in thread switches than the rows cost to read), and the file's bytes, a part at a
/// time.
enum Msg {
    Rows(Vec<LedgerRow>),
    Part(Vec<u8>),
}

/// Rows per message from the reader thread.
const ROWS_PER_MSG: usize = 2048;

struct ReadResult {
    summary: ingest::sie::Summary,
    sha256: String,
    /// The file's financial year (`#RAR 0`), if it says.
    rar: Option<(domain::period::Date, domain::period::Date)>,
    budget: Vec<(u32, Vec<(u32, String)>, u8, Ore, u64)>,
    psaldo: Vec<LedgerRow>,
    skipped: u64,
}

/// Imports a SIE 4 file's ledger (and its #PBUDGET budget, if any) for `year`, replacing the
/// year's earlier ledger. `progress` counts bytes read.
pub async fn import_sie(
    store: &Store,
    actor: &Actor,
    municipality: &str,
    year: i32,
    file: &str,
    input: SieInput,
    progress: Arc<AtomicU64>,
) -> Result<SieSummary, ImportError> {
    let setup = store::economy::setup(store, municipality, year).await?.ok_or_else(|| {
        ImportError::Other(format!(
            "{municipality} har ingen ekonomiinställning för {year}: läs först in ekonomi.csv, driftrader.csv och mappning.csv"
        ))
    })?;
    let mapping: Mapping = setup.mapping.clone();
    // About how many rows the file brings (a municipal ledger's #TRANS line is some 40–60
    // bytes), for how the store loads them.
    let expected_rows = match &input {
        SieInput::File(f) => f.metadata().map_or(0, |m| m.len() / 48),
        SieInput::Reader(_) => 0,
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Msg>(8);
    let file_name = file.to_string();
    let reader = tokio::task::spawn_blocking(move || -> Result<ReadResult, ingest::Error> {
        let mut budget = Vec::new();
        let mut psaldo = Vec::new();
        let mut skipped = 0u64;
        let mut rar = None;
        let mut batch = Vec::with_capacity(ROWS_PER_MSG);
        let on = |view: ingest::sie::View<'_>, line: u64| {
            use ingest::sie::{Record, TransKind, View};
            match view {
                View::Voucher(v) => {
                    for t in v.rows().filter(|t| t.kind() == TransKind::Normal) {
                        let d = t.date().unwrap_or(v.date());
                        if d.year() != year {
                            skipped += 1;
                            continue;
                        }
                        batch.push(LedgerRow {
                            line: t.line(),
                            series: v.series().to_string(),
                            number: v.number().to_string(),
                            date: d,
                            account: t.account(),
                            objects: t.objects().map(|(d, o)| (d, o.to_string())).collect(),
                            amount: t.amount(),
                            text: t.text().unwrap_or(v.text()).to_string(),
                        });
                    }
                    if batch.len() >= ROWS_PER_MSG {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(ROWS_PER_MSG));
                        tx.blocking_send(Msg::Rows(full)).map_err(|_| ingest::Error::at(&file_name, line, None, "importen avbröts"))?;
                    }
                }
                View::Record(Record::Pbudget { year_no: 0, period, account, objects, amount }) if period.year == year => {
                    budget.push((account, objects, period.month, amount, line))
                }
                View::Record(Record::Rar { year_no: 0, start, end }) => rar = Some((start, end)),
                View::Record(Record::Psaldo { year_no: 0, period, account, objects, amount }) if period.year == year => {
                    let date = domain::period::Date::new(period.year, period.month, 1).expect("valid month");
                    psaldo.push(LedgerRow {
                        line,
                        series: "PSALDO".into(),
                        number: String::new(),
                        date,
                        account,
                        objects,
                        amount,
                        text: "Periodsaldo".into(),
                    });
                }
                View::Record(_) => {}
            }
            Ok(())
        };
        let unreadable = |e: std::io::Error| ingest::Error::file(&file_name, format!("filen går inte att läsa: {e}"));
        let keep = Keep::new(tx.clone());
        let (summary, sha256) = match input {
            SieInput::File(f) => {
                let summary = ingest::sie::read_views_file(&file_name, &f, &progress, on)?;
                // The file once more, to keep it and for its checksum (about 0,3 s for 130 MB).
                let mut keep = keep;
                // From the start: the parser's positioned reads leave the position alone, its
                // fallback (and Windows) do not.
                std::io::Seek::rewind(&mut &f).and_then(|_| std::io::copy(&mut &f, &mut keep)).map_err(unreadable)?;
                (summary, keep.finish().map_err(unreadable)?)
            }
            SieInput::Reader(r) => {
                let keep = std::sync::Arc::new(std::sync::Mutex::new(Some(keep)));
                let input = Kept { input: r, keep: keep.clone() };
                let summary = ingest::sie::read_views(&file_name, ingest::sie::Counted::new(input, &progress), on)?;
                let keep = keep.lock().expect("keep lock").take().expect("kept until now");
                (summary, keep.finish().map_err(unreadable)?)
            }
        };
        if !batch.is_empty() {
            let _ = tx.blocking_send(Msg::Rows(batch));
        }
        Ok(ReadResult { summary, budget, psaldo, skipped, sha256, rar })
    });

    let before = store::economy::ledger_source(store, municipality, year).await?;
    let mut w = store.begin(actor).await?;
    let mut import = store::economy::LedgerImport::begin(&mut w, municipality, year, file, expected_rows).await?;
    let mut out = SieSummary {
        encoding: "",
        lines: 0,
        vouchers: 0,
        rows: 0,
        mapped: 0,
        unmapped: 0,
        per_class: BTreeMap::new(),
        budget_lines: 0,
        skipped_other_years: 0,
        warnings: Vec::new(),
        same_as: None,
    };
    let store_row = |row: LedgerRow, out: &mut SieSummary| {
        let class = domain::economy::account_class(row.account);
        let sum = out.per_class.entry(class).or_insert(Ore::ZERO);
        *sum = *sum + row.amount;
        let placed = domain::economy::is_result_account(row.account)
            .then(|| mapping.classify(row.account, &row.objects))
            .flatten()
            .map(|(k, c)| (k.to_string(), c));
        match (&placed, domain::economy::is_result_account(row.account)) {
            (Some(_), _) => out.mapped += 1,
            (None, true) => out.unmapped += 1,
            (None, false) => {}
        }
        (row, placed)
    };
    while let Some(msg) = rx.recv().await {
        let stored = match msg {
            Msg::Rows(rows) => {
                async {
                    for row in rows {
                        let (row, placed) = store_row(row, &mut out);
                        import.push(&mut w, row, placed).await?;
                    }
                    Ok::<_, store::Error>(())
                }
                .await
            }
            Msg::Part(bytes) => import.keep_file(&mut w, &bytes).await,
        };
        if let Err(e) = stored {
            drop(rx);
            let _ = reader.await;
            return Err(e.into());
        }
    }
    let read = reader.await.map_err(|e| ImportError::Other(format!("läsningen avbröts: {e}")))??;
    // A file of another year replaces nothing (the transaction is dropped, not committed).
    if let Some((start, end)) = read.rar.filter(|(s, e)| !(s.year()..=e.year()).contains(&year)) {
        return Err(ImportError::Other(format!(
            "{file}: filens räkenskapsår (#RAR 0) är {start}–{end}, inte {year}. Välj filen för {year}; årets huvudbok är orörd."
        )));
    }
    if read.summary.vouchers == 0 && !read.psaldo.is_empty() {
        // A balance-only export (types 2–3): the period balances are the outcome.
        for row in read.psaldo {
            let (row, placed) = store_row(row, &mut out);
            import.push(&mut w, row, placed).await?;
        }
    } else if !read.psaldo.is_empty() {
        out.warnings.push("filen har både verifikationer och #PSALDO; utfallet tas bara från verifikationerna".into());
    }
    // Budget from #PBUDGET, placed by the same mapping, in the table's signs.
    if !read.budget.is_empty() {
        // One budget line per #PBUDGET line (the store adds those of a row, category and month
        // together, keeping their lines in the file).
        let (mut lines, mut at): (Vec<BudgetLine>, Vec<u64>) = (Vec::new(), Vec::new());
        let mut unplaced = 0;
        for (account, objects, month, amount, line) in &read.budget {
            match mapping.classify(*account, objects) {
                Some((row, category)) => {
                    lines.push(BudgetLine { row: row.to_string(), category, month: *month, amount: -*amount });
                    at.push(*line);
                }
                None => unplaced += 1,
            }
        }
        if unplaced > 0 {
            out.warnings.push(format!("{unplaced} #PBUDGET-rader matchar ingen mappningsregel och räknades inte med i budgeten"));
        }
        out.budget_lines = store::economy::replace_budget(&mut w, municipality, year, &lines, &at, file, &read.sha256).await?;
    }
    out.encoding = read.summary.encoding.name();
    out.lines = read.summary.lines;
    out.vouchers = read.summary.vouchers;
    out.skipped_other_years = read.skipped;
    if read.skipped > 0 {
        out.warnings.push(format!("{} rader daterade utanför {year} hoppades över", read.skipped));
    }
    out.warnings.splice(0..0, read.summary.warnings.iter().map(|w| format!("rad {}: {}", w.line, w.message)));
    // A file none of whose rows belongs to a verksamhet (another municipality's, or one the
    // mapping does not cover) would leave the year without an outcome: refused, nothing replaced.
    if out.mapped == 0 && out.budget_lines == 0 {
        let why = if out.unmapped > 0 {
            format!("ingen av filens {} resultatrader hör till någon av årets verksamheter", out.unmapped)
        } else {
            format!("filen har inga resultatrader daterade {year}")
        };
        return Err(ImportError::Other(format!(
            "{file}: {why}. Årets huvudbok är orörd; kontrollera att filen är kommunens och årets, och mappningen."
        )));
    }
    out.rows = import.finish(&mut w, out.lines, out.encoding, &out.warnings, &read.sha256).await?;
    out.same_as = before.filter(|b| !b.sha256.is_empty() && b.sha256 == read.sha256).map(|b| b.imported_at);
    w.commit().await?;
    Ok(out)
}

/// Imports a year's outcome given per drift row (`rad;kategori;månad;belopp`, the budget file's
/// format) instead of a ledger, for municipalities without a SIE export. The rows are stored
/// as ledger rows on the class accounts 3000 (income) and 4000 (costs), so drill-down works the
/// same. Replaces the year's earlier ledger.
pub async fn import_outcome_rows(
    store: &Store,
    actor: &Actor,
    municipality: &str,
    year: i32,
    file: &str,
    lines: &[BudgetLine],
    source: &[u8],
) -> Result<u64, ImportError> {
    let mut w = store.begin(actor).await?;
    let mut import = store::economy::LedgerImport::begin(&mut w, municipality, year, file, lines.len() as u64).await?;
    import.keep_file(&mut w, source).await?;
    for (i, l) in lines.iter().enumerate() {
        let month = if l.month == 0 { 12 } else { l.month };
        let date = domain::period::Date::new(year, month, domain::period::days_in_month(year, month)).expect("valid month");
        let account = match l.category {
            domain::economy::Category::Income => 3000,
            domain::economy::Category::Cost => 4000,
        };
        let row = LedgerRow {
            line: i as u64 + 2,
            series: "UTFALL".into(),
            number: String::new(),
            date,
            account,
            objects: Vec::new(),
            amount: -l.amount,
            text: format!("Utfall {} {}", l.row, if l.month == 0 { "helår".to_string() } else { format!("månad {}", l.month) }),
        };
        import.push(&mut w, row, Some((l.row.clone(), l.category))).await?;
    }
    let n = import.finish(&mut w, lines.len() as u64 + 1, "UTF-8 (CSV)", &[], &sha256_hex(source)).await?;
    w.commit().await?;
    Ok(n)
}

/// Imports the register of elected members (`ledamoter.csv`), replacing the earlier one, and
/// gives meetings not yet justerade and without an attendance list one from it; one
/// transaction. Returns (seats, meetings given an attendance list).
pub async fn import_members(store: &Store, actor: &Actor, municipality: &str, file: (&str, &[u8])) -> Result<(usize, usize), ImportError> {
    // A member's body is one of the organisation's (its key, as organ.csv writes it).
    let org = store::org::organisation(store, municipality).await?;
    let register = ingest::meetings::read_members(file, &|b| org.unknown_body(b))?;
    let mut w = store.begin(actor).await?;
    store::meetings::replace_members(&mut w, municipality, &register).await?;
    let mut filled = 0;
    for s in store::meetings::meetings(store, municipality).await? {
        if s.locked_hash.is_none() && s.meeting.members.is_empty() {
            let list = domain::meetings::attendance(&register, &s.meeting.body, s.meeting.date);
            if !list.is_empty() {
                store::meetings::set_attendance(&mut w, municipality, &s.meeting.id, list).await?;
                filled += 1;
            }
        }
    }
    w.commit().await?;
    Ok((register.len(), filled))
}
