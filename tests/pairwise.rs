//! Pairwise distances and kernels against scikit-learn (tests/fixtures/pairwise.json) on every
//! path, for float64 and float32 inputs: every function with Y and without it, the metrics by
//! name, the paired distances, the nearest rows and the chunks; float32 data near 1e4 apart by
//! 1e-2, where the norm expansion cancels, to a relative 1e-3 of scikit-learn's float64; then
//! the errors.

#[macro_use]
mod common;

use common::*;
use serde_json::Value;
use std::future::IntoFuture;
use wglearn::metrics::pairwise::{self as pw, Distance, Kernel};
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A pairwise result, or a panic naming the function.
async fn wait(function: &str, f: impl std::future::Future<Output = wglearn::Result<Array>>) -> Array {
    f.await.unwrap_or_else(|e| panic!("{function}: {e}"))
}

#[derive(serde::Deserialize)]
struct Case {
    function: String,
    #[serde(rename = "X")]
    x: FixtureArray,
    #[serde(rename = "Y")]
    y: Option<FixtureArray>,
    params: serde_json::Map<String, Value>,
    far: bool,
    dtype32: String,
    expected: Vec<FixtureArray>,
}

#[derive(serde::Deserialize)]
struct Fixtures {
    cases: Vec<Case>,
}

async fn values(a: &Array) -> Vec<f64> {
    a.to_vec::<f64>().await.unwrap()
}

impl Case {
    fn number(&self, name: &str) -> Option<f64> {
        self.params.get(name).and_then(Value::as_f64)
    }
    fn metric(&self) -> &str {
        self.params.get("metric").and_then(Value::as_str).unwrap_or("euclidean")
    }
    fn squared(&self) -> bool {
        self.params.get("squared").and_then(Value::as_bool).unwrap_or(false)
    }

