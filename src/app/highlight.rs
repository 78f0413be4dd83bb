//! Splits an entry's text into plain, actor and evidence pieces for the card.
//!
//! The page renders each piece as its own text node inside a `<mark>` or `<span>`, never
//! through HTML, so text holding `<script>` or `<img onerror>` shows as those characters.
//! **Invariant:** the pieces, concatenated, are exactly the input text.

/// One run of text with how it is highlighted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// Canonical name of the actor this text names.
    pub actor: Option<String>,
    /// Inside a span the stance was decided on.
    pub evidence: bool,
}

/// Pieces of `text`. `names` holds (string as it may appear, canonical actor name); a name
/// matches at word boundaries (in any case when it starts in lowercase, as the codebook's
/// aliases do), longer names first, each stretch of text given to one actor at most. `evidence` spans match verbatim, then case-insensitively.
pub fn pieces(text: &str, names: &[(String, String)], evidence: &[String]) -> Vec<Piece> {
    if text.is_empty() {
        return Vec::new();
    }
    // ASCII lowercasing keeps every byte offset, so ranges found in `lower` index `text`.
    let lower = text.to_ascii_lowercase();
    let mut order: Vec<&(String, String)> = names.iter().filter(|(n, _)| n.trim().chars().count() >= 2).collect();
    order.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));

    let mut actor_ranges: Vec<(usize, usize, &str)> = Vec::new();
    for (needle, canonical) in order {
        let needle = needle.trim();
        // The codebook's rule: a name starting in lowercase ("the health secretary") is a
        // common noun and matches in any case; a proper name ("Hunt") only as written.
        let any_case = needle.chars().next().is_some_and(char::is_lowercase);
        let (hay, needle) =
            if any_case { (lower.as_str(), needle.to_ascii_lowercase()) } else { (text, needle.to_string()) };
        let mut from = 0;
        while let Some(off) = hay[from..].find(&needle) {
            let start = from + off;
            let end = start + needle.len();
            from = start + needle.len().max(1);
            let before_ok = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after_ok = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            let free = actor_ranges.iter().all(|&(s, e, _)| end <= s || start >= e);
            if before_ok && after_ok && free {
                actor_ranges.push((start, end, canonical.as_str()));
            }
        }
    }

    let mut evidence_ranges: Vec<(usize, usize)> = Vec::new();
    for span in evidence {
        let span = span.trim();
        if span.is_empty() {
            continue;
        }
        let found: Vec<usize> = {
            let exact: Vec<usize> = text.match_indices(span).map(|(i, _)| i).collect();
            if exact.is_empty() {
                lower.match_indices(&span.to_ascii_lowercase()).map(|(i, _)| i).collect()
            } else {
                exact
            }
        };
        evidence_ranges.extend(found.into_iter().map(|s| (s, s + span.len())));
    }

    let mut cuts: Vec<usize> = vec![0, text.len()];
    for &(s, e, _) in &actor_ranges {
        cuts.push(s);
        cuts.push(e);
    }
    for &(s, e) in &evidence_ranges {
        cuts.push(s);
        cuts.push(e);
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut out: Vec<Piece> = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        let actor = actor_ranges.iter().find(|&&(a, b, _)| a <= s && e <= b).map(|&(_, _, c)| c.to_string());
        let ev = evidence_ranges.iter().any(|&(a, b)| a <= s && e <= b);
        match out.last_mut() {
            Some(last) if last.actor == actor && last.evidence == ev => last.text.push_str(&text[s..e]),
            _ => out.push(Piece { text: text[s..e].to_string(), actor, evidence: ev }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    fn names() -> Vec<(String, String)> {
        [
            ("Jeremy Hunt", "Jeremy Hunt"),
            ("Mr Hunt", "Jeremy Hunt"),
            ("Hunt", "Jeremy Hunt"),
            ("BMA", "BMA"),
            ("doctors", "Junior doctors"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
    }

    fn joined(p: &[Piece]) -> String {
        p.iter().map(|p| p.text.as_str()).collect()
    }

    #[wasm_bindgen_test]
    fn longest_name_wins_and_boundaries_hold() {
        let text = "Mr Hunt met the BMA. Huntington, BMAs and hunt are not names here; Doctors is.";
        let p = pieces(text, &names(), &[]);
        assert_eq!(joined(&p), text);
        let actors: Vec<(&str, &str)> =
            p.iter().filter_map(|p| p.actor.as_deref().map(|a| (p.text.as_str(), a))).collect();
        assert_eq!(actors, vec![("Mr Hunt", "Jeremy Hunt"), ("BMA", "BMA"), ("Doctors", "Junior doctors")]);
    }

    #[wasm_bindgen_test]
    fn evidence_spans_overlap_actor_names() {
        let text = "The doctors said it was unsafe for patients.";
        let ev = vec!["doctors said it was unsafe".to_string()];
        let p = pieces(text, &names(), &ev);
        assert_eq!(joined(&p), text);
        assert_eq!(p[1], Piece { text: "doctors".into(), actor: Some("Junior doctors".into()), evidence: true });
        assert_eq!(p[2], Piece { text: " said it was unsafe".into(), actor: None, evidence: true });
        assert!(!p[3].evidence);
    }

    #[wasm_bindgen_test]
    fn markup_stays_text_and_unicode_is_kept_whole() {
        let text = "<img src=x onerror=alert(1)> Café “BMA” <script>x</script>";
        let p = pieces(text, &names(), &["Café".to_string()]);
        assert_eq!(joined(&p), text);
        assert!(p.iter().any(|p| p.text == "BMA" && p.actor.is_some()));
        assert!(p.iter().any(|p| p.text == "Café" && p.evidence));
    }

    #[wasm_bindgen_test]
    fn empty_and_unmatched() {
        assert!(pieces("", &names(), &[]).is_empty());
        assert_eq!(
            pieces("nothing", &names(), &["absent".into()]),
            vec![Piece { text: "nothing".into(), actor: None, evidence: false }]
        );
    }
}
