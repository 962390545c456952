//! The parallel half of the reader: one chunk of whole lines → its vouchers, parsed, and the
//! other lines left for the sequential half ([`super::read_views`]).
//!
//! A chunk is cut just before a line whose label is neither a transaction row nor a voucher
//! head's rows, so in a well-formed file no voucher spans two chunks and chunks can be parsed
//! independently, in parallel. Vouchers are the bulk of a ledger; their lines take a fast path
//! that neither allocates nor copies: strings are ranges into the chunk (or into the chunk's
//! arena when they had to be decoded or unescaped). Anything the fast path does not recognise
//! goes through the general tokenizer, which gives the same values and the same errors.
//!
//! Line numbers here are relative to the chunk; the sequential half adds the chunk's first line.

use super::tokens::tokenize;
use super::window::{self, next};
use super::{Encoding, Fields, Objects, TransKind, Warning, fmt_amount, parse_date};
use crate::Error;
use domain::period::Date;

/// Where the thread that parses a chunk reads it from: the file, at a position.
pub(super) struct Fill {
    pub f: std::sync::Arc<std::fs::File>,
    pub at: u64,
}

/// Whether files can be read at a position here ([`read_at`]).
pub(super) const POSITIONED: bool = cfg!(any(unix, windows));

/// Fills `buf` from the file `file` (`f`) at `at`.
pub(super) fn read_at(file: &str, f: &std::fs::File, buf: &mut [u8], at: u64) -> Result<(), Error> {
    read_exact_at(f, buf, at).map_err(|e| unreadable(file, e))
}

/// The error of a file that cannot be read.
pub(super) fn unreadable(file: &str, e: std::io::Error) -> Error {
    Error::file(file, format!("filen går inte att läsa: {e}"))
}

