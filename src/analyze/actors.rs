//! Actors in an entry: codebook actors by alias (with context filters), and actors the
//! codebook does not list, found by the shape of the text:
//!
//! - a title or a role before a capitalised name: "Dr Rachel Clarke", "junior doctor Holly
//!   Cooper", "BBC news correspondent Dan Johnson";
//! - an appositive after it: "Helen Nightingale, 31, a junior doctor at St Mary's",
//!   "Tim Farron, leader of the Liberal Democrats", "Maryann Noronha, who works...",
//!   "Bill Morgan - who was a special adviser", "Christopher Hix is a trustee of...";
//! - family: "John Fitzgerald's 15-year-old son, James";
//! - organisation names ending in an organisation noun: "the NHS Choir".
//!
//! Capitalised names without such evidence are kept as unconfirmed candidates: they become
//! actors only if they speak (a speech verb, a pronoun that needs them), so the blog's own
//! reporters ("Damien Gayle has moved on to Lewisham") are not reported as actors. A lone
//! surname or first name ("Patel", "Maddy") refers back to a full name found in the entry.

use std::cell::Cell;

use crate::model::ActorName;
use super::lexicon::{seq_matches, Cat, Hit};
use super::scratch::{self, reusable_fields, scratch_home};
use super::text::{may_be_one_of, word_hash, Doc, FewWords, FxMap};
use super::{Analyzer, CampOf, Cand, CandKind, Ment, Who, ALIAS_MARKS, OFFICE_ALIAS, WEAK_ALIAS};

/// The actors found in one entry. Its lists are scratch tables: they live only while the
/// entry is analysed (what the analysis keeps is copied out of them), and go back to their
/// home, in the box they came in, when it is dropped.
#[derive(Debug)]
pub(crate) struct Found {
    /// Sorted by start token.
    pub ments: Vec<Ment>,
    pub cands: Vec<Cand>,
    /// Per candidate, the camp its role suggests, as where its text is kept: worked out by
    /// [`Analyzer::cand_camp`] when first asked. A third of candidates stay unconfirmed and
    /// most are never asked about.
    pub cand_camp: Vec<Cell<Option<CampOf>>>,
    /// Each candidate's lowercased first and last name (multi-word person names only), as
    /// ranges of `part_text`.
    parts: Vec<NameParts>,
    part_text: String,
    /// Name -> candidate, and lowercased first and last names -> candidates: kept only once
    /// there are more than [`FEW_CANDS`] candidates. Fewer (most entries have one or two) are
    /// searched in `cands` and `parts`, which costs less than a key's allocation.
    by_name: FxMap<ActorName, u32>,
    by_part: FxMap<String, Vec<u32>>,
    /// The box the lists came in (empty while they are out), to go back in; `None` only
    /// while it is being given back.
    lists: Option<Box<Lists>>,
}

/// A [`Found`]'s lists between entries, in one home, boxed: taking and giving back seven
/// tables one home at a time cost about 0.7M instructions of the probe's analysis, and a
/// box moves as one pointer where the lists themselves are a copy of some 200 bytes.
#[derive(Debug, Default)]
struct Lists {
    ments: Vec<Ment>,
    cands: Vec<Cand>,
    cand_camp: Vec<Cell<Option<CampOf>>>,
    parts: Vec<NameParts>,
    part_text: String,
    by_name: FxMap<ActorName, u32>,
    by_part: FxMap<String, Vec<u32>>,
}

reusable_fields!(Box<Lists> { ments, cands, cand_camp, parts, part_text, by_name, by_part });

impl Drop for Found {
    fn drop(&mut self) {
        let Some(mut lists) = self.lists.take() else { return };
        lists.ments = std::mem::take(&mut self.ments);
        lists.cands = std::mem::take(&mut self.cands);
        lists.cand_camp = std::mem::take(&mut self.cand_camp);
        lists.parts = std::mem::take(&mut self.parts);
        lists.part_text = std::mem::take(&mut self.part_text);
        lists.by_name = std::mem::take(&mut self.by_name);
        lists.by_part = std::mem::take(&mut self.by_part);
        scratch::give_back(&LISTS, lists);
    }
}

/// The tables [`find`] works in, kept between entries in one home, boxed: taking and giving
/// back eight tables one home at a time cost more than their work in most entries, and a
/// box moves as one pointer where the tables themselves are a copy of some 200 bytes.
#[derive(Debug, Default)]
struct Work {
    covered: Vec<bool>,
    weak_ments: Vec<usize>,
    strong: Vec<u32>,
    groups: Vec<Hit>,
    singles: Vec<(u32, bool)>,
    dropped: Vec<bool>,
    /// Hashes of the words a listed person's lone alias turned out to be part of another name
    /// with, in this entry ([`in_another_name`]): their later lone uses are that person too.
    others: Vec<u32>,
    /// (actor, word hash) of each lone alias found in another name: the actor's lone uses of
    /// that word before it ("Lamb speaks" in the title, then "Dr Sophie Lamb") are retracted.
    retracted: Vec<(u32, u32)>,
    /// (start, end, actor) of the office aliases that named their holder ([`office_holders`]).
    office_spans: Vec<(u32, u32, u32)>,
}

reusable_fields!(Box<Work> { covered, weak_ments, strong, groups, singles, dropped, others, retracted, office_spans });

/// A candidate's lowercased first and last name as ranges of `Found::part_text`, if it is a
/// person named by two words or more.
type NameParts = Option<[(u32, u32); 2]>;

/// Up to this many candidates, names and parts are searched instead of kept in maps.
const FEW_CANDS: usize = 16;

impl Found {
    /// An empty set of findings, in the lists the last entry's left.
    fn take() -> Found {
        let mut lists: Box<Lists> = scratch::take(&LISTS);
        Found {
            ments: std::mem::take(&mut lists.ments),
            cands: std::mem::take(&mut lists.cands),
            cand_camp: std::mem::take(&mut lists.cand_camp),
            parts: std::mem::take(&mut lists.parts),
            part_text: std::mem::take(&mut lists.part_text),
            by_name: std::mem::take(&mut lists.by_name),
            by_part: std::mem::take(&mut lists.by_part),
            lists: Some(lists),
        }
    }

    /// Registers a candidate (once per name) and returns its index.
    pub fn add_cand(&mut self, name: &str, kind: CandKind, role: Option<String>, confirmed: bool) -> u32 {
        if let Some(i) = self.cand_named(name) {
            let c = &mut self.cands[i as usize];
            c.confirmed |= confirmed;
            if c.role.is_none() {
                c.role = role;
            }
            return i;
        }
        let i = self.cands.len() as u32;
        // first and last word without a list of the words
        let mut words = name.split_whitespace();
        let parts = if let (CandKind::Person, Some(first), Some(last)) = (kind, words.next(), words.next_back()) {
            let from = self.part_text.len() as u32;
            super::push_lowercase(&mut self.part_text, first);
            let mid = self.part_text.len() as u32;
            super::push_lowercase(&mut self.part_text, last);
            Some([(from, mid), (mid, self.part_text.len() as u32)])
        } else {
            None
        };
        self.parts.push(parts);
        self.cands.push(Cand { name: ActorName::from(name), kind, role, confirmed });
        if self.cands.len() == FEW_CANDS + 1 {
            // too many to search: the maps, of every candidate so far, in order
            for j in 0..self.cands.len() as u32 {
                self.keep_in_maps(j);
            }
        } else if self.cands.len() > FEW_CANDS + 1 {
            self.keep_in_maps(i);
        }
        i
    }

