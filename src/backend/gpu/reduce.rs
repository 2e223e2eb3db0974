//! Launching reductions over the middle axis of an (outer, len, inner) view, pass after pass
//! until one partial per output element remains.

use super::context::GpuContext;
use super::elementwise::{Dest, Operand};
use super::params::*;
use super::pool::GpuBuffer;
use super::shaders;
use crate::dtype::DType;
use crate::error::Result;

const WG: usize = 256;

/// How one pass tiles its input.
struct Tiling {
    lanes_inner: usize,
    chunk: usize,
    seg: usize,
}

fn tiling(inner: usize) -> Tiling {
    // A contiguous axis (inner == 1) gets all 256 lanes along it, read coalesced; otherwise up
    // to 64 neighbouring columns share a workgroup and each thread folds 16 rows.
    let lanes_inner = if inner == 1 { 1 } else { inner.next_power_of_two().min(64) };
    let chunk = if inner == 1 { 8 } else { 16 };
    Tiling { lanes_inner, chunk, seg: (WG / lanes_inner) * chunk }
}

/// The reduction a pass performs.
#[derive(Clone, Copy)]
pub(crate) enum Fold {
    /// sum, prod, min, max (the `OP` of reduce.wgsl).
    Value(u32),
    /// argmin, argmax (the `OP` of arg_reduce.wgsl).
    Arg(u32),
}

impl GpuContext {
    /// Reduces axis 1 of the (outer, len, inner) array in `src` (`dtype`, len > 0). Returns the
    /// (outer, inner) values, and their indices along the axis for `Fold::Arg`.
    pub(crate) fn reduce(
        &self,
        fold: Fold,
        src: &GpuBuffer,
        dtype: DType,
        outer: usize,
        len: usize,
        inner: usize,
    ) -> Result<(GpuBuffer, Option<GpuBuffer>)> {
        let t = self.storage_dtype(dtype);
        let esz = self.elem_size(dtype);
        let limit = self.window_elems(dtype).min(self.window_elems(DType::U32));
        if inner > 1 && (WG / tiling(inner).lanes_inner) * inner > limit {
            return self.reduce_column_blocks(fold, src, dtype, outer, len, inner);
        }
        // Rows shorter than a workgroup are read as the columns of one (1, len, outer) array:
        // 64 rows per workgroup instead of one mostly idle workgroup per row.
        let short_rows = inner == 1 && outer > 1 && len <= 128 && outer * len <= limit;
        let (outer, inner, mut strides) =
            if short_rows { (1, outer, [0, 1, len]) } else { (outer, inner, [len * inner, inner, 1]) };
        let mut cur_len = len;
        let mut cur: Option<(GpuBuffer, Option<GpuBuffer>)> = None;
        loop {
            let mut tl = tiling(inner);
            if tl.seg * inner > limit {
                // Rows too wide for full segments in one binding: one row per thread.
                tl.chunk = 1;
                tl.seg = WG / tl.lanes_inner;
            }
            let nseg = cur_len.div_ceil(tl.seg);
            let total_segs = outer * nseg;
            let dst = self.alloc((total_segs * inner) as u64 * esz)?;
            let dst_idx = match fold {
                Fold::Arg(_) => Some(self.alloc((total_segs * inner) as u64 * 4)?),
                Fold::Value(_) => None,
            };
            let (src_buf, src_idx) = match &cur {
                Some((b, i)) => (b, i.as_ref()),
                None => (src, None),
            };
            let blocks = inner.div_ceil(tl.lanes_inner);
            let segs_per_window = (limit / (tl.seg * inner)).max(1);
            let pipeline = match fold {
                Fold::Value(op) => self.pipelines.get(&self.device, &shaders::REDUCE, t, None, &[("OP", op)]),
                Fold::Arg(op) => self.pipelines.get(&self.device, &shaders::ARG_REDUCE, t, None, &[("OP", op)]),
            };
            let mut g0 = 0;
            while g0 < total_segs {
                let g1 = (g0 + segs_per_window).min(total_segs);
                let row = |g: usize| (g / nseg) * cur_len + (g % nseg) * tl.seg;
                let last_end = (g1 - 1) / nseg * cur_len + (((g1 - 1) % nseg + 1) * tl.seg).min(cur_len);
                let (src_start, src_end) =
                    if strides[2] == 1 { (row(g0) * inner, last_end * inner) } else { (0, cur_len * inner) };
                let (src_bind, src_base) = self.window_bind(src_buf, dtype, src_start, src_end);
                let (dst_bind, dst_base) = self.window_bind(&dst, dtype, g0 * inner, g1 * inner);
                let mut params = SegmentParams {
                    len: cur_len as u32,
                    inner: inner as u32,
                    segments: nseg as u32,
                    seg: tl.seg as u32,
                    lanes_inner: tl.lanes_inner as u32,
                    chunk: tl.chunk as u32,
                    first_segment: g0 as u32,
                    end_segment: g1 as u32,
                    src_start: src_base,
                    dst_start: dst_base,
                    blocks: blocks as u32,
                    stride_outer: strides[0] as u32,
                    stride_len: strides[1] as u32,
                    stride_inner: strides[2] as u32,
                    ..Default::default()
                };
                let groups = ((g1 - g0) * blocks) as u32;
                match (&dst_idx, fold) {
                    (Some(di), Fold::Arg(_)) => {
                        // The first pass has no indices yet; the (read-only) source fills the slot.
                        let (si_bind, si_base) = match src_idx {
                            Some(si) => self.window_bind(si, DType::U32, src_start, src_end),
                            None => self.window_bind(src_buf, DType::U32, 0, 1),
                        };
                        let (di_bind, di_base) = self.window_bind(di, DType::U32, g0 * inner, g1 * inner);
                        params.has_src_idx = u32::from(src_idx.is_some());
                        params.src_idx_start = si_base;
                        params.dst_idx_start = di_base;
                        self.dispatch(&pipeline, &params, &[src_bind, si_bind, dst_bind, di_bind], groups)?;
                    }
                    _ => self.dispatch(&pipeline, &params, &[src_bind, dst_bind], groups)?,
                }
                g0 = g1;
            }
            cur = Some((dst, dst_idx));
            if nseg == 1 {
                return Ok(cur.expect("set above"));
            }
            // Partials are laid out (outer, nseg, inner), contiguous.
            cur_len = nseg;
            strides = [nseg * inner, inner, 1];
        }
    }

