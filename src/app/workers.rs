//! The page's side of the parsing workers: files go out to a few workers (one per core, at
//! most four), prepared files come back as JSON bytes, and the page's thread only merges
//! them. So a 100 MB load never freezes the page, and on a multi-core machine the files are
//! parsed in parallel.
//!
//! The page's own wasm holds no parser or analyser (they are most of a worker's size). If the
//! workers cannot start (a browser without them, a blocked script) or one fails, the jobs it
//! had are answered with an error and the page loads the workers' code onto its own thread
//! ([`Pool::load_here`]) and prepares those files there: slower, never lost.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::dom::js_error;
use crate::corrections::Correction;
use crate::session::{NoRoom, PreparedFile, SendWindow};

/// What a job sends: a file from disk, or the bytes the page keeps of a file (a stored file,
/// a session's, a paste, a file to analyse again).
pub enum Payload {
    File(web_sys::File),
    Kept(Kept),
}

/// Files of this many bytes or more are kept as blobs, smaller ones as JS arrays.
pub const BLOB_FROM: usize = 1 << 20;

/// A loaded file's bytes as the page keeps them, outside its wasm memory (they were a third of
/// what a loaded file took there). A file of [`BLOB_FROM`] bytes or more is kept as a blob,
/// whose bytes the browser holds outside the page's process and may write to disk; a smaller
/// one as a JS array in the page's process. A blob for each of 8,328 small files made the
/// page's load of them 44 % longer, opening their session twice as long, and took more memory
/// in the browser's process than it saved in the page's (measured in Chromium 156).
#[derive(Clone)]
pub enum Kept {
    Array(Uint8Array),
    Blob(web_sys::Blob),
}

impl Kept {
    /// The bytes as a JS array, or as a blob when there are [`BLOB_FROM`] or more of them.
    pub fn of_array(array: Uint8Array) -> Result<Kept, String> {
        if (array.length() as usize) < BLOB_FROM {
            return Ok(Kept::Array(array));
        }
        super::dom::blob_of(&array).map(Kept::Blob)
    }

    /// A JS array or a blob, as storage or a worker gives it.
    pub fn of_js(value: JsValue) -> Option<Kept> {
        match value.dyn_into::<Uint8Array>() {
            Ok(array) => Some(Kept::Array(array)),
            Err(value) => value.dyn_into::<web_sys::Blob>().ok().map(Kept::Blob),
        }
    }

    pub fn as_js(&self) -> &JsValue {
        match self {
            Kept::Array(a) => a,
            Kept::Blob(b) => b,
        }
    }

    pub fn size(&self) -> usize {
        match self {
            Kept::Array(a) => a.length() as usize,
            Kept::Blob(b) => b.size() as usize,
        }
    }

    /// Bytes `from..to`, copied into the page's memory (from a blob, read without blocking).
    pub async fn read(&self, from: usize, to: usize) -> Result<Vec<u8>, String> {
        match self {
            Kept::Array(a) => Ok(a.subarray(from as u32, to as u32).to_vec()),
            Kept::Blob(b) => {
                let slice = b.slice_with_f64_and_f64(from as f64, to as f64).map_err(js_error)?;
                super::dom::read_file(&slice).await
            }
        }
    }
}

/// Reading a large file's parts (see `worker::ENTRIES_PER_PART`), or a session's list of
/// files, goes on for this long before the browser gets its turn.
const PART_SLICE_MS: f64 = 12.0;

/// A session file as a worker read it: its files' bytes (in load order), its corrections and
/// its codebook JSON (`None`: the built-in one).
pub struct OpenedSession {
    pub files: Vec<(String, Kept)>,
    pub corrections: Vec<Correction>,
    pub codebook: Option<String>,
}

/// A prepared file (without its bytes: the workspace knows it by its [`PreparedFile::fingerprint`]),
/// and its bytes, which the page keeps: to store, to save in a session file, and to send again
/// under another codebook.
pub struct Prepared {
    pub file: PreparedFile,
    pub bytes: Kept,
}

/// A file on its way to being prepared (boxed: it may be refused before it is sent).
pub type Preparing = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Prepared, NotPrepared>>>>;

