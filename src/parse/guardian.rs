//! Guardian live blogs: a line holding only a time (`3.23pm BST`, `17.25 GMT`, `20:09`) starts
//! a post; bullets above the first post are key points; `Last Updated: 21:25 GMT Sunday,
//! 16 February 2014` lines are furniture that may give the page's date.

use super::{generic, time, RawBlog};

pub fn read(lines: &[&str], offset: usize) -> RawBlog {
    let mut blog = generic::read(lines, offset);
    blog.page_date = page_date(lines);
    blog
}

/// The date a `Last Updated:` line gives, which is the date of the newest post.
pub fn page_date(lines: &[&str]) -> Option<chrono::NaiveDate> {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.to_ascii_lowercase().starts_with("last updated"))
        .find_map(time::find_date)
}
