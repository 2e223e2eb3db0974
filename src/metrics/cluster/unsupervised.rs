//! Judging one clustering of data by its geometry alone: the silhouette (each sample's mean
//! distance to its own cluster against the nearest other cluster), and the
//! Calinski-Harabasz and Davies-Bouldin scores (spreads about the cluster centroids).
//!
//! Sums by cluster are matrix products with the labels' one-hot matrix, so the silhouette
//! needs one distance chunk at a time, never the full matrix, and nothing but scalars is read
//! back.

use super::supervised::encode;
use crate::array::{concat, Array};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::metrics::pairwise::{euclidean_distances, pairwise_distances_chunked, Distance};
use crate::ops::{self, Philox};
use std::future::IntoFuture;
use std::str::FromStr;

/// How the silhouette measures distances: a [`Distance`] between the rows of X, or X is
/// itself the (samples, samples) distance matrix. Parsed from "precomputed" or a distance's
/// scikit-learn name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SilhouetteMetric {
    Distance(Distance),
    Precomputed,
}

impl From<Distance> for SilhouetteMetric {
    fn from(d: Distance) -> Self {
        SilhouetteMetric::Distance(d)
    }
}

impl FromStr for SilhouetteMetric {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "precomputed" => Ok(SilhouetteMetric::Precomputed),
            _ => Ok(SilhouetteMetric::Distance(s.parse()?)),
        }
    }
}

/// The silhouette coefficient of every sample, (b − a) / max(a, b) with a its mean distance
/// to the rest of its cluster and b its mean distance to the nearest other cluster; 0 for a
/// cluster of one sample. float32 where the distances are. Await the builder for the array.
pub fn silhouette_samples<'a>(x: &'a Array, labels: &'a Array) -> SilhouetteSamples<'a> {
    SilhouetteSamples { x, labels, metric: SilhouetteMetric::Distance(Distance::Euclidean { squared: false }) }
}

/// The mean silhouette coefficient of all samples (or of `sample_size` drawn at random).
pub fn silhouette_score<'a>(x: &'a Array, labels: &'a Array) -> SilhouetteScore<'a> {
    SilhouetteScore { samples: silhouette_samples(x, labels), sample_size: None, random_state: None }
}

/// The arguments of [`silhouette_samples`].
pub struct SilhouetteSamples<'a> {
    x: &'a Array,
    labels: &'a Array,
    metric: SilhouetteMetric,
}

impl SilhouetteSamples<'_> {
    /// The distance between samples (euclidean by default), or `Precomputed`.
    pub fn metric(mut self, metric: impl Into<SilhouetteMetric>) -> Self {
        self.metric = metric.into();
        self
    }
}

/// The arguments of [`silhouette_score`].
pub struct SilhouetteScore<'a> {
    samples: SilhouetteSamples<'a>,
    sample_size: Option<usize>,
    random_state: Option<u64>,
}

impl SilhouetteScore<'_> {
    /// The distance between samples (euclidean by default), or `Precomputed`.
    pub fn metric(mut self, metric: impl Into<SilhouetteMetric>) -> Self {
        self.samples.metric = metric.into();
        self
    }
    /// Score this many samples, drawn without replacement (all by default).
    pub fn sample_size(mut self, sample_size: usize) -> Self {
        self.sample_size = Some(sample_size);
        self
    }
    /// The seed of the Philox stream that draws the samples (None: seed 0). The draw is the
    /// same on every device, but not NumPy's.
    pub fn random_state(mut self, random_state: impl Into<Option<u64>>) -> Self {
        self.random_state = random_state.into();
        self
    }
}

impl<'a> IntoFuture for SilhouetteSamples<'a> {
    type Output = Result<Array>;
    type IntoFuture = BoxFuture<'a, Result<Array>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(silhouette(self.x.clone(), self.labels.clone(), self.metric, "silhouette_samples"))
    }
}

