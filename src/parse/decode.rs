//! Bytes -> clean text. Refuses binary input with a reason, repairs what it can (BOM, UTF-16,
//! Latin-1, CR line ends, odd spaces) and says what it repaired.

use std::borrow::Cow;

/// Why a file's bytes were not read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    Empty,
    /// Only spaces, tabs and line breaks.
    Blank,
    /// A known binary format, named by its magic number.
    Binary { kind: &'static str },
    /// Control bytes where text would have none.
    NotText { offset: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "the file is empty"),
            DecodeError::Blank => write!(f, "the file holds only white space"),
            DecodeError::Binary { kind } => {
                write!(f, "this is a binary file ({kind}), not a saved live blog: save the page as text")
            }
            DecodeError::NotText { offset } => write!(
                f,
                "this is not a text file (binary data at byte {offset}): save the live blog as plain text"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Text ready for the format readers, with what was repaired on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<'a> {
    /// LF line ends, no BOM, odd spaces made plain, trailing spaces removed. Borrows the
    /// bytes when they already were such text (most saved pages are), else a repaired copy.
    pub text: Cow<'a, str>,
    /// Human sentences, e.g. "decoded as Windows-1252 (Latin-1)".
    pub repairs: Vec<String>,
    /// 1-based line of the first repaired byte sequence, when there is one.
    pub first_repair_line: Option<usize>,
    /// Where `text`'s line feeds are, every one in order: found while normalising, so the
    /// parser need not search for them again.
    pub(crate) line_ends: Vec<usize>,
}

const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\0", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "old Office document"),
    (b"{\\rtf", "RTF document"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"wOFF", "web font"),
];

/// Decodes one file's bytes. `Err` only for input that is not text at all.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    let mut decoded = decode_unterminated(bytes)?;
    if !decoded.text.ends_with('\n') {
        decoded.line_ends.push(decoded.text.len());
        decoded.text.to_mut().push('\n');
    }
    Ok(decoded)
}

/// `text` ending in a line feed, one added when it has none.
pub(crate) fn terminated(mut text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.ends_with('\n') {
        text.to_mut().push('\n');
    }
    text
}

/// [`decode`], but the last line may lack its line feed: for a caller that splits the text
/// into lines, where that changes no line. Text that needs no other change is then borrowed
/// (a saved page often does not end in a line feed, and adding one meant copying it).
pub(crate) fn decode_unterminated(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut repairs = Vec::new();
    let mut first_repair_line = None;

    // `true` when the text is the file's bytes, unchecked for binary bytes yet
    let (text, unchecked): (Cow<'_, str>, bool) = if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        (from_utf8_or_repair(rest, &mut repairs, &mut first_repair_line), false)
    } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        repairs.push("decoded as UTF-16 (little-endian)".into());
        (Cow::Owned(decode_utf16(rest, u16::from_le_bytes)), false)
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        repairs.push("decoded as UTF-16 (big-endian)".into());
        (Cow::Owned(decode_utf16(rest, u16::from_be_bytes)), false)
    } else {
        if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
            return Err(DecodeError::Binary { kind });
        }
        match std::str::from_utf8(bytes) {
            // Valid UTF-8 (most files): its control bytes are counted while it is normalised
            // below, the pass that visits each of them anyway, not in a pass of their own.
            Ok(text) => (Cow::Borrowed(text), true),
            Err(_) => {
                if let Some(offset) = binary_offset(bytes) {
                    return Err(DecodeError::NotText { offset });
                }
                (from_utf8_or_repair(bytes, &mut repairs, &mut first_repair_line), false)
            }
        }
    };

    // No diagnostic for what normalising changes: no-break spaces and CRLF are how pages are saved.
    // (text that needs no change is kept as it came, borrowed or decoded)
    let mut controls = Controls::default();
    let mut line_ends = Vec::with_capacity(text.len() / 48);
    let changed = match normalise_unterminated(&text, &mut controls, &mut line_ends) {
        Cow::Owned(changed) => Some(changed),
        Cow::Borrowed(_) => None,
    };
    if let Some(offset) = controls.binary_offset(bytes.len()).filter(|_| unchecked) {
        return Err(DecodeError::NotText { offset });
    }
    let clean = changed.map_or(text, Cow::Owned);
    if clean.trim().is_empty() {
        return Err(DecodeError::Blank);
    }
    Ok(Decoded { text: clean, repairs, first_repair_line, line_ends })
}

