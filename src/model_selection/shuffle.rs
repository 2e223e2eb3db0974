//! Random train/test splits: scikit-learn's ShuffleSplit, StratifiedShuffleSplit and
//! `train_test_split`, and the size rules they share (`_validate_shuffle_split`).

use super::labels::{encode, missing, Labels};
use super::split::{splitter, CrossValidator, Fold, Uses};
use crate::array::Array;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops::{self, Philox};
use std::future::IntoFuture;

/// A train or test size: a fraction of the samples in (0, 1), or a count of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Size {
    Fraction(f64),
    Count(i64),
}

impl From<f64> for Size {
    fn from(v: f64) -> Self {
        Size::Fraction(v)
    }
}
impl From<i64> for Size {
    fn from(v: i64) -> Self {
        Size::Count(v)
    }
}
impl From<i32> for Size {
    fn from(v: i32) -> Self {
        Size::Count(v.into())
    }
}
impl From<usize> for Size {
    fn from(v: usize) -> Self {
        Size::Count(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Size::Fraction(v) => write!(f, "{v}"),
            Size::Count(v) => write!(f, "{v}"),
        }
    }
}

/// (n_train, n_test) for `n` samples: scikit-learn's `_validate_shuffle_split`. A fraction of
/// the test set rounds up, one of the training set down; a size left out is the rest.
pub fn validate_shuffle_split(
    n: usize,
    test_size: Option<Size>,
    train_size: Option<Size>,
    default_test_size: f64,
    op: &str,
) -> Result<(usize, usize)> {
    let test_size = match (test_size, train_size) {
        (None, None) => Some(Size::Fraction(default_test_size)),
        (t, _) => t,
    };
    let bad =
        |name: &'static str, s: Size, reason: String| Error::InvalidParameter { name, value: s.to_string(), reason };
    for (name, size) in [("test_size", test_size), ("train_size", train_size)] {
        let ok = match size {
            Some(Size::Fraction(f)) => f > 0.0 && f < 1.0,
            Some(Size::Count(c)) => c > 0 && (c as u64) < n as u64,
            None => true,
        };
        if !ok {
            let s = size.expect("checked");
            return Err(bad(
                name,
                s,
                format!("{op}: {name}={s} should be either positive and smaller than the number of samples {n} or a float in the (0, 1) range"),
            ));
        }
    }
    if let (Some(Size::Fraction(a)), Some(Size::Fraction(b))) = (test_size, train_size) {
        if a + b > 1.0 {
            return Err(bad(
                "test_size",
                Size::Fraction(a),
                format!("{op}: the sum of test_size and train_size = {}, should be in the (0, 1) range; reduce test_size and/or train_size", a + b),
            ));
        }
    }
    let count = |s: Size, up: bool| match s {
        Size::Fraction(f) if up => (f * n as f64).ceil() as usize,
        Size::Fraction(f) => (f * n as f64).floor() as usize,
        Size::Count(c) => c as usize,
    };
    let (n_train, n_test) = match (train_size, test_size) {
        (None, Some(t)) => {
            let t = count(t, true);
            (n - t, t)
        }
        (Some(r), None) => {
            let r = count(r, false);
            (r, n - r)
        }
        (Some(r), Some(t)) => (count(r, false), count(t, true)),
        (None, None) => unreachable!("a default test size is set above"),
    };
    if n_train + n_test > n {
        return Err(bad(
            "train_size",
            train_size.unwrap_or(Size::Count(n_train as i64)),
            format!("{op}: the sum of train_size and test_size = {}, should be smaller than the number of samples {n}; reduce test_size and/or train_size", n_train + n_test),
        ));
    }
    if n_train == 0 {
        return Err(bad(
            "train_size",
            train_size.unwrap_or(Size::Count(0)),
            format!("{op}: with n_samples={n}, test_size={test_size:?} and train_size={train_size:?}, the resulting train set will be empty"),
        ));
    }
    Ok((n_train, n_test))
}

splitter! {
    /// Random train/test splits, drawn independently: scikit-learn's `ShuffleSplit` (each
    /// split takes a fresh permutation; the test rows are its first `n_test`, the training rows
    /// the next `n_train`).
    ShuffleSplit {
        /// How many splits.
        n_splits: usize = 10 => exact usize,
        /// The test set's size (default 0.1 when neither size is given).
        test_size: Option<Size> = None => some Size,
        /// The training set's size (default: the rest).
        train_size: Option<Size> = None => some Size,
        /// The seed of the stream (None: seed 0).
        random_state: Option<u64> = None => exact u64,
    }
}

impl ShuffleSplit {
    /// `n_splits` splits.
    pub fn new(n_splits: usize) -> Self {
        ShuffleSplit { n_splits, ..Default::default() }
    }
}

fn check_splits(name: &str, n_splits: usize) -> Result<()> {
    if n_splits == 0 {
        return Err(Error::InvalidParameter {
            name: "n_splits",
            value: "0".into(),
            reason: format!("{name}: the number of splits must be at least 1"),
        });
    }
    Ok(())
}

