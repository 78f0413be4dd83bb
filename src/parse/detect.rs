//! Which format a text is in, read from its shape alone (never from the file name), and
//! where one file holds several saved blogs.

use std::sync::LazyLock;

use regex::Regex;

use super::furniture::may_start_with;
use super::time::{self, Stamp};
use super::TrimLine;
use crate::model::Format;

/// ITV-style counters and markers: `- 40 updates`, `Live updates`, `- ITV Report`.
static ITV_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:-\s?\d+ updates?|live updates|- itv report|latest itv news reports)$").expect("itv regex")
});

/// Guardian house marks: `Last Updated:`, `Continue reading...`, am/pm clocks with a dot.
static GUARDIAN_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:last updated:|continue reading|show more$|\d{1,2}\.\d{2}[ap]m (?:GMT|BST)$|\d{1,2}\.\d{2} (?:GMT|BST)$)").expect("guardian regex")
});

/// What every BBC post line holds, glued to its title.
const MARK: &str = "published at";
static BBC_MARK: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new(MARK));

/// A BBC post line's parts, when the line is one: (number, title, stamp). Read by hand, not
/// by regex: it runs on every line of every file, three times.
pub fn bbc_post(line: &str) -> Option<(Option<usize>, &str, Stamp)> {
    let at = BBC_MARK.find(line.as_bytes())?;
    let text = line[at + MARK.len()..].trim_start();
    let stamp = time::bbc_stamp(text).or_else(|| time::stamp_at_start(text))?;
    let head = line[..at].trim_line();
    // `12. Title` -> (12, "Title"); a title that merely starts with a number keeps it.
    let digits = head.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = (1..=4).contains(&digits) && head[digits..].starts_with(". ");
    let (n, title) = if numbered { (head[..digits].parse().ok(), head[digits + 2..].trim_start()) } else { (None, head) };
    Some((n, title, stamp))
}

/// A line that starts a post in a timed blog: a strong time stamp at the line start.
pub fn post_stamp(line: &str) -> Option<Stamp> {
    post_stamp_trimmed(line.trim_line())
}

/// [`post_stamp`] of a line already trimmed. Always inlined (into [`LineKind::of_marked`]):
/// as a call, its stamp was written to the stack and copied again.
#[inline(always)]
fn post_stamp_trimmed(t: &str) -> Option<Stamp> {
    // A stamp starts with an ASCII digit or letter ([`time::stamp_at_start`] turns any other
    // first byte away): a byte test, not `char::is_alphabetic`, whose table lookup for a
    // line opening with `•` or `“` cost hundreds of instructions.
    if t.as_bytes().first().is_some_and(u8::is_ascii_uppercase) && t.as_bytes().last().is_some_and(u8::is_ascii_digit) {
        if let Some(stamp) = time::stamp_at_start(t).filter(|s| s.strong) {
            return Some(stamp);
        }
        return author_header(t);
    }
    if !t.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
        // `⏰ 16:30`: a time marked with a pictograph (only lines opening with a non-ASCII
        // character are looked at)
        if t.as_bytes().first().is_none_or(|&b| b < 0x80) {
            return None;
        }
        let skip = time::emoji_prefix_len(t);
        let rest = t.get(skip..).filter(|r| skip > 0 && r.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric))?;
        return time::stamp_at_start(rest).filter(|s| s.strong).map(|s| time::Stamp { len: s.len + skip, ..s });
    }
    time::stamp_at_start(t).filter(|s| s.strong)
}

/// A post's header of its author's name glued to the date and time it was posted,
/// `Rory Sullivan20 December 2023 14:31`: the whole line is the stamp (the name is no
/// title). Only a line ending in a digit, under 80 bytes, is read.
pub fn author_header(t: &str) -> Option<Stamp> {
    if t.len() >= 80 || !t.as_bytes().last().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let at = t.find(|c: char| c.is_ascii_digit())?;
    let name = &t[..at];
    let words = name.split_whitespace().count();
    let is_name = (1..=5).contains(&words)
        && name.ends_with(char::is_alphabetic)
        && name.split_whitespace().all(|w| w.starts_with(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.')));
    if !is_name {
        return None;
    }
    let stamp = time::stamp_at_start(&t[at..]).filter(|s| s.date.is_some() && s.len == t.len() - at)?;
    Some(Stamp { len: t.len(), strong: true, ..stamp })
}

/// A BBC post line's parts: (number, title, stamp), as [`bbc_post`] reads them.
pub type BbcPost<'a> = (Option<usize>, &'a str, Stamp);

/// One line, classified once for every pass that asks (blog splitting, format detection and
/// the readers): each test runs time regexes, and asking three times per line was most of
/// the parse.
#[derive(Debug, Clone)]
pub struct LineKind<'a> {
    /// The line, trimmed (every pass reads it so).
    pub trimmed: &'a str,
    /// [`bbc_post`] of the trimmed line.
    pub bbc: Option<BbcPost<'a>>,
    /// [`post_stamp`] of the line; only looked for when the line is not a BBC post line (no
    /// pass asks for both).
    pub stamp: Option<Stamp>,
}

