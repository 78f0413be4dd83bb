//! Word search over titles and bodies without rescanning them per query: a sorted token
//! dictionary with one posting [`Set`] per token, grown as files load.
//!
//! Tokens are maximal runs of letters and digits, lower-cased; apostrophes (`'`, `’`, `ʼ`) are
//! dropped rather than splitting, so `Hunt’s`, `Hunt's` and `hunts` are the same token and a
//! query typed with a straight apostrophe finds text set with a curly one. Every other
//! character separates tokens (`24-hour` is `24` and `hour`).
//!
//! A query matches an entry when **every** query token is a prefix of some token of the entry
//! (so `strik` finds `strike` and `strikes`, and `hunt` finds `Hunt’s`). Prefixes are answered
//! from the sorted dictionary by binary search, so the cost depends on how many distinct
//! words share the prefix, not on the size of the bodies.

use super::bits::{self, Set};

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Calls `f` with each token of `text`, lower-cased, using `buf` as scratch space.
///
/// Most words are plain lower-case ASCII: those are handed over as slices of `text` without
/// copying; only words with capitals, apostrophes or non-ASCII letters go through `buf`.
pub(crate) fn for_each_token(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut i = 0;
    while i < len {
        // Skip ASCII separators (apostrophes too: they never start a word's letters).
        let b = bytes[i];
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // Fast path: a run of lower-case ASCII letters and digits ended by an ASCII separator.
        let start = i;
        while i < len && (bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit()) {
            i += 1;
        }
        let ends_plainly = i == len || (bytes[i] < 0x80 && !bytes[i].is_ascii_alphanumeric() && bytes[i] != b'\'');
        if i > start && ends_plainly {
            if let Some(word) = text.get(start..i) {
                f(word);
            }
            continue;
        }
        // Slow path: the rest of this word, char by char.
        buf.clear();
        buf.push_str(text.get(start..i).unwrap_or(""));
        let Some(rest) = text.get(i..) else { break };
        let mut ended_at = len;
        for (off, c) in rest.char_indices() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    buf.push(c.to_ascii_lowercase());
                    continue;
                }
                if c == '\'' {
                    continue;
                }
            } else if is_apostrophe(c) {
                // Before the letter test: U+02BC is a letter to Unicode.
                continue;
            } else if c.is_alphanumeric() {
                buf.extend(c.to_lowercase());
                continue;
            }
            ended_at = i + off + c.len_utf8();
            break;
        }
        if !buf.is_empty() {
            f(buf);
        }
        i = ended_at;
    }
}

/// The query's tokens, in order, duplicates removed.
pub(crate) fn query_tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut buf = String::new();
    for_each_token(text, &mut buf, |t| {
        if !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    });
    out
}

