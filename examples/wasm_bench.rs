//! Issue 5's figures measured the same way natively and in the browser.
//!
//! Built for `wasm32-unknown-unknown` it is the engine of the browser benchmark page
//! (`benches/browser/`, run by `scripts/bench-browser`): the `#[wasm_bindgen]` functions in
//! `mod wasm` time parsing, analysis, the line-scan ceiling and filter changes inside the
//! page, and hand the very records they index to JavaScript so `crossfilter2` can be timed on
//! the same data and the same filter changes in the same run.
//!
//! Built natively it is a small command line for the figures the browser ones are compared
//! with, and for the page-load benchmark's input files:
//!
//! ```text
//! cargo run --profile bench --example wasm_bench -- parse MB [REPS]    # native parse + analyse
//! cargo run --profile bench --example wasm_bench -- queries N K        # native filter changes
//! cargo run --profile bench --example wasm_bench -- write-corpus DIR MB  # files for the page
//! ```
//!
//! Everything prints (or returns) JSON, so the runner can put both sides in one table. The
//! timing code is shared by both targets: only the clock differs (`performance.now()` in the
//! browser, which is precise to 5 microseconds when the page is cross-origin isolated, as
//! the runner's server makes it).

use std::hint::black_box;

/// Built as the parsing worker is (`--features worker-allocator`), the worker's allocator
/// (src/bin/parse_worker.rs).
#[cfg(all(target_arch = "wasm32", feature = "worker-allocator", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use liveblog::analyze::{analyze_entries, Analyzer, Codebook};
use liveblog::index::{Index, Query};
use liveblog::model::{AnalysedEntry, Stance};
use liveblog::synth;
use serde_json::{json, Value};

/// The corpus seeds: parsing uses 2 (as `benches/throughput.rs`'s `parse_analyse` does),
/// entries for the filter engine 42 (as its `index_query` does).
const CORPUS_SEED: u64 = 2;
const ENTRIES_SEED: u64 = 42;

/// Milliseconds from an arbitrary origin.
#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    use std::sync::LazyLock;
    use std::time::Instant;
    static START: LazyLock<Instant> = LazyLock::new(Instant::now);
    START.elapsed().as_secs_f64() * 1000.0
}

/// CPU time this process has used, in milliseconds (10 ms ticks), from `/proc/self/stat`:
/// on a machine shared with other builds the wall clock includes time spent waiting for a
/// core, this does not. `None` where there is no such file (and in the browser).
#[cfg(not(target_arch = "wasm32"))]
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}

#[cfg(target_arch = "wasm32")]
fn cpu_ms() -> Option<f64> {
    None
}

/// Runs `f` and returns its result with the milliseconds it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = now_ms();
    let out = f();
    (out, now_ms() - t)
}

