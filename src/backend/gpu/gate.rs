//! One thread at a time in wgpu on a GL device.
//!
//! wgpu-hal's GL backend guards its EGL context with a lock that it waits on for 6 s and then
//! panics ("Could not lock adapter context"), and a thread that waits for the GPU holds that
//! lock for the whole wait. On a busy machine, threads sharing one GL device (a parallel search,
//! a server, the test harness) queue behind each other's long dispatches past that limit, and
//! the process aborts. So every call of the library that reaches wgpu on a GL device (buffers
//! made and dropped, pipelines compiled, work recorded and submitted, polls and maps) first
//! enters this gate, which waits without a limit: the context lock is then never contended.
//! It is reentrant because those calls nest (a dispatch records; a readback flushes). Other
//! backends have no such lock and get no gate.

#[cfg(not(target_arch = "wasm32"))]
use std::sync::Arc;

#[derive(Clone, Default)]
pub(crate) struct Gate(
    #[cfg(not(target_arch = "wasm32"))] Option<Arc<parking_lot::ReentrantMutex<()>>>,
    #[cfg(target_arch = "wasm32")] (),
);

/// Held while in wgpu; dropping it lets the next thread in.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type Entered<'a> = Option<parking_lot::ReentrantMutexGuard<'a, ()>>;
#[cfg(target_arch = "wasm32")]
pub(crate) type Entered<'a> = std::marker::PhantomData<&'a ()>;

impl Gate {
    /// The gate a device on `backend` needs: a real one for GL only.
    pub(crate) fn for_backend(backend: wgpu::Backend) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        {
            Gate((backend == wgpu::Backend::Gl).then(|| Arc::new(parking_lot::ReentrantMutex::new(()))))
        }
        #[cfg(target_arch = "wasm32")]
        {
            let _ = backend;
            Gate(())
        }
    }

    /// Waits (without a limit) until no other thread is in wgpu on this device.
    pub(crate) fn enter(&self) -> Entered<'_> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.0.as_ref().map(|m| m.lock())
        }
        #[cfg(target_arch = "wasm32")]
        {
            std::marker::PhantomData
        }
    }
}