fn read_exact_at(f: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
    }
    #[cfg(windows)]
    {
        let (mut done, mut buf) = (0u64, buf);
        while !buf.is_empty() {
            match std::os::windows::fs::FileExt::seek_read(f, buf, at + done) {
                Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => {
                    buf = &mut buf[n..];
                    done += n as u64;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (f, buf, at);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// A chunk to parse: `buf[..len]` holds whole lines (or will, once read from `fill`).
pub(super) struct Job {
    pub buf: Vec<u8>,
    /// Where to read the chunk from into `buf` first, if it is not there yet.
    pub fill: Option<Fill>,
    /// Which quick paths to use (tests compare them with the general path).
    pub quick: Quick,
    pub len: usize,
    /// The last chunk of the file.
    pub last: bool,
    /// The label of the line after the chunk (when not last): what an open voucher met.
    pub next_label: String,
    /// An earlier chunk's tables, to fill again without allocating.
    pub reuse: Option<Parsed>,
}

/// A string of a parsed row: a range of the chunk, or of the arena when `start` has the
/// [`ARENA`] bit (eight bytes, written in two stores).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct S {
    pub start: u32,
    pub end: u32,
}

impl S {
    /// No string (a start no range has: chunks and the arena stay below 2³¹).
    const NONE: S = S { start: u32::MAX, end: u32::MAX };
}

/// The bit of [`S::start`] that says the range is in the arena.
const ARENA: u32 = 1 << 31;

/// The largest chunk (one voucher, at the most), so that ranges and the arena (a decoded
/// chunk: up to three bytes for one) stay below [`ARENA`].
const MAX_CHUNK: usize = 1 << 29;

/// A transaction row, in 40 bytes (a chunk's rows are written once and read once: the fewer
/// bytes, the fewer trips to memory).
pub(super) struct Row {
    pub amount: i64,
    pub account: u32,
    pub line: u32,
    /// Range of [`Parsed::objs`].
    pub objs: (u32, u32),
    /// The date as the number yyyymmdd, 0 for none.
    date: u32,
    /// [`S::NONE`] for none.
    text: S,
    pub kind: TransKind,
}

/// A date as the number yyyymmdd.
#[inline(always)]
fn pack_date(d: Date) -> u32 {
    d.year() as u32 * 10_000 + d.month() as u32 * 100 + d.day() as u32
}

/// A date from [`pack_date`]; `None` for 0.
#[inline(always)]
fn unpack_date(v: u32) -> Option<Date> {
    (v != 0).then(|| ymd(v as u64)).flatten()
}

impl Voucher {
    #[inline]
    pub fn date(&self) -> Date {
        unpack_date(self.date).expect("a voucher's date is checked before it is packed")
    }
}

impl Row {
    #[inline(always)]
    fn new(account: u32, amount: i64, date: Option<Date>, text: Option<S>, kind: TransKind, line: u32, objs: (u32, u32)) -> Row {
        let date = date.map_or(0, pack_date);
        Row { amount, account, line, objs, date, text: text.unwrap_or(S::NONE), kind }
    }

    #[inline]
    pub fn date(&self) -> Option<Date> {
        unpack_date(self.date)
    }

    #[inline]
    pub fn text(&self) -> Option<S> {
        (self.text.start != S::NONE.start).then_some(self.text)
    }
}

/// An object on a row.
pub(super) struct Obj {
    pub dim: u32,
    pub id: S,
}

/// A voucher: all of it `u32`s (a voucher built on the stack with narrower stores and copied
/// in with wide loads stalled on the copy).
pub(super) struct Voucher {
    pub line: u32,
    pub series: S,
    pub number: S,
    /// yyyymmdd.
    date: u32,
    pub text: S,
    /// Range of [`Parsed::rows`].
    pub rows: (u32, u32),
    /// Rows counted (not #BTRANS).
    pub counted: u32,
}

/// What the sequential half does, in order.
pub(super) enum Item {
    /// A line outside vouchers, for the general reader: `chunk[start..end]`.
    Line { start: u32, end: u32, line: u32 },
    /// An index of [`Parsed::vouchers`].
    Voucher(u32),
    /// Boxed, so that an item is sixteen bytes.
    Warning(Box<Warning>),
    /// Stops the read.
    Error(Box<Error>),
}

impl Item {
    fn error(e: Error) -> Item {
        Item::Error(Box::new(e))
    }
}

/// A parsed chunk (the buffer travels with it, to be reused).
#[derive(Default)]
pub(super) struct Parsed {
    pub buf: Vec<u8>,
    /// The chunk's length in `buf`.
    pub len: usize,
    pub arena: String,
    pub rows: Vec<Row>,
    pub objs: Vec<Obj>,
    pub items: Vec<Item>,
    pub vouchers: Vec<Voucher>,
    /// Lines in the chunk.
    pub lines: u64,
}

impl Parsed {
    #[inline]
    pub fn str(&self, s: S) -> &str {
        str_of(&self.buf, &self.arena, s)
    }
}

#[inline]
fn str_of<'a>(buf: &'a [u8], arena: &'a str, s: S) -> &'a str {
    let (a, b) = ((s.start & !ARENA) as usize, s.end as usize);
    if s.start & ARENA != 0 {
        &arena[a..b]
    } else {
        let bytes = &buf[a..b];
        debug_assert!(std::str::from_utf8(bytes).is_ok(), "a chunk range that is not UTF-8");
        // SAFETY: ranges into the chunk are made only by the fast and quick paths, from lines
        // that are ASCII or lie in a part of the chunk validated as UTF-8, and they start and
        // end at ASCII delimiters, so they are UTF-8 (tests check it in debug builds).
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

/// The voucher being read. Its head is already the last of the vouchers and in the items
/// (written once, where it is read), and is taken out again if the voucher is never closed.
struct Open {
    /// Its [`Item::Voucher`] in [`Parsed::items`].
    item: u32,
    /// Sum and count of the counted rows so far.
    sum: i64,
    counted: u32,
    in_block: bool,
    skip_next_trans: bool,
}

/// Opens a voucher whose `#VER` line `line` was read.
#[inline(always)]
fn open_voucher(p: &mut Parsed, line: u32, (series, number, date, text): (S, S, Date, S)) -> Open {
    let item = p.items.len() as u32;
    let rows = p.rows.len() as u32;
    p.items.push(Item::Voucher(p.vouchers.len() as u32));
    p.vouchers.push(Voucher { line, series, number, date: pack_date(date), text, rows: (rows, rows), counted: 0 });
    Open { item, sum: 0, counted: 0, in_block: false, skip_next_trans: false }
}

/// The head of the open voucher.
fn head(p: &Parsed) -> &Voucher {
    p.vouchers.last().expect("an open voucher is the last one")
}

/// Parses a chunk. Never panics on any input; the first error ends the chunk's items.
pub(super) fn parse(file: &str, encoding: Encoding, import_file: bool, job: Job) -> Parsed {
    let Job { mut buf, fill, quick, len, last, next_label, reuse } = job;
    let mut p = reuse.unwrap_or_default();
    p.arena.clear();
    p.rows.clear();
    p.objs.clear();
    p.items.clear();
    p.vouchers.clear();
    p.lines = 0;
    p.len = len;
    let chunk_len = len;
    if chunk_len > MAX_CHUNK {
        p.items.push(Item::error(Error::file(file, "en verifikation större än 512 MB")));
        p.buf = buf;
        return p;
    }
    if let Some(fill) = fill {
        // Grown, not shrunk, so that a buffer used again is not cleared again.
        if buf.len() < len {
            buf.resize(len, 0);
        }
        if let Err(e) = read_at(file, &fill.f, &mut buf[..len], fill.at) {
            p.items.push(Item::error(e));
            p.buf = buf;
            return p;
        }
    }
    parse_lines(file, encoding, import_file, &buf[..chunk_len], quick, last, &next_label, &mut p);
    p.buf = buf;
    p
}

#[allow(clippy::too_many_arguments)]
fn parse_lines(file: &str, encoding: Encoding, import_file: bool, buf: &[u8], quick: Quick, last: bool, next_label: &str, p: &mut Parsed) {
    let chunk_len = buf.len();
    // Where UTF-8 stops being valid (UTF-8 files only; other encodings decode any byte).
    let valid_upto = match encoding {
        Encoding::Utf8 => match std::str::from_utf8(&buf[..chunk_len]) {
            Ok(_) => chunk_len,
            Err(e) => e.valid_up_to(),
        },
        _ => chunk_len,
    };
    // Whether the whole chunk is ASCII, asked only when a line takes the general path.
    let mut all_ascii: Option<bool> = None;
    let mut open: Option<Open> = None;
    let mut line_no: u32 = 0;
    let mut start = 0usize;
    // Non-ASCII bytes may go into borrowed strings only where they are valid UTF-8.
    let high = encoding == Encoding::Utf8 && valid_upto == chunk_len;
    while start < chunk_len {
        if quick != Quick::Off {
            let at = Lines { buf };
            let run = Run { buf, at, start: &mut start, line_no: &mut line_no, open: &mut open, high, import_file };
            quick_lines(quick, run, p);
            if start >= chunk_len {
                break;
            }
        }
        line_no += 1;
        let end = memchr::memchr(b'\n', &buf[start..]).map_or(chunk_len, |n| start + n);
        let line_start = start;
        start = if end < chunk_len { end + 1 } else { chunk_len };
        let raw = &buf[line_start..end];
        // Textual validity first, as the line-by-line reader did.
        let utf8_ok = end <= valid_upto;
        if !utf8_ok {
            p.items.push(Item::error(Error::at(file, line_no as u64, None, "raden är inte giltig text i UTF-8")));
            break;
        }
        let (ts, te) = trim_ascii(raw);
        let (ts, te) = (line_start + ts, line_start + te);
        if ts == te {
            continue;
        }
        let t = &buf[ts..te];
        // The fast path reads ASCII lines, and any line of a (validated) UTF-8 file whose ends
        // are ASCII (so ASCII trimming equals Unicode trimming).
        let all_ascii = *all_ascii.get_or_insert_with(|| encoding != Encoding::Utf8 && buf.is_ascii());
        let fast = all_ascii || encoding == Encoding::Utf8 && t[0] < 0x80 && t[t.len() - 1] < 0x80 || t.is_ascii();
        if t == b"{" {
            match open.as_mut() {
                Some(o) if !o.in_block => o.in_block = true,
                _ => {
                    p.items.push(Item::error(Error::at(file, line_no as u64, None, "ett \"{\" som inte öppnar raderna i en #VER")));
                    break;
                }
            }
            continue;
        }
        if t == b"}" {
            match open.take() {
                Some(o) if o.in_block => close(p, buf, &o),
                _ => {
                    p.items.push(Item::error(Error::at(file, line_no as u64, None, "ett \"}\" utan en öppen #VER")));
                    break;
                }
            }
            continue;
        }
        if t[0] != b'#' {
            // The general reader says what is wrong with it (or skips it, if it is only
            // non-ASCII white space).
            p.items.push(Item::Line { start: ts as u32, end: te as u32, line: line_no });
            continue;
        }
        let label = label_of(t);
        let is_trans = matches!(label, Label::Trans(_));
        let is_ver = matches!(label, Label::Ver);
        if !is_trans && !is_ver {
            if let Some(o) = &open {
                let name = decode_label(encoding, t);
                let e = if o.in_block {
                    Error::at(
                        file,
                        line_no as u64,
                        Some(&name),
                        format!("inuti en verifikation ska det stå #TRANS-rader eller \"}}\", här står {name}"),
                    )
                } else {
                    no_block(file, buf, p)
                };
                p.items.push(Item::error(e));
                break;
            }
            p.items.push(Item::Line { start: ts as u32, end: te as u32, line: line_no });
            continue;
        }
        if let Label::Trans(kind) = label {
            let Some(o) = open.as_mut().filter(|o| o.in_block) else {
                let name = decode_label(encoding, t);
                p.items.push(Item::error(Error::at(file, line_no as u64, Some(&name), format!("{name} utanför raderna {{ }} i en #VER"))));
                break;
            };
            let row = match fast.then(|| fast_trans(&mut p.objs, buf, ts, te, kind, line_no)).flatten() {
                Some(row) => row,
                None => match general_trans(&LineAt { file, encoding, bytes: &buf[ts..te], line: line_no }, p, kind) {
                    Ok(row) => row,
                    Err(e) => {
                        p.items.push(Item::error(e));
                        break;
                    }
                },
            };
            if row.kind == TransKind::Normal && std::mem::take(&mut o.skip_next_trans) {
                // The #TRANS twin written after an #RTRANS for older readers: counted once.
                continue;
            }
            let row = if row.kind == TransKind::Added {
                o.skip_next_trans = true;
                Row { kind: TransKind::Normal, ..row }
            } else {
                row
            };
            if row.kind == TransKind::Normal {
                o.sum += row.amount;
                o.counted += 1;
            }
            p.rows.push(row);
            continue;
        }
        // #VER
        if let Some(o) = &open {
            let e = if o.in_block {
                Error::at(file, line_no as u64, Some("#VER"), "inuti en verifikation ska det stå #TRANS-rader eller \"}\", här står #VER")
            } else {
                no_block(file, buf, p)
            };
            p.items.push(Item::error(e));
            break;
        }
        let head = match fast.then(|| fast_ver(buf, ts, te, import_file)).flatten() {
            Some(h) => Ok(h),
            None => general_ver(&LineAt { file, encoding, bytes: &buf[ts..te], line: line_no }, p, import_file),
        };
        match head {
            Ok(h) => open = Some(open_voucher(p, line_no, h)),
            Err(e) => {
                p.items.push(Item::error(e));
                break;
            }
        }
    }
    p.lines = line_no as u64;
    if let Some(o) = open {
        if !matches!(p.items.last(), Some(Item::Error(_))) {
            let v = head(p);
            let e = if last {
                Error::at(
                    file,
                    v.line as u64,
                    Some("#VER"),
                    format!(
                        "filen tar slut innan verifikation {} {} har stängts med \"}}\" (avkortad fil?)",
                        str_of(buf, &p.arena, v.series),
                        str_of(buf, &p.arena, v.number)
                    ),
                )
            } else if o.in_block {
                Error::at(
                    file,
                    line_no as u64 + 1,
                    Some(next_label),
                    format!("inuti en verifikation ska det stå #TRANS-rader eller \"}}\", här står {next_label}"),
                )
            } else {
                no_block(file, buf, p)
            };
            p.items.push(Item::error(e));
        }
        // Only the error may follow the voucher's head, which is not handed over.
        p.items.remove(o.item as usize);
        p.vouchers.pop();
    }
}

fn no_block(file: &str, buf: &[u8], p: &Parsed) -> Error {
    let v = head(p);
    let (series, number) = (str_of(buf, &p.arena, v.series), str_of(buf, &p.arena, v.number));
    Error::at(file, v.line as u64, Some("#VER"), format!("verifikation {series} {number} saknar block {{ }}"))
}

/// Closes a voucher: its balance and emptiness are checked here, in parallel.
#[inline(always)]
fn close(p: &mut Parsed, buf: &[u8], o: &Open) {
    let end = p.rows.len() as u32;
    let v = p.vouchers.last_mut().expect("an open voucher is the last one");
    v.rows.1 = end;
    v.counted = o.counted;
    // Its warnings follow it (the sequential half reports its rows' accounts first).
    if o.sum != 0 || end == v.rows.0 {
        close_warnings(p, buf, o);
    }
}

#[inline(never)]
fn close_warnings(p: &mut Parsed, buf: &[u8], o: &Open) {
    let v = head(p);
    let (start, end) = v.rows;
    let (series, number) = (str_of(buf, &p.arena, v.series), str_of(buf, &p.arena, v.number));
    let line = v.line as u64;
    if o.sum != 0 {
        let message = format!("verifikation {series} {number} balanserar inte: raderna summerar till {}", fmt_amount(o.sum));
        p.items.push(Item::Warning(Box::new(Warning { line, message })));
    }
    if end == start {
        p.items.push(Item::Warning(Box::new(Warning { line, message: format!("verifikation {series} {number} saknar rader") })));
    }
}

/// The quick paths a chunk is read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Quick {
    /// The general path alone (the tests' reference).
    Off,
    /// Masks of a line's window with SSE2 (every x86-64), or byte by byte elsewhere.
    Narrow,
    /// Masks with AVX-512 where the processor has it, [`Quick::Narrow`] where not.
    Wide,
}

impl Quick {
    /// The fastest this processor runs; [`Quick::Narrow`] when the environment variable
    /// `ARSHJUL_SIE_NARROW` is set (to measure what processors without AVX-512 get).
    pub fn best() -> Quick {
        if std::env::var_os("ARSHJUL_SIE_NARROW").is_some() {
            return Quick::Narrow;
        }
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx512bw") {
            return Quick::Wide;
        }
        Quick::Narrow
    }
}

/// The quick paths over as many lines as they read: the four shapes a ledger is made of
/// (`#VER`, `{`, `#TRANS`, `}`), each read in one pass that also finds the line's end. Returns
/// at the end of the chunk or at the first line they do not read (`start` is its start,
/// `line_no` the line before it), which the general path then reads.
fn quick_lines(quick: Quick, run: Run<'_, '_>, p: &mut Parsed) {
    #[cfg(target_arch = "x86_64")]
    if quick == Quick::Wide && std::is_x86_feature_detected!("avx512bw") {
        // SAFETY: the processor has AVX-512 F and BW (checked on the line above).
        unsafe { quick_lines_avx512(run, p) };
        return;
    }
    let _ = quick;
    quick_lines_with::<false>(run, p);
}

/// Where the quick paths are in a chunk, and what they need to know of it.
struct Run<'a, 'b> {
    buf: &'a [u8],
    at: Lines<'b>,
    /// The start of the next line; the line before it; the voucher open there.
    start: &'b mut usize,
    line_no: &'b mut u32,
    open: &'b mut Option<Open>,
    /// Non-ASCII bytes may go into borrowed strings (validated UTF-8).
    high: bool,
    import_file: bool,
}

/// Where the quick paths find a line's end.
struct Lines<'a> {
    /// The chunk.
    buf: &'a [u8],
}

impl Lines<'_> {
    /// Where the line at `i` ends: its `\n`, or the end of the chunk. From the 64 bytes at `i`
    /// (which the line's reader loads next anyway), past them by `memchr`.
    #[inline(always)]
    fn end<const WIDE: bool>(&mut self, i: usize, len: usize) -> usize {
        if let Some(w) = self.buf.get(i..i + 64) {
            let m = window::newlines_of::<WIDE>(w.try_into().expect("64 bytes"));
            if m != 0 {
                return i + m.trailing_zeros() as usize;
            }
        }
        memchr::memchr(b'\n', &self.buf[i.min(len)..len]).map_or(len, |k| i + k)
    }
}

/// [`quick_lines_with`] compiled for AVX-512: the masks of a window come from one load and a
/// compare per character (six instructions instead of forty).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,bmi1,bmi2,lzcnt,popcnt")]
fn quick_lines_avx512(run: Run<'_, '_>, p: &mut Parsed) {
    quick_lines_with::<true>(run, p);
}

#[inline(always)]
fn quick_lines_with<const WIDE: bool>(run: Run<'_, '_>, p: &mut Parsed) {
    let Run { buf, mut at, start, line_no, open, high, import_file } = run;
    let (mut i, mut line) = (*start, *line_no);
    // A local, not behind the reference, so that it can stay in registers.
    let mut cur = open.take();
    let mut shapes = Shapes::default();
    while i < buf.len() {
        if let Some(o) = cur.as_mut().filter(|o| o.in_block && !o.skip_next_trans) {
            let closed;
            (i, line, closed) = voucher_rows::<WIDE>(buf, &mut at, i, line, o, &mut shapes, high, p);
            if closed {
                cur = None;
            }
            if i >= buf.len() {
                break;
            }
        }
        let n = line + 1;
        let e = at.end::<WIDE>(i, buf.len());
        let next = match &mut cur {
            Some(o) if o.in_block => {
                // The rows loop above has tried this line already, unless it is the #TRANS twin
                // written after an #RTRANS, which is read here and not counted again.
                let twin = if o.skip_next_trans {
                    make_room(p);
                    window_trans::<WIDE>(buf, i, e, high, &mut p.objs, &mut p.rows, n)
                } else {
                    None
                };
                if let Some((next, _)) = twin {
                    o.skip_next_trans = false;
                    if let Some(r) = p.rows.pop() {
                        p.objs.truncate(r.objs.0 as usize);
                    }
                    next
                } else if let Some((row, next)) = quick_trans(buf, i, high, &mut p.objs, n) {
                    if !std::mem::take(&mut o.skip_next_trans) {
                        o.sum += row.amount;
                        o.counted += 1;
                        p.rows.push(row);
                    }
                    next
                } else if let Some(next) = quick_brace(buf, i, b'}') {
                    close(p, buf, o);
                    cur = None;
                    next
                } else {
                    break;
                }
            }
            Some(o) => match quick_brace(buf, i, b'{') {
                Some(next) => {
                    o.in_block = true;
                    next
                }
                None => break,
            },
            None => match window_ver::<WIDE>(buf, i, e, high, import_file).or_else(|| quick_ver(buf, i, high, import_file)) {
                Some((head, next)) => {
                    cur = Some(open_voucher(p, n, head));
                    next
                }
                None => break,
            },
        };
        i = next;
        line = n;
    }
    (*start, *line_no) = (i, line);
    *open = cur;
}

/// The rows of the open voucher `o` from `i` on (`line` the line before), and the `}` that
/// closes it: (where reading stopped, the line before it, whether the voucher was closed). A
/// function of its own, not inlined, so that its loop keeps its registers whatever the code
/// around it.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn voucher_rows<const WIDE: bool>(
    buf: &[u8],
    at: &mut Lines<'_>,
    i: usize,
    line: u32,
    o: &mut Open,
    shapes: &mut Shapes,
    high: bool,
    p: &mut Parsed,
) -> (usize, u32, bool) {
    #[cfg(target_arch = "x86_64")]
    if WIDE {
        // SAFETY: WIDE is only used where the processor has AVX-512 F and BW
        // ([`quick_lines`] checks it).
        return unsafe { voucher_rows_avx512(buf, at, i, line, o, shapes, high, p) };
    }
    voucher_rows_narrow(buf, at, i, line, o, shapes, high, p)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,bmi1,bmi2,lzcnt,popcnt")]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn voucher_rows_avx512(
    buf: &[u8],
    at: &mut Lines<'_>,
    i: usize,
    line: u32,
    o: &mut Open,
    shapes: &mut Shapes,
    high: bool,
    p: &mut Parsed,
) -> (usize, u32, bool) {
    voucher_rows_with::<true>(buf, at, i, line, o, shapes, high, p)
}

