//! Page furniture: the chrome a saved page carries inside posts (consent boxes for embedded
//! posts, media markers, adverts, sign-up boxes). It is removed from bodies and recorded as
//! what the post embeds, so "this entry embeds a tweet" survives while the boilerplate goes.

use std::sync::LazyLock;

use regex::Regex;

use super::{starts_ci, TrimLine};

/// Lines that are chrome wherever they appear, matched on the whole trimmed line.
static CHROME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            advertisement | advert | continue\ reading(?:\.\.\.|…)? | show\ more | show\ less | read\ more
          | -\ itv\ report | itv\ report | share | share\ this(?:\ post)? | copy\ link | link\ copied
          | key\ event | pinned\ post | pinned | load\ more(?:\ updates)? | skip\ (?:\w+\ )?(?:post|content|video|advert)
          | -+ | •
          | related(?:\ content)?:.* | supported\ by .{0,40}
          | facebook(?:\ twitter)?(?:\ pinterest)? | twitter | email | whatsapp
          | the\ bbc\ is\ not\ responsible\ for\ the\ content\ of\ external\ sites\.?
          | view\ more\ on\ \w+ | view\ original\ content\ on\ \w+
          | sign\ up\ to\ .{0,80} | sign\ up | privacy\ notice:.* | after\ newsletter\ promotion | skip\ past\ newsletter\ promotion
          | we\ operate\ google\ recaptcha.* | newsletters\ may\ contain\ info.*
          | enter\ your\ email(?:\ address)?.* | subscribe | get\ our\ .{0,40}newsletter.*
          | last\ updated:.* | (?:updated|posted)\ (?:at\ )?\d{1,2}[.:]\d{2}\s?(?:[ap]m)?(?:\ [a-z]{2,4})?
          | latest\ [a-z\ ]{0,30}\ reports | -?\ ?\d+\ (?:new\ )?updates?
          | (?:from\ )?\d+\s?(?:s|m|h|d|secs?|mins?|minutes?|hrs?|hours?|days?)\ ago | just\ now
          | (?:first\ published|last\ modified)\ on\ .* | show\ key\ events\ only | live\ feed
          | please\ turn\ on\ javascript\ to\ use\ this\ feature | key\ events | breaking(?:\ news)?
          | close\ panel | share\ page | about\ sharing | back\ to\ top | related\ topics | link\ copied!
          | (?:copyright\ )?©\ ?[0-9]{4}(?:[^0-9].*)? | read\ more:.*
        )$",
    )
    .expect("chrome regex")
});

/// Markers that stand for an embedded item; the line goes, the embed is recorded.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?P<quote>quote\ message)|(?P<video>media\ caption,?|video\ caption,?|play\ video|watch:?)|(?P<image>image\ caption,?|image\ source,.*|photograph:.*|photo:.*|picture:.*))$")
        .expect("marker regex")
});

/// An image credit glued to its caption: `Jeremy HuntImage source, PA`.
static GLUED_IMAGE_SOURCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)image source, [^,]{1,60}$|(?:photograph|photo): [^,]{1,80}$").expect("glued regex"));

/// The first line of an embedded-post consent box, e.g. BBC's "This Twitter post cannot be
/// displayed in your browser" or "Allow Twitter content?".
static CONSENT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:this (?P<a>\w+) (?:post|content|video) cannot be displayed|allow (?P<b>\w+) content\?|skip (?P<c>\w+) (?:post|content|video))")
        .expect("consent start regex")
});
static CONSENT_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^end of (?P<p>\w+) (?:post|content|video)").expect("consent end regex"));

/// Links in the text that show an embedded post.
static EMBED_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bpic\.twitter\.com/|\btwitter\.com/\w+/status|\bx\.com/\w+/status|https?://t\.co/)|(?P<ig>instagram\.com/p/)|(?P<yt>youtube\.com/watch|youtu\.be/)")
        .expect("embed link regex")
});

/// True for a line that is chrome wherever it stands (used outside bodies too).
pub fn is_chrome(line: &str) -> bool {
    is_chrome_trimmed(line.trim_line())
}

/// [`is_chrome`] of a line already trimmed (trimming again cost a call per body line).
pub(crate) fn is_chrome_trimmed(t: &str) -> bool {
    // a newsletter's privacy notice is a long paragraph, chrome all the same
    !t.is_empty() && (t.len() < 200 || starts_ci(t, "privacy notice:")) && may_be_chrome(t) && CHROME_LINE.is_match(t)
}

/// Lines that open a page's footer: what follows them to the end of the page is links.
static FOOTER_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:explore\ more\ on\ these\ topics|more\ on\ this\ story|back\ to\ top|related\ topics|top\ stories|most\ viewed)$").expect("footer regex")
});

