//! Bit masks of a 64-byte window at the start of a line: which bytes are a newline, a space, a
//! quote, and which the quick paths refuse. With them the quick paths find every field boundary
//! of a line with a shift and a count of trailing zeros, independently of the numbers before it,
//! instead of walking the bytes one field after another.

/// Bit `k` is set when byte `k` of the window is that character.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(super) struct Masks {
    pub nl: u64,
    pub sp: u64,
    pub quote: u64,
    /// `{` or `}`.
    pub brace: u64,
    /// `\`, `\r` or a tab: left to the byte-wise paths.
    pub odd: u64,
    /// Bytes above ASCII.
    pub high: u64,
    /// ASCII digits.
    pub digit: u64,
}

/// The masks of `w`.
#[inline(always)]
pub(super) fn masks(w: &[u8; 64]) -> Masks {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2::masks(w)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        bytewise(w)
    }
}

/// The masks of `w`, with AVX-512 when `WIDE`.
#[inline(always)]
pub(super) fn masks_of<const WIDE: bool>(w: &[u8; 64]) -> Masks {
    #[cfg(target_arch = "x86_64")]
    if WIDE {
        // SAFETY: `WIDE` is true only in code compiled for and reached on a processor with
        // AVX-512 F and BW (`chunk::quick_lines` checks before it enters it).
        return unsafe { avx512::masks(w) };
    }
    masks(w)
}

/// The newlines of a block, with AVX-512 when `WIDE`, else SSE2 (byte by byte elsewhere).
#[inline(always)]
pub(super) fn newlines_of<const WIDE: bool>(w: &[u8; 64]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if WIDE {
        // SAFETY: as for `masks_of`.
        return unsafe { avx512::newlines(w) };
    }
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2::newlines(w)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        bytewise(w).nl
    }
}

/// Bit `k` is set when byte `k` of `w` differs from byte `k` of `t`, with AVX-512 when `WIDE`.
#[inline(always)]
pub(super) fn differs_of<const WIDE: bool>(w: &[u8; 64], t: &[u8; 64]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if WIDE {
        // SAFETY: as for `masks_of`.
        return unsafe { avx512::differs(w, t) };
    }
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2::differs(w, t)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        w.iter().zip(t).enumerate().fold(0, |m, (k, (a, b))| m | (((a != b) as u64) << k))
    }
}

/// The same masks, a byte at a time (other processors, and the tests' reference).
#[allow(dead_code)]
pub(super) fn bytewise(w: &[u8; 64]) -> Masks {
    let mut m = Masks::default();
    for (k, &c) in w.iter().enumerate() {
        let bit = 1u64 << k;
        match c {
            b'\n' => m.nl |= bit,
            b' ' => m.sp |= bit,
            b'"' => m.quote |= bit,
            b'{' | b'}' => m.brace |= bit,
            b'\\' | b'\r' | b'\t' => m.odd |= bit,
            0x80.. => m.high |= bit,
            b'0'..=b'9' => m.digit |= bit,
            _ => {}
        }
    }
    m
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use super::Masks;
    use std::arch::x86_64::*;

    /// The newlines of a block: four compares of sixteen bytes.
    #[inline(always)]
    pub(super) fn newlines(w: &[u8; 64]) -> u64 {
        let mut m = 0u64;
        for k in 0..4 {
            // SAFETY: the sixteen bytes at 16·k are inside `w`; the load is unaligned; SSE2 is
            // part of every x86-64 processor.
            let v = unsafe { _mm_loadu_si128(w.as_ptr().add(16 * k).cast()) };
            let eq = unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8))) } as u16 as u64;
            m |= eq << (16 * k);
        }
        m
    }

    /// Bytes that differ: four compares of sixteen bytes.
    #[inline(always)]
    pub(super) fn differs(w: &[u8; 64], t: &[u8; 64]) -> u64 {
        let mut m = 0u64;
        for k in 0..4 {
            // SAFETY: the sixteen bytes at 16·k are inside `w` and `t`; the loads are
            // unaligned; SSE2 is part of every x86-64 processor.
            let eq = unsafe {
                let a = _mm_loadu_si128(w.as_ptr().add(16 * k).cast());
                let b = _mm_loadu_si128(t.as_ptr().add(16 * k).cast());
                _mm_movemask_epi8(_mm_cmpeq_epi8(a, b))
            } as u16 as u64;
            m |= (!eq & 0xFFFF) << (16 * k);
        }
        m
    }

    #[inline(always)]
    pub(super) fn masks(w: &[u8; 64]) -> Masks {
        let mut m = Masks::default();
        // SAFETY (both blocks): SSE2 is part of every x86-64 processor and enabled for this
        // target (the module's cfg); the intrinsics only compute on values.
        let eq = |v: __m128i, c: u8| unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8))) } as u16 as u64;
        for k in 0..4 {
            let lo = u64::from_le_bytes(w[16 * k..16 * k + 8].try_into().expect("eight bytes"));
            let hi = u64::from_le_bytes(w[16 * k + 8..16 * k + 16].try_into().expect("eight bytes"));
            let v = unsafe { _mm_set_epi64x(hi as i64, lo as i64) };
            let s = 16 * k;
            m.nl |= eq(v, b'\n') << s;
            m.sp |= eq(v, b' ') << s;
            m.quote |= eq(v, b'"') << s;
            m.brace |= (eq(v, b'{') | eq(v, b'}')) << s;
            m.odd |= (eq(v, b'\\') | eq(v, b'\r') | eq(v, b'\t')) << s;
            m.high |= (unsafe { _mm_movemask_epi8(v) } as u16 as u64) << s;
            // Signed compares: bytes above ASCII are negative, below '0'.
            let digit = unsafe {
                _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(b'0' as i8 - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8(b'9' as i8 + 1)))
            };
            m.digit |= (unsafe { _mm_movemask_epi8(digit) } as u16 as u64) << s;
        }
        m
    }
}

