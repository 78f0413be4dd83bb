//! One entry's text as tokens: words and punctuation with byte offsets, paragraphs (one per
//! line), sentences and quotations. Everything the analyser matches works on these tokens, so
//! word boundaries, possessives ("Hunt's"), curly quotes and NBSP are handled once, here.
//!
//! Invariant: token offsets index `Doc::text`, which is the title, a blank line, then the body,
//! so any token span slices verbatim text of the title or the body.

use std::hash::{BuildHasherDefault, Hasher};

use super::scratch::{self, reusable_fields, scratch_home};

/// A small, fast non-cryptographic hasher for word lookups (the std SipHash costs more than
/// the rest of a lookup on short keys).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

pub(crate) const NONE: u32 = u32::MAX;

/// `word_hash("i")`: the first-person pronoun, matched only as a capital "I".
const H_I: u32 = word_hash(b"i");
/// The other first-person words, with their hashes.
const FIRST_PERSON: [(u32, &str); 5] = [
    (word_hash(b"we"), "we"),
    (word_hash(b"my"), "my"),
    (word_hash(b"our"), "our"),
    (word_hash(b"me"), "me"),
    (word_hash(b"us"), "us"),
];

/// A 64-bit filter over a few words' [`word_hash`]es (bit `h % 64` of each): a token whose bit
/// is clear is none of them, answered with a shift and a test before any comparison.
pub(crate) const fn hash_filter(hashes: &[u32]) -> u64 {
    let mut filter = 0u64;
    let mut i = 0;
    while i < hashes.len() {
        filter |= 1 << (hashes[i] % 64);
        i += 1;
    }
    filter
}

/// False when the word with hash `h` is none of the words of `filter` (see [`hash_filter`]).
#[inline(always)]
pub(crate) fn may_be_one_of(filter: u64, h: u32) -> bool {
    filter >> (h % 64) & 1 != 0
}

/// A short list of lowercase words matched against word tokens, its [`hash_filter`] tested
/// before the list: most tokens are turned away with a shift instead of a comparison with
/// each word. `has` answers `words.contains(&doc.lower(k))`.
pub(crate) struct FewWords {
    pub words: &'static [&'static str],
    filter: u64,
}

impl FewWords {
    pub const fn new(words: &'static [&'static str]) -> FewWords {
        let mut filter = 0u64;
        let mut i = 0;
        while i < words.len() {
            filter |= 1 << (word_hash(words[i].as_bytes()) % 64);
            i += 1;
        }
        FewWords { words, filter }
    }

    /// True when token `k` is one of the words (a token that is not a word never is: its
    /// lowercase text is empty).
    #[inline(always)]
    pub fn has(&self, doc: &Doc, k: u32) -> bool {
        may_be_one_of(self.filter, doc.toks.as_slice()[k as usize].h) && self.words.contains(&doc.lower(k))
    }
}

/// [`hash_filter`] of "I" and the [`FIRST_PERSON`] words.
const FIRST_PERSON_FILTER: u64 = hash_filter(&[
    H_I,
    FIRST_PERSON[0].0,
    FIRST_PERSON[1].0,
    FIRST_PERSON[2].0,
    FIRST_PERSON[3].0,
    FIRST_PERSON[4].0,
]);

/// The hash each word token carries, over its lowercased bytes. It takes eight bytes per
/// step (most words hash in one or two multiplications) and is computed once the word's
/// lowercase form is known, so the tokenizer's byte loop carries no hash dependency chain.
/// A `const fn` so fixed words hash at compile time. Only ever compared with other hashes of
/// this function (a cheap reject before a string comparison), never persisted or shown.
pub(crate) const fn word_hash(lower: &[u8]) -> u32 {
    word_hash_on(lower.len() as u64, lower)
}

/// [`word_hash`]'s steps from state `h` over `rest`: `word_hash(word)` is
/// `word_hash_on(word.len(), word)`, and a caller that has mixed in a word's first eight bytes
/// already goes on with the others.
const fn word_hash_on(mut h: u64, mut rest: &[u8]) -> u32 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(*chunk)).wrapping_mul(K);
        rest = tail;
    }
    // the last one to seven bytes, zero-padded to eight (the length is already in the hash,
    // so the padding is unambiguous): the form the tokenizer has in a register ([`short_word_hash`])
    if !rest.is_empty() {
        h = (h.rotate_left(5) ^ tail_bytes(rest)).wrapping_mul(K);
    }
    (h >> 32) as u32
}

/// One to seven bytes as a little-endian `u64`, zero-padded, in at most three loads: two
/// overlapping four-byte ones from four bytes, else bytes 0, `n / 2` and `n - 1`.
const fn tail_bytes(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        let first = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
        let last = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]) as u64;
        // bytes 4..n are the top n - 4 bytes of `last`
        first | (last >> (8 * (8 - n))) << 32
    } else {
        (rest[0] as u64) | (rest[n / 2] as u64) << (8 * (n / 2)) | (rest[n - 1] as u64) << (8 * (n - 1))
    }
}

/// The high bit of each byte of `v` (eight bytes, little-endian) that is not a lowercase ASCII
/// letter.
#[inline(always)]
fn not_lowercase(v: u64) -> u64 {
    not_between(v, b'a', b'z')
}

/// The high bit of each byte of `v` (eight bytes, little-endian) that is not an ASCII byte in
/// `lo..=hi`.
#[inline(always)]
fn not_between(v: u64, lo: u8, hi: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // per byte, without carries between bytes (high bits cleared first): the high bit of
    // `at_least_lo` is set when the byte is >= `lo`, that of `above_hi` when it is > `hi`
    let low7 = v & !HIGH;
    let at_least_lo = low7 + ONES * (0x80 - lo as u64);
    let above_hi = low7 + ONES * (0x80 - hi as u64 - 1);
    !(at_least_lo & !above_hi & !v) & HIGH
}

/// [`word_hash`] of the first `n` bytes of `v` (eight bytes, little-endian), `1 <= n <= 7`:
/// the same steps on bytes already in a register.
#[inline(always)]
fn short_word_hash(v: u64, n: usize) -> u32 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    // the word's bytes, zero-padded: [`tail_bytes`] of them
    let mixed = v & ((1u64 << (8 * n)) - 1);
    (((n as u64).rotate_left(5) ^ mixed).wrapping_mul(K) >> 32) as u32
}

/// [`word_hash`] of the first `n` bytes of `v` (eight bytes, little-endian), `1 <= n <= 8`:
/// [`short_word_hash`], or for eight bytes the one whole chunk [`word_hash`] takes.
#[inline(always)]
fn word_hash_of(v: u64, n: usize) -> u32 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    if n < 8 {
        short_word_hash(v, n)
    } else {
        (((8u64).rotate_left(5) ^ v).wrapping_mul(K) >> 32) as u32
    }
}

