//! The scorer registry against scikit-learn (tests/fixtures/scorers.json): the same names, each
//! with scikit-learn's sign and response method, and every scorer's value (or, where
//! scikit-learn raises, an error) on fitted LinearDiscriminantAnalysis (binary and 3-class)
//! and Ridge models, with and without sample weights, on every path; then make_scorer, the
//! error for an unknown name, and estimators' `score` through the registry.

#[macro_use]
mod common;

use common::*;
use std::collections::BTreeMap;
use std::future::IntoFuture;
use wglearn::estimator::{by_name, DynEstimator, ParamValue};
use wglearn::metrics::{self, Average, ResponseMethod};
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(serde::Deserialize)]
struct Entry {
    sign: f64,
    response: String,
}

#[derive(serde::Deserialize)]
struct Case {
    estimator: String,
    #[serde(rename = "X")]
    x: FixtureArray,
    y: FixtureArray,
    sample_weight: Option<FixtureArray>,
    scores: BTreeMap<String, Option<f64>>,
}

#[derive(serde::Deserialize)]
struct Fixtures {
    scorers: BTreeMap<String, Entry>,
    cases: Vec<Case>,
}

fn fixtures() -> Fixtures {
    serde_json::from_str(include_str!("fixtures/scorers.json")).expect("tests/fixtures/scorers.json parses")
}

impl Case {
    /// The case's model fitted on `d`, and its X, y and weights there.
    async fn fitted(&self, d: &Device) -> (Box<dyn DynEstimator>, Array, Array, Option<Array>) {
        let x = array(d, &self.x.data, &self.x.shape, DType::F64);
        let y_dtype = if self.y.dtype.as_deref() == Some("int") { DType::I32 } else { DType::F64 };
        let y = array(d, &self.y.data, &self.y.shape, y_dtype);
        let w = self.sample_weight.as_ref().map(|w| array(d, &w.data, &w.shape, DType::F64));
        let mut model = by_name(&self.estimator).unwrap();
        if self.estimator == "Ridge" {
            model.set_param("alpha", ParamValue::Float(0.5)).unwrap();
        }
        model.fit(&x, Some(&y), None).await.unwrap();
        (model, x, y, w)
    }
}

suite_test! {
    async fn the_registry_is_scikit_learns(_paths) {
        let f = fixtures();
        assert_eq!(metrics::get_scorer_names(), f.scorers.keys().map(String::as_str).collect::<Vec<_>>());
        for (name, entry) in &f.scorers {
            let s = metrics::get_scorer(name).unwrap();
            assert_eq!(s.name(), name);
            assert_eq!(s.sign(), entry.sign, "{name}: sign");
            let response = match entry.response.as_str() {
                "predict" => ResponseMethod::Predict,
                "predict_proba" => ResponseMethod::PredictProba,
                "decision_function" => ResponseMethod::DecisionFunction,
                "decision_function+predict_proba" => ResponseMethod::DecisionFunctionOrProba,
                other => panic!("{name}: response method {other}"),
            };
            assert_eq!(s.response(), response, "{name}: response method");
        }
        let r = metrics::get_scorer("f2_macro");
        assert!(
            matches!(&r, Err(Error::InvalidParameter { name: "scoring", reason, .. }) if reason.contains("f1_macro")),
            "{r:?}"
        );
    }
}

suite_test! {
    async fn scorers_match_sklearn_on_fitted_models(paths) {
        for p in paths {
            let d = &p.device;
            let (rtol, _) = tol(DType::F64, d);
            for case in &fixtures().cases {
                let (model, x, y, w) = case.fitted(d).await;
                for (name, want) in &case.scores {
                    let what = format!("{} {} weighted={} {name}", p.name, case.estimator, w.is_some());
                    let got = metrics::get_scorer(name).unwrap().score(&*model, &x, &y, w.as_ref()).await;
                    match (want, got) {
                        (Some(want), Ok(got)) => assert_matches_fixture(&[got], &[*want], rtol, &what),
                        (None, Err(_)) => {}
                        (want, got) => panic!("{what}: scikit-learn gives {want:?}, wglearn {got:?}"),
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn make_scorer_and_estimator_score_use_the_registry(paths) {
        let f = fixtures();
        let case = f.cases.iter().find(|c| c.estimator == "LinearDiscriminantAnalysis").unwrap();
        for p in paths {
            let (model, x, y, _) = case.fitted(&p.device).await;
            let rtol = tol(DType::F64, &p.device).0;
            let f1 = metrics::make_scorer("f1_macro", |y, p, w| {
                Box::pin(metrics::f1_score(y, p).average(Average::Macro).sample_weight(w).into_future())
            });
            let got = f1.score(&*model, &x, &y, None).await.unwrap();
            assert_matches_fixture(&[got], &[case.scores["f1_macro"].unwrap()], rtol, p.name);
            // A loss, negated; scored on the probabilities.
            let loss = metrics::make_scorer("log_loss", |y, p, w| {
                Box::pin(metrics::log_loss(y, p).sample_weight(w).into_future())
            })
            .greater_is_better(false)
            .response_method(ResponseMethod::PredictProba);
            let got = loss.score(&*model, &x, &y, None).await.unwrap();
            assert_matches_fixture(&[got], &[case.scores["neg_log_loss"].unwrap()], rtol, p.name);
            let score = model.score(&x, Some(&y), None).await.unwrap();
            assert_matches_fixture(&[score], &[case.scores["accuracy"].unwrap()], rtol, p.name);
        }
    }
}
