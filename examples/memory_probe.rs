//! Where the page's memory goes: loads a directory of files into a `Workspace` as the page
//! does (prepare, JSON round trip, admit, index in steps of 1,000 entries, settle) and prints
//! the heap in use and its high-water mark after each stage. `cargo run --release --example
//! memory_probe -- DIR`.
use std::alloc::{GlobalAlloc, Layout, System};

use liveblog::model::AnalysedEntry;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = NOW.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(n, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if new > l.size() {
            let n = NOW.fetch_add(new - l.size(), Relaxed) + new - l.size();
            PEAK.fetch_max(n + l.size(), Relaxed); // old and new blocks live at once
        } else {
            NOW.fetch_sub(l.size() - new, Relaxed);
        }
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mib(n: usize) -> f64 {
    n as f64 / 1048576.0
}

fn main() {
    let dir = std::env::args().nth(1).expect("a directory of files");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let preparer = liveblog::session::Preparer::new(None).expect("built-in codebook");
    let mut ws = liveblog::session::Workspace::new();
    let mut input = 0usize;
    let base = NOW.load(Relaxed);
    PEAK.store(base, Relaxed);
    let report = |stage: &str, input: usize| {
        let (now, peak) = (NOW.load(Relaxed) - base, PEAK.load(Relaxed) - base);
        println!("{stage:<28} in use {:>7.1} MiB ({:.2}x input), high-water {:>7.1} MiB ({:.2}x)", mib(now), now as f64 / input as f64, mib(peak), peak as f64 / input as f64);
    };
    for (i, p) in paths.iter().enumerate() {
        let bytes = std::fs::read(p).expect("readable");
        input += bytes.len();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("file").to_string();
        // As the page: the worker's JSON, without the content, decoded; the page's copy of the bytes.
        let mut prepared = preparer.prepare(&name, &name, bytes.clone());
        prepared.content = liveblog::session::SessionFile { name: name.clone(), text: None, base64: None };
        let json = serde_json::to_vec(&prepared).expect("serialisable");
        let mut back: liveblog::session::PreparedFile = serde_json::from_slice(&json).expect("readable");
        back.content = liveblog::session::SessionFile::from_vec(&name, bytes);
        let _ = ws.admit(back);
        if i % 12 == 0 {
            while !ws.refresh_step(1000).done {}
        }
    }
    report("admitted, index grown", input);
    while !ws.refresh_step(1000).done {}
    ws.settle();
    report("settled", input);
    let contents: usize = ws.files().iter().map(|f| f.content.len()).sum();
    println!("files {} entries {} input {:.1} MiB, file contents kept {:.1} MiB", ws.files().len(), ws.entries().len(), mib(input), mib(contents));
    // Deep copies: the heap each part holds (a copy has tight capacities, so a little less).
    fn held<T: Clone>(items: &[T]) -> usize {
        let before = NOW.load(Relaxed);
        let copy = items.to_vec();
        let n = NOW.load(Relaxed) - before;
        drop(copy);
        n
    }
    let (e, f) = (held(ws.entries()), held(ws.files()));
    let text: usize = ws.entries().iter().map(|x| x.entry.body.len() + x.entry.title.as_ref().map_or(0, String::len)).sum();
    println!(
        "entries {:.1} MiB (titles and bodies {:.1} MiB); files {:.1} MiB (their text {:.1} MiB); blogs {:.1} MiB; \
         the rest (index, names) {:.1} MiB",
        mib(e),
        mib(text),
        mib(f),
        mib(contents),
        mib(held(ws.blogs())),
        mib(NOW.load(Relaxed) - base) - mib(e) - mib(f)
    );
    // With BREAKDOWN set: what each part of the entries holds (the entries copied without it).
    if std::env::var_os("BREAKDOWN").is_some() {
        type Strip = fn(&mut AnalysedEntry);
        let parts: [(&str, Strip); 5] = [
            ("quotes", |e| e.analysis.quotes = Vec::new()),
            ("stance evidence", |e| e.analysis.stance_evidence = Vec::new()),
            ("speakers and mentions", |e| {
                e.analysis.speakers = Vec::new();
                e.analysis.mentions = Vec::new();
            }),
            ("unlisted actors", |e| e.analysis.unlisted = Vec::new()),
            ("id, source, time, zone, date, instant", |e| {
                let x = &mut e.entry;
                (x.id, x.source, x.time, x.tz, x.date, x.utc) = (Default::default(), Default::default(), None, None, None, None);
            }),
        ];
        let whole = held(ws.entries());
        for (what, strip) in parts {
            let mut copy = ws.entries().to_vec();
            copy.iter_mut().for_each(strip);
            println!("  {what}: {:.1} MiB", mib(whole - held(&copy)));
        }
        let size = std::mem::size_of::<AnalysedEntry>();
        println!("  the entry structs themselves: {size} bytes each, {:.1} MiB", mib(std::mem::size_of_val(ws.entries())));
    }
    drop(ws);
    report("dropped", input);
}
