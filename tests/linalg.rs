//! Parity of matmul, gemm with transposed operands, matvec and outer on every path.

#[macro_use]
mod common;

use common::*;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

suite_test! {
    async fn gemm_matches_cpu_for_all_transposes_and_odd_shapes(paths) {
        let mut rng = TestRng::new(21);
        // n <= 16 (without a transposed A) takes the skinny kernel on GPUs, n = 17 the tiles;
        // 3000 x 40 spans several 64 KiB windows.
        let shapes: &[(usize, usize, usize)] = &[
            (1, 1, 1),
            (3, 5, 7),
            (67, 130, 65),
            (128, 16, 64),
            (200, 3, 1),
            (3000, 40, 1),
            (3000, 40, 5),
            (67, 130, 16),
            (67, 130, 17),
        ];
        for &(m, k, n) in shapes {
            // Positive entries keep the sums free of cancellation, so relative tolerances apply.
            let va = rng.vec(m * k, 0.0, 1.0);
            let vb = rng.vec(k * n, 0.0, 1.0);
            for dtype in [DType::F32, DType::F64] {
                for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                    let sa: [usize; 2] = if ta { [k, m] } else { [m, k] };
                    let sb: [usize; 2] = if tb { [n, k] } else { [k, n] };
                    let want =
                        ops::gemm(&array(&Device::cpu(), &va, &sa, dtype), &array(&Device::cpu(), &vb, &sb, dtype), ta, tb)
                            .unwrap();
                    assert_eq!(want.shape(), &[m, n]);
                    for p in gpus(paths) {
                        let got = ops::gemm(&array(&p.device, &va, &sa, dtype), &array(&p.device, &vb, &sb, dtype), ta, tb)
                            .unwrap();
                        assert_close(&got, &want, &format!("gemm {m}x{k}x{n} ta={ta} tb={tb} {dtype} on {}", p.name)).await;
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn cpu_matmul_known_answer(paths) {
        let a = Array::from_vec(&Device::cpu(), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
        let b = Array::from_vec(&Device::cpu(), vec![7.0, 8.0, 9.0, 10.0, 11.0, 12.0], &[3, 2]).unwrap();
        for p in paths {
            let c = ops::matmul(&a.to_device(&p.device).await.unwrap(), &b.to_device(&p.device).await.unwrap())
                .unwrap();
            assert_eq!(c.to_vec::<f64>().await.unwrap(), vec![58.0, 64.0, 139.0, 154.0], "{}", p.name);
        }
    }
}

suite_test! {
    async fn matvec_dot_and_outer_match_cpu(paths) {
        let mut rng = TestRng::new(4);
        for &(m, k) in &[(1usize, 1usize), (1000, 37), (9, 300)] {
            let va = rng.vec(m * k, 0.0, 1.0);
            let vx = rng.vec(k, 0.0, 1.0);
            for dtype in [DType::F32, DType::F64] {
                let cpu = Device::cpu();
                let want = ops::matmul(&array(&cpu, &va, &[m, k], dtype), &array(&cpu, &vx, &[k], dtype)).unwrap();
                let want_dot = ops::matmul(&array(&cpu, &vx, &[k], dtype), &array(&cpu, &vx, &[k], dtype)).unwrap();
                let want_vm = ops::matmul(&array(&cpu, &va[..k], &[k], dtype), &array(&cpu, &va, &[k, m], dtype)).unwrap();
                let want_outer = ops::outer(&array(&cpu, &vx, &[k], dtype), &array(&cpu, &va[..m], &[m], dtype)).unwrap();
                assert_eq!(want.shape(), &[m]);
                assert_eq!(want_dot.shape(), &[] as &[usize]);
                assert_eq!(want_vm.shape(), &[m]);
                for p in gpus(paths) {
                    let d = &p.device;
                    let what = |op: &str| format!("{op} {m}x{k} {dtype} on {}", p.name);
                    assert_close(
                        &ops::matmul(&array(d, &va, &[m, k], dtype), &array(d, &vx, &[k], dtype)).unwrap(),
                        &want,
                        &what("matvec"),
                    ).await;
                    assert_close(
                        &ops::matmul(&array(d, &vx, &[k], dtype), &array(d, &vx, &[k], dtype)).unwrap(),
                        &want_dot,
                        &what("dot"),
                    ).await;
                    assert_close(
                        &ops::matmul(&array(d, &va[..k], &[k], dtype), &array(d, &va, &[k, m], dtype)).unwrap(),
                        &want_vm,
                        &what("vecmat"),
                    ).await;
                    assert_close(
                        &ops::outer(&array(d, &vx, &[k], dtype), &array(d, &va[..m], &[m], dtype)).unwrap(),
                        &want_outer,
                        &what("outer"),
                    ).await;
                }
            }
        }
    }
}

suite_test! {
    async fn empty_inner_dimension_gives_zeros_and_mismatch_is_an_error(paths) {
        for p in paths {
            let a = Array::zeros(&p.device, &[3, 0], DType::F32).unwrap();
            let b = Array::zeros(&p.device, &[0, 2], DType::F32).unwrap();
            let c = ops::matmul(&a, &b).unwrap();
            assert_eq!(c.to_vec::<f32>().await.unwrap(), vec![0.0; 6], "{}", p.name);
            let bad = Array::zeros(&p.device, &[4, 2], DType::F32).unwrap();
            let err = ops::matmul(&Array::zeros(&p.device, &[3, 5], DType::F32).unwrap(), &bad).unwrap_err();
            assert!(matches!(err, Error::ShapeMismatch { op: "matmul", .. }), "{}: {err}", p.name);
            assert!(err.to_string().contains("5 vs 4"), "{err}");
        }
    }
}

suite_test! {
    async fn gram_products_match_cpu(paths) {
        // X^T X of one array takes the Gram kernel on GPUs: tiles on and below the diagonal
        // only (mirrored), rows split into chunks summed afterwards. Shapes: one tile, tiles
        // that straddle the diagonal (130 = 3 tiles), rows over several chunks and windows, and
        // 100 000 rows (more than one chunk's loop budget on llvmpipe, especially in df64).
        let mut rng = TestRng::new(23);
        for &(n, p) in &[(1usize, 1usize), (5, 3), (300, 130), (3000, 70), (100_000, 2)] {
            let v = rng.vec(n * p, 0.0, 1.0);
            for dtype in [DType::F32, DType::F64] {
                let x = array(&Device::cpu(), &v, &[n, p], dtype);
                let want = ops::gemm(&x, &x, true, false).unwrap();
                for path in gpus(paths) {
                    let x = array(&path.device, &v, &[n, p], dtype);
                    let got = ops::gemm(&x, &x, true, false).unwrap();
                    assert_close(&got, &want, &format!("gram {n}x{p} {dtype} on {}", path.name)).await;
                }
            }
        }
    }
}

suite_test! {
    async fn long_inner_dimensions_are_not_cut_short(paths) {
        // llvmpipe leaves a loop after 65535 iterations; long products must be split, not truncated.
        let k = 100_000;
        let mut rng = TestRng::new(31);
        let va = rng.vec(k * 3, 0.0, 1.0);
        let vb = rng.vec(k * 2, 0.0, 1.0);
        let cpu = Device::cpu();
        let want =
            ops::gemm(&array(&cpu, &va, &[k, 3], DType::F64), &array(&cpu, &vb, &[k, 2], DType::F64), true, false).unwrap();
        let want_mv =
            ops::matvec(&array(&cpu, &va, &[3, k], DType::F64), &array(&cpu, &vb[..k], &[k], DType::F64)).unwrap();
        let want_skinny =
            ops::gemm(&array(&cpu, &va, &[3, k], DType::F64), &array(&cpu, &vb, &[2, k], DType::F64), false, true).unwrap();
        for p in gpus(paths) {
            let d = &p.device;
            let got =
                ops::gemm(&array(d, &va, &[k, 3], DType::F64), &array(d, &vb, &[k, 2], DType::F64), true, false).unwrap();
            assert_close(&got, &want, &format!("gemm with k = {k} on {}", p.name)).await;
            let got = ops::matvec(&array(d, &va, &[3, k], DType::F64), &array(d, &vb[..k], &[k], DType::F64)).unwrap();
            assert_close(&got, &want_mv, &format!("matvec with k = {k} on {}", p.name)).await;
            let got =
                ops::gemm(&array(d, &va, &[3, k], DType::F64), &array(d, &vb, &[2, k], DType::F64), false, true).unwrap();
            assert_close(&got, &want_skinny, &format!("two-column product with k = {k} on {}", p.name)).await;
        }
    }
}

suite_test! {
    /// The pair sums (the pairwise distances' kernel) on every GPU path match the CPU's, and the
    /// CPU's match a direct sum: odd shapes, a depth past one 16-deep slice, NaN coordinates for
    /// the present-only terms, zero sums for chi², and a matrix spanning several 64 KiB windows.
    async fn pair_sums_match_cpu_and_direct_sums(paths) {
        let mut rng = TestRng::new(22);
        type PairOp = fn(&Array, &Array) -> wglearn::Result<Array>;
        type Term = fn(f64, f64) -> f64;
        let terms: [(&str, PairOp, Term); 5] = [
            ("pair_squared_distances", ops::pair_squared_distances, |x, y| (x - y) * (x - y)),
            ("pair_manhattan_distances", ops::pair_manhattan_distances, |x, y| (x - y).abs()),
            ("pair_chi2_sums", ops::pair_chi2_sums, |x, y| if x + y == 0.0 { 0.0 } else { -(x - y) * (x - y) / (x + y) }),
            ("pair_present_squared_distances", ops::pair_present_squared_distances, |x, y| {
                if x.is_nan() || y.is_nan() {
                    0.0
                } else {
                    (x - y) * (x - y)
                }
            }),
            ("pair_present_counts", ops::pair_present_counts, |x, y| if x.is_nan() || y.is_nan() { 0.0 } else { 1.0 }),
        ];
        for &(m, n, k) in &[(1, 1, 1), (5, 3, 17), (70, 65, 37), (300, 90, 2)] {
            let mut vx = rng.vec(m * k, 0.0, 1.0);
            let mut vy = rng.vec(n * k, 0.0, 1.0);
            vx[0] = 0.0;
            vy[0] = 0.0;
            for (i, v) in vx.iter_mut().enumerate().skip(1) {
                if i % 7 == 3 {
                    *v = f64::NAN;
                }
            }
            if n * k > 2 {
                vy[2] = f64::NAN;
            }
            for (name, f, term) in terms {
                let nan_ok = name.starts_with("pair_present");
                let clean = |v: &[f64]| v.iter().map(|e| if e.is_nan() && !nan_ok { 0.5 } else { *e }).collect::<Vec<_>>();
                let (vx, vy) = (clean(&vx), clean(&vy));
                let direct: Vec<f64> = (0..m * n)
                    .map(|e| {
                        let (i, j) = (e / n, e % n);
                        (0..k).map(|c| term(vx[i * k + c], vy[j * k + c])).sum()
                    })
                    .collect();
                for dtype in [DType::F32, DType::F64] {
                    let cpu = Device::cpu();
                    let want = f(&array(&cpu, &vx, &[m, k], dtype), &array(&cpu, &vy, &[n, k], dtype)).unwrap();
                    assert_eq!(want.dtype(), dtype, "{name}");
                    let got = want.to_vec::<f64>().await.unwrap();
                    for (g, w) in got.iter().zip(&direct) {
                        assert!((g - w).abs() <= 1e-5 * w.abs().max(1.0), "{name} {m}x{n}x{k} {dtype} on cpu: {g} vs {w}");
                    }
                    for p in gpus(paths) {
                        let got =
                            f(&array(&p.device, &vx, &[m, k], dtype), &array(&p.device, &vy, &[n, k], dtype)).unwrap();
                        assert_close(&got, &want, &format!("{name} {m}x{n}x{k} {dtype} on {}", p.name)).await;
                    }
                }
            }
        }
        let r = ops::pair_squared_distances(
            &Array::zeros(&Device::cpu(), &[2, 3], DType::F32).unwrap(),
            &Array::zeros(&Device::cpu(), &[2, 4], DType::F32).unwrap(),
        );
        assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{r:?}");
    }
}
