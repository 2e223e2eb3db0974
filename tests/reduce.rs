//! Parity of the reductions on every path, over several axes and sizes that need more than one
//! pass on the GPU, plus known answers for the CPU reference.

mod common;

use common::*;
use wglearn::prelude::*;

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

#[test]
fn folds_match_cpu_on_every_axis() {
    let folds: &[(&str, Fold)] = &[
        ("sum", ops::sum),
        ("prod", ops::prod),
        ("min", ops::min),
        ("max", ops::max),
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
                        for p in gpu_paths() {
                            let got = f(&array(&p.device, &values, shape, dtype), axis, keepdims).unwrap();
                            assert_close(
                                &got,
                                &want,
                                &format!("{name} {dtype} {shape:?} axis {axis:?} keepdims {keepdims} on {}", p.name),
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn var_std_and_args_match_cpu() {
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
                for p in gpu_paths() {
                    let a = array(&p.device, &values, shape, dtype);
                    let what = |op: &str| format!("{op} {dtype} {shape:?} axis {axis:?} on {}", p.name);
                    assert_close(&ops::var(&a, axis, 1.0, false).unwrap(), &want_var, &what("var"));
                    assert_close(&ops::std(&a, axis, 0.0, true).unwrap(), &want_std, &what("std"));
                    assert_close(&ops::argmin(&a, axis).unwrap(), &want_argmin, &what("argmin"));
                    assert_close(&ops::argmax(&a, axis).unwrap(), &want_argmax, &what("argmax"));
                }
            }
        }
    }
}

/// The fused Σ (a − b)² against its composition on the CPU, and every path against the CPU,
/// for each way `b` may broadcast: the same shape, constant along the axis (a kept mean), one
/// value, and a row (which the fused host loop does not serve).
#[test]
fn sum_squared_difference_matches_its_composition() {
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
                        assert_close(&got, &want, &format!("{what} on cpu"));
                        for p in gpu_paths() {
                            let (a, b) =
                                (block_on(a.to_device(&p.device)).unwrap(), block_on(b.to_device(&p.device)).unwrap());
                            let got = ops::sum_squared_difference(&a, &b, axis, keepdims).unwrap();
                            assert_close(&got, &want, &format!("{what} on {}", p.name));
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

#[test]
fn known_answers() {
    for p in paths() {
        let d = &p.device;
        let a = Array::arange(d, 0.0, 10.0, 1.0, DType::F64).unwrap().reshape(&[2, 5]).unwrap();
        let v = |x: Array| block_on(x.to_vec::<f64>()).unwrap();
        assert_eq!(v(ops::sum(&a, None, false).unwrap()), vec![45.0], "{}", p.name);
        assert_eq!(v(ops::sum(&a, Some(0), false).unwrap()), vec![5.0, 7.0, 9.0, 11.0, 13.0], "{}", p.name);
        assert_eq!(v(ops::max(&a, Some(1), false).unwrap()), vec![4.0, 9.0], "{}", p.name);
        assert_eq!(v(ops::argmax(&a, None).unwrap()), vec![9.0], "{}", p.name);
        assert_eq!(v(ops::mean(&a, Some(1), false).unwrap()), vec![2.0, 7.0], "{}", p.name);
        // numpy.var(arange(10)) == 8.25, with ddof=1 it is 9.1666...
        assert!((v(ops::var(&a, None, 0.0, false).unwrap())[0] - 8.25).abs() < 1e-6, "{}", p.name);
        assert!((v(ops::var(&a, None, 1.0, false).unwrap())[0] - 55.0 / 6.0).abs() < 1e-6, "{}", p.name);
        // scipy.special.logsumexp([0, log 3]) == log 4
        let l = Array::from_slice(d, &[0.0, 3f64.ln()]).unwrap();
        assert!((v(ops::logsumexp(&l, None, false).unwrap())[0] - 4f64.ln()).abs() < 1e-6, "{}", p.name);
        let ninf = Array::from_slice(d, &[f64::NEG_INFINITY, f64::NEG_INFINITY]).unwrap();
        assert_eq!(v(ops::logsumexp(&ninf, None, false).unwrap()), vec![f64::NEG_INFINITY], "{}", p.name);
        let with_nan = Array::from_slice(d, &[1.0, f64::NAN, 3.0]).unwrap();
        assert!(v(ops::max(&with_nan, None, false).unwrap())[0].is_nan(), "{}", p.name);
        assert_eq!(v(ops::argmax(&with_nan, None).unwrap()), vec![1.0], "{}", p.name);
        assert_eq!(v(ops::argmin(&with_nan, None).unwrap()), vec![1.0], "{}", p.name);
        let b = Array::from_slice(d, &[true, false, true]).unwrap();
        assert_eq!(block_on(ops::count_nonzero(&b, None, false).unwrap().to_vec::<i32>()).unwrap(), vec![2]);
        assert_eq!(ops::any(&b, None, false).unwrap().dtype(), DType::Bool);
    }
}

#[test]
fn empty_reductions() {
    for p in paths() {
        let e = Array::zeros(&p.device, &[0, 3], DType::F32).unwrap();
        let s = block_on(ops::sum(&e, Some(0), false).unwrap().to_vec::<f32>()).unwrap();
        assert_eq!(s, vec![0.0; 3], "{}", p.name);
        assert!(matches!(ops::max(&e, Some(0), false), Err(Error::EmptyInput { op: "max", .. })), "{}", p.name);
        assert!(matches!(ops::argmin(&e, None), Err(Error::EmptyInput { op: "argmin", .. })), "{}", p.name);
        // Reducing the non-empty axis of an empty array gives an empty result, as NumPy.
        assert_eq!(ops::max(&e, Some(1), false).unwrap().shape(), &[0]);
        assert!(matches!(ops::sum(&e, Some(2), false), Err(Error::AxisOutOfRange { axis: 2, ndim: 2, .. })));
    }
}
