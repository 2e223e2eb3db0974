//! The clustering metrics against scikit-learn (tests/fixtures/cluster.json) on every path:
//! the comparisons of two labelings (int, float and bool labels, many small clusters, one
//! cluster on a side, one sample, none) with every option, and the silhouette,
//! Calinski-Harabasz and Davies-Bouldin scores of float64 and float32 data; then the errors
//! scikit-learn raises.

#[macro_use]
mod common;

use common::*;
use serde_json::Value;
use std::future::IntoFuture;
use wglearn::metrics::pairwise::Distance;
use wglearn::metrics::{self, AverageMethod, SilhouetteMetric};
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(serde::Deserialize)]
struct Case {
    metric: String,
    labels_true: Option<FixtureArray>,
    labels_pred: Option<FixtureArray>,
    #[serde(rename = "X")]
    x: Option<FixtureArray>,
    labels: Option<FixtureArray>,
    params: serde_json::Map<String, Value>,
    expected: Option<Vec<FixtureArray>>,
}

#[derive(serde::Deserialize)]
struct Fixtures {
    cases: Vec<Case>,
}

fn labels(d: &Device, a: &FixtureArray, float: DType) -> Array {
    let dtype = match a.dtype.as_deref() {
        Some("int") => DType::I32,
        Some("bool") => DType::Bool,
        _ => float,
    };
    array(d, &a.data, &a.shape, dtype)
}

async fn values(a: &Array) -> Vec<f64> {
    a.to_vec::<f64>().await.unwrap()
}

impl Case {
    fn average(&self) -> AverageMethod {
        self.params.get("average_method").map_or(AverageMethod::Arithmetic, |m| m.as_str().unwrap().parse().unwrap())
    }
    fn beta(&self) -> f64 {
        self.params.get("beta").and_then(Value::as_f64).unwrap_or(1.0)
    }
    fn metric_param(&self) -> SilhouetteMetric {
        self.params
            .get("metric")
            .map_or(Distance::Euclidean { squared: false }.into(), |m| m.as_str().unwrap().parse().unwrap())
    }

    async fn supervised(&self, d: &Device, float: DType) -> Result<Vec<Vec<f64>>, Error> {
        let yt = labels(d, self.labels_true.as_ref().unwrap(), float);
        let yp = labels(d, self.labels_pred.as_ref().unwrap(), float);
        let one = |v: f64| vec![vec![v]];
        Ok(match self.metric.as_str() {
            "contingency_matrix" => {
                let mut c = metrics::contingency_matrix(&yt, &yp);
                if let Some(eps) = self.params.get("eps").and_then(Value::as_f64) {
                    c = c.eps(eps);
                }
                let c = c.await?;
                let want = if self.params.contains_key("eps") { DType::F64 } else { DType::I32 };
                assert_eq!(c.dtype(), want, "contingency_matrix dtype");
                vec![values(&c).await]
            }
            "pair_confusion_matrix" => vec![values(&metrics::pair_confusion_matrix(&yt, &yp).await?).await],
            "rand_score" => one(metrics::rand_score(&yt, &yp).await?),
            "adjusted_rand_score" => one(metrics::adjusted_rand_score(&yt, &yp).await?),
            "mutual_info_score" => one(metrics::mutual_info_score(&yt, &yp).await?),
            "mutual_info_score_contingency" => {
                let c = array(
                    d,
                    &self.labels_true.as_ref().unwrap().data,
                    &self.labels_true.as_ref().unwrap().shape,
                    float,
                );
                one(metrics::mutual_info_score(&yt, &yp).contingency(&c).await?)
            }
            "homogeneity_score" => one(metrics::homogeneity_score(&yt, &yp).await?),
            "completeness_score" => one(metrics::completeness_score(&yt, &yp).await?),
            "v_measure_score" => one(metrics::v_measure_score(&yt, &yp).beta(self.beta()).await?),
            "homogeneity_completeness_v_measure" => {
                let h = metrics::homogeneity_completeness_v_measure(&yt, &yp).beta(self.beta()).await?;
                vec![vec![h.homogeneity], vec![h.completeness], vec![h.v_measure]]
            }
            "fowlkes_mallows_score" => one(metrics::fowlkes_mallows_score(&yt, &yp).await?),
            "normalized_mutual_info_score" => one(metrics::normalized_mutual_info_score(&yt, &yp)
                .average_method(self.average())
                .into_future()
                .await?),
            "adjusted_mutual_info_score" => {
                one(metrics::adjusted_mutual_info_score(&yt, &yp).average_method(self.average()).into_future().await?)
            }
            "entropy" => one(metrics::entropy(&yt).await?),
            other => panic!("no such metric in the test: {other}"),
        })
    }

