//! Recording one compute dispatch: the params buffer, the bind group and the workgroup grid.

use super::context::GpuContext;
use super::pipeline::Pipeline;
use crate::error::Result;
use wgpu::util::DeviceExt;

/// Workgroups per grid dimension that every WebGPU device accepts.
const MAX_GROUPS_PER_DIM: u32 = 65535;

/// A buffer range bound to one `@binding` slot.
#[derive(Clone)]
pub(crate) struct Bind<'a> {
    pub buf: &'a wgpu::Buffer,
    pub offset: u64,
    pub size: u64,
}

/// Folds a workgroup count into a 2-D grid; kernels rebuild the flat id as
/// `wg.x + wg.y * num_workgroups.x` and ignore ids past the end.
pub(crate) fn grid(groups: u32) -> (u32, u32) {
    let x = groups.clamp(1, MAX_GROUPS_PER_DIM);
    (x, groups.div_ceil(x).max(1))
}

impl GpuContext {
    /// Records `pipeline` over `groups` workgroups. Binding 0 is always the kernel's params
    /// struct (`backend::gpu::params`), the given bindings follow in order.
    pub(crate) fn dispatch<P: bytemuck::Pod>(
        &self,
        pipeline: &Pipeline,
        params: &P,
        binds: &[Bind<'_>],
        groups: u32,
    ) -> Result<()> {
        self.check_fault()?;
        if groups == 0 {
            return Ok(());
        }
        // Declared first, so that the params buffer and bind group are dropped inside it.
        let _gate = self.enter();
        let params_buf = self.device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some("params"),
            contents: bytemuck::bytes_of(params),
            usage: wgpu::BufferUsages::STORAGE,
        });
        let mut entries = vec![wgpu::BindGroupEntry { binding: 0, resource: params_buf.as_entire_binding() }];
        for (i, b) in binds.iter().enumerate() {
            entries.push(wgpu::BindGroupEntry {
                binding: i as u32 + 1,
                resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                    buffer: b.buf,
                    offset: b.offset,
                    size: wgpu::BufferSize::new(b.size.max(4)),
                }),
            });
        }
        let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &pipeline.inner.get_bind_group_layout(0),
            entries: &entries,
        });
        // A range bound twice (X^T X binds X as both operands) is counted once.
        let (read, written) = binds.iter().enumerate().fold((0, 0), |(r, w), (i, b)| {
            let again = binds[..i].iter().any(|o| o.buf == b.buf && (o.offset, o.size) == (b.offset, b.size));
            match (pipeline.writes >> (i + 1) & 1 == 1, again) {
                (true, _) => (r, w + b.size),
                (false, true) => (r, w),
                (false, false) => (r + b.size, w),
            }
        });
        self.traffic.dispatch(pipeline.kernel, read, written);
        let (x, y) = grid(groups);
        self.record(|enc| {
            let mut pass = enc.begin_compute_pass(&wgpu::ComputePassDescriptor { label: None, timestamp_writes: None });
            pass.set_pipeline(&pipeline.inner);
            pass.set_bind_group(0, &bind_group, &[]);
            pass.dispatch_workgroups(x, y, 1);
        });
        Ok(())
    }
}
