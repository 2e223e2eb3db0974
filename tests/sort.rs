//! Parity of cumsum, sort, argsort, unique, searchsorted, bincount, take and take_along_axis
//! on every path,
//! with known answers for the CPU reference.

#[macro_use]
mod common;

use common::*;
use wglearn::ops::Side;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn ints(rng: &mut TestRng, n: usize, hi: f64) -> Vec<f64> {
    rng.vec(n, 0.0, hi).into_iter().map(f64::floor).collect()
}

suite_test! {
    async fn cumsum_matches_cpu(paths) {
        let mut rng = TestRng::new(1);
        // (70000, 2) along axis 0 runs longer than llvmpipe's loop budget in one dispatch.
        let shapes: &[&[usize]] = &[&[1], &[5, 7], &[3000], &[2, 5000], &[40, 3, 2], &[70_000, 2], &[]];
        for &shape in shapes {
            let n: usize = shape.iter().product();
            let values = ints(&mut rng, n, 10.0);
            for dtype in [DType::F32, DType::F64, DType::I32] {
                let mut axes = vec![None];
                axes.extend((0..shape.len() as isize).map(Some));
                for axis in axes {
                    let want = ops::cumsum(&array(&Device::cpu(), &values, shape, dtype), axis).unwrap();
                    for p in gpus(paths) {
                        let got = ops::cumsum(&array(&p.device, &values, shape, dtype), axis).unwrap();
                        assert_close(&got, &want, &format!("cumsum {dtype} {shape:?} axis {axis:?} on {}", p.name)).await;
                    }
                }
            }
        }
        let c = ops::cumsum(&Array::from_slice(&Device::cpu(), &[1, 2, 3, 4]).unwrap(), None).unwrap();
        assert_eq!(c.to_vec::<i32>().await.unwrap(), vec![1, 3, 6, 10]);
    }
}

suite_test! {
    async fn sort_and_argsort_are_stable_and_put_nan_last(paths) {
        let mut rng = TestRng::new(2);
        // [2, 20000] rows exceed the 64 KiB bindings of the vulkan-windows path: chunked sorts.
        let shapes: &[&[usize]] = &[&[1], &[7, 13], &[1000], &[3, 4, 5], &[2, 20_000]];
        for &shape in shapes {
            let n: usize = shape.iter().product();
            // Few distinct values, so stability matters.
            let mut values = ints(&mut rng, n, 6.0);
            if n > 10 {
                values[3] = f64::NAN;
                values[7] = f64::NAN;
            }
            for dtype in [DType::F32, DType::F64, DType::I32] {
                let vals: Vec<f64> =
                    values.iter().map(|v| if dtype == DType::I32 && v.is_nan() { 2.0 } else { *v }).collect();
                for axis in 0..shape.len() as isize {
                    let cpu = array(&Device::cpu(), &vals, shape, dtype);
                    let want_s = ops::sort(&cpu, axis).unwrap();
                    let want_a = ops::argsort(&cpu, axis).unwrap();
                    for p in gpus(paths) {
                        let a = array(&p.device, &vals, shape, dtype);
                        assert_close(
                            &ops::sort(&a, axis).unwrap(),
                            &want_s,
                            &format!("sort {dtype} {shape:?} axis {axis} on {}", p.name),
                        ).await;
                        assert_close(
                            &ops::argsort(&a, axis).unwrap(),
                            &want_a,
                            &format!("argsort {dtype} {shape:?} axis {axis} on {}", p.name),
                        ).await;
                    }
                }
            }
        }
        // numpy.argsort([3, 1, 2, 1, nan, 0], kind='stable') == [5, 1, 3, 2, 0, 4]
        for p in paths {
            let a = Array::from_slice(&p.device, &[3.0, 1.0, 2.0, 1.0, f64::NAN, 0.0]).unwrap();
            assert_eq!(
                ops::argsort(&a, -1).unwrap().to_vec::<i32>().await.unwrap(),
                vec![5, 1, 3, 2, 0, 4],
                "{}",
                p.name
            );
        }
    }
}

