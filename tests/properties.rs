//! Property tests: random shapes, dtypes and values (empty, 1x1, NaN, ±inf, huge, denormal)
//! through the ops and every registered estimator, on every path. They assert that nothing
//! panics, and that each GPU path agrees with the CPU: the same shape and dtype and close
//! values, or the same error variant. Bounded: a fixed number of cases per property.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::mem::discriminant;
use wglearn::estimator::{by_name, names, DynEstimator};
use wglearn::prelude::*;

/// Values of every kind a user can hand over. The first ones are moderate: results built from
/// them are compared by value; the others (overflowing products, float32 denormals that GPUs
/// flush, float64 beyond float32's range) only by outcome.
const MODERATE: [f64; 10] = [0.0, -0.0, 1.0, -1.0, 0.5, 2.5, -3.75, 1e-3, 123.0, 7.0];
const SPECIAL: [f64; 3] = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
const EXTREME: [f64; 5] = [1e300, -1e300, 1e-40, 5e-324, 3e38];

#[derive(Debug, Clone)]
struct Input {
    shape: Vec<usize>,
    dtype: DType,
    values: Vec<f64>,
    /// No extreme values: results can be compared by value.
    moderate: bool,
}

fn dtype() -> impl Strategy<Value = DType> {
    prop::sample::select(vec![DType::F32, DType::F64, DType::I32, DType::U32, DType::Bool])
}

fn value(extreme: bool) -> BoxedStrategy<f64> {
    let mut pool: Vec<f64> = MODERATE.iter().chain(&SPECIAL).copied().collect();
    if extreme {
        pool.extend(EXTREME);
    }
    prop_oneof![prop::sample::select(pool), -50.0..50.0f64].boxed()
}

fn input(max_dims: usize) -> impl Strategy<Value = Input> {
    (prop::collection::vec(0usize..5, 0..=max_dims), dtype(), any::<bool>()).prop_flat_map(|(shape, dtype, extreme)| {
        let n: usize = shape.iter().product();
        prop::collection::vec(value(extreme), n).prop_map(move |values| {
            // Integers hold integers (casting NaN to an integer is undefined in NumPy too).
            let values = match dtype {
                DType::I32 => {
                    values.iter().map(|v| if v.is_finite() { v.clamp(-1e6, 1e6).trunc() } else { 3.0 }).collect()
                }
                DType::U32 => {
                    values.iter().map(|v| if v.is_finite() { v.abs().min(1e6).trunc() } else { 3.0 }).collect()
                }
                _ => values,
            };
            let moderate = values.iter().all(|v| !v.is_finite() || v.abs() <= 1e3 && (*v == 0.0 || v.abs() >= 1e-3));
            Input { shape: shape.clone(), dtype, values, moderate }
        })
    })
}

fn make(device: &Device, x: &Input) -> Array {
    ops::astype(&Array::from_vec(device, x.values.clone(), &x.shape).unwrap(), x.dtype).unwrap()
}

/// Too large for this device: its element count, its memory or its buffer limit. Devices
/// differ in capacity, so these count as one outcome.
fn too_large(e: &Error) -> bool {
    matches!(e, Error::ShapeTooLarge { .. } | Error::HostOutOfMemory { .. } | Error::BufferTooLarge { .. })
}

fn same_error(a: &Error, b: &Error) -> bool {
    discriminant(a) == discriminant(b) || too_large(a) && too_large(b)
}

fn host(a: &Array) -> Vec<f64> {
    block_on(a.to_vec::<f64>()).unwrap()
}

/// The CPU's and a GPU's results of one op agree.
fn agree(op: &str, path: &Path, cpu: &Result<Array>, gpu: &Result<Array>, by_value: bool) -> Result<(), TestCaseError> {
    match (cpu, gpu) {
        (Ok(c), Ok(g)) => {
            prop_assert_eq!(c.shape(), g.shape(), "{} on {}: shapes", op, path.name);
            prop_assert_eq!(c.dtype(), g.dtype(), "{} on {}: dtypes", op, path.name);
            if by_value {
                let (rtol, atol) = tol(c.dtype(), &path.device);
                // Transcendentals and reordered sums: float32 tolerance scaled by magnitude.
                let (rtol, atol) = (rtol.max(1e-5), atol.max(1e-5));
                for (i, (x, y)) in host(c).iter().zip(host(g)).enumerate() {
                    let ok =
                        (x.is_nan() && y.is_nan()) || x == &y || (x - y).abs() <= atol + rtol * x.abs().max(y.abs());
                    prop_assert!(ok, "{} on {}: element {}: cpu {} vs gpu {}", op, path.name, i, x, y);
                }
            }
        }
        (Err(c), Err(g)) => prop_assert!(same_error(c, g), "{} on {}: cpu {:?} vs gpu {:?}", op, path.name, c, g),
        (c, g) => {
            prop_assert!(false, "{} on {}: cpu {:?} vs gpu {:?}", op, path.name, c.as_ref().err(), g.as_ref().err())
        }
    }
    Ok(())
}

