//! Sorting-family ops on the host: stable argsort (NaN last), unique, searchsorted, cumsum.
//!
//! Sorting goes through `(key, index)` pairs: the key is the value mapped to an unsigned
//! integer in NumPy's order, and the index breaks ties, so an unstable (pattern-defeating,
//! multithreaded) sort of the pairs gives the stable order without comparing through a gather.

use super::alloc;
use super::scalar::Num;
use ndarray::{Array2, Array3, ArrayView2, Axis};

/// Pairs of at most this many items are sorted on one thread (and as many items per chunk are
/// given to each thread of the other parallel loops).
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_SORT: usize = 1 << 16;

/// Sorts `(key, index)` pairs, which are all distinct.
fn sort_pairs(pairs: &mut [(u64, u32)]) {
    #[cfg(not(target_arch = "wasm32"))]
    if pairs.len() > PARALLEL_SORT {
        use rayon::slice::ParallelSliceMut;
        return pairs.par_sort_unstable();
    }
    pairs.sort_unstable()
}

/// The items of `row` in stable sorted order, as (sort key, index) pairs.
fn sorted_pairs<T: Num>(row: impl Iterator<Item = T>) -> Vec<(u64, u32)> {
    let mut pairs: Vec<(u64, u32)> = row.zip(0u32..).map(|(v, i)| (v.sort_key(), i)).collect();
    sort_pairs(&mut pairs);
    pairs
}

/// Stable argsort of every row.
pub(crate) fn argsort_rows<T: Num>(a: ArrayView2<'_, T>) -> Array2<u32> {
    let (rows, n) = a.dim();
    let mut out = Array2::zeros((rows, n));
    for (row, mut dst) in a.rows().into_iter().zip(out.rows_mut()) {
        for (d, (_, i)) in dst.iter_mut().zip(sorted_pairs(row.iter().copied())) {
            *d = i;
        }
    }
    out
}

/// The sorted distinct values of a flat array (NaNs counting as one, NumPy's equal_nan), how
/// often each occurs, and, when asked for, each item's position among them.
pub(crate) struct Unique<T> {
    pub values: Vec<T>,
    pub counts: Vec<i32>,
    pub inverse: Option<Vec<i32>>,
}

/// Integral values spanning at most this many (or as many as there are items) are counted in
/// a table instead of sorted: class labels, counts, codes.
const DENSE_SPAN: f64 = (1 << 16) as f64;

pub(crate) fn unique<T: Num>(x: &[T], inverse: bool) -> Unique<T> {
    match integral_span(x) {
        Some((lo, span)) if (span as f64) <= DENSE_SPAN.max(x.len() as f64) => unique_dense(x, lo, span, inverse),
        _ => unique_sorted(x, inverse),
    }
}

/// The smallest value and the number of integers up to the largest, where every value is an
/// integer that f64 holds exactly (None otherwise, or for no values).
fn integral_span<T: Num>(x: &[T]) -> Option<(f64, usize)> {
    const EXACT: f64 = (1u64 << 53) as f64;
    let chunk = |c: &[T]| -> Option<(T, T)> {
        // Floats are integral where a round trip through i64 keeps them (NaN and inf do not).
        let integral = !T::DTYPE.is_float()
            || c.iter().all(|v| v.to_f64().abs() < EXACT && (v.to_f64() as i64) as f64 == v.to_f64());
        let first = *c.first()?;
        let (lo, hi) =
            c.iter().fold((first, first), |(lo, hi), &v| (if v < lo { v } else { lo }, if v > hi { v } else { hi }));
        integral.then_some((lo, hi))
    };
    #[cfg(not(target_arch = "wasm32"))]
    let bounds = {
        use rayon::prelude::*;
        let merge = |a: Option<(T, T)>, b: Option<(T, T)>| {
            let ((alo, ahi), (blo, bhi)) = (a?, b?);
            Some((if blo < alo { blo } else { alo }, if bhi > ahi { bhi } else { ahi }))
        };
        x.par_chunks(PARALLEL_SORT).map(chunk).reduce_with(merge)?
    };
    #[cfg(target_arch = "wasm32")]
    let bounds = chunk(x);
    let (lo, hi) = bounds?;
    Some((lo.to_f64(), (hi.to_f64() - lo.to_f64()) as usize + 1))
}

/// [`unique`] by counting every value of the integers `lo..lo + span` in a table.
fn unique_dense<T: Num>(x: &[T], lo: f64, span: usize, inverse: bool) -> Unique<T> {
    let bin = |v: T| (v.to_f64() - lo) as usize;
    let mut table = count_table(x, span, bin);
    let mut values = Vec::new();
    let mut counts = Vec::new();
    // The table becomes each present value's rank.
    for (b, t) in table.iter_mut().enumerate() {
        if *t > 0 {
            values.push(T::from_f64(lo + b as f64));
            counts.push(*t);
            *t = values.len() as i32 - 1;
        }
    }
    // SAFETY: each chunk is zipped with as many inputs, so every item is written.
    let inverse = inverse.then(|| unsafe {
        alloc::build(x.len(), 1, |start, out| {
            for (o, &v) in out.iter_mut().zip(&x[start..]) {
                o.write(table[bin(v)]);
            }
        })
    });
    Unique { values, counts, inverse }
}

