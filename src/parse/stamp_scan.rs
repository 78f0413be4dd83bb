//! Hand-written readers for the time regexes of [`super::time`] (`CLOCK`, `ZONE`, `DATE`,
//! `ISO`, `LEAD`): they run at the start of most lines, and a regex search with captures cost
//! thousands of instructions per line where these cost tens.
//!
//! Each reader follows its regex's leftmost-first order exactly (optional parts tried taken
//! first, alternatives in their order, backtracking where a later part fails) and returns the
//! same capture positions. Where a non-ASCII character could change the answer (a Unicode
//! digit for `\d`, `ſ` or the Kelvin sign for a case-insensitive `s` or `k`, a word character
//! for `\b`) a reader gives up with [`Unsure`] and the caller asks the regex, which stays the
//! reference: the tests compare both on generated lines.

use std::ops::Range;

/// The reader met a character only the regex can judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsure;

/// `Ok(Some(..))` matched, `Ok(None)` no match, `Err(Unsure)` ask the regex.
pub type Scan<T> = Result<Option<T>, Unsure>;

/// The char starting at byte `i` (which is always a char boundary here).
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

/// `\d` at `i`: ASCII digits are read here; another character that may be a Unicode decimal
/// digit (every one is `char::is_numeric`, which a test checks) is [`Unsure`].
fn digit(s: &str, i: usize) -> Result<bool, Unsure> {
    match s.as_bytes().get(i) {
        Some(b) if b.is_ascii() => Ok(b.is_ascii_digit()),
        Some(_) => match char_at(s, i) {
            Some(c) if c.is_numeric() => Err(Unsure),
            _ => Ok(false),
        },
        None => Ok(false),
    }
}

