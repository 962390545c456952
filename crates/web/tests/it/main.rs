//! Web tests: the real router, in process, on SQLite and (when configured) PostgreSQL.
//! The browser suite (`browser.rs`) runs when ARSHJUL_TEST_BROWSER=1.

mod access;
mod browser;
mod control;
mod economy;
mod evb;
mod goals;
mod pages;

use axum::body::Body as HttpBody;
use axum::http::{Request, StatusCode, header};
use domain::org::*;
use domain::role::Role;
use store::{Actor, Store};
use tower::ServiceExt;

/// The password of every test account.
pub const PASSWORD: &str = "testlösenord-12";

/// An application on a fresh database with two municipalities (0486, 1882), one account per
/// role in 0486 (`<role>`), a revisor in 1882 (`revisor.1882`) and an administrator (`admin`).
pub struct TestApp {
    pub label: &'static str,
    pub store: Store,
    pub router: axum::Router,
}

/// One [`TestApp`] per configured backend.
pub async fn apps() -> Vec<TestApp> {
    let mut out = Vec::new();
    for (label, url) in store::testing::fresh_databases().await {
        let store = Store::open(&url).await.unwrap_or_else(|e| panic!("{label}: {e}"));
        seed(&store).await;
        let router = web::router(web::AppState::new(store.clone(), web::Config::default()));
        out.push(TestApp { label, store, router });
    }
    out
}

fn org(code: &str, name: &str) -> Organisation {
    Organisation::new(
        Municipality::new(ScbCode::parse(code).unwrap(), name),
        vec![Body { key: "SN".into(), kind: BodyKind::Namnd, name: "Socialnämnden".into(), parent: None }],
        vec![
            Unit {
                key: "SK".into(),
                kind: UnitKind::Forvaltning,
                name: "Socialkontoret".into(),
                ansvar: None,
                parent: None,
                body: Some("SN".into()),
            },
            Unit {
                key: "AO".into(),
                kind: UnitKind::Verksamhetsomrade,
                name: "Äldreomsorg".into(),
                ansvar: Some("610".into()),
                parent: Some("SK".into()),
                body: None,
            },
        ],
    )
    .unwrap()
}

async fn seed(store: &Store) {
    let hash = web::auth::hash_password(PASSWORD).unwrap();
    let mut w = store.begin(&Actor::system("test")).await.unwrap();
    store::org::save_organisation(&mut w, &org("0486", "Strängnäs kommun")).await.unwrap();
    store::org::save_organisation(&mut w, &org("1882", "Askersunds kommun")).await.unwrap();
    let plan = domain::period::FollowUpPlan::new(2023, vec![3, 4, 5, 8, 10], vec![8]).unwrap();
    store::org::save_follow_up_plan(&mut w, "0486", &plan).await.unwrap();
    for role in Role::ACCOUNT_ROLES {
        let m = if role == Role::Admin { None } else { Some("0486") };
        let new =
            store::users::NewUser { username: role.key(), display_name: role.label_sv(), role, municipality: m, password_hash: &hash };
        store::users::create(&mut w, &new).await.unwrap();
    }
    // The people who sign the protocols (an account signs only in its own name).
    for (username, display_name, role) in [
        ("sara", "Sara Sekreterare", Role::Sekreterare),
        ("anna", "Anna Ordförande", Role::Ledamot),
        ("jonas", "Jonas Justerare", Role::Ledamot),
    ] {
        let new = store::users::NewUser { username, display_name, role, municipality: Some("0486"), password_hash: &hash };
        store::users::create(&mut w, &new).await.unwrap();
    }
    store::goals::save_goal_year(&mut w, "0486", &goal_year()).await.unwrap();
    store::goals::set_published(&mut w, "0486", 2023, true).await.unwrap();
    let p = |s: &str| domain::period::Period::parse(s).unwrap();
    let m = |s: &str| domain::goals::Measure::parse_sv(s).unwrap();
    store::goals::save_target(&mut w, "0486", "SJUK", p("2023"), &domain::goals::Target::Value { value: m("7") }).await.unwrap();
    for (y, v) in [("2022", "11,5"), ("2023", "10,74")] {
        let o = domain::goals::Outcome { period: p(y), total: Some(m(v)), women: None, men: None, note: None };
        store::goals::save_outcome(&mut w, "0486", "SJUK", &o).await.unwrap();
    }
    // An unpublished year: only the municipality's accounts see it.
    let mut draft = goal_year();
    draft = domain::goals::GoalYear::new(2024, draft.scale().clone(), draft.structure().clone(), draft.indicators().to_vec()).unwrap();
    store::goals::save_goal_year(&mut w, "0486", &draft).await.unwrap();
    let other = store::users::NewUser {
        username: "revisor.1882",
        display_name: "Revisor Askersund",
        role: Role::Revisor,
        municipality: Some("1882"),
        password_hash: &hash,
    };
    store::users::create(&mut w, &other).await.unwrap();
    w.commit().await.unwrap();
    seed_economy(store).await;
    seed_control(store).await;
    seed_evb(store).await;
    seed_quality(store).await;
    seed_meetings(store).await;
}