/// How many items of `x` fall in each of `bins` bins, `bin` giving an item's.
fn count_table<T: Copy + Sync>(x: &[T], bins: usize, bin: impl Fn(T) -> usize + Sync) -> Vec<i32> {
    let count = |x: &[T]| {
        let mut table = vec![0i32; bins];
        for &v in x {
            table[bin(v)] += 1;
        }
        table
    };
    // Small tables are counted on every core, one table per chunk, then added up.
    #[cfg(not(target_arch = "wasm32"))]
    if bins <= 1 << 16 && x.len() > PARALLEL_SORT {
        use rayon::prelude::*;
        return x
            .par_chunks(x.len().div_ceil(4 * rayon::current_num_threads()).max(PARALLEL_SORT))
            .map(count)
            .reduce_with(|mut a, b| {
                a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
                a
            })
            .expect("there are items");
    }
    count(x)
}

/// The smallest and largest of `x` (None for no items).
pub(crate) fn min_max(x: &[i32]) -> Option<(i32, i32)> {
    let chunk = |c: &[i32]| c.iter().fold((i32::MAX, i32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    #[cfg(not(target_arch = "wasm32"))]
    let (lo, hi) = {
        use rayon::prelude::*;
        x.par_chunks(PARALLEL_SORT).map(chunk).reduce(|| (i32::MAX, i32::MIN), |a, b| (a.0.min(b.0), a.1.max(b.1)))
    };
    #[cfg(target_arch = "wasm32")]
    let (lo, hi) = chunk(x);
    (!x.is_empty()).then_some((lo, hi))
}

/// Occurrences of each value of `x` (all in 0..bins), as NumPy's bincount.
pub(crate) fn bincount(x: &[i32], bins: usize) -> Vec<i32> {
    count_table(x, bins, |v| v as usize)
}

/// The sum of `weights` per value of `x` (all in 0..bins), added in order, as NumPy's.
pub(crate) fn bincount_weighted(x: &[i32], weights: &[f64], bins: usize) -> Vec<f64> {
    let mut sums = vec![0.0; bins];
    for (&v, &w) in x.iter().zip(weights) {
        sums[v as usize] += w;
    }
    sums
}

/// [`unique`] through a stable sort.
fn unique_sorted<T: Num>(x: &[T], inverse: bool) -> Unique<T> {
    let pairs = sorted_pairs(x.iter().copied());
    let mut values = Vec::new();
    let mut counts: Vec<i32> = Vec::new();
    let mut inv = if inverse { vec![0i32; x.len()] } else { Vec::new() };
    let mut last = None;
    for &(key, i) in &pairs {
        if last != Some(key) {
            // The first of equal items in input order is the value reported (as NumPy's).
            values.push(x[i as usize]);
            counts.push(0);
            last = Some(key);
        }
        *counts.last_mut().expect("a value was pushed") += 1;
        if inverse {
            inv[i as usize] = values.len() as i32 - 1;
        }
    }
    Unique { values, counts, inverse: inverse.then_some(inv) }
}

/// `a[o, idx[o, j, i], i]` for every (o, j, i) of `idx`, `a` being (outer, n, inner) and `idx`
/// (outer, m, inner) in row-major order, with indices in -n..n (negatives counting from the
/// end).
pub(crate) fn take_along<T: Copy + Send + Sync>(a: &[T], idx: &[i32], n: usize, m: usize, inner: usize) -> Vec<T> {
    if m == 0 || inner == 0 {
        return Vec::new();
    }
    // SAFETY: chunks hold whole lines of `inner` items, and every item of each line is written.
    unsafe {
        alloc::build(idx.len(), inner, |start, out| {
            // The chunk's first line, as (o, j), then stepped along without divisions.
            let line = start / inner;
            let (mut o, mut j) = (line / m, line % m);
            for (k, dst) in out.chunks_mut(inner).enumerate() {
                let at = start + k * inner;
                for (i, d) in dst.iter_mut().enumerate() {
                    let t = idx[at + i];
                    let t = if t < 0 { t + n as i32 } else { t } as usize;
                    d.write(a[(o * n + t) * inner + i]);
                }
                j += 1;
                if j == m {
                    (o, j) = (o + 1, 0);
                }
            }
        })
    }
}

/// Sorted runs up to this long are searched by counting, which has no branches to mispredict.
const LINEAR_SEARCH: usize = 64;

/// Insertion points of `values` in `sorted` (NumPy's searchsorted, side left or right).
pub(crate) fn searchsorted<T: Num>(sorted: &[T], values: &[T], right: bool) -> Vec<i32> {
    // The items of `sorted` that go before v.
    let before = |s: T, v: T| if right { !v.total_lt(s) } else { s.total_lt(v) };
    let find = |v: T| {
        if sorted.len() <= LINEAR_SEARCH {
            sorted.iter().map(|&s| before(s, v) as i32).sum()
        } else {
            sorted.partition_point(|&s| before(s, v)) as i32
        }
    };
    // SAFETY: each chunk is zipped with as many inputs, so every item is written.
    unsafe {
        alloc::build(values.len(), 1, |start, out| {
            for (o, &v) in out.iter_mut().zip(&values[start..]) {
                o.write(find(v));
            }
        })
    }
}

/// Inclusive prefix sums along axis 1, serially in index order (as NumPy).
pub(crate) fn cumsum<T: Num>(mut a: Array3<T>) -> Array3<T> {
    a.accumulate_axis_inplace(Axis(1), |&prev, cur| *cur = prev.add(*cur));
    a
}