    /// The outputs of the case's function, and the dtype of its (last) output.
    async fn run(&self, x: &Array, y: Option<&Array>, d: &Device, float: DType) -> Vec<Array> {
        let gamma = self.number("gamma");
        let y_or_x = y.unwrap_or(x);
        let one = match self.function.as_str() {
            "euclidean_distances" => {
                let norms = |name: &str| {
                    self.params.get(name).and_then(Value::as_array).map(|v| {
                        let v: Vec<f64> = v.iter().map(|e| e.as_f64().unwrap()).collect();
                        array(d, &v, &[v.len()], DType::F64)
                    })
                };
                let (xn, yn) = (norms("X_norm_squared"), norms("Y_norm_squared"));
                let mut f = pw::euclidean_distances(x, y).squared(self.squared());
                if let Some(n) = &xn {
                    f = f.x_norm_squared(n);
                }
                if let Some(n) = &yn {
                    f = f.y_norm_squared(n);
                }
                wait(&self.function, f.into_future()).await
            }
            "nan_euclidean_distances" => {
                wait(&self.function, pw::nan_euclidean_distances(x, y).squared(self.squared()).into_future()).await
            }
            "manhattan_distances" => wait(&self.function, pw::manhattan_distances(x, y).into_future()).await,
            "haversine_distances" => wait(&self.function, pw::haversine_distances(x, y).into_future()).await,
            "cosine_similarity" => wait(&self.function, pw::cosine_similarity(x, y).into_future()).await,
            "cosine_distances" => wait(&self.function, pw::cosine_distances(x, y).into_future()).await,
            "linear_kernel" => wait(&self.function, pw::linear_kernel(x, y).into_future()).await,
            "polynomial_kernel" => {
                let mut f = pw::polynomial_kernel(x, y);
                if let Some(g) = gamma {
                    f = f.gamma(g);
                }
                if let Some(c) = self.number("coef0") {
                    f = f.coef0(c);
                }
                if let Some(deg) = self.number("degree") {
                    f = f.degree(deg);
                }
                wait(&self.function, f.into_future()).await
            }
            "sigmoid_kernel" => {
                let mut f = pw::sigmoid_kernel(x, y);
                if let Some(g) = gamma {
                    f = f.gamma(g);
                }
                if let Some(c) = self.number("coef0") {
                    f = f.coef0(c);
                }
                wait(&self.function, f.into_future()).await
            }
            "rbf_kernel" | "laplacian_kernel" | "chi2_kernel" => {
                let mut f = match self.function.as_str() {
                    "rbf_kernel" => pw::rbf_kernel(x, y),
                    "laplacian_kernel" => pw::laplacian_kernel(x, y),
                    _ => pw::chi2_kernel(x, y),
                };
                if let Some(g) = gamma {
                    f = f.gamma(g);
                }
                wait(&self.function, f.into_future()).await
            }
            "additive_chi2_kernel" => wait(&self.function, pw::additive_chi2_kernel(x, y).into_future()).await,
            "pairwise_distances" => {
                wait(&self.function, pw::pairwise_distances(x, y, self.metric().parse().unwrap()).into_future()).await
            }
            "pairwise_kernels" => {
                wait(&self.function, pw::pairwise_kernels(x, y, self.metric().parse().unwrap()).into_future()).await
            }
            "paired_euclidean_distances" => {
                wait(&self.function, pw::paired_euclidean_distances(x, y_or_x).into_future()).await
            }
            "paired_manhattan_distances" => {
                wait(&self.function, pw::paired_manhattan_distances(x, y_or_x).into_future()).await
            }
            "paired_cosine_distances" => {
                wait(&self.function, pw::paired_cosine_distances(x, y_or_x).into_future()).await
            }
            "paired_distances" => {
                wait(&self.function, pw::paired_distances(x, y_or_x, self.metric().parse().unwrap()).into_future())
                    .await
            }
            "pairwise_distances_argmin" | "pairwise_distances_argmin_min" => {
                let axis = self.params.get("axis").and_then(Value::as_u64).unwrap_or(1) as usize;
                let metric: Distance = self.metric().parse().unwrap();
                if self.function == "pairwise_distances_argmin" {
                    let i = pw::pairwise_distances_argmin(x, y_or_x).axis(axis).metric(metric).await;
                    return vec![i.unwrap()];
                }
                let (i, v) = pw::pairwise_distances_argmin_min(x, y_or_x).axis(axis).metric(metric).await.unwrap();
                assert_eq!(i.dtype(), DType::I32, "indices are int32");
                return vec![i, v];
            }
            "pairwise_distances_chunked" => {
                let mib = self.number("working_memory").unwrap();
                let mut chunks =
                    pw::pairwise_distances_chunked(x, y, self.metric().parse().unwrap()).working_memory(mib);
                let mut rows = Vec::new();
                while let Some(c) = chunks.next().await.unwrap() {
                    assert_eq!(c.shape()[0], 1, "one row per chunk");
                    rows.push(c);
                }
                wglearn::ops::concat(&rows.iter().collect::<Vec<_>>(), 0).unwrap()
            }
            other => panic!("no such function in the test: {other}"),
        };
        let _ = float;
        vec![one]
    }
}

