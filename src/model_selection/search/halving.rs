//! Successive halving: scikit-learn's HalvingGridSearchCV and HalvingRandomSearchCV. Every
//! candidate starts on a small resource (samples, or a parameter such as an iteration count);
//! each iteration keeps the best 1/factor of them and multiplies the resource by factor.

use super::{search_settings, Clock, Data, ParamDistributions, ParamGrid, SearchCV, Table};
use crate::array::Array;
use crate::error::{Error, Result};
use crate::estimator::{DynEstimator, ParamValue, Params};
use crate::model_selection::labels::{encode, Labels};
use crate::model_selection::validation::Scorers;
use crate::model_selection::Fold;
use crate::ops::Philox;

/// What grows from one iteration to the next.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Resource {
    /// The number of training (and test) samples of each fold.
    #[default]
    NSamples,
    /// An integer hyperparameter of the estimator, set to the iteration's resource.
    Param(String),
}

/// The resource of the first iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MinResources {
    /// As large as lets the last iteration use close to max_resources.
    #[default]
    Exhaust,
    /// 2 × n_splits (× the number of classes for a classifier) samples, or 1 of a parameter.
    Smallest,
    Count(usize),
}

/// The number of candidates a halving random search draws first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NCandidates {
    /// As many as the first iteration's resource fits: max_resources // min_resources.
    #[default]
    Exhaust,
    Count(usize),
}

/// The halving settings (scikit-learn's BaseSuccessiveHalving parameters).
#[derive(Debug, Clone)]
struct Halving {
    factor: f64,
    resource: Resource,
    min_resources: MinResources,
    max_resources: Option<usize>,
    aggressive_elimination: bool,
    random_state: Option<u64>,
}

impl Default for Halving {
    fn default() -> Self {
        Halving {
            factor: 3.0,
            resource: Resource::NSamples,
            min_resources: MinResources::Exhaust,
            max_resources: None,
            aggressive_elimination: false,
            random_state: None,
        }
    }
}

/// What a fitted halving search adds to [`SearchCV`].
#[derive(Debug, Clone, Default, PartialEq)]
struct Schedule {
    n_resources: Vec<usize>,
    n_candidates: Vec<usize>,
    n_iterations: usize,
    n_possible_iterations: usize,
    n_required_iterations: usize,
    min_resources: usize,
    max_resources: usize,
}

/// floor(log_factor(x)), exact for powers (the float log can land just under an integer).
fn floor_log(x: f64, factor: f64) -> usize {
    let mut k = (x.ln() / factor.ln()).floor().max(0.0) as usize;
    while factor.powi(k as i32 + 1) <= x {
        k += 1;
    }
    while k > 0 && factor.powi(k as i32) > x {
        k -= 1;
    }
    k
}

impl Halving {
    fn check(&self, name: &str, estimator: &dyn DynEstimator) -> Result<()> {
        if !(self.factor > 1.0 && self.factor.is_finite()) {
            return Err(Error::invalid_parameter(
                "factor",
                self.factor.to_string(),
                format!("{name}: factor must be greater than 1"),
            ));
        }
        if let Resource::Param(p) = &self.resource {
            if !estimator.get_params().contains_key(p) {
                return Err(Error::invalid_parameter(
                    "resource",
                    format!("'{p}'"),
                    format!("{name}: cannot use resource={p}, which is not a parameter of {}", estimator.repr()),
                ));
            }
            if self.max_resources.is_none() {
                return Err(Error::invalid_parameter(
                    "max_resources",
                    "'auto'",
                    format!("{name}: resource can only be n_samples when max_resources is 'auto'; give max_resources"),
                ));
            }
        }
        Ok(())
    }