/// A line of a footer's link list: short, not a sentence.
fn is_link_line(t: &str) -> bool {
    is_chrome_trimmed(t) || (t.split_whitespace().count() <= 12 && !t.ends_with(['.', ',', ';', ':']) && !t.ends_with(".”"))
}

/// Where the page's footer starts in the last post's lines, if it has one: at a line that
/// opens a footer (`Explore more on these topics`), or at the start of the run of link lines
/// that ends the page and holds a copyright line (`© 2023 Sky UK`). The footer's lines are
/// links and notices of the site, never the post's.
pub fn footer_start<S: AsRef<str>>(lines: &[S]) -> Option<usize> {
    let opener = lines.iter().position(|l| {
        let t = l.as_ref().trim_line();
        t.len() < 40 && FOOTER_START.is_match(t)
    });
    // (without a copyright sign anywhere there is no such run to look for)
    if !lines.iter().any(|l| l.as_ref().contains('©')) {
        return opener;
    }
    // the run of link lines (blank lines among them) that ends the lines
    let mut run = lines.len();
    while run > 0 && { let t = lines[run - 1].as_ref().trim_line(); t.is_empty() || is_link_line(t) } {
        run -= 1;
    }
    let copyright = lines[run..].iter().any(|l| {
        let t = l.as_ref().trim_line();
        t.starts_with('©') || starts_ci(t, "copyright ©")
    });
    // the run's first line with text
    let run_start = lines[run..].iter().position(|l| !l.as_ref().trim_line().is_empty()).map(|p| run + p);
    match (opener, copyright.then_some(run_start).flatten()) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `Watch: <what the video shows>` on a line alone: the label of an embedded video.
fn is_watch_label(t: &str) -> bool {
    starts_ci(t, "watch:") && t.len() < 200 && t.len() > 7
}

/// `Read more:` alone on its line: the lines right after it are the linked headlines.
fn is_read_more_heading(t: &str) -> bool {
    t.len() <= 11 && t.trim_end_matches(':').eq_ignore_ascii_case("read more") && t.ends_with(':')
}

/// The words a [`CHROME_LINE`] match starts with, lowercase, by their first letter: each
/// alternative of the regex begins with one of them (or with `-`, a space, `•` or a digit).
fn chrome_starts(first: u8) -> &'static [&'static str] {
    match first {
        b'a' => &["advert", "after newsletter", "about sharing"],
        b'b' => &["breaking", "back to top"],
        b'c' => &["continue reading", "copy link", "close panel", "copyright "],
        b'e' => &["email", "enter your email"],
        b'f' => &["facebook", "from ", "first published"],
        b'g' => &["get our "],
        b'i' => &["itv report"],
        b'j' => &["just now"],
        b'k' => &["key event"],
        b'l' => &["link copied", "load more", "last updated:", "latest ", "last modified", "live feed"],
        b'n' => &["newsletters may"],
        b'p' => &["pinned", "privacy notice:", "posted ", "please turn"],
        b'r' => &["read more", "related"],
        b's' => &["show ", "share", "skip ", "supported by", "sign up", "subscribe"],
        b't' => &["twitter", "the bbc"],
        b'u' => &["updated "],
        b'v' => &["view "],
        b'w' => &["whatsapp", "we operate"],
        _ => &[],
    }
}

/// False when [`CHROME_LINE`] cannot match the trimmed line `t`: most body lines are prose,
/// and this turns them away with a few byte comparisons instead of a regex search. A
/// non-ASCII byte where a word is compared may be a case-folded `ſ` or Kelvin sign (or a
/// Unicode digit or `•` first), so it says "maybe".
fn may_be_chrome(t: &str) -> bool {
    let b = t.as_bytes();
    let first = match b.first() {
        Some(&c) if c >= 0x80 || c.is_ascii_digit() || c == b'-' || c == b' ' => return true,
        Some(&c) => c.to_ascii_lowercase(),
        None => return false,
    };
    chrome_starts(first).iter().any(|w| may_start_with(t, w))
}

/// False when `t` cannot start with the lowercase ASCII `word` under a case-insensitive
/// regex: a non-ASCII byte where a letter is compared may be a case-folded `ſ` or Kelvin
/// sign, so it says "maybe".
pub(crate) fn may_start_with(t: &str, word: &str) -> bool {
    let b = t.as_bytes();
    for (k, wc) in word.bytes().enumerate() {
        match b.get(k) {
            Some(&c) if c >= 0x80 => return true,
            Some(&c) if c.to_ascii_lowercase() == wc => {}
            _ => return false,
        }
    }
    true
}

