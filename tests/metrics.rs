//! The metrics that estimators' `score` uses, on every path: values against hand-computed
//! answers (scikit-learn's own numbers are in the estimator fixtures' `score`), and the errors
//! for inputs no average is defined on.

#[macro_use]
mod common;

use common::*;
use wglearn::metrics;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn arr(dev: &Device, v: &[f64], dtype: DType) -> Array {
    array(dev, v, &[v.len()], dtype)
}

suite_test! {
    async fn accuracy_and_r2_on_every_path(paths) {
        for p in paths {
            for dtype in [DType::F32, DType::F64] {
                let d = &p.device;
                let what = format!("{} {dtype}", p.name);
                let y = arr(d, &[0.0, 1.0, 2.0, 1.0], dtype);
                let pred = Array::from_vec(d, vec![0i32, 2, 2, 1], &[4]).unwrap();
                assert_eq!(metrics::accuracy_score(&y, &pred).await.unwrap(), 0.75, "{what}");
                assert_eq!(metrics::accuracy_score(&y, &pred).normalize(false).await.unwrap(), 3.0);
                let w = arr(d, &[1.0, 3.0, 1.0, 1.0], dtype);
                let weighted = metrics::accuracy_score(&y, &pred).sample_weight(&w).await.unwrap();
                assert!((weighted - 0.5).abs() < 1e-7, "{what}: {weighted}");

                let yt = arr(d, &[1.0, 2.0, 3.0, 4.0], dtype);
                let yp = arr(d, &[1.0, 2.0, 3.0, 5.0], dtype);
                let r2 = metrics::r2_score(&yt, &yp).await.unwrap();
                assert!((r2 - 0.8).abs() < 1e-6, "{what}: {r2}");
                // A constant target: 1 if predicted exactly, else 0; without force_finite -inf.
                let c = arr(d, &[2.0, 2.0, 2.0], dtype);
                let off = arr(d, &[2.0, 2.0, 3.0], dtype);
                assert_eq!(metrics::r2_score(&c, &c).await.unwrap(), 1.0);
                assert_eq!(metrics::r2_score(&c, &off).await.unwrap(), 0.0);
                let raw = metrics::r2_score(&c, &off).force_finite(false).await.unwrap();
                assert_eq!(raw, f64::NEG_INFINITY, "{what}");
                // One sample: not defined, NaN as in scikit-learn.
                let one = arr(d, &[1.0], dtype);
                assert!(metrics::r2_score(&one, &one).await.unwrap().is_nan());
            }
        }
    }
}

suite_test! {
    async fn metrics_refuse_what_has_no_average(paths) {
        for p in paths {
            let d = &p.device;
            let y = arr(d, &[0.0, 1.0, 1.0], DType::F64);
            let zeros = arr(d, &[0.0, 0.0, 0.0], DType::F64);
            for r in [
                metrics::accuracy_score(&y, &y).sample_weight(&zeros).await,
                metrics::r2_score(&y, &y).sample_weight(&zeros).await,
            ] {
                assert!(matches!(r, Err(Error::InvalidParameter { name: "sample_weight", .. })), "{}: {r:?}", p.name);
            }
            let nan = arr(d, &[0.0, f64::NAN, 1.0], DType::F64);
            assert!(matches!(
                metrics::accuracy_score(&y, &nan).await,
                Err(Error::NonFinite { count: 1, at, .. }) if at == [1]
            ));
            assert!(matches!(metrics::r2_score(&nan, &y).await, Err(Error::NonFinite { .. })));
            let short = arr(d, &[0.0, 1.0], DType::F64);
            assert!(matches!(
                metrics::accuracy_score(&y, &short).await,
                Err(Error::ShapeMismatch { .. })
            ));
            assert!(matches!(metrics::r2_score(&y, &short).await, Err(Error::ShapeMismatch { .. })));
            let empty = arr(d, &[], DType::F64);
            assert!(matches!(metrics::r2_score(&empty, &empty).await, Err(Error::EmptyInput { .. })));
        }
    }
}

/// A Tweedie deviance with the case's weights and power.
fn deviance<'a>(
    m: metrics::TweedieDeviance<'a>,
    w: Option<&'a Array>,
    power: Option<f64>,
) -> metrics::TweedieDeviance<'a> {
    let m = m.sample_weight(w);
    match power {
        Some(power) => m.power(power),
        None => m,
    }
}

#[derive(serde::Deserialize)]
struct MetricCase {
    metric: String,
    multioutput: serde_json::Value,
    params: serde_json::Map<String, serde_json::Value>,
    y_true: FixtureArray,
    y_pred: FixtureArray,
    sample_weight: Option<FixtureArray>,
    expected: FixtureArray,
}

#[derive(serde::Deserialize)]
struct MetricFixtures {
    cases: Vec<MetricCase>,
}

