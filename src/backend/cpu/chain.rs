//! Elementwise chains on the host: the result is built in blocks small enough to stay in the L1
//! cache, and each step runs over a block as a loop monomorphized for its op (which vectorizes,
//! exp included: `vmath`), so the chain reads its input and writes its result once.

use super::alloc;
use super::scalar::Float;
use super::vmath::widest;
use crate::array::{typed, CpuData};
use crate::backend::gpu::elementwise::{broadcast_strides, collapse};
use crate::ops::chain::Step;
use crate::ops::{BinaryVisitor, UnaryVisitor};
use ndarray::ArrayD;
use std::mem::MaybeUninit;

/// Items per block: 8 KiB of float64.
const BLOCK: usize = 1024;

/// `steps` applied to `x` (contiguous after conversion) with `operands` broadcast to `shape`;
/// everything already holds the chain's float dtype.
pub(crate) fn chain(steps: &[Step], x: &CpuData, operands: &[&CpuData], shape: &[usize]) -> CpuData {
    match x {
        CpuData::F32(_) => CpuData::F32(run::<f32>(steps, x, operands, shape).into_shared()),
        CpuData::F64(_) => CpuData::F64(run::<f64>(steps, x, operands, shape).into_shared()),
        other => unreachable!("a chain computes in a float dtype, not {}", other.dtype()),
    }
}

/// A stretch of a block along the last (collapsed) axis, where every operand is either one
/// value or a contiguous run: `len` items from `pos` in the block, operand k from `base[k]`.
struct Run {
    pos: usize,
    len: usize,
}

fn run<T: Float + Send + Sync>(steps: &[Step], x: &CpuData, operands: &[&CpuData], shape: &[usize]) -> ArrayD<T> {
    let x = typed::<T>(x);
    let x = x.as_standard_layout();
    let xs = x.as_slice().expect("standard layout");
    let views: Vec<_> = operands.iter().map(|b| typed::<T>(b)).collect();
    let views: Vec<_> = views.iter().map(|b| b.as_standard_layout()).collect();
    let items: Vec<&[T]> = views.iter().map(|b| b.as_slice().expect("standard layout")).collect();
    // Axes merged wherever the result and every operand walk them as one.
    let mut strides: Vec<Vec<usize>> = vec![broadcast_strides(shape, shape)];
    strides.extend(views.iter().map(|b| broadcast_strides(b.shape(), shape)));
    let (cshape, cstrides) = collapse(shape, &strides);
    let (cshape, cstrides) =
        if cshape.is_empty() { (vec![1], cstrides.iter().map(|_| vec![0]).collect()) } else { (cshape, cstrides) };
    let op_strides = &cstrides[1..];
    let last = *cshape.last().expect("at least one axis");
    let fill = |start: usize, out: &mut [MaybeUninit<T>]| {
        let (mut runs, mut bases) = (Vec::new(), Vec::new());
        for (b, block) in out.chunks_mut(BLOCK).enumerate() {
            let g0 = start + b * BLOCK;
            for (o, &v) in block.iter_mut().zip(&xs[g0..]) {
                o.write(v);
            }
            // SAFETY: every item of the block was written just above.
            let acc = unsafe { &mut *(block as *mut [MaybeUninit<T>] as *mut [T]) };
            plan_runs(g0, acc.len(), &cshape, op_strides, last, &mut runs, &mut bases);
            for step in steps {
                match *step {
                    Step::Float(op) => op.visit_cpu::<T, _>(InPlace(acc)),
                    Step::Numeric(op) => op.visit_cpu::<T, _>(InPlace(acc)),
                    Step::Binary { op, operand, acc_left } => {
                        // An operand's innermost axis is contiguous or broadcast.
                        let stride = *op_strides[operand].last().expect("at least one axis");
                        debug_assert!(stride <= 1, "last-axis stride {stride}");
                        for (r, run) in runs.iter().enumerate() {
                            let base = bases[r * items.len() + operand];
                            let other = match stride {
                                0 => Other::One(items[operand][base]),
                                _ => Other::Run(&items[operand][base..base + run.len]),
                            };
                            let acc = &mut acc[run.pos..run.pos + run.len];
                            op.visit_cpu::<T, _>(WithOperand { acc, other, acc_left });
                        }
                    }
                }
            }
        }
    };
    // SAFETY: `fill` writes every item of each chunk it is given (block by block).
    let v = unsafe { alloc::build(xs.len(), 1, fill) };
    ArrayD::from_shape_vec(shape, v).expect("length matches shape")
}

/// Splits the `len` items from flat index `g0` into runs along the last axis, with each
/// operand's starting item (`bases`, operand-major within a run).
fn plan_runs(
    g0: usize,
    len: usize,
    cshape: &[usize],
    strides: &[Vec<usize>],
    last: usize,
    runs: &mut Vec<Run>,
    bases: &mut Vec<usize>,
) {
    runs.clear();
    bases.clear();
    let mut pos = 0;
    while pos < len {
        let g = g0 + pos;
        let n = (last - g % last).min(len - pos);
        for s in strides {
            // The multi-index of g over cshape, dotted with the operand's strides.
            let (mut rem, mut base) = (g, 0);
            for (&extent, &stride) in cshape.iter().zip(s).rev() {
                base += (rem % extent) * stride;
                rem /= extent;
            }
            bases.push(base);
        }
        runs.push(Run { pos, len: n });
        pos += n;
    }
}

/// Applies a unary op's function to a block in place.
struct InPlace<'a, T>(&'a mut [T]);

impl<T: Copy> UnaryVisitor<T, T> for InPlace<'_, T> {
    type Output = ();
    fn visit<F: Fn(T) -> T + Sync>(self, f: F) {
        widest(|| self.0.iter_mut().for_each(|v| *v = f(*v)))
    }
}

/// A binary step's operand over one run: one value, or as many items as the run.
enum Other<'a, T> {
    One(T),
    Run(&'a [T]),
}

/// Applies a binary op's function to a run and its operand, in place, with the running
/// value on the left or on the right; each of the four loops is its own.
struct WithOperand<'a, T> {
    acc: &'a mut [T],
    other: Other<'a, T>,
    acc_left: bool,
}

impl<T: Copy> BinaryVisitor<T, T> for WithOperand<'_, T> {
    type Output = ();
    fn visit<F: Fn(T, T) -> T + Sync>(self, f: F) {
        widest(|| match (self.other, self.acc_left) {
            (Other::One(y), true) => self.acc.iter_mut().for_each(|v| *v = f(*v, y)),
            (Other::One(y), false) => self.acc.iter_mut().for_each(|v| *v = f(y, *v)),
            (Other::Run(ys), true) => self.acc.iter_mut().zip(ys).for_each(|(v, &y)| *v = f(*v, y)),
            (Other::Run(ys), false) => self.acc.iter_mut().zip(ys).for_each(|(v, &y)| *v = f(y, *v)),
        })
    }
}
