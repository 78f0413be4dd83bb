//! Stance: the codebook's cues, weighed by whose voice they are in, decide an entry's side.
//!
//! Rules, each with a unit test below:
//! - a fixed-side cue ("unsafe", "unnecessary strike") counts for its side; a negator just
//!   before it ("not a fair deal") flips it unless the cue says `keep` or `drop`;
//! - an evaluative cue ("shambles", "fair deal", "compromise") counts for the side of its
//!   voice (a quoted or reported speaker whose camp has a side); without one, for the side
//!   of its holder (the actor before a `holder` cue: "the juniors have the support of..."),
//!   else by its target: praise of the doctors' strike is for the doctors, criticism of
//!   "the imposition" is against the government;
//! - quoted voices weigh 1, journalists' analysis 0.6, the reporter's own narration 0.5
//!   (titles 0.6): a single cue in a speaker's words decides an otherwise factual entry;
//! - each cue counts once per side (repetition is not more evidence);
//! - both-sides language ("both ministers and doctors", "neither the BMA nor the
//!   government", criticism of "the two sides") and substantial weight on both sides make
//!   `mixed`; nothing over the threshold is `neutral`.

use super::actors::Found;
use super::codebook::{OnNegation, Polarity, Side};
use super::lexicon::{Cat, Hit, PTokPublic, FIXED_BOTH, FIXED_NEITHER};
use super::quotes::{Statement, Voices};
use super::scratch::{kept_home, reusable_fields, with_kept};
use super::text::{may_be_one_of, Doc, FewWords};
use super::{Analyzer, Who};
use crate::model::{Quote, Stance};

/// Weight a side needs to count.
const THRESHOLD: f64 = 0.5;
/// Mixed when the weaker side has at least this share of the stronger.
const MIXED_RATIO: f64 = 0.5;
const NARRATION: f64 = 0.5;
const TITLE_NARRATION: f64 = 0.6;
const MEDIA_VOICE: f64 = 0.6;

pub(crate) struct Verdict {
    pub stance: Stance,
    pub evidence: Vec<String>,
    /// Per statement, as the analysis reports it (built here, not mapped from another list
    /// afterwards: that was one more vector per entry).
    pub quotes: Vec<Quote>,
    /// Every cue that counted: (side, weight, cue phrase, matched words, voice).
    pub reasons: Vec<(Side, f64, String, String, Option<Who>)>,
}

/// The tables [`decide`] fills for an entry, kept together and lent in place ([`with_kept`]):
/// a loan of a scratch vector (six, and one more per verdict, one per quote) cost about 35
/// instructions.
#[derive(Default)]
struct Tables {
    contribs: Vec<Contribution>,
    /// The both-sides constructions' tokens, in order.
    boths: Vec<(u32, u32)>,
    targets: Vec<(u32, u32, Side)>,
    seen: Vec<(u32, u32)>,
    /// [`keep_statements`]' furthest ends of the kept quotes.
    reach: Vec<u32>,
    /// Statements by (reported, start, end, index), packed in one number each.
    order: Vec<u128>,
    /// Kept statements by (start, index), packed in one number each.
    kept: Vec<u64>,
    /// [`verdict_of`]'s working list.
    best: Vec<Contribution>,
}

reusable_fields!(Tables { contribs, boths, targets, seen, reach, order, kept, best });

kept_home!(TABLES: Tables);

#[derive(Debug, Clone, Copy)]
struct Contribution {
    side: Side,
    weight: f64,
    cue: u32,
    s: u32,
    e: u32,
    /// Its voice: the statement whose words token `s` is ([`super::quotes::VoiceTables::voice_at`]).
    statement: u32,
}

/// Decides the stance; `explain` also lists every cue that counted (for people, not for speed).
pub(crate) fn decide(az: &Analyzer, doc: &Doc, hits: &[Hit], found: &Found, voices: &Voices, explain: bool) -> Verdict {
    with_kept(&TABLES, |tables| decide_with(az, doc, hits, found, voices, explain, tables))
}

/// Lists in `kept` (as `start << 32 | index`) the statements of `order` (sorted keys, quoted
/// first) that no statement kept before covers: a quoted one is dropped inside a kept quote,
/// a reported one where it overlaps any kept statement. `seen` gets the kept spans, the
/// quoted ones first and by start.
///
/// Each test is a binary search over the kept quotes, whose furthest ends so far are kept
/// beside them, and not a scan of every kept span: an entry of thousands of statements (a
/// paste with no line breaks) took seconds with the scan.
fn keep_statements(statements: &[Statement], order: &[u128], seen: &mut Vec<(u32, u32)>, reach: &mut Vec<u32>, kept: &mut Vec<u64>) {
    // `reach`, per kept quote in order: the furthest end among it and those before it
    // the furthest end among the kept reported statements (they come by start)
    let mut reported_reach: Option<u32> = None;
    for &key in order {
        // the index, back from the key's low bits
        let i = key as u32 as usize;
        let Some(&st) = statements.get(i) else { continue };
        let covered = if st.quoted {
            // every kept span starts at or before this one (quotes come by start): it lies
            // inside one exactly when the furthest end reaches its end
            reach.last().is_some_and(|&r| r >= st.e)
        } else {
            let before_end = seen.get(..reach.len()).unwrap_or_default().partition_point(|&(a, _)| a < st.e);
            let by_quote = before_end > 0 && reach.get(before_end - 1).is_some_and(|&r| r > st.s);
            // a kept reported span starts at or before this one, so it overlaps it when it
            // ends after its start (and this one is not empty: then test each, as before)
            let by_reported = if st.s < st.e {
                reported_reach.is_some_and(|r| r > st.s)
            } else {
                seen.get(reach.len()..).unwrap_or_default().iter().any(|&(a, b)| a < st.e && st.s < b)
            };
            by_quote || by_reported
        };
        if covered {
            continue;
        }
        seen.push((st.s, st.e));
        if st.quoted {
            reach.push(reach.last().map_or(st.e, |&r| r.max(st.e)));
        } else {
            reported_reach = Some(reported_reach.map_or(st.e, |r| r.max(st.e)));
        }
        kept.push((u64::from(st.s) << 32) | i as u64);
    }
}

