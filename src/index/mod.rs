//! The filter engine behind the page's facets: actor, stance, hour of day, source, date and a
//! word search, OR within a facet and AND across facets.
//!
//! Built over a corpus ([`Index::build`]) and grown as files arrive ([`Index::extend`]); a
//! query never looks at the entries themselves.
//! Filters are unions of per-value sets of entry positions (sorted id lists for rare values,
//! bitsets for common ones, see `bits`) intersected across facets; actor and stance counts
//! are set sizes within a mask; the histogram, source and date counts come from one pass over
//! the mask's entries reading a small per-entry slot array (cheaper than one set per value
//! when there are thousands of sources). The word search answers from a sorted token
//! dictionary (see `text`). So a facet change with all counts and the histogram costs a few
//! passes over `n / 64` words plus one over the matching entries: about half a millisecond
//! natively at 100,000 entries (see `benches/throughput.rs`).
//!
//! Counts follow the usual faceted-search rule: each facet's counts are computed with every
//! *other* facet's filter applied but not its own, so a value's count is what the result
//! would grow to (OR) if it were added. The text search has no counts; it filters all facets.
//!
//! An entry the analyser left without a stance is counted, filtered and stacked as
//! [`Stance::Neutral`] (see [`stance_of`]): the guidelines' meaning of "no evaluative
//! direction", and it keeps the four stance counts summing to the result count.
//!
//! ```
//! use liveblog::index::{Index, Query};
//! let index = Index::build(&[], &|_| None);
//! let result = index.query(&Query::from_query_string("stance=doctors&hour=9-11"));
//! assert_eq!((result.total, result.matches.len()), (0, 0));
//! ```

mod bits;
mod text;
mod url;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::model::{AnalysedEntry, Stance};
use bits::Set;

/// An actor, camp, source or date name, shared by the index and every query result: a query
/// at 8,328 files copied every source name, and those copies were a sixth of a filter click.
pub type Name = Arc<str>;

/// Which of an entry's actors the actor facet looks at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActorRole {
    /// Any actor the entry names (its mentions, which include its speakers).
    #[default]
    Any,
    /// Only actors whose words the entry quotes or reports.
    Speaker,
    /// Actors named in the entry; the same set as `Any` (mentions include speakers), kept
    /// apart so the page can show which toggle the user picked.
    Mentioned,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Order {
    #[default]
    NewestFirst,
    OldestFirst,
}

/// The page's filter state; round-trips through the URL ([`Query::to_query_string`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Canonical actor names; an entry matches when it has any of them in `actor_role`.
    pub actors: Vec<String>,
    pub actor_role: ActorRole,
    pub stances: Vec<Stance>,
    /// Hours of the day, 0-23 (others are ignored).
    pub hours: Vec<u8>,
    /// Include entries with no hour. Only meaningful when `hours` is non-empty: with no hour
    /// selected there is no hour filter at all.
    pub untimed: bool,
    /// Source file names.
    pub sources: Vec<String>,
    /// `YYYY-MM-DD`.
    pub dates: Vec<String>,
    /// Words that must all start some word of the entry's title or body (see [`Index`]).
    pub text: String,
    pub order: Order,
}

impl Query {
    /// True when no filter is active (the order and an actor role without actors are not
    /// filters, nor is `untimed` without hours, nor text holding no word).
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.stances.is_empty()
            && !self.hours.iter().any(|&h| h < 24)
            && self.sources.is_empty()
            && self.dates.is_empty()
            && text::query_tokens(&self.text).is_empty()
    }
}

/// One actor of the corpus with its count under the current query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorCount {
    pub name: Name,
    pub camp: Name,
    pub count: usize,
    /// Not in the codebook: found by structure, its camp taken from the analysis.
    pub unlisted: bool,
}

/// What one query gives: the matching entries and every facet's counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryResult {
    /// Positions into the entries given to [`Index::build`], in timeline order (`q.order`).
    pub matches: Vec<u32>,
    /// Entries in the index.
    pub total: usize,
    #[serde(flatten)]
    pub counts: FacetCounts,
}

/// Every facet's counts under one query. Apart from [`QueryResult::matches`] so that the page
/// can draw the list in a click's own task and these a frame later ([`Index::matches`],
/// [`Index::counts`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FacetCounts {
    /// All four stances, in [`Stance::ALL`] order.
    pub stances: Vec<(Stance, usize)>,
    /// Every actor of the corpus (zero counts included), grouped by camp (codebook camps in
    /// the guidelines' order, then other camps alphabetically, then `other`), then by count
    /// descending, then by name.
    pub actors: Vec<ActorCount>,
    /// Per hour of day, per stance ([`Stance::ALL`] order): the stacked histogram. Computed
    /// like any facet's counts: every filter applied except the hour filter.
    pub hours: [[u32; 4]; 24],
    /// Entries with no hour, counted like the histogram (every filter but the hour filter).
    pub untimed: usize,
    /// Each source with its count, in the order sources first appear in the entries.
    pub sources: Vec<(Name, usize)>,
    /// Each stated date with its count, ascending. Undated entries match no date filter.
    pub dates: Vec<(Name, usize)>,
}

