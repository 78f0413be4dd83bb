//! A session: everything a person brought to the explorer and everything they decided, as
//! one JSON file they can save, move to another machine and open again.
//!
//! The files are kept as loaded (not as parsed), so opening a session re-runs the current
//! parser and analyser over the same bytes; the corrections then re-apply by entry id.
//! **Invariant:** `Session::from_json(&s.to_json())` gives back `s`, and `to_json` of what
//! `from_json` accepted gives back the same text when that text came from `to_json`.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::analyze::{Analyzer, Codebook, CodebookError};
use crate::corpus::{Corpus, FileReport};
use crate::corrections::{apply_one, Correction};
use crate::index::Index;
use crate::model::{AnalysedEntry, Analysis, Blog, Diagnostic, Entry, EntryId, SourceName, UtcText, ZoneText};

/// Written into every session file so another JSON file is refused with a clear message.
pub const SESSION_KIND: &str = "liveblog-explorer-session";
/// Bumped when a field changes meaning; older readers refuse newer files instead of guessing.
pub const SESSION_VERSION: u32 = 1;

/// One loaded file. UTF-8 files are stored as text (readable, diffable); anything else as
/// base64, so a Latin-1 or UTF-16 file re-parses exactly as it did when it was dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionFile {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base64: Option<String>,
}

impl SessionFile {
    pub fn from_bytes(name: &str, bytes: &[u8]) -> SessionFile {
        match std::str::from_utf8(bytes) {
            Ok(text) => SessionFile { name: name.to_string(), text: Some(text.to_string()), base64: None },
            Err(_) => SessionFile { name: name.to_string(), text: None, base64: Some(base64_encode(bytes)) },
        }
    }

    /// Like [`SessionFile::from_bytes`], without copying a UTF-8 file's bytes.
    pub fn from_vec(name: &str, bytes: Vec<u8>) -> SessionFile {
        match String::from_utf8(bytes) {
            Ok(text) => SessionFile { name: name.to_string(), text: Some(text), base64: None },
            Err(e) => SessionFile { name: name.to_string(), text: None, base64: Some(base64_encode(e.as_bytes())) },
        }
    }

    /// The file's bytes as they were loaded: a text file's borrowed, a base64 file's decoded.
    pub fn bytes(&self) -> Result<std::borrow::Cow<'_, [u8]>, SessionError> {
        match (&self.text, &self.base64) {
            (Some(text), None) => Ok(std::borrow::Cow::Borrowed(text.as_bytes())),
            (None, Some(b64)) => base64_decode(b64).map(std::borrow::Cow::Owned).ok_or_else(|| SessionError::BadFile {
                name: self.name.clone(),
                reason: "its base64 content is damaged".into(),
            }),
            (Some(_), Some(_)) => Err(SessionError::BadFile {
                name: self.name.clone(),
                reason: "it has both text and base64 content".into(),
            }),
            (None, None) => Err(SessionError::BadFile { name: self.name.clone(), reason: "it has no content".into() }),
        }
    }

    /// Size of the stored content, for quota messages and progress.
    pub fn len(&self) -> usize {
        self.text.as_ref().map_or(0, String::len) + self.base64.as_ref().map_or(0, |b| b.len() / 4 * 3)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A file's bytes in brief: enough to tell whether a file brought again is one already loaded,
/// and to write it into a session file. The page keeps a loaded file's bytes outside its wasm
/// memory (a third of what a file took there), so its workspace knows the file by this.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    pub len: u64,
    /// A 64-bit hash of the bytes (stable across builds): two different files of one name and
    /// length are taken for the same with odds of one in 2^64.
    pub hash: u64,
    /// UTF-8 (a session keeps it as text) or not (as base64).
    pub utf8: bool,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Fingerprint {
        Fingerprint { len: bytes.len() as u64, hash: content_hash(bytes), utf8: std::str::from_utf8(bytes).is_ok() }
    }
}

/// A hash of `bytes`, 32 at a time in four independent lanes: natively 5-6 ms for a 100 MB
/// file (one lane took 18 ms), against a second to parse it. Not for adversaries; only to tell
/// files apart.
fn content_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: u64| (h.rotate_left(23) ^ w).wrapping_mul(K);
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len().min(8)].copy_from_slice(&b[..b.len().min(8)]);
        u64::from_le_bytes(w)
    };
    let mut lanes = [0x243f_6a88_85a3_08d3u64, 0x1319_8a2e_0370_7344, 0xa409_3822_299f_31d0, 0x082e_fa98_ec4e_6c89];
    let mut blocks = bytes.chunks_exact(32);
    for block in blocks.by_ref() {
        for (lane, w) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = mix(*lane, word(w));
        }
    }
    // the tail's words zero-padded (the length, in the fingerprint, tells the padding apart)
    let h = blocks.remainder().chunks(8).fold(lanes.into_iter().fold(0, mix), |h, w| mix(h, word(w)));
    h ^ (h >> 31)
}

/// Files in load order, corrections in the order they were made, and the codebook JSON when
/// it is not the built-in one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub kind: String,
    pub version: u32,
    pub files: Vec<SessionFile>,
    #[serde(default)]
    pub corrections: Vec<Correction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codebook: Option<String>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            kind: SESSION_KIND.to_string(),
            version: SESSION_VERSION,
            files: Vec::new(),
            corrections: Vec::new(),
            codebook: None,
        }
    }
}

impl Session {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn to_json(&self) -> String {
        // Serialising plain strings, numbers and enums to a String cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a session file, checking it is one and that every file's content decodes. The
    /// text is read twice, once for its kind and version, then for the session itself, rather
    /// than once into a `serde_json::Value` and again out of it: for a 100 MB session that
    /// tree was most of the cost (and of the memory).
    pub fn from_json(text: &str) -> Result<Session, SessionError> {
        // an editor may have put a byte-order mark before it
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        /// The fields that say whether this is a session at all; every other field is skipped.
        #[derive(Deserialize)]
        struct Head {
            kind: Option<serde_json::Value>,
            version: Option<serde_json::Value>,
        }
        let not_json = |e: serde_json::Error| SessionError::NotJson { line: e.line(), column: e.column(), message: e.to_string() };
        if !text.trim_start().starts_with('{') {
            // Not an object: JSON of another kind (serde would read a struct from an array),
            // or not JSON at all.
            return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Ok(_) => SessionError::NotASession,
                Err(e) => not_json(e),
            });
        }
        let head = match serde_json::from_str::<Head>(text) {
            Ok(head) => head,
            Err(e) if e.classify() == serde_json::error::Category::Data => return Err(SessionError::NotASession),
            Err(e) => return Err(not_json(e)),
        };
        match head.kind.as_ref().and_then(|k| k.as_str()) {
            Some(SESSION_KIND) => {}
            _ => return Err(SessionError::NotASession),
        }
        match head.version.as_ref().and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(SESSION_VERSION) => {}
            Some(v) => return Err(SessionError::UnsupportedVersion(v)),
            None => return Err(SessionError::NotASession),
        }
        let session: Session = serde_json::from_str(text).map_err(|e| SessionError::Malformed(e.to_string()))?;
        for f in &session.files {
            f.bytes()?;
        }
        Ok(session)
    }
}