/// [`decide`] with its working tables.
fn decide_with(
    az: &Analyzer,
    doc: &Doc,
    hits: &[Hit],
    found: &Found,
    voices: &Voices,
    explain: bool,
    tables: &mut Tables,
) -> Verdict {
    let Tables { contribs, boths, targets, seen, reach, order, kept, best } = tables;
    // the targets are listed when a cue first needs them: most entries have no cue that does
    // (listing them in every entry was about 1% of the analysis)
    let mut targets_listed = false;
    let cues = az.codebook().cues();
    // one pass over the hits for the cues and the both-sides constructions' openers ("both",
    // "neither"), whose contributions follow the cues'
    for h in hits {
        if h.cat != Cat::Cue {
            if h.cat == Cat::Fixed {
                boths.extend(both_construction(az, doc, h, found));
            }
            continue;
        }
        let Some(cue) = cues.get(h.id as usize) else { continue };
        let st = voices.voice_at(h.s, doc.len());
        let who = voices.statements.get(st as usize).map(|s| s.who);
        let mult = match who {
            Some(w) if az.is_media(found, w) => MEDIA_VOICE,
            Some(_) => 1.0,
            None if doc.in_title(h.s) => TITLE_NARRATION,
            None => NARRATION,
        };
        let negated = negated(az, doc, h.s);
        let on_neg = cue.negation.unwrap_or(OnNegation::Flip);
        if negated && on_neg == OnNegation::Drop {
            continue;
        }
        let flip = negated && on_neg == OnNegation::Flip;
        let side = if let Some(side) = cue.side {
            Some(if flip { side.opposite() } else { side })
        } else {
            // "asking for a fair deal": the deal on the table is not one
            let flip = flip
                || (cue.polarity != Some(Polarity::Negative) && demanded(az, doc, h.s));
            let pol = match (cue.polarity, flip) {
                (Some(Polarity::Neutral), true) => Polarity::Negative,
                (Some(Polarity::Positive), true) => Polarity::Negative,
                (Some(Polarity::Negative), true) => Polarity::Positive,
                (Some(p), _) => p,
                (None, _) => Polarity::Neutral,
            };
            let voice_side = who.and_then(|w| az.side_of(found, w));
            match (voice_side, pol) {
                (Some(s), _) => Some(s),
                (None, Polarity::Neutral) => None,
                (None, p) => {
                    let holder = if cue.holder { holder_side(az, doc, found, h.s) } else { None };
                    match holder {
                        Some(s) => Some(s),
                        None => {
                            if !targets_listed {
                                target_items(az, hits, found, targets);
                                targets_listed = true;
                            }
                            target_side(doc, targets, h.s, h.e).map(|t| match (p, t) {
                                (_, Side::Both) => Side::Both,
                                (Polarity::Negative, t) => t.opposite(),
                                (_, t) => t,
                            })
                        }
                    }
                }
            }
        };
        if let Some(side) = side {
            contribs.push(Contribution { side, weight: cue.weight * mult, cue: h.id, s: h.s, e: h.e, statement: st });
        }
    }
    // explicit both-sides constructions: "both ministers and doctors", "neither X nor Y"
    for &(s, e) in boths.iter() {
        let st = voices.voice_at(s, doc.len());
        let who = voices.statements.get(st as usize).map(|x| x.who);
        let mult = match who {
            Some(w) if az.is_media(found, w) => MEDIA_VOICE,
            Some(_) => 1.0,
            None => NARRATION,
        };
        contribs.push(Contribution { side: Side::Both, weight: mult, cue: u32::MAX, s, e, statement: st });
    }

    contribs.sort_by_key(|c| c.s);
    let (stance, chosen) = verdict_of(contribs.iter(), best);
    let evidence = evidence_of(doc, &chosen);

    // per statement (DNA-style: actor, stance, words)
    // quoted words first; a reported clause only where it quotes nothing. Sorted as packed
    // keys: the index last makes each key unique, so the unstable sort gives the stable sort's
    // order by (reported, start, end), comparing numbers instead of reading statements.
    order.extend(voices.statements.iter().enumerate().map(|(i, st)| {
        (u128::from(!st.quoted) << 96) | (u128::from(st.s) << 64) | (u128::from(st.e) << 32) | i as u128
    }));
    order.sort_unstable();
    keep_statements(&voices.statements, order, seen, reach, kept);
    kept.sort_unstable();
    // one quote at most per kept statement: sized once instead of grown
    let mut quotes = Vec::with_capacity(kept.len());
    // the statements come by start, so the first contribution at or after each start is found
    // by moving on from the last one's instead of by a search of all
    let mut from = 0;
    for &key in kept.iter() {
        let i = key as u32 as usize;
        let Some(&st) = voices.statements.get(i) else { continue };
        from += contribs.get(from..).unwrap_or_default().iter().take_while(|c| c.s < st.s).count();
        let own = contribs
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.s < st.e)
            // the statement's own: its voice at its start, as the contribution keeps it
            .filter(|c| c.e <= st.e && c.statement == i as u32);
        let (qs, _) = verdict_of(own, best);
        let text = trim_span(doc.span(st.s, st.e));
        if !text.is_empty() {
            quotes.push(Quote { speaker: az.name_of(found, st.who), text: text.to_string(), stance: qs });
        }
    }
    // the analysis does not explain: no pass over the contributions to list none
    let reasons = if !explain {
        Vec::new()
    } else {
        contribs
            .iter()
            .map(|c| {
                let phrase = cues.get(c.cue as usize).map(|q| q.phrase.clone()).unwrap_or_else(|| "both X and Y".into());
                let who = voices.statements.get(c.statement as usize).map(|s| s.who);
                (c.side, c.weight, phrase, doc.span(c.s, c.e).to_string(), who)
            })
            .collect()
    };
    Verdict { stance, evidence, quotes, reasons }
}

