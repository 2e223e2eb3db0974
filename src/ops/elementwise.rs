//! Elementwise functions: unary math, binary arithmetic with NumPy broadcasting, comparisons,
//! logical ops, `where`, `clip` and dtype casts.

use super::op_tables::{BinaryOp, CompareOp, PredicateOp, UnaryFloatOp, UnaryNumericOp};
use crate::array::Array;
use crate::backend::cpu::elementwise as cpu;
use crate::backend::gpu::shaders;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};

/// The shape NumPy broadcasting gives `a` and `b`.
pub fn broadcast_shapes(a: &[usize], b: &[usize], op: &'static str) -> Result<Vec<usize>> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    for i in 0..n {
        let x = if i < n - a.len() { 1 } else { a[i - (n - a.len())] };
        let y = if i < n - b.len() { 1 } else { b[i - (n - b.len())] };
        out[i] = match (x, y) {
            _ if x == y => x,
            (1, _) => y,
            (_, 1) => x,
            _ => {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!("shapes {a:?} and {b:?} do not broadcast (axis {i}: {x} vs {y})"),
                })
            }
        };
    }
    Ok(out)
}

/// Converts `a` to `dtype`, as NumPy's `astype` (a cheap clone when nothing changes).
pub fn astype(a: &Array, dtype: DType) -> Result<Array> {
    if a.dtype() == dtype {
        return Ok(a.clone());
    }
    if dtype == DType::Bool {
        return predicate(PredicateOp::NonZero, a);
    }
    match a.device() {
        Device::Cpu => Ok(Array::from_cpu(a.cpu().cast(dtype))),
        Device::Gpu(ctx) => ctx.cast(a, dtype),
    }
}

/// Bool takes part in arithmetic as 0/1 integers.
fn arithmetic_dtype(d: DType) -> DType {
    if d == DType::Bool {
        DType::I32
    } else {
        d
    }
}

pub(super) fn binary(op: BinaryOp, a: &Array, b: &Array, name: &'static str) -> Result<Array> {
    a.check_device(b, name)?;
    let shape = broadcast_shapes(a.shape(), b.shape(), name)?;
    let mut dtype = arithmetic_dtype(DType::promote(a.dtype(), b.dtype()));
    // True division, and integer powers (negative exponents have no integer result), are
    // computed in float64, as NumPy's true_divide and float_power.
    if op == BinaryOp::Div || (op == BinaryOp::Pow && dtype == DType::I32) {
        dtype = dtype.float_result();
    }
    crate::array::check_new(a.device(), &shape, dtype, name)?;
    let (a, b) = (astype(a, dtype)?, astype(b, dtype)?);
    match a.device() {
        Device::Cpu => Ok(Array::from_cpu(cpu::binary(op, a.cpu(), b.cpu(), &shape))),
        Device::Gpu(ctx) => ctx.map(&shaders::BINARY, Some(op as u32), dtype, &[&a, &b], &shape, dtype),
    }
}

pub(super) fn compare(op: CompareOp, a: &Array, b: &Array, name: &'static str) -> Result<Array> {
    a.check_device(b, name)?;
    let shape = broadcast_shapes(a.shape(), b.shape(), name)?;
    let dtype = arithmetic_dtype(DType::promote(a.dtype(), b.dtype()));
    crate::array::check_new(a.device(), &shape, DType::Bool, name)?;
    let (a, b) = (astype(a, dtype)?, astype(b, dtype)?);
    match a.device() {
        Device::Cpu => Ok(Array::from_cpu(cpu::compare(op, a.cpu(), b.cpu(), &shape))),
        Device::Gpu(ctx) => ctx.map(&shaders::COMPARE, Some(op as u32), dtype, &[&a, &b], &shape, DType::Bool),
    }
}

pub(super) fn unary_float(op: UnaryFloatOp, a: &Array) -> Result<Array> {
    // floor, ceil and round keep integers as they are (NumPy 2).
    if !a.dtype().is_float() && matches!(op, UnaryFloatOp::Floor | UnaryFloatOp::Ceil | UnaryFloatOp::Round) {
        return Ok(a.clone());
    }
    let dtype = a.dtype().float_result();
    let a = astype(a, dtype)?;
    match a.device() {
        Device::Cpu => Ok(Array::from_cpu(cpu::unary_float(op, a.cpu()))),
        Device::Gpu(ctx) => ctx.map(&shaders::UNARY_FLOAT, Some(op as u32), dtype, &[&a], a.shape(), dtype),
    }
}