/// How much of a file [`binary_offset`] looks at.
const BINARY_HEAD: usize = 64 * 1024;

/// The C0 controls text never holds (NUL among them): all but line feed, CR, tab, form feed.
fn is_stray_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)
}

/// The offset of a byte that text never holds (NUL or most C0 controls), looking at the
/// first 64 KiB, or None. A few stray controls in a large file are tolerated.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(BINARY_HEAD)];
    if let Some(nul) = memchr::memchr(0, head) {
        return Some(nul);
    }
    let control = |b: &u8| is_stray_control(*b);
    // Counted sixteen bytes at a time: only the bytes below 0x20 (a line feed, mostly) are
    // looked at one by one. Located only when there are too many.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // exactly the bytes below 0x20: high bit clear, and the low seven bits plus 0x60 do not
    // reach 0x80 (no carry crosses a byte: 0x7f + 0x60 < 0x100)
    let below = |x: u64| !(((x & !HIGH) + ONES * 0x60) | x) & HIGH;
    let mut words = head.chunks_exact(16);
    let mut controls = 0usize;
    for chunk in &mut words {
        let word = |at: usize| chunk[at..].first_chunk::<8>().map_or(0, |w| below(u64::from_le_bytes(*w)));
        let (a, b) = (word(0), word(8));
        // most of sixteen bytes hold none, or one line feed
        if a | b == 0 {
            continue;
        }
        let mut bits = a as u128 | (b as u128) << 64;
        while bits != 0 {
            controls += control(&chunk[bits.trailing_zeros() as usize / 8]) as usize;
            bits &= bits - 1;
        }
    }
    controls += words.remainder().iter().filter(|b| control(b)).count();
    // More than 1% control bytes is not text.
    if controls * 100 > head.len() {
        head.iter().position(control)
    } else {
        None
    }
}

/// The stray control bytes [`binary_offset`] looks for, counted in the first
/// [`BINARY_HEAD`] bytes by [`normalise_unterminated`].
#[derive(Debug, Default)]
struct Controls {
    count: usize,
    first: Option<usize>,
    first_nul: Option<usize>,
}

impl Controls {
    #[inline]
    fn saw(&mut self, b: u8, at: usize) {
        if at < BINARY_HEAD && is_stray_control(b) {
            self.count += 1;
            self.first.get_or_insert(at);
            if b == 0 {
                self.first_nul.get_or_insert(at);
            }
        }
    }

    /// [`binary_offset`] of the `len` bytes counted.
    fn binary_offset(&self, len: usize) -> Option<usize> {
        self.first_nul.or(self.first.filter(|_| self.count * 100 > len.min(BINARY_HEAD)))
    }
}

fn decode_utf16(bytes: &[u8], to_unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| to_unit([pair[0], pair[1]]));
    char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// UTF-8 when valid; a truncated tail is replaced; text with many invalid bytes is read as
/// Windows-1252 (the usual "Latin-1" of saved pages), which maps every byte to a character.
fn from_utf8_or_repair<'a>(
    bytes: &'a [u8],
    repairs: &mut Vec<String>,
    first_line: &mut Option<usize>,
) -> Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(err) => {
            let at = err.valid_up_to();
            *first_line = Some(1 + bytes[..at].iter().filter(|&&b| b == b'\n').count());
            let truncated_tail = err.error_len().is_none();
            if truncated_tail {
                repairs.push(format!(
                    "the file ends in the middle of a character (byte {at}): the last bytes were replaced"
                ));
                String::from_utf8_lossy(bytes)
            } else if looks_like_single_byte(bytes) {
                repairs.push("not UTF-8: decoded as Windows-1252 (Latin-1)".into());
                Cow::Owned(bytes.iter().map(|&b| cp1252(b)).collect())
            } else {
                repairs.push(format!(
                    "invalid UTF-8 from byte {at}: unreadable bytes were replaced with \u{FFFD}"
                ));
                String::from_utf8_lossy(bytes)
            }
        }
    }
}

