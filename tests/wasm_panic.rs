//! A real panic in the page's wasm, in a test binary of its own: after a panic the wasm
//! instance is dead for Rust (std counts the panic as never finished, so a second one aborts
//! at once), which is what the banner is for, and no other test could run after it.
//! Run by `scripts/test` with the other `wasm_*` tests.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn banner_text() -> Option<String> {
    let document = web_sys::window()?.document()?;
    document.query_selector("[data-testid=panic-banner]").ok()??.text_content()
}

/// The hook the page installs puts the banner up, with the panic's own message as text, when
/// code the browser calls back panics (the trap ends that callback, not this test).
#[wasm_bindgen_test]
async fn a_real_panic_puts_up_the_banner_with_its_message() {
    liveblog::app::dom::install_panic_hook();
    assert_eq!(banner_text(), None);
    let out_of_bounds = wasm_bindgen::closure::Closure::once_into_js(|| {
        let empty: Vec<u8> = Vec::new();
        let _ = empty[std::hint::black_box(3)];
    });
    let window = web_sys::window().expect("a browser window");
    window.set_timeout_with_callback_and_timeout_and_arguments_0(out_of_bounds.unchecked_ref(), 0).expect("a timer");
    for _ in 0..500 {
        if banner_text().is_some() {
            break;
        }
        liveblog::app::dom::yield_now().await;
    }
    let text = banner_text().expect("the panic banner");
    assert!(text.contains("index out of bounds: the len is 0 but the index is 3"), "{text}");
    assert!(text.contains("reload the page"), "{text}");
}
