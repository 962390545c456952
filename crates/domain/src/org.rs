//! The organisation: municipalities, their political bodies, and the administration's tree of
//! verksamhetsområden and units with their ansvar codes. Every row in Årshjul belongs to one
//! municipality, identified by its SCB code.

use crate::sv;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// A municipality's four-digit code from SCB (Statistics Sweden), e.g. `0486` Strängnäs.
/// The leading zero is significant, so the code is text, not a number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ScbCode(String);

impl ScbCode {
    /// Parses a four-digit code.
    pub fn parse(s: &str) -> Result<ScbCode, OrgError> {
        let t = s.trim();
        if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            Ok(ScbCode(t.to_string()))
        } else {
            Err(OrgError::BadScbCode(s.to_string()))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ScbCode {
    type Error = OrgError;
    fn try_from(s: String) -> Result<ScbCode, OrgError> {
        ScbCode::parse(&s)
    }
}

impl From<ScbCode> for String {
    fn from(c: ScbCode) -> String {
        c.0
    }
}

impl fmt::Display for ScbCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A municipality (kommun).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    /// SCB code.
    pub code: ScbCode,
    /// Name as it is written, e.g. "Strängnäs kommun".
    pub name: String,
    /// How its diarium writes case numbers, by an example ("SN/2022:00053", "SN 2022/53",
    /// "SOC.2023.58"): new cases are numbered in its grammar and series. Empty: the grammar and
    /// series of the newest case, or "SN/ÅÅÅÅ:00001".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub case_form: String,
}

impl Municipality {
    /// A municipality whose case numbers take the default form.
    pub fn new(code: ScbCode, name: impl Into<String>) -> Municipality {
        Municipality { code, name: name.into(), case_form: String::new() }
    }
}

/// The kind of a political body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    /// Kommunfullmäktige — the municipal council (KF).
    Kommunfullmaktige,
    /// Kommunstyrelse — the municipal executive board (KS).
    Kommunstyrelse,
    /// Nämnd — a committee, e.g. socialnämnden.
    Namnd,
    /// Arbetsutskott — the committee's working committee (AU).
    Arbetsutskott,
    /// Utskott — another subcommittee, e.g. an individutskott for individual cases.
    Utskott,
}

impl BodyKind {
    /// Every kind.
    pub const ALL: [BodyKind; 5] =
        [BodyKind::Kommunfullmaktige, BodyKind::Kommunstyrelse, BodyKind::Namnd, BodyKind::Arbetsutskott, BodyKind::Utskott];

    /// The stable key used in files and the database.
    pub fn key(self) -> &'static str {
        match self {
            BodyKind::Kommunfullmaktige => "kommunfullmaktige",
            BodyKind::Kommunstyrelse => "kommunstyrelse",
            BodyKind::Namnd => "namnd",
            BodyKind::Arbetsutskott => "arbetsutskott",
            BodyKind::Utskott => "utskott",
        }
    }

    /// Parses a key; the Swedish spellings with å/ä are accepted too.
    pub fn parse(s: &str) -> Option<BodyKind> {
        let t = s.trim().to_lowercase().replace(['ä', 'å'], "a");
        BodyKind::ALL.into_iter().find(|k| k.key() == t)
    }

    /// Swedish label.
    pub fn label_sv(self) -> &'static str {
        match self {
            BodyKind::Kommunfullmaktige => "Kommunfullmäktige",
            BodyKind::Kommunstyrelse => "Kommunstyrelse",
            BodyKind::Namnd => "Nämnd",
            BodyKind::Arbetsutskott => "Arbetsutskott",
            BodyKind::Utskott => "Utskott",
        }
    }
}

/// A political body: council, board, committee or subcommittee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    /// Short key, unique within the municipality (e.g. "SN", "SN-AU").
    pub key: String,
    /// Kind of body.
    pub kind: BodyKind,
    /// Name as written, e.g. "Socialnämnden".
    pub name: String,
    /// The body this one belongs to (an arbetsutskott belongs to its nämnd).
    pub parent: Option<String>,
}

/// The kind of a node in the administration's tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// Förvaltning — the administration serving a committee.
    Forvaltning,
    /// Verksamhetsområde — an area of operations (also called avdelning).
    Verksamhetsomrade,
    /// Enhet — a unit within an area.
    Enhet,
}

impl UnitKind {
    /// Every kind, root first.
    pub const ALL: [UnitKind; 3] = [UnitKind::Forvaltning, UnitKind::Verksamhetsomrade, UnitKind::Enhet];

