//! Sorting and searching: cumsum, sort, argsort, unique_values / unique_inverse /
//! unique_counts, searchsorted, bincount and take.

use super::{astype, isnan, logical_and, logical_not, not_equal, sub, where_};
use crate::array::{concat, typed, Array, CpuData};
use crate::backend::cpu::{numeric, sort as cpu};
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use ndarray::{Array3, Ix2};

/// The (outer, len, inner) view of `a` along `axis` (None flattens).
fn lines(a: &Array, axis: Option<isize>, op: &'static str) -> Result<(usize, usize, usize)> {
    match axis {
        None => Ok((1, a.len(), 1)),
        Some(ax) => {
            let ax = a.axis(ax, op)?;
            if a.ndim() == 0 {
                return Ok((1, 1, 1));
            }
            let s = a.shape();
            Ok((s[..ax].iter().product(), s[ax], s[ax + 1..].iter().product()))
        }
    }
}

/// Inclusive cumulative sum along `axis` (None flattens first); bool and int32 sum to int32.
pub fn cumsum(a: &Array, axis: Option<isize>) -> Result<Array> {
    let (outer, len, inner) = lines(a, axis, "cumsum")?;
    let dtype = if a.dtype() == DType::Bool { DType::I32 } else { a.dtype() };
    let a = astype(a, dtype)?;
    let shape = if axis.is_none() { vec![a.len()] } else { a.shape().to_vec() };
    match a.device() {
        Device::Cpu => {
            let r = numeric!(dtype, T => {
                let v = typed::<T>(a.cpu()).as_standard_layout().into_owned();
                let v: Array3<T> = v.into_shape_with_order((outer, len, inner)).expect("size matches");
                CpuData::from(cpu::cumsum(v).into_dyn())
            });
            Ok(Array::from_cpu(r).with_shape(shape))
        }
        Device::Gpu(ctx) => {
            let buf = ctx.cumsum(a.gpu(), dtype, outer, len, inner)?;
            Ok(Array::from_gpu(ctx, buf, shape, dtype))
        }
    }
}

/// Sorted values and the stable argsort along the last axis of `a`.
fn sort_last(a: &Array) -> Result<(Array, Array)> {
    let n = a.shape().last().copied().unwrap_or(1);
    let rows = a.len().checked_div(n).unwrap_or(0);
    let dtype = if a.dtype() == DType::Bool { DType::U32 } else { a.dtype() };
    let work = astype(a, dtype)?;
    let (values, idx) = match work.device() {
        Device::Cpu => {
            let idx = numeric!(dtype, T => {
                let v = typed::<T>(work.cpu()).as_standard_layout().into_owned();
                let v = v.into_shape_with_order((rows, n)).expect("size matches");
                cpu::argsort_rows(v.view())
            });
            let idx = Array::from_cpu(CpuData::U32(idx.into_dyn().into_shared()));
            let values = take_along_rows(&work, &idx, rows, n)?;
            (values.with_shape(a.shape().to_vec()), idx.with_shape(a.shape().to_vec()))
        }
        Device::Gpu(ctx) => {
            let (values, order) = ctx.sort_rows(&work, rows, n)?;
            (
                Array::from_gpu(ctx, values, a.shape().to_vec(), dtype),
                Array::from_gpu(ctx, order, a.shape().to_vec(), DType::U32),
            )
        }
    };
    Ok((astype(&values, a.dtype())?, idx))
}

/// values[r, i] = a[r, idx[r, i]] on the CPU.
fn take_along_rows(a: &Array, idx: &Array, rows: usize, n: usize) -> Result<Array> {
    let order = typed::<u32>(idx.cpu()).into_owned().into_shape_with_order((rows, n)).expect("size matches");
    Ok(Array::from_cpu(crate::array::with_data!(a.cpu(), v => {
        let v = v.as_standard_layout().into_owned().into_shape_with_order((rows, n)).expect("size matches").into_dimensionality::<Ix2>().expect("2-D");
        CpuData::from(ndarray::Array2::from_shape_fn((rows, n), |(r, i)| v[(r, order[(r, i)] as usize)]).into_dyn())
    })))
}

