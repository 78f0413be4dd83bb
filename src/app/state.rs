//! The page's state and everything that changes it. Components only read these signals and
//! call these methods.
//!
//! The URL's query string is the one source of the filters: [`App::query`] is derived from
//! it, [`App::result`] from the query and the workspace, and the facets' counts from both a
//! frame later ([`App::with_counts`]). Nothing else copies one signal into another.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::rc::Rc;

use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dom;
use super::storage::{Db, StoredFile};
use super::workers::{Kept, NotPrepared, OpenedSession, Payload, Pool, Prepared, Preparing};
use crate::corrections::Correction;
use crate::index::{FacetCounts, Query};
use crate::session::{Added, Fingerprint, NoRoom, PrepareAgain, Session, SessionJsonWriter, Workspace};

/// The entries the current query matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Matches {
    /// Positions into the workspace's entries, in timeline order.
    pub matches: Vec<u32>,
    /// Entries loaded.
    pub total: usize,
}

/// A message in the banner area.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub error: bool,
    pub text: String,
}

/// A stored file refused for want of room when it was opened again (at a visit, from a
/// session file, or under a new codebook). It stays stored and its name stays taken: a file
/// loaded under that name would be stored over it. The person loads it once there is room,
/// or removes it from the browser; before, only forgetting everything could.
#[derive(Clone)]
pub struct HeldBack {
    pub name: String,
    /// False when it is larger than any file the page takes: loading it again cannot help.
    pub may_fit: bool,
    bytes: Kept,
}

impl HeldBack {
    pub fn size(&self) -> usize {
        self.bytes.size()
    }
}

/// What is loading right now, for the progress line.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub current: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Entries,
    Summary,
    Files,
    Codebook,
}

/// Something to load: a file from the picker or a drop (under its name, or its path in a
/// folder), pasted text, a built-in sample file, or a file already stored: restored from
/// storage, from an opened session file (on its way to storage), or loaded and sent again
/// under a new codebook. A stored file is not written again.
pub enum Incoming {
    File { file: web_sys::File, name: String },
    Text { name: String, text: String },
    Stored { name: String, bytes: Kept },
}

impl Incoming {
    /// A file chosen or dropped by itself, under its own name.
    pub fn file(file: web_sys::File) -> Incoming {
        Incoming::File { name: file.name(), file }
    }

    fn name(&self) -> String {
        match self {
            Incoming::File { name, .. } => name.clone(),
            Incoming::Text { name, .. } => name.clone(),
            Incoming::Stored { name, .. } => name.clone(),
        }
    }

    /// How many bytes it is, when that is known without asking the disk: `File.size` did
    /// (0.3 ms a call, 4.9 s of a load of 8,328 files).
    fn known_size(&self) -> Option<usize> {
        match self {
            Incoming::File { .. } => None,
            Incoming::Text { text, .. } => Some(text.len()),
            Incoming::Stored { bytes, .. } => Some(bytes.size()),
        }
    }
}

/// A file out at a parser: the name it is parsed under (reserved until it is back), the item
/// itself (to send it again should the parser fail or the codebook change) and the result.
struct Job {
    name: String,
    /// [`Incoming::known_size`] of its item.
    bytes: Option<usize>,
    /// [`App::epoch`] when it was sent.
    epoch: u64,
    item: Incoming,
    /// Parsers it was sent to so far.
    tries: u32,
    /// Times it came back to be prepared again (another codebook, a name taken meanwhile).
    redos: u32,
    result: Preparing,
}

#[derive(Clone, Copy)]
pub struct App {
    pub ws: RwSignal<Workspace>,
    /// The query string (without `?`), mirrored from the address bar.
    pub search: RwSignal<String>,
    pub query: Memo<Query>,
    /// The entries the query matches: what the list draws, in a filter click's own task.
    pub result: Memo<Matches>,
    /// The facets' counts, computed a frame after the query or the workspace changes (see
    /// [`App::with_counts`]).
    counts: RwSignal<FacetCounts>,
    /// The address bar's next state (query string, whether a history step), written after the
    /// frame that shows it (see [`App::set_query`]).
    pending_url: StoredValue<Option<(String, bool)>>,
    pub progress: RwSignal<Option<Progress>>,
    /// While a dropped folder is read, before its files are queued: the folder and how many
    /// files were found so far.
    pub reading_folder: RwSignal<Option<(String, usize)>>,
    /// While a worker reads a session file the person opened: its name.
    pub opening_session: RwSignal<Option<String>>,
    /// While the session file is written: how much of it (percent).
    pub saving: RwSignal<Option<u32>>,
    /// True while the files are prepared again after a codebook change: the workbench stays
    /// up meanwhile, rather than the empty page's welcome.
    pub reanalysing: RwSignal<bool>,
    pub notices: RwSignal<Vec<Notice>>,
    pub tab: RwSignal<Tab>,
    /// The entry whose coding editor is open.
    pub editing: RwSignal<Option<String>>,
    /// False until stored files have been read back (the empty-page welcome waits for it).
    pub restored: RwSignal<bool>,
    db: StoredValue<Option<Db>, LocalStorage>,
    queue: StoredValue<VecDeque<Incoming>, LocalStorage>,
    busy: StoredValue<bool>,
    /// True once [`App::restore`] has started: loads then wait for the stored state.
    db_expected: StoredValue<bool>,
    next_seq: StoredValue<u64>,
    next_notice: StoredValue<u64>,
    /// The parsing workers: not started yet (`None`), or started (`Some(None)`: unavailable).
    pool: StoredValue<Option<Option<Rc<Pool>>>, LocalStorage>,
    /// The workers' code on the page's own thread, loaded when workers cannot run (`Err`:
    /// it could not load either, and why).
    here: StoredValue<Option<Result<Rc<Pool>, String>>, LocalStorage>,
    /// True while [`App::catch_up_index`] is bringing the index up to date in steps.
    indexing: StoredValue<bool>,
    /// Tidy the index once it is complete (asked at the end of a load).
    settle_index: StoredValue<bool>,
    /// Entries per index step, adapted to take about 30 ms.
    index_step_size: StoredValue<usize>,
    /// Files admitted but not yet written to storage (name, bytes as loaded); written at the
    /// end of each slice.
    unsaved: StoredValue<Vec<(String, Kept)>, LocalStorage>,
    /// The bytes of every file in the workspace, by the name it is loaded under, outside the
    /// page's wasm memory (see [`Kept`]). The workspace knows each file by its fingerprint;
    /// these go to storage, to a session file, and to the parsers again under a new codebook.
    file_bytes: StoredValue<HashMap<String, Kept>, LocalStorage>,
    /// Bumped when everything loaded is dropped (forget, open a session): results of files
    /// sent out before then are thrown away.
    epoch: StoredValue<u64>,
    /// Session files chosen so far: each choice takes the next number.
    sessions_chosen: StoredValue<u64>,
    /// The number of the session open (0: none). A session read after a later choice was
    /// opened is dropped, so the person's last choice wins whichever worker answers first;
    /// "forget everything" counts as opening the latest choice.
    session_shown: StoredValue<u64>,
    /// Session files being read: the line saying so goes when the last is in.
    sessions_reading: StoredValue<u32>,
    /// A session file read while files or corrections are loaded, waiting for the person to
    /// say it may replace them.
    pub session_to_confirm: RwSignal<Option<SessionToConfirm>, LocalStorage>,
    /// Stored files that did not fit when they were opened, in the order they were refused.
    pub held_back: RwSignal<Vec<HeldBack>, LocalStorage>,
    /// Files removed since the session file in force was opened: its files still waiting to
    /// be stored are not (they would come back at the next visit).
    removed: StoredValue<HashSet<String>>,
    /// An opened session's large files (name, size), all stored: their blobs are swapped for
    /// storage's once the load is over, when every file that fits is admitted.
    stored_large: StoredValue<Vec<(String, usize)>>,
}