/// `n` digits from `i`.
fn digits(s: &str, i: usize, n: usize) -> Result<bool, Unsure> {
    for k in i..i + n {
        if !digit(s, k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Byte length of one `\s` at `i` (Unicode White_Space, as `char::is_whitespace`: a test
/// checks both agree on every character).
fn ws(s: &str, i: usize) -> Option<usize> {
    match s.as_bytes().get(i)? {
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => Some(1),
        b if b.is_ascii() => None,
        _ => char_at(s, i).filter(|c| c.is_whitespace()).map(char::len_utf8),
    }
}

/// End of a greedy `\s+` from `i`, or None when there is no whitespace at `i`.
fn ws_plus(s: &str, mut i: usize) -> Option<usize> {
    let start = i;
    while let Some(n) = ws(s, i) {
        i += n;
    }
    (i > start).then_some(i)
}

/// A case-insensitive ASCII literal at `i`. The only non-ASCII characters that fold to an
/// ASCII letter are `ſ` (s) and `K` (Kelvin, k): meeting one of them is [`Unsure`].
fn lit_ci(s: &str, i: usize, word: &[u8]) -> Result<bool, Unsure> {
    let b = s.as_bytes();
    for (k, &w) in word.iter().enumerate() {
        match b.get(i + k) {
            Some(&c) if c.is_ascii() => {
                if !c.eq_ignore_ascii_case(&w) {
                    return Ok(false);
                }
            }
            Some(_) if matches!(char_at(s, i + k), Some('\u{17F}' | '\u{212A}')) => return Err(Unsure),
            _ => return Ok(false),
        }
    }
    Ok(true)
}

/// A case-sensitive ASCII literal at `i` (no folding: a non-ASCII byte never matches).
fn lit(s: &str, i: usize, word: &[u8]) -> bool {
    s.as_bytes().get(i..i + word.len()) == Some(word)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `\b` at `i` when both neighbours are ASCII (or an end of the text); [`Unsure`] otherwise.
fn boundary(s: &str, i: usize) -> Result<bool, Unsure> {
    let b = s.as_bytes();
    let side = |j: Option<usize>| -> Result<bool, Unsure> {
        match j.and_then(|j| b.get(j)) {
            None => Ok(false),
            Some(&c) if c.is_ascii() => Ok(is_word_byte(c)),
            Some(_) => Err(Unsure),
        }
    };
    // The byte before `i` is the last byte of the previous char: ASCII or a continuation
    // byte (non-ASCII either way).
    Ok(side(i.checked_sub(1))? != side(Some(i))?)
}

// ---------------------------------------------------------------------------------------
// CLOCK: (?i)^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::\d{2}(?:\.\d+)?)?)?\s?(?P<ampm>[ap]\.?\s?m\.?)?

/// `CLOCK`'s captures: hour, minute, am/pm, and the match end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockCaps {
    pub h: Range<usize>,
    pub m: Option<Range<usize>>,
    pub ampm: Option<Range<usize>>,
    pub end: usize,
}

/// Every part after the hour is optional, so the greedy path is the match.
pub fn clock(s: &str) -> Scan<ClockCaps> {
    let b = s.as_bytes();
    if !digit(s, 0)? {
        return Ok(None);
    }
    let mut i = if digit(s, 1)? { 2 } else { 1 };
    let h = 0..i;
    let mut m = None;
    if matches!(b.get(i), Some(b':' | b'.')) && digits(s, i + 1, 2)? {
        m = Some(i + 1..i + 3);
        i += 3;
        if b.get(i) == Some(&b':') && digits(s, i + 1, 2)? {
            i += 3;
            if b.get(i) == Some(&b'.') && digit(s, i + 1)? {
                i += 1;
                while digit(s, i)? {
                    i += 1;
                }
            }
        }
    }
    i += ws(s, i).unwrap_or(0);
    let mut ampm = None;
    if lit_ci(s, i, b"a")? || lit_ci(s, i, b"p")? {
        let mut j = i + 1;
        if b.get(j) == Some(&b'.') {
            j += 1;
        }
        j += ws(s, j).unwrap_or(0);
        if lit_ci(s, j, b"m")? {
            j += 1;
            if b.get(j) == Some(&b'.') {
                j += 1;
            }
            ampm = Some(i..j);
            i = j;
        }
    }
    Ok(Some(ClockCaps { h, m, ampm, end: i }))
}

// ---------------------------------------------------------------------------------------
// ZONE: ^\s?\(?(?P<z>ZONES)\)?\b

/// `ZONE`'s captures: the zone name and the match end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneCaps {
    pub z: Range<usize>,
    pub end: usize,
}

/// The named alternatives of `ZONES` in their order: (name, case-insensitive).
const ZONE_NAMES: [(&[u8], bool); 30] = [
    (b"greenwich mean time", true),
    (b"british summer time", true),
    (b"uk time", true),
    (b"local time", true),
    (b"UTC", false),
    (b"GMT", false),
    (b"BST", false),
    (b"CEST", false),
    (b"CET", false),
    (b"EEST", false),
    (b"EET", false),
    (b"EDT", false),
    (b"EST", false),
    (b"ET", false),
    (b"CDT", false),
    (b"CST", false),
    (b"CT", false),
    (b"MDT", false),
    (b"MST", false),
    (b"MT", false),
    (b"PDT", false),
    (b"PST", false),
    (b"PT", false),
    (b"AEDT", false),
    (b"AEST", false),
    (b"IST", false),
    (b"JST", false),
    (b"HKT", false),
    (b"SGT", false),
    (b"Z", false),
];

pub fn zone(s: &str) -> Scan<ZoneCaps> {
    let b = s.as_bytes();
    // Neither `\s?` nor `\(?` is given back: no zone starts with a space or a parenthesis.
    let mut i = ws(s, 0).unwrap_or(0);
    if b.get(i) == Some(&b'(') {
        i += 1;
    }
    // `\)?\b` after a zone ending at `e`: the parenthesis is taken when a boundary follows it.
    let tail = |e: usize| -> Result<Option<usize>, Unsure> {
        if b.get(e) == Some(&b')') && boundary(s, e + 1)? {
            return Ok(Some(e + 1));
        }
        Ok(boundary(s, e)?.then_some(e))
    };
    // Most text after a clock is a word no zone starts with.
    match b.get(i) {
        Some(c) if c.is_ascii_alphabetic() || matches!(c, b'+' | b'-') => {}
        Some(c) if c.is_ascii() => return Ok(None),
        Some(_) if !matches!(char_at(s, i), Some('\u{17F}' | '\u{212A}')) => return Ok(None),
        Some(_) => return Err(Unsure),
        None => return Ok(None),
    }
    for (name, ci) in ZONE_NAMES {
        let found = if ci { lit_ci(s, i, name)? } else { lit(s, i, name) };
        if found {
            if let Some(end) = tail(i + name.len())? {
                return Ok(Some(ZoneCaps { z: i..i + name.len(), end }));
            }
        }
    }
    // [+-]\d{2}:?\d{2}
    if matches!(b.get(i), Some(b'+' | b'-')) && digits(s, i + 1, 2)? {
        let j = i + 3;
        if b.get(j) == Some(&b':') && digits(s, j + 1, 2)? {
            if let Some(end) = tail(j + 3)? {
                return Ok(Some(ZoneCaps { z: i..j + 3, end }));
            }
        }
        if digits(s, j, 2)? {
            if let Some(end) = tail(j + 2)? {
                return Ok(Some(ZoneCaps { z: i..j + 2, end }));
            }
        }
    }
    Ok(None)
}

// ---------------------------------------------------------------------------------------
// ISO: ^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[T ](?P<h>\d{2}):(?P<m>\d{2})(?::\d{2}(?:\.\d+)?)?(?P<z>Z|[+-]\d{2}:?\d{2})?

/// `ISO`'s captures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsoCaps {
    pub y: Range<usize>,
    pub mo: Range<usize>,
    pub d: Range<usize>,
    pub h: Range<usize>,
    pub m: Range<usize>,
    pub z: Option<Range<usize>>,
    pub end: usize,
}

pub fn iso(s: &str) -> Scan<IsoCaps> {
    let b = s.as_bytes();
    let ok = digits(s, 0, 4)?
        && b.get(4) == Some(&b'-')
        && digits(s, 5, 2)?
        && b.get(7) == Some(&b'-')
        && digits(s, 8, 2)?
        && matches!(b.get(10), Some(b'T' | b' '))
        && digits(s, 11, 2)?
        && b.get(13) == Some(&b':')
        && digits(s, 14, 2)?;
    if !ok {
        return Ok(None);
    }
    let mut i = 16;
    if b.get(i) == Some(&b':') && digits(s, i + 1, 2)? {
        i += 3;
        if b.get(i) == Some(&b'.') && digit(s, i + 1)? {
            i += 1;
            while digit(s, i)? {
                i += 1;
            }
        }
    }
    let mut z = None;
    if b.get(i) == Some(&b'Z') {
        z = Some(i..i + 1);
    } else if matches!(b.get(i), Some(b'+' | b'-')) && digits(s, i + 1, 2)? {
        let j = i + 3;
        if b.get(j) == Some(&b':') && digits(s, j + 1, 2)? {
            z = Some(i..j + 3);
        } else if digits(s, j, 2)? {
            z = Some(i..j + 2);
        }
    }
    let end = z.as_ref().map_or(i, |z| z.end);
    Ok(Some(IsoCaps { y: 0..4, mo: 5..7, d: 8..10, h: 11..13, m: 14..16, z, end }))
}

// ---------------------------------------------------------------------------------------
// LEAD: (?i)^(?:updated|posted|published|filed)(?:\s+at)?:?\s+

/// End of `LEAD`'s match.
pub fn lead(s: &str) -> Scan<usize> {
    let mut word = None;
    for w in [&b"updated"[..], b"posted", b"published", b"filed"] {
        if lit_ci(s, 0, w)? {
            word = Some(w.len());
            break;
        }
    }
    let Some(i) = word else { return Ok(None) };
    // `:?\s+` from `j`: the colon is given back when no space follows it (then `\s+` fails
    // on the colon anyway).
    let colon_spaces = |j: usize| -> Option<usize> {
        let k = if s.as_bytes().get(j) == Some(&b':') { j + 1 } else { j };
        ws_plus(s, k)
    };
    // `(?:\s+at)?` taken first.
    if let Some(j) = ws_plus(s, i) {
        if lit_ci(s, j, b"at")? {
            if let Some(end) = colon_spaces(j + 2) {
                return Ok(Some(end));
            }
        }
    }
    Ok(colon_spaces(i))
}

// ---------------------------------------------------------------------------------------
// DATE: (?i)^(?:on\s+)?(?:WEEKDAYS\.?,?\s+)?(?:
//     (?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>MONTHS)\.?,?(?:\s+(?P<y1>\d{4}))?
//   | (?P<m2>MONTHS)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{4}))?
//   | (?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))\b

/// `DATE`'s captures: day, month and year of whichever alternative matched (`numeric` for the
/// `YYYY-MM-DD` one, whose year is always there), and the match end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateCaps {
    pub numeric: bool,
    pub d: Range<usize>,
    pub m: Range<usize>,
    pub y: Option<Range<usize>>,
    pub end: usize,
}

/// Month alternatives: the three-letter stem and its optional longer forms, longest first
/// (`sep(?:t(?:ember)?)?` is `september`, `sept`, `sep`).
const MONTHS: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sept", "sep"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

const WEEKDAY_STEMS: [&str; 10] = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"];
const WEEKDAY_ENDS: [&str; 6] = ["day", "sday", "nesday", "rsday", "urday", ""];
const ORDINALS: [&str; 4] = ["st", "nd", "rd", "th"];

/// The forms of the month whose stem is at `i`, longest first (the stems differ, so at most
/// one month can match: the stem decides), or none.
fn month_forms(s: &str, i: usize) -> Result<&'static [&'static str], Unsure> {
    for forms in MONTHS {
        if lit_ci(s, i, forms[forms.len() - 1].as_bytes())? {
            return Ok(forms);
        }
    }
    Ok(&[])
}

