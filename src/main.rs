//! The explorer page's entry point (wasm). Natively it only says how to serve the page.

/// Rust's own allocator, counting what it holds: the page refuses a file that would not fit
/// in a browser tab's memory, rather than stop when an allocation fails.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: liveblog::app::memory::Counting = liveblog::app::memory::Counting;

#[cfg(target_arch = "wasm32")]
fn main() {
    liveblog::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The explorer is a web page: run `scripts/serve` and open the address it prints.");
}