/// One query's filters as masks: actor, stance, hour, source, date, then the word search;
/// `None` where the query selects nothing there (no filter).
struct Filters([Option<Vec<u64>>; 6]);

impl Filters {
    const ACTOR: usize = 0;
    const STANCE: usize = 1;
    const HOUR: usize = 2;
    const SOURCE: usize = 3;
    const DATE: usize = 4;

    /// Every filter but `skip` (pass `usize::MAX` for all); `None` when none applies.
    fn mask_without(&self, skip: usize) -> Option<Vec<u64>> {
        let mut acc: Option<Vec<u64>> = None;
        for (i, f) in self.0.iter().enumerate() {
            if let (Some(f), true) = (f, i != skip) {
                match &mut acc {
                    None => acc = Some(f.clone()),
                    Some(a) => bits::and_assign(a, f),
                }
            }
        }
        acc
    }
}

/// The stance an entry is filed under: its analysed stance, or neutral when it has none.
pub fn stance_of(e: &AnalysedEntry) -> Stance {
    e.analysis.stance.unwrap_or(Stance::Neutral)
}

fn stance_slot(s: Stance) -> usize {
    match s {
        Stance::Doctors => 0,
        Stance::Government => 1,
        Stance::Mixed => 2,
        Stance::Neutral => 3,
    }
}

/// The guidelines' camps, in the order the actor facet groups them.
const CAMP_ORDER: [&str; 7] = ["doctors", "government", "nhs_management", "opposition", "public", "experts", "media"];

struct Actor {
    name: Name,
    camp: Name,
    unlisted: bool,
    /// Position of its camp in the facet's grouping.
    camp_rank: u32,
    /// Position of its name in alphabetical order (sorting by it avoids string compares).
    name_rank: u32,
    speakers: Set,
    mentions: Set,
    /// The last entry added to each set, so an actor named twice in one entry counts once.
    speakers_last: Option<u32>,
    mentions_last: Option<u32>,
}

impl Actor {
    fn role_set(&self, role: ActorRole) -> &Set {
        match role {
            ActorRole::Speaker => &self.speakers,
            ActorRole::Any | ActorRole::Mentioned => &self.mentions,
        }
    }
}

/// The filter engine over one corpus. Extend it when entries are appended; build it again
/// when existing entries change (a correction, another codebook, a file removed).
///
/// **Timeline order** (for [`QueryResult::matches`]), oldest first:
/// 1. entries with a point in time, by it: the `utc` instant when it parses, else `date` and
///    `time` read as UTC, else `date` at 00:00; ties by position in the entries slice;
/// 2. then entries with a time but no date, by time of day, ties by position;
/// 3. then entries with neither, by position (source order, then `n`).
///
/// Newest first reverses groups 1 and 2 but keeps them ahead of group 3, which stays in
/// source order: entries with no time cannot be placed among the timed ones, and a live blog
/// reads newest first anyway.
///
/// **Text search**: case-insensitive over titles and bodies; every word of the query must be
/// the start of some word of the entry (`strik` finds `strike`), apostrophes ignored
/// (`Hunt's` = `Hunt’s` = `hunts`); other punctuation separates words.
pub struct Index {
    n: usize,
    all: Vec<u64>,
    actors: Vec<Actor>,
    actor_slot: HashMap<Name, usize>,
    /// The first camp the analysis gave each unlisted actor (as the entries came).
    unlisted_camps: HashMap<String, String>,
    stances: [Set; 4],
    hours: Vec<Set>,
    untimed: Set,
    sources: Vec<(Name, Set)>,
    source_slot: HashMap<Name, u32>,
    /// Dates in first-seen order (`date_of` points here); `date_order` lists them ascending.
    dates: Vec<(Name, Set)>,
    date_slot: HashMap<Name, u32>,
    date_order: Vec<u32>,
    /// Per entry: `hour * 4 + stance` (hour 24 = untimed), its source's and its date's
    /// position in `sources` / `dates` (`NO_DATE` when undated). Single-valued facets with
    /// many values (thousands of sources) are counted by one pass over the mask's entries
    /// rather than one pass per value.
    cell_of: Vec<u8>,
    source_of: Vec<u32>,
    date_of: Vec<u32>,
    /// The tallies of every entry, for facets whose mask is "everything".
    totals: Tally,
    tokens: text::TokenIndex,
    /// Group 1 of the timeline, oldest first, with each entry's instant.
    dated: Vec<(i64, u32)>,
    /// Group 2, earliest time of day first.
    clock_only: Vec<(i64, u32)>,
    /// Group 3, source order.
    untimed_order: Vec<u32>,
    /// The last text search, as (normalised words, hits): while the user clicks facets the
    /// text does not change, so its posting-list union need not be redone.
    text_cache: Mutex<Option<TextHits>>,
}

