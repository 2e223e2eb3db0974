// Scalar type and helpers for T = f32. Kernels use only T and the t_* functions, so one kernel
// source instantiates for f32, native f64 and, later, emulated f64.
alias T = f32;

fn bits_f32(b: u32) -> f32 {
    // A function call keeps the value out of WGSL constant evaluation, which rejects inf and NaN.
    return bitcast<f32>(b);
}

fn t_zero() -> T { return 0.0; }
fn t_one() -> T { return 1.0; }
fn t_from_u32(x: u32) -> T { return T(x); }
fn t_from_i32(x: i32) -> T { return T(x); }
fn t_from_f32(x: f32) -> T { return T(x); }
fn t_neg(x: T) -> T { return -x; }
fn t_floor(x: T) -> T { return floor(x); }
fn t_ceil(x: T) -> T { return ceil(x); }
fn t_round(x: T) -> T { return round(x); }
fn t_fma(a: T, b: T, c: T) -> T { return fma(a, b, c); }
fn t_sqrt(x: T) -> T { return sqrt(x); }
// Bit tests: shader compilers may fold `x != x` away under fast-math assumptions.
fn t_isnan(x: T) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn t_isinf(x: T) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn t_inf() -> T { return bits_f32(0x7f800000u); }
fn t_nan() -> T { return bits_f32(0x7fc00000u); }
fn t_lowest() -> T { return -t_inf(); }
fn t_highest() -> T { return t_inf(); }
// exp overflows above ln(FLT_MAX) and underflows to zero below ln of the smallest subnormal.
fn t_exp_max() -> T { return 88.72283905206835; }
fn t_exp_min() -> T { return -103.97207708399179; }
fn t_two_pi() -> T { return 6.283185307179586476925286766559; }

struct Frexp { fract: T, exp: i32 }

// x = fract * 2^exp with fract in [0.5, 1), for finite positive x.
fn t_frexp(x: T) -> Frexp {
    let r = frexp(x);
    return Frexp(r.fract, r.exp);
}
