//! Speech attribution: who speaks in an entry, and which tokens are whose words.
//!
//! Patterns, each with a unit test below:
//! - subject before a speech verb, across an appositive: "Danny Mortimer, chief executive of
//!   NHS Employers, says", "Mr Hunt replied:", "Junior doctors have been telling...";
//! - inverted after a quote or a clause: `"...," said Shruti Patel`, `..., said a Labour
//!   source`, `"...," says this junior doctor`; but `..., writes Damien Gayle` is the blog's
//!   own reporter relaying (not a speaker);
//! - passive: "tweeted by Dr Johann Malawana", "condemned as 'unnecessary' by the Health
//!   Secretary";
//! - "according to X", "X's letter", "a question from X", "a poll by X";
//! - `X: "..."` and `X, role: "..."`, and titles `X: ...`;
//! - name lines: a line holding only a name (and role) at the top of a post (byline, or above
//!   an embedded post) or under a quote (BBC's quote box attribution);
//! - pronouns and anaphors: "He added" -> the last person named, "They warn" -> the last
//!   organisation, "the spokesman said" -> the last speaker;
//! - unattributed quotes: the last speaker, else the person introduced in the paragraph
//!   before; a first-person tweet: the person named just above it;
//! - unnamed speakers: "a Downing Street spokesman" -> Downing Street, "one person said" ->
//!   Public (the codebook maps the nouns).

use super::actors::Found;
use super::lexicon::{Cat, Hit, FIXED_GROUP, FIXED_PERSON};
use super::text::{same_bytes, word_hash, Doc, FewWords, NONE};
use super::scratch::{kept_home, reusable_fields, scratch_home, with_kept, Scratch};
use super::{Analyzer, Ment, Who};

/// Words of their own voice: a quote or a reported clause, and its speaker.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Statement {
    pub who: Who,
    pub s: u32,
    pub e: u32,
    pub quoted: bool,
}

/// Who speaks where: [`attribute`]'s answer, its three tables on loan together from one home
/// (a loan cost about 35 instructions an entry).
pub(crate) type Voices = Scratch<VoiceTables>;

#[derive(Debug, Default)]
pub(crate) struct VoiceTables {
    /// Speakers in order of first attribution, with the token where it happens.
    pub speakers: Vec<(Who, u32)>,
    pub statements: Vec<Statement>,
    /// Per token: the statement whose words it is, or `NONE` (the reporter's); written only
    /// for an entry of many statements (read it through [`VoiceTables::voice_at`]).
    pub voice: Vec<u32>,
}

/// From this many statements on, [`attribute`] writes every token's voice out; below, a
/// voice is read from the statements at each token asked about (the stance asks at its
/// cues, two or three an entry): the table cost about two instructions a token of every entry.
const VOICE_TABLE_FROM: usize = 32;

impl VoiceTables {
    /// The statement whose words token `k` of an `n`-token document is, or `NONE` (the
    /// reporter's): the first quoted statement holding it, else the first reported one.
    pub fn voice_at(&self, k: u32, n: u32) -> u32 {
        if k >= n {
            return NONE;
        }
        if self.voice.is_empty() {
            self.voice_of_statements(k)
        } else {
            self.voice.get(k as usize).copied().unwrap_or(NONE)
        }
    }

    /// [`Self::voice_at`] read from the statements (`k` is a token of the document), in one
    /// pass: the first quoted statement holding it ends the search, the first reported one is
    /// kept in case none does.
    fn voice_of_statements(&self, k: u32) -> u32 {
        let mut reported = NONE;
        for (i, st) in self.statements.iter().enumerate() {
            if st.s <= k && k < st.e {
                if st.quoted {
                    return i as u32;
                }
                if reported == NONE {
                    reported = i as u32;
                }
            }
        }
        reported
    }
}

/// Every token's voice, into `voice` (emptied first): the definition [`VoiceTables::voice_at`]
/// reads. Quoted words first, then reported clauses, each in order: the statements are written
/// in the reverse of that order, each over all its tokens (a fill, with no test of what is
/// there), so the last to write a token is the first that holds it.
fn write_voices(statements: &[Statement], n: u32, voice: &mut Vec<u32>) {
    voice.clear();
    voice.resize(n as usize, NONE);
    let reported = statements.iter().enumerate().rev().filter(|(_, st)| !st.quoted);
    let quoted = statements.iter().enumerate().rev().filter(|(_, st)| st.quoted);
    for (si, st) in reported.chain(quoted) {
        if let Some(words) = voice.get_mut(st.s as usize..st.e.min(n) as usize) {
            words.fill(si as u32);
        }
    }
}

reusable_fields!(VoiceTables { speakers, statements, voice });

/// The working tables of [`attribute`], kept together and lent in place ([`with_kept`]): eight
/// loans of a scratch vector cost about 35 instructions each an entry.
#[derive(Default)]
struct Tables {
    qmark: Vec<bool>,
    pronouns: Vec<Subj>,
    anaphors: Vec<Subj>,
    subjects_all: Vec<Subj>,
    subjects: Vec<Subj>,
    raws: Vec<Raw>,
    attrs: Vec<Attr>,
    quote_who: Vec<Option<Who>>,
    line_after: Vec<(u32, Who)>,
}

reusable_fields!(Tables { qmark, pronouns, anaphors, subjects_all, subjects, raws, attrs, quote_who, line_after });

scratch_home!(VOICES: VoiceTables);

kept_home!(TABLES: Tables);

/// Grammar words allowed between a subject and its speech verb ("Mr Hunt has also said").
const AUX: &[&str] = &[
    "has", "have", "had", "is", "was", "were", "are", "be", "been", "being", "also", "then", "later", "earlier",
    "today", "yesterday", "tonight", "now", "last", "night", "week", "month", "morning", "afternoon", "evening",
    "still", "again", "further", "would", "will", "can", "could", "may", "might", "should", "must", "already", "just",
    "did", "does", "do", "not", "never", "once", "first", "himself", "herself", "themselves", "itself", "this",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "on", "previously", "went",
];

/// [`AUX`]'s words by [`word_hash`] (hash, index), sorted at compile time: a token's word is
/// looked up by the hash it carries instead of compared with every word.
const AUX_BY_HASH: [(u32, u8); AUX.len()] = {
    let mut out = [(0u32, 0u8); AUX.len()];
    let mut i = 0;
    while i < AUX.len() {
        out[i] = (word_hash(AUX[i].as_bytes()), i as u8);
        i += 1;
    }
    // insertion sort by hash
    let mut j = 1;
    while j < out.len() {
        let mut k = j;
        while k > 0 && out[k - 1].0 > out[k].0 {
            let t = out[k - 1];
            out[k - 1] = out[k];
            out[k] = t;
            k -= 1;
        }
        j += 1;
    }
    out
};

/// True when word token `k` is one of [`AUX`] (`AUX.contains(&doc.lower(k))`).
fn is_aux(doc: &Doc, k: u32) -> bool {
    let h = doc.toks.as_slice()[k as usize].h;
    let at = AUX_BY_HASH.partition_point(|&(ah, _)| ah < h);
    AUX_BY_HASH[at..]
        .iter()
        .take_while(|&&(ah, _)| ah == h)
        .any(|&(_, i)| AUX.get(i as usize).is_some_and(|w| same_bytes(w.as_bytes(), doc.lower_bytes(k))))
}

