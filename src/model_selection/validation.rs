//! Cross-validation: scikit-learn's cross_validate, cross_val_score, cross_val_predict,
//! validation_curve and learning_curve, and the fit-and-score of one candidate on one fold
//! that the searches share. Each fold's rows are gathered once, on the data's device, and
//! every fit and score of that fold reuses them.

use super::shuffle::Size;
use super::split::{CrossValidator, Fold, KFold, Split, StratifiedKFold};
use crate::array::Array;
use crate::error::{Error, Result};
use crate::estimator::{DynEstimator, FitCache, ParamValue};
use crate::metrics::{get_scorer, Scorer};
use crate::ops;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How to split: a number of folds (StratifiedKFold for a classifier given labels, KFold
/// otherwise, as scikit-learn's `check_cv`), or a splitter.
#[derive(Debug, Clone)]
pub enum Cv {
    Folds(usize),
    Splitter(Arc<dyn CrossValidator>),
}

impl Default for Cv {
    fn default() -> Self {
        Cv::Folds(5)
    }
}

impl From<usize> for Cv {
    fn from(k: usize) -> Self {
        Cv::Folds(k)
    }
}

macro_rules! cv_from {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Cv {
            fn from(s: $ty) -> Self {
                Cv::Splitter(Arc::new(s))
            }
        }
    )*};
}
cv_from!(
    KFold,
    StratifiedKFold,
    super::GroupKFold,
    super::LeaveOneOut,
    super::RepeatedKFold,
    super::RepeatedStratifiedKFold,
    super::ShuffleSplit,
    super::StratifiedShuffleSplit
);

impl Cv {
    /// The splitter for this estimator and target.
    pub(crate) fn resolve(&self, estimator: &dyn DynEstimator, y: Option<&Array>) -> Arc<dyn CrossValidator> {
        match self {
            Cv::Folds(k) if estimator.tags().classifier && y.is_some() => Arc::new(StratifiedKFold::new(*k)),
            Cv::Folds(k) => Arc::new(KFold::new(*k)),
            Cv::Splitter(s) => s.clone(),
        }
    }
}

/// How to score: the estimator's own `score`, scorers by scikit-learn's names, or scorers
/// (from [`get_scorer`] or a closure through [`crate::metrics::make_scorer`]). A single
/// scorer's results are keyed `score` (`test_score`), several by their names (`test_r2`).
#[derive(Debug, Clone, Default)]
pub enum Scoring {
    #[default]
    Estimator,
    Name(String),
    Names(Vec<String>),
    Scorer(Scorer),
    Scorers(Vec<Scorer>),
}

impl From<&str> for Scoring {
    fn from(name: &str) -> Self {
        Scoring::Name(name.into())
    }
}
impl From<&[&str]> for Scoring {
    fn from(names: &[&str]) -> Self {
        Scoring::Names(names.iter().map(|n| n.to_string()).collect())
    }
}
impl<const N: usize> From<[&str; N]> for Scoring {
    fn from(names: [&str; N]) -> Self {
        Scoring::Names(names.iter().map(|n| n.to_string()).collect())
    }
}
impl From<Scorer> for Scoring {
    fn from(s: Scorer) -> Self {
        Scoring::Scorer(s)
    }
}
impl From<Vec<Scorer>> for Scoring {
    fn from(s: Vec<Scorer>) -> Self {
        Scoring::Scorers(s)
    }
}

/// The scorers resolved: each result's key and its scorer (None: the estimator's `score`).
#[derive(Clone)]
pub(crate) struct Scorers {
    pub keys: Vec<String>,
    scorers: Vec<Option<Scorer>>,
    pub multimetric: bool,
}

