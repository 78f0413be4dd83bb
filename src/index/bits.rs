//! Sets of entry positions, stored either as a sorted id list or as a bitset, whichever is
//! cheaper for the set's density. Facet counting is "how many of this set are in that mask",
//! so every operation here takes a dense mask (`&[u64]`, one bit per entry).
//!
//! Invariant: a [`Set`] built for `n` entries only holds ids `< n`, and a mask for `n` entries
//! has exactly `words(n)` words with the bits past `n` clear.

/// Number of `u64` words a mask over `n` entries needs.
pub(crate) fn words(n: usize) -> usize {
    n.div_ceil(64)
}

/// A mask with the first `n` bits set.
pub(crate) fn full(n: usize) -> Vec<u64> {
    let mut bits = vec![u64::MAX; words(n)];
    let tail = n % 64;
    if tail != 0 {
        if let Some(last) = bits.last_mut() {
            *last = (1u64 << tail) - 1;
        }
    }
    bits
}

pub(crate) fn count(bits: &[u64]) -> usize {
    bits.iter().map(|w| w.count_ones() as usize).sum()
}

pub(crate) fn and_assign(acc: &mut [u64], other: &[u64]) {
    for (a, b) in acc.iter_mut().zip(other) {
        *a &= *b;
    }
}

pub(crate) fn and_count(a: &[u64], b: &[u64]) -> usize {
    a.iter().zip(b).map(|(x, y)| (x & y).count_ones() as usize).sum()
}

pub(crate) fn test(bits: &[u64], id: u32) -> bool {
    let id = id as usize;
    bits.get(id >> 6).is_some_and(|w| (w >> (id & 63)) & 1 == 1)
}

pub(crate) fn set(bits: &mut [u64], id: u32) {
    let id = id as usize;
    if let Some(w) = bits.get_mut(id >> 6) {
        *w |= 1 << (id & 63);
    }
}

/// Entry positions having one facet value (or one token).
#[derive(Debug, Clone)]
pub(crate) struct Set {
    len: usize,
    repr: Repr,
}

#[derive(Debug, Clone)]
enum Repr {
    /// Sorted, unique.
    Ids(Vec<u32>),
    Bits(Vec<u64>),
}