/// True when no valid multi-byte UTF-8 sequence appears: every high byte stands alone,
/// as in Latin-1 text.
fn looks_like_single_byte(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (0xC2..=0xF4).contains(&b) {
            let width = if b < 0xE0 { 2 } else if b < 0xF0 { 3 } else { 4 };
            if let Some(seq) = bytes.get(i..i + width) {
                if std::str::from_utf8(seq).is_ok() {
                    return false;
                }
            }
        }
        i += 1;
    }
    true
}

fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
        '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// LF line ends (CRLF and lone CR too), no-break and other odd spaces made plain, zero-width
/// characters and BOMs dropped, trailing spaces trimmed, one final newline.
#[cfg(test)]
fn normalise(text: &str) -> Cow<'_, str> {
    terminated(normalise_unterminated(text, &mut Controls::default(), &mut Vec::new()))
}

/// [`normalise`] but for the final newline: the last line keeps its line feed or lack of one.
///
/// One pass over the bytes: only the bytes that can start a changed character (controls,
/// including the line feed, and the lead bytes 0xC2, 0xE2, 0xE3, 0xEF) are looked at one by
/// one; the scan for them goes eight bytes at a time. Runs of unchanged text, line ends
/// included, are copied whole when a change comes, and text that needs no change is handed
/// back borrowed: copying every line on its own cost about a fifth of decoding. The stray
/// control bytes met on the way are counted in `controls`, and the offsets of the output's
/// line feeds pushed to `line_ends`.
fn normalise_unterminated<'a>(text: &'a str, controls: &mut Controls, line_ends: &mut Vec<usize>) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let mut out = Normalised { text, out: None, copied: 0 };
    let mut at = 0;
    while let Some(i) = next_special(bytes, at) {
        let b = bytes[i];
        if b == b'\n' {
            // a line's trailing spaces go; without any, the line end stays in the run to copy
            let last = if out.copied < i { bytes.get(i - 1) } else { out.out.as_ref().and_then(|o| o.as_bytes().last()) };
            if last == Some(&b' ') {
                let o = out.upto(i);
                trim_trailing(o);
                line_ends.push(o.len());
                o.push('\n');
                out.copied = i + 1;
            } else {
                // the output so far and the run still to copy
                line_ends.push(out.out.as_ref().map_or(0, String::len) + (i - out.copied));
            }
            at = i + 1;
            continue;
        }
        // most characters led by 0xE2 are punctuation kept as it is (quotes, dashes, bullets):
        // passed over without decoding them (a lead byte 0xE2 starts three bytes)
        if b == 0xE2 && !is_changed_e2(bytes.get(i + 1..i + 3)) {
            at = i + 3;
            continue;
        }
        // a no-break space (0xC2 0xA0), the commonest change, made plain without decoding it
        if b == 0xC2 && bytes.get(i + 1) == Some(&0xA0) {
            out.upto(i).push(' ');
            out.copied = i + 2;
            at = i + 2;
            continue;
        }
        controls.saw(b, i);
        // `i` is a char boundary: an ASCII byte or a lead byte of a multi-byte character.
        let c = text[i..].chars().next().unwrap_or(' ');
        let clen = c.len_utf8();
        let replacement = replacement(c, matches!(bytes.get(i + 1), None | Some(b'\n')));
        if let Some(with) = replacement {
            let o = out.upto(i);
            if let Some(r) = with {
                if r == '\n' {
                    trim_trailing(o);
                    line_ends.push(o.len());
                }
                o.push(r);
            }
            out.copied = i + clen;
        }
        at = i + clen;
    }
    match out.out {
        // unchanged but for the last line's trailing spaces: a prefix of the text
        None => Cow::Borrowed(text.trim_end_matches(' ')),
        Some(_) => {
            let o = out.upto(text.len());
            trim_trailing(o);
            Cow::Owned(out.out.take().unwrap_or_default())
        }
    }
}