impl<'a> LineKind<'a> {
    pub fn of(line: &'a str) -> LineKind<'a> {
        LineKind::of_marked(line, true)
    }

    /// [`LineKind::of`]; `may_be_bbc` false says the line does not hold [`MARK`] (then
    /// [`bbc_post`] is not asked). Always inlined: as a call, its large result was written
    /// to the stack and then copied into the list of kinds, a good part of its cost.
    #[inline(always)]
    fn of_marked(line: &'a str, may_be_bbc: bool) -> LineKind<'a> {
        let t = line.trim_line();
        let bbc = if may_be_bbc { bbc_post(t) } else { None };
        let stamp = if bbc.is_none() { post_stamp_trimmed(t) } else { None };
        LineKind { trimmed: t, bbc, stamp }
    }

    /// Every line of `lines`, classified.
    pub fn all(lines: &[&'a str]) -> Vec<LineKind<'a>> {
        lines.iter().map(|l| LineKind::of(l)).collect()
    }

    /// [`LineKind::all`] for `lines` cut from `text` in order (as the parser splits it):
    /// `MARK` is searched for once in the whole text and only the lines that hold one go
    /// to [`bbc_post`]. A search per line cost about 80 instructions a line even where, as
    /// in most lines and whole files of other formats, there is none. A line that is not a
    /// slice of `text`, or comes before the previous one, is asked anyway.
    pub fn all_in(text: &'a str, lines: &[&'a str]) -> Vec<LineKind<'a>> {
        let base = text.as_ptr() as usize;
        let mut marks = BBC_MARK.find_iter(text.as_bytes()).peekable();
        let mut last_start = 0;
        lines
            .iter()
            .map(|line| {
                let start = (line.as_ptr() as usize).wrapping_sub(base);
                let end = start.wrapping_add(line.len());
                let inside = start >= last_start && start <= end && end <= text.len();
                let may_be_bbc = !inside || {
                    last_start = start;
                    while marks.next_if(|&m| m < start).is_some() {}
                    marks.peek().is_some_and(|&m| m + MARK.len() <= end)
                };
                LineKind::of_marked(line, may_be_bbc)
            })
            .collect()
    }
}

/// Decides a segment's format.
pub fn detect(lines: &[&str]) -> Format {
    detect_classified(lines, &LineKind::all(lines))
}

/// [`detect`] with the lines already classified (`kinds[i]` is `lines[i]`'s).
pub fn detect_classified(lines: &[&str], kinds: &[LineKind<'_>]) -> Format {
    let mut bbc = 0;
    let mut time_only = 0;
    let mut time_prefixed = 0;
    let mut guardian_marks = 0;
    let mut itv_marks = 0;
    for kind in kinds {
        let t = kind.trimmed;
        if kind.bbc.is_some() {
            bbc += 1;
        } else if let Some(stamp) = &kind.stamp {
            if stamp.len == t.len() {
                time_only += 1;
            } else {
                time_prefixed += 1;
            }
        }
        // Only whether there is a mark counts, and only in a segment with no BBC post line:
        // after the first mark or BBC line, no line is asked.
        if bbc == 0 && guardian_marks == 0 && may_be_guardian_mark(t) && GUARDIAN_MARK.is_match(t) {
            guardian_marks += 1;
        }
        if bbc == 0 && itv_marks == 0 && may_be_itv_marker(t) && ITV_MARKER.is_match(t) {
            itv_marks += 1;
        }
    }
    if bbc >= 1 {
        Format::Bbc
    } else if time_only >= 1 && time_only >= time_prefixed && guardian_marks > 0 {
        Format::Guardian
    } else if time_only >= 1 || time_prefixed >= 2 {
        Format::Generic
    } else if itv_marks > 0 || super::itv::headline_posts(lines) >= 2 {
        Format::Itv
    } else {
        Format::Plain
    }
}

/// False when [`GUARDIAN_MARK`] cannot match: its alternatives start with `last updated:`,
/// `continue reading`, `show more` or one or two digits, a dot and a digit. A non-ASCII byte where a
/// letter or digit is compared goes to the regex (Unicode digits, and `ſ` folds to `s`).
fn may_be_guardian_mark(t: &str) -> bool {
    let b = t.as_bytes();
    let may_be_digit = |at: usize| b.get(at).is_some_and(|&c| c.is_ascii_digit() || c >= 0x80);
    let may_be_dot = |at: usize| b.get(at).is_some_and(|&c| c == b'.' || c >= 0x80);
    match b.first().map(u8::to_ascii_lowercase) {
        Some(b'l') => may_start_with(t, "last updated:"),
        Some(b'c') => may_start_with(t, "continue reading"),
        Some(b's') => may_start_with(t, "show more"),
        Some(c) if c >= 0x80 => true,
        Some(c) if c.is_ascii_digit() => {
            // `\d{1,2}\.\d{2}`: a dot one or two digits in, then a digit (not "1. A title")
            let dot_then_digit = |at: usize| may_be_dot(at) && may_be_digit(at + 1);
            dot_then_digit(1) || (may_be_digit(1) && dot_then_digit(2))
        }
        _ => false,
    }
}

/// False when [`ITV_MARKER`] cannot match: its alternatives start with `-` or `l`.
fn may_be_itv_marker(t: &str) -> bool {
    match t.as_bytes().first() {
        Some(b'l' | b'L') => may_start_with(t, "live updates") || may_start_with(t, "latest itv news reports"),
        Some(&b) => b == b'-' || b >= 0x80,
        None => false,
    }
}

/// Splits a file into the blogs it holds: a new blog starts at a `Summary` heading or an
/// ITV `- N updates` counter that comes after posts were seen.
pub fn split_blogs<'a>(lines: &[&'a str]) -> Vec<(usize, Vec<&'a str>)> {
    split_blog_ranges(lines, &LineKind::all(lines)).into_iter().map(|r| (r.start, lines[r].to_vec())).collect()
}

/// [`split_blogs`] as line ranges, with the lines already classified. The ranges are
/// contiguous and cover every line.
pub fn split_blog_ranges(lines: &[&str], kinds: &[LineKind<'_>]) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0];
    let mut seen_post = false;
    for (i, kind) in kinds.iter().enumerate() {
        let t = kind.trimmed;
        let starts_blog = t.eq_ignore_ascii_case("summary")
            || (t.starts_with('-') && t.ends_with("updates") && t.len() < 20);
        if starts_blog && seen_post {
            starts.push(i);
            seen_post = false;
        }
        if !seen_post && (kind.bbc.is_some() || kind.stamp.as_ref().is_some_and(|s| s.len == t.len())) {
            seen_post = true;
        }
    }
    let ends = starts.iter().skip(1).copied().chain(std::iter::once(lines.len()));
    starts.iter().zip(ends).map(|(&s, e)| s..e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> Format {
        detect(&text.lines().collect::<Vec<_>>())
    }

    #[test]
    fn the_mark_filters_pass_every_mark() {
        let mut lines: Vec<&str> = crate::sample::SEEDS.iter().flat_map(|(_, text)| text.lines().map(str::trim)).collect();
        let marks = [
            "Last Updated: 10 Feb", "LAST UPDATED:", "continue reading...", "Continue Reading", "show more", "SHOW MORE",
            "\u{17f}how more", "10.30am GMT", "9.05pm BST", "9.05 BST", "12.00 GMT", "\u{661}\u{662}.\u{663}\u{660}pm GMT",
            "1\u{662}.30 GMT", "- 4 updates", "-12 update", "- itv report", "live updates", "LIVE UPDATES", "Latest ITV News reports",
        ];
        lines.extend(marks);
        // and every mark cut short or run on, and prose that starts like one
        let mut more: Vec<String> = Vec::new();
        for m in marks {
            for (at, _) in m.char_indices() {
                more.push(m[..at].to_string());
            }
            more.push(format!("{m} and more"));
        }
        more.extend(["Labour said", "She said", "Continued", "10:30 GMT", "1 Feb", "Lastly", "livestream", "1. A title", "12. Title"].map(String::from));
        lines.extend(more.iter().map(String::as_str));
        let (mut guardian, mut itv) = (0, 0);
        for line in lines {
            if GUARDIAN_MARK.is_match(line) {
                assert!(may_be_guardian_mark(line), "{line:?}");
                guardian += 1;
            }
            if ITV_MARKER.is_match(line) {
                assert!(may_be_itv_marker(line), "{line:?}");
                itv += 1;
            }
        }
        assert!(guardian >= 11 && itv >= 6, "{guardian} {itv}");
        // prose that starts like a mark is turned away before the regexes
        for prose in ["Labour said", "She said", "Continued", "10:30 GMT", "livestream", "Lastly", "1. A title", "12. Title"] {
            assert!(!may_be_guardian_mark(prose) && !may_be_itv_marker(prose), "{prose:?}");
        }
    }

    /// Classifying the lines of a text with one search for the BBC mark gives what
    /// classifying each line alone does.
    #[test]
    fn all_in_is_all() {
        let debug = |kinds: &[LineKind<'_>]| format!("{kinds:?}");
        let mut texts: Vec<String> = crate::sample::SEEDS.iter().map(|(_, text)| text.to_string()).collect();
        let post = "  1. Apublished at 10:00 GMT 1 March 2016";
        texts.extend([
            format!("{post}\nbody\n  2. Bpublished at 09:00\n"),
            format!("{post}\r\n\r\npublished at 09:00\r\npublished\nat 10:00\npublished at"),
            "published at 10:00published at 11:00\n\npublished at 12:00   \n  published at 13:00".to_string(),
            "x published a\nt 10:00\npublished at\n10:00\n".to_string(),
            String::new(),
        ]);
        for text in &texts {
            let lines = super::super::lines_of(text);
            assert_eq!(debug(&LineKind::all_in(text, &lines)), debug(&LineKind::all(&lines)), "{text:?}");
        }
        // lines that are not the text's, or out of order, are asked anyway
        let text = texts[texts.len() - 5].as_str();
        let mut lines = super::super::lines_of(text);
        lines.reverse();
        lines.push(post);
        assert_eq!(debug(&LineKind::all_in(text, &lines)), debug(&LineKind::all(&lines)));
        assert!(LineKind::all_in(text, &lines).iter().filter(|k| k.bbc.is_some()).count() >= 3);
    }

    /// Only a line opening with an ASCII letter or digit can hold a stamp: the byte test
    /// before [`time::stamp_at_start`] turns away no line it would take.
    #[test]
    fn post_stamps_open_with_an_ascii_letter_or_digit() {
        let mut lines: Vec<String> = crate::sample::SEEDS.iter().flat_map(|(_, text)| text.lines().map(|l| l.trim().to_string())).collect();
        for lead in ["É", "é", "Ñ", "\u{17f}", "\u{212a}", "\u{661}", "\u{ff11}", "•", "“", "\u{a0}", "ǅ", "ᵃ"] {
            for rest in ["10:00 GMT", "pdated 10:00", "0:30 GMT Title", "Monday 10 February 2016 10:00", "ed 1 March 10:00", ".30pm BST"] {
                lines.push(format!("{lead}{rest}"));
            }
        }
        for line in &lines {
            if time::stamp_at_start(line).is_some() {
                assert!(line.as_bytes()[0].is_ascii_alphanumeric(), "{line:?}");
            }
        }
    }

    #[test]
    fn detects_each_format_from_text() {
        assert_eq!(fmt("  1. Titlepublished at 13:56 Greenwich Mean Time 10 February 2016\n\n    Body."), Format::Bbc);
        assert_eq!(fmt("Key point\n\n3.23pm BST\n\nBody.\n\n1.05pm BST\n\nMore.\nContinue reading..."), Format::Guardian);
        assert_eq!(fmt("14:05 Minister resigns\nBody.\n14:30 Reaction\nMore."), Format::Generic);
        assert_eq!(fmt("- 4 updates\nHeadline\nLive updates\nTitle one\nBody one.\n"), Format::Itv);
        assert_eq!(fmt("Just a paragraph of prose.\nAnother sentence here."), Format::Plain);
    }

    #[test]
    fn one_time_prefixed_line_is_not_a_blog() {
        assert_eq!(fmt("10.30am was when it started, she said.\nThen more prose."), Format::Plain);
    }

    #[test]
    fn splits_concatenated_blogs() {
        let text = "Summary\n• a\n1. Tpublished at 10:00\nbody\nSummary\n• b\n1. Upublished at 09:00\nbody";
        let lines: Vec<&str> = text.lines().collect();
        let blogs = split_blogs(&lines);
        assert_eq!(blogs.len(), 2);
        assert_eq!(blogs[1].0, 4);
    }
}
