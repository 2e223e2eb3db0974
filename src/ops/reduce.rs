//! Reductions along one axis or over all elements: sum, prod, min, max, max_abs, mean, var, std,
//! argmin, argmax, any, all, count_nonzero and logsumexp.

use super::{astype, broadcast_shapes, div, exp, isfinite, log, square, sub, where_};
use crate::array::{typed, Array, CpuData};
use crate::backend::cpu::scalar::Num;
use crate::backend::cpu::{numeric, reduce as cpu};
use crate::backend::gpu::reduce::Fold;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};

/// A reduction seen as folding axis 1 of an (outer, len, inner) view, with the result's
/// shape without and with the reduced axis kept.
struct Split {
    outer: usize,
    len: usize,
    inner: usize,
    shape: Vec<usize>,
    keep: Vec<usize>,
}

/// Which elements a reduction folds: all of them, or those along one axis.
fn split(a: &Array, axis: Option<isize>, op: &'static str) -> Result<Split> {
    let shape = a.shape();
    match axis {
        None => Ok(Split { outer: 1, len: a.len(), inner: 1, shape: vec![], keep: vec![1; shape.len()] }),
        Some(ax) => {
            let ax = a.axis(ax, op)?;
            if shape.is_empty() {
                return Ok(Split { outer: 1, len: 1, inner: 1, shape: vec![], keep: vec![] });
            }
            let mut out: Vec<usize> = shape.to_vec();
            out.remove(ax);
            let mut keep = shape.to_vec();
            keep[ax] = 1;
            Ok(Split {
                outer: shape[..ax].iter().product(),
                len: shape[ax],
                inner: shape[ax + 1..].iter().product(),
                shape: out,
                keep,
            })
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Sum = 0,
    Prod = 1,
    Min = 2,
    Max = 3,
    MaxAbs = 4,
}

fn fold_cpu<T: Num>(a: &CpuData, dims: (usize, usize, usize), kind: Kind) -> ndarray::Array2<T> {
    let v = typed::<T>(a);
    let v = v.as_standard_layout();
    let v = v.view().into_shape_with_order(dims).expect("size matches");
    match kind {
        Kind::Sum => cpu::fold(v, T::add, T::zero()),
        Kind::Prod => cpu::fold(v, T::mul, T::one()),
        Kind::Min => cpu::fold(v, T::min_nan, T::highest()),
        Kind::Max => cpu::fold(v, T::max_nan, T::lowest()),
        // Partials are never negative, so |.| may apply at every level of the tree.
        Kind::MaxAbs => cpu::fold(v, |acc: T, x: T| acc.max_nan(x.abs()), T::zero()),
    }
}

fn fold(a: &Array, kind: Kind, axis: Option<isize>, keepdims: bool, op: &'static str) -> Result<Array> {
    let Split { outer, len, inner, shape, keep } = split(a, axis, op)?;
    let shape = if keepdims { keep } else { shape };
    let dtype = match (a.dtype(), kind) {
        // |i32::MIN| does not fit int32.
        (d, Kind::MaxAbs) => d.float_result(),
        (DType::Bool, Kind::Sum | Kind::Prod) => DType::I32,
        (DType::Bool, _) => DType::U32,
        (d, _) => d,
    };
    if len == 0 && matches!(kind, Kind::Min | Kind::Max | Kind::MaxAbs) {
        return Err(Error::EmptyInput { op, shape: a.shape().to_vec() });
    }
    let input_dtype = a.dtype();
    if let (Device::Cpu, DType::Bool, Kind::Sum) = (a.device(), input_dtype, kind) {
        // Counted from the bools, without an int32 copy.
        let v = typed::<bool>(a.cpu());
        let v = v.as_standard_layout();
        let v = v.view().into_shape_with_order((outer, len, inner)).expect("size matches");
        return Ok(Array::from_cpu(CpuData::from(cpu::count_true(v).into_dyn())).with_shape(shape));
    }
    let a = astype(a, dtype)?;
    let out = match a.device() {
        Device::Cpu => {
            let r = numeric!(dtype, T => CpuData::from(fold_cpu::<T>(a.cpu(), (outer, len, inner), kind).into_dyn()));
            Array::from_cpu(r).with_shape(shape)
        }
        Device::Gpu(ctx) => {
            if len == 0 || outer * inner == 0 {
                let identity = if kind == Kind::Prod { 1.0 } else { 0.0 };
                Array::full(a.device(), &shape, identity, dtype)?
            } else {
                let (buf, _) = ctx.reduce(Fold::Value(kind as u32), a.gpu(), dtype, outer, len, inner)?;
                Array::from_gpu(ctx, buf, shape, dtype)
            }
        }
    };
    // min/max of bool were computed on 0/1 integers.
    if matches!(kind, Kind::Min | Kind::Max) && input_dtype == DType::Bool {
        return astype(&out, DType::Bool);
    }
    Ok(out)
}

macro_rules! folds {
    ($($(#[$doc:meta])* $name:ident => $kind:expr),* $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $name(a: &Array, axis: Option<isize>, keepdims: bool) -> Result<Array> {
                fold(a, $kind, axis, keepdims, stringify!($name))
            }
        )*
    };
}

folds!(
    /// Pairwise sum; bool and int32 sum to int32.
    sum => Kind::Sum,
    prod => Kind::Prod,
    /// Minimum, propagating NaN; an empty axis is an error.
    min => Kind::Min,
    /// Maximum, propagating NaN; an empty axis is an error.
    max => Kind::Max,
    /// Maximum of |a| (`np.max(np.abs(a))`) in one pass, with no |a| stored; propagates NaN;
    /// integers and bools compute in float64; an empty axis is an error.
    max_abs => Kind::MaxAbs,
);

/// Σ (a − b)² along `axis` (over all elements for None), `b` broadcast against `a`: the
/// residual and total sums of squares of R² and the explained variance. On the host it is
/// one pass over the inputs, the differences and squares never stored, wherever `b` has
/// `a`'s shape or is constant along the axis (a mean with keepdims); elsewhere, and on a
/// GPU, the same terms are computed apart and summed alike.
pub fn sum_squared_difference(a: &Array, b: &Array, axis: Option<isize>, keepdims: bool) -> Result<Array> {
    const OP: &str = "sum_squared_difference";
    a.check_device(b, OP)?;
    let shape = broadcast_shapes(a.shape(), b.shape(), OP)?;
    let dtype = DType::promote(a.dtype(), b.dtype()).float_result();
    let (a, b) = (astype(a, dtype)?, astype(b, dtype)?);
    if matches!(a.device(), Device::Cpu) && a.shape() == shape {
        let Split { outer, len, inner, shape: out, keep } = split(&a, axis, OP)?;
        let mut b_dims = vec![1; shape.len() - b.ndim()];
        b_dims.extend_from_slice(b.shape());
        let b_len = if b_dims == shape {
            Some(len)
        } else if b_dims == keep {
            Some(1)
        } else {
            None
        };
        if let Some(b_len) = b_len {
            let sums = numeric!(dtype, T => {
                let (av, bv) = (typed::<T>(a.cpu()), typed::<T>(b.cpu()));
                let (av, bv) = (av.as_standard_layout(), bv.as_standard_layout());
                let av = av.view().into_shape_with_order((outer, len, inner)).expect("size matches");
                let bv = bv.view().into_shape_with_order((outer, b_len, inner)).expect("size matches");
                let bv = bv.broadcast((outer, len, inner)).expect("b is constant along the axis");
                CpuData::from(cpu::sum_squared_difference(av, bv).into_dyn())
            });
            return Ok(Array::from_cpu(sums).with_shape(if keepdims { keep } else { out }));
        }
    }
    sum(&square(&sub(&a, &b)?)?, axis, keepdims)
}

fn count(a: &Array, axis: Option<isize>, op: &'static str) -> Result<Array> {
    let len = split(a, axis, op)?.len;
    Array::scalar(a.device(), len as f64, a.dtype().float_result())
}

/// Arithmetic mean; integers average in float64.
pub fn mean(a: &Array, axis: Option<isize>, keepdims: bool) -> Result<Array> {
    let a = astype(a, a.dtype().float_result())?;
    div(&sum(&a, axis, keepdims)?, &count(&a, axis, "mean")?)
}

/// Variance with `ddof` delta degrees of freedom (two passes, as NumPy).
pub fn var(a: &Array, axis: Option<isize>, ddof: f64, keepdims: bool) -> Result<Array> {
    let a = astype(a, a.dtype().float_result())?;
    let centered = sub(&a, &mean(&a, axis, true)?)?;
    let ss = sum(&square(&centered)?, axis, keepdims)?;
    let len = split(&a, axis, "var")?.len;
    let dof = Array::scalar(a.device(), (len as f64 - ddof).max(0.0), a.dtype())?;
    div(&ss, &dof)
}

/// Standard deviation: the square root of [`var`].
pub fn std(a: &Array, axis: Option<isize>, ddof: f64, keepdims: bool) -> Result<Array> {
    super::sqrt(&var(a, axis, ddof, keepdims)?)
}

fn arg(a: &Array, axis: Option<isize>, max: bool, op: &'static str) -> Result<Array> {
    let Split { outer, len, inner, shape, .. } = split(a, axis, op)?;
    if len == 0 {
        return Err(Error::EmptyInput { op, shape: a.shape().to_vec() });
    }
    let dtype = if a.dtype() == DType::Bool { DType::U32 } else { a.dtype() };
    let a = astype(a, dtype)?;
    let idx = match a.device() {
        Device::Cpu => {
            let r = numeric!(dtype, T => {
                let v = typed::<T>(a.cpu());
                let v = v.as_standard_layout();
                cpu::arg(v.view().into_shape_with_order((outer, len, inner)).expect("size matches"), max)
            });
            Array::from_cpu(CpuData::U32(r.into_dyn().into_shared())).with_shape(shape)
        }
        Device::Gpu(ctx) => {
            if outer * inner == 0 {
                Array::zeros(a.device(), &shape, DType::U32)?
            } else {
                let (_, idx) = ctx.reduce(Fold::Arg(u32::from(max)), a.gpu(), dtype, outer, len, inner)?;
                Array::from_gpu(ctx, idx.expect("arg folds return indices"), shape, DType::U32)
            }
        }
    };
    astype(&idx, DType::I32)
}

/// Index of the minimum (the first one on ties; NaN counts as the minimum), as int32.
/// Without an axis the index is into the flattened array.
pub fn argmin(a: &Array, axis: Option<isize>) -> Result<Array> {
    arg(a, axis, false, "argmin")
}

/// Index of the maximum (the first one on ties; NaN counts as the maximum), as int32.
pub fn argmax(a: &Array, axis: Option<isize>) -> Result<Array> {
    arg(a, axis, true, "argmax")
}

/// Whether any element is nonzero.
pub fn any(a: &Array, axis: Option<isize>, keepdims: bool) -> Result<Array> {
    if a.is_empty() && axis.is_none() {
        return Array::full(a.device(), &[], 0.0, DType::Bool);
    }
    max(&astype(a, DType::Bool)?, axis, keepdims)
}

/// Whether every element is nonzero.
pub fn all(a: &Array, axis: Option<isize>, keepdims: bool) -> Result<Array> {
    if a.is_empty() && axis.is_none() {
        return Array::full(a.device(), &[], 1.0, DType::Bool);
    }
    min(&astype(a, DType::Bool)?, axis, keepdims)
}

/// Number of nonzero elements, as int32.
pub fn count_nonzero(a: &Array, axis: Option<isize>, keepdims: bool) -> Result<Array> {
    sum(&astype(a, DType::Bool)?, axis, keepdims)
}

/// log(sum(exp(a))) computed stably, as scipy.special.logsumexp.
pub fn logsumexp(a: &Array, axis: Option<isize>, keepdims: bool) -> Result<Array> {
    let a = astype(a, a.dtype().float_result())?;
    let m = max(&a, axis, true)?;
    // A non-finite maximum (all -inf, or inf) would turn a - m into NaN; scipy shifts by 0 then.
    let zero = Array::scalar(a.device(), 0.0, a.dtype())?;
    let m = where_(&isfinite(&m)?, &m, &zero)?;
    let s = sum(&exp(&sub(&a, &m)?)?, axis, keepdims)?;
    let m = if keepdims { m } else { m.reshape(&s.shape().iter().map(|&d| d as isize).collect::<Vec<_>>())? };
    super::add(&log(&s)?, &m)
}

/// The non-finite values of `s`, counted on every core (one read of the data).
fn count_non_finite<T: crate::backend::cpu::scalar::Num>(s: &[T]) -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        s.par_chunks(1 << 16).map(|c| c.iter().filter(|x| !x.is_finite()).count()).sum()
    }
    #[cfg(target_arch = "wasm32")]
    s.iter().filter(|x| !x.is_finite()).count()
}

