//! Our own SIE 4 reader (the `sie4` crate fails on municipal exports: unknown labels are fatal
//! there and object ids are lost).
//!
//! It streams: [`read`] and [`read_views`] take any `Read` ([`read_views_file`] maps a file),
//! parse it in chunks of whole lines on all cores (`chunk.rs`), and hand each [`Record`] to a
//! callback in file order with its line number; memory stays a few chunks, so a file larger
//! than memory can be imported. Errors name the file, the line and the field (`ledger.se:214: field "#TRANS
//! amount": expected an amount such as -1234.50, found "12a"`); problems that do not stop the
//! import — an unknown label, a voucher whose rows do not balance — are collected as
//! [`Warning`]s.
//!
//! Conventions kept as the specification states them: debit positive, credit negative (so
//! income accounts carry negative amounts); a `#RTRANS` row is followed by an identical `#TRANS`
//! that is counted once; `#BTRANS` rows (removed) are reported but not counted.

mod chunk;
mod encoding;
mod tokens;
mod window;

pub use encoding::Encoding;

use crate::Error;
use domain::money::Ore;
use domain::period::Date;
use std::io::Read;
use tokens::{Field, tokenize};

/// Objects on a row: (dimension, object id), e.g. `{1 "5100" 20 "561"}`.
pub type Objects = Vec<(u32, String)>;

/// A period `YYYYMM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
}

/// How a transaction row was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransKind {
    /// `#TRANS`.
    Normal,
    /// `#RTRANS`: added afterwards (its `#TRANS` twin is not counted again).
    Added,
    /// `#BTRANS`: removed afterwards; not counted.
    Removed,
}

/// A transaction row inside a voucher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trans {
    /// Account number.
    pub account: u32,
    /// Objects (dimension, id).
    pub objects: Objects,
    /// Amount, debit positive.
    pub amount: Ore,
    /// Transaction date, if given (else the voucher's).
    pub date: Option<Date>,
    /// Text, if given.
    pub text: Option<String>,
    /// Added, removed or normal.
    pub kind: TransKind,
    /// The line it is on.
    pub line: u64,
}

/// One record of a SIE file. Labels not listed here arrive as [`Record::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// `#FLAGGA`.
    Flagga(u8),
    /// `#PROGRAM name version`.
    Program(String, String),
    /// `#FORMAT`.
    Format(String),
    /// `#GEN date [sign]`.
    Gen(Date),
    /// `#SIETYP`.
    SieTyp(u8),
    /// `#FNAMN`.
    Fnamn(String),
    /// `#ORGNR`.
    Orgnr(String),
    /// `#RAR yearno start end`.
    Rar { year_no: i32, start: Date, end: Date },
    /// `#KPTYP`.
    Kptyp(String),
    /// `#KONTO no name`.
    Konto { account: u32, name: String },
    /// `#KTYP no T/S/K/I`.
    Ktyp { account: u32, kind: char },
    /// `#SRU no code`.
    Sru { account: u32, code: String },
    /// `#DIM no name`.
    Dim { dim: u32, name: String },
    /// `#UNDERDIM no name parent`.
    Underdim { dim: u32, name: String, parent: u32 },
    /// `#OBJEKT dim id name`.
    Objekt { dim: u32, id: String, name: String },
    /// `#IB yearno account amount`.
    Ib { year_no: i32, account: u32, amount: Ore },
    /// `#UB yearno account amount`.
    Ub { year_no: i32, account: u32, amount: Ore },
    /// `#OIB yearno account objects amount`.
    Oib { year_no: i32, account: u32, objects: Objects, amount: Ore },
    /// `#OUB yearno account objects amount`.
    Oub { year_no: i32, account: u32, objects: Objects, amount: Ore },
    /// `#RES yearno account amount`.
    Res { year_no: i32, account: u32, amount: Ore },
    /// `#PSALDO yearno period account objects amount` — the outcome for a month.
    Psaldo { year_no: i32, period: YearMonth, account: u32, objects: Objects, amount: Ore },
    /// `#PBUDGET yearno period account objects amount` — the budget for a month.
    Pbudget { year_no: i32, period: YearMonth, account: u32, objects: Objects, amount: Ore },
    /// `#VER series number date text` with its rows.
    Ver { series: String, number: String, date: Date, text: String, trans: Vec<Trans> },
    /// `#KSUMMA [checksum]`.
    Ksumma(Option<u64>),
    /// `#ADRESS contact street postal phone`.
    Adress(Vec<String>),
    /// Any other label (or one Årshjul does not interpret, such as #FTYP), kept with its fields.
    Unknown { label: String, fields: Vec<String> },
}

/// A problem that did not stop the reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Line.
    pub line: u64,
    /// What.
    pub message: String,
}

/// What a completed read found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The detected encoding.
    pub encoding: Encoding,
    /// Lines read.
    pub lines: u64,
    /// Records handed over.
    pub records: u64,
    /// Vouchers and transaction rows (counted rows only).
    pub vouchers: u64,
    /// Counted transaction rows.
    pub transactions: u64,
    /// Warnings, in file order.
    pub warnings: Vec<Warning>,
}

/// A voucher as the reader parsed it, borrowed from the reader's buffer: nothing is copied per
/// row. [`VoucherView::to_record`] gives the owned [`Record::Ver`].
#[derive(Clone, Copy)]
pub struct VoucherView<'a> {
    p: &'a chunk::Parsed,
    v: &'a chunk::Voucher,
    base: u64,
}

