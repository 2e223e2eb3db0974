//! Reductions over the middle axis of an (outer, len, inner) view. Sums fold pairwise, as
//! NumPy's: blocks of at most 128 elements with 8 interleaved accumulators, then halves
//! combined as a tree.

use super::scalar::Num;
use ndarray::{s, Array1, Array2, ArrayView2, ArrayView3, Axis, Zip};

const BLOCK: usize = 128;

/// Pairwise fold of a contiguous slice (NumPy's pairwise_sum).
fn pairwise_slice<T: Num, F: Fn(T, T) -> T + Copy>(v: &[T], f: F, identity: T) -> T {
    if v.len() <= BLOCK {
        let mut acc = [identity; 8];
        let chunks = v.chunks_exact(8);
        let rest = chunks.remainder();
        for c in chunks {
            for j in 0..8 {
                acc[j] = f(acc[j], c[j]);
            }
        }
        let mut total = f(f(f(acc[0], acc[1]), f(acc[2], acc[3])), f(f(acc[4], acc[5]), f(acc[6], acc[7])));
        for &x in rest {
            total = f(total, x);
        }
        return total;
    }
    let half = (v.len() / 2) / 8 * 8;
    f(pairwise_slice(&v[..half], f, identity), pairwise_slice(&v[half..], f, identity))
}

/// Pairwise fold of the rows of a (len, inner) view into one row.
fn pairwise_rows<T: Num, F: Fn(T, T) -> T + Copy>(v: ArrayView2<'_, T>, f: F, identity: T) -> Array1<T> {
    let rows = v.nrows();
    if rows <= BLOCK {
        let mut acc = Array1::from_elem(v.ncols(), identity);
        for row in v.rows() {
            Zip::from(&mut acc).and(&row).for_each(|a, &b| *a = f(*a, b));
        }
        return acc;
    }
    let half = rows / 2;
    let mut a = pairwise_rows(v.slice(s![..half, ..]), f, identity);
    let b = pairwise_rows(v.slice(s![half.., ..]), f, identity);
    Zip::from(&mut a).and(&b).for_each(|x, &y| *x = f(*x, y));
    a
}

/// Folds axis 1 of `a` with `f`, returning (outer, inner).
/// `f` is generic, not a fn pointer, so that the loops inline and vectorize.
pub(crate) fn fold<T: Num, F: Fn(T, T) -> T + Copy>(a: ArrayView3<'_, T>, f: F, identity: T) -> Array2<T> {
    let (outer, _, inner) = a.dim();
    let mut out = Array2::from_elem((outer, inner), identity);
    for (o, mut row) in out.axis_iter_mut(Axis(0)).enumerate() {
        let slab = a.index_axis(Axis(0), o);
        match (inner, slab.as_slice()) {
            (1, Some(contiguous)) => row[0] = pairwise_slice(contiguous, f, identity),
            _ => row.assign(&pairwise_rows(slab, f, identity)),
        }
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
