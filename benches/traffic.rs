//! The GPU path's traffic per estimator method, from `Device::traffic`: dispatches, the bytes
//! its kernels bind for reading and for writing, uploads and readbacks, next to the minimum
//! (the bytes of X read once). A method that moves m times that minimum is m times from the
//! memory-bound limit on any GPU, so the counts mean something on a software adapter too.
//! The workloads are those of `benches/estimators.rs` (make_classification, 300 features,
//! float32 on the GPU).
//!
//! `cargo bench --bench traffic`; `WGLEARN_BENCH_SAMPLES` sets n_samples (default 20 000; the
//! counts grow in proportion), `WGPU_BACKEND` picks the adapter, and
//! `WGLEARN_TRAFFIC_KERNELS=1` adds each method's kernels.

use std::future::Future;
use wglearn::datasets::{make_classification, Classification};
use wglearn::decomposition::{Pca, SvdSolver};
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::{DynEstimator, Fit, FitSupervised, Predict, Transform};
use wglearn::linear_model::Ridge;
use wglearn::pipeline::make_pipeline;
use wglearn::prelude::*;
use wglearn::preprocessing::MaxAbsScaler;

const N_FEATURES: usize = 300;

/// The kernels of the p x p factorizations (eigh, Cholesky, triangular solves): their traffic
/// does not grow with n_samples, and their matrices stay in a GPU's cache.
const SOLVERS: [&str; 3] = ["jacobi", "cholesky_block", "trsv"];

/// Runs `work` on `gpu` from zeroed counts, waits for it, and prints its row.
fn row<T>(gpu: &Device, name: &str, x_bytes: u64, work: impl Future<Output = Result<T>>) -> T {
    gpu.reset_traffic();
    let out = block_on(work).unwrap();
    block_on(gpu.synchronize()).unwrap();
    let t = gpu.traffic().expect("a GPU counts its traffic");
    let (solver_bytes, solver_dispatches) = t
        .kernels
        .iter()
        .filter(|k| SOLVERS.contains(&k.kernel))
        .fold((0, 0), |(b, d), k| (b + k.bytes_read + k.bytes_written, d + k.dispatches));
    let gb = |b: u64| b as f64 / 1e9;
    println!(
        "| {name} | {} | {:.3} GB | {:.3} GB | {:.2} | {:.2} | {solver_dispatches} | {} | {} |",
        t.dispatches,
        gb(t.bytes_read),
        gb(t.bytes_written),
        t.bytes_moved() as f64 / x_bytes as f64,
        (t.bytes_moved() - solver_bytes) as f64 / x_bytes as f64,
        t.readbacks,
        t.uploads
    );
    if std::env::var("WGLEARN_TRAFFIC_KERNELS").is_ok_and(|v| v == "1") {
        eprintln!("{name}: {t}");
    }
    out
}

fn main() {
    let n = std::env::var("WGLEARN_BENCH_SAMPLES").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let Ok(gpu) = block_on(Device::gpu()) else {
        eprintln!("no GPU adapter: the traffic counter counts GPU work only");
        return;
    };
    let cpu = Device::cpu();
    let params = Classification { n_samples: n, n_features: N_FEATURES, ..Default::default() };
    let (x, y) = block_on(make_classification(&cpu, &params)).unwrap();
    let to_gpu = |a: &Array| block_on(ops::astype(a, DType::F32).unwrap().to_device(&gpu)).unwrap();
    let (x, y) = (to_gpu(&x), to_gpu(&y));
    let x_bytes = (n * N_FEATURES * 4) as u64;
    println!("GPU: {gpu}; X {n} x {N_FEATURES} float32 = {:.3} GB (the minimum: X read once)", x_bytes as f64 / 1e9);
    println!();
    println!(
        "| method | dispatches | read | written | moved / X | moved / X without the p x p solvers | solver dispatches | readbacks | uploads |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut lda = LinearDiscriminantAnalysis::new();
    row(&gpu, "LDA fit", x_bytes, lda.fit(&x, &y));
    row(&gpu, "LDA predict", x_bytes, lda.predict(&x));
    let mut pca = Pca::new().svd_solver(SvdSolver::CovarianceEigh).n_components(5usize);
    row(&gpu, "PCA(covariance_eigh, 5) fit", x_bytes, pca.fit(&x));
    row(&gpu, "PCA transform", x_bytes, pca.transform(&x));
    let mut pipe = make_pipeline(vec![MaxAbsScaler::new().into(), Ridge::new().into()]);
    row(&gpu, "MaxAbsScaler+Ridge fit", x_bytes, pipe.fit(&x, Some(&y), None));
    row(&gpu, "MaxAbsScaler+Ridge predict", x_bytes, pipe.predict(&x));
}
