//! The codebook: a dispute's actors, camps and stance cues as data, so a new dispute needs a
//! new JSON file, not new code. The format is documented in `docs/CODEBOOK.md`.
//!
//! Invariant: a [`Codebook`] value has passed [`Codebook::validate`]; the analyser relies on it
//! (every actor's camp exists, every cue has exactly one of `side` / `polarity`, no alias names
//! two actors, wildcards are well formed).

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The built-in codebook (2016 junior doctors' dispute), compiled into the binary and the wasm.
const BUILTIN_JSON: &str = include_str!("../../data/codebook.json");

/// One actor: a person, organisation or group with the names it goes by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Canonical name, as reported in `speakers` and `mentions`.
    pub name: String,
    /// `person`, `organisation` or `group`.
    pub kind: String,
    pub camp: String,
    pub role: Option<String>,
    /// Other names. An alias that starts with a lowercase letter ("the health secretary") is a
    /// common noun and matches in any case; any other alias ("Hunt") matches case-sensitively.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The two sides of the dispute a stance can favour; `Both` only marks both-sides language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The labour side (the strikers, their union and their backers).
    Doctors,
    /// The employer side (ministers, the department, management).
    Government,
    Both,
}

impl Side {
    pub fn opposite(self) -> Side {
        match self {
            Side::Doctors => Side::Government,
            Side::Government => Side::Doctors,
            Side::Both => Side::Both,
        }
    }
}

/// A camp actors belong to, in display order; `side` says which side its voice counts for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Camp {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
}

/// Direction of an evaluative cue whose side depends on who says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Positive,
    Negative,
    /// Takes a position only through its voice ("compromise", "safe").
    Neutral,
}

/// What a negator just before a cue does to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnNegation {
    /// "not a fair deal": the cue counts for the other side (or the other polarity).
    Flip,
    /// "no imposition": still the same side.
    Keep,
    /// The negated cue is ignored.
    Drop,
}

/// A stance cue. Exactly one of `side` (fixed) or `polarity` (side from the voice) is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    pub phrase: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polarity: Option<Polarity>,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negation: Option<OnNegation>,
    /// For evaluative cues: the words express the feeling of whoever holds them ("the
    /// juniors have the support of...", "doctors show their disapproval"), so without a voice
    /// the actor before the cue decides the side, not the thing after it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub holder: bool,
}

fn one() -> f64 {
    1.0
}

fn is_one(w: &f64) -> bool {
    *w == 1.0
}

/// Something an evaluation can be about, with the side it belongs to ("the strike" is the
/// doctors' action, "imposition" the government's): criticising it favours the other side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub phrase: String,
    pub side: Side,
}

/// Context that stops an alias from naming its actor ("consultant level", "shadow health
/// secretary"). Words compare case-insensitively; `not_after` entries may be phrases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasContext {
    pub actor: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_before: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_after: Vec<String>,
    /// Aliases (from the actor's list) too generic to name it alone ("the union"): they count
    /// only in an entry that names the actor another way too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weak: Vec<String>,
    /// Aliases (from the actor's list) that name the actor only while it holds an office ("the
    /// health secretary"): in an entry dated outside it they name the office, not the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<Office>,
}

/// An office and when the actor held it (see [`AliasContext::office`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    /// What an entry outside the term reports the aliases as ("Health Secretary").
    pub title: String,
    /// First and last day in office, `YYYY-MM-DD`; open-ended where absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    pub aliases: Vec<String>,
}

impl Office {
    /// Whether an entry of `date` (`YYYY-MM-DD`) falls in the term; an undated one does.
    pub fn covers(&self, date: Option<&str>) -> bool {
        let Some(date) = date else { return true };
        self.from.as_deref().is_none_or(|from| from <= date) && self.until.as_deref().is_none_or(|until| date <= until)
    }
}

