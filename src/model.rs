//! The data that flows one way through the core: text -> [`Entry`] -> [`AnalysedEntry`].
//! Every type here serialises to the CLI's JSON schema, which the page exports too.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How a file was recognised; detected from the text, never from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// BBC live page: numbered posts, `published at HH:MM Greenwich Mean Time D Month YYYY`.
    Bbc,
    /// Guardian live blog: a line holding only a time starts a post.
    Guardian,
    /// ITV-style live updates: headline lines, no times.
    Itv,
    /// Any other outlet: time lines or time prefixes in common styles.
    Generic,
    /// No structure found: the whole file is one untimed entry.
    Plain,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Bbc => "BBC live page",
            Format::Guardian => "Guardian live blog",
            Format::Itv => "ITV live updates",
            Format::Generic => "timed live blog",
            Format::Plain => "unstructured text",
        }
    }
}

/// One live blog as read from one file (a file holding several blogs yields several).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Blog {
    /// The file's base name.
    pub source: String,
    pub format: Format,
    pub headline: Option<String>,
    /// The blog's own summary or key points, in page order.
    pub summary: Vec<String>,
    /// Number of entries this blog contributed after de-duplication.
    pub entries: usize,
}

/// One post of a live blog, as published. Times are kept as published; `utc` is derived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable across runs: a hash of the source-independent content (time, date, title, body).
    pub id: EntryId,
    /// The file's base name.
    pub source: SourceName,
    /// 1-based position within its source, document order.
    pub n: usize,
    pub title: Option<String>,
    /// `HH:MM`, 24-hour, as published.
    pub time: Option<ClockText>,
    /// The zone as published (`GMT`, `BST`, `ET`, ...).
    pub tz: Option<ZoneText>,
    /// `YYYY-MM-DD`, stated or inferred from a sibling.
    pub date: Option<DateText>,
    /// RFC 3339 instant, when date and zone are both known.
    pub utc: Option<UtcText>,
    /// The hour of `time`, 0-23.
    pub hour: Option<u8>,
    /// Furniture removed; paragraphs separated by a blank line.
    pub body: String,
    /// What furniture said was embedded: `twitter`, `quote`, `video`, `image`, ...
    pub embeds: Vec<String>,
    /// 1-based line in the source where the entry starts (for diagnostics and "show in file").
    pub line: usize,
}

#[cfg(test)]
impl Entry {
    /// An untimed, undated entry for unit tests that only care about its id, source and body.
    pub(crate) fn for_test(id: &str, source: &str, n: usize, body: &str) -> Entry {
        Entry {
            id: EntryId::new(id).expect("a test id fits"),
            source: source.into(),
            n,
            title: None,
            time: None,
            tz: None,
            date: None,
            utc: None,
            hour: None,
            body: body.to_string(),
            embeds: vec![],
            line: 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Doctors,
    Government,
    Mixed,
    Neutral,
}

impl Stance {
    pub const ALL: [Stance; 4] = [Stance::Doctors, Stance::Government, Stance::Mixed, Stance::Neutral];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Doctors => "doctors",
            Stance::Government => "government",
            Stance::Mixed => "mixed",
            Stance::Neutral => "neutral",
        }
    }

