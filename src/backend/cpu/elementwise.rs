//! Elementwise ops on ndarray, with NumPy broadcasting.

use super::scalar::Num;
use super::{alloc, numeric};
use crate::array::{typed, CpuData};
use crate::dtype::DType;
use crate::ops::{BinaryOp, BinaryVisitor, CompareOp, PredicateOp, UnaryFloatOp, UnaryNumericOp, UnaryVisitor};
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

/// Applies an op table's function to broadcast operands (see `ops::op_tables`).
struct Zip2<'a> {
    a: &'a CpuData,
    b: &'a CpuData,
    shape: &'a [usize],
}

impl<T: Num + Sync, O: Send> BinaryVisitor<T, O> for Zip2<'_> {
    type Output = ArrayD<O>;
    fn visit<F: Fn(T, T) -> O + Sync>(self, f: F) -> ArrayD<O> {
        zip2(self.a, self.b, self.shape, f)
    }
}

/// Applies an op table's function to every element.
struct Map<'a, S: ndarray::Data>(&'a ArrayBase<S, IxDyn>);

impl<T: Copy + Sync, O: Send, S: ndarray::Data<Elem = T>> UnaryVisitor<T, O> for Map<'_, S> {
    type Output = ArrayD<O>;
    fn visit<F: Fn(T) -> O + Sync>(self, f: F) -> ArrayD<O> {
        map(self.0, f)
    }
}

/// `a OP b`; both already hold the result dtype, which is numeric. The op is matched outside
/// the loop so that each loop body is a single monomorphic operation.
pub(crate) fn binary(op: BinaryOp, a: &CpuData, b: &CpuData, shape: &[usize]) -> CpuData {
    numeric!(a.dtype(), T => CpuData::from(op.visit_cpu::<T, _>(Zip2 { a, b, shape })))
}

pub(crate) fn compare(op: CompareOp, a: &CpuData, b: &CpuData, shape: &[usize]) -> CpuData {
    numeric!(a.dtype(), T => CpuData::Bool(op.visit_cpu::<T, _>(Zip2 { a, b, shape }).into_shared()))
}

/// The items of an operand of a result of `len` items, when it holds them all contiguously
/// or is a single value.
fn whole_or_one<'a, T>(a: &'a ndarray::CowArray<'_, T, IxDyn>, len: usize) -> Option<&'a [T]> {
    a.as_slice().filter(|s| s.len() == 1 || s.len() == len)
}

/// Item `i` of an operand that [`whole_or_one`] accepted.
#[inline(always)]
fn item<T: Copy>(s: &[T], i: usize) -> T {
    if s.len() == 1 {
        s[0]
    } else {
        s[i]
    }
}

pub(crate) fn where_(cond: &CpuData, a: &CpuData, b: &CpuData, shape: &[usize]) -> CpuData {
    let c = typed::<bool>(cond);
    let sh = IxDyn(shape);
    let len: usize = shape.iter().product();
    // Every dtype, bool included: the result keeps the dtype of its operands.
    crate::array::with_dtype!(a.dtype(), T => {
        let (x, y) = (typed::<T>(a), typed::<T>(b));
        // A flat loop where each operand is either whole and contiguous or a single value.
        if let (Some(cs), Some(xs), Some(ys)) = (whole_or_one(&c, len), whole_or_one(&x, len), whole_or_one(&y, len)) {
            // SAFETY: every index of each chunk is written.
            let v = unsafe {
                alloc::build(len, 1, |start, out| {
                    for (k, o) in out.iter_mut().enumerate() {
                        let i = start + k;
                        o.write(if item(cs, i) { item(xs, i) } else { item(ys, i) });
                    }
                })
            };
            return CpuData::from(ArrayD::from_shape_vec(sh, v).expect("length matches shape"));
        }
        CpuData::from(
            Zip::from(c.broadcast(sh.clone()).expect("shapes broadcast"))
                .and(x.broadcast(sh.clone()).expect("shapes broadcast"))
                .and(y.broadcast(sh).expect("shapes broadcast"))
                .map_collect(|&c, &x, &y| if c { x } else { y }),
        )
    })
}

/// A float function of a float array.
pub(crate) fn unary_float(op: UnaryFloatOp, a: &CpuData) -> CpuData {
    match a {
        CpuData::F32(x) => CpuData::F32(op.visit_cpu(Map(x)).into_shared()),
        CpuData::F64(x) => CpuData::F64(op.visit_cpu(Map(x)).into_shared()),
        other => unreachable!("float op on {}", other.dtype()),
    }
}

pub(crate) fn unary_numeric(op: UnaryNumericOp, a: &CpuData) -> CpuData {
    numeric!(a.dtype(), T => CpuData::from(op.visit_cpu::<T, _>(Map(&typed::<T>(a)))))
}

pub(crate) fn predicate(op: PredicateOp, a: &CpuData) -> CpuData {
    // Bools answer as the integers 0 and 1 do.
    if let CpuData::Bool(_) = a {
        return predicate(op, &a.cast(DType::U32));
    }
    numeric!(a.dtype(), T => CpuData::Bool(op.visit_cpu::<T, _>(Map(&typed::<T>(a))).into_shared()))
}