/// A text search's normalised words and the entries they found (`None`: no word, no filter).
type TextHits = (Vec<String>, Option<Vec<u64>>);

const NO_DATE: u32 = u32::MAX;
const CELLS: usize = 25 * 4;

/// Counts of the single-valued facets over one mask.
#[derive(Clone, Debug)]
struct Tally {
    cells: [u32; CELLS],
    sources: Vec<u32>,
    dates: Vec<u32>,
}

/// Calls `f` with each id set in `mask`, in increasing order.
fn for_each_id(mask: &[u64], mut f: impl FnMut(usize)) {
    for (wi, &word) in mask.iter().enumerate() {
        let mut w = word;
        while w != 0 {
            f(wi * 64 + w.trailing_zeros() as usize);
            w &= w - 1;
        }
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("entries", &self.n).field("actors", &self.actors.len()).finish_non_exhaustive()
    }
}

/// Seconds since the epoch of an entry's point in time, if it has one (timeline group 1).
fn instant(e: &AnalysedEntry) -> Option<i64> {
    let e = &e.entry;
    if let Some(t) = e.utc.as_deref().and_then(|u| chrono::DateTime::parse_from_rfc3339(u.trim()).ok()) {
        return Some(t.timestamp());
    }
    let date = chrono::NaiveDate::parse_from_str(e.date.as_deref()?.trim(), "%Y-%m-%d").ok()?;
    let time = e.time.as_deref().and_then(time_of_day).unwrap_or(0);
    let midnight = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
    Some(midnight + i64::from(time))
}

/// Merges `fresh` into the sorted `into` (both ordered by instant, then id).
fn merge_sorted(into: &mut Vec<(i64, u32)>, mut fresh: Vec<(i64, u32)>) {
    fresh.sort_unstable();
    let old = std::mem::take(into);
    *into = merge_ordered(old, fresh, |a, b| a <= b);
}

/// The merge of two lists each already in order (`le` says whether `a` goes before or with
/// `b`); equal items keep `old`'s first. Appending when `fresh` all comes after is the common
/// case while files arrive in time order.
pub(crate) fn merge_ordered<T: Copy>(old: Vec<T>, fresh: Vec<T>, le: impl Fn(&T, &T) -> bool) -> Vec<T> {
    match (old.last(), fresh.first()) {
        (_, None) => return old,
        (None, _) => return fresh,
        (Some(last), Some(first)) if le(last, first) => {
            let mut out = old;
            out.extend(fresh);
            return out;
        }
        _ => {}
    }
    let mut merged = Vec::with_capacity(old.len() + fresh.len());
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < fresh.len() {
        if le(&old[i], &fresh[j]) {
            merged.push(old[i]);
            i += 1;
        } else {
            merged.push(fresh[j]);
            j += 1;
        }
    }
    merged.extend_from_slice(&old[i..]);
    merged.extend_from_slice(&fresh[j..]);
    merged
}

/// Seconds since midnight of an `HH:MM` time.
fn time_of_day(t: &str) -> Option<u32> {
    let (h, m) = t.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.get(..2).unwrap_or(m).parse().ok()?);
    (h < 24 && m < 60).then_some(h * 3600 + m * 60)
}

impl Index {
    /// Indexes `entries` (positions in this slice are the ids [`QueryResult::matches`] holds).
    /// `camp_of` gives the codebook camp of a canonical actor name; actors it does not know
    /// take the camp their entry's `analysis.unlisted` gives, else `other`.
    pub fn build(entries: &[AnalysedEntry], camp_of: &dyn Fn(&str) -> Option<String>) -> Index {
        let mut index = Index::empty();
        index.extend(entries, camp_of);
        index.compact();
        index
    }

    /// An index of nothing, to [`Index::extend`] in steps.
    pub fn empty() -> Index {
        Index {
            n: 0,
            all: Vec::new(),
            actors: Vec::new(),
            actor_slot: HashMap::new(),
            unlisted_camps: HashMap::new(),
            stances: [Set::empty(), Set::empty(), Set::empty(), Set::empty()],
            hours: (0..24).map(|_| Set::empty()).collect(),
            untimed: Set::empty(),
            sources: Vec::new(),
            source_slot: HashMap::new(),
            dates: Vec::new(),
            date_slot: HashMap::new(),
            date_order: Vec::new(),
            cell_of: Vec::new(),
            source_of: Vec::new(),
            date_of: Vec::new(),
            totals: Tally { cells: [0; CELLS], sources: Vec::new(), dates: Vec::new() },
            tokens: text::TokenIndex::default(),
            dated: Vec::new(),
            clock_only: Vec::new(),
            untimed_order: Vec::new(),
            text_cache: Mutex::new(None),
        }
    }

