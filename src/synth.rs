//! Generated corpora for benchmarks (criterion and the browser benchmark page): many live-blog
//! files, or many analysed entries, made from the five seed blogs. Deterministic: the same
//! arguments always give the same output, on every platform, so figures are comparable.
//!
//! [`generate_corpus`] makes *text files* (for parse and analysis throughput): each file is
//! one seed re-issued with its time stamps moved to another day and time of day (consistent
//! across midnight), its zone label following British summer time, and its outlet style
//! varied: the seeds' BBC, Guardian and ITV shapes, plus Guardian posts re-stamped in other
//! common styles (`2016-04-26T15:23+01:00`, `3:23 p.m. ET`, `15:23`). ITV copies, which have
//! no times, become regional editions: each headline gets ` – <town>, <date>` and digits are
//! shifted, so their entries are not de-duplicated away as copies of each other.
//!
//! [`generate_entries`] makes *analysed entries* directly (for the filter engine at 100,000
//! entries without parsing): seed paragraphs as bodies, codebook actors with a realistic skew
//! plus a growing tail of unlisted people, stances, hours and dates. [`camp_of`] gives the
//! camps of its actors, as a codebook would.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

use crate::model::{ActorName, AnalysedEntry, Analysis, Entry, EntryId, Quote, ShortText, Stance, UnlistedActor};
use crate::sample::SEEDS;

/// SplitMix64: tiny, fast and the same everywhere (no dependency on `rand`).
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1A4_F87D)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    /// Index into a list of `n`, skewed towards the start (a few actors dominate coverage).
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// British summer time runs from the last Sunday of March to the last Sunday of October.
fn is_bst(date: NaiveDate) -> bool {
    let last_sunday = |month: u32| {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(date.year(), month + 1, 1)
        };
        let mut d = next.and_then(|d| d.pred_opt()).unwrap_or(date);
        while d.weekday() != Weekday::Sun {
            d = d.pred_opt().unwrap_or(d);
        }
        d
    };
    date >= last_sunday(3) && date < last_sunday(10)
}

/// Day 0 of the minute counts below.
fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default()
}

fn date_of(minute: i64) -> NaiveDate {
    epoch() + Duration::days(minute.div_euclid(1440))
}

/// How one seed's time stamps are written back.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    /// `published at 13:56 Greenwich Mean Time 10 February 2016` (date kept only where the
    /// seed states it).
    Bbc,
    /// `3.23pm BST` alone on a line.
    Guardian,
    /// `2016-04-26T15:23+01:00` alone on a line.
    Iso,
    /// `3:23 p.m. ET` alone on a line.
    Us,
    /// `15:23` alone on a line.
    Clock,
    /// No stamps; digits shifted instead.
    Itv,
}

impl Style {
    fn outlet(self) -> &'static str {
        match self {
            Style::Bbc => "bbc",
            Style::Guardian => "guardian",
            Style::Iso => "wire",
            Style::Us => "usdaily",
            Style::Clock => "localnews",
            Style::Itv => "itv",
        }
    }
}

#[derive(Debug, Clone)]
enum Piece {
    Text(&'static str),
    /// Minutes since [`epoch`] (seeds without dates use 2016-04-26, the Guardian's day).
    Stamp {
        minute: i64,
        dated: bool,
    },
}

#[derive(Debug, Clone)]
struct Template {
    name: &'static str,
    pieces: Vec<Piece>,
    bbc: bool,
    timed: bool,
}

static BBC_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"published at (\d{1,2}):(\d{2})(?: Greenwich Mean Time| British Summer Time)?(?: (\d{1,2}) ([A-Z][a-z]+) (\d{4}))?")
        .expect("static regex")
});
static GUARDIAN_STAMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^(\d{1,2})\.(\d{2})(am|pm) (?:BST|GMT)$").expect("static regex"));

fn minute_of(h: &str, m: &str) -> i64 {
    h.parse::<i64>().unwrap_or(0) * 60 + m.parse::<i64>().unwrap_or(0)
}