/// Moves `axis` last, applies `f`, and moves it back.
fn along_axis(
    a: &Array,
    axis: isize,
    op: &'static str,
    f: impl Fn(&Array) -> Result<(Array, Array)>,
) -> Result<(Array, Array)> {
    if a.ndim() == 0 {
        return f(&a.reshape(&[1])?).and_then(|(v, i)| Ok((v.reshape(&[])?, i.reshape(&[])?)));
    }
    let ax = a.axis(axis, op)?;
    let last = a.ndim() - 1;
    if ax == last {
        return f(a);
    }
    let mut perm: Vec<usize> = (0..a.ndim()).collect();
    perm.swap(ax, last);
    let (v, i) = f(&a.permute_dims(&perm)?)?;
    Ok((v.permute_dims(&perm)?, i.permute_dims(&perm)?))
}

/// The values sorted along `axis` (stable; NaN last, as NumPy).
pub fn sort(a: &Array, axis: isize) -> Result<Array> {
    Ok(along_axis(a, axis, "sort", sort_last)?.0)
}

/// The indices that sort `a` along `axis`, stably, as int32.
pub fn argsort(a: &Array, axis: isize) -> Result<Array> {
    astype(&along_axis(a, axis, "argsort", sort_last)?.1, DType::I32)
}

/// Side of [`searchsorted`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// Insertion points of `values` in the sorted vector `sorted` that keep it sorted, as int32.
pub fn searchsorted(sorted: &Array, values: &Array, side: Side) -> Result<Array> {
    sorted.check_device(values, "searchsorted")?;
    if sorted.ndim() != 1 {
        return Err(Error::ShapeMismatch {
            op: "searchsorted",
            detail: format!("sorted must be 1-D, got shape {:?}", sorted.shape()),
        });
    }
    let dtype = DType::promote(sorted.dtype(), values.dtype());
    let dtype = if dtype == DType::Bool { DType::U32 } else { dtype };
    let (s, v) = (astype(sorted, dtype)?, astype(values, dtype)?);
    let right = side == Side::Right;
    match s.device() {
        Device::Cpu => {
            let r = numeric!(dtype, T => {
                let (s, v) = (typed::<T>(s.cpu()), typed::<T>(v.cpu()));
                let (s, v) = (s.as_standard_layout(), v.as_standard_layout());
                cpu::searchsorted(s.as_slice().expect("standard layout"), v.as_slice().expect("standard layout"), right)
            });
            Array::from_vec(&Device::Cpu, r, values.shape())
        }
        Device::Gpu(ctx) => {
            let buf = ctx.searchsorted(s.gpu(), s.len(), v.gpu(), v.len(), right, dtype)?;
            Ok(Array::from_gpu(ctx, buf, values.shape().to_vec(), DType::I32))
        }
    }
}

/// Sorted unique values of the flattened array, where each value first occurs in the sorted
/// order, and the position of every sorted element among the unique values.
struct Uniques {
    values: Array,
    starts: Array,
    sorted_pos: Array,
    perm: Array,
}

async fn uniques(a: &Array) -> Result<Uniques> {
    let flat = a.reshape(&[-1])?;
    let n = flat.len();
    let (sorted, perm) = sort_last(&flat)?;
    if n == 0 {
        let empty = Array::zeros(a.device(), &[0], DType::U32)?;
        return Ok(Uniques { values: sorted, starts: empty.clone(), sorted_pos: empty, perm });
    }
    // A new value starts wherever a sorted element differs from its predecessor; NaNs count
    // as one value (NumPy's equal_nan=True).
    let head = sorted.slice_axis(0, 1, n)?;
    let tail = sorted.slice_axis(0, 0, n - 1)?;
    let both_nan = logical_and(&isnan(&head)?, &isnan(&tail)?)?;
    let differs = logical_and(&not_equal(&head, &tail)?, &logical_not(&both_nan)?)?;
    let first = concat(&[&Array::full(a.device(), &[1], 1.0, DType::Bool)?, &differs], 0)?;
    let counts = super::sort::cumsum(&astype(&first, DType::U32)?, None)?;
    // Readback: the number of unique values sets the output shape.
    let n_unique = counts.slice_axis(0, n - 1, n)?.to_vec::<u32>().await?[0] as usize;
    let pos = sub(&counts, &Array::scalar(a.device(), 1.0, DType::U32)?)?;
    let skip = Array::scalar(a.device(), u32::MAX as f64, DType::U32)?;
    let dest = where_(&first, &pos, &skip)?;
    let positions = Array::arange(a.device(), 0.0, n as f64, 1.0, DType::U32)?;
    let values = scatter(&dest, &sorted, n_unique)?;
    let starts = scatter(&dest, &positions, n_unique)?;
    Ok(Uniques { values, starts, sorted_pos: pos, perm })
}

