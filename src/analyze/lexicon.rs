//! Every phrase of the codebook (aliases, cues, targets, speech verbs and nouns) compiled into
//! one token-level matcher, so an entry is scanned once for all of them: a hash lookup on each
//! word, then a check of the few phrases starting with that word.
//!
//! Matching is leftmost-longest within each category, on whole tokens (so word boundaries and
//! possessives come for free). Common-noun aliases and all other phrases ignore case; an
//! alias that starts with a capital ("Hunt", "BMA") must match its case exactly.

use super::scratch::{scratch_home, Scratch};
use super::text::{filter_add, filter_has, same_bytes, word_hash, Doc, FxMap, WordFilter, FILTER_WORDS, NONE};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cat {
    Actor = 0,
    Cue,
    Target,
    Speech,
    Noun,
    According,
    Anaphor,
    Group,
    /// Words the analyser's own passes look for ([`FIXED_WORDS`]): found in the one scan for
    /// the codebook's phrases instead of a pass of their own over every token.
    Fixed,
}

const NCAT: usize = 9;

/// The [`Cat::Fixed`] words and their ids: the pronouns of a subject ("he", "she": a person;
/// "they": a group), and the words that open "both X and Y", "neither X nor Y".
pub(crate) const FIXED_WORDS: [(&str, u32); 5] =
    [("he", FIXED_PERSON), ("she", FIXED_PERSON), ("they", FIXED_GROUP), ("both", FIXED_BOTH), ("neither", FIXED_NEITHER)];
pub(crate) const FIXED_PERSON: u32 = 0;
pub(crate) const FIXED_GROUP: u32 = 1;
pub(crate) const FIXED_BOTH: u32 = 2;
pub(crate) const FIXED_NEITHER: u32 = 3;

#[derive(Debug, Clone)]
enum PTok {
    /// The word's [`word_hash`](super::text::word_hash) and its lowercase text.
    Word(u32, Box<str>),
    Stem(Box<str>),
    Any,
    Punct(char),
}

#[derive(Debug, Clone)]
struct Phrase {
    toks: Vec<PTok>,
    /// Word forms as written, for case-sensitive phrases.
    exact: Option<Vec<Option<Box<str>>>>,
    cat: Cat,
    id: u32,
    /// [`word_hash`](super::text::word_hash) of the second token when it is a word: a cheap reject before
    /// [`Lexicon::match_at`], since most candidates fail on their second word.
    second: Option<u32>,
}

/// A match: tokens `[s, e)`, the category and the index of the entry within its section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub s: u32,
    pub e: u32,
    pub cat: Cat,
    pub id: u32,
}

pub(crate) struct Lexicon {
    phrases: Vec<Phrase>,
    /// The phrases' first words, found through `slots`.
    words: Vec<FirstWord>,
    /// An open-addressed table of the first words: per slot a word's [`word_hash`] and its
    /// index in `words` (`NONE` when empty), at most a quarter full. The hash sits beside the
    /// index so a probe reads one slot, not a word's record, per step; the low load makes the
    /// first slot the word's own nearly always (at half load one probe in three went on).
    slots: Vec<Slot>,
    /// A bit per [`filter_bit`](super::text::filter_add) of the first words' hashes: most
    /// tokens start no phrase, and the tokenizer lists those that pass ([`Doc::with_starts`]).
    filter: WordFilter,
    stems: FxMap<u32, Vec<u32>>,
    /// A bit per [`stem_key`] (folded to 1024 bits): most words skip the `stems` lookup.
    stem_bits: [u64; 16],
    /// The first words (a bit per hash, as `filter`) that start a phrase of one word, or one
    /// whose second token is not a word: a token of such a word is looked up whatever follows.
    open_words: WordFilter,
    /// A bit per [`pair_bit`] of (first word, second word) of the other phrases. Common words
    /// ("the", "junior") start phrases only with certain next words: a start whose word is
    /// not open and whose pair with the next word has its bit clear starts no phrase, and is
    /// turned away before the lookup of its word (43 % of the bench's words pass `filter`;
    /// this turns away 38 % of them).
    pairs: Box<[u64; PAIR_FILTER_WORDS]>,
}

/// [`Lexicon::pairs`]' size in 64-bit words (16,384 bits, for a codebook's few thousand pairs).
const PAIR_FILTER_WORDS: usize = 256;

/// The [`Lexicon::pairs`] word and bit of a first and a second word's [`word_hash`]es.
#[inline(always)]
fn pair_bit(first: u32, second: u32) -> (usize, u64) {
    let mixed = (first.rotate_left(16) ^ second).wrapping_mul(0x9E37_79B9);
    let bit = (mixed >> (32 - PAIR_FILTER_WORDS.trailing_zeros() - 6)) as usize;
    (bit / 64, 1 << (bit % 64))
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon {
            phrases: Vec::new(),
            words: Vec::new(),
            slots: vec![EMPTY_SLOT; 16],
            filter: [0; FILTER_WORDS],
            stems: FxMap::default(),
            stem_bits: [0; 16],
            open_words: [0; FILTER_WORDS],
            pairs: Box::new([0; PAIR_FILTER_WORDS]),
        }
    }
}

