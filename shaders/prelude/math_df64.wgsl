// Elementary functions for T = df64: the algorithms of math.wgsl (the same reductions and
// series) in double-float arithmetic, with every coefficient carried as a (hi, lo) pair and
// series long enough for 2^-49. Reductions take their integer k from hi alone; the exact
// products of df_two_prod keep k times each part of ln 2 and pi/2 exact.

const DF_LOG2_E = 1.4426950408889634;
const DF_TWO_OVER_PI = 0.63661977236758134;
// ln 2 in three f32 parts; k times each is formed exactly by df_two_prod.
const DF_LN2_1 = 0.6931471824645996;
const DF_LN2_2 = -1.9046542121259336e-09;
const DF_LN2_3 = -8.78318373858934e-17;
// pi/2 in three f32 parts; k times each is formed exactly by df_two_prod.
const DF_PIO2_1 = 1.5707963705062866;
const DF_PIO2_2 = -4.371138828673793e-08;
const DF_PIO2_3 = -1.7151245100058819e-15;

fn df_sign(x: T) -> T { return T(sign(x.hi), 0.0); }

// x - k ln 2 for an integer-valued k: each part of k ln 2 is subtracted in turn, so that the
// cancellation happens on exact products and every rounding is relative to what remains.
fn df_minus_k_ln2(x: T, k: f32) -> T {
    let r = t_sub(t_sub(x, df_two_prod(k, DF_LN2_1)), df_two_prod(k, DF_LN2_2));
    return t_sub(r, T(k * DF_LN2_3, 0.0));
}

// exp(x) - 1 by its Taylor series through x^16, for |x| <= 1/2 (truncation below 2^-54
// relative); exp uses it on its reduced argument (|r| <= 0.35, below 2^-62).
fn df_expm1_series(x: T) -> T {
    var p = T(4.7794772561329454e-14, 7.62544404448643e-22);
    p = t_fma(p, x, T(7.647163609812713e-13, 1.2200710471178288e-20));
    p = t_fma(p, x, T(1.147074536050896e-11, 2.372207689231238e-19));
    p = t_fma(p, x, T(1.6059044372074283e-10, -5.352526511562726e-18));
    p = t_fma(p, x, T(2.0876755879584152e-09, 1.1082839147459852e-16));
    p = t_fma(p, x, T(2.5052107943679403e-08, 4.4176230446483665e-16));
    p = t_fma(p, x, T(2.755731998149713e-07, -7.575112209051195e-15));
    p = t_fma(p, x, T(2.7557318844628753e-06, 3.793571224297229e-14));
    p = t_fma(p, x, T(2.4801587642286904e-05, -3.40699609366682e-13));
    p = t_fma(p, x, T(0.00019841270113829523, -2.725596874933456e-12));
    p = t_fma(p, x, T(0.0013888889225199819, -3.3631094437103215e-11));
    p = t_fma(p, x, T(0.008333333767950535, -4.34617203337595e-10));
    p = t_fma(p, x, T(0.0416666679084301, -1.2417634698280722e-09));
    p = t_fma(p, x, T(0.1666666716337204, -4.967053879312289e-09));
    p = t_fma(p, x, T(0.5, 0.0));
    p = t_fma(p, x, t_one());
    return t_mul(x, p);
}

fn t_exp(x: T) -> T {
    if (t_isnan(x)) { return x; }
    if (t_lt(t_exp_max(), x)) { return t_inf(); }
    if (t_lt(x, t_exp_min())) { return t_zero(); }
    let k = round(x.hi * DF_LOG2_E);
    let r = df_minus_k_ln2(x, k);
    let p = t_add(t_one(), df_expm1_series(r));
    let ki = i32(k);
    // Two steps, so that a subnormal result never needs an exponent outside the normal range.
    return df_ldexp(df_ldexp(p, ki / 2), ki - ki / 2);
}

fn t_log(x: T) -> T {
    if (t_isnan(x) || x.hi < 0.0) { return t_nan(); }
    if (x.hi == 0.0) { return t_neg(t_inf()); }
    if (t_isinf(x)) { return x; }
    let fe = t_frexp(x);
    var m = fe.fract;
    var e = f32(fe.exp);
    if (t_lt(m, T(0.7071067690849304, 1.2101617485882343e-08))) {
        m = t_add(m, m);
        e = e - 1.0;
    }
    // log(m) = 2 atanh(s) with |s| <= 0.1716; the odd series through s^21 is below 2^-55 relative.
    let s = t_div(t_sub(m, t_one()), t_add(m, t_one()));
    let z = t_mul(s, s);
    var p = T(0.095238097012043, -1.7739477664591163e-09);
    p = t_fma(p, z, T(0.10526315867900848, -7.842716476247347e-10));
    p = t_fma(p, z, T(0.11764705926179886, -4.3826944851055316e-10));
    p = t_fma(p, z, T(0.13333334028720856, -6.95387525340152e-09));
    p = t_fma(p, z, T(0.1538461595773697, -5.7312159462696854e-09));
    p = t_fma(p, z, T(0.1818181872367859, -5.418604231977042e-09));
    p = t_fma(p, z, T(0.2222222238779068, -1.6556845894299954e-09));
    p = t_fma(p, z, T(0.2857142984867096, -1.277242400732348e-08));
    p = t_fma(p, z, T(0.4000000059604645, -5.9604645663569045e-09));
    p = t_fma(p, z, T(0.6666666865348816, -1.9868215517249155e-08));
    p = t_fma(p, z, T(2.0, 0.0));
    return t_neg(df_minus_k_ln2(t_neg(t_mul(s, p)), e));
}

