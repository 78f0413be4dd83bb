//! The explorer page's entry point (wasm). Natively it only says how to serve the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    liveblog::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The explorer is a web page: run `scripts/serve` and open the address it prints.");
}
