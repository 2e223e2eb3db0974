//! Model selection against scikit-learn (tests/fixtures/model_selection.json), on every path:
//! the deterministic splitters' exact indices; the shuffled ones' sizes and class
//! proportions; train_test_split; GridSearchCV over two pipelines (same best_params_, every
//! score within 1e-8 on float64 paths); cross_validate, cross_val_predict, validation_curve
//! and learning_curve; the halving schedules; then Pipeline and FeatureUnion under the
//! contract, the randomized search, progress, error_score, cv_results_ as JSON and CSV, and
//! the bad-input errors.

#[macro_use]
mod common;

use common::*;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wglearn::decomposition::Pca;
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::{from_json, DynEstimator, ParamValue};
use wglearn::linear_model::Ridge;
use wglearn::model_selection::*;
use wglearn::pipeline::{make_pipeline, make_union, FeatureUnion, Pipeline, Step};
use wglearn::prelude::*;
use wglearn::preprocessing::{MaxAbsScaler, StandardScaler};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(serde::Deserialize)]
struct Deterministic {
    splitter: String,
    n_splits: usize,
    n: usize,
    y: Option<Vec<f64>>,
    groups: Option<Vec<f64>>,
    folds: Vec<(Vec<usize>, Vec<usize>)>,
}

#[derive(serde::Deserialize)]
struct Shuffled {
    splitter: String,
    n: Option<usize>,
    n_splits: Option<usize>,
    n_repeats: Option<usize>,
    y: Option<Vec<f64>>,
    test_size: Option<serde_json::Value>,
    train_size: Option<serde_json::Value>,
    sizes: Option<Vec<(usize, usize)>>,
    class_counts: Option<Vec<(Vec<usize>, Vec<usize>)>>,
    test_class_counts: Option<Vec<Vec<usize>>>,
}

#[derive(serde::Deserialize)]
struct Tts {
    n: usize,
    test_size: Option<serde_json::Value>,
    train_size: Option<serde_json::Value>,
    n_train: usize,
    n_test: usize,
}

#[derive(serde::Deserialize)]
struct Data {
    #[serde(rename = "X")]
    x: FixtureArray,
    y: FixtureArray,
}

#[derive(serde::Deserialize)]
struct SearchCase {
    data: String,
    pipeline: String,
    grid: BTreeMap<String, Vec<serde_json::Value>>,
    n_splits: Option<usize>,
    scoring: Option<Vec<String>>,
    refit: serde_json::Value,
    return_train_score: bool,
    cv_results: BTreeMap<String, Vec<f64>>,
    columns: Vec<String>,
    best_index: usize,
    best_score: f64,
    best_params: BTreeMap<String, serde_json::Value>,
    best_predict: FixtureArray,
}

#[derive(serde::Deserialize)]
struct Curve {
    train: FixtureArray,
    test: FixtureArray,
    train_sizes_abs: Option<Vec<usize>>,
}

#[derive(serde::Deserialize)]
struct HalvingCase {
    n_candidates: usize,
    factor: f64,
    min_resources: serde_json::Value,
    max_resources: serde_json::Value,
    aggressive_elimination: bool,
    #[serde(rename = "n_resources_")]
    n_resources: Vec<usize>,
    #[serde(rename = "n_candidates_")]
    candidates_per_iter: Vec<usize>,
    #[serde(rename = "n_iterations_")]
    n_iterations: usize,
    #[serde(rename = "n_possible_iterations_")]
    n_possible: usize,
    #[serde(rename = "n_required_iterations_")]
    n_required: usize,
    #[serde(rename = "min_resources_")]
    min_resources_: usize,
    #[serde(rename = "max_resources_")]
    max_resources_: usize,
}

#[derive(serde::Deserialize)]
struct Fixtures {
    deterministic: Vec<Deterministic>,
    shuffled: Vec<Shuffled>,
    train_test_split: Vec<Tts>,
    classification: Data,
    regression: Data,
    searches: Vec<SearchCase>,
    cross_validate: BTreeMap<String, Vec<f64>>,
    cross_val_predict: FixtureArray,
    cross_val_predict_missing_class: MissingClass,
    validation_curve: Curve,
    learning_curve: Curve,
    halving: Vec<HalvingCase>,
}

/// cross_val_predict of LinearDiscriminantAnalysis on four classes sorted by label, KFold(4):
/// every training fold lacks one class.
#[derive(serde::Deserialize)]
struct MissingClass {
    x: FixtureArray,
    y: FixtureArray,
    predict_proba: FixtureArray,
    predict_log_proba: FixtureArray,
    decision_function: FixtureArray,
}

fn fixtures() -> Fixtures {
    serde_json::from_str(include_str!("fixtures/model_selection.json"))
        .expect("tests/fixtures/model_selection.json parses")
}

fn size(v: &Option<serde_json::Value>) -> Option<Size> {
    v.as_ref().map(|v| match v.as_i64() {
        Some(c) if v.is_i64() => Size::Count(c),
        _ => Size::Fraction(v.as_f64().unwrap()),
    })
}

/// The data of a fixture on `d` in float64: X, and y as int32 labels or float64 targets.
fn data(d: &Device, data: &Data) -> (Array, Array) {
    let x = array(d, &data.x.data, &data.x.shape, DType::F64);
    let y_dtype = if data.y.dtype.as_deref() == Some("int") { DType::I32 } else { DType::F64 };
    (x, array(d, &data.y.data, &data.y.shape, y_dtype))
}

fn labels(d: &Device, v: &[f64]) -> Array {
    array(d, v, &[v.len()], DType::I32)
}

/// The tolerance of a float64 search on `d`: scikit-learn's 1e-8 where f64 is native or
/// emulated, the float32 tolerance where the device computes float64 arrays in float32.
fn search_tol(d: &Device) -> f64 {
    if !d.info().f64_downcast() {
        1e-8
    } else {
        F32_TOL.0 * 10.0
    }
}

fn splitter(name: &str, k: usize) -> Box<dyn CrossValidator> {
    match name {
        "KFold" => Box::new(KFold::new(k)),
        "StratifiedKFold" => Box::new(StratifiedKFold::new(k)),
        "GroupKFold" => Box::new(GroupKFold::new(k)),
        "LeaveOneOut" => Box::new(LeaveOneOut),
        other => panic!("no splitter {other} in the test"),
    }
}

suite_test! {
    async fn deterministic_splitters_give_scikit_learns_indices(paths) {
        let f = fixtures();
        for path in paths {
            let d = &path.device;
            for case in &f.deterministic {
                let x = Array::zeros(d, &[case.n, 2], DType::F32).unwrap();
                let y = case.y.as_ref().map(|y| array(d, y, &[y.len()], DType::F64));
                let groups = case.groups.as_ref().map(|g| labels(d, g));
                let cv = splitter(&case.splitter, case.n_splits);
                let got = cv.split(&x, y.as_ref(), groups.as_ref()).await.unwrap();
                assert_eq!(got, case.folds, "{} k={} n={} on {}", case.splitter, case.n_splits, case.n, path.name);
                assert_eq!(cv.get_n_splits(case.n), got.len());
            }
        }
    }
}

