//! Throughput of the core ops on the CPU path and on the best GPU: matmul (reported as
//! "elements" = floating-point operations, so Gelem/s reads as GFLOP/s), a full sum and an
//! elementwise chain, as three calls and as one `ops::Chain` (reported in the bytes the three
//! calls move, so GiB/s compares the two).
//! Run with `cargo bench --bench ops`; `benches/compare_numpy.py` adds NumPy's timings.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;
use wglearn::ops::{BinaryOp, Philox, UnaryFloatOp};
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

/// exp(1.5 x + 0.25) as three calls (three passes, two temporaries), and as one `Chain` (one
/// pass), in float32 and float64; log(1.5 x + 2) as a chain (x in [-1, 1]).
fn elementwise_chain(c: &mut Criterion) {
    for (group, dtype, fused, f, shift) in [
        ("exp_axpb_f32", DType::F32, false, UnaryFloatOp::Exp, 0.25),
        ("exp_axpb_chain_f32", DType::F32, true, UnaryFloatOp::Exp, 0.25),
        ("exp_axpb_chain_f64", DType::F64, true, UnaryFloatOp::Exp, 0.25),
        ("log_axpb_chain_f64", DType::F64, true, UnaryFloatOp::Log, 2.0),
    ] {
        let mut g = c.benchmark_group(group);
        g.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
        for (name, dev) in devices() {
            for n in [1usize << 20, 1 << 24] {
                let x = Philox::new(3).uniform(&dev, &[n], -1.0, 1.0, dtype).unwrap();
                let a = Array::scalar(&dev, 1.5, dtype).unwrap();
                let b = Array::scalar(&dev, shift, dtype).unwrap();
                let chain = ops::Chain::new().binary(BinaryOp::Mul, &a).binary(BinaryOp::Add, &b).float(f);
                // Bytes the three calls move (each reads and writes n items): the same figure
                // for both, so that GiB/s compare.
                g.throughput(Throughput::Bytes(3 * 2 * dtype.size() * n as u64));
                g.bench_with_input(BenchmarkId::new(&name, n), &n, |bench, _| {
                    if fused {
                        bench.iter(|| run(&dev, || chain.apply(&x)))
                    } else {
                        bench.iter(|| run(&dev, || ops::exp(&ops::add(&ops::mul(&x, &a)?, &b)?)))
                    }
                });
            }
        }
        g.finish();
    }
}

criterion_group!(benches, matmul, sum, elementwise_chain);
criterion_main!(benches);
