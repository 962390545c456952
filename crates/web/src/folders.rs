//! Folders of import files stored as the CLI's `arshjul import` and the administrator's import
//! page store them: each kind of folder read by its `ingest` readers and written in one
//! transaction, with a summary line. A `Folder` is the files as (path, bytes), from disk or an
//! upload; errors name the file, its line and what was expected.

use anyhow::{Context, Result, bail};
use store::{Actor, Store};

/// A folder's files, as (path, bytes).
pub type Folder = Vec<(String, Vec<u8>)>;

fn find<'a>(files: &'a Folder, name: &str) -> Option<(&'a str, &'a [u8])> {
    files.iter().find(|(n, _)| n.rsplit('/').next() == Some(name)).map(|(n, b)| (n.as_str(), b.as_slice()))
}

fn need<'a>(dir: &str, files: &'a Folder, name: &str) -> Result<(&'a str, &'a [u8])> {
    find(files, name).with_context(|| format!("{dir}: filen {name} saknas (filnamnen skrivs med små bokstäver)"))
}

/// Reads organisation files and stores them in one transaction; returns a summary line.
pub async fn store_org(store: &Store, dir: &str, files: &Folder, actor: &Actor) -> Result<String> {
    let data = ingest::org::read(&ingest::org::OrgFiles {
        kommun: need(dir, files, "kommun.csv")?,
        organ: need(dir, files, "organ.csv")?,
        enheter: need(dir, files, "enheter.csv")?,
        uppfoljning: find(files, "uppfoljning.csv"),
    })?;
    let mut w = store.begin(actor).await?;
    store::org::save_organisation(&mut w, &data.organisation).await?;
    let code = data.organisation.municipality().code.as_str().to_string();
    for plan in &data.plans {
        store::org::save_follow_up_plan(&mut w, &code, plan).await?;
    }
    w.commit().await?;
    Ok(format!(
        "{} ({}): {} organ, {} {}, {} {}",
        data.organisation.municipality().name,
        code,
        data.organisation.bodies().len(),
        data.organisation.units().len(),
        if data.organisation.units().len() == 1 { "enhet" } else { "enheter" },
        data.plans.len(),
        if data.plans.len() == 1 { "uppföljningsplan" } else { "uppföljningsplaner" },
    ))
}

/// Reads a year's goal files and stores them in one transaction; returns a summary line.
pub async fn store_goals(store: &Store, municipality: &str, year: i32, dir: &str, files: &Folder, actor: &Actor) -> Result<String> {
    store::org::municipality(store, municipality)
        .await?
        .with_context(|| format!("det finns ingen kommun med koden {municipality}; läs in dess organisation först (arshjul import org)"))?;
    let data = ingest::goals::read_year(
        year,
        &ingest::goals::GoalFiles {
            levels: need(dir, files, "nivaer.csv")?,
            scale: find(files, "skala.csv"),
            goals: need(dir, files, "mal.csv")?,
            indicators: find(files, "indikatorer.csv"),
            targets: find(files, "malvarden.csv"),
            outcomes: find(files, "utfall.csv"),
            assessments: find(files, "bedomningar.csv"),
        },
    )?;
    let mut w = store.begin(actor).await?;
    store::goals::save_goal_year(&mut w, municipality, &data.year).await?;
    for (ind, period, target) in &data.targets {
        store::goals::save_target(&mut w, municipality, ind, *period, target).await?;
    }
    for (ind, outcome) in &data.outcomes {
        store::goals::save_outcome(&mut w, municipality, ind, outcome).await?;
    }
    for a in &data.assessments {
        store::goals::save_assessment(&mut w, municipality, a).await?;
    }
    w.commit().await?;
    Ok(format!(
        "{municipality} {year}: {} mål, {} indikatorer, {} målvärden, {} utfall, {} bedömningar",
        data.year.structure().goals().len(),
        data.year.indicators().len(),
        data.targets.len(),
        data.outcomes.len(),
        data.assessments.len()
    ))
}

