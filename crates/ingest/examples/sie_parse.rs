//! Parses a SIE file with the borrowed reader and prints the time (for profiling):
//! `cargo run --release -p arshjul-ingest --example sie_parse FILE [ROUNDS]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = &args[1];
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    for _ in 0..rounds {
        let t = std::time::Instant::now();
        let mut n = 0u64;
        let s = ingest::sie::read_views_file(path, &std::fs::File::open(path).unwrap(), &Default::default(), |v, _| {
            if let ingest::sie::View::Voucher(v) = v {
                n += v.rows().len() as u64;
            }
            Ok(())
        })
        .unwrap();
        println!("{n} rows, {} lines in {:.3} s", s.lines, t.elapsed().as_secs_f64());
    }
}
