//! SIE 4 import benchmark (not a test): generates a synthetic SIE 4 file with N transaction
//! rows (default 3 000 000; `ARSHJUL_BENCH_TRANSACTIONS=N` to change), then measures in the same
//! run `wc -l` on the file (the baseline), our parser alone, and a full import into a fresh
//! SQLite database, and prints throughput, the ratios to the baseline, and peak memory.
//!
//! Run: `cargo bench -p arshjul-cli --bench sie_import`
//! Targets (issue 8): parse ≥ 40 % of the `wc -l` byte rate; full import of 3 million
//! transactions into SQLite in under 15 s; memory flat in the file size.

use std::io::{BufWriter, Write};
use std::time::Instant;

/// Runs of `wc -l` and of the parser, of which the best counts.
const RUNS: usize = 15;

fn main() {
    let n: u64 = std::env::var("ARSHJUL_BENCH_TRANSACTIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000_000);
    let dir = std::env::temp_dir().join(format!("arshjul-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let small = dir.join("small.se");
    let big = dir.join("big.se");
    let t = Instant::now();
    // A quarter of the size: enough for the reader to reach its steady state (a few chunks in
    // flight), so that the two peaks compare like with like.
    generate(&small, n / 4);
    generate(&big, n);
    let size = std::fs::metadata(&big).unwrap().len();
    println!("generated {} transactions, {:.1} MB, in {:.1} s", n, size as f64 / 1e6, t.elapsed().as_secs_f64());

    // Baseline: wc -l, the best of fifteen runs (the first may meet pages still being written,
    // and a shared machine's neighbours slow a run down now and then — by half, at times: both
    // sides get fifteen).
    let mut wc_secs = f64::MAX;
    let mut out = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        out = Some(std::process::Command::new("wc").arg("-l").arg(&big).output().expect("wc"));
        wc_secs = wc_secs.min(t.elapsed().as_secs_f64());
    }
    let out = out.expect("wc ran");
    let wc_rate = size as f64 / wc_secs;
    println!(
        "wc -l: {} lines in {:.3} s = {:.0} MB/s",
        String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or("?"),
        wc_secs,
        wc_rate / 1e6
    );

    // Parse only, small file first (for the memory comparison), then the big one. The callback
    // takes every value of every row (account, amount, date, objects), as the import does.
    let parse = |path: &std::path::Path| {
        let f = std::fs::File::open(path).unwrap();
        let (mut trans, mut check) = (0u64, 0i64);
        let t = Instant::now();
        ingest::sie::read_views_file(&path.display().to_string(), &f, &Default::default(), |r, _| {
            if let ingest::sie::View::Voucher(v) = r {
                for row in v.rows() {
                    trans += 1;
                    check = check.wrapping_add(row.amount().ore() + row.account() as i64 + row.date().map_or(0, |d| d.year() as i64));
                    for (dim, id) in row.objects() {
                        check = check.wrapping_add(dim as i64 + id.len() as i64);
                    }
                }
            }
            Ok(())
        })
        .unwrap();
        std::hint::black_box(check);
        (t.elapsed().as_secs_f64(), trans)
    };
    parse(&small);
    let hwm_small = peak_kib();
    // The best of as many runs as wc -l had.
    let (parse_secs, parsed) = (0..RUNS).map(|_| parse(&big)).fold((f64::MAX, 0), |a, b| if b.0 < a.0 { b } else { a });
    let hwm_big = peak_kib();
    let parse_rate = size as f64 / parse_secs;
    println!(
        "parse ({} parsing threads, the calling thread one of them): {parsed} transactions in {parse_secs:.2} s = {:.0} MB/s = {:.0} % of wc -l (target ≥ 40 %); {:.2} M transactions/s",
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(4),
        parse_rate / 1e6,
        parse_rate * 100.0 / wc_rate,
        parsed as f64 / parse_secs / 1e6
    );
    // The same without AVX-512 (SSE2 only), as on processors that lack it.
    // SAFETY: no other thread runs now (the parser's threads have ended), so nothing reads the
    // environment while it changes.
    unsafe { std::env::set_var("ARSHJUL_SIE_NARROW", "1") };
    let narrow_secs = (0..RUNS).map(|_| parse(&big).0).fold(f64::MAX, f64::min);
    unsafe { std::env::remove_var("ARSHJUL_SIE_NARROW") };
    println!(
        "parse without AVX-512 (SSE2, as on processors without it): {narrow_secs:.2} s = {:.0} MB/s = {:.0} % of wc -l",
        size as f64 / narrow_secs / 1e6,
        size as f64 / narrow_secs * 100.0 / wc_rate
    );
    println!(
        "memory: peak {} MiB after a {:.0} MB file, {} MiB after a {:.0} MB file (flat if these are close)",
        hwm_small / 1024,
        size as f64 / 4.0 / 1e6,
        hwm_big / 1024,
        size as f64 / 1e6
    );

    // Full import into a fresh SQLite database.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = dir.join("bench.db");
    let (secs, rows) = rt.block_on(async {
        use domain::economy::Category;
        let store = store::Store::open(&format!("sqlite://{}", db.display())).await.unwrap();
        setup(&store).await;
        let file = std::fs::File::open(&big).unwrap();
        let progress = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let t = Instant::now();
        let s = web::imports::import_sie(
            &store,
            &store::Actor::system("bench"),
            "9999",
            2025,
            "big.se",
            web::imports::SieInput::File(file),
            progress,
        )
        .await
        .unwrap();
        let secs = t.elapsed().as_secs_f64();
        // What the economy page sums on every view: the drift table of the whole year and of
        // an interim period (from the ledger's monthly sums, not its rows).
        let t = Instant::now();
        let whole = store::economy::drift_table(&store, "9999", 2025).await.unwrap().unwrap();
        let interim = store::economy::drift_table_to(&store, "9999", 2025, Some(8)).await.unwrap().unwrap();
        std::hint::black_box((whole, interim));
        println!("drift table of the imported ledger, whole year and January–August: {:.3} s", t.elapsed().as_secs_f64());
        // A cell's drill-down (its first 2 000 rows, as the page shows, with count and total),
        // and the total's (every mapped row).
        for (what, row, category) in [("one cell", Some("6105"), Some(Category::Cost)), ("the total", None, None)] {
            let t = Instant::now();
            let (rows, count, _) = store::economy::cell_rows(&store, "9999", 2025, row, category, None, 2_000).await.unwrap();
            println!("drill-down of {what}: {} of {count} rows in {:.3} s", rows.len(), t.elapsed().as_secs_f64());
        }
        // A mapping change on the whole ledger: one unit's rules dropped (its rows leave the
        // table), in one transaction, as the mapping editor saves it.
        let setup = store::economy::setup(&store, "9999", 2025).await.unwrap().unwrap();
        let mut mapping = setup.mapping.clone();
        mapping.rules.retain(|r| r.unit != "6100");
        let t = Instant::now();
        let mut w = store.begin(&store::Actor::system("bench")).await.unwrap();
        let moved = store::economy::replace_mapping(&mut w, "9999", 2025, &mapping).await.unwrap();
        w.commit().await.unwrap();
        println!("mapping change on the imported ledger: {} rows placed again in {:.1} s", moved.moved, t.elapsed().as_secs_f64());
        store.close().await;
        (secs, s.rows)
    });
    println!(
        "full import into SQLite: {rows} ledger rows in {secs:.1} s = {:.0} rows/s, {:.0} MB/s = {:.0} % of wc -l (target: 3 M transactions < 15 s)",
        rows as f64 / secs,
        size as f64 / secs / 1e6,
        size as f64 / secs * 100.0 / wc_rate
    );
    println!("memory: peak {} MiB after the import", peak_kib() / 1024);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Peak resident memory of this process (VmHWM), KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// Writes a municipal-looking SIE 4 file with `n` transaction rows: vouchers of four rows (three
/// on result accounts with an Ansvar object, one on the bank), CP437, CRLF.
fn generate(path: &std::path::Path, n: u64) {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    write!(w, "#FLAGGA 0\r\n#PROGRAM \"Benchmark\" 1.0\r\n#FORMAT PC8\r\n#GEN 20260101\r\n#SIETYP 4\r\n#FNAMN \"Testkommun\"\r\n#RAR 0 20250101 20251231\r\n#DIM 1 \"Ansvar\"\r\n").unwrap();
    for u in 0..20 {
        write!(w, "#OBJEKT 1 \"{}\" \"Enhet {u}\"\r\n", 6100 + u).unwrap();
    }
    let accounts = [3510u32, 4010, 5011, 5411, 6410, 7010, 7640];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let vouchers = n / 4;
    for v in 0..vouchers {
        let month = (v * 12 / vouchers.max(1)) + 1;
        let day = next() % 28 + 1;
        write!(w, "#VER A {} 2025{month:02}{day:02} \"Faktura {v}\"\r\n{{\r\n", v + 1).unwrap();
        let mut sum = 0i64;
        for _ in 0..3 {
            let acc = accounts[(next() % accounts.len() as u64) as usize];
            let unit = 6100 + next() % 20;
            let amount = (next() % 2_000_000) as i64 + 100;
            sum += amount;
            write!(w, "#TRANS {acc} {{1 \"{unit}\"}} {}.{:02}\r\n", amount / 100, amount % 100).unwrap();
        }
        write!(w, "#TRANS 1930 {{}} -{}.{:02}\r\n}}\r\n", sum / 100, sum % 100).unwrap();
    }
    w.flush().unwrap();
}

/// A municipality 9999 with twenty drift rows mapped by Ansvar object.
async fn setup(store: &store::Store) {
    use domain::economy::*;
    let org = domain::org::Organisation::new(
        domain::org::Municipality::new(domain::org::ScbCode::parse("9999").unwrap(), "Testkommun"),
        vec![],
        vec![],
    )
    .unwrap();
    let rows: Vec<RowDef> = (0..20)
        .map(|u| RowDef {
            key: format!("{}", 6100 + u),
            label: format!("Enhet {u}"),
            prior_deviation: None,
            prior_compliance: None,
            unit: None,
        })
        .collect();
    let mut rules = Vec::new();
    for r in &rows {
        rules.push(MappingRule {
            account_from: 3000,
            account_to: 3999,
            object: Some((1, r.key.clone())),
            unit: r.key.clone(),
            category: Category::Income,
        });
        rules.push(MappingRule {
            account_from: 4000,
            account_to: 7999,
            object: Some((1, r.key.clone())),
            unit: r.key.clone(),
            category: Category::Cost,
        });
    }
    let config = EconomyConfig::new(domain::money::Scale::Mkr, 1, SignConvention::OutcomeMinusBudget);
    let mut w = store.begin(&store::Actor::system("bench")).await.unwrap();
    store::org::save_organisation(&mut w, &org).await.unwrap();
    store::economy::save_setup(&mut w, "9999", 2025, &store::economy::Setup { config, rows, mapping: Mapping { rules } }).await.unwrap();
    w.commit().await.unwrap();
}
