//! Where arrays live: the CPU (ndarray) or one GPU adapter (wgpu).

use crate::backend::gpu::GpuContext;
use crate::error::{Error, Result};
use std::fmt;
use std::sync::{Arc, Mutex};

pub use wgpu::{Backends, PowerPreference};

/// How float64 arrays are computed on a GPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Float64 {
    /// Native f64 where the adapter has `SHADER_F64`, otherwise [`Float64::Emulate`]: the
    /// dtype a user passes is the precision they get.
    #[default]
    Auto,
    /// Native f64 only: creating the device fails on an adapter without `SHADER_F64`.
    Native,
    /// Double-float ("df64") arithmetic: each f64 is stored as an (hi, lo) pair of f32 (8
    /// bytes, as f64) and every op computes on the pairs, about 48 significant bits over
    /// f32's exponent range (values beyond about 3.4e38 become infinite). Results agree with
    /// the CPU float64 path to about 1e-12 relative on well-conditioned data. Several times
    /// slower than f32 (BENCHMARKS.md), and on an adapter with `SHADER_F64` it is used only
    /// when asked for.
    Emulate,
    /// Compute f64 arrays in f32 and keep the f64 dtype at the API, as scikit-learn does on
    /// Apple's MPS backend: the fast path, with f32 precision.
    Downcast,
}

impl Float64 {
    pub const ALL: [Float64; 4] = [Float64::Auto, Float64::Native, Float64::Emulate, Float64::Downcast];

    /// The policy's name: "auto", "native", "emulate" or "downcast".
    pub fn name(self) -> &'static str {
        match self {
            Float64::Auto => "auto",
            Float64::Native => "native",
            Float64::Emulate => "emulate",
            Float64::Downcast => "downcast",
        }
    }
}

/// Options for [`Device::gpu_with`].
#[derive(Debug, Clone, PartialEq)]
pub struct GpuOptions {
    /// The backends to consider; `None` honours `WGPU_BACKEND` and otherwise tries all.
    pub backends: Option<Backends>,
    pub power_preference: PowerPreference,
    pub float64: Float64,
    /// Behave as if the adapter had no f64, so that the no-f64 path can be tested anywhere.
    pub disable_f64: bool,
    /// Request a smaller `max_storage_buffer_binding_size` than the adapter offers (never a
    /// larger one): arrays above it are processed in windows, so a small value tests the
    /// windowed paths with small arrays.
    pub max_storage_buffer_binding_size: Option<u64>,
}

impl Default for GpuOptions {
    fn default() -> Self {
        Self {
            backends: None,
            power_preference: PowerPreference::HighPerformance,
            float64: Float64::Auto,
            disable_f64: false,
            max_storage_buffer_binding_size: None,
        }
    }
}

/// The facts a device reports about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceInfo {
    pub name: String,
    /// "cpu", "vulkan", "metal", "dx12", "gl" or "browser-webgpu".
    pub backend: String,
    /// "discrete", "integrated", "virtual", "cpu" (a software rasterizer) or "other".
    pub device_type: String,
    pub driver: String,
    /// True when f64 arrays are computed in native f64.
    pub native_f64: bool,
    /// The float64 policy in force: `Native` (also the CPU path), `Emulate` (df64) or
    /// `Downcast` (f32); never `Auto`.
    pub float64: Float64,
    pub max_buffer_size: u64,
    pub max_storage_buffer_binding_size: u64,
    pub max_compute_workgroup_storage_size: u32,
    pub max_compute_invocations_per_workgroup: u32,
}

impl DeviceInfo {
    /// Whether float64 arrays are computed in float32 here (`Float64::Downcast`), so that
    /// their results carry float32 precision and range.
    pub fn f64_downcast(&self) -> bool {
        self.float64 == Float64::Downcast
    }
}

/// A compute device. Cloning is cheap: GPU devices share one context.
#[derive(Clone)]
pub enum Device {
    Cpu,
    Gpu(Arc<GpuContext>),
}

impl Device {
    pub fn cpu() -> Device {
        Device::Cpu
    }

    /// The best GPU adapter with default options.
    pub async fn gpu() -> Result<Device> {
        Self::gpu_with(GpuOptions::default()).await
    }