/// False when [`CONSENT_START`] cannot match `t`.
fn may_be_consent(t: &str) -> bool {
    ["this ", "allow ", "skip "].iter().any(|w| may_start_with(t, w))
}

/// [`CONSENT_END`] matches `t`, its regex asked only when `t` may start with `end of `
/// (most lines after a consent box's first are the box's own sentences).
fn may_be_consent_end(t: &str) -> bool {
    may_start_with(t, "end of ") && CONSENT_END.is_match(t)
}

/// True for a trimmed line that stands for an embedded item (`Image source, PA`, `Image
/// caption,`, `Media caption,`): not text of the post, though the caption after one is.
pub(crate) fn is_marker(t: &str) -> bool {
    t.len() < 200 && may_be_marker(t) && MARKER.is_match(t)
}

/// True for a marker whose next line is the item's caption (`Image caption,`).
pub(crate) fn is_caption_marker(t: &str) -> bool {
    is_marker(t) && t.get(..t.len().min(14)).is_some_and(|h| h.to_ascii_lowercase().contains("caption"))
}

/// False when [`MARKER`] cannot match `t`.
fn may_be_marker(t: &str) -> bool {
    ["quote message", "media caption", "video caption", "play video", "watch", "image ", "photo", "picture:"]
        .iter()
        .any(|w| may_start_with(t, w))
}

/// False when [`GLUED_IMAGE_SOURCE`] cannot match `line`: a match holds "source, ",
/// "photo: " or "photograph: ", so only a comma or colon followed by a space, after those
/// letters, is looked at (most lines have few commas and colons) instead of a regex search
/// of every line. A non-ASCII byte among the letters compared may be a case-folded character
/// (`ſ`), so it says "maybe".
fn may_be_glued_image_source(line: &str) -> bool {
    let b = line.as_bytes();
    let word_ends_at = |end: usize, word: &[u8]| {
        end >= word.len() && {
            let before = &b[end - word.len()..end];
            before.iter().any(|&c| c >= 0x80) || before.eq_ignore_ascii_case(word)
        }
    };
    memchr::memchr2_iter(b',', b':', b).any(|p| {
        b.get(p + 1) == Some(&b' ')
            && if b[p] == b',' { word_ends_at(p, b"ource") } else { word_ends_at(p, b"photo") || word_ends_at(p, b"photograph") }
    })
}

/// False when none of the link marks can be in `line`: all but `youtu` contain `.co`. Two
/// vectorised scans instead of five plain ones for every body line.
fn may_hold_link(line: &str) -> bool {
    static DOT_CO: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new(".co"));
    static YOUTU: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("youtu"));
    DOT_CO.find(line.as_bytes()).is_some() || YOUTU.find(line.as_bytes()).is_some()
}

/// The platform of the embedded post [`EMBED_LINK`] finds in `line`, if any. Read from the
/// leftmost match's first letter, not its groups (a capture search cost about 3,600
/// instructions a line): the Twitter alternatives start with `p`, `t`, `x` or `h`, Instagram's
/// with `i`, YouTube's with `y`, and no other character folds to any of these letters.
fn embed_link_kind(line: &str) -> Option<&'static str> {
    if line.is_ascii() {
        return embed_link_kind_ascii(line);
    }
    let m = EMBED_LINK.find(line)?;
    Some(match m.as_str().as_bytes().first().map(u8::to_ascii_lowercase) {
        Some(b'i') => "instagram",
        Some(b'y') => "youtube",
        _ => "twitter",
    })
}

