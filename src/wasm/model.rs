//! The JS class of every estimator: [`estimator_class!`], which each `estimator!` declaration
//! invokes, and [`Model`], the estimator behind it.

use super::array::{to_array, NDArray};
use super::error::{js_error, JsResult};
use crate::array::Array;
use crate::device::Device;
use crate::error::Error;
use crate::estimator::{Attr, BoxFuture, DynEstimator, ParamValue};
use js_sys::{Array as JsArray, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen(typescript_custom_section)]
const TS_MODEL: &str = r#"
/** A hyperparameter's value, as scikit-learn's get_params gives it. */
export type ParamValue = number | boolean | string | number[] | null | Estimator;
/** Any wglearn estimator object (a class of this package, or a pipeline). */
export interface Estimator { toString(): string; }
/** A fitted attribute: an NDArray, or a number, flag or name. */
export type AttrValue = NDArray | number | boolean | string | null;
"#;

/// An estimator held for JS. Each call works on a copy and stores it back only when it
/// succeeds, so a failed fit or `setParams` leaves the model as it was, and no borrow is held
/// across an await (calls may overlap in JS).
#[derive(Clone)]
pub struct Model {
    inner: Shared,
}

/// A method that answers with an array (predict, transform, ...).
pub type Respond = for<'a> fn(&'a dyn DynEstimator, &'a Array) -> BoxFuture<'a, crate::Result<Array>>;

type Shared = Rc<RefCell<Box<dyn DynEstimator>>>;
type WeakShared = std::rc::Weak<RefCell<Box<dyn DynEstimator>>>;

/// The live models: the last id given, and each id with its model.
#[derive(Default)]
struct Live {
    last: u32,
    models: Vec<(u32, WeakShared)>,
}

thread_local! {
    /// Every live model by its id, so that a function given a JS estimator object (a search,
    /// a pipeline step) can find the estimator behind it. Weak: freeing the JS object frees
    /// the model.
    static LIVE: RefCell<Live> = RefCell::default();
}

/// The property through which JS estimator objects give their model's id.
pub const MODEL_ID: &str = "__wglearnModel";

/// The estimator behind a JS estimator object (a copy, as scikit-learn's `clone` would take
/// its parameters); anything else is an error naming `what` needed it.
pub(crate) fn model_of(value: &JsValue, what: &str) -> crate::Result<Box<dyn DynEstimator>> {
    let id = Reflect::get(value, &MODEL_ID.into()).ok().and_then(|v| v.as_f64());
    let found = id.and_then(|id| {
        LIVE.with(|l| l.borrow().models.iter().find(|(i, _)| f64::from(*i) == id).and_then(|(_, w)| w.upgrade()))
    });
    found.map(|m| m.borrow().clone()).ok_or_else(|| Error::InvalidParameter {
        name: "estimator",
        value: format!("{value:?}"),
        reason: format!("{what} takes a wglearn estimator (such as new Ridge() or makePipeline(...))"),
    })
}

impl Model {
    /// `estimator` with `options` (scikit-learn's parameter names) set.
    pub fn new(estimator: Box<dyn DynEstimator>, options: &JsValue) -> JsResult<Model> {
        let model = Model::wrap(estimator);
        model.set_params(options)?;
        Ok(model)
    }

    /// `estimator`, registered so that [`model_of`] finds it.
    pub fn wrap(estimator: Box<dyn DynEstimator>) -> Model {
        let inner: Shared = Rc::new(RefCell::new(estimator));
        LIVE.with(|l| {
            let mut l = l.borrow_mut();
            l.last += 1;
            let id = l.last;
            l.models.retain(|(_, w)| w.strong_count() > 0);
            l.models.push((id, Rc::downgrade(&inner)));
        });
        Model { inner }
    }

    /// The id [`model_of`] finds this model by.
    pub fn id(&self) -> u32 {
        LIVE.with(|l| {
            l.borrow().models.iter().find(|(_, w)| w.as_ptr() == Rc::as_ptr(&self.inner)).map_or(0, |(i, _)| *i)
        })
    }

    fn get(&self) -> Box<dyn DynEstimator> {
        self.inner.borrow().clone()
    }

    /// Sets every option of `options`; an unknown name or a value of the wrong kind is an
    /// error that leaves every parameter as it was.
    pub fn set_params(&self, options: &JsValue) -> JsResult<()> {
        if options.is_undefined() || options.is_null() {
            return Ok(());
        }
        let mut model = self.get();
        let object = options.dyn_ref::<Object>().filter(|_| !JsArray::is_array(options)).ok_or_else(|| {
            js_error(Error::InvalidParameter {
                name: "options",
                value: format!("{options:?}"),
                reason: format!("{} takes an object of scikit-learn parameter names", model.name()),
            })
        })?;
        for entry in Object::entries(object).iter() {
            let pair: JsArray = entry.unchecked_into();
            let name = pair.get(0).as_string().unwrap_or_default();
            let value = param_value(&name, &pair.get(1)).map_err(js_error)?;
            model.set_param(&name, value).map_err(js_error)?;
        }
        *self.inner.borrow_mut() = model;
        Ok(())
    }

