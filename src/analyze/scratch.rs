//! Scratch tables kept between entries on the same thread: each pass of the analyser builds
//! a dozen small tables per entry (flags per token, events, subjects, the token table, name
//! maps...), and allocating and freeing them was about a seventh of the analysis. A
//! [`Scratch`] takes the table the last entry gave back (empty, with its allocation) and gives
//! it back when dropped; owners that hold a table's parts in fields of their own (`Doc`) use
//! [`take`] and [`give_back`], the same home without the guard.

use std::cell::{Cell, RefCell};
use std::ops::{Deref, DerefMut};
use std::thread::LocalKey;

/// Implements [`Reusable`] for a struct of tables, field by field: each field is cleared,
/// and their kept sizes add up. One list of fields, so a table added to the struct cannot be
/// cleared and forgotten by `kept_size`, or the other way round.
macro_rules! reusable_fields {
    ($t:ty { $($field:ident),+ $(,)? }) => {
        impl $crate::analyze::scratch::Reusable for $t {
            fn clear(&mut self) {
                $($crate::analyze::scratch::Reusable::clear(&mut self.$field);)+
            }
            fn kept_size(&self) -> usize {
                0 $(+ $crate::analyze::scratch::Reusable::kept_size(&self.$field))+
            }
        }
    };
}
pub(crate) use reusable_fields;

/// A table that can be emptied and used again without a new allocation.
pub(crate) trait Reusable: Default {
    /// Empties it, keeping its allocation.
    fn clear(&mut self);
    /// About how many bytes of heap it holds (what keeping it pins).
    fn kept_size(&self) -> usize;
}

impl<T> Reusable for Vec<T> {
    fn clear(&mut self) {
        Vec::clear(self)
    }
    fn kept_size(&self) -> usize {
        self.capacity() * std::mem::size_of::<T>()
    }
}

impl Reusable for String {
    fn clear(&mut self) {
        String::clear(self)
    }
    fn kept_size(&self) -> usize {
        self.capacity()
    }
}

impl<K, V, S: Default> Reusable for std::collections::HashMap<K, V, S> {
    fn clear(&mut self) {
        std::collections::HashMap::clear(self)
    }
    fn kept_size(&self) -> usize {
        self.capacity() * std::mem::size_of::<(K, V)>()
    }
}

/// Where a kind of scratch table waits between entries (see [`scratch_home!`]).
pub(crate) type Home<R> = LocalKey<Cell<Option<R>>>;

/// Declares a thread-local home for scratch tables of type `$t` (a [`Reusable`]).
macro_rules! scratch_home {
    ($name:ident: $t:ty) => {
        thread_local! {
            static $name: std::cell::Cell<Option<$t>> = const { std::cell::Cell::new(None) };
        }
    };
}
pub(crate) use scratch_home;

/// Tables holding more than this many bytes are freed rather than kept (one huge entry should
/// not pin its memory for the rest of the run). About an entry of 65,000 tokens: its token
/// table is 2.6 MB.
const KEEP_MAX: usize = 4 << 20;

/// The table `home` keeps, or a new one when it keeps none (the first entry on a thread, or
/// while another from the same home is out: a nested call simply starts a new table).
pub(crate) fn take<R: Reusable>(home: &'static Home<R>) -> R {
    // fails only while the thread is being torn down
    home.try_with(Cell::take).ok().flatten().unwrap_or_default()
}

/// Empties `r` and keeps it in `home` for the next [`take`], unless it is too large to keep.
pub(crate) fn give_back<R: Reusable>(home: &'static Home<R>, mut r: R) {
    if r.kept_size() > KEEP_MAX {
        return;
    }
    r.clear();
    // fails only while the thread is being torn down, when there is nothing to keep for
    let _ = home.try_with(|cell| cell.set(Some(r)));
}

/// An empty table on loan from its thread-local home, given back when dropped.
pub(crate) struct Scratch<R: Reusable + 'static> {
    table: R,
    home: &'static Home<R>,
}

