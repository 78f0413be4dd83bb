//! The bad-input table (issue "Reliability and safety"): each row is a file a user might drop,
//! with the expected outcome: a clear diagnostic naming the file, or a correct parse. In every
//! row the five seed files dropped alongside still load (85 entries).

use liveblog::analyze::{analyze_all, Analyzer, Codebook};
use liveblog::sample::SEEDS;
use liveblog::{load_corpus, Corpus, Severity};

/// Drops the seeds plus `extra` files, in one go; returns the corpus.
fn drop_with_seeds(extra: &[(&str, Vec<u8>)]) -> Corpus {
    let mut files: Vec<(&str, &[u8])> = SEEDS.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    for (name, bytes) in extra {
        files.push((name, bytes.as_slice()));
    }
    let corpus = load_corpus(&files);
    let seed_entries = corpus.entries.iter().filter(|e| SEEDS.iter().any(|(n, _)| *n == e.source)).count();
    assert_eq!(seed_entries, 85, "the seeds still load beside the bad file");
    corpus
}

fn errors_for<'a>(corpus: &'a Corpus, name: &str) -> Vec<&'a str> {
    corpus.diagnostics.iter().filter(|d| d.source == name && d.severity == Severity::Error).map(|d| d.message.as_str()).collect()
}

fn entries_of(corpus: &Corpus, name: &str) -> usize {
    corpus.entries.iter().filter(|e| e.source == name).count()
}

fn refused(name: &str, bytes: Vec<u8>, reason: &str) {
    let corpus = drop_with_seeds(&[(name, bytes)]);
    let errors = errors_for(&corpus, name);
    assert_eq!(entries_of(&corpus, name), 0, "{name} gives no entries");
    assert!(errors.iter().any(|m| m.contains(reason)), "{name}: expected an error containing {reason:?}, got {errors:?}");
}

#[test]
fn empty_file() {
    refused("empty.txt", Vec::new(), "empty");
}

#[test]
fn whitespace_only() {
    refused("blank.txt", b"  \n\n\t \r\n".to_vec(), "white space");
}

#[test]
fn png_renamed_txt() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(7u8, 500));
    refused("photo.txt", png, "PNG image");
}