/// How many bytes at the start of `bytes` are lowercase ASCII letters, eight at a time (SWAR):
/// most of a word's bytes are, and the tokenizer skips them without looking at each.
fn lowercase_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..).and_then(|b| b.first_chunk::<8>()) {
        let other = not_lowercase(u64::from_le_bytes(*chunk));
        if other != 0 {
            return n + (other.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    while n < bytes.len() && bytes[n].is_ascii_lowercase() {
        n += 1;
    }
    n
}

/// Tokenizes, from the space at `i`, the lowercase ASCII words that each follow one space
/// (`" the strike was"`), and while nine bytes are left the capitalised ones too (`" Hunt"`:
/// a capital, then lowercase ASCII) and commas right after a word, as [`Doc::tokenize`]
/// would: words of paragraph `para` and sentence `sent`, spaced, no boundary before them.
/// Call it only right after a token, inside a sentence (no end mark pending): such words then
/// start no paragraph or sentence. Returns where it stopped: at the space before something
/// else, or after the last word if no space follows. Acronyms and numbers of up to eight bytes are
/// taken too ([`acronym_or_number`]). Words that pass `starts`' filter are listed there too (see [`Doc::starts`]),
/// capitalised ones in `caps` ([`Doc::caps`]), with their lowercase form added to `low`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn lowercase_words(
    text: &str,
    mut i: usize,
    toks: &mut Vec<Tok>,
    starts: &mut Starts,
    low: &mut String,
    caps: &mut Vec<u32>,
    para: u32,
    sent: u32,
) -> usize {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let bytes = text.as_bytes();
    // While nine bytes are left, the space and the eight after it are one bounds test and one
    // load: most words end within those eight bytes, already in a register. The text's last
    // few bytes take the loop after this one.
    while let Some(&[space, ref word @ ..]) = bytes.get(i..i + 9).and_then(<[u8]>::first_chunk::<9>) {
        if space != b' ' {
            if space == b',' {
                // a comma right after a word ("said, the"): a punctuation token ending nothing
                let (s, ls) = (i as u32, low.len() as u32);
                toks.push(Tok { s, e: s + 1, ls, le: ls, p: ',', raw: ',', flags: 0, para, sent, h: 0 });
                i += 1;
                continue;
            }
            return i;
        }
        let v = u64::from_le_bytes(*word);
        let other = not_lowercase(v);
        let (n, h) = if other != 0 {
            let n = (other.trailing_zeros() / 8) as usize;
            if n == 0 {
                // not a lowercase word: a capitalised one, an acronym or a number, or the end of the run
                let (n, flags, ls, le, h) = match capitalised_word(text, i + 1, v, low) {
                    Some((n, ls, h)) => (n, WORD | CAP, ls, low.len() as u32, h),
                    None if fast_paths() => {
                        let Some(word) = acronym_or_number(bytes, i + 1, v, low) else { return i };
                        word
                    }
                    None => return i,
                };
                let k = toks.len() as u32;
                if flags & CAP != 0 {
                    caps.push(k);
                }
                starts.note(k, h);
                let (s, e) = ((i + 1) as u32, (i + 1 + n) as u32);
                toks.push(Tok { s, e, ls, le, p: '\0', raw: '\0', flags: flags | SPACE, para, sent, h });
                i += 1 + n;
                continue;
            }
            if word_goes_on((v >> (8 * n)) as u8) {
                return i;
            }
            (n, short_word_hash(v, n))
        } else {
            // eight lowercase letters, maybe more: they are the hash's first chunk
            let rest = bytes.get(i + 9..).unwrap_or_default();
            let n = 8 + lowercase_run(rest);
            if bytes.get(i + 1 + n).is_some_and(|&b| word_goes_on(b)) {
                return i;
            }
            (n, word_hash_on(((n as u64).rotate_left(5) ^ v).wrapping_mul(K), rest.get(..n - 8).unwrap_or_default()))
        };
        push_lowercase_word(toks, starts, i + 1, i + 1 + n, h, para, sent);
        i += 1 + n;
    }
    while bytes.get(i) == Some(&b' ') {
        let after = bytes.get(i + 1..).unwrap_or_default();
        let n = lowercase_run(after);
        if n == 0 || after.get(n).is_some_and(|&b| word_goes_on(b)) {
            break;
        }
        push_lowercase_word(toks, starts, i + 1, i + 1 + n, word_hash(&after[..n]), para, sent);
        i += 1 + n;
    }
    i
}

/// The capitalised ASCII word at `at` ("Hunt": a capital, then lowercase letters, then a byte
/// that ends a word), whose first eight bytes are `v`: its length, where its lowercase form
/// starts in `low` (appended there), and its hash; `None`, adding nothing, when the word at
/// `at` is not one. The same token as [`Doc::tokenize`]'s capitalised words make.
#[inline(always)]
fn capitalised_word(text: &str, at: usize, v: u64, low: &mut String) -> Option<(usize, u32, u32)> {
    let bytes = text.as_bytes();
    if !(v as u8).is_ascii_uppercase() {
        return None;
    }
    let tail = not_lowercase(v) & !0x80;
    let n = if tail != 0 { (tail.trailing_zeros() / 8) as usize } else { 8 + lowercase_run(bytes.get(at + 8..).unwrap_or_default()) };
    if bytes.get(at + n).is_some_and(|&b| word_goes_on(b)) {
        return None;
    }
    let ls = low.len();
    low.push((v as u8).to_ascii_lowercase() as char);
    low.push_str(text.get(at + 1..at + n).unwrap_or_default());
    let h = if n <= 8 { word_hash_of(v | 0x20, n) } else { word_hash(low.as_bytes().get(ls..).unwrap_or_default()) };
    Some((n, ls as u32, h))
}

/// The acronym ("NHS": two or more capitals, nothing else) or the number ("2016": digits
/// only) at `at`, whose first eight bytes are `v`, when it ends within them or right after
/// them at a byte that ends a word: its length, flags, where its lowercase form is in `low`
/// (an acronym's, appended there; `NONE` for a number, its own lowercase form) and its hash.
/// `None`, adding nothing, for any other word. After lowercase and capitalised words these
/// are the most frequent ones, and the general loop in [`Doc::tokenize`] takes them a byte at
/// a time; this makes the same token from the register.
#[inline(always)]
fn acronym_or_number(bytes: &[u8], at: usize, v: u64, low: &mut String) -> Option<(usize, u8, u32, u32, u32)> {
    let number = (v as u8).is_ascii_digit();
    let other = if number { not_between(v, b'0', b'9') } else { not_between(v, b'A', b'Z') };
    let n = if other != 0 { (other.trailing_zeros() / 8) as usize } else { 8 };
    // one capital is a capitalised word (no `UPPER`), taken before this
    if n < 2 - number as usize || if n < 8 { word_goes_on((v >> (8 * n)) as u8) } else { bytes.get(at + 8).is_some_and(|&b| word_goes_on(b)) } {
        return None;
    }
    // a digit's byte has the case bit of letters set already: one OR lowercases either
    let lower = v | 0x2020_2020_2020_2020;
    let h = word_hash_of(lower, n);
    if number {
        return Some((n, WORD | DIGIT, NONE, NONE, h));
    }
    let ls = low.len();
    low.extend(lower.to_le_bytes().iter().take(n).map(|&b| b as char));
    Some((n, WORD | CAP | UPPER, ls as u32, low.len() as u32, h))
}

/// Appends the lowercase ASCII word `[s, e)` of hash `h` after one space (see
/// [`lowercase_words`]), listing it in `starts` if it passes the filter.
#[inline(always)]
fn push_lowercase_word(toks: &mut Vec<Tok>, starts: &mut Starts, s: usize, e: usize, h: u32, para: u32, sent: u32) {
    starts.note(toks.len() as u32, h);
    toks.push(Tok { s: s as u32, e: e as u32, ls: NONE, le: NONE, p: '\0', raw: '\0', flags: WORD | SPACE, para, sent, h });
}

/// String equality for words without a call to `memcmp` (most words are under nine bytes):
/// the lengths, then at most two overlapping four-byte loads per side. Taken as bytes:
/// [`Doc::lower_bytes`] and [`Doc::raw_bytes`] slice without checking char boundaries.
#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        // bytes 0, n / 2 and n - 1 cover every byte of one to three
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        // the first four and the last four cover every byte of four to eight
        4..=8 => a.first_chunk::<4>() == b.first_chunk::<4>() && a.last_chunk::<4>() == b.last_chunk::<4>(),
        _ => a == b,
    }
}

/// A hash index of words keyed by [`word_hash`] of their lowercase form, probed with a
/// token's precomputed hash: no hashing at lookup time.
#[derive(Debug, Clone)]
pub(crate) struct WordIndex<V> {
    slots: Vec<u32>,
    entries: Vec<IndexEntry<V>>,
    /// A bit per [`filter_bit`] of the words' hashes: most tokens are in no index, and one
    /// well-predicted bit test turns them away before the probe (whose empty-or-not branch
    /// at half load the processor cannot predict).
    filter: [u64; FILTER_WORDS],
}

pub(crate) const FILTER_WORDS: usize = 64;

/// The filter word and bit for a word hash (4,096 bits, from the hash's high bits; the slots
/// use its low bits).
#[inline(always)]
fn filter_bit(h: u32) -> (usize, u64) {
    let bit = (h >> 20) as usize % (FILTER_WORDS * 64);
    (bit / 64, 1 << (bit % 64))
}

/// A [`WordIndex`]'s filter (see `WordIndex::filter`): the tokenizer tests each word against
/// a lexicon's first-word filter as it makes it ([`Doc::with_starts`]).
pub(crate) type WordFilter = [u64; FILTER_WORDS];

/// Sets the bit of [`word_hash`] `h` in `filter`.
pub(crate) fn filter_add(filter: &mut WordFilter, h: u32) {
    let (word_at, bit) = filter_bit(h);
    filter[word_at] |= bit;
}

/// False when no word of [`word_hash`] `h` was added to `filter` ([`filter_add`]).
#[inline(always)]
pub(crate) fn filter_has(filter: &WordFilter, h: u32) -> bool {
    let (word_at, bit) = filter_bit(h);
    filter[word_at] & bit != 0
}

/// The word tokens that pass a [`WordFilter`], listed as the tokenizer makes them: the words a
/// lexicon scan looks up, without a pass of its own over every token to find them.
struct Starts<'f> {
    filter: &'f WordFilter,
    list: Vec<u32>,
}

impl Starts<'_> {
    /// Lists word token `k`, of hash `h`, if it passes the filter.
    #[inline(always)]
    fn note(&mut self, k: u32, h: u32) {
        if filter_has(self.filter, h) {
            self.list.push(k);
        }
    }
}

/// (hash, lowercase word, exact form when case-sensitive, value).
type IndexEntry<V> = (u32, Box<str>, Option<Box<str>>, V);

impl<V> Default for WordIndex<V> {
    fn default() -> Self {
        WordIndex { slots: vec![NONE; 16], entries: Vec::new(), filter: [0; FILTER_WORDS] }
    }
}

impl<V> WordIndex<V> {
    /// Adds `word`; with `exact`, a lookup must also match this form's case.
    pub fn insert(&mut self, word: &str, exact: bool, v: V) -> usize {
        let lower = word.to_lowercase();
        let h = word_hash(lower.as_bytes());
        let form = if exact { Some(Box::from(word)) } else { None };
        if let Some(i) = self.entries.iter().position(|(eh, l, f, _)| *eh == h && **l == *lower && *f == form) {
            return i;
        }
        filter_add(&mut self.filter, h);
        self.entries.push((h, lower.into(), form, v));
        if self.entries.len() * 2 > self.slots.len() {
            self.rehash(self.slots.len() * 2);
        } else {
            let i = self.entries.len() - 1;
            self.place(i);
        }
        self.entries.len() - 1
    }

    fn rehash(&mut self, cap: usize) {
        self.slots = vec![NONE; cap];
        for i in 0..self.entries.len() {
            self.place(i);
        }
    }