/// The economy file names (besides the ledger, a `.se` file).
pub const ECONOMY_FILES: &[&str] = &[
    "ekonomi.csv",
    "driftrader.csv",
    "mappning.csv",
    "budget.csv",
    "utfall.csv",
    "ramprotokoll.csv",
    "bidrag.csv",
    "prognoser.csv",
    "atgardsplan.csv",
    "investeringar.csv",
    "volymer.csv",
    "delrader.csv",
    "driftresultat.csv",
    "beloppslistor.csv",
    "kontotyper.csv",
];

/// Reads a year's economy files and stores them in one transaction; returns a summary line.
/// The ledger (a SIE file) is imported separately.
pub async fn store_economy(store: &Store, municipality: &str, year: i32, dir: &str, files: &Folder, actor: &Actor) -> Result<String> {
    use ingest::economy as e;
    store::org::municipality(store, municipality)
        .await?
        .with_context(|| format!("det finns ingen kommun med koden {municipality}; läs in dess organisation först (arshjul import org)"))?;
    // Every file is read, and the errors of all of them named together (the rows first: the
    // others refer to them).
    let org = store::org::organisation(store, municipality).await?;
    let rows = e::read_rows(need(dir, files, "driftrader.csv")?, &|u| org.unknown_unit(u))?;
    let mut g = ingest::Gather::default();
    let config = g.take(e::read_config(need(dir, files, "ekonomi.csv")?));
    let mapping = g.take_opt(find(files, "mappning.csv").map(|f| e::read_mapping(f, &rows))).unwrap_or_default();
    let outcome = g.take_opt(find(files, "utfall.csv").map(|(n, b)| e::read_budget(n, b, &rows).map(|l| (n.to_string(), l, b))));
    let budget = g.take_opt(find(files, "budget.csv").map(|(n, b)| {
        e::read_budget_at(n, b, &rows).map(|l| {
            let (lines, at): (Vec<_>, Vec<_>) = l.into_iter().unzip();
            (n.to_string(), lines, at, crate::imports::sha256_hex(b))
        })
    }));
    let frame = g.take_opt(find(files, "ramprotokoll.csv").map(e::read_frame));
    let grants = g.take_opt(find(files, "bidrag.csv").map(e::read_grants));
    let forecasts = g.take_opt(find(files, "prognoser.csv").map(|f| e::read_forecasts(f, &rows)));
    let plan = g.take_opt(find(files, "atgardsplan.csv").map(e::read_action_plan));
    let investments = g.take_opt(find(files, "investeringar.csv").map(e::read_investments));
    let volumes = g.take_opt(find(files, "volymer.csv").map(e::read_volumes));
    let subrows = g.take_opt(find(files, "delrader.csv").map(|f| e::read_subrows(f, &rows)));
    let results = g.take_opt(find(files, "driftresultat.csv").map(e::read_result_lines));
    let amounts = g.take_opt(find(files, "beloppslistor.csv").map(e::read_amount_lines));
    let account_types = g.take_opt(find(files, "kontotyper.csv").map(e::read_account_types));
    g.finish()?;
    let config = config.expect("read, or its error returned above");
    let n_rows = rows.len();
    let mut w = store.begin(actor).await?;
    store::economy::save_setup(&mut w, municipality, year, &store::economy::Setup { config, rows, mapping }).await?;
    if let Some((file, b, at, sha256)) = &budget {
        store::economy::replace_budget(&mut w, municipality, year, b, at, file, sha256).await?;
    }
    if let Some(f) = &frame {
        store::economy::replace_frame(&mut w, municipality, year, f).await?;
    }
    if let Some(g) = &grants {
        store::economy::replace_grants(&mut w, municipality, year, g).await?;
    }
    if let Some(f) = &forecasts {
        store::economy::save_forecasts(&mut w, municipality, year, f).await?;
    }
    if let Some(p) = &plan {
        store::economy::ACTION_PLAN.replace(&mut w, municipality, year, p).await?;
    }
    if let Some(i) = &investments {
        store::economy::replace_investments(&mut w, municipality, year, i).await?;
    }
    if let Some(v) = &volumes {
        store::economy::replace_volumes(&mut w, municipality, year, v).await?;
    }
    if let Some(s) = &subrows {
        store::economy::SUBROWS.replace(&mut w, municipality, year, s).await?;
    }
    if let Some(r) = &results {
        store::economy::RESULT_LINES.replace(&mut w, municipality, year, r).await?;
    }
    if let Some(a) = &amounts {
        store::economy::AMOUNT_LINES.replace(&mut w, municipality, year, a).await?;
    }
    if let Some(a) = &account_types {
        store::economy::ACCOUNT_TYPES.replace(&mut w, municipality, year, a).await?;
    }
    w.commit().await?;
    if let Some((name, lines, source)) = &outcome {
        crate::imports::import_outcome_rows(store, actor, municipality, year, name, lines, source).await?;
    }
    let count = |v: Option<usize>| v.unwrap_or(0);
    Ok(format!(
        "{municipality} {year}: {n_rows} driftrader, {} budgetrader, {} rader i ramprotokollet, {} bidrag, {} prognoser, {} åtgärder, {} investeringar",
        count(budget.as_ref().map(|(_, b, _, _)| b.len())),
        count(frame.as_ref().map(Vec::len)),
        count(grants.as_ref().map(Vec::len)),
        count(forecasts.as_ref().map(Vec::len)),
        count(plan.as_ref().map(Vec::len)),
        count(investments.as_ref().map(Vec::len))
    ))
}