impl<'a> VoucherView<'a> {
    /// Series (may be empty).
    #[inline]
    pub fn series(&self) -> &'a str {
        self.p.str(self.v.series)
    }

    /// Number (may be empty).
    #[inline]
    pub fn number(&self) -> &'a str {
        self.p.str(self.v.number)
    }

    /// Voucher date.
    #[inline]
    pub fn date(&self) -> Date {
        self.v.date()
    }

    /// Voucher text, trimmed (may be empty).
    #[inline]
    pub fn text(&self) -> &'a str {
        self.p.str(self.v.text)
    }

    /// The line of its `#VER`.
    #[inline]
    pub fn line(&self) -> u64 {
        self.base + self.v.line as u64
    }

    /// Its rows, in file order (the #TRANS twin of an #RTRANS already left out).
    #[inline]
    pub fn rows(&self) -> impl ExactSizeIterator<Item = TransView<'a>> + use<'a> {
        let (p, base) = (self.p, self.base);
        self.p.rows[self.v.rows.0 as usize..self.v.rows.1 as usize].iter().map(move |r| TransView { p, r, base })
    }

    /// The owned record.
    #[inline]
    pub fn to_record(&self) -> Record {
        Record::Ver {
            series: self.series().to_string(),
            number: self.number().to_string(),
            date: self.date(),
            text: self.text().to_string(),
            trans: self.rows().map(|t| t.to_trans()).collect(),
        }
    }
}

/// A transaction row of a [`VoucherView`].
#[derive(Clone, Copy)]
pub struct TransView<'a> {
    p: &'a chunk::Parsed,
    r: &'a chunk::Row,
    base: u64,
}

impl<'a> TransView<'a> {
    /// Account number.
    #[inline]
    pub fn account(&self) -> u32 {
        self.r.account
    }

    /// Amount, debit positive.
    #[inline]
    pub fn amount(&self) -> Ore {
        Ore::new(self.r.amount)
    }

    /// Transaction date, if given.
    #[inline]
    pub fn date(&self) -> Option<Date> {
        self.r.date()
    }

    /// Text, if given.
    #[inline]
    pub fn text(&self) -> Option<&'a str> {
        self.r.text().map(|s| self.p.str(s))
    }

    /// Normal, added or removed.
    #[inline]
    pub fn kind(&self) -> TransKind {
        self.r.kind
    }

    /// Its line.
    #[inline]
    pub fn line(&self) -> u64 {
        self.base + self.r.line as u64
    }

    /// Its objects (dimension, id).
    #[inline]
    pub fn objects(&self) -> impl ExactSizeIterator<Item = (u32, &'a str)> + use<'a> {
        let p = self.p;
        p.objs[self.r.objs.0 as usize..self.r.objs.1 as usize].iter().map(move |o| (o.dim, p.str(o.id)))
    }

    /// The owned row.
    #[inline]
    pub fn to_trans(&self) -> Trans {
        Trans {
            account: self.account(),
            objects: self.objects().map(|(d, o)| (d, o.to_string())).collect(),
            amount: self.amount(),
            date: self.date(),
            text: self.text().map(str::to_string),
            kind: self.kind(),
            line: self.line(),
        }
    }
}

/// What [`read_views`] hands over: a voucher borrowed, any other record owned.
pub enum View<'a> {
    /// A record other than a voucher.
    Record(Record),
    /// A voucher.
    Voucher(VoucherView<'a>),
}

/// Reads a whole SIE file from `input`, calling `on_record(record, line)` for each record in
/// order (a voucher when its closing `}` is read, with the line of its `#VER`). The first error
/// stops the read; an error from the callback is passed through.
pub fn read<R: Read>(file: &str, input: R, mut on_record: impl FnMut(Record, u64) -> Result<(), Error>) -> Result<Summary, Error> {
    read_views(file, input, |view, line| match view {
        View::Record(r) => on_record(r, line),
        View::Voucher(v) => on_record(v.to_record(), line),
    })
}

/// Bytes read per chunk: small enough that a chunk's rows are still in the cache of the core
/// that hands them over (512 KiB measured fastest, 2 MiB 8 % slower).
const CHUNK: usize = 1 << 19;