/// Why a file did not come back prepared.
#[derive(Debug)]
pub enum NotPrepared {
    /// The parser failed on it, in these words: another parser may not.
    Failed(String),
    /// It would not fit in the page's memory: no parser is tried.
    NoRoom(NoRoom),
}

struct Pending {
    resolve: Function,
    reject: Function,
    worker: usize,
}

type PendingMap = Rc<RefCell<HashMap<u32, Pending>>>;

/// Where a pool's jobs run.
enum Transport {
    Workers(Rc<Workers>),
    /// The workers' `handle` running on the page's thread: message in, reply out.
    Here(Function),
}

/// A worker whose wasm memory has grown to this is replaced once it is idle: a wasm memory
/// never shrinks, and what it once took stays in the renderer's memory. A worker that read
/// a session of 509 MB kept 1.18 GB; one that prepared files of 100 MB, 538 MB. One that
/// prepares only small files stays at 7.6 MB.
const RENEW_FROM: f64 = 128.0 * 1024.0 * 1024.0;

/// A worker's message or error handler.
type Handler = Closure<dyn FnMut(JsValue)>;

/// The pool's workers, and what it takes to start one afresh in a worker's place.
struct Workers {
    list: RefCell<Vec<web_sys::Worker>>,
    url: String,
    /// Per worker, its message and error handlers (kept alive as long as the pool: the
    /// browser calls them), given to a worker started in its place.
    handlers: RefCell<Vec<(Handler, Handler)>>,
    /// The last codebook message, posted to a worker started afresh.
    codebook: RefCell<Option<Object>>,
}

impl Workers {
    /// Starts a worker in place of worker `index`, with its handlers and the codebook in
    /// force, and stops the old one. Should the new one not start, the old one goes on.
    fn renew(&self, index: usize) {
        let Ok(fresh) = web_sys::Worker::new(&self.url) else { return };
        let handlers = self.handlers.borrow();
        let Some((on_message, on_error)) = handlers.get(index) else { return fresh.terminate() };
        fresh.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        fresh.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        if let Some(codebook) = &*self.codebook.borrow() {
            let _ = fresh.post_message(codebook);
        }
        if let Some(slot) = self.list.borrow_mut().get_mut(index) {
            std::mem::replace(slot, fresh).terminate();
        }
    }
}

pub struct Pool {
    transport: Transport,
    /// Per worker: false once it has failed; it gets no more jobs.
    alive: Rc<RefCell<Vec<bool>>>,
    pending: PendingMap,
    next_id: Cell<u32>,
    _handle: Option<Closure<dyn Fn(JsValue) -> JsValue>>,
}

/// The addresses a `<meta name=...>` of the page lists (space-separated, relative to the page):
/// written into the page by the build with the files' hashed names (see scripts/postbuild.mjs).
fn meta_urls(name: &str) -> Option<Vec<String>> {
    let doc = super::dom::window().document()?;
    let meta = doc.query_selector(&format!("meta[name={name}]")).ok()??;
    let content = meta.get_attribute("content")?;
    let base = doc.base_uri().ok()??;
    content.split_whitespace().map(|href| web_sys::Url::new_with_base(href, &base).ok().map(|u| u.href())).collect()
}

#[wasm_bindgen]
extern "C" {
    /// The workers' code as wasm-bindgen's no-modules output declares it: a global `let`
    /// (not a property of `window`), read only once its script has run on the page.
    #[wasm_bindgen(thread_local_v2, js_name = wasm_bindgen)]
    static PARSER_GLUE: JsValue;
}

/// Runs a classic script on the page; resolves when it has run.
async fn run_script(src: &str) -> Result<(), String> {
    let doc = super::dom::window().document().ok_or("no document")?;
    let script: web_sys::HtmlScriptElement = doc.create_element("script").map_err(js_error)?.unchecked_into();
    script.set_src(src);
    let loaded = Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&reject));
    });
    doc.head().ok_or("no head")?.append_child(&script).map_err(js_error)?;
    JsFuture::from(loaded).await.map(|_| ()).map_err(|_| format!("{src} could not be loaded"))
}

fn key(k: &str) -> JsValue {
    JsValue::from_str(k)
}