suite_test! {
    async fn shuffled_splitters_keep_scikit_learns_sizes_and_proportions(paths) {
        let f = fixtures();
        let counts = |y: &[f64], rows: &[usize], k: usize| {
            let mut c = vec![0; k];
            rows.iter().for_each(|&i| c[y[i] as usize] += 1);
            c
        };
        let mut first: Option<Vec<Vec<Fold>>> = None;
        for path in paths {
            let d = &path.device;
            let mut all = Vec::new();
            for case in &f.shuffled {
                let what = format!("{} on {}", case.splitter, path.name);
                let y = case.y.as_ref().map(|y| labels(d, y));
                let n = case.n.or(case.y.as_ref().map(Vec::len)).unwrap();
                let x = Array::zeros(d, &[n, 1], DType::F32).unwrap();
                let (test, train) = (size(&case.test_size), size(&case.train_size));
                let folds = match case.splitter.as_str() {
                    "ShuffleSplit" => {
                        let mut cv = ShuffleSplit::new(4).random_state(7);
                        cv = match test { Some(t) => cv.test_size(t), None => cv };
                        cv = match train { Some(t) => cv.train_size(t), None => cv };
                        cv.split(&x, None, None).await.unwrap()
                    }
                    "StratifiedShuffleSplit" => {
                        let mut cv = StratifiedShuffleSplit::new(3).random_state(7);
                        cv = match test { Some(t) => cv.test_size(t), None => cv };
                        cv = match train { Some(t) => cv.train_size(t), None => cv };
                        cv.split(&x, y.as_ref(), None).await.unwrap()
                    }
                    "StratifiedKFold" => StratifiedKFold::new(case.n_splits.unwrap())
                        .shuffle(true)
                        .random_state(7)
                        .split(&x, y.as_ref(), None)
                        .await
                        .unwrap(),
                    _ => RepeatedStratifiedKFold::default()
                        .n_splits(case.n_splits.unwrap())
                        .n_repeats(case.n_repeats.unwrap())
                        .random_state(7)
                        .split(&x, y.as_ref(), None)
                        .await
                        .unwrap(),
                };
                // Every split is disjoint and within range.
                for (tr, te) in &folds {
                    let mut seen = vec![false; n];
                    for &i in tr.iter().chain(te) {
                        assert!(!seen[i], "{what}: row {i} twice");
                        seen[i] = true;
                    }
                }
                if let Some(sizes) = &case.sizes {
                    let got: Vec<(usize, usize)> = folds.iter().map(|(a, b)| (a.len(), b.len())).collect();
                    assert_eq!(&got, sizes, "{what}");
                }
                let yv = case.y.clone().unwrap_or_default();
                let k = yv.iter().fold(0.0f64, |m, &v| m.max(v)) as usize + 1;
                if let Some(want) = &case.class_counts {
                    let got: Vec<(Vec<usize>, Vec<usize>)> =
                        folds.iter().map(|(a, b)| (counts(&yv, a, k), counts(&yv, b, k))).collect();
                    assert_eq!(&got, want, "{what}");
                }
                if let Some(want) = &case.test_class_counts {
                    let got: Vec<Vec<usize>> = folds.iter().map(|(_, b)| counts(&yv, b, k)).collect();
                    // The per-fold class counts are the same whatever the shuffle, up to the
                    // order of the folds within a repetition.
                    let sorted = |mut v: Vec<Vec<usize>>| {
                        v.sort();
                        v
                    };
                    assert_eq!(sorted(got), sorted(want.clone()), "{what}");
                    let covered: usize = folds.iter().map(|(_, b)| b.len()).sum();
                    assert_eq!(covered, n * case.n_repeats.unwrap_or(1), "{what}: each repetition is a partition");
                }
                all.push(folds);
            }
            // The shuffles draw from the shared stream: the same on every device.
            match &first {
                None => first = Some(all),
                Some(want) => assert!(&all == want, "shuffles differ on {}", path.name),
            }
        }
    }
}

suite_test! {
    async fn train_test_split_gives_scikit_learns_sizes_and_keeps_rows_together(paths) {
        let f = fixtures();
        let mut first: Option<Vec<Vec<f64>>> = None;
        for path in paths {
            let d = &path.device;
            let mut got_all = Vec::new();
            for case in &f.train_test_split {
                let n = case.n;
                let xs: Vec<f64> = (0..2 * n).map(|i| i as f64).collect();
                let x = array(d, &xs, &[n, 2], DType::F32);
                let y = array(d, &(0..n).map(|i| i as f64).collect::<Vec<_>>(), &[n], DType::I32);
                let mut split = train_test_split(&[&x, &y]).random_state(3);
                if let Some(t) = size(&case.test_size) {
                    split = split.test_size(t);
                }
                if let Some(t) = size(&case.train_size) {
                    split = split.train_size(t);
                }
                let out = split.await.unwrap();
                assert_eq!(out.len(), 4);
                assert_eq!(out[0].shape(), &[case.n_train, 2], "n={n} on {}", path.name);
                assert_eq!(out[1].shape(), &[case.n_test, 2]);
                assert_eq!(out[2].dtype(), DType::I32, "y keeps its dtype");
                let (xtr, ytr) = (host(&out[0]).await, host(&out[2]).await);
                for (r, &yi) in ytr.iter().enumerate() {
                    assert_eq!(xtr[2 * r], 2.0 * yi, "x and y rows stay paired");
                }
                got_all.push(ytr);
            }
            // Without shuffle the test rows are the last ones.
            let x = array(d, &[0.0, 1.0, 2.0, 3.0, 4.0], &[5], DType::F64);
            let out = train_test_split(&[&x]).shuffle(false).test_size(2).await.unwrap();
            assert_eq!(host(&out[0]).await, vec![0.0, 1.0, 2.0]);
            assert_eq!(host(&out[1]).await, vec![3.0, 4.0]);
            // Stratified: the classes keep their shares.
            let y: Vec<f64> = (0..40).map(|i| if i < 30 { 0.0 } else { 1.0 }).collect();
            let ya = labels(d, &y);
            let out = train_test_split(&[&ya]).stratify(&ya).test_size(0.25).random_state(1).await.unwrap();
            let test = host(&out[1]).await;
            assert_eq!((test.len(), test.iter().filter(|&&v| v == 1.0).count()), (10, 3), "on {}", path.name);
            match &first {
                None => first = Some(got_all),
                Some(want) => assert!(&got_all == want, "train_test_split differs on {}", path.name),
            }
        }
    }
}

