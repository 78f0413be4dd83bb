//! Timed live blogs of any outlet: a line starting with a time stamp starts a post (`14:05`,
//! `2.05pm`, `14.05 BST`, `1:23 p.m. ET`, `22.00: text`, `Updated 14:05`, ISO date-times).
//! Text after the stamp on the same line is the post's title when short, else its first line;
//! with nothing after the stamp, a short first line without closing punctuation is the title.
//! A line holding only a date dates the posts below it.
//! Guardian live blogs are this shape too (see [`super::guardian`]).

use std::sync::LazyLock;

use regex::Regex;

use chrono::NaiveDate;

use super::detect::LineKind;
use super::furniture::{is_caption_marker, is_chrome, is_marker};
use super::{is_heading, preamble, starts_ci, time, RawBlog, RawPost};
use super::{TrimLine, POST_LINES};

/// A by-line right after the time: `By Jane Smith`.
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:By|From)\s+\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3}(?:\s+(?:and|&)\s+\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3})?$").expect("byline regex"));

/// [`BYLINE`], its regex asked only of lines that start as one must (most posts' text
/// lines are looked at once for it: the search was a tenth of the parse).
fn is_byline(t: &str) -> bool {
    (t.starts_with("By") || t.starts_with("From")) && BYLINE.is_match(t)
}

/// Reads one segment. Lines before the first post are the blog's headline and key points.
pub fn read<'a>(lines: &[&'a str], offset: usize) -> RawBlog<'a> {
    read_classified(lines, &mut LineKind::all(lines), offset)
}

/// [`read`] with the lines already classified (`kinds[i]` is `lines[i]`'s). A segment read
/// as timed holds no BBC post lines, so each line's `stamp` was looked for.
pub fn read_classified<'a>(lines: &[&'a str], kinds: &mut [LineKind<'a>], offset: usize) -> RawBlog<'a> {
    let mut blog = RawBlog::default();
    // room for a post at each stamped line, at most (growing the list moved the posts
    // several times)
    blog.posts.reserve(kinds.iter().filter(|k| k.stamp.is_some()).count());
    let mut pre: Vec<&str> = Vec::new();
    let led = |t: &str| starts_ci(t, "updated");
    let mut heading_date: Option<NaiveDate> = None;
    let time_only_style =
        kinds.iter().any(|k| !led(k.trimmed) && k.stamp.as_ref().is_some_and(|s| s.len == k.trimmed.len()));
    // Whether any post stamp opens with no date (`6.05pm BST`, `Rory Sullivan20 December
    // 2023 14:31`): then a line opening with a date and a clock above the first post is the
    // page's dateline.
    let undated_led = kinds.iter().any(|k| k.stamp.is_some() && !opens_with_date(k.trimmed));
    let mut post_has_text = false;
    for (i, (line, kind)) in lines.iter().zip(kinds.iter_mut()).enumerate() {
        let t = kind.trimmed;
        // In a blog whose posts start with a time alone on its line, a time followed by text
        // is body text ("10.30am: doors open" inside a post), not a new post.
        // Likewise `Updated at 14.05 GMT` inside such a post is a note on the post, not a post.
        // the reader is the line's last reader: its stamp (and zone) moves into the post
        let stamp = kind.stamp.take().filter(|s| {
            !time_only_style
                || (!led(t) && (s.len == t.len() || t[..s.len].trim_end().ends_with([':', '-', '–', '—', '|'])))
        });
        if stamp.is_none() {
            if let Some(day) = date_heading(t) {
                // `Wednesday 10 February 2016` between posts dates the posts under it.
                heading_date = Some(day);
                continue;
            }
        }
        if let Some(stamp) = stamp.as_ref().filter(|s| blog.posts.is_empty() && undated_led && s.len == t.len() && opens_with_date(t)) {
            // `Tue 21 Jun 2022 18.05 BST` at the top of a page whose posts are stamped with a
            // clock alone: when the page was published, which dates its undated posts, not a
            // post (the key-event headlines below it are the page's too).
            blog.page_date = blog.page_date.or(stamp.date);
            continue;
        }
        if let Some(mut stamp) = stamp {
            let rest = t[stamp.len..].trim_line();
            if stamp.date.is_none() {
                stamp.date = heading_date;
            }
            let mut post = RawPost { title: None, stamp: Some(stamp), body_lines: Vec::with_capacity(POST_LINES), line: offset + i + 1 };
            // `Posted at 14:05` under its title: the title is the line just above.
            if rest.is_empty() && led_by_posted(t) {
                let above = match blog.posts.last_mut() {
                    Some(prev) => take_trailing_title(&mut prev.body_lines),
                    None => take_trailing_title_str(&mut pre),
                };
                post.title = above;
            }
            if !rest.is_empty() {
                if is_title(rest) {
                    post.title = Some(rest);
                } else {
                    post.body_lines.push(rest);
                }
            }
            post_has_text = post.body_lines.iter().any(|l| !l.is_empty());
            blog.posts.push(post);
        } else if let Some(post) = blog.posts.last_mut() {
            // (whether the post has text yet, kept as the lines come: asking its lines at
            // each line was quadratic in a post's length)
            let is_first_text = !post_has_text;
            if is_first_text && post.title.is_none() && is_byline(t) {
                continue;
            }
            post_has_text |= !t.is_empty();
            post.body_lines.push(t);
        } else {
            pre.push(line);
        }
    }
    let author_led = |post: &RawPost<'_>| {
        post.line.checked_sub(offset + 1).and_then(|i| lines.get(i)).is_some_and(|l| super::detect::author_header(l.trim_line()).is_some())
    };
    if !blog.posts.is_empty() && blog.posts.iter().all(author_led) {
        sign_at_the_foot(&mut blog.posts, &mut pre);
    }
    for post in &mut blog.posts {
        if post.title.is_none() {
            post.title = take_leading_title(&mut post.body_lines);
        }
    }
    blog.page_date = blog.page_date.or_else(|| page_date(&pre));
    let (headline, summary) = preamble(&pre);
    blog.headline = headline;
    blog.summary = summary;
    blog
}

