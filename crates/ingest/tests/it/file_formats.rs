//! `docs/import-files.md` is the import files' reference for whoever sets up a municipality: it is
//! made from the readers' own module documentation, so that the two cannot drift apart. When a
//! reader's columns change, run `ARSHJUL_UPDATE_DOCS=1 cargo test -p arshjul-ingest --test it
//! file_formats` and commit the file.

/// The readers, in the order a municipality is set up, with the heading each gets.
const READERS: &[(&str, &str, &str)] = &[
    ("Organisation", "arshjul import org DIR", include_str!("../../src/org.rs")),
    ("Goals and indicators", "arshjul import goals --municipality CODE --year Y DIR", include_str!("../../src/goals.rs")),
    ("Economy", "arshjul import economy --municipality CODE --year Y DIR", include_str!("../../src/economy.rs")),
    (
        "Personnel, internal control, private providers",
        "arshjul import personnel|control|providers …",
        include_str!("../../src/control.rs"),
    ),
    (
        "Quality, children's rights, grant re-reporting",
        "arshjul import quality --municipality CODE --year Y DIR",
        include_str!("../../src/quality.rs"),
    ),
    ("Meetings, diarium, members", "arshjul import meeting|members …", include_str!("../../src/meetings.rs")),
    ("Ej verkställda beslut", "arshjul import evb --municipality CODE DIR", include_str!("../../src/evb.rs")),
];

fn document() -> String {
    let mut out = String::from(
        "# Import files\n\n\
         Every file Årshjul reads to set up and fill a municipality, with its columns. Made from the\n\
         readers' own documentation (`crates/ingest/src/*.rs`) by the test\n\
         `crates/ingest/tests/it/file_formats.rs`; do not edit by hand.\n\n\
         All files are CSV with a header row: `;` as separator (`,` and tab are recognised), `#`\n\
         starts a comment line, UTF-8 with or without BOM (Windows-1252, as Excel saves, is\n\
         recognised). Column names are written as here, with å, ä and ö; optional columns may be\n\
         left out. Every error names the file, the line, the column and what was expected, and an\n\
         import with an error writes nothing. The folders under `demo/` are complete examples.\n",
    );
    for (heading, command, source) in READERS {
        out.push_str(&format!("\n## {heading}\n\n`{command}`\n\n"));
        let doc: Vec<&str> = source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| l.strip_prefix("//!").unwrap_or(l).strip_prefix(' ').unwrap_or(""))
            .collect();
        // Rustdoc's links to the readers are plain names here.
        let text = doc.join("\n").replace("([`read_diary`])", "").replace("([`read_members`])", "");
        out.push_str(text.trim());
        out.push('\n');
    }
    out
}

#[test]
fn the_import_files_reference_is_made_from_the_readers() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/import-files.md");
    let want = document();
    if std::env::var("ARSHJUL_UPDATE_DOCS").is_ok() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/import-files.md is not the readers' documentation: run ARSHJUL_UPDATE_DOCS=1 cargo test -p arshjul-ingest --test it file_formats"
    );
}
