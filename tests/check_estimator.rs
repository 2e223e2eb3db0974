//! The common estimator checks (scikit-learn's check_estimator, for this library's contract),
//! run on every registered estimator on every path, in float32 and float64, with no
//! per-estimator code: what to feed and what to expect comes from the tags.
//! NotFitted before fit; the tags agree with the methods; dtype preserved; device parity with
//! the CPU; fitting twice gives the same model; NaN, inf, empty input, a wrong feature count,
//! a y of the wrong length or missing, and data on another device rejected with the right
//! Error; sample weights taken exactly where tagged; fitted attributes by name; clone,
//! get_params/set_param, JSON and to_device round trips.

mod common;

use common::*;
use wglearn::decomposition::{NComponents, Pca};
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::*;
use wglearn::linear_model::{Ridge, RidgeSolver};
use wglearn::prelude::*;
use wglearn::preprocessing::*;

const N: usize = 30;
const P: usize = 4;

/// X and y for an estimator with these tags: 1-D labels for label encoders, a kernel matrix
/// for pairwise estimators, else N x P; y is labels 0, 1, 2 for classifiers, a linear
/// response for regressors, none otherwise.
fn data(tags: Tags, device: &Device, dtype: DType, seed: u64) -> (Array, Option<Array>) {
    let mut rng = TestRng::new(seed);
    let x = rng.vec(N * P, -3.0, 3.0);
    let response: Vec<f64> = (0..N).map(|i| x[i * P] + 0.5 * x[i * P + 1] + rng.uniform(-0.5, 0.5)).collect();
    if tags.labels_input {
        let labels: Vec<f64> = x.iter().take(N).map(|v| (v * 1.5).round()).collect();
        return (array(device, &labels, &[N], dtype), None);
    }
    let xa = array(device, &x, &[N, P], dtype);
    let xa = if tags.pairwise { ops::gemm(&xa, &xa, false, true).unwrap() } else { xa };
    let y = if tags.classifier {
        Some(response.iter().map(|&s| f64::from(u8::from(s > -1.0) + u8::from(s > 1.0))).collect())
    } else if tags.supervised {
        Some(response)
    } else {
        None
    };
    (xa, y.map(|y: Vec<f64>| array(device, &y, &[N], dtype)))
}

fn host(a: &Array) -> Vec<f64> {
    block_on(a.to_vec::<f64>()).unwrap()
}

/// Compares at a tolerance, relative to the array's scale.
fn close(got: &Array, want: &Array, tol: (f64, f64), what: &str) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    let (g, w) = (host(got), host(want));
    let scale = w.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for (i, (a, b)) in g.iter().zip(&w).enumerate() {
        assert!((a - b).abs() <= tol.0 * (b.abs() + scale) + tol.1, "{what}: element {i}: got {a}, want {b}");
    }
}

fn expect_err<T>(r: Result<T>, what: &str, ok: impl Fn(&Error) -> bool) {
    match r {
        Err(e) if ok(&e) => {}
        Err(e) => panic!("{what}: wrong error {e:?}"),
        Ok(_) => panic!("{what}: accepted"),
    }
}

const METHODS: [&str; 6] =
    ["predict", "transform", "predict_proba", "predict_log_proba", "decision_function", "score_samples"];

fn call(e: &dyn DynEstimator, method: &str, x: &Array) -> Result<Array> {
    block_on(match method {
        "predict" => e.predict(x),
        "transform" => e.transform(x),
        "predict_proba" => e.predict_proba(x),
        "predict_log_proba" => e.predict_log_proba(x),
        "decision_function" => e.decision_function(x),
        "score_samples" => e.score_samples(x),
        m => panic!("no method {m}"),
    })
}

/// The methods an estimator has: those that do not answer NoAttribute.
fn methods(e: &dyn DynEstimator, x: &Array) -> Vec<&'static str> {
    METHODS.into_iter().filter(|m| !matches!(call(e, m, x), Err(Error::NoAttribute { .. }))).collect()
}

fn fit(e: &mut dyn DynEstimator, x: &Array, y: Option<&Array>) -> Result<()> {
    block_on(e.fit(x, y, None))
}