/// out[index[i]] = src[i] into a new array of `len` elements (indices u32::MAX are skipped).
fn scatter(index: &Array, src: &Array, len: usize) -> Result<Array> {
    match src.device() {
        Device::Cpu => {
            let idx = typed::<u32>(index.cpu());
            Ok(Array::from_cpu(crate::array::with_data!(src.cpu(), s => {
                let mut out: Vec<_> = vec![s.iter().next().copied().unwrap_or_default(); len];
                for (&i, &v) in idx.iter().zip(s.iter()) {
                    if i != u32::MAX {
                        out[i as usize] = v;
                    }
                }
                CpuData::from(ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[len]), out).expect("length matches"))
            })))
        }
        Device::Gpu(ctx) => {
            let dtype = src.dtype();
            let out = ctx.alloc(len as u64 * ctx.elem_size(dtype))?;
            ctx.scatter(index.gpu(), src.gpu(), src.len(), &out, len, dtype)?;
            Ok(Array::from_gpu(ctx, out, vec![len], dtype))
        }
    }
}

/// Positions and counts are int32: an array with more elements than int32 counts is refused.
fn fits_int32(a: &Array, op: &'static str) -> Result<()> {
    if a.len() > i32::MAX as usize {
        return Err(Error::ShapeTooLarge { op, shape: a.shape().to_vec() });
    }
    Ok(())
}

/// The sorted unique values of the flattened array, how often each occurs (int32), and, when
/// asked for, each element's position among them (int32, flat).
async fn unique_parts(a: &Array, inverse: bool) -> Result<(Array, Array, Option<Array>)> {
    fits_int32(a, "unique")?;
    match a.device() {
        Device::Cpu => {
            let dtype = if a.dtype() == DType::Bool { DType::U32 } else { a.dtype() };
            let work = astype(a, dtype)?;
            let (values, counts, inv) = numeric!(dtype, T => {
                let x = typed::<T>(work.cpu());
                let x = x.as_standard_layout();
                let u = cpu::unique(x.as_slice().expect("standard layout"), inverse);
                let k = u.values.len();
                (Array::from_vec(&Device::Cpu, u.values, &[k])?, Array::from_vec(&Device::Cpu, u.counts, &[k])?, u.inverse)
            });
            let inv = inv.map(|v| Array::from_vec(&Device::Cpu, v, &[a.len()])).transpose()?;
            Ok((astype(&values, a.dtype())?, counts, inv))
        }
        Device::Gpu(_) => {
            let u = uniques(a).await?;
            let k = u.starts.len();
            let counts = if k == 0 {
                Array::zeros(a.device(), &[0], DType::I32)?
            } else {
                // Each value runs from its start to the next value's start (the last one to the end).
                let total = Array::full(a.device(), &[1], a.len() as f64, DType::U32)?;
                let ends = concat(&[&u.starts.slice_axis(0, 1, k)?, &total], 0)?;
                sub(&astype(&ends, DType::I32)?, &astype(&u.starts, DType::I32)?)?
            };
            let inv = if inverse {
                let inv = scatter(&astype(&u.perm, DType::U32)?, &u.sorted_pos, a.len())?;
                Some(astype(&inv, DType::I32)?)
            } else {
                None
            };
            Ok((u.values, counts, inv))
        }
    }
}

/// The sorted unique values of the flattened array.
pub async fn unique_values(a: &Array) -> Result<Array> {
    Ok(unique_parts(a, false).await?.0)
}

/// The sorted unique values and how often each occurs (int32).
pub async fn unique_counts(a: &Array) -> Result<(Array, Array)> {
    let (values, counts, _) = unique_parts(a, false).await?;
    Ok((values, counts))
}