/// `Error::NonFinite` naming the argument `arg` (scikit-learn's "Input X contains NaN"), how
/// many NaN or infinite values `a` holds and the index (row, column, ...) of the first;
/// estimators and metrics call it on their input, with `op` the method the user called.
/// Readback: two scalars, the count and the first index.
pub async fn ensure_finite(a: &Array, arg: &'static str, op: &'static str) -> Result<()> {
    if !a.dtype().is_float() || a.is_empty() {
        return Ok(());
    }
    let (count, first_index) = match a.device() {
        // One pass over the data and no temporaries: on the host this check costs a read.
        Device::Cpu => numeric!(a.dtype(), T => {
            let v = typed::<T>(a.cpu());
            let count = match v.as_slice() {
                Some(s) => count_non_finite(s),
                None => v.iter().filter(|x| !x.is_finite()).count(),
            };
            let first = if count > 0 { v.iter().position(|x| !x.is_finite()).unwrap_or(0) } else { 0 };
            (count, first)
        }),
        Device::Gpu(_) => {
            // The sum of the values is non-finite when any value is (NaN and infinities
            // propagate) and reads the data once, with no array of flags: only a non-finite
            // sum (or finite values whose sum overflows) has the values counted and located.
            if sum(a, None, false)?.to_vec::<f64>().await?[0].is_finite() {
                return Ok(());
            }
            let bad = super::logical_not(&isfinite(a)?)?;
            let count = count_nonzero(&bad, None, false)?.to_vec::<i32>().await?[0] as usize;
            if count == 0 {
                return Ok(());
            }
            (count, argmax(&bad, None)?.to_vec::<i32>().await?[0] as usize)
        }
    };
    if count == 0 {
        return Ok(());
    }
    let mut at = vec![0; a.ndim()];
    let mut rest = first_index;
    for (d, &n) in a.shape().iter().enumerate().rev() {
        at[d] = rest % n;
        rest /= n;
    }
    Err(Error::NonFinite { op, arg, count, at })
}
