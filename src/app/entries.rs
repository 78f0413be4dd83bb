//! The merged timeline: only the cards near the viewport exist in the DOM (see
//! [`super::virtual_list`]); each card shows the entry with its actors and stance evidence
//! highlighted, its quotes, and a coding editor.

use leptos::ev;
use leptos::prelude::*;

use super::highlight::{pieces, Piece};
use super::stance_label;
use super::state::App;
use super::virtual_list::Layout;
use crate::corrections::Correction;
use crate::index::stance_of;
use crate::model::{AnalysedEntry, Stance};

/// A card's height before it has been measured.
const ESTIMATE: f64 = 240.0;
/// Extra height drawn above and below the viewport, so fast scrolling shows no gaps.
const OVERSCAN: f64 = 800.0;

/// Bumped when a card changes height by itself (a folded part opened), to measure again.
#[derive(Clone, Copy)]
struct Remeasure(RwSignal<u32>);

#[component]
pub fn EntryList() -> impl IntoView {
    let app = expect_context::<App>();
    let remeasure = RwSignal::new(0u32);
    provide_context(Remeasure(remeasure));
    // Card heights by entry position (0: not measured yet).
    let measured = RwSignal::new(Vec::<f64>::new());
    // (top of the viewport in list coordinates, viewport height)
    let viewport = RwSignal::new((0.0f64, 900.0f64));
    let list_ref = NodeRef::<leptos::html::Div>::new();

    // Names only, so the list is not redrawn when only counts change (every filter click).
    let actor_names = Memo::new(move |_| {
        let mut names = app.with_counts(|r| r.actors.iter().map(|a| a.name.clone()).collect::<Vec<_>>());
        names.sort_unstable();
        names
    });
    // Redone in place and never compared: comparing two layouts of every match cost as much
    // as making one, and the window below is compared anyway.
    let layout = Memo::new_owning(move |old: Option<Layout>| {
        let mut layout = old.unwrap_or_else(|| Layout::new(&[], &[], ESTIMATE));
        app.result.with(|r| measured.with(|m| layout.redo(&r.matches, m, ESTIMATE)));
        (layout, true)
    });
    // The query whose overscan has been drawn. A new filter draws the viewport only, in the
    // click's task; the overscan follows a task after the frame that shows it. When the
    // workbench first appears, drawing both at once made one long task of the browser's first
    // (cold) layout of the page; for a click the saving is small (traced: 23.3 -> 22.0 ms
    // to the frame's end, within the noise), but the click's cards are those in view.
    let wide_for = RwSignal::new(None::<crate::index::Query>);
    let wide = Memo::new(move |_| app.query.with(|q| wide_for.with(|w| w.as_ref() == Some(q))));
    let window = Memo::new(move |_| {
        let (top, height) = viewport.get();
        let over = if wide.get() { OVERSCAN } else { 0.0 };
        layout.with(|l| l.window(top, height, over))
    });
    let rows = move || {
        let (start, end) = window.get();
        let rev = app.ws.with(|w| w.revision());
        app.result.with(|r| r.matches.get(start..end).unwrap_or(&[]).iter().map(|&p| (rev, p)).collect::<Vec<_>>())
    };
    let pad_top = move || format!("{}px", layout.with(|l| l.top(window.get().0)));
    let pad_bottom = move || format!("{}px", layout.with(|l| l.total() - l.top(window.get().1)));

    let read_viewport = move || {
        let Some(list) = list_ref.get_untracked() else { return };
        let rect = list.get_bounding_client_rect();
        let height = super::dom::window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(900.0);
        let v = (-rect.top(), height);
        if viewport.with_untracked(|old| (old.0 - v.0).abs() > 1.0 || (old.1 - v.1).abs() > 1.0) {
            viewport.set(v);
        }
    };
    // Set by a new filter: scroll back up, at the next measure, if the list's top is out of view.
    let scroll_up = StoredValue::new(false);
    // Measures the drawn cards; their real heights replace the estimate. Runs before a frame,
    // so the browser lays the page out once for it and the paint (reading a position right
    // after a change would lay it out an extra time).
    let measure = move || {
        let Some(list) = list_ref.get_untracked() else { return };
        if scroll_up.get_value() {
            scroll_up.set_value(false);
            if list.get_bounding_client_rect().top() < 0.0 {
                list.scroll_into_view();
            }
        }
        let children = list.children();
        let mut changes = Vec::new();
        measured.with_untracked(|m| {
            for i in 0..children.length() {
                let Some(el) = children.item(i) else { continue };
                let Some(pos) = el.get_attribute("data-pos").and_then(|p| p.parse::<u32>().ok()) else { continue };
                let h = el.get_bounding_client_rect().height();
                if h > 0.0 && m.get(pos as usize).is_none_or(|old| (old - h).abs() > 0.5) {
                    changes.push((pos, h));
                }
            }
        });
        if !changes.is_empty() {
            measured.update(|m| {
                for (pos, h) in changes {
                    let i = pos as usize;
                    if m.len() <= i {
                        m.resize(i + 1, 0.0);
                    }
                    m[i] = h;
                }
            });
        }
        read_viewport();
        if !wide.get_untracked() {
            leptos::task::spawn_local(async move {
                super::dom::yield_now().await;
                wide_for.set(Some(app.query.get_untracked()));
            });
        }
    };
    Effect::new(move |_| {
        window.track();
        app.result.track();
        app.editing.track();
        remeasure.track();
        request_animation_frame(measure);
    });
    let scheduled = StoredValue::new(false);
    let on_scroll = move || {
        if !scheduled.get_value() {
            scheduled.set_value(true);
            request_animation_frame(move || {
                scheduled.set_value(false);
                read_viewport();
            });
        }
    };
    let scroll = window_event_listener(ev::scroll, move |_| on_scroll());
    let resize = window_event_listener(ev::resize, move |_| {
        // Widths changed, so did the wrapping: measure again.
        measured.update(|m| m.clear());
        on_scroll();
    });
    on_cleanup(move || {
        scroll.remove();
        resize.remove();
    });
    // A new filter shows its first entries: scroll back up (at the next measure) if the list's
    // top is out of view.
    Effect::new(move |prev: Option<()>| {
        app.query.track();
        if prev.is_some() {
            scroll_up.set_value(true);
            request_animation_frame(measure);
        }
    });

    view! {
        <datalist id="actor-names">
            {move || actor_names.get().into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
        </datalist>
        <Show when=move || app.result.with(|r| r.matches.is_empty())>
            {move || if app.result.with(|r| r.total == 0) && app.progress.with(Option::is_some) {
                view! { <p class="empty-result">"Loading entries\u{2026}"</p> }.into_any()
            } else {
                view! { <p class="empty-result">"No entry matches these filters. Remove a filter above, or clear them all."</p> }.into_any()
            }}
        </Show>
        <div class="entry-list" node_ref=list_ref>
            <div class="spacer" aria-hidden="true" style:height=pad_top></div>
            <For each=rows key=|k| *k let:k>
                <div class="row" data-pos=k.1.to_string()>
                    <EntryCard pos=k.1 />
                </div>
            </For>
            <div class="spacer" aria-hidden="true" style:height=pad_bottom></div>
        </div>
    }
}

/// Renders highlighted pieces as text nodes inside marks.
fn render_pieces(ps: Vec<Piece>) -> impl IntoView {
    ps.into_iter()
        .map(|p| match (p.actor, p.evidence) {
            (Some(a), true) => {
                view! { <mark class="evidence"><span class="actor" title=a>{p.text}</span></mark> }.into_any()
            }
            (Some(a), false) => view! { <span class="actor" title=a>{p.text}</span> }.into_any(),
            (None, true) => view! { <mark class="evidence">{p.text}</mark> }.into_any(),
            (None, false) => p.text.into_any(),
        })
        .collect_view()
}

/// Every actor of an entry, speakers first, each once.
fn actors_of(e: &AnalysedEntry) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in e.analysis.speakers.iter().chain(&e.analysis.mentions) {
        if !out.iter().any(|x| *x == *a) {
            out.push(a.to_string());
        }
    }
    out
}

