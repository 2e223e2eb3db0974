//! The checks every classification metric makes of y_true and y_pred together
//! (`_check_targets`), on the target types of `validation::multiclass`.

use super::super::check_consistent;
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops;
pub(crate) use crate::validation::multiclass::classify;
pub use crate::validation::multiclass::{type_of_target, TargetType};

/// y_true and y_pred checked together as one classification task: on one device, of one
/// length, of compatible kinds. Binary and multiclass labels come as vectors of the
/// promoted dtype; multilabel indicators stay (n, labels) matrices.
pub(crate) struct Targets {
    pub kind: TargetType,
    /// The sorted labels present in either (0..columns for multilabel indicators).
    pub present: Vec<f64>,
    /// The sorted labels present in y_true.
    pub in_true: Vec<f64>,
    pub y_true: Array,
    pub y_pred: Array,
    pub n: usize,
}

impl Targets {
    /// Readback: the distinct values of both (the labels), and the finiteness checks.
    pub async fn check(y_true: &Array, y_pred: &Array, op: &'static str) -> Result<Targets> {
        let n = check_consistent(y_true, y_pred, op)?;
        let (kind_true, values_true) = classify(y_true, op).await?;
        let (kind_pred, values_pred) = classify(y_pred, op).await?;
        use TargetType::*;
        let kind = match (kind_true, kind_pred) {
            (a, b) if a == b => a,
            (Binary, Multiclass) | (Multiclass, Binary) => Multiclass,
            (a, b) => {
                return Err(Error::BadTarget {
                    op,
                    detail: format!(
                        "classification metrics can't handle a mix of {a} (y_true) and {b} (y_pred) targets"
                    ),
                })
            }
        };
        if !matches!(kind, Binary | Multiclass | MultilabelIndicator) {
            return Err(Error::BadTarget { op, detail: format!("{kind} targets are not supported") });
        }
        if kind == MultilabelIndicator {
            if y_true.shape()[1] != y_pred.shape()[1] {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!(
                        "multilabel-indicator targets of {} and {} labels",
                        y_true.shape()[1],
                        y_pred.shape()[1]
                    ),
                });
            }
            let present: Vec<f64> = (0..y_true.shape()[1]).map(|i| i as f64).collect();
            let in_true = present.clone();
            return Ok(Targets { kind, present, in_true, y_true: y_true.clone(), y_pred: y_pred.clone(), n });
        }
        let mut present: Vec<f64> = values_true.iter().copied().chain(values_pred).collect();
        present.sort_by(f64::total_cmp);
        present.dedup();
        let kind = if present.len() > 2 { Multiclass } else { kind };
        let dtype = DType::promote(y_true.dtype(), y_pred.dtype());
        let dtype = if dtype == DType::Bool { DType::I32 } else { dtype };
        let y_true = ops::astype(&y_true.reshape(&[n as isize])?, dtype)?;
        let y_pred = ops::astype(&y_pred.reshape(&[n as isize])?, dtype)?;
        Ok(Targets { kind, present, in_true: values_true, y_true, y_pred, n })
    }

    /// Each label of y (a vector of this task) as its position in the sorted `classes`, as
    /// int32; labels absent from `classes` get `classes.len()`.
    pub fn encode(y: &Array, classes: &[f64]) -> Result<Array> {
        let k = classes.len();
        let sorted = ops::astype(&Array::from_vec(y.device(), classes.to_vec(), &[k])?, y.dtype())?;
        let left = ops::searchsorted(&sorted, y, ops::Side::Left)?;
        // A label is among the classes where its insertion points on either side differ.
        let found = ops::greater(&ops::searchsorted(&sorted, y, ops::Side::Right)?, &left)?;
        ops::where_(&found, &left, &Array::scalar(y.device(), k as f64, DType::I32)?)
    }
}
