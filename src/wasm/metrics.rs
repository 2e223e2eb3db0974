//! The JS `metrics` namespace: scikit-learn's metrics as static methods of one class, named and
//! optioned as in scikit-learn, `await metrics.f1_score(y, pred, { average: "macro" })`.
//!
//! Nothing here is written per metric. Each family's `metric_table!` emits one method per
//! metric it declares; the options a builder takes are listed once beside its methods with
//! [`js_options!`], which sets each by calling the builder method of the same name; and what an
//! awaited builder gives turns into a JS value through [`JsRun`].

use super::array::{to_array, NDArray};
use super::error::{js_error, JsResult};
use crate::array::Array;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use js_sys::{Array as JsArray, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_METRICS: &str = r#"
/** A metric's options, by scikit-learn's names: numbers, booleans, strings (enumerated
 * options), lists of numbers (labels, output weights), or arrays (sample_weight). */
export type MetricOptions = Record<string, number | boolean | string | number[] | ArrayInput | null>;
"#;

/// scikit-learn's metrics (`sklearn.metrics`): each a static method taking the arrays and an
/// optional options object, and answering with a Promise.
#[wasm_bindgen(js_name = metrics)]
pub struct Metrics;

/// A metric builder driven from JS: its options, set by name.
pub trait JsOptions<'a>: Sized {
    /// Each option's name, and whether it takes an array.
    const OPTIONS: &'static [(&'static str, bool)];
    /// Sets one option (its name is one of [`Self::OPTIONS`]).
    fn set(self, value: &OptionValue<'a>) -> Result<Self>;
}

/// What an awaited metric builder gives, as a JS value.
pub trait JsRun<'a> {
    fn run(self) -> BoxFuture<'a, Result<JsValue>>;
}

/// The scalar metrics: a number.
macro_rules! js_run_scalar {
    ($($builder:ident),*) => {
        $(
            impl<'a, O: 'a> $crate::wasm::metrics::JsRun<'a> for $builder<'a, O> {
                fn run(self) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<wasm_bindgen::JsValue>> {
                    Box::pin(async move { Ok(std::future::IntoFuture::into_future(self).await?.into()) })
                }
            }
        )*
    };
}
pub(crate) use js_run_scalar;

/// An array answer as an [`NDArray`].
pub(crate) fn array_value(a: Array) -> JsValue {
    NDArray::new(a).into()
}

/// One option given from JS: its name, its value, and the value as an array where the
/// option takes one.
pub struct OptionValue<'a> {
    pub name: &'static str,
    js: JsValue,
    array: Option<&'a Array>,
}

impl<'a> OptionValue<'a> {
    /// The value as `T` (the builder method's argument).
    pub fn get<T: OptionKind<'a>>(&self) -> Result<T::Out> {
        T::take(self)
    }
}

/// A type a metric option has, and how it is read from JS.
pub trait OptionKind<'a> {
    /// What the builder method takes.
    type Out;
    /// Whether the option is an array (converted before the builder is made).
    const ARRAY: bool = false;
    fn take(v: &OptionValue<'a>) -> Result<Self::Out>;
}

fn wrong(v: &OptionValue<'_>, expected: &str) -> Error {
    Error::InvalidParameter { name: v.name, value: format!("{:?}", v.js), reason: format!("expected {expected}") }
}

impl<'a> OptionKind<'a> for Array {
    type Out = &'a Array;
    const ARRAY: bool = true;
    fn take(v: &OptionValue<'a>) -> Result<&'a Array> {
        v.array.ok_or_else(|| wrong(v, "an array"))
    }
}

impl OptionKind<'_> for f64 {
    type Out = f64;
    fn take(v: &OptionValue<'_>) -> Result<f64> {
        v.js.as_f64().ok_or_else(|| wrong(v, "a number"))
    }
}

impl OptionKind<'_> for bool {
    type Out = bool;
    fn take(v: &OptionValue<'_>) -> Result<bool> {
        v.js.as_bool().ok_or_else(|| wrong(v, "a boolean"))
    }
}

