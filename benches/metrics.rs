//! Issue 9's metric workloads: rbf_kernel and euclidean_distances of 10 000 × 300 against
//! itself's shape (10 000 × 10 000 results) in float32 and float64, pairwise_distances_argmin of
//! 100 000 × 64 against 1 000 × 64, and accuracy, f1 (macro, 10 classes), roc_auc and r2 on
//! 10 million samples. The data is drawn once on the CPU (Philox) and written to
//! `target/bench-data/` as raw float64, so `benches/compare_sklearn_metrics.py` times
//! scikit-learn on exactly the same numbers.
//!
//! - `cargo bench --bench metrics`: every device, 10 samples each.
//! - `cargo bench --bench metrics -- cpu`: only the CPU path (criterion's name filter).
//! - `WGLEARN_BENCH_SCALE=0.1`: every size scaled down (rows and samples), to try things out.

mod common;

use common::{gpu, group, timed, write_f64};
use criterion::{criterion_group, criterion_main, Criterion};
use std::future::IntoFuture;
use wglearn::metrics::{self, pairwise, Average};
use wglearn::ops::Philox;
use wglearn::prelude::*;

/// The sizes of the issue, times WGLEARN_BENCH_SCALE.
fn scaled(n: usize) -> usize {
    let scale: f64 = std::env::var("WGLEARN_BENCH_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(1.0);
    ((n as f64 * scale) as usize).max(16)
}

/// The host data, drawn once: (name, array) in float64.
struct Data {
    pair_x: Array,
    argmin_x: Array,
    argmin_y: Array,
    labels: Array,
    predicted: Array,
    binary: Array,
    scores: Array,
    target: Array,
    estimate: Array,
}

fn data() -> Data {
    let cpu = Device::cpu();
    let mut rng = Philox::new(9);
    let mut uniform = |shape: &[usize]| rng.uniform(&cpu, shape, 0.0, 1.0, DType::F64).unwrap();
    let n = scaled(10_000_000);
    let pair_x = uniform(&[scaled(10_000), 300]);
    let argmin_x = uniform(&[scaled(100_000), 64]);
    let argmin_y = uniform(&[1_000, 64]);
    let ten = |u: Array| ops::floor(&ops::mul_scalar(&u, 10.0).unwrap()).unwrap();
    let labels = ten(uniform(&[n]));
    // Right 70% of the time.
    let keep = ops::less(&uniform(&[n]), &ops::scalar_like(&labels, 0.7).unwrap()).unwrap();
    let predicted = ops::where_(&keep, &labels, &ten(uniform(&[n]))).unwrap();
    let binary = ops::floor(&ops::mul_scalar(&uniform(&[n]), 2.0).unwrap()).unwrap();
    let scores = ops::add(&ops::mul_scalar(&binary, 0.3).unwrap(), &uniform(&[n])).unwrap();
    let target = uniform(&[n]);
    let estimate = ops::add(&target, &ops::mul_scalar(&uniform(&[n]), 0.1).unwrap()).unwrap();
    let d = Data { pair_x, argmin_x, argmin_y, labels, predicted, binary, scores, target, estimate };
    for (name, a) in [
        ("pair_x", &d.pair_x),
        ("argmin_x", &d.argmin_x),
        ("argmin_y", &d.argmin_y),
        ("labels", &d.labels),
        ("predicted", &d.predicted),
        ("binary", &d.binary),
        ("scores", &d.scores),
        ("target", &d.target),
        ("estimate", &d.estimate),
    ] {
        write_f64(&format!("metrics_{name}"), a);
    }
    d
}

/// The devices: the CPU, and the default GPU where there is one.
fn devices() -> Vec<(String, Device)> {
    let mut v = vec![("cpu".to_string(), Device::cpu())];
    if let Some(gpu) = gpu() {
        v.push((format!("gpu-{}", gpu.info().backend), gpu));
    }
    v
}

fn on(device: &Device, a: &Array, dtype: DType) -> Array {
    // Cast on the host, so a GPU without f64 still gets float32 data.
    block_on(ops::astype(a, dtype).unwrap().to_device(device)).unwrap()
}

fn pairwise_benches(c: &mut Criterion, d: &Data, devices: &[(String, Device)]) {
    for dtype in [DType::F32, DType::F64] {
        let suffix = if dtype == DType::F32 { "f32" } else { "f64" };
        let inputs: Vec<_> = devices.iter().map(|(label, dev)| (label, dev, on(dev, &d.pair_x, dtype))).collect();
        let mut g = group(c, &format!("rbf_kernel_{suffix}"));
        for (label, dev, x) in &inputs {
            g.bench_function(label.as_str(), |b| b.iter(|| timed(dev, pairwise::rbf_kernel(x, None).into_future())));
        }
        g.finish();
        let mut g = group(c, &format!("euclidean_distances_{suffix}"));
        for (label, dev, x) in &inputs {
            g.bench_function(label.as_str(), |b| {
                b.iter(|| timed(dev, pairwise::euclidean_distances(x, None).into_future()))
            });
        }
        g.finish();
    }
    let mut g = group(c, "pairwise_distances_argmin");
    for (label, dev) in devices {
        let (x, y) = (on(dev, &d.argmin_x, DType::F32), on(dev, &d.argmin_y, DType::F32));
        g.bench_function(label.as_str(), |b| {
            b.iter(|| timed(dev, pairwise::pairwise_distances_argmin(&x, &y).into_future()))
        });
    }
    g.finish();
}

fn scalar_benches(c: &mut Criterion, d: &Data, devices: &[(String, Device)]) {
    for (name, f) in [("accuracy", 0), ("f1_macro", 1), ("roc_auc", 2), ("r2", 3)] {
        let mut g = group(c, name);
        for (label, dev) in devices {
            let float = if dev.info().native_f64 || !dev.is_gpu() { DType::F64 } else { DType::F32 };
            let (a, b_) = match f {
                0 | 1 => (on(dev, &d.labels, DType::I32), on(dev, &d.predicted, DType::I32)),
                2 => (on(dev, &d.binary, DType::I32), on(dev, &d.scores, float)),
                _ => (on(dev, &d.target, float), on(dev, &d.estimate, float)),
            };
            g.bench_function(label.as_str(), |b| {
                b.iter(|| match f {
                    0 => block_on(metrics::accuracy_score(&a, &b_).into_future()).unwrap(),
                    1 => block_on(metrics::f1_score(&a, &b_).average(Average::Macro).into_future()).unwrap(),
                    2 => block_on(metrics::roc_auc_score(&a, &b_).into_future()).unwrap(),
                    _ => block_on(metrics::r2_score(&a, &b_).into_future()).unwrap(),
                })
            });
        }
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    let d = data();
    let devices = devices();
    scalar_benches(c, &d, &devices);
    pairwise_benches(c, &d, &devices);
}

criterion_group!(metric_benches, benches);
criterion_main!(metric_benches);