suite_test! {
    async fn pairwise_metrics_match_sklearn(paths) {
        let fixtures: Fixtures =
            serde_json::from_str(include_str!("fixtures/pairwise.json")).expect("tests/fixtures/pairwise.json parses");
        for p in paths {
            let d = &p.device;
            for float in [DType::F64, DType::F32] {
                let (rtol, _) = tol(float, d);
                for case in &fixtures.cases {
                    if case.far && float == DType::F64 {
                        // The far data are float32 values: their float64 run is the plain one.
                        continue;
                    }
                    let what = format!("{} {float} {} {:?} Y={}", p.name, case.function, case.params, case.y.is_some());
                    let x = array(d, &case.x.data, &case.x.shape, float);
                    let y = case.y.as_ref().map(|y| array(d, &y.data, &y.shape, float));
                    let got = case.run(&x, y.as_ref(), d, float).await;
                    assert_eq!(got.len(), case.expected.len(), "{what}: outputs");
                    if float == DType::F32 {
                        let want = match case.dtype32.as_str() {
                            "float32" => DType::F32,
                            "float64" => DType::F64,
                            _ => DType::I32,
                        };
                        assert_eq!(got.last().unwrap().dtype(), want, "{what}: dtype as scikit-learn's");
                    }
                    for (g, want) in got.iter().zip(&case.expected) {
                        assert_eq!(g.shape(), &want.shape[..], "{what}: shape");
                        let g = values(g).await;
                        if case.far {
                            // Relative to each value: scikit-learn's float64 is itself good to
                            // about 1e-4 here; the norm expansion in float32 is off by orders of
                            // magnitude.
                            for (a, b) in g.iter().zip(&want.data) {
                                assert!((a - b).abs() <= 1e-3 * b.abs(), "{what}: got {g:?}, want {:?}", want.data);
                            }
                        } else {
                            assert_matches_fixture(&g, &want.data, rtol, &what);
                        }
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn pairwise_metrics_refuse_what_scikit_learn_refuses(paths) {
        for p in paths {
            let d = &p.device;
            let m = |v: &[f64], cols: usize| array(d, v, &[v.len() / cols, cols], DType::F64);
            let x = m(&[1.0, 2.0, 3.0, 4.0], 2);
            let wide = m(&[1.0, 2.0, 3.0], 3);
            let r = pw::euclidean_distances(&x, &wide).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { op: "euclidean_distances", .. })), "{}: {r:?}", p.name);
            let nan = m(&[1.0, f64::NAN, 3.0, 4.0], 2);
            let r = pw::rbf_kernel(&nan, None).await;
            assert!(matches!(r, Err(Error::NonFinite { .. })), "{}: {r:?}", p.name);
            let inf = m(&[1.0, f64::INFINITY, 3.0, 4.0], 2);
            let r = pw::nan_euclidean_distances(&inf, None).await;
            assert!(matches!(r, Err(Error::NonFinite { .. })), "{}: {r:?}", p.name);
            let negative = m(&[1.0, -2.0, 3.0, 4.0], 2);
            let r = pw::chi2_kernel(&x, &negative).await;
            assert!(matches!(r, Err(Error::OutOfDomain { op: "chi2_kernel", .. })), "{}: {r:?}", p.name);
            let r = pw::paired_euclidean_distances(&x, &m(&[1.0, 2.0], 2)).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{}: {r:?}", p.name);
            let r = pw::paired_distances(&x, &x, Distance::NanEuclidean { squared: false }).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "metric", .. })), "{}: {r:?}", p.name);
            // The haversine distance takes (latitude, longitude) rows, in every form.
            let r = pw::haversine_distances(&wide, None).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { op: "haversine_distances", .. })), "{}: {r:?}", p.name);
            let r = pw::pairwise_distances_argmin(&wide, &wide).metric(Distance::Haversine).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{}: {r:?}", p.name);
            let r = pw::paired_distances(&x, &x, Distance::Haversine).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "metric", .. })), "{}: {r:?}", p.name);
            let bad_norms = array(d, &[1.0, 2.0, 3.0], &[3], DType::F64);
            let r = pw::euclidean_distances(&x, None).x_norm_squared(&bad_norms).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{}: {r:?}", p.name);
            let r = "hamming".parse::<Distance>();
            assert!(
                matches!(&r, Err(Error::InvalidParameter { name: "metric", reason, .. }) if reason.contains("cityblock")),
                "{r:?}"
            );
            assert!("poly".parse::<Kernel>().is_ok() && "nope".parse::<Kernel>().is_err());
            // A full matrix that cannot be held is refused, naming the forms that stream it;
            // those still answer.
            let long = Array::zeros(d, &[3_000_000, 1], DType::F32).unwrap();
            let r = pw::euclidean_distances(&long, None).await;
            match &r {
                Err(Error::ResultTooLarge { op: "euclidean_distances", detail }) => {
                    assert!(detail.contains("pairwise_distances_argmin") && detail.contains("chunked"), "{detail}")
                }
                other => panic!("{}: {other:?}", p.name),
            }
            // The nearest rows come a tile at a time (several tiles on the 64 KiB-binding path),
            // and agree with the full matrix.
            let grid = |n: usize, scale: f64| {
                let v: Vec<f64> = (0..2 * n).map(|i| ((i * 7919) % 1009) as f64 * scale).collect();
                array(d, &v, &[n, 2], DType::F64)
            };
            let (a, b) = (grid(50, 0.37), grid(1000, 0.11));
            let (i, v) = pw::pairwise_distances_argmin_min(&a, &b).await.unwrap();
            let full = pw::euclidean_distances(&a, &b).await.unwrap();
            assert_eq!(values(&i).await, values(&wglearn::ops::argmin(&full, Some(1)).unwrap()).await, "{}", p.name);
            let nearest = values(&wglearn::ops::min(&full, Some(1), false).unwrap()).await;
            assert_matches_fixture(&values(&v).await, &nearest, tol(DType::F64, d).0, p.name);
        }
    }
}

