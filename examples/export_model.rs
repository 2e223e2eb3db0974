//! Fits a LinearDiscriminantAnalysis in Rust and writes what `www/model.html` loads: the saved
//! model (`www/models/lda.json`) and held-out rows with the predictions and probabilities Rust
//! gives them (`www/models/lda_test.json`), so the page can show that it predicts the same.
//! The files are committed; rerun with `cargo run --example export_model` after a change to
//! the model format.

use wglearn::datasets::{make_classification, Classification};
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::*;
use wglearn::prelude::*;

const TRAIN: usize = 400;
const TEST: usize = 40;

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let cpu = Device::cpu();
    let problem = Classification {
        n_samples: TRAIN + TEST,
        n_features: 6,
        n_informative: 4,
        n_redundant: 1,
        n_classes: 3,
        random_state: 7,
        ..Default::default()
    };
    let (x, y) = block_on(make_classification(&cpu, &problem))?;
    let (x_train, y_train) = (x.slice_rows(0, TRAIN)?, y.slice_axis(0, 0, TRAIN)?);
    let x_test = x.slice_rows(TRAIN, TRAIN + TEST)?;
    let mut lda = LinearDiscriminantAnalysis::new();
    block_on(lda.fit(&x_train, &y_train))?;
    let predict = block_on(lda.predict(&x_test))?;
    let proba = block_on(lda.predict_proba(&x_test))?;
    let test = serde_json::json!({
        "X": { "shape": x_test.shape(), "data": block_on(x_test.to_vec::<f64>())? },
        "predict": block_on(predict.to_vec::<f64>())?,
        "predict_proba": { "shape": proba.shape(), "data": block_on(proba.to_vec::<f64>())? },
    });
    std::fs::write("www/models/lda.json", lda.into_dyn().to_json()?)?;
    std::fs::write("www/models/lda_test.json", test.to_string())?;
    println!("wrote www/models/lda.json and www/models/lda_test.json ({TRAIN} training rows, {TEST} test rows)");
    Ok(())
}