/// `\d{1,2}` at `i`: the lengths in the order tried (two digits first).
fn day_lens(s: &str, i: usize) -> Result<&'static [usize], Unsure> {
    if !digit(s, i)? {
        return Ok(&[]);
    }
    Ok(if digit(s, i + 1)? { &[2, 1] } else { &[1] })
}

/// `(?:st|nd|rd|th)?` at `i`: the ends in the order tried.
fn ordinal_ends(s: &str, i: usize) -> Result<impl Iterator<Item = usize>, Unsure> {
    let mut taken = None;
    for o in ORDINALS {
        if lit_ci(s, i, o.as_bytes())? {
            taken = Some(i + 2);
            break;
        }
    }
    Ok(taken.into_iter().chain(std::iter::once(i)))
}

/// `X?` for a one-byte literal: the ends in the order tried.
fn opt_byte(s: &str, i: usize, c: u8) -> impl Iterator<Item = usize> {
    let taken = (s.as_bytes().get(i) == Some(&c)).then_some(i + 1);
    taken.into_iter().chain(std::iter::once(i))
}

/// `\s+(?P<y>\d{4})` at `c` followed by a word boundary: the year's range (both date
/// alternatives try it first).
fn year_after(s: &str, c: usize) -> Scan<Range<usize>> {
    let Some(t) = ws_plus(s, c) else { return Ok(None) };
    Ok((digits(s, t, 4)? && boundary(s, t + 4)?).then_some(t..t + 4))
}

