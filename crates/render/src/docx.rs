//! Packing of the DOCX writers' documents, with what docx-rs has no API for added to the parts:
//! each table's first row marked as its header row, repeated on every page (`<w:tblHeader/>`),
//! and Swedish as the document's language (in the default run properties of `word/styles.xml`,
//! which screen readers and the spelling checker go by, and as `dc:language` in
//! `docProps/core.xml`).

use std::io::{Cursor, Read, Write};

/// The language of every run that does not name its own.
const LANG: &str = r#"<w:lang w:val="sv-SE" />"#;

/// A row property that makes the row a header row.
const HEADER_ROW: &str = "<w:tblHeader />";

/// The document as DOCX bytes, with header rows and language (see the module), its title, and
/// Årshjul as its author with the time it was written.
pub fn pack(doc: docx_rs::Docx, title: &str, alts: &[String]) -> Result<Vec<u8>, String> {
    let now = now_utc();
    let mut out = Cursor::new(Vec::new());
    doc.created_at(&now).updated_at(&now).build().pack(&mut out).map_err(|e| e.to_string())?;
    patched(&out.into_inner(), title, alts)
}

/// `word/document.xml` with each picture's drawing given an id of its own (docx-rs gives them
/// all 1, which Word repairs) and its text alternative (`alts`, in the pictures' order) as the
/// description a screen reader reads.
fn described_pictures(xml: &str, alts: &[String]) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut out = String::with_capacity(xml.len() + alts.iter().map(String::len).sum::<usize>() * 2);
    let mut rest = xml;
    let mut n = 0;
    while let Some(at) = rest.find("<wp:docPr ") {
        out.push_str(&rest[..at]);
        let len = tag_len(&rest[at..]);
        let close = if rest[at..at + len].ends_with("/>") { "/>" } else { ">" };
        n += 1;
        let descr = alts.get(n - 1).map(|a| format!(" descr=\"{}\"", esc(a))).unwrap_or_default();
        out.push_str(&format!("<wp:docPr id=\"{n}\" name=\"Diagram {n}\"{descr} {close}"));
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// Now as `2026-11-22T18:42:27Z`.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    domain::period::utc_timestamp(secs)
}

/// `docProps/core.xml` with the title and Årshjul as creator and last editor (docx-rs writes
/// "unknown").
fn core_title(xml: &str, title: &str) -> String {
    let esc = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let xml = xml
        .replace("<dc:creator>unknown</dc:creator>", "<dc:creator>Årshjul</dc:creator>")
        .replace("<cp:lastModifiedBy>unknown</cp:lastModifiedBy>", "<cp:lastModifiedBy>Årshjul</cp:lastModifiedBy>");
    match xml.rfind("</cp:coreProperties>") {
        Some(i) if !xml.contains("<dc:title") && !title.is_empty() => format!("{}<dc:title>{esc}</dc:title>{}", &xml[..i], &xml[i..]),
        _ => xml,
    }
}

/// A packed DOCX with its header rows and language set: the same entries in the same order,
/// `word/document.xml`, `word/styles.xml` and `docProps/core.xml` patched, the rest copied as
/// they are. A part in a shape other than docx-rs's is left as it is where a patch has no place
/// to go (the tests pin docx-rs's).
pub fn accessible(bytes: &[u8]) -> Result<Vec<u8>, String> {
    patched(bytes, "", &[])
}