/// A slot of [`Lexicon::slots`].
#[derive(Debug, Clone, Copy)]
struct Slot {
    h: u32,
    word: u32,
}

const EMPTY_SLOT: Slot = Slot { h: 0, word: NONE };

/// How a candidate phrase goes on once its first word (and its second word's hash) matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rest {
    /// A one-word phrase that ignores case: it has matched.
    Matched,
    /// A one-word phrase that must also have its form ([`Lexicon::first_form_matches`]).
    Form,
    /// Longer phrases: [`Lexicon::match_at`] checks the other tokens.
    Tokens,
}

/// A phrase as the scan tries it at a token whose word starts it: what the scan tests before
/// [`Lexicon::match_at`], copied out of the [`Phrase`] so that most candidates are decided
/// without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cand {
    /// [`SECOND_WORD`] with the [`word_hash`] of the phrase's second token when that is a word
    /// (the next token must be a word of that hash: [`next_word_key`]), else 0.
    second: u64,
    phrase: u32,
    id: u32,
    cat: Cat,
    rest: Rest,
}

/// The bit [`Cand::second`] and [`next_word_key`] set above a word's hash, so that 0 means
/// "no word" whatever the hash.
const SECOND_WORD: u64 = 1 << 32;

/// [`Cand::second`]'s key of the token after `i`: [`SECOND_WORD`] with its hash, else 0. A
/// punctuation token's hash is 0, so this is a prefilter only: a phrase with a second word
/// goes on to [`Lexicon::match_at`], which tests that the token is a word.
#[inline(always)]
fn next_word_key(doc: &Doc, i: u32) -> u64 {
    doc.toks.get(i as usize + 1).map_or(0, |t| SECOND_WORD | t.h as u64)
}

/// The phrases starting with one word, ordered by category, longest first (so the first match
/// of a category at a token is its leftmost-longest one).
#[derive(Debug, Default)]
struct FirstWord {
    /// The word, lowercase (compared with [`Doc::lower_bytes`]).
    word: Box<[u8]>,
    all: Vec<Cand>,
    /// When a phrase of the word has a second word ("the ...", "junior doctors"), the
    /// candidates for each second word's [`word_hash`], sorted by hash: the phrases whose
    /// second token is that word or is not a word at all, in `all`'s order. A token then tries
    /// only the phrases its next word can continue instead of every phrase of its first word
    /// (even for one or two phrases: a next word that continues none is turned away by the
    /// filter, measured 0.5M instructions fewer than trying lists under four whole).
    by_second: Vec<(u32, Vec<Cand>)>,
    /// The phrases whose second token is not a word (used when the next word starts none).
    no_second_word: Vec<Cand>,
    /// A bit per [`second_bit`] of the `by_second` hashes: most next words continue none of
    /// this word's phrases, and are turned away by one bit test before the binary search.
    second_filter: [u64; SECOND_FILTER_WORDS],
}

const SECOND_FILTER_WORDS: usize = 4;

/// The `second_filter` word and bit of a second word's hash (256 bits, from the hash's bits
/// above those the first-word index's slots and filter use most).
#[inline(always)]
fn second_bit(h: u32) -> (usize, u64) {
    let bit = (h >> 8) as usize % (SECOND_FILTER_WORDS * 64);
    (bit / 64, 1 << (bit % 64))
}

impl FirstWord {
    /// Rebuilds the second-word lists from `all`.
    fn index_second_words(&mut self) {
        self.by_second.clear();
        self.no_second_word.clear();
        self.second_filter = [0; SECOND_FILTER_WORDS];
        if self.all.iter().all(|c| c.second == 0) {
            return;
        }
        self.no_second_word = self.all.iter().copied().filter(|c| c.second == 0).collect();
        let mut hashes: Vec<u32> = self.all.iter().filter(|c| c.second != 0).map(|c| c.second as u32).collect();
        hashes.sort_unstable();
        hashes.dedup();
        for h in hashes {
            let list = self.all.iter().copied().filter(|c| c.second == 0 || c.second == SECOND_WORD | h as u64).collect();
            let (word_at, bit) = second_bit(h);
            self.second_filter[word_at] |= bit;
            self.by_second.push((h, list));
        }
    }

    /// The phrases that may match at a token whose next token has [`next_word_key`] `next`:
    /// all of them, or only those its next word continues.
    #[inline(always)]
    fn candidates(&self, next: u64) -> &[Cand] {
        if self.by_second.is_empty() {
            return &self.all;
        }
        let h = next as u32;
        let (word_at, bit) = second_bit(h);
        if next & SECOND_WORD == 0 || self.second_filter[word_at] & bit == 0 {
            return &self.no_second_word;
        }
        match self.by_second.binary_search_by_key(&h, |(sh, _)| *sh) {
            Ok(at) => &self.by_second[at].1,
            Err(_) => &self.no_second_word,
        }
    }
}
#[inline]
fn stem_bit(key: u32) -> (usize, u64) {
    let h = key.wrapping_mul(0x9E37_79B9) >> 22;
    ((h >> 6) as usize, 1u64 << (h & 63))
}