    /// min_resources_ and max_resources_ before 'exhaust' is resolved. Readback: y's labels,
    /// for a classifier's class count under 'smallest' or 'exhaust'.
    async fn resources(
        &self,
        estimator: &dyn DynEstimator,
        data: &Data<'_>,
        n_splits: usize,
    ) -> Result<(usize, usize)> {
        let n = data.x.shape()[0];
        let min = match (self.min_resources, &self.resource) {
            (MinResources::Count(c), _) => c,
            (_, Resource::Param(_)) => 1,
            (_, Resource::NSamples) => {
                let mut m = 2 * n_splits;
                if estimator.tags().classifier {
                    if let Some(y) = data.y {
                        let labels = Labels::read(Some(y), n, "y", "HalvingSearchCV").await?;
                        m *= encode(&labels, "HalvingSearchCV.fit", false)?.counts.len();
                    }
                }
                m
            }
        };
        let max = self.max_resources.unwrap_or(n);
        if min > max {
            return Err(Error::invalid_parameter(
                "min_resources",
                min.to_string(),
                format!("min_resources_={min} is greater than max_resources_={max}"),
            ));
        }
        if min == 0 {
            return Err(Error::invalid_parameter("min_resources", "0", "min_resources_=0: was X empty?"));
        }
        Ok((min, max))
    }

    /// The iterations: candidates evaluated on growing resources, the best 1/factor kept.
    /// `candidates` draws the first iteration's candidates from (min_resources_,
    /// max_resources_).
    async fn run(
        &self,
        core: &SearchCV,
        candidates: impl FnOnce((usize, usize)) -> Result<Vec<Params>>,
        data: &Data<'_>,
        folds: &[Fold],
        scorers: &Scorers,
        clock: &mut Clock,
    ) -> Result<(Table, Schedule)> {
        let (min_resources, max_resources) = self.resources(core.estimator.as_ref(), data, folds.len()).await?;
        let mut candidates = candidates((min_resources, max_resources))?;
        if scorers.multimetric {
            return Err(Error::invalid_parameter(
                "scoring",
                format!("{:?}", scorers.keys),
                format!("{}: successive halving ranks by one scorer; give one", core.name),
            ));
        }
        if let Resource::Param(p) = &self.resource {
            if candidates.iter().any(|c| c.contains_key(p)) {
                return Err(Error::invalid_parameter(
                    "resource",
                    format!("'{p}'"),
                    "cannot use a parameter as the resource when it is also searched",
                ));
            }
        }
        let factor = self.factor;
        let n_required = 1 + floor_log(candidates.len() as f64, factor);
        let mut min_resources = min_resources;
        if self.min_resources == MinResources::Exhaust {
            let last = (n_required - 1) as i32;
            min_resources = min_resources.max((max_resources as f64 / factor.powi(last)).floor() as usize);
        }
        let n_possible = 1 + floor_log((max_resources / min_resources) as f64, factor);
        let n_iterations = if self.aggressive_elimination { n_required } else { n_possible.min(n_required) };
        let mut schedule = Schedule {
            n_iterations,
            n_possible_iterations: n_possible,
            n_required_iterations: n_required,
            min_resources,
            max_resources,
            ..Default::default()
        };
        let n_samples = data.x.shape()[0];
        let mut table = Table {
            candidates: Vec::new(),
            rows: Vec::new(),
            leading: vec![("iter".into(), Vec::new()), ("n_resources".into(), Vec::new())],
            select: Some(best_of_last_iteration),
            reused: 0,
        };
        for itr in 0..n_iterations {
            let n_candidates = candidates.len();
            let power = if self.aggressive_elimination { (itr + n_possible).saturating_sub(n_required) } else { itr };
            let n_resources = ((factor.powi(power as i32) * min_resources as f64) as usize).min(max_resources);
            schedule.n_resources.push(n_resources);
            schedule.n_candidates.push(n_candidates);
            let evaluated = match &self.resource {
                Resource::NSamples => {
                    let fraction = n_resources as f64 / n_samples as f64;
                    let sub = subsample(folds, fraction, self.random_state.unwrap_or(0));
                    core.evaluate(candidates, data, &sub, scorers, clock).await?
                }
                Resource::Param(p) => {
                    for c in &mut candidates {
                        c.insert(p.clone(), ParamValue::Int(n_resources as i64));
                    }
                    core.evaluate(candidates, data, folds, scorers, clock).await?
                }
            };
            let means: Vec<f64> =
                evaluated.results.iter().map(|r| r.iter().map(|f| f.test[0]).sum::<f64>() / r.len() as f64).collect();
            let keep = (n_candidates as f64 / factor).ceil() as usize;
            candidates = top_k(&means, keep).into_iter().map(|i| evaluated.candidates[i].clone()).collect();
            table.leading[0].1.extend(std::iter::repeat_n(itr as i64, n_candidates));
            table.leading[1].1.extend(std::iter::repeat_n(n_resources as i64, n_candidates));
            table.candidates.extend(evaluated.candidates);
            table.rows.extend(evaluated.results);
            table.reused += evaluated.reused;
        }
        Ok((table, schedule))
    }
}

