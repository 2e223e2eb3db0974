//! Double-float (df64) arithmetic, the float64 of GPUs without SHADER_F64: known answers for its
//! error-free transforms on every df64 path (each path compiles the same WGSL through another
//! compiler: SPIR-V on lavapipe, GLSL on llvmpipe, Tint in the browser), so a compiler that
//! folds the error terms away or fuses the split fails here; the transcendentals against libm
//! with their measured error; and the cancellation cases that float32 cannot survive.
#[macro_use]
mod common;

use common::*;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The df64 paths of a suite: the GPU paths without f64 and, natively, lavapipe with
/// `Float64::Emulate` asked for although it has f64. A browser has one (WebGPU has no f64).
async fn df64_paths(paths: &[Path]) -> Vec<(String, Device)> {
    let mut out: Vec<(String, Device)> = gpus(paths)
        .filter(|p| p.device.info().float64 == Float64::Emulate)
        .map(|p| (p.name.to_string(), p.device.clone()))
        .collect();
    #[cfg(not(target_arch = "wasm32"))]
    {
        let options =
            GpuOptions { backends: Some(wgpu_backends::VULKAN), float64: Float64::Emulate, ..Default::default() };
        if let Ok(d) = Device::gpu_with(options).await {
            assert_eq!(d.info().float64, Float64::Emulate, "Emulate asked for: {d}");
            out.push(("vulkan-emulate".into(), d));
        }
    }
    let require = std::env::var("WGLEARN_REQUIRE_GPU").is_ok_and(|v| v == "1") || cfg!(target_arch = "wasm32");
    assert!(!require || !out.is_empty(), "no df64 path among {:?}", paths.iter().map(|p| p.name).collect::<Vec<_>>());
    out
}

async fn values(d: &Device, x: &[f64]) -> Array {
    Array::from_vec(d, x.to_vec(), &[x.len()]).unwrap()
}

/// Element-wise `(a op b, want)` checks where `want` is exact in 48 bits, so df64 must give it
/// bit for bit: any error term lost to the compiler shows as a wrong low half.
async fn exact(name: &str, d: &Device, path: &str, got: Array, want: &[f64]) {
    let got = got.to_vec::<f64>().await.unwrap();
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(g == w || g.is_nan() && w.is_nan(), "{name} case {i} on {path} ({d}): got {g:e}, want {w:e}");
    }
}

