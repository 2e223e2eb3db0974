//! Moving data between the host, the CPU device and GPU devices.

use super::{Array, CpuData, Element, Storage};
use crate::backend::gpu::GpuContext;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use ndarray::{ArrayBase, ArrayD, Data, Dimension, IxDyn};
use std::sync::Arc;

fn to_bytes<T: Element + bytemuck::Pod>(data: &CpuData) -> Vec<u8> {
    let v: Vec<T> = data.to_typed::<T>().iter().copied().collect();
    bytemuck::cast_slice(&v).to_vec()
}

fn from_bytes<T: Element + bytemuck::Pod>(bytes: &[u8], shape: &[usize]) -> ArrayD<T> {
    let v: Vec<T> = bytemuck::pod_collect_to_vec(bytes);
    ArrayD::from_shape_vec(IxDyn(shape), v).expect("buffer holds exactly the array's elements")
}

impl Array {
    /// An array on `device` holding `data`.
    pub fn from_data(device: &Device, data: CpuData) -> Result<Array> {
        match device {
            Device::Cpu => Ok(Array::from_cpu(data)),
            Device::Gpu(ctx) => upload(ctx, data),
        }
    }

    /// An array on `device` with the contents of an ndarray of any dimension.
    /// i64 input is range-checked into i32.
    pub fn from_ndarray<T: Element, S: Data<Elem = T>, D: Dimension>(
        device: &Device,
        a: &ArrayBase<S, D>,
    ) -> Result<Array> {
        Self::from_data(device, T::into_data(a.to_owned().into_dyn())?)
    }

    /// An array of `shape` from row-major `values`.
    pub fn from_vec<T: Element>(device: &Device, values: Vec<T>, shape: &[usize]) -> Result<Array> {
        let n = super::checked_len(shape, "from_vec")?;
        if n != values.len() {
            return Err(Error::ShapeMismatch {
                op: "from_vec",
                detail: format!("{} values cannot fill shape {shape:?} ({n} elements)", values.len()),
            });
        }
        let a = ArrayD::from_shape_vec(IxDyn(shape), values).expect("length checked above");
        Self::from_data(device, T::into_data(a)?)
    }

    /// A 1-D array with a copy of `values`.
    pub fn from_slice<T: Element>(device: &Device, values: &[T]) -> Result<Array> {
        Self::from_vec(device, values.to_vec(), &[values.len()])
    }

    /// The contents on the host, in this array's dtype.
    /// Readback: on a GPU the host waits for every recorded op that this array depends on.
    pub async fn to_data(&self) -> Result<CpuData> {
        match &self.storage {
            Storage::Cpu(d) => Ok(d.as_ref().clone()),
            Storage::Gpu(buf) => {
                let Device::Gpu(ctx) = &self.device else { unreachable!("GPU storage lives on a GPU device") };
                let bytes = ctx.read(buf.raw(), self.len() as u64 * ctx.elem_size(self.dtype)).await?;
                Ok(match (self.dtype, ctx.storage_dtype(self.dtype)) {
                    (DType::F32, _) => CpuData::F32(from_bytes(&bytes, &self.shape).into_shared()),
                    (DType::F64, DType::F64) if ctx.emulates_f64() => {
                        let pairs: Vec<f32> = bytemuck::pod_collect_to_vec(&bytes);
                        let v = pairs.chunks_exact(2).map(|p| f64::from(p[0]) + f64::from(p[1])).collect();
                        CpuData::F64(
                            ArrayD::from_shape_vec(IxDyn(&self.shape), v).expect("one pair per element").into_shared(),
                        )
                    }
                    (DType::F64, DType::F64) => CpuData::F64(from_bytes(&bytes, &self.shape).into_shared()),
                    (DType::F64, _) => {
                        CpuData::F64(from_bytes::<f32>(&bytes, &self.shape).mapv(f64::from).into_shared())
                    }
                    (DType::I32, _) => CpuData::I32(from_bytes(&bytes, &self.shape).into_shared()),
                    (DType::U32, _) => CpuData::U32(from_bytes(&bytes, &self.shape).into_shared()),
                    (DType::Bool, _) => {
                        CpuData::Bool(from_bytes::<u32>(&bytes, &self.shape).mapv(|v| v != 0).into_shared())
                    }
                })
            }
        }
    }

    /// The contents as an ndarray of `T`, converting the dtype (as NumPy's `astype`).
    pub async fn to_ndarray<T: Element>(&self) -> Result<ArrayD<T>> {
        Ok(self.to_data().await?.to_typed::<T>())
    }

    /// The contents as a flat row-major Vec of `T`.
    pub async fn to_vec<T: Element>(&self) -> Result<Vec<T>> {
        Ok(self.to_ndarray::<T>().await?.iter().copied().collect())
    }

    /// A copy of this array on `device` (a cheap clone when it already lives there).
    pub async fn to_device(&self, device: &Device) -> Result<Array> {
        if self.device.same(device) {
            return Ok(self.clone());
        }
        Array::from_data(device, self.to_data().await?)
    }
}

fn upload(ctx: &Arc<GpuContext>, data: CpuData) -> Result<Array> {
    let dtype = data.dtype();
    let bytes = match ctx.storage_dtype(dtype) {
        DType::F32 => to_bytes::<f32>(&data),
        // df64: hi is the f32 rounding, lo the f32 rounding of what remains (one pass).
        DType::F64 if ctx.emulates_f64() => {
            let pairs: Vec<f32> = data
                .to_typed::<f64>()
                .iter()
                .flat_map(|&x| {
                    let hi = x as f32;
                    let lo = if hi.is_finite() { (x - f64::from(hi)) as f32 } else { 0.0 };
                    [hi, lo]
                })
                .collect();
            bytemuck::cast_slice(&pairs).to_vec()
        }
        DType::F64 => to_bytes::<f64>(&data),
        DType::I32 => to_bytes::<i32>(&data),
        DType::U32 | DType::Bool => to_bytes::<u32>(&data),
    };
    let buf = ctx.upload(&bytes)?;
    Ok(Array::from_gpu(ctx, buf, data.shape().to_vec(), dtype))
}
