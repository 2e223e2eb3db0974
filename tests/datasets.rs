//! The dataset generators: shapes, the constructions they promise, and the same data from a
//! seed on every path.

mod common;

use common::*;
use wglearn::datasets::*;
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::*;
use wglearn::prelude::*;

fn host(a: &Array) -> Vec<f64> {
    block_on(a.to_vec::<f64>()).unwrap()
}

fn same_on_every_path(what: &str, make: impl Fn(&Device) -> Vec<Array>) {
    let want = make(&Device::cpu());
    for p in gpu_paths() {
        for (g, w) in make(&p.device).iter().zip(&want) {
            assert_eq!(g.device().to_string(), p.device.to_string());
            assert_close(g, w, &format!("{what} on {}", p.name));
        }
    }
}

#[test]
fn make_classification_is_separable_and_device_independent() {
    let params = Classification {
        n_samples: 300,
        n_features: 8,
        n_informative: 3,
        n_classes: 3,
        random_state: 5,
        ..Default::default()
    };
    let (x, y) = block_on(make_classification(&Device::cpu(), &params)).unwrap();
    assert_eq!(y.dtype(), DType::I32, "labels are integers, as scikit-learn's");
    assert_eq!((x.shape(), y.shape()), (&[300, 8][..], &[300][..]));
    let mut labels = host(&y);
    labels.sort_by(f64::total_cmp);
    labels.dedup();
    assert_eq!(labels, vec![0.0, 1.0, 2.0]);
    // Two redundant features are combinations of the informative ones: rank 8 - 2.
    let s = host(&block_on(ops::svd(&x)).unwrap().1);
    assert!(s[5] > 1e-6 * s[0] && s[6] < 1e-8 * s[0], "singular values {s:?}");
    let mut lda = LinearDiscriminantAnalysis::new();
    block_on(lda.fit(&x, &y)).unwrap();
    assert!(block_on(lda.score(&x, &y)).unwrap() > 0.6);
    same_on_every_path("make_classification", |d| {
        let (x, y) = block_on(make_classification(d, &params)).unwrap();
        vec![x, y]
    });
    let bad = Classification { n_informative: 1, n_classes: 3, ..Default::default() };
    assert!(matches!(block_on(make_classification(&Device::cpu(), &bad)), Err(Error::InvalidParameter { .. })));
}

#[test]
fn make_regression_is_linear_and_device_independent() {
    let params =
        Regression { n_samples: 50, n_features: 6, n_informative: 3, bias: 2.5, random_state: 9, ..Default::default() };
    let (x, y, coef) = block_on(make_regression(&Device::cpu(), &params)).unwrap();
    assert_eq!((x.shape(), y.shape(), coef.shape()), (&[50, 6][..], &[50][..], &[6][..]));
    let fitted = ops::add_scalar(&ops::matvec(&x, &coef).unwrap(), 2.5).unwrap();
    assert_close(&fitted, &y, "y = X coef + bias");
    let c = host(&coef);
    assert_eq!(c.iter().filter(|v| **v != 0.0).count(), 3);
    assert!(c.iter().all(|v| (0.0..100.0).contains(v)));
    same_on_every_path("make_regression", |d| {
        let (x, y, c) =
            block_on(make_regression(d, &Regression { noise: 1.0, n_targets: 2, ..params.clone() })).unwrap();
        vec![x, y, c]
    });
}

#[test]
fn make_blobs_clusters_around_its_centers() {
    let params =
        Blobs { n_samples: 400, n_features: 3, centers: 4, cluster_std: 0.1, random_state: 3, ..Default::default() };
    let (x, y, centers) = block_on(make_blobs(&Device::cpu(), &params)).unwrap();
    assert_eq!(y.dtype(), DType::I32, "labels are integers, as scikit-learn's");
    let (xs, ys, cs) = (host(&x), host(&y), host(&centers));
    for i in 0..400 {
        let k = ys[i] as usize;
        for j in 0..3 {
            assert!((xs[i * 3 + j] - cs[k * 3 + j]).abs() < 1.0, "sample {i} far from center {k}");
        }
    }
    assert!(cs.iter().all(|v| (-10.0..10.0).contains(v)));
    same_on_every_path("make_blobs", |d| {
        let (x, y, c) = block_on(make_blobs(d, &params)).unwrap();
        vec![x, y, c]
    });
}

#[test]
fn lda_on_more_rows_than_one_jacobi_dispatch() {
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
    let (x, y) = block_on(make_classification(&Device::cpu(), &params)).unwrap();
    for dtype in [DType::F32, DType::F64] {
        let (x, y) = (ops::astype(&x, dtype).unwrap(), ops::astype(&y, dtype).unwrap());
        let mut want = LinearDiscriminantAnalysis::new();
        block_on(want.fit(&x, &y)).unwrap();
        let want_pred = host(&block_on(want.predict(&x)).unwrap());
        for p in gpu_paths() {
            let (xd, yd) = (block_on(x.to_device(&p.device)).unwrap(), block_on(y.to_device(&p.device)).unwrap());
            let mut lda = LinearDiscriminantAnalysis::new();
            block_on(lda.fit(&xd, &yd)).unwrap();
            let (rtol, _) = tol(dtype, &p.device);
            let (got, exp) = (host(&lda.coef_().unwrap()), host(&want.coef_().unwrap()));
            let scale = exp.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            let worst = got.iter().zip(&exp).map(|(g, w)| (g - w).abs()).fold(0.0, f64::max);
            assert!(worst <= 10.0 * rtol * scale, "coef_ {dtype} on {}: off by {worst} (scale {scale})", p.name);
            let pred = host(&block_on(lda.predict(&xd)).unwrap());
            let differ = pred.iter().zip(&want_pred).filter(|(a, b)| a != b).count();
            assert!(differ <= 4, "{differ} predictions differ, {dtype} on {}", p.name);
        }
    }
}