/// The sorted unique values and, for every element of the flattened array, the index of its
/// value among them (int32), so that `values[inverse]` rebuilds the input.
pub async fn unique_inverse(a: &Array) -> Result<(Array, Array)> {
    let (values, _, inverse) = unique_parts(a, true).await?;
    Ok((values, inverse.expect("asked for").with_shape(a.shape().to_vec())))
}

/// The positions of the nonzero (true) elements of the flattened array, in order, as int32
/// (NumPy's flatnonzero).
/// Readback: their count.
pub async fn flatnonzero(a: &Array) -> Result<Array> {
    fits_int32(a, "flatnonzero")?;
    let mask = astype(&a.reshape(&[-1])?, DType::Bool)?;
    match mask.device() {
        Device::Cpu => {
            let m = typed::<bool>(mask.cpu());
            let at: Vec<i32> = m.iter().zip(0..).filter_map(|(&b, i)| b.then_some(i)).collect();
            let k = at.len();
            Array::from_vec(&Device::Cpu, at, &[k])
        }
        Device::Gpu(_) => {
            let n = mask.len();
            if n == 0 {
                return Array::zeros(a.device(), &[0], DType::I32);
            }
            // Each true element goes to the number of true ones before it.
            let counts = super::sort::cumsum(&astype(&mask, DType::U32)?, None)?;
            let k = counts.slice_axis(0, n - 1, n)?.to_vec::<u32>().await?[0] as usize;
            let pos = sub(&counts, &Array::scalar(a.device(), 1.0, DType::U32)?)?;
            let dest = where_(&mask, &pos, &Array::scalar(a.device(), u32::MAX as f64, DType::U32)?)?;
            let positions = Array::arange(a.device(), 0.0, n as f64, 1.0, DType::I32)?;
            scatter(&dest, &positions, k)
        }
    }
}

/// Occurrences of every non-negative integer in `x` (at least `minlength` bins), or the sum
/// of `weights` per value, as NumPy's bincount. Counts are int32, weighted sums float.
pub async fn bincount(x: &Array, weights: Option<&Array>, minlength: usize) -> Result<Array> {
    if !matches!(x.dtype(), DType::I32 | DType::U32 | DType::Bool) || x.ndim() != 1 {
        return Err(Error::DTypeMismatch {
            op: "bincount",
            expected: "a 1-D array of non-negative integers".into(),
            got: x.dtype(),
        });
    }
    if x.dtype() == DType::U32 && !x.is_empty() {
        // Readback: the largest value, so that one past int32 is named as given, not as the
        // negative int32 it would wrap to.
        let top = super::reduce::max(x, None, false)?.to_vec::<u32>().await?[0];
        if top > i32::MAX as u32 {
            return Err(Error::InvalidParameter {
                name: "x",
                value: top.to_string(),
                reason: "bincount counts values up to 2147483647 (int32 bins)".into(),
            });
        }
    }
    let xi = astype(x, DType::I32)?;
    // On the host, the values as one contiguous run (borrowed, unless they had to be cast).
    let host = match xi.device() {
        Device::Cpu => Some(typed::<i32>(xi.cpu())),
        Device::Gpu(_) => None,
    };
    let host = host.as_ref().map(|h| h.as_standard_layout());
    let host = host.as_ref().map(|h| h.as_slice().expect("standard layout"));
    let bounds = match host {
        _ if x.is_empty() => None,
        Some(xs) => cpu::min_max(xs),
        // Readback: the smallest and largest values, for the length and to refuse negatives.
        None => Some((
            super::reduce::min(&xi, None, false)?.to_vec::<i32>().await?[0],
            super::reduce::max(&xi, None, false)?.to_vec::<i32>().await?[0],
        )),
    };
    let bins = match bounds {
        Some((lo, _)) if lo < 0 => {
            return Err(Error::InvalidParameter {
                name: "x",
                value: lo.to_string(),
                reason: "bincount needs non-negative integers".into(),
            })
        }
        Some((_, hi)) => (hi as usize + 1).max(minlength),
        None => minlength,
    };
    let Some(w) = weights else {
        return match (host, x.device()) {
            (Some(xs), _) => Array::from_vec(&Device::Cpu, cpu::bincount(xs, bins), &[bins]),
            (None, Device::Gpu(ctx)) => ctx.value_counts(&astype(&xi, DType::U32)?, bins),
            (None, Device::Cpu) => unreachable!("host values are taken on the CPU"),
        };
    };
    x.check_device(w, "bincount")?;
    if w.shape() != x.shape() {
        return Err(Error::ShapeMismatch {
            op: "bincount",
            detail: format!("weights {:?} differ from x {:?}", w.shape(), x.shape()),
        });
    }
    let w = astype(w, w.dtype().float_result())?;
    match (host, x.device()) {
        (Some(xs), _) => {
            let ws = typed::<f64>(w.cpu());
            let ws = ws.as_standard_layout();
            let sums = cpu::bincount_weighted(xs, ws.as_slice().expect("standard layout"), bins);
            astype(&Array::from_vec(&Device::Cpu, sums, &[bins])?, w.dtype())
        }
        (None, Device::Gpu(ctx)) => ctx.value_sums(&astype(&xi, DType::U32)?, &w, bins).await,
        (None, Device::Cpu) => unreachable!("host values are taken on the CPU"),
    }
}

