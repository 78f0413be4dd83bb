//! The parser against the reference labels: every seed entry with the right count, order,
//! title, time, zone, date and body start. Also keeps the repo's copies of the shared
//! material equal to `../shared` when that folder exists.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gold_files() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = fs::read_dir(repo().join("tests/gold"))
        .expect("tests/gold exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("actors.json"))
        .collect();
    paths.sort();
    for p in paths {
        let v: Value = serde_json::from_str(&fs::read_to_string(&p).expect("read gold")).expect("gold is JSON");
        let file = v["file"].as_str().expect("gold names its file").to_string();
        out.push((file, v));
    }
    out
}

/// Whitespace folded, as the gold's `body_start` is.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn seeds_parse_to_the_gold_entries() {
    let mut failures = Vec::new();
    let mut total = 0;
    for (file, gold) in gold_files() {
        let bytes = fs::read(repo().join("data/seeds").join(&file)).expect("seed exists");
        let parsed = liveblog::parse::parse_file(&file, &bytes);
        let gold_entries = gold["entries"].as_array().expect("entries");
        if parsed.entries.len() != gold_entries.len() {
            failures.push(format!("{file}: {} entries, gold has {}", parsed.entries.len(), gold_entries.len()));
        }
        assert_eq!(parsed.blogs.len(), 1, "{file}: one blog");
        assert_eq!(
            serde_json::to_value(parsed.blogs[0].format).ok().and_then(|v| v.as_str().map(String::from)).as_deref(),
            gold["format"].as_str(),
            "{file}: format"
        );
        assert_eq!(parsed.blogs[0].headline.as_deref(), gold["headline"].as_str(), "{file}: headline");
        let summary: Vec<&str> = gold["summary"].as_array().map(|a| a.iter().filter_map(|s| s.as_str()).collect()).unwrap_or_default();
        assert_eq!(parsed.blogs[0].summary, summary, "{file}: summary");
        for (ours, g) in parsed.entries.iter().zip(gold_entries) {
            total += 1;
            let n = g["n"].as_u64().unwrap_or(0) as usize;
            let mut check = |what: &str, ours: Option<&str>, gold: Option<&str>| {
                if ours != gold {
                    failures.push(format!("{file} #{n} {what}: ours {ours:?}, gold {gold:?}"));
                }
            };
            check("n", Some(&ours.n.to_string()), Some(&n.to_string()));
            check("title", ours.title.as_deref(), g["title"].as_str());
            check("time", ours.time.as_deref(), g["time"].as_str());
            check("tz", ours.tz.as_deref(), g["tz"].as_str());
            check("date", ours.date.as_deref(), g["date"].as_str());
            let start = fold(g["body_start"].as_str().unwrap_or(""));
            let body = fold(&ours.body);
            if !body.starts_with(&start) {
                failures.push(format!("{file} #{n} body: ours {:?}, gold starts {start:?}", body.chars().take(60).collect::<String>()));
            }
            if start.is_empty() && !body.is_empty() {
                failures.push(format!("{file} #{n} body should be empty, ours {:?}", body.chars().take(60).collect::<String>()));
            }
            let embeds: Vec<&str> = g["embeds"].as_array().map(|a| a.iter().filter_map(|s| s.as_str()).collect()).unwrap_or_default();
            let mut ours_e: Vec<&str> = ours.embeds.iter().map(String::as_str).collect();
            let mut gold_e = embeds.clone();
            ours_e.sort();
            gold_e.sort();
            if ours_e != gold_e {
                failures.push(format!("{file} #{n} embeds: ours {ours_e:?}, gold {gold_e:?}"));
            }
        }
    }
    assert_eq!(total, 85, "85 seed entries compared");
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_entry_has_a_utc_instant_when_date_and_zone_are_known() {
    for (name, text) in liveblog::sample::SEEDS {
        let parsed = liveblog::parse::parse_file(name, text.as_bytes());
        for e in &parsed.entries {
            if e.date.is_some() && e.tz.is_some() {
                assert!(e.utc.is_some(), "{name} #{}: no utc", e.n);
            }
            assert_eq!(e.hour, e.time.as_ref().and_then(|t| t[..2].parse().ok()), "{name} #{}", e.n);
        }
    }
}

fn same_tree(ours: &Path, shared: &Path, ext: &str) {
    let mut names: Vec<_> = fs::read_dir(shared)
        .expect("shared dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "{} holds no .{ext} files", shared.display());
    for p in names {
        let name = p.file_name().expect("file name");
        let mine = fs::read(ours.join(name)).unwrap_or_else(|_| panic!("{} is missing from {}", name.to_string_lossy(), ours.display()));
        assert!(mine == fs::read(&p).expect("read shared"), "{} differs from {}", ours.join(name).display(), p.display());
    }
}

#[test]
fn copies_equal_the_shared_material_when_present() {
    let shared = repo().join("../shared/corpus");
    if !shared.exists() {
        eprintln!("../shared is absent: nothing to compare (a clone on its own)");
        return;
    }
    same_tree(&repo().join("data/seeds"), &shared.join("seeds"), "txt");
    same_tree(&repo().join("tests/gold"), &shared.join("gold"), "json");
    same_tree(&repo().join("docs"), &shared, "md");
}
