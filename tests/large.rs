//! Arrays larger than one storage binding (128 MiB on lavapipe, llvmpipe GL and the WebGPU
//! default): every op family must process them in windows and agree with the CPU. Natively
//! and in a browser (`scripts/browser-test.sh`), where the 128 MiB binding is the real limit.

#[macro_use]
mod common;

use common::*;
use wglearn::ops::Philox;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const ROWS: usize = 655_361;
const COLS: usize = 64;

/// The inputs of the ops, on one device: X (160 MiB of float32) and the small operands.
struct Inputs {
    x: Array,
    w: Array,
    v: Array,
    row: Array,
    rows: Array,
    grid: Array,
    ten: Array,
}

impl Inputs {
    fn new(cpu: &Device) -> Inputs {
        Inputs {
            x: Philox::new(5).uniform(cpu, &[ROWS, COLS], 0.0, 1.0, DType::F32).unwrap(),
            w: Philox::new(6).uniform(cpu, &[COLS, 2], 0.0, 1.0, DType::F32).unwrap(),
            v: Philox::new(7).uniform(cpu, &[ROWS, 1], 0.0, 1.0, DType::F32).unwrap(),
            row: Philox::new(8).uniform(cpu, &[COLS], 0.0, 1.0, DType::F32).unwrap(),
            rows: Array::from_slice(cpu, &[0i32, 5, ROWS as i32 - 1, 300_000, 655_000]).unwrap(),
            grid: Array::linspace(cpu, 0.0, 1.0, 11, true, DType::F32).unwrap(),
            ten: Array::scalar(cpu, 10.0, DType::F32).unwrap(),
        }
    }

    async fn to(&self, d: &Device) -> Inputs {
        let to = async |a: &Array| a.to_device(d).await.unwrap();
        Inputs {
            x: to(&self.x).await,
            w: to(&self.w).await,
            v: to(&self.v).await,
            row: to(&self.row).await,
            rows: to(&self.rows).await,
            grid: to(&self.grid).await,
            ten: to(&self.ten).await,
        }
    }
}

const OPS: [&str; 19] = [
    "sub broadcast",
    "exp",
    "greater",
    "astype f64",
    "sum axis 0",
    "sum axis 1",
    "max",
    "argmax",
    "cumsum",
    "transpose",
    "slice",
    "concat",
    "take",
    "X @ W",
    "X^T v",
    "X w",
    "uniform",
    "searchsorted",
    "bincount",
];

/// Op `k` of OPS on `i`. The reference (on the CPU) sums cumsum in float64: a serial float32
/// running sum over 42M elements drifts.
async fn op(k: usize, i: &Inputs, reference: bool) -> Array {
    let x = &i.x;
    match k {
        0 => ops::sub(x, &i.row),
        1 => ops::exp(x),
        2 => ops::greater(x, &i.row),
        3 => ops::astype(x, DType::F64),
        4 => ops::sum(x, Some(0), false),
        5 => ops::sum(x, Some(1), false),
        6 => ops::max(x, None, false),
        7 => ops::argmax(x, None),
        8 if reference => ops::cumsum(&ops::astype(x, DType::F64).unwrap(), None),
        8 => ops::cumsum(x, None),
        9 => x.t(),
        10 => x.slice_rows(1, ROWS),
        11 => ops::concat(&[x, &x.slice_rows(0, 3).unwrap()], 0),
        12 => ops::take(x, &i.rows, 0).await,
        13 => ops::matmul(x, &i.w),
        14 => ops::gemm(x, &i.v, true, false),
        15 => ops::matvec(x, &i.w.slice_cols(0, 1).unwrap().reshape(&[-1]).unwrap()),
        16 => Philox::new(9).uniform(x.device(), &[ROWS, COLS], 0.0, 1.0, DType::F32),
        17 => ops::searchsorted(&i.grid, x, ops::Side::Right),
        _ => {
            let codes = ops::astype(&ops::mul(x, &i.ten).unwrap(), DType::I32).unwrap();
            ops::bincount(&codes.reshape(&[-1]).unwrap(), None, 0).await
        }
    }
    .unwrap_or_else(|e| panic!("{} on {}: {e}", OPS[k], x.device()))
}

suite_test! {
    async fn ops_on_a_160_mib_matrix_match_cpu(paths) {
        let bytes = (ROWS * COLS * 4) as u64;
        assert!(bytes >= 160 << 20);
        let cpu = Inputs::new(&Device::cpu());
        // The no-f64 Vulkan path runs the same f32 kernels as the f64 one; GL has its own limits.
        for p in gpus(paths).filter(|p| matches!(p.name, "vulkan-f64" | "gl" | "webgpu")) {
            // Chromium grants SwiftShader's larger bindings on request; the device here keeps
            // WebGPU's default 128 MiB, what a browser whose adapter offers no more gives.
            let device = if cfg!(target_arch = "wasm32") {
                let options = GpuOptions { max_storage_buffer_binding_size: Some(128 << 20), ..Default::default() };
                Device::gpu_with(options).await.unwrap()
            } else {
                p.device.clone()
            };
            let info = device.info();
            if cfg!(target_arch = "wasm32") || std::env::var("WGLEARN_REQUIRE_GPU").is_ok_and(|v| v == "1") {
                assert!(
                    bytes > info.max_storage_buffer_binding_size,
                    "{}: a {bytes}-byte array fits one binding; the test proves nothing here",
                    p.name
                );
            }
            let gpu = cpu.to(&device).await;
            let f32s = async |a: &Array| a.to_vec::<f32>().await.unwrap();
            assert!(f32s(&gpu.x).await == f32s(&cpu.x).await, "round trip on {}", p.name);
            // One op at a time, each answer dropped before the next: a browser's wasm32 heap
            // holds only a few arrays of this size.
            for (k, name) in OPS.iter().enumerate() {
                let (want, got) = (op(k, &cpu, true).await, op(k, &gpu, false).await);
                let what = format!("{name} on {}", p.name);
                if *name == "cumsum" {
                    // f32 partial sums against the f64 reference: a relative tolerance of a few
                    // ulps times the tree depth.
                    let (g, w) = (host(&got).await, host(&want).await);
                    let nd = |v: Vec<f64>| ndarray::arr1(&v).into_dyn();
                    assert_close_nd(&nd(g), &nd(w), (1e-5, 1e-5), &what);
                } else {
                    assert_close(&got, &want, &what).await;
                }
            }
        }
    }
}