impl Pool {
    /// Starts the workers, or `None` when this browser or build has none to start.
    pub fn start() -> Option<Pool> {
        let url = meta_urls("liveblog-worker")?.into_iter().next()?;
        // One per core: with one core left to the page, a 100 MB load took 21.4 s on two
        // cores and the page sat idle for 6 s of it, waiting; with two workers 18.0 s, and
        // the page still had no task over 124 ms (the second worker's memory: +95 MiB RSS).
        let cores = super::dom::window().navigator().hardware_concurrency() as usize;
        let count = cores.clamp(1, 4);
        let pending: PendingMap = Rc::new(RefCell::new(HashMap::new()));
        let alive = Rc::new(RefCell::new(vec![true; count]));
        let workers = Rc::new(Workers {
            list: RefCell::new(Vec::with_capacity(count)),
            url: url.clone(),
            handlers: RefCell::new(Vec::with_capacity(count)),
            codebook: RefCell::new(None),
        });
        for index in 0..count {
            let worker = web_sys::Worker::new(&url).ok()?;
            let pending_ok = pending.clone();
            let to_renew = Rc::downgrade(&workers);
            let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let data = Reflect::get(&event, &key("data")).unwrap_or(JsValue::UNDEFINED);
                let Some(id) = Reflect::get(&data, &key("id")).ok().and_then(|v| v.as_f64()) else { return };
                if let Some(p) = pending_ok.borrow_mut().remove(&(id as u32)) {
                    let _ = p.resolve.call1(&JsValue::NULL, &data);
                }
                let grown = Reflect::get(&data, &key("memory")).ok().and_then(|m| m.as_f64()).is_some_and(|m| m >= RENEW_FROM);
                if grown && !pending_ok.borrow().values().any(|p| p.worker == index) {
                    if let Some(workers) = to_renew.upgrade() {
                        workers.renew(index);
                    }
                }
            });
            let pending_err = pending.clone();
            let alive_err = alive.clone();
            let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if let Some(e) = event.dyn_ref::<web_sys::Event>() {
                    e.prevent_default();
                }
                if let Some(a) = alive_err.borrow_mut().get_mut(index) {
                    *a = false;
                }
                let message = Reflect::get(&event, &key("message")).ok().and_then(|m| m.as_string());
                let reason = JsValue::from_str(&message.unwrap_or_else(|| "the parsing worker stopped".into()));
                let failed: Vec<u32> =
                    pending_err.borrow().iter().filter(|(_, p)| p.worker == index).map(|(&id, _)| id).collect();
                for id in failed {
                    if let Some(p) = pending_err.borrow_mut().remove(&id) {
                        let _ = p.reject.call1(&JsValue::NULL, &reason);
                    }
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            workers.handlers.borrow_mut().push((on_message, on_error));
            workers.list.borrow_mut().push(worker);
        }
        Some(Pool {
            transport: Transport::Workers(workers),
            alive,
            pending,
            next_id: Cell::new(0),
            _handle: None,
        })
    }

    /// A pool that runs `handle` (the workers' own [`super::worker::handle`]) on the page's
    /// thread, one file at a time: the fallback when workers cannot run.
    pub fn here(handle: Closure<dyn Fn(JsValue) -> JsValue>) -> Pool {
        let function: Function = handle.as_ref().unchecked_ref::<Function>().clone();
        let mut pool = Pool::with_function(function);
        pool._handle = Some(handle);
        pool
    }

    fn with_function(handle: Function) -> Pool {
        Pool {
            transport: Transport::Here(handle),
            alive: Rc::new(RefCell::new(vec![true])),
            pending: Rc::new(RefCell::new(HashMap::new())),
            next_id: Cell::new(0),
            _handle: None,
        }
    }

    /// Loads the workers' code onto the page's thread (its script and wasm, as the build
    /// named them in `<meta name=liveblog-parser>`), for when workers cannot run.
    pub async fn load_here() -> Result<Pool, String> {
        let urls = meta_urls("liveblog-parser").ok_or("this page names no parser")?;
        let [script, wasm] = urls.as_slice() else { return Err("this page names no parser".into()) };
        run_script(script).await?;
        let glue = PARSER_GLUE.with(JsValue::clone);
        let init = glue.dyn_ref::<Function>().ok_or("the parser's script defines no parser")?;
        let options = Object::new();
        let _ = Reflect::set(&options, &key("module_or_path"), &JsValue::from_str(wasm));
        let started = init.call1(&JsValue::NULL, &options).map_err(js_error)?;
        JsFuture::from(Promise::resolve(&started)).await.map_err(|e| format!("the parser did not start: {}", js_error(e)))?;
        let handle = Reflect::get(&glue, &key("handle")).ok().and_then(|h| h.dyn_into::<Function>().ok());
        Ok(Pool::with_function(handle.ok_or("the parser has no handle")?))
    }

    /// Whether any worker is still taking jobs.
    pub fn usable(&self) -> bool {
        self.alive.borrow().iter().any(|&a| a)
    }

    /// How many jobs to keep in flight: enough that no worker waits for the page, and that
    /// the page seldom waits for a file's reading or its answer (on the page's own thread,
    /// one: each runs as it is sent). Eight a worker, not three: in a 100 MB load of 8,328
    /// files the page sat idle 1.1-1.5 s instead of 2.4-2.8 s (three pairs). Past 32 MiB out
    /// in all, one a worker: large files are held whole while they are out.
    pub fn window(&self) -> SendWindow {
        match &self.transport {
            Transport::Workers(w) => SendWindow { parsers: w.list.borrow().len(), per_parser: 8, max_bytes: 32 << 20 },
            Transport::Here(_) => SendWindow { parsers: 1, per_parser: 1, max_bytes: 0 },
        }
    }

    /// Has every worker prepare these files once and drop them: compiling and first running
    /// the parser (in both workers at once, on two cores) otherwise fell on the person's first
    /// files, as the page drew its first results.
    pub fn warm_up(&self, files: &[(&str, &str)]) {
        let Transport::Workers(workers) = &self.transport else { return };
        let workers = workers.list.borrow();
        for (name, text) in files {
            // one message per file, posted to every worker (each gets its own copy)
            let msg = Object::new();
            let _ = Reflect::set(&msg, &key("warm"), &JsValue::TRUE);
            let _ = Reflect::set(&msg, &key("asked"), &JsValue::from_str(name));
            let _ = Reflect::set(&msg, &key("text"), &JsValue::from_str(text));
            for w in workers.iter() {
                let _ = w.post_message(&msg);
            }
        }
    }

    /// Tells every worker which codebook to analyse with (`None`: the built-in one).
    pub fn set_codebook(&self, json: Option<&str>) {
        let msg = Object::new();
        let value = json.map_or(JsValue::NULL, JsValue::from_str);
        let _ = Reflect::set(&msg, &key("codebook"), &value);
        match &self.transport {
            Transport::Workers(workers) => {
                for w in workers.list.borrow().iter() {
                    let _ = w.post_message(&msg);
                }
                *workers.codebook.borrow_mut() = Some(msg);
            }
            Transport::Here(handle) => {
                let _ = handle.call1(&JsValue::NULL, &msg);
            }
        }
    }

    /// Sends one file to the least busy live worker. The future gives the prepared file, or
    /// why not: the parser failed (another may not), or the file would not fit in the page's
    /// memory ([`super::memory::room_for`]), checked before it is sent, once its size is
    /// known, and again before its answer is read in, when the files before it are in.
    ///
    /// A file from disk is read here and its buffer handed over (transferred, not copied):
    /// posting the `File` itself cost the page's thread four times as much per file
    /// (measured in Chromium 156 with 8,000 files).
    pub fn prepare(self: &Rc<Self>, asked: &str, name: &str, payload: Payload) -> Preparing {
        if let Payload::Kept(kept) = &payload {
            if let Err(no) = super::memory::room_for(kept.size()) {
                return Box::pin(std::future::ready(Err(NotPrepared::NoRoom(no))));
            }
        }
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        let msg = Object::new();
        let _ = Reflect::set(&msg, &key("id"), &JsValue::from(id));
        let _ = Reflect::set(&msg, &key("asked"), &JsValue::from_str(asked));
        let _ = Reflect::set(&msg, &key("name"), &JsValue::from_str(name));
        // Set when a file read from disk turns out not to fit: it is not sent.
        let refused: Rc<Cell<Option<NoRoom>>> = Rc::default();
        // Listening at once, not when first polled: a worker failing before the page gets to
        // this job must not leave a rejected promise unheard (the console would call it an
        // uncaught error).
        // The worker leaves the file's own content out of its answer (it would be most of the
        // JSON): the page keeps the bytes it sent, as they were.
        let answer = match payload {
            Payload::File(f) => {
                let reading = JsFuture::from(f.array_buffer());
                let pool = Rc::clone(self);
                let refused = Rc::clone(&refused);
                JsFuture::from(wasm_bindgen_futures::future_to_promise(async move {
                    let buffer = reading.await?;
                    let view = Uint8Array::new(&buffer);
                    if let Err(no) = super::memory::room_for(view.length() as usize) {
                        refused.set(Some(no));
                        return Err(JsValue::NULL);
                    }
                    // A large file's blob is made by the worker, off the page's thread; a
                    // small one's array here. Either way a copy: a file changed on disk later
                    // still saves as it was loaded.
                    let large = view.length() as usize >= BLOB_FROM;
                    let kept = (!large).then(|| view.slice(0, view.length()));
                    let _ = Reflect::set(&msg, &key("keep"), &JsValue::from_bool(large));
                    let _ = Reflect::set(&msg, &key("buffer"), &buffer);
                    let data = JsFuture::from(pool.post(id, &msg, Some(&buffer))).await?;
                    if let Some(kept) = kept {
                        let _ = Reflect::set(&data, &key("kept"), &kept);
                    }
                    Ok(data)
                }))
            }
            Payload::Kept(Kept::Array(array)) => {
                // posted as a copy: the page keeps the array, to send again should it need to
                let _ = Reflect::set(&msg, &key("bytes"), &array);
                let posted = JsFuture::from(self.post(id, &msg, None));
                JsFuture::from(wasm_bindgen_futures::future_to_promise(async move {
                    let data = posted.await?;
                    let _ = Reflect::set(&data, &key("kept"), &array);
                    Ok(data)
                }))
            }
            Payload::Kept(Kept::Blob(blob)) => {
                // read here (the browser holds its bytes) and the buffer handed over
                let reading = JsFuture::from(blob.array_buffer());
                let pool = Rc::clone(self);
                JsFuture::from(wasm_bindgen_futures::future_to_promise(async move {
                    let buffer = reading.await?;
                    let _ = Reflect::set(&msg, &key("buffer"), &buffer);
                    let data = JsFuture::from(pool.post(id, &msg, Some(&buffer))).await?;
                    let _ = Reflect::set(&data, &key("kept"), &blob);
                    Ok(data)
                }))
            }
        };
        Box::pin(async move {
            let answered = answer.await;
            if let Some(no) = refused.take() {
                return Err(NotPrepared::NoRoom(no));
            }
            let data = answered.map_err(|e| NotPrepared::Failed(js_error(e)))?;
            if let Some(error) = Reflect::get(&data, &key("error")).ok().and_then(|e| e.as_string()) {
                return Err(NotPrepared::Failed(error));
            }
            // The files before this one are in by now (they are merged in order): whether it
            // fits is known for sure, before its answer takes any room.
            let bytes = Reflect::get(&data, &key("kept"))
                .ok()
                .and_then(Kept::of_js)
                .ok_or_else(|| NotPrepared::Failed("the file's bytes were not kept".into()))?;
            super::memory::room_for(bytes.size()).map_err(NotPrepared::NoRoom)?;
            let json = Reflect::get(&data, &key("json")).map_err(|e| NotPrepared::Failed(js_error(e)))?;
            let json = json.dyn_into::<Uint8Array>().map_err(|_| NotPrepared::Failed("the worker sent no result".into()))?.to_vec();
            let unreadable = |e: serde_json::Error| NotPrepared::Failed(format!("the worker's result could not be read: {e}"));
            let mut prepared = PreparedFile::from_json(&json).map_err(unreadable)?;
            drop(json);
            // A large file's entries come in parts, read with the browser's turn between them.
            if let Ok(parts) = Reflect::get(&data, &key("parts")).and_then(|p| p.dyn_into::<js_sys::Array>()) {
                let mut since = super::dom::now_ms();
                for part in parts.iter() {
                    let part = part.dyn_into::<Uint8Array>().map_err(|_| NotPrepared::Failed("the worker sent a part without bytes".into()))?;
                    prepared.add_part(&part.to_vec()).map_err(unreadable)?;
                    if super::dom::now_ms() - since > PART_SLICE_MS {
                        super::dom::yield_now().await;
                        since = super::dom::now_ms();
                    }
                }
            }
            Ok(Prepared { file: prepared, bytes })
        })
    }

    /// Has a worker read a saved session file (see `worker::open_session`): reading a 100 MB
    /// session on the page's thread held it 1.2 s. `Ok(Err)` says why the file cannot be
    /// opened; `Err` that the parser failed (another may succeed).
    pub fn open_session(
        self: &Rc<Self>,
        file: &web_sys::File,
    ) -> impl std::future::Future<Output = Result<Result<OpenedSession, String>, String>> {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        let reading = JsFuture::from(file.array_buffer());
        let pool = Rc::clone(self);
        async move {
            let buffer = match reading.await {
                Ok(b) => b,
                Err(e) => return Ok(Err(format!("could not be read ({})", js_error(e)))),
            };
            let msg = Object::new();
            let _ = Reflect::set(&msg, &key("id"), &JsValue::from(id));
            let _ = Reflect::set(&msg, &key("session"), &buffer);
            let data = JsFuture::from(pool.post(id, &msg, Some(&buffer))).await.map_err(js_error)?;
            if let Some(error) = Reflect::get(&data, &key("error")).ok().and_then(|e| e.as_string()) {
                return Ok(Err(error));
            }
            let field = |k: &str| Reflect::get(&data, &key(k)).unwrap_or(JsValue::UNDEFINED);
            let names = js_sys::Array::from(&field("names"));
            let arrays = js_sys::Array::from(&field("files"));
            let mut files = Vec::with_capacity(names.length() as usize);
            // The list is taken in slices with the browser's turn between them: in one go, a
            // session of 8,328 files held the page 102-123 ms when the machine was busy.
            let mut since = super::dom::now_ms();
            for (name, array) in names.iter().zip(arrays.iter()) {
                let name = name.as_string().ok_or("the worker sent a file without a name")?;
                let array = Kept::of_js(array).ok_or_else(|| format!("{name}: the worker sent no bytes"))?;
                files.push((name, array));
                if files.len() % 64 == 0 && super::dom::now_ms() - since > PART_SLICE_MS {
                    super::dom::yield_now().await;
                    since = super::dom::now_ms();
                }
            }
            let corrections = field("corrections").as_string().unwrap_or_else(|| "[]".into());
            let corrections = serde_json::from_str(&corrections)
                .map_err(|e| format!("the worker's corrections could not be read: {e}"))?;
            Ok(Ok(OpenedSession { files, corrections, codebook: field("codebook").as_string() }))
        }
    }

    /// Posts job `id` to the least busy live worker (or runs it now, on the page's thread);
    /// the promise settles with its answer.
    fn post(&self, id: u32, msg: &JsValue, transfer: Option<&JsValue>) -> Promise {
        let workers = match &self.transport {
            Transport::Workers(workers) => workers.list.borrow(),
            Transport::Here(handle) => {
                return match handle.call1(&JsValue::NULL, msg) {
                    Ok(reply) => Promise::resolve(&reply),
                    Err(e) => Promise::reject(&e),
                };
            }
        };
        let load: Vec<usize> = {
            let pending = self.pending.borrow();
            (0..workers.len()).map(|w| pending.values().filter(|p| p.worker == w).count()).collect()
        };
        let alive = self.alive.borrow().clone();
        let worker = (0..workers.len()).filter(|&w| alive[w]).min_by_key(|&w| load[w]);
        let pending = self.pending.clone();
        Promise::new(&mut |resolve, reject| match worker {
            Some(w) => {
                pending.borrow_mut().insert(id, Pending { resolve, reject: reject.clone(), worker: w });
                let sent = match transfer {
                    Some(t) => workers[w].post_message_with_transfer(msg, &js_sys::Array::of1(t)),
                    None => workers[w].post_message(msg),
                };
                if let Err(e) = sent {
                    pending.borrow_mut().remove(&id);
                    let _ = reject.call1(&JsValue::NULL, &e);
                }
            }
            None => {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("no parsing worker is running"));
            }
        })
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Transport::Workers(workers) = &self.transport {
            for w in workers.list.borrow().iter() {
                w.terminate();
            }
        }
    }
}
