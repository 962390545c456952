//! The `arshjul` binary as a user runs it: exit codes, messages, and what it leaves in the
//! database. Each test runs on SQLite, and on PostgreSQL when configured.

mod reports;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn arshjul(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_arshjul"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.as_mut().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[tokio::test]
async fn demo_then_audit_verify_then_tamper() {
    for (label, url) in store::testing::fresh_databases().await {
        let out = arshjul(&url, &["demo", "--no-serve"], None);
        assert!(out.status.success(), "{label}: {}", text(&out));
        let t = text(&out);
        assert!(t.contains("controller.strangnas") && t.contains("arshjul-demo"), "{t}");
        // Running it again re-creates, it does not fail.
        assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success(), "{label}: demo twice");
        // ... with nothing doubled: the folders read again replace what they brought.
        let s = store::Store::open(&url).await.unwrap();
        assert_eq!(store::control::actions(&s, "0486", 2023).await.unwrap().len(), 7, "{label}: the seven actions of atgarder.csv, once");
        s.close().await;

        let out = arshjul(&url, &["audit", "verify"], None);
        assert_eq!(out.status.code(), Some(0), "{label}: {}", text(&out));
        assert!(text(&out).contains("granskningsloggen är hel"));

        let s = store::Store::open(&url).await.unwrap();
        store::testing::tamper_with_audit_entry(&s, 5, "{\"forged\":true}").await.unwrap();
        s.close().await;
        let out = arshjul(&url, &["audit", "verify"], None);
        assert_eq!(out.status.code(), Some(1), "{label}: {}", text(&out));
        assert!(text(&out).contains("BRUTEN vid post 5"), "{}", text(&out));
    }
}

