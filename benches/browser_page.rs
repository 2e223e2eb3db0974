//! The workloads of the in-browser benchmark page (`www/bench.js`) on the native CPU path, to
//! set beside the page's wasm CPU column: the same shapes (20 000 x 32 float64 blobs, three
//! classes), estimators and metrics, and the page's statistic (the median of 5 runs after one
//! warm-up). The page's own data come from its JS generator; the times depend on the shapes,
//! not on the values.
//!
//! `cargo bench --bench browser_page`; `WGLEARN_PAGE_SIZE=n,d` changes the shape as the page's
//! inputs do.

use std::future::IntoFuture;
use std::time::Instant;
use wglearn::datasets::{make_blobs, Blobs};
use wglearn::decomposition::Pca;
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::{Fit, FitSupervised, Predict, Transform};
use wglearn::linear_model::Ridge;
use wglearn::metrics;
use wglearn::prelude::*;

const REPS: usize = 5;

/// The median time in ms of REPS runs of `f` after one warm-up run.
fn time<T>(mut f: impl FnMut() -> T) -> f64 {
    drop(f());
    let mut ts: Vec<f64> = (0..REPS)
        .map(|_| {
            let t = Instant::now();
            drop(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ts.sort_by(f64::total_cmp);
    ts[REPS / 2]
}

fn main() {
    let (n, d) = std::env::var("WGLEARN_PAGE_SIZE")
        .ok()
        .and_then(|v| v.split_once(',').and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?))))
        .unwrap_or((20_000usize, 32usize));
    let cpu = Device::cpu();
    let blobs = Blobs { n_samples: n, n_features: d, centers: 3, cluster_std: 4.0, ..Default::default() };
    let (x, y, _) = block_on(make_blobs(&cpu, &blobs)).unwrap();
    let col = |j: usize| x.slice_cols(j, j + 1).unwrap().reshape(&[-1]).unwrap();
    let steps = Array::from_vec(&cpu, (0..n).map(|i| 0.1 * (i % 7) as f64).collect(), &[n]).unwrap();
    let y_reg = ops::add(&ops::sub(&ops::mul_scalar(&col(0), 2.0).unwrap(), &col(1)).unwrap(), &steps).unwrap();
    let labels = ops::astype(&ops::equal(&y, &ops::scalar_like(&y, 0.0).unwrap()).unwrap(), DType::I32).unwrap();
    let values = col(2);
    let (mut lda, mut pca, mut ridge) =
        (LinearDiscriminantAnalysis::new(), Pca::new().n_components(8usize), Ridge::new());
    println!("native CPU path, {n} x {d} float64 blobs, median of {REPS} runs");
    println!();
    println!("| workload | native CPU ms |");
    println!("|---|---:|");
    let row = |name: &str, ms: f64| println!("| {name} | {ms:.2} |");
    row("LDA fit", time(|| block_on(lda.fit(&x, &y)).unwrap()));
    row("LDA predict", time(|| block_on(lda.predict(&x)).unwrap()));
    row("PCA fit", time(|| block_on(pca.fit(&x)).unwrap()));
    row("PCA transform", time(|| block_on(pca.transform(&x)).unwrap()));
    row("Ridge fit", time(|| block_on(ridge.fit(&x, &y_reg)).unwrap()));
    row("Ridge predict", time(|| block_on(ridge.predict(&x)).unwrap()));
    row("accuracy_score", time(|| block_on(metrics::accuracy_score(&y, &y).into_future()).unwrap()));
    row("roc_auc_score", time(|| block_on(metrics::roc_auc_score(&labels, &values).into_future()).unwrap()));
    row("r2_score", time(|| block_on(metrics::r2_score(&y_reg, &values).into_future()).unwrap()));
}
