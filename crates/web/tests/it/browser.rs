//! The browser suite: Debian's chromium through chromedriver and fantoccini. Runs when
//! ARSHJUL_TEST_BROWSER=1 (CI sets it); with CI=true and no browser, it fails instead of skipping.

use fantoccini::{ClientBuilder, Locator};
use std::process::{Child, Command, Stdio};

/// Whether the browser suite should run; panics in CI when it is switched off.
pub fn browser_enabled() -> bool {
    match std::env::var("ARSHJUL_TEST_BROWSER").as_deref() {
        Ok("1") => true,
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true but ARSHJUL_TEST_BROWSER is not 1: the browser suite must run in CI")
        }
        _ => false,
    }
}

/// A chromedriver process, killed on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts chromedriver and waits until it answers.
pub async fn chromedriver() -> Driver {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver must be installed for the browser suite (apt-get install chromium chromium-driver)");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Driver { child, url: format!("http://127.0.0.1:{port}") }
}

/// A headless Chromium session.
pub async fn browser(driver: &Driver) -> fantoccini::Client {
    let profile = std::env::temp_dir().join(format!("arshjul-chromium-{}-{}", std::process::id(), free_port()));
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                     "--window-size=1280,900", format!("--user-data-dir={}", profile.display())]
        }
    });
    let caps = match caps {
        serde_json::Value::Object(m) => m,
        _ => unreachable!(),
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a chromium session")
}

/// Serves a test app on a random loopback port; returns its base URL.
pub async fn serve(app: &crate::TestApp) -> String {
    serve_with_clock(app).await.0
}

/// Serves a test app and returns its clock, so a test can move "today" instead of sleeping.
pub async fn serve_with_clock(app: &crate::TestApp) -> (String, std::sync::Arc<web::Clock>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = web::AppState::new(app.store.clone(), web::Config::default());
    let clock = state.clock.clone();
    tokio::spawn(web::serve(listener, state));
    (format!("http://{addr}"), clock)
}

/// Logs in as `user` through the login form and waits until the browser is at `next`.
async fn log_in(c: &fantoccini::Client, base: &str, user: &str, next: &str) {
    c.goto(&format!("{base}/login?next={next}")).await.unwrap();
    let form = c.form(Locator::Css("form[action='/login']")).await.unwrap();
    form.set_by_name("username", user).await.unwrap();
    form.set_by_name("password", crate::PASSWORD).await.unwrap();
    form.submit().await.unwrap();
    wait_for_path(c, next).await;
}

/// A served test app, a chromedriver and a browser logged in as `user` at `path`.
async fn session(user: &str, path: &str) -> (crate::TestApp, String, Driver, fantoccini::Client) {
    let app = crate::apps().await.remove(0);
    let base = serve(&app).await;
    let driver = chromedriver().await;
    let c = browser(&driver).await;
    log_in(&c, &base, user, path).await;
    (app, base, driver, c)
}

