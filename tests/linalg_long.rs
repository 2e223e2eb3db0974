//! A float32 product over 655 361 rows on every path. In a binary of its own: its one
//! long dispatch holds wgpu's GL context lock for seconds on llvmpipe, and another test thread
//! of the same binary that waits more than wgpu-hal's 6 s for that lock panics ("Could not lock
//! adapter context"), as gemm_matches_cpu_for_all_transposes_and_odd_shapes did beside it.

#[macro_use]
mod common;

use common::*;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

suite_test! {
    /// A float32 product over 655 361 rows (X^T v, as in a covariance) against its float64
    /// value, on every path: the host's faer kernels compiled to wasm once summed all of k
    /// serially and were 1.1e-4 off; in blocks of 4096 every path stays near float32's
    /// precision.
    async fn long_float32_products_keep_float32_precision(paths) {
        let n = 655_361;
        let cpu = Device::cpu();
        let x = wglearn::ops::Philox::new(5).uniform(&cpu, &[n, 2], 0.0, 1.0, DType::F32).unwrap();
        let v = wglearn::ops::Philox::new(7).uniform(&cpu, &[n, 1], 0.0, 1.0, DType::F32).unwrap();
        let f64s = |a: &Array| ops::astype(a, DType::F64).unwrap();
        let exact = host(&ops::gemm(&f64s(&x), &f64s(&v), true, false).unwrap()).await;
        for p in paths {
            let (x, v) = (x.to_device(&p.device).await.unwrap(), v.to_device(&p.device).await.unwrap());
            let got = host(&ops::gemm(&x, &v, true, false).unwrap()).await;
            for (g, e) in got.iter().zip(&exact) {
                assert!((g - e).abs() <= 1e-5 * e.abs(), "X^T v on {}: got {g}, float64 gives {e}", p.name);
            }
        }
    }
}
