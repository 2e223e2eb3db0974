//! The hyperparameter searches: scikit-learn's GridSearchCV, RandomizedSearchCV,
//! HalvingGridSearchCV and HalvingRandomSearchCV. They share one core ([`SearchCV`]): the
//! candidates are evaluated fold by fold (each fold's rows gathered once on the data's
//! device), a failed fit is recorded as `error_score`, and the results become scikit-learn's
//! `cv_results_` table, from which the best candidate is refitted.

mod halving;
mod params;
mod results;

pub use halving::{HalvingGridSearchCV, HalvingRandomSearchCV, MinResources, NCandidates, Resource};
pub use params::{Distribution, ParamDistributions, ParamGrid};
pub use results::{Column, CvResults};

use super::validation::{
    check_all_failed, check_n_jobs, fit_and_score, now, parallel_map, splits, FitScore, FoldData, Scorers,
};
use super::{Cv, ErrorScore, Scoring};
use crate::array::Array;
use crate::error::{Error, Result};
use crate::estimator::{DynEstimator, Params};
use std::sync::Arc;

/// Which candidate to refit on the whole data: the best by the single scorer (scikit-learn's
/// refit=True), the best by one of several scorers (refit="`<name>`"), or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refit {
    Best,
    Metric(String),
    No,
}

impl From<bool> for Refit {
    fn from(on: bool) -> Self {
        if on {
            Refit::Best
        } else {
            Refit::No
        }
    }
}

impl From<&str> for Refit {
    fn from(name: &str) -> Self {
        Refit::Metric(name.into())
    }
}

/// Where a search is: reported after each fit and its scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// The candidate just evaluated (its row in `cv_results_`).
    pub candidate: usize,
    /// The fold it was evaluated on.
    pub fold: usize,
    /// Fits done so far, this one included.
    pub done: usize,
    /// Fits in the search (for halving searches, those of the iterations started so far).
    pub total: usize,
    /// Seconds since the search started.
    pub elapsed: f64,
}

/// A progress callback.
pub type ProgressFn = Arc<dyn Fn(&Progress)>;

/// The settings every search has.
#[derive(Clone)]
pub(crate) struct Settings {
    pub cv: Cv,
    pub scoring: Scoring,
    pub refit: Refit,
    pub return_train_score: bool,
    pub error_score: ErrorScore,
    pub progress: Option<ProgressFn>,
    pub n_jobs: usize,
}

/// What a fitted search holds.
pub(crate) struct Fitted {
    cv_results: CvResults,
    best_index: Option<usize>,
    best_score: Option<f64>,
    best_params: Option<Params>,
    best_estimator: Option<Box<dyn DynEstimator>>,
    refit_time: Option<f64>,
    n_splits: usize,
    errors: Vec<Vec<Option<String>>>,
    reused: usize,
}

/// The core of every search: the estimator, the shared settings and, once fitted, the
/// results. The searches deref to it for the fitted attributes and the best estimator's
/// methods.
pub struct SearchCV {
    name: &'static str,
    estimator: Box<dyn DynEstimator>,
    settings: Settings,
    fitted: Option<Fitted>,
}

/// The data a search is fitted on.
pub(crate) struct Data<'a> {
    pub x: &'a Array,
    pub y: Option<&'a Array>,
    pub groups: Option<&'a Array>,
    pub w: Option<&'a Array>,
}

/// The fit-and-scores of a list of candidates, as `cv_results_` columns need them.
pub(crate) struct Evaluated {
    pub candidates: Vec<Params>,
    /// [candidate][fold]
    pub results: Vec<Vec<FitScore>>,
    /// Pipeline steps reused from the fold's cache instead of fitted again.
    pub reused: usize,
}

impl SearchCV {
    pub(crate) fn new(name: &'static str, estimator: Box<dyn DynEstimator>, return_train_score: bool) -> SearchCV {
        SearchCV {
            name,
            estimator,
            settings: Settings {
                cv: Cv::default(),
                scoring: Scoring::default(),
                refit: Refit::Best,
                return_train_score,
                error_score: ErrorScore::default(),
                progress: None,
                n_jobs: 1,
            },
            fitted: None,
        }
    }

    fn state(&self, method: &'static str) -> Result<&Fitted> {
        self.fitted.as_ref().ok_or(Error::NotFitted { estimator: self.name, method })
    }

    /// scikit-learn's `cv_results_`.
    pub fn cv_results_(&self) -> Result<&CvResults> {
        Ok(&self.state("cv_results_")?.cv_results)
    }

