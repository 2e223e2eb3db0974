//! Elementwise ops on ndarray, with NumPy broadcasting.

use super::numeric;
use super::scalar::{Float, Num};
use crate::array::{typed, CpuData};
use crate::dtype::DType;
use crate::ops::kinds::{BinaryOp, CompareOp, PredicateOp, UnaryFloatOp, UnaryNumericOp};
use ndarray::{ArrayD, IxDyn, Zip};

fn zip2<T: Num, R>(a: &CpuData, b: &CpuData, shape: &[usize], f: impl Fn(T, T) -> R) -> ArrayD<R> {
    let (a, b) = (typed::<T>(a), typed::<T>(b));
    let flat = |v: Vec<R>| ArrayD::from_shape_vec(IxDyn(shape), v).expect("length matches shape");
    // Flat loops for the common layouts: ndarray's Zip over dynamic dimensions does not vectorize.
    if let (Some(x), Some(y)) = (a.as_slice(), b.as_slice()) {
        if a.shape() == shape && b.shape() == shape {
            return flat(x.iter().zip(y).map(|(&x, &y)| f(x, y)).collect());
        }
        if a.shape() == shape && b.len() == 1 {
            let y = y[0];
            return flat(x.iter().map(|&x| f(x, y)).collect());
        }
        if b.shape() == shape && a.len() == 1 {
            let x = x[0];
            return flat(y.iter().map(|&y| f(x, y)).collect());
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

fn float_map<T: Float>(op: UnaryFloatOp, x: &ndarray::ArrayD<T>) -> ndarray::ArrayD<T> {
    match op {
        UnaryFloatOp::Sqrt => x.mapv(<T as Float>::sqrt),
        UnaryFloatOp::Reciprocal => x.mapv(|v| T::one().div(v)),
        UnaryFloatOp::Exp => x.mapv(<T as Float>::exp),
        UnaryFloatOp::Expm1 => x.mapv(<T as Float>::exp_m1),
        UnaryFloatOp::Log => x.mapv(<T as Float>::ln),
        UnaryFloatOp::Log1p => x.mapv(<T as Float>::ln_1p),
        UnaryFloatOp::Sin => x.mapv(<T as Float>::sin),
        UnaryFloatOp::Cos => x.mapv(<T as Float>::cos),
        UnaryFloatOp::Tanh => x.mapv(<T as Float>::tanh),
        UnaryFloatOp::Floor => x.mapv(<T as Float>::floor),
        UnaryFloatOp::Ceil => x.mapv(<T as Float>::ceil),
        UnaryFloatOp::Round => x.mapv(<T as Float>::round_even),
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
            UnaryNumericOp::Abs => x.mapv(<T as Num>::abs),
            UnaryNumericOp::Neg => x.mapv(<T as Num>::neg),
            UnaryNumericOp::Square => x.mapv(|v| v.mul(v)),
            UnaryNumericOp::Sign => x.mapv(<T as Num>::sign),
        })
    })
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