fn check_estimator(name: &str) {
    let cpu = Device::cpu();
    let tags = by_name(name).unwrap().tags();
    for path in paths() {
        for dtype in [DType::F32, DType::F64] {
            let what = |s: &str| format!("{name} {dtype} on {}: {s}", path.name);
            let dev = &path.device;
            let (x, y) = data(tags, dev, dtype, 1);
            let y = y.as_ref();
            let tol = tol(dtype, dev);

            let unfitted = by_name(name).unwrap();
            assert!(!unfitted.is_fitted() && unfitted.device().is_none(), "{}", what("fresh"));
            unfitted.get_params().keys().for_each(|k| assert!(unfitted.param_names().contains(&k.as_str())));
            for attr in unfitted.fitted_attr_names() {
                expect_err(unfitted.fitted_attr(attr), &what(attr), |e| matches!(e, Error::NotFitted { .. }));
            }

            let mut m = by_name(name).unwrap();
            fit(m.as_mut(), &x, y).unwrap_or_else(|e| panic!("{}: {e}", what("fit")));
            assert!(m.is_fitted());
            assert!(m.device().unwrap().same(dev), "{}", what("model device"));
            let have = methods(m.as_ref(), &x);
            assert_eq!(tags.transformer, have.contains(&"transform"), "{}", what("transformer tag"));
            assert_eq!(tags.classifier || tags.regressor, have.contains(&"predict"), "{}", what("predictor tags"));
            if tags.requires_fit {
                for method in &have {
                    expect_err(call(unfitted.as_ref(), method, &x), &what(&format!("{method} before fit")), |e| {
                        matches!(e, Error::NotFitted { .. })
                    });
                }
            }
            for attr in m.fitted_attr_names() {
                m.fitted_attr(attr).unwrap_or_else(|e| panic!("{}: {e}", what(attr)));
            }
            expect_err(m.fitted_attr("no_such_attribute_"), &what("unknown attribute"), |e| {
                matches!(e, Error::NoAttribute { .. })
            });

            // Outputs: on the input's device, in its dtype (label codes excepted), and equal
            // to the CPU's.
            let (xc, yc) = data(tags, &cpu, dtype, 1);
            let mut reference = by_name(name).unwrap();
            fit(reference.as_mut(), &xc, yc.as_ref()).unwrap();
            let outputs: Vec<Array> = have.iter().map(|method| call(m.as_ref(), method, &x).unwrap()).collect();
            for (method, out) in have.iter().zip(&outputs) {
                if !tags.labels_input {
                    assert_eq!(out.dtype(), dtype, "{}", what(&format!("{method} keeps the dtype")));
                }
                assert!(out.device().same(dev), "{}", what(&format!("{method} output device")));
                let want = call(reference.as_ref(), method, &xc).unwrap();
                close(out, &want, tol, &what(&format!("{method}: parity with the CPU")));
            }
            // scikit-learn's dtype rule: a model fitted in float32 given float64 data answers in
            // float64 (labels keep the dtype of y), with the same values.
            if dtype == DType::F32 {
                let x64 = wglearn::ops::astype(&x, DType::F64).unwrap();
                for (method, out) in have.iter().zip(&outputs) {
                    let got = call(m.as_ref(), method, &x64).unwrap();
                    let labels = tags.labels_input || (tags.classifier && *method == "predict");
                    let want_dtype = if labels { out.dtype() } else { DType::F64 };
                    assert_eq!(got.dtype(), want_dtype, "{}", what(&format!("{method} of float64 data")));
                    let out = wglearn::ops::astype(out, want_dtype).unwrap();
                    close(&got, &out, tol, &what(&format!("{method} of float64 data")));
                }
            }
            if let Some(y) = y {
                let s = block_on(m.score(&x, Some(y), None)).unwrap();
                let s_cpu = block_on(reference.score(&xc, yc.as_ref(), None)).unwrap();
                assert!((s - s_cpu).abs() <= tol.0 * 10.0 * s_cpu.abs().max(1.0), "{}", what("score"));
                expect_err(block_on(m.score(&x, None, None)), &what("score without y"), |e| {
                    matches!(e, Error::MissingTarget { .. })
                });
                expect_err(block_on(by_name(name).unwrap().fit(&x, None, None)), &what("fit without y"), |e| {
                    matches!(e, Error::MissingTarget { .. })
                });
            }

            // Fitting again gives the same model.
            fit(m.as_mut(), &x, y).unwrap();
            for (method, out) in have.iter().zip(&outputs) {
                assert_eq!(host(&call(m.as_ref(), method, &x).unwrap()), host(out), "{}", what("fit twice"));
            }

            // Sample weights: taken exactly where tagged.
            let ones = Array::ones(dev, &[x.shape()[0]], dtype).unwrap();
            let weighted = block_on(by_name(name).unwrap().fit(&x, y, Some(&ones)));
            if tags.sample_weight {
                weighted.unwrap_or_else(|e| panic!("{}: {e}", what("unit weights")));
                // Weights that sum to zero leave nothing to fit: the same error everywhere.
                let zeros = Array::zeros(dev, &[x.shape()[0]], dtype).unwrap();
                expect_err(
                    block_on(by_name(name).unwrap().fit(&x, y, Some(&zeros))),
                    &what("zero weights"),
                    |e| matches!(e, Error::InvalidParameter { name: "sample_weight", reason, .. } if reason.contains("sum to zero")),
                );
            } else {
                expect_err(weighted, &what("weights refused"), |e| {
                    matches!(e, Error::InvalidParameter { name: "sample_weight", .. })
                });
            }

            // Bad input.
            let mut bad = host(&x);
            let shape = x.shape().to_vec();
            let first_bad: Vec<usize> = if shape.len() == 1 { vec![3] } else { vec![3 / shape[1], 3 % shape[1]] };
            for (v, label) in [(f64::NAN, "NaN"), (f64::INFINITY, "inf")] {
                bad[3] = v;
                let xb = array(dev, &bad, &shape, dtype);
                expect_err(
                    fit(by_name(name).unwrap().as_mut(), &xb, y),
                    &what(&format!("{label} in fit")),
                    |e| matches!(e, Error::NonFinite { count: 1, at, .. } if *at == first_bad),
                );
                for method in &have {
                    expect_err(call(m.as_ref(), method, &xb), &what(&format!("{label} in {method}")), |e| {
                        matches!(e, Error::NonFinite { .. })
                    });
                }
            }
            let empty_shape: Vec<usize> = if tags.labels_input { vec![0] } else { vec![0, x.shape()[1]] };
            let empty = Array::zeros(dev, &empty_shape, dtype).unwrap();
            let y0 = Array::zeros(dev, &[0], dtype).unwrap();
            expect_err(fit(by_name(name).unwrap().as_mut(), &empty, y.map(|_| &y0)), &what("empty fit"), |e| {
                matches!(e, Error::EmptyInput { .. })
            });
            if !tags.labels_input {
                let wide = Array::zeros(dev, &[3, x.shape()[1] + 1], dtype).unwrap();
                for method in &have {
                    expect_err(call(m.as_ref(), method, &wide), &what("wrong feature count"), |e| {
                        matches!(e, Error::ShapeMismatch { .. })
                    });
                }
            }
            if let Some(y) = y {
                let short = y.slice_axis(0, 0, N - 1).unwrap();
                expect_err(fit(by_name(name).unwrap().as_mut(), &x, Some(&short)), &what("short y"), |e| {
                    matches!(e, Error::ShapeMismatch { .. })
                });
            }
            let elsewhere = if dev.is_gpu() { Some(cpu.clone()) } else { gpu_paths().next().map(|p| p.device.clone()) };
            if let Some(other) = elsewhere {
                let xo = block_on(x.to_device(&other)).unwrap();
                for method in &have {
                    expect_err(call(m.as_ref(), method, &xo), &what("input on another device"), |e| {
                        matches!(e, Error::DeviceMismatch { .. })
                    });
                }
            }

            // Clone and params.
            let twin = m.clone();
            for (method, out) in have.iter().zip(&outputs) {
                assert_eq!(host(&call(twin.as_ref(), method, &x).unwrap()), host(out), "{}", what("clone"));
            }
            let mut rebuilt = by_name(name).unwrap();
            for (k, v) in m.get_params() {
                rebuilt.set_param(&k, v).unwrap();
            }
            assert_eq!(rebuilt.get_params(), m.get_params(), "{}", what("params round trip"));
            expect_err(rebuilt.set_param("no_such_parameter", ParamValue::None), &what("unknown param"), |e| {
                matches!(e, Error::InvalidParameter { .. })
            });

            // JSON: the model loads on the CPU. to_device: to the CPU and back.
            let json = m.to_json().unwrap();
            corrupted_models_are_refused(&json, &what("corrupted JSON"));
            let loaded = from_json(&json).unwrap();
            assert_eq!(loaded.name(), name);
            assert!(loaded.device().unwrap().same(&cpu), "{}", what("loaded on the CPU"));
            let moved = block_on(m.to_device(&cpu)).unwrap();
            let back = block_on(moved.to_device(dev)).unwrap();
            let x_cpu = block_on(x.to_device(&cpu)).unwrap();
            for (method, out) in have.iter().zip(&outputs) {
                close(&call(loaded.as_ref(), method, &x_cpu).unwrap(), out, tol, &what("JSON round trip"));
                close(&call(moved.as_ref(), method, &x_cpu).unwrap(), out, tol, &what("to_device(cpu)"));
                close(&call(back.as_ref(), method, &x).unwrap(), out, tol, &what("to_device back"));
            }
        }
    }
}

