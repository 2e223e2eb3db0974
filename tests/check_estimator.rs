//! The common estimator checks (scikit-learn's check_estimator, for this library's contract),
//! run on every registered estimator on every path, in float32 and float64, with no
//! per-estimator code: what to feed and what to expect comes from the tags.
//! NotFitted before fit; the tags agree with the methods; dtype preserved; device parity with
//! the CPU; fitting twice gives the same model; NaN, inf, empty input, a wrong feature count,
//! a y of the wrong length or missing, and data on another device rejected with the right
//! Error; sample weights taken exactly where tagged; fitted attributes by name; clone,
//! get_params/set_param, JSON and to_device round trips.

#[macro_use]
mod common;

use common::*;
use wglearn::decomposition::{NComponents, Pca};
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::*;
use wglearn::linear_model::{Ridge, RidgeSolver};
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
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

/// Compares at a tolerance, relative to the array's scale.
async fn close(got: &Array, want: &Array, tol: (f64, f64), what: &str) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    let (g, w) = (host(got).await, host(want).await);
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

async fn call(e: &dyn DynEstimator, method: &str, x: &Array) -> Result<Array> {
    match method {
        "predict" => e.predict(x),
        "transform" => e.transform(x),
        "predict_proba" => e.predict_proba(x),
        "predict_log_proba" => e.predict_log_proba(x),
        "decision_function" => e.decision_function(x),
        "score_samples" => e.score_samples(x),
        m => panic!("no method {m}"),
    }
    .await
}

/// The methods an estimator has: those that do not answer NoAttribute.
async fn methods(e: &dyn DynEstimator, x: &Array) -> Vec<&'static str> {
    let mut have = Vec::new();
    for m in METHODS {
        if !matches!(call(e, m, x).await, Err(Error::NoAttribute { .. })) {
            have.push(m);
        }
    }
    have
}

async fn fit(e: &mut dyn DynEstimator, x: &Array, y: Option<&Array>) -> Result<()> {
    e.fit(x, y, None).await
}