/// Splits each seed into literal text and time stamps, once.
static TEMPLATES: LazyLock<Vec<Template>> = LazyLock::new(|| {
    let guardian_day = (NaiveDate::from_ymd_opt(2016, 4, 26).unwrap_or_default() - epoch()).num_days() * 1440;
    SEEDS
        .iter()
        .map(|&(name, text)| {
            let mut pieces = Vec::new();
            let mut last = 0;
            let bbc = BBC_STAMP.is_match(text);
            if bbc {
                // Posts run newest first: an undated time later than the post above it is
                // from the day before.
                let mut day: Option<i64> = None;
                let mut prev_minute: Option<i64> = None;
                for c in BBC_STAMP.captures_iter(text) {
                    let (Some(all), Some(h), Some(m)) = (c.get(0), c.get(1), c.get(2)) else { continue };
                    let tod = minute_of(h.as_str(), m.as_str());
                    let stated = match (c.get(3), c.get(4), c.get(5)) {
                        (Some(d), Some(mo), Some(y)) => {
                            let month = MONTHS.iter().position(|x| *x == mo.as_str()).map_or(1, |i| i as u32 + 1);
                            NaiveDate::from_ymd_opt(
                                y.as_str().parse().unwrap_or(2016),
                                month,
                                d.as_str().parse().unwrap_or(1),
                            )
                            .map(|dt| (dt - epoch()).num_days())
                        }
                        _ => None,
                    };
                    let d = match (stated, day, prev_minute) {
                        (Some(d), _, _) => d,
                        (None, Some(d), Some(prev)) if tod > prev.rem_euclid(1440) => d - 1,
                        (None, Some(d), _) => d,
                        (None, None, _) => guardian_day / 1440,
                    };
                    day = Some(d);
                    let minute = d * 1440 + tod;
                    prev_minute = Some(minute);
                    pieces.push(Piece::Text(&text[last..all.start()]));
                    pieces.push(Piece::Stamp { minute, dated: stated.is_some() });
                    last = all.end();
                }
            } else {
                for c in GUARDIAN_STAMP.captures_iter(text) {
                    let (Some(all), Some(h), Some(m), Some(ap)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
                        continue;
                    };
                    let h12 = h.as_str().parse::<i64>().unwrap_or(0) % 12;
                    let h24 = if ap.as_str() == "pm" { h12 + 12 } else { h12 };
                    pieces.push(Piece::Text(&text[last..all.start()]));
                    pieces.push(Piece::Stamp {
                        minute: guardian_day + h24 * 60 + minute_of("0", m.as_str()),
                        dated: false,
                    });
                    last = all.end();
                }
            }
            let timed = !pieces.is_empty();
            pieces.push(Piece::Text(&text[last..]));
            Template { name, pieces, bbc, timed }
        })
        .collect()
});

fn push_stamp(out: &mut String, style: Style, minute: i64, dated: bool) {
    use std::fmt::Write;
    let date = date_of(minute);
    let bst = is_bst(date);
    let tod = minute.rem_euclid(1440);
    let (h, m) = (tod / 60, tod % 60);
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    let ampm = if h < 12 { "am" } else { "pm" };
    let _ = match style {
        Style::Bbc => {
            let zone = if bst { "British Summer Time" } else { "Greenwich Mean Time" };
            if dated {
                write!(
                    out,
                    "published at {h:02}:{m:02} {zone} {} {} {}",
                    date.day(),
                    MONTHS[date.month0() as usize],
                    date.year()
                )
            } else {
                write!(out, "published at {h:02}:{m:02}")
            }
        }
        Style::Guardian => write!(out, "{h12}.{m:02}{ampm} {}", if bst { "BST" } else { "GMT" }),
        Style::Iso => write!(out, "{}T{h:02}:{m:02}{}", date.format("%Y-%m-%d"), if bst { "+01:00" } else { "Z" }),
        Style::Us => write!(out, "{h12}:{m:02} {}.m. ET", &ampm[..1]),
        Style::Clock | Style::Itv => write!(out, "{h:02}:{m:02}"),
    };
}

