//! Pairwise distances and kernels against scikit-learn (tests/fixtures/pairwise.json) on every
//! path, for float64 and float32 inputs: every function with Y and without it, the metrics by
//! name, the paired distances, the nearest rows and the chunks; float32 data near 1e4 apart by
//! 1e-2, where the norm expansion cancels, to a relative 1e-3 of scikit-learn's float64; then
//! the errors.

mod common;

use common::*;
use serde_json::Value;
use std::future::IntoFuture;
use wglearn::metrics::pairwise::{self as pw, Distance, Kernel};
use wglearn::prelude::*;

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

fn values(a: &Array) -> Vec<f64> {
    block_on(a.to_vec::<f64>()).unwrap()
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
    fn run(&self, x: &Array, y: Option<&Array>, d: &Device, float: DType) -> Vec<Array> {
        let gamma = self.number("gamma");
        let wait = |f: std::pin::Pin<Box<dyn std::future::Future<Output = wglearn::Result<Array>> + '_>>| {
            block_on(f).unwrap_or_else(|e| panic!("{}: {e}", self.function))
        };
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
                wait(f.into_future())
            }
            "nan_euclidean_distances" => wait(pw::nan_euclidean_distances(x, y).squared(self.squared()).into_future()),
            "manhattan_distances" => wait(pw::manhattan_distances(x, y).into_future()),
            "haversine_distances" => wait(pw::haversine_distances(x, y).into_future()),
            "cosine_similarity" => wait(pw::cosine_similarity(x, y).into_future()),
            "cosine_distances" => wait(pw::cosine_distances(x, y).into_future()),
            "linear_kernel" => wait(pw::linear_kernel(x, y).into_future()),
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
                wait(f.into_future())
            }
            "sigmoid_kernel" => {
                let mut f = pw::sigmoid_kernel(x, y);
                if let Some(g) = gamma {
                    f = f.gamma(g);
                }
                if let Some(c) = self.number("coef0") {
                    f = f.coef0(c);
                }
                wait(f.into_future())
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
                wait(f.into_future())
            }
            "additive_chi2_kernel" => wait(pw::additive_chi2_kernel(x, y).into_future()),
            "pairwise_distances" => wait(pw::pairwise_distances(x, y, self.metric().parse().unwrap()).into_future()),
            "pairwise_kernels" => wait(pw::pairwise_kernels(x, y, self.metric().parse().unwrap()).into_future()),
            "paired_euclidean_distances" => wait(pw::paired_euclidean_distances(x, y_or_x).into_future()),
            "paired_manhattan_distances" => wait(pw::paired_manhattan_distances(x, y_or_x).into_future()),
            "paired_cosine_distances" => wait(pw::paired_cosine_distances(x, y_or_x).into_future()),
            "paired_distances" => wait(pw::paired_distances(x, y_or_x, self.metric().parse().unwrap()).into_future()),
            "pairwise_distances_argmin" | "pairwise_distances_argmin_min" => {
                let axis = self.params.get("axis").and_then(Value::as_u64).unwrap_or(1) as usize;
                let metric: Distance = self.metric().parse().unwrap();
                if self.function == "pairwise_distances_argmin" {
                    let i = block_on(pw::pairwise_distances_argmin(x, y_or_x).axis(axis).metric(metric).into_future());
                    return vec![i.unwrap()];
                }
                let (i, v) =
                    block_on(pw::pairwise_distances_argmin_min(x, y_or_x).axis(axis).metric(metric).into_future())
                        .unwrap();
                assert_eq!(i.dtype(), DType::I32, "indices are int32");
                return vec![i, v];
            }
            "pairwise_distances_chunked" => {
                let mib = self.number("working_memory").unwrap();
                let mut chunks =
                    pw::pairwise_distances_chunked(x, y, self.metric().parse().unwrap()).working_memory(mib);
                let mut rows = Vec::new();
                while let Some(c) = block_on(chunks.next()).unwrap() {
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

#[test]
fn pairwise_metrics_match_sklearn() {
    let fixtures: Fixtures =
        serde_json::from_str(include_str!("fixtures/pairwise.json")).expect("tests/fixtures/pairwise.json parses");
    for p in paths() {
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
                let got = case.run(&x, y.as_ref(), d, float);
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
                    let g = values(g);
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

#[test]
fn pairwise_metrics_refuse_what_scikit_learn_refuses() {
    for p in paths() {
        let d = &p.device;
        let m = |v: &[f64], cols: usize| array(d, v, &[v.len() / cols, cols], DType::F64);
        let x = m(&[1.0, 2.0, 3.0, 4.0], 2);
        let wide = m(&[1.0, 2.0, 3.0], 3);
        let r = block_on(pw::euclidean_distances(&x, &wide).into_future());
        assert!(matches!(r, Err(Error::ShapeMismatch { op: "euclidean_distances", .. })), "{}: {r:?}", p.name);
        let nan = m(&[1.0, f64::NAN, 3.0, 4.0], 2);
        let r = block_on(pw::rbf_kernel(&nan, None).into_future());
        assert!(matches!(r, Err(Error::NonFinite { .. })), "{}: {r:?}", p.name);
        let inf = m(&[1.0, f64::INFINITY, 3.0, 4.0], 2);
        let r = block_on(pw::nan_euclidean_distances(&inf, None).into_future());
        assert!(matches!(r, Err(Error::NonFinite { .. })), "{}: {r:?}", p.name);
        let negative = m(&[1.0, -2.0, 3.0, 4.0], 2);
        let r = block_on(pw::chi2_kernel(&x, &negative).into_future());
        assert!(matches!(r, Err(Error::OutOfDomain { op: "chi2_kernel", .. })), "{}: {r:?}", p.name);
        let r = block_on(pw::paired_euclidean_distances(&x, &m(&[1.0, 2.0], 2)).into_future());
        assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{}: {r:?}", p.name);
        let r = block_on(pw::paired_distances(&x, &x, Distance::NanEuclidean { squared: false }).into_future());
        assert!(matches!(r, Err(Error::InvalidParameter { name: "metric", .. })), "{}: {r:?}", p.name);
        // The haversine distance takes (latitude, longitude) rows, in every form.
        let r = block_on(pw::haversine_distances(&wide, None).into_future());
        assert!(matches!(r, Err(Error::ShapeMismatch { op: "haversine_distances", .. })), "{}: {r:?}", p.name);
        let r = block_on(pw::pairwise_distances_argmin(&wide, &wide).metric(Distance::Haversine).into_future());
        assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{}: {r:?}", p.name);
        let r = block_on(pw::paired_distances(&x, &x, Distance::Haversine).into_future());
        assert!(matches!(r, Err(Error::InvalidParameter { name: "metric", .. })), "{}: {r:?}", p.name);
        let bad_norms = array(d, &[1.0, 2.0, 3.0], &[3], DType::F64);
        let r = block_on(pw::euclidean_distances(&x, None).x_norm_squared(&bad_norms).into_future());
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
        let r = block_on(pw::euclidean_distances(&long, None).into_future());
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
        let (i, v) = block_on(pw::pairwise_distances_argmin_min(&a, &b).into_future()).unwrap();
        let full = block_on(pw::euclidean_distances(&a, &b).into_future()).unwrap();
        assert_eq!(values(&i), values(&wglearn::ops::argmin(&full, Some(1)).unwrap()), "{}", p.name);
        let nearest = values(&wglearn::ops::min(&full, Some(1), false).unwrap());
        assert_matches_fixture(&values(&v), &nearest, tol(DType::F64, d).0, p.name);
    }
}

#[test]
fn distances_of_x_to_itself_are_symmetric_and_match_the_general_product() {
    // 150 rows: several 64-row tiles of the mirrored X X^T product on the host.
    let mut rng = TestRng::new(31);
    let data = rng.vec(150 * 7, -2.0, 2.0);
    for p in paths() {
        for dtype in [DType::F32, DType::F64] {
            let x = array(&p.device, &data, &[150, 7], dtype);
            // The same values in storage of their own: the general product, no exact diagonal.
            let other = ops::add(&x, &ops::scalar_like(&x, 0.0).unwrap()).unwrap();
            let label = format!("{dtype} on {}", p.name);
            for rbf in [false, true] {
                let (alone, against) = if rbf {
                    (
                        block_on(pw::rbf_kernel(&x, None).into_future()),
                        block_on(pw::rbf_kernel(&x, &other).into_future()),
                    )
                } else {
                    (
                        block_on(pw::euclidean_distances(&x, None).into_future()),
                        block_on(pw::euclidean_distances(&x, &other).into_future()),
                    )
                };
                let (alone, against) = (alone.unwrap(), against.unwrap());
                let m = block_on(alone.to_ndarray::<f64>()).unwrap();
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
                let w = block_on(against.to_ndarray::<f64>()).unwrap();
                for ((i, j), &g) in m.indexed_iter().map(|(ix, v)| ((ix[0], ix[1]), v)) {
                    let want = w[[i, j]];
                    let slack = if i == j { 1e-3 } else { atol + rtol * want.abs() };
                    assert!((g - want).abs() <= slack, "{label}, rbf {rbf}: ({i}, {j}) {g} vs {want}");
                }
            }
        }
    }
}

#[test]
fn nearest_rows_over_many_tiles_match_the_full_matrix() {
    // On the host, Y of 2000 rows: its tiles of X hold 524 rows, so X's 600 rows take two.
    // The GPUs' tiles are far larger (their paths' windows are tested with the fixtures), so
    // they get a tenth of the rows, which keeps lavapipe's run short.
    let mut rng = TestRng::new(32);
    let (xs, ys) = (rng.vec(600 * 5, 0.0, 1.0), rng.vec(2000 * 5, 0.0, 1.0));
    for p in paths() {
        let (m, n) = if p.device.is_gpu() { (60, 200) } else { (600, 2000) };
        let (x, y) =
            (array(&p.device, &xs[..m * 5], &[m, 5], DType::F32), array(&p.device, &ys[..n * 5], &[n, 5], DType::F32));
        let full = block_on(pw::euclidean_distances(&x, &y).into_future()).unwrap();
        let want = values(&ops::argmin(&full, Some(1)).unwrap());
        let (idx, dist) = block_on(pw::pairwise_distances_argmin_min(&x, &y).into_future()).unwrap();
        assert_eq!(values(&idx), want, "{}", p.name);
        let nearest = values(&ops::min(&full, Some(1), false).unwrap());
        for (i, (&g, &w)) in values(&dist).iter().zip(&nearest).enumerate() {
            assert!((g - w).abs() <= 1e-5 * w.abs().max(1e-3), "{}: row {i} {g} vs {w}", p.name);
        }
        assert_eq!(values(&block_on(pw::pairwise_distances_argmin(&x, &y).into_future()).unwrap()), want, "{}", p.name);
    }
}
