//! The filter engine against a brute-force reference: every facet narrows to exactly the
//! entries that match, every count equals a count over the entries, and filter state survives
//! the URL.

use std::collections::BTreeSet;

use liveblog::index::{ActorRole, Index, Order, Query};
use liveblog::model::{ActorName, AnalysedEntry, Analysis, Entry, EntryId, ShortText, Stance, UnlistedActor};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Fixtures

#[derive(Debug, Clone)]
struct Spec {
    source: usize,
    title: Option<String>,
    body: String,
    date: Option<&'static str>,
    time: Option<(u8, u8)>,
    utc: Option<&'static str>,
    stance: Option<Stance>,
    speakers: Vec<&'static str>,
    mentions: Vec<&'static str>,
}

const SOURCES: [&str; 3] = ["bbc.txt", "guardian.txt", "itv.txt"];
const ACTORS: [&str; 6] = ["Jeremy Hunt", "BMA", "Junior doctors", "Labour", "Helen Nightingale", "Acas"];
const UNLISTED: &str = "Helen Nightingale";

fn camp_of(name: &str) -> Option<String> {
    match name {
        "Jeremy Hunt" => Some("government".into()),
        "BMA" | "Junior doctors" => Some("doctors".into()),
        "Labour" => Some("opposition".into()),
        "Acas" => Some("other".into()),
        _ => None,
    }
}

fn build(specs: &[Spec]) -> Vec<AnalysedEntry> {
    let mut n_in_source = [0usize; 3];
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            n_in_source[s.source] += 1;
            let mut mentions: Vec<String> = s.speakers.iter().map(|x| x.to_string()).collect();
            for m in &s.mentions {
                if !mentions.iter().any(|x| x == m) {
                    mentions.push(m.to_string());
                }
            }
            let unlisted = mentions
                .iter()
                .filter(|m| m.as_str() == UNLISTED)
                .map(|m| UnlistedActor { name: m.clone(), kind: "person".into(), camp: "public".into(), role: None })
                .collect();
            AnalysedEntry {
                entry: Entry {
                    id: EntryId::new(&format!("id{i}")).expect("a test id fits"),
                    source: SOURCES[s.source].into(),
                    n: n_in_source[s.source],
                    title: s.title.clone(),
                    time: s.time.map(|(h, m)| ShortText::new(&format!("{h:02}:{m:02}")).expect("fits")),
                    tz: s.time.map(|_| ShortText::new("GMT").expect("fits")),
                    date: s.date.map(|d| ShortText::new(d).expect("fits")),
                    utc: s.utc.map(|u| ShortText::new(u).expect("fits")),
                    hour: s.time.map(|(h, _)| h),
                    body: s.body.clone(),
                    embeds: vec![],
                    line: i + 1,
                },
                analysis: Analysis {
                    speakers: s.speakers.iter().map(|&x| ActorName::from(x)).collect(),
                    mentions: mentions.into_iter().map(ActorName::from).collect(),
                    stance: s.stance,
                    unlisted,
                    ..Analysis::default()
                },
            }
        })
        .collect()
}