/// Whether a file whose first bytes are `start` can be a session file (a JSON object): the
/// page refuses a wrong file (a video, a spreadsheet) from its first bytes, before reading
/// it whole.
pub fn may_be_session(start: &[u8]) -> bool {
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    start.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// [`Workspace::session`]'s JSON written a piece at a time, for a page saving a large session
/// with the browser's turn in between: [`Self::start`], then each file worth keeping
/// ([`Self::file_start`], its bytes in [`Self::file_piece`]s, [`Self::file_end`]), then
/// [`Self::finish`]. Joined, the pieces are exactly `session().to_json()` (the tests hold them
/// to it), without the copy of every file that [`Workspace::session`] makes.
pub struct SessionJsonWriter {
    files: crate::export::JsonList,
}

impl SessionJsonWriter {
    /// Writes the session's opening, up to its list of files.
    pub fn start(out: &mut String) -> SessionJsonWriter {
        out.push_str(&format!(
            "{{\n  \"kind\": {},\n  \"version\": {SESSION_VERSION},\n  \"files\": ",
            crate::export::pretty(SESSION_KIND)
        ));
        SessionJsonWriter { files: crate::export::JsonList::default() }
    }

    /// Opens one file whose bytes the caller holds (the page keeps them outside the
    /// workspace): its bytes follow in [`Self::file_piece`]s, then [`Self::file_end`]. Written
    /// so, a file never needs its whole escaped copy in memory (three of them, as one item).
    /// Written as text only when `utf8` (any file may go as base64).
    pub fn file_start(&mut self, out: &mut String, name: &str, utf8: bool) {
        self.files.open_item(out);
        out.push_str("{\n      \"name\": ");
        out.push_str(&crate::export::pretty(name));
        out.push_str(if utf8 { ",\n      \"text\": \"" } else { ",\n      \"base64\": \"" });
    }

    /// Writes the start of `bytes`, the next bytes of the file opened by [`Self::file_start`],
    /// and says how many it wrote: as text (`utf8`), up to its last whole character; as
    /// base64, a multiple of three bytes. With `last`, all of them. Hand it at least four
    /// bytes at a time, or it may write none.
    pub fn file_piece(out: &mut String, bytes: &[u8], utf8: bool, last: bool) -> usize {
        let split = match (last, utf8) {
            (true, _) => bytes.len(),
            (false, true) => whole_chars(bytes),
            (false, false) => bytes.len() - bytes.len() % 3,
        };
        let Some(piece) = bytes.get(..split) else { return 0 };
        if utf8 {
            let escaped = crate::export::pretty(&*String::from_utf8_lossy(piece));
            // (a JSON string: its quotes are one byte each)
            out.push_str(escaped.get(1..escaped.len().saturating_sub(1)).unwrap_or_default());
        } else {
            out.push_str(&base64_encode(piece));
        }
        split
    }

    /// Closes the file opened by [`Self::file_start`].
    pub fn file_end(out: &mut String) {
        out.push_str("\"\n    }");
    }

    /// Closes the list of files and writes the corrections and the codebook: the file is whole.
    pub fn finish(self, ws: &Workspace, out: &mut String) {
        use crate::export::{indented, pretty};
        self.files.end(out);
        out.push_str(",\n  \"corrections\": ");
        out.push_str(&indented(&pretty(&ws.corrections), "  "));
        if let Some(codebook) = &ws.custom_codebook {
            out.push_str(",\n  \"codebook\": ");
            out.push_str(&pretty(codebook));
        }
        out.push_str("\n}");
    }
}

/// The length of `bytes` up to the end of its last whole UTF-8 character (all of it when its
/// end is not in the middle of one).
fn whole_chars(bytes: &[u8]) -> usize {
    let n = bytes.len();
    // the last character's first byte, among the last four
    let Some(start) = (n.saturating_sub(4)..n).rev().find(|&i| bytes[i] & 0xc0 != 0x80) else { return n };
    let width = match bytes[start] {
        b if b < 0x80 => 1,
        b if b >= 0xf0 => 4,
        b if b >= 0xe0 => 3,
        _ => 2,
    };
    if start + width > n {
        start
    } else {
        n
    }
}

/// Why a session file was refused. Nothing is half-loaded: a refused file changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionError {
    /// Not JSON at all (position 1-based, as serde_json reports it).
    NotJson { line: usize, column: usize, message: String },
    /// JSON, but not written by this explorer.
    NotASession,
    /// Written by a newer explorer.
    UnsupportedVersion(u64),
    /// A session, but a field has the wrong shape.
    Malformed(String),
    /// One stored file cannot be read back.
    BadFile { name: String, reason: String },
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionError::NotJson { line, column, message } => {
                write!(f, "not a session file: not JSON (line {line}, column {column}: {message})")
            }
            SessionError::NotASession => write!(f, "not a session file: it was not saved by the live-blog explorer"),
            SessionError::UnsupportedVersion(v) => {
                write!(f, "session file version {v} is newer than this explorer understands ({SESSION_VERSION})")
            }
            SessionError::Malformed(m) => write!(f, "damaged session file: {m}"),
            SessionError::BadFile { name, reason } => {
                write!(f, "damaged session file: file {name:?} cannot be read: {reason}")
            }
        }
    }
}

impl std::error::Error for SessionError {}

/// One file read, parsed and analysed, ready for [`Workspace::admit`]. The page prepares
/// files in web workers (or, should they fail, in the same worker code loaded on the page) and
/// only merges them on its own thread; natively a [`Preparer`] prepares them in place.
/// Serialisable because that is how a worker hands it over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreparedFile {
    /// The name the file came with; `content.name` is the name it was parsed under (the same,
    /// or with ` (2)` added when the name was taken).
    pub asked: String,
    pub content: SessionFile,
    /// Its bytes in brief: a worker's answer has no `content` (the page kept the bytes).
    pub fingerprint: Fingerprint,
    pub blogs: Vec<Blog>,
    pub entries: Vec<AnalysedEntry>,
    pub diagnostics: Vec<Diagnostic>,
    /// The [`codebook_tag`] of the codebook that analysed it.
    pub codebook_tag: u64,
}

impl PreparedFile {
    /// The file as JSON to hand over: the whole, or, past `per_part` entries, the file without
    /// its entries and then its entries `per_part` at a time. A 10,000-entry file's JSON (5 MB)
    /// took the page one task of about 180 ms to read; in parts, the page reads one at a time
    /// with the browser's turn in between ([`Self::add_part`]).
    pub fn to_json_parts(mut self, per_part: usize) -> Result<(Vec<u8>, Vec<Vec<u8>>), serde_json::Error> {
        if self.entries.len() <= per_part {
            return Ok((serde_json::to_vec(&self)?, Vec::new()));
        }
        let entries = std::mem::take(&mut self.entries);
        let parts = entries.chunks(per_part.max(1)).map(serde_json::to_vec).collect::<Result<_, _>>()?;
        Ok((serde_json::to_vec(&self)?, parts))
    }

    /// A worker's answer: [`Self::to_json_parts`] without the file's content, which the
    /// page kept when it sent the file (it would be most of the JSON).
    pub fn answer_json(mut self, per_part: usize) -> Result<(Vec<u8>, Vec<Vec<u8>>), serde_json::Error> {
        self.content = SessionFile { name: std::mem::take(&mut self.content.name), text: None, base64: None };
        self.to_json_parts(per_part)
    }

    /// Reads the first piece of [`Self::to_json_parts`] (or the whole).
    pub fn from_json(json: &[u8]) -> Result<PreparedFile, serde_json::Error> {
        read_json(json)
    }

    /// Adds one part of [`Self::to_json_parts`] to the file read from its first piece.
    pub fn add_part(&mut self, part: &[u8]) -> Result<(), serde_json::Error> {
        let mut entries: Vec<AnalysedEntry> = read_json(part)?;
        self.entries.append(&mut entries);
        Ok(())
    }
}

/// Identifies a codebook by its JSON (0 for the built-in one), so the page can tell whether a
/// worker analysed a file with the codebook in force when it arrives.
pub fn codebook_tag(custom_json: Option<&str>) -> u64 {
    custom_json.map_or(0, |json| {
        // FNV-1a: stable across builds and threads, unlike the std hasher's random keys.
        json.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)) | 1
    })
}

/// A file's name, or `untitled.txt` for a blank one (pasted text, a nameless drop).
fn file_name_or_default(name: &str) -> &str {
    if name.trim().is_empty() {
        "untitled.txt"
    } else {
        name
    }
}

/// Reads, parses and analyses files with one codebook: what a parsing worker runs. The page's
/// own code never calls it, so the parser and analyser stay out of the page's wasm.
pub struct Preparer {
    /// Compiled once: compiling the codebook per file cost 5.7 s of a 100 MB load.
    analyzer: Analyzer,
    tag: u64,
}

/// How many files may be out at the parsers at once: `per_parser` a parser, but no more than
/// `max_bytes` of them together, bar one a parser, so that a large file still goes and every
/// parser has one. A load of thousands of small files keeps the parsers and the page busy; a
/// load of large files holds only a few of them in memory at once (each is read whole before
/// it is sent, and kept until its answer is back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendWindow {
    pub parsers: usize,
    pub per_parser: usize,
    pub max_bytes: usize,
}

impl SendWindow {
    /// Whether a file of `next` bytes may go out while `sent` files of `sent_bytes` bytes in
    /// all are out.
    pub fn admits(&self, sent: usize, sent_bytes: usize, next: usize) -> bool {
        sent < self.parsers.max(1)
            || (sent < self.parsers.saturating_mul(self.per_parser) && sent_bytes.saturating_add(next) <= self.max_bytes)
    }
}

/// How much of a corpus the page can hold. A browser gives a page's WebAssembly 4 GiB at most,
/// and Rust stops the page when an allocation fails: a corpus past that killed the page, and
/// again at every reload, since its files are stored. So a file that would not fit is refused
/// before it is read in, with the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Room {
    /// Bytes the page's allocations may hold in all.
    pub limit: usize,
    /// What a file takes once loaded, per byte of it: its entries and their analysis, and its
    /// share of the index (its bytes stay outside, in a JS array).
    pub per_byte: usize,
    /// The largest file a parsing worker can prepare: it too has 4 GiB, and needs several
    /// times the file while it works.
    pub parser_max: usize,
}

/// Why a file was not loaded: it would not fit in the page's memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRoom {
    /// It would not fit even in an empty page.
    TooLarge { len: usize, max: usize },
    /// It would not fit with what is loaded: `free` is the largest file that would.
    Full { len: usize, free: usize },
}

impl Room {
    /// The page's. Measured at the end of a load, with the files' bytes outside the page's
    /// memory (docs/BENCHMARKS.md, "Twentieth landing"), that memory was 2.31 times the input
    /// for 8,328 files of 100 MB in all, 2.38 for one file of 800 MB, 2.01 for nineteen of
    /// 100 MB. With the bytes inside (the nineteenth landing), the allocations held 3.09,
    /// 2.66 and 2.37 times the input for such loads and about 3.8 for a blog of short entries,
    /// so about 2.8 without its bytes; the memory was 1.07-1.29 times what they held (the
    /// allocator's bookkeeping and freed space). Three times, up to 3.2 GB, leaves the 4 GiB
    /// room for that and for what the page does next (an export, a new codebook's analysis).
    /// Each file is checked against what the page holds then, so content that takes more lets
    /// only the last file admitted overshoot. A worker prepared a file of 800 MB, and ran out
    /// of memory on one of 1.05 GB.
    pub const PAGE: Room = Room { limit: 3_200_000_000, per_byte: 3, parser_max: 800_000_000 };

    /// The largest file an empty page can take.
    pub fn max_file(&self) -> usize {
        (self.limit / self.per_byte.max(1)).min(self.parser_max)
    }

    /// Whether a file of `len` bytes fits when the page's allocations hold `in_use` bytes.
    pub fn check(&self, in_use: usize, len: usize) -> Result<(), NoRoom> {
        let need = len.saturating_mul(self.per_byte);
        if need > self.limit || len > self.parser_max {
            return Err(NoRoom::TooLarge { len, max: self.max_file() });
        }
        let left = self.limit.saturating_sub(in_use);
        if need > left {
            return Err(NoRoom::Full { len, free: left / self.per_byte.max(1) });
        }
        Ok(())
    }
}

