//! Arrays between JS and the library: [`NDArray`] out (its values stay on the device until
//! read), and JS values in: an `NDArray`, a TypedArray with a shape, or nested JS arrays.

use super::error::{js_error, JsResult};
use crate::array::Array;
use crate::dtype::DType;
use crate::error::Error;
use js_sys::{Array as JsArray, Function, Promise, Reflect};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen(typescript_custom_section)]
const TS_ARRAY: &str = r#"
export type DType = "float32" | "float64" | "int32" | "uint32" | "bool";
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array;
type Nested<T> = T | Nested<T>[];
/** What every method takes as an array: an NDArray, a TypedArray with its shape (a Uint8Array
 * holds bools), or nested JS arrays of numbers or of booleans (numbers are float64). */
export type ArrayInput = NDArray | { data: TypedArray; shape: number[] } | TypedArray | Nested<number> | Nested<boolean>;
"#;

/// An n-dimensional array on the device `init` chose. Its values are read with
/// `toTypedArray()` or `toArray()`, both Promises, since a GPU is read asynchronously.
#[wasm_bindgen]
#[derive(Clone)]
pub struct NDArray {
    inner: Array,
}

/// A throwaway copy of an [`NDArray`]'s handle, passed from JS back into Rust by value: the
/// way a method finds the array inside an `NDArray` that it was given as a JS value, since
/// wasm-bindgen can only move an exported object out of JS, never borrow one.
#[wasm_bindgen]
pub struct ArrayHandle(Array);

impl NDArray {
    pub(crate) fn new(inner: Array) -> NDArray {
        NDArray { inner }
    }
}

#[wasm_bindgen]
impl NDArray {
    #[wasm_bindgen(getter, unchecked_return_type = "number[]")]
    pub fn shape(&self) -> JsValue {
        self.inner.shape().iter().map(|&d| JsValue::from(d as f64)).collect::<JsArray>().into()
    }

    #[wasm_bindgen(getter, unchecked_return_type = "DType")]
    pub fn dtype(&self) -> String {
        self.inner.dtype().name().to_string()
    }

    /// "webgpu" or "cpu".
    #[wasm_bindgen(getter)]
    pub fn device(&self) -> String {
        if self.inner.device().is_gpu() { "webgpu" } else { "cpu" }.to_string()
    }

    /// The number of elements.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> f64 {
        self.inner.len() as f64
    }

    /// The values in row-major order, as the TypedArray of the dtype (Uint8Array for bool).
    #[wasm_bindgen(js_name = toTypedArray, unchecked_return_type = "Promise<TypedArray>")]
    pub fn to_typed_array(&self) -> Promise {
        let a = self.inner.clone();
        future_to_promise(async move { typed_values(&a).await })
    }

    /// The values as nested JS arrays (numbers, or booleans for bool), as NumPy's `tolist`.
    #[wasm_bindgen(js_name = toArray, unchecked_return_type = "Promise<any>")]
    pub fn to_array(&self) -> Promise {
        let a = self.inner.clone();
        future_to_promise(async move {
            let values = a.to_vec::<f64>().await.map_err(js_error)?;
            let bool = a.dtype() == DType::Bool;
            let item = |v: f64| if bool { JsValue::from(v != 0.0) } else { JsValue::from(v) };
            Ok(nest(&values, a.shape(), &item))
        })
    }

    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("{:?}", self.inner)
    }

    #[doc(hidden)]
    #[wasm_bindgen(js_name = __wglearnHandle)]
    pub fn handle(&self) -> ArrayHandle {
        ArrayHandle(self.inner.clone())
    }
}

/// The values of `a` as the TypedArray of its dtype.
async fn typed_values(a: &Array) -> JsResult<JsValue> {
    Ok(match a.dtype() {
        DType::F32 => js_sys::Float32Array::from(&a.to_vec::<f32>().await.map_err(js_error)?[..]).into(),
        DType::F64 => js_sys::Float64Array::from(&a.to_vec::<f64>().await.map_err(js_error)?[..]).into(),
        DType::I32 => js_sys::Int32Array::from(&a.to_vec::<i32>().await.map_err(js_error)?[..]).into(),
        DType::U32 => js_sys::Uint32Array::from(&a.to_vec::<u32>().await.map_err(js_error)?[..]).into(),
        DType::Bool => {
            let v: Vec<u8> = a.to_vec::<bool>().await.map_err(js_error)?.into_iter().map(u8::from).collect();
            js_sys::Uint8Array::from(&v[..]).into()
        }
    })
}