suite_test! {
    async fn unique_matches_numpy(paths) {
        for p in paths {
            let d = &p.device;
            // numpy.unique([3, 1, nan, 2, 1, 3, nan, 3], return_inverse=True, return_counts=True)
            let a = Array::from_slice(d, &[3.0, 1.0, f64::NAN, 2.0, 1.0, 3.0, f64::NAN, 3.0]).unwrap();
            let values = ops::unique_values(&a).await.unwrap().to_vec::<f64>().await.unwrap();
            assert_eq!(&values[..3], &[1.0, 2.0, 3.0], "{}", p.name);
            assert!(values[3].is_nan() && values.len() == 4, "{}: {values:?}", p.name);
            let (_, counts) = ops::unique_counts(&a).await.unwrap();
            assert_eq!(counts.to_vec::<i32>().await.unwrap(), vec![2, 1, 3, 2], "{}", p.name);
            let (_, inverse) = ops::unique_inverse(&a).await.unwrap();
            assert_eq!(inverse.to_vec::<i32>().await.unwrap(), vec![2, 0, 3, 1, 0, 2, 3, 2], "{}", p.name);
            let empty = Array::zeros(d, &[0], DType::I32).unwrap();
            assert_eq!(ops::unique_values(&empty).await.unwrap().len(), 0);
            assert_eq!(ops::unique_counts(&empty).await.unwrap().1.len(), 0);
        }
        let mut rng = TestRng::new(8);
        let values = ints(&mut rng, 5000, 300.0);
        let cpu = array(&Device::cpu(), &values, &[50, 100], DType::I32);
        let (wv, wc) = ops::unique_counts(&cpu).await.unwrap();
        let (_, wi) = ops::unique_inverse(&cpu).await.unwrap();
        for p in gpus(paths) {
            let a = array(&p.device, &values, &[50, 100], DType::I32);
            let (v, c) = ops::unique_counts(&a).await.unwrap();
            let (_, i) = ops::unique_inverse(&a).await.unwrap();
            assert_close(&v, &wv, &format!("unique values on {}", p.name)).await;
            assert_close(&c, &wc, &format!("unique counts on {}", p.name)).await;
            assert_close(&i, &wi, &format!("unique inverse on {}", p.name)).await;
        }
    }
}