/// The `p`-th percentile (0..=100) of `xs`, nearest rank; 0 for an empty list.
fn percentile(xs: &[f64], p: f64) -> f64 {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

fn median(xs: &[f64]) -> f64 {
    percentile(xs, 50.0)
}

/// Megabytes (10^6 bytes) per second.
fn mb_per_s(bytes: usize, ms: f64) -> f64 {
    if ms > 0.0 {
        bytes as f64 / 1e6 / (ms / 1000.0)
    } else {
        0.0
    }
}

/// Parse + analyse throughput over `mb` MB of generated live blogs, `reps` times, with the
/// plain newline count of the same bytes timed in each repetition as the ceiling.
fn parse_figures(mb: u32, reps: u32) -> Value {
    let (files, gen_ms) = timed(|| synth::generate_corpus(mb as usize * 1_000_000, CORPUS_SEED));
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let codebook = Codebook::builtin();
    let analyzer = Analyzer::new(&codebook);
    let camp_of = |name: &str| codebook.camp_of(name).map(str::to_string);
    let (mut scan, mut parse, mut analyse, mut index) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut newlines, mut entries) = (0, 0);
    let mut cpu = Vec::new();
    for _ in 0..reps.max(1) {
        let (n, ms) = timed(|| {
            files.iter().map(|(_, t)| memchr::memchr_iter(b'\n', black_box(t.as_bytes())).count()).sum::<usize>()
        });
        newlines = n;
        scan.push(ms);
        let inputs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (n.as_str(), t.as_bytes())).collect();
        let cpu_before = cpu_ms();
        let (corpus, ms) = timed(|| liveblog::load_corpus(black_box(&inputs)));
        parse.push(ms);
        // the entries move into their analyses, as in the page's workers (no copy)
        let (analysed, ms) = timed(|| analyze_entries(&analyzer, corpus.entries));
        analyse.push(ms);
        if let (Some(a), Some(b)) = (cpu_before, cpu_ms()) {
            cpu.push(b - a);
        }
        // The page's next step: the filter engine over the parsed corpus (not in the MB/s).
        let (built, ms) = timed(|| Index::build(&analysed, &camp_of));
        index.push(ms);
        black_box(built);
        entries = black_box(analysed).len();
    }
    let both: Vec<f64> = parse.iter().zip(&analyse).map(|(p, a)| p + a).collect();
    let (scan_ms, parse_ms, analyse_ms, both_ms) = (median(&scan), median(&parse), median(&analyse), median(&both));
    json!({
        "mb": mb, "bytes": bytes, "files": files.len(), "newlines": newlines, "entries": entries,
        "reps": reps.max(1), "generate_ms": gen_ms,
        "scan_ms": scan, "parse_ms": parse, "analyse_ms": analyse, "index_ms": index,
        "median_ms": {
            "scan": scan_ms, "parse": parse_ms, "analyse": analyse_ms, "parse_analyse": both_ms,
            "index_build": median(&index),
        },
        "mb_per_s": {
            "scan": mb_per_s(bytes, scan_ms), "parse": mb_per_s(bytes, parse_ms),
            "parse_analyse": mb_per_s(bytes, both_ms),
        },
        "ratio_to_scan": if both_ms > 0.0 { scan_ms / both_ms } else { 0.0 },
        // Parse + analyse CPU time (native only): MB/s as if the process had a core to itself.
        "cpu_ms_parse_analyse": cpu,
        "cpu_mb_per_s_parse_analyse": if cpu.is_empty() { Value::Null } else { json!(mb_per_s(bytes, median(&cpu))) },
    })
}

/// SplitMix64, for a filter-change sequence that is the same on every platform.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (((z >> 11) as u128 * n.max(1) as u128) >> 53) as usize
    }
}

const WORDS: [&str; 12] = [
    "strike", "contract", "hunt", "bma", "patients", "saturday", "impose", "talks", "safe", "weekend", "pay", "junior",
];
const FACETS: [&str; 4] = ["actor", "stance", "hour", "text"];

/// `k` filter states, each one random change of the state before, as a user clicks: one of
/// actor, stance, hour range (1 to 6 hours) or text is set to a new value, or, one time in
/// four, cleared (so filters do not pile up until nothing matches). Actors are drawn two
/// times in three from the 30 most frequent (the top of the facet list, where people click)
/// and otherwise from all of them, the long tail of unlisted people included.
fn plan(index: &Index, k: usize, seed: u64) -> Vec<(&'static str, Query)> {
    let all = index.query(&Query::default());
    let mut by_count: Vec<(usize, &str)> = all.counts.actors.iter().map(|a| (a.count, &*a.name)).collect();
    by_count.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let top: Vec<&str> = by_count.iter().take(30).map(|a| a.1).collect();
    let mut rng = Rng(seed ^ 0x00B1_7E57);
    let mut q = Query::default();
    let mut out = Vec::with_capacity(k);
    while out.len() < k {
        let facet = rng.below(FACETS.len());
        let clear = rng.below(4) == 0;
        match facet {
            0 if clear || by_count.is_empty() => q.actors.clear(),
            0 => {
                let name =
                    if rng.below(3) < 2 { top[rng.below(top.len())] } else { by_count[rng.below(by_count.len())].1 };
                q.actors = vec![name.to_string()];
            }
            1 if clear => q.stances.clear(),
            1 => q.stances = vec![Stance::ALL[rng.below(4)]],
            2 if clear => q.hours.clear(),
            2 => {
                let a = rng.below(24) as u8;
                let b = (a + rng.below(6) as u8).min(23);
                q.hours = (a..=b).collect();
            }
            _ if clear => q.text.clear(),
            _ => q.text = WORDS[rng.below(WORDS.len())].to_string(),
        }
        out.push((FACETS[facet], q.clone()));
    }
    out
}