fn t_expm1(x: T) -> T {
    // exp(x) - 1 cancels for small |x|; the series is exact there.
    if (abs(x.hi) < 0.5) { return df_expm1_series(x); }
    return t_sub(t_exp(x), t_one());
}

fn t_log1p(x: T) -> T {
    let u = t_add(t_one(), x);
    if (t_eq(u, t_one())) { return x; }
    // -inf is below the domain (NaN, as NumPy); +inf stays +inf.
    if (t_isinf(u)) { return df_select(u, t_nan(), u.hi < 0.0); }
    // Goldberg's trick: the rounding error of 1 + x cancels between log(u) and u - 1.
    return t_mul(t_log(u), t_div(x, t_sub(u, t_one())));
}

fn t_tanh(x: T) -> T {
    if (t_isnan(x)) { return x; }
    let ax = df_abs(x);
    // 1 - tanh(22) is below 2^-62, and expm1 would overflow further out.
    if (ax.hi > 22.0) { return df_sign(x); }
    let e = t_expm1(t_add(ax, ax));
    let r = t_div(e, t_add(e, T(2.0, 0.0)));
    return df_select(r, t_neg(r), x.hi < 0.0);
}

fn sin_poly(r: T) -> T {
    let z = t_mul(r, r);
    var p = T(2.8114573589663704e-15, -1.0462084739763658e-22);
    p = t_fma(p, z, T(-7.647163609812713e-13, -1.2200710471178288e-20));
    p = t_fma(p, z, T(1.6059044372074283e-10, -5.352526511562726e-18));
    p = t_fma(p, z, T(-2.5052107943679403e-08, -4.4176230446483665e-16));
    p = t_fma(p, z, T(2.7557318844628753e-06, 3.793571224297229e-14));
    p = t_fma(p, z, T(-0.00019841270113829523, 2.725596874933456e-12));
    p = t_fma(p, z, T(0.008333333767950535, -4.34617203337595e-10));
    p = t_fma(p, z, T(-0.1666666716337204, 4.967053879312289e-09));
    return t_fma(t_mul(r, z), p, r);
}

fn cos_poly(r: T) -> T {
    let z = t_mul(r, r);
    var p = T(-1.5619206814541513e-16, -1.5404471465941993e-24);
    p = t_fma(p, z, T(4.7794772561329454e-14, 7.62544404448643e-22));
    p = t_fma(p, z, T(-1.147074536050896e-11, -2.372207689231238e-19));
    p = t_fma(p, z, T(2.0876755879584152e-09, 1.1082839147459852e-16));
    p = t_fma(p, z, T(-2.755731998149713e-07, 7.575112209051195e-15));
    p = t_fma(p, z, T(2.4801587642286904e-05, -3.40699609366682e-13));
    p = t_fma(p, z, T(-0.0013888889225199819, 3.3631094437103215e-11));
    p = t_fma(p, z, T(0.0416666679084301, -1.2417634698280722e-09));
    p = t_fma(p, z, T(-0.5, 0.0));
    return t_fma(z, p, t_one());
}

// sin (quarter = 0) or cos (quarter = 1) after reduction by pi/2.
fn sincos(x: T, quarter: u32) -> T {
    if (t_isnan(x) || t_isinf(x)) { return t_nan(); }
    let k = round(x.hi * DF_TWO_OVER_PI);
    var r = t_sub(x, df_two_prod(k, DF_PIO2_1));
    r = t_sub(r, df_two_prod(k, DF_PIO2_2));
    r = t_sub(r, T(k * DF_PIO2_3, 0.0));
    let q = (u32(i32(k - 4.0 * floor(k * 0.25))) + quarter) & 3u;
    switch q {
        case 0u: { return sin_poly(r); }
        case 1u: { return cos_poly(r); }
        case 2u: { return t_neg(sin_poly(r)); }
        default: { return t_neg(cos_poly(r)); }
    }
}

fn t_sin(x: T) -> T { return sincos(x, 0u); }
fn t_cos(x: T) -> T { return sincos(x, 1u); }

