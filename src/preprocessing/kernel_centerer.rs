//! KernelCenterer: centers a kernel matrix as if the features behind it were centered.

use crate::array::Array;
use crate::error::{Error, Result};
use crate::estimator::{estimator, Fit, Tags, Transform};
use crate::ops;
use crate::validation::{check_2d, check_fitted_input};

estimator! {
    /// Centers K(x, y) = <phi(x), phi(y)> in feature space without computing phi.
    pub struct KernelCenterer as "KernelCenterer" {
        tags: Tags { transformer: true, pairwise: true, ..Tags::DEFAULT },
        implements: [Fit, Transform],
        params: {},
        fitted: CentererFitted {
            /// Column means of the training kernel.
            K_fit_rows_: Array [n_features_in_],
            /// Mean of the training kernel, a 0-d array.
            K_fit_all_: Array [],
            n_features_in_: usize,
        },
        state: {},
    }
}

impl Fit for KernelCenterer {
    async fn fit_checked(&mut self, k: &Array, _sample_weight: Option<&Array>) -> Result<()> {
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
        self.fitted =
            Some(CentererFitted { K_fit_rows_: k_fit_rows, K_fit_all_: k_fit_all, n_features_in_: k.shape()[1] });
        Ok(())
    }
}

impl Transform for KernelCenterer {
    async fn transform(&self, k: &Array) -> Result<Array> {
        const OP: &str = "KernelCenterer.transform";
        let f = self.state(OP)?;
        let (dev, dtype) = (f.K_fit_rows_.device(), f.K_fit_rows_.dtype());
        let k = check_fitted_input(k, dev, f.n_features_in_, dtype, "KernelCenterer", OP).await?;
        let pred_cols = ops::mean(&k, Some(1), true)?;
        ops::add(&ops::sub(&ops::sub(&k, &f.K_fit_rows_)?, &pred_cols)?, &f.K_fit_all_)
    }
}