    /// Adds candidate `i` to `by_name` and `by_part`.
    fn keep_in_maps(&mut self, i: u32) {
        let Some(c) = self.cands.get(i as usize) else { return };
        self.by_name.insert(c.name.clone(), i);
        let (first, last) = (self.part(i, 0).to_string(), self.part(i, 1).to_string());
        if self.parts.get(i as usize).is_some_and(Option::is_some) {
            if last != first {
                self.by_part.entry(last).or_default().push(i);
            }
            self.by_part.entry(first).or_default().push(i);
        }
    }

    /// The candidate named `name`, if any.
    fn cand_named(&self, name: &str) -> Option<u32> {
        if self.cands.len() > FEW_CANDS {
            self.by_name.get(name).copied()
        } else {
            self.cands.iter().position(|c| c.name == name).map(|i| i as u32)
        }
    }

    /// Candidate `i`'s lowercased first (`which` 0) or last (1) name; empty when it has none.
    fn part(&self, i: u32, which: usize) -> &str {
        let range = self.parts.get(i as usize).copied().flatten().map(|p| p[which]);
        range.and_then(|(s, e)| self.part_text.get(s as usize..e as usize)).unwrap_or_default()
    }

    /// The multi-word person candidates whose lowercased first or last name is `low`, in order.
    fn cands_with_part<'s>(&'s self, low: &'s str) -> impl Iterator<Item = u32> + 's {
        let kept = self.cands.len() > FEW_CANDS;
        let mapped = if kept { self.by_part.get(low) } else { None };
        let searched = if kept { 0..0 } else { 0..self.cands.len() as u32 };
        let named = move |&j: &u32| self.parts.get(j as usize).is_some_and(Option::is_some) && (self.part(j, 0) == low || self.part(j, 1) == low);
        mapped.into_iter().flatten().copied().chain(searched.filter(named))
    }

    pub fn confirm(&mut self, who: Who) {
        if let Who::Unlisted(i) = who {
            if let Some(c) = self.cands.get_mut(i as usize) {
                c.confirmed = true;
            }
        }
    }
}

/// Words before "a junior doctor" that make it a role, not a person ("worked as a ...").
const PREDICATE: FewWords = FewWords::new(&["as", "is", "was", "be", "been", "being", "are", "were", "become", "became", "remains", "like"]);

/// Capitalised words that open a role ("Health Secretary", "Shadow health secretary").
const ROLE_MODIFIERS: FewWords = FewWords::new(&[
    "health", "shadow", "junior", "senior", "chief", "former", "prime", "deputy", "assistant", "general", "foreign",
    "home", "transport", "education", "justice", "business", "labour", "conservative", "liberal",
]);