/// A session file read and waiting for [`App::confirm_session`], and what it would replace.
pub struct SessionToConfirm {
    ticket: u64,
    session: OpenedSession,
    pub name: String,
}

impl SessionToConfirm {
    /// How many files and corrections the session holds.
    pub fn holds(&self) -> (usize, usize) {
        (self.session.files.len(), self.session.corrections.len())
    }
}

impl App {
    pub fn new() -> App {
        let ws = RwSignal::new(Workspace::new());
        let search = RwSignal::new(dom::location_search());
        let query = Memo::new(move |_| Query::from_query_string(&search.get()));
        let result = Memo::new(move |_| {
            ws.with(|w| Matches { matches: w.index().matches(&query.get()), total: w.index().len() })
        });
        // A click redraws the list and its count in its own frame, and counts and redraws the
        // facets in a task after it: at 127,000 entries both in one task took 30-36 ms before
        // the browser's own 13-15 ms of layout and paint, and counting in the click's task
        // was still about a millisecond of it (traced).
        let counts = RwSignal::new(FacetCounts::default());
        let counts_due = StoredValue::new(false);
        Effect::new(move |_| {
            ws.track();
            // A query change with an equal result still changes which values are selected.
            query.track();
            if !counts_due.get_value() {
                counts_due.set_value(true);
                spawn_local(async move {
                    dom::after_next_frame().await;
                    counts_due.set_value(false);
                    // Disposed meanwhile (a component test's page unmounted): nothing to count.
                    let new = ws.try_with_untracked(|w| query.try_with_untracked(|q| w.index().counts(q)));
                    if let Some(new) = new.flatten() {
                        counts.set(new);
                    }
                });
            }
        });
        App {
            ws,
            search,
            query,
            result,
            counts,
            pending_url: StoredValue::new(None),
            progress: RwSignal::new(None),
            reading_folder: RwSignal::new(None),
            opening_session: RwSignal::new(None),
            saving: RwSignal::new(None),
            reanalysing: RwSignal::new(false),
            notices: RwSignal::new(Vec::new()),
            tab: RwSignal::new(Tab::Entries),
            editing: RwSignal::new(None),
            restored: RwSignal::new(false),
            db: StoredValue::new_local(None),
            queue: StoredValue::new_local(VecDeque::new()),
            busy: StoredValue::new(false),
            db_expected: StoredValue::new(false),
            next_seq: StoredValue::new(0),
            next_notice: StoredValue::new(0),
            pool: StoredValue::new_local(None),
            here: StoredValue::new_local(None),
            indexing: StoredValue::new(false),
            settle_index: StoredValue::new(false),
            index_step_size: StoredValue::new(8_000),
            unsaved: StoredValue::new_local(Vec::new()),
            file_bytes: StoredValue::new_local(HashMap::new()),
            epoch: StoredValue::new(0),
            sessions_chosen: StoredValue::new(0),
            session_shown: StoredValue::new(0),
            sessions_reading: StoredValue::new(0),
            session_to_confirm: RwSignal::new_local(None),
            held_back: RwSignal::new_local(Vec::new()),
            removed: StoredValue::new(HashSet::new()),
            stored_large: StoredValue::new(Vec::new()),
        }
    }

    /// Prepares files on the page's thread with `handle` (the workers' own code, linked into
    /// a test) instead of starting workers: for component tests, which have no worker files.
    pub fn prepare_here_with(&self, handle: fn(wasm_bindgen::JsValue) -> wasm_bindgen::JsValue) {
        let closure = wasm_bindgen::closure::Closure::<dyn Fn(wasm_bindgen::JsValue) -> wasm_bindgen::JsValue>::new(handle);
        self.pool.set_value(Some(None));
        self.here.set_value(Some(Ok(Rc::new(Pool::here(closure)))));
    }

    // ----- filters -----

    /// Applies a new filter state: into every view, and into the address bar (a history step
    /// when `push`) once the frame showing it is drawn. Writing the address bar first took
    /// 1.5-12 ms of a click at 127,000 entries (the browser records the navigation).
    pub fn set_query(&self, q: &Query, push: bool) {
        let qs = q.to_query_string();
        if qs == self.search.get_untracked() {
            return;
        }
        let scheduled = self.pending_url.with_value(Option::is_some);
        // Changes within one frame make one history step, a step if any of them asked for one.
        let push = push || self.pending_url.with_value(|p| p.as_ref().is_some_and(|(_, push)| *push));
        self.pending_url.set_value(Some((qs.clone(), push)));
        self.search.set(qs);
        if !scheduled {
            let app = *self;
            spawn_local(async move {
                // After the frame is drawn, not in it: the new address changes what the page's
                // links point to, which made that frame's paint 24-28 ms instead of 4-8 ms.
                dom::after_next_frame().await;
                if let Some((qs, push)) = app.pending_url.try_update_value(Option::take).flatten() {
                    dom::set_search(&qs, push);
                }
            });
        }
    }

