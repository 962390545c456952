//! The three encodings SIE files come in: CP437 as the specification says (`#FORMAT PC8`),
//! UTF-8 and Latin-1 as many programs write anyway. Detected from the first bytes of the file.

/// A text encoding of a SIE file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// IBM code page 437 (PC8), the specification's encoding.
    Cp437,
    /// UTF-8.
    Utf8,
    /// ISO-8859-1.
    Latin1,
}

impl Encoding {
    /// Detects the encoding from a sample (the start of the file): strictly valid UTF-8 with
    /// non-ASCII bytes is UTF-8; otherwise the Swedish letters decide between CP437 and
    /// Latin-1; plain ASCII and ties are CP437, as the specification says.
    pub fn detect(sample: &[u8]) -> Encoding {
        if sample.iter().all(u8::is_ascii) {
            return Encoding::Cp437;
        }
        // A sample may end inside a multi-byte character.
        let valid_utf8 = match std::str::from_utf8(sample) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        };
        if valid_utf8 {
            return Encoding::Utf8;
        }
        // å ä ö Å Ä Ö é in each code page.
        let cp437 = sample.iter().filter(|b| matches!(b, 0x86 | 0x84 | 0x94 | 0x8F | 0x8E | 0x99 | 0x82)).count();
        let latin1 = sample.iter().filter(|b| matches!(b, 0xE5 | 0xE4 | 0xF6 | 0xC5 | 0xC4 | 0xD6 | 0xE9)).count();
        if latin1 > cp437 { Encoding::Latin1 } else { Encoding::Cp437 }
    }

    /// Decodes one line; `None` when the bytes are not valid in this encoding (UTF-8 only).
    ///
    /// ASCII lines (most lines of a ledger: every #TRANS without åäö) are borrowed, not copied.
    pub fn decode(self, bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        if bytes.is_ascii() {
            return std::str::from_utf8(bytes).ok().map(Cow::Borrowed);
        }
        match self {
            Encoding::Utf8 => std::str::from_utf8(bytes).ok().map(Cow::Borrowed),
            Encoding::Latin1 => Some(Cow::Owned(bytes.iter().map(|&b| b as char).collect())),
            Encoding::Cp437 => {
                Some(Cow::Owned(bytes.iter().map(|&b| if b < 0x80 { b as char } else { CP437_HIGH[(b - 0x80) as usize] }).collect()))
            }
        }
    }

    /// Name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Cp437 => "CP437 (PC8)",
            Encoding::Utf8 => "UTF-8",
            Encoding::Latin1 => "Latin-1",
        }
    }
}

/// Code points of bytes 0x80–0xFF in code page 437.
const CP437_HIGH: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
    'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
    '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{a0}',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_and_decodes_swedish_letters() {
        let cp437 = b"#FNAMN \"\x99vningsf\x94retaget \x86\x84\x94 \x8f\x8e\x99\"";
        assert_eq!(Encoding::detect(cp437), Encoding::Cp437);
        assert_eq!(Encoding::Cp437.decode(cp437).unwrap(), "#FNAMN \"Övningsföretaget åäö ÅÄÖ\"");
        let latin1 = b"#FNAMN \"\xd6vningsf\xf6retaget \xe5\xe4\xf6\"";
        assert_eq!(Encoding::detect(latin1), Encoding::Latin1);
        assert_eq!(Encoding::Latin1.decode(latin1).unwrap(), "#FNAMN \"Övningsföretaget åäö\"");
        let utf8 = "#FNAMN \"Övningsföretaget åäö\"".as_bytes();
        assert_eq!(Encoding::detect(utf8), Encoding::Utf8);
        // A sample cut inside a character is still UTF-8.
        assert_eq!(Encoding::detect(&utf8[..utf8.len() - 2]), Encoding::Utf8);
        assert_eq!(Encoding::detect(b"#FLAGGA 0"), Encoding::Cp437);
        assert_eq!(Encoding::Utf8.decode(b"\xff"), None);
    }
}
