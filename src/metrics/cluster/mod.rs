//! Clustering metrics: comparisons of two labelings of the same samples (`supervised.rs`,
//! with the expected mutual information of random labelings in `expected.rs`), and scores of
//! one clustering by the data's geometry (`unsupervised.rs`: silhouette, Calinski-Harabasz,
//! Davies-Bouldin).

mod expected;
mod supervised;
mod unsupervised;

pub use supervised::{
    adjusted_mutual_info_score, adjusted_rand_score, completeness_score, contingency_matrix, entropy,
    fowlkes_mallows_score, homogeneity_completeness_v_measure, homogeneity_score, mutual_info_score,
    normalized_mutual_info_score, pair_confusion_matrix, rand_score, v_measure_score, ClusterScore, ContingencyMatrix,
    HcvBuilder, HomogeneityCompletenessVMeasure,
};
pub use unsupervised::{
    calinski_harabasz_score, davies_bouldin_score, silhouette_samples, silhouette_score, SilhouetteMetric,
    SilhouetteSamples, SilhouetteScore,
};

use crate::error::{Error, Result};
use std::str::FromStr;

/// How the normalized and adjusted mutual information average the two labelings' entropies.
/// Parsed from scikit-learn's names ("min", "geometric", "arithmetic", "max").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AverageMethod {
    Min,
    Geometric,
    #[default]
    Arithmetic,
    Max,
}

impl AverageMethod {
    fn of(self, u: f64, v: f64) -> f64 {
        match self {
            AverageMethod::Min => u.min(v),
            AverageMethod::Geometric => (u * v).sqrt(),
            AverageMethod::Arithmetic => (u + v) / 2.0,
            AverageMethod::Max => u.max(v),
        }
    }
}

impl FromStr for AverageMethod {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s {
            "min" => AverageMethod::Min,
            "geometric" => AverageMethod::Geometric,
            "arithmetic" => AverageMethod::Arithmetic,
            "max" => AverageMethod::Max,
            _ => {
                return Err(Error::invalid_parameter(
                    "average_method",
                    s,
                    "the average methods are min, geometric, arithmetic and max",
                ))
            }
        })
    }
}