suite_test! {
    async fn searchsorted_bincount_and_take_match_cpu(paths) {
        for p in paths {
            let d = &p.device;
            let s = Array::from_slice(d, &[1.0, 2.0, 2.0, 3.0]).unwrap();
            let v = Array::from_slice(d, &[0.0, 2.0, 2.5, 9.0]).unwrap();
            assert_eq!(
                ops::searchsorted(&s, &v, Side::Left).unwrap().to_vec::<i32>().await.unwrap(),
                vec![0, 1, 3, 4],
                "{}",
                p.name
            );
            assert_eq!(
                ops::searchsorted(&s, &v, Side::Right).unwrap().to_vec::<i32>().await.unwrap(),
                vec![0, 3, 3, 4],
                "{}",
                p.name
            );
            // numpy.bincount([0, 1, 1, 3, 2, 1, 7]) and with weights
            let x = Array::from_slice(d, &[0, 1, 1, 3, 2, 1, 7]).unwrap();
            let c = ops::bincount(&x, None, 0).await.unwrap();
            assert_eq!(c.to_vec::<i32>().await.unwrap(), vec![1, 3, 1, 1, 0, 0, 0, 1], "{}", p.name);
            let c = ops::bincount(&x, None, 10).await.unwrap();
            assert_eq!(c.len(), 10);
            let w = Array::from_slice(d, &[0.5, 1.0, 1.0, 2.0, 0.25, -1.0, 3.0]).unwrap();
            let c = ops::bincount(&x, Some(&w), 0).await.unwrap();
            assert_eq!(c.to_vec::<f64>().await.unwrap(), vec![0.5, 1.0, 0.25, 2.0, 0.0, 0.0, 0.0, 3.0], "{}", p.name);
            let neg = Array::from_slice(d, &[1, -2]).unwrap();
            assert!(
                matches!(ops::bincount(&neg, None, 0).await, Err(Error::InvalidParameter { name: "x", .. })),
                "{}",
                p.name
            );
            // A uint32 value past int32 is named as given, not as the negative int32 it wraps to.
            let big = Array::from_slice(d, &[1u32, u32::MAX]).unwrap();
            match ops::bincount(&big, None, 0).await {
                Err(Error::InvalidParameter { name: "x", value, .. }) => assert_eq!(value, "4294967295", "{}", p.name),
                r => panic!("{}: {:?}", p.name, r.map(|a| a.shape().to_vec())),
            }
            // take along both axes, with a negative index
            let m = Array::arange(d, 0.0, 12.0, 1.0, DType::F32).unwrap().reshape(&[3, 4]).unwrap();
            let rows = Array::from_slice(d, &[2, 0, -1]).unwrap();
            let t = ops::take(&m, &rows, 0).await.unwrap();
            assert_eq!(t.shape(), &[3, 4]);
            assert_eq!(
                t.to_vec::<f32>().await.unwrap(),
                vec![8., 9., 10., 11., 0., 1., 2., 3., 8., 9., 10., 11.],
                "{}",
                p.name
            );
            let cols = Array::from_slice(d, &[3, 1]).unwrap();
            let t = ops::take(&m, &cols, 1).await.unwrap();
            assert_eq!(t.to_vec::<f32>().await.unwrap(), vec![3., 1., 7., 5., 11., 9.], "{}", p.name);
            let bad = Array::from_slice(d, &[0, 3]).unwrap();
            match ops::take(&m, &bad, 0).await {
                Err(Error::IndexOutOfBounds { index: 3, axis: 0, size: 3, .. }) => {}
                other => panic!("{}: expected IndexOutOfBounds, got {other:?}", p.name),
            }
            // take_indices: host indices, no readback; the same rows as take.
            let t = ops::take_indices(&m, &[2, 0, 2], 0).unwrap();
            assert_eq!(
                t.to_vec::<f32>().await.unwrap(),
                vec![8., 9., 10., 11., 0., 1., 2., 3., 8., 9., 10., 11.],
                "{}",
                p.name
            );
            let t = ops::take_indices(&m, &[3, 1], 1).unwrap();
            assert_eq!(t.to_vec::<f32>().await.unwrap(), vec![3., 1., 7., 5., 11., 9.], "{}", p.name);
            match ops::take_indices(&m, &[0, 3], 0) {
                Err(Error::IndexOutOfBounds { index: 3, axis: 0, size: 3, .. }) => {}
                other => panic!("{}: expected IndexOutOfBounds, got {other:?}", p.name),
            }
            // take_along_axis: each column in its own order (NumPy's), negative indices too, and
            // the order argsort gives puts the values in sorted order.
            let order = Array::from_vec(d, vec![2i32, 0, -1, 1, 0, 1, 2, 0, 1, 2, 0, 2], &[3, 4]).unwrap();
            let t = ops::take_along_axis(&m, &order, 0).await.unwrap();
            assert_eq!(t.shape(), &[3, 4]);
            assert_eq!(
                t.to_vec::<f32>().await.unwrap(),
                vec![8., 1., 10., 7., 0., 5., 10., 3., 4., 9., 2., 11.],
                "{}",
                p.name
            );
            let rows = Array::from_vec(d, vec![3u32, 0, 0, 2, 1, 1], &[3, 2]).unwrap();
            let t = ops::take_along_axis(&m, &rows, 1).await.unwrap();
            assert_eq!(t.to_vec::<f32>().await.unwrap(), vec![3., 0., 4., 6., 9., 9.], "{}", p.name);
            let v = array(d, &[3.0, -1.0, 2.0, 0.5, 7.0, -4.0], &[2, 3], DType::F64);
            let sorted = ops::take_along_axis(&v, &ops::argsort(&v, 1).unwrap(), 1).await.unwrap();
            assert_eq!(sorted.to_vec::<f64>().await.unwrap(), vec![-1.0, 2.0, 3.0, -4.0, 0.5, 7.0], "{}", p.name);
            let bad = Array::from_vec(d, vec![0i32, 3, 1, 2], &[1, 4]).unwrap();
            match ops::take_along_axis(&m, &bad, 0).await {
                Err(Error::IndexOutOfBounds { op: "take_along_axis", index: 3, axis: 0, size: 3 }) => {}
                other => panic!("{}: expected IndexOutOfBounds, got {other:?}", p.name),
            }
            let wrong = Array::from_vec(d, vec![0i32, 1], &[1, 2]).unwrap();
            assert!(
                matches!(ops::take_along_axis(&m, &wrong, 0).await, Err(Error::ShapeMismatch { .. })),
                "{}",
                p.name
            );
        }
        // Two bins of 40000 weights each: longer runs than one dispatch sums, and more weights
        // than one binding of the vulkan-windows path holds.
        let mut rng = TestRng::new(6);
        let n = 80_000;
        let xs = ints(&mut rng, n, 2.0);
        let ws = rng.vec(n, 0.0, 1.0);
        let cpu = Device::cpu();
        let want =
            ops::bincount(&array(&cpu, &xs, &[n], DType::I32), Some(&array(&cpu, &ws, &[n], DType::F64)), 0).await
                .unwrap();
        let want_u = ops::unique_inverse(&array(&cpu, &xs, &[n], DType::I32)).await.unwrap().1;
        let rows: Vec<f64> = (0..n).rev().map(|i| i as f64).collect();
        let want_t =
            ops::take(&array(&cpu, &ws, &[n], DType::F64), &array(&cpu, &rows, &[n], DType::I32), 0).await.unwrap();
        let probes: Vec<f64> = (0..1000).map(|i| i as f64 / 1000.0).collect();
        // float32, so that devices without f64 compare the same values.
        let sorted = ops::sort(&array(&cpu, &ws, &[n], DType::F32), -1).unwrap();
        let want_s = ops::searchsorted(&sorted, &array(&cpu, &probes, &[1000], DType::F32), ops::Side::Left).unwrap();
        for p in gpus(paths) {
            let d = &p.device;
            let got = ops::bincount(&array(d, &xs, &[n], DType::I32), Some(&array(d, &ws, &[n], DType::F64)), 0).await
                .unwrap();
            assert_close(&got, &want, &format!("weighted bincount on {}", p.name)).await;
            let got = ops::unique_inverse(&array(d, &xs, &[n], DType::I32)).await.unwrap().1;
            assert_close(&got, &want_u, &format!("unique_inverse of {n} on {}", p.name)).await;
            let got = ops::take(&array(d, &ws, &[n], DType::F64), &array(d, &rows, &[n], DType::I32), 0).await.unwrap();
            assert_close(&got, &want_t, &format!("take of {n} on {}", p.name)).await;
            let sorted = ops::sort(&array(d, &ws, &[n], DType::F32), -1).unwrap();
            let got = ops::searchsorted(&sorted, &array(d, &probes, &[1000], DType::F32), ops::Side::Left).unwrap();
            assert_close(&got, &want_s, &format!("searchsorted in {n} on {}", p.name)).await;
        }
    }
}