/// The personnel file names.
pub const PERSONNEL_FILES: &[&str] = &["sjukfranvaro.csv", "nyckeltal.csv"];
/// The internal-control file names.
pub const CONTROL_FILES: &[&str] = &["plan.csv", "skalor.csv", "kontroller.csv", "resultat.csv", "atgarder.csv", "nettolista.csv"];
/// The private-provider file names.
pub const PROVIDER_FILES: &[&str] = &["verksamheter.csv", "leverantorer.csv"];

/// Reads a year's personnel statistics and stores them in one transaction.
pub async fn store_personnel(store: &Store, municipality: &str, year: i32, dir: &str, files: &Folder, actor: &Actor) -> Result<String> {
    let sick = find(files, "sjukfranvaro.csv").map(|f| ingest::control::read_sick_leave(f, year)).transpose()?.unwrap_or_default();
    let figures = find(files, "nyckeltal.csv").map(|f| ingest::control::read_key_figures(f, year)).transpose()?.unwrap_or_default();
    if sick.is_empty() && figures.is_empty() {
        anyhow::bail!("{dir}: väntade sjukfranvaro.csv eller nyckeltal.csv i mappen");
    }
    let mut w = store.begin(actor).await?;
    store::personnel::replace_year(&mut w, municipality, year, &sick, &figures).await?;
    w.commit().await?;
    Ok(format!("{municipality} {year}: {} rader sjukfrånvaro, {} nyckeltal", sick.len(), figures.len()))
}

