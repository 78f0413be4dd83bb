//! Inside a parsing worker: one message in, one message out.
//!
//! In: `{codebook: string | null}` to analyse with that codebook JSON from now on (null: the
//! built-in one), or `{id, asked, name, buffer | file | text | bytes}` to prepare one file. Out:
//! `{id, json}` with a [`crate::session::PreparedFile`] as UTF-8 JSON bytes (the buffer is transferred, not
//! copied) whose `content` is left empty (the page kept the bytes it sent), or `{id, error}`. The page merges the result (see `workers.rs`).

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::analyze::{Analyzer, Codebook};
use crate::session::{codebook_tag, prepare_file, SessionFile};

thread_local! {
    /// The compiled codebook and its tag; compiled on the first file, again on a change.
    static ANALYZER: RefCell<Option<(u64, Analyzer)>> = const { RefCell::new(None) };
    static CUSTOM: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn get(message: &JsValue, key: &str) -> JsValue {
    Reflect::get(message, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

pub fn handle(message: JsValue) {
    if Reflect::has(&message, &JsValue::from_str("codebook")).unwrap_or(false) {
        CUSTOM.with(|c| *c.borrow_mut() = get(&message, "codebook").as_string());
        ANALYZER.with(|a| *a.borrow_mut() = None);
        return;
    }
    let id = get(&message, "id");
    let reply = Object::new();
    let _ = Reflect::set(&reply, &JsValue::from_str("id"), &id);
    match prepare(&message) {
        Ok(json) => {
            let bytes = Uint8Array::from(json.as_slice());
            let _ = Reflect::set(&reply, &JsValue::from_str("json"), &bytes);
            let transfer = js_sys::Array::of1(&bytes.buffer());
            if scope().post_message_with_transfer(&reply, &transfer).is_err() {
                let _ = Reflect::set(&reply, &JsValue::from_str("json"), &JsValue::UNDEFINED);
                let _ = Reflect::set(&reply, &JsValue::from_str("error"), &JsValue::from_str("could not hand the result over"));
                let _ = scope().post_message(&reply);
            }
        }
        Err(e) => {
            let _ = Reflect::set(&reply, &JsValue::from_str("error"), &JsValue::from_str(&e));
            let _ = scope().post_message(&reply);
        }
    }
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
    ANALYZER.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            let custom = CUSTOM.with(|c| c.borrow().clone());
            // The page checked the codebook before sending it; should it not load here, the
            // built-in one's tag tells the page to analyse these entries again itself.
            let (tag, codebook) = match custom.as_deref().map(|json| (json, Codebook::from_json(json))) {
                Some((json, Ok(cb))) => (codebook_tag(Some(json)), cb),
                Some((_, Err(_))) | None => (0, Codebook::builtin()),
            };
            *slot = Some((tag, Analyzer::new(&codebook)));
        }
        let (tag, analyzer) = slot.as_ref().ok_or("no analyser")?;
        let mut prepared = prepare_file(&asked, &name, bytes, analyzer, *tag);
        // The page kept the bytes it sent: the content need not travel back.
        prepared.content = SessionFile { name: prepared.content.name.clone(), text: None, base64: None };
        serde_json::to_vec(&prepared).map_err(|e| e.to_string())
    })
}
