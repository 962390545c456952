//! Kolada (RKA's municipal KPI database), API v3: the data shape of
//! `/v3/data/kpi/{kpi}/municipality/{ids}/year/{years}` read into outcomes with T/K/M values,
//! from a file or fetched from a configurable base URL.
//!
//! ```json
//! { "count": 1, "values": [ { "kpi": "N21704", "municipality": "0180", "period": 2023,
//!   "values": [ {"gender": "T", "value": 16.8, "status": "", "count": 1}, … ] } ] }
//! ```
//!
//! `null` values keep their status ("Missing") as the outcome's note instead of becoming zero.

use crate::Error;
use domain::goals::{Measure, Outcome};
use domain::period::Period;
use serde_json::Value;

/// The public API.
pub const DEFAULT_BASE_URL: &str = "https://api.kolada.se/v3";

/// One KPI value row for a municipality and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KoladaRow {
    /// KPI id, e.g. "N21704".
    pub kpi: String,
    /// Municipality id (SCB code), e.g. "0486".
    pub municipality: String,
    /// The outcome with T/K/M.
    pub outcome: Outcome,
}

/// Parses a v3 data document. Errors name the file and, for JSON syntax, the line; for a
/// wrong shape, the path inside the document (`values[2].period`).
pub fn parse(file: &str, bytes: &[u8]) -> Result<Vec<KoladaRow>, Error> {
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| Error::at(file, e.line() as u64, None, format!("är inte giltig JSON: {e}")))?;
    let shape = |path: String, what: &str| Error { field: Some(path), ..Error::file(file, format!("ska vara {what}")) };
    let rows =
        doc.get("values").and_then(Value::as_array).ok_or_else(|| shape("values".into(), "en lista med datarader under \"values\""))?;
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let at = |f: &str| format!("values[{i}].{f}");
        let text = |f: &str| -> Result<String, Error> {
            match row.get(f) {
                Some(Value::String(s)) => Ok(s.clone()),
                Some(Value::Number(n)) => Ok(n.to_string()),
                _ => Err(shape(at(f), "en text eller ett tal")),
            }
        };
        let kpi = text("kpi")?;
        let municipality = text("municipality")?;
        let year = text("period")?;
        let period =
            Period::parse(&year).ok().filter(|p| matches!(p, Period::Year(_))).ok_or_else(|| shape(at("period"), "ett år som 2023"))?;
        let values = row.get("values").and_then(Value::as_array).ok_or_else(|| shape(at("values"), "en lista med värden per kön"))?;
        let mut outcome = Outcome { period, total: None, women: None, men: None, note: None };
        let mut notes = Vec::new();
        for (j, v) in values.iter().enumerate() {
            let vat = |f: &str| format!("values[{i}].values[{j}].{f}");
            let gender = v.get("gender").and_then(Value::as_str).ok_or_else(|| shape(vat("gender"), "\"T\", \"K\" eller \"M\""))?;
            let value = match v.get("value") {
                None | Some(Value::Null) => None,
                // Measures keep four decimals: a longer value (33.33333, 1e-5) is rounded to them.
                Some(Value::Number(n)) => Some(
                    Measure::parse_sv(&n.to_string())
                        .or_else(|| n.as_f64().filter(|f| f.abs() < 1e12).and_then(|f| Measure::parse_sv(&format!("{f:.4}"))))
                        .ok_or_else(|| shape(vat("value"), "ett tal under en biljon"))?,
                ),
                Some(_) => return Err(shape(vat("value"), "ett tal eller null")),
            };
            let status = v.get("status").and_then(Value::as_str).unwrap_or("");
            if value.is_none() || !status.is_empty() {
                let label = match gender {
                    "T" => "totalt",
                    "K" => "kvinnor",
                    "M" => "män",
                    _ => gender,
                };
                notes.push(format!("{label}: {}", if status.is_empty() { "värde saknas" } else { status }));
            }
            match gender {
                "T" => outcome.total = value,
                "K" => outcome.women = value,
                "M" => outcome.men = value,
                _ => return Err(shape(vat("gender"), "\"T\", \"K\" eller \"M\"")),
            }
        }
        if !notes.is_empty() {
            outcome.note = Some(format!("Kolada – {}", notes.join(", ")));
        }
        out.push(KoladaRow { kpi, municipality, outcome });
    }
    Ok(out)
}

