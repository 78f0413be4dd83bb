//! A mutation fuzzer over the parser and the analyser, run as a bench binary:
//! `cargo bench --bench fuzz -- [CASES] [SEED]` (default 100,000 cases).
//!
//! Starts from the seed live blogs and mutates them (byte flips, inserted furniture and time
//! lines, spliced lines from other seeds, truncation at any byte, random bytes), then checks
//! that parsing and analysis never panic and keep their invariants. Prints executions, time
//! and crashes; a crash prints the input as a Rust byte string to paste into a regression test.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use liveblog::analyze::{analyze_all, Analyzer, Codebook};
use liveblog::sample::SEEDS;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

const TOKENS: &[&str] = &[
    "published at ", "published at 25:61", "  1. ", "Greenwich Mean Time", "British Summer Time", " 31 February 2016",
    "3.23pm BST", "12.00am", "00:00", "23:59", "Summary\n", "•", "- 40 updates\n", "Live updates\n", "- ITV Report\n",
    "Latest ITV News reports\n", "Quote Message\n", "Media caption,\n", "Image source, PA", "This Twitter post cannot be displayed",
    "End of twitter post\n", "Last Updated: 21:25 GMT Sunday, 16 February 2014\n", "\u{a0}", "\r", "\r\n", "\u{feff}", "\u{2028}",
    "“", "”", "’", "said:", " said ", "He added: \"", "According to ", "<!DOCTYPE html><p>", "&#x;", "2024-13-45T99:99:99Z",
    "1:23 p.m. ET ", "Updated 14:05\n", "Mr ", "the health secretary", "not unsafe", "\0", "\u{fffd}",
];

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut data = base.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let tok = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, tok.iter().copied());
            }
            2 if !data.is_empty() => {
                let len = rng.below(200).min(data.len() - at.min(data.len()));
                data.drain(at.min(data.len())..at.min(data.len()) + len);
            }
            3 => data.truncate(at),
            4 => {
                let other = SEEDS[rng.below(SEEDS.len())].1.as_bytes();
                let from = rng.below(other.len());
                let len = rng.below(400).min(other.len() - from);
                data.splice(at..at, other[from..from + len].iter().copied());
            }
            5 => {
                let n = rng.below(64);
                let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                data.splice(at..at, junk);
            }
            _ => {
                let n = rng.below(6);
                let junk: Vec<u8> = (0..n).map(|_| b"\n .:0123456789apmGMTBST"[rng.below(23)]).collect();
                data.splice(at..at, junk);
            }
        }
    }
    data
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let cases: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(0x5eed_1234_abcd_ef01);
    let analyzer = Analyzer::new(&Codebook::builtin());
    let mut rng = Rng(seed | 1);
    let mut crashes = 0usize;
    let mut bytes_in = 0usize;
    let mut entries_out = 0usize;
    // One line per panic (where and why); the failing input is printed and saved below.
    std::panic::set_hook(Box::new(|info| println!("panic: {info}")));
    let crash_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-crashes");
    let start = Instant::now();
    for case in 0..cases {
        // Small inputs are mutated harder and run faster: take a slice of a seed most times.
        let base = SEEDS[rng.below(SEEDS.len())].1.as_bytes();
        let from = rng.below(base.len());
        let len = if rng.below(4) == 0 { base.len() - from } else { rng.below(3000).min(base.len() - from) };
        let input = mutate(&mut rng, &base[from..from + len]);
        bytes_in += input.len();
        let result = catch_unwind(AssertUnwindSafe(|| {
            let corpus = liveblog::load_corpus(&[("fuzz.txt", &input)]);
            let analysed = analyze_all(&analyzer, &corpus.entries);
            // n is the 1-based position in the file; a post repeated in the same file is kept
            // once, so n may skip, but always rises.
            assert!(analysed.windows(2).all(|w| w[0].entry.n < w[1].entry.n), "n rises in document order");
            for e in &analysed {
                assert!(e.entry.n >= 1);
                assert!(e.entry.hour.is_none_or(|h| h < 24));
                assert!(e.analysis.stance.is_some(), "every entry gets a stance");
                for m in &e.analysis.speakers {
                    assert!(e.analysis.mentions.contains(m), "speakers are mentions");
                }
            }
            analysed.len()
        }));
        match result {
            Ok(n) => entries_out += n,
            Err(_) => {
                crashes += 1;
                let path = crash_dir.join(format!("crash-{case}.txt"));
                let saved = std::fs::create_dir_all(&crash_dir).and_then(|_| std::fs::write(&path, &input)).is_ok();
                if crashes <= 5 {
                    println!("CRASH at case {case} (saved: {saved}, {}): input = b\"{}\"", path.display(), input.escape_ascii());
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "fuzz: {cases} executions in {secs:.1} s ({:.0}/s), {:.1} MB in, {entries_out} entries out, {crashes} crashes (seed {seed})",
        cases as f64 / secs,
        bytes_in as f64 / 1e6
    );
    if crashes > 0 {
        std::process::exit(1);
    }
}