    /// Catches up with `entries`, of which the index holds the first [`Index::len`]
    /// unchanged: only the entries after them are read. This is how the page stays
    /// filterable while thousands of files arrive: each refresh costs the new entries (plus
    /// a few passes over `n / 64` words and the timeline), not the whole corpus again. An
    /// index grown this way answers every query exactly as [`Index::build`] over the same
    /// entries (`tests/index_query.rs` checks it).
    pub fn extend(&mut self, entries: &[AnalysedEntry], camp_of: &dyn Fn(&str) -> Option<String>) {
        let start = self.n.min(entries.len());
        let fresh = &entries[start..];
        if fresh.is_empty() {
            return;
        }
        let mut dated = Vec::new();
        let mut clock_only = Vec::new();
        for (k, e) in fresh.iter().enumerate() {
            let i = start + k;
            let id = i as u32;
            let n_now = i + 1;
            let a = &e.analysis;
            for u in &a.unlisted {
                if !self.unlisted_camps.contains_key(&u.name) {
                    self.unlisted_camps.insert(u.name.clone(), u.camp.clone());
                }
            }
            // Speakers first so an actor's first-seen position is the same in both roles.
            for name in a.speakers.iter() {
                let slot = self.actor(name, camp_of);
                let actor = &mut self.actors[slot];
                if actor.speakers_last != Some(id) {
                    actor.speakers.push(id, n_now, 64);
                    actor.speakers_last = Some(id);
                }
            }
            for name in a.speakers.iter().chain(a.mentions.iter()) {
                let slot = self.actor(name, camp_of);
                let actor = &mut self.actors[slot];
                if actor.mentions_last != Some(id) {
                    actor.mentions.push(id, n_now, 64);
                    actor.mentions_last = Some(id);
                }
            }
            let s = stance_slot(stance_of(e));
            self.stances[s].push(id, n_now, 64);
            let h = e.entry.hour.filter(|&h| h < 24).map(usize::from);
            match h.and_then(|h| self.hours.get_mut(h)) {
                Some(set) => set.push(id, n_now, 64),
                None => self.untimed.push(id, n_now, 64),
            }
            self.cell_of.push((h.unwrap_or(24) * 4 + s) as u8);
            let source = match self.source_slot.get(e.entry.source.as_str()) {
                Some(&slot) => slot,
                None => {
                    let slot = self.sources.len() as u32;
                    let name = Name::from(e.entry.source.as_str());
                    self.source_slot.insert(name.clone(), slot);
                    self.sources.push((name, Set::empty()));
                    slot
                }
            };
            if let Some((_, set)) = self.sources.get_mut(source as usize) {
                set.push(id, n_now, 64);
            }
            self.source_of.push(source);
            let date = match e.entry.date.as_deref().filter(|d| !d.is_empty()) {
                None => NO_DATE,
                Some(d) => {
                    let slot = match self.date_slot.get(d) {
                        Some(&slot) => slot,
                        None => {
                            let slot = self.dates.len() as u32;
                            let name = Name::from(d);
                            self.date_slot.insert(name.clone(), slot);
                            self.dates.push((name, Set::empty()));
                            slot
                        }
                    };
                    if let Some((_, set)) = self.dates.get_mut(slot as usize) {
                        set.push(id, n_now, 64);
                    }
                    slot
                }
            };
            self.date_of.push(date);
            if let Some(t) = &e.entry.title {
                self.tokens.add(id, t);
            }
            self.tokens.add(id, &e.entry.body);
            match (instant(e), e.entry.time.as_deref().and_then(time_of_day)) {
                (Some(t), _) => dated.push((t, id)),
                (None, Some(t)) => clock_only.push((i64::from(t), id)),
                (None, None) => self.untimed_order.push(id),
            }
        }
        self.n = entries.len();
        self.all = bits::full(self.n);
        self.tokens.seal(self.n);
        merge_sorted(&mut self.dated, dated);
        merge_sorted(&mut self.clock_only, clock_only);
        self.date_order = (0..self.dates.len() as u32).collect();
        self.date_order.sort_by(|&a, &b| self.dates[a as usize].0.cmp(&self.dates[b as usize].0));
        self.rank_actors(camp_of);
        self.totals = self.tally(&self.all, [true; 3]);
        if let Ok(mut cache) = self.text_cache.lock() {
            *cache = None;
        }
    }

