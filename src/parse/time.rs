//! Times, zones and dates as live blogs print them, and the UTC instant they stand for.
//!
//! Times are kept as published (24-hour `HH:MM`) with the zone as published; the date is the
//! stated one or inferred from siblings by [`infer_dates`]; UTC is derived only from those.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};
use regex::Regex;

use super::stamp_scan;
use crate::model::{ClockText, DateText, ShortText, UtcText, ZoneText};

/// A time stamp found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub hour: u8,
    pub minute: u8,
    /// Normalised zone abbreviation as published (`GMT`, `BST`, `ET`, `+01:00`).
    pub tz: Option<ZoneText>,
    pub date: Option<NaiveDate>,
    /// A date stated without its year (`Posted at 16:45 10 Apr`): (month, day), for a year the
    /// page states elsewhere to complete.
    pub day_month: Option<(u32, u32)>,
    /// Byte length of the stamp within the line (including a trailing separator).
    pub len: usize,
    /// Whether the stamp could only be a time: am/pm, a zone, a date, a lead word such as
    /// `Updated`, a separator after it, or a colon clock before a capital. Plain `1.50 per
    /// hour` at a line start is not strong.
    pub strong: bool,
}

impl Stamp {
    /// `HH:MM`; `None` only for an hour or minute past 99, which no reader makes.
    pub fn hhmm(&self) -> Option<ClockText> {
        let mut out = ClockText::EMPTY;
        push_padded(&mut out, self.hour.into(), 2)?;
        out.push_str(":")?;
        push_padded(&mut out, self.minute.into(), 2)?;
        Some(out)
    }
}

const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const WEEKDAYS: &str = "(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?";
/// Abbreviations are matched in capitals only, so "10am et al" is not Eastern Time.
const ZONES: &str = r"(?i:greenwich mean time|british summer time|uk time|local time)|UTC|GMT|BST|CEST|CET|EEST|EET|EDT|EST|ET|CDT|CST|CT|MDT|MST|MT|PDT|PST|PT|AEDT|AEST|IST|JST|HKT|SGT|Z|[+-]\d{2}:?\d{2}";

/// A clock time with optional am/pm, e.g. `3.23pm`, `17:25`, `1:23 p.m.`, `11am`.
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::\d{2}(?:\.\d+)?)?)?\s?(?P<ampm>[ap]\.?\s?m\.?)?").expect("clock regex")
});

static ZONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^\s?\(?(?P<z>{ZONES})\)?\b")).expect("zone regex"));

/// `10 February 2016`, `Sunday, 16 February 2014`, `Feb 10, 2016`, `10 Feb`, `2016-02-10`.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:on\s+)?(?:{WEEKDAYS}\.?,?\s+)?(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MONTHS})\.?,?(?:\s+(?P<y1>\d{{4}}))?|(?P<m2>{MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))\b"
    ))
    .expect("date regex")
});

/// ISO 8601 date-times: `2024-03-05T14:05:00Z`, `2024-03-05 14:05`.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[T ](?P<h>\d{2}):(?P<m>\d{2})(?::\d{2}(?:\.\d+)?)?(?P<z>Z|[+-]\d{2}:?\d{2})?").expect("iso regex")
});

/// Words that may stand before a time: `Updated 14:05`, `Posted at 2.05pm`.
static LEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:updated|posted|published|filed)(?:\s+at)?:?\s+").expect("lead regex"));

/// `CLOCK`'s captures, read by hand ([`stamp_scan::clock`]) or, where it cannot tell, by the regex.
fn clock_caps(s: &str) -> Option<stamp_scan::ClockCaps> {
    stamp_scan::clock(s).unwrap_or_else(|_| clock_by_regex(s))
}

fn clock_by_regex(s: &str) -> Option<stamp_scan::ClockCaps> {
    let caps = CLOCK.captures(s)?;
    Some(stamp_scan::ClockCaps {
        h: caps.name("h")?.range(),
        m: caps.name("m").map(|m| m.range()),
        ampm: caps.name("ampm").map(|m| m.range()),
        end: caps.get(0)?.end(),
    })
}

/// `ZONE`'s captures (see [`clock_caps`]).
fn zone_caps(s: &str) -> Option<stamp_scan::ZoneCaps> {
    stamp_scan::zone(s).unwrap_or_else(|_| zone_by_regex(s))
}

fn zone_by_regex(s: &str) -> Option<stamp_scan::ZoneCaps> {
    let caps = ZONE.captures(s)?;
    Some(stamp_scan::ZoneCaps { z: caps.name("z")?.range(), end: caps.get(0)?.end() })
}

/// `DATE`'s captures (see [`clock_caps`]).
fn date_caps(s: &str) -> Option<stamp_scan::DateCaps> {
    stamp_scan::date(s).unwrap_or_else(|_| date_by_regex(s))
}

fn date_by_regex(s: &str) -> Option<stamp_scan::DateCaps> {
    let caps = DATE.captures(s)?;
    let end = caps.get(0)?.end();
    let range = |n: &str| caps.name(n).map(|m| m.range());
    Some(if let Some(d) = range("d1") {
        stamp_scan::DateCaps { numeric: false, d, m: range("m1")?, y: range("y1"), end }
    } else if let Some(d) = range("d2") {
        stamp_scan::DateCaps { numeric: false, d, m: range("m2")?, y: range("y2"), end }
    } else {
        stamp_scan::DateCaps { numeric: true, d: range("d3")?, m: range("m3")?, y: Some(range("y3")?), end }
    })
}

/// `ISO`'s captures (see [`clock_caps`]).
fn iso_caps(s: &str) -> Option<stamp_scan::IsoCaps> {
    stamp_scan::iso(s).unwrap_or_else(|_| iso_by_regex(s))
}

fn iso_by_regex(s: &str) -> Option<stamp_scan::IsoCaps> {
    let caps = ISO.captures(s)?;
    let range = |n: &str| caps.name(n).map(|m| m.range());
    Some(stamp_scan::IsoCaps {
        y: range("y")?,
        mo: range("mo")?,
        d: range("d")?,
        h: range("h")?,
        m: range("m")?,
        z: range("z"),
        end: caps.get(0)?.end(),
    })
}

