// Scalar type and helpers for T = df64 (prelude/df64.wgsl): double-float arithmetic in f32.
//
// Two things a compiler may do would silently turn this back into f32 arithmetic, and both
// are ruled out by construction rather than by flags (naga emits no NoContraction, and WGSL
// promises neither fused nor unfused `fma`):
// - Folding error terms: Mesa's NIR rewrites `(a + b) - a` to `b` for ordinary float adds,
//   which zeroes Knuth's and Dekker's error terms. Every error-free sum here is Fast2Sum on
//   its operands ordered by magnitude *at run time* (`df_two_sum`), so the subtraction never
//   names the same value as the addition and no algebraic rule can match it.
// - Contracting a * b + c into fma: the products split by Veltkamp's constant 4097
//   (t = 4097 a; hi = t - (t - a)) break if `t - a` is fused into fma(4097, a, -a). The split
//   here masks the low 12 bits of the significand instead (`df_split`), which no arithmetic
//   rewrite can touch; every partial product is then exact, so fusing any of them is harmless.
// tests/df64.rs checks both on every backend with adversarial inputs.
alias T = Df64;

fn bits_f32(b: u32) -> f32 {
    // A function call keeps the value out of WGSL constant evaluation, which rejects inf and NaN.
    return bitcast<f32>(b);
}

fn df_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }

// s + e == a + b exactly (Fast2Sum with the larger magnitude first, chosen at run time).
fn df_two_sum(a: f32, b: f32) -> T {
    let s = a + b;
    let a_big = abs(a) >= abs(b);
    let big = select(b, a, a_big);
    let small = select(a, b, a_big);
    return T(s, small - (s - big));
}

// The top 12 significant bits of a; a - df_split(a) holds the other 12 exactly.
fn df_split(a: f32) -> f32 { return bitcast<f32>(bitcast<u32>(a) & 0xfffff000u); }