/// Edits a saved model the way a corruption would, and expects each edit refused at load:
/// n_features_in_ off by one, one float attribute in another dtype, classes out of order.
fn corrupted_models_are_refused(json: &str, what: &str) {
    let saved: serde_json::Value = serde_json::from_str(json).unwrap();
    let fitted = saved["model"]["fitted"].as_object().expect("a fitted model").clone();
    let refused = |edit: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>), label: &str| {
        let mut bad = saved.clone();
        edit(bad["model"]["fitted"].as_object_mut().unwrap());
        expect_err(from_json(&bad.to_string()), &format!("{what}: {label}"), |e| matches!(e, Error::BadModel { .. }));
    };
    if let Some(n) = fitted.get("n_features_in_").and_then(|v| v.as_u64()) {
        if fitted.values().filter(|v| v.get("F32").or(v.get("F64")).is_some()).count() > 0 {
            refused(&|f| drop(f.insert("n_features_in_".into(), (n + 1).into())), "n_features_in_ + 1");
        }
    }
    let floats: Vec<&String> = fitted
        .iter()
        .filter(|(k, v)| *k != "classes_" && (v.get("F32").is_some() || v.get("F64").is_some()))
        .map(|(k, _)| k)
        .collect();
    if floats.len() >= 2 {
        let name = floats[0].clone();
        refused(
            &|f| {
                let v = f[&name].as_object_mut().unwrap();
                let (from, to) = if v.contains_key("F32") { ("F32", "F64") } else { ("F64", "F32") };
                let inner = v.remove(from).unwrap();
                v.insert(to.into(), inner);
            },
            "one attribute in another dtype",
        );
    }
    if let Some(classes) = fitted.get("classes_") {
        let stored = classes.as_object().unwrap().values().next().unwrap();
        if stored["data"].as_array().unwrap().len() >= 2 {
            refused(
                &|f| {
                    let c = f.get_mut("classes_").unwrap().as_object_mut().unwrap().values_mut().next().unwrap();
                    let data = c["data"].as_array_mut().unwrap();
                    data.reverse();
                },
                "classes out of order",
            );
        }
    }
}