/// [`embed_link_kind`] of an ASCII line, by hand: the regex search cost about 1,700
/// instructions a line. Every alternative holds a dot a fixed way in, so only the places
/// those ways before a dot are tried; the leftmost place where an alternative matches gives
/// the kind by its first letter, as in [`embed_link_kind`]. In ASCII text `\w` is
/// `[0-9A-Za-z_]`, `\b` compares neighbouring bytes, and no character folds to a letter of
/// the patterns but its other case; `\w+` must take the whole run of word bytes, as `/` is
/// not one.
fn embed_link_kind_ascii(line: &str) -> Option<&'static str> {
    let b = line.as_bytes();
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    let lit = |at: usize, text: &[u8]| b.get(at..at + text.len()).is_some_and(|s| s.eq_ignore_ascii_case(text));
    // `\b` before a letter at `at`: no word byte before it
    let boundary = |at: usize| at.checked_sub(1).and_then(|p| b.get(p)).is_none_or(|c| !word(c));
    // `\w+/status` from `at`
    let status = |at: usize| {
        let run = b.get(at..).map_or(0, |r| r.iter().take_while(|c| word(c)).count());
        run > 0 && lit(at + run, b"/status")
    };
    // (how far in the first dot is, the kind, and whether the alternative matches at `p`)
    type Alternative<'f> = (usize, &'static str, &'f dyn Fn(usize) -> bool);
    let alternatives: [Alternative<'_>; 8] = [
        (1, "twitter", &|p| boundary(p) && lit(p, b"x.com/") && status(p + 6)),
        (3, "twitter", &|p| boundary(p) && lit(p, b"pic.twitter.com/")),
        (5, "youtube", &|p| lit(p, b"youtu.be/")),
        (7, "twitter", &|p| boundary(p) && lit(p, b"twitter.com/") && status(p + 12)),
        (7, "youtube", &|p| lit(p, b"youtube.com/watch")),
        (8, "twitter", &|p| lit(p, b"http://t.co/")),
        (9, "twitter", &|p| lit(p, b"https://t.co/")),
        (9, "instagram", &|p| lit(p, b"instagram.com/p/")),
    ];
    let mut best: Option<(usize, &'static str)> = None;
    for dot in memchr::memchr_iter(b'.', b) {
        // a match found: one at a later dot starts at most nine bytes before it
        if best.is_some_and(|(p, _)| p + 9 < dot) {
            break;
        }
        for (back, kind, matches) in &alternatives {
            if let Some(p) = dot.checked_sub(*back) {
                if best.is_none_or(|(q, _)| p < q) && matches(p) {
                    best = Some((p, kind));
                }
            }
        }
    }
    best.map(|(_, kind)| kind)
}

/// The platform a [`CONSENT_START`] line names (`line` matches it): the word after `this`,
/// `allow` or `skip`. Read by hand (a capture search cost thousands of instructions); the
/// regex decides when a non-ASCII character (a case-folded `ſ` or Kelvin sign, a Unicode
/// word character) is in the way.
fn consent_platform(line: &str) -> &str {
    let b = line.as_bytes();
    let lead = match b.first().map(u8::to_ascii_lowercase) {
        Some(b't') => 5, // "this "
        Some(b'a') => 6, // "allow "
        _ => 5,          // "skip "
    };
    if let Some(head) = b.get(..lead).filter(|h| h.is_ascii()) {
        let run = b[head.len()..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        // the word ends at the space the pattern requires (not at a non-ASCII character)
        if run > 0 && b.get(lead + run) == Some(&b' ') {
            return &line[lead..lead + run];
        }
    }
    CONSENT_START
        .captures(line)
        .and_then(|caps| caps.name("a").or(caps.name("b")).or(caps.name("c")))
        .map_or("post", |m| m.as_str())
}

/// What a [`MARKER`] line stands for (`line` matches it), from its first letters: the only
/// non-ASCII characters that fold to an ASCII letter are `ſ` and the Kelvin sign, and no
/// alternative starts with `s` or `k` or has one second, so a matching line starts with two
/// ASCII letters that tell its group.
fn marker_kind(line: &str) -> &'static str {
    let b = line.as_bytes();
    match (b.first().map(u8::to_ascii_lowercase), b.get(1).map(u8::to_ascii_lowercase)) {
        (Some(b'q'), _) => "quote",
        (Some(b'm' | b'v' | b'w'), _) | (Some(b'p'), Some(b'l')) => "video",
        _ => "image",
    }
}

/// Removes furniture from a post's lines; returns the kept lines (blank lines kept as
/// paragraph breaks) and the embeds found, each kind once, in order of appearance.
pub fn clean_body<S: AsRef<str>>(lines: &[S]) -> (Vec<String>, Vec<String>) {
    let mut kept: Vec<String> = Vec::with_capacity(lines.len());
    let embeds = clean_lines(lines, |line| kept.push(line.to_string()));
    (kept, embeds)
}

/// [`clean_body`] then [`join_paragraphs`], without a copy of each kept line on the way.
pub fn clean_and_join<S: AsRef<str>>(lines: &[S]) -> (String, Vec<String>) {
    // Joined as they are kept, into room for every line and a blank line between each: the
    // body is allocated once, not grown line by line, and no list of the kept lines is
    // made. It is given back the room of the lines that went (as much as the kept lines and
    // their breaks take is kept, as when they were listed first).
    let room = lines.iter().map(|l| l.as_ref().len() + 2).sum();
    let mut joined = Joiner { out: String::with_capacity(room), pending_break: false };
    let mut size = 0;
    let embeds = clean_lines(lines, |line| {
        size += line.len() + 2;
        joined.push(line);
    });
    if joined.out.capacity() > size {
        joined.out.shrink_to(size);
    }
    (joined.out, embeds)
}