// asin on |x| <= 0.5: x + x z P(z) with z = x^2, the Taylor series through x^49.
fn asin_poly(x: T) -> T {
    let z = t_mul(x, x);
    var p = T(0.002338091842830181, 4.928179392349463e-11);
    p = t_fma(p, z, T(0.002489448757842183, -7.95953025711782e-11));
    p = t_fma(p, z, T(0.002657870529219508, 1.0898778407542054e-10));
    p = t_fma(p, z, T(0.0028461783658713102, 3.523763225654619e-11));
    p = t_fma(p, z, T(0.0030578216537833214, -4.525290732415588e-12));
    p = t_fma(p, z, T(0.003297059563919902, -6.044641870373013e-11));
    p = t_fma(p, z, T(0.003569205291569233, 1.0225670310504142e-10));
    p = t_fma(p, z, T(0.0038809645920991898, -3.326152200888721e-11));
    p = t_fma(p, z, T(0.00424090726301074, -1.6933138224928257e-10));
    p = t_fma(p, z, T(0.00466014351695776, -3.004266280193235e-11));
    p = t_fma(p, z, T(0.005153309553861618, 1.284582856753147e-10));
    p = t_fma(p, z, T(0.005740037653595209, 1.724671447322912e-11));
    p = t_fma(p, z, T(0.006447210442274809, -1.303851610012785e-10));
    p = t_fma(p, z, T(0.007312525995075703, -1.2147685635177652e-10));
    p = t_fma(p, z, T(0.008390335366129875, 4.434869416147791e-10));
    p = t_fma(p, z, T(0.009761609137058258, 3.9213582381236733e-10));
    p = t_fma(p, z, T(0.01155180111527443, -2.1913472425527658e-10));
    p = t_fma(p, z, T(0.013964843936264515, -1.8626451769865326e-10));
    p = t_fma(p, z, T(0.017352763563394547, 8.596823808382226e-10));
    p = t_fma(p, z, T(0.022372158244252205, 8.466569112464128e-10));
    p = t_fma(p, z, T(0.0303819440305233, 4.1392114735749885e-10));
    p = t_fma(p, z, T(0.0446428582072258, -1.0643687042843908e-09));
    p = t_fma(p, z, T(0.07500000298023224, -2.9802322831784522e-09));
    p = t_fma(p, z, T(0.1666666716337204, -4.967053879312289e-09));
    return t_fma(t_mul(x, z), p, x);
}

fn t_asin(x: T) -> T {
    let ax = df_abs(x);
    if (t_isnan(x) || t_lt(t_one(), ax)) { return t_nan(); }
    if (ax.hi <= 0.5) { return asin_poly(x); }
    // asin(x) = pi/2 - 2 asin(sqrt((1 - x) / 2)); 1 - x is exact for x in [0.5, 1].
    let a = asin_poly(t_sqrt(t_mul(t_sub(t_one(), ax), T(0.5, 0.0))));
    let r = t_sub(T(1.5707963705062866, -4.371138828673793e-08), t_add(a, a));
    return df_select(r, t_neg(r), x.hi < 0.0);
}

fn t_pow(a: T, b: T) -> T {
    if (t_eq(b, t_zero()) || t_eq(a, t_one())) { return t_one(); }
    if (t_isnan(a) || t_isnan(b)) { return t_nan(); }
    let ab = df_abs(a);
    let b_int = t_eq(b, t_floor(b));
    let half_b = df_ldexp(b, -1);
    let b_odd = b_int && !t_isinf(b) && !t_eq(half_b, t_floor(half_b));
    if (a.hi < 0.0 && !b_int && !t_isinf(b)) { return t_nan(); }
    var mag: T;
    if (t_isinf(b)) {
        if (t_eq(ab, t_one())) { return t_one(); }
        mag = df_select(t_zero(), t_inf(), (t_lt(t_one(), ab)) == (b.hi > 0.0));
    } else if (ab.hi == 0.0) {
        mag = df_select(t_inf(), t_zero(), b.hi > 0.0);
    } else if (t_isinf(a)) {
        mag = df_select(t_zero(), t_inf(), b.hi > 0.0);
    } else if (b_int && abs(b.hi) <= 64.0) {
        // Small integer powers by squaring.
        var e = u32(abs(b.hi));
        var base = ab;
        mag = t_one();
        while (e > 0u) {
            if ((e & 1u) == 1u) { mag = t_mul(mag, base); }
            base = t_mul(base, base);
            e = e >> 1u;
        }
        if (b.hi < 0.0) { mag = t_div(t_one(), mag); }
    } else {
        mag = t_exp(t_mul(b, t_log(ab)));
    }
    return df_select(mag, t_neg(mag), a.hi < 0.0 && b_odd);
}
