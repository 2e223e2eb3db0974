// Elementary functions for float T (f32 and native f64 share this source).
// SPIR-V's GLSL.std.450 defines exp, log, sin, cos, pow and tanh for 16- and 32-bit floats only,
// and lavapipe returns garbage for f64 ones, so these use only exactly rounded builtins (fma,
// ldexp, round, sqrt and t_frexp). The f32 instantiation shares them: the GPU's f32 log has an
// absolute, not relative, error bound near 1, which log1p cannot afford.

// ln 2 split so that k * LN2_HI is exact for |k| < 2^11 (Cody-Waite reduction).
const LN2_HI = 0.693145751953125;
const LN2_LO = 1.42860682030941723212e-06;
const LOG2_E = 1.4426950408889634074;
// pi/2 in three parts; the first two carry 12 bits each.
const PIO2_1 = 1.5703125;
const PIO2_2 = 0.0004837512969970703;
const PIO2_3 = 7.549789954891882e-08;
const TWO_OVER_PI = 0.63661977236758134308;
// pi/2 as a double and the rest.
const PIO2_HI = 1.5707963267948966;
const PIO2_LO = 6.123233995736766e-17;

fn t_exp(x: T) -> T {
    if (t_isnan(x)) { return x; }
    if (x > t_exp_max()) { return t_inf(); }
    if (x < t_exp_min()) { return t_zero(); }
    let k = round(x * T(LOG2_E));
    let r = t_fma(-k, T(LN2_LO), t_fma(-k, T(LN2_HI), x));
    // Taylor polynomial of degree 13 on |r| <= 0.35: truncation below 2^-58 relative.
    var p = T(1.0 / 6227020800.0);
    p = t_fma(p, r, T(1.0 / 479001600.0));
    p = t_fma(p, r, T(1.0 / 39916800.0));
    p = t_fma(p, r, T(1.0 / 3628800.0));
    p = t_fma(p, r, T(1.0 / 362880.0));
    p = t_fma(p, r, T(1.0 / 40320.0));
    p = t_fma(p, r, T(1.0 / 5040.0));
    p = t_fma(p, r, T(1.0 / 720.0));
    p = t_fma(p, r, T(1.0 / 120.0));
    p = t_fma(p, r, T(1.0 / 24.0));
    p = t_fma(p, r, T(1.0 / 6.0));
    p = t_fma(p, r, T(0.5));
    p = t_fma(p, r, t_one());
    p = t_fma(p, r, t_one());
    let ki = i32(k);
    // Two steps, so that a subnormal result never needs an exponent outside the normal range.
    return ldexp(ldexp(p, ki / 2), ki - ki / 2);
}

fn t_log(x: T) -> T {
    if (t_isnan(x) || x < t_zero()) { return t_nan(); }
    if (x == t_zero()) { return -t_inf(); }
    if (t_isinf(x)) { return x; }
    let fe = t_frexp(x);
    var m = fe.fract;
    var e = T(fe.exp);
    if (m < T(0.70710678118654752440)) {
        m = m + m;
        e = e - t_one();
    }
    // log(m) = 2 atanh(s) with |s| <= 0.1716; the odd series through s^21 is below 2^-55 relative.
    let s = (m - t_one()) / (m + t_one());
    let z = s * s;
    var p = T(2.0 / 21.0);
    p = t_fma(p, z, T(2.0 / 19.0));
    p = t_fma(p, z, T(2.0 / 17.0));
    p = t_fma(p, z, T(2.0 / 15.0));
    p = t_fma(p, z, T(2.0 / 13.0));
    p = t_fma(p, z, T(2.0 / 11.0));
    p = t_fma(p, z, T(2.0 / 9.0));
    p = t_fma(p, z, T(2.0 / 7.0));
    p = t_fma(p, z, T(2.0 / 5.0));
    p = t_fma(p, z, T(2.0 / 3.0));
    p = t_fma(p, z, T(2.0));
    return t_fma(e, T(LN2_HI), t_fma(e, T(LN2_LO), s * p));
}

