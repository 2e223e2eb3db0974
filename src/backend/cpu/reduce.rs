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

/// How many items along axis 1 are true, as int32 (NumPy's sum of bools).
pub(crate) fn count_true(a: ArrayView3<'_, bool>) -> Array2<i32> {
    let (outer, _, inner) = a.dim();
    let mut out = Array2::zeros((outer, inner));
    for (o, mut row) in out.axis_iter_mut(Axis(0)).enumerate() {
        let slab = a.index_axis(Axis(0), o);
        match (inner, slab.as_slice()) {
            // Bytes summed in blocks that cannot overflow a byte vectorize well.
            (1, Some(v)) => row[0] = v.chunks(255).map(|c| c.iter().map(|&b| b as u8).sum::<u8>() as i32).sum::<i32>(),
            _ => {
                for line in slab.rows() {
                    Zip::from(&mut row).and(&line).for_each(|n, &b| *n += b as i32);
                }
            }
        }
    }
    out
}

/// Index of the minimum (`max == false`) or maximum along axis 1; the first occurrence wins,
/// and a NaN wins over every number.
pub(crate) fn arg<T: Num>(a: ArrayView3<'_, T>, max: bool) -> Array2<u32> {
    let (outer, len, inner) = a.dim();
    // Contiguous lines (the last axis reduced), on every core.
    if let (1, Some(s)) = (inner, a.as_slice()) {
        // SAFETY: every item of each chunk is written.
        let v = unsafe {
            super::alloc::build(outer, 1, |start, out| {
                for (k, o) in out.iter_mut().enumerate() {
                    let at = (start + k) * len;
                    o.write(arg_slice(&s[at..at + len], max));
                }
            })
        };
        return Array2::from_shape_vec((outer, 1), v).expect("length matches");
    }
    Array2::from_shape_fn((outer, inner), |(o, i)| arg_line((0..len).map(|l| a[(o, l, i)]), max))
}

/// [`arg`] of one contiguous line, in passes that vectorize: is there a NaN, the extreme
/// value, and its first position.
fn arg_slice<T: Num>(s: &[T], max: bool) -> u32 {
    let Some(&first) = s.first() else { return 0 };
    if s.iter().fold(false, |nan, v| nan | v.is_nan()) {
        return s.iter().position(|v| v.is_nan()).unwrap_or(0) as u32;
    }
    // Eight lanes, each folded on its own, so that the loop vectorizes (a single running
    // extreme would be a chain the compiler may not reorder).
    let pick = |b: T, v: T| if (max && v > b) || (!max && v < b) { v } else { b };
    let mut lanes = [first; 8];
    let chunks = s.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for j in 0..8 {
            lanes[j] = pick(lanes[j], c[j]);
        }
    }
    let best = rest.iter().fold(lanes.into_iter().fold(first, pick), |b, &v| pick(b, v));
    s.iter().position(|&v| v == best).unwrap_or(0) as u32
}

/// [`arg`] of one line.
fn arg_line<T: Num>(line: impl Iterator<Item = T>, max: bool) -> u32 {
    let mut best: Option<(usize, T)> = None;
    for (l, v) in line.enumerate() {
        match best {
            None => best = Some((l, v)),
            Some((_, b)) if b.is_nan() => break,
            Some((_, b)) => {
                if v.is_nan() || (if max { v > b } else { v < b }) {
                    best = Some((l, v));
                }
            }
        }
    }
    best.map_or(0, |(l, _)| l as u32)
}