#[component]
fn EntryCard(pos: u32) -> impl IntoView {
    let app = expect_context::<App>();
    let Remeasure(remeasure) = expect_context::<Remeasure>();
    let Some((e, names)) = app.ws.with_untracked(|w| {
        w.entries().get(pos as usize).map(|e| {
            let names: Vec<(String, String)> =
                actors_of(e).iter().flat_map(|a| w.names_of(a).into_iter().map(move |n| (n, a.clone()))).collect();
            (e.clone(), names)
        })
    }) else {
        return ().into_any();
    };
    let stance = stance_of(&e);
    let actors = actors_of(&e);
    let id = e.entry.id.to_string();
    let evidence = e.analysis.stance_evidence.clone();
    let title = e.entry.title.as_deref().map(|t| pieces(t, &names, &evidence));
    let body = pieces(&e.entry.body, &names, &evidence);
    let when = match (&e.entry.time, &e.entry.tz) {
        (Some(t), Some(z)) => format!("{t} {z}"),
        (Some(t), None) => t.to_string(),
        _ => "no time".to_string(),
    };
    let mentioned: Vec<String> =
        e.analysis.mentions.iter().filter(|m| !e.analysis.speakers.contains(m)).map(|m| m.to_string()).collect();
    let id2 = id.clone();
    let editing = Memo::new(move |_| app.editing.with(|ed| ed.as_deref() == Some(id2.as_str())));
    let id3 = id.clone();
    let toggle_editor = move |_| {
        app.editing.update(|ed| *ed = if ed.as_deref() == Some(id3.as_str()) { None } else { Some(id3.clone()) });
    };
    let aria_title = e.entry.title.clone().unwrap_or_else(|| format!("Entry {} of {}", e.entry.n, e.entry.source));
    let corrected = e.analysis.corrected;
    let hour = e.entry.hour.map(|h| h.to_string()).unwrap_or_default();
    let source = e.entry.source.to_string();
    let source_attr = source.clone();
    let date = e.entry.date.map(|d| d.to_string());
    let quotes = e.analysis.quotes.clone();
    let speakers = e.analysis.speakers.clone();
    let embeds = e.entry.embeds.clone();
    let entry = StoredValue::new(e);
    view! {
        <article
            class="entry"
            class:corrected=corrected
            data-testid="entry"
            data-id=id.clone()
            data-stance=stance.as_str()
            data-hour=hour
            data-source=source_attr
            data-actors=actors.join("|")
            aria-label=aria_title
        >
            <header class="entry-meta">
                <span class="when">{when}</span>
                {date.map(|d| view! { <span class="date">{d}</span> })}
                <span class="source">{source}</span>
                <span class=format!("stance-badge stance-{}", stance.as_str())>{stance_label(stance)}</span>
                {corrected.then(|| view! { <span class="corrected-mark" title="Stance or actors coded by hand">"coded by hand"</span> })}
            </header>
            {title.map(|t| view! { <h3 class="entry-title">{render_pieces(t)}</h3> })}
            <p class="entry-body">{render_pieces(body)}</p>
            {(!quotes.is_empty()).then(|| {
                let n = quotes.len();
                let by: Vec<String> = quotes.iter().fold(Vec::new(), |mut v, q| {
                    if !v.iter().any(|s| *s == q.speaker) {
                        v.push(q.speaker.to_string());
                    }
                    v
                });
                let list = view! {
                    <ul class="quotes" aria-label="Quotes">
                        {quotes.iter().map(|q| view! {
                            <li>
                                <blockquote class=format!("quote stance-edge-{}", q.stance.as_str())>{q.text.clone()}</blockquote>
                                <p class="quote-by">"\u{2014} " <span class="speaker">{q.speaker.to_string()}</span> " (" {q.stance.as_str()} ")"</p>
                            </li>
                        }).collect_view()}
                    </ul>
                };
                // Long lists of quotes fold away (they repeat the body), naming their speakers.
                view! {
                    <details class="quotes-wrap" open=n <= 2 on:toggle=move |_| remeasure.update(|n| *n += 1)>
                        <summary>{format!("{n} {}: {}", if n == 1 { "quote" } else { "quotes" }, by.join(", "))}</summary>
                        {list}
                    </details>
                }
            })}
            <footer class="entry-foot">
                {(!speakers.is_empty()).then(|| view! {
                    <p class="people"><span class="people-label">"Speakers "</span>
                        {speakers.iter().map(|s| view! { <span class="chip speaker-chip">{s.to_string()}</span> }).collect_view()}
                    </p>
                })}
                {(!mentioned.is_empty()).then(|| view! {
                    <p class="people"><span class="people-label">"Mentioned "</span>
                        {mentioned.iter().map(|s| view! { <span class="chip mention-chip">{s.clone()}</span> }).collect_view()}
                    </p>
                })}
                {(!embeds.is_empty()).then(|| view! {
                    <p class="embeds">{format!("Embedded: {}", embeds.join(", "))}</p>
                })}
                <button type="button" class="code-button" aria-expanded=move || editing.get().to_string() on:click=toggle_editor>
                    {move || if editing.get() { "Close coding" } else { "Code this entry" }}
                </button>
            </footer>
            <Show when=move || editing.get()>
                <Coder entry=entry.get_value() />
            </Show>
        </article>
    }
    .into_any()
}

