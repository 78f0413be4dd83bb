//! Filter state <-> URL query string, so a view is a shareable link and back/forward work.
//!
//! Parameters, always in this order: `actor` (repeated), `role` (`speaker` | `mentioned`),
//! `stance` (repeated), `hour` (repeated; each `H` or `H-H`, consecutive hours compressed into
//! ranges), `untimed=1`, `source` (repeated), `date` (repeated), `q` (the text search), `order`
//! (`oldest`). Defaults are omitted, so the empty query is the empty string. Values are
//! percent-encoded (UTF-8, everything but `A-Z a-z 0-9 - . _ ~`).
//!
//! Reading is lenient, as links get hand-edited and truncated: unknown parameters, unknown
//! stances, bad hours and broken escapes are skipped or kept literally, never an error. `+` is
//! read as a space, and comma-separated hour lists (`hour=9-11,14`) are accepted.

use super::{ActorRole, Order, Query};
use crate::model::Stance;

fn encode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes; a `%` not followed by two hex digits is kept as it is.
fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let pair = bytes.get(i + 1).copied().and_then(hex).zip(bytes.get(i + 2).copied().and_then(hex));
                if let Some((hi, lo)) = pair {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Sorted, unique hours below 24 as `H` / `H-H` ranges.
pub(crate) fn hour_ranges(hours: &[u8]) -> Vec<String> {
    let mut hs: Vec<u8> = hours.iter().copied().filter(|&h| h < 24).collect();
    hs.sort_unstable();
    hs.dedup();
    let mut out = Vec::new();
    let mut i = 0;
    while i < hs.len() {
        let start = hs[i];
        let mut end = start;
        while i + 1 < hs.len() && hs[i + 1] == end + 1 {
            end += 1;
            i += 1;
        }
        out.push(if start == end { start.to_string() } else { format!("{start}-{end}") });
        i += 1;
    }
    out
}

/// Parses `H` or `H-H` (inclusive, either order); anything else gives nothing.
fn parse_hour_range(s: &str) -> Vec<u8> {
    let hour = |t: &str| t.trim().parse::<u8>().ok().filter(|&h| h < 24);
    match s.split_once('-') {
        None => hour(s).into_iter().collect(),
        Some((a, b)) => match (hour(a), hour(b)) {
            (Some(a), Some(b)) => (a.min(b)..=a.max(b)).collect(),
            _ => Vec::new(),
        },
    }
}

impl Query {
    /// The URL query (without `?`): stable parameter order, defaults omitted, hours sorted and
    /// compressed into ranges. `from_query_string(q.to_query_string())` gives back `q` with its
    /// hours sorted and de-duplicated.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        let mut put = |key: &str, value: &str| {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(key);
            out.push('=');
            encode_into(&mut out, value);
        };
        for a in &self.actors {
            put("actor", a);
        }
        match self.actor_role {
            ActorRole::Any => {}
            ActorRole::Speaker => put("role", "speaker"),
            ActorRole::Mentioned => put("role", "mentioned"),
        }
        for s in &self.stances {
            put("stance", s.as_str());
        }
        for r in hour_ranges(&self.hours) {
            put("hour", &r);
        }
        if self.untimed {
            put("untimed", "1");
        }
        for s in &self.sources {
            put("source", s);
        }
        for d in &self.dates {
            put("date", d);
        }
        if !self.text.is_empty() {
            put("q", &self.text);
        }
        if self.order == Order::OldestFirst {
            put("order", "oldest");
        }
        out
    }

    /// Reads a URL query (a leading `?` is allowed). Never fails: what cannot be read is skipped.
    pub fn from_query_string(s: &str) -> Query {
        let mut q = Query::default();
        let s = s.strip_prefix('?').unwrap_or(s);
        for pair in s.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            match decode(key).as_str() {
                "actor" if !value.is_empty() => q.actors.push(value),
                "role" => {
                    q.actor_role = match value.as_str() {
                        "speaker" => ActorRole::Speaker,
                        "mentioned" => ActorRole::Mentioned,
                        _ => ActorRole::Any,
                    }
                }
                "stance" => {
                    if let Some(st) = Stance::parse(&value) {
                        if !q.stances.contains(&st) {
                            q.stances.push(st);
                        }
                    }
                }
                "hour" => {
                    for part in value.split(',') {
                        q.hours.extend(parse_hour_range(part));
                    }
                }
                "untimed" => q.untimed = matches!(value.as_str(), "1" | "true" | "yes" | ""),
                "source" if !value.is_empty() => q.sources.push(value),
                "date" if !value.is_empty() => q.dates.push(value),
                "q" => q.text = value,
                "order" => {
                    q.order = if value == "oldest" { Order::OldestFirst } else { Order::NewestFirst };
                }
                _ => {}
            }
        }
        q.hours.sort_unstable();
        q.hours.dedup();
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_from_the_brief() {
        let q = Query {
            actors: vec!["Jeremy Hunt".into()],
            stances: vec![Stance::Doctors],
            hours: vec![11, 9, 10],
            ..Query::default()
        };
        assert_eq!(q.to_query_string(), "actor=Jeremy%20Hunt&stance=doctors&hour=9-11");
        assert_eq!(Query::default().to_query_string(), "");
    }

    #[test]
    fn hour_ranges_compress_runs() {
        assert_eq!(hour_ranges(&[0, 1, 2, 5, 7, 8, 23, 24, 99]), ["0-2", "5", "7-8", "23"]);
        assert!(hour_ranges(&[]).is_empty());
    }

    #[test]
    fn every_field_is_written_and_read() {
        let q = Query {
            actors: vec!["BMA".into(), "A&B = c/d?".into(), "Ärzte".into()],
            actor_role: ActorRole::Speaker,
            stances: vec![Stance::Mixed, Stance::Government],
            hours: vec![0, 1, 23],
            untimed: true,
            sources: vec!["bbc feb10.txt".into()],
            dates: vec!["2016-02-10".into()],
            text: "junior doctors+pay 100%".into(),
            order: Order::OldestFirst,
        };
        let s = q.to_query_string();
        assert_eq!(
            s,
            "actor=BMA&actor=A%26B%20%3D%20c%2Fd%3F&actor=%C3%84rzte&role=speaker&stance=mixed&stance=government\
             &hour=0-1&hour=23&untimed=1&source=bbc%20feb10.txt&date=2016-02-10&q=junior%20doctors%2Bpay%20100%25&order=oldest"
        );
        assert_eq!(Query::from_query_string(&s), q);
    }

    #[test]
    fn reading_is_lenient() {
        let q = Query::from_query_string(
            "?hour=25&hour=3-1,x,22&stance=angry&stance=Doctors&foo=bar&q=a+b%zz%4&actor=&&=x&role=boss&order=sideways",
        );
        assert_eq!(q.hours, [1, 2, 3, 22]);
        assert_eq!(q.stances, [Stance::Doctors]);
        assert_eq!(q.text, "a b%zz%4");
        assert!(q.actors.is_empty());
        assert_eq!(q.actor_role, ActorRole::Any);
        assert_eq!(q.order, Order::NewestFirst);
        assert_eq!(Query::from_query_string("q=%FF%FE"), Query { text: "\u{FFFD}\u{FFFD}".into(), ..Query::default() });
    }
}
