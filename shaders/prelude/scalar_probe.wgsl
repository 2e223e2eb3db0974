// A stand-in scalar prelude for tests/shaders.rs: T is a struct, as the double-float T of the
// emulated-f64 path will be, and every helper is a stub. A kernel composed with it validates
// only if it touches T through the t_* helpers: a raw `+`, `<`, `==`, `select`, `abs` or
// `T(1.0)` on a struct does not compile. Never run on a device.
struct T { hi: f32, lo: f32 }

fn probe(x: T) -> T { return T(x.hi, x.lo); }
fn probe2(a: T, b: T) -> T { return T(a.hi, b.lo); }
fn probe_bool(x: T) -> bool { return x.hi < x.lo; }
fn probe_cmp(a: T, b: T) -> bool { return a.hi < b.hi; }

fn t_zero() -> T { return T(0.0, 0.0); }
fn t_one() -> T { return T(1.0, 0.0); }
fn t_from_u32(x: u32) -> T { return T(f32(x), 0.0); }
fn t_from_i32(x: i32) -> T { return T(f32(x), 0.0); }
fn t_from_f32(x: f32) -> T { return T(x, 0.0); }
fn t_add(a: T, b: T) -> T { return probe2(a, b); }
fn t_sub(a: T, b: T) -> T { return probe2(a, b); }
fn t_mul(a: T, b: T) -> T { return probe2(a, b); }
fn t_div(a: T, b: T) -> T { return probe2(a, b); }
fn t_fma(a: T, b: T, c: T) -> T { return probe2(a, c); }
fn t_neg(x: T) -> T { return probe(x); }
fn t_sqrt(x: T) -> T { return probe(x); }
fn t_lt(a: T, b: T) -> bool { return probe_cmp(a, b); }
fn t_le(a: T, b: T) -> bool { return probe_cmp(a, b); }
fn t_eq(a: T, b: T) -> bool { return probe_cmp(a, b); }
fn t_min(a: T, b: T) -> T { return probe2(a, b); }
fn t_max(a: T, b: T) -> T { return probe2(a, b); }
fn t_floor(x: T) -> T { return probe(x); }
fn t_ceil(x: T) -> T { return probe(x); }
fn t_round(x: T) -> T { return probe(x); }
fn t_isnan(x: T) -> bool { return probe_bool(x); }
fn t_isinf(x: T) -> bool { return probe_bool(x); }
fn t_inf() -> T { return T(1.0, 1.0); }
fn t_nan() -> T { return T(2.0, 2.0); }
fn t_lowest() -> T { return T(3.0, 3.0); }
fn t_highest() -> T { return T(4.0, 4.0); }
fn t_exp_max() -> T { return T(5.0, 5.0); }
fn t_exp_min() -> T { return T(6.0, 6.0); }
fn t_two_pi() -> T { return T(7.0, 7.0); }

struct Frexp { fract: T, exp: i32 }
fn t_frexp(x: T) -> Frexp { return Frexp(x, 0); }

fn t_exp(x: T) -> T { return probe(x); }
fn t_expm1(x: T) -> T { return probe(x); }
fn t_log(x: T) -> T { return probe(x); }
fn t_log1p(x: T) -> T { return probe(x); }
fn t_sin(x: T) -> T { return probe(x); }
fn t_cos(x: T) -> T { return probe(x); }
fn t_asin(x: T) -> T { return probe(x); }
fn t_tanh(x: T) -> T { return probe(x); }
fn t_pow(a: T, b: T) -> T { return probe2(a, b); }
