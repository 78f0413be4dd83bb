//! Inside a parsing worker: one message in, one reply out.
//!
//! In: `{codebook: string | null}` to analyse with that codebook JSON from now on (null: the
//! built-in one; no reply), or `{id, asked, name, buffer | file | text | bytes}` to prepare one
//! file (with `warm: true`: a warm-up, prepared and dropped, no reply). Out: `{id, json}` with
//! a [`crate::session::PreparedFile`] as UTF-8 JSON bytes whose `content` is left empty (the
//! page keeps the file's bytes: with `keep: true`, as the blob made here, in `kept`), and for
//! a large file its entries in `parts` (see [`ENTRIES_PER_PART`]), or `{id, error}`.
//! `{id, session}` reads a saved session file (see [`open_session`]). Every reply also gives
//! the worker's wasm memory in bytes, `memory`: it never shrinks, so the page replaces a
//! worker that grew large once it is idle (see `workers.rs`). `worker.js` posts the
//! reply (handing `json`'s buffer, or the buffers listed in `transfer`, over, not copying
//! them); when workers cannot run, the page loads this same code and calls [`handle`] itself
//! (see `workers.rs`).

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::session::{Preparer, Session};

thread_local! {
    /// The compiled codebook; compiled on the first file, again after a change.
    static PREPARER: RefCell<Option<Preparer>> = const { RefCell::new(None) };
    static CUSTOM: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn get(message: &JsValue, key: &str) -> JsValue {
    Reflect::get(message, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Handles one message; gives the reply to post (`undefined` for a codebook change).
pub fn handle(message: JsValue) -> JsValue {
    let reply = reply_to(message);
    if reply.is_object() {
        // (read as a number: at 4 GiB the length no longer fits a u32)
        let buffer = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer();
        let _ = Reflect::set(&reply, &JsValue::from_str("memory"), &get(&buffer, "byteLength"));
    }
    reply
}

fn reply_to(message: JsValue) -> JsValue {
    if Reflect::has(&message, &JsValue::from_str("codebook")).unwrap_or(false) {
        CUSTOM.with(|c| *c.borrow_mut() = get(&message, "codebook").as_string());
        PREPARER.with(|a| *a.borrow_mut() = None);
        return JsValue::UNDEFINED;
    }
    if Reflect::has(&message, &JsValue::from_str("session")).unwrap_or(false) {
        return open_session(&message);
    }
    if Reflect::has(&message, &JsValue::from_str("warm")).unwrap_or(false) {
        // A warm-up file, prepared and dropped: the parser's code is compiled and run once
        // before the person's first file arrives.
        let _ = prepare(&message);
        return JsValue::UNDEFINED;
    }
    let reply = Object::new();
    let _ = Reflect::set(&reply, &JsValue::from_str("id"), &get(&message, "id"));
    if get(&message, "keep").is_truthy() {
        match kept(&message) {
            Ok(blob) => {
                let _ = Reflect::set(&reply, &JsValue::from_str("kept"), &blob);
            }
            Err(e) => {
                let _ = Reflect::set(&reply, &JsValue::from_str("error"), &JsValue::from_str(&e));
                return reply.into();
            }
        }
    }
    match prepare(&message) {
        Ok((json, parts)) => {
            let json = Uint8Array::from(json.as_slice());
            let _ = Reflect::set(&reply, &JsValue::from_str("json"), &json);
            if !parts.is_empty() {
                let (arrays, transfer) = (js_sys::Array::new(), js_sys::Array::of1(&json.buffer()));
                for part in parts {
                    arrays.push(&handed_over(&part, &transfer));
                }
                let _ = Reflect::set(&reply, &JsValue::from_str("parts"), &arrays);
                let _ = Reflect::set(&reply, &JsValue::from_str("transfer"), &transfer);
            }
        }
        Err(e) => {
            let _ = Reflect::set(&reply, &JsValue::from_str("error"), &JsValue::from_str(&e));
        }
    }
    reply.into()
}

/// The bytes the message carries (`buffer` or `bytes`) as a blob for the page to keep (see
/// `workers::Kept`), made here rather than on the page's thread.
fn kept(message: &JsValue) -> Result<web_sys::Blob, String> {
    let bytes = [get(message, "buffer"), get(message, "bytes")].into_iter().find(|b| !b.is_undefined());
    super::dom::blob_of(&bytes.ok_or("the message carries no bytes to keep")?)
}

/// The file's bytes, from whichever of `text`, `bytes`, `buffer` or `file` the message carries.
fn bytes_of(message: &JsValue) -> Result<Vec<u8>, String> {
    if let Some(text) = get(message, "text").as_string() {
        return Ok(text.into_bytes());
    }
    let bytes = get(message, "bytes");
    if let Some(array) = bytes.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    let buffer = get(message, "buffer");
    if let Some(buffer) = buffer.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    let file = get(message, "file");
    let file = file.dyn_ref::<web_sys::Blob>().ok_or("the message carries no file")?;
    let reader = web_sys::FileReaderSync::new().map_err(super::dom::js_error)?;
    let buffer = reader.read_as_array_buffer(file).map_err(|e| format!("could not be read ({})", super::dom::js_error(e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Entries per part of a large file's answer (see [`crate::session::PreparedFile::to_json_parts`]): about
/// 500 KB of JSON, which the page reads in about 10 ms.
const ENTRIES_PER_PART: usize = 1_000;

/// The file prepared, as JSON: the whole, or, for a large file, the file without its entries
/// and then its entries in parts.
fn prepare(message: &JsValue) -> Result<(Vec<u8>, Vec<Vec<u8>>), String> {
    let asked = get(message, "asked").as_string().unwrap_or_default();
    let name = get(message, "name").as_string().unwrap_or_else(|| asked.clone());
    let bytes = bytes_of(message)?;
    PREPARER.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            let custom = CUSTOM.with(|c| c.borrow().clone());
            // The page checked the codebook before sending it; should it not load here, the
            // built-in one's tag tells the page the file was not analysed as it asked.
            let preparer = Preparer::new(custom.as_deref()).or_else(|_| Preparer::new(None)).map_err(|e| e.to_string())?;
            *slot = Some(preparer);
        }
        let preparer = slot.as_ref().ok_or("no analyser")?;
        preparer.prepare(&asked, &name, bytes).answer_json(ENTRIES_PER_PART).map_err(|e| e.to_string())
    })
}

/// `bytes` as a JS array whose buffer is listed in `transfer`, for `worker.js` to hand over
/// rather than copy.
fn handed_over(bytes: &[u8], transfer: &js_sys::Array) -> Uint8Array {
    let array = Uint8Array::from(bytes);
    transfer.push(&array.buffer());
    array
}

/// Reads a saved session file (`session`: its bytes, an `ArrayBuffer`) here rather than on the
/// page's thread, where reading a 100 MB session held the page 1.2 s. Out: `{id, names,
/// files, corrections, codebook, transfer}`: the files' bytes as the page keeps them (see
/// `workers::Kept`): a blob for a large file, a `Uint8Array` for a small one (their buffers
/// listed in `transfer`, so `worker.js` hands them over rather than copying them); the
/// corrections as JSON, the codebook JSON or `undefined`; or `{id, error}` saying why the
/// file is not a session.
fn open_session(message: &JsValue) -> JsValue {
    let reply = Object::new();
    let _ = Reflect::set(&reply, &JsValue::from_str("id"), &get(message, "id"));
    let read = get(message, "session")
        .dyn_into::<js_sys::ArrayBuffer>()
        .map_err(|_| "the message carries no session".to_string())
        .map(|buffer| Uint8Array::new(&buffer).to_vec())
        .and_then(|bytes| {
            let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            Session::from_json(&text).map_err(|e| e.to_string())
        });
    let session = match read {
        Ok(s) => s,
        Err(e) => {
            let _ = Reflect::set(&reply, &JsValue::from_str("error"), &JsValue::from_str(&e));
            return reply.into();
        }
    };
    let corrections = serde_json::to_string(&session.corrections).unwrap_or_else(|_| "[]".into());
    let (names, files, transfer) = (js_sys::Array::new(), js_sys::Array::new(), js_sys::Array::new());
    for file in session.files {
        let bytes = match file.bytes() {
            Ok(b) => b,
            Err(e) => {
                // `from_json` checked every file already; should one still fail, nothing opens.
                let _ = Reflect::set(&reply, &JsValue::from_str("error"), &JsValue::from_str(&e.to_string()));
                return reply.into();
            }
        };
        if bytes.len() < super::workers::BLOB_FROM {
            files.push(&handed_over(&bytes, &transfer));
        } else {
            match super::dom::blob_of(&Uint8Array::from(&*bytes)) {
                Ok(blob) => files.push(&blob),
                Err(e) => {
                    let _ = Reflect::set(&reply, &JsValue::from_str("error"), &JsValue::from_str(&format!("{}: {e}", file.name)));
                    return reply.into();
                }
            };
        }
        names.push(&JsValue::from_str(&file.name));
    }
    let _ = Reflect::set(&reply, &JsValue::from_str("names"), &names);
    let _ = Reflect::set(&reply, &JsValue::from_str("files"), &files);
    let _ = Reflect::set(&reply, &JsValue::from_str("transfer"), &transfer);
    let _ = Reflect::set(&reply, &JsValue::from_str("corrections"), &JsValue::from_str(&corrections));
    if let Some(codebook) = &session.codebook {
        let _ = Reflect::set(&reply, &JsValue::from_str("codebook"), &JsValue::from_str(codebook));
    }
    reply.into()
}
