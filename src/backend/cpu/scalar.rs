//! Per-element arithmetic of the CPU path, with NumPy's semantics: integers wrap, maximum and
//! minimum propagate NaN, round is half-to-even.

use crate::array::Element;

pub(crate) trait Num: Element + PartialOrd + bytemuck::Pod {
    fn add(self, o: Self) -> Self;
    fn sub(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    fn div(self, o: Self) -> Self;
    fn pow(self, o: Self) -> Self;
    fn abs(self) -> Self;
    fn neg(self) -> Self;
    fn zero() -> Self;
    fn one() -> Self;
    fn is_nan(self) -> bool;
    fn is_finite(self) -> bool;
    fn lowest() -> Self;
    fn highest() -> Self;

    // One select on one condition, which vectorizes (the axis folds run at the speed of a sum):
    // NaN in o wins, NaN in self stays (no comparison with it is true), and a tie keeps self.
    fn max_nan(self, o: Self) -> Self {
        if o > self || o.is_nan() {
            o
        } else {
            self
        }
    }

    fn min_nan(self, o: Self) -> Self {
        if o < self || o.is_nan() {
            o
        } else {
            self
        }
    }

    fn sign(self) -> Self {
        if self.is_nan() {
            self
        } else if self > Self::zero() {
            Self::one()
        } else if self < Self::zero() {
            Self::zero().sub(Self::one())
        } else {
            Self::zero()
        }
    }

    /// An unsigned integer in NumPy's sort order (NaN after everything, -0.0 equal to 0.0),
    /// for sorting by integer comparisons.
    fn sort_key(self) -> u64;

    /// NumPy's sort order: NaN after everything.
    fn total_lt(self, o: Self) -> bool {
        if self.is_nan() {
            false
        } else if o.is_nan() {
            true
        } else {
            self < o
        }
    }
}

pub(crate) trait Float: Num {
    fn sqrt(self) -> Self;
    fn exp(self) -> Self;
    fn exp_m1(self) -> Self;
    fn ln(self) -> Self;
    fn ln_1p(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn asin(self) -> Self;
    fn tanh(self) -> Self;
    fn floor(self) -> Self;
    fn ceil(self) -> Self;
    fn round_even(self) -> Self;
}

macro_rules! float {
    ($t:ty, $exp:path, $ln:path) => {
        impl Num for $t {
            fn add(self, o: Self) -> Self {
                self + o
            }
            fn sub(self, o: Self) -> Self {
                self - o
            }
            fn mul(self, o: Self) -> Self {
                self * o
            }
            fn div(self, o: Self) -> Self {
                self / o
            }
            fn pow(self, o: Self) -> Self {
                self.powf(o)
            }
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            fn neg(self) -> Self {
                -self
            }
            fn zero() -> Self {
                0.0
            }
            fn one() -> Self {
                1.0
            }
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
            fn lowest() -> Self {
                <$t>::NEG_INFINITY
            }
            fn highest() -> Self {
                <$t>::INFINITY
            }
            fn sort_key(self) -> u64 {
                let x = self as f64;
                if x.is_nan() {
                    return u64::MAX;
                }
                // + 0.0 turns -0.0 into 0.0; negatives' bits run backwards, so they are flipped.
                let bits = (x + 0.0).to_bits();
                if bits >> 63 == 1 {
                    !bits
                } else {
                    bits | 1 << 63
                }
            }
        }
        impl Float for $t {
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            fn exp(self) -> Self {
                $exp(self)
            }
            fn exp_m1(self) -> Self {
                <$t>::exp_m1(self)
            }
            fn ln(self) -> Self {
                $ln(self)
            }
            fn ln_1p(self) -> Self {
                <$t>::ln_1p(self)
            }
            fn sin(self) -> Self {
                <$t>::sin(self)
            }
            fn cos(self) -> Self {
                <$t>::cos(self)
            }
            fn asin(self) -> Self {
                <$t>::asin(self)
            }
            fn tanh(self) -> Self {
                <$t>::tanh(self)
            }
            fn floor(self) -> Self {
                <$t>::floor(self)
            }
            fn ceil(self) -> Self {
                <$t>::ceil(self)
            }
            fn round_even(self) -> Self {
                <$t>::round_ties_even(self)
            }
        }
    };
}
float!(f32, super::vmath::exp_f32, super::vmath::ln_f32);
float!(f64, super::vmath::exp_f64, super::vmath::ln_f64);

macro_rules! int {
    ($t:ty, $abs:expr) => {
        impl Num for $t {
            fn add(self, o: Self) -> Self {
                self.wrapping_add(o)
            }
            fn sub(self, o: Self) -> Self {
                self.wrapping_sub(o)
            }
            fn mul(self, o: Self) -> Self {
                self.wrapping_mul(o)
            }
            fn div(self, o: Self) -> Self {
                if o == 0 {
                    0
                } else {
                    self.wrapping_div(o)
                }
            }
            // Negative exponents are rejected before the op runs.
            fn pow(self, o: Self) -> Self {
                self.wrapping_pow(o.max(0) as u32)
            }
            fn abs(self) -> Self {
                $abs(self)
            }
            fn neg(self) -> Self {
                self.wrapping_neg()
            }
            fn zero() -> Self {
                0
            }
            fn one() -> Self {
                1
            }
            fn is_nan(self) -> bool {
                false
            }
            fn is_finite(self) -> bool {
                true
            }
            fn lowest() -> Self {
                <$t>::MIN
            }
            fn highest() -> Self {
                <$t>::MAX
            }
            fn sort_key(self) -> u64 {
                (self as i64 - <$t>::MIN as i64) as u64
            }
        }
    };
}
int!(i32, i32::wrapping_abs);
int!(u32, std::convert::identity);
