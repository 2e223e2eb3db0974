//! The classification metrics against scikit-learn (tests/fixtures/classification.json) on
//! every path: binary, multiclass and multilabel targets of integer, float and bool labels,
//! every average, zero_division, labels, pos_label, beta and sample weights, the confusion
//! matrices, and type_of_target; then the errors scikit-learn raises.

#[macro_use]
mod common;

use common::*;
use serde_json::Value;
use std::future::IntoFuture;
use wglearn::metrics::{self, Average, KappaWeights, Normalize, TargetType, ZeroDivision};
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(serde::Deserialize)]
struct Case {
    metric: String,
    y_true: FixtureArray,
    y_pred: FixtureArray,
    sample_weight: Option<FixtureArray>,
    params: serde_json::Map<String, Value>,
    expected: Vec<Option<FixtureArray>>,
    /// For probability scores: scikit-learn's answer for float32 probabilities, which are
    /// clipped to float32's eps.
    expected_f32: Option<Vec<Option<FixtureArray>>>,
}

#[derive(serde::Deserialize)]
struct TypeCase {
    name: String,
    y: FixtureArray,
    expected: String,
}

#[derive(serde::Deserialize)]
struct Fixtures {
    cases: Vec<Case>,
    type_of_target: Vec<TypeCase>,
    reports: Vec<ReportCase>,
}

#[derive(serde::Deserialize)]
struct ReportCase {
    y_true: FixtureArray,
    y_pred: FixtureArray,
    sample_weight: Option<FixtureArray>,
    params: serde_json::Map<String, Value>,
    text: String,
    /// scikit-learn's output_dict: each line's scores by name, and "accuracy" as a number.
    dict: serde_json::Map<String, Value>,
}

/// The metrics whose y_pred is predicted probabilities, computed in their float dtype.
const PROBABILITY_SCORES: [&str; 4] = ["log_loss", "d2_log_loss_score", "brier_score_loss", "d2_brier_score"];

fn fixtures() -> Fixtures {
    serde_json::from_str(include_str!("fixtures/classification.json"))
        .expect("tests/fixtures/classification.json parses")
}

/// Labels in their fixture dtype: int32, bool, or the float dtype under test.
fn labels(d: &Device, a: &FixtureArray, float: DType) -> Array {
    let dtype = match a.dtype.as_deref() {
        Some("int") => DType::I32,
        Some("bool") => DType::Bool,
        _ => float,
    };
    array(d, &a.data, &a.shape, dtype)
}

type Params = serde_json::Map<String, Value>;

fn numbers(params: &Params, name: &str) -> Option<Vec<f64>> {
    params
        .get(name)
        .filter(|v| !v.is_null())
        .map(|v| v.as_array().expect("a list").iter().map(|x| x.as_f64().expect("a number")).collect())
}

fn zero_division(params: &Params) -> ZeroDivision {
    match params.get("zero_division") {
        None => ZeroDivision::Warn,
        Some(Value::String(s)) if s == "warn" => ZeroDivision::Warn,
        Some(Value::String(s)) if s == "nan" => ZeroDivision::Nan,
        Some(v) if v.as_f64() == Some(0.0) => ZeroDivision::Zero,
        Some(v) if v.as_f64() == Some(1.0) => ZeroDivision::One,
        Some(other) => panic!("unknown zero_division {other}"),
    }
}

/// A fixture number, or the string scikit-learn's NaN was written as.
fn fixture_number(v: &Value) -> f64 {
    match v {
        Value::String(s) if s == "nan" => f64::NAN,
        v => v.as_f64().expect("a number"),
    }
}

