//! Launching the sorting-family kernels: bitonic sort steps, scatter, searchsorted, bincount
//! and segment sums.

use super::context::GpuContext;
use super::launch::Bind;
use super::params::*;
use super::pool::GpuBuffer;
use super::shaders;
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
            return Err(Error::BufferTooLarge {
                op,
                requested: bytes,
                limit,
                limit_name: "max_storage_buffer_binding_size",
            });
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
                op: "sort",
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
                    // Keys and indices differ in element size, so their windows may start at
                    // different elements: each gets its own base.
                    let (kb, kbase) = self.window_bind(keys, dtype, r0 * p, (r0 + rb) * p);
                    let (ib, ibase) = self.window_bind(idx, DType::U32, r0 * p, (r0 + rb) * p);
                    let pairs = rb * p / 2;
                    let params = BitonicParams {
                        pairs: pairs as u32,
                        n: n as u32,
                        p: p as u32,
                        k: k as u32,
                        j: j as u32,
                        first_pair: (r0 * p / 2) as u32,
                        keys_start: kbase,
                        chunk_pos: 0,
                        idx_start: ibase,
                    };
                    self.dispatch(&pipeline, &params, &[kb, ib], pairs.div_ceil(256) as u32)?;
                }
                j /= 2;
            }
            k *= 2;
        }
        Ok(())
    }

    /// The largest power-of-two chunk of (key, index) pairs that one binding holds.
    pub(crate) fn sort_chunk(&self, dtype: DType) -> usize {
        let limit = self.window_elems(dtype).min(self.window_elems(DType::U32));
        1 << limit.ilog2()
    }

    /// Sorts one row of real length `n`, padded to `p` pairs held in chunks of `chunk`
    /// elements (`p` and `chunk` powers of two): rows larger than one binding.
    pub(crate) fn bitonic_sort_chunked(
        &self,
        keys: &[&GpuBuffer],
        idx: &[&GpuBuffer],
        dtype: DType,
        n: usize,
        p: usize,
        chunk: usize,
    ) -> Result<()> {
        let t = self.storage_dtype(dtype);
        let within = self.pipelines.get(&self.device, &shaders::BITONIC, t, None, &[]);
        let across = self.pipelines.get(&self.device, &shaders::BITONIC_PAIR, t, None, &[]);
        let mut k = 2;
        while k <= p {
            let mut j = k / 2;
            while j > 0 {
                for a in 0..keys.len() {
                    let at = a * chunk;
                    if j < chunk {
                        let params = BitonicParams {
                            pairs: (chunk / 2) as u32,
                            n: n as u32,
                            p: chunk as u32,
                            k: k as u32,
                            j: j as u32,
                            chunk_pos: at as u32,
                            ..Default::default()
                        };
                        self.dispatch(
                            &within,
                            &params,
                            &[
                                self.whole(keys[a], dtype, chunk, "sort chunk")?,
                                self.whole(idx[a], DType::U32, chunk, "sort chunk")?,
                            ],
                            (chunk / 2).div_ceil(256) as u32,
                        )?;
                    } else if at & j == 0 {
                        let b = a + j / chunk;
                        let params =
                            BitonicPairParams { chunk: chunk as u32, n: n as u32, k: k as u32, chunk_a_pos: at as u32 };
                        let binds = [
                            self.whole(keys[a], dtype, chunk, "sort chunk")?,
                            self.whole(idx[a], DType::U32, chunk, "sort chunk")?,
                            self.whole(keys[b], dtype, chunk, "sort chunk")?,
                            self.whole(idx[b], DType::U32, chunk, "sort chunk")?,
                        ];
                        self.dispatch(&across, &params, &binds, chunk.div_ceil(256) as u32)?;
                    }
                }
                j /= 2;
            }
            k *= 2;
        }
        Ok(())
    }

    /// dst[index[i]] = src[i] for i < elems, skipping indices equal to u32::MAX, in windows
    /// of the source and of the destination.
    pub(crate) fn scatter(
        &self,
        index: &GpuBuffer,
        src: &GpuBuffer,
        elems: usize,
        dst: &GpuBuffer,
        dst_len: usize,
        dtype: DType,
    ) -> Result<()> {
        if elems == 0 || dst_len == 0 {
            return Ok(());
        }
        let pipeline = self.pipelines.get(&self.device, &shaders::SCATTER, self.storage_dtype(dtype), None, &[]);
        let limit = self.window_elems(dtype).min(self.window_elems(DType::U32));
        for i0 in (0..elems).step_by(limit) {
            let i1 = (i0 + limit).min(elems);
            for d0 in (0..dst_len).step_by(limit) {
                let d1 = (d0 + limit).min(dst_len);
                let (index_bind, index_base) = self.window_bind(index, DType::U32, i0, i1);
                let (src_bind, src_base) = self.window_bind(src, dtype, i0, i1);
                let (dst_bind, dst_base) = self.window_bind(dst, dtype, d0, d1);
                let params = ScatterParams {
                    len: (i1 - i0) as u32,
                    first: i0 as u32,
                    index_start: index_base,
                    src_start: src_base,
                    dst_first: d0 as u32,
                    dst_end: d1 as u32,
                    dst_start: dst_base,
                };
                self.dispatch(&pipeline, &params, &[index_bind, src_bind, dst_bind], (i1 - i0).div_ceil(256) as u32)?;
            }
        }
        Ok(())
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
        let limit = self.window_elems(dtype);
        for s0 in (0..n.max(1)).step_by(limit) {
            let s1 = (s0 + limit).min(n);
            let (sorted_bind, sorted_base) = self.window_bind(sorted, dtype, s0, s1.max(s0 + 1));
            for i0 in (0..m).step_by(limit) {
                let len = limit.min(m - i0);
                let (values_bind, values_base) = self.window_bind(values, dtype, i0, i0 + len);
                let (out_bind, out_base) = self.window_bind(&out, DType::I32, i0, i0 + len);
                let params = SearchsortedParams {
                    len: len as u32,
                    right: u32::from(right),
                    first: i0 as u32,
                    values_start: values_base,
                    dst_start: out_base,
                    s0: s0 as u32,
                    s1: s1 as u32,
                    sorted_start: sorted_base,
                    overwrite: u32::from(s0 == 0),
                };
                self.dispatch(
                    &pipeline,
                    &params,
                    &[sorted_bind.clone(), values_bind, out_bind],
                    len.div_ceil(256) as u32,
                )?;
            }
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
            let params = BincountParams { len: len as u32, first: i0 as u32, x_start: x_base };
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
        let limit = self.window_elems(dtype);
        let mut first = true;
        let serial = self.max_serial(dtype);
        for from in (0..longest.max(1)).step_by(serial) {
            for w0 in (0..n.max(1)).step_by(limit) {
                let w1 = (w0 + limit).min(n);
                let (src_bind, src_base) = self.window_bind(src, dtype, w0, w1.max(w0 + 1));
                let binds = [
                    self.whole(start, DType::I32, segments, "max_storage_buffer_binding_size (bins of bincount)")?,
                    self.whole(end, DType::I32, segments, "max_storage_buffer_binding_size (bins of bincount)")?,
                    src_bind,
                    self.whole(&out, dtype, segments, "max_storage_buffer_binding_size (bins of bincount)")?,
                ];
                let params = SegmentSumParams {
                    segments: segments as u32,
                    skip: from as u32,
                    count: serial as u32,
                    w0: w0 as u32,
                    w1: w1 as u32,
                    overwrite: u32::from(first),
                    src_start: src_base,
                };
                self.dispatch(&pipeline, &params, &binds, segments.div_ceil(256) as u32)?;
                first = false;
            }
        }
        Ok(out)
    }
}
