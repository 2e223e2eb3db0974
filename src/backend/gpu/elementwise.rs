//! Launching the elementwise kernels: broadcasting strides, axis collapsing, and the split of
//! arrays larger than one storage binding into windows.

use super::context::GpuContext;
use super::launch::Bind;
use super::params::NdParams;
use super::pool::GpuBuffer;
use super::shaders::Kernel;
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use std::sync::Arc;

const MAX_DIMS: usize = 8;
const MAX_INPUTS: usize = 3;
/// Dispatches one elementwise op may be split into before it is refused as impractical.
const MAX_WINDOWS: usize = 1 << 16;
const WG: usize = 256;

/// One operand of an elementwise kernel: a buffer read (or written) at `offset + sum(i_d *
/// strides[d])` for iteration index i, in the dtype it is stored in.
pub(crate) struct Operand<'a> {
    pub buf: &'a GpuBuffer,
    pub dtype: DType,
    pub offset: usize,
    pub strides: Vec<usize>,
}

impl<'a> Operand<'a> {
    /// A contiguous array of `shape`, broadcast against the iteration shape `out`.
    pub(crate) fn broadcast(buf: &'a GpuBuffer, dtype: DType, shape: &[usize], out: &[usize]) -> Self {
        Operand { buf, dtype, offset: 0, strides: broadcast_strides(shape, out) }
    }
}

/// Where an elementwise kernel writes: a new contiguous array, or a strided region of an
/// existing buffer (slices and concatenation).
pub(crate) enum Dest<'a> {
    New(DType),
    Into(Operand<'a>),
}

/// The iteration range of one dispatch and the element range of each operand it touches.
#[derive(Debug, PartialEq)]
pub(crate) struct Window {
    pub out_start: usize,
    pub out_len: usize,
    pub inputs: Vec<(usize, usize)>,
}

/// Strides of `shape` read as `out` under broadcasting: 0 where the input has extent 1.
pub(crate) fn broadcast_strides(shape: &[usize], out: &[usize]) -> Vec<usize> {
    let pad = out.len() - shape.len();
    let mut strides = vec![0; out.len()];
    let mut acc = 1;
    for d in (0..shape.len()).rev() {
        if shape[d] != 1 {
            strides[d + pad] = acc;
        }
        acc *= shape[d];
    }
    strides
}

/// Merges neighbouring axes wherever every operand walks them as one, and drops extent-1 axes.
pub(crate) fn collapse(shape: &[usize], strides: &[Vec<usize>]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut out_shape: Vec<usize> = Vec::new();
    let mut out_strides: Vec<Vec<usize>> = vec![Vec::new(); strides.len()];
    for d in 0..shape.len() {
        if shape[d] == 1 {
            continue;
        }
        let mergeable = !out_shape.is_empty()
            && strides.iter().enumerate().all(|(k, s)| *out_strides[k].last().unwrap() == s[d] * shape[d]);
        if mergeable {
            *out_shape.last_mut().unwrap() *= shape[d];
            for (k, s) in strides.iter().enumerate() {
                *out_strides[k].last_mut().unwrap() = s[d];
            }
        } else {
            out_shape.push(shape[d]);
            for (k, s) in strides.iter().enumerate() {
                out_strides[k].push(s[d]);
            }
        }
    }
    (out_shape, out_strides)
}

fn extent(shape: &[usize], strides: &[usize]) -> usize {
    1 + shape.iter().zip(strides).map(|(&n, &s)| (n - 1) * s).sum::<usize>()
}

/// Splits the iteration into windows of whole rows of some axis such that every operand's
/// range fits in `limit` elements: as many rows of the leading axis as fit when one row of
/// every operand fits, otherwise one row at a time, recursing into the next axis. Transposed
/// operands (large strides) thus get windows along the axis they walk slowly.
pub(crate) fn plan_windows(shape: &[usize], strides: &[Vec<usize>], offsets: &[usize], limit: usize) -> Vec<Window> {
    let total: usize = shape.iter().product();
    if strides.iter().all(|s| extent(shape, s) <= limit) {
        let inputs = strides.iter().zip(offsets).map(|(s, &o)| (o, o + extent(shape, s))).collect();
        return vec![Window { out_start: 0, out_len: total, inputs }];
    }
    let mut out = Vec::new();
    plan_axis(shape, strides, limit, 0, 0, offsets, &mut out);
    out
}

