//! Scratch vectors kept between entries on the same thread: each pass of the analyser builds
//! a dozen small tables per entry (flags per token, events, subjects...), and allocating and
//! freeing them was about a seventh of the analysis. A [`Scratch`] takes the vector the last
//! entry gave back (empty, with its capacity) and gives it back when dropped.

use std::cell::Cell;
use std::ops::{Deref, DerefMut};
use std::thread::LocalKey;

/// Where a kind of scratch vector waits between entries (see [`scratch_home!`]).
pub(crate) type Home<T> = LocalKey<Cell<Vec<T>>>;

/// Declares a thread-local home for scratch vectors of `$t`.
macro_rules! scratch_home {
    ($name:ident: $t:ty) => {
        thread_local! {
            static $name: std::cell::Cell<Vec<$t>> = const { std::cell::Cell::new(Vec::new()) };
        }
    };
}
pub(crate) use scratch_home;

/// Vectors larger than this many elements are freed rather than kept (one huge entry should
/// not pin its memory for the rest of the run).
const KEEP_MAX: usize = 1 << 16;

/// An empty vector on loan from its thread-local home. Taking one while another from the same
/// home is out (a nested call) simply starts a new vector.
pub(crate) struct Scratch<T: 'static> {
    vec: Vec<T>,
    home: &'static Home<T>,
}

impl<T> Scratch<T> {
    pub fn take(home: &'static Home<T>) -> Scratch<T> {
        // fails only while the thread is being torn down
        let vec = home.try_with(Cell::take).unwrap_or_default();
        Scratch { vec, home }
    }

    /// `vec![value; n]` in a scratch vector.
    pub fn filled(home: &'static Home<T>, value: T, n: usize) -> Scratch<T>
    where
        T: Clone,
    {
        let mut s = Scratch::take(home);
        s.vec.resize(n, value);
        s
    }
}

impl<T> Drop for Scratch<T> {
    fn drop(&mut self) {
        if self.vec.capacity() > KEEP_MAX {
            return;
        }
        let mut vec = std::mem::take(&mut self.vec);
        vec.clear();
        let _ = self.home.try_with(|cell| cell.set(vec));
    }
}

impl<T> Deref for Scratch<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.vec
    }
}

impl<T> DerefMut for Scratch<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.vec
    }
}

impl<'a, T> IntoIterator for &'a Scratch<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.vec.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Scratch<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.vec.iter_mut()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Scratch<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.vec.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    scratch_home!(TEST_HOME: u32);

    #[test]
    fn a_vector_comes_back_empty_with_its_capacity() {
        let mut a = Scratch::filled(&TEST_HOME, 7, 100);
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
}