/// A sentence of a post's text: words closed by a full stop or a closing quote, not chrome
/// (`Comments`, `Join thought-provoking conversations` are the page's).
fn is_sentence(t: &str) -> bool {
    let t = t.trim_line();
    t.ends_with(['.', '!', '?', '”', '"', '’', ')']) && t.split_whitespace().nth(3).is_some() && !is_chrome(t) && !is_title(t)
}

/// Posts signed at their foot (`…settlement.”` / `Rory Sullivan20 December 2023 14:31`):
/// when no sentence follows the last author's header and a headline with its text stands
/// above the first, each header closes the post above it. The posts are moved up: the
/// first takes that headline and text from the preamble, each other one the lines after
/// the header before it, and what follows the last header is the page's, not a post's.
fn sign_at_the_foot<'a>(posts: &mut [RawPost<'a>], pre: &mut Vec<&'a str>) {
    let Some(last) = posts.last() else { return };
    if last.body_lines.iter().any(|l| is_sentence(l)) {
        return;
    }
    // the first post's text: the sentences ending the preamble and the headline above them
    let mut start = pre.len();
    while start > 0 && { let t = pre[start - 1].trim_line(); t.is_empty() || is_sentence(t) } {
        start -= 1;
    }
    if start == pre.len() || start == 0 || !is_title(pre[start - 1]) {
        return;
    }
    start -= 1;
    let mut carried: Vec<&'a str> = pre.drain(start..).map(|l| l.trim_line()).collect();
    for post in posts.iter_mut() {
        std::mem::swap(&mut post.body_lines, &mut carried);
        // the post now starts that many lines above its header
        post.line = post.line.saturating_sub(post.body_lines.len()).max(1);
    }
}

/// Whether a stamped line opens with a date (`Tue 21 Jun 2022 18.05 BST`), not its clock
/// (`6.05pm BST`, `Posted at 14:05`) or an author's name.
fn opens_with_date(t: &str) -> bool {
    let t = &t[time::emoji_prefix_len(t)..];
    let rest = &t[time::lead_len(t)..];
    time::date_prefix(rest).is_some()
}

fn led_by_posted(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    lower.starts_with("posted") || lower.starts_with("published")
}

/// A post's first line is its title when it reads as a headline and more text follows:
/// `14:05` / `Minister resigns` / `The minister has...`. Chrome before it is skipped, and
/// what may stand between a title and its text is looked past: media markers with their
/// captions (`Image source, PA`, `Image caption,` and the caption) and bylines (`By Jane
/// Smith`, `From CNN’s Jennifer Korn`, `Nick Triggle` over `Health correspondent`).
fn take_leading_title<'a>(body: &mut Vec<&'a str>) -> Option<&'a str> {
    let mut texts: Vec<usize> = Vec::with_capacity(2);
    let mut i = 0;
    while i < body.len() && texts.len() < 2 {
        let l = body[i];
        if l.is_empty() || is_chrome(l) {
            i += 1;
        } else if !texts.is_empty() && is_caption_marker(l) {
            // the marker and its caption (the next line with text)
            i += 1 + body[i + 1..].iter().position(|n| !n.is_empty()).map_or(0, |p| p + 1);
        } else if !texts.is_empty() && (is_marker(l) || is_byline(l)) {
            i += 1;
        } else if !texts.is_empty() && is_name_over_role(l, body.get(i + 1).copied()) {
            i += 2;
        } else {
            texts.push(i);
            i += 1;
        }
    }
    let (&first, &second) = (texts.first()?, texts.get(1)?);
    if is_title(body[first]) && !is_title(body[second]) {
        Some(body.remove(first))
    } else {
        None
    }
}

