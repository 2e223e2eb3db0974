//! One wgpu device per adapter: limits, features, the pipeline cache, the buffer pool and the
//! batch of recorded commands.

use super::gate::{Entered, Gate};
use super::pipeline::PipelineCache;
use super::pool::{BufferPool, GpuBuffer};
use super::traffic::TrafficCounter;
use crate::device::{DeviceInfo, Float64, GpuOptions};
use crate::dtype::DType;
use crate::error::{Error, Result};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Dispatches recorded before the batch is submitted even without a readback; bounds the
/// size of one command buffer.
const MAX_BATCH: usize = 256;

pub struct GpuContext {
    pub(crate) device: wgpu::Device,
    pub(crate) queue: wgpu::Queue,
    pub(crate) limits: wgpu::Limits,
    adapter_info: wgpu::AdapterInfo,
    /// The float64 policy in force: Native, Emulate (df64) or Downcast, never Auto.
    float64: Float64,
    pub(crate) pipelines: PipelineCache,
    pool: Arc<Mutex<BufferPool>>,
    batch: Mutex<Batch>,
    /// The first uncaptured wgpu error or device loss, turned into an `Error` at the next op.
    fault: Arc<Mutex<Option<Error>>>,
    /// Bytes of the latest allocation, named by an out-of-memory error.
    last_alloc: Arc<AtomicU64>,
    /// Set when wgpu reports the device lost: `Device::gpu_with` then opens a new one.
    lost: Arc<AtomicBool>,
    /// Numbers the contexts this process opened, so that two devices on one adapter have
    /// distinguishable names.
    pub(crate) id: u64,
    /// Host waits on this device so far (readbacks and synchronizations), for
    /// [`crate::Device::host_waits`].
    pub(crate) host_waits: AtomicU64,
    /// What kernels, uploads and readbacks moved, for [`crate::Device::traffic`].
    pub(crate) traffic: TrafficCounter,
    /// Serializes every call into wgpu on a GL device (see gate.rs).
    gate: Gate,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

#[derive(Default)]
struct Batch {
    encoder: Option<wgpu::CommandEncoder>,
    recorded: usize,
}

fn backend_name(b: wgpu::Backend) -> &'static str {
    match b {
        wgpu::Backend::Vulkan => "vulkan",
        wgpu::Backend::Metal => "metal",
        wgpu::Backend::Dx12 => "dx12",
        wgpu::Backend::Gl => "gl",
        wgpu::Backend::BrowserWebGpu => "browser-webgpu",
        _ => "other",
    }
}

fn device_type_name(t: wgpu::DeviceType) -> &'static str {
    match t {
        wgpu::DeviceType::DiscreteGpu => "discrete",
        wgpu::DeviceType::IntegratedGpu => "integrated",
        wgpu::DeviceType::VirtualGpu => "virtual",
        wgpu::DeviceType::Cpu => "cpu",
        wgpu::DeviceType::Other => "other",
    }
}

fn describe(info: &wgpu::AdapterInfo, limits: &wgpu::Limits, float64: Float64) -> DeviceInfo {
    DeviceInfo {
        name: info.name.clone(),
        backend: backend_name(info.backend).into(),
        device_type: device_type_name(info.device_type).into(),
        driver: format!("{} {}", info.driver, info.driver_info).trim().to_string(),
        native_f64: float64 == Float64::Native,
        float64,
        max_buffer_size: limits.max_buffer_size,
        max_storage_buffer_binding_size: limits.max_storage_buffer_binding_size,
        max_compute_workgroup_storage_size: limits.max_compute_workgroup_storage_size,
        max_compute_invocations_per_workgroup: limits.max_compute_invocations_per_workgroup,
    }
}