suite_test! {
    async fn shape_ops_match_cpu(paths) {
        let mut rng = TestRng::new(12);
        let values = rng.vec(2 * 3 * 5, -1.0, 1.0);
        for p in paths {
            let d = &p.device;
            let a = array(d, &values, &[2, 3, 5], DType::F32);
            let c = array(&Device::cpu(), &values, &[2, 3, 5], DType::F32);
            let check = async |got: Array, want: Array, what: &str| assert_close(&got, &want, &format!("{what} on {}", p.name)).await;
            check(a.t().unwrap(), c.t().unwrap(), "t").await;
            check(a.permute_dims(&[1, 0, 2]).unwrap(), c.permute_dims(&[1, 0, 2]).unwrap(), "permute_dims").await;
            check(a.slice_axis(1, 1, 3).unwrap(), c.slice_axis(1, 1, 3).unwrap(), "slice_axis").await;
            check(a.slice_axis(-1, 2, 5).unwrap(), c.slice_axis(-1, 2, 5).unwrap(), "slice last axis").await;
            check(
                ops::concat(&[&a, &a.slice_axis(1, 0, 1).unwrap()], 1).unwrap(),
                ops::concat(&[&c, &c.slice_axis(1, 0, 1).unwrap()], 1).unwrap(),
                "concat",
            ).await;
            check(ops::stack(&[&a, &a], 2).unwrap(), ops::stack(&[&c, &c], 2).unwrap(), "stack").await;
            check(a.reshape(&[6, -1]).unwrap(), c.reshape(&[6, -1]).unwrap(), "reshape").await;
            assert!(matches!(a.reshape(&[7, -1]), Err(Error::ShapeMismatch { op: "reshape", .. })));
            assert!(matches!(a.slice_axis(0, 1, 3), Err(Error::IndexOutOfBounds { .. })));
            assert!(matches!(a.permute_dims(&[0, 0, 1]), Err(Error::ShapeMismatch { .. })));
            let known = Array::from_vec(d, vec![1, 2, 3, 4, 5, 6], &[2, 3]).unwrap();
            assert_eq!(known.t().unwrap().to_vec::<i32>().await.unwrap(), vec![1, 4, 2, 5, 3, 6], "{}", p.name);
            assert_eq!(known.slice_cols(1, 3).unwrap().to_vec::<i32>().await.unwrap(), vec![2, 3, 5, 6], "{}", p.name);
        }
    }
}

