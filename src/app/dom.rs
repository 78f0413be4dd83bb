//! The few browser calls the page makes outside Leptos: history, downloads, reading files,
//! yielding to the event loop, and the panic banner.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub fn window() -> web_sys::Window {
    leptos::prelude::window()
}

/// The query string without its `?`.
pub fn location_search() -> String {
    window().location().search().unwrap_or_default().trim_start_matches('?').to_string()
}

/// Puts the filter state in the address bar. `push` adds a history step (a click); otherwise
/// the current step is replaced (typing in the search box).
pub fn set_search(qs: &str, push: bool) {
    let w = window();
    let loc = w.location();
    let path = loc.pathname().unwrap_or_default();
    let url = if qs.is_empty() { path } else { format!("{path}?{qs}") };
    if let Ok(h) = w.history() {
        let _ = if push {
            h.push_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            h.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        };
    }
}

/// Lets the browser paint and handle input before the next piece of work.
///
/// A message to itself rather than `setTimeout(0)`: browsers stretch nested zero timeouts to
/// 4 ms, which over thousands of files was seconds of doing nothing.
pub async fn yield_now() {
    let promise = Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            channel.port1().set_onmessage(Some(&resolve));
            if channel.port2().post_message(&JsValue::NULL).is_err() {
                let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        }
        Err(_) => {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves after the browser has drawn a frame (at the next animation frame's turn, or at
/// once where there are no frames, a hidden tab: then a timeout's turn).
pub async fn next_frame() {
    let promise = Promise::new(&mut |resolve, _| {
        if window().request_animation_frame(&resolve).is_err() {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves in a task of its own once the next frame is drawn: for work that must not delay
/// that frame.
pub async fn after_next_frame() {
    next_frame().await;
    yield_now().await;
}

/// Milliseconds since the page started, for time-slicing work.
pub fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// A file's bytes, read without blocking the page.
pub async fn read_file(file: &web_sys::Blob) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer()).await.map_err(js_error)?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// `bytes` (an `ArrayBuffer` or a typed array) as a blob: how the page keeps a large file's
/// bytes (see `workers::Kept`).
pub fn blob_of(bytes: &JsValue) -> Result<web_sys::Blob, String> {
    web_sys::Blob::new_with_buffer_source_sequence(&Array::of1(bytes)).map_err(|e| format!("could not be kept ({})", js_error(e)))
}

/// Offers `text` as a download named `name`, built in memory: nothing goes over the network.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    download_parts(name, mime, &Array::of1(&JsValue::from_str(text)))
}

/// A download written a slice at a time (a large export, a session), each slice made a blob
/// as soon as it is written: the download then joins blobs, which copies nothing, and the
/// whole file is never one string in the page's memory (joining the text of 127,479 entries
/// at the end took one task of 74 ms).
pub struct BlobParts {
    parts: Array,
    /// When the slice being written began.
    slice_start: f64,
}

/// Writing time per slice of a [`BlobParts`] download before the browser gets its turn. The
/// slice's blob costs about as much again (Chromium copies the bytes into its blob store):
/// with 25 ms slices, the JSON export of 127,479 entries ran in tasks of 73-80 ms.
pub const WRITE_SLICE_MS: f64 = 12.0;

impl Default for BlobParts {
    fn default() -> Self {
        BlobParts { parts: Array::new(), slice_start: now_ms() }
    }
}

impl BlobParts {
    pub fn push(&self, text: &str) {
        if text.is_empty() {
            return;
        }
        let bytes = Array::of1(&js_sys::Uint8Array::from(text.as_bytes()));
        match web_sys::Blob::new_with_u8_array_sequence(&bytes) {
            Ok(blob) => self.parts.push(&blob),
            Err(_) => self.parts.push(&bytes.get(0)),
        };
    }

    /// Once the slice has run [`WRITE_SLICE_MS`]: keeps `piece` as a blob, empties it and
    /// gives the browser its turn; whether it did (the caller then shows its progress and
    /// checks that what it writes has not changed meanwhile).
    pub async fn pause_if_due(&mut self, piece: &mut String) -> bool {
        if now_ms() - self.slice_start < WRITE_SLICE_MS {
            return false;
        }
        self.push(piece);
        piece.clear();
        yield_now().await;
        self.slice_start = now_ms();
        true
    }

    /// Offers the pieces, joined, as a download named `name`.
    pub fn download(&self, name: &str, mime: &str) -> Result<(), String> {
        download_parts(name, mime, &self.parts)
    }
}

/// [`download`] of a file written in parts (strings, byte arrays or blobs, joined in order).
fn download_parts(name: &str, mime: &str, parts: &Array) -> Result<(), String> {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(parts, &opts).map_err(js_error)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)?;
    let doc = window().document().ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(js_error)?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    // Revoke later: revoking at once can cancel the download in some browsers.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}

/// A readable message from a thrown JS value.
pub fn js_error(v: JsValue) -> String {
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return format!("{}: {}", String::from(e.name()), String::from(e.message()));
    }
    if let Some(e) = v.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", e.name(), e.message());
    }
    v.as_string().unwrap_or_else(|| format!("{v:?}"))
}

/// Logs the panic to the console (with its stack) and puts a banner on the page: after a
/// panic the wasm app is dead, but the person still learns what happened and that their
/// stored files are safe.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic_banner(&info.to_string());
    }));
}

/// Inserts the error banner with DOM calls alone (no Leptos: the reactive system may be
/// what failed), its text set as text.
pub fn show_panic_banner(what: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(banner) = doc.create_element("div") else { return };
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "panic-banner");
    banner.set_text_content(Some(&format!(
        "Something went wrong inside the explorer and it stopped ({what}). Your files and corrections \
         are stored in this browser: reload the page to carry on."
    )));
    if let Some(body) = doc.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
