//! Scoring analysed entries against reference labels (the `gold/*.json` files), with the rules
//! `liveblog eval` prints and the integration test asserts.
//!
//! Rules: our entries are matched to gold entries by (source file name == gold `file`, `n`).
//! Speakers and mentions are scored as sets of (entry, actor) pairs, micro-averaged; names
//! compare after folding case, apostrophes and spaces, and a name that is an alias in the gold
//! actor lists (`actors.json`, each file's `extra_actors`) counts as its canonical name.
//! Stance accuracy is over gold entries (an unmatched gold entry counts as wrong); macro-F1
//! averages the F1 of each stance that occurs in the gold or the predictions.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{ActorName, AnalysedEntry, Stance};

/// Precision, recall and F1 over (entry, actor) pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn from_counts(tp: usize, fp: usize, fn_: usize) -> Prf {
        let precision = if tp + fp == 0 { if fn_ == 0 { 1.0 } else { 0.0 } } else { tp as f64 / (tp + fp) as f64 };
        let recall = if tp + fn_ == 0 { 1.0 } else { tp as f64 / (tp + fn_) as f64 };
        let f1 = if tp + fp + fn_ == 0 { 1.0 } else { 2.0 * tp as f64 / (2 * tp + fp + fn_) as f64 };
        Prf { tp, fp, fn_, precision, recall, f1 }
    }

    fn add(self, o: Prf) -> Prf {
        Prf::from_counts(self.tp + o.tp, self.fp + o.fp, self.fn_ + o.fn_)
    }
}

/// Stance scores; `confusion[gold][predicted]` in [`Stance::ALL`] order, with a fifth
/// predicted column for gold entries we produced no stance for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StanceScores {
    pub total: usize,
    pub correct: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    /// F1 per stance in [`Stance::ALL`] order (`None` when the stance occurs nowhere).
    pub per_stance_f1: [Option<f64>; 4],
    pub confusion: [[usize; 5]; 4],
}

impl StanceScores {
    fn from_confusion(confusion: [[usize; 5]; 4]) -> StanceScores {
        let total: usize = confusion.iter().map(|r| r.iter().sum::<usize>()).sum();
        let correct: usize = (0..4).map(|i| confusion[i][i]).sum();
        let mut per = [None; 4];
        for c in 0..4 {
            let tp = confusion[c][c];
            let gold: usize = confusion[c].iter().sum();
            let pred: usize = (0..4).map(|g| confusion[g][c]).sum();
            if gold + pred == 0 {
                continue;
            }
            per[c] = Some(2.0 * tp as f64 / (gold + pred) as f64);
        }
        let present: Vec<f64> = per.iter().flatten().copied().collect();
        let macro_f1 = if present.is_empty() { 1.0 } else { present.iter().sum::<f64>() / present.len() as f64 };
        let accuracy = if total == 0 { 1.0 } else { correct as f64 / total as f64 };
        StanceScores { total, correct, accuracy, macro_f1, per_stance_f1: per, confusion }
    }
}

/// Scores for one gold file, or for all of them together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileScores {
    /// The gold file's `file` (the source name), or `overall`.
    pub file: String,
    pub gold_entries: usize,
    /// Gold entries we had an entry for.
    pub matched: usize,
    pub speakers: Prf,
    pub mentions: Prf,
    pub stance: StanceScores,
}

/// The whole evaluation: per file, in file-name order, and overall.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    pub files: Vec<FileScores>,
    pub overall: FileScores,
    /// Gold entries without a matching entry, as `file#n`.
    pub unmatched: Vec<String>,
}

#[derive(Debug)]
#[non_exhaustive]
pub enum EvalError {
    Io { path: PathBuf, error: std::io::Error },
    Json { path: PathBuf, error: serde_json::Error },
    /// No gold file in the directory labels any of the given sources.
    NoGold { dir: PathBuf, sources: Vec<String> },
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Io { path, error } => write!(f, "{}: cannot read: {error}", path.display()),
            EvalError::Json { path, error } => write!(f, "{}: not a gold file: {error}", path.display()),
            EvalError::NoGold { dir, sources } => {
                write!(f, "{}: no gold file labels any of: {}", dir.display(), sources.join(", "))
            }
        }
    }
}