fn t_expm1(x: T) -> T {
    // exp(x) - 1 cancels for small |x|; the Taylor series through x^16 is exact there.
    if (abs(x) < T(0.5)) {
        var p = T(1.0 / 20922789888000.0);
        p = t_fma(p, x, T(1.0 / 1307674368000.0));
        p = t_fma(p, x, T(1.0 / 87178291200.0));
        p = t_fma(p, x, T(1.0 / 6227020800.0));
        p = t_fma(p, x, T(1.0 / 479001600.0));
        p = t_fma(p, x, T(1.0 / 39916800.0));
        p = t_fma(p, x, T(1.0 / 3628800.0));
        p = t_fma(p, x, T(1.0 / 362880.0));
        p = t_fma(p, x, T(1.0 / 40320.0));
        p = t_fma(p, x, T(1.0 / 5040.0));
        p = t_fma(p, x, T(1.0 / 720.0));
        p = t_fma(p, x, T(1.0 / 120.0));
        p = t_fma(p, x, T(1.0 / 24.0));
        p = t_fma(p, x, T(1.0 / 6.0));
        p = t_fma(p, x, T(0.5));
        p = t_fma(p, x, t_one());
        return x * p;
    }
    return t_exp(x) - t_one();
}

fn t_log1p(x: T) -> T {
    let u = t_one() + x;
    if (u == t_one()) { return x; }
    // -inf is below the domain (NaN, as NumPy); +inf stays +inf.
    if (t_isinf(u)) { return select(u, t_nan(), u < t_zero()); }
    // Goldberg's trick: the rounding error of 1 + x cancels between log(u) and u - 1.
    return t_log(u) * (x / (u - t_one()));
}

fn t_tanh(x: T) -> T {
    if (t_isnan(x)) { return x; }
    let ax = abs(x);
    // tanh(22) rounds to 1 in f64, and expm1 would overflow further out.
    if (ax > T(22.0)) { return sign(x); }
    let e = t_expm1(ax + ax);
    return sign(x) * (e / (e + T(2.0)));
}

fn sin_poly(r: T) -> T {
    let z = r * r;
    var p = T(1.0 / 355687428096000.0);
    p = t_fma(p, z, T(-1.0 / 1307674368000.0));
    p = t_fma(p, z, T(1.0 / 6227020800.0));
    p = t_fma(p, z, T(-1.0 / 39916800.0));
    p = t_fma(p, z, T(1.0 / 362880.0));
    p = t_fma(p, z, T(-1.0 / 5040.0));
    p = t_fma(p, z, T(1.0 / 120.0));
    p = t_fma(p, z, T(-1.0 / 6.0));
    return t_fma(r * z, p, r);
}

fn cos_poly(r: T) -> T {
    let z = r * r;
    var p = T(-1.0 / 6402373705728000.0);
    p = t_fma(p, z, T(1.0 / 20922789888000.0));
    p = t_fma(p, z, T(-1.0 / 87178291200.0));
    p = t_fma(p, z, T(1.0 / 479001600.0));
    p = t_fma(p, z, T(-1.0 / 3628800.0));
    p = t_fma(p, z, T(1.0 / 40320.0));
    p = t_fma(p, z, T(-1.0 / 720.0));
    p = t_fma(p, z, T(1.0 / 24.0));
    p = t_fma(p, z, T(-0.5));
    return t_fma(z, p, t_one());
}

// sin (quarter = 0) or cos (quarter = 1) after reduction by pi/2.
fn sincos(x: T, quarter: u32) -> T {
    if (t_isnan(x) || t_isinf(x)) { return t_nan(); }
    let k = round(x * T(TWO_OVER_PI));
    let r = t_fma(-k, T(PIO2_3), t_fma(-k, T(PIO2_2), t_fma(-k, T(PIO2_1), x)));
    let q = (u32(i32(k - T(4.0) * floor(k * T(0.25)))) + quarter) & 3u;
    switch q {
        case 0u: { return sin_poly(r); }
        case 1u: { return cos_poly(r); }
        case 2u: { return -sin_poly(r); }
        default: { return -cos_poly(r); }
    }
}

