//! `Display` prints an array as NumPy 2's repr does, on every device
//! (tests/fixtures/display.json holds NumPy's output for each case).

mod common;

use common::*;
use wglearn::prelude::*;

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    dtype: String,
    shape: Vec<usize>,
    /// Numbers, and "nan", "inf", "-inf" as strings.
    data: Vec<serde_json::Value>,
    repr: String,
    repr_narrow: String,
}

/// Whether finite values outside f32's range (above its largest, or nonzero below its
/// smallest normal) are among `data`.
fn data_beyond_f32(data: &[serde_json::Value]) -> bool {
    let outside = |v: f64| v.abs() > f64::from(f32::MAX) || v != 0.0 && v.abs() < f64::from(f32::MIN_POSITIVE);
    data.iter().filter_map(|v| v.as_f64()).any(outside)
}

#[test]
fn arrays_print_as_numpy_repr() {
    let cases: Vec<Case> = serde_json::from_str(include_str!("fixtures/display.json")).unwrap();
    for p in paths() {
        for c in &cases {
            let dtype = match c.dtype.as_str() {
                "F32" => DType::F32,
                "F64" => DType::F64,
                "I32" => DType::I32,
                "U32" => DType::U32,
                _ => DType::Bool,
            };
            let data: Vec<f64> =
                c.data.iter().map(|v| v.as_f64().unwrap_or_else(|| v.as_str().unwrap().parse().unwrap())).collect();
            let a = ops::astype(&Array::from_vec(&p.device, data, &c.shape).unwrap(), dtype).unwrap();
            let narrow = p.device.info().f64_downcast();
            if p.device.info().float64 == Float64::Emulate && dtype == DType::F64 && data_beyond_f32(&c.data) {
                // df64 has f32's exponent range: such values are held as infinities or zeros,
                // and print as the CPU prints those held values.
                let held = Array::from_vec(&Device::cpu(), block_on(a.to_vec::<f64>()).unwrap(), &c.shape).unwrap();
                assert_eq!(a.to_string(), held.to_string(), "{}: {}", p.name, c.name);
                continue;
            }
            let want = if narrow { &c.repr_narrow } else { &c.repr };
            assert_eq!(a.to_string(), *want, "{}: {}", p.name, c.name);
        }
    }
}
