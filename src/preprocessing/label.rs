//! LabelEncoder: labels to codes 0..n_classes-1 and back.

use crate::array::Array;
use crate::error::{Error, Result};
use crate::estimator::{estimator, Fit, InverseTransform, Tags, Transform};
use crate::ops::{self, Side};

estimator! {
    /// Encodes numeric labels as int32 codes in the order of the sorted distinct labels.
    pub struct LabelEncoder as "LabelEncoder" {
        tags: Tags { transformer: true, labels_input: true, ..Tags::DEFAULT },
        implements: [Fit, Transform, InverseTransform],
        params: {},
        fitted: LabelFitted {
            /// The distinct labels, sorted.
            classes_: Array [n_classes],
        },
        state: {},
        check_loaded: |_: &LabelEncoder, f: &LabelFitted| crate::estimator::sorted_classes("classes_", &f.classes_),
    }
}

/// A label vector: 1-D, or a single column (raveled, as scikit-learn's column_or_1d), finite.
async fn check_labels(y: &Array, op: &'static str) -> Result<Array> {
    let y = match y.shape() {
        [_] => y.clone(),
        [n, 1] => y.reshape(&[*n as isize])?,
        s => return Err(Error::ShapeMismatch { op, detail: format!("y must be 1-D, got shape {s:?}") }),
    };
    ops::ensure_finite(&y, "y", op).await?;
    Ok(y)
}

impl Fit for LabelEncoder {
    async fn fit_checked(&mut self, y: &Array, _sample_weight: Option<&Array>) -> Result<()> {
        const OP: &str = "LabelEncoder.fit";
        let y = check_labels(y, OP).await?;
        if y.is_empty() {
            return Err(Error::EmptyInput { op: OP, shape: y.shape().to_vec() });
        }
        self.fitted = Some(LabelFitted { classes_: ops::unique_values(&y).await? });
        Ok(())
    }
}

impl Transform for LabelEncoder {
    async fn transform(&self, y: &Array) -> Result<Array> {
        const OP: &str = "LabelEncoder.transform";
        let classes = &self.state(OP)?.classes_;
        classes.device().check_same(y.device(), OP)?;
        let y = check_labels(y, OP).await?;
        let left = ops::searchsorted(classes, &y, Side::Left)?;
        if y.is_empty() {
            return Ok(left);
        }
        // A label is known exactly when it has a non-empty range of equal classes.
        let right = ops::searchsorted(classes, &y, Side::Right)?;
        let unseen = ops::equal(&left, &right)?;
        // Readback: one flag, to fail on unknown labels (and, only then, the labels to name).
        if ops::any(&unseen, None, false)?.to_vec::<u32>().await?[0] != 0 {
            let (labels, flags) = (y.to_vec::<f64>().await?, unseen.to_vec::<u32>().await?);
            let mut bad: Vec<f64> = labels.iter().zip(&flags).filter(|(_, &f)| f != 0).map(|(&l, _)| l).collect();
            bad.sort_by(f64::total_cmp);
            bad.dedup();
            return Err(Error::UnseenLabels { op: OP, labels: list_values(&bad) });
        }
        Ok(left)
    }
}

impl InverseTransform for LabelEncoder {
    async fn inverse_transform(&self, codes: &Array) -> Result<Array> {
        const OP: &str = "LabelEncoder.inverse_transform";
        let classes = &self.state(OP)?.classes_;
        classes.device().check_same(codes.device(), OP)?;
        let codes = check_labels(codes, OP).await?;
        if codes.is_empty() {
            return Array::zeros(classes.device(), &[0], classes.dtype());
        }
        if codes.dtype().is_float() {
            return Err(Error::DTypeMismatch { op: OP, expected: "int32 or uint32 codes".into(), got: codes.dtype() });
        }
        // Readback: the codes, checked on the host. A code outside 0..n_classes is a label never
        // seen in fit (scikit-learn's error, listing them); no negative code counts from the
        // end and no uint32 code wraps to a negative one.
        let raw = codes.to_vec::<i64>().await?;
        let n = classes.len() as i64;
        let mut unseen: Vec<i64> = raw.iter().copied().filter(|&c| c < 0 || c >= n).collect();
        if !unseen.is_empty() {
            unseen.sort_unstable();
            unseen.dedup();
            return Err(Error::UnseenLabels { op: OP, labels: list_values(&unseen) });
        }
        let idx: Vec<usize> = raw.iter().map(|&c| c as usize).collect();
        ops::take_indices(classes, &idx, 0)
    }
}

/// At most ten values as scikit-learn prints a list (`[-1, 7]`), with how many more there are.
fn list_values<V: std::fmt::Display>(values: &[V]) -> String {
    let shown: Vec<String> = values.iter().take(10).map(ToString::to_string).collect();
    let more = if values.len() > 10 { format!(" and {} more", values.len() - 10) } else { String::new() };
    format!("[{}]{more}", shown.join(", "))
}
