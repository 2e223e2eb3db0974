//! The threshold curves and the areas under them against scikit-learn
//! (tests/fixtures/ranking.json) on every path, for float64 and float32 scores: tied scores,
//! zero weights, pos_label and drop_intermediate; average precision and ROC AUC of binary,
//! multilabel and multiclass targets with every average, max_fpr and multi_class; then the
//! errors scikit-learn raises.

#[macro_use]
mod common;

use common::*;
use serde_json::Value;
use std::future::IntoFuture;
use wglearn::metrics::{self, Average, MultiClass};
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(serde::Deserialize)]
struct Case {
    metric: String,
    y_true: FixtureArray,
    y_score: FixtureArray,
    sample_weight: Option<FixtureArray>,
    params: serde_json::Map<String, Value>,
    expected: Vec<FixtureArray>,
}

#[derive(serde::Deserialize)]
struct Fixtures {
    cases: Vec<Case>,
}

/// The values of each array.
async fn all_values(arrays: &[&Array]) -> Vec<Vec<f64>> {
    let mut out = Vec::new();
    for a in arrays {
        out.push(values(a).await);
    }
    out
}

async fn values(a: &Array) -> Vec<f64> {
    a.to_vec::<f64>().await.unwrap()
}

impl Case {
    fn flag(&self, name: &str) -> Option<bool> {
        self.params.get(name).and_then(Value::as_bool)
    }
    fn number(&self, name: &str) -> Option<f64> {
        self.params.get(name).and_then(Value::as_f64)
    }
    /// The average asked for (None: scikit-learn's average=None, per label).
    fn average(&self) -> Option<Average> {
        match self.params.get("average") {
            None => Some(Average::Macro),
            Some(Value::Null) => None,
            Some(v) => Some(match v.as_str().expect("an average") {
                "micro" => Average::Micro,
                "macro" => Average::Macro,
                "weighted" => Average::Weighted,
                "samples" => Average::Samples,
                other => panic!("unknown average {other}"),
            }),
        }
    }
    fn curve<'a, O>(&self, mut c: metrics::Curve<'a, O>, w: Option<&'a Array>) -> metrics::Curve<'a, O> {
        if let Some(p) = self.number("pos_label") {
            c = c.pos_label(p);
        }
        c.sample_weight(w)
    }
    async fn area<'a>(&self, mut a: metrics::AreaScore<'a>, w: Option<&'a Array>) -> Vec<Vec<f64>> {
        if let Some(p) = self.number("pos_label") {
            a = a.pos_label(p);
        }
        if let Some(f) = self.number("max_fpr") {
            a = a.max_fpr(f);
        }
        if let Some(labels) = self.params.get("labels").and_then(Value::as_array) {
            a = a.labels(labels.iter().map(|v| v.as_f64().unwrap()).collect::<Vec<_>>());
        }
        a = match self.params.get("multi_class").and_then(Value::as_str) {
            Some("ovr") => a.multi_class(MultiClass::Ovr),
            Some("ovo") => a.multi_class(MultiClass::Ovo),
            _ => a,
        };
        let a = a.sample_weight(w);
        match self.average() {
            Some(average) => vec![vec![a.average(average).await.unwrap()]],
            None => vec![values(&a.per_label().await.unwrap()).await],
        }
    }
}