/// How speech is reported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speech {
    /// Verbs and verb phrases of saying ("said", "told", "called for", "has this to say").
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Verbs that only take a subject before them ("Writing in the Guardian, X says").
    #[serde(default)]
    pub participles: Vec<String>,
    /// Verbs whose inverted subject is the blog's own reporter ("..., writes Damien Gayle").
    #[serde(default)]
    pub relay_verbs: Vec<String>,
    /// Verbs that name their speaker in a `by` phrase when passive ("tweeted by X").
    #[serde(default)]
    pub passive_verbs: Vec<String>,
    /// Nouns of speech: "X's letter", "a statement from X", "a poll by X".
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Phrases introducing a source: "according to X".
    #[serde(default)]
    pub according: Vec<String>,
    /// Definite descriptions that point back to the last speaker ("the spokesman").
    #[serde(default)]
    pub anaphors: Vec<String>,
    /// Phrases that look like speech but are not ("reported for duty", "told to leave"):
    /// they win over a shorter speech verb at the same place.
    #[serde(default)]
    pub not_speech: Vec<String>,
}

/// Nouns for group members quoted without a name ("one person said" -> Public).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupNouns {
    pub actor: String,
    pub nouns: Vec<String>,
}

/// Unnamed speakers: "a Labour source", "a Downing Street spokesman", "one junior doctor".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unnamed {
    /// Words that make a group alias mean one member ("one junior doctor", "a patient").
    #[serde(default)]
    pub determiners: Vec<String>,
    /// Nouns that, after an actor's alias, mean someone speaking for it ("spokesman").
    #[serde(default)]
    pub speaker_nouns: Vec<String>,
    #[serde(default)]
    pub groups: Vec<GroupNouns>,
}

/// Which camp a role description suggests for an actor the codebook does not list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleCamp {
    pub camp: String,
    pub words: Vec<String>,
}

/// Word lists for finding actors the codebook does not list, by the shape of the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Structure {
    /// Titles before a name ("Dr", "Sir"); case-sensitive.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Head nouns of role descriptions ("doctor", "editor", "chief"); case-insensitive.
    #[serde(default)]
    pub role_nouns: Vec<String>,
    /// Family words: "X's son, James".
    #[serde(default)]
    pub kin_nouns: Vec<String>,
    /// Capitalised head nouns of organisation names ("Choir", "Association").
    #[serde(default)]
    pub org_nouns: Vec<String>,
    /// Words that make a capitalised run a place or a thing, not a person ("Hospital", "Radio").
    #[serde(default)]
    pub place_nouns: Vec<String>,
    /// Capitalised words that never start a name ("The", "Meanwhile").
    #[serde(default)]
    pub function_words: Vec<String>,
    /// Role words -> camp, first matching entry wins.
    #[serde(default)]
    pub role_camps: Vec<RoleCamp>,
}

/// The dispute's actors and cues, as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codebook {
    #[serde(default)]
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    camps: Vec<Camp>,
    actors: Vec<Actor>,
    #[serde(default)]
    alias_context: Vec<AliasContext>,
    #[serde(default)]
    cues: Vec<Cue>,
    #[serde(default)]
    targets: Vec<Target>,
    #[serde(default)]
    negators: Vec<String>,
    /// Words of demanding ("calls for", "need"): a demand for "a fair deal" says the deal on
    /// the table is not one, so positive and neutral cues after them count as negative.
    #[serde(default)]
    demands: Vec<String>,
    #[serde(default)]
    speech: Speech,
    #[serde(default)]
    unnamed: Unnamed,
    #[serde(default)]
    structure: Structure,
}

impl Default for Codebook {
    fn default() -> Self {
        Codebook::builtin()
    }
}