#[test]
fn pdf_renamed_txt() {
    refused("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec(), "PDF document");
}

#[test]
fn utf16_with_bom_parses() {
    let text = "3.23pm BST\n\nThe BMA said the contract was unsafe.\n\n1.05pm BST\n\nAnother post.\n";
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let corpus = drop_with_seeds(&[("utf16.txt", bytes)]);
    assert_eq!(entries_of(&corpus, "utf16.txt"), 2);
    assert!(corpus.diagnostics.iter().any(|d| d.source == "utf16.txt" && d.message.contains("UTF-16")));
}

#[test]
fn latin1_text_parses_with_a_warning() {
    let corpus = drop_with_seeds(&[("latin1.txt", b"10.05am GMT\n\nJunior doctors\x92 leader said: \x93We will strike.\x94\n".to_vec())]);
    let e = corpus.entries.iter().find(|e| e.source == "latin1.txt").expect("an entry");
    assert!(e.body.contains("doctors’ leader said: “We will strike.”"), "{}", e.body);
    assert!(corpus.diagnostics.iter().any(|d| d.source == "latin1.txt" && d.severity == Severity::Warning && d.line == Some(3)));
}

#[test]
fn truncated_utf8_parses_with_a_warning() {
    let mut bytes = "9.41am BST\n\nIt’s not all support for junior doctors".as_bytes().to_vec();
    bytes.extend_from_slice(&"’".as_bytes()[..2]);
    let corpus = drop_with_seeds(&[("cut.txt", bytes)]);
    assert_eq!(entries_of(&corpus, "cut.txt"), 1);
    assert!(corpus.diagnostics.iter().any(|d| d.source == "cut.txt" && d.message.contains("middle of a character")));
}

#[test]
fn crlf_and_classic_mac_cr_parse_like_lf() {
    let lf = SEEDS[3].1.to_string();
    let crlf = lf.replace('\n', "\r\n").into_bytes();
    let cr = lf.replace('\n', "\r").into_bytes();
    let corpus = drop_with_seeds(&[("crlf.txt", crlf), ("cr.txt", cr)]);
    // The same posts as the seed: every one a duplicate of it, kept once.
    assert_eq!(entries_of(&corpus, "crlf.txt"), 0);
    assert_eq!(entries_of(&corpus, "cr.txt"), 0);
    let alone = load_corpus(&[("crlf.txt", lf.replace('\n', "\r\n").as_bytes()), ("cr.txt", lf.replace('\n', "\r").as_bytes())]);
    assert_eq!(alone.entries.iter().filter(|e| e.source == "crlf.txt").count(), 29);
    assert_eq!(alone.entries.iter().filter(|e| e.source == "cr.txt").count(), 0, "same ids: kept once");
}

#[test]
fn only_timestamps() {
    let corpus = drop_with_seeds(&[("times.txt", b"10:00\n10:05\n10:10\n".to_vec())]);
    assert_eq!(entries_of(&corpus, "times.txt"), 3);
}

#[test]
fn the_same_file_dropped_twice_is_kept_once() {
    let seed = SEEDS[0].1.as_bytes().to_vec();
    let corpus = drop_with_seeds(&[("bbc-feb10-page1 (1).txt", seed)]);
    assert_eq!(entries_of(&corpus, "bbc-feb10-page1 (1).txt"), 0);
    assert!(corpus.diagnostics.iter().any(|d| d.source == "bbc-feb10-page1 (1).txt" && d.message.contains("kept once")));
}

#[test]
fn html_page_saved_from_a_browser_is_read_as_text() {
    let html = b"<!DOCTYPE html><html><head><script>window.pwned=1</script><style>body{}</style></head><body><h1>Strike live</h1><p>3.23pm BST</p><p>The BMA said the contract was <b>unsafe</b>.</p><p>1.05pm BST</p><p>Ministers said it was a fair deal.</p></body></html>".to_vec();
    let corpus = drop_with_seeds(&[("page.html", html)]);
    let entries: Vec<_> = corpus.entries.iter().filter(|e| e.source == "page.html").collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].time.as_deref(), Some("15:23"));
    assert!(entries[0].body.contains("unsafe"));
    assert!(!entries.iter().any(|e| e.body.contains("pwned")), "script text is not content");
    assert!(corpus.diagnostics.iter().any(|d| d.source == "page.html" && d.message.contains("HTML page")));
}

#[test]
fn a_single_5_mb_line_is_one_entry_and_analyses() {
    let line = "The BMA said the imposition was unsafe and Jeremy Hunt said it was a fair deal. ".repeat(5 * 1024 * 1024 / 80);
    let corpus = drop_with_seeds(&[("line.txt", line.into_bytes())]);
    assert_eq!(entries_of(&corpus, "line.txt"), 1);
    let analyzer = Analyzer::new(&Codebook::builtin());
    let analysed = analyze_all(&analyzer, &corpus.entries);
    assert!(analysed.iter().all(|e| e.analysis.stance.is_some()));
}

#[test]
fn a_200_mb_file_parses() {
    let mut text = String::with_capacity(201 * 1024 * 1024);
    let mut k = 0u32;
    while text.len() < 200 * 1024 * 1024 {
        // Vary each copy so the entries are not duplicates of one another.
        text.push_str(&format!("Summary\n\n  • Copy {k}\n\n"));
        text.push_str(&SEEDS[0].1.replace("published at", &format!(" (copy {k})published at")));
        k += 1;
    }
    let corpus = load_corpus(&[("huge.txt", text.as_bytes())]);
    assert_eq!(corpus.entries.len(), 20 * k as usize);
    assert!(corpus.diagnostics.iter().all(|d| d.severity != Severity::Error));
}

#[test]
fn five_thousand_small_files() {
    let files: Vec<(String, Vec<u8>)> = (0..5000)
        .map(|i| (format!("f{i:04}.txt"), format!("{}.{:02}am BST\n\nPost number {i}.\n", 1 + i % 11, i % 60).into_bytes()))
        .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let corpus = load_corpus(&refs);
    assert_eq!(corpus.entries.len(), 5000);
    assert_eq!(corpus.sources().len(), 5000);
}