/// The contributions a verdict cites: at most three, so kept inline rather than in a vector
/// (each verdict, one per entry and one per statement, allocated two to four vectors).
#[derive(Default)]
struct Chosen {
    items: [Option<Contribution>; 3],
    len: usize,
}

impl Chosen {
    fn push(&mut self, c: Contribution) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = Some(c);
            self.len += 1;
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Contribution> {
        self.items.iter().flatten()
    }

    /// Appends the `k` (at most two) heaviest contributions of `side` in `best`, heaviest
    /// first, then by position: what a stable sort by that order, cut to `k`, gave. Inlined
    /// (up to three calls a verdict, mostly over a list of one or two).
    #[inline(always)]
    fn push_top(&mut self, best: &[Contribution], side: Side, k: usize) {
        let mut taken = [usize::MAX; 2];
        for slot in 0..k.min(2) {
            let mut pick: Option<usize> = None;
            for (i, c) in best.iter().enumerate() {
                if c.side != side || taken[..slot].contains(&i) {
                    continue;
                }
                // only a strictly earlier place in the order replaces the pick (ties keep the
                // first, as the stable sort did)
                let before = |p: &Contribution| p.weight.total_cmp(&c.weight).then(c.s.cmp(&p.s)).is_lt();
                if pick.is_none_or(|p| before(&best[p])) {
                    pick = Some(i);
                }
            }
            let Some(p) = pick else { break };
            taken[slot] = p;
            self.push(best[p]);
        }
    }
}

/// Sums each side (each cue once per side, at its heaviest), then decides. `best` is a
/// working list (emptied first).
fn verdict_of<'a>(contribs: impl Iterator<Item = &'a Contribution>, best: &mut Vec<Contribution>) -> (Stance, Chosen) {
    best.clear();
    for c in contribs {
        match best.iter_mut().find(|b| b.cue == c.cue && b.side == c.side && c.cue != u32::MAX) {
            Some(b) => {
                if c.weight > b.weight {
                    *b = *c;
                }
            }
            None => best.push(*c),
        }
    }
    // each side's sum in one pass, each added in list order as a sum per side was
    let (mut d, mut g, mut b) = (0.0, 0.0, 0.0);
    for c in best.iter() {
        match c.side {
            Side::Doctors => d += c.weight,
            Side::Government => g += c.weight,
            Side::Both => b += c.weight,
        }
    }
    let mut ev = Chosen::default();
    let max = d.max(g);
    if b >= THRESHOLD && b >= MIXED_RATIO * max {
        ev.push_top(best, Side::Both, 1);
        ev.push_top(best, Side::Doctors, 1);
        ev.push_top(best, Side::Government, 1);
        return (Stance::Mixed, ev);
    }
    if d >= THRESHOLD && g >= THRESHOLD && d.min(g) >= MIXED_RATIO * max {
        ev.push_top(best, Side::Doctors, 1);
        ev.push_top(best, Side::Government, 1);
        // in text order (the two swap only when the second starts strictly earlier)
        if let [Some(x), Some(y), _] = &mut ev.items {
            if y.s < x.s {
                std::mem::swap(x, y);
            }
        }
        return (Stance::Mixed, ev);
    }
    if max >= THRESHOLD {
        return if d >= g {
            ev.push_top(best, Side::Doctors, 2);
            (Stance::Doctors, ev)
        } else {
            ev.push_top(best, Side::Government, 2);
            (Stance::Government, ev)
        };
    }
    (Stance::Neutral, ev)
}

