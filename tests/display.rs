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
            let narrow = p.device.is_gpu() && !p.device.info().native_f64;
            let want = if narrow { &c.repr_narrow } else { &c.repr };
            assert_eq!(a.to_string(), *want, "{}: {}", p.name, c.name);
        }
    }
}
