//! `cv_results_`: a table with scikit-learn's column names and order, written as JSON or CSV.

use crate::error::{Error, Result};
use crate::estimator::{ParamValue, Params};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// One column of the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    Floats(Vec<f64>),
    Ints(Vec<i64>),
    /// A `param_<name>` column: None where the candidate does not set the parameter
    /// (scikit-learn's masked entries).
    Values(Vec<Option<ParamValue>>),
    /// The `params` column: each candidate's parameters.
    Params(Vec<Params>),
}

impl Column {
    fn len(&self) -> usize {
        match self {
            Column::Floats(v) => v.len(),
            Column::Ints(v) => v.len(),
            Column::Values(v) => v.len(),
            Column::Params(v) => v.len(),
        }
    }

    /// Row `i` as a JSON value (NaN and infinities as strings, which JSON lacks).
    fn json(&self, i: usize) -> serde_json::Value {
        let float =
            |v: f64| if v.is_finite() { serde_json::Value::from(v) } else { serde_json::Value::from(v.to_string()) };
        match self {
            Column::Floats(v) => float(v[i]),
            Column::Ints(v) => v[i].into(),
            Column::Values(v) => v[i].as_ref().map_or(serde_json::Value::Null, value_json),
            Column::Params(v) => {
                serde_json::Value::Object(v[i].iter().map(|(k, p)| (k.clone(), value_json(p))).collect())
            }
        }
    }
}

/// A parameter value as JSON: plain numbers, strings and lists; an estimator by its repr.
fn value_json(v: &ParamValue) -> serde_json::Value {
    match v {
        ParamValue::None => serde_json::Value::Null,
        ParamValue::Bool(b) => (*b).into(),
        ParamValue::Int(i) => (*i).into(),
        ParamValue::Float(f) if f.is_finite() => (*f).into(),
        ParamValue::Float(f) => f.to_string().into(),
        ParamValue::Str(s) => s.clone().into(),
        ParamValue::Floats(v) => v.clone().into(),
        ParamValue::Estimator(e) => format!("{e:?}").into(),
    }
}

/// scikit-learn's `cv_results_`: named columns of one row per candidate.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CvResults {
    columns: Vec<(String, Column)>,
}

impl CvResults {
    pub(crate) fn push(&mut self, name: impl Into<String>, column: Column) {
        self.columns.push((name.into(), column));
    }

    /// The column names, in scikit-learn's order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|(n, _)| n.as_str())
    }

    /// The number of rows (candidates).
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, |(_, c)| c.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A column by name; an unknown name is an error listing the columns.
    pub fn get(&self, name: &str) -> Result<&Column> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c).ok_or_else(|| {
            Error::invalid_parameter(
                "key",
                format!("'{name}'"),
                format!("cv_results_ has no such column; it has: {}", self.keys().collect::<Vec<_>>().join(", ")),
            )
        })
    }

    /// A float column (scores and times) by name.
    pub fn floats(&self, name: &str) -> Result<&[f64]> {
        match self.get(name)? {
            Column::Floats(v) => Ok(v),
            _ => Err(Error::invalid_parameter("key", format!("'{name}'"), "that column does not hold floats")),
        }
    }

    /// An integer column (ranks, iterations, resources) by name.
    pub fn ints(&self, name: &str) -> Result<&[i64]> {
        match self.get(name)? {
            Column::Ints(v) => Ok(v),
            _ => Err(Error::invalid_parameter("key", format!("'{name}'"), "that column does not hold integers")),
        }
    }

    /// Each candidate's parameters (the `params` column).
    pub fn params(&self) -> &[Params] {
        match self.get("params") {
            Ok(Column::Params(p)) => p,
            _ => &[],
        }
    }

    /// The table as a JSON object of columns, as `pandas.DataFrame(cv_results_).to_dict("list")`
    /// would write it.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| Error::invalid_parameter("cv_results_", "the table", e.to_string()))
    }

    /// The table as CSV: a header of column names and one row per candidate; `params` as a
    /// JSON object, quoted.
    pub fn to_csv(&self) -> String {
        let quote = |s: String| {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s
            }
        };
        let mut out = self.keys().map(|k| quote(k.to_string())).collect::<Vec<_>>().join(",");
        out.push('\n');
        for i in 0..self.len() {
            let row: Vec<String> = self
                .columns
                .iter()
                .map(|(_, c)| match c.json(i) {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => quote(s),
                    v => quote(v.to_string()),
                })
                .collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
        out
    }
}

impl Serialize for CvResults {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.columns.len()))?;
        for (name, column) in &self.columns {
            let values: Vec<serde_json::Value> = (0..column.len()).map(|i| column.json(i)).collect();
            map.serialize_entry(name, &values)?;
        }
        map.end()
    }
}