suite_test! {
    async fn ranking_metrics_match_sklearn(paths) {
        let fixtures: Fixtures =
            serde_json::from_str(include_str!("fixtures/ranking.json")).expect("tests/fixtures/ranking.json parses");
        for p in paths {
            let d = &p.device;
            for float in [DType::F64, DType::F32] {
                let (rtol, _) = tol(float, d);
                for case in &fixtures.cases {
                    // float32 scores are swept through the binary cases; the label-wise averages
                    // repeat those per column.
                    if float == DType::F32 && case.y_score.shape.len() == 2 {
                        continue;
                    }
                    let what = format!(
                        "{} {float} {} {:?} weighted={}",
                        p.name,
                        case.metric,
                        case.params,
                        case.sample_weight.is_some()
                    );
                    let label_dtype = if case.y_true.dtype.as_deref() == Some("int") { DType::I32 } else { float };
                    let y = array(d, &case.y_true.data, &case.y_true.shape, label_dtype);
                    let s = array(d, &case.y_score.data, &case.y_score.shape, float);
                    let w = case.sample_weight.as_ref().map(|w| array(d, &w.data, &w.shape, DType::F64));
                    let w = w.as_ref();
                    let got: Vec<Vec<f64>> = match case.metric.as_str() {
                        "confusion_matrix_at_thresholds" => {
                            let c = case.curve(metrics::confusion_matrix_at_thresholds(&y, &s), w).await
                                .unwrap();
                            all_values(&[&c.tns, &c.fps, &c.fns, &c.tps, &c.thresholds]).await
                        }
                        "roc_curve" => {
                            let drop = case.flag("drop_intermediate").unwrap_or(true);
                            let c =
                                case.curve(metrics::roc_curve(&y, &s), w).drop_intermediate(drop).await
                                    .unwrap();
                            assert_eq!(c.thresholds.dtype(), DType::F64, "{what}: thresholds dtype");
                            all_values(&[&c.fpr, &c.tpr, &c.thresholds]).await
                        }
                        "precision_recall_curve" => {
                            let drop = case.flag("drop_intermediate").unwrap_or(false);
                            let c =
                                case.curve(metrics::precision_recall_curve(&y, &s), w)
                                    .drop_intermediate(drop)
                                    .into_future()
                            .await
                            .unwrap();
                            all_values(&[&c.precision, &c.recall, &c.thresholds]).await
                        }
                        "det_curve" => {
                            let drop = case.flag("drop_intermediate").unwrap_or(false);
                            let c =
                                case.curve(metrics::det_curve(&y, &s), w).drop_intermediate(drop).await
                                    .unwrap();
                            all_values(&[&c.fpr, &c.fnr, &c.thresholds]).await
                        }
                        "average_precision_score" => case.area(metrics::average_precision_score(&y, &s), w).await,
                        "roc_auc_score" => case.area(metrics::roc_auc_score(&y, &s), w).await,
                        "auc" => {
                            let x = array(d, &case.y_true.data, &case.y_true.shape, float);
                            vec![vec![metrics::auc(&x, &s).await.unwrap()]]
                        }
                        other => panic!("no such metric in the test: {other}"),
                    };
                    assert_eq!(got.len(), case.expected.len(), "{what}: outputs");
                    for (i, (g, want)) in got.iter().zip(&case.expected).enumerate() {
                        // Thresholds are the scores themselves, so f32 scores give f32 values.
                        assert_matches_fixture(g, &want.data, rtol, &format!("{what} [{i}]"));
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn ranking_metrics_refuse_what_scikit_learn_refuses(paths) {
        for p in paths {
            let d = &p.device;
            let f = |v: &[f64]| array(d, v, &[v.len()], DType::F64);
            let ints = |v: &[i32]| Array::from_vec(d, v.to_vec(), &[v.len()]).unwrap();
            let r = metrics::auc(&f(&[0.0, 1.0, 0.5]), &f(&[0.0, 1.0, 1.0])).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "auc", .. })), "{}: {r:?}", p.name);
            let (y, s) = (ints(&[0, 1, 1, 0]), f(&[0.1, 0.8, 0.4, 0.3]));
            let r = metrics::roc_auc_score(&y, &s).average(Average::Binary).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "average", .. })), "{}: {r:?}", p.name);
            let r = metrics::roc_auc_score(&y, &s).max_fpr(0.0).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "max_fpr", .. })), "{}: {r:?}", p.name);
            // Labels other than {0, 1} or {-1, 1} need pos_label; multiclass needs it too.
            let r = metrics::roc_curve(&ints(&[2, 5, 5, 2]), &s).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "pos_label", .. })), "{}: {r:?}", p.name);
            let three = ints(&[0, 1, 2, 1]);
            let r = metrics::precision_recall_curve(&three, &s).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "precision_recall_curve", .. })), "{}: {r:?}", p.name);
            let thirds = array(d, &[1.0 / 3.0; 12], &[4, 3], DType::F64);
            let r = metrics::roc_auc_score(&three, &thirds).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "multi_class", .. })), "{}: {r:?}", p.name);
            let w = f(&[1.0, 2.0, 1.0, 1.0]);
            let r =
                metrics::roc_auc_score(&three, &thirds).multi_class(MultiClass::Ovo).sample_weight(&w).into_future()
            .await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "sample_weight", .. })), "{}: {r:?}", p.name);
            let halves = array(d, &[0.5; 12], &[4, 3], DType::F64);
            let r = metrics::roc_auc_score(&three, &halves).multi_class(MultiClass::Ovr).await;
            assert!(matches!(r, Err(Error::OutOfDomain { op: "roc_auc_score", .. })), "{}: {r:?}", p.name);
            let r = metrics::det_curve(&ints(&[1, 1, 1, 1]), &s).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "det_curve", .. })), "{}: {r:?}", p.name);
            // No negative of nonzero weight: the partial AUC has no curve to cut (scikit-learn
            // raises too); the full AUC is NaN, as scikit-learn's.
            let positives_only = f(&[0.0, 1.0, 1.0, 0.0]);
            let r = metrics::roc_auc_score(&y, &s).sample_weight(&positives_only).max_fpr(0.5).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "roc_auc_score", .. })), "{}: {r:?}", p.name);
            let r = metrics::roc_auc_score(&y, &s).sample_weight(&positives_only).await;
            assert!(r.as_ref().is_ok_and(|v| v.is_nan()), "{}: {r:?}", p.name);
            let nan = f(&[0.1, f64::NAN, 0.4, 0.3]);
            let r = metrics::roc_curve(&y, &nan).await;
            assert!(matches!(r, Err(Error::NonFinite { .. })), "{}: {r:?}", p.name);
        }
    }
}