/// Higher is better: real GPUs first, native APIs before GL, f64 as a tie-breaker.
fn adapter_rank(info: &wgpu::AdapterInfo, features: wgpu::Features, pref: wgpu::PowerPreference) -> u32 {
    let kind = match (info.device_type, pref) {
        (wgpu::DeviceType::DiscreteGpu, wgpu::PowerPreference::LowPower) => 30,
        (wgpu::DeviceType::DiscreteGpu, _) => 40,
        (wgpu::DeviceType::IntegratedGpu, wgpu::PowerPreference::LowPower) => 40,
        (wgpu::DeviceType::IntegratedGpu, _) => 30,
        (wgpu::DeviceType::VirtualGpu, _) => 20,
        (wgpu::DeviceType::Other, _) => 15,
        (wgpu::DeviceType::Cpu, _) => 10,
    };
    let api = if info.backend == wgpu::Backend::Gl { 0 } else { 4 };
    let f64 = u32::from(features.contains(wgpu::Features::SHADER_F64));
    kind * 10 + api + f64
}

/// Whether an instance may be made: always natively; in wasm only where the JS environment has
/// WebGPU, since wgpu's WebGPU instance panics without `navigator.gpu` (Node, browsers without
/// WebGPU).
async fn webgpu_available() -> bool {
    #[cfg(target_arch = "wasm32")]
    return wgpu::util::is_browser_webgpu_supported().await;
    #[cfg(not(target_arch = "wasm32"))]
    true
}

fn instance(backends: Option<wgpu::Backends>) -> wgpu::Instance {
    let mut desc = wgpu::InstanceDescriptor::new_without_display_handle().with_env();
    if let Some(b) = backends {
        desc.backends = b;
    }
    wgpu::Instance::new(desc)
}

async fn candidate_adapters(inst: &wgpu::Instance, options: &GpuOptions) -> Vec<wgpu::Adapter> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = options;
        inst.enumerate_adapters(wgpu::Backends::all()).await
    }
    #[cfg(target_arch = "wasm32")]
    {
        let req = wgpu::RequestAdapterOptions { power_preference: options.power_preference, ..Default::default() };
        inst.request_adapter(&req).await.into_iter().collect()
    }
}

impl GpuContext {
    pub(crate) async fn new(options: GpuOptions) -> Result<Self> {
        // wgpu's WebGPU instance panics where the JS environment has no `navigator.gpu`
        // (Node, workers of some browsers, browsers without WebGPU): ask first.
        if !webgpu_available().await {
            return Err(Error::NoAdapter {
                detail: " (this JavaScript environment has no WebGPU: navigator.gpu is missing or gives no adapter)"
                    .into(),
            });
        }
        let inst = instance(options.backends);
        let mut adapters = candidate_adapters(&inst, &options).await;
        adapters
            .sort_by_key(|a| std::cmp::Reverse(adapter_rank(&a.get_info(), a.features(), options.power_preference)));
        let adapter = adapters.into_iter().next().ok_or_else(|| Error::NoAdapter {
            detail: match options.backends {
                Some(b) => format!(" for backends {b:?}"),
                None => String::new(),
            },
        })?;
        let info = adapter.get_info();
        let has_f64 = adapter.features().contains(wgpu::Features::SHADER_F64) && !options.disable_f64;
        let float64 = match options.float64 {
            Float64::Native if !has_f64 => {
                return Err(Error::Unsupported {
                    adapter: info.name.clone(),
                    feature: "native float64 (SHADER_F64)".into(),
                })
            }
            Float64::Native => Float64::Native,
            Float64::Auto if has_f64 => Float64::Native,
            Float64::Auto | Float64::Emulate => Float64::Emulate,
            Float64::Downcast => Float64::Downcast,
        };
        let native_f64 = float64 == Float64::Native;
        let mut limits = adapter.limits();
        if let Some(cap) = options.max_storage_buffer_binding_size {
            let align = u64::from(limits.min_storage_buffer_offset_alignment);
            limits.max_storage_buffer_binding_size = cap.clamp(4 * align, limits.max_storage_buffer_binding_size);
        }
        let features = if native_f64 { wgpu::Features::SHADER_F64 } else { wgpu::Features::empty() };
        let (device, queue) = adapter
            .request_device(&wgpu::DeviceDescriptor {
                label: Some("wglearn"),
                required_features: features,
                required_limits: limits.clone(),
                ..Default::default()
            })
            .await
            .map_err(|e| Error::Gpu(format!("request_device on {}: {e}", info.name)))?;

        let fault: Arc<Mutex<Option<Error>>> = Arc::default();
        let last_alloc: Arc<AtomicU64> = Arc::default();
        let (sink, size) = (fault.clone(), last_alloc.clone());
        device
            .on_uncaptured_error(Arc::new(move |e: wgpu::Error| record_fault(&sink, size.load(Ordering::Relaxed), e)));
        let (sink, lost) = (fault.clone(), Arc::new(AtomicBool::new(false)));
        let lost_flag = lost.clone();
        device.set_device_lost_callback(move |reason, msg| {
            lost_flag.store(true, Ordering::Relaxed);
            sink.lock().unwrap().get_or_insert(Error::DeviceLost { reason: format!("{reason:?}: {msg}") });
        });

        let gate = Gate::for_backend(info.backend);
        Ok(Self {
            pipelines: PipelineCache::new(float64 == Float64::Emulate, gate.clone()),
            pool: Arc::new(Mutex::new(BufferPool::new(limits.max_buffer_size, gate.clone()))),
            gate,
            batch: Mutex::default(),
            device,
            queue,
            limits,
            adapter_info: info,
            float64,
            fault,
            last_alloc,
            lost,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            host_waits: AtomicU64::new(0),
            traffic: TrafficCounter::default(),
        })
    }

