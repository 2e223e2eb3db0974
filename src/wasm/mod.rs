//! The JavaScript API, through wasm-bindgen (built into the npm package by wasm-pack).
//!
//! Nothing here is written per estimator: each `estimator!` declaration emits its JS class
//! (scikit-learn's class name, a constructor taking an options object with scikit-learn's
//! parameter names, one Promise-returning method per trait it implements, one getter per
//! fitted attribute) through [`estimator_class!`]. This module holds what those classes share:
//! the device chosen by `init`, arrays in and out ([`NDArray`]), and errors as JS `Error`s.

mod array;
mod error;
pub(crate) mod metrics;
mod model;
mod selection;

pub(crate) use array::to_array;
pub use array::{array, ArrayHandle, NDArray};
pub(crate) use error::js_error;
pub use error::JsResult;
pub use metrics::Metrics;
pub(crate) use model::{array_method, estimator_class, estimator_methods, model_methods, Model};

use crate::device::{Device, DeviceInfo, Float64, GpuOptions};
use js_sys::{Object, Promise, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

thread_local! {
    /// The device `init` chose; new arrays are made there. The CPU path until `init` says
    /// otherwise.
    static CURRENT: RefCell<Device> = const { RefCell::new(Device::Cpu) };
}

/// The device that arrays made from JS values are put on.
pub(crate) fn current_device() -> Device {
    CURRENT.with(|d| d.borrow().clone())
}

#[wasm_bindgen(typescript_custom_section)]
const TS_INIT: &str = r#"
/** Where `init` runs the library: "webgpu" (an error if the browser has no adapter), "cpu"
 * (the CPU path compiled to wasm), or "auto" (WebGPU on a hardware adapter, else the CPU). */
export type DeviceChoice = "webgpu" | "cpu" | "auto";
/** How float64 arrays (Float64Array, and plain JS numbers, which are doubles) are computed on
 * WebGPU, which has no float64: "emulate" (the default through "auto": double-float pairs of
 * float32, about 48 significant bits, so results agree with float64 to about 1e-12, at several
 * times the cost of float32) or "downcast" (computed in float32, as scikit-learn does on Apple's
 * MPS). Float32Array input is the fast path either way. "native" fails without float64. */
export type Float64Policy = "auto" | "native" | "emulate" | "downcast";
export interface InitOptions { device?: DeviceChoice; float64?: Float64Policy; }
/** The device `init` chose, and what it can do. */
export interface DeviceInfo {
  device: "webgpu" | "cpu";
  name: string;
  backend: string;
  deviceType: string;
  driver: string;
  /** Whether float64 arrays are computed in native float64 (the CPU path; no browser's WebGPU). */
  nativeF64: boolean;
  /** The float64 policy in force: "native", "emulate" (double-float) or "downcast" (float32). */
  float64: "native" | "emulate" | "downcast";
  limits: {
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    maxComputeWorkgroupStorageSize: number;
    maxComputeInvocationsPerWorkgroup: number;
  };
}
"#;

/// The `device` option of `init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeviceChoice {
    WebGpu,
    Cpu,
    Auto,
}

impl DeviceChoice {
    const NAMES: [(&'static str, DeviceChoice); 3] =
        [("webgpu", DeviceChoice::WebGpu), ("cpu", DeviceChoice::Cpu), ("auto", DeviceChoice::Auto)];

    fn parse(options: &JsValue) -> crate::Result<DeviceChoice> {
        init_option(options, "device", &Self::NAMES).map(|c| c.unwrap_or(DeviceChoice::Auto))
    }
}

/// The option `key` of `init`'s options object, one of `choices` by name (None when absent).
fn init_option<C: Copy>(
    options: &JsValue,
    key: &'static str,
    choices: &[(&'static str, C)],
) -> crate::Result<Option<C>> {
    let value = if options.is_undefined() || options.is_null() {
        JsValue::UNDEFINED
    } else {
        Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED)
    };
    if value.is_undefined() {
        return Ok(None);
    }
    let name = value.as_string().unwrap_or_else(|| format!("{value:?}"));
    choices.iter().find(|(n, _)| *n == name).map(|&(_, c)| Some(c)).ok_or_else(|| crate::Error::InvalidParameter {
        name: key,
        value: format!("'{name}'"),
        reason: format!("init takes one of: {}", choices.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")),
    })
}

/// Chooses the device (`{ device: "webgpu" | "cpu" | "auto" }`, "auto" by default, and
/// `float64: "auto" | "native" | "emulate" | "downcast"`, "auto" by default) and
/// resolves to its [`DeviceInfo`]. Calling it again (after a lost GPU, say) chooses afresh.
#[wasm_bindgen(unchecked_return_type = "Promise<DeviceInfo>")]
pub fn init(#[wasm_bindgen(unchecked_optional_param_type = "InitOptions")] options: JsValue) -> Promise {
    future_to_promise(async move {
        let policies = Float64::ALL.map(|f| (f.name(), f));
        let float64 = init_option(&options, "float64", &policies).map_err(js_error)?.unwrap_or_default();
        let gpu = GpuOptions { float64, ..Default::default() };
        let device = match DeviceChoice::parse(&options).map_err(js_error)? {
            DeviceChoice::Cpu => Device::cpu(),
            DeviceChoice::WebGpu => Device::gpu_with(gpu).await.map_err(js_error)?,
            DeviceChoice::Auto => Device::best_with(gpu).await,
        };
        let info = info_object(&device)?;
        CURRENT.with(|d| *d.borrow_mut() = device);
        Ok(info)
    })
}

/// The device arrays are made on now, as `init` reported it.
#[wasm_bindgen(js_name = deviceInfo, unchecked_return_type = "DeviceInfo")]
pub fn device_info() -> JsResult<JsValue> {
    info_object(&current_device())
}

/// The names of the estimator classes this build exports, in registry order.
#[wasm_bindgen(js_name = estimatorNames)]
pub fn estimator_names() -> Vec<String> {
    crate::estimator::names().map(String::from).collect()
}

fn info_object(device: &Device) -> JsResult<JsValue> {
    let DeviceInfo {
        name,
        backend,
        device_type,
        driver,
        native_f64,
        float64,
        max_buffer_size,
        max_storage_buffer_binding_size,
        max_compute_workgroup_storage_size,
        max_compute_invocations_per_workgroup,
    } = device.info();
    let limits = object(&[
        ("maxBufferSize", (max_buffer_size as f64).into()),
        ("maxStorageBufferBindingSize", (max_storage_buffer_binding_size as f64).into()),
        ("maxComputeWorkgroupStorageSize", max_compute_workgroup_storage_size.into()),
        ("maxComputeInvocationsPerWorkgroup", max_compute_invocations_per_workgroup.into()),
    ])?;
    object(&[
        ("device", if device.is_gpu() { "webgpu" } else { "cpu" }.into()),
        ("name", name.into()),
        ("backend", backend.into()),
        ("deviceType", device_type.into()),
        ("driver", driver.into()),
        ("nativeF64", native_f64.into()),
        ("float64", float64.name().into()),
        ("limits", limits),
    ])
}

/// A plain JS object of these properties.
pub(crate) fn object(properties: &[(&str, JsValue)]) -> JsResult<JsValue> {
    let o = Object::new();
    for (k, v) in properties {
        Reflect::set(&o, &(*k).into(), v)?;
    }
    Ok(o.into())
}