    pub fn parse(s: &str) -> Option<Stance> {
        Stance::ALL.into_iter().find(|st| st.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// An actor's name as the analysis gives it (speakers, mentions, a quote's speaker): shared,
/// not copied. A corpus names the same few dozen actors hundreds of thousands of times; as
/// `String`s each naming was an allocation and a copy of the name, in the analyser (about 40 %
/// of its allocations) and again in the page that reads the workers' results. A clone is a
/// reference count. Reads as a `str`, compares and orders by its text, serialises as a string.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ActorName(Arc<str>);

impl ActorName {
    /// The same name, shared with the other namings read in this thread (see
    /// [`ActorName::deserialize`]); a name past the table's bounds is held on its own.
    fn shared(name: &str) -> ActorName {
        /// Bounds that keep the table small whatever a corpus holds: unlisted actors' names
        /// are the text's, so a corpus of many such names stops being shared past this many.
        const MOST_NAMES: usize = 4096;
        const LONGEST: usize = 80;
        if name.len() > LONGEST {
            return ActorName::from(name);
        }
        SHARED_NAMES.with(|names| {
            let mut names = names.borrow_mut();
            if let Some(known) = names.get(name) {
                return ActorName(known.clone());
            }
            let new = ActorName::from(name);
            if names.len() < MOST_NAMES {
                names.insert(new.0.clone());
            }
            new
        })
    }
}

thread_local! {
    /// The names [`ActorName::shared`] has read in this thread.
    static SHARED_NAMES: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::new());
}

/// The traits a name held as a shared `Arc<str>` has in common ([`ActorName`],
/// [`SourceName`]): it reads, compares, orders, prints and serialises as its text; only how it
/// is read back (shared with what) differs.
macro_rules! shared_text {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> $name {
                $name(Arc::from(text))
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> $name {
                $name(Arc::from(text))
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                *self.0 == *other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                *self.0 == **other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                *self.0 == **other
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                **self == *other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                **self == *other.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&*self.0, f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }
    };
}

shared_text!(ActorName);

impl<'de> Deserialize<'de> for ActorName {
    /// Reads the name shared with the same name read before in this thread: the page reads
    /// every entry's names from the workers' results, and the same actor read a hundred
    /// thousand times is one allocation, not one per naming.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ActorName, D::Error> {
        deserialize_text(deserializer, |name| Ok(ActorName::shared(name)))
    }
}

/// A string made into a `T` by `read` (`Err`: why it is refused): the `Deserialize` of the
/// text types here.
fn deserialize_text<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    read: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    struct Visitor<F>(F);
    impl<T, F: FnOnce(&str) -> Result<T, String>> serde::de::Visitor<'_> for Visitor<F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
            (self.0)(text).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(Visitor(read))
}

/// The name of the file an entry came from ([`Entry::source`]): shared by the file's entries,
/// not copied into each (a clone is a reference count).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SourceName(Arc<str>);

shared_text!(SourceName);

thread_local! {
    /// The source name [`SourceName::deserialize`] read last in this thread.
    static LAST_SOURCE: RefCell<Option<SourceName>> = const { RefCell::new(None) };
}

impl SourceName {
    /// The same name as the name read before in this thread, shared, when it is the same.
    fn shared(name: &str) -> SourceName {
        LAST_SOURCE.with(|last| {
            let mut last = last.borrow_mut();
            match &*last {
                Some(known) if *known == *name => known.clone(),
                _ => last.insert(SourceName::from(name)).clone(),
            }
        })
    }
}

impl<'de> Deserialize<'de> for SourceName {
    /// Reads the name shared with the name read before, when it is the same: a file's entries
    /// come one after another, so the page holds each file's name once, not once per entry.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SourceName, D::Error> {
        deserialize_text(deserializer, |name| Ok(SourceName::shared(name)))
    }
}

/// Short text held in place, not on the heap: an entry's clock time, zone, date and instant.
/// Each was a `String` of 3 to 20 bytes, an allocation per entry in the parser and again in
/// the page that reads the workers' results, and more bytes in the allocation's header than
/// in the text. At most `N` bytes (at most 255); reads as a `str`, compares and orders by its
/// text, serialises as a string.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShortText<const N: usize> {
    len: u8,
    /// The text, then zeros (so the derived equality and hash are the text's).
    bytes: [u8; N],
}

/// `HH:MM`, as [`Entry::time`] holds it.
pub type ClockText = ShortText<5>;
/// A zone as published (`GMT`, `+05:30`), as [`Entry::tz`] holds it.
pub type ZoneText = ShortText<8>;
/// `YYYY-MM-DD` (a year past 9999 is written longer), as [`Entry::date`] holds it.
pub type DateText = ShortText<16>;
/// `YYYY-MM-DDTHH:MM:SSZ` (the same), as [`Entry::utc`] holds it.
pub type UtcText = ShortText<24>;
/// Sixteen hex digits, as [`Entry::id`] holds it: in place, not one allocation per entry.
pub type EntryId = ShortText<16>;