// p + e == a * b exactly (Dekker's product; no overflow or underflow assumed).
fn df_two_prod(a: f32, b: f32) -> T {
    let p = a * b;
    let ah = df_split(a);
    let al = a - ah;
    let bh = df_split(b);
    let bl = b - bh;
    return T(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
}

// x * f for an f32 f.
fn df_mul_f32(x: T, f: f32) -> T {
    let p = df_two_prod(x.hi, f);
    if (!df_finite(p.hi)) { return T(p.hi, 0.0); }
    return df_two_sum(p.hi, p.lo + x.lo * f);
}

fn df_ldexp(x: T, e: i32) -> T { return T(ldexp(x.hi, e), ldexp(x.lo, e)); }
// WGSL's select takes no structs.
fn df_select(f: T, t: T, cond: bool) -> T { return T(select(f.hi, t.hi, cond), select(f.lo, t.lo, cond)); }
fn df_abs(x: T) -> T { return df_select(x, t_neg(x), x.hi < 0.0); }

fn t_zero() -> T { return T(0.0, 0.0); }
fn t_one() -> T { return T(1.0, 0.0); }
fn t_from_f32(x: f32) -> T { return T(x, 0.0); }
// 32-bit integers have more bits than f32: the two 16-bit halves are each exact.
fn t_from_u32(x: u32) -> T { return df_two_sum(f32(x >> 16u) * 65536.0, f32(x & 0xffffu)); }
fn t_from_i32(x: i32) -> T { return df_two_sum(f32(x >> 16u) * 65536.0, f32(x & 0xffff)); }
fn t_neg(x: T) -> T { return T(-x.hi, -x.lo); }

fn t_isnan(x: T) -> bool { return (bitcast<u32>(x.hi) & 0x7fffffffu) > 0x7f800000u; }
fn t_isinf(x: T) -> bool { return (bitcast<u32>(x.hi) & 0x7fffffffu) == 0x7f800000u; }
fn t_inf() -> T { return T(bits_f32(0x7f800000u), 0.0); }
fn t_nan() -> T { return T(bits_f32(0x7fc00000u), 0.0); }
fn t_lowest() -> T { return t_neg(t_inf()); }
fn t_highest() -> T { return t_inf(); }
// exp overflows above ln(FLT_MAX) and underflows to zero below ln of half the smallest
// subnormal: the exponent range is f32's.
fn t_exp_max() -> T { return T(88.72283935546875, -3.034003839275101e-07); }
fn t_exp_min() -> T { return T(-103.97207641601562, -6.679761668237916e-07); }
fn t_two_pi() -> T { return T(6.2831854820251465, -1.7484555314695172e-07); }

// Accurate double-float sum (Joldes, Muller and Popescu 2017, Algorithm 6): relative error
// below 3 * 2^-48.
fn t_add(x: T, y: T) -> T {
    let s = df_two_sum(x.hi, y.hi);
    if (!df_finite(s.hi)) { return T(s.hi, 0.0); }
    let t = df_two_sum(x.lo, y.lo);
    let v = df_two_sum(s.hi, s.lo + t.hi);
    return df_two_sum(v.hi, t.lo + v.lo);
}

fn t_sub(x: T, y: T) -> T { return t_add(x, t_neg(y)); }

// Double-float product (the same paper's Algorithm 11, with Dekker's exact product in place of
// fma): relative error below 5 * 2^-48.
fn t_mul(x: T, y: T) -> T {
    let p = df_two_prod(x.hi, y.hi);
    if (!df_finite(p.hi)) { return T(p.hi, 0.0); }
    return df_two_sum(p.hi, p.lo + (x.hi * y.lo + x.lo * y.hi));
}

fn t_fma(a: T, b: T, c: T) -> T { return t_add(t_mul(a, b), c); }

// An approximation the compiler cannot relate to how it was computed: the lowest significand
// bit cleared. A compiler that allows itself algebra on floats (SwiftShader, behind Chromium's
// WebGPU, does) rewrites y * (1 / y) to 1 and so zeroes the residual that a Newton correction
// needs; a quotient or root used only as an estimate loses nothing by this.
fn df_estimate(q: f32) -> f32 { return bitcast<f32>(bitcast<u32>(q) & 0xfffffffeu); }

// The f32 quotient of the leading parts, then two corrections from the double-float
// residual; GPU f32 division may be off by 2.5 ulp, which the corrections absorb.
fn t_div(x: T, y: T) -> T {
    let q0 = x.hi / y.hi;
    // Zero, infinite or NaN divisors and quotients are f32's answer.
    if (!df_finite(q0) || !df_finite(y.hi)) { return T(q0, 0.0); }
    let q1 = df_estimate(q0);
    let r1 = t_sub(x, df_mul_f32(y, q1));
    let q2 = df_estimate(r1.hi / y.hi);
    let r2 = t_sub(r1, df_mul_f32(y, q2));
    let q3 = r2.hi / y.hi;
    return t_add(df_two_sum(q1, q2), T(q3, 0.0));
}

// f32's square root, then two Newton steps y + (x - y^2) / 2y with the residual in
// double-float (the f32 root may be 2.5 ulp off; each step doubles the correct bits).
fn t_sqrt(x: T) -> T {
    if (x.hi <= 0.0 || !df_finite(x.hi)) { return T(sqrt(x.hi), 0.0); }
    let q = df_estimate(sqrt(x.hi));
    let y = df_two_sum(q, t_sub(x, df_two_prod(q, q)).hi / (2.0 * q));
    let r = t_sub(x, t_mul(y, y));
    return t_add(y, T(r.hi / (2.0 * y.hi), 0.0));
}

fn t_lt(a: T, b: T) -> bool { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }
fn t_le(a: T, b: T) -> bool { return a.hi < b.hi || (a.hi == b.hi && a.lo <= b.lo); }
fn t_eq(a: T, b: T) -> bool { return a.hi == b.hi && a.lo == b.lo; }
fn t_min(a: T, b: T) -> T {
    if (t_lt(b, a)) { return b; }
    return a;
}
fn t_max(a: T, b: T) -> T {
    if (t_lt(a, b)) { return b; }
    return a;
}

// A fraction in hi means |lo| is below hi's distance to an integer, so hi alone decides;
// otherwise the fraction is lo's.
fn t_floor(x: T) -> T {
    let f = floor(x.hi);
    if (f != x.hi) { return T(f, 0.0); }
    if (!df_finite(x.hi)) { return x; }
    return df_two_sum(f, floor(x.lo));
}

fn t_ceil(x: T) -> T {
    let c = ceil(x.hi);
    if (c != x.hi) { return T(c, 0.0); }
    if (!df_finite(x.hi)) { return x; }
    return df_two_sum(c, ceil(x.lo));
}

// Half to even, as NumPy's round.
fn t_round(x: T) -> T {
    if (!df_finite(x.hi)) { return x; }
    let r = round(x.hi);
    if (r != x.hi) {
        // hi is r + d with |d| <= 1/2; at a tie in hi, lo breaks it.
        let d = x.hi - r;
        if (abs(d) == 0.5 && x.lo != 0.0) {
            return T(r + select(0.0, sign(d), (d > 0.0) == (x.lo > 0.0)), 0.0);
        }
        return T(r, 0.0);
    }
    // hi is an integer. lo is a tie (+-1/2) only when ulp(hi) = 1; an odd hi then takes
    // the even neighbour. At larger hi, hi is even and round(lo) decides alone.
    var adj = round(x.lo);
    let half = x.hi * 0.5;
    if (abs(x.lo) == 0.5 && half != floor(half)) { adj = sign(x.lo); }
    return df_two_sum(x.hi, adj);
}

struct Frexp { fract: T, exp: i32 }

// x = fract * 2^exp with fract in [0.5, 1), for finite positive x.
fn t_frexp(x: T) -> Frexp {
    let r = frexp(x.hi);
    if (r.fract == 0.5 && x.lo < 0.0) {
        // hi is a power of two and lo pulls the value below it.
        return Frexp(T(1.0, ldexp(x.lo, 1 - r.exp)), r.exp - 1);
    }
    return Frexp(T(r.fract, ldexp(x.lo, -r.exp)), r.exp);
}