/// Why a codebook was refused; the message names the field and the value at fault.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CodebookError {
    /// Not JSON, or JSON of the wrong shape (unknown field, wrong type).
    Syntax { line: usize, column: usize, message: String },
    NoCamps,
    NoActors,
    DuplicateCamp { id: String },
    /// Camps may only side with `doctors` or `government`.
    BadCampSide { id: String },
    DuplicateActor { name: String },
    UnknownCamp { actor: String, camp: String },
    /// A section names an actor the codebook does not list.
    UnknownActor { section: &'static str, name: String },
    EmptyPhrase { section: &'static str, index: usize },
    BadPhrase { section: &'static str, phrase: String, reason: &'static str },
    BadCue { phrase: String, reason: &'static str },
    AmbiguousAlias { alias: String, first: String, second: String },
}

impl fmt::Display for CodebookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodebookError::Syntax { line, column, message } => {
                write!(f, "codebook is not valid at line {line}, column {column}: {message}")
            }
            CodebookError::NoCamps => write!(f, "codebook lists no camps"),
            CodebookError::NoActors => write!(f, "codebook lists no actors"),
            CodebookError::DuplicateCamp { id } => write!(f, "camp `{id}` is listed twice"),
            CodebookError::BadCampSide { id } => {
                write!(f, "camp `{id}`: side must be `doctors` or `government`")
            }
            CodebookError::DuplicateActor { name } => write!(f, "actor `{name}` is listed twice"),
            CodebookError::UnknownCamp { actor, camp } => {
                write!(f, "actor `{actor}` has camp `{camp}`, which is not in `camps`")
            }
            CodebookError::UnknownActor { section, name } => {
                write!(f, "`{section}` names actor `{name}`, which is not in `actors`")
            }
            CodebookError::EmptyPhrase { section, index } => {
                write!(f, "`{section}` entry {index} is empty")
            }
            CodebookError::BadPhrase { section, phrase, reason } => {
                write!(f, "`{section}` phrase `{phrase}`: {reason}")
            }
            CodebookError::BadCue { phrase, reason } => write!(f, "cue `{phrase}`: {reason}"),
            CodebookError::AmbiguousAlias { alias, first, second } => {
                write!(f, "alias `{alias}` names both `{first}` and `{second}`")
            }
        }
    }
}

impl std::error::Error for CodebookError {}

impl Codebook {
    /// The built-in codebook (2016 junior doctors' dispute).
    pub fn builtin() -> Codebook {
        match Codebook::from_json(BUILTIN_JSON) {
            Ok(cb) => cb,
            // A test guarantees the built-in data parses; an empty codebook keeps a broken
            // build usable rather than panicking in the page.
            Err(_) => Codebook::empty(),
        }
    }

    fn empty() -> Codebook {
        Codebook {
            name: String::new(),
            description: None,
            camps: vec![Camp { id: "other".into(), label: "Other".into(), side: None }],
            actors: Vec::new(),
            alias_context: Vec::new(),
            cues: Vec::new(),
            targets: Vec::new(),
            negators: Vec::new(),
            demands: Vec::new(),
            speech: Speech::default(),
            unnamed: Unnamed::default(),
            structure: Structure::default(),
        }
    }

