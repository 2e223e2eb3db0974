//! Shared test harness: the devices every parity test runs on, and the tolerances, stated once.
#![allow(dead_code, unused_macros)]

use ndarray::ArrayD;
use std::sync::OnceLock;
use wglearn::prelude::*;

/// Relative and absolute tolerance for results computed in f64 (CPU, a GPU with native f64, or
/// double-float emulation under `Float64::Emulate`, which is what a GPU without f64 gets).
pub const F64_TOL: (f64, f64) = (1e-10, 1e-12);
/// The unit roundoff of double-float (df64) arithmetic, 2^-48: 32 times f64's 2^-53.
pub const DF64_ROUNDOFF: f64 = 1.0 / (1u64 << 48) as f64;
/// Relative and absolute tolerance for results computed in f32 (f32 arrays, and f64 arrays
/// under `Float64::Downcast`).
pub const F32_TOL: (f64, f64) = (1e-4, 1e-5);

/// One place a test runs: a name for messages and the device.
pub struct Path {
    pub name: &'static str,
    pub device: Device,
}

fn gpu(options: GpuOptions) -> Option<Device> {
    block_on(Device::gpu_with(options)).ok()
}

/// Storage bindings of the "vulkan-windows" path: small enough that most test arrays are
/// processed in several windows, as arrays over 128 MiB are on lavapipe and in browsers.
pub const SMALL_BINDING: u64 = 64 << 10;

/// CPU, then GPU Vulkan with native f64, GPU Vulkan with f64 forced off, GPU on GL, and GPU
/// Vulkan with f64 forced off and 64 KiB storage bindings. Without f64, float64 arrays are
/// double-float (df64) pairs, so three of the four GPU paths run the df64 kernels, each
/// through another compiler (SPIR-V for lavapipe, GLSL for llvmpipe) or another windowing.
/// With WGLEARN_REQUIRE_GPU=1 (set by CI) a missing GPU path fails the test instead of being
/// left out.
pub fn paths() -> &'static [Path] {
    static PATHS: OnceLock<Vec<Path>> = OnceLock::new();
    PATHS.get_or_init(|| {
        let require = std::env::var("WGLEARN_REQUIRE_GPU").is_ok_and(|v| v == "1");
        let mut out = vec![Path { name: "cpu", device: Device::cpu() }];
        let vulkan = || GpuOptions { backends: Some(wgpu_backends::VULKAN), ..Default::default() };
        let wanted: [(&'static str, GpuOptions); 4] = [
            ("vulkan-f64", vulkan()),
            ("vulkan-no-f64", GpuOptions { disable_f64: true, ..vulkan() }),
            ("gl", GpuOptions { backends: Some(wgpu_backends::GL), ..Default::default() }),
            (
                "vulkan-windows",
                GpuOptions { max_storage_buffer_binding_size: Some(SMALL_BINDING), disable_f64: true, ..vulkan() },
            ),
        ];
        for (name, options) in wanted {
            match gpu(options) {
                Some(device) => {
                    if name == "vulkan-f64" {
                        assert!(device.info().native_f64, "the Vulkan adapter lacks SHADER_F64: {device}");
                    }
                    out.push(Path { name, device })
                }
                None if require => panic!("WGLEARN_REQUIRE_GPU=1 but no adapter for the {name} path"),
                None => {
                    eprintln!("note: no adapter for the {name} path; set WGLEARN_REQUIRE_GPU=1 to make this an error")
                }
            }
        }
        out
    })
}

/// The browser's paths: the CPU path compiled to wasm, and WebGPU (in CI, Chromium's
/// SwiftShader adapter, which has no f64, so f64 arrays are df64 there). A
/// browser without WebGPU fails the test rather than skipping the GPU.
#[cfg(target_arch = "wasm32")]
pub async fn browser_paths() -> Vec<Path> {
    let gpu = Device::gpu().await.unwrap_or_else(|e| {
        panic!("no WebGPU adapter in this browser (is Chromium run with --enable-unsafe-webgpu?): {e}")
    });
    vec![Path { name: "wasm-cpu", device: Device::cpu() }, Path { name: "webgpu", device: gpu }]
}