impl CrossValidator for ShuffleSplit {
    fn name(&self) -> &'static str {
        "ShuffleSplit"
    }
    fn get_n_splits(&self, _: usize) -> usize {
        self.n_splits
    }
    fn uses(&self) -> Uses {
        Uses::default()
    }
    fn split_labels(&self, n: usize, _: Option<&[f64]>, _: Option<&[f64]>) -> Result<Vec<Fold>> {
        check_splits("ShuffleSplit", self.n_splits)?;
        let (n_train, n_test) = validate_shuffle_split(n, self.test_size, self.train_size, 0.1, "ShuffleSplit.split")?;
        let mut rng = Philox::new(self.random_state.unwrap_or(0));
        Ok((0..self.n_splits)
            .map(|_| {
                let perm = rng.permutation_host(n);
                (perm[n_test..n_test + n_train].to_vec(), perm[..n_test].to_vec())
            })
            .collect())
    }
}

splitter! {
    /// Random train/test splits that keep each class's share: scikit-learn's
    /// `StratifiedShuffleSplit` (the per-class counts are the mode of the multivariate
    /// hypergeometric, `_approximate_mode`, ties broken at random).
    StratifiedShuffleSplit {
        /// How many splits.
        n_splits: usize = 10 => exact usize,
        /// The test set's size (default 0.1 when neither size is given).
        test_size: Option<Size> = None => some Size,
        /// The training set's size (default: the rest).
        train_size: Option<Size> = None => some Size,
        /// The seed of the stream (None: seed 0).
        random_state: Option<u64> = None => exact u64,
    }
}

impl StratifiedShuffleSplit {
    /// `n_splits` splits.
    pub fn new(n_splits: usize) -> Self {
        StratifiedShuffleSplit { n_splits, ..Default::default() }
    }
}

/// How many of `n_draws` each class gets: the floor of its share, then one more to the classes
/// with the largest remainders, ties broken at random (scikit-learn's `_approximate_mode`).
fn approximate_mode(counts: &[usize], n_draws: usize, rng: &mut Philox) -> Vec<usize> {
    let total: usize = counts.iter().sum();
    let continuous: Vec<f64> = counts.iter().map(|&c| c as f64 / total as f64 * n_draws as f64).collect();
    let mut out: Vec<usize> = continuous.iter().map(|c| c.floor() as usize).collect();
    let mut need = n_draws - out.iter().sum::<usize>();
    let remainder: Vec<f64> = continuous.iter().zip(&out).map(|(c, &f)| c - f as f64).collect();
    let mut values = remainder.clone();
    values.sort_by(|a, b| b.total_cmp(a));
    values.dedup();
    for value in values {
        if need == 0 {
            break;
        }
        let tied: Vec<usize> = (0..counts.len()).filter(|&i| remainder[i] == value).collect();
        let add = tied.len().min(need);
        let picked = rng.permutation_host(tied.len());
        picked[..add].iter().for_each(|&j| out[tied[j]] += 1);
        need -= add;
    }
    out
}

impl CrossValidator for StratifiedShuffleSplit {
    fn name(&self) -> &'static str {
        "StratifiedShuffleSplit"
    }
    fn get_n_splits(&self, _: usize) -> usize {
        self.n_splits
    }
    fn uses(&self) -> Uses {
        Uses { y: true, groups: false }
    }
    fn split_labels(&self, n: usize, y: Option<&[f64]>, _: Option<&[f64]>) -> Result<Vec<Fold>> {
        const OP: &str = "StratifiedShuffleSplit.split";
        check_splits("StratifiedShuffleSplit", self.n_splits)?;
        let y = y.ok_or_else(|| missing("StratifiedShuffleSplit", "y"))?;
        let (n_train, n_test) = validate_shuffle_split(n, self.test_size, self.train_size, 0.1, OP)?;
        stratified_splits(y, n_train, n_test, self.n_splits, self.random_state, OP)
    }
}

fn stratified_splits(
    y: &[f64],
    n_train: usize,
    n_test: usize,
    n_splits: usize,
    random_state: Option<u64>,
    op: &'static str,
) -> Result<Vec<Fold>> {
    let labels = encode(y, op, true)?;
    let few: Vec<f64> = (0..labels.counts.len()).filter(|&c| labels.counts[c] < 2).map(|c| labels.classes[c]).collect();
    if !few.is_empty() {
        return Err(Error::BadTarget {
            op,
            detail: format!(
                "the least populated classes in y have only 1 member, which is too few; the minimum number of members in any class cannot be less than 2; classes with too few members: {few:?}"
            ),
        });
    }
    let n_classes = labels.counts.len();
    for (name, size) in [("train_size", n_train), ("test_size", n_test)] {
        if size < n_classes {
            return Err(Error::InvalidParameter {
                name,
                value: size.to_string(),
                reason: format!(
                    "{op}: the {name} = {size} should be greater or equal to the number of classes = {n_classes}"
                ),
            });
        }
    }
    // Each class's rows, ascending (a stable argsort of the class codes).
    let mut class_rows = vec![Vec::new(); n_classes];
    labels.inverse.iter().enumerate().for_each(|(i, &c)| class_rows[c].push(i));
    let mut rng = Philox::new(random_state.unwrap_or(0));
    Ok((0..n_splits)
        .map(|_| {
            let n_i = approximate_mode(&labels.counts, n_train, &mut rng);
            let left: Vec<usize> = labels.counts.iter().zip(&n_i).map(|(c, t)| c - t).collect();
            let t_i = approximate_mode(&left, n_test, &mut rng);
            let (mut train, mut test) = (Vec::new(), Vec::new());
            for c in 0..n_classes {
                let perm = rng.permutation_host(labels.counts[c]);
                let rows: Vec<usize> = perm.iter().map(|&p| class_rows[c][p]).collect();
                train.extend_from_slice(&rows[..n_i[c]]);
                test.extend_from_slice(&rows[n_i[c]..n_i[c] + t_i[c]]);
            }
            let shuffle =
                |v: Vec<usize>, rng: &mut Philox| rng.permutation_host(v.len()).iter().map(|&p| v[p]).collect();
            let train = shuffle(train, &mut rng);
            (train, shuffle(test, &mut rng))
        })
        .collect())
}

