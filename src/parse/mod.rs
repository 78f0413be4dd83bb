//! Text -> blogs and entries. Parsing never fails: it returns what it found plus diagnostics
//! (the rust-analyzer invariant), so one odd file never hides the others.
//!
//! Passes, in order: [`decode`] (bytes -> clean text, or a refusal for binary input),
//! [`detect`] (which format the text is in, from its shape alone), one format reader
//! ([`bbc`], [`guardian`], [`itv`], [`generic`]; [`html`] first extracts the text of a page
//! saved as HTML), [`furniture`] (page chrome out of bodies,
//! recorded as embeds) and [`time`] (times, zones, dates, UTC).

pub mod bbc;
pub mod decode;
pub mod detect;
pub mod furniture;
pub mod generic;
pub mod guardian;
pub mod html;
pub mod itv;
mod stamp_scan;
pub mod time;

use chrono::{Datelike, NaiveDate};

use crate::model::{Blog, Diagnostic, Entry, EntryId, Format, Severity, ShortText, SourceName, ZoneText};

/// `str::trim` for lines, cheaper: ASCII whitespace (`char::is_whitespace`'s six ASCII
/// characters) is stripped byte by byte, and only when a non-ASCII character is left at an end
/// does `str::trim` decode characters. Lines are trimmed several times each while parsing;
/// always inlined (the compiler kept it a call, whose cost was a good part of a trim).
pub(crate) trait TrimLine {
    fn trim_line(&self) -> &str;
}

/// `t` starts with `prefix`, ASCII case ignored: compared in place, where a lowercase copy of
/// the line would be an allocation per line.
#[inline]
pub(crate) fn starts_ci(t: &str, prefix: &str) -> bool {
    t.as_bytes().get(..prefix.len()).is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

impl TrimLine for str {
    #[inline(always)]
    fn trim_line(&self) -> &str {
        let is_space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
        let b = self.as_bytes();
        let mut start = 0;
        while start < b.len() && is_space(b[start]) {
            start += 1;
        }
        let mut end = b.len();
        while end > start && is_space(b[end - 1]) {
            end -= 1;
        }
        // ASCII bytes only were stripped, so both ends are char boundaries
        let t = &self[start..end];
        match (t.as_bytes().first(), t.as_bytes().last()) {
            (Some(&f), Some(&l)) if f >= 0x80 || l >= 0x80 => t.trim(),
            _ => t,
        }
    }
}

/// One file's parse: possibly several blogs (files may hold several saved pages).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFile {
    pub blogs: Vec<Blog>,
    pub entries: Vec<Entry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Room for a post's lines from the start: most posts have a few to a dozen (blank ones
/// included), and growing the list from nothing took three allocations.
pub(crate) const POST_LINES: usize = 16;

/// A post as a format reader found it, before furniture removal and time resolution. Its
/// lines borrow the decoded text: copying each line into a `String` of its own was an
/// allocation per line, freed again once the body was joined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawPost<'a> {
    pub title: Option<&'a str>,
    /// The time stamp as published, parsed.
    pub stamp: Option<time::Stamp>,
    pub body_lines: Vec<&'a str>,
    /// 1-based line of the post's first line in the decoded text.
    pub line: usize,
}

/// A blog as a format reader found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawBlog<'a> {
    pub headline: Option<String>,
    pub summary: Vec<String>,
    pub posts: Vec<RawPost<'a>>,
    /// Dates the page states outside its posts (e.g. Guardian `Last Updated:` lines).
    pub page_date: Option<chrono::NaiveDate>,
}

/// Parses one file's bytes. `source` is the file's base name, used in ids and diagnostics.
pub fn parse_file(source: &str, bytes: &[u8]) -> ParsedFile {
    let mut out = ParsedFile::default();
    // (the lines are read from the text, so it need not end in a line feed)
    let decoded = match decode::decode_unterminated(bytes) {
        Ok(d) => d,
        Err(err) => {
            out.diagnostics.push(Diagnostic::new(source, None, Severity::Error, err.to_string()));
            return out;
        }
    };
    for repair in &decoded.repairs {
        out.diagnostics.push(Diagnostic::new(source, decoded.first_repair_line, Severity::Warning, repair.clone()));
    }
    if html::looks_like_html(&decoded.text) {
        out.diagnostics.push(Diagnostic::new(
            source,
            Some(1),
            Severity::Info,
            "an HTML page, not saved text: its visible text was extracted and read (saving the page as text gives cleaner entries)",
        ));
        let text = html::html_to_text(&decode::terminated(decoded.text));
        match decode::decode(text.as_bytes()) {
            Ok(clean) => parse_text_into(source, &clean.text, Some(&clean.line_ends), &mut out),
            Err(err) => out.diagnostics.push(Diagnostic::new(source, None, Severity::Error, format!("HTML page with no text: {err}"))),
        }
        return out;
    }
    parse_text_into(source, &decoded.text, Some(&decoded.line_ends), &mut out);
    out
}