#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn voucher_rows_narrow(
    buf: &[u8],
    at: &mut Lines<'_>,
    i: usize,
    line: u32,
    o: &mut Open,
    shapes: &mut Shapes,
    high: bool,
    p: &mut Parsed,
) -> (usize, u32, bool) {
    voucher_rows_with::<false>(buf, at, i, line, o, shapes, high, p)
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn voucher_rows_with<const WIDE: bool>(
    buf: &[u8],
    at: &mut Lines<'_>,
    mut i: usize,
    mut line: u32,
    o: &mut Open,
    shapes: &mut Shapes,
    high: bool,
    p: &mut Parsed,
) -> (usize, u32, bool) {
    let (mut sum, mut counted) = (o.sum, o.counted);
    while i < buf.len() {
        let e = at.end::<WIDE>(i, buf.len());
        // Room for a row of a learnt layout, made here so that reading one calls nothing (a call
        // in the middle of it would spill its window to the stack, where reading it back whole
        // stalls when the copy straddles two cache lines).
        if p.rows.len() == p.rows.capacity() || p.objs.capacity() - p.objs.len() < MAX_WINDOW_OBJS {
            make_room(p);
        }
        let read = shapes.trans::<WIDE>(buf, i, e, high, &mut p.objs, &mut p.rows, line + 1).or_else(|| {
            let r = window_trans::<WIDE>(buf, i, e, high, &mut p.objs, &mut p.rows, line + 1);
            if r.is_some() {
                shapes.learn(buf, i, e, &p.rows, &p.objs);
            }
            r
        });
        if let Some((next, amount)) = read {
            sum += amount;
            counted += 1;
            i = next;
            line += 1;
            continue;
        }
        // The `}` that closes the voucher; anything else is the caller's.
        if let Some(after) = quick_brace(buf, i, b'}') {
            (o.sum, o.counted) = (sum, counted);
            close(p, buf, o);
            return (after, line + 1, true);
        }
        break;
    }
    (o.sum, o.counted) = (sum, counted);
    (i, line, false)
}

/// Pushes onto `v`, which has room ([`make_room`]).
#[inline(always)]
fn push_within_capacity<T>(v: &mut Vec<T>, x: T) {
    assert!(v.len() < v.capacity(), "room was made before");
    let n = v.len();
    // SAFETY: `n` is below the capacity (asserted above), so the slot is allocated and unused.
    unsafe {
        v.as_mut_ptr().add(n).write(x);
        v.set_len(n + 1);
    }
}

/// More objects than a row read through a 64-byte window can have (`1 ""` and a space: five
/// bytes each at the least).
const MAX_WINDOW_OBJS: usize = 64 / 5;

/// Room for a row of [`window_trans`] or [`Shape`] at the least, and as many rows again as
/// there are.
#[cold]
#[inline(never)]
fn make_room(p: &mut Parsed) {
    p.rows.reserve(p.rows.len().max(1024));
    p.objs.reserve(p.objs.len().max(1024 * MAX_WINDOW_OBJS));
}

/// Which label a line starts with, as far as vouchers are concerned.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    Trans(TransKind),
    Ver,
    Other,
}

