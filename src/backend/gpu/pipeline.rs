//! Compiled pipelines, cached per (kernel, dtypes, specialization constants) and device.

use super::gate::Gate;
use super::shaders::{compose, Kernel, Scalar};
use super::traffic::writable_bindings;
use crate::dtype::DType;
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Clone, PartialEq, Eq, Hash)]
struct ModuleKey {
    kernel: &'static str,
    t: Scalar,
    s: Option<Scalar>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct PipelineKey {
    module: ModuleKey,
    constants: Vec<(&'static str, u32)>,
}

/// A compiled kernel, with what the traffic counter needs to know of it.
#[derive(Clone)]
pub(crate) struct Pipeline {
    pub(crate) inner: wgpu::ComputePipeline,
    pub(crate) kernel: &'static str,
    /// Bit b is set when `@binding(b)` is read_write.
    pub(crate) writes: u64,
}

pub(crate) struct PipelineCache {
    /// Float64 storage is df64 pairs on this device (`Float64::Emulate`).
    emulate_f64: bool,
    /// Entered while shaders are compiled (see gate.rs).
    gate: Gate,
    modules: Mutex<HashMap<ModuleKey, (wgpu::ShaderModule, u64)>>,
    pipelines: Mutex<HashMap<PipelineKey, Pipeline>>,
}

impl PipelineCache {
    pub(crate) fn new(emulate_f64: bool, gate: Gate) -> Self {
        Self { emulate_f64, gate, modules: Mutex::default(), pipelines: Mutex::default() }
    }

    /// The pipeline of `kernel` instantiated for element type `t` (and source type `s` for
    /// kernels that read another type), with WGSL `override` constants set; float64 is
    /// instantiated as df64 where the device emulates it. Compiled once.
    pub(crate) fn get(
        &self,
        device: &wgpu::Device,
        kernel: &'static Kernel,
        t: DType,
        s: Option<DType>,
        constants: &[(&'static str, u32)],
    ) -> Pipeline {
        let scalar = |d: DType| Scalar::of(d, self.emulate_f64);
        let module_key = ModuleKey { kernel: kernel.name, t: scalar(t), s: s.map(scalar) };
        let key = PipelineKey { module: module_key.clone(), constants: constants.to_vec() };
        let _gate = self.gate.enter();
        if let Some(p) = self.pipelines.lock().unwrap().get(&key) {
            return p.clone();
        }
        let (module, writes) = self
            .modules
            .lock()
            .unwrap()
            .entry(module_key.clone())
            .or_insert_with(|| {
                let source = compose(kernel, module_key.t, module_key.s);
                let writes = writable_bindings(&source);
                let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
                    label: Some(kernel.name),
                    source: wgpu::ShaderSource::Wgsl(source.into()),
                });
                (module, writes)
            })
            .clone();
        let consts: Vec<(&str, f64)> = constants.iter().map(|&(n, v)| (n, f64::from(v))).collect();
        let pipeline = device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some(kernel.name),
            layout: None,
            module: &module,
            entry_point: Some("main"),
            compilation_options: wgpu::PipelineCompilationOptions {
                constants: &consts,
                zero_initialize_workgroup_memory: false,
            },
            cache: None,
        });
        let pipeline = Pipeline { inner: pipeline, kernel: kernel.name, writes };
        self.pipelines.lock().unwrap().insert(key, pipeline.clone());
        pipeline
    }
}
