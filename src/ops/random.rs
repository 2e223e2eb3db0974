//! Random numbers from a Philox4x32-10 counter-based generator. The same seed gives the same
//! stream on the CPU and on every GPU: raw words and permutations are identical, floats agree
//! to the precision of their dtype, so randomized algorithms agree across devices.

use super::sort::argsort;
use crate::array::{Array, CpuData};
use crate::backend::cpu::random as cpu;
use crate::backend::gpu::random::Draw;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A Philox generator: a 64-bit key (the seed) and the next unused 64-bit block counter.
/// Every draw advances the counter by the blocks it used, whatever the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Philox {
    seed: u64,
    counter: u64,
}

impl Philox {
    pub fn new(seed: u64) -> Self {
        Philox { seed, counter: 0 }
    }

    /// The generator `blocks` blocks further along the stream.
    pub fn advanced(&self, blocks: u64) -> Self {
        Philox { seed: self.seed, counter: self.counter + blocks }
    }

    fn take_blocks(&mut self, blocks: u64) -> u64 {
        let at = self.counter;
        self.counter += blocks;
        at
    }

    /// Raw 32-bit words (uint32).
    pub fn random_bits(&mut self, device: &Device, shape: &[usize]) -> Result<Array> {
        let n = crate::array::check_new(device, shape, DType::U32, "random_bits")?;
        let counter = self.take_blocks(n.div_ceil(4) as u64);
        match device {
            Device::Cpu => Array::from_vec(device, cpu::bits(counter, self.seed, n), shape),
            Device::Gpu(ctx) => {
                let buf = ctx.random(Draw::Bits, DType::U32, n, counter, self.seed)?;
                Ok(Array::from_gpu(ctx, buf, shape.to_vec(), DType::U32))
            }
        }
    }

    fn floats(
        &mut self,
        device: &Device,
        shape: &[usize],
        a: f64,
        b: f64,
        normal: bool,
        dtype: DType,
    ) -> Result<Array> {
        if !dtype.is_float() {
            return Err(Error::DTypeMismatch { op: "random", expected: "float32 or float64".into(), got: dtype });
        }
        let n = crate::array::check_new(device, shape, dtype, if normal { "normal" } else { "uniform" })?;
        let counter = self.take_blocks(n.div_ceil(2) as u64);
        let wide = dtype == DType::F64;
        match device {
            Device::Cpu => {
                let data = if wide {
                    CpuData::F64(
                        ndarray::ArrayD::from_shape_vec(shape, cpu::floats(counter, self.seed, n, a, b, normal, wide))
                            .expect("length matches")
                            .into_shared(),
                    )
                } else {
                    let v = cpu::floats(counter, self.seed, n, a as f32, b as f32, normal, wide);
                    CpuData::F32(ndarray::ArrayD::from_shape_vec(shape, v).expect("length matches").into_shared())
                };
                Array::from_data(device, data)
            }
            Device::Gpu(ctx) => {
                let coef = super::astype(&Array::from_slice(device, &[a, b])?, dtype)?;
                let buf = ctx.random(Draw::Floats { coef: coef.gpu(), normal }, dtype, n, counter, self.seed)?;
                Ok(Array::from_gpu(ctx, buf, shape.to_vec(), dtype))
            }
        }
    }

    /// Uniform values in [low, high).
    pub fn uniform(&mut self, device: &Device, shape: &[usize], low: f64, high: f64, dtype: DType) -> Result<Array> {
        if !(low.is_finite() && high.is_finite() && low <= high) {
            return Err(Error::InvalidParameter {
                name: "low",
                value: low.to_string(),
                reason: format!("needs finite low <= high = {high}"),
            });
        }
        self.floats(device, shape, low, high, false, dtype)
    }

    /// Normal values with the given mean and standard deviation (Box-Muller).
    pub fn normal(&mut self, device: &Device, shape: &[usize], mean: f64, std: f64, dtype: DType) -> Result<Array> {
        if !(mean.is_finite() && std.is_finite() && std >= 0.0) {
            return Err(Error::InvalidParameter {
                name: "std",
                value: std.to_string(),
                reason: format!("needs a finite mean ({mean}) and std >= 0"),
            });
        }
        self.floats(device, shape, mean, std, true, dtype)
    }

    /// A random permutation of 0..n (int32): the stable argsort of n random words, so it is
    /// the same on every device.
    pub fn permutation(&mut self, device: &Device, n: usize) -> Result<Array> {
        argsort(&self.random_bits(device, &[n])?, -1)
    }

    /// `n` float64 values uniform on [0, 1), computed on the host (a search's parameter
    /// draws): the same values, and the same advance of the stream, as `uniform` on a device.
    pub fn uniform_host(&mut self, n: usize) -> Vec<f64> {
        let counter = self.take_blocks(n.div_ceil(2) as u64);
        cpu::floats(counter, self.seed, n, 0.0, 1.0, false, true)
    }

    /// [`Self::permutation`] computed on the host, for index bookkeeping (the splitters'
    /// shuffles): the same values, and the same advance of the stream, as on every device.
    pub fn permutation_host(&mut self, n: usize) -> Vec<usize> {
        let counter = self.take_blocks(n.div_ceil(4) as u64);
        let bits = cpu::bits(counter, self.seed, n);
        let mut order: Vec<usize> = (0..n).collect();
        // Stable, as the device argsort is.
        order.sort_by_key(|&i| bits[i]);
        order
    }
}