suite_test! {
    /// The label-ranking scores (tests/fixtures/label_ranking.json) on every path: top-k accuracy,
    /// the multilabel ranking metrics, DCG and NDCG, with float64 scores and, where scores are
    /// rounded to a few digits (so their ties survive), float32 ones.
    async fn label_ranking_metrics_match_sklearn(paths) {
        let fixtures: Fixtures = serde_json::from_str(include_str!("fixtures/label_ranking.json"))
            .expect("tests/fixtures/label_ranking.json parses");
        for p in paths {
            let d = &p.device;
            for float in [DType::F64, DType::F32] {
                let (rtol, _) = tol(float, d);
                for case in &fixtures.cases {
                    let what = format!(
                        "{} {float} {} {:?} weighted={}",
                        p.name,
                        case.metric,
                        case.params,
                        case.sample_weight.is_some()
                    );
                    let label_dtype = if case.y_true.dtype.as_deref() == Some("int") { DType::I32 } else { float };
                    let y = array(d, &case.y_true.data, &case.y_true.shape, label_dtype);
                    let s = array(d, &case.y_score.data, &case.y_score.shape, float);
                    let w = case.sample_weight.as_ref().map(|w| array(d, &w.data, &w.shape, DType::F64));
                    let w = w.as_ref();
                    let k = case.params.get("k").and_then(Value::as_u64).map(|k| k as usize);
                    let ignore_ties = case.flag("ignore_ties").unwrap_or(false);
                    let got = match case.metric.as_str() {
                        "top_k_accuracy_score" => {
                            let mut m = metrics::top_k_accuracy_score(&y, &s).sample_weight(w);
                            if let Some(k) = k {
                                m = m.k(k);
                            }
                            if let Some(labels) = case.params.get("labels").and_then(Value::as_array) {
                                m = m.labels(labels.iter().map(|v| v.as_f64().unwrap()).collect::<Vec<_>>());
                            }
                            m.normalize(case.flag("normalize").unwrap_or(true)).await
                        }
                        "label_ranking_average_precision_score" => {
                            metrics::label_ranking_average_precision_score(&y, &s).sample_weight(w).await
                        }
                        "coverage_error" => metrics::coverage_error(&y, &s).sample_weight(w).await,
                        "label_ranking_loss" => {
                            metrics::label_ranking_loss(&y, &s).sample_weight(w).await
                        }
                        "dcg_score" => {
                            let mut m = metrics::dcg_score(&y, &s).sample_weight(w).ignore_ties(ignore_ties);
                            if let Some(k) = k {
                                m = m.k(k);
                            }
                            if let Some(base) = case.number("log_base") {
                                m = m.log_base(base);
                            }
                            m.await
                        }
                        "ndcg_score" => {
                            let mut m = metrics::ndcg_score(&y, &s).sample_weight(w).ignore_ties(ignore_ties);
                            if let Some(k) = k {
                                m = m.k(k);
                            }
                            m.await
                        }
                        other => panic!("no such metric in the test: {other}"),
                    };
                    let got = got.unwrap_or_else(|e| panic!("{what}: {e}"));
                    assert_matches_fixture(&[got], &case.expected[0].data, rtol, &what);
                }
            }
        }
    }
}