/// Parses text that is already decoded (what [`parse_file`] does after [`decode::decode`]).
pub fn parse_text(source: &str, text: &str) -> ParsedFile {
    let mut out = ParsedFile::default();
    parse_text_into(source, text, None, &mut out);
    out
}

/// `text.lines()`, split by `memchr`'s vectorised search (`str::lines` finds each line end
/// with a byte-by-byte search).
pub(crate) fn lines_of(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 64 + 1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let line = &text[start..nl];
        // `\r\n` ends a line as `\n` does
        lines.push(line.strip_suffix('\r').unwrap_or(line));
        start = nl + 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// [`lines_of`] from the offsets of the text's line feeds, every one in order (as decoding
/// finds them): no search. `None` when an offset is not a line feed's.
fn lines_at<'a>(text: &'a str, line_ends: &[usize]) -> Option<Vec<&'a str>> {
    debug_assert_eq!(line_ends.len(), memchr::memchr_iter(b'\n', text.as_bytes()).count());
    let mut lines = Vec::with_capacity(line_ends.len() + 1);
    let mut start = 0;
    for &nl in line_ends {
        if text.as_bytes().get(nl) != Some(&b'\n') {
            return None;
        }
        let line = text.get(start..nl)?;
        lines.push(line.strip_suffix('\r').unwrap_or(line));
        start = nl + 1;
    }
    if start < text.len() {
        lines.push(text.get(start..)?);
    }
    Some(lines)
}

/// `line_ends`, when given, are the offsets of every line feed in `text` (decoding finds them).
fn parse_text_into(source: &str, text: &str, line_ends: Option<&[usize]>, out: &mut ParsedFile) {
    let lines = line_ends.and_then(|ends| lines_at(text, ends)).unwrap_or_else(|| lines_of(text));
    // Each line is classified once, for the splitting, the detection and the reader.
    let mut all_kinds = detect::LineKind::all_in(text, &lines);
    for range in detect::split_blog_ranges(&lines, &all_kinds) {
        let offset = range.start;
        let (segment, kinds) = (&lines[range.clone()], &mut all_kinds[range]);
        let format = detect::detect_classified(segment, kinds);
        let raw_blogs = match format {
            Format::Bbc => bbc::read_classified(segment, kinds, offset),
            Format::Guardian => vec![guardian::read_classified(segment, kinds, offset)],
            Format::Generic => vec![generic::read_classified(segment, kinds, offset)],
            Format::Itv => vec![itv::read(segment, offset)],
            Format::Plain => vec![],
        };
        let mut found_posts = false;
        for raw in raw_blogs {
            if raw.posts.is_empty() {
                continue;
            }
            found_posts = true;
            build_blog(source, format, raw, out);
        }
        // the lines' trimmed text is in their classification already
        let first_text = if found_posts { None } else { kinds.iter().position(|k| !k.trimmed.is_empty()) };
        if let Some(first_text) = first_text {
            let line = offset + 1 + first_text;
            out.diagnostics.push(Diagnostic::new(
                source,
                Some(line),
                Severity::Warning,
                "no live-blog structure found (no post times, numbered posts or headlines): the text is kept as one untimed entry",
            ));
            let raw = RawBlog {
                posts: vec![RawPost { title: None, stamp: None, body_lines: kinds.iter().map(|k| k.trimmed).collect(), line }],
                ..RawBlog::default()
            };
            build_blog(source, Format::Plain, raw, out);
        }
    }
}