impl<'a> IntoFuture for SilhouetteScore<'a> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            const OP: &str = "silhouette_score";
            let SilhouetteSamples { x, labels, metric } = self.samples;
            let (mut x, mut labels) = (x.clone(), labels.clone());
            if let Some(size) = self.sample_size {
                if size == 0 {
                    return Err(Error::invalid_parameter("sample_size", 0, "silhouette_score: sample_size is >= 1"));
                }
                check_x_labels(&x, &labels, OP)?;
                let n = x.shape()[0];
                let picked = Philox::new(self.random_state.unwrap_or(0)).permutation(x.device(), n)?;
                let picked = picked.slice_axis(0, 0, size.min(n))?;
                x = ops::take(&x, &picked, 0).await?;
                if metric == SilhouetteMetric::Precomputed {
                    x = ops::take(&x, &picked, 1).await?;
                }
                labels = ops::take(&labels, &picked, 0).await?;
            }
            let s = silhouette(x, labels, metric, OP).await?;
            Ok(ops::mean(&s, None, false)?.to_vec::<f64>().await?[0])
        })
    }
}

/// X and the labels: on one device, X a non-empty (samples, features) matrix and the labels a
/// vector of one per sample, as scikit-learn's check_X_y.
fn check_x_labels(x: &Array, labels: &Array, op: &'static str) -> Result<()> {
    x.device().check_same(labels.device(), op)?;
    if x.ndim() != 2 || x.shape()[1] == 0 {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("X must be a (samples, features) matrix with a feature; got {:?}", x.shape()),
        });
    }
    if x.shape()[0] == 0 {
        return Err(Error::EmptyInput { op, shape: x.shape().to_vec() });
    }
    if labels.ndim() != 1 || labels.len() != x.shape()[0] {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "labels of shape {:?} for X of shape {:?}: one label per sample",
                labels.shape(),
                x.shape()
            ),
        });
    }
    Ok(())
}

/// The checked inputs of every score here: X finite, in `dtype`, and the labels as indices.
struct Clustered {
    x: Array,
    n: usize,
    k: usize,
    idx: Array,
}

/// Readback: the finiteness checks and the number of labels.
async fn clustered(x: &Array, labels: &Array, dtype: DType, op: &'static str) -> Result<Clustered> {
    check_x_labels(x, labels, op)?;
    ops::ensure_finite(x, "X", op).await?;
    ops::ensure_finite(labels, "labels", op).await?;
    let n = x.shape()[0];
    let (k, idx) = encode(labels).await?;
    if !(2..n).contains(&k) {
        return Err(Error::BadTarget {
            op,
            detail: format!("number of labels is {k}. Valid values are 2 to n_samples - 1 (inclusive), here {}", n - 1),
        });
    }
    Ok(Clustered { x: ops::astype(x, dtype)?, n, k, idx })
}