/// Meetings of 0486's socialnämnd: "1" justerat and on the notice board (the route walk), "2"
/// a draft with a secret item (the browser test runs it); both with the attendance list of a
/// register of three ledamöter and an ersättare.
pub const SECRET_CONTENT: &str = "Placering av barnet på HVB enligt LVU.";

async fn seed_meetings(store: &Store) {
    use domain::meetings::*;
    let d = |s: &str| domain::period::Date::parse(s).unwrap();
    let meeting = |id: &str, date: &str| Meeting {
        id: id.into(),
        body: "SN".into(),
        body_name: "Socialnämnden".into(),
        date: d(date),
        time: "13:00".into(),
        place: "Sammanträdesrummet".into(),
        link: String::new(),
        chair: "Anna Ordförande".into(),
        secretary: "Sara Sekreterare".into(),
        adjusters: vec!["Jonas Justerare".into()],
        adjustment: String::new(),
        members: vec![],
        notice_sent: true,
        notice_sent_on: None,
        notice_changed: false,
        notice_revised: false,
    };
    let item = |n: u32, title: &str, case: Option<&str>, kind, proposal: &str, paper: &str, secret: bool| AgendaItem {
        number: n,
        title: title.into(),
        case: case.map(Into::into),
        kind,
        proposal: proposal.into(),
        paper: paper.into(),
        secret,
        sections: vec![],
        heading_case: None,
    };
    let agenda = vec![
        item(1, "Godkännande av dagordning", None, ItemKind::Formality, "Socialnämnden godkänner dagordningen.", "", false),
        AgendaItem {
            // The case paper's heading writes another year (CN-05): flagged on the meeting page.
            heading_case: Some("SN/2022:00010".into()),
            ..item(
                2,
                "Taxa för hemtjänst",
                Some("SN/2023:00010"),
                ItemKind::Decision,
                "Socialnämnden föreslår kommunfullmäktige att anta taxan.",
                "Förslag till ny taxa.",
                false,
            )
        },
        item(3, "Individärenden", None, ItemKind::Decision, "Socialnämnden beslutar enligt förslaget.", SECRET_CONTENT, true),
    ];
    let seat = |name: &str, party: &str, role: &str| BodyMember {
        body: "SN".into(),
        name: name.into(),
        party: party.into(),
        role: role.into(),
        from: d("2023-01-01"),
        to: d("2026-12-31"),
    };
    let register = vec![
        seat("Anna Ordförande", "S", "ordförande"),
        seat("Eva Ledamot", "S", "ledamot"),
        seat("Jonas Justerare", "M", "ledamot"),
        seat("Per Ersättare", "S", "ersättare"),
    ];
    let actor = Actor::system("test");
    let mut w = store.begin(&actor).await.unwrap();
    store::meetings::replace_members(&mut w, "0486", &register).await.unwrap();
    for (id, date, first) in [("1", "2023-02-14", 1), ("2", "2023-03-14", 4)] {
        let mut m = meeting(id, date);
        m.members = attendance(&register, "SN", m.date);
        store::meetings::save_meeting(&mut w, "0486", &m, &agenda).await.unwrap();
        for mut p in draft_protocol(&agenda, first) {
            if p.secret {
                p.osl = "OSL 26 kap. 1 §".into();
            }
            store::meetings::save_paragraph(&mut w, "0486", id, &p).await.unwrap();
        }
    }
    for (role, who) in [("ordförande", "Anna Ordförande"), ("justerare", "Jonas Justerare"), ("sekreterare", "Sara Sekreterare")] {
        store::meetings::sign(&mut w, "0486", "1", role, who, "2023-02-20T10:00:00Z").await.unwrap();
    }
    store::meetings::post(&mut w, "0486", "1", d("2023-02-20"), d("2023-02-21"), d("2023-02-21")).await.unwrap();
    // The diarium: SN/2023:00010 (the route walk's {serie}/{ar}/{lopnr}).
    let case = domain::cases::Case {
        number: domain::cases::CaseNumber::parse("SN/2023:00010").unwrap().0,
        title: "Taxa för hemtjänst".into(),
        registered: Some(d("2023-01-10")),
        handler: "Sara Sekreterare".into(),
        status: domain::cases::CaseStatus::Open,
        secrecy: None,
    };
    store::cases::save(&mut w, "0486", &case).await.unwrap();
    w.commit().await.unwrap();
    // A published report (the route walk reads it as the public).
    web::report::publish(store, &store::Actor::system("test"), "0486", "arsrapport", 2023, None).await.unwrap();
}