/// How many paragraphs back a pronoun looks for its antecedent.
const PRONOUN_REACH: u32 = 3;
/// Words before a speech verb that make it an adjective or an infinitive.
const NOT_BEFORE_VERB: FewWords =
    FewWords::new(&["the", "a", "an", "over", "of", "for", "with", "their", "its", "his", "her", "our", "these", "those", "about", "under", "to", "this", "that"]);
/// Verbs that make the words before them a clause's subject, not an inverted speaker: "said
/// ministers were hiding".
const CLAUSE_VERBS: FewWords = FewWords::new(&[
    "is", "was", "are", "were", "be", "had", "has", "have", "would", "will", "could", "should", "must", "might", "can", "did", "do",
    "does",
]);

/// Words between an inverted speech verb and its subject: `said a Labour source`.
const SKIP_BEFORE_SUBJECT: FewWords = FewWords::new(&["the", "a", "an", "this", "one", "another", "our"]);
/// Prepositions that may start a phrase between a subject and its verb ("Juniors on the
/// picket line at King's say").
const PREPOSITIONS: FewWords = FewWords::new(&["on", "at", "in", "from", "of", "with", "outside", "near", "across", "inside", "for"]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SubjKind {
    Ment(usize),
    Person,
    Group,
    Anaphor,
}

#[derive(Debug, Clone, Copy)]
struct Subj {
    s: u32,
    e: u32,
    kind: SubjKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Verb,
    Noun,
    According,
    TitleColon,
    ColonQuote,
    Byline,
    LineAfter,
}

#[derive(Debug, Clone, Copy)]
struct Raw {
    pos: u32,
    kind: Kind,
    /// Hit start/end, colon token, or paragraph index.
    a: u32,
    b: u32,
    /// Index into subjects for colon and name-line events; speech meta index for verbs.
    x: usize,
}

#[derive(Debug, Clone, Copy)]
struct Attr {
    who: Who,
    pos: u32,
    sent: u32,
    kind: Kind,
    /// For name lines: the paragraph; for title colons: the colon token.
    at: u32,
}

struct Ctx<'a> {
    az: &'a Analyzer,
    doc: &'a Doc<'a>,
    subjects: &'a [Subj],
    qmark: &'a [bool],
}

pub(crate) fn attribute(az: &Analyzer, doc: &Doc, hits: &[Hit], found: &mut Found) -> Voices {
    with_kept(&TABLES, |tables| attribute_with(az, doc, hits, found, tables))
}

