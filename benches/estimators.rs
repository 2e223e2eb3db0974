//! The seed's headline workload: `make_classification(n_samples=500_000, n_features=300)`, then
//! fit and predict LinearDiscriminantAnalysis, PCA(covariance_eigh, 5 components) and
//! make_pipeline(MaxAbsScaler, Ridge). The CPU path runs in float64, as scikit-learn with NumPy does; the best
//! GPU runs in float32, the dtype every GPU computes fast.
//!
//! The data is generated once on the CPU and written to `target/bench-data/` so that
//! `benches/compare_sklearn.py` times scikit-learn on exactly the same numbers.
//!
//! - `cargo bench --bench estimators`: everything, 10 samples each.
//! - `cargo bench --bench estimators -- --quick`: one run of every benchmark that takes longer
//!   than its measurement time (how the full size is run on a software GPU such as lavapipe).
//! - `cargo bench --bench estimators -- cpu`: only the CPU path (criterion's name filter).
//! - `WGLEARN_BENCH_SAMPLES=50000`: a smaller n_samples, to try things out.

mod common;

use common::{gpu, group, timed, write_f64};
use criterion::{criterion_group, criterion_main, Criterion};
use std::cell::OnceCell;
use wglearn::datasets::{make_classification, Classification};
use wglearn::decomposition::{Pca, SvdSolver};
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::DynEstimator;
use wglearn::estimator::{Fit, FitSupervised, Predict, Transform};
use wglearn::linear_model::Ridge;
use wglearn::pipeline::make_pipeline;
use wglearn::prelude::*;
use wglearn::preprocessing::MaxAbsScaler;

const N_FEATURES: usize = 300;

fn n_samples() -> usize {
    std::env::var("WGLEARN_BENCH_SAMPLES").ok().and_then(|v| v.parse().ok()).unwrap_or(500_000)
}

/// One device and the data on it, in the dtype that device is benchmarked in.
struct Target {
    label: String,
    device: Device,
    x: Array,
    y: Array,
}

fn targets() -> Vec<Target> {
    let n = n_samples();
    let cpu = Device::cpu();
    let params = Classification { n_samples: n, n_features: N_FEATURES, ..Default::default() };
    let (x, y) = block_on(make_classification(&cpu, &params)).unwrap();
    write_f64(&format!("classification_{n}x{N_FEATURES}_X"), &x);
    write_f64(&format!("classification_{n}x{N_FEATURES}_y"), &y);
    let mut v = vec![];
    if let Some(gpu) = gpu() {
        // Cast on the host, so the upload is half the bytes and needs no f64 on the adapter.
        let to_gpu = |a: &Array| block_on(ops::astype(a, DType::F32).unwrap().to_device(&gpu)).unwrap();
        let label = format!("gpu-{}-f32", gpu.info().backend);
        v.push(Target { label, device: gpu.clone(), x: to_gpu(&x), y: to_gpu(&y) });
    }
    v.insert(0, Target { label: "cpu-f64".into(), device: cpu, x, y });
    v
}

fn lda(c: &mut Criterion, targets: &[Target]) {
    let mut g = group(c, "lda_fit");
    for t in targets {
        g.bench_function(&t.label, |b| {
            b.iter(|| {
                let mut m = LinearDiscriminantAnalysis::new();
                timed(&t.device, m.fit(&t.x, &t.y));
                m
            })
        });
    }
    g.finish();
    let mut g = group(c, "lda_predict");
    for t in targets {
        // Fitted once, lazily: criterion calls the closure once per sample, and a benchmark
        // that the name filter leaves out should not fit at all.
        let model = OnceCell::new();
        g.bench_function(&t.label, |b| {
            let m = model.get_or_init(|| {
                let mut m = LinearDiscriminantAnalysis::new();
                timed(&t.device, m.fit(&t.x, &t.y));
                m
            });
            b.iter(|| timed(&t.device, m.predict(&t.x)))
        });
    }
    g.finish();
}

fn pca(c: &mut Criterion, targets: &[Target]) {
    let make = || Pca::new().svd_solver(SvdSolver::CovarianceEigh).n_components(5usize);
    let mut g = group(c, "pca_fit");
    for t in targets {
        g.bench_function(&t.label, |b| {
            b.iter(|| {
                let mut m = make();
                timed(&t.device, m.fit(&t.x));
                m
            })
        });
    }
    g.finish();
    let mut g = group(c, "pca_transform");
    for t in targets {
        let model = OnceCell::new();
        g.bench_function(&t.label, |b| {
            let m = model.get_or_init(|| {
                let mut m = make();
                timed(&t.device, m.fit(&t.x));
                m
            });
            b.iter(|| timed(&t.device, m.transform(&t.x)))
        });
    }
    g.finish();
}

fn scaled_ridge(c: &mut Criterion, targets: &[Target]) {
    // A pipeline, as a scikit-learn user writes it: the scaler's map goes into Ridge's Gram
    // products and predictions, and the scaled copy of X is never made.
    let fit = |t: &Target| {
        let mut pipe = make_pipeline(vec![MaxAbsScaler::new().into(), Ridge::new().into()]);
        timed(&t.device, pipe.fit(&t.x, Some(&t.y), None));
        pipe
    };
    let mut g = group(c, "maxabs_ridge_fit");
    for t in targets {
        g.bench_function(&t.label, |b| b.iter(|| fit(t)));
    }
    g.finish();
    let mut g = group(c, "maxabs_ridge_predict");
    for t in targets {
        let model = OnceCell::new();
        g.bench_function(&t.label, |b| {
            let pipe = model.get_or_init(|| fit(t));
            b.iter(|| timed(&t.device, pipe.predict(&t.x)))
        });
    }
    g.finish();
}

fn estimators(c: &mut Criterion) {
    let targets = targets();
    lda(c, &targets);
    pca(c, &targets);
    scaled_ridge(c, &targets);
}

criterion_group!(benches, estimators);
criterion_main!(benches);