impl std::error::Error for EvalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EvalError::Io { error, .. } => Some(error),
            EvalError::Json { error, .. } => Some(error),
            EvalError::NoGold { .. } => None,
        }
    }
}

#[derive(Debug, Deserialize)]
struct GoldFile {
    file: String,
    entries: Vec<GoldEntry>,
    #[serde(default)]
    extra_actors: Vec<GoldActor>,
}

#[derive(Debug, Deserialize)]
struct GoldEntry {
    n: usize,
    #[serde(default)]
    speakers: Vec<String>,
    #[serde(default)]
    mentions: Vec<String>,
    stance: String,
}

#[derive(Debug, Deserialize)]
struct GoldActor {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

fn fold(name: &str) -> String {
    name.replace(['’', '‘', '`'], "'").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|error| EvalError::Io { path: path.to_path_buf(), error })
}

/// Scores `entries` against the gold files in `gold_dir` that label their sources.
pub fn evaluate(gold_dir: &Path, entries: &[AnalysedEntry]) -> Result<EvalReport, EvalError> {
    let listing = std::fs::read_dir(gold_dir).map_err(|error| EvalError::Io { path: gold_dir.to_path_buf(), error })?;
    let mut paths: Vec<PathBuf> = listing
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();

    // the shared actor list: alias -> canonical
    let mut shared: HashMap<String, String> = HashMap::new();
    let mut golds: Vec<GoldFile> = Vec::new();
    for p in &paths {
        let text = read(p)?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|error| EvalError::Json { path: p.clone(), error })?;
        if value.is_array() {
            let actors: Vec<GoldActor> =
                serde_json::from_value(value).map_err(|error| EvalError::Json { path: p.clone(), error })?;
            for a in actors {
                for alias in a.aliases.iter().chain(std::iter::once(&a.name)) {
                    shared.insert(fold(alias), a.name.clone());
                }
            }
            continue;
        }
        if value.get("entries").is_none() {
            continue;
        }
        let g: GoldFile = serde_json::from_value(value).map_err(|error| EvalError::Json { path: p.clone(), error })?;
        golds.push(g);
    }

    let sources: HashSet<&str> = entries.iter().map(|e| e.entry.source.as_str()).collect();
    golds.retain(|g| sources.contains(g.file.as_str()));
    if golds.is_empty() {
        let mut s: Vec<String> = sources.iter().map(|s| s.to_string()).collect();
        s.sort();
        return Err(EvalError::NoGold { dir: gold_dir.to_path_buf(), sources: s });
    }
    golds.sort_by(|a, b| a.file.cmp(&b.file));

    let by_key: HashMap<(&str, usize), &AnalysedEntry> =
        entries.iter().map(|e| ((e.entry.source.as_str(), e.entry.n), e)).collect();

    let mut report = EvalReport::default();
    let mut all_conf = [[0usize; 5]; 4];
    for g in &golds {
        let mut canon = shared.clone();
        for a in &g.extra_actors {
            for alias in a.aliases.iter().chain(std::iter::once(&a.name)) {
                canon.insert(fold(alias), a.name.clone());
            }
        }
        let norm = |name: &str| -> String {
            let f = fold(name);
            canon.get(&f).map(|c| fold(c)).unwrap_or(f)
        };
        let mut fs = FileScores { file: g.file.clone(), gold_entries: g.entries.len(), ..Default::default() };
        let mut conf = [[0usize; 5]; 4];
        for ge in &g.entries {
            let ours = by_key.get(&(g.file.as_str(), ge.n));
            if ours.is_some() {
                fs.matched += 1;
            } else {
                report.unmatched.push(format!("{}#{}", g.file, ge.n));
            }
            let score = |gold: &[String], pred: Option<&Vec<ActorName>>| -> Prf {
                let gs: HashSet<String> = gold.iter().map(|s| norm(s)).collect();
                let ps: HashSet<String> = pred.map(|v| v.iter().map(|s| norm(s)).collect()).unwrap_or_default();
                let tp = gs.intersection(&ps).count();
                Prf { tp, fp: ps.len() - tp, fn_: gs.len() - tp, ..Default::default() }
            };
            let sp = score(&ge.speakers, ours.map(|e| &e.analysis.speakers));
            let me = score(&ge.mentions, ours.map(|e| &e.analysis.mentions));
            fs.speakers = fs.speakers.add(sp);
            fs.mentions = fs.mentions.add(me);
            if let Some(gi) = Stance::parse(&ge.stance).and_then(|s| Stance::ALL.iter().position(|x| *x == s)) {
                let pi = ours
                    .and_then(|e| e.analysis.stance)
                    .and_then(|s| Stance::ALL.iter().position(|x| *x == s))
                    .unwrap_or(4);
                conf[gi][pi] += 1;
                all_conf[gi][pi] += 1;
            }
        }
        fs.speakers = fs.speakers.add(Prf::default());
        fs.mentions = fs.mentions.add(Prf::default());
        fs.stance = StanceScores::from_confusion(conf);
        report.overall.gold_entries += fs.gold_entries;
        report.overall.matched += fs.matched;
        report.overall.speakers = report.overall.speakers.add(fs.speakers);
        report.overall.mentions = report.overall.mentions.add(fs.mentions);
        report.files.push(fs);
    }
    report.overall.file = "overall".into();
    report.overall.stance = StanceScores::from_confusion(all_conf);
    Ok(report)
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<28} {:>7}  {:>5} {:>5} {:>5}  {:>5} {:>5} {:>5}  {:>6} {:>6}",
            "file", "entries", "spk P", "spk R", "spk F", "men P", "men R", "men F", "st acc", "st mF1"
        )?;
        let line = |f: &mut fmt::Formatter<'_>, s: &FileScores| {
            writeln!(
                f,
                "{:<28} {:>3}/{:<3}  {:>5.3} {:>5.3} {:>5.3}  {:>5.3} {:>5.3} {:>5.3}  {:>6.3} {:>6.3}",
                s.file,
                s.matched,
                s.gold_entries,
                s.speakers.precision,
                s.speakers.recall,
                s.speakers.f1,
                s.mentions.precision,
                s.mentions.recall,
                s.mentions.f1,
                s.stance.accuracy,
                s.stance.macro_f1
            )
        };
        for s in &self.files {
            line(f, s)?;
        }
        writeln!(f, "{}", "-".repeat(98))?;
        line(f, &self.overall)?;
        let o = &self.overall.stance;
        writeln!(f)?;
        writeln!(f, "stance confusion (rows gold, columns predicted):")?;
        writeln!(f, "{:<12} {:>8} {:>10} {:>6} {:>8} {:>8}", "", "doctors", "government", "mixed", "neutral", "missing")?;
        for (i, st) in Stance::ALL.iter().enumerate() {
            let r = o.confusion[i];
            writeln!(f, "{:<12} {:>8} {:>10} {:>6} {:>8} {:>8}", st.as_str(), r[0], r[1], r[2], r[3], r[4])?;
        }
        let per: Vec<String> = Stance::ALL
            .iter()
            .zip(o.per_stance_f1.iter())
            .map(|(s, f1)| match f1 {
                Some(v) => format!("{} {:.3}", s.as_str(), v),
                None => format!("{} -", s.as_str()),
            })
            .collect();
        writeln!(f, "stance F1: {}", per.join(", "))?;
        if !self.unmatched.is_empty() {
            writeln!(f, "unmatched gold entries: {}", self.unmatched.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Analysis, Entry};

    fn entry(source: &str, n: usize, speakers: &[&str], mentions: &[&str], stance: Stance) -> AnalysedEntry {
        AnalysedEntry {
            entry: Entry::for_test(&format!("{source}-{n}"), source, n, ""),
            analysis: Analysis {
                speakers: speakers.iter().map(|&s| ActorName::from(s)).collect(),
                mentions: mentions.iter().map(|&s| ActorName::from(s)).collect(),
                stance: Some(stance),
                ..Default::default()
            },
        }
    }

    fn gold_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("liveblog-eval-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("actors.json"),
            r#"[{"name":"Jeremy Hunt","kind":"person","camp":"government","role":null,"aliases":["Mr Hunt"]}]"#,
        )
        .unwrap();
        std::fs::write(
            dir.join("a.json"),
            r#"{"file":"a.txt","entries":[
                {"n":1,"speakers":["Jeremy Hunt"],"mentions":["Jeremy Hunt","BMA"],"stance":"government"},
                {"n":2,"speakers":[],"mentions":["Rachel Clarke"],"stance":"doctors"},
                {"n":3,"speakers":[],"mentions":[],"stance":"neutral"}],
               "extra_actors":[{"name":"Rachel Clarke","kind":"person","camp":"doctors","role":null,"aliases":["Dr Rachel Clarke"]}]}"#,
        )
        .unwrap();
        dir
    }

    #[test]
    fn scores_pairs_and_stances() {
        let dir = gold_dir("basic");
        let ours = vec![
            entry("a.txt", 1, &["Mr Hunt"], &["Jeremy Hunt", "Labour"], Stance::Government),
            entry("a.txt", 2, &[], &["Dr Rachel Clarke"], Stance::Neutral),
            // gold entry 3 has no match; our entry 4 has no gold
            entry("a.txt", 4, &["BMA"], &["BMA"], Stance::Doctors),
        ];
        let r = evaluate(&dir, &ours).unwrap();
        assert_eq!(r.files.len(), 1);
        let f = &r.files[0];
        assert_eq!((f.gold_entries, f.matched), (3, 2));
        // speakers: Mr Hunt is an alias of Jeremy Hunt
        assert_eq!((f.speakers.tp, f.speakers.fp, f.speakers.fn_), (1, 0, 0));
        // mentions: Hunt ok, Labour extra, BMA missing, Rachel Clarke via extra_actors alias
        assert_eq!((f.mentions.tp, f.mentions.fp, f.mentions.fn_), (2, 1, 1));
        assert!((f.mentions.f1 - 4.0 / 6.0).abs() < 1e-9);
        assert_eq!(f.stance.correct, 1);
        assert_eq!(f.stance.total, 3);
        assert_eq!(f.stance.confusion[3][4], 1, "unmatched gold counts as missing");
        // F1: government 1.0, doctors 0 (1 gold, 0 right), neutral 0 (1 predicted wrong, 1 gold missing)
        assert!((f.stance.macro_f1 - 1.0 / 3.0).abs() < 1e-9, "{}", f.stance.macro_f1);
        assert_eq!(r.unmatched, ["a.txt#3"]);
        assert_eq!(r.overall.mentions, f.mentions);
        let table = r.to_string();
        assert!(table.contains("a.txt") && table.contains("overall"), "{table}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn errors_name_the_path() {
        let missing = Path::new("/nonexistent/gold");
        let e = evaluate(missing, &[]).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/gold"), "{e}");
        let dir = gold_dir("nomatch");
        let e = evaluate(&dir, &[entry("zzz.txt", 1, &[], &[], Stance::Neutral)]).unwrap_err();
        assert!(matches!(e, EvalError::NoGold { .. }), "{e}");
        assert!(e.to_string().contains("zzz.txt"));
        std::fs::write(dir.join("bad.json"), "{not json").unwrap();
        let e = evaluate(&dir, &[entry("a.txt", 1, &[], &[], Stance::Neutral)]).unwrap_err();
        assert!(e.to_string().contains("bad.json"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
