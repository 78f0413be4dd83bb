//! Inside a parsing worker: one message in, one reply out.
//!
//! In: `{codebook: string | null}` to analyse with that codebook JSON from now on (null: the
//! built-in one; no reply), or `{id, asked, name, buffer | file | text | bytes}` to prepare one
//! file (with `warm: true`: a warm-up, prepared and dropped, no reply). Out: `{id, json}` with
//! a [`crate::session::PreparedFile`] as UTF-8 JSON bytes whose `content` is left empty (the
//! page kept the bytes it sent), or `{id, error}`. `worker.js` posts the reply (handing
//! `json`'s buffer over, not copying it); when workers cannot run, the page loads this same
//! code and calls [`handle`] itself (see `workers.rs`).

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::session::{Preparer, SessionFile};

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
    if Reflect::has(&message, &JsValue::from_str("codebook")).unwrap_or(false) {
        CUSTOM.with(|c| *c.borrow_mut() = get(&message, "codebook").as_string());
        PREPARER.with(|a| *a.borrow_mut() = None);
        return JsValue::UNDEFINED;
    }
    if Reflect::has(&message, &JsValue::from_str("warm")).unwrap_or(false) {
        // A warm-up file, prepared and dropped: the parser's code is compiled and run once
        // before the person's first file arrives.
        let _ = prepare(&message);
        return JsValue::UNDEFINED;
    }
    let reply = Object::new();
    let _ = Reflect::set(&reply, &JsValue::from_str("id"), &get(&message, "id"));
    match prepare(&message) {
        Ok(json) => {
            let _ = Reflect::set(&reply, &JsValue::from_str("json"), &Uint8Array::from(json.as_slice()));
        }
        Err(e) => {
            let _ = Reflect::set(&reply, &JsValue::from_str("error"), &JsValue::from_str(&e));
        }
    }
    reply.into()
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
    let reader = web_sys::FileReaderSync::new().map_err(|e| format!("{e:?}"))?;
    let buffer = reader.read_as_array_buffer(file).map_err(|e| format!("could not be read ({e:?})"))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn prepare(message: &JsValue) -> Result<Vec<u8>, String> {
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
        let mut prepared = preparer.prepare(&asked, &name, bytes);
        // The page kept the bytes it sent: the content need not travel back.
        prepared.content = SessionFile { name: prepared.content.name.clone(), text: None, base64: None };
        serde_json::to_vec(&prepared).map_err(|e| e.to_string())
    })
}
