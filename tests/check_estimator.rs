//! The common estimator checks (scikit-learn's check_estimator, for this library's contract),
//! run on every estimator on every path, in float32 and float64:
//! NotFitted before fit; dtype preserved; device parity with the CPU; fitting twice gives the
//! same model; NaN, inf, empty input, a wrong feature count, a y of the wrong length and data
//! on another device rejected with the right Error; clone, get_params/set_param, serde and
//! to_device round trips.

mod common;

use common::*;
use wglearn::decomposition::Pca;
use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
use wglearn::estimator::*;
use wglearn::linear_model::Ridge;
use wglearn::prelude::*;
use wglearn::preprocessing::*;

const N: usize = 30;
const P: usize = 4;

/// One estimator under test: how to fit it and what output to compare.
#[allow(async_fn_in_trait)]
trait Subject: Estimator {
    fn fresh() -> Self;
    /// Fit takes y.
    const SUPERVISED: bool = false;
    /// Transforms before fit (scikit-learn's stateless transformers).
    const STATELESS: bool = false;
    /// Fits on square kernel matrices.
    const KERNEL: bool = false;
    async fn fit_on(&mut self, x: &Array, y: &Array) -> Result<()>;
    async fn output(&self, x: &Array) -> Result<Array>;
}

macro_rules! transformer {
    ($ty:ty $(, $flag:ident)*) => {
        impl Subject for $ty {
            fn fresh() -> Self {
                <$ty>::new()
            }
            $(const $flag: bool = true;)*
            async fn fit_on(&mut self, x: &Array, _y: &Array) -> Result<()> {
                Fit::fit(self, x).await
            }
            async fn output(&self, x: &Array) -> Result<Array> {
                self.transform(x).await
            }
        }
    };
}
transformer!(StandardScaler);
transformer!(MinMaxScaler);
transformer!(MaxAbsScaler);
transformer!(Normalizer, STATELESS);
transformer!(Binarizer, STATELESS);
transformer!(KernelCenterer, KERNEL);

impl Subject for Pca {
    fn fresh() -> Self {
        Pca::new().n_components(3usize).whiten(true)
    }
    async fn fit_on(&mut self, x: &Array, _y: &Array) -> Result<()> {
        Fit::fit(self, x).await
    }
    async fn output(&self, x: &Array) -> Result<Array> {
        self.transform(x).await
    }
}

impl Subject for Ridge {
    fn fresh() -> Self {
        Ridge::new().alpha(0.5)
    }
    const SUPERVISED: bool = true;
    async fn fit_on(&mut self, x: &Array, y: &Array) -> Result<()> {
        FitSupervised::fit(self, x, y).await
    }
    async fn output(&self, x: &Array) -> Result<Array> {
        self.predict(x).await
    }
}

impl Subject for LinearDiscriminantAnalysis {
    fn fresh() -> Self {
        LinearDiscriminantAnalysis::new().store_covariance(true)
    }
    const SUPERVISED: bool = true;
    async fn fit_on(&mut self, x: &Array, y: &Array) -> Result<()> {
        FitSupervised::fit(self, x, y).await
    }
    async fn output(&self, x: &Array) -> Result<Array> {
        self.predict_proba(x).await
    }
}

/// Data for `S`: X (a kernel matrix for the kernel centerer), and y (labels 0, 1, 2 for
/// classifiers, a linear response otherwise).
fn data<S: Subject>(device: &Device, dtype: DType, seed: u64) -> (Array, Array) {
    let mut rng = TestRng::new(seed);
    let x = rng.vec(N * P, -3.0, 3.0);
    let y: Vec<f64> = (0..N)
        .map(|i| {
            let s = x[i * P] + 0.5 * x[i * P + 1] + rng.uniform(-0.5, 0.5);
            if S::SUPERVISED && S::NAME.contains("Discriminant") {
                f64::from(u8::from(s > -1.0) + u8::from(s > 1.0))
            } else {
                s
            }
        })
        .collect();
    let xa = array(device, &x, &[N, P], dtype);
    let x = if S::KERNEL { ops::gemm(&xa, &xa, false, true).unwrap() } else { xa };
    (x, array(device, &y, &[N], dtype))
}