/// `Error::ShapeMismatch` unless every array has the same number of samples (rows):
/// scikit-learn's `check_consistent_length`.
pub fn check_consistent_length(arrays: &[&Array]) -> Result<()> {
    let lengths: Vec<usize> = arrays.iter().map(|a| a.shape().first().copied().unwrap_or(1)).collect();
    if lengths.windows(2).any(|w| w[0] != w[1]) {
        return Err(Error::ShapeMismatch {
            op: "check_consistent_length",
            detail: format!("found input variables with inconsistent numbers of samples: {lengths:?}"),
        });
    }
    Ok(())
}

/// Splits arrays into random train and test subsets: scikit-learn's `train_test_split`.
/// Await it for `[a_train, a_test, b_train, b_test, ...]`, each on its array's device.
pub fn train_test_split<'a>(arrays: &[&'a Array]) -> TrainTestSplit<'a> {
    TrainTestSplit {
        arrays: arrays.to_vec(),
        test_size: None,
        train_size: None,
        shuffle: true,
        stratify: None,
        random_state: None,
    }
}

/// [`train_test_split`]'s options; await it for the split arrays.
pub struct TrainTestSplit<'a> {
    arrays: Vec<&'a Array>,
    test_size: Option<Size>,
    train_size: Option<Size>,
    shuffle: bool,
    stratify: Option<&'a Array>,
    random_state: Option<u64>,
}

impl<'a> TrainTestSplit<'a> {
    /// The test set's size (default 0.25 when neither size is given).
    pub fn test_size(mut self, size: impl Into<Size>) -> Self {
        self.test_size = Some(size.into());
        self
    }
    /// The training set's size (default: the rest).
    pub fn train_size(mut self, size: impl Into<Size>) -> Self {
        self.train_size = Some(size.into());
        self
    }
    /// Shuffle before splitting (default true); without it the test rows are the last ones.
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }
    /// Keep these class labels' shares in both subsets (needs shuffle).
    pub fn stratify(mut self, labels: &'a Array) -> Self {
        self.stratify = Some(labels);
        self
    }
    /// The seed of the shuffle (None: seed 0).
    pub fn random_state(mut self, seed: u64) -> Self {
        self.random_state = Some(seed);
        self
    }

    async fn run(self) -> Result<Vec<Array>> {
        const OP: &str = "train_test_split";
        let first = self.arrays.first().ok_or_else(|| Error::InvalidParameter {
            name: "arrays",
            value: "[]".into(),
            reason: "train_test_split: at least one array required as input".into(),
        })?;
        check_consistent_length(&self.arrays)?;
        let n = super::num_samples(first, OP)?;
        let (n_train, n_test) = validate_shuffle_split(n, self.test_size, self.train_size, 0.25, OP)?;
        let (train, test) = if !self.shuffle {
            if self.stratify.is_some() {
                return Err(Error::InvalidParameter {
                    name: "stratify",
                    value: "an array".into(),
                    reason: "train_test_split: a stratified train/test split needs shuffle=True".into(),
                });
            }
            ((0..n_train).collect(), (n_train..n_train + n_test).collect())
        } else if let Some(labels) = self.stratify {
            let y = Labels::read(Some(labels), n, "stratify", OP).await?;
            let mut splits = stratified_splits(&y, n_train, n_test, 1, self.random_state, OP)?;
            splits.remove(0)
        } else {
            let perm = Philox::new(self.random_state.unwrap_or(0)).permutation_host(n);
            (perm[n_test..n_test + n_train].to_vec(), perm[..n_test].to_vec())
        };
        let mut out = Vec::with_capacity(2 * self.arrays.len());
        for a in &self.arrays {
            out.push(ops::take_indices(a, &train, 0)?);
            out.push(ops::take_indices(a, &test, 0)?);
        }
        Ok(out)
    }
}

impl<'a> IntoFuture for TrainTestSplit<'a> {
    type Output = Result<Vec<Array>>;
    type IntoFuture = BoxFuture<'a, Result<Vec<Array>>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}