/// [`clean_body`]'s loop: hands each kept line (trimmed; `""` for a paragraph break) to
/// `keep` and returns the embeds.
fn clean_lines<'a, S: AsRef<str>>(lines: &'a [S], mut keep: impl FnMut(&'a str)) -> Vec<String> {
    let mut embeds: Vec<String> = Vec::new();
    let add = |kind: &str, embeds: &mut Vec<String>| {
        if !embeds.iter().any(|e| e == kind) {
            embeds.push(kind.to_string());
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].as_ref().trim_line();
        if line.is_empty() {
            keep("");
            i += 1;
            continue;
        }
        let short = line.len() < 200;
        let first = line.as_bytes()[0].to_ascii_lowercase();
        if short && matches!(first, b't' | b'a' | b's') && may_be_consent(line) && CONSENT_START.is_match(line) {
            let platform = consent_platform(line);
            // Remove through the matching end line, when there is one within reach.
            let end = lines[i..].iter().take(40).position(|l| may_be_consent_end(l.as_ref().trim_line()));
            add(&platform.to_ascii_lowercase(), &mut embeds);
            i += end.map_or(1, |e| e + 1);
            continue;
        }
        let marker_start = short && matches!(first, b'q' | b'm' | b'v' | b'p' | b'w' | b'i');
        if marker_start && may_be_marker(line) && MARKER.is_match(line) {
            add(marker_kind(line), &mut embeds);
            i += 1;
            continue;
        }
        if short && !line.ends_with('.') && may_be_glued_image_source(line) && GLUED_IMAGE_SOURCE.is_match(line) {
            add("image", &mut embeds);
            i += 1;
            continue;
        }
        if is_read_more_heading(line) {
            // the heading and the headlines it links to (up to a blank line or a sentence)
            i += 1;
            while i < lines.len() && {
                let t = lines[i].as_ref().trim_line();
                !t.is_empty() && super::generic::is_title(t)
            } {
                i += 1;
            }
            continue;
        }
        if is_chrome_trimmed(line) {
            i += 1;
            continue;
        }
        // A video's label with nothing of the post after it (the post ends, or only chrome
        // follows): the video is recorded, its label goes.
        if is_watch_label(line) && lines[i + 1..].iter().all(|l| { let t = l.as_ref().trim_line(); t.is_empty() || is_chrome_trimmed(t) }) {
            add("video", &mut embeds);
            i += 1;
            continue;
        }
        // every link [`EMBED_LINK`] finds has a slash: most lines have none, and one byte
        // search turns them away before the searches for the links' names
        let may_link = memchr::memchr(b'/', line.as_bytes()).is_some()
            && may_hold_link(line)
            && ["t.co/", "twitter.com", "x.com/", "instagram.com", "youtu"].iter().any(|p| line.contains(p));
        if let Some(kind) = may_link.then(|| embed_link_kind(line)).flatten() {
            add(kind, &mut embeds);
        }
        keep(line);
        i += 1;
    }
    embeds
}

/// Joins body lines into paragraphs separated by one blank line; no leading/trailing blanks.
pub fn join_paragraphs<S: AsRef<str>>(lines: &[S]) -> String {
    let mut joined = Joiner::default();
    for line in lines {
        joined.push(line.as_ref());
    }
    joined.out
}

/// [`join_paragraphs`] one line at a time.
#[derive(Default)]
struct Joiner {
    out: String,
    pending_break: bool,
}