/// Turns a reader's blog into entries: furniture out, times resolved, dates inferred, ids.
fn build_blog(source: &str, format: Format, raw: RawBlog<'_>, out: &mut ParsedFile) {
    let first_n = out.entries.len() + 1;
    let mut dates: Vec<(Option<NaiveDate>, Option<u16>)> = raw
        .posts
        .iter()
        .map(|p| (p.stamp.as_ref().and_then(|s| s.date), p.stamp.as_ref().map(|s| u16::from(s.hour) * 60 + u16::from(s.minute))))
        .collect();
    // A date stated without its year (`10 Apr`) takes the year the page states: a sibling
    // post's, else the page's own date line; with none, it stays unknown.
    let page_year = dates.iter().find_map(|d| d.0).or(raw.page_date).map(|d| d.year());
    for (slot, post) in dates.iter_mut().zip(&raw.posts) {
        if let (None, Some(year), Some((month, day))) = (slot.0, page_year, post.stamp.as_ref().and_then(|s| s.day_month)) {
            slot.0 = NaiveDate::from_ymd_opt(year, month, day);
        }
    }
    let stated = dates.iter().filter(|d| d.0.is_some()).count();
    if stated == 0 {
        // A page date (`Last Updated:`) dates the newest post.
        if let Some(page_date) = raw.page_date {
            let newest = newest_post_index(&dates);
            if let Some(slot) = dates.get_mut(newest) {
                slot.0 = Some(page_date);
            }
        }
    }
    time::infer_dates(&mut dates);
    let blog_zone = dominant_zone(&raw.posts);

    let mut count = 0;
    let source_name = SourceName::from(source);
    // room for the blog's entries at once (an entry is large, and growing the list moved
    // them several times)
    out.entries.reserve(raw.posts.len());
    let last = raw.posts.len().saturating_sub(1);
    for (k, (mut post, (date, _))) in raw.posts.into_iter().zip(dates).enumerate() {
        // the page's footer is saved at the end of its last post
        if k == last {
            if let Some(start) = furniture::footer_start(&post.body_lines) {
                post.body_lines.truncate(start);
            }
        }
        let (body, embeds) = furniture::clean_and_join(&post.body_lines);
        let title = post.title.map(|t| t.trim_line()).filter(|t| !t.is_empty()).map(str::to_string);
        // the zone moves out of the stamp (only its hour and minute are read below)
        let (time, hour, tz) = match &mut post.stamp {
            Some(s) => (s.hhmm(), Some(s.hour), s.tz.take()),
            None => (None, None, None),
        };
        // UTC needs a zone: the post's own, else the one its blog states elsewhere.
        let utc = match (&post.stamp, date, tz.or(blog_zone)) {
            (Some(s), Some(d), Some(z)) => time::to_utc(d, s.hour, s.minute, &z),
            _ => None,
        };
        let date = date.and_then(time::iso_date);
        let id = entry_id(title.as_deref(), time.as_ref().map(ShortText::as_bytes), date.as_ref().map(ShortText::as_bytes), &body);
        out.entries.push(Entry {
            id,
            source: source_name.clone(),
            n: first_n + k,
            title,
            time,
            tz,
            date,
            utc,
            hour,
            body,
            embeds,
            line: post.line,
        });
        count += 1;
    }
    out.blogs.push(Blog { source: source.to_string(), format, headline: raw.headline, summary: raw.summary, entries: count });
}

fn newest_post_index(dates: &[(Option<NaiveDate>, Option<u16>)]) -> usize {
    let times: Vec<u16> = dates.iter().filter_map(|d| d.1).collect();
    let falls = times.windows(2).filter(|w| w[1] < w[0]).count();
    let rises = times.windows(2).filter(|w| w[1] > w[0]).count();
    if falls >= rises { 0 } else { dates.len().saturating_sub(1) }
}

