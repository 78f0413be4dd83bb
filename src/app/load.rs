//! Getting data in (picker, drop anywhere, paste, the sample, sessions) and seeing what came
//! of each file; also the exports, which are the way data goes back out.

use std::collections::HashMap;

use js_sys::{Array, Function, Promise, Reflect};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::dom;
use super::state::{App, Incoming, Tab};
use crate::folder::{folder_file, left_out_message, FolderFile, TEXT_EXTENSIONS};
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

/// A file found in a dropped or chosen folder: its path there (`blogs/2016/day-1.txt`), and
/// whether it was inside a folder (a file dropped beside a folder is loaded whatever its name).
struct FolderItem {
    path: String,
    file: web_sys::File,
    in_folder: bool,
}

/// Loads the files of a folder worth loading ([`folder_file`]) under their paths, in path
/// order, and tells the person which were left out and which could not be read.
fn enqueue_folder(app: &App, mut items: Vec<FolderItem>, unreadable: Vec<String>) {
    items.sort_by(|a, b| a.path.cmp(&b.path));
    let mut load = Vec::new();
    let mut not_text = Vec::new();
    let mut hidden = 0;
    for item in &items {
        match if item.in_folder { folder_file(&item.path) } else { FolderFile::Load } {
            FolderFile::Load => load.push(Incoming::File { file: item.file.clone(), name: item.path.clone() }),
            FolderFile::Hidden => hidden += 1,
            FolderFile::NotText => not_text.push(item.path.as_str()),
        }
    }
    for reason in unreadable {
        app.notify_error(reason);
    }
    if let Some(message) = left_out_message(&not_text, hidden) {
        app.notify_info(message);
    }
    if load.is_empty() {
        let endings = TEXT_EXTENSIONS.map(|e| format!(".{e}")).join(", ");
        app.notify_error(format!("Nothing loaded from the folder: no file in it is named as text ({endings})."));
        return;
    }
    app.enqueue(load);
}

/// The files a folder picker (`webkitdirectory`) gave, with their paths in the folder.
fn picked_folder(files: Vec<web_sys::File>) -> Vec<FolderItem> {
    files
        .into_iter()
        .map(|file| {
            let path = Reflect::get(&file, &JsValue::from_str("webkitRelativePath")).ok().and_then(|p| p.as_string());
            let path = path.filter(|p| !p.is_empty()).unwrap_or_else(|| file.name());
            FolderItem { path, file, in_folder: true }
        })
        .collect()
}

/// The entries of a drop (`DataTransferItem.webkitGetAsEntry`), read while the drop event
/// lasts, when at least one of them is a folder; `None` otherwise (plain files are read from
/// the drop's file list as before).
fn dropped_folder_entries(dt: &web_sys::DataTransfer) -> Option<Vec<JsValue>> {
    let items = Reflect::get(dt, &JsValue::from_str("items")).ok()?;
    let count = Reflect::get(&items, &JsValue::from_str("length")).ok()?.as_f64()? as u32;
    let mut entries = Vec::new();
    for i in 0..count {
        let item = Reflect::get_u32(&items, i).ok()?;
        let get = Reflect::get(&item, &JsValue::from_str("webkitGetAsEntry")).ok()?.dyn_into::<Function>().ok()?;
        let entry = get.call0(&item).ok().filter(|e| e.is_object());
        entries.extend(entry);
    }
    entries.iter().any(is_directory).then_some(entries)
}

fn is_directory(entry: &JsValue) -> bool {
    Reflect::get(entry, &JsValue::from_str("isDirectory")).ok().and_then(|d| d.as_bool()) == Some(true)
}

/// Calls `target.method(resolve, reject)`, the callback form of the entries API, now; the
/// future settles with what it calls back.
fn call_back(target: &JsValue, method: &str) -> Result<JsFuture, JsValue> {
    let f = Reflect::get(target, &JsValue::from_str(method))?.dyn_into::<Function>()?;
    let mut called = Ok(JsValue::UNDEFINED);
    let promise = Promise::new(&mut |resolve, reject| called = f.call2(target, &resolve, &reject));
    called?;
    Ok(JsFuture::from(promise))
}

async fn with_callbacks(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    call_back(target, method)?.await
}

/// Files of a dropped folder opened in one go (see [`walk_entries`]): about 35 ms of the
/// page's thread.
const OPEN_AT_ONCE: usize = 64;

/// An entry's path in the drop, without the leading `/`.
fn entry_path(entry: &JsValue) -> String {
    let path = Reflect::get(entry, &JsValue::from_str("fullPath")).ok().and_then(|p| p.as_string()).unwrap_or_default();
    path.trim_start_matches('/').to_string()
}