/// Row-major `values` of `shape` as nested JS arrays.
fn nest(values: &[f64], shape: &[usize], item: &dyn Fn(f64) -> JsValue) -> JsValue {
    match shape.split_first() {
        None => item(values[0]),
        Some((&n, rest)) => {
            let step: usize = rest.iter().product();
            (0..n).map(|i| nest(&values[i * step..(i + 1) * step], rest, item)).collect::<JsArray>().into()
        }
    }
}

/// An [`NDArray`] on the current device from `data`: a TypedArray (with `shape`, else 1-D) or
/// nested JS arrays. Float64Array gives float64, Float32Array float32, Int32Array int32,
/// Uint32Array uint32, Uint8Array bool; numbers in nested arrays are float64.
#[wasm_bindgen]
pub fn array(
    #[wasm_bindgen(unchecked_param_type = "TypedArray | Nested<number> | Nested<boolean>")] data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number[]")] shape: JsValue,
) -> JsResult<NDArray> {
    let shape = if shape.is_undefined() || shape.is_null() { None } else { Some(read_shape(&shape, "array")?) };
    from_js(&data, shape, "array").map(NDArray::new).map_err(js_error)
}

fn read_shape(shape: &JsValue, what: &'static str) -> JsResult<Vec<usize>> {
    let bad = || {
        js_error(Error::ShapeMismatch {
            op: what,
            detail: format!("a shape is an array of non-negative integers, got {shape:?}"),
        })
    };
    let list = shape.dyn_ref::<JsArray>().ok_or_else(bad)?;
    list.iter()
        .map(|d| {
            d.as_f64()
                .filter(|d| d.fract() == 0.0 && *d >= 0.0 && *d <= u32::MAX as f64)
                .map(|d| d as usize)
                .ok_or_else(bad)
        })
        .collect()
}

/// A method's array argument as an [`Array`] on the current device; `what` names the method
/// and argument for errors ("PCA.fit: X").
pub(crate) fn to_array(value: &JsValue, what: &'static str) -> JsResult<Array> {
    // An NDArray hands out a copy of its handle.
    if let Ok(f) = Reflect::get(value, &"__wglearnHandle".into()) {
        if let Some(f) = f.dyn_ref::<Function>() {
            let handle = f.call0(value)?;
            return ArrayHandle::try_from_js_value(handle)
                .map(|h| h.0)
                .map_err(|_| js_error(Error::ShapeMismatch { op: what, detail: "not a wglearn NDArray".into() }));
        }
    }
    // { data, shape }
    if value.is_object() && !JsArray::is_array(value) && !is_typed(value) {
        let data = Reflect::get(value, &"data".into())?;
        let shape = Reflect::get(value, &"shape".into())?;
        if data.is_undefined() {
            return Err(js_error(Error::ShapeMismatch {
                op: what,
                detail: "expected an NDArray, a TypedArray, nested arrays, or { data, shape }".into(),
            }));
        }
        let shape = if shape.is_undefined() { None } else { Some(read_shape(&shape, what)?) };
        return from_js(&data, shape, what).map_err(js_error);
    }
    from_js(value, None, what).map_err(js_error)
}

fn is_typed(v: &JsValue) -> bool {
    v.is_instance_of::<js_sys::Float32Array>()
        || v.is_instance_of::<js_sys::Float64Array>()
        || v.is_instance_of::<js_sys::Int32Array>()
        || v.is_instance_of::<js_sys::Uint32Array>()
        || v.is_instance_of::<js_sys::Uint8Array>()
}

