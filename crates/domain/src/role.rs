//! Who a user is in the committee's work, and so what they may see and do.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A user's role. Every route names the roles it admits (see `web::access`); the anonymous
/// public is [`Role::Public`], which no account has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// System administrator: accounts, configuration, every municipality.
    Admin,
    /// Nämndsekreterare — committee secretary: cases, meetings, minutes.
    Sekreterare,
    /// Controller: economy, goals, reports.
    Controller,
    /// Verksamhetschef — head of operations: reports for their units; decides on Lex Sarah.
    Verksamhetschef,
    /// MAS (medicinskt ansvarig sjuksköterska) — the nurse responsible for patient safety in the
    /// municipality's health care: sees every deviation and decides on Lex Maria.
    Mas,
    /// Ledamot — elected member of the committee: reads case papers and reports.
    Ledamot,
    /// Revisor — auditor: reads everything, including the audit log; changes nothing.
    Revisor,
    /// The anonymous public: published material only.
    Public,
}

impl Role {
    /// Every role, the public last.
    pub const ALL: [Role; 8] =
        [Role::Admin, Role::Sekreterare, Role::Controller, Role::Verksamhetschef, Role::Mas, Role::Ledamot, Role::Revisor, Role::Public];

    /// The roles an account can have (all but the public).
    pub const ACCOUNT_ROLES: [Role; 7] =
        [Role::Admin, Role::Sekreterare, Role::Controller, Role::Verksamhetschef, Role::Mas, Role::Ledamot, Role::Revisor];

    /// The stable key used in files, the database and the CLI (`controller`).
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Sekreterare => "sekreterare",
            Role::Controller => "controller",
            Role::Verksamhetschef => "verksamhetschef",
            Role::Mas => "mas",
            Role::Ledamot => "ledamot",
            Role::Revisor => "revisor",
            Role::Public => "public",
        }
    }

    /// Parses a key as written by [`Role::key`].
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == s.trim().to_lowercase())
    }

    /// The Swedish name shown in the interface.
    pub fn label_sv(self) -> &'static str {
        match self {
            Role::Admin => "Administratör",
            Role::Sekreterare => "Nämndsekreterare",
            Role::Controller => "Controller",
            Role::Verksamhetschef => "Verksamhetschef",
            Role::Mas => "MAS (medicinskt ansvarig sjuksköterska)",
            Role::Ledamot => "Ledamot",
            Role::Revisor => "Revisor",
            Role::Public => "Allmänheten",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.key()), Some(r));
        }
        assert_eq!(Role::parse("Controller"), Some(Role::Controller));
        assert_eq!(Role::parse("chef"), None);
    }
}
