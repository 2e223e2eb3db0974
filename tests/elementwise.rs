//! Parity of the elementwise ops: every path against the CPU reference, on random inputs and
//! odd shapes, for f32 and f64.

#[macro_use]
mod common;

use common::*;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

type Unary = fn(&Array) -> Result<Array>;
type Binary = fn(&Array, &Array) -> Result<Array>;

/// Shapes with sizes that are not multiples of the workgroup, a 1×1, an empty and a 0-d array.
const SHAPES: &[&[usize]] = &[&[1, 1], &[3, 257], &[1000], &[0, 3], &[]];

async fn unary_case(paths: &[Path], name: &str, f: Unary, lo: f64, hi: f64, dtypes: &[DType]) {
    let mut rng = TestRng::new(7);
    for &shape in SHAPES {
        let n: usize = shape.iter().product();
        let mut values = rng.vec(n, lo, hi);
        if n > 10 {
            // Edge values every op must get right (NaN only where the dtype has it).
            values[0] = 0.0;
            values[1] = lo;
        }
        for &dtype in dtypes {
            let mut values = values.clone();
            if n > 10 && dtype.is_float() {
                values[2] = f64::NAN;
            }
            let want = f(&array(&Device::cpu(), &values, shape, dtype)).unwrap();
            for p in gpus(paths) {
                let got = f(&array(&p.device, &values, shape, dtype)).unwrap();
                assert_close(&got, &want, &format!("{name} {dtype} {shape:?} on {}", p.name)).await;
            }
        }
    }
}

const FLOATS: &[DType] = &[DType::F32, DType::F64];
const ALL_NUMERIC: &[DType] = &[DType::F32, DType::F64, DType::I32];

suite_test! {
    async fn unary_float_functions_match_cpu(paths) {
        let cases: &[(&str, Unary, f64, f64)] = &[
            ("sqrt", ops::sqrt, 0.0, 100.0),
            ("reciprocal", ops::reciprocal, 0.5, 10.0),
            ("exp", ops::exp, -80.0, 80.0),
            ("expm1", ops::expm1, -1e-3, 1e-3),
            ("expm1-wide", ops::expm1, -20.0, 20.0),
            ("log", ops::log, 1e-30, 1e30),
            ("log-near-1", ops::log, 0.99, 1.01),
            ("log1p", ops::log1p, -1e-4, 1e-4),
            ("log1p-wide", ops::log1p, -0.99, 100.0),
            ("sin", ops::sin, -100.0, 100.0),
            ("cos", ops::cos, -100.0, 100.0),
            ("arcsin", ops::arcsin, -1.0, 1.0),
            ("tanh", ops::tanh, -30.0, 30.0),
            ("floor", ops::floor, -10.0, 10.0),
            ("ceil", ops::ceil, -10.0, 10.0),
            ("round", ops::round, -10.0, 10.0),
        ];
        for &(name, f, lo, hi) in cases {
            unary_case(paths, name, f, lo, hi, FLOATS).await;
        }
    }
}

suite_test! {
    /// f64 logarithms across the whole double range, subnormals included: values outside f32's
    /// range once lost their exponent on GPUs with native f64.
    async fn f64_log_covers_the_double_range(paths) {
        let values: [f64; 10] = [5e-324, 1e-310, 1e-300, 1.3e-225, 1e-45, 1e-38, 3.0, 1e39, 1e200, 1.7e308];
        let want: Vec<f64> = values.iter().map(|v| v.ln()).collect();
        for p in paths.iter().filter(|p| p.device.info().native_f64 || !p.device.is_gpu()) {
            let x = Array::from_vec(&p.device, values.to_vec(), &[values.len()]).unwrap();
            let got = ops::log(&x).unwrap().to_vec::<f64>().await.unwrap();
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                assert!((g - w).abs() <= 1e-13 * w.abs(), "log({:e}) on {}: got {g}, want {w}", values[i], p.name);
            }
        }
    }
}

suite_test! {
    async fn unary_numeric_functions_match_cpu(paths) {
        let cases: &[(&str, Unary)] = &[("abs", ops::abs), ("neg", ops::neg), ("square", ops::square), ("sign", ops::sign)];
        for &(name, f) in cases {
            unary_case(paths, name, f, -50.0, 50.0, ALL_NUMERIC).await;
        }
    }
}

