//! Follow-up of private providers (uppföljning av privata utförare): the activities handed
//! over, their contracts and risk class, and the suppliers with their contract periods.

use crate::period::Date;
use serde::{Deserialize, Serialize};

/// An activity handed over to private providers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutsourcedActivity {
    /// Name.
    pub name: String,
    /// Number of contracts.
    pub contracts: u32,
    /// Risk class A–D.
    pub risk_class: char,
    /// Followed up this year.
    pub follow_up: bool,
    /// Frequency / form of follow-up.
    pub frequency: String,
    /// Note.
    pub note: String,
}

impl OutsourcedActivity {
    /// Risk classes A and B are high risk, C and D low (S:886, PP-06).
    pub fn high_risk(&self) -> bool {
        matches!(self.risk_class, 'A' | 'B')
    }
}

/// A supplier's contract for an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplier {
    /// Activity name.
    pub activity: String,
    /// Supplier.
    pub name: String,
    /// Contract start.
    pub from: Option<Date>,
    /// Contract end; `None` = tillsvidare (open-ended, PP-07).
    pub to: Option<Date>,
}

/// Parses a contract end as printed: a date, or "Tillsvidare"/"löpande" for open-ended.
pub fn parse_contract_end(s: &str) -> Result<Option<Date>, String> {
    let t = s.trim();
    match t.to_lowercase().as_str() {
        "" | "tillsvidare" | "löpande" | "tills vidare" => Ok(None),
        _ => Date::parse(t).map(Some).map_err(|e| e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pp_vectors() {
        assert_eq!([1, 3, 16, 73, 182, 1, 101, 119].iter().sum::<u32>(), 496, "PP-01");
        let a = OutsourcedActivity {
            name: "Hemtjänst".into(),
            contracts: 3,
            risk_class: 'A',
            follow_up: true,
            frequency: String::new(),
            note: String::new(),
        };
        assert!(a.high_risk(), "PP-06");
        assert!(!OutsourcedActivity { risk_class: 'C', ..a.clone() }.high_risk());
        let suppliers = ["Leverantör 1", "Leverantör 2", "Leverantör 3"];
        assert_eq!(suppliers.len() as u32, a.contracts, "PP-02: count = list length");
        let usk = |share: u32| share >= 65;
        assert!(!usk(57) && usk(65), "PP-04");
        let continuity = |staff: u32| staff < 15;
        assert!(!continuity(15) && continuity(14), "PP-05");
        assert_eq!(parse_contract_end("Tillsvidare"), Ok(None), "PP-07");
        assert_eq!(parse_contract_end("2024-08-31").unwrap().unwrap().to_string(), "2024-08-31");
        assert!(parse_contract_end("snart").is_err());
    }
}
