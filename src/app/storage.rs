//! Keeps the session in this browser's IndexedDB, so a reload, a second tab or a crash loses
//! nothing. One record per file and one per corrected entry: adding a file or a correction
//! writes only that record, in its own transaction, which the browser applies whole or not
//! at all (a page killed mid-write leaves the previous state). Two tabs writing different
//! corrections both keep theirs. Every failure, quota included, comes back as an error for
//! the page to show.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::dom::js_error;
use super::workers::{Kept, OpenedSession};
use crate::corrections::Correction;
use crate::session::{Session, SessionFile};

const DB_NAME: &str = "liveblog-explorer";
const DB_VERSION: u32 = 1;
const FILES: &str = "files";
const CORRECTIONS: &str = "corrections";
const META: &str = "meta";
const CODEBOOK_KEY: &str = "codebook";

/// A stored file as records were written before the bytes were stored as they are: a JSON
/// string. Still read, so a browser that stored files with an older page keeps them.
#[derive(Serialize, Deserialize)]
struct FileRecord {
    seq: u64,
    file: SessionFile,
}

/// A file to store: its name, its place in the load order, and its bytes as loaded (as the
/// page keeps them: a JS array, or a blob, which the browser writes to disk as it is and
/// gives back as a blob).
pub struct StoredFile {
    pub seq: u64,
    pub name: String,
    pub bytes: Kept,
}

impl StoredFile {
    /// The record as it is stored, `{seq, name, bytes}`: the browser writes the bytes as they
    /// are. A JSON string of the text (as before) cost the page's thread its serialising,
    /// the conversion to a JS string and the copy: 2.1 s of a 100 MB load of 8,328 files.
    fn record(&self) -> Object {
        let record = Object::new();
        let _ = Reflect::set(&record, &JsValue::from_str("seq"), &JsValue::from_f64(self.seq as f64));
        let _ = Reflect::set(&record, &JsValue::from_str("name"), &JsValue::from_str(&self.name));
        let _ = Reflect::set(&record, &JsValue::from_str("bytes"), self.bytes.as_js());
        record
    }

    /// A file of a session (opened from a session file) as a record to store.
    fn of_session(seq: u64, file: &SessionFile) -> Result<StoredFile, String> {
        let bytes = file.bytes().map_err(|e| e.to_string())?;
        Ok(StoredFile { seq, name: file.name.clone(), bytes: Kept::of_array(Uint8Array::from(&*bytes))? })
    }
}

/// A stored record back as a file's name and bytes (a JS array or a blob: they stay out of
/// the page's wasm) with its place in the load order; `Err` names what is wrong with it. Reads
/// both the current records and the JSON strings of older pages.
fn read_record(value: &JsValue) -> Result<(u64, String, Kept), String> {
    if let Some(json) = value.as_string() {
        let record: FileRecord = serde_json::from_str(&json).map_err(|e| format!("a stored file is damaged ({e})"))?;
        let bytes = Uint8Array::from(&*record.file.bytes().map_err(|e| e.to_string())?);
        return Ok((record.seq, record.file.name, Kept::Array(bytes)));
    }
    let field = |k: &str| Reflect::get(value, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let name = field("name").as_string().ok_or("a stored file has no name")?;
    let seq = field("seq").as_f64().ok_or_else(|| format!("{name}: its stored place in the load order is missing"))?;
    let bytes = Kept::of_js(field("bytes")).ok_or_else(|| format!("{name}: its stored content is missing"))?;
    Ok((seq as u64, name, bytes))
}

/// A stored correction: the JSON string [`Db::put_correction`] writes.
fn read_correction(value: &JsValue) -> Result<Correction, String> {
    let json = value.as_string().ok_or("it is not the text this page stores")?;
    serde_json::from_str(&json).map_err(|e| format!("it is damaged ({e})"))
}

/// The message for a correction that could not be read back: the user's own coding is lost,
/// so say which entry and that it shows its analysed values again.
fn correction_lost(entry_id: &JsValue, reason: &str) -> String {
    let entry = entry_id.as_string().map_or_else(|| "an entry".to_string(), |id| format!("entry {id}"));
    format!(
        "Your coding of {entry}, stored in this browser, could not be read back: {reason}. \
         The entry shows its analysed stance and actors."
    )
}

#[derive(Clone)]
pub struct Db {
    db: IdbDatabase,
}

/// Wraps a JS callback taking no useful argument as a JS function that may be called again.
fn callback(f: impl FnMut(web_sys::Event) + 'static) -> Function {
    Closure::wrap(Box::new(f) as Box<dyn FnMut(web_sys::Event)>).into_js_value().unchecked_into()
}

/// Resolves with the request's result, or fails with its error. The handlers are attached
/// before this returns (not when the future is first polled), so several requests can be
/// started together and awaited one after another without missing an event.
fn request(req: IdbRequest) -> impl std::future::Future<Output = Result<JsValue, String>> {
    let promise = Promise::new(&mut |resolve, reject| {
        let r = req.clone();
        req.set_onsuccess(Some(&callback(move |_| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        })));
        let r = req.clone();
        req.set_onerror(Some(&callback(move |_| {
            let err: JsValue = r.error().ok().flatten().map(Into::into).unwrap_or_else(|| "request failed".into());
            let _ = reject.call1(&JsValue::NULL, &err);
        })));
    });
    let fut = JsFuture::from(promise);
    async move { fut.await.map_err(js_error) }
}