/// The label of a trimmed line (case-insensitive, as the general reader upper-cases labels).
pub(super) fn label_of(t: &[u8]) -> Label {
    let n = t.iter().position(|&b| matches!(b, b' ' | b'\t' | b'{' | b'}' | b'"' | b'\r' | b'\n')).unwrap_or(t.len());
    let l = &t[..n];
    if l.eq_ignore_ascii_case(b"#TRANS") {
        Label::Trans(TransKind::Normal)
    } else if l.eq_ignore_ascii_case(b"#VER") {
        Label::Ver
    } else if l.eq_ignore_ascii_case(b"#RTRANS") {
        Label::Trans(TransKind::Added)
    } else if l.eq_ignore_ascii_case(b"#BTRANS") {
        Label::Trans(TransKind::Removed)
    } else {
        Label::Other
    }
}

/// The label of a line for messages, upper-cased.
pub(super) fn decode_label(encoding: Encoding, t: &[u8]) -> String {
    let n = t.iter().position(|&b| matches!(b, b' ' | b'\t' | b'{' | b'}' | b'"' | b'\r' | b'\n')).unwrap_or(t.len());
    encoding.decode(&t[..n]).map(|s| s.to_uppercase()).unwrap_or_else(|| String::from_utf8_lossy(&t[..n]).to_uppercase())
}

fn trim_ascii(b: &[u8]) -> (usize, usize) {
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0b' | b'\x0c');
    let s = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let e = b.iter().rposition(|c| !ws(c)).map_or(s, |i| i + 1);
    (s, e)
}

/// A token of the fast scanner: a value's range (relative to the line), or a brace.
#[derive(Clone, Copy, Default)]
enum Tok {
    Text(u32, u32),
    Open,
    Close,
    #[default]
    None,
}

const MAX_TOKS: usize = 16;

/// Splits a line as [`tokenize`] does, without allocating. `None` when the line needs the
/// general tokenizer: an escaped quote, an unclosed quote or list, a nested list, more than
/// [`MAX_TOKS`] tokens.
fn scan(l: &[u8], out: &mut [Tok; MAX_TOKS]) -> Option<usize> {
    let mut n = 0;
    let mut i = 0;
    let mut in_list = false;
    let mut push = |t: Tok, n: &mut usize| -> Option<()> {
        *out.get_mut(*n)? = t;
        *n += 1;
        Some(())
    };
    while i < l.len() {
        match l[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'{' => {
                if in_list {
                    return None;
                }
                in_list = true;
                push(Tok::Open, &mut n)?;
                i += 1;
            }
            b'}' => {
                if !in_list {
                    return None;
                }
                in_list = false;
                push(Tok::Close, &mut n)?;
                i += 1;
            }
            b'"' => {
                let s = i + 1;
                let len = memchr::memchr(b'"', &l[s..])?;
                let e = s + len;
                if l[s..e].contains(&b'\\') {
                    return None;
                }
                push(Tok::Text(s as u32, e as u32), &mut n)?;
                i = e + 1;
            }
            _ => {
                let s = i;
                while i < l.len() && !matches!(l[i], b' ' | b'\t' | b'\r' | b'\n' | b'{' | b'}' | b'"') {
                    i += 1;
                }
                push(Tok::Text(s as u32, i as u32), &mut n)?;
            }
        }
    }
    if in_list {
        return None;
    }
    Some(n)
}

fn digits(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 18 {
        return None;
    }
    let mut v = 0u64;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as u64;
    }
    Some(v)
}

/// `-1234.50` → öre, as [`super::parse_amount`] reads it.
fn amount(b: &[u8]) -> Option<i64> {
    let (neg, b) = match b.split_first() {
        Some((b'-', r)) => (true, r),
        _ => (false, b),
    };
    let (int, frac) = match memchr::memchr(b'.', b) {
        Some(d) => (&b[..d], &b[d + 1..]),
        None => (b, &b""[..]),
    };
    if frac.len() > 2 || (b.len() != int.len() && frac.is_empty()) {
        return None;
    }
    let i = digits(int)? as i64;
    let f = match frac.len() {
        0 => 0,
        1 => digits(frac)? as i64 * 10,
        _ => digits(frac)? as i64,
    };
    let ore = i.checked_mul(100)?.checked_add(f)?;
    Some(if neg { -ore } else { ore })
}

pub(super) fn date8(b: &[u8]) -> Option<Date> {
    if b.len() != 8 {
        return None;
    }
    ymd(digits(b)?)
}

/// The date written as the number yyyymmdd.
#[inline(always)]
fn ymd(v: u64) -> Option<Date> {
    Date::new((v / 10_000) as i32, (v / 100 % 100) as u8, (v % 100) as u8)
}

