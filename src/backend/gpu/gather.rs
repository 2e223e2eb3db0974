//! Launching `take`: a gather along one axis, looping over output and source windows.

use super::context::GpuContext;
use super::params::*;
use super::pool::GpuBuffer;
use super::shaders;
use crate::dtype::DType;
use crate::error::Result;

impl GpuContext {
    /// out[o, j, :] = src[o, index[j], :] for an (outer, n, inner) source and k u32 indices
    /// (already checked to be below n), as a new (outer, k, inner) buffer.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn take(
        &self,
        src: &GpuBuffer,
        dtype: DType,
        outer: usize,
        n: usize,
        inner: usize,
        index: &GpuBuffer,
        k: usize,
    ) -> Result<GpuBuffer> {
        let out_elems = outer * k * inner;
        let out = self.alloc(out_elems as u64 * self.elem_size(dtype))?;
        if out_elems == 0 {
            return Ok(out);
        }
        let limit = self.window_elems(dtype);
        // Indices that do not fit one binding are windowed along with the output rows, which
        // needs one output row per index (outer == 1).
        let index_fits = k <= self.window_elems(DType::U32);
        if !index_fits && outer > 1 {
            self.whole(
                index,
                DType::U32,
                k,
                "max_storage_buffer_binding_size (the indices of take along an inner axis)",
            )?;
        }
        let rows_per = (limit / inner).max(1).min(self.window_elems(DType::U32));
        let pipeline = self.pipelines.get(&self.device, &shaders::TAKE, self.storage_dtype(dtype), None, &[]);
        let (out_rows, src_rows) = (outer * k, outer * n);
        for q0 in (0..out_rows).step_by(rows_per) {
            let q1 = (q0 + rows_per).min(out_rows);
            for r0 in (0..src_rows).step_by(rows_per) {
                let r1 = (r0 + rows_per).min(src_rows);
                let (out_bind, out_base) = self.window_bind(&out, dtype, q0 * inner, q1 * inner);
                let (src_bind, src_base) = self.window_bind(src, dtype, r0 * inner, r1 * inner);
                let count = (q1 - q0) * inner;
                let (index_bind, index_base) = if index_fits {
                    self.window_bind(index, DType::U32, 0, k)
                } else {
                    self.window_bind(index, DType::U32, q0, q1)
                };
                let params = TakeParams {
                    len: count as u32,
                    n: n as u32,
                    inner: inner as u32,
                    k: k as u32,
                    first_row: q0 as u32,
                    dst_start: out_base,
                    src_first_row: r0 as u32,
                    src_end_row: r1 as u32,
                    src_start: src_base,
                    index_start: index_base,
                };
                self.dispatch(&pipeline, &params, &[index_bind, src_bind, out_bind], count.div_ceil(256) as u32)?;
            }
        }
        Ok(out)
    }
}