    /// The stable key used in files and the database.
    pub fn key(self) -> &'static str {
        match self {
            UnitKind::Forvaltning => "forvaltning",
            UnitKind::Verksamhetsomrade => "verksamhetsomrade",
            UnitKind::Enhet => "enhet",
        }
    }

    /// Parses a key; Swedish spellings with å/ä/ö are accepted too.
    pub fn parse(s: &str) -> Option<UnitKind> {
        let t = s.trim().to_lowercase().replace(['å', 'ä'], "a").replace('ö', "o");
        UnitKind::ALL.into_iter().find(|k| k.key() == t)
    }

    /// Swedish label.
    pub fn label_sv(self) -> &'static str {
        match self {
            UnitKind::Forvaltning => "Förvaltning",
            UnitKind::Verksamhetsomrade => "Verksamhetsområde",
            UnitKind::Enhet => "Enhet",
        }
    }
}

/// A node in the administration's tree: the förvaltning, a verksamhetsområde or a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Short key, unique within the municipality.
    pub key: String,
    /// Kind of node.
    pub kind: UnitKind,
    /// Name as written, e.g. "Individ- och familjeomsorg".
    pub name: String,
    /// Ansvar code in the ledger, if the municipality uses one for this node.
    pub ansvar: Option<String>,
    /// Parent node's key; `None` for the förvaltning.
    pub parent: Option<String>,
    /// The political body the node answers to (set on the förvaltning).
    pub body: Option<String>,
}

/// Why organisation data was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgError {
    /// Not a four-digit SCB code.
    BadScbCode(String),
    /// Two bodies or units share a key.
    DuplicateKey(String),
    /// A parent or body key that does not exist.
    UnknownParent {
        /// The node that names it.
        key: String,
        /// The missing key.
        parent: String,
    },
    /// The parent links form a cycle through this key.
    Cycle(String),
}

impl fmt::Display for OrgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrgError::BadScbCode(s) => write!(f, "\"{s}\" är ingen kommunkod: ange SCB:s fyrsiffriga kod, t.ex. 0486"),
            OrgError::DuplicateKey(k) => write!(f, "nyckeln \"{k}\" används två gånger"),
            OrgError::UnknownParent { key, parent } => {
                write!(f, "\"{key}\" hänvisar till \"{parent}\", som inte finns")
            }
            OrgError::Cycle(k) => write!(f, "kedjan av överordnade genom \"{k}\" går runt i en cirkel"),
        }
    }
}

impl std::error::Error for OrgError {}

/// A municipality's organisation, checked: keys unique, every parent exists, no cycles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    municipality: Municipality,
    bodies: Vec<Body>,
    units: Vec<Unit>,
}

impl Organisation {
    /// Checks and builds an organisation.
    pub fn new(municipality: Municipality, bodies: Vec<Body>, units: Vec<Unit>) -> Result<Organisation, OrgError> {
        check_tree(bodies.iter().map(|b| (b.key.as_str(), b.parent.as_deref())))?;
        check_tree(units.iter().map(|u| (u.key.as_str(), u.parent.as_deref())))?;
        let body_keys: HashSet<&str> = bodies.iter().map(|b| b.key.as_str()).collect();
        for u in &units {
            if let Some(b) = &u.body
                && !body_keys.contains(b.as_str())
            {
                return Err(OrgError::UnknownParent { key: u.key.clone(), parent: b.clone() });
            }
        }
        Ok(Organisation { municipality, bodies, units })
    }

    /// The municipality.
    pub fn municipality(&self) -> &Municipality {
        &self.municipality
    }
    /// Its political bodies, in the order given.
    pub fn bodies(&self) -> &[Body] {
        &self.bodies
    }
    /// Every unit, in the order given.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Why `unit` names none of the units (by key or name, in any case), with the units it could
    /// name; `None` when it names one.
    pub fn unknown_unit(&self, unit: &str) -> Option<String> {
        let wanted = unit.trim().to_lowercase();
        if self.units.iter().any(|u| u.key.to_lowercase() == wanted || u.name.to_lowercase() == wanted) {
            return None;
        }
        let names: Vec<String> = self.units.iter().map(|u| format!("{} ({})", u.name, u.key)).collect();
        Some(match names.is_empty() {
            true => format!("kommunen {} har inga enheter; läs in organisationen först", self.municipality.code.as_str()),
            false => format!("enheten «{}» finns inte i kommunens organisation; enheterna är {}", unit.trim(), names.join(", ")),
        })
    }

    /// Why `body` names none of the political bodies (by key), with the bodies it could name;
    /// `None` when it names one.
    pub fn unknown_body(&self, body: &str) -> Option<String> {
        if self.bodies.iter().any(|b| b.key == body.trim()) {
            return None;
        }
        let names: Vec<String> = self.bodies.iter().map(|b| format!("{} ({})", b.key, b.name)).collect();
        Some(format!("organet «{}» finns inte i kommunens organisation; organen är {}", body.trim(), names.join(", ")))
    }

