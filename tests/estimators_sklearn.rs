//! scikit-learn parity: every case of tests/fixtures/estimators.json (written by
//! tests/fixtures/generate.py with scikit-learn) refitted here on every path, each fitted
//! attribute (looked up by scikit-learn's name) and method output compared.
//!
//! Tolerance: relative to the array's scale, |got - want| <= rtol * (|want| + max|want|), with
//! the rtol of the path (1e-10 with f64, 1e-4 in f32). Two outputs of LDA, scalings_ and
//! transform, are compared up to the sign of each column: scikit-learn leaves those signs to
//! LAPACK, wglearn fixes them with svd_flip.

#[macro_use]
mod common;

use common::Path;
use serde_json::Value;
use std::collections::BTreeMap;
use wglearn::decomposition::Pca;
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::*;
use wglearn::linear_model::{Ridge, RidgeSolver};
use wglearn::prelude::*;
use wglearn::preprocessing::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(serde::Deserialize, Clone)]
struct Arr {
    shape: Vec<usize>,
    data: Vec<f64>,
}

#[derive(serde::Deserialize)]
#[allow(non_snake_case)]
struct Case {
    estimator: String,
    cond: f64,
    params: BTreeMap<String, Value>,
    data: String,
    X: Arr,
    X_test: Arr,
    y: Option<Arr>,
    y_test: Option<Arr>,
    sample_weight: Option<Arr>,
    expected: BTreeMap<String, Value>,
}

#[derive(serde::Deserialize)]
struct Fixtures {
    cases: Vec<Case>,
}

fn cases(estimator: &str) -> Vec<Case> {
    let text = include_str!("fixtures/estimators.json");
    let all: Fixtures = serde_json::from_str(text).unwrap();
    let out: Vec<Case> = all.cases.into_iter().filter(|c| c.estimator == estimator).collect();
    assert!(!out.is_empty(), "no fixtures for {estimator}");
    out
}

fn param(v: &Value) -> ParamValue {
    match v {
        Value::Null => ParamValue::None,
        Value::Bool(b) => ParamValue::Bool(*b),
        Value::Number(n) if n.is_i64() => ParamValue::Int(n.as_i64().unwrap()),
        Value::Number(n) => ParamValue::Float(n.as_f64().unwrap()),
        Value::String(s) => ParamValue::Str(s.clone()),
        Value::Array(a) => ParamValue::Floats(a.iter().map(|x| x.as_f64().unwrap()).collect()),
        Value::Object(_) => panic!("object parameter"),
    }
}

/// The estimator with the case's parameters, set through `set_param` (as a search would).
fn configured<E: Estimator>(mut e: E, case: &Case) -> E {
    for (k, v) in &case.params {
        e.set_param(k, param(v)).unwrap_or_else(|err| panic!("set_param({k}): {err}"));
    }
    e
}

/// Whether a case's answer is conditioned beyond float32: generate.py records the condition
/// number that rounding errors are amplified by (for PCA the largest variance over the smallest
/// gap between kept components, for Ridge that of the regularized normal equations). Where
/// eps(f32) times it exceeds the f32 tolerance, no float32 computation (scikit-learn's
/// included) can meet that tolerance, so the case is checked on the float64 paths (CPU and
/// native f64) only. In the fixtures these are the badly scaled PCA and Ridge cases (condition
/// 1e7 to 1e12) and the Ridge cases with small penalties on collinear or wide data.
fn beyond_f32(path: &Path, case: &Case) -> bool {
    let f32_path = common::tol(DType::F64, &path.device) == common::F32_TOL;
    f32_path && case.cond * f64::from(f32::EPSILON) > common::F32_TOL.0
}

/// The relative tolerance of a case on `path`. Cases conditioned beyond df64's 48 bits (its
/// unit roundoff times the condition number above the f64 tolerance) run on the df64 paths
/// too, with the margin native f64 has on them scaled by how much coarser df64 rounds (32
/// times): their errors grow with the unit roundoff. Everything else keeps the dtype's
/// tolerance.
fn case_rtol(path: &Path, case: &Case) -> f64 {
    let (rtol, _) = common::tol(DType::F64, &path.device);
    let df64 = path.device.info().float64 == Float64::Emulate;
    if df64 && case.cond * common::DF64_ROUNDOFF > rtol {
        rtol * (common::DF64_ROUNDOFF / (f64::EPSILON / 2.0))
    } else {
        rtol
    }
}