fn dominant_zone(posts: &[RawPost<'_>]) -> Option<ZoneText> {
    let mut counts: Vec<(ZoneText, usize)> = Vec::new();
    for z in posts.iter().filter_map(|p| p.stamp.as_ref().and_then(|s| s.tz)) {
        match counts.iter_mut().find(|(zone, _)| *zone == z) {
            Some(c) => c.1 += 1,
            None => counts.push((z, 1)),
        }
    }
    counts.into_iter().max_by_key(|c| c.1).map(|c| c.0)
}

/// Stable id from what the entry says (not which file it came from), so the same post saved
/// in two overlapping pages gets one id. A 64-bit multiply-xorshift hash over title, time, date
/// and body, eight bytes at a time, fixed constants: the same text gives the same id on every
/// run and platform.
fn entry_id(title: Option<&str>, time: Option<&[u8]>, date: Option<&[u8]>, body: &str) -> EntryId {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |word: u64| {
        hash = (hash ^ word).wrapping_mul(K);
        hash ^= hash >> 29;
    };
    for bytes in [title.unwrap_or("").as_bytes(), time.unwrap_or_default(), date.unwrap_or_default(), body.as_bytes()] {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            mix(u64::from_le_bytes(word));
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        mix(u64::from_le_bytes(tail) ^ ((bytes.len() as u64) << 56));
    }
    hex16(hash)
}

/// `format!("{v:016x}")`, without the formatting machinery.
fn hex16(v: u64) -> EntryId {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // written as bytes, then copied once: sixteen `push`es each checked the room
    let mut digits = [0u8; 16];
    for (i, d) in digits.iter_mut().enumerate() {
        *d = HEX[(v >> ((15 - i) * 4)) as usize & 15];
    }
    // sixteen ASCII digits: valid, and they fit
    std::str::from_utf8(&digits).ok().and_then(EntryId::new).unwrap_or(EntryId::EMPTY)
}

/// Section headings a page prints above its posts (`Live Reporting`): never a post's title.
const HEADINGS: [&str; 8] = ["summary", "key points", "key events", "live reporting", "live", "latest", "live updates", "get involved"];

/// True for a trimmed line that is one of the page's [`HEADINGS`].
pub(crate) fn is_heading(t: &str) -> bool {
    HEADINGS.iter().any(|h| t.eq_ignore_ascii_case(h))
}

/// Splits the lines above the first post into the blog's headline and summary/key points.
/// Bullet lines are key points; a plain line before them is the headline; with no bullets at
/// all, every line is a key point (Guardian pages save them without bullet marks).
pub(crate) fn preamble(lines: &[&str]) -> (Option<String>, Vec<String>) {
    let mut bullets = Vec::new();
    let mut plain = Vec::new();
    for line in lines {
        let t = line.trim_line();
        if t.is_empty() || furniture::is_chrome_trimmed(t) || is_heading(t) {
            continue;
        }
        if starts_ci(t, "edited by") || starts_ci(t, "last updated") {
            continue;
        }
        if let Some(rest) = t.strip_prefix(['•', '*', '·', '▪', '–']).or_else(|| t.strip_prefix("- ")) {
            bullets.push(rest.trim_line().to_string());
        } else {
            plain.push(t.to_string());
        }
    }
    if bullets.is_empty() {
        (None, plain)
    } else {
        (plain.into_iter().next(), bullets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ParsedFile {
        parse_file("t.txt", text.as_bytes())
    }

    fn times(p: &ParsedFile) -> Vec<(Option<&str>, Option<&str>, Option<&str>)> {
        p.entries.iter().map(|e| (e.time.as_deref(), e.tz.as_deref(), e.date.as_deref())).collect()
    }

    #[test]
    fn bbc_undated_posts_take_the_nearest_date_across_midnight() {
        let p = parse(
            "  1. Late nightpublished at 00:10\n\n    Body a.\n\n  2. Before midnightpublished at 23:40\n\n    Body b.\n\n  3. Datedpublished at 22:00 Greenwich Mean Time 9 February 2016\n\n    Body c.\n",
        );
        assert_eq!(p.blogs[0].format, Format::Bbc);
        assert_eq!(
            times(&p),
            vec![(Some("00:10"), None, Some("2016-02-10")), (Some("23:40"), None, Some("2016-02-09")), (Some("22:00"), Some("GMT"), Some("2016-02-09"))]
        );
        assert_eq!(p.entries[0].title.as_deref(), Some("Late night"));
        // The blog's zone stands in for the undated posts' missing one in UTC.
        assert_eq!(p.entries[0].utc.as_deref(), Some("2016-02-10T00:10:00Z"));
    }

    #[test]
    fn bbc_summer_time() {
        let p = parse("  1. Apublished at 09:15 British Summer Time 26 April 2016\n\n    Body.\n");
        assert_eq!(p.entries[0].tz.as_deref(), Some("BST"));
        assert_eq!(p.entries[0].utc.as_deref(), Some("2016-04-26T08:15:00Z"));
    }

    #[test]
    fn guardian_time_lines_key_points_and_last_updated_date() {
        let p = parse(
            "Key point one\nKey point two\n\n11.40pm GMT\n\nLate post.\n\n10.05pm GMT\n\nEarlier post.\nContinue reading...\nLast Updated: 23:45 GMT Sunday, 16 February 2014\n",
        );
        assert_eq!(p.blogs[0].format, Format::Guardian);
        assert_eq!(p.blogs[0].summary, vec!["Key point one", "Key point two"]);
        assert_eq!(times(&p), vec![(Some("23:40"), Some("GMT"), Some("2014-02-16")), (Some("22:05"), Some("GMT"), Some("2014-02-16"))]);
        assert_eq!(p.entries[1].body, "Earlier post.");
    }

    #[test]
    fn updated_notes_inside_posts_do_not_start_posts() {
        let p = parse("14.05 GMT\n\nFirst.\nUpdated at 14.20 GMT\n\n13.50 GMT\n\nSecond.\n");
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].body, "First.");
        let q = parse("Updated 14:05\nOne.\nUpdated 13:30\nTwo.\n");
        assert_eq!(q.entries.len(), 2);
    }

    #[test]
    fn guardian_24_hour_and_no_break_space_times() {
        let p = parse("17.25\u{a0}GMT\n\nOne.\n\n20:09\n\nTwo.\n");
        assert_eq!(times(&p), vec![(Some("17:25"), Some("GMT"), None), (Some("20:09"), None, None)]);
    }

    #[test]
    fn generic_time_prefixes_titles_and_bylines() {
        let p = parse("Election night live\n\n22.00: Exit poll published\nThe exit poll suggests a hung parliament.\n21:45\nBy Jane Smith\nPolls close in fifteen minutes, officials said.\n");
        assert_eq!(p.blogs[0].format, Format::Generic);
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].title.as_deref(), Some("Exit poll published"));
        assert_eq!(p.entries[1].title, None);
        assert_eq!(p.entries[1].body, "Polls close in fifteen minutes, officials said.");
    }

    #[test]
    fn titles_on_the_line_after_the_time_or_above_posted_at() {
        let p = parse("14:05 GMT\nKey event\nMinister resigns\nThe minister has resigned, her office said.\n13:50 GMT\nThe debate goes on.\n");
        assert_eq!(p.entries[0].title.as_deref(), Some("Minister resigns"));
        assert_eq!(p.entries[0].body, "The minister has resigned, her office said.");
        assert_eq!(p.entries[1].title, None);
        let q = parse("Strike called off\n\nPosted at 14:05\n\nThe union said talks had worked.\n\nTalks resume\n\nPosted at 13:00\n\nBoth sides met.\n");
        assert_eq!(q.entries.iter().map(|e| e.title.as_deref()).collect::<Vec<_>>(), vec![Some("Strike called off"), Some("Talks resume")]);
        assert_eq!(q.entries[0].body, "The union said talks had worked.");
    }

    /// `Posted at 16:45 10 Apr` starts a post as `Posted at 16:45` does; its date takes the
    /// year the page states, or stays unknown. A heading above the first post is no title.
    #[test]
    fn posted_at_with_a_day_and_month_starts_a_post() {
        let text = "Live Reporting\n\nPosted at 17:02\nFirst post\nSome text here.\n\nPosted at 16:45 10 Apr\nSecond post\nMore text.\n\nPosted at 16:30\nThird post\nYet more.\n";
        let p = parse(text);
        assert_eq!(p.entries.iter().map(|e| e.title.as_deref()).collect::<Vec<_>>(), vec![Some("First post"), Some("Second post"), Some("Third post")]);
        assert_eq!(p.entries[0].body, "Some text here.");
        assert_eq!(times(&p)[1], (Some("16:45"), None, None));
        let q = parse(&format!("{text}\nPosted at 10:00 9 April 2023\nFourth post\nEarliest.\n"));
        assert_eq!(q.entries[1].date.as_deref(), Some("2023-04-10"));
    }

    /// A page's dateline above posts stamped with a clock alone is no post: it dates them.
    #[test]
    fn a_dateline_above_clock_stamped_posts_dates_them() {
        let p = parse("Some blog – live\nTue 21 Jun 2022 18.05 BST\nKey events\n2h ago\nSummary of the day\n6.05pm BST\nSummary of the day\nText one.\n5.12pm BST\nText two.\n");
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].title.as_deref(), Some("Summary of the day"));
        assert_eq!(times(&p), vec![(Some("18:05"), Some("BST"), Some("2022-06-21")), (Some("17:12"), Some("BST"), Some("2022-06-21"))]);
        // posts that are all stamped with a date and a clock stay posts
        let q = parse("Tue 21 Jun 2022 18.05 BST\nOne.\nTue 21 Jun 2022 17.05 BST\nTwo.\n");
        assert_eq!(q.entries.len(), 2);
    }

    /// A title is kept when media markers, a caption or a byline stand between it and the text.
    #[test]
    fn titles_survive_markers_and_bylines_below_them() {
        let p = parse("Blog\n14:05\nBarclay: BMA demand is unaffordable\nImage source, PA Media\nImage caption,\nSteve Barclay in Essex\n\nHe said it was unaffordable.\n\n13:30\nHow many appointments have been cancelled?\nNick Triggle\nHealth correspondent\n\nNHS England says it will not publish figures.\n\n13:10\nKaiser says hospitals remain open\nFrom CNN’s Ramishah Maruf\nKaiser said in a statement that its hospitals will remain open.\n\n13:00\nSanders backs striking workers\nSanders posted on X: “I stand in solidarity with the workers on strike.”\n");
        let titles: Vec<_> = p.entries.iter().map(|e| e.title.as_deref()).collect();
        assert_eq!(
            titles,
            vec![Some("Barclay: BMA demand is unaffordable"), Some("How many appointments have been cancelled?"), Some("Kaiser says hospitals remain open"), Some("Sanders backs striking workers")]
        );
        assert_eq!(p.entries[0].body, "Steve Barclay in Essex\n\nHe said it was unaffordable.");
    }

    /// `⏰ 16:30` is a time line, and a headline may open with a pictograph.
    #[test]
    fn times_and_titles_marked_with_pictographs() {
        let p = parse("🔴 LIVE: Junior doctors strike in Wales\n\n⏰ 16:30\n🗣️ Eluned Morgan: \"We made a fair offer\"\nThe minister said the offer was fair.\n\n⏰ 15:10\n✊ BMA Cymru Wales responds\nDoctors said enough is enough.\n");
        assert_eq!(times(&p), vec![(Some("16:30"), None, None), (Some("15:10"), None, None)]);
        assert_eq!(p.entries[0].title.as_deref(), Some("🗣️ Eluned Morgan: \"We made a fair offer\""));
        assert_eq!(p.entries[1].title.as_deref(), Some("✊ BMA Cymru Wales responds"));
        assert_eq!(p.entries[1].body, "Doctors said enough is enough.");
        let q = parse("⏰ 07:00\n🌅 Bore da! Good morning 👋\nWelcome to our live coverage. ☕\n⏰ 06:00\nEarlier.\n");
        assert_eq!(q.entries[0].title.as_deref(), Some("🌅 Bore da! Good morning 👋"));
    }

    /// `13.15BMA responds` splits as `14:05Barclay…` does, and the date the page states above
    /// its posts dates them.
    #[test]
    fn glued_dot_times_and_page_date_lines() {
        let p = parse("Strike LIVE\nLast updated: 14 March 2023\n14:05Barclay says demands unrealistic\nBarclay said the demand was unrealistic.\n13.15BMA responds\nThe BMA said he was refusing to negotiate.\n");
        assert_eq!(p.entries.iter().map(|e| e.title.as_deref()).collect::<Vec<_>>(), vec![Some("Barclay says demands unrealistic"), Some("BMA responds")]);
        assert_eq!(times(&p), vec![(Some("14:05"), None, Some("2023-03-14")), (Some("13:15"), None, Some("2023-03-14"))]);
        for head in ["Updated 24 February 2024 4:05pm", "Monday 24 February 2024", "📅 Dydd Sadwrn 24 Chwefror 2024 / Saturday 24 February 2024"] {
            let q = parse(&format!("Blog\n{head}\n4:05PM\nTitle one\nText one.\n3:12PM\nText two.\n"));
            assert_eq!(q.entries[1].date.as_deref(), Some("2024-02-24"), "{head}");
        }
    }

    /// `Rory Sullivan20 December 2023 14:31`, a post's author glued to its date and time,
    /// heads the post (the name is no title); posts signed so at their foot are read too.
    #[test]
    fn author_headers_glued_to_date_and_time() {
        let top = "Blog – live\nRory Sullivan,Maryam Zakir-Hussain\nWednesday 20 December 2023 14:31\nRory Sullivan20 December 2023 14:31\n1 hour ago\nAtkins: ‘Door remains open’\nAtkins said the door remains open.\nMaryam Zakir-Hussain20 December 2023 13:15\nCancer patient ‘terrified’\nA patient said she was terrified.\n";
        let p = parse(top);
        assert_eq!(p.entries.iter().map(|e| e.title.as_deref()).collect::<Vec<_>>(), vec![Some("Atkins: ‘Door remains open’"), Some("Cancer patient ‘terrified’")]);
        assert_eq!(times(&p), vec![(Some("14:31"), None, Some("2023-12-20")), (Some("13:15"), None, Some("2023-12-20"))]);
        assert_eq!(p.entries[1].body, "A patient said she was terrified.");
        let foot = "Blog – live\nWednesday 20 December 2023 14:31\nAtkins: ‘Door remains open’\nAtkins said the door remains open.\nRory Sullivan20 December 2023 14:31\nCancer patient ‘terrified’\nA patient said she was terrified.\nMaryam Zakir-Hussain20 December 2023 13:15\nComments\nMost popular\n";
        let q = parse(foot);
        assert_eq!(q.entries.iter().map(|e| e.title.as_deref()).collect::<Vec<_>>(), vec![Some("Atkins: ‘Door remains open’"), Some("Cancer patient ‘terrified’")]);
        assert_eq!(times(&q), times(&p));
        assert_eq!(q.entries[1].body, "A patient said she was terrified.");
    }

    #[test]
    fn date_headings_date_the_posts_below() {
        let p = parse("Wednesday 10 February 2016\n\n23:10 GMT\nLate.\n\nTuesday 9 February 2016\n\n22:00 GMT\nEarlier.\n");
        assert_eq!(times(&p), vec![(Some("23:10"), Some("GMT"), Some("2016-02-10")), (Some("22:00"), Some("GMT"), Some("2016-02-09"))]);
        assert_eq!(p.entries[0].body, "Late.");
    }

    #[test]
    fn relative_age_lines_are_furniture() {
        let p = parse("14.05 GMT\n\nFirst post text here.\n2h ago\n\n13.05 GMT\n\nSecond.\n");
        assert_eq!(p.entries[0].body, "First post text here.");
    }

    #[test]
    fn us_style_times_with_zone_give_utc() {
        let p = parse("2024-11-05T20:00:00-05:00 Polls close in Georgia\nBody.\n1:23 p.m. ET Senate adjourns\nMore body.\n");
        assert_eq!(p.entries[0].utc.as_deref(), Some("2024-11-06T01:00:00Z"));
        assert_eq!(p.entries[1].time.as_deref(), Some("13:23"));
        assert_eq!(p.entries[1].tz.as_deref(), Some("ET"));
        assert_eq!(p.entries[1].date.as_deref(), Some("2024-11-05"));
    }

    #[test]
    fn itv_headlines_with_teasers_removed() {
        let p = parse("- 3 updates\nBig headline\nSummary line.\nLive updates\nFirst post title\nFirst body line.\nAdvertisement\nSecond post title\nSecond body.\n- ITV Report\nTeaser headline\nLatest ITV News reports\n-\nAnother teaser\n");
        assert_eq!(p.blogs[0].format, Format::Itv);
        assert_eq!(p.blogs[0].headline.as_deref(), Some("Big headline"));
        assert_eq!(p.entries.iter().map(|e| e.title.as_deref()).collect::<Vec<_>>(), vec![Some("First post title"), Some("Second post title")]);
        assert_eq!(p.entries[1].body, "Second body.");
        assert!(p.entries.iter().all(|e| e.time.is_none()));
    }

    #[test]
    fn unstructured_text_is_one_untimed_entry_with_a_diagnostic() {
        let p = parse("Just some prose about the strike.\nAnd a second sentence.\n");
        assert_eq!(p.entries.len(), 1);
        assert_eq!(p.blogs[0].format, Format::Plain);
        assert!(p.diagnostics.iter().any(|d| d.message.contains("no live-blog structure") && d.line == Some(1)));
    }

    /// A page of headings and lists (a recipe) is no live blog.
    #[test]
    fn a_recipe_is_unstructured_text() {
        let p = parse("Jump to Recipe  Print Recipe\nClassic Victoria Sponge\nBy Mary Smith | Updated 3 June 2023 | 2h ago\nThis post may contain affiliate links. Please read our disclosure policy.\nPrep time: 20 mins\nServes: 8\nIngredients\n225g butter, softened\n4 eggs\n2 tsp baking powder\nMethod\n1. Heat the oven to 190C/170C fan/gas 5.\n5. Sandwich with jam and buttercream at 4:30pm for afternoon tea.\n");
        assert_eq!(p.blogs[0].format, Format::Plain);
        assert_eq!(p.entries.len(), 1);
        assert!(p.diagnostics.iter().any(|d| d.message.contains("no live-blog structure")));
    }

    #[test]
    fn binary_input_is_refused_by_name() {
        let p = parse_file("photo.txt", b"\x89PNG\r\n\x1a\n\0\0");
        assert!(p.entries.is_empty());
        assert_eq!(p.diagnostics[0].source, "photo.txt");
        assert!(p.diagnostics[0].message.contains("PNG"));
        assert_eq!(p.diagnostics[0].severity, Severity::Error);
    }

    #[test]
    fn hygiene_crlf_bom_curly_quotes_no_final_newline() {
        let a = parse("\u{feff}3.23pm BST\r\n\r\n“Quoted,” she said.  \r\n\r\n1.05pm BST\r\n\r\nLast");
        let b = parse("3.23pm BST\n\n“Quoted,” she said.\n\n1.05pm BST\n\nLast\n");
        assert_eq!(a.entries, b.entries);
        assert_eq!(a.entries[1].body, "Last");
    }

    #[test]
    fn concatenated_blogs_keep_numbering_within_the_file() {
        let one = "Summary\n\n  • Point\n\n  1. Apublished at 10:00 Greenwich Mean Time 1 March 2016\n\n    Alpha.\n";
        let two = "Summary\n\n  • Other\n\n  1. Bpublished at 09:00 Greenwich Mean Time 2 March 2016\n\n    Beta.\n";
        let p = parse(&format!("{one}{two}"));
        assert_eq!(p.blogs.len(), 2);
        assert_eq!(p.entries.iter().map(|e| e.n).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(p.entries[1].date.as_deref(), Some("2016-03-02"));
    }

    #[test]
    fn ids_are_stable_and_content_based() {
        let a = parse_file("a.txt", b"3.23pm BST\n\nSame.\n");
        let b = parse_file("b.txt", b"3.23pm BST\n\nSame.\n");
        assert_eq!(a.entries[0].id, b.entries[0].id);
        let c = parse_file("a.txt", b"3.24pm BST\n\nSame.\n");
        assert_ne!(a.entries[0].id, c.entries[0].id);
    }

    /// Ids stay what earlier versions made: a person's stored corrections name entries by id.
    #[test]
    fn ids_are_those_earlier_versions_made() {
        assert_eq!(parse_file("a.txt", b"3.23pm BST\n\nSame.\n").entries[0].id, "968a86c6d98006e2");
        let bbc = parse_file("b.txt", b"  1. Titlepublished at 13:56 Greenwich Mean Time 10 February 2016\n\n    Body text.\n");
        assert_eq!((bbc.entries[0].time.as_deref(), bbc.entries[0].date.as_deref()), (Some("13:56"), Some("2016-02-10")));
        assert_eq!(bbc.entries[0].id, "541ad82ec34023ca");
    }

    #[test]
    fn a_file_of_only_timestamps_gives_empty_entries() {
        let p = parse("10:00\n11:00\n12:00\n");
        assert_eq!(p.entries.len(), 3);
        assert!(p.entries.iter().all(|e| e.body.is_empty()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
            let _ = parse_file("fuzz.txt", &bytes);
        }

        #[test]
        fn never_panics_on_live_blog_like_text(lines in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::prelude::Just("  1. Titlepublished at 13:56 Greenwich Mean Time 10 February 2016".to_string()),
                proptest::prelude::Just("published at 99:99".to_string()),
                proptest::prelude::Just("3.23pm BST".to_string()),
                proptest::prelude::Just("12.00am".to_string()),
                proptest::prelude::Just("Summary".to_string()),
                proptest::prelude::Just("- 4 updates".to_string()),
                proptest::prelude::Just("Live updates".to_string()),
                proptest::prelude::Just("This Twitter post cannot be displayed".to_string()),
                proptest::prelude::Just("End of twitter post".to_string()),
                proptest::prelude::Just("Last Updated: 21:25 GMT Sunday, 31 February 2014".to_string()),
                "[ -~é’“•\u{a0}]{0,80}",
            ], 0..60)) {
            let text = lines.join("\n");
            let p = parse_file("fuzz.txt", text.as_bytes());
            for e in &p.entries {
                proptest::prop_assert!(e.n >= 1);
                proptest::prop_assert!(e.hour.is_none_or(|h| h < 24));
            }
        }
    }
}