/// Declares a test of a suite that runs in both harnesses from one async body over
/// `$paths: &[Path]`: natively as a `#[test]` on [`paths`], driven by `block_on`, and in a
/// browser under wasm-bindgen-test on [`browser_paths`] (`scripts/browser-test.sh`).
macro_rules! suite_test {
    ($(#[$meta:meta])* async fn $name:ident($paths:ident) $body:block) => {
        #[cfg(not(target_arch = "wasm32"))]
        #[test]
        $(#[$meta])*
        fn $name() {
            async fn run($paths: &[$crate::common::Path]) $body
            wglearn::block_on(run($crate::common::paths()));
        }

        #[cfg(target_arch = "wasm32")]
        #[wasm_bindgen_test::wasm_bindgen_test]
        $(#[$meta])*
        async fn $name() {
            async fn run($paths: &[$crate::common::Path]) $body
            run(&$crate::common::browser_paths().await).await;
        }
    };
}

/// The GPU paths only, of the native [`paths`].
pub fn gpu_paths() -> impl Iterator<Item = &'static Path> {
    gpus(paths())
}

/// The GPU paths among a suite test's `paths` (natively or in a browser).
pub fn gpus(paths: &[Path]) -> impl Iterator<Item = &Path> {
    paths.iter().filter(|p| p.device.is_gpu())
}

pub mod wgpu_backends {
    pub use wglearn::device::Backends;
    pub const VULKAN: Backends = Backends::VULKAN;
    pub const GL: Backends = Backends::GL;
}

/// The tolerance for `dtype` results on `device`.
pub fn tol(dtype: DType, device: &Device) -> (f64, f64) {
    match dtype {
        DType::F64 if !device.info().f64_downcast() => F64_TOL,
        DType::F32 | DType::F64 => F32_TOL,
        _ => (0.0, 0.0),
    }
}

/// Asserts that `got` equals `want` within `(rtol, atol)`; NaN must meet NaN and infinities
/// must match exactly.
pub fn assert_close_nd(got: &ArrayD<f64>, want: &ArrayD<f64>, (rtol, atol): (f64, f64), what: &str) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    for (i, (&g, &w)) in got.iter().zip(want.iter()).enumerate() {
        let ok = if w.is_nan() {
            g.is_nan()
        } else if w.is_infinite() {
            g == w
        } else {
            (g - w).abs() <= atol + rtol * w.abs()
        };
        if !ok {
            panic!("{what}: element {i}: got {g}, want {w} (rtol {rtol}, atol {atol})");
        }
    }
}

/// Compares an array with a reference array (usually the CPU result) at `got`'s tolerance.
/// Async, so that suites run in a browser, where nothing may block on a GPU read.
pub async fn assert_close(got: &Array, want: &Array, what: &str) {
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    let g = got.to_ndarray::<f64>().await.unwrap();
    let w = want.to_ndarray::<f64>().await.unwrap();
    assert_close_nd(&g, &w, tol(got.dtype(), got.device()), what);
}

/// An array's values as f64, read back from any device.
pub async fn host(a: &Array) -> Vec<f64> {
    a.to_vec::<f64>().await.unwrap()
}

/// A small deterministic generator for test inputs (independent of the library's Philox).
pub struct TestRng(u64);

impl TestRng {
    pub fn new(seed: u64) -> Self {
        TestRng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
    }
    pub fn vec(&mut self, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        (0..n).map(|_| self.uniform(lo, hi)).collect()
    }
}

/// An array of `shape` and `dtype` on `device` from f64 values.
pub fn array(device: &Device, values: &[f64], shape: &[usize], dtype: DType) -> Array {
    let a = Array::from_vec(device, values.to_vec(), shape).unwrap();
    ops::astype(&a, dtype).unwrap()
}

/// An array of a scikit-learn fixture (tests/fixtures/generate.py's `arr`): its shape, its
/// values with NaN and the infinities written as "nan", "inf" and "-inf", and for labels
/// their kind ("int", "bool" or "float").
#[derive(serde::Deserialize)]
pub struct FixtureArray {
    pub shape: Vec<usize>,
    #[serde(deserialize_with = "fixture_floats")]
    pub data: Vec<f64>,
    #[serde(default)]
    pub dtype: Option<String>,
}

fn fixture_floats<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    use serde::de::Error;
    let values: Vec<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    values
        .iter()
        .map(|v| match v {
            serde_json::Value::Number(n) => n.as_f64().ok_or_else(|| D::Error::custom("not an f64")),
            serde_json::Value::String(s) => s.parse::<f64>().map_err(D::Error::custom),
            other => Err(D::Error::custom(format!("not a number: {other}"))),
        })
        .collect()
}

/// `got` equals scikit-learn's `want` within `rtol` (relative, or absolute below 1); NaN and
/// the infinities exactly.
pub fn assert_matches_fixture(got: &[f64], want: &[f64], rtol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (g, w) in got.iter().zip(want) {
        let close =
            if w.is_finite() { (g - w).abs() <= rtol * w.abs().max(1.0) } else { g == w || (g.is_nan() && w.is_nan()) };
        assert!(close, "{what}: got {got:?}, want {want:?}");
    }
}

/// A registered estimator ready for the common checks: the composites with steps (a Pipeline
/// of StandardScaler and LinearDiscriminantAnalysis, a FeatureUnion of PCA(2) and
/// MaxAbsScaler), every other estimator with its defaults.
pub fn instance(name: &str) -> Box<dyn wglearn::estimator::DynEstimator> {
    use wglearn::pipeline::{make_pipeline, make_union};
    use wglearn::{decomposition::Pca, discriminant_analysis::LinearDiscriminantAnalysis, preprocessing as pre};
    match name {
        "Pipeline" => {
            Box::new(make_pipeline(vec![pre::StandardScaler::new().into(), LinearDiscriminantAnalysis::new().into()]))
        }
        "FeatureUnion" => {
            Box::new(make_union(vec![Pca::new().n_components(2usize).into(), pre::MaxAbsScaler::new().into()]))
        }
        _ => wglearn::estimator::by_name(name).unwrap(),
    }
}