    /// The hyperparameters as a plain object.
    pub fn get_params(&self) -> JsResult<JsValue> {
        let o = Object::new();
        for (name, value) in self.get().get_params() {
            Reflect::set(&o, &name.into(), &param_js(&value))?;
        }
        Ok(o.into())
    }

    /// `fit(X, y, sample_weight)`; `what` names the method for errors.
    pub fn fit(&self, x: JsValue, y: JsValue, sample_weight: JsValue, what: &'static str) -> Promise {
        let inner = self.inner.clone();
        let mut model = self.get();
        future_to_promise(async move {
            let (x, y, w) = (to_array(&x, what)?, optional(&y, what)?, optional(&sample_weight, what)?);
            model.fit(&x, y.as_ref(), w.as_ref()).await.map_err(js_error)?;
            *inner.borrow_mut() = model;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `fit(X, y)` then `transform(X)`.
    pub fn fit_transform(&self, x: JsValue, y: JsValue, what: &'static str) -> Promise {
        let inner = self.inner.clone();
        let mut model = self.get();
        future_to_promise(async move {
            let (x, y) = (to_array(&x, what)?, optional(&y, what)?);
            model.fit(&x, y.as_ref(), None).await.map_err(js_error)?;
            let out = model.transform(&x).await.map_err(js_error)?;
            *inner.borrow_mut() = model;
            Ok(NDArray::new(out).into())
        })
    }

    /// A method that answers X with an array.
    pub fn respond(&self, x: JsValue, what: &'static str, method: Respond) -> Promise {
        let model = self.get();
        future_to_promise(async move {
            let x = to_array(&x, what)?;
            Ok(NDArray::new(method(model.as_ref(), &x).await.map_err(js_error)?).into())
        })
    }

    /// `score(X, y, sample_weight)`.
    pub fn score(&self, x: JsValue, y: JsValue, sample_weight: JsValue, what: &'static str) -> Promise {
        let model = self.get();
        future_to_promise(async move {
            let (x, y, w) = (to_array(&x, what)?, optional(&y, what)?, optional(&sample_weight, what)?);
            Ok(model.score(&x, y.as_ref(), w.as_ref()).await.map_err(js_error)?.into())
        })
    }

    /// A fitted attribute by scikit-learn's name.
    pub fn attr(&self, name: &str) -> JsResult<JsValue> {
        Ok(match self.inner.borrow().fitted_attr(name).map_err(js_error)? {
            Attr::None => JsValue::NULL,
            Attr::Array(a) => NDArray::new(a).into(),
            Attr::Int(i) => (i as f64).into(),
            Attr::Float(f) => f.into(),
            Attr::Bool(b) => b.into(),
            Attr::Str(s) => s.into(),
        })
    }

    pub fn is_fitted(&self) -> bool {
        self.inner.borrow().is_fitted()
    }

    pub fn repr(&self) -> String {
        self.inner.borrow().repr()
    }

    /// The model as JSON, the same format Rust's `to_json` writes (a GPU model is read back).
    pub fn save(&self) -> Promise {
        let model = self.get();
        future_to_promise(async move {
            let on_cpu = match model.device() {
                Some(d) if d.is_gpu() => model.to_device(&Device::cpu()).await.map_err(js_error)?,
                _ => model,
            };
            Ok(on_cpu.to_json().map_err(js_error)?.into())
        })
    }

    /// A model saved by `save` or by Rust's `to_json`, which must be a `name`, moved to the
    /// device `init` chose.
    pub async fn load(name: &'static str, json: String) -> JsResult<Model> {
        let model = crate::estimator::from_json(&json).map_err(js_error)?;
        if model.name() != name {
            return Err(js_error(Error::BadModel {
                detail: format!("the JSON holds a {}, not a {name}", model.name()),
            }));
        }
        let model = model.to_device(&super::current_device()).await.map_err(js_error)?;
        Ok(Model::wrap(model))
    }
}

/// A hyperparameter value as JS sees it (an estimator by its repr).
pub(crate) fn param_js(value: &ParamValue) -> JsValue {
    match value {
        ParamValue::None => JsValue::NULL,
        ParamValue::Bool(b) => (*b).into(),
        ParamValue::Int(i) => (*i as f64).into(),
        ParamValue::Float(f) => (*f).into(),
        ParamValue::Str(s) => s.into(),
        ParamValue::Floats(v) => v.iter().map(|&x| JsValue::from(x)).collect::<JsArray>().into(),
        ParamValue::Estimator(e) => format!("{e:?}").into(),
    }
}

/// An optional array argument: undefined and null are none.
fn optional(value: &JsValue, what: &'static str) -> JsResult<Option<Array>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    to_array(value, what).map(Some)
}

/// A JS option value as a hyperparameter value. JS has one number type: integral numbers are
/// integers, which float parameters accept too.
pub(crate) fn param_value(name: &str, v: &JsValue) -> crate::Result<ParamValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(ParamValue::None);
    }
    if let Some(b) = v.as_bool() {
        return Ok(ParamValue::Bool(b));
    }
    if let Some(f) = v.as_f64() {
        let integral = f.fract() == 0.0 && f.abs() < 2f64.powi(53);
        return Ok(if integral { ParamValue::Int(f as i64) } else { ParamValue::Float(f) });
    }
    if let Some(s) = v.as_string() {
        return Ok(ParamValue::Str(s));
    }
    if Reflect::has(v, &MODEL_ID.into()).unwrap_or(false) {
        return model_of(v, "a step").map(|e| ParamValue::Estimator(crate::estimator::EstimatorParam(e)));
    }
    if let Some(list) = v.dyn_ref::<JsArray>() {
        if let Some(values) = list.iter().map(|x| x.as_f64()).collect::<Option<Vec<f64>>>() {
            return Ok(ParamValue::Floats(values));
        }
    }
    Err(Error::InvalidParameter {
        name: "options",
        value: format!("{name} = {v:?}"),
        reason: "an option is a number, a boolean, a string, a list of numbers, or null".into(),
    })
}

/// The JS class of an estimator, named as in scikit-learn, made from its declaration: a
/// constructor taking an options object, `getParams`, `setParams`, `save`, the static `load`,
/// one getter per fitted attribute, and the methods of the traits it implements.
macro_rules! estimator_class {
    ($ty:ty, $name:literal, [$($cap:ident),*], [$($f:ident),*]) => {
        const _: () = {
            use $crate::wasm::{JsResult, Model};
            use wasm_bindgen::prelude::*;

            #[wasm_bindgen(js_name = $name)]
            pub struct Class(Model);

            // Fitted attributes keep scikit-learn's names (KernelCenterer's K_fit_rows_).
            #[allow(non_snake_case)]
            #[wasm_bindgen(js_class = $name)]
            impl Class {
                /// The estimator with scikit-learn's parameters given by name.
                #[wasm_bindgen(constructor)]
                pub fn new(
                    #[wasm_bindgen(unchecked_optional_param_type = "Record<string, ParamValue>")] options: JsValue,
                ) -> JsResult<Class> {
                    let fresh = <$ty as $crate::estimator::Estimator>::into_dyn(<$ty>::default());
                    Model::new(fresh, &options).map(Class)
                }

                $(
                    #[wasm_bindgen(getter, unchecked_return_type = "AttrValue")]
                    pub fn $f(&self) -> JsResult<JsValue> {
                        self.0.attr(stringify!($f))
                    }
                )*
            }

            $crate::wasm::model_methods!(Class, $name);
            $( $crate::wasm::estimator_methods!($cap, Class, $name); )*
        };
    };
}
pub(crate) use estimator_class;

/// The JS methods every model class has, estimator or composite: `getParams`, `setParams`,
/// `isFitted`, `toString`, `save`, the static `load`, and the hidden id that searches and
/// pipelines find the model by. `$class` wraps a [`Model`].
macro_rules! model_methods {
    ($class:ident, $name:literal) => {
        #[wasm_bindgen(js_class = $name)]
        impl $class {
            #[wasm_bindgen(js_name = getParams, unchecked_return_type = "Record<string, ParamValue>")]
            pub fn get_params(&self) -> JsResult<JsValue> {
                self.0.get_params()
            }

            #[wasm_bindgen(js_name = setParams)]
            pub fn set_params(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Record<string, ParamValue>")] options: JsValue,
            ) -> JsResult<()> {
                self.0.set_params(&options)
            }

            #[wasm_bindgen(getter, js_name = isFitted)]
            pub fn is_fitted(&self) -> bool {
                self.0.is_fitted()
            }

            /// How searches and pipelines find this estimator.
            #[wasm_bindgen(getter, js_name = __wglearnModel, skip_typescript)]
            pub fn model_id(&self) -> u32 {
                self.0.id()
            }

            #[wasm_bindgen(js_name = toString)]
            pub fn repr(&self) -> String {
                self.0.repr()
            }

            /// The model as JSON, which `load` (and Rust's `from_json`) reads back.
            #[wasm_bindgen(unchecked_return_type = "Promise<string>")]
            pub fn save(&self) -> js_sys::Promise {
                self.0.save()
            }

            /// A model saved by `save` or by Rust, on the device `init` chose.
            #[wasm_bindgen(unchecked_return_type = "Promise<any>")]
            pub fn load(json: String) -> js_sys::Promise {
                wasm_bindgen_futures::future_to_promise(
                    async move { Ok($class(Model::load($name, json).await?).into()) },
                )
            }
        }
    };
}
pub(crate) use model_methods;

/// The JS methods one trait gives an estimator's class.
macro_rules! estimator_methods {
    // Pipeline fusion (estimator::mapped) happens inside `Pipeline`: nothing of its own in JS.
    (ColumnMapped, $class:ident, $name:literal) => {};
    (FitMapped, $class:ident, $name:literal) => {};
    (Fit, $class:ident, $name:literal) => {
        #[wasm_bindgen(js_class = $name)]
        impl $class {
            /// Fits on X (y is ignored, as in scikit-learn).
            #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
            pub fn fit(
                &self,
                #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] y: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] sample_weight: JsValue,
            ) -> js_sys::Promise {
                let _ = y;
                self.0.fit(x, JsValue::UNDEFINED, sample_weight, concat!($name, ".fit"))
            }
        }
    };
    (FitSupervised, $class:ident, $name:literal) => {
        #[wasm_bindgen(js_class = $name)]
        impl $class {
            /// Fits on X and y.
            #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
            pub fn fit(
                &self,
                #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
                #[wasm_bindgen(unchecked_param_type = "ArrayInput")] y: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] sample_weight: JsValue,
            ) -> js_sys::Promise {
                self.0.fit(x, y, sample_weight, concat!($name, ".fit"))
            }
        }
    };
    (Transform, $class:ident, $name:literal) => {
        $crate::wasm::array_method!($class, $name, transform, transform);
        #[wasm_bindgen(js_class = $name)]
        impl $class {
            /// `fit(X, y)` then `transform(X)`.
            #[wasm_bindgen(js_name = fitTransform, unchecked_return_type = "Promise<NDArray>")]
            pub fn fit_transform(
                &self,
                #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] y: JsValue,
            ) -> js_sys::Promise {
                self.0.fit_transform(x, y, concat!($name, ".fit_transform"))
            }
        }
    };
    (InverseTransform, $class:ident, $name:literal) => {
        $crate::wasm::array_method!($class, $name, inverse_transform, inverseTransform);
    };
    (Predict, $class:ident, $name:literal) => {
        $crate::wasm::array_method!($class, $name, predict, predict);
        #[wasm_bindgen(js_class = $name)]
        impl $class {
            /// The accuracy (classifiers) or R² (regressors) of the predictions for X against y.
            #[wasm_bindgen(unchecked_return_type = "Promise<number>")]
            pub fn score(
                &self,
                #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
                #[wasm_bindgen(unchecked_param_type = "ArrayInput")] y: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] sample_weight: JsValue,
            ) -> js_sys::Promise {
                self.0.score(x, y, sample_weight, concat!($name, ".score"))
            }
        }
    };
    (PredictProba, $class:ident, $name:literal) => {
        $crate::wasm::array_method!($class, $name, predict_proba, predictProba);
        $crate::wasm::array_method!($class, $name, predict_log_proba, predictLogProba);
    };
    (DecisionFunction, $class:ident, $name:literal) => {
        $crate::wasm::array_method!($class, $name, decision_function, decisionFunction);
    };
    (ScoreSamples, $class:ident, $name:literal) => {
        $crate::wasm::array_method!($class, $name, score_samples, scoreSamples);
        #[wasm_bindgen(js_class = $name)]
        impl $class {
            /// The mean log-likelihood of the samples.
            #[wasm_bindgen(unchecked_return_type = "Promise<number>")]
            pub fn score(&self, #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue) -> js_sys::Promise {
                self.0.score(x, JsValue::UNDEFINED, JsValue::UNDEFINED, concat!($name, ".score"))
            }
        }
    };
}
pub(crate) use estimator_methods;

/// A method answering X with an array: `$method` of [`DynEstimator`], named `$js` in JS and
/// `$method` (scikit-learn's name) in its errors.
macro_rules! array_method {
    ($class:ident, $name:literal, $method:ident, $js:ident) => {
        #[wasm_bindgen(js_class = $name)]
        impl $class {
            #[wasm_bindgen(js_name = $js, unchecked_return_type = "Promise<NDArray>")]
            pub fn $method(&self, #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue) -> js_sys::Promise {
                self.0.respond(x, concat!($name, ".", stringify!($method)), |m, x| m.$method(x))
            }
        }
    };
}
pub(crate) use array_method;