/// Reads a year's internal-control folder and stores it in one transaction.
pub async fn store_control(store: &Store, municipality: &str, year: i32, dir: &str, files: &Folder, actor: &Actor) -> Result<String> {
    let d = ingest::control::read_control(&ingest::control::ControlFiles {
        plan: find(files, "plan.csv"),
        scales: find(files, "skalor.csv"),
        items: need(dir, files, "kontroller.csv")?,
        results: find(files, "resultat.csv"),
        actions: find(files, "atgarder.csv"),
        net: find(files, "nettolista.csv"),
    })?;
    let plan = store::control::Plan {
        decision: d.decision,
        case_number: d.case_number,
        adopted: d.adopted,
        probability: d.probability,
        consequence: d.consequence,
        thresholds: d.thresholds,
        results: d.results_scale,
        analysis: d.analysis,
        net_risks: d.net_risks,
    };
    let mut w = store.begin(actor).await?;
    store::control::save_plan(&mut w, municipality, year, &plan, &d.items).await?;
    // The folder's results and actions replace the year's (read again, nothing is doubled).
    let (results, actions) = (find(files, "resultat.csv").is_some(), find(files, "atgarder.csv").is_some());
    store::control::clear_results_and_actions(&mut w, municipality, year, results, actions).await?;
    for r in &d.results {
        store::control::save_result(&mut w, municipality, year, r).await?;
    }
    for a in &d.actions {
        store::control::add_action(&mut w, municipality, year, a).await?;
    }
    w.commit().await?;
    Ok(format!("{municipality} {year}: {} kontroller, {} resultat, {} åtgärder", d.items.len(), d.results.len(), d.actions.len()))
}

/// The EVB file names.
pub const EVB_FILES: &[&str] = &["insatser.csv", "lagrum.csv", "beslut.csv", "rapporter.csv", "rapporterade.csv"];

/// Reads an EVB folder and replaces the municipality's register in one transaction.
pub async fn store_evb(store: &Store, municipality: &str, dir: &str, files: &Folder, actor: &Actor) -> Result<String> {
    let d = ingest::evb::read_evb(&ingest::evb::EvbFiles {
        types: need(dir, files, "insatser.csv")?,
        law_refs: find(files, "lagrum.csv"),
        decisions: need(dir, files, "beslut.csv")?,
        reports: find(files, "rapporter.csv"),
        open_after: find(files, "rapporterade.csv"),
    })?;
    let summary = format!("{municipality}: {} decisions, {} reports", d.decisions.len(), d.reports.len());
    let mut w = store.begin(actor).await?;
    store::evb::replace(
        &mut w,
        municipality,
        &store::evb::Register {
            catalog: d.catalog,
            law_refs: d.law_refs,
            decisions: d.decisions,
            reports: d.reports,
            open_after: d.open_after,
        },
    )
    .await?;
    w.commit().await?;
    Ok(summary)
}

/// Reads a year's private-provider plan and stores it in one transaction.
pub async fn store_providers(store: &Store, municipality: &str, year: i32, dir: &str, files: &Folder, actor: &Actor) -> Result<String> {
    let (activities, suppliers) = ingest::control::read_providers(need(dir, files, "verksamheter.csv")?, find(files, "leverantorer.csv"))?;
    let mut w = store.begin(actor).await?;
    store::control::replace_providers(&mut w, municipality, year, &activities, &suppliers).await?;
    w.commit().await?;
    Ok(format!("{municipality} {year}: {} insatser, {} utförare", activities.len(), suppliers.len()))
}

/// Stores the register of elected members (`ledamoter.csv`, replacing the earlier one) and gives
/// meetings not yet justerade and without an attendance list one from it.
pub async fn store_members(store: &Store, municipality: &str, file: (&str, &[u8]), actor: &Actor) -> Result<String> {
    let (seats, filled) = crate::imports::import_members(store, actor, municipality, file).await?;
    Ok(format!("{municipality}: {seats} platser; närvarolistor för {filled} sammanträden"))
}

