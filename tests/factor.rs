//! Cholesky, triangular solves and SPD solves on every path: agreement with the CPU (faer),
//! residuals, ill-conditioned and indefinite inputs.

#[macro_use]
mod common;

use common::*;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// X^T X / n + shift I for a random n x p X: symmetric positive definite.
fn spd(p: usize, shift: f64, seed: u64) -> Vec<f64> {
    let n = p + 5;
    let x = TestRng::new(seed).vec(n * p, -1.0, 1.0);
    let mut a = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..p {
            a[i * p + j] =
                (0..n).map(|r| x[r * p + i] * x[r * p + j]).sum::<f64>() / n as f64 + if i == j { shift } else { 0.0 };
        }
    }
    a
}

fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max)
}

suite_test! {
    async fn cholesky_matches_cpu_and_reconstructs(paths) {
        for &p in &[1usize, 5, 64, 65, 150] {
            let a = spd(p, 0.5, p as u64);
            for dtype in [DType::F32, DType::F64] {
                let want = ops::cholesky(&array(&Device::cpu(), &a, &[p, p], dtype)).await.unwrap();
                for path in paths {
                    let l = ops::cholesky(&array(&path.device, &a, &[p, p], dtype)).await.unwrap();
                    if path.device.is_gpu() {
                        assert_close(&l, &want, &format!("cholesky {p} {dtype} on {}", path.name)).await;
                    }
                    let llt = ops::gemm(&l, &l, false, true).unwrap();
                    let got = llt.to_vec::<f64>().await.unwrap();
                    let (rtol, _) = tol(dtype, &path.device);
                    assert!(max_abs_diff(&got, &a) < 10.0 * rtol.max(1e-12), "L L^T != A for {p} {dtype} on {}", path.name);
                    let lv = l.to_vec::<f64>().await.unwrap();
                    assert!((0..p).all(|i| (i + 1..p).all(|j| lv[i * p + j] == 0.0)), "upper triangle on {}", path.name);
                }
            }
        }
    }
}