    fn place(&mut self, i: usize) {
        let mask = self.slots.len() - 1;
        let mut at = self.entries[i].0 as usize & mask;
        while self.slots[at] != NONE {
            at = (at + 1) & mask;
        }
        self.slots[at] = i as u32;
    }

    /// False when token `k` is certainly not in the index (not a word, or its filter bit is
    /// clear): the first test of [`Self::get`], for callers that inline only this.
    #[inline(always)]
    pub fn may_hold(&self, doc: &Doc, k: u32) -> bool {
        doc.toks.get(k as usize).is_some_and(|t| t.is_word() && filter_has(&self.filter, t.h))
    }

    /// The value of token `k`'s word: the filter, then the probe. (The analyser's lookups test
    /// the filter inline and then probe; the tests compare those with this.)
    #[cfg(test)]
    pub fn get<'s>(&'s self, doc: &'s Doc, k: u32) -> Option<&'s V> {
        let t = doc.toks.get(k as usize)?;
        if !t.is_word() || !filter_has(&self.filter, t.h) {
            return None;
        }
        self.get_word(doc, k)
    }

    /// [`Self::get`] of word token `k` without the filter (for callers that tested it): the
    /// probe alone, which finds nothing for a word the filter turns away.
    #[inline(always)]
    pub fn get_word<'s>(&'s self, doc: &'s Doc, k: u32) -> Option<&'s V> {
        let t = doc.toks.get(k as usize)?;
        let mask = self.slots.len() - 1;
        let mut at = t.h as usize & mask;
        loop {
            let slot = self.slots.as_slice()[at];
            if slot == NONE {
                return None;
            }
            at = (at + 1) & mask;
            let (eh, l, f, v) = &self.entries.as_slice()[slot as usize];
            if *eh == t.h
                && same_bytes(l.as_bytes(), doc.lower_bytes(k))
                && f.as_deref().is_none_or(|f| same_bytes(f.as_bytes(), doc.raw_bytes(k)))
            {
                return Some(v);
            }
        }
    }
}

/// A set of words matched against tokens, case-insensitively or by exact form.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordSet(WordIndex<()>);

impl WordSet {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a String>, exact: bool) -> WordSet {
        let mut ix = WordIndex::default();
        for w in words {
            ix.insert(w, exact, ());
        }
        WordSet(ix)
    }

    /// Inlined up to the filter, which turns most tokens away; the probe is a call.
    #[inline(always)]
    pub fn has(&self, doc: &Doc, k: u32) -> bool {
        self.0.may_hold(doc, k) && self.probe(doc, k)
    }

    /// [`WordIndex::get`] of a token that passed [`WordIndex::may_hold`]: the probe alone.
    #[inline(never)]
    fn probe(&self, doc: &Doc, k: u32) -> bool {
        self.0.get_word(doc, k).is_some()
    }
}

/// ASCII byte classes for the tokenizer: one table lookup instead of a chain of comparisons
/// (bytes from 0x80 have no class but [`GOES_ON_B`]: the tokenizer decodes their character).
const LOWER_B: u8 = 1;
const UPPER_B: u8 = 2;
const DIGIT_B: u8 = 4;
const SPACE_B: u8 = 8;
const ALNUM_B: u8 = LOWER_B | UPPER_B | DIGIT_B;
/// A byte after which a run of lowercase letters may not be a whole word ([`word_goes_on`]).
const GOES_ON_B: u8 = 16;

static ASCII_CLASS: [u8; 256] = {
    let mut table = [GOES_ON_B; 256];
    let mut b = 0;
    while b < 0x80 {
        table[b] = match b as u8 {
            b'a'..=b'z' => LOWER_B | GOES_ON_B,
            b'A'..=b'Z' => UPPER_B | GOES_ON_B,
            b'0'..=b'9' => DIGIT_B | GOES_ON_B,
            b'-' => GOES_ON_B,
            b' ' | b'\t'..=b'\r' => SPACE_B,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// False when a word certainly ends before byte `b`: `b` is ASCII, neither a letter, a digit
/// nor a hyphen. One table lookup (the fast paths test it after each run of lowercase letters).
#[inline(always)]
fn word_goes_on(b: u8) -> bool {
    ASCII_CLASS[b as usize] & GOES_ON_B != 0
}

/// Whether the tokenizer takes acronyms and numbers in their fast path ([`acronym_or_number`]),
/// and words before a curly mark in theirs ([`word_ends_at`]): always, but a test turns it off
/// to compare them with the general loop.
#[inline(always)]
fn fast_paths() -> bool {
    #[cfg(test)]
    return tests::FAST_PATHS.with(std::cell::Cell::get);
    #[cfg(not(test))]
    true
}

/// Whether a word ends before byte `at` of `bytes`: at the text's end, at an ASCII byte that
/// is not a letter, a digit or a hyphen ([`word_goes_on`]), or at a frequent three-byte mark
/// that follows words ("’", "”", "—", "…": those of [`is_common_punct`] from U+2010 but '‑',
/// which joins words), which the general loop would otherwise decode to find the same end.
#[inline(always)]
fn word_ends_at(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at) {
        None => true,
        Some(&0xe2) => fast_paths() && matches!(bytes.get(at + 1..at + 3), Some(&[0x80, 0x90 | 0x93..=0x95 | 0x98..=0x9a | 0x9c..=0x9e | 0xa6 | 0xb2])),
        Some(&b) => !word_goes_on(b),
    }
}

/// Token flags.
pub(crate) const CAP: u8 = 1; // first character uppercase
pub(crate) const UPPER: u8 = 2; // two or more letters, all uppercase (an acronym)
pub(crate) const DIGIT: u8 = 4; // contains a digit
pub(crate) const SPACE: u8 = 8; // whitespace before it
pub(crate) const NEWLINE: u8 = 16; // a line break before it
pub(crate) const WORD: u8 = 32; // a word (else punctuation)

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub s: u32,
    pub e: u32,
    /// Lowercased text in `Doc::low` (words only).
    pub ls: u32,
    pub le: u32,
    /// Normalised punctuation: `"` for any double quote, `'` for any single quote or
    /// apostrophe, `-` for any dash; `\0` for words.
    pub p: char,
    /// The character as written (for quote direction).
    pub raw: char,
    pub flags: u8,
    pub para: u32,
    pub sent: u32,
    /// [`word_hash`] of the lowercased text (words only), so lookups never rehash.
    pub h: u32,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        self.flags & WORD != 0
    }
    pub fn cap(&self) -> bool {
        self.flags & CAP != 0
    }
    pub fn upper(&self) -> bool {
        self.flags & UPPER != 0
    }
    pub fn digit(&self) -> bool {
        self.flags & DIGIT != 0
    }
    pub fn spaced(&self) -> bool {
        self.flags & (SPACE | NEWLINE) != 0
    }
}

/// A quotation: tokens strictly between `open` and `close` (`close` is the closing mark, or
/// the paragraph's end when the quote runs on).
#[derive(Debug, Clone, Copy)]
pub(crate) struct QuoteSpan {
    pub open: u32,
    pub close: u32,
    pub closed: bool,
    pub para: u32,
    /// Continues an unclosed quote of the previous paragraph (BBC's multi-paragraph quotes).
    pub continues: bool,
}

impl QuoteSpan {
    pub fn first(&self) -> u32 {
        self.open + 1
    }
}

pub(crate) struct Doc<'a> {
    pub text: std::borrow::Cow<'a, str>,
    /// Hot loops index `toks.as_slice()`: `Vec`'s `Index` stays an out-of-line call at the
    /// release profile's opt-level "z", a slice index is inline.
    pub toks: Vec<Tok>,
    pub low: String,
    /// Tokens `[0, title_end)` are the title.
    pub title_end: u32,
    /// Token ranges `[start, end)` per paragraph (one per non-empty line).
    pub paras: Vec<(u32, u32)>,
    /// Token ranges per sentence.
    pub sents: Vec<(u32, u32)>,
    pub quotes: Vec<QuoteSpan>,
    /// Per token: the index of the quote it is inside, or `NONE`.
    pub in_quote: Vec<u32>,
    /// Indices of the quote-mark tokens (from the tokenizer, for [`Self::find_quotes`]).
    marks: Vec<u32>,
    /// Indices of the capitalised word tokens ([`CAP`]), in order: the passes that look for
    /// names visit these instead of every token.
    pub caps: Vec<u32>,
    /// Indices of the word tokens that pass `start_filter`, in order (empty without one).
    pub starts: Vec<u32>,
    /// The filter `starts` was listed with ([`Self::with_starts`]), if any.
    pub start_filter: Option<&'a WordFilter>,
    /// A recycled text buffer this document did not need (its text is borrowed), kept to be
    /// handed on with the others when it is dropped.
    unused_text: String,
    /// Where its buffers came from and go back to.
    home: &'static scratch::Home<DocBuffers>,
}

/// A dropped [`Doc`]'s buffers, kept for the next one on the same thread: analysing a corpus
/// then allocates its token tables about once, not once per entry (the token table is an
/// entry's largest allocation, and large allocations are the allocator's slow path).
#[derive(Default)]
struct DocBuffers {
    text: String,
    toks: Vec<Tok>,
    low: String,
    paras: Vec<(u32, u32)>,
    sents: Vec<(u32, u32)>,
    quotes: Vec<QuoteSpan>,
    in_quote: Vec<u32>,
    marks: Vec<u32>,
    caps: Vec<u32>,
    starts: Vec<u32>,
}

reusable_fields!(DocBuffers { text, toks, low, paras, sents, quotes, in_quote, marks, caps, starts });