/// Words that may stand between a negator and what it negates: "not a very fair deal", "not
/// all support", "wasn't an unnecessary strike". Anything else (a verb: "can't have an
/// arbitrary decision") ends the negator's reach.
const NEGATION_BRIDGE: FewWords = FewWords::new(&[
    "a", "an", "the", "very", "so", "too", "really", "all", "at", "be", "been", "being", "is", "was", "were", "are",
    "entirely", "completely", "particularly", "any", "that", "quite", "necessarily", "always", "much", "more", "exactly",
]);

/// A negator just before the cue, across at most three bridge words.
fn negated(az: &Analyzer, doc: &Doc, s: u32) -> bool {
    let mut k = s;
    let mut words = 0;
    while k > 0 && words < 4 {
        k -= 1;
        let t = &doc.toks[k as usize];
        if !t.is_word() {
            if t.p == '\'' {
                continue;
            }
            return false;
        }
        if az.negators.has(doc, k) {
            return true;
        }
        // "didn't", "can't", "won't": [didn]['][t]
        if doc.lower_bytes(k) == b"t" && k >= 2 && doc.toks[k as usize - 1].p == '\'' && doc.lower(k - 2).ends_with('n') {
            return true;
        }
        if !NEGATION_BRIDGE.has(doc, k) {
            return false;
        }
        words += 1;
    }
    false
}

/// Articles and adjectives between a demand and what is demanded: "calls for a proper".
const DEMAND_BRIDGE: FewWords = FewWords::new(&["a", "an", "the", "more", "proper", "genuinely", "truly", "real", "really", "just", "some"]);

/// A demand phrase ends just before the cue (across bridge words).
fn demanded(az: &Analyzer, doc: &Doc, s: u32) -> bool {
    let mut end = s;
    for _ in 0..4 {
        if demand_ends_at(az, doc, end, true) {
            return true;
        }
        if end == 0 {
            return false;
        }
        let k = end - 1;
        let t = &doc.toks[k as usize];
        if t.is_word() && DEMAND_BRIDGE.has(doc, k) || (!t.is_word() && t.p == '\'') {
            end = k;
        } else {
            return false;
        }
    }
    false
}

/// True when a demand phrase ends just before token `end`. With `filtered`, a place whose last
/// word is none of the demands' last words (by [`Analyzer::demand_ends`]) is turned away at
/// once instead of by each demand in turn (the cue's place and each bridge word's), and at
/// the others only the demands ending in that word ([`Analyzer::demands_by_end`]) are tried.
#[inline]
fn demand_ends_at(az: &Analyzer, doc: &Doc, end: u32, filtered: bool) -> bool {
    if let (true, Some(last_words)) = (filtered, az.demand_ends) {
        let last = match doc.toks.get(end.wrapping_sub(1) as usize) {
            Some(last) if may_be_one_of(last_words, last.h) => last,
            _ => return false,
        };
        // with the filter every demand ends in a word, so each is listed by its last word
        let from = az.demands_by_end.partition_point(|&(h, _)| h < last.h);
        return az.demands_by_end[from..].iter().take_while(|&&(h, _)| h == last.h).any(|&(_, i)| {
            az.demands.get(i as usize).is_some_and(|seq| {
                let l = seq.len() as u32;
                end >= l && super::lexicon::seq_matches(doc, end - l, seq)
            })
        });
    }
    for seq in &az.demands {
        let l = seq.len() as u32;
        // the last word's hash first: at most positions no demand ends there
        if let (Some(PTokPublic::Word(h, _)), Some(last)) = (seq.last(), doc.toks.get(end.wrapping_sub(1) as usize)) {
            if last.h != *h {
                continue;
            }
        }
        if end >= l && super::lexicon::seq_matches(doc, end - l, seq) {
            return true;
        }
    }
    false
}

/// Things an evaluation can be about, with their side: codebook targets and sided actors, in
/// `v` by start. The two lists, each in order (hits by start, mentions by start and end), are
/// merged, a target hit before a mention at the same start: what a stable sort of the one
/// list after the other gave (it moved each mention back past the hits after it).
fn target_items(az: &Analyzer, hits: &[Hit], found: &Found, v: &mut Vec<(u32, u32, Side)>) {
    let targets = az.codebook().targets();
    let mut from_hits = hits
        .iter()
        .filter(|h| h.cat == Cat::Target)
        .filter_map(|h| targets.get(h.id as usize).map(|t| (h.s, h.e, t.side)))
        .peekable();
    for m in &found.ments {
        // reportable first: it is the cheaper test, and both must pass
        if m.speaker_only || !az.is_reportable(found, m.who) {
            continue;
        }
        if let Some(side) = az.side_of(found, m.who) {
            while let Some(t) = from_hits.next_if(|&(s, _, _)| s <= m.s) {
                v.push(t);
            }
            v.push((m.s, m.e, side));
        }
    }
    v.extend(from_hits);
}

