use super::*;
use chunk::Quick;

const MUNICIPAL: &str = "#FLAGGA 0\r
#PROGRAM \"Ekonomisystem\" 1.0\r
#FORMAT PC8\r
#GEN 20250131\r
#SIETYP 4\r
#FNAMN \"Exempel kommun\"\r
#ORGNR 212000-0000\r
#RAR 0 20250101 20251231\r
#KPTYP BAS2024\r
#DIM 1 \"Ansvar\"\r
#DIM 20 \"Verksamhet\"\r
#OBJEKT 1 \"5100\" \"Socialnämnden\"\r
#OBJEKT 20 \"561\" \"Barn- och ungdomsvård\"\r
#KONTO 3510 \"Statsbidrag\"\r
#KONTO 5011 \"Månadslön\"\r
#KONTO 1930 \"Bank\"\r
#KONTO 6110 \"Kontorsmaterial\"\r
#KTYP 5011 K\r
#EGETFALT 1 2 3\r
#PBUDGET 0 202501 5011 {1 \"5100\" 20 \"561\"} 850000.00\r
#PSALDO 0 202501 5011 {1 \"5100\" 20 \"561\"} 874312.50\r
#PSALDO 0 202501 3510 {1 \"5100\" 20 \"561\"} -120000\r
#VER A 17 20250115 \"Lön \\\"januari\\\"\"\r
{\r
#TRANS 5011 {1 \"5100\" 20 \"561\"} 874312.50\r
#TRANS 1930 {} -874312.50\r
}\r
#VER A 18 20250116 \"Rättelse\"\r
{\r
#TRANS 5011 {1 \"5100\"} 100.00\r
#RTRANS 6110 {1 \"5100\"} 50.00\r
#TRANS 6110 {1 \"5100\"} 50.00\r
#BTRANS 6110 {1 \"5100\"} 75.00\r
#TRANS 1930 {} -150.00\r
}\r
";

fn read_str(s: &str) -> Result<(Vec<(Record, u64)>, Summary), Error> {
    read_all("test.se", s.as_bytes())
}

#[test]
fn reads_a_municipal_export() {
    let (records, summary) = read_str(MUNICIPAL).unwrap();
    assert_eq!(summary.encoding, Encoding::Utf8);
    assert_eq!(summary.vouchers, 2);
    assert_eq!(summary.transactions, 5, "the #TRANS twin of the #RTRANS and the #BTRANS are not counted");
    let psaldo = records.iter().find_map(|(r, _)| match r {
        Record::Psaldo { objects, amount, period, .. } if *amount == Ore::new(87_431_250) => Some((objects.clone(), *period)),
        _ => None,
    });
    assert_eq!(psaldo.unwrap(), (vec![(1, "5100".to_string()), (20, "561".to_string())], YearMonth { year: 2025, month: 1 }));
    assert!(records.iter().any(|(r, _)| matches!(r, Record::Pbudget { amount, .. } if *amount == Ore::new(85_000_000))));
    assert!(records.iter().any(|(r, _)| matches!(r, Record::Psaldo { amount, .. } if *amount == Ore::new(-12_000_000))));
    let ver = records.iter().find_map(|(r, l)| match r {
        Record::Ver { text, trans, number, .. } if number == "17" => Some((text.clone(), trans.len(), *l)),
        _ => None,
    });
    assert_eq!(ver.unwrap(), ("Lön \"januari\"".to_string(), 2, 23));
    // The unknown label is kept and reported, not fatal.
    assert!(records.iter().any(|(r, _)| matches!(r, Record::Unknown { label, .. } if label == "#EGETFALT")));
    assert_eq!(summary.warnings, vec![Warning { line: 19, message: "okänd etikett #EGETFALT ignoreras".into() }]);
}