/// A quality register for 0486 2023: two deviation types and deviation "1" (no decision).
async fn seed_quality(store: &Store) {
    use domain::quality::*;
    use store::quality::{Kind, replace};
    let types = vec![
        ("lakemedel-utebliven-dos".to_string(), ("lakemedel-utebliven-dos".to_string(), "Läkemedel – utebliven dos".to_string())),
        ("fall".to_string(), ("fall".to_string(), "Fall".to_string())),
    ];
    let d = Deviation {
        id: "1".into(),
        date: domain::period::Date::parse("2023-03-04").unwrap(),
        unit: "Äldreomsorg".into(),
        kind: "fall".into(),
        harm: Harm::Lindrig,
        law: CareLaw::Hsl,
        description: "Brukaren föll i badrummet.".into(),
        investigation: String::new(),
        actions: String::new(),
        lex: None,
        decision: None,
        status: Status::Open,
    };
    let mut w = store.begin(&Actor::system("test")).await.unwrap();
    replace(&mut w, "0486", 2023, Kind::Type, &types).await.unwrap();
    replace(&mut w, "0486", 2023, Kind::Deviation, &[("1".to_string(), d)]).await.unwrap();
    // One grant to report back: "psykisk" (the route walk's {bidrag}), 1 000 000 kr received.
    let grant = GrantReport {
        key: "psykisk".into(),
        name: "Psykisk hälsa och suicidprevention".into(),
        received: domain::money::Ore::from_kr(1_000_000),
        used: None,
        regional_deadline: Some(domain::period::Date::parse("2024-03-31").unwrap()),
        national_deadline: None,
        government_deadline: None,
    };
    replace(&mut w, "0486", 2023, Kind::Grant, &[("2023-psykisk".to_string(), grant)]).await.unwrap();
    w.commit().await.unwrap();
}

/// Pseudonyms in 0486's EVB register: no public or statistics output may contain them.
pub const EVB_PSEUDONYMS: [&str; 3] = ["19800101-T123", "19900202-TF10", "19700303-T456"];

