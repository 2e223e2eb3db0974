//! Launching inclusive prefix sums along the middle axis of an (outer, len, inner) array.

use super::context::GpuContext;
use super::params::*;
use super::pool::GpuBuffer;
use super::shaders;
use crate::dtype::DType;
use crate::error::Result;

const BLOCK: usize = 1024;

impl GpuContext {
    /// The inclusive prefix sums of `src` along axis 1 of (outer, len, inner), as a new buffer.
    pub(crate) fn cumsum(
        &self,
        src: &GpuBuffer,
        dtype: DType,
        outer: usize,
        len: usize,
        inner: usize,
    ) -> Result<GpuBuffer> {
        let esz = self.elem_size(dtype);
        let t = self.storage_dtype(dtype);
        let dst = self.alloc((outer * len * inner) as u64 * esz)?;
        if outer * len * inner == 0 {
            return Ok(dst);
        }
        let limit = self.window_elems(dtype);
        if inner > 1 {
            let pipeline = self.pipelines.get(&self.device, &shaders::LINE_SCAN, t, None, &[]);
            let carry = self.alloc((outer * inner) as u64 * esz)?;
            let slice = len * inner;
            // Whole (outer) slices per dispatch when one fits the binding; otherwise one outer
            // at a time, in row ranges and column ranges whose strided span fits.
            let (outers_per, rows_per, cols_per) = if slice <= limit {
                ((limit / slice).max(1), self.max_serial(dtype), inner)
            } else if inner <= limit {
                (1, self.max_serial(dtype).min(limit / inner), inner)
            } else {
                (1, 1, limit)
            };
            for o0 in (0..outer).step_by(outers_per) {
                let ob = outers_per.min(outer - o0);
                for c0 in (0..inner).step_by(cols_per) {
                    let c1 = (c0 + cols_per).min(inner);
                    let (line0, lines) = if ob > 1 { (o0 * inner, ob * inner) } else { (o0 * inner + c0, c1 - c0) };
                    for l0 in (0..len).step_by(rows_per) {
                        let l1 = (l0 + rows_per).min(len);
                        let (first, end) = if ob > 1 {
                            (o0 * slice, (o0 + ob) * slice)
                        } else {
                            ((o0 * len + l0) * inner + c0, (o0 * len + l1 - 1) * inner + c1)
                        };
                        let (src_bind, src_base) = self.window_bind(src, dtype, first, end);
                        let (dst_bind, dst_base) = self.window_bind(&dst, dtype, first, end);
                        let (carry_bind, carry_base) = self.window_bind(&carry, dtype, line0, line0 + lines);
                        let params = LineScanParams {
                            lines: lines as u32,
                            len: len as u32,
                            inner: inner as u32,
                            first_line: line0 as u32,
                            src_start: src_base,
                            dst_start: dst_base,
                            first_row: l0 as u32,
                            end_row: l1 as u32,
                            carry_start: carry_base,
                        };
                        self.dispatch(
                            &pipeline,
                            &params,
                            &[src_bind, dst_bind, carry_bind],
                            lines.div_ceil(256) as u32,
                        )?;
                    }
                }
            }
            return Ok(dst);
        }
        let nblocks = len.div_ceil(BLOCK);
        let total = outer * nblocks;
        let sums = self.alloc(total as u64 * esz)?;
        let per = (limit / BLOCK).max(1);
        let span = |g0: usize, g1: usize| {
            let start = (g0 / nblocks) * len + (g0 % nblocks) * BLOCK;
            let last = g1 - 1;
            (start, (last / nblocks) * len + ((last % nblocks + 1) * BLOCK).min(len))
        };
        let scan = self.pipelines.get(&self.device, &shaders::BLOCK_SCAN, t, None, &[]);
        for g0 in (0..total).step_by(per) {
            let g1 = (g0 + per).min(total);
            let (start, end) = span(g0, g1);
            let (src_bind, src_base) = self.window_bind(src, dtype, start, end);
            let (dst_bind, dst_base) = self.window_bind(&dst, dtype, start, end);
            let (sums_bind, sums_base) = self.window_bind(&sums, dtype, g0, g1);
            let params = BlockScanParams {
                len: len as u32,
                blocks: nblocks as u32,
                first_block: g0 as u32,
                end_block: g1 as u32,
                src_start: src_base,
                dst_start: dst_base,
                sums_start: sums_base,
            };
            self.dispatch(&scan, &params, &[src_bind, dst_bind, sums_bind], (g1 - g0) as u32)?;
        }
        if nblocks > 1 {
            let scanned = self.cumsum(&sums, dtype, outer, nblocks, 1)?;
            let add = self.pipelines.get(&self.device, &shaders::ADD_OFFSETS, t, None, &[]);
            for g0 in (0..total).step_by(per) {
                let g1 = (g0 + per).min(total);
                let (start, end) = span(g0, g1);
                let (scanned_bind, scanned_base) = self.window_bind(&scanned, dtype, g0.saturating_sub(1), g1);
                let (dst_bind, dst_base) = self.window_bind(&dst, dtype, start, end);
                let params = AddOffsetsParams {
                    len: len as u32,
                    blocks: nblocks as u32,
                    first_block: g0 as u32,
                    end_block: g1 as u32,
                    dst_start: dst_base,
                    scanned_start: scanned_base,
                };
                self.dispatch(&add, &params, &[scanned_bind, dst_bind], (g1 - g0) as u32)?;
            }
        }
        Ok(dst)
    }
}