fn width<S: Subject>() -> usize {
    if S::KERNEL {
        N
    } else {
        P
    }
}

fn host(a: &Array) -> Vec<f64> {
    block_on(a.to_vec::<f64>()).unwrap()
}

/// Compares at the tolerance of `dtype` on `device`, relative to the array's scale.
fn close(got: &Array, want: &Array, tol: (f64, f64), what: &str) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    let (g, w) = (host(got), host(want));
    let scale = w.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for (i, (a, b)) in g.iter().zip(&w).enumerate() {
        assert!((a - b).abs() <= tol.0 * (b.abs() + scale) + tol.1, "{what}: element {i}: got {a}, want {b}");
    }
}

fn expect_err<T>(r: Result<T>, what: &str, ok: impl Fn(&Error) -> bool) {
    match r {
        Err(e) if ok(&e) => {}
        Err(e) => panic!("{what}: wrong error {e:?}"),
        Ok(_) => panic!("{what}: accepted"),
    }
}

fn check_estimator<S: Subject>() {
    let cpu = Device::cpu();
    for path in paths() {
        for dtype in [DType::F32, DType::F64] {
            let what = |s: &str| format!("{} {dtype} on {}: {s}", S::NAME, path.name);
            let dev = &path.device;
            let (x, y) = data::<S>(dev, dtype, 1);
            let tol = tol(dtype, dev);

            let unfitted = S::fresh();
            assert!(!unfitted.is_fitted());
            if !S::STATELESS {
                expect_err(block_on(unfitted.output(&x)), &what("before fit"), |e| {
                    matches!(e, Error::NotFitted { .. })
                });
            }

            let mut m = S::fresh();
            block_on(m.fit_on(&x, &y)).unwrap_or_else(|e| panic!("{}: {e}", what("fit")));
            assert!(m.is_fitted());
            assert!(m.device().unwrap().same(dev), "{}", what("model device"));
            let out = block_on(m.output(&x)).unwrap();
            assert_eq!(out.dtype(), dtype, "{}", what("dtype preserved"));
            assert!(out.device().same(dev), "{}", what("output device"));

            // Device parity: the same fit on the CPU.
            let (xc, yc) = data::<S>(&cpu, dtype, 1);
            let mut reference = S::fresh();
            block_on(reference.fit_on(&xc, &yc)).unwrap();
            let want = block_on(reference.output(&xc)).unwrap();
            close(&out, &want, tol, &what("parity with the CPU"));

            // Fitting again gives the same model.
            block_on(m.fit_on(&x, &y)).unwrap();
            assert_eq!(host(&block_on(m.output(&x)).unwrap()), host(&out), "{}", what("fit twice"));

            // Bad input.
            let mut bad = host(&x);
            let shape = x.shape().to_vec();
            for (v, name) in [(f64::NAN, "NaN"), (f64::INFINITY, "inf")] {
                bad[3] = v;
                let xb = array(dev, &bad, &shape, dtype);
                expect_err(block_on(S::fresh().fit_on(&xb, &y)), &what(&format!("{name} in fit")), |e| {
                    matches!(e, Error::NonFinite { count: 1, first_index: 3, .. })
                });
                expect_err(block_on(m.output(&xb)), &what(&format!("{name} in output")), |e| {
                    matches!(e, Error::NonFinite { .. })
                });
            }
            let empty = Array::zeros(dev, &[0, width::<S>()], dtype).unwrap();
            let y0 = Array::zeros(dev, &[0], dtype).unwrap();
            expect_err(block_on(S::fresh().fit_on(&empty, &y0)), &what("empty fit"), |e| {
                matches!(e, Error::EmptyInput { .. })
            });
            let wide = Array::zeros(dev, &[3, width::<S>() + 1], dtype).unwrap();
            expect_err(block_on(m.output(&wide)), &what("wrong feature count"), |e| {
                matches!(e, Error::ShapeMismatch { .. })
            });
            if S::SUPERVISED {
                let short = y.slice_axis(0, 0, N - 1).unwrap();
                expect_err(block_on(S::fresh().fit_on(&x, &short)), &what("short y"), |e| {
                    matches!(e, Error::ShapeMismatch { .. })
                });
            }
            let elsewhere = if dev.is_gpu() { Some(cpu.clone()) } else { gpu_paths().next().map(|p| p.device.clone()) };
            if let Some(other) = elsewhere {
                let xo = block_on(x.to_device(&other)).unwrap();
                expect_err(block_on(m.output(&xo)), &what("input on another device"), |e| {
                    matches!(e, Error::DeviceMismatch { .. })
                });
            }

            // Clone and params.
            let twin = m.clone();
            assert_eq!(host(&block_on(twin.output(&x)).unwrap()), host(&out), "{}", what("clone"));
            let mut rebuilt = S::fresh();
            for (k, v) in m.get_params() {
                rebuilt.set_param(&k, v).unwrap();
            }
            assert_eq!(rebuilt.get_params(), m.get_params(), "{}", what("params round trip"));
            expect_err(rebuilt.set_param("no_such_parameter", ParamValue::None), &what("unknown param"), |e| {
                matches!(e, Error::InvalidParameter { .. })
            });

            // serde: the model loads on the CPU.
            let json = serde_json::to_string(&m).unwrap();
            let loaded: S = serde_json::from_str(&json).unwrap();
            assert!(loaded.device().unwrap().same(&cpu), "{}", what("deserialized on the CPU"));
            let x_cpu = block_on(x.to_device(&cpu)).unwrap();
            close(&block_on(loaded.output(&x_cpu)).unwrap(), &out, tol, &what("serde round trip"));

            // to_device: to the CPU and back.
            let moved = block_on(m.to_device(&cpu)).unwrap();
            close(&block_on(moved.output(&x_cpu)).unwrap(), &out, tol, &what("to_device(cpu)"));
            let back = block_on(moved.to_device(dev)).unwrap();
            close(&block_on(back.output(&x)).unwrap(), &out, tol, &what("to_device back"));
        }
    }
}