#[test]
fn arrays_keep_nan_and_inf_through_json() {
    let values = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.5, -0.0, 1e-310, f64::MAX];
    for dtype in [DType::F32, DType::F64] {
        let a = ops::astype(&Array::from_slice(&Device::cpu(), &values).unwrap(), dtype).unwrap();
        let json = serde_json::to_string(&a).unwrap();
        let back: Array = serde_json::from_str(&json).unwrap();
        assert_eq!(back.dtype(), dtype);
        let (got, want) = (host(&back), host(&a));
        for (g, w) in got.iter().zip(&want) {
            assert!(g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()), "{dtype}: {g} != {w} via {json}");
        }
    }
    let bad = r#"{"F64":{"v":1,"dim":[2],"data":[1.0,"one"]}}"#;
    assert!(serde_json::from_str::<Array>(bad).is_err());
}

#[test]
fn every_registered_estimator_keeps_the_contract() {
    let names: Vec<&str> = names().collect();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        check_estimator(name);
    }
}

#[test]
fn the_registry_names_what_it_lacks() {
    match by_name("RandomForestClassifier") {
        Err(Error::InvalidParameter { reason, .. }) => assert!(reason.contains("Ridge"), "{reason}"),
        r => panic!("{:?}", r.err()),
    }
    expect_err(from_json("{\"estimator\": \"Ridge\", \"model\": {\"alpha\": \"x\"}}"), "corrupt", |e| {
        matches!(e, Error::BadModel { .. })
    });
    expect_err(from_json("not json"), "not json", |e| matches!(e, Error::BadModel { .. }));
}

