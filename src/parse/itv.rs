//! ITV-style live updates, with no times at all: a short headline line (no closing full stop)
//! followed by body lines starts a post. `- 40 updates` and `Live updates` frame the page's
//! headline and summary; `Latest ITV News reports` and what follows are teaser links.

use std::sync::LazyLock;

use regex::Regex;

use super::furniture::{is_chrome, may_start_with};
use super::generic::is_title;
use super::{RawBlog, RawPost};
use super::{TrimLine, POST_LINES};

static COUNTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^-?\s?\d+ updates?$").expect("counter regex"));
static LIVE_MARK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^live(?: updates| reporting)?$").expect("live regex"));
static TEASERS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:latest .{0,30}reports|more on this story|related (?:stories|articles)|read more)$").expect("teaser regex"));
static REPORT_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^-\s?\w+( \w+)? report$").expect("report link regex"));

/// [`TEASERS`] matches `t`, its regex asked only when `t` may start with one of its phrases.
fn is_teasers(t: &str) -> bool {
    ["latest ", "more on this story", "related ", "read more"].iter().any(|w| may_start_with(t, w)) && TEASERS.is_match(t)
}

/// [`REPORT_LINK`] matches `t`, its regex asked only when `t` starts with its dash.
fn is_report_link(t: &str) -> bool {
    t.starts_with('-') && REPORT_LINK.is_match(t)
}

/// How many headline-then-body posts the lines hold (used by detection).
/// A headline counts when prose follows it: a line of a few words at least, not a list
/// heading or item (`Ingredients`, `4 eggs`), which other pages of short lines are made of.
pub fn headline_posts(lines: &[&str]) -> usize {
    let texts: Vec<&str> = lines.iter().map(|l| l.trim_line()).filter(|l| !l.is_empty()).collect();
    texts.windows(2).filter(|w| heads_text(w[0], w[1]) && is_prose(w[1])).count()
}

/// A headline with a post's text under it: a title, then a line that is neither a title nor
/// chrome.
fn heads_text(title: &str, next: &str) -> bool {
    is_title(title) && !is_title(next) && !is_chrome(next)
}

/// A line of prose: four words or more.
fn is_prose(t: &str) -> bool {
    t.split_whitespace().nth(3).is_some()
}

pub fn read<'a>(lines: &[&'a str], offset: usize) -> RawBlog<'a> {
    let mut blog = RawBlog::default();
    // Non-empty lines with their file line numbers, teasers cut off.
    let mut texts: Vec<(usize, &str)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_line();
        if is_teasers(t) {
            break;
        }
        if !t.is_empty() {
            texts.push((offset + i + 1, t));
        }
    }
    // Page head: `- N updates`, headline, summary lines, `Live updates`.
    let mut start = 0;
    if let Some(live) = texts.iter().take(30).position(|(_, t)| LIVE_MARK.is_match(t)) {
        let head: Vec<&str> = texts[..live].iter().map(|(_, t)| *t).filter(|t| !COUNTER.is_match(t) && !is_chrome(t)).collect();
        blog.headline = head.first().map(|s| s.to_string());
        blog.summary = head.iter().skip(1).map(|s| s.to_string()).collect();
        start = live + 1;
    } else if let Some((_, t)) = texts.first().filter(|(_, t)| COUNTER.is_match(t)) {
        let _ = t;
        start = 1;
    }
    let texts = &texts[start..];
    let starts_post_at = |k: usize| matches!((texts.get(k), texts.get(k + 1)), (Some((_, t)), Some((_, n))) if heads_text(t, n));
    let mut i = 0;
    while i < texts.len() {
        let (line_no, t) = texts[i];
        let next = texts.get(i + 1).map(|(_, n)| *n);
        // `- ITV Report` and the headline after it are a link to another article, unless
        // that headline has text under it: then it is the next post.
        if is_report_link(t) {
            i += if next.is_some_and(is_title) && !starts_post_at(i + 1) { 2 } else { 1 };
            continue;
        }
        let starts_post = starts_post_at(i);
        if starts_post {
            blog.posts.push(RawPost { title: Some(t), stamp: None, body_lines: Vec::with_capacity(POST_LINES), line: line_no });
        } else if let Some(post) = blog.posts.last_mut() {
            post.body_lines.push(t);
            post.body_lines.push("");
        } else if !is_chrome(t) && !COUNTER.is_match(t) {
            if blog.headline.is_none() {
                blog.headline = Some(t.to_string());
            } else {
                blog.summary.push(t.to_string());
            }
        }
        i += 1;
    }
    blog
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A headline with text under it after `- ITV Report` is a post, not a teaser link.
    #[test]
    fn a_post_after_a_report_link_is_kept() {
        let lines: Vec<&str> = "- 3 updates\nHeadline\nLive updates\nFirst title\nFirst body line here.\n- ITV Report\nTeaser headline\n- ITV Report\nSecond title\nSecond body line here.\n".lines().collect();
        let blog = read(&lines, 0);
        assert_eq!(blog.posts.iter().map(|p| p.title).collect::<Vec<_>>(), vec![Some("First title"), Some("Second title")]);
    }

    /// Short lines under short lines (a recipe's list) are no headline posts.
    #[test]
    fn lists_are_not_headline_posts() {
        let recipe: Vec<&str> = "Classic Victoria Sponge\nServes: 8\nIngredients\n225g butter, softened\n4 eggs\n2 tsp baking powder\nMethod\n1. Heat the oven.".lines().collect();
        assert_eq!(headline_posts(&recipe), 0);
    }

    /// The prefilters before [`TEASERS`] and [`REPORT_LINK`] turn away no line they match.
    #[test]
    fn teaser_and_report_filters_agree_with_the_regexes() {
        let mut lines: Vec<String> = crate::sample::SEEDS.iter().flat_map(|(_, text)| text.lines().map(|l| l.trim().to_string())).collect();
        for l in ["Latest ITV News reports", "LATEST  reports", "latest x reports", "More on this story", "Related stories",
            "RELATED ARTICLES", "Read more", "read more.", "Rea\u{17f} more", "Related \u{17f}tories", "- ITV Report", "-ITV report",
            "- Tyne Tees report", "-\u{a0}ITV report", "ITV report", "Latest", "latest\u{17f} reports"] {
            lines.push(l.to_string());
        }
        let (mut teasers, mut reports) = (0, 0);
        for l in &lines {
            teasers += usize::from(TEASERS.is_match(l));
            reports += usize::from(REPORT_LINK.is_match(l));
            assert_eq!(is_teasers(l), TEASERS.is_match(l), "{l:?}");
            assert_eq!(is_report_link(l), REPORT_LINK.is_match(l), "{l:?}");
        }
        assert!(teasers >= 6 && reports >= 3, "{teasers} {reports}");
    }
}