async fn check_estimator(paths: &[Path], name: &str) {
    let cpu = Device::cpu();
    let tags = instance(name).tags();
    for path in paths {
        for dtype in [DType::F32, DType::F64] {
            let what = |s: &str| format!("{name} {dtype} on {}: {s}", path.name);
            let dev = &path.device;
            let (x, y) = data(tags, dev, dtype, 1);
            let y = y.as_ref();
            let tol = tol(dtype, dev);

            let unfitted = instance(name);
            assert!(!unfitted.is_fitted() && unfitted.device().is_none(), "{}", what("fresh"));
            unfitted.get_params().keys().for_each(|k| assert!(unfitted.param_names().contains(k)));
            for attr in unfitted.fitted_attr_names() {
                expect_err(unfitted.fitted_attr(attr), &what(attr), |e| matches!(e, Error::NotFitted { .. }));
            }

            let mut m = instance(name);
            fit(m.as_mut(), &x, y).await.unwrap_or_else(|e| panic!("{}: {e}", what("fit")));
            assert!(m.is_fitted());
            assert!(m.device().unwrap().same(dev), "{}", what("model device"));
            let have = methods(m.as_ref(), &x).await;
            assert_eq!(tags.transformer, have.contains(&"transform"), "{}", what("transformer tag"));
            assert_eq!(tags.classifier || tags.regressor, have.contains(&"predict"), "{}", what("predictor tags"));
            if tags.requires_fit {
                for method in &have {
                    expect_err(
                        call(unfitted.as_ref(), method, &x).await,
                        &what(&format!("{method} before fit")),
                        |e| matches!(e, Error::NotFitted { .. }),
                    );
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
            let mut reference = instance(name);
            fit(reference.as_mut(), &xc, yc.as_ref()).await.unwrap();
            let mut outputs = Vec::new();
            for method in &have {
                outputs.push(call(m.as_ref(), method, &x).await.unwrap());
            }
            for (method, out) in have.iter().zip(&outputs) {
                if !tags.labels_input {
                    assert_eq!(out.dtype(), dtype, "{}", what(&format!("{method} keeps the dtype")));
                }
                assert!(out.device().same(dev), "{}", what(&format!("{method} output device")));
                let want = call(reference.as_ref(), method, &xc).await.unwrap();
                close(out, &want, tol, &what(&format!("{method}: parity with the CPU"))).await;
            }
            // scikit-learn's dtype rule: a model fitted in float32 given float64 data answers in
            // float64 (labels keep the dtype of y), with the same values.
            if dtype == DType::F32 {
                let x64 = wglearn::ops::astype(&x, DType::F64).unwrap();
                for (method, out) in have.iter().zip(&outputs) {
                    let got = call(m.as_ref(), method, &x64).await.unwrap();
                    let labels = tags.labels_input || (tags.classifier && *method == "predict");
                    let want_dtype = if labels { out.dtype() } else { DType::F64 };
                    assert_eq!(got.dtype(), want_dtype, "{}", what(&format!("{method} of float64 data")));
                    let out = wglearn::ops::astype(out, want_dtype).unwrap();
                    close(&got, &out, tol, &what(&format!("{method} of float64 data"))).await;
                }
            }
            if let Some(y) = y {
                let s = m.score(&x, Some(y), None).await.unwrap();
                let s_cpu = reference.score(&xc, yc.as_ref(), None).await.unwrap();
                assert!((s - s_cpu).abs() <= tol.0 * 10.0 * s_cpu.abs().max(1.0), "{}", what("score"));
                expect_err(m.score(&x, None, None).await, &what("score without y"), |e| {
                    matches!(e, Error::MissingTarget { .. })
                });
                expect_err(instance(name).fit(&x, None, None).await, &what("fit without y"), |e| {
                    matches!(e, Error::MissingTarget { .. })
                });
            }

            // Fitting again gives the same model.
            fit(m.as_mut(), &x, y).await.unwrap();
            for (method, out) in have.iter().zip(&outputs) {
                assert_eq!(
                    host(&call(m.as_ref(), method, &x).await.unwrap()).await,
                    host(out).await,
                    "{}",
                    what("fit twice")
                );
            }

            // Sample weights: taken exactly where tagged.
            let ones = Array::ones(dev, &[x.shape()[0]], dtype).unwrap();
            let weighted = instance(name).fit(&x, y, Some(&ones)).await;
            if tags.sample_weight {
                weighted.unwrap_or_else(|e| panic!("{}: {e}", what("unit weights")));
                // Weights that sum to zero leave nothing to fit: the same error everywhere.
                let zeros = Array::zeros(dev, &[x.shape()[0]], dtype).unwrap();
                expect_err(
                    instance(name).fit(&x, y, Some(&zeros)).await,
                    &what("zero weights"),
                    |e| matches!(e, Error::InvalidParameter { name: "sample_weight", reason, .. } if reason.contains("sum to zero")),
                );
            } else {
                expect_err(weighted, &what("weights refused"), |e| {
                    matches!(e, Error::InvalidParameter { name: "sample_weight", .. })
                });
            }

            // Bad input.
            let mut bad = host(&x).await;
            let shape = x.shape().to_vec();
            let first_bad: Vec<usize> = if shape.len() == 1 { vec![3] } else { vec![3 / shape[1], 3 % shape[1]] };
            for (v, label) in [(f64::NAN, "NaN"), (f64::INFINITY, "inf")] {
                bad[3] = v;
                let xb = array(dev, &bad, &shape, dtype);
                expect_err(
                    fit(instance(name).as_mut(), &xb, y).await,
                    &what(&format!("{label} in fit")),
                    |e| matches!(e, Error::NonFinite { count: 1, at, .. } if *at == first_bad),
                );
                for method in &have {
                    // The same error as fit's, naming the same value: methods that check
                    // the product instead of X go back to X to find it.
                    expect_err(
                        call(m.as_ref(), method, &xb).await,
                        &what(&format!("{label} in {method}")),
                        |e| matches!(e, Error::NonFinite { count: 1, at, .. } if *at == first_bad),
                    );
                }
            }
            let empty_shape: Vec<usize> = if tags.labels_input { vec![0] } else { vec![0, x.shape()[1]] };
            let empty = Array::zeros(dev, &empty_shape, dtype).unwrap();
            let y0 = Array::zeros(dev, &[0], dtype).unwrap();
            expect_err(fit(instance(name).as_mut(), &empty, y.map(|_| &y0)).await, &what("empty fit"), |e| {
                matches!(e, Error::EmptyInput { .. })
            });
            if !tags.labels_input {
                let wide = Array::zeros(dev, &[3, x.shape()[1] + 1], dtype).unwrap();
                for method in &have {
                    expect_err(call(m.as_ref(), method, &wide).await, &what("wrong feature count"), |e| {
                        matches!(e, Error::ShapeMismatch { .. })
                    });
                }
            }
            if let Some(y) = y {
                let short = y.slice_axis(0, 0, N - 1).unwrap();
                expect_err(fit(instance(name).as_mut(), &x, Some(&short)).await, &what("short y"), |e| {
                    matches!(e, Error::ShapeMismatch { .. })
                });
            }
            let elsewhere = if dev.is_gpu() { Some(cpu.clone()) } else { gpus(paths).next().map(|p| p.device.clone()) };
            if let Some(other) = elsewhere {
                let xo = x.to_device(&other).await.unwrap();
                for method in &have {
                    expect_err(call(m.as_ref(), method, &xo).await, &what("input on another device"), |e| {
                        matches!(e, Error::DeviceMismatch { .. })
                    });
                }
            }

            // Clone and params.
            let twin = m.clone();
            for (method, out) in have.iter().zip(&outputs) {
                assert_eq!(
                    host(&call(twin.as_ref(), method, &x).await.unwrap()).await,
                    host(out).await,
                    "{}",
                    what("clone")
                );
            }
            let mut rebuilt = instance(name);
            for (k, v) in m.get_params() {
                rebuilt.set_param(&k, v).unwrap();
            }
            assert_eq!(rebuilt.get_params(), m.get_params(), "{}", what("params round trip"));
            expect_err(rebuilt.set_param("no_such_parameter", ParamValue::None), &what("unknown param"), |e| {
                matches!(e, Error::InvalidParameter { .. })
            });

            // JSON: the model loads on the CPU. to_device: to the CPU and back. In a browser a
            // GPU model cannot be read synchronously: to_json says so, and the model is saved
            // from the CPU, as the JS `save` does.
            let json = match m.to_json() {
                Ok(json) => json,
                Err(e) if cfg!(target_arch = "wasm32") && dev.is_gpu() => {
                    assert!(matches!(e, Error::BadModel { .. }) && e.to_string().contains("to_device"), "{e}");
                    m.to_device(&cpu).await.unwrap().to_json().unwrap()
                }
                Err(e) => panic!("{}: {e}", what("to_json")),
            };
            corrupted_models_are_refused(&json, &what("corrupted JSON"));
            let loaded = from_json(&json).unwrap();
            assert_eq!(loaded.name(), name);
            assert!(loaded.device().unwrap().same(&cpu), "{}", what("loaded on the CPU"));
            let moved = m.to_device(&cpu).await.unwrap();
            let back = moved.to_device(dev).await.unwrap();
            let x_cpu = x.to_device(&cpu).await.unwrap();
            for (method, out) in have.iter().zip(&outputs) {
                close(&call(loaded.as_ref(), method, &x_cpu).await.unwrap(), out, tol, &what("JSON round trip")).await;
                close(&call(moved.as_ref(), method, &x_cpu).await.unwrap(), out, tol, &what("to_device(cpu)")).await;
                close(&call(back.as_ref(), method, &x).await.unwrap(), out, tol, &what("to_device back")).await;
            }
        }
    }
}

/// Edits a saved model the way a corruption would, and expects each edit refused at load:
/// n_features_in_ off by one, one float attribute in another dtype, classes out of order. A
/// composite's steps are each corrupted inside the composite's JSON.
fn corrupted_models_are_refused(json: &str, what: &str) {
    let saved: serde_json::Value = serde_json::from_str(json).unwrap();
    match saved["model"]["steps"].as_array() {
        Some(steps) => {
            for (i, step) in steps.iter().enumerate() {
                if step[1].is_object() {
                    corrupted_at(
                        &saved,
                        &|v| &mut v["model"]["steps"][i][1]["model"]["fitted"],
                        &format!("{what}, step {i}"),
                    );
                }
            }
        }
        None => corrupted_at(&saved, &|v| &mut v["model"]["fitted"], what),
    }
}

/// [`corrupted_models_are_refused`] for the fitted state that `locate` finds in `saved`.
fn corrupted_at(
    saved: &serde_json::Value,
    locate: &dyn Fn(&mut serde_json::Value) -> &mut serde_json::Value,
    what: &str,
) {
    let fitted = locate(&mut saved.clone()).as_object().expect("a fitted model").clone();
    let refused = |edit: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>), label: &str| {
        let mut bad = saved.clone();
        edit(locate(&mut bad).as_object_mut().unwrap());
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

suite_test! {
    async fn arrays_keep_nan_and_inf_through_json(_paths) {
        let values = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.5, -0.0, 1e-310, f64::MAX];
        for dtype in [DType::F32, DType::F64] {
            let a = ops::astype(&Array::from_slice(&Device::cpu(), &values).unwrap(), dtype).unwrap();
            let json = serde_json::to_string(&a).unwrap();
            let back: Array = serde_json::from_str(&json).unwrap();
            assert_eq!(back.dtype(), dtype);
            let (got, want) = (host(&back).await, host(&a).await);
            for (g, w) in got.iter().zip(&want) {
                assert!(g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()), "{dtype}: {g} != {w} via {json}");
            }
        }
        let bad = r#"{"F64":{"v":1,"dim":[2],"data":[1.0,"one"]}}"#;
        assert!(serde_json::from_str::<Array>(bad).is_err());
    }
}

suite_test! {
    async fn every_registered_estimator_keeps_the_contract(paths) {
        let names: Vec<&str> = names().collect();
        assert!(names.len() >= 10, "{names:?}");
        for name in names {
            check_estimator(paths, name).await;
        }
    }
}

suite_test! {
    async fn the_registry_names_what_it_lacks(_paths) {
        match by_name("RandomForestClassifier") {
            Err(Error::InvalidParameter { reason, .. }) => assert!(reason.contains("Ridge"), "{reason}"),
            r => panic!("{:?}", r.err()),
        }
        expect_err(from_json("{\"estimator\": \"Ridge\", \"model\": {\"alpha\": \"x\"}}"), "corrupt", |e| {
            matches!(e, Error::BadModel { .. })
        });
        expect_err(from_json("not json"), "not json", |e| matches!(e, Error::BadModel { .. }));
    }
}

suite_test! {
    async fn label_encoder_names_unseen_labels_and_codes(paths) {
        for path in paths {
            let dev = &path.device;
            let y = Array::from_vec(dev, vec![5.0f64, 2.0, 9.0, 2.0, 5.0], &[5]).unwrap();
            let mut m = LabelEncoder::new();
            m.fit(&y).await.unwrap();
            let codes = m.transform(&y).await.unwrap();
            assert_eq!(codes.to_vec::<i32>().await.unwrap(), vec![1, 0, 2, 0, 1], "{}", path.name);
            let unseen = Array::from_vec(dev, vec![2.0f64, 4.0, 11.0, 4.0], &[4]).unwrap();
            match m.transform(&unseen).await {
                Err(Error::UnseenLabels { labels, .. }) => assert_eq!(labels, "[4, 11]", "{}", path.name),
                r => panic!("unseen labels on {}: {:?}", path.name, r.err()),
            }
            // Codes outside 0..3 are unseen labels, listed as scikit-learn lists them: a negative
            // one never counts from the end, and a uint32 one never wraps to a negative one.
            let cases: [(Array, &str); 4] = [
                (Array::from_vec(dev, vec![0i32, 3], &[2]).unwrap(), "[3]"),
                (Array::from_vec(dev, vec![-1i32], &[1]).unwrap(), "[-1]"),
                (Array::from_vec(dev, vec![2i32, -3, 7, -1, 7], &[5]).unwrap(), "[-3, -1, 7]"),
                (Array::from_vec(dev, vec![u32::MAX, 1], &[2]).unwrap(), "[4294967295]"),
            ];
            for (codes, want) in cases {
                match m.inverse_transform(&codes).await {
                    Err(e @ Error::UnseenLabels { .. }) => {
                        assert!(e.to_string().contains(&format!("y contains previously unseen labels: {want}")), "{}: {e}", path.name)
                    }
                    r => panic!("codes {want} on {}: {:?}", path.name, r.map(|_| ())),
                }
            }
            assert_eq!(host(&m.inverse_transform(&codes).await.unwrap()).await, host(&y).await, "{}", path.name);
        }
    }
}

suite_test! {
    async fn hyperparameters_are_checked_at_fit_and_options_are_enums(_paths) {
        let dev = Device::cpu();
        let (x, y) = data(Ridge::TAGS, &dev, DType::F64, 2);
        let y = y.unwrap();
        let name_of = |r: Result<()>| match r {
            Err(Error::InvalidParameter { name, .. }) => name,
            r => panic!("expected InvalidParameter, got {r:?}"),
        };
        assert_eq!(name_of(Pca::new().n_components(1.5).fit(&x).await), "n_components");
        assert_eq!(name_of(Pca::new().n_components(9usize).fit(&x).await), "n_components");
        assert_eq!(name_of(Pca::new().tol(-1.0).fit(&x).await), "tol");
        assert_eq!(name_of(Ridge::new().alpha(-1.0).fit(&x, &y).await), "alpha");
        assert_eq!(name_of(Ridge::new().alpha(vec![1.0, 2.0]).fit(&x, &y).await), "alpha");
        assert_eq!(name_of(Ridge::new().positive(true).fit(&x, &y).await), "positive");
        assert_eq!(name_of(MinMaxScaler::new().feature_range((1.0, 0.0)).fit(&x).await), "feature_range");
        assert_eq!(name_of(MinMaxScaler::new().feature_range((1.0, 0.0)).partial_fit(&x).await), "feature_range");
        assert_eq!(name_of(Binarizer::new().threshold(f64::NAN).transform(&x).await.map(|_| ())), "threshold");
        let (xl, yl) = data(LinearDiscriminantAnalysis::TAGS, &dev, DType::F64, 2);
        let yl = yl.unwrap();
        let lda = async |m: LinearDiscriminantAnalysis| m.clone().fit(&xl, &yl).await;
        assert_eq!(name_of(lda(LinearDiscriminantAnalysis::new().n_components(5usize)).await), "n_components");
        assert_eq!(name_of(lda(LinearDiscriminantAnalysis::new().priors(vec![0.5, -0.5, 1.0])).await), "priors");
        assert_eq!(name_of(lda(LinearDiscriminantAnalysis::new().priors(vec![0.0, 0.0, 0.0])).await), "priors");

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
}

suite_test! {
    /// With every component kept the noise variance is zero and PCA's covariance is the data's:
    /// its precision is the exact inverse when the data has full rank, and singular data gets one
    /// error on every device (scikit-learn's linalg.inv returns rounding noise there), named for
    /// the method called.
    async fn pca_precision_without_noise(paths) {
        let (n, p) = (40, 4);
        let full = TestRng::new(11).vec(n * p, -1.0, 1.0);
        let mut collinear = full.clone();
        for r in 0..n {
            collinear[r * p + 3] = collinear[r * p] - 2.0 * collinear[r * p + 1];
        }
        for path in paths {
            for dtype in [DType::F32, DType::F64] {
                let what = format!("{} {dtype}", path.name);
                let mut m = Pca::new();
                m.fit(&array(&path.device, &full, &[n, p], dtype)).await.unwrap();
                assert_eq!(m.noise_variance_().unwrap(), 0.0, "{what}");
                let product = ops::matmul(&m.get_precision().await.unwrap(), &m.get_covariance().await.unwrap());
                let eye = Array::eye(&path.device, p, None, 0, dtype).unwrap();
                assert_close(&product.unwrap(), &eye, &format!("{what}: precision @ covariance")).await;
                let scores = m.score_samples(&array(&path.device, &full, &[n, p], dtype)).await.unwrap();
                assert!(scores.to_vec::<f64>().await.unwrap().iter().all(|s| s.is_finite()), "{what}");

                m.fit(&array(&path.device, &collinear, &[n, p], dtype)).await.unwrap();
                let x = array(&path.device, &collinear, &[n, p], dtype);
                for (r, op) in [
                    (m.score_samples(&x).await.map(|_| ()), "PCA.score_samples"),
                    (m.get_precision().await.map(|_| ()), "PCA.get_precision"),
                    (m.score(&x).await.map(|_| ()), "PCA.score"),
                ] {
                    match r {
                        Err(Error::NotPositiveDefinite { op: got, pivot: 3 }) if got == op => {}
                        r => panic!("{what}: {op}: {r:?}"),
                    }
                }
            }
        }
    }
}

/// Models fitted in JS by the npm package and saved there (tests/fixtures/js_models.json,
/// written by tests/js/api.test.mjs, which checks that the package still gives them).
#[derive(serde::Deserialize)]
struct JsModels {
    #[serde(rename = "X")]
    x: FixtureArray,
    models: Vec<JsModel>,
}

#[derive(serde::Deserialize)]
struct JsModel {
    name: String,
    method: String,
    json: String,
    output: FixtureArray,
}

suite_test! {
    /// The reverse of www/models/lda.json (fitted in Rust, used in the page): models fitted in
    /// the page load in Rust, on every path, and answer as they did there.
    async fn models_saved_by_the_js_package_load_in_rust(paths) {
        let saved: JsModels = serde_json::from_str(include_str!("fixtures/js_models.json")).unwrap();
        assert_eq!(saved.models.len(), 4);
        for path in paths {
            let x = Array::from_vec(&path.device, saved.x.data.clone(), &saved.x.shape).unwrap();
            for m in &saved.models {
                let what = format!("{} from JS on {}", m.name, path.name);
                let model = from_json(&m.json).unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(model.name(), m.name);
                let model = model.to_device(&path.device).await.unwrap();
                let got = call(model.as_ref(), &m.method, &x).await.unwrap();
                let want = Array::from_vec(&Device::cpu(), m.output.data.clone(), &m.output.shape).unwrap();
                close(&got, &want, tol(DType::F64, &path.device), &format!("{what}: {}", m.method)).await;
            }
        }
    }
}
