//! The facets: OR within one, AND across them, each value with its live count (computed by
//! the index with every other facet applied), zero counts dimmed, selections as chips.

use std::collections::HashMap;

use leptos::ev;
use leptos::prelude::*;

use super::stance_label;
use super::state::App;
use crate::index::{ActorRole, Name, Query};
use crate::model::Stance;

fn toggle<T: PartialEq + Clone>(list: &mut Vec<T>, v: &T) {
    match list.iter().position(|x| x == v) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(v.clone()),
    }
}

/// Words to find in titles and bodies.
#[component]
pub fn TextFacet() -> impl IntoView {
    let app = expect_context::<App>();
    // The first keystroke after focusing adds a history step; the rest replace it, so Back
    // undoes a whole search rather than one letter.
    let pushed = StoredValue::new(false);
    view! {
        <fieldset class="facet facet-text">
            <legend>"Words"</legend>
            <label class="sr-only" for="text-search">"Find entries containing these words"</label>
            <input
                id="text-search"
                type="search"
                placeholder="Find words in titles and bodies"
                data-testid="facet-text"
                prop:value=move || app.query.with(|q| q.text.clone())
                on:focus=move |_| pushed.set_value(false)
                on:input=move |e| {
                    let mut q = app.query.get_untracked();
                    q.text = event_target_value(&e);
                    app.set_query(&q, !pushed.get_value());
                    pushed.set_value(true);
                }
            />
        </fieldset>
    }
}