/// Many live-blog files, `(file name, text)`, adding up to at least `target_bytes` (one file
/// past it at most). See the module doc for how they vary.
pub fn generate_corpus(target_bytes: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed);
    let mut files = Vec::new();
    let mut total = 0usize;
    let templates = &*TEMPLATES;
    while total < target_bytes && !templates.is_empty() {
        let t = &templates[rng.below(templates.len())];
        let style = if t.bbc {
            Style::Bbc
        } else if !t.timed {
            Style::Itv
        } else {
            [Style::Guardian, Style::Guardian, Style::Iso, Style::Us, Style::Clock][rng.below(5)]
        };
        // Any day of 2014-2025 and any shift of the time of day keep posts in order.
        let day_shift = rng.below(12 * 365) as i64 - (2 * 365 + 60);
        let shift = day_shift * 1440 + rng.below(24 * 60) as i64 - 12 * 60;
        let digit_shift = 1 + rng.below(9) as u8;
        let edition = {
            let d = date_of(
                t.pieces
                    .iter()
                    .find_map(|p| if let Piece::Stamp { minute, .. } = p { Some(*minute) } else { None })
                    .unwrap_or(0)
                    + shift,
            );
            format!(" – {}, {} {} {}", TOWNS[rng.below(TOWNS.len())], d.day(), MONTHS[d.month0() as usize], d.year())
        };
        let mut text =
            String::with_capacity(t.pieces.iter().map(|p| if let Piece::Text(s) = p { s.len() + 60 } else { 0 }).sum());
        for piece in &t.pieces {
            match piece {
                Piece::Text(s) if style == Style::Itv => {
                    for line in s.split_inclusive('\n') {
                        let body = line.trim_end_matches(['\n', '\r']);
                        text.extend(body.chars().map(|c| match c {
                            '0'..='9' => char::from(b'0' + (c as u8 - b'0' + digit_shift) % 10),
                            c => c,
                        }));
                        if is_headline(body) {
                            text.push_str(&edition);
                        }
                        text.push_str(&line[body.len()..]);
                    }
                }
                Piece::Text(s) => text.push_str(s),
                Piece::Stamp { minute, dated } => push_stamp(&mut text, style, minute + shift, *dated),
            }
        }
        let stem = t.name.trim_end_matches(".txt");
        total += text.len();
        files.push((format!("synth-{:05}-{}-{stem}.txt", files.len(), style.outlet()), text));
    }
    files
}

const TOWNS: [&str; 24] = [
    "Leeds",
    "Bristol",
    "Norwich",
    "Carlisle",
    "Exeter",
    "Hull",
    "Leicester",
    "Plymouth",
    "Derby",
    "York",
    "Preston",
    "Ipswich",
    "Oxford",
    "Newcastle",
    "Sheffield",
    "Truro",
    "Luton",
    "Stoke",
    "Bolton",
    "Lincoln",
    "Bath",
    "Dover",
    "Wigan",
    "Crewe",
];

/// An ITV-style headline: a short capitalised line without closing punctuation, not furniture.
fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (3..14).contains(&words)
        && line.starts_with(|c: char| c.is_uppercase())
        && !line.ends_with(['.', ':', ',', ';'])
        && !line.starts_with("Latest ITV")
}

/// Codebook actors with camps, most-covered first (the skew in [`generate_entries`] follows it).
const ACTORS: [(&str, &str); 30] = [
    ("Junior doctors", "doctors"),
    ("Jeremy Hunt", "government"),
    ("BMA", "doctors"),
    ("Government", "government"),
    ("Patients", "public"),
    ("NHS England", "nhs_management"),
    ("David Cameron", "government"),
    ("Johann Malawana", "doctors"),
    ("Mark Porter", "doctors"),
    ("Consultants", "doctors"),
    ("Labour", "opposition"),
    ("Downing Street", "government"),
    ("Department of Health", "government"),
    ("NHS Employers", "nhs_management"),
    ("Danny Mortimer", "nhs_management"),
    ("Hospital trusts", "nhs_management"),
    ("Jeremy Corbyn", "opposition"),
    ("Heidi Alexander", "opposition"),
    ("Simon Stevens", "nhs_management"),
    ("David Dalton", "nhs_management"),
    ("Acas", "other"),
    ("King's Fund", "experts"),
    ("Roy Lilley", "experts"),
    ("BBC", "media"),
    ("Nick Triggle", "media"),
    ("Denis Campbell", "media"),
    ("Tim Farron", "opposition"),
    ("Norman Lamb", "opposition"),
    ("Public", "public"),
    ("Robert Peston", "media"),
];

