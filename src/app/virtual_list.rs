//! Which entry cards to put in the page: only those near the viewport, with spacers standing
//! in for the rest, so 100,000 matches cost a few dozen DOM nodes.
//!
//! Heights are measured once a card has been drawn and estimated before that; the layout is a
//! prefix sum over the matches, so finding the visible window is a binary search.

/// Vertical positions of `n` rows. **Invariant:** `tops` is non-decreasing, has `n + 1`
/// values, starts at 0 and ends at the total height.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    tops: Vec<f64>,
}

impl Layout {
    /// `rows` are entry positions; a row's height is its measured height (`measured` by
    /// position; 0 or missing: not measured) or `estimate`. A slice, not a map: the layout is
    /// redone over every match at each filter change, and a hash lookup per row cost
    /// milliseconds at 100,000 matches.
    pub fn new(rows: &[u32], measured: &[f64], estimate: f64) -> Layout {
        let mut layout = Layout { tops: Vec::new() };
        layout.redo(rows, measured, estimate);
        layout
    }

    /// [`Layout::new`] in place: the page redoes the layout at each filter change and each
    /// measure, and a fresh megabyte per time at 127,000 matches was a cost of its own.
    pub fn redo(&mut self, rows: &[u32], measured: &[f64], estimate: f64) {
        let tops = &mut self.tops;
        tops.clear();
        tops.reserve(rows.len() + 1);
        let mut y = 0.0;
        tops.push(y);
        for &r in rows {
            y += measured.get(r as usize).copied().filter(|h| h.is_finite() && *h > 0.0).unwrap_or(estimate);
            tops.push(y);
        }
    }

    pub fn len(&self) -> usize {
        self.tops.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn total(&self) -> f64 {
        self.tops[self.tops.len() - 1]
    }

    pub fn top(&self, i: usize) -> f64 {
        self.tops[i.min(self.len())]
    }

    /// Rows `[start, end)` that intersect `[view_top - overscan, view_top + view_height +
    /// overscan]`, in list coordinates (0 = top of the first row).
    pub fn window(&self, view_top: f64, view_height: f64, overscan: f64) -> (usize, usize) {
        let n = self.len();
        if n == 0 {
            return (0, 0);
        }
        let lo = (view_top - overscan).max(0.0);
        let hi = (view_top + view_height.max(0.0) + overscan).max(lo);
        // First row whose bottom is below `lo`.
        let start = self.tops[1..].partition_point(|&bottom| bottom <= lo).min(n);
        // First row whose top is at or below `hi`... i.e. rows with top < hi are in.
        let end = self.tops[..n].partition_point(|&top| top < hi).max(start);
        (start, end.min(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn estimates_then_measurements() {
        let rows: Vec<u32> = (0..100_000).collect();
        let mut measured = vec![0.0; 10];
        let l = Layout::new(&rows, &measured, 100.0);
        assert_eq!(l.total(), 10_000_000.0);
        assert_eq!(l.window(0.0, 800.0, 0.0), (0, 8));
        assert_eq!(l.window(5_000_050.0, 300.0, 100.0), (49_999, 50_005));
        measured[0] = 250.0;
        let mut l = Layout::new(&rows, &measured, 100.0);
        assert_eq!(l.top(1), 250.0);
        assert_eq!(l.window(0.0, 300.0, 0.0), (0, 2));
        assert_eq!(l.window(f64::MAX / 4.0, 300.0, 0.0), (100_000, 100_000));
        // redone in place for fewer rows: nothing of the longer layout is left
        l.redo(&rows[..3], &measured, 100.0);
        assert_eq!((l.len(), l.total(), l.window(0.0, 10_000.0, 0.0)), (3, 450.0, (0, 3)));
    }

    #[wasm_bindgen_test]
    fn empty_and_odd_inputs() {
        let l = Layout::new(&[], &[], 100.0);
        assert_eq!((l.window(0.0, 500.0, 50.0), l.total()), ((0, 0), 0.0));
        let mut bad = vec![0.0; 4];
        bad[3] = f64::NAN;
        let l = Layout::new(&[3, 4], &bad, 10.0);
        assert_eq!(l.total(), 20.0);
        assert_eq!(l.window(-500.0, 10.0, 0.0), (0, 0));
    }
}