suite_test! {
    async fn triangular_solves_match_cpu(paths) {
        let p = 70;
        let a = spd(p, 1.0, 3);
        let l_cpu = ops::cholesky(&array(&Device::cpu(), &a, &[p, p], DType::F64)).await.unwrap();
        let l_host = l_cpu.to_vec::<f64>().await.unwrap();
        let upper: Vec<f64> = (0..p * p).map(|k| l_host[(k % p) * p + k / p]).collect();
        let b = TestRng::new(4).vec(p * 3, -1.0, 1.0);
        for (name, m) in [("lower", &l_host), ("upper", &upper)] {
            let lower = name == "lower";
            for transpose in [false, true] {
                for dtype in [DType::F32, DType::F64] {
                    for (shape, rhs) in [(vec![p, 3], &b[..]), (vec![p], &b[..p])] {
                        let cpu = Device::cpu();
                        let want = ops::solve_triangular(
                            &array(&cpu, m, &[p, p], dtype),
                            &array(&cpu, rhs, &shape, dtype),
                            lower,
                            transpose,
                        )
                        .unwrap();
                        // The CPU answer solves the system.
                        let mx = if transpose {
                            ops::gemm(
                                &array(&cpu, m, &[p, p], DType::F64),
                                &ops::astype(&want, DType::F64).unwrap().reshape(&[p as isize, -1]).unwrap(),
                                true,
                                false,
                            )
                        } else {
                            ops::matmul(
                                &array(&cpu, m, &[p, p], DType::F64),
                                &ops::astype(&want, DType::F64).unwrap().reshape(&[p as isize, -1]).unwrap(),
                            )
                        }
                        .unwrap();
                        let resid = max_abs_diff(&mx.to_vec::<f64>().await.unwrap(), rhs);
                        assert!(
                            resid < if dtype == DType::F64 { 1e-10 } else { 1e-3 },
                            "{name} t={transpose} {dtype}: residual {resid}"
                        );
                        for path in gpus(paths) {
                            let d = &path.device;
                            let got = ops::solve_triangular(
                                &array(d, m, &[p, p], dtype),
                                &array(d, rhs, &shape, dtype),
                                lower,
                                transpose,
                            )
                            .unwrap();
                            assert_close(
                                &got,
                                &want,
                                &format!("solve_triangular {name} t={transpose} {dtype} {shape:?} on {}", path.name),
                            ).await;
                        }
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn spd_solves_ill_conditioned_and_indefinite_inputs(paths) {
        // The 8 x 8 Hilbert matrix: condition number 1.5e10, still positive definite.
        let p = 8;
        let h: Vec<f64> = (0..p * p).map(|k| 1.0 / ((k / p + k % p + 1) as f64)).collect();
        let ones = vec![1.0; p];
        // Backward stable: the residual is about the unit roundoff times |H| |x| (|x| near
        // 1e9), so float64 and df64 qualify and float32 does not.
        for path in paths.iter().filter(|p| !p.device.info().f64_downcast()) {
            let d = &path.device;
            let x = ops::solve_spd(
                &Array::from_vec(d, h.clone(), &[p, p]).unwrap(),
                &Array::from_vec(d, ones.clone(), &[p]).unwrap(),
            ).await
            .unwrap();
            let hx = ops::matmul(&Array::from_vec(d, h.clone(), &[p, p]).unwrap(), &x).unwrap();
            let resid = max_abs_diff(&hx.to_vec::<f64>().await.unwrap(), &ones);
            assert!(resid < 1e-6, "Hilbert residual {resid} on {}", path.name);
        }
        // Indefinite: the pivot that fails is named, on every path (and in a later block on GPUs).
        for path in paths {
            let d = &path.device;
            let mut a = spd(70, 0.5, 9);
            a[66 * 70 + 66] = -5.0;
            match ops::cholesky(&Array::from_vec(d, a, &[70, 70]).unwrap()).await {
                Err(Error::NotPositiveDefinite { op: "cholesky", pivot: 66 }) => {}
                other => panic!("{}: {other:?}", path.name),
            }
            let e = ops::cholesky(&Array::zeros(d, &[2, 3], DType::F64).unwrap()).await.unwrap_err();
            assert!(matches!(e, Error::ShapeMismatch { op: "cholesky", .. }), "{}: {e}", path.name);
            let e = ops::solve_triangular(
                &Array::eye(d, 3, None, 0, DType::F64).unwrap(),
                &Array::zeros(d, &[4], DType::F64).unwrap(),
                true,
                false,
            )
            .unwrap_err();
            assert!(e.to_string().contains("needs 3 rows"), "{}: {e}", path.name);
        }
    }
}

/// A random symmetric matrix with eigenvalues of both signs.
fn symmetric(p: usize, seed: u64) -> Vec<f64> {
    let r = TestRng::new(seed).vec(p * p, -1.0, 1.0);
    (0..p * p).map(|k| (r[k] + r[(k % p) * p + k / p]) / 2.0).collect()
}

suite_test! {
    async fn eigh_matches_cpu_with_small_residuals(paths) {
        for &p in &[1usize, 2, 7, 40, 65] {
            let a = symmetric(p, 100 + p as u64);
            for dtype in [DType::F32, DType::F64] {
                let (want_w, _) = ops::eigh(&array(&Device::cpu(), &a, &[p, p], dtype)).await.unwrap();
                let want_w = want_w.to_vec::<f64>().await.unwrap();
                for path in paths {
                    let d = &path.device;
                    let (w, v) = ops::eigh(&array(d, &a, &[p, p], dtype)).await.unwrap();
                    let (rtol, _) = tol(dtype, d);
                    let scale = want_w.iter().fold(1.0f64, |m, x| m.max(x.abs()));
                    let got_w = w.to_vec::<f64>().await.unwrap();
                    assert!(
                        max_abs_diff(&got_w, &want_w) <= 10.0 * rtol * scale,
                        "eigenvalues {p} {dtype} on {}: {got_w:?} vs {want_w:?}",
                        path.name
                    );
                    // A V = V diag(w), and V is orthogonal.
                    let av = ops::matmul(&array(d, &a, &[p, p], dtype), &v).unwrap();
                    let vw = ops::mul(&v, &w.reshape(&[1, -1]).unwrap()).unwrap();
                    let resid =
                        max_abs_diff(&av.to_vec::<f64>().await.unwrap(), &vw.to_vec::<f64>().await.unwrap());
                    assert!(resid <= 100.0 * rtol * scale, "A V - V w = {resid} for {p} {dtype} on {}", path.name);
                    let vtv = ops::gemm(&v, &v, true, false).unwrap().to_vec::<f64>().await.unwrap();
                    let eye: Vec<f64> = (0..p * p).map(|k| if k / p == k % p { 1.0 } else { 0.0 }).collect();
                    assert!(max_abs_diff(&vtv, &eye) <= 100.0 * rtol, "V^T V != I for {p} {dtype} on {}", path.name);
                }
            }
        }
    }
}

suite_test! {
    async fn qr_matches_cpu_and_reconstructs(paths) {
        for &(n, p) in &[(1usize, 1usize), (10, 3), (65, 65), (200, 30), (5, 9)] {
            let a = TestRng::new((n * p) as u64).vec(n * p, -1.0, 1.0);
            let k = n.min(p);
            for dtype in [DType::F32, DType::F64] {
                let (want_q, want_r) = ops::qr(&array(&Device::cpu(), &a, &[n, p], dtype)).await.unwrap();
                assert_eq!((want_q.shape(), want_r.shape()), (&[n, k][..], &[k, p][..]));
                for path in paths {
                    let d = &path.device;
                    let (q, r) = ops::qr(&array(d, &a, &[n, p], dtype)).await.unwrap();
                    let (rtol, _) = tol(dtype, d);
                    // Q R = A, Q^T Q = I, and (with R's diagonal non-negative) the CPU's factors.
                    let qr = ops::matmul(&q, &r).unwrap().to_vec::<f64>().await.unwrap();
                    assert!(max_abs_diff(&qr, &a) <= 100.0 * rtol, "QR != A for {n}x{p} {dtype} on {}", path.name);
                    let qtq = ops::gemm(&q, &q, true, false).unwrap().to_vec::<f64>().await.unwrap();
                    let eye: Vec<f64> = (0..k * k).map(|x| if x / k == x % k { 1.0 } else { 0.0 }).collect();
                    assert!(max_abs_diff(&qtq, &eye) <= 100.0 * rtol, "Q^T Q != I for {n}x{p} {dtype} on {}", path.name);
                    let diff_q =
                        max_abs_diff(&q.to_vec::<f64>().await.unwrap(), &want_q.to_vec::<f64>().await.unwrap());
                    let diff_r =
                        max_abs_diff(&r.to_vec::<f64>().await.unwrap(), &want_r.to_vec::<f64>().await.unwrap());
                    assert!(
                        diff_q.max(diff_r) <= 1000.0 * rtol,
                        "QR differs from the CPU's by {diff_q}, {diff_r} for {n}x{p} {dtype} on {}",
                        path.name
                    );
                }
            }
        }
        // Rank deficiency is refused on GPUs, where CholeskyQR would divide by zero.
        for path in gpus(paths) {
            let d = &path.device;
            let col = Array::from_slice(d, &[1.0, 2.0, 3.0, 4.0]).unwrap().reshape(&[4, 1]).unwrap();
            let a = ops::concat(&[&col, &col], 1).unwrap();
            assert!(matches!(ops::qr(&a).await, Err(Error::NotPositiveDefinite { op: "qr", .. })), "{}", path.name);
        }
    }
}

/// `svd_right(a)` gives the singular values and, up to sign, the rows of V^T that `svd(a)`
/// gave (the rows for distinct, non-zero singular values).
async fn same_right_factor(a: &Array, s: &Array, vt: &Array, at: &str) {
    let (s2, vt2) = ops::svd_right(a).await.unwrap();
    let (rtol, _) = tol(a.dtype(), a.device());
    let s = s.to_vec::<f64>().await.unwrap();
    assert!(max_abs_diff(&s2.to_vec::<f64>().await.unwrap(), &s) <= 100.0 * rtol * s[0], "svd_right s for {at}");
    let k = s.len();
    let cos = ops::gemm(&vt2, vt, false, true).unwrap().to_vec::<f64>().await.unwrap();
    for i in 0..k {
        let distinct = (i == 0 || s[i - 1] - s[i] > 1e-3 * s[0]) && (i + 1 == k || s[i] - s[i + 1] > 1e-3 * s[0]);
        if distinct && s[i] > 1e-3 * s[0] {
            assert!((cos[i * k + i].abs() - 1.0).abs() <= 100.0 * rtol, "svd_right V row {i} for {at}");
        }
    }
}

suite_test! {
    async fn svd_matches_cpu_and_reconstructs(paths) {
        for &(n, p, rank_deficient) in
            &[(1usize, 1usize, false), (30, 7, false), (7, 30, false), (65, 65, false), (20, 6, true)]
        {
            let mut a = TestRng::new((n + 7 * p) as u64).vec(n * p, -1.0, 1.0);
            if rank_deficient {
                // Column 5 repeats column 0: one singular value is zero.
                for r in 0..n {
                    a[r * p + 5] = a[r * p];
                }
            }
            let k = n.min(p);
            for dtype in [DType::F32, DType::F64] {
                let (_, want_s, _) = ops::svd(&array(&Device::cpu(), &a, &[n, p], dtype)).await.unwrap();
                let want_s = want_s.to_vec::<f64>().await.unwrap();
                for path in paths {
                    let d = &path.device;
                    let (u, s, vt) = ops::svd(&array(d, &a, &[n, p], dtype)).await.unwrap();
                    assert_eq!((u.shape(), s.shape(), vt.shape()), (&[n, k][..], &[k][..], &[k, p][..]));
                    let (rtol, _) = tol(dtype, d);
                    let got_s = s.to_vec::<f64>().await.unwrap();
                    assert!(
                        max_abs_diff(&got_s, &want_s) <= 100.0 * rtol * want_s[0],
                        "s for {n}x{p} {dtype} on {}: {got_s:?} vs {want_s:?}",
                        path.name
                    );
                    let usv = ops::matmul(&ops::mul(&u, &s.reshape(&[1, -1]).unwrap()).unwrap(), &vt).unwrap();
                    assert!(
                        max_abs_diff(&usv.to_vec::<f64>().await.unwrap(), &a) <= 100.0 * rtol,
                        "U S V^T != A for {n}x{p} {dtype} on {}",
                        path.name
                    );
                    let vvt = ops::gemm(&vt, &vt, false, true).unwrap().to_vec::<f64>().await.unwrap();
                    let eye: Vec<f64> = (0..k * k).map(|x| if x / k == x % k { 1.0 } else { 0.0 }).collect();
                    assert!(max_abs_diff(&vvt, &eye) <= 100.0 * rtol, "V^T V != I for {n}x{p} {dtype} on {}", path.name);
                    same_right_factor(&array(d, &a, &[n, p], dtype), &s, &vt, &format!("{n}x{p} {dtype} on {}", path.name)).await;
                    // U's columns are orthonormal where s is not zero.
                    let utu = ops::gemm(&u, &u, true, false).unwrap().to_vec::<f64>().await.unwrap();
                    for i in 0..k {
                        for j in 0..k {
                            if want_s[i] > 1e-3 && want_s[j] > 1e-3 {
                                assert!(
                                    (utu[i * k + j] - eye[i * k + j]).abs() <= 100.0 * rtol,
                                    "U^T U for {n}x{p} {dtype} on {}",
                                    path.name
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn svd_of_data_whose_squares_overflow_or_underflow(paths) {
        // Scaled by powers of two, so the exact answer is the scaled one: LAPACK scales such
        // input into range, and so does svd, on every device.
        let (n, p) = (12, 4);
        let a = TestRng::new(3).vec(n * p, -1.0, 1.0);
        for dtype in [DType::F32, DType::F64] {
            for path in paths {
                let d = &path.device;
                // Float64's range where it is native; df64 has f32's exponents, and its low half
                // keeps full precision only above 2^-78 where subnormals are flushed (SwiftShader).
                let exps: &[i32] = match (dtype, d.info().float64) {
                    (DType::F64, Float64::Native) => &[1000, -1000],
                    (DType::F64, Float64::Emulate) => &[60, -60],
                    _ => &[120, -120],
                };
                let (_, base_s, base_vt) = ops::svd(&array(d, &a, &[n, p], dtype)).await.unwrap();
                let base_s = base_s.to_vec::<f64>().await.unwrap();
                for &e in exps {
                    let scaled: Vec<f64> = a.iter().map(|v| v * 2f64.powi(e)).collect();
                    let what = format!("2^{e} {dtype} on {}", path.name);
                    let (_, s, vt) = ops::svd(&array(d, &scaled, &[n, p], dtype)).await
                        .unwrap_or_else(|err| panic!("svd of {what}: {err}"));
                    let s: Vec<f64> = s.to_vec::<f64>().await.unwrap().iter().map(|v| v / 2f64.powi(e)).collect();
                    let (rtol, _) = tol(dtype, d);
                    assert!(max_abs_diff(&s, &base_s) <= 100.0 * rtol * base_s[0], "s of {what}: {s:?} vs {base_s:?}");
                    let (vt, base_vt) = (vt.to_vec::<f64>().await.unwrap(), base_vt.to_vec::<f64>().await.unwrap());
                    assert!(max_abs_diff(&vt, &base_vt) <= 100.0 * rtol, "V^T of {what}");
                }
            }
        }
    }
}

suite_test! {
    async fn svd_of_a_long_matrix(paths) {
        // More rows than one Jacobi dispatch walks: through the eigenvectors of A^T A. Full rank
        // with one column 1e3 smaller; then rank deficient (a repeated and a zero column).
        let (n, p) = (40_000, 6);
        let full = TestRng::new(77).vec(n * p, -1.0, 1.0);
        let mut scaled = full.clone();
        let mut deficient = full.clone();
        for r in 0..n {
            scaled[r * p + 2] *= 1e-3;
            deficient[r * p + 4] = deficient[r * p + 1];
            deficient[r * p + 5] = 0.0;
        }
        for (what, a, rank) in [("scaled", &scaled, p), ("rank deficient", &deficient, p - 2)] {
            for dtype in [DType::F32, DType::F64] {
                let (_, want_s, _) = ops::svd(&array(&Device::cpu(), a, &[n, p], dtype)).await.unwrap();
                let want_s = want_s.to_vec::<f64>().await.unwrap();
                for path in gpus(paths) {
                    let d = &path.device;
                    let (u, s, vt) = ops::svd(&array(d, a, &[n, p], dtype)).await.unwrap();
                    assert_eq!((u.shape(), s.shape(), vt.shape()), (&[n, p][..], &[p][..], &[p, p][..]));
                    let (rtol, _) = tol(dtype, d);
                    let got_s = s.to_vec::<f64>().await.unwrap();
                    let at = format!("{what} {dtype} on {}: {got_s:?} vs {want_s:?}", path.name);
                    assert!(max_abs_diff(&got_s, &want_s) <= 100.0 * rtol * want_s[0], "s for {at}");
                    assert!(got_s[rank..].iter().all(|&v| v == 0.0), "zero singular values for {at}");
                    let usv = ops::matmul(&ops::mul(&u, &s.reshape(&[1, -1]).unwrap()).unwrap(), &vt).unwrap();
                    let usv = usv.to_vec::<f64>().await.unwrap();
                    assert!(max_abs_diff(&usv, a) <= 100.0 * rtol, "U S V^T != A for {at}");
                    let eye: Vec<f64> = (0..p * p).map(|x| if x / p == x % p { 1.0 } else { 0.0 }).collect();
                    let vvt = ops::gemm(&vt, &vt, false, true).unwrap().to_vec::<f64>().await.unwrap();
                    assert!(max_abs_diff(&vvt, &eye) <= 100.0 * rtol, "V^T V != I for {at}");
                    same_right_factor(&array(d, a, &[n, p], dtype), &s, &vt, &at).await;
                    let utu = ops::gemm(&u, &u, true, false).unwrap().to_vec::<f64>().await.unwrap();
                    for i in 0..p {
                        for j in 0..p {
                            let want = if i == j && i < rank { 1.0 } else { 0.0 };
                            assert!((utu[i * p + j] - want).abs() <= 100.0 * rtol, "U^T U for {at}");
                        }
                    }
                }
            }
        }
        // A zero matrix: every singular value is zero.
        for path in gpus(paths) {
            let (_, s, _) = ops::svd(&Array::zeros(&path.device, &[n, 3], DType::F32).unwrap()).await.unwrap();
            assert_eq!(s.to_vec::<f64>().await.unwrap(), vec![0.0; 3], "{}", path.name);
        }
    }
}

suite_test! {
    async fn svd_flip_pinv_and_lstsq_match_cpu(paths) {
        let (n, p) = (20, 4);
        let a = TestRng::new(5).vec(n * p, -1.0, 1.0);
        let mut deficient = a.clone();
        for r in 0..n {
            deficient[r * p + 3] = deficient[r * p + 1];
        }
        let b = TestRng::new(6).vec(n * 2, -1.0, 1.0);
        let cpu = Device::cpu();
        for dtype in [DType::F32, DType::F64] {
            let (u, _, vt) = ops::svd(&array(&cpu, &a, &[n, p], dtype)).await.unwrap();
            let (want_u, want_vt) = ops::svd_flip(&u, &vt, true).await.unwrap();
            let want_pinv = ops::pinv(&array(&cpu, &deficient, &[n, p], dtype), None).await.unwrap();
            let want_ls =
                ops::lstsq(&array(&cpu, &a, &[n, p], dtype), &array(&cpu, &b, &[n, 2], dtype), None).await.unwrap();
            let want_ls_def =
                ops::lstsq(&array(&cpu, &deficient, &[n, p], dtype), &array(&cpu, &b[..n], &[n], dtype), None).await
                    .unwrap();
            assert_eq!((want_ls.rank, want_ls_def.rank), (4, 3));
            assert_eq!((want_ls.residuals.shape(), want_ls_def.residuals.shape()), (&[2][..], &[0][..]));
            // The largest |u| of every column is positive after svd_flip.
            let uv = want_u.to_vec::<f64>().await.unwrap();
            for j in 0..p {
                let col: Vec<f64> = (0..n).map(|i| uv[i * p + j]).collect();
                let big = col.iter().copied().fold(0.0f64, |m, x| if x.abs() > m.abs() { x } else { m });
                assert!(big > 0.0, "column {j}: {col:?}");
            }
            for path in paths {
                let d = &path.device;
                let (u, _, vt) = ops::svd(&array(d, &a, &[n, p], dtype)).await.unwrap();
                let (u, vt) = ops::svd_flip(&u, &vt, true).await.unwrap();
                let what = |op: &str| format!("{op} {dtype} on {}", path.name);
                let (rtol, _) = tol(dtype, d);
                let close = async |got: &Array, want: &Array, op: &str| {
                    let diff = max_abs_diff(&host(got).await, &host(want).await);
                    assert!(diff <= 1000.0 * rtol, "{}: differs by {diff}", what(op));
                };
                close(&u, &want_u, "svd_flip u").await;
                close(&vt, &want_vt, "svd_flip vt").await;
                let ad = array(d, &deficient, &[n, p], dtype);
                let pinv = ops::pinv(&ad, None).await.unwrap();
                close(&pinv, &want_pinv, "pinv").await;
                // Penrose: A A+ A = A.
                let apa = ops::matmul(&ops::matmul(&ad, &pinv).unwrap(), &ad).unwrap();
                close(&apa, &array(&cpu, &deficient, &[n, p], DType::F64), "A A+ A").await;
                let ls = ops::lstsq(&array(d, &a, &[n, p], dtype), &array(d, &b, &[n, 2], dtype), None).await.unwrap();
                assert_eq!(ls.rank, 4, "{}", what("lstsq rank"));
                close(&ls.solution, &want_ls.solution, "lstsq solution").await;
                close(&ls.residuals, &want_ls.residuals, "lstsq residuals").await;
                let ls = ops::lstsq(&ad, &array(d, &b[..n], &[n], dtype), None).await.unwrap();
                assert_eq!((ls.rank, ls.residuals.len()), (3, 0), "{}", what("rank-deficient lstsq"));
                close(&ls.solution, &want_ls_def.solution, "rank-deficient lstsq solution").await;
            }
        }
    }
}
