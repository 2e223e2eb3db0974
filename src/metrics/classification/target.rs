//! What kind of target a label array is (scikit-learn's `type_of_target`), and the checks
//! every classification metric makes of y_true and y_pred together (`_check_targets`).

use super::super::check_consistent;
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops;
use std::fmt;

/// The kind of target an array holds, as scikit-learn's `type_of_target` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetType {
    /// At most two distinct values, in a vector or a single column.
    Binary,
    /// More than two distinct discrete values, in a vector or a single column.
    Multiclass,
    /// A 2-D array of several columns of discrete values.
    MulticlassMultioutput,
    /// A 2-D array of several columns holding at most two distinct integral values (0 and 1).
    MultilabelIndicator,
    /// Floats that are not all integral, in a vector or a single column.
    Continuous,
    /// A 2-D array of several columns of floats that are not all integral.
    ContinuousMultioutput,
    /// Anything else: more than two dimensions, or a 2-D array without columns.
    Unknown,
}

impl fmt::Display for TargetType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TargetType::Binary => "binary",
            TargetType::Multiclass => "multiclass",
            TargetType::MulticlassMultioutput => "multiclass-multioutput",
            TargetType::MultilabelIndicator => "multilabel-indicator",
            TargetType::Continuous => "continuous",
            TargetType::ContinuousMultioutput => "continuous-multioutput",
            TargetType::Unknown => "unknown",
        })
    }
}

/// The kind of target `y` holds, as scikit-learn's `type_of_target`. NaN or inf is refused,
/// as scikit-learn refuses it.
/// Readback: the distinct values, and the finiteness check.
pub async fn type_of_target(y: &Array) -> Result<TargetType> {
    Ok(classify(y, "type_of_target").await?.0)
}

/// The target type of `y` and its sorted distinct values (none for the kinds that are not
/// classified by them).
/// Readback: the distinct values, and the finiteness check.
pub(crate) async fn classify(y: &Array, op: &'static str) -> Result<(TargetType, Vec<f64>)> {
    let several_columns = y.ndim() == 2 && y.shape()[1] > 1;
    if !matches!(y.ndim(), 1 | 2) || (y.ndim() == 2 && y.shape()[1] == 0) {
        return Ok((TargetType::Unknown, vec![]));
    }
    if y.is_empty() {
        return Ok((TargetType::Binary, vec![]));
    }
    if y.dtype().is_float() {
        ops::ensure_finite(y, op).await?;
    }
    let values = ops::unique_values(y).await?.to_vec::<f64>().await?;
    // As scikit-learn tests `y == y.astype(int)`: floats past int64 are not integral.
    let int64 = -(2f64.powi(63))..2f64.powi(63);
    let integral = values.iter().all(|v| v.fract() == 0.0 && int64.contains(v));
    let kind = if several_columns && values.len() < 3 && integral {
        TargetType::MultilabelIndicator
    } else if !integral {
        if several_columns {
            TargetType::ContinuousMultioutput
        } else {
            TargetType::Continuous
        }
    } else if several_columns {
        TargetType::MulticlassMultioutput
    } else if values.len() > 2 {
        TargetType::Multiclass
    } else {
        TargetType::Binary
    };
    Ok((kind, values))
}

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
