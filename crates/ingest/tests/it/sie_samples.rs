//! Every file in `shared/sie-samples/` is read as its name says: clean files without error and
//! with the right åäö, faulty ones with their error or warning and its line, never a panic.

use ingest::sie::{self, Encoding, Record};

#[derive(Debug)]
enum Expect {
    /// Reads without error (warnings allowed).
    Clean,
    /// Reads, with a warning on this line containing this text.
    Warn(u64, &'static str),
    /// Stops with an error on this line containing this text.
    Error(u64, &'static str),
}
use Expect::*;

const EXPECTATIONS: &[(&str, Expect)] = &[
    ("BLBLOV_SIE1.SE", Clean),
    ("BLBLOV_SIE1_copy.SE", Clean),
    ("BLBLOV_SIE1_erroneous_leap_year.SE", Error(10, "slutar (2020-02-28) innan det börjar (2021-03-01)")),
    ("BLBLOV_SIE1_file_is_read.SE", Warn(1, "redan inläst")),
    ("BLBLOV_SIE2.SE", Clean),
    ("BLBLOV_SIE2_UTF_8_with_errors.SE", Warn(216, "saknar SRU-kod")),
    ("BLBLOV_SIE2_UTF_8_with_multiple_errors.SE", Warn(218, "#SRU ignoreras")),
    ("BLBLOV_SIE2_UTF_8_with_non_numeric_account_number.SE", Error(16, "inte \"11AF\"")),
    ("BLBLOV_SIE3.SE", Clean),
    ("BLBLOV_SIE3_UTF_8_with_vouchers.SE", Warn(0, "används men är inte deklarerat")),
    ("BLBLOV_SIE4.SE", Clean),
    ("BLBLOV_SIE4.SI", Clean),
    ("BLBLOV_SIE4_ISO_8859_15.SE", Warn(545, "period och konto står i fel ordning")),
    ("BLBLOV_SIE4_ISO_8859_15.SI", Clean),
    ("BLBLOV_SIE4_UTF_8.SI", Clean),
    ("BLBLOV_SIE4_UTF_8_1.SE", Clean),
    ("BLBLOV_SIE4_UTF_8_IMBALANCED.SI", Warn(14, "balanserar inte")),
    ("BLBLOV_SIE4_UTF_8_MISSING_ACCOUNTS.SE", Warn(0, "används men är inte deklarerat")),
    ("BLBLOV_SIE4_UTF_8_WITH_FAULTY_ADDRESS.SI", Warn(6, "#ADRESS har 3 av sina 4 fält")),
    ("BLBLOV_SIE4_UTF_8_with_12_digit_cid.SI", Warn(7, "ska vara ett organisationsnummer")),
    ("BLBLOV_SIE4_UTF_8_with_8-4_digit_cid.SI", Warn(7, "ska vara ett organisationsnummer")),
    ("BLBLOV_SIE4_UTF_8_with_8_digit_account_number.SE", Error(14, "inte \"11100111\"")),
    ("BLBLOV_SIE4_UTF_8_with_critical_voucher_date_error.SI", Error(8, "inte \"rappakalja\"")),
    ("BLBLOV_SIE4_UTF_8_with_empty_voucher.SE", Warn(827, "saknar rader")),
    ("BLBLOV_SIE4_UTF_8_with_empty_voucher_date.SI", Error(8, "ska vara ett datum skrivet ÅÅÅÅMMDD")),
    ("BLBLOV_SIE4_UTF_8_with_erroneous_taxar.SE", Warn(12, "#TAXAR")),
    ("BLBLOV_SIE4_UTF_8_with_erroneous_voucher_date.SI", Error(8, "inte \"180501\"")),
    ("BLBLOV_SIE4_UTF_8_with_erroneous_voucher_numbers.SI", Warn(8, "i en importfil")),
    ("BLBLOV_SIE4_UTF_8_with_errors.SE", Warn(216, "saknar SRU-kod")),
    ("BLBLOV_SIE4_UTF_8_with_faulty_transaction.SI", Error(10, "#TRANS belopp")),
    ("BLBLOV_SIE4_UTF_8_with_imbalanced_voucher.SE", Warn(821, "balanserar inte")),
    ("BLBLOV_SIE4_UTF_8_with_iso_voucher_date.SI", Warn(8, "är skrivet ÅÅÅÅ-MM-DD")),
    ("BLBLOV_SIE4_UTF_8_with_missing_account_balance.SE", Error(426, "#IB belopp")),
    ("BLBLOV_SIE4_UTF_8_with_missing_account_numbers.SE", Error(14, "ska vara ett kontonummer, inte ett tomt fält")),
    ("BLBLOV_SIE4_UTF_8_with_missing_account_numbers_in_transaction.SI", Error(10, "ska vara ett kontonummer, inte ett tomt fält")),
    ("BLBLOV_SIE4_UTF_8_with_missing_company_name.SI", Warn(6, "företagsnamnet är tomt")),
    ("BLBLOV_SIE4_UTF_8_with_missing_sru_code.SE", Warn(216, "saknar SRU-kod")),
    ("BLBLOV_SIE4_UTF_8_with_missing_voucher_date.SI", Error(8, "#VER datum")),
    ("BLBLOV_SIE4_UTF_8_with_missing_voucher_series.SE", Error(821, "#VER datum")),
    ("BLBLOV_SIE4_UTF_8_with_non_numeric_account_number.SE", Error(16, "inte \"11AF\"")),
    ("BLBLOV_SIE4_UTF_8_with_unparseable_taxar.SE", Warn(12, "#TAXAR")),
    ("CC2-foretaget.SE", Clean),
    ("CC3.SI", Clean),
    ("Quotes_test.si", Clean),
    ("SIE_with_long_voucher_series_number.SE", Clean),
    ("SIE_with_missing_program_version.se", Warn(6, "#PROGRAM utan version")),
];

#[test]
fn every_sample_is_read_as_its_name_says() {
    let Some(dir) = crate::shared("sie-samples") else { return };
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") || name.ends_with(".json") {
            continue;
        }
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let expect = &EXPECTATIONS.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no expectation for {name}: add one")).1;
        let result = std::panic::catch_unwind(|| sie::read_all(&name, &bytes)).unwrap_or_else(|_| panic!("{name}: the reader panicked"));
        match (expect, result) {
            (Clean, Ok(_)) => {}
            (Warn(line, text), Ok((_, summary))) => {
                assert!(
                    summary.warnings.iter().any(|w| (*line == 0 || w.line == *line) && w.message.contains(text)),
                    "{name}: expected a warning on line {line} with \"{text}\", got {:#?}",
                    summary.warnings
                );
            }
            (Error(line, text), Err(e)) => {
                assert_eq!(e.line, Some(*line), "{name}: {e}");
                assert!(e.to_string().contains(text), "{name}: {e}");
                assert!(e.to_string().starts_with(&format!("{name}:{line}:")), "{name}: {e}");
            }
            (expect, got) => panic!("{name}: expected {expect:?}, got {:?}", got.map(|(_, s)| s.warnings)),
        }
        seen.push(name);
    }
    assert!(seen.len() >= 40, "only {} samples read", seen.len());
}