/// Like [`read`], with vouchers handed over borrowed ([`VoucherView`]), so that a reader that
/// only needs some of their values copies nothing. Chunks of the file are parsed on all cores
/// while records are handed over in file order on the calling thread; memory stays a few
/// chunks, whatever the size of the file.
pub fn read_views<R: Read>(file: &str, input: R, on: impl FnMut(View<'_>, u64) -> Result<(), Error>) -> Result<Summary, Error> {
    read_chunked(file, input, Options::best(), on)
}

/// How [`read_chunked`] reads (tests vary them).
#[derive(Clone, Copy)]
struct Options {
    chunk: usize,
    workers: usize,
    quick: chunk::Quick,
}

impl Options {
    /// Chunks of [`CHUNK`], a parsing thread per core (up to four, the calling thread one of
    /// them), the fastest quick paths.
    fn best() -> Options {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
        Options { chunk: CHUNK, workers, quick: chunk::Quick::best() }
    }
}

/// [`read_views`] on a file: each parser thread reads its own chunks from the file with
/// positioned reads, into a buffer it uses again and again, so the chunk it parses is in its
/// cache and no thread waits on another's reading (a mapped file was slower with two threads:
/// every page let go again had to leave both cores' address caches). Falls back to
/// [`read_views`] where the file cannot be read at a position (a pipe, say). Memory stays a few
/// chunks, whatever the size of the file. `progress` counts bytes read.
pub fn read_views_file(
    file: &str,
    f: &std::fs::File,
    progress: &std::sync::atomic::AtomicU64,
    on: impl FnMut(View<'_>, u64) -> Result<(), Error>,
) -> Result<Summary, Error> {
    read_positioned(file, f, progress, Options::best(), on)
}

/// [`read_views_file`] with a chunk size and a number of parser threads.
fn read_positioned(
    file: &str,
    f: &std::fs::File,
    progress: &std::sync::atomic::AtomicU64,
    options: Options,
    on: impl FnMut(View<'_>, u64) -> Result<(), Error>,
) -> Result<Summary, Error> {
    let len = f.metadata().ok().filter(|m| m.is_file() && m.len() > 0).map(|m| m.len());
    let (Some(len), Ok(shared)) = (len.filter(|_| chunk::POSITIONED), f.try_clone()) else {
        return read_chunked(file, Counted { input: f, progress }, options, on);
    };
    let jobs = Positioned {
        file,
        f: std::sync::Arc::new(shared),
        len,
        pos: 0,
        size: options.chunk as u64,
        quick: options.quick,
        head: Vec::new(),
        probe: Vec::new(),
        free: Vec::new(),
        spare: Vec::new(),
        done: false,
        progress,
    };
    run_jobs(file, jobs, options, on)
}

/// A reader that counts the bytes read (for progress).
pub struct Counted<'p, R> {
    input: R,
    progress: &'p std::sync::atomic::AtomicU64,
}

impl<'p, R: Read> Counted<'p, R> {
    /// Wraps `input`, adding what is read to `progress`.
    pub fn new(input: R, progress: &'p std::sync::atomic::AtomicU64) -> Self {
        Counted { input, progress }
    }
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.input.read(buf)?;
        self.progress.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Where chunks come from: a stream ([`Chunker`]) or a file read at positions ([`Positioned`]).
trait Jobs {
    /// The file's first bytes (up to 64 KiB), to detect the encoding from.
    fn head(&mut self) -> Result<&[u8], Error>;
    /// The next chunk, `None` after the last.
    fn next(&mut self, encoding: Encoding) -> Result<Option<chunk::Job>, Error>;
    /// Takes a consumed chunk back.
    fn recycle(&mut self, p: chunk::Parsed);
}

/// A file cut into chunks where [`split_point`] says, each read by the thread that parses it
/// ([`chunk::Fill`]). The cuts are found here, from a few KiB read around each.
struct Positioned<'f, 'p> {
    file: &'f str,
    f: std::sync::Arc<std::fs::File>,
    len: u64,
    pos: u64,
    size: u64,
    quick: chunk::Quick,
    head: Vec<u8>,
    /// The bytes around a cut.
    probe: Vec<u8>,
    free: Vec<Vec<u8>>,
    spare: Vec<chunk::Parsed>,
    done: bool,
    progress: &'p std::sync::atomic::AtomicU64,
}

impl Positioned<'_, '_> {
    /// `buf` ← the file's bytes from `at`, as many as fit (fewer at the end of the file).
    fn read_into(&self, buf: &mut Vec<u8>, at: u64, n: u64) -> Result<(), Error> {
        let n = n.min(self.len.saturating_sub(at)) as usize;
        buf.resize(n, 0);
        chunk::read_at(self.file, &self.f, buf, at)
    }

    /// Where the chunk from `pos` ends ([`split_point`] on the rest of the file, from the bytes
    /// around its limit: 16 KiB back and forth, four times as much each time a voucher is longer).
    fn cut(&mut self, encoding: Encoding) -> Result<Option<(u64, String)>, Error> {
        let (mut back, mut ahead) = (16 * 1024u64, 16 * 1024u64);
        let mut probe = std::mem::take(&mut self.probe);
        let found = loop {
            back = back.min(self.size);
            let from = self.pos + self.size - back;
            if let Err(e) = self.read_into(&mut probe, from, back + ahead) {
                self.probe = probe;
                return Err(e);
            }
            // A line starting at `from` is not looked at (nothing shows that it starts a line),
            // unless `from` is the chunk's start, which split_point skips in any case.
            if let Some((cut, label)) = split_point(&probe, back as usize, encoding) {
                break Some((self.size - back + cut as u64, label));
            }
            if back == self.size && from + probe.len() as u64 == self.len {
                break None;
            }
            (back, ahead) = (back * 4, ahead * 4);
        };
        self.probe = probe;
        Ok(found)
    }
}

impl Jobs for Positioned<'_, '_> {
    fn head(&mut self) -> Result<&[u8], Error> {
        let mut head = std::mem::take(&mut self.head);
        self.read_into(&mut head, 0, 64 * 1024)?;
        self.head = head;
        Ok(&self.head)
    }

    fn next(&mut self, encoding: Encoding) -> Result<Option<chunk::Job>, Error> {
        if self.done {
            return Ok(None);
        }
        let rest = self.len - self.pos;
        let (len, last, next_label) = match (rest > self.size).then(|| self.cut(encoding)).transpose()?.flatten() {
            Some((cut, label)) => (cut, false, label),
            None => (rest, true, String::new()),
        };
        let job = chunk::Job {
            buf: self.free.pop().unwrap_or_default(),
            fill: Some(chunk::Fill { f: self.f.clone(), at: self.pos }),
            quick: self.quick,
            len: len as usize,
            last,
            next_label,
            reuse: self.spare.pop(),
        };
        self.pos += len;
        self.done = last;
        Ok(Some(job))
    }

    fn recycle(&mut self, mut p: chunk::Parsed) {
        self.free.push(std::mem::take(&mut p.buf));
        self.progress.fetch_add(p.len as u64, std::sync::atomic::Ordering::Relaxed);
        self.spare.push(p);
    }
}

impl<R: Read> Jobs for Chunker<'_, R> {
    fn head(&mut self) -> Result<&[u8], Error> {
        self.fill()?;
        Ok(&self.cur[..self.filled.min(64 * 1024)])
    }

    fn next(&mut self, encoding: Encoding) -> Result<Option<chunk::Job>, Error> {
        Chunker::next(self, encoding)
    }

    fn recycle(&mut self, p: chunk::Parsed) {
        Chunker::recycle(self, p)
    }
}

/// [`read_views`] with a chunk size and a number of parser threads (tests use small chunks).
fn read_chunked<R: Read>(
    file: &str,
    input: R,
    options: Options,
    on: impl FnMut(View<'_>, u64) -> Result<(), Error>,
) -> Result<Summary, Error> {
    let chunks = Chunker {
        input,
        file,
        quick: options.quick,
        size: options.chunk,
        cur: vec![0; options.chunk.max(64 * 1024)],
        filled: 0,
        eof: false,
        done: false,
        free: Vec::new(),
        spare: Vec::new(),
    };
    run_jobs(file, chunks, options, on)
}

/// Parses the chunks of `chunks` on `options.workers` threads (the calling thread and helpers)
/// and hands their records over in order on the calling thread.
fn run_jobs(
    file: &str,
    mut chunks: impl Jobs,
    options: Options,
    mut on: impl FnMut(View<'_>, u64) -> Result<(), Error>,
) -> Result<Summary, Error> {
    let workers = options.workers;
    let import_file = file.to_lowercase().ends_with(".si");
    let encoding = Encoding::detect(chunks.head()?);
    let mut seq = Sequential::new(file, encoding);
    let Some(first) = chunks.next(encoding)? else { return Ok(seq.summary) };
    if first.last || workers <= 1 {
        let mut job = Some(first);
        while let Some(j) = job {
            let p = chunk::parse(file, encoding, import_file, j);
            seq.consume(&p, &mut on)?;
            chunks.recycle(p);
            job = chunks.next(encoding)?;
        }
        return Ok(seq.summary);
    }
    // The calling thread parses too, between handing chunks over: with a helper per other
    // core, no core has two threads to switch between, and a chunk it parsed itself is handed
    // over while its rows are still in its cache.
    let helpers = workers - 1;
    std::thread::scope(|s| {
        let mut to = Vec::with_capacity(helpers);
        let mut from = Vec::with_capacity(helpers);
        for _ in 0..helpers {
            let (job_tx, job_rx) = std::sync::mpsc::channel::<chunk::Job>();
            let (res_tx, res_rx) = std::sync::mpsc::channel::<chunk::Parsed>();
            s.spawn(move || {
                for job in job_rx {
                    if res_tx.send(chunk::parse(file, encoding, import_file, job)).is_err() {
                        break;
                    }
                }
            });
            to.push(job_tx);
            from.push(res_rx);
        }
        let stopped = || Error::file(file, "en tolkningstråd stannade");
        // The chunks in file order: parsed here, or at a helper (whose results come back in
        // the order it got its chunks).
        enum Slot {
            Here(chunk::Parsed),
            Helper(usize),
        }
        let mut slots = std::collections::VecDeque::new();
        let mut outstanding = vec![0usize; helpers];
        let (mut pending, mut done) = (Some(first), false);
        let mut take =
            |chunks: &mut dyn FnMut() -> Result<Option<chunk::Job>, Error>, done: &mut bool| -> Result<Option<chunk::Job>, Error> {
                if *done {
                    return Ok(None);
                }
                let j = match pending.take() {
                    Some(j) => Some(j),
                    None => chunks()?,
                };
                *done = j.as_ref().is_none_or(|j| j.last);
                Ok(j)
            };
        loop {
            // Every helper has two chunks ahead.
            while let Some(w) = (!done).then(|| (0..helpers).find(|&w| outstanding[w] < 2)).flatten() {
                let Some(job) = take(&mut || chunks.next(encoding), &mut done)? else { break };
                to[w].send(job).map_err(|_| stopped())?;
                outstanding[w] += 1;
                slots.push_back(Slot::Helper(w));
            }
            let p = match slots.front() {
                None => match take(&mut || chunks.next(encoding), &mut done)? {
                    Some(job) => chunk::parse(file, encoding, import_file, job),
                    None => break,
                },
                Some(Slot::Here(_)) => match slots.pop_front() {
                    Some(Slot::Here(p)) => p,
                    _ => unreachable!(),
                },
                Some(&Slot::Helper(w)) => match from[w].try_recv() {
                    Ok(p) => {
                        slots.pop_front();
                        outstanding[w] -= 1;
                        p
                    }
                    Err(std::sync::mpsc::TryRecvError::Empty) if !done && slots.len() < 2 * workers + 2 => {
                        if let Some(job) = take(&mut || chunks.next(encoding), &mut done)? {
                            slots.push_back(Slot::Here(chunk::parse(file, encoding, import_file, job)));
                        }
                        continue;
                    }
                    Err(std::sync::mpsc::TryRecvError::Empty) => {
                        let p = from[w].recv().map_err(|_| stopped())?;
                        slots.pop_front();
                        outstanding[w] -= 1;
                        p
                    }
                    Err(_) => return Err(stopped()),
                },
            };
            let r = seq.consume(&p, &mut on);
            chunks.recycle(p);
            r?;
        }
        Ok(seq.summary)
    })
}

/// Cuts the input into chunks of whole lines, each ending just before a line that starts a
/// voucher or any other record, so that no voucher spans two chunks.
struct Chunker<'f, R> {
    input: R,
    quick: chunk::Quick,
    file: &'f str,
    size: usize,
    cur: Vec<u8>,
    filled: usize,
    eof: bool,
    done: bool,
    free: Vec<Vec<u8>>,
    spare: Vec<chunk::Parsed>,
}

impl<R: Read> Chunker<'_, R> {
    /// Takes a consumed chunk back: its buffer and tables are used again.
    fn recycle(&mut self, mut p: chunk::Parsed) {
        self.free.push(std::mem::take(&mut p.buf));
        self.spare.push(p);
    }

    fn fill(&mut self) -> Result<(), Error> {
        while !self.eof && self.filled < self.cur.len() {
            match self.input.read(&mut self.cur[self.filled..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(chunk::unreadable(self.file, e)),
            }
        }
        Ok(())
    }

    fn next(&mut self, encoding: Encoding) -> Result<Option<chunk::Job>, Error> {
        loop {
            if self.done {
                return Ok(None);
            }
            self.fill()?;
            let split = match self.eof && self.filled <= self.size {
                true => None,
                false => split_point(&self.cur[..self.filled], self.size, encoding),
            };
            if split.is_none() && self.eof {
                self.done = true;
                let buf = std::mem::take(&mut self.cur);
                let len = std::mem::take(&mut self.filled);
                return Ok(Some(chunk::Job {
                    buf,
                    fill: None,
                    quick: self.quick,
                    len,
                    last: true,
                    next_label: String::new(),
                    reuse: self.spare.pop(),
                }));
            }
            match split {
                Some((cut, next_label)) => {
                    let tail = self.filled - cut;
                    let mut next = self.free.pop().unwrap_or_default();
                    let want = self.size.max(tail * 2);
                    if next.len() < want {
                        next.resize(want, 0);
                    }
                    next[..tail].copy_from_slice(&self.cur[cut..self.filled]);
                    let buf = std::mem::replace(&mut self.cur, next);
                    self.filled = tail;
                    return Ok(Some(chunk::Job {
                        buf,
                        fill: None,
                        quick: self.quick,
                        len: cut,
                        last: false,
                        next_label,
                        reuse: self.spare.pop(),
                    }));
                }
                // One voucher fills the buffer: it grows (memory is one voucher at most).
                None => {
                    let n = self.cur.len() * 2;
                    self.cur.resize(n, 0);
                }
            }
        }
    }
}

/// Where to end a chunk of `b`: the start of the last line at or before `limit` that is not a
/// transaction row (and not the first line), or the first one after `limit` when a voucher is
/// longer than that; with the label of that line. `None` when `b` holds no such line.
fn split_point(b: &[u8], limit: usize, encoding: Encoding) -> Option<(usize, String)> {
    let at = |nl: usize| -> Option<(usize, String)> {
        let rest = &b[nl + 1..];
        let r = &rest[rest.iter().position(|c| !matches!(c, b' ' | b'\t')).unwrap_or(rest.len())..];
        // The label must be whole to be judged.
        if r.first() != Some(&b'#') || !r.iter().any(|&c| matches!(c, b' ' | b'\t' | b'{' | b'}' | b'"' | b'\r' | b'\n')) {
            return None;
        }
        (!matches!(chunk::label_of(r), chunk::Label::Trans(_))).then(|| (nl + 1, chunk::decode_label(encoding, r)))
    };
    let limit = limit.min(b.len());
    memchr::memrchr_iter(b'\n', &b[..limit]).find_map(at).or_else(|| memchr::memchr_iter(b'\n', &b[limit..]).find_map(|nl| at(limit + nl)))
}

/// The sequential half of the reader: hands records over in order, reads the lines outside
/// vouchers, and keeps what spans the file (declared accounts, line numbers, warnings).
struct Sequential<'f> {
    file: &'f str,
    summary: Summary,
    /// First line of the next chunk, less one.
    base: u64,
    /// Accounts declared by #KONTO (a bit per account number up to 999 999), once any is.
    declared: Vec<u64>,
    undeclared_reported: std::collections::HashSet<u32>,
    swapped_budget_reported: bool,
}

impl<'f> Sequential<'f> {
    fn new(file: &'f str, encoding: Encoding) -> Self {
        Sequential {
            file,
            summary: Summary { encoding, lines: 0, records: 0, vouchers: 0, transactions: 0, warnings: Vec::new() },
            base: 0,
            declared: Vec::new(),
            undeclared_reported: Default::default(),
            swapped_budget_reported: false,
        }
    }

    fn declare(&mut self, account: u32) {
        if self.declared.is_empty() {
            self.declared = vec![0; 1_000_000 / 64 + 1];
        }
        if let Some(w) = self.declared.get_mut(account as usize / 64) {
            *w |= 1 << (account % 64);
        }
    }

    /// Reports, once per account, a row on an account that no #KONTO declared (only when the
    /// file declares accounts at all).
    fn note_account(&mut self, account: u32, line: u64) {
        if self.declared.is_empty() {
            return;
        }
        let declared = self.declared.get(account as usize / 64).is_some_and(|w| w & (1 << (account % 64)) != 0);
        if !declared && self.undeclared_reported.insert(account) {
            self.summary.warnings.push(Warning { line, message: format!("konto {account} används men är inte deklarerat med #KONTO") });
        }
    }

    fn consume(&mut self, p: &chunk::Parsed, on: &mut impl FnMut(View<'_>, u64) -> Result<(), Error>) -> Result<(), Error> {
        let base = self.base;
        for item in &p.items {
            match item {
                chunk::Item::Line { start, end, line } => self.line(&p.buf[*start as usize..*end as usize], base + *line as u64, on)?,
                chunk::Item::Voucher(k) => {
                    let v = &p.vouchers[*k as usize];
                    let view = VoucherView { p, v, base };
                    if !self.declared.is_empty() {
                        for t in view.rows() {
                            self.note_account(t.account(), t.line());
                        }
                    }
                    let counted = v.counted as u64;
                    self.summary.vouchers += 1;
                    self.summary.transactions += counted;
                    self.summary.records += 1;
                    on(View::Voucher(view), view.line())?;
                }
                chunk::Item::Warning(w) => self.summary.warnings.push(Warning { line: w.line + base, message: w.message.clone() }),
                chunk::Item::Error(e) => {
                    let mut e = (**e).clone();
                    e.line = e.line.map(|l| l + base);
                    return Err(e);
                }
            }
        }
        self.base += p.lines;
        self.summary.lines = self.base;
        Ok(())
    }

    /// A line outside vouchers.
    fn line(&mut self, bytes: &[u8], line_no: u64, on: &mut impl FnMut(View<'_>, u64) -> Result<(), Error>) -> Result<(), Error> {
        let file = self.file;
        let encoding = self.summary.encoding;
        let text = encoding
            .decode(bytes)
            .ok_or_else(|| Error::at(file, line_no, None, format!("raden är inte giltig text i {}", encoding.name())))?;
        let t = text.trim();
        if t.is_empty() {
            return Ok(());
        }
        let err = |field: &str, msg: String| Error::at(file, line_no, Some(field), msg);
        if t == "{" {
            return Err(Error::at(file, line_no, None, "ett \"{\" som inte öppnar raderna i en #VER"));
        }
        if t == "}" {
            return Err(Error::at(file, line_no, None, "ett \"}\" utan en öppen #VER"));
        }
        if !t.starts_with('#') {
            return Err(err("etikett", format!("raden ska börja med en #ETIKETT, här står \"{}\"", short(t))));
        }
        let fields = tokenize(t).map_err(|m| Error::at(file, line_no, None, m))?;
        let (label, args) = fields.split_first().expect("a line starting with # has a label");
        let label: std::borrow::Cow<'_, str> = match label.text() {
            l if !l.bytes().any(|b| b.is_ascii_lowercase()) => std::borrow::Cow::Borrowed(l),
            l => std::borrow::Cow::Owned(l.to_uppercase()),
        };
        let label: &str = &label;
        let f = Fields { file, line: line_no, label, args };
        let warn = |summary: &mut Summary, message: String| summary.warnings.push(Warning { line: line_no, message });
        let record = match label {
            "#FLAGGA" => {
                let v = f.int(0, "0 eller 1")? as u8;
                if v == 1 {
                    warn(&mut self.summary, "#FLAGGA 1: filen är markerad som redan inläst".into());
                }
                Record::Flagga(v)
            }
            "#PROGRAM" => {
                if args.len() < 2 {
                    warn(&mut self.summary, "#PROGRAM utan version".into());
                }
                Record::Program(f.text(0)?, f.opt_text(1).unwrap_or_default())
            }
            "#FORMAT" => Record::Format(f.text(0)?),
            "#GEN" => Record::Gen(f.date(0)?),
            "#SIETYP" => Record::SieTyp(f.int(0, "en SIE-typ 1–4")? as u8),
            "#FNAMN" => {
                // Some programs leave the name unquoted: the rest of the line is the name.
                let name = args.iter().map(Field::text).collect::<Vec<_>>().join(" ").trim().to_string();
                if name.is_empty() {
                    warn(&mut self.summary, "#FNAMN: företagsnamnet är tomt".into());
                }
                Record::Fnamn(name)
            }
            "#ORGNR" => {
                let v = f.text(0)?;
                let digits: String = v.chars().filter(char::is_ascii_digit).collect();
                let shaped = (v.len() == 11 && v.as_bytes()[6] == b'-' || v.len() == 10) && digits.len() == 10;
                if !shaped {
                    warn(&mut self.summary, format!("#ORGNR \"{v}\": ska vara ett organisationsnummer skrivet NNNNNN-NNNN"));
                }
                Record::Orgnr(v)
            }
            "#ADRESS" => {
                if args.len() < 4 {
                    warn(
                        &mut self.summary,
                        format!("#ADRESS har {} av sina 4 fält (kontakt, utdelningsadress, postadress, telefon)", args.len()),
                    );
                }
                Record::Adress(args.iter().map(|a| a.text().to_string()).collect())
            }
            "#TAXAR" => {
                let v = f.text(0)?;
                if args.len() != 1 || v.len() != 4 || v.parse::<u16>().is_err() {
                    warn(
                        &mut self.summary,
                        format!(
                            "#TAXAR: ska vara ett taxeringsår som 2018, här står \"{}\"; ignoreras",
                            args.iter().map(Field::text).collect::<Vec<_>>().join(" ")
                        ),
                    );
                }
                Record::Unknown { label: label.to_string(), fields: args.iter().map(|a| a.text().to_string()).collect() }
            }
            "#RAR" => {
                let (start, end) = (f.date(1)?, f.date(2)?);
                if end < start {
                    return Err(err("#RAR datum", format!("räkenskapsåret slutar ({end}) innan det börjar ({start})")));
                }
                Record::Rar { year_no: f.int(0, "ett årsnummer som 0 eller -1")? as i32, start, end }
            }
            "#KPTYP" => Record::Kptyp(f.text(0)?),
            "#KONTO" => {
                let account = f.account(0)?;
                self.declare(account);
                Record::Konto { account, name: f.opt_text(1).unwrap_or_default() }
            }
            "#KTYP" => {
                let k = f.text(1)?;
                let kind = k
                    .chars()
                    .next()
                    .filter(|c| "TSKI".contains(*c) && k.len() == 1)
                    .ok_or_else(|| err("#KTYP typ", format!("ska vara T, S, K eller I, inte \"{k}\"")))?;
                Record::Ktyp { account: f.account(0)?, kind }
            }
            "#SRU" => {
                // SRU codes are for tax returns, not for follow-up: problems are warnings.
                match (f.account(0), f.opt_text(1).filter(|c| !c.trim().is_empty())) {
                    (Ok(account), Some(code)) => Record::Sru { account, code },
                    (Ok(account), None) => {
                        warn(&mut self.summary, format!("#SRU {account} saknar SRU-kod; ignoreras"));
                        return Ok(());
                    }
                    (Err(e), _) => {
                        warn(&mut self.summary, format!("#SRU ignoreras: {}", e.message));
                        return Ok(());
                    }
                }
            }
            "#DIM" => Record::Dim { dim: f.int(0, "ett dimensionsnummer")? as u32, name: f.opt_text(1).unwrap_or_default() },
            "#UNDERDIM" => Record::Underdim {
                dim: f.int(0, "ett dimensionsnummer")? as u32,
                name: f.opt_text(1).unwrap_or_default(),
                parent: f.int(2, "ett överordnat dimensionsnummer")? as u32,
            },
            "#OBJEKT" => {
                Record::Objekt { dim: f.int(0, "ett dimensionsnummer")? as u32, id: f.text(1)?, name: f.opt_text(2).unwrap_or_default() }
            }
            "#IB" | "#UB" | "#RES" => {
                let (year_no, account, amount) = (f.year_no(0)?, f.account(1)?, f.amount(2)?);
                self.note_account(account, line_no);
                match label {
                    "#IB" => Record::Ib { year_no, account, amount },
                    "#UB" => Record::Ub { year_no, account, amount },
                    _ => Record::Res { year_no, account, amount },
                }
            }
            "#OIB" | "#OUB" => {
                let (objects, shift) = f.objects_at(2)?;
                let (year_no, account, amount) = (f.year_no(0)?, f.account(1)?, f.amount(3 - shift)?);
                if label == "#OIB" {
                    Record::Oib { year_no, account, objects, amount }
                } else {
                    Record::Oub { year_no, account, objects, amount }
                }
            }
            "#PSALDO" | "#PBUDGET" => {
                let year_no = f.year_no(0)?;
                let (mut period_i, mut account_i) = (1, 2);
                if f.period(1).is_err() && f.period(2).is_ok() && f.account(1).is_ok() {
                    // Period and account written the other way round (seen in real exports).
                    (period_i, account_i) = (2, 1);
                    if !self.swapped_budget_reported {
                        self.swapped_budget_reported = true;
                        warn(
                            &mut self.summary,
                            format!(
                                "{label}: period och konto står i fel ordning (från den här raden); läses som period {} konto {}",
                                f.text(2)?,
                                f.text(1)?
                            ),
                        );
                    }
                }
                let (period, account) = (f.period(period_i)?, f.account(account_i)?);
                let (objects, shift) = f.objects_at(3)?;
                let amount = f.amount(4 - shift)?;
                self.note_account(account, line_no);
                if label == "#PSALDO" {
                    Record::Psaldo { year_no, period, account, objects, amount }
                } else {
                    Record::Pbudget { year_no, period, account, objects, amount }
                }
            }
            "#VER" | "#TRANS" | "#RTRANS" | "#BTRANS" => {
                // Vouchers and their rows are parsed by `chunk`; only a row outside a voucher
                // can reach this reader.
                return Err(err(label, format!("{label} utanför raderna {{ }} i en #VER")));
            }
            "#KSUMMA" => Record::Ksumma(match args.first() {
                None => None,
                Some(a) => Some(
                    a.text().parse().map_err(|_| err("#KSUMMA", format!("ska vara en kontrollsumma (ett tal), inte \"{}\"", a.text())))?,
                ),
            }),
            other => {
                if !SPEC_LABELS_NOT_INTERPRETED.contains(&other) {
                    warn(&mut self.summary, format!("okänd etikett {label} ignoreras"));
                }
                Record::Unknown { label: label.to_string(), fields: args.iter().map(|a| a.text().to_string()).collect() }
            }
        };
        self.summary.records += 1;
        on(View::Record(record), line_no)
    }
}

/// Reads a SIE file fully into memory (for small files and tests).
pub fn read_all(file: &str, bytes: &[u8]) -> Result<(Vec<(Record, u64)>, Summary), Error> {
    let mut out = Vec::new();
    let summary = read(file, bytes, |r, l| {
        out.push((r, l));
        Ok(())
    })?;
    Ok((out, summary))
}

/// Labels of the SIE 4 specification that Årshjul reads past without interpreting them (no
/// warning); any other unknown label is kept and reported.
const SPEC_LABELS_NOT_INTERPRETED: &[&str] =
    &["#FNR", "#FTYP", "#PROSA", "#BKOD", "#VALUTA", "#ENHET", "#OMFATTN", "#PBUDGET_QTY", "#SIGNATUR"];

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

/// An amount for a message, as the interface writes amounts: "−100 000,00 kr".
fn fmt_amount(ore: i64) -> String {
    domain::money::Ore::new(ore).to_string()
}

/// Parses an amount as SIE writes it: `-1234.50`, `1234`, `0.5`; at most two decimals.
pub fn parse_amount(s: &str) -> Option<Ore> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty()
        || frac.len() > 2
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (digits.contains('.') && frac.is_empty())
    {
        return None;
    }
    let int: i64 = int.parse().ok()?;
    let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    let ore = int.checked_mul(100)?.checked_add(frac)?;
    Some(Ore::new(if neg { -ore } else { ore }))
}

/// The fields of one line, with errors that name the place.
struct Fields<'a> {
    file: &'a str,
    line: u64,
    label: &'a str,
    args: &'a [Field<'a>],
}

