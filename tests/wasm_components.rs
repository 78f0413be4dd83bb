//! Component tests in headless Chromium (`wasm-bindgen-test`): each test mounts the page into
//! a fresh element, drives it through the DOM as a person would, and checks the DOM.
//! Run by `scripts/test` (see TOOLCHAIN.md for the runner set-up).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use liveblog::app::{App, Incoming, Page};
use liveblog::app::workers::Kept;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a browser document")
}

/// The runner starts every async test at once; the page state they touch (address bar,
/// scroll position) is global, so each test waits for the one before it to finish.
struct Turn;

static BUSY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Drop for Turn {
    fn drop(&mut self) {
        BUSY.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

async fn turn() -> Turn {
    while BUSY.swap(true, std::sync::atomic::Ordering::SeqCst) {
        tick().await;
    }
    Turn
}

/// Mounts the page (with its own state, not restored from storage) in a new element and
/// returns that element and the state. Leaves the address bar's query empty.
fn mount() -> (HtmlElement, App) {
    liveblog::app::dom::set_search("", false);
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    // First in the page and scrolled to: the entry list only draws what is in view.
    document().body().unwrap().prepend_with_node_1(&host).unwrap();
    web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, 0.0);
    let app = std::rc::Rc::new(std::cell::Cell::new(None));
    let slot = app.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let a = App::new();
        // No worker files here: the workers' code runs on the page, linked into this test.
        a.prepare_here_with(liveblog::app::worker::handle);
        provide_context(a);
        slot.set(Some(a));
        view! { <Page /> }
    });
    handle.forget();
    (host, app.get().expect("the app state"))
}

/// The facets are drawn a frame after the results (see `Workbench`), and their counts follow
/// the list's a frame later (see `App::with_counts`): waits until the stance counts add up to
/// the entries listed (call it with no stance filter on).
async fn facets_drawn(host: &Element) {
    until("the facets", || host.query_selector("[data-testid=facet-stance]").ok().flatten().is_some()).await;
    let stance_total = || -> usize {
        all(host, "[data-testid=facet-stance] .count")
            .iter()
            .filter_map(|c| c.text_content().and_then(|t| t.trim().parse::<usize>().ok()))
            .sum()
    };
    until("the facets' counts", || stance_total() == count(host)).await;
}

async fn tick() {
    liveblog::app::dom::yield_now().await;
}

/// Waits (up to ~10 s) until `cond` holds.
async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..2000 {
        if cond() {
            return;
        }
        tick().await;
    }
    panic!("timed out waiting for {what}");
}

fn all(host: &Element, sel: &str) -> Vec<Element> {
    let list = host.query_selector_all(sel).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.unchecked_into()).collect()
}

fn one(host: &Element, sel: &str) -> HtmlElement {
    host.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no element {sel}")).unchecked_into()
}

/// Scrolls the entry list into view (the test page has no stylesheet, so the facets stack
/// above it) and waits for its cards to be drawn.
async fn show_list(host: &Element) {
    one(host, ".entry-list").scroll_into_view();
    until("entry cards", || !all(host, "[data-testid=entry]").is_empty()).await;
}

fn count(host: &Element) -> usize {
    host.query_selector("[data-testid=result-count]")
        .unwrap()
        .and_then(|e| e.text_content())
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(usize::MAX)
}

#[wasm_bindgen_test]
async fn empty_page_shows_how_to_start() {
    let _turn = turn().await;
    let (host, _) = mount();
    tick().await;
    assert!(host.text_content().unwrap().contains("Try the sample"));
    assert!(all(&host, "[data-testid=entry]").is_empty());
    assert_eq!(all(&host, "[data-testid=file-input]").len(), 1);
    host.remove();
}