    /// A GPU adapter chosen and configured by `options`. The same options give the same
    /// device for the life of the process (until it is lost, as in a driver reset), so that two
    /// calls never make arrays that cannot meet in one op.
    pub async fn gpu_with(options: GpuOptions) -> Result<Device> {
        static OPENED: Mutex<Vec<(GpuOptions, Arc<GpuContext>)>> = Mutex::new(Vec::new());
        let opened = |options: &GpuOptions| {
            let list = OPENED.lock().unwrap_or_else(|e| e.into_inner());
            list.iter().find(|(o, c)| o == options && !c.is_lost()).map(|(_, c)| c.clone())
        };
        if let Some(ctx) = opened(&options) {
            return Ok(Device::Gpu(ctx));
        }
        // Opened outside the lock (it awaits); if another caller won the race, theirs is kept.
        let ctx = Arc::new(GpuContext::new(options.clone()).await?);
        let mut list = OPENED.lock().unwrap_or_else(|e| e.into_inner());
        list.retain(|(_, c)| !c.is_lost());
        if let Some((_, existing)) = list.iter().find(|(o, _)| *o == options) {
            return Ok(Device::Gpu(existing.clone()));
        }
        list.push((options, ctx.clone()));
        Ok(Device::Gpu(ctx))
    }

    /// A hardware GPU if there is one, else the CPU path. Never fails. Software rasterizers
    /// (lavapipe, llvmpipe, SwiftShader, WARP) are slower than the CPU path, so they are used
    /// only when asked for, through [`Device::gpu`] or [`Device::gpu_with`].
    pub async fn best() -> Device {
        Self::best_with(GpuOptions::default()).await
    }

    /// [`Device::best`] with `options` for the GPU it may choose.
    pub async fn best_with(options: GpuOptions) -> Device {
        match Self::gpu_with(options).await {
            Ok(d) if d.info().device_type != "cpu" => d,
            _ => Device::Cpu,
        }
    }

    /// Describes every adapter that wgpu can see (native targets only; the browser exposes one).
    pub async fn list_adapters() -> Vec<DeviceInfo> {
        GpuContext::list_adapters().await
    }

    pub fn is_gpu(&self) -> bool {
        matches!(self, Device::Gpu(_))
    }

    pub fn info(&self) -> DeviceInfo {
        match self {
            Device::Cpu => DeviceInfo {
                name: "ndarray".into(),
                backend: "cpu".into(),
                device_type: "cpu".into(),
                driver: String::new(),
                native_f64: true,
                float64: Float64::Native,
                max_buffer_size: u64::MAX,
                max_storage_buffer_binding_size: u64::MAX,
                max_compute_workgroup_storage_size: 0,
                max_compute_invocations_per_workgroup: 0,
            },
            Device::Gpu(ctx) => ctx.info(),
        }
    }

    /// Waits until all recorded GPU work has finished (a no-op on the CPU). Benchmarks use it.
    pub async fn synchronize(&self) -> Result<()> {
        match self {
            Device::Cpu => Ok(()),
            Device::Gpu(ctx) => ctx.synchronize().await,
        }
    }