/// [`target_items`] as it was defined: both lists, then a stable sort by start.
#[cfg(test)]
fn target_items_sorted(az: &Analyzer, hits: &[Hit], found: &Found) -> Vec<(u32, u32, Side)> {
    let mut v = Vec::new();
    let targets = az.codebook().targets();
    for h in hits.iter().filter(|h| h.cat == Cat::Target) {
        if let Some(t) = targets.get(h.id as usize) {
            v.push((h.s, h.e, t.side));
        }
    }
    for m in &found.ments {
        if m.speaker_only {
            continue;
        }
        if let Some(side) = az.side_of(found, m.who) {
            if az.is_reportable(found, m.who) {
                v.push((m.s, m.e, side));
            }
        }
    }
    v.sort_by_key(|&(s, _, _)| s);
    v
}

/// The target of an evaluation: the nearest sided thing after it in the sentence (within
/// eight tokens), else the nearest before it.
fn target_side(doc: &Doc, targets: &[(u32, u32, Side)], s: u32, e: u32) -> Option<Side> {
    let sent = doc.sent_of(s);
    let from = targets.partition_point(|&(ts, _, _)| ts < s);
    // the cue names its own target: "fair deal", "unfair contract"
    if let Some(&(_, _, side)) = targets[from..].iter().take_while(|&&(ts, _, _)| ts < e).find(|&&(_, te, _)| te <= e) {
        return Some(side);
    }
    let after = targets[from..]
        .iter()
        .skip_while(|&&(ts, _, _)| ts < e)
        .take_while(|&&(ts, _, _)| ts <= e + 8)
        .find(|&&(ts, _, _)| doc.sent_of(ts) == sent);
    if let Some(&(_, _, side)) = after {
        return Some(side);
    }
    targets[..from]
        .iter()
        .rev()
        .take_while(|&&(ts, _, _)| doc.sent_of(ts) == sent)
        .find(|&&(_, te, _)| te <= s)
        .map(|&(_, _, side)| side)
}

/// The holder of a feeling: the nearest sided actor before the cue in its clause.
fn holder_side(az: &Analyzer, doc: &Doc, found: &Found, s: u32) -> Option<Side> {
    let sent = doc.sent_of(s);
    let hi = found.ments.partition_point(|m| m.s < s);
    found.ments[..hi]
        .iter()
        .rev()
        .take_while(|m| doc.sent_of(m.s) == sent)
        .filter(|m| m.e <= s && !(m.e..s).any(|k| matches!(doc.toks[k as usize].p, ',' | ';' | ':')))
        .find_map(|m| if az.is_reportable(found, m.who) || m.speaker_only { Some(az.side_of(found, m.who)) } else { None })
        .flatten()
}

/// "both X and Y" / "neither X nor Y" where X and Y are actors of opposite sides: its tokens,
/// when the lexicon's `Cat::Fixed` hit `h` opens one.
fn both_construction(az: &Analyzer, doc: &Doc, h: &Hit, found: &Found) -> Option<(u32, u32)> {
    let n = doc.len();
    let k = h.s;
    let joiner = match h.id {
        FIXED_BOTH => "and",
        FIXED_NEITHER => "nor",
        _ => return None,
    };
    let at = |pos: u32| -> Option<&super::Ment> {
        let i = found.ments.partition_point(|m| m.s < pos);
        found.ments[i..].iter().take_while(|m| m.s == pos).find(|m| !m.speaker_only)
    };
    let ment_at = |pos: u32| -> Option<&super::Ment> {
        at(pos).or_else(|| {
            let the = pos < n && doc.toks[pos as usize].is_word() && doc.lower(pos) == "the";
            if the {
                at(pos + 1)
            } else {
                None
            }
        })
    };
    let x = ment_at(k + 1)?;
    if x.e >= n || !doc.toks[x.e as usize].is_word() || doc.lower(x.e) != joiner {
        return None;
    }
    let y = ment_at(x.e + 1)?;
    let (sx, sy) = (az.side_of(found, x.who), az.side_of(found, y.who));
    if let (Some(a), Some(b)) = (sx, sy) {
        if a != b && a != Side::Both && b != Side::Both {
            return Some((k, y.e));
        }
    }
    None
}

/// The verdict's evidence: each chosen cue's clause ([`evidence_span`]), empties left out,
/// each text once. The texts are compared borrowed and copied only when kept, into a vector
/// sized once (a verdict cites at most three).
fn evidence_of(doc: &Doc, chosen: &Chosen) -> Vec<String> {
    let mut spans: [&str; 3] = [""; 3];
    let mut n = 0;
    for c in chosen.iter() {
        let span = evidence_span(doc, c.s, c.e);
        if span.is_empty() || spans[..n].contains(&span) {
            continue;
        }
        if let Some(slot) = spans.get_mut(n) {
            *slot = span;
            n += 1;
        }
    }
    spans[..n].iter().map(|s| s.to_string()).collect()
}