suite_test! {
    async fn predicates_match_cpu(paths) {
        let values = [0.0, 1.0, -2.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
        for dtype in FLOATS {
            for (name, f) in
                [("isnan", ops::isnan as Unary), ("isfinite", ops::isfinite), ("logical_not", ops::logical_not)]
            {
                let want = f(&array(&Device::cpu(), &values, &[6], *dtype)).unwrap();
                assert_eq!(want.dtype(), DType::Bool);
                for p in gpus(paths) {
                    let got = f(&array(&p.device, &values, &[6], *dtype)).unwrap();
                    assert_close(&got, &want, &format!("{name} {dtype} on {}", p.name)).await;
                }
            }
        }
        // Known answers, so the CPU reference itself is checked.
        let cpu = ops::isfinite(&array(&Device::cpu(), &values, &[6], DType::F64)).unwrap();
        assert_eq!(cpu.to_vec::<bool>().await.unwrap(), vec![true, true, true, false, false, false]);
    }
}

suite_test! {
    async fn f64_transcendentals_are_accurate_against_std(paths) {
        // The GPU's own f64 exp/log/sin/cos/tanh/pow, against Rust's libm, at full f64 tolerance.
        let xs: Vec<f64> = (0..2001).map(|i| -50.0 + 0.05 * i as f64 + 1e-3).collect();
        for p in gpus(paths).filter(|p| p.device.info().native_f64) {
            let a = Array::from_slice(&p.device, &xs).unwrap();
            let check = async |name: &str, got: Array, f: fn(f64) -> f64| {
                let got = host(&got).await;
                for (x, g) in xs.iter().zip(got) {
                    let w = f(*x);
                    assert!((g - w).abs() <= 1e-13 * w.abs() + 1e-300, "{name}({x}) = {g}, std gives {w}");
                }
            };
            check("exp", ops::exp(&a).unwrap(), f64::exp).await;
            check("sin", ops::sin(&a).unwrap(), f64::sin).await;
            check("cos", ops::cos(&a).unwrap(), f64::cos).await;
            let unit: Vec<f64> = xs.iter().map(|x| x / 50.0).filter(|u| u.abs() <= 1.0).collect();
            let got = ops::arcsin(&Array::from_slice(&p.device, &unit).unwrap()).unwrap();
            for (u, g) in unit.iter().zip(got.to_vec::<f64>().await.unwrap()) {
                assert!((g - u.asin()).abs() <= 1e-15 * u.asin().abs(), "arcsin({u}) = {g}, std gives {}", u.asin());
            }
            check("tanh", ops::tanh(&a).unwrap(), f64::tanh).await;
            check("expm1", ops::expm1(&a).unwrap(), f64::exp_m1).await;
            let pos = ops::abs(&a).unwrap();
            let logs = ops::log(&pos).unwrap().to_vec::<f64>().await.unwrap();
            for (x, g) in xs.iter().zip(logs) {
                let w = x.abs().ln();
                assert!((g - w).abs() <= 1e-14 * w.abs().max(1.0), "log({}) = {g}, std gives {w}", x.abs());
            }
        }
    }
}

suite_test! {
    async fn binary_ops_broadcast_like_numpy(paths) {
        let cases: &[(&str, Binary, f64, f64)] = &[
            ("add", ops::add, -10.0, 10.0),
            ("sub", ops::sub, -10.0, 10.0),
            ("mul", ops::mul, -10.0, 10.0),
            ("div", ops::div, 0.5, 10.0),
            ("pow", ops::pow, 0.1, 3.0),
            ("maximum", ops::maximum, -10.0, 10.0),
            ("minimum", ops::minimum, -10.0, 10.0),
            ("equal", ops::equal, -2.0, 2.0),
            ("not_equal", ops::not_equal, -2.0, 2.0),
            ("less", ops::less, -10.0, 10.0),
            ("less_equal", ops::less_equal, -10.0, 10.0),
            ("greater", ops::greater, -10.0, 10.0),
            ("greater_equal", ops::greater_equal, -10.0, 10.0),
            ("logical_and", ops::logical_and, -1.0, 1.0),
            ("logical_or", ops::logical_or, -1.0, 1.0),
        ];
        let shape_pairs: &[(&[usize], &[usize])] = &[
            (&[4, 5], &[4, 5]),
            (&[4, 5], &[5]),
            (&[4, 1], &[1, 5]),
            (&[3, 1, 6], &[2, 1]),
            (&[7], &[]),
            (&[1, 1], &[1, 1]),
            (&[0, 5], &[5]),
        ];
        let mut rng = TestRng::new(11);
        for &(name, f, lo, hi) in cases {
            for &(sa, sb) in shape_pairs {
                let va: Vec<f64> = rng
                    .vec(sa.iter().product(), lo, hi)
                    .iter()
                    .map(|v| if name.contains("equal") { v.round() } else { *v })
                    .collect();
                let vb: Vec<f64> = rng
                    .vec(sb.iter().product(), lo, hi)
                    .iter()
                    .map(|v| if name.contains("equal") { v.round() } else { *v })
                    .collect();
                for dtype in [DType::F32, DType::F64, DType::I32] {
                    if dtype == DType::I32 && name == "pow" {
                        continue; // covered by integer_pow_and_division_promote below
                    }
                    let want = f(&array(&Device::cpu(), &va, sa, dtype), &array(&Device::cpu(), &vb, sb, dtype)).unwrap();
                    for p in gpus(paths) {
                        let got = f(&array(&p.device, &va, sa, dtype), &array(&p.device, &vb, sb, dtype)).unwrap();
                        assert_close(&got, &want, &format!("{name} {dtype} {sa:?} {sb:?} on {}", p.name)).await;
                    }
                }
            }
        }
    }
}

suite_test! {
    async fn nan_propagates_through_maximum_and_compares_false(paths) {
        for p in paths {
            let a = Array::from_slice(&p.device, &[f64::NAN, 1.0, 2.0]).unwrap();
            let b = Array::from_slice(&p.device, &[0.0, f64::NAN, 1.0]).unwrap();
            let m = ops::maximum(&a, &b).unwrap().to_vec::<f64>().await.unwrap();
            assert!(m[0].is_nan() && m[1].is_nan() && m[2] == 2.0, "{}: {m:?}", p.name);
            let eq = ops::equal(&a, &a).unwrap().to_vec::<bool>().await.unwrap();
            assert_eq!(eq, vec![false, true, true], "{}", p.name);
            let ne = ops::not_equal(&a, &a).unwrap().to_vec::<bool>().await.unwrap();
            assert_eq!(ne, vec![true, false, false], "{}", p.name);
        }
    }
}

suite_test! {
    async fn integer_pow_and_division_promote(paths) {
        for p in paths {
            let a = Array::from_slice(&p.device, &[2i32, -3, 4]).unwrap();
            let b = Array::from_slice(&p.device, &[3i32, 2, -1]).unwrap();
            let q = ops::div(&a, &b).unwrap();
            assert_eq!(q.dtype(), DType::F64);
            let pw = ops::pow(&a, &b).unwrap();
            assert_eq!(pw.dtype(), DType::F64);
            let got = pw.to_vec::<f64>().await.unwrap();
            assert_eq!(got, vec![8.0, 9.0, 0.25], "{}", p.name);
            let ua = Array::from_slice(&p.device, &[2u32, 3]).unwrap();
            let ub = Array::from_slice(&p.device, &[10u32, 3]).unwrap();
            let upw = ops::pow(&ua, &ub).unwrap();
            assert_eq!(upw.dtype(), DType::U32);
            assert_eq!(upw.to_vec::<u32>().await.unwrap(), vec![1024, 27], "{}", p.name);
        }
    }
}

suite_test! {
    async fn where_and_clip_match_cpu(paths) {
        let mut rng = TestRng::new(5);
        let va = rng.vec(60, -5.0, 5.0);
        let vb = rng.vec(12, -5.0, 5.0);
        for dtype in FLOATS.iter().chain(&[DType::I32]) {
            let cpu = Device::cpu();
            let cond =
                ops::greater(&array(&cpu, &va, &[5, 12], *dtype), &Array::scalar(&cpu, 0.0, *dtype).unwrap()).unwrap();
            let want = ops::where_(&cond, &array(&cpu, &va, &[5, 12], *dtype), &array(&cpu, &vb, &[12], *dtype)).unwrap();
            let want_clip = ops::clip(&array(&cpu, &va, &[5, 12], *dtype), Some(-1.0), Some(2.0)).unwrap();
            for p in gpus(paths) {
                let d = &p.device;
                let cond = ops::greater(&array(d, &va, &[5, 12], *dtype), &Array::scalar(d, 0.0, *dtype).unwrap()).unwrap();
                let got = ops::where_(&cond, &array(d, &va, &[5, 12], *dtype), &array(d, &vb, &[12], *dtype)).unwrap();
                assert_close(&got, &want, &format!("where {dtype} on {}", p.name)).await;
                let got = ops::clip(&array(d, &va, &[5, 12], *dtype), Some(-1.0), Some(2.0)).unwrap();
                assert_close(&got, &want_clip, &format!("clip {dtype} on {}", p.name)).await;
            }
        }
    }
}

suite_test! {
    async fn casts_round_trip_on_every_path(paths) {
        let values = [0.0, 1.0, -2.0, 3.75, 1e6];
        for p in paths {
            let a = Array::from_slice(&p.device, &values).unwrap();
            let i = ops::astype(&a, DType::I32).unwrap();
            assert_eq!(i.to_vec::<i32>().await.unwrap(), vec![0, 1, -2, 3, 1_000_000], "{}", p.name);
            let b = ops::astype(&a, DType::Bool).unwrap();
            assert_eq!(b.to_vec::<bool>().await.unwrap(), vec![false, true, true, true, true], "{}", p.name);
            let f = ops::astype(&b, DType::F32).unwrap();
            assert_eq!(f.to_vec::<f32>().await.unwrap(), vec![0.0, 1.0, 1.0, 1.0, 1.0], "{}", p.name);
            let u = ops::astype(&ops::abs(&i).unwrap(), DType::U32).unwrap();
            assert_eq!(u.to_vec::<u32>().await.unwrap(), vec![0, 1, 2, 3, 1_000_000], "{}", p.name);
            // int32 and uint32 wrap into each other modulo 2^32, as NumPy's astype.
            let wrapped = ops::astype(&i, DType::U32).unwrap();
            assert_eq!(wrapped.to_vec::<u32>().await.unwrap(), vec![0, 1, u32::MAX - 1, 3, 1_000_000], "{}", p.name);
            let back = ops::astype(&wrapped, DType::I32).unwrap();
            assert_eq!(back.to_vec::<i32>().await.unwrap(), vec![0, 1, -2, 3, 1_000_000], "{}", p.name);
        }
    }
}

suite_test! {
    async fn mixing_devices_is_an_error(paths) {
        let gpu = &gpus(paths).next().expect("a GPU path").device;
        let a = Array::from_slice(&Device::cpu(), &[1.0f32]).unwrap();
        let b = Array::from_slice(gpu, &[1.0f32]).unwrap();
        match ops::add(&a, &b) {
            Err(Error::DeviceMismatch { op: "add", .. }) => {}
            other => panic!("expected DeviceMismatch, got {other:?}"),
        }
    }
}

suite_test! {
    async fn non_broadcastable_shapes_are_an_error(paths) {
        for p in paths {
            let a = Array::zeros(&p.device, &[3, 4], DType::F32).unwrap();
            let b = Array::zeros(&p.device, &[5], DType::F32).unwrap();
            let err = ops::mul(&a, &b).unwrap_err();
            assert!(matches!(err, Error::ShapeMismatch { op: "mul", .. }), "{}: {err}", p.name);
            assert!(err.to_string().contains("[3, 4]") && err.to_string().contains("[5]"), "{err}");
        }
    }
}

/// One step of a chain under test: the chain's form and the call it stands for.
#[derive(Clone, Copy)]
enum Link {
    F(ops::UnaryFloatOp),
    N(ops::UnaryNumericOp),
    /// The op, the operand's index, and whether the running value is on the left.
    B(ops::BinaryOp, usize, bool),
}

fn float_call(op: ops::UnaryFloatOp) -> Unary {
    use ops::UnaryFloatOp as U;
    match op {
        U::Sqrt => ops::sqrt,
        U::Reciprocal => ops::reciprocal,
        U::Exp => ops::exp,
        U::Expm1 => ops::expm1,
        U::Log => ops::log,
        U::Log1p => ops::log1p,
        U::Sin => ops::sin,
        U::Cos => ops::cos,
        U::Arcsin => ops::arcsin,
        U::Tanh => ops::tanh,
        U::Floor => ops::floor,
        U::Ceil => ops::ceil,
        U::Round => ops::round,
    }
}

fn numeric_call(op: ops::UnaryNumericOp) -> Unary {
    use ops::UnaryNumericOp as U;
    match op {
        U::Abs => ops::abs,
        U::Neg => ops::neg,
        U::Square => ops::square,
        U::Sign => ops::sign,
    }
}

fn binary_call(op: ops::BinaryOp) -> Binary {
    use ops::BinaryOp as B;
    match op {
        B::Add => ops::add,
        B::Sub => ops::sub,
        B::Mul => ops::mul,
        B::Div => ops::div,
        B::Pow => ops::pow,
        B::Maximum => ops::maximum,
        B::Minimum => ops::minimum,
    }
}

/// The chain of `links`.
fn chain_of(links: &[Link], operands: &[Array]) -> ops::Chain {
    links.iter().fold(ops::Chain::new(), |chain, &link| match link {
        Link::F(op) => chain.float(op),
        Link::N(op) => chain.numeric(op),
        Link::B(op, k, true) => chain.binary(op, &operands[k]),
        Link::B(op, k, false) => chain.rbinary(&operands[k], op),
    })
}

/// The calls that `links` stand for, over `x`.
fn calls_of(links: &[Link], operands: &[Array], x: &Array) -> Array {
    links.iter().fold(x.clone(), |v, &link| match link {
        Link::F(op) => float_call(op)(&v).unwrap(),
        Link::N(op) => numeric_call(op)(&v).unwrap(),
        Link::B(op, k, true) => binary_call(op)(&v, &operands[k]).unwrap(),
        Link::B(op, k, false) => binary_call(op)(&operands[k], &v).unwrap(),
    })
}

suite_test! {
    /// A chain gives what its calls give: the same bits on the host, and within tolerance of
    /// the host on every path, for every op of the three families, operands that are one value,
    /// a row, a column or the whole shape on either side, chains split over several dispatches
    /// (more than eight steps, more than two operands) and arrays past a 64 KiB binding.
    async fn chains_match_their_calls(paths) {
        use ops::{BinaryOp as B, UnaryFloatOp as F, UnaryNumericOp as N};
        let mut rng = TestRng::new(31);
        for &(rows, cols) in &[(6usize, 257usize), (6, 20_000), (0, 3)] {
            // x in [0.1, 0.9] and operands in [0.5, 2]: every op stays in its domain.
            let xv = rng.vec(rows * cols, 0.1, 0.9);
            let scalar = vec![1.25];
            let row = rng.vec(cols, 0.5, 2.0);
            let col = rng.vec(rows, 0.5, 2.0);
            let full = rng.vec(rows * cols, 0.5, 2.0);
            // Each distinct program of eight steps is a pipeline to compile on a GPU, so every
            // op is covered by a few long chains whose values stay in every op's domain.
            let mut cases: Vec<Vec<Link>> = vec![
                // Every float function, in an order that keeps each in (0.3, 2.6).
                [F::Sqrt, F::Arcsin, F::Tanh, F::Log1p, F::Expm1, F::Sin, F::Cos, F::Exp, F::Log, F::Reciprocal]
                    .into_iter()
                    .map(Link::F)
                    .collect(),
                vec![
                    Link::B(B::Mul, 0, true),
                    Link::B(B::Mul, 1, true),
                    Link::F(F::Floor),
                    Link::B(B::Add, 2, true),
                    Link::B(B::Mul, 3, true),
                    Link::F(F::Round),
                    Link::B(B::Div, 0, true),
                    Link::F(F::Ceil),
                ],
                vec![
                    Link::B(B::Sub, 2, true),
                    Link::N(N::Abs),
                    Link::B(B::Sub, 0, true),
                    Link::N(N::Sign),
                    Link::B(B::Mul, 1, true),
                    Link::N(N::Neg),
                    Link::N(N::Square),
                    Link::B(B::Sub, 3, true),
                ],
            ];
            // Each operand (one value, a row, a column, the whole shape) on either side, then
            // every binary op with two of them; each step followed by tanh and exp, which bring
            // the value back into (0.36, 2.8).
            let squash = |links: &mut Vec<Link>, op, k, acc_left| {
                links.extend([Link::B(op, k, acc_left), Link::F(F::Tanh), Link::F(F::Exp)])
            };
            let mut sides = Vec::new();
            for k in 0..4 {
                for acc_left in [true, false] {
                    squash(&mut sides, B::Sub, k, acc_left);
                }
            }
            cases.push(sides);
            let mut ops = Vec::new();
            for (i, op) in [B::Add, B::Sub, B::Mul, B::Div, B::Pow, B::Maximum, B::Minimum].into_iter().enumerate() {
                squash(&mut ops, op, i % 4, true);
                squash(&mut ops, op, (i + 1) % 4, false);
            }
            cases.push(ops);
            for dtype in FLOATS.iter().copied() {
                let on = |d: &Device| {
                    let x = array(d, &xv, &[rows, cols], dtype);
                    let operands = vec![
                        array(d, &scalar, &[], dtype),
                        array(d, &row, &[cols], dtype),
                        array(d, &col, &[rows, 1], dtype),
                        array(d, &full, &[rows, cols], dtype),
                    ];
                    (x, operands)
                };
                let (x, operands) = on(&Device::cpu());
                for links in &cases {
                    let (want, calls) = (chain_of(links, &operands).apply(&x).unwrap(), calls_of(links, &operands, &x));
                    let what = format!("chain of {} steps, {dtype} ({rows}, {cols})", links.len());
                    let (w, c) = (host(&want).await, host(&calls).await);
                    assert!(w.iter().zip(&c).all(|(a, b)| a.to_bits() == b.to_bits()), "{what}: the host's chain and calls differ");
                    assert_eq!((want.dtype(), want.shape()), (calls.dtype(), calls.shape()), "{what}");
                    for p in gpus(paths) {
                        let (gx, gops) = on(&p.device);
                        let got = chain_of(links, &gops).apply(&gx).unwrap();
                        assert_close(&got, &want, &format!("{what} on {}", p.name)).await;
                    }
                }
            }
        }
    }
}

suite_test! {
    /// The chain's dtype, shape and errors: integers promote to float64 with their operands,
    /// an empty chain converts, an operand that would grow the shape or sits on another device
    /// is refused with the method's name.
    async fn chain_dtypes_and_errors(paths) {
        for p in paths {
            let d = &p.device;
            let ints = Array::from_slice(d, &[-3i32, 0, 5]).unwrap();
            let half = Array::scalar(d, 0.5, DType::F32).unwrap();
            let got = ops::Chain::new().binary(ops::BinaryOp::Mul, &half).apply(&ints).unwrap();
            assert_eq!(got.dtype(), ops::mul(&ints, &half).unwrap().dtype(), "{}", p.name);
            assert_eq!(host(&got).await, vec![-1.5, 0.0, 2.5], "{}", p.name);
            let same = ops::Chain::new().apply(&ints).unwrap();
            assert_eq!((same.dtype(), host(&same).await), (DType::F64, vec![-3.0, 0.0, 5.0]), "{}", p.name);
            let zero_d = Array::scalar(d, 2.0, DType::F64).unwrap();
            let sq = ops::Chain::new().numeric(ops::UnaryNumericOp::Square).apply(&zero_d).unwrap();
            assert_eq!((sq.shape().to_vec(), host(&sq).await), (vec![], vec![4.0]), "{}", p.name);
            let wide = Array::zeros(d, &[2, 3], DType::F32).unwrap();
            let bad = ops::Chain::new().binary(ops::BinaryOp::Add, &wide).apply(&ints);
            assert!(matches!(bad, Err(Error::ShapeMismatch { op: "Chain.apply", .. })), "{}: {bad:?}", p.name);
            let other = Array::from_slice(&Device::cpu(), &[1.0f32]).unwrap();
            if d.is_gpu() {
                let bad = ops::Chain::new().binary(ops::BinaryOp::Add, &other).apply(&ints);
                assert!(matches!(bad, Err(Error::DeviceMismatch { op: "Chain.apply", .. })), "{}: {bad:?}", p.name);
            }
        }
    }
}