scratch_home!(SPARE_BUFFERS: DocBuffers);
// The buffers of a document made while another is alive (a candidate's role is tokenized
// while its entry's document is, by `Analyzer::camp_of_role`): sharing the one home, each
// such document started from empty buffers (about eight allocations and their growth) and
// its entry's document then freed them.
scratch_home!(NESTED_BUFFERS: DocBuffers);

thread_local! {
    /// How many documents are alive on this thread: the first takes [`SPARE_BUFFERS`], the
    /// others [`NESTED_BUFFERS`].
    static LIVE_DOCS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The home of the buffers for a new document, counted as alive until [`doc_dropped`].
fn home_for_new_doc() -> &'static scratch::Home<DocBuffers> {
    let alive = LIVE_DOCS.try_with(|n| n.replace(n.get().saturating_add(1))).unwrap_or(0);
    if alive == 0 {
        &SPARE_BUFFERS
    } else {
        &NESTED_BUFFERS
    }
}

/// Counts a document made with [`home_for_new_doc`] as gone.
fn doc_dropped() {
    let _ = LIVE_DOCS.try_with(|n| n.set(n.get().saturating_sub(1)));
}

impl Drop for Doc<'_> {
    fn drop(&mut self) {
        let text = match std::mem::take(&mut self.text) {
            std::borrow::Cow::Owned(text) => text,
            std::borrow::Cow::Borrowed(_) => std::mem::take(&mut self.unused_text),
        };
        let spare = DocBuffers {
            text,
            toks: std::mem::take(&mut self.toks),
            low: std::mem::take(&mut self.low),
            paras: std::mem::take(&mut self.paras),
            sents: std::mem::take(&mut self.sents),
            quotes: std::mem::take(&mut self.quotes),
            in_quote: std::mem::take(&mut self.in_quote),
            marks: std::mem::take(&mut self.marks),
            caps: std::mem::take(&mut self.caps),
            starts: std::mem::take(&mut self.starts),
        };
        scratch::give_back(self.home, spare);
        doc_dropped();
    }
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREV: &[&str] = &["dr", "mr", "mrs", "ms", "st", "prof", "jr", "sr", "vs", "rev", "gen", "sgt", "cllr", "mt", "e.g", "i.e", "etc"];

/// Curly quotes, dashes and the ellipsis: frequent non-ASCII characters that are neither
/// letters, digits nor whitespace, answered without the Unicode tables.
#[inline]
fn is_common_punct(c: char) -> bool {
    matches!(c, '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '′' | '‚' | '–' | '—' | '‐' | '‑' | '―' | '…')
}

fn norm_punct(c: char) -> char {
    match c {
        '"' | '“' | '”' | '„' | '«' | '»' => '"',
        '\'' | '‘' | '’' | 'ʼ' | '′' | '‚' => '\'',
        '-' | '–' | '—' | '‐' | '‑' | '―' => '-',
        '…' => '.',
        _ => c,
    }
}

/// The most tokens a sentence holds before [`Doc::split_long_sentences`] cuts it. The analysis
/// looks back over a sentence from each speech verb and subject, so text with no full stops
/// (a page pasted with its punctuation lost, say) made it quadratic: a line of 1 MB took 18 s.
/// Real sentences are far shorter.
pub(crate) const MAX_SENTENCE_TOKENS: u32 = 400;

/// Paragraph and sentence boundaries, found as the tokenizer appends tokens (one pass over
/// the text instead of one more over the tokens).
struct Boundaries<'f> {
    paras: Vec<(u32, u32)>,
    para_start: u32,
    sents: Vec<(u32, u32)>,
    sent_start: u32,
    /// The current sentence has seen its end mark: the next spaced token starts a new one.
    sent_end_pending: bool,
    /// [`Doc::caps`]: every capitalised word passes here (the run of lowercase words has none).
    caps: Vec<u32>,
    /// [`Doc::starts`] (the run of lowercase words lists its own).
    starts: Starts<'f>,
}

impl Boundaries<'_> {
    /// Appends `tok` to `toks`, closing the paragraph and sentence before it when it starts
    /// new ones, and setting its sentence. `text` and `low` are the document's text and
    /// lowercase buffer so far (for the abbreviation before a full stop).
    #[inline(always)]
    fn push(&mut self, toks: &mut Vec<Tok>, mut tok: Tok, text: &str, low: &str) {
        let k = toks.len() as u32;
        let prev = toks.last();
        if prev.is_some_and(|p| p.para != tok.para) {
            self.paras.push((self.para_start, k));
            self.para_start = k;
        }
        let mut brk = prev.is_some_and(|p| p.para != tok.para);
        if !brk && self.sent_end_pending {
            if !tok.is_word() && !tok.spaced() && (tok.p == '"' || tok.p == '\'' || tok.p == ')' || tok.p == '.') {
                // closing quote or bracket stays with its sentence
            } else if tok.spaced() {
                brk = true;
                self.sent_end_pending = false;
            } else {
                self.sent_end_pending = false;
            }
        }
        if brk {
            if k > self.sent_start {
                self.sents.push((self.sent_start, k));
            }
            self.sent_start = k;
            self.sent_end_pending = false;
        }
        tok.sent = self.sents.len() as u32;
        if matches!(tok.p, '.' | '!' | '?') {
            let abbrev = tok.p == '.'
                && !tok.spaced()
                && prev.is_some_and(|p| {
                    let lower = if p.ls == NONE { text.get(p.s as usize..p.e as usize) } else { low.get(p.ls as usize..p.le as usize) };
                    p.is_word() && ABBREV.contains(&lower.unwrap_or_default())
                });
            if !abbrev {
                self.sent_end_pending = true;
            }
        }
        if tok.flags & CAP != 0 {
            self.caps.push(k);
        }
        if tok.is_word() {
            self.starts.note(k, tok.h);
        }
        toks.push(tok);
    }

    /// Closes the last paragraph and sentence of `n` tokens.
    fn finish(&mut self, n: u32) {
        if n > 0 {
            self.paras.push((self.para_start, n));
        }
        if n > self.sent_start {
            self.sents.push((self.sent_start, n));
        }
    }
}

/// The filter of no words: a document made with it lists no [`Doc::starts`].
static NO_WORDS: WordFilter = [0; FILTER_WORDS];