/// The clause holding a cue, verbatim: its sentence, cut to the quote it is in and, when
/// long, to the commas around it.
fn evidence_span<'d>(doc: &'d Doc, s: u32, e: u32) -> &'d str {
    let (mut a, mut b) = doc.sents[doc.sent_of(s) as usize];
    if let Some(q) = doc.quote_at(s) {
        a = a.max(q.first());
        b = b.min(q.close);
    }
    // stay within the title or the body
    if doc.in_title(s) {
        b = b.min(doc.title_end);
    }
    // a quote mark cuts the clause unless the cue is inside the quote (the same for every token)
    let cue_quoted = doc.inside_quote(s);
    if let Some(k) = last_token(doc, a, s, |p| matches!(p, ';' | ':') || (p == '"' && !cue_quoted)) {
        a = k + 1;
    }
    if let Some(k) = first_token(doc, e, b, |p| p == ';' || (p == '"' && !cue_quoted)) {
        b = k;
    }
    if b.saturating_sub(a) > 12 {
        if let Some(k) = last_token(doc, a, s, |p| p == ',') {
            a = k + 1;
        }
        if let Some(k) = first_token(doc, e, b, |p| p == ',') {
            b = k;
        }
    }
    if b.saturating_sub(a) > 24 {
        a = a.max(s.saturating_sub(10));
        b = b.min(e + 10);
    }
    trim_span(doc.span(a, b.max(a)))
}

/// The last token of `[a, b)` whose punctuation `p` passes `is_cut`, read from a slice of the
/// tokens (no bounds test per token); none for an empty or out-of-range span.
fn last_token(doc: &Doc, a: u32, b: u32, is_cut: impl Fn(char) -> bool) -> Option<u32> {
    let toks = doc.toks.get(a as usize..b as usize)?;
    toks.iter().rposition(|t| is_cut(t.p)).map(|i| a + i as u32)
}

/// [`last_token`]'s first such token.
fn first_token(doc: &Doc, a: u32, b: u32, is_cut: impl Fn(char) -> bool) -> Option<u32> {
    let toks = doc.toks.get(a as usize..b as usize)?;
    toks.iter().position(|t| is_cut(t.p)).map(|i| a + i as u32)
}

/// `s` without the spaces, quote marks and punctuation at its ends ([`trim_span_chars`]).
/// Inlined: it runs for every quote and piece of evidence, and is short next to its call.
#[inline(always)]
fn trim_span(s: &str) -> &str {
    // the ASCII characters it trims byte by byte; the characters are decoded only when a
    // non-ASCII one is left at an end (what is trimmed from each end does not depend on the
    // other, and trimming on from where the bytes stopped is trimming from the start)
    let is_trimmed = |b: u8| matches!(b, b'\t'..=b'\r' | b' ' | b'"' | b'\'' | b',' | b'.' | b':' | b';' | b'-');
    let b = s.as_bytes();
    let mut start = 0;
    while start < b.len() && is_trimmed(b[start]) {
        start += 1;
    }
    let mut end = b.len();
    while end > start && is_trimmed(b[end - 1]) {
        end -= 1;
    }
    // ASCII bytes only were stripped, so both ends are char boundaries
    let t = s.get(start..end).unwrap_or_default();
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(&f), Some(&l)) if f >= 0x80 || l >= 0x80 => trim_span_chars(t),
        _ => t,
    }
}

/// [`trim_span`] character by character: the definition.
fn trim_span_chars(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | ',' | '.' | ':' | ';' | '-' | '–'))
}

#[cfg(test)]
mod tests {
    use super::super::{Analyzer, Codebook};
    use crate::model::{Analysis, Stance};

    proptest::proptest! {
        /// The kept statements are those of a scan of every kept span, as before the search.
        #[test]
        fn keep_statements_is_the_scan(spans in proptest::collection::vec((0u32..40, 0u32..12, proptest::bool::ANY), 0..40)) {
            use super::super::quotes::Statement;
            use super::super::Who;
            let statements: Vec<Statement> = spans.iter().map(|&(s, len, quoted)| Statement { who: Who::Listed(0), s, e: s + len, quoted }).collect();
            let mut order: Vec<u128> = statements.iter().enumerate().map(|(i, st)| {
                (u128::from(!st.quoted) << 96) | (u128::from(st.s) << 64) | (u128::from(st.e) << 32) | i as u128
            }).collect();
            order.sort_unstable();
            let (mut seen, mut reach, mut kept) = (Vec::new(), Vec::new(), Vec::new());
            super::keep_statements(&statements, &order, &mut seen, &mut reach, &mut kept);
            let mut scan_seen: Vec<(u32, u32)> = Vec::new();
            let mut scan_kept = Vec::new();
            for &key in &order {
                let i = key as u32 as usize;
                let st = statements[i];
                let overlaps = |&(a, b): &(u32, u32)| if st.quoted { a <= st.s && st.e <= b } else { a < st.e && st.s < b };
                if scan_seen.iter().any(overlaps) {
                    continue;
                }
                scan_seen.push((st.s, st.e));
                scan_kept.push((u64::from(st.s) << 32) | i as u64);
            }
            proptest::prop_assert_eq!(kept, scan_kept);
        }
    }

