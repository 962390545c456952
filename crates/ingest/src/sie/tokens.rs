//! Splitting a SIE line into fields: space-separated, `"quoted"` with `\"` escapes, and
//! `{dim "obj" …}` object lists as one field.

/// One field of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A plain or quoted value.
    Text(String),
    /// The items of an object list `{…}`.
    Objects(Vec<String>),
}

impl Field {
    /// The text of a value; an object list as its raw items.
    pub fn text(&self) -> &str {
        match self {
            Field::Text(s) => s,
            Field::Objects(_) => "{…}",
        }
    }
}

/// Splits a line; the error says what is wrong (an unclosed quote or brace).
pub fn tokenize(line: &str) -> Result<Vec<Field>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    let mut in_objects: Option<Vec<String>> = None;
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        if c == '{' {
            chars.next();
            if in_objects.is_some() {
                return Err("an object list inside an object list".into());
            }
            in_objects = Some(Vec::new());
            continue;
        }
        if c == '}' {
            chars.next();
            match in_objects.take() {
                Some(items) => out.push(Field::Objects(items)),
                None => return Err("a \"}\" without its \"{\"".into()),
            }
            continue;
        }
        let value = if c == '"' {
            chars.next();
            let mut s = String::new();
            loop {
                match chars.next() {
                    None => return Err("a quoted field is not closed with \"".into()),
                    Some('\\') if chars.peek() == Some(&'"') => {
                        chars.next();
                        s.push('"');
                    }
                    Some('"') => break,
                    Some(ch) => s.push(ch),
                }
            }
            s
        } else {
            let mut s = String::new();
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() || ch == '{' || ch == '}' || (ch == '"' && !s.is_empty()) {
                    break;
                }
                s.push(ch);
                chars.next();
            }
            s
        };
        match in_objects.as_mut() {
            Some(items) => items.push(value),
            None => out.push(Field::Text(value)),
        }
    }
    if in_objects.is_some() {
        return Err("an object list is not closed with \"}\"".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Field {
        Field::Text(s.into())
    }

    #[test]
    fn quotes_escapes_and_object_lists() {
        assert_eq!(
            tokenize(r#"#TRANS 5011 {1 "5100" 20 "561"} 874312.50 20250115 "Lön \"jan\"""#).unwrap(),
            vec![
                t("#TRANS"),
                t("5011"),
                Field::Objects(vec!["1".into(), "5100".into(), "20".into(), "561".into()]),
                t("874312.50"),
                t("20250115"),
                t("Lön \"jan\"")
            ]
        );
        assert_eq!(tokenize("#TRANS 1930 {} -874312.50").unwrap()[2], Field::Objects(vec![]));
        assert_eq!(tokenize(r#"#VER "" "" 20250101 """#).unwrap(), vec![t("#VER"), t(""), t(""), t("20250101"), t("")]);
        assert!(tokenize(r#"#FNAMN "open"#).is_err());
        assert!(tokenize("#TRANS 1 {1 \"a\" 2").is_err());
    }
}