impl Case {
    fn numbers(&self, name: &str) -> Option<Vec<f64>> {
        numbers(&self.params, name)
    }
    fn number(&self, name: &str) -> Option<f64> {
        self.params.get(name).and_then(Value::as_f64)
    }
    /// The average asked for; None is scikit-learn's average=None (per label).
    fn average(&self) -> Option<Average> {
        match self.params.get("average") {
            None => Some(Average::Binary),
            Some(Value::Null) => None,
            Some(Value::String(s)) => Some(match s.as_str() {
                "micro" => Average::Micro,
                "macro" => Average::Macro,
                "weighted" => Average::Weighted,
                "samples" => Average::Samples,
                other => panic!("unknown average {other}"),
            }),
            Some(other) => panic!("unknown average {other}"),
        }
    }
    fn zero_division(&self) -> ZeroDivision {
        zero_division(&self.params)
    }
    fn proba_labels<'a, O>(&self, m: metrics::Probabilistic<'a, O>) -> metrics::Probabilistic<'a, O> {
        match self.numbers("labels") {
            Some(labels) => m.labels(labels),
            None => m,
        }
    }
    fn setwise<'a, O>(&self, mut m: metrics::SetWise<'a, O>) -> metrics::SetWise<'a, O> {
        if let Some(labels) = self.numbers("labels") {
            m = m.labels(labels);
        }
        if let Some(pos_label) = self.number("pos_label") {
            m = m.pos_label(pos_label);
        }
        m.zero_division(self.zero_division())
    }
}

async fn values(a: &Array) -> Vec<f64> {
    a.to_vec::<f64>().await.unwrap()
}