impl MetricCase {
    fn param(&self, name: &str) -> Option<f64> {
        self.params.get(name).map(|v| v.as_f64().or(v.as_bool().map(f64::from)).expect("a number or a bool"))
    }

    /// The score, or the per-output values, of a multioutput-capable metric.
    async fn run<O: 'static>(&self, m: metrics::Regression<'_, O>, dtype: DType, what: &str) -> Vec<f64> {
        match &self.multioutput {
            serde_json::Value::String(s) if s == "raw_values" => {
                let a = m.raw_values().await.unwrap();
                assert_eq!(a.dtype(), dtype, "{what}: dtype");
                a.to_vec::<f64>().await.unwrap()
            }
            serde_json::Value::String(s) if s == "uniform_average" => vec![m.await.unwrap()],
            serde_json::Value::String(s) if s == "variance_weighted" => {
                vec![m.multioutput(metrics::Multioutput::VarianceWeighted).await.unwrap()]
            }
            serde_json::Value::Array(v) => {
                let v = v.iter().map(|x| x.as_f64().unwrap()).collect();
                vec![m.multioutput(metrics::Multioutput::Weights(v)).await.unwrap()]
            }
            other => panic!("{what}: unknown multioutput {other}"),
        }
    }
}

suite_test! {
    /// Every case of tests/fixtures/metrics.json (scikit-learn's regression metrics) on every
    /// path, in float32 and float64, at the path's tolerance; NaN and the infinities exactly.
    async fn regression_metrics_match_sklearn(paths) {
        let fixtures: MetricFixtures =
            serde_json::from_str(include_str!("fixtures/metrics.json")).expect("tests/fixtures/metrics.json parses");
        for p in paths {
            for dtype in [DType::F32, DType::F64] {
                for case in &fixtures.cases {
                    let d = &p.device;
                    let what = format!(
                        "{} {dtype} {} {} {:?} weighted={}",
                        p.name,
                        case.metric,
                        case.multioutput,
                        case.params,
                        case.sample_weight.is_some()
                    );
                    let y = array(d, &case.y_true.data, &case.y_true.shape, dtype);
                    let pred = array(d, &case.y_pred.data, &case.y_pred.shape, dtype);
                    let w = case.sample_weight.as_ref().map(|w| array(d, &w.data, &w.shape, dtype));
                    let alpha = case.param("alpha").unwrap_or(0.5);
                    let force_finite = case.param("force_finite").is_none_or(|v| v != 0.0);
                    let power = case.param("power");
                    let got: Vec<f64> = match case.metric.as_str() {
                        "max_error" => vec![metrics::max_error(&y, &pred).await.unwrap()],
                        "mean_tweedie_deviance" => vec![deviance(metrics::mean_tweedie_deviance(&y, &pred), w.as_ref(), power).await.unwrap()],
                        "mean_poisson_deviance" => vec![deviance(metrics::mean_poisson_deviance(&y, &pred), w.as_ref(), power).await.unwrap()],
                        "mean_gamma_deviance" => vec![deviance(metrics::mean_gamma_deviance(&y, &pred), w.as_ref(), power).await.unwrap()],
                        "d2_tweedie_score" => vec![deviance(metrics::d2_tweedie_score(&y, &pred), w.as_ref(), power).await.unwrap()],
                        "mean_pinball_loss" => {
                            let m = metrics::mean_pinball_loss(&y, &pred).alpha(alpha).sample_weight(w.as_ref());
                            case.run(m, dtype, &what).await
                        }
                        "d2_pinball_score" => {
                            let m = metrics::d2_pinball_score(&y, &pred).alpha(alpha).sample_weight(w.as_ref());
                            case.run(m, dtype, &what).await
                        }
                        "r2_score" | "explained_variance_score" => {
                            let m = if case.metric == "r2_score" {
                                metrics::r2_score(&y, &pred)
                            } else {
                                metrics::explained_variance_score(&y, &pred)
                            };
                            case.run(m.force_finite(force_finite).sample_weight(w.as_ref()), dtype, &what).await
                        }
                        name => {
                            let m = match name {
                                "mean_absolute_error" => metrics::mean_absolute_error(&y, &pred),
                                "mean_squared_error" => metrics::mean_squared_error(&y, &pred),
                                "root_mean_squared_error" => metrics::root_mean_squared_error(&y, &pred),
                                "mean_squared_log_error" => metrics::mean_squared_log_error(&y, &pred),
                                "root_mean_squared_log_error" => metrics::root_mean_squared_log_error(&y, &pred),
                                "mean_absolute_percentage_error" => metrics::mean_absolute_percentage_error(&y, &pred),
                                "median_absolute_error" => metrics::median_absolute_error(&y, &pred),
                                "d2_absolute_error_score" => metrics::d2_absolute_error_score(&y, &pred),
                                other => panic!("no such metric in the test: {other}"),
                            };
                            case.run(m.sample_weight(w.as_ref()), dtype, &what).await
                        }
                    };
                    let (rtol, _) = tol(dtype, d);
                    assert_matches_fixture(&got, &case.expected.data, rtol, &what);
                }
            }
        }
    }
}