type Op = (&'static str, fn(&Array, &Array) -> Result<Array>);

const OPS: &[Op] = &[
    ("abs", |a, _| ops::abs(a)),
    ("neg", |a, _| ops::neg(a)),
    ("sqrt", |a, _| ops::sqrt(a)),
    ("square", |a, _| ops::square(a)),
    ("exp", |a, _| ops::exp(a)),
    ("log1p", |a, _| ops::log1p(a)),
    ("tanh", |a, _| ops::tanh(a)),
    ("arcsin", |a, _| ops::arcsin(a)),
    ("round", |a, _| ops::round(a)),
    ("sign", |a, _| ops::sign(a)),
    ("isnan", |a, _| ops::isnan(a)),
    ("isfinite", |a, _| ops::isfinite(a)),
    ("add", |a, b| ops::add(a, b)),
    ("sub", |a, b| ops::sub(a, b)),
    ("mul", |a, b| ops::mul(a, b)),
    ("div", |a, b| ops::div(a, b)),
    ("maximum", |a, b| ops::maximum(a, b)),
    ("less", |a, b| ops::less(a, b)),
    ("equal", |a, b| ops::equal(a, b)),
    ("logical_and", |a, b| ops::logical_and(a, b)),
    ("where", |a, b| ops::where_(&ops::isnan(a)?, b, a)),
    // A negative bound of an unsigned array saturates to 0, the same on every device.
    ("clip", |a, _| ops::clip(a, Some(-1.0), Some(2.0))),
    ("astype f32", |a, _| ops::astype(a, DType::F32)),
    // Out-of-range floats saturate and NaN becomes 0 on every device.
    ("astype i32", |a, _| ops::astype(a, DType::I32)),
    ("astype u32", |a, _| ops::astype(a, DType::U32)),
    ("sum", |a, _| ops::sum(a, None, false)),
    ("sum axis 0", |a, _| ops::sum(a, Some(0), false)),
    ("mean axis -1", |a, _| ops::mean(a, Some(-1), true)),
    ("max", |a, _| ops::max(a, None, false)),
    ("min axis 0", |a, _| ops::min(a, Some(0), false)),
    ("argmax", |a, _| ops::argmax(a, None)),
    ("argmin axis -1", |a, _| ops::argmin(a, Some(-1))),
    ("var ddof 1", |a, _| ops::var(a, Some(0), 1.0, false)),
    ("std", |a, _| ops::std(a, None, 0.0, false)),
    ("logsumexp", |a, _| ops::logsumexp(a, Some(-1), false)),
    ("any", |a, _| ops::any(a, None, false)),
    ("count_nonzero", |a, _| ops::count_nonzero(a, Some(0), false)),
    ("cumsum", |a, _| ops::cumsum(a, None)),
    ("sort", |a, _| ops::sort(a, -1)),
    ("argsort", |a, _| ops::argsort(a, -1)),
    ("matmul", |a, b| ops::matmul(a, b)),
    ("transpose", |a, _| a.t()),
    ("reshape", |a, _| a.reshape(&[-1])),
    ("softmax", |a, _| ops::softmax(a, -1)),
    ("unique", |a, _| block_on(ops::unique_values(a))),
    ("flip", |a, _| block_on(ops::flip(a, 0))),
    ("ensure_finite", |a, _| block_on(ops::ensure_finite(a, "ensure_finite")).map(|()| a.clone())),
    ("concat", |a, b| ops::concat(&[a, b], 0)),
    ("slice", |a, _| a.slice_axis(0, 1, 2)),
];

/// A runner of `cases` cases. CI replays one fixed stream of cases, so that main stays
/// reproducible; WGLEARN_PROPTEST_RANDOM=1 draws new ones (how the gaps in the issue note
/// were found).
fn runner(cases: u32) -> TestRunner {
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    if std::env::var("WGLEARN_PROPTEST_RANDOM").is_ok_and(|v| v == "1") {
        TestRunner::new(config)
    } else {
        let rng = proptest::test_runner::TestRng::deterministic_rng(config.rng_algorithm);
        TestRunner::new_with_rng(config, rng)
    }
}

/// A run of `f` that turns a panic into a test failure naming what was run.
fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .map_err(|e| TestCaseError::fail(format!("{what} panicked: {:?}", e.downcast_ref::<String>())))
}