/// Resolves once the transaction is committed; fails when it aborts (quota, disk, ...).
async fn committed(tx: IdbTransaction) -> Result<(), String> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&callback(move |_| {
            let _ = resolve.call0(&JsValue::NULL);
        })));
        let t = tx.clone();
        let rej = reject.clone();
        tx.set_onabort(Some(&callback(move |_| {
            let err: JsValue =
                t.error().map(Into::into).unwrap_or_else(|| "the browser refused to save (transaction aborted)".into());
            let _ = rej.call1(&JsValue::NULL, &err);
        })));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(|e| {
        let msg = js_error(e);
        if msg.contains("Quota") {
            "the storage this browser allows the page is full (QuotaExceededError)".to_string()
        } else {
            msg
        }
    })
}

impl Db {
    pub async fn open() -> Result<Db, String> {
        let factory = super::dom::window()
            .indexed_db()
            .map_err(js_error)?
            .ok_or("this browser offers no IndexedDB storage (private mode?)")?;
        let open = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(js_error)?;
        let o = open.clone();
        open.set_onupgradeneeded(Some(&callback(move |_| {
            let Ok(result) = o.result() else { return };
            let db: IdbDatabase = result.unchecked_into();
            let names = db.object_store_names();
            for store in [FILES, CORRECTIONS, META] {
                if !names.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        })));
        let db: IdbDatabase = request(open.unchecked_into()).await?.unchecked_into();
        // Ask the browser not to evict the data under storage pressure; refusal is fine.
        if let Ok(p) = super::dom::window().navigator().storage().persist() {
            let _ = JsFuture::from(p).await;
        }
        Ok(Db { db })
    }

    fn tx(&self, stores: &[&str], write: bool) -> Result<IdbTransaction, String> {
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let mode = if write { IdbTransactionMode::Readwrite } else { IdbTransactionMode::Readonly };
        self.db.transaction_with_str_sequence_and_mode(&names, mode).map_err(js_error)
    }

    /// The stored session, files in load order, the next free sequence number, and what
    /// could not be read back (a message for each, naming the record and the reason).
    pub async fn load(&self) -> Result<(OpenedSession, u64, Vec<String>), String> {
        let tx = self.tx(&[FILES, CORRECTIONS, META], false)?;
        let files = request(tx.object_store(FILES).map_err(js_error)?.get_all().map_err(js_error)?);
        let corrections_store = tx.object_store(CORRECTIONS).map_err(js_error)?;
        let corrections = request(corrections_store.get_all().map_err(js_error)?);
        // The keys (entry ids) name a correction that cannot be read back; same order as the values.
        let correction_ids = request(corrections_store.get_all_keys().map_err(js_error)?);
        let codebook =
            request(tx.object_store(META).map_err(js_error)?.get(&JsValue::from_str(CODEBOOK_KEY)).map_err(js_error)?);
        let (files, corrections, correction_ids, codebook) =
            (files.await?, corrections.await?, correction_ids.await?, codebook.await?);
        let mut damaged = Vec::new();
        let mut records: Vec<(u64, String, Kept)> = Array::from(&files)
            .iter()
            .filter_map(|v| {
                read_record(&v)
                    .map_err(|e| damaged.push(format!("A file stored in this browser could not be read back: {e}.")))
                    .ok()
            })
            .collect();
        records.sort_by_key(|r| r.0);
        let next = records.last().map_or(0, |r| r.0 + 1);
        let ids = Array::from(&correction_ids);
        let corrections: Vec<Correction> = Array::from(&corrections)
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                read_correction(&v).map_err(|e| damaged.push(correction_lost(&ids.get(i as u32), &e))).ok()
            })
            .collect();
        let session = OpenedSession {
            files: records.into_iter().map(|(_, name, bytes)| (name, bytes)).collect(),
            corrections,
            codebook: codebook.as_string(),
        };
        Ok((session, next, damaged))
    }

    /// Stores a batch of files in one transaction, all or none. The writes are queued before
    /// this returns (the future only waits for the commit), so a later transaction (say,
    /// forgetting everything) is applied after them: the browser runs overlapping write
    /// transactions in the order they were made. One transaction per batch rather than per
    /// file: thousands of small commits were seconds of a large load.
    pub fn put_files(&self, files: Vec<StoredFile>) -> impl std::future::Future<Output = Result<(), String>> {
        let queued = (|| {
            let tx = self.tx(&[FILES], true)?;
            let store = tx.object_store(FILES).map_err(js_error)?;
            for file in files {
                store.put_with_key(&file.record(), &JsValue::from_str(&file.name)).map_err(js_error)?;
            }
            Ok::<_, String>(tx)
        })();
        async move { committed(queued?).await }
    }

    /// The bytes stored under each of these names as the browser gives them back (a blob it
    /// reads from disk), `None` for a name without a readable record.
    pub async fn stored_bytes(&self, names: &[String]) -> Result<Vec<Option<Kept>>, String> {
        let tx = self.tx(&[FILES], false)?;
        let store = tx.object_store(FILES).map_err(js_error)?;
        // every request made before the first wait: a transaction with none pending ends
        let gets = names
            .iter()
            .map(|name| store.get(&JsValue::from_str(name)).map(request).map_err(js_error))
            .collect::<Result<Vec<_>, _>>()?;
        let mut stored = Vec::with_capacity(gets.len());
        for get in gets {
            stored.push(read_record(&get.await?).ok().map(|(_, _, bytes)| bytes));
        }
        Ok(stored)
    }

    pub async fn delete_file(&self, name: &str) -> Result<(), String> {
        let tx = self.tx(&[FILES], true)?;
        tx.object_store(FILES).map_err(js_error)?.delete(&JsValue::from_str(name)).map_err(js_error)?;
        committed(tx).await
    }

    pub async fn put_correction(&self, c: &Correction) -> Result<(), String> {
        let tx = self.tx(&[CORRECTIONS], true)?;
        let json = serde_json::to_string(c).map_err(|e| e.to_string())?;
        tx.object_store(CORRECTIONS)
            .map_err(js_error)?
            .put_with_key(&JsValue::from_str(&json), &JsValue::from_str(&c.entry_id))
            .map_err(js_error)?;
        committed(tx).await
    }

    pub async fn delete_correction(&self, entry_id: &str) -> Result<(), String> {
        let tx = self.tx(&[CORRECTIONS], true)?;
        tx.object_store(CORRECTIONS).map_err(js_error)?.delete(&JsValue::from_str(entry_id)).map_err(js_error)?;
        committed(tx).await
    }

    pub async fn set_codebook(&self, json: Option<&str>) -> Result<(), String> {
        let tx = self.tx(&[META], true)?;
        let store = tx.object_store(META).map_err(js_error)?;
        let key = JsValue::from_str(CODEBOOK_KEY);
        match json {
            Some(j) => store.put_with_key(&JsValue::from_str(j), &key).map(|_| ()),
            None => store.delete(&key).map(|_| ()),
        }
        .map_err(js_error)?;
        committed(tx).await
    }

    /// Replaces everything stored with `session` in one transaction (forget everything, or
    /// open a session file): a failure leaves the old state whole.
    pub async fn replace(&self, session: &Session) -> Result<(), String> {
        let tx = self.tx(&[FILES, CORRECTIONS, META], true)?;
        let files = tx.object_store(FILES).map_err(js_error)?;
        let corrections = tx.object_store(CORRECTIONS).map_err(js_error)?;
        let meta = tx.object_store(META).map_err(js_error)?;
        files.clear().map_err(js_error)?;
        corrections.clear().map_err(js_error)?;
        meta.clear().map_err(js_error)?;
        for (seq, f) in session.files.iter().enumerate() {
            let file = StoredFile::of_session(seq as u64, f)?;
            files.put_with_key(&file.record(), &JsValue::from_str(&file.name)).map_err(js_error)?;
        }
        for c in &session.corrections {
            let json = serde_json::to_string(c).map_err(|e| e.to_string())?;
            corrections.put_with_key(&JsValue::from_str(&json), &JsValue::from_str(&c.entry_id)).map_err(js_error)?;
        }
        if let Some(cb) = &session.codebook {
            meta.put_with_key(&JsValue::from_str(cb), &JsValue::from_str(CODEBOOK_KEY)).map_err(js_error)?;
        }
        committed(tx).await
    }
}