suite_test! {
    async fn unique_counts_in_a_table_or_sorts_alike(paths) {
        // Integral values of a short span are counted in a table (negatives, integral floats,
        // -0.0); the rest are sorted (a wide span, fractions, NaN). Either way the answer is a
        // sort's, with NaN last and counted once, and -0.0 equal to 0.0.
        let cases: Vec<(Vec<f64>, DType)> = vec![
            (vec![-3., 7., -3., 0., 7., 7., 2.], DType::I32),
            (vec![5.0, -0.0, 0.0, 2.0, 5.0], DType::F64),
            (vec![1e9, -1e9, 3.0, 1e9], DType::F64),
            (vec![4e9, 0.0, 4e9, 17.0], DType::U32),
            (vec![0.5, f64::NAN, -0.0, 0.0, 0.5, f64::NAN, -2.25], DType::F32),
        ];
        let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
        for (values, dtype) in cases {
            let mut want: Vec<f64> = values.clone();
            want.sort_by(|a, b| {
                a.partial_cmp(b).unwrap_or(if a.is_nan() { std::cmp::Ordering::Greater } else { std::cmp::Ordering::Less })
            });
            want.dedup_by(|a, b| same(*a, *b));
            let counts: Vec<i32> = want.iter().map(|&u| values.iter().filter(|&&v| same(u, v)).count() as i32).collect();
            let inverse: Vec<i32> =
                values.iter().map(|&v| want.iter().position(|&u| same(u, v)).expect("present") as i32).collect();
            for p in paths {
                let a = array(&p.device, &values, &[values.len()], dtype);
                let (v, c) = ops::unique_counts(&a).await.unwrap();
                let got = v.to_vec::<f64>().await.unwrap();
                let label = format!("unique of {values:?} as {dtype} on {}", p.name);
                assert!(got.len() == want.len() && got.iter().zip(&want).all(|(&g, &w)| same(g, w)), "{label}: {got:?}");
                assert_eq!(c.to_vec::<i32>().await.unwrap(), counts, "{label}");
                let (_, i) = ops::unique_inverse(&a).await.unwrap();
                assert_eq!(i.to_vec::<i32>().await.unwrap(), inverse, "{label}");
            }
        }
    }
}

suite_test! {
    async fn flatnonzero_finds_the_true_positions_in_order(paths) {
        let mut rng = TestRng::new(12);
        let mask: Vec<f64> = rng.vec(70_000, 0.0, 1.0).into_iter().map(|v| (v < 0.3) as u8 as f64).collect();
        let want: Vec<i32> = mask.iter().enumerate().filter(|(_, &m)| m != 0.0).map(|(i, _)| i as i32).collect();
        for p in paths {
            let a = array(&p.device, &mask, &[350, 200], DType::Bool);
            let got = ops::flatnonzero(&a).await.unwrap();
            assert_eq!(got.to_vec::<i32>().await.unwrap(), want, "{}", p.name);
            let none = Array::zeros(&p.device, &[0], DType::Bool).unwrap();
            assert_eq!(ops::flatnonzero(&none).await.unwrap().len(), 0, "{}", p.name);
        }
    }
}