    /// Reads the facets' counts: they follow a change a frame after the list (see
    /// [`App::new`]).
    pub fn with_counts<T>(&self, f: impl FnOnce(&FacetCounts) -> T) -> T {
        self.counts.with(f)
    }

    /// Reads the counts and the query as the facets list them, a frame after a change (see
    /// [`App::with_counts`]): which rows a facet lists follows its counts, so a click rebuilds
    /// no facet row in its own task.
    pub fn with_shown<T>(&self, f: impl FnOnce(&FacetCounts, &Query) -> T) -> T {
        self.with_counts(|r| self.query.with_untracked(|q| f(r, q)))
    }

    /// Changes the filters as a new history step.
    pub fn edit_query(&self, f: impl FnOnce(&mut Query)) {
        self.edit_query_with(true, f);
    }

    pub fn edit_query_with(&self, push: bool, f: impl FnOnce(&mut Query)) {
        let mut q = self.query.get_untracked();
        f(&mut q);
        self.set_query(&q, push);
    }

    /// Back or forward was pressed: the address bar already holds the state to show.
    pub fn on_popstate(&self) {
        self.pending_url.set_value(None);
        self.search.set(dom::location_search());
    }

    /// The camp of every actor of the corpus, unlisted ones included.
    pub fn camps(&self) -> HashMap<String, String> {
        self.with_counts(|c| c.actors.iter().map(|a| (a.name.to_string(), a.camp.to_string())).collect())
    }

    // ----- notices -----

    pub fn notify_error(&self, text: impl Into<String>) {
        self.push_notice(true, text.into());
    }

    pub fn notify_info(&self, text: impl Into<String>) {
        self.push_notice(false, text.into());
    }