/// [`normalise`]'s output: while `out` is `None` it is `text` up to where the scan is (nothing
/// changed yet); `copied` bytes of `text` are written to `out` (or dropped).
struct Normalised<'a> {
    text: &'a str,
    out: Option<String>,
    copied: usize,
}

impl Normalised<'_> {
    /// The output with `text[copied..i]` written to it, copying `text[..i]` on the first change.
    #[inline]
    fn upto(&mut self, i: usize) -> &mut String {
        let (text, copied) = (self.text, self.copied);
        let out = self.out.get_or_insert_with(|| String::with_capacity(text.len() + 1));
        out.push_str(&text[copied..i]);
        self.copied = i;
        out
    }
}

/// Whether the character whose lead byte 0xE2 is followed by `rest` (its other two bytes)
/// is one [`replacement`] changes: the odd spaces, zero-width characters and line
/// separators of U+2000..U+2060.
#[inline]
fn is_changed_e2(rest: Option<&[u8]>) -> bool {
    matches!(rest, Some([0x80, 0x82 | 0x83 | 0x87 | 0x89 | 0x8A | 0x8B | 0x8C | 0x8D | 0xA8 | 0xA9 | 0xAF]) | Some([0x81, 0xA0]))
}

/// What [`normalise`] makes of `c`: `None` to keep it, `Some(None)` to drop it, `Some(Some(r))`
/// to write `r` instead. `ends_line` says whether a CR is followed by a line feed or the end of
/// the text (then it goes); any other CR breaks the line.
fn replacement(c: char, ends_line: bool) -> Option<Option<char>> {
    match c {
        '\r' => Some(if ends_line { None } else { Some('\n') }),
        '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' | '\u{200a}' | '\u{2002}' | '\u{2003}' | '\u{3000}' | '\t' => {
            Some(Some(' '))
        }
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => Some(None),
        '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0c}' | '\u{0b}' => Some(Some('\n')),
        c if c.is_control() => Some(None),
        _ => None,
    }
}

/// The first byte at or after `from` that may start a character [`normalise`] changes: a
/// control byte (line feed included), DEL, or the lead byte 0xC2, 0xE2, 0xE3 or 0xEF.
#[inline]
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let special = |b: u8| b < 0x20 || matches!(b, 0x7f | 0xC2 | 0xE2 | 0xE3 | 0xEF);
    let mut i = from;
    // Eight bytes at a time, skipping words whose bytes are all printable ASCII (0x20..0x7e).
    // The test may flag a printable byte next to a flagged one; the byte scan below decides.
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let flagged = (x | x.wrapping_sub(ONES * 0x20) | x.wrapping_add(ONES)) & HIGH;
        if flagged != 0 {
            if x & HIGH == 0 {
                // ASCII (a word with a line feed, mostly): exactly the bytes below 0x20 (no
                // carry crosses a byte: 0x7f + 0x60 < 0x100) and DEL, found without a byte loop
                let exact = (!(x.wrapping_add(ONES * 0x60) | x) | x.wrapping_add(ONES)) & HIGH;
                if exact != 0 {
                    return Some(i + exact.trailing_zeros() as usize / 8);
                }
            } else {
                // with non-ASCII bytes: the same test for the controls (the high bit kept
                // out of the sum), and the lead bytes and DEL by exact zero-byte tests
                // (each byte's low seven bits plus 0x7f stay below 0x100: no carry crosses)
                let zero = |y: u64| !((y & !HIGH).wrapping_add(!HIGH) | y) & HIGH;
                let below = !((x & !HIGH).wrapping_add(ONES * 0x60) | x) & HIGH;
                let exact = below
                    | zero(x ^ (ONES * 0x7f))
                    | zero(x ^ (ONES * 0xC2))
                    | zero((x | ONES) ^ (ONES * 0xE3)) // 0xE2 or 0xE3
                    | zero(x ^ (ONES * 0xEF));
                if exact != 0 {
                    return Some(i + exact.trailing_zeros() as usize / 8);
                }
            }
        }
        i += 8;
    }
    bytes.get(i..).and_then(|rest| rest.iter().position(|&b| special(b))).map(|k| i + k)
}

