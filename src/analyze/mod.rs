//! Entry -> analysis: who is mentioned, who speaks (and which words are theirs), and the
//! entry's stance with the spans that decided it.
//!
//! Passes, per entry: [`text`] (tokens, sentences, quotes) -> [`lexicon`] (one scan for every
//! codebook phrase) -> [`actors`] (listed actors by alias, unlisted ones by the shape of the
//! text) -> [`quotes`] (speech attribution: which tokens are whose voice) -> [`stance`] (cues
//! weighed by voice, negation, sides).
//!
//! Architecture invariant: everything that depends on the dispute is in the [`Codebook`]; the
//! code only knows English reporting structure. All matchers are built once in
//! [`Analyzer::new`]; analysing an entry compiles nothing.

pub mod actors;
pub mod codebook;
pub mod lexicon;
pub mod quotes;
mod scratch;
pub mod stance;
pub mod text;

pub use codebook::{
    Actor, AliasContext, Camp, Codebook, CodebookError, Cue, GroupNouns, OnNegation, Polarity, RoleCamp, Side,
    Speech, Structure, Target, Unnamed,
};

use crate::model::{ActorName, AnalysedEntry, Analysis, Entry, UnlistedActor};
use lexicon::{Cat, Lexicon, PTokPublic};

use scratch::{scratch_home, Scratch};
use text::{Doc, WordSet};

scratch_home!(ORDER: Vec<(u32, Who)>);

/// Marks a lexicon actor id as a weak alias (see [`AliasContext::weak`]).
pub(crate) const WEAK_ALIAS: u32 = 1 << 31;
/// Marks a lexicon actor id as an office's alias (see [`AliasContext::office`]).
pub(crate) const OFFICE_ALIAS: u32 = 1 << 30;
/// The marks a lexicon actor id may carry: the actor's index is the rest.
pub(crate) const ALIAS_MARKS: u32 = WEAK_ALIAS | OFFICE_ALIAS;

/// Who an actor reference points to: a codebook actor or an actor found in this entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Who {
    Listed(u32),
    Unlisted(u32),
}

/// One reference to an actor, tokens `[s, e)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ment {
    pub s: u32,
    pub e: u32,
    pub who: Who,
    /// Refers to one person ("Mr Hunt", "one junior doctor", "a spokesman"): a pronoun
    /// antecedent.
    pub person: bool,
    /// Only an actor when it speaks ("one person said"), not a mention by itself.
    pub speaker_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CandKind {
    Person,
    Organisation,
}

/// Where an unlisted actor's camp is written ([`Analyzer::camp_of_role`]): a listed actor's
/// camp, a `role_camps` entry's, or "other".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CampOf {
    Actor(u32),
    RoleCamp(u32),
    Other,
}

thread_local! {
    /// [`Analyzer::camp_of_role`]'s buffers (the lowercased "role name" and its words), kept
    /// between candidates.
    static ROLE_BUFFERS: std::cell::RefCell<(String, Vec<(u32, u32)>)> = const { std::cell::RefCell::new((String::new(), Vec::new())) };
}

/// An actor found by structure in this entry.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    /// Made once, shared by each naming of it ([`Analyzer::name_of`]).
    pub name: ActorName,
    pub kind: CandKind,
    pub role: Option<String>,
    /// Structure says it is an actor (a title, a role, a speech verb...). Unconfirmed
    /// candidates are capitalised names kept only as pronoun antecedents.
    pub confirmed: bool,
}

