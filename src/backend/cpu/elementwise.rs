//! Elementwise ops on ndarray, with NumPy broadcasting.

use super::scalar::{Float, Num};
use super::{alloc, numeric};
use crate::array::{typed, CpuData};
use crate::dtype::DType;
use crate::ops::kinds::{BinaryOp, CompareOp, PredicateOp, UnaryFloatOp, UnaryNumericOp};
use ndarray::{ArrayBase, ArrayD, IxDyn, Zip};

/// `f(x[i])` for every item of `x`, in parallel for large inputs.
fn map_slice<T: Copy + Sync, R: Send>(x: &[T], f: impl Fn(T) -> R + Sync) -> Vec<R> {
    // SAFETY: each chunk is zipped with as many inputs, so every item is written.
    unsafe {
        alloc::build(x.len(), 1, |start, out| {
            for (o, &v) in out.iter_mut().zip(&x[start..]) {
                o.write(f(v));
            }
        })
    }
}

/// `f(x[i], y[i])` for two slices of the same length.
fn zip_slices<T: Copy + Sync, R: Send>(x: &[T], y: &[T], f: impl Fn(T, T) -> R + Sync) -> Vec<R> {
    // SAFETY: each chunk is zipped with as many inputs, so every item is written.
    unsafe {
        alloc::build(x.len(), 1, |start, out| {
            for (o, (&a, &b)) in out.iter_mut().zip(x[start..].iter().zip(&y[start..])) {
                o.write(f(a, b));
            }
        })
    }
}

/// `f(m[r, j], row[j])` for a row-major matrix `m` with rows as long as `row`.
fn zip_rows<T: Copy + Sync, R: Send>(m: &[T], row: &[T], f: impl Fn(T, T) -> R + Sync) -> Vec<R> {
    let w = row.len();
    // SAFETY: chunks hold whole rows (align = w) and each row is zipped with a full row of m.
    unsafe {
        alloc::build(m.len(), w, |start, out| {
            for (o_row, m_row) in out.chunks_mut(w).zip(m[start..].chunks(w)) {
                for (o, (&a, &b)) in o_row.iter_mut().zip(m_row.iter().zip(row)) {
                    o.write(f(a, b));
                }
            }
        })
    }
}

/// `f` over every element of `x`, into an array of the same shape.
fn map<T: Copy + Sync, R: Send, S: ndarray::Data<Elem = T>>(
    x: &ArrayBase<S, IxDyn>,
    f: impl Fn(T) -> R + Sync,
) -> ArrayD<R> {
    match x.as_slice() {
        Some(s) => ArrayD::from_shape_vec(x.raw_dim(), map_slice(s, f)).expect("same length"),
        None => x.mapv(f),
    }
}

/// The shape `short` without its leading ones, when it is a suffix of `shape`: an operand
/// broadcast along the leading axes (a row against a matrix).
fn is_row_of(short: &[usize], shape: &[usize]) -> bool {
    let first = short.iter().position(|&d| d != 1).unwrap_or(short.len());
    shape.ends_with(&short[first..])
}

fn zip2<T: Num + Sync, R: Send>(a: &CpuData, b: &CpuData, shape: &[usize], f: impl Fn(T, T) -> R + Sync) -> ArrayD<R> {
    let (a, b) = (typed::<T>(a), typed::<T>(b));
    let flat = |v: Vec<R>| ArrayD::from_shape_vec(IxDyn(shape), v).expect("length matches shape");
    // Flat loops for the common layouts: ndarray's Zip over dynamic dimensions does not vectorize.
    if let (Some(x), Some(y)) = (a.as_slice(), b.as_slice()) {
        if a.shape() == shape && b.shape() == shape {
            return flat(zip_slices(x, y, f));
        }
        if a.shape() == shape && b.len() == 1 {
            let y = y[0];
            return flat(map_slice(x, |x| f(x, y)));
        }
        if b.shape() == shape && a.len() == 1 {
            let x = x[0];
            return flat(map_slice(y, |y| f(x, y)));
        }
        // A matrix and a row (X - mean, X / scale).
        if a.shape() == shape && !y.is_empty() && is_row_of(b.shape(), shape) {
            return flat(zip_rows(x, y, f));
        }
        if b.shape() == shape && !x.is_empty() && is_row_of(a.shape(), shape) {
            return flat(zip_rows(y, x, |b, a| f(a, b)));
        }
    }
    let shape = IxDyn(shape);
    Zip::from(a.broadcast(shape.clone()).expect("shapes broadcast"))
        .and(b.broadcast(shape).expect("shapes broadcast"))
        .map_collect(|&x, &y| f(x, y))
}