#[test]
fn label_encoder_names_unseen_labels_and_codes() {
    for path in paths() {
        let dev = &path.device;
        let y = Array::from_vec(dev, vec![5.0f64, 2.0, 9.0, 2.0, 5.0], &[5]).unwrap();
        let mut m = LabelEncoder::new();
        block_on(m.fit(&y)).unwrap();
        let codes = block_on(m.transform(&y)).unwrap();
        assert_eq!(block_on(codes.to_vec::<i32>()).unwrap(), vec![1, 0, 2, 0, 1], "{}", path.name);
        let unseen = Array::from_vec(dev, vec![2.0f64, 4.0, 11.0, 4.0], &[4]).unwrap();
        match block_on(m.transform(&unseen)) {
            Err(Error::UnseenLabels { labels, .. }) => assert_eq!(labels, "[4, 11]", "{}", path.name),
            r => panic!("unseen labels on {}: {:?}", path.name, r.err()),
        }
        let big = Array::from_vec(dev, vec![0i32, 3], &[2]).unwrap();
        expect_err(block_on(m.inverse_transform(&big)), "code out of range", |e| {
            matches!(e, Error::UnseenLabels { .. })
        });
        assert_eq!(host(&block_on(m.inverse_transform(&codes)).unwrap()), host(&y), "{}", path.name);
    }
}

