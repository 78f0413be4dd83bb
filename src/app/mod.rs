//! The explorer page: a Leptos (client-side) app over the core, compiled to wasm.
//!
//! Code map: [`state`] holds the signals and every action (loading, corrections, storage,
//! URL); [`storage`] is the IndexedDB store; [`dom`] the few raw browser calls; [`highlight`]
//! and [`virtual_list`] are plain logic; the rest are components, kept thin: `load` (getting
//! data in, file chips), `facets`, `entries` (the virtualised timeline and the coding
//! editor), `summary`, `codebook`.
//!
//! **Architecture invariant:** user text reaches the DOM only as text nodes and attribute
//! values set through Leptos, never as HTML.

mod codebook;
pub mod dom;
mod entries;
mod facets;
pub mod highlight;
mod load;
pub mod memory;
pub mod state;
pub mod storage;
mod summary;
pub mod virtual_list;
pub mod worker;
pub mod workers;

use leptos::ev;
use leptos::prelude::*;

use crate::model::Stance;
pub use state::{App, Incoming, Tab};

/// Mounts the page on `<body>`. Called from `src/main.rs`.
pub fn start() {
    dom::install_panic_hook();
    leptos::mount::mount_to_body(Root);
}

/// The whole page, with its state created and restored from storage.
#[component]
pub fn Root() -> impl IntoView {
    let app = App::new();
    provide_context(app);
    app.restore();
    app.warm_up_parsers();
    let popstate = window_event_listener(ev::popstate, move |_| app.on_popstate());
    on_cleanup(move || popstate.remove());
    view! { <Page /> }
}

/// The page for an [`App`] already in context (tests mount this with their own state).
#[component]
pub fn Page() -> impl IntoView {
    let app = expect_context::<App>();
    let dragging = load::install_drop_and_paste(app);
    // The workbench appears as soon as files start loading, not with their first entries: its
    // first draw (the page's first, cold, layout of it and the facets) then happens while
    // the workers prepare the first files, instead of on top of the first results.
    let has_entries =
        move || app.reanalysing.get() || app.progress.with(Option::is_some) || app.ws.with(|w| !w.entries().is_empty());
    let has_files = move || app.ws.with(|w| !w.files().is_empty());
    view! {
        <div class="drop-overlay" class:shown=move || dragging.get() aria-hidden="true">
            <p>"Drop live-blog files to load them"</p>
        </div>
        <a class="skip-link" href="#results">"Skip to results"</a>
        <header class="top">
            <div class="brand">
                <h1>"Live-blog explorer"</h1>
                <p class="tagline">"Who said what, on which side, and when \u{2014} in your browser. Nothing you load leaves this computer."</p>
            </div>
            <load::LoadBar />
        </header>
        <Notices />
        <load::ProgressLine />
        <Show when=has_files>
            <load::FileStrip />
        </Show>
        <Show when=has_entries fallback=move || view! { <load::Welcome /> }>
            <Workbench />
        </Show>
        <footer class="foot">
            <p>
                "Runs entirely in this browser: files, corrections and codebook are kept in its storage, never uploaded. "
                "Works offline once loaded."
            </p>
        </footer>
    }
}

/// Errors and notes, each dismissable. Errors are announced at once.
#[component]
fn Notices() -> impl IntoView {
    let app = expect_context::<App>();
    view! {
        <div class="notices" data-testid="notices">
            <For each=move || app.notices.get() key=|n| n.id let:n>
                <div class="notice" class:error=n.error role=if n.error { "alert" } else { "status" }>
                    <p>{n.text.clone()}</p>
                    <button type="button" class="icon" aria-label="Dismiss this message" on:click=move |_| app.dismiss(n.id)>
                        "\u{2715}"
                    </button>
                </div>
            </For>
        </div>
    }
}