fn upload(path: &Path, a: &Arr) -> Array {
    Array::from_vec(&path.device, a.data.clone(), &a.shape).unwrap()
}

/// What a method or attribute gave, to compare with scikit-learn's value.
enum Got {
    A(Array),
    F(f64),
    S(String),
}

struct Checker<'a> {
    path: &'a Path,
    case: &'a Case,
    rtol: f64,
    seen: Vec<String>,
}

impl Checker<'_> {
    fn new<'a>(path: &'a Path, case: &'a Case) -> Checker<'a> {
        Checker { path, case, rtol: case_rtol(path, case), seen: vec![] }
    }

    fn what(&self, key: &str) -> String {
        format!(
            "{} {:?} on {} ({}, cond {:.3e}): {key}",
            self.case.estimator, self.case.params, self.path.name, self.case.data, self.case.cond
        )
    }

    async fn check(&mut self, key: &str, got: Result<Got>) {
        self.check_with(key, got, false, None).await
    }

    async fn check_with(&mut self, key: &str, got: Result<Got>, column_signs: bool, rtol: Option<f64>) {
        let what = self.what(key);
        let Some(want) = self.case.expected.get(key) else { return };
        self.seen.push(key.to_string());
        let got = got.unwrap_or_else(|e| panic!("{what}: {e}"));
        let rtol = rtol.unwrap_or(self.rtol);
        match (got, want) {
            (Got::S(s), Value::String(w)) => assert_eq!(&s, w, "{what}"),
            (Got::A(a), Value::Number(_)) if a.len() == 1 => {
                let g = a.to_vec::<f64>().await.unwrap()[0];
                self.seen.pop();
                Box::pin(self.check_with(key, Ok(Got::F(g)), column_signs, Some(rtol))).await;
            }
            (Got::F(g), Value::Number(w)) => {
                let w = w.as_f64().unwrap();
                // Scores (R², accuracy, log-likelihoods) at their own scale, at least 1.
                assert!((g - w).abs() <= rtol * 2.0 * w.abs().max(1.0), "{what}: got {g}, want {w}");
            }
            (Got::A(a), Value::Object(_)) => {
                let want: Arr = serde_json::from_value(want.clone()).unwrap();
                assert_eq!(a.shape(), &want.shape[..], "{what}: shape");
                assert_eq!(a.device().to_string(), self.path.device.to_string(), "{what}: device");
                let mut got = a.to_vec::<f64>().await.unwrap();
                if column_signs && want.shape.len() == 2 {
                    let cols = want.shape[1];
                    for j in 0..cols {
                        let dot: f64 = (0..want.shape[0]).map(|i| got[i * cols + j] * want.data[i * cols + j]).sum();
                        if dot < 0.0 {
                            (0..want.shape[0]).for_each(|i| got[i * cols + j] = -got[i * cols + j]);
                        }
                    }
                }
                let scale = want.data.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                for (i, (g, w)) in got.iter().zip(&want.data).enumerate() {
                    assert!(
                        (g - w).abs() <= rtol * (w.abs() + scale),
                        "{what}: element {i}: got {g}, want {w} (rtol {rtol}, scale {scale})"
                    );
                }
            }
            (_, w) => panic!("{what}: kind mismatch with {w}"),
        }
    }

    /// Every expected value that is a fitted attribute of `e`, by its scikit-learn name,
    /// except those in `skip` (checked by the caller with their own rule).
    async fn attrs<E: Estimator>(&mut self, e: &E, skip: &[&str]) {
        let keys: Vec<String> = self.case.expected.keys().cloned().collect();
        for key in keys.iter().filter(|k| E::FITTED_ATTRS.contains(&k.as_str()) && !skip.contains(&k.as_str())) {
            let got = e.fitted_attr(key).map(|v| match v {
                Attr::Array(a) => Got::A(a),
                Attr::Int(i) => Got::F(i as f64),
                Attr::Float(f) => Got::F(f),
                Attr::Str(s) => Got::S(s),
                v => panic!("{}: {v:?}", self.what(key)),
            });
            self.check(key, got).await;
        }
    }

    fn done(self) {
        let mut missing: Vec<&String> = self.case.expected.keys().filter(|k| !self.seen.contains(k)).collect();
        missing.retain(|k| k.as_str() != "randomized");
        assert!(missing.is_empty(), "{}: expected values never checked: {missing:?}", self.what(""));
    }
}

