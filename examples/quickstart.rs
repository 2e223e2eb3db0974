//! Quickstart: the library's main job. Generates a classification problem, fits
//! StandardScaler, then PCA, then LinearDiscriminantAnalysis on it, and scores the result, on
//! the best device (a hardware GPU if there is one, else the CPU path), on the CPU path, and on
//! any software GPU adapter (lavapipe, llvmpipe) for comparison. Checks that every device
//! agrees with the CPU and prints the scores and the times.

use std::time::Instant;
use wglearn::datasets::{make_classification, Classification};
use wglearn::decomposition::Pca;
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::*;
use wglearn::prelude::*;
use wglearn::preprocessing::StandardScaler;

const N: usize = 20_000;
const P: usize = 40;

/// Scale, project to 10 components, classify; the accuracy on the data and the class
/// probabilities of the first rows.
async fn pipeline(device: &Device) -> Result<(f64, Vec<f64>)> {
    let problem = Classification {
        n_samples: N,
        n_features: P,
        n_informative: 8,
        n_redundant: 4,
        n_classes: 3,
        dtype: DType::F32,
        ..Default::default()
    };
    let (x, y) = make_classification(device, &problem).await?;
    let mut scaler = StandardScaler::new();
    let mut pca = Pca::new().n_components(10usize);
    let mut lda = LinearDiscriminantAnalysis::new();
    let z = pca.fit_transform(&scaler.fit_transform(&x).await?).await?;
    lda.fit(&z, &y).await?;
    let score = lda.score(&z, &y).await?;
    let proba = lda.predict_proba(&z.slice_rows(0, 100)?).await?;
    Ok((score, proba.to_vec::<f64>().await?))
}

/// The pipeline once to compile the GPU kernels, then timed.
fn timed(device: &Device) -> Result<(f64, Vec<f64>, f64)> {
    block_on(pipeline(device))?;
    let start = Instant::now();
    let (score, proba) = block_on(pipeline(device))?;
    Ok((score, proba, start.elapsed().as_secs_f64()))
}

fn main() -> Result<()> {
    let best = block_on(Device::best());
    println!("StandardScaler -> PCA(10) -> LinearDiscriminantAnalysis on make_classification({N}, {P}), float32");
    let (score, want, t_cpu) = timed(&Device::cpu())?;
    println!("  cpu: accuracy {score:.4}, {:.1} ms", t_cpu * 1e3);
    let mut devices = vec![];
    if best.is_gpu() {
        devices.push(best.clone());
    } else {
        println!("  (no hardware GPU: the CPU path is the best device here)");
    }
    match block_on(Device::gpu()) {
        Ok(gpu) if !gpu.same(&best) => devices.push(gpu),
        Ok(_) => {}
        Err(e) => println!("  no GPU adapter at all: {e}"),
    }
    for device in devices {
        let kind = device.info().device_type;
        let (s, got, t) = timed(&device)?;
        let worst = got.iter().zip(&want).map(|(g, w)| (g - w).abs()).fold(0.0, f64::max);
        println!(
            "  {device}, type {kind}, float64 policy {}: accuracy {s:.4}, {:.1} ms, largest probability difference from the CPU {worst:.1e}",
            device.info().float64.name(),
            t * 1e3
        );
        if worst > 1e-3 || (s - score).abs() > 1e-3 {
            eprintln!("{device} and the CPU disagree");
            std::process::exit(1);
        }
    }
    println!("every device agrees with the CPU");
    Ok(())
}
