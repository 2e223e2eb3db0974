//! Arrays made on the device: zeros, ones, full, arange, linspace, eye.

use super::{Array, CpuData, Element};
use crate::backend::gpu::elementwise::{Dest, Operand};
use crate::backend::gpu::shaders;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use ndarray::{ArrayD, IxDyn};

fn affine_cpu<T: Element>(shape: &[usize], start: f64, step: f64) -> ArrayD<T> {
    let n: usize = shape.iter().product();
    let v: Vec<T> = (0..n).map(|i| T::from_f64(step.mul_add(i as f64, start))).collect();
    ArrayD::from_shape_vec(IxDyn(shape), v).expect("length matches shape")
}

impl Array {
    /// `start + step * i` for flat index i, computed on the device.
    fn affine(
        device: &Device,
        shape: &[usize],
        start: f64,
        step: f64,
        dtype: DType,
        op: &'static str,
    ) -> Result<Array> {
        super::check_new(device, shape, dtype, op)?;
        match device {
            Device::Cpu => Ok(Array::from_cpu(match dtype {
                DType::F32 => CpuData::F32(affine_cpu(shape, start, step).into_shared()),
                DType::F64 => CpuData::F64(affine_cpu(shape, start, step).into_shared()),
                DType::I32 => CpuData::I32(affine_cpu(shape, start, step).into_shared()),
                DType::U32 => CpuData::U32(affine_cpu(shape, start, step).into_shared()),
                DType::Bool => CpuData::Bool(affine_cpu(shape, start, step).into_shared()),
            })),
            Device::Gpu(ctx) => {
                // Bool is made as 0/1 u32, which is exactly its storage.
                let compute = if dtype == DType::Bool { DType::U32 } else { dtype };
                let coef = Array::from_vec(device, vec![start, step], &[2])?;
                let coef = crate::ops::astype(&coef, compute)?;
                let out = ctx
                    .elementwise(
                        &shaders::AFFINE,
                        ctx.storage_dtype(compute),
                        None,
                        &[],
                        &[
                            Operand { buf: coef.gpu(), dtype: compute, offset: 0, strides: vec![0; shape.len()] },
                            Operand { buf: coef.gpu(), dtype: compute, offset: 1, strides: vec![0; shape.len()] },
                        ],
                        shape,
                        Dest::New(dtype),
                    )?
                    .expect("new destination");
                Ok(Array::from_gpu(ctx, out, shape.to_vec(), dtype))
            }
        }
    }

    /// An array of `shape` filled with `value` (converted to `dtype`).
    pub fn full(device: &Device, shape: &[usize], value: f64, dtype: DType) -> Result<Array> {
        Self::filled(device, shape, value, dtype, "full")
    }

    fn filled(device: &Device, shape: &[usize], value: f64, dtype: DType, op: &'static str) -> Result<Array> {
        let value = if dtype == DType::Bool { f64::from(u8::from(value != 0.0)) } else { value };
        Self::affine(device, shape, value, 0.0, dtype, op)
    }

    pub fn zeros(device: &Device, shape: &[usize], dtype: DType) -> Result<Array> {
        Self::filled(device, shape, 0.0, dtype, "zeros")
    }

    pub fn ones(device: &Device, shape: &[usize], dtype: DType) -> Result<Array> {
        Self::filled(device, shape, 1.0, dtype, "ones")
    }

    /// A 0-dimensional array holding `value`.
    pub fn scalar(device: &Device, value: f64, dtype: DType) -> Result<Array> {
        Self::filled(device, &[], value, dtype, "scalar")
    }

    /// Values from `start` up to (not including) `stop` by `step`, as NumPy's arange.
    pub fn arange(device: &Device, start: f64, stop: f64, step: f64, dtype: DType) -> Result<Array> {
        if step == 0.0 || !step.is_finite() || !start.is_finite() || !stop.is_finite() {
            return Err(Error::InvalidParameter {
                name: "step",
                value: step.to_string(),
                reason: format!("arange needs finite bounds and a nonzero step (start={start}, stop={stop})"),
            });
        }
        let n = ((stop - start) / step).ceil().max(0.0);
        if n >= usize::MAX as f64 {
            return Err(Error::ShapeTooLarge { op: "arange", shape: vec![usize::MAX] });
        }
        Self::affine(device, &[n as usize], start, step, dtype, "arange")
    }

    /// `num` evenly spaced values over [start, stop] (stop included when `endpoint`).
    pub fn linspace(device: &Device, start: f64, stop: f64, num: usize, endpoint: bool, dtype: DType) -> Result<Array> {
        let div = if endpoint { num.saturating_sub(1) } else { num };
        let step = if div > 0 { (stop - start) / div as f64 } else { 0.0 };
        Self::affine(device, &[num], start, step, dtype, "linspace")
    }

    /// An n × m matrix with ones on the diagonal shifted by `k` (NumPy's eye).
    pub fn eye(device: &Device, n: usize, m: Option<usize>, k: isize, dtype: DType) -> Result<Array> {
        let m = m.unwrap_or(n);
        super::check_new(device, &[n, m], dtype, "eye")?;
        // Built on the host in float64, then cast on the device.
        super::check_new(&Device::Cpu, &[n, m], DType::F64, "eye")?;
        let mut v = vec![0.0f64; n * m];
        for i in 0..n {
            let j = i as isize + k;
            if j >= 0 && (j as usize) < m {
                v[i * m + j as usize] = 1.0;
            }
        }
        let a = Array::from_vec(device, v, &[n, m])?;
        crate::ops::astype(&a, dtype)
    }

    /// The same storage under another dtype with identical device bits.
    pub(crate) fn retyped(&self, dtype: DType) -> Array {
        let mut a = self.clone();
        a.dtype = dtype;
        a
    }
}