#[test]
fn scalers_keep_the_contract() {
    check_estimator::<StandardScaler>();
    check_estimator::<MinMaxScaler>();
    check_estimator::<MaxAbsScaler>();
}

#[test]
fn stateless_transformers_and_kernel_centerer_keep_the_contract() {
    check_estimator::<Normalizer>();
    check_estimator::<Binarizer>();
    check_estimator::<KernelCenterer>();
}

#[test]
fn pca_keeps_the_contract() {
    check_estimator::<Pca>();
}

#[test]
fn ridge_and_lda_keep_the_contract() {
    check_estimator::<Ridge>();
    check_estimator::<LinearDiscriminantAnalysis>();
}

#[test]
fn label_encoder_keeps_the_contract() {
    let cpu = Device::cpu();
    for path in paths() {
        let dev = &path.device;
        let y = Array::from_vec(dev, vec![5.0f64, 2.0, 9.0, 2.0, 5.0], &[5]).unwrap();
        let mut m = LabelEncoder::new();
        expect_err(block_on(m.transform(&y)), "before fit", |e| matches!(e, Error::NotFitted { .. }));
        block_on(m.fit(&y)).unwrap();
        let codes = block_on(m.transform(&y)).unwrap();
        assert_eq!(block_on(codes.to_vec::<i32>()).unwrap(), vec![1, 0, 2, 0, 1], "{}", path.name);
        let unseen = Array::from_vec(dev, vec![2.0f64, 4.0, 11.0, 4.0], &[4]).unwrap();
        match block_on(m.transform(&unseen)) {
            Err(Error::UnseenLabels { labels, .. }) => assert_eq!(labels, "[4, 11]", "{}", path.name),
            r => panic!("unseen labels on {}: {:?}", path.name, r.err()),
        }
        let nan = Array::from_vec(dev, vec![2.0f64, f64::NAN], &[2]).unwrap();
        expect_err(block_on(m.transform(&nan)), "NaN", |e| matches!(e, Error::NonFinite { .. }));
        let big = Array::from_vec(dev, vec![0i32, 3], &[2]).unwrap();
        expect_err(block_on(m.inverse_transform(&big)), "code out of range", |e| {
            matches!(e, Error::UnseenLabels { .. })
        });
        let back = block_on(m.inverse_transform(&codes)).unwrap();
        assert_eq!(host(&back), host(&y), "{}", path.name);
        let json = serde_json::to_string(&m).unwrap();
        let loaded: LabelEncoder = serde_json::from_str(&json).unwrap();
        let y_cpu = block_on(y.to_device(&cpu)).unwrap();
        assert_eq!(host(&block_on(loaded.transform(&y_cpu)).unwrap()), host(&codes));
        if dev.is_gpu() {
            expect_err(block_on(m.transform(&y_cpu)), "device mismatch", |e| matches!(e, Error::DeviceMismatch { .. }));
        }
        expect_err(block_on(LabelEncoder::new().fit(&Array::zeros(dev, &[0], DType::F64).unwrap())), "empty", |e| {
            matches!(e, Error::EmptyInput { .. })
        });
    }
}

