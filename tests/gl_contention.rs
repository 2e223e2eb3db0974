//! Threads sharing one GL device never panic, however long its dispatches take.
//!
//! wgpu-hal's GL backend waits 6 s for its context lock and then panics, and a thread waiting
//! for the GPU holds that lock. Before the library serialized its calls on a GL device
//! (backend/gpu/gate.rs), four threads running large float32 products on one GL device while
//! two others kept the cores busy died in that panic within seconds, followed by "panic in a
//! destructor during cleanup" and an abort. Native only: the browser has no GL path.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use wglearn::device::Backends;
use wglearn::prelude::*;

#[test]
fn threads_sharing_a_gl_device_never_panic_under_load() {
    let require = std::env::var("WGLEARN_REQUIRE_GPU").is_ok_and(|v| v == "1");
    let gl = match block_on(Device::gpu_with(GpuOptions { backends: Some(Backends::GL), ..Default::default() })) {
        Ok(d) => d,
        Err(e) if require => panic!("WGLEARN_REQUIRE_GPU=1 but no GL adapter: {e}"),
        Err(e) => return eprintln!("note: no GL adapter ({e}); set WGLEARN_REQUIRE_GPU=1 to make this an error"),
    };
    // Cores kept busy for the whole run, as another process on a shared machine would.
    let stop = Arc::new(AtomicBool::new(false));
    let spinners: Vec<_> = (0..2)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut x = 1u64;
                while !stop.load(Ordering::Relaxed) {
                    x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
                }
            })
        })
        .collect();
    let n = 1280;
    let workers: Vec<_> = (0..4u64)
        .map(|t| {
            let gl = gl.clone();
            std::thread::spawn(move || -> Result<()> {
                let a = ops::Philox::new(t).uniform(&gl, &[n, n], -1.0, 1.0, DType::F32)?;
                for _ in 0..1 {
                    // A product and its readback: the reader waits for the GPU while others
                    // submit and allocate on the same device.
                    let c = ops::matmul(&a, &a)?;
                    let s = block_on(ops::sum(&c, None, false)?.to_vec::<f32>())?;
                    assert!(s[0].is_finite(), "thread {t}: {s:?}");
                }
                Ok(())
            })
        })
        .collect();
    let results: Vec<_> = workers.into_iter().map(|w| w.join()).collect();
    stop.store(true, Ordering::Relaxed);
    spinners.into_iter().for_each(|s| s.join().unwrap());
    for (t, r) in results.into_iter().enumerate() {
        match r {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("thread {t} failed: {e}"),
            Err(p) => {
                let msg = p.downcast_ref::<String>().cloned().or(p.downcast_ref::<&str>().map(|s| s.to_string()));
                panic!("thread {t} panicked: {}", msg.unwrap_or_default())
            }
        }
    }
}
