//! What kind of target a label array is (scikit-learn's `utils.multiclass`): `type_of_target`,
//! and the check every classifier's fit makes of y (`check_classification_targets`).

use crate::array::Array;
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
        ops::ensure_finite(y, "y", op).await?;
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

/// Refuses a y that a classifier cannot learn classes from, as scikit-learn's
/// `check_classification_targets`: continuous values (floats that are not all integral) are
/// "Unknown label type: continuous", not a class per distinct value.
/// Readback: as [`classify`].
pub(crate) async fn check_classification_targets(y: &Array, op: &'static str) -> Result<()> {
    match classify(y, op).await?.0 {
        TargetType::Binary
        | TargetType::Multiclass
        | TargetType::MulticlassMultioutput
        | TargetType::MultilabelIndicator => Ok(()),
        kind => Err(Error::BadTarget {
            op,
            detail: format!("Unknown label type: {kind}. Maybe you are trying to fit a classifier, which expects discrete classes on a regression target with continuous values."),
        }),
    }
}