impl<R: Reusable> Scratch<R> {
    pub fn take(home: &'static Home<R>) -> Scratch<R> {
        Scratch { table: take(home), home }
    }
}

impl<R: Reusable> Drop for Scratch<R> {
    fn drop(&mut self) {
        give_back(self.home, std::mem::take(&mut self.table));
    }
}

impl<R: Reusable> Deref for Scratch<R> {
    type Target = R;
    fn deref(&self) -> &R {
        &self.table
    }
}

impl<R: Reusable> DerefMut for Scratch<R> {
    fn deref_mut(&mut self) -> &mut R {
        &mut self.table
    }
}

impl<'a, T> IntoIterator for &'a Scratch<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.table.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Scratch<Vec<T>> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.table.iter_mut()
    }
}

impl<R: Reusable + std::fmt::Debug> std::fmt::Debug for Scratch<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.table.fmt(f)
    }
}

/// Declares a thread-local home for tables of type `$t` (a [`Reusable`]) that [`with_kept`]
/// lends in place.
macro_rules! kept_home {
    ($name:ident: $t:ty) => {
        thread_local! {
            static $name: std::cell::RefCell<$t> = std::cell::RefCell::new(<$t>::default());
        }
    };
}
pub(crate) use kept_home;

/// Runs `f` once on the tables `home` keeps, emptied first, borrowed where they live: a
/// struct of several tables on loan as a [`Scratch`] is moved out of its home and back, a
/// few copies of its bytes each time (about 230 instructions an entry for eight vectors).
/// New tables stand in while `home`'s are lent (a nested call) or gone (the thread is ending);
/// tables grown past [`KEEP_MAX`] are freed afterwards.
pub(crate) fn with_kept<R: Reusable, T>(home: &'static LocalKey<RefCell<R>>, mut f: impl FnMut(&mut R) -> T) -> T {
    home.try_with(|cell| {
        let mut tables = cell.try_borrow_mut().ok()?;
        tables.clear();
        let out = f(&mut tables);
        if tables.kept_size() > KEEP_MAX {
            *tables = R::default();
        }
        Some(out)
    })
    .ok()
    .flatten()
    .unwrap_or_else(|| f(&mut R::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    scratch_home!(TEST_HOME: Vec<u32>);
    scratch_home!(TEST_TEXT: String);

    #[test]
    fn a_vector_comes_back_empty_with_its_capacity() {
        let mut a = Scratch::take(&TEST_HOME);
        a.resize(100, 7);
        assert_eq!(a.len(), 100);
        // a nested loan gets a vector of its own
        let b = Scratch::take(&TEST_HOME);
        assert!(b.is_empty());
        a.push(1);
        // Read after the push: growing past its capacity may move the vector, and whether
        // the allocator grows it in place varies from run to run.
        let ptr = a.as_ptr();
        drop(b);
        drop(a);
        let c = Scratch::take(&TEST_HOME);
        assert!(c.is_empty());
        assert!(c.capacity() >= 101);
        assert_eq!(c.as_ptr(), ptr);
    }

    #[test]
    fn a_string_comes_back_empty_and_a_huge_one_is_freed() {
        let mut s = Scratch::take(&TEST_TEXT);
        s.push_str("role name");
        let ptr = s.as_ptr();
        drop(s);
        let s = Scratch::take(&TEST_TEXT);
        assert!(s.is_empty());
        assert_eq!(s.as_ptr(), ptr);
        drop(s);
        let kept = take(&TEST_TEXT);
        assert_eq!(kept.as_ptr(), ptr);
        drop(kept); // freed: `take` hands out the table itself, the home is empty again
        give_back(&TEST_TEXT, String::with_capacity(KEEP_MAX + 1));
        assert_eq!(take(&TEST_TEXT).capacity(), 0, "a table over the limit is not kept");
        give_back(&TEST_TEXT, String::with_capacity(KEEP_MAX));
        assert_eq!(take(&TEST_TEXT).capacity(), KEEP_MAX);
    }
}
