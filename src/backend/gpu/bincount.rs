//! Counting and summing by integer value: atomic counts, and weighted sums by a stable sort
//! followed by one serial sum per bin (float atomics do not exist in WGSL, and a fixed order
//! keeps the sums deterministic).

use super::context::GpuContext;
use crate::array::Array;
use crate::dtype::DType;
use crate::error::Result;
use crate::ops;
use std::sync::Arc;

impl GpuContext {
    /// How often each value occurs in the u32 vector `xu` (every value below `bins`), as int32.
    pub(crate) fn value_counts(self: &Arc<Self>, xu: &Array, bins: usize) -> Result<Array> {
        let counts = Array::zeros(xu.device(), &[bins], DType::U32)?;
        self.bincount(xu.gpu(), xu.len(), counts.gpu(), bins)?;
        ops::astype(&counts, DType::I32)
    }

    /// The sum of the float weights `w` per value of the u32 vector `xu`: the weights sorted
    /// stably by value, then each bin sums its run in input order; the runs end at the running
    /// totals of the counts.
    /// Readback: the longest run sets how many dispatches the serial sums take.
    pub(crate) async fn value_sums(self: &Arc<Self>, xu: &Array, w: &Array, bins: usize) -> Result<Array> {
        let n = xu.len();
        let (_, perm) = self.sort_rows(xu, 1, n)?;
        let sorted_w = self.take(w.gpu(), w.dtype(), 1, n, 1, &perm, n)?;
        let counts = self.value_counts(xu, bins)?;
        let end = ops::cumsum(&counts, None)?;
        let start = ops::sub(&end, &counts)?;
        let longest = ops::max(&counts, None, false)?.to_vec::<i32>().await?[0] as usize;
        let buf = self.segment_sum(start.gpu(), end.gpu(), bins, longest, &sorted_w, n, w.dtype())?;
        Ok(Array::from_gpu(self, buf, vec![bins], w.dtype()))
    }
}
