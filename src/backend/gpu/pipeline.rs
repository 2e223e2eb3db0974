//! Compiled pipelines, cached per (kernel, dtypes, specialization constants) and device.

use super::shaders::{compose, Kernel};
use crate::dtype::DType;
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Clone, PartialEq, Eq, Hash)]
struct ModuleKey {
    kernel: &'static str,
    t: DType,
    s: Option<DType>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct PipelineKey {
    module: ModuleKey,
    constants: Vec<(&'static str, u32)>,
}

#[derive(Default)]
pub(crate) struct PipelineCache {
    modules: Mutex<HashMap<ModuleKey, wgpu::ShaderModule>>,
    pipelines: Mutex<HashMap<PipelineKey, wgpu::ComputePipeline>>,
}

impl PipelineCache {
    /// The pipeline of `kernel` instantiated for element type `t` (and source type `s` for
    /// kernels that read another type), with WGSL `override` constants set. Compiled once.
    pub(crate) fn get(
        &self,
        device: &wgpu::Device,
        kernel: &'static Kernel,
        t: DType,
        s: Option<DType>,
        constants: &[(&'static str, u32)],
    ) -> wgpu::ComputePipeline {
        let module_key = ModuleKey { kernel: kernel.name, t, s };
        let key = PipelineKey { module: module_key.clone(), constants: constants.to_vec() };
        if let Some(p) = self.pipelines.lock().unwrap().get(&key) {
            return p.clone();
        }
        let module = self
            .modules
            .lock()
            .unwrap()
            .entry(module_key)
            .or_insert_with(|| {
                device.create_shader_module(wgpu::ShaderModuleDescriptor {
                    label: Some(kernel.name),
                    source: wgpu::ShaderSource::Wgsl(compose(kernel, t, s).into()),
                })
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
        self.pipelines.lock().unwrap().insert(key, pipeline.clone());
        pipeline
    }
}