impl Joiner {
    fn push(&mut self, line: &str) {
        if line.is_empty() {
            self.pending_break = !self.out.is_empty();
            return;
        }
        if !self.out.is_empty() {
            // pushed as characters: a one- or two-byte `push_str` was a call to `memcpy`
            self.out.push('\n');
            if self.pending_break {
                self.out.push('\n');
            }
        }
        self.out.push_str(line);
        self.pending_break = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    /// Every line the glued-image-credit regex matches gets past its filter.
    #[test]
    fn glued_image_sources_pass_their_filter() {
        let mut lines: Vec<&str> = crate::sample::SEEDS.iter().flat_map(|(_, text)| text.lines()).collect();
        lines.extend([
            "Jeremy HuntImage source, PA",
            "IMAGE SOURCE, Getty Images",
            "A caption. Photo: Someone",
            "PHOTOGRAPH: Agency",
            "photograph: x",
            "image \u{17f}ource, PA",
            "image sour\u{e7}e, PA",
            "Image source, PA, Reuters",
            "photo:x",
            "source ,x",
            "Image source,PA",
            ", ",
            ": ",
        ]);
        let mut matched = 0;
        for line in &lines {
            if GLUED_IMAGE_SOURCE.is_match(line) {
                assert!(may_be_glued_image_source(line), "{line:?}");
                matched += 1;
            }
        }
        assert!(matched >= 6, "{matched}");
        assert!(!may_be_glued_image_source("He said, and she said: no"));
    }

    /// Every chrome line the regex matches gets past [`may_be_chrome`]: the seeds' lines, the
    /// regex's own phrases in any case, and lines with folded or non-ASCII letters.
    #[test]
    fn chrome_prefilter_never_hides_a_match() {
        let mut lines: Vec<String> =
            crate::sample::SEEDS.iter().flat_map(|(_, text)| text.lines().map(|l| l.trim().to_string())).collect();
        let phrases = [
            "Advertisement", "advert", "Continue reading...", "continue reading…", "Show more", "show less", "Read more",
            "- ITV Report", "itv report", "Share", "share this post", "Copy link", "Link copied", "Key event",
            "Pinned post", "pinned", "Load more updates", "Skip twitter post", "skip content", "---", "•",
            "Related content: x", "related: y", "Supported by Foo", "Facebook Twitter Pinterest", "Twitter", "Email",
            "WhatsApp", "The BBC is not responsible for the content of external sites.", "View more on Twitter",
            "View original content on Instagram", "Sign up to First Edition", "Sign up", "Privacy Notice: x",
            "after newsletter promotion", "skip past newsletter promotion", "We operate Google reCAPTCHA x",
            "Newsletters may contain info x", "Enter your email address", "Subscribe", "Get our morning newsletter",
            "Last updated: today", "Updated at 14:05 GMT", "Posted 2.05pm bst", "Latest ITV News reports",
            "- 4 updates", "-4 new updates", " 3 updates", "12 updates", "from 3 mins ago", "5h ago", "Just now",
            "First published on Monday", "Last modified on Monday", "Show key events only", "Live feed",
            "Please turn on JavaScript to use this feature", "Key events", "Breaking news", "Breaking",
            "close panel", "Share page", "About sharing", "Back to top", "Related Topics", "Link Copied!",
            "Copyright © 2023 BBC. Text.", "© 2023 Sky UK", "Read more: a headline",
        ];
        for p in phrases {
            lines.push(p.to_string());
            lines.push(p.to_uppercase());
            lines.push(p.replace('s', "\u{17F}").replace('k', "\u{212A}"));
            lines.push(p.replace('e', "é"));
        }
        let mut matched = 0;
        for l in &lines {
            if CHROME_LINE.is_match(l) {
                matched += 1;
                assert!(may_be_chrome(l), "{l:?}");
            }
        }
        assert!(matched > 100, "{matched}");
    }

    /// The hand readers of a consent line's platform and a marker's kind agree with the
    /// regexes' captures.
    #[test]
    fn consent_and_marker_readers_agree_with_captures() {
        let mut lines: Vec<String> =
            crate::sample::SEEDS.iter().flat_map(|(_, text)| text.lines().map(|l| l.trim().to_string())).collect();
        for p in ["Twitter", "twitter", "X", "Insta_gram2", "Facebook", "Télé", "\u{17F}nap", "you\u{212A}"] {
            for f in ["This {} post cannot be displayed in your browser", "THIS {} video cannot be displayed", "Allow {} content?",
                "allow {} content? more", "Skip {} post", "skip {} content", "\u{17F}kip {} post", "thi\u{17F} {} post cannot be displayed"] {
                lines.push(f.replace("{}", p));
            }
        }
        for m in ["Quote Message", "quote message", "Media caption", "media caption,", "Video caption", "Play video", "PLAY VIDEO",
            "Watch", "watch:", "Image caption", "image caption,", "Image source, PA", "Photograph: x", "photo: y", "Picture: z"] {
            lines.push(m.to_string());
        }
        for p in ["twitter", "Instagram", "X", "\u{17f}nap"] {
            for f in ["End of {} post", "END OF {} CONTENT", "end of {} video and more", "End  of {} post", "End of {}", "Endof {} post"] {
                lines.push(f.replace("{}", p));
            }
        }
        let mut ends = 0;
        for l in &lines {
            ends += usize::from(CONSENT_END.is_match(l));
            assert_eq!(may_be_consent_end(l), CONSENT_END.is_match(l), "{l:?}");
        }
        assert!(ends >= 12, "{ends}");
        let (mut consent, mut marker) = (0, 0);
        for l in &lines {
            assert!(!CONSENT_START.is_match(l) || may_be_consent(l), "{l:?}");
            assert!(!MARKER.is_match(l) || may_be_marker(l), "{l:?}");
            if let Some(caps) = CONSENT_START.captures(l) {
                consent += 1;
                let want = caps.name("a").or(caps.name("b")).or(caps.name("c")).map_or("post", |m| m.as_str());
                assert_eq!(consent_platform(l), want, "{l:?}");
            }
            if let Some(caps) = MARKER.captures(l) {
                marker += 1;
                let want = if caps.name("quote").is_some() {
                    "quote"
                } else if caps.name("video").is_some() {
                    "video"
                } else {
                    "image"
                };
                assert_eq!(marker_kind(l), want, "{l:?}");
            }
        }
        assert!(consent > 40 && marker > 14, "{consent} {marker}");
    }

    /// [`embed_link_kind`] names the group [`EMBED_LINK`]'s captures do, on every line of the
    /// seeds and on links of each alternative in odd case, with folding characters and
    /// several links to a line.
    #[test]
    fn embed_link_kind_agrees_with_captures() {
        let mut lines: Vec<String> = crate::sample::SEEDS.iter().flat_map(|(_, text)| text.lines().map(str::to_string)).collect();
        let links = ["pic.twitter.com/ab", "PIC.Twitter.COM/x", "twitter.com/a_b/status/1", "x.com/u/status", "X.COM/u/STATUS",
            "https://t.co/x", "HTTP://T.CO/y", "instagram.com/p/q", "INSTAGRAM.COM/P/", "in\u{17F}tagram.com/p/", "youtube.com/watch?v=1",
            "YouTu.be/z", "you\u{212A}.com", "xpic.twitter.com/", "atwitter.com/a/status", "ex.com/a/status", "x.co", "youtu"];
        for a in links {
            lines.push(a.to_string());
            lines.push(format!("see {a} here"));
            for b in links {
                lines.push(format!("{a} and {b}"));
                lines.push(format!("{a}{b}"));
            }
        }
        let mut found = 0;
        for l in &lines {
            let want = regex_link_kind(l);
            found += usize::from(want.is_some());
            assert_eq!(embed_link_kind(l), want, "{l:?}");
            // (what lets [`clean_lines`] look for links only in lines with a slash)
            assert!(want.is_none() || l.contains('/'), "{l:?}");
        }
        assert!(found > 300, "{found}");
    }

    /// The link kind [`EMBED_LINK`]'s captures name: what the ASCII reader must agree with.
    fn regex_link_kind(line: &str) -> Option<&'static str> {
        EMBED_LINK.captures(line).map(|caps| {
            if caps.name("ig").is_some() {
                "instagram"
            } else if caps.name("yt").is_some() {
                "youtube"
            } else {
                "twitter"
            }
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        /// The ASCII reader names the group [`EMBED_LINK`]'s captures do, on ASCII lines made
        /// of link pieces, near misses and word and non-word bytes around them.
        #[test]
        fn embed_link_kind_ascii_agrees_with_captures(pieces in proptest::collection::vec(proptest::sample::select(&[
            "pic.twitter.com/", "PIC.twitter.COM/", "pic.twitter.com", "twitter.com/", "x.com/", "X.Com/", "/status", "/STATUS",
            "status", "http", "HTTPS", "://t.co/", "://T.co", "instagram.com/p/", "Instagram.com/P", "youtube.com/watch",
            "youtube.com/", "youtu.be/", "youtu", "a", "_", "9", " ", "/", ".", "-", "s", "x", "p", "h", "i", "y", "t", "\t",
        ][..]), 0..10)) {
            let line = pieces.concat();
            let want = regex_link_kind(&line);
            proptest::prop_assert_eq!(embed_link_kind_ascii(&line), want, "{:?}", line);
        }
    }

    /// [`clean_and_join`] is [`clean_body`] then [`join_paragraphs`], its body sized as when
    /// the kept lines were listed first: on every post-sized run of the seeds' lines.
    #[test]
    fn clean_and_join_is_clean_body_then_join() {
        let lines: Vec<&str> = crate::sample::SEEDS.iter().flat_map(|(_, text)| text.lines()).collect();
        let mut runs: Vec<Vec<&str>> = lines.chunks(7).chain(lines.chunks(23)).map(<[&str]>::to_vec).collect();
        runs.extend([vec![], vec!["", "  "], vec!["Advertisement"], vec!["a", "", "", "b", "Share", "c "]]);
        for run in &runs {
            let (kept, embeds) = clean_body(run);
            let (body, joined_embeds) = clean_and_join(run);
            assert_eq!(body, join_paragraphs(&kept), "{run:?}");
            assert_eq!(embeds, joined_embeds);
            assert_eq!(body.capacity(), kept.iter().map(|l| l.len() + 2).sum::<usize>(), "{run:?}");
        }
    }

    #[test]
    fn twitter_consent_box_becomes_an_embed() {
        let (kept, embeds) = clean_body(&lines(
            "The BBC's Norman Smith tweeted:\n\nThis Twitter post cannot be displayed in your browser. Please enable Javascript.View original content on Twitter\nThe BBC is not responsible for the content of external sites.\nSkip twitter post\n\nAllow Twitter content?\n\nThis article contains content provided by Twitter.\n\nEnd of twitter post\nAfter.",
        ));
        assert_eq!(join_paragraphs(&kept), "The BBC's Norman Smith tweeted:\n\nAfter.");
        assert_eq!(embeds, vec!["twitter"]);
    }

    #[test]
    fn markers_become_embeds_and_captions_stay() {
        let (kept, embeds) = clean_body(&lines("Quote Message\n\nWe are angry.\n\nJunior doctor\n\nMedia caption,\n\nNick explains\nJeremy HuntImage source, PA\nAdvertisement\nContinue reading...\nShow more\n- ITV Report"));
        assert_eq!(join_paragraphs(&kept), "We are angry.\n\nJunior doctor\n\nNick explains");
        assert_eq!(embeds, vec!["quote", "video", "image"]);
    }

    #[test]
    fn tweet_links_are_kept_as_text_and_recorded() {
        let (kept, embeds) = clean_body(&lines("Shruti Patel: \"cake\" pic.twitter.com/WdoWEi17Ad"));
        assert_eq!(kept.len(), 1);
        assert_eq!(embeds, vec!["twitter"]);
        let (_, embeds) = clean_body(&lines("proud to join their demo #JuniorDoctorsStrikehttps://t.co/XXXbx5fkTH"));
        assert_eq!(embeds, vec!["twitter"]);
    }

    #[test]
    fn sign_up_boxes_are_removed() {
        let (kept, _) = clean_body(&lines("Sign up to First Edition, our free daily newsletter\nPrivacy Notice: Newsletters may contain info about charities\nafter newsletter promotion\nReal text."));
        assert_eq!(kept, vec!["Real text."]);
    }

    #[test]
    fn page_chrome_lines_are_removed_whole() {
        let (kept, embeds) = clean_body(&lines("Text.\nShare\nclose panel\nShare page\nCopy link\nAbout sharing\nLink Copied!\nBack to top\nRelated Topics\nCopyright © 2023 BBC. The BBC is not responsible for the content of external sites.\nRead more:\nJunior doctors' pay: What do they earn?\nNHS waiting list hits record 7.47 million\n\nSharing a panel is fine.\nWatch: Junior doctor says 'we're not going anywhere'\n- ITV Report"));
        assert_eq!(join_paragraphs(&kept), "Text.\n\nSharing a panel is fine.");
        assert_eq!(embeds, vec!["video"]);
        // a long newsletter notice goes; a `Watch:` line with the post after it stays
        let notice = format!("Privacy Notice: Newsletters may contain info about charities.{}", " More words.".repeat(20));
        let (kept, embeds) = clean_body(&[notice.as_str(), "Watch: the minister said it twice", "And then he left.", "“We will,” he said."]);
        assert_eq!(kept, vec!["Watch: the minister said it twice", "And then he left.", "“We will,” he said."]);
        assert!(embeds.is_empty());
    }

    #[test]
    fn footers_are_found_at_their_opener_or_copyright_line() {
        let guardian = lines("Good morning.\nExplore more on these topics\nJunior doctors\nNHS\nReuse this content\nMost viewed");
        assert_eq!(footer_start(&guardian), Some(1));
        let sky = lines("The strike will last until Tuesday.\nSky News\nAbout Sky News\nSite Map\nTerms & Conditions\n© 2023 Sky UK");
        assert_eq!(footer_start(&sky), Some(1));
        // short lines ending a post are no footer without a footer's sign
        let list = lines("Hospitals affected:\nLeeds General\nSt Thomas'\n“Manchester Royal”");
        assert_eq!(footer_start(&list), None);
    }

    #[test]
    fn a_consent_start_without_end_removes_only_itself() {
        let (kept, embeds) = clean_body(&lines("Allow Instagram content?\nKept line."));
        assert_eq!(kept, vec!["Kept line."]);
        assert_eq!(embeds, vec!["instagram"]);
    }
}