fn plan_axis(
    shape: &[usize],
    strides: &[Vec<usize>],
    limit: usize,
    d: usize,
    out_off: usize,
    in_offs: &[usize],
    out: &mut Vec<Window>,
) {
    let n = shape[d];
    let row: usize = shape[d + 1..].iter().product();
    let inner: Vec<usize> = strides.iter().map(|s| extent(&shape[d + 1..], &s[d + 1..])).collect();
    if inner.iter().all(|&e| e <= limit) {
        // Rows per window such that (rows - 1) * stride + inner extent fits for every operand.
        let rows_per = strides
            .iter()
            .zip(&inner)
            .filter(|(s, _)| s[d] > 0)
            .map(|(s, &e)| (limit - e) / s[d] + 1)
            .min()
            .unwrap_or(n)
            .clamp(1, n.max(1));
        let mut r0 = 0;
        while r0 < n {
            let r1 = (r0 + rows_per).min(n);
            let inputs = strides
                .iter()
                .zip(in_offs)
                .zip(&inner)
                .map(|((s, &off), &e)| (off + r0 * s[d], off + (r1 - 1) * s[d] + e))
                .collect();
            out.push(Window { out_start: out_off + r0 * row, out_len: (r1 - r0) * row, inputs });
            r0 = r1;
        }
    } else {
        for r in 0..n {
            let offs: Vec<usize> = strides.iter().zip(in_offs).map(|(s, &o)| o + r * s[d]).collect();
            plan_axis(shape, strides, limit, d + 1, out_off + r * row, &offs, out);
        }
    }
}

impl GpuContext {
    /// Runs the elementwise `kernel` over `inputs` (already cast to `compute`), broadcast to
    /// `shape`, into a new array of dtype `out`. `op` sets the kernel's `override OP`; kernels
    /// without one take `None`.
    pub(crate) fn map(
        self: &Arc<Self>,
        kernel: &'static Kernel,
        op: Option<u32>,
        compute: DType,
        inputs: &[&Array],
        shape: &[usize],
        out: DType,
    ) -> Result<Array> {
        let operands: Vec<Operand<'_>> =
            inputs.iter().map(|a| Operand::broadcast(a.gpu(), a.dtype(), a.shape(), shape)).collect();
        let constants: Vec<(&'static str, u32)> = op.map(|v| ("OP", v)).into_iter().collect();
        let buf = self
            .elementwise(kernel, self.storage_dtype(compute), None, &constants, &operands, shape, Dest::New(out))?
            .expect("new destination");
        Ok(Array::from_gpu(self, buf, shape.to_vec(), out))
    }

    /// `a` converted to `dtype`; the buffer is shared when both are stored alike on this
    /// device (float64 kept as float32, or bool as u32).
    pub(crate) fn cast(self: &Arc<Self>, a: &Array, dtype: DType) -> Result<Array> {
        let (s, t) = (self.storage_dtype(a.dtype()), self.storage_dtype(dtype));
        if s == t {
            return Ok(a.retyped(dtype));
        }
        let operands = [Operand::broadcast(a.gpu(), a.dtype(), a.shape(), a.shape())];
        let buf = self
            .elementwise(&super::shaders::CAST, t, Some(s), &[], &operands, a.shape(), Dest::New(dtype))?
            .expect("new destination");
        Ok(Array::from_gpu(self, buf, a.shape().to_vec(), dtype))
    }

    /// The binding for elements [start, end) of `buf`, whose offset is aligned down as the
    /// device requires; returns the bind and the element at which it starts.
    pub(crate) fn window_bind<'a>(
        &self,
        buf: &'a GpuBuffer,
        dtype: DType,
        start: usize,
        end: usize,
    ) -> (Bind<'a>, u32) {
        let esz = self.elem_size(dtype);
        let align = self.limits.min_storage_buffer_offset_alignment as u64;
        let offset = (start as u64 * esz) / align * align;
        let size = (end as u64 * esz - offset).next_multiple_of(4).min(buf.size() - offset);
        (Bind { buf: buf.raw(), offset, size }, (offset / esz) as u32)
    }

    /// Copies `src` (read with its offset and strides over `shape`) into `dest`.
    pub(crate) fn copy(&self, src: Operand<'_>, shape: &[usize], dest: Dest<'_>) -> Result<Option<GpuBuffer>> {
        let s = self.storage_dtype(src.dtype);
        self.elementwise(&super::shaders::CAST, s, Some(s), &[], &[src], shape, dest)
    }

