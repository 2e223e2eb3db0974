//! The K-fold family of cross-validation splitters (scikit-learn's KFold, StratifiedKFold,
//! GroupKFold, LeaveOneOut and the repeated ones). A split is a pair of host index lists:
//! they are a few bytes per sample, and the rows they pick are gathered on the data's device
//! ([`crate::ops::take_indices`]), so X never leaves it. Shuffles draw from the shared
//! [`Philox`] stream, so they are the same whatever device the data is on.

use super::labels::{check_n_splits, encode, Labels};
use crate::array::Array;
use crate::error::{Error, Result};
use crate::ops::Philox;

/// One split: the training rows and the test rows.
pub type Fold = (Vec<usize>, Vec<usize>);

/// What a splitter reads besides the number of samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Uses {
    /// The class labels y (stratified splitters).
    pub y: bool,
    /// The group of each sample.
    pub groups: bool,
}

/// A cross-validation splitter: scikit-learn's `get_n_splits` and `split`, on host labels.
/// Call [`Split::split`] with the arrays; this trait is what a search holds.
pub trait CrossValidator: std::fmt::Debug {
    /// scikit-learn's class name, for messages.
    fn name(&self) -> &'static str;
    /// The number of splits `split` gives for `n_samples` samples.
    fn get_n_splits(&self, n_samples: usize) -> usize;
    /// What `split_labels` needs.
    fn uses(&self) -> Uses;
    /// The splits, from the number of samples and, where [`Self::uses`] says so, the labels
    /// and groups read to the host.
    fn split_labels(&self, n_samples: usize, y: Option<&[f64]>, groups: Option<&[f64]>) -> Result<Vec<Fold>>;
}

/// scikit-learn's `split(X, y=None, groups=None)` for every splitter.
#[allow(async_fn_in_trait)]
pub trait Split: CrossValidator {
    /// The splits of X's rows. Readback: y and groups, where the splitter uses them (the
    /// labels of stratified and group splitters); X is never read.
    async fn split(&self, x: &Array, y: Option<&Array>, groups: Option<&Array>) -> Result<Vec<Fold>> {
        let n = super::num_samples(x, self.name())?;
        let uses = self.uses();
        let y = if uses.y { Some(Labels::read(y, n, "y", self.name()).await?) } else { None };
        let groups = if uses.groups { Some(Labels::read(groups, n, "groups", self.name()).await?) } else { None };
        self.split_labels(n, y.as_deref(), groups.as_deref())
    }
}

impl<C: CrossValidator + ?Sized> Split for C {}

/// The train rows of a test mask: every row not in the test, ascending.
fn complement(n: usize, test: &[usize]) -> Vec<usize> {
    let mut in_test = vec![false; n];
    test.iter().for_each(|&i| in_test[i] = true);
    (0..n).filter(|&i| !in_test[i]).collect()
}

/// Folds from a test-fold number per sample: scikit-learn's `_iter_test_masks`, with train and
/// test ascending.
fn folds_of(test_fold: &[usize], n_splits: usize) -> Vec<Fold> {
    (0..n_splits)
        .map(|f| {
            let (test, train): (Vec<usize>, Vec<usize>) = (0..test_fold.len()).partition(|&i| test_fold[i] == f);
            (train, test)
        })
        .collect()
}

/// `Error::InvalidParameter` for a random_state given to a splitter that does not shuffle
/// (scikit-learn refuses it too: it would have no effect).
fn check_shuffle(name: &str, shuffle: bool, random_state: Option<u64>) -> Result<()> {
    match random_state {
        Some(seed) if !shuffle => Err(Error::InvalidParameter {
            name: "random_state",
            value: seed.to_string(),
            reason: format!("{name}: setting a random_state has no effect since shuffle is False; set shuffle=True"),
        }),
        _ => Ok(()),
    }
}

