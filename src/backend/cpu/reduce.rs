//! Reductions over the middle axis of an (outer, len, inner) view. Sums fold pairwise, as
//! NumPy's: blocks of at most 128 elements with 8 interleaved accumulators, then halves
//! combined as a tree.

use super::scalar::Num;
use ndarray::{Array1, Array2, ArrayView3, ArrayViewMut1, Axis, Zip};

const BLOCK: usize = 128;

/// Above this many terms, the two halves of a pairwise fold run on two threads: the tree,
/// and so the result, stays the one NumPy's order gives.
const PARALLEL: usize = 1 << 18;

/// `a` and `b` at once, in parallel where the platform has threads.
fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    return rayon::join(a, b);
    #[cfg(target_arch = "wasm32")]
    (a(), b())
}

/// Pairwise fold of `len` terms from `start` (NumPy's pairwise_sum): `leaf(start, len)`
/// folds a block of at most [`BLOCK`] of them, and blocks combine as a tree.
fn pairwise<T: Num, F, L>(start: usize, len: usize, leaf: &L, f: F) -> T
where
    F: Fn(T, T) -> T + Copy + Sync,
    L: Fn(usize, usize) -> T + Sync,
{
    if len <= BLOCK {
        return leaf(start, len);
    }
    let half = (len / 2) / 8 * 8;
    let (left, right) = if len >= PARALLEL {
        join(|| pairwise(start, half, leaf, f), || pairwise(start + half, len - half, leaf, f))
    } else {
        (pairwise(start, half, leaf, f), pairwise(start + half, len - half, leaf, f))
    };
    f(left, right)
}

/// One leaf of a pairwise fold: the `len` terms `term(0..len)` in eight interleaved
/// accumulators (independent chains that vectorize), then the rest one by one.
#[inline(always)]
fn block<T: Num, F: Fn(T, T) -> T + Copy>(len: usize, term: impl Fn(usize) -> T, f: F, identity: T) -> T {
    let mut acc = [identity; 8];
    let full = len / 8 * 8;
    for i in (0..full).step_by(8) {
        for (j, a) in acc.iter_mut().enumerate() {
            *a = f(*a, term(i + j));
        }
    }
    let mut total = f(f(f(acc[0], acc[1]), f(acc[2], acc[3])), f(f(acc[4], acc[5]), f(acc[6], acc[7])));
    for i in full..len {
        total = f(total, term(i));
    }
    total
}

/// Pairwise fold of `rows` rows from `start`, each `inner` wide, into one row:
/// `add_row(acc, r)` folds row r into `acc`.
fn pairwise_rows<T: Num, F, R>(start: usize, rows: usize, inner: usize, add_row: &R, f: F, identity: T) -> Array1<T>
where
    F: Fn(T, T) -> T + Copy + Sync,
    R: Fn(ArrayViewMut1<'_, T>, usize) + Sync,
{
    if rows <= BLOCK {
        let mut acc = Array1::from_elem(inner, identity);
        for r in start..start + rows {
            add_row(acc.view_mut(), r);
        }
        return acc;
    }
    let half = rows / 2;
    let (mut a, b) = if rows * inner >= PARALLEL {
        join(
            || pairwise_rows(start, half, inner, add_row, f, identity),
            || pairwise_rows(start + half, rows - half, inner, add_row, f, identity),
        )
    } else {
        (
            pairwise_rows(start, half, inner, add_row, f, identity),
            pairwise_rows(start + half, rows - half, inner, add_row, f, identity),
        )
    };
    Zip::from(&mut a).and(&b).for_each(|x, &y| *x = f(*x, y));
    a
}

/// Folds axis 1 of `a` with `f`, returning (outer, inner).
/// `f` is generic, not a fn pointer, so that the loops inline and vectorize.
pub(crate) fn fold<T: Num, F: Fn(T, T) -> T + Copy + Sync>(a: ArrayView3<'_, T>, f: F, identity: T) -> Array2<T> {
    let (outer, len, inner) = a.dim();
    let mut out = Array2::from_elem((outer, inner), identity);
    for (o, mut row) in out.axis_iter_mut(Axis(0)).enumerate() {
        let slab = a.index_axis(Axis(0), o);
        match (inner, slab.as_slice()) {
            (1, Some(v)) => {
                let leaf = |s: usize, n: usize| {
                    let v = &v[s..s + n];
                    block(n, |i| v[i], f, identity)
                };
                row[0] = pairwise(0, len, &leaf, f);
            }
            _ => {
                let add = |acc: ArrayViewMut1<'_, T>, r: usize| {
                    Zip::from(acc).and(slab.row(r)).for_each(|a, &b| *a = f(*a, b));
                };
                row.assign(&pairwise_rows(0, len, inner, &add, f, identity));
            }
        }
    }
    out
}

/// Σ (a − b)² along axis 1 of two (outer, len, inner) views of one shape (`b` may be a
/// broadcast view), summed pairwise as [`fold`] sums the squares: one pass over the inputs,
/// with no difference or square held in memory.
pub(crate) fn sum_squared_difference<T: Num>(a: ArrayView3<'_, T>, b: ArrayView3<'_, T>) -> Array2<T> {
    let (outer, len, inner) = a.dim();
    let add = T::add;
    let square = |x: T, y: T| x.sub(y).mul(x.sub(y));
    let mut out = Array2::from_elem((outer, inner), T::zero());
    for (o, mut row) in out.axis_iter_mut(Axis(0)).enumerate() {
        let (sa, sb) = (a.index_axis(Axis(0), o), b.index_axis(Axis(0), o));
        let sum = match (inner, sa.as_slice(), sb.as_slice()) {
            (1, Some(x), Some(y)) => {
                let leaf = |s: usize, n: usize| {
                    let (x, y) = (&x[s..s + n], &y[s..s + n]);
                    block(n, |i| square(x[i], y[i]), add, T::zero())
                };
                Some(pairwise(0, len, &leaf, add))
            }
            // One value of b for the whole line (a mean, broadcast).
            (1, Some(x), None) if sb.strides()[0] == 0 => {
                let c = sb[(0, 0)];
                let leaf = |s: usize, n: usize| {
                    let x = &x[s..s + n];
                    block(n, |i| square(x[i], c), add, T::zero())
                };
                Some(pairwise(0, len, &leaf, add))
            }
            _ => None,
        };
        match sum {
            Some(v) => row[0] = v,
            None => {
                let add_row = |acc: ArrayViewMut1<'_, T>, r: usize| {
                    Zip::from(acc).and(sa.row(r)).and(sb.row(r)).for_each(|s, &x, &y| *s = s.add(square(x, y)));
                };
                row.assign(&pairwise_rows(0, len, inner, &add_row, add, T::zero()));
            }
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
pub(crate) fn arg_slice<T: Num>(s: &[T], max: bool) -> u32 {
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
