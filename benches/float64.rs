//! What float64 costs on a GPU, per op family: the same float64 work with native f64
//! (`Float64::Native`), double-float emulation (`Float64::Emulate`, df64) and float32
//! (`Float64::Downcast`), on one adapter that has all three (lavapipe on CI: a CPU emulation,
//! so its ratios say how many instructions df64 costs, not what a real GPU's f64 units do). Run
//! with `cargo bench --bench float64`; `WGPU_BACKEND` picks the adapter, and an adapter without
//! f64 runs only the df64 and float32 rows.
//!
//! Families: an elementwise chain (exp(a x + b)), a full sum, a square matmul, a symmetric
//! eigendecomposition, and one estimator fit (PCA).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;
use wglearn::decomposition::Pca;
use wglearn::estimator::*;
use wglearn::ops::Philox;
use wglearn::prelude::*;

/// The GPU under each float64 policy it supports, named by the policy.
fn policies() -> Vec<(&'static str, Device)> {
    [Float64::Native, Float64::Emulate, Float64::Downcast]
        .into_iter()
        .filter_map(|float64| {
            let device = block_on(Device::gpu_with(GpuOptions { float64, ..Default::default() })).ok()?;
            Some((float64.name(), device))
        })
        .collect()
}

/// Runs `f` and waits for the device, so timings include the work, not just its recording.
fn run<T>(device: &Device, f: impl Fn() -> Result<T>) {
    let out = f().unwrap();
    block_on(device.synchronize()).unwrap();
    drop(out);
}

fn uniform(device: &Device, shape: &[usize], seed: u64) -> Array {
    Philox::new(seed).uniform(device, shape, -1.0, 1.0, DType::F64).unwrap()
}

fn families(c: &mut Criterion) {
    let devices = policies();
    if let Some((_, d)) = devices.first() {
        eprintln!("float64 bench on {d}");
    }
    let mut g = c.benchmark_group("float64");
    g.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    let n = 1 << 20;
    for (policy, dev) in &devices {
        let x = uniform(dev, &[n], 1);
        let (a, b) = (Array::scalar(dev, 1.5, DType::F64).unwrap(), Array::scalar(dev, 0.25, DType::F64).unwrap());
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("exp_axpb", policy), &n, |bench, _| {
            bench.iter(|| run(dev, || ops::exp(&ops::add(&ops::mul(&x, &a)?, &b)?)))
        });
        g.bench_with_input(BenchmarkId::new("sum", policy), &n, |bench, _| {
            bench.iter(|| run(dev, || ops::sum(&x, None, false)))
        });
    }
    let m = 256;
    for (policy, dev) in &devices {
        let (a, b) = (uniform(dev, &[m, m], 2), uniform(dev, &[m, m], 3));
        g.throughput(Throughput::Elements(2 * (m * m * m) as u64));
        g.bench_with_input(BenchmarkId::new("matmul", policy), &m, |bench, _| {
            bench.iter(|| run(dev, || ops::matmul(&a, &b)))
        });
    }
    let p = 32;
    for (policy, dev) in &devices {
        let a = uniform(dev, &[4 * p, p], 4);
        let spd = ops::gemm(&a, &a, true, false).unwrap();
        g.throughput(Throughput::Elements(p as u64));
        g.bench_with_input(BenchmarkId::new("eigh", policy), &p, |bench, _| {
            bench.iter(|| run(dev, || block_on(ops::eigh(&spd))))
        });
    }
    let (rows, cols) = (4000, 32);
    for (policy, dev) in &devices {
        let x = uniform(dev, &[rows, cols], 5);
        g.throughput(Throughput::Elements(rows as u64));
        g.bench_with_input(BenchmarkId::new("pca_fit", policy), &rows, |bench, _| {
            bench.iter(|| {
                run(dev, || {
                    let mut pca = Pca::new().n_components(4usize);
                    block_on(pca.fit(&x))?;
                    Ok(pca)
                })
            })
        });
    }
    g.finish();
}

criterion_group!(benches, families);
criterion_main!(benches);
