//! The page's parsing worker (wasm, loaded by `worker.js`, or by the page itself when workers
//! cannot run): reads, parses and analyses the files the page sends it. The work itself is
//! `app::worker`.

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn handle(message: wasm_bindgen::JsValue) -> wasm_bindgen::JsValue {
    liveblog::app::worker::handle(message)
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The parsing worker runs inside the explorer page; see `scripts/serve`.");
}