    #[test]
    fn negation_bridge_is_its_list() {
        use super::super::text::tests::{check_few_words, few_words_texts};
        let texts = few_words_texts(&super::NEGATION_BRIDGE);
        check_few_words(&super::NEGATION_BRIDGE, &texts.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn demand_bridge_is_its_list() {
        use super::super::text::tests::{check_few_words, few_words_texts};
        let texts = few_words_texts(&super::DEMAND_BRIDGE);
        check_few_words(&super::DEMAND_BRIDGE, &texts.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn demands_end_where_each_demand_tried_says() {
        let az = Analyzer::new(&Codebook::builtin());
        assert!(az.demand_ends.is_some(), "the built-in demands end in words");
        let mut texts: Vec<String> = crate::sample::SEEDS.iter().map(|(_, text)| text.to_string()).collect();
        // each demand before a cue, in odd case, and at a text's start
        texts.extend(az.codebook().demands().iter().map(|d| format!("{d} a fair deal. {} THE DEAL", d.to_uppercase())));
        let (mut places, mut ends) = (0, 0);
        for text in &texts {
            let d = super::Doc::new(Some("Doctors call for talks"), text);
            for end in 0..=d.len() {
                let fast = super::demand_ends_at(&az, &d, end, true);
                assert_eq!(fast, super::demand_ends_at(&az, &d, end, false), "{:?} at {end}", d.span(0, end));
                places += 1;
                ends += fast as usize;
            }
        }
        assert!(ends > az.demands.len(), "{ends} of {places}");
    }

    #[test]
    fn targets_merged_are_the_targets_sorted() {
        let az = Analyzer::new(&Codebook::builtin());
        let (mut v, mut n) = (Vec::new(), 0);
        for (_, text) in crate::sample::SEEDS {
            // each seed whole, and each of its paragraphs with the one before as a title
            let paras: Vec<&str> = text.split("\n\n").collect();
            let docs = std::iter::once(super::Doc::new(None, text))
                .chain(paras.windows(2).map(|w| super::Doc::new(Some(w[0]), w[1])));
            for d in docs {
                let hits = az.lex.scan(&d);
                let found = super::super::actors::find(&az, &d, &hits, None);
                v.clear();
                super::target_items(&az, &hits, &found, &mut v);
                assert_eq!(v, super::target_items_sorted(&az, &hits, &found));
                n += v.len();
            }
        }
        assert!(n > 1000, "{n}");
    }

    #[test]
    fn trim_span_is_its_definition() {
        // every string of up to four pieces: trimmed ASCII and non-ASCII characters, kept ones,
        // and whitespace that `char::is_whitespace` counts and `u8::is_ascii_whitespace` does not
        const PIECES: [&str; 19] =
            ["", " ", "\t", "\u{b}", "\u{85}", "\u{a0}", "“", "”", "’", "–", "—", "a", "é", "\"", "'", ",", ".", "x y", "\u{1c}"];
        let mut n = 0;
        for a in PIECES {
            for b in PIECES {
                for c in PIECES {
                    for d in PIECES {
                        let s = [a, b, c, d].concat();
                        assert_eq!(super::trim_span(&s), super::trim_span_chars(&s), "{s:?}");
                        n += 1;
                    }
                }
            }
        }
        assert_eq!(n, 19 * 19 * 19 * 19);
        for (_, text) in crate::sample::SEEDS {
            for line in text.lines() {
                assert_eq!(super::trim_span(line), super::trim_span_chars(line));
            }
        }
    }

    fn run(title: Option<&str>, body: &str) -> Analysis {
        Analyzer::new(&Codebook::builtin()).analyze_text(title, body)
    }

    fn stance(title: Option<&str>, body: &str) -> Stance {
        run(title, body).stance.unwrap_or(Stance::Neutral)
    }

    #[test]
    fn factual_entries_are_neutral() {
        assert_eq!(stance(Some("Protests under way"), ""), Stance::Neutral);
        assert_eq!(stance(None, "Around 44 per cent of junior doctors reported for duty, NHS England said."), Stance::Neutral);
        // a topic word in the reporter's narration is not a stance
        assert_eq!(stance(None, "Talks took place about imposing a contract on junior doctors."), Stance::Neutral);
    }

    #[test]
    fn fixed_side_cues() {
        let a = run(None, "Junior doctors say the contract is unsafe.");
        assert_eq!(a.stance, Some(Stance::Doctors));
        assert_eq!(a.stance_evidence, ["Junior doctors say the contract is unsafe"]);
        assert_eq!(stance(None, "Mr Hunt called it a very unnecessary strike."), Stance::Government);
    }

    #[test]
    fn negation_flips_a_cue() {
        // "not safe" is the doctors' phrase; "not a fair deal" turns the government's cue round
        assert_eq!(stance(None, "Joe Barlow, junior doctor: \"New contract is not safe for patients\""), Stance::Doctors);
        assert_eq!(stance(None, "A patient, Ann Cole, said it was not a fair deal."), Stance::Doctors);
        // praise of the deal on the table is the government's side, whoever says it
        assert_eq!(stance(None, "A patient, Ann Cole, said it was a fair deal."), Stance::Government);
        assert_eq!(stance(None, "Critics said it wasn't an unnecessary strike."), Stance::Doctors);
        // the negator reaches the cue only across articles and intensifiers
        assert_eq!(
            stance(None, "Ann Cole, a patient, said: \"You can't have an arbitrary decision imposed on staff.\""),
            Stance::Doctors
        );
    }

    #[test]
    fn negation_can_keep_or_drop_a_cue() {
        let json = r#"{"camps":[{"id":"a","label":"A"}],
            "actors":[{"name":"X","kind":"person","camp":"a","role":null}],
            "negators":["no","not"],
            "cues":[{"phrase":"rejection","side":"doctors","negation":"drop"},
                    {"phrase":"imposition","side":"doctors","negation":"keep"}]}"#;
        let az = Analyzer::new(&Codebook::from_json(json).unwrap());
        let st = |t: &str| az.analyze_text(None, t).stance;
        assert_eq!(st("It was a rejection of the plan."), Some(Stance::Doctors));
        assert_eq!(st("There has been no rejection of any proposals."), Some(Stance::Neutral));
        assert_eq!(st("We need an agreement, not imposition."), Some(Stance::Doctors));
    }

    #[test]
    fn evaluative_cues_take_the_side_of_their_voice() {
        // the same word, two voices
        assert_eq!(stance(None, "Mr Hunt said: \"It's a fair deal.\""), Stance::Government);
        assert_eq!(stance(None, "Dr Malawana said the BMA had made a fair offer."), Stance::Doctors);
        assert_eq!(stance(None, "A Downing Street spokesman said it was very unfortunate."), Stance::Government);
        assert_eq!(stance(None, "Labour said the talks were a shambles."), Stance::Doctors);
    }

    #[test]
    fn a_demand_for_a_good_thing_says_it_is_missing() {
        assert_eq!(stance(None, "Pat Lee, a union official, said: \"We are asking for a fair deal.\""), Stance::Doctors);
        assert_eq!(stance(None, "Pat Lee, a union official, calls for a 'safe' contract."), Stance::Doctors);
        assert_eq!(stance(None, "Pat Lee, a union official, said: \"It is a fair deal.\""), Stance::Government);
    }

    #[test]
    fn who_refuses_decides_the_side() {
        assert_eq!(stance(None, "Mr Hunt said the BMA refused to negotiate."), Stance::Government);
        assert_eq!(stance(None, "Mick Lynch, a union leader, accused ministers of refusing to negotiate."), Stance::Doctors);
    }

    #[test]
    fn without_a_sided_voice_the_target_decides() {
        // criticism of the imposition favours the doctors; criticism of the union the government
        assert_eq!(stance(None, "The think tank's chief said the imposition would be disastrous."), Stance::Doctors);
        assert_eq!(stance(None, "Roy Lilley renews his criticism of the doctors' union."), Stance::Government);
        // praise of the strike
        assert_eq!(stance(None, "Ipsos MORI said two-thirds of the public support junior doctors."), Stance::Doctors);
    }

    #[test]
    fn holders_feelings_count_for_their_side() {
        assert_eq!(stance(Some("Doctors get musical to show their disapproval"), ""), Stance::Doctors);
    }

    #[test]
    fn both_sides_make_mixed() {
        let a = run(None, "Chris Mason says it poses big questions for both ministers and doctors.");
        assert_eq!(a.stance, Some(Stance::Mixed));
        assert_eq!(stance(None, "In short, neither the BMA nor the government is weak enough to lose."), Stance::Mixed);
        let a = run(
            None,
            "The BMA said doctors were ready for talks, amid warnings from the Government that strikes put lives at risk.",
        );
        assert_eq!(a.stance, Some(Stance::Mixed));
        assert_eq!(a.stance_evidence.len(), 2);
        // mediation is not an assessment
        assert_eq!(stance(None, "Norman Lamb is prepared to work with both sides."), Stance::Neutral);
    }

    #[test]
    fn one_strong_side_outweighs_a_weak_other() {
        let a = run(
            None,
            "Four out of five walked out as David Cameron criticised their withdrawal of emergency care. \
             Many refused to work in an escalation of their campaign against the new contract.",
        );
        assert_eq!(a.stance, Some(Stance::Government));
    }

    #[test]
    fn evidence_is_verbatim() {
        let body = "Heidi Alexander said: “Jeremy Hunt’s handling of these negotiations has been a complete and utter shambles.”";
        let a = run(None, body);
        assert_eq!(a.stance, Some(Stance::Doctors));
        for ev in &a.stance_evidence {
            assert!(body.contains(ev.as_str()), "{ev}");
        }
        assert!(a.stance_evidence[0].contains("shambles"));
    }

    #[test]
    fn quotes_carry_their_own_stance() {
        let a = run(None, "Mr Hunt said: \"It's a good deal.\" Dr Malawana said: \"The contract is unsafe.\"");
        let q: Vec<_> = a.quotes.iter().map(|q| (q.speaker.as_str(), q.stance)).collect();
        assert!(q.contains(&("Jeremy Hunt", Stance::Government)), "{q:?}");
        assert!(q.contains(&("Johann Malawana", Stance::Doctors)), "{q:?}");
        assert_eq!(a.stance, Some(Stance::Mixed));
    }
}