#[cfg(test)]
mod trim_line_tests {
    use super::TrimLine;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[" ", "\t", "\n", "\r", "\x0B", "\x0C", "\u{a0}", "\u{2009}", "\u{3000}", "\u{85}", "a", "Z", ".", "é", "“", "\x1F", "x y"];

    proptest! {
        #[test]
        fn lines_of_is_str_lines(s in proptest::collection::vec(proptest::sample::select(&["a", "\n", "\r", "\r\n", " ", "é"][..]), 0..10).prop_map(|v| v.concat())) {
            prop_assert_eq!(super::lines_of(&s), s.lines().collect::<Vec<_>>());
        }

        #[test]
        fn lines_at_is_lines_of(s in proptest::collection::vec(proptest::sample::select(&["a", "\n", "\r", "\r\n", " ", "é"][..]), 0..10).prop_map(|v| v.concat())) {
            let ends: Vec<usize> = memchr::memchr_iter(b'\n', s.as_bytes()).collect();
            prop_assert_eq!(super::lines_at(&s, &ends), Some(super::lines_of(&s)));
        }

        /// The preamble's in-place comparisons agree with comparing a lowercase copy.
        #[test]
        fn preamble_is_lowercase_comparison(lines in proptest::collection::vec(proptest::sample::select(&[
            "Summary", "KEY POINTS", "Key Events", "live", "Live Updates", "get involved", "Edited by Jane", "EDITED BY", "edited b",
            "Last Updated: 10:00", "last updatedx", "• Point", "- Dash", "Headline", "Summary\u{17f}", "\u{212a}ey points", "Éedited by",
            "  Summary  ", "", "Advertisement", "Lastly",
        ][..]), 0..12)) {
            const HEADINGS: [&str; 8] = ["summary", "key points", "key events", "live reporting", "live", "latest", "live updates", "get involved"];
            let mut bullets = Vec::new();
            let mut plain = Vec::new();
            for line in &lines {
                let t = line.trim();
                if t.is_empty() || crate::parse::furniture::is_chrome(t) || HEADINGS.contains(&t.to_ascii_lowercase().as_str()) {
                    continue;
                }
                let lower = t.to_ascii_lowercase();
                if lower.starts_with("edited by") || lower.starts_with("last updated") {
                    continue;
                }
                if let Some(rest) = t.strip_prefix(['•', '*', '·', '▪', '–']).or_else(|| t.strip_prefix("- ")) {
                    bullets.push(rest.trim().to_string());
                } else {
                    plain.push(t.to_string());
                }
            }
            let want = if bullets.is_empty() { (None, plain) } else { (plain.into_iter().next(), bullets) };
            prop_assert_eq!(super::preamble(&lines), want);
        }

        #[test]
        fn hex16_is_format(v: u64) {
            prop_assert_eq!(String::from(super::hex16(v)), format!("{v:016x}"));
        }

        #[test]
        fn trim_line_is_str_trim(s in proptest::collection::vec(proptest::sample::select(PIECES), 0..8).prop_map(|v| v.concat())) {
            prop_assert_eq!(s.trim_line(), s.trim());
        }
    }
}
