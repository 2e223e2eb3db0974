//! Sorting-family ops on the host: stable argsort (NaN last), searchsorted, cumsum.

use super::scalar::Num;
use ndarray::{Array2, Array3, ArrayView2, Axis};
use std::cmp::Ordering;

fn order<T: Num>(a: T, b: T) -> Ordering {
    if a.total_lt(b) {
        Ordering::Less
    } else if b.total_lt(a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// Stable argsort of every row.
pub(crate) fn argsort_rows<T: Num>(a: ArrayView2<'_, T>) -> Array2<u32> {
    let (rows, n) = a.dim();
    let mut out = Array2::zeros((rows, n));
    for (row, mut dst) in a.rows().into_iter().zip(out.rows_mut()) {
        let mut idx: Vec<u32> = (0..n as u32).collect();
        idx.sort_by(|&i, &j| order(row[i as usize], row[j as usize]));
        dst.assign(&ndarray::ArrayView1::from(&idx));
    }
    out
}

/// Insertion points of `values` in `sorted` (NumPy's searchsorted, side left or right).
pub(crate) fn searchsorted<T: Num>(sorted: &[T], values: &[T], right: bool) -> Vec<i32> {
    values
        .iter()
        .map(|&v| {
            let p = if right {
                sorted.partition_point(|&s| !v.total_lt(s))
            } else {
                sorted.partition_point(|&s| s.total_lt(v))
            };
            p as i32
        })
        .collect()
}

/// Inclusive prefix sums along axis 1, serially in index order (as NumPy).
pub(crate) fn cumsum<T: Num>(mut a: Array3<T>) -> Array3<T> {
    a.accumulate_axis_inplace(Axis(1), |&prev, cur| *cur = prev.add(*cur));
    a
}