    pub(crate) async fn list_adapters() -> Vec<DeviceInfo> {
        if !webgpu_available().await {
            return Vec::new();
        }
        let inst = instance(None);
        let adapters = candidate_adapters(&inst, &GpuOptions::default()).await;
        adapters
            .iter()
            .map(|a| {
                let has_f64 = a.features().contains(wgpu::Features::SHADER_F64);
                describe(&a.get_info(), &a.limits(), if has_f64 { Float64::Native } else { Float64::Emulate })
            })
            .collect()
    }

    pub(crate) fn info(&self) -> DeviceInfo {
        describe(&self.adapter_info, &self.limits, self.float64)
    }

    /// The type a dtype is stored in on this device: f64 becomes f32 under
    /// `Float64::Downcast` (it stays 8 bytes under Emulate, as df64 pairs: the pipeline cache
    /// instantiates its kernels for df64), bool is stored as u32 (WGSL has no bool buffers).
    pub(crate) fn storage_dtype(&self, dtype: DType) -> DType {
        match dtype {
            DType::F64 if self.float64 == Float64::Downcast => DType::F32,
            DType::Bool => DType::U32,
            d => d,
        }
    }

    /// The most iterations a kernel thread may run in one loop nest per dispatch for `dtype`
    /// ([`super::MAX_SERIAL`]). A df64 loop body is long enough that llvmpipe keeps its inner
    /// loops rolled, and every back-edge counts against the budget: the transposed df64 product
    /// was cut after 10 592 of 32 768 steps. df64 kernels get an eighth.
    pub(crate) fn max_serial(&self, dtype: DType) -> usize {
        match dtype {
            DType::F64 if self.emulates_f64() => super::MAX_SERIAL / 8,
            _ => super::MAX_SERIAL,
        }
    }

    /// Whether float64 arrays are df64 pairs here (`Float64::Emulate`).
    pub(crate) fn emulates_f64(&self) -> bool {
        self.float64 == Float64::Emulate
    }

    pub(crate) fn elem_size(&self, dtype: DType) -> u64 {
        match self.storage_dtype(dtype) {
            DType::F64 => 8,
            _ => 4,
        }
    }

    /// The largest number of elements of `dtype` that one binding window may hold, leaving room
    /// for aligning the window start down to the offset alignment.
    pub(crate) fn window_elems(&self, dtype: DType) -> usize {
        let align = self.limits.min_storage_buffer_offset_alignment as u64;
        let max = self.limits.max_storage_buffer_binding_size.min(self.limits.max_buffer_size);
        ((max - align) / self.elem_size(dtype)) as usize
    }