    /// Re-chooses every set's representation for the final size (see `Set::compact`); for
    /// when a batch of files has finished loading.
    pub fn compact(&mut self) {
        let n = self.n;
        for a in &mut self.actors {
            a.speakers.compact(n, 64);
            a.mentions.compact(n, 64);
        }
        for s in self.stances.iter_mut().chain(self.hours.iter_mut()).chain(std::iter::once(&mut self.untimed)) {
            s.compact(n, 64);
        }
        for (_, s) in self.sources.iter_mut().chain(self.dates.iter_mut()) {
            s.compact(n, 64);
        }
        self.tokens.compact();
    }

    /// The slot of actor `name`, created (with its camp) on first sight.
    fn actor(&mut self, name: &str, camp_of: &dyn Fn(&str) -> Option<String>) -> usize {
        if let Some(&slot) = self.actor_slot.get(name) {
            return slot;
        }
        let slot = self.actors.len();
        let listed = camp_of(name);
        let name = Name::from(name);
        self.actor_slot.insert(name.clone(), slot);
        self.actors.push(Actor {
            name,
            unlisted: listed.is_none(),
            camp: Name::from(listed.unwrap_or_default()),
            camp_rank: 0,
            name_rank: 0,
            speakers: Set::empty(),
            mentions: Set::empty(),
            speakers_last: None,
            mentions_last: None,
        });
        slot
    }

    /// Settles unlisted actors' camps (the first camp the analysis gave, whichever entry it
    /// came in) and the facet's grouping and name order, over every actor so far.
    fn rank_actors(&mut self, camp_of: &dyn Fn(&str) -> Option<String>) {
        for a in &mut self.actors {
            if a.unlisted {
                a.camp = Name::from(
                    self.unlisted_camps.get(&*a.name).filter(|c| !c.is_empty()).map_or("other", String::as_str),
                );
            } else if a.camp.is_empty() {
                a.camp = Name::from(camp_of(&a.name).filter(|c| !c.is_empty()).as_deref().unwrap_or("other"));
            }
        }
        let mut extra_camps: Vec<&str> =
            self.actors.iter().map(|a| &*a.camp).filter(|c| !CAMP_ORDER.contains(c) && *c != "other").collect();
        extra_camps.sort_unstable();
        extra_camps.dedup();
        let ranks: HashMap<String, u32> =
            CAMP_ORDER.iter().copied().chain(extra_camps).enumerate().map(|(i, c)| (c.to_string(), i as u32)).collect();
        let mut by_name: Vec<usize> = (0..self.actors.len()).collect();
        by_name.sort_by(|&a, &b| self.actors[a].name.cmp(&self.actors[b].name));
        for (rank, &i) in by_name.iter().enumerate() {
            self.actors[i].name_rank = rank as u32;
        }
        for a in &mut self.actors {
            a.camp_rank = ranks.get(&*a.camp).copied().unwrap_or(u32::MAX);
        }
    }

    /// Counts the histogram cells, sources and dates (each only if asked) of the entries in `mask`.
    fn tally(&self, mask: &[u64], [cells, sources, dates]: [bool; 3]) -> Tally {
        let mut t = Tally { cells: [0; CELLS], sources: vec![0; self.sources.len()], dates: vec![0; self.dates.len()] };
        let bump = |counts: &mut [u32], slot: Option<&u32>| {
            if let Some(c) = slot.and_then(|&s| counts.get_mut(s as usize)) {
                *c += 1;
            }
        };
        if cells && sources && dates {
            // The common case (at most one filter besides the text): one pass for all three.
            for_each_id(mask, |i| {
                if let Some(c) = self.cell_of.get(i).and_then(|&c| t.cells.get_mut(usize::from(c))) {
                    *c += 1;
                }
                bump(&mut t.sources, self.source_of.get(i));
                bump(&mut t.dates, self.date_of.get(i));
            });
            return t;
        }
        if cells {
            for_each_id(mask, |i| {
                if let Some(c) = self.cell_of.get(i).and_then(|&c| t.cells.get_mut(usize::from(c))) {
                    *c += 1;
                }
            });
        }
        if sources {
            for_each_id(mask, |i| bump(&mut t.sources, self.source_of.get(i)));
        }
        if dates {
            for_each_id(mask, |i| bump(&mut t.dates, self.date_of.get(i)));
        }
        t
    }