/// The camp of an actor [`generate_entries`] uses, as a codebook lookup would give it.
pub fn camp_of(name: &str) -> Option<String> {
    ACTORS.iter().find(|(n, _)| *n == name).map(|(_, c)| c.to_string())
}

const FIRST: [&str; 24] = [
    "Helen", "Shruti", "Peter", "Rachel", "Tom", "Aisha", "James", "Priya", "Owen", "Sarah", "Kwame", "Lucy", "Ravi",
    "Emma", "Daniel", "Fatima", "George", "Hannah", "Imran", "Jess", "Mark", "Nadia", "Oliver", "Zoe",
];
const LAST: [&str; 24] = [
    "Nightingale",
    "Patel",
    "Latham",
    "Clarke",
    "Jones",
    "Khan",
    "Smith",
    "Shah",
    "Evans",
    "Taylor",
    "Mensah",
    "Brown",
    "Gupta",
    "Wilson",
    "Murphy",
    "Ali",
    "Roberts",
    "Walker",
    "Hussain",
    "Wright",
    "Green",
    "Begum",
    "Hall",
    "Young",
];
const UNLISTED_CAMPS: [&str; 4] = ["doctors", "public", "doctors", "other"];

/// Paragraphs and short lines of the seeds, reused as bodies and titles.
static PARAGRAPHS: LazyLock<(Vec<&'static str>, Vec<&'static str>)> = LazyLock::new(|| {
    let mut paragraphs = Vec::new();
    let mut titles = Vec::new();
    for (_, text) in SEEDS {
        for line in text.lines().map(str::trim) {
            let len = line.chars().count();
            if len >= 80 && !line.starts_with("This ") {
                paragraphs.push(line);
            } else if (15..=90).contains(&len) && !line.ends_with('.') && !line.contains("published at") {
                titles.push(line);
            }
        }
    }
    (paragraphs, titles)
});