/// Elements of `a` at `indices` (int32 or uint32, negative counting from the end) along
/// `axis`, as NumPy's take. An index out of range is an error naming it.
pub async fn take(a: &Array, indices: &Array, axis: isize) -> Result<Array> {
    a.check_device(indices, "take")?;
    if !matches!(indices.dtype(), DType::I32 | DType::U32) {
        return Err(Error::DTypeMismatch {
            op: "take",
            expected: "int32 or uint32 indices".into(),
            got: indices.dtype(),
        });
    }
    let ax = a.axis(axis, "take")?;
    let n = a.shape().get(ax).copied().unwrap_or(1);
    // Readback: indices are checked and normalized on the host, so no kernel reads out of range.
    let raw = indices.to_vec::<i64>().await?;
    let mut idx = Vec::with_capacity(raw.len());
    for &i in &raw {
        let j = if i < 0 { i + n as i64 } else { i };
        if j < 0 || j >= n as i64 {
            return Err(Error::IndexOutOfBounds { op: "take", index: i, axis: ax, size: n });
        }
        idx.push(j as u32);
    }
    gather(a, &idx, ax, indices.shape())
}

/// Rows (or elements along `axis`) of `a` at indices the host already holds, as [`take`] but
/// with no readback: cross-validation splits gather their folds so, on the data's device.
pub fn take_indices(a: &Array, indices: &[usize], axis: isize) -> Result<Array> {
    let ax = a.axis(axis, "take_indices")?;
    let n = a.shape().get(ax).copied().unwrap_or(1);
    let mut idx = Vec::with_capacity(indices.len());
    for &i in indices {
        if i >= n {
            return Err(Error::IndexOutOfBounds { op: "take_indices", index: i as i64, axis: ax, size: n });
        }
        idx.push(i as u32);
    }
    gather(a, &idx, ax, &[indices.len()])
}

/// `a`'s elements at the checked `idx` along `ax`; the indices' own shape replaces that axis.
fn gather(a: &Array, idx: &[u32], ax: usize, index_shape: &[usize]) -> Result<Array> {
    let n = a.shape().get(ax).copied().unwrap_or(1);
    let k = idx.len();
    let mut shape = a.shape().to_vec();
    if shape.is_empty() {
        shape.push(1);
    }
    let outer: usize = shape[..ax].iter().product();
    let inner: usize = shape[ax + 1..].iter().product();
    shape.splice(ax..=ax, index_shape.iter().copied());
    match a.device() {
        Device::Cpu => {
            let idx: Vec<usize> = idx.iter().map(|&i| i as usize).collect();
            let r = crate::array::with_data!(a.cpu(), v => {
                let v = v.view().into_shape_with_order((outer, n, inner)).map(|v| v.to_owned()).unwrap_or_else(|_| v.as_standard_layout().into_owned().into_shape_with_order((outer, n, inner)).expect("size matches"));
                CpuData::from(v.select(ndarray::Axis(1), &idx).into_dyn())
            });
            Ok(Array::from_cpu(r).with_shape(shape))
        }
        Device::Gpu(ctx) => {
            let index = Array::from_vec(a.device(), idx.to_vec(), &[k])?;
            let buf = ctx.take(a.gpu(), a.dtype(), outer, n, inner, index.gpu(), k)?;
            Ok(Array::from_gpu(ctx, buf, shape, a.dtype()))
        }
    }
}

