//! `Float64::Downcast`, the fast option for float64 on a GPU (float64 arrays computed in
//! float32, as scikit-learn does on Apple's MPS): the five shared paths run float64 natively or
//! as df64, so this runs the op families and three estimators on a downcasting device against
//! the CPU's float64, at the float32 tolerance, natively and in the browser.

#[macro_use]
mod common;

use common::*;
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::*;
use wglearn::linear_model::Ridge;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

async fn downcast() -> Device {
    let d = Device::gpu_with(GpuOptions { float64: Float64::Downcast, ..Default::default() })
        .await
        .expect("a GPU adapter for the downcast path");
    assert!(d.info().f64_downcast() && !d.info().native_f64, "{d}");
    d
}

/// `got` (on the downcasting device) against `want` (CPU float64) at float32's tolerance,
/// relative to the largest magnitude of `want` where values cancel.
async fn close(got: &Array, want: &Array, what: &str) {
    assert_eq!(got.dtype(), DType::F64, "{what}: the dtype stays float64");
    let (g, w) = (host(got).await, host(want).await);
    let scale = w.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for (i, (a, b)) in g.iter().zip(&w).enumerate() {
        assert!((a - b).abs() <= F32_TOL.1 + F32_TOL.0 * (b.abs() + scale), "{what}[{i}]: got {a}, want {b}");
    }
}

suite_test! {
    async fn float64_on_a_downcasting_gpu_matches_the_cpu_at_float32_precision(_paths) {
        let (d, cpu) = (downcast().await, Device::cpu());
        let mut rng = TestRng::new(5);
        let (n, p) = (60, 5);
        let xs = rng.vec(n * p, -2.0, 2.0);
        let ys: Vec<f64> = (0..n).map(|i| (i % 3) as f64).collect();
        let on = |dev: &Device| (Array::from_vec(dev, xs.clone(), &[n, p]).unwrap(), Array::from_vec(dev, ys.clone(), &[n]).unwrap());
        let ((x, y), (xc, yc)) = (on(&d), on(&cpu));
        type Op = fn(&Array) -> Result<Array>;
        let ops_: [(&str, Op); 6] = [
            ("exp", ops::exp),
            ("sqrt of abs", |a| ops::sqrt(&ops::abs(a)?)),
            ("sum", |a| ops::sum(a, Some(0), false)),
            ("var", |a| ops::var(a, Some(0), 0.0, false)),
            ("cumsum", |a| ops::cumsum(a, Some(0))),
            ("gram", |a| ops::gemm(a, a, true, false)),
        ];
        for (name, f) in ops_ {
            close(&f(&x).unwrap(), &f(&xc).unwrap(), name).await;
        }
        let (w, _) = ops::eigh(&ops::gemm(&x, &x, true, false).unwrap()).await.unwrap();
        let (wc, _) = ops::eigh(&ops::gemm(&xc, &xc, true, false).unwrap()).await.unwrap();
        close(&w, &wc, "eigh eigenvalues").await;

        let mut lda = LinearDiscriminantAnalysis::new();
        let mut lda_c = LinearDiscriminantAnalysis::new();
        lda.fit(&x, &y).await.unwrap();
        lda_c.fit(&xc, &yc).await.unwrap();
        close(&lda.predict_proba(&x).await.unwrap(), &lda_c.predict_proba(&xc).await.unwrap(), "LDA predict_proba").await;
        let mut ridge = Ridge::new().alpha(0.5);
        let mut ridge_c = Ridge::new().alpha(0.5);
        ridge.fit(&x, &y).await.unwrap();
        ridge_c.fit(&xc, &yc).await.unwrap();
        close(&ridge.predict(&x).await.unwrap(), &ridge_c.predict(&xc).await.unwrap(), "Ridge predict").await;
    }
}