const CONNECTORS: FewWords = FewWords::new(&["de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "bin", "al", "el", "ter"]);

scratch_home!(WORK: Box<Work>);
scratch_home!(LISTS: Box<Lists>);

pub(crate) fn find(az: &Analyzer, doc: &Doc, hits: &[Hit], date: Option<&str>) -> Found {
    let n = doc.len();
    let mut found = Found::take();
    found.ments.reserve(hits.len() + 16);
    // taken and given back by hand: a `Scratch` would leave a new box behind when dropped
    let mut work: Box<Work> = scratch::take(&WORK);
    let Work { covered, weak_ments, strong, groups, singles, dropped, others, retracted, office_spans } = &mut *work;
    covered.resize(n as usize, false);

    // one pass over the hits: group hits (a few an entry) are listed for after the actors,
    // whose coverage they need; a second pass over every hit to find them cost more
    for h in hits {
        if h.cat != Cat::Actor {
            if h.cat == Cat::Group {
                groups.push(*h);
            }
            continue;
        }
        let ai = (h.id & !ALIAS_MARKS) as usize;
        let weak = h.id & WEAK_ALIAS != 0;
        if followed_by_context(az, doc, ai, h.e, true) {
            continue;
        }
        if az.ctx_after.get(ai).is_some_and(|ctx| {
            ctx.iter().any(|seq| {
                let l = seq.len() as u32;
                h.s >= l && seq_matches(doc, h.s - l, seq)
            })
        }) {
            continue;
        }
        if h.id & OFFICE_ALIAS != 0 {
            office_spans.push((h.s, h.e, ai as u32));
            if let Some(Some(office)) = az.actor_office.get(ai).filter(|o| o.as_ref().is_some_and(|o| !o.covers(date))) {
                // out of its holder's term, "the health secretary" is whoever held it then: the
                // office, reported by its title, of the holder's camp (its role is the title)
                let i = found.add_cand(&office.title, CandKind::Person, Some(office.title.clone()), true);
                if let Some(span) = covered.get_mut(h.s as usize..h.e as usize) {
                    span.fill(true);
                }
                found.ments.push(Ment { s: h.s, e: h.e, who: Who::Unlisted(i), person: true, speaker_only: false });
                continue;
            }
        }
        if in_another_name(az, doc, ai, h.s, h.e, others) {
            retracted.push((ai as u32, doc.toks[h.s as usize].h));
            continue;
        }
        let mut e = h.e;
        let mut person = az.actor_person.get(ai).copied().unwrap_or(false);
        if az.actor_group.get(ai).copied().unwrap_or(false) && h.s > 0 {
            let prev = h.s - 1;
            if doc.toks[prev as usize].is_word() && az.determiners.has(doc, prev) {
                // "one junior doctor said" is somebody; "worked as a junior doctor" is a role
                let predicate = prev > 0
                    && doc.toks[prev as usize - 1].is_word()
                    && PREDICATE.has(doc, prev - 1);
                person = !predicate;
            }
        }
        if e < n && doc.toks[e as usize].is_word() && az.speaker_nouns.has(doc, e) && !doc.toks[e as usize].cap() {
            e += 1;
            person = true;
        }
        // most mentions are a word or two: written in place, not by a call to `memset`
        match covered.get_mut(h.s as usize..e as usize) {
            Some([one]) => *one = true,
            Some([one, two]) => (*one, *two) = (true, true),
            Some(span) => span.fill(true),
            None => {}
        }
        if weak {
            weak_ments.push(found.ments.len());
        }
        found.ments.push(Ment { s: h.s, e, who: Who::Listed(ai as u32), person, speaker_only: false });
    }
    // a weak alias ("the union") names its actor only beside a strong one
    if !weak_ments.is_empty() {
        // the actors a strong alias names: every mention so far (all listed) but the weak
        // ones, gathered only when there is a weak one (most entries have none)
        let mut k = 0;
        for (idx, m) in found.ments.iter().enumerate() {
            if weak_ments.get(k) == Some(&idx) {
                k += 1;
            } else if let Who::Listed(a) = m.who {
                strong.push(a);
            }
        }
        let mut k = 0;
        let mut idx = 0;
        found.ments.retain(|m| {
            let keep = !(k < weak_ments.len() && weak_ments[k] == idx) || matches!(m.who, Who::Listed(a) if strong.contains(&a));
            if k < weak_ments.len() && weak_ments[k] == idx {
                k += 1;
            }
            idx += 1;
            keep
        });
    }

    if !retracted.is_empty() {
        found.ments.retain(|m| {
            let lone_use = m.e == m.s + 1
                && matches!(m.who, Who::Listed(a) if retracted.contains(&(a, doc.toks.as_slice()[m.s as usize].h)));
            if lone_use {
                if let Some(c) = covered.get_mut(m.s as usize) {
                    *c = false;
                }
            }
            !lone_use
        });
    }

    // group members quoted without a name: "one person said", "a runner:"
    for h in groups.iter() {
        if h.s == 0 || covered[h.s as usize] {
            continue;
        }
        let prev = h.s - 1;
        if !(doc.toks[prev as usize].is_word() && az.determiners.has(doc, prev)) {
            continue;
        }
        // "Dolin Bhagawati, a registrar" and "works as a medic" describe, they do not speak
        if prev > 0 && (doc.is_punct(prev - 1, ',') || (doc.toks[prev as usize - 1].is_word() && PREDICATE.has(doc, prev - 1))) {
            continue;
        }
        if let Some(&ai) = az.group_actor.get(h.id as usize) {
            found.ments.push(Ment { s: h.s, e: h.e, who: Who::Listed(ai), person: true, speaker_only: true });
        }
    }

    // capitalised runs
    let is_name_tok = |k: u32| -> bool {
        let t = &doc.toks[k as usize];
        t.is_word() && t.cap() && !t.digit() && !covered[k as usize]
    };
    // a name starts at a capitalised word: only those are visited, in order, each once
    // unless an earlier run took it in
    let mut next = 0u32;
    for &k in &doc.caps {
        if k < next || !is_name_tok(k) {
            continue;
        }
        let s = k;
        let mut e = k + 1;
        loop {
            if e >= n {
                break;
            }
            let t = &doc.toks[e as usize];
            if t.para != doc.toks[s as usize].para || t.flags & super::text::NEWLINE != 0 || !t.spaced() {
                break;
            }
            if is_name_tok(e) {
                e += 1;
                continue;
            }
            if t.is_word() && CONNECTORS.has(doc, e) && e + 1 < n && is_name_tok(e + 1) {
                e += 2;
                continue;
            }
            // "Royal College of Nursing", "Office for National Statistics"
            if t.is_word()
                && is_of_or_for(doc, e)
                && e + 1 < n
                && is_name_tok(e + 1)
                && doc.toks[e as usize + 1].spaced()
                && (az.org_nouns.has(doc, e - 1) || matches!(doc.raw(e - 1), "College" | "University"))
            {
                e += 2;
                continue;
            }
            break;
        }
        run(az, doc, &mut found, s, e, singles);
        next = e;
    }

    // lone names: a surname or first name of a name found in this entry, or a name with
    // evidence of its own ("son, James")
    for &(k, forced) in singles.iter() {
        let low = doc.lower(k);
        let mut best: Option<(u32, bool)> = None;
        for i in found.cands_with_part(low) {
            let c = &found.cands[i as usize];
            let better = match best {
                None => true,
                Some((_, conf)) => c.confirmed || !conf,
            };
            if better {
                best = Some((i, c.confirmed));
            }
        }
        if let Some((i, _)) = best {
            found.ments.push(Ment { s: k, e: k + 1, who: Who::Unlisted(i), person: true, speaker_only: false });
            continue;
        }
        if let Some(role) = person_evidence(az, doc, k, k + 1, forced, !forced) {
            let i = found.add_cand(doc.raw(k), CandKind::Person, role, true);
            found.ments.push(Ment { s: k, e: k + 1, who: Who::Unlisted(i), person: true, speaker_only: false });
        }
    }

    found.ments.sort_by_key(|m| (m.s, m.e));
    drop_titles_of_others(az, doc, &mut found, dropped);
    if !office_spans.is_empty() {
        office_holders(az, &mut found, office_spans);
    }
    found.cand_camp.resize(found.cands.len(), Cell::new(None));
    scratch::give_back(&WORK, work);
    found
}

/// "Margaret Alexander", "Dr Sophie Lamb", "Norman Tebbit": a listed person's lone surname (or
/// first name) alias `[s, e)` that is part of another full name names that other person, who
/// the codebook does not list, so the hit is not the listed one; its capitalised run is then
/// read as any other name. The word goes in `others`, so that its later lone uses in the
/// entry ("Alexander said") refer back to that name, not to the listed person.
fn in_another_name(az: &Analyzer, doc: &Doc, ai: usize, s: u32, e: u32, others: &mut Vec<u32>) -> bool {
    let Some(Some((first, last))) = az.actor_name_ends.get(ai) else { return false };
    let toks = doc.toks.as_slice();
    let (Some(head), Some(tail)) = (toks.get(s as usize), toks.get(e as usize - 1)) else { return false };
    if e == s + 1 && doc.lower_bytes(s) == last.as_bytes() {
        if others.contains(&head.h) {
            return true;
        }
        // a given name right before the surname, neither of them in a run of capitalised
        // words but after a title or a role ("Health Editor Emily Morgan"): title-case
        // headlines ("Doctors Blame Hunt Over Pay") capitalise every word
        let given = s > 0
            && head.flags & super::text::NEWLINE == 0
            && head.spaced()
            && name_like(az, doc, s - 1)
            && doc.lower_bytes(s - 1) != first.as_bytes()
            && !toks.get(s as usize + 1).is_some_and(|t| t.is_word() && t.cap() && t.para == head.para)
            && (s == 1 || {
                let before = &toks[s as usize - 2];
                let starts_sentence = doc.sents.get(before.sent as usize).is_some_and(|&(ss, _)| ss == s - 2);
                !before.is_word() || !before.cap() || starts_sentence || az.titles.has(doc, s - 2) || az.role_nouns.has(doc, s - 2)
            });
        if given {
            others.push(head.h);
        }
        return given;
    }
    // a first name alias followed by another surname
    if doc.lower_bytes(e - 1) == first.as_bytes() {
        let other = toks.get(e as usize).is_some_and(|t| t.flags & super::text::NEWLINE == 0 && t.spaced() && t.para == tail.para)
            && name_like(az, doc, e)
            && doc.lower_bytes(e) != last.as_bytes();
        return other;
    }
    false
}

/// Months: "In March Hunt said" (some are given names too, so they are not function words,
/// which [`run`] strips from names).
const MONTHS: FewWords = FewWords::new(&[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
]);

/// A capitalised word that may be a person's given name or surname: not an acronym, a number,
/// a month, a title, a function word or a noun of roles, kin, organisations or places.
fn name_like(az: &Analyzer, doc: &Doc, k: u32) -> bool {
    doc.toks.get(k as usize).is_some_and(|t| t.is_word() && t.cap() && !t.upper() && !t.digit())
        && !MONTHS.has(doc, k)
        && !az.titles.has(doc, k)
        && !az.function_words.has(doc, k)
        && !az.role_nouns.has(doc, k)
        && !az.kin_nouns.has(doc, k)
        && !az.org_nouns.has(doc, k)
        && !az.place_nouns.has(doc, k)
}

/// True when a `not_before` context of actor `ai` ("public sector") starts at token `e`, just
/// after its alias. With `filtered`, a word that is none of the contexts' first words (by
/// [`Analyzer::ctx_before_firsts`]) is turned away at once instead of by each context in turn
/// (one actor has eighteen).
#[inline]
fn followed_by_context(az: &Analyzer, doc: &Doc, ai: usize, e: u32, filtered: bool) -> bool {
    if let (true, Some(Some(firsts))) = (filtered, az.ctx_before_firsts.get(ai)) {
        if !doc.toks.get(e as usize).is_some_and(|t| may_be_one_of(*firsts, t.h)) {
            return false;
        }
    }
    az.ctx_before.get(ai).is_some_and(|ctx| ctx.iter().any(|seq| seq_matches(doc, e, seq)))
}

/// An office named out of its codebook holder's term ([`find`]) is the person the entry gives
/// that title: "Health Secretary Steve Barclay ... the health secretary said" is Barclay.
/// So is an office alias of its holder's term, or of an undated entry, when the entry gives
/// the title to somebody else ("Health Secretary Steve Barclay" in a post of no date):
/// `office_spans` are those aliases' mentions, as (start, end, actor).
fn office_holders(az: &Analyzer, found: &mut Found, office_spans: &[(u32, u32, u32)]) {
    let Found { ments, cands, .. } = found;
    for m in ments.iter_mut() {
        let title = match m.who {
            Who::Unlisted(i) => match cands.get(i as usize).filter(|c| c.names_an_office()) {
                Some(office) => office.name.to_string(),
                None => continue,
            },
            Who::Listed(ai) if office_spans.contains(&(m.s, m.e, ai)) => {
                match az.actor_office.get(ai as usize) {
                    Some(Some(office)) => office.title.clone(),
                    _ => continue,
                }
            }
            Who::Listed(_) => continue,
        };
        let holder = cands.iter().position(|c| {
            c.kind == CandKind::Person && *c.name != *title && c.role.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(&title))
        });
        if let Some(j) = holder {
            m.who = Who::Unlisted(j as u32);
        }
    }
}

/// "Health Secretary Steve Barclay", "the prime minister, Rishi Sunak,": a person's title
/// alias right before another person's name is that person's title, not a mention of the
/// codebook's office holder.
fn drop_titles_of_others(az: &Analyzer, doc: &Doc, found: &mut Found, drop: &mut Vec<bool>) {
    let ments = &found.ments;
    drop.clear();
    drop.resize(ments.len(), false);
    for (i, m) in ments.iter().enumerate() {
        let title_like = match m.who {
            Who::Listed(ai) => az.actor_person.get(ai as usize).copied().unwrap_or(false),
            // an office named out of its holder's term ([`find`]): its title is its name
            Who::Unlisted(i) => found.cands.get(i as usize).is_some_and(Cand::names_an_office),
        };
        if !title_like {
            continue;
        }
        let mut next = m.e;
        // "the prime minister, Rishi Sunak": only a common-noun title takes an appositive
        if doc.is_punct(next, ',') && doc.lower(m.s) == "the" {
            next += 1;
        }
        let other = ments[i + 1..].iter().take_while(|o| o.s <= next).find(|o| o.s == next && o.person && o.who != m.who);
        if let Some(other) = other {
            drop[i] = true;
            // the title is the other's role if it has none ("The health secretary, Victoria
            // Atkins,"): its camp follows
            if let Who::Unlisted(j) = other.who {
                if let Some(c) = found.cands.get_mut(j as usize).filter(|c| c.role.is_none()) {
                    let from = if doc.lower(m.s) == "the" { m.s + 1 } else { m.s };
                    c.role = Some(doc.span(from, m.e).to_string());
                }
            }
        }
    }
    let mut i = 0;
    found.ments.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// One capitalised run `[s, e)`: strip leading function words and titles, then classify as
/// an organisation ("the NHS Choir", "the Office for National Statistics", "a Network Rail
/// spokesperson"), a person (after any capitalised role: "Transport Secretary Mark Harper")
/// or a lone word kept for later.
fn run(az: &Analyzer, doc: &Doc, found: &mut Found, s: u32, e: u32, singles: &mut Vec<(u32, bool)>) {
    let mut a = s;
    let mut titled = false;
    while a < e {
        if az.titles.has(doc, a) {
            titled = true;
            a += 1;
        } else if az.function_words.has(doc, a) {
            a += 1;
        } else {
            break;
        }
    }
    if a >= e {
        return;
    }
    let n = doc.len();
    let len = e - a;
    let next_is_place = e < n && doc.toks[e as usize].is_word() && az.place_nouns.has(doc, e);
    let connector = (a..e).any(|k| !doc.toks[k as usize].cap() && is_of_or_for(doc, k));
    let org_word = (a..e).any(|k| az.org_nouns.has(doc, k));
    let speaks_for = e < n
        && doc.toks[e as usize].is_word()
        && !doc.toks[e as usize].cap()
        && az.speaker_nouns.has(doc, e);
    if !next_is_place && (2..=6).contains(&len) && (org_word || (connector && len >= 3)) || (speaks_for && !titled) {
        let i = found.add_cand(doc.span(a, e), CandKind::Organisation, None, true);
        let (me, person) = if speaks_for { (e + 1, true) } else { (e, false) };
        found.ments.push(Ment { s: a, e: me, who: Who::Unlisted(i), person, speaker_only: false });
        return;
    }
    if next_is_place || connector {
        return;
    }
    // "Transport Secretary Mark Harper", "Passenger Sarah Jones": the name follows the role
    let mut role_given = false;
    if let Some(j) = (a..e - 1).rev().find(|&j| az.role_nouns.has(doc, j)) {
        a = j + 1;
        role_given = true;
    }
    for k in a..e {
        let t = &doc.toks[k as usize];
        if az.place_nouns.has(doc, k) || az.function_words.has(doc, k) || t.upper() || az.titles.has(doc, k) {
            return;
        }
    }
    if e - a == 1 {
        singles.push((a, titled || role_given));
        return;
    }
    if e - a > 4 {
        return;
    }
    let role = person_evidence(az, doc, a, e, titled, false);
    let confirmed = role.is_some();
    let i = found.add_cand(doc.span(a, e), CandKind::Person, role.flatten(), confirmed);
    found.ments.push(Ment { s: a, e, who: Who::Unlisted(i), person: true, speaker_only: false });
}

/// [`word_hash`]es of "of" and "for", for [`is_of_or_for`].
const H_OF: u32 = word_hash(b"of");
const H_FOR: u32 = word_hash(b"for");

/// True when token `k` is the word "of" or "for", in any case. Most tokens asked are other
/// words (the one after each capitalised run): the token's hash turns them away, where
/// reading their lowercase text to compare it was about 0.9M instructions of the probe's
/// analysis.
#[inline(always)]
fn is_of_or_for(doc: &Doc, k: u32) -> bool {
    let h = doc.toks.as_slice()[k as usize].h;
    (h == H_OF || h == H_FOR) && matches!(doc.lower(k), "of" | "for")
}

fn is_word_in(doc: &Doc, k: u32, set: &super::text::WordSet) -> bool {
    set.has(doc, k)
}

/// Evidence that the capitalised name `[a, e)` is a person taking part: returns the role
/// text when there is evidence (`Some(None)` when there is evidence but no role).
/// `strict` (for lone words, which are often places): only a title, a role before, an age or
/// an article-led role after, or family.
fn person_evidence(az: &Analyzer, doc: &Doc, a: u32, e: u32, titled: bool, strict: bool) -> Option<Option<String>> {
    let n = doc.len();
    let para = doc.toks[a as usize].para;
    let same = |k: u32| k < n && doc.toks[k as usize].para == para;
    // role before: "junior doctor Holly Cooper", "correspondent Dan Johnson", "Jr dr Yazdi"
    if a > 0 && same(a - 1) {
        let p = a - 1;
        if doc.toks[p as usize].is_word()
            && doc.toks[a as usize].spaced()
            && (az.role_nouns.has(doc, p) || az.titles.has(doc, p))
        {
            let mut r = p;
            while r > 0
                && same(r - 1)
                && doc.toks[r as usize - 1].is_word()
                && (!az.function_words.has(doc, r - 1) || ROLE_MODIFIERS.has(doc, r - 1))
                && !az.determiners.has(doc, r - 1)
                && !matches!(doc.lower(r - 1), "the" | "and" | "of" | "said" | "says")
                && !(doc.lower(r - 1) == "s" && r >= 2 && doc.is_punct(r - 2, '\''))
                && p - r < 3
            {
                r -= 1;
            }
            if az.titles.has(doc, p) {
                // a title says little ("Dr", "Prof"): a role after the name says more ("Dr
                // Robert Laurenson, co-chair of the BMA junior doctors committee")
                if let Some(after) = titled_role_after(az, doc, a, e, strict) {
                    return Some(Some(after));
                }
            }
            if az.titles.has(doc, p) && r < p && az.role_nouns.has(doc, p - 1) && doc.toks[p as usize].spaced() {
                // a role, then a title: "Labour leader Sir Keir Starmer"
                return Some(Some(doc.span(r, p).to_string()));
            }
            let role = doc.span(r, p + 1).to_string();
            return Some(if az.titles.has(doc, p) && !az.role_nouns.has(doc, p) { None } else { Some(role) });
        }
        // a role then a comma: "The shadow transport secretary, Louise Haigh, said"
        if doc.is_punct(p, ',') && p > 0 && same(p - 1) && doc.toks[p as usize - 1].is_word() && !doc.toks[p as usize - 1].cap() && az.role_nouns.has(doc, p - 1) {
            let mut r = p - 1;
            while r > 0 && same(r - 1) && doc.toks[r as usize - 1].is_word() && !az.determiners.has(doc, r - 1) && !matches!(doc.lower(r - 1), "the" | "and" | "of" | "said" | "says") && p - r < 4 {
                r -= 1;
            }
            // only a role that opens its clause ("..., the shadow transport secretary, X")
            let opens = r == 0 || !same(r - 1) || !doc.toks[r as usize - 1].is_word() || matches!(doc.lower(r - 1), "the" | "a" | "an");
            if opens {
                return Some(Some(doc.span(r, p).to_string()));
            }
        }
        // kin before: "son, James", "son James"
        let kin_at = if doc.is_punct(p, ',') && p > 0 { p - 1 } else { p };
        if is_word_in(doc, kin_at, &az.kin_nouns) && same(kin_at) {
            return Some(None);
        }
    }
    if titled {
        return Some(titled_role_after(az, doc, a, e, strict));
    }
    role_after(az, doc, a, e, strict)
}

/// The role in an appositive after a titled name, when it opens with an article or a role
/// noun ("Dr Hannah Ali, a registrar,", "Prof X, chair of ..."): the title is evidence
/// enough of a person, so only what reads as a role is taken ("Prof X, said ..." is not one).
fn titled_role_after(az: &Analyzer, doc: &Doc, a: u32, e: u32, strict: bool) -> Option<String> {
    let first = e + 1;
    let opens_role = doc.is_punct(e, ',')
        && doc.toks.get(first as usize).is_some_and(|t| t.is_word())
        && (matches!(doc.lower(first), "a" | "an" | "the") || az.role_nouns.has(doc, first));
    if !opens_role {
        return None;
    }
    role_after(az, doc, a, e, strict).flatten()
}

/// [`person_evidence`] after the name `[a, e)`: an appositive, a relative clause, "is a ...",
/// family.
fn role_after(az: &Analyzer, doc: &Doc, a: u32, e: u32, strict: bool) -> Option<Option<String>> {
    let n = doc.len();
    let para = doc.toks[a as usize].para;
    let same = |k: u32| k < n && doc.toks[k as usize].para == para;
    if e >= n || !same(e) {
        return None;
    }
    let te = &doc.toks[e as usize];
    // appositive: ", 31, a junior doctor at St Mary's", ", a trainee surgeon", ", who works"
    if te.p == ',' {
        let seg_end = segment_end(doc, e + 1);
        let seg_len = seg_end.saturating_sub(e + 1);
        if seg_len == 0 || seg_len > 16 {
            return None;
        }
        let first = e + 1;
        let ft = &doc.toks[first as usize];
        if ft.is_word() && ft.digit() && seg_len == 1 {
            // age: the role follows after the next comma
            let r0 = seg_end + 1;
            let r1 = segment_end(doc, r0);
            let role_like = r0 < n
                && doc.toks[r0 as usize].is_word()
                && (matches!(doc.lower(r0), "a" | "an" | "the") || az.role_nouns.has(doc, r0));
            let role = if doc.is_punct(seg_end, ',') && role_like && r1 > r0 && r1 - r0 <= 16 {
                Some(role_text(az, doc, r0, r1))
            } else {
                None
            };
            return Some(role);
        }
        if ft.is_word() && doc.lower(first) == "who" && !strict {
            return Some(Some(role_text(az, doc, first, seg_end)));
        }
        // a role noun among the first three words ("trainee psychiatrist", "leader of",
        // "a trainee surgeon", "Jeremy Hunt's predecessor"), not after a verb; the words are
        // read as they are tested, not gathered in a vector first
        let mut words = (first..seg_end)
            .filter(|&k| doc.toks[k as usize].is_word() && !(doc.lower(k) == "s" && doc.is_punct(k - 1, '\'')))
            .take(3);
        let article = ft.is_word() && matches!(doc.lower(first), "a" | "an" | "the");
        if words.any(|k| is_word_in(doc, k, &az.role_nouns)) && (!strict || article) {
            return Some(Some(role_text(az, doc, first, seg_end)));
        }
        return None;
    }
    if strict {
        return None;
    }
    // "Bill Morgan - who was", "X who worked"
    if te.p == '-' && e + 1 < n && doc.toks[e as usize + 1].is_word() && matches!(doc.lower(e + 1), "who" | "a" | "an" | "the") {
        let seg_end = segment_end(doc, e + 1);
        return Some(Some(role_text(az, doc, e + 1, seg_end)));
    }
    if te.is_word() {
        let w = doc.lower(e);
        if w == "who" {
            let seg_end = segment_end(doc, e);
            return Some(Some(role_text(az, doc, e, seg_end.min(e + 10))));
        }
        if w == "is" || w == "was" {
            // "Christopher Hix is a trustee of", "Lina Carmona was on call as urology registrar"
            let mut k = e + 1;
            while k < n && k <= e + 6 && same(k) && doc.toks[k as usize].is_word() {
                if az.role_nouns.has(doc, k) {
                    let seg_end = segment_end(doc, e + 1);
                    return Some(Some(role_text(az, doc, e + 1, seg_end)));
                }
                k += 1;
            }
        }
    }
    // "John Fitzgerald's 15-year-old son"
    if te.p == '\'' && e + 1 < n && doc.lower(e + 1) == "s" {
        for k in e + 2..(e + 6).min(n) {
            if !same(k) || !doc.toks[k as usize].is_word() {
                break;
            }
            if az.kin_nouns.has(doc, k) {
                return Some(None);
            }
        }
    }
    None
}

/// End of a clause segment starting at `k`: the next comma, full stop, colon, semicolon,
/// dash, bracket or quote mark, or the paragraph's end.
fn segment_end(doc: &Doc, k: u32) -> u32 {
    let n = doc.len();
    if k >= n {
        return n;
    }
    let para = doc.toks[k as usize].para;
    let mut j = k;
    while j < n {
        let t = &doc.toks[j as usize];
        if t.para != para {
            break;
        }
        if !t.is_word() && matches!(t.p, ',' | '.' | ':' | ';' | '-' | '(' | ')' | '"' | '!' | '?') && (t.p != '-' || t.spaced()) {
            break;
        }
        j += 1;
    }
    j
}

/// A role as text, without a leading article or relative pronoun.
fn role_text(az: &Analyzer, doc: &Doc, a: u32, b: u32) -> String {
    let mut s = a;
    while s < b && doc.toks[s as usize].is_word() && (az.determiners.has(doc, s) || matches!(doc.lower(s), "the" | "who" | "is" | "was")) {
        s += 1;
    }
    doc.span(s, b).to_string()
}

#[cfg(test)]
mod tests {
    /// A candidate's camp is worked out when first asked and kept for its entry alone: the
    /// seeds' paragraphs, found one after another (in the same reused tables), their
    /// candidates asked last to first, give the camps their roles give when worked out at once.
    #[test]
    fn candidates_camps_asked_late_are_their_roles_camps() {
        use super::super::{Analyzer, Codebook};
        let az = Analyzer::new(&Codebook::builtin());
        let (mut text, mut words) = (String::new(), Vec::new());
        let (mut asked, mut camps) = (0, std::collections::BTreeSet::new());
        for (_, blog) in crate::sample::SEEDS {
            for para in blog.split("\n\n") {
                let d = super::Doc::new(None, para);
                let hits = az.lex.scan(&d);
                let found = super::find(&az, &d, &hits, None);
                for (i, c) in found.cands.iter().enumerate().rev() {
                    let at_once = az.camp_of_role(c.role.as_deref().unwrap_or(""), &c.name, &mut text, &mut words);
                    let camp = az.cand_camp(&found, i as u32);
                    assert_eq!(camp, Some(az.camp_name(at_once)), "{} in {para:?}", c.name);
                    assert_eq!(az.cand_camp(&found, i as u32), camp, "asked again");
                    camps.insert(camp.unwrap_or_default().to_string());
                    asked += 1;
                }
                assert_eq!(az.cand_camp(&found, found.cands.len() as u32), None);
            }
        }
        assert!(asked > 50 && camps.len() >= 3, "{asked} candidates, camps {camps:?}");
    }

    #[test]
    fn contexts_after_an_alias_are_found_where_each_context_tried_says() {
        use super::super::{Analyzer, Codebook};
        let az = Analyzer::new(&Codebook::builtin());
        assert!(az.ctx_before_firsts.iter().any(|f| f.is_some_and(|f| f != 0)), "the built-in contexts start with words");
        let mut texts: Vec<String> = crate::sample::SEEDS.iter().map(|(_, text)| text.to_string()).collect();
        // each context after each alias-like word, in odd case, and at a text's end
        let contexts: Vec<String> = az.codebook().alias_context().iter().flat_map(|c| c.not_before.iter().cloned()).collect();
        texts.extend(contexts.iter().map(|c| format!("the public {c} and the Public {}. public {c}", c.to_uppercase())));
        let (mut places, mut found) = (0, 0);
        for text in &texts {
            let d = super::Doc::new(Some("Public sector pay"), text);
            for ai in 0..az.ctx_before.len() {
                for e in 0..=d.len() + 1 {
                    let fast = super::followed_by_context(&az, &d, ai, e, true);
                    assert_eq!(fast, super::followed_by_context(&az, &d, ai, e, false), "actor {ai} at {e}");
                    places += 1;
                    found += fast as usize;
                }
            }
        }
        assert!(found > contexts.len(), "{found} of {places}");
    }

    use super::super::{Analyzer, Codebook};

    #[test]
    fn candidates_are_found_by_name_and_part_whether_searched_or_kept_in_maps() {
        use super::*;
        let mut found = Found::take();
        let names: Vec<String> = (0..3 * FEW_CANDS)
            .map(|n| match n % 5 {
                0 => format!("Anna Smith{n}"),
                1 => format!("Smith{} Jones", n / 3),
                2 => format!("Org{n}"),
                3 => format!("\u{c9}mile de Zola{}", n % 2),
                _ => format!("Lee{n} LEE{n}"),
            })
            .collect();
        let words: Vec<String> = names.iter().flat_map(|n| n.split_whitespace().map(str::to_lowercase)).chain(["absent".into()]).collect();
        for (n, name) in names.iter().enumerate() {
            let kind = if n % 5 == 2 { CandKind::Organisation } else { CandKind::Person };
            let i = found.add_cand(name, kind, None, false);
            assert_eq!(found.add_cand(name, kind, None, true), i, "a name is one candidate");
            // by the definitions: the first candidate of that name; the multi-word person
            // candidates whose first or last word, lowercased, is that part, in order
            for (j, c) in found.cands.iter().enumerate() {
                assert_eq!(found.cand_named(&c.name), Some(j as u32));
            }
            assert_eq!(found.cand_named("Nobody"), None);
            for low in &words {
                let expected: Vec<u32> = (0..found.cands.len() as u32)
                    .filter(|&j| {
                        let c = &found.cands[j as usize];
                        let mut w = c.name.split_whitespace();
                        match (c.kind, w.next(), w.next_back()) {
                            (CandKind::Person, Some(f), Some(l)) => f.to_lowercase() == *low || l.to_lowercase() == *low,
                            _ => false,
                        }
                    })
                    .collect();
                assert_eq!(found.cands_with_part(low).collect::<Vec<_>>(), expected, "{low:?} after {} candidates", n + 1);
            }
        }
        assert!(found.cands.len() > FEW_CANDS + 1 && !found.by_part.is_empty());
    }

    #[test]
    fn of_or_for_by_hash_is_by_text() {
        use super::super::text::Doc;
        let mut texts: Vec<&str> = crate::sample::SEEDS.iter().map(|&(_, text)| text).collect();
        texts.push("Office For National Statistics, OF, fOr, of-for, ofs, fo, \u{c9}cole of FOR");
        let mut seen = 0;
        for text in texts {
            let doc = Doc::new(Some("Royal College of Nursing"), text);
            for k in 0..doc.len() {
                let by_text = matches!(doc.lower(k), "of" | "for");
                assert_eq!(super::is_of_or_for(&doc, k), by_text, "{:?}", doc.raw(k));
                seen += usize::from(by_text);
            }
        }
        assert!(seen > 100, "{seen}");
    }

    #[test]
    fn few_word_lists_are_their_lists() {
        use super::super::text::tests::{check_few_words, few_words_texts};
        for list in [&super::PREDICATE, &super::CONNECTORS, &super::ROLE_MODIFIERS] {
            let texts = few_words_texts(list);
            check_few_words(list, &texts.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }

    fn az() -> Analyzer {
        Analyzer::new(&Codebook::builtin())
    }

    fn mentions(title: Option<&str>, body: &str) -> Vec<String> {
        az().analyze_text(title, body).mentions.iter().map(|m| m.to_string()).collect()
    }

    #[test]
    fn aliases_map_to_canonical_names() {
        let m = mentions(
            Some("Hunt: BMA 'refused' to negotiate"),
            "Mr Hunt told the British Medical Association and the doctors' union that the health secretary would act.",
        );
        assert_eq!(m, ["Jeremy Hunt", "BMA"]);
    }

    #[test]
    fn possessives_nbsp_and_curly_apostrophes() {
        let m = mentions(None, "Hunt’s plan angered junior\u{a0}doctors and the doctors’ union");
        assert_eq!(m, ["Jeremy Hunt", "Junior doctors", "BMA"]);
    }

    #[test]
    fn proper_aliases_are_case_sensitive() {
        assert!(mentions(None, "They went on a hunt for the porter.").is_empty());
        assert_eq!(mentions(None, "JUNIOR DOCTORS walk out"), ["Junior doctors"]);
    }

    #[test]
    fn context_filters_block_false_aliases() {
        // "shadow health secretary" is not the health secretary; "consultant level" is a grade
        assert_eq!(mentions(None, "The shadow health secretary spoke."), Vec::<String>::new());
        assert!(mentions(None, "doctors below consultant level").iter().all(|m| m != "Consultants"));
        assert!(mentions(None, "the level of consultant").iter().all(|m| m != "Consultants"));
        assert!(mentions(None, "a very detrimental effect on patient care").is_empty());
    }

    #[test]
    fn titled_and_role_prefixed_names_are_actors() {
        let m = mentions(None, "Junior doctor Holly Cooper sang. Doctor Lucy Rose Jefferson waved. Dr Ann Lee left.");
        assert!(m.contains(&"Holly Cooper".to_string()), "{m:?}");
        assert!(m.contains(&"Lucy Rose Jefferson".to_string()), "{m:?}");
        assert!(m.contains(&"Ann Lee".to_string()), "{m:?}");
    }

    #[test]
    fn appositives_make_names_actors() {
        let a = az();
        let r = a.analyze_text(None, "Helen Nightingale, 31, a junior doctor at St Mary’s hospital, was there.");
        assert_eq!(r.unlisted.len(), 1);
        assert_eq!(r.unlisted[0].name, "Helen Nightingale");
        assert_eq!(r.unlisted[0].camp, "doctors");
        assert_eq!(r.unlisted[0].role.as_deref(), Some("junior doctor at St Mary’s hospital"));
        let r = a.analyze_text(None, "Tom Reed, a pensioner from Leeds, watched. Bill Ray - who was an adviser - agreed.");
        let names: Vec<_> = r.unlisted.iter().map(|u| (u.name.as_str(), u.camp.as_str())).collect();
        assert_eq!(names, [("Tom Reed", "public"), ("Bill Ray", "experts")]);
        let r = a.analyze_text(None, "Ann Cole is a trustee of the Patients' Association.");
        assert_eq!(r.unlisted[0].camp, "public");
    }

    #[test]
    fn reporters_and_places_are_not_actors() {
        let m = mentions(None, "Damien Gayle has moved on to Lewisham hospital. Kings College Hospital staff and Queen Square.");
        assert!(m.is_empty(), "{m:?}");
    }

    #[test]
    fn lone_surnames_and_first_names_refer_back() {
        let m = mentions(None, "Shruti Patel, a trainee doctor, spoke. Patel said more. Later Shruti left.");
        assert_eq!(m, ["Shruti Patel"]);
    }

    #[test]
    fn a_listed_surname_in_another_name_is_that_person() {
        // a given name before a listed person's surname, or a surname after a listed first
        // name: somebody else, and the word alone later (or in the title) refers back to them
        let r = az().analyze_text(Some("Lamb speaks"), "Commuter Anne Hunt said she backed the strike. Later Hunt left. Dr Sophie Lamb, a registrar, spoke. ITV News Health Editor Emily Morgan reports. Margaret Alexander said she was angry. Alexander added more.");
        assert_eq!(r.mentions, ["Sophie Lamb", "Anne Hunt", "ITV News", "Emily Morgan", "Margaret Alexander"]);
        let r = az().analyze_text(None, "Norman Tebbit said no.");
        assert_eq!(r.speakers, ["Norman Tebbit"]);
        // the listed person: by full name, title, role, after a function word, a weekday or
        // a month, or in a title-case run
        for text in [
            "Jeremy Hunt said no. Hunt added more.",
            "Mr Hunt said no.",
            "Health Secretary Hunt said no.",
            "But Hunt said no.",
            "On Tuesday Hunt said no.",
            "In March Hunt said no.",
            "Junior Doctors Blame Hunt Over Contract",
        ] {
            let r = az().analyze_text(None, text);
            assert!(r.mentions.iter().any(|m| m == "Jeremy Hunt"), "{text}: {:?}", r.mentions);
        }
    }

    #[test]
    fn an_office_out_of_its_holders_term_is_the_office_or_the_entry_s_holder() {
        let a = az();
        let text = "Speaking in London, the health secretary said talks were over.";
        // in Jeremy Hunt's term (and undated) the codebook's holder
        assert_eq!(a.analyze_dated(None, text, Some("2016-02-10")).speakers, ["Jeremy Hunt"]);
        assert_eq!(a.analyze_text(None, text).speakers, ["Jeremy Hunt"]);
        // after it, the office, of the holder's camp
        let r = a.analyze_dated(None, text, Some("2023-03-13"));
        assert_eq!(r.speakers, ["Health Secretary"]);
        assert_eq!(r.unlisted.iter().map(|u| (u.name.as_str(), u.camp.as_str())).collect::<Vec<_>>(), [("Health Secretary", "government")]);
        // or the person the entry gives the title
        let r = a.analyze_dated(None, &format!("Health Secretary Steve Barclay arrived. {text}"), Some("2023-03-13"));
        assert_eq!(r.speakers, ["Steve Barclay"]);
        assert_eq!(r.mentions, ["Steve Barclay"]);
        // which, undated, the entry's own naming decides too
        let r = a.analyze_text(None, &format!("Health Secretary Steve Barclay arrived. {text}"));
        assert_eq!(r.speakers, ["Steve Barclay"]);
        assert_eq!(r.mentions, ["Steve Barclay"]);
    }

    #[test]
    fn roles_after_a_title_and_from_a_title_before_a_name() {
        let a = az();
        let roles = |text: &str| {
            let r = a.analyze_dated(None, text, Some("2023-03-13"));
            r.unlisted.iter().map(|u| (u.name.clone(), u.role.clone().unwrap_or_default(), u.camp.clone())).collect::<Vec<_>>()
        };
        let role = |name: &str, role: &str, camp: &str| (name.to_string(), role.to_string(), camp.to_string());
        // an appositive role says more than a title; a verb after the comma is no role
        assert_eq!(
            roles("Dr Robert Laurenson, co-chair of the BMA junior doctors committee, said no. Dr Hannah Ali, a registrar, agreed. Prof Ann Lee, said more."),
            [role("Robert Laurenson", "co-chair of the BMA junior doctors committee", "doctors"), role("Hannah Ali", "registrar", "doctors"), role("Ann Lee", "", "other")]
        );
        // a role before a title; a title alias before a name is that person's role
        assert_eq!(roles("Labour leader Sir Keir Starmer spoke."), [role("Keir Starmer", "Labour leader", "opposition")]);
        assert_eq!(roles("The health secretary, Victoria Atkins, said no."), [role("Victoria Atkins", "health secretary", "government")]);
    }

    #[test]
    fn family_members() {
        let r = az().analyze_text(None, "John Fitzgerald's 15-year-old son, James, had surgery cancelled.");
        let names: Vec<_> = r.unlisted.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["John Fitzgerald", "James"]);
    }

    #[test]
    fn organisations_by_head_noun() {
        let m = mentions(None, "She is a member of the NHS Choir, which sang at the Royal London Hospital.");
        assert_eq!(m, ["NHS Choir"]);
    }

    #[test]
    fn capitalised_roles_are_not_part_of_names() {
        let r = az().analyze_text(None, "Transport Secretary Mark Harper said the strikes were unnecessary. Passenger Sarah Jones, 42, waited.");
        let names: Vec<_> = r.unlisted.iter().map(|u| (u.name.as_str(), u.role.as_deref())).collect();
        assert_eq!(names, [("Mark Harper", Some("Transport Secretary")), ("Sarah Jones", Some("Passenger"))]);
        assert_eq!(r.speakers, ["Mark Harper"]);
    }

    #[test]
    fn organisations_with_of_and_spokespeople() {
        let r = az().analyze_text(
            None,
            "According to the Office for National Statistics, days were lost. A Network Rail spokesperson said: \"We remain available.\" Pat Cullen, general secretary of the Royal College of Nursing, spoke.",
        );
        assert_eq!(r.speakers, ["Office for National Statistics", "Network Rail", "Pat Cullen"]);
        assert!(r.mentions.iter().any(|m| m == "Royal College of Nursing"), "{:?}", r.mentions);
        let kinds: Vec<_> = r.unlisted.iter().map(|u| u.kind.as_str()).collect();
        assert_eq!(kinds, ["organisation", "organisation", "person", "organisation"]);
    }

    #[test]
    fn a_title_and_surname_refer_back() {
        let r = az().analyze_text(None, "RMT general secretary Mick Lynch spoke. Mr Lynch added that members were determined.");
        assert_eq!(r.mentions, ["Mick Lynch"]);
        assert_eq!(r.speakers, ["Mick Lynch"]);
        assert_eq!(r.unlisted[0].role.as_deref(), Some("RMT general secretary"));
    }

    #[test]
    fn an_office_title_before_another_name_is_that_persons_title() {
        let r = az().analyze_text(None, "Health Secretary Steve Barclay said so. He added: \"My door is open.\"");
        assert_eq!(r.mentions, ["Steve Barclay"]);
        assert_eq!(r.speakers, ["Steve Barclay"]);
        assert_eq!(az().analyze_text(None, "Health Secretary Jeremy Hunt said so.").mentions, ["Jeremy Hunt"]);
        assert_eq!(az().analyze_text(None, "the prime minister, Ann Lee, said so.").mentions, ["Ann Lee"]);
        let m = az().analyze_text(None, "In his letter to Jeremy Hunt, Sir David says so.").mentions;
        assert_eq!(m, ["Jeremy Hunt", "David Dalton"]);
    }

    #[test]
    fn weak_aliases_need_a_strong_one() {
        assert!(az().analyze_text(None, "The union said no.").mentions.is_empty());
        assert_eq!(az().analyze_text(None, "The BMA met. The union said no.").speakers, ["BMA"]);
    }
}
