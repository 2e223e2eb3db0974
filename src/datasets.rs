//! Synthetic datasets as scikit-learn's make_classification, make_regression and make_blobs:
//! the same constructions, generated on the target device from the Philox stream, so a seed
//! gives the same data on every device (not the same numbers as NumPy's generator).

use crate::array::Array;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::{self, Philox};

/// Rows (and, for `columns`, columns) of `x` and rows of `y` in a random order.
async fn shuffle(rng: &mut Philox, x: Array, y: Array, columns: Option<&mut Option<Array>>) -> Result<(Array, Array)> {
    let dev = x.device().clone();
    let rows = rng.permutation(&dev, x.shape()[0])?;
    let (mut x, y) = (ops::take(&x, &rows, 0).await?, ops::take(&y, &rows, 0).await?);
    if let Some(coef) = columns {
        let cols = rng.permutation(&dev, x.shape()[1])?;
        x = ops::take(&x, &cols, 1).await?;
        if let Some(c) = coef.as_mut() {
            *c = ops::take(c, &cols, 0).await?;
        }
    }
    Ok((x, y))
}

/// Sizes of `parts` groups that share `n` as evenly as possible, the first ones larger.
fn split_evenly(n: usize, parts: usize) -> Vec<usize> {
    (0..parts).map(|i| n / parts + usize::from(i < n % parts)).collect()
}

/// Parameters of [`make_classification`], with scikit-learn's defaults.
#[derive(Debug, Clone)]
pub struct Classification {
    pub n_samples: usize,
    pub n_features: usize,
    pub n_informative: usize,
    pub n_redundant: usize,
    pub n_classes: usize,
    pub n_clusters_per_class: usize,
    pub flip_y: f64,
    pub class_sep: f64,
    pub shift: f64,
    pub scale: f64,
    pub shuffle: bool,
    pub random_state: u64,
    pub dtype: DType,
}

impl Default for Classification {
    fn default() -> Self {
        Classification {
            n_samples: 100,
            n_features: 20,
            n_informative: 2,
            n_redundant: 2,
            n_classes: 2,
            n_clusters_per_class: 2,
            flip_y: 0.01,
            class_sep: 1.0,
            shift: 0.0,
            scale: 1.0,
            shuffle: true,
            random_state: 0,
            dtype: DType::F64,
        }
    }
}

