//! Tunes a pipeline the way one does in scikit-learn: GridSearchCV over StandardScaler ->
//! PCA -> LinearDiscriminantAnalysis (PCA's n_components) on the best device, 5-fold, with a
//! terminal progress bar (indicatif) fed by the search's progress callback, then prints
//! cv_results_ as a table and the best candidate's held-out accuracy.
//!
//! `cargo run --release --example grid_search`

use indicatif::{ProgressBar, ProgressStyle};
use std::future::IntoFuture;
use wglearn::datasets::{make_classification, Classification};
use wglearn::decomposition::Pca;
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::model_selection::*;
use wglearn::pipeline::make_pipeline;
use wglearn::prelude::*;
use wglearn::preprocessing::StandardScaler;

fn main() -> Result<()> {
    let device = block_on(Device::best());
    let problem = Classification {
        n_samples: 20_000,
        n_features: 40,
        n_informative: 8,
        n_redundant: 4,
        n_classes: 3,
        dtype: DType::F32,
        ..Default::default()
    };
    let (x, y) = block_on(make_classification(&device, &problem))?;
    let parts = block_on(train_test_split(&[&x, &y]).test_size(0.25).stratify(&y).random_state(0).into_future())?;
    let (x_train, x_test, y_train, y_test) = (&parts[0], &parts[1], &parts[2], &parts[3]);
    println!("GridSearchCV on {} ({}), X_train {:?}", device.info().name, device.info().backend, x_train.shape());

    let pipe =
        make_pipeline(vec![StandardScaler::new().into(), Pca::new().into(), LinearDiscriminantAnalysis::new().into()]);
    let grid = ParamGrid::new().param("pca__n_components", [2usize, 4, 8, 16, 32]);
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} fits, {elapsed} ({msg})").expect("a valid template"),
    );
    let shown = bar.clone();
    let mut search =
        GridSearchCV::new(pipe, grid).cv(StratifiedKFold::new(5)).scoring("accuracy").on_progress(move |p| {
            shown.set_length(p.total as u64);
            shown.set_position(p.done as u64);
            shown.set_message(format!("candidate {}, fold {}", p.candidate, p.fold));
        });
    block_on(search.fit(x_train, Some(y_train)))?;
    bar.finish_with_message("done");

    let results = search.cv_results_()?;
    let (means, stds, ranks) =
        (results.floats("mean_test_score")?, results.floats("std_test_score")?, results.ints("rank_test_score")?);
    println!("{:<22} {:>10} {:>8} {:>5}", "params", "mean", "std", "rank");
    for (i, params) in results.params().iter().enumerate() {
        let p: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        println!("{:<22} {:>10.4} {:>8.4} {:>5}", p.join(", "), means[i], stds[i], ranks[i]);
    }
    println!("best: {:?} (cv accuracy {:.4})", search.best_params_()?, search.best_score_()?);
    println!("held-out accuracy: {:.4}", block_on(search.score(x_test, Some(y_test)))?);
    println!("pipeline steps fitted once per fold and reused: {}", search.reused_steps()?);
    Ok(())
}
