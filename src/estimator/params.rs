//! Hyperparameters as values, for `get_params` / `set_param` (what searches and pipelines use),
//! and the checks that a declaration attaches to them (scikit-learn's `_parameter_constraints`).

use super::DynEstimator;
use crate::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// One hyperparameter value, as scikit-learn's `get_params` returns them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ParamValue {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Floats(Vec<f64>),
    /// A whole estimator: a step of a Pipeline or a FeatureUnion, which a search can replace.
    Estimator(EstimatorParam),
}

/// An (unfitted) estimator as a hyperparameter value. Two are equal when they are the same
/// class with the same hyperparameters; it serializes as the model JSON of
/// [`DynEstimator::to_json`].
pub struct EstimatorParam(pub Box<dyn DynEstimator>);

impl Clone for EstimatorParam {
    fn clone(&self) -> Self {
        EstimatorParam(self.0.clone_box())
    }
}

impl std::fmt::Debug for EstimatorParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.repr())
    }
}

impl PartialEq for EstimatorParam {
    fn eq(&self, other: &Self) -> bool {
        self.0.name() == other.0.name() && self.0.get_params() == other.0.get_params()
    }
}

impl Serialize for EstimatorParam {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let json = self.0.to_json().map_err(serde::ser::Error::custom)?;
        let value: serde_json::Value = serde_json::from_str(&json).map_err(serde::ser::Error::custom)?;
        value.serialize(s)
    }
}

impl<'de> Deserialize<'de> for EstimatorParam {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        super::from_json(&value.to_string()).map(EstimatorParam).map_err(serde::de::Error::custom)
    }
}

impl<E: super::Estimator> From<E> for ParamValue {
    fn from(e: E) -> Self {
        ParamValue::Estimator(EstimatorParam(e.into_dyn()))
    }
}

impl From<Box<dyn DynEstimator>> for ParamValue {
    fn from(e: Box<dyn DynEstimator>) -> Self {
        ParamValue::Estimator(EstimatorParam(e))
    }
}

/// Parameter name to value, sorted by name.
pub type Params = BTreeMap<String, ParamValue>;

/// Written as Python would (`None`, `True`, `0.5`, `'svd'`, `[1.0, 2.0]`), so that messages
/// and reprs read like scikit-learn's.
impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let float = |v: f64| if v.fract() == 0.0 && v.is_finite() { format!("{v:.1}") } else { format!("{v}") };
        match self {
            ParamValue::None => write!(f, "None"),
            ParamValue::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            ParamValue::Int(i) => write!(f, "{i}"),
            ParamValue::Float(v) => write!(f, "{}", float(*v)),
            ParamValue::Str(s) => write!(f, "'{s}'"),
            ParamValue::Floats(v) => write!(f, "[{}]", v.iter().map(|&x| float(x)).collect::<Vec<_>>().join(", ")),
            ParamValue::Estimator(e) => write!(f, "{e:?}"),
        }
    }
}

impl From<bool> for ParamValue {
    fn from(v: bool) -> Self {
        ParamValue::Bool(v)
    }
}
impl From<i64> for ParamValue {
    fn from(v: i64) -> Self {
        ParamValue::Int(v)
    }
}
impl From<usize> for ParamValue {
    fn from(v: usize) -> Self {
        ParamValue::Int(v as i64)
    }
}
impl From<f64> for ParamValue {
    fn from(v: f64) -> Self {
        ParamValue::Float(v)
    }
}
impl From<&str> for ParamValue {
    fn from(v: &str) -> Self {
        ParamValue::Str(v.into())
    }
}
impl From<Vec<f64>> for ParamValue {
    fn from(v: Vec<f64>) -> Self {
        ParamValue::Floats(v)
    }
}

/// `Error::InvalidParameter` for a value of the wrong kind.
pub(crate) fn wrong_kind(name: &'static str, value: &ParamValue, expected: &str) -> Error {
    Error::InvalidParameter { name, value: value.to_string(), reason: format!("expected {expected}") }
}