/// The manual coding of one entry: stance, actors added or removed.
#[component]
fn Coder(entry: AnalysedEntry) -> impl IntoView {
    let app = expect_context::<App>();
    let id = entry.entry.id.to_string();
    let current = app.ws.with_untracked(|w| w.correction(&id).cloned()).unwrap_or_else(|| Correction::new(id.clone()));
    let current = StoredValue::new(current);
    let to_add = RwSignal::new(String::new());
    let save = move |f: &dyn Fn(&mut Correction)| {
        let mut c = current.get_value();
        f(&mut c);
        current.set_value(c.clone());
        app.set_correction(c);
    };
    let stance_value = current.with_value(|c| c.stance.map(|s| s.as_str().to_string()).unwrap_or_default());
    let field = format!("coder-{}", entry.entry.id);
    let add_id = format!("{field}-add");
    let add = move || {
        let name = to_add.get_untracked();
        if !name.trim().is_empty() {
            save(&|c| c.add_actor(&name));
            to_add.set(String::new());
        }
    };
    let id2 = id.clone();
    view! {
        <div class="coder" role="group" aria-label="Code this entry by hand">
            <label>
                "Stance "
                <select on:change=move |e| {
                    let v = event_target_value(&e);
                    save(&|c| c.stance = Stance::parse(&v));
                }>
                    <option value="" selected=stance_value.is_empty()>"as analysed"</option>
                    {Stance::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=stance_value == s.as_str()>{stance_label(s)}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="coder-actors">
                <span>"Actors "</span>
                <ul class="chips">
                    {actors_of(&entry).into_iter().map(|a| {
                        let a2 = a.clone();
                        let label = format!("Remove {a} from this entry");
                        view! {
                            <li class="chip">
                                {a.clone()}
                                <button type="button" class="icon" aria-label=label on:click=move |_| save(&|c| c.remove_actor(&a2))>"\u{2715}"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
            <div class="coder-add">
                <label for=add_id.clone()>"Add an actor"</label>
                <input
                    id=add_id
                    list="actor-names"
                    prop:value=move || to_add.get()
                    on:input=move |e| to_add.set(event_target_value(&e))
                    on:keydown=move |e: ev::KeyboardEvent| if e.key() == "Enter" { e.prevent_default(); add(); }
                />
                <button type="button" on:click=move |_| add()>"Add"</button>
            </div>
            {entry.analysis.corrected.then(|| view! {
                <button type="button" class="link" on:click=move |_| app.clear_correction(id2.clone())>"Undo my coding of this entry"</button>
            })}
        </div>
    }
}
