//! Report rendering benchmark (not a test): S's Årsrapport 2023 from the demo data, rendered to
//! PDF/UA in process (cold, then warm) and through the CLI, and — the baseline in the same run —
//! LibreOffice converting our own DOCX of the same report to PDF.
//!
//! Run: `cargo bench -p arshjul-cli --bench report_render` (LibreOffice: `apt-get install
//! libreoffice-writer-nogui`; without it the ratio is not measured).
//! Targets (issue 5): < 0.5 s warm in process; ≥ 10× faster than LibreOffice.

use std::process::Command;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let dir = std::env::temp_dir().join(format!("arshjul-bench-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("demo.db").display());
    let bin = env!("CARGO_BIN_EXE_arshjul");
    let ok = Command::new(bin).args(["--db", &db, "demo", "--no-serve"]).env("RUST_LOG", "warn").output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));

    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(store::Store::open(&db)).unwrap();
    let req =
        web::report::Request { municipality: "0486", kind: "arsrapport", year: 2023, to_month: None, links: false, overrides: vec![] };
    let assemble = || rt.block_on(web::report::assemble(&store, &req)).unwrap().1;

    let t = Instant::now();
    let doc = assemble();
    let assemble_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let pdf = render::doc::pdf(&doc).unwrap();
    let cold = t.elapsed().as_secs_f64();
    let warm: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let d = assemble();
            render::doc::pdf(&d).unwrap();
            t.elapsed().as_secs_f64()
        })
        .collect();
    let warm = median(warm);
    // Warm after an edit: one paragraph's text changes before each render (the report page's
    // "save and review" case); memoisation redoes only what the change touches.
    let edited: Vec<f64> = (0..5)
        .map(|k| {
            let mut d = assemble();
            if let Some(domain::report::Block::Paragraph { text, .. }) =
                d.blocks.iter_mut().find(|b| matches!(b, domain::report::Block::Paragraph { .. }))
            {
                text.push_str(&format!(" Ändring {k}."));
            }
            let t = Instant::now();
            render::doc::pdf(&d).unwrap();
            t.elapsed().as_secs_f64()
        })
        .collect();
    let edited = median(edited);
    println!("S Årsrapport 2023: {} bytes of PDF/UA, {} pages' worth of blocks", pdf.len(), doc.blocks.len());
    println!(
        "in process: assemble {:.3} s; first render {:.3} s; warm (assemble + render, median of 5) {:.3} s",
        assemble_secs, cold, warm
    );

    // Where the time goes: the same document without its charts.
    let mut bare = doc.clone();
    bare.blocks.retain(|b| !matches!(b, domain::report::Block::Chart { .. }));
    let t = Instant::now();
    render::doc::pdf(&bare).unwrap();
    println!("without the {} charts: {:.3} s", doc.blocks.len() - bare.blocks.len(), t.elapsed().as_secs_f64());

    let out = dir.join("s.pdf");
    let cli: Vec<f64> = (0..3)
        .map(|_| {
            let t = Instant::now();
            let o = Command::new(bin)
                .args([
                    "--db",
                    &db,
                    "report",
                    "--municipality",
                    "0486",
                    "--kind",
                    "arsrapport",
                    "--year",
                    "2023",
                    "--format",
                    "pdf",
                    "--out",
                ])
                .arg(&out)
                .env("RUST_LOG", "warn")
                .output()
                .unwrap();
            assert!(o.status.success());
            t.elapsed().as_secs_f64()
        })
        .collect();
    let cli = median(cli);
    println!("through the CLI (process start, open database, assemble, render, write; median of 3): {cli:.3} s");

    let docx = dir.join("s.docx");
    std::fs::write(&docx, render::doc::docx(&doc).unwrap()).unwrap();
    let lo = ["soffice", "libreoffice"].into_iter().find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()));
    match lo {
        None => println!("LibreOffice is not installed: the baseline ratio is not measured (apt-get install libreoffice-writer-nogui)"),
        Some(b) => {
            let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
            let runs: Vec<f64> = (0..3)
                .map(|_| {
                    let t = Instant::now();
                    let o = Command::new(b)
                        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
                        .arg(&dir)
                        .arg(&docx)
                        .output()
                        .unwrap();
                    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
                    t.elapsed().as_secs_f64()
                })
                .collect();
            let lo_secs = median(runs);
            println!("baseline: {b} --headless --convert-to pdf on our DOCX (median of 3): {lo_secs:.3} s");
            println!(
                "ratio LibreOffice / Årshjul warm: {:.1}×; after an edit: {:.1}×; through the CLI (a new process, nothing memoised): {:.1}×",
                lo_secs / warm,
                lo_secs / edited,
                lo_secs / cli
            );
        }
    }
    println!("targets: warm < 0.5 s ({}); ≥ 10× faster than LibreOffice", if warm < 0.5 { "met" } else { "NOT met" });
    rt.block_on(store.close());
    let _ = std::fs::remove_dir_all(&dir);
}