fn a(r: Result<Array>) -> Result<Got> {
    r.map(Got::A)
}
fn f(r: Result<f64>) -> Result<Got> {
    r.map(Got::F)
}
fn owned(r: Result<Array>) -> Result<Got> {
    r.map(Got::A)
}

/// A scaler's case: fitted attributes, transform and inverse_transform of X_test.
async fn check_scaler<E: Fit + Transform + InverseTransform>(path: &Path, case: &Case, fresh: E) {
    let mut m = configured(fresh, case);
    m.fit(&upload(path, &case.X)).await.unwrap();
    let xt = upload(path, &case.X_test);
    let mut c = Checker::new(path, case);
    c.attrs(&m, &[]).await;
    c.check("transform", owned(m.transform(&xt).await)).await;
    c.check("inverse_transform", owned(m.inverse_transform(&xt).await)).await;
    c.done();
}

suite_test! {
    async fn standard_minmax_maxabs_scalers_match_sklearn(paths) {
        for path in paths {
            for case in cases("StandardScaler") {
                check_scaler(path, &case, StandardScaler::new()).await;
            }
            for case in cases("MinMaxScaler") {
                check_scaler(path, &case, MinMaxScaler::new()).await;
            }
            for case in cases("MaxAbsScaler") {
                check_scaler(path, &case, MaxAbsScaler::new()).await;
            }
        }
    }
}

suite_test! {
    async fn normalizer_binarizer_kernel_centerer_label_encoder_match_sklearn(paths) {
        for path in paths {
            for case in cases("Normalizer") {
                let mut m = configured(Normalizer::new(), &case);
                let x = upload(path, &case.X);
                m.fit(&x).await.unwrap();
                let mut c = Checker::new(path, &case);
                c.check("transform", owned(m.transform(&x).await)).await;
                c.done();
            }
            for case in cases("Binarizer") {
                let mut m = configured(Binarizer::new(), &case);
                let x = upload(path, &case.X);
                m.fit(&x).await.unwrap();
                let mut c = Checker::new(path, &case);
                c.check("transform", owned(m.transform(&x).await)).await;
                c.done();
            }
            for case in cases("KernelCenterer") {
                let mut m = configured(KernelCenterer::new(), &case);
                m.fit(&upload(path, &case.X)).await.unwrap();
                let mut c = Checker::new(path, &case);
                c.attrs(&m, &[]).await;
                c.check("transform", owned(m.transform(&upload(path, &case.X_test)).await)).await;
                c.done();
            }
            for case in cases("LabelEncoder") {
                let mut m = LabelEncoder::new();
                let y = upload(path, &case.X).reshape(&[-1]).unwrap();
                m.fit(&y).await.unwrap();
                let codes = Array::from_vec(&path.device, vec![0i32, 3, 1], &[3]).unwrap();
                let mut c = Checker::new(path, &case);
                c.attrs(&m, &[]).await;
                c.check("transform", owned(m.transform(&y).await)).await;
                c.check("inverse_transform", owned(m.inverse_transform(&codes).await)).await;
                c.done();
            }
        }
    }
}

suite_test! {
    async fn pca_matches_sklearn(paths) {
        for path in paths {
            for case in cases("PCA").iter().filter(|c| !beyond_f32(path, c)) {
                let mut m = configured(Pca::new(), case);
                m.fit(&upload(path, &case.X)).await.unwrap_or_else(|e| panic!("{:?}: {e}", case.params));
                let mut c = Checker::new(path, case);
                if case.expected.contains_key("randomized") {
                    // Randomized PCA approximates the full solver's spectrum.
                    let rtol = Some(c.rtol.max(1e-3));
                    c.check_with("explained_variance_", a(m.explained_variance_()), false, rtol).await;
                    c.check_with("explained_variance_ratio_", a(m.explained_variance_ratio_()), false, rtol).await;
                    c.done();
                    continue;
                }
                let xt = upload(path, &case.X_test);
                c.attrs(&m, &["noise_variance_"]).await;
                // The noise variance is a difference of large terms for the tall data: compare it
                // at the scale of the spectrum.
                let top =
                    (m.explained_variance_().unwrap().to_vec::<f64>()).await.unwrap().first().copied().unwrap_or(1.0);
                if let Some(Value::Number(w)) = case.expected.get("noise_variance_") {
                    let got = m.noise_variance_().unwrap();
                    let w = w.as_f64().unwrap();
                    assert!(
                        (got - w).abs() <= c.rtol * (w.abs() + top),
                        "{}: got {got}, want {w}",
                        c.what("noise_variance_")
                    );
                    c.seen.push("noise_variance_".into());
                }
                let t = m.transform(&xt).await;
                c.check("transform", owned(t.clone())).await;
                c.check("inverse_transform", owned(m.inverse_transform(&t.unwrap()).await)).await;
                c.check("get_covariance", owned(m.get_covariance().await)).await;
                c.check("get_precision", owned(m.get_precision().await)).await;
                c.check("score_samples", owned(m.score_samples(&xt).await)).await;
                c.check("score", f(m.score(&xt).await)).await;
                c.done();
            }
        }
    }
}