/// [`ymd`] for the quick paths, whose digits may be fewer than eight: those are the general
/// path's to refuse.
#[inline(always)]
fn ymd8(v: u64) -> Option<Date> {
    ymd(v).filter(|_| v >= 10_000_000)
}

fn s_of(base: usize, t: Tok) -> S {
    match t {
        Tok::Text(a, b) => S { start: (base + a as usize) as u32, end: (base + b as usize) as u32 },
        _ => S::default(),
    }
}

/// `#TRANS account {dim "obj" …} amount [date] [text] …` without allocating; `None` sends the
/// line to the general path (which also gives the errors).
fn fast_trans(objs: &mut Vec<Obj>, buf: &[u8], ts: usize, te: usize, kind: TransKind, line: u32) -> Option<Row> {
    let l = &buf[ts..te];
    let mut toks = [Tok::None; MAX_TOKS];
    let n = scan(l, &mut toks)?;
    let toks = &toks[..n];
    let val = |i: usize| match toks.get(i) {
        Some(&Tok::Text(a, b)) => Some(&l[a as usize..b as usize]),
        _ => None,
    };
    let acc = val(1)?;
    if acc.len() > 6 {
        return None;
    }
    let account = digits(acc)? as u32;
    if !matches!(toks.get(2), Some(Tok::Open)) {
        return None;
    }
    let objs_start = objs.len();
    let mut i = 3;
    let ok = loop {
        match (toks.get(i), toks.get(i + 1)) {
            (Some(Tok::Close), _) => break true,
            (Some(&Tok::Text(a, b)), Some(&Tok::Text(..))) => {
                let Some(dim) = digits(&l[a as usize..b as usize]).filter(|d| *d <= u32::MAX as u64) else { break false };
                objs.push(Obj { dim: dim as u32, id: s_of(ts, toks[i + 1]) });
                i += 2;
            }
            _ => break false,
        }
    };
    if !ok {
        objs.truncate(objs_start);
        return None;
    }
    let rest = i + 1;
    let parsed = (|| {
        if toks[rest..].iter().any(|t| !matches!(t, Tok::Text(..))) {
            return None;
        }
        let amount = amount(val(rest)?)?;
        let date = match val(rest + 1) {
            None | Some([]) => None,
            Some(b) => Some(date8(b)?),
        };
        let text = match toks.get(rest + 2) {
            Some(&t @ Tok::Text(a, b)) if a != b => Some(s_of(ts, t)),
            _ => None,
        };
        Some((amount, date, text))
    })();
    match parsed {
        Some((amount, date, text)) => Some(Row::new(account, amount, date, text, kind, line, (objs_start as u32, objs.len() as u32))),
        None => {
            objs.truncate(objs_start);
            None
        }
    }
}

/// `#VER series number date text …` without allocating.
fn fast_ver(buf: &[u8], ts: usize, te: usize, import_file: bool) -> Option<(S, S, Date, S)> {
    let l = &buf[ts..te];
    let mut toks = [Tok::None; MAX_TOKS];
    let n = scan(l, &mut toks)?;
    let toks = &toks[..n];
    if toks.iter().any(|t| !matches!(t, Tok::Text(..))) || n < 4 {
        return None;
    }
    let number = s_of(ts, toks[2]);
    if import_file && number.start != number.end {
        return None;
    }
    let Tok::Text(a, b) = toks[3] else { return None };
    let date = date8(&l[a as usize..b as usize])?;
    let text = match toks.get(4) {
        Some(&t) => {
            let s = s_of(ts, t);
            let (a, b) = trim_ascii(&buf[s.start as usize..s.end as usize]);
            let s = S { start: s.start + a as u32, end: s.start + b as u32 };
            // Unicode trimming would differ at a non-ASCII end.
            if s.start != s.end && (buf[s.start as usize] >= 0x80 || buf[s.end as usize - 1] >= 0x80) {
                return None;
            }
            s
        }
        None => S::default(),
    };
    Some((s_of(ts, toks[1]), number, date, text))
}

/// The end of a line at `i`: the start of the next line, or `None` if the line goes on.
#[inline(always)]
fn line_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i) {
        None => Some(i),
        Some(b'\n') => Some(i + 1),
        Some(b'\r') if b.get(i + 1) == Some(&b'\n') => Some(i + 2),
        _ => None,
    }
}

/// `{` or `}` alone on its line.
#[inline(always)]
fn quick_brace(b: &[u8], i: usize, brace: u8) -> Option<usize> {
    (b.get(i) == Some(&brace)).then_some(())?;
    line_end(b, i + 1)
}

