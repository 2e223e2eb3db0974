//! Labels and groups read to the host for the splitters, and the checks the splitters share.

use crate::array::Array;
use crate::error::{Error, Result};

/// y or groups, read to the host for a splitter.
pub(crate) struct Labels;

impl Labels {
    /// `what` ("y" or "groups") as one value per sample. Readback: the labels, n values.
    pub(crate) async fn read(
        a: Option<&Array>,
        n: usize,
        what: &'static str,
        splitter: &'static str,
    ) -> Result<Vec<f64>> {
        let a = a.ok_or_else(|| missing(splitter, what))?;
        let rows = match a.shape() {
            [m] | [m, 1] => *m,
            shape => {
                return Err(Error::BadTarget {
                    op: splitter,
                    detail: format!("split: {what} must be one label per sample (1-D), got shape {shape:?}"),
                })
            }
        };
        if rows != n {
            return Err(Error::ShapeMismatch {
                op: splitter,
                detail: format!("split: {what} has {rows} entries but X has {n} samples"),
            });
        }
        let values = a.to_vec::<f64>().await?;
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(Error::NonFinite {
                op: splitter,
                arg: what,
                count: values.iter().filter(|v| !v.is_finite()).count(),
                at: vec![i],
            });
        }
        Ok(values)
    }
}

/// `Error::InvalidParameter` for labels a splitter needs and was not given.
pub(crate) fn missing(splitter: &str, what: &'static str) -> Error {
    Error::InvalidParameter {
        name: what,
        value: "None".into(),
        reason: format!("{splitter}.split needs {what}; the '{what}' parameter should not be None"),
    }
}

/// Labels as sorted distinct values: how many samples each holds, and each sample's index
/// into them (np.unique with return_inverse and return_counts).
pub(crate) struct Encoded {
    pub classes: Vec<f64>,
    pub counts: Vec<usize>,
    pub inverse: Vec<usize>,
}

/// [`Encoded`] labels. With `classes_only`, labels that are not class labels (non-integer
/// numbers, scikit-learn's "continuous" target) are refused, as the stratified splitters do.
pub(crate) fn encode(values: &[f64], op: &'static str, classes_only: bool) -> Result<Encoded> {
    if classes_only {
        if let Some(v) = values.iter().find(|v| v.fract() != 0.0) {
            return Err(Error::BadTarget {
                op,
                detail: format!(
                    "supported target types are binary and multiclass; got continuous values (such as {v}); stratify by class labels"
                ),
            });
        }
    }
    // `+ 0.0` makes -0.0 the class 0.0, as np.unique has it (total_cmp would tell them apart).
    let mut classes: Vec<f64> = values.iter().map(|v| v + 0.0).collect();
    classes.sort_by(f64::total_cmp);
    classes.dedup_by(|a, b| a.total_cmp(b).is_eq());
    let inverse: Vec<usize> = values
        .iter()
        .map(|v| classes.binary_search_by(|c| c.total_cmp(&(v + 0.0))).expect("every value is a class"))
        .collect();
    let mut counts = vec![0; classes.len()];
    inverse.iter().for_each(|&c| counts[c] += 1);
    Ok(Encoded { classes, counts, inverse })
}

/// A K-fold splitter's n_splits: at least 2, and at most the number of samples.
pub(crate) fn check_n_splits(splitter: &str, n_splits: usize, n_samples: usize, of: &str) -> Result<()> {
    let reason = if n_splits < 2 {
        format!("{splitter}: k-fold cross-validation requires at least one train/test split, so n_splits must be at least 2")
    } else if n_splits > n_samples {
        format!("{splitter}.split: cannot have number of splits n_splits={n_splits} greater than the number of {of}: n_samples={n_samples}")
    } else {
        return Ok(());
    };
    Err(Error::InvalidParameter { name: "n_splits", value: n_splits.to_string(), reason })
}
