//! The wgpu backend: device context, buffer pool, pipeline cache and kernel launchers.

mod context;
pub(crate) mod elementwise;
pub(crate) mod gather;
pub(crate) mod launch;
pub(crate) mod matmul;
mod pipeline;
pub(crate) mod pool;
pub(crate) mod random;
pub(crate) mod reduce;
pub(crate) mod scan;
pub mod shaders;
pub(crate) mod sort;

pub use context::GpuContext;
pub(crate) use pool::GpuBuffer;