/// Eight bytes at `i`, little-endian, zero-padded past the end.
#[inline(always)]
fn load8(b: &[u8], i: usize) -> u64 {
    match b.get(i..i + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().expect("eight bytes")),
        // Byte by byte, not by a copy: a call here (memcpy) would make the code around it keep
        // its vector registers on the stack.
        None => b.get(i..).unwrap_or_default().iter().take(8).enumerate().fold(0, |x, (j, &c)| x | (c as u64) << (8 * j)),
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is not zero (no carries between bytes).
#[inline(always)]
fn nonzero_bytes(x: u64) -> u64 {
    (x | ((x & !HI) + !HI)) & HI
}

/// The high bit of each byte of `x` equal to `c`.
#[inline(always)]
fn bytes_equal(x: u64, c: u8) -> u64 {
    !nonzero_bytes(x ^ (LO * c as u64)) & HI
}

/// How many of the bytes of `x`, from the first, are ASCII digits (0–8).
#[inline(always)]
fn digit_run(x: u64) -> usize {
    // A digit XOR 0x30 is 0–9: high nibble 0, and low nibble + 6 stays below 16.
    let d = x ^ 0x3030_3030_3030_3030;
    let not_digit = (d & 0xF0F0_F0F0_F0F0_F0F0) | (((d & 0x0F0F_0F0F_0F0F_0F0F) + 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010);
    (nonzero_bytes(not_digit).trailing_zeros() / 8) as usize
}

/// The value of the first `n` (1–8) bytes of `x`, all digits.
#[inline(always)]
fn digits_value(x: u64, n: usize) -> u64 {
    // Move the digits to the top (the first byte is the most significant digit); the zero
    // bytes shifted in count as leading zeros. Then combine pairs, quads and halves.
    let v = x.wrapping_sub(0x3030_3030_3030_3030) << (8 * (8 - n));
    let v = (v & 0x0F0F_0F0F_0F0F_0F0F).wrapping_mul(2561) >> 8;
    let v = (v & 0x00FF_00FF_00FF_00FF).wrapping_mul(6_553_601) >> 16;
    (v & 0x0000_FFFF_0000_FFFF).wrapping_mul(42_949_672_960_001) >> 32
}

/// Digits at `i`, at most `max` of them: (value, index after).
#[inline(always)]
fn quick_digits(b: &[u8], i: usize, max: usize) -> Option<(u64, usize)> {
    let x = load8(b, i);
    let n = digit_run(x);
    if n == 8 {
        if b.get(i + 8).is_some_and(u8::is_ascii_digit) {
            return slow_digits(b, i, max);
        }
        return (max >= 8).then(|| (digits_value(x, 8), i + 8));
    }
    (n > 0 && n <= max).then(|| (digits_value(x, n), i + n))
}

fn slow_digits(b: &[u8], mut i: usize, max: usize) -> Option<(u64, usize)> {
    let s = i;
    let mut v = 0u64;
    while let Some(&c) = b.get(i) {
        let d = c.wrapping_sub(b'0');
        if d > 9 || i - s >= 18 {
            break;
        }
        v = v * 10 + d as u64;
        i += 1;
    }
    (i > s && i - s <= max && b.get(i).is_none_or(|c| !c.is_ascii_digit())).then_some((v, i))
}

/// A value at `i`: quoted without escapes, or bare; (range, index after). Bytes above ASCII
/// only when `high` (validated UTF-8).
#[inline(always)]
fn quick_value(b: &[u8], mut i: usize, high: bool) -> Option<(S, usize)> {
    if b.get(i) == Some(&b'"') {
        let s = i + 1;
        // Short values (most object ids) in one word.
        let x = load8(b, s);
        let q = bytes_equal(x, b'"');
        if q != 0 {
            let n = (q.trailing_zeros() / 8) as usize;
            let before = (1u64 << (8 * n)) - 1;
            let bad = bytes_equal(x, b'\\') | bytes_equal(x, b'\n') | bytes_equal(x, b'\r') | if high { 0 } else { x & HI };
            // Past the end the padding is zero bytes, never a quote: `n` is inside `b`.
            return (bad & before == 0).then_some((S { start: s as u32, end: (s + n) as u32 }, s + n + 1));
        }
        i = s;
        loop {
            match *b.get(i)? {
                b'"' => break,
                b'\\' | b'\n' | b'\r' => return None,
                c if c >= 0x80 && !high => return None,
                _ => i += 1,
            }
        }
        Some((S { start: s as u32, end: i as u32 }, i + 1))
    } else {
        let s = i;
        while let Some(&c) = b.get(i) {
            if c <= b' ' || c == b'"' || c == b'{' || c == b'}' || (c >= 0x80 && !high) {
                break;
            }
            i += 1;
        }
        (i > s).then_some((S { start: s as u32, end: i as u32 }, i))
    }
}

const TRANS_PREFIX: u64 = u64::from_le_bytes(*b"#TRANS \0");
const VER_PREFIX: u64 = u64::from_le_bytes(*b"#VER \0\0\0");

/// A line that fits a 64-byte window: the window, its masks, where its content ends, and the
/// start of the next line. `None` when the line is longer, or holds a byte left to the
/// byte-wise paths (`\`, a tab, a `\r` before its end, or non-ASCII unless `high`).
#[inline(always)]
fn window_line<const WIDE: bool>(b: &[u8], i: usize, e: usize, high: bool) -> Option<(&[u8; 64], window::Masks, usize, usize)> {
    let w: &[u8; 64] = b.get(i..i + 64)?.try_into().ok()?;
    // The line's `\n` (`e`): a line that ends the chunk without one, or does
    // not fit the window, is the other paths' to read.
    let nl = e.wrapping_sub(i);
    if nl >= 64 {
        return None;
    }
    let m = window::masks_of::<WIDE>(w);
    let end = nl - (nl > 0 && w[(nl - 1) & 63] == b'\r') as usize;
    let inside = (1u64 << end) - 1;
    if (m.odd | if high { 0 } else { m.high }) & inside != 0 {
        return None;
    }
    Some((w, m, end, i + nl + 1))
}

/// How many digits follow from `k` on, by the window's digit mask.
#[inline(always)]
fn digit_count(digit: u64, k: usize) -> usize {
    (!digit.checked_shr(k as u32).unwrap_or(0)).trailing_zeros() as usize
}

/// Exactly `n` (1–8) digits at `k` of the window (`digit` its digit mask): their value.
#[inline(always)]
fn window_digits(w: &[u8; 64], digit: u64, k: usize, n: usize) -> Option<u64> {
    ((1..=8).contains(&n) && digit_count(digit, k) == n).then(|| digits_value(load8(w, k), n))
}

/// An amount at `q` of the window, `n` (1–7) digits before an optional point and one or two
/// after it: (öre, index after). The point is squeezed out, so that one multiplication chain
/// reads the digits on both sides.
#[inline(always)]
fn window_amount(w: &[u8; 64], digit: u64, q: usize, end: usize) -> Option<(i64, usize)> {
    let n = digit_count(digit, q);
    if n == 0 || n >= 8 {
        return None;
    }
    let dot = q + n;
    if dot >= end || w[dot] != b'.' {
        return Some((digits_value(load8(w, q), n) as i64 * 100, dot));
    }
    let f = digit_count(digit, dot + 1);
    if f == 0 || f > 2 {
        return None;
    }
    let scale = if f == 1 { 10 } else { 1 };
    let ore = if n + f <= 8 {
        // The bytes before the point from one load, those after it from a load one further on.
        let keep = (1u64 << (8 * n)) - 1;
        digits_value((load8(w, q) & keep) | (load8(w, q + 1) & !keep), n + f) as i64
    } else {
        digits_value(load8(w, q), n) as i64 * 100 + digits_value(load8(w, dot + 1), f) as i64
    };
    Some((ore * scale, dot + 1 + f))
}

/// `#TRANS account {dim "object" …} amount [date] ["text"]` through the window's masks:
/// (start of the next line, amount). Every field boundary comes from a mask, every index
/// stays inside the window (so no bounds checks), and no byte is read twice.
#[inline(always)]
fn window_trans<const WIDE: bool>(
    b: &[u8],
    i: usize,
    e: usize,
    high: bool,
    objs: &mut Vec<Obj>,
    rows: &mut Vec<Row>,
    line: u32,
) -> Option<(usize, i64)> {
    if load8(b.get(i..i + 8)?, 0) & 0x00FF_FFFF_FFFF_FFFF != TRANS_PREFIX {
        return None;
    }
    let (w, m, end, next_line) = window_line::<WIDE>(b, i, e, high)?;
    let inside = (1u64 << end) - 1;
    let (sp, digit, brace) = (m.sp & inside, m.digit & inside, m.brace & inside);
    // The account: digits from 7 to the first space.
    let a_end = (sp >> 7).trailing_zeros() as usize + 7;
    let an = a_end.wrapping_sub(7);
    let all = |n: usize| (1u64 << n) - 1;
    if an == 0 || an > 6 || (digit >> 7) & all(an) != all(an) {
        return None;
    }
    let account = digits_value(load8(w, 7), an) as u32;
    // Exactly two braces: `{` after the account's space, and the `}` that closes the list.
    let open = a_end + 1;
    if brace.count_ones() != 2 || (brace >> open) & 1 == 0 || w[open & 63] != b'{' {
        return None;
    }
    let close = 63 - brace.leading_zeros() as usize;
    if w[close] != b'}' {
        return None;
    }
    let objs_start = objs.len();
    let undo = |objs: &mut Vec<Obj>| {
        objs.truncate(objs_start);
        None
    };
    let mut p = open + 1;
    let quote = m.quote & inside;
    while p < close {
        // Spaces, then `dim "object"`, up to the `}`.
        p += (!(sp >> p)).trailing_zeros() as usize;
        if p >= close {
            break;
        }
        let dn = (!(digit >> p)).trailing_zeros() as usize;
        let s = p + dn;
        if dn == 0 || dn > 8 || (sp >> s) & 1 == 0 || (quote >> (s + 1)) & 1 == 0 {
            return undo(objs);
        }
        let dim = digits_value(load8(w, p), dn);
        let Some(q) = next(quote, s + 2) else { return undo(objs) };
        if q > close || dim > u32::MAX as u64 {
            return undo(objs);
        }
        push_within_capacity(objs, Obj { dim: dim as u32, id: S { start: (i + s + 2) as u32, end: (i + q) as u32 } });
        p = q + 1;
        if p < close && (sp >> p) & 1 == 0 {
            return undo(objs);
        }
    }
    // `}`, one space, then the amount.
    let q = close + 2;
    if q >= end || (sp >> (close + 1)) & 1 == 0 {
        return undo(objs);
    }
    let neg = w[q & 63] == b'-';
    let Some((ore, mut q)) = window_amount(w, digit, q + neg as usize, end) else { return undo(objs) };
    // Then, as many programs write them: a date (or "") and a quoted text (or "").
    let (mut date, mut text) = (None, None);
    if q < end {
        if w[q & 63] != b' ' {
            return undo(objs);
        }
        if w.get(q + 1..q + 3) == Some(b"\"\"") {
            q += 3;
        } else {
            let Some(v) = window_digits(w, digit, q + 1, 8) else { return undo(objs) };
            let Some(d) = ymd8(v) else {
                return undo(objs);
            };
            date = Some(d);
            q += 9;
        }
        if q < end {
            if w[q & 63] != b' ' || w.get(q + 1) != Some(&b'"') {
                return undo(objs);
            }
            let Some(close) = next(quote, q + 2) else { return undo(objs) };
            if close > q + 2 {
                text = Some(S { start: (i + q + 2) as u32, end: (i + close) as u32 });
            }
            q = close + 1;
        }
    }
    if q != end {
        return undo(objs);
    }
    let amount = if neg { -ore } else { ore };
    // Pushed here rather than returned: a returned row would go through memory.
    push_within_capacity(rows, Row::new(account, amount, date, text, TransKind::Normal, line, (objs_start as u32, objs.len() as u32)));
    Some((next_line, amount))
}

/// The layout of a `#TRANS` row without date and text, learnt from a row [`window_trans`] read:
/// the same label, account length, objects and separators, with other account digits, object
/// ids of the same lengths and any amount. Ledgers repeat a few layouts row after row, so a
/// row is mostly read by comparing its window with a learnt one (one compare) and reading the
/// account and the amount where the layout says, without finding its fields again.
#[derive(Clone)]
struct Shape {
    /// The learnt row's window.
    bytes: [u8; 64],
    /// Bytes that must be as in `bytes`: the label, the separators, braces, quotes and
    /// dimension numbers, up to the amount.
    literal: u64,
    /// The account's digits.
    digits: u64,
    /// The object ids' bytes: anything but a quote, a brace or a byte the quick paths refuse.
    ids: u64,
    account_len: u8,
    /// Where the amount starts.
    amount: u8,
    objs: [(u32, u8, u8); Shape::MAX_OBJS],
    n_objs: u8,
}

impl Shape {
    const MAX_OBJS: usize = 4;
}

/// The layouts learnt in a run of the quick paths, the most recent first.
#[derive(Default)]
struct Shapes {
    known: Vec<Shape>,
    /// The one that fitted last.
    last: usize,
}

impl Shapes {
    const MAX: usize = 4;

    /// Learns the layout of the row just read by [`window_trans`] at `i` (the last of `rows`),
    /// when it has no date or text and few objects.
    fn learn(&mut self, b: &[u8], i: usize, e: usize, rows: &[Row], objs: &[Obj]) {
        let Some(row) = rows.last() else { return };
        let Some(w) = b.get(i..i + 64).and_then(|w| <&[u8; 64]>::try_from(w).ok()) else { return };
        let row_objs = &objs[row.objs.0 as usize..row.objs.1 as usize];
        if row.date != 0 || row.text().is_some() || row_objs.len() > Shape::MAX_OBJS {
            return;
        }
        let all = |a: usize, z: usize| ((1u64 << z) - 1) & !((1u64 << a) - 1);
        let account_len = w[7..].iter().position(|&c| c == b' ').unwrap_or(0);
        // The amount follows the `}` that closes the objects and one space.
        let Some(close) = w[..(e - i).min(64)].iter().rposition(|&c| c == b'}') else { return };
        let amount = close + 2;
        let digits = all(7, 7 + account_len);
        let mut shape = Shape {
            bytes: *w,
            literal: 0,
            digits,
            ids: 0,
            account_len: account_len as u8,
            amount: amount as u8,
            objs: [(0, 0, 0); Shape::MAX_OBJS],
            n_objs: row_objs.len() as u8,
        };
        for (k, o) in row_objs.iter().enumerate() {
            let (a, z) = (o.id.start as usize - i, o.id.end as usize - i);
            shape.ids |= all(a, z);
            shape.objs[k] = (o.dim, a as u8, z as u8);
        }
        shape.literal = all(0, amount) & !digits & !shape.ids;
        // The oldest makes way.
        if self.known.len() == Self::MAX {
            self.known.remove(0);
        }
        self.known.push(shape);
        self.last = self.known.len() - 1;
    }

    /// A `#TRANS` row at `i` (ending at `e`) read by a learnt layout, as [`window_trans`] would
    /// read it: (start of the next line, amount).
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn trans<const WIDE: bool>(
        &mut self,
        b: &[u8],
        i: usize,
        e: usize,
        high: bool,
        objs: &mut Vec<Obj>,
        rows: &mut Vec<Row>,
        line: u32,
    ) -> Option<(usize, i64)> {
        let w: &[u8; 64] = b.get(i..i + 64)?.try_into().ok()?;
        let nl = e.wrapping_sub(i);
        if nl >= 64 || load8(w, 0) & 0x00FF_FFFF_FFFF_FFFF != TRANS_PREFIX || self.known.is_empty() {
            return None;
        }
        let m = window::masks_of::<WIDE>(w);
        let end = nl - (nl > 0 && w[(nl - 1) & 63] == b'\r') as usize;
        let refused = m.quote | m.brace | m.odd | m.nl | if high { 0 } else { m.high };
        let fits = |s: &Shape| {
            let bad = (window::differs_of::<WIDE>(w, &s.bytes) & s.literal) | (s.digits & !m.digit) | (s.ids & refused);
            bad == 0 && (s.amount as usize) < end
        };
        // The layout that fitted last first (rows alternate between a few layouts).
        let k = if fits(&self.known[self.last]) { self.last } else { self.known.iter().position(fits)? };
        self.last = k;
        let s = &self.known[k];
        let digit = m.digit & ((1u64 << end) - 1);
        let a0 = s.amount as usize;
        let neg = w[a0 & 63] == b'-';
        let (ore, q) = window_amount(w, digit, a0 + neg as usize, end)?;
        if q != end {
            return None;
        }
        let account = digits_value(load8(w, 7), s.account_len as usize) as u32;
        let objs_start = objs.len() as u32;
        for &(dim, a, z) in &s.objs[..s.n_objs as usize] {
            push_within_capacity(objs, Obj { dim, id: S { start: (i + a as usize) as u32, end: (i + z as usize) as u32 } });
        }
        let amount = if neg { -ore } else { ore };
        push_within_capacity(rows, Row::new(account, amount, None, None, TransKind::Normal, line, (objs_start, objs.len() as u32)));
        Some((i + nl + 1, amount))
    }
}

/// `#VER series number date "text"` (series and number bare) through the window's masks.
#[inline(always)]
fn window_ver<const WIDE: bool>(b: &[u8], i: usize, e: usize, high: bool, import_file: bool) -> Option<((S, S, Date, S), usize)> {
    if load8(b.get(i..i + 8)?, 0) & 0x0000_00FF_FFFF_FFFF != VER_PREFIX {
        return None;
    }
    let (w, m, end, next_line) = window_line::<WIDE>(b, i, e, high)?;
    let inside = (1u64 << end) - 1;
    let sp = m.sp & inside;
    let s1 = next(sp, 5)?;
    let s2 = next(sp, s1 + 1)?;
    // Bare series and number: no quote or brace in them, neither empty.
    let head = (1u64 << s2) - 1;
    if s1 == 5 || s2 == s1 + 1 || (m.quote | m.brace) & head != 0 || import_file {
        return None;
    }
    let v = window_digits(w, m.digit, s2 + 1, 8)?;
    let date = ymd8(v)?;
    let d_end = s2 + 9;
    let text = if d_end == end {
        S::default()
    } else {
        // One space, then a quoted text to the end of the line.
        if w[d_end] != b' ' || w.get(d_end + 1) != Some(&b'"') || next(m.quote & inside, d_end + 2)? != end - 1 {
            return None;
        }
        let (a, z) = (d_end + 2, end - 1);
        if a != z {
            let (first, last) = (w[a], w[z - 1]);
            if first <= b' ' || last <= b' ' || first >= 0x80 || last >= 0x80 {
                return None;
            }
        }
        S { start: (i + a) as u32, end: (i + z) as u32 }
    };
    let s = |a: usize, z: usize| S { start: (i + a) as u32, end: (i + z) as u32 };
    Some(((s(5, s1), s(s1 + 1, s2), date, text), next_line))
}

/// `#TRANS account {dim "object" …} amount` and the line's end, in one pass.
#[inline(never)]
fn quick_trans(b: &[u8], i: usize, high: bool, objs: &mut Vec<Obj>, line: u32) -> Option<(Row, usize)> {
    if b.get(i..i + 7)? != b"#TRANS " {
        return None;
    }
    let (account, mut i) = quick_digits(b, i + 7, 6)?;
    if b.get(i..i + 2)? != b" {" {
        return None;
    }
    i += 2;
    let objs_start = objs.len();
    let undo = |objs: &mut Vec<Obj>| {
        objs.truncate(objs_start);
        None
    };
    loop {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        match b.get(i) {
            Some(b'}') => {
                i += 1;
                break;
            }
            Some(c) if c.is_ascii_digit() => {
                let Some((dim, j)) = quick_digits(b, i, 9) else { return undo(objs) };
                if b.get(j) != Some(&b' ') {
                    return undo(objs);
                }
                let Some((id, k)) = quick_value(b, j + 1, high) else { return undo(objs) };
                objs.push(Obj { dim: dim as u32, id });
                i = k;
            }
            _ => return undo(objs),
        }
    }
    if b.get(i) != Some(&b' ') {
        return undo(objs);
    }
    i += 1;
    let neg = b.get(i) == Some(&b'-');
    i += neg as usize;
    let Some((int, j)) = quick_digits(b, i, 15) else { return undo(objs) };
    i = j;
    let mut ore = int as i64 * 100;
    if b.get(i) == Some(&b'.') {
        match quick_digits(b, i + 1, 2) {
            Some((f, k)) => {
                ore += if k - i == 2 { f as i64 * 10 } else { f as i64 };
                i = k;
            }
            None => return undo(objs),
        }
    }
    let Some(next) = line_end(b, i) else { return undo(objs) };
    let amount = if neg { -ore } else { ore };
    Some((Row::new(account as u32, amount, None, None, TransKind::Normal, line, (objs_start as u32, objs.len() as u32)), next))
}

/// `#VER series number date "text"` and the line's end, in one pass.
#[inline(never)]
fn quick_ver(b: &[u8], i: usize, high: bool, import_file: bool) -> Option<((S, S, Date, S), usize)> {
    if b.get(i..i + 5)? != b"#VER " {
        return None;
    }
    let (series, i) = quick_value(b, i + 5, high)?;
    if b.get(i) != Some(&b' ') {
        return None;
    }
    let (number, i) = quick_value(b, i + 1, high)?;
    if b.get(i) != Some(&b' ') || import_file && number.start != number.end {
        return None;
    }
    let (v, i) = quick_digits(b, i + 1, 8)?;
    let date = ymd8(v)?;
    if let Some(next) = line_end(b, i) {
        return Some(((series, number, date, S::default()), next));
    }
    if b.get(i..i + 2)? != b" \"" {
        return None;
    }
    let (text, i) = quick_value(b, i + 1, high)?;
    // Unicode trimming must have nothing to do.
    if text.start != text.end {
        let (first, last) = (b[text.start as usize], b[text.end as usize - 1]);
        if first <= b' ' || last <= b' ' || first >= 0x80 || last >= 0x80 {
            return None;
        }
    }
    Some(((series, number, date, text), line_end(b, i)?))
}

fn intern(p: &mut Parsed, s: &str) -> S {
    let start = p.arena.len() as u32;
    p.arena.push_str(s);
    S { start: start | ARENA, end: p.arena.len() as u32 }
}

/// A line for the general path: where it is and how to decode it.
struct LineAt<'a> {
    file: &'a str,
    encoding: Encoding,
    bytes: &'a [u8],
    line: u32,
}

impl LineAt<'_> {
    /// The line decoded and trimmed (owned: its tokens borrow it).
    fn text(&self) -> Result<String, Error> {
        let text = self
            .encoding
            .decode(self.bytes)
            .ok_or_else(|| Error::at(self.file, self.line as u64, None, format!("raden är inte giltig text i {}", self.encoding.name())))?;
        Ok(text.trim().to_string())
    }

    fn error(&self, message: String) -> Error {
        Error::at(self.file, self.line as u64, None, message)
    }
}