impl std::fmt::Display for NoRoom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const WHY: &str = "a browser gives a page, and each of its parsers, 4 GB of memory, and a file takes up to \
            about three times its size once its entries are analysed and indexed";
        match *self {
            NoRoom::TooLarge { len, max } => write!(
                f,
                "at {} it is too large for this page, which can take a file of {} at most ({WHY}). \
                 Split it into smaller files",
                size_text(len),
                size_text(max)
            ),
            NoRoom::Full { len, free } => write!(
                f,
                "at {} it does not fit with the files already loaded: there is room for about {} more ({WHY}). \
                 Remove some files to make room, or explore the collection in parts",
                size_text(len),
                size_text(free)
            ),
        }
    }
}

/// A size as a person reads it: "640 bytes", "12 KB", "3.4 MB", "1.6 GB" (decimal units, as
/// file managers show them).
pub fn size_text(bytes: usize) -> String {
    const UNITS: [(f64, &str); 3] = [(1e9, "GB"), (1e6, "MB"), (1e3, "KB")];
    let b = bytes as f64;
    match UNITS.iter().find(|(unit, _)| b >= *unit) {
        Some((unit, name)) if b < 10.0 * unit => format!("{:.1} {name}", b / unit),
        Some((unit, name)) => format!("{:.0} {name}", b / unit),
        None => format!("{bytes} bytes"),
    }
}

/// JSON bytes read as `T`. Checked as UTF-8 once, in bulk, then read as text: read as bytes,
/// serde_json checks each string of them on its own, and that was a sixth of the reading.
fn read_json<T: serde::de::DeserializeOwned>(json: &[u8]) -> Result<T, serde_json::Error> {
    // (not `from_slice` for the error: a second reader of every type, 25 KB of the page's wasm)
    let text = std::str::from_utf8(json).map_err(|e| serde::de::Error::custom(format!("the JSON is not UTF-8: {e}")))?;
    serde_json::from_str(text)
}

impl Preparer {
    /// With the codebook JSON (`None`: the built-in one).
    pub fn new(custom_json: Option<&str>) -> Result<Preparer, CodebookError> {
        let codebook = match custom_json {
            Some(json) => Codebook::from_json(json)?,
            None => Codebook::builtin(),
        };
        Ok(Preparer { analyzer: Analyzer::new(&codebook), tag: codebook_tag(custom_json) })
    }

    /// With the codebook `ws` analyses with.
    pub fn for_workspace(ws: &Workspace) -> Preparer {
        Preparer { analyzer: Analyzer::new(ws.codebook()), tag: ws.codebook_tag() }
    }

    pub fn tag(&self) -> u64 {
        self.tag
    }

    /// Reads, parses and analyses one file under `name` (`asked` being the name it came with).
    pub fn prepare(&self, asked: &str, name: &str, bytes: Vec<u8>) -> PreparedFile {
        let (len, hash) = (bytes.len() as u64, content_hash(&bytes));
        let content = SessionFile::from_vec(name, bytes);
        // (from_vec checked the UTF-8 already)
        let fingerprint = Fingerprint { len, hash, utf8: content.text.is_some() };
        let parsed = match &content.text {
            Some(text) => crate::parse::parse_file(name, text.as_bytes()),
            None => crate::parse::parse_file(name, &content.bytes().unwrap_or_default()),
        };
        let entries = parsed
            .entries
            .into_iter()
            .map(|entry| {
                let analysis = self.analyzer.analyze(&entry);
                AnalysedEntry { entry, analysis }
            })
            .collect();
        PreparedFile {
            asked: asked.to_string(),
            content,
            fingerprint,
            blogs: parsed.blogs,
            entries,
            diagnostics: parsed.diagnostics,
            codebook_tag: self.tag,
        }
    }
}

/// One file the person brought, as its chip shows it, and what it gave when it was prepared,
/// so the files can be merged again (after a removal, new corrections) without parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    /// Its name, and its bytes when the workspace holds them: natively it does; the page keeps
    /// them apart and gives the workspace a file without them.
    pub content: SessionFile,
    pub fingerprint: Fingerprint,
    pub report: FileReport,
    blogs: Vec<Blog>,
    diagnostics: Vec<Diagnostic>,
    /// Its entries that were already loaded from an earlier file: they become this file's
    /// should that file be removed.
    held: Vec<Held>,
}

/// An entry a file shares with an earlier file, kept as only what the two saves may differ
/// in. The id hashes title, time, date and body, so those (and the hour and the analysis, which
/// follow from them) are the loaded entry's. Kept whole, the 14,208 entries the 100 MB bench
/// corpus's files share held 25 MiB (all in use, natively: 398 MiB; with this, 376).
#[derive(Debug, Clone, PartialEq)]
struct Held {
    id: EntryId,
    n: usize,
    line: usize,
    tz: Option<ZoneText>,
    utc: Option<UtcText>,
    embeds: Vec<String>,
}

impl Held {
    fn of(e: AnalysedEntry) -> Held {
        let Entry { id, n, line, tz, utc, embeds, .. } = e.entry;
        Held { id, n, line, tz, utc, embeds }
    }

    /// The entry as `source` gave it, from the loaded entry of the same id (with the
    /// analyser's own analysis, not a correction).
    fn restore(self, source: &SourceName, loaded: &AnalysedEntry) -> AnalysedEntry {
        let Held { id, n, line, tz, utc, embeds } = self;
        let e = &loaded.entry;
        AnalysedEntry {
            entry: Entry {
                id,
                source: source.clone(),
                n,
                title: e.title.clone(),
                time: e.time,
                tz,
                date: e.date,
                utc,
                hour: e.hour,
                body: e.body.clone(),
                embeds,
                line,
            },
            analysis: loaded.analysis.clone(),
        }
    }
}

impl LoadedFile {
    pub fn name(&self) -> &str {
        &self.content.name
    }

    /// Worth keeping across a reload: it gave entries. A refused file (binary, empty) is shown
    /// with its reason until the page closes, but storing it would only waste quota.
    pub fn keep(&self) -> bool {
        self.report.loaded
    }
}

/// What [`Workspace::admit`] did with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Loaded under this name (the file's own, or with ` (2)` added when another file
    /// already had its name).
    File(String),
    /// A file with the same name and the same bytes is already loaded: nothing changed.
    AlreadyLoaded(String),
}

/// A prepared file [`Workspace::admit`] could not take as it is: prepare it again, under
/// `name` and with the codebook now in force (it was analysed with another one, or its name
/// was given to another file meanwhile; ids and sources carry the name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepareAgain {
    pub name: String,
}

/// A session brought to life: the files' entries merged, the corrections applied, and the
/// filter index over the result. It never parses: files arrive prepared ([`PreparedFile`]).
///
/// **Invariant:** `entries()` always equals parse -> analyse -> apply corrections over the
/// current files; `index()` reflects it after [`Workspace::refresh`] (new files extend it by
/// their entries; other changes mark it stale for one rebuild).
pub struct Workspace {
    codebook: Codebook,
    custom_codebook: Option<String>,
    /// Canonical name -> the strings that name it in text (name and aliases), for highlighting.
    names: HashMap<String, Vec<String>>,
    files: Vec<LoadedFile>,
    /// Position in `files` by name: looking names up by scanning the files made a load of
    /// thousands of files quadratic (1.2 s of a 100 MB load).
    file_slots: HashMap<String, usize>,
    corpus: Corpus,
    entries: Vec<AnalysedEntry>,
    /// The analyser's own output for every corrected entry, so a correction can be undone or
    /// replaced without re-analysing.
    originals: HashMap<String, Analysis>,
    /// At most one per entry id, in the order they were first made.
    corrections: Vec<Correction>,
    index: Index,
    /// Entries changed in place (a correction): `index` still has the right positions but
    /// not the right values; `next_index` is being built to replace it.
    stale: bool,
    next_index: Option<Index>,
    revision: u64,
}