    fn push_notice(&self, error: bool, text: String) {
        let id = self.next_notice.get_value();
        self.next_notice.set_value(id + 1);
        self.notices.update(|n| {
            // The same message again (e.g. quota on every file) is shown once.
            if !n.iter().any(|x| x.text == text) {
                n.push(Notice { id, error, text });
            }
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.notices.update(|n| n.retain(|x| x.id != id));
    }

    fn storage_failed(&self, what: &str, err: String) {
        self.notify_error(format!(
            "Could not save {what} in this browser: {err}. Everything is loaded for now but will be gone after a reload; \
             use Session \u{2192} \u{201c}Save session file\u{201d} to keep it in a file."
        ));
    }

    // ----- storage -----

    /// Opens the browser's storage and loads what an earlier visit left there.
    pub fn restore(&self) {
        self.db_expected.set_value(true);
        let app = *self;
        spawn_local(async move {
            match Db::open().await {
                Ok(db) => {
                    match db.load().await {
                        Ok((stored, next, damaged)) => {
                            for message in damaged {
                                app.notify_error(message);
                            }
                            app.next_seq.set_value(next);
                            app.adopt_coding(stored.codebook.as_deref(), stored.corrections);
                            app.enqueue(stored.files.into_iter().map(|(name, bytes)| Incoming::Stored { name, bytes }).collect());
                        }
                        Err(e) => app.notify_error(format!("Could not read what was stored in this browser: {e}")),
                    }
                    app.db.set_value(Some(db));
                }
                Err(e) => app.notify_error(format!(
                    "Files cannot be kept in this browser ({e}); they will be gone after a reload."
                )),
            }
            app.restored.set(true);
        });
    }

    /// Makes these the workspace's codebook (`None`: the built-in one) and corrections.
    fn adopt_coding(&self, codebook: Option<&str>, corrections: Vec<Correction>) {
        let codebook_err = self.ws.update_untracked(|w| {
            let err = codebook.and_then(|j| w.set_codebook(Some(j)).err());
            w.set_corrections(corrections);
            err
        });
        if let Some(e) = codebook_err {
            self.notify_error(format!("The stored codebook no longer loads ({e}); using the built-in one."));
        }
        self.codebook_to_parsers();
        self.ws.notify();
    }

    /// True while the browser's storage is opening and what an earlier visit left there is
    /// not read back yet: loads, a session and the workers' warm-up wait for it.
    fn storage_pending(&self) -> bool {
        !self.restored.get_untracked() && self.db_expected.get_value()
    }

    fn db(&self) -> Option<Db> {
        self.db.with_value(|d| d.clone())
    }

    /// Starts a storage write (when storage is open) and lets the page go on; should it fail,
    /// `failed` tells the person. `write` runs now, so a write it queues synchronously keeps
    /// its place in the browser's order of transactions.
    fn write_behind<F>(&self, write: impl FnOnce(Db) -> F, failed: impl FnOnce(&App, String) + 'static)
    where
        F: Future<Output = Result<(), String>> + 'static,
    {
        let Some(db) = self.db() else { return };
        let pending = write(db);
        let app = *self;
        spawn_local(async move {
            if let Err(e) = pending.await {
                failed(&app, e);
            }
        });
    }

    // ----- loading -----

    /// Loads files one at a time, yielding to the browser between them, with progress.
    pub fn enqueue(&self, items: Vec<Incoming>) {
        self.enqueue_at(items, false);
    }

    /// [`App::enqueue`] at the back of the queue, or at its front (files to prepare again).
    fn enqueue_at(&self, items: Vec<Incoming>, front: bool) {
        if items.is_empty() {
            return;
        }
        self.queue.update_value(|q| {
            if front {
                for item in items.into_iter().rev() {
                    q.push_front(item);
                }
            } else {
                q.extend(items);
            }
        });
        if !self.busy.get_value() {
            self.busy.set_value(true);
            let app = *self;
            spawn_local(async move { app.drain().await });
        }
    }

    pub fn load_sample(&self) {
        self.enqueue(
            crate::sample::SEEDS
                .iter()
                .map(|(name, text)| Incoming::Text { name: name.to_string(), text: text.to_string() })
                .collect(),
        );
    }

    /// The parser to send files to: the workers (started on first use) while any runs, else
    /// their code on the page's own thread (loaded on first need); `Err` when neither can run.
    async fn parser(&self) -> Result<Rc<Pool>, String> {
        self.start_workers();
        if let Some(pool) = self.pool.with_value(|p| p.clone().flatten()).filter(|p| p.usable()) {
            return Ok(pool);
        }
        if self.here.with_value(Option::is_none) {
            let loaded = Pool::load_here().await.map(Rc::new);
            if let Ok(pool) = &loaded {
                self.codebook_to(pool);
            }
            self.here.set_value(Some(loaded));
        }
        self.here.with_value(|h| h.clone()).unwrap_or_else(|| Err("no parser".into()))
    }

    /// Starts the workers, unless they were started already.
    fn start_workers(&self) {
        if self.pool.with_value(|p| p.is_none()) {
            let started = Pool::start().map(Rc::new);
            if let Some(pool) = &started {
                self.codebook_to(pool);
            }
            self.pool.set_value(Some(started));
        }
    }

    /// Once the page is up and drawn, starts the workers and has them prepare the sample once,
    /// so the person's first files meet a parser already compiled and run. Loading 100 MB
    /// into a page that had not, the first results were drawn while both workers compiled and
    /// started on two cores: tasks of 130-180 ms; after a warm-up, 84 ms at most in three
    /// traces, none over 40 ms in two of them.
    pub fn warm_up_parsers(&self) {
        let app = *self;
        spawn_local(async move {
            // Once a frame, not in a tight loop: nothing hurries here.
            while app.storage_pending() {
                dom::next_frame().await;
            }
            dom::next_frame().await;
            dom::next_frame().await;
            if app.pool.with_value(|p| p.is_some()) {
                return; // files came first: the workers are warming on them
            }
            app.start_workers();
            if let Some(pool) = app.pool.with_value(|p| p.clone().flatten()) {
                pool.warm_up(&crate::sample::SEEDS);
            }
        });
    }

    /// Tells the parsers already running which codebook is in force now.
    fn codebook_to_parsers(&self) {
        if let Some(pool) = self.pool.with_value(|p| p.clone().flatten()) {
            self.codebook_to(&pool);
        }
        if let Some(Ok(pool)) = self.here.with_value(|h| h.clone()) {
            self.codebook_to(&pool);
        }
    }

    /// Tells one parser which codebook is in force.
    fn codebook_to(&self, pool: &Pool) {
        self.ws.with_untracked(|w| pool.set_codebook(w.custom_codebook()));
    }

    /// Tells the person a file cannot be prepared at all: no parser runs in this browser.
    fn no_parser(&self, file: &str, reason: &str) {
        self.notify_error(format!("{file}: could not be read: this browser cannot run the parser ({reason})."));
    }

    /// Sends `item` to `parser` under `name`.
    fn send(&self, parser: &Rc<Pool>, item: Incoming, name: String, tries: u32, redos: u32) -> Job {
        let payload = match &item {
            Incoming::File { file, .. } => Payload::File(file.clone()),
            // (kept as the file's bytes from then on: a large paste as a blob, as a large file
            // from disk; should that fail, as the array)
            Incoming::Text { text, .. } => {
                let array = Uint8Array::from(text.as_bytes());
                Payload::Kept(Kept::of_array(array.clone()).unwrap_or(Kept::Array(array)))
            }
            Incoming::Stored { bytes, .. } => Payload::Kept(bytes.clone()),
        };
        let result = parser.prepare(&item.name(), &name, payload);
        Job { name, bytes: item.known_size(), epoch: self.epoch.get_value(), item, tries: tries + 1, redos, result }
    }

    /// Loads the queue. Files go to the parser (the workers, a few in flight per worker) and
    /// come back prepared; they are merged in queue order, so the result is the same as loading
    /// them one by one. The page's thread works in slices: when one has run its budget, the
    /// slice's files are stored in one transaction, the index catches up with the new entries
    /// (now and then, see below) and the browser gets the thread back to paint and handle input.
    async fn drain(self) {
        // Files dropped while the storage is still opening wait for it, or they would not
        // be kept (the page's own state is not restored in component tests: they skip this).
        while self.storage_pending() {
            dom::yield_now().await;
        }
        /// Work per slice before yielding: well under the 50 ms that counts as a long task,
        /// leaving room for one file that overruns it.
        const SLICE_MS: f64 = 25.0;
        /// The progress line is written at most this often: written after every slice, it was
        /// drawn again in most frames of a long load.
        const PROGRESS_MS: f64 = 200.0;
        /// A file is sent to at most this many parsers (a worker that stops, then another or
        /// the page's own) before it is reported as unreadable.
        const TRIES: u32 = 3;
        /// Codebook changes or name clashes in a row after which a file is reported rather than
        /// sent again (a parser that keeps answering with another codebook must not loop).
        const REDOS: u32 = 8;
        let mut in_flight: VecDeque<Job> = VecDeque::new();
        // The largest file prepared in this load, to size the window by (see below).
        let mut largest: Option<usize> = None;
        let mut done = 0;
        // Shown at once: the workbench appears with it, while the first files are prepared
        // (see `Page`).
        let (total, first) = self.queue.with_value(|q| (q.len(), q.front().map(Incoming::name)));
        self.progress.set(Some(Progress { done, total, current: first.unwrap_or_default() }));
        let mut next_refresh = dom::now_ms() + 200.0;
        let mut next_progress = dom::now_ms() + PROGRESS_MS;
        let mut slice_start = dom::now_ms();
        loop {
            if self.queue.with_value(|q| !q.is_empty()) {
                match self.parser().await {
                    Ok(parser) => {
                        let window = parser.window();
                        // A file from disk not read yet counts as the largest prepared so far;
                        // before any, as one of six that fill the window (the old depth).
                        let unread = largest.unwrap_or(window.max_bytes / (6 * window.parsers).max(1));
                        loop {
                            let out = in_flight.iter().map(|j| j.bytes.unwrap_or(unread)).sum();
                            let next = self.queue.with_value(|q| q.front().map(|i| i.known_size().unwrap_or(unread)));
                            if !next.is_some_and(|size| window.admits(in_flight.len(), out, size)) {
                                break;
                            }
                            let Some(item) = self.queue.try_update_value(|q| q.pop_front()).flatten() else { break };
                            let name = self.ws.with_untracked(|w| {
                                w.name_for(&item.name(), &|n| in_flight.iter().any(|j| j.name == n) || self.is_held_back(n))
                            });
                            in_flight.push_back(self.send(&parser, item, name, 0, 0));
                        }
                    }
                    Err(reason) => {
                        for item in self.queue.try_update_value(std::mem::take).unwrap_or_default() {
                            self.no_parser(&item.name(), &reason);
                            done += 1;
                        }
                    }
                }
            }
            let Some(mut job) = in_flight.pop_front() else { break };
            let result = (&mut job.result).await;
            if self.epoch.get_value() != job.epoch {
                // Everything was forgotten or another session opened meanwhile.
                continue;
            }
            let stored = matches!(job.item, Incoming::Stored { .. });
            if let Ok(p) = &result {
                largest = largest.max(Some(p.file.fingerprint.len as usize));
            }
            let again = match result {
                Ok(Prepared { file, bytes }) => match self.ws.update_untracked(|w| w.admit(file)) {
                    Ok(Added::AlreadyLoaded(n)) => {
                        self.notify_info(format!("{n} is already loaded."));
                        None
                    }
                    Ok(Added::File(n)) => {
                        // The bytes go to storage as they are, and only a file that gave entries.
                        if !stored && self.ws.with_untracked(|w| w.file_named(&n).is_some_and(|f| f.keep())) {
                            self.unsaved.update_value(|u| u.push((n.clone(), bytes.clone())));
                        }
                        self.file_bytes.update_value(|b| {
                            b.insert(n, bytes);
                        });
                        None
                    }
                    // Analysed with a codebook no longer in force, or its name taken meanwhile.
                    Err(PrepareAgain { name }) if job.redos < REDOS => Some((name, job.tries - 1, job.redos + 1)),
                    Err(PrepareAgain { .. }) => {
                        self.notify_error(format!("{}: could not be analysed with the codebook in force.", job.item.name()));
                        None
                    }
                },
                Err(NotPrepared::NoRoom(no)) => {
                    let name = job.item.name();
                    let kept = match (&job.item, no) {
                        (Incoming::Stored { bytes, .. }, no) => {
                            let may_fit = !matches!(no, NoRoom::TooLarge { .. });
                            self.hold_back(HeldBack { name: name.clone(), may_fit, bytes: bytes.clone() });
                            if may_fit {
                                " It stays stored in this browser, listed with the files: load it from there once there is room, or remove it."
                            } else {
                                " It stays stored in this browser, listed with the files, where you can remove it."
                            }
                        }
                        _ => "",
                    };
                    self.notify_error(format!("{name}: not loaded: {no}.{kept}"));
                    None
                }
                Err(NotPrepared::Failed(reason)) if job.tries < TRIES => {
                    web_sys::console::warn_1(&format!("{}: sent to another parser ({reason})", job.item.name()).into());
                    Some((job.name.clone(), job.tries, job.redos))
                }
                Err(NotPrepared::Failed(reason)) => {
                    self.notify_error(format!("{}: could not be parsed ({reason}).", job.item.name()));
                    None
                }
            };
            if let Some((name, tries, redos)) = again {
                match self.parser().await {
                    Ok(parser) => {
                        in_flight.push_front(self.send(&parser, job.item, name, tries, redos));
                        continue;
                    }
                    Err(reason) => self.no_parser(&job.item.name(), &reason),
                }
            }
            done += 1;
            if dom::now_ms() - slice_start < SLICE_MS {
                continue;
            }
            self.persist_unsaved();
            if dom::now_ms() >= next_progress {
                let total = done + in_flight.len() + self.queue.with_value(|q| q.len());
                let current = self.ws.with_untracked(|w| w.files().last().map(|f| f.name().to_string()));
                self.progress.set(Some(Progress { done, total, current: current.unwrap_or_default() }));
                next_progress = dom::now_ms() + PROGRESS_MS;
            }
            dom::yield_now().await;
            // Show what has loaded so far a few times a second, not after every slice: the
            // index only reads the new entries, but every view redraws its counts. In a task
            // of its own, not on top of a slice's work.
            if dom::now_ms() >= next_refresh {
                let t = dom::now_ms();
                self.index_step();
                next_refresh = dom::now_ms() + (4.0 * (dom::now_ms() - t)).max(200.0);
                dom::yield_now().await;
            }
            slice_start = dom::now_ms();
        }
        self.persist_unsaved();
        self.catch_up_index(true);
        self.progress.set(None);
        self.reanalysing.set(false);
        self.busy.set_value(false);
        self.swap_stored_large().await;
    }

    /// Stores the files admitted since the last call, in one transaction, without waiting for
    /// it: loading goes on while the browser writes.
    fn persist_unsaved(&self) {
        let files = self.unsaved.try_update_value(std::mem::take).unwrap_or_default();
        if files.is_empty() || self.db.with_value(Option::is_none) {
            return;
        }
        let contents: Vec<StoredFile> = files
            .into_iter()
            .map(|(name, bytes)| {
                let seq = self.next_seq.get_value();
                self.next_seq.set_value(seq + 1);
                StoredFile { seq, name, bytes }
            })
            .collect();
        let large = kept_as_blobs(&contents);
        let app = *self;
        // One message for the whole batch, not one per file.
        self.write_behind(
            move |db| {
                let written = db.put_files(contents);
                async move {
                    written.await?;
                    if !large.is_empty() {
                        app.keep_stored_blobs(&db, large).await;
                    }
                    Ok(())
                }
            },
            |app, e| app.storage_failed("your files", e),
        );
    }

    /// Swaps the blobs of large files just stored for those storage gives back, which the
    /// browser reads from disk: the bytes then leave memory, where the browser's process held
    /// them (as much as the page's own had held as arrays). Only where the name still holds
    /// a blob of the same size, loaded or held back; should the read fail, nothing changes.
    async fn keep_stored_blobs(&self, db: &Db, large: Vec<(String, usize)>) {
        let names: Vec<String> = large.iter().map(|(name, _)| name.clone()).collect();
        let Ok(stored) = db.stored_bytes(&names).await else { return };
        for ((name, size), on_disk) in large.into_iter().zip(stored) {
            let same = |k: &Kept| matches!(k, Kept::Blob(_)) && k.size() == size;
            let Some(on_disk) = on_disk.filter(same) else { continue };
            let swap = |kept: &mut Kept| {
                if same(kept) {
                    *kept = on_disk.clone();
                }
            };
            self.file_bytes.update_value(|kept| {
                if let Some(k) = kept.get_mut(&name) {
                    swap(k);
                }
            });
            self.held_back.update_untracked(|held| held.iter_mut().filter(|h| h.name == name).for_each(|h| swap(&mut h.bytes)));
        }
    }

    /// [`App::keep_stored_blobs`] for an opened session's large files, once they are stored
    /// and the load is over. Swapped as each batch was stored, most would have been still
    /// waiting or out at a parser, their blobs in memory until a reload.
    async fn swap_stored_large(&self) {
        if self.busy.get_value() {
            return; // the load's end does it
        }
        let large = self.stored_large.try_update_value(std::mem::take).unwrap_or_default();
        if let (false, Some(db)) = (large.is_empty(), self.db()) {
            self.keep_stored_blobs(&db, large).await;
        }
    }

    /// Whether a stored file held back goes by this name.
    fn is_held_back(&self, name: &str) -> bool {
        self.held_back.with_untracked(|held| held.iter().any(|h| h.name == name))
    }

    /// Lists a stored file refused for want of room (again under its name, should it be so).
    fn hold_back(&self, file: HeldBack) {
        self.held_back.update(|held| {
            held.retain(|h| h.name != file.name);
            held.push(file);
        });
    }

    /// Sends a file held back to the parser again (once other files are removed, it may fit).
    pub fn load_held_back(&self, name: &str) {
        let file = self.held_back.try_update(|held| held.iter().position(|h| h.name == name).map(|i| held.remove(i)));
        if let Some(HeldBack { name, bytes, .. }) = file.flatten() {
            self.enqueue(vec![Incoming::Stored { name, bytes }]);
        }
    }

    /// Removes a file held back from the browser's storage.
    pub fn remove_held_back(&self, name: String) {
        self.held_back.update(|held| held.retain(|h| h.name != name));
        self.delete_stored(name);
    }

    /// Brings the index up to date after a removal or a correction, in steps of about 30 ms
    /// with the browser's turn in between: rebuilding it whole at 127,000 entries held the
    /// page for 0.5-1 s. The first step runs now, so the views never see an empty index
    /// after a removal.
    /// With `settle`, the index's memory is tidied once it is complete (the end of a load).
    fn catch_up_index(&self, settle: bool) {
        if settle {
            self.settle_index.set_value(true);
        }
        if self.indexing.get_value() {
            return; // the running catch-up sees the new state
        }
        let app = *self;
        let step = move || {
            let done = app.index_step();
            if done && app.settle_index.get_value() {
                app.settle_index.set_value(false);
                app.ws.update_untracked(|w| w.settle());
            }
            done
        };
        if step() {
            app.ws.notify();
            return;
        }
        self.indexing.set_value(true);
        spawn_local(async move {
            loop {
                dom::yield_now().await;
                if step() {
                    break;
                }
            }
            app.indexing.set_value(false);
        });
    }

    /// One step of bringing the index up to date, of about 30 ms of wasm (the entries per
    /// step adapt to it); the views are told when the index they read changed. True when the
    /// index is up to date.
    fn index_step(&self) -> bool {
        const STEP_MS: f64 = 30.0;
        let size = self.index_step_size.get_value();
        let t = dom::now_ms();
        let Some(step) = self.ws.try_update_untracked(|w| w.refresh_step(size)) else { return true };
        let took = dom::now_ms() - t;
        if step.changed {
            self.ws.notify();
        }
        // Sized from the cost per entry of steps that read enough to time; a step that only
        // read the few entries loaded since the last one says little about a whole rebuild.
        if step.indexed >= 1_000 && took >= 1.0 {
            let per_entry = took / step.indexed as f64;
            self.index_step_size.set_value((STEP_MS / per_entry).clamp(1_000.0, 100_000.0) as usize);
        }
        step.done
    }

    pub fn remove_file(&self, name: String) {
        // Written first, so the removal below lands after it in storage too.
        self.persist_unsaved();
        self.ws.update_untracked(|w| w.remove_file(&name));
        self.file_bytes.update_value(|b| {
            b.remove(&name);
        });
        self.catch_up_index(false);
        self.delete_stored(name);
    }

    /// Deletes a file's record from storage; an opened session still being stored will not
    /// write it either.
    fn delete_stored(&self, name: String) {
        self.removed.update_value(|r| {
            r.insert(name.clone());
        });
        let stored = name.clone();
        self.write_behind(
            |db| async move { db.delete_file(&stored).await },
            move |app, e| app.notify_error(format!("Could not remove {name} from this browser's storage: {e}")),
        );
    }

    // ----- corrections -----

    pub fn set_correction(&self, c: Correction) {
        // The card shows the coding at once; the facets follow when the index has caught up.
        self.ws.update(|w| w.set_correction(c.clone()));
        self.catch_up_index(false);
        self.write_behind(
            |db| async move { db.put_correction(&c).await },
            |app, e| app.storage_failed("your correction", e),
        );
    }

    pub fn clear_correction(&self, entry_id: String) {
        self.ws.update(|w| w.clear_correction(&entry_id));
        self.catch_up_index(false);
        self.write_behind(
            |db| async move { db.delete_correction(&entry_id).await },
            |app, e| app.storage_failed("the removal of your correction", e),
        );
    }

    // ----- codebook -----

    /// Switches codebook: every file is then prepared again by the parser, ahead of any still
    /// waiting (files already out come back analysed with the old one and go out again).
    pub fn set_codebook(&self, json: Option<String>) {
        // The files go back as already stored: those not yet written are written first.
        self.persist_unsaved();
        let res = self.ws.update_untracked(|w| w.set_codebook(json.as_deref()));
        match res {
            Err(e) => self.notify_error(format!("Codebook not loaded: {e}")),
            Ok(files) => {
                self.ws.notify();
                self.codebook_to_parsers();
                if !files.is_empty() {
                    self.reanalysing.set(true);
                }
                // Each goes again with the bytes it was loaded with (all the workspace had).
                let mut items = Vec::with_capacity(files.len());
                for f in files {
                    match self.file_bytes.try_update_value(|b| b.remove(&f.name)).flatten() {
                        Some(bytes) => items.push(Incoming::Stored { name: f.name, bytes }),
                        None => self.notify_error(format!("{}: could not be analysed again: its bytes are missing.", f.name)),
                    }
                }
                self.enqueue_at(items, true);
                self.notify_info(if json.is_some() {
                    "Codebook loaded; the entries are being analysed again."
                } else {
                    "Back to the built-in codebook; the entries are being analysed again."
                });
                self.write_behind(
                    |db| async move { db.set_codebook(json.as_deref()).await },
                    |app, e| app.storage_failed("the codebook", e),
                );
            }
        }
    }

    // ----- whole sessions -----

    /// Drops what is still on its way in: the queue, files not yet stored, and (by the new
    /// epoch) whatever is out at a parser.
    fn drop_loading(&self) {
        self.progress.set(None);
        self.queue.update_value(|q| q.clear());
        self.unsaved.update_value(Vec::clear);
        self.epoch.update_value(|e| *e += 1);
        // what was stored is replaced too
        self.held_back.set(Vec::new());
        self.removed.update_value(HashSet::clear);
        self.stored_large.update_value(Vec::clear);
    }

    /// Forgets files, corrections, codebook and filters, here and in storage.
    pub fn forget_everything(&self) {
        self.drop_loading();
        // Session files still being read (or waiting to be confirmed) are forgotten too.
        self.session_shown.set_value(self.sessions_chosen.get_value());
        self.session_to_confirm.set(None);
        self.ws.update(|w| w.clear());
        self.file_bytes.update_value(HashMap::clear);
        self.codebook_to_parsers();
        self.notices.set(Vec::new());
        self.editing.set(None);
        self.set_query(&Query::default(), true);
        self.next_seq.set_value(0);
        if let Some(db) = self.db() {
            let app = *self;
            spawn_local(async move {
                match db.replace(&Session::new()).await {
                    Ok(()) => app.notify_info(
                        "Everything was forgotten: nothing of your files or corrections is left in this browser.",
                    ),
                    Err(e) => app.notify_error(format!("Could not clear this browser's storage: {e}")),
                }
            });
        }
    }

    /// Replaces the workspace with a saved session file. A worker reads it (reading a 100 MB
    /// session here held the page 1.2 s) while the page goes on; a file that is not a session
    /// is refused with a message and changes nothing. Files or corrections loaded now are
    /// replaced only once the person says so ([`App::confirm_session`]). Of two sessions
    /// chosen in quick succession the later one wins, whichever a worker finishes first.
    pub fn open_session(&self, file: web_sys::File) {
        let app = *self;
        let name = file.name();
        self.sessions_chosen.update_value(|n| *n += 1);
        let ticket = self.sessions_chosen.get_value();
        spawn_local(async move {
            // A wrong file (a video, a spreadsheet) is refused from its first bytes, not sent
            // whole to a parser; being refused, it does not cancel a session already opening.
            let start = match file.slice_with_i32_and_i32(0, 64) {
                Ok(start) => dom::read_file(&start).await,
                Err(e) => Err(super::dom::js_error(e)),
            };
            let refused = match start {
                Ok(start) if crate::session::may_be_session(&start) => None,
                Ok(_) => Some(crate::session::SessionError::NotASession.to_string()),
                Err(e) => Some(format!("could not be read ({e})")),
            };
            if let Some(reason) = refused {
                return app.notify_error(format!("{name}: {reason}"));
            }
            app.read_session(ticket, file, name).await;
        });
    }

    /// Has a parser read the session file. Then, unless a later choice (or "forget
    /// everything") came first, it becomes the workspace, or, with files or corrections
    /// loaded, the page asks first: asked after the reading, a file that is not a session is
    /// refused without a question, and the question can say what the session holds.
    async fn read_session(self, ticket: u64, file: web_sys::File, name: String) {
        self.sessions_reading.update_value(|n| *n += 1);
        self.opening_session.set(Some(name.clone()));
        /// Parsers to try (a worker that stops, then another or the page's own).
        const TRIES: u32 = 3;
        let mut opened = Err(String::new());
        for _ in 0..TRIES {
            match self.parser().await {
                Ok(parser) => match parser.open_session(&file).await {
                    Ok(answer) => {
                        opened = answer;
                        break;
                    }
                    Err(failed) => {
                        web_sys::console::warn_1(&format!("{name}: sent to another parser ({failed})").into());
                        opened = Err(format!("could not be read ({failed})"));
                    }
                },
                Err(reason) => {
                    opened = Err(format!("this browser cannot run the parser ({reason})"));
                    break;
                }
            }
        }
        // The session is taken in a task of its own, apart from the last slice of its list.
        // What an earlier visit stored is read back first, or it would be added on top of
        // the session, and the session would not be stored.
        dom::yield_now().await;
        while self.storage_pending() {
            dom::yield_now().await;
        }
        self.sessions_reading.update_value(|n| *n -= 1);
        if self.sessions_reading.get_value() == 0 {
            self.opening_session.set(None);
        }
        let session = match opened {
            Ok(s) => s,
            Err(e) => return self.notify_error(format!("{name}: {e}")),
        };
        if self.session_shown.get_value() >= ticket {
            return; // chosen before the session that is open, or before "forget everything"
        }
        if self.ws.with_untracked(|w| !w.files().is_empty() || !w.corrections().is_empty()) {
            self.session_to_confirm.set(Some(SessionToConfirm { ticket, session, name }));
        } else {
            self.adopt_session(ticket, session);
        }
    }

    /// Answers the question [`App::read_session`] asked: open the session file (replacing
    /// what is loaded), or not.
    pub fn confirm_session(&self, open: bool) {
        let Some(asked) = self.session_to_confirm.try_update(Option::take).flatten() else { return };
        if open && self.session_shown.get_value() < asked.ticket {
            self.adopt_session(asked.ticket, asked.session);
        }
    }

    /// Makes an opened session the workspace, in place of everything loaded.
    fn adopt_session(&self, ticket: u64, session: OpenedSession) {
        self.session_shown.set_value(ticket);
        self.session_to_confirm.set(None);
        self.drop_loading();
        self.ws.update_untracked(|w| w.clear());
        self.file_bytes.update_value(HashMap::clear);
        self.next_seq.set_value(session.files.len() as u64);
        self.adopt_coding(session.codebook.as_deref(), session.corrections.clone());
        self.store_opened(&session);
        self.enqueue(session.files.into_iter().map(|(name, bytes)| Incoming::Stored { name, bytes }).collect());
    }

    /// Makes an opened session what the browser keeps: its codebook and corrections replace
    /// what storage held at once, then its files follow a batch at a time, each transaction
    /// committed before the next is made, so no one task makes the writes of thousands of
    /// files. Stops should the workspace be forgotten or another session opened meanwhile,
    /// and after the first failure (one message).
    fn store_opened(&self, session: &OpenedSession) {
        /// Files per transaction.
        const BATCH: usize = 256;
        let Some(db) = self.db() else { return };
        let epoch = self.epoch.get_value();
        let coding = Session { corrections: session.corrections.clone(), codebook: session.codebook.clone(), ..Session::new() };
        let files: Vec<StoredFile> = session
            .files
            .iter()
            .enumerate()
            .map(|(seq, (name, bytes))| StoredFile { seq: seq as u64, name: name.clone(), bytes: bytes.clone() })
            .collect();
        let large = kept_as_blobs(&files);
        let app = *self;
        spawn_local(async move {
            let mut written = db.replace(&coding).await;
            let mut files = files.into_iter().peekable();
            while written.is_ok() && files.peek().is_some() && app.epoch.get_value() == epoch {
                let removed = |f: &StoredFile| app.removed.with_value(|r| r.contains(&f.name));
                written = db.put_files(files.by_ref().take(BATCH).filter(|f| !removed(f)).collect()).await;
            }
            match written {
                Err(e) => app.storage_failed("the opened session", e),
                Ok(()) if app.epoch.get_value() == epoch => {
                    app.stored_large.update_value(|l| l.extend(large));
                    app.swap_stored_large().await;
                }
                Ok(()) => {}
            }
        });
    }

    /// Offers the session file, written in short slices ([`dom::WRITE_SLICE_MS`]) with the
    /// browser's turn between them: written in one go, a session of 8,328 files held the page
    /// 2.2 s. A file's bytes are copied into the page's memory a piece at a time (from a blob,
    /// read without blocking), so a large file never needs its whole escaped copy there.
    /// Should the loaded files change meanwhile, it stops and says so.
    pub fn save_session(&self) {
        if self.saving.get_untracked().is_some() {
            return;
        }
        self.saving.set(Some(0));
        let app = *self;
        spawn_local(async move {
            /// Bytes of a file written at a time.
            const PIECE: usize = 1 << 20;
            let revision = app.ws.with_untracked(|w| w.revision());
            // The loaded files, then those held back (stored, but not loaded for want of
            // room): the session holds everything this browser keeps. A file held back was
            // never prepared, so whether it is UTF-8 is not known: it goes as base64.
            let mut files: Vec<(String, Option<Fingerprint>, Option<Kept>)> = app.ws.with_untracked(|w| {
                app.file_bytes.with_value(|bytes| {
                    w.files()
                        .iter()
                        .filter(|f| f.keep())
                        .map(|f| (f.name().to_string(), Some(f.fingerprint), bytes.get(f.name()).cloned()))
                        .collect()
                })
            });
            app.held_back.with_untracked(|held| files.extend(held.iter().map(|h| (h.name.clone(), None, Some(h.bytes.clone())))));
            let total: f64 = files.iter().map(|f| f.2.as_ref().map_or(0, Kept::size) as f64).sum::<f64>().max(1.0);
            let mut written = 0.0;
            let mut parts = dom::BlobParts::default();
            let mut piece = String::new();
            let mut writer = SessionJsonWriter::start(&mut piece);
            let failed = |reason: String| {
                app.saving.set(None);
                app.notify_error(format!("The session was not saved: {reason}"));
            };
            for (name, fingerprint, bytes) in files {
                let Some(bytes) = bytes else {
                    return failed(format!("the bytes of {name} are missing. Load it again, then save."));
                };
                let len = bytes.size();
                if fingerprint.is_some_and(|p| len as u64 != p.len) {
                    return failed(format!("the bytes of {name} changed since it was loaded. Load it again, then save."));
                }
                let utf8 = fingerprint.is_some_and(|p| p.utf8);
                writer.file_start(&mut piece, &name, utf8);
                let mut at: usize = 0;
                loop {
                    let end = at.saturating_add(PIECE).min(len);
                    let chunk = match bytes.read(at, end).await {
                        Ok(chunk) if chunk.len() == end - at => chunk,
                        Ok(_) => return failed(format!("the bytes of {name} changed since it was loaded. Load it again, then save.")),
                        Err(e) => return failed(format!("{name} could not be read back ({e}).")),
                    };
                    let wrote = SessionJsonWriter::file_piece(&mut piece, &chunk, utf8, end == len);
                    at += wrote;
                    written += wrote as f64;
                    if at >= len {
                        break;
                    }
                    if !app.session_save_goes_on(&mut parts, &mut piece, revision, written / total).await {
                        return;
                    }
                }
                SessionJsonWriter::file_end(&mut piece);
                if !app.session_save_goes_on(&mut parts, &mut piece, revision, written / total).await {
                    return;
                }
            }
            app.ws.with_untracked(|w| writer.finish(w, &mut piece));
            parts.push(&piece);
            app.saving.set(None);
            if let Err(e) = parts.download("liveblog-session.json", "application/json") {
                app.notify_error(format!("Could not save the session: {e}"));
            }
        });
    }

    /// Gives the browser its turn once the slice is due, showing the share written: false
    /// (after telling the person) when the loaded files changed meanwhile.
    async fn session_save_goes_on(&self, parts: &mut dom::BlobParts, piece: &mut String, revision: u64, share: f64) -> bool {
        if !parts.pause_if_due(piece).await {
            return true;
        }
        self.saving.set(Some((share * 100.0) as u32));
        if self.ws.with_untracked(|w| w.revision()) == revision {
            return true;
        }
        self.saving.set(None);
        self.notify_error("The session was not saved: the loaded files changed while it was written. Save again.");
        false
    }
}

/// The files among these kept as blobs (name, size): those [`App::keep_stored_blobs`] swaps
/// once they are stored.
fn kept_as_blobs(files: &[StoredFile]) -> Vec<(String, usize)> {
    files.iter().filter(|f| matches!(f.bytes, Kept::Blob(_))).map(|f| (f.name.clone(), f.bytes.size())).collect()
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}