#[wasm_bindgen_test]
async fn sample_button_loads_85_entries_and_the_stance_facet_narrows() {
    let _turn = turn().await;
    let (host, _) = mount();
    one(&host, "[data-testid=load-sample]").click();
    until("85 entries", || count(&host) == 85).await;
    facets_drawn(&host).await;
    assert_eq!(all(&host, "[data-testid=file-chip]").len(), 5);
    show_list(&host).await;
    let cards = all(&host, "[data-testid=entry]");
    assert!(!cards.is_empty() && cards.len() < 85, "only visible cards are drawn: {}", cards.len());
    for c in &cards {
        assert!(
            ["doctors", "government", "mixed", "neutral"].contains(&c.get_attribute("data-stance").unwrap().as_str())
        );
        assert!(c.has_attribute("data-hour") && c.has_attribute("data-source") && c.has_attribute("data-actors"));
    }

    let label = one(&host, "[data-testid=facet-stance] label:nth-of-type(1)");
    let expected: usize = label.query_selector(".count").unwrap().unwrap().text_content().unwrap().parse().unwrap();
    let input: HtmlInputElement = label.query_selector("input").unwrap().unwrap().unchecked_into();
    assert_eq!(input.value(), "doctors");
    input.click();
    until("the stance filter", || count(&host) == expected).await;
    show_list(&host).await;
    assert!(all(&host, "[data-testid=entry]")
        .iter()
        .all(|c| c.get_attribute("data-stance").as_deref() == Some("doctors")));
    // The address bar follows once the frame showing the filter is drawn.
    until("the address bar", || web_sys::window().unwrap().location().search().unwrap().contains("stance=doctors")).await;
    host.remove();
}

#[wasm_bindgen_test]
async fn actor_option_toggles_and_shows_as_a_removable_chip() {
    let _turn = turn().await;
    let (host, _) = mount();
    one(&host, "[data-testid=load-sample]").click();
    until("85 entries", || count(&host) == 85).await;
    facets_drawn(&host).await;
    let option = one(&host, "[data-testid=facet-actor] [data-actor='Jeremy Hunt']");
    let expected: usize = option.query_selector(".count").unwrap().unwrap().text_content().unwrap().parse().unwrap();
    option.click();
    until("the actor filter", || count(&host) == expected).await;
    show_list(&host).await;
    for c in all(&host, "[data-testid=entry]") {
        assert!(c.get_attribute("data-actors").unwrap().split('|').any(|a| a == "Jeremy Hunt"));
    }
    let chip = one(&host, ".filter-chip");
    assert!(chip.text_content().unwrap().contains("Jeremy Hunt"));
    one(&host, ".filter-chip button").click();
    until("the filter removed", || count(&host) == 85).await;
    host.remove();
}