    /// Enters the device's gate: held around every call into wgpu (see gate.rs).
    pub(crate) fn enter(&self) -> Entered<'_> {
        self.gate.enter()
    }

    /// Destroys the wgpu device, as a driver reset would (used by tests of device loss).
    pub(crate) fn destroy(&self) {
        let _gate = self.enter();
        self.device.destroy();
        // Native wgpu reports the loss when the device is next polled.
        #[cfg(not(target_arch = "wasm32"))]
        let _ = self.device.poll(wgpu::PollType::Poll);
    }

    pub(crate) fn is_lost(&self) -> bool {
        self.lost.load(Ordering::Relaxed)
    }

    /// Feeds `e` to the same path as an uncaptured wgpu error (used by tests: real
    /// out-of-memory conditions cannot be provoked safely on a shared machine).
    pub(crate) fn report(&self, e: wgpu::Error) {
        record_fault(&self.fault, self.last_alloc.load(Ordering::Relaxed), e);
    }

    /// Turns a recorded wgpu error or device loss into an `Error`.
    pub(crate) fn check_fault(&self) -> Result<()> {
        match self.fault.lock().unwrap().take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Refuses a buffer larger than the device allows, as an error naming `op`.
    pub(crate) fn check_buffer_size(&self, bytes: u64, op: &'static str) -> Result<()> {
        let limit = self.limits.max_buffer_size;
        if bytes > limit {
            return Err(Error::BufferTooLarge { op, requested: bytes, limit, limit_name: "max_buffer_size" });
        }
        Ok(())
    }

    /// A pooled storage buffer of at least `bytes` bytes (contents undefined).
    pub(crate) fn alloc(&self, bytes: u64) -> Result<GpuBuffer> {
        self.check_fault()?;
        self.check_buffer_size(bytes, "alloc")?;
        self.last_alloc.store(bytes, Ordering::Relaxed);
        let buf = BufferPool::acquire(&self.pool, &self.device, bytes);
        self.check_alloc(bytes)?;
        Ok(buf)
    }

    /// A pooled storage buffer holding `data`.
    pub(crate) fn upload(&self, data: &[u8]) -> Result<GpuBuffer> {
        self.check_fault()?;
        let bytes = data.len() as u64;
        self.check_buffer_size(bytes, "upload")?;
        // Mapped at creation, never queue.write_buffer: a queued write would run before the
        // commands still waiting in the batch, which may read the buffer's previous contents.
        self.last_alloc.store(bytes, Ordering::Relaxed);
        let buf = BufferPool::create_with_data(&self.pool, &self.device, data);
        self.check_alloc(bytes)?;
        self.traffic.upload(bytes);
        Ok(buf)
    }

    fn check_alloc(&self, bytes: u64) -> Result<()> {
        match self.check_fault() {
            Err(Error::OutOfMemory { .. }) => {
                // Cached buffers are the memory we can give back at once.
                let _gate = self.enter();
                self.pool.lock().unwrap().clear();
                Err(Error::OutOfMemory { requested: bytes })
            }
            other => other,
        }
    }

    /// Records work into the current batch, submitting when the batch is full.
    pub(crate) fn record(&self, f: impl FnOnce(&mut wgpu::CommandEncoder)) {
        let _gate = self.enter();
        let mut batch = self.batch.lock().unwrap();
        let enc = batch.encoder.get_or_insert_with(|| {
            self.device.create_command_encoder(&wgpu::CommandEncoderDescriptor { label: Some("wglearn batch") })
        });
        f(enc);
        batch.recorded += 1;
        if batch.recorded >= MAX_BATCH {
            let enc = batch.encoder.take().unwrap();
            batch.recorded = 0;
            self.queue.submit([enc.finish()]);
        }
    }

    /// Submits whatever the batch holds.
    pub(crate) fn flush(&self) {
        let _gate = self.enter();
        let mut batch = self.batch.lock().unwrap();
        batch.recorded = 0;
        if let Some(enc) = batch.encoder.take() {
            self.queue.submit([enc.finish()]);
        }
    }

    pub(crate) async fn synchronize(&self) -> Result<()> {
        self.flush();
        let staging = {
            let _gate = self.enter();
            let staging = self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("sync"),
                size: 4,
                usage: wgpu::BufferUsages::MAP_READ,
                mapped_at_creation: false,
            });
            // An empty submission orders the map after everything submitted before it.
            self.queue.submit([]);
            staging
        };
        self.host_waits.fetch_add(1, Ordering::Relaxed);
        let read = self.map_read(&staging, 4).await;
        self.release(staging);
        read?;
        self.check_fault()
    }

    /// Drops a wgpu buffer inside the gate.
    fn release(&self, buffer: wgpu::Buffer) {
        let _gate = self.enter();
        drop(buffer);
    }

    /// Reads `bytes` bytes from the start of `buf` back to the host.
    /// Readback: the host waits for the GPU here, so callers only read back results.
    pub(crate) async fn read(&self, buf: &wgpu::Buffer, bytes: u64) -> Result<Vec<u8>> {
        self.check_fault()?;
        if bytes == 0 {
            return Ok(Vec::new());
        }
        let size = bytes.next_multiple_of(wgpu::COPY_BUFFER_ALIGNMENT);
        let staging = {
            let _gate = self.enter();
            let staging = self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("readback"),
                size,
                usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            self.record(|enc| enc.copy_buffer_to_buffer(buf, 0, &staging, 0, size));
            self.flush();
            staging
        };
        self.host_waits.fetch_add(1, Ordering::Relaxed);
        self.traffic.readback(bytes);
        let read = self.map_read(&staging, size).await;
        self.release(staging);
        let mut data = read?;
        self.check_fault()?;
        data.truncate(bytes as usize);
        Ok(data)
    }
}

