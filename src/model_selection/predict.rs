//! `cross_val_predict`: each sample's prediction from the fold that held it out, with every
//! fold's columns placed under the classes of the whole y.

use super::validation::{splits, Cv, FoldData};
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::{Attr, DynEstimator};
use crate::ops;
use crate::warnings::Category;

/// The estimator output that [`cross_val_predict`] collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PredictMethod {
    #[default]
    Predict,
    PredictProba,
    PredictLogProba,
    DecisionFunction,
}

/// Each sample's prediction from the fold that held it out: scikit-learn's
/// `cross_val_predict`. The splits must be a partition (each sample in exactly one test
/// set). The folds' outputs are put back in sample order on the device.
pub async fn cross_val_predict(
    estimator: &dyn DynEstimator,
    x: &Array,
    y: Option<&Array>,
    cv: impl Into<Cv>,
    method: PredictMethod,
) -> Result<Array> {
    let cv = cv.into();
    let folds = splits(&cv, estimator, x, y, None, None).await?;
    let n = x.shape()[0];
    let mut seen = vec![0usize; n];
    folds.iter().flat_map(|(_, t)| t).for_each(|&i| seen[i] += 1);
    if seen.iter().any(|&c| c != 1) {
        return Err(Error::invalid_parameter(
            "cv",
            format!("{cv:?}"),
            "cross_val_predict only works for partitions: each sample must be in exactly one test set",
        ));
    }
    // Readback: the classes of the whole y, which every fold's columns are put in line with.
    let all_classes = match (method, y) {
        (PredictMethod::Predict, _) | (_, None) => None,
        (_, Some(y)) => Some(ops::unique_values(y).await?.to_vec::<f64>().await?),
    };
    let mut parts = Vec::with_capacity(folds.len());
    let mut n_columns = None;
    for fold in &folds {
        let data = FoldData::gather(x, y, None, fold)?;
        let mut est = estimator.clone_box();
        est.fit(&data.x_train, data.y_train.as_ref(), None).await?;
        let out = match method {
            PredictMethod::Predict => est.predict(&data.x_test).await?,
            PredictMethod::PredictProba => est.predict_proba(&data.x_test).await?,
            PredictMethod::PredictLogProba => est.predict_log_proba(&data.x_test).await?,
            PredictMethod::DecisionFunction => est.decision_function(&data.x_test).await?,
        };
        let out = match (&all_classes, est.fitted_attr("classes_")) {
            (Some(all), Ok(Attr::Array(fold_classes))) => {
                enforce_prediction_order(out, &fold_classes.to_vec::<f64>().await?, all, method).await?
            }
            _ => out,
        };
        if method != PredictMethod::Predict {
            // Without classes_ to place them by, every fold must give as many columns.
            let k = out.shape().get(1).copied().unwrap_or(1);
            if *n_columns.get_or_insert(k) != k {
                return Err(Error::invalid_parameter(
                    "cv",
                    format!("{cv:?}"),
                    format!("cross_val_predict: a training fold lacks some classes ({k} columns against {} in another fold); use a stratified splitter", n_columns.unwrap_or(k)),
                ));
            }
        }
        parts.push(out);
    }
    let stacked = ops::concat(&parts.iter().collect::<Vec<_>>(), 0)?;
    let order: Vec<usize> = folds.iter().flat_map(|(_, t)| t.iter().copied()).collect();
    let mut inverse = vec![0; n];
    order.iter().enumerate().for_each(|(pos, &i)| inverse[i] = pos);
    ops::take_indices(&stacked, &inverse, 0)
}

/// One fold's `out` with a column per class of the whole y (`all`, sorted), as scikit-learn's
/// `_enforce_prediction_order`: a class the training fold lacked gets 0 (predict_proba) or the
/// dtype's lowest finite value (predict_log_proba and decision_function), with a warning. That
/// lowest value is the lowest the device holds: f32's for float64 on a device without native
/// f64 (df64 and downcast storage have f32's exponent range).
async fn enforce_prediction_order(out: Array, fold: &[f64], all: &[f64], method: PredictMethod) -> Result<Array> {
    if fold == all {
        return Ok(out);
    }
    let (n, k) = (fold.len(), all.len());
    if method == PredictMethod::DecisionFunction && out.ndim() == 1 && k > 2 {
        return Err(Error::BadTarget {
            op: "cross_val_predict",
            detail: format!("Only {n} class/es in training fold, but {k} in overall dataset. This is not supported for decision_function with imbalanced folds. To fix this, use a cross-validation technique resulting in properly stratified folds"),
        });
    }
    crate::warnings::warn(
        Category::UserWarning,
        &format!("Number of classes in training fold ({n}) does not match total number of classes ({k}). Results may not be appropriate for your use case. To fix this, use a cross-validation technique resulting in properly stratified folds"),
    );
    let native = out.device().info().float64 == crate::device::Float64::Native;
    let fill = match method {
        PredictMethod::Predict | PredictMethod::PredictProba => 0.0,
        _ if out.dtype() == DType::F64 && native => f64::MIN,
        _ => f64::from(f32::MIN),
    };
    let out = if out.ndim() == 1 { out.reshape(&[out.len() as isize, 1])? } else { out };
    let rows = out.shape()[0];
    // Each class's column of the fold's output, or the fill column appended after them.
    let columns: Vec<usize> = all.iter().map(|c| fold.iter().position(|f| f == c).unwrap_or(n)).collect();
    let filler = Array::full(out.device(), &[rows, 1], fill, out.dtype())?;
    let widened = ops::concat(&[&out, &filler], 1)?;
    ops::take_indices(&widened, &columns, 1)
}
