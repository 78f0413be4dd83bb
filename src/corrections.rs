//! Manual coding: a person overrides the analyser's stance or actors for one entry.
//!
//! Corrections are kept apart from the analysis, keyed by the entry's stable `id`, so they
//! survive re-analysis with another codebook, a reload, and the same file loaded again later.
//! **Invariant:** applying corrections never touches an entry no correction names, and an
//! entry a correction names is always marked `corrected`, even when the correction turns out
//! to change nothing (the person looked at it and agreed).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{ActorName, AnalysedEntry, Stance};

/// One person's coding of one entry. Empty lists and `stance: None` leave the analyser's
/// values as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Correction {
    pub entry_id: String,
    #[serde(default)]
    pub stance: Option<Stance>,
    /// Canonical names added to the entry's mentions.
    #[serde(default)]
    pub add_actors: Vec<String>,
    /// Canonical names taken out of the entry's speakers, mentions, quotes and unlisted actors.
    #[serde(default)]
    pub remove_actors: Vec<String>,
}

impl Correction {
    pub fn new(entry_id: impl Into<String>) -> Self {
        Correction { entry_id: entry_id.into(), ..Self::default() }
    }

    /// True when applying it would change nothing but the `corrected` mark.
    pub fn is_empty(&self) -> bool {
        self.stance.is_none() && self.add_actors.is_empty() && self.remove_actors.is_empty()
    }

    /// Adds an actor, undoing an earlier removal of the same name rather than recording both.
    pub fn add_actor(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        if let Some(i) = self.remove_actors.iter().position(|a| a == name) {
            self.remove_actors.remove(i);
        } else if !self.add_actors.iter().any(|a| a == name) {
            self.add_actors.push(name.to_string());
        }
    }

    /// Removes an actor, undoing an earlier addition of the same name rather than recording both.
    pub fn remove_actor(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        if let Some(i) = self.add_actors.iter().position(|a| a == name) {
            self.add_actors.remove(i);
        } else if !self.remove_actors.iter().any(|a| a == name) {
            self.remove_actors.push(name.to_string());
        }
    }
}

/// Applies each correction to the entry with its `entry_id`; corrections naming no loaded
/// entry are ignored (their file may simply not be loaded yet). When two corrections name the
/// same entry, they apply in order.
pub fn apply_corrections(entries: &mut [AnalysedEntry], corrections: &[Correction]) {
    if corrections.is_empty() {
        return;
    }
    let mut by_id: HashMap<&str, Vec<&Correction>> = HashMap::new();
    for c in corrections {
        by_id.entry(c.entry_id.as_str()).or_default().push(c);
    }
    for entry in entries.iter_mut() {
        if let Some(list) = by_id.get(entry.entry.id.as_str()) {
            for c in list {
                apply_one(entry, c);
            }
        }
    }
}

/// Applies one correction to one entry, whatever its id.
pub fn apply_one(entry: &mut AnalysedEntry, c: &Correction) {
    let a = &mut entry.analysis;
    if let Some(stance) = c.stance {
        if a.stance != Some(stance) {
            // The analyser's evidence argued for another stance; keeping it would mislead.
            a.stance_evidence.clear();
        }
        a.stance = Some(stance);
    }
    for name in &c.remove_actors {
        a.speakers.retain(|s| s != name);
        a.mentions.retain(|s| s != name);
        a.quotes.retain(|q| &q.speaker != name);
        a.unlisted.retain(|u| &u.name != name);
    }
    for name in &c.add_actors {
        if !a.mentions.iter().any(|m| m == name) {
            a.mentions.push(ActorName::from(name.as_str()));
        }
    }
    a.corrected = true;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Analysis, Entry, Quote};

    fn entry(id: &str) -> AnalysedEntry {
        AnalysedEntry {
            entry: Entry::for_test(id, "a.txt", 1, "Mr Hunt said the contract is fair."),
            analysis: Analysis {
                speakers: vec!["Jeremy Hunt".into()],
                mentions: vec!["Jeremy Hunt".into(), "BMA".into()],
                stance: Some(Stance::Government),
                stance_evidence: vec!["the contract is fair".into()],
                quotes: vec![Quote { speaker: "Jeremy Hunt".into(), text: "fair".into(), stance: Stance::Government }],
                ..Analysis::default()
            },
        }
    }

    #[test]
    fn stance_override_clears_contrary_evidence_and_marks() {
        let mut es = vec![entry("x"), entry("y")];
        let c = Correction { stance: Some(Stance::Doctors), ..Correction::new("x") };
        apply_corrections(&mut es, &[c]);
        assert_eq!(es[0].analysis.stance, Some(Stance::Doctors));
        assert!(es[0].analysis.stance_evidence.is_empty());
        assert!(es[0].analysis.corrected);
        assert_eq!(es[1], entry("y"), "an entry no correction names is untouched");
    }

    #[test]
    fn confirming_the_same_stance_keeps_evidence() {
        let mut es = vec![entry("x")];
        apply_corrections(&mut es, &[Correction { stance: Some(Stance::Government), ..Correction::new("x") }]);
        assert_eq!(es[0].analysis.stance_evidence, vec!["the contract is fair".to_string()]);
        assert!(es[0].analysis.corrected);
    }

    #[test]
    fn removing_an_actor_takes_it_out_everywhere() {
        let mut es = vec![entry("x")];
        let mut c = Correction::new("x");
        c.remove_actor("Jeremy Hunt");
        c.add_actor("Department of Health");
        apply_corrections(&mut es, &[c]);
        let a = &es[0].analysis;
        assert!(a.speakers.is_empty());
        assert_eq!(a.mentions, vec!["BMA".to_string(), "Department of Health".to_string()]);
        assert!(a.quotes.is_empty());
    }

    #[test]
    fn adding_a_present_actor_does_not_duplicate_it() {
        let mut es = vec![entry("x")];
        let mut c = Correction::new("x");
        c.add_actor("BMA");
        apply_corrections(&mut es, &[c]);
        assert_eq!(es[0].analysis.mentions, vec!["Jeremy Hunt".to_string(), "BMA".to_string()]);
    }

    #[test]
    fn add_then_remove_cancels_out() {
        let mut c = Correction::new("x");
        c.add_actor("NHS England");
        c.remove_actor("NHS England");
        assert!(c.is_empty());
        c.remove_actor("BMA");
        c.add_actor(" BMA ");
        assert!(c.is_empty());
        c.add_actor("   ");
        assert!(c.is_empty());
    }

    #[test]
    fn corrections_for_unloaded_entries_are_ignored() {
        let mut es = vec![entry("x")];
        apply_corrections(&mut es, &[Correction { stance: Some(Stance::Mixed), ..Correction::new("nope") }]);
        assert_eq!(es[0], entry("x"));
    }

    #[test]
    fn corrected_is_serialised_only_when_true() {
        let plain = serde_json::to_value(entry("x")).unwrap();
        assert!(plain.get("corrected").is_none());
        let mut es = vec![entry("x")];
        apply_corrections(&mut es, &[Correction::new("x")]);
        let v = serde_json::to_value(&es[0]).unwrap();
        assert_eq!(v["corrected"], serde_json::Value::Bool(true));
        let back: AnalysedEntry = serde_json::from_value(v).unwrap();
        assert_eq!(back, es[0]);
    }
}