fn spec(
    source: usize,
    time: Option<(u8, u8)>,
    stance: Stance,
    speakers: &[&'static str],
    mentions: &[&'static str],
    body: &str,
) -> Spec {
    Spec {
        source,
        title: None,
        body: body.into(),
        date: time.map(|_| "2016-02-10"),
        time,
        utc: None,
        stance: Some(stance),
        speakers: speakers.to_vec(),
        mentions: mentions.to_vec(),
    }
}

/// Eight entries, each facet value chosen so every filter below has a known answer.
fn handmade() -> Vec<AnalysedEntry> {
    let mut v = vec![
        spec(0, Some((9, 5)), Stance::Doctors, &["BMA"], &["Jeremy Hunt"], "The BMA said the strike goes on."),
        spec(0, Some((9, 40)), Stance::Government, &["Jeremy Hunt"], &[], "Mr Hunt’s contract will be imposed."),
        spec(0, Some((11, 0)), Stance::Neutral, &[], &["Acas"], "Talks at Acas resume on Thursday."),
        spec(
            1,
            Some((14, 30)),
            Stance::Mixed,
            &["Labour", "Jeremy Hunt"],
            &[],
            "Labour and Hunt trade blows over strikes.",
        ),
        spec(1, None, Stance::Doctors, &[UNLISTED], &["Junior doctors"], "A picket line with cake."),
        spec(2, None, Stance::Neutral, &[], &[], "Advertisement-free update; figures out."),
        spec(2, Some((23, 59)), Stance::Doctors, &["Junior doctors"], &["BMA"], "Night shift doctors' STRIKE vote."),
        spec(1, Some((9, 0)), Stance::Government, &[], &["Jeremy Hunt"], "Hunt: 'unnecessary'."),
    ];
    v[7].date = Some("2016-02-11");
    v[3].title = Some("PMQs clash".into());
    build(&v)
}

fn ids(index: &Index, q: &Query) -> BTreeSet<u32> {
    index.query(q).matches.into_iter().collect()
}

fn set(xs: &[u32]) -> BTreeSet<u32> {
    xs.iter().copied().collect()
}

// ---------------------------------------------------------------------------------------------
// Each facet, by hand

#[test]
fn each_facet_narrows_to_exactly_the_matching_entries() {
    let entries = handmade();
    let ix = Index::build(&entries, &camp_of);
    assert_eq!(ix.len(), 8);
    let q = |f: &dyn Fn(&mut Query)| {
        let mut q = Query::default();
        f(&mut q);
        q
    };
    assert_eq!(ids(&ix, &Query::default()), set(&[0, 1, 2, 3, 4, 5, 6, 7]));
    // Actor, any role = mentions (which include speakers); speaker only.
    assert_eq!(ids(&ix, &q(&|q| q.actors = vec!["Jeremy Hunt".into()])), set(&[0, 1, 3, 7]));
    assert_eq!(
        ids(
            &ix,
            &q(&|q| {
                q.actors = vec!["Jeremy Hunt".into()];
                q.actor_role = ActorRole::Speaker
            })
        ),
        set(&[1, 3])
    );
    assert_eq!(
        ids(
            &ix,
            &q(&|q| {
                q.actors = vec!["Jeremy Hunt".into()];
                q.actor_role = ActorRole::Mentioned
            })
        ),
        set(&[0, 1, 3, 7])
    );
    // OR within a facet.
    assert_eq!(ids(&ix, &q(&|q| q.actors = vec!["Acas".into(), UNLISTED.into()])), set(&[2, 4]));
    assert_eq!(ids(&ix, &q(&|q| q.stances = vec![Stance::Doctors])), set(&[0, 4, 6]));
    assert_eq!(ids(&ix, &q(&|q| q.stances = vec![Stance::Mixed, Stance::Neutral])), set(&[2, 3, 5]));
    assert_eq!(ids(&ix, &q(&|q| q.hours = vec![9])), set(&[0, 1, 7]));
    assert_eq!(ids(&ix, &q(&|q| q.hours = vec![9, 23])), set(&[0, 1, 6, 7]));
    assert_eq!(
        ids(
            &ix,
            &q(&|q| {
                q.hours = vec![14];
                q.untimed = true
            })
        ),
        set(&[3, 4, 5])
    );
    assert_eq!(ids(&ix, &q(&|q| q.sources = vec!["guardian.txt".into()])), set(&[3, 4, 7]));
    assert_eq!(ids(&ix, &q(&|q| q.dates = vec!["2016-02-11".into()])), set(&[7]));
    // Text: case-insensitive, word prefixes, every word, apostrophes ignored, titles too.
    assert_eq!(ids(&ix, &q(&|q| q.text = "strike".into())), set(&[0, 3, 6]));
    assert_eq!(ids(&ix, &q(&|q| q.text = "strikes".into())), set(&[3]));
    assert_eq!(ids(&ix, &q(&|q| q.text = "STRIK".into())), set(&[0, 3, 6]));
    assert_eq!(ids(&ix, &q(&|q| q.text = "hunt's contract".into())), set(&[1]));
    assert_eq!(ids(&ix, &q(&|q| q.text = "doctors strike".into())), set(&[6]));
    assert_eq!(ids(&ix, &q(&|q| q.text = "pmqs".into())), set(&[3]));
    assert_eq!(ids(&ix, &q(&|q| q.text = "  ,, ".into())), set(&[0, 1, 2, 3, 4, 5, 6, 7]));
    // AND across facets.
    let both = q(&|q| {
        q.actors = vec!["Jeremy Hunt".into()];
        q.hours = vec![9];
        q.stances = vec![Stance::Government];
    });
    assert_eq!(ids(&ix, &both), set(&[1, 7]));
    assert_eq!(ids(&ix, &Query { sources: vec!["bbc.txt".into()], ..both }), set(&[1]));
}

#[test]
fn counts_leave_out_their_own_facet() {
    let entries = handmade();
    let ix = Index::build(&entries, &camp_of);
    let r = ix.query(&Query { stances: vec![Stance::Doctors], hours: vec![9], ..Query::default() });
    assert_eq!(r.matches, [0]);
    assert_eq!(r.total, 8);
    // Stances with the hour filter only: entries 0, 1, 7.
    assert_eq!(r.counts.stances, [(Stance::Doctors, 1), (Stance::Government, 2), (Stance::Mixed, 0), (Stance::Neutral, 0)]);
    // Hours with the stance filter only: entries 0 (9h), 4 (untimed), 6 (23h).
    assert_eq!(r.counts.hours[9], [1, 0, 0, 0]);
    assert_eq!(r.counts.hours[23], [1, 0, 0, 0]);
    assert_eq!(r.counts.hours.iter().flatten().sum::<u32>(), 2);
    assert_eq!(r.counts.untimed, 1);
    // Sources with both filters: only entry 0.
    assert_eq!(r.counts.sources, [("bbc.txt".into(), 1), ("guardian.txt".into(), 0), ("itv.txt".into(), 0)]);
    let actors: Vec<(&str, &str, usize, bool)> =
        r.counts.actors.iter().map(|a| (&*a.name, &*a.camp, a.count, a.unlisted)).collect();
    assert_eq!(
        actors,
        [
            ("BMA", "doctors", 1, false),
            ("Junior doctors", "doctors", 0, false),
            ("Jeremy Hunt", "government", 1, false),
            ("Labour", "opposition", 0, false),
            (UNLISTED, "public", 0, true),
            ("Acas", "other", 0, false),
        ]
    );
}

#[test]
fn timeline_order_rules() {
    let mut specs = vec![
        spec(0, Some((10, 0)), Stance::Neutral, &[], &[], "a"), // 2016-02-10 10:00 as UTC
        spec(0, None, Stance::Neutral, &[], &[], "b"),          // neither: last, source order
        spec(1, Some((9, 0)), Stance::Neutral, &[], &[], "c"),  // utc says 2016-02-10 11:00
        spec(1, Some((8, 0)), Stance::Neutral, &[], &[], "d"),  // time without date
        spec(2, None, Stance::Neutral, &[], &[], "e"),          // date only: 2016-02-09 00:00
        spec(0, None, Stance::Neutral, &[], &[], "f"),          // neither
        spec(2, Some((7, 0)), Stance::Neutral, &[], &[], "g"),  // time without date
    ];
    specs[2].utc = Some("2016-02-10T11:00:00Z");
    specs[3].date = None;
    specs[4].date = Some("2016-02-09");
    specs[6].date = None;
    let entries = build(&specs);
    let ix = Index::build(&entries, &camp_of);
    let oldest = ix.query(&Query { order: Order::OldestFirst, ..Query::default() }).matches;
    assert_eq!(oldest, [4, 0, 2, 6, 3, 1, 5]);
    let newest = ix.query(&Query::default()).matches;
    assert_eq!(newest, [2, 0, 4, 3, 6, 1, 5]);
    let filtered = ix.query(&Query { hours: vec![7, 8, 9, 10], untimed: true, ..Query::default() }).matches;
    assert_eq!(filtered, [2, 0, 4, 3, 6, 1, 5]);
    let only_timed = ix.query(&Query { hours: vec![8, 10], ..Query::default() }).matches;
    assert_eq!(only_timed, [0, 3]);
}

#[test]
fn empty_index_answers_every_query() {
    let ix = Index::build(&[], &camp_of);
    let r = ix.query(&Query::from_query_string("actor=BMA&stance=doctors&hour=1-3&untimed=1&q=x&order=oldest"));
    assert!(r.matches.is_empty() && r.counts.actors.is_empty() && r.counts.sources.is_empty());
    assert_eq!(r.counts.stances.len(), 4);
    assert!(ix.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Brute-force reference

fn tokens(s: &str) -> Vec<String> {
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | 'ʼ'))
        .flat_map(|c| if c.is_alphanumeric() { c.to_lowercase().collect::<Vec<_>>() } else { vec![' '] })
        .collect();
    cleaned.split(' ').filter(|t| !t.is_empty()).map(str::to_string).collect()
}

fn stance_of(e: &AnalysedEntry) -> Stance {
    e.analysis.stance.unwrap_or(Stance::Neutral)
}

#[derive(Clone, Copy, PartialEq)]
enum Facet {
    Actor,
    Stance,
    Hour,
    Source,
    Date,
    None,
}

fn role_has(e: &AnalysedEntry, role: ActorRole, name: &str) -> bool {
    match role {
        ActorRole::Speaker => e.analysis.speakers.iter().any(|s| s == name),
        ActorRole::Any | ActorRole::Mentioned => {
            e.analysis.mentions.iter().chain(&e.analysis.speakers).any(|s| s == name)
        }
    }
}

/// Does `e` pass every filter of `q` except `skip`'s?
fn passes(e: &AnalysedEntry, q: &Query, skip: Facet) -> bool {
    let hours: Vec<u8> = q.hours.iter().copied().filter(|&h| h < 24).collect();
    let actor = skip == Facet::Actor || q.actors.is_empty() || q.actors.iter().any(|a| role_has(e, q.actor_role, a));
    let stance = skip == Facet::Stance || q.stances.is_empty() || q.stances.contains(&stance_of(e));
    let hour = skip == Facet::Hour
        || hours.is_empty()
        || match e.entry.hour {
            Some(h) => hours.contains(&h),
            None => q.untimed,
        };
    let source = skip == Facet::Source || q.sources.is_empty() || q.sources.iter().any(|s| *s == e.entry.source);
    let date = skip == Facet::Date || q.dates.is_empty() || e.entry.date.as_deref().is_some_and(|d| q.dates.iter().any(|q| q == d));
    let words = tokens(&format!("{} {}", e.entry.title.as_deref().unwrap_or(""), e.entry.body));
    let text = tokens(&q.text).iter().all(|t| words.iter().any(|w| w.starts_with(t.as_str())));
    actor && stance && hour && source && date && text
}

fn check_against_reference(entries: &[AnalysedEntry], q: &Query) -> Result<(), TestCaseError> {
    let ix = Index::build(entries, &camp_of);
    let r = ix.query(q);
    let count =
        |skip: Facet, f: &dyn Fn(&AnalysedEntry) -> bool| entries.iter().filter(|e| passes(e, q, skip) && f(e)).count();

    let want: BTreeSet<u32> =
        (0..entries.len() as u32).filter(|&i| passes(&entries[i as usize], q, Facet::None)).collect();
    let got: BTreeSet<u32> = r.matches.iter().copied().collect();
    prop_assert_eq!(got.len(), r.matches.len(), "no duplicates");
    prop_assert_eq!(&got, &want);
    prop_assert_eq!(r.total, entries.len());
    // The page asks for the two halves apart (the list in a click's task, the counts a frame
    // later): each must be the whole query's.
    prop_assert_eq!(&ix.matches(q), &r.matches);
    prop_assert_eq!(&ix.counts(q), &r.counts);

    for &(s, c) in &r.counts.stances {
        prop_assert_eq!(c, count(Facet::Stance, &|e| stance_of(e) == s), "stance {:?}", s);
    }
    prop_assert_eq!(r.counts.stances.iter().map(|x| x.0).collect::<Vec<_>>(), Stance::ALL.to_vec());

    for (h, row) in r.counts.hours.iter().enumerate() {
        for (si, &c) in row.iter().enumerate() {
            let want = count(Facet::Hour, &|e| e.entry.hour == Some(h as u8) && stance_of(e) == Stance::ALL[si]);
            prop_assert_eq!(c as usize, want, "hour {} stance {}", h, si);
        }
    }
    prop_assert_eq!(r.counts.untimed, count(Facet::Hour, &|e| e.entry.hour.is_none()));

    let corpus_actors: BTreeSet<&str> = entries
        .iter()
        .flat_map(|e| e.analysis.mentions.iter().chain(&e.analysis.speakers))
        .map(ActorName::as_str)
        .collect();
    prop_assert_eq!(r.counts.actors.len(), corpus_actors.len());
    for a in &r.counts.actors {
        prop_assert!(corpus_actors.contains(&*a.name));
        prop_assert_eq!(a.count, count(Facet::Actor, &|e| role_has(e, q.actor_role, &a.name)), "actor {}", a.name);
        prop_assert_eq!(a.unlisted, camp_of(&a.name).is_none());
        let camp = camp_of(&a.name).unwrap_or_else(|| "public".into());
        prop_assert_eq!(&*a.camp, camp.as_str());
    }
    // Grouped by camp, count descending within a camp.
    for w in r.counts.actors.windows(2) {
        if w[0].camp == w[1].camp {
            prop_assert!(w[0].count >= w[1].count);
        }
    }
    let camps: Vec<&str> = r.counts.actors.iter().map(|a| &*a.camp).collect();
    let mut seen: Vec<&str> = Vec::new();
    for c in camps {
        if seen.last() != Some(&c) {
            prop_assert!(!seen.contains(&c), "camp {} split", c);
            seen.push(c);
        }
    }

    for (s, c) in &r.counts.sources {
        prop_assert_eq!(*c, count(Facet::Source, &|e| e.entry.source.as_str() == &**s));
    }
    let corpus_sources: BTreeSet<&str> = entries.iter().map(|e| e.entry.source.as_str()).collect();
    prop_assert_eq!(r.counts.sources.len(), corpus_sources.len());
    for (d, c) in &r.counts.dates {
        prop_assert_eq!(*c, count(Facet::Date, &|e| e.entry.date.as_deref() == Some(&**d)));
    }
    prop_assert!(r.counts.dates.windows(2).all(|w| w[0].0 < w[1].0));

    // The timeline: matches in the order of the full, unfiltered timeline.
    let full = ix.query(&Query { order: q.order, ..Query::default() }).matches;
    let expected: Vec<u32> = full.into_iter().filter(|i| want.contains(i)).collect();
    prop_assert_eq!(&r.matches, &expected);
    Ok(())
}

const WORDS: [&str; 10] =
    ["strike", "Strikes", "hunt’s", "BMA", "doctors'", "pay", "24-hour", "Ärzte", "cake", "talks"];
const DATES: [&str; 3] = ["2016-02-10", "2016-02-11", "2016-04-26"];

fn arb_spec() -> impl Strategy<Value = Spec> {
    (
        0usize..3,
        proptest::option::of(proptest::sample::subsequence(WORDS.to_vec(), 0..3)),
        proptest::sample::subsequence(WORDS.to_vec(), 0..5),
        proptest::option::of(proptest::sample::select(DATES.to_vec())),
        proptest::option::weighted(0.8, (0u8..24, 0u8..60)),
        proptest::option::weighted(0.9, proptest::sample::select(Stance::ALL.to_vec())),
        proptest::sample::subsequence(ACTORS.to_vec(), 0..3),
        proptest::sample::subsequence(ACTORS.to_vec(), 0..3),
    )
        .prop_map(|(source, title, body, date, time, stance, speakers, mentions)| Spec {
            source,
            title: title.map(|t| t.join(" ")),
            body: body.join(", "),
            date,
            time,
            utc: None,
            stance,
            speakers,
            mentions,
        })
}

fn arb_query() -> impl Strategy<Value = Query> {
    let actor_names: Vec<String> = ACTORS.iter().map(|s| s.to_string()).chain(["Nobody".to_string()]).collect();
    let sources: Vec<String> = SOURCES.iter().map(|s| s.to_string()).chain(["none.txt".to_string()]).collect();
    let dates: Vec<String> = DATES.iter().map(|s| s.to_string()).collect();
    let texts = vec!["", "", "", "strik", "hunts", "BMA pay", "24 hour", "ärz", "doctors cake", "zzz", "s"];
    (
        proptest::sample::subsequence(actor_names, 0..3),
        prop_oneof![Just(ActorRole::Any), Just(ActorRole::Speaker), Just(ActorRole::Mentioned)],
        proptest::sample::subsequence(Stance::ALL.to_vec(), 0..3),
        proptest::collection::vec(0u8..26, 0..4),
        any::<bool>(),
        proptest::sample::subsequence(sources, 0..2),
        proptest::sample::subsequence(dates, 0..2),
        proptest::sample::select(texts),
        prop_oneof![Just(Order::NewestFirst), Just(Order::OldestFirst)],
    )
        .prop_map(|(actors, actor_role, stances, hours, untimed, sources, dates, text, order)| Query {
            actors,
            actor_role,
            stances,
            hours,
            untimed,
            sources,
            dates,
            text: text.to_string(),
            order,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn matches_and_counts_equal_brute_force(specs in proptest::collection::vec(arb_spec(), 0..150), q in arb_query()) {
        check_against_reference(&build(&specs), &q)?;
    }

    /// The page grows its index file by file while loading; every answer must be what one
    /// build over the same entries gives, whatever the batches were.
    #[test]
    fn growing_in_batches_answers_like_one_build(
        specs in proptest::collection::vec(arb_spec(), 0..150),
        cuts in proptest::collection::vec(0usize..150, 0..6),
        queries in proptest::collection::vec(arb_query(), 1..6),
    ) {
        let entries = build(&specs);
        let whole = Index::build(&entries, &camp_of);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(entries.len())).collect();
        cuts.sort_unstable();
        let mut grown = Index::build(&[], &camp_of);
        for &cut in &cuts {
            grown.extend(&entries[..cut], &camp_of);
        }
        grown.extend(&entries, &camp_of);
        prop_assert_eq!(grown.len(), entries.len());
        for q in &queries {
            prop_assert_eq!(grown.query(q), whole.query(q), "query {:?}", q);
        }
        grown.compact();
        for q in &queries {
            prop_assert_eq!(grown.query(q), whole.query(q), "after compact, query {:?}", q);
        }
    }

    #[test]
    fn query_string_round_trips(
        actors in proptest::collection::vec("\\PC{1,12}", 0..3),
        role in prop_oneof![Just(ActorRole::Any), Just(ActorRole::Speaker), Just(ActorRole::Mentioned)],
        stances in proptest::sample::subsequence(Stance::ALL.to_vec(), 0..4),
        hours in proptest::collection::btree_set(0u8..24, 0..24),
        untimed in any::<bool>(),
        sources in proptest::collection::vec("[ -~]{1,20}", 0..3),
        dates in proptest::collection::vec("[0-9-]{1,10}", 0..3),
        text in "\\PC{0,20}",
        oldest in any::<bool>(),
    ) {
        let q = Query {
            actors, actor_role: role, stances, hours: hours.into_iter().collect(), untimed, sources, dates, text,
            order: if oldest { Order::OldestFirst } else { Order::NewestFirst },
        };
        let s = q.to_query_string();
        prop_assert!(s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%=&".contains(&b)), "{}", s);
        prop_assert_eq!(Query::from_query_string(&s), q.clone());
        prop_assert_eq!(s.is_empty(), q == Query::default());
    }

    #[test]
    fn reading_any_string_never_panics(s in "\\PC{0,60}", raw in proptest::collection::vec(any::<u8>(), 0..60)) {
        let q = Query::from_query_string(&s);
        prop_assert!(q.hours.iter().all(|&h| h < 24));
        let lossy = String::from_utf8_lossy(&raw);
        let _ = Query::from_query_string(&lossy);
        // What was read writes back to something that reads the same.
        let again = Query::from_query_string(&q.to_query_string());
        prop_assert_eq!(again, q);
    }
}

#[test]
fn reference_agrees_on_a_fixed_query_with_hits() {
    // Guards against a vacuous reference: this query has known, non-empty answers.
    let entries = handmade();
    let q = Query { actors: vec!["Jeremy Hunt".into()], text: "hunt".into(), ..Query::default() };
    assert_eq!(entries.iter().filter(|e| passes(e, &q, Facet::None)).count(), 3);
    check_against_reference(&entries, &q).unwrap_or_else(|e| panic!("{e}"));
}
