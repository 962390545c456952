//! The `arshjul` binary: command-line glue between `store`, `ingest` and `web`.

mod demo;
mod imports;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use domain::role::Role;
use std::io::BufRead;
use store::{Actor, Store};

/// Årshjul: the governance year of a municipal committee, from one data set.
#[derive(Parser, Debug)]
#[command(name = "arshjul", version, about, long_about = None)]
struct Cli {
    /// Database URL: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    #[arg(long, global = true, env = "ARSHJUL_DATABASE_URL", default_value = "sqlite://arshjul.db")]
    db: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the web application.
    Serve(ServeArgs),
    /// (Re)create the demo municipalities and accounts, then serve them.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Only load the demo data; do not start the server.
        #[arg(long)]
        no_serve: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Import data from files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Ej verkställda beslut: quarterly reports.
    #[command(subcommand)]
    Evb(EvbCommand),
    /// Write a report (annual report, förvaltningsberättelse, …) as PDF/UA, DOCX, HTML or XLSX.
    Report(ReportArgs),
    /// Review a year's reports: totals, formulas, narrative numbers, count sentences, typos.
    Check {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The year.
        #[arg(long)]
        year: i32,
        /// Only this report kind (default: every kind with text for the year).
        #[arg(long)]
        kind: Option<String>,
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Meetings: list them, write a kallelse or a protokoll.
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Write a consistent copy of a SQLite database while it is in use.
    Backup {
        /// The file to write (must not exist).
        #[arg(long)]
        out: String,
    },
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "ARSHJUL_ADDR")]
    addr: String,
    /// Mark the session cookie Secure (use when served over HTTPS).
    #[arg(long)]
    secure_cookies: bool,
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create an account; the password is read from standard input (one line).
    Add {
        /// Login name.
        name: String,
        /// Role: admin, sekreterare, controller, verksamhetschef, mas, ledamot or revisor.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The municipality's four-digit SCB code (required for every role but admin).
        #[arg(long, value_parser = parse_scb_code)]
        municipality: Option<String>,
        /// Name shown in the interface (defaults to the login name).
        #[arg(long)]
        display_name: Option<String>,
        /// The unit (enhet) a verksamhetschef heads: the account then sees that unit's deviations only.
        #[arg(long)]
        unit: Option<String>,
    },
    /// List accounts.
    List,
}

#[derive(Subcommand, Debug)]
enum MeetingCommand {
    /// One line per meeting: id, body, date (YYYY-MM-DD), place.
    List {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
    },
    /// The notice with the agenda and each item's proposal and case paper.
    Kallelse(MeetingDocArgs),
    /// The minutes (the public version: secret paragraphs show only their title).
    Protokoll(MeetingDocArgs),
}

#[derive(Args, Debug)]
struct MeetingDocArgs {
    /// The meeting's id (see `arshjul meeting list`).
    #[arg(long)]
    meeting: String,
    /// pdf, docx or html.
    #[arg(long, value_parser = ["pdf", "docx", "html"])]
    format: String,
    /// The file to write.
    #[arg(long)]
    out: std::path::PathBuf,
}

#[derive(Args, Debug)]
struct ReportArgs {
    /// List the report kinds and exit.
    #[arg(long)]
    list_kinds: bool,
    /// The municipality's SCB code.
    #[arg(long, value_parser = parse_scb_code, required_unless_present = "list_kinds")]
    municipality: Option<String>,
    /// Report kind (see --list-kinds).
    #[arg(long, required_unless_present = "list_kinds")]
    kind: Option<String>,
    /// The year reported on.
    #[arg(long, required_unless_present = "list_kinds")]
    year: Option<i32>,
    /// Cut-off month (1–12) for interim reports.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=12))]
    to_month: Option<u8>,
    /// pdf, docx, html or xlsx.
    #[arg(long, value_parser = ["pdf", "docx", "html", "xlsx"], required_unless_present = "list_kinds")]
    format: Option<String>,
    /// The file to write.
    #[arg(long, required_unless_present = "list_kinds")]
    out: Option<std::path::PathBuf>,
}