suite_test! {
    async fn distances_of_x_to_itself_are_symmetric_and_match_the_general_product(paths) {
        // 150 rows: several 64-row tiles of the mirrored X X^T product on the host.
        let mut rng = TestRng::new(31);
        let data = rng.vec(150 * 7, -2.0, 2.0);
        for p in paths {
            for dtype in [DType::F32, DType::F64] {
                let x = array(&p.device, &data, &[150, 7], dtype);
                // The same values in storage of their own: the general product, no exact diagonal.
                let other = ops::add(&x, &ops::scalar_like(&x, 0.0).unwrap()).unwrap();
                let label = format!("{dtype} on {}", p.name);
                for rbf in [false, true] {
                    let (alone, against) = if rbf {
                        (
                            pw::rbf_kernel(&x, None).await,
                            pw::rbf_kernel(&x, &other).await,
                        )
                    } else {
                        (
                            pw::euclidean_distances(&x, None).await,
                            pw::euclidean_distances(&x, &other).await,
                        )
                    };
                    let (alone, against) = (alone.unwrap(), against.unwrap());
                    let m = alone.to_ndarray::<f64>().await.unwrap();
                    let (rtol, atol) = tol(dtype, &p.device);
                    for i in 0..150 {
                        assert_eq!(m[[i, i]], if rbf { 1.0 } else { 0.0 }, "{label}: diagonal {i}");
                        // Symmetric up to the order the norms are added in (as scikit-learn's).
                        for j in 0..i {
                            let (a, b) = (m[[i, j]], m[[j, i]]);
                            assert!((a - b).abs() <= atol + rtol * b.abs(), "{label}: ({i}, {j}) {a} vs {b}");
                        }
                    }
                    // The general product's diagonal is rounding away from zero.
                    let w = against.to_ndarray::<f64>().await.unwrap();
                    for ((i, j), &g) in m.indexed_iter().map(|(ix, v)| ((ix[0], ix[1]), v)) {
                        let want = w[[i, j]];
                        let slack = if i == j { 1e-3 } else { atol + rtol * want.abs() };
                        assert!((g - want).abs() <= slack, "{label}, rbf {rbf}: ({i}, {j}) {g} vs {want}");
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn nearest_rows_over_many_tiles_match_the_full_matrix(paths) {
        // On the host, Y of 2000 rows: its tiles of X hold 524 rows, so X's 600 rows take two.
        // The GPUs' tiles are far larger (their paths' windows are tested with the fixtures), so
        // they get a tenth of the rows, which keeps lavapipe's run short.
        let mut rng = TestRng::new(32);
        let (xs, ys) = (rng.vec(600 * 5, 0.0, 1.0), rng.vec(2000 * 5, 0.0, 1.0));
        for p in paths {
            let (m, n) = if p.device.is_gpu() { (60, 200) } else { (600, 2000) };
            let (x, y) =
                (array(&p.device, &xs[..m * 5], &[m, 5], DType::F32), array(&p.device, &ys[..n * 5], &[n, 5], DType::F32));
            let full = pw::euclidean_distances(&x, &y).await.unwrap();
            let want = values(&ops::argmin(&full, Some(1)).unwrap()).await;
            let (idx, dist) = pw::pairwise_distances_argmin_min(&x, &y).await.unwrap();
            assert_eq!(values(&idx).await, want, "{}", p.name);
            let nearest = values(&ops::min(&full, Some(1), false).unwrap()).await;
            for (i, (&g, &w)) in values(&dist).await.iter().zip(&nearest).enumerate() {
                assert!((g - w).abs() <= 1e-5 * w.abs().max(1e-3), "{}: row {i} {g} vs {w}", p.name);
            }
            assert_eq!(values(&pw::pairwise_distances_argmin(&x, &y).await.unwrap()).await, want, "{}", p.name);
        }
    }
}

suite_test! {
    /// Points far from the origin and close to each other: ‖x‖² − 2x·y + ‖y‖² cancels (it lost
    /// about 1e-4 relative here on the float64 paths; scikit-learn loses 4e-4). Every path now
    /// gives the distances to 1e-12 of the exact answer: by a shift to Y's mean, and, where the
    /// norms are given (no shift), by recomputing every cancelled entry, past one chunk of them.
    async fn euclidean_distances_of_close_points_far_from_the_origin_are_exact(paths) {
        // Offsets that are exact binary fractions, so that differences, squares and sums are
        // exact in float64 and the exact answer is known.
        let (m, n, k) = (130usize, 131usize, 3usize);
        let point = |i: usize, j: usize, s: usize| 1e4 + ((i * 7 + j * 13 + s) % 17) as f64 / 64.0;
        let xs: Vec<f64> = (0..m * k).map(|t| point(t / k, t % k, 0)).collect();
        let ys: Vec<f64> = (0..n * k).map(|t| point(t / k, t % k, 5)).collect();
        let exact: Vec<f64> = (0..m * n)
            .map(|t| (0..k).map(|j| (xs[(t / n) * k + j] - ys[(t % n) * k + j]).powi(2)).sum::<f64>())
            .collect();
        let norms = |v: &[f64], rows: usize| -> Vec<f64> {
            (0..rows).map(|r| v[r * k..(r + 1) * k].iter().map(|a| a * a).sum()).collect()
        };
        let (xn, yn) = (norms(&xs, m), norms(&ys, n));
        for p in paths {
            let d = &p.device;
            let x = Array::from_vec(d, xs.clone(), &[m, k]).unwrap();
            let y = Array::from_vec(d, ys.clone(), &[n, k]).unwrap();
            let given_x = Array::from_vec(d, xn.clone(), &[m]).unwrap();
            let given_y = Array::from_vec(d, yn.clone(), &[n]).unwrap();
            let shifted = pw::euclidean_distances(&x, &y).squared(true).await.unwrap();
            let given = pw::euclidean_distances(&x, &y)
                .squared(true)
                .x_norm_squared(&given_x)
                .y_norm_squared(&given_y)
                .await
                .unwrap();
            for (what, got) in [("shifted", shifted), ("norms given", given)] {
                let got = host(&got).await;
                for (t, (g, e)) in got.iter().zip(&exact).enumerate() {
                    assert!((g - e).abs() <= 1e-12 * e.max(1e-300), "{what} on {}: entry {t}: got {g}, exact {e}", p.name);
                }
            }
            // A point and itself is an exact zero, and the distances are their roots.
            let own = host(&pw::euclidean_distances(&x, None).await.unwrap()).await;
            for r in 0..m {
                assert_eq!(own[r * m + r], 0.0, "{}", p.name);
                let e = (0..k).map(|j| (xs[r * k + j] - xs[((r + 1) % m) * k + j]).powi(2)).sum::<f64>().sqrt();
                let g = own[r * m + (r + 1) % m];
                assert!((g - e).abs() <= 1e-12 * e.max(1e-300), "{}: row {r}: got {g}, exact {e}", p.name);
            }
        }
    }
}