    fn best<T>(&self, method: &'static str, f: impl Fn(&Fitted) -> Option<T>) -> Result<T> {
        f(self.state(method)?).ok_or_else(|| Error::NoAttribute {
            estimator: self.name,
            name: method.into(),
            known: "with several scorers and refit=False there is no best candidate; set refit to a scorer's name"
                .into(),
        })
    }

    /// The row of the best candidate in `cv_results_`.
    pub fn best_index_(&self) -> Result<usize> {
        self.best("best_index_", |f| f.best_index)
    }

    /// The best candidate's mean test score.
    pub fn best_score_(&self) -> Result<f64> {
        self.best("best_score_", |f| f.best_score)
    }

    /// The best candidate's parameters.
    pub fn best_params_(&self) -> Result<&Params> {
        let f = self.state("best_params_")?;
        f.best_params.as_ref().ok_or_else(|| self.best::<()>("best_params_", |_| None).unwrap_err())
    }

    /// The best candidate refitted on the whole data (refit only).
    pub fn best_estimator_(&self) -> Result<&dyn DynEstimator> {
        let f = self.state("best_estimator_")?;
        f.best_estimator.as_deref().ok_or_else(|| Error::NoAttribute {
            estimator: self.name,
            name: "best_estimator_".into(),
            known: "the search was fitted with refit=False".into(),
        })
    }

    /// Seconds the refit took.
    pub fn refit_time_(&self) -> Result<f64> {
        self.best("refit_time_", |f| f.refit_time)
    }

    /// The number of cross-validation splits.
    pub fn n_splits_(&self) -> Result<usize> {
        Ok(self.state("n_splits_")?.n_splits)
    }

    /// Each candidate's failure text per fold (None where the fit succeeded): what
    /// error_score recorded as a score.
    pub fn fit_errors(&self) -> Result<&[Vec<Option<String>>]> {
        Ok(&self.state("fit_errors")?.errors)
    }

    /// How many pipeline steps were taken fitted from the per-fold cache instead of fitted
    /// again: candidates that share a pipeline's leading steps fit them once per fold.
    pub fn reused_steps(&self) -> Result<usize> {
        Ok(self.state("reused_steps")?.reused)
    }

    /// The best estimator's predictions.
    pub async fn predict(&self, x: &Array) -> Result<Array> {
        self.best_estimator_()?.predict(x).await
    }
    pub async fn predict_proba(&self, x: &Array) -> Result<Array> {
        self.best_estimator_()?.predict_proba(x).await
    }
    pub async fn decision_function(&self, x: &Array) -> Result<Array> {
        self.best_estimator_()?.decision_function(x).await
    }
    pub async fn transform(&self, x: &Array) -> Result<Array> {
        self.best_estimator_()?.transform(x).await
    }
    /// The refit scorer's score of the best estimator (its own `score` by default).
    pub async fn score(&self, x: &Array, y: Option<&Array>) -> Result<f64> {
        let best = self.best_estimator_()?;
        let scorers = self.settings.scoring.resolve()?;
        let key = self.refit_key(&scorers)?;
        let i = scorers.keys.iter().position(|k| *k == key).expect("refit key is a scorer");
        scorers.score_one(i, best, x, y, None).await
    }

    /// The scorer whose mean test score picks the best candidate: `score` of a single scorer.
    fn refit_key(&self, scorers: &Scorers) -> Result<String> {
        match (&self.settings.refit, scorers.multimetric) {
            (Refit::Metric(name), true) if scorers.keys.contains(name) => Ok(name.clone()),
            (Refit::Metric(name), _) => Err(Error::invalid_parameter(
                "refit",
                format!("'{name}'"),
                format!("{}: refit must name one of the scorers ({})", self.name, scorers.keys.join(", ")),
            )),
            (Refit::Best, true) => Err(Error::invalid_parameter(
                "refit",
                "True",
                format!(
                    "{}: for multi-metric scoring, refit must be set to a scorer's name ({}) or False",
                    self.name,
                    scorers.keys.join(", ")
                ),
            )),
            (_, false) => Ok("score".into()),
            (Refit::No, true) => Ok(String::new()),
        }
    }