/// The elements of `a` picked along `axis` by `indices` (int32 or uint32, negative counting
/// from the end), whose shape matches `a`'s on every other axis: NumPy's take_along_axis, which
/// puts values in the order an `argsort` along the same axis gives.
/// Readback: the smallest and largest index, for the bounds check; the gather stays on the
/// device.
pub async fn take_along_axis(a: &Array, indices: &Array, axis: isize) -> Result<Array> {
    const OP: &str = "take_along_axis";
    a.check_device(indices, OP)?;
    if !matches!(indices.dtype(), DType::I32 | DType::U32) {
        return Err(Error::DTypeMismatch { op: OP, expected: "int32 or uint32 indices".into(), got: indices.dtype() });
    }
    let ax = a.axis(axis, OP)?;
    let other_axes_match =
        a.ndim() == indices.ndim() && (0..a.ndim()).all(|d| d == ax || a.shape()[d] == indices.shape()[d]);
    if !other_axes_match {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!(
                "indices of shape {:?} do not match an array of shape {:?} off axis {ax}",
                indices.shape(),
                a.shape()
            ),
        });
    }
    if indices.is_empty() {
        return Array::zeros(a.device(), indices.shape(), a.dtype());
    }
    // The flat positions below are int32 on the device.
    fits_int32(a, OP)?;
    let n = a.shape()[ax];
    let low = super::min(indices, None, false)?.to_vec::<i64>().await?[0];
    let high = super::max(indices, None, false)?.to_vec::<i64>().await?[0];
    for index in [low, high] {
        if index < -(n as i64) || index >= n as i64 {
            return Err(Error::IndexOutOfBounds { op: OP, index, axis: ax, size: n });
        }
    }
    let outer: usize = a.shape()[..ax].iter().product();
    let inner: usize = a.shape()[ax + 1..].iter().product();
    let m = indices.shape()[ax];
    // The bounds are checked, so uint32 indices fit int32.
    let idx = astype(indices, DType::I32)?;
    let out = match a.device() {
        Device::Cpu => {
            let idx = typed::<i32>(idx.cpu());
            let idx = idx.as_standard_layout();
            let idx = idx.as_slice().expect("standard layout");
            Array::from_cpu(crate::array::with_data!(a.cpu(), v => {
                let v = v.as_standard_layout();
                let r = cpu::take_along(v.as_slice().expect("standard layout"), idx, n, m, inner);
                CpuData::from(ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[r.len()]), r).expect("length matches"))
            }))
        }
        Device::Gpu(ctx) => {
            // Positions in a's flat buffer: (o * n + index) * inner + i, all below a.len().
            let int = |v: usize| Array::scalar(a.device(), v as f64, DType::I32);
            let idx = where_(&super::less(&idx, &int(0)?)?, &super::add(&idx, &int(n)?)?, &idx)?;
            let idx = idx.reshape(&[outer as isize, m as isize, inner as isize])?;
            let o = Array::arange(a.device(), 0.0, outer as f64, 1.0, DType::I32)?.reshape(&[-1, 1, 1])?;
            let i = Array::arange(a.device(), 0.0, inner as f64, 1.0, DType::I32)?.reshape(&[1, 1, -1])?;
            let row = super::mul(&super::add(&super::mul(&o, &int(n)?)?, &idx)?, &int(inner)?)?;
            let flat = astype(&super::add(&row, &i)?, DType::U32)?;
            let buf = ctx.take(a.gpu(), a.dtype(), 1, a.len(), 1, flat.gpu(), flat.len())?;
            Array::from_gpu(ctx, buf, vec![flat.len()], a.dtype())
        }
    };
    Ok(out.with_shape(indices.shape().to_vec()))
}
