//! The demo: the seed municipalities from `demo/` (compiled into the binary, so the demo needs
//! no files beside it) and one account per role and municipality. The same loaders serve
//! `arshjul import`, so the demo exercises the import formats.

use anyhow::{Context, Result};
use domain::role::Role;
use store::{Actor, Store};
pub use web::folders::*;

/// The password of every demo account.
pub const PASSWORD: &str = "arshjul-demo";

macro_rules! demo_files {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/", $path)) as &[u8])),*]
    };
}

/// Every demo file, by its path under `demo/` (a test checks the list against the folder).
pub const FILES: &[(&str, &[u8])] = demo_files![
    "0127-botkyrka/internkontroll-2021/atgarder.csv",
    "0127-botkyrka/internkontroll-2021/kontroller.csv",
    "0127-botkyrka/internkontroll-2021/nettolista.csv",
    "0127-botkyrka/internkontroll-2021/plan.csv",
    "0127-botkyrka/internkontroll-2021/resultat.csv",
    "0127-botkyrka/internkontroll-2021/skalor.csv",
    "0127-botkyrka/personal-2021/nyckeltal.csv",
    "0127-botkyrka/personal-2021/sjukfranvaro.csv",
    "0486-strangnas/internkontroll-2023/atgarder.csv",
    "0486-strangnas/internkontroll-2023/kontroller.csv",
    "0486-strangnas/internkontroll-2023/plan.csv",
    "0486-strangnas/internkontroll-2023/resultat.csv",
    "0486-strangnas/internkontroll-2023/skalor.csv",
    "0486-strangnas/personal-2023/nyckeltal.csv",
    "0486-strangnas/personal-2023/sjukfranvaro.csv",
    "0486-strangnas/privata-utforare-2023/leverantorer.csv",
    "0486-strangnas/privata-utforare-2023/verksamheter.csv",
    "1882-askersund/personal-2024/nyckeltal.csv",
    "1882-askersund/personal-2024/sjukfranvaro.csv",
    "0127-botkyrka/mal-2021/nivaer.csv",
    "0127-botkyrka/mal-2021/skala.csv",
    "0127-botkyrka/mal-2021/mal.csv",
    "0127-botkyrka/mal-2021/indikatorer.csv",
    "0127-botkyrka/mal-2021/malvarden.csv",
    "0127-botkyrka/mal-2021/utfall.csv",
    "0127-botkyrka/mal-2021/bedomningar.csv",
    "0127-botkyrka/ekonomi-2021/ekonomi.csv",
    "0127-botkyrka/ekonomi-2021/driftrader.csv",
    "0127-botkyrka/ekonomi-2021/budget.csv",
    "0127-botkyrka/ekonomi-2021/utfall.csv",
    "0127-botkyrka/ekonomi-2021/volymer.csv",
    "0127-botkyrka/ekonomi-2021/investeringar.csv",
    "0127-botkyrka/ekonomi-2021/bidrag.csv",
    "0127-botkyrka/ekonomi-2021/beloppslistor.csv",
    "0127-botkyrka/ekonomi-2021/kontotyper.csv",
    "0127-botkyrka/rapport-2021/verksamhetsberattelse.md",
    "0127-botkyrka/kvalitet-2021/avvikelsetyper.csv",
    "0127-botkyrka/kvalitet-2021/avvikelser.csv",
    "0127-botkyrka/kvalitet-2021/klagomal.csv",
    "0127-botkyrka/kvalitet-2021/egenkontroller.csv",
    "0127-botkyrka/rapport-2021/patientsakerhetsberattelse.md",
    "0127-botkyrka/aterrapportering-2021/bidrag.csv",
    "0127-botkyrka/aterrapportering-2021/insatser.csv",
    "0127-botkyrka/rapport-2021/aterrapportering.md",
    "0127-botkyrka/rapport-2021/arenden.csv",
    "0486-strangnas/barnratt-2023/barnratt.csv",
    "0127-botkyrka/diarium/arenden.csv",
    "0127-botkyrka/diarium/handlingar.csv",
    "0127-botkyrka/ledamoter.csv",
    "0127-botkyrka/sammantrade-2022-02-15/sammantrade.csv",
    "0127-botkyrka/sammantrade-2022-02-15/dagordning.csv",
    "0486-strangnas/rapport-2023/arsrapport.md",
    "0486-strangnas/rapport-2023/internkontroll.md",
    "1882-askersund/rapport-2024/forvaltningsberattelse.md",
    "0486-strangnas/kommun.csv",
    "0486-strangnas/organ.csv",
    "0486-strangnas/enheter.csv",
    "0486-strangnas/konton.csv",
    "0486-strangnas/uppfoljning.csv",
    "0486-strangnas/mal-2023/nivaer.csv",
    "0486-strangnas/mal-2023/skala.csv",
    "0486-strangnas/mal-2023/mal.csv",
    "0486-strangnas/mal-2023/indikatorer.csv",
    "0486-strangnas/mal-2023/utfall.csv",
    "0486-strangnas/mal-2023/bedomningar.csv",
    "0486-strangnas/ekonomi-2023/ekonomi.csv",
    "0486-strangnas/ekonomi-2023/driftrader.csv",
    "0486-strangnas/ekonomi-2023/mappning.csv",
    "0486-strangnas/ekonomi-2023/ramprotokoll.csv",
    "0486-strangnas/ekonomi-2023/bidrag.csv",
    "0486-strangnas/ekonomi-2023/prognoser.csv",
    "0486-strangnas/ekonomi-2023/atgardsplan.csv",
    "0486-strangnas/ekonomi-2023/investeringar.csv",
    "0486-strangnas/ekonomi-2023/huvudbok-2023.se",
    "1882-askersund/kommun.csv",
    "1882-askersund/ekonomi-2024/ekonomi.csv",
    "1882-askersund/ekonomi-2024/driftrader.csv",
    "1882-askersund/ekonomi-2024/budget.csv",
    "1882-askersund/ekonomi-2024/utfall.csv",
    "1882-askersund/ekonomi-2024/volymer.csv",
    "1882-askersund/ekonomi-2024/investeringar.csv",
    "1882-askersund/ekonomi-2024/delrader.csv",
    "1882-askersund/ekonomi-2024/driftresultat.csv",
    "1882-askersund/organ.csv",
    "1882-askersund/enheter.csv",
    "1882-askersund/konton.csv",
    "1882-askersund/uppfoljning.csv",
    "1882-askersund/mal-2024/nivaer.csv",
    "1882-askersund/mal-2024/mal.csv",
    "1882-askersund/mal-2024/indikatorer.csv",
    "1882-askersund/mal-2024/malvarden.csv",
    "1882-askersund/mal-2024/utfall.csv",
    "0127-botkyrka/evb/insatser.csv",
    "0127-botkyrka/evb/lagrum.csv",
    "0127-botkyrka/evb/beslut.csv",
    "0127-botkyrka/evb/rapporter.csv",
    "0127-botkyrka/evb/rapporterade.csv",
    "0127-botkyrka/kommun.csv",
    "0127-botkyrka/organ.csv",
    "0127-botkyrka/enheter.csv",
    "0127-botkyrka/uppfoljning.csv",
];