    /// Parses and validates a codebook.
    pub fn from_json(json: &str) -> Result<Codebook, CodebookError> {
        let cb: Codebook = serde_json::from_str(json).map_err(|e| CodebookError::Syntax {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        cb.validate()?;
        Ok(cb)
    }

    /// Pretty JSON in the same format [`Codebook::from_json`] reads.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    pub fn camp_list(&self) -> &[Camp] {
        &self.camps
    }

    pub fn cues(&self) -> &[Cue] {
        &self.cues
    }

    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    pub fn negators(&self) -> &[String] {
        &self.negators
    }

    pub fn demands(&self) -> &[String] {
        &self.demands
    }

    pub fn speech(&self) -> &Speech {
        &self.speech
    }

    pub fn unnamed(&self) -> &Unnamed {
        &self.unnamed
    }

    pub fn structure(&self) -> &Structure {
        &self.structure
    }

    pub fn alias_context(&self) -> &[AliasContext] {
        &self.alias_context
    }

    /// The camp of a listed actor, by canonical name.
    pub fn camp_of(&self, canonical_name: &str) -> Option<&str> {
        self.actors.iter().find(|a| a.name == canonical_name).map(|a| a.camp.as_str())
    }

    /// Camp ids in display order.
    pub fn camps(&self) -> Vec<String> {
        self.camps.iter().map(|c| c.id.clone()).collect()
    }

    /// The side a camp's voice counts for.
    pub fn side_of_camp(&self, camp: &str) -> Option<Side> {
        self.camps.iter().find(|c| c.id == camp).and_then(|c| c.side)
    }

    /// Checks the invariants the analyser relies on.
    pub fn validate(&self) -> Result<(), CodebookError> {
        if self.camps.is_empty() {
            return Err(CodebookError::NoCamps);
        }
        if self.actors.is_empty() {
            return Err(CodebookError::NoActors);
        }
        let mut camp_ids = std::collections::HashSet::new();
        for c in &self.camps {
            if !camp_ids.insert(c.id.as_str()) {
                return Err(CodebookError::DuplicateCamp { id: c.id.clone() });
            }
            if c.side == Some(Side::Both) {
                return Err(CodebookError::BadCampSide { id: c.id.clone() });
            }
        }
        let mut names = std::collections::HashSet::new();
        let mut aliases: HashMap<String, &str> = HashMap::new();
        for (i, a) in self.actors.iter().enumerate() {
            if a.name.trim().is_empty() {
                return Err(CodebookError::EmptyPhrase { section: "actors", index: i });
            }
            if !names.insert(a.name.as_str()) {
                return Err(CodebookError::DuplicateActor { name: a.name.clone() });
            }
            if !camp_ids.contains(a.camp.as_str()) {
                return Err(CodebookError::UnknownCamp { actor: a.name.clone(), camp: a.camp.clone() });
            }
            for alias in std::iter::once(&a.name).chain(a.aliases.iter()) {
                check_phrase("aliases", alias)?;
                let key = alias_key(alias);
                match aliases.get(&key) {
                    Some(other) if *other != a.name => {
                        return Err(CodebookError::AmbiguousAlias {
                            alias: alias.clone(),
                            first: (*other).to_string(),
                            second: a.name.clone(),
                        })
                    }
                    _ => {
                        aliases.insert(key, a.name.as_str());
                    }
                }
            }
        }
        for ctx in &self.alias_context {
            let Some(actor) = self.actors.iter().find(|a| a.name == ctx.actor) else {
                return Err(CodebookError::UnknownActor { section: "alias_context", name: ctx.actor.clone() });
            };
            for w in &ctx.weak {
                if !actor.aliases.contains(w) {
                    return Err(CodebookError::BadPhrase {
                        section: "alias_context",
                        phrase: w.clone(),
                        reason: "a weak alias must be one of the actor's aliases",
                    });
                }
            }
            if let Some(office) = &ctx.office {
                check_phrase("alias_context", &office.title)?;
                for w in &office.aliases {
                    if !actor.aliases.contains(w) {
                        return Err(CodebookError::BadPhrase {
                            section: "alias_context",
                            phrase: w.clone(),
                            reason: "an office's alias must be one of the actor's aliases",
                        });
                    }
                }
                for day in [&office.from, &office.until].into_iter().flatten() {
                    if chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() || day.len() != 10 {
                        return Err(CodebookError::BadPhrase {
                            section: "alias_context",
                            phrase: day.clone(),
                            reason: "an office's from and until are dates, YYYY-MM-DD",
                        });
                    }
                }
            }
        }
        for g in &self.unnamed.groups {
            if !names.contains(g.actor.as_str()) {
                return Err(CodebookError::UnknownActor { section: "unnamed.groups", name: g.actor.clone() });
            }
            for n in &g.nouns {
                check_phrase("unnamed.groups", n)?;
            }
        }
        for rc in &self.structure.role_camps {
            if !camp_ids.contains(rc.camp.as_str()) {
                return Err(CodebookError::UnknownCamp { actor: format!("role_camps {:?}", rc.words), camp: rc.camp.clone() });
            }
        }
        for (i, c) in self.cues.iter().enumerate() {
            if c.phrase.trim().is_empty() {
                return Err(CodebookError::EmptyPhrase { section: "cues", index: i });
            }
            check_phrase("cues", &c.phrase)?;
            match (c.side, c.polarity) {
                (Some(_), Some(_)) => {
                    return Err(CodebookError::BadCue { phrase: c.phrase.clone(), reason: "has both `side` and `polarity`" })
                }
                (None, None) => {
                    return Err(CodebookError::BadCue { phrase: c.phrase.clone(), reason: "needs `side` or `polarity`" })
                }
                _ => {}
            }
            if !c.weight.is_finite() || c.weight <= 0.0 {
                return Err(CodebookError::BadCue { phrase: c.phrase.clone(), reason: "weight must be a positive number" });
            }
        }
        for t in &self.targets {
            check_phrase("targets", &t.phrase)?;
        }
        let sp = &self.speech;
        for list in [&sp.verbs, &sp.participles, &sp.relay_verbs, &sp.passive_verbs, &sp.nouns, &sp.according, &sp.anaphors, &sp.not_speech] {
            for p in list {
                check_phrase("speech", p)?;
            }
        }
        for p in &self.demands {
            check_phrase("demands", p)?;
        }
        for p in &self.negators {
            check_phrase("negators", p)?;
        }
        Ok(())
    }
}

/// Case-folds common-noun aliases so two spellings that match the same text collide.
fn alias_key(alias: &str) -> String {
    let norm: String = alias.split_whitespace().collect::<Vec<_>>().join(" ").replace(['’', '‘'], "'");
    if alias.chars().next().is_some_and(|c| c.is_lowercase()) {
        norm.to_lowercase()
    } else {
        norm
    }
}

/// Wildcards: a word ending in `*` is a stem of at least 3 letters; a lone `*` is any one word
/// and may not start or end a phrase.
fn check_phrase(section: &'static str, phrase: &str) -> Result<(), CodebookError> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.is_empty() {
        return Err(CodebookError::BadPhrase { section, phrase: phrase.to_string(), reason: "is empty" });
    }
    for (i, w) in words.iter().enumerate() {
        if *w == "*" {
            if i == 0 || i + 1 == words.len() {
                return Err(CodebookError::BadPhrase {
                    section,
                    phrase: phrase.to_string(),
                    reason: "a lone `*` may not start or end a phrase",
                });
            }
        } else if let Some(stem) = w.strip_suffix('*') {
            if stem.chars().count() < 3 || stem.contains('*') {
                return Err(CodebookError::BadPhrase {
                    section,
                    phrase: phrase.to_string(),
                    reason: "a stem before `*` needs at least 3 letters",
                });
            }
        } else if w.contains('*') {
            return Err(CodebookError::BadPhrase { section, phrase: phrase.to_string(), reason: "`*` may only end a word" });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_validates() {
        let cb = Codebook::from_json(BUILTIN_JSON);
        assert!(cb.is_ok(), "{:?}", cb.err());
        let cb = Codebook::builtin();
        assert!(cb.actors().len() >= 40);
        assert_eq!(cb.camp_of("Jeremy Hunt"), Some("government"));
        assert_eq!(cb.camp_of("BMA"), Some("doctors"));
        assert_eq!(cb.camp_of("Nobody"), None);
        assert_eq!(
            cb.camps(),
            ["doctors", "government", "nhs_management", "opposition", "public", "experts", "media", "other"]
        );
    }

    #[test]
    fn builtin_lists_every_gold_actor() {
        let gold: Vec<Actor> = serde_json::from_str(include_str!("../../tests/gold/actors.json")).unwrap();
        let cb = Codebook::builtin();
        for g in gold {
            let a = cb.actors().iter().find(|a| a.name == g.name);
            assert!(a.is_some(), "{} missing", g.name);
            assert_eq!(a.map(|a| a.camp.as_str()), Some(g.camp.as_str()));
        }
    }

    #[test]
    fn round_trips_through_json() {
        let cb = Codebook::builtin();
        let again = Codebook::from_json(&cb.to_json());
        assert_eq!(again.as_ref().ok(), Some(&cb));
    }

    fn minimal(extra: &str) -> String {
        format!(
            r#"{{"camps":[{{"id":"a","label":"A","side":"doctors"}}],
                "actors":[{{"name":"X","kind":"person","camp":"a","role":null,"aliases":["Mr X"]}}]{extra}}}"#
        )
    }