#[wasm_bindgen_test]
async fn hour_bars_are_24_buttons_and_select_an_hour() {
    let _turn = turn().await;
    let (host, _) = mount();
    one(&host, "[data-testid=load-sample]").click();
    until("85 entries", || count(&host) == 85).await;
    facets_drawn(&host).await;
    let bars = all(&host, "[data-testid=hour-bar]");
    assert_eq!(bars.len(), 24);
    assert_eq!(
        bars.iter().filter(|b| b.get_attribute("tabindex").as_deref() == Some("0")).count(),
        1,
        "one bar in the tab order"
    );
    let bar: HtmlElement = bars[10].clone().unchecked_into();
    assert_eq!(bar.get_attribute("data-hour").as_deref(), Some("10"));
    bar.click();
    until("the hour filter", || count(&host) < 85).await;
    show_list(&host).await;
    assert_eq!(bar.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert!(all(&host, "[data-testid=entry]").iter().all(|c| c.get_attribute("data-hour").as_deref() == Some("10")));
    host.remove();
}

#[wasm_bindgen_test]
async fn hostile_text_is_rendered_as_text() {
    let _turn = turn().await;
    let (host, app) = mount();
    let text =
        "10:15\n\n<script>window.__pwned = 1</script> The BMA said <img src=x onerror=\"window.__pwned=2\"> no.\n";
    app.enqueue(vec![Incoming::Text { name: "<b>hostile</b>.txt".into(), text: text.into() }]);
    until("the hostile entry", || count(&host) == 1).await;
    show_list(&host).await;
    let card = one(&host, "[data-testid=entry]");
    assert!(card.text_content().unwrap().contains("<script>window.__pwned = 1</script>"));
    assert!(card.query_selector("script, img").unwrap().is_none());
    assert!(one(&host, ".file-chips").text_content().unwrap().contains("<b>hostile</b>.txt"));
    assert!(host.query_selector(".file-chips b").unwrap().is_none());
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
    host.remove();
}

#[wasm_bindgen_test]
async fn a_binary_file_is_named_in_the_diagnostics_and_the_others_load() {
    let _turn = turn().await;
    let (host, app) = mount();
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    app.enqueue(vec![
        // kept as a large file is, a blob (read back, then sent)
        Incoming::Stored { name: "picture.txt".into(), bytes: Kept::Blob(liveblog::app::dom::blob_of(&js_sys::Uint8Array::from(png)).unwrap()) },
        Incoming::Text { name: "ok.txt".into(), text: "09:00\n\nThe BMA said the strike goes on.\n".into() },
    ]);
    until("the good file", || count(&host) == 1).await;
    until("both chips", || all(&host, "[data-testid=file-chip]").len() == 2).await;
    let diagnostics = one(&host, "[data-testid=diagnostics]").text_content().unwrap();
    assert!(diagnostics.contains("picture.txt"), "{diagnostics}");
    assert_eq!(all(&host, "[data-testid=file-chip].failed").len(), 1);
    host.remove();
}

#[wasm_bindgen_test]
async fn coding_an_entry_marks_it_and_changes_its_stance() {
    let _turn = turn().await;
    let (host, _) = mount();
    one(&host, "[data-testid=load-sample]").click();
    until("85 entries", || count(&host) == 85).await;
    facets_drawn(&host).await;
    show_list(&host).await;
    let card = one(&host, "[data-testid=entry]");
    let id = card.get_attribute("data-id").unwrap();
    let target = if card.get_attribute("data-stance").as_deref() == Some("mixed") { "neutral" } else { "mixed" };
    one(&card, ".code-button").click();
    tick().await;
    let select: web_sys::HtmlSelectElement = one(&host, ".coder select").unchecked_into();
    select.set_value(target);
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    let sel = format!("[data-testid=entry][data-id='{id}']");
    until("the corrected card", || {
        host.query_selector(&sel).unwrap().is_some_and(|c| c.get_attribute("data-stance").as_deref() == Some(target))
    })
    .await;
    let card = one(&host, &sel);
    assert!(card.class_list().contains("corrected"));
    assert!(card.text_content().unwrap().contains("coded by hand"));
    host.remove();
}

#[wasm_bindgen_test]
fn the_panic_banner_is_an_alert_holding_the_message_as_text() {
    liveblog::app::dom::show_panic_banner("<img src=x onerror=alert(1)> index out of bounds");
    let banner = document().query_selector("[data-testid=panic-banner]").unwrap().expect("the banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let text = banner.text_content().unwrap();
    assert!(text.contains("<img src=x onerror=alert(1)> index out of bounds"), "{text}");
    assert!(text.contains("reload the page"));
    assert!(banner.query_selector("img").unwrap().is_none());
    banner.remove();
}

/// A parser that stopped is told by its error's name and message: its debug form put the
/// whole wasm stack into the person's notice.
#[wasm_bindgen_test]
fn a_parser_error_reads_as_its_name_and_message() {
    use liveblog::app::dom::js_error;
    let stopped = js_sys::Error::new("unreachable");
    stopped.set_name("RuntimeError");
    assert_eq!(js_error(stopped.into()), "RuntimeError: unreachable");
    assert_eq!(js_error("no parsing worker is running".into()), "no parsing worker is running");
    assert_eq!(js_error(wasm_bindgen::JsValue::NULL), "JsValue(null)");
}