impl Scoring {
    pub(crate) fn resolve(&self) -> Result<Scorers> {
        let several = |scorers: Vec<Scorer>| -> Result<Scorers> {
            let keys: Vec<String> = scorers.iter().map(|s| s.name().to_string()).collect();
            if keys.is_empty() {
                return Err(Error::invalid_parameter("scoring", "[]", "give at least one scorer"));
            }
            if let Some((_, twice)) = keys.iter().enumerate().find(|(i, k)| keys[..*i].contains(k)) {
                return Err(Error::invalid_parameter(
                    "scoring",
                    format!("{keys:?}"),
                    format!("'{twice}' is listed twice"),
                ));
            }
            Ok(Scorers { keys, scorers: scorers.into_iter().map(Some).collect(), multimetric: true })
        };
        let one = |s: Scorer| Scorers { keys: vec!["score".into()], scorers: vec![Some(s)], multimetric: false };
        Ok(match self {
            Scoring::Estimator => Scorers { keys: vec!["score".into()], scorers: vec![None], multimetric: false },
            Scoring::Name(n) => one(get_scorer(n)?),
            Scoring::Scorer(s) => one(s.clone()),
            Scoring::Names(names) => several(names.iter().map(|n| get_scorer(n)).collect::<Result<_>>()?)?,
            Scoring::Scorers(list) => several(list.clone())?,
        })
    }
}

impl Scorers {
    /// Each scorer's score of a fitted estimator on (x, y, w).
    async fn score(&self, est: &dyn DynEstimator, x: &Array, y: Option<&Array>, w: Option<&Array>) -> Result<Vec<f64>> {
        let mut out = Vec::with_capacity(self.scorers.len());
        for i in 0..self.scorers.len() {
            out.push(self.score_one(i, est, x, y, w).await?);
        }
        Ok(out)
    }

    /// Scorer `i`'s score of a fitted estimator on (x, y, w).
    pub(crate) async fn score_one(
        &self,
        i: usize,
        est: &dyn DynEstimator,
        x: &Array,
        y: Option<&Array>,
        w: Option<&Array>,
    ) -> Result<f64> {
        match &self.scorers[i] {
            None => est.score(x, y, w).await,
            Some(s) => {
                let y = y.ok_or_else(|| {
                    Error::invalid_parameter(
                        "y",
                        "None",
                        format!("the {} scorer compares with y, and none was given", s.name()),
                    )
                })?;
                s.score(est, x, y, w).await
            }
        }
    }

    /// The result key of scorer `i` with a prefix: `test_score`, or `test_r2` of several.
    pub(crate) fn key(&self, prefix: &str, i: usize) -> String {
        format!("{prefix}_{}", self.keys[i])
    }
}

/// What a failed fit or score records: an error (scikit-learn's error_score="raise"), or a
/// value, NaN by default, with the error text kept beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ErrorScore {
    Raise,
    Value(f64),
}

impl Default for ErrorScore {
    fn default() -> Self {
        ErrorScore::Value(f64::NAN)
    }
}

/// Seconds since an arbitrary start: std's clock natively, the JS clock in a browser (where
/// std has none).
pub(crate) fn now() -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed().as_secs_f64()
    }
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() / 1000.0
    }
}

/// One fold's rows, gathered on the data's device once and reused by every candidate.
#[derive(Clone)]
pub(crate) struct FoldData {
    pub x_train: Array,
    pub y_train: Option<Array>,
    pub w_train: Option<Array>,
    pub x_test: Array,
    pub y_test: Option<Array>,
    pub w_test: Option<Array>,
    /// Pipelines' fitted leading steps on this fold's training rows.
    pub cache: FitCache,
}

impl FoldData {
    pub(crate) fn gather(x: &Array, y: Option<&Array>, w: Option<&Array>, (train, test): &Fold) -> Result<FoldData> {
        let rows = |a: Option<&Array>, idx: &[usize]| a.map(|a| ops::take_indices(a, idx, 0)).transpose();
        Ok(FoldData {
            x_train: ops::take_indices(x, train, 0)?,
            y_train: rows(y, train)?,
            w_train: rows(w, train)?,
            x_test: ops::take_indices(x, test, 0)?,
            y_test: rows(y, test)?,
            w_test: rows(w, test)?,
            cache: FitCache::default(),
        })
    }
}