impl Cand {
    /// An office named out of its codebook holder's term ("Health Secretary"): its title is
    /// both its name and its role.
    pub(crate) fn names_an_office(&self) -> bool {
        self.role.as_deref() == Some(&*self.name)
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct SpeechMeta {
    pub participle: bool,
    pub relay: bool,
    pub passive: bool,
    /// A `not_speech` phrase: blocks the verb inside it.
    pub ignore: bool,
}

/// The compiled codebook: build once, analyse many entries.
pub struct Analyzer {
    cb: Codebook,
    pub(crate) lex: Lexicon,
    pub(crate) actor_side: Vec<Option<Side>>,
    /// Each listed actor's name as the analysis hands it out, shared by every naming.
    actor_names: Vec<ActorName>,
    pub(crate) actor_person: Vec<bool>,
    /// Per person actor named by two words or more, its lowercased first and last words
    /// ("jeremy", "hunt"): a lone alias that is one of them may be part of another name.
    pub(crate) actor_name_ends: Vec<Option<(String, String)>>,
    /// Per actor, the office its office aliases name it by only in its term.
    pub(crate) actor_office: Vec<Option<codebook::Office>>,
    pub(crate) actor_group: Vec<bool>,
    pub(crate) ctx_before: Vec<Vec<Vec<PTokPublic>>>,
    pub(crate) ctx_after: Vec<Vec<Vec<PTokPublic>>>,
    /// Per actor, [`text::hash_filter`] of its `ctx_before` contexts' first words; `None` when
    /// one does not start with a word.
    pub(crate) ctx_before_firsts: Vec<Option<u64>>,
    pub(crate) speech_meta: Vec<SpeechMeta>,
    pub(crate) group_actor: Vec<u32>,
    pub(crate) titles: WordSet,
    pub(crate) role_nouns: WordSet,
    pub(crate) kin_nouns: WordSet,
    pub(crate) org_nouns: WordSet,
    pub(crate) place_nouns: WordSet,
    pub(crate) function_words: WordSet,
    pub(crate) determiners: WordSet,
    pub(crate) speaker_nouns: WordSet,
    pub(crate) negators: WordSet,
    pub(crate) demands: Vec<Vec<PTokPublic>>,
    /// [`text::hash_filter`] of the demands' last words, so most places are turned away
    /// before each demand is tried there; `None` when a demand does not end in a word.
    pub(crate) demand_ends: Option<u64>,
    /// The demands ending in a word, as (that word's hash, index in `demands`), by hash: a
    /// place is tried against the demands ending in its word, not each demand in turn.
    pub(crate) demands_by_end: Vec<(u32, u32)>,
    pub(crate) role_camps: Vec<(String, Vec<String>)>,
    /// First word of each `role_camps` phrase -> (entry index, the phrase's other words).
    role_camp_words: text::FxMap<String, Vec<(usize, Vec<String>)>>,
    /// The [`text::word_hash`]es of `role_camp_words`' keys: most words of a role are none of
    /// them, and are turned away by a bit test instead of a map lookup.
    role_camp_firsts: text::WordFilter,
}

fn set_of(words: &[String], lower: bool) -> WordSet {
    WordSet::new(words, !lower)
}

impl Analyzer {
    pub fn new(codebook: &Codebook) -> Analyzer {
        let cb = codebook.clone();
        let mut lex = Lexicon::default();
        let mut actor_side = Vec::new();
        let mut actor_person = Vec::new();
        let mut actor_name_ends = Vec::new();
        let mut actor_office = Vec::new();
        let mut actor_group = Vec::new();
        for (i, a) in cb.actors().iter().enumerate() {
            let weak: Vec<&String> =
                cb.alias_context().iter().filter(|c| c.actor == a.name).flat_map(|c| c.weak.iter()).collect();
            let office = cb.alias_context().iter().filter(|c| c.actor == a.name).find_map(|c| c.office.clone());
            for alias in std::iter::once(&a.name).chain(a.aliases.iter()) {
                let common = alias.chars().next().is_some_and(|c| c.is_lowercase());
                let mut id = if weak.contains(&alias) { i as u32 | WEAK_ALIAS } else { i as u32 };
                if office.as_ref().is_some_and(|o| o.aliases.contains(alias)) {
                    id |= OFFICE_ALIAS;
                }
                lex.add(alias, Cat::Actor, id, !common);
            }
            actor_office.push(office);
            actor_side.push(cb.side_of_camp(&a.camp));
            actor_person.push(a.kind == "person");
            let words: Vec<&str> = a.name.split_whitespace().collect();
            actor_name_ends.push(match (a.kind == "person", words.first(), words.last()) {
                (true, Some(first), Some(last)) if words.len() >= 2 => Some((first.to_lowercase(), last.to_lowercase())),
                _ => None,
            });
            actor_group.push(a.kind == "group");
        }
        let n = cb.actors().len();
        let mut ctx_before = vec![Vec::new(); n];
        let mut ctx_after = vec![Vec::new(); n];
        for ctx in cb.alias_context() {
            if let Some(i) = cb.actors().iter().position(|a| a.name == ctx.actor) {
                let tok = |p: &String| lexicon::phrase_tokens(p).into_iter().map(|(t, _)| t).collect::<Vec<_>>();
                ctx_before[i].extend(ctx.not_before.iter().map(tok));
                ctx_after[i].extend(ctx.not_after.iter().map(tok));
            }
        }
        for (i, c) in cb.cues().iter().enumerate() {
            lex.add(&c.phrase, Cat::Cue, i as u32, false);
        }
        for (i, t) in cb.targets().iter().enumerate() {
            lex.add(&t.phrase, Cat::Target, i as u32, false);
        }
        let sp = cb.speech();
        let mut speech_meta = Vec::new();
        for (i, v) in sp.verbs.iter().enumerate() {
            lex.add(v, Cat::Speech, i as u32, false);
            speech_meta.push(SpeechMeta {
                participle: sp.participles.contains(v),
                relay: sp.relay_verbs.contains(v),
                passive: sp.passive_verbs.contains(v),
                ignore: false,
            });
        }
        for v in &sp.not_speech {
            lex.add(v, Cat::Speech, speech_meta.len() as u32, false);
            speech_meta.push(SpeechMeta { participle: false, relay: false, passive: false, ignore: true });
        }
        for (i, v) in sp.nouns.iter().enumerate() {
            lex.add(v, Cat::Noun, i as u32, false);
        }
        for (i, v) in sp.according.iter().enumerate() {
            lex.add(v, Cat::According, i as u32, false);
        }
        for (i, v) in sp.anaphors.iter().enumerate() {
            lex.add(v, Cat::Anaphor, i as u32, false);
        }
        let mut group_actor = Vec::new();
        for g in &cb.unnamed().groups {
            if let Some(ai) = cb.actors().iter().position(|a| a.name == g.actor) {
                for noun in &g.nouns {
                    lex.add(noun, Cat::Group, group_actor.len() as u32, false);
                    group_actor.push(ai as u32);
                }
            }
        }
        for (word, id) in lexicon::FIXED_WORDS {
            lex.add(word, Cat::Fixed, id, false);
        }
        let st = cb.structure();
        let role_camps =
            st.role_camps.iter().map(|rc| (rc.camp.clone(), rc.words.iter().map(|w| w.to_lowercase()).collect())).collect();
        let mut role_camp_words: text::FxMap<String, Vec<(usize, Vec<String>)>> = Default::default();
        for (ci, rc) in st.role_camps.iter().enumerate() {
            for w in &rc.words {
                let parts = role_words(w);
                if let Some((first, rest)) = parts.split_first() {
                    role_camp_words.entry(first.to_string()).or_default().push((ci, rest.iter().map(|s| s.to_string()).collect()));
                }
            }
        }
        let mut role_camp_firsts = [0; text::FILTER_WORDS];
        for first in role_camp_words.keys() {
            text::filter_add(&mut role_camp_firsts, text::word_hash(first.as_bytes()));
        }
        let demands: Vec<Vec<PTokPublic>> =
            cb.demands().iter().map(|p| lexicon::phrase_tokens(p).into_iter().map(|(t, _)| t).collect()).collect();
        // each put in its place as it comes (a sort of these pairs added 3.5 KB to the
        // parsing worker's gzipped wasm)
        let mut demands_by_end: Vec<(u32, u32)> = Vec::with_capacity(demands.len());
        for (i, seq) in demands.iter().enumerate() {
            if let Some(h) = word_hash_of(seq.last()) {
                let at = demands_by_end.partition_point(|&(other, _)| other <= h);
                demands_by_end.insert(at, (h, i as u32));
            }
        }
        let ctx_before_firsts = ctx_before.iter().map(|ctx| filter_of_words(ctx.iter().map(|seq| seq.first()))).collect();
        Analyzer {
            ctx_before_firsts,
            demands_by_end,
            role_camp_words,
            role_camp_firsts,
            titles: set_of(&st.titles, false),
            role_nouns: set_of(&st.role_nouns, true),
            kin_nouns: set_of(&st.kin_nouns, true),
            org_nouns: set_of(&st.org_nouns, false),
            place_nouns: set_of(&st.place_nouns, false),
            function_words: set_of(&st.function_words, false),
            determiners: set_of(&cb.unnamed().determiners, true),
            speaker_nouns: set_of(&cb.unnamed().speaker_nouns, true),
            negators: set_of(cb.negators(), true),
            demand_ends: filter_of_words(demands.iter().map(|seq| seq.last())),
            demands,
            role_camps,
            actor_side,
            actor_names: cb.actors().iter().map(|a| ActorName::from(a.name.as_str())).collect(),
            actor_person,
            actor_name_ends,
            actor_office,
            actor_group,
            ctx_before,
            ctx_after,
            speech_meta,
            group_actor,
            lex,
            cb,
        }
    }

    pub fn codebook(&self) -> &Codebook {
        &self.cb
    }

    pub fn analyze(&self, entry: &Entry) -> Analysis {
        self.analyze_dated(entry.title.as_deref(), &entry.body, entry.date.as_ref().map(|d| d.as_str()))
    }

    /// Analyses a title and body directly, undated (what [`Analyzer::analyze`] does for an
    /// entry).
    pub fn analyze_text(&self, title: Option<&str>, body: &str) -> Analysis {
        self.analyze_dated(title, body, None)
    }

    /// [`Self::analyze_text`] for an entry of `date` (`YYYY-MM-DD`), which decides whom an
    /// office's aliases name ([`codebook::Office`]).
    pub fn analyze_dated(&self, title: Option<&str>, body: &str, date: Option<&str>) -> Analysis {
        let doc = Doc::with_starts(title, body, self.lex.start_filter());
        let (found, voices, verdict) = self.run(&doc, date, false);

        // sized once (one name per speaker, bar namesakes): growing it was an allocation more
        let mut speakers: Vec<ActorName> = Vec::with_capacity(voices.speakers.len());
        for &(who, _) in &voices.speakers {
            self.push_unique(&mut speakers, &found, who);
        }
        // mentions in order of first appearance, speakers included
        let mut order = Scratch::take(&ORDER);
        // room for all at once: a filtered `extend` checked the room per mention
        order.reserve(found.ments.len() + voices.speakers.len());
        for m in found.ments.iter() {
            if !m.speaker_only && self.is_reportable(&found, m.who) {
                order.push((m.s, m.who));
            }
        }
        order.extend(voices.speakers.iter().map(|&(w, p)| (p, w)));
        order.sort_by_key(|&(p, _)| p);
        let mentions = self.unique_names(&found, order.iter().map(|&(_, who)| who));
        let mut unlisted = Vec::new();
        for (i, c) in found.cands.iter().enumerate() {
            if !c.confirmed || !mentions.contains(&c.name) {
                continue;
            }
            if unlisted.capacity() == 0 {
                // room for every confirmed candidate from here on: one allocation, not growth
                unlisted.reserve_exact(found.cands[i..].iter().filter(|c| c.confirmed).count());
            }
            unlisted.push(UnlistedActor {
                name: c.name.to_string(),
                kind: match c.kind {
                    CandKind::Person => "person".into(),
                    CandKind::Organisation => "organisation".into(),
                },
                camp: self.cand_camp(&found, i as u32).unwrap_or("other").to_string(),
                role: c.role.clone(),
            });
        }
        Analysis {
            speakers,
            mentions,
            stance: Some(verdict.stance),
            stance_evidence: verdict.evidence,
            quotes: verdict.quotes,
            unlisted,
            ..Default::default()
        }
    }

    /// Why the analysis came out as it did, for people checking it (CLI `--explain`, tests):
    /// each speaker with the words that made it one, each cue with its side, weight and voice.
    pub fn explain_text(&self, title: Option<&str>, body: &str) -> String {
        use std::fmt::Write;
        let doc = Doc::with_starts(title, body, self.lex.start_filter());
        let (found, voices, verdict) = self.run(&doc, None, true);
        let mut out = String::new();
        for &(who, pos) in &voices.speakers {
            let (s, e) = doc.sents[doc.sent_of(pos) as usize];
            let _ = writeln!(out, "speaker {} <- {:?}", self.name_of(&found, who), doc.span(s, e));
        }
        for st in &voices.statements {
            let _ = writeln!(
                out,
                "voice {} {}: {:?}",
                self.name_of(&found, st.who),
                if st.quoted { "quoted" } else { "reported" },
                doc.span(st.s, st.e)
            );
        }
        for (side, w, phrase, words, who) in &verdict.reasons {
            let voice = who.map(|w| self.name_of(&found, w)).unwrap_or_else(|| "reporter".into());
            let _ = writeln!(out, "cue {phrase:?} {words:?} -> {side:?} {w:.2} (voice {voice})");
        }
        let _ = writeln!(out, "stance {:?} {:?}", verdict.stance, verdict.evidence);
        out
    }

    /// The pipeline [`Self::analyze_text`] reports and [`Self::explain_text`] explains, so the
    /// explanation is always of the analysis the page shows: actors, their voices, then the
    /// stance (`explain` keeps every cue's reasons, which the analysis does not need).
    fn run(&self, doc: &Doc, date: Option<&str>, explain: bool) -> (actors::Found, quotes::Voices, stance::Verdict) {
        let hits = self.lex.scan(doc);
        let mut found = actors::find(self, doc, &hits, date);
        let voices = quotes::attribute(self, doc, &hits, &mut found);
        let verdict = stance::decide(self, doc, &hits, &found, &voices, explain);
        (found, voices, verdict)
    }

    pub(crate) fn is_reportable(&self, found: &actors::Found, who: Who) -> bool {
        match who {
            Who::Listed(_) => true,
            Who::Unlisted(i) => found.cands.get(i as usize).is_some_and(|c| c.confirmed),
        }
    }

    /// [`Self::name_of`] as borrowed text, for callers that compare it before taking a share of
    /// the name (most find it already listed).
    fn name_str<'s>(&'s self, found: &'s actors::Found, who: Who) -> &'s str {
        match who {
            Who::Listed(i) => self.cb.actors().get(i as usize).map(|a| a.name.as_str()).unwrap_or_default(),
            Who::Unlisted(i) => found.cands.get(i as usize).map(|c| c.name.as_str()).unwrap_or_default(),
        }
    }

    /// The name the analysis gives `who`, shared ([`ActorName`]): a listed actor's with every
    /// entry, an unlisted one's within the entry.
    pub(crate) fn name_of(&self, found: &actors::Found, who: Who) -> ActorName {
        match who {
            Who::Listed(i) => self.actor_names.get(i as usize).cloned().unwrap_or_default(),
            Who::Unlisted(i) => found.cands.get(i as usize).map(|c| c.name.clone()).unwrap_or_default(),
        }
    }

    /// The side a voice counts for: its camp's side (for unlisted actors, the camp their role
    /// suggests).
    pub(crate) fn side_of(&self, found: &actors::Found, who: Who) -> Option<Side> {
        match who {
            Who::Listed(i) => self.actor_side.get(i as usize).copied().flatten(),
            Who::Unlisted(i) => self.cb.side_of_camp(self.cand_camp(found, i)?),
        }
    }

    pub(crate) fn is_media(&self, found: &actors::Found, who: Who) -> bool {
        match who {
            Who::Listed(i) => self.cb.actors().get(i as usize).is_some_and(|a| a.camp == "media"),
            Who::Unlisted(i) => self.cand_camp(found, i).is_some_and(|c| c == "media"),
        }
    }

    /// Candidate `i`'s camp, worked out from its role on the first call and kept in `found`;
    /// `None` for no such candidate.
    pub(crate) fn cand_camp(&self, found: &actors::Found, i: u32) -> Option<&str> {
        let (cell, cand) = (found.cand_camp.get(i as usize)?, found.cands.get(i as usize)?);
        let camp = match cell.get() {
            Some(camp) => camp,
            None => {
                let role = cand.role.as_deref().unwrap_or("");
                let camp = ROLE_BUFFERS.with_borrow_mut(|(text, words)| self.camp_of_role(role, &cand.name, text, words));
                cell.set(Some(camp));
                camp
            }
        };
        Some(self.camp_name(camp))
    }

    /// The text of a [`CampOf`].
    fn camp_name(&self, camp: CampOf) -> &str {
        match camp {
            CampOf::Actor(a) => self.cb.actors().get(a as usize).map_or("other", |a| a.camp.as_str()),
            CampOf::RoleCamp(c) => self.role_camps.get(c as usize).map_or("other", |(camp, _)| camp.as_str()),
            CampOf::Other => "other",
        }
    }

    /// A camp for an unlisted actor: a listed actor named in its role ("trustee of the
    /// Patients' Association") lends its camp; else the first `role_camps` word found; else
    /// `other`. Given as where its text is kept ([`Self::camp_name`] reads it).
    ///
    /// `text` and `words` are buffers for the lowercased "role name" and its words, emptied
    /// first: [`Self::cand_camp`] lends [`ROLE_BUFFERS`].
    pub(crate) fn camp_of_role(&self, role: &str, name: &str, text: &mut String, words: &mut Vec<(u32, u32)>) -> CampOf {
        if has_uppercase(role) {
            let d = Doc::with_starts(None, role, self.lex.start_filter());
            for h in self.lex.scan(&d).iter() {
                if h.cat == Cat::Actor {
                    if let Some(a) = self.cb.actors().get((h.id & !ALIAS_MARKS) as usize) {
                        if a.camp != "other" {
                            return CampOf::Actor(h.id & !ALIAS_MARKS);
                        }
                    }
                }
            }
        }
        // "role name", lowercased, in the buffer lent; its words as byte ranges
        text.clear();
        push_lowercase(text, role);
        text.push(' ');
        push_lowercase(text, name);
        words.clear();
        role_word_ranges(text, words);
        let word = |i: usize| words.get(i).and_then(|&(s, e)| text.get(s as usize..e as usize)).unwrap_or_default();
        let mut best = usize::MAX;
        for i in 0..words.len() {
            if !text::filter_has(&self.role_camp_firsts, text::word_hash(word(i).as_bytes())) {
                continue;
            }
            for (ci, tail) in self.role_camp_words.get(word(i)).into_iter().flatten() {
                let fits = words.len() > i + tail.len() && tail.iter().enumerate().all(|(j, b)| word(i + 1 + j) == b);
                if *ci < best && fits {
                    best = *ci;
                }
            }
        }
        if best < self.role_camps.len() {
            CampOf::RoleCamp(best as u32)
        } else {
            CampOf::Other
        }
    }
}

/// Lowercase words of a role, hyphens kept ("passer-by").
fn role_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|w| !w.is_empty()).collect()
}

