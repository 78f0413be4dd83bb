//! Throughput of each stage on generated corpora ([`liveblog::synth`]), for issue 5's budgets.
//!
//! Groups (run one with `cargo bench --bench throughput -- <group>`):
//! - `parse/50MB`: `memchr_newlines` (the ceiling: a plain line scan of the same bytes) and
//!   `load_corpus`, both as MB/s over the same generated files;
//! - `parse_analyse/100MB`: `memchr_newlines` and `load_corpus+analyze_all`;
//! - `index_build`: [`Index::build`] at 1k, 10k and 100k entries (entries/s);
//! - `index_grow`: the same entries added 1,000 at a time with [`Index::extend`], as the page
//!   does while files arrive (its total should stay close to one build: each step reads only
//!   the new entries);
//! - `index_query`: one query with all facet counts and the histogram, at 1k, 10k and 100k
//!   entries, for each kind of filter change: `none`, `actor`, `stance`, `hour_range`, `text`
//!   (a different word each time, so the text cache never answers) and `random_change`
//!   (cycles through 100 random queries touching every facet; issue 5's measure).
//!
//! Sample sizes are kept small (10 samples, flat sampling) so the whole run fits in a few
//! minutes on two cores; set `LIVEBLOG_BENCH_MB` to scale the corpus sizes down (e.g. `5`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use liveblog::analyze::{analyze_entries, Analyzer, Codebook};
use liveblog::index::{ActorRole, Index, Order, Query};
use liveblog::model::Stance;
use liveblog::synth;

const MB: usize = 1_000_000;

/// Corpus sizes in MB: the 50 and 100, or `LIVEBLOG_BENCH_MB` for both when set.
fn sizes() -> (usize, usize) {
    match std::env::var("LIVEBLOG_BENCH_MB").ok().and_then(|s| s.parse::<usize>().ok()) {
        Some(mb) if mb > 0 => (mb, mb),
        _ => (50, 100),
    }
}

fn newline_count(files: &[(String, String)]) -> usize {
    files.iter().map(|(_, t)| memchr::memchr_iter(b'\n', t.as_bytes()).count()).sum()
}

fn as_inputs(files: &[(String, String)]) -> Vec<(&str, &[u8])> {
    files.iter().map(|(n, t)| (n.as_str(), t.as_bytes())).collect()
}

fn slow_group<'a>(c: &'a mut Criterion, name: &str) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    g
}

fn parse(c: &mut Criterion) {
    let (mb, _) = sizes();
    let files = synth::generate_corpus(mb * MB, 1);
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let inputs = as_inputs(&files);
    let mut g = slow_group(c, &format!("parse/{mb}MB"));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("memchr_newlines", |b| b.iter(|| newline_count(black_box(&files))));
    g.bench_function("load_corpus", |b| b.iter(|| liveblog::load_corpus(black_box(&inputs))));
    g.finish();
}

fn parse_analyse(c: &mut Criterion) {
    let (_, mb) = sizes();
    let files = synth::generate_corpus(mb * MB, 2);
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let inputs = as_inputs(&files);
    let analyzer = Analyzer::new(&Codebook::builtin());
    let mut g = slow_group(c, &format!("parse_analyse/{mb}MB"));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("memchr_newlines", |b| b.iter(|| newline_count(black_box(&files))));
    // named for its history; the entries now move into their analyses (`analyze_entries`),
    // as the CLI and the page's workers do, rather than being copied (`analyze_all`)
    g.bench_function("load_corpus+analyze_all", |b| {
        b.iter(|| {
            let corpus = liveblog::load_corpus(black_box(&inputs));
            analyze_entries(&analyzer, corpus.entries)
        })
    });
    g.finish();
}

const COUNTS: [usize; 3] = [1_000, 10_000, 100_000];

fn index_grow(c: &mut Criterion) {
    let mut g = c.benchmark_group("index_grow");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    for n in COUNTS {
        let entries = synth::generate_entries(n, 42);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &entries, |b, entries| {
            b.iter(|| {
                let mut index = Index::build(&[], &synth::camp_of);
                for end in (1_000..=entries.len()).step_by(1_000) {
                    index.extend(black_box(&entries[..end]), &synth::camp_of);
                }
                index.compact();
                index
            })
        });
    }
    g.finish();
}

fn index_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("index_build");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    for n in COUNTS {
        let entries = synth::generate_entries(n, 42);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &entries, |b, entries| {
            b.iter(|| Index::build(black_box(entries), &synth::camp_of))
        });
    }
    g.finish();
}

/// A tiny deterministic generator for the random filter changes.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const WORDS: [&str; 8] = ["strike", "contract", "hunt", "bma", "patients", "saturday", "impose", "talks"];

/// 100 queries, each a random change on a random facet of the one before (as a user clicks).
fn random_changes(index: &Index) -> Vec<Query> {
    let all = index.query(&Query::default());
    let actors: Vec<String> = all.counts.actors.iter().map(|a| a.name.to_string()).collect();
    let sources: Vec<String> = all.counts.sources.iter().map(|s| s.0.to_string()).collect();
    let dates: Vec<String> = all.counts.dates.iter().map(|s| s.0.to_string()).collect();
    let mut rng = Lcg(7);
    let mut q = Query::default();
    let mut out = Vec::with_capacity(100);
    while out.len() < 100 {
        match rng.below(8) {
            0 => q.actors = vec![actors[rng.below(actors.len())].clone()],
            1 => q.stances = vec![Stance::ALL[rng.below(4)]],
            2 => {
                let a = rng.below(24) as u8;
                q.hours = (a..=(a + rng.below(6) as u8).min(23)).collect();
            }
            3 => q.text = WORDS[rng.below(WORDS.len())].to_string(),
            4 if !sources.is_empty() => q.sources = vec![sources[rng.below(sources.len())].clone()],
            5 if !dates.is_empty() => q.dates = vec![dates[rng.below(dates.len())].clone()],
            6 => q.actor_role = if q.actor_role == ActorRole::Speaker { ActorRole::Any } else { ActorRole::Speaker },
            _ => q = Query { order: Order::OldestFirst, ..Query::default() },
        }
        out.push(q.clone());
    }
    out
}

fn index_query(c: &mut Criterion) {
    let mut g = c.benchmark_group("index_query");
    g.sample_size(10).warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1));
    for n in COUNTS {
        let entries = synth::generate_entries(n, 42);
        let index = Index::build(&entries, &synth::camp_of);
        let top_actor = index.counts(&Query::default()).actors.iter().max_by_key(|a| a.count).map(|a| a.name.to_string());
        let fixed: Vec<(&str, Vec<Query>)> = vec![
            ("none", vec![Query::default()]),
            ("actor", vec![Query { actors: top_actor.into_iter().collect(), ..Query::default() }]),
            ("stance", vec![Query { stances: vec![Stance::Doctors], ..Query::default() }]),
            ("hour_range", vec![Query { hours: (9..=17).collect(), ..Query::default() }]),
            ("text", WORDS.iter().map(|w| Query { text: w.to_string(), ..Query::default() }).collect()),
            ("random_change", random_changes(&index)),
        ];
        for (kind, queries) in fixed {
            let mut i = 0;
            g.bench_with_input(BenchmarkId::new(kind, n), &queries, |b, queries| {
                b.iter(|| {
                    i = (i + 1) % queries.len();
                    index.query(black_box(&queries[i]))
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, index_build, index_grow, index_query, parse, parse_analyse);
criterion_main!(benches);