/// Readback: the checks, and for precomputed distances whether the diagonal is zero.
async fn silhouette(x: Array, labels: Array, metric: SilhouetteMetric, op: &'static str) -> Result<Array> {
    let float = if x.dtype() == DType::F32 { DType::F32 } else { DType::F64 };
    let c = clustered(&x, &labels, float, op).await?;
    let n = c.n;
    let mut chunks = match metric {
        SilhouetteMetric::Distance(d) => Some(pairwise_distances_chunked(&c.x, None, d)),
        SilhouetteMetric::Precomputed => {
            check_precomputed(&c.x, op).await?;
            None
        }
    };
    // Precomputed rows are taken in chunks of scikit-learn's working memory (1 GiB of
    // float64 rows) too.
    let rows = ((1u64 << 30) / (8 * n as u64)).max(1) as usize;
    let freq = ops::bincount(&c.idx, None, c.k).await?;
    let mut one_hot = None;
    let (mut intra, mut inter) = (Vec::new(), Vec::new());
    let mut start = 0;
    loop {
        let block = match &mut chunks {
            Some(chunks) => match chunks.next().await? {
                Some(block) => block,
                None => break,
            },
            None if start >= n => break,
            None => c.x.slice_axis(0, start, (start + rows).min(n))?,
        };
        let r = block.shape()[0];
        let dtype = block.dtype();
        let one_hot = match &one_hot {
            Some(h) => h,
            None => one_hot.insert(ops::one_hot(&c.idx, c.k, dtype)?),
        };
        let freq = ops::astype(&freq, dtype)?.reshape(&[1, c.k as isize])?;
        // Each row's summed distance to every cluster, then its own cluster's mean over the
        // other members, and the nearest other cluster's mean.
        let sums = ops::gemm(&block, one_hot, false, false)?;
        let own = one_hot.slice_axis(0, start, start + r)?;
        let own_sum = ops::sum(&ops::mul(&sums, &own)?, Some(1), false)?;
        let others = ops::sum(&ops::mul(&own, &ops::add_scalar(&freq, -1.0)?)?, Some(1), false)?;
        intra.push(ops::div(&own_sum, &others)?);
        let means = ops::div(&sums, &freq)?;
        let is_own = ops::astype(&own, DType::Bool)?;
        inter.push(ops::min(
            &ops::where_(&is_own, &ops::scalar_like(&means, f64::INFINITY)?, &means)?,
            Some(1),
            false,
        )?);
        start += r;
    }
    let (a, b) = (concat(&intra.iter().collect::<Vec<_>>(), 0)?, concat(&inter.iter().collect::<Vec<_>>(), 0)?);
    let s = ops::div(&ops::sub(&b, &a)?, &ops::maximum(&a, &b)?)?;
    // A cluster of one sample (0 / 0 above) scores 0, as scikit-learn's nan_to_num.
    ops::where_(&ops::isnan(&s)?, &ops::scalar_like(&s, 0.0)?, &s)
}

/// A precomputed distance matrix: square, non-negative, with a zero diagonal (within 100
/// epsilons of its dtype, as scikit-learn checks).
/// Readback: the smallest value, and the largest diagonal one with its position.
async fn check_precomputed(d: &Array, op: &'static str) -> Result<()> {
    let (rows, cols) = (d.shape()[0], d.shape()[1]);
    if rows != cols {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("a precomputed distance matrix is (samples, samples); got ({rows}, {cols})"),
        });
    }
    let eps = if d.dtype() == DType::F32 { f32::EPSILON as f64 } else { f64::EPSILON };
    let diagonal = ops::abs(&ops::diagonal(d)?)?;
    let (lowest, widest) = (ops::min(d, None, false)?, ops::max(&diagonal, None, false)?);
    let at = ops::astype(&ops::argmax(&diagonal, None)?, DType::F64)?;
    let found = crate::array::stack(&[&ops::astype(&lowest, DType::F64)?, &ops::astype(&widest, DType::F64)?, &at], 0)?;
    let found = found.to_vec::<f64>().await?;
    if found[0] < 0.0 {
        return Err(Error::OutOfDomain {
            op,
            detail: format!("the precomputed distance matrix has negative values (down to {})", found[0]),
        });
    }
    if found[1] > 100.0 * eps {
        return Err(Error::OutOfDomain {
            op,
            detail: format!(
                "the precomputed distance matrix contains non-zero elements on the diagonal ({} at sample {})",
                found[1], found[2]
            ),
        });
    }
    Ok(())
}

