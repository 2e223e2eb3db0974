// Scalar type and helpers for T = u32 (also the storage of bool arrays, as 0 and 1).
alias T = u32;

fn t_zero() -> T { return 0u; }
fn t_one() -> T { return 1u; }
fn t_from_u32(x: u32) -> T { return x; }
fn t_from_i32(x: i32) -> T { return T(x); }
// Saturating, as the CPU path's `as`: SPIR-V and GLSL leave out-of-range conversions undefined.
fn t_from_f32(x: f32) -> T {
    if (x >= 4294967296.0) { return t_highest(); }
    if (x <= 0.0) { return 0u; }
    return T(x);
}
fn t_neg(x: T) -> T { return 0u - x; }
fn t_fma(a: T, b: T, c: T) -> T { return a * b + c; }
fn t_isnan(x: T) -> bool { return false; }
fn t_isinf(x: T) -> bool { return false; }
fn t_lowest() -> T { return 0u; }
fn t_highest() -> T { return 0xffffffffu; }

fn t_pow(a: T, b: T) -> T {
    var r: T = 1u;
    var base = a;
    var e = b;
    while (e > 0u) {
        if ((e & 1u) == 1u) { r = r * base; }
        base = base * base;
        e = e >> 1u;
    }
    return r;
}