/// [`role_words`] as byte ranges of `text`, into `out`. ASCII text (most roles and names) is
/// read byte by byte, where a character is its byte and `is_alphanumeric` the ASCII test;
/// other text takes [`role_word_ranges_general`].
fn role_word_ranges(text: &str, out: &mut Vec<(u32, u32)>) {
    if !text.is_ascii() {
        return role_word_ranges_general(text, out);
    }
    let mut start = None;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s as u32, i as u32));
        }
    }
    if let Some(s) = start {
        out.push((s as u32, text.len() as u32));
    }
}

/// [`role_word_ranges`] character by character.
fn role_word_ranges_general(text: &str, out: &mut Vec<(u32, u32)>) {
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '-' {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s as u32, i as u32));
        }
    }
    if let Some(s) = start {
        out.push((s as u32, text.len() as u32));
    }
}

/// True when `s` has an uppercase letter: a byte test for ASCII text, else by character.
fn has_uppercase(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        s.chars().any(|c| c.is_uppercase())
    }
}

/// Appends `s.to_lowercase()` to `out`, without the intermediate string when `s` is ASCII.
fn push_lowercase(out: &mut String, s: &str) {
    if s.is_ascii() {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// The hash of phrase token `t` when it is a word.
fn word_hash_of(t: Option<&PTokPublic>) -> Option<u32> {
    match t {
        Some(PTokPublic::Word(h, _)) => Some(*h),
        _ => None,
    }
}

/// [`text::hash_filter`] of one word of each phrase (its first or last, as `words` picks),
/// so a place is turned away before each phrase is tried there; `None` when one of them is
/// not a word, and then no place may be.
fn filter_of_words<'a>(words: impl Iterator<Item = Option<&'a PTokPublic>>) -> Option<u64> {
    words.map(word_hash_of).collect::<Option<Vec<u32>>>().map(|hashes| text::hash_filter(&hashes))
}

impl Analyzer {
    /// The names of `whos`, each once, in order, empties left out, as [`push_unique`] lists
    /// them one by one. Up to sixteen names are gathered as borrowed text first, so the list
    /// is allocated once at its size instead of grown a name at a time. An actor named again
    /// (most are) lends the same text, known by its address without comparing the bytes.
    fn unique_names(&self, found: &actors::Found, whos: impl Iterator<Item = Who> + Clone) -> Vec<ActorName> {
        let mut names: [(&str, Who); 16] = [("", Who::Listed(0)); 16];
        let mut n = 0;
        for who in whos.clone() {
            let s = self.name_str(found, who);
            let listed = |&(x, _): &(&str, Who)| x.len() == s.len() && (std::ptr::eq(x.as_ptr(), s.as_ptr()) || x == s);
            if s.is_empty() || names[..n].iter().any(listed) {
                continue;
            }
            match names.get_mut(n) {
                Some(slot) => *slot = (s, who),
                // more names than that: the general path
                None => return self.unique_names_general(found, whos),
            }
            n += 1;
        }
        names[..n].iter().map(|&(_, who)| self.name_of(found, who)).collect()
    }

    /// [`Self::unique_names`] name by name.
    fn unique_names_general(&self, found: &actors::Found, whos: impl Iterator<Item = Who>) -> Vec<ActorName> {
        let mut names = Vec::new();
        for who in whos {
            self.push_unique(&mut names, found, who);
        }
        names
    }

    /// Adds `who`'s name to `names` unless it is empty or already there.
    fn push_unique(&self, names: &mut Vec<ActorName>, found: &actors::Found, who: Who) {
        let s = self.name_str(found, who);
        if !s.is_empty() && !names.iter().any(|x| *x == *s) {
            names.push(self.name_of(found, who));
        }
    }
}

/// Analyses every entry, in order. Copies each entry; [`analyze_entries`] does not.
pub fn analyze_all(analyzer: &Analyzer, entries: &[Entry]) -> Vec<AnalysedEntry> {
    entries.iter().map(|e| AnalysedEntry { entry: e.clone(), analysis: analyzer.analyze(e) }).collect()
}

/// [`analyze_all`] for a caller that is done with the entries: each moves into its
/// [`AnalysedEntry`] instead of being copied (the copy was about seven allocations and the
/// body's bytes per entry, as the page's workers already avoid in `session::Preparer::prepare`).
pub fn analyze_entries(analyzer: &Analyzer, entries: Vec<Entry>) -> Vec<AnalysedEntry> {
    entries
        .into_iter()
        .map(|entry| {
            let analysis = analyzer.analyze(&entry);
            AnalysedEntry { entry, analysis }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_words_read_by_byte_are_those_read_by_character() {
        let az = Analyzer::new(&Codebook::builtin());
        let mut texts: Vec<String> = vec![
            "junior doctor at st mary's hospital, 31 -- a passer-by".into(),
            "  -lead- negotiator,of the bma  ".into(),
            "".into(),
            "x".into(),
            "chief exec\u{e9}utive of the royal college caf\u{e9} ma\u{f1}ana \u{2014} \u{130}stanbul".into(),
        ];
        for (_, text) in crate::sample::SEEDS {
            let doc = Doc::new(None, text);
            let (found, _, _) = az.run(&doc, None, false);
            texts.extend(found.cands.iter().map(|c| format!("{} {}", c.role.as_deref().unwrap_or(""), c.name)));
        }
        for text in &texts {
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            role_word_ranges(text, &mut fast);
            role_word_ranges_general(text, &mut general);
            assert_eq!(fast, general, "{text:?}");
            for case in [text.clone(), text.to_uppercase()] {
                assert_eq!(has_uppercase(&case), case.chars().any(|c| c.is_uppercase()), "{case:?}");
            }
        }
        assert!(texts.len() > 20);
    }

    #[test]
    fn role_camp_filter_turns_away_no_first_word() {
        // `camp_of_role` skips a word whose bit is clear: every first word must have its bit
        let az = Analyzer::new(&Codebook::builtin());
        assert!(!az.role_camp_words.is_empty());
        for first in az.role_camp_words.keys() {
            assert!(text::filter_has(&az.role_camp_firsts, text::word_hash(first.as_bytes())), "{first:?}");
        }
        // and the filter does turn words away
        let passed = ["the", "of", "at", "mary", "hunt", "a", "said"]
            .iter()
            .filter(|w| text::filter_has(&az.role_camp_firsts, text::word_hash(w.as_bytes())))
            .count();
        assert!(passed < 3, "{passed}");
        let (mut text, mut words) = (String::new(), Vec::new());
        let camp = az.camp_of_role("junior doctor at st mary's", "Joe Barlow", &mut text, &mut words);
        assert!(matches!(camp, CampOf::RoleCamp(_)));
        assert_eq!(az.camp_of_role("of the", "Joe Barlow", &mut text, &mut words), CampOf::Other);
    }

    #[test]
    fn unique_names_are_the_general_list() {
        let az = Analyzer::new(&Codebook::builtin());
        let n_actors = az.cb.actors().len() as u32;
        assert!(n_actors > 16, "the test wants more names than the gathered sixteen");
        for (_, text) in crate::sample::SEEDS {
            let doc = Doc::new(Some("The BMA and the government"), text);
            let (mut found, voices, _) = az.run(&doc, None, false);
            let mut whos: Vec<Who> = found.ments.iter().map(|m| m.who).collect();
            whos.extend(voices.speakers.iter().map(|&(w, _)| w));
            assert!(!whos.is_empty());
            // a namesake: the same name in another string than the listed actor's
            let namesake = found.cands.len() as u32;
            found.cands.push(Cand { name: ActorName::from(az.cb.actors()[1].name.as_str()), kind: CandKind::Person, role: None, confirmed: true });
            whos.extend([Who::Unlisted(namesake), Who::Listed(1), Who::Unlisted(namesake)]);
            // as found, and with every actor, repeated, and a nameless one (left out)
            let mut many = whos.clone();
            many.extend((0..n_actors).chain(0..n_actors).map(Who::Listed));
            many.push(Who::Unlisted(u32::MAX));
            for list in [&whos, &many, &whos[..1]] {
                let fast = az.unique_names(&found, list.iter().copied());
                assert_eq!(fast, az.unique_names_general(&found, list.iter().copied()));
            }
        }
    }
}
