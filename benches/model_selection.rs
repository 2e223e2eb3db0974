//! Issue 11's workload: GridSearchCV over MaxAbsScaler + Ridge (alpha in 10 values) and over
//! StandardScaler + PCA (n_components in 3 values) + LinearDiscriminantAnalysis, 5-fold
//! KFold, on `make_classification(n_samples=200_000, n_features=300)`. The CPU path runs in
//! float64, as scikit-learn with NumPy does, with n_jobs 1 and 2; a hardware GPU runs in
//! float32.
//!
//! The data is written to `target/bench-data/` so that `benches/compare_sklearn_search.py`
//! times scikit-learn (n_jobs=1 and n_jobs=2) on the same numbers in the same run.
//!
//! Before timing, the bench prints each GPU search's host waits (readbacks and
//! synchronizations) per candidate and per fit, counted on a small copy of the data: the
//! figure that says whether a search is bound by host round trips.
//!
//! - `cargo bench --bench model_selection`: everything, 10 samples each.
//! - `cargo bench --bench model_selection -- cpu`: only the CPU path.
//! - `WGLEARN_BENCH_SAMPLES=20000`: a smaller n_samples.
//! - `WGLEARN_BENCH_SOFTWARE_GPU=1`: time a software GPU (lavapipe) too; at the full size it
//!   takes hours, so it is left out unless asked for.

mod common;

use common::{gpu, group, timed, write_f64};
use criterion::{criterion_group, criterion_main, Criterion};
use wglearn::datasets::{make_classification, Classification};
use wglearn::decomposition::Pca;
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::linear_model::Ridge;
use wglearn::model_selection::{GridSearchCV, KFold, ParamGrid};
use wglearn::pipeline::make_pipeline;
use wglearn::prelude::*;
use wglearn::preprocessing::{MaxAbsScaler, StandardScaler};

const N_FEATURES: usize = 300;
const ALPHAS: [f64; 10] = [1e-3, 1e-2, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 1000.0];
const COMPONENTS: [usize; 3] = [5, 10, 20];

fn n_samples() -> usize {
    std::env::var("WGLEARN_BENCH_SAMPLES").ok().and_then(|v| v.parse().ok()).unwrap_or(200_000)
}

struct Target {
    label: String,
    device: Device,
    x: Array,
    y: Array,
    n_jobs: usize,
}

fn ridge_search() -> GridSearchCV {
    let pipe = make_pipeline(vec![MaxAbsScaler::new().into(), Ridge::new().into()]);
    GridSearchCV::new(pipe, ParamGrid::new().param("ridge__alpha", ALPHAS)).cv(KFold::new(5)).refit(false)
}

fn lda_search() -> GridSearchCV {
    let pipe =
        make_pipeline(vec![StandardScaler::new().into(), Pca::new().into(), LinearDiscriminantAnalysis::new().into()]);
    GridSearchCV::new(pipe, ParamGrid::new().param("pca__n_components", COMPONENTS)).cv(KFold::new(5)).refit(false)
}

/// Prints the host waits per candidate and per fit of both searches on `device`, on the
/// first 2 000 rows (the count does not depend on the number of rows).
fn report_host_waits(label: &str, device: &Device, x: &Array, y: &Array) {
    let rows: Vec<usize> = (0..2000.min(x.shape()[0])).collect();
    let (xs, ys) = (ops::take_indices(x, &rows, 0).unwrap(), ops::take_indices(y, &rows, 0).unwrap());
    for (name, mut search, candidates) in
        [("grid_ridge", ridge_search(), ALPHAS.len()), ("grid_pca_lda", lda_search(), COMPONENTS.len())]
    {
        let before = device.host_waits();
        block_on(search.fit(&xs, Some(&ys))).unwrap();
        let waits = device.host_waits() - before;
        eprintln!(
            "{name} on {label}: {waits} host waits for {candidates} candidates x 5 folds: {:.1} per candidate, {:.1} per fit",
            waits as f64 / candidates as f64,
            waits as f64 / (5 * candidates) as f64
        );
    }
}

fn targets() -> Vec<Target> {
    let n = n_samples();
    let cpu = Device::cpu();
    let params = Classification { n_samples: n, n_features: N_FEATURES, ..Default::default() };
    let (x, y) = block_on(make_classification(&cpu, &params)).unwrap();
    write_f64(&format!("search_{n}x{N_FEATURES}_X"), &x);
    write_f64(&format!("search_{n}x{N_FEATURES}_y"), &y);
    let mut v = vec![
        Target { label: "cpu-f64".into(), device: cpu.clone(), x: x.clone(), y: y.clone(), n_jobs: 1 },
        Target { label: "cpu-f64-n_jobs2".into(), device: cpu, x: x.clone(), y: y.clone(), n_jobs: 2 },
    ];
    if let Some(gpu) = gpu() {
        let to_gpu = |a: &Array| block_on(ops::astype(a, DType::F32).unwrap().to_device(&gpu)).unwrap();
        let label = format!("gpu-{}-f32", gpu.info().backend);
        let (gx, gy) = (to_gpu(&x), to_gpu(&y));
        report_host_waits(&label, &gpu, &gx, &gy);
        let software = gpu.info().device_type == "cpu";
        if !software || std::env::var("WGLEARN_BENCH_SOFTWARE_GPU").is_ok_and(|v| v == "1") {
            v.push(Target { label, device: gpu, x: gx, y: gy, n_jobs: 1 });
        } else {
            eprintln!(
                "{label} is a software GPU ({}): not timed (WGLEARN_BENCH_SOFTWARE_GPU=1 times it)",
                gpu.info().name
            );
        }
    }
    v
}

fn searches(c: &mut Criterion) {
    let targets = targets();
    for (name, make) in [("grid_ridge", ridge_search as fn() -> GridSearchCV), ("grid_pca_lda", lda_search)] {
        let mut g = group(c, name);
        for t in &targets {
            g.bench_function(&t.label, |b| {
                b.iter(|| {
                    let mut search = make().n_jobs(t.n_jobs);
                    timed(&t.device, search.fit(&t.x, Some(&t.y)));
                    search
                })
            });
        }
        g.finish();
    }
}

criterion_group!(benches, searches);
criterion_main!(benches);
