//! The dataset generators: shapes, the constructions they promise, and the same data from a
//! seed on every path.

#[macro_use]
mod common;

use common::*;
use wglearn::datasets::*;
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::*;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

async fn same_on_every_path(paths: &[Path], what: &str, make: impl AsyncFn(&Device) -> Vec<Array>) {
    let want = make(&Device::cpu()).await;
    for p in gpus(paths) {
        for (g, w) in make(&p.device).await.iter().zip(&want) {
            assert_eq!(g.device().to_string(), p.device.to_string());
            assert_close(g, w, &format!("{what} on {}", p.name)).await;
        }
    }
}

suite_test! {
    async fn make_classification_is_separable_and_device_independent(paths) {
        let params = Classification {
            n_samples: 300,
            n_features: 8,
            n_informative: 3,
            n_classes: 3,
            random_state: 5,
            ..Default::default()
        };
        let (x, y) = make_classification(&Device::cpu(), &params).await.unwrap();
        assert_eq!(y.dtype(), DType::I32, "labels are integers, as scikit-learn's");
        assert_eq!((x.shape(), y.shape()), (&[300, 8][..], &[300][..]));
        let mut labels = host(&y).await;
        labels.sort_by(f64::total_cmp);
        labels.dedup();
        assert_eq!(labels, vec![0.0, 1.0, 2.0]);
        // Two redundant features are combinations of the informative ones: rank 8 - 2.
        let s = host(&ops::svd(&x).await.unwrap().1).await;
        assert!(s[5] > 1e-6 * s[0] && s[6] < 1e-8 * s[0], "singular values {s:?}");
        let mut lda = LinearDiscriminantAnalysis::new();
        lda.fit(&x, &y).await.unwrap();
        assert!(lda.score(&x, &y).await.unwrap() > 0.6);
        same_on_every_path(paths, "make_classification", async |d: &Device| {
            let (x, y) = make_classification(d, &params).await.unwrap();
            vec![x, y]
        }).await;
        let bad = Classification { n_informative: 1, n_classes: 3, ..Default::default() };
        assert!(matches!(make_classification(&Device::cpu(), &bad).await, Err(Error::InvalidParameter { .. })));
    }
}

suite_test! {
    async fn make_regression_is_linear_and_device_independent(paths) {
        let params =
            Regression { n_samples: 50, n_features: 6, n_informative: 3, bias: 2.5, random_state: 9, ..Default::default() };
        let (x, y, coef) = make_regression(&Device::cpu(), &params).await.unwrap();
        assert_eq!((x.shape(), y.shape(), coef.shape()), (&[50, 6][..], &[50][..], &[6][..]));
        let fitted = ops::add_scalar(&ops::matvec(&x, &coef).unwrap(), 2.5).unwrap();
        assert_close(&fitted, &y, "y = X coef + bias").await;
        let c = host(&coef).await;
        assert_eq!(c.iter().filter(|v| **v != 0.0).count(), 3);
        assert!(c.iter().all(|v| (0.0..100.0).contains(v)));
        same_on_every_path(paths, "make_regression", async |d: &Device| {
            let (x, y, c) =
                make_regression(d, &Regression { noise: 1.0, n_targets: 2, ..params.clone() }).await.unwrap();
            vec![x, y, c]
        }).await;
    }
}

suite_test! {
    async fn make_blobs_clusters_around_its_centers(paths) {
        let params =
            Blobs { n_samples: 400, n_features: 3, centers: 4, cluster_std: 0.1, random_state: 3, ..Default::default() };
        let (x, y, centers) = make_blobs(&Device::cpu(), &params).await.unwrap();
        assert_eq!(y.dtype(), DType::I32, "labels are integers, as scikit-learn's");
        let (xs, ys, cs) = (host(&x).await, host(&y).await, host(&centers).await);
        for i in 0..400 {
            let k = ys[i] as usize;
            for j in 0..3 {
                assert!((xs[i * 3 + j] - cs[k * 3 + j]).abs() < 1.0, "sample {i} far from center {k}");
            }
        }
        assert!(cs.iter().all(|v| (-10.0..10.0).contains(v)));
        same_on_every_path(paths, "make_blobs", async |d: &Device| {
            let (x, y, c) = make_blobs(d, &params).await.unwrap();
            vec![x, y, c]
        }).await;
    }
}

suite_test! {
    async fn lda_on_more_rows_than_one_jacobi_dispatch(paths) {
        // 40000 rows take the tall SVD on GPUs, and the two redundant features make the scaled
        // data rank deficient: the fit must find rank 18 on every path, as on the CPU.
        let params = Classification {
            n_samples: 40_000,
            n_features: 20,
            n_informative: 4,
            n_redundant: 2,
            n_classes: 3,
            random_state: 11,
            ..Default::default()
        };
        let (x, y) = make_classification(&Device::cpu(), &params).await.unwrap();
        for dtype in [DType::F32, DType::F64] {
            let (x, y) = (ops::astype(&x, dtype).unwrap(), ops::astype(&y, dtype).unwrap());
            let mut want = LinearDiscriminantAnalysis::new();
            want.fit(&x, &y).await.unwrap();
            let want_pred = host(&want.predict(&x).await.unwrap()).await;
            for p in gpus(paths) {
                let (xd, yd) = (x.to_device(&p.device).await.unwrap(), y.to_device(&p.device).await.unwrap());
                let mut lda = LinearDiscriminantAnalysis::new();
                lda.fit(&xd, &yd).await.unwrap();
                let (rtol, _) = tol(dtype, &p.device);
                let (got, exp) = (host(&lda.coef_().unwrap()).await, host(&want.coef_().unwrap()).await);
                let scale = exp.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                let worst = got.iter().zip(&exp).map(|(g, w)| (g - w).abs()).fold(0.0, f64::max);
                assert!(worst <= 10.0 * rtol * scale, "coef_ {dtype} on {}: off by {worst} (scale {scale})", p.name);
                let pred = host(&lda.predict(&xd).await.unwrap()).await;
                let differ = pred.iter().zip(&want_pred).filter(|(a, b)| a != b).count();
                assert!(differ <= 4, "{differ} predictions differ, {dtype} on {}", p.name);
            }
        }
    }
}