/// A Rust type a hyperparameter field can have.
pub trait Param: Sized {
    fn to_value(&self) -> ParamValue;
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self>;
}

impl Param for bool {
    fn to_value(&self) -> ParamValue {
        ParamValue::Bool(*self)
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        match value {
            ParamValue::Bool(b) => Ok(b),
            v => Err(wrong_kind(name, &v, "a bool")),
        }
    }
}

impl Param for f64 {
    fn to_value(&self) -> ParamValue {
        ParamValue::Float(*self)
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        match value {
            ParamValue::Float(f) => Ok(f),
            ParamValue::Int(i) => Ok(i as f64),
            v => Err(wrong_kind(name, &v, "a number")),
        }
    }
}

impl Param for usize {
    fn to_value(&self) -> ParamValue {
        ParamValue::Int(*self as i64)
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        match value {
            ParamValue::Int(i) if i >= 0 => Ok(i as usize),
            v => Err(wrong_kind(name, &v, "a non-negative integer")),
        }
    }
}

impl Param for u64 {
    fn to_value(&self) -> ParamValue {
        ParamValue::Int(*self as i64)
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        match value {
            ParamValue::Int(i) if i >= 0 => Ok(i as u64),
            v => Err(wrong_kind(name, &v, "a non-negative integer")),
        }
    }
}

impl Param for (f64, f64) {
    fn to_value(&self) -> ParamValue {
        ParamValue::Floats(vec![self.0, self.1])
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        match value {
            ParamValue::Floats(v) if v.len() == 2 => Ok((v[0], v[1])),
            v => Err(wrong_kind(name, &v, "two numbers")),
        }
    }
}

impl Param for Vec<f64> {
    fn to_value(&self) -> ParamValue {
        ParamValue::Floats(self.clone())
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        match value {
            ParamValue::Floats(v) => Ok(v),
            ParamValue::Float(f) => Ok(vec![f]),
            ParamValue::Int(i) => Ok(vec![i as f64]),
            v => Err(wrong_kind(name, &v, "a list of numbers")),
        }
    }
}

impl<T: Param> Param for Option<T> {
    fn to_value(&self) -> ParamValue {
        self.as_ref().map_or(ParamValue::None, T::to_value)
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        match value {
            ParamValue::None => Ok(None),
            v => T::from_value(name, v).map(Some),
        }
    }
}

/// The checks a declaration attaches to a hyperparameter: each returns why a value is refused.
/// Their names appear in the generated hyperparameter tables, so they read as constraints.
pub mod checks {
    /// What a check returns: `Err(reason)` refuses the value.
    pub type Check = std::result::Result<(), String>;

    pub fn non_negative(v: &f64) -> Check {
        if v.is_finite() && *v >= 0.0 {
            Ok(())
        } else {
            Err("must be finite and >= 0".into())
        }
    }

    pub fn finite(v: &f64) -> Check {
        if v.is_finite() {
            Ok(())
        } else {
            Err("must be a finite number".into())
        }
    }

    pub fn at_least_one_if_set(v: &Option<usize>) -> Check {
        match v {
            Some(0) => Err("must be >= 1 (or None)".into()),
            _ => Ok(()),
        }
    }

    pub fn increasing_pair(v: &(f64, f64)) -> Check {
        if v.0.is_finite() && v.1.is_finite() && v.0 < v.1 {
            Ok(())
        } else {
            Err("the minimum of the desired range must be smaller than its maximum, both finite".into())
        }
    }

    /// Weights that are normalized to sum to one (class priors): finite, non-negative, and
    /// not all zero.
    pub fn distribution(v: &Option<Vec<f64>>) -> Check {
        match v {
            Some(p) if p.iter().any(|x| !(x.is_finite() && *x >= 0.0)) => {
                Err("every value must be finite and non-negative".into())
            }
            Some(p) if p.is_empty() => Err("must not be empty".into()),
            Some(p) if p.iter().sum::<f64>() == 0.0 => {
                Err("the values sum to zero, so they cannot be normalized".into())
            }
            _ => Ok(()),
        }
    }
}
