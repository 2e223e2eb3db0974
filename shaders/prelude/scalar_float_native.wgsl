// Helpers shared by the native float types (f32 and f64), after their own prelude (which
// defines T, t_inf, t_isnan, the exp limits and t_frexp). An emulated T defines these itself.
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
fn t_lowest() -> T { return -t_inf(); }
fn t_highest() -> T { return t_inf(); }
fn t_two_pi() -> T { return 6.283185307179586476925286766559; }

struct Frexp { fract: T, exp: i32 }