/// The outcome of one fit and its scores.
pub(crate) struct FitScore {
    pub test: Vec<f64>,
    pub train: Option<Vec<f64>>,
    pub fit_time: f64,
    pub score_time: f64,
    /// The failure, where error_score recorded a value instead of raising.
    pub error: Option<String>,
    pub estimator: Box<dyn DynEstimator>,
}

/// Fits a clone of `estimator` on the fold's training rows and scores it, as scikit-learn's
/// `_fit_and_score`. A failure is raised or recorded as `error_score` says.
pub(crate) async fn fit_and_score(
    estimator: &dyn DynEstimator,
    fold: &mut FoldData,
    scorers: &Scorers,
    return_train_score: bool,
    error_score: ErrorScore,
) -> Result<FitScore> {
    let mut est = estimator.clone_box();
    let start = now();
    let fitted = est.fit_cached(&fold.x_train, fold.y_train.as_ref(), fold.w_train.as_ref(), &mut fold.cache).await;
    let fit_time = now() - start;
    let failed = |e: Error, est: Box<dyn DynEstimator>, fit_time: f64, score_time: f64| match error_score {
        ErrorScore::Raise => Err(e),
        ErrorScore::Value(v) => Ok(FitScore {
            test: vec![v; scorers.keys.len()],
            train: return_train_score.then(|| vec![v; scorers.keys.len()]),
            fit_time,
            score_time,
            error: Some(e.to_string()),
            estimator: est,
        }),
    };
    if let Err(e) = fitted {
        return failed(e, est, fit_time, 0.0);
    }
    let start = now();
    let test = scorers.score(est.as_ref(), &fold.x_test, fold.y_test.as_ref(), fold.w_test.as_ref()).await;
    let score_time = now() - start;
    let test = match test {
        Ok(t) => t,
        Err(e) => return failed(e, est, fit_time, score_time),
    };
    let train = if return_train_score {
        match scorers.score(est.as_ref(), &fold.x_train, fold.y_train.as_ref(), fold.w_train.as_ref()).await {
            Ok(t) => Some(t),
            Err(e) => return failed(e, est, fit_time, score_time),
        }
    } else {
        None
    };
    Ok(FitScore { test, train, fit_time, score_time, error: None, estimator: est })
}

/// `f` of every item, on `n_jobs` threads where the data is on the CPU path (natively), else
/// in turn. Each task runs its future to completion on its thread: CPU futures complete
/// without waiting, and a GPU is never driven from several threads.
pub(crate) fn parallel_map<I: Sync, T: Send>(
    n_jobs: usize,
    on_cpu: bool,
    items: &[I],
    f: impl Fn(&I) -> T + Sync,
) -> Result<Vec<T>> {
    #[cfg(not(target_arch = "wasm32"))]
    if n_jobs > 1 && on_cpu && items.len() > 1 {
        use rayon::prelude::*;
        let pool = rayon::ThreadPoolBuilder::new().num_threads(n_jobs).build().map_err(|e| {
            Error::invalid_parameter("n_jobs", n_jobs.to_string(), format!("cannot start {n_jobs} threads: {e}"))
        })?;
        return Ok(pool.install(|| items.par_iter().map(&f).collect()));
    }
    let _ = (n_jobs, on_cpu);
    Ok(items.iter().map(f).collect())
}

/// `Error::InvalidParameter` for n_jobs = 0.
pub(crate) fn check_n_jobs(n_jobs: usize) -> Result<()> {
    if n_jobs == 0 {
        return Err(Error::invalid_parameter("n_jobs", "0", "the number of threads must be at least 1"));
    }
    Ok(())
}