/// [`accessible`], and the title (when there is one) and author in `docProps/core.xml`.
fn patched(bytes: &[u8], title: &str, alts: &[String]) -> Result<Vec<u8>, String> {
    let err = |e: zip::result::ZipError| e.to_string();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(err)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let core = |xml: &str| core_title(&core_language(xml), title);
    let document = |xml: &str| described_pictures(&mark_header_rows(xml), alts);
    for i in 0..archive.len() {
        let patch: Option<&dyn Fn(&str) -> String> = match archive.name_for_index(i) {
            Some("word/document.xml") => Some(&document),
            Some("word/styles.xml") => Some(&default_language),
            Some("docProps/core.xml") => Some(&core),
            _ => None,
        };
        match patch {
            Some(patch) => {
                let mut file = archive.by_index(i).map_err(err)?;
                let mut xml = String::new();
                file.read_to_string(&mut xml).map_err(|e| e.to_string())?;
                out.start_file(file.name(), file.options()).map_err(err)?;
                out.write_all(patch(&xml).as_bytes()).map_err(|e| e.to_string())?;
            }
            // A directory as one (a raw copy would make it a file in its Unix mode).
            None => {
                let file = archive.by_index_raw(i).map_err(err)?;
                if file.is_dir() {
                    let options = file.options().unix_permissions(file.unix_mode().unwrap_or(0o755));
                    out.add_directory(file.name(), options).map_err(err)?;
                } else {
                    out.raw_copy_file(file).map_err(err)?;
                }
            }
        }
    }
    Ok(out.finish().map_err(err)?.into_inner())
}

/// The length of the tag that `s` starts with (`<` up to its `>`, quoted values skipped).
fn tag_len(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// A tag's element name (`w:tr` for `<w:tr>`, `<w:tr />` and `</w:tr>`) and whether it closes
/// the element.
fn tag_name(tag: &str) -> (&str, bool) {
    let t = tag.trim_start_matches('<');
    let (t, closing) = t.strip_prefix('/').map_or((t, false), |t| (t, true));
    (t.split(|c: char| c.is_whitespace() || c == '/' || c == '>').next().unwrap_or(""), closing)
}

/// The tag that `s` starts with after white space: its offset and the tag.
fn next_tag(s: &str) -> Option<(usize, &str)> {
    let at = s.len() - s.trim_start().len();
    s[at..].starts_with('<').then(|| (at, &s[at..at + tag_len(&s[at..])]))
}

/// `word/document.xml` with the first row of each table (nested ones too) marked as its header
/// row: `<w:tblHeader />` first in the row's `<w:trPr>`, which is added where the row has none.
fn mark_header_rows(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 256);
    // One entry per open table: whether its first row is still to come.
    let mut first_row = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = start + tag_len(&rest[start..]);
        let tag = &rest[start..end];
        out.push_str(&rest[..end]);
        rest = &rest[end..];
        let empty = tag.ends_with("/>");
        match tag_name(tag) {
            ("w:tbl", false) if !empty => first_row.push(true),
            ("w:tbl", true) => {
                first_row.pop();
            }
            ("w:tr", false) if first_row.last() == Some(&true) => {
                if let Some(f) = first_row.last_mut() {
                    *f = false;
                }
                if empty {
                    out.truncate(out.len() - tag.len());
                    out.push_str(&format!("{}><w:trPr>{HEADER_ROW}</w:trPr></w:tr>", tag[..tag.len() - 2].trim_end()));
                    continue;
                }
                // The row's table property exceptions come before its properties.
                if let Some((at, t)) = next_tag(rest).filter(|(_, t)| tag_name(t) == ("w:tblPrEx", false)) {
                    let len = if t.ends_with("/>") {
                        at + t.len()
                    } else {
                        rest.find("</w:tblPrEx>").map_or(rest.len(), |e| e + "</w:tblPrEx>".len())
                    };
                    out.push_str(&rest[..len]);
                    rest = &rest[len..];
                }
                match next_tag(rest).filter(|(_, t)| tag_name(t) == ("w:trPr", false)) {
                    Some((at, t)) if t.ends_with("/>") => {
                        out.push_str(&rest[..at]);
                        out.push_str(&format!("<w:trPr>{HEADER_ROW}</w:trPr>"));
                        rest = &rest[at + t.len()..];
                    }
                    Some((at, t)) => {
                        let props = &rest[..rest.find("</w:trPr>").unwrap_or(rest.len())];
                        out.push_str(&rest[..at + t.len()]);
                        if !props.contains("<w:tblHeader") {
                            out.push_str(HEADER_ROW);
                        }
                        rest = &rest[at + t.len()..];
                    }
                    None => out.push_str(&format!("<w:trPr>{HEADER_ROW}</w:trPr>")),
                }
            }
            _ => {}
        }
    }
    out.push_str(rest);
    out
}