#[test]
fn hyperparameters_are_checked_at_fit_and_options_are_enums() {
    let dev = Device::cpu();
    let (x, y) = data(Ridge::TAGS, &dev, DType::F64, 2);
    let y = y.unwrap();
    let name_of = |r: Result<()>| match r {
        Err(Error::InvalidParameter { name, .. }) => name,
        r => panic!("expected InvalidParameter, got {r:?}"),
    };
    assert_eq!(name_of(block_on(Pca::new().n_components(1.5).fit(&x))), "n_components");
    assert_eq!(name_of(block_on(Pca::new().n_components(9usize).fit(&x))), "n_components");
    assert_eq!(name_of(block_on(Pca::new().tol(-1.0).fit(&x))), "tol");
    assert_eq!(name_of(block_on(Ridge::new().alpha(-1.0).fit(&x, &y))), "alpha");
    assert_eq!(name_of(block_on(Ridge::new().alpha(vec![1.0, 2.0]).fit(&x, &y))), "alpha");
    assert_eq!(name_of(block_on(Ridge::new().positive(true).fit(&x, &y))), "positive");
    assert_eq!(name_of(block_on(MinMaxScaler::new().feature_range((1.0, 0.0)).fit(&x))), "feature_range");
    assert_eq!(name_of(block_on(MinMaxScaler::new().feature_range((1.0, 0.0)).partial_fit(&x))), "feature_range");
    assert_eq!(name_of(block_on(Binarizer::new().threshold(f64::NAN).transform(&x)).map(|_| ())), "threshold");
    let (xl, yl) = data(LinearDiscriminantAnalysis::TAGS, &dev, DType::F64, 2);
    let yl = yl.unwrap();
    let lda = |m: LinearDiscriminantAnalysis| block_on(m.clone().fit(&xl, &yl));
    assert_eq!(name_of(lda(LinearDiscriminantAnalysis::new().n_components(5usize))), "n_components");
    assert_eq!(name_of(lda(LinearDiscriminantAnalysis::new().priors(vec![0.5, -0.5, 1.0]))), "priors");
    assert_eq!(name_of(lda(LinearDiscriminantAnalysis::new().priors(vec![0.0, 0.0, 0.0]))), "priors");

    // Options are enums; their scikit-learn strings convert both ways, and an unknown one is
    // refused at once with the valid ones listed.
    let mut ridge = Ridge::new().solver(RidgeSolver::Svd);
    assert_eq!(ridge.get_params()["solver"], ParamValue::Str("svd".into()));
    ridge.set_param("solver", ParamValue::Str("cholesky".into())).unwrap();
    assert_eq!(format!("{ridge:?}"), "Ridge(solver='cholesky')");
    match ridge.set_param("solver", ParamValue::Str("sag".into())) {
        Err(Error::InvalidParameter { name: "solver", reason, .. }) => {
            assert!(reason.contains("'auto', 'svd', 'cholesky'") && reason.contains("not provided"), "{reason}")
        }
        r => panic!("{r:?}"),
    }
    let mut pca = Pca::new();
    pca.set_param("n_components", ParamValue::Str("mle".into())).unwrap();
    assert_eq!(pca.get_params()["n_components"], ParamValue::Str("mle".into()));
    assert!(matches!(
        pca.set_param("n_components", ParamValue::Str("mla".into())),
        Err(Error::InvalidParameter { name: "n_components", .. })
    ));
    assert!(matches!(pca.set_param("svd_solver", "arpack".into()), Err(Error::InvalidParameter { .. })));
    assert!(matches!(pca.set_param("whiten", "yes".into()), Err(Error::InvalidParameter { name: "whiten", .. })));
    let _ = Pca::new().n_components(NComponents::Mle);
    assert!(matches!(Normalizer::new().set_param("norm", "l3".into()), Err(Error::InvalidParameter { .. })));
}

/// With every component kept the noise variance is zero and PCA's covariance is the data's:
/// its precision is the exact inverse when the data has full rank, and singular data gets one
/// error on every device (scikit-learn's linalg.inv returns rounding noise there), named for
/// the method called.
#[test]
fn pca_precision_without_noise() {
    let (n, p) = (40, 4);
    let full = TestRng::new(11).vec(n * p, -1.0, 1.0);
    let mut collinear = full.clone();
    for r in 0..n {
        collinear[r * p + 3] = collinear[r * p] - 2.0 * collinear[r * p + 1];
    }
    for path in paths() {
        for dtype in [DType::F32, DType::F64] {
            let what = format!("{} {dtype}", path.name);
            let mut m = Pca::new();
            block_on(m.fit(&array(&path.device, &full, &[n, p], dtype))).unwrap();
            assert_eq!(m.noise_variance_().unwrap(), 0.0, "{what}");
            let product = ops::matmul(&block_on(m.get_precision()).unwrap(), &block_on(m.get_covariance()).unwrap());
            let eye = Array::eye(&path.device, p, None, 0, dtype).unwrap();
            assert_close(&product.unwrap(), &eye, &format!("{what}: precision @ covariance"));
            let scores = block_on(m.score_samples(&array(&path.device, &full, &[n, p], dtype))).unwrap();
            assert!(block_on(scores.to_vec::<f64>()).unwrap().iter().all(|s| s.is_finite()), "{what}");

            block_on(m.fit(&array(&path.device, &collinear, &[n, p], dtype))).unwrap();
            let x = array(&path.device, &collinear, &[n, p], dtype);
            for (r, op) in [
                (block_on(m.score_samples(&x)).map(|_| ()), "PCA.score_samples"),
                (block_on(m.get_precision()).map(|_| ()), "PCA.get_precision"),
                (block_on(m.score(&x)).map(|_| ()), "PCA.score"),
            ] {
                match r {
                    Err(Error::NotPositiveDefinite { op: got, pivot: 3 }) if got == op => {}
                    r => panic!("{what}: {op}: {r:?}"),
                }
            }
        }
    }
}