/// The URL of the data for a KPI, municipalities and years.
pub fn data_url(base: &str, kpi: &str, municipalities: &[&str], years: &[i32]) -> String {
    let years: Vec<String> = years.iter().map(i32::to_string).collect();
    format!("{}/data/kpi/{kpi}/municipality/{}/year/{}", base.trim_end_matches('/'), municipalities.join(","), years.join(","))
}

/// Fetches and parses the data for a KPI, following `next_url`/`next_page` links. Blocking;
/// call it off the async runtime.
pub fn fetch(base: &str, kpi: &str, municipalities: &[&str], years: &[i32]) -> Result<Vec<KoladaRow>, Error> {
    let mut url = Some(data_url(base, kpi, municipalities, years));
    let mut out = Vec::new();
    let mut pages = 0;
    while let Some(u) = url.take() {
        pages += 1;
        if pages > 100 {
            return Err(Error::file(&u, "mer än 100 sidor; hämtningen avbröts"));
        }
        let mut res = ureq::get(&u).call().map_err(|e| Error::file(&u, format!("anropet misslyckades: {e}")))?;
        let body = res
            .body_mut()
            .with_config()
            .limit(50 << 20)
            .read_to_vec()
            .map_err(|e| Error::file(&u, format!("svaret gick inte att läsa: {e}")))?;
        out.extend(parse(&u, &body)?);
        let doc: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        url = ["next_url", "next_page"]
            .iter()
            .find_map(|k| doc.get(*k).and_then(Value::as_str))
            .filter(|s| !s.is_empty())
            .map(str::to_string);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{ "count": 2, "values": [
        {"kpi": "U21468", "municipality": "1882", "period": 2024,
         "values": [{"gender": "T", "value": 88.0, "status": "", "count": 1},
                    {"gender": "K", "value": 90.5, "status": "", "count": 1},
                    {"gender": "M", "value": null, "status": "Missing", "count": 0}]},
        {"kpi": "U21468", "municipality": "1882", "period": "2023",
         "values": [{"gender": "T", "value": 84.25, "status": "", "count": 1}]}
    ], "next_page": null }"#;

    #[test]
    fn reads_t_k_m_and_missing_values() {
        let rows = parse("kolada.json", SAMPLE.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        let o = &rows[0].outcome;
        assert_eq!(o.total, Measure::parse_sv("88"));
        assert_eq!(o.women, Measure::parse_sv("90,5"));
        assert_eq!(o.men, None);
        assert_eq!(o.note.as_deref(), Some("Kolada – män: Missing"));
        assert_eq!(rows[1].outcome.period.to_string(), "2023");
        assert_eq!(rows[1].outcome.total, Measure::parse_sv("84,25"));
    }

    #[test]
    fn values_with_more_than_four_decimals_are_rounded_to_four() {
        let doc = br#"{"values": [{"kpi": "X", "municipality": "1882", "period": 2024, "values": [
            {"gender": "T", "value": 33.333333}, {"gender": "K", "value": 1e-5}, {"gender": "M", "value": 66.66666}]}]}"#;
        let o = &parse("k.json", doc).unwrap()[0].outcome;
        assert_eq!((o.total, o.women, o.men), (Measure::parse_sv("33,3333"), Measure::parse_sv("0"), Measure::parse_sv("66,6667")));
    }

    #[test]
    fn malformed_documents_name_the_place() {
        let e = parse("k.json", b"{\"values\": [\n{\"kpi\": \"X\",\n\"municipality\": 1882 \"period\": 2024}]}").unwrap_err();
        assert!(e.to_string().starts_with("k.json:3: är inte giltig JSON"), "{e}");
        let e = parse("k.json", br#"{"values": [{"kpi": "X", "municipality": "1882", "period": "ar", "values": []}]}"#).unwrap_err();
        assert_eq!(e.to_string(), "k.json: fält \"values[0].period\": ska vara ett år som 2023");
        let e = parse(
            "k.json",
            br#"{"values": [{"kpi": "X", "municipality": "1882", "period": 2024, "values": [{"gender": "X", "value": 1}]}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "k.json: fält \"values[0].values[0].gender\": ska vara \"T\", \"K\" eller \"M\"");
        assert!(parse("k.json", b"{}").unwrap_err().to_string().contains("\"values\""));
    }

    #[test]
    fn urls() {
        assert_eq!(
            data_url("https://api.kolada.se/v3/", "N21704", &["0486", "1882"], &[2023, 2024]),
            "https://api.kolada.se/v3/data/kpi/N21704/municipality/0486,1882/year/2023,2024"
        );
    }
}