fn date_alt1(s: &str, p: usize) -> Scan<DateCaps> {
    for &dl in day_lens(s, p)? {
        for q in ordinal_ends(s, p + dl)? {
            let Some(r) = ws_plus(s, q) else { continue };
            for form in month_forms(s, r)? {
                if !lit_ci(s, r, form.as_bytes())? {
                    continue;
                }
                let me = r + form.len();
                for a in opt_byte(s, me, b'.') {
                    for c in opt_byte(s, a, b',') {
                        // `(?:\s+(?P<y1>\d{4}))?`, taken first.
                        if let Some(y) = year_after(s, c)? {
                            return Ok(Some(DateCaps { numeric: false, d: p..p + dl, m: r..me, end: y.end, y: Some(y) }));
                        }
                        if boundary(s, c)? {
                            return Ok(Some(DateCaps { numeric: false, d: p..p + dl, m: r..me, y: None, end: c }));
                        }
                    }
                }
            }
        }
    }
    Ok(None)
}

fn date_alt2(s: &str, p: usize) -> Scan<DateCaps> {
    for form in month_forms(s, p)? {
        if !lit_ci(s, p, form.as_bytes())? {
            continue;
        }
        let me = p + form.len();
        for a in opt_byte(s, me, b'.') {
            let Some(q) = ws_plus(s, a) else { continue };
            for &dl in day_lens(s, q)? {
                for o in ordinal_ends(s, q + dl)? {
                    // `(?:,?\s+(?P<y2>\d{4}))?`, taken first, the comma taken first.
                    for c in opt_byte(s, o, b',') {
                        if let Some(y) = year_after(s, c)? {
                            return Ok(Some(DateCaps { numeric: false, d: q..q + dl, m: p..me, end: y.end, y: Some(y) }));
                        }
                    }
                    if boundary(s, o)? {
                        return Ok(Some(DateCaps { numeric: false, d: q..q + dl, m: p..me, y: None, end: o }));
                    }
                }
            }
        }
    }
    Ok(None)
}

