//! The classification report: each label's precision, recall, F1 and support, and their
//! averages, as a structure and (through `Display`) as scikit-learn's text table.

use super::setwise::{precision_recall_fscore_support, Average, ZeroDivision};
use super::target::{TargetType, Targets};
use crate::array::{stack, Array};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops;
use std::fmt;
use std::future::IntoFuture;

/// Each label's precision, recall, F1 score and support, then the accuracy and the micro,
/// macro, weighted (and, for multilabel targets, samples) averages. Print it for
/// scikit-learn's text table.
pub fn classification_report<'a>(y_true: &'a Array, y_pred: &'a Array) -> ClassificationReportBuilder<'a> {
    ClassificationReportBuilder {
        y_true,
        y_pred,
        labels: None,
        target_names: None,
        sample_weight: None,
        digits: 2,
        zero_division: ZeroDivision::Warn,
    }
}

/// The arguments of [`classification_report`]; await it for the report.
pub struct ClassificationReportBuilder<'a> {
    y_true: &'a Array,
    y_pred: &'a Array,
    labels: Option<Vec<f64>>,
    target_names: Option<Vec<String>>,
    sample_weight: Option<&'a Array>,
    digits: usize,
    zero_division: ZeroDivision,
}

/// One line of a [`ClassificationReport`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReportLine {
    /// The label's name, or the average's ("macro avg", ...).
    pub name: String,
    pub precision: f64,
    pub recall: f64,
    pub f1_score: f64,
    /// The (weighted) count of the label in y_true; for averages, of all labels reported.
    pub support: f64,
}

/// A classification report; `Display` writes scikit-learn's text table.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassificationReport {
    /// One line per label, in the order of `labels` (sorted by default).
    pub labels: Vec<ReportLine>,
    /// The accuracy, where the micro average is it: binary or multiclass targets with every
    /// present label reported. The micro average is then not among `averages`.
    pub accuracy: Option<f64>,
    /// "micro avg" (unless it is the accuracy), "macro avg", "weighted avg", and for
    /// multilabel targets "samples avg".
    pub averages: Vec<ReportLine>,
    /// The decimals the text table shows.
    pub digits: usize,
    /// Whether the supports are counts (no sample weights), which the table shows as
    /// integers.
    pub counts: bool,
}

impl<'a> ClassificationReportBuilder<'a> {
    /// The labels to report, in this order (for multilabel targets, column indices); by
    /// default every label present, sorted.
    pub fn labels(mut self, labels: impl Into<Vec<f64>>) -> Self {
        self.labels = Some(labels.into());
        self
    }
    /// The names the lines show for the labels, one per label.
    pub fn target_names<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.target_names = Some(names.into_iter().map(Into::into).collect());
        self
    }
    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }
    /// Decimals of the text table (default 2).
    pub fn digits(mut self, digits: usize) -> Self {
        self.digits = digits;
        self
    }
    pub fn zero_division(mut self, zero_division: ZeroDivision) -> Self {
        self.zero_division = zero_division;
        self
    }

    /// Readback: the labels, the per-label scores and supports, and the averages.
    async fn compute(self) -> Result<ClassificationReport> {
        const OP: &str = "classification_report";
        let t = Targets::check(self.y_true, self.y_pred, OP).await?;
        let labels = self.labels.clone().unwrap_or_else(|| t.present.clone());
        let micro_is_accuracy =
            t.kind != TargetType::MultilabelIndicator && t.present.iter().all(|l| labels.contains(l));
        let names = match self.target_names {
            Some(names) if names.len() != labels.len() => {
                return Err(Error::invalid_parameter(
                    "target_names",
                    format!("{names:?}"),
                    format!("{OP}: {} names for {} labels ({labels:?})", names.len(), labels.len()),
                ))
            }
            Some(names) => names,
            None => {
                let dtype = match (t.kind, DType::promote(self.y_true.dtype(), self.y_pred.dtype())) {
                    (TargetType::MultilabelIndicator, _) => DType::I32,
                    // Under Float64::Downcast the labels are f32 values, and named as such.
                    (_, DType::F64) if self.y_true.device().info().f64_downcast() => DType::F32,
                    (_, dtype) => dtype,
                };
                labels.iter().map(|&l| label_name(l, dtype)).collect()
            }
        };
        let prfs = || {
            precision_recall_fscore_support(self.y_true, self.y_pred)
                .labels(labels.clone())
                .sample_weight(self.sample_weight)
                .zero_division(self.zero_division)
        };
        let per_label = prfs().await?;
        let counts = per_label.support.dtype() == DType::I32;
        let float = |a: &Array| ops::astype(a, DType::F64);
        let (p, r, f1) = (float(&per_label.precision)?, float(&per_label.recall)?, float(&per_label.fscore)?);
        let values = stack(&[&p, &r, &f1, &float(&per_label.support)?], 0)?.to_vec::<f64>().await?;
        let k = labels.len();
        let lines: Vec<ReportLine> = names
            .into_iter()
            .enumerate()
            .map(|(i, name)| ReportLine {
                name,
                precision: values[i],
                recall: values[k + i],
                f1_score: values[2 * k + i],
                support: values[3 * k + i],
            })
            .collect();
        let support = values[3 * k..].iter().sum();
        let mut kinds =
            vec![(Average::Micro, "micro avg"), (Average::Macro, "macro avg"), (Average::Weighted, "weighted avg")];
        if t.kind == TargetType::MultilabelIndicator {
            kinds.push((Average::Samples, "samples avg"));
        }
        let mut accuracy = None;
        let mut averages = Vec::new();
        for (average, name) in kinds {
            let s = prfs().average(average).await?;
            if average == Average::Micro && micro_is_accuracy {
                accuracy = Some(s.precision);
                continue;
            }
            averages.push(ReportLine {
                name: name.into(),
                precision: s.precision,
                recall: s.recall,
                f1_score: s.fscore,
                support,
            });
        }
        Ok(ClassificationReport { labels: lines, accuracy, averages, digits: self.digits, counts })
    }
}