    async fn unsupervised(&self, d: &Device, float: DType) -> Result<Vec<Vec<f64>>, Error> {
        let xa = self.x.as_ref().unwrap();
        let x = array(d, &xa.data, &xa.shape, float);
        let l = labels(d, self.labels.as_ref().unwrap(), float);
        let one = |v: f64| vec![vec![v]];
        Ok(match self.metric.as_str() {
            "silhouette_samples" => {
                let s = metrics::silhouette_samples(&x, &l).metric(self.metric_param()).await?;
                // float32 where the distances are: float32 data, but not the Manhattan distance.
                let manhattan = self.params.get("metric").and_then(Value::as_str) == Some("manhattan");
                let want = if float == DType::F32 && !manhattan { DType::F32 } else { DType::F64 };
                assert_eq!(s.dtype(), want, "silhouette_samples dtype");
                vec![values(&s).await]
            }
            "silhouette_score" => one(metrics::silhouette_score(&x, &l).metric(self.metric_param()).await?),
            "calinski_harabasz_score" => one(metrics::calinski_harabasz_score(&x, &l).await?),
            "davies_bouldin_score" => one(metrics::davies_bouldin_score(&x, &l).await?),
            other => panic!("no such metric in the test: {other}"),
        })
    }
}

suite_test! {
    async fn cluster_metrics_match_sklearn(paths) {
        let fixtures: Fixtures =
            serde_json::from_str(include_str!("fixtures/cluster.json")).expect("tests/fixtures/cluster.json parses");
        for p in paths {
            let d = &p.device;
            for float in [DType::F64, DType::F32] {
                let (rtol, _) = tol(float, d);
                for case in &fixtures.cases {
                    let supervised = case.x.is_none();
                    // Float labels are compared as they are; float32 is swept through the data.
                    if float == DType::F32 && supervised && case.metric != "mutual_info_score_contingency" {
                        continue;
                    }
                    let what = format!("{} {float} {} {:?}", p.name, case.metric, case.params);
                    let got = if supervised { case.supervised(d, float).await } else { case.unsupervised(d, float).await };
                    let Some(expected) = &case.expected else {
                        assert!(matches!(got, Err(Error::EmptyInput { .. })), "{what}: {:?}", got.map(|_| ()));
                        continue;
                    };
                    let got = got.unwrap_or_else(|e| panic!("{what}: {e}"));
                    assert_eq!(got.len(), expected.len(), "{what}: outputs");
                    for (i, (g, want)) in got.iter().zip(expected).enumerate() {
                        assert_matches_fixture(g, &want.data, rtol, &format!("{what} [{i}]"));
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn silhouette_sample_size_draws_the_same_subset_everywhere(paths) {
        let fixtures: Fixtures = serde_json::from_str(include_str!("fixtures/cluster.json")).unwrap();
        let case = fixtures.cases.iter().find(|c| c.metric == "silhouette_score").unwrap();
        let (xa, la) = (case.x.as_ref().unwrap(), case.labels.as_ref().unwrap());
        let full = case.expected.as_ref().unwrap()[0].data[0];
        let mut scores = Vec::new();
        for p in paths {
            let d = &p.device;
            let (x, l) = (array(d, &xa.data, &xa.shape, DType::F64), labels(d, la, DType::F64));
            let (rtol, _) = tol(DType::F64, d);
            // Every sample, in any order, is the full score.
            let all = metrics::silhouette_score(&x, &l).sample_size(1000).random_state(3).await.unwrap();
            assert_matches_fixture(&[all], &[full], rtol, p.name);
            let some = metrics::silhouette_score(&x, &l).sample_size(25).random_state(3).await.unwrap();
            let other = metrics::silhouette_score(&x, &l).sample_size(25).random_state(4).await.unwrap();
            assert!(some != other && (some - full).abs() > 1e-6, "{}: subsets {some} {other} of {full}", p.name);
            scores.push(some);
        }
        for s in &scores {
            assert!((s - scores[0]).abs() <= 1e-4 * scores[0].abs(), "the subset differs by device: {scores:?}");
        }
    }
}

suite_test! {
    async fn cluster_metrics_refuse_what_scikit_learn_refuses(paths) {
        for p in paths {
            let d = &p.device;
            let ints = |v: &[i32]| Array::from_vec(d, v.to_vec(), &[v.len()]).unwrap();
            let f = |v: &[f64], shape: &[usize]| array(d, v, shape, DType::F64);
            let (a, b) = (ints(&[0, 0, 1, 1]), ints(&[0, 1, 1]));
            let r = metrics::adjusted_rand_score(&a, &b).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { op: "adjusted_rand_score", .. })), "{}: {r:?}", p.name);
            let two_d = f(&[0.0, 1.0, 1.0, 0.0], &[2, 2]);
            let r = metrics::rand_score(&two_d, &two_d).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { op: "rand_score", .. })), "{}: {r:?}", p.name);
            let nan = f(&[0.0, f64::NAN, 1.0, 1.0], &[4]);
            let r = metrics::normalized_mutual_info_score(&nan, &a).await;
            assert!(matches!(r, Err(Error::NonFinite { .. })), "{}: {r:?}", p.name);
            let r = metrics::v_measure_score(&a, &a).beta(-1.0).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "beta", .. })), "{}: {r:?}", p.name);
            let r = metrics::contingency_matrix(&a, &a).eps(-0.5).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "eps", .. })), "{}: {r:?}", p.name);
            let r = "median".parse::<AverageMethod>();
            assert!(matches!(r, Err(Error::InvalidParameter { name: "average_method", .. })), "{r:?}");
            let bad = f(&[1.0, 0.5, 2.0, 3.0], &[2, 2]);
            let r = metrics::mutual_info_score(&a, &a).contingency(&bad).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "contingency", .. })), "{}: {r:?}", p.name);
            // The silhouette and the dispersion scores need 2 to n - 1 labels.
            let x = f(&[0.0, 0.0, 1.0, 1.0, 5.0, 5.0, 6.0, 5.0], &[4, 2]);
            for labels in [ints(&[1, 1, 1, 1]), ints(&[0, 1, 2, 3])] {
                let r = metrics::silhouette_score(&x, &labels).await;
                assert!(matches!(r, Err(Error::BadTarget { op: "silhouette_score", .. })), "{}: {r:?}", p.name);
                let r = metrics::calinski_harabasz_score(&x, &labels).await;
                assert!(matches!(r, Err(Error::BadTarget { op: "calinski_harabasz_score", .. })), "{}: {r:?}", p.name);
                let r = metrics::davies_bouldin_score(&x, &labels).await;
                assert!(matches!(r, Err(Error::BadTarget { op: "davies_bouldin_score", .. })), "{}: {r:?}", p.name);
            }
            let r = metrics::silhouette_samples(&x, &b).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { op: "silhouette_samples", .. })), "{}: {r:?}", p.name);
            let x_nan = f(&[0.0, 0.0, 1.0, f64::NAN, 5.0, 5.0, 6.0, 5.0], &[4, 2]);
            let r = metrics::davies_bouldin_score(&x_nan, &a).await;
            assert!(matches!(r, Err(Error::NonFinite { .. })), "{}: {r:?}", p.name);
            // A precomputed matrix is square, non-negative, with a zero diagonal.
            let pre = SilhouetteMetric::Precomputed;
            let r = metrics::silhouette_samples(&x, &a).metric(pre).await;
            assert!(matches!(r, Err(Error::ShapeMismatch { op: "silhouette_samples", .. })), "{}: {r:?}", p.name);
            let mut dist = vec![0.0, 1.0, 4.0, 4.0, 1.0, 0.0, 4.0, 4.0, 4.0, 4.0, 0.0, 1.0, 4.0, 4.0, 1.0, 0.0];
            let ok = f(&dist, &[4, 4]);
            let s = metrics::silhouette_samples(&ok, &a).metric(pre).await.unwrap();
            assert_matches_fixture(&values(&s).await, &[0.75; 4], 1e-6, p.name);
            dist[5] = 0.5;
            let r = metrics::silhouette_samples(&f(&dist, &[4, 4]), &a).metric(pre).await;
            assert!(
                matches!(&r, Err(Error::OutOfDomain { op: "silhouette_samples", detail }) if detail.contains("0.5 at sample 1")),
                "{}: {r:?}",
                p.name
            );
            dist[5] = 0.0;
            dist[3] = -4.0;
            let r = metrics::silhouette_samples(&f(&dist, &[4, 4]), &a).metric(pre).await;
            assert!(
                matches!(&r, Err(Error::OutOfDomain { op: "silhouette_samples", detail }) if detail.contains("-4")),
                "{}: {r:?}",
                p.name
            );
            let r = metrics::silhouette_score(&x, &a).sample_size(0).await;
            assert!(matches!(r, Err(Error::InvalidParameter { name: "sample_size", .. })), "{}: {r:?}", p.name);
            let r = "hamming".parse::<SilhouetteMetric>();
            assert!(matches!(r, Err(Error::InvalidParameter { name: "metric", .. })), "{r:?}");
        }
    }
}