/// `Error::InvalidParameter` when every fit failed (scikit-learn raises then too), naming
/// how many and the first failure.
pub(crate) fn check_all_failed<'a>(results: impl IntoIterator<Item = &'a FitScore>, op: &str) -> Result<()> {
    let mut n = 0;
    let mut first = None;
    for r in results {
        n += 1;
        match &r.error {
            None => return Ok(()),
            Some(e) => _ = first.get_or_insert(e),
        }
    }
    match first {
        Some(e) => Err(Error::InvalidParameter {
            name: "estimator",
            value: format!("{n} fits"),
            reason: format!("{op}: all the {n} fits failed; the first error: {e}"),
        }),
        None => Ok(()),
    }
}

/// The splits of (x, y, groups) by `cv` for this estimator, checked for consistent lengths.
pub(crate) async fn splits(
    cv: &Cv,
    estimator: &dyn DynEstimator,
    x: &Array,
    y: Option<&Array>,
    groups: Option<&Array>,
    sample_weight: Option<&Array>,
) -> Result<Vec<Fold>> {
    let all: Vec<&Array> = [Some(x), y, groups, sample_weight].into_iter().flatten().collect();
    super::check_consistent_length(&all)?;
    cv.resolve(estimator, y).split(x, y, groups).await
}

/// What [`cross_validate`] gives: the arrays of scikit-learn's dict by its keys (`fit_time`,
/// `score_time`, `test_<score>`, `train_<score>`), the fitted estimators where asked for, and
/// the text of each fold's failure (None where it succeeded).
pub struct CrossValidation {
    pub results: BTreeMap<String, Vec<f64>>,
    pub estimators: Option<Vec<Box<dyn DynEstimator>>>,
    pub errors: Vec<Option<String>>,
}

impl CrossValidation {
    /// One array by scikit-learn's key; an unknown key is an error listing the keys.
    pub fn get(&self, key: &str) -> Result<&[f64]> {
        self.results.get(key).map(Vec::as_slice).ok_or_else(|| {
            Error::invalid_parameter(
                "key",
                format!("'{key}'"),
                format!(
                    "cross_validate has no such result; it has: {}",
                    self.results.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            )
        })
    }
}

/// Evaluates by cross-validation, recording fit and score times: scikit-learn's
/// `cross_validate`. Configure it, then await it.
pub fn cross_validate<'a>(estimator: &'a dyn DynEstimator, x: &'a Array, y: Option<&'a Array>) -> CrossValidate<'a> {
    CrossValidate {
        estimator,
        x,
        y,
        groups: None,
        sample_weight: None,
        cv: Cv::default(),
        scoring: Scoring::default(),
        return_train_score: false,
        return_estimator: false,
        error_score: ErrorScore::default(),
        n_jobs: 1,
    }
}

/// [`cross_validate`]'s options (and [`cross_val_score`]'s); await it.
pub struct CrossValidate<'a> {
    estimator: &'a dyn DynEstimator,
    x: &'a Array,
    y: Option<&'a Array>,
    groups: Option<&'a Array>,
    sample_weight: Option<&'a Array>,
    cv: Cv,
    scoring: Scoring,
    return_train_score: bool,
    return_estimator: bool,
    error_score: ErrorScore,
    n_jobs: usize,
}

impl<'a> CrossValidate<'a> {
    /// The folds run on this many threads on the CPU path (default 1; on a GPU they run in
    /// turn).
    pub fn n_jobs(mut self, n_jobs: usize) -> Self {
        self.n_jobs = n_jobs;
        self
    }

