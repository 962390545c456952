//! The `arshjul` binary as a user runs it: exit codes, messages, and what it leaves in the
//! database. Each test runs on SQLite, and on PostgreSQL when configured.

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

        let out = arshjul(&url, &["audit", "verify"], None);
        assert_eq!(out.status.code(), Some(0), "{label}: {}", text(&out));
        assert!(text(&out).contains("audit log intact"));

        let s = store::Store::open(&url).await.unwrap();
        store::testing::tamper_with_audit_entry(&s, 5, "{\"forged\":true}").await.unwrap();
        s.close().await;
        let out = arshjul(&url, &["audit", "verify"], None);
        assert_eq!(out.status.code(), Some(1), "{label}: {}", text(&out));
        assert!(text(&out).contains("BROKEN at entry 5"), "{}", text(&out));
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
        assert!(text(&short).contains("at least 12 characters"));
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
    ] {
        let out = arshjul(&db, args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{args:?}: {err}");
        assert!(lines[0].starts_with("error:"), "{err}");
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
    assert!(text(&out).contains("enheter.csv:3: field \"typ\": expected forvaltning, verksamhetsomrade or enhet"), "{}", text(&out));
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
    assert!(text(&out).contains("Strängnäs kommun (0486): 1 bodies, 2 units"));
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
    s.close().await;
}