#[cfg(target_arch = "x86_64")]
pub(super) mod avx512 {
    use super::Masks;
    use std::arch::x86_64::*;

    /// The newlines of a block.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(in super::super) fn newlines(w: &[u8; 64]) -> u64 {
        // SAFETY: `w` is 64 readable bytes; the load has no alignment requirement.
        let v = unsafe { _mm512_loadu_si512(w.as_ptr().cast()) };
        _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(b'\n' as i8))
    }

    /// Bytes that differ: two loads and one compare.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(in super::super) fn differs(w: &[u8; 64], t: &[u8; 64]) -> u64 {
        // SAFETY: `w` and `t` are 64 readable bytes each; the loads have no alignment
        // requirement.
        let (a, b) = unsafe { (_mm512_loadu_si512(w.as_ptr().cast()), _mm512_loadu_si512(t.as_ptr().cast())) };
        _mm512_cmpneq_epi8_mask(a, b)
    }

    /// One load and a compare per character; each compare is already a bit mask.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(in super::super) fn masks(w: &[u8; 64]) -> Masks {
        // SAFETY: `w` is 64 readable bytes; the load has no alignment requirement.
        let v = unsafe { _mm512_loadu_si512(w.as_ptr().cast()) };
        let eq = |c: u8| _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c as i8));
        Masks {
            nl: eq(b'\n'),
            sp: eq(b' '),
            quote: eq(b'"'),
            brace: eq(b'{') | eq(b'}'),
            odd: eq(b'\\') | eq(b'\r') | eq(b'\t'),
            high: _mm512_movepi8_mask(v),
            digit: _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(b'0' as i8)), _mm512_set1_epi8(10)),
        }
    }
}

/// The first set bit of `mask` at or after `from`.
#[inline(always)]
pub(super) fn next(mask: u64, from: usize) -> Option<usize> {
    let m = mask.checked_shr(from as u32).unwrap_or(0);
    (m != 0).then(|| from + m.trailing_zeros() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_agree_with_the_bytewise_reference() {
        let mut w = [0u8; 64];
        let line = "#TRANS 5011 {1 \"5100\" 20 \"561\"} 874312.50\r\n#VER A\t\\ \"Lön\" {}\n";
        w[..line.len()].copy_from_slice(line.as_bytes());
        for shift in 0..8 {
            let mut v = [b'x'; 64];
            v[shift..].copy_from_slice(&w[..64 - shift]);
            assert_eq!(masks(&v), bytewise(&v));
            assert_eq!(newlines_of::<false>(&v), bytewise(&v).nl);
            #[cfg(target_arch = "x86_64")]
            if std::is_x86_feature_detected!("avx512bw") {
                // SAFETY: the processor has AVX-512 F and BW (checked above).
                assert_eq!(unsafe { avx512::masks(&v) }, bytewise(&v));
                assert_eq!(newlines_of::<true>(&v), bytewise(&v).nl);
                assert_eq!(differs_of::<true>(&v, &w), differs_of::<false>(&v, &w));
            }
            let reference = v.iter().zip(&w).enumerate().fold(0u64, |m, (k, (a, b))| m | (((a != b) as u64) << k));
            assert_eq!(differs_of::<false>(&v, &w), reference);
        }
        assert_eq!(next(0b1010_0000, 0), Some(5));
        assert_eq!(next(0b1010_0000, 6), Some(7));
        assert_eq!(next(0b1010_0000, 8), None);
        assert_eq!(next(u64::MAX, 64), None);
    }
}