#[derive(Subcommand, Debug)]
enum EvbCommand {
    /// Write a quarter's report: IVO's per-individual list or the de-identified statistics.
    Report {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The measured quarter, e.g. 2021Q4.
        #[arg(long, value_parser = parse_quarter)]
        quarter: domain::period::Period,
        /// ivo (identifiable; the read is audited), statistics (counts only) or case-paper (the
        /// committee's sammanställning: one sentence per decision, no identity).
        #[arg(long, value_parser = ["ivo", "statistics", "case-paper"])]
        kind: String,
        /// csv, xlsx, html, pdf or docx.
        #[arg(long, value_parser = ["csv", "xlsx", "html", "pdf", "docx"])]
        format: String,
        /// The file to write.
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

fn parse_quarter(s: &str) -> Result<domain::period::Period, String> {
    match domain::period::Period::parse(s) {
        Ok(p @ domain::period::Period::Quarter { .. }) => Ok(p),
        _ => Err(format!("väntade ett kvartal som 2021Q4, inte \"{s}\"")),
    }
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Import a meeting from a folder with sammantrade.csv and dagordning.csv (see
    /// demo/0127-botkyrka/sammantrade-2022-02-15/); a draft protocol is made from the proposals.
    Meeting {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// Import the register of elected members, ledamoter.csv (organ;namn;parti;roll;från;till;
    /// see demo/0127-botkyrka/ledamoter.csv). It replaces the earlier register; meetings not
    /// yet justerade and without an attendance list get one from it.
    Members {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The file.
        file: std::path::PathBuf,
    },
    /// Import cases into the diarium from a folder with arenden.csv and optionally
    /// handlingar.csv (see demo/0127-botkyrka/diarium/): cases already there are replaced,
    /// documents added.
    Diary {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// Import a year's quality register from a folder with any of avvikelsetyper.csv,
    /// avvikelser.csv, klagomal.csv, egenkontroller.csv, barnratt.csv, bidrag.csv and
    /// insatser.csv (grant re-reporting). Each file present replaces that part of the year.
    Quality {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The year.
        #[arg(long)]
        year: i32,
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// Import a report's narrative texts: a file of `<!-- section: KEY -->` blocks (see
    /// demo/*/rapport-*/ for examples). Sections not in the file are left as they are.
    Texts {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// Report kind (see `arshjul report --list-kinds`).
        #[arg(long)]
        kind: String,
        /// The year reported on.
        #[arg(long)]
        year: i32,
        /// The texts file.
        file: std::path::PathBuf,
    },
    /// Import the register of ej verkställda beslut: insatser.csv, beslut.csv and optionally
    /// lagrum.csv, rapporter.csv, rapporterade.csv. Replaces the municipality's register.
    Evb {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// Import (or replace) a municipality's organisation from a folder with kommun.csv,
    /// organ.csv, enheter.csv and optionally uppfoljning.csv (see demo/ for examples).
    Org {
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// Import (or replace) a year's goals from a folder with nivaer.csv, mal.csv and optionally
    /// skala.csv, indikatorer.csv, malvarden.csv, utfall.csv, bedomningar.csv.
    Goals {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The year.
        #[arg(long)]
        year: i32,
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// Import indicator outcomes from a CSV or XLSX file (indikator;period;totalt;kvinnor;män;kommentar).
    Outcomes {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The year whose indicators the keys refer to.
        #[arg(long)]
        year: i32,
        /// The file (.csv or .xlsx).
        file: std::path::PathBuf,
    },
    /// Import (or replace) a year's economy setup and tables from a folder: ekonomi.csv,
    /// driftrader.csv, mappning.csv and optionally budget.csv, ramprotokoll.csv, bidrag.csv,
    /// prognoser.csv, atgardsplan.csv, investeringar.csv.
    Economy {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The year.
        #[arg(long)]
        year: i32,
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// Import a year's ledger from a SIE 4 file (replaces the year's earlier ledger; #PBUDGET
    /// rows replace the budget). Shows progress on a terminal and prints a summary.
    Sie {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The year.
        #[arg(long)]
        year: i32,
        /// The SIE file.
        file: std::path::PathBuf,
    },
    /// Import a year's personnel statistics from a folder: sjukfranvaro.csv, nyckeltal.csv.
    Personnel {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The year.
        #[arg(long)]
        year: i32,
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// Import a year's internal-control plan from a folder: kontroller.csv and optionally
    /// plan.csv, skalor.csv, resultat.csv, atgarder.csv, nettolista.csv.
    Control {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The year.
        #[arg(long)]
        year: i32,
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// Import a year's private-provider follow-up plan: verksamheter.csv, leverantorer.csv.
    Providers {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The year.
        #[arg(long)]
        year: i32,
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// Import outcomes from a Kolada v3 data file (JSON); KPIs are matched to indicators by their Kolada KPI id.
    Kolada {
        /// The municipality's SCB code.
        #[arg(long, value_parser = parse_scb_code)]
        municipality: String,
        /// The year whose indicators hold the KPI ids.
        #[arg(long)]
        year: i32,
        /// The JSON file; omit it with --fetch.
        file: Option<std::path::PathBuf>,
        /// Fetch from the Kolada API instead of a file.
        #[arg(long, conflicts_with = "file")]
        fetch: bool,
        /// The Kolada API's base URL (for --fetch).
        #[arg(long, default_value = ingest::kolada::DEFAULT_BASE_URL, env = "ARSHJUL_KOLADA_URL")]
        base_url: String,
    },
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Recompute the hash chain; exit 1 and name the first broken entry if it is broken.
    Verify,
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s)
        .filter(|r| *r != Role::Public)
        .ok_or_else(|| format!("väntade admin, sekreterare, controller, verksamhetschef, mas, ledamot eller revisor, inte \"{s}\""))
}

fn parse_scb_code(s: &str) -> Result<String, String> {
    domain::org::ScbCode::parse(s).map(|c| c.as_str().to_string()).map_err(|e| e.to_string())
}

fn main() {
    // Output piped into a reader that stops early (`arshjul check --json | head`) ends the
    // command quietly, as other command-line tools do, rather than in a panic on the next line.
    #[cfg(unix)]
    // SAFETY: restores the default action of SIGPIPE before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(), // --help and --version: print and exit 0
        Err(e) => {
            // One line: clap's first paragraph (the message and what it lists, such as the
            // missing arguments), without the usage and tips after it.
            let rendered = e.render().to_string();
            let first: Vec<&str> =
                rendered.lines().skip_while(|l| l.trim().is_empty()).take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
            let first = if first.is_empty() { "error: invalid arguments".to_string() } else { first.join(" ") };
            eprintln!("{first} (see 'arshjul --help')");
            std::process::exit(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
    }
}

async fn run(cli: Cli) -> Result<i32> {
    // The built-in report kinds need no database (none is created for them).
    if let Command::Report(ReportArgs { list_kinds: true, municipality: None, .. }) = &cli.command {
        print_kinds(domain::report::template::built_in().into_iter().map(|t| (t, false)).collect());
        return Ok(0);
    }
    let store = Store::open(&cli.db).await.with_context(|| format!("databasen {} går inte att öppna", cli.db))?;
    match cli.command {
        Command::Serve(args) => serve(store, &args).await?,
        Command::Demo { serve: args, no_serve } => {
            let logins = demo::load(&store).await?;
            println!("Demodata är inläst i {}.", cli.db);
            println!("Inloggningar (lösenord för alla: {}):", demo::PASSWORD);
            let (uw, rw) = logins.iter().fold((0, 0), |(u, r), (user, role, _)| (u.max(user.chars().count()), r.max(role.chars().count())));
            for (user, role, kommun) in logins {
                println!("  {user:<uw$}  {role:<rw$}  {kommun}");
            }
            if !no_serve {
                serve(store, &args).await?;
            }
        }
        Command::Migrate => {
            // Store::open has applied them; say what is in place.
            println!("Databasen {} är uppdaterad ({} migreringar).", cli.db, store::migrate::MIGRATIONS.len());
        }
        Command::User(UserCommand::Add { name, role, municipality, display_name, unit }) => {
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password).context("lösenordet går inte att läsa från standard in")?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            if password.chars().count() < web::auth::MIN_PASSWORD_LEN {
                bail!("lösenordet måste ha minst {} tecken", web::auth::MIN_PASSWORD_LEN);
            }
            if let Some(u) = &unit {
                if role != domain::role::Role::Verksamhetschef {
                    bail!("--unit {u}: bara en verksamhetschef knyts till en enhet");
                }
                if let Some(why) = store::org::unknown_unit(&store, municipality.as_deref().unwrap_or_default(), u).await? {
                    bail!("--unit {u}: {why}");
                }
            }
            if let (domain::role::Role::Ledamot, Some(m)) = (role, &municipality)
                && let Some(why) = store::meetings::unregistered_member(&store, m, display_name.as_deref().unwrap_or(&name)).await?
            {
                bail!("--display-name: {why}");
            }
            let hash = web::auth::hash_password(&password).map_err(anyhow::Error::msg)?;
            let mut w = store.begin(&Actor::system("cli")).await?;
            let user = store::users::create(
                &mut w,
                &store::users::NewUser {
                    username: &name,
                    display_name: display_name.as_deref().unwrap_or(&name),
                    role,
                    municipality: municipality.as_deref(),
                    password_hash: &hash,
                },
            )
            .await?;
            if let Some(u) = &unit {
                store::users::set_unit(&mut w, &name, Some(u)).await?;
            }
            w.commit().await?;
            println!("Kontot {} ({}) är skapat för {}", user.username, user.role, user.municipality.as_deref().unwrap_or("alla kommuner"));
        }
        Command::User(UserCommand::List) => {
            for u in store::users::list(&store, None).await? {
                println!("{:<28} {:<16} {}", u.username, u.role.key(), u.municipality.as_deref().unwrap_or("-"));
            }
        }
        Command::Import(ImportCommand::Org { dir }) => {
            let files = demo::read_dir(&dir, demo::ORG_FILES)?;
            println!("{}", demo::store_org(&store, &dir.display().to_string(), &files, &Actor::system("cli")).await?);
        }
        Command::Import(ImportCommand::Goals { municipality, year, dir }) => {
            let files = demo::read_dir(&dir, demo::GOAL_FILES)?;
            println!(
                "{}",
                demo::store_goals(&store, &municipality, year, &dir.display().to_string(), &files, &Actor::system("cli")).await?
            );
        }
        Command::Import(ImportCommand::Economy { municipality, year, dir }) => {
            let files = demo::read_dir(&dir, demo::ECONOMY_FILES)?;
            println!(
                "{}",
                demo::store_economy(&store, &municipality, year, &dir.display().to_string(), &files, &Actor::system("cli")).await?
            );
        }
        Command::Import(ImportCommand::Evb { municipality, dir }) => {
            let files = demo::read_dir(&dir, demo::EVB_FILES)?;
            println!("{}", demo::store_evb(&store, &municipality, &dir.display().to_string(), &files, &Actor::system("cli")).await?);
        }
        Command::Evb(EvbCommand::Report { municipality, quarter, kind, format, out }) => {
            check_extension(&out, &format)?;
            let bytes = web::outputs::evb_report(&store, &Actor::system("cli"), &municipality, quarter, &kind, &format).await?;
            std::fs::write(&out, &bytes).with_context(|| format!("{} går inte att skriva", out.display()))?;
            println!("{} är skriven ({} byte)", out.display(), bytes.len());
        }
        Command::Import(ImportCommand::Personnel { municipality, year, dir }) => {
            let files = demo::read_dir(&dir, demo::PERSONNEL_FILES)?;
            println!(
                "{}",
                demo::store_personnel(&store, &municipality, year, &dir.display().to_string(), &files, &Actor::system("cli")).await?
            );
        }
        Command::Import(ImportCommand::Control { municipality, year, dir }) => {
            let files = demo::read_dir(&dir, demo::CONTROL_FILES)?;
            println!(
                "{}",
                demo::store_control(&store, &municipality, year, &dir.display().to_string(), &files, &Actor::system("cli")).await?
            );
        }
        Command::Import(ImportCommand::Providers { municipality, year, dir }) => {
            let files = demo::read_dir(&dir, demo::PROVIDER_FILES)?;
            println!(
                "{}",
                demo::store_providers(&store, &municipality, year, &dir.display().to_string(), &files, &Actor::system("cli")).await?
            );
        }
        Command::Import(ImportCommand::Sie { municipality, year, file }) => {
            return imports::sie(&store, &municipality, year, &file).await;
        }
        Command::Import(ImportCommand::Outcomes { municipality, year, file }) => {
            let gy = store::goals::goal_year(&store, &municipality, year)
                .await?
                .with_context(|| format!("{municipality} har inga mål för {year}; läs in målen först"))?;
            let bytes = std::fs::read(&file).with_context(|| format!("{} går inte att läsa", file.display()))?;
            let rows =
                ingest::goals::read_outcome_file(&file.display().to_string(), &bytes, year, &|k| gy.indicator(k).map(|i| i.unit.clone()))?;
            let n = imports::store_outcomes(&store, &municipality, &rows, &Actor::system("cli")).await?;
            println!("{n} utfall inlästa för {municipality} från {}", file.display());
        }
        Command::Import(ImportCommand::Kolada { municipality, year, file, fetch, base_url }) => {
            let gy = store::goals::goal_year(&store, &municipality, year)
                .await?
                .with_context(|| format!("{municipality} har inga mål för {year}; läs in målen först"))?;
            let rows = match (file, fetch) {
                (Some(f), _) => ingest::kolada::parse(
                    &f.display().to_string(),
                    &std::fs::read(&f).with_context(|| format!("{} går inte att läsa", f.display()))?,
                )?,
                (None, true) => {
                    let kpis: Vec<String> = gy.indicators().iter().filter_map(|i| i.kolada_kpi.clone()).collect();
                    let years: Vec<i32> = vec![year - 1, year];
                    let m = municipality.clone();
                    tokio::task::spawn_blocking(move || -> Result<Vec<ingest::kolada::KoladaRow>> {
                        let mut all = Vec::new();
                        for k in &kpis {
                            all.extend(ingest::kolada::fetch(&base_url, k, &[m.as_str()], &years)?);
                        }
                        Ok(all)
                    })
                    .await??
                }
                (None, false) => bail!("ange en Kolada-fil (JSON) eller --fetch"),
            };
            let (outcomes, skipped) = imports::match_kolada(&gy, &municipality, rows)?;
            let n = imports::store_outcomes(&store, &municipality, &outcomes, &Actor::system("cli")).await?;
            println!("{n} utfall inlästa från Kolada för {municipality}; {skipped} rader för andra kommuner hoppades över");
        }
        Command::Report(a) => {
            if a.list_kinds {
                let m = a.municipality.as_deref().context("--municipality")?;
                print_kinds(store::report::templates(&store, m).await?);
                return Ok(0);
            }
            let (Some(municipality), Some(kind), Some(year), Some(format), Some(out)) = (a.municipality, a.kind, a.year, a.format, a.out)
            else {
                bail!("ange --municipality, --kind, --year, --format och --out (eller --list-kinds)");
            };
            check_extension(&out, &format)?;
            let req = web::report::Request {
                municipality: &municipality,
                kind: &kind,
                year,
                to_month: a.to_month,
                links: false,
                overrides: vec![],
            };
            let (_, doc) = match web::report::assemble(&store, &req).await {
                Err(web::outputs::OutputError::NotFound(why)) => bail!("{why} Rapporttyperna: arshjul report --list-kinds"),
                other => other?,
            };
            let bytes = web::report::render_as(&doc, &format)?;
            std::fs::write(&out, &bytes).with_context(|| format!("{} går inte att skriva", out.display()))?;
            println!("{} är skriven ({} byte)", out.display(), bytes.len());
        }
        Command::Check { municipality, year, kind, json } => {
            let kinds: Vec<String> = match kind {
                Some(k) => vec![k],
                None => {
                    let mut v = Vec::new();
                    for (t, _) in store::report::templates(&store, &municipality).await? {
                        if !t.interim && !store::report::years(&store, &municipality, &t.kind).await?.contains(&year) {
                            continue;
                        }
                        if !t.interim {
                            v.push(t.kind);
                        }
                    }
                    if v.is_empty() {
                        v.push("arsrapport".into());
                    }
                    v
                }
            };
            let mut all = Vec::new();
            for k in &kinds {
                let req =
                    web::report::Request { municipality: &municipality, kind: k, year, to_month: None, links: false, overrides: vec![] };
                let (_, findings) = web::report::check(&store, &req).await?;
                all.extend(findings.into_iter().map(|f| (k.clone(), f)));
            }
            if json {
                let v: Vec<serde_json::Value> = all.iter().map(|(k, f)| serde_json::json!({ "kind": k, "finding": f })).collect();
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else if all.is_empty() {
                println!("Inga avvikelser i {} {year}.", kinds.join(", "));
            } else {
                for (k, f) in &all {
                    let sev = match f.severity {
                        domain::checks::Severity::Warning => "VARNING",
                        domain::checks::Severity::Info => "INFO",
                    };
                    println!("{sev:<8} {k}: {} [{}] {}", f.location, f.rule, f.message);
                }
                println!("{} fynd.", all.len());
            }
            if all.iter().any(|(_, f)| f.severity == domain::checks::Severity::Warning) {
                return Ok(1);
            }
        }
        Command::Import(ImportCommand::Meeting { municipality, dir }) => {
            let files = demo::read_dir(&dir, &["sammantrade.csv", "dagordning.csv"])?;
            println!("{}", demo::store_meeting(&store, &municipality, &dir.display().to_string(), &files, &Actor::system("cli")).await?);
        }
        Command::Import(ImportCommand::Diary { municipality, dir }) => {
            let files = demo::read_dir(&dir, &["arenden.csv", "handlingar.csv"])?;
            println!("{}", demo::store_diary(&store, &municipality, &dir.display().to_string(), &files, &Actor::system("cli")).await?);
        }
        Command::Import(ImportCommand::Members { municipality, file }) => {
            let bytes = std::fs::read(&file).with_context(|| format!("{} går inte att läsa", file.display()))?;
            let name = file.display().to_string();
            println!("{}", demo::store_members(&store, &municipality, (&name, &bytes), &Actor::system("cli")).await?);
        }
        Command::Import(ImportCommand::Quality { municipality, year, dir }) => {
            let files = demo::read_dir(&dir, demo::QUALITY_FILES)?;
            println!(
                "{}",
                demo::store_quality(&store, &municipality, year, &dir.display().to_string(), &files, &Actor::system("cli")).await?
            );
        }
        Command::Import(ImportCommand::Texts { municipality, kind, year, file }) => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("{} går inte att läsa", file.display()))?;
            let n =
                web::report::import_texts(&store, &Actor::system("cli"), &municipality, &kind, year, &file.display().to_string(), &text)
                    .await?;
            println!("{n} avsnitt inlästa i {kind} {year} för {municipality}");
        }
        Command::Meeting(MeetingCommand::List { municipality }) => {
            for s in store::meetings::meetings(&store, &municipality).await? {
                let m = s.meeting;
                let place = if m.link.is_empty() { m.place } else { format!("{}/{}", m.place, m.link) };
                println!("{}  {}  {}  {}", m.id, m.body, m.date, place);
            }
        }
        Command::Meeting(MeetingCommand::Kallelse(a)) => meeting_document(&store, &a, true).await?,
        Command::Meeting(MeetingCommand::Protokoll(a)) => meeting_document(&store, &a, false).await?,
        Command::Audit(AuditCommand::Verify) => match store::audit::verify(&store).await? {
            store::audit::Verdict::Intact { entries } => {
                println!("granskningsloggen är hel: {entries} poster kontrollerade")
            }
            store::audit::Verdict::Broken { seq, reason } => {
                println!("granskningsloggen är BRUTEN vid post {seq}: {reason}");
                return Ok(1);
            }
        },
        Command::Backup { out } => {
            store.backup_sqlite(&out).await?;
            println!("Säkerhetskopian är skriven till {out}");
        }
    }
    Ok(0)
}

/// The report kinds, one per line, names aligned; a municipality's own version says so.
fn print_kinds(list: Vec<(domain::report::template::Template, bool)>) {
    let width = list.iter().map(|(t, _)| t.kind.chars().count()).max().unwrap_or(0);
    for (t, own) in list {
        println!("{:<width$}  {}{}", t.kind, t.name, if own { " (kommunens egen version)" } else { "" });
    }
}

/// Refuses an output file whose extension names another of the formats than the one asked for
/// (`--format pdf --out x.docx` would write a PDF that no program opens as a DOCX).
fn check_extension(out: &std::path::Path, format: &str) -> Result<()> {
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_lowercase);
    match ext.as_deref() {
        Some(e) if ["pdf", "docx", "html", "htm", "xlsx", "csv"].contains(&e) && e != format && !(e == "htm" && format == "html") => {
            bail!("--out {} slutar på .{e} men --format är {format}", out.display())
        }
        _ => Ok(()),
    }
}

/// Writes a meeting's kallelse or (public) protokoll.
async fn meeting_document(store: &Store, a: &MeetingDocArgs, kallelse: bool) -> Result<()> {
    check_extension(&a.out, &a.format)?;
    let (code, _) = web::meetings::find(store, &a.meeting).await?;
    let doc = if kallelse {
        web::meetings::kallelse(store, &code, &a.meeting, true).await?
    } else {
        web::meetings::protokoll(store, &code, &a.meeting, true).await?
    };
    let bytes = web::report::render_as(&doc, &a.format)?;
    std::fs::write(&a.out, &bytes).with_context(|| format!("{} går inte att skriva", a.out.display()))?;
    println!("{} är skriven ({} byte)", a.out.display(), bytes.len());
    Ok(())
}

async fn serve(store: Store, args: &ServeArgs) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(&args.addr).await.with_context(|| format!("kan inte lyssna på {}", args.addr))?;
    let addr = listener.local_addr()?;
    println!("Årshjul körs på http://{addr}/  (Ctrl-C stoppar)");
    let config = web::Config { secure_cookies: args.secure_cookies, ..Default::default() };
    web::serve(listener, web::AppState::new(store, config)).await?;
    Ok(())
}