#[tokio::test]
async fn backup_is_accepted_by_audit_verify() {
    let (_, url) = store::testing::fresh_databases().await.remove(0);
    assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success());
    let copy = std::env::temp_dir().join(format!("arshjul-cli-backup-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&copy);
    let out = arshjul(&url, &["backup", "--out", copy.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out));
    let out = arshjul(&format!("sqlite://{}", copy.display()), &["audit", "verify"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let _ = std::fs::remove_file(&copy);
}

#[tokio::test]
async fn user_add_reads_the_password_from_stdin() {
    for (label, url) in store::testing::fresh_databases().await {
        assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success());
        let out = arshjul(&url, &["user", "add", "kim", "--role", "controller", "--municipality", "0486"], Some("ett-langt-losenord\n"));
        assert!(out.status.success(), "{label}: {}", text(&out));
        let s = store::Store::open(&url).await.unwrap();
        let kim = store::users::by_username(&s, "kim").await.unwrap().unwrap();
        assert_eq!(kim.municipality.as_deref(), Some("0486"));
        s.close().await;
        let short = arshjul(&url, &["user", "add", "lo", "--role", "ledamot", "--municipality", "0486"], Some("kort\n"));
        assert_eq!(short.status.code(), Some(1));
        assert!(text(&short).contains("minst 12 tecken"));
        // A unit is a verksamhetschef's, and one of the municipality's.
        let add = |name: &str, role: &str, unit: &str| {
            arshjul(&url, &["user", "add", name, "--role", role, "--municipality", "0486", "--unit", unit], Some("ett-langt-losenord\n"))
        };
        let nope = add("vc1", "verksamhetschef", "NOPE");
        assert!(
            nope.status.code() == Some(1) && text(&nope).contains("enheten «NOPE» finns inte") && text(&nope).contains("Äldreomsorg"),
            "{label}: {}",
            text(&nope)
        );
        let member = add("le1", "ledamot", "Äldreomsorg");
        assert!(member.status.code() == Some(1) && text(&member).contains("bara en verksamhetschef"), "{label}: {}", text(&member));
        let ok = add("vc2", "verksamhetschef", "äldreomsorg");
        assert!(ok.status.success(), "{label}: {}", text(&ok));
    }
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    let db = format!("sqlite://{}", std::env::temp_dir().join("arshjul-cli-args.db").display());
    for args in [
        &["--bogus"][..],
        &["user", "add", "x", "--role", "chef"],
        &["user", "add", "x", "--role", "ledamot", "--municipality", "486"],
        &["frobnicate"],
        &["report", "--municipality", "0486", "--kind", "arsrapport", "--format", "pdf", "--out", "x.pdf"],
    ] {
        let out = arshjul(&db, args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{args:?}: {err}");
        assert!(lines[0].starts_with("error:"), "{err}");
        if args[0] == "report" {
            assert!(lines[0].contains("--year <YEAR>"), "the line names what is missing: {err}");
        }
    }
}

#[test]
fn help_is_english_and_exits_0() {
    let db = "sqlite::memory:";
    for args in [&["--help"][..], &["demo", "--help"], &["user", "add", "--help"], &["audit", "verify", "--help"], &["backup", "--help"]] {
        let out = arshjul(db, args, None);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: arshjul"), "{args:?}");
    }
}

#[test]
fn an_output_file_named_for_another_format_is_refused() {
    let out = arshjul(
        "sqlite::memory:",
        &["report", "--municipality", "0486", "--kind", "arsrapport", "--year", "2023", "--format", "pdf", "--out", "x.docx"],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("--out x.docx slutar på .docx men --format är pdf"), "{}", text(&out));
    assert!(!std::path::Path::new("x.docx").exists());
}

/// Output into a pipe whose reader has gone (`arshjul … | head`) ends the command quietly, not
/// in a panic.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_without_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_arshjul"))
        .args(["report", "--list-kinds"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn list_kinds_needs_no_database() {
    let dir = std::env::temp_dir().join(format!("arshjul-kinds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("never.db");
    let out = arshjul(&format!("sqlite://{}", db.display()), &["report", "--list-kinds"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = String::from_utf8_lossy(&out.stdout).to_string();
    let lines: Vec<&str> = t.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("patientsakerhetsberattelse  Patientsäkerhetsberättelse")), "{t}");
    // The names start in one column.
    let col = |l: &str| l.find(|c: char| c.is_uppercase()).unwrap();
    assert!(lines.iter().all(|l| col(l) == col(lines[0])), "{t}");
    assert!(!db.exists(), "no database is created for the built-in list");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn import_org_reports_file_and_line_and_writes_nothing() {
    let (_, url) = store::testing::fresh_databases().await.remove(0);
    let dir = std::env::temp_dir().join(format!("arshjul-cli-org-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("kommun.csv"), "kod;namn\n0486;Strängnäs kommun\n").unwrap();
    std::fs::write(dir.join("organ.csv"), "nyckel;typ;namn;överordnad\nSN;namnd;Socialnämnden;\n").unwrap();
    std::fs::write(
        dir.join("enheter.csv"),
        "nyckel;typ;namn;överordnad;ansvar;organ\nSK;forvaltning;Socialkontoret;;;SN\nAO;avdelning;Äldreomsorg;SK;;\n",
    )
    .unwrap();
    let out = arshjul(&url, &["import", "org", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("enheter.csv:3: fält \"typ\": ska vara forvaltning, verksamhetsomrade eller enhet"), "{}", text(&out));
    let s = store::Store::open(&url).await.unwrap();
    assert!(store::org::municipalities(&s).await.unwrap().is_empty(), "nothing written");
    s.close().await;
    std::fs::write(
        dir.join("enheter.csv"),
        "nyckel;typ;namn;överordnad;ansvar;organ\nSK;forvaltning;Socialkontoret;;;SN\nAO;verksamhetsomrade;Äldreomsorg;SK;;\n",
    )
    .unwrap();
    let out = arshjul(&url, &["import", "org", dir.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Strängnäs kommun (0486): 1 organ, 2 enheter"));
}

#[tokio::test]
async fn demo_holds_the_seed_organisations() {
    let (_, url) = store::testing::fresh_databases().await.remove(0);
    assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success());
    let s = store::Store::open(&url).await.unwrap();
    let names: Vec<String> = store::org::municipalities(&s).await.unwrap().into_iter().map(|m| format!("{} {}", m.code, m.name)).collect();
    assert_eq!(names, ["1882 Askersunds kommun", "0127 Botkyrka kommun", "0486 Strängnäs kommun"]);
    let s_org = store::org::organisation(&s, "0486").await.unwrap();
    let areas: Vec<&str> =
        s_org.units().iter().filter(|u| u.kind == domain::org::UnitKind::Verksamhetsomrade).map(|u| u.name.as_str()).collect();
    // S:122 — "sex verksamhetsområden".
    assert_eq!(areas.len(), 6);
    assert!(areas.contains(&"Äldreomsorg") && areas.contains(&"Myndighet"));
    let plans = store::org::follow_up_plans(&s, "0486").await.unwrap();
    // S:490 — forecasts in Mars, April, Maj, Augusti, Oktober.
    assert_eq!(plans[0].forecast_months(), [3, 4, 5, 8, 10]);
    // B's reports are decided in the cases of the meeting 2022-02-15 (B:15–27): the
    // verksamhetsberättelse in SN/2021:00547, on the agenda as item 4.
    let case = store::report::case_of(&s, "0127", "verksamhetsberattelse", 2021).await.unwrap();
    assert_eq!(case.as_deref(), Some("SN/2021:00547"));
    let handled = store::meetings::handlings(&s, "0127", "SN 2021:00547").await.unwrap();
    assert_eq!(handled.iter().map(|h| (h.date.to_string(), h.item)).collect::<Vec<_>>(), [("2022-02-15".to_string(), 4)]);
    // S's head of Äldreomsorg enters that row's forecasts; the row S calls Funktionshinder is
    // the unit Funktionshinderomsorg's (S-X18).
    let head = store::users::by_username(&s, "verksamhetschef.strangnas").await.unwrap().unwrap();
    assert_eq!(head.unit.as_deref(), Some("Äldreomsorg"));
    let setup = store::economy::setup(&s, "0486", 2023).await.unwrap().unwrap();
    let answered: Vec<&str> = setup.rows.iter().filter(|r| r.answered_by("Äldreomsorg", &s_org)).map(|r| r.key.as_str()).collect();
    assert_eq!(answered, ["AO"]);
    assert!(setup.rows.iter().find(|r| r.key == "FH").unwrap().answered_by("Funktionshinderomsorg", &s_org));
    s.close().await;
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A goal folder for Askersund 2024 whose survey indicator carries a Kolada KPI id.
fn kolada_goal_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("arshjul-cli-goals-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("nivaer.csv"), "djup;namn\n1;Målområde\n2;Nämndens mål\n").unwrap();
    std::fs::write(
        dir.join("mal.csv"),
        "nyckel;nivå;överordnad;nummer;namn;kf_mål;agenda2030\nMO1;1;;1;God ekonomisk hushållning;;\nM1.4;2;MO1;4;Upplevd kvalitet;;\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("indikatorer.csv"),
        "nyckel;mål;namn;enhet;riktning;källa;metod;kolada_kpi;adressering\nBU5;M1.4;Nöjda med hemtjänsten;procent;högre;Kolada;;U23471;\n",
    )
    .unwrap();
    dir
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

#[tokio::test]
async fn kolada_file_import_creates_t_k_m_outcomes_and_a_bad_file_writes_nothing() {
    for (label, url) in store::testing::fresh_databases().await {
        assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success());
        let dir = kolada_goal_dir();
        let out = arshjul(&url, &["import", "goals", "--municipality", "1882", "--year", "2024", dir.to_str().unwrap()], None);
        assert!(out.status.success(), "{label}: {}", text(&out));

        let s = store::Store::open(&url).await.unwrap();
        let before = store::goals::outcomes(&s, "1882", "BU5").await.unwrap();
        let bad = arshjul(&url, &["import", "kolada", "--municipality", "1882", "--year", "2024", &fixture("kolada-malformed.json")], None);
        assert_eq!(bad.status.code(), Some(1));
        assert!(
            text(&bad).contains("kolada-malformed.json: fält \"values[0].values[0].value\": ska vara ett tal eller null"),
            "{}",
            text(&bad)
        );
        assert_eq!(store::goals::outcomes(&s, "1882", "BU5").await.unwrap(), before, "{label}: nothing written");

        let ok =
            arshjul(&url, &["import", "kolada", "--municipality", "1882", "--year", "2024", &fixture("kolada-1882-U23471.json")], None);
        assert!(ok.status.success(), "{label}: {}", text(&ok));
        assert!(text(&ok).contains("2 utfall inlästa från Kolada för 1882; 1 rader för andra kommuner hoppades över"), "{}", text(&ok));
        let o = store::goals::outcomes(&s, "1882", "BU5").await.unwrap();
        assert_eq!(o.len(), 2);
        let m = |v: &str| domain::goals::Measure::parse_sv(v);
        assert_eq!((o[0].total, o[0].women, o[0].men), (m("84"), m("85,5"), m("81,25")));
        assert_eq!((o[1].total, o[1].women, o[1].men), (m("88"), m("90,5"), None));
        assert_eq!(o[1].note.as_deref(), Some("Kolada – män: Missing"));
        s.close().await;
    }
}

#[tokio::test]
async fn outcome_files_csv_and_errors() {
    let (_, url) = store::testing::fresh_databases().await.remove(0);
    assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success());
    let dir = std::env::temp_dir().join(format!("arshjul-cli-out-{}", rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("utfall.csv");
    std::fs::write(&good, "indikator;period;totalt;kvinnor;män;kommentar\nSJF;2025;9,8;10,2;7,1;\nHME;2025;78;;;\n").unwrap();
    let bad = dir.join("fel.csv");
    std::fs::write(&bad, "indikator;period;totalt\nSJF;2025;9,8\nHME;2025;sjuttioåtta\n").unwrap();
    let out = arshjul(&url, &["import", "outcomes", "--municipality", "1882", "--year", "2024", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("fel.csv:3: fält \"totalt\": ska vara ett tal"), "{}", text(&out));
    let s = store::Store::open(&url).await.unwrap();
    assert_eq!(store::goals::outcomes(&s, "1882", "SJF").await.unwrap().len(), 2, "line 2 was not written either");
    let out = arshjul(&url, &["import", "outcomes", "--municipality", "1882", "--year", "2024", good.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out));
    let sjf = store::goals::outcomes(&s, "1882", "SJF").await.unwrap();
    assert_eq!(sjf.last().unwrap().women, domain::goals::Measure::parse_sv("10,2"));
    s.close().await;
}

#[tokio::test]
async fn demo_holds_the_seed_goals() {
    let (_, url) = store::testing::fresh_databases().await.remove(0);
    assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success());
    let s = store::Store::open(&url).await.unwrap();
    let gy = store::goals::goal_year(&s, "0486", 2023).await.unwrap().unwrap();
    let p = domain::period::Period::parse("2023").unwrap();
    let a = store::goals::assessments(&s, "0486", p).await.unwrap();
    let refs: Vec<&domain::goals::Assessment> = a.iter().collect();
    let leaves = gy.structure().goals().iter().filter(|g| g.depth == gy.structure().leaf_depth()).count();
    assert_eq!(leaves, 10);
    assert_eq!(
        domain::goals::count_sentence(gy.scale(), &refs, leaves),
        "Sex av tio mål är helt uppfyllda. Övriga fyra mål bedöms delvis uppfyllda."
    );
    // A's sick leave: trend improved, target not met (IA-02), from the stored demo data.
    let a_year = store::goals::goal_year(&s, "1882", 2024).await.unwrap().unwrap();
    let sjf = a_year.indicator("SJF").unwrap();
    let e = domain::goals::evaluate(
        sjf,
        domain::period::Period::parse("2024").unwrap(),
        &store::goals::outcomes(&s, "1882", "SJF").await.unwrap(),
        &store::goals::targets(&s, "1882", "SJF").await.unwrap(),
    );
    assert_eq!((e.trend, e.attainment), (Some(domain::goals::Trend::Improved), domain::goals::Attainment::NotMet));
    s.close().await;
}

/// A one-file HTTP server on loopback that answers every request with `body` and records the
/// request lines; stands in for the Kolada API.
fn fake_kolada(body: &'static str) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            log.lock().unwrap().push(line.trim().to_string());
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap() == 0 || h == "\r\n" {
                    break;
                }
            }
            let res = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(res.as_bytes()).unwrap();
        }
    });
    (format!("http://{addr}/v3"), seen)
}

#[tokio::test]
async fn kolada_fetch_uses_the_configured_base_url() {
    let (_, url) = store::testing::fresh_databases().await.remove(0);
    assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success());
    let dir = kolada_goal_dir();
    assert!(arshjul(&url, &["import", "goals", "--municipality", "1882", "--year", "2024", dir.to_str().unwrap()], None).status.success());
    let (base, seen) = fake_kolada(include_str!("../fixtures/kolada-1882-U23471.json"));
    let out = arshjul(&url, &["import", "kolada", "--municipality", "1882", "--year", "2024", "--fetch", "--base-url", &base], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("2 utfall inlästa från Kolada"), "{}", text(&out));
    assert_eq!(seen.lock().unwrap().as_slice(), ["GET /v3/data/kpi/U23471/municipality/1882/year/2023,2024 HTTP/1.1"]);
}

/// S's drift table as printed (S:397–405), row by row: utfall I, K, N; budget I, K, N;
/// avvikelse 2023, avvikelse 2022. "" = a blank cell.
const S_T2: [(&str, [&str; 8]); 9] = [
    ("SN-POL", ["0.0", "-2.0", "-2.0", "", "-2.2", "-2.2", "0.1", "0.0"]),
    ("SK", ["0.1", "-9.9", "-9.9", "0.1", "-29.6", "-29.5", "19.7", "9.3"]),
    ("MYN", ["29.5", "-339.6", "-310.1", "27.3", "-282.1", "-254.7", "-55.3", "-18.2"]),
    ("IFO", ["34.5", "-102.1", "-67.6", "36.2", "-115.9", "-79.7", "12.1", "21.3"]),
    ("AO", ["128.8", "-410.3", "-281.4", "119.3", "-376.7", "-257.4", "-24.0", "-8.7"]),
    ("HSV", ["4.2", "-83.4", "-79.2", "0.3", "-78.7", "-78.4", "-0.8", "-3.9"]),
    ("FH", ["24.6", "-151.3", "-126.7", "23.7", "-157.7", "-134.0", "7.3", "3.7"]),
    ("ADM", ["0.8", "-26.6", "-25.7", "0.8", "-31.9", "-31.2", "5.4", "0.9"]),
    ("TOTAL", ["222.5", "-1125.1", "-902.6", "207.7", "-1074.8", "-867.1", "-35.5", "4.2"]),
];

/// S prints "-1 125.1"; Årshjul presents "−1 125,1".
fn swedish(printed: &str) -> String {
    let v: f64 = printed.parse().unwrap();
    let tenths = (v * 10.0).round() as i128;
    domain::sv::format_fixed(tenths, 1)
}

#[tokio::test]
async fn s_drift_table_is_reproduced_cell_by_cell_from_the_demo_ledger() {
    for (label, url) in store::testing::fresh_databases().await {
        let out = arshjul(&url, &["demo", "--no-serve"], None);
        assert!(out.status.success(), "{label}: {}", text(&out));
        let s = store::Store::open(&url).await.unwrap();
        let t = store::economy::drift_table(&s, "0486", 2023).await.unwrap().expect("S 2023 drift table");
        use domain::economy::DriftColumn;
        for (key, cells) in S_T2 {
            for (col, printed) in DriftColumn::ALL.into_iter().zip(cells) {
                let shown = if key == "TOTAL" {
                    t.present_total(col).unwrap()
                } else {
                    let row = t.rows.iter().find(|r| r.key == key).unwrap();
                    match row.cell(col, t.convention) {
                        Some(v) => t.present(v),
                        None => String::new(),
                    }
                };
                let expected = if printed.is_empty() { "0,0".to_string() } else { swedish(printed) };
                assert_eq!(shown, expected, "{label}: {key} {}", col.heading());
            }
        }
        // Every outcome cell opens to the ledger rows that sum to it.
        let ifo = t.rows.iter().find(|r| r.key == "IFO").unwrap();
        let (rows, count, sum) =
            store::economy::cell_rows(&s, "0486", 2023, Some("IFO"), Some(domain::economy::Category::Cost), None, 10_000).await.unwrap();
        assert_eq!(rows.len() as i64, count);
        assert_eq!(-sum, ifo.outcome.costs, "{label}: drill-down sums to the cell");
        assert!(store::economy::unmapped(&s, "0486", 2023).await.unwrap().is_empty());
        s.close().await;
    }
}

#[tokio::test]
async fn sie_import_errors_name_the_line_and_leave_the_database_unchanged() {
    let (_, url) = store::testing::fresh_databases().await.remove(0);
    assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success());
    let s = store::Store::open(&url).await.unwrap();
    let before = store::economy::drift_table(&s, "0486", 2023).await.unwrap().unwrap();
    let dir = std::env::temp_dir().join(format!("arshjul-cli-sie-{}", rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("fel.se");
    std::fs::write(&bad, "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20230101 20231231\n#VER A 1 20230110 \"x\"\n{\n#TRANS 5011 {1 \"IFO\"} 100.00\n#TRANS 1930 {} -1OO.00\n}\n").unwrap();
    let out = arshjul(&url, &["import", "sie", "--municipality", "0486", "--year", "2023", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("fel.se:7: fält \"#TRANS belopp\": ska vara ett belopp som -1234.50, inte \"-1OO.00\""), "{}", text(&out));
    assert_eq!(text(&out).matches("ska vara ett belopp").count(), 1, "the reason once: {}", text(&out));
    assert_eq!(store::economy::drift_table(&s, "0486", 2023).await.unwrap().unwrap(), before, "unchanged");
    // A good file replaces the year's ledger and prints a summary.
    let good = dir.join("bra.se");
    std::fs::write(&good, "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20230101 20231231\n#VER A 1 20230110 \"x\"\n{\n#TRANS 5011 {1 \"IFO\"} 100.00\n#TRANS 4010 {1 \"OKAND\"} 20.00\n#TRANS 1930 {} -120.00\n}\n").unwrap();
    let out = arshjul(&url, &["import", "sie", "--municipality", "0486", "--year", "2023", good.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("3 huvudboksrader (1 på verksamheter, 1 resultatrader utan verksamhet, 1 på balanskonton)"),
        "{}",
        text(&out)
    );
    let unmapped = store::economy::unmapped(&s, "0486", 2023).await.unwrap();
    assert_eq!(unmapped, vec![(4010, "1:OKAND".to_string(), 1, domain::money::Ore::from_kr(20))]);
    assert!(!text(&out).contains("densamma"), "{}", text(&out));
    // The same file again says so: the ledger is as it was.
    let out = arshjul(&url, &["import", "sie", "--municipality", "0486", "--year", "2023", good.to_str().unwrap()], None);
    assert!(out.status.success() && text(&out).contains("filen är densamma (samma SHA-256) som den som lästes in 20"), "{}", text(&out));
    s.close().await;
}

#[tokio::test]
async fn demo_holds_askersund_drift_2024_and_its_volumes() {
    let (_, url) = store::testing::fresh_databases().await.remove(0);
    assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success());
    let s = store::Store::open(&url).await.unwrap();
    let t = store::economy::drift_table(&s, "1882", 2024).await.unwrap().unwrap();
    use domain::economy::DriftColumn::*;
    // A-T17/A-T20: Σ intäkter 64 645, Σ kostnader −396 527, resultat −331 882; budget −318 803.
    assert_eq!(t.present_total(OutcomeIncome).unwrap(), "64\u{a0}645");
    assert_eq!(t.present_total(OutcomeCosts).unwrap(), "−396\u{a0}527");
    assert_eq!(t.present_total(OutcomeNet).unwrap(), "−331\u{a0}882");
    assert_eq!(t.present_total(BudgetNet).unwrap(), "−318\u{a0}803");
    let ao = t.rows.iter().find(|r| r.key == "51").unwrap();
    assert_eq!(t.present(ao.cell(Deviation, t.convention).unwrap()), "−6\u{a0}215", "DR-A-12");
    let vols = store::economy::volumes(&s, "1882", 2024).await.unwrap();
    assert_eq!(vols.len(), 27);
    let hours = vols.iter().find(|v| v.series == "Beviljade timmar hemtjänst" && v.year == 2024).unwrap();
    assert_eq!(hours.note.as_deref(), Some("planerade timmar 2024"), "VO-02: the series break is kept");
    s.close().await;
}

#[tokio::test]
async fn demo_holds_s_control_plan_and_b_follow_up_and_the_personnel_figures() {
    for (label, url) in store::testing::fresh_databases().await {
        let out = arshjul(&url, &["demo", "--no-serve"], None);
        assert!(out.status.success(), "{label}: {}", text(&out));
        let s = store::Store::open(&url).await.unwrap();

        // S Bild 1 (S:732–739): risk values 16, 8, 9, 3, 3 in their matrix cells.
        let (plan, items) = store::control::plan(&s, "0486", 2023).await.unwrap().expect("S 2023 plan");
        let cells: Vec<(u8, u8, u8)> = items.iter().map(|i| (i.probability, i.consequence, i.risk_value())).collect();
        assert_eq!(cells, [(4, 4, 16), (2, 4, 8), (3, 3, 9), (1, 3, 3), (1, 3, 3)], "{label}");
        assert_eq!(plan.probability.label(4), "Sannolikt");

        // B's follow-up 2021: the summary matrix B:1741–1748 and the counts B:1659–1662.
        let (b_plan, b_items) = store::control::plan(&s, "0127", 2021).await.unwrap().expect("B 2021 plan");
        let results = store::control::results(&s, "0127", 2021).await.unwrap();
        let hist = domain::control::history(&b_items, &results, &[2019, 2020, 2021]);
        let sym = |l: &Option<String>| match l {
            Some(k) => b_plan.results.level(k).map(|(_, _, s)| s.clone()).filter(|s| !s.is_empty()).unwrap_or_else(|| k.clone()),
            None => "—".into(),
        };
        let printed: Vec<String> = hist.iter().map(|(k, c)| format!("{k} {}", c.iter().map(sym).collect::<Vec<_>>().join(" "))).collect();
        assert_eq!(
            printed,
            ["3.1.1 — ● ●", "3.1.2 ● — ●", "3.1.3 — — ej-genomford", "3.1.4 — — ◆", "3.1.5 ● ● ●", "3.1.6 ● ● ●", "3.1.7 ● ◆ ◆"],
            "{label}"
        );
        let levels: Vec<&str> = domain::control::year_results(&results, 2021).iter().map(|r| r.level.as_str()).collect();
        let counts = domain::control::count_levels(&b_plan.results, &levels);
        assert_eq!(counts, [("God", 4), ("Godtagbar", 2), ("Ej godkänd", 0), ("Ej genomförd", 1)], "{label}");
        // 3.1.4: 18 + 15 of 38 checked → 87 % (B:1880).
        let r314 = results.iter().find(|r| r.item == "3.1.4" && r.period == domain::period::Period::Year(2021)).unwrap();
        assert_eq!(r314.computed_share().unwrap().present(0), "87");
        // Nettolista B:1786–1796: seven risks, values as printed.
        let net: Vec<u8> = b_plan.net_risks.iter().map(|n| domain::control::risk_value(n.probability, n.consequence)).collect();
        assert_eq!(net, [12, 12, 12, 9, 9, 9, 12], "{label}");

        // S's sick leave as printed (S:630–632) and what it leaves unexplained (PE-01, PE-02).
        let sick = store::personnel::sick_leave(&s, "0486", 2023).await.unwrap();
        let y = |year: i32| sick.iter().find(|r| r.period == domain::period::Period::Year(year)).unwrap();
        let m = |v: &str| domain::goals::Measure::parse_sv(v).unwrap();
        assert_eq!((y(2023).total, y(2023).short_term, y(2023).long_term_share), (Some(m("9,4")), Some(m("4,9")), Some(m("36,5"))));
        assert_eq!((y(2023).total.unwrap() - y(2022).total.unwrap()).present(1), "−0,8");
        assert_eq!(y(2022).short_term.unwrap().present(2), "5,21", "PE-03: kept as printed");
        assert_eq!(y(2023).unexplained().unwrap().present(2), "1,07");
        let kia = store::personnel::key_figures(&s, "0486", 2023).await.unwrap();
        let fig = |k: &str, yr: i32| kia.iter().find(|f| f.key == k && f.period == domain::period::Period::Year(yr)).unwrap().value;
        assert_eq!(
            [fig("kia", 2023), fig("olycksfall", 2023), fig("fardolycksfall", 2023), fig("arbetssjukdom", 2023)],
            [m("854"), m("239"), m("19"), m("31")]
        );
        // S Bilaga 4: 496 contracts (PP-01); the suppliers listed match the contracts for
        // Hemtjänst (3, PP-02) and LSS boende (16, PP-03).
        let (activities, suppliers) = store::control::providers(&s, "0486", 2023).await.unwrap();
        assert_eq!(activities.iter().map(|a| a.contracts).sum::<u32>(), 496, "{label}");
        for (prefix, n) in [("2. Hemtjänst", 3), ("3. Boende med särskilt service LSS", 16)] {
            let a = activities.iter().find(|a| a.name == prefix).unwrap();
            let listed = suppliers.iter().filter(|x| x.activity == a.name && !x.name.is_empty()).count() as u32;
            assert_eq!((a.contracts, listed), (n, n), "{label}: {prefix}");
        }
        // A's sick leave 2024 (A:124–132).
        let a = store::personnel::sick_leave(&s, "1882", 2024).await.unwrap();
        assert_eq!(a.iter().find(|r| r.period == domain::period::Period::Year(2024)).unwrap().total, Some(m("10,74")));
        s.close().await;
    }
}

#[tokio::test]
async fn evb_reports_from_the_demo_statistics_carry_no_pseudonym() {
    for (label, url) in store::testing::fresh_databases().await {
        assert!(arshjul(&url, &["demo", "--no-serve"], None).status.success(), "{label}");
        let dir = std::env::temp_dir().join(format!("arshjul-cli-evb-{}", rand_suffix()));
        std::fs::create_dir_all(&dir).unwrap();
        let pseudonyms: Vec<String> = include_str!("../../../../demo/0127-botkyrka/evb/beslut.csv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .map(|l| l.split(';').find(|f| domain::evb::Pseudonym::parse(f).is_ok()).unwrap().to_string())
            .collect();
        assert_eq!(pseudonyms.len(), 33);
        for format in ["html", "csv"] {
            let out = dir.join(format!("stat.{format}"));
            let o = evb_report(&url, "statistics", format, &out);
            assert!(o.status.success(), "{label}: {}", text(&o));
            let body = std::fs::read_to_string(&out).unwrap();
            for p in &pseudonyms {
                assert!(!body.contains(p.as_str()) && !body.contains(&p[9..]), "{label} {format}: {p}");
            }
            // B's summary (evb.md §8.1): 10 executed, 2 closed, 16 still open, 5 new, 21 open.
            if format == "csv" {
                assert!(body.contains("träningslägenhet;3;1;9;2;11;3;4;4;0"), "{body}");
                assert!(body.contains("kontaktperson;4;0;5;0;5;1;2;0;2"), "{body}");
            } else {
                assert!(body.contains("<td class=\"num\">10</td><td class=\"num\">2</td><td class=\"num\">16</td><td class=\"num\">5</td><td class=\"num\">33</td><td class=\"num\">21</td>"), "{body}");
            }
        }
        // IVO's list is the identifiable output, and the read is audited.
        let ivo = dir.join("ivo.csv");
        let o = evb_report(&url, "ivo", "csv", &ivo);
        assert!(o.status.success(), "{}", text(&o));
        let body = std::fs::read_to_string(&ivo).unwrap();
        assert_eq!(body.lines().count(), 34, "header and 33 decisions");
        assert!(pseudonyms.iter().all(|p| body.contains(p.as_str())));
        let s = store::Store::open(&url).await.unwrap();
        let log = store::audit::recent(&s, Some("0127"), 50, None).await.unwrap();
        assert!(log.iter().any(|e| e.action == "evb.read_identifiable" && e.actor.contains("cli")), "{label}");
        s.close().await;
        // PDF/UA and DOCX: rendered, and their text holds no pseudonym either.
        for format in ["pdf", "docx"] {
            let out = dir.join(format!("stat.{format}"));
            let o = evb_report(&url, "statistics", format, &out);
            assert!(o.status.success(), "{label} {format}: {}", text(&o));
            let Some(body) = document_text(&out) else { continue };
            assert!(body.contains("träningslägenhet") && body.contains("Totalt"), "{format}: {body}");
            // Every format carries the waiting times (the DOCX lacked them).
            assert!(body.contains("Väntetid i kalenderdagar"), "{format}: {body}");
            for p in &pseudonyms {
                assert!(!body.contains(p.as_str()) && !body.contains(&p[9..]), "{label} {format}: {p}");
            }
        }
        // The committee's case paper: one sentence per decision under B's four headings, no identity.
        for format in ["html", "pdf"] {
            let out = dir.join(format!("arende.{format}"));
            let o = evb_report(&url, "case-paper", format, &out);
            assert!(o.status.success(), "{label} case paper {format}: {}", text(&o));
            let body = if format == "pdf" { document_text(&out) } else { std::fs::read_to_string(&out).ok() };
            let Some(body) = body else { continue };
            for p in &pseudonyms {
                assert!(!body.contains(p.as_str()) && !body.contains(&p[9..]), "{label} case paper {format}: {p}");
            }
            if format == "html" {
                assert!(
                    body.contains("Beslut om kontaktperson fattat 2020-11-23 verkställdes 2021-11-21 (363 dagar efter beslut)."),
                    "{body}"
                );
                assert!(body.contains("Ny rapportering av ej verkställda beslut (5)"), "{body}");
            }
        }
        let pdf = std::fs::read(dir.join("stat.pdf")).unwrap();
        assert!(String::from_utf8_lossy(&pdf).contains("pdfuaid:part"), "PDF/UA-1 identification in the XMP metadata");
        // Tagged and titled, as poppler reads it (required under CI, which installs poppler).
        match Command::new("pdfinfo").arg(dir.join("stat.pdf")).output() {
            Ok(i) if i.status.success() => {
                let i = String::from_utf8_lossy(&i.stdout);
                assert!(i.contains("Tagged:          yes") && i.contains("Title:           "), "{i}");
            }
            _ if std::env::var("CI").as_deref() == Ok("true") => panic!("pdfinfo is missing: CI must install poppler-utils"),
            _ => {}
        }
    }
}

/// `arshjul evb report` for Botkyrka's 2021Q4 report.
fn evb_report(url: &str, kind: &str, format: &str, out: &std::path::Path) -> Output {
    arshjul(
        url,
        &[
            "evb",
            "report",
            "--municipality",
            "0127",
            "--quarter",
            "2021Q4",
            "--kind",
            kind,
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    )
}

/// The text of a PDF (pdftotext, when installed; CI installs poppler-utils) or a DOCX
/// (read back with docx-rs).
/// The text of a rendered PDF (by poppler's pdftotext) or DOCX; `None` for a PDF on a machine
/// without poppler, where the text checks are skipped (CI installs it and requires it).
fn document_text(path: &std::path::Path) -> Option<String> {
    if path.extension().is_some_and(|e| e == "pdf") {
        match Command::new("pdftotext").arg(path).arg("-").output() {
            Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
            _ if std::env::var("CI").as_deref() == Ok("true") => panic!("pdftotext is missing: CI must install poppler-utils"),
            _ => {
                eprintln!("skipped the PDF text check: pdftotext is not installed");
                None
            }
        }
    } else {
        Some(docx_rs::read_docx(&std::fs::read(path).unwrap()).expect("a readable DOCX").json())
    }
}

/// `arshjul demo` (what `cargo run --release -- demo` runs) loads the demo and serves the login
/// page over a real socket.
#[tokio::test]
async fn the_demo_command_serves_a_login_page() {
    use std::io::{BufRead, BufReader, Read};
    let (_, url) = store::testing::fresh_databases().await.remove(0);
    // A session that expired long ago: the server removes it when it starts.
    let db = store::Store::connect(&url).await.unwrap();
    store::migrate::run(&db).await.unwrap();
    store::sessions::save(&db, "stale", "{}", 1).await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_arshjul"))
        .args(["--db", &url, "demo", "--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("Årshjul körs på http://").and_then(|r| r.split('/').next()).map(str::to_string));
    let Some(addr) = addr else {
        let _ = child.kill();
        panic!("the demo did not say where it serves");
    };
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    write!(s, "GET /login HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let mut swept = false;
    for _ in 0..50 {
        if store::sessions::load(&db, "stale", 0).await.unwrap().is_none() {
            swept = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("<h1>Logga in</h1>") && answer.contains("lang=\"sv\""), "{answer}");
    assert!(swept, "the expired session is removed when the server starts");
}