suite_test! {
    async fn label_ranking_metrics_refuse_what_scikit_learn_refuses(paths) {
        for p in paths {
            let d = &p.device;
            let m = |v: &[f64], cols: usize| array(d, v, &[v.len() / cols, cols], DType::F64);
            let truth = m(&[1.0, 0.0, 1.0, 0.0, 1.0, 1.0], 3);
            let score = m(&[0.2, 0.5, 0.3, 0.9, 0.1, 0.4], 3);
            // Vectors are not multilabel targets.
            let v = array(d, &[1.0, 0.0, 1.0], &[3], DType::F64);
            let r = metrics::coverage_error(&v, &v).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "coverage_error", .. })), "{}: {r:?}", p.name);
            let r = metrics::label_ranking_loss(&truth, &m(&[0.2, 0.5, 0.3, 0.9], 2)).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { op: "label_ranking_loss", .. })), "{}: {r:?}", p.name);
            let r = metrics::ndcg_score(&m(&[1.0, -1.0, 2.0, 0.0, 1.0, 1.0], 3), &score).await;
            assert!(matches!(r, Err(Error::OutOfDomain { op: "ndcg_score", .. })), "{}: {r:?}", p.name);
            let r = metrics::ndcg_score(&truth, &score).k(0).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "k", .. })), "{}: {r:?}", p.name);
            let r = metrics::dcg_score(&truth, &score).log_base(0.0).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "log_base", .. })), "{}: {r:?}", p.name);
            let nan = m(&[0.2, f64::NAN, 0.3, 0.9, 0.1, 0.4], 3);
            let r = metrics::label_ranking_average_precision_score(&truth, &nan).await;
            assert!(matches!(r, Err(Error::NonFinite { .. })), "{}: {r:?}", p.name);
            // top-k: a multiclass y_true needs (samples, classes) scores, one column per class,
            // and labels that hold y_true's, sorted.
            let y = Array::from_vec(d, vec![0i32, 1, 2, 1], &[4]).unwrap();
            let thirds = m(&[0.2, 0.5, 0.3, 0.6, 0.3, 0.1, 0.1, 0.1, 0.8, 0.3, 0.3, 0.4], 3);
            let r = metrics::top_k_accuracy_score(&y, &v.slice_axis(0, 0, 3).unwrap()).await;
            assert!(r.is_err(), "{}: {r:?}", p.name);
            let r = metrics::top_k_accuracy_score(&y, &thirds.slice_axis(1, 0, 2).unwrap()).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { op: "top_k_accuracy_score", .. })), "{}: {r:?}", p.name);
            let r = metrics::top_k_accuracy_score(&y, &thirds).labels(vec![0.0, 1.0, 3.0]).await;
            assert!(matches!(r, Err(Error::UnseenLabels { op: "top_k_accuracy_score", .. })), "{}: {r:?}", p.name);
            let r = metrics::top_k_accuracy_score(&y, &thirds).labels(vec![0.0, 2.0, 1.0]).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "labels", .. })), "{}: {r:?}", p.name);
            let r = metrics::top_k_accuracy_score(&truth, &score).await;
            assert!(matches!(r, Err(Error::BadTarget { op: "top_k_accuracy_score", .. })), "{}: {r:?}", p.name);
        }
    }
}