/// A reporter's name over their role (`Nick Triggle` / `Health correspondent`): a byline.
fn is_name_over_role(name: &str, role: Option<&str>) -> bool {
    const ROLES: [&str; 9] = ["correspondent", "editor", "reporter", "journalist", "presenter", "analyst", "writer", "producer", "columnist"];
    let Some(role) = role.map(|r| r.trim_line()) else { return false };
    // (a post's text line is asked too: its words are counted only when it is short)
    if name.len() > 60 || role.len() > 80 {
        return false;
    }
    let words = name.split_whitespace().count();
    (2..=4).contains(&words)
        && name.split_whitespace().all(|w| w.starts_with(char::is_uppercase))
        && role.split_whitespace().count() <= 6
        && role.split_whitespace().last().is_some_and(|w| ROLES.iter().any(|r| w.eq_ignore_ascii_case(r)))
}

/// The last line of `lines` when it is a headline standing as its own paragraph.
fn take_trailing_title<'a>(lines: &mut Vec<&'a str>) -> Option<&'a str> {
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    let alone = last == 0 || lines[last - 1].is_empty();
    // a section heading (`Live Reporting`) or chrome above the first post is the page's
    if alone && is_title(lines[last]) && !is_heading(lines[last]) && !is_chrome(lines[last]) {
        let title = lines.remove(last);
        lines.truncate(last);
        Some(title)
    } else {
        None
    }
}

fn take_trailing_title_str<'a>(lines: &mut Vec<&'a str>) -> Option<&'a str> {
    let mut trimmed: Vec<&'a str> = lines.iter().map(|l| l.trim_line()).collect();
    let title = take_trailing_title(&mut trimmed)?;
    let keep = trimmed.len();
    lines.truncate(keep);
    Some(title)
}

/// The date the page states above its posts, for its undated posts: an update line
/// (`Last updated: 14 March 2023`, `Updated 24 February 2024 4:05pm`) first, else a line
/// that is a date (`Monday 15 January 2024`, `📅 Dydd Llun 15 Ionawr 2024 / Monday 15
/// January 2024`).
fn page_date(pre: &[&str]) -> Option<NaiveDate> {
    let lines = || pre.iter().map(|l| l.trim_line()).map(|t| &t[time::emoji_prefix_len(t)..]).filter(|t| t.len() <= 80);
    let updated = |t: &str| ["last updated", "updated", "published", "posted"].iter().any(|w| starts_ci(t, w));
    lines().filter(|t| updated(t)).find_map(time::find_date).or_else(|| {
        lines()
            .filter(|t| (!t.ends_with('.') && time::date_prefix(t).is_some()) || t.split(" / ").any(|part| date_heading(part.trim_line()).is_some()))
            .find_map(time::find_date)
    })
}

/// A line holding only a date (`Wednesday 10 February 2016`, `10 February 2016`).
fn date_heading(t: &str) -> Option<NaiveDate> {
    if t.len() > 40 {
        return None;
    }
    let (year, month, day, used) = time::date_prefix(t)?;
    if used != t.len() {
        return None;
    }
    NaiveDate::from_ymd_opt(year?, month, day)
}

/// A short line without closing punctuation reads as a headline.
/// The cheap tests run first: most lines are long paragraphs ending in a full stop (so the
/// last character is looked at before any are counted).
pub fn is_title(text: &str) -> bool {
    let t = text.trim_line();
    // a pictograph opening a headline (`🗣️ Minister: ...`) is decoration (pictographs are
    // not ASCII: most lines are passed over on their first and last bytes)
    let t = if t.as_bytes().first().is_some_and(u8::is_ascii) { t } else { &t[time::emoji_prefix_len(t)..] };
    // and one closing a line (`...live coverage. ☕`) hides no full stop
    let t = if t.as_bytes().last().is_some_and(|b| b.is_ascii() && !b.is_ascii_whitespace()) {
        t
    } else {
        t.trim_end_matches(|c: char| time::is_pictograph(c) || c.is_whitespace())
    };
    // a sentence closed inside a quote (`…on strike.”`) is no headline either
    let unquoted = t.trim_end_matches(['”', '"', '’', '\'']);
    let closed_in_quote = unquoted.len() < t.len() && unquoted.ends_with('.');
    !t.ends_with(['.', ',', ';', ':', '…'])
        && !closed_in_quote
        // 120 characters are at most 480 bytes; at most 120 bytes are at most 120 characters
        && (t.len() <= 120 || (t.len() <= 480 && t.chars().count() <= 120))
        && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '\'' | '‘' | '"' | '“' | '#'))
        && (2..=18).contains(&t.split_whitespace().take(19).count())
        && !t.contains("http")
        && !t.contains("pic.twitter.com")
}
