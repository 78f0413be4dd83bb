//! The active codebook: its camps and actors, loading another one, downloading it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::state::App;

#[component]
pub fn CodebookView() -> impl IntoView {
    let app = expect_context::<App>();
    let camps = move || {
        app.ws.with(|w| w.codebook().camp_list().iter().map(|c| (c.id.clone(), c.label.clone())).collect::<Vec<_>>())
    };
    let actors = move || {
        app.ws.with(|w| {
            w.codebook()
                .actors()
                .iter()
                .map(|a| {
                    (
                        a.name.clone(),
                        a.kind.clone(),
                        a.camp.clone(),
                        a.role.clone().unwrap_or_default(),
                        a.aliases.join(", "),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let custom = move || app.ws.with(|w| w.custom_codebook().is_some());
    let name = move || app.ws.with(|w| w.codebook().name().to_string());
    let download = move |_| {
        let json = app.ws.with_untracked(|w| w.codebook().to_json());
        if let Err(e) = dom::download("codebook.json", "application/json", &json) {
            app.notify_error(format!("Could not download the codebook: {e}"));
        }
    };
    let load = move |e: leptos::ev::Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        input.set_value("");
        leptos::task::spawn_local(async move {
            match dom::read_file(&file).await {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => app.set_codebook(Some(text)),
                    Err(_) => app.notify_error(format!("Codebook not loaded: {} is not UTF-8 text", file.name())),
                },
                Err(err) => app.notify_error(format!("{}: could not be read ({err})", file.name())),
            }
        });
    };
    view! {
        <div class="codebook">
            <h2>{move || if custom() { format!("Codebook: {} (loaded from a file)", name()) } else { format!("Codebook: {} (built in)", name()) }}</h2>
            <p class="hint">
                "The codebook lists the dispute's actors with their names and camps, and the phrases that mark a stance. "
                "Download it, edit it (see docs/CODEBOOK.md), and load it back to analyse another dispute."
            </p>
            <div class="row-buttons">
                <button type="button" on:click=download>"Download codebook"</button>
                <label class="button file-button">
                    "Load a codebook\u{2026}"
                    <input type="file" accept=".json,application/json" data-testid="codebook-input" on:change=load />
                </label>
                <Show when=custom>
                    <button type="button" on:click=move |_| app.set_codebook(None)>"Back to the built-in codebook"</button>
                </Show>
            </div>
            <h3>"Camps"</h3>
            <ul class="chips">
                {move || camps().into_iter().map(|(id, label)| view! { <li class="chip"><strong>{label}</strong>" (" {id} ")"</li> }).collect_view()}
            </ul>
            <h3>"Actors"</h3>
            <div class="table-wrap">
                <table class="codebook-table">
                    <thead>
                        <tr><th scope="col">"Name"</th><th scope="col">"Kind"</th><th scope="col">"Camp"</th><th scope="col">"Role"</th><th scope="col">"Also called"</th></tr>
                    </thead>
                    <tbody>
                        {move || actors().into_iter().map(|(n, k, c, r, a)| view! {
                            <tr><th scope="row">{n}</th><td>{k}</td><td>{c}</td><td>{r}</td><td>{a}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}
