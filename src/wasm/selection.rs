//! Model selection in JS: `Pipeline` / `makePipeline`, `FeatureUnion` / `makeUnion`,
//! `GridSearchCV` (with a progress callback), `crossValidate` and `trainTestSplit`. Each takes
//! the package's estimator objects and runs on the device `init` chose.

use super::array::{to_array, NDArray};
use super::error::{js_error, JsResult};
use super::model::{model_of, param_value, Model};
use crate::error::Error;
use crate::estimator::{DynEstimator, ParamValue};
use crate::model_selection::{self as ms, Cv, ErrorScore, ParamGrid, Refit, Scoring, Size};
use crate::pipeline::{self, Step};
use js_sys::{Array as JsArray, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen(typescript_custom_section)]
const TS_SELECTION: &str = r#"
/** A search's or a cross-validation's options, with scikit-learn's meanings. */
export interface SearchOptions {
  /** The number of folds (KFold; StratifiedKFold for classifiers; default 5), or a splitter
   * with scikit-learn's parameters in camelCase. */
  cv?: number | CvSplitter;
  /** A scorer name, or several (then `refit` names the one that picks the best). */
  scoring?: string | string[];
  refit?: boolean | string;
  returnTrainScore?: boolean;
  /** "raise", or the score a failed fit records (default NaN). */
  errorScore?: "raise" | number;
}
export interface CvSplitter {
  splitter: "KFold" | "StratifiedKFold" | "LeaveOneOut" | "ShuffleSplit" | "StratifiedShuffleSplit" | "RepeatedKFold" | "RepeatedStratifiedKFold";
  nSplits?: number; nRepeats?: number; shuffle?: boolean; randomState?: number; testSize?: number; trainSize?: number;
}
/** Where a search is, after each fit. */
export interface SearchProgress { candidate: number; fold: number; done: number; total: number; elapsed: number; }
export interface TrainTestSplitOptions {
  testSize?: number; trainSize?: number; shuffle?: boolean; stratify?: ArrayInput; randomState?: number;
}
"#;

/// The object's options, each by name; an unknown name is an error listing `known`.
fn read_options(value: &JsValue, known: &[&str], what: &str) -> crate::Result<Vec<(String, JsValue)>> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let object = value.dyn_ref::<Object>().filter(|_| !JsArray::is_array(value)).ok_or_else(|| {
        Error::invalid_parameter("options", format!("{value:?}"), format!("{what} takes an options object"))
    })?;
    let mut out = Vec::new();
    for entry in Object::entries(object).iter() {
        let pair: JsArray = entry.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        if !known.contains(&name.as_str()) {
            return Err(Error::invalid_parameter(
                "options",
                format!("'{name}'"),
                format!("{what} has no such option (it has: {})", known.join(", ")),
            ));
        }
        out.push((name, pair.get(1)));
    }
    Ok(out)
}

fn wrong(name: &str, v: &JsValue, expected: &str, what: &str) -> Error {
    Error::invalid_parameter("options", format!("{name} = {v:?}"), format!("{what}: {name} must be {expected}"))
}

/// The shared settings of a search or a cross-validation.
struct Settings {
    cv: Cv,
    scoring: Scoring,
    refit: Refit,
    return_train_score: bool,
    error_score: ErrorScore,
}