/// `n` analysed entries in blogs of about 40, newest first within each blog, spread over 90
/// days; 15% of blogs carry no times (as ITV's do). Actors come from [`camp_of`]'s list plus
/// `n / 100` (at least 5, at most 2,000) unlisted people.
pub fn generate_entries(n: usize, seed: u64) -> Vec<AnalysedEntry> {
    let mut rng = Rng::new(seed.wrapping_add(0xA11CE));
    let (paragraphs, titles) = &*PARAGRAPHS;
    let unlisted_count = (n / 100).clamp(5, 2000);
    let unlisted: Vec<(String, &str)> = (0..unlisted_count)
        .map(|i| {
            let base = format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / FIRST.len()) % LAST.len()]);
            let name = if i < FIRST.len() * LAST.len() {
                base
            } else {
                format!("{base} {}", i / (FIRST.len() * LAST.len()) + 1)
            };
            (name, UNLISTED_CAMPS[i % UNLISTED_CAMPS.len()])
        })
        .collect();
    let start = NaiveDate::from_ymd_opt(2016, 1, 10).unwrap_or_default();
    let mut out = Vec::with_capacity(n);
    let mut blog = 0usize;
    let mut minute = 0i64;
    let mut blog_timed = true;
    let mut outlet = "bbc";
    let mut pos = 0usize;
    for i in 0..n {
        if i == 0 || rng.chance(3) || pos >= 80 {
            blog += usize::from(i > 0);
            pos = 0;
            blog_timed = !rng.chance(15);
            outlet = ["bbc", "guardian", "itv", "wire", "localnews"][rng.below(5)];
            let day = rng.below(90) as i64;
            minute = day * 1440 + 17 * 60 + rng.below(6 * 60) as i64;
        }
        pos += 1;
        minute -= 2 + rng.below(25) as i64;
        let date = start + Duration::days(minute.div_euclid(1440));
        let tod = minute.rem_euclid(1440);
        let bst = is_bst(date);
        let body_len = 1 + rng.below(4);
        let body: Vec<&str> =
            (0..body_len).filter_map(|_| paragraphs.get(rng.below(paragraphs.len().max(1))).copied()).collect();
        let body = body.join("\n\n");
        let title = (!titles.is_empty() && rng.chance(70)).then(|| titles[rng.below(titles.len())].to_string());

        let stance = match rng.below(100) {
            0..=34 => Stance::Doctors,
            35..=59 => Stance::Government,
            60..=69 => Stance::Mixed,
            _ => Stance::Neutral,
        };
        let mut speakers: Vec<String> = Vec::new();
        let mut mentions: Vec<String> = Vec::new();
        let mut unlisted_here: Vec<UnlistedActor> = Vec::new();
        let mut add = |name: String, speaks: bool, mentions: &mut Vec<String>| {
            if speaks && !speakers.contains(&name) {
                speakers.push(name.clone());
            }
            if !mentions.contains(&name) {
                mentions.push(name);
            }
        };
        for k in 0..rng.below(4) {
            let name = ACTORS[rng.skewed(ACTORS.len())].0.to_string();
            add(name, k == 0 && rng.chance(60), &mut mentions);
        }
        if rng.chance(25) && !unlisted.is_empty() {
            let (name, camp) = &unlisted[rng.skewed(unlisted.len())];
            add(name.clone(), rng.chance(70), &mut mentions);
            unlisted_here.push(UnlistedActor {
                name: name.clone(),
                kind: "person".into(),
                camp: camp.to_string(),
                role: None,
            });
        }
        let evidence: Vec<String> = if stance == Stance::Neutral {
            Vec::new()
        } else {
            body.split(['.', '"', '“', '”'])
                .map(str::trim)
                .filter(|s| s.len() > 20)
                .take(1)
                .map(str::to_string)
                .collect()
        };
        let quotes = speakers
            .iter()
            .map(|s| Quote { speaker: ActorName::from(s.as_str()), text: evidence.first().cloned().unwrap_or_default(), stance })
            .collect();

        let (time, tz, hour, utc, date_s) = if blog_timed {
            let (h, m) = (tod / 60, tod % 60);
            let offset = i64::from(bst) * 60;
            let utc_min = minute - offset;
            let udate = start + Duration::days(utc_min.div_euclid(1440));
            let ut = utc_min.rem_euclid(1440);
            (
                ShortText::new(&format!("{h:02}:{m:02}")),
                ShortText::new(if bst { "BST" } else { "GMT" }),
                Some(h as u8),
                ShortText::new(&format!("{}T{:02}:{:02}:00Z", udate.format("%Y-%m-%d"), ut / 60, ut % 60)),
                ShortText::new(&date.format("%Y-%m-%d").to_string()),
            )
        } else {
            (None, None, None, None, None)
        };
        out.push(AnalysedEntry {
            entry: Entry {
                // sixteen hex digits, as the parser writes ids
                id: EntryId::new(&format!("{:08x}{:08x}", seed as u32, i as u32)).unwrap_or(EntryId::EMPTY),
                source: format!("synth-{blog:05}-{outlet}.txt").into(),
                n: pos,
                title,
                time,
                tz,
                date: date_s,
                utc,
                hour,
                body,
                embeds: if rng.chance(10) { vec!["twitter".into()] } else { Vec::new() },
                line: pos * 10,
            },
            analysis: Analysis {
                speakers: speakers.into_iter().map(ActorName::from).collect(),
                mentions: mentions.into_iter().map(ActorName::from).collect(),
                stance: Some(stance),
                stance_evidence: evidence,
                quotes,
                unlisted: unlisted_here,
                ..Analysis::default()
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_reaches_its_size_and_is_deterministic() {
        let a = generate_corpus(300_000, 7);
        let b = generate_corpus(300_000, 7);
        let c = generate_corpus(300_000, 8);
        assert_eq!(a, b);
        assert_ne!(a, c);
        let total: usize = a.iter().map(|(_, t)| t.len()).sum();
        assert!((300_000..330_000).contains(&total), "{total}");
        let names: std::collections::HashSet<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), a.len(), "file names are unique");
        assert!(generate_corpus(0, 1).is_empty());
    }

    #[test]
    fn every_style_appears_and_stamps_move() {
        let files = generate_corpus(2_000_000, 3);
        for outlet in ["bbc", "guardian", "wire", "usdaily", "localnews", "itv"] {
            assert!(files.iter().any(|(n, _)| n.contains(&format!("-{outlet}-"))), "{outlet}");
        }
        let stamps =
            files.iter().filter(|(n, _)| n.contains("-bbc-")).filter(|(_, t)| !t.contains("10 February 2016")).count();
        assert!(stamps > 0, "dates are moved");
        let iso = files.iter().find(|(n, _)| n.contains("-wire-")).map(|(_, t)| t.as_str()).unwrap_or("");
        assert!(Regex::new(r"(?m)^20\d\d-\d\d-\d\dT\d\d:\d\d(Z|\+01:00)$").map(|r| r.is_match(iso)).unwrap_or(false));
        let us = files.iter().find(|(n, _)| n.contains("-usdaily-")).map(|(_, t)| t.as_str()).unwrap_or("");
        assert!(Regex::new(r"(?m)^\d{1,2}:\d\d [ap]\.m\. ET$").map(|r| r.is_match(us)).unwrap_or(false));
    }

    #[test]
    fn bbc_stamps_stay_newest_first() {
        // Re-reading the written stamps must give the template's order shifted by a constant.
        let files = generate_corpus(400_000, 11);
        let (_, text) = files.iter().find(|(n, _)| n.contains("bbc-feb10-page1")).expect("a bbc page1 copy");
        let mut prev: Option<NaiveDate> = None;
        for c in BBC_STAMP.captures_iter(text) {
            if let (Some(d), Some(mo), Some(y)) = (c.get(3), c.get(4), c.get(5)) {
                let month = MONTHS.iter().position(|x| *x == mo.as_str()).map_or(0, |i| i as u32 + 1);
                let date =
                    NaiveDate::from_ymd_opt(y.as_str().parse().unwrap_or(0), month, d.as_str().parse().unwrap_or(0));
                assert!(date.is_some());
                if let (Some(p), Some(d)) = (prev, date) {
                    assert!(d <= p, "newest first");
                }
                prev = date;
            }
        }
        assert!(prev.is_some());
    }

    #[test]
    fn bst_boundaries() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
        assert!(!is_bst(d(2016, 3, 26)));
        assert!(is_bst(d(2016, 3, 27)));
        assert!(is_bst(d(2016, 10, 29)));
        assert!(!is_bst(d(2016, 10, 30)));
        assert!(!is_bst(d(2016, 2, 10)));
    }

    #[test]
    fn entries_are_varied_and_consistent() {
        let e = generate_entries(5_000, 1);
        assert_eq!(e, generate_entries(5_000, 1));
        assert_eq!(e.len(), 5_000);
        let ids: std::collections::HashSet<&str> = e.iter().map(|x| x.entry.id.as_str()).collect();
        assert_eq!(ids.len(), 5_000);
        assert!(e.iter().any(|x| x.entry.hour.is_none()));
        let hours: std::collections::HashSet<u8> = e.iter().filter_map(|x| x.entry.hour).collect();
        assert!(hours.len() >= 20, "{hours:?}");
        for x in &e {
            for s in &x.analysis.speakers {
                assert!(x.analysis.mentions.contains(s), "mentions include speakers");
            }
            for u in &x.analysis.unlisted {
                assert!(camp_of(&u.name).is_none());
            }
            if let (Some(t), Some(h)) = (&x.entry.time, x.entry.hour) {
                assert_eq!(t[..2].parse::<u8>().ok(), Some(h));
            }
        }
        assert!(e.iter().any(|x| !x.analysis.unlisted.is_empty()));
        assert!(e.iter().all(|x| !x.entry.body.is_empty()));
    }
}