suite_test! {
    async fn regression_errors_refuse_what_scikit_learn_refuses(paths) {
        for p in paths {
            let d = &p.device;
            let y = arr(d, &[0.5, -1.0, 2.0], DType::F64);
            let ok = arr(d, &[0.5, 1.0, 2.0], DType::F64);
            for r in [
                metrics::mean_squared_log_error(&y, &ok).await,
                metrics::root_mean_squared_log_error(&ok, &y).await,
            ] {
                assert!(matches!(r, Err(Error::OutOfDomain { .. })), "{}: {r:?}", p.name);
            }
            let two = array(d, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[3, 2], DType::F64);
            assert!(matches!(metrics::max_error(&two, &two).await, Err(Error::ShapeMismatch { op: "max_error", .. })));
            let three_weights = metrics::Multioutput::Weights(vec![1.0, 2.0, 3.0]);
            assert!(matches!(
                metrics::mean_absolute_error(&two, &two).multioutput(three_weights).await,
                Err(Error::InvalidParameter { name: "multioutput", .. })
            ));
            let no_weight = metrics::Multioutput::Weights(vec![1.0, -1.0]);
            assert!(matches!(
                metrics::mean_absolute_error(&two, &two).multioutput(no_weight).await,
                Err(Error::InvalidParameter { name: "multioutput", .. })
            ));
            let zeros = arr(d, &[0.0, 0.0, 0.0], DType::F64);
            assert!(matches!(
                metrics::mean_squared_error(&ok, &ok).sample_weight(&zeros).await,
                Err(Error::InvalidParameter { name: "sample_weight", .. })
            ));
            // Options that do not apply, or are out of range.
            let r = metrics::mean_absolute_error(&two, &two).multioutput(metrics::Multioutput::VarianceWeighted).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "multioutput", .. })), "{}: {r:?}", p.name);
            // raw_values is an array: awaited as a score it is refused, with the way to get it.
            let r = metrics::r2_score(&two, &two).multioutput(metrics::Multioutput::RawValues).await;
            assert!(
                matches!(&r, Err(Error::InvalidParameter { name: "multioutput", reason, .. }) if reason.contains("raw_values()")),
                "{}: {r:?}",
                p.name
            );
            for alpha in [-0.1, 1.5, f64::NAN] {
                let r = metrics::mean_pinball_loss(&ok, &ok).alpha(alpha).await;
                assert!(matches!(r, Err(Error::InvalidParameter { name: "alpha", .. })), "{}: {r:?}", p.name);
            }
            for power in [0.5, f64::NAN] {
                let r = metrics::mean_tweedie_deviance(&ok, &ok).power(power).await;
                assert!(matches!(r, Err(Error::InvalidParameter { name: "power", .. })), "{}: {r:?}", p.name);
            }
            // Values outside a deviance's domain, named.
            let with_zero = arr(d, &[0.0, 1.0, 2.0], DType::F64);
            let negative = arr(d, &[-0.5, 1.0, 2.0], DType::F64);
            for (r, holds) in [
                (metrics::mean_gamma_deviance(&with_zero, &ok).await, "y_true; it holds 0"),
                (metrics::mean_poisson_deviance(&negative, &ok).await, "y_true; it holds -0.5"),
                (metrics::mean_poisson_deviance(&ok, &with_zero).await, "y_pred; it holds 0"),
                (
                    metrics::mean_tweedie_deviance(&negative, &with_zero).power(-1.0).await,
                    "y_pred; it holds 0",
                ),
                (metrics::d2_tweedie_score(&with_zero, &ok).power(3.0).await, "y_true; it holds 0"),
            ] {
                match r {
                    Err(e @ Error::OutOfDomain { .. }) => assert!(e.to_string().contains(holds), "{}: {e}", p.name),
                    other => panic!("{}: expected OutOfDomain, got {other:?}", p.name),
                }
            }
            // D² of a constant target divides by zero (scikit-learn's ZeroDivisionError).
            let constant = arr(d, &[2.0, 2.0, 2.0], DType::F64);
            let r = metrics::d2_tweedie_score(&constant, &ok).await;
            assert!(matches!(r, Err(Error::OutOfDomain { op: "d2_tweedie_score", .. })), "{}: {r:?}", p.name);
            let r = metrics::mean_poisson_deviance(&two, &two).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { op: "mean_poisson_deviance", .. })), "{}: {r:?}", p.name);
        }
    }
}
