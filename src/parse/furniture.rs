//! Page furniture: the chrome a saved page carries inside posts (consent boxes for embedded
//! posts, media markers, adverts, sign-up boxes). It is removed from bodies and recorded as
//! what the post embeds, so "this entry embeds a tweet" survives while the boilerplate goes.

use std::sync::LazyLock;

use regex::Regex;

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
    let t = line.trim();
    !t.is_empty() && t.len() < 200 && CHROME_LINE.is_match(t)
}

/// False when none of the link marks can be in `line`: all but `youtu` contain `.co`. Two
/// vectorised scans instead of five plain ones for every body line.
fn may_hold_link(line: &str) -> bool {
    static DOT_CO: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new(".co"));
    static YOUTU: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("youtu"));
    DOT_CO.find(line.as_bytes()).is_some() || YOUTU.find(line.as_bytes()).is_some()
}

/// Removes furniture from a post's lines; returns the kept lines (blank lines kept as
/// paragraph breaks) and the embeds found, each kind once, in order of appearance.
pub fn clean_body(lines: &[String]) -> (Vec<String>, Vec<String>) {
    let mut kept: Vec<String> = Vec::with_capacity(lines.len());
    let mut embeds: Vec<String> = Vec::new();
    let add = |kind: &str, embeds: &mut Vec<String>| {
        if !embeds.iter().any(|e| e == kind) {
            embeds.push(kind.to_string());
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            kept.push(String::new());
            i += 1;
            continue;
        }
        let short = line.len() < 200;
        let first = line.as_bytes()[0].to_ascii_lowercase();
        if let Some(caps) = (short && matches!(first, b't' | b'a' | b's') && CONSENT_START.is_match(line)).then(|| CONSENT_START.captures(line)).flatten() {
            let platform = caps.name("a").or(caps.name("b")).or(caps.name("c")).map_or("post", |m| m.as_str());
            // Remove through the matching end line, when there is one within reach.
            let end = lines[i..].iter().take(40).position(|l| CONSENT_END.is_match(l.trim()));
            add(&platform.to_ascii_lowercase(), &mut embeds);
            i += end.map_or(1, |e| e + 1);
            continue;
        }
        let may_be_marker = short && matches!(first, b'q' | b'm' | b'v' | b'p' | b'w' | b'i');
        if let Some(caps) = (may_be_marker && MARKER.is_match(line)).then(|| MARKER.captures(line)).flatten() {
            let kind = if caps.name("quote").is_some() {
                "quote"
            } else if caps.name("video").is_some() {
                "video"
            } else {
                "image"
            };
            add(kind, &mut embeds);
            i += 1;
            continue;
        }
        if short && !line.ends_with('.') && GLUED_IMAGE_SOURCE.is_match(line) {
            add("image", &mut embeds);
            i += 1;
            continue;
        }
        if is_chrome(line) {
            i += 1;
            continue;
        }
        let may_link = may_hold_link(line)
            && ["t.co/", "twitter.com", "x.com/", "instagram.com", "youtu"].iter().any(|p| line.contains(p));
        if let Some(caps) = may_link.then(|| EMBED_LINK.captures(line)).flatten() {
            let kind = if caps.name("ig").is_some() {
                "instagram"
            } else if caps.name("yt").is_some() {
                "youtube"
            } else {
                "twitter"
            };
            add(kind, &mut embeds);
        }
        kept.push(line.to_string());
        i += 1;
    }
    (kept, embeds)
}

/// Joins body lines into paragraphs separated by one blank line; no leading/trailing blanks.
pub fn join_paragraphs(lines: &[String]) -> String {
    let mut out = String::new();
    let mut pending_break = false;
    for line in lines {
        if line.is_empty() {
            pending_break = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_break { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        pending_break = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
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
    fn a_consent_start_without_end_removes_only_itself() {
        let (kept, embeds) = clean_body(&lines("Allow Instagram content?\nKept line."));
        assert_eq!(kept, vec!["Kept line."]);
        assert_eq!(embeds, vec!["instagram"]);
    }
}
