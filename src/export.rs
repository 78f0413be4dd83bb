//! What the page (and the CLI) hands to other tools: the filtered entries as JSON (the CLI's
//! schema) and CSV, and the actor-stance network as a CSV edge list and as GraphML, for Gephi,
//! igraph or a DNA-style (Discourse Network Analyzer) actor-concept analysis.
//!
//! Every function takes the entries to export as references, so the page exports exactly the
//! filtered view without copying the corpus. Outputs are deterministic (same input, same bytes).
//!
//! **Network rule:** an edge runs from an actor to a stance. Only speakers make statements: an
//! entry adds 1 to `weight` of the edge (speaker, entry stance) for each of its speakers, and
//! each quote adds 1 to `quotes` of the edge (quote speaker, quote stance). Actors merely
//! mentioned make no edge. The entry stance is the one the filters use
//! ([`crate::index::stance_of`]: none counts as neutral).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use serde::Serialize;

use crate::index::stance_of;
use crate::model::{ActorName, AnalysedEntry, Blog, Diagnostic, Stance};

/// `{"blogs": [...], "entries": [...], "diagnostics": [...]}`, entries flat (entry fields and
/// analysis fields side by side), pretty-printed.
pub fn entries_json(blogs: &[Blog], entries: &[&AnalysedEntry], diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut writer = JsonExportWriter::start(&mut out);
    writer.blogs(&mut out, blogs);
    writer.entries(&mut out, entries);
    writer.finish(&mut out, diagnostics);
    out
}

/// [`entries_json`] written a slice at a time, for a page writing 100,000 entries with the
/// browser's turn in between: [`Self::start`], the blogs in any number of [`Self::blogs`]
/// slices, the entries in any number of [`Self::entries`] slices, then [`Self::finish`].
/// Joined, the pieces are exactly [`entries_json`], which is `serde_json::to_string_pretty` of
/// the whole (the tests hold them to it). The writer keeps the document's order, so its
/// callers need not.
pub struct JsonExportWriter {
    /// Whether the entries' list is open (the blogs' list is closed).
    in_entries: bool,
    /// The list being written: the blogs', then the entries'.
    list: JsonList,
}

impl JsonExportWriter {
    /// Writes the document's opening.
    pub fn start(out: &mut String) -> JsonExportWriter {
        out.push_str("{\n  \"blogs\": ");
        JsonExportWriter { in_entries: false, list: JsonList::default() }
    }

    /// Appends blogs. All of them come before the first entry.
    pub fn blogs(&mut self, out: &mut String, blogs: &[Blog]) {
        debug_assert!(!self.in_entries, "the JSON export's blogs come before its entries");
        self.list.items(out, blogs);
    }

    /// Appends entries (closing the list of blogs before the first).
    pub fn entries(&mut self, out: &mut String, entries: &[&AnalysedEntry]) {
        self.open_entries(out);
        self.list.items(out, entries);
    }

    /// Closes the lists and writes the diagnostics: the document is whole.
    pub fn finish(mut self, out: &mut String, diagnostics: &[Diagnostic]) {
        self.open_entries(out);
        self.list.end(out);
        out.push_str(",\n  \"diagnostics\": ");
        out.push_str(&indented(&pretty(&diagnostics), "  "));
        out.push_str("\n}");
    }

    fn open_entries(&mut self, out: &mut String) {
        if !self.in_entries {
            std::mem::take(&mut self.list).end(out);
            out.push_str(",\n  \"entries\": ");
            self.in_entries = true;
        }
    }
}

/// A pretty-printed list nested one level in a document written a slice at a time (the JSON
/// export's blogs and entries, a session's files): each slice's items, then the end.
#[derive(Debug, Default)]
pub(crate) struct JsonList {
    /// Whether an item was written.
    any: bool,
}

impl JsonList {
    /// Appends one slice of the list's items.
    pub(crate) fn items<T: Serialize>(&mut self, out: &mut String, items: &[T]) {
        for item in items {
            self.open_item(out);
            out.push_str(&indented(&pretty(item), "    "));
        }
    }