    /// Every candidate on every fold. The candidates' parameters are all set first, so a
    /// wrong name fails before any fit. Folds are the outer loop, so that one fold's rows are
    /// gathered once and freed before the next.
    pub(crate) async fn evaluate(
        &self,
        candidates: Vec<Params>,
        data: &Data<'_>,
        folds: &[super::Fold],
        scorers: &Scorers,
        clock: &mut Clock,
    ) -> Result<Evaluated> {
        let mut estimators = Vec::with_capacity(candidates.len());
        for params in &candidates {
            let mut e = self.estimator.clone_box();
            for (name, value) in params {
                e.set_param(name, value.clone())?;
            }
            estimators.push(e);
        }
        clock.total += candidates.len() * folds.len();
        let mut results: Vec<Vec<FitScore>> = candidates.iter().map(|_| Vec::with_capacity(folds.len())).collect();
        let mut reused = 0;
        let s = &self.settings;
        check_n_jobs(s.n_jobs)?;
        let on_cpu = !data.x.device().is_gpu();
        for (f, fold) in folds.iter().enumerate() {
            let mut fold_data = FoldData::gather(data.x, data.y, data.w, fold)?;
            // In turn, or (on the CPU path, n_jobs > 1) the first candidate alone, to fill the
            // fold's cache of fitted pipeline steps, then the rest on n_jobs threads, each with
            // a copy of that cache.
            let serial = if s.n_jobs > 1 && on_cpu { 1 } else { estimators.len() };
            for (c, e) in estimators.iter().enumerate().take(serial) {
                results[c].push(
                    fit_and_score(e.as_ref(), &mut fold_data, scorers, s.return_train_score, s.error_score).await?,
                );
                clock.tick(c, f, &s.progress);
            }
            reused += fold_data.cache.hits;
            let (train, error_score) = (s.return_train_score, s.error_score);
            let rest = parallel_map(s.n_jobs, on_cpu, &estimators[serial..], |e| {
                let mut own = fold_data.clone();
                own.cache.hits = 0;
                let out = crate::block_on(fit_and_score(e.as_ref(), &mut own, scorers, train, error_score));
                out.map(|r| (r, own.cache.hits))
            })?;
            for (c, out) in (serial..).zip(rest) {
                let (r, hits) = out?;
                results[c].push(r);
                reused += hits;
                clock.tick(c, f, &s.progress);
            }
        }
        Ok(Evaluated { candidates, results, reused })
    }

