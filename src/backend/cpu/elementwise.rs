//! Elementwise ops on ndarray, with NumPy broadcasting.

use super::numeric;
use super::scalar::{Float, Num};
use crate::array::{typed, CpuData};
use crate::dtype::DType;
use crate::ops::kinds::{BinaryOp, CompareOp, PredicateOp, UnaryFloatOp, UnaryNumericOp};
use ndarray::{ArrayD, IxDyn, Zip};

fn binary_apply<T: Num>(op: BinaryOp, x: T, y: T) -> T {
    match op {
        BinaryOp::Add => x.add(y),
        BinaryOp::Sub => x.sub(y),
        BinaryOp::Mul => x.mul(y),
        BinaryOp::Div => x.div(y),
        BinaryOp::Pow => x.pow(y),
        BinaryOp::Maximum => x.max_nan(y),
        BinaryOp::Minimum => x.min_nan(y),
    }
}

fn compare_apply<T: Num>(op: CompareOp, x: T, y: T) -> bool {
    match op {
        CompareOp::Eq => x == y,
        CompareOp::Ne => x != y,
        CompareOp::Lt => x < y,
        CompareOp::Le => x <= y,
        CompareOp::Gt => x > y,
        CompareOp::Ge => x >= y,
    }
}

fn zip2<T: Num, R>(a: &CpuData, b: &CpuData, shape: &[usize], f: impl Fn(T, T) -> R) -> ArrayD<R> {
    let (a, b) = (typed::<T>(a), typed::<T>(b));
    let shape = IxDyn(shape);
    Zip::from(a.broadcast(shape.clone()).expect("shapes broadcast"))
        .and(b.broadcast(shape).expect("shapes broadcast"))
        .map_collect(|&x, &y| f(x, y))
}

/// `a OP b`; both already hold the result dtype, which is numeric.
pub(crate) fn binary(op: BinaryOp, a: &CpuData, b: &CpuData, shape: &[usize]) -> CpuData {
    numeric!(a.dtype(), T => CpuData::from(zip2::<T, T>(a, b, shape, |x, y| binary_apply(op, x, y))))
}

pub(crate) fn compare(op: CompareOp, a: &CpuData, b: &CpuData, shape: &[usize]) -> CpuData {
    numeric!(a.dtype(), T => CpuData::Bool(zip2::<T, bool>(a, b, shape, |x, y| compare_apply(op, x, y))))
}

pub(crate) fn where_(cond: &CpuData, a: &CpuData, b: &CpuData, shape: &[usize]) -> CpuData {
    let c = typed::<bool>(cond);
    let sh = IxDyn(shape);
    numeric!(a.dtype(), T => {
        let (x, y) = (typed::<T>(a), typed::<T>(b));
        CpuData::from(
            Zip::from(c.broadcast(sh.clone()).expect("shapes broadcast"))
                .and(x.broadcast(sh.clone()).expect("shapes broadcast"))
                .and(y.broadcast(sh).expect("shapes broadcast"))
                .map_collect(|&c, &x, &y| if c { x } else { y }),
        )
    })
}

fn float_apply<T: Float>(op: UnaryFloatOp, x: T) -> T {
    match op {
        UnaryFloatOp::Sqrt => x.sqrt(),
        UnaryFloatOp::Reciprocal => T::one().div(x),
        UnaryFloatOp::Exp => x.exp(),
        UnaryFloatOp::Expm1 => x.exp_m1(),
        UnaryFloatOp::Log => x.ln(),
        UnaryFloatOp::Log1p => x.ln_1p(),
        UnaryFloatOp::Sin => x.sin(),
        UnaryFloatOp::Cos => x.cos(),
        UnaryFloatOp::Tanh => x.tanh(),
        UnaryFloatOp::Floor => x.floor(),
        UnaryFloatOp::Ceil => x.ceil(),
        UnaryFloatOp::Round => x.round_even(),
    }
}

/// A float function of a float array.
pub(crate) fn unary_float(op: UnaryFloatOp, a: &CpuData) -> CpuData {
    match a {
        CpuData::F32(x) => CpuData::F32(x.mapv(|v| float_apply(op, v))),
        CpuData::F64(x) => CpuData::F64(x.mapv(|v| float_apply(op, v))),
        other => unreachable!("float op on {}", other.dtype()),
    }
}

pub(crate) fn unary_numeric(op: UnaryNumericOp, a: &CpuData) -> CpuData {
    numeric!(a.dtype(), T => CpuData::from(typed::<T>(a).mapv(|x: T| match op {
        UnaryNumericOp::Abs => x.abs(),
        UnaryNumericOp::Neg => x.neg(),
        UnaryNumericOp::Square => x.mul(x),
        UnaryNumericOp::Sign => x.sign(),
    })))
}

pub(crate) fn predicate(op: PredicateOp, a: &CpuData) -> CpuData {
    if let CpuData::Bool(x) = a {
        return CpuData::Bool(x.mapv(|v| match op {
            PredicateOp::IsNan => false,
            PredicateOp::IsFinite => true,
            PredicateOp::NonZero => v,
            PredicateOp::IsZero => !v,
        }));
    }
    numeric!(a.dtype(), T => CpuData::Bool(typed::<T>(a).mapv(|x: T| match op {
        PredicateOp::IsNan => x.is_nan(),
        PredicateOp::IsFinite => x.is_finite(),
        PredicateOp::NonZero => x != T::zero(),
        PredicateOp::IsZero => x == T::zero(),
    })))
}
