//! Elementwise chains: several elementwise steps over one array in one pass. `exp(a * x + b)`
//! as three calls writes two intermediate arrays and reads them back; as a chain it reads `x`
//! and writes the result once, on the host (in blocks that stay in the L1 cache) and on a GPU
//! (one dispatch for up to eight steps). Each step is its op table's own function, so a chain
//! gives what the calls would, on every device.

use super::elementwise::{astype, broadcast_shapes};
use super::op_tables::{BinaryOp, UnaryFloatOp, UnaryNumericOp};
use crate::array::Array;
use crate::backend::cpu::chain as cpu;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};

/// One step of a [`Chain`], applied to the running value `acc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Float(UnaryFloatOp),
    Numeric(UnaryNumericOp),
    /// `acc OP operands[operand]` when `acc_left`, else `operands[operand] OP acc`.
    Binary {
        op: BinaryOp,
        operand: usize,
        acc_left: bool,
    },
}

/// A chain of elementwise steps, built once and applied to arrays in one pass each, with no
/// intermediate arrays:
///
/// ```
/// use wglearn::prelude::*;
/// use wglearn::ops::{BinaryOp, Chain, UnaryFloatOp};
///
/// let dev = Device::cpu();
/// let x = Array::from_slice(&dev, &[0.0f32, 1.0, 2.0])?;
/// let (a, b) = (Array::scalar(&dev, 1.5, DType::F32)?, Array::scalar(&dev, 0.25, DType::F32)?);
/// // exp(a * x + b)
/// let chain = Chain::new().binary(BinaryOp::Mul, &a).binary(BinaryOp::Add, &b).float(UnaryFloatOp::Exp);
/// let y = chain.apply(&x)?;
/// let want = ops::exp(&ops::add(&ops::mul(&x, &a)?, &b)?)?;
/// assert_eq!(block_on(y.to_vec::<f32>())?, block_on(want.to_vec::<f32>())?);
/// # Ok::<(), wglearn::Error>(())
/// ```
///
/// The result has the shape of the array the chain is applied to; every operand must broadcast
/// to it. It is computed in the float dtype that the operands' and the array's dtypes promote
/// to (integers and bools in float64), as the float ops compute.
#[derive(Clone, Default)]
pub struct Chain {
    steps: Vec<Step>,
    operands: Vec<Array>,
}

impl Chain {
    /// An empty chain: applied, it gives its input in the chain's float dtype.
    pub fn new() -> Self {
        Self::default()
    }

    /// Then a float function (exp, log, sqrt, ...) of the running value.
    pub fn float(mut self, op: UnaryFloatOp) -> Self {
        self.steps.push(Step::Float(op));
        self
    }

    /// Then a numeric function (abs, neg, square, sign) of the running value.
    pub fn numeric(mut self, op: UnaryNumericOp) -> Self {
        self.steps.push(Step::Numeric(op));
        self
    }

    /// Then `value OP b`, where `value` is the running value.
    pub fn binary(self, op: BinaryOp, b: &Array) -> Self {
        self.with_operand(op, b, true)
    }

    /// Then `a OP value`, where `value` is the running value (`1 / value`, `c - value`).
    pub fn rbinary(self, a: &Array, op: BinaryOp) -> Self {
        self.with_operand(op, a, false)
    }

    fn with_operand(mut self, op: BinaryOp, operand: &Array, acc_left: bool) -> Self {
        self.steps.push(Step::Binary { op, operand: self.operands.len(), acc_left });
        self.operands.push(operand.clone());
        self
    }

    /// The chain applied to `x`, in one pass.
    pub fn apply(&self, x: &Array) -> Result<Array> {
        const OP: &str = "Chain.apply";
        let mut dtype = x.dtype();
        for b in &self.operands {
            x.check_device(b, OP)?;
            if broadcast_shapes(x.shape(), b.shape(), OP)? != x.shape() {
                return Err(Error::ShapeMismatch {
                    op: OP,
                    detail: format!(
                        "an operand of shape {:?} does not broadcast to the input's {:?}",
                        b.shape(),
                        x.shape()
                    ),
                });
            }
            dtype = DType::promote(dtype, b.dtype());
        }
        let dtype = dtype.float_result();
        crate::array::check_new(x.device(), x.shape(), dtype, OP)?;
        let x = astype(x, dtype)?;
        let operands = self.operands.iter().map(|b| astype(b, dtype)).collect::<Result<Vec<_>>>()?;
        if self.steps.is_empty() {
            return Ok(x);
        }
        match x.device() {
            Device::Cpu => {
                let ops: Vec<_> = operands.iter().map(|b| b.cpu()).collect();
                Ok(Array::from_cpu(cpu::chain(&self.steps, x.cpu(), &ops, x.shape())))
            }
            Device::Gpu(ctx) => ctx.chain(&self.steps, &x, &operands, dtype),
        }
    }
}