pub(super) fn unary_numeric(op: UnaryNumericOp, a: &Array) -> Result<Array> {
    let dtype = arithmetic_dtype(a.dtype());
    let a = astype(a, dtype)?;
    match a.device() {
        Device::Cpu => Ok(Array::from_cpu(cpu::unary_numeric(op, a.cpu()))),
        Device::Gpu(ctx) => ctx.map(&shaders::UNARY_NUMERIC, Some(op as u32), dtype, &[&a], a.shape(), dtype),
    }
}

pub(super) fn predicate(op: PredicateOp, a: &Array) -> Result<Array> {
    match a.device() {
        Device::Cpu => Ok(Array::from_cpu(cpu::predicate(op, a.cpu()))),
        Device::Gpu(ctx) => ctx.map(&shaders::PREDICATE, Some(op as u32), a.dtype(), &[a], a.shape(), DType::Bool),
    }
}

fn logical(op: BinaryOp, a: &Array, b: &Array, name: &'static str) -> Result<Array> {
    a.check_device(b, name)?;
    let (a, b) = (astype(a, DType::Bool)?, astype(b, DType::Bool)?);
    let shape = broadcast_shapes(a.shape(), b.shape(), name)?;
    crate::array::check_new(a.device(), &shape, DType::U32, name)?;
    match a.device() {
        Device::Cpu => {
            let r = cpu::binary(op, &a.cpu().cast(DType::U32), &b.cpu().cast(DType::U32), &shape);
            Ok(Array::from_cpu(r.cast(DType::Bool)))
        }
        // On 0/1 values `and` is the minimum and `or` the maximum.
        Device::Gpu(ctx) => ctx.map(&shaders::BINARY, Some(op as u32), DType::U32, &[&a, &b], &shape, DType::Bool),
    }
}

/// Elementwise `a and b` of the truth values.
pub fn logical_and(a: &Array, b: &Array) -> Result<Array> {
    logical(BinaryOp::Minimum, a, b, "logical_and")
}

/// Elementwise `a or b` of the truth values.
pub fn logical_or(a: &Array, b: &Array) -> Result<Array> {
    logical(BinaryOp::Maximum, a, b, "logical_or")
}

/// `cond ? a : b`, broadcasting all three.
pub fn where_(cond: &Array, a: &Array, b: &Array) -> Result<Array> {
    cond.check_device(a, "where")?;
    cond.check_device(b, "where")?;
    let shape = broadcast_shapes(&broadcast_shapes(cond.shape(), a.shape(), "where")?, b.shape(), "where")?;
    let dtype = DType::promote(a.dtype(), b.dtype());
    crate::array::check_new(a.device(), &shape, dtype, "where")?;
    let (cond, a, b) = (astype(cond, DType::Bool)?, astype(a, dtype)?, astype(b, dtype)?);
    match a.device() {
        Device::Cpu => Ok(Array::from_cpu(cpu::where_(cond.cpu(), a.cpu(), b.cpu(), &shape))),
        Device::Gpu(ctx) => ctx.map(&shaders::WHERE, None, dtype, &[&cond, &a, &b], &shape, dtype),
    }
}

/// Limits values to [min, max] (either bound optional); NaN stays NaN.
pub fn clip(a: &Array, min: Option<f64>, max: Option<f64>) -> Result<Array> {
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            return Err(Error::InvalidParameter {
                name: "min",
                value: lo.to_string(),
                reason: format!("greater than max = {hi}"),
            });
        }
    }
    let mut out = a.clone();
    if let Some(lo) = min {
        out = super::maximum(&out, &Array::scalar(a.device(), lo, a.dtype())?)?;
    }
    if let Some(hi) = max {
        out = super::minimum(&out, &Array::scalar(a.device(), hi, a.dtype())?)?;
    }
    Ok(out)
}