impl<'a> Doc<'a> {
    pub fn new(title: Option<&'a str>, body: &'a str) -> Doc<'a> {
        Self::make(title, body, None)
    }

    /// [`Self::new`], listing in [`Self::starts`] the words that pass `filter` (a lexicon's
    /// first-word filter, which its scan then need not test on every token).
    pub fn with_starts(title: Option<&'a str>, body: &'a str, filter: &'a WordFilter) -> Doc<'a> {
        Self::make(title, body, Some(filter))
    }

    fn make(title: Option<&'a str>, body: &'a str, start_filter: Option<&'a WordFilter>) -> Doc<'a> {
        let home = home_for_new_doc();
        let mut spare = scratch::take(home);
        let (text, title_len) = match title {
            Some(t) if !t.trim().is_empty() => {
                let mut s = std::mem::take(&mut spare.text);
                s.clear();
                s.reserve(t.len() + body.len() + 2);
                s.push_str(t);
                s.push_str("\n\n");
                s.push_str(body);
                (std::borrow::Cow::Owned(s), t.len() + 2)
            }
            _ => (std::borrow::Cow::Borrowed(body), 0),
        };
        let mut doc = Doc {
            unused_text: spare.text,
            text,
            toks: spare.toks,
            low: spare.low,
            title_end: 0,
            paras: spare.paras,
            sents: spare.sents,
            quotes: spare.quotes,
            in_quote: spare.in_quote,
            marks: spare.marks,
            caps: spare.caps,
            starts: spare.starts,
            start_filter,
            home,
        };
        doc.tokenize(title_len);
        if doc.sents.iter().any(|&(s, e)| e - s > MAX_SENTENCE_TOKENS) {
            doc.split_long_sentences();
        }
        doc.find_quotes();
        doc
    }

    /// Splits the text into tokens, paragraphs and sentences, and lists the quote marks (for
    /// [`Self::find_quotes`]).
    fn tokenize(&mut self, title_len: usize) {
        let text: &str = &self.text;
        let bytes = text.as_bytes();
        let mut marks = std::mem::take(&mut self.marks);
        marks.clear();
        let mut toks = std::mem::take(&mut self.toks);
        toks.clear();
        toks.reserve(text.len() / 3 + 8);
        let mut low = std::mem::take(&mut self.low);
        low.clear();
        let mut bounds = Boundaries {
            paras: std::mem::take(&mut self.paras),
            para_start: 0,
            sents: std::mem::take(&mut self.sents),
            sent_start: 0,
            sent_end_pending: false,
            caps: std::mem::take(&mut self.caps),
            starts: Starts { filter: self.start_filter.unwrap_or(&NO_WORDS), list: std::mem::take(&mut self.starts) },
        };
        bounds.paras.clear();
        bounds.sents.clear();
        bounds.caps.clear();
        bounds.starts.list.clear();
        let mut i = 0usize;
        let mut flags_pending = 0u8;
        let mut para: u32 = 0;
        let mut para_has_tokens = false;
        let mut title_end = None;
        // inside a hashtag, camel case splits words: "#JuniorDoctorsStrike"
        let mut hashtag = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b' ' {
                hashtag = false;
                if flags_pending == 0 && para_has_tokens && !bounds.sent_end_pending {
                    // right after a token, inside a sentence: the run of lowercase words that
                    // usually follows, each after one space, in a loop of its own
                    let sent = bounds.sents.len() as u32;
                    i = lowercase_words(text, i, &mut toks, &mut bounds.starts, &mut low, &mut bounds.caps, para, sent);
                    if bytes.get(i) != Some(&b' ') {
                        continue;
                    }
                }
                flags_pending |= SPACE;
                i += 1;
                continue;
            }
            let class = ASCII_CLASS[b as usize];
            if class & SPACE_B != 0 {
                hashtag = false;
                if b == b'\n' {
                    flags_pending |= NEWLINE;
                    if para_has_tokens {
                        para += 1;
                        para_has_tokens = false;
                    }
                } else {
                    flags_pending |= SPACE;
                }
                i += 1;
                continue;
            }
            let (c, clen) = if b < 0x80 {
                (b as char, 1)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            };
            let common_punct = b >= 0x80 && is_common_punct(c);
            if b >= 0x80 && !common_punct && c.is_whitespace() {
                hashtag = false;
                flags_pending |= SPACE;
                i += clen;
                continue;
            }
            if title_len > 0 && title_end.is_none() && i >= title_len {
                title_end = Some(toks.len() as u32);
                if para_has_tokens {
                    // the title and the body never share a paragraph
                    para += 1;
                }
            }
            let tok = if class & ALNUM_B != 0 || (b >= 0x80 && !common_punct && c.is_alphanumeric()) {
                // A word: letters and digits, with inner hyphens ("passers-by", "24-hour").
                let start = i;
                // the common case first: a run of lowercase ASCII needs no lowercase copy (a
                // capital starts none)
                let mut j = if class & UPPER_B != 0 { i } else { i + lowercase_run(&bytes[i..]) };
                if j > i && word_ends_at(bytes, j) {
                    // and most words are just that: no capitals, digits, hyphens or non-ASCII
                    let h = word_hash(&bytes[start..j]);
                    let flags = WORD | flags_pending;
                    let tok = Tok { s: start as u32, e: j as u32, ls: NONE, le: NONE, p: '\0', raw: '\0', flags, para, sent: 0, h };
                    i = j;
                    bounds.push(&mut toks, tok, text, &low);
                    para_has_tokens = true;
                    flags_pending = 0;
                    continue;
                }
                if j == i && class & UPPER_B != 0 {
                    // a capital, then lowercase ASCII ("Hunt", "The"): lowercased in one copy
                    let k = i + 1 + lowercase_run(&bytes[i + 1..]);
                    if word_ends_at(bytes, k) {
                        let ls = low.len();
                        low.push_str(&text[i..k]);
                        if let Some(first) = low.get_mut(ls..ls + 1) {
                            first.make_ascii_lowercase();
                        }
                        // most such words fit in eight bytes, hashed from a register
                        let h = match bytes.get(i..i + 8).and_then(<[u8]>::first_chunk::<8>) {
                            Some(v) if k - i <= 8 => word_hash_of(u64::from_le_bytes(*v) | 0x20, k - i),
                            _ => word_hash(&low.as_bytes()[ls..]),
                        };
                        let flags = WORD | CAP | flags_pending;
                        let (ls, le) = (ls as u32, low.len() as u32);
                        let tok = Tok { s: start as u32, e: k as u32, ls, le, p: '\0', raw: '\0', flags, para, sent: 0, h };
                        i = k;
                        bounds.push(&mut toks, tok, text, &low);
                        para_has_tokens = true;
                        flags_pending = 0;
                        continue;
                    }
                }
                if j == i && class & (UPPER_B | DIGIT_B) != 0 && fast_paths() {
                    // an acronym or a number, most of them short
                    if let Some(v) = bytes.get(i..i + 8).and_then(<[u8]>::first_chunk::<8>) {
                        if let Some((n, flags, ls, le, h)) = acronym_or_number(bytes, i, u64::from_le_bytes(*v), &mut low) {
                            let tok = Tok { s: start as u32, e: (i + n) as u32, ls, le, p: '\0', raw: '\0', flags: flags | flags_pending, para, sent: 0, h };
                            i += n;
                            bounds.push(&mut toks, tok, text, &low);
                            para_has_tokens = true;
                            flags_pending = 0;
                            continue;
                        }
                    }
                }
                let mut flags = WORD;
                let mut letters = (j - i) as u32;
                let mut uppers = 0u32;
                let mut first = j == i;
                let mut prev_lower = j > i;
                let ls = low.len();
                // `low` gets a copy only once the word differs from its lowercase form (an
                // uppercase or non-ASCII letter): most words are their own lowercase form
                let mut copied = false;
                while j < bytes.len() {
                    let b = bytes[j];
                    if b < 0x80 {
                        let class = ASCII_CLASS[b as usize];
                        if class & LOWER_B != 0 {
                            prev_lower = true;
                            if copied {
                                low.push(b as char);
                            }
                            letters += 1;
                        } else if class & UPPER_B != 0 {
                            if hashtag && prev_lower {
                                break;
                            }
                            prev_lower = false;
                            if !copied {
                                low.push_str(&text[start..j]);
                                copied = true;
                            }
                            low.push((b | 0x20) as char);
                            letters += 1;
                            uppers += 1;
                            if first {
                                flags |= CAP;
                            }
                        } else if class & DIGIT_B != 0 {
                            prev_lower = false;
                            if copied {
                                low.push(b as char);
                            }
                            flags |= DIGIT;
                        } else if b == b'-' && j + 1 < bytes.len() && {
                            let nb = bytes[j + 1];
                            nb.is_ascii_alphanumeric() || (nb >= 0x80 && text[j + 1..].chars().next().is_some_and(|c| c.is_alphanumeric()))
                        } {
                            if copied {
                                low.push('-');
                            }
                        } else {
                            break;
                        }
                        first = false;
                        j += 1;
                        continue;
                    }
                    let ch = text[j..].chars().next().unwrap_or(' ');
                    let l = ch.len_utf8();
                    if !is_common_punct(ch) && ch.is_alphanumeric() {
                        if hashtag && prev_lower && ch.is_uppercase() {
                            break;
                        }
                        prev_lower = ch.is_lowercase();
                        if !copied {
                            low.push_str(&text[start..j]);
                            copied = true;
                        }
                        low.extend(ch.to_lowercase());
                        if ch.is_numeric() {
                            flags |= DIGIT;
                        } else {
                            letters += 1;
                            if ch.is_uppercase() {
                                uppers += 1;
                                if first {
                                    flags |= CAP;
                                }
                            }
                        }
                        first = false;
                        j += l;
                    } else if ch == '‑' && j + l < bytes.len() && text[j + l..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                        if !copied {
                            low.push_str(&text[start..j]);
                            copied = true;
                        }
                        low.push('-');
                        j += l;
                    } else {
                        break;
                    }
                }
                if letters >= 2 && uppers == letters {
                    flags |= UPPER;
                }
                let (ls, le, h) = if copied {
                    (ls as u32, low.len() as u32, word_hash(&low.as_bytes()[ls..]))
                } else {
                    // the text is its own lowercase form
                    (NONE, NONE, word_hash(&bytes[start..j]))
                };
                i = j;
                Tok { s: start as u32, e: j as u32, ls, le, p: '\0', raw: '\0', flags: flags | flags_pending, para, sent: 0, h }
            } else {
                hashtag = c == '#';
                let p = norm_punct(c);
                if p == '"' || p == '\'' {
                    marks.push(toks.len() as u32);
                }
                let ls = low.len() as u32;
                let start = i;
                i += clen;
                Tok { s: start as u32, e: i as u32, ls, le: ls, p, raw: c, flags: flags_pending, para, sent: 0, h: 0 }
            };
            bounds.push(&mut toks, tok, text, &low);
            para_has_tokens = true;
            flags_pending = 0;
        }
        self.title_end = match (title_len, title_end) {
            (0, _) => 0,
            (_, Some(t)) => t,
            (_, None) => toks.len() as u32,
        };
        bounds.finish(toks.len() as u32);
        debug_assert!(bounds.paras.iter().enumerate().all(|(pi, &(s, _))| toks[s as usize].para == pi as u32));
        self.toks = toks;
        self.low = low;
        self.paras = bounds.paras;
        self.sents = bounds.sents;
        self.caps = bounds.caps;
        self.starts = bounds.starts.list;
        self.marks = marks;
    }

    /// Cuts each sentence of more than [`MAX_SENTENCE_TOKENS`] tokens at the first spaced
    /// token after every [`MAX_SENTENCE_TOKENS`], and numbers the tokens' sentences again.
    fn split_long_sentences(&mut self) {
        let mut sents = Vec::with_capacity(self.sents.len() + 1);
        for &(s, e) in &self.sents {
            let mut from = s;
            while e - from > MAX_SENTENCE_TOKENS {
                let after = from + MAX_SENTENCE_TOKENS;
                let cut = self.toks.get(after as usize..e as usize).unwrap_or_default().iter().position(Tok::spaced);
                let Some(at) = cut.map(|at| after + at as u32) else { break };
                sents.push((from, at));
                from = at;
            }
            sents.push((from, e));
        }
        for (n, &(s, e)) in sents.iter().enumerate() {
            for t in self.toks.get_mut(s as usize..e as usize).unwrap_or_default() {
                t.sent = n as u32;
            }
        }
        self.sents = sents;
    }

    #[inline(always)]
    pub fn lower(&self, k: u32) -> &str {
        let t = &self.toks.as_slice()[k as usize];
        if t.ls == NONE {
            // already lowercase ASCII: the text itself
            &self.text[t.s as usize..t.e as usize]
        } else {
            &self.low[t.ls as usize..t.le as usize]
        }
    }

    /// [`Self::lower`] as bytes: slicing bytes checks no char boundary (a token's offsets are
    /// always on one), which the hot comparisons do not need.
    #[inline(always)]
    pub fn lower_bytes(&self, k: u32) -> &[u8] {
        let t = &self.toks.as_slice()[k as usize];
        if t.ls == NONE {
            &self.text.as_bytes()[t.s as usize..t.e as usize]
        } else {
            &self.low.as_bytes()[t.ls as usize..t.le as usize]
        }
    }

    /// [`Self::raw`] as bytes (see [`Self::lower_bytes`]).
    #[inline(always)]
    pub fn raw_bytes(&self, k: u32) -> &[u8] {
        let t = &self.toks.as_slice()[k as usize];
        &self.text.as_bytes()[t.s as usize..t.e as usize]
    }

    pub fn raw(&self, k: u32) -> &str {
        let t = &self.toks.as_slice()[k as usize];
        &self.text[t.s as usize..t.e as usize]
    }

    /// Verbatim text of tokens `[a, b)`.
    pub fn span(&self, a: u32, b: u32) -> &str {
        if a >= b || b as usize > self.toks.len() {
            return "";
        }
        let s = self.toks.as_slice()[a as usize].s as usize;
        let e = self.toks.as_slice()[b as usize - 1].e as usize;
        &self.text[s..e]
    }

    pub fn len(&self) -> u32 {
        self.toks.len() as u32
    }

    pub fn is_punct(&self, k: u32, c: char) -> bool {
        self.toks.get(k as usize).is_some_and(|t| t.p == c)
    }

    pub fn para_of(&self, k: u32) -> u32 {
        self.toks.as_slice()[k as usize].para
    }

    pub fn sent_of(&self, k: u32) -> u32 {
        self.toks.as_slice()[k as usize].sent
    }

    pub fn in_title(&self, k: u32) -> bool {
        k < self.title_end
    }

    /// Quotes: double quotes pair up within a paragraph, and an unclosed one runs to the end of
    /// it; single quotes count only when they open before a word and close after one, so
    /// apostrophes ("doctors' union", "Hunt’s") stay apostrophes.
    fn find_quotes(&mut self) {
        let n = self.toks.len();
        let marks = std::mem::take(&mut self.marks);
        let mut in_quote = std::mem::take(&mut self.in_quote);
        in_quote.clear();
        in_quote.resize(n, NONE);
        let mut quotes = std::mem::take(&mut self.quotes);
        quotes.clear();
        let mut prev_unclosed = false;
        let mut m0 = 0usize;
        for pi in 0..self.paras.len() {
            let (ps, pe) = self.paras.as_slice()[pi];
            // the quote marks of this paragraph (only they matter for pairing)
            while m0 < marks.len() && marks[m0] < ps {
                m0 += 1;
            }
            let mut m1 = m0;
            while m1 < marks.len() && marks[m1] < pe {
                m1 += 1;
            }
            let pm = &marks[m0..m1];
            let mut this_unclosed = false;
            let mut mi = 0usize;
            let mut from = ps;
            while mi < pm.len() {
                let k = pm[mi];
                if k < from {
                    mi += 1;
                    continue;
                }
                let t = self.toks.as_slice()[k as usize];
                if t.p == '"' && t.raw != '”' && t.raw != '»' {
                    // open a double quote; find its close
                    if k + 1 >= pe {
                        mi += 1;
                        continue;
                    }
                    let mut close = None;
                    let mut stop = pe;
                    for &j in &pm[mi + 1..] {
                        let u = &self.toks.as_slice()[j as usize];
                        if u.p == '"' && u.raw != '“' && u.raw != '«' {
                            close = Some(j);
                            break;
                        }
                        if u.raw == '“' && j > k + 1 {
                            // an opening curly quote before a close: the previous one ran on
                            stop = j;
                            break;
                        }
                    }
                    let (c, closed) = match close {
                        Some(c) => (c, true),
                        None => (stop, false),
                    };
                    let continues = k == ps && prev_unclosed;
                    let qi = quotes.len() as u32;
                    quotes.push(QuoteSpan { open: k, close: c, closed, para: pi as u32, continues });
                    for q in &mut in_quote[(k + 1) as usize..c as usize] {
                        *q = qi;
                    }
                    if !closed && c == pe {
                        this_unclosed = true;
                    }
                    from = if closed { c + 1 } else { c };
                    mi += 1;
                    continue;
                }
                if t.p == '\'' && t.raw != '’' {
                    // a single quote opens before a word, after a space or a paragraph start
                    let opens = (k == ps || t.spaced() || self.toks.as_slice()[k as usize - 1].p == '(')
                        && k + 1 < pe
                        && self.toks.as_slice()[k as usize + 1].is_word()
                        && !self.toks.as_slice()[k as usize + 1].spaced();
                    if opens {
                        let mut close = None;
                        for &j in &pm[mi + 1..] {
                            let u = &self.toks.as_slice()[j as usize];
                            if u.p == '\'' && u.raw != '‘' {
                                let after = self.toks.get(j as usize + 1);
                                let before_word = self.toks.as_slice()[j as usize - 1].is_word()
                                    || matches!(self.toks.as_slice()[j as usize - 1].p, '.' | '!' | '?' | ',');
                                let next_is_letter = after.is_some_and(|a| a.is_word() && !a.spaced() && a.para == t.para);
                                if before_word && !next_is_letter {
                                    close = Some(j);
                                    break;
                                }
                            }
                            if u.p == '"' {
                                break;
                            }
                        }
                        if let Some(c) = close {
                            let qi = quotes.len() as u32;
                            quotes.push(QuoteSpan { open: k, close: c, closed: true, para: pi as u32, continues: false });
                            for q in &mut in_quote[(k + 1) as usize..c as usize] {
                                *q = qi;
                            }
                            from = c + 1;
                        }
                    }
                }
                mi += 1;
            }
            prev_unclosed = this_unclosed;
            m0 = m1;
        }
        self.quotes = quotes;
        self.in_quote = in_quote;
        self.marks = marks;
    }

    pub fn quote_at(&self, k: u32) -> Option<&QuoteSpan> {
        let q = *self.in_quote.get(k as usize)?;
        if q == NONE {
            None
        } else {
            self.quotes.get(q as usize)
        }
    }

    pub fn inside_quote(&self, k: u32) -> bool {
        self.in_quote.get(k as usize).is_some_and(|&q| q != NONE)
    }

    /// True when a token of paragraph `pi` is inside a quote, read from the quotes (in
    /// paragraph order, each within its paragraph) instead of a test of every token.
    pub fn para_quoted(&self, pi: u32) -> bool {
        let from = self.quotes.partition_point(|q| q.para < pi);
        self.quotes[from..].iter().take_while(|q| q.para == pi).any(|q| q.close > q.open + 1)
    }

    /// True when the paragraph holds an embedded post's text (a tweet's link).
    pub fn is_tweet_para(&self, pi: u32) -> bool {
        let (s, e) = self.paras[pi as usize];
        let txt = self.span(s, e);
        txt.contains("pic.twitter.com") || txt.contains("t.co/") || txt.contains("twitter.com/")
    }

    /// True when the paragraph speaks in the first person outside quotes ("I", "we", "my").
    pub fn first_person(&self, pi: u32) -> bool {
        let (s, e) = self.paras[pi as usize];
        // the paragraph's tokens as one slice: no bounds test per token
        let toks = self.toks.get(s as usize..e as usize).unwrap_or_default();
        toks.iter().zip(s..).any(|(t, k)| {
            // the filter first: most tokens are none of these words
            if !may_be_one_of(FIRST_PERSON_FILTER, t.h) || !t.is_word() || self.inside_quote(k) {
                return false;
            }
            let h = t.h;
            (h == H_I && self.raw(k) == "I") || (FIRST_PERSON.iter().any(|&(fh, w)| fh == h && self.lower(k) == w))
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    thread_local! {
        /// [`fast_paths`]: off while a test makes the general loop's tokens.
        pub(super) static FAST_PATHS: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
    }

    #[test]
    fn run_on_sentences_are_cut_at_a_space() {
        // no full stop in 1,000 words, a comma after every tenth: cut after 400 tokens, at
        // the next spaced one (a comma is not)
        let text: String = (0..1000).map(|n| if n % 10 == 9 { "Hunt said, " } else { "they said " }).collect();
        let doc = Doc::new(None, &text);
        assert!(doc.sents.len() >= 3, "{:?}", doc.sents);
        assert_eq!(doc.sents.first().map(|s| s.0), Some(0));
        assert_eq!(doc.sents.last().map(|s| s.1), Some(doc.len()));
        for (n, w) in doc.sents.windows(2).enumerate() {
            assert_eq!(w[0].1, w[1].0, "sentences {n} and {} meet", n + 1);
        }
        for (n, &(s, e)) in doc.sents.iter().enumerate() {
            assert!(e - s <= MAX_SENTENCE_TOKENS + 1, "sentence {n} holds {} tokens", e - s);
            assert!(doc.toks[s as usize].spaced() || s == 0, "sentence {n} starts at a spaced token");
            assert!((s..e).all(|k| doc.sent_of(k) == n as u32), "the tokens of sentence {n} say so");
        }
        // a sentence with its full stop is left whole
        let short = Doc::new(None, "Hunt said no. They said yes.");
        assert_eq!(short.sents.len(), 2);
    }

    #[test]
    fn a_document_made_while_another_is_alive_keeps_buffers_of_its_own() {
        let outer = Doc::new(None, "The entry's own document, with a few more words in it than a role.");
        let inner = Doc::new(None, "junior doctor at St Mary's");
        let inner_toks = inner.toks.as_ptr();
        drop(inner);
        let again = Doc::new(None, "a trustee");
        assert_eq!(again.toks.as_ptr(), inner_toks, "the second nested document reuses the first's");
        drop(again);
        let outer_toks = outer.toks.as_ptr();
        drop(outer);
        let next = Doc::new(None, "The next entry.");
        assert_eq!(next.toks.as_ptr(), outer_toks, "the next entry's document reuses the last entry's");
        let nested = Doc::new(None, "a role");
        assert_eq!(nested.toks.as_ptr(), inner_toks);
        assert_eq!(nested.len(), 2);
    }

    fn words(d: &Doc) -> Vec<String> {
        (0..d.len()).map(|k| d.raw(k).to_string()).collect()
    }

    #[test]
    fn common_punctuation_is_neither_a_letter_nor_a_space() {
        for c in ['“', '”', '„', '«', '»', '‘', '’', '′', '‚', '–', '—', '‐', '‑', '―', '…'] {
            assert!(is_common_punct(c) && !c.is_alphanumeric() && !c.is_whitespace(), "{c:?}");
        }
        assert!(!is_common_punct('ʼ') && 'ʼ'.is_alphanumeric(), "a modifier letter apostrophe is a letter");
    }

    #[test]
    fn words_go_on_at_letters_digits_hyphens_and_non_ascii() {
        for b in 0..=255u8 {
            assert_eq!(word_goes_on(b), b >= 0x80 || b == b'-' || b.is_ascii_alphanumeric(), "byte {b}");
        }
    }

    #[test]
    fn same_bytes_is_string_equality() {
        let words = ["", "a", "b", "ab", "ba", "aa", "abc", "abd", "xbc", "axc", "abcd", "abce", "xbcd", "abcdefgh", "abcdxfgh", "abcdefgx", "abcdefghi", "abcdefghj", "é", "e"];
        for a in words {
            for b in words {
                assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn lowercase_runs_stop_at_the_first_other_byte() {
        for text in ["", "a", "abc", "abcdefgh", "abcdefghijklmnop", "abcdefghijkl mnop", "abcdefgH", "abc{de", "abc`", "z@", "é", "abcdefgé", "abcdefghij\u{a0}"] {
            let expected = text.bytes().take_while(|b| b.is_ascii_lowercase()).count();
            assert_eq!(lowercase_run(text.as_bytes()), expected, "{text:?}");
        }
        for b in 0..=255u8 {
            let run = [b'a', b'b', b, b'c', b'd', b'e', b'f', b'g', b'h'];
            let expected = if b.is_ascii_lowercase() { 9 } else { 2 };
            assert_eq!(lowercase_run(&run), expected, "byte {b}");
        }
    }

    #[test]
    fn word_sets_hold_their_words_and_no_others() {
        let words: Vec<String> = ["Mr", "Dr", "minister", "of"].map(String::from).to_vec();
        let (exact, any_case) = (WordSet::new(&words, true), WordSet::new(&words, false));
        let d = Doc::new(None, "Mr mr MINISTER minister of Of, the Dr. dr");
        let held = |set: &WordSet| (0..d.len()).filter(|&k| set.has(&d, k)).map(|k| d.raw(k)).collect::<Vec<_>>();
        assert_eq!(held(&exact), ["Mr", "minister", "of", "Dr"]);
        assert_eq!(held(&any_case), ["Mr", "mr", "MINISTER", "minister", "of", "Of", "Dr", "dr"]);
        assert!((0..d.len()).all(|k| any_case.has(&d, k) == any_case.0.get(&d, k).is_some()));
        assert!((0..d.len()).filter(|&k| !d.toks[k as usize].is_word()).all(|k| !any_case.0.may_hold(&d, k)));
    }

    #[test]
    fn token_bytes_are_the_tokens_text() {
        let d = Doc::new(Some("ÉCOLE news"), "Hunt’s İstanbul trip, the BMA said «non» — 24‑hour strike");
        for k in 0..d.len() {
            assert_eq!(d.lower_bytes(k), d.lower(k).as_bytes());
            assert_eq!(d.raw_bytes(k), d.raw(k).as_bytes());
        }
        assert!((0..d.len()).any(|k| d.lower_bytes(k).len() != d.raw_bytes(k).len()), "a lowercase form of another length");
    }

    #[test]
    fn hash_filters_pass_their_words() {
        let words = ["i", "we", "my", "our", "me", "us"];
        let filter = hash_filter(&words.map(|w| word_hash(w.as_bytes())));
        assert!(words.iter().all(|w| may_be_one_of(filter, word_hash(w.as_bytes()))));
        assert_eq!(filter, FIRST_PERSON_FILTER);
        let others = ["the", "strike", "said", "doctors", "they", "he", "a", "of", "to", "and"];
        assert!(others.iter().any(|w| !may_be_one_of(filter, word_hash(w.as_bytes()))), "the filter turns words away");
        assert!(!may_be_one_of(hash_filter(&[]), word_hash(b"we")));
    }

    #[test]
    fn short_word_hashes_are_word_hashes() {
        let text = b"abcdefgh ijklmnop qrstuvwx yz";
        for from in 0..text.len() - 8 {
            let v = u64::from_le_bytes(*text[from..].first_chunk::<8>().unwrap());
            for n in 1..=7 {
                assert_eq!(short_word_hash(v, n), word_hash(&text[from..from + n]), "{from} {n}");
            }
            for n in 1..=8 {
                assert_eq!(word_hash_of(v, n), word_hash(&text[from..from + n]), "{from} {n}");
            }
        }
    }

    /// [`FewWords::has`] is `words.contains(&doc.lower(k))` at every token of `texts`.
    pub(crate) fn check_few_words(list: &FewWords, texts: &[&str]) {
        let mut found = 0;
        for text in texts {
            let d = Doc::new(Some("Title, \"quoted\""), text);
            for k in 0..d.len() {
                let has = list.has(&d, k);
                assert_eq!(has, list.words.contains(&d.lower(k)), "{:?}", d.raw(k));
                found += has as usize;
            }
        }
        assert!(found > 0, "{:?}", list.words);
    }

    /// The seeds and a list's words in three cases.
    pub(crate) fn few_words_texts(list: &FewWords) -> Vec<String> {
        let mut texts: Vec<String> = crate::sample::SEEDS.iter().map(|(_, text)| text.to_string()).collect();
        texts.push(list.words.iter().flat_map(|w| [w.to_string(), w.to_uppercase(), format!("{w}s, x-{w} {w}")]).collect::<Vec<_>>().join(" "));
        texts
    }

    #[test]
    fn few_words_are_their_list() {
        for list in [FewWords::new(&["the", "a", "of"]), FewWords::new(&["i", "we", "\u{e9}t\u{e9}", "x-ray"]), FewWords::new(&[])] {
            let texts = few_words_texts(&list);
            if list.words.is_empty() {
                let d = Doc::new(None, &texts[0]);
                assert!((0..d.len()).all(|k| !list.has(&d, k)));
                continue;
            }
            check_few_words(&list, &texts.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }

    #[test]
    fn tail_bytes_are_the_bytes_zero_padded() {
        let text = b"abcdefgh\xff\x80\x01zq";
        for from in 0..text.len() {
            for n in 1..=7.min(text.len() - from) {
                let mut padded = [0u8; 8];
                padded[..n].copy_from_slice(&text[from..from + n]);
                assert_eq!(tail_bytes(&text[from..from + n]), u64::from_le_bytes(padded), "{from} {n}");
            }
        }
    }

    #[test]
    fn word_hashes_go_on_from_the_first_chunk() {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let text = b"abcdefghijklmnopqrstuvwxyzabcdefghij";
        for n in 8..=text.len() {
            let v = u64::from_le_bytes(*text.first_chunk::<8>().unwrap());
            let first = ((n as u64).rotate_left(5) ^ v).wrapping_mul(K);
            assert_eq!(word_hash_on(first, &text[8..n]), word_hash(&text[..n]), "{n}");
        }
    }

    #[test]
    fn word_hashes_depend_on_every_byte_and_the_length() {
        let words = ["", "a", "i", "we", "he", "she", "they", "abc", "acc", "abb", "abcd", "abce", "strike", "strikes", "abcdefgh", "abcdefghi", "abcdefgha", "a\0"];
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                assert_ne!(word_hash(a.as_bytes()), word_hash(b.as_bytes()), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn tokens_keep_hyphens_and_split_apostrophes() {
        let d = Doc::new(None, "Hunt’s passers-by said 24-hour\u{a0}strike");
        assert_eq!(words(&d), ["Hunt", "’", "s", "passers-by", "said", "24-hour", "strike"]);
        assert_eq!(d.lower(0), "hunt");
        assert!(d.toks[0].cap());
        assert_eq!(d.toks[1].p, '\'');
        assert!(d.toks[6].spaced(), "NBSP is whitespace");
    }

    #[test]
    fn hashtags_split_at_camel_case() {
        let d = Doc::new(None, "#JuniorDoctorsStrike and #juniordoctors, McDonald");
        assert_eq!(words(&d), ["#", "Junior", "Doctors", "Strike", "and", "#", "juniordoctors", ",", "McDonald"]);
        assert!(!d.toks[2].spaced());
    }

    #[test]
    fn title_and_body_are_separate_paragraphs() {
        let d = Doc::new(Some("BMA: talks"), "First line.\nSecond line.\n\nThird");
        assert_eq!(d.title_end, 3);
        assert_eq!(d.paras.len(), 4);
        assert_eq!(d.span(d.paras[1].0, d.paras[1].1), "First line.");
        assert_eq!(d.span(0, d.title_end), "BMA: talks");
    }

    #[test]
    fn sentences_split_at_full_stops_not_abbreviations_or_decimals() {
        let d = Doc::new(None, "Dr. Smith came at 11.40am. He said so! Then left");
        assert_eq!(d.sents.len(), 3);
        assert_eq!(d.span(d.sents[0].0, d.sents[0].1), "Dr. Smith came at 11.40am.");
    }

    #[test]
    fn double_quotes_pair_and_run_on() {
        let d = Doc::new(None, "He said: \"It is unsafe.\" Then\n\"It runs on\n\"and on\"");
        assert_eq!(d.quotes.len(), 3);
        assert_eq!(d.span(d.quotes[0].first(), d.quotes[0].close), "It is unsafe.");
        assert!(!d.quotes[1].closed);
        assert!(d.quotes[2].continues);
    }

    #[test]
    fn curly_quotes_and_apostrophes() {
        let d = Doc::new(None, "“It’s disrespectful,” she said of the doctors’ union’s 'final' offer.");
        assert_eq!(d.quotes.len(), 2);
        assert_eq!(d.span(d.quotes[0].first(), d.quotes[0].close), "It’s disrespectful,");
        assert_eq!(d.span(d.quotes[1].first(), d.quotes[1].close), "final");
    }

    /// One token's fields (start, end, punctuation, the character as written, flags,
    /// paragraph, sentence, hash) and its lowercase form.
    type TokenRow = (u32, u32, char, char, u8, u32, u32, u32, String);

    /// Every field of every token, with its lowercase form.
    fn token_table(d: &Doc) -> Vec<TokenRow> {
        (0..d.len())
            .map(|k| {
                let t = d.toks[k as usize];
                (t.s, t.e, t.p, t.raw, t.flags, t.para, t.sent, t.h, d.lower(k).to_string())
            })
            .collect()
    }

    #[test]
    fn the_fast_paths_tokenize_as_the_general_loop() {
        // A tab is whitespace exactly as a space is, but only a space starts the run of
        // lowercase words (`lowercase_words`): with tabs the general loop takes every token.
        let mut texts: Vec<String> = crate::sample::SEEDS.iter().map(|(_, text)| text.to_string()).collect();
        texts.push("Dr. Smith said the plan. the end,  and  then\nthe next line x-ray a\u{a0}b #JuniorDoctorsStrike #the b".into());
        texts.push("words at the end of the text".into());
        // capitalised words of up to eight bytes and longer, and near the end of the text
        texts.push("Abcdefg Abcdefgh Abcdefghi Zz, A Ab; Abcdefg. Abcdefgh".into());
        texts.push("The End".into());
        // lowercase words of eight bytes and longer after a space, the last at the text's end
        texts.push("a abcdefgh abcdefghi, abcdefgh-ij negotiations".into());
        // every end of a text whose words stop in each way within and past the eight bytes
        // after their space (the one-load loop), and within the last nine bytes (the other)
        let stops = "x the abcdefgh abcdefghijk ab-cd abc9 abcD ab\u{e9} abcdefgh\u{e9} abcdefghij- a,b ab. abc  d \
                     A Ab Abcdefg Abcdefgh Abcdefghi Abcdefghijklmnop McDonald AB Ab-cd Ab9 Ab\u{e9} Abcdefgh\u{e9} Ab, Ab. X \
                     a, b,c d,, e,\u{e9} f,\"g\" h, 'i' j,\nk l,";
        texts.extend(stops.char_indices().map(|(at, _)| stops[..at].to_string()));
        texts.push(stops.into());
        for text in &texts {
            let tabs = text.replace(' ', "\t");
            let (spaced, tabbed) = (Doc::new(Some("The title is here"), text), Doc::new(Some("The\ttitle\tis\there"), &tabs));
            assert_eq!(token_table(&spaced), token_table(&tabbed));
            assert_eq!((&spaced.paras, &spaced.sents, spaced.title_end), (&tabbed.paras, &tabbed.sents, tabbed.title_end));
            let caps: Vec<u32> = (0..spaced.len()).filter(|&k| spaced.toks[k as usize].cap()).collect();
            assert_eq!(spaced.caps, caps);
            // and the capitalised words' fast path gives what the definitions say
            for k in 0..spaced.len() {
                let (t, raw) = (spaced.toks[k as usize], spaced.raw(k));
                if !t.is_word() || !raw.is_ascii() {
                    continue;
                }
                assert_eq!(spaced.lower(k), raw.to_ascii_lowercase(), "{raw:?}");
                assert_eq!(t.h, word_hash(spaced.lower(k).as_bytes()), "{raw:?}");
                assert_eq!(t.cap(), raw.as_bytes()[0].is_ascii_uppercase(), "{raw:?}");
                let letters = raw.bytes().filter(u8::is_ascii_alphabetic).count();
                assert_eq!(t.upper(), letters >= 2 && raw.bytes().filter(u8::is_ascii_uppercase).count() == letters, "{raw:?}");
            }
        }
    }

    #[test]
    fn acronyms_numbers_and_words_before_curly_marks_tokenize_as_in_the_general_loop() {
        let mut texts: Vec<String> = crate::sample::SEEDS.iter().map(|(_, text)| text.to_string()).collect();
        // up to eight bytes and past them, at the text's end, followed by what ends a word and
        // what does not, mixed with other letters, in hashtags (camel case splits a word there)
        let stops = "NHS BMA's NHS-run A&E GP, 2016. 24-hour A1 COVID19 1a NHS\u{e9} 2016\u{a0}x ABCDEFGH ABCDEFGHI 12345678 123456789 \
                     ABCDEFGH, 12345678. AB AbC ABc #NHSStrike #StrikeNHS #NHS #2016 X1 (NHS) \"BMA\" NHS\u{2019}s \
                     I A B, say NHS NHS NHS 1 2 3 now, ABCDEFG 1234567 AB\nCD 99 NHS \
                     Hunt\u{2019}s doctors\u{2019} \u{201c}NHS\u{201d} \u{201c}Hunt\u{201d} the\u{201d} Hunt\u{2014}no x\u{2013}y x\u{2011}ray Ab\u{2011}cd \
                     ab\u{2026} Ab\u{2032} \u{ab}ab\u{bb} ab\u{2010}cd ab\u{2015} Ab\u{201a} ab\u{201e} ab\u{2018} ab\u{2020}x Ab\u{20ac} ab\u{2011} ab\u{2019}";
        texts.extend(stops.char_indices().map(|(at, _)| stops[..at].to_string()));
        texts.push(stops.into());
        for text in &texts {
            for title in [None, Some("NHS 2016 title")] {
                let fast = Doc::new(title, text);
                FAST_PATHS.with(|f| f.set(false));
                let general = Doc::new(title, text);
                FAST_PATHS.with(|f| f.set(true));
                assert_eq!(token_table(&fast), token_table(&general), "{text:?}");
                assert_eq!(fast.low, general.low, "{text:?}");
                let ls = |d: &Doc| d.toks.iter().map(|t| (t.ls, t.le)).collect::<Vec<_>>();
                assert_eq!(ls(&fast), ls(&general), "{text:?}");
                assert_eq!((&fast.paras, &fast.sents, fast.title_end, &fast.caps, &fast.marks), (&general.paras, &general.sents, general.title_end, &general.caps, &general.marks));
            }
        }
    }

    #[test]
    fn words_end_only_at_the_curly_marks_where_the_general_loop_stops() {
        for c in '\u{2000}'..='\u{203f}' {
            let text = format!("ab{c}cd");
            if word_ends_at(text.as_bytes(), 2) {
                assert!(is_common_punct(c) && c != '\u{2011}', "{c:?}");
            }
        }
        for c in ['\u{2019}', '\u{201d}', '\u{201c}', '\u{2014}', '\u{2013}', '\u{2026}'] {
            assert!(word_ends_at(format!("ab{c}").as_bytes(), 2), "{c:?}");
        }
    }

    #[test]
    fn quoted_paragraphs_are_those_with_a_token_inside_a_quote() {
        let mut texts: Vec<&str> = crate::sample::SEEDS.iter().map(|(_, text)| *text).collect();
        texts.push("He said: \"\" and \"x\"\n\"runs on\n\"and on\"\n'tis 'quoted' here\n“”");
        for text in texts {
            let d = Doc::new(Some("Title: \"a quote\""), text);
            for (pi, &(s, e)) in d.paras.iter().enumerate() {
                assert_eq!(d.para_quoted(pi as u32), (s..e).any(|k| d.inside_quote(k)), "{:?}", d.span(s, e));
            }
            assert!(d.paras.iter().enumerate().any(|(pi, _)| d.para_quoted(pi as u32)));
        }
    }

    #[test]
    fn tweets_and_first_person() {
        let d = Doc::new(None, "Yesterday I was proud to join https://t.co/x\nThe minister spoke");
        assert!(d.is_tweet_para(0));
        assert!(d.first_person(0));
        assert!(!d.first_person(1));
    }
}
