//! KernelCenterer: centers a kernel matrix as if the features behind it were centered.

use crate::array::Array;
use crate::device::Device;
use crate::error::{Error, Result};
use crate::estimator::{
    check_2d, check_fitted_input, estimator_impl, fitted, hyperparameters, Fit, FittedState, Transform,
};
use crate::ops;
use serde::{Deserialize, Serialize};

/// Centers K(x, y) = <phi(x), phi(y)> in feature space without computing phi.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct KernelCenterer {
    #[serde(default)]
    fitted: Option<CentererFitted>,
}

#[derive(Clone, Serialize, Deserialize)]
struct CentererFitted {
    k_fit_rows: Array,
    k_fit_all: Array,
}

hyperparameters!(KernelCenterer {});
estimator_impl!(KernelCenterer, "KernelCenterer");

impl FittedState for CentererFitted {
    fn device(&self) -> Device {
        self.k_fit_rows.device().clone()
    }
    async fn to_device(&self, d: &Device) -> Result<Self> {
        Ok(CentererFitted {
            k_fit_rows: self.k_fit_rows.to_device(d).await?,
            k_fit_all: self.k_fit_all.to_device(d).await?,
        })
    }
}

impl KernelCenterer {
    pub fn new() -> Self {
        Self::default()
    }
    fn state(&self, method: &'static str) -> Result<&CentererFitted> {
        fitted(&self.fitted, "KernelCenterer", method)
    }
    /// Column means of the training kernel (scikit-learn's `K_fit_rows_`).
    pub fn k_fit_rows(&self) -> Result<&Array> {
        Ok(&self.state("K_fit_rows_")?.k_fit_rows)
    }
    /// Mean of the training kernel (`K_fit_all_`), a 0-d array.
    pub fn k_fit_all(&self) -> Result<&Array> {
        Ok(&self.state("K_fit_all_")?.k_fit_all)
    }
    pub fn n_features_in(&self) -> Result<usize> {
        Ok(self.state("n_features_in_")?.k_fit_rows.len())
    }
}

impl Fit for KernelCenterer {
    async fn fit(&mut self, k: &Array) -> Result<()> {
        const OP: &str = "KernelCenterer.fit";
        let k = check_2d(k, OP).await?;
        if k.shape()[0] != k.shape()[1] {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!("the kernel matrix must be square, got shape {:?}", k.shape()),
            });
        }
        let k_fit_rows = ops::mean(&k, Some(0), false)?;
        let k_fit_all = ops::mean(&k_fit_rows, None, false)?;
        self.fitted = Some(CentererFitted { k_fit_rows, k_fit_all });
        Ok(())
    }
}

impl Transform for KernelCenterer {
    async fn transform(&self, k: &Array) -> Result<Array> {
        const OP: &str = "KernelCenterer.transform";
        let f = self.state(OP)?;
        let n = f.k_fit_rows.len();
        let k = check_fitted_input(k, &f.device(), n, f.k_fit_rows.dtype(), "KernelCenterer", OP).await?;
        let pred_cols = ops::mean(&k, Some(1), true)?;
        ops::add(&ops::sub(&ops::sub(&k, &f.k_fit_rows)?, &pred_cols)?, &f.k_fit_all)
    }
}