#[test]
fn cp437_and_latin1_letters() {
    let cp437 = b"#FLAGGA 0\r\n#FORMAT PC8\r\n#FNAMN \"Sm\x86 f\x94retag \x8f\x8e\x99\"\r\n#KONTO 5011 \"M\x86nadsl\x94n\"\r\n";
    let (records, s) = read_all("cp.se", cp437).unwrap();
    assert_eq!(s.encoding, Encoding::Cp437);
    assert!(records.contains(&(Record::Fnamn("Små företag ÅÄÖ".into()), 3)));
    assert!(records.contains(&(Record::Konto { account: 5011, name: "Månadslön".into() }, 4)));
    let latin1 = b"#FLAGGA 0\n#FNAMN \"Sm\xe5 f\xf6retag \xc5\xc4\xd6\"\n";
    let (records, s) = read_all("l1.se", latin1).unwrap();
    assert_eq!(s.encoding, Encoding::Latin1);
    assert!(records.contains(&(Record::Fnamn("Små företag ÅÄÖ".into()), 2)));
}

#[test]
fn an_unbalanced_voucher_is_reported_with_its_line() {
    let s = "#VER A 1 20250101 \"x\"\n{\n#TRANS 5011 {} 100.00\n#TRANS 1930 {} -99.00\n}\n";
    let (_, summary) = read_str(s).unwrap();
    assert_eq!(
        summary.warnings,
        vec![Warning { line: 1, message: "verifikation A 1 balanserar inte: raderna summerar till 1,00\u{a0}kr".into() }]
    );
}

#[test]
fn a_bad_amount_names_its_line_and_field() {
    let s = "#FLAGGA 0\n#VER A 1 20250101 \"x\"\n{\n#TRANS 5011 {} 100.00\n#TRANS 1930 {} -1OO.00\n}\n";
    let err = read_str(s).unwrap_err();
    assert_eq!(err.to_string(), "test.se:5: fält \"#TRANS belopp\": ska vara ett belopp som -1234.50, inte \"-1OO.00\"");
    let err = read_str("#PSALDO 0 202513 5011 {} 1.00\n").unwrap_err();
    assert_eq!(err.to_string(), "test.se:1: fält \"#PSALDO period\": ska vara en period skriven ÅÅÅÅMM, inte \"202513\"");
    let err = read_str("#KONTO 12A4 \"x\"\n").unwrap_err();
    assert!(err.to_string().starts_with("test.se:1: fält \"#KONTO konto\""), "{err}");
    let err = read_str("#RAR 0 20170230 20171231\n").unwrap_err();
    assert_eq!(err.to_string(), "test.se:1: fält \"#RAR datum\": ska vara ett datum skrivet ÅÅÅÅMMDD, inte \"20170230\"");
}

#[test]
fn a_truncated_file_is_an_error_at_the_open_voucher() {
    let s = "#FLAGGA 0\n#VER A 1 20250101 \"x\"\n{\n#TRANS 5011 {} 100.00\n";
    let err = read_str(s).unwrap_err();
    assert_eq!(err.to_string(), "test.se:2: fält \"#VER\": filen tar slut innan verifikation A 1 har stängts med \"}\" (avkortad fil?)");
    assert!(read_str("#FNAMN \"Halv").unwrap_err().to_string().contains("inom citattecken saknar avslutande"));
}

#[test]
fn structure_errors() {
    assert!(read_str("#TRANS 5011 {} 1.00\n").unwrap_err().to_string().contains("utanför raderna { } i en #VER"));
    assert!(read_str("}\n").unwrap_err().to_string().contains("utan en öppen #VER"));
    assert!(read_str("FLAGGA 0\n").unwrap_err().to_string().contains("raden ska börja med en #ETIKETT"));
    assert!(read_str("#TRANS 5011 {1 \"a\" 2} 1.00\n").is_err());
    // UTF-8 detected from the first 64 KiB; a bad byte further on is an error on its line.
    let mut utf8_then_bad = "#FNAMN \"Små\"\n".repeat(8_000).into_bytes();
    utf8_then_bad.extend_from_slice(b"#KONTO 1 \"\xff\"\n");
    assert_eq!(read_all("u.se", &utf8_then_bad).unwrap_err().to_string(), "u.se:8001: raden är inte giltig text i UTF-8");
}

#[test]
fn amounts() {
    assert_eq!(parse_amount("-874312.50"), Some(Ore::new(-87_431_250)));
    assert_eq!(parse_amount("12.5"), Some(Ore::new(1_250)));
    assert_eq!(parse_amount("7"), Some(Ore::new(700)));
    for bad in ["", "-", "1.234", "1,50", "+1.00", "1.", "abc", "1e5"] {
        assert_eq!(parse_amount(bad), None, "{bad}");
    }
}