suite_test! {
    async fn ridge_matches_sklearn(paths) {
        for path in paths {
            for case in cases("Ridge").iter().filter(|c| !beyond_f32(path, c)) {
                let mut m = configured(Ridge::new(), case);
                let (x, y) = (upload(path, &case.X), upload(path, case.y.as_ref().unwrap()));
                let sw = case.sample_weight.as_ref().map(|w| upload(path, w));
                m.fit_weighted(&x, &y, sw.as_ref()).await.unwrap();
                if case.params.get("solver").and_then(|v| v.as_str()) == Some("svd") {
                    assert_eq!(m.solver_().unwrap(), RidgeSolver::Svd);
                }
                let xt = upload(path, &case.X_test);
                let mut c = Checker::new(path, case);
                c.attrs(&m, &[]).await;
                c.check("predict", owned(m.predict(&xt).await)).await;
                c.check("score", f(m.score(&xt, &upload(path, case.y_test.as_ref().unwrap())).await)).await;
                c.done();
            }
        }
    }
}

suite_test! {
    async fn lda_matches_sklearn(paths) {
        for path in paths {
            for case in cases("LinearDiscriminantAnalysis") {
                let mut m = configured(LinearDiscriminantAnalysis::new(), &case);
                let (x, y) = (upload(path, &case.X), upload(path, case.y.as_ref().unwrap()));
                m.fit(&x, &y).await.unwrap();
                let xt = upload(path, &case.X_test);
                let mut c = Checker::new(path, &case);
                c.attrs(&m, &["scalings_"]).await;
                c.check_with("scalings_", a(m.scalings_()), true, None).await;
                c.check("decision_function", owned(m.decision_function(&xt).await)).await;
                c.check("predict", owned(m.predict(&xt).await)).await;
                c.check("predict_proba", owned(m.predict_proba(&xt).await)).await;
                c.check("predict_log_proba", owned(m.predict_log_proba(&xt).await)).await;
                c.check_with("transform", owned(m.transform(&xt).await), true, None).await;
                c.check("score", f(m.score(&x, &y).await)).await;
                c.done();
            }
        }
    }
}

suite_test! {
    async fn lda_in_float32_keeps_sklearns_rank(paths) {
        // float32 knows an eigenvalue of the scaled scatter only to about p eps times the
        // largest, which is above the cutoff tol^2 = 1e-8: the rank deficient directions of
        // make_classification's redundant features are measured on the data before the Gram
        // route drops them. float32 data must keep scikit-learn's rank and answers (at the
        // float32 tolerance) on every path.
        for path in paths {
            for case in cases("LinearDiscriminantAnalysis").into_iter().filter(|c| c.X.shape == [1200, 24]) {
                let mut m = configured(LinearDiscriminantAnalysis::new(), &case);
                let f32 = |a: &Arr| ops::astype(&upload(path, a), DType::F32).unwrap();
                m.fit(&f32(&case.X), &f32(case.y.as_ref().unwrap())).await.unwrap();
                let mut c = Checker { path, case: &case, rtol: common::F32_TOL.0, seen: vec![] };
                c.attrs(&m, &["scalings_", "covariance_"]).await;
                c.check_with("scalings_", a(m.scalings_()), true, None).await;
                c.check("decision_function", owned(m.decision_function(&f32(&case.X_test)).await)).await;
                c.check("predict", owned(m.predict(&f32(&case.X_test)).await)).await;
            }
        }
    }
}