/// [`attribute`] with its working tables.
fn attribute_with(az: &Analyzer, doc: &Doc, hits: &[Hit], found: &mut Found, tables: &mut Tables) -> Voices {
    let n = doc.len();
    let Tables { qmark, pronouns, anaphors, subjects_all, subjects, raws, attrs, quote_who, line_after } = tables;
    qmark.resize(n as usize, false);
    for q in &doc.quotes {
        qmark[q.open as usize] = true;
        if q.closed && (q.close as usize) < qmark.len() {
            qmark[q.close as usize] = true;
        }
    }

    // ---- one pass over the hits: the raw events, and the pronouns and anaphors that may be
    // subjects
    for h in hits {
        match h.cat {
            Cat::Speech | Cat::Noun | Cat::According => {}
            Cat::Fixed | Cat::Anaphor => {
                push_subject_hit(doc, h, pronouns, anaphors);
                continue;
            }
            // the other hits (most) are turned away before their place is read
            _ => continue,
        }
        // speech inside quotes is the speaker's own business, except in a title's quote
        // ("Video: '98% of doctors say contract is unsafe'")
        if doc.inside_quote(h.s) && !doc.in_title(h.s) {
            continue;
        }
        if h.cat == Cat::Speech && h.s > 0 && doc.toks.as_slice()[h.s as usize - 1].is_word() && NOT_BEFORE_VERB.has(doc, h.s - 1) {
            // "over proposed changes", "the proposed contract", "has yet to say"
            continue;
        }
        match h.cat {
            Cat::Speech if az.speech_meta.get(h.id as usize).is_some_and(|m| !m.ignore) => {
                raws.push(Raw { pos: h.s, kind: Kind::Verb, a: h.s, b: h.e, x: h.id as usize })
            }
            Cat::Noun => raws.push(Raw { pos: h.s, kind: Kind::Noun, a: h.s, b: h.e, x: 0 }),
            Cat::According => raws.push(Raw { pos: h.s, kind: Kind::According, a: h.s, b: h.e, x: 0 }),
            _ => {}
        }
    }
    build_subjects(doc, found, pronouns, anaphors, subjects_all, subjects);
    let cx = Ctx { az, doc, subjects: &subjects[..], qmark: &qmark[..] };

    // title `X: ...`
    if doc.title_end > 0 {
        if let Some(colon) = (0..doc.title_end).find(|&k| doc.is_punct(k, ':')) {
            if let Some(si) = cx.colon_subject(0, colon, 3, hits) {
                raws.push(Raw { pos: cx.subjects[si].s, kind: Kind::TitleColon, a: colon, b: colon, x: si });
            }
        }
    }
    // body `X[, role]: "..."`
    for q in &doc.quotes {
        if q.open == 0 || doc.in_title(q.open) || !doc.is_punct(q.open - 1, ':') {
            continue;
        }
        let colon = q.open - 1;
        let cs = cx.clause_start(colon);
        if let Some(si) = cx.colon_subject(cs, colon, 4, hits) {
            raws.push(Raw { pos: cx.subjects[si].s, kind: Kind::ColonQuote, a: colon, b: colon, x: si });
        }
    }
    // name lines
    let first_body_para = if doc.title_end > 0 { 1 } else { 0 };
    for pi in first_body_para..doc.paras.len() as u32 {
        if let Some(si) = cx.name_line(pi) {
            let byline = pi == first_body_para;
            let prev_quotey = pi > first_body_para && cx.quotey(pi - 1);
            if byline {
                raws.push(Raw { pos: cx.subjects[si].s, kind: Kind::Byline, a: pi, b: pi, x: si });
            } else if prev_quotey {
                raws.push(Raw { pos: cx.subjects[si].s, kind: Kind::LineAfter, a: pi, b: pi, x: si });
            }
        }
    }
    raws.sort_by_key(|r| (r.pos, r.kind as u8));

    // ---- resolve in document order
    let mut voices = Scratch::take(&VOICES);
    let VoiceTables { speakers, statements, voice } = &mut *voices;
    let mut last_speaker: Option<Who> = None;
    for r in raws.iter() {
        let resolved: Option<(Who, bool)> = match r.kind {
            Kind::Verb => cx.resolve_verb(r.a, r.b, r.x, found, last_speaker),
            Kind::Noun => cx.resolve_noun(r.a, r.b, found, last_speaker).map(|w| (w, true)),
            Kind::According => cx.resolve_according(r.b, found, last_speaker).map(|w| (w, true)),
            Kind::TitleColon | Kind::ColonQuote | Kind::LineAfter => {
                cx.resolve(cx.subjects[r.x], found, last_speaker).map(|w| (w, true))
            }
            Kind::Byline => {
                let s = cx.subjects[r.x];
                match s.kind {
                    SubjKind::Ment(mi) if found.ments[mi].person || cx.is_person(found, found.ments[mi].who) => {
                        Some((found.ments[mi].who, true))
                    }
                    _ => None,
                }
            }
        };
        if let Some((who, speaks)) = resolved {
            let at = match r.kind {
                Kind::Byline | Kind::LineAfter => r.a,
                Kind::TitleColon | Kind::ColonQuote => r.a,
                Kind::Noun => r.b,
                _ => r.pos,
            };
            attrs.push(Attr { who, pos: r.pos, sent: doc.sent_of(r.pos), kind: r.kind, at });
            if speaks {
                add_speaker(speakers, found, who, r.pos);
                last_speaker = Some(who);
            }
        }
    }

    // ---- quotes
    quote_who.resize(doc.quotes.len(), None);
    line_after.extend(attrs.iter().filter(|a| a.kind == Kind::LineAfter).map(|a| (a.at, a.who)));
    let title_colon = attrs.iter().find(|a| a.kind == Kind::TitleColon).copied();
    for (qi, q) in doc.quotes.iter().enumerate() {
        if doc.in_title(q.open) {
            continue;
        }
        let qs = doc.sent_of(q.open);
        let qe = doc.sent_of(q.close.min(n - 1));
        let mut who = None;
        if q.continues && qi > 0 && doc.quotes[qi - 1].para + 1 == q.para {
            who = quote_who[qi - 1];
        }
        if who.is_none() && qi > 0 {
            // "Shame on you!" "Shame on you!": a quote right after another is the same voice
            let p = &doc.quotes[qi - 1];
            let between = if p.closed && p.para == q.para { q.open.saturating_sub(p.close + 1) } else { u32::MAX };
            let only_marks = between <= 3
                && (p.close + 1..q.open).all(|k| {
                    let t = &doc.toks.as_slice()[k as usize];
                    !t.is_word() || matches!(doc.lower(k), "and" | "again" | "then")
                });
            if only_marks {
                who = quote_who[qi - 1];
            }
        }
        if who.is_none() {
            let from = attrs.partition_point(|a| a.sent < qs);
            who = attrs[from..]
                .iter()
                .take_while(|a| a.sent <= qe.max(qs))
                .filter(|a| matches!(a.kind, Kind::Verb | Kind::Noun | Kind::According | Kind::ColonQuote))
                .min_by_key(|a| a.pos.abs_diff(q.open))
                .map(|a| a.who);
        }
        if who.is_none() && q.para > 0 {
            // a paragraph ending "...said:" introduces this one
            let (ps, pe) = doc.paras[q.para as usize - 1];
            if pe > ps && doc.is_punct(pe - 1, ':') {
                who = attrs_in(attrs, ps, pe).filter(|a| a.kind == Kind::Verb).map(|a| a.who).last();
            }
        }
        if who.is_none() {
            who = line_after.iter().find(|(p, _)| *p == q.para + 1).map(|&(_, w)| w);
        }
        let scare = q.close.saturating_sub(q.open) <= 5 && {
            let (ss, _) = doc.sents[qs as usize];
            q.open > ss
        };
        if who.is_none() && !scare {
            // a person introduced in the paragraph just before, else the last speaker, else
            // the person introduced furthest back
            let intro = if q.para > 0 { cx.firm_person_in(q.para - 1, found) } else { None };
            who = intro
                .or_else(|| speakers.iter().filter(|&&(_, p)| p < q.open).map(|&(w, _)| w).next_back())
                .or_else(|| cx.introduced_before(q.para, found));
            if let Some(w) = who {
                add_speaker(speakers, found, w, q.open);
            }
        }
        if let Some(w) = who {
            quote_who[qi] = Some(w);
            statements.push(Statement { who: w, s: q.first(), e: q.close, quoted: true });
        }
    }
    // title quotes and the title after its colon
    let mut first_speaker = speakers.first().map(|&(w, _)| w);
    if let Some(tc) = title_colon {
        statements.push(Statement { who: tc.who, s: tc.at + 1, e: doc.title_end, quoted: true });
        first_speaker = Some(tc.who);
    }
    if let Some(fw) = first_speaker {
        for q in doc.quotes.iter().filter(|q| doc.in_title(q.open)) {
            statements.push(Statement { who: fw, s: q.first(), e: q.close, quoted: true });
        }
    }

    // ---- reported sentences
    for a in attrs.iter() {
        if matches!(a.kind, Kind::Verb | Kind::According | Kind::ColonQuote) {
            let (ss, se) = doc.sents[a.sent as usize];
            statements.push(Statement { who: a.who, s: ss, e: se, quoted: false });
        }
        if a.kind == Kind::Noun {
            // "the government's claim [that ...]": only what follows is theirs
            let (_, se) = doc.sents[a.sent as usize];
            statements.push(Statement { who: a.who, s: a.at, e: se, quoted: false });
        }
        if a.kind == Kind::LineAfter && a.at > 0 {
            let (ps, pe) = doc.paras[a.at as usize - 1];
            statements.push(Statement { who: a.who, s: ps, e: pe, quoted: true });
        }
    }

    // ---- paragraphs without marks: first-person blocks, tweets, "...said:" continuations
    let first_body_para = if doc.title_end > 0 { 1 } else { 0 };
    for pi in first_body_para..doc.paras.len() as u32 {
        let (ps, pe) = doc.paras[pi as usize];
        if attrs_in(attrs, ps, pe).next().is_some() || doc.para_quoted(pi) {
            continue;
        }
        let mut who = None;
        if pi > first_body_para {
            let (pps, ppe) = doc.paras[pi as usize - 1];
            if ppe > pps && doc.is_punct(ppe - 1, ':') {
                who = attrs_in(attrs, pps, ppe).filter(|a| a.kind == Kind::Verb).map(|a| a.who).last();
            }
        }
        if who.is_none() && doc.first_person(pi) {
            if doc.is_tweet_para(pi) {
                if let Some(w) = cx.first_person_in(pi.saturating_sub(1), found) {
                    add_speaker(speakers, found, w, ps);
                    who = Some(w);
                }
            } else {
                who = speakers.iter().filter(|&&(_, p)| p < ps).map(|&(w, _)| w).next_back();
            }
        }
        if let Some(w) = who {
            statements.push(Statement { who: w, s: ps, e: pe, quoted: true });
        }
    }

    // ---- voice per token, written out only for many statements (see `VOICE_TABLE_FROM`)
    if statements.len() >= VOICE_TABLE_FROM {
        write_voices(statements, n, voice);
    }
    speakers.sort_by_key(|&(_, p)| p);
    voices
}

/// True when mention `i` (a person's, outside quotes) starts its sentence's first person
/// reference outside quotes: its subject, usually. Asked of the few mentions a pronoun looks
/// back to, instead of a table of every sentence's made for each entry (most entries ask
/// none). `ments` are by start, so the sentence's earlier ones are just before `i`.
fn sentence_subject(doc: &Doc, ments: &[Ment], i: usize) -> bool {
    let Some(m) = ments.get(i) else { return false };
    let sent = doc.sent_of(m.s);
    !ments[..i]
        .iter()
        .rev()
        .take_while(|p| doc.sent_of(p.s) == sent)
        .any(|p| p.s < m.s && p.person && !p.speaker_only && !doc.inside_quote(p.s))
}