    /// Splits, evaluates through `run` (which calls [`Self::evaluate`] once or, for halving,
    /// per iteration), builds `cv_results_`, picks the best and refits it.
    pub(crate) async fn fit_with<F>(&mut self, data: Data<'_>, run: F) -> Result<()>
    where
        F: AsyncFnOnce(&SearchCV, &Data<'_>, &[super::Fold], &Scorers, &mut Clock) -> Result<Table>,
    {
        self.fitted = None;
        let scorers = self.settings.scoring.resolve()?;
        let refit_key = self.refit_key(&scorers)?;
        let folds = splits(&self.settings.cv, self.estimator.as_ref(), data.x, data.y, data.groups, data.w).await?;
        let mut clock = Clock { start: now(), done: 0, total: 0 };
        let table = run(&*self, &data, &folds, &scorers, &mut clock).await?;
        check_all_failed(table.rows.iter().flatten(), self.name)?;
        let cv_results = table.format(&scorers, self.settings.return_train_score);
        let best_index = match &table.select {
            Some(select) => Some(select(&cv_results)?),
            None if refit_key.is_empty() => None,
            None => Some(best_rank(cv_results.ints(&format!("rank_test_{refit_key}"))?)),
        };
        let best_params = best_index.map(|i| cv_results.params()[i].clone());
        let best_score = match best_index {
            Some(i) => Some(cv_results.floats(&format!("mean_test_{refit_key}"))?[i]),
            None => None,
        };
        let (mut best_estimator, mut refit_time) = (None, None);
        if let (Some(params), false) = (&best_params, self.settings.refit == Refit::No) {
            let mut e = self.estimator.clone_box();
            for (name, value) in params {
                e.set_param(name, value.clone())?;
            }
            let start = now();
            e.fit(data.x, data.y, data.w).await?;
            refit_time = Some(now() - start);
            best_estimator = Some(e);
        }
        let errors = table.rows.iter().map(|r| r.iter().map(|f| f.error.clone()).collect()).collect();
        self.fitted = Some(Fitted {
            cv_results,
            best_index,
            best_score,
            best_params,
            best_estimator,
            refit_time,
            n_splits: folds.len(),
            errors,
            reused: table.reused,
        });
        Ok(())
    }
}

/// The first candidate of the lowest rank (numpy's argmin).
fn best_rank(ranks: &[i64]) -> usize {
    (0..ranks.len()).min_by_key(|&i| (ranks[i], i)).expect("at least one candidate")
}

/// Counts the fits done and reports progress.
pub(crate) struct Clock {
    start: f64,
    done: usize,
    total: usize,
}

impl Clock {
    fn tick(&mut self, candidate: usize, fold: usize, progress: &Option<ProgressFn>) {
        self.done += 1;
        if let Some(report) = progress {
            report(&Progress { candidate, fold, done: self.done, total: self.total, elapsed: now() - self.start });
        }
    }
}

/// The evaluated candidates of a whole search, with the columns a halving search adds and
/// how it picks the best.
pub(crate) struct Table {
    pub candidates: Vec<Params>,
    pub rows: Vec<Vec<FitScore>>,
    /// Columns put first (halving's `iter` and `n_resources`).
    pub leading: Vec<(String, Vec<i64>)>,
    /// A rule for the best row other than the lowest rank (halving: the best of the last
    /// iteration).
    pub select: Option<fn(&CvResults) -> Result<usize>>,
    pub reused: usize,
}

impl From<Evaluated> for Table {
    fn from(e: Evaluated) -> Self {
        Table { candidates: e.candidates, rows: e.results, leading: Vec::new(), select: None, reused: e.reused }
    }
}

impl Table {
    /// scikit-learn's `_format_results`: times, `param_<name>` columns, `params`, and per
    /// scorer the split, mean, std and rank of the test scores, then of the train scores.
    fn format(&self, scorers: &Scorers, train: bool) -> CvResults {
        let mut out = CvResults::default();
        for (name, values) in &self.leading {
            out.push(name.clone(), Column::Ints(values.clone()));
        }
        let n_splits = self.rows.first().map_or(0, Vec::len);
        let store = |out: &mut CvResults, key: &str, value: &dyn Fn(&FitScore) -> f64, splits: bool, rank: bool| {
            let table: Vec<Vec<f64>> = self.rows.iter().map(|r| r.iter().map(value).collect()).collect();
            if splits {
                for k in 0..n_splits {
                    out.push(format!("split{k}_{key}"), Column::Floats(table.iter().map(|r| r[k]).collect()));
                }
            }
            let means: Vec<f64> = table.iter().map(|r| r.iter().sum::<f64>() / r.len() as f64).collect();
            let stds: Vec<f64> = table
                .iter()
                .zip(&means)
                .map(|(r, m)| (r.iter().map(|v| (v - m).powi(2)).sum::<f64>() / r.len() as f64).sqrt())
                .collect();
            let ranks = rank.then(|| rank_min(&means));
            out.push(format!("mean_{key}"), Column::Floats(means));
            out.push(format!("std_{key}"), Column::Floats(stds));
            if let Some(ranks) = ranks {
                out.push(format!("rank_{key}"), Column::Ints(ranks));
            }
        };
        store(&mut out, "fit_time", &|r| r.fit_time, false, false);
        store(&mut out, "score_time", &|r| r.score_time, false, false);
        let mut names: Vec<&String> = Vec::new();
        for p in &self.candidates {
            for k in p.keys() {
                if !names.contains(&k) {
                    names.push(k);
                }
            }
        }
        for name in names {
            out.push(
                format!("param_{name}"),
                Column::Values(self.candidates.iter().map(|p| p.get(name).cloned()).collect()),
            );
        }
        out.push("params", Column::Params(self.candidates.clone()));
        for (i, key) in scorers.keys.iter().enumerate() {
            store(&mut out, &format!("test_{key}"), &|r| r.test[i], true, true);
            if train {
                store(&mut out, &format!("train_{key}"), &|r| r.train.as_ref().map_or(f64::NAN, |t| t[i]), true, false);
            }
        }
        out
    }
}

/// scipy's rankdata(-means, method="min"), NaN ranked last (scikit-learn replaces NaN by
/// one less than the smallest mean first; all NaN ranks all 1).
fn rank_min(means: &[f64]) -> Vec<i64> {
    let finite_min = means.iter().copied().filter(|m| !m.is_nan()).fold(f64::INFINITY, f64::min);
    if finite_min == f64::INFINITY && means.iter().all(|m| m.is_nan()) {
        return vec![1; means.len()];
    }
    let filled: Vec<f64> = means.iter().map(|&m| if m.is_nan() { finite_min - 1.0 } else { m }).collect();
    filled.iter().map(|&m| 1 + filled.iter().filter(|&&o| o > m).count() as i64).collect()
}

/// The builder methods every search has, forwarded to its [`SearchCV`] settings.
macro_rules! search_settings {
    ($ty:ident) => {
        impl $ty {
            /// The splitter or number of folds (default 5; StratifiedKFold for classifiers).
            pub fn cv(mut self, cv: impl Into<$crate::model_selection::Cv>) -> Self {
                self.core.settings.cv = cv.into();
                self
            }
            /// The scorer(s) (default: the estimator's `score`).
            pub fn scoring(mut self, scoring: impl Into<$crate::model_selection::Scoring>) -> Self {
                self.core.settings.scoring = scoring.into();
                self
            }
            /// Which candidate to refit on the whole data (default: the best).
            pub fn refit(mut self, refit: impl Into<$crate::model_selection::Refit>) -> Self {
                self.core.settings.refit = refit.into();
                self
            }
            /// Score the training folds too (`train_<score>` columns).
            pub fn return_train_score(mut self, on: bool) -> Self {
                self.core.settings.return_train_score = on;
                self
            }
            /// What a failed fit scores (default NaN, the error kept in `fit_errors`).
            pub fn error_score(mut self, e: $crate::model_selection::ErrorScore) -> Self {
                self.core.settings.error_score = e;
                self
            }
            /// Candidates run on this many threads on the CPU path (default 1; on a GPU they
            /// run in turn): scikit-learn's n_jobs.
            pub fn n_jobs(mut self, n_jobs: usize) -> Self {
                self.core.settings.n_jobs = n_jobs;
                self
            }
            /// Called after each fit and its scores.
            pub fn on_progress(mut self, report: impl Fn(&$crate::model_selection::Progress) + 'static) -> Self {
                self.core.settings.progress = Some(std::sync::Arc::new(report));
                self
            }
            /// Fits every candidate on every split of (x, y), then refits the best.
            pub async fn fit(
                &mut self,
                x: &$crate::array::Array,
                y: Option<&$crate::array::Array>,
            ) -> $crate::error::Result<()> {
                self.fit_full(x, y, None, None).await
            }
        }

        impl std::ops::Deref for $ty {
            type Target = $crate::model_selection::SearchCV;
            fn deref(&self) -> &Self::Target {
                &self.core
            }
        }
    };
}
pub(crate) use search_settings;

/// Exhaustive search over a grid: scikit-learn's `GridSearchCV`.
pub struct GridSearchCV {
    core: SearchCV,
    param_grid: ParamGrid,
}

impl GridSearchCV {
    pub fn new(estimator: impl Into<Box<dyn DynEstimator>>, param_grid: ParamGrid) -> Self {
        GridSearchCV { core: SearchCV::new("GridSearchCV", estimator.into(), false), param_grid }
    }

    /// `fit` with the groups of a group splitter and per-sample weights (for fit and scoring).
    pub async fn fit_full(
        &mut self,
        x: &Array,
        y: Option<&Array>,
        groups: Option<&Array>,
        w: Option<&Array>,
    ) -> Result<()> {
        let candidates = self.param_grid.candidates()?;
        self.core
            .fit_with(Data { x, y, groups, w }, async move |core, data, folds, scorers, clock| {
                Ok(core.evaluate(candidates, data, folds, scorers, clock).await?.into())
            })
            .await
    }
}
search_settings!(GridSearchCV);

/// A fixed number of candidates drawn from distributions: scikit-learn's
/// `RandomizedSearchCV`.
pub struct RandomizedSearchCV {
    core: SearchCV,
    param_distributions: ParamDistributions,
    n_iter: usize,
    random_state: Option<u64>,
}

impl RandomizedSearchCV {
    pub fn new(estimator: impl Into<Box<dyn DynEstimator>>, param_distributions: ParamDistributions) -> Self {
        RandomizedSearchCV {
            core: SearchCV::new("RandomizedSearchCV", estimator.into(), false),
            param_distributions,
            n_iter: 10,
            random_state: None,
        }
    }

    /// How many candidates to draw (default 10).
    pub fn n_iter(mut self, n: usize) -> Self {
        self.n_iter = n;
        self
    }

    /// The seed of the draws (None: seed 0).
    pub fn random_state(mut self, seed: u64) -> Self {
        self.random_state = Some(seed);
        self
    }

    /// `fit` with the groups of a group splitter and per-sample weights.
    pub async fn fit_full(
        &mut self,
        x: &Array,
        y: Option<&Array>,
        groups: Option<&Array>,
        w: Option<&Array>,
    ) -> Result<()> {
        if self.n_iter == 0 {
            return Err(Error::invalid_parameter("n_iter", "0", "RandomizedSearchCV: draw at least one candidate"));
        }
        let candidates = self.param_distributions.sample(self.n_iter, self.random_state.unwrap_or(0))?;
        self.core
            .fit_with(Data { x, y, groups, w }, async move |core, data, folds, scorers, clock| {
                Ok(core.evaluate(candidates, data, folds, scorers, clock).await?.into())
            })
            .await
    }
}
search_settings!(RandomizedSearchCV);