/// Stores a meeting (head and agenda) and, if it has no protocol yet, a draft protocol from
/// the agenda's proposals, numbered on from the body's last § of the year. A meeting still to
/// come is a draft, not public, until its kallelse is sent from its page (one stored before
/// keeps whether its kallelse is sent); one held already had its kallelse sent.
pub async fn store_meeting(store: &Store, municipality: &str, dir: &str, files: &Folder, actor: &Actor) -> Result<String> {
    let (mut m, agenda) = ingest::meetings::read_meeting(need(dir, files, "sammantrade.csv")?, need(dir, files, "dagordning.csv")?)?;
    if let Some(why) = store::org::unknown_body(store, municipality, &m.body).await? {
        bail!("{dir}/sammantrade.csv: fält \"organ\": {why}");
    }
    let existing = store::meetings::meeting(store, municipality, &m.id).await?;
    if existing.as_ref().is_some_and(|s| s.locked_hash.is_some()) {
        return Ok(format!("{municipality} {}: justerat, lämnas orört", m.id));
    }
    match &existing {
        Some(s) => (m.notice_sent, m.notice_sent_on) = (s.meeting.notice_sent, s.meeting.notice_sent_on),
        None => m.notice_sent = m.date < crate::Clock::default().today(),
    }
    // Attendance already recorded is kept; otherwise it starts from the register of members.
    m.members = match existing.filter(|s| !s.meeting.members.is_empty()) {
        Some(s) => s.meeting.members,
        None => domain::meetings::attendance(&store::meetings::members(store, municipality).await?, &m.body, m.date),
    };
    let drafted = store::meetings::paragraphs(store, municipality, &m.id).await?.is_empty();
    let first = store::meetings::last_paragraph_before(store, municipality, &m.body, m.date).await?;
    let mut w = store.begin(actor).await?;
    store::meetings::save_meeting(&mut w, municipality, &m, &agenda).await?;
    if drafted {
        for p in domain::meetings::draft_protocol(&agenda, first.unwrap_or(0) + 1) {
            store::meetings::save_paragraph(&mut w, municipality, &m.id, &p).await?;
        }
    }
    w.commit().await?;
    let draft = if m.notice_sent { "" } else { "; kallelsen är inte skickad: skicka den på sammanträdets sida" };
    Ok(format!("{municipality} {}: {} ärenden på dagordningen{draft}", m.id, agenda.len()))
}

/// Stores a diarium folder (cases and documents), one transaction; cases already there are
/// replaced, documents appended.
pub async fn store_diary(store: &Store, municipality: &str, dir: &str, files: &Folder, actor: &Actor) -> Result<String> {
    let (cases, docs) = ingest::meetings::read_diary(need(dir, files, "arenden.csv")?, find(files, "handlingar.csv"))?;
    let mut w = store.begin(actor).await?;
    for c in &cases {
        let fresh = store::cases::case(store, municipality, &c.number).await?.is_none();
        store::cases::save(&mut w, municipality, c).await?;
        if fresh {
            for (n, d) in docs.iter().filter(|(n, _)| *n == c.number) {
                store::cases::add_document(&mut w, municipality, n, d.clone()).await?;
            }
        }
    }
    w.commit().await?;
    Ok(format!("{municipality}: {} ärenden, {} handlingar", cases.len(), docs.len()))
}

/// The quality file names (any subset).
pub const QUALITY_FILES: &[&str] =
    &["avvikelsetyper.csv", "avvikelser.csv", "klagomal.csv", "egenkontroller.csv", "barnratt.csv", "bidrag.csv", "insatser.csv"];