/// The demo municipalities: folder and the slug used in account names.
const KOMMUNER: [(&str, &str); 3] = [("0486-strangnas", "strangnas"), ("1882-askersund", "askersund"), ("0127-botkyrka", "botkyrka")];

/// Reads the files of a folder on disk (only the names given that exist).
pub fn read_dir(dir: &std::path::Path, names: &[&str]) -> Result<Folder> {
    let mut files = Vec::new();
    for name in names {
        let path = dir.join(name);
        if path.exists() {
            files
                .push((path.display().to_string(), std::fs::read(&path).with_context(|| format!("{} går inte att läsa", path.display()))?));
        }
    }
    Ok(files)
}

fn embedded(prefix: &str) -> Folder {
    FILES
        .iter()
        .filter(|(p, _)| p.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/') && !rest[1..].contains('/')))
        .map(|(p, b)| (format!("demo/{p}"), b.to_vec()))
        .collect()
}

/// Loads the demo; returns (username, role, municipality name) of the demo accounts.
pub async fn load(store: &Store) -> Result<Vec<(String, &'static str, String)>> {
    let actor = Actor::system("demo");
    let hash = web::auth::hash_password(PASSWORD).map_err(anyhow::Error::msg)?;
    let mut logins = Vec::new();
    ensure_user(store, &actor, "admin", "Administratör", Role::Admin, None, &hash).await?;
    logins.push(("admin".to_string(), Role::Admin.label_sv(), "alla kommuner".to_string()));
    for (dir, slug) in KOMMUNER {
        store_org(store, dir, &embedded(dir), &actor).await?;
        let code = &dir[..4];
        let mut to_publish: Vec<(String, String, i32)> = Vec::new();
        let mut years: Vec<&str> =
            FILES.iter().filter_map(|(p, _)| p.strip_prefix(dir)?.strip_prefix("/mal-")?.split('/').next()).collect();
        years.dedup();
        for y in years {
            let sub = format!("{dir}/mal-{y}");
            let year: i32 = y.parse()?;
            store_goals(store, code, year, &sub, &embedded(&sub), &actor).await?;
            // The seeds are published documents, so the demo's years are public.
            let mut w = store.begin(&actor).await?;
            store::goals::set_published(&mut w, code, year, true).await?;
            w.commit().await?;
        }
        let mut econ: Vec<&str> =
            FILES.iter().filter_map(|(p, _)| p.strip_prefix(dir)?.strip_prefix("/ekonomi-")?.split('/').next()).collect();
        econ.dedup();
        for y in econ {
            let year: i32 = y.parse()?;
            let sub = format!("{dir}/ekonomi-{y}");
            let files = embedded(&sub);
            store_economy(store, code, year, &sub, &files, &actor).await?;
            for (name, bytes) in files.iter().filter(|(n, _)| n.to_lowercase().ends_with(".se")) {
                let progress = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
                web::imports::import_sie(
                    store,
                    &actor,
                    code,
                    year,
                    name,
                    web::imports::SieInput::Reader(Box::new(std::io::Cursor::new(bytes.clone()))),
                    progress,
                )
                .await?;
            }
            let mut w = store.begin(&actor).await?;
            store::economy::set_published(&mut w, code, year, true).await?;
            w.commit().await?;
        }
        for (prefix, kind) in [
            ("/personal-", 0),
            ("/internkontroll-", 1),
            ("/privata-utforare-", 2),
            ("/kvalitet-", 3),
            ("/barnratt-", 3),
            ("/aterrapportering-", 3),
        ] {
            let mut years: Vec<&str> =
                FILES.iter().filter_map(|(p, _)| p.strip_prefix(dir)?.strip_prefix(prefix)?.split('/').next()).collect();
            years.dedup();
            for y in years {
                let sub = format!("{dir}{prefix}{y}");
                let files = embedded(&sub);
                let year: i32 = y.parse()?;
                match kind {
                    0 => store_personnel(store, code, year, &sub, &files, &actor).await?,
                    1 => store_control(store, code, year, &sub, &files, &actor).await?,
                    3 => store_quality(store, code, year, &sub, &files, &actor).await?,
                    _ => store_providers(store, code, year, &sub, &files, &actor).await?,
                };
                // Published, as the seeds are.
                let area = match kind {
                    0 => Some(store::publication::Area::Personnel),
                    1 => Some(store::publication::Area::Control),
                    2 => Some(store::publication::Area::Providers),
                    _ => None,
                };
                if let Some(area) = area {
                    let mut w = store.begin(&actor).await?;
                    store::publication::set_published(&mut w, code, area, year, true).await?;
                    w.commit().await?;
                }
            }
        }
        // Report texts: rapport-YYYY/KIND.md.
        for (p, bytes) in FILES.iter().filter(|(p, _)| p.starts_with(&format!("{dir}/rapport-")) && p.ends_with(".md")) {
            let rest = &p[dir.len() + "/rapport-".len()..];
            let (y, file) = rest.split_once('/').context("rapport-YYYY/KIND.md")?;
            let kind = file.strip_suffix(".md").context("rapport-YYYY/KIND.md")?;
            let text = std::str::from_utf8(bytes)?;
            web::report::import_texts(store, &actor, code, kind, y.parse()?, p, text).await?;
            // Published, as the seed documents are: the public reads them under Rapporter.
            // (Published below, once all the data a report is made from is in.)
            to_publish.push((code.to_string(), kind.to_string(), y.parse::<i32>()?));
        }
        if FILES.iter().any(|(p, _)| p.starts_with(&format!("{dir}/diarium/"))) {
            let sub = format!("{dir}/diarium");
            store_diary(store, code, &sub, &embedded(&sub), &actor).await?;
        }
        // The case each report is decided in (rapport-YYYY/arenden.csv), once the diarium is in.
        for (p, bytes) in FILES.iter().filter(|(p, _)| p.starts_with(&format!("{dir}/rapport-")) && p.ends_with("/arenden.csv")) {
            let year: i32 = p[dir.len() + "/rapport-".len()..].split('/').next().context("rapport-YYYY/arenden.csv")?.parse()?;
            let mut w = store.begin(&actor).await?;
            for (kind, number) in ingest::meetings::read_report_cases((p, bytes))? {
                store::report::set_case(&mut w, code, &kind, year, Some(&number.to_string())).await?;
            }
            w.commit().await?;
        }
        if let Some((p, bytes)) = FILES.iter().find(|(p, _)| *p == format!("{dir}/ledamoter.csv")) {
            store_members(store, code, (p, bytes), &actor).await?;
        }
        let mut meetings: Vec<&str> =
            FILES.iter().filter_map(|(p, _)| p.strip_prefix(dir)?.strip_prefix("/sammantrade-")?.split('/').next()).collect();
        meetings.dedup();
        for d in meetings {
            let sub = format!("{dir}/sammantrade-{d}");
            store_meeting(store, code, &sub, &embedded(&sub), &actor).await?;
        }
        if FILES.iter().any(|(p, _)| p.starts_with(&format!("{dir}/evb/"))) {
            let sub = format!("{dir}/evb");
            store_evb(store, code, &sub, &embedded(&sub), &actor).await?;
        }
        for (code, kind, year) in to_publish {
            web::report::publish(store, &actor, &code, &kind, year, None)
                .await
                .map_err(|e| anyhow::anyhow!("{code} {kind} {year}: {e}"))?;
        }
        let m = store::org::municipality(store, code).await?.context("demo municipality not stored")?;
        for role in Role::ACCOUNT_ROLES.into_iter().filter(|r| *r != Role::Admin) {
            let username = format!("{}.{slug}", role.key());
            let display = format!("{}, {}", role.label_sv(), m.name);
            ensure_user(store, &actor, &username, &display, role, Some(code), &hash).await?;
            logins.push((username, role.label_sv(), m.name.clone()));
        }
        // Accounts tied to a unit (konton.csv: konto;enhet), as `arshjul user add --unit` ties them.
        if let Some((p, bytes)) = FILES.iter().find(|(p, _)| *p == format!("{dir}/konton.csv")) {
            let mut w = store.begin(&actor).await?;
            for (account, unit) in ingest::org::read_account_units((p, bytes))? {
                store::users::set_unit(&mut w, &account, Some(&unit)).await?;
            }
            w.commit().await?;
        }
        // The people who sign the demo's protocols, each with an account in their own name (a
        // protocol is signed only in one's own name).
        let mut signers: Vec<(Role, String)> = Vec::new();
        for s in store::meetings::meetings(store, code).await? {
            for (role, name) in s.meeting.signers() {
                let role = if role == "sekreterare" { Role::Sekreterare } else { Role::Ledamot };
                if !name.trim().is_empty() && !signers.iter().any(|(_, n)| *n == name) {
                    signers.push((role, name));
                }
            }
        }
        for (role, name) in signers {
            let username = format!("{}.{slug}", person_slug(&name));
            ensure_user(store, &actor, &username, &name, role, Some(code), &hash).await?;
            logins.push((username, role.label_sv(), m.name.clone()));
        }
    }
    Ok(logins)
}

/// A login name from a person's name: "Åsa Öberg-Lind (S)" → "asa.oberg-lind".
fn person_slug(name: &str) -> String {
    name.split('(')
        .next()
        .unwrap_or(name)
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'å' | 'ä' | 'à' | 'á' => Some('a'),
            'ö' | 'ø' | 'ó' => Some('o'),
            'é' | 'è' => Some('e'),
            'ü' => Some('u'),
            ' ' => Some('.'),
            c if c.is_ascii_alphanumeric() || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

async fn ensure_user(store: &Store, actor: &Actor, username: &str, display: &str, role: Role, m: Option<&str>, hash: &str) -> Result<()> {
    let mut w = store.begin(actor).await?;
    match store::users::by_username(store, username).await? {
        Some(_) => store::users::set_password(&mut w, username, hash).await?,
        None => {
            store::users::create(
                &mut w,
                &store::users::NewUser { username, display_name: display, role, municipality: m, password_hash: hash },
            )
            .await?;
        }
    }
    w.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn people_get_login_names_without_accents_or_party() {
        assert_eq!(super::person_slug("Elisabeth Uddén (S)"), "elisabeth.udden");
        assert_eq!(super::person_slug(" Åsa Öberg-Lind "), "asa.oberg-lind");
    }

    #[test]
    fn every_file_in_demo_is_embedded() {
        fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, base, out);
                } else {
                    out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
                }
            }
        }
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
        let mut on_disk = Vec::new();
        walk(&base, &base, &mut on_disk);
        // The generator scripts are not data.
        on_disk.retain(|p| !p.starts_with("tools/"));
        on_disk.sort();
        let mut listed: Vec<String> = super::FILES.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }
}
