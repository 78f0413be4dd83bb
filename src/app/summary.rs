//! Summary views of the matching entries: each camp and each actor by stance, and the blogs'
//! own summaries and key points.

use std::collections::HashMap;

use leptos::prelude::*;

use super::stance_label;
use super::state::App;
use crate::index::{stance_of, ActorRole};
use crate::model::{ActorName, Stance};

/// Stance counts in [`Stance::ALL`] order.
type ByStance = [usize; 4];

fn slot(s: Stance) -> usize {
    Stance::ALL.iter().position(|x| *x == s).unwrap_or(3)
}

/// A bar of four stacked parts, widths by share.
fn stacked(c: ByStance) -> impl IntoView {
    let total: usize = c.iter().sum();
    let label = format!("doctors {}, government {}, mixed {}, neutral {}", c[0], c[1], c[2], c[3]);
    view! {
        <span class="stack" role="img" aria-label=label>
            {(0..4).map(|i| {
                let pct = if total == 0 { 0.0 } else { c[i] as f64 * 100.0 / total as f64 };
                view! { <span class=format!("seg stance-{}", Stance::ALL[i].as_str()) style:width=format!("{pct:.2}%")></span> }
            }).collect_view()}
        </span>
    }
}

fn table_rows(rows: Vec<(String, ByStance)>) -> impl IntoView {
    rows.into_iter()
        .map(|(name, c)| {
            let total: usize = c.iter().sum();
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    {c.iter().map(|n| view! { <td class="num">{*n}</td> }).collect_view()}
                    <td class="num">{total}</td>
                    <td class="bar-cell">{stacked(c)}</td>
                </tr>
            }
        })
        .collect_view()
}

fn head(first: &'static str) -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">{first}</th>
                {Stance::ALL.iter().map(|s| view! { <th scope="col" class="num">{stance_label(*s)}</th> }).collect_view()}
                <th scope="col" class="num">"All"</th>
                <th scope="col"><span class="sr-only">"Share"</span></th>
            </tr>
        </thead>
    }
}

#[component]
pub fn Summary() -> impl IntoView {
    let app = expect_context::<App>();
    // (per camp, per actor), over the matching entries, counting the role the actor facet uses.
    let tables = Memo::new(move |_| {
        let role = app.query.with(|q| q.actor_role);
        let camps = app.camps();
        let labels: HashMap<String, String> =
            app.ws.with(|w| w.codebook().camp_list().iter().map(|c| (c.id.clone(), c.label.clone())).collect());
        let mut by_actor: HashMap<ActorName, ByStance> = HashMap::new();
        let mut by_camp: HashMap<String, ByStance> = HashMap::new();
        app.ws.with(|w| {
            app.result.with(|r| {
                for &p in &r.matches {
                    let Some(e) = w.entries().get(p as usize) else { continue };
                    let s = slot(stance_of(e));
                    let names = if role == ActorRole::Speaker { &e.analysis.speakers } else { &e.analysis.mentions };
                    let mut seen_camps: Vec<&str> = Vec::new();
                    for n in names {
                        by_actor.entry(n.clone()).or_default()[s] += 1;
                        let camp = camps.get(n.as_str()).map_or("other", String::as_str);
                        if !seen_camps.contains(&camp) {
                            seen_camps.push(camp);
                            by_camp.entry(camp.to_string()).or_default()[s] += 1;
                        }
                    }
                }
            })
        });
        let mut camp_rows: Vec<(String, ByStance)> = by_camp
            .into_iter()
            .map(|(c, n)| (labels.get(&c).cloned().unwrap_or_else(|| c.replace('_', " ")), n))
            .collect();
        camp_rows.sort_by(|a, b| b.1.iter().sum::<usize>().cmp(&a.1.iter().sum::<usize>()).then_with(|| a.0.cmp(&b.0)));
        let mut actor_rows: Vec<(String, ByStance)> = by_actor.into_iter().map(|(a, n)| (a.to_string(), n)).collect();
        actor_rows
            .sort_by(|a, b| b.1.iter().sum::<usize>().cmp(&a.1.iter().sum::<usize>()).then_with(|| a.0.cmp(&b.0)));
        actor_rows.truncate(40);
        (camp_rows, actor_rows)
    });
    let blogs = move || {
        app.ws.with(|w| {
            w.blogs()
                .iter()
                .map(|b| (b.source.clone(), b.format.label(), b.headline.clone(), b.summary.clone(), b.entries))
                .collect::<Vec<_>>()
        })
    };
    let role_word = move || if app.query.with(|q| q.actor_role) == ActorRole::Speaker { "speaking" } else { "naming" };
    view! {
        <div class="summary">
            <section aria-labelledby="by-camp">
                <h2 id="by-camp">"Camps by stance"</h2>
                <p class="hint">{move || format!("Matching entries {} at least one actor of the camp, by the entry's stance.", role_word())}</p>
                <div class="table-wrap">
                    <table class="summary-table">
                        {head("Camp")}
                        <tbody>{move || table_rows(tables.get().0)}</tbody>
                    </table>
                </div>
            </section>
            <section aria-labelledby="by-actor">
                <h2 id="by-actor">"Actors by stance"</h2>
                <p class="hint">{move || format!("Matching entries {} the actor (the 40 most frequent).", role_word())}</p>
                <div class="table-wrap">
                    <table class="summary-table">
                        {head("Actor")}
                        <tbody>{move || table_rows(tables.get().1)}</tbody>
                    </table>
                </div>
            </section>
            <section aria-labelledby="key-points">
                <h2 id="key-points">"The blogs' own summaries"</h2>
                {move || blogs().into_iter().map(|(source, format, headline, summary, n)| view! {
                    <article class="blog-summary">
                        <h3>{headline.unwrap_or_else(|| source.clone())}</h3>
                        <p class="hint">{format!("{source} \u{b7} {format} \u{b7} {n} entries")}</p>
                        {if summary.is_empty() {
                            view! { <p class="hint">"This blog states no summary or key points."</p> }.into_any()
                        } else {
                            view! { <ul>{summary.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }.into_any()
                        }}
                    </article>
                }).collect_view()}
            </section>
        </div>
    }
}
