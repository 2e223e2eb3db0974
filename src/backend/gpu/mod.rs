//! The wgpu backend: device context, buffer pool, pipeline cache and kernel launchers.

mod bincount;
mod chain;
mod context;
mod decompose;
pub(crate) mod elementwise;
pub(crate) mod factor;
pub(crate) mod gate;
pub(crate) mod gather;
pub(crate) mod gram;
pub(crate) mod launch;
pub(crate) mod matmul;
pub mod params;
mod pipeline;
pub(crate) mod pool;
pub(crate) mod random;
pub(crate) mod reduce;
pub(crate) mod scan;
pub mod shaders;
pub(crate) mod sort;
mod sort_rows;
pub(crate) mod traffic;

pub use context::GpuContext;

/// The most iterations a kernel thread runs in one loop nest per dispatch. llvmpipe (behind
/// lavapipe and Mesa's GL) counts every loop back-edge in a nest against one budget of 65535
/// and silently leaves the loop when it runs out, so serial loops are split across dispatches.
pub(crate) const MAX_SERIAL: usize = 32768;
pub(crate) use pool::GpuBuffer;
