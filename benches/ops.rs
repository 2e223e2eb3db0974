//! Throughput of the core ops on the CPU path and on the best GPU: matmul (reported as
//! "elements" = floating-point operations, so Gelem/s reads as GFLOP/s), a full sum and an
//! elementwise chain (reported in bytes moved, so GiB/s is achieved bandwidth).
//! Run with `cargo bench --bench ops`; `benches/compare_numpy.py` adds NumPy's timings.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;
use wglearn::ops::Philox;
use wglearn::prelude::*;

fn devices() -> Vec<(String, Device)> {
    let mut v = vec![("cpu".to_string(), Device::cpu())];
    if let Ok(gpu) = block_on(Device::gpu()) {
        let info = gpu.info();
        v.push((format!("gpu-{}", info.backend), gpu));
    }
    v
}

/// Runs `f` and waits for the device, so GPU timings include the work, not just recording it.
fn run(device: &Device, f: impl Fn() -> Result<Array>) {
    let out = f().unwrap();
    block_on(device.synchronize()).unwrap();
    drop(out);
}

fn matmul(c: &mut Criterion) {
    let mut g = c.benchmark_group("matmul_f32");
    g.sample_size(10).measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_secs(1));
    for (name, dev) in devices() {
        for n in [256usize, 512, 1024] {
            let mut rng = Philox::new(1);
            let a = rng.uniform(&dev, &[n, n], -1.0, 1.0, DType::F32).unwrap();
            let b = rng.uniform(&dev, &[n, n], -1.0, 1.0, DType::F32).unwrap();
            g.throughput(Throughput::Elements(2 * (n * n * n) as u64));
            g.bench_with_input(BenchmarkId::new(&name, n), &n, |bench, _| {
                bench.iter(|| run(&dev, || ops::matmul(&a, &b)))
            });
        }
    }
    g.finish();
}

fn sum(c: &mut Criterion) {
    let mut g = c.benchmark_group("sum_f32");
    g.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    for (name, dev) in devices() {
        for n in [1usize << 20, 1 << 24] {
            let x = Philox::new(2).uniform(&dev, &[n], 0.0, 1.0, DType::F32).unwrap();
            g.throughput(Throughput::Bytes(4 * n as u64));
            g.bench_with_input(BenchmarkId::new(&name, n), &n, |bench, _| {
                bench.iter(|| run(&dev, || ops::sum(&x, None, false)))
            });
        }
    }
    g.finish();
}

fn elementwise_chain(c: &mut Criterion) {
    let mut g = c.benchmark_group("exp_axpb_f32");
    g.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    for (name, dev) in devices() {
        for n in [1usize << 20, 1 << 24] {
            let x = Philox::new(3).uniform(&dev, &[n], -1.0, 1.0, DType::F32).unwrap();
            let a = Array::scalar(&dev, 1.5, DType::F32).unwrap();
            let b = Array::scalar(&dev, 0.25, DType::F32).unwrap();
            // Three passes, each reading and writing n floats.
            g.throughput(Throughput::Bytes(3 * 8 * n as u64));
            g.bench_with_input(BenchmarkId::new(&name, n), &n, |bench, _| {
                bench.iter(|| run(&dev, || ops::exp(&ops::add(&ops::mul(&x, &a)?, &b)?)))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, matmul, sum, elementwise_chain);
criterion_main!(benches);
