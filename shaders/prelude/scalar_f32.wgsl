// Scalar type and helpers for T = f32. Kernels use only T and the t_* functions, so one kernel
// source instantiates for f32, native f64 and, later, emulated f64.
alias T = f32;

// Bit tests: shader compilers may fold `x != x` away under fast-math assumptions.
fn t_isnan(x: T) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn t_isinf(x: T) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn t_inf() -> T { return bits_f32(0x7f800000u); }
fn t_nan() -> T { return bits_f32(0x7fc00000u); }
// exp overflows above ln(FLT_MAX) and underflows to zero below ln of the smallest subnormal.
fn t_exp_max() -> T { return 88.72283905206835; }
fn t_exp_min() -> T { return -103.97207708399179; }

// x = fract * 2^exp with fract in [0.5, 1), for finite positive x.
fn t_frexp(x: T) -> Frexp {
    let r = frexp(x);
    return Frexp(r.fract, r.exp);
}
