//! The `liveblog` binary as a user runs it: schema, formats, exit codes, diagnostics.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liveblog")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("runs")
}

fn seeds() -> Vec<String> {
    liveblog::sample::SEEDS.iter().map(|(n, _)| format!("data/seeds/{n}")).collect()
}

#[test]
fn parse_json_has_the_schema() {
    let files = seeds();
    let mut args = vec!["parse", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let out = run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let entries = v["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 85);
    assert_eq!(v["blogs"].as_array().map(Vec::len), Some(5));
    assert!(v["diagnostics"].is_array());
    for key in ["id", "source", "n", "title", "time", "tz", "date", "utc", "hour", "body", "embeds", "speakers", "mentions", "stance", "stance_evidence", "quotes"] {
        assert!(entries.iter().all(|e| e.get(key).is_some()), "every entry has {key}");
    }
    let first = &entries[0];
    assert_eq!(first["source"], "bbc-feb10-page1.txt");
    assert_eq!(first["n"], 1);
    assert_eq!(first["time"], "13:56");
    assert_eq!(first["utc"], "2016-02-10T13:56:00Z");
    assert_eq!(first["hour"], 13);
}

#[test]
fn csv_and_table_formats() {
    let out = run(&["parse", "--format", "csv", "data/seeds/itv-live-updates.txt"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("id,source,n,"));
    let out = run(&["parse", "--format", "table", "data/seeds/itv-live-updates.txt"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("itv-live-updates.txt"));
}

#[test]
fn exit_codes_and_diagnostics_name_the_file() {
    let dir = std::env::temp_dir().join(format!("liveblog-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let png: PathBuf = dir.join("photo.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0").expect("write");
    let png = png.to_string_lossy().into_owned();

    let only_bad = run(&["parse", &png]);
    assert_eq!(only_bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&only_bad.stderr);
    assert!(stderr.contains("photo.txt") && stderr.contains("PNG"), "{stderr}");

    let mixed = run(&["parse", &png, "data/seeds/bbc-feb11.txt"]);
    assert_eq!(mixed.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&mixed.stdout).expect("JSON");
    assert_eq!(v["entries"].as_array().map(Vec::len), Some(20));
    assert!(v["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["source"] == "photo.txt")));

    let missing = run(&["parse", "no/such/file.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("file.txt"));

    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["parse", "--format", "xml", "x.txt"]).status.code(), Some(2));
    assert_eq!(run(&["eval", "x.txt"]).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn eval_prints_scores() {
    let files = seeds();
    let mut args = vec!["eval", "--gold", "tests/gold"];
    args.extend(files.iter().map(String::as_str));
    let out = run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).to_lowercase();
    assert!(text.contains("overall") && text.contains("85/85") && text.contains("stance"), "{text}");
}

#[test]
fn a_custom_codebook_is_loaded_or_refused_clearly() {
    let bad = std::env::temp_dir().join(format!("bad-codebook-{}.json", std::process::id()));
    std::fs::write(&bad, "{ not json").expect("write");
    let out = run(&["parse", "--codebook", &bad.to_string_lossy(), "data/seeds/bbc-feb11.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("codebook"));
    let _ = std::fs::remove_file(&bad);
}
