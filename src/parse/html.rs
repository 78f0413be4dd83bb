//! A web page saved as HTML instead of text: its visible text is extracted (block elements
//! become line breaks; scripts, styles and comments are dropped; entities decoded) and then
//! parsed like any saved text. Users drop whatever "Save page as" gave them.

/// True when the text is an HTML document rather than text that merely mentions tags.
pub fn looks_like_html(text: &str) -> bool {
    let text = text.trim_start();
    // every form below starts with '<': most files are turned away without copying their head
    if !text.starts_with('<') {
        return false;
    }
    let head: String = text.chars().take(512).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || (head.starts_with("<?xml") && head.contains("<html"))
}

const BLOCK: [&str; 24] = [
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "article", "section",
    "header", "footer", "blockquote", "time", "figure", "figcaption", "hr",
];
const HIDDEN: [&str; 6] = ["script", "style", "noscript", "template", "svg", "head"];

/// Visible text of an HTML document, one block per line.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !tag.starts_with('/') && HIDDEN.contains(&name.as_str()) {
            // Skip to the matching close tag (case-insensitive).
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(pos) => rest[pos..].find('>').map_or("", |g| &rest[pos + g + 1..]),
                None => "",
            };
            continue;
        }
        if BLOCK.contains(&name.as_str()) && !out.ends_with('\n') {
            out.push('\n');
        }
    }
    push_text(&mut out, rest);
    out
}

fn push_text(out: &mut String, text: &str) {
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    let decoded = decode_entities(text);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|i| i + 1);
        let decoded = match end {
            Some(e) if rest[e..].starts_with(';') => entity(&rest[1..e]).map(|c| (c, e + 1)),
            _ => None,
        };
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "pound" => '£',
        "euro" => '€',
        "bull" => '•',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_visible_text_by_block() {
        let html = "<!DOCTYPE html><html><head><title>x</title><script>alert(1)</script></head><body><p>3.23pm&nbsp;BST</p><p>Doctors &amp; nurses said &#8220;no&#8221;.</p><!-- c --><style>p{}</style></body></html>";
        let text = html_to_text(html);
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(lines, vec!["3.23pm\u{a0}BST", "Doctors & nurses said “no”."]);
    }

    #[test]
    fn text_mentioning_tags_is_not_html() {
        assert!(!looks_like_html("3.23pm BST\n<script>alert(1)</script>"));
        assert!(looks_like_html("  <!doctype HTML>\n<html>"));
        assert!(looks_like_html("\n<HTML lang=en>") && looks_like_html("<?xml version=\"1.0\"?>\n<html>"));
        assert!(!looks_like_html("<p>not a page</p>") && !looks_like_html("BST <html>") && !looks_like_html(""));
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for s in ["<", "<p", "&", "&#xZZ;", "&#99999999;", "<script>never closed", "<!-- open"] {
            let _ = html_to_text(s);
        }
    }
}
