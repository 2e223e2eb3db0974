//! Parity of the reductions on every path, over several axes and sizes that need more than one
//! pass on the GPU, plus known answers for the CPU reference.

#[macro_use]
mod common;

use common::*;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

type Fold = fn(&Array, Option<isize>, bool) -> Result<Array>;

/// [6, 20000] has rows wider than a quarter of the vulkan-windows path's 64 KiB bindings.
const SHAPES: &[&[usize]] = &[&[1, 1], &[5, 7], &[3000, 7], &[4, 300, 3], &[100_003], &[6, 20_000], &[]];

fn axes(ndim: usize) -> Vec<Option<isize>> {
    let mut v = vec![None];
    for a in 0..ndim as isize {
        v.push(Some(a));
    }
    if ndim > 0 {
        v.push(Some(-1));
    }
    v
}

suite_test! {
    async fn folds_match_cpu_on_every_axis(paths) {
        let folds: &[(&str, Fold)] = &[
            ("sum", ops::sum),
            ("prod", ops::prod),
            ("min", ops::min),
            ("max", ops::max),
            ("max_abs", ops::max_abs),
            ("mean", ops::mean),
            ("any", ops::any),
            ("all", ops::all),
            ("count_nonzero", ops::count_nonzero),
            ("logsumexp", ops::logsumexp),
        ];
        let mut rng = TestRng::new(3);
        for &shape in SHAPES {
            let n: usize = shape.iter().product();
            for &(name, f) in folds {
                // prod stays finite with factors near 1; the rest see a wide range.
                let (lo, hi) = if name == "prod" { (0.999, 1.001) } else { (-3.0, 3.0) };
                let values: Vec<f64> = rng
                    .vec(n, lo, hi)
                    .into_iter()
                    .map(|v| if name == "any" || name == "all" { v.round() } else { v })
                    .collect();
                for dtype in [DType::F32, DType::F64, DType::I32] {
                    if dtype == DType::I32 && (name == "prod" || name == "logsumexp") {
                        continue;
                    }
                    let values: Vec<f64> = if dtype == DType::I32 {
                        values.iter().map(|v| (v * 10.0).round()).collect()
                    } else {
                        values.clone()
                    };
                    for axis in axes(shape.len()) {
                        for keepdims in [false, true] {
                            let want = f(&array(&Device::cpu(), &values, shape, dtype), axis, keepdims).unwrap();
                            for p in gpus(paths) {
                                let got = f(&array(&p.device, &values, shape, dtype), axis, keepdims).unwrap();
                                assert_close(
                                    &got,
                                    &want,
                                    &format!("{name} {dtype} {shape:?} axis {axis:?} keepdims {keepdims} on {}", p.name),
                                ).await;
                            }
                        }
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn var_std_and_args_match_cpu(paths) {
        let mut rng = TestRng::new(9);
        for &shape in SHAPES {
            let n: usize = shape.iter().product();
            let mut values = rng.vec(n, -100.0, 100.0);
            if n > 100 {
                // Ties: the first occurrence wins.
                values[17] = 500.0;
                values[n - 1] = 500.0;
                values[18] = -500.0;
                values[n - 2] = -500.0;
            }
            for dtype in [DType::F32, DType::F64] {
                for axis in axes(shape.len()) {
                    let cpu = array(&Device::cpu(), &values, shape, dtype);
                    let want_var = ops::var(&cpu, axis, 1.0, false).unwrap();
                    let want_std = ops::std(&cpu, axis, 0.0, true).unwrap();
                    let want_argmin = ops::argmin(&cpu, axis).unwrap();
                    let want_argmax = ops::argmax(&cpu, axis).unwrap();
                    for p in gpus(paths) {
                        let a = array(&p.device, &values, shape, dtype);
                        let what = |op: &str| format!("{op} {dtype} {shape:?} axis {axis:?} on {}", p.name);
                        assert_close(&ops::var(&a, axis, 1.0, false).unwrap(), &want_var, &what("var")).await;
                        assert_close(&ops::std(&a, axis, 0.0, true).unwrap(), &want_std, &what("std")).await;
                        assert_close(&ops::argmin(&a, axis).unwrap(), &want_argmin, &what("argmin")).await;
                        assert_close(&ops::argmax(&a, axis).unwrap(), &want_argmax, &what("argmax")).await;
                    }
                }
            }
        }
    }
}

suite_test! {
    /// The fused Σ (a − b)² against its composition on the CPU, and every path against the CPU,
    /// for each way `b` may broadcast: the same shape, constant along the axis (a kept mean), one
    /// value, and a row (which the fused host loop does not serve).
    async fn sum_squared_difference_matches_its_composition(paths) {
        let mut rng = TestRng::new(21);
        for &shape in SHAPES {
            let n: usize = shape.iter().product();
            let a_values = rng.vec(n, -3.0, 3.0);
            let last = shape.last().copied().unwrap_or(1);
            for dtype in [DType::F32, DType::F64, DType::I32] {
                for axis in axes(shape.len()) {
                    let a = array(&Device::cpu(), &a_values, shape, dtype);
                    let kept = ops::mean(&a, axis, true).unwrap();
                    let bs = [
                        array(&Device::cpu(), &rng.vec(n, -3.0, 3.0), shape, dtype),
                        ops::astype(&kept, dtype).unwrap(),
                        array(&Device::cpu(), &[0.5], &[], dtype),
                        array(&Device::cpu(), &rng.vec(last, -3.0, 3.0), &[last], dtype),
                    ];
                    for b in &bs {
                        for keepdims in [false, true] {
                            let what = format!("{dtype} {shape:?} - {:?} axis {axis:?} keepdims {keepdims}", b.shape());
                            let want = ops::sum(
                                &ops::square(&ops::sub(&ops::astype(&a, DType::F64).unwrap(), b).unwrap()).unwrap(),
                                axis,
                                keepdims,
                            )
                            .unwrap();
                            let want = ops::astype(&want, dtype.float_result()).unwrap();
                            let got = ops::sum_squared_difference(&a, b, axis, keepdims).unwrap();
                            assert_eq!(got.dtype(), dtype.float_result(), "{what}");
                            assert_close(&got, &want, &format!("{what} on cpu")).await;
                            for p in gpus(paths) {
                                let (a, b) =
                                    (a.to_device(&p.device).await.unwrap(), b.to_device(&p.device).await.unwrap());
                                let got = ops::sum_squared_difference(&a, &b, axis, keepdims).unwrap();
                                assert_close(&got, &want, &format!("{what} on {}", p.name)).await;
                            }
                        }
                    }
                }
            }
        }
        let bad = ops::sum_squared_difference(
            &Array::zeros(&Device::cpu(), &[3, 2], DType::F64).unwrap(),
            &Array::zeros(&Device::cpu(), &[4], DType::F64).unwrap(),
            Some(0),
            false,
        );
        assert!(matches!(bad, Err(Error::ShapeMismatch { .. })), "{bad:?}");
    }
}

suite_test! {
    async fn known_answers(paths) {
        for p in paths {
            let d = &p.device;
            let a = Array::arange(d, 0.0, 10.0, 1.0, DType::F64).unwrap().reshape(&[2, 5]).unwrap();
            let v = async |x: Array| host(&x).await;
            assert_eq!(v(ops::sum(&a, None, false).unwrap()).await, vec![45.0], "{}", p.name);
            assert_eq!(v(ops::sum(&a, Some(0), false).unwrap()).await, vec![5.0, 7.0, 9.0, 11.0, 13.0], "{}", p.name);
            assert_eq!(v(ops::max(&a, Some(1), false).unwrap()).await, vec![4.0, 9.0], "{}", p.name);
            assert_eq!(v(ops::argmax(&a, None).unwrap()).await, vec![9.0], "{}", p.name);
            assert_eq!(v(ops::mean(&a, Some(1), false).unwrap()).await, vec![2.0, 7.0], "{}", p.name);
            // numpy.var(arange(10)) == 8.25, with ddof=1 it is 9.1666...
            assert!((v(ops::var(&a, None, 0.0, false).unwrap()).await[0] - 8.25).abs() < 1e-6, "{}", p.name);
            assert!((v(ops::var(&a, None, 1.0, false).unwrap()).await[0] - 55.0 / 6.0).abs() < 1e-6, "{}", p.name);
            // scipy.special.logsumexp([0, log 3]) == log 4
            let l = Array::from_slice(d, &[0.0, 3f64.ln()]).unwrap();
            assert!((v(ops::logsumexp(&l, None, false).unwrap()).await[0] - 4f64.ln()).abs() < 1e-6, "{}", p.name);
            let ninf = Array::from_slice(d, &[f64::NEG_INFINITY, f64::NEG_INFINITY]).unwrap();
            assert_eq!(v(ops::logsumexp(&ninf, None, false).unwrap()).await, vec![f64::NEG_INFINITY], "{}", p.name);
            let with_nan = Array::from_slice(d, &[1.0, f64::NAN, 3.0]).unwrap();
            assert!(v(ops::max(&with_nan, None, false).unwrap()).await[0].is_nan(), "{}", p.name);
            assert_eq!(v(ops::argmax(&with_nan, None).unwrap()).await, vec![1.0], "{}", p.name);
            assert_eq!(v(ops::argmin(&with_nan, None).unwrap()).await, vec![1.0], "{}", p.name);
            // max |x|: NaN wherever it lies (also past the vectorized loops' first blocks),
            // -inf as inf, |i32::MIN| in float64.
            let m = Array::from_slice(d, &[-7.0, 2.0, 5.0]).unwrap();
            assert_eq!(v(ops::max_abs(&m, None, false).unwrap()).await, vec![7.0], "{}", p.name);
            let inf = Array::from_slice(d, &[1.0, f64::NEG_INFINITY]).unwrap();
            assert_eq!(v(ops::max_abs(&inf, None, false).unwrap()).await, vec![f64::INFINITY], "{}", p.name);
            let ints = Array::from_slice(d, &[i32::MIN, 3]).unwrap();
            let got = ops::max_abs(&ints, None, false).unwrap();
            assert_eq!((got.dtype(), v(got).await), (DType::F64, vec![2_147_483_648.0]), "{}", p.name);
            for at in [0, 517, 999] {
                let mut vals: Vec<f64> = (0..1000).map(|i| ((i * 37) % 101) as f64 - 50.0).collect();
                vals[at] = f64::NAN;
                let x = Array::from_slice(d, &vals).unwrap();
                let cols = x.reshape(&[250, 4]).unwrap();
                for (name, f) in [("min", ops::min as Fold), ("max", ops::max), ("max_abs", ops::max_abs)] {
                    assert!(v(f(&x, None, false).unwrap()).await[0].is_nan(), "{name} NaN at {at} on {}", p.name);
                    let by_col = v(f(&cols, Some(0), false).unwrap()).await;
                    for (c, got) in by_col.iter().enumerate() {
                        assert_eq!(got.is_nan(), c == at % 4, "{name} column {c}, NaN at {at}, on {}", p.name);
                    }
                }
            }
            let b = Array::from_slice(d, &[true, false, true]).unwrap();
            assert_eq!(ops::count_nonzero(&b, None, false).unwrap().to_vec::<i32>().await.unwrap(), vec![2]);
            assert_eq!(ops::any(&b, None, false).unwrap().dtype(), DType::Bool);
        }
    }
}

suite_test! {
    async fn empty_reductions(paths) {
        for p in paths {
            let e = Array::zeros(&p.device, &[0, 3], DType::F32).unwrap();
            let s = ops::sum(&e, Some(0), false).unwrap().to_vec::<f32>().await.unwrap();
            assert_eq!(s, vec![0.0; 3], "{}", p.name);
            assert!(matches!(ops::max(&e, Some(0), false), Err(Error::EmptyInput { op: "max", .. })), "{}", p.name);
            let got = ops::max_abs(&e, Some(0), false);
            assert!(matches!(got, Err(Error::EmptyInput { op: "max_abs", .. })), "{}", p.name);
            assert!(matches!(ops::argmin(&e, None), Err(Error::EmptyInput { op: "argmin", .. })), "{}", p.name);
            // Reducing the non-empty axis of an empty array gives an empty result, as NumPy.
            assert_eq!(ops::max(&e, Some(1), false).unwrap().shape(), &[0]);
            assert!(matches!(ops::sum(&e, Some(2), false), Err(Error::AxisOutOfRange { axis: 2, ndim: 2, .. })));
        }
    }
}

suite_test! {
    /// More rows than one grid dimension holds (65 535 workgroups): the grid is folded into two
    /// dimensions, and the workgroups past the end must leave the result alone. (In browsers,
    /// whose robustness clamps writes into the binding, they once overwrote the last row.)
    async fn reductions_past_one_grid_dimension(paths) {
        let (rows, cols) = (65_600, 129);
        let values: Vec<f64> = (0..(rows * cols) as u64).map(|i| ((i * 7919) % 1013) as f64 - 500.0).collect();
        let want = |f: fn(&Array) -> Result<Array>| f(&array(&Device::cpu(), &values, &[rows, cols], DType::F32)).unwrap();
        let sum: fn(&Array) -> Result<Array> = |a| ops::sum(a, Some(1), false);
        let argmax: fn(&Array) -> Result<Array> = |a| ops::argmax(a, Some(1));
        for p in gpus(paths) {
            let a = array(&p.device, &values, &[rows, cols], DType::F32);
            assert_close(&sum(&a).unwrap(), &want(sum), &format!("sum of {rows} rows on {}", p.name)).await;
            assert_close(&argmax(&a).unwrap(), &want(argmax), &format!("argmax of {rows} rows on {}", p.name)).await;
        }
    }
}
