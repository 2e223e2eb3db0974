//! Reductions over the middle axis of an (outer, len, inner) view. Sums fold pairwise, as
//! NumPy's: blocks of at most 16 rows serially, then halves combined as a tree.

use super::scalar::Num;
use ndarray::{s, Array1, Array2, ArrayView2, ArrayView3, Axis, Zip};

const BLOCK: usize = 16;

fn pairwise<T: Num>(v: ArrayView2<'_, T>, f: fn(T, T) -> T, identity: T) -> Array1<T> {
    let rows = v.nrows();
    if rows <= BLOCK {
        let mut acc = Array1::from_elem(v.ncols(), identity);
        for row in v.rows() {
            Zip::from(&mut acc).and(&row).for_each(|a, &b| *a = f(*a, b));
        }
        return acc;
    }
    let half = rows / 2;
    let mut a = pairwise(v.slice(s![..half, ..]), f, identity);
    let b = pairwise(v.slice(s![half.., ..]), f, identity);
    Zip::from(&mut a).and(&b).for_each(|x, &y| *x = f(*x, y));
    a
}

/// Folds axis 1 of `a` with `f`, returning (outer, inner).
pub(crate) fn fold<T: Num>(a: ArrayView3<'_, T>, f: fn(T, T) -> T, identity: T) -> Array2<T> {
    let (outer, _, inner) = a.dim();
    let mut out = Array2::from_elem((outer, inner), identity);
    for (o, mut row) in out.axis_iter_mut(Axis(0)).enumerate() {
        row.assign(&pairwise(a.index_axis(Axis(0), o), f, identity));
    }
    out
}

/// Index of the minimum (`max == false`) or maximum along axis 1; the first occurrence wins,
/// and a NaN wins over every number.
pub(crate) fn arg<T: Num>(a: ArrayView3<'_, T>, max: bool) -> Array2<u32> {
    let (outer, len, inner) = a.dim();
    Array2::from_shape_fn((outer, inner), |(o, i)| {
        let mut best = 0usize;
        for l in 1..len {
            let (v, b) = (a[(o, l, i)], a[(o, best, i)]);
            if b.is_nan() {
                break;
            }
            if v.is_nan() || (if max { v > b } else { v < b }) {
                best = l;
            }
        }
        best as u32
    })
}