/// The `k` best rows, worst first (scikit-learn's `_top_k`: a stable ascending sort with NaN
/// moved to the front, then the last k).
fn top_k(means: &[f64], k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..means.len()).collect();
    order.sort_by(|&a, &b| match (means[a].is_nan(), means[b].is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        _ => means[a].total_cmp(&means[b]),
    });
    order[order.len().saturating_sub(k)..].to_vec()
}

/// The best row of the last iteration (NaN-ignoring; the first row where all are NaN).
fn best_of_last_iteration(results: &super::CvResults) -> Result<usize> {
    let iters = results.ints("iter")?;
    let means = results.floats("mean_test_score")?;
    let last = iters.iter().copied().max().unwrap_or(0);
    let rows: Vec<usize> = (0..iters.len()).filter(|&i| iters[i] == last).collect();
    let best = rows.iter().copied().filter(|&i| !means[i].is_nan()).fold(None, |b: Option<usize>, i| match b {
        Some(j) if means[j] >= means[i] => Some(j),
        _ => Some(i),
    });
    Ok(best.unwrap_or(rows[0]))
}

/// Each fold with `fraction` of its train and test rows, drawn without replacement.
fn subsample(folds: &[Fold], fraction: f64, seed: u64) -> Vec<Fold> {
    let mut rng = Philox::new(seed);
    let mut pick = |rows: &[usize]| -> Vec<usize> {
        let m = (fraction * rows.len() as f64) as usize;
        rng.permutation_host(rows.len())[..m].iter().map(|&i| rows[i]).collect()
    };
    folds.iter().map(|(train, test)| (pick(train), pick(test))).collect()
}

/// The builder methods of the halving settings.
macro_rules! halving_settings {
    ($ty:ident) => {
        impl $ty {
            /// The proportion of candidates kept, and the growth of the resource, per
            /// iteration (default 3).
            pub fn factor(mut self, factor: f64) -> Self {
                self.halving.factor = factor;
                self
            }
            /// What grows (default the number of samples).
            pub fn resource(mut self, resource: Resource) -> Self {
                self.halving.resource = resource;
                self
            }
            /// The first iteration's resource (default exhaust).
            pub fn min_resources(mut self, min: MinResources) -> Self {
                self.halving.min_resources = min;
                self
            }
            /// The largest resource (default: the number of samples).
            pub fn max_resources(mut self, max: usize) -> Self {
                self.halving.max_resources = Some(max);
                self
            }
            /// Keep eliminating at the first resource until the last iteration has fewer
            /// than factor candidates.
            pub fn aggressive_elimination(mut self, on: bool) -> Self {
                self.halving.aggressive_elimination = on;
                self
            }
            /// The seed of the subsampling (and of the draws) (None: seed 0).
            pub fn random_state(mut self, seed: u64) -> Self {
                self.halving.random_state = Some(seed);
                self
            }
            fn schedule(&self, method: &'static str) -> Result<&Schedule> {
                self.schedule.as_ref().ok_or(Error::NotFitted { estimator: stringify!($ty), method })
            }
            /// The resource of each iteration.
            pub fn n_resources_(&self) -> Result<&[usize]> {
                Ok(&self.schedule("n_resources_")?.n_resources)
            }
            /// The candidates of each iteration.
            pub fn n_candidates_(&self) -> Result<&[usize]> {
                Ok(&self.schedule("n_candidates_")?.n_candidates)
            }
            /// The iterations run.
            pub fn n_iterations_(&self) -> Result<usize> {
                Ok(self.schedule("n_iterations_")?.n_iterations)
            }
            /// The iterations that min_resources and max_resources allow.
            pub fn n_possible_iterations_(&self) -> Result<usize> {
                Ok(self.schedule("n_possible_iterations_")?.n_possible_iterations)
            }
            /// The iterations needed to end with fewer than factor candidates.
            pub fn n_required_iterations_(&self) -> Result<usize> {
                Ok(self.schedule("n_required_iterations_")?.n_required_iterations)
            }
            /// The first iteration's resource.
            pub fn min_resources_(&self) -> Result<usize> {
                Ok(self.schedule("min_resources_")?.min_resources)
            }
            /// The largest resource.
            pub fn max_resources_(&self) -> Result<usize> {
                Ok(self.schedule("max_resources_")?.max_resources)
            }
        }
    };
}