impl<const N: usize> ShortText<N> {
    pub const EMPTY: Self = ShortText { len: 0, bytes: [0; N] };

    /// `text`, or `None` when it is longer than `N` bytes.
    pub fn new(text: &str) -> Option<Self> {
        let mut out = Self::EMPTY;
        out.push_str(text)?;
        Some(out)
    }

    /// Appends `text`; `None` (and nothing appended) when it does not fit.
    #[inline]
    pub fn push_str(&mut self, text: &str) -> Option<()> {
        let at = usize::from(self.len);
        let end = at + text.len();
        let len = u8::try_from(end).ok()?;
        self.bytes.get_mut(at..end)?.copy_from_slice(text.as_bytes());
        self.len = len;
        Some(())
    }

    /// The same text with ASCII letters in capitals.
    pub fn to_ascii_uppercase(mut self) -> Self {
        self.bytes.make_ascii_uppercase();
        self
    }

    pub fn as_str(&self) -> &str {
        // always valid: made from a `str` ([`ShortText::new`])
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The text's bytes, without [`Self::as_str`]'s UTF-8 check: for hashing (the parser hashes
    /// every entry's time and date into its id; the check was a call per read).
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }
}

impl<const N: usize> From<ShortText<N>> for String {
    fn from(text: ShortText<N>) -> String {
        text.as_str().to_string()
    }
}

impl<const N: usize> Default for ShortText<N> {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl<const N: usize> std::ops::Deref for ShortText<N> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> PartialOrd for ShortText<N> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<const N: usize> Ord for ShortText<N> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl<const N: usize> PartialEq<str> for ShortText<N> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<const N: usize> PartialEq<&str> for ShortText<N> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<const N: usize> fmt::Debug for ShortText<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> fmt::Display for ShortText<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<const N: usize> Serialize for ShortText<N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, const N: usize> Deserialize<'de> for ShortText<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_text(deserializer, |text| {
            ShortText::new(text).ok_or_else(|| format!("{} bytes where at most {N} bytes fit", text.len()))
        })
    }
}

/// A reported or quoted statement: the DNA-style (actor, stance, span) triple.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Canonical name of the speaker.
    pub speaker: ActorName,
    pub text: String,
    pub stance: Stance,
}

/// An actor found in an entry that the codebook does not list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnlistedActor {
    pub name: String,
    pub kind: String,
    pub camp: String,
    pub role: Option<String>,
}

/// What the analysis adds to an entry. Kept apart from [`Entry`] so the parser stays analysis-free.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Analysis {
    /// Canonical names of actors whose words the entry quotes or reports.
    pub speakers: Vec<ActorName>,
    /// Canonical names of every actor named or referred to, speakers included.
    pub mentions: Vec<ActorName>,
    pub stance: Option<Stance>,
    /// The verbatim spans that decided the stance.
    pub stance_evidence: Vec<String>,
    pub quotes: Vec<Quote>,
    /// Actors found by structure, not in the codebook (also listed in `mentions`).
    pub unlisted: Vec<UnlistedActor>,
    /// True when a person changed the stance or the actors by hand (see `corrections`), so
    /// exports and the page can tell human coding from the analyser's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub corrected: bool,
}

/// An entry with its analysis; serialises flat, as the CLI's JSON entry object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysedEntry {
    #[serde(flatten)]
    pub entry: Entry,
    #[serde(flatten)]
    pub analysis: Analysis,
}