/// A classification problem: Gaussian clusters on the vertices of a hypercube in the
/// informative features (each cluster given random covariance), redundant features as random
/// combinations of those, noise features, and a fraction `flip_y` of labels reassigned at
/// random. Returns X (n_samples, n_features) in `dtype` and y (n_samples,) with int32 labels
/// 0..n_classes (scikit-learn's are integers too).
pub async fn make_classification(device: &Device, p: &Classification) -> Result<(Array, Array)> {
    let n_inf = p.n_informative;
    if p.n_informative.saturating_add(p.n_redundant) > p.n_features {
        return Err(Error::invalid_parameter("n_features", p.n_features, "must be >= n_informative + n_redundant"));
    }
    let n_clusters = p.n_classes.saturating_mul(p.n_clusters_per_class);
    if p.n_classes < 1 || n_inf == 0 || n_inf < 64 && (1u64 << n_inf) < n_clusters as u64 {
        return Err(Error::invalid_parameter(
            "n_informative",
            n_inf,
            "n_classes * n_clusters_per_class must be at most 2**n_informative (and n_informative >= 1)",
        ));
    }
    if p.n_samples == 0 {
        return Err(Error::invalid_parameter("n_samples", 0, "must be >= 1"));
    }
    if !(0.0..=1.0).contains(&p.flip_y) {
        return Err(Error::invalid_parameter("flip_y", p.flip_y, "must be in [0, 1]"));
    }
    let dt = p.dtype;
    // X refused up front when it cannot exist, before any part of it is drawn.
    crate::array::check_new(device, &[p.n_samples, p.n_features], dt, "make_classification")?;
    let mut rng = Philox::new(p.random_state);
    // Distinct hypercube vertices, one per cluster: a few bits read back to draw them on the
    // host without repetition.
    let bits = rng.random_bits(device, &[n_clusters, 64])?.to_vec::<u32>().await?;
    let mut vertices: Vec<Vec<f64>> = Vec::new();
    let mut words = bits.iter();
    while vertices.len() < n_clusters {
        let v: Vec<f64> = (0..n_inf)
            .map(|_| if words.next().map_or(0, |w| w & 1) == 1 { p.class_sep } else { -p.class_sep })
            .collect();
        if !vertices.contains(&v) || words.len() == 0 {
            vertices.push(v);
        }
    }
    let sizes = split_evenly(p.n_samples, n_clusters);
    let mut blocks = Vec::with_capacity(n_clusters);
    let mut labels = Vec::with_capacity(n_clusters);
    for (k, &m) in sizes.iter().enumerate() {
        let z = rng.normal(device, &[m, n_inf], 0.0, 1.0, dt)?;
        let a = ops::add_scalar(&ops::mul_scalar(&rng.uniform(device, &[n_inf, n_inf], 0.0, 1.0, dt)?, 2.0)?, -1.0)?;
        let centroid = ops::astype(&Array::from_vec(device, vertices[k].clone(), &[1, n_inf])?, dt)?;
        blocks.push(ops::add(&ops::matmul(&z, &a)?, &centroid)?);
        labels.push(Array::full(device, &[m], (k % p.n_classes) as f64, DType::I32)?);
    }
    let informative = ops::concat(&blocks.iter().collect::<Vec<_>>(), 0)?;
    let mut y = ops::concat(&labels.iter().collect::<Vec<_>>(), 0)?;
    let mut columns = vec![informative.clone()];
    if p.n_redundant > 0 {
        let b = ops::add_scalar(
            &ops::mul_scalar(&rng.uniform(device, &[n_inf, p.n_redundant], 0.0, 1.0, dt)?, 2.0)?,
            -1.0,
        )?;
        columns.push(ops::matmul(&informative, &b)?);
    }
    let n_useless = p.n_features - n_inf - p.n_redundant;
    if n_useless > 0 {
        columns.push(rng.normal(device, &[p.n_samples, n_useless], 0.0, 1.0, dt)?);
    }
    let mut x = ops::concat(&columns.iter().collect::<Vec<_>>(), 1)?;
    if p.flip_y > 0.0 {
        let flip =
            ops::less(&rng.uniform(device, &[p.n_samples], 0.0, 1.0, dt)?, &Array::scalar(device, p.flip_y, dt)?)?;
        let random = ops::floor(&rng.uniform(device, &[p.n_samples], 0.0, p.n_classes as f64, dt)?)?;
        let random = ops::minimum(&random, &Array::scalar(device, (p.n_classes - 1) as f64, dt)?)?;
        y = ops::where_(&flip, &ops::astype(&random, DType::I32)?, &y)?;
    }
    x = ops::mul_scalar(&ops::add_scalar(&x, p.shift)?, p.scale)?;
    if p.shuffle {
        return shuffle(&mut rng, x, y, Some(&mut None)).await;
    }
    Ok((x, y))
}

/// Parameters of [`make_regression`], with scikit-learn's defaults.
#[derive(Debug, Clone)]
pub struct Regression {
    pub n_samples: usize,
    pub n_features: usize,
    pub n_informative: usize,
    pub n_targets: usize,
    pub bias: f64,
    pub noise: f64,
    pub shuffle: bool,
    pub random_state: u64,
    pub dtype: DType,
}

impl Default for Regression {
    fn default() -> Self {
        Regression {
            n_samples: 100,
            n_features: 100,
            n_informative: 10,
            n_targets: 1,
            bias: 0.0,
            noise: 0.0,
            shuffle: true,
            random_state: 0,
            dtype: DType::F64,
        }
    }
}