/// `a OP b`; both already hold the result dtype, which is numeric. The op is matched outside
/// the loop so that each loop body is a single monomorphic operation.
pub(crate) fn binary(op: BinaryOp, a: &CpuData, b: &CpuData, shape: &[usize]) -> CpuData {
    numeric!(a.dtype(), T => CpuData::from(match op {
        BinaryOp::Add => zip2::<T, T>(a, b, shape, <T as Num>::add),
        BinaryOp::Sub => zip2::<T, T>(a, b, shape, <T as Num>::sub),
        BinaryOp::Mul => zip2::<T, T>(a, b, shape, <T as Num>::mul),
        BinaryOp::Div => zip2::<T, T>(a, b, shape, <T as Num>::div),
        BinaryOp::Pow => zip2::<T, T>(a, b, shape, <T as Num>::pow),
        BinaryOp::Maximum => zip2::<T, T>(a, b, shape, <T as Num>::max_nan),
        BinaryOp::Minimum => zip2::<T, T>(a, b, shape, <T as Num>::min_nan),
    }))
}

pub(crate) fn compare(op: CompareOp, a: &CpuData, b: &CpuData, shape: &[usize]) -> CpuData {
    numeric!(a.dtype(), T => CpuData::Bool(match op {
        CompareOp::Eq => zip2::<T, bool>(a, b, shape, |x, y| x == y),
        CompareOp::Ne => zip2::<T, bool>(a, b, shape, |x, y| x != y),
        CompareOp::Lt => zip2::<T, bool>(a, b, shape, |x, y| x < y),
        CompareOp::Le => zip2::<T, bool>(a, b, shape, |x, y| x <= y),
        CompareOp::Gt => zip2::<T, bool>(a, b, shape, |x, y| x > y),
        CompareOp::Ge => zip2::<T, bool>(a, b, shape, |x, y| x >= y),
    }))
}

pub(crate) fn where_(cond: &CpuData, a: &CpuData, b: &CpuData, shape: &[usize]) -> CpuData {
    let c = typed::<bool>(cond);
    let sh = IxDyn(shape);
    // Every dtype, bool included: the result keeps the dtype of its operands.
    crate::array::with_dtype!(a.dtype(), T => {
        let (x, y) = (typed::<T>(a), typed::<T>(b));
        CpuData::from(
            Zip::from(c.broadcast(sh.clone()).expect("shapes broadcast"))
                .and(x.broadcast(sh.clone()).expect("shapes broadcast"))
                .and(y.broadcast(sh).expect("shapes broadcast"))
                .map_collect(|&c, &x, &y| if c { x } else { y }),
        )
    })
}

fn float_map<T: Float>(op: UnaryFloatOp, x: &ndarray::ArrayD<T>) -> ndarray::ArrayD<T> {
    match op {
        UnaryFloatOp::Sqrt => map(x, <T as Float>::sqrt),
        UnaryFloatOp::Reciprocal => map(x, |v| T::one().div(v)),
        UnaryFloatOp::Exp => map(x, <T as Float>::exp),
        UnaryFloatOp::Expm1 => map(x, <T as Float>::exp_m1),
        UnaryFloatOp::Log => map(x, <T as Float>::ln),
        UnaryFloatOp::Log1p => map(x, <T as Float>::ln_1p),
        UnaryFloatOp::Sin => map(x, <T as Float>::sin),
        UnaryFloatOp::Cos => map(x, <T as Float>::cos),
        UnaryFloatOp::Tanh => map(x, <T as Float>::tanh),
        UnaryFloatOp::Floor => map(x, <T as Float>::floor),
        UnaryFloatOp::Ceil => map(x, <T as Float>::ceil),
        UnaryFloatOp::Round => map(x, <T as Float>::round_even),
    }
}

/// A float function of a float array.
pub(crate) fn unary_float(op: UnaryFloatOp, a: &CpuData) -> CpuData {
    match a {
        CpuData::F32(x) => CpuData::F32(float_map(op, x)),
        CpuData::F64(x) => CpuData::F64(float_map(op, x)),
        other => unreachable!("float op on {}", other.dtype()),
    }
}

pub(crate) fn unary_numeric(op: UnaryNumericOp, a: &CpuData) -> CpuData {
    numeric!(a.dtype(), T => {
        let x = typed::<T>(a);
        CpuData::from(match op {
            UnaryNumericOp::Abs => map(&x, <T as Num>::abs),
            UnaryNumericOp::Neg => map(&x, <T as Num>::neg),
            UnaryNumericOp::Square => map(&x, |v| v.mul(v)),
            UnaryNumericOp::Sign => map(&x, <T as Num>::sign),
        })
    })
}

pub(crate) fn predicate(op: PredicateOp, a: &CpuData) -> CpuData {
    if let CpuData::Bool(x) = a {
        return CpuData::Bool(map(x, |v: bool| match op {
            PredicateOp::IsNan => false,
            PredicateOp::IsFinite => true,
            PredicateOp::NonZero => v,
            PredicateOp::IsZero => !v,
        }));
    }
    numeric!(a.dtype(), T => CpuData::Bool(map(&typed::<T>(a), |x: T| match op {
        PredicateOp::IsNan => x.is_nan(),
        PredicateOp::IsFinite => x.is_finite(),
        PredicateOp::NonZero => x != T::zero(),
        PredicateOp::IsZero => x == T::zero(),
    })))
}
