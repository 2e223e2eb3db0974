//! The metrics that estimators' `score` uses, on every path: values against hand-computed
//! answers (scikit-learn's own numbers are in the estimator fixtures' `score`), and the errors
//! for inputs no average is defined on.

mod common;

use common::*;
use std::future::IntoFuture;
use wglearn::metrics;
use wglearn::prelude::*;

fn arr(dev: &Device, v: &[f64], dtype: DType) -> Array {
    array(dev, v, &[v.len()], dtype)
}

#[test]
fn accuracy_and_r2_on_every_path() {
    for p in paths() {
        for dtype in [DType::F32, DType::F64] {
            let d = &p.device;
            let what = format!("{} {dtype}", p.name);
            let y = arr(d, &[0.0, 1.0, 2.0, 1.0], dtype);
            let pred = Array::from_vec(d, vec![0i32, 2, 2, 1], &[4]).unwrap();
            assert_eq!(block_on(metrics::accuracy_score(&y, &pred).into_future()).unwrap(), 0.75, "{what}");
            assert_eq!(block_on(metrics::accuracy_score(&y, &pred).normalize(false).into_future()).unwrap(), 3.0);
            let w = arr(d, &[1.0, 3.0, 1.0, 1.0], dtype);
            let weighted = block_on(metrics::accuracy_score(&y, &pred).sample_weight(&w).into_future()).unwrap();
            assert!((weighted - 0.5).abs() < 1e-7, "{what}: {weighted}");

            let yt = arr(d, &[1.0, 2.0, 3.0, 4.0], dtype);
            let yp = arr(d, &[1.0, 2.0, 3.0, 5.0], dtype);
            let r2 = block_on(metrics::r2_score(&yt, &yp).into_future()).unwrap();
            assert!((r2 - 0.8).abs() < 1e-6, "{what}: {r2}");
            // A constant target: 1 if predicted exactly, else 0; without force_finite -inf.
            let c = arr(d, &[2.0, 2.0, 2.0], dtype);
            let off = arr(d, &[2.0, 2.0, 3.0], dtype);
            assert_eq!(block_on(metrics::r2_score(&c, &c).into_future()).unwrap(), 1.0);
            assert_eq!(block_on(metrics::r2_score(&c, &off).into_future()).unwrap(), 0.0);
            let raw = block_on(metrics::r2_score(&c, &off).force_finite(false).into_future()).unwrap();
            assert_eq!(raw, f64::NEG_INFINITY, "{what}");
            // One sample: not defined, NaN as in scikit-learn.
            let one = arr(d, &[1.0], dtype);
            assert!(block_on(metrics::r2_score(&one, &one).into_future()).unwrap().is_nan());
        }
    }
}

#[test]
fn metrics_refuse_what_has_no_average() {
    for p in paths() {
        let d = &p.device;
        let y = arr(d, &[0.0, 1.0, 1.0], DType::F64);
        let zeros = arr(d, &[0.0, 0.0, 0.0], DType::F64);
        for r in [
            block_on(metrics::accuracy_score(&y, &y).sample_weight(&zeros).into_future()),
            block_on(metrics::r2_score(&y, &y).sample_weight(&zeros).into_future()),
        ] {
            assert!(matches!(r, Err(Error::InvalidParameter { name: "sample_weight", .. })), "{}: {r:?}", p.name);
        }
        let nan = arr(d, &[0.0, f64::NAN, 1.0], DType::F64);
        assert!(matches!(
            block_on(metrics::accuracy_score(&y, &nan).into_future()),
            Err(Error::NonFinite { count: 1, at, .. }) if at == [1]
        ));
        assert!(matches!(block_on(metrics::r2_score(&nan, &y).into_future()), Err(Error::NonFinite { .. })));
        let short = arr(d, &[0.0, 1.0], DType::F64);
        assert!(matches!(
            block_on(metrics::accuracy_score(&y, &short).into_future()),
            Err(Error::ShapeMismatch { .. })
        ));
        assert!(matches!(block_on(metrics::r2_score(&y, &short).into_future()), Err(Error::ShapeMismatch { .. })));
        let empty = arr(d, &[], DType::F64);
        assert!(matches!(block_on(metrics::r2_score(&empty, &empty).into_future()), Err(Error::EmptyInput { .. })));
    }
}
