//! Hyperparameters as values, for `get_params` / `set_param` (what searches and pipelines use),
//! and the macro that gives every estimator its builder methods from one field list.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
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
}

/// Parameter name to value, sorted by name.
pub type Params = BTreeMap<String, ParamValue>;

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
fn wrong_kind(name: &'static str, value: &ParamValue, expected: &str) -> Error {
    Error::InvalidParameter { name, value: format!("{value:?}"), reason: format!("expected {expected}") }
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

impl Param for String {
    fn to_value(&self) -> ParamValue {
        ParamValue::Str(self.clone())
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        match value {
            ParamValue::Str(s) => Ok(s),
            v => Err(wrong_kind(name, &v, "a string")),
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

/// Builder methods (one per hyperparameter, named as in scikit-learn), `params()` and
/// `assign_param()` for an estimator whose hyperparameters are the listed fields.
macro_rules! hyperparameters {
    ($ty:ident { $($(#[$doc:meta])* $field:ident: $t:ty),* $(,)? }) => {
        impl $ty {
            $(
                $(#[$doc])*
                pub fn $field(mut self, value: impl Into<$t>) -> Self {
                    self.$field = value.into();
                    self
                }
            )*

            fn params(&self) -> $crate::estimator::Params {
                #[allow(unused_mut)]
                let mut out = $crate::estimator::Params::new();
                $( out.insert(stringify!($field).to_string(), <$t as $crate::estimator::Param>::to_value(&self.$field)); )*
                out
            }

            fn assign_param(&mut self, name: &str, value: $crate::estimator::ParamValue) -> $crate::error::Result<()> {
                match name {
                    $( stringify!($field) => {
                        self.$field = <$t as $crate::estimator::Param>::from_value(stringify!($field), value)?;
                        Ok(())
                    } )*
                    _ => {
                        let known: &[&str] = &[$(stringify!($field)),*];
                        let _ = value;
                        Err($crate::error::Error::InvalidParameter {
                            name: "name",
                            value: name.to_string(),
                            reason: format!("{} has no such parameter (it has: {:?})", stringify!($ty), known),
                        })
                    }
                }
            }
        }
    };
}
pub(crate) use hyperparameters;