impl OptionKind<'_> for usize {
    type Out = usize;
    fn take(v: &OptionValue<'_>) -> Result<usize> {
        v.js.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u32::MAX as f64)
            .map(|f| f as usize)
            .ok_or_else(|| wrong(v, "a non-negative integer"))
    }
}

impl OptionKind<'_> for Vec<f64> {
    type Out = Vec<f64>;
    fn take(v: &OptionValue<'_>) -> Result<Vec<f64>> {
        numbers(&v.js).ok_or_else(|| wrong(v, "a list of numbers"))
    }
}

/// A list of numbers: a JS array of numbers or booleans, or a TypedArray.
fn numbers(js: &JsValue) -> Option<Vec<f64>> {
    if let Some(list) = js.dyn_ref::<JsArray>() {
        return list.iter().map(|x| x.as_f64().or_else(|| x.as_bool().map(f64::from))).collect();
    }
    if js.is_instance_of::<js_sys::Float32Array>()
        || js.is_instance_of::<js_sys::Float64Array>()
        || js.is_instance_of::<js_sys::Int32Array>()
        || js.is_instance_of::<js_sys::Uint32Array>()
        || js.is_instance_of::<js_sys::Uint8Array>()
    {
        return Some(js_sys::Float64Array::new(js).to_vec());
    }
    None
}

/// The enumerated options: scikit-learn's strings, parsed as the Rust API parses them.
macro_rules! option_from_str {
    ($($ty:ty),*) => {
        $(
            impl OptionKind<'_> for $ty {
                type Out = $ty;
                fn take(v: &OptionValue<'_>) -> Result<$ty> {
                    v.js.as_string().ok_or_else(|| wrong(v, "a string"))?.parse()
                }
            }
        )*
    };
}
option_from_str!(crate::metrics::KappaWeights, crate::metrics::AverageMethod);

/// `multioutput`: "raw_values", "uniform_average", "variance_weighted", or one weight per
/// output.
impl OptionKind<'_> for crate::metrics::Multioutput {
    type Out = crate::metrics::Multioutput;
    fn take(v: &OptionValue<'_>) -> Result<Self::Out> {
        use crate::metrics::Multioutput;
        if let Some(weights) = numbers(&v.js) {
            return Ok(Multioutput::Weights(weights));
        }
        match v.js.as_string().as_deref() {
            Some("raw_values") => Ok(Multioutput::RawValues),
            Some("uniform_average") => Ok(Multioutput::UniformAverage),
            Some("variance_weighted") => Ok(Multioutput::VarianceWeighted),
            _ => Err(wrong(v, "'raw_values', 'uniform_average', 'variance_weighted' or one weight per output")),
        }
    }
}

/// The options object of a call to `op`, checked against `options` (an unknown name is an
/// error that lists the valid ones), with the array options converted. Null and undefined
/// values leave an option at its default.
pub fn read_options(
    options: &JsValue,
    valid: &'static [(&'static str, bool)],
    op: &'static str,
) -> JsResult<Vec<(&'static str, JsValue, Option<Array>)>> {
    if options.is_undefined() || options.is_null() {
        return Ok(Vec::new());
    }
    let names = || valid.iter().map(|(n, _)| format!("'{n}'")).collect::<Vec<_>>().join(", ");
    let object = options.dyn_ref::<Object>().filter(|_| !JsArray::is_array(options)).ok_or_else(|| {
        js_error(Error::InvalidParameter {
            name: "options",
            value: format!("{options:?}"),
            reason: format!("{op} takes an object of options: {}", names()),
        })
    })?;
    let mut out = Vec::new();
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        let Some(&(name, is_array)) = valid.iter().find(|(n, _)| *n == key) else {
            let reason = if valid.is_empty() {
                format!("{op} takes no options")
            } else {
                format!("{op} takes the options {}", names())
            };
            return Err(js_error(Error::InvalidParameter { name: "options", value: format!("'{key}'"), reason }));
        };
        let value = Reflect::get(object, &key.as_str().into())?;
        if value.is_undefined() || value.is_null() {
            continue;
        }
        let array = if is_array { Some(to_array(&value, op)?) } else { None };
        out.push((name, value, array));
    }
    Ok(out)
}