impl Settings {
    const NAMES: [&'static str; 5] = ["cv", "scoring", "refit", "returnTrainScore", "errorScore"];

    fn parse(value: &JsValue, what: &str) -> crate::Result<Settings> {
        let mut s = Settings {
            cv: Cv::default(),
            scoring: Scoring::Estimator,
            refit: Refit::Best,
            return_train_score: false,
            error_score: ErrorScore::default(),
        };
        for (name, v) in read_options(value, &Self::NAMES, what)? {
            match name.as_str() {
                "cv" => s.cv = read_cv(&v, what)?,
                "scoring" => {
                    s.scoring = if let Some(n) = v.as_string() {
                        Scoring::Name(n)
                    } else if let Some(list) = v.dyn_ref::<JsArray>() {
                        let names: Option<Vec<String>> = list.iter().map(|n| n.as_string()).collect();
                        Scoring::Names(names.ok_or_else(|| wrong(&name, &v, "scorer names", what))?)
                    } else {
                        return Err(wrong(&name, &v, "a scorer name or a list of them", what));
                    }
                }
                "refit" => {
                    s.refit = match (v.as_bool(), v.as_string()) {
                        (Some(b), _) => Refit::from(b),
                        (_, Some(n)) => Refit::Metric(n),
                        _ => return Err(wrong(&name, &v, "a boolean or a scorer name", what)),
                    }
                }
                "returnTrainScore" => {
                    s.return_train_score = v.as_bool().ok_or_else(|| wrong(&name, &v, "a boolean", what))?
                }
                _ => {
                    s.error_score = match (v.as_string().as_deref(), v.as_f64()) {
                        (Some("raise"), _) => ErrorScore::Raise,
                        (_, Some(x)) => ErrorScore::Value(x),
                        _ => return Err(wrong(&name, &v, "\"raise\" or a number", what)),
                    }
                }
            }
        }
        Ok(s)
    }
}

/// A count of folds, or a splitter: `{ splitter: "KFold", nSplits: 4, shuffle: true,
/// randomState: 0 }` (the splitters that need no groups, with scikit-learn's parameters in
/// camelCase).
fn read_cv(value: &JsValue, what: &str) -> crate::Result<Cv> {
    if let Some(k) = value.as_f64() {
        return match k {
            k if k.fract() == 0.0 && k >= 0.0 => Ok(Cv::Folds(k as usize)),
            _ => Err(wrong("cv", value, "a number of folds or a splitter", what)),
        };
    }
    const KNOWN: [&str; 7] = ["splitter", "nSplits", "nRepeats", "shuffle", "randomState", "testSize", "trainSize"];
    let given = read_options(value, &KNOWN, what)?;
    let get = |name: &str| given.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let count = |name: &str, default: usize| -> crate::Result<usize> {
        match get(name) {
            None => Ok(default),
            Some(v) => match v.as_f64() {
                Some(f) if f.fract() == 0.0 && f >= 0.0 => Ok(f as usize),
                _ => Err(wrong(name, &v, "a non-negative integer", what)),
            },
        }
    };
    let seed = get("randomState")
        .map(|v| {
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
                .ok_or_else(|| wrong("randomState", &v, "a non-negative integer", what))
        })
        .transpose()?;
    let shuffle = get("shuffle")
        .map(|v| v.as_bool().ok_or_else(|| wrong("shuffle", &v, "a boolean", what)))
        .transpose()?
        .unwrap_or(false);
    let size = |name: &str| -> crate::Result<Option<Size>> {
        get(name)
            .map(|v| match v.as_f64() {
                Some(f) if f.fract() == 0.0 && f >= 1.0 => Ok(Size::Count(f as i64)),
                Some(f) => Ok(Size::Fraction(f)),
                None => Err(wrong(name, &v, "a fraction or a count", what)),
            })
            .transpose()
    };
    let splitter = get("splitter").and_then(|v| v.as_string()).unwrap_or_default();
    let with_seed = |mut k: ms::KFold| {
        if let Some(s) = seed {
            k = k.random_state(s)
        }
        k
    };
    Ok(match splitter.as_str() {
        "KFold" => with_seed(ms::KFold::new(count("nSplits", 5)?).shuffle(shuffle)).into(),
        "StratifiedKFold" => {
            let mut k = ms::StratifiedKFold::new(count("nSplits", 5)?).shuffle(shuffle);
            if let Some(s) = seed { k = k.random_state(s) }
            k.into()
        }
        "LeaveOneOut" => ms::LeaveOneOut.into(),
        "ShuffleSplit" | "StratifiedShuffleSplit" => {
            let (test, train) = (size("testSize")?, size("trainSize")?);
            let n = count("nSplits", 10)?;
            if splitter == "ShuffleSplit" {
                let mut c = ms::ShuffleSplit::new(n).random_state(seed.unwrap_or(0));
                if let Some(t) = test { c = c.test_size(t) }
                if let Some(t) = train { c = c.train_size(t) }
                c.into()
            } else {
                let mut c = ms::StratifiedShuffleSplit::new(n).random_state(seed.unwrap_or(0));
                if let Some(t) = test { c = c.test_size(t) }
                if let Some(t) = train { c = c.train_size(t) }
                c.into()
            }
        }
        "RepeatedKFold" => ms::RepeatedKFold::default().n_splits(count("nSplits", 5)?).n_repeats(count("nRepeats", 10)?).random_state(seed.unwrap_or(0)).into(),
        "RepeatedStratifiedKFold" => ms::RepeatedStratifiedKFold::default().n_splits(count("nSplits", 5)?).n_repeats(count("nRepeats", 10)?).random_state(seed.unwrap_or(0)).into(),
        other => {
            return Err(Error::invalid_parameter(
                "cv",
                format!("'{other}'"),
                format!("{what}: the splitters are KFold, StratifiedKFold, LeaveOneOut, ShuffleSplit, StratifiedShuffleSplit, RepeatedKFold, RepeatedStratifiedKFold"),
            ))
        }
    })
}

/// A JS object of parameter names to value lists, or a list of such objects.
fn read_grid(value: &JsValue) -> crate::Result<ParamGrid> {
    let dicts: Vec<JsValue> = match value.dyn_ref::<JsArray>() {
        Some(list) => list.iter().collect(),
        None => vec![value.clone()],
    };
    let mut grid = ParamGrid::new();
    for (i, dict) in dicts.iter().enumerate() {
        if i > 0 {
            grid = grid.or();
        }
        let object = dict.dyn_ref::<Object>().ok_or_else(|| {
            Error::invalid_parameter(
                "param_grid",
                format!("{dict:?}"),
                "a grid is an object of parameter names to lists of values",
            )
        })?;
        for entry in Object::entries(object).iter() {
            let pair: JsArray = entry.unchecked_into();
            let name = pair.get(0).as_string().unwrap_or_default();
            let list = pair.get(1).dyn_into::<JsArray>().map_err(|v| {
                Error::invalid_parameter(
                    "param_grid",
                    format!("{name}: {v:?}"),
                    "each parameter takes a list of values",
                )
            })?;
            let values = list.iter().map(|v| param_value(&name, &v)).collect::<crate::Result<Vec<ParamValue>>>()?;
            grid = grid.param(&name, values);
        }
    }
    Ok(grid)
}

/// An optional array argument.
fn optional(value: &JsValue, what: &'static str) -> JsResult<Option<crate::array::Array>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    to_array(value, what).map(Some)
}

/// Declares the JS class of a composite: its constructor from [name, estimator] pairs, its
/// `make*` function, and every estimator method (those the last step lacks reject).
macro_rules! composite_class {
    ($class:ident, $name:literal, $make:ident, $js_make:literal, $new:path, $make_fn:path) => {
        #[wasm_bindgen(js_name = $name)]
        pub struct $class(Model);

        /// The composite of these estimator objects, named after their classes lowercased
        /// (scikit-learn's make_pipeline / make_union, given one array).
        #[wasm_bindgen(js_name = $js_make, unchecked_return_type = $name)]
        pub fn $make(#[wasm_bindgen(unchecked_param_type = "Estimator[]")] steps: JsArray) -> JsResult<$class> {
            let steps = steps
                .iter()
                .map(|s| model_of(&s, $js_make).map(Step::from))
                .collect::<crate::Result<Vec<_>>>()
                .map_err(js_error)?;
            Ok($class(Model::wrap(Box::new($make_fn(steps)))))
        }

        #[wasm_bindgen(js_class = $name)]
        impl $class {
            /// The composite of named steps: `[["scale", new MaxAbsScaler()], ["ridge", new Ridge()]]`
            /// (none: an empty composite, to be given steps by setParams).
            #[wasm_bindgen(constructor)]
            pub fn new(
                #[wasm_bindgen(unchecked_optional_param_type = "[string, Estimator][]")] steps: JsValue,
            ) -> JsResult<$class> {
                let steps: JsArray = if steps.is_undefined() || steps.is_null() {
                    JsArray::new()
                } else {
                    steps.dyn_into().map_err(|v| {
                        js_error(Error::invalid_parameter(
                            "steps",
                            format!("{v:?}"),
                            concat!($name, " takes a list of [name, estimator] pairs"),
                        ))
                    })?
                };
                let mut named = Vec::new();
                for pair in steps.iter() {
                    let pair: JsArray = pair.dyn_into().map_err(|v| {
                        js_error(Error::invalid_parameter(
                            "steps",
                            format!("{v:?}"),
                            concat!($name, " takes [name, estimator] pairs"),
                        ))
                    })?;
                    let name = pair.get(0).as_string().unwrap_or_default();
                    named.push((name, model_of(&pair.get(1), $name).map_err(js_error)?));
                }
                let steps = named.iter().map(|(n, e)| (n.as_str(), Step::from(e.clone()))).collect();
                Ok($class(Model::wrap(Box::new($new(steps)))))
            }

            /// Fits every step in turn (y where a step takes it; the weights go to the last).
            #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
            pub fn fit(
                &self,
                #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] y: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] sample_weight: JsValue,
            ) -> Promise {
                self.0.fit(x, y, sample_weight, concat!($name, ".fit"))
            }

            #[wasm_bindgen(js_name = fitTransform, unchecked_return_type = "Promise<NDArray>")]
            pub fn fit_transform(
                &self,
                #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] y: JsValue,
            ) -> Promise {
                self.0.fit_transform(x, y, concat!($name, ".fit_transform"))
            }

            /// The last step's score (accuracy, R² or mean log-likelihood).
            #[wasm_bindgen(unchecked_return_type = "Promise<number>")]
            pub fn score(
                &self,
                #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] y: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] sample_weight: JsValue,
            ) -> Promise {
                self.0.score(x, y, sample_weight, concat!($name, ".score"))
            }
        }

        $crate::wasm::model_methods!($class, $name);
        $crate::wasm::array_method!($class, $name, transform, transform);
        $crate::wasm::array_method!($class, $name, inverse_transform, inverseTransform);
        $crate::wasm::array_method!($class, $name, predict, predict);
        $crate::wasm::array_method!($class, $name, predict_proba, predictProba);
        $crate::wasm::array_method!($class, $name, predict_log_proba, predictLogProba);
        $crate::wasm::array_method!($class, $name, decision_function, decisionFunction);
        $crate::wasm::array_method!($class, $name, score_samples, scoreSamples);
    };
}

composite_class!(
    PipelineClass,
    "Pipeline",
    make_pipeline,
    "makePipeline",
    pipeline::Pipeline::new,
    pipeline::make_pipeline
);
composite_class!(
    FeatureUnionClass,
    "FeatureUnion",
    make_union,
    "makeUnion",
    pipeline::FeatureUnion::new,
    pipeline::make_union
);

/// The fitted search behind a JS GridSearchCV, once fitted.
type Fitted = Rc<RefCell<Option<Rc<ms::GridSearchCV>>>>;

/// scikit-learn's GridSearchCV: every candidate of the grid on every fold, then the best
/// refitted.
#[wasm_bindgen(js_name = GridSearchCV)]
pub struct GridSearch {
    estimator: Box<dyn DynEstimator>,
    grid: ParamGrid,
    settings: Rc<Settings>,
    fitted: Fitted,
}

#[wasm_bindgen(js_class = GridSearchCV)]
impl GridSearch {
    /// `paramGrid`: `{ "ridge__alpha": [0.1, 1, 10] }`, or a list of such grids.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Estimator")] estimator: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Record<string, ParamValue[]> | Record<string, ParamValue[]>[]")]
        param_grid: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: JsValue,
    ) -> JsResult<GridSearch> {
        let estimator = model_of(&estimator, "GridSearchCV").map_err(js_error)?;
        let grid = read_grid(&param_grid).map_err(js_error)?;
        let settings = Settings::parse(&options, "GridSearchCV").map_err(js_error)?;
        Ok(GridSearch { estimator, grid, settings: Rc::new(settings), fitted: Rc::default() })
    }

