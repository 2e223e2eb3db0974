//! Launching the sorting-family kernels: bitonic sort steps, scatter, searchsorted, bincount
//! and segment sums.

use super::context::GpuContext;
use super::launch::Bind;
use super::pool::GpuBuffer;
use super::shaders;
use super::MAX_SERIAL;
use crate::dtype::DType;
use crate::error::{Error, Result};

impl GpuContext {
    /// The first `elems` elements of `buf` as one binding; data-dependent access patterns
    /// (scatter, binary search) cannot be split into windows.
    pub(crate) fn whole<'a>(
        &self,
        buf: &'a GpuBuffer,
        dtype: DType,
        elems: usize,
        op: &'static str,
    ) -> Result<Bind<'a>> {
        let bytes = (elems.max(1) as u64 * self.elem_size(dtype)).next_multiple_of(4);
        let limit = self.limits.max_storage_buffer_binding_size;
        if bytes > limit {
            return Err(Error::BufferTooLarge { requested: bytes, limit, limit_name: op });
        }
        Ok(Bind { buf: buf.raw(), offset: 0, size: bytes.min(buf.size()) })
    }

    /// Sorts `rows` rows of `p` (a power of two) (key, index) pairs in place, rows of real
    /// length `n`; row groups are dispatched in windows.
    pub(crate) fn bitonic_sort(
        &self,
        keys: &GpuBuffer,
        idx: &GpuBuffer,
        dtype: DType,
        rows: usize,
        n: usize,
        p: usize,
    ) -> Result<()> {
        if p < 2 {
            return Ok(());
        }
        let limit = self.window_elems(dtype).min(self.window_elems(DType::U32));
        if p > limit {
            return Err(Error::BufferTooLarge {
                requested: p as u64 * self.elem_size(dtype),
                limit: self.limits.max_storage_buffer_binding_size,
                limit_name: "max_storage_buffer_binding_size (one row of a sort)",
            });
        }
        let rows_per = (limit / p).max(1);
        let pipeline = self.pipelines.get(&self.device, &shaders::BITONIC, self.storage_dtype(dtype), None, &[]);
        let mut k = 2;
        while k <= p {
            let mut j = k / 2;
            while j > 0 {
                for r0 in (0..rows).step_by(rows_per) {
                    let rb = rows_per.min(rows - r0);
                    // Both buffers hold `p` elements per row; their windows start at the same
                    // element only if the alignment agrees, so each gets its own base.
                    let (kb, kbase) = self.window_bind(keys, dtype, r0 * p, (r0 + rb) * p);
                    let (ib, ibase) = self.window_bind(idx, DType::U32, r0 * p, (r0 + rb) * p);
                    if kbase != ibase {
                        return Err(Error::Gpu(format!("sort windows misaligned ({kbase} vs {ibase})")));
                    }
                    let pairs = rb * p / 2;
                    let params = [pairs as u32, n as u32, p as u32, k as u32, j as u32, (r0 * p / 2) as u32, kbase];
                    self.dispatch(&pipeline, &params, &[kb, ib], pairs.div_ceil(256) as u32)?;
                }
                j /= 2;
            }
            k *= 2;
        }
        Ok(())
    }

    /// dst[index[i]] = src[i] for i < elems, skipping indices equal to u32::MAX.
    pub(crate) fn scatter(
        &self,
        index: &GpuBuffer,
        src: &GpuBuffer,
        elems: usize,
        dst: &GpuBuffer,
        dst_len: usize,
        dtype: DType,
    ) -> Result<()> {
        if elems == 0 {
            return Ok(());
        }
        let pipeline = self.pipelines.get(&self.device, &shaders::SCATTER, self.storage_dtype(dtype), None, &[]);
        let binds = [
            self.whole(index, DType::U32, elems, "scatter")?,
            self.whole(src, dtype, elems, "scatter")?,
            self.whole(dst, dtype, dst_len, "scatter")?,
        ];
        self.dispatch(&pipeline, &[elems as u32], &binds, elems.div_ceil(256) as u32)
    }

    /// Insertion points of `values` in the sorted vector `sorted`, as a new i32 buffer.
    pub(crate) fn searchsorted(
        &self,
        sorted: &GpuBuffer,
        n: usize,
        values: &GpuBuffer,
        m: usize,
        right: bool,
        dtype: DType,
    ) -> Result<GpuBuffer> {
        let out = self.alloc(m as u64 * 4)?;
        if m == 0 {
            return Ok(out);
        }
        let pipeline = self.pipelines.get(&self.device, &shaders::SEARCHSORTED, self.storage_dtype(dtype), None, &[]);
        let sorted =
            self.whole(sorted, dtype, n, "max_storage_buffer_binding_size (the sorted array of searchsorted)")?;
        let limit = self.window_elems(dtype);
        for i0 in (0..m).step_by(limit) {
            let len = limit.min(m - i0);
            let (values_bind, values_base) = self.window_bind(values, dtype, i0, i0 + len);
            let (out_bind, out_base) = self.window_bind(&out, DType::I32, i0, i0 + len);
            let params = [len as u32, n as u32, u32::from(right), i0 as u32, values_base, out_base];
            self.dispatch(&pipeline, &params, &[sorted.clone(), values_bind, out_bind], len.div_ceil(256) as u32)?;
        }
        Ok(out)
    }

    /// Adds 1 to counts[x[i]] for the `n` u32 values of `x` (all below the length of `counts`).
    pub(crate) fn bincount(&self, x: &GpuBuffer, n: usize, counts: &GpuBuffer, bins: usize) -> Result<()> {
        if n == 0 {
            return Ok(());
        }
        let pipeline = self.pipelines.get(&self.device, &shaders::BINCOUNT, DType::U32, None, &[]);
        let counts = self.whole(counts, DType::U32, bins, "max_storage_buffer_binding_size (the bins of bincount)")?;
        let limit = self.window_elems(DType::U32);
        for i0 in (0..n).step_by(limit) {
            let len = limit.min(n - i0);
            let (x_bind, x_base) = self.window_bind(x, DType::U32, i0, i0 + len);
            let params = [len as u32, i0 as u32, x_base];
            self.dispatch(&pipeline, &params, &[x_bind, counts.clone()], len.div_ceil(256) as u32)?;
        }
        Ok(())
    }

    /// out[b] = sum of src[start[b]..end[b]] for `segments` segments no longer than
    /// `longest`, as a new buffer.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn segment_sum(
        &self,
        start: &GpuBuffer,
        end: &GpuBuffer,
        segments: usize,
        longest: usize,
        src: &GpuBuffer,
        n: usize,
        dtype: DType,
    ) -> Result<GpuBuffer> {
        let out = self.alloc(segments as u64 * self.elem_size(dtype))?;
        if segments == 0 {
            return Ok(out);
        }
        let pipeline = self.pipelines.get(&self.device, &shaders::SEGMENT_SUM, self.storage_dtype(dtype), None, &[]);
        let binds = [
            self.whole(start, DType::I32, segments, "segment_sum")?,
            self.whole(end, DType::I32, segments, "segment_sum")?,
            self.whole(src, dtype, n, "segment_sum")?,
            self.whole(&out, dtype, segments, "segment_sum")?,
        ];
        for from in (0..longest.max(1)).step_by(MAX_SERIAL) {
            let params = [segments as u32, from as u32, MAX_SERIAL as u32];
            self.dispatch(&pipeline, &params, &binds, segments.div_ceil(256) as u32)?;
        }
        Ok(out)
    }
}