/// `word/styles.xml` with Swedish in the default run properties (`w:docDefaults/w:rPrDefault/
/// w:rPr`), last there as the schema orders it.
fn default_language(xml: &str) -> String {
    let Some(start) = xml.find("<w:rPrDefault>") else { return xml.to_string() };
    let end = xml[start..].find("</w:rPrDefault>").map_or(xml.len(), |e| start + e);
    let defaults = &xml[start..end];
    if defaults.contains("<w:lang") {
        return xml.to_string();
    }
    let patched = if let Some(e) = defaults.find("</w:rPr>") {
        format!("{}{LANG}{}", &defaults[..e], &defaults[e..])
    } else if let Some(t) = ["<w:rPr />", "<w:rPr/>"].into_iter().find(|t| defaults.contains(t)) {
        defaults.replacen(t, &format!("<w:rPr>{LANG}</w:rPr>"), 1)
    } else {
        return xml.to_string();
    };
    format!("{}{patched}{}", &xml[..start], &xml[end..])
}

/// `docProps/core.xml` with the document's language.
fn core_language(xml: &str) -> String {
    match xml.rfind("</cp:coreProperties>") {
        Some(i) if !xml.contains("<dc:language") => format!("{}<dc:language>sv-SE</dc:language>{}", &xml[..i], &xml[i..]),
        _ => xml.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::{Cursor, Read};

    /// A part of a DOCX package as text.
    pub(crate) fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        archive.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        xml
    }

    /// For each table in `document.xml`, in order, whether each of its rows is marked as a
    /// header row (nested tables' rows counted in their own table).
    pub(crate) fn header_rows(document: &str) -> Vec<Vec<bool>> {
        let mut done = Vec::new();
        let mut open: Vec<Vec<bool>> = Vec::new();
        let mut rows: Vec<usize> = Vec::new();
        let mut rest = document;
        while let Some(start) = rest.find('<') {
            let end = start + super::tag_len(&rest[start..]);
            let tag = &rest[start..end];
            rest = &rest[end..];
            match super::tag_name(tag) {
                ("w:tbl", false) => open.push(Vec::new()),
                ("w:tbl", true) => done.push(open.pop().unwrap()),
                ("w:tr", false) => {
                    let t = open.last_mut().unwrap();
                    t.push(false);
                    if !tag.ends_with("/>") {
                        rows.push(t.len() - 1);
                    }
                }
                ("w:tr", true) => {
                    rows.pop();
                }
                ("w:tblHeader", false) => {
                    let row = *rows.last().unwrap();
                    open.last_mut().unwrap()[row] = true;
                }
                _ => {}
            }
        }
        done
    }

    /// Asserts what the writers promise: a header row first in each table and in no other row,
    /// Swedish in styles.xml and core.xml, and a package that docx-rs reads back.
    pub(crate) fn assert_accessible(bytes: &[u8], tables: usize) {
        let document = part(bytes, "word/document.xml");
        let marks = header_rows(&document);
        assert_eq!(marks.len(), tables, "{document}");
        for rows in &marks {
            assert!(rows.len() > 1, "a header and rows: {rows:?}");
            assert!(rows[0], "the first row is the header row");
            assert!(rows[1..].iter().all(|h| !h), "only the first row is: {rows:?}");
        }
        let styles = part(bytes, "word/styles.xml");
        let defaults = &styles[styles.find("<w:rPrDefault>").unwrap()..styles.find("</w:rPrDefault>").unwrap()];
        assert!(defaults.contains(r#"<w:lang w:val="sv-SE""#), "{styles}");
        let core = part(bytes, "docProps/core.xml");
        assert!(core.contains("<dc:language>sv-SE</dc:language>"), "{core}");
        // A title, Årshjul as author and a real time (docx-rs writes "unknown" and 1970).
        assert!(core.contains("<dc:title>") && core.contains("<dc:creator>Årshjul</dc:creator>") && !core.contains("1970-01-01"), "{core}");
        docx_rs::read_docx(bytes).expect("docx-rs reads the package back");
    }

    #[test]
    fn keeps_the_packages_entries() {
        let entries = |bytes: &[u8]| {
            let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
            (0..archive.len())
                .map(|i| {
                    let f = archive.by_index(i).unwrap();
                    (f.name().to_string(), f.is_dir(), f.unix_mode(), f.compression())
                })
                .collect::<Vec<_>>()
        };
        let mut packed = Cursor::new(Vec::new());
        docx_rs::Docx::new().add_paragraph(docx_rs::Paragraph::new()).build().pack(&mut packed).unwrap();
        let packed = packed.into_inner();
        let patched = super::accessible(&packed).unwrap();
        assert_eq!(entries(&patched), entries(&packed));
        assert_eq!(part(&patched, "word/settings.xml"), part(&packed, "word/settings.xml"));
    }

    #[test]
    fn marks_the_first_row_of_each_table_however_its_properties_are_written() {
        let xml = concat!(
            "<w:body><w:tbl><w:tblPr /><w:tr><w:trPr /><w:tc /></w:tr><w:tr><w:trPr /><w:tc /></w:tr></w:tbl>",
            "<w:tbl><w:tr a=\"x>y\"><w:trPr><w:cantSplit /></w:trPr><w:tc><w:tbl><w:tr><w:tc /></w:tr><w:tr><w:tc /></w:tr></w:tbl></w:tc></w:tr>",
            "<w:tr><w:tc /></w:tr></w:tbl>",
            "<w:tbl><w:tr><w:tblPrEx><w:tblW /></w:tblPrEx><w:tc /></w:tr><w:tr/></w:tbl>",
            "<w:tbl><w:tr/><w:tr><w:tc /></w:tr></w:tbl></w:body>",
        );
        let marked = super::mark_header_rows(xml);
        assert_eq!(header_rows(&marked), [vec![true, false], vec![true, false], vec![true, false], vec![true, false], vec![true, false]]);
        assert!(marked.contains("<w:tr a=\"x>y\"><w:trPr><w:tblHeader /><w:cantSplit /></w:trPr>"), "{marked}");
        assert!(marked.contains("<w:tr><w:tblPrEx><w:tblW /></w:tblPrEx><w:trPr><w:tblHeader /></w:trPr><w:tc />"), "{marked}");
        assert!(marked.contains("<w:tr><w:trPr><w:tblHeader /></w:trPr></w:tr>"), "{marked}");
        assert_eq!(super::mark_header_rows(&marked), marked, "marking twice changes nothing");
    }

    #[test]
    fn declares_swedish_once() {
        let styles =
            "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"21\" /></w:rPr></w:rPrDefault></w:docDefaults></w:styles>";
        let patched = super::default_language(styles);
        assert!(patched.contains(&format!("<w:sz w:val=\"21\" />{}</w:rPr></w:rPrDefault>", super::LANG)), "{patched}");
        assert_eq!(super::default_language(&patched), patched);
        let empty = super::default_language("<w:docDefaults><w:rPrDefault><w:rPr /></w:rPrDefault></w:docDefaults>");
        assert_eq!(empty, format!("<w:docDefaults><w:rPrDefault><w:rPr>{}</w:rPr></w:rPrDefault></w:docDefaults>", super::LANG));
        let core = super::core_language("<cp:coreProperties><dc:title>T</dc:title></cp:coreProperties>");
        assert_eq!(core, "<cp:coreProperties><dc:title>T</dc:title><dc:language>sv-SE</dc:language></cp:coreProperties>");
        assert_eq!(super::core_language(&core), core);
    }
}
