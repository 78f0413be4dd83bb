//! Guardian live blogs: a line holding only a time (`3.23pm BST`, `17.25 GMT`, `20:09`) starts
//! a post; bullets above the first post are key points; `Last Updated: 21:25 GMT Sunday,
//! 16 February 2014` lines are furniture that may give the page's date.

use super::detect::LineKind;
use super::{generic, starts_ci, time, RawBlog};
use super::TrimLine;

pub fn read<'a>(lines: &[&'a str], offset: usize) -> RawBlog<'a> {
    read_classified(lines, &mut LineKind::all(lines), offset)
}

/// [`read`] with the lines already classified (`kinds[i]` is `lines[i]`'s).
pub fn read_classified<'a>(lines: &[&'a str], kinds: &mut [LineKind<'a>], offset: usize) -> RawBlog<'a> {
    let mut blog = generic::read_classified(lines, kinds, offset);
    // `Last Updated:` first, else the dateline the timed reader found
    blog.page_date = page_date(lines).or(blog.page_date);
    blog
}

/// The date a `Last Updated:` line gives, which is the date of the newest post.
pub fn page_date(lines: &[&str]) -> Option<chrono::NaiveDate> {
    lines
        .iter()
        .map(|l| l.trim_line())
        .filter(|l| starts_ci(l, "last updated"))
        .find_map(time::find_date)
}
