//! The page shell every page shares: title, the logged-in account, the municipality in view,
//! and the navigation, showing only links the account may follow.

use crate::access;
use crate::auth::AuthSession;
use crate::error::AppError;
use askama::Template;
use domain::org::Municipality;
use domain::role::Role;

/// A link in the navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    /// Link text.
    pub label: &'static str,
    /// Target.
    pub href: String,
    /// Whether it is the current page.
    pub current: bool,
}

/// Data of the shared layout.
#[derive(Debug, Clone)]
pub struct Shell {
    /// Page title (also the h1 unless the page sets its own).
    pub title: String,
    /// Display name and role label of the logged-in account.
    pub user: Option<(String, &'static str)>,
    /// The municipality in view (code, name).
    pub kommun: Option<(String, String)>,
    /// Navigation links.
    pub nav: Vec<NavItem>,
}

/// The municipality's areas, as (label, path pattern, path suffix). An area appears in the
/// navigation once its page exists; each is shown only to roles its rule admits.
const AREAS: &[(&str, &str, &str)] = &[
    ("Översikt", "/k/{kommun}", ""),
    ("Mål", "/k/{kommun}/mal", "/mal"),
    ("Ekonomi", "/k/{kommun}/ekonomi", "/ekonomi"),
    ("Kvalitet", "/k/{kommun}/kvalitet", "/kvalitet"),
    ("Diarium", "/k/{kommun}/diarium", "/diarium"),
    ("Sammanträden", "/k/{kommun}/sammantraden", "/sammantraden"),
    ("Anslagstavla", "/k/{kommun}/anslagstavla", "/anslagstavla"),
    ("Sök", "/k/{kommun}/sok", "/sok"),
    ("Rapporter", "/k/{kommun}/rapporter", "/rapporter"),
    ("Personal", "/k/{kommun}/personal", "/personal"),
    ("Intern kontroll", "/k/{kommun}/internkontroll", "/internkontroll"),
    ("Ej verkställda beslut", "/k/{kommun}/evb", "/evb"),
    ("Organisation", "/k/{kommun}/organisation", "/organisation"),
    ("Uppföljningspunkter", "/k/{kommun}/perioder", "/perioder"),
    ("Granskningslogg", "/k/{kommun}/granskningslogg", "/granskningslogg"),
];

impl Shell {
    /// The shell for a page titled `title`, for the caller in `auth`, optionally inside a
    /// municipality. The current page is marked by [`Shell::at`].
    pub fn new(title: &str, auth: &AuthSession, kommun: Option<&Municipality>) -> Shell {
        let who = access::Who::of(auth);
        let role = who.role;
        let mut nav = Vec::new();
        if let Some(m) = kommun {
            let code = m.code.as_str();
            for (label, pattern, suffix) in AREAS {
                let may = access::allows(role, "GET", pattern) && (role_is_public_rule(pattern) || who.belongs_to(code));
                if may {
                    nav.push(NavItem { label, href: format!("/k/{code}{suffix}"), current: false });
                }
            }
        }
        if access::allows(role, "GET", "/admin") {
            nav.push(NavItem { label: "Administration", href: "/admin".into(), current: false });
        }
        if access::allows(role, "GET", "/admin/anvandare") {
            nav.push(NavItem { label: "Användare", href: "/admin/anvandare".into(), current: false });
        }
        if access::allows(role, "GET", "/admin/inlasning") {
            nav.push(NavItem { label: "Läs in filer", href: "/admin/inlasning".into(), current: false });
        }
        Shell {
            title: title.to_string(),
            user: who.user.as_ref().map(|u| (u.display_name.clone(), u.role.label_sv())),
            kommun: kommun.map(|m| (m.code.as_str().to_string(), m.name.clone())),
            nav,
        }
    }

    /// Marks the navigation link with `href` as the current page.
    pub fn at(mut self, href: &str) -> Shell {
        for n in &mut self.nav {
            n.current = n.href == href;
        }
        self
    }
}

fn role_is_public_rule(pattern: &str) -> bool {
    access::allows(Role::Public, "GET", pattern)
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate<'a> {
    shell: Shell,
    status: u16,
    detail: &'a str,
}

/// The HTML error page for `err`, for the caller in `auth`.
pub fn error_page(err: &AppError, auth: &AuthSession) -> String {
    let shell = Shell::new(&err.title, auth, None);
    ErrorTemplate { shell, status: err.status.as_u16(), detail: &err.detail }
        .render()
        .unwrap_or_else(|_| format!("<!doctype html><html lang=\"sv\"><title>{0}</title><h1>{0}</h1></html>", err.status))
}
