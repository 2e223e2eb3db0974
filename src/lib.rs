//! # wglearn
//!
//! scikit-learn's estimators, metrics and model-selection tools as WGSL compute shaders on any
//! GPU that WebGPU reaches (Vulkan, Metal, DX12, GL, and the browser), with an ndarray CPU path
//! that computes every op too.
//!
//! ```no_run
//! use wglearn::prelude::*;
//! # fn main() -> wglearn::Result<()> {
//! let dev = block_on(Device::best());
//! let x = Array::from_vec(&dev, vec![1.0f32, 2.0, 3.0, 4.0], &[2, 2])?;
//! let y = ops::exp(&x)?;
//! let back = block_on(y.to_ndarray::<f64>())?;
//! # Ok(()) }
//! ```

pub mod array;
pub mod backend;
pub mod datasets;
pub mod decomposition;
pub mod device;
pub mod discriminant_analysis;
pub mod dtype;
pub mod error;
pub mod estimator;
pub mod linear_model;
pub mod metrics;
pub mod model_selection;
pub mod ops;
pub mod pipeline;
pub mod preprocessing;
pub(crate) mod validation;
pub mod warnings;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use array::{Array, CpuData, Element};
pub use device::{Device, DeviceInfo, Float64, GpuOptions};
pub use dtype::DType;
pub use error::{Error, Result};

/// The README's code blocks, compiled and run as doctests so that they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// Drives a wglearn future to completion on native targets (WebGPU readback is async).
pub use pollster::block_on;

/// Everything most programs need.
pub mod prelude {
    pub use crate::ops;
    pub use crate::{block_on, Array, DType, Device, Error, Float64, GpuOptions, Result};
}
