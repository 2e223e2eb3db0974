//! The device-backed array: a shape, a dtype, a device and the storage on that device.
//! GPU arrays are always contiguous row-major buffers; views are materialized by kernels.

mod creation;
mod display;
mod element;
mod serde;
mod shape;
mod transfer;

pub use shape::{concat, stack};

pub(crate) use element::{typed, with_data, with_dtype};
pub use element::{CpuData, Element};

use crate::backend::gpu::{GpuBuffer, GpuContext};
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use std::fmt;
use std::sync::Arc;

#[derive(Clone)]
pub(crate) enum Storage {
    Cpu(Arc<CpuData>),
    Gpu(Arc<GpuBuffer>),
}

/// An n-dimensional array on a [`Device`]. Cloning is cheap and shares the storage; arrays are
/// immutable, so every op returns a new one.
#[derive(Clone)]
pub struct Array {
    device: Device,
    shape: Vec<usize>,
    dtype: DType,
    storage: Storage,
}

impl Array {
    pub(crate) fn from_cpu(data: CpuData) -> Array {
        Array {
            device: Device::Cpu,
            shape: data.shape().to_vec(),
            dtype: data.dtype(),
            storage: Storage::Cpu(Arc::new(data)),
        }
    }

    pub(crate) fn from_gpu(ctx: &Arc<GpuContext>, buf: GpuBuffer, shape: Vec<usize>, dtype: DType) -> Array {
        Array { device: Device::Gpu(ctx.clone()), shape, dtype, storage: Storage::Gpu(Arc::new(buf)) }
    }

    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn dtype(&self) -> DType {
        self.dtype
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The CPU contents; only valid on the CPU device.
    /// The host data by value: without a copy where this array is its only holder (the
    /// storage is reference-counted), else a clone that shares the elements.
    pub(crate) fn into_cpu(self) -> CpuData {
        match self.storage {
            Storage::Cpu(d) => Arc::try_unwrap(d).unwrap_or_else(|d| (*d).clone()),
            Storage::Gpu(_) => unreachable!("into_cpu() called on a GPU array"),
        }
    }

    pub(crate) fn cpu(&self) -> &CpuData {
        match &self.storage {
            Storage::Cpu(d) => d,
            Storage::Gpu(_) => unreachable!("cpu() called on a GPU array"),
        }
    }

    /// The GPU buffer; only valid on a GPU device.
    pub(crate) fn gpu(&self) -> &GpuBuffer {
        match &self.storage {
            Storage::Gpu(b) => b,
            Storage::Cpu(_) => unreachable!("gpu() called on a CPU array"),
        }
    }

    /// The same storage seen with another shape of equal size.
    pub(crate) fn with_shape(&self, shape: Vec<usize>) -> Array {
        if shape == self.shape {
            return self.clone();
        }
        let storage = match &self.storage {
            Storage::Cpu(d) => {
                let reshaped = with_data!(d.as_ref(), a => {
                    // Row-major contents are shared under the new shape; other layouts are
                    // copied into row-major order first.
                    let a = if a.is_standard_layout() { a.clone() } else { a.as_standard_layout().into_owned().into_shared() };
                    CpuData::from(a.into_shape_with_order(shape.as_slice()).expect("sizes checked by the caller"))
                });
                Storage::Cpu(Arc::new(reshaped))
            }
            Storage::Gpu(b) => Storage::Gpu(b.clone()),
        };
        Array { device: self.device.clone(), shape, dtype: self.dtype, storage }
    }

    /// The precision this array's values are held and computed in on its device: float64 is
    /// float32 under `Float64::Downcast` and double-float under `Float64::Emulate`. Precision
    /// decisions (epsilons, rank cutoffs, convergence tests, overflow bounds) follow it.
    pub(crate) fn precision(&self) -> Precision {
        let f32_range = |eps: f64| Precision { eps, tiny: f64::from(f32::MIN_POSITIVE), huge: f64::from(f32::MAX) };
        match (&self.device, self.dtype.float_result()) {
            (_, DType::F32) => f32_range(f64::from(f32::EPSILON)),
            (Device::Gpu(ctx), _) if ctx.storage_dtype(DType::F64) == DType::F32 => f32_range(f64::from(f32::EPSILON)),
            // Double-float sums and products are accurate to a few units of 2^-48. Its lo half
            // resolves 2^-48 of the value only above 2^-78 where subnormals are flushed (GL).
            (Device::Gpu(ctx), _) if ctx.emulates_f64() => {
                Precision { eps: DF64_EPS, tiny: 2f64.powi(-78), huge: f64::from(f32::MAX) }
            }
            _ => Precision { eps: f64::EPSILON, tiny: f64::MIN_POSITIVE, huge: f64::MAX },
        }
    }

    /// Whether `other` is this very array (the same storage and shape), as in X^T X.
    pub(crate) fn is_same(&self, other: &Array) -> bool {
        let same_storage = match (&self.storage, &other.storage) {
            (Storage::Cpu(a), Storage::Cpu(b)) => Arc::ptr_eq(a, b),
            (Storage::Gpu(a), Storage::Gpu(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_storage && self.shape == other.shape && self.dtype == other.dtype
    }

    pub(crate) fn check_device(&self, other: &Array, op: &'static str) -> Result<()> {
        self.device.check_same(&other.device, op)
    }

    /// The axis index for a possibly negative `axis`.
    pub(crate) fn axis(&self, axis: isize, op: &'static str) -> Result<usize> {
        let nd = self.ndim() as isize;
        let a = if axis < 0 { axis + nd } else { axis };
        if a < 0 || a >= nd {
            return Err(Error::AxisOutOfRange { op, axis, ndim: self.ndim() });
        }
        Ok(a as usize)
    }
}

/// The element count of `shape`, refused when it, or its size in bytes at the widest dtype,
/// overflows what this machine addresses. As in NumPy and ndarray, the product of the nonzero
/// extents must fit too, even when another extent is zero.
pub(crate) fn checked_len(shape: &[usize], op: &'static str) -> Result<usize> {
    const WIDEST: usize = 8;
    shape
        .iter()
        .filter(|&&d| d != 0)
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .filter(|&n| n <= isize::MAX as usize / WIDEST)
        .map(|n| if shape.contains(&0) { 0 } else { n })
        .ok_or_else(|| Error::ShapeTooLarge { op, shape: shape.to_vec() })
}

/// Checks that a new array of `shape` and `dtype` can exist on `device` before an op whose
/// result may be larger than its inputs (creation, broadcasting, products, concatenation)
/// builds it: the shape is addressable, and the host or the device has room for it.
pub(crate) fn check_new(device: &Device, shape: &[usize], dtype: DType, op: &'static str) -> Result<usize> {
    let n = checked_len(shape, op)?;
    match device {
        Device::Cpu => crate::backend::cpu::alloc::ensure_room(n as u64 * dtype.size(), op)?,
        Device::Gpu(ctx) => ctx.check_buffer_size(n as u64 * ctx.elem_size(dtype), op)?,
    }
    Ok(n)
}

macro_rules! from_ndarray_for {
    ($t:ty, $variant:ident) => {
        impl From<ndarray::ArrayD<$t>> for CpuData {
            fn from(a: ndarray::ArrayD<$t>) -> Self {
                CpuData::$variant(a.into_shared())
            }
        }
        impl From<ndarray::ArcArray<$t, ndarray::IxDyn>> for CpuData {
            fn from(a: ndarray::ArcArray<$t, ndarray::IxDyn>) -> Self {
                CpuData::$variant(a)
            }
        }
    };
}
from_ndarray_for!(f32, F32);
from_ndarray_for!(f64, F64);
from_ndarray_for!(i32, I32);
from_ndarray_for!(u32, U32);
from_ndarray_for!(bool, Bool);

impl fmt::Debug for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Array(shape={:?}, dtype={}, device={})", self.shape, self.dtype, self.device)
    }
}

/// The epsilon of double-float (df64) arithmetic, 2^-46: a few units of its 2^-48 rounding.
pub(crate) const DF64_EPS: f64 = 1.0 / (1u64 << 46) as f64;

/// What [`Array::precision`] reports: machine epsilon, and the smallest and largest
/// magnitudes held at full precision.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Precision {
    pub eps: f64,
    pub tiny: f64,
    pub huge: f64,
}
