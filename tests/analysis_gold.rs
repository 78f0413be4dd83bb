//! The five seed blogs, parsed by the real parser and analysed with the built-in codebook,
//! scored against the reference labels in `tests/gold/` with the rules of `liveblog eval`.
//! Set `LIVEBLOG_EVAL_DIFF=1` to print every entry that differs from the gold.

use std::path::{Path, PathBuf};

use liveblog::analyze::{analyze_all, Analyzer, Codebook};
use liveblog::eval::evaluate;
use liveblog::AnalysedEntry;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = root().join("data/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("data/seeds exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "five seed blogs");
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            let bytes = std::fs::read(&p).expect("seed readable");
            (name, bytes)
        })
        .collect()
}

fn analysed() -> Vec<AnalysedEntry> {
    let files = seeds();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let corpus = liveblog::load_corpus(&refs);
    let analyzer = Analyzer::new(&Codebook::builtin());
    analyze_all(&analyzer, &corpus.entries)
}

fn print_diff(gold_dir: &Path, ours: &[AnalysedEntry]) {
    for f in std::fs::read_dir(gold_dir).unwrap().filter_map(|e| e.ok()) {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(f.path()).unwrap()).unwrap();
        let Some(entries) = v.get("entries").and_then(|e| e.as_array()) else { continue };
        let file = v["file"].as_str().unwrap_or_default();
        for ge in entries {
            let n = ge["n"].as_u64().unwrap_or(0) as usize;
            let Some(e) = ours.iter().find(|e| e.entry.source == file && e.entry.n == n) else {
                println!("{file}#{n}: no entry");
                continue;
            };
            let set = |k: &str| -> Vec<String> {
                ge[k].as_array().into_iter().flatten().filter_map(|x| x.as_str().map(String::from)).collect()
            };
            let (gs, gm) = (set("speakers"), set("mentions"));
            let a = &e.analysis;
            let st = a.stance.map(|s| s.as_str()).unwrap_or("-");
            let names = |v: &[liveblog::model::ActorName]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
            let (speakers, mentions) = (names(&a.speakers), names(&a.mentions));
            let missing = |g: &[String], o: &[String]| g.iter().filter(|x| !o.contains(x)).cloned().collect::<Vec<_>>();
            let (sm, sx) = (missing(&gs, &speakers), missing(&speakers, &gs));
            let (mm, mx) = (missing(&gm, &mentions), missing(&mentions, &gm));
            let gst = ge["stance"].as_str().unwrap_or("");
            if sm.is_empty() && sx.is_empty() && mm.is_empty() && mx.is_empty() && gst == st {
                continue;
            }
            println!("{file}#{n} {:?}", e.entry.title);
            if std::env::var_os("LIVEBLOG_EVAL_EXPLAIN").is_some() {
                let az = Analyzer::new(&Codebook::builtin());
                println!("---- body:\n{}\n---- explain:\n{}----", e.entry.body, az.explain_text(e.entry.title.as_deref(), &e.entry.body));
            }
            if !sm.is_empty() || !sx.is_empty() {
                println!("   speakers missing {sm:?} extra {sx:?}");
            }
            if !mm.is_empty() || !mx.is_empty() {
                println!("   mentions missing {mm:?} extra {mx:?}");
            }
            if gst != st {
                println!("   stance gold {gst} ours {st} evidence {:?} (gold: {})", a.stance_evidence, ge["stance_evidence"]);
            }
        }
    }
}

#[test]
fn seeds_score_above_the_targets() {
    let ours = analysed();
    assert!(ours.len() >= 80, "the parser found {} entries", ours.len());
    let gold = root().join("tests/gold");
    if std::env::var_os("LIVEBLOG_EVAL_DIFF").is_some() {
        print_diff(&gold, &ours);
    }
    let report = evaluate(&gold, &ours).expect("gold files load");
    println!("{report}");
    let o = &report.overall;
    assert_eq!(report.files.len(), 5);
    assert!(o.speakers.f1 >= 0.85, "speakers F1 {:.3} < 0.85\n{report}", o.speakers.f1);
    assert!(o.mentions.f1 >= 0.85, "mentions F1 {:.3} < 0.85\n{report}", o.mentions.f1);
    assert!(o.stance.accuracy >= 0.80, "stance accuracy {:.3} < 0.80\n{report}", o.stance.accuracy);
    assert!(o.stance.macro_f1 >= 0.75, "stance macro-F1 {:.3} < 0.75\n{report}", o.stance.macro_f1);
}

#[test]
fn every_entry_gets_a_stance_and_verbatim_evidence() {
    for e in analysed() {
        let a = &e.analysis;
        assert!(a.stance.is_some(), "{}#{}", e.entry.source, e.entry.n);
        let text = format!("{}\n\n{}", e.entry.title.clone().unwrap_or_default(), e.entry.body);
        for ev in &a.stance_evidence {
            assert!(text.contains(ev.as_str()), "{}#{}: evidence {ev:?} is not verbatim", e.entry.source, e.entry.n);
        }
        for s in &a.speakers {
            assert!(a.mentions.contains(s), "{}#{}: speaker {s} not in mentions", e.entry.source, e.entry.n);
        }
        for q in &a.quotes {
            assert!(a.speakers.contains(&q.speaker), "{}#{}: quote by non-speaker {}", e.entry.source, e.entry.n, q.speaker);
        }
    }
}

#[test]
fn a_huge_unstructured_entry_is_analysed_in_linear_time() {
    // a file with no structure is one entry; analysis must not go quadratic on it
    let seed = std::fs::read_to_string(root().join("data/seeds/guardian-allout-day2.txt")).expect("seed");
    let analyzer = Analyzer::new(&Codebook::builtin());
    let time = |copies: usize| {
        let body = seed.repeat(copies);
        let start = std::time::Instant::now();
        let a = analyzer.analyze_text(None, &body);
        (start.elapsed(), a)
    };
    let (small, _) = time(5);
    let (big, a) = time(80);
    assert!(a.speakers.len() > 10 && a.mentions.len() > 20, "{:?}", a.speakers);
    // 16 times the text: linear takes ~16 times as long; allow generous noise, not 256 times
    assert!(big < small * 60 + std::time::Duration::from_millis(200), "5 copies {small:?}, 80 copies {big:?}");
}