fn stem_key(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() < 3 {
        return None;
    }
    Some(u32::from_le_bytes([b[0], b[1], b[2], 0]))
}

/// Splits a phrase the way entry text is split, turning `word*` into a stem and a lone `*`
/// into "any one word".
pub(crate) fn phrase_tokens(phrase: &str) -> Vec<(PTokPublic, Option<String>)> {
    let d = Doc::new(None, phrase);
    let mut out: Vec<(PTokPublic, Option<String>)> = Vec::new();
    let n = d.len();
    let mut k = 0;
    while k < n {
        let t = d.toks[k as usize];
        if t.is_word() {
            let star_next = k + 1 < n && d.toks[k as usize + 1].p == '*' && !d.toks[k as usize + 1].spaced();
            if star_next {
                out.push((PTokPublic::Stem(d.lower(k).to_string()), None));
                k += 2;
                continue;
            }
            out.push((PTokPublic::Word(t.h, d.lower(k).to_string()), Some(d.raw(k).to_string())));
        } else if t.p == '*' {
            out.push((PTokPublic::Any, None));
        } else {
            out.push((PTokPublic::Punct(t.p), None));
        }
        k += 1;
    }
    out
}

/// A phrase token, as seen by callers that match short lists themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PTokPublic {
    /// The word's [`word_hash`](super::text::word_hash) (a cheap reject before comparing) and its lowercase text.
    Word(u32, String),
    Stem(String),
    Any,
    Punct(char),
}

impl Lexicon {
    /// Adds a phrase; `case_sensitive` keeps the word forms as written.
    pub fn add(&mut self, phrase: &str, cat: Cat, id: u32, case_sensitive: bool) {
        let toks = phrase_tokens(phrase);
        if toks.is_empty() || matches!(toks[0].0, PTokPublic::Any | PTokPublic::Punct(_)) {
            return;
        }
        let exact = if case_sensitive {
            Some(toks.iter().map(|(_, raw)| raw.as_deref().map(Box::from)).collect())
        } else {
            None
        };
        let ptoks: Vec<PTok> = toks
            .into_iter()
            .map(|(t, _)| match t {
                PTokPublic::Word(h, w) => PTok::Word(h, w.into()),
                PTokPublic::Stem(s) => PTok::Stem(s.into()),
                PTokPublic::Any => PTok::Any,
                PTokPublic::Punct(c) => PTok::Punct(c),
            })
            .collect();
        let idx = self.phrases.len() as u32;
        let second = match ptoks.get(1) {
            Some(PTok::Word(h, _)) => Some(*h),
            _ => None,
        };
        let first = ptoks[0].clone();
        self.phrases.push(Phrase { toks: ptoks, exact, cat, id, second });
        match first {
            PTok::Word(h, w) => {
                let wi = self.first_word_entry(&w);
                let phrases = &self.phrases;
                let cand = phrases.as_slice()[idx as usize].cand(idx);
                if cand.second == 0 {
                    filter_add(&mut self.open_words, h);
                } else {
                    let (word_at, bit) = pair_bit(h, cand.second as u32);
                    self.pairs[word_at] |= bit;
                }
                let fw = &mut self.words[wi];
                // keep each list ordered by category, longest first, so the first match of a
                // category at a token is its leftmost-longest one
                let key = |c: &Cand| (c.cat as u8, std::cmp::Reverse(phrases.as_slice()[c.phrase as usize].toks.len()));
                let at = fw.all.partition_point(|c| key(c) <= key(&cand));
                fw.all.insert(at, cand);
                fw.index_second_words();
            }
            PTok::Stem(s) => {
                if let Some(key) = stem_key(&s) {
                    let (w, b) = stem_bit(key);
                    self.stem_bits[w] |= b;
                    self.stems.entry(key).or_default().push(idx)
                }
            }
            _ => {}
        }
    }

    /// The index in `words` of `word` (a phrase's lowercase first word), added if new.
    fn first_word_entry(&mut self, word: &str) -> usize {
        let lower = word.to_lowercase();
        let h = word_hash(lower.as_bytes());
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        while let Some(slot) = self.slots.get(at).filter(|s| s.word != NONE) {
            if slot.h == h && self.words.get(slot.word as usize).is_some_and(|fw| *fw.word == *lower.as_bytes()) {
                return slot.word as usize;
            }
            at = (at + 1) & mask;
        }
        filter_add(&mut self.filter, h);
        self.words.push(FirstWord { word: lower.into_bytes().into(), ..FirstWord::default() });
        if self.words.len() * 4 > self.slots.len() {
            self.slots = vec![EMPTY_SLOT; self.slots.len() * 2];
            for i in 0..self.words.len() {
                self.place(i);
            }
        } else {
            self.place(self.words.len() - 1);
        }
        self.words.len() - 1
    }

    /// Puts word `i` in the first free slot from its hash's.
    fn place(&mut self, i: usize) {
        let h = word_hash(&self.words[i].word);
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        while self.slots[at].word != NONE {
            at = (at + 1) & mask;
        }
        self.slots[at] = Slot { h, word: i as u32 };
    }

