//! Getting data in (picker, drop anywhere, paste, the sample, sessions) and seeing what came
//! of each file; also the exports, which are the way data goes back out.

use std::collections::HashMap;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::state::{App, Incoming, Tab};
use crate::model::Severity;

/// The files of a file list (from an input, a drop or a paste), none when there is no list.
fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

/// Files from a `<input type=file>` change event, the input then emptied so the same file
/// can be chosen again.
fn input_files(e: &ev::Event) -> Vec<web_sys::File> {
    let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return Vec::new();
    };
    let files = files_of(input.files());
    input.set_value("");
    files
}

fn is_text_field(target: Option<web_sys::EventTarget>) -> bool {
    target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().to_ascii_lowercase().as_str(), "input" | "textarea" | "select")
            || el.get_attribute("contenteditable").is_some()
    })
}

/// Drop anywhere on the page loads the dropped files; pasting outside a text field loads the
/// clipboard (files, else text). Returns whether files are being dragged over the page.
pub fn install_drop_and_paste(app: App) -> RwSignal<bool> {
    let dragging = RwSignal::new(false);
    let carries_files = |e: &web_sys::DragEvent| {
        e.data_transfer().is_some_and(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
    };
    let over = window_event_listener(ev::dragover, move |e| {
        if carries_files(&e) {
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("copy");
            }
            if !dragging.get_untracked() {
                dragging.set(true);
            }
        }
    });
    let leave = window_event_listener(ev::dragleave, move |e| {
        // Leaving the window, not just moving between elements.
        if e.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |e| {
        dragging.set(false);
        let Some(dt) = e.data_transfer() else { return };
        let files = files_of(dt.files());
        if !files.is_empty() {
            e.prevent_default();
            app.enqueue(files.into_iter().map(Incoming::File).collect());
        } else if let Ok(text) = dt.get_data("text/plain") {
            if !text.trim().is_empty() && !is_text_field(e.target()) {
                e.prevent_default();
                app.enqueue(vec![Incoming::Text { name: pasted_name(&app), text }]);
            }
        }
    });
    let paste = window_event_listener(ev::paste, move |e| {
        if is_text_field(e.target()) {
            return;
        }
        let Some(cd) = e.clipboard_data() else { return };
        let files = files_of(cd.files());
        if !files.is_empty() {
            e.prevent_default();
            app.enqueue(files.into_iter().map(Incoming::File).collect());
            return;
        }
        if let Ok(text) = cd.get_data("text/plain") {
            if !text.trim().is_empty() {
                e.prevent_default();
                app.enqueue(vec![Incoming::Text { name: pasted_name(&app), text }]);
            }
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
        paste.remove();
    });
    dragging
}

/// `pasted-1.txt`, `pasted-2.txt`, ...: the first name no loaded file has.
fn pasted_name(app: &App) -> String {
    app.ws.with_untracked(|w| {
        (1..).map(|i| format!("pasted-{i}.txt")).find(|n| !w.files().iter().any(|f| f.name() == n)).unwrap_or_default()
    })
}

/// The buttons that bring data in, and the session controls.
#[component]
pub fn LoadBar() -> impl IntoView {
    let app = expect_context::<App>();
    let paste_open = RwSignal::new(false);
    let paste_text = RwSignal::new(String::new());
    let confirm_forget = RwSignal::new(false);
    let add_paste = move |_| {
        let text = paste_text.get_untracked();
        if text.trim().is_empty() {
            app.notify_error("Nothing to add: the paste box is empty.");
            return;
        }
        app.enqueue(vec![Incoming::Text { name: pasted_name(&app), text }]);
        paste_text.set(String::new());
        paste_open.set(false);
    };
    view! {
        <div class="load-bar">
            <button type="button" class="primary" data-testid="load-sample" on:click=move |_| app.load_sample()>
                "Try the sample"
            </button>
            <label class="button file-button">
                "Add files\u{2026}"
                <input
                    type="file"
                    multiple
                    data-testid="file-input"
                    accept=".txt,.text,.md,.html,.htm,text/plain,text/html"
                    on:change=move |e| app.enqueue(input_files(&e).into_iter().map(Incoming::File).collect())
                />
            </label>
            <button type="button" aria-expanded=move || paste_open.get().to_string() aria-controls="paste-panel" on:click=move |_| paste_open.update(|o| *o = !*o)>
                "Paste text"
            </button>
            <details class="session-menu">
                <summary>"Session"</summary>
                <div class="menu">
                    <button type="button" on:click=move |_| app.save_session()>"Save session file"</button>
                    <label class="button file-button">
                        "Open session file\u{2026}"
                        <input
                            type="file"
                            accept=".json,application/json"
                            data-testid="session-input"
                            on:change=move |e| {
                                if let Some(f) = input_files(&e).into_iter().next() {
                                    leptos::task::spawn_local(async move {
                                        match dom::read_file(&f).await {
                                            Ok(b) => app.open_session(String::from_utf8_lossy(&b).into_owned()),
                                            Err(err) => app.notify_error(format!("{}: could not be read ({err})", f.name())),
                                        }
                                    });
                                }
                            }
                        />
                    </label>
                    <Show
                        when=move || confirm_forget.get()
                        fallback=move || view! {
                            <button type="button" class="danger" on:click=move |_| confirm_forget.set(true)>"Forget everything\u{2026}"</button>
                        }
                    >
                        <p class="confirm">"Remove every file, correction and codebook from this page and this browser?"</p>
                        <button type="button" class="danger" data-testid="forget-confirm" on:click=move |_| { confirm_forget.set(false); app.forget_everything(); }>
                            "Yes, forget everything"
                        </button>
                        <button type="button" on:click=move |_| confirm_forget.set(false)>"Cancel"</button>
                    </Show>
                </div>
            </details>
        </div>
        <Show when=move || paste_open.get()>
            <div id="paste-panel" class="paste-panel">
                <label for="paste-box">"Paste the text of a live blog (select all on its page, copy, paste here)"</label>
                <textarea id="paste-box" rows="8" prop:value=move || paste_text.get() on:input=move |e| paste_text.set(event_target_value(&e))></textarea>
                <div class="row-buttons">
                    <button type="button" class="primary" on:click=add_paste>"Add pasted text"</button>
                    <button type="button" on:click=move |_| paste_open.set(false)>"Cancel"</button>
                </div>
            </div>
        </Show>
    }
}

/// What is loading, with a progress bar.
#[component]
pub fn ProgressLine() -> impl IntoView {
    let app = expect_context::<App>();
    view! {
        {move || app.progress.get().map(|p| view! {
            <div class="progress" role="status">
                <progress max=p.total value=p.done></progress>
                <span>{format!(
                    "{} {} of {}: {}",
                    if app.reanalysing.get() { "Analysing again" } else { "Loading" },
                    p.done + 1,
                    p.total,
                    p.current
                )}</span>
            </div>
        })}
    }
}

/// The first screen: how to start.
#[component]
pub fn Welcome() -> impl IntoView {
    let app = expect_context::<App>();
    view! {
        <section class="welcome" aria-labelledby="welcome-title">
            <h2 id="welcome-title">
                {move || if app.restored.get() { "Start by loading live blogs" } else { "Opening your stored files\u{2026}" }}
            </h2>
            <p>
                "Drop saved live-blog pages (text files) anywhere on this page, choose them with "
                <strong>"Add files"</strong> ", paste the text, or " <strong>"try the sample"</strong>
                ": five live blogs from the 2016 junior doctors' strikes."
            </p>
            <ul>
                <li>"Reads BBC live pages, Guardian live blogs, ITV live updates and timed blogs from other outlets."</li>
                <li>"Finds who speaks and who is mentioned, and each entry's stance, with the words that decided it."</li>
                <li>"Filter by actor, stance, hour, source, date and words; correct the coding; export CSV, JSON and networks."</li>
            </ul>
        </section>
    }
}

/// One chip per file, and the messages about the files.
#[component]
pub fn FileStrip() -> impl IntoView {
    let app = expect_context::<App>();
    const SHOWN: usize = 12;
    let chips = move || {
        app.ws.with(|w| {
            w.files()
                .iter()
                .take(SHOWN)
                .map(|f| {
                    let warned = w.diagnostics_for(f.name()).first().is_some_and(|d| d.severity == Severity::Warning);
                    (f.name().to_string(), f.report.format.map(|x| x.label()), f.report.added, f.report.loaded, warned)
                })
                .collect::<Vec<_>>()
        })
    };
    let more = move || app.ws.with(|w| w.files().len().saturating_sub(SHOWN));
    let messages = move || {
        app.ws.with(|w| {
            w.diagnostics()
                .iter()
                .filter(|d| d.severity != Severity::Info)
                .take(50)
                .map(|d| (d.severity == Severity::Error, d.to_string()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="files" aria-label="Loaded files">
            <ul class="chips file-chips">
                <For each=chips key=|c| c.clone() let:c>
                    {
                        let (name, format, added, loaded, warned) = c;
                        let remove_name = name.clone();
                        let label = format!("Remove {name}");
                        view! {
                            <li class="chip file-chip" data-testid="file-chip" class:failed=!loaded class:warned=warned>
                                <span class="file-name">{name.clone()}</span>
                                <span class="file-meta">
                                    {if loaded {
                                        format!("{} \u{b7} {added} {}", format.unwrap_or("text"), if added == 1 { "entry" } else { "entries" })
                                    } else {
                                        "not loaded".to_string()
                                    }}
                                </span>
                                <button type="button" class="icon" aria-label=label on:click=move |_| app.remove_file(remove_name.clone())>
                                    "\u{2715}"
                                </button>
                            </li>
                        }
                    }
                </For>
                <Show when=move || { more() > 0 }>
                    <li>
                        <button type="button" class="link" on:click=move |_| app.tab.set(Tab::Files)>
                            {move || format!("and {} more\u{2026}", more())}
                        </button>
                    </li>
                </Show>
            </ul>
            <div class="diagnostics" data-testid="diagnostics" aria-label="Messages about the files">
                <Show when=move || messages().iter().any(|_| true)>
                    <ul>
                        <For each=messages key=|m| m.clone() let:m>
                            <li class:error=m.0>{m.1.clone()}</li>
                        </For>
                    </ul>
                </Show>
            </div>
        </section>
    }
}

/// Every file with its format, counts and all its messages.
#[component]
pub fn FileTable() -> impl IntoView {
    let app = expect_context::<App>();
    let rows = move || {
        app.ws.with(|w| {
            // Grouped once: looking each file's messages up in all of them was quadratic in
            // the number of files.
            let mut by_file: HashMap<&str, Vec<&crate::model::Diagnostic>> = HashMap::new();
            for d in w.diagnostics() {
                by_file.entry(d.source.as_str()).or_default().push(d);
            }
            w.files()
                .iter()
                .map(|f| {
                    let mut mine = by_file.remove(f.name()).unwrap_or_default();
                    mine.sort_by_key(|d| d.severity.rank());
                    let msgs: Vec<String> = mine.iter().map(|d| d.to_string()).collect();
                    (
                        f.name().to_string(),
                        f.report.format.map(|x| x.label()).unwrap_or("\u{2014}"),
                        f.report.added,
                        f.report.duplicates,
                        msgs,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="table-wrap">
            <table class="file-table">
                <caption>"Loaded files"</caption>
                <thead>
                    <tr><th scope="col">"File"</th><th scope="col">"Format"</th><th scope="col">"Entries"</th><th scope="col">"Duplicates"</th><th scope="col">"Messages"</th><th scope="col"><span class="sr-only">"Remove"</span></th></tr>
                </thead>
                <tbody>
                    <For each=rows key=|r| r.clone() let:r>
                        {
                            let (name, format, added, dups, msgs) = r;
                            let n2 = name.clone();
                            let label = format!("Remove {name}");
                            view! {
                                <tr>
                                    <th scope="row">{name.clone()}</th>
                                    <td>{format}</td>
                                    <td class="num">{added}</td>
                                    <td class="num">{dups}</td>
                                    <td><ul class="plain">{msgs.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul></td>
                                    <td><button type="button" aria-label=label on:click=move |_| app.remove_file(n2.clone())>"Remove"</button></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// Downloads of the filtered entries and their actor-stance network.
#[component]
pub fn ExportButtons() -> impl IntoView {
    let app = expect_context::<App>();
    let export = move |kind: &'static str| {
        let camps = app.camps();
        let camp_of = move |name: &str| camps.get(name).cloned();
        let out = app.ws.with_untracked(|w| {
            app.result.with_untracked(|r| {
                let refs: Vec<&crate::model::AnalysedEntry> =
                    r.matches.iter().filter_map(|&p| w.entries().get(p as usize)).collect();
                match kind {
                    "csv" => ("liveblog-entries.csv", "text/csv", crate::export::entries_csv(&refs)),
                    "json" => (
                        "liveblog-entries.json",
                        "application/json",
                        crate::export::entries_json(w.blogs(), &refs, w.diagnostics()),
                    ),
                    "network" => ("liveblog-network.csv", "text/csv", crate::export::network_csv(&refs, &camp_of)),
                    _ => {
                        ("liveblog-network.graphml", "application/graphml+xml", crate::export::graphml(&refs, &camp_of))
                    }
                }
            })
        });
        if let Err(e) = dom::download(out.0, out.1, &out.2) {
            app.notify_error(format!("Export failed: {e}"));
        }
    };
    view! {
        <div class="exports" role="group" aria-label="Export the matching entries">
            <span class="exports-label">"Export"</span>
            <button type="button" data-testid="export-csv" on:click=move |_| export("csv")>"CSV"</button>
            <button type="button" data-testid="export-json" on:click=move |_| export("json")>"JSON"</button>
            <button type="button" data-testid="export-network" title="Actor-stance network as a CSV edge list" on:click=move |_| export("network")>
                "Network CSV"
            </button>
            <button type="button" data-testid="export-graphml" title="Actor-stance network for Gephi or igraph" on:click=move |_| export("graphml")>
                "GraphML"
            </button>
        </div>
    }
}
