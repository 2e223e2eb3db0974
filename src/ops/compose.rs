//! Ops built from other ops (no kernels of their own), shared by estimators: softmax, the
//! logistic function, diagonals, flips, one-hot encoding and scalar arithmetic.

use super::chain::Chain;
use super::op_tables::{BinaryOp, UnaryFloatOp, UnaryNumericOp};
use super::reduce::logsumexp;
use super::{add, astype, div, equal, mul, sub};
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};

/// A 0-d array holding `value` in `like`'s float dtype, on `like`'s device.
pub fn scalar_like(like: &Array, value: f64) -> Result<Array> {
    Array::scalar(like.device(), value, like.dtype().float_result())
}

/// `a + value`.
pub fn add_scalar(a: &Array, value: f64) -> Result<Array> {
    add(a, &scalar_like(a, value)?)
}

/// `a * value`.
pub fn mul_scalar(a: &Array, value: f64) -> Result<Array> {
    mul(a, &scalar_like(a, value)?)
}

/// `value - a`.
pub fn rsub_scalar(value: f64, a: &Array) -> Result<Array> {
    sub(&scalar_like(a, value)?, a)
}

/// `a / value`.
pub fn div_scalar(a: &Array, value: f64) -> Result<Array> {
    div(a, &scalar_like(a, value)?)
}

/// exp(a - logsumexp(a)) along `axis`, as scipy.special.softmax; one pass after the
/// reduction.
pub fn softmax(a: &Array, axis: isize) -> Result<Array> {
    let lse = logsumexp(a, Some(axis), true)?;
    Chain::new().binary(BinaryOp::Sub, &lse).float(UnaryFloatOp::Exp).apply(a)
}

/// The logistic function 1 / (1 + exp(-a)), as scipy.special.expit, in one pass.
pub fn expit(a: &Array) -> Result<Array> {
    let one = scalar_like(a, 1.0)?;
    Chain::new()
        .numeric(UnaryNumericOp::Neg)
        .float(UnaryFloatOp::Exp)
        .binary(BinaryOp::Add, &one)
        .float(UnaryFloatOp::Reciprocal)
        .apply(a)
}

fn square_side(a: &Array, op: &'static str) -> Result<usize> {
    match a.shape() {
        [n, m] if n == m => Ok(*n),
        s => Err(Error::ShapeMismatch { op, detail: format!("expected a square matrix, got shape {s:?}") }),
    }
}

/// The main diagonal of a square matrix.
pub fn diagonal(a: &Array) -> Result<Array> {
    let n = square_side(a, "diagonal")?;
    // Every (n + 1)-th element of the flattened matrix: the first column of an n x (n + 1)
    // view of it, padded by n elements.
    let flat = a.reshape(&[-1])?;
    if n == 0 {
        return Ok(flat);
    }
    let pad = Array::zeros(a.device(), &[n], a.dtype())?;
    let padded = super::concat(&[&flat, &pad], 0)?;
    padded.reshape(&[n as isize, n as isize + 1])?.slice_cols(0, 1)?.reshape(&[n as isize])
}

/// `a` plus `d` on the main diagonal; `d` is a scalar or a vector of the side's length.
pub fn add_diagonal(a: &Array, d: &Array) -> Result<Array> {
    let n = square_side(a, "add_diagonal")?;
    let eye = Array::eye(a.device(), n, None, 0, a.dtype())?;
    add(a, &mul(&eye, d)?)
}

/// `a` with the order of its elements along `axis` reversed (NumPy's flip).
pub async fn flip(a: &Array, axis: isize) -> Result<Array> {
    let ax = a.axis(axis, "flip")?;
    let n = a.shape()[ax];
    let idx = Array::arange(a.device(), n as f64 - 1.0, -1.0, -1.0, DType::I32)?;
    super::sort::take(a, &idx, axis).await
}

/// The n x k matrix whose row i is 1 in column `labels[i]` and 0 elsewhere, in `dtype`;
/// `labels` holds int32 codes in 0..k. Gathers by class become one matrix product with it.
pub fn one_hot(labels: &Array, k: usize, dtype: DType) -> Result<Array> {
    let n = labels.len();
    let codes = Array::arange(labels.device(), 0.0, k as f64, 1.0, DType::I32)?.reshape(&[1, k as isize])?;
    let col = astype(labels, DType::I32)?.reshape(&[n as isize, 1])?;
    astype(&equal(&col, &codes)?, dtype)
}