    /// Fits every candidate on every fold, then refits the best on all of X.
    /// `onProgress` is called after each fit with a `SearchProgress`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn fit(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] y: JsValue,
        #[wasm_bindgen(js_name = onProgress, unchecked_optional_param_type = "(progress: SearchProgress) => void")]
        on_progress: JsValue,
    ) -> Promise {
        let s = self.settings.clone();
        let mut search = ms::GridSearchCV::new(self.estimator.clone(), self.grid.clone())
            .cv(s.cv.clone())
            .scoring(s.scoring.clone())
            .refit(s.refit.clone())
            .return_train_score(s.return_train_score)
            .error_score(s.error_score);
        if let Some(f) = on_progress.dyn_ref::<Function>() {
            let f = f.clone();
            search = search.on_progress(move |p| {
                let o = Object::new();
                for (k, v) in [
                    ("candidate", p.candidate as f64),
                    ("fold", p.fold as f64),
                    ("done", p.done as f64),
                    ("total", p.total as f64),
                    ("elapsed", p.elapsed),
                ] {
                    let _ = Reflect::set(&o, &k.into(), &v.into());
                }
                // A throwing callback does not stop the search.
                let _ = f.call1(&JsValue::NULL, &o);
            });
        }
        let fitted = self.fitted.clone();
        future_to_promise(async move {
            let (x, y) = (to_array(&x, "GridSearchCV.fit")?, optional(&y, "GridSearchCV.fit")?);
            search.fit(&x, y.as_ref()).await.map_err(js_error)?;
            *fitted.borrow_mut() = Some(Rc::new(search));
            Ok(JsValue::UNDEFINED)
        })
    }

    fn search(&self, what: &'static str) -> JsResult<Rc<ms::GridSearchCV>> {
        self.fitted
            .borrow()
            .clone()
            .ok_or_else(|| js_error(Error::NotFitted { estimator: "GridSearchCV", method: what }))
    }

    /// scikit-learn's `cv_results_`: an object of columns.
    #[wasm_bindgen(getter, js_name = cvResults, unchecked_return_type = "Record<string, any[]>")]
    pub fn cv_results(&self) -> JsResult<JsValue> {
        let json = self.search("cv_results_")?.cv_results_().and_then(|r| r.to_json()).map_err(js_error)?;
        js_sys::JSON::parse(&json)
    }

    /// `cv_results_` as CSV.
    #[wasm_bindgen(js_name = cvResultsCsv)]
    pub fn cv_results_csv(&self) -> JsResult<String> {
        Ok(self.search("cv_results_")?.cv_results_().map_err(js_error)?.to_csv())
    }

    #[wasm_bindgen(getter, js_name = bestParams, unchecked_return_type = "Record<string, ParamValue>")]
    pub fn best_params(&self) -> JsResult<JsValue> {
        let search = self.search("best_params_")?;
        let params = search.best_params_().map_err(js_error)?;
        let o = Object::new();
        for (k, v) in params {
            Reflect::set(&o, &k.into(), &super::model::param_js(v))?;
        }
        Ok(o.into())
    }

    #[wasm_bindgen(getter, js_name = bestScore)]
    pub fn best_score(&self) -> JsResult<f64> {
        self.search("best_score_")?.best_score_().map_err(js_error)
    }

    #[wasm_bindgen(getter, js_name = bestIndex)]
    pub fn best_index(&self) -> JsResult<u32> {
        Ok(self.search("best_index_")?.best_index_().map_err(js_error)? as u32)
    }

    /// The best estimator's predictions.
    #[wasm_bindgen(unchecked_return_type = "Promise<NDArray>")]
    pub fn predict(&self, #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue) -> JsResult<Promise> {
        let search = self.search("predict")?;
        Ok(future_to_promise(async move {
            let x = to_array(&x, "GridSearchCV.predict")?;
            Ok(NDArray::new(search.predict(&x).await.map_err(js_error)?).into())
        }))
    }

    /// The refit scorer's score of the best estimator.
    #[wasm_bindgen(unchecked_return_type = "Promise<number>")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] y: JsValue,
    ) -> JsResult<Promise> {
        let search = self.search("score")?;
        Ok(future_to_promise(async move {
            let (x, y) = (to_array(&x, "GridSearchCV.score")?, optional(&y, "GridSearchCV.score")?);
            Ok(search.score(&x, y.as_ref()).await.map_err(js_error)?.into())
        }))
    }
}

