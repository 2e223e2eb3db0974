// Scalar type and helpers for T = f64 (adapters with SHADER_F64).
alias T = f64;

// WGSL cannot bitcast a 64-bit float; an unordered self-comparison is the NaN test.
fn t_isnan(x: T) -> bool { return !(x == x); }
fn t_isinf(x: T) -> bool { return abs(x) > 1.7976931348623157e308; }
fn t_inf() -> T { return T(bits_f32(0x7f800000u)); }
fn t_nan() -> T { return T(bits_f32(0x7fc00000u)); }
fn t_exp_max() -> T { return 709.782712893384; }
fn t_exp_min() -> T { return -745.1332191019412; }

// x = fract * 2^exp with fract in [0.5, 1), for finite positive x. WGSL's frexp on f64 returns an
// i64 exponent, which would need SHADER_INT64, so the exponent is read off the f32 rounding
// of x and corrected by one step. x is first brought into f32's normal range by steps of 2^100
// (at most 11 cover f64's range, subnormals included).
fn t_frexp(x: T) -> Frexp {
    var v = x;
    var bias = 0;
    for (var i = 0; i < 12 && v < 1e-30; i++) {
        v = ldexp(v, 100);
        bias = bias - 100;
    }
    for (var i = 0; i < 12 && v > 1e30; i++) {
        v = ldexp(v, -100);
        bias = bias + 100;
    }
    var e = frexp(f32(v)).exp;
    var m = ldexp(v, -e);
    if (m >= 1.0) {
        m = m * 0.5;
        e = e + 1;
    }
    if (m < 0.5) {
        m = m * 2.0;
        e = e - 1;
    }
    return Frexp(m, e + bias);
}