/// Stores a year's quality register from whichever files are there: deviation types and
/// deviations, complaints, self-inspections, the children's-rights follow-up, grant re-reports.
/// One transaction; each kind present replaces the year's rows of that kind.
pub async fn store_quality(store: &Store, municipality: &str, year: i32, dir: &str, files: &Folder, actor: &Actor) -> Result<String> {
    use store::quality::{Kind, replace};
    let mut said = Vec::new();
    let types = find(files, "avvikelsetyper.csv").map(ingest::quality::read_types).transpose()?;
    let deviations = match find(files, "avvikelser.csv") {
        Some(f) => Some(ingest::quality::read_deviations(f, types.as_deref().unwrap_or(&[]))?),
        None => None,
    };
    if let Some(d) = deviations.iter().flatten().find(|d| d.date.year() != year) {
        bail!("{dir}/avvikelser.csv: avvikelse {} är daterad {}, inte under {year}", d.id, d.date);
    }
    let complaints = find(files, "klagomal.csv").map(ingest::quality::read_complaints).transpose()?;
    let inspections = find(files, "egenkontroller.csv").map(ingest::quality::read_self_inspections).transpose()?;
    let child = find(files, "barnratt.csv").map(ingest::quality::read_child_rights).transpose()?;
    let grants = match find(files, "bidrag.csv") {
        Some(f) => Some(ingest::quality::read_grant_reports(f, find(files, "insatser.csv"))?),
        None => None,
    };
    if types.is_none() && deviations.is_none() && complaints.is_none() && inspections.is_none() && child.is_none() && grants.is_none() {
        bail!("{dir}: ingen av filerna {} finns i mappen", QUALITY_FILES.join(", "));
    }
    let mut w = store.begin(actor).await?;
    if let Some(t) = &types {
        let rows: Vec<(String, &(String, String))> = t.iter().map(|x| (x.0.clone(), x)).collect();
        replace(&mut w, municipality, year, Kind::Type, &rows).await?;
        said.push(format!("{} avvikelsetyper", t.len()));
    }
    if let Some(d) = &deviations {
        let rows: Vec<(String, &domain::quality::Deviation)> = d.iter().map(|x| (x.id.clone(), x)).collect();
        replace(&mut w, municipality, year, Kind::Deviation, &rows).await?;
        said.push(format!("{} avvikelser", d.len()));
    }
    if let Some(c) = &complaints {
        let rows: Vec<(String, &domain::quality::Complaint)> = c.iter().map(|x| (x.id.clone(), x)).collect();
        replace(&mut w, municipality, year, Kind::Complaint, &rows).await?;
        said.push(format!("{} klagomål", c.len()));
    }
    if let Some(i) = &inspections {
        let rows: Vec<(String, &domain::quality::SelfInspection)> = i.iter().enumerate().map(|(n, x)| (format!("{year}-{n}"), x)).collect();
        replace(&mut w, municipality, year, Kind::Inspection, &rows).await?;
        said.push(format!("{} egenkontroller", i.len()));
    }
    if let Some(c) = &child {
        let rows: Vec<(String, &domain::quality::ChildRightsPoint)> = c.iter().map(|x| (format!("{year}-{}", x.number), x)).collect();
        replace(&mut w, municipality, year, Kind::ChildRights, &rows).await?;
        said.push(format!("{} punkter om barnrätt", c.len()));
    }
    if let Some((g, ins)) = &grants {
        let rows: Vec<(String, &domain::quality::GrantReport)> = g.iter().map(|x| (format!("{year}-{}", x.key), x)).collect();
        replace(&mut w, municipality, year, Kind::Grant, &rows).await?;
        let rows: Vec<(String, &domain::quality::GrantInsats)> =
            ins.iter().map(|x| (format!("{year}-{}-{}", x.grant, x.number), x)).collect();
        replace(&mut w, municipality, year, Kind::Insats, &rows).await?;
        said.push(format!("{} återrapporteringar av statsbidrag med {} insatser", g.len(), ins.len()));
    }
    w.commit().await?;
    Ok(format!("{municipality} {year}: {}", said.join(", ")))
}

/// The organisation file names.
pub const ORG_FILES: &[&str] = &["kommun.csv", "organ.csv", "enheter.csv", "uppfoljning.csv"];
/// The goal file names.
pub const GOAL_FILES: &[&str] =
    &["nivaer.csv", "skala.csv", "mal.csv", "indikatorer.csv", "malvarden.csv", "utfall.csv", "bedomningar.csv"];
/// The meeting file names.
pub const MEETING_FILES: &[&str] = &["sammantrade.csv", "dagordning.csv"];
/// The register of members' file name.
pub const MEMBER_FILES: &[&str] = &["ledamoter.csv"];
/// The diarium file names.
pub const DIARY_FILES: &[&str] = &["arenden.csv", "handlingar.csv"];