/// Reads the flat object [`AnalysedEntry`] writes, without `#[serde(flatten)]`: serde reads
/// flattened fields by first copying every key and value of the object into a buffer of its
/// own, and that was a third of the page's reading of the workers' answers. The fields, and what
/// a missing one means, are [`Entry`]'s and [`Analysis`]'s; other keys are ignored, as they were.
impl<'de> Deserialize<'de> for AnalysedEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Flat {
            id: EntryId,
            source: SourceName,
            n: usize,
            title: Option<String>,
            time: Option<ClockText>,
            tz: Option<ZoneText>,
            date: Option<DateText>,
            utc: Option<UtcText>,
            hour: Option<u8>,
            body: String,
            embeds: Vec<String>,
            line: usize,
            speakers: Vec<ActorName>,
            mentions: Vec<ActorName>,
            stance: Option<Stance>,
            stance_evidence: Vec<String>,
            quotes: Vec<Quote>,
            unlisted: Vec<UnlistedActor>,
            #[serde(default)]
            corrected: bool,
        }
        let mut f = Flat::deserialize(deserializer)?;
        // Read element by element, a list grows by doubling (JSON does not say its length);
        // the page holds 100,000s of entries, so the spare room goes (about 5 % of its memory).
        f.embeds.shrink_to_fit();
        f.speakers.shrink_to_fit();
        f.mentions.shrink_to_fit();
        f.stance_evidence.shrink_to_fit();
        f.quotes.shrink_to_fit();
        f.unlisted.shrink_to_fit();
        Ok(AnalysedEntry {
            entry: Entry {
                id: f.id,
                source: f.source,
                n: f.n,
                title: f.title,
                time: f.time,
                tz: f.tz,
                date: f.date,
                utc: f.utc,
                hour: f.hour,
                body: f.body,
                embeds: f.embeds,
                line: f.line,
            },
            analysis: Analysis {
                speakers: f.speakers,
                mentions: f.mentions,
                stance: f.stance,
                stance_evidence: f.stance_evidence,
                quotes: f.quotes,
                unlisted: f.unlisted,
                corrected: f.corrected,
            },
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file was not loaded.
    Error,
    /// The file loaded, but something was guessed or repaired.
    Warning,
    Info,
}

impl Severity {
    /// Errors first, then warnings, then notes: the order a file's messages are listed in.
    pub fn rank(self) -> u8 {
        match self {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }
    }
}

/// A message about one file, naming the file, the line (when there is one) and the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub source: String,
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn new(source: &str, line: Option<usize>, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic { source: source.to_string(), line, severity, message: message.into() }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        match self.line {
            Some(line) => write!(f, "{}:{}: {}: {}", self.source, line, sev, self.message),
            None => write!(f, "{}: {}: {}", self.source, sev, self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_names_read_back_shared_and_written_as_strings() {
        let json = r#"{"speakers":["Jeremy Hunt","BMA"],"mentions":["BMA","Jeremy Hunt","Dr \u00c9mile Z"],"stance":"mixed","stance_evidence":[],"quotes":[{"speaker":"BMA","text":"No.","stance":"doctors"}],"unlisted":[]}"#;
        let a: Analysis = serde_json::from_str(json).unwrap();
        // the same name read again is the same allocation, escaped or not
        assert!(Arc::ptr_eq(&a.speakers[1].0, &a.mentions[0].0));
        assert!(Arc::ptr_eq(&a.speakers[1].0, &a.quotes[0].speaker.0));
        assert!(Arc::ptr_eq(&a.speakers[0].0, &a.mentions[1].0));
        assert_eq!(a.mentions[2], "Dr \u{c9}mile Z");
        // written back exactly as read
        assert_eq!(serde_json::to_string(&a).unwrap(), json.replace(r"\u00c9", "\u{c9}"));
        // compared and ordered by text, whatever the allocation
        let own = ActorName::from("BMA");
        assert!(!Arc::ptr_eq(&own.0, &a.speakers[1].0));
        assert_eq!(own, a.speakers[1]);
        let (a, b) = (ActorName::from("A"), ActorName::from("B"));
        assert!(a < b);
        assert!(own == "BMA");
        assert!("BMA" == own);
        assert_eq!(format!("{own} {own:?}"), "BMA \"BMA\"");
    }

    #[test]
    fn a_files_entries_read_back_share_its_name() {
        let entry = |source: &str| {
            let mut e = Entry::for_test("id", source, 1, "Body.");
            e.time = ClockText::new("09:05");
            serde_json::to_string(&e).unwrap()
        };
        let read = |json: &str| serde_json::from_str::<Entry>(json).unwrap();
        let (a1, a2, b, a3) = (read(&entry("a.txt")), read(&entry("a.txt")), read(&entry("b.txt")), read(&entry("a.txt")));
        assert!(Arc::ptr_eq(&a1.source.0, &a2.source.0));
        assert_eq!((b.source.as_str(), a3.source.as_str()), ("b.txt", "a.txt"));
        // a name read again after another is its own copy (only the last is kept)
        assert!(!Arc::ptr_eq(&a1.source.0, &a3.source.0));
        assert_eq!(a1.source, a3.source);
        // written back as read
        assert_eq!(serde_json::to_string(&a3).unwrap(), entry("a.txt"));
        assert_eq!(a1.source, "a.txt");
        assert_eq!("a.txt", a1.source);
        assert_eq!(format!("{} {:?}", a1.source, a1.source), "a.txt \"a.txt\"");
    }

    #[test]
    fn short_text_reads_compares_and_serialises_as_its_text() {
        let t = ClockText::new("09:05").unwrap();
        assert_eq!(t.as_str(), "09:05");
        assert_eq!(&*t, "09:05");
        assert!(t == "09:05");
        assert_eq!(format!("{t} {t:?}"), "09:05 \"09:05\"");
        // too long: nothing, not a cut
        assert_eq!(ClockText::new("09:05:00"), None);
        let mut built = ClockText::new("09").unwrap();
        assert_eq!(built.push_str(":05:"), None);
        assert_eq!(built.push_str(":05"), Some(()));
        // equal and hashed alike however it was built (unused bytes stay zero)
        assert_eq!(built, t);
        let set: HashSet<ClockText> = [built, t].into_iter().collect();
        assert_eq!(set.len(), 1);
        // ordered by text, not by length: "10" sorts before "9", as strings do
        let (nine, ten) = (DateText::new("9").unwrap(), DateText::new("10").unwrap());
        assert!(ten < nine);
        assert_eq!(ZoneText::new("gmt+1").unwrap().to_ascii_uppercase(), "GMT+1");
        assert_eq!(DateText::EMPTY.as_str(), "");
        assert_eq!((t.as_bytes(), built.as_bytes(), DateText::EMPTY.as_bytes()), (&b"09:05"[..], &b"09:05"[..], &b""[..]));
        // JSON: a string, read back the same; one too long is an error naming the limit
        let e: Option<UtcText> = UtcText::new("2016-04-26T14:23:00Z");
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, "\"2016-04-26T14:23:00Z\"");
        assert_eq!(serde_json::from_str::<Option<UtcText>>(&json).unwrap(), e);
        assert_eq!(serde_json::from_str::<Option<UtcText>>("null").unwrap(), None);
        assert_eq!(serde_json::from_str::<ClockText>("\"0\\u00395\"").unwrap(), "095");
        let err = serde_json::from_str::<ClockText>("\"09:05:00\"").unwrap_err().to_string();
        assert!(err.contains("8 bytes where at most 5 bytes fit"), "{err}");
    }

    /// What `#[serde(flatten)]` read, which the hand-written reader of [`AnalysedEntry`] replaces.
    #[derive(Deserialize)]
    struct ReadFlattened {
        #[serde(flatten)]
        entry: Entry,
        #[serde(flatten)]
        analysis: Analysis,
    }

    #[test]
    fn an_analysed_entry_reads_what_flattened_fields_read() {
        let mut entry = Entry::for_test("541ad82ec34023ca", "bbc.txt", 3, "Body \"quoted\".\n\nMore.");
        entry.title = Some("Strike".into());
        entry.time = ClockText::new("09:05");
        entry.tz = ZoneText::new("GMT");
        entry.date = DateText::new("2016-02-11");
        entry.utc = UtcText::new("2016-02-11T09:05:00Z");
        entry.hour = Some(9);
        entry.embeds = vec!["twitter".into()];
        entry.line = 12;
        let analysis = Analysis {
            speakers: vec!["BMA".into()],
            mentions: vec!["BMA".into(), "Jeremy Hunt".into()],
            stance: Some(Stance::Doctors),
            stance_evidence: vec!["unsafe".into()],
            quotes: vec![Quote { speaker: "BMA".into(), text: "It is unsafe.".into(), stance: Stance::Doctors }],
            unlisted: vec![UnlistedActor { name: "Dr A".into(), kind: "person".into(), camp: "doctors".into(), role: None }],
            corrected: true,
        };
        let full = serde_json::to_string(&AnalysedEntry { entry, analysis }).unwrap();
        let minimal = r#"{"id":"a","source":"s.txt","n":1,"body":"B","embeds":[],"line":1,"speakers":[],"mentions":[],"stance_evidence":[],"quotes":[],"unlisted":[]}"#;
        let nulls_and_more = r#"{"extra":{"x":[1,2]},"id":"a","source":"s.txt","n":1,"title":null,"time":null,"hour":null,"body":"B","embeds":[],"line":1,"speakers":[],"mentions":[],"stance":null,"stance_evidence":[],"quotes":[],"unlisted":[],"corrected":false,"later":1}"#;
        let no_body = minimal.replace(r#""body":"B","#, "");
        let long_time = minimal.replace(r#""n":1,"#, r#""n":1,"time":"09:05:00","#);
        let not_an_object = "[1]";
        for json in [full.as_str(), minimal, nulls_and_more, &no_body, &long_time, not_an_object] {
            let ours = serde_json::from_str::<AnalysedEntry>(json);
            let flattened = serde_json::from_str::<ReadFlattened>(json);
            match (ours, flattened) {
                (Ok(a), Ok(b)) => {
                    assert_eq!((&a.entry, &a.analysis), (&b.entry, &b.analysis), "{json}");
                    // and written back as flattened fields write it
                    let again = AnalysedEntry { entry: b.entry, analysis: b.analysis };
                    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&again).unwrap());
                }
                (Err(_), Err(_)) => {}
                (a, b) => panic!("{json}: ours {:?}, flattened {:?}", a.err(), b.err().map(|e| e.to_string())),
            }
        }
        let back: AnalysedEntry = serde_json::from_str(&full).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), full);
        assert!(back.analysis.corrected);
        let min: AnalysedEntry = serde_json::from_str(minimal).unwrap();
        assert_eq!((min.entry.title, min.entry.time, min.analysis.stance, min.analysis.corrected), (None, None, None, false));
        let err = serde_json::from_str::<AnalysedEntry>(&no_body).unwrap_err().to_string();
        assert!(err.contains("missing field `body`"), "{err}");
        // lists read hold no spare room (a page holds 100,000s of entries)
        let three = full.replace(r#""mentions":["BMA","Jeremy Hunt"]"#, r#""mentions":["A","B","C"]"#);
        let read: AnalysedEntry = serde_json::from_str(&three).unwrap();
        let a = &read.analysis;
        assert_eq!(a.mentions.len(), 3);
        let room = [
            (read.entry.embeds.len(), read.entry.embeds.capacity()),
            (a.speakers.len(), a.speakers.capacity()),
            (a.mentions.len(), a.mentions.capacity()),
            (a.stance_evidence.len(), a.stance_evidence.capacity()),
            (a.quotes.len(), a.quotes.capacity()),
            (a.unlisted.len(), a.unlisted.capacity()),
        ];
        assert!(room.iter().all(|(len, cap)| len == cap), "{room:?}");
    }

    #[test]
    fn a_long_name_is_read_on_its_own() {
        let long = "x".repeat(200);
        let read = |s: &str| serde_json::from_str::<ActorName>(&format!("\"{s}\"")).unwrap();
        let (a, b) = (read(&long), read(&long));
        assert_eq!(a, b);
        assert!(!Arc::ptr_eq(&a.0, &b.0));
        let (c, d) = (read("Rishi Sunak"), read("Rishi Sunak"));
        assert!(Arc::ptr_eq(&c.0, &d.0));
    }
}