fn pipeline_of(name: &str) -> Pipeline {
    match name {
        "standardscaler+pca+lda" => make_pipeline(vec![
            StandardScaler::new().into(),
            Pca::new().into(),
            LinearDiscriminantAnalysis::new().into(),
        ]),
        "maxabsscaler+ridge" => make_pipeline(vec![MaxAbsScaler::new().into(), Ridge::new().into()]),
        other => panic!("no pipeline {other} in the test"),
    }
}

fn param_value(v: &serde_json::Value, name: &str) -> ParamValue {
    match v {
        serde_json::Value::Bool(b) => ParamValue::Bool(*b),
        v if name.ends_with("n_components") => ParamValue::Int(v.as_f64().unwrap() as i64),
        v => ParamValue::Float(v.as_f64().unwrap()),
    }
}

suite_test! {
    async fn grid_search_over_pipelines_matches_scikit_learn(paths) {
        let f = fixtures();
        for path in paths {
            let d = &path.device;
            for case in &f.searches {
                let what = format!("{} {:?} on {}", case.pipeline, case.scoring, path.name);
                let (x, y) = data(d, if case.data == "classification" { &f.classification } else { &f.regression });
                let mut grid = ParamGrid::new();
                for (name, values) in &case.grid {
                    grid = grid.param(name, values.iter().map(|v| param_value(v, name)));
                }
                let mut search = GridSearchCV::new(pipeline_of(&case.pipeline), grid)
                    .cv(KFold::new(case.n_splits.unwrap_or(5)))
                    .return_train_score(case.return_train_score);
                if let Some(names) = &case.scoring {
                    search = search.scoring(Scoring::Names(names.clone()));
                }
                if let Some(name) = case.refit.as_str() {
                    search = search.refit(name);
                }
                search.fit(&x, Some(&y)).await.unwrap();
                let results = search.cv_results_().unwrap();
                assert_eq!(results.keys().collect::<Vec<_>>(), case.columns, "{what}: columns");
                let tol = search_tol(d);
                for (key, want) in &case.cv_results {
                    match results.get(key).unwrap() {
                        Column::Floats(got) => assert_matches_fixture(got, want, tol, &format!("{what}: {key}")),
                        Column::Ints(got) if !d.info().f64_downcast() => {
                            assert_eq!(got.iter().map(|&v| v as f64).collect::<Vec<_>>(), *want, "{what}: {key}")
                        }
                        _ => {}
                    }
                }
                let best: BTreeMap<String, ParamValue> =
                    case.best_params.iter().map(|(k, v)| (k.clone(), param_value(v, k))).collect();
                assert_eq!(search.best_params_().unwrap(), &best, "{what}: best_params_");
                assert_eq!(search.best_index_().unwrap(), case.best_index, "{what}");
                assert_matches_fixture(&[search.best_score_().unwrap()], &[case.best_score], tol, &what);
                let pred = search.predict(&x).await.unwrap();
                assert_matches_fixture(&host(&pred).await, &case.best_predict.data, tol.max(1e-7), &format!("{what}: predict"));
                let k = case.n_splits.unwrap_or(5);
                assert_eq!(search.n_splits_().unwrap(), k);
                // The leading steps are fitted once per fold and shared by the candidates
                // whose leading parameters agree: all of them for the Ridge grids, the
                // StandardScaler only for the PCA grid.
                let n_candidates = results.len();
                assert_eq!(search.reused_steps().unwrap(), (n_candidates - 1) * k, "{what}: reused steps");
                assert!(search.refit_time_().unwrap() >= 0.0);
            }
        }
    }
}

suite_test! {
    async fn cross_validation_functions_match_scikit_learn(paths) {
        let f = fixtures();
        for path in paths {
            let d = &path.device;
            let tol = search_tol(d);
            let what = |s: &str| format!("{s} on {}", path.name);
            let (xc, yc) = data(d, &f.classification);
            let lda: Box<dyn DynEstimator> =
                Box::new(make_pipeline(vec![StandardScaler::new().into(), LinearDiscriminantAnalysis::new().into()]));
            let cv = cross_validate(lda.as_ref(), &xc, Some(&yc))
                .cv(KFold::new(4))
                .scoring(["accuracy", "neg_log_loss", "f1_macro"])
                .return_train_score(true)
                .return_estimator(true)
                .await
                .unwrap();
            for (key, want) in &f.cross_validate {
                assert_matches_fixture(cv.get(key).unwrap(), want, tol, &what(key));
            }
            assert_eq!(cv.get("fit_time").unwrap().len(), 4);
            assert_eq!(cv.estimators.as_ref().unwrap().len(), 4);
            assert!(cv.errors.iter().all(Option::is_none));
            let acc = cross_val_score(lda.as_ref(), &xc, Some(&yc)).cv(KFold::new(4)).scoring("accuracy").scores().await.unwrap();
            assert_matches_fixture(&acc, &f.cross_validate["test_accuracy"], tol, &what("cross_val_score"));

            let proba = cross_val_predict(lda.as_ref(), &xc, Some(&yc), KFold::new(4), PredictMethod::PredictProba).await.unwrap();
            assert_eq!(proba.shape(), &f.cross_val_predict.shape[..]);
            assert_matches_fixture(&host(&proba).await, &f.cross_val_predict.data, tol.max(1e-7), &what("cross_val_predict"));

            let (xr, yr) = data(d, &f.regression);
            let ridge: Box<dyn DynEstimator> = Box::new(pipeline_of("maxabsscaler+ridge"));
            let range = [0.1, 1.0, 10.0].map(ParamValue::Float);
            let (train, test) = validation_curve(ridge.as_ref(), &xr, Some(&yr), "ridge__alpha", &range, KFold::new(4), Scoring::Estimator)
                .await
                .unwrap();
            assert_matches_fixture(&train.concat(), &f.validation_curve.train.data, tol, &what("validation_curve train"));
            assert_matches_fixture(&test.concat(), &f.validation_curve.test.data, tol, &what("validation_curve test"));

            let sizes = [0.3, 0.6, 1.0].map(Size::Fraction);
            let lc = learning_curve(ridge.as_ref(), &xr, Some(&yr), &sizes, KFold::new(4), Scoring::Estimator).await.unwrap();
            assert_eq!(Some(&lc.train_sizes_abs), f.learning_curve.train_sizes_abs.as_ref());
            assert_matches_fixture(&lc.train_scores.concat(), &f.learning_curve.train.data, tol, &what("learning_curve train"));
            assert_matches_fixture(&lc.test_scores.concat(), &f.learning_curve.test.data, tol, &what("learning_curve test"));
        }
    }
}

