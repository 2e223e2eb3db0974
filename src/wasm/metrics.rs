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

/// What an awaited metric builder gives, as a JS value. `given` holds the call's options,
/// for those that choose what is computed rather than how (scikit-learn's `average=None`,
/// `multioutput="raw_values"`, `output_dict`), which Rust spells as methods.
pub trait JsRun<'a> {
    fn run(self, given: &'a Given) -> BoxFuture<'a, Result<JsValue>>;
}

/// JsRun for builders whose awaited answer is all there is: it turns into JS as [`IntoJs`]
/// says. `$ty` names the builder with lifetime `'a`.
macro_rules! js_run {
    ($($ty:ty),* $(,)?) => {
        $(
            impl<'a> $crate::wasm::metrics::JsRun<'a> for $ty {
                fn run(
                    self,
                    _: &'a $crate::wasm::metrics::Given,
                ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<wasm_bindgen::JsValue>> {
                    Box::pin(async move { $crate::wasm::metrics::IntoJs::into_js(std::future::IntoFuture::into_future(self).await?) })
                }
            }
        )*
    };
}
pub(crate) use js_run;

/// JsRun for builders whose `per_label()` gives scikit-learn's `average=None`: in JS,
/// `average: null` answers with each label's score, any other average with the score.
macro_rules! js_run_per_label {
    ($($ty:ty),* $(,)?) => {
        $(
            impl<'a> $crate::wasm::metrics::JsRun<'a> for $ty {
                fn run(
                    self,
                    given: &'a $crate::wasm::metrics::Given,
                ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<wasm_bindgen::JsValue>> {
                    use $crate::wasm::metrics::IntoJs;
                    Box::pin(async move {
                        if given.is_null("average") {
                            self.per_label().await?.into_js()
                        } else {
                            self.await?.into_js()
                        }
                    })
                }
            }
        )*
    };
}
pub(crate) use js_run_per_label;

/// A metric's answer as a JS value: numbers, [`NDArray`]s, and objects of them named as
/// scikit-learn names the parts of its tuples.
pub trait IntoJs {
    fn into_js(self) -> Result<JsValue>;
}

impl IntoJs for f64 {
    fn into_js(self) -> Result<JsValue> {
        Ok(self.into())
    }
}

impl IntoJs for Array {
    fn into_js(self) -> Result<JsValue> {
        Ok(NDArray::new(self).into())
    }
}

impl IntoJs for String {
    fn into_js(self) -> Result<JsValue> {
        Ok(self.into())
    }
}

/// scikit-learn's 2-tuples (pairwise_distances_argmin_min) as a JS array of two.
impl<A: IntoJs, B: IntoJs> IntoJs for (A, B) {
    fn into_js(self) -> Result<JsValue> {
        Ok(JsArray::of2(&self.0.into_js()?, &self.1.into_js()?).into())
    }
}

/// An object of named parts.
pub(crate) fn parts(parts: Vec<(&str, JsValue)>) -> Result<JsValue> {
    let object = Object::new();
    for (name, value) in parts {
        Reflect::set(&object, &name.into(), &value)
            .map_err(|e| Error::ShapeMismatch { op: "metrics", detail: format!("{e:?}") })?;
    }
    Ok(object.into())
}

/// IntoJs for a struct of named parts, each itself IntoJs.
macro_rules! into_js_parts {
    ($($ty:ty { $($field:ident),* $(,)? })*) => {
        $(
            impl $crate::wasm::metrics::IntoJs for $ty {
                fn into_js(self) -> $crate::error::Result<wasm_bindgen::JsValue> {
                    $crate::wasm::metrics::parts(vec![$((stringify!($field), $crate::wasm::metrics::IntoJs::into_js(self.$field)?)),*])
                }
            }
        )*
    };
}
pub(crate) use into_js_parts;

/// The options a call was given, each with its value converted to an array where the option
/// takes one (null and undefined values are kept: they leave an option at its default, and
/// some runs read them).
pub struct Given(Vec<(&'static str, JsValue, Option<Array>)>);

impl Given {
    /// The value given for `name`, if any (null included).
    pub fn value(&self, name: &str) -> Option<&JsValue> {
        self.0.iter().find(|(n, _, _)| *n == name).map(|(_, v, _)| v)
    }

    /// Whether `name` was given as null (scikit-learn's None), not merely left out.
    pub fn is_null(&self, name: &str) -> bool {
        self.value(name).is_some_and(JsValue::is_null)
    }

    /// Removes `name` from the options, giving its value if one was given (not null).
    fn take(&mut self, name: &str) -> Option<JsValue> {
        let at = self.0.iter().position(|(n, _, _)| *n == name)?;
        let (_, value, _) = self.0.remove(at);
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }
}

/// An argument that scikit-learn's function takes after the arrays and the Rust function takes
/// positionally, given from JS in the options object under its name:
/// `fbeta_score(y, pred, { beta: 0.5 })`, `pairwise_kernels(X, null, { metric: "rbf", gamma: 0.1 })`.
pub trait Positional: Sized {
    /// The options it reads besides its own name (a kernel's parameters).
    const ALSO: &'static [&'static str] = &[];
    /// Reads it from `given`, removing its options there.
    fn take(given: &mut Given, name: &'static str, op: &'static str) -> Result<Self>;
}

/// A required number (fbeta_score's beta).
impl Positional for f64 {
    fn take(given: &mut Given, name: &'static str, op: &'static str) -> Result<f64> {
        let value = given.take(name).ok_or_else(|| Error::InvalidParameter {
            name,
            value: "undefined".into(),
            reason: format!("{op} requires {name}, a number"),
        })?;
        value.as_f64().ok_or_else(|| Error::InvalidParameter {
            name,
            value: format!("{value:?}"),
            reason: format!("{op}: expected a number"),
        })
    }
}

/// A metric name (a string), parsed as the Rust API parses it; an error names `op`, the
/// function the page called.
fn metric_name<T: std::str::FromStr<Err = Error>>(
    given: &mut Given,
    name: &'static str,
    default: &str,
    op: &'static str,
) -> Result<T> {
    let Some(v) = given.take(name) else { return default.parse() };
    let text = v.as_string().ok_or_else(|| Error::InvalidParameter {
        name,
        value: format!("{v:?}"),
        reason: format!("{op}: expected a string"),
    })?;
    text.parse().map_err(|e| match e {
        Error::InvalidParameter { name, value, reason } => {
            Error::InvalidParameter { name, value, reason: format!("{op}: {reason}") }
        }
        other => other,
    })
}

/// `metric`, euclidean by default.
impl Positional for crate::metrics::pairwise::Distance {
    fn take(given: &mut Given, name: &'static str, op: &'static str) -> Result<Self> {
        metric_name(given, name, "euclidean", op)
    }
}

/// `metric`, linear by default, with the kernel's parameters scikit-learn passes on as
/// keywords: gamma, degree and coef0, each refused by a kernel that has no such parameter.
impl Positional for crate::metrics::pairwise::Kernel {
    const ALSO: &'static [&'static str] = &["gamma", "degree", "coef0"];
    fn take(given: &mut Given, name: &'static str, op: &'static str) -> Result<Self> {
        use crate::metrics::pairwise::Kernel;
        let mut kernel: Kernel = metric_name(given, name, "linear", op)?;
        for param in Self::ALSO {
            let Some(value) = given.take(param) else { continue };
            let v = value.as_f64().ok_or_else(|| Error::InvalidParameter {
                name: param,
                value: format!("{value:?}"),
                reason: format!("{op}: expected a number"),
            })?;
            let slot = match (&mut kernel, *param) {
                (Kernel::Polynomial { gamma, .. }, "gamma")
                | (Kernel::Rbf { gamma }, "gamma")
                | (Kernel::Laplacian { gamma }, "gamma")
                | (Kernel::Sigmoid { gamma, .. }, "gamma") => {
                    *gamma = Some(v);
                    true
                }
                (Kernel::Chi2 { gamma }, "gamma") | (Kernel::Polynomial { degree: gamma, .. }, "degree") => {
                    *gamma = v;
                    true
                }
                (Kernel::Polynomial { coef0, .. } | Kernel::Sigmoid { coef0, .. }, "coef0") => {
                    *coef0 = v;
                    true
                }
                _ => false,
            };
            if !slot {
                return Err(Error::InvalidParameter {
                    name: param,
                    value: v.to_string(),
                    reason: format!("{op}: the {kernel:?} kernel takes no {param}"),
                });
            }
        }
        Ok(kernel)
    }
}

/// The options a call accepts: the builder's, and those its positional arguments read.
pub fn accepted(
    builder: &[(&'static str, bool)],
    positional: &[(&'static str, &'static [&'static str])],
) -> Vec<(&'static str, bool)> {
    let mut all = builder.to_vec();
    for &(name, also) in positional {
        all.push((name, false));
        all.extend(also.iter().map(|a| (*a, false)));
    }
    all
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

impl OptionKind<'_> for u64 {
    type Out = u64;
    fn take(v: &OptionValue<'_>) -> Result<u64> {
        v.js.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 2f64.powi(53))
            .map(|f| f as u64)
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
option_from_str!(
    crate::metrics::SilhouetteMetric,
    crate::metrics::KappaWeights,
    crate::metrics::AverageMethod,
    crate::metrics::Average,
    crate::metrics::Normalize,
    crate::metrics::MultiClass,
    crate::metrics::pairwise::Distance
);

impl OptionKind<'_> for Vec<String> {
    type Out = Vec<String>;
    fn take(v: &OptionValue<'_>) -> Result<Vec<String>> {
        let list = v.js.dyn_ref::<JsArray>().ok_or_else(|| wrong(v, "a list of strings"))?;
        list.iter().map(|x| x.as_string().ok_or_else(|| wrong(v, "a list of strings"))).collect()
    }
}

/// `zero_division`: "warn", 0, 1 or NaN, as in scikit-learn.
impl OptionKind<'_> for crate::metrics::ZeroDivision {
    type Out = crate::metrics::ZeroDivision;
    fn take(v: &OptionValue<'_>) -> Result<Self::Out> {
        use crate::metrics::ZeroDivision;
        match (v.js.as_string().as_deref(), v.js.as_f64()) {
            (Some("warn"), _) => Ok(ZeroDivision::Warn),
            (_, Some(0.0)) => Ok(ZeroDivision::Zero),
            (_, Some(1.0)) => Ok(ZeroDivision::One),
            (_, Some(f)) if f.is_nan() => Ok(ZeroDivision::Nan),
            _ => Err(wrong(v, "'warn', 0, 1 or NaN")),
        }
    }
}

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
/// error that lists the valid ones), with the array options converted.
pub fn read_options(options: &JsValue, valid: &[(&'static str, bool)], op: &'static str) -> JsResult<Given> {
    if options.is_undefined() || options.is_null() {
        return Ok(Given(Vec::new()));
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
        let given = !value.is_undefined() && !value.is_null();
        let array = if is_array && given { Some(to_array(&value, op)?) } else { None };
        out.push((name, value, array));
    }
    Ok(Given(out))
}

/// Applies the options of `given` to `builder`; null and undefined ones leave their default.
pub fn apply<'a, B: JsOptions<'a>>(mut builder: B, given: &'a Given) -> JsResult<B> {
    for (name, js, array) in &given.0 {
        if js.is_undefined() || js.is_null() {
            continue;
        }
        let value = OptionValue { name, js: js.clone(), array: array.as_ref() };
        builder = builder.set(&value).map_err(js_error)?;
    }
    Ok(builder)
}

/// Lists the options of metric builders once, beside their methods: the options common to
/// the builders, then each builder type (written with lifetime `'a`) and its own. A row is
/// `name: Type` (set by the builder method `name`), `name: Type => method`, or
/// `name: Type => run` (checked, then read by the builder's [`JsRun`]).
macro_rules! js_options {
    ($common:tt $($ty:ty => $own:tt)*) => {
        $($crate::wasm::metrics::js_options!(@impl $ty, $common, $own);)*
    };
    (@impl $ty:ty,
        { $($c:ident : $cty:ty $(=> $cm:ident)?),* $(,)? },
        { $($o:ident : $oty:ty $(=> $om:ident)?),* $(,)? }) => {
        impl<'a> $crate::wasm::metrics::JsOptions<'a> for $ty {
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
    (@call $self:ident, $v:ident, $name:ident, run) => {{
        let _ = $v;
        $self
    }};
    (@call $self:ident, $v:ident, $name:ident) => { $self.$name($v) };
    (@call $self:ident, $v:ident, $name:ident, $method:ident) => { $self.$method($v) };
}
pub(crate) use js_options;

/// The JS methods of metrics. With a builder, each row is
/// `name => Builder<'static, ..> as "TypeScript answer"` after the two arrays' names: the method
/// converts the arrays, applies the options and answers through [`JsRun`]. A row
/// `name(arg: Type) => ..` reads the Rust function's third argument from the options object
/// under `arg`, as [`Positional`] says. `metric_table!`
/// invokes it for the metrics it declares; the others invoke it beside their functions. The
/// `plain` form serves async functions without options: `name(arrays..) as "answer"`.
macro_rules! metric_functions {
    // The body both builder forms share: the options checked, the positional argument read,
    // the builder made from `$args` and run.
    (@run $name:ident, $ty:ty, $options:ident, ($($args:expr),+) $(, $pos:ident: $pty:ty)?) => {{
        use $crate::wasm::metrics::{apply, read_options, JsOptions, JsRun};
        const OP: &str = stringify!($name);
        let accepted = $crate::wasm::metrics::accepted(
            <$ty as JsOptions<'static>>::OPTIONS,
            &[$((stringify!($pos), <$pty as $crate::wasm::metrics::Positional>::ALSO))?],
        );
        #[allow(unused_mut)]
        let mut given = read_options(&$options, &accepted, OP)?;
        $(let $pos = <$pty as $crate::wasm::metrics::Positional>::take(&mut given, stringify!($pos), OP)
            .map_err($crate::wasm::js_error)?;)?
        let builder = apply($name($($args),+ $(, $pos)?), &given)?;
        builder.run(&given).await.map_err($crate::wasm::js_error)
    }};
    (plain; $($name:ident($($arg:ident),+) as $ts:literal;)*) => {
        const _: () = {
            use wasm_bindgen::prelude::*;
            use $crate::wasm::metrics::Metrics;

            #[wasm_bindgen(js_class = metrics)]
            impl Metrics {
                $(
                    #[wasm_bindgen(js_name = $name, unchecked_return_type = $ts)]
                    pub async fn $name(
                        $(#[wasm_bindgen(unchecked_param_type = "ArrayInput")] $arg: JsValue,)+
                        #[wasm_bindgen(unchecked_optional_param_type = "MetricOptions")] options: JsValue,
                    ) -> $crate::wasm::JsResult<JsValue> {
                        const OP: &str = stringify!($name);
                        $crate::wasm::metrics::read_options(&options, &[], OP)?;
                        $(let $arg = $crate::wasm::to_array(&$arg, concat!(stringify!($name), ": ", stringify!($arg)))?;)+
                        let answer = $name($(&$arg),+).await.map_err($crate::wasm::js_error)?;
                        $crate::wasm::metrics::IntoJs::into_js(answer).map_err($crate::wasm::js_error)
                    }
                )*
            }
        };
    };
    // The pairwise forms: Y may be left out (null or undefined: X against itself).
    (pairwise; $($name:ident $(($pos:ident: $pty:ty))? => $ty:ty;)*) => {
        const _: () = {
            use wasm_bindgen::prelude::*;
            use $crate::wasm::metrics::Metrics;

            #[wasm_bindgen(js_class = metrics)]
            impl Metrics {
                $(
                    #[wasm_bindgen(js_name = $name, unchecked_return_type = "NDArray")]
                    pub async fn $name(
                        #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
                        #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] y: JsValue,
                        #[wasm_bindgen(unchecked_optional_param_type = "MetricOptions")] options: JsValue,
                    ) -> $crate::wasm::JsResult<JsValue> {
                        let x = $crate::wasm::to_array(&x, concat!(stringify!($name), ": X"))?;
                        let y = match y.is_undefined() || y.is_null() {
                            true => None,
                            false => Some($crate::wasm::to_array(&y, concat!(stringify!($name), ": Y"))?),
                        };
                        $crate::wasm::metrics::metric_functions!(@run $name, $ty, options, (&x, y.as_ref()) $(, $pos: $pty)?)
                    }
                )*
            }
        };
    };
    ($first:ident, $second:ident; $($name:ident $(($pos:ident: $pty:ty))? => $ty:ty as $ts:literal;)*) => {
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
                        #[wasm_bindgen(unchecked_param_type = "ArrayInput")] $first: JsValue,
                        #[wasm_bindgen(unchecked_param_type = "ArrayInput")] $second: JsValue,
                        #[wasm_bindgen(unchecked_optional_param_type = "MetricOptions")] options: JsValue,
                    ) -> $crate::wasm::JsResult<JsValue> {
                        let $first = $crate::wasm::to_array(&$first, concat!(stringify!($name), ": ", stringify!($first)))?;
                        let $second = $crate::wasm::to_array(&$second, concat!(stringify!($name), ": ", stringify!($second)))?;
                        $crate::wasm::metrics::metric_functions!(@run $name, $ty, options, (&$first, &$second) $(, $pos: $pty)?)
                    }
                )*
            }
        };
    };
}
pub(crate) use metric_functions;
