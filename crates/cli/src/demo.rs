//! The demo: the seed municipalities' organisation from `demo/` (compiled into the binary, so
//! the demo needs no files beside it) and one account per role and municipality.

use anyhow::{Context, Result};
use domain::role::Role;
use store::{Actor, Store};

/// The password of every demo account.
pub const PASSWORD: &str = "arshjul-demo";

/// One demo municipality: its folder name and files.
struct DemoKommun {
    slug: &'static str,
    dir: &'static str,
    files: [(&'static str, &'static [u8]); 4],
}

macro_rules! demo_kommun {
    ($slug:literal, $dir:literal) => {
        DemoKommun {
            slug: $slug,
            dir: $dir,
            files: [
                ("kommun.csv", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/", $dir, "/kommun.csv"))),
                ("organ.csv", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/", $dir, "/organ.csv"))),
                ("enheter.csv", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/", $dir, "/enheter.csv"))),
                ("uppfoljning.csv", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/", $dir, "/uppfoljning.csv"))),
            ],
        }
    };
}

const DEMO: [DemoKommun; 3] =
    [demo_kommun!("strangnas", "0486-strangnas"), demo_kommun!("askersund", "1882-askersund"), demo_kommun!("botkyrka", "0127-botkyrka")];

fn org_files<'a>(dir: &str, files: &'a [(String, Vec<u8>)]) -> Result<ingest::org::OrgFiles<'a>> {
    let find = |name: &str| files.iter().find(|(n, _)| n.ends_with(name)).map(|(n, b)| (n.as_str(), b.as_slice()));
    let need = |name: &str| find(name).with_context(|| format!("{dir}: {name} is missing"));
    Ok(ingest::org::OrgFiles {
        kommun: need("kommun.csv")?,
        organ: need("organ.csv")?,
        enheter: need("enheter.csv")?,
        uppfoljning: find("uppfoljning.csv"),
    })
}

/// Reads organisation files and stores them in one transaction; returns a summary line.
async fn store_org(store: &Store, dir: &str, files: &[(String, Vec<u8>)], actor: &Actor) -> Result<String> {
    let data = ingest::org::read(&org_files(dir, files)?)?;
    let mut w = store.begin(actor).await?;
    store::org::save_organisation(&mut w, &data.organisation).await?;
    let code = data.organisation.municipality().code.as_str().to_string();
    for plan in &data.plans {
        store::org::save_follow_up_plan(&mut w, &code, plan).await?;
    }
    w.commit().await?;
    Ok(format!(
        "{} ({}): {} bodies, {} units, {} follow-up plans",
        data.organisation.municipality().name,
        code,
        data.organisation.bodies().len(),
        data.organisation.units().len(),
        data.plans.len()
    ))
}

/// `arshjul import org DIR`
pub async fn import_org_dir(store: &Store, dir: &std::path::Path, actor: &Actor) -> Result<String> {
    let mut files = Vec::new();
    for name in ["kommun.csv", "organ.csv", "enheter.csv", "uppfoljning.csv"] {
        let path = dir.join(name);
        if path.exists() {
            files.push((path.display().to_string(), std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?));
        }
    }
    store_org(store, &dir.display().to_string(), &files, actor).await
}

/// Loads the demo; returns (username, role, municipality name) of the demo accounts.
pub async fn load(store: &Store) -> Result<Vec<(String, &'static str, String)>> {
    let actor = Actor::system("demo");
    let hash = web::auth::hash_password(PASSWORD).map_err(anyhow::Error::msg)?;
    let mut logins = Vec::new();
    ensure_user(store, &actor, "admin", "Administratör", Role::Admin, None, &hash).await?;
    logins.push(("admin".to_string(), Role::Admin.label_sv(), "alla kommuner".to_string()));
    for k in &DEMO {
        let files: Vec<(String, Vec<u8>)> = k.files.iter().map(|(n, b)| (format!("demo/{}/{n}", k.dir), b.to_vec())).collect();
        store_org(store, k.dir, &files, &actor).await?;
        let code = &k.dir[..4];
        let m = store::org::municipality(store, code).await?.context("demo municipality not stored")?;
        for role in Role::ACCOUNT_ROLES.into_iter().filter(|r| *r != Role::Admin) {
            let username = format!("{}.{}", role.key(), k.slug);
            let display = format!("{} {}", role.label_sv(), m.name.trim_end_matches(" kommun"));
            ensure_user(store, &actor, &username, &display, role, Some(code), &hash).await?;
            logins.push((username, role.label_sv(), m.name.clone()));
        }
    }
    Ok(logins)
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