impl<'a> Fields<'a> {
    fn err(&self, what: &str, msg: String) -> Error {
        Error::at(self.file, self.line, Some(&format!("{} {what}", self.label)), msg)
    }

    fn get(&self, i: usize, what: &str) -> Result<&Field<'a>, Error> {
        self.args.get(i).ok_or_else(|| self.err(what, format!("raden tar slut före fält {} ({what})", i + 1)))
    }

    fn text(&self, i: usize) -> Result<String, Error> {
        Ok(self.get(i, "värde")?.text().to_string())
    }

    fn opt_text(&self, i: usize) -> Option<String> {
        self.args.get(i).map(|f| f.text().to_string()).filter(|s| !s.is_empty())
    }

    fn int(&self, i: usize, expected: &str) -> Result<i64, Error> {
        let v = self.get(i, "tal")?.text();
        v.parse().map_err(|_| self.err("tal", format!("ska vara {expected}, inte \"{v}\"")))
    }

    fn year_no(&self, i: usize) -> Result<i32, Error> {
        let v = self.get(i, "årsnummer")?.text();
        v.parse().map_err(|_| self.err("årsnummer", format!("ska vara ett årsnummer som 0 eller -1, inte \"{v}\"")))
    }

    fn account(&self, i: usize) -> Result<u32, Error> {
        let v = self.get(i, "konto")?.text();
        if v.is_empty() {
            return Err(self.err("konto", "ska vara ett kontonummer, inte ett tomt fält".into()));
        }
        v.parse::<u32>()
            .ok()
            .filter(|_| v.len() <= 6)
            .ok_or_else(|| self.err("konto", format!("ska vara ett kontonummer med högst sex siffror, inte \"{v}\"")))
    }

    fn amount(&self, i: usize) -> Result<Ore, Error> {
        let v = self.get(i, "belopp")?.text();
        parse_amount(v).ok_or_else(|| self.err("belopp", format!("ska vara ett belopp som -1234.50, inte \"{v}\"")))
    }

    fn date(&self, i: usize) -> Result<Date, Error> {
        let v = self.get(i, "datum")?.text();
        parse_date(v).ok_or_else(|| self.err("datum", format!("ska vara ett datum skrivet ÅÅÅÅMMDD, inte \"{v}\"")))
    }

    fn opt_date(&self, i: usize) -> Result<Option<Date>, Error> {
        match self.args.get(i).map(Field::text) {
            None | Some("") => Ok(None),
            Some(_) => self.date(i).map(Some),
        }
    }

    fn period(&self, i: usize) -> Result<YearMonth, Error> {
        let v = self.get(i, "period")?.text();
        let ok = v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit());
        let ym = ok
            .then(|| YearMonth { year: v[..4].parse().unwrap_or(0), month: v[4..].parse().unwrap_or(0) })
            .filter(|p| (1..=12).contains(&p.month));
        ym.ok_or_else(|| self.err("period", format!("ska vara en period skriven ÅÅÅÅMM, inte \"{v}\"")))
    }

    /// The object list at `i`, or none when the writer left it out: then the fields after it
    /// move one place left (the returned shift is 1).
    fn objects_at(&self, i: usize) -> Result<(Objects, usize), Error> {
        match self.args.get(i) {
            Some(Field::Objects(_)) => Ok((self.objects(i)?, 0)),
            _ => Ok((Vec::new(), 1)),
        }
    }

    fn objects(&self, i: usize) -> Result<Objects, Error> {
        match self.args.get(i) {
            None => Ok(Vec::new()),
            Some(Field::Objects(items)) => {
                if items.len() % 2 != 0 {
                    return Err(self.err("objekt", "ska vara par av dimension och objekt inom { }".into()));
                }
                items
                    .chunks(2)
                    .map(|p| {
                        let dim = p[0]
                            .parse::<u32>()
                            .map_err(|_| self.err("objekt", format!("ska vara ett dimensionsnummer inom {{ }}, inte \"{}\"", p[0])))?;
                        Ok((dim, p[1].to_string()))
                    })
                    .collect()
            }
            Some(other) => Err(self.err("objekt", format!("ska vara en objektlista inom {{ }}, inte \"{}\"", other.text()))),
        }
    }
}

/// `YYYYMMDD` → a date.
pub fn parse_date(s: &str) -> Option<Date> {
    chunk::date8(s.as_bytes())
}

#[cfg(test)]
mod tests;