/// End of `LEAD`'s match (see [`clock_caps`]).
fn lead_end(s: &str) -> Option<usize> {
    stamp_scan::lead(s).unwrap_or_else(|_| LEAD.find(s).map(|m| m.end()))
}

/// An emoji or pictographic symbol, or a character joining or styling one.
pub fn is_pictograph(c: char) -> bool {
    matches!(c as u32, 0x2190..=0x2BFF | 0x1F000..=0x1FAFF | 0xFE00..=0xFE0F | 0x200D | 0x20E3 | 0x3030 | 0x303D | 0x3297 | 0x3299)
}

/// Length of the pictographs (emoji, symbols such as `⏰`, with their joiners and
/// variation selectors) and spaces opening `s`: some blogs mark a time or a title with one.
pub fn emoji_prefix_len(s: &str) -> usize {
    let mut end = 0;
    let mut seen = false;
    for (i, c) in s.char_indices() {
        if is_pictograph(c) {
            seen = true;
        } else if !(seen && c.is_whitespace()) {
            break;
        }
        end = i + c.len_utf8();
    }
    end
}

/// Length of a lead word such as `Updated at ` at the start of `s` (0 when there is none).
pub fn lead_len(s: &str) -> usize {
    lead_end(s).unwrap_or(0)
}

/// Reads a clock at the start of `s`: (hour 0-23, minute, had am/pm, bytes used).
pub fn clock(s: &str) -> Option<(u8, u8, bool, usize)> {
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let caps = clock_caps(s)?;
    let mut hour: u8 = s[caps.h].parse().ok()?;
    let minute: u8 = match &caps.m {
        Some(m) => s[m.clone()].parse().ok()?,
        None => 0,
    };
    // Whether the am/pm reads pm (its first letter, in either case).
    let pm = caps.ampm.map(|a| s.as_bytes()[a.start].eq_ignore_ascii_case(&b'p'));
    if caps.m.is_none() && pm.is_none() {
        return None; // a bare number is not a time
    }
    if minute > 59 {
        return None;
    }
    match pm {
        Some(pm) => {
            if hour == 0 || hour > 12 {
                return None;
            }
            hour = match (pm, hour) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, h) => h,
            };
        }
        None if hour > 23 => return None,
        None => {}
    }
    let used = caps.end;
    // "3.5 million", "10.30am-ish" are fine; "2.055" or "14:05:99" are not times. A digit
    // after a space starts the next word (`16:45 10 Apr`), not more of the clock.
    let glued = s[..used].trim_end().len();
    if glued == used && s[used..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((hour, minute, pm.is_some(), used))
}

/// Normalises a published zone name: `Greenwich Mean Time` -> `GMT`; abbreviations upper-cased.
pub fn normalise_zone(z: &str) -> Option<ZoneText> {
    let t = z.trim();
    if t.eq_ignore_ascii_case("greenwich mean time") {
        ZoneText::new("GMT")
    } else if t.eq_ignore_ascii_case("british summer time") {
        ZoneText::new("BST")
    } else if t.eq_ignore_ascii_case("uk time") {
        ZoneText::new("UK")
    } else if t.eq_ignore_ascii_case("local time") {
        None
    } else if t.eq_ignore_ascii_case("z") {
        ZoneText::new("UTC")
    } else {
        // the zones matched are at most six bytes (`+05:30`)
        ZoneText::new(t).map(ZoneText::to_ascii_uppercase)
    }
}

/// Reads a date at the start of `s` (after optional weekday); the year may be missing.
pub fn date_prefix(s: &str) -> Option<(Option<i32>, u32, u32, usize)> {
    let caps = date_caps(s)?;
    if caps.numeric {
        let y: i32 = s[caps.y?].parse().ok()?;
        let m: u32 = s[caps.m].parse().ok()?;
        let d: u32 = s[caps.d].parse().ok()?;
        NaiveDate::from_ymd_opt(y, m, d)?;
        return Some((Some(y), m, d, caps.end));
    }
    let day: u32 = s[caps.d].parse().ok()?;
    let month = month_number(&s[caps.m])?;
    let year = match caps.y {
        Some(y) => Some(s[y].parse().ok()?),
        None => None,
    };
    if !(1..=31).contains(&day) {
        return None;
    }
    Some((year, month, day, caps.end))
}

/// Finds the first full date (with year) anywhere in a line, e.g. in `Last Updated: ...`.
pub fn find_date(s: &str) -> Option<NaiveDate> {
    let mut start = 0;
    while start < s.len() {
        if let Some((Some(y), m, d, _)) = date_prefix(&s[start..]) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return Some(date);
            }
        }
        // Advance to the next word.
        let next = s[start..].find(|c: char| !c.is_alphanumeric()).map(|i| start + i + 1);
        match next {
            Some(n) if n > start => {
                start = n;
                while start < s.len() && !s.is_char_boundary(start) {
                    start += 1;
                }
            }
            _ => break,
        }
    }
    None
}

/// The month a name starts with (its first three letters, in any case).
fn month_number(m: &str) -> Option<u32> {
    let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let head = m.as_bytes().get(..3)?;
    names.iter().position(|n| head.eq_ignore_ascii_case(n.as_bytes())).map(|i| i as u32 + 1)
}

/// Reads a time stamp at the start of a line: optional lead word, optional date, clock,
/// optional zone, optional date. Returns None when the line does not start with a time.
///
/// The test that turns most lines away is inlined into the callers; the reading is not (a call
/// per line, most of them turned away, cost more than the test).
#[inline(always)]
pub fn stamp_at_start(line: &str) -> Option<Stamp> {
    if !may_start_with_stamp(line) {
        return None;
    }
    read_stamp_at_start(line)
}