#[test]
fn ops_agree_on_every_device() {
    let mut runner = runner(96);
    let strategy = (input(3), input(3), 0..OPS.len());
    runner
        .run(&strategy, |(a, b, k)| {
            let (name, op) = OPS[k];
            let run = |d: &Device| no_panic(name, || op(&make(d, &a), &make(d, &b)));
            let cpu = run(&Device::cpu())?;
            let beyond_f32 = |x: &Input| {
                x.dtype == DType::F64 && x.values.iter().any(|v| v.is_finite() && v.abs() > f64::from(f32::MAX))
            };
            for path in gpu_paths() {
                let gpu = run(&path.device)?;
                // A device without f64 holds float64 beyond float32's range as inf: a capacity
                // limit, like an array too large (issue 8 note); only the absence of panics counts.
                if !path.device.info().native_f64 && (beyond_f32(&a) || beyond_f32(&b)) {
                    continue;
                }
                agree(name, path, &cpu, &gpu, a.moderate && b.moderate)?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn creation_of_any_size_agrees_on_every_device() {
    let dims = prop::sample::select(vec![0usize, 1, 3, 1 << 20, 1 << 40, usize::MAX]);
    let mut runner = runner(48);
    runner
        .run(&(prop::collection::vec(dims, 0..=3), dtype()), |(shape, dtype)| {
            let run = |d: &Device| {
                no_panic("zeros", || Array::zeros(d, &shape, dtype))
                    .and_then(|z| no_panic("full", || z.and(Array::full(d, &shape, 1.5, dtype))))
            };
            let cpu = run(&Device::cpu())?;
            for path in gpu_paths() {
                agree(&format!("full {shape:?} {dtype}"), path, &cpu, &run(&path.device)?, true)?;
            }
            Ok(())
        })
        .unwrap();
}

fn fit_and_use(name: &str, x: &Array, y: &Array) -> Vec<Result<Array>> {
    let mut e: Box<dyn DynEstimator> = by_name(name).unwrap();
    let tags = e.tags();
    // A label transformer takes y as its input.
    let x = if tags.labels_input { y } else { x };
    let y = (tags.supervised).then_some(y);
    if let Err(err) = block_on(e.fit(x, y, None)) {
        return vec![Err(err)];
    }
    vec![
        block_on(e.transform(x)),
        block_on(e.predict(x)),
        block_on(e.predict_proba(x)),
        block_on(e.decision_function(x)),
        block_on(e.score_samples(x)),
    ]
}

#[test]
fn estimators_agree_on_every_device() {
    let mut runner = runner(12);
    // Extreme values included: data whose squares overflow is scaled into range by svd.
    let strategy = (0usize..6, 0usize..4, prop::sample::select(vec![DType::F32, DType::F64]), any::<bool>())
        .prop_flat_map(|(n, p, dtype, extreme)| {
            (prop::collection::vec(value(extreme), n * p), prop::collection::vec(0i32..3, n))
                .prop_map(move |(xs, ys)| (n, p, dtype, xs, ys))
        });
    runner
        .run(&strategy, |(n, p, dtype, xs, ys)| {
            for name in names() {
                let data = |d: &Device| {
                    let x = ops::astype(&Array::from_vec(d, xs.clone(), &[n, p]).unwrap(), dtype).unwrap();
                    (x, Array::from_vec(d, ys.clone(), &[n]).unwrap())
                };
                let (x, y) = data(&Device::cpu());
                let cpu = no_panic(name, || fit_and_use(name, &x, &y))?;
                let beyond_f32 =
                    dtype == DType::F64 && xs.iter().any(|v| v.is_finite() && v.abs() > f64::from(f32::MAX));
                for path in gpu_paths() {
                    let (x, y) = data(&path.device);
                    if !path.device.info().native_f64 && beyond_f32 {
                        // Held as inf without f64, as in ops_agree_on_every_device: no panic
                        // is all that counts.
                        no_panic(name, || fit_and_use(name, &x, &y))?;
                        continue;
                    }
                    let gpu = no_panic(name, || fit_and_use(name, &x, &y))?;
                    prop_assert_eq!(cpu.len(), gpu.len(), "{} on {}: {:?} vs {:?}", name, path.name, cpu, gpu);
                    for (c, g) in cpu.iter().zip(&gpu) {
                        // Degenerate random data leaves signs and ranks free: outcomes only.
                        agree(name, path, c, g, false)?;
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}