/// What one [`Workspace::refresh_step`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    /// The index is up to date.
    pub done: bool,
    /// [`Workspace::index`] answers differently than before the step.
    pub changed: bool,
    /// Entries read in this step (to size the next one).
    pub indexed: usize,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    /// An empty workspace with the built-in codebook.
    pub fn new() -> Workspace {
        let codebook = Codebook::builtin();
        let names = names_of(&codebook);
        Workspace {
            codebook,
            custom_codebook: None,
            names,
            files: Vec::new(),
            file_slots: HashMap::new(),
            corpus: Corpus::new(),
            entries: Vec::new(),
            originals: HashMap::new(),
            corrections: Vec::new(),
            index: Index::empty(),
            stale: false,
            next_index: None,
            revision: 0,
        }
    }

    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }

    /// The codebook JSON when it is not the built-in one.
    pub fn custom_codebook(&self) -> Option<&str> {
        self.custom_codebook.as_deref()
    }

    pub fn files(&self) -> &[LoadedFile] {
        &self.files
    }

    pub fn file_named(&self, name: &str) -> Option<&LoadedFile> {
        self.file_slots.get(name).and_then(|&i| self.files.get(i))
    }

    pub fn entries(&self) -> &[AnalysedEntry] {
        &self.entries
    }

    pub fn corrections(&self) -> &[Correction] {
        &self.corrections
    }

    pub fn correction(&self, entry_id: &str) -> Option<&Correction> {
        self.corrections.iter().find(|c| c.entry_id == entry_id)
    }

    /// Every blog read so far, in load order.
    pub fn blogs(&self) -> &[crate::model::Blog] {
        &self.corpus.blogs
    }

    /// Every message about every file, in load order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.corpus.diagnostics
    }

    /// The messages about one file, errors first.
    pub fn diagnostics_for(&self, name: &str) -> Vec<&Diagnostic> {
        let mut d: Vec<&Diagnostic> = self.corpus.diagnostics.iter().filter(|d| d.source == name).collect();
        d.sort_by_key(|d| d.severity.rank());
        d
    }

    /// The strings that name an actor in text: for codebook actors their name and aliases,
    /// for any other (unlisted) actor its name.
    pub fn names_of(&self, actor: &str) -> Vec<String> {
        self.names.get(actor).cloned().unwrap_or_else(|| vec![actor.to_string()])
    }

    /// The filter index. Call [`Workspace::refresh`] after changes first.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Counts every change, so views keyed by it redraw exactly when the data changed.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Brings the index up to date: extended by the entries added since the last refresh, or
    /// built again when existing entries changed.
    pub fn refresh(&mut self) {
        while !self.refresh_step(usize::MAX).done {}
    }

    /// [`Workspace::refresh`] in steps of at most `max_entries` entries, so the page can
    /// yield between them (rebuilding 127,000 entries' index took 0.5-1 s of wasm). After a
    /// correction the old index keeps answering until the new one is complete (positions are
    /// the same, only that entry's facets lag); after a removal positions moved, so the index
    /// starts again from nothing and grows as during a load.
    pub fn refresh_step(&mut self, max_entries: usize) -> Refreshed {
        let codebook = &self.codebook;
        let camp_of = |name: &str| codebook.camp_of(name).map(str::to_string);
        let n = self.entries.len();
        // Extends `index` by at most `max_entries` of the entries it lacks; gives how many.
        let grow = |index: &mut Index| {
            let from = index.len();
            let upto = from.saturating_add(max_entries).min(n);
            index.extend(&self.entries[..upto], &camp_of);
            upto - from
        };
        if self.stale {
            let next = self.next_index.get_or_insert_with(Index::empty);
            let indexed = grow(next);
            if next.len() < n {
                return Refreshed { done: false, changed: false, indexed };
            }
            if let Some(mut next) = self.next_index.take() {
                next.compact();
                self.index = next;
            }
            self.stale = false;
            return Refreshed { done: true, changed: true, indexed };
        }
        if self.index.len() > n {
            self.index = Index::empty();
        }
        if self.index.len() == n {
            return Refreshed { done: true, changed: false, indexed: 0 };
        }
        let indexed = grow(&mut self.index);
        Refreshed { done: self.index.len() == n, changed: true, indexed }
    }

    /// [`Workspace::refresh`], then the index's memory tidied for its final size: for when a
    /// batch of files has finished loading.
    pub fn settle(&mut self) {
        self.refresh();
        self.index.compact();
    }

    /// Entries changed in place: the index must be built again.
    fn touched(&mut self) {
        self.stale = true;
        self.next_index = None;
        self.revision += 1;
    }

    /// Prepares (with `preparer`, which must analyse with this workspace's codebook) and adds
    /// one file: the native way in; the page prepares files in workers and calls
    /// [`Workspace::admit`]. Call [`Workspace::refresh`] after the batch.
    pub fn add_file(&mut self, preparer: &Preparer, name: &str, bytes: &[u8]) -> Added {
        let asked = file_name_or_default(name);
        if self.file_named(asked).is_some_and(|f| f.fingerprint == Fingerprint::of(bytes)) {
            return Added::AlreadyLoaded(asked.to_string());
        }
        let mut prepared = preparer.prepare(asked, &self.name_for(asked, &|_| false), bytes.to_vec());
        loop {
            match self.admit(prepared) {
                Ok(added) => return added,
                Err(again) => prepared = preparer.prepare(asked, &again.name, bytes.to_vec()),
            }
        }
    }

    /// The tag of the codebook in force (see [`codebook_tag`]).
    pub fn codebook_tag(&self) -> u64 {
        codebook_tag(self.custom_codebook.as_deref())
    }

    /// The name a file asking for `asked` would be parsed under, when the names `reserved`
    /// says are taken too (files still being prepared elsewhere).
    pub fn name_for(&self, asked: &str, reserved: &dyn Fn(&str) -> bool) -> String {
        let asked = file_name_or_default(asked);
        self.free_name(asked, reserved)
    }

    /// Adds a prepared file: nothing when a file of the name it came with holds the same
    /// content; else its new entries (those not already loaded from another file), with their
    /// corrections applied. A file analysed with another codebook, or parsed under a name
    /// taken meanwhile, is handed back to be prepared again.
    pub fn admit(&mut self, prepared: PreparedFile) -> Result<Added, PrepareAgain> {
        let asked = file_name_or_default(&prepared.asked).to_string();
        if self.file_named(&asked).is_some_and(|f| f.fingerprint == prepared.fingerprint) {
            return Ok(Added::AlreadyLoaded(asked));
        }
        if self.file_named(&prepared.content.name).is_some() {
            return Err(PrepareAgain { name: self.free_name(&asked, &|_| false) });
        }
        if prepared.codebook_tag != self.codebook_tag() {
            return Err(PrepareAgain { name: prepared.content.name });
        }
        let PreparedFile { content, fingerprint, blogs, entries, diagnostics, .. } = prepared;
        let name = content.name.clone();
        self.merge(content, fingerprint, blogs, entries, diagnostics);
        // Entries were only appended: the index can catch up rather than start again.
        self.revision += 1;
        Ok(Added::File(name))
    }

    /// Appends one file's entries (those not loaded yet) with their corrections applied.
    fn merge(
        &mut self,
        content: SessionFile,
        fingerprint: Fingerprint,
        blogs: Vec<Blog>,
        entries: Vec<AnalysedEntry>,
        diagnostics: Vec<Diagnostic>,
    ) {
        let name = content.name.clone();
        let admitted = self.corpus.admit(&name, blogs.clone(), entries, diagnostics.clone(), |e| e.entry.id);
        let start = self.entries.len();
        self.entries.extend(admitted.fresh);
        if !self.corrections.is_empty() {
            let by_id: HashMap<&str, &Correction> = self.corrections.iter().map(|c| (c.entry_id.as_str(), c)).collect();
            for e in &mut self.entries[start..] {
                if let Some(c) = by_id.get(e.entry.id.as_str()) {
                    self.originals.insert(e.entry.id.to_string(), e.analysis.clone());
                    apply_one(e, c);
                }
            }
        }
        self.file_slots.insert(name, self.files.len());
        let held = admitted.duplicates.into_iter().map(Held::of).collect();
        self.files.push(LoadedFile { content, fingerprint, report: admitted.report, blogs, diagnostics, held });
    }

    /// `name`, or `name (2)`, `name (3)`, ... when a file of that name is already loaded.
    fn free_name(&self, name: &str, reserved: &dyn Fn(&str) -> bool) -> String {
        let taken = |n: &str| reserved(n) || self.file_slots.contains_key(n);
        if !taken(name) {
            return name.to_string();
        }
        let (stem, ext) = match name.rfind('.') {
            Some(i) if i > 0 => (&name[..i], &name[i..]),
            _ => (name, ""),
        };
        (2..).map(|k| format!("{stem} ({k}){ext}")).find(|n| !taken(n)).unwrap_or_else(|| name.to_string())
    }

    /// Forgets one file. An entry it shared with a later file (overlapping page saves) stays,
    /// now credited to that file.
    pub fn remove_file(&mut self, name: &str) {
        let Some(&slot) = self.file_slots.get(name) else { return };
        let gone: HashSet<EntryId> = self.entries.iter().filter(|e| e.entry.source == name).map(|e| e.entry.id).collect();
        let shared = self.files[slot + 1..].iter().any(|f| f.held.iter().any(|h| gone.contains(&h.id)));
        if shared {
            let rest: Vec<LoadedFile> = self.files.drain(..).filter(|f| f.name() != name).collect();
            self.remerge(rest);
            return;
        }
        // No later file holds its entries (the usual case): they simply go. Merging every
        // file again cost 0.2-0.4 s at 127,000 entries (an id string per entry).
        self.corpus.forget(name, gone.iter().copied());
        for id in &gone {
            self.originals.remove(id.as_str());
        }
        self.entries.retain(|e| e.entry.source != name);
        self.files.remove(slot);
        self.file_slots.remove(name);
        for i in self.file_slots.values_mut() {
            if *i > slot {
                *i -= 1;
            }
        }
        self.positions_moved();
    }

    /// Merges `files` again, in order, from what each gave when it was prepared: after a
    /// removal or new corrections, without parsing anything again.
    fn remerge(&mut self, mut files: Vec<LoadedFile>) {
        let mut by_source: HashMap<SourceName, Vec<AnalysedEntry>> = HashMap::new();
        for mut e in std::mem::take(&mut self.entries) {
            if let Some(original) = self.originals.remove(e.entry.id.as_str()) {
                e.analysis = original;
            }
            by_source.entry(e.entry.source.clone()).or_default().push(e);
        }
        self.corpus = Corpus::new();
        self.originals.clear();
        self.files.clear();
        self.file_slots.clear();
        // Every held id is loaded (from an earlier file, or the one being removed), so each
        // shared entry is rebuilt before the entries move into the merge.
        let loaded: HashMap<&str, &AnalysedEntry> = if files.iter().any(|f| !f.held.is_empty()) {
            by_source.values().flatten().map(|e| (e.entry.id.as_str(), e)).collect()
        } else {
            HashMap::new()
        };
        let restored: Vec<Vec<AnalysedEntry>> = files
            .iter_mut()
            .map(|f| {
                let held = std::mem::take(&mut f.held);
                let name = SourceName::from(f.name());
                held.into_iter()
                    .filter_map(|h| {
                        let from = *loaded.get(h.id.as_str())?;
                        Some(h.restore(&name, from))
                    })
                    .collect()
            })
            .collect();
        drop(loaded);
        for (f, held) in files.into_iter().zip(restored) {
            let mut entries = by_source.remove(f.name()).unwrap_or_default();
            entries.extend(held);
            entries.sort_by_key(|e| e.entry.n);
            self.merge(f.content, f.fingerprint, f.blogs, entries, f.diagnostics);
        }
        self.positions_moved();
    }

    /// Entries were removed or reordered: the old index cannot answer for them at all, so it
    /// starts again from nothing (see [`Workspace::refresh_step`]).
    fn positions_moved(&mut self) {
        self.index = Index::empty();
        self.stale = false;
        self.next_index = None;
        self.revision += 1;
    }

    /// Records the person's coding of one entry, replacing any earlier one for it. An empty
    /// correction still marks the entry as checked by hand.
    pub fn set_correction(&mut self, c: Correction) {
        let id = c.entry_id.clone();
        match self.corrections.iter_mut().find(|x| x.entry_id == id) {
            Some(x) => *x = c.clone(),
            None => self.corrections.push(c.clone()),
        }
        for e in self.entries.iter_mut().filter(|e| e.entry.id == id.as_str()) {
            let original = self.originals.entry(id.clone()).or_insert_with(|| e.analysis.clone());
            e.analysis = original.clone();
            apply_one(e, &c);
        }
        self.touched();
    }

    /// Drops the person's coding of one entry: the analyser's values come back.
    pub fn clear_correction(&mut self, entry_id: &str) {
        self.corrections.retain(|c| c.entry_id != entry_id);
        if let Some(original) = self.originals.remove(entry_id) {
            for e in self.entries.iter_mut().filter(|e| e.entry.id == entry_id) {
                e.analysis = original.clone();
            }
        }
        self.touched();
    }

    /// Switches codebook (`None`: the built-in one). Every entry must then be analysed again,
    /// which is a parsing worker's job: the files are taken out (corrections stay) and handed
    /// back, in load order, to be prepared again with the new codebook and admitted. On error
    /// nothing changes.
    pub fn set_codebook(&mut self, json: Option<&str>) -> Result<Vec<SessionFile>, CodebookError> {
        let codebook = match json {
            Some(j) => Codebook::from_json(j)?,
            None => Codebook::builtin(),
        };
        self.names = names_of(&codebook);
        self.codebook = codebook;
        self.custom_codebook = json.map(str::to_string);
        let files = std::mem::take(&mut self.files);
        self.remerge(Vec::new());
        Ok(files.into_iter().map(|f| f.content).collect())
    }

    /// Forgets files, corrections and the custom codebook.
    pub fn clear(&mut self) {
        let revision = self.revision;
        *self = Workspace::new();
        self.revision = revision + 1;
    }

    /// The session to save: files worth keeping, corrections, custom codebook.
    pub fn session(&self) -> Session {
        Session {
            files: self.files.iter().filter(|f| f.keep()).map(|f| f.content.clone()).collect(),
            corrections: self.corrections.clone(),
            codebook: self.custom_codebook.clone(),
            ..Session::new()
        }
    }

    /// Brings a whole session back at once, natively (the page does the same file by file in
    /// its workers, yielding to the browser in between). A custom codebook that no longer
    /// loads falls back to the built-in one and is reported.
    pub fn from_session(session: &Session) -> (Workspace, Option<CodebookError>) {
        let mut ws = Workspace::new();
        let err = session.codebook.as_deref().and_then(|json| ws.set_codebook(Some(json)).err());
        ws.corrections = session.corrections.clone();
        let preparer = Preparer::for_workspace(&ws);
        for f in &session.files {
            if let Ok(bytes) = f.bytes() {
                ws.add_file(&preparer, &f.name, &bytes);
            }
        }
        ws.refresh();
        (ws, err)
    }

    /// Replaces the corrections wholesale (a session being restored, usually before its files
    /// load): the files are merged again with them.
    pub fn set_corrections(&mut self, corrections: Vec<Correction>) {
        let files = std::mem::take(&mut self.files);
        self.corrections = corrections;
        self.remerge(files);
    }
}