/// scikit-learn's cross_validate: resolves to an object of arrays (`fit_time`, `score_time`,
/// `test_<score>`, and `train_<score>` with returnTrainScore).
#[wasm_bindgen(js_name = crossValidate, unchecked_return_type = "Promise<Record<string, number[]>>")]
pub fn cross_validate(
    #[wasm_bindgen(unchecked_param_type = "Estimator")] estimator: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] y: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: JsValue,
) -> Promise {
    future_to_promise(async move {
        const WHAT: &str = "crossValidate";
        let estimator = model_of(&estimator, WHAT).map_err(js_error)?;
        let s = Settings::parse(&options, WHAT).map_err(js_error)?;
        let (x, y) = (to_array(&x, "cross_validate")?, optional(&y, "cross_validate")?);
        let out = ms::cross_validate(estimator.as_ref(), &x, y.as_ref())
            .cv(s.cv)
            .scoring(s.scoring)
            .return_train_score(s.return_train_score)
            .error_score(s.error_score)
            .await
            .map_err(js_error)?;
        let o = Object::new();
        for (k, v) in out.results {
            Reflect::set(&o, &k.into(), &v.into_iter().map(JsValue::from).collect::<JsArray>())?;
        }
        Ok(o.into())
    })
}

/// scikit-learn's train_test_split: resolves to `[a_train, a_test, b_train, b_test, ...]`.
#[wasm_bindgen(js_name = trainTestSplit, unchecked_return_type = "Promise<NDArray[]>")]
pub fn train_test_split(
    #[wasm_bindgen(unchecked_param_type = "ArrayInput[]")] arrays: JsArray,
    #[wasm_bindgen(unchecked_optional_param_type = "TrainTestSplitOptions")] options: JsValue,
) -> Promise {
    future_to_promise(async move {
        const WHAT: &str = "trainTestSplit";
        let arrays = arrays.iter().map(|a| to_array(&a, "train_test_split")).collect::<JsResult<Vec<_>>>()?;
        let known = ["testSize", "trainSize", "shuffle", "stratify", "randomState"];
        let given = read_options(&options, &known, WHAT).map_err(js_error)?;
        let stratify = match given.iter().find(|(n, _)| n == "stratify") {
            Some((_, v)) => Some(to_array(v, "train_test_split")?),
            None => None,
        };
        let refs: Vec<&crate::array::Array> = arrays.iter().collect();
        let mut split = ms::train_test_split(&refs);
        let size = |name: &str, v: &JsValue| match v.as_f64() {
            Some(f) if f.fract() == 0.0 && f >= 1.0 => Ok(Size::Count(f as i64)),
            Some(f) => Ok(Size::Fraction(f)),
            None => Err(js_error(wrong(name, v, "a fraction or a count", WHAT))),
        };
        for (name, v) in &given {
            split = match name.as_str() {
                "testSize" => split.test_size(size(name, v)?),
                "trainSize" => split.train_size(size(name, v)?),
                "shuffle" => split.shuffle(v.as_bool().ok_or_else(|| js_error(wrong(name, v, "a boolean", WHAT)))?),
                "randomState" => match v.as_f64() {
                    Some(f) if f.fract() == 0.0 && f >= 0.0 => split.random_state(f as u64),
                    _ => return Err(js_error(wrong(name, v, "a non-negative integer", WHAT))),
                },
                _ => split,
            };
        }
        let out = match &stratify {
            Some(labels) => split.stratify(labels).await,
            None => split.await,
        }
        .map_err(js_error)?;
        Ok(out.into_iter().map(|a| JsValue::from(NDArray::new(a))).collect::<JsArray>().into())
    })
}