impl Set {
    /// `ids` must be sorted and unique. A set becomes a bitset once it holds more than one id
    /// per `sparse_per_dense` entries: facet values use 64 (a bitset is then never slower to
    /// count), tokens use 32 (where a bitset also stops costing more memory than the list).
    #[cfg(test)]
    pub(crate) fn from_sorted_ids(ids: Vec<u32>, n: usize, sparse_per_dense: usize) -> Set {
        let len = ids.len();
        if len.saturating_mul(sparse_per_dense) > n {
            let mut bits = vec![0u64; words(n)];
            for id in ids {
                set(&mut bits, id);
            }
            Set { len, repr: Repr::Bits(bits) }
        } else {
            Set { len, repr: Repr::Ids(ids) }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn empty() -> Set {
        Set { len: 0, repr: Repr::Ids(Vec::new()) }
    }

    /// Adds `id`, which must be greater than every member (entries arrive in order), while the
    /// index covers `n` entries (`id < n`). A list turns into a bitset by the same density rule
    /// as [`Set::from_sorted_ids`], judged against the `n` of the moment: the index grows file
    /// by file, and a set never turns back into a list. A bitset only has words up to its
    /// largest member, so it costs nothing for entries added after its last one.
    pub(crate) fn push(&mut self, id: u32, n: usize, sparse_per_dense: usize) {
        self.len += 1;
        match &mut self.repr {
            Repr::Ids(ids) => {
                ids.push(id);
                if ids.len().saturating_mul(sparse_per_dense) > n {
                    let mut bits = vec![0u64; words(id as usize + 1)];
                    for &i in ids.iter() {
                        set(&mut bits, i);
                    }
                    self.repr = Repr::Bits(bits);
                }
            }
            Repr::Bits(bits) => {
                let need = words(id as usize + 1);
                if bits.len() < need {
                    bits.resize(need, 0);
                }
                set(bits, id);
            }
        }
    }

    /// Re-chooses the representation for `n` entries: a set that was dense while the index
    /// was small may be sparse now (a word common in the first files and rare after them).
    pub(crate) fn compact(&mut self, n: usize, sparse_per_dense: usize) {
        let dense = self.len.saturating_mul(sparse_per_dense) > n;
        if let (Repr::Bits(bits), false) = (&self.repr, dense) {
            let mut ids = Vec::with_capacity(self.len);
            for (wi, &word) in bits.iter().enumerate() {
                let mut w = word;
                while w != 0 {
                    ids.push((wi * 64) as u32 + w.trailing_zeros());
                    w &= w - 1;
                }
            }
            self.repr = Repr::Ids(ids);
        }
    }

    /// Adds this set's members to `acc`.
    pub(crate) fn or_into(&self, acc: &mut [u64]) {
        match &self.repr {
            Repr::Ids(ids) => {
                for &id in ids {
                    set(acc, id);
                }
            }
            Repr::Bits(bits) => {
                for (a, b) in acc.iter_mut().zip(bits) {
                    *a |= *b;
                }
            }
        }
    }

    /// How many members are also in `mask`.
    pub(crate) fn count_in(&self, mask: &[u64]) -> usize {
        match &self.repr {
            Repr::Ids(ids) => ids.iter().filter(|&&id| test(mask, id)).count(),
            Repr::Bits(bits) => and_count(bits, mask),
        }
    }

    /// Members as a mask over `n` entries.
    #[cfg(test)]
    pub(crate) fn to_mask(&self, n: usize) -> Vec<u64> {
        let mut acc = vec![0u64; words(n)];
        self.or_into(&mut acc);
        acc
    }
}

/// Counts, for each set, its members inside `mask` (`None` = every entry).
pub(crate) fn count_each(sets: &[Set], mask: Option<&[u64]>) -> Vec<usize> {
    match mask {
        None => sets.iter().map(Set::len).collect(),
        Some(mask) => sets.iter().map(|s| s.count_in(mask)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_mask_clears_the_tail() {
        assert_eq!(count(&full(0)), 0);
        assert_eq!(count(&full(1)), 1);
        assert_eq!(count(&full(64)), 64);
        assert_eq!(count(&full(130)), 130);
        assert_eq!(full(130).len(), 3);
    }

    #[test]
    fn both_representations_count_alike() {
        let n = 1000;
        let ids: Vec<u32> = (0..n as u32).filter(|i| i % 7 == 3).collect();
        let sparse = Set::from_sorted_ids(ids.clone(), n, 1);
        let dense = Set::from_sorted_ids(ids.clone(), n, 64);
        assert!(matches!(sparse.repr, Repr::Ids(_)));
        assert!(matches!(dense.repr, Repr::Bits(_)));
        let mut mask = vec![0u64; words(n)];
        for i in (0..n as u32).filter(|i| i % 2 == 1) {
            set(&mut mask, i);
        }
        let want = ids.iter().filter(|i| *i % 2 == 1).count();
        assert_eq!(sparse.count_in(&mask), want);
        assert_eq!(dense.count_in(&mask), want);
        assert_eq!(sparse.to_mask(n), dense.to_mask(n));
        assert_eq!(sparse.len(), ids.len());
    }

    #[test]
    fn pushing_equals_building_at_once() {
        let n = 2000;
        let ids: Vec<u32> = (0..n as u32).filter(|i| i % 5 == 1 || *i > 1500).collect();
        let mut grown = Set::empty();
        for &id in &ids {
            grown.push(id, id as usize + 1, 64);
        }
        let built = Set::from_sorted_ids(ids.clone(), n, 64);
        assert!(matches!(grown.repr, Repr::Bits(_)), "dense early on, so a bitset");
        assert_eq!(grown.len(), built.len());
        assert_eq!(grown.to_mask(n), built.to_mask(n));
        let mut mask = vec![0u64; words(n)];
        for i in (0..n as u32).filter(|i| i % 3 == 0) {
            set(&mut mask, i);
        }
        assert_eq!(grown.count_in(&mask), built.count_in(&mask));
        // Dense while the index was small, sparse once it grew: compacting makes it a list.
        let mut early = Set::empty();
        early.push(10, 11, 64);
        early.push(5000, 5001, 64);
        assert!(matches!(early.repr, Repr::Bits(_)));
        early.compact(5001, 64);
        assert!(matches!(early.repr, Repr::Ids(ref ids) if ids == &[10, 5000]));
        assert_eq!(early.len(), 2);
        grown.compact(n, 64);
        assert!(matches!(grown.repr, Repr::Bits(_)), "still dense: kept as a bitset");
    }

    #[test]
    fn test_ignores_out_of_range_ids() {
        let mask = full(10);
        assert!(test(&mask, 9));
        assert!(!test(&mask, 10));
        assert!(!test(&mask, 10_000));
    }
}