suite_test! {
    async fn error_free_transforms_are_exact_on_every_df64_path(paths) {
        let e = |k: i32| 2f64.powi(k);
        for (name, d) in df64_paths(paths).await {
            // Sums whose error term is all there is: two_sum folded to f32 gives 1, 0 or 2^-1.
            let a = [1.0, 1.0 + e(-40), 1.0, e(20), -1.0, 3.0 * e(-30), 1.0 + e(-23)];
            let b = [e(-30), -1.0, -(1.0 - e(-45)), e(-10) + e(-33), 1.0 + e(-47), e(-60), -(1.0 + e(-24))];
            let want: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x + y).collect();
            exact("add", &d, &name, ops::add(&values(&d, &a).await, &values(&d, &b).await).unwrap(), &want).await;
            let neg_b: Vec<f64> = b.iter().map(|y| -y).collect();
            exact("sub", &d, &name, ops::sub(&values(&d, &a).await, &values(&d, &neg_b).await).unwrap(), &want).await;

            // Products whose low half is a single bit, or the whole difference from f32's.
            let a = [1.0 + e(-23), 1.0 + e(-12), 3.0 + e(-22), 4097.0, 1.0 - e(-24), e(-60) * (1.0 + e(-20))];
            let b = [1.0 - e(-23), 1.0 + e(-12), 3.0 - e(-22), 4095.0, 1.0 - e(-24), e(40) * (1.0 - e(-20))];
            let want: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x * y).collect();
            exact("mul", &d, &name, ops::mul(&values(&d, &a).await, &values(&d, &b).await).unwrap(), &want).await;

            // Quotients and roots that are exact: the corrections must land on them.
            let q = [1.0 + e(-40), 3.0, 1.0 / 1024.0, 7.0 * (1.0 + e(-30))];
            let b = [3.0, 1.0 + e(-23), 5.0, 1.0 + e(-20)];
            let a: Vec<f64> = q.iter().zip(&b).map(|(x, y)| x * y).collect();
            exact("div", &d, &name, ops::div(&values(&d, &a).await, &values(&d, &b).await).unwrap(), &q).await;
            let r = [1.0 + e(-22), 3.0, 1e6 + 1.0, e(-30) * (1.0 + e(-23))];
            let sq: Vec<f64> = r.iter().map(|x| x * x).collect();
            exact("sqrt", &d, &name, ops::sqrt(&values(&d, &sq).await).unwrap(), &r).await;

            // A constant numerator: SwiftShader's compiler folds y * (1 / y) to 1, which once
            // zeroed the division's correction there (reciprocal came out at f32 precision).
            let v = [3.0, 7.0, 0.7, 9.638020396232605, 1.0 + e(-30)];
            let x = values(&d, &v).await;
            let held = x.to_vec::<f64>().await.unwrap();
            for (op, got) in [("reciprocal", ops::reciprocal(&x)), ("sqrt", ops::sqrt(&x))] {
                let got = got.unwrap().to_vec::<f64>().await.unwrap();
                for (h, g) in held.iter().zip(&got) {
                    let w = if op == "sqrt" { h.sqrt() } else { 1.0 / h };
                    assert!((g - w).abs() <= 4.0 * DF64_ROUNDOFF * w, "{op}({h}) on {name}: got {g}, want {w}");
                }
            }

            // Special values keep f32's answers and never leak NaN into the low half.
            let a = [f64::INFINITY, 1.0, f64::NAN, 0.0, -0.0, 1e38];
            let b = [1.0, 0.0, 1.0, 0.0, 2.0, 1e38];
            let got = ops::div(&values(&d, &a).await, &values(&d, &b).await).unwrap();
            exact("div specials", &d, &name, got, &[f64::INFINITY, f64::INFINITY, f64::NAN, f64::NAN, -0.0, 1.0]).await;
            let got = ops::mul(&values(&d, &a).await, &values(&d, &b).await).unwrap();
            exact("mul specials", &d, &name, got, &[f64::INFINITY, 0.0, f64::NAN, 0.0, -0.0, f64::INFINITY]).await;

            // Values that need both halves survive upload, a kernel and readback, and f32 and
            // integer casts round and truncate as the CPU does.
            let v = [1.0 + e(-40), -(e(31) - 0.5), e(31) - 0.5, -3.0 - e(-30), 0.1, 4294967295.0, 2147483647.0];
            let x = values(&d, &v).await;
            let round_trip = ops::astype(&ops::astype(&x, DType::F32).unwrap(), DType::F64).unwrap();
            let want: Vec<f64> = v.iter().map(|&x| f64::from(x as f32)).collect();
            exact("f64 -> f32", &d, &name, round_trip, &want).await;
            for dtype in [DType::I32, DType::U32] {
                let cpu = ops::astype(&values(&Device::cpu(), &v).await, dtype).unwrap().to_vec::<f64>().await.unwrap();
                exact(&format!("f64 -> {dtype}"), &d, &name, ops::astype(&x, dtype).unwrap(), &cpu).await;
                let ints = ops::astype(&values(&Device::cpu(), &cpu).await, dtype).unwrap().to_device(&d).await.unwrap();
                exact(&format!("{dtype} -> f64"), &d, &name, ops::astype(&ints, DType::F64).unwrap(), &cpu).await;
            }
        }
    }
}

/// The largest relative error of `got` against `f` over `xs`, where `f` is at least `floor`
/// in magnitude (below it the absolute error counts, relative to `floor`).
fn worst(xs: &[f64], got: &[f64], f: impl Fn(f64) -> f64, floor: f64) -> (f64, f64) {
    let mut out = (0.0, f64::NAN);
    for (&x, &g) in xs.iter().zip(got) {
        let w = f(x);
        let err = (g - w).abs() / w.abs().max(floor);
        if err > out.0 || err.is_nan() {
            out = (err, x);
        }
    }
    out
}