/// A small EVB register for 0486 (no stored reports): at 2021Q4, A1 is new, A2 was executed
/// late (reported once), A3 has not passed its limit.
async fn seed_evb(store: &Store) {
    use domain::evb::*;
    let d = |s: &str| domain::period::Date::parse(s).unwrap();
    let t = |k: &str, n: &str| InsatsType { key: k.into(), name: n.into(), aliases: vec![] };
    let decision = |id: &str, insats: &str, decided: &str, executed: Option<&str>, p: &str| Decision {
        id: id.into(),
        law: "EVB_REPORT_SOL".into(),
        insats: insats.into(),
        insats_text: insats.into(),
        decided: d(decided),
        interrupted: None,
        executed: executed.map(d),
        closed: false,
        closed_on: None,
        unit: "Vuxen".into(),
        reason: "saknas lägenhet".into(),
        reason_code: "NO_FLAT".into(),
        interim: String::new(),
        events: vec![],
        pseudonym: Some(Pseudonym::parse(p).unwrap()),
        sex: Some(Pseudonym::parse(p).unwrap().sex()),
        age_group: String::new(),
    };
    let register = store::evb::Register {
        catalog: InsatsCatalog { types: vec![t("kontaktperson", "kontaktperson"), t("traningslagenhet", "träningslägenhet")] },
        law_refs: vec![
            LawRef {
                key: "EVB_REPORT_SOL".into(),
                law: "Socialtjänstlagen".into(),
                sfs: "2001:453".into(),
                label: "16 kap. 6 f § SoL".into(),
                valid_from: None,
                valid_to: Some(d("2025-06-30")),
                verified: true,
            },
            LawRef {
                key: "EVB_REPORT_LSS".into(),
                law: "Lag om stöd och service till vissa funktionshindrade".into(),
                sfs: "1993:387".into(),
                label: "28 f § LSS".into(),
                valid_from: None,
                valid_to: None,
                verified: false,
            },
        ],
        decisions: vec![
            decision("A1", "kontaktperson", "2021-08-01", None, EVB_PSEUDONYMS[0]),
            decision("A2", "traningslagenhet", "2021-05-01", Some("2021-12-01"), EVB_PSEUDONYMS[1]),
            decision("A3", "kontaktperson", "2021-11-15", None, EVB_PSEUDONYMS[2]),
        ],
        reports: vec![],
        open_after: vec![],
    };
    let mut w = store.begin(&Actor::system("test")).await.unwrap();
    store::evb::replace(&mut w, "0486", &register).await.unwrap();
    w.commit().await.unwrap();
}

/// 2023 internal control, personnel and providers for 0486.
async fn seed_control(store: &Store) {
    use domain::control::*;
    let item = |key: &str, p: u8, k: u8| ControlItem {
        key: key.into(),
        perspective: "Invånare".into(),
        goal: "1. Ökat inflytande".into(),
        area: String::new(),
        what: format!("Kontrollmoment {key}"),
        risk: "Rutiner följs inte".into(),
        probability: p,
        consequence: k,
        method: "Stickprov".into(),
        frequency: "En gång per år".into(),
        responsible: "Verksamhetschef".into(),
        timing: "Hösten".into(),
    };
    let plan = store::control::Plan {
        decision: "SN 2022-12-13 § 150".into(),
        case_number: "SN/2022:00548".into(),
        adopted: None,
        probability: LevelScale {
            labels: vec![(1, "Osannolikt".into()), (2, "Mindre sannolikt".into()), (3, "Möjligt".into()), (4, "Sannolikt".into())],
        },
        consequence: LevelScale { labels: vec![(3, "Kännbara".into()), (4, "Allvarliga".into())] },
        thresholds: RiskThresholds::default(),
        results: ResultScale::god_godtagbar(),
        analysis: "Kontrollerna visar god följsamhet.".into(),
        net_risks: vec![NetRisk { risk: "Bristande dokumentation".into(), probability: 3, consequence: 4, comment: "Kvarstår".into() }],
    };
    let personnel = domain::personnel::SickLeave {
        unit: "Socialnämnden".into(),
        period: domain::period::Period::Year(2023),
        total: domain::goals::Measure::parse_sv("9,4"),
        women: None,
        men: None,
        age_to_29: None,
        age_30_49: None,
        age_50_up: None,
        days_1_14: None,
        days_15_59: None,
        days_60_up: None,
        short_term: domain::goals::Measure::parse_sv("4,9"),
        long_term_share: domain::goals::Measure::parse_sv("36,5"),
        note: None,
    };
    let activity = domain::providers::OutsourcedActivity {
        name: "Hemtjänst".into(),
        contracts: 1,
        risk_class: 'A',
        follow_up: true,
        frequency: "Varje månad".into(),
        note: String::new(),
    };
    let supplier = domain::providers::Supplier {
        activity: "Hemtjänst".into(),
        name: "Leverantör 1".into(),
        from: domain::period::Date::parse("2021-09-01").ok(),
        to: None,
    };
    let mut w = store.begin(&Actor::system("test")).await.unwrap();
    store::control::save_plan(&mut w, "0486", 2023, &plan, &[item("1", 4, 4), item("2", 2, 4), item("3", 1, 3)]).await.unwrap();
    store::control::add_action(
        &mut w,
        "0486",
        2023,
        &Action {
            id: 0,
            item: "1".into(),
            text: "Utbilda i rutinen".into(),
            owner: "Socialchef".into(),
            due: domain::period::Date::parse("2023-10-31").ok(),
            done: false,
        },
    )
    .await
    .unwrap();
    store::personnel::replace_year(&mut w, "0486", 2023, &[personnel], &[]).await.unwrap();
    store::control::replace_providers(&mut w, "0486", 2023, &[activity], &[supplier]).await.unwrap();
    use store::publication::Area;
    for area in [Area::Personnel, Area::Control, Area::Providers] {
        store::publication::set_published(&mut w, "0486", area, 2023, true).await.unwrap();
    }
    w.commit().await.unwrap();
}