    /// How many times the host has waited on this device so far (each readback and each
    /// `synchronize`; always 0 on the CPU). A search's round trips are the difference around
    /// it: the benchmarks report them per candidate.
    pub fn host_waits(&self) -> u64 {
        match self {
            Device::Cpu => 0,
            Device::Gpu(ctx) => ctx.host_waits.load(std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// What this device was asked to move since it was opened or since the last
    /// [`Device::reset_traffic`]: dispatches, the bytes of their storage bindings, uploads
    /// and readbacks, per kernel. None on the CPU. A path's bytes over the bytes of its input
    /// read once is its distance from the memory-bound limit on any GPU, so the counter can be
    /// read on a software adapter (`benches/traffic.rs` prints it per estimator method).
    pub fn traffic(&self) -> Option<Traffic> {
        match self {
            Device::Cpu => None,
            Device::Gpu(ctx) => Some(ctx.traffic.get()),
        }
    }

    /// Sets [`Device::traffic`]'s counts to zero.
    pub fn reset_traffic(&self) {
        if let Device::Gpu(ctx) = self {
            ctx.traffic.reset();
        }
    }

    /// Test hooks for failure paths that a test cannot provoke for real.
    #[doc(hidden)]
    pub fn testing_lose(&self) {
        if let Device::Gpu(ctx) = self {
            ctx.destroy();
        }
    }

    #[doc(hidden)]
    pub fn testing_report_out_of_memory(&self) {
        if let Device::Gpu(ctx) = self {
            ctx.report(wgpu::Error::OutOfMemory { source: Box::new(std::io::Error::other("simulated")) });
        }
    }

    /// Whether both name the same device (the CPU, or one GPU device handle).
    pub fn same(&self, other: &Device) -> bool {
        match (self, other) {
            (Device::Cpu, Device::Cpu) => true,
            (Device::Gpu(a), Device::Gpu(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    pub(crate) fn check_same(&self, other: &Device, op: &'static str) -> Result<()> {
        if self.same(other) {
            Ok(())
        } else {
            Err(Error::DeviceMismatch { op, left: self.to_string(), right: other.to_string() })
        }
    }
}

impl PartialEq for Device {
    fn eq(&self, other: &Self) -> bool {
        self.same(other)
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Device::Cpu => f.write_str("cpu"),
            Device::Gpu(ctx) => {
                let i = ctx.info();
                write!(
                    f,
                    "gpu#{}:{} ({}{})",
                    ctx.id,
                    i.name,
                    i.backend,
                    match i.float64 {
                        Float64::Native => ", f64",
                        Float64::Emulate => ", df64",
                        _ => ", f64 as f32",
                    }
                )
            }
        }
    }
}

impl fmt::Debug for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// What a GPU device was asked to move ([`Device::traffic`]). The bytes of a dispatch are the
/// sizes of the storage ranges bound to it (its params struct left out): read-only bindings
/// count as read, read-write ones as written. A kernel may touch less than it binds, so these
/// are upper bounds of what the memory system moves, exact for kernels that stream their
/// operands once (elementwise ops, reductions, matrix-vector products).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Traffic {
    pub dispatches: u64,
    pub bytes_read: u64,
    pub bytes_written: u64,
    /// Host-to-device copies (array creation, `to_device`) and their bytes.
    pub uploads: u64,
    pub bytes_uploaded: u64,
    /// Device-to-host copies (each a host wait) and their bytes.
    pub readbacks: u64,
    pub bytes_read_back: u64,
    /// The same counts per kernel, in the order of their first dispatch.
    pub kernels: Vec<KernelTraffic>,
}

/// One kernel's share of [`Traffic`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KernelTraffic {
    pub kernel: &'static str,
    pub dispatches: u64,
    pub bytes_read: u64,
    pub bytes_written: u64,
}

impl Traffic {
    /// Bytes the kernels read and wrote.
    pub fn bytes_moved(&self) -> u64 {
        self.bytes_read + self.bytes_written
    }
}

/// Bytes in B, kB, MB or GB (powers of 1000), three significant digits.
fn bytes(b: u64) -> String {
    let (v, unit) = match b {
        0..1_000 => return format!("{b} B"),
        1_000..1_000_000 => (b as f64 / 1e3, "kB"),
        1_000_000..1_000_000_000 => (b as f64 / 1e6, "MB"),
        _ => (b as f64 / 1e9, "GB"),
    };
    format!("{v:.3} {unit}")
}

impl fmt::Display for Traffic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} dispatches, {} read, {} written; {} uploads ({}), {} readbacks ({})",
            self.dispatches,
            bytes(self.bytes_read),
            bytes(self.bytes_written),
            self.uploads,
            bytes(self.bytes_uploaded),
            self.readbacks,
            bytes(self.bytes_read_back)
        )?;
        for k in &self.kernels {
            writeln!(
                f,
                "  {:<16} {:>6} dispatches {:>12} read {:>12} written",
                k.kernel,
                k.dispatches,
                bytes(k.bytes_read),
                bytes(k.bytes_written)
            )?;
        }
        Ok(())
    }
}