/// [`stamp_at_start`] of a line [`may_start_with_stamp`] lets through.
#[inline(never)]
fn read_stamp_at_start(line: &str) -> Option<Stamp> {
    let mut pos = lead_end(line).unwrap_or(0);
    let had_lead = pos > 0;
    // with no lead word, a line opening with a letter is a stamp only from a date on
    if !had_lead && line.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) && !may_open_with_date(line) {
        return None;
    }

    let iso = line.as_bytes().get(pos + 4) == Some(&b'-');
    if let Some(caps) = iso.then(|| iso_caps(&line[pos..])).flatten() {
        let text = &line[pos..];
        let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
        let date = NaiveDate::from_ymd_opt(num(caps.y)? as i32, num(caps.mo)?, num(caps.d)?)?;
        let (hour, minute) = (num(caps.h)?, num(caps.m)?);
        if hour > 23 || minute > 59 {
            return None;
        }
        let mut tz = caps.z.and_then(|z| normalise_zone(&text[z]));
        let mut len = pos + caps.end;
        if tz.is_none() {
            if let Some(zone) = zone_caps(&line[len..]) {
                tz = normalise_zone(&line[len..][zone.z]);
                len += zone.end;
            }
        }
        return Some(Stamp { hour: hour as u8, minute: minute as u8, tz, date: Some(date), day_month: None, len: skip_separator(line, len), strong: true });
    }

    let mut date = None;
    let mut day_month = None;
    // A line that opens with a clock (`13:56`, `3.23pm`) cannot open with a date: skip the
    // date regex for the commonest stamp.
    let clock_first = {
        let b = &line.as_bytes()[pos..];
        let digits = b.iter().take(3).take_while(|c| c.is_ascii_digit()).count();
        (1..=2).contains(&digits) && matches!(b.get(digits), Some(b':' | b'.'))
    };
    if let Some((y, m, d, used)) = (!clock_first).then(|| date_prefix(&line[pos..])).flatten() {
        let after = pos + used;
        let rest = line[after..].trim_start_matches([' ', ',']);
        // Only a date directly followed by a time counts here ("16 Feb 2016 15.23 GMT").
        if clock(rest).is_some() {
            date = y.and_then(|y| NaiveDate::from_ymd_opt(y, m, d));
            day_month = y.is_none().then_some((m, d));
            pos = line.len() - rest.len();
        }
    }

    let (hour, minute, had_ampm, used) = clock(&line[pos..])?;
    let colon = line[pos..pos + used].contains(':');
    pos += used;
    // where the clock ends: text glued to it (`13.15BMA responds`) is the post's title
    let clock_end = pos;
    let mut tz = None;
    if let Some(caps) = zone_caps(&line[pos..]) {
        // "ET" or "MT" must not be the start of a word like "ETA".
        tz = normalise_zone(&line[pos..][caps.z]);
        pos += caps.end;
    }
    let rest = &line[pos..];
    let trimmed = rest.trim_start_matches([' ', ',']);
    if date.is_none() {
        if let Some((y, m, d, used)) = date_prefix(trimmed) {
            date = y.and_then(|y| NaiveDate::from_ymd_opt(y, m, d));
            day_month = y.is_none().then_some((m, d));
            pos = line.len() - trimmed.len() + used;
        }
    }
    let len = skip_separator(line, pos);
    let rest = &line[len..];
    let separated = len > pos && !line[pos..len].trim().is_empty();
    let strong = rest.is_empty()
        || had_ampm
        || had_lead
        || tz.is_some()
        || date.is_some()
        || day_month.is_some()
        || separated
        || ((colon || (len == clock_end && !line[..clock_end].ends_with(char::is_whitespace)))
            && rest.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“'));
    Some(Stamp { hour, minute, tz, date, day_month, len, strong })
}