    /// The group of each sample, for group splitters.
    pub fn groups(mut self, groups: &'a Array) -> Self {
        self.groups = Some(groups);
        self
    }
    /// Per-sample weights, given to fit and to the scorers on each fold's rows.
    pub fn sample_weight(mut self, w: &'a Array) -> Self {
        self.sample_weight = Some(w);
        self
    }
    /// The splitter or number of folds (default 5).
    pub fn cv(mut self, cv: impl Into<Cv>) -> Self {
        self.cv = cv.into();
        self
    }
    /// The scorer(s) (default: the estimator's `score`).
    pub fn scoring(mut self, scoring: impl Into<Scoring>) -> Self {
        self.scoring = scoring.into();
        self
    }
    /// Score the training rows too (`train_<score>`).
    pub fn return_train_score(mut self, on: bool) -> Self {
        self.return_train_score = on;
        self
    }
    /// Keep each fold's fitted estimator.
    pub fn return_estimator(mut self, on: bool) -> Self {
        self.return_estimator = on;
        self
    }
    /// What a failed fit scores (default NaN, the error kept in `errors`).
    pub fn error_score(mut self, e: ErrorScore) -> Self {
        self.error_score = e;
        self
    }

    async fn run(self) -> Result<CrossValidation> {
        let scorers = self.scoring.resolve()?;
        let folds = splits(&self.cv, self.estimator, self.x, self.y, self.groups, self.sample_weight).await?;
        check_n_jobs(self.n_jobs)?;
        let on_cpu = !self.x.device().is_gpu();
        let results = if self.n_jobs > 1 && on_cpu {
            parallel_map(self.n_jobs, on_cpu, &folds, |fold| {
                let mut data = FoldData::gather(self.x, self.y, self.sample_weight, fold)?;
                crate::block_on(fit_and_score(
                    self.estimator,
                    &mut data,
                    &scorers,
                    self.return_train_score,
                    self.error_score,
                ))
            })?
            .into_iter()
            .collect::<Result<Vec<_>>>()?
        } else {
            let mut results = Vec::with_capacity(folds.len());
            for fold in &folds {
                let mut data = FoldData::gather(self.x, self.y, self.sample_weight, fold)?;
                results.push(
                    fit_and_score(self.estimator, &mut data, &scorers, self.return_train_score, self.error_score)
                        .await?,
                );
            }
            results
        };
        check_all_failed(&results, "cross_validate")?;
        let mut out = BTreeMap::new();
        out.insert("fit_time".to_string(), results.iter().map(|r| r.fit_time).collect());
        out.insert("score_time".to_string(), results.iter().map(|r| r.score_time).collect());
        for i in 0..scorers.keys.len() {
            out.insert(scorers.key("test", i), results.iter().map(|r| r.test[i]).collect());
            if self.return_train_score {
                out.insert(
                    scorers.key("train", i),
                    results.iter().map(|r| r.train.as_ref().expect("asked for")[i]).collect(),
                );
            }
        }
        let errors = results.iter().map(|r| r.error.clone()).collect();
        let estimators = self.return_estimator.then(|| results.into_iter().map(|r| r.estimator).collect());
        Ok(CrossValidation { results: out, estimators, errors })
    }

    /// The test scores of the single scorer: scikit-learn's `cross_val_score`.
    pub async fn scores(self) -> Result<Vec<f64>> {
        if matches!(self.scoring, Scoring::Names(_) | Scoring::Scorers(_)) {
            return Err(Error::invalid_parameter(
                "scoring",
                format!("{:?}", self.scoring),
                "cross_val_score takes one scorer; use cross_validate for several",
            ));
        }
        Ok(self.run().await?.results.remove("test_score").expect("single scorer"))
    }
}

impl<'a> std::future::IntoFuture for CrossValidate<'a> {
    type Output = Result<CrossValidation>;
    type IntoFuture = crate::estimator::BoxFuture<'a, Result<CrossValidation>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// The test scores of each fold: scikit-learn's `cross_val_score`. Configure it as
/// [`cross_validate`] (one scorer), then call `.scores().await`.
pub fn cross_val_score<'a>(estimator: &'a dyn DynEstimator, x: &'a Array, y: Option<&'a Array>) -> CrossValidate<'a> {
    cross_validate(estimator, x, y)
}