#[test]
fn swedish_letters_in_the_cp437_file() {
    let Some(dir) = crate::shared("sie-samples") else { return };
    let bytes = std::fs::read(dir.join("BLBLOV_SIE4.SE")).unwrap();
    let (records, summary) = sie::read_all("BLBLOV_SIE4.SE", &bytes).unwrap();
    assert_eq!(summary.encoding, Encoding::Cp437);
    let at = |line: u64| records.iter().find(|(_, l)| *l == line).map(|(r, _)| r.clone()).unwrap();
    assert_eq!(at(8), Record::Fnamn("Övningsföretaget AB".into()));
    assert_eq!(at(15), Record::Konto { account: 1119, name: "Ackumulerade avskrivningar på byggnader".into() });
    assert_eq!(at(21), Record::Konto { account: 1350, name: "Aktier, andelar och värdep i andra ftg".into() });
    assert_eq!(at(45), Record::Konto { account: 2099, name: "Årets resultat".into() });
    assert_eq!(at(94), Record::Konto { account: 3740, name: "Öresutjämning".into() });
    assert!(matches!(at(947), Record::Ver { ref text, .. } if text == "Löner"));
    // The same names from the UTF-8 and ISO-8859-15 exports.
    for (file, enc) in [("BLBLOV_SIE4_UTF_8_1.SE", Encoding::Utf8), ("BLBLOV_SIE4_ISO_8859_15.SE", Encoding::Latin1)] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let (records, summary) = sie::read_all(file, &bytes).unwrap();
        assert_eq!(summary.encoding, enc, "{file}");
        assert!(records.iter().any(|(r, _)| *r == Record::Fnamn("Övningsföretaget AB".into())), "{file}");
        assert!(records.iter().any(|(r, _)| *r == Record::Konto { account: 2099, name: "Årets resultat".into() }), "{file}");
    }
}

#[test]
fn the_si_file_matches_its_expected_result() {
    let Some(dir) = crate::shared("sie-samples") else { return };
    let expected: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("BLBLOV_SIE4_UTF_8_SI.json")).unwrap()).unwrap();
    let bytes = std::fs::read(dir.join("BLBLOV_SIE4_UTF_8.SI")).unwrap();
    let (records, _) = sie::read_all("BLBLOV_SIE4_UTF_8.SI", &bytes).unwrap();
    let vouchers: Vec<&Record> = records.iter().map(|(r, _)| r).filter(|r| matches!(r, Record::Ver { .. })).collect();
    let exp = expected["vouchers"].as_array().unwrap();
    assert_eq!(vouchers.len(), exp.len());
    for (v, e) in vouchers.iter().zip(exp) {
        let Record::Ver { series, date, trans, .. } = v else { unreachable!() };
        assert_eq!(series, e["series"].as_str().unwrap_or_default());
        assert!(e.to_string().contains(&date.to_string()), "date {date} in {e}");
        let sum: i64 = trans.iter().map(|t| t.amount.ore()).sum();
        assert_eq!(sum, 0);
        assert_eq!(trans.len(), e["transactions"].as_array().map(Vec::len).unwrap_or(trans.len()));
    }
}