fn t_sin(x: T) -> T { return sincos(x, 0u); }
fn t_cos(x: T) -> T { return sincos(x, 1u); }

// asin on |x| <= 0.5: x + x z P(z) with z = x^2, the Taylor series through x^49 (its tail is
// below 2^-57 relative there).
fn asin_poly(x: T) -> T {
    let z = x * x;
    var p = T(0.002338091892111975);
    p = t_fma(p, z, T(0.0024894486782468836));
    p = t_fma(p, z, T(0.00265787063820729));
    p = t_fma(p, z, T(0.002846178401108942));
    p = t_fma(p, z, T(0.0030578216492580306));
    p = t_fma(p, z, T(0.003297059503473485));
    p = t_fma(p, z, T(0.0035692053938259347));
    p = t_fma(p, z, T(0.003880964558837669));
    p = t_fma(p, z, T(0.004240907093679363));
    p = t_fma(p, z, T(0.004660143486915096));
    p = t_fma(p, z, T(0.005153309682319905));
    p = t_fma(p, z, T(0.005740037670841924));
    p = t_fma(p, z, T(0.006447210311889649));
    p = t_fma(p, z, T(0.0073125258735988454));
    p = t_fma(p, z, T(0.008390335809616815));
    p = t_fma(p, z, T(0.009761609529194078));
    p = t_fma(p, z, T(0.011551800896139705));
    p = t_fma(p, z, T(0.01396484375));
    p = t_fma(p, z, T(0.017352764423076924));
    p = t_fma(p, z, T(0.022372159090909092));
    p = t_fma(p, z, T(0.030381944444444444));
    p = t_fma(p, z, T(0.044642857142857144));
    p = t_fma(p, z, T(0.075));
    p = t_fma(p, z, T(0.16666666666666666));
    return t_fma(x * z, p, x);
}

fn t_asin(x: T) -> T {
    let ax = abs(x);
    if (t_isnan(x) || ax > t_one()) { return t_nan(); }
    if (ax <= T(0.5)) { return asin_poly(x); }
    // asin(x) = pi/2 - 2 asin(sqrt((1 - x) / 2)); 1 - x is exact for x in [0.5, 1].
    let r = T(PIO2_HI) - (T(2.0) * asin_poly(sqrt((t_one() - ax) * T(0.5))) - T(PIO2_LO));
    return select(r, -r, x < t_zero());
}

fn t_pow(a: T, b: T) -> T {
    if (b == t_zero() || a == t_one()) { return t_one(); }
    if (t_isnan(a) || t_isnan(b)) { return t_nan(); }
    let ab = abs(a);
    let b_int = b == floor(b);
    let b_odd = b_int && !t_isinf(b) && (b - T(2.0) * floor(b * T(0.5))) == t_one();
    if (a < t_zero() && !b_int && !t_isinf(b)) { return t_nan(); }
    var mag: T;
    if (t_isinf(b)) {
        if (ab == t_one()) { return t_one(); }
        mag = select(t_zero(), t_inf(), (ab > t_one()) == (b > t_zero()));
    } else if (ab == t_zero()) {
        mag = select(t_inf(), t_zero(), b > t_zero());
    } else if (t_isinf(a)) {
        mag = select(t_zero(), t_inf(), b > t_zero());
    } else if (b_int && abs(b) <= T(64.0)) {
        // Small integer powers by squaring: exact where C's pow is exact (2^3, x^2...).
        var e = u32(abs(b));
        var base = ab;
        mag = t_one();
        while (e > 0u) {
            if ((e & 1u) == 1u) { mag = mag * base; }
            base = base * base;
            e = e >> 1u;
        }
        if (b < t_zero()) { mag = t_one() / mag; }
    } else {
        mag = t_exp(b * t_log(ab));
    }
    return select(mag, -mag, a < t_zero() && b_odd);
}