#[test]
fn invalid_hyperparameters_are_named_at_fit() {
    let dev = Device::cpu();
    let (x, y) = data::<Ridge>(&dev, DType::F64, 2);
    let name_of = |r: Result<()>| match r {
        Err(Error::InvalidParameter { name, .. }) => name,
        r => panic!("expected InvalidParameter, got {r:?}"),
    };
    assert_eq!(name_of(block_on(Pca::new().svd_solver("arpack").fit(&x))), "svd_solver");
    assert_eq!(name_of(block_on(Pca::new().n_components(1.5).fit(&x))), "n_components");
    assert_eq!(name_of(block_on(Pca::new().n_components("mla").fit(&x))), "n_components");
    assert_eq!(name_of(block_on(Pca::new().n_components(9usize).fit(&x))), "n_components");
    assert_eq!(name_of(block_on(Ridge::new().alpha(-1.0).fit(&x, &y))), "alpha");
    assert_eq!(name_of(block_on(Ridge::new().alpha(vec![1.0, 2.0]).fit(&x, &y))), "alpha");
    assert_eq!(name_of(block_on(Ridge::new().solver("sag").fit(&x, &y))), "solver");
    assert_eq!(name_of(block_on(MinMaxScaler::new().feature_range((1.0, 0.0)).fit(&x))), "feature_range");
    assert_eq!(name_of(block_on(Normalizer::new().norm("l3").fit(&x))), "norm");
    let (xl, yl) = data::<LinearDiscriminantAnalysis>(&dev, DType::F64, 2);
    assert_eq!(name_of(block_on(LinearDiscriminantAnalysis::new().n_components(5usize).fit(&xl, &yl))), "n_components");
    assert_eq!(name_of(block_on(LinearDiscriminantAnalysis::new().solver("eigen").fit(&xl, &yl))), "solver");
    assert_eq!(
        name_of(block_on(LinearDiscriminantAnalysis::new().priors(Some(vec![0.5, -0.5, 1.0])).fit(&xl, &yl))),
        "priors"
    );
    let mut pca = Pca::new();
    let r = pca.set_param("whiten", ParamValue::Str("yes".into()));
    assert!(matches!(r, Err(Error::InvalidParameter { name: "whiten", .. })), "{r:?}");
}