    /// The units as a tree in display order: depth-first, siblings in the order given.
    /// Each entry is (depth, unit); roots have depth 0.
    pub fn unit_tree(&self) -> Vec<(usize, &Unit)> {
        let mut children: HashMap<Option<&str>, Vec<&Unit>> = HashMap::new();
        for u in &self.units {
            children.entry(u.parent.as_deref()).or_default().push(u);
        }
        let mut out = Vec::with_capacity(self.units.len());
        fn walk<'a>(at: Option<&str>, depth: usize, children: &HashMap<Option<&str>, Vec<&'a Unit>>, out: &mut Vec<(usize, &'a Unit)>) {
            for u in children.get(&at).into_iter().flatten() {
                out.push((depth, u));
                walk(Some(u.key.as_str()), depth + 1, children, out);
            }
        }
        walk(None, 0, &children, &mut out);
        out
    }

    /// The committees (nämnder), sorted in Swedish order.
    pub fn committees(&self) -> Vec<&Body> {
        let mut v: Vec<&Body> = self.bodies.iter().filter(|b| b.kind == BodyKind::Namnd).collect();
        v.sort_by(|a, b| sv::collate(&a.name, &b.name));
        v
    }
}

fn check_tree<'a>(nodes: impl Iterator<Item = (&'a str, Option<&'a str>)> + Clone) -> Result<(), OrgError> {
    let mut parent_of: HashMap<&str, Option<&str>> = HashMap::new();
    for (key, parent) in nodes.clone() {
        if parent_of.insert(key, parent).is_some() {
            return Err(OrgError::DuplicateKey(key.to_string()));
        }
    }
    for (key, parent) in nodes {
        if let Some(p) = parent
            && !parent_of.contains_key(p)
        {
            return Err(OrgError::UnknownParent { key: key.to_string(), parent: p.to_string() });
        }
        let mut at = parent;
        let mut steps = 0;
        while let Some(p) = at {
            steps += 1;
            if p == key || steps > parent_of.len() {
                return Err(OrgError::Cycle(key.to_string()));
            }
            at = parent_of[p];
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(key: &str, parent: Option<&str>) -> Unit {
        Unit {
            key: key.into(),
            kind: if parent.is_none() { UnitKind::Forvaltning } else { UnitKind::Verksamhetsomrade },
            name: key.to_uppercase(),
            ansvar: None,
            parent: parent.map(Into::into),
            body: None,
        }
    }

    fn kommun() -> Municipality {
        Municipality::new(ScbCode::parse("0486").unwrap(), "Strängnäs kommun")
    }

    #[test]
    fn scb_codes() {
        assert_eq!(ScbCode::parse(" 0127 ").unwrap().as_str(), "0127");
        assert!(ScbCode::parse("486").is_err());
        assert!(ScbCode::parse("04a6").is_err());
    }

    #[test]
    fn tree_order_and_depth() {
        let org = Organisation::new(
            kommun(),
            vec![],
            vec![unit("sf", None), unit("ifo", Some("sf")), unit("vuxen", Some("ifo")), unit("aldre", Some("sf"))],
        )
        .unwrap();
        let tree: Vec<(usize, &str)> = org.unit_tree().into_iter().map(|(d, u)| (d, u.key.as_str())).collect();
        assert_eq!(tree, [(0, "sf"), (1, "ifo"), (2, "vuxen"), (1, "aldre")]);
    }

    #[test]
    fn bad_trees_are_refused() {
        let dup = Organisation::new(kommun(), vec![], vec![unit("a", None), unit("a", None)]);
        assert_eq!(dup.unwrap_err(), OrgError::DuplicateKey("a".into()));
        let orphan = Organisation::new(kommun(), vec![], vec![unit("a", Some("x"))]);
        assert!(matches!(orphan.unwrap_err(), OrgError::UnknownParent { .. }));
        let cycle = Organisation::new(kommun(), vec![], vec![unit("a", Some("b")), unit("b", Some("a"))]);
        assert!(matches!(cycle.unwrap_err(), OrgError::Cycle(_)));
        let mut u = unit("a", None);
        u.body = Some("SN".into());
        assert!(matches!(Organisation::new(kommun(), vec![], vec![u]).unwrap_err(), OrgError::UnknownParent { .. }));
    }

    #[test]
    fn kinds_parse_swedish_spellings() {
        assert_eq!(BodyKind::parse("Nämnd"), Some(BodyKind::Namnd));
        assert_eq!(UnitKind::parse("verksamhetsområde"), Some(UnitKind::Verksamhetsomrade));
        assert_eq!(UnitKind::parse("förvaltning"), Some(UnitKind::Forvaltning));
    }
}