/// Attributions made at tokens `[s, e)` (`attrs` is in document order).
fn attrs_in(attrs: &[Attr], s: u32, e: u32) -> impl Iterator<Item = &Attr> {
    let from = attrs.partition_point(|a| a.pos < s);
    attrs[from..].iter().take_while(move |a| a.pos < e)
}

fn add_speaker(speakers: &mut Vec<(Who, u32)>, found: &mut Found, who: Who, pos: u32) {
    found.confirm(who);
    if !speakers.iter().any(|&(w, _)| w == who) {
        speakers.push((who, pos));
    }
}

/// A subject candidate from hit `h`, if it is one: a pronoun as the lexicon found it
/// (`Cat::Fixed`), outside quotes but in the title, into `pronouns`; an anaphor outside
/// quotes into `anaphors`.
fn push_subject_hit(doc: &Doc, h: &Hit, pronouns: &mut Vec<Subj>, anaphors: &mut Vec<Subj>) {
    match h.cat {
        Cat::Fixed if matches!(h.id, FIXED_PERSON | FIXED_GROUP) => {
            let k = h.s;
            if doc.inside_quote(k) && !doc.in_title(k) {
                return;
            }
            let kind = if h.id == FIXED_PERSON { SubjKind::Person } else { SubjKind::Group };
            pronouns.push(Subj { s: k, e: k + 1, kind });
        }
        Cat::Anaphor if !doc.inside_quote(h.s) => anaphors.push(Subj { s: h.s, e: h.e, kind: SubjKind::Anaphor }),
        _ => {}
    }
}

/// Subject candidates outside quotes: actor references, then the `pronouns` and `anaphors`
/// of the hits ([`push_subject_hit`], each in order). In `out` (`v` is its working list).
fn build_subjects(doc: &Doc, found: &Found, pronouns: &[Subj], anaphors: &[Subj], v: &mut Vec<Subj>, out: &mut Vec<Subj>) {
    for (i, m) in found.ments.iter().enumerate() {
        if !doc.inside_quote(m.s) || doc.in_title(m.s) {
            v.push(Subj { s: m.s, e: m.e, kind: SubjKind::Ment(i) });
        }
    }
    v.extend_from_slice(pronouns);
    v.extend_from_slice(anaphors);
    v.sort_by_key(|s| (s.s, std::cmp::Reverse(s.e)));
    // drop subjects nested in a longer one (an anaphor overlapping an alias)
    for &s in v.iter() {
        if out.last().is_some_and(|p: &Subj| s.s < p.e) {
            continue;
        }
        out.push(s);
    }
}

