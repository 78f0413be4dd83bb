//! The page's memory, counted. A browser gives a page's WebAssembly at most 4 GiB, and Rust
//! stops the page when an allocation fails: a corpus past that killed the page, and again at
//! every reload, since its files are stored. So the page's allocator counts the bytes it
//! holds, and a file that would not fit is refused before it is read in
//! ([`crate::session::Room`]).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crate::session::{NoRoom, Room};

/// Bytes the page's allocations hold now (their sizes as asked; the allocator's own overhead
/// is in [`crate::session::Room::PAGE`]'s limit).
static IN_USE: AtomicUsize = AtomicUsize::new(0);

/// Rust's own allocator (dlmalloc, in wasm), counting what it holds. Installed by
/// `src/main.rs` for the page only: the workers' memory is their own.
pub struct Counting;

// SAFETY: every call is passed on to `System` with the caller's own arguments, and its
// result returned as it is; the count is a record beside it that no allocation reads.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `GlobalAlloc::alloc`, which the caller upholds.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            IN_USE.fetch_add(layout.size(), Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `GlobalAlloc::alloc_zeroed`, which the caller upholds.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            IN_USE.fetch_add(layout.size(), Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `GlobalAlloc::dealloc`: `ptr` came from this allocator with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `GlobalAlloc::realloc`, which the caller upholds.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            IN_USE.fetch_add(new_size, Relaxed);
            IN_USE.fetch_sub(layout.size(), Relaxed);
        }
        p
    }
}

/// Bytes the page's allocations hold now.
pub fn in_use() -> usize {
    IN_USE.load(Relaxed)
}

/// Whether a file of `len` bytes fits in the page's memory now (its bytes stay outside it, in
/// a JS array: see `workers::Payload`).
pub fn room_for(len: usize) -> Result<(), NoRoom> {
    // Read once: a load of thousands of files asks twice a file.
    thread_local!(static ROOM: Room = limit_set_by_test().map_or(Room::PAGE, |limit| Room { limit, ..Room::PAGE }));
    ROOM.with(|room| room.check(in_use(), len))
}

/// The bytes the page's memory may hold, when a test has set `globalThis.liveblogMemoryLimit`
/// before the page started (a browser test cannot load gigabytes): `None` otherwise.
fn limit_set_by_test() -> Option<usize> {
    let limit = js_sys::Reflect::get(&js_sys::global(), &"liveblogMemoryLimit".into()).ok()?.as_f64()?;
    (limit.is_finite() && limit >= 0.0).then_some(limit as usize)
}
