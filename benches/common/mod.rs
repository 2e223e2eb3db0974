//! What the benches that compare with scikit-learn share: writing their data for the compare
//! scripts, waiting for the device, and criterion's settings for multi-second workloads.

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion};
use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
use wglearn::prelude::*;

/// Writes `a` as raw little-endian float64 to `target/bench-data/{name}.f64` under the
/// project (or under `WGLEARN_BENCH_DIR`, where the GPU bundle's runner sets it), the format
/// the compare scripts read.
pub fn write_f64(name: &str, a: &Array) {
    let root = std::env::var("WGLEARN_BENCH_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
    let dir = PathBuf::from(root).join("target").join("bench-data");
    fs::create_dir_all(&dir).unwrap();
    let values = block_on(a.to_vec::<f64>()).unwrap();
    let mut f = std::io::BufWriter::new(fs::File::create(dir.join(format!("{name}.f64"))).unwrap());
    for v in values {
        f.write_all(&v.to_le_bytes()).unwrap();
    }
}

/// The GPU the bench compares with the CPU, if any, announced with its float64 policy (its
/// `Display` names it: f64, df64 or f64 as f32).
pub fn gpu() -> Option<Device> {
    let gpu = block_on(Device::gpu()).ok()?;
    eprintln!("GPU: {gpu}, float64 policy {}", gpu.info().float64.name());
    Some(gpu)
}

/// Runs `f` and waits for the device, so GPU timings include the work, not just recording it.
pub fn timed<T>(device: &Device, f: impl std::future::Future<Output = Result<T>>) -> T {
    let out = block_on(f).unwrap();
    block_on(device.synchronize()).unwrap();
    out
}

/// A group of workloads that take seconds each: ten samples, and no more time than needed.
pub fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_secs(1));
    g
}