    /// Reductions of rows too wide for even a few of them to share one binding: column blocks
    /// are copied out contiguously (the copy is windowed), reduced, and copied into place.
    fn reduce_column_blocks(
        &self,
        fold: Fold,
        src: &GpuBuffer,
        dtype: DType,
        outer: usize,
        len: usize,
        inner: usize,
    ) -> Result<(GpuBuffer, Option<GpuBuffer>)> {
        let limit = self.window_elems(dtype).min(self.window_elems(DType::U32));
        // A block of up to 64 columns reads 64-row segments.
        let block = (limit / WG).max(1);
        let values = self.alloc((outer * inner) as u64 * self.elem_size(dtype))?;
        let indices = match fold {
            Fold::Arg(_) => Some(self.alloc((outer * inner) as u64 * 4)?),
            Fold::Value(_) => None,
        };
        for c0 in (0..inner).step_by(block) {
            let width = block.min(inner - c0);
            let columns = Operand { buf: src, dtype, offset: c0, strides: vec![len * inner, inner, 1] };
            let part = self.copy(columns, &[outer, len, width], Dest::New(dtype))?.expect("new destination");
            let (v, i) = self.reduce(fold, &part, dtype, outer, len, width)?;
            let place = |buf, d| Operand { buf, dtype: d, offset: c0, strides: vec![inner, 1] };
            let from = |buf, d| Operand { buf, dtype: d, offset: 0, strides: vec![width, 1] };
            self.copy(from(&v, dtype), &[outer, width], Dest::Into(place(&values, dtype)))?;
            if let (Some(i), Some(out)) = (&i, &indices) {
                self.copy(from(i, DType::U32), &[outer, width], Dest::Into(place(out, DType::U32)))?;
            }
        }
        Ok((values, indices))
    }
}