#[test]
fn never_panics_on_garbage() {
    // A cheap stand-in for fuzzing: every prefix and every single-byte corruption of a real
    // export gives a value or an error, never a panic.
    let bytes = MUNICIPAL.as_bytes();
    for cut in 0..bytes.len() {
        let _ = read_all("cut.se", &bytes[..cut]);
    }
    for i in (0..bytes.len()).step_by(3) {
        for b in [b'"', b'{', b'}', b'#', b'-', 0xff, b'\n'] {
            let mut v = bytes.to_vec();
            v[i] = b;
            let _ = read_all("mut.se", &v);
        }
    }
}

/// What a read hands over: every record (vouchers owned) with its line, and the summary.
fn collect(
    read: impl FnOnce(&mut dyn FnMut(View<'_>, u64) -> Result<(), Error>) -> Result<Summary, Error>,
) -> Result<(Vec<(Record, u64)>, Summary), Error> {
    let mut out = Vec::new();
    let s = read(&mut |v, l| {
        out.push((
            match v {
                View::Record(r) => r,
                View::Voucher(v) => v.to_record(),
            },
            l,
        ));
        Ok(())
    })?;
    Ok((out, s))
}

/// Every record, warning and error of the chunked, threaded reader with its quick paths equals
/// the one-chunk reader's on the general path alone, whatever the chunk size: on the municipal example, on it repeated, and on each
/// corruption of it.
#[test]
fn chunks_and_threads_change_nothing() {
    fn run(bytes: &[u8], chunk: usize, workers: usize, quick: chunk::Quick) -> Result<(Vec<(Record, u64)>, Summary), Error> {
        collect(|on| read_chunked("c.se", bytes, Options { chunk, workers, quick }, on))
    }
    let big = MUNICIPAL.repeat(40);
    // Rows with a date and a text, as most programs write them, and one with a quantity.
    let dated = "#VER A 1 20250115 \"Faktura\"\r\n{\r\n#TRANS 1930 {} -1000.00 20250115 \"\"\r\n\
                 #TRANS 6072 {1 \"5100\"} 928.00 20250116 \"Lön januari\"\r\n#TRANS 2640 {} 72.00 \"\" \"Moms\"\r\n\
                 #TRANS 2640 {} 0 20250115 \"\" 1.5\r\n}\r\n"
        .repeat(4);
    // Many rows of a few layouts (read by the learnt layouts), with amounts of every form and
    // rows that only look like the layout: an id with a quote, a brace or an escape in it.
    let mut layouts = String::from("#VER A 1 20250115 \"Lön\"\n{\n");
    for (k, amount) in ["1.50", "-2", "30.5", "400.00", "-5000.25", "0", "7", "12345.6", "-0.01"].iter().enumerate() {
        layouts.push_str(&format!("#TRANS 50{k}1 {{1 \"61{k:02}\" 7 \"P{k}\"}} {amount}\n#TRANS 1930 {{}} {amount}\n"));
    }
    layouts.push_str("#TRANS 5011 {1 \"6\\\"12\" 7 \"P1\"} 1.00\n#TRANS 5011 {1 \"6{12\" 7 \"P1\"} 1.00\n");
    // As many objects as a window holds.
    layouts.push_str("#TRANS 5 {1 \"\" 1 \"\" 1 \"\" 1 \"\" 1 \"\" 1 \"\" 1 \"\" 1 \"\" 1 \"\" 1 \"\"} 1\n");
    layouts.push_str(
        "#TRANS 5011 {1 \"6\\12\" 7 \"P1\"} 1.00\n#TRANS 5011 {1 \"6112\" 7 \"P1\"} 1.00 \n#TRANS 5011 {1 \"6112\" 7 \"P1\"} 1.00\r\n}\n",
    );
    let layouts = layouts.repeat(3);
    assert!(run(layouts.as_bytes(), 1 << 20, 1, Quick::Off).is_ok_and(|(r, _)| r.len() == 3), "the layouts are a valid file");
    let mut inputs: Vec<Vec<u8>> =
        vec![MUNICIPAL.as_bytes().to_vec(), big.into_bytes(), dated.clone().into_bytes(), layouts.clone().into_bytes()];
    for source in [MUNICIPAL, dated.as_str(), layouts.as_str()] {
        let bytes = source.as_bytes();
        for i in (0..bytes.len()).step_by(3) {
            for b in [b'"', b'{', b'}', b'#', b'\n', b' ', b'-', b'.', b'\\', b'0', 0xff] {
                let mut v = bytes.to_vec();
                v[i] = b;
                inputs.push(v);
            }
        }
    }
    for input in &inputs {
        // The general path alone, in one chunk, is the reference.
        let whole = run(input, 1 << 20, 1, Quick::Off);
        for (chunk, quick) in [(1 << 20, Quick::Wide), (1 << 20, Quick::Narrow), (16, Quick::Wide), (64, Quick::Narrow), (200, Quick::Off)]
        {
            // Two threads: the calling one and a helper; three: two helpers, taking turns.
            let workers = if chunk == 16 { 3 } else { 2 };
            let got = run(input, chunk, workers, quick);
            if got != whole {
                let show = |r: &Result<(Vec<(Record, u64)>, Summary), Error>| match r {
                    Ok((recs, s)) => format!("{} records, {s:?}", recs.len()),
                    Err(e) => e.to_string(),
                };
                panic!("chunk {chunk}, {quick:?}: {} ≠ {}\n{}", show(&got), show(&whole), String::from_utf8_lossy(input));
            }
        }
    }
    let (records, summary) = run(inputs[1].as_slice(), 64, 2, Quick::Wide).unwrap();
    assert_eq!(summary.vouchers, 80);
    assert_eq!(records.len() as u64, summary.records);
}

/// A file read at positions gives what it gives read as a stream, whatever the chunk size (an
/// empty file, corrupted ones, and a voucher longer than the bytes read around a cut too), and
/// its progress counts every byte.
#[test]
fn a_file_read_at_positions_reads_as_a_stream() {
    let dir = std::env::temp_dir().join(format!("arshjul-positioned-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let long = format!(
        "#FLAGGA 0\n#VER A 1 20250101 \"x\"\n{{\n{}}}\n#VER A 2 20250102 \"y\"\n{{\n#TRANS 1930 {{}} 0\n}}\n",
        "#TRANS 1930 {} 0\n".repeat(6000)
    );
    let mut inputs = vec![MUNICIPAL.repeat(40).into_bytes(), Vec::new(), MUNICIPAL.as_bytes().to_vec(), long.into_bytes()];
    for i in (0..MUNICIPAL.len()).step_by(11) {
        for b in [b'"', b'}', b'\n', b'.', 0xff] {
            let mut v = MUNICIPAL.as_bytes().to_vec();
            v[i] = b;
            inputs.push(v);
        }
    }
    let path = dir.join("c.se");
    for input in &inputs {
        std::fs::write(&path, input).unwrap();
        let stream = collect(|on| read_chunked("c.se", input.as_slice(), Options { chunk: 1 << 20, workers: 1, quick: Quick::Off }, on));
        for chunk in [16, 200, 20_000, 1 << 20] {
            let progress = std::sync::atomic::AtomicU64::new(0);
            let f = std::fs::File::open(&path).unwrap();
            let read = collect(|on| read_positioned("c.se", &f, &progress, Options { chunk, workers: 2, quick: Quick::best() }, on));
            assert_eq!(read, stream, "chunk {chunk}: {}", String::from_utf8_lossy(input));
            if read.is_ok() {
                assert_eq!(progress.into_inner(), input.len() as u64);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A voucher date in ISO form with a negative year is an error, not a panic (a date is kept as
/// the number yyyymmdd).
#[test]
fn an_iso_date_needs_four_digits_of_year() {
    for date in ["-001-01-01", "2025-01-15"] {
        let file = format!("#FLAGGA 0\n#VER A 1 {date} \"x\"\n{{\n#TRANS 1930 {{}} 0\n}}\n");
        let r = read_all("d.se", file.as_bytes());
        match date {
            "-001-01-01" => assert_eq!(
                r.unwrap_err().to_string(),
                "d.se:2: fält \"#VER datum\": ska vara ett datum skrivet ÅÅÅÅMMDD, inte \"-001-01-01\""
            ),
            _ => assert_eq!(r.unwrap().1.warnings.len(), 1, "an ISO date is read, with a warning"),
        }
    }
}
