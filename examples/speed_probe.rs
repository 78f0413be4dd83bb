//! A native harness for instruction counts (`valgrind --tool=callgrind`) and output checks.
//!
//! ```text
//! cargo run --profile bench --example speed_probe -- profile MB   # parse, then analyse, seed 2
//! cargo run --profile bench --example speed_probe -- explain FILE...  # explain_text of every entry
//! cargo run --profile bench --example speed_probe -- write MB DIR  # the profile's corpus as files
//! cargo run --profile bench --example speed_probe -- json MB      # the workers' answers, read back
//! ```
//! Under callgrind, `--toggle-collect='*speed_probe::parse_phase*'` and
//! `--toggle-collect='*speed_probe::analyse_phase*'` count each stage alone;
//! `--toggle-collect='*speed_probe::write_json_phase*'` and `'*speed_probe::read_json_phase*'`
//! the workers' writing of their answers' JSON and the page's reading of it.

use std::hint::black_box;

use liveblog::analyze::{analyze_entries, Analyzer, Codebook};
use liveblog::session::{PreparedFile, Preparer};
use liveblog::{synth, AnalysedEntry, Corpus, Entry};

/// Parsing as the page's workers do it: every file into one corpus.
#[inline(never)]
fn parse_phase(inputs: &[(&str, &[u8])]) -> Corpus {
    liveblog::load_corpus(black_box(inputs))
}

#[inline(never)]
fn analyse_phase(analyzer: &Analyzer, entries: Vec<Entry>) -> Vec<AnalysedEntry> {
    analyze_entries(analyzer, black_box(entries))
}

/// Each prepared file as a worker answers (in one piece).
#[inline(never)]
fn write_json_phase(files: Vec<PreparedFile>) -> Vec<Vec<u8>> {
    files.into_iter().map(|file| black_box(file).answer_json(usize::MAX).map(|(json, _)| json).unwrap_or_default()).collect()
}

/// The workers' answers read back, as the page reads them.
#[inline(never)]
fn read_json_phase(answers: &[Vec<u8>]) -> usize {
    answers.iter().map(|json| PreparedFile::from_json(black_box(json)).map_or(0, |f| f.entries.len())).sum()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let codebook = Codebook::builtin();
    let analyzer = Analyzer::new(&codebook);
    match args.first().map(String::as_str) {
        Some("profile") => {
            let mb: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(4);
            let files = synth::generate_corpus(mb * 1_000_000, 2);
            let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
            let inputs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (n.as_str(), t.as_bytes())).collect();
            // Warm-up outside the counted functions: the regexes compile on first use, once
            // per process, which is not what a byte costs.
            let warm = synth::generate_corpus(200_000, 3);
            let warm: Vec<(&str, &[u8])> = warm.iter().map(|(n, t)| (n.as_str(), t.as_bytes())).collect();
            black_box(analyze_entries(&analyzer, liveblog::load_corpus(&warm).entries));
            // (the glued image credit: a line that gets past its regex's prefilter, which the
            // generated corpus may not hold)
            let iso = "2024-03-05T14:05:00Z\nOne.\nJeremy HuntImage source, PA\n\n2024-03-05 14:06 BST\nTwo.\n";
            black_box(analyze_entries(&analyzer, liveblog::load_corpus(&[("iso.txt", iso.as_bytes())]).entries));
            let corpus = parse_phase(&inputs);
            let analysed = analyse_phase(&analyzer, corpus.entries);
            println!("bytes {bytes} files {} entries {}", files.len(), black_box(analysed).len());
        }
        Some("explain") => {
            let mut corpus = Corpus::new();
            for path in &args[1..] {
                let bytes = std::fs::read(path).unwrap_or_default();
                corpus.add_file(path, &bytes);
            }
            for e in &corpus.entries {
                println!("== {} {}\n{}", e.source, e.n, analyzer.explain_text(e.title.as_deref(), &e.body));
            }
        }
        Some("write") => {
            // the corpus `profile` parses, as files, for comparing the CLI's output before and
            // after a change
            let mb: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(4);
            let dir = std::path::Path::new(args.get(2).map_or(".", String::as_str));
            for (name, text) in synth::generate_corpus(mb * 1_000_000, 2) {
                if let Err(err) = std::fs::write(dir.join(&name), text) {
                    eprintln!("{name}: {err}");
                }
            }
        }
        Some("json") => {
            let mb: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(4);
            let files = synth::generate_corpus(mb * 1_000_000, 2);
            let preparer = Preparer::new(None).unwrap_or_else(|e| panic!("{e}"));
            let prepared = files.into_iter().map(|(name, text)| preparer.prepare(&name, &name, text.into_bytes())).collect();
            let jsons = write_json_phase(prepared);
            let bytes: usize = jsons.iter().map(Vec::len).sum();
            let t = std::time::Instant::now();
            let entries = read_json_phase(&jsons);
            println!("json bytes {bytes} entries {entries} read in {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
        }
        _ => eprintln!("usage: speed_probe profile MB | explain FILE... | write MB DIR | json MB"),
    }
}