/// 2023 economy for 0486: two drift rows, a mapping, a small SIE ledger with a budget, published.
async fn seed_economy(store: &Store) {
    use domain::economy::*;
    let rows = vec![
        RowDef {
            key: "IFO".into(),
            label: "Individ och familjeomsorg".into(),
            prior_deviation: Some(domain::money::Ore::from_kr(21_300_000)),
            prior_compliance: None,
            unit: None,
        },
        RowDef { key: "AO".into(), label: "Äldreomsorg".into(), prior_deviation: None, prior_compliance: None, unit: None },
    ];
    let rule = |from, to, obj: &str, cat| MappingRule {
        account_from: from,
        account_to: to,
        object: Some((1, obj.into())),
        unit: obj.into(),
        category: cat,
    };
    let mapping = Mapping {
        rules: vec![
            rule(3000, 3999, "IFO", Category::Income),
            rule(4000, 7999, "IFO", Category::Cost),
            rule(3000, 3999, "AO", Category::Income),
            rule(4000, 7999, "AO", Category::Cost),
        ],
    };
    let config = EconomyConfig::new(domain::money::Scale::Tkr, 0, SignConvention::OutcomeMinusBudget);
    let mut w = store.begin(&Actor::system("test")).await.unwrap();
    store::economy::save_setup(&mut w, "0486", 2023, &store::economy::Setup { config, rows, mapping }).await.unwrap();
    store::economy::set_published(&mut w, "0486", 2023, true).await.unwrap();
    w.commit().await.unwrap();
    let progress = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    web::imports::import_sie(
        store,
        &Actor::system("test"),
        "0486",
        2023,
        "test.se",
        web::imports::SieInput::Reader(Box::new(std::io::Cursor::new(LEDGER.as_bytes().to_vec()))),
        progress,
    )
    .await
    .unwrap();
}

/// A small ledger: IFO costs 150 000 kr in two vouchers, income 30 000 kr; AO costs 80 000 kr;
/// budgets for both; one row on an unmapped object.
pub const LEDGER: &str = "#FLAGGA 0
#SIETYP 4
#RAR 0 20230101 20231231
#DIM 1 \"Ansvar\"
#PBUDGET 0 202301 5011 {1 \"IFO\"} 160000.00
#PBUDGET 0 202301 3510 {1 \"IFO\"} -25000.00
#PBUDGET 0 202301 5011 {1 \"AO\"} 70000.00
#VER A 1 20230115 \"Lön januari\"
{
#TRANS 5011 {1 \"IFO\"} 100000.00
#TRANS 1930 {} -100000.00
}
#VER A 2 20230215 \"Köp av placering\"
{
#TRANS 6410 {1 \"IFO\"} 50000.00
#TRANS 1930 {} -50000.00
}
#VER A 3 20230301 \"Statsbidrag\"
{
#TRANS 3510 {1 \"IFO\"} -30000.00
#TRANS 1930 {} 30000.00
}
#VER A 4 20230310 \"Lön äldreomsorg\"
{
#TRANS 5011 {1 \"AO\"} 80000.00
#TRANS 7010 {1 \"OKAND\"} 5000.00
#TRANS 1930 {} -85000.00
}
";

