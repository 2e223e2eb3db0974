//! Elementwise chains on a GPU: `shaders/elementwise/chain.wgsl` runs up to eight steps with
//! two operands in one dispatch; a longer chain, or one with more operands, is split into as
//! few dispatches as that allows.

use super::context::GpuContext;
use super::elementwise::{Dest, Operand};
use super::shaders;
use crate::array::Array;
use crate::dtype::DType;
use crate::error::Result;
use crate::ops::chain::Step;
use std::sync::Arc;

/// The kernel's step slots and their pipeline constants.
const STEP_NAMES: [&str; 8] = ["S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7"];
const MAX_OPERANDS: usize = 2;

impl GpuContext {
    /// `steps` applied to `x` with `operands` (all already in `dtype`, broadcasting to x's shape).
    pub(crate) fn chain(
        self: &Arc<Self>,
        steps: &[Step],
        x: &Array,
        operands: &[Array],
        dtype: DType,
    ) -> Result<Array> {
        let shape = x.shape();
        let mut acc = x.clone();
        let mut rest = steps;
        while !rest.is_empty() {
            // The longest prefix that fits one dispatch: its step codes (see chain.wgsl) and
            // the operands its slots b and c hold.
            let (mut codes, mut slots) = (Vec::new(), Vec::<usize>::new());
            for step in rest {
                if codes.len() == STEP_NAMES.len() {
                    break;
                }
                let code = match *step {
                    Step::Float(op) => op as u32,
                    Step::Numeric(op) => 1 << 8 | op as u32,
                    Step::Binary { op, operand, acc_left } => {
                        let slot = match slots.iter().position(|&k| k == operand) {
                            Some(slot) => slot,
                            None if slots.len() < MAX_OPERANDS => {
                                slots.push(operand);
                                slots.len() - 1
                            }
                            None => break,
                        };
                        let family = if acc_left { 2 } else { 3 };
                        family << 8 | (slot as u32) << 10 | op as u32
                    }
                };
                codes.push(code);
            }
            rest = &rest[codes.len()..];
            let mut constants = vec![("STEPS", codes.len() as u32), ("OPERANDS", slots.len() as u32)];
            constants.extend(STEP_NAMES.iter().zip(&codes).map(|(&name, &code)| (name, code)));
            let buf = {
                // Unused slots are bound to the running value, which the kernel never reads there.
                let bound = |k: usize| slots.get(k).map_or(&acc, |&i| &operands[i]);
                let inputs: Vec<Operand<'_>> = [&acc, bound(0), bound(1)]
                    .iter()
                    .map(|a| Operand::broadcast(a.gpu(), dtype, a.shape(), shape))
                    .collect();
                let t = self.storage_dtype(dtype);
                self.elementwise(&shaders::CHAIN, t, None, &constants, &inputs, shape, Dest::New(dtype))?
                    .expect("new destination")
            };
            acc = Array::from_gpu(self, buf, shape.to_vec(), dtype);
        }
        Ok(acc)
    }
}