/// Every file under the dropped entries, folders read to the bottom, and a message for each
/// file or folder that could not be read. `found_so_far` hears how many files were found.
async fn walk_entries(entries: Vec<JsValue>, found_so_far: impl Fn(usize)) -> (Vec<FolderItem>, Vec<String>) {
    let mut stack: Vec<(JsValue, bool)> = entries.into_iter().map(|e| (e, false)).collect();
    let (mut found, mut unreadable) = (Vec::new(), Vec::new());
    while !stack.is_empty() {
        let (files, folders): (Vec<_>, Vec<_>) = std::mem::take(&mut stack).into_iter().partition(|(e, _)| !is_directory(e));
        // The files are opened a chunk at a time, each chunk's all at once: one after another,
        // 8,328 files took 6.5 s before their load began; all at once, one task of 4.6 s
        // (opening a file costs the page's thread about 0.5 ms).
        for chunk in files.chunks(OPEN_AT_ONCE) {
            let opening: Vec<_> = chunk.iter().map(|(entry, in_folder)| (entry_path(entry), *in_folder, call_back(entry, "file"))).collect();
            for (path, in_folder, file) in opening {
                let file = match file {
                    Ok(opened) => opened.await,
                    Err(e) => Err(e),
                };
                match file {
                    Ok(file) => found.push(FolderItem { path, file: file.unchecked_into(), in_folder }),
                    Err(e) => unreadable.push(format!("{path}: could not be read ({}).", dom::js_error(e))),
                }
            }
            found_so_far(found.len());
        }
        for (entry, _) in folders {
            let path = entry_path(&entry);
            let reader = Reflect::get(&entry, &JsValue::from_str("createReader"))
                .and_then(|f| f.dyn_into::<Function>())
                .and_then(|f| f.call0(&entry));
            let Ok(reader) = reader else {
                unreadable.push(format!("{path}: the folder could not be read."));
                continue;
            };
            // a folder's entries come a batch at a time, then an empty batch
            loop {
                match with_callbacks(&reader, "readEntries").await {
                    Ok(batch) => {
                        let batch: Array = batch.unchecked_into();
                        if batch.length() == 0 {
                            break;
                        }
                        stack.extend(batch.iter().map(|e| (e, true)));
                    }
                    Err(e) => {
                        unreadable.push(format!("{path}: the folder could not be read ({}).", dom::js_error(e)));
                        break;
                    }
                }
            }
        }
    }
    (found, unreadable)
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
        if let Some(entries) = dropped_folder_entries(&dt) {
            e.prevent_default();
            let folder = entries.iter().find(|e| is_directory(e)).map(entry_path).unwrap_or_default();
            app.reading_folder.set(Some((folder.clone(), 0)));
            leptos::task::spawn_local(async move {
                let (found, unreadable) = walk_entries(entries, |n| app.reading_folder.set(Some((folder.clone(), n)))).await;
                app.reading_folder.set(None);
                enqueue_folder(&app, found, unreadable);
            });
            return;
        }
        let files = files_of(dt.files());
        if !files.is_empty() {
            e.prevent_default();
            app.enqueue(files.into_iter().map(Incoming::file).collect());
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
            app.enqueue(files.into_iter().map(Incoming::file).collect());
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

/// Entries written between two looks at the clock in [`write_export`].
const EXPORT_STEP: usize = 200;

/// What an export button writes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Export {
    Csv,
    Json,
    Network,
    Graphml,
}

/// Writes an export of the entries at `positions` in short slices ([`dom::WRITE_SLICE_MS`]),
/// the browser's turn between them, showing how far it is in `writing`; then offers the
/// file. Written in one go, 127,479 entries held the page 2.1 s (CSV) and 5.8 s (JSON), the
/// networks 137-146 ms. Should the loaded files change meanwhile, it stops and says so.
async fn write_export(app: App, kind: Export, positions: Vec<u32>, writing: RwSignal<Option<u32>>) {
    use crate::export;
    let revision = app.ws.with_untracked(|w| w.revision());
    let json = kind == Export::Json;
    let mut parts = dom::BlobParts::default();
    let mut tally = export::NetworkTally::default();
    // the JSON's lists, blogs then entries (its blogs alone, 8,328 of them, took 148 ms); the
    // others' entries
    let blogs = if json { app.ws.with_untracked(|w| w.blogs().len()) } else { 0 };
    let total = (blogs + positions.len()).max(1);
    let mut piece = match kind {
        Export::Csv => export::entries_csv_header(),
        Export::Json | Export::Network | Export::Graphml => String::new(),
    };
    let mut writer = json.then(|| export::JsonExportWriter::start(&mut piece));
    let mut done = 0;
    for (list, len) in [(0, blogs), (1, positions.len())] {
        let mut at = 0;
        while at < len {
            let to = (at + EXPORT_STEP).min(len);
            app.ws.with_untracked(|w| {
                if list == 0 {
                    if let Some(writer) = &mut writer {
                        writer.blogs(&mut piece, w.blogs().get(at..to).unwrap_or_default());
                    }
                    return;
                }
                let refs: Vec<&crate::model::AnalysedEntry> =
                    positions[at..to].iter().filter_map(|&p| w.entries().get(p as usize)).collect();
                match (kind, &mut writer) {
                    (Export::Json, Some(writer)) => writer.entries(&mut piece, &refs),
                    (Export::Csv, _) => export::entries_csv_rows(&mut piece, &refs),
                    (Export::Network | Export::Graphml, _) => tally.add(&refs),
                    (Export::Json, None) => {} // the writer is made for every JSON export
                }
            });
            done += to - at;
            at = to;
            if done < total && parts.pause_if_due(&mut piece).await {
                writing.set(Some((done * 100 / total) as u32));
                if app.ws.with_untracked(|w| w.revision()) != revision {
                    writing.set(None);
                    app.notify_error("The export stopped: the loaded files changed while it was written. Export again.");
                    return;
                }
            }
        }
    }
    let camps = app.camps();
    let camp_of = move |name: &str| camps.get(name).cloned();
    match kind {
        Export::Json => {
            if let Some(writer) = writer {
                app.ws.with_untracked(|w| writer.finish(&mut piece, w.diagnostics()));
            }
        }
        Export::Network => piece = tally.csv(&camp_of),
        Export::Graphml => piece = tally.graphml(&camp_of),
        Export::Csv => {}
    }
    parts.push(&piece);
    writing.set(None);
    let (name, mime) = match kind {
        Export::Csv => ("liveblog-entries.csv", "text/csv"),
        Export::Json => ("liveblog-entries.json", "application/json"),
        Export::Network => ("liveblog-network.csv", "text/csv"),
        Export::Graphml => ("liveblog-network.graphml", "application/graphml+xml"),
    };
    if let Err(e) = parts.download(name, mime) {
        app.notify_error(format!("Export failed: {e}"));
    }
}

/// Closes the menu (`<details>`) the event's element is in: once a session file is chosen,
/// the menu would hide the line saying it is being opened.
fn close_menu(e: &web_sys::Event) {
    let menu = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.closest("details").ok().flatten());
    if let Some(menu) = menu {
        let _ = menu.remove_attribute("open");
    }
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
                    on:change=move |e| app.enqueue(input_files(&e).into_iter().map(Incoming::file).collect())
                />
            </label>
            <label
                class="button file-button"
                title="Your browser may ask to \u{201c}upload\u{201d} the folder: its files are read by this page, on this computer, and sent nowhere."
            >
                "Add folder\u{2026}"
                <input
                    type="file"
                    prop:webkitdirectory=true
                    data-testid="folder-input"
                    on:change=move |e| enqueue_folder(&app, picked_folder(input_files(&e)), Vec::new())
                />
            </label>
            <button type="button" aria-expanded=move || paste_open.get().to_string() aria-controls="paste-panel" on:click=move |_| paste_open.update(|o| *o = !*o)>
                "Paste text"
            </button>
            <details class="session-menu">
                <summary>"Session"</summary>
                <div class="menu">
                    <button type="button" disabled=move || app.saving.get().is_some() on:click=move |_| app.save_session()>
                        {move || app.saving.get().map_or_else(|| "Save session file".to_string(), |p| format!("Saving the session {p}%\u{2026}"))}
                    </button>
                    <label class="button file-button">
                        "Open session file\u{2026}"
                        <input
                            type="file"
                            accept=".json,application/json"
                            data-testid="session-input"
                            on:change=move |e| {
                                if let Some(f) = input_files(&e).into_iter().next() {
                                    close_menu(&e);
                                    app.open_session(f);
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
        <SessionConfirm />
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

/// "1 file", "2 files and 1 correction".
fn files_and_corrections((files, corrections): (usize, usize)) -> String {
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let files = count(files, "file", "files");
    match corrections {
        0 => files,
        n => format!("{files} and {}", count(n, "correction", "corrections")),
    }
}

/// Asks before a session file replaces the files and corrections loaded now: they would be
/// gone, and a person's coding is hours of work.
#[component]
fn SessionConfirm() -> impl IntoView {
    let app = expect_context::<App>();
    let question = move || {
        let loaded = app.ws.with(|w| (w.files().len(), w.corrections().len()));
        app.session_to_confirm.with(|asked| {
            asked.as_ref().map(|a| {
                format!(
                    "The session file {} holds {}. Opening it replaces the {} loaded now.",
                    a.name,
                    files_and_corrections(a.holds()),
                    files_and_corrections(loaded)
                )
            })
        })
    };
    view! {
        <Show when=move || app.session_to_confirm.with(Option::is_some)>
            <div class="confirm-session" role="alertdialog" aria-label="Open the session file?" data-testid="session-confirm-box">
                <p>{question}</p>
                <div class="row-buttons">
                    <button type="button" class="danger" data-testid="session-confirm" on:click=move |_| app.confirm_session(true)>"Open it"</button>
                    <button type="button" disabled=move || app.saving.get().is_some() on:click=move |_| app.save_session()>"Save the current session first"</button>
                    <button type="button" data-testid="session-cancel" on:click=move |_| app.confirm_session(false)>"Cancel"</button>
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
        // work whose length is not known yet: a bar without a value
        {move || [
            app.reading_folder.get().map(|(folder, found)| format!("Reading the folder {folder}: {found} files found so far\u{2026}")),
            app.opening_session.get().map(|name| format!("Opening the session file {name}\u{2026}")),
        ].into_iter().flatten().map(|what| view! {
            <div class="progress" role="status">
                <progress></progress>
                <span>{what}</span>
            </div>
        }).collect_view()}
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
                "Drop saved live-blog pages (text files, or a folder of them) anywhere on this page, choose them with "
                <strong>"Add files"</strong> " or " <strong>"Add folder"</strong> ", paste the text, or "
                <strong>"try the sample"</strong>
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
    // stored files refused for want of room: name, size, whether loading again may help
    let held = move || app.held_back.with(|h| h.iter().map(|f| (f.name.clone(), f.size(), f.may_fit)).collect::<Vec<_>>());
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
            <Show when=move || app.held_back.with(|h| !h.is_empty())>
                <div class="held-back" data-testid="held-back">
                    <p>"Stored in this browser, not loaded for want of room:"</p>
                    <ul>
                        <For each=held key=|h| h.clone() let:h>
                            {
                                let (name, size, may_fit) = h;
                                let (load_name, remove_name) = (name.clone(), name.clone());
                                let load_label = format!("Load {name}");
                                let remove_label = format!("Remove {name} from this browser");
                                view! {
                                    <li>
                                        <span class="file-name">{name.clone()}</span>
                                        " "
                                        <span class="file-meta">{crate::session::size_text(size)}</span>
                                        {may_fit.then(|| view! {
                                            <button type="button" aria-label=load_label on:click=move |_| app.load_held_back(&load_name)>"Load"</button>
                                        })}
                                        <button type="button" aria-label=remove_label on:click=move |_| app.remove_held_back(remove_name.clone())>
                                            "Remove from this browser"
                                        </button>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </div>
            </Show>
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
    // How much of a large export is written (percent), while it is.
    let writing = RwSignal::new(None::<u32>);
    let export = move |kind: Export| {
        if writing.get_untracked().is_some() {
            return;
        }
        let positions = app.result.with_untracked(|r| r.matches.clone());
        writing.set(Some(0));
        leptos::task::spawn_local(write_export(app, kind, positions, writing));
    };
    view! {
        <div class="exports" role="group" aria-label="Export the matching entries">
            <span class="exports-label">
                {move || writing.get().map_or_else(|| "Export".to_string(), |p| format!("Writing {p}%\u{2026}"))}
            </span>
            <button type="button" data-testid="export-csv" disabled=move || writing.get().is_some() on:click=move |_| export(Export::Csv)>"CSV"</button>
            <button type="button" data-testid="export-json" disabled=move || writing.get().is_some() on:click=move |_| export(Export::Json)>"JSON"</button>
            <button type="button" data-testid="export-network" title="Actor-stance network as a CSV edge list" disabled=move || writing.get().is_some() on:click=move |_| export(Export::Network)>
                "Network CSV"
            </button>
            <button type="button" data-testid="export-graphml" title="Actor-stance network for Gephi or igraph" disabled=move || writing.get().is_some() on:click=move |_| export(Export::Graphml)>
                "GraphML"
            </button>
        </div>
    }
}