/// A transaction row through the general tokenizer.
fn general_trans(at: &LineAt<'_>, p: &mut Parsed, kind: TransKind) -> Result<Row, Error> {
    let (file, line) = (at.file, at.line);
    let text = at.text()?;
    let fields = tokenize(&text).map_err(|m| at.error(m))?;
    let label = fields[0].text().to_uppercase();
    let f = Fields { file, line: line as u64, label: &label, args: &fields[1..] };
    let (objects, shift): (Objects, usize) = f.objects_at(1)?;
    let account = f.account(0)?;
    let amount = f.amount(2 - shift)?.ore();
    let date = f.opt_date(3 - shift)?;
    let t = f.opt_text(4 - shift);
    let objs_start = p.objs.len() as u32;
    for (dim, id) in &objects {
        let id = intern(p, id);
        p.objs.push(Obj { dim: *dim, id });
    }
    let text = t.map(|t| intern(p, &t));
    Ok(Row::new(account, amount, date, text, kind, line, (objs_start, p.objs.len() as u32)))
}

/// A voucher head through the general tokenizer: the same values, and the warnings and errors
/// the fast path leaves to it (an ISO date, a number in an import file, a missing date).
fn general_ver(at: &LineAt<'_>, p: &mut Parsed, import_file: bool) -> Result<(S, S, Date, S), Error> {
    let (file, line) = (at.file, at.line);
    let text = at.text()?;
    let fields = tokenize(&text).map_err(|m| at.error(m))?;
    let f = Fields { file, line: line as u64, label: "#VER", args: &fields[1..] };
    let warn = |p: &mut Parsed, message: String| p.items.push(Item::Warning(Box::new(Warning { line: line as u64, message })));
    let raw_date = f.get(2, "datum")?.text();
    let date = match parse_date(raw_date) {
        Some(d) => d,
        // ISO dates with four digits of year only, as SIE's own (a row packs its date as yyyymmdd).
        None => match Date::parse(raw_date).ok().filter(|d| (0..=9999).contains(&d.year())).ok_or(()) {
            Ok(d) => {
                warn(p, format!("#VER-datumet \"{raw_date}\" är skrivet ÅÅÅÅ-MM-DD; SIE skriver ÅÅÅÅMMDD"));
                d
            }
            Err(_) => {
                return Err(Error::at(
                    file,
                    line as u64,
                    Some("#VER datum"),
                    format!("ska vara ett datum skrivet ÅÅÅÅMMDD, inte \"{raw_date}\""),
                ));
            }
        },
    };
    let mut number = f.opt_text(1).unwrap_or_default();
    if import_file && !number.is_empty() {
        warn(p, format!("#VER-numret \"{number}\" i en importfil: det mottagande systemet numrerar verifikationerna; ignoreras"));
        number.clear();
    }
    let vtext = f.opt_text(3).map(|t| t.trim().to_string()).unwrap_or_default();
    let series = f.opt_text(0).unwrap_or_default();
    Ok((intern(p, &series), intern(p, &number), date, intern(p, &vtext)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_at_a_time_helpers_agree_with_byte_loops() {
        let samples: &[&[u8]] = &[
            b"",
            b"0",
            b"7",
            b"12",
            b"5011 ",
            b"12345678",
            b"123456789012",
            b"00000001x",
            b"9:",
            b"/1",
            b"1a",
            b"\xff9",
            b"4010 {1",
            b"874312.50",
            b"-1",
            b"99999999",
            b"20250115 \"x\"",
            b"3\x80",
            b"1 2",
        ];
        for &b in samples {
            for i in 0..=b.len() {
                let expect = slow_digits(b, i, 18);
                assert_eq!(quick_digits(b, i, 18), expect, "{:?} at {i}", String::from_utf8_lossy(b));
            }
        }
        for (v, s) in [
            ("\"6105\"}", Some(4)),
            ("\"\"", Some(0)),
            ("\"a\\\"b\"", None),
            ("\"abcdefghij\"", Some(10)),
            ("\"ab\ncd\"", None),
            ("\"x", None),
        ] {
            let got = quick_value(v.as_bytes(), 0, false).map(|(s, _)| (s.end - s.start) as usize);
            assert_eq!(got, s, "{v}");
        }
        assert!(quick_value("\"Lön\"".as_bytes(), 0, false).is_none());
        assert!(quick_value("\"Lön\"".as_bytes(), 0, true).is_some());
        assert_eq!(bytes_equal(u64::from_le_bytes(*b"ab\"cd\"ef"), b'"'), 0x0000_8000_0080_0000);
    }
}