    /// Opens the next item, which the caller writes (at its indent, without a trailing comma).
    pub(crate) fn open_item(&mut self, out: &mut String) {
        out.push_str(if self.any { ",\n    " } else { "[\n    " });
        self.any = true;
    }

    /// Closes the list (`[]` when it had no item).
    pub(crate) fn end(self, out: &mut String) {
        out.push_str(if self.any { "\n  ]" } else { "[]" });
    }
}

/// Pretty JSON of a value of the export's types. They have string keys only, so serialising
/// cannot fail; if it ever did, the download says why instead of being empty.
pub(crate) fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string())
}

/// `json` with `indent` before every line but the first: a value nested that deep. (A JSON
/// text breaks lines only between tokens; a string's line breaks are escaped.)
pub(crate) fn indented(json: &str, indent: &str) -> String {
    json.replace('\n', &format!("\n{indent}"))
}

/// The columns of [`entries_csv`], in order.
pub const CSV_COLUMNS: [&str; 16] = [
    "id",
    "source",
    "n",
    "date",
    "time",
    "tz",
    "utc",
    "hour",
    "title",
    "stance",
    "speakers",
    "mentions",
    "stance_evidence",
    "embeds",
    "body",
    "corrected",
];

/// Writes one CSV cell: RFC 4180 quoting (cells holding `,` `"` CR or LF are quoted, quotes
/// doubled), and a `'` before a cell that starts with `=` `+` `-` `@`, tab or CR, so that a
/// spreadsheet opening the file shows the text instead of running it as a formula.
fn push_cell(out: &mut String, cell: &str) {
    let guard = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = cell.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quote {
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// One row per entry under a header row ([`CSV_COLUMNS`]). List fields are joined with `|`;
/// `stance` is empty when the analyser gave none; `corrected` is `true` for hand-coded entries.
/// Rows end with CRLF; a body's own line breaks stay inside its quoted cell.
pub fn entries_csv(entries: &[&AnalysedEntry]) -> String {
    let mut out = entries_csv_header();
    entries_csv_rows(&mut out, entries);
    out
}

/// Appends the rows of [`entries_csv`] for `entries`, without the header: a page writes a large
/// export a slice at a time, the header first.
pub fn entries_csv_rows(out: &mut String, entries: &[&AnalysedEntry]) {
    for ae in entries {
        let (e, a) = (&ae.entry, &ae.analysis);
        let n = e.n.to_string();
        let hour = e.hour.map(|h| h.to_string()).unwrap_or_default();
        let speakers = a.speakers.join("|");
        let mentions = a.mentions.join("|");
        let evidence = a.stance_evidence.join("|");
        let embeds = e.embeds.join("|");
        let opt = |s: Option<&str>| s.unwrap_or("").to_string();
        let (date, time, tz) = (opt(e.date.as_deref()), opt(e.time.as_deref()), opt(e.tz.as_deref()));
        let (utc, title) = (opt(e.utc.as_deref()), opt(e.title.as_deref()));
        push_row(
            out,
            [
                e.id.as_str(),
                e.source.as_str(),
                &n,
                &date,
                &time,
                &tz,
                &utc,
                &hour,
                &title,
                a.stance.map_or("", Stance::as_str),
                &speakers,
                &mentions,
                &evidence,
                &embeds,
                &e.body,
                if a.corrected { "true" } else { "false" },
            ],
        );
    }
}

/// The header row of [`entries_csv`].
pub fn entries_csv_header() -> String {
    let mut out = String::new();
    push_row(&mut out, CSV_COLUMNS);
    out
}

/// (actor, stance) -> (entries, quotes), plus each actor's camp.
struct Network {
    edges: BTreeMap<(ActorName, Stance), (usize, usize)>,
    camps: HashMap<ActorName, String>,
}

/// The actor-stance network counted a slice of entries at a time (a page writing the network
/// of 100,000 entries gives the browser its turn between slices), then written with
/// [`NetworkTally::csv`] or [`NetworkTally::graphml`]: the same as [`network_csv`] and
/// [`graphml`] of all the entries at once.
#[derive(Debug, Default)]
pub struct NetworkTally {
    edges: BTreeMap<(ActorName, Stance), (usize, usize)>,
    /// Unlisted actors' camps, as the first entry naming them gives it.
    unlisted: HashMap<String, String>,
}

impl NetworkTally {
    pub fn add(&mut self, entries: &[&AnalysedEntry]) {
        for ae in entries {
            let stance = stance_of(ae);
            for s in &ae.analysis.speakers {
                self.edges.entry((s.clone(), stance)).or_default().0 += 1;
            }
            for q in &ae.analysis.quotes {
                self.edges.entry((q.speaker.clone(), q.stance)).or_default().1 += 1;
            }
            for u in &ae.analysis.unlisted {
                if !self.unlisted.contains_key(&u.name) {
                    self.unlisted.insert(u.name.clone(), u.camp.clone());
                }
            }
        }
    }

    fn network(self, camp_of: &dyn Fn(&str) -> Option<String>) -> Network {
        let mut camps = HashMap::new();
        for (actor, _) in self.edges.keys() {
            if !camps.contains_key(actor) {
                let camp = camp_of(actor)
                    .or_else(|| self.unlisted.get(actor.as_str()).cloned())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| "other".to_string());
                camps.insert(actor.clone(), camp);
            }
        }
        Network { edges: self.edges, camps }
    }

    /// [`network_csv`] of the entries added.
    pub fn csv(self, camp_of: &dyn Fn(&str) -> Option<String>) -> String {
        network_csv_of(&self.network(camp_of))
    }

    /// [`graphml`] of the entries added.
    pub fn graphml(self, camp_of: &dyn Fn(&str) -> Option<String>) -> String {
        graphml_of(&self.network(camp_of))
    }
}

fn network(entries: &[&AnalysedEntry], camp_of: &dyn Fn(&str) -> Option<String>) -> Network {
    let mut tally = NetworkTally::default();
    tally.add(entries);
    tally.network(camp_of)
}

/// The actor-stance network as an edge list: `source,target,weight,quotes,camp`, where source
/// is the actor, target the stance, weight the entries and quotes the quotes (see the module
/// doc). Rows sorted by actor, then stance. Gephi reads it as an edge table.
pub fn network_csv(entries: &[&AnalysedEntry], camp_of: &dyn Fn(&str) -> Option<String>) -> String {
    network_csv_of(&network(entries, camp_of))
}

fn network_csv_of(net: &Network) -> String {
    let mut out = String::new();
    push_row(&mut out, ["source", "target", "weight", "quotes", "camp"]);
    for ((actor, stance), (weight, quotes)) in &net.edges {
        let camp = net.camps.get(actor).map_or("other", String::as_str);
        push_row(&mut out, [actor.as_str(), stance.as_str(), &weight.to_string(), &quotes.to_string(), camp]);
    }
    out
}

/// Text safe inside an XML element or a double-quoted attribute; characters XML 1.0 cannot
/// hold at all (most control characters) are dropped.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The same network as [`network_csv`] in GraphML: a directed graph whose nodes are the four
/// stances (`kind` = `stance`) and every speaking actor (`kind` = `actor`, with `camp`), and
/// whose edges carry `weight` (entries) and `quotes`.
pub fn graphml(entries: &[&AnalysedEntry], camp_of: &dyn Fn(&str) -> Option<String>) -> String {
    graphml_of(&network(entries, camp_of))
}

fn graphml_of(net: &Network) -> String {
    let mut out = String::new();
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
        "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n",
        "  <key id=\"camp\" for=\"node\" attr.name=\"camp\" attr.type=\"string\"/>\n",
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n",
        "  <key id=\"quotes\" for=\"edge\" attr.name=\"quotes\" attr.type=\"int\"/>\n",
        "  <graph id=\"actor-stance\" edgedefault=\"directed\">\n",
    ));
    for s in Stance::ALL {
        let _ = writeln!(
            out,
            "    <node id=\"stance-{0}\"><data key=\"label\">{0}</data><data key=\"kind\">stance</data></node>",
            s.as_str()
        );
    }
    let mut actor_ids: HashMap<&str, usize> = HashMap::new();
    for (actor, _) in net.edges.keys() {
        if actor_ids.contains_key(actor.as_str()) {
            continue;
        }
        let id = actor_ids.len();
        actor_ids.insert(actor, id);
        let camp = net.camps.get(actor).map_or("other", String::as_str);
        let _ = writeln!(
            out,
            "    <node id=\"a{id}\"><data key=\"label\">{}</data><data key=\"kind\">actor</data><data key=\"camp\">{}</data></node>",
            xml_escape(actor),
            xml_escape(camp)
        );
    }
    for (i, ((actor, stance), (weight, quotes))) in net.edges.iter().enumerate() {
        let source = actor_ids.get(actor.as_str()).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"a{source}\" target=\"stance-{}\"><data key=\"weight\">{weight}</data><data key=\"quotes\">{quotes}</data></edge>",
            stance.as_str()
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Analysis, Entry, EntryId, Format, Quote, Severity, ShortText, UnlistedActor};

    /// The JSON export's shape, serialised whole by serde: what [`entries_json`] and its
    /// pieces must equal.
    #[derive(Serialize)]
    struct JsonExport<'a> {
        blogs: &'a [Blog],
        entries: &'a [&'a AnalysedEntry],
        diagnostics: &'a [Diagnostic],
    }

    /// The seeds as the page has them: every entry analysed, with their blogs and diagnostics
    /// (a file that is not text among them, for a diagnostic).
    fn seed_export() -> (Vec<Blog>, Vec<AnalysedEntry>, Vec<Diagnostic>) {
        let mut files: Vec<(&str, &[u8])> = crate::sample::SEEDS.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
        files.push(("broken.txt", b"\x00\x01binary"));
        let corpus = crate::load_corpus(&files);
        let analyzer = crate::analyze::Analyzer::new(&crate::analyze::Codebook::builtin());
        let entries = crate::analyze::analyze_all(&analyzer, &corpus.entries);
        (corpus.blogs, entries, corpus.diagnostics)
    }

    #[test]
    fn json_written_in_slices_is_serdes_whole_document() {
        let (blogs, entries, diagnostics) = seed_export();
        assert!(entries.len() > 80 && !blogs.is_empty() && !diagnostics.is_empty());
        let all: Vec<&AnalysedEntry> = entries.iter().collect();
        for chosen in [&all[..], &all[..1], &all[..0], &all[7..30]] {
            for (b, d) in [(&blogs[..], &diagnostics[..]), (&[][..], &[][..])] {
                let whole = serde_json::to_string_pretty(&JsonExport { blogs: b, entries: chosen, diagnostics: d })
                    .expect("the export serialises");
                assert_eq!(entries_json(b, chosen, d), whole);
                for slice in [1, 2, 7, 1000] {
                    let mut out = String::new();
                    let mut writer = JsonExportWriter::start(&mut out);
                    for part in b.chunks(slice) {
                        writer.blogs(&mut out, part);
                        writer.blogs(&mut out, &[]); // an empty slice changes nothing
                    }
                    for part in chosen.chunks(slice) {
                        writer.entries(&mut out, &[]);
                        writer.entries(&mut out, part);
                    }
                    writer.finish(&mut out, d);
                    assert_eq!(out, whole, "{} entries in slices of {slice}", chosen.len());
                }
            }
        }
    }

    #[test]
    fn the_network_counted_in_slices_is_the_whole_network() {
        let (_, entries, _) = seed_export();
        let all: Vec<&AnalysedEntry> = entries.iter().collect();
        let camp_of = |name: &str| (name == "BMA").then(|| "doctors".to_string());
        let whole = (network_csv(&all, &camp_of), graphml(&all, &camp_of));
        assert!(whole.0.lines().count() > 10, "{}", whole.0);
        for slice in [1, 5, 1000] {
            let tally = || {
                let mut t = NetworkTally::default();
                for part in all.chunks(slice) {
                    t.add(part);
                }
                t
            };
            assert_eq!((tally().csv(&camp_of), tally().graphml(&camp_of)), whole, "slices of {slice}");
        }
    }

    #[test]
    fn csv_written_in_slices_is_the_whole_file() {
        let (_, entries, _) = seed_export();
        let all: Vec<&AnalysedEntry> = entries.iter().collect();
        for slice in [1, 3, 1000] {
            let mut out = entries_csv_header();
            for part in all.chunks(slice) {
                entries_csv_rows(&mut out, part);
            }
            assert_eq!(out, entries_csv(&all), "slices of {slice}");
        }
        assert_eq!(entries_csv_header(), entries_csv(&[]));
    }

    fn ae(id: &str, title: &str, body: &str, stance: Option<Stance>, speakers: &[&str]) -> AnalysedEntry {
        AnalysedEntry {
            entry: Entry {
                id: EntryId::new(id).expect("a test id fits"),
                source: "blog, \"one\".txt".into(),
                n: 1,
                title: Some(title.into()),
                time: ShortText::new("15:23"),
                tz: ShortText::new("BST"),
                date: ShortText::new("2016-04-26"),
                utc: ShortText::new("2016-04-26T14:23:00Z"),
                hour: Some(15),
                body: body.into(),
                embeds: vec!["twitter".into(), "quote".into()],
                line: 3,
            },
            analysis: Analysis {
                speakers: speakers.iter().map(|&s| ActorName::from(s)).collect(),
                mentions: speakers.iter().map(|&s| ActorName::from(s)).collect(),
                stance,
                stance_evidence: vec!["a \"catastrophe\"".into()],
                ..Analysis::default()
            },
        }
    }

    /// Splits CSV text into records of cells, following RFC 4180 (the reference reader).
    fn read_csv(s: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => cell.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut cell)),
                (false, '\r') if chars.peek() == Some(&'\n') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => cell.push(c),
            }
        }
        assert!(cell.is_empty() && row.is_empty(), "file ends with a record separator");
        rows
    }

    #[test]
    fn csv_quotes_escapes_and_guards() {
        let a = ae(
            "x1",
            "=HYPERLINK(\"http://evil\")",
            "Line one, with comma\n\n\"Quoted\" <b>&amp;</b>",
            Some(Stance::Doctors),
            &["BMA", "Junior doctors"],
        );
        let mut b = ae("x2", "-2+3", "@SUM(A1)", None, &[]);
        b.analysis.corrected = true;
        let csv = entries_csv(&[&a, &b]);
        assert!(csv.starts_with("id,source,n,date,time,tz,utc,hour,title,stance,speakers,mentions,stance_evidence,embeds,body,corrected\r\n"));
        let rows = read_csv(&csv);
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.len() == CSV_COLUMNS.len()));
        let r = &rows[1];
        assert_eq!(r[1], "blog, \"one\".txt");
        assert_eq!(r[7], "15");
        assert_eq!(r[8], "'=HYPERLINK(\"http://evil\")");
        assert_eq!(r[9], "doctors");
        assert_eq!(r[10], "BMA|Junior doctors");
        assert_eq!(r[12], "a \"catastrophe\"");
        assert_eq!(r[13], "twitter|quote");
        assert_eq!(r[14], "Line one, with comma\n\n\"Quoted\" <b>&amp;</b>");
        assert_eq!(r[15], "false");
        let r = &rows[2];
        assert_eq!((r[8].as_str(), r[9].as_str(), r[14].as_str(), r[15].as_str()), ("'-2+3", "", "'@SUM(A1)", "true"));
        assert_eq!(entries_csv(&[]).matches("\r\n").count(), 1);
    }

    #[test]
    fn json_round_trips_flat_entries() {
        let a = ae("x1", "T <1> & \"2\"", "Body\nline", Some(Stance::Mixed), &["BMA"]);
        let blog =
            Blog { source: "b.txt".into(), format: Format::Bbc, headline: None, summary: vec!["s".into()], entries: 1 };
        let diag = Diagnostic::new("bad.bin", None, Severity::Error, "binary file");
        let json = entries_json(std::slice::from_ref(&blog), &[&a], std::slice::from_ref(&diag));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(v["entries"][0]["title"], "T <1> & \"2\"");
        assert_eq!(v["entries"][0]["speakers"][0], "BMA", "analysis fields sit beside entry fields");
        assert_eq!(v["entries"][0]["stance"], "mixed");
        let entries: Vec<AnalysedEntry> = serde_json::from_value(v["entries"].clone()).unwrap_or_default();
        assert_eq!(entries, [a]);
        let blogs: Vec<Blog> = serde_json::from_value(v["blogs"].clone()).unwrap_or_default();
        assert_eq!(blogs, [blog]);
        let diags: Vec<Diagnostic> = serde_json::from_value(v["diagnostics"].clone()).unwrap_or_default();
        assert_eq!(diags, [diag]);
    }

    fn camp_of(name: &str) -> Option<String> {
        (name == "BMA").then(|| "doctors".to_string())
    }

    fn network_fixture() -> Vec<AnalysedEntry> {
        let mut a = ae("1", "t", "b", Some(Stance::Doctors), &["BMA", "Nurse \"Jo\" <A&B>"]);
        a.analysis.quotes.push(Quote { speaker: "BMA".into(), text: "q".into(), stance: Stance::Doctors });
        a.analysis.quotes.push(Quote { speaker: "BMA".into(), text: "q2".into(), stance: Stance::Mixed });
        a.analysis.unlisted.push(UnlistedActor {
            name: "Nurse \"Jo\" <A&B>".into(),
            kind: "person".into(),
            camp: "public".into(),
            role: None,
        });
        let b = ae("2", "t", "b", Some(Stance::Doctors), &["BMA"]);
        let c = ae("3", "t", "b", None, &["Stranger, A."]);
        vec![a, b, c]
    }

    #[test]
    fn network_edges_count_entries_and_quotes() {
        let fx = network_fixture();
        let refs: Vec<&AnalysedEntry> = fx.iter().collect();
        let csv = network_csv(&refs, &camp_of);
        let rows = read_csv(&csv);
        assert_eq!(
            rows,
            [
                ["source", "target", "weight", "quotes", "camp"],
                ["BMA", "doctors", "2", "1", "doctors"],
                ["BMA", "mixed", "0", "1", "doctors"],
                ["Nurse \"Jo\" <A&B>", "doctors", "1", "0", "public"],
                ["Stranger, A.", "neutral", "1", "0", "other"],
            ]
        );
    }

    /// A minimal XML well-formedness check: tags balance, attribute values are quoted, and no
    /// bare `<` or `&` appears in text.
    fn check_xml(xml: &str) {
        let body =
            xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").unwrap_or_else(|| panic!("declaration"));
        let mut stack: Vec<String> = Vec::new();
        let mut rest = body;
        while let Some(lt) = rest.find('<') {
            let text = &rest[..lt];
            assert!(!text.contains('>'), "bare > in {text:?}");
            for (i, _) in text.match_indices('&') {
                let ent = &text[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|e| ent.starts_with(e)),
                    "bare & in {text:?}"
                );
            }
            let gt = rest[lt..].find('>').map(|g| lt + g).unwrap_or_else(|| panic!("unclosed tag"));
            let tag = &rest[lt + 1..gt];
            assert!(!tag.contains('<'), "< inside tag {tag:?}");
            assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes in {tag:?}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name));
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap_or("").to_string());
            }
            rest = &rest[gt + 1..];
        }
        assert!(rest.trim().is_empty());
        assert!(stack.is_empty(), "unclosed {stack:?}");
    }

    #[test]
    fn graphml_is_escaped_and_well_formed() {
        let fx = network_fixture();
        let refs: Vec<&AnalysedEntry> = fx.iter().collect();
        let xml = graphml(&refs, &camp_of);
        check_xml(&xml);
        assert!(xml.contains("<data key=\"label\">Nurse &quot;Jo&quot; &lt;A&amp;B&gt;</data>"));
        assert!(xml.contains("<data key=\"camp\">public</data>"));
        assert_eq!(xml.matches("<node ").count(), 4 + 3);
        assert_eq!(xml.matches("<edge ").count(), 4);
        assert!(xml.contains(
            "source=\"a0\" target=\"stance-doctors\"><data key=\"weight\">2</data><data key=\"quotes\">1</data>"
        ));
        check_xml(&graphml(&[], &camp_of));
    }

    #[test]
    #[should_panic]
    fn the_xml_check_catches_a_bare_ampersand() {
        check_xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>x & y</a>\n");
    }

    #[test]
    fn xml_escape_drops_control_characters() {
        assert_eq!(xml_escape("a\u{0}b\u{1b}c\nd'"), "abc\nd&apos;");
    }
}