suite_test! {
    async fn transcendentals_match_libm_to_the_stated_error(paths) {
        // 2^-45: eight units of df64's 2^-48. pow is exp(b log a), whose argument carries
        // df64's relative error times |b log a| (up to 46 here): 2^-41 for it.
        let (bound, pow_bound) = (2f64.powi(-45), 2f64.powi(-41));
        let grid = |lo: f64, hi: f64, n: usize| -> Vec<f64> {
            (0..n).map(|i| lo + (hi - lo) * (i as f64 + 0.37) / n as f64).collect()
        };
        type Op = fn(&Array) -> wglearn::Result<Array>;
        // Name, op, reference, inputs, and the magnitude below which the error is absolute.
        type Case = (&'static str, Op, fn(f64) -> f64, Vec<f64>, f64);
        // Results stay above 2^-78, where df64's low half resolves 2^-48 of them even where
        // subnormals are flushed (GL).
        let cases: Vec<Case> = vec![
            ("exp", ops::exp, f64::exp, grid(-50.0, 80.0, 1301), 0.0),
            ("expm1", ops::expm1, f64::exp_m1, [grid(-1.0, 1.0, 801), grid(-40.0, 40.0, 401)].concat(), 0.0),
            ("log", ops::log, f64::ln, [grid(1e-6, 4.0, 801), grid(1.0, 1e30, 401)].concat(), 1.0),
            ("log1p", ops::log1p, f64::ln_1p, [grid(-0.99, 1.0, 801), grid(1e-9, 1e-3, 101)].concat(), 0.0),
            ("sin", ops::sin, f64::sin, grid(-100.0, 100.0, 2001), 1.0),
            ("cos", ops::cos, f64::cos, grid(-100.0, 100.0, 2001), 1.0),
            ("tanh", ops::tanh, f64::tanh, grid(-25.0, 25.0, 1001), 0.0),
            ("arcsin", ops::arcsin, f64::asin, grid(-1.0, 1.0, 1001), 0.0),
        ];
        for (name, d) in df64_paths(paths).await {
            for (fname, op, f, xs, floor) in &cases {
                let x = values(&d, xs).await;
                // The reference is taken at the inputs as df64 holds them (48 bits of each).
                let held = x.to_vec::<f64>().await.unwrap();
                let got = op(&x).unwrap().to_vec::<f64>().await.unwrap();
                let (err, at) = worst(&held, &got, f, *floor);
                eprintln!("df64 {fname} on {name}: largest relative error {err:.2e} ({:.1} units of 2^-48) at {at}", err * 2f64.powi(48));
                assert!(err <= bound, "{fname} on {name}: relative error {err:e} at x = {at}");
            }
            let (base, expo) = (values(&d, &grid(0.1, 10.0, 301)).await, values(&d, &grid(-20.0, 20.0, 301)).await);
            let got = ops::pow(&base, &expo).unwrap().to_vec::<f64>().await.unwrap();
            let (base, expo) = (base.to_vec::<f64>().await.unwrap(), expo.to_vec::<f64>().await.unwrap());
            let mut err: f64 = 0.0;
            for ((b, x), g) in base.iter().zip(&expo).zip(&got) {
                let w = b.powf(*x);
                err = err.max((g - w).abs() / w.abs());
            }
            eprintln!("df64 pow on {name}: largest relative error {err:.2e} ({:.1} units of 2^-48)", err * 2f64.powi(48));
            assert!(err <= pow_bound, "pow on {name}: relative error {err:e}");
        }
    }
}

suite_test! {
    async fn cancellation_that_float32_loses_keeps_float64_precision(paths) {
        // Points near 1e4 apart by about 1e-2, and a variance of data with a mean of 1e6: float32
        // keeps no digit of either; df64 must agree with exact float64 arithmetic at the f64
        // tolerance.
        let mut rng = TestRng::new(11);
        let (n, p) = (24, 3);
        let x: Vec<f64> = (0..n * p).map(|_| 1e4 + rng.uniform(0.0, 1e-2)).collect();
        let big: Vec<f64> = (0..1000).map(|i| 1e6 + (i % 7) as f64 * 0.125 + rng.uniform(0.0, 1e-3)).collect();
        for (name, d) in df64_paths(paths).await {
            // The references are exact float64 arithmetic on the inputs as df64 holds them
            // (48 bits: 1e4 is held to about 2e-11), so that only the computation is measured.
            let xd = Array::from_vec(&d, x.clone(), &[n, p]).unwrap();
            let held = xd.to_vec::<f64>().await.unwrap();
            let got = wglearn::metrics::pairwise::euclidean_distances(&xd, None).await.unwrap();
            let got = got.to_vec::<f64>().await.unwrap();
            for (k, g) in got.iter().enumerate() {
                let (i, j) = (k / n, k % n);
                let w = (0..p).map(|f| (held[i * p + f] - held[j * p + f]).powi(2)).sum::<f64>().sqrt();
                assert!((g - w).abs() <= F64_TOL.1 + F64_TOL.0 * w, "euclidean {k} on {name}: got {g}, want {w}");
            }
            let bd = values(&d, &big).await;
            let held = bd.to_vec::<f64>().await.unwrap();
            let mean = held.iter().sum::<f64>() / held.len() as f64;
            let var = held.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / held.len() as f64;
            let v = ops::var(&bd, None, 0.0, false).unwrap().to_vec::<f64>().await.unwrap()[0];
            assert!((v - var).abs() <= F64_TOL.0 * var, "variance on {name}: got {v}, want {var}");
        }
    }
}