    #[test]
    fn minimal_codebook_is_enough() {
        let cb = Codebook::from_json(&minimal("")).unwrap();
        assert_eq!(cb.actors()[0].aliases, ["Mr X"]);
        assert!(cb.cues().is_empty());
    }

    #[test]
    fn errors_name_the_fault() {
        let e = Codebook::from_json("{").unwrap_err();
        assert!(matches!(e, CodebookError::Syntax { line: 1, .. }), "{e}");

        let e = Codebook::from_json(&minimal(r#","colour":1"#)).unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");

        let bad_camp = r#"{"camps":[{"id":"a","label":"A"}],
            "actors":[{"name":"X","kind":"person","camp":"zzz","role":null}]}"#;
        let e = Codebook::from_json(bad_camp).unwrap_err();
        assert_eq!(e, CodebookError::UnknownCamp { actor: "X".into(), camp: "zzz".into() });
        assert!(e.to_string().contains("zzz"));

        let e = Codebook::from_json(&minimal(r#","cues":[{"phrase":"unfair"}]"#)).unwrap_err();
        assert!(matches!(e, CodebookError::BadCue { .. }), "{e}");
        let e = Codebook::from_json(&minimal(r#","cues":[{"phrase":"unfair","side":"doctors","polarity":"negative"}]"#))
            .unwrap_err();
        assert!(matches!(e, CodebookError::BadCue { .. }), "{e}");
        let e = Codebook::from_json(&minimal(r#","cues":[{"phrase":"unfair","side":"doctors","weight":-1}]"#))
            .unwrap_err();
        assert!(e.to_string().contains("weight"), "{e}");
        let e = Codebook::from_json(&minimal(r#","cues":[{"phrase":"* out","side":"doctors"}]"#)).unwrap_err();
        assert!(matches!(e, CodebookError::BadPhrase { .. }), "{e}");
        let e = Codebook::from_json(&minimal(r#","cues":[{"phrase":"im*","side":"doctors"}]"#)).unwrap_err();
        assert!(matches!(e, CodebookError::BadPhrase { .. }), "{e}");
    }

    #[test]
    fn an_office_names_aliases_of_its_actor_and_dates() {
        let book = |office: &str| {
            format!(
                r#"{{"camps":[{{"id":"a","label":"A"}}],
                "actors":[{{"name":"X Y","kind":"person","camp":"a","role":null,"aliases":["the boss","Boss"]}}],
                "alias_context":[{{"actor":"X Y","office":{office}}}]}}"#
            )
        };
        let ok = Codebook::from_json(&book(r#"{"title":"Boss","from":"2012-09-04","aliases":["the boss"]}"#)).unwrap();
        let office = ok.alias_context()[0].office.clone().unwrap();
        assert!(office.covers(None) && office.covers(Some("2012-09-04")) && office.covers(Some("2030-01-01")));
        assert!(!office.covers(Some("2012-09-03")));
        let e = Codebook::from_json(&book(r#"{"title":"Boss","aliases":["the chief"]}"#)).unwrap_err();
        assert!(e.to_string().contains("one of the actor's aliases"), "{e}");
        for day in ["2012-9-4", "2012-13-01", "last year"] {
            let e = Codebook::from_json(&book(&format!(r#"{{"title":"Boss","until":"{day}","aliases":["the boss"]}}"#))).unwrap_err();
            assert!(e.to_string().contains("YYYY-MM-DD"), "{day}: {e}");
        }
    }

    #[test]
    fn an_alias_may_not_name_two_actors() {
        let json = r#"{"camps":[{"id":"a","label":"A"}],
            "actors":[{"name":"X","kind":"person","camp":"a","role":null,"aliases":["the boss"]},
                      {"name":"Y","kind":"person","camp":"a","role":null,"aliases":["The Boss","the boss"]}]}"#;
        let e = Codebook::from_json(json).unwrap_err();
        assert!(matches!(e, CodebookError::AmbiguousAlias { .. }), "{e}");
        // A proper-name alias differs from a common-noun one by case.
        let json = r#"{"camps":[{"id":"a","label":"A"}],
            "actors":[{"name":"X","kind":"person","camp":"a","role":null,"aliases":["the boss"]},
                      {"name":"Y","kind":"person","camp":"a","role":null,"aliases":["The Boss"]}]}"#;
        assert!(Codebook::from_json(json).is_ok());
    }

    #[test]
    fn unknown_actor_in_groups_is_refused() {
        let e = Codebook::from_json(&minimal(r#","unnamed":{"groups":[{"actor":"Q","nouns":["man"]}]}"#)).unwrap_err();
        assert_eq!(e, CodebookError::UnknownActor { section: "unnamed.groups", name: "Q".into() });
    }
}
