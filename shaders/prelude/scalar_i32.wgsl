// Scalar type and helpers for T = i32. Integer arithmetic wraps, as NumPy's does.
alias T = i32;

fn t_zero() -> T { return 0; }
fn t_one() -> T { return 1; }
fn t_from_u32(x: u32) -> T { return T(x); }
fn t_from_i32(x: i32) -> T { return T(x); }
// Saturating, as the CPU path's `as`: SPIR-V and GLSL leave out-of-range conversions undefined.
fn t_from_f32(x: f32) -> T {
    if (x >= 2147483648.0) { return t_highest(); }
    if (x < -2147483648.0) { return t_lowest(); }
    return T(x);
}
fn t_neg(x: T) -> T { return -x; }
fn t_fma(a: T, b: T, c: T) -> T { return a * b + c; }
fn t_isnan(x: T) -> bool { return false; }
fn t_isinf(x: T) -> bool { return false; }
fn t_lowest() -> T { return -2147483647 - 1; }
fn t_highest() -> T { return 2147483647; }

// Exponentiation by squaring; the host rejects negative exponents before launching.
fn t_pow(a: T, b: T) -> T {
    var r: T = 1;
    var base = a;
    var e = u32(max(b, 0));
    while (e > 0u) {
        if ((e & 1u) == 1u) { r = r * base; }
        base = base * base;
        e = e >> 1u;
    }
    return r;
}