/// Train and test scores, (parameter values × folds): scikit-learn's `validation_curve`.
pub async fn validation_curve(
    estimator: &dyn DynEstimator,
    x: &Array,
    y: Option<&Array>,
    param_name: &str,
    param_range: &[ParamValue],
    cv: impl Into<Cv>,
    scoring: impl Into<Scoring>,
) -> Result<(Vec<Vec<f64>>, Vec<Vec<f64>>)> {
    let scorers = single(scoring.into(), "validation_curve")?;
    let folds = splits(&cv.into(), estimator, x, y, None, None).await?;
    let mut data = folds.iter().map(|f| FoldData::gather(x, y, None, f)).collect::<Result<Vec<_>>>()?;
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for value in param_range {
        let mut est = estimator.clone_box();
        est.set_param(param_name, value.clone())?;
        let (mut tr, mut te) = (Vec::new(), Vec::new());
        for fold in &mut data {
            let r = fit_and_score(est.as_ref(), fold, &scorers, true, ErrorScore::Raise).await?;
            tr.push(r.train.expect("asked for")[0]);
            te.push(r.test[0]);
        }
        train.push(tr);
        test.push(te);
    }
    Ok((train, test))
}

fn single(scoring: Scoring, op: &str) -> Result<Scorers> {
    let s = scoring.resolve()?;
    if s.multimetric {
        return Err(Error::invalid_parameter("scoring", format!("{:?}", s.keys), format!("{op} takes one scorer")));
    }
    Ok(s)
}

/// What [`learning_curve`] gives: the absolute training sizes, and the train and test
/// scores (sizes × folds).
#[derive(Debug, Clone, PartialEq)]
pub struct LearningCurve {
    pub train_sizes_abs: Vec<usize>,
    pub train_scores: Vec<Vec<f64>>,
    pub test_scores: Vec<Vec<f64>>,
}

/// Scores for growing training sets, the first rows of each training fold: scikit-learn's
/// `learning_curve` (without shuffle). Fractions of the largest training fold round down;
/// repeated sizes are kept once.
pub async fn learning_curve(
    estimator: &dyn DynEstimator,
    x: &Array,
    y: Option<&Array>,
    train_sizes: &[Size],
    cv: impl Into<Cv>,
    scoring: impl Into<Scoring>,
) -> Result<LearningCurve> {
    let scorers = single(scoring.into(), "learning_curve")?;
    let folds = splits(&cv.into(), estimator, x, y, None, None).await?;
    let n_max = folds.first().map_or(0, |f| f.0.len());
    let mut sizes = Vec::with_capacity(train_sizes.len());
    for &s in train_sizes {
        let n = match s {
            Size::Fraction(f) if f > 0.0 && f <= 1.0 => ((f * n_max as f64) as usize).max(1),
            Size::Count(c) if c > 0 && c as u64 <= n_max as u64 => c as usize,
            s => {
                return Err(Error::invalid_parameter(
                    "train_sizes",
                    s.to_string(),
                    format!("learning_curve: each size is a fraction in (0, 1] or a count in [1, {n_max}], the largest training fold"),
                ))
            }
        };
        if !sizes.contains(&n) {
            sizes.push(n);
        }
    }
    let (mut train, mut test) = (vec![Vec::new(); sizes.len()], vec![Vec::new(); sizes.len()]);
    for (tr_idx, te_idx) in &folds {
        for (k, &n) in sizes.iter().enumerate() {
            // The first n training rows; a fold with fewer (folds differ by one) gives them all,
            // as NumPy's slice does in scikit-learn.
            let rows = tr_idx[..n.min(tr_idx.len())].to_vec();
            let mut data = FoldData::gather(x, y, None, &(rows, te_idx.clone()))?;
            let r = fit_and_score(estimator, &mut data, &scorers, true, ErrorScore::Raise).await?;
            train[k].push(r.train.expect("asked for")[0]);
            test[k].push(r.test[0]);
        }
    }
    Ok(LearningCurve { train_sizes_abs: sizes, train_scores: train, test_scores: test })
}