suite_test! {
    async fn classification_metrics_match_sklearn(paths) {
        let fixtures = fixtures();
        for p in paths {
            let d = &p.device;
            let (rtol, _) = tol(DType::F64, d);
            for float in [DType::F32, DType::F64] {
                for case in &fixtures.cases {
                    let is_float = case.y_true.dtype.as_deref() == Some("float");
                    let proba = PROBABILITY_SCORES.contains(&case.metric.as_str());
                    if !is_float && !proba && float == DType::F32 {
                        continue;
                    }
                    // Probabilities are computed in their dtype; labels are counted exactly.
                    let rtol = if proba { tol(float, d).0 } else { rtol };
                    let what = format!(
                        "{} {float} {} {:?} weighted={}",
                        p.name,
                        case.metric,
                        case.params,
                        case.sample_weight.is_some()
                    );
                    let y = labels(d, &case.y_true, float);
                    let pred = labels(d, &case.y_pred, float);
                    let w = case.sample_weight.as_ref().map(|w| array(d, &w.data, &w.shape, DType::F64));
                    let w = w.as_ref();
                    let got: Vec<Vec<f64>> = match case.metric.as_str() {
                        "confusion_matrix" => {
                            let mut m = metrics::confusion_matrix(&y, &pred).sample_weight(w);
                            if let Some(labels) = case.numbers("labels") {
                                m = m.labels(labels);
                            }
                            let normalize = case.params.get("normalize").and_then(Value::as_str).map(|s| match s {
                                "true" => Normalize::True,
                                "pred" => Normalize::Pred,
                                _ => Normalize::All,
                            });
                            let cm = m.normalize(normalize).await.unwrap();
                            let counts = w.is_none() && normalize.is_none();
                            assert_eq!(cm.dtype(), if counts { DType::I32 } else { DType::F64 }, "{what}: dtype");
                            assert_eq!(cm.shape(), &case.expected[0].as_ref().unwrap().shape[..], "{what}: shape");
                            vec![values(&cm).await]
                        }
                        "multilabel_confusion_matrix" => {
                            let mut m = metrics::multilabel_confusion_matrix(&y, &pred).sample_weight(w);
                            if let Some(labels) = case.numbers("labels") {
                                m = m.labels(labels);
                            }
                            let samplewise = case.params.get("samplewise").and_then(Value::as_bool).unwrap_or(false);
                            let mcm = m.samplewise(samplewise).await.unwrap();
                            assert_eq!(mcm.dtype(), if w.is_none() { DType::I32 } else { DType::F64 }, "{what}: dtype");
                            assert_eq!(mcm.shape(), &case.expected[0].as_ref().unwrap().shape[..], "{what}: shape");
                            vec![values(&mcm).await]
                        }
                        "precision_recall_fscore_support" => {
                            // scikit-learn's default average here is None.
                            let per_label = !case.params.contains_key("average") || case.average().is_none();
                            let mut m = case.setwise(metrics::precision_recall_fscore_support(&y, &pred).sample_weight(w));
                            if let Some(beta) = case.number("beta") {
                                m = m.beta(beta);
                            }
                            if per_label {
                                let s = m.await.unwrap();
                                assert_eq!(s.precision.dtype(), DType::F64, "{what}: dtype");
                                let support = if w.is_none() { DType::I32 } else { DType::F64 };
                                assert_eq!(s.support.dtype(), support, "{what}: support dtype");
                                vec![values(&s.precision).await, values(&s.recall).await, values(&s.fscore).await, values(&s.support).await]
                            } else {
                                let s = m.average(case.average().unwrap()).await.unwrap();
                                vec![vec![s.precision], vec![s.recall], vec![s.fscore]]
                            }
                        }
                        "accuracy_score" | "zero_one_loss" => {
                            let m = match case.metric.as_str() {
                                "accuracy_score" => metrics::accuracy_score(&y, &pred),
                                _ => metrics::zero_one_loss(&y, &pred),
                            };
                            let normalize = case.params.get("normalize").and_then(Value::as_bool).unwrap_or(true);
                            vec![vec![m.normalize(normalize).sample_weight(w).await.unwrap()]]
                        }
                        "log_loss" | "d2_log_loss_score" | "brier_score_loss" | "d2_brier_score" => {
                            let pos_label = case.number("pos_label");
                            let score = match case.metric.as_str() {
                                "log_loss" => {
                                    let normalize = case.params.get("normalize").and_then(Value::as_bool).unwrap_or(true);

                                        case.proba_labels(metrics::log_loss(&y, &pred))
                                            .normalize(normalize)
                                            .sample_weight(w)
                                            .into_future()
                                    .await
                                }
                                "d2_log_loss_score" =>
                                    case.proba_labels(metrics::d2_log_loss_score(&y, &pred)).sample_weight(w).into_future()
                                .await,
                                "brier_score_loss" => {
                                    let mut m = case.proba_labels(metrics::brier_score_loss(&y, &pred)).sample_weight(w);
                                    if let Some(p) = pos_label {
                                        m = m.pos_label(p);
                                    }
                                    if let Some(half) = case.params.get("scale_by_half").and_then(Value::as_bool) {
                                        m = m.scale_by_half(half);
                                    }
                                    m.await
                                }
                                _ => {
                                    let mut m = case.proba_labels(metrics::d2_brier_score(&y, &pred)).sample_weight(w);
                                    if let Some(p) = pos_label {
                                        m = m.pos_label(p);
                                    }
                                    m.await
                                }
                            };
                            vec![vec![score.unwrap()]]
                        }
                        "hamming_loss" => {
                            vec![vec![metrics::hamming_loss(&y, &pred).sample_weight(w).await.unwrap()]]
                        }
                        "matthews_corrcoef" => {
                            vec![vec![
                                metrics::matthews_corrcoef(&y, &pred).sample_weight(w).await.unwrap()
                            ]]
                        }
                        "balanced_accuracy_score" => {
                            let adjusted = case.params.get("adjusted").and_then(Value::as_bool).unwrap_or(false);
                            let m = metrics::balanced_accuracy_score(&y, &pred).adjusted(adjusted).sample_weight(w);
                            vec![vec![m.await.unwrap()]]
                        }
                        "cohen_kappa_score" => {
                            let mut m = metrics::cohen_kappa_score(&y, &pred).sample_weight(w);
                            if let Some(labels) = case.numbers("labels") {
                                m = m.labels(labels);
                            }
                            if let Some(r) = case.number("replace_undefined_by") {
                                m = m.replace_undefined_by(r);
                            }
                            let weights = case.params.get("weights").and_then(Value::as_str).map(|s| match s {
                                "linear" => KappaWeights::Linear,
                                _ => KappaWeights::Quadratic,
                            });
                            vec![vec![m.weights(weights).await.unwrap()]]
                        }
                        name => {
                            let m = match name {
                                "precision_score" => metrics::precision_score(&y, &pred),
                                "recall_score" => metrics::recall_score(&y, &pred),
                                "f1_score" => metrics::f1_score(&y, &pred),
                                "jaccard_score" => metrics::jaccard_score(&y, &pred),
                                "fbeta_score" => metrics::fbeta_score(&y, &pred, case.number("beta").unwrap()),
                                other => panic!("no such metric in the test: {other}"),
                            };
                            let m = case.setwise(m.sample_weight(w));
                            if let Some(average) = case.average() {
                                vec![vec![m.average(average).await.unwrap()]]
                            } else {
                                let a = m.per_label().await.unwrap();
                                assert_eq!(a.dtype(), DType::F64, "{what}: dtype");
                                vec![values(&a).await]
                            }
                        }
                    };
                    let expected = match (&case.expected_f32, float) {
                        (Some(f32_answer), DType::F32) => f32_answer,
                        _ => &case.expected,
                    };
                    for (i, g) in got.iter().enumerate() {
                        let want = expected[i].as_ref().expect("an expected value");
                        assert_matches_fixture(g, &want.data, rtol, &format!("{what} [{i}]"));
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn classification_report_matches_sklearn(paths) {
        let fixtures = fixtures();
        for p in paths {
            let d = &p.device;
            let (rtol, _) = tol(DType::F64, d);
            for (i, case) in fixtures.reports.iter().enumerate() {
                let what = format!("{} report {i} {:?}", p.name, case.params);
                let y = labels(d, &case.y_true, DType::F64);
                let pred = labels(d, &case.y_pred, DType::F64);
                let w = case.sample_weight.as_ref().map(|w| array(d, &w.data, &w.shape, DType::F64));
                let mut m = metrics::classification_report(&y, &pred)
                    .sample_weight(w.as_ref())
                    .zero_division(zero_division(&case.params));
                if let Some(labels) = numbers(&case.params, "labels") {
                    m = m.labels(labels);
                }
                if let Some(digits) = case.params.get("digits").and_then(Value::as_u64) {
                    m = m.digits(digits as usize);
                }
                if let Some(names) = case.params.get("target_names").and_then(Value::as_array) {
                    m = m.target_names(names.iter().map(|n| n.as_str().expect("a name").to_string()));
                }
                let report = m.await.unwrap();
                assert_eq!(report.to_string(), case.text, "{what}: text");
                let lines = report.labels.iter().chain(&report.averages);
                let mut names: Vec<&str> = lines.clone().map(|l| l.name.as_str()).collect();
                if let Some(accuracy) = report.accuracy {
                    let want = fixture_number(&case.dict["accuracy"]);
                    assert_matches_fixture(&[accuracy], &[want], rtol, &format!("{what}: accuracy"));
                    names.push("accuracy");
                }
                let mut want_names: Vec<&str> = case.dict.keys().map(String::as_str).collect();
                names.sort_unstable();
                want_names.sort_unstable();
                assert_eq!(names, want_names, "{what}: lines");
                for l in lines {
                    let want = &case.dict[&l.name];
                    let want = ["precision", "recall", "f1-score", "support"].map(|k| fixture_number(&want[k]));
                    let got = [l.precision, l.recall, l.f1_score, l.support];
                    assert_matches_fixture(&got, &want, rtol, &format!("{what}: {}", l.name));
                }
            }
        }
    }
}

suite_test! {
    async fn type_of_target_matches_sklearn(paths) {
        for p in paths {
            for case in fixtures().type_of_target {
                let y = labels(&p.device, &case.y, DType::F64);
                let got = metrics::type_of_target(&y).await.unwrap();
                assert_eq!(got.to_string(), case.expected, "{} {}", p.name, case.name);
            }
        }
    }
}

suite_test! {
    async fn classification_metrics_refuse_what_scikit_learn_refuses(paths) {
        for p in paths {
            let d = &p.device;
            let ints = |v: &[i32]| Array::from_vec(d, v.to_vec(), &[v.len()]).unwrap();
            let (y, pred) = (ints(&[0, 1, 2, 1]), ints(&[0, 2, 2, 1]));
            let continuous = array(d, &[0.5, 1.0, 2.0, 1.0], &[4], DType::F64);
            // A mix of target types names both.
            match metrics::f1_score(&y, &continuous).average(Average::Macro).await {
                Err(e @ Error::BadTarget { op: "f1_score", .. }) => {
                    assert!(e.to_string().contains("multiclass") && e.to_string().contains("continuous"), "{e}")
                }
                other => panic!("{}: expected BadTarget, got {other:?}", p.name),
            }
            // Binary averaging of a multiclass target.
            let r = metrics::precision_score(&y, &pred).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "precision_score", .. })), "{}: {r:?}", p.name);
            // A pos_label that is not a label.
            let (b, bp) = (ints(&[0, 1, 1, 0]), ints(&[1, 1, 0, 0]));
            let r = metrics::recall_score(&b, &bp).pos_label(2.0).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "pos_label", .. })), "{}: {r:?}", p.name);
            // Labels: none of them in y_true, empty, or out of range for multilabel targets.
            let r = metrics::confusion_matrix(&y, &pred).labels(vec![7.0, 8.0]).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "labels", .. })), "{}: {r:?}", p.name);
            // More labels than int32 cells can index: an error, not a wrapped index.
            let many: Vec<f64> = (0..50_000).map(f64::from).collect();
            let r = metrics::confusion_matrix(&y, &pred).labels(many).await;
            assert!(matches!(r, Err(Error::ShapeTooLarge { op: "confusion_matrix", .. })), "{}: {r:?}", p.name);
            let r = metrics::confusion_matrix(&y, &pred).labels(vec![]).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "labels", .. })), "{}: {r:?}", p.name);
            let m = Array::from_vec(d, vec![0i32, 1, 1, 0, 1, 1], &[3, 2]).unwrap();
            let r = metrics::f1_score(&m, &m).average(Average::Macro).labels(vec![0.0, 2.0]).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "labels", .. })), "{}: {r:?}", p.name);
            // Samples averaging needs multilabel targets; jaccard has no NaN zero_division.
            let r = metrics::f1_score(&y, &pred).average(Average::Samples).await;
            assert!(matches!(r, Err(Error::BadTarget { .. })), "{}: {r:?}", p.name);
            let r =
                metrics::jaccard_score(&y, &pred).average(Average::Macro).zero_division(ZeroDivision::Nan).into_future()
            .await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "zero_division", .. })), "{}: {r:?}", p.name);
            // Length mismatch, NaN labels, and a negative beta.
            let r = metrics::f1_score(&y, &ints(&[0, 1])).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{}: {r:?}", p.name);
            let nan = array(d, &[0.0, f64::NAN, 1.0, 1.0], &[4], DType::F64);
            let r = metrics::confusion_matrix(&nan, &y).await;
            assert!(matches!(r, Err(Error::NonFinite { .. })), "{}: {r:?}", p.name);
            let r = metrics::fbeta_score(&b, &bp, -1.0).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "beta", .. })), "{}: {r:?}", p.name);
            // Multilabel confusion matrices of mismatched widths, and continuous type_of_target.
            let wide = Array::from_vec(d, vec![0i32, 1, 1, 0, 1, 1, 0, 0, 1], &[3, 3]).unwrap();
            let r = metrics::multilabel_confusion_matrix(&m, &wide).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{}: {r:?}", p.name);
            assert_eq!(metrics::type_of_target(&continuous).await.unwrap(), TargetType::Continuous);
            let r = metrics::accuracy_score(&continuous, &continuous).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "accuracy_score", .. })), "{}: {r:?}", p.name);
            // Kappa: an undefined value out of [-1, 1], and labels none of which y1 holds, named
            // for the score called; the chance-corrected scores take no multilabel targets.
            let r = metrics::cohen_kappa_score(&y, &pred).replace_undefined_by(2.0).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "replace_undefined_by", .. })), "{}: {r:?}", p.name);
            let r = metrics::cohen_kappa_score(&y, &pred).labels(vec![7.0]).await;
            match r {
                Err(Error::InvalidParameter { name: "labels", reason, .. }) => {
                    assert!(reason.contains("cohen_kappa_score"), "{}: {reason}", p.name)
                }
                other => panic!("{}: expected InvalidParameter, got {other:?}", p.name),
            }
            let r = metrics::matthews_corrcoef(&m, &m).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "matthews_corrcoef", .. })), "{}: {r:?}", p.name);
            let r = metrics::balanced_accuracy_score(&m, &m).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "balanced_accuracy_score", .. })), "{}: {r:?}", p.name);
            let r = metrics::cohen_kappa_score(&m, &m).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "cohen_kappa_score", .. })), "{}: {r:?}", p.name);
            let r = metrics::hamming_loss(&y, &continuous).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "hamming_loss", .. })), "{}: {r:?}", p.name);
            // A report whose names do not match its labels.
            let r = metrics::classification_report(&y, &pred).target_names(["a", "b"]).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "target_names", .. })), "{}: {r:?}", p.name);
            // Probabilities out of [0, 1] or not finite, a single class without labels, columns
            // that do not match the classes, labels that miss one of y_true's, and a vector of
            // probabilities for a multiclass target.
            let proba = |v: &[f64], shape: &[usize]| array(d, v, shape, DType::F64);
            let r = metrics::log_loss(&b, &proba(&[0.1, 1.5, 0.3, 0.2], &[4])).await;
            assert!(matches!(r, Err(Error::OutOfDomain { op: "log_loss", .. })), "{}: {r:?}", p.name);
            let r = metrics::brier_score_loss(&b, &proba(&[0.1, f64::NAN, 0.3, 0.2], &[4])).await;
            assert!(matches!(r, Err(Error::NonFinite { op: "brier_score_loss", .. })), "{}: {r:?}", p.name);
            let ones = ints(&[1, 1, 1, 1]);
            let r = metrics::log_loss(&ones, &proba(&[0.1, 0.5, 0.3, 0.2], &[4])).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "log_loss", .. })), "{}: {r:?}", p.name);
            let ok =
                metrics::log_loss(&ones, &proba(&[0.1, 0.5, 0.3, 0.2], &[4])).labels(vec![0.0, 1.0]).into_future()
            .await;
            assert!(ok.is_ok_and(f64::is_finite), "{}", p.name);
            let r = metrics::log_loss(&y, &proba(&[0.5; 8], &[4, 2])).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { op: "log_loss", .. })), "{}: {r:?}", p.name);
            let thirds = proba(&[1.0 / 3.0; 12], &[4, 3]);
            let r = metrics::d2_log_loss_score(&y, &thirds).labels(vec![0.0, 1.0, 3.0]).await;
            assert!(matches!(r, Err(Error::UnseenLabels { op: "d2_log_loss_score", .. })), "{}: {r:?}", p.name);
            let r = metrics::d2_brier_score(&y, &proba(&[0.1, 0.5, 0.3, 0.2], &[4])).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "d2_brier_score", .. })), "{}: {r:?}", p.name);
            // Multilabel accuracy is subset accuracy: rows 0 and 2 of m agree with n, row 1 not.
            let n = Array::from_vec(d, vec![0i32, 1, 1, 1, 1, 1], &[3, 2]).unwrap();
            let acc = metrics::accuracy_score(&m, &n).await.unwrap();
            assert!((acc - 2.0 / 3.0).abs() < 1e-12, "{}: {acc}", p.name);
        }
    }
}
