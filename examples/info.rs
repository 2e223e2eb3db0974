//! Lists every GPU adapter wgpu can see, with the facts wglearn uses, then the device that
//! `Device::best()` picks.

use wglearn::prelude::*;

fn main() {
    let adapters = block_on(Device::list_adapters());
    if adapters.is_empty() {
        println!("no GPU adapter found; wglearn will run on the CPU");
    }
    for (i, a) in adapters.iter().enumerate() {
        println!("adapter {i}: {}", a.name);
        println!("  backend: {}, type: {}, driver: {}", a.backend, a.device_type, a.driver);
        println!("  shader f64: {}, float64 under the Auto policy: {}", a.native_f64, a.float64.name());
        println!(
            "  max_buffer_size: {} MiB, max_storage_buffer_binding_size: {} MiB",
            a.max_buffer_size >> 20,
            a.max_storage_buffer_binding_size >> 20
        );
        println!(
            "  workgroup storage: {} KiB, invocations per workgroup: {}",
            a.max_compute_workgroup_storage_size >> 10,
            a.max_compute_invocations_per_workgroup
        );
    }
    let best = block_on(Device::best());
    println!("Device::best() -> {best}");
}
