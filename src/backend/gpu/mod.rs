//! The wgpu backend: device context, buffer pool, pipeline cache and kernel launchers.

mod context;
pub(crate) mod elementwise;
pub(crate) mod launch;
pub(crate) mod matmul;
mod pipeline;
pub(crate) mod pool;
pub(crate) mod reduce;
pub mod shaders;

pub use context::GpuContext;
pub(crate) use pool::GpuBuffer;