/// A linear regression problem: Gaussian X, a ground-truth coefficient of 100 * U(0, 1) on
/// `n_informative` features (0 elsewhere), y = X coef + bias + noise. Returns (X, y, coef);
/// y is (n_samples,) for one target, (n_samples, n_targets) otherwise.
pub async fn make_regression(device: &Device, p: &Regression) -> Result<(Array, Array, Array)> {
    if p.n_samples == 0 || p.n_features == 0 || p.n_targets == 0 {
        return Err(Error::invalid_parameter(
            "n_samples",
            p.n_samples,
            "n_samples, n_features and n_targets must be >= 1",
        ));
    }
    if p.noise < 0.0 {
        return Err(Error::invalid_parameter("noise", p.noise, "must be >= 0"));
    }
    let dt = p.dtype;
    crate::array::check_new(device, &[p.n_samples, p.n_features], dt, "make_regression")?;
    let mut rng = Philox::new(p.random_state);
    let n_inf = p.n_informative.min(p.n_features);
    let x = rng.normal(device, &[p.n_samples, p.n_features], 0.0, 1.0, dt)?;
    let informative = ops::mul_scalar(&rng.uniform(device, &[n_inf, p.n_targets], 0.0, 1.0, dt)?, 100.0)?;
    let zeros = Array::zeros(device, &[p.n_features - n_inf, p.n_targets], dt)?;
    let coef = ops::concat(&[&informative, &zeros], 0)?;
    let mut y = ops::add_scalar(&ops::matmul(&x, &coef)?, p.bias)?;
    if p.noise > 0.0 {
        y = ops::add(&y, &rng.normal(device, y.shape(), 0.0, p.noise, dt)?)?;
    }
    let mut coef = Some(coef);
    let (x, y) = if p.shuffle { shuffle(&mut rng, x, y, Some(&mut coef)).await? } else { (x, y) };
    let coef = coef.expect("kept");
    if p.n_targets == 1 {
        return Ok((x, y.reshape(&[-1])?, coef.reshape(&[-1])?));
    }
    Ok((x, y, coef))
}

/// Parameters of [`make_blobs`], with scikit-learn's defaults.
#[derive(Debug, Clone)]
pub struct Blobs {
    pub n_samples: usize,
    pub n_features: usize,
    pub centers: usize,
    pub cluster_std: f64,
    pub center_box: (f64, f64),
    pub shuffle: bool,
    pub random_state: u64,
    pub dtype: DType,
}

impl Default for Blobs {
    fn default() -> Self {
        Blobs {
            n_samples: 100,
            n_features: 2,
            centers: 3,
            cluster_std: 1.0,
            center_box: (-10.0, 10.0),
            shuffle: true,
            random_state: 0,
            dtype: DType::F64,
        }
    }
}

/// Isotropic Gaussian blobs around centers drawn uniformly from `center_box`. Returns
/// (X, y, centers): X and centers in `dtype`, y with int32 labels 0..centers.
pub async fn make_blobs(device: &Device, p: &Blobs) -> Result<(Array, Array, Array)> {
    if p.centers == 0 || p.n_samples == 0 || p.n_features == 0 {
        return Err(Error::invalid_parameter("centers", p.centers, "n_samples, n_features and centers must be >= 1"));
    }
    if p.cluster_std < 0.0 {
        return Err(Error::invalid_parameter("cluster_std", p.cluster_std, "must be >= 0"));
    }
    let dt = p.dtype;
    crate::array::check_new(device, &[p.n_samples, p.n_features], dt, "make_blobs")?;
    let mut rng = Philox::new(p.random_state);
    let centers = rng.uniform(device, &[p.centers, p.n_features], p.center_box.0, p.center_box.1, dt)?;
    let sizes = split_evenly(p.n_samples, p.centers);
    let mut blocks = Vec::new();
    let mut labels = Vec::new();
    for (k, &m) in sizes.iter().enumerate() {
        let noise = rng.normal(device, &[m, p.n_features], 0.0, p.cluster_std, dt)?;
        blocks.push(ops::add(&noise, &centers.slice_rows(k, k + 1)?)?);
        labels.push(Array::full(device, &[m], k as f64, DType::I32)?);
    }
    let x = ops::concat(&blocks.iter().collect::<Vec<_>>(), 0)?;
    let y = ops::concat(&labels.iter().collect::<Vec<_>>(), 0)?;
    let (x, y) = if p.shuffle { shuffle(&mut rng, x, y, None).await? } else { (x, y) };
    Ok((x, y, centers))
}
