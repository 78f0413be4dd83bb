//! The page's parsing worker (wasm, loaded by `worker.js`, or by the page itself when workers
//! cannot run): reads, parses and analyses the files the page sends it. The work itself is
//! `app::worker`.

/// Talc, not Rust's default wasm allocator (dlmalloc): 18 KB less of the worker's wasm
/// gzipped, parsing at the same speed (docs/BENCHMARKS.md, "Sixteenth landing"). The page
/// keeps dlmalloc: with Talc its memory after a 100 MB load was 360 MiB against 351.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn handle(message: wasm_bindgen::JsValue) -> wasm_bindgen::JsValue {
    liveblog::app::worker::handle(message)
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The parsing worker runs inside the explorer page; see `scripts/serve`.");
}