/// Applies the options read by [`read_options`] to `builder`.
pub fn apply<'a, B: JsOptions<'a>>(
    mut builder: B,
    options: &'a [(&'static str, JsValue, Option<Array>)],
) -> JsResult<B> {
    for (name, js, array) in options {
        let value = OptionValue { name, js: js.clone(), array: array.as_ref() };
        builder = builder.set(&value).map_err(js_error)?;
    }
    Ok(builder)
}

/// Lists the options of a metric builder once, beside its methods: for each concrete
/// builder, the options common to the family and its own, each `name: Type` (set by the
/// builder method `name`) or `name: Type => method`.
macro_rules! js_options {
    ($builder:ident $common:tt $(<$marker:ty> $own:tt)*) => {
        $($crate::wasm::metrics::js_options!(@impl $builder, $marker, $common, $own);)*
    };
    (@impl $builder:ident, $marker:ty,
        { $($c:ident : $cty:ty $(=> $cm:ident)?),* $(,)? },
        { $($o:ident : $oty:ty $(=> $om:ident)?),* $(,)? }) => {
        impl<'a> $crate::wasm::metrics::JsOptions<'a> for $builder<'a, $marker> {
            const OPTIONS: &'static [(&'static str, bool)] = &[
                $((stringify!($c), <$cty as $crate::wasm::metrics::OptionKind<'static>>::ARRAY),)*
                $((stringify!($o), <$oty as $crate::wasm::metrics::OptionKind<'static>>::ARRAY),)*
            ];
            fn set(self, value: &$crate::wasm::metrics::OptionValue<'a>) -> $crate::error::Result<Self> {
                $(
                    if value.name == stringify!($c) {
                        let v = value.get::<$cty>()?;
                        return Ok($crate::wasm::metrics::js_options!(@call self, v, $c $(, $cm)?));
                    }
                )*
                $(
                    if value.name == stringify!($o) {
                        let v = value.get::<$oty>()?;
                        return Ok($crate::wasm::metrics::js_options!(@call self, v, $o $(, $om)?));
                    }
                )*
                unreachable!("read_options admits only the names of OPTIONS, not {}", value.name)
            }
        }
    };
    (@call $self:ident, $v:ident, $name:ident) => { $self.$name($v) };
    (@call $self:ident, $v:ident, $name:ident, $method:ident) => { $self.$method($v) };
}
pub(crate) use js_options;

/// The JS methods of a family's metrics, from its `metric_table!`: each converts its two
/// arrays, applies the options and answers through [`JsRun`]. `$ts` is the TypeScript type
/// of the answer.
macro_rules! metric_functions {
    ($builder:ident($second:ident), $ts:literal, $($name:ident => $options:ty;)*) => {
        const _: () = {
            use wasm_bindgen::prelude::*;
            use $crate::wasm::metrics::Metrics;

            #[wasm_bindgen(js_class = metrics)]
            impl Metrics {
                $(
                    // No doc comments: wasm-bindgen would write a macro-passed doc's raw
                    // string token (r" ...) into the TypeScript definitions.
                    #[wasm_bindgen(js_name = $name, unchecked_return_type = $ts)]
                    pub async fn $name(
                        #[wasm_bindgen(unchecked_param_type = "ArrayInput")] y_true: JsValue,
                        #[wasm_bindgen(unchecked_param_type = "ArrayInput")] $second: JsValue,
                        #[wasm_bindgen(unchecked_optional_param_type = "MetricOptions")] options: JsValue,
                    ) -> $crate::wasm::JsResult<JsValue> {
                        use $crate::wasm::metrics::{apply, read_options, JsOptions, JsRun};
                        const OP: &str = stringify!($name);
                        let y_true = $crate::wasm::to_array(&y_true, concat!(stringify!($name), ": y_true"))?;
                        let $second = $crate::wasm::to_array(&$second, concat!(stringify!($name), ": ", stringify!($second)))?;
                        let options = read_options(&options, <$builder<'static, $options> as JsOptions<'static>>::OPTIONS, OP)?;
                        let builder = apply($name(&y_true, &$second), &options)?;
                        builder.run().await.map_err($crate::wasm::js_error)
                    }
                )*
            }
        };
    };
}
pub(crate) use metric_functions;