fn trim_trailing(out: &mut String) {
    let kept = out.trim_end_matches(' ').len();
    out.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> String {
        decode(bytes).map(|d| d.text.into_owned()).unwrap_or_else(|e| panic!("decode failed: {e}"))
    }

    #[test]
    fn strips_bom_and_normalises_line_ends() {
        assert_eq!(text(b"\xef\xbb\xbfa\r\nb\rc"), "a\nb\nc\n");
    }

    #[test]
    fn no_break_spaces_and_trailing_spaces_become_plain() {
        assert_eq!(text("17.25\u{a0}GMT  \nx".as_bytes()), "17.25 GMT\nx\n");
    }

    #[test]
    fn empty_and_blank_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t\r\n"), Err(DecodeError::Blank));
    }

    #[test]
    fn binary_formats_are_named() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(decode(png), Err(DecodeError::Binary { kind: "PNG image" }));
        assert!(matches!(decode(b"%PDF-1.7\n%\xe2\xe3"), Err(DecodeError::Binary { kind: "PDF document" })));
        assert!(matches!(decode(b"abc\0def"), Err(DecodeError::NotText { offset: 3 })));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "3.23pm BST\nHello".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "3.23pm BST\nHello\n");
        assert!(d.repairs[0].contains("UTF-16"));
    }

    #[test]
    fn latin1_is_read_as_windows_1252() {
        let d = decode(b"Caf\xe9 \x93quoted\x94\n").unwrap();
        assert_eq!(d.text, "Café “quoted”\n");
        assert_eq!(d.first_repair_line, Some(1));
        assert!(d.repairs[0].contains("Windows-1252"));
    }

    #[test]
    fn truncated_utf8_tail_is_replaced_with_a_note() {
        let d = decode("ok\ncaf\u{e9}".as_bytes().split_last().unwrap().1).unwrap();
        assert_eq!(d.text, "ok\ncaf\u{fffd}\n");
        assert_eq!(d.first_repair_line, Some(2));
    }

    #[test]
    fn mixed_invalid_utf8_is_decoded_lossily() {
        let bytes: Vec<u8> = "é ok \u{2019}".as_bytes().iter().copied().chain([0xff, b'x']).collect();
        let d = decode(&bytes).unwrap();
        assert!(d.text.contains('\u{fffd}'));
        assert!(d.repairs[0].contains("invalid UTF-8"));
    }

    #[test]
    fn control_bytes_count_word_by_word() {
        let mut text = "plain text line\n".repeat(40).into_bytes();
        text[100] = 0x01; // one stray control in 640 bytes is tolerated
        assert_eq!(binary_offset(&text), None);
        for at in [201, 333, 334, 335, 336, 337, 338, 339] {
            text[at] = 0x1b;
        }
        assert_eq!(binary_offset(&text), Some(100));
        assert_eq!(binary_offset(b"ab\x02"), Some(2));
        assert_eq!(binary_offset(b"tab\there\r\n\x0c"), None);
        // every byte value in every position of each word (both halves of a sixteen-byte block
        // and the rest): twenty-four bytes tolerate no control byte
        for b in 0..=255u8 {
            for at in 0..24 {
                let mut text = *b"abcdefghabcdefghabcdefgh";
                text[at] = b;
                let stray = b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c);
                assert_eq!(binary_offset(&text), if stray || b == 0 { Some(at) } else { None }, "byte {b} at {at}");
            }
        }
    }

    /// The word-at-a-time search finds the first special byte: every byte value at every
    /// position of three words and a tail, in ASCII and non-ASCII surroundings.
    #[test]
    fn next_special_is_a_byte_search() {
        let special = |b: u8| b < 0x20 || matches!(b, 0x7f | 0xC2 | 0xE2 | 0xE3 | 0xEF);
        for fill in [b'a', b' ', b'~', 0x80, 0xC3, 0xE2, 0x1f] {
            for b in 0..=255u8 {
                for at in 0..27 {
                    let mut bytes = [fill; 27];
                    bytes[at] = b;
                    for from in [0, 1, 5, 8, 9] {
                        let want = bytes.iter().skip(from).position(|&c| special(c)).map(|k| k + from);
                        assert_eq!(next_special(&bytes, from), want, "fill {fill} byte {b} at {at} from {from}");
                    }
                }
            }
        }
    }

    /// The stray controls counted while normalising give what [`binary_offset`] finds, on
    /// text with and without them (NULs, too many, too few, past the first 64 KiB).
    #[test]
    fn controls_counted_while_normalising_agree_with_binary_offset() {
        let mut cases: Vec<Vec<u8>> = vec![
            b"plain\n".to_vec(), b"a\x01b\n".to_vec(), b"\x01\x02\x03".to_vec(), b"ab\0cd".to_vec(), b"\x01abc\0".to_vec(),
            b"tab\there\r\n\x0c".to_vec(), "caf\u{e9}\x1b\u{a0}x\x1f".as_bytes().to_vec(), Vec::new(),
        ];
        let mut long = "plain text line\n".repeat(40).into_bytes();
        long[100] = 0x01;
        cases.push(long.clone());
        for at in [201, 333, 334] {
            long[at] = 0x1b;
        }
        cases.push(long.clone());
        let mut big = "x\u{2019}y \n".repeat(12_000).into_bytes();
        big[70_000] = 0;
        cases.push(big.clone());
        big[1000] = 0x02;
        cases.push(big.clone());
        for bytes in cases {
            let text = std::str::from_utf8(&bytes).unwrap_or_else(|e| panic!("{e}"));
            let mut controls = Controls::default();
            let _ = normalise_unterminated(text, &mut controls, &mut Vec::new());
            assert_eq!(controls.binary_offset(bytes.len()), binary_offset(&bytes), "{:?}", &text[..text.len().min(40)]);
        }
    }

    /// The earlier line-by-line, char-by-char normalisation: [`normalise`] must agree with it.
    fn line_by_line(text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 1);
        // Most lines of a saved page hold none of the bytes that start a character changed here:
        // those are copied whole; the others go character by character.
        let needs_care = |b: u8| (b < 0x20 && b != b'\n') || matches!(b, 0x7f | 0xC2 | 0xE2 | 0xE3 | 0xEF);
        for line in text.split_inclusive('\n') {
            let content = line.strip_suffix('\n').unwrap_or(line);
            if !content.bytes().any(needs_care) {
                out.push_str(content.trim_end_matches(' '));
            } else {
                chars_of_line(content, &mut out);
            }
            if line.ends_with('\n') {
                out.push('\n');
            }
        }
        trim_trailing(&mut out);
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }

    fn chars_of_line(line: &str, out: &mut String) {
        let mut copied = 0; // bytes of `line` already written to `out`
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let replacement = replacement(c, chars.peek().is_none());
            if let Some(with) = replacement {
                out.push_str(&line[copied..i]);
                copied = i + c.len_utf8();
                if let Some(r) = with {
                    if r == '\n' {
                        trim_trailing(out);
                    }
                    out.push(r);
                }
            }
        }
        out.push_str(&line[copied..]);
        trim_trailing(out);
    }


    /// The quick test of characters led by 0xE2 agrees with [`replacement`] on every one of them.
    #[test]
    fn changed_e2_characters_are_the_replaced_ones() {
        let mut changed = 0;
        for c in ('\u{2000}'..='\u{2FFF}').chain(['\u{a0}', 'a']) {
            let mut utf8 = [0u8; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            let quick = bytes[0] == 0xE2 && is_changed_e2(bytes.get(1..3));
            assert_eq!(quick, bytes[0] == 0xE2 && replacement(c, false).is_some(), "{c:?}");
            changed += usize::from(quick);
        }
        assert_eq!(changed, 12);
        // and the no-break space's quick path writes what it would
        assert_eq!(replacement('\u{a0}', false), Some(Some(' ')));
        assert_eq!(replacement('\u{a0}', true), Some(Some(' ')));
        assert!(!is_changed_e2(None) && !is_changed_e2(Some(&[0x80])));
    }

    #[test]
    fn one_pass_normalisation_agrees_with_line_by_line() {
        let cases = [
            "plain\nlines  \n",
            "a \r\n b\t\u{a0}\nlast",
            "x\r\ry\r",
            "\u{2028}start\u{2029}",
            "café ’quoted’ \u{200b}z \u{feff}\u{ad}-\u{2060}",
            "£5 \u{85}next \x7f\x01 ok\u{0c}\u{0b}",
            "   \n \u{3000}\u{2007}\u{202f}\u{2009}\u{200a}\u{2002}\u{2003}\n\u{9f}",
            "exactly8\nbytes ok\u{a0}\u{a0}",
            "no newline at all, quite a long line of text — with dashes – and “quotes” too ",
        ];
        for case in cases {
            assert_eq!(normalise(case), line_by_line(case), "{case:?}");
        }
        // text already normal is borrowed (or its start, when only trailing spaces at the
        // end go); a change anywhere else (first byte, last byte, a trailing space before a
        // line end) makes a copy
        for case in ["a\n", "\n", "plain\nlines\n\n", "caf\u{e9} \u{2019}q\u{2019} \u{a3}5\n", "x \ny\n", " \n", "a", "", "a\n ", "\ta\n", "a\u{a0}\n"] {
            let borrowed = matches!(normalise(case), Cow::Borrowed(_));
            assert_eq!(borrowed, case.starts_with(line_by_line(case).as_str()), "{case:?}");
            assert_eq!(normalise(case), line_by_line(case), "{case:?}");
        }
        // without the final newline, text that lacks only that (or has trailing spaces at its
        // end) is borrowed too
        for case in ["a", "", "a  ", "x\ny \t", "a\n\nb\n", "a \nb", "\u{a0}"] {
            let unterminated = normalise_unterminated(case, &mut Controls::default(), &mut Vec::new());
            assert_eq!(terminated(unterminated.clone()), line_by_line(case), "{case:?}");
            let normal_but_the_end = line_by_line(case).trim_end_matches('\n') == case.trim_end_matches([' ', '\n']);
            assert_eq!(matches!(unterminated, Cow::Borrowed(_)), normal_but_the_end, "{case:?}");
        }
        let mut long = String::new();
        for i in 0..200 {
            long.push_str(cases[i % cases.len()]);
            long.push_str(&"x ".repeat(i % 11));
        }
        assert_eq!(normalise(&long), line_by_line(&long));
        // the line ends found on the way are the output's line feeds
        for case in cases.iter().copied().chain([long.as_str(), "a \n\u{a0}\n \r\n\rb\u{2028}\r", "", "\n\n", "x\u{200b}\ny \t\n"]) {
            let mut line_ends = Vec::new();
            let text = normalise_unterminated(case, &mut Controls::default(), &mut line_ends);
            assert_eq!(line_ends, memchr::memchr_iter(b'\n', text.as_bytes()).collect::<Vec<_>>(), "{case:?}");
            let bytes = case.as_bytes().to_vec();
            if let Ok(decoded) = decode(&bytes) {
                assert_eq!(decoded.line_ends, memchr::memchr_iter(b'\n', decoded.text.as_bytes()).collect::<Vec<_>>(), "{case:?}");
            }
        }
    }
}