/// The ratio of the spread between cluster centroids to the spread within clusters, each
/// per degree of freedom: higher is better; 1 where every cluster is a single point.
pub async fn calinski_harabasz_score(x: &Array, labels: &Array) -> Result<f64> {
    let c = clustered(x, labels, DType::F64, "calinski_harabasz_score").await?;
    let (centroids, sizes, one_hot) = centroids(&c)?;
    let mean = ops::mean(&c.x, Some(0), true)?;
    let between = ops::sum(&ops::square(&ops::sub(&centroids, &mean)?)?, Some(1), false)?;
    let extra = ops::sum(&ops::mul(&between, &sizes)?, None, false)?;
    let within = ops::sub(&c.x, &ops::gemm(&one_hot, &centroids, false, false)?)?;
    let intra = ops::sum(&ops::square(&within)?, None, false)?;
    // Readback: the two sums, in one read.
    let sums = crate::array::stack(&[&extra, &intra], 0)?.to_vec::<f64>().await?;
    let (extra, intra) = (sums[0], sums[1]);
    let (n, k) = (c.n as f64, c.k as f64);
    Ok(if intra == 0.0 { 1.0 } else { extra * (n - k) / (intra * (k - 1.0)) })
}

/// The mean over clusters of the worst ratio, against any other cluster, of their summed mean
/// distances to their centroids over the distance between the centroids: lower is better, 0
/// where the clusters are points or share one centroid.
pub async fn davies_bouldin_score(x: &Array, labels: &Array) -> Result<f64> {
    let c = clustered(x, labels, DType::F64, "davies_bouldin_score").await?;
    let (centroids, sizes, one_hot) = centroids(&c)?;
    let within = ops::sub(&c.x, &ops::gemm(&one_hot, &centroids, false, false)?)?;
    let to_centroid = ops::sqrt(&ops::sum(&ops::square(&within)?, Some(1), true)?)?;
    let intra = ops::div(&ops::gemm(&one_hot, &to_centroid, true, false)?.reshape(&[-1])?, &sizes)?;
    let between = euclidean_distances(&centroids, None).await?;
    // scikit-learn's isclose(., 0): within 1e-8.
    let near_zero = |a: &Array| -> Result<Array> {
        ops::all(&ops::less_equal(&ops::abs(a)?, &ops::scalar_like(a, 1e-8)?)?, None, false)
    };
    let zero = ops::logical_or(&near_zero(&intra)?, &near_zero(&between)?)?;
    let apart = ops::where_(
        &ops::equal(&between, &ops::scalar_like(&between, 0.0)?)?,
        &ops::scalar_like(&between, f64::INFINITY)?,
        &between,
    )?;
    let k = c.k as isize;
    let combined = ops::add(&intra.reshape(&[k, 1])?, &intra.reshape(&[1, k])?)?;
    let scores = ops::max(&ops::div(&combined, &apart)?, Some(1), false)?;
    let score = ops::mean(&scores, None, false)?;
    // Readback: the flag and the score, in one read.
    let out = crate::array::stack(&[&ops::astype(&zero, DType::F64)?, &score], 0)?.to_vec::<f64>().await?;
    Ok(if out[0] != 0.0 { 0.0 } else { out[1] })
}

/// The clusters' centroids (k, features), sizes (k,) and the (samples, k) one-hot matrix.
fn centroids(c: &Clustered) -> Result<(Array, Array, Array)> {
    let one_hot = ops::one_hot(&c.idx, c.k, DType::F64)?;
    let sizes = ops::sum(&one_hot, Some(0), false)?;
    let sums = ops::gemm(&one_hot, &c.x, true, false)?;
    Ok((ops::div(&sums, &sizes.reshape(&[c.k as isize, 1])?)?, sizes, one_hot))
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    { metric: SilhouetteMetric }
    SilhouetteSamples<'a> => {}
    SilhouetteScore<'a> => { sample_size: usize, random_state: u64 }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run!(SilhouetteSamples<'a>, SilhouetteScore<'a>);
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    x, labels;
    silhouette_samples => SilhouetteSamples<'static> as "NDArray";
    silhouette_score => SilhouetteScore<'static> as "number";
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    plain;
    calinski_harabasz_score(x, labels) as "number";
    davies_bouldin_score(x, labels) as "number";
}