    /// Entries in the index.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The union of the named values' sets, or `None` when nothing is selected (no filter).
    /// Names the index does not hold select nothing.
    fn union<'a>(&self, sets: impl Iterator<Item = Option<&'a Set>>, any: bool) -> Option<Vec<u64>> {
        if !any {
            return None;
        }
        let mut acc = vec![0u64; self.all.len()];
        for s in sets.flatten() {
            s.or_into(&mut acc);
        }
        Some(acc)
    }

    fn text_filter(&self, text: &str) -> Option<Vec<u64>> {
        let words = text::query_tokens(text);
        if words.is_empty() {
            return None;
        }
        // A poisoned lock only means another query panicked mid-way; the cache is still valid
        // or empty, and searching afresh is always correct.
        if let Ok(cache) = self.text_cache.lock() {
            if let Some((w, hits)) = cache.as_ref() {
                if *w == words {
                    return hits.clone();
                }
            }
        }
        let hits = self.tokens.search(text);
        if let Ok(mut cache) = self.text_cache.lock() {
            *cache = Some((words, hits.clone()));
        }
        hits
    }

    /// Runs `q`: the matching entries in timeline order and every facet's counts.
    pub fn query(&self, q: &Query) -> QueryResult {
        let filters = self.filters(q);
        let all = filters.mask_without(usize::MAX);
        let matches = self.ordered(all.as_deref(), q.order);
        QueryResult { matches, total: self.n, counts: self.counts_with(&filters, all.as_deref(), q) }
    }

    /// The entries `q` matches, in timeline order: [`Self::query`] without the counts.
    pub fn matches(&self, q: &Query) -> Vec<u32> {
        self.ordered(self.filters(q).mask_without(usize::MAX).as_deref(), q.order)
    }

    /// Every facet's counts under `q`: [`Self::query`] without the matches.
    pub fn counts(&self, q: &Query) -> FacetCounts {
        let filters = self.filters(q);
        self.counts_with(&filters, filters.mask_without(usize::MAX).as_deref(), q)
    }

    fn filters(&self, q: &Query) -> Filters {
        let actor_f = self.union(
            q.actors.iter().map(|name| self.actor_slot.get(name.as_str()).map(|&i| self.actors[i].role_set(q.actor_role))),
            !q.actors.is_empty(),
        );
        let stance_f =
            self.union(q.stances.iter().map(|&s| Some(&self.stances[stance_slot(s)])), !q.stances.is_empty());
        let selected_hours: Vec<usize> = q.hours.iter().filter(|&&h| h < 24).map(|&h| usize::from(h)).collect();
        let hour_f = self.union(
            selected_hours.iter().map(|&h| self.hours.get(h)).chain(q.untimed.then_some(Some(&self.untimed))),
            !selected_hours.is_empty(),
        );
        let source_f = self.union(
            q.sources.iter().map(|s| self.source_slot.get(s.as_str()).map(|&i| &self.sources[i as usize].1)),
            !q.sources.is_empty(),
        );
        let date_f = self.union(
            q.dates.iter().map(|d| self.date_slot.get(d.as_str()).map(|&i| &self.dates[i as usize].1)),
            !q.dates.is_empty(),
        );
        let text_f = self.text_filter(&q.text);
        Filters([actor_f, stance_f, hour_f, source_f, date_f, text_f])
    }

    /// The counts under `filters`, whose every mask together is `all`.
    fn counts_with(&self, filters: &Filters, all: Option<&[u64]>, q: &Query) -> FacetCounts {
        let m_stance = filters.mask_without(Filters::STANCE);
        let stance_counts = bits::count_each(&self.stances, m_stance.as_deref());
        let stances = Stance::ALL.iter().map(|&s| (s, stance_counts[stance_slot(s)])).collect();

        let m_actor = filters.mask_without(Filters::ACTOR);
        let mut actor_rows: Vec<(&Actor, usize)> = self
            .actors
            .iter()
            .map(|a| {
                let set = a.role_set(q.actor_role);
                (a, m_actor.as_deref().map_or(set.len(), |mask| set.count_in(mask)))
            })
            .collect();
        actor_rows.sort_unstable_by_key(|(a, count)| (a.camp_rank, std::cmp::Reverse(*count), a.name_rank));
        let actors = actor_rows
            .into_iter()
            .map(|(a, count)| ActorCount { name: a.name.clone(), camp: a.camp.clone(), count, unlisted: a.unlisted })
            .collect();

        // Histogram, sources and dates: the facets without a filter of their own share one
        // pass over the full mask; a facet with a filter gets a pass over its own mask.
        const TALLIED: [usize; 3] = [Filters::HOUR, Filters::SOURCE, Filters::DATE];
        let own = TALLIED.map(|f| filters.0[f].is_some());
        let shared = all.map(|mask| self.tally(mask, own.map(|o| !o)));
        let mut tallies: [Option<Tally>; 3] = [None, None, None];
        for (k, &facet) in TALLIED.iter().enumerate() {
            if own[k] {
                let mut wanted = [false; 3];
                wanted[k] = true;
                tallies[k] = filters.mask_without(facet).map(|mask| self.tally(&mask, wanted));
            }
        }
        // No mask at all means every entry: the precomputed totals.
        let pick = |k: usize| -> &Tally {
            match (&tallies[k], &shared, own[k]) {
                (Some(t), _, _) => t,
                (None, Some(t), false) => t,
                _ => &self.totals,
            }
        };
        let mut hours = [[0u32; 4]; 24];
        let cells = &pick(0).cells;
        for (h, row) in hours.iter_mut().enumerate() {
            row.copy_from_slice(&cells[h * 4..h * 4 + 4]);
        }
        let untimed = cells[24 * 4..].iter().map(|&c| c as usize).sum();
        let sources =
            self.sources.iter().zip(&pick(1).sources).map(|((k, _), &c)| (k.clone(), c as usize)).collect();
        let date_counts = &pick(2).dates;
        let dates = self
            .date_order
            .iter()
            .filter_map(|&slot| {
                let (name, _) = self.dates.get(slot as usize)?;
                Some((name.clone(), date_counts.get(slot as usize).copied().unwrap_or(0) as usize))
            })
            .collect();

        FacetCounts { stances, actors, hours, untimed, sources, dates }
    }

    fn ordered(&self, mask: Option<&[u64]>, order: Order) -> Vec<u32> {
        let newest = order == Order::NewestFirst;
        let Some(mask) = mask else {
            let mut out = Vec::with_capacity(self.n);
            for timed in [&self.dated, &self.clock_only] {
                if newest {
                    out.extend(timed.iter().rev().map(|t| t.1));
                } else {
                    out.extend(timed.iter().map(|t| t.1));
                }
            }
            out.extend_from_slice(&self.untimed_order);
            return out;
        };
        // Branch-free selection: every id is written, and the length only advances past the
        // ones in the mask. A match rate near one half would otherwise mispredict every other
        // entry, which was most of the cost of a query.
        let total = bits::count(mask);
        let mut out = vec![0u32; total + 1];
        let mut len = 0;
        let mut take = |id: u32| {
            let word = mask.get(id as usize >> 6).copied().unwrap_or(0);
            out[len.min(total)] = id;
            len += ((word >> (id & 63)) & 1) as usize;
        };
        for timed in [&self.dated, &self.clock_only] {
            if newest {
                timed.iter().rev().for_each(|t| take(t.1));
            } else {
                timed.iter().for_each(|t| take(t.1));
            }
        }
        self.untimed_order.iter().for_each(|&id| take(id));
        out.truncate(len.min(total));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Analysis, Entry, EntryId, ShortText, UnlistedActor};

    fn entry(
        i: usize,
        hour: Option<u8>,
        stance: Option<Stance>,
        speakers: &[&str],
        mentions: &[&str],
    ) -> AnalysedEntry {
        AnalysedEntry {
            entry: Entry {
                id: EntryId::new(&format!("e{i}")).expect("a test id fits"),
                source: ["a.txt", "b.txt"][i % 2].into(),
                n: i + 1,
                title: Some(format!("Title {i}")),
                time: hour.map(|h| ShortText::new(&format!("{h:02}:{:02}", i % 60)).expect("fits")),
                tz: hour.map(|_| ShortText::new("GMT").expect("fits")),
                date: hour.map(|_| ShortText::new("2016-02-10").expect("fits")),
                utc: None,
                hour,
                body: format!("Body number{i} strike"),
                embeds: vec![],
                line: 1,
            },
            analysis: Analysis {
                speakers: speakers.iter().map(|&s| crate::model::ActorName::from(s)).collect(),
                mentions: mentions.iter().map(|&s| crate::model::ActorName::from(s)).collect(),
                stance,
                ..Analysis::default()
            },
        }
    }

    fn camp_of(name: &str) -> Option<String> {
        match name {
            "Jeremy Hunt" => Some("government".into()),
            "BMA" => Some("doctors".into()),
            _ => None,
        }
    }

    fn sample() -> Vec<AnalysedEntry> {
        let mut v = vec![
            entry(0, Some(9), Some(Stance::Doctors), &["BMA"], &["BMA", "Jeremy Hunt"]),
            entry(1, Some(10), Some(Stance::Government), &["Jeremy Hunt"], &["Jeremy Hunt"]),
            entry(2, None, None, &[], &["Jeremy Hunt"]),
            entry(3, Some(9), Some(Stance::Mixed), &[], &["Picket Nurse"]),
        ];
        v[3].analysis.unlisted.push(UnlistedActor {
            name: "Picket Nurse".into(),
            kind: "person".into(),
            camp: "public".into(),
            role: None,
        });
        v
    }

    #[test]
    fn facet_counts_ignore_their_own_filter() {
        let entries = sample();
        let ix = Index::build(&entries, &camp_of);
        let r = ix.query(&Query { stances: vec![Stance::Doctors], ..Query::default() });
        assert_eq!(r.matches, [0]);
        // Stance counts see no stance filter; the untimed, stanceless entry counts as neutral.
        assert_eq!(
            r.counts.stances,
            [(Stance::Doctors, 1), (Stance::Government, 1), (Stance::Mixed, 1), (Stance::Neutral, 1)]
        );
        let hunt = r.counts.actors.iter().find(|a| &*a.name == "Jeremy Hunt").map(|a| a.count);
        assert_eq!(hunt, Some(1));
        assert_eq!(r.counts.hours[9], [1, 0, 0, 0]);
        assert_eq!(r.counts.hours[10], [0, 0, 0, 0]);
        assert_eq!(r.counts.untimed, 0);
    }

    #[test]
    fn actors_grouped_by_camp_with_unlisted_camps() {
        let ix = Index::build(&sample(), &camp_of);
        let r = ix.query(&Query::default());
        let rows: Vec<(&str, &str, usize, bool)> =
            r.counts.actors.iter().map(|a| (&*a.name, &*a.camp, a.count, a.unlisted)).collect();
        assert_eq!(
            rows,
            [
                ("BMA", "doctors", 1, false),
                ("Jeremy Hunt", "government", 3, false),
                ("Picket Nurse", "public", 1, true)
            ]
        );
        let speakers = ix.query(&Query { actor_role: ActorRole::Speaker, ..Query::default() });
        assert_eq!(speakers.counts.actors.iter().find(|a| &*a.name == "Jeremy Hunt").map(|a| a.count), Some(1));
        assert_eq!(speakers.counts.actors.len(), 3, "actors with no speaking entry are still listed");
    }

    #[test]
    fn results_share_the_index_names() {
        // A click's result lists every source, date and actor: they are the index's own names,
        // not copies (at 8,328 files the copies were a sixth of a filter click).
        let ix = Index::build(&sample(), &camp_of);
        let (a, b) = (ix.query(&Query::default()), ix.query(&Query { hours: vec![9], ..Query::default() }));
        let same = |x: &[(Name, usize)], y: &[(Name, usize)]| x.iter().zip(y).all(|(p, q)| Arc::ptr_eq(&p.0, &q.0));
        assert!(!a.counts.sources.is_empty() && same(&a.counts.sources, &b.counts.sources));
        assert!(!a.counts.dates.is_empty() && same(&a.counts.dates, &b.counts.dates));
        assert!(!b.counts.actors.is_empty());
        for q in &b.counts.actors {
            let p = a.counts.actors.iter().find(|p| p.name == q.name).expect("the same actors");
            assert!(Arc::ptr_eq(&p.name, &q.name) && Arc::ptr_eq(&p.camp, &q.camp));
        }
    }

    #[test]
    fn hours_with_untimed_and_ordering() {
        let ix = Index::build(&sample(), &camp_of);
        let q = Query { hours: vec![9], ..Query::default() };
        assert_eq!(ix.query(&q).matches, [3, 0]);
        let q = Query { hours: vec![9], untimed: true, order: Order::OldestFirst, ..Query::default() };
        assert_eq!(ix.query(&q).matches, [0, 3, 2]);
        assert_eq!(ix.query(&Query { untimed: true, ..Query::default() }).matches.len(), 4);
        assert_eq!(ix.query(&Query::default()).matches, [1, 3, 0, 2]);
    }

    #[test]
    fn unknown_values_select_nothing() {
        let ix = Index::build(&sample(), &camp_of);
        assert!(ix.query(&Query { actors: vec!["Nobody".into()], ..Query::default() }).matches.is_empty());
        assert!(ix.query(&Query { sources: vec!["c.txt".into()], ..Query::default() }).matches.is_empty());
        let r = ix.query(&Query { actors: vec!["Nobody".into(), "BMA".into()], ..Query::default() });
        assert_eq!(r.matches, [0]);
    }

    #[test]
    fn text_cache_gives_the_same_answer() {
        let ix = Index::build(&sample(), &camp_of);
        let q = Query { text: "number1".into(), ..Query::default() };
        let first = ix.query(&q);
        let second = ix.query(&Query { stances: vec![Stance::Government], ..q.clone() });
        assert_eq!(first.matches, [1]);
        assert_eq!(second.matches, [1]);
        assert_eq!(ix.query(&Query { text: "number3 STRIKE".into(), ..Query::default() }).matches, [3]);
    }

    #[test]
    fn instant_prefers_utc_then_date_and_time() {
        let mut e = entry(0, Some(9), None, &[], &[]);
        assert_eq!(instant(&e), Some(1455094800));
        e.entry.utc = ShortText::new("2016-02-10T08:00:00Z");
        assert_eq!(instant(&e), Some(1455091200));
        e.entry.utc = ShortText::new("garbage");
        e.entry.time = ShortText::new("bad");
        assert_eq!(instant(&e), Some(1455062400));
    }
}
