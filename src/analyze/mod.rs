//! Entry -> analysis (stub; being written).
use crate::model::{AnalysedEntry, Analysis, Entry};

/// The dispute's actors and cues, as data.
#[derive(Debug, Clone, Default)]
pub struct Codebook;

impl Codebook {
    /// The built-in codebook (2016 junior doctors' dispute).
    pub fn builtin() -> Codebook {
        Codebook
    }
}

pub struct Analyzer;

impl Analyzer {
    pub fn new(_codebook: &Codebook) -> Analyzer {
        Analyzer
    }
    pub fn analyze(&self, _entry: &Entry) -> Analysis {
        Analysis::default()
    }
}

/// Analyses every entry, in order.
pub fn analyze_all(analyzer: &Analyzer, entries: &[Entry]) -> Vec<AnalysedEntry> {
    entries.iter().map(|e| AnalysedEntry { entry: e.clone(), analysis: analyzer.analyze(e) }).collect()
}