/// The BBC's post stamp, `13:56 Greenwich Mean Time 10 February 2016` (or `British Summer
/// Time`) with nothing after it, read by hand: [`stamp_at_start`] reads it with four
/// searches, about 3,200 instructions a post line. Anything else (other case, a one-digit
/// hour, an impossible time or date, more text) is `None`, for the general path.
pub(crate) fn bbc_stamp(line: &str) -> Option<Stamp> {
    let b = line.as_bytes();
    let digit = |i: usize| b.get(i).filter(|c| c.is_ascii_digit()).map(|c| u32::from(c - b'0'));
    let (hour, minute) = (digit(0)? * 10 + digit(1)?, digit(3)? * 10 + digit(4)?);
    if b.get(2) != Some(&b':') || b.get(5) != Some(&b' ') || hour > 23 || minute > 59 {
        return None;
    }
    let rest = line.get(6..)?;
    let (tz, rest) = match rest.strip_prefix("Greenwich Mean Time ") {
        Some(r) => ("GMT", r),
        None => ("BST", rest.strip_prefix("British Summer Time ")?),
    };
    // `D MONTH YYYY`, read from the bytes (two `split_once` searches and a month name compared
    // with each name in turn cost about 400 instructions a post line): the day's one or two
    // digits end at the first space, the year is the last four bytes after a space, and the
    // month between them is a name, which holds no space.
    let r = rest.as_bytes();
    let day_len = r.iter().take(3).position(|&c| c == b' ').filter(|&n| n >= 1)?;
    let year_at = r.len().checked_sub(4).filter(|&y| y > day_len + 1 && r.get(y - 1) == Some(&b' '))?;
    let number = |digits: &[u8]| digits.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    let (day, year) = (number(r.get(..day_len)?)?, number(r.get(year_at..)?)?);
    let month = match r.get(day_len + 1..year_at - 1)? {
        b"January" => 1,
        b"February" => 2,
        b"March" => 3,
        b"April" => 4,
        b"May" => 5,
        b"June" => 6,
        b"July" => 7,
        b"August" => 8,
        b"September" => 9,
        b"October" => 10,
        b"November" => 11,
        b"December" => 12,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    // the stamp is the whole line: no separator after it to skip
    Some(Stamp { hour: hour as u8, minute: minute as u8, tz: ZoneText::new(tz), date: Some(date), day_month: None, len: line.len(), strong: true })
}

/// A cheap test run before the regexes on every line of a file: a stamp starts with a digit,
/// a lead word (`Updated`), a weekday or a month name.
fn may_start_with_stamp(line: &str) -> bool {
    let first = match line.as_bytes().first() {
        Some(b) => *b,
        None => return false,
    };
    if first.is_ascii_digit() {
        return true;
    }
    if !first.is_ascii_alphabetic() {
        return false;
    }
    // The leading letters (at most ten), compared in place: no lowercase copy per line. Every
    // start word has at least three letters, and its first three pick it.
    let letters = line.bytes().take(10).take_while(u8::is_ascii_alphabetic).count();
    let word = &line.as_bytes()[..letters];
    let Some(&[a, b, c]) = word.first_chunk::<3>() else { return false };
    // `| 0x20` lowercases an ASCII letter
    let is = |s: &str| word.get(..s.len()).is_some_and(|w| w.eq_ignore_ascii_case(s.as_bytes()));
    match &[a | 0x20, b | 0x20, c | 0x20] {
        b"upd" => is("updated"),
        b"pos" => is("posted"),
        b"pub" => is("published"),
        b"fil" => is("filed"),
        b"mon" | b"tue" | b"wed" | b"thu" | b"fri" | b"sat" | b"sun" | b"jan" | b"feb" | b"mar" | b"apr" | b"may"
        | b"jun" | b"jul" | b"aug" | b"sep" | b"oct" | b"nov" | b"dec" => true,
        _ => false,
    }
}

/// False when [`DATE`] cannot match at the start of `line`, which opens with an ASCII letter:
/// a date opening with a word opens with `on`, a weekday or a month, the whole word one of
/// their forms (then `.`, `,` or white space, none of them a letter). So a run of ASCII
/// letters that is no form, ended by an ASCII byte or the line's end, opens no date. A
/// non-ASCII character after the letters may be a folded `ſ` or Kelvin sign inside the
/// word, or white space: "maybe". Lines such as `Junior doctors…` or `Maryann…` were read by
/// each of the date reader's alternatives, about 1,000 instructions a line.
fn may_open_with_date(line: &str) -> bool {
    const MONTH_FORMS: [&str; 24] = [
        "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug", "august",
        "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
    ];
    const WEEKDAY_STEMS: [&str; 10] = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"];
    const WEEKDAY_ENDS: [&str; 6] = ["", "day", "sday", "nesday", "rsday", "urday"];
    let b = line.as_bytes();
    let run = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if b.get(run).is_some_and(|&c| c >= 0x80) {
        return true;
    }
    let word = b.get(..run).unwrap_or_default();
    let is = |form: &str| word.eq_ignore_ascii_case(form.as_bytes());
    is("on")
        || MONTH_FORMS.iter().any(|m| is(m))
        || WEEKDAY_STEMS.iter().any(|stem| {
            word.get(..stem.len()).is_some_and(|head| head.eq_ignore_ascii_case(stem.as_bytes()))
                && word.get(stem.len()..).is_some_and(|end| WEEKDAY_ENDS.iter().any(|e| end.eq_ignore_ascii_case(e.as_bytes())))
        })
}

fn skip_separator(line: &str, pos: usize) -> usize {
    let rest = &line[pos..];
    let trimmed = rest.trim_start_matches(' ');
    let after_sep = trimmed
        .strip_prefix(':')
        .or_else(|| trimmed.strip_prefix(" -"))
        .or_else(|| trimmed.strip_prefix("- "))
        .or_else(|| trimmed.strip_prefix('–'))
        .or_else(|| trimmed.strip_prefix('—'))
        .or_else(|| trimmed.strip_prefix('|'))
        .unwrap_or(trimmed);
    line.len() - after_sep.trim_start_matches(' ').len()
}

/// Fixed offsets in minutes east of UTC for zones that are not region names.
fn fixed_offset_minutes(tz: &str) -> Option<i32> {
    Some(match tz {
        "GMT" | "UTC" | "Z" => 0,
        "BST" | "CET" | "WAT" => 60,
        "CEST" | "EET" | "SAST" => 120,
        "EEST" => 180,
        "IST" => 330,
        "SGT" | "HKT" | "AWST" => 480,
        "JST" => 540,
        "AEST" => 600,
        "AEDT" => 660,
        "EST" => -300,
        "EDT" => -240,
        "CDT" => -300,
        "CST" => -360,
        "MDT" => -360,
        "MST" => -420,
        "PDT" => -420,
        "PST" => -480,
        _ => return parse_numeric_offset(tz),
    })
}

fn parse_numeric_offset(tz: &str) -> Option<i32> {
    let (sign, rest) = match tz.as_bytes().first()? {
        b'+' => (1, &tz[1..]),
        b'-' => (-1, &tz[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() != 4 {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    Some(sign * (h * 60 + m))
}

/// Zones named by region, whose offset depends on the date (daylight saving).
fn region(tz: &str) -> Option<chrono_tz::Tz> {
    Some(match tz {
        "ET" => chrono_tz::America::New_York,
        "CT" => chrono_tz::America::Chicago,
        "MT" => chrono_tz::America::Denver,
        "PT" => chrono_tz::America::Los_Angeles,
        "UK" => chrono_tz::Europe::London,
        _ => return None,
    })
}

/// The UTC instant (RFC 3339) of a wall-clock time in a published zone, when both are known.
pub fn to_utc(date: NaiveDate, hour: u8, minute: u8, tz: &str) -> Option<UtcText> {
    let local = NaiveDateTime::new(date, NaiveTime::from_hms_opt(hour.into(), minute.into(), 0)?);
    let utc = if let Some(offset) = fixed_offset_minutes(tz) {
        local - chrono::Duration::minutes(offset.into())
    } else {
        let zone = region(tz)?;
        zone.from_local_datetime(&local).earliest()?.naive_utc()
    };
    iso_instant(utc)
}

/// Appends `v` in decimal, zero-padded to `width` digits, as `format!("{v:0width$}")` does
/// (a value with more digits is written whole), without the formatting machinery: it ran
/// for every entry's time, date and instant. Always inlined (the compiler kept it a call), so
/// that each caller's constant width picks its case at compile time. `None` when `out` is
/// full.
#[inline(always)]
pub(crate) fn push_padded<const N: usize>(out: &mut ShortText<N>, v: u32, width: usize) -> Option<()> {
    // the usual cases, from a table of digit pairs: two digits (hours, minutes, months, days)
    // and four (years)
    if width == 2 && v < 100 {
        return out.push_str(digit_pair(v));
    }
    if width == 4 && v < 10_000 {
        out.push_str(digit_pair(v / 100))?;
        return out.push_str(digit_pair(v % 100));
    }
    push_padded_digits(out, v, width)
}

/// "00" to "99", for [`digit_pair`].
const DIGIT_PAIRS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// `v` (below 100) as two digits.
#[inline(always)]
fn digit_pair(v: u32) -> &'static str {
    let at = v as usize * 2;
    DIGIT_PAIRS.get(at..at + 2).unwrap_or("00")
}

/// [`push_padded`] digit by digit, for any value and width.
fn push_padded_digits<const N: usize>(out: &mut ShortText<N>, v: u32, width: usize) -> Option<()> {
    let mut digits = [0u8; 10];
    let mut n = 0;
    let mut rest = v;
    loop {
        digits[n] = b'0' + (rest % 10) as u8;
        n += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in n..width {
        out.push_str("0")?;
    }
    digits[..n].reverse();
    out.push_str(std::str::from_utf8(&digits[..n]).ok()?)
}

/// `YYYY-MM-DD`, as chrono's `%Y-%m-%d` writes it, without interpreting a format string per
/// entry (that was most of the cost of dating an entry). Years outside 0..=9999, which
/// chrono writes with a sign or more digits, still go through chrono. `None` never happens:
/// chrono's longest date is 13 bytes.
pub fn iso_date(d: NaiveDate) -> Option<DateText> {
    if (0..=9999).contains(&d.year()) {
        let mut out = DateText::EMPTY;
        push_iso_date(&mut out, d)?;
        Some(out)
    } else {
        DateText::new(&d.format("%Y-%m-%d").to_string())
    }
}

/// [`iso_date`]'s digits for a year in 0..=9999, appended to `out`.
fn push_iso_date<const N: usize>(out: &mut ShortText<N>, d: NaiveDate) -> Option<()> {
    push_padded(out, d.year() as u32, 4)?;
    out.push_str("-")?;
    push_padded(out, d.month(), 2)?;
    out.push_str("-")?;
    push_padded(out, d.day(), 2)
}

/// `YYYY-MM-DDTHH:MM:SSZ`, as chrono's `%Y-%m-%dT%H:%M:%SZ` writes it (see [`iso_date`];
/// chrono's longest is 23 bytes).
fn iso_instant(t: NaiveDateTime) -> Option<UtcText> {
    if (0..=9999).contains(&t.year()) {
        let mut out = UtcText::EMPTY;
        push_iso_date(&mut out, t.date())?;
        out.push_str("T")?;
        push_padded(&mut out, t.hour(), 2)?;
        out.push_str(":")?;
        push_padded(&mut out, t.minute(), 2)?;
        out.push_str(":")?;
        push_padded(&mut out, t.second(), 2)?;
        out.push_str("Z")?;
        Some(out)
    } else {
        UtcText::new(&t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    }
}

/// Fills missing dates from dated siblings. `items` are (date, minutes since midnight) in
/// document order. Pages run newest first or oldest first; the order is read from the times,
/// and a step the wrong way means midnight was crossed.
pub fn infer_dates(items: &mut [(Option<NaiveDate>, Option<u16>)]) -> usize {
    let newest_first = page_runs_newest_first(items);
    let mut filled = 0;
    // Forward pass: carry the last known date down the page.
    let mut carried: Option<(NaiveDate, Option<u16>)> = None;
    let mut inferred = vec![None; items.len()];
    for (i, (date, minutes)) in items.iter().enumerate() {
        match (date, carried) {
            (Some(d), _) => carried = Some((*d, *minutes)),
            (None, Some((d, prev))) => {
                let crossed = match (prev, minutes) {
                    (Some(p), Some(m)) => if newest_first { *m > p } else { *m < p },
                    _ => false,
                };
                let day = if crossed { step(d, !newest_first) } else { Some(d) };
                if let Some(day) = day {
                    inferred[i] = Some(day);
                    carried = Some((day, minutes.or(prev)));
                }
            }
            (None, None) => {}
        }
    }
    // Backward pass for posts above the first dated one.
    let mut carried: Option<(NaiveDate, Option<u16>)> = None;
    for i in (0..items.len()).rev() {
        let (date, minutes) = items[i];
        let known = date.or(inferred[i]);
        match (known, carried) {
            (Some(d), _) => carried = Some((d, minutes)),
            (None, Some((d, next))) => {
                let crossed = match (next, minutes) {
                    (Some(n), Some(m)) => if newest_first { m < n } else { m > n },
                    _ => false,
                };
                let day = if crossed { step(d, newest_first) } else { Some(d) };
                if let Some(day) = day {
                    inferred[i] = Some(day);
                    carried = Some((day, minutes.or(next)));
                }
            }
            (None, None) => {}
        }
    }
    for (item, guess) in items.iter_mut().zip(inferred) {
        if item.0.is_none() && guess.is_some() {
            item.0 = guess;
            filled += 1;
        }
    }
    filled
}

fn step(d: NaiveDate, forward: bool) -> Option<NaiveDate> {
    if forward { d.succ_opt() } else { d.pred_opt() }
}

/// Live blogs usually run newest first; the times decide (more falls than rises = newest first).
fn page_runs_newest_first(items: &[(Option<NaiveDate>, Option<u16>)]) -> bool {
    let times: Vec<u16> = items.iter().filter_map(|(_, m)| *m).collect();
    let falls = times.windows(2).filter(|w| w[1] < w[0]).count();
    let rises = times.windows(2).filter(|w| w[1] > w[0]).count();
    falls >= rises
}

#[cfg(test)]
mod tests {

    /// [`bbc_stamp`], when it answers, answers as [`stamp_at_start`] does: on the stamp of
    /// every BBC post line of the seeds, and on every hour, minute, day, month and year
    /// around the valid ones, both zones in other cases and forms, and text after the stamp.
    #[test]
    fn bbc_stamp_is_stamp_at_start() {
        let mut stamps: Vec<String> = Vec::new();
        for (_, text) in crate::sample::SEEDS {
            for l in text.lines() {
                if let Some(at) = l.find("published at") {
                    stamps.push(l[at + 12..].trim().to_string());
                }
            }
        }
        let from_seeds = stamps.len();
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
            "December", "january", "Feb", "Sept", "JUNE", "Mayday", "Smarch"];
        for (h, m) in [("00", "00"), ("09", "05"), ("13", "56"), ("23", "59"), ("24", "00"), ("12", "60"), ("9", "05"), ("1", "5"), ("99", "99")] {
            for zone in ["Greenwich Mean Time", "British Summer Time", "greenwich mean time", "BRITISH SUMMER TIME", "GMT", "Local Time"] {
                for day in ["0", "00", "1", "01", "9", "10", "28", "29", "30", "31", "32", "99", "123", "1st"] {
                    for month in months {
                        for year in ["2016", "2024", "2023", "0000", "9999", "16", "20166"] {
                            stamps.push(format!("{h}:{m} {zone} {day} {month} {year}"));
                        }
                    }
                }
            }
        }
        for tail in ["", " ", " x", " - Minister", ": a", "!", " 2016"] {
            stamps.push(format!("13:56 Greenwich Mean Time 10 February 2016{tail}"));
            stamps.push(format!("13:56{tail} British Summer Time 1 June 2016"));
        }
        for s in ["13.56 Greenwich Mean Time 10 February 2016", "13:56  Greenwich Mean Time 10 February 2016",
            "13:56 Greenwich Mean Time  10 February 2016", "13:56 Greenwich Mean Time 10  February 2016", "13:56 Greenwich Mean Time", "",
            "13:56 Greenwich Mean Time 1 May2016", "13:56 Greenwich Mean Time 1May 2016", "13:56 Greenwich Mean Time  May 2016",
            "13:56 Greenwich Mean Time 1 May 2016", "13:56 Greenwich Mean Time 1  2016", "13:56 Greenwich Mean Time 1 2016",
            "13:56 Greenwich Mean Time 12 May 201", "13:56 Greenwich Mean Time 12 May x2016", "13:56 British Summer Time 7 July 2016"] {
            stamps.push(s.to_string());
        }
        let mut fast = 0;
        for (i, s) in stamps.iter().enumerate() {
            if let Some(st) = bbc_stamp(s) {
                fast += 1;
                assert_eq!(Some(st), stamp_at_start(s), "{s:?}");
            } else {
                assert!(i >= from_seeds || stamp_at_start(s).is_none() || !s.contains(" Time "), "{s:?}");
            }
        }
        assert!(from_seeds > 20 && fast > 1000, "{from_seeds} {fast}");
    }
    use super::*;

    #[test]
    fn push_padded_is_format() {
        // the table's cases against the digit loop, every value and width around them
        for v in 0..=10_001u32 {
            for width in 0..=5 {
                let (mut fast, mut general) = (UtcText::new("x").unwrap(), UtcText::new("x").unwrap());
                assert_eq!(push_padded(&mut fast, v, width), Some(()));
                assert_eq!(push_padded_digits(&mut general, v, width), Some(()));
                assert_eq!(fast, general);
            }
        }
        assert_eq!(DIGIT_PAIRS.len(), 200);
        for v in [0u32, 1, 9, 10, 59, 99, 100, 999, 1000, 2016, 9999, 10000, 123_456, u32::MAX] {
            for width in [0, 1, 2, 4, 12] {
                let mut out = UtcText::new("x").unwrap();
                assert_eq!(push_padded(&mut out, v, width), Some(()));
                assert_eq!(out.as_str(), format!("x{v:0width$}"));
            }
        }
        // digits that do not fit say so (the callers then drop the text)
        for (v, width) in [(123, 2), (5, 4), (12_345, 0)] {
            assert_eq!(push_padded(&mut ShortText::<3>::new("x").unwrap(), v, width), None);
        }
        let mut full = ShortText::<3>::new("x").unwrap();
        assert_eq!(push_padded(&mut full, 7, 2), Some(()));
        assert_eq!(full.as_str(), "x07");
        for (h, m) in [(0, 0), (9, 5), (23, 59), (99, 99)] {
            let s = Stamp { hour: h, minute: m, tz: None, date: None, day_month: None, len: 0, strong: false };
            assert_eq!(s.hhmm().unwrap().as_str(), format!("{h:02}:{m:02}"));
        }
        let s = Stamp { hour: 100, minute: 255, tz: None, date: None, day_month: None, len: 0, strong: false };
        assert_eq!(s.hhmm(), None);
    }

    #[test]
    fn iso_formats_agree_with_chrono() {
        for (y, m, d) in [(2016, 2, 10), (1, 1, 1), (0, 12, 31), (9999, 12, 31), (10000, 1, 1), (-1, 6, 5)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso_date(date).unwrap().as_str(), date.format("%Y-%m-%d").to_string());
            let t = date.and_hms_opt(7, 5, 9).unwrap();
            assert_eq!(iso_instant(t).unwrap().as_str(), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
        // chrono's longest fit
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            assert_eq!(iso_date(date).unwrap().as_str(), date.format("%Y-%m-%d").to_string());
            let t = date.and_hms_opt(23, 59, 59).unwrap();
            assert_eq!(iso_instant(t).unwrap().as_str(), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
    }

    fn st(line: &str) -> Option<(String, Option<String>, Option<String>, String)> {
        stamp_at_start(line).map(|s| {
            let hhmm = s.hhmm().expect("a clock read fits HH:MM").to_string();
            (hhmm, s.tz.map(|z| z.to_string()), s.date.map(|d| d.to_string()), line[s.len..].to_string())
        })
    }

    #[test]
    fn guardian_styles() {
        assert_eq!(st("3.23pm BST"), Some(("15:23".into(), Some("BST".into()), None, "".into())));
        assert_eq!(st("11.40am GMT").map(|s| s.0), Some("11:40".into()));
        assert_eq!(st("17.25 GMT").map(|s| s.1), Some(Some("GMT".into())));
        assert_eq!(st("20:09"), Some(("20:09".into(), None, None, "".into())));
        assert_eq!(st("12.05am BST").map(|s| s.0), Some("00:05".into()));
        assert_eq!(st("12.30pm").map(|s| s.0), Some("12:30".into()));
    }

    #[test]
    fn prefixes_with_text() {
        assert_eq!(st("22.00: The vote is in"), Some(("22:00".into(), None, None, "The vote is in".into())));
        assert_eq!(st("1:23 p.m. ET Senate adjourns").map(|s| (s.0, s.1, s.3)),
            Some(("13:23".into(), Some("ET".into()), "Senate adjourns".into())));
        assert_eq!(st("Updated 14:05").map(|s| s.0), Some("14:05".into()));
        assert_eq!(st("2.05pm Minister speaks").map(|s| s.3), Some("Minister speaks".into()));
        assert_eq!(st("14:05 - Breaking").map(|s| s.3), Some("Breaking".into()));
    }

    #[test]
    fn bbc_style_with_long_zone_and_date() {
        let s = st("13:56 Greenwich Mean Time 10 February 2016").unwrap();
        assert_eq!(s, ("13:56".into(), Some("GMT".into()), Some("2016-02-10".into()), "".into()));
        let s = st("09:15 British Summer Time 5 June 2016").unwrap();
        assert_eq!(s.1.as_deref(), Some("BST"));
    }

    #[test]
    fn iso_and_dated_stamps() {
        let s = st("2024-03-05T14:05:00Z Polls close").unwrap();
        assert_eq!(s, ("14:05".into(), Some("UTC".into()), Some("2024-03-05".into()), "Polls close".into()));
        let s = st("2024-03-05 14:05 GMT - Markets open").unwrap();
        assert_eq!(s, ("14:05".into(), Some("GMT".into()), Some("2024-03-05".into()), "Markets open".into()));
        let s = st("Tue 16 Feb 2016 15.23 GMT").unwrap();
        assert_eq!(s.2.as_deref(), Some("2016-02-16"));
        assert_eq!(s.0, "15:23");
    }

    #[test]
    fn weak_stamps_are_marked() {
        assert!(!stamp_at_start("1.50 per hour is the rate").unwrap().strong);
        assert!(stamp_at_start("14:05 Minister resigns").unwrap().strong);
        assert!(stamp_at_start("10.30 - Minister resigns").unwrap().strong);
        assert!(stamp_at_start("10.30").unwrap().strong);
    }

    #[test]
    fn non_times_are_refused() {
        for line in ["2016 was a year", "3.5 million people", "25:00", "14:75", "0pm", "13pm", "12", "2.055 per cent"] {
            assert_eq!(stamp_at_start(line), None, "{line}");
        }
    }

    #[test]
    fn utc_offsets() {
        let d = NaiveDate::from_ymd_opt(2016, 4, 26).unwrap();
        assert_eq!(to_utc(d, 15, 23, "BST").as_deref(), Some("2016-04-26T14:23:00Z"));
        assert_eq!(to_utc(d, 15, 23, "GMT").as_deref(), Some("2016-04-26T15:23:00Z"));
        // New York is on daylight time (UTC-4) in late April.
        assert_eq!(to_utc(d, 13, 23, "ET").as_deref(), Some("2016-04-26T17:23:00Z"));
        let jan = NaiveDate::from_ymd_opt(2016, 1, 5).unwrap();
        assert_eq!(to_utc(jan, 13, 23, "ET").as_deref(), Some("2016-01-05T18:23:00Z"));
        assert_eq!(to_utc(jan, 0, 30, "CET").as_deref(), Some("2016-01-04T23:30:00Z"));
        assert_eq!(to_utc(jan, 12, 0, "+05:30").as_deref(), Some("2016-01-05T06:30:00Z"));
        assert_eq!(to_utc(jan, 12, 0, "XYZ"), None);
    }

    #[test]
    fn dates_are_inferred_across_midnight_newest_first() {
        let d = |day| NaiveDate::from_ymd_opt(2016, 2, day);
        // 00:30 (undated), then 23:50 (undated) is the day before, then 23:10 dated 10th.
        let mut items = vec![(None, Some(30)), (None, Some(23 * 60 + 50)), (d(10), Some(23 * 60 + 10)), (None, Some(600))];
        infer_dates(&mut items);
        assert_eq!(items.iter().map(|i| i.0).collect::<Vec<_>>(), vec![d(11), d(10), d(10), d(10)]);
    }

    #[test]
    fn dates_are_inferred_oldest_first() {
        let d = |day| NaiveDate::from_ymd_opt(2016, 2, day);
        let mut items = vec![(d(10), Some(22 * 60)), (None, Some(23 * 60)), (None, Some(15)), (None, Some(60))];
        infer_dates(&mut items);
        assert_eq!(items.iter().map(|i| i.0).collect::<Vec<_>>(), vec![d(10), d(10), d(11), d(11)]);
    }

    #[test]
    fn finds_dates_inside_lines() {
        assert_eq!(find_date("Last Updated: 21:25 GMT Sunday, 16 February 2014"), NaiveDate::from_ymd_opt(2014, 2, 16));
        assert_eq!(find_date("nothing here"), None);
    }
}

/// The hand-written readers ([`stamp_scan`]) against their regexes, which stay the reference.
#[cfg(test)]
mod scan_matches_regex {
    use super::*;
    use proptest::prelude::*;

    /// Compares every reader with its regex on `s` (where the reader does not defer to the
    /// regex); returns how many readers answered by themselves.
    fn compare(s: &str) -> usize {
        let mut sure = 0;
        if let Ok(r) = stamp_scan::clock(s) {
            assert_eq!(r, clock_by_regex(s), "clock {s:?}");
            sure += 1;
        }
        if let Ok(r) = stamp_scan::zone(s) {
            assert_eq!(r, zone_by_regex(s), "zone {s:?}");
            sure += 1;
        }
        if let Ok(r) = stamp_scan::date(s) {
            assert_eq!(r, date_by_regex(s), "date {s:?}");
            sure += 1;
        }
        if let Ok(r) = stamp_scan::iso(s) {
            assert_eq!(r, iso_by_regex(s), "iso {s:?}");
            sure += 1;
        }
        if let Ok(r) = stamp_scan::lead(s) {
            assert_eq!(r, LEAD.find(s).map(|m| m.end()), "lead {s:?}");
            sure += 1;
        }
        sure
    }

    /// What the readers assume of non-ASCII characters, checked on every character against
    /// the regex crate's own tables: `\s` is `char::is_whitespace`, every `\d` is numeric, and
    /// only `ſ` and the Kelvin sign fold to an ASCII letter.
    /// The list [`may_start_with_stamp`] replaced, compared word by word.
    #[test]
    fn start_words_are_the_listed_ones() {
        const STARTS: [&str; 23] = [
            "updated", "posted", "published", "filed", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb",
            "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let old = |line: &str| {
            let letters = line.bytes().take(10).take_while(u8::is_ascii_alphabetic).count();
            let word = &line.as_bytes()[..letters];
            STARTS.iter().any(|s| word.get(..s.len()).is_some_and(|w| w.eq_ignore_ascii_case(s.as_bytes())))
        };
        let mut words: Vec<String> = STARTS.iter().flat_map(|s| [s.to_string(), s.to_uppercase(), s[..s.len() - 1].to_string()]).collect();
        words.extend(["Updatedx", "postedat", "Publishe", "monday", "UPDATEDATTHE", "ab", "a", "", "The", "Fil", "filed1"].map(String::from));
        for w in words {
            for tail in ["", " 14:05", "1", "é"] {
                let line = format!("{w}{tail}");
                if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    assert_eq!(may_start_with_stamp(&line), old(&line), "{line:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        /// [`may_open_with_date`] turns away no line [`DATE`] matches: lines made of month and
        /// weekday forms, near misses, folding characters, punctuation, digits and spaces.
        #[test]
        fn may_open_with_date_keeps_every_date(pieces in proptest::collection::vec(proptest::sample::select(&[
            "Jun", "june", "Junior", "May", "Mayor", "Mar", "March", "Maryann", "sept", "Sep", "September", "Septembers", "Dec",
            "Mon", "Monday", "Tues", "thursnesday", "Thurs", "Wednesday", "Sat", "Saturday's", "Sun", "Sunny", "On", "on", "Once",
            "Jan", "january", "FEB", "apr", "Aug", "Oct", "nov", "July", "Fri", "wed", "Tue", "Thu", "Janet", "Octopus", "Novel",
            "day", "s", "\u{17F}", "\u{212A}", "\u{a0}", "é", ".", ",", " ", "  ", "\t", "10", "1", "2016", "th", "-", "'", "x",
        ][..]), 1..8)) {
            let line = pieces.concat();
            if line.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) && !may_open_with_date(&line) {
                proptest::prop_assert!(!DATE.is_match(&line), "{:?}", line);
            }
        }
    }

    #[test]
    fn unicode_assumptions_hold_for_every_char() {
        let space = Regex::new(r"^\s$").unwrap();
        let digit = Regex::new(r"^\d$").unwrap();
        let letter = Regex::new(r"(?i)^[a-z]$").unwrap();
        let mut buf = [0u8; 4];
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            let t = c.encode_utf8(&mut buf);
            assert_eq!(space.is_match(t), c.is_whitespace(), "{c:?}");
            assert!(!digit.is_match(t) || c.is_numeric(), "{c:?}");
            assert!(!letter.is_match(t) || matches!(c, '\u{17F}' | '\u{212A}'), "{c:?}");
        }
    }

    const PIECES: &[&str] = &[
        "0", "1", "2", "3", "5", "9", "12", "23", "05", "59", "99", "2016", "2024", "123", ":", ".", " ", "  ", "\t",
        "\x0B", ",", "-", "+", "(", ")", "am", "pm", "a.m.", "p.m.", "a", "p", "m", "A", "PM", "P. M", "T", "Z", "GMT",
        "BST", "ET", "ETA", "EST", "CEST", "CT", "AEDT", "Greenwich Mean Time", "british summer time", "UK time",
        "local time", "uk", "on", "On ", "Mon", "Tue", "Tues", "Tuesday", "thur", "Thurs", "thursday", "wed",
        "Wednesday", "sat", "saturday", "sun", "day", "sday", "jan", "January", "Feb", "february", "mar", "march",
        "Marching", "may", "jun", "june", "july", "aug", "August", "sep", "Sept", "September", "oct", "nov", "Dec",
        "st", "nd", "rd", "th", "1st", "updated", "Updated", "posted", "Published", "filed", "at", "At", "x", "_",
        "é", "ſ", "\u{212A}", "\u{a0}", "\u{2009}", "٣", "–", "’", "“", "\n", "10:30", "3.23pm", "2024-03-05",
        "T14:05", "+01:00", "-0500", "14:05:00.123",
    ];

    fn line() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..9).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]
        #[test]
        fn readers_agree_with_regexes(s in line()) {
            compare(&s);
        }
    }

    #[test]
    fn tricky_lines() {
        for s in [
            "10 Feb 20160", "10 Marching", "Feb 100", "Feb 1stx", "Thurs 16 Feb", "on Tuesday, 10 Feb. , 2016",
            "Updated atom 14:05", "Updated at: 14:05", "Updated:14", "(GMT) Foo", "(GMT)", "GMT)x", "+01:0", "+01000",
            "ESTONIA", "Zebra", "14:05:٣٣ BST", "3 ſt", "1ſt February", "14:05 – Breaking", "3\u{a0}pm", "1٣pm",
            "2024-03-05T14:05:00.5+01:00 x", "2024-03-05 14:05Z", "Sunday, 16 February 2014", "Feb 10th, 2016",
            "10 Feb., 2016", "Sept 3", "September 3rd 2016", "12.30 p. m.", "Tue. 16 Feb", "june 5, 2016x",
        ] {
            compare(s);
        }
    }

    /// Every word start of every seed line, as the parser meets them and more.
    #[test]
    fn seed_lines() {
        let mut sure = 0;
        let mut total = 0;
        for (_, text) in crate::sample::SEEDS {
            for line in text.lines() {
                let t = line.trim();
                for (i, _) in t.char_indices().filter(|&(i, _)| i == 0 || t.as_bytes()[i - 1] == b' ') {
                    sure += compare(&t[i..]);
                    total += 5;
                }
            }
        }
        assert!(sure * 10 > total * 9, "the readers decided {sure} of {total}");
    }
}
