//! BBC live pages: numbered posts `N. <title>published at HH:MM <zone> <date>`, the title glued
//! to "published at", the body indented below; a `Summary` block of `•` bullets above.
//! Numbering that starts again at 1 begins another saved page.

use super::detect::{bbc_post, LineKind};
use super::{preamble, RawBlog, RawPost};
use super::{TrimLine, POST_LINES};

/// Reads one segment. `offset` is the segment's first line index in the file.
pub fn read<'a>(lines: &[&'a str], offset: usize) -> Vec<RawBlog<'a>> {
    read_classified(lines, &mut LineKind::all(lines), offset)
}

/// [`read`] with the lines already classified (`kinds[i]` is `lines[i]`'s).
pub fn read_classified<'a>(lines: &[&'a str], kinds: &mut [LineKind<'a>], offset: usize) -> Vec<RawBlog<'a>> {
    let mut blogs = vec![RawBlog::default()];
    // room for every post line's post (growing the list moved the posts several times)
    let post_lines = kinds.iter().filter(|k| k.bbc.is_some()).count();
    blogs[0].posts.reserve(post_lines);
    let mut pre: Vec<&str> = Vec::new();
    let mut last_n: Option<usize> = None;
    for (i, (line, kind)) in lines.iter().zip(kinds.iter_mut()).enumerate() {
        // The classification read the trimmed line; only trailing white space (which
        // decoding leaves when it is not a plain space) can make the untrimmed one differ.
        let ends_clean = line.as_bytes().last().is_none_or(|&b| b < 0x80 && !matches!(b, b'\t'..=b'\r' | b' '))
            || line.len() == line.trim_end().len();
        // the reader is the line's last reader: its stamp (and zone) moves into the post
        let post = if ends_clean { kind.bbc.take() } else { bbc_post(line) };
        if let Some((n, title, stamp)) = post {
            let restarted = matches!((n, last_n), (Some(1), Some(prev)) if prev > 1);
            if restarted {
                blogs.push(RawBlog::default());
            }
            last_n = n.or(last_n);
            let title = title.trim_line();
            let blog = blogs.last_mut().expect("blogs is never empty");
            blog.posts.push(RawPost {
                title: (!title.is_empty()).then_some(title),
                stamp: Some(stamp),
                body_lines: Vec::with_capacity(POST_LINES),
                line: offset + i + 1,
            });
        } else if let Some(post) = blogs.last_mut().and_then(|b| b.posts.last_mut()) {
            post.body_lines.push(kind.trimmed);
        } else {
            pre.push(line);
        }
    }
    if let Some(first) = blogs.first_mut() {
        let (headline, summary) = preamble(&pre);
        first.headline = headline;
        first.summary = summary;
    }
    blogs
}