    /// The first word that word token `k`, of hash `h`, is, if any.
    #[inline(always)]
    fn first_word(&self, doc: &Doc, k: u32, h: u32) -> Option<&FirstWord> {
        let slots = self.slots.as_slice();
        let mask = slots.len().wrapping_sub(1);
        let mut at = h as usize & mask;
        loop {
            let slot = *slots.get(at)?;
            if slot.word == NONE {
                return None;
            }
            if slot.h == h {
                if let Some(fw) = self.words.get(slot.word as usize) {
                    if same_bytes(&fw.word, doc.lower_bytes(k)) {
                        return Some(fw);
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// False when `ph` cannot match at `i` because its second word differs (the hash suffices).
    #[inline(always)]
    fn may_match(doc: &Doc, i: u32, ph: &Phrase) -> bool {
        match ph.second {
            None => true,
            Some(h) => doc.toks.get(i as usize + 1).is_some_and(|t| t.h == h && t.is_word()),
        }
    }

    /// True when token `i` is written as `ph`'s first word, if `ph` is case-sensitive (the
    /// test [`Self::match_at`] makes of a first word it trusts to match otherwise).
    #[inline(always)]
    fn first_form_matches(doc: &Doc, i: u32, ph: &Phrase) -> bool {
        match ph.exact.as_ref().and_then(|ex| ex.first()) {
            Some(Some(form)) => same_bytes(doc.raw_bytes(i), form.as_bytes()),
            _ => true,
        }
    }

    /// Matches `ph` at token `i`, trusting its first `from` tokens to match already. Always
    /// inlined: it runs for each phrase tried past its second word and mostly returns after a
    /// token or two, so the call itself (saving and restoring registers) was a large part of it.
    #[inline(always)]
    fn match_at(&self, doc: &Doc, i: u32, ph: &Phrase, from: usize) -> Option<u32> {
        let n = doc.len();
        let para = doc.toks.as_slice()[i as usize].para;
        if from > 0 && !Self::first_form_matches(doc, i, ph) {
            return None;
        }
        let mut k = i + from as u32;
        for (j, pt) in ph.toks.iter().enumerate().skip(from) {
            if k >= n {
                return None;
            }
            let t = &doc.toks.as_slice()[k as usize];
            if t.para != para {
                return None;
            }
            let ok = match pt {
                PTok::Word(h, w) => t.is_word() && t.h == *h && same_bytes(doc.lower_bytes(k), w.as_bytes()),
                PTok::Stem(s) => t.is_word() && doc.lower_bytes(k).starts_with(s.as_bytes()),
                PTok::Any => t.is_word(),
                PTok::Punct(c) => !t.is_word() && t.p == *c,
            };
            if !ok {
                return None;
            }
            if let Some(ex) = &ph.exact {
                if let Some(Some(form)) = ex.get(j) {
                    if !same_bytes(doc.raw_bytes(k), form.as_bytes()) {
                        return None;
                    }
                }
            }
            k += 1;
        }
        Some(k)
    }

    /// All matches in the entry, per category leftmost-longest and non-overlapping, in order.
    /// In a scratch vector: the hits live only while their entry is analysed.
    pub fn scan(&self, doc: &Doc) -> Scratch<Vec<Hit>> {
        self.scan_words(doc, true)
    }

    /// The filter to make documents with ([`Doc::with_starts`]) so that [`Self::scan`] visits
    /// the words the tokenizer listed instead of testing every token.
    pub fn start_filter(&self) -> &WordFilter {
        &self.filter
    }

    /// [`Self::scan`]; with `fast` (and no stems, with which a word outside the index may
    /// still start a phrase), only the words that pass the first-word filter are looked up
    /// ([`Self::scan_starts`]). Without, every word through [`Self::scan_at`], the general
    /// path (for the tests that compare the two).
    fn scan_words(&self, doc: &Doc, fast: bool) -> Scratch<Vec<Hit>> {
        let mut out = Scratch::take(&HITS);
        out.reserve(doc.toks.len() / 4);
        let mut next_free = [0u32; NCAT];
        if !(fast && self.stems.is_empty()) {
            for (i, t) in doc.toks.iter().enumerate() {
                if t.is_word() {
                    self.scan_at(doc, i as u32, &mut out, &mut next_free);
                }
            }
            return out;
        }
        // the tokenizer listed the words that pass the filter when it was given this one
        // (`Doc::with_starts`; the document's borrow of it keeps it the same)
        if doc.start_filter.is_some_and(|f| std::ptr::eq(f, &self.filter)) {
            self.scan_starts(doc, &doc.starts, &mut out, &mut next_free);
        } else {
            let mut starts = Scratch::take(&STARTS);
            let words = doc.toks.iter().enumerate().filter(|(_, t)| t.is_word() && filter_has(&self.filter, t.h));
            starts.extend(words.map(|(i, _)| i as u32));
            self.scan_starts(doc, &starts, &mut out, &mut next_free);
        }
        out
    }

    /// The hits starting at the word tokens `starts` (those that pass the first-word filter,
    /// in order), when there are no stems: a probe per word, then its candidates. Per
    /// candidate, the tests that turn most away (its category's last hit, its second word's
    /// hash) read the candidate alone, and a one-word phrase has matched already (the probe
    /// found its word) unless it must have its form; others check their remaining tokens.
    #[inline(always)]
    fn scan_starts(&self, doc: &Doc, starts: &[u32], out: &mut Vec<Hit>, next_free: &mut [u32; NCAT]) {
        for &i in starts {
            let Some(t) = doc.toks.get(i as usize) else { continue };
            let next = next_word_key(doc, i);
            if !self.may_start_here(t.h, next) {
                continue;
            }
            let Some(first_word) = self.first_word(doc, i, t.h) else { continue };
            for c in first_word.candidates(next) {
                let cat = c.cat as usize;
                // (a hit of the category at `i` ends after it: no second one of it here)
                if i < next_free[cat] || (c.second != 0 && c.second != next) {
                    continue;
                }
                let end = match c.rest {
                    Rest::Matched => Some(i + 1),
                    Rest::Form => {
                        self.phrases.get(c.phrase as usize).is_some_and(|ph| Self::first_form_matches(doc, i, ph)).then_some(i + 1)
                    }
                    Rest::Tokens => self.phrases.get(c.phrase as usize).and_then(|ph| self.match_at(doc, i, ph, 1)),
                };
                if let Some(e) = end {
                    out.push(Hit { s: i, e, cat: c.cat, id: c.id });
                    next_free[cat] = e;
                }
            }
        }
    }

    /// False when no phrase starts with a word of hash `h` followed by the token of
    /// [`next_word_key`] `next` (see [`Self::pairs`]); true when one may.
    #[inline(always)]
    fn may_start_here(&self, h: u32, next: u64) -> bool {
        if filter_has(&self.open_words, h) {
            return true;
        }
        let (word_at, bit) = pair_bit(h, next as u32);
        next & SECOND_WORD != 0 && self.pairs[word_at] & bit != 0
    }

    /// The hits starting at word token `i`, every phrase of its word and its stem tried
    /// (see [`Self::scan`]); `next_free` is, per category, the first token after that
    /// category's last hit.
    fn scan_at(&self, doc: &Doc, i: u32, out: &mut Vec<Hit>, next_free: &mut [u32; NCAT]) {
        let Some(t) = doc.toks.get(i as usize) else { return };
        let exact = self.first_word(doc, i, t.h);
        let stem = if self.stems.is_empty() {
            None
        } else {
            stem_key(doc.lower(i)).and_then(|k| {
                let (w, b) = stem_bit(k);
                if self.stem_bits[w] & b == 0 {
                    None
                } else {
                    self.stems.get(&k)
                }
            })
        };
        let mut best: [Option<(u32, u32)>; NCAT] = [None; NCAT];
        let exact_iter = exact.into_iter().flat_map(|fw| &fw.all).map(|c| (c.phrase, 1));
        let stem_iter = stem.into_iter().flatten().map(|&pi| (pi, 0));
        for (pi, from) in exact_iter.chain(stem_iter) {
            let ph = &self.phrases.as_slice()[pi as usize];
            let c = ph.cat as usize;
            if i < next_free[c] || !Self::may_match(doc, i, ph) {
                continue;
            }
            if let Some(e) = self.match_at(doc, i, ph, from) {
                match best[c] {
                    Some((be, _)) if be >= e => {}
                    _ => best[c] = Some((e, ph.id)),
                }
            }
        }
        for (c, b) in best.iter().enumerate() {
            if let Some((e, id)) = *b {
                out.push(Hit { s: i, e, cat: CATS[c], id });
                next_free[c] = e;
            }
        }
    }
}

impl Phrase {
    /// The phrase as a [`Cand`]idate of its first word, phrase `pi`.
    fn cand(&self, pi: u32) -> Cand {
        let form = self.exact.as_ref().and_then(|ex| ex.first()).is_some_and(|f| f.is_some());
        let rest = match (self.toks.len(), form) {
            (1, false) => Rest::Matched,
            (1, true) => Rest::Form,
            _ => Rest::Tokens,
        };
        Cand { second: self.second.map_or(0, |h| SECOND_WORD | h as u64), phrase: pi, id: self.id, cat: self.cat, rest }
    }
}
scratch_home!(HITS: Vec<Hit>);
// the words a scan looks up, in order
scratch_home!(STARTS: Vec<u32>);

const CATS: [Cat; NCAT] =
    [Cat::Actor, Cat::Cue, Cat::Target, Cat::Speech, Cat::Noun, Cat::According, Cat::Anaphor, Cat::Group, Cat::Fixed];

/// True when the phrase's tokens match the document at `k` (for short context lists).
/// Inlined up to a test of the first word's hash, which turns most places away, and the
/// rest ([`seq_matches_all`]) a call.
#[inline(always)]
pub(crate) fn seq_matches(doc: &Doc, k: u32, seq: &[PTokPublic]) -> bool {
    match seq.first() {
        Some(PTokPublic::Word(h, _)) => doc.toks.get(k as usize).is_some_and(|t| t.h == *h) && seq_matches_all(doc, k, seq),
        _ => seq_matches_all(doc, k, seq),
    }
}

/// [`seq_matches`], every token compared.
#[inline(never)]
fn seq_matches_all(doc: &Doc, k: u32, seq: &[PTokPublic]) -> bool {
    let n = doc.len();
    if seq.is_empty() {
        return false;
    }
    for (j, pt) in seq.iter().enumerate() {
        let kk = k + j as u32;
        if kk >= n {
            return false;
        }
        let t = &doc.toks.as_slice()[kk as usize];
        let ok = match pt {
            PTokPublic::Word(h, w) => t.is_word() && t.h == *h && same_bytes(doc.lower_bytes(kk), w.as_bytes()),
            PTokPublic::Stem(s) => t.is_word() && doc.lower_bytes(kk).starts_with(s.as_bytes()),
            PTokPublic::Any => t.is_word(),
            PTokPublic::Punct(c) => !t.is_word() && t.p == *c,
        };
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(entries: &[(&str, Cat, bool)]) -> Lexicon {
        let mut l = Lexicon::default();
        for (i, (p, c, cs)) in entries.iter().enumerate() {
            l.add(p, *c, i as u32, *cs);
        }
        l
    }

    fn found(l: &Lexicon, text: &str) -> Vec<(String, u32)> {
        let d = Doc::new(None, text);
        l.scan(&d).iter().map(|h| (d.span(h.s, h.e).to_string(), h.id)).collect()
    }

    #[test]
    fn longest_match_wins() {
        let l = lex(&[("doctors", Cat::Actor, false), ("junior doctors", Cat::Actor, false), ("senior doctors", Cat::Actor, false)]);
        assert_eq!(found(&l, "Junior doctors and senior doctors and doctors"), [
            ("Junior doctors".to_string(), 1),
            ("senior doctors".to_string(), 2),
            ("doctors".to_string(), 0)
        ]);
    }

    #[test]
    fn proper_names_are_case_sensitive_common_nouns_are_not() {
        let l = lex(&[("Hunt", Cat::Actor, true), ("the health secretary", Cat::Actor, false)]);
        assert_eq!(found(&l, "The Health Secretary went on a hunt. Hunt's view").len(), 2);
        assert_eq!(found(&l, "HUNT")[..], []);
    }

    #[test]
    fn word_boundaries_possessives_and_curly_apostrophes() {
        let l = lex(&[("BMA", Cat::Actor, true), ("the doctors' union", Cat::Actor, false)]);
        assert_eq!(found(&l, "BMAX said; the BMA’s view; the doctors’ union"), [
            ("BMA".to_string(), 0),
            ("the doctors’ union".to_string(), 1)
        ]);
    }

    #[test]
    fn stems_and_any_word() {
        let l = lex(&[("frustrat*", Cat::Cue, false), ("drive * out", Cat::Cue, false)]);
        assert_eq!(found(&l, "Frustrating: it will drive doctors out").len(), 2);
        assert_eq!(found(&l, "drive out").len(), 0);
    }

    #[test]
    fn categories_overlap_freely() {
        let l = lex(&[("unnecessary strike", Cat::Cue, false), ("strike", Cat::Target, false)]);
        assert_eq!(found(&l, "a very unnecessary strike").len(), 2);
    }

    #[test]
    fn many_phrases_sharing_a_first_word() {
        let l = lex(&[
            ("the", Cat::Target, false),
            ("the government", Cat::Actor, false),
            ("the health secretary", Cat::Actor, false),
            ("the * union", Cat::Actor, false),
            ("the doctors' union", Cat::Actor, false),
            ("the govern*", Cat::Cue, false),
            ("the health", Cat::Cue, false),
        ]);
        // per token, hits come in category order (actor, cue, target)
        let expected = [
            ("the government", 1),
            ("the government", 5),
            ("the", 0),
            ("the doctors’ union", 4),
            ("the", 0),
            ("the health secretary", 2),
            ("the health", 6),
            ("the", 0),
            ("the BMA union", 3),
            ("the", 0),
            ("The", 0),
        ];
        let text = "the government, the doctors’ union, the health secretary, the BMA union. The end";
        assert_eq!(found(&l, text), expected.map(|(s, id)| (s.to_string(), id)));
    }

    #[test]
    fn the_analysers_fixed_words_are_found_with_the_codebook() {
        let az = super::super::Analyzer::new(&super::super::Codebook::builtin());
        let d = Doc::new(None, "He said both sides, and THEY agreed; she: neither. Theyre, hen, bothered");
        let fixed: Vec<(&str, u32)> =
            az.lex.scan(&d).iter().filter(|h| h.cat == Cat::Fixed).map(|h| (d.span(h.s, h.e), h.id)).collect();
        assert_eq!(fixed, [
            ("He", FIXED_PERSON),
            ("both", FIXED_BOTH),
            ("THEY", FIXED_GROUP),
            ("she", FIXED_PERSON),
            ("neither", FIXED_NEITHER)
        ]);
    }

    #[test]
    fn the_second_word_filter_turns_away_only_words_that_continue_nothing() {
        let az = super::super::Analyzer::new(&super::super::Codebook::builtin());
        let mut texts: Vec<&str> = crate::sample::SEEDS.iter().map(|(_, text)| *text).collect();
        texts.push("The BMA, the government, the health secretary and the junior doctors; the the");
        let (mut tried, mut continued) = (0, 0);
        for text in texts {
            let d = Doc::new(Some("Junior doctors: the strike"), text);
            for i in (0..d.len()).filter(|&i| d.toks[i as usize].is_word()) {
                let first_word = az.lex.first_word(&d, i, d.toks[i as usize].h);
                let Some(first_word) = first_word.filter(|fw| !fw.by_second.is_empty()) else { continue };
                // the binary search alone
                let next = d.toks.get(i as usize + 1).filter(|t| t.is_word()).map(|t| t.h);
                let general = match next.and_then(|h| first_word.by_second.binary_search_by_key(&h, |(sh, _)| *sh).ok()) {
                    Some(at) => &first_word.by_second[at].1,
                    None => &first_word.no_second_word,
                };
                assert_eq!(first_word.candidates(next_word_key(&d, i)), &general[..], "{:?}", d.span(i, i + 2));
                tried += 1;
                continued += (general != &first_word.no_second_word) as usize;
            }
        }
        assert!(tried > 100 && continued > 10, "{tried} {continued}");
    }

    /// [`Lexicon::scan`] the slow way: at each word, every phrase of the lexicon tried whole
    /// (those starting with a word ordered as their first word's list is, then those starting
    /// with a stem), the first longest match of each category kept.
    fn scan_every_phrase(l: &Lexicon, d: &Doc) -> Vec<Hit> {
        let key = |&pi: &usize| (l.phrases[pi].cat as u8, std::cmp::Reverse(l.phrases[pi].toks.len()));
        let mut order: Vec<usize> = (0..l.phrases.len()).filter(|&pi| matches!(l.phrases[pi].toks[0], PTok::Word(..))).collect();
        order.sort_by_key(key);
        // a stem shorter than three letters starts no match (`stem_key`)
        order.extend((0..l.phrases.len()).filter(|&pi| matches!(&l.phrases[pi].toks[0], PTok::Stem(s) if s.len() >= 3)));
        let mut out = Vec::new();
        let mut next_free = [0u32; NCAT];
        for i in (0..d.len()).filter(|&i| d.toks[i as usize].is_word()) {
            let mut best: [Option<(u32, u32)>; NCAT] = [None; NCAT];
            for &pi in &order {
                let ph = &l.phrases[pi];
                let c = ph.cat as usize;
                if i < next_free[c] {
                    continue;
                }
                if let Some(e) = l.match_at(d, i, ph, 0) {
                    if best[c].is_none_or(|(be, _)| be < e) {
                        best[c] = Some((e, ph.id));
                    }
                }
            }
            for (c, b) in best.iter().enumerate() {
                if let Some((e, id)) = *b {
                    out.push(Hit { s: i, e, cat: CATS[c], id });
                    next_free[c] = e;
                }
            }
        }
        out
    }

    #[test]
    fn the_fast_scan_finds_what_the_general_scan_finds() {
        let az = super::super::Analyzer::new(&super::super::Codebook::builtin());
        let mut texts: Vec<&str> = crate::sample::SEEDS.iter().map(|(_, text)| *text).collect();
        texts.push("The BMA said both sides; THEY, the Health Secretary and junior doctors' leaders");
        // case-sensitive one-word aliases written otherwise
        texts.push("HUNT, hunt and Hunt; bma, Bma and BMA; the bma's view");
        for text in texts {
            let d = Doc::new(Some("Junior doctors: the strike"), text);
            let (fast, full) = (az.lex.scan_words(&d, true), az.lex.scan_words(&d, false));
            assert!(!fast.is_empty());
            assert_eq!(fast[..], full[..]);
            assert_eq!(fast[..], scan_every_phrase(&az.lex, &d)[..]);
            // the words the tokenizer lists are those that pass the filter, and scanning them
            // finds the same (also in a tab-spaced copy, which the tokenizer's run of
            // lowercase words does not take)
            for text in [text.to_string(), text.replace(' ', "\t")] {
                let listed = Doc::with_starts(Some("Junior doctors: the strike"), &text, az.lex.start_filter());
                let words = (0..listed.len()).filter(|&k| listed.toks[k as usize].is_word());
                assert_eq!(
                    listed.starts,
                    words.filter(|&k| filter_has(&az.lex.filter, listed.toks[k as usize].h)).collect::<Vec<_>>()
                );
                let unlisted = Doc::new(Some("Junior doctors: the strike"), &text);
                assert!(unlisted.starts.is_empty());
                assert_eq!(az.lex.scan(&listed)[..], az.lex.scan_words(&unlisted, false)[..]);
            }
            // the probe finds a word's entry, and only its
            for k in (0..d.len()).filter(|&k| d.toks[k as usize].is_word()) {
                let probed = az.lex.first_word(&d, k, d.toks[k as usize].h).map(|fw| &fw.word);
                let searched = az.lex.words.iter().find(|fw| *fw.word == *d.lower_bytes(k)).map(|fw| &fw.word);
                assert_eq!(probed, searched, "{}", d.raw(k));
            }
        }
        // and with stems, where the filter does not apply
        let l = lex(&[("frustrat*", Cat::Cue, false), ("the doctors", Cat::Actor, false), ("fr*", Cat::Cue, false)]);
        let d = Doc::new(None, "Frustrating for the doctors, frustrated");
        assert_eq!(l.scan_words(&d, true)[..], l.scan_words(&d, false)[..]);
        assert_eq!(l.scan(&d)[..], scan_every_phrase(&l, &d)[..]);
        assert_eq!(l.scan(&d).len(), 3);
    }

    /// A start the pair filter turns away is one where every phrase of its word wants another
    /// second word: each first word of the built-in codebook, followed by each phrase's
    /// second word, by a word that is none and by no word.
    #[test]
    fn the_pair_filter_turns_away_only_starts_that_start_no_phrase() {
        let az = super::super::Analyzer::new(&super::super::Codebook::builtin());
        let lex = &az.lex;
        let mut nexts: Vec<u64> = lex.phrases.iter().filter_map(|p| p.second).map(|h| SECOND_WORD | h as u64).collect();
        nexts.extend([0, SECOND_WORD | word_hash(b"zyzzyva") as u64]);
        nexts.sort_unstable();
        nexts.dedup();
        let (mut asked, mut turned_away) = (0usize, 0usize);
        for fw in &lex.words {
            let h = word_hash(&fw.word);
            for &next in &nexts {
                asked += 1;
                if !lex.may_start_here(h, next) {
                    turned_away += 1;
                    let word = String::from_utf8_lossy(&fw.word);
                    assert!(fw.all.iter().all(|c| c.second != 0 && c.second != next), "{word} before {next:x}");
                }
            }
        }
        assert!(turned_away * 5 > asked, "{turned_away} of {asked}");
    }

    /// Every phrase of the built-in codebook written out, one after another and each after
    /// the first word of the next: the fast scan finds what the general one does.
    #[test]
    fn the_fast_scan_finds_every_phrase_written_out() {
        let az = super::super::Analyzer::new(&super::super::Codebook::builtin());
        let written: Vec<String> = az
            .lex
            .phrases
            .iter()
            .map(|p| {
                let toks = p.toks.iter().map(|t| match t {
                    PTok::Word(_, w) => w.to_string(),
                    PTok::Stem(s) => format!("{s}ing"),
                    PTok::Any => "someone".to_string(),
                    PTok::Punct(c) => c.to_string(),
                });
                toks.collect::<Vec<_>>().join(" ")
            })
            .collect();
        let firsts = written.iter().map(|w| w.split(' ').next().unwrap_or_default());
        let text: String = written.iter().zip(firsts.skip(1)).map(|(w, next)| format!("{w} {next}, {w}. ")).collect();
        let d = Doc::with_starts(None, &text, az.lex.start_filter());
        let fast = az.lex.scan(&d);
        assert_eq!(fast[..], az.lex.scan_words(&Doc::new(None, &text), false)[..]);
        assert!(fast.len() > az.lex.phrases.len(), "{} hits of {} phrases", fast.len(), az.lex.phrases.len());
    }

    #[test]
    fn the_first_word_table_grows_and_finds_every_word() {
        // enough words to grow the table several times, and one-letter words whose hashes
        // share low bits with others
        let words: Vec<String> = (0..300).map(|n| format!("w{n}")).chain(('a'..='z').map(String::from)).collect();
        let mut l = Lexicon::default();
        for (n, w) in words.iter().enumerate() {
            l.add(w, Cat::Cue, n as u32, false);
            l.add(&format!("{w} {w}"), Cat::Target, n as u32, false);
        }
        assert!(l.words.len() * 4 <= l.slots.len());
        let text = words.join(" ");
        let d = Doc::new(None, &text);
        let hits = l.scan(&d);
        assert_eq!(hits.iter().filter(|h| h.cat == Cat::Cue).count(), words.len());
        assert_eq!(hits[..], scan_every_phrase(&l, &d)[..]);
        assert!(l.scan(&Doc::new(None, "w300 ab zz")).is_empty());
    }

    #[test]
    fn context_phrases_match_as_their_general_test() {
        let az = super::super::Analyzer::new(&super::super::Codebook::builtin());
        let seqs: Vec<&Vec<PTokPublic>> = az.ctx_before.iter().chain(&az.ctx_after).flatten().chain(&az.demands).collect();
        assert!(seqs.len() > 10);
        let mut matched = 0;
        for (_, text) in crate::sample::SEEDS {
            let d = Doc::new(Some("The BMA said"), text);
            for k in 0..=d.len() + 1 {
                for seq in &seqs {
                    let m = seq_matches(&d, k, seq);
                    assert_eq!(m, seq_matches_all(&d, k, seq), "{k} {seq:?}");
                    matched += m as usize;
                }
            }
        }
        assert!(matched > 0);
        assert!(!seq_matches(&Doc::new(None, "x"), 0, &[]));
    }

    #[test]
    fn phrases_do_not_cross_lines() {
        let l = lex(&[("junior doctors", Cat::Actor, false)]);
        assert!(found(&l, "junior\ndoctors").is_empty());
        assert_eq!(found(&l, "junior\u{a0}doctors").len(), 1);
    }
}