/// Where screenshots go, for a person to look at.
pub fn screenshot_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join("arshjul-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

async fn h1(c: &fantoccini::Client) -> String {
    c.wait().for_element(Locator::Css("h1")).await.unwrap().text().await.unwrap()
}

/// Waits (up to 10 s) until the browser is at `path`.
pub async fn wait_for_path(c: &fantoccini::Client, path: &str) {
    for _ in 0..100 {
        if c.current_url().await.unwrap().path() == path {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the browser did not reach {path}; it is at {}", c.current_url().await.unwrap());
}

#[tokio::test]
async fn log_in_see_start_page_and_be_refused() {
    if !browser_enabled() {
        return;
    }
    let app = crate::apps().await.remove(0);
    let base = serve(&app).await;
    let driver = chromedriver().await;
    let c = browser(&driver).await;

    c.goto(&format!("{base}/k/0486")).await.unwrap();
    assert_eq!(h1(&c).await, "Strängnäs kommun");
    c.find(Locator::LinkText("Logga in")).await.unwrap().click().await.unwrap();
    assert_eq!(h1(&c).await, "Logga in");
    let form = c.form(Locator::Css("form[action='/login']")).await.unwrap();
    form.set_by_name("username", "ledamot").await.unwrap();
    form.set_by_name("password", crate::PASSWORD).await.unwrap();
    form.submit().await.unwrap();
    wait_for_path(&c, "/k/0486").await;
    assert_eq!(h1(&c).await, "Strängnäs kommun");
    let body = c.find(Locator::Css("body")).await.unwrap().text().await.unwrap();
    assert!(body.contains("Inloggad som Ledamot"), "{body}");
    std::fs::write(screenshot_path("start-ledamot.png"), c.screenshot().await.unwrap()).unwrap();

    // The audit log is for auditors: a ledamot is refused, with a page that says why.
    c.goto(&format!("{base}/k/0486/granskningslogg")).await.unwrap();
    assert_eq!(h1(&c).await, "Ingen behörighet");
    std::fs::write(screenshot_path("refused-ledamot.png"), c.screenshot().await.unwrap()).unwrap();

    // Logging out through the form ends the session.
    c.goto(&format!("{base}/k/0486")).await.unwrap();
    c.find(Locator::Css("form[action='/logout'] button")).await.unwrap().click().await.unwrap();
    wait_for_path(&c, "/").await;
    c.goto(&format!("{base}/k/0486/granskningslogg")).await.unwrap();
    assert_eq!(h1(&c).await, "Logga in");
    c.close().await.unwrap();
}

/// Waits (up to 10 s) until the element matching `css` holds `needle`; returns its text. Survives
/// the page being replaced while it looks (a form posting back to the same address).
async fn wait_for_text(c: &fantoccini::Client, css: &str, needle: &str) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(e) = c.find(Locator::Css(css)).await
            && let Ok(t) = e.text().await
        {
            if t.contains(needle) {
                return t;
            }
            last = t;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("\"{needle}\" did not appear in {css}; it holds: {last}");
}

async fn text_of(c: &fantoccini::Client, css: &str) -> String {
    c.wait().for_element(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn controller_enters_an_outcome_in_the_grid_and_sees_attainment_and_chart_change() {
    if !browser_enabled() {
        return;
    }
    let app = crate::apps().await.remove(0);
    let base = serve(&app).await;
    let driver = chromedriver().await;
    let c = browser(&driver).await;

    log_in(&c, &base, "controller", "/k/0486/mal/2023/indikator/SJUK").await;
    assert!(text_of(&c, "#maluppfyllelse").await.contains("Ej uppnått"));
    let chart_before = c.find(Locator::Css("#diagram svg")).await.unwrap().html(false).await.unwrap();
    assert!(!chart_before.contains("2023 6,5"));
    std::fs::write(screenshot_path("indicator-before.png"), c.screenshot().await.unwrap()).unwrap();

    c.goto(&format!("{base}/k/0486/mal/2023/utfall?period=2023")).await.unwrap();
    let field = c.find(Locator::Id("t_SJUK")).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys("6,5").await.unwrap();
    std::fs::write(screenshot_path("grid.png"), c.screenshot().await.unwrap()).unwrap();
    c.find(Locator::Css("form.grid-form button[type=submit]")).await.unwrap().click().await.unwrap();
    assert!(text_of(&c, ".notice").await.contains("1 utfall sparat"));

    c.goto(&format!("{base}/k/0486/mal/2023/indikator/SJUK")).await.unwrap();
    assert!(text_of(&c, "#maluppfyllelse").await.contains("Uppnått"));
    assert_eq!(text_of(&c, "#utfall").await, "6,5 %");
    let chart_after = c.find(Locator::Css("#diagram svg")).await.unwrap().html(false).await.unwrap();
    assert!(chart_after.contains("2023 6,5"), "the chart's description holds the new value");
    assert_ne!(chart_before, chart_after);
    std::fs::write(screenshot_path("indicator-after.png"), c.screenshot().await.unwrap()).unwrap();
    c.goto(&format!("{base}/k/0486/mal/2023")).await.unwrap();
    std::fs::write(screenshot_path("goals-year.png"), c.screenshot().await.unwrap()).unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_drift_cell_opens_to_the_ledger_rows_that_sum_to_it() {
    if !browser_enabled() {
        return;
    }
    let app = crate::apps().await.remove(0);
    let base = serve(&app).await;
    let driver = chromedriver().await;
    let c = browser(&driver).await;
    log_in(&c, &base, "controller", "/k/0486/ekonomi/2023").await;
    // The whole year (the seed's ledger runs to March, which the page shows by default).
    c.goto(&format!("{base}/k/0486/ekonomi/2023?manad=12")).await.unwrap();
    std::fs::write(screenshot_path("economy.png"), c.screenshot().await.unwrap()).unwrap();
    // IFO's cost cell: −150 tkr.
    let link = c.find(Locator::Css("a[href='/k/0486/ekonomi/2023/huvudbok?rad=IFO&kolumn=utfall-kostnader']")).await.unwrap();
    assert_eq!(link.text().await.unwrap(), "−150");
    link.click().await.unwrap();
    wait_for_path(&c, "/k/0486/ekonomi/2023/huvudbok").await;
    assert_eq!(text_of(&c, "h1").await, "Huvudboken bakom cellen");
    assert!(text_of(&c, "#summa").await.contains("2 huvudboksrader summerar till −150 000,00 kr"));
    let rows = c.find_all(Locator::Css("#huvudboksrader tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 2);
    let mut total = 0i64;
    for r in rows {
        let amount = r.find(Locator::Css("td.num")).await.unwrap().text().await.unwrap();
        let digits: String = amount.chars().filter(|ch| ch.is_ascii_digit()).collect();
        total += digits.parse::<i64>().unwrap();
    }
    assert_eq!(total, 15_000_000, "the rows shown sum to the cell (öre)");
    std::fs::write(screenshot_path("ledger.png"), c.screenshot().await.unwrap()).unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_control_result_and_an_action_that_becomes_overdue() {
    if !browser_enabled() {
        return;
    }
    let app = crate::apps().await.remove(0);
    let (base, clock) = serve_with_clock(&app).await;
    clock.set(domain::period::Date::parse("2023-09-01").unwrap());
    let driver = chromedriver().await;
    let c = browser(&driver).await;
    log_in(&c, &base, "verksamhetschef", "/k/0486/internkontroll/2023").await;
    // The seeded action (due 2023-10-31) is not overdue on 2023-09-01.
    assert!(c.find(Locator::Id("forsenade")).await.is_err());

    // Record a result with a finding.
    c.find(Locator::XPath("//summary[text()='Registrera resultat']")).await.unwrap().click().await.unwrap();
    // A count that is no number: the reason, far down the page, has the focus.
    let form = c.form(Locator::Css("form[action$='/resultat#resultat-fel']")).await.unwrap();
    form.set_by_name("granskade", "tjugo").await.unwrap();
    form.submit().await.unwrap();
    wait_for_text(&c, "#resultat-fel", "är inte ett antal").await;
    let focused = c.execute("return document.activeElement.id", vec![]).await.unwrap();
    assert_eq!(focused.as_str(), Some("resultat-fel"));
    let form = c.form(Locator::Css("form[action$='/resultat#resultat-fel']")).await.unwrap();
    form.set_by_name("kontroll", "3").await.unwrap();
    form.set_by_name("granskade", "38").await.unwrap();
    form.set_by_name("avvikelser", "5").await.unwrap();
    form.set_by_name("iakttagelser", "Fem planer saknade uppföljning").await.unwrap();
    form.submit().await.unwrap();
    let results = wait_for_text(&c, "section[aria-labelledby='resultat'] table", "Fem planer saknade uppföljning").await;
    assert!(results.contains("Godtagbar"), "38 reviewed, 5 deviations: 87 % → Godtagbar: {results}");

    // Add an action due 2023-11-15.
    c.find(Locator::XPath("//summary[text()='Lägg till åtgärd']")).await.unwrap().click().await.unwrap();
    let form = c.form(Locator::Css("form[action$='/atgard#atgard-fel']")).await.unwrap();
    form.set_by_name("kontroll", "3").await.unwrap();
    form.set_by_name("atgard", "Genomgång av planerna med enhetscheferna").await.unwrap();
    form.set_by_name("ansvarig", "Verksamhetschef").await.unwrap();
    form.set_by_name("senast", "2023-11-15").await.unwrap();
    form.submit().await.unwrap();
    wait_for_text(&c, "#atgardslista", "Genomgång av planerna").await;
    assert!(c.find(Locator::Id("forsenade")).await.is_err(), "nothing overdue yet");

    // Move the clock past both deadlines: both actions are listed as overdue.
    clock.set(domain::period::Date::parse("2023-12-01").unwrap());
    c.refresh().await.unwrap();
    wait_for_text(&c, "#forsenade", "2 åtgärder är försenade").await;
    let overdue = c.find_all(Locator::Css("#atgardslista tr.overdue")).await.unwrap();
    assert_eq!(overdue.len(), 2);
    std::fs::write(screenshot_path("internal-control.png"), c.screenshot().await.unwrap()).unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_registered_decision_reaches_the_alert_list_and_the_next_ivo_report() {
    if !browser_enabled() {
        return;
    }
    let app = crate::apps().await.remove(0);
    let (base, clock) = serve_with_clock(&app).await;
    // The day after the decision (a decision dated later than today is refused).
    clock.set(domain::period::Date::parse("2022-02-01").unwrap());
    let driver = chromedriver().await;
    let c = browser(&driver).await;
    log_in(&c, &base, "verksamhetschef", "/k/0486/evb/register").await;

    // Register a decision of 2022-01-31: its limit is 2022-04-30 (month-end rule).
    c.find(Locator::XPath("//summary[text()='Registrera beslut eller verkställighet']")).await.unwrap().click().await.unwrap();
    let form = c.form(Locator::Css("form[action$='/beslut']")).await.unwrap();
    form.set_by_name("id", "W1").await.unwrap();
    form.set_by_name("insats", "traningslagenhet").await.unwrap();
    form.set_by_name("beslutsdatum", "2022-01-31").await.unwrap();
    form.set_by_name("pseudonym", "19750707-T313").await.unwrap();
    form.set_by_name("enhet", "Vuxen").await.unwrap();
    form.submit().await.unwrap();
    let register = wait_for_text(&c, "#register", "W1").await;
    assert!(register.contains("2022-04-30"), "{register}");

    // Not near the limit at the start of February; 20 days before it, in the alert list; past it,
    // to be reported.
    c.goto(&format!("{base}/k/0486/evb/bevakning")).await.unwrap();
    let page = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(!page.contains("W1"), "{page}");
    clock.set(domain::period::Date::parse("2022-04-10").unwrap());
    c.refresh().await.unwrap();
    let alert = wait_for_text(&c, "main", "W1").await;
    assert!(alert.contains("Gränsen om 20 dagar"), "{alert}");
    clock.set(domain::period::Date::parse("2022-05-02").unwrap());
    c.refresh().await.unwrap();
    wait_for_text(&c, "main", "Ska rapporteras").await;

    // The next quarter's IVO report (Q2 2022, cut-off 2022-06-30) lists it as new.
    c.goto(&format!("{base}/k/0486/evb/ivo/2022Q2")).await.unwrap();
    let ivo = wait_for_text(&c, "#ivo", "W1").await;
    assert!(ivo.contains("19750707-T313") && ivo.contains("Ny"), "{ivo}");
    std::fs::write(screenshot_path("evb-ivo.png"), c.screenshot().await.unwrap()).unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
async fn editing_a_section_changes_the_preview_and_a_contradiction_becomes_a_finding() {
    if !browser_enabled() {
        return;
    }
    let page = "/k/0486/rapporter/arsrapport/2023";
    let (app, _base, _driver, c) = session("controller", page).await;
    // The test data has findings of its own; the text adds none until it contradicts a table.
    let found_before = text_of(&c, "#granskning-resultat").await;
    let before = text_of(&c, "#dokument").await;
    assert!(!before.contains("Första texten om driften."));

    // A text that agrees with the drift table: the preview shows it, nothing is found.
    let total = app_total_deviation(&app).await;
    let agreeing = format!("Första texten om driften. Nämnden redovisar en avvikelse på {total} miljoner kronor.");
    let form = c.form(Locator::Css("form#text-ekonomi\\.drift")).await.unwrap();
    form.set_by_name("text", &agreeing).await.unwrap();
    form.submit().await.unwrap();
    wait_for_text(&c, "#dokument", "Första texten om driften.").await;
    assert_eq!(text_of(&c, "#granskning-resultat").await, found_before, "{}", text_of(&c, ".findings").await);

    // The same sentence with a number the table contradicts: a new finding, in the section.
    let form = c.form(Locator::Css("form#text-ekonomi\\.drift")).await.unwrap();
    form.set_by_name("text", "Första texten om driften. Nämnden redovisar en avvikelse på 999,9 miljoner kronor.").await.unwrap();
    form.submit().await.unwrap();
    let findings = wait_for_text(&c, ".findings", "999,9").await;
    assert!(findings.contains("Varning") && findings.contains("till avsnittets text"), "{findings}");
    // Each figure the table has is named by its column (this year's deviation, or last year's).
    assert!(findings.contains("(Avvikelse 2023)") || findings.contains("(Avvikelse)"), "{findings}");
    assert_ne!(text_of(&c, "#granskning-resultat").await, found_before);
    assert!(text_of(&c, "#dokument").await.contains("999,9 miljoner kronor"));
    std::fs::write(screenshot_path("report.png"), c.screenshot().await.unwrap()).unwrap();
    c.close().await.unwrap();
}

/// The drift table's total deviation in the test data, in mkr with one decimal as the report prints it.
async fn app_total_deviation(app: &crate::TestApp) -> String {
    let t = store::economy::drift_table(&app.store, "0486", 2023).await.unwrap().expect("test drift table");
    let dev = t.total(domain::economy::DriftColumn::Deviation).unwrap();
    dev.present(domain::money::Scale::Mkr, 1).trim_start_matches('\u{2212}').to_string()
}

#[tokio::test]
async fn a_reported_deviation_classified_and_decided_changes_the_patient_safety_report() {
    if !browser_enabled() {
        return;
    }
    let psb = "/k/0486/rapporter/patientsakerhetsberattelse/2023";
    let (_app, base, _driver, c) = session("mas", psb).await;
    // One deviation in the test data.
    let lex_row = |t: &str| t.lines().find(|l| l.starts_with("Lex Maria")).unwrap_or_default().to_string();
    let before = wait_for_text(&c, "#tabell-avvikelser", "Summa").await;
    assert!(before.lines().any(|l| l.starts_with("Summa") && l.trim_end().ends_with(" 1")), "{before}");
    assert!(lex_row(&text_of(&c, "#tabell-lex").await).contains("Lex Maria 0 0 0 0"));

    // Report a missed dose.
    c.goto(&format!("{base}/k/0486/kvalitet/2023")).await.unwrap();
    c.find(Locator::Css("details.entry summary")).await.unwrap().click().await.unwrap();
    std::fs::write(screenshot_path("quality.png"), c.screenshot().await.unwrap()).unwrap();
    let form = c.form(Locator::Css("form#ny-avvikelse")).await.unwrap();
    form.set_by_name("datum", "2023-05-02").await.unwrap();
    form.set_by_name("enhet", "Äldreomsorg").await.unwrap();
    form.set_by_name("typ", "lakemedel-utebliven-dos").await.unwrap();
    form.set_by_name("beskrivning", "Kvällsdosen gavs inte.").await.unwrap();
    form.submit().await.unwrap();
    wait_for_text(&c, "h1", "Avvikelse A2023-001").await;
    // Possibly a Lex Maria case (health care)…
    c.find(Locator::Css("form#bedomning input[value='ja']")).await.unwrap().click().await.unwrap();
    c.form(Locator::Css("form#bedomning")).await.unwrap().submit().await.unwrap();
    wait_for_text(&c, "#lex", "Möjligt Lex Maria-ärende").await;
    // … that the MAS decides not to report.
    c.find(Locator::Css("form#beslutsform input[value='nej']")).await.unwrap().click().await.unwrap();
    c.form(Locator::Css("form#beslutsform")).await.unwrap().submit().await.unwrap();
    assert!(wait_for_text(&c, "#beslut", "Anmäls inte").await.contains("MAS"));
    assert_eq!(text_of(&c, "#status").await, "Avslutad");
    std::fs::write(screenshot_path("deviation.png"), c.screenshot().await.unwrap()).unwrap();

    // The patient safety report counts it.
    c.goto(&format!("{base}{psb}")).await.unwrap();
    let after = wait_for_text(&c, "#tabell-avvikelser", "Summa").await;
    assert!(after.lines().any(|l| l.starts_with("Summa") && l.trim_end().ends_with(" 2")), "{after}");
    assert!(after.contains("Läkemedel – utebliven dos"));
    assert!(lex_row(&text_of(&c, "#tabell-lex").await).contains("Lex Maria 1 0 1 0"));
    std::fs::write(screenshot_path("patient-safety.png"), c.screenshot().await.unwrap()).unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_whole_meeting_from_protocol_to_the_public_notice_board() {
    if !browser_enabled() {
        return;
    }
    let page = "/k/0486/sammantraden/2";
    let (app, base, _driver, c) = session("sekreterare", page).await;
    // Attendance: Eva Ledamot is absent and the ersättare serves for her.
    wait_for_text(&c, "#quorum", "3 tjänstgörande av 3 ledamöter").await;
    let form = c.form(Locator::Css("form#narvaroform")).await.unwrap();
    form.set_by_name("n1", "franvarande").await.unwrap();
    form.submit().await.unwrap();
    wait_for_text(&c, "#quorum", "2 tjänstgörande av 3 ledamöter").await;
    let form = c.form(Locator::Css("form#narvaroform")).await.unwrap();
    form.set_by_name("n3", "tjanstgor").await.unwrap();
    form.submit().await.unwrap();
    wait_for_text(&c, "#quorum", "3 tjänstgörande av 3 ledamöter").await;
    let stored = store::meetings::meeting(&app.store, "0486", "2").await.unwrap().unwrap().meeting;
    assert_eq!(
        stored.deciding().iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["Anna Ordförande", "Jonas Justerare", "Per Ersättare"]
    );
    // § 5: a motion, a vote and a reservation.
    let form = c.form(Locator::Css("form#form-p5")).await.unwrap();
    c.find(Locator::Css("form#form-p5 details summary")).await.unwrap().click().await.unwrap();
    form.set_by_name("beslut", "Socialnämnden föreslår kommunfullmäktige att anta taxan.").await.unwrap();
    form.set_by_name("yrkande_av", "Jonas Justerare (M)").await.unwrap();
    form.set_by_name("yrkande", "ärendet avslås").await.unwrap();
    form.set_by_name("ja_for", "ordförandens förslag").await.unwrap();
    form.set_by_name("nej_for", "Jonas Justerares avslagsyrkande").await.unwrap();
    // Those who decide vote: Eva Ledamot is absent, the ersättare serves for her.
    form.set_by_name("roster", "Anna Ordförande: ja\nJonas Justerare: nej\nPer Ersättare: ja").await.unwrap();
    form.set_by_name("reservation_av", "Jonas Justerare (M)").await.unwrap();
    form.set_by_name("reservation", "Taxan är för hög för den som har små marginaler.").await.unwrap();
    form.submit().await.unwrap();
    let vote = wait_for_text(&c, "#p5", "Med 2 ja-röster mot 1 nej-röst (0 avstår)").await;
    assert!(vote.contains("Reservation: Jonas Justerare (M)"), "{vote}");

    // Each signs in their own name: the secretary, then the chair and the adjuster.
    for (login, who) in
        [("sara", "sekreterare|Sara Sekreterare"), ("anna", "ordförande|Anna Ordförande"), ("jonas", "justerare|Jonas Justerare")]
    {
        c.delete_all_cookies().await.unwrap();
        log_in(&c, &base, login, page).await;
        let form = c.form(Locator::Css("form#justera")).await.unwrap();
        form.set_by_name("signatur", who).await.unwrap();
        form.submit().await.unwrap();
        wait_for_text(&c, "#justering", who.split('|').nth(1).unwrap()).await;
    }
    assert!(wait_for_text(&c, "#status", "Justerat och låst").await.contains("låst"));
    let stored = store::meetings::meeting(&app.store, "0486", "2").await.unwrap().unwrap();
    assert!(stored.locked_hash.is_some());

    // The secretary posts it on the notice board.
    c.delete_all_cookies().await.unwrap();
    log_in(&c, &base, "sekreterare", page).await;
    c.form(Locator::Css("form#anslagsform")).await.unwrap().submit().await.unwrap();
    let bevis = wait_for_text(&c, "#anslagsbevis", "Sista dag att överklaga").await;

    // The public: the notice board shows it with its appeal end; no secret content anywhere.
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/k/0486/anslagstavla")).await.unwrap();
    let board = wait_for_text(&c, "#anslag", "Protokoll socialnämnden 2023-03-14").await;
    let last_day = bevis.split("Sista dag att överklaga: ").nth(1).unwrap().trim().trim_end_matches('.').to_string();
    assert!(board.contains(&last_day), "{board} / {last_day}");
    std::fs::write(screenshot_path("notice-board.png"), c.screenshot().await.unwrap()).unwrap();
    c.find(Locator::LinkText("Protokoll socialnämnden 2023-03-14")).await.unwrap().click().await.unwrap();
    let public = wait_for_text(&c, "main", "Individärenden").await;
    assert!(public.contains("sekretessprotokoll") && public.contains("Taxan är för hög"), "{public}");
    assert!(!public.contains(crate::SECRET_CONTENT));
    for path in
        ["/k/0486/sammantraden/2/protokoll?format=html", "/k/0486/sammantraden/2/kallelse", "/k/0486/sammantraden", "/k/0486/anslagstavla"]
    {
        c.goto(&format!("{base}{path}")).await.unwrap();
        let html = c.source().await.unwrap();
        assert!(!html.contains(crate::SECRET_CONTENT), "{path} leaks the secret paragraph");
    }
    c.close().await.unwrap();
}

/// An upload sent by the page's script (with its progress bar) ends on the result page with the
/// import's message, which comes once from the session.
#[tokio::test]
async fn an_uploaded_budget_is_confirmed_on_the_page() {
    if !browser_enabled() {
        return;
    }
    let (app, _base, _driver, c) = session("controller", "/k/0486/ekonomi/2023/import").await;
    let file = std::env::temp_dir().join(format!("arshjul-budget-{}.csv", std::process::id()));
    std::fs::write(&file, "rad;kategori;månad;belopp\nIFO;kostnad;0;-150000\n").unwrap();
    let form = c.find(Locator::Css("form[data-progress='budget-progress']")).await.unwrap();
    form.find(Locator::Css("input[type=file]")).await.unwrap().send_keys(&file.display().to_string()).await.unwrap();
    form.find(Locator::Css("input[name=ersatt]")).await.unwrap().click().await.unwrap();
    form.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    let notice = wait_for_text(&c, ".notice", "1 budgetrader").await;
    assert!(notice.contains(&format!("arshjul-budget-{}.csv", std::process::id())), "{notice}");
    assert_eq!(c.current_url().await.unwrap().path(), "/k/0486/ekonomi/2023/import");
    let lines = store::economy::budget(&app.store, "0486", 2023).await.unwrap();
    assert_eq!(lines.len(), 1);
    let _ = std::fs::remove_file(&file);
    c.close().await.unwrap();
}

/// On a phone the main menu folds behind a button that names the page; it opens on a click.
#[tokio::test]
async fn the_menu_folds_on_a_phone() {
    if !browser_enabled() {
        return;
    }
    let (_app, _base, _driver, c) = session("ledamot", "/k/0486/sammantraden").await;
    c.set_window_size(390, 800).await.unwrap();
    let button = c.wait().for_element(Locator::Css("nav .menu-toggle")).await.unwrap();
    assert_eq!(button.text().await.unwrap(), "Meny: Sammanträden");
    let list = c.find(Locator::Css("nav ul")).await.unwrap();
    assert!(!list.is_displayed().await.unwrap(), "folded on a phone");
    button.click().await.unwrap();
    assert!(list.is_displayed().await.unwrap(), "open after a click");
    assert_eq!(button.attr("aria-expanded").await.unwrap().as_deref(), Some("true"));
    std::fs::write(screenshot_path("menu-phone.png"), c.screenshot().await.unwrap()).unwrap();
    c.set_window_size(1280, 900).await.unwrap();
    let list = c.find(Locator::Css("nav ul")).await.unwrap();
    assert!(list.is_displayed().await.unwrap());
    c.close().await.unwrap();
}
