//! Normalizer (each sample to unit norm) and Binarizer (threshold): stateless, so, as in
//! scikit-learn, they transform without being fitted; fit only records the feature count.

use crate::array::Array;
use crate::device::Device;
use crate::error::{Error, Result};
use crate::estimator::{check_2d, estimator_impl, hyperparameters, Fit, FittedState, Transform};
use crate::ops;
use serde::{Deserialize, Serialize};

/// What fit learns of a stateless transformer: the width of the data and where it lived.
#[derive(Clone, Serialize, Deserialize)]
struct Width {
    n_features_in: usize,
    #[serde(skip, default = "Device::cpu")]
    device: Device,
}

impl FittedState for Width {
    fn device(&self) -> Device {
        self.device.clone()
    }
    async fn to_device(&self, d: &Device) -> Result<Self> {
        Ok(Width { n_features_in: self.n_features_in, device: d.clone() })
    }
}

/// Input for a stateless transform: checked, and of the fitted width and device when fitted.
async fn stateless_input(x: &Array, fitted: &Option<Width>, name: &'static str, op: &'static str) -> Result<Array> {
    if let Some(w) = fitted {
        w.device.check_same(x.device(), op)?;
    }
    let checked = if name == "Binarizer" { check_2d_keep_dtype(x, op).await? } else { check_2d(x, op).await? };
    if let Some(w) = fitted {
        if checked.shape()[1] != w.n_features_in {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!(
                    "X has {} features, but {name} is expecting {} features",
                    checked.shape()[1],
                    w.n_features_in
                ),
            });
        }
    }
    Ok(checked)
}

/// Binarizer keeps integer input integer, as scikit-learn.
async fn check_2d_keep_dtype(x: &Array, op: &'static str) -> Result<Array> {
    let checked = check_2d(x, op).await?;
    ops::astype(&checked, x.dtype())
}

/// Scales each sample (row) to unit l1, l2 or max norm; all-zero rows stay zero.
#[derive(Clone, Serialize, Deserialize)]
pub struct Normalizer {
    norm: String,
    #[serde(default)]
    fitted: Option<Width>,
}

hyperparameters!(Normalizer {
    /// "l1", "l2" (default) or "max".
    norm: String,
});
estimator_impl!(Normalizer, "Normalizer");

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer { norm: "l2".into(), fitted: None }
    }
}

impl Normalizer {
    pub fn new() -> Self {
        Self::default()
    }

    fn validate(&self) -> Result<()> {
        if !matches!(self.norm.as_str(), "l1" | "l2" | "max") {
            return Err(Error::InvalidParameter {
                name: "norm",
                value: self.norm.clone(),
                reason: "must be one of \"l1\", \"l2\", \"max\"".into(),
            });
        }
        Ok(())
    }

    pub fn n_features_in(&self) -> Result<usize> {
        Ok(crate::estimator::fitted(&self.fitted, "Normalizer", "n_features_in_")?.n_features_in)
    }
}

impl Fit for Normalizer {
    async fn fit(&mut self, x: &Array) -> Result<()> {
        self.validate()?;
        let x = check_2d(x, "Normalizer.fit").await?;
        self.fitted = Some(Width { n_features_in: x.shape()[1], device: x.device().clone() });
        Ok(())
    }
}

impl Transform for Normalizer {
    async fn transform(&self, x: &Array) -> Result<Array> {
        self.validate()?;
        let x = stateless_input(x, &self.fitted, "Normalizer", "Normalizer.transform").await?;
        let norms = match self.norm.as_str() {
            "l1" => ops::sum(&ops::abs(&x)?, Some(1), true)?,
            "l2" => ops::sqrt(&ops::sum(&ops::square(&x)?, Some(1), true)?)?,
            _ => ops::max(&ops::abs(&x)?, Some(1), true)?,
        };
        ops::div(&x, &crate::estimator::handle_zeros_in_scale(&norms, None)?)
    }
}

/// 1 where a value exceeds `threshold`, else 0, in the input's dtype.
#[derive(Clone, Serialize, Deserialize)]
pub struct Binarizer {
    threshold: f64,
    #[serde(default)]
    fitted: Option<Width>,
}

hyperparameters!(Binarizer {
    /// Values strictly above it become 1 (default 0).
    threshold: f64,
});
estimator_impl!(Binarizer, "Binarizer");

impl Default for Binarizer {
    fn default() -> Self {
        Binarizer { threshold: 0.0, fitted: None }
    }
}

impl Binarizer {
    pub fn new() -> Self {
        Self::default()
    }

    fn validate(&self) -> Result<()> {
        if self.threshold.is_nan() {
            return Err(Error::InvalidParameter {
                name: "threshold",
                value: "NaN".into(),
                reason: "must be a number".into(),
            });
        }
        Ok(())
    }

    pub fn n_features_in(&self) -> Result<usize> {
        Ok(crate::estimator::fitted(&self.fitted, "Binarizer", "n_features_in_")?.n_features_in)
    }
}

impl Fit for Binarizer {
    async fn fit(&mut self, x: &Array) -> Result<()> {
        self.validate()?;
        let x = check_2d(x, "Binarizer.fit").await?;
        self.fitted = Some(Width { n_features_in: x.shape()[1], device: x.device().clone() });
        Ok(())
    }
}

impl Transform for Binarizer {
    async fn transform(&self, x: &Array) -> Result<Array> {
        self.validate()?;
        let x = stateless_input(x, &self.fitted, "Binarizer", "Binarizer.transform").await?;
        // Float input compares in its own dtype (NumPy's weak Python scalars), integers in float64.
        let t = Array::scalar(x.device(), self.threshold, x.dtype().float_result())?;
        ops::astype(&ops::greater(&x, &t)?, x.dtype())
    }
}