/// FxHash-style word hash (the multiply-rotate of rustc's hasher): the dictionary is built
/// from up to hundreds of megabytes of words, and SipHash's flood resistance buys nothing for
/// text the user loaded themselves.
fn hash_word(word: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut h = word.len() as u64;
    let mut chunks = word.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // Assembled in a register: a copy into a stack buffer stalled on the reload.
        let w = rest.iter().rev().fold(0u64, |w, &b| w << 8 | u64::from(b));
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

/// Token dictionary -> posting sets, growing entry by entry as files load; the sorted view
/// the prefix search needs is brought up to date by [`TokenIndex::seal`].
///
/// The word -> id map is a small open-addressing table over one text arena, comparing the
/// full 64-bit hash before the bytes: interning is most of the build's time, and this avoids
/// an allocation per new word and a library `memcmp` call per occurrence.
#[derive(Debug, Clone)]
pub(crate) struct TokenIndex {
    /// Entries covered by the last [`TokenIndex::seal`].
    n: usize,
    /// Slot -> token id + 1 (0 = empty); its length is a power of two, at most half full.
    table: Vec<u32>,
    hashes: Vec<u64>,
    spans: Vec<(u32, u32)>,
    arena: String,
    postings: Vec<Set>,
    /// Last entry each token was seen in, plus one (0 = never), to keep postings unique.
    last: Vec<u32>,
    /// Token ids in word order, for prefix search; covers the tokens known at the last seal.
    sorted: Vec<u32>,
    buf: String,
}

impl Default for TokenIndex {
    fn default() -> Self {
        TokenIndex {
            n: 0,
            table: vec![0; 1 << 12],
            hashes: Vec::new(),
            spans: Vec::new(),
            arena: String::new(),
            postings: Vec::new(),
            last: Vec::new(),
            sorted: Vec::new(),
            buf: String::new(),
        }
    }
}

/// Posting sets turn into bitsets above one entry in 32: there a bitset also stops costing
/// more memory than the id list.
const TOKEN_SPARSE_PER_DENSE: usize = 32;

impl TokenIndex {
    fn word(&self, id: usize) -> &str {
        let Some(&(start, len)) = self.spans.get(id) else { return "" };
        self.arena.get(start as usize..(start + len) as usize).unwrap_or("")
    }

    fn grow(&mut self) {
        let size = self.table.len() * 2;
        let mut table = vec![0u32; size];
        for (id, &h) in self.hashes.iter().enumerate() {
            let mut slot = h as usize & (size - 1);
            while table[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = id as u32 + 1;
        }
        self.table = table;
    }

    /// The id of `word`, adding it when new.
    fn intern(&mut self, word: &str) -> usize {
        let h = hash_word(word.as_bytes());
        let mask = self.table.len() - 1;
        let mut slot = h as usize & mask;
        loop {
            let at = self.table[slot];
            if at == 0 {
                break;
            }
            let id = at as usize - 1;
            if self.hashes[id] == h {
                let known = self.word(id).as_bytes();
                let w = word.as_bytes();
                if known.len() == w.len() && known.iter().zip(w).all(|(a, b)| a == b) {
                    return id;
                }
            }
            slot = (slot + 1) & mask;
        }
        let id = self.hashes.len();
        self.table[slot] = id as u32 + 1;
        self.hashes.push(h);
        self.spans.push((self.arena.len() as u32, word.len() as u32));
        self.arena.push_str(word);
        self.postings.push(Set::empty());
        self.last.push(0);
        if self.hashes.len() * 2 > self.table.len() {
            self.grow();
        }
        id
    }

    /// Adds the tokens of `text` to entry `entry`; entries must be added in increasing order,
    /// each after every entry already sealed.
    pub(crate) fn add(&mut self, entry: u32, text: &str) {
        let mut buf = std::mem::take(&mut self.buf);
        for_each_token(text, &mut buf, |t| {
            let id = self.intern(t);
            if self.last[id] != entry + 1 {
                self.last[id] = entry + 1;
                self.postings[id].push(entry, entry as usize + 1, TOKEN_SPARSE_PER_DENSE);
            }
        });
        self.buf = buf;
    }

    /// Makes the entries added so far searchable, `n` being the entry count now: the new
    /// words are sorted on their own and merged into the dictionary's order, so a refresh
    /// costs the new words, not the whole dictionary again.
    pub(crate) fn seal(&mut self, n: usize) {
        self.n = n;
        let known = self.sorted.len();
        if known == self.hashes.len() {
            return;
        }
        let mut fresh: Vec<u32> = (known as u32..self.hashes.len() as u32).collect();
        fresh.sort_unstable_by(|&a, &b| self.word(a as usize).cmp(self.word(b as usize)));
        let old = std::mem::take(&mut self.sorted);
        let merged = super::merge_ordered(old, fresh, |&a, &b| self.word(a as usize) <= self.word(b as usize));
        self.sorted = merged;
    }

    /// See [`Set::compact`]: once a batch of files is in.
    pub(crate) fn compact(&mut self) {
        for p in &mut self.postings {
            p.compact(self.n, TOKEN_SPARSE_PER_DENSE);
        }
        self.arena.shrink_to_fit();
    }

    /// Entries matching every token of `text` as a word prefix, or `None` when `text` holds no
    /// token (no text filter).
    pub(crate) fn search(&self, text: &str) -> Option<Vec<u64>> {
        let terms = query_tokens(text);
        if terms.is_empty() {
            return None;
        }
        let mut acc: Option<Vec<u64>> = None;
        for term in &terms {
            let mut hits = vec![0u64; bits::words(self.n)];
            let start = self.sorted.partition_point(|&t| self.word(t as usize) < term.as_str());
            for &id in &self.sorted[start..] {
                if !self.word(id as usize).starts_with(term.as_str()) {
                    break;
                }
                if let Some(set) = self.postings.get(id as usize) {
                    set.or_into(&mut hits);
                }
            }
            match &mut acc {
                None => acc = Some(hits),
                Some(a) => bits::and_assign(a, &hits),
            }
        }
        acc
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.sorted.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = String::new();
        for_each_token(s, &mut buf, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn tokenizer_folds_case_and_apostrophes() {
        assert_eq!(tokens("Hunt’s 24-hour STRIKE, doctors' pay"), ["hunts", "24", "hour", "strike", "doctors", "pay"]);
        assert_eq!(tokens("Ça va — Ärzte"), ["ça", "va", "ärzte"]);
        assert!(tokens("  -- ,, ").is_empty());
        assert_eq!(tokens("abc"), ["abc"]);
        assert_eq!(tokens("'tis o’clock x'"), ["tis", "oclock", "x"]);
        assert_eq!(tokens("naïve café—ok’"), ["naïve", "café", "ok"]);
        assert_eq!(tokens("ÉCOLE-Ab9 ’’ 12"), ["école", "ab9", "12"]);
    }

    /// The tokenizer's definition, written the slow and obvious way.
    fn reference_tokens(s: &str) -> Vec<String> {
        let kept: String = s
            .chars()
            .filter(|&c| !is_apostrophe(c))
            .flat_map(|c| if c.is_alphanumeric() { c.to_lowercase().collect::<Vec<_>>() } else { vec![' '] })
            .collect();
        kept.split(' ').filter(|t| !t.is_empty()).map(str::to_string).collect()
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        #[test]
        fn fast_paths_agree_with_the_definition(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec!["abc", "x9", "Hunt", "’s", "'", "ʼ", " ", ",", "-", "é", "É", "ß", "—", "İ", "ǅ", "2016", "\n"])
                        .prop_map(str::to_string),
                    "\\PC".prop_map(|s: String| s),
                ],
                0..16,
            )
        ) {
            let s: String = parts.concat();
            proptest::prop_assert_eq!(tokens(&s), reference_tokens(&s));
        }
    }

    fn index(texts: &[&str]) -> TokenIndex {
        let mut b = TokenIndex::default();
        for (i, t) in texts.iter().enumerate() {
            b.add(i as u32, t);
        }
        b.seal(texts.len());
        b
    }

    fn hits(ix: &TokenIndex, q: &str) -> Option<Vec<u32>> {
        ix.search(q).map(|m| (0..ix.n as u32).filter(|&i| bits::test(&m, i)).collect())
    }

    #[test]
    fn search_prefix_and_all_words() {
        let ix = index(&["The strike goes on", "Strikes called off", "Hunt’s offer", "offer rejected by the BMA"]);
        assert_eq!(hits(&ix, "strik"), Some(vec![0, 1]));
        assert_eq!(hits(&ix, "STRIKE"), Some(vec![0, 1]));
        assert_eq!(hits(&ix, "strikes"), Some(vec![1]));
        assert_eq!(hits(&ix, "hunt's"), Some(vec![2]));
        assert_eq!(hits(&ix, "offer bma"), Some(vec![3]));
        assert_eq!(hits(&ix, "offer zzz"), Some(vec![]));
        assert_eq!(hits(&ix, "—"), None);
        assert_eq!(ix.len(), 12);
    }

    #[test]
    fn growing_in_steps_finds_what_one_build_finds() {
        let texts = ["The strike goes on", "Strikes called off", "Hunt’s offer", "offer rejected by the BMA", "a new word"];
        let whole = index(&texts);
        let mut steps = TokenIndex::default();
        for (i, t) in texts.iter().enumerate() {
            steps.add(i as u32, t);
            steps.seal(i + 1);
        }
        steps.compact();
        for q in ["strik", "offer", "the", "a", "new word", "bma", "zzz", "o"] {
            assert_eq!(hits(&steps, q), hits(&whole, q), "query {q}");
        }
        assert_eq!(steps.sorted.iter().map(|&t| steps.word(t as usize)).collect::<Vec<_>>(),
                   whole.sorted.iter().map(|&t| whole.word(t as usize)).collect::<Vec<_>>());
        // Entries added but not yet sealed are not searchable.
        steps.add(5, "unsealed");
        assert_eq!(hits(&steps, "unsealed"), Some(vec![]));
    }
}