/// Doctors / government / mixed / neutral, each in its fixed colour.
#[component]
pub fn StanceFacet() -> impl IntoView {
    let app = expect_context::<App>();
    let count = move |s: Stance| app.with_counts(|r| r.stances.iter().find(|(x, _)| *x == s).map_or(0, |(_, n)| *n));
    let checked = move |s: Stance| app.query.with(|q| q.stances.contains(&s));
    view! {
        <fieldset class="facet facet-stance" data-testid="facet-stance">
            <legend>"Stance"</legend>
            {Stance::ALL
                .into_iter()
                .map(|s| {
                    view! {
                        <label class="facet-value" class:zero=move || count(s) == 0 && !checked(s)>
                            <input
                                type="checkbox"
                                value=s.as_str()
                                prop:checked=move || checked(s)
                                disabled=move || count(s) == 0 && !checked(s)
                                on:change=move |_| app.edit_query(|q| toggle(&mut q.stances, &s))
                            />
                            <span class=format!("swatch stance-{}", s.as_str()) aria-hidden="true"></span>
                            <span class="value-name">{stance_label(s)}</span>
                            <span class="count">{move || count(s)}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// `9–11h, 14h` for hours 9, 10, 11 and 14.
pub fn hours_label(hours: &[u8]) -> String {
    let mut hs: Vec<u8> = hours.iter().copied().filter(|&h| h < 24).collect();
    hs.sort_unstable();
    hs.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < hs.len() {
        let mut j = i;
        while j + 1 < hs.len() && hs[j + 1] == hs[j] + 1 {
            j += 1;
        }
        parts.push(if i == j { format!("{}h", hs[i]) } else { format!("{}\u{2013}{}h", hs[i], hs[j]) });
        i = j + 1;
    }
    parts.join(", ")
}

/// Sorted hours from `a` to `b` inclusive.
fn span(a: u8, b: u8) -> Vec<u8> {
    (a.min(b)..=a.max(b)).collect()
}

/// A 24-bar histogram of entries per hour of day, stacked by stance. Click selects an hour
/// (again: clears it), shift-click or drag selects a range, ctrl/cmd-click adds an hour;
/// arrow keys move between bars, Enter/Space select, Shift+arrows extend the range.
#[component]
pub fn HourFacet() -> impl IntoView {
    let app = expect_context::<App>();
    let anchor = StoredValue::new(None::<u8>);
    let drag_from = StoredValue::new(None::<u8>);
    let dragged = StoredValue::new(false);
    let focus = RwSignal::new(9u8);
    let bar_refs: Vec<NodeRef<leptos::html::Button>> = (0..24).map(|_| NodeRef::new()).collect();
    let bar_refs = StoredValue::new_local(bar_refs);
    let max = Memo::new(move |_| {
        app.with_counts(|r| r.hours.iter().map(|h| h.iter().sum::<u32>()).max().unwrap_or(0).max(1))
    });
    // A memo, so a click on another facet does not run the 24 bars' selection effects.
    let hours = Memo::new(move |_| app.query.with(|q| q.hours.clone()));
    let selected = move |h: u8| hours.with(|hs| hs.contains(&h));

    let select = move |h: u8, range: bool, add: bool, push: bool| {
        app.edit_query_with(push, |q| {
            match (range, add, anchor.get_value()) {
                (true, _, Some(a)) => q.hours = span(a, h),
                (_, true, _) => toggle(&mut q.hours, &h),
                _ => {
                    if q.hours == [h] {
                        q.hours.clear();
                    } else {
                        q.hours = vec![h];
                    }
                }
            }
            if q.hours.is_empty() {
                q.untimed = false;
            }
        });
        if !range {
            anchor.set_value(Some(h));
        }
    };
    let move_focus = move |to: u8| {
        focus.set(to);
        bar_refs.with_value(|r| {
            if let Some(el) = r[to as usize].get_untracked() {
                let _ = el.focus();
            }
        });
    };
    let on_key = move |h: u8, e: ev::KeyboardEvent| {
        let to = match e.key().as_str() {
            "ArrowLeft" | "ArrowDown" => Some(h.saturating_sub(1)),
            "ArrowRight" | "ArrowUp" => Some((h + 1).min(23)),
            "Home" => Some(0),
            "End" => Some(23),
            " " | "Enter" => {
                e.prevent_default();
                select(h, e.shift_key(), e.ctrl_key() || e.meta_key(), true);
                None
            }
            _ => None,
        };
        if let Some(to) = to {
            e.prevent_default();
            if e.shift_key() {
                if anchor.get_value().is_none() {
                    anchor.set_value(Some(h));
                }
                select(to, true, false, true);
            }
            move_focus(to);
        }
    };

    let bars = (0..24u8)
        .map(|h| {
            let counts = move || app.with_counts(|r| r.hours[h as usize]);
            let total = move || counts().iter().sum::<u32>();
            let label = move || {
                let c = counts();
                format!(
                    "{h:02}:00 to {h:02}:59: {} entries (doctors {}, government {}, mixed {}, neutral {})",
                    c.iter().sum::<u32>(),
                    c[0],
                    c[1],
                    c[2],
                    c[3]
                )
            };
            let node_ref = bar_refs.with_value(|r| r[h as usize]);
            view! {
                <button
                    type="button"
                    class="hour-bar"
                    data-testid="hour-bar"
                    data-hour=h.to_string()
                    node_ref=node_ref
                    class:selected=move || selected(h)
                    class:zero=move || total() == 0
                    aria-pressed=move || selected(h).to_string()
                    aria-label=label
                    title=label
                    tabindex=move || if focus.get() == h { "0" } else { "-1" }
                    on:focus=move |_| focus.set(h)
                    on:keydown=move |e| on_key(h, e)
                    on:pointerdown=move |e: ev::PointerEvent| {
                        if e.button() == 0 && !e.shift_key() && !e.ctrl_key() && !e.meta_key() {
                            drag_from.set_value(Some(h));
                            dragged.set_value(false);
                            // Let the other bars see the pointer (touch captures it by default).
                            if let Some(t) = e.target() {
                                use wasm_bindgen::JsCast;
                                if let Ok(el) = t.dyn_into::<web_sys::Element>() {
                                    let _ = el.release_pointer_capture(e.pointer_id());
                                }
                            }
                        }
                    }
                    on:pointerenter=move |e: ev::PointerEvent| {
                        if let Some(a) = drag_from.get_value() {
                            if e.buttons() & 1 == 1 && a != h {
                                // The drag's first move is a history step; the rest refine it.
                                let first = !dragged.get_value();
                                dragged.set_value(true);
                                anchor.set_value(Some(a));
                                app.edit_query_with(first, |q| q.hours = span(a, h));
                            }
                        }
                    }
                    on:click=move |e: ev::MouseEvent| {
                        drag_from.set_value(None);
                        if dragged.get_value() {
                            dragged.set_value(false);
                            return;
                        }
                        select(h, e.shift_key(), e.ctrl_key() || e.meta_key(), true);
                    }
                >
                    <span class="bar-stack" aria-hidden="true">
                        {(0..4)
                            .rev()
                            .map(|s| {
                                let pct = move || f64::from(counts()[s]) * 100.0 / f64::from(max.get());
                                view! {
                                    <span class=format!("seg stance-{}", Stance::ALL[s].as_str()) style:height=move || format!("{:.2}%", pct())></span>
                                }
                            })
                            .collect_view()}
                    </span>
                    <span class="bar-label" aria-hidden="true">{if h % 6 == 0 { format!("{h}h") } else { String::new() }}</span>
                </button>
            }
        })
        .collect_view();

    let has_hours = move || app.query.with(|q| q.hours.iter().any(|&h| h < 24));
    view! {
        <fieldset class="facet facet-hours">
            <legend>"Hour of day"</legend>
            <div
                class="histogram"
                role="group"
                aria-label="Entries per hour of day. Arrow keys move between hours, Enter selects, Shift with arrows selects a range."
                on:pointerleave=move |_| drag_from.set_value(None)
            >
                {bars}
            </div>
            <div class="hour-axis" aria-hidden="true"><span>"0h"</span><span>"12h"</span><span>"23h"</span></div>
            <label class="facet-value untimed" class:zero=move || !has_hours()>
                <input
                    type="checkbox"
                    data-testid="facet-untimed"
                    prop:checked=move || app.query.with(|q| q.untimed)
                    disabled=move || !has_hours()
                    on:change=move |_| app.edit_query(|q| q.untimed = !q.untimed)
                />
                <span class="value-name">"Also entries with no time"</span>
                <span class="count">{move || app.with_counts(|r| r.untimed)}</span>
            </label>
        </fieldset>
    }
}

/// One camp's block in the actor facet.
#[derive(Clone, PartialEq, Eq, Hash)]
struct CampGroup {
    camp: Name,
    label: String,
    /// Canonical names as listed, with their counts.
    actors: Vec<(Name, usize)>,
    /// Actors left out by the per-camp limit until "more" is clicked.
    hidden: usize,
}

/// `f` of camp `camp`'s group, if it is listed.
fn in_group<T>(groups: Memo<Vec<CampGroup>>, camp: &str, f: impl FnOnce(&CampGroup) -> T) -> Option<T> {
    groups.with(|gs| gs.iter().find(|g| &*g.camp == camp).map(f))
}

/// Actors grouped by camp, searchable, counted as speakers or as anyone named.
#[component]
pub fn ActorFacet() -> impl IntoView {
    let app = expect_context::<App>();
    let find = RwSignal::new(String::new());
    let expanded = RwSignal::new(Vec::<Name>::new());
    const PER_CAMP: usize = 12;
    let labels = Memo::new(move |_| {
        app.ws.with(|w| {
            w.codebook().camp_list().iter().map(|c| (c.id.clone(), c.label.clone())).collect::<HashMap<_, _>>()
        })
    });
    // Which actors are listed, by camp, with their counts. It follows the shown counts (a
    // frame after a click), and rows are keyed by name with their count and state updated in
    // place, so a click rebuilds no row: rebuilding every listed row in the click's task was
    // a third of its style and layout.
    let groups = Memo::new(move |_| {
        let needle = find.get().trim().to_lowercase();
        let expanded = expanded.get();
        let mut out: Vec<CampGroup> = Vec::new();
        app.with_shown(|r, q| {
            for a in &r.actors {
                if !needle.is_empty() && !a.name.to_lowercase().contains(&needle) {
                    continue;
                }
                if out.last().is_none_or(|g| g.camp != a.camp) {
                    let label = labels.with(|l| l.get(&*a.camp).cloned()).unwrap_or_else(|| match &*a.camp {
                        "other" => "Other (not in the codebook)".to_string(),
                        c => c.replace('_', " "),
                    });
                    out.push(CampGroup { camp: a.camp.clone(), label, actors: Vec::new(), hidden: 0 });
                }
                if let Some(g) = out.last_mut() {
                    let sel = q.actors.iter().any(|x| **x == *a.name);
                    if g.actors.len() < PER_CAMP || sel || expanded.contains(&g.camp) || !needle.is_empty() {
                        g.actors.push((a.name.clone(), a.count));
                    } else {
                        g.hidden += 1;
                    }
                }
            }
        });
        out
    });
    let selected = Memo::new(move |_| app.query.with(|q| q.actors.clone()));
    let role = move || app.query.with(|q| q.actor_role);
    let role_radio = move |value: ActorRole, label: &'static str| {
        view! {
            <label class="role-option">
                <input
                    type="radio"
                    name="actor-role"
                    prop:checked=move || role() == value
                    on:change=move |_| app.edit_query(|q| q.actor_role = value)
                />
                {label}
            </label>
        }
    };
    view! {
        <fieldset class="facet facet-actor" data-testid="facet-actor">
            <legend>"Actors"</legend>
            <fieldset class="role-toggle">
                <legend class="sr-only">"Count an actor when it"</legend>
                {role_radio(ActorRole::Any, "named")}
                {role_radio(ActorRole::Speaker, "speaks")}
                {role_radio(ActorRole::Mentioned, "is mentioned")}
            </fieldset>
            <label class="sr-only" for="actor-find">"Find an actor"</label>
            <input
                id="actor-find"
                type="search"
                placeholder="Find an actor"
                prop:value=move || find.get()
                on:input=move |e| find.set(event_target_value(&e))
            />
            <div class="actor-groups">
                <For each=move || groups.with(|gs| gs.iter().map(|g| (g.camp.clone(), g.label.clone())).collect::<Vec<_>>()) key=|g| g.clone() let:g>
                    {
                        let (camp, label) = g;
                        let heading_id = format!("camp-{}", camp.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
                        let labelled_by = heading_id.clone();
                        let (camp2, camp3, listed) = (camp.clone(), camp.clone(), camp.clone());
                        let hidden = Memo::new(move |_| in_group(groups, &camp2, |g| g.hidden).unwrap_or(0));
                        view! {
                            <div class="camp-group" role="group" aria-labelledby=labelled_by>
                                <h3 class="camp-name" id=heading_id>{label}</h3>
                                <ul class="actor-list">
                                    <For each=move || in_group(groups, &listed, |g| g.actors.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>()).unwrap_or_default() key=|n| n.clone() let:name>
                                        {
                                            let n2 = name.to_string();
                                            let (n3, n4, data_actor, camp4) = (name.clone(), name.clone(), name.to_string(), camp.clone());
                                            let count = Memo::new(move |_| {
                                                in_group(groups, &camp4, |g| g.actors.iter().find(|(n, _)| *n == n3).map_or(0, |x| x.1)).unwrap_or(0)
                                            });
                                            let sel = Memo::new(move |_| selected.with(|s| s.iter().any(|x| **x == *n4)));
                                            let off = move || count.get() == 0 && !sel.get();
                                            view! {
                                                <li>
                                                    <button
                                                        type="button"
                                                        class="actor-option"
                                                        class:zero=off
                                                        data-actor=data_actor
                                                        aria-pressed=move || sel.get().to_string()
                                                        disabled=off
                                                        on:click=move |_| app.edit_query(|q| toggle(&mut q.actors, &n2))
                                                    >
                                                        <span class="value-name">{name}</span>
                                                        <span class="count">{count}</span>
                                                    </button>
                                                </li>
                                            }
                                        }
                                    </For>
                                </ul>
                                <Show when=move || { hidden.get() > 0 }>
                                    {
                                        let camp = camp3.clone();
                                        view! {
                                            <button type="button" class="link" on:click=move |_| expanded.update(|e| e.push(camp.clone()))>
                                                {move || format!("{} more\u{2026}", hidden.get())}
                                            </button>
                                        }
                                    }
                                </Show>
                            </div>
                        }
                    }
                </For>
                <Show when=move || groups.with(|g| g.is_empty())>
                    <p class="hint">"No actor matches."</p>
                </Show>
            </div>
        </fieldset>
    }
}

/// Values a source or date facet lists before "N more…": a corpus of thousands of files
/// would otherwise put thousands of rows in the sidebar and redraw them on every click.
const VALUES_SHOWN: usize = 20;

/// A facet of plain string values with counts (sources, dates). Selected values are always
/// listed; beyond [`VALUES_SHOWN`] others a "more" button lists more, and a find box narrows
/// the list.
fn value_facet(
    app: App,
    legend: &'static str,
    testid: &'static str,
    values: impl Fn(&crate::index::FacetCounts) -> &[(Name, usize)] + Send + Sync + Copy + 'static,
    selected: impl Fn(&Query) -> Vec<String> + Send + Sync + Copy + 'static,
    toggle_value: impl Fn(&mut Query, &String) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let find = RwSignal::new(String::new());
    let shown = RwSignal::new(VALUES_SHOWN);
    let total = Memo::new(move |_| app.with_counts(|r| values(r).len()));
    // Which values are listed, with their counts, follows the shown counts; rows are keyed by
    // value and update their count and state in place (see the actor facet). The counts of
    // the listed values only: a map of every value was 8,328 entries at 100 MB.
    let listing = Memo::new(move |_| {
        let needle = find.get().trim().to_lowercase();
        let limit = shown.get();
        let mut hidden = 0;
        let mut rows = Vec::new();
        app.with_shown(|r, q| {
            let sel = selected(q);
            for (v, n) in values(r) {
                let is_sel = sel.iter().any(|x| **x == **v);
                if !is_sel && !needle.is_empty() && !v.to_lowercase().contains(&needle) {
                    continue;
                }
                if is_sel || rows.len() < limit {
                    rows.push((v.clone(), *n));
                } else {
                    hidden += 1;
                }
            }
        });
        (rows, hidden)
    });
    let chosen = Memo::new(move |_| app.query.with(selected));
    let find_label = format!("Find a {}", legend.to_lowercase());
    view! {
        <fieldset class="facet" data-testid=testid>
            <legend>{legend}</legend>
            <Show when=move || { total.get() > VALUES_SHOWN }>
                <input
                    type="search"
                    class="value-find"
                    placeholder=find_label.clone()
                    aria-label=find_label.clone()
                    prop:value=move || find.get()
                    on:input=move |e| find.set(event_target_value(&e))
                />
            </Show>
            <ul class="value-list">
                <For each=move || listing.with(|l| l.0.iter().map(|(v, _)| v.clone()).collect::<Vec<_>>()) key=|v| v.clone() let:value>
                    {
                        let (v2, v3, v4) = (value.to_string(), value.clone(), value.clone());
                        let count = Memo::new(move |_| listing.with(|l| l.0.iter().find(|(v, _)| *v == v3).map_or(0, |x| x.1)));
                        let sel = Memo::new(move |_| chosen.with(|s| s.iter().any(|x| **x == *v4)));
                        let off = move || count.get() == 0 && !sel.get();
                        view! {
                            <li>
                                <label class="facet-value" class:zero=off>
                                    <input
                                        type="checkbox"
                                        value=value.to_string()
                                        prop:checked=sel
                                        disabled=off
                                        on:change=move |_| app.edit_query(|q| toggle_value(q, &v2))
                                    />
                                    <span class="value-name">{value}</span>
                                    <span class="count">{count}</span>
                                </label>
                            </li>
                        }
                    }
                </For>
            </ul>
            <Show when=move || listing.with(|l| l.1 > 0)>
                <button type="button" class="link" on:click=move |_| shown.update(|s| *s += 100)>
                    {move || format!("{} more\u{2026}", listing.with(|l| l.1))}
                </button>
            </Show>
        </fieldset>
    }
}

#[component]
pub fn SourceFacet() -> impl IntoView {
    let app = expect_context::<App>();
    value_facet(
        app,
        "Source",
        "facet-source",
        |r| &r.sources,
        |q| q.sources.clone(),
        |q, v| toggle(&mut q.sources, v),
    )
}

#[component]
pub fn DateFacet() -> impl IntoView {
    let app = expect_context::<App>();
    value_facet(app, "Date", "facet-date", |r| &r.dates, |q| q.dates.clone(), |q, v| toggle(&mut q.dates, v))
}

/// One chip per active filter value, each removable, and "clear all".
#[component]
pub fn SelectedChips() -> impl IntoView {
    let app = expect_context::<App>();
    // (label, a function of the query that removes this value)
    let chips = move || {
        let q = app.query.get();
        let mut out: Vec<(String, Query)> = Vec::new();
        let without = |f: &dyn Fn(&mut Query)| {
            let mut q2 = q.clone();
            f(&mut q2);
            q2
        };
        for a in &q.actors {
            let role = match q.actor_role {
                ActorRole::Any => "Actor",
                ActorRole::Speaker => "Speaker",
                ActorRole::Mentioned => "Mentioned",
            };
            out.push((format!("{role}: {a}"), without(&|q| q.actors.retain(|x| x != a))));
        }
        for s in &q.stances {
            out.push((format!("Stance: {}", stance_label(*s)), without(&|q| q.stances.retain(|x| x != s))));
        }
        let hours = hours_label(&q.hours);
        if !hours.is_empty() {
            let label = if q.untimed { format!("Hours: {hours} and untimed") } else { format!("Hours: {hours}") };
            out.push((
                label,
                without(&|q| {
                    q.hours.clear();
                    q.untimed = false;
                }),
            ));
        }
        for s in &q.sources {
            out.push((format!("Source: {s}"), without(&|q| q.sources.retain(|x| x != s))));
        }
        for d in &q.dates {
            out.push((format!("Date: {d}"), without(&|q| q.dates.retain(|x| x != d))));
        }
        if !q.text.trim().is_empty() {
            out.push((format!("Words: \u{201c}{}\u{201d}", q.text.trim()), without(&|q| q.text.clear())));
        }
        out
    };
    let any = move || app.query.with(|q| !q.is_empty());
    view! {
        <Show when=any>
            <div class="selected" aria-label="Active filters" role="group">
                <ul class="chips">
                    <For each=chips key=|c| c.0.clone() let:c>
                        {
                            let (label, next) = c;
                            let aria = format!("Remove filter {label}");
                            view! {
                                <li class="chip filter-chip">
                                    <span>{label}</span>
                                    <button type="button" class="icon" aria-label=aria on:click=move |_| app.set_query(&next, true)>
                                        "\u{2715}"
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <button
                    type="button"
                    class="link"
                    data-testid="clear-all"
                    on:click=move |_| {
                        let q = app.query.get_untracked();
                        app.set_query(&Query { order: q.order, actor_role: q.actor_role, ..Query::default() }, true);
                    }
                >
                    "Clear all"
                </button>
            </div>
        </Show>
    }
}
