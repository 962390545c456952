//! Splitting a SIE line into fields: space-separated, `"quoted"` with `\"` escapes, and
//! `{dim "obj" …}` object lists as one field.

use std::borrow::Cow;

/// One field of a line, borrowed from the line where it can be (no escapes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field<'a> {
    /// A plain or quoted value.
    Text(Cow<'a, str>),
    /// The items of an object list `{…}`.
    Objects(Vec<Cow<'a, str>>),
}

impl Field<'_> {
    /// The text of a value; an object list as its raw items.
    pub fn text(&self) -> &str {
        match self {
            Field::Text(s) => s,
            Field::Objects(_) => "{…}",
        }
    }
}

/// Splits a line; the error says what is wrong (an unclosed quote or brace).
pub fn tokenize(line: &str) -> Result<Vec<Field<'_>>, String> {
    let b = line.as_bytes();
    let mut out = Vec::with_capacity(6);
    let mut in_objects: Option<Vec<Cow<'_, str>>> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b' ' || c == b'\t' || c == b'\r' || c == b'\n' {
            i += 1;
            continue;
        }
        if c == b'{' {
            if in_objects.is_some() {
                return Err("en objektlista inuti en objektlista".into());
            }
            in_objects = Some(Vec::new());
            i += 1;
            continue;
        }
        if c == b'}' {
            match in_objects.take() {
                Some(items) => out.push(Field::Objects(items)),
                None => return Err("ett \"}\" utan sitt \"{\"".into()),
            }
            i += 1;
            continue;
        }
        let value: Cow<'_, str> = if c == b'"' {
            // Quoted: borrowed unless it holds an escaped quote.
            let start = i + 1;
            let mut j = start;
            let mut escaped = false;
            loop {
                match b.get(j) {
                    None => return Err("ett fält inom citattecken saknar avslutande \"".into()),
                    Some(b'\\') if b.get(j + 1) == Some(&b'"') => {
                        escaped = true;
                        j += 2;
                    }
                    Some(b'"') => break,
                    Some(_) => j += 1,
                }
            }
            i = j + 1;
            let raw = &line[start..j];
            if escaped { Cow::Owned(raw.replace("\\\"", "\"")) } else { Cow::Borrowed(raw) }
        } else {
            let start = i;
            while i < b.len() {
                let ch = b[i];
                if ch == b' ' || ch == b'\t' || ch == b'\r' || ch == b'\n' || ch == b'{' || ch == b'}' || (ch == b'"' && i > start) {
                    break;
                }
                i += 1;
            }
            Cow::Borrowed(&line[start..i])
        };
        match in_objects.as_mut() {
            Some(items) => items.push(value),
            None => out.push(Field::Text(value)),
        }
    }
    if in_objects.is_some() {
        return Err("en objektlista stängs inte med \"}\"".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Field<'_> {
        Field::Text(Cow::Borrowed(s))
    }

    #[test]
    fn quotes_escapes_and_object_lists() {
        assert_eq!(
            tokenize(r#"#TRANS 5011 {1 "5100" 20 "561"} 874312.50 20250115 "Lön \"jan\"""#).unwrap(),
            vec![
                t("#TRANS"),
                t("5011"),
                Field::Objects(vec![Cow::Borrowed("1"), Cow::Borrowed("5100"), Cow::Borrowed("20"), Cow::Borrowed("561")]),
                t("874312.50"),
                t("20250115"),
                t("Lön \"jan\"")
            ]
        );
        assert_eq!(tokenize("#TRANS 1930 {} -874312.50").unwrap()[2], Field::Objects(vec![]));
        assert_eq!(tokenize("#FNAMN \"Å \\\"citat\\\" ö\"").unwrap()[1], Field::Text(Cow::Owned("Å \"citat\" ö".into())));
        assert_eq!(tokenize(r#"#VER "" "" 20250101 """#).unwrap(), vec![t("#VER"), t(""), t(""), t("20250101"), t("")]);
        assert!(tokenize(r#"#FNAMN "open"#).is_err());
        assert!(tokenize("#TRANS 1 {1 \"a\" 2").is_err());
    }
}
