//! Parses a SIE file with the borrowed reader and prints the time (for profiling):
//! `cargo run --release -p arshjul-ingest --example sie_parse FILE [ROUNDS]`. Every value of
//! every row is taken, as the import and the benchmark do.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = &args[1];
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    for _ in 0..rounds {
        let t = std::time::Instant::now();
        let (mut n, mut check) = (0u64, 0i64);
        let s = ingest::sie::read_views_file(path, &std::fs::File::open(path).unwrap(), &Default::default(), |v, _| {
            if let ingest::sie::View::Voucher(v) = v {
                for row in v.rows() {
                    n += 1;
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
        println!("{n} rows, {} lines in {:.3} s", s.lines, t.elapsed().as_secs_f64());
    }
}
