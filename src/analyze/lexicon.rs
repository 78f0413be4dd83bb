//! Every phrase of the codebook (aliases, cues, targets, speech verbs and nouns) compiled into
//! one token-level matcher, so an entry is scanned once for all of them: a hash lookup on each
//! word, then a check of the few phrases starting with that word.
//!
//! Matching is leftmost-longest within each category, on whole tokens (so word boundaries and
//! possessives come for free). Common-noun aliases and all other phrases ignore case; an
//! alias that starts with a capital ("Hunt", "BMA") must match its case exactly.

use super::scratch::{scratch_home, Scratch};
use super::text::{same_bytes, Doc, FxMap, WordFilter, WordIndex};

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

#[derive(Default)]
pub(crate) struct Lexicon {
    phrases: Vec<Phrase>,
    first: WordIndex<FirstWord>,
    stems: FxMap<u32, Vec<u32>>,
    /// A bit per [`stem_key`] (folded to 1024 bits): most words skip the `stems` lookup.
    stem_bits: [u64; 16],
}

/// The phrases starting with one word, ordered by category, longest first (so the first match
/// of a category at a token is its leftmost-longest one).
#[derive(Debug, Default)]
struct FirstWord {
    all: Vec<u32>,
    /// When several phrases share the first word ("the ..."), the candidates for each second
    /// word's [`word_hash`](super::text::word_hash), sorted by hash: the phrases whose second token is that word or is
    /// not a word at all, in `all`'s order. A token then tries only the phrases its next word
    /// can continue instead of every phrase of its first word.
    by_second: Vec<(u32, Vec<u32>)>,
    /// The phrases whose second token is not a word (used when the next word starts none).
    no_second_word: Vec<u32>,
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

/// Lists this short are tried whole: a second-word lookup would cost more than it saves.
const SECOND_WORD_INDEX_MIN: usize = 4;

impl FirstWord {
    /// Rebuilds the second-word lists from `all`.
    fn index_second_words(&mut self, phrases: &[Phrase]) {
        self.by_second.clear();
        self.no_second_word.clear();
        self.second_filter = [0; SECOND_FILTER_WORDS];
        if self.all.len() < SECOND_WORD_INDEX_MIN {
            return;
        }
        let second = |pi: u32| phrases.get(pi as usize).and_then(|p| p.second);
        self.no_second_word = self.all.iter().copied().filter(|&pi| second(pi).is_none()).collect();
        let mut hashes: Vec<u32> = self.all.iter().filter_map(|&pi| second(pi)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        for h in hashes {
            let list = self.all.iter().copied().filter(|&pi| second(pi).is_none_or(|s| s == h)).collect();
            let (word_at, bit) = second_bit(h);
            self.second_filter[word_at] |= bit;
            self.by_second.push((h, list));
        }
    }

    /// The phrases that may match at token `i`: all of them, or only those its next word continues.
    #[inline]
    fn candidates(&self, doc: &Doc, i: u32) -> &[u32] {
        if self.by_second.is_empty() {
            return &self.all;
        }
        let next_word_hash = doc.toks.get(i as usize + 1).filter(|t| t.is_word()).map(|t| t.h);
        let may_continue = |&h: &u32| {
            let (word_at, bit) = second_bit(h);
            self.second_filter[word_at] & bit != 0
        };
        match next_word_hash.filter(may_continue).and_then(|h| self.by_second.binary_search_by_key(&h, |(sh, _)| *sh).ok()) {
            Some(at) => &self.by_second[at].1,
            None => &self.no_second_word,
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
        let len = ptoks.len();
        let key = |p: &Phrase| (p.cat as u8, std::cmp::Reverse(p.toks.len()));
        let mut first_word = None;
        match &ptoks[0] {
            PTok::Word(_, w) => {
                let i = self.first.insert(w, false, FirstWord::default());
                // keep each list ordered by category, longest first, so the first match of a
                // category at a token is its leftmost-longest one
                let phrases = &self.phrases;
                let list = &mut self.first.entry_mut(i).all;
                let at = list.partition_point(|&q| key(&phrases.as_slice()[q as usize]) <= (cat as u8, std::cmp::Reverse(len)));
                list.insert(at, idx);
                first_word = Some(i);
            }
            PTok::Stem(s) => {
                if let Some(key) = stem_key(s) {
                    let (w, b) = stem_bit(key);
                    self.stem_bits[w] |= b;
                    self.stems.entry(key).or_default().push(idx)
                }
            }
            _ => {}
        }
        let second = match ptoks.get(1) {
            Some(PTok::Word(h, _)) => Some(*h),
            _ => None,
        };
        self.phrases.push(Phrase { toks: ptoks, exact, cat, id, second });
        if let Some(i) = first_word {
            self.first.entry_mut(i).index_second_words(&self.phrases);
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
        self.first.filter()
    }

    /// [`Self::scan`]; with `fast`, a word that starts no phrase by the first-word index's
    /// filter is passed over in a tight loop of its own (most words start none) instead of
    /// being looked up in [`Self::scan_at`], which finds nothing for it either way, and a
    /// one-word phrase is matched in place rather than by [`Self::match_at`]. Without, the
    /// general path (for the tests that compare the two).
    fn scan_words(&self, doc: &Doc, fast: bool) -> Scratch<Vec<Hit>> {
        let mut out = Scratch::take(&HITS);
        out.reserve(doc.toks.len() / 4);
        let mut next_free = [0u32; NCAT];
        // with stems, a word outside the index may still start a phrase
        let filtered = fast && self.stems.is_empty();
        let mut starts = Scratch::take(&STARTS);
        // the tokenizer listed the words that pass the filter when it was given this one
        // (`Doc::with_starts`; the document's borrow of it keeps it the same)
        let listed = filtered && doc.start_filter.is_some_and(|f| std::ptr::eq(f, self.first.filter()));
        if !listed {
            let words = doc.toks.iter().enumerate().filter(|(_, t)| t.is_word());
            if filtered {
                starts.extend(words.filter(|(_, t)| self.first.may_hold_hash(t.h)).map(|(i, _)| i as u32));
            } else {
                starts.extend(words.map(|(i, _)| i as u32));
            }
        }
        for &i in if listed { &doc.starts } else { &*starts } {
            self.scan_at(doc, i, &mut out, &mut next_free, fast);
        }
        out
    }

    /// The hits starting at word token `i` (see [`Self::scan`]); `next_free` is, per category, the
    /// first token after that category's last hit.
    #[inline(always)]
    fn scan_at(&self, doc: &Doc, i: u32, out: &mut Vec<Hit>, next_free: &mut [u32; NCAT], fast: bool) {
        // the probe without the filter, which the caller may have tested: a word the filter
        // turns away is not found either way
        let exact = self.first.get_word(doc, i);
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
        if stem.is_none() {
            // the common case: one list, ordered so the first match per category wins
            let Some(first_word) = exact else { return };
            let mut done = 0u32;
            for &pi in first_word.candidates(doc, i) {
                let ph = &self.phrases.as_slice()[pi as usize];
                let c = ph.cat as usize;
                if done & (1 << c) != 0 || i < next_free[c] || !Self::may_match(doc, i, ph) {
                    continue;
                }
                // a one-word phrase has matched already (the index found its word) when it
                // ignores case, else when the word has its form; others check their
                // remaining words and forms
                let end = if fast && ph.toks.len() == 1 {
                    Self::first_form_matches(doc, i, ph).then_some(i + 1)
                } else {
                    self.match_at(doc, i, ph, 1)
                };
                if let Some(e) = end {
                    out.push(Hit { s: i, e, cat: ph.cat, id: ph.id });
                    next_free[c] = e;
                    done |= 1 << c;
                }
            }
            return;
        }
        let mut best: [Option<(u32, u32)>; NCAT] = [None; NCAT];
        let exact_iter = exact.into_iter().flat_map(|fw| &fw.all).map(|&pi| (pi, 1));
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
            for i in 0..d.len() {
                let Some(first_word) = az.lex.first.get(&d, i).filter(|fw| !fw.by_second.is_empty()) else { continue };
                // the binary search alone
                let next = d.toks.get(i as usize + 1).filter(|t| t.is_word()).map(|t| t.h);
                let general = match next.and_then(|h| first_word.by_second.binary_search_by_key(&h, |(sh, _)| *sh).ok()) {
                    Some(at) => &first_word.by_second[at].1,
                    None => &first_word.no_second_word,
                };
                assert_eq!(first_word.candidates(&d, i), &general[..], "{:?}", d.span(i, i + 2));
                tried += 1;
                continued += (general != &first_word.no_second_word) as usize;
            }
        }
        assert!(tried > 100 && continued > 10, "{tried} {continued}");
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
            // the words the tokenizer lists are those that pass the filter, and scanning them
            // finds the same (also in a tab-spaced copy, which the tokenizer's run of
            // lowercase words does not take)
            for text in [text.to_string(), text.replace(' ', "\t")] {
                let listed = Doc::with_starts(Some("Junior doctors: the strike"), &text, az.lex.start_filter());
                let words = (0..listed.len()).filter(|&k| listed.toks[k as usize].is_word());
                assert_eq!(listed.starts, words.filter(|&k| az.lex.first.may_hold(&listed, k)).collect::<Vec<_>>());
                let unlisted = Doc::new(Some("Junior doctors: the strike"), &text);
                assert!(unlisted.starts.is_empty());
                assert_eq!(az.lex.scan(&listed)[..], az.lex.scan_words(&unlisted, false)[..]);
            }
            // the probe alone finds what the filtered lookup finds
            for k in (0..d.len()).filter(|&k| d.toks[k as usize].is_word()) {
                let (probed, looked_up) = (az.lex.first.get_word(&d, k), az.lex.first.get(&d, k));
                assert_eq!(probed.map(|f| &f.all), looked_up.map(|f| &f.all), "{}", d.raw(k));
            }
        }
        // and with stems, where the filter does not apply
        let l = lex(&[("frustrat*", Cat::Cue, false), ("the doctors", Cat::Actor, false)]);
        let d = Doc::new(None, "Frustrating for the doctors, frustrated");
        assert_eq!(l.scan_words(&d, true)[..], l.scan_words(&d, false)[..]);
        assert_eq!(l.scan(&d).len(), 3);
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