fn names_of(codebook: &Codebook) -> HashMap<String, Vec<String>> {
    codebook
        .actors()
        .iter()
        .map(|a| {
            let mut names = vec![a.name.clone()];
            names.extend(a.aliases.iter().cloned());
            (a.name.clone(), names)
        })
        .collect()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648), enough for session files without another crate.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(B64[(n >> 18) as usize & 63] as char);
        out.push(B64[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 { B64[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if chunk.len() > 2 { B64[n as usize & 63] as char } else { '=' });
    }
    out
}

/// Decodes what [`base64_encode`] writes; `None` on any other input.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let quads = bytes.len() / 4;
    for (i, q) in bytes.chunks(4).enumerate() {
        let last = i + 1 == quads;
        let pad = q.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for (j, &c) in q.iter().enumerate() {
            let v = if j >= 4 - pad { 0 } else { val(c)? };
            n = (n << 6) | v;
        }
        out.push((n >> 16) as u8);
        if pad < 2 {
            out.push((n >> 8) as u8);
        }
        if pad < 1 {
            out.push(n as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stance;
    use proptest::prelude::*;

    fn sample() -> Session {
        Session {
            files: vec![
                SessionFile::from_bytes("a.txt", "3.23pm BST\n\nThe BMA said “no”.\n".as_bytes()),
                SessionFile::from_bytes("latin1.txt", b"caf\xe9 \xff\x00"),
            ],
            corrections: vec![
                Correction { stance: Some(Stance::Doctors), ..Correction::new("e1") },
                Correction {
                    add_actors: vec!["BMA".into()],
                    remove_actors: vec!["Hunt".into()],
                    ..Correction::new("e2")
                },
            ],
            codebook: Some("{\"actors\": []}".into()),
            ..Session::new()
        }
    }

    #[test]
    fn the_send_window_holds_many_small_files_and_few_large_ones() {
        let window = SendWindow { parsers: 2, per_parser: 8, max_bytes: 32 << 20 };
        // small files: eight a parser
        let mut sent = (0, 0);
        while window.admits(sent.0, sent.1, 12_000) {
            sent = (sent.0 + 1, sent.1 + 12_000);
        }
        assert_eq!(sent.0, 16);
        // large files: one a parser, whatever their size
        let big = 50 << 20;
        assert!(window.admits(0, 0, big) && window.admits(1, big, big));
        assert!(!window.admits(2, 2 * big, 1));
        // in between, up to the byte budget
        let mid = 10 << 20;
        let mut sent = (0, 0);
        while window.admits(sent.0, sent.1, mid) {
            sent = (sent.0 + 1, sent.1 + mid);
        }
        assert_eq!(sent, (3, 30 << 20));
        // one at a time on the page's own thread, even with no parser named
        let here = SendWindow { parsers: 1, per_parser: 1, max_bytes: 0 };
        assert!(here.admits(0, 0, big) && !here.admits(1, 1, 1));
        assert!(SendWindow { parsers: 0, per_parser: 0, max_bytes: 0 }.admits(0, 0, 1));
    }

    #[test]
    fn a_file_is_refused_when_it_would_not_fit_and_says_how_much_would() {
        let room = Room { limit: 1_000, per_byte: 4, parser_max: 300 };
        assert_eq!(room.max_file(), 250);
        // an empty page takes a file up to its limit
        assert_eq!(room.check(0, 250), Ok(()));
        assert_eq!(room.check(0, 251), Err(NoRoom::TooLarge { len: 251, max: 250 }));
        // a file larger than an empty page takes is too large whatever is loaded
        assert_eq!(room.check(900, 2_000), Err(NoRoom::TooLarge { len: 2_000, max: 250 }));
        // with 600 bytes held, 100 bytes of file fit and 101 do not
        assert_eq!(room.check(600, 100), Ok(()));
        assert_eq!(room.check(600, 101), Err(NoRoom::Full { len: 101, free: 100 }));
        // more held than the limit: nothing fits, and nothing overflows
        assert_eq!(room.check(5_000, 1), Err(NoRoom::Full { len: 1, free: 0 }));
        assert_eq!(room.check(0, usize::MAX), Err(NoRoom::TooLarge { len: usize::MAX, max: 250 }));
        // a file the page would hold but a parser cannot prepare is too large
        let roomy = Room { limit: 1_000, per_byte: 1, parser_max: 300 };
        assert_eq!((roomy.max_file(), roomy.check(600, 300)), (300, Ok(())));
        assert_eq!(roomy.check(0, 301), Err(NoRoom::TooLarge { len: 301, max: 300 }));
        // the page's own: a 100 MB file fits an empty page, one of 1.05 GB never does (a
        // parser ran out of memory on it, though the page has room for a third more)
        assert_eq!(Room::PAGE.check(0, 100_000_000), Ok(()));
        assert_eq!(Room::PAGE.max_file(), 800_000_000);
        assert_eq!(Room::PAGE.check(0, 800_000_000), Ok(()));
        assert!(matches!(Room::PAGE.check(0, 1_050_000_000), Err(NoRoom::TooLarge { .. })));
        let told = NoRoom::Full { len: 101_000_000, free: 42_000_000 }.to_string();
        assert!(told.contains("at 101 MB") && told.contains("room for about 42 MB more"), "{told}");
        let told = NoRoom::TooLarge { len: 1_600_031_264, max: 800_000_000 }.to_string();
        assert!(told.contains("at 1.6 GB") && told.contains("800 MB at most"), "{told}");
    }

    #[test]
    fn sizes_read_as_a_person_reads_them() {
        let read: Vec<String> = [0, 999, 1_000, 12_345, 3_400_000, 99_600_000, 1_600_031_264].map(size_text).into();
        assert_eq!(read, ["0 bytes", "999 bytes", "1.0 KB", "12 KB", "3.4 MB", "100 MB", "1.6 GB"]);
    }

    #[test]
    fn a_prepared_file_in_json_parts_reads_back_whole() {
        let text = crate::sample::SEEDS.iter().map(|(_, t)| *t).collect::<Vec<_>>().join("\n\n");
        let prepared = Preparer::new(None).unwrap().prepare("all.txt", "all.txt", text.into_bytes());
        assert!(prepared.entries.len() > 20, "{}", prepared.entries.len());
        for per_part in [1, 7, prepared.entries.len() - 1, prepared.entries.len(), 10_000] {
            let (head, parts) = prepared.clone().to_json_parts(per_part).unwrap();
            let expected_parts = if per_part >= prepared.entries.len() { 0 } else { prepared.entries.len().div_ceil(per_part) };
            assert_eq!(parts.len(), expected_parts, "{per_part} per part");
            let mut back = PreparedFile::from_json(&head).unwrap();
            for part in &parts {
                back.add_part(part).unwrap();
            }
            assert_eq!(back, prepared, "{per_part} per part");
        }
        // bytes that are not UTF-8 are an error saying where
        let (mut head, _) = prepared.clone().to_json_parts(10_000).unwrap();
        let at = head.windows(5).position(|w| w == b"\"all.").unwrap() + 1;
        head[at] = 0xff;
        let err = PreparedFile::from_json(&head).unwrap_err().to_string();
        assert!(err.starts_with(&format!("the JSON is not UTF-8: invalid utf-8 sequence of 1 bytes from index {at}")), "{err}");
        let mut back = prepared.clone();
        assert!(back.add_part(b"[\"\xff\"]").is_err());
        assert_eq!(back, prepared);
        // a worker's answer leaves the file's content out, and only that
        let answer = PreparedFile::from_json(&prepared.clone().answer_json(10_000).unwrap().0).unwrap();
        assert_eq!((answer.content.name.as_str(), &answer.content.text, &answer.content.base64), ("all.txt", &None, &None));
        assert_eq!(PreparedFile { content: prepared.content.clone(), ..answer }, prepared);
        let mut back = PreparedFile::from_json(&prepared.clone().to_json_parts(5).unwrap().0).unwrap();
        assert!(back.add_part(b"[{]").is_err(), "a damaged part is an error, not a panic");
    }

    #[test]
    fn a_session_is_told_from_its_first_bytes_and_may_start_with_a_bom() {
        let json = sample().to_json();
        assert!(may_be_session(json.as_bytes()));
        assert!(may_be_session(&json.as_bytes()[..1]));
        let with_bom = format!("\u{feff}\n {json}");
        assert!(may_be_session(with_bom.as_bytes()));
        assert_eq!(Session::from_json(&with_bom), Ok(sample()));
        for wrong in [&b""[..], b"   ", b"[1, 2]", b"\x00\x00\x01\xba", b"PK\x03\x04", b"\"{\""] {
            assert!(!may_be_session(wrong), "{wrong:?}");
        }
    }

    #[test]
    fn round_trips_exactly() {
        let s = sample();
        let json = s.to_json();
        let back = Session::from_json(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.to_json(), json);
        assert_eq!(&*back.files[1].bytes().unwrap(), b"caf\xe9 \xff\x00");
        assert!(back.files[1].text.is_none(), "non-UTF-8 bytes are kept as base64");
    }

    #[test]
    fn refuses_other_json_with_typed_errors() {
        assert!(matches!(Session::from_json("{"), Err(SessionError::NotJson { line: 1, .. })));
        assert_eq!(Session::from_json("{\"entries\": []}"), Err(SessionError::NotASession));
        assert_eq!(Session::from_json("[1, 2]"), Err(SessionError::NotASession));
        assert_eq!(Session::from_json("[1, 2, 3]"), Err(SessionError::NotASession));
        let as_array = r#"["liveblog-explorer-session", 1, [], [], null]"#;
        assert_eq!(Session::from_json(as_array), Err(SessionError::NotASession), "a struct's fields in an array");
        assert!(matches!(Session::from_json("[1, 2"), Err(SessionError::NotJson { .. })));
        assert!(matches!(Session::from_json(""), Err(SessionError::NotJson { .. })));
        assert_eq!(Session::from_json("\"liveblog-explorer-session\""), Err(SessionError::NotASession));
        assert_eq!(Session::from_json(r#"{"kind": 3, "version": 1}"#), Err(SessionError::NotASession));
        assert!(matches!(Session::from_json("{} x"), Err(SessionError::NotJson { line: 1, .. })));
        let newer = sample().to_json().replace("\"version\": 1", "\"version\": 9");
        assert_eq!(Session::from_json(&newer), Err(SessionError::UnsupportedVersion(9)));
        let damaged = sample().to_json().replace("Y2Fm", "Y2F!");
        assert!(
            matches!(Session::from_json(&damaged), Err(SessionError::BadFile { ref name, .. }) if name == "latin1.txt")
        );
        let wrong = r#"{"kind":"liveblog-explorer-session","version":1,"files":"x"}"#;
        assert!(matches!(Session::from_json(wrong), Err(SessionError::Malformed(_))));
        assert!(SessionError::NotASession.to_string().contains("not a session file"));
    }

    #[test]
    fn base64_known_vectors() {
        for (raw, enc) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64_encode(raw.as_bytes()), enc);
            assert_eq!(base64_decode(enc).unwrap(), raw.as_bytes());
        }
        assert_eq!(base64_decode("Zg="), None);
        assert_eq!(base64_decode("Zg==Zg=="), None);
        assert_eq!(base64_decode("Z==="), None);
    }

    fn seeds() -> Workspace {
        let mut ws = Workspace::new();
        let p = Preparer::for_workspace(&ws);
        for (name, text) in crate::sample::SEEDS {
            ws.add_file(&p, name, text.as_bytes());
        }
        ws.refresh();
        ws
    }

    #[test]
    fn workspace_loads_the_sample_and_indexes_it() {
        let ws = seeds();
        assert_eq!(ws.files().len(), 5);
        assert!(!ws.entries().is_empty());
        let all = ws.index().query(&crate::index::Query::default());
        assert_eq!(all.matches.len(), ws.entries().len());
    }

    #[test]
    fn refreshing_file_by_file_indexes_like_one_build() {
        let mut ws = Workspace::new();
        let p = Preparer::for_workspace(&ws);
        for (name, text) in crate::sample::SEEDS {
            ws.add_file(&p, name, text.as_bytes());
            ws.refresh();
            assert_eq!(ws.index().len(), ws.entries().len());
        }
        let codebook = Codebook::builtin();
        let whole = Index::build(ws.entries(), &|n| codebook.camp_of(n).map(str::to_string));
        for qs in ["", "stance=doctors", "actor=BMA&hour=9-11", "q=strike", "source=bbc-feb11.txt&order=oldest"] {
            let q = crate::index::Query::from_query_string(qs);
            assert_eq!(ws.index().query(&q), whole.query(&q), "{qs}");
        }
        // A removal changes existing entries: the index is built again, not extended.
        ws.remove_file("bbc-feb11.txt");
        ws.settle();
        assert_eq!(ws.index().len(), ws.entries().len());
        assert!(ws.index().query(&crate::index::Query::default()).counts.sources.iter().all(|(s, _)| &**s != "bbc-feb11.txt"));
    }

    /// In steps, the index ends as one build would; a correction leaves the old index
    /// answering until the new one is whole, a removal starts it again from nothing.
    #[test]
    fn refreshing_in_steps_ends_as_one_build() {
        let mut ws = seeds();
        let codebook = Codebook::builtin();
        let build = |ws: &Workspace| Index::build(ws.entries(), &|n| codebook.camp_of(n).map(str::to_string));
        let doctors = crate::index::Query::from_query_string("stance=doctors");
        let before = ws.index().query(&doctors).matches.len();
        let id = ws.entries().iter().find(|e| crate::index::stance_of(e) == Stance::Doctors).unwrap().entry.id;
        ws.set_correction(Correction { stance: Some(Stance::Government), ..Correction::new(id) });
        let mut steps = 0;
        loop {
            let step = ws.refresh_step(20);
            steps += 1;
            if step.done {
                assert!(step.changed);
                break;
            }
            assert!(!step.changed);
            assert_eq!(ws.index().query(&doctors).matches.len(), before, "the old index answers meanwhile");
        }
        assert!(steps > 3);
        assert_eq!(ws.index().query(&doctors).matches.len(), before - 1);
        for qs in ["", "stance=government", "actor=BMA&hour=9-11", "q=strike"] {
            let q = crate::index::Query::from_query_string(qs);
            assert_eq!(ws.index().query(&q), build(&ws).query(&q), "{qs}");
        }
        ws.remove_file("bbc-feb11.txt");
        let first = ws.refresh_step(10);
        assert_eq!((first.done, first.changed, first.indexed, ws.index().len()), (false, true, 10, 10));
        while !ws.refresh_step(10).done {}
        ws.settle();
        for qs in ["", "stance=government", "source=bbc-feb10-page1.txt&order=oldest", "q=strike"] {
            let q = crate::index::Query::from_query_string(qs);
            assert_eq!(ws.index().query(&q), build(&ws).query(&q), "{qs}");
        }
        assert_eq!(ws.refresh_step(10), Refreshed { done: true, changed: false, indexed: 0 });
    }

    /// The page's worker path: files prepared elsewhere, possibly with an older codebook and
    /// under names reserved while others were in flight, end up as if added in place.
    #[test]
    fn admitting_prepared_files_equals_adding_them() {
        let mut direct = Workspace::new();
        let mut admitted = Workspace::new();
        let builtin = Preparer::for_workspace(&direct);
        let (name, text) = crate::sample::SEEDS[0];
        direct.add_file(&builtin, name, text.as_bytes());
        // Analysed with another codebook: handed back to be prepared again, nothing merged.
        let custom = Codebook::builtin().to_json();
        let other_codebook = Preparer::new(Some(&custom)).unwrap();
        assert_ne!(other_codebook.tag(), admitted.codebook_tag());
        let stale = other_codebook.prepare(name, name, text.as_bytes().to_vec());
        assert_eq!(admitted.admit(stale), Err(PrepareAgain { name: name.into() }));
        assert!(admitted.entries().is_empty() && admitted.files().is_empty());
        let fresh = builtin.prepare(name, name, text.as_bytes().to_vec());
        assert_eq!(admitted.admit(fresh), Ok(Added::File(name.into())));
        assert_eq!(admitted.entries(), direct.entries());

        // Two drops of one file in flight at once: the second was given another name, and
        // is recognised as the same file when it arrives.
        let reserved = admitted.name_for(name, &|n| n == name);
        assert_ne!(reserved, name);
        let again = builtin.prepare(name, &reserved, text.as_bytes().to_vec());
        assert_eq!(admitted.admit(again), Ok(Added::AlreadyLoaded(name.into())));
        // Another file under a name that was taken meanwhile goes back for a free one.
        let other = builtin.prepare("x.txt", name, b"3.23pm BST\n\nThe BMA said no.\n".to_vec());
        assert_eq!(admitted.admit(other), Err(PrepareAgain { name: "x.txt".into() }));
        assert_eq!(codebook_tag(None), 0);
        assert_ne!(codebook_tag(Some("{}")), codebook_tag(Some("{ }")));
    }

    /// Two overlapping saves of one blog: the second file's shared entries are held back, and
    /// come back as its own when the first is removed, exactly as if it had been loaded alone.
    #[test]
    fn removing_a_file_hands_its_shared_entries_to_the_overlapping_file() {
        let first = "Strike live\n\n10.00am GMT\n\nThe BMA said the strike goes on.\n\n9.00am GMT\n\nPickets gathered early.\n";
        let second = "Strike live\n\n11.00am GMT\n\nThe minister said talks would resume.\n\n10.00am GMT\n\nThe BMA said the strike goes on.\n";
        let mut ws = Workspace::new();
        let p = Preparer::for_workspace(&ws);
        ws.add_file(&p, "first.txt", first.as_bytes());
        ws.add_file(&p, "second.txt", second.as_bytes());
        assert_eq!(ws.files()[1].report.duplicates, 1);
        let shared = ws.entries().iter().find(|e| e.entry.body.starts_with("The BMA")).unwrap().entry.id;
        ws.set_correction(Correction { stance: Some(Stance::Government), ..Correction::new(shared) });
        ws.remove_file("first.txt");
        ws.refresh();

        let mut alone = Workspace::new();
        alone.add_file(&p, "second.txt", second.as_bytes());
        alone.set_correction(Correction { stance: Some(Stance::Government), ..Correction::new(shared) });
        alone.refresh();
        assert_eq!(ws.entries(), alone.entries());
        assert_eq!(ws.files()[0].report, alone.files()[0].report);
        assert_eq!(ws.diagnostics(), alone.diagnostics());
        assert_eq!(ws.blogs(), alone.blogs());
        let kept = ws.entries().iter().find(|e| e.entry.id == shared).unwrap();
        assert_eq!((kept.entry.source.as_str(), kept.analysis.stance), ("second.txt", Some(Stance::Government)));
        let q = crate::index::Query::default();
        assert_eq!(ws.index().query(&q), alone.index().query(&q));
    }

    /// A shared entry comes back as the overlapping file saved it, not as the removed file did:
    /// the zone (not part of the id) differs between the two saves here.
    #[test]
    fn a_shared_entry_comes_back_with_its_own_files_zone() {
        let first = "Strike live\n\n10.00am GMT\n\nThe BMA said the strike goes on.\n";
        let second = "Strike live\n\n11.00am BST\n\nTalks resume.\n\n10.00am BST\n\nThe BMA said the strike goes on.\n";
        let mut ws = Workspace::new();
        let p = Preparer::for_workspace(&ws);
        ws.add_file(&p, "first.txt", first.as_bytes());
        ws.add_file(&p, "second.txt", second.as_bytes());
        assert_eq!(ws.files()[1].report.duplicates, 1);
        assert_eq!(ws.entries().iter().filter(|e| e.entry.tz.as_deref() == Some("GMT")).count(), 1);
        ws.remove_file("first.txt");
        ws.refresh();
        let mut alone = Workspace::new();
        alone.add_file(&p, "second.txt", second.as_bytes());
        alone.refresh();
        assert_eq!(ws.entries(), alone.entries());
        assert!(ws.entries().iter().all(|e| e.entry.tz.as_deref() == Some("BST")));
    }

    /// Later saves of the sample blogs (each the first part of a seed, so the two share their
    /// newest posts): removing any file that shares entries leaves what loading the other
    /// files alone gives.
    #[test]
    fn removing_any_overlapping_file_equals_loading_the_rest() {
        let mut files: Vec<(String, String)> =
            crate::sample::SEEDS.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        for (name, text) in crate::sample::SEEDS.iter().take(3) {
            let cut = text.char_indices().filter(|&(_, c)| c == '\n').map(|(i, _)| i).nth(text.lines().count() / 2).unwrap_or(text.len());
            files.push((format!("again-{name}"), text[..cut].to_string()));
        }
        let p = Preparer::for_workspace(&Workspace::new());
        let load = |skip: Option<usize>| {
            let mut ws = Workspace::new();
            for (i, (name, text)) in files.iter().enumerate() {
                if Some(i) != skip {
                    ws.add_file(&p, name, text.as_bytes());
                }
            }
            ws.refresh();
            ws
        };
        let all = load(None);
        let held: usize = all.files().iter().map(|f| f.report.duplicates).sum();
        assert!(held > 10, "the later saves share entries ({held})");
        let mut shared = 0;
        for (i, (name, _)) in files.iter().enumerate() {
            let ids: HashSet<&str> =
                all.entries().iter().filter(|e| e.entry.source == *name).map(|e| e.entry.id.as_str()).collect();
            shared += all.files()[i + 1..].iter().any(|f| f.held.iter().any(|h| ids.contains(h.id.as_str()))) as usize;
            let mut ws = load(None);
            ws.remove_file(name);
            ws.refresh();
            let rest = load(Some(i));
            assert_eq!(ws.entries(), rest.entries(), "removing {name}");
            assert_eq!(ws.files(), rest.files(), "removing {name}");
            assert_eq!(ws.diagnostics(), rest.diagnostics(), "removing {name}");
        }
        assert_eq!(shared, 3, "each cut seed shares entries with its seed");
    }

    /// The session file as the page writes it: each file worth keeping from its bytes, in
    /// pieces of `piece` bytes (the page's are 1 MB).
    fn written_in_pieces(ws: &Workspace, piece: usize) -> String {
        let mut out = String::new();
        let mut writer = SessionJsonWriter::start(&mut out);
        for f in ws.files().iter().filter(|f| f.keep()) {
            let bytes = f.content.bytes().unwrap();
            writer.file_start(&mut out, f.name(), f.fingerprint.utf8);
            let mut at = 0;
            while at < bytes.len() {
                let end = (at + piece).min(bytes.len());
                let wrote = SessionJsonWriter::file_piece(&mut out, &bytes[at..end], f.fingerprint.utf8, end == bytes.len());
                assert!(wrote > 0, "{}: pieces of {piece} bytes always move on", f.name());
                at += wrote;
            }
            SessionJsonWriter::file_end(&mut out);
        }
        writer.finish(ws, &mut out);
        out
    }

    /// The session file written a piece at a time (as the page writes one) is exactly the one
    /// written whole: with a refused file among the files (it is not kept), with corrections
    /// and a custom codebook, and with none of them.
    #[test]
    fn the_session_written_in_pieces_is_the_whole_session_file() {
        let mut ws = seeds();
        let empty = Workspace::new();
        assert_eq!(written_in_pieces(&empty, 4), empty.session().to_json());
        for piece in [4, 100, 1 << 20] {
            assert_eq!(written_in_pieces(&ws, piece), ws.session().to_json(), "pieces of {piece} bytes");
        }
        let preparer = Preparer::for_workspace(&ws);
        ws.add_file(&preparer, "broken.txt", b"\x00\x01\x02 binary");
        let id = ws.entries()[2].entry.id;
        ws.set_correction(Correction { stance: Some(Stance::Mixed), ..Correction::new(id) });
        let custom = Codebook::builtin().to_json().replace("\"BMA\"", "\"The BMA union\"");
        for f in ws.set_codebook(Some(&custom)).unwrap() {
            ws.add_file(&Preparer::for_workspace(&ws), &f.name, &f.bytes().unwrap());
        }
        ws.add_file(&Preparer::for_workspace(&ws), "broken.txt", b"\x00\x01\x02 binary");
        assert!(ws.files().iter().any(|f| !f.keep()) && !ws.corrections().is_empty() && ws.custom_codebook().is_some());
        for piece in [4, 100, 1 << 20] {
            assert_eq!(written_in_pieces(&ws, piece), ws.session().to_json(), "pieces of {piece} bytes, with corrections and a codebook");
        }
    }

    /// Pieces of any size: the files here have quotes, line breaks, control characters and
    /// characters of two, three and four bytes, which a piece may cut; and a Latin-1 file
    /// (kept as base64), which a piece may cut inside three bytes.
    #[test]
    fn a_piece_may_cut_a_character_or_a_group_of_three_bytes() {
        let mut ws = seeds();
        let preparer = Preparer::for_workspace(&ws);
        let odd = "09:00\n\n\"Quoted\" – the BMA said “no” 😀 é\t\u{1}\\ end\n\n10:15 GMT\n\nThe government said ça va 日本.\n";
        ws.add_file(&preparer, "odd.txt", odd.as_bytes());
        ws.add_file(&preparer, "latin1.txt", b"09:00\n\nThe BMA said caf\xe9 talks failed.\n\n10:00\n\nMinisters said \xab no \xbb.\n");
        ws.add_file(&preparer, "broken.txt", b"\x00\x01\x02 binary");
        assert!(ws.files().iter().any(|f| f.keep() && !f.fingerprint.utf8), "a kept base64 file");
        for piece in [4, 5, 7, 64, 1 << 20] {
            assert_eq!(written_in_pieces(&ws, piece), ws.session().to_json(), "pieces of {piece} bytes");
        }
    }

    /// A piece of text ends at a whole character: never inside one, never short of a whole one.
    #[test]
    fn a_piece_of_text_ends_at_a_whole_character() {
        let text = "aé日😀".as_bytes(); // characters of 1, 2, 3 and 4 bytes
        let ends: Vec<usize> = (0..=text.len()).map(|n| whole_chars(&text[..n])).collect();
        assert_eq!(ends, [0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10]);
        assert_eq!(whole_chars(b"\x80\x80\x80\x80\x80"), 5, "no character starts: all of it (written as U+FFFD)");
    }

    /// Two loads are the same file when their bytes are; a byte more, or one changed, is another.
    #[test]
    fn a_fingerprint_tells_files_apart_by_their_bytes() {
        let a = Fingerprint::of(b"09:00\n\nThe BMA said the strike goes on.\n");
        assert_eq!(a, Fingerprint::of(b"09:00\n\nThe BMA said the strike goes on.\n"));
        assert_ne!(a, Fingerprint::of(b"09:00\n\nThe BMA said the strike goes on!\n"));
        assert_ne!(a, Fingerprint::of(b"09:00\n\nThe BMA said the strike goes on.\n\0"));
        assert_ne!(Fingerprint::of(b""), Fingerprint::of(b"\0"), "the length counts");
        assert!(a.utf8 && !Fingerprint::of(b"caf\xe9").utf8);
        // every byte counts, in each of the four lanes and in the tail
        let base = vec![7u8; 70];
        let hashes: HashSet<u64> = (0..base.len())
            .map(|i| {
                let mut b = base.clone();
                b[i] ^= 1;
                Fingerprint::of(&b).hash
            })
            .collect();
        assert_eq!(hashes.len(), base.len());
        assert!(!hashes.contains(&Fingerprint::of(&base).hash));
    }

    /// A new codebook empties the workspace but for the corrections, and hands every file back
    /// in load order to be prepared again: the result equals loading them under that codebook.
    #[test]
    fn a_new_codebook_hands_the_files_back_to_be_prepared_again() {
        let mut ws = seeds();
        let names: Vec<String> = ws.files().iter().map(|f| f.name().to_string()).collect();
        let id = ws.entries()[3].entry.id;
        ws.set_correction(Correction { stance: Some(Stance::Mixed), ..Correction::new(id) });
        let custom = Codebook::builtin().to_json().replace("\"BMA\"", "\"The BMA union\"");
        assert!(ws.set_codebook(Some("{ not json")).is_err());
        assert_eq!(ws.files().len(), 5, "a codebook that does not load changes nothing");
        let files = ws.set_codebook(Some(&custom)).unwrap();
        assert_eq!(files.iter().map(|f| f.name.clone()).collect::<Vec<_>>(), names);
        assert!(ws.entries().is_empty() && ws.files().is_empty() && ws.corrections().len() == 1);
        let p = Preparer::for_workspace(&ws);
        assert_eq!(p.tag(), ws.codebook_tag());
        for f in &files {
            ws.add_file(&p, &f.name, &f.bytes().unwrap());
        }
        ws.refresh();
        let (expected, _) = Workspace::from_session(&ws.session());
        assert_eq!(ws.entries(), expected.entries());
        assert!(ws.entries().iter().any(|e| e.analysis.speakers.iter().chain(&e.analysis.mentions).any(|a| a == "The BMA union")));
        assert_eq!(ws.entries().iter().find(|e| e.entry.id == id).unwrap().analysis.stance, Some(Stance::Mixed));
    }

    #[test]
    fn same_file_twice_is_loaded_once_and_same_name_other_bytes_is_renamed() {
        let mut ws = Workspace::new();
        let p = Preparer::for_workspace(&ws);
        let text = "3.23pm BST\n\nThe BMA said the strike goes on.\n";
        assert_eq!(ws.add_file(&p, "a.txt", text.as_bytes()), Added::File("a.txt".into()));
        let n = ws.entries().len();
        assert_eq!(ws.add_file(&p, "a.txt", text.as_bytes()), Added::AlreadyLoaded("a.txt".into()));
        assert_eq!(ws.entries().len(), n);
        assert_eq!(ws.add_file(&p, "a.txt", b"4.00pm BST\n\nOther news.\n"), Added::File("a (2).txt".into()));
        assert_eq!(ws.files().len(), 2);
    }

    #[test]
    fn a_refused_file_is_shown_but_not_kept() {
        let mut ws = Workspace::new();
        let p = Preparer::for_workspace(&ws);
        ws.add_file(&p, "picture.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
        ws.add_file(&p, "ok.txt", "3.23pm BST\n\nThe BMA said no.\n".as_bytes());
        assert_eq!(ws.files().len(), 2);
        assert!(!ws.files()[0].report.loaded);
        assert!(ws.diagnostics_for("picture.txt").iter().any(|d| d.severity == crate::model::Severity::Error));
        let session = ws.session();
        assert_eq!(session.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), vec!["ok.txt"]);
    }

    #[test]
    fn corrections_apply_undo_and_survive_a_session_round_trip() {
        let mut ws = seeds();
        let id = ws.entries()[0].entry.id;
        let before = ws.entries()[0].analysis.clone();
        let c = Correction {
            stance: Some(crate::model::Stance::Mixed),
            add_actors: vec!["Nobody Known".into()],
            ..Correction::new(id)
        };
        ws.set_correction(c.clone());
        ws.refresh();
        assert_eq!(ws.entries()[0].analysis.stance, Some(crate::model::Stance::Mixed));
        assert!(ws.entries()[0].analysis.corrected);
        let q = crate::index::Query { actors: vec!["Nobody Known".into()], ..Default::default() };
        assert_eq!(ws.index().query(&q).matches, vec![0], "the index sees the correction");

        let json = ws.session().to_json();
        let (back, err) = Workspace::from_session(&Session::from_json(&json).unwrap());
        assert!(err.is_none());
        assert_eq!(back.entries(), ws.entries());
        assert_eq!(back.session().to_json(), json);

        // A second correction replaces the first rather than stacking on it.
        ws.set_correction(Correction { stance: Some(crate::model::Stance::Doctors), ..Correction::new(id) });
        assert_eq!(ws.entries()[0].analysis.mentions, before.mentions);
        ws.clear_correction(&id);
        assert_eq!(ws.entries()[0].analysis, before);
        assert!(ws.corrections().is_empty());
    }

    #[test]
    fn removing_a_file_keeps_the_others_and_their_corrections() {
        let mut ws = seeds();
        let last = ws.entries().last().unwrap().entry.clone();
        ws.set_correction(Correction {
            stance: Some(crate::model::Stance::Government),
            ..Correction::new(last.id)
        });
        ws.remove_file("bbc-feb10-page1.txt");
        ws.refresh();
        assert_eq!(ws.files().len(), 4);
        assert!(ws.entries().iter().all(|e| e.entry.source != "bbc-feb10-page1.txt"));
        let e = ws.entries().iter().find(|e| e.entry.id == last.id).unwrap();
        assert_eq!(e.analysis.stance, Some(crate::model::Stance::Government));
        assert!(e.analysis.corrected);
        // The same as loading the other four alone, whichever way the removal went.
        let (alone, _) = Workspace::from_session(&ws.session());
        assert_eq!(ws.entries(), alone.entries());
        assert_eq!(ws.blogs(), alone.blogs());
        assert_eq!(ws.diagnostics(), alone.diagnostics());
        assert_eq!(ws.files(), alone.files());
        let q = crate::index::Query::default();
        assert_eq!(ws.index().query(&q), alone.index().query(&q));
        // Files removed one after another, down to none.
        for name in ["guardian-allout-day2.txt", "itv-live-updates.txt", "bbc-feb10-page2.txt", "bbc-feb11.txt"] {
            ws.remove_file(name);
            let (alone, _) = Workspace::from_session(&ws.session());
            assert_eq!((ws.entries(), ws.files()), (alone.entries(), alone.files()), "after {name}");
        }
        assert!(ws.entries().is_empty() && ws.files().is_empty());
    }

    proptest! {
        #[test]
        fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            prop_assert_eq!(base64_decode(&base64_encode(&bytes)), Some(bytes));
        }

        #[test]
        fn session_round_trips(name in "\\PC{0,20}", bytes in proptest::collection::vec(any::<u8>(), 0..200), id in "\\PC{0,10}") {
            let s = Session {
                files: vec![SessionFile::from_bytes(&name, &bytes)],
                corrections: vec![Correction { stance: Some(Stance::Mixed), ..Correction::new(id) }],
                ..Session::new()
            };
            let back = Session::from_json(&s.to_json()).unwrap();
            prop_assert_eq!(&back, &s);
            prop_assert_eq!(back.files[0].bytes().unwrap(), bytes);
        }
    }
}
