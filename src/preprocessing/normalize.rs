//! Normalizer (each sample to unit norm) and Binarizer (threshold): stateless, so, as in
//! scikit-learn, they transform without being fitted; fit only records the feature count and
//! the device.

use crate::array::Array;
use crate::device::Device;
use crate::error::{Error, Result};
use crate::estimator::checks::finite;
use crate::estimator::{estimator, options, Estimator, Fit, Tags, Transform};
use crate::ops;
use crate::validation::check_2d;

/// Input for a stateless transform: checked (keeping integer dtypes where `keep_dtype`), and of
/// the fitted width and device when fitted.
async fn stateless_input(
    x: &Array,
    fitted: Option<(usize, &Device)>,
    keep_dtype: bool,
    name: &'static str,
    op: &'static str,
) -> Result<Array> {
    if let Some((_, device)) = fitted {
        device.check_same(x.device(), op)?;
    }
    let mut checked = check_2d(x, op).await?;
    if keep_dtype {
        checked = ops::astype(&checked, x.dtype())?;
    }
    if let Some((width, _)) = fitted {
        if checked.shape()[1] != width {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("X has {} features, but {name} is expecting {width} features", checked.shape()[1]),
            });
        }
    }
    Ok(checked)
}

options! {
    /// The norm each sample is scaled to unit length in.
    pub enum Norm {
        /// Sum of absolute values.
        L1 = "l1",
        /// Euclidean length.
        L2 = "l2",
        /// Largest absolute value.
        Max = "max",
    }
    not_provided: []
}

estimator! {
    /// Scales each sample (row) to unit l1, l2 or max norm; all-zero rows stay zero.
    pub struct Normalizer as "Normalizer" {
        tags: Tags { transformer: true, requires_fit: false, ..Tags::DEFAULT },
        implements: [Fit, Transform],
        params: {
            /// The norm (see [`Norm`]).
            norm: Norm = Norm::L2;
        },
        fitted: NormalizerFitted {
            n_features_in_: usize,
        },
        state: {
            /// Where fit saw the data: transform refuses data elsewhere, as a fitted model does.
            #[serde(skip, default = "Device::cpu")]
            device: Device,
        },
    }
}

impl Fit for Normalizer {
    async fn fit_checked(&mut self, x: &Array, _sample_weight: Option<&Array>) -> Result<()> {
        let x = check_2d(x, "Normalizer.fit").await?;
        self.fitted = Some(NormalizerFitted { n_features_in_: x.shape()[1], device: x.device().clone() });
        Ok(())
    }
}

impl Transform for Normalizer {
    async fn transform(&self, x: &Array) -> Result<Array> {
        self.check_params()?;
        let fitted = self.fitted.as_ref().map(|f| (f.n_features_in_, &f.device));
        let x = stateless_input(x, fitted, false, "Normalizer", "Normalizer.transform").await?;
        let norms = match self.norm {
            Norm::L1 => ops::sum(&ops::abs(&x)?, Some(1), true)?,
            Norm::L2 => ops::sqrt(&ops::sum(&ops::square(&x)?, Some(1), true)?)?,
            Norm::Max => ops::max(&ops::abs(&x)?, Some(1), true)?,
        };
        ops::div(&x, &crate::validation::handle_zeros_in_scale(&norms, None)?)
    }
}

estimator! {
    /// 1 where a value exceeds `threshold`, else 0, in the input's dtype (integers stay integers).
    pub struct Binarizer as "Binarizer" {
        tags: Tags { transformer: true, requires_fit: false, ..Tags::DEFAULT },
        implements: [Fit, Transform],
        params: {
            /// Values strictly above it become 1.
            threshold: f64 = 0.0, check finite;
        },
        fitted: BinarizerFitted {
            n_features_in_: usize,
        },
        state: {
            /// Where fit saw the data: transform refuses data elsewhere, as a fitted model does.
            #[serde(skip, default = "Device::cpu")]
            device: Device,
        },
    }
}

impl Fit for Binarizer {
    async fn fit_checked(&mut self, x: &Array, _sample_weight: Option<&Array>) -> Result<()> {
        let x = check_2d(x, "Binarizer.fit").await?;
        self.fitted = Some(BinarizerFitted { n_features_in_: x.shape()[1], device: x.device().clone() });
        Ok(())
    }
}

impl Transform for Binarizer {
    async fn transform(&self, x: &Array) -> Result<Array> {
        self.check_params()?;
        let fitted = self.fitted.as_ref().map(|f| (f.n_features_in_, &f.device));
        let x = stateless_input(x, fitted, true, "Binarizer", "Binarizer.transform").await?;
        // Float input compares in its own dtype (NumPy's weak Python scalars), integers in float64.
        let t = Array::scalar(x.device(), self.threshold, x.dtype().float_result())?;
        ops::astype(&ops::greater(&x, &t)?, x.dtype())
    }
}
