//! The candidates a search tries: scikit-learn's ParameterGrid (a list of grids) and
//! ParameterSampler (distributions, drawn from the shared Philox stream).

use crate::error::{Error, Result};
use crate::estimator::{ParamValue, Params};
use crate::ops::Philox;
use std::collections::BTreeMap;

/// One grid or a list of grids of parameter values: scikit-learn's `param_grid`. Candidates
/// come grid by grid, each the product of its parameters' values in sorted name order, the
/// last name varying fastest (scikit-learn's ParameterGrid).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParamGrid {
    grids: Vec<BTreeMap<String, Vec<ParamValue>>>,
}

impl ParamGrid {
    /// No grid yet; `param` starts the first.
    pub fn new() -> Self {
        ParamGrid::default()
    }

    /// Adds a parameter and its values to the current grid.
    pub fn param<V: Into<ParamValue>>(mut self, name: &str, values: impl IntoIterator<Item = V>) -> Self {
        if self.grids.is_empty() {
            self.grids.push(BTreeMap::new());
        }
        let grid = self.grids.last_mut().expect("one grid at least");
        grid.insert(name.to_string(), values.into_iter().map(Into::into).collect());
        self
    }

    /// Starts another grid: the candidates are those of each grid in turn (a list of dicts).
    pub fn or(mut self) -> Self {
        self.grids.push(BTreeMap::new());
        self
    }

    /// Every candidate, in scikit-learn's order.
    pub fn candidates(&self) -> Result<Vec<Params>> {
        if self.grids.is_empty() {
            return Err(Error::invalid_parameter(
                "param_grid",
                "[]",
                "the grid is empty: give at least one parameter with values",
            ));
        }
        let mut out = Vec::new();
        for grid in &self.grids {
            if let Some((name, _)) = grid.iter().find(|(_, v)| v.is_empty()) {
                return Err(Error::invalid_parameter(
                    "param_grid",
                    format!("{name}: []"),
                    format!("the grid for parameter '{name}' needs to be a non-empty sequence"),
                ));
            }
            let mut partial = vec![Params::new()];
            for (name, values) in grid {
                partial = partial
                    .into_iter()
                    .flat_map(|p| {
                        values.iter().map(move |v| {
                            let mut p = p.clone();
                            p.insert(name.clone(), v.clone());
                            p
                        })
                    })
                    .collect();
            }
            out.extend(partial);
        }
        Ok(out)
    }
}

/// A distribution a randomized search draws a parameter from.
#[derive(Debug, Clone, PartialEq)]
pub enum Distribution {
    /// Uniform on [loc, loc + scale] (scipy.stats.uniform).
    Uniform { loc: f64, scale: f64 },
    /// Log-uniform on [a, b], a > 0 (scipy.stats.loguniform).
    LogUniform { a: f64, b: f64 },
    /// Integers in [low, high) (scipy.stats.randint).
    RandInt { low: i64, high: i64 },
    /// One of the values, equally likely (a list in scikit-learn).
    Choice(Vec<ParamValue>),
}

impl Distribution {
    fn check(&self, name: &str) -> Result<()> {
        let bad = |reason: &str| {
            Err(Error::invalid_parameter("param_distributions", format!("{name}: {self:?}"), reason.to_string()))
        };
        match *self {
            Distribution::Uniform { loc, scale } if !(loc.is_finite() && scale.is_finite() && scale >= 0.0) => {
                bad("uniform needs a finite loc and a finite scale >= 0")
            }
            Distribution::LogUniform { a, b } if !(a > 0.0 && b.is_finite() && a <= b) => {
                bad("loguniform needs 0 < a <= b, both finite")
            }
            Distribution::RandInt { low, high } if low >= high => bad("randint needs low < high"),
            Distribution::Choice(ref v) if v.is_empty() => bad("a choice list must not be empty"),
            _ => Ok(()),
        }
    }

    /// One draw; `u` is uniform on [0, 1).
    fn draw(&self, u: f64) -> ParamValue {
        match self {
            Distribution::Uniform { loc, scale } => ParamValue::Float(loc + scale * u),
            Distribution::LogUniform { a, b } => ParamValue::Float((a.ln() + u * (b.ln() - a.ln())).exp()),
            Distribution::RandInt { low, high } => {
                let span = (high - low) as f64;
                ParamValue::Int(low + ((u * span) as i64).min(high - low - 1))
            }
            Distribution::Choice(values) => values[((u * values.len() as f64) as usize).min(values.len() - 1)].clone(),
        }
    }
}

/// The distributions of a randomized search: scikit-learn's `param_distributions` (one dict
/// or a list of dicts, each draw picking a dict first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParamDistributions {
    dicts: Vec<BTreeMap<String, Distribution>>,
}

impl ParamDistributions {
    pub fn new() -> Self {
        ParamDistributions::default()
    }

    /// Adds a parameter's distribution to the current dict.
    pub fn param(mut self, name: &str, distribution: Distribution) -> Self {
        if self.dicts.is_empty() {
            self.dicts.push(BTreeMap::new());
        }
        self.dicts.last_mut().expect("one dict at least").insert(name.to_string(), distribution);
        self
    }

    /// Adds a parameter drawn from a list of values.
    pub fn choice<V: Into<ParamValue>>(self, name: &str, values: impl IntoIterator<Item = V>) -> Self {
        self.param(name, Distribution::Choice(values.into_iter().map(Into::into).collect()))
    }

    /// Starts another dict.
    pub fn or(mut self) -> Self {
        self.dicts.push(BTreeMap::new());
        self
    }

    /// `n_iter` candidates, as scikit-learn's ParameterSampler: where every parameter is a
    /// list, distinct points of the grid drawn without replacement (at most the grid's size);
    /// otherwise independent draws, parameters in sorted name order.
    pub fn sample(&self, n_iter: usize, seed: u64) -> Result<Vec<Params>> {
        if self.dicts.is_empty() {
            return Err(Error::invalid_parameter("param_distributions", "[]", "give at least one parameter"));
        }
        for d in &self.dicts {
            d.iter().try_for_each(|(n, dist)| dist.check(n))?;
        }
        let mut rng = Philox::new(seed);
        let all_lists = self.dicts.iter().all(|d| d.values().all(|v| matches!(v, Distribution::Choice(_))));
        if all_lists {
            let mut grid = ParamGrid::new();
            for (i, d) in self.dicts.iter().enumerate() {
                if i > 0 {
                    grid = grid.or();
                }
                for (name, dist) in d {
                    let Distribution::Choice(values) = dist else { unreachable!("all lists") };
                    grid = grid.param(name, values.clone());
                }
            }
            let all = grid.candidates()?;
            let picked = rng.permutation_host(all.len());
            return Ok(picked.into_iter().take(n_iter).map(|i| all[i].clone()).collect());
        }
        let mut out = Vec::with_capacity(n_iter);
        for _ in 0..n_iter {
            let u = rng.uniform_host(1 + self.dicts.iter().map(BTreeMap::len).max().unwrap_or(0));
            let dict = &self.dicts[((u[0] * self.dicts.len() as f64) as usize).min(self.dicts.len() - 1)];
            out.push(dict.iter().zip(&u[1..]).map(|((name, dist), &u)| (name.clone(), dist.draw(u))).collect());
        }
        Ok(out)
    }
}