/// Facets beside the results (above them on a narrow screen, behind a toggle).
#[component]
fn Workbench() -> impl IntoView {
    let app = expect_context::<App>();
    let wide = dom::window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(1024.0) >= 900.0;
    let filters_open = RwSignal::new(wide);
    // The facets are drawn a frame after the results: drawing and laying out the whole
    // workbench at once was the longest task of a 100 MB load (106-124 ms).
    let facets_drawn = RwSignal::new(false);
    request_animation_frame(move || {
        leptos::task::spawn_local(async move {
            dom::yield_now().await;
            facets_drawn.set(true);
        })
    });
    view! {
        <div class="workbench">
            <button
                type="button"
                class="filters-toggle"
                aria-controls="facets"
                aria-expanded=move || filters_open.get().to_string()
                on:click=move |_| filters_open.update(|o| *o = !*o)
            >
                {move || if filters_open.get() { "Hide filters" } else { "Show filters" }}
            </button>
            <aside id="facets" class="facets" class:open=move || filters_open.get() aria-label="Filters">
                <Show when=move || facets_drawn.get()>
                    <facets::TextFacet />
                    <facets::StanceFacet />
                    <facets::HourFacet />
                    <facets::ActorFacet />
                    <facets::SourceFacet />
                    <facets::DateFacet />
                </Show>
            </aside>
            <section id="results" class="results" aria-label="Results" tabindex="-1">
                <facets::SelectedChips />
                <ResultBar />
                <Tabs />
                <div role="tabpanel" id="view" aria-label=move || tab_label(app.tab.get())>
                    {move || match app.tab.get() {
                        Tab::Entries => view! { <entries::EntryList /> }.into_any(),
                        Tab::Summary => view! { <summary::Summary /> }.into_any(),
                        Tab::Files => view! { <load::FileTable /> }.into_any(),
                        Tab::Codebook => view! { <codebook::CodebookView /> }.into_any(),
                    }}
                </div>
            </section>
        </div>
    }
}

/// The result count (a live region), the order, and the exports.
#[component]
fn ResultBar() -> impl IntoView {
    let app = expect_context::<App>();
    let count = move || app.result.with(|r| r.matches.len());
    let total = move || app.result.with(|r| r.total);
    let order_value = move || match app.query.with(|q| q.order) {
        crate::index::Order::NewestFirst => "newest",
        crate::index::Order::OldestFirst => "oldest",
    };
    view! {
        <div class="result-bar">
            <p class="result-count" role="status" aria-live=move || if count() == 0 { "assertive" } else { "polite" } aria-atomic="true">
                <strong data-testid="result-count">{count}</strong>
                {move || match (count(), total()) {
                    (1, 1) => " entry".to_string(),
                    (c, t) if c == t => " entries".to_string(),
                    (_, t) => format!(" of {t} {} match", if t == 1 { "entry" } else { "entries" }),
                }}
            </p>
            <label class="order">
                "Order "
                <select
                    prop:value=order_value
                    on:change=move |e| {
                        let v = event_target_value(&e);
                        app.edit_query(|q| {
                            q.order = if v == "oldest" {
                                crate::index::Order::OldestFirst
                            } else {
                                crate::index::Order::NewestFirst
                            }
                        });
                    }
                >
                    <option value="newest">"newest first"</option>
                    <option value="oldest">"oldest first"</option>
                </select>
            </label>
            <load::ExportButtons />
        </div>
    }
}

fn tab_label(t: Tab) -> &'static str {
    match t {
        Tab::Entries => "Entries",
        Tab::Summary => "Summary",
        Tab::Files => "Files",
        Tab::Codebook => "Codebook",
    }
}

#[component]
fn Tabs() -> impl IntoView {
    let app = expect_context::<App>();
    let tab = move |t: Tab, label: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                aria-controls="view"
                aria-selected=move || (app.tab.get() == t).to_string()
                on:click=move |_| app.tab.set(t)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label="Views">
            {tab(Tab::Entries, "Entries")}
            {tab(Tab::Summary, "Summary")}
            {tab(Tab::Files, "Files")}
            {tab(Tab::Codebook, "Codebook")}
        </div>
    }
}

/// The stance's display name.
pub fn stance_label(s: Stance) -> &'static str {
    match s {
        Stance::Doctors => "Doctors",
        Stance::Government => "Government",
        Stance::Mixed => "Mixed",
        Stance::Neutral => "Neutral",
    }
}

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