fn date_alt3(s: &str, p: usize) -> Scan<DateCaps> {
    let b = s.as_bytes();
    let ok = digits(s, p, 4)?
        && b.get(p + 4) == Some(&b'-')
        && digits(s, p + 5, 2)?
        && b.get(p + 7) == Some(&b'-')
        && digits(s, p + 8, 2)?
        && boundary(s, p + 10)?;
    Ok(ok.then(|| DateCaps { numeric: true, d: p + 8..p + 10, m: p + 5..p + 7, y: Some(p..p + 4), end: p + 10 }))
}

fn date_at(s: &str, p: usize) -> Scan<DateCaps> {
    if let Some(c) = date_alt1(s, p)? {
        return Ok(Some(c));
    }
    if let Some(c) = date_alt2(s, p)? {
        return Ok(Some(c));
    }
    date_alt3(s, p)
}

/// `(?:WEEKDAYS\.?,?\s+)?` then the date at `i`, every way of reading a weekday tried in
/// the regex's order before reading none.
fn weekday_then_date(s: &str, i: usize) -> Scan<DateCaps> {
    for stem in WEEKDAY_STEMS {
        if !lit_ci(s, i, stem.as_bytes())? {
            continue;
        }
        let j = i + stem.len();
        for end in WEEKDAY_ENDS {
            if !lit_ci(s, j, end.as_bytes())? {
                continue;
            }
            let k = j + end.len();
            for a in opt_byte(s, k, b'.') {
                for c in opt_byte(s, a, b',') {
                    if let Some(e) = ws_plus(s, c) {
                        if let Some(caps) = date_at(s, e)? {
                            return Ok(Some(caps));
                        }
                    }
                }
            }
        }
    }
    date_at(s, i)
}

pub fn date(s: &str) -> Scan<DateCaps> {
    // Most lines fail on their first character: a date starts with a digit or a letter of
    // `on`, a weekday or a month (a non-ASCII one may be a Unicode digit or `ſ`).
    match s.as_bytes().first() {
        Some(c) if c.is_ascii_digit() => {}
        Some(c) if c.is_ascii() && !b"ojfmasndtwJFMASNDTWO".contains(c) => return Ok(None),
        None => return Ok(None),
        _ => {}
    }
    // `(?:on\s+)?`, taken first.
    if lit_ci(s, 0, b"on")? {
        if let Some(p) = ws_plus(s, 2) {
            if let Some(caps) = weekday_then_date(s, p)? {
                return Ok(Some(caps));
            }
        }
    }
    weekday_then_date(s, 0)
}