    /// Runs an elementwise `kernel` over the iteration shape `shape`. `t` and `s` select the
    /// instantiation, `constants` its `override`s. Returns the output buffer when `dest` is new.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn elementwise(
        &self,
        kernel: &'static Kernel,
        t: DType,
        s: Option<DType>,
        constants: &[(&'static str, u32)],
        inputs: &[Operand<'_>],
        shape: &[usize],
        dest: Dest<'_>,
    ) -> Result<Option<GpuBuffer>> {
        debug_assert!(inputs.len() <= MAX_INPUTS);
        let n: usize = shape.iter().product();
        if n > u32::MAX as usize {
            return Err(Error::BufferTooLarge {
                op: kernel.name,
                requested: n as u64,
                limit: u32::MAX as u64,
                limit_name: "elements per array",
            });
        }
        let created = match &dest {
            Dest::New(dtype) => Some(self.alloc(n as u64 * self.elem_size(*dtype))?),
            Dest::Into(_) => None,
        };
        if n == 0 {
            return Ok(created);
        }
        let out_op = match (dest, &created) {
            (Dest::Into(op), _) => op,
            (Dest::New(dtype), Some(buf)) => {
                Operand { buf, dtype, offset: 0, strides: broadcast_strides(shape, shape) }
            }
            (Dest::New(_), None) => unreachable!("a new destination was allocated above"),
        };
        let mut ops: Vec<&Operand<'_>> = inputs.iter().collect();
        ops.push(&out_op);
        let strides: Vec<Vec<usize>> = ops.iter().map(|op| op.strides.clone()).collect();
        // Every operand walked like a fresh contiguous array of `shape`: flat indices suffice.
        let dense = broadcast_strides(shape, shape);
        let contiguous = ops.iter().all(|op| op.offset == 0 && op.strides == dense);
        let (cshape, cstrides) = collapse(shape, &strides);
        let (cshape, cstrides) =
            if cshape.is_empty() { (vec![1], cstrides.iter().map(|_| vec![0]).collect()) } else { (cshape, cstrides) };
        if cshape.len() > MAX_DIMS {
            return Err(Error::ShapeMismatch {
                op: kernel.name,
                detail: format!(
                    "iterating over {shape:?} needs {} independent axes, at most {MAX_DIMS} are supported",
                    cshape.len()
                ),
            });
        }
        let offsets: Vec<usize> = ops.iter().map(|op| op.offset).collect();
        let limit = ops.iter().map(|op| self.window_elems(op.dtype)).min().unwrap();
        let pipeline = self.pipelines.get(&self.device, kernel, t, s, constants);
        let windows = plan_windows(&cshape, &cstrides, &offsets, limit);
        if windows.len() > MAX_WINDOWS {
            return Err(Error::BufferTooLarge {
                op: kernel.name,
                requested: n as u64 * self.elem_size(out_op.dtype),
                limit: self.limits.max_storage_buffer_binding_size,
                limit_name: "max_storage_buffer_binding_size (the access pattern needs too many windows)",
            });
        }
        for w in windows {
            let mut params = NdParams {
                len: w.out_len as u32,
                axes: cshape.len() as u32,
                first: w.out_start as u32,
                contiguous: u32::from(contiguous),
                ..Default::default()
            };
            for (d, &e) in cshape.iter().enumerate() {
                params.extent[d] = e as u32;
            }
            let mut binds = Vec::with_capacity(ops.len());
            for (k, (op, &(start, end))) in ops.iter().zip(&w.inputs).enumerate() {
                let slot = if k == inputs.len() { MAX_INPUTS } else { k };
                let (bind, base) = self.window_bind(op.buf, op.dtype, start, end);
                params.base[slot] = base.wrapping_sub(op.offset as u32);
                for (d, &st) in cstrides[k].iter().enumerate() {
                    params.stride[slot][d] = st as u32;
                }
                binds.push(bind);
            }
            self.dispatch(&pipeline, &params, &binds, w.out_len.div_ceil(WG) as u32)?;
        }
        Ok(created)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strides_broadcast_like_numpy() {
        assert_eq!(broadcast_strides(&[3], &[2, 3]), vec![0, 1]);
        assert_eq!(broadcast_strides(&[2, 1], &[2, 3]), vec![1, 0]);
        assert_eq!(broadcast_strides(&[2, 3], &[2, 3]), vec![3, 1]);
    }

    #[test]
    fn collapse_merges_contiguous_axes() {
        let (s, st) = collapse(&[2, 3, 4], &[vec![12, 4, 1], vec![0, 0, 1]]);
        assert_eq!(s, vec![6, 4]);
        assert_eq!(st, vec![vec![4, 1], vec![0, 1]]);
    }

    #[test]
    fn windows_cover_every_element_once_within_the_limit() {
        for (shape, strides, limit) in [
            (vec![10usize, 7], vec![vec![7usize, 1], vec![0, 1]], 20usize),
            (vec![100], vec![vec![1]], 33),
            (vec![3, 50], vec![vec![50, 1], vec![1, 0]], 20),
            // A transpose: the input walks the second axis with a large stride.
            (vec![8, 40], vec![vec![40, 1], vec![1, 8]], 64),
        ] {
            let ws = plan_windows(&shape, &strides, &vec![0; strides.len()], limit);
            let mut next = 0;
            for w in &ws {
                assert_eq!(w.out_start, next);
                assert!(w.out_len <= limit);
                for &(a, b) in &w.inputs {
                    assert!(b - a <= limit, "{shape:?}: input window {a}..{b} over {limit}");
                }
                next += w.out_len;
            }
            assert_eq!(next, shape.iter().product::<usize>());
        }
    }
}
