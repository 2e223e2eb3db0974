//! Launching inclusive prefix sums along the middle axis of an (outer, len, inner) array.

use super::context::GpuContext;
use super::pool::GpuBuffer;
use super::shaders;
use super::MAX_SERIAL;
use crate::dtype::DType;
use crate::error::{Error, Result};

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
            let slice = len * inner;
            if slice > limit {
                return Err(Error::BufferTooLarge {
                    requested: slice as u64 * esz,
                    limit: self.limits.max_storage_buffer_binding_size,
                    limit_name: "max_storage_buffer_binding_size (one slice of cumsum along a non-last axis)",
                });
            }
            let pipeline = self.pipelines.get(&self.device, &shaders::LINE_SCAN, t, None, &[]);
            let per = (limit / slice).max(1);
            for o0 in (0..outer).step_by(per) {
                let ob = per.min(outer - o0);
                let (src_bind, src_base) = self.window_bind(src, dtype, o0 * slice, (o0 + ob) * slice);
                let (dst_bind, dst_base) = self.window_bind(&dst, dtype, o0 * slice, (o0 + ob) * slice);
                let lines = ob * inner;
                for l0 in (0..len).step_by(MAX_SERIAL) {
                    let l1 = (l0 + MAX_SERIAL).min(len);
                    let params = [
                        lines as u32,
                        len as u32,
                        inner as u32,
                        (o0 * inner) as u32,
                        src_base,
                        dst_base,
                        l0 as u32,
                        l1 as u32,
                    ];
                    let binds = [src_bind.clone(), dst_bind.clone()];
                    self.dispatch(&pipeline, &params, &binds, lines.div_ceil(256) as u32)?;
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
            let params = [len as u32, nblocks as u32, g0 as u32, src_base, dst_base, sums_base];
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
                let params = [len as u32, nblocks as u32, g0 as u32, 0, dst_base, scanned_base];
                self.dispatch(&add, &params, &[scanned_bind, dst_bind], (g1 - g0) as u32)?;
            }
        }
        Ok(dst)
    }
}
