//! User accounts. Passwords arrive here already hashed (argon2, in `web::auth`); the hash never
//! leaves this module except to the verifier and never enters the audit log.

use crate::{Change, Error, Result, Store, Writer};
use domain::role::Role;
use serde::Serialize;
use sqlx::Row;

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// Login name, unique.
    pub username: String,
    /// Name shown in the interface.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// The municipality the account belongs to; `None` for an administrator of all.
    pub municipality: Option<String>,
    /// Whether the account may log in.
    pub disabled: bool,
    /// The unit (enhet) the account works in, when it is tied to one.
    pub unit: Option<String>,
    #[serde(skip)]
    password_hash: String,
}

impl User {
    /// The stored password hash (PHC string), for verification only.
    pub fn password_hash(&self) -> &str {
        &self.password_hash
    }
}

/// What a new account needs.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Login name.
    pub username: &'a str,
    /// Name shown in the interface.
    pub display_name: &'a str,
    /// Role (not [`Role::Public`]).
    pub role: Role,
    /// Municipality code, or `None` for a system-wide administrator.
    pub municipality: Option<&'a str>,
    /// Argon2 PHC hash of the password.
    pub password_hash: &'a str,
}

const COLUMNS: &str = "id, username, display_name, role, municipality, password_hash, disabled, unit";

fn from_row(r: &sqlx::any::AnyRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: Role::parse(&role).ok_or_else(|| Error::Corrupt(format!("role \"{role}\"")))?,
        municipality: r.try_get("municipality")?,
        password_hash: r.try_get("password_hash")?,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        unit: r.try_get("unit")?,
    })
}

/// Ties an account to a unit (or unties it with `None`), audited.
/// The entry is the account's municipality's (its log shows who may see which unit's data),
/// with the unit it had before.
pub async fn set_unit(w: &mut Writer<'_>, username: &str, unit: Option<&str>) -> Result<()> {
    let before: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT municipality, unit FROM app_user WHERE username = $1").bind(username).fetch_optional(w.conn()).await?;
    let Some((municipality, old)) = before else { return Err(Error::NotFound(format!("kontot {username}"))) };
    // The same unit again changes nothing, and logs nothing.
    if old.as_deref() == unit {
        return Ok(());
    }
    sqlx::query("UPDATE app_user SET unit = $2 WHERE username = $1").bind(username).bind(unit).execute(w.conn()).await?;
    let (b, a) = (serde_json::json!({ "unit": old }), serde_json::json!({ "unit": unit }));
    w.audit(crate::Change::new(municipality.as_deref(), "user.unit", "app_user", username, Some(&b), Some(&a))).await
}

/// Creates an account. Fails with [`Error::Conflict`] if the name is taken and with
/// [`Error::NotFound`] if the municipality does not exist.
pub async fn create(w: &mut Writer<'_>, new: &NewUser<'_>) -> Result<User> {
    if new.role == Role::Public {
        return Err(Error::Conflict("rollen allmänhet hör till anonyma besökare, inte till konton".into()));
    }
    if new.role != Role::Admin && new.municipality.is_none() {
        return Err(Error::Conflict(format!("ett konto med rollen {} måste höra till en kommun (--municipality KOD)", new.role)));
    }
    if let Some(m) = new.municipality {
        let found: Option<(String,)> =
            sqlx::query_as("SELECT code FROM municipality WHERE code = $1").bind(m).fetch_optional(w.conn()).await?;
        if found.is_none() {
            return Err(Error::NotFound(format!("kommunen {m}")));
        }
    }
    let taken: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM app_user WHERE lower(username) = lower($1)").bind(new.username).fetch_optional(w.conn()).await?;
    if taken.is_some() {
        return Err(Error::Conflict(format!("användarnamnet \"{}\" är upptaget", new.username)));
    }
    sqlx::query(
        "INSERT INTO app_user (username, display_name, role, municipality, password_hash, created_at, disabled) \
         VALUES ($1, $2, $3, $4, $5, $6, 0)",
    )
    .bind(new.username)
    .bind(new.display_name)
    .bind(new.role.key())
    .bind(new.municipality)
    .bind(new.password_hash)
    .bind(crate::now_iso())
    .execute(w.conn())
    .await?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM app_user WHERE username = $1")))
        .bind(new.username)
        .fetch_one(w.conn())
        .await?;
    let user = from_row(&row)?;
    w.audit(Change::new(new.municipality, "user.create", "user", new.username, None, Some(&user))).await?;
    Ok(user)
}

/// Closes (`disabled`) or opens an account: a closed one cannot log in, and its sessions end
/// at their next request.
pub async fn set_disabled(w: &mut Writer<'_>, username: &str, disabled: bool) -> Result<()> {
    let before: Option<(Option<String>, i64)> =
        sqlx::query_as("SELECT municipality, disabled FROM app_user WHERE username = $1").bind(username).fetch_optional(w.conn()).await?;
    let Some((municipality, old)) = before else { return Err(Error::NotFound(format!("kontot {username}"))) };
    sqlx::query("UPDATE app_user SET disabled = $2 WHERE username = $1").bind(username).bind(disabled as i64).execute(w.conn()).await?;
    let (b, a) = (serde_json::json!({ "disabled": old != 0 }), serde_json::json!({ "disabled": disabled }));
    w.audit(crate::Change::new(municipality.as_deref(), "user.disabled", "app_user", username, Some(&b), Some(&a))).await
}

/// Replaces an account's password hash.
pub async fn set_password(w: &mut Writer<'_>, username: &str, password_hash: &str) -> Result<()> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM app_user WHERE username = $1")))
        .bind(username)
        .fetch_optional(w.conn())
        .await?
        .ok_or_else(|| Error::NotFound(format!("kontot {username}")))?;
    let user = from_row(&row)?;
    sqlx::query("UPDATE app_user SET password_hash = $1 WHERE username = $2").bind(password_hash).bind(username).execute(w.conn()).await?;
    w.audit(Change::new(user.municipality.as_deref(), "user.password", "user", username, Some(&user), Some(&user))).await
}

/// The account with this login name, as typed or with other capitals (a phone's keyboard
/// capitalises the first letter); an exact match first.
pub async fn by_username(store: &Store, username: &str) -> Result<Option<User>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM app_user WHERE lower(username) = lower($1) ORDER BY CASE WHEN username = $1 THEN 0 ELSE 1 END LIMIT 1"
    )))
    .bind(username)
    .fetch_optional(store.pool())
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The account with this id.
pub async fn by_id(store: &Store, id: i64) -> Result<Option<User>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM app_user WHERE id = $1")))
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every account (of one municipality when given), sorted by name in Swedish order.
pub async fn list(store: &Store, municipality: Option<&str>) -> Result<Vec<User>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM app_user"))).fetch_all(store.pool()).await?;
    let mut users = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    if let Some(m) = municipality {
        users.retain(|u| u.municipality.as_deref() == Some(m));
    }
    domain::sv::sort_by_key_sv(&mut users, |u| &u.username);
    Ok(users)
}