/// Declares a splitter's struct, `Default`, and one builder method per field: `field: Type =
/// default => exact T` takes a T (converted into the field), `=> some T` anything that
/// converts into T (for optional sizes: `.test_size(0.2)` or `.test_size(3)`).
macro_rules! splitter {
    ($(#[$doc:meta])* $ty:ident { $($(#[$fdoc:meta])* $f:ident : $ft:ty = $def:expr => $conv:ident $bt:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $ty {
            $( $f: $ft, )*
        }

        impl Default for $ty {
            fn default() -> Self {
                $ty { $( $f: $def, )* }
            }
        }

        impl $ty {
            $( $crate::model_selection::split::splitter!(@builder $conv $f $bt, $(#[$fdoc])*); )*
        }
    };
    (@builder exact $f:ident $bt:ty, $(#[$fdoc:meta])*) => {
        $(#[$fdoc])*
        pub fn $f(mut self, value: $bt) -> Self {
            self.$f = value.into();
            self
        }
    };
    (@builder some $f:ident $bt:ty, $(#[$fdoc:meta])*) => {
        $(#[$fdoc])*
        pub fn $f(mut self, value: impl Into<$bt>) -> Self {
            self.$f = Some(value.into());
            self
        }
    };
}
pub(crate) use splitter;

splitter! {
    /// K folds of consecutive rows (shuffled first when `shuffle`); the first `n % k` folds
    /// hold one row more. scikit-learn's `KFold`.
    KFold {
        /// The number of folds, at least 2.
        n_splits: usize = 5 => exact usize,
        /// Shuffle the rows before cutting them into folds.
        shuffle: bool = false => exact bool,
        /// The seed of the shuffle (None: seed 0, so runs repeat).
        random_state: Option<u64> = None => exact u64,
    }
}

impl KFold {
    /// `n_splits` folds.
    pub fn new(n_splits: usize) -> Self {
        KFold { n_splits, ..Default::default() }
    }

    fn folds(&self, n: usize, rng: &mut Philox) -> Result<Vec<Fold>> {
        check_n_splits("KFold", self.n_splits, n, "samples")?;
        let order: Vec<usize> = if self.shuffle { rng.permutation_host(n) } else { (0..n).collect() };
        let mut test_fold = vec![0; n];
        let mut start = 0;
        for f in 0..self.n_splits {
            let size = n / self.n_splits + usize::from(f < n % self.n_splits);
            order[start..start + size].iter().for_each(|&i| test_fold[i] = f);
            start += size;
        }
        Ok(folds_of(&test_fold, self.n_splits))
    }
}

impl CrossValidator for KFold {
    fn name(&self) -> &'static str {
        "KFold"
    }
    fn get_n_splits(&self, _: usize) -> usize {
        self.n_splits
    }
    fn uses(&self) -> Uses {
        Uses::default()
    }
    fn split_labels(&self, n: usize, _: Option<&[f64]>, _: Option<&[f64]>) -> Result<Vec<Fold>> {
        check_shuffle("KFold", self.shuffle, self.random_state)?;
        self.folds(n, &mut Philox::new(self.random_state.unwrap_or(0)))
    }
}

splitter! {
    /// K folds that keep each class's share of the samples: scikit-learn's `StratifiedKFold`
    /// (classes in order of first appearance, each class's samples dealt to the folds in
    /// blocks, round robin over the sorted labels).
    StratifiedKFold {
        /// The number of folds, at least 2.
        n_splits: usize = 5 => exact usize,
        /// Shuffle each class's fold assignment.
        shuffle: bool = false => exact bool,
        /// The seed of the shuffle (None: seed 0).
        random_state: Option<u64> = None => exact u64,
    }
}

impl StratifiedKFold {
    /// `n_splits` folds.
    pub fn new(n_splits: usize) -> Self {
        StratifiedKFold { n_splits, ..Default::default() }
    }

    fn folds(&self, y: &[f64], rng: &mut Philox) -> Result<Vec<Fold>> {
        let k = self.n_splits;
        check_n_splits("StratifiedKFold", k, y.len(), "samples")?;
        let labels = encode(y, "StratifiedKFold.split", true)?;
        // Classes by order of first appearance, as scikit-learn encodes them here.
        let mut first = vec![usize::MAX; labels.counts.len()];
        for (i, &c) in labels.inverse.iter().enumerate() {
            first[c] = first[c].min(i);
        }
        let mut by_appearance: Vec<usize> = (0..first.len()).collect();
        by_appearance.sort_by_key(|&c| first[c]);
        let mut rank = vec![0; first.len()];
        by_appearance.iter().enumerate().for_each(|(r, &c)| rank[c] = r);
        let encoded: Vec<usize> = labels.inverse.iter().map(|&c| rank[c]).collect();
        let mut counts = vec![0usize; first.len()];
        encoded.iter().for_each(|&c| counts[c] += 1);
        if counts.iter().all(|&c| k > c) {
            return Err(Error::InvalidParameter {
                name: "n_splits",
                value: k.to_string(),
                reason: format!(
                    "StratifiedKFold.split: n_splits={k} cannot be greater than the number of members in each class (the class counts are {counts:?})"
                ),
            });
        }
        // allocation[c][f]: class c's samples in fold f, dealt round robin over sorted labels.
        let mut sorted = encoded.clone();
        sorted.sort_unstable();
        let mut allocation = vec![vec![0usize; k]; counts.len()];
        sorted.iter().enumerate().for_each(|(i, &c)| allocation[c][i % k] += 1);
        let mut test_fold = vec![0; y.len()];
        for (c, per_fold) in allocation.iter().enumerate() {
            let mut folds: Vec<usize> = (0..k).flat_map(|f| std::iter::repeat_n(f, per_fold[f])).collect();
            if self.shuffle {
                let perm = rng.permutation_host(folds.len());
                folds = perm.iter().map(|&i| folds[i]).collect();
            }
            let rows = (0..y.len()).filter(|&i| encoded[i] == c);
            rows.zip(folds).for_each(|(i, f)| test_fold[i] = f);
        }
        Ok(folds_of(&test_fold, k))
    }
}

impl CrossValidator for StratifiedKFold {
    fn name(&self) -> &'static str {
        "StratifiedKFold"
    }
    fn get_n_splits(&self, _: usize) -> usize {
        self.n_splits
    }
    fn uses(&self) -> Uses {
        Uses { y: true, groups: false }
    }
    fn split_labels(&self, _: usize, y: Option<&[f64]>, _: Option<&[f64]>) -> Result<Vec<Fold>> {
        check_shuffle("StratifiedKFold", self.shuffle, self.random_state)?;
        let y = y.ok_or_else(|| super::labels::missing("StratifiedKFold", "y"))?;
        self.folds(y, &mut Philox::new(self.random_state.unwrap_or(0)))
    }
}

splitter! {
    /// K folds that never split a group: scikit-learn's `GroupKFold`. Without shuffle the
    /// largest groups go first, each to the fold with the fewest samples so far; with shuffle
    /// the groups are permuted and cut into `n_splits` nearly equal runs.
    GroupKFold {
        /// The number of folds, at least 2 and at most the number of groups.
        n_splits: usize = 5 => exact usize,
        /// Shuffle the groups instead of balancing the fold sizes.
        shuffle: bool = false => exact bool,
        /// The seed of the shuffle (None: seed 0).
        random_state: Option<u64> = None => exact u64,
    }
}

impl GroupKFold {
    /// `n_splits` folds.
    pub fn new(n_splits: usize) -> Self {
        GroupKFold { n_splits, ..Default::default() }
    }
}

impl CrossValidator for GroupKFold {
    fn name(&self) -> &'static str {
        "GroupKFold"
    }
    fn get_n_splits(&self, _: usize) -> usize {
        self.n_splits
    }
    fn uses(&self) -> Uses {
        Uses { y: false, groups: true }
    }
    fn split_labels(&self, n: usize, _: Option<&[f64]>, groups: Option<&[f64]>) -> Result<Vec<Fold>> {
        check_shuffle("GroupKFold", self.shuffle, self.random_state)?;
        let groups = groups.ok_or_else(|| super::labels::missing("GroupKFold", "groups"))?;
        let k = self.n_splits;
        check_n_splits("GroupKFold", k, n, "samples")?;
        let g = encode(groups, "GroupKFold.split", false)?;
        let n_groups = g.counts.len();
        if k > n_groups {
            return Err(Error::InvalidParameter {
                name: "n_splits",
                value: k.to_string(),
                reason: format!(
                    "GroupKFold.split: cannot have number of splits n_splits={k} greater than the number of groups: {n_groups}"
                ),
            });
        }
        let mut group_fold = vec![0; n_groups];
        if self.shuffle {
            let perm = Philox::new(self.random_state.unwrap_or(0)).permutation_host(n_groups);
            // np.array_split: the first n_groups % k runs hold one group more.
            let mut start = 0;
            for f in 0..k {
                let size = n_groups / k + usize::from(f < n_groups % k);
                perm[start..start + size].iter().for_each(|&gi| group_fold[gi] = f);
                start += size;
            }
        } else {
            // np.argsort(counts, kind="stable")[::-1]: the largest first, ties by the later group.
            let mut order: Vec<usize> = (0..n_groups).collect();
            order.sort_by_key(|&gi| g.counts[gi]);
            order.reverse();
            let mut per_fold = vec![0usize; k];
            for gi in order {
                let lightest = (0..k).min_by_key(|&f| (per_fold[f], f)).expect("k >= 2");
                per_fold[lightest] += g.counts[gi];
                group_fold[gi] = lightest;
            }
        }
        let test_fold: Vec<usize> = g.inverse.iter().map(|&gi| group_fold[gi]).collect();
        Ok(folds_of(&test_fold, k))
    }
}

/// Each sample once as the test set: scikit-learn's `LeaveOneOut`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeaveOneOut;

impl CrossValidator for LeaveOneOut {
    fn name(&self) -> &'static str {
        "LeaveOneOut"
    }
    fn get_n_splits(&self, n_samples: usize) -> usize {
        n_samples
    }
    fn uses(&self) -> Uses {
        Uses::default()
    }
    fn split_labels(&self, n: usize, _: Option<&[f64]>, _: Option<&[f64]>) -> Result<Vec<Fold>> {
        if n < 2 {
            return Err(Error::InvalidParameter {
                name: "n_samples",
                value: n.to_string(),
                reason: "LeaveOneOut.split: cannot perform LeaveOneOut with fewer than 2 samples".into(),
            });
        }
        Ok((0..n).map(|i| (complement(n, &[i]), vec![i])).collect())
    }
}

splitter! {
    /// KFold repeated `n_repeats` times, shuffled anew each time from one stream:
    /// scikit-learn's `RepeatedKFold`.
    RepeatedKFold {
        /// The number of folds of each repetition.
        n_splits: usize = 5 => exact usize,
        /// How many times KFold is repeated.
        n_repeats: usize = 10 => exact usize,
        /// The seed of the stream (None: seed 0).
        random_state: Option<u64> = None => exact u64,
    }
}

splitter! {
    /// StratifiedKFold repeated `n_repeats` times, shuffled anew each time from one stream:
    /// scikit-learn's `RepeatedStratifiedKFold`.
    RepeatedStratifiedKFold {
        /// The number of folds of each repetition.
        n_splits: usize = 5 => exact usize,
        /// How many times StratifiedKFold is repeated.
        n_repeats: usize = 10 => exact usize,
        /// The seed of the stream (None: seed 0).
        random_state: Option<u64> = None => exact u64,
    }
}

fn check_repeats(name: &str, n_repeats: usize) -> Result<()> {
    if n_repeats == 0 {
        return Err(Error::InvalidParameter {
            name: "n_repeats",
            value: "0".into(),
            reason: format!("{name}: the number of repetitions must be at least 1"),
        });
    }
    Ok(())
}

impl CrossValidator for RepeatedKFold {
    fn name(&self) -> &'static str {
        "RepeatedKFold"
    }
    fn get_n_splits(&self, _: usize) -> usize {
        self.n_splits * self.n_repeats
    }
    fn uses(&self) -> Uses {
        Uses::default()
    }
    fn split_labels(&self, n: usize, _: Option<&[f64]>, _: Option<&[f64]>) -> Result<Vec<Fold>> {
        check_repeats("RepeatedKFold", self.n_repeats)?;
        let mut rng = Philox::new(self.random_state.unwrap_or(0));
        let kfold = KFold::new(self.n_splits).shuffle(true);
        let mut out = Vec::new();
        for _ in 0..self.n_repeats {
            out.extend(kfold.folds(n, &mut rng)?);
        }
        Ok(out)
    }
}

impl CrossValidator for RepeatedStratifiedKFold {
    fn name(&self) -> &'static str {
        "RepeatedStratifiedKFold"
    }
    fn get_n_splits(&self, _: usize) -> usize {
        self.n_splits * self.n_repeats
    }
    fn uses(&self) -> Uses {
        Uses { y: true, groups: false }
    }
    fn split_labels(&self, _: usize, y: Option<&[f64]>, _: Option<&[f64]>) -> Result<Vec<Fold>> {
        check_repeats("RepeatedStratifiedKFold", self.n_repeats)?;
        let y = y.ok_or_else(|| super::labels::missing("RepeatedStratifiedKFold", "y"))?;
        let mut rng = Philox::new(self.random_state.unwrap_or(0));
        let skf = StratifiedKFold::new(self.n_splits).shuffle(true);
        let mut out = Vec::new();
        for _ in 0..self.n_repeats {
            out.extend(skf.folds(y, &mut rng)?);
        }
        Ok(out)
    }
}
