//! Sorting the rows of an array: the keys padded to a power of two and bitonic-sorted with
//! their positions, in one buffer when a row group fits a binding, else each row in chunks
//! held by separate buffers.

use super::context::GpuContext;
use super::elementwise::{Dest, Operand};
use super::pool::GpuBuffer;
use crate::array::Array;
use crate::dtype::DType;
use crate::error::Result;

/// A contiguous run of `buf` starting at element `offset`.
fn run(buf: &GpuBuffer, dtype: DType, offset: usize) -> Operand<'_> {
    Operand { buf, dtype, offset, strides: vec![1] }
}

impl GpuContext {
    /// The stably sorted values and the sorting positions (u32) of the `rows` rows of `n`
    /// elements of `work` (a numeric dtype; NaN sorts last), as new row-major buffers.
    pub(crate) fn sort_rows(&self, work: &Array, rows: usize, n: usize) -> Result<(GpuBuffer, GpuBuffer)> {
        let dtype = work.dtype();
        let (p, chunk) = (n.next_power_of_two(), self.sort_chunk(dtype));
        if p > chunk {
            return self.sort_rows_chunked(work, rows, n);
        }
        let keys = self.alloc((rows * p) as u64 * self.elem_size(dtype))?;
        let idx = self.alloc((rows * p) as u64 * 4)?;
        let shape = [rows, n];
        let padded = |buf, dtype| Operand { buf, dtype, offset: 0, strides: vec![p, 1] };
        self.copy(
            Operand { buf: work.gpu(), dtype, offset: 0, strides: vec![n, 1] },
            &shape,
            Dest::Into(padded(&keys, dtype)),
        )?;
        let positions = Array::arange(work.device(), 0.0, p as f64, 1.0, DType::U32)?;
        self.copy(
            Operand { buf: positions.gpu(), dtype: DType::U32, offset: 0, strides: vec![0, 1] },
            &[rows, p],
            Dest::Into(padded(&idx, DType::U32)),
        )?;
        self.bitonic_sort(&keys, &idx, dtype, rows, n, p)?;
        let values = self.copy(padded(&keys, dtype), &shape, Dest::New(dtype))?.expect("new destination");
        let order = self.copy(padded(&idx, DType::U32), &shape, Dest::New(DType::U32))?.expect("new destination");
        Ok((values, order))
    }

    /// [`Self::sort_rows`] for rows larger than one binding.
    fn sort_rows_chunked(&self, work: &Array, rows: usize, n: usize) -> Result<(GpuBuffer, GpuBuffer)> {
        let dtype = work.dtype();
        let (p, chunk) = (n.next_power_of_two(), self.sort_chunk(dtype));
        let values = self.alloc((rows * n) as u64 * self.elem_size(dtype))?;
        let order = self.alloc((rows * n) as u64 * 4)?;
        for r in 0..rows {
            let mut keys = Vec::new();
            let mut idx = Vec::new();
            for c in 0..p / chunk {
                let (start, len) = (c * chunk, chunk.min(n.saturating_sub(c * chunk)));
                let buf = self.alloc(chunk as u64 * self.elem_size(dtype))?;
                if len > 0 {
                    self.copy(run(work.gpu(), dtype, r * n + start), &[len], Dest::Into(run(&buf, dtype, 0)))?;
                }
                keys.push(buf);
                idx.push(Array::arange(work.device(), start as f64, (start + chunk) as f64, 1.0, DType::U32)?);
            }
            let key_refs: Vec<&GpuBuffer> = keys.iter().collect();
            let idx_refs: Vec<&GpuBuffer> = idx.iter().map(Array::gpu).collect();
            self.bitonic_sort_chunked(&key_refs, &idx_refs, dtype, n, p, chunk)?;
            for c in 0..p / chunk {
                let (start, len) = (c * chunk, chunk.min(n.saturating_sub(c * chunk)));
                if len == 0 {
                    continue;
                }
                let at = r * n + start;
                self.copy(run(&keys[c], dtype, 0), &[len], Dest::Into(run(&values, dtype, at)))?;
                self.copy(run(idx[c].gpu(), DType::U32, 0), &[len], Dest::Into(run(&order, DType::U32, at)))?;
            }
        }
        Ok((values, order))
    }
}