/// Keeps the first wgpu error as the `Error` the next op returns.
fn record_fault(sink: &Mutex<Option<Error>>, last_alloc: u64, e: wgpu::Error) {
    let err = match e {
        wgpu::Error::OutOfMemory { .. } => Error::OutOfMemory { requested: last_alloc },
        other => Error::Gpu(other.to_string()),
    };
    sink.lock().unwrap().get_or_insert(err);
}

impl GpuContext {
    /// Maps a MAP_READ buffer and copies its contents out. Natively the device is polled to
    /// completion; in the browser the promise resolves on its own. The gate is held while in
    /// wgpu, never across the await.
    async fn map_read(&self, staging: &wgpu::Buffer, size: u64) -> Result<Vec<u8>> {
        let (tx, rx) = oneshot::channel();
        {
            let _gate = self.enter();
            staging.map_async(wgpu::MapMode::Read, 0..size, move |r| tx.send(r));
            #[cfg(not(target_arch = "wasm32"))]
            self.device.poll(wgpu::PollType::wait_indefinitely()).map_err(|e| Error::Gpu(format!("poll: {e}")))?;
        }
        match rx.await {
            Some(Ok(())) => {}
            Some(Err(e)) => return Err(Error::Gpu(format!("map_async: {e}"))),
            None => return Err(Error::DeviceLost { reason: "map callback dropped".into() }),
        }
        let _gate = self.enter();
        let data = staging.get_mapped_range(..).map_err(|e| Error::Gpu(format!("get_mapped_range: {e}")))?.to_vec();
        staging.unmap();
        Ok(data)
    }
}

/// A minimal single-value channel whose receiver is a future, so readback awaits the map
/// callback the same way natively and on wasm32.
mod oneshot {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Poll, Waker};

    struct Slot<T> {
        value: Option<T>,
        closed: bool,
        waker: Option<Waker>,
    }

    pub struct Sender<T>(Arc<Mutex<Slot<T>>>);
    pub struct Receiver<T>(Arc<Mutex<Slot<T>>>);

    pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
        let slot = Arc::new(Mutex::new(Slot { value: None, closed: false, waker: None }));
        (Sender(slot.clone()), Receiver(slot))
    }

    impl<T> Sender<T> {
        pub fn send(self, v: T) {
            let mut s = self.0.lock().unwrap();
            s.value = Some(v);
            if let Some(w) = s.waker.take() {
                w.wake();
            }
        }
    }

    impl<T> Drop for Sender<T> {
        fn drop(&mut self) {
            let mut s = self.0.lock().unwrap();
            s.closed = true;
            if let Some(w) = s.waker.take() {
                w.wake();
            }
        }
    }

    impl<T> Future for Receiver<T> {
        type Output = Option<T>;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
            let mut s = self.0.lock().unwrap();
            if let Some(v) = s.value.take() {
                Poll::Ready(Some(v))
            } else if s.closed {
                Poll::Ready(None)
            } else {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