/// A TypedArray (shaped by `shape`, else 1-D) or nested arrays (their own shape, which
/// `shape`, if given, must equal) on the current device.
fn from_js(value: &JsValue, shape: Option<Vec<usize>>, what: &'static str) -> crate::Result<Array> {
    let device = super::current_device();
    let shaped = |len: usize| -> crate::Result<Vec<usize>> {
        let shape = shape.clone().unwrap_or_else(|| vec![len]);
        // Checked: on wasm32 a product of two u32 dimensions can pass usize::MAX.
        let n = shape.iter().try_fold(1usize, |p, &d| p.checked_mul(d));
        let Some(n) = n else {
            return Err(Error::ShapeTooLarge { op: what, shape });
        };
        if n != len {
            return Err(Error::ShapeMismatch {
                op: what,
                detail: format!("the TypedArray holds {len} values, but shape {shape:?} needs {n}"),
            });
        }
        Ok(shape)
    };
    macro_rules! typed {
        ($js:ty) => {
            if let Some(t) = value.dyn_ref::<$js>() {
                let v = t.to_vec();
                let s = shaped(v.len())?;
                return Array::from_vec(&device, v, &s);
            }
        };
    }
    typed!(js_sys::Float64Array);
    typed!(js_sys::Float32Array);
    typed!(js_sys::Int32Array);
    typed!(js_sys::Uint32Array);
    if let Some(t) = value.dyn_ref::<js_sys::Uint8Array>() {
        let v: Vec<bool> = t.to_vec().into_iter().map(|b| b != 0).collect();
        let s = shaped(v.len())?;
        return Array::from_vec(&device, v, &s);
    }
    if !JsArray::is_array(value) {
        return Err(Error::ShapeMismatch {
            op: what,
            detail: format!("expected an NDArray, a TypedArray or nested arrays, got {}", describe(value)),
        });
    }
    let mut nested = Nested { values: Vec::new(), bools: None, shape: Vec::new(), what };
    nested.walk(value, 0, &mut Vec::new())?;
    if let Some(s) = &shape {
        if *s != nested.shape {
            return Err(Error::ShapeMismatch {
                op: what,
                detail: format!("the nested arrays have shape {:?}, not the shape {s:?} given", nested.shape),
            });
        }
    }
    match nested.bools {
        Some(true) => {
            let v: Vec<bool> = nested.values.iter().map(|&x| x != 0.0).collect();
            Array::from_vec(&device, v, &nested.shape)
        }
        _ => Array::from_vec(&device, nested.values, &nested.shape),
    }
}

/// What a value is, for messages.
fn describe(value: &JsValue) -> String {
    match value.as_string() {
        Some(s) => format!("the string {s:?}"),
        None => value.js_typeof().as_string().unwrap_or_default(),
    }
}

/// The values and shape of nested JS arrays, read depth-first.
struct Nested {
    values: Vec<f64>,
    /// Whether the leaves are booleans (Some(true)) or numbers (Some(false)); None before the first.
    bools: Option<bool>,
    shape: Vec<usize>,
    what: &'static str,
}

impl Nested {
    fn walk(&mut self, value: &JsValue, depth: usize, at: &mut Vec<usize>) -> crate::Result<()> {
        let place = |at: &[usize]| at.iter().map(|i| format!("[{i}]")).collect::<String>();
        if let Some(list) = value.dyn_ref::<JsArray>() {
            let len = list.length() as usize;
            match self.shape.get(depth) {
                Some(&expected) if expected != len => {
                    return Err(Error::ShapeMismatch {
                        op: self.what,
                        detail: format!(
                            "ragged nested arrays: x{} has {len} items, its siblings {expected}",
                            place(at)
                        ),
                    })
                }
                None if self.values.is_empty() && depth == self.shape.len() => self.shape.push(len),
                None => {
                    return Err(Error::ShapeMismatch {
                        op: self.what,
                        detail: format!(
                            "ragged nested arrays: x{} is an array where its siblings hold values",
                            place(at)
                        ),
                    })
                }
                _ => {}
            }
            for (i, item) in list.iter().enumerate() {
                at.push(i);
                self.walk(&item, depth + 1, at)?;
                at.pop();
            }
            return Ok(());
        }
        if depth != self.shape.len() {
            return Err(Error::ShapeMismatch {
                op: self.what,
                detail: format!("ragged nested arrays: x{} is a value where its siblings are arrays", place(at)),
            });
        }
        let (v, is_bool) = match (value.as_f64(), value.as_bool()) {
            (Some(v), _) => (v, false),
            (None, Some(b)) => (f64::from(u8::from(b)), true),
            _ => {
                return Err(Error::ShapeMismatch {
                    op: self.what,
                    detail: format!("x{} is {}, not a number or a boolean", place(at), describe(value)),
                })
            }
        };
        match self.bools {
            Some(b) if b != is_bool => {
                return Err(Error::ShapeMismatch {
                    op: self.what,
                    detail: format!("x{} mixes booleans and numbers in one array", place(at)),
                })
            }
            _ => self.bools = Some(is_bool),
        }
        self.values.push(v);
        Ok(())
    }
}