/// The warnings logged in this test binary (natively, through the `log` facade).
#[cfg(not(target_arch = "wasm32"))]
fn logged_warnings() -> &'static std::sync::Mutex<Vec<String>> {
    struct Capture(std::sync::Mutex<Vec<String>>);
    impl log::Log for Capture {
        fn enabled(&self, m: &log::Metadata) -> bool {
            m.level() <= log::Level::Warn && m.target() == "wglearn"
        }
        fn log(&self, r: &log::Record) {
            if self.enabled(r.metadata()) {
                self.0.lock().unwrap().push(r.args().to_string());
            }
        }
        fn flush(&self) {}
    }
    static CAPTURE: std::sync::OnceLock<&'static Capture> = std::sync::OnceLock::new();
    let c = CAPTURE.get_or_init(|| {
        let c: &'static Capture = Box::leak(Box::new(Capture(std::sync::Mutex::new(Vec::new()))));
        log::set_logger(c).expect("the only logger of this binary");
        log::set_max_level(log::LevelFilter::Warn);
        c
    });
    &c.0
}

suite_test! {
    /// When a training fold lacks a class, each fold's columns stand under their own classes of
    /// the whole y, and the missing class gets scikit-learn's fill (0 for probabilities, the
    /// lowest float for log probabilities and decision values), with scikit-learn's warning.
    /// Before, folds of three classes out of four were stacked column by column, misaligned.
    async fn cross_val_predict_puts_each_fold_under_its_classes(paths) {
        let f = fixtures().cross_val_predict_missing_class;
        #[cfg(not(target_arch = "wasm32"))]
        logged_warnings().lock().unwrap().clear();
        for path in paths {
            let d = &path.device;
            let x = array(d, &f.x.data, &f.x.shape, DType::F64);
            let y = labels(d, &f.y.data);
            let lda: Box<dyn DynEstimator> = Box::new(wglearn::estimator::Dyn(LinearDiscriminantAnalysis::new()));
            // A device without native f64 holds f32's range: its lowest value stands for float64's.
            let lowest = if d.info().float64 == Float64::Native { f64::MIN } else { f64::from(f32::MIN) };
            let tol = search_tol(d).max(1e-7);
            for (method, want) in [
                (PredictMethod::PredictProba, &f.predict_proba),
                (PredictMethod::PredictLogProba, &f.predict_log_proba),
                (PredictMethod::DecisionFunction, &f.decision_function),
            ] {
                let got = cross_val_predict(lda.as_ref(), &x, Some(&y), KFold::new(4), method).await.unwrap();
                assert_eq!(got.shape(), &want.shape[..], "{method:?} on {}", path.name);
                let want: Vec<f64> = want.data.iter().map(|&w| if w == f64::MIN { lowest } else { w }).collect();
                assert_matches_fixture(&host(&got).await, &want, tol, &format!("{method:?} on {}", path.name));
            }
            // Three sorted classes, KFold(3): each training fold has two classes, whose
            // decision_function is one column, which cannot be placed (scikit-learn's error).
            let (x3, y3) = (ops::take_indices(&x, &(0..30).collect::<Vec<_>>(), 0).unwrap(), labels(d, &f.y.data[..30]));
            match cross_val_predict(lda.as_ref(), &x3, Some(&y3), KFold::new(3), PredictMethod::DecisionFunction).await {
                Err(e @ Error::BadTarget { .. }) => {
                    assert!(e.to_string().contains("Only 2 class/es in training fold, but 3 in overall dataset"), "{e}")
                }
                r => panic!("decision_function of two-class folds on {}: {:?}", path.name, r.map(|a| a.shape().to_vec())),
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let seen = logged_warnings().lock().unwrap().clone();
            let want = "UserWarning: Number of classes in training fold (3) does not match total number of classes (4)";
            assert!(seen.iter().any(|w| w.starts_with(want)), "warnings logged: {seen:?}");
        }
    }
}

suite_test! {
    async fn halving_searches_follow_scikit_learns_schedule(paths) {
        let f = fixtures();
        let mut rng = TestRng::new(5);
        let xs = rng.vec(400 * 3, -2.0, 2.0);
        let ys: Vec<f64> = (0..400).map(|i| xs[3 * i] + 2.0 * xs[3 * i + 1] - xs[3 * i + 2] + rng.uniform(-1.0, 1.0)).collect();
        // The schedule depends only on the settings and the sizes: the CPU path checks every
        // case, the GPU paths the first two.
        for path in paths {
            let d = &path.device;
            let (x, y) = (array(d, &xs, &[400, 3], DType::F64), array(d, &ys, &[400], DType::F64));
            for case in f.halving.iter().take(if d.is_gpu() { 2 } else { usize::MAX }) {
                let alphas: Vec<f64> = (0..case.n_candidates).map(|i| 10f64.powf(-3.0 + 6.0 * i as f64 / (case.n_candidates - 1) as f64)).collect();
                let mut search = HalvingGridSearchCV::new(Ridge::new(), ParamGrid::new().param("alpha", alphas))
                    .factor(case.factor)
                    .aggressive_elimination(case.aggressive_elimination)
                    .cv(KFold::new(3))
                    .min_resources(match &case.min_resources {
                        serde_json::Value::String(s) if s == "exhaust" => MinResources::Exhaust,
                        serde_json::Value::String(_) => MinResources::Smallest,
                        v => MinResources::Count(v.as_u64().unwrap() as usize),
                    });
                if let Some(m) = case.max_resources.as_u64() {
                    search = search.max_resources(m as usize);
                }
                search.fit(&x, Some(&y)).await.unwrap();
                let what = format!("halving {:?} on {}", (case.n_candidates, case.factor, &case.min_resources), path.name);
                assert_eq!(search.n_resources_().unwrap(), case.n_resources, "{what}");
                assert_eq!(search.n_candidates_().unwrap(), case.candidates_per_iter, "{what}");
                assert_eq!(search.n_iterations_().unwrap(), case.n_iterations, "{what}");
                assert_eq!(search.n_possible_iterations_().unwrap(), case.n_possible, "{what}");
                assert_eq!(search.n_required_iterations_().unwrap(), case.n_required, "{what}");
                assert_eq!(search.min_resources_().unwrap(), case.min_resources_, "{what}");
                assert_eq!(search.max_resources_().unwrap(), case.max_resources_, "{what}");
                let results = search.cv_results_().unwrap();
                assert_eq!(results.len(), case.candidates_per_iter.iter().sum::<usize>());
                assert_eq!(results.keys().take(2).collect::<Vec<_>>(), ["iter", "n_resources"]);
                assert!(results.keys().any(|k| k == "mean_train_score"), "halving returns train scores by default");
                let best = search.best_index_().unwrap();
                assert_eq!(results.ints("iter").unwrap()[best] as usize, case.n_iterations - 1, "the best is of the last iteration");
            }
        }
    }
}

suite_test! {
    async fn a_halving_search_by_a_parameter_sets_it_per_iteration(paths) {
        let d = &paths[0].device;
        let mut rng = TestRng::new(2);
        let xs = rng.vec(60 * 3, -1.0, 1.0);
        let (x, y) = (array(d, &xs, &[60, 3], DType::F64), array(d, &rng.vec(60, 0.0, 1.0), &[60], DType::F64));
        // Pca's n_components as the resource: 1, then 3.
        let pipe = make_pipeline(vec![Pca::new().into(), Ridge::new().into()]);
        let mut search = HalvingGridSearchCV::new(
            pipe,
            ParamGrid::new().param("ridge__alpha", [0.1, 1.0, 10.0, 100.0]),
        )
        .resource(Resource::Param("pca__n_components".into()))
        .min_resources(MinResources::Count(1))
        .max_resources(3)
        .cv(3);
        search.fit(&x, Some(&y)).await.unwrap();
        assert_eq!(search.n_resources_().unwrap(), [1, 3]);
        let params = search.cv_results_().unwrap().params();
        assert_eq!(params[0]["pca__n_components"], ParamValue::Int(1));
        assert_eq!(params[4]["pca__n_components"], ParamValue::Int(3));
        assert_eq!(search.best_params_().unwrap()["pca__n_components"], ParamValue::Int(3));
    }
}

suite_test! {
    async fn a_scaler_before_ridge_is_applied_inside_its_products(paths) {
        // Pipeline(scaler, Ridge) fits (and, for a scaler without an offset, predicts) on X
        // with the scaler's column map applied inside the Gram products: the same model as
        // fitting on the scaled copy, which is never made. Data far from the origin, so the
        // centering inside the products is tested, and a wide case that takes the copy.
        use wglearn::estimator::{Fit, FitSupervised, Predict};
        let mut rng = TestRng::new(41);
        for (n, p, t) in [(400usize, 6usize, 1usize), (300, 5, 2), (6, 9, 1)] {
            let noise = rng.vec(n * p, -3.0, 3.0);
            let y_shape: Vec<usize> = if t == 1 { vec![n] } else { vec![n, t] };
            for intercept in [true, false] {
                // Without an intercept, offset columns would make the normal equations so
                // ill-conditioned that the scaler's own rounding (x / s or x * (1 / s)) shows.
                let offset = if intercept { 1e3 } else { 0.0 };
                let xs: Vec<f64> = noise.iter().enumerate().map(|(i, v)| v + offset * (i % p) as f64).collect();
                let ys: Vec<f64> = (0..n * t).map(|i| xs[(i / t) * p] - 2.0 * xs[(i / t) * p + 1] + (i % t) as f64).collect();
                type Make = fn() -> Step;
                let scalers: [(&str, Make); 3] = [
                    ("MaxAbsScaler", || MaxAbsScaler::new().into()),
                    ("StandardScaler", || StandardScaler::new().into()),
                    ("StandardScaler(with_mean=False)", || StandardScaler::new().with_mean(false).into()),
                ];
                for (name, scaler) in scalers {
                    let what = |path: &str| format!("{name} + Ridge(fit_intercept={intercept}), {n} x {p} x {t}, on {path}");
                    for path in paths {
                        let d = &path.device;
                        let (x, y) = (array(d, &xs, &[n, p], DType::F64), array(d, &ys, &y_shape, DType::F64));
                        // By hand: the scaled copy, then Ridge.
                        let scaled = match name {
                            "MaxAbsScaler" => MaxAbsScaler::new().fit_transform(&x).await.unwrap(),
                            "StandardScaler" => StandardScaler::new().fit_transform(&x).await.unwrap(),
                            _ => StandardScaler::new().with_mean(false).fit_transform(&x).await.unwrap(),
                        };
                        let mut ridge = Ridge::new().fit_intercept(intercept);
                        ridge.fit(&scaled, &y).await.unwrap();
                        let want = host(&ridge.predict(&scaled).await.unwrap()).await;
                        // Elementwise output written by `fit` (where the device counts it).
                        let elementwise_written = |d: &Device| -> u64 {
                            let traffic = d.traffic().unwrap_or_default();
                            traffic.kernels.iter().filter(|k| k.kernel == "binary").map(|k| k.bytes_written).sum()
                        };
                        d.reset_traffic();
                        let mut alone = make_pipeline(vec![scaler(), Step::Passthrough]);
                        alone.fit(&x, Some(&y), None).await.unwrap();
                        let scaler_fit = elementwise_written(d);
                        let mut pipe = make_pipeline(vec![scaler(), Ridge::new().fit_intercept(intercept).into()]);
                        d.reset_traffic();
                        pipe.fit(&x, Some(&y), None).await.unwrap();
                        if n > p {
                            // The scaled copy would be an elementwise product as large as X.
                            let extra = elementwise_written(d).saturating_sub(scaler_fit);
                            let x_bytes = (n * p * 8) as u64;
                            assert!(extra < x_bytes / 2, "{}: {extra} bytes of elementwise output", what(path.name));
                        }
                        let got = host(&pipe.predict(&x).await.unwrap()).await;
                        let (rtol, _) = tol(DType::F64, d);
                        assert_matches_fixture(&got, &want, rtol * 10.0, &what(path.name));
                        let Some(Step::Estimator(fitted)) = pipe.named_step("ridge") else { panic!("ridge") };
                        let Ok(wglearn::estimator::Attr::Array(coef)) = fitted.fitted_attr("coef_") else { panic!("coef_") };
                        let want_coef = host(&ridge.coef_().unwrap()).await;
                        assert_matches_fixture(&host(&coef).await, &want_coef, rtol * 10.0, &what(path.name));
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn pipelines_and_unions_keep_the_estimator_contract(paths) {
        let mut rng = TestRng::new(9);
        let xs = rng.vec(30 * 4, -3.0, 3.0);
        let ys: Vec<f64> = (0..30).map(|i| xs[4 * i] - xs[4 * i + 1]).collect();
        let mut pipe = make_pipeline(vec![MaxAbsScaler::new().into(), Ridge::new().into()]);
        assert_eq!(pipe.step_names(), ["maxabsscaler", "ridge"]);
        let params = pipe.get_params();
        assert_eq!(params["ridge__alpha"], ParamValue::Float(1.0));
        assert!(matches!(params["maxabsscaler"], ParamValue::Estimator(_)));
        pipe.set_param("ridge__alpha", ParamValue::Float(0.5)).unwrap();
        assert_eq!(pipe.repr(), "Pipeline(steps=[('maxabsscaler', MaxAbsScaler()), ('ridge', Ridge(alpha=0.5))])");
        let twice = make_pipeline(vec![StandardScaler::new().into(), StandardScaler::new().into(), Step::Passthrough]);
        assert_eq!(twice.step_names(), ["standardscaler-1", "standardscaler-2", "passthrough"]);
        let cpu = Device::cpu();
        let (xc, yc) = (array(&cpu, &xs, &[30, 4], DType::F64), array(&cpu, &ys, &[30], DType::F64));
        // A Ridge fitted on the scaled data by hand: the pipeline's answer.
        let mut scaler = MaxAbsScaler::new();
        let scaled = wglearn::estimator::Fit::fit_transform(&mut scaler, &xc).await.unwrap();
        let mut ridge = Ridge::new().alpha(0.5);
        wglearn::estimator::FitSupervised::fit(&mut ridge, &scaled, &yc).await.unwrap();
        let want = host(&wglearn::estimator::Predict::predict(&ridge, &scaled).await.unwrap()).await;
        for path in paths {
            let d = &path.device;
            let (x, y) = (array(d, &xs, &[30, 4], DType::F64), array(d, &ys, &[30], DType::F64));
            let mut p = pipe.clone();
            assert!(matches!(p.predict(&x).await, Err(Error::NotFitted { estimator: "Pipeline", .. })));
            p.fit(&x, Some(&y), None).await.unwrap();
            assert!(p.tags().regressor && p.tags().supervised && !p.tags().transformer);
            let got = host(&p.predict(&x).await.unwrap()).await;
            let (rtol, _) = tol(DType::F64, d);
            assert_matches_fixture(&got, &want, rtol * 10.0, &format!("pipeline predict on {}", path.name));
            let r2 = p.score(&x, Some(&y), None).await.unwrap();
            assert!(r2 > 0.9, "{r2}");
            assert!(matches!(p.fitted_attr("n_features_in_"), Ok(wglearn::estimator::Attr::Int(4))));
            // JSON round trip, and to_device.
            let loaded = from_json(&p.to_device(&cpu).await.unwrap().to_json().unwrap()).unwrap();
            assert_eq!(loaded.repr(), p.repr());
            assert_matches_fixture(&host(&loaded.predict(&xc).await.unwrap()).await, &want, rtol * 10.0, "loaded pipeline");
            let moved = loaded.to_device(d).await.unwrap();
            assert_eq!(moved.device().as_ref(), Some(d));
            // Replacing a whole step, and a passthrough step.
            let mut q = p.clone();
            q.set_param("maxabsscaler", ParamValue::Str("passthrough".into())).unwrap();
            q.fit(&x, Some(&y), None).await.unwrap();
            q.set_param("maxabsscaler", StandardScaler::new().into()).unwrap();
            assert!(q.repr().starts_with("Pipeline(steps=[('maxabsscaler', StandardScaler())"), "{}", q.repr());

            // A union: PCA's 2 components beside the scaled columns.
            let mut u = make_union(vec![Pca::new().n_components(2usize).into(), StandardScaler::new().into()]);
            let out = u.fit(&x, None, None).await.map(|_| ());
            out.unwrap();
            let t = u.transform(&x).await.unwrap();
            assert_eq!(t.shape(), &[30, 6]);
            let mut s = StandardScaler::new();
            let want_cols = host(&wglearn::estimator::Fit::fit_transform(&mut s, &x).await.unwrap()).await;
            let got = host(&t).await;
            let got_scaled: Vec<f64> = (0..30).flat_map(|i| got[6 * i + 2..6 * i + 6].to_vec()).collect();
            assert_matches_fixture(&got_scaled, &want_cols, rtol * 10.0, "union columns");
            u.set_param("pca", ParamValue::Str("drop".into())).unwrap();
            u.fit(&x, None, None).await.unwrap();
            assert_eq!(u.transform(&x).await.unwrap().shape(), &[30, 4]);
            let back = from_json(&u.to_device(&cpu).await.unwrap().to_json().unwrap()).unwrap();
            assert_eq!(back.repr(), "FeatureUnion(transformer_list=[('pca', 'drop'), ('standardscaler', StandardScaler())])");
        }
        // A union by name, with its transformers set by parameter.
        let mut by_name = FeatureUnion::new(vec![("a", Step::Passthrough)]);
        by_name.set_param("a", StandardScaler::new().into()).unwrap();
        assert_eq!(by_name.get_params()["a__with_mean"], ParamValue::Bool(true));
        let p = Pipeline::new(vec![("scale", MaxAbsScaler::new().into()), ("model", Ridge::new().into())]);
        assert_eq!(p.param_names().len(), p.get_params().len());
    }
}

suite_test! {
    async fn searches_give_the_same_result_on_every_path(paths) {
        let f = fixtures();
        let mut want: Option<(Vec<f64>, wglearn::estimator::Params)> = None;
        for path in paths {
            let d = &path.device;
            let (x, y) = data(d, &f.regression);
            let dists = ParamDistributions::new()
                .param("ridge__alpha", Distribution::LogUniform { a: 1e-3, b: 1e3 })
                .choice("ridge__fit_intercept", [true, false]);
            let mut search = RandomizedSearchCV::new(pipeline_of("maxabsscaler+ridge"), dists)
                .n_iter(6)
                .random_state(4)
                .cv(KFold::new(3));
            search.fit(&x, Some(&y)).await.unwrap();
            let results = search.cv_results_().unwrap();
            assert_eq!(results.len(), 6);
            for p in results.params() {
                let ParamValue::Float(a) = p["ridge__alpha"] else { panic!("{p:?}") };
                assert!((1e-3..=1e3).contains(&a), "{a}");
            }
            let scores = results.floats("mean_test_score").unwrap().to_vec();
            let best = search.best_params_().unwrap().clone();
            match &want {
                None => want = Some((scores, best)),
                Some((s, b)) => {
                    assert_eq!(&best, b, "best_params_ on {}", path.name);
                    assert_matches_fixture(&scores, s, search_tol(d), &format!("scores on {}", path.name));
                }
            }
        }
        // Lists only: distinct grid points, at most the grid's size.
        let lists = ParamDistributions::new().choice("a", [1.0, 2.0]).choice("b", [true, false]);
        let drawn = lists.sample(10, 0).unwrap();
        assert_eq!(drawn.len(), 4);
        assert!(drawn.iter().enumerate().all(|(i, p)| !drawn[..i].contains(p)));
        let ints = ParamDistributions::new().param("k", Distribution::RandInt { low: 2, high: 5 }).sample(50, 1).unwrap();
        assert!(ints.iter().all(|p| matches!(p["k"], ParamValue::Int(2..=4))));
    }
}

suite_test! {
    async fn a_search_replaces_whole_steps_and_scores_with_a_closure(paths) {
        let f = fixtures();
        // The largest error, negated: a user's scorer, not a registry name.
        let scorer = || {
            wglearn::metrics::make_scorer("max_error", |y, p, w| {
                Box::pin(async move {
                    assert!(w.is_none());
                    wglearn::metrics::max_error(y, p).await
                })
            })
            .greater_is_better(false)
        };
        for path in paths {
            let d = &path.device;
            let (x, y) = data(d, &f.regression);
            let steps: Vec<ParamValue> =
                vec![MaxAbsScaler::new().into(), StandardScaler::new().into(), ParamValue::Str("passthrough".into())];
            let grid = ParamGrid::new().param("maxabsscaler", steps.clone()).param("ridge__alpha", [1.0, 100.0]);
            let mut search = GridSearchCV::new(pipeline_of("maxabsscaler+ridge"), grid).cv(KFold::new(4)).scoring(scorer());
            search.fit(&x, Some(&y)).await.unwrap();
            let results = search.cv_results_().unwrap();
            assert_eq!(results.len(), 6);
            let Column::Values(column) = results.get("param_maxabsscaler").unwrap() else { panic!("a values column") };
            assert_eq!(column.iter().map(|v| v.clone().unwrap()).collect::<Vec<_>>()[..], [
                steps[0].clone(), steps[0].clone(), steps[1].clone(), steps[1].clone(), steps[2].clone(), steps[2].clone()
            ]);
            // Each row's mean is what cross_validate gives that pipeline with the same scorer.
            let means = results.floats("mean_test_score").unwrap();
            for (i, params) in results.params().iter().enumerate() {
                let mut pipe = pipeline_of("maxabsscaler+ridge");
                for (k, v) in params {
                    pipe.set_param(k, v.clone()).unwrap();
                }
                let cv = cross_validate(&pipe, &x, Some(&y)).cv(KFold::new(4)).scoring(scorer()).await.unwrap();
                let want = cv.get("test_score").unwrap().iter().sum::<f64>() / 4.0;
                assert_matches_fixture(&[means[i]], &[want], 1e-12, &format!("row {i} on {}", path.name));
                assert!(means[i] < 0.0, "a negated loss");
            }
            let best = search.best_estimator_().unwrap();
            assert!(best.repr().starts_with("Pipeline(steps=[('maxabsscaler', "), "{}", best.repr());
        }
    }
}

suite_test! {
    async fn n_jobs_gives_the_same_results_as_one_thread(paths) {
        let f = fixtures();
        for path in paths {
            let d = &path.device;
            let (x, y) = data(d, &f.regression);
            let grid = ParamGrid::new().param("ridge__alpha", [0.1, 1.0, 10.0, 100.0]);
            let mut runs = Vec::new();
            for n_jobs in [1, 2, 3] {
                let mut search = GridSearchCV::new(pipeline_of("maxabsscaler+ridge"), grid.clone()).cv(KFold::new(4)).n_jobs(n_jobs);
                search.fit(&x, Some(&y)).await.unwrap();
                let r = search.cv_results_().unwrap();
                let keys: Vec<String> = r.keys().filter(|k| k.contains("test")).map(String::from).collect();
                let table: Vec<Column> = keys.iter().map(|k| r.get(k).unwrap().clone()).collect();
                runs.push((table, search.best_params_().unwrap().clone(), search.reused_steps().unwrap()));
                let cv = cross_validate(&pipeline_of("maxabsscaler+ridge"), &x, Some(&y)).cv(KFold::new(4)).n_jobs(n_jobs).await.unwrap();
                runs.last_mut().unwrap().0.push(Column::Floats(cv.get("test_score").unwrap().to_vec()));
            }
            assert!(runs.iter().all(|r| r == &runs[0]), "n_jobs changed the results on {}", path.name);
            let mut zero = GridSearchCV::new(pipeline_of("maxabsscaler+ridge"), grid.clone()).n_jobs(0);
            assert!(matches!(zero.fit(&x, Some(&y)).await, Err(Error::InvalidParameter { name: "n_jobs", .. })));
        }
    }
}

suite_test! {
    async fn progress_error_score_and_the_results_table(paths) {
        let d = &paths[paths.len() - 1].device;
        let f = fixtures();
        let (x, y) = data(d, &f.classification);
        let pipe = make_pipeline(vec![Pca::new().into(), LinearDiscriminantAnalysis::new().into()]);
        // n_components = 9 > 5 features: that candidate fails on every fold.
        let grid = ParamGrid::new().param("pca__n_components", [2usize, 9]);
        let seen = Rc::new(Cell::new(0));
        let counter = seen.clone();
        let mut search = GridSearchCV::new(pipe.clone(), grid.clone())
            .cv(KFold::new(3))
            .on_progress(move |p| {
                counter.set(counter.get() + 1);
                assert_eq!((p.done, p.total), (counter.get(), 6));
                assert!(p.candidate < 2 && p.fold < 3 && p.elapsed >= 0.0);
            });
        search.fit(&x, Some(&y)).await.unwrap();
        assert_eq!(seen.get(), 6);
        let results = search.cv_results_().unwrap();
        let means = results.floats("mean_test_score").unwrap();
        assert!(means[0].is_finite() && means[1].is_nan(), "{means:?}");
        assert_eq!(results.ints("rank_test_score").unwrap(), [1, 2]);
        let errors = search.fit_errors().unwrap();
        assert!(errors[0].iter().all(Option::is_none));
        assert!(errors[1][0].as_ref().unwrap().contains("n_components"), "{:?}", errors[1][0]);
        // JSON: NaN as a string; CSV: one header and a row per candidate.
        let json: serde_json::Value = serde_json::from_str(&results.to_json().unwrap()).unwrap();
        assert_eq!(json["mean_test_score"][1], "NaN");
        assert_eq!(json["params"][0]["pca__n_components"], 2);
        let csv = results.to_csv();
        assert_eq!(csv.lines().count(), 3);
        assert!(csv.starts_with("mean_fit_time,std_fit_time,mean_score_time,std_score_time,param_pca__n_components,params,split0_test_score"));
        // error_score = Raise: the failure is the error.
        let mut raising = GridSearchCV::new(pipe.clone(), grid).cv(3).error_score(ErrorScore::Raise);
        assert!(matches!(raising.fit(&x, Some(&y)).await, Err(Error::InvalidParameter { name: "n_components", .. })));
        // Every fit failing is an error.
        let mut all_fail = GridSearchCV::new(pipe, ParamGrid::new().param("pca__n_components", [9usize])).cv(3);
        match all_fail.fit(&x, Some(&y)).await {
            Err(Error::InvalidParameter { reason, .. }) => assert!(reason.contains("all the 3 fits failed"), "{reason}"),
            r => panic!("{:?}", r.err()),
        }
    }
}

suite_test! {
    async fn bad_input_is_refused_with_a_clear_error(paths) {
        let d = &paths[0].device;
        let x = Array::zeros(d, &[5, 2], DType::F64).unwrap();
        let y = labels(d, &[0.0, 1.0, 0.0, 1.0, 1.0]);
        let pipe = || make_pipeline(vec![MaxAbsScaler::new().into(), Ridge::new().into()]);
        // A parameter that does not exist lists the valid ones.
        let mut s = GridSearchCV::new(pipe(), ParamGrid::new().param("ridge__alpah", [1.0])).cv(2);
        match s.fit(&x, Some(&y)).await {
            Err(Error::InvalidParameter { reason, .. }) => assert!(reason.contains("ridge__alpha"), "{reason}"),
            r => panic!("{:?}", r.err()),
        }
        let mut s = GridSearchCV::new(pipe(), ParamGrid::new().param("nosuchstep__alpha", [1.0])).cv(2);
        assert!(matches!(s.fit(&x, Some(&y)).await, Err(Error::InvalidParameter { .. })));
        // An empty grid, and a parameter with no values.
        let mut s = GridSearchCV::new(pipe(), ParamGrid::new());
        assert!(matches!(s.fit(&x, Some(&y)).await, Err(Error::InvalidParameter { name: "param_grid", .. })));
        let mut s = GridSearchCV::new(pipe(), ParamGrid::new().param::<f64>("ridge__alpha", []));
        assert!(matches!(s.fit(&x, Some(&y)).await, Err(Error::InvalidParameter { name: "param_grid", .. })));
        // n_splits greater than n_samples, or below 2.
        match KFold::new(6).split(&x, None, None).await {
            Err(Error::InvalidParameter { name: "n_splits", reason, .. }) => assert!(reason.contains("n_samples=5"), "{reason}"),
            r => panic!("{r:?}"),
        }
        assert!(matches!(KFold::new(1).split(&x, None, None).await, Err(Error::InvalidParameter { name: "n_splits", .. })));
        // Stratification: every class below n_splits, and a class of one for shuffled splits.
        assert!(matches!(StratifiedKFold::new(4).split(&x, Some(&y), None).await, Err(Error::InvalidParameter { name: "n_splits", .. })));
        let y1 = labels(d, &[0.0, 0.0, 0.0, 0.0, 1.0]);
        assert!(matches!(StratifiedShuffleSplit::new(2).test_size(2).split(&x, Some(&y1), None).await, Err(Error::BadTarget { .. })));
        let yc = array(d, &[0.5, 1.0, 0.0, 1.0, 1.0], &[5], DType::F64);
        assert!(matches!(StratifiedKFold::new(2).split(&x, Some(&yc), None).await, Err(Error::BadTarget { .. })));
        assert!(matches!(StratifiedKFold::new(2).split(&x, None, None).await, Err(Error::InvalidParameter { name: "y", .. })));
        // test_size 0, 1 and above, a count past n.
        for bad in [Size::Fraction(0.0), Size::Fraction(1.0), Size::Fraction(1.5), Size::Count(0), Size::Count(5)] {
            assert!(
                matches!(train_test_split(&[&x]).test_size(bad).await, Err(Error::InvalidParameter { name: "test_size", .. })),
                "{bad:?}"
            );
        }
        assert!(matches!(train_test_split(&[&x]).test_size(0.6).train_size(0.6).await, Err(Error::InvalidParameter { .. })));
        // Inconsistent lengths; groups of the wrong length.
        let short = labels(d, &[0.0, 1.0]);
        assert!(matches!(train_test_split(&[&x, &short]).await, Err(Error::ShapeMismatch { .. })));
        assert!(matches!(check_consistent_length(&[&x, &short]), Err(Error::ShapeMismatch { .. })));
        assert!(matches!(GroupKFold::new(2).split(&x, None, Some(&short)).await, Err(Error::ShapeMismatch { .. })));
        assert!(matches!(GroupKFold::new(2).split(&x, None, None).await, Err(Error::InvalidParameter { name: "groups", .. })));
        // -0.0 and 0.0 are one group, as in np.unique.
        let signed = array(d, &[0.0, -0.0, 1.0, 1.0, 2.0], &[5], DType::F64);
        let folds = GroupKFold::new(3).split(&x, None, Some(&signed)).await.unwrap();
        assert!(folds.iter().any(|(_, test)| test[..] == [0, 1]), "{folds:?}");
        let groups = labels(d, &[0.0, 0.0, 1.0, 1.0, 1.0]);
        assert!(matches!(GroupKFold::new(3).split(&x, None, Some(&groups)).await, Err(Error::InvalidParameter { name: "n_splits", .. })));
        // A random_state without shuffle has no effect, so it is refused.
        assert!(matches!(KFold::new(2).random_state(1).split(&x, None, None).await, Err(Error::InvalidParameter { name: "random_state", .. })));
        // Multi-metric scoring needs refit by name; an unknown scorer names the valid ones.
        let mut s = GridSearchCV::new(pipe(), ParamGrid::new().param("ridge__alpha", [1.0])).cv(2).scoring(["r2", "neg_mean_squared_error"]);
        assert!(matches!(s.fit(&x, Some(&y)).await, Err(Error::InvalidParameter { name: "refit", .. })));
        let mut s = GridSearchCV::new(pipe(), ParamGrid::new().param("ridge__alpha", [1.0])).cv(2).scoring("r3");
        assert!(matches!(s.fit(&x, Some(&y)).await, Err(Error::InvalidParameter { name: "scoring", .. })));
        // Not fitted; a pipeline step that is not a transformer; bad step names.
        let s = GridSearchCV::new(pipe(), ParamGrid::new().param("ridge__alpha", [1.0]));
        assert!(matches!(s.best_params_(), Err(Error::NotFitted { estimator: "GridSearchCV", .. })));
        let mut bad = make_pipeline(vec![Ridge::new().into(), MaxAbsScaler::new().into()]);
        assert!(matches!(bad.fit(&x, Some(&y), None).await, Err(Error::InvalidParameter { name: "steps", .. })));
        let mut dup = Pipeline::new(vec![("a", MaxAbsScaler::new().into()), ("a", Ridge::new().into())]);
        assert!(matches!(dup.fit(&x, Some(&y), None).await, Err(Error::InvalidParameter { name: "steps", .. })));
        let mut empty = Pipeline::default();
        assert!(matches!(empty.fit(&x, Some(&y), None).await, Err(Error::InvalidParameter { name: "steps", .. })));
        assert!(matches!(from_json(r#"{"estimator": "Pipeline", "model": {"steps": [["a", 1]]}}"#), Err(Error::BadModel { .. })));
        // Halving: a factor of 1, several scorers.
        let mut h = HalvingGridSearchCV::new(pipe(), ParamGrid::new().param("ridge__alpha", [1.0])).factor(1.0);
        assert!(matches!(h.fit(&x, Some(&y)).await, Err(Error::InvalidParameter { name: "factor", .. })));
    }
}
