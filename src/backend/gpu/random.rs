//! Launching the Philox kernels, in output windows.

use super::context::GpuContext;
use super::params::*;
use super::pool::GpuBuffer;
use super::shaders;
use crate::dtype::DType;
use crate::error::Result;

/// What to draw from the stream.
pub(crate) enum Draw<'a> {
    Bits,
    /// Uniform (`normal == false`) or normal values; `coef` holds (low, high) or (mean, std).
    Floats {
        coef: &'a GpuBuffer,
        normal: bool,
    },
}

impl GpuContext {
    /// `n` elements of the stream of `key` from block `counter` on, as a new buffer of `dtype`.
    pub(crate) fn random(&self, draw: Draw<'_>, dtype: DType, n: usize, counter: u64, key: u64) -> Result<GpuBuffer> {
        let out = self.alloc(n as u64 * self.elem_size(dtype))?;
        let limit = self.window_elems(dtype);
        let (pipeline, extra) = match &draw {
            Draw::Bits => (self.pipelines.get(&self.device, &shaders::RANDOM_BITS, DType::U32, None, &[]), None),
            Draw::Floats { coef, normal } => (
                self.pipelines.get(
                    &self.device,
                    &shaders::RANDOM_FLOAT,
                    self.storage_dtype(dtype),
                    None,
                    &[("DIST", u32::from(*normal))],
                ),
                Some(self.whole(coef, dtype, 2, "random coefficients")?),
            ),
        };
        for i0 in (0..n).step_by(limit) {
            let len = limit.min(n - i0);
            let (bind, base) = self.window_bind(&out, dtype, i0, i0 + len);
            let params = RandomParams {
                len: len as u32,
                first: i0 as u32,
                counter_lo: counter as u32,
                counter_hi: (counter >> 32) as u32,
                key_lo: key as u32,
                key_hi: (key >> 32) as u32,
                dst_start: base,
                wide: u32::from(dtype == DType::F64),
            };
            let binds = match &extra {
                None => vec![bind],
                Some(coef) => vec![super::launch::Bind { buf: coef.buf, offset: coef.offset, size: coef.size }, bind],
            };
            self.dispatch(&pipeline, &params, &binds, len.div_ceil(256) as u32)?;
        }
        Ok(out)
    }
}
