//! Timed live blogs of any outlet: a line starting with a time stamp starts a post (`14:05`,
//! `2.05pm`, `14.05 BST`, `1:23 p.m. ET`, `22.00: text`, `Updated 14:05`, ISO date-times).
//! Text after the stamp on the same line is the post's title when short, else its first line.
//! Guardian live blogs are this shape too (see [`super::guardian`]).

use std::sync::LazyLock;

use regex::Regex;

use super::detect::post_stamp;
use super::{preamble, RawBlog, RawPost};

/// A by-line right after the time: `By Jane Smith`.
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:By|From)\s+\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3}(?:\s+(?:and|&)\s+\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3})?$").expect("byline regex"));

/// Reads one segment. Lines before the first post are the blog's headline and key points.
pub fn read(lines: &[&str], offset: usize) -> RawBlog {
    let mut blog = RawBlog::default();
    let mut pre: Vec<&str> = Vec::new();
    let led = |t: &str| t.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("updated"));
    let time_only_style = lines.iter().any(|l| !led(l.trim()) && post_stamp(l).is_some_and(|s| s.len == l.trim().len()));
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        // In a blog whose posts start with a time alone on its line, a time followed by text
        // is body text ("10.30am: doors open" inside a post), not a new post.
        // Likewise `Updated at 14.05 GMT` inside such a post is a note on the post, not a post.
        let stamp = post_stamp(t).filter(|s| {
            !time_only_style
                || (!led(t) && (s.len == t.len() || t[..s.len].trim_end().ends_with([':', '-', '–', '—', '|'])))
        });
        if let Some(stamp) = stamp {
            let rest = t[stamp.len..].trim();
            let mut post = RawPost { title: None, stamp: Some(stamp), body_lines: Vec::new(), line: offset + i + 1 };
            if !rest.is_empty() {
                if is_title(rest) {
                    post.title = Some(rest.to_string());
                } else {
                    post.body_lines.push(rest.to_string());
                }
            }
            blog.posts.push(post);
        } else if let Some(post) = blog.posts.last_mut() {
            let is_first_text = post.body_lines.iter().all(|l| l.is_empty());
            if is_first_text && post.title.is_none() && BYLINE.is_match(t) {
                continue;
            }
            post.body_lines.push(t.to_string());
        } else {
            pre.push(line);
        }
    }
    let (headline, summary) = preamble(&pre);
    blog.headline = headline;
    blog.summary = summary;
    blog
}

/// A short line without closing punctuation reads as a headline.
pub fn is_title(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    (2..=18).contains(&words)
        && t.chars().count() <= 120
        && !t.ends_with(['.', ',', ';', ':', '…'])
        && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '\'' | '‘' | '"' | '“' | '#'))
        && !t.contains("http")
        && !t.contains("pic.twitter.com")
}