impl<'a> IntoFuture for ClassificationReportBuilder<'a> {
    type Output = Result<ClassificationReport>;
    type IntoFuture = BoxFuture<'a, Result<ClassificationReport>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

/// A label as scikit-learn prints it (Python's `str` of the label's numpy value).
fn label_name(label: f64, dtype: DType) -> String {
    match dtype {
        DType::Bool => if label != 0.0 { "True" } else { "False" }.into(),
        DType::F32 => python_float(label as f32),
        DType::F64 => python_float(label),
        _ => format!("{}", label as i64),
    }
}

/// Python's `repr` of a float, from Rust's shortest round-trip digits (of the f32 or f64 it
/// is): integral values keep ".0", and very large or small ones take an exponent of at
/// least two digits ("1e-05", "1e+16").
fn python_float<T: Copy + Into<f64> + fmt::Display + fmt::LowerExp>(v: T) -> String {
    let wide: f64 = v.into();
    if wide.is_nan() {
        return "nan".into();
    }
    if wide.is_infinite() {
        return if wide > 0.0 { "inf" } else { "-inf" }.into();
    }
    if wide != 0.0 && !(1e-4..1e16).contains(&wide.abs()) {
        let scientific = format!("{v:e}");
        let (mantissa, exponent) = scientific.split_once('e').expect("LowerExp writes an exponent");
        let exponent: i32 = exponent.parse().expect("LowerExp writes an integer exponent");
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exponent.abs());
    }
    if wide.fract() == 0.0 {
        format!("{v}.0")
    } else {
        v.to_string()
    }
}

/// A score as Python's `format(v, ".{digits}f")`: Rust rounds the same way, but writes NaN
/// differently.
fn decimals(v: f64, digits: usize) -> String {
    if v.is_nan() {
        "nan".into()
    } else {
        format!("{v:.digits$}")
    }
}

impl ClassificationReport {
    fn support_text(&self, support: f64) -> String {
        if self.counts {
            format!("{}", support as i64)
        } else {
            python_float(support)
        }
    }
}

impl fmt::Display for ClassificationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.digits;
        let name_width = self.labels.iter().map(|l| l.name.chars().count()).max().unwrap_or(0);
        let width = name_width.max("weighted avg".len()).max(digits);
        writeln!(f, "{:>width$}  {:>9} {:>9} {:>9} {:>9}", "", "precision", "recall", "f1-score", "support")?;
        writeln!(f)?;
        let line = |f: &mut fmt::Formatter<'_>, l: &ReportLine| {
            let [p, r, f1] = [l.precision, l.recall, l.f1_score].map(|v| decimals(v, digits));
            writeln!(f, "{:>width$}  {p:>9} {r:>9} {f1:>9} {:>9}", l.name, self.support_text(l.support))
        };
        for l in &self.labels {
            line(f, l)?;
        }
        writeln!(f)?;
        if let Some(accuracy) = self.accuracy {
            let support = self.averages.first().map_or(0.0, |a| a.support);
            let accuracy = decimals(accuracy, digits);
            writeln!(f, "{:>width$}  {:>9} {:>9} {accuracy:>9} {:>9}", "accuracy", "", "", self.support_text(support))?;
        }
        for l in &self.averages {
            line(f, l)?;
        }
        Ok(())
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    {}
    ClassificationReportBuilder<'a> => {
        labels: Vec<f64>,
        target_names: Vec<String>,
        sample_weight: Array,
        digits: usize,
        zero_division: super::ZeroDivision,
        output_dict: bool => run,
    }
}

/// The text table, or with `output_dict` scikit-learn's dict: each label's and average's
/// precision, recall, f1-score and support, and the accuracy.
#[cfg(target_arch = "wasm32")]
impl<'a> crate::wasm::metrics::JsRun<'a> for ClassificationReportBuilder<'a> {
    fn run(self, given: &'a crate::wasm::metrics::Given) -> BoxFuture<'a, Result<wasm_bindgen::JsValue>> {
        use crate::wasm::metrics::parts;
        Box::pin(async move {
            let report = self.await?;
            if given.value("output_dict").is_none_or(|v| v.as_bool() != Some(true)) {
                return Ok(report.to_string().into());
            }
            let line = |l: &ReportLine| {
                parts(vec![
                    ("precision", l.precision.into()),
                    ("recall", l.recall.into()),
                    ("f1-score", l.f1_score.into()),
                    ("support", l.support.into()),
                ])
            };
            let mut entries = Vec::new();
            for l in &report.labels {
                entries.push((l.name.as_str(), line(l)?));
            }
            if let Some(accuracy) = report.accuracy {
                entries.push(("accuracy", accuracy.into()));
            }
            for l in &report.averages {
                entries.push((l.name.as_str(), line(l)?));
            }
            parts(entries)
        })
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    y_true, y_pred;
    classification_report => ClassificationReportBuilder<'static>
        as "string | Record<string, number | { precision: number; recall: number; 'f1-score': number; support: number }>";
}
