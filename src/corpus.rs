//! Many files -> one corpus: entries merged, an entry saved in two overlapping pages kept once,
//! every file's diagnostics kept; one bad file never stops the others.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::analyze::text::FxBuild;
use crate::model::{Blog, Diagnostic, Entry, EntryId, Severity};
use crate::parse;

/// Everything loaded so far. `entries` keep file order, then document order within a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Corpus {
    pub blogs: Vec<Blog>,
    pub entries: Vec<Entry>,
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of `entries`, kept so adding the 5,000th file does not rehash the first 4,999.
    /// Hashed with Fx, not SipHash: an id is itself a hash of the entry, and SipHash cost
    /// more than the rest of each insert.
    /// An id is held in place ([`EntryId`]), so keeping it here is a copy, not an allocation.
    #[serde(skip)]
    ids: HashSet<EntryId, FxBuild>,
}

/// What adding one file did, for the file's chip in the page and the CLI's exit code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub source: String,
    /// True when the file gave at least one entry.
    pub loaded: bool,
    /// Entries added (duplicates of already-loaded entries are not counted).
    pub added: usize,
    /// Entries skipped because an identical entry was already loaded.
    pub duplicates: usize,
    pub format: Option<crate::model::Format>,
}

/// What [`Corpus::admit`] made of one file's items.
#[derive(Debug)]
pub struct Admitted<T> {
    pub report: FileReport,
    /// Not loaded before: the caller keeps them.
    pub fresh: Vec<T>,
    /// Already loaded from an earlier file, in the file's order.
    pub duplicates: Vec<T>,
}

impl Corpus {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses one file and merges it in. Never fails: problems become diagnostics.
    pub fn add_file(&mut self, source: &str, bytes: &[u8]) -> FileReport {
        // A corpus read back from JSON has entries but no id set yet.
        if self.ids.len() != self.entries.len() {
            self.ids = self.entries.iter().map(|e| e.id).collect();
        }
        let (report, fresh) = self.add_file_entries(source, bytes);
        self.entries.extend(fresh);
        report
    }

    /// [`Corpus::add_file`] for a caller that keeps the entries itself: the new entries are
    /// handed back and only their ids stay here, to keep later duplicates out. `entries` is
    /// left as it was.
    pub fn add_file_entries(&mut self, source: &str, bytes: &[u8]) -> (FileReport, Vec<Entry>) {
        let parsed = parse::parse_file(source, bytes);
        let admitted = self.admit(source, parsed.blogs, parsed.entries, parsed.diagnostics, |e| e.id);
        (admitted.report, admitted.fresh)
    }

    /// Merges a file parsed elsewhere (the page parses in a worker): its blogs and messages
    /// are kept, its items split into those not loaded yet and those whose entry id already
    /// is, both handed back. `entries` is left as it was.
    pub fn admit<T>(
        &mut self,
        source: &str,
        blogs: Vec<Blog>,
        items: Vec<T>,
        diagnostics: Vec<Diagnostic>,
        id_of: impl Fn(&T) -> EntryId,
    ) -> Admitted<T> {
        let loaded = !items.is_empty();
        // In place, in order: only the duplicates move out (moving every item into a new
        // list copied every entry once more).
        let mut fresh = items;
        let held: Vec<T> = fresh.extract_if(.., |item| !self.ids.insert(id_of(item))).collect();
        let duplicates = held.len();
        if duplicates > 0 {
            self.diagnostics.push(Diagnostic::new(
                source,
                None,
                Severity::Info,
                format!("{duplicates} entries already loaded from another file were kept once"),
            ));
        }
        let added = fresh.len();
        let format = blogs.first().map(|b| b.format);
        self.blogs.extend(blogs);
        self.diagnostics.extend(diagnostics);
        Admitted { report: FileReport { source: source.to_string(), loaded, added, duplicates, format }, fresh, duplicates: held }
    }

    /// Forgets a file: its blogs, entries and diagnostics.
    pub fn remove_source(&mut self, source: &str) {
        let (gone, kept): (Vec<Entry>, Vec<Entry>) =
            std::mem::take(&mut self.entries).into_iter().partition(|e| e.source == source);
        self.entries = kept;
        self.forget(source, gone.iter().map(|e| e.id));
    }

    /// [`Corpus::remove_source`] for a caller that keeps the entries itself
    /// ([`Corpus::admit`]): the file's blogs and messages go, and the ids of its entries.
    pub fn forget(&mut self, source: &str, ids: impl IntoIterator<Item = EntryId>) {
        self.blogs.retain(|b| b.source != source);
        self.diagnostics.retain(|d| d.source != source);
        for id in ids {
            self.ids.remove(&id);
        }
    }

    pub fn sources(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.blogs.iter().map(|b| b.source.as_str()).filter(|s| seen.insert(*s)).collect()
    }
}

/// Loads several files at once, in the order given: [`Corpus::add_file`] for each. Each
/// file's entries are kept apart, then moved into a list sized once for all of them: growing
/// one list file by file copied every entry loaded so far at each doubling.
pub fn load_corpus(files: &[(&str, &[u8])]) -> Corpus {
    let mut corpus = Corpus::new();
    let mut per_file = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        // (a new corpus has no entries read back without their ids, which `add_file` checks)
        per_file.push(corpus.add_file_entries(name, bytes).1);
    }
    corpus.entries.reserve_exact(per_file.iter().map(Vec::len).sum());
    for entries in per_file {
        corpus.entries.extend(entries);
    }
    corpus
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Two ids, as the corpus keeps them, are equal exactly when they are the same text
        /// (however short), and an id of sixteen hex digits, the parser's, is always kept.
        #[test]
        fn id_keys_are_equal_when_ids_are(
            a in "[0-9a-fA-F]{0,3}|[0-9a-f]{15,17}|[0-9a-gA]{16}|[0-9a-f]{14}é",
            b in "[0-9a-f]{16}|[0-9a-f]{1,2}|[0-9a-f]{15}é",
            swap: bool,
            v: u64,
        ) {
            let b = if swap { a.clone() } else { b };
            if let (Some(ka), Some(kb)) = (EntryId::new(&a), EntryId::new(&b)) {
                proptest::prop_assert_eq!(ka == kb, a == b);
                let set: HashSet<EntryId, FxBuild> = [ka, kb].into_iter().collect();
                proptest::prop_assert_eq!(set.len() == 1, a == b);
            }
            let id = format!("{v:016x}");
            proptest::prop_assert_eq!(EntryId::new(&id).map(|k| k.as_str().to_string()), Some(id));
        }
    }

    /// A removed file's entries, blogs and messages go, and its entries can come back from
    /// another file that shares them (their ids are no longer taken).
    #[test]
    fn removing_a_source_frees_its_entry_ids() {
        let text = b"Strike live\n\n10.00am GMT\n\nThe BMA said the strike goes on.\n";
        let mut corpus = load_corpus(&[("a.txt", text), ("b.txt", b"\xff\x00binary")]);
        assert_eq!(corpus.entries.len(), 1);
        corpus.remove_source("a.txt");
        assert!(corpus.entries.is_empty() && corpus.sources().is_empty());
        assert!(corpus.diagnostics.iter().all(|d| d.source != "a.txt"));
        assert!(corpus.diagnostics.iter().any(|d| d.source == "b.txt"));
        assert_eq!(corpus.add_file("c.txt", text).added, 1, "the same entry loads again from another file");
    }
}