impl Ctx<'_> {
    fn is_person(&self, found: &Found, who: Who) -> bool {
        match who {
            Who::Listed(i) => self.az.actor_person.get(i as usize).copied().unwrap_or(false),
            Who::Unlisted(i) => found.cands.get(i as usize).is_some_and(|c| c.kind == super::CandKind::Person),
        }
    }

    fn subject_at(&self, k: u32) -> Option<usize> {
        let i = self.subjects.partition_point(|s| s.s < k);
        (i < self.subjects.len() && self.subjects[i].s == k).then_some(i)
    }

    /// Start of the clause holding token `k`: after the last quote, colon or semicolon of its
    /// sentence. Inlined into its two callers: it runs for most speech verbs and subjects, and
    /// usually stops after a few tokens, so the call was a good part of it.
    #[inline(always)]
    fn clause_start(&self, k: u32) -> u32 {
        let doc = self.doc;
        let (mut ss, _) = doc.sents[doc.sent_of(k) as usize];
        if let Some(q) = doc.quote_at(k) {
            ss = ss.max(q.first());
            let mut j = k;
            while j > ss {
                if matches!(doc.toks.as_slice()[j as usize - 1].p, ';' | ':') {
                    return j;
                }
                j -= 1;
            }
            return ss;
        }
        // the tokens before `k` in its sentence, read backwards as slices: no bounds test per token
        let before = ss as usize..k as usize;
        let (Some(toks), Some(qmark), Some(quoted)) =
            (doc.toks.get(before.clone()), self.qmark.get(before.clone()), doc.in_quote.get(before))
        else {
            return ss.max(k);
        };
        let stop = toks.iter().zip(qmark).zip(quoted).rposition(|((t, &mark), &q)| mark || q != NONE || matches!(t.p, ';' | ':'));
        match stop {
            Some(at) => ss + at as u32 + 1,
            None => ss,
        }
    }

    /// True when tokens `[a, b)` may separate a subject from its verb: nothing, grammar
    /// words, or an appositive between commas or dashes ("X, chief executive of Y, said").
    fn attributive_gap(&self, a: u32, b: u32) -> bool {
        let doc = self.doc;
        if a >= b {
            return true;
        }
        // "Heidi Alexander,said": a comma glued to the verb
        if b - a == 1 && doc.is_punct(a, ',') {
            return true;
        }
        let t0 = &doc.toks.as_slice()[a as usize];
        if t0.is_word() && PREPOSITIONS.has(doc, a) {
            for split in a + 2..=b.min(a + 10) {
                let plain = (a..split).all(|k| {
                    let t = &doc.toks.as_slice()[k as usize];
                    t.is_word() || matches!(t.p, '\'' | '&')
                });
                let words = (a..split).filter(|&k| doc.toks.as_slice()[k as usize].is_word()).count();
                if !plain || words > 8 {
                    return false;
                }
                if self.aux_only(split, b) {
                    return true;
                }
            }
            return false;
        }
        let t0 = &doc.toks.as_slice()[a as usize];
        if !t0.is_word() && matches!(t0.p, ',' | '-' | '(') {
            let close = (a + 1..b).rev().find(|&k| matches!(doc.toks.as_slice()[k as usize].p, ',' | '-' | ')') && !doc.toks.as_slice()[k as usize].is_word());
            let Some(close) = close else { return false };
            if close - a > 30 {
                return false;
            }
            if (a + 1..close).any(|k| matches!(doc.toks.as_slice()[k as usize].p, '.' | '!' | '?' | '"' | ':' | ';') || self.qmark[k as usize]) {
                return false;
            }
            return self.aux_only(close + 1, b);
        }
        self.aux_only(a, b)
    }

    /// True when tokens `[a, b)` are at most six auxiliaries and "-ly" adverbs ("has also",
    /// "would later"). Inlined: most gaps are empty or a word long.
    #[inline(always)]
    fn aux_only(&self, a: u32, b: u32) -> bool {
        let doc = self.doc;
        if b.saturating_sub(a) > 6 {
            return false;
        }
        (a..b).all(|k| {
            let t = &doc.toks.as_slice()[k as usize];
            if !t.is_word() {
                return false;
            }
            let w = doc.lower_bytes(k);
            is_aux(doc, k) || (w.len() > 4 && w.ends_with(b"ly"))
        })
    }

    /// Resolves a subject to an actor: references directly, pronouns to the last person (or
    /// organisation) named before them, anaphors to the last speaker. Inlined: most subjects
    /// are references, answered at once, for which the call was most of the work.
    #[inline(always)]
    fn resolve(&self, s: Subj, found: &mut Found, last_speaker: Option<Who>) -> Option<Who> {
        let who = match s.kind {
            SubjKind::Ment(i) => Some(found.ments[i].who),
            SubjKind::Person => self.last_person(s.s, found),
            SubjKind::Group => match last_speaker {
                Some(Who::Listed(i)) if !self.az.actor_person.get(i as usize).copied().unwrap_or(true) => last_speaker,
                _ => self.last_group(s.s, found),
            },
            SubjKind::Anaphor => last_speaker.or_else(|| self.last_person(s.s, found)),
        };
        if let Some(w) = who {
            found.confirm(w);
        }
        who
    }

    /// The antecedent of "he"/"she": the last person named as a subject (first person in its
    /// sentence) with evidence of being an actor; else the last such person anywhere in a
    /// sentence; else the last capitalised name.
    fn last_person(&self, pos: u32, found: &Found) -> Option<Who> {
        let doc = self.doc;
        if doc.len() == 0 {
            return None;
        }
        let para = doc.para_of(pos.min(doc.len() - 1));
        let hi = found.ments.partition_point(|m| m.s < pos);
        let cands = || {
            found.ments[..hi]
                .iter()
                .enumerate()
                .rev()
                .take_while(move |(_, m)| doc.para_of(m.s) + PRONOUN_REACH >= para)
                .filter(|(_, m)| m.person && !m.speaker_only && !doc.inside_quote(m.s))
        };
        let firm = |m: &Ment| match m.who {
            Who::Listed(_) => true,
            Who::Unlisted(i) => found.cands.get(i as usize).is_some_and(|c| c.confirmed),
        };
        cands()
            .find(|&(i, m)| firm(m) && sentence_subject(doc, &found.ments, i))
            .or_else(|| cands().find(|&(_, m)| firm(m)))
            .or_else(|| cands().next())
            .map(|(_, m)| m.who)
    }

    fn last_group(&self, pos: u32, found: &Found) -> Option<Who> {
        let doc = self.doc;
        if doc.len() == 0 {
            return None;
        }
        let para = doc.para_of(pos.min(doc.len() - 1));
        let hi = found.ments.partition_point(|m| m.s < pos);
        found.ments[..hi]
            .iter()
            .rev()
            .take_while(|m| doc.para_of(m.s) + 2 >= para)
            .filter(|m| !m.person && !m.speaker_only && !doc.inside_quote(m.s))
            .find(|m| match m.who {
                Who::Listed(i) => !self.az.actor_person.get(i as usize).copied().unwrap_or(true),
                Who::Unlisted(_) => false,
            })
            .map(|m| m.who)
    }

    /// Speech verb at `[vs, ve)`: its subject before it, a passive `by` agent, or an inverted
    /// subject after it. Returns the speaker and whether it counts as one (a relaying
    /// reporter does not).
    fn resolve_verb(&self, vs: u32, ve: u32, meta_i: usize, found: &mut Found, last: Option<Who>) -> Option<(Who, bool)> {
        let doc = self.doc;
        let meta = self.az.speech_meta.get(meta_i).copied()?;
        let cs = self.clause_start(vs);
        let lo = self.subjects.partition_point(|s| s.s < cs);
        let hi = self.subjects.partition_point(|s| s.s < vs);
        for si in lo..hi {
            let s = self.subjects[si];
            if s.e <= vs && self.attributive_gap(s.e, vs) {
                // "Roy Lilley, wrote," but not "..., reports Alessio Perrone"
                let lone_comma = vs - s.e == 1 && doc.is_punct(s.e, ',') && doc.toks.as_slice()[vs as usize].spaced();
                if lone_comma && self.inverted_subject(ve).is_some() {
                    continue;
                }
                return self.resolve(s, found, last).map(|w| (w, true));
            }
        }
        // "consultants in A&E who told him"
        if vs > 0 && doc.toks.as_slice()[vs as usize - 1].is_word() && doc.lower(vs - 1) == "who" {
            let who_at = vs - 1;
            if let Some(s) = self.subjects[lo..hi].iter().rev().find(|s| s.e <= who_at && who_at - s.e <= 5) {
                if !(s.e..who_at).any(|k| matches!(doc.toks.as_slice()[k as usize].p, ',' | '.' | '"' | ';' | ':')) {
                    let s = *s;
                    return self.resolve(s, found, last).map(|w| (w, true));
                }
            }
        }
        if meta.participle {
            // "David Cameron took the opposite tack saying...": the clause's own subject
            if let Some(s) = self.subjects[lo..hi].iter().find(|s| {
                // a subject after its possessor ("Labour's Wes Streeting") may start further in
                let after_possessor = s.s > cs && self.possessive_at(s.s.saturating_sub(2));
                matches!(s.kind, SubjKind::Ment(_))
                    && !self.possessive_at(s.e)
                    && s.s <= cs + if after_possessor { 5 } else { 2 }
                    && vs - s.e <= 12
                    && !(s.e..vs).any(|k| matches!(doc.toks.as_slice()[k as usize].p, '.' | ';' | ':' | '"'))
            }) {
                let s = *s;
                return self.resolve(s, found, last).map(|w| (w, true));
            }
            return None;
        }
        let (_, se) = doc.sents[doc.sent_of(vs) as usize];
        if meta.passive {
            let passive = vs >= 1 && (vs.saturating_sub(2)..vs).any(|k| doc.toks.as_slice()[k as usize].is_word() && matches!(doc.lower(k), "was" | "were" | "been" | "is" | "be" | "are"));
            if passive {
                for k in ve..se.min(ve + 12) {
                    if doc.toks.as_slice()[k as usize].is_word() && doc.lower(k) == "by" {
                        if let Some(si) = self.subject_after(k + 1) {
                            let s = self.subjects[si];
                            return self.resolve(s, found, last).map(|w| (w, true));
                        }
                        break;
                    }
                }
            }
        }
        // inverted: `"...," said X`, `..., said X`
        let (ss, _) = doc.sents[doc.sent_of(vs) as usize];
        if vs > ss {
            let p = vs - 1;
            let after_quote_or_comma = self.qmark[p as usize] || doc.is_punct(p, ',') || doc.inside_quote(p);
            if after_quote_or_comma {
                if let Some(si) = self.inverted_subject(ve) {
                    let s = self.subjects[si];
                    if let SubjKind::Ment(mi) = s.kind {
                        let who = found.ments[mi].who;
                        let unconfirmed = match who {
                            Who::Unlisted(i) => !found.cands[i as usize].confirmed,
                            Who::Listed(_) => false,
                        };
                        if meta.relay && (unconfirmed || self.az.is_media(found, who)) {
                            return None;
                        }
                    }
                    return self.resolve(s, found, last).map(|w| (w, true));
                }
            }
        }
        None
    }

    /// [`Self::subject_after`] a speech verb ending at `ve` that is its inverted subject
    /// ("..., said the minister."), not the subject of a clause it reports ("said ministers
    /// were hiding": a verb follows it).
    fn inverted_subject(&self, ve: u32) -> Option<usize> {
        let si = self.subject_after(ve)?;
        let next = self.subjects.get(si)?.e;
        let doc = self.doc;
        let clause_verb = doc.toks.get(next as usize).is_some_and(|t| t.is_word() && t.spaced()) && CLAUSE_VERBS.has(doc, next);
        (!clause_verb).then_some(si)
    }

    /// True when tokens `k`, `k + 1` are a possessive `'s` ("Labour's Wes Streeting": Labour
    /// owns the subject, it is not it).
    fn possessive_at(&self, k: u32) -> bool {
        let doc = self.doc;
        doc.is_punct(k, '\'') && doc.toks.get(k as usize + 1).is_some_and(|t| t.is_word() && !t.spaced()) && doc.lower(k + 1) == "s"
    }

    /// A subject starting at `k` after at most two determiners or titles.
    fn subject_after(&self, k: u32) -> Option<usize> {
        let doc = self.doc;
        let mut j = k;
        for _ in 0..3 {
            if let Some(si) = self.subject_at(j) {
                return Some(si);
            }
            if j < doc.len()
                && doc.toks.as_slice()[j as usize].is_word()
                && (SKIP_BEFORE_SUBJECT.has(doc, j) || self.az.titles.has(doc, j))
            {
                j += 1;
            } else {
                return None;
            }
        }
        None
    }

    /// "X's letter", "a statement from X", "a poll by X".
    fn resolve_noun(&self, ns: u32, ne: u32, found: &mut Found, last: Option<Who>) -> Option<Who> {
        let doc = self.doc;
        let n = doc.len();
        if ne < n && doc.toks.as_slice()[ne as usize].is_word() && matches!(doc.lower(ne), "from" | "by") {
            if let Some(si) = self.subject_after(ne + 1) {
                let s = self.subjects[si];
                return self.resolve(s, found, last);
            }
        }
        // possessive: [X]['][s] (adjective){0,2} noun
        let lo = self.subjects.partition_point(|s| s.s + 6 < ns);
        let hi = self.subjects.partition_point(|s| s.s < ns);
        for si in (lo..hi).rev() {
            let s = self.subjects[si];
            if !matches!(s.kind, SubjKind::Ment(_)) {
                continue;
            }
            if s.e + 2 <= ns
                && doc.is_punct(s.e, '\'')
                && doc.lower(s.e + 1) == "s"
                && ns - (s.e + 2) <= 2
                && (s.e + 2..ns).all(|k| doc.toks.as_slice()[k as usize].is_word())
            {
                return self.resolve(s, found, last);
            }
        }
        None
    }

    /// "according to (figures from) X".
    fn resolve_according(&self, he: u32, found: &mut Found, last: Option<Who>) -> Option<Who> {
        let doc = self.doc;
        let mut k = he;
        for _ in 0..5 {
            if let Some(si) = self.subject_at(k) {
                let s = self.subjects[si];
                return self.resolve(s, found, last);
            }
            // skip lowercase words: "figures from", "analysis by", "the"
            if k < doc.len() && doc.toks.as_slice()[k as usize].is_word() && !doc.toks.as_slice()[k as usize].cap() {
                k += 1;
            } else {
                break;
            }
        }
        None
    }

    /// `X: ...` / `X, role: ...`: the first subject of the clause whose gap to the colon is
    /// empty or one appositive, starting within `max_lead` tokens of the clause start.
    fn colon_subject(&self, cs: u32, colon: u32, max_lead: u32, hits: &[Hit]) -> Option<usize> {
        let doc = self.doc;
        let lo = self.subjects.partition_point(|s| s.s < cs);
        let hi = self.subjects.partition_point(|s| s.s < colon);
        for si in lo..hi {
            let s = self.subjects[si];
            if !matches!(s.kind, SubjKind::Ment(_)) || s.s > cs + max_lead || s.e > colon {
                continue;
            }
            // the lead before the subject: possessive owners ("Labour's"), "Then"
            let gap_ok = if s.e == colon {
                true
            } else if doc.is_punct(s.e, ',') {
                colon - s.e <= 10
                    && (s.e + 1..colon).all(|k| !matches!(doc.toks.as_slice()[k as usize].p, '.' | '!' | '?' | '"' | ';') && !self.qmark[k as usize])
            } else {
                false
            };
            let from = hits.partition_point(|h| h.s < cs);
            let verb_between = hits[from..].iter().take_while(|h| h.s < colon).any(|h| {
                h.cat == Cat::Speech && self.az.speech_meta.get(h.id as usize).is_some_and(|m| !m.ignore)
            });
            if gap_ok && !verb_between {
                return Some(si);
            }
        }
        None
    }

    /// A paragraph holding only a name, optionally with a role after a comma.
    fn name_line(&self, pi: u32) -> Option<usize> {
        let doc = self.doc;
        let (ps, pe) = doc.paras[pi as usize];
        if pe - ps > 18 {
            return None;
        }
        let mut k = ps;
        while k < pe && self.az.titles.has(doc, k) {
            k += 1;
        }
        let si = self.subject_at(k).or_else(|| if k > ps { self.subject_at(ps) } else { None })?;
        let s = self.subjects[si];
        if !matches!(s.kind, SubjKind::Ment(_)) {
            return None;
        }
        if s.e == pe {
            return Some(si);
        }
        if doc.is_punct(s.e, ',') {
            let rest_ok = (s.e + 1..pe).all(|j| !matches!(doc.toks.as_slice()[j as usize].p, '.' | '!' | '?' | '"' | ':' | ';'))
                && pe - s.e <= 15;
            if rest_ok {
                return Some(si);
            }
        }
        None
    }

    /// A paragraph that is somebody's words: quoted, or in the first person.
    fn quotey(&self, pi: u32) -> bool {
        self.doc.para_quoted(pi) || self.doc.first_person(pi)
    }

    /// The first person named in the nearest earlier paragraph that names one (the usual
    /// way a blog introduces someone before quoting them).
    fn introduced_before(&self, para: u32, found: &mut Found) -> Option<Who> {
        let mut p = para;
        // a quote is introduced within a few paragraphs, or not at all
        while p > 0 && para - p < 5 {
            p -= 1;
            if let Some(w) = self.first_person_in(p, found) {
                return Some(w);
            }
        }
        None
    }

    /// The first person with evidence of being an actor named in paragraph `pi`.
    fn firm_person_in(&self, pi: u32, found: &Found) -> Option<Who> {
        let doc = self.doc;
        let (ps, pe) = *doc.paras.get(pi as usize)?;
        let lo = found.ments.partition_point(|m| m.s < ps);
        found.ments[lo..]
            .iter()
            .take_while(|m| m.s < pe)
            .filter(|m| !doc.inside_quote(m.s) && !m.speaker_only)
            .filter(|m| match m.who {
                Who::Listed(i) => self.az.actor_person.get(i as usize).copied().unwrap_or(false),
                Who::Unlisted(i) => found.cands.get(i as usize).is_some_and(|c| c.confirmed && c.kind == super::CandKind::Person),
            })
            .map(|m| m.who)
            .next()
    }

    fn first_person_in(&self, pi: u32, found: &Found) -> Option<Who> {
        let doc = self.doc;
        let (ps, pe) = *doc.paras.get(pi as usize)?;
        let lo = found.ments.partition_point(|m| m.s < ps);
        found.ments[lo..]
            .iter()
            .take_while(|m| m.s < pe)
            .filter(|m| !doc.inside_quote(m.s) && !m.speaker_only)
            .find(|m| m.person || self.is_person(found, m.who))
            .map(|m| m.who)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Analyzer, Codebook};
    use super::super::text::Doc;

    #[test]
    fn few_word_lists_are_their_lists() {
        use super::super::text::tests::{check_few_words, few_words_texts};
        for list in [&super::NOT_BEFORE_VERB, &super::PREPOSITIONS, &super::SKIP_BEFORE_SUBJECT] {
            let texts = few_words_texts(list);
            check_few_words(list, &texts.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }

    #[test]
    fn sentence_subjects_are_the_first_person_of_their_sentence() {
        let az = Analyzer::new(&Codebook::builtin());
        let (mut asked, mut subjects) = (0, 0);
        for (_, text) in crate::sample::SEEDS {
            let d = Doc::new(None, text);
            let hits = az.lex.scan(&d);
            let found = super::super::actors::find(&az, &d, &hits, None);
            // the definition: per sentence, the first person mention outside quotes
            let mut first = vec![super::NONE; d.sents.len()];
            for m in &found.ments {
                let si = d.sent_of(m.s) as usize;
                if m.person && !m.speaker_only && !d.inside_quote(m.s) && first[si] == super::NONE {
                    first[si] = m.s;
                }
            }
            for (i, m) in found.ments.iter().enumerate() {
                if m.person && !m.speaker_only && !d.inside_quote(m.s) {
                    let subject = super::sentence_subject(&d, &found.ments, i);
                    assert_eq!(subject, first[d.sent_of(m.s) as usize] == m.s, "{}", d.raw(m.s));
                    asked += 1;
                    subjects += subject as usize;
                }
            }
        }
        assert!(subjects > 50 && asked > subjects, "{subjects} of {asked}");
    }

    #[test]
    fn aux_words_are_found_by_their_hash() {
        assert!(super::AUX.len() < 256);
        let mut texts: Vec<String> = crate::sample::SEEDS.iter().map(|(_, text)| text.to_string()).collect();
        // every word, as written, capitalised and uppercase, and cut short
        texts.push(super::AUX.iter().flat_map(|w| [w.to_string(), w.to_uppercase(), format!("{}{}", &w[..1].to_uppercase(), &w[1..]), w[..w.len() - 1].to_string()]).collect::<Vec<_>>().join(" "));
        let mut found = 0;
        for text in &texts {
            let d = Doc::new(None, text);
            for k in (0..d.len()).filter(|&k| d.toks[k as usize].is_word()) {
                let aux = super::is_aux(&d, k);
                assert_eq!(aux, super::AUX.contains(&d.lower(k)), "{}", d.raw(k));
                found += aux as usize;
            }
        }
        assert!(found >= 3 * super::AUX.len());
    }
    #[test]
    fn a_voice_read_from_the_statements_is_the_written_one() {
        use super::{write_voices, Statement, VoiceTables, NONE};
        use super::super::Who;
        let check = |tables: &mut VoiceTables, n: u32| {
            let mut table = Vec::new();
            write_voices(&tables.statements, n, &mut table);
            tables.voice.clear();
            let read: Vec<u32> = (0..n + 3).map(|k| tables.voice_at(k, n)).collect();
            let written: Vec<u32> = (0..n + 3).map(|k| table.get(k as usize).copied().unwrap_or(NONE)).collect();
            assert_eq!(read, written, "{:?}", tables.statements);
            // and read back from the table when it is written
            tables.voice = table;
            assert_eq!((0..n + 3).map(|k| tables.voice_at(k, n)).collect::<Vec<_>>(), written);
            written.iter().filter(|&&v| v != NONE).count()
        };
        // the entries' own statements
        let az = Analyzer::new(&Codebook::builtin());
        let mut texts: Vec<String> = crate::sample::SEEDS.iter().map(|(_, text)| text.to_string()).collect();
        texts.extend(crate::synth::generate_corpus(60_000, 5).into_iter().map(|(_, text)| text));
        let (mut voiced, mut many) = (0, 0);
        for text in &texts {
            let d = Doc::new(Some("Hunt: \"a title quote\""), text);
            let hits = az.lex.scan(&d);
            let mut found = super::super::actors::find(&az, &d, &hits, None);
            let mut voices = super::attribute(&az, &d, &hits, &mut found);
            many += (voices.statements.len() >= super::VOICE_TABLE_FROM) as usize;
            voiced += check(&mut voices, d.len());
        }
        assert!(voiced > 1000 && many > 0, "{voiced} {many}");
        // made-up statements: overlapping, nested, empty, reversed, past the end
        let mut seed = 7u32;
        let mut next = |m: u32| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) % m
        };
        for _ in 0..500 {
            let n = next(40);
            let mut tables = VoiceTables::default();
            for _ in 0..next(8) {
                let (s, len) = (next(45), next(20));
                let e = if next(10) == 0 { s.saturating_sub(len) } else { s + len };
                tables.statements.push(Statement { who: Who::Listed(next(3)), s, e, quoted: next(2) == 0 });
            }
            check(&mut tables, n);
        }
    }

    use crate::model::Analysis;

    fn run(title: Option<&str>, body: &str) -> Analysis {
        Analyzer::new(&Codebook::builtin()).analyze_text(title, body)
    }

    fn speakers(title: Option<&str>, body: &str) -> Vec<String> {
        run(title, body).speakers.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_reported_clause_s_subject_and_a_possessor_are_not_the_speaker() {
        // "said ministers were": the speaker is before the verb, in apposition to a role
        let r = run(None, "The shadow transport secretary, Louise Haigh, said ministers were \"hiding\".");
        assert_eq!(r.speakers, ["Louise Haigh"]);
        assert_eq!(r.unlisted.iter().map(|u| (u.name.as_str(), u.camp.as_str())).collect::<Vec<_>>(), [("Louise Haigh", "opposition")]);
        // "Labour's Wes Streeting ..., telling": Labour owns the subject
        assert_eq!(speakers(None, "Labour's Wes Streeting addressed the crowd, telling them: \"We will fix this.\""), ["Wes Streeting"]);
        // an inverted subject is still one
        assert_eq!(speakers(None, "\"It is unfair,\" said the BMA."), ["BMA"]);
    }

    #[test]
    fn subject_said() {
        assert_eq!(speakers(None, "The BMA said the offer was not enough."), ["BMA"]);
        assert_eq!(speakers(None, "Mr Hunt has also told MPs it was final."), ["Jeremy Hunt"]);
    }

    #[test]
    fn subject_across_an_appositive() {
        let s = speakers(None, "Danny Mortimer, chief executive of NHS Employers, says the BMA must move.");
        assert_eq!(s, ["Danny Mortimer"]);
        let s = speakers(None, "Danny Mortimer, the head of NHS Employers, which is representing the Government, said he was keen.");
        assert_eq!(s, ["Danny Mortimer"]);
    }

    #[test]
    fn said_after_the_quote() {
        let a = run(None, "“The NHS runs on cake,” said Shruti Patel, a trainee paediatric doctor.");
        assert_eq!(a.speakers, ["Shruti Patel"]);
        assert_eq!(a.quotes[0].text, "The NHS runs on cake");
        assert_eq!(speakers(None, "\"The BMA will be in no mood to compromise,\" said a Labour source."), ["Labour"]);
        assert_eq!(speakers(None, "Claims were spin, said Ben Rob, a psychiatry registrar."), ["Ben Rob"]);
    }

    #[test]
    fn x_told_and_x_tweeted() {
        assert_eq!(speakers(None, "Mr Mortimer told BBC Radio 4: \"No.\""), ["Danny Mortimer"]);
        assert_eq!(speakers(None, "The BBC's Norman Smith tweeted:"), ["Norman Smith"]);
    }

    #[test]
    fn passive_by() {
        assert_eq!(speakers(None, "This clip was tweeted by Dr Johann Malawana, who chairs the committee."), ["Johann Malawana"]);
        assert_eq!(speakers(None, "The walkout was condemned as \"unnecessary\" by the Health Secretary Jeremy Hunt."), ["Jeremy Hunt"]);
    }

    #[test]
    fn according_to_and_speech_nouns() {
        assert_eq!(speakers(None, "According to NHS England, 39% turned up."), ["NHS England"]);
        assert_eq!(speakers(None, "According to figures from trusts around the country, most came."), ["Hospital trusts"]);
        assert_eq!(speakers(None, "Sir David's letter continues: \"Both parties agree.\""), ["David Dalton"]);
        assert_eq!(speakers(None, "Mr Hunt was answering a question from Labour."), ["Labour"]);
    }

    #[test]
    fn colon_quotes_and_titles() {
        assert_eq!(speakers(None, "Joe Barlow, junior doctor: \"New contract is not safe for patients\""), ["Joe Barlow"]);
        assert_eq!(speakers(Some("BMA: Government provoked dispute"), ""), ["BMA"]);
        assert_eq!(speakers(Some("Labour's Heidi Alexander: Talks a shambles"), ""), ["Heidi Alexander"]);
        assert!(speakers(Some("Video: '98% say contract unsafe'"), "").is_empty());
    }

    #[test]
    fn name_line_above_an_embed_and_under_a_quote() {
        assert_eq!(speakers(None, "Stania Kamara, trainee psychiatrist"), ["Stania Kamara"]);
        let a = run(None, "\"Jeremy Hunt needs to get back round the table.\"\n\nHeidi Alexander, Shadow health secretary");
        assert_eq!(a.speakers, ["Heidi Alexander"]);
        assert_eq!(a.quotes.len(), 1);
        // an organisation's name over a column is not a speaker
        assert!(speakers(None, "The Guardian\n\nThe strike has been debated.").is_empty());
    }

    #[test]
    fn pronoun_carry_over() {
        let a = run(None, "Christopher Hix is a trustee of the Patients' Association.\n\nHe told BBC News it was bad.\n\n\"You need an agreement.\"");
        assert_eq!(a.speakers, ["Christopher Hix"]);
        assert_eq!(a.quotes[0].speaker, "Christopher Hix");
        let a = run(None, "Labour have warned Jeremy Hunt. They say he should talk.");
        assert_eq!(a.speakers, ["Labour"]);
    }

    #[test]
    fn pronoun_reaches_a_name_without_other_evidence() {
        let a = run(None, "Meanwhile, Peter Fleming from Spalding has had his appointment cancelled.\n\nHe told the BBC: \"I support them.\"");
        assert_eq!(a.speakers, ["Peter Fleming"]);
    }

    #[test]
    fn unnamed_speakers_map_to_groups() {
        assert_eq!(speakers(None, "Asked about it, a Downing Street spokesman said: \"We want a deal.\""), ["Downing Street"]);
        assert_eq!(speakers(None, "One junior doctor on the picket line spoke to BBC Radio 5 live."), ["Junior doctors"]);
        assert_eq!(speakers(None, "\"Get back to work!\" one person said."), ["Public"]);
        assert_eq!(speakers(None, "Then a runner: “Shame on you!”"), ["Public"]);
    }

    #[test]
    fn the_spokesman_is_the_last_speaker() {
        let a = run(None, "A Downing Street spokesman said: \"We want a deal.\"\n\nThe spokesman said: \"The option stays.\"");
        assert_eq!(a.speakers, ["Downing Street"]);
        assert_eq!(a.quotes.len(), 2);
    }

    #[test]
    fn relaying_reporters_are_not_speakers() {
        let a = run(None, "Juniors on the picket line say figures are misleading, writes Damien Gayle.");
        assert_eq!(a.speakers, ["Junior doctors"]);
        assert!(!a.mentions.iter().any(|m| m == "Damien Gayle"));
        let a = run(None, "Helen Nightingale, 31, a junior doctor, tells Alessio Perrone it is unfair.");
        assert_eq!(a.speakers, ["Helen Nightingale"]);
        assert_eq!(a.mentions, ["Helen Nightingale", "Junior doctors"]);
    }

    #[test]
    fn unattributed_quote_goes_to_the_person_introduced() {
        let a = run(None, "Bill Morgan - who was a special adviser - thinks so.\n\n“The situation is a stalemate.”");
        assert_eq!(a.speakers, ["Bill Morgan"]);
        let a = run(None, "John Fitzgerald's 15-year-old son, James, had surgery cancelled.\n\n\"It's had an impact on him.\"");
        assert_eq!(a.speakers, ["John Fitzgerald"]);
        assert!(a.mentions.iter().any(|m| m == "James"));
    }

    #[test]
    fn first_person_tweet_belongs_to_the_person_above() {
        let a = run(None, "The Labour leader, Jeremy Corbyn, was out yesterday.\n\nYesterday I was proud to join their demo https://t.co/x");
        assert_eq!(a.speakers, ["Jeremy Corbyn"]);
    }

    #[test]
    fn speech_inside_quotes_is_not_attribution() {
        let a = run(None, "Helen Nightingale, a junior doctor, said: “Regardless of what Hunt said, they did not listen.”");
        assert_eq!(a.speakers, ["Helen Nightingale"]);
        assert!(a.mentions.iter().any(|m| m == "Jeremy Hunt"));
    }

    #[test]
    fn relative_who_told() {
        let a = run(None, "Chris James, a trainee anaesthetist, said he had spoken to consultants in A&E who told him so.");
        assert_eq!(a.speakers, ["Chris James", "Consultants"]);
    }

    #[test]
    fn pronoun_after_an_introduction_paragraph() {
        let a = run(
            None,
            "Aisha Gani has been talking to Dolin Bhagawati, a registrar at the hospital who has been a doctor for nine years.\n\nHe says the hospital has probably 40 junior doctors and about 20 consultants, and at any one time 30 junior doctors.",
        );
        assert_eq!(a.speakers, ["Dolin Bhagawati"]);
    }

    #[test]
    fn consecutive_quotes_share_a_voice() {
        let a = run(None, "At St Mary's, runners shouted: \"Get to work now!\" \"Shame on you!\". Jr dr Ali Yazdi says they don't stop.");
        let q: Vec<_> = a.quotes.iter().map(|q| (q.speaker.as_str(), q.text.as_str())).collect();
        assert!(q.contains(&("Public", "Shame on you!")), "{q:?}");
    }

    #[test]
    fn adjectives_are_not_speech() {
        assert!(speakers(None, "Junior doctors took to the picket lines over proposed changes to their contracts.").is_empty());
    }

    #[test]
    fn speech_inside_a_title_quote() {
        assert_eq!(speakers(Some("Video: '98% of doctors say contract is unsafe'"), ""), ["Junior doctors"]);
    }
}