/// Times each change of `plan` (one `Index::query`: the ordered matches, every facet's counts
/// and the histogram). Also returns what each query found, so the crossfilter side can be
/// checked against it.
fn run_plan(index: &Index, plan: &[(&'static str, Query)]) -> Value {
    let mut ms = Vec::with_capacity(plan.len());
    let mut found = Vec::with_capacity(plan.len());
    for (_, q) in plan {
        let (r, t) = timed(|| index.query(black_box(q)));
        ms.push(t);
        let hist: u32 = r.counts.hours.iter().flatten().sum();
        found.push(json!({
            "matches": r.matches.len(),
            "stances": r.counts.stances.iter().map(|s| s.1).collect::<Vec<_>>(),
            "histogram": hist as usize + r.counts.untimed,
        }));
        black_box(r);
    }
    let per_facet: serde_json::Map<String, Value> = FACETS
        .iter()
        .map(|f| {
            let xs: Vec<f64> = plan.iter().zip(&ms).filter(|((k, _), _)| k == f).map(|(_, &t)| t).collect();
            (f.to_string(), json!({ "n": xs.len(), "median_ms": median(&xs), "p95_ms": percentile(&xs, 95.0) }))
        })
        .collect();
    json!({
        "k": plan.len(), "median_ms": median(&ms), "p95_ms": percentile(&ms, 95.0),
        "max_ms": percentile(&ms, 100.0), "mean_ms": ms.iter().sum::<f64>() / ms.len().max(1) as f64,
        "per_facet": per_facet, "ms": ms, "found": found,
    })
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn plan_json(plan: &[(&'static str, Query)]) -> Value {
    Value::Array(
        plan.iter()
            .map(|(facet, q)| {
                json!({
                    "facet": facet, "actors": q.actors, "stances": q.stances,
                    "hours": q.hours, "text": q.text,
                })
            })
            .collect(),
    )
}

/// One record per entry for crossfilter: stance slot (`Stance::ALL` order), actors (mentions,
/// which include speakers, as the actor facet's "any" role), hour (24 = untimed), source,
/// date (`""` = undated), the instant for the timeline order, and the searchable text.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn records(entries: &[AnalysedEntry]) -> String {
    let rows: Vec<Value> = entries
        .iter()
        .map(|e| {
            let stance = liveblog::index::stance_of(e);
            let s = Stance::ALL.iter().position(|x| *x == stance).unwrap_or(3);
            let text = match &e.entry.title {
                Some(t) => format!("{t}\n{}", e.entry.body),
                None => e.entry.body.clone(),
            };
            json!({
                "s": s, "a": e.analysis.mentions, "h": e.entry.hour.filter(|&h| h < 24).unwrap_or(24),
                "src": e.entry.source, "d": e.entry.date.unwrap_or_default(),
                "utc": e.entry.utc, "x": text,
            })
        })
        .collect();
    Value::Array(rows).to_string()
}

fn build(n: u32) -> (Vec<AnalysedEntry>, Index, f64, f64) {
    let (entries, gen_ms) = timed(|| synth::generate_entries(n as usize, ENTRIES_SEED));
    let (index, build_ms) = timed(|| Index::build(&entries, &synth::camp_of));
    (entries, index, gen_ms, build_ms)
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    //! The browser side: state lives in wasm memory between calls, results go out as JSON.
    use std::cell::RefCell;

    use liveblog::index::Index;
    use liveblog::model::AnalysedEntry;
    use serde_json::{json, Value};
    use wasm_bindgen::prelude::*;

    thread_local! {
        static STATE: RefCell<Option<(Vec<AnalysedEntry>, Index)>> = const { RefCell::new(None) };
    }

    fn js(v: Value) -> JsValue {
        js_sys::JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL)
    }

    /// Parse + analyse of `mb` MB of generated live blogs, `reps` times, with the newline
    /// count of the same bytes as the ceiling: bytes, milliseconds and MB/s.
    #[wasm_bindgen]
    pub fn bench_parse_analyse(mb: u32, reps: u32) -> JsValue {
        js(super::parse_figures(mb, reps))
    }

    /// The line scan alone (newline count) over `mb` MB, `reps` times.
    #[wasm_bindgen]
    pub fn bench_line_scan(mb: u32, reps: u32) -> JsValue {
        let files = liveblog::synth::generate_corpus(mb as usize * 1_000_000, super::CORPUS_SEED);
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        let ms: Vec<f64> = (0..reps.max(1))
            .map(|_| {
                super::timed(|| {
                    files
                        .iter()
                        .map(|(_, t)| memchr::memchr_iter(b'\n', std::hint::black_box(t.as_bytes())).count())
                        .sum::<usize>()
                })
                .1
            })
            .collect();
        let m = super::median(&ms);
        js(json!({ "bytes": bytes, "ms": ms, "median_ms": m, "mb_per_s": super::mb_per_s(bytes, m) }))
    }

    /// Generates `n` analysed entries and indexes them (kept for the calls below).
    #[wasm_bindgen]
    pub fn build_index(n: u32) -> JsValue {
        STATE.with(|s| *s.borrow_mut() = None);
        let (entries, index, gen_ms, build_ms) = super::build(n);
        STATE.with(|s| *s.borrow_mut() = Some((entries, index)));
        js(json!({ "n": n, "generate_ms": gen_ms, "build_ms": build_ms }))
    }

    /// The `k` filter changes [`run_queries`] times for `seed`, for the crossfilter side.
    #[wasm_bindgen]
    pub fn query_plan(k: u32, seed: u32) -> JsValue {
        STATE.with(|s| {
            s.borrow().as_ref().map_or(JsValue::NULL, |(_, index)| {
                js(super::plan_json(&super::plan(index, k as usize, u64::from(seed))))
            })
        })
    }

    /// Times `k` random filter changes on the index [`build_index`] made: median, p95 and
    /// each change's milliseconds and results.
    #[wasm_bindgen]
    pub fn run_queries(k: u32, seed: u32) -> JsValue {
        STATE.with(|s| {
            s.borrow().as_ref().map_or(JsValue::NULL, |(_, index)| {
                let plan = super::plan(index, k as usize, u64::from(seed));
                js(super::run_plan(index, &plan))
            })
        })
    }

    /// The entries [`build_index`] indexed, as a JSON array of flat records for crossfilter.
    #[wasm_bindgen]
    pub fn records_json() -> String {
        STATE.with(|s| s.borrow().as_ref().map(|(entries, _)| super::records(entries)).unwrap_or_default())
    }

    /// Bytes of wasm linear memory (it only grows).
    #[wasm_bindgen]
    pub fn wasm_memory_bytes() -> f64 {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .ok()
            .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
            .map_or(0.0, |b| f64::from(b.byte_length()))
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn native(args: &[String]) -> Result<Value, String> {
    let num = |i: usize, default: u32| -> Result<u32, String> {
        args.get(i).map_or(Ok(default), |s| s.parse().map_err(|_| format!("not a number: {s}")))
    };
    match args.first().map(String::as_str) {
        Some("parse") => Ok(parse_figures(num(1, 100)?, num(2, 3)?)),
        Some("queries") => {
            let (n, k) = (num(1, 100_000)?, num(2, 100)?);
            let (_, index, gen_ms, build_ms) = build(n);
            // Warm-up with another sequence, as the browser page does.
            let _ = run_plan(&index, &plan(&index, k as usize, 2));
            let mut r = run_plan(&index, &plan(&index, k as usize, 1));
            if let Some(o) = r.as_object_mut() {
                o.remove("found");
                o.remove("ms");
                o.insert("n".into(), json!(n));
                o.insert("generate_ms".into(), json!(gen_ms));
                o.insert("build_ms".into(), json!(build_ms));
            }
            Ok(r)
        }
        Some("write-corpus") => {
            let dir = std::path::PathBuf::from(args.get(1).ok_or("write-corpus needs a directory")?);
            let files = synth::generate_corpus(num(2, 100)? as usize * 1_000_000, CORPUS_SEED);
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for (name, text) in &files {
                std::fs::write(dir.join(name), text).map_err(|e| format!("{name}: {e}"))?;
            }
            let inputs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (n.as_str(), t.as_bytes())).collect();
            let corpus = liveblog::load_corpus(&inputs);
            Ok(json!({
                "dir": dir.display().to_string(), "files": files.len(),
                "bytes": files.iter().map(|(_, t)| t.len()).sum::<usize>(), "entries": corpus.entries.len(),
            }))
        }
        _ => Err("usage: wasm_bench parse MB [REPS] | queries N K | write-corpus DIR MB".into()),
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let args: Vec<String> = std::env::args().skip(1).collect();
        match native(&args) {
            Ok(v) => println!("{v}"),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        }
    }
}
