//! Text -> blogs and entries. Parsing never fails: it returns what it found plus diagnostics
//! (the rust-analyzer invariant), so one odd file never hides the others.
//!
//! Passes, in order: [`decode`] (bytes -> clean text, or a refusal for binary input),
//! [`detect`] (which format the text is in, from its shape alone), one format reader
//! ([`bbc`], [`guardian`], [`itv`], [`generic`]), [`furniture`] (page chrome out of bodies,
//! recorded as embeds) and [`time`] (times, zones, dates, UTC).

pub mod bbc;
pub mod decode;
pub mod detect;
pub mod furniture;
pub mod generic;
pub mod guardian;
pub mod itv;
pub mod time;

use chrono::NaiveDate;

use crate::model::{Blog, Diagnostic, Entry, Format, Severity};

/// One file's parse: possibly several blogs (files may hold several saved pages).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFile {
    pub blogs: Vec<Blog>,
    pub entries: Vec<Entry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A post as a format reader found it, before furniture removal and time resolution.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawPost {
    pub title: Option<String>,
    /// The time stamp as published, parsed.
    pub stamp: Option<time::Stamp>,
    pub body_lines: Vec<String>,
    /// 1-based line of the post's first line in the decoded text.
    pub line: usize,
}

/// A blog as a format reader found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawBlog {
    pub headline: Option<String>,
    pub summary: Vec<String>,
    pub posts: Vec<RawPost>,
    /// Dates the page states outside its posts (e.g. Guardian `Last Updated:` lines).
    pub page_date: Option<chrono::NaiveDate>,
}

/// Parses one file's bytes. `source` is the file's base name, used in ids and diagnostics.
pub fn parse_file(source: &str, bytes: &[u8]) -> ParsedFile {
    let mut out = ParsedFile::default();
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(err) => {
            out.diagnostics.push(Diagnostic::new(source, None, Severity::Error, err.to_string()));
            return out;
        }
    };
    for repair in &decoded.repairs {
        out.diagnostics.push(Diagnostic::new(source, decoded.first_repair_line, Severity::Warning, repair.clone()));
    }
    parse_text_into(source, &decoded.text, &mut out);
    out
}

/// Parses text that is already decoded (what [`parse_file`] does after [`decode::decode`]).
pub fn parse_text(source: &str, text: &str) -> ParsedFile {
    let mut out = ParsedFile::default();
    parse_text_into(source, text, &mut out);
    out
}

fn parse_text_into(source: &str, text: &str, out: &mut ParsedFile) {
    let lines: Vec<&str> = text.lines().collect();
    for (offset, segment) in detect::split_blogs(&lines) {
        let format = detect::detect(&segment);
        let raw_blogs = match format {
            Format::Bbc => bbc::read(&segment, offset),
            Format::Guardian => vec![guardian::read(&segment, offset)],
            Format::Generic => vec![generic::read(&segment, offset)],
            Format::Itv => vec![itv::read(&segment, offset)],
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
        if !found_posts && segment.iter().any(|l| !l.trim().is_empty()) {
            let line = offset + 1 + segment.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
            out.diagnostics.push(Diagnostic::new(
                source,
                Some(line),
                Severity::Warning,
                "no live-blog structure found (no post times, numbered posts or headlines): the text is kept as one untimed entry",
            ));
            let raw = RawBlog {
                posts: vec![RawPost { title: None, stamp: None, body_lines: segment.iter().map(|l| l.trim().to_string()).collect(), line }],
                ..RawBlog::default()
            };
            build_blog(source, Format::Plain, raw, out);
        }
    }
}

/// Turns a reader's blog into entries: furniture out, times resolved, dates inferred, ids.
fn build_blog(source: &str, format: Format, raw: RawBlog, out: &mut ParsedFile) {
    let first_n = out.entries.len() + 1;
    let mut dates: Vec<(Option<NaiveDate>, Option<u16>)> = raw
        .posts
        .iter()
        .map(|p| (p.stamp.as_ref().and_then(|s| s.date), p.stamp.as_ref().map(|s| u16::from(s.hour) * 60 + u16::from(s.minute))))
        .collect();
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
    for (k, (post, (date, _))) in raw.posts.into_iter().zip(dates).enumerate() {
        let (kept, embeds) = furniture::clean_body(&post.body_lines);
        let body = furniture::join_paragraphs(&kept);
        let title = post.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        let (time, hour, tz) = match &post.stamp {
            Some(s) => (Some(s.hhmm()), Some(s.hour), s.tz.clone()),
            None => (None, None, None),
        };
        // UTC needs a zone: the post's own, else the one its blog states elsewhere.
        let utc = match (&post.stamp, date, tz.as_deref().or(blog_zone.as_deref())) {
            (Some(s), Some(d), Some(z)) => time::to_utc(d, s.hour, s.minute, z),
            _ => None,
        };
        let date = date.map(|d| d.format("%Y-%m-%d").to_string());
        let id = entry_id(title.as_deref(), time.as_deref(), date.as_deref(), &body);
        out.entries.push(Entry {
            id,
            source: source.to_string(),
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

fn dominant_zone(posts: &[RawPost]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for z in posts.iter().filter_map(|p| p.stamp.as_ref().and_then(|s| s.tz.as_deref())) {
        match counts.iter_mut().find(|(name, _)| *name == z) {
            Some(c) => c.1 += 1,
            None => counts.push((z, 1)),
        }
    }
    counts.into_iter().max_by_key(|c| c.1).map(|c| c.0.to_string())
}

/// Stable id from what the entry says (not which file it came from), so the same post saved
/// in two overlapping pages gets one id: FNV-1a 64 over title, time, date and body.
fn entry_id(title: Option<&str>, time: Option<&str>, date: Option<&str>, body: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [title.unwrap_or(""), time.unwrap_or(""), date.unwrap_or(""), body] {
        for b in part.bytes().chain([0x1f]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Splits the lines above the first post into the blog's headline and summary/key points.
/// Bullet lines are key points; a plain line before them is the headline; with no bullets at
/// all, every line is a key point (Guardian pages save them without bullet marks).
pub(crate) fn preamble(lines: &[&str]) -> (Option<String>, Vec<String>) {
    const HEADINGS: [&str; 8] = ["summary", "key points", "key events", "live reporting", "live", "latest", "live updates", "get involved"];
    let mut headline = None;
    let mut bullets = Vec::new();
    let mut plain = Vec::new();
    for line in lines {
        let t = line.trim();
        if t.is_empty() || furniture::is_chrome(t) || HEADINGS.contains(&t.to_ascii_lowercase().as_str()) {
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
    if bullets.is_empty() {
        (None, plain)
    } else {
        headline = plain.into_iter().next().or(headline);
        (headline, bullets)
    }
}