/// Successive halving over a grid: scikit-learn's `HalvingGridSearchCV`.
pub struct HalvingGridSearchCV {
    core: SearchCV,
    param_grid: ParamGrid,
    halving: Halving,
    schedule: Option<Schedule>,
}

impl HalvingGridSearchCV {
    pub fn new(estimator: impl Into<Box<dyn DynEstimator>>, param_grid: ParamGrid) -> Self {
        HalvingGridSearchCV {
            core: SearchCV::new("HalvingGridSearchCV", estimator.into(), true),
            param_grid,
            halving: Halving::default(),
            schedule: None,
        }
    }

    /// `fit` with the groups of a group splitter and per-sample weights.
    pub async fn fit_full(
        &mut self,
        x: &Array,
        y: Option<&Array>,
        groups: Option<&Array>,
        w: Option<&Array>,
    ) -> Result<()> {
        self.schedule = None;
        self.halving.check("HalvingGridSearchCV", self.core.estimator.as_ref())?;
        let candidates = self.param_grid.candidates()?;
        let halving = &self.halving;
        let mut schedule = None;
        self.core
            .fit_with(Data { x, y, groups, w }, async |core, data, folds, scorers, clock| {
                let (table, s) = halving.run(core, |_| Ok(candidates), data, folds, scorers, clock).await?;
                schedule = Some(s);
                Ok(table)
            })
            .await?;
        self.schedule = schedule;
        Ok(())
    }
}
search_settings!(HalvingGridSearchCV);
halving_settings!(HalvingGridSearchCV);

/// Successive halving over candidates drawn from distributions: scikit-learn's
/// `HalvingRandomSearchCV`.
pub struct HalvingRandomSearchCV {
    core: SearchCV,
    param_distributions: ParamDistributions,
    n_candidates: NCandidates,
    halving: Halving,
    schedule: Option<Schedule>,
}

impl HalvingRandomSearchCV {
    pub fn new(estimator: impl Into<Box<dyn DynEstimator>>, param_distributions: ParamDistributions) -> Self {
        HalvingRandomSearchCV {
            core: SearchCV::new("HalvingRandomSearchCV", estimator.into(), true),
            param_distributions,
            n_candidates: NCandidates::Exhaust,
            halving: Halving::default(),
            schedule: None,
        }
    }

    /// How many candidates the first iteration draws (default exhaust).
    pub fn n_candidates(mut self, n: NCandidates) -> Self {
        self.n_candidates = n;
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
        self.schedule = None;
        self.halving.check("HalvingRandomSearchCV", self.core.estimator.as_ref())?;
        if self.n_candidates == NCandidates::Exhaust && self.halving.min_resources == MinResources::Exhaust {
            return Err(Error::invalid_parameter(
                "n_candidates",
                "'exhaust'",
                "HalvingRandomSearchCV: n_candidates and min_resources cannot both be 'exhaust'",
            ));
        }
        let (halving, n_candidates, dists) = (&self.halving, self.n_candidates, &self.param_distributions);
        let mut schedule = None;
        self.core
            .fit_with(Data { x, y, groups, w }, async |core, data, folds, scorers, clock| {
                let draw = |(min, max): (usize, usize)| {
                    let n = match n_candidates {
                        NCandidates::Count(n) => n,
                        NCandidates::Exhaust => max / min,
                    };
                    dists.sample(n.max(1), halving.random_state.unwrap_or(0))
                };
                let (table, s) = halving.run(core, draw, data, folds, scorers, clock).await?;
                schedule = Some(s);
                Ok(table)
            })
            .await?;
        self.schedule = schedule;
        Ok(())
    }
}
search_settings!(HalvingRandomSearchCV);
halving_settings!(HalvingRandomSearchCV);