/// 2023 goals for 0486: one area, one goal G1, indicator SJUK (sick leave, lower is better).
pub fn goal_year() -> domain::goals::GoalYear {
    use domain::goals::*;
    let levels = vec![GoalLevel { depth: 1, name: "Perspektiv".into() }, GoalLevel { depth: 2, name: "Nämndmål".into() }];
    let goals = vec![
        Goal {
            key: "P1".into(),
            depth: 1,
            parent: None,
            number: None,
            title: "Medarbetare".into(),
            kf_goal: None,
            agenda2030: vec![],
            assignments: vec![],
        },
        Goal {
            key: "G1".into(),
            depth: 2,
            parent: Some("P1".into()),
            number: Some("1".into()),
            title: "Låg sjukfrånvaro".into(),
            kf_goal: None,
            agenda2030: vec![3],
            assignments: vec![],
        },
    ];
    let ind = Indicator {
        key: "SJUK".into(),
        goal: "G1".into(),
        name: "Sjukfrånvaro".into(),
        unit: IndicatorUnit::Percent,
        direction: Direction::Lower,
        source: Some("personalsystem".into()),
        method: None,
        kolada_kpi: None,
        responsible: None,
    };
    GoalYear::new(2023, Scale::three_words(), GoalStructure::new(levels, goals).unwrap(), vec![ind]).unwrap()
}

/// A response, read whole.
pub struct Res {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestApp {
    /// The seed publishes 0486's annual report for 2023, which keeps the year's forecasts as it
    /// shows them: withdrawn here, so that a test can enter forecasts.
    pub async fn withdraw_annual_report(&self) {
        let mut w = self.store.begin(&store::Actor::system("test")).await.unwrap();
        assert!(store::publication::withdraw_report(&mut w, "0486", "arsrapport", 2023, None).await.unwrap());
        w.commit().await.unwrap();
    }

    /// The same database served as if today were `day` (ISO date).
    pub fn on_day(&self, day: &str) -> TestApp {
        let state = web::AppState::new(self.store.clone(), web::Config::default());
        state.clock.set(domain::period::Date::parse(day).unwrap());
        TestApp { label: self.label, store: self.store.clone(), router: web::router(state) }
    }

    /// Sends a request; `cookie` is a session cookie from [`TestApp::login`].
    pub async fn send(&self, method: &str, path: &str, cookie: Option<&str>, form: Option<&str>) -> Res {
        let mut req = Request::builder().method(method).uri(path).header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let req = match form {
            Some(f) => req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(HttpBody::from(f.to_string())),
            None => req.body(HttpBody::empty()),
        }
        .unwrap();
        self.send_request(req).await
    }

    /// Sends a prepared request.
    pub async fn send_request(&self, req: Request<HttpBody>) -> Res {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 10 << 20).await.unwrap();
        Res { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Res {
        self.send("GET", path, cookie, None).await
    }

    /// Logs in and returns the session cookie (`name=value`).
    pub async fn login(&self, username: &str) -> String {
        let form = format!("username={}&password={}", username, web::auth::encode_query(PASSWORD));
        let res = self.send("POST", "/login", None, Some(&form)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}: login as {username} failed: {}", self.label, res.body);
        let cookie = res.headers.get(header::SET_COOKIE).expect("session cookie").to_str().unwrap();
        cookie.split(';').next().unwrap().to_string()
    }
}

/// A multipart POST to `path` from `cookie`: the form's `fields`, then its `files` as (field,
/// file name, bytes).
pub fn multipart(path: &str, cookie: &str, fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Request<HttpBody> {
    let boundary = "B0undary";
    let mut m = Vec::new();
    for (k, v) in fields {
        m.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    for (field, name, body) in files {
        let head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        );
        m.extend_from_slice(head.as_bytes());
        m.extend_from_slice(body);
        m.extend_from_slice(b"\r\n");
    }
    m.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method("POST")
        .uri(path)
        .header(header::COOKIE, cookie)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(HttpBody::from(m))
        .unwrap()
}
