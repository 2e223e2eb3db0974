//! The elementwise op families, each declared once in a table. A row names the public
//! function (with its docs), the op, its CPU function and its WGSL function. From the table come
//! the op enum (whose discriminant is the kernel's `override OP`), the public function, the CPU
//! dispatch (`visit_cpu`) and the kernel's WGSL switch (`WGSL`, spliced in where the kernel
//! writes `OP_CASES(...)`, see `backend::gpu::shaders::compose`).
//!
//! Adding an op to a family is one row here. Its WGSL function is a prelude helper (`t_sqrt`)
//! or a small function in the family's kernel; its CPU function a method of the scalar traits
//! (`backend::cpu::scalar`) or a closure.

use super::elementwise::{binary, compare, predicate, unary_float, unary_numeric};
use super::linalg::pair_sums;
use crate::array::Array;
use crate::backend::cpu::scalar::{Float, Num};
use crate::error::Result;

/// What the CPU path does with a one-argument op's function: the table's match calls it with
/// each op's function, so every loop is monomorphized for one op (no call through a pointer).
pub(crate) trait UnaryVisitor<T, O> {
    type Output;
    fn visit<F: Fn(T) -> O + Sync>(self, f: F) -> Self::Output;
}

/// [`UnaryVisitor`] for two-argument ops.
pub(crate) trait BinaryVisitor<T, O> {
    type Output;
    fn visit<F: Fn(T, T) -> O + Sync>(self, f: F) -> Self::Output;
}

macro_rules! op_family {
    (@enum $(#[$edoc:meta])* $enum:ident, $visitor:ident<$T:ident: $bound:path, $out:ty>,
        $($variant:ident, $cpu:expr, $wgsl:literal;)*) => {
        $(#[$edoc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $enum {
            $($variant),*
        }

        impl $enum {
            /// The WGSL function of each op, in discriminant order.
            pub const WGSL: &'static [&'static str] = &[$($wgsl),*];

            /// Calls `v` with this op's CPU function.
            pub(crate) fn visit_cpu<$T: $bound, V: $visitor<$T, $out>>(self, v: V) -> V::Output {
                match self {
                    $(Self::$variant => v.visit($cpu)),*
                }
            }
        }
    };
    // A row without a name has no public function (the cast to bool reaches NonZero, gemm
    // the pair sums' Product).
    (@fn $arity:ident $enum:ident $dispatch:ident $variant:ident [$(#[$doc:meta])*]) => {};
    (@fn unary $enum:ident $dispatch:ident $variant:ident [$(#[$doc:meta])*] $name:ident) => {
        $(#[$doc])*
        pub fn $name(a: &Array) -> Result<Array> {
            $dispatch($enum::$variant, a)
        }
    };
    (@fn binary $enum:ident $dispatch:ident $variant:ident [$(#[$doc:meta])*] $name:ident) => {
        $(#[$doc])*
        pub fn $name(a: &Array, b: &Array) -> Result<Array> {
            $dispatch($enum::$variant, a, b, stringify!($name))
        }
    };
    ($(#[$edoc:meta])* $arity:ident $enum:ident => $dispatch:ident, $visitor:ident<$T:ident: $bound:path, $out:ty>,
        $($(#[$doc:meta])* $($name:ident)? => $variant:ident, $cpu:expr, $wgsl:literal;)*) => {
        op_family!(@enum $(#[$edoc])* $enum, $visitor<$T: $bound, $out>, $($variant, $cpu, $wgsl;)*);
        $(op_family!(@fn $arity $enum $dispatch $variant [$(#[$doc])*] $($name)?);)*
    };
}

op_family! {
    /// Float-only unary functions (`shaders/elementwise/unary_float.wgsl`); integers compute in
    /// float64.
    unary UnaryFloatOp => unary_float, UnaryVisitor<T: Float, T>,
    /// Square root.
    sqrt => Sqrt, <T as Float>::sqrt, "t_sqrt";
    /// 1 / x.
    reciprocal => Reciprocal, |v: T| T::one().div(v), "reciprocal";
    exp => Exp, <T as Float>::exp, "t_exp";
    /// exp(x) - 1, accurate near 0.
    expm1 => Expm1, <T as Float>::exp_m1, "t_expm1";
    /// Natural logarithm.
    log => Log, <T as Float>::ln, "t_log";
    /// log(1 + x), accurate near 0.
    log1p => Log1p, <T as Float>::ln_1p, "t_log1p";
    sin => Sin, <T as Float>::sin, "t_sin";
    cos => Cos, <T as Float>::cos, "t_cos";
    /// The inverse sine, in [-pi/2, pi/2]; NaN outside [-1, 1].
    arcsin => Arcsin, <T as Float>::asin, "t_asin";
    tanh => Tanh, <T as Float>::tanh, "t_tanh";
    floor => Floor, <T as Float>::floor, "t_floor";
    ceil => Ceil, <T as Float>::ceil, "t_ceil";
    /// Round half to even, as NumPy.
    round => Round, <T as Float>::round_even, "t_round";
}

op_family! {
    /// Unary functions of every numeric type (`shaders/elementwise/unary_numeric.wgsl`).
    unary UnaryNumericOp => unary_numeric, UnaryVisitor<T: Num, T>,
    abs => Abs, <T as Num>::abs, "t_abs";
    neg => Neg, <T as Num>::neg, "t_neg";
    /// x * x.
    square => Square, |v: T| v.mul(v), "square";
    /// -1, 0 or 1 (NaN stays NaN).
    sign => Sign, <T as Num>::sign, "sign_of";
}

op_family! {
    /// Per-element tests giving bool (`shaders/elementwise/predicate.wgsl`).
    unary PredicateOp => predicate, UnaryVisitor<T: Num, bool>,
    isnan => IsNan, |x: T| x.is_nan(), "t_isnan";
    isfinite => IsFinite, |x: T| x.is_finite(), "is_finite";
    // The cast to bool (`astype`); NaN is true, as in NumPy.
    => NonZero, |x: T| x != T::zero(), "nonzero";
    logical_not => IsZero, |x: T| x == T::zero(), "is_zero";
}

op_family! {
    /// Arithmetic binary ops (`shaders/elementwise/binary.wgsl`).
    binary BinaryOp => binary, BinaryVisitor<T: Num, T>,
    add => Add, <T as Num>::add, "t_add";
    sub => Sub, <T as Num>::sub, "t_sub";
    mul => Mul, <T as Num>::mul, "t_mul";
    /// True division: integers divide in float64.
    div => Div, <T as Num>::div, "t_div";
    /// a ** b; integer bases with int32 exponents compute in float64 (NumPy's float_power).
    pow => Pow, <T as Num>::pow, "t_pow";
    /// Elementwise maximum, propagating NaN.
    maximum => Maximum, <T as Num>::max_nan, "t_max_nan";
    /// Elementwise minimum, propagating NaN.
    minimum => Minimum, <T as Num>::min_nan, "t_min_nan";
}

op_family! {
    /// Comparisons (`shaders/elementwise/compare.wgsl`); NaN compares unequal to everything.
    binary CompareOp => compare, BinaryVisitor<T: Num, bool>,
    equal => Eq, |x: T, y: T| x == y, "eq";
    not_equal => Ne, |x: T, y: T| x != y, "ne";
    less => Lt, |x: T, y: T| x < y, "lt";
    less_equal => Le, |x: T, y: T| x <= y, "le";
    greater => Gt, |x: T, y: T| x > y, "gt";
    greater_equal => Ge, |x: T, y: T| x >= y, "ge";
}

op_family! {
    /// Sums over the feature axis of a term of two rows, tiled as the matrix product
    /// (`shaders/linalg/matmul.wgsl`): out[i, j] = Σ_k term(x[i, k], y[j, k]) for x (m, k) and
    /// y (n, k), in their float dtype.
    binary PairTerm => pair_sums, BinaryVisitor<T: Float, T>,
    // x y^T: the tiles' matrix product, reached through gemm.
    => Product, <T as Num>::mul, "t_mul";
    /// Squared euclidean distances from exact differences: no cancellation, unlike
    /// ‖x‖² − 2 x·y + ‖y‖² in the same precision.
    pair_squared_distances => SquaredDifference, |x: T, y: T| x.sub(y).mul(x.sub(y)), "pair_squared_difference";
    /// Manhattan (L1) distances.
    pair_manhattan_distances => AbsoluteDifference, |x: T, y: T| x.sub(y).abs(), "pair_absolute_difference";
    /// −Σ (x − y)² / (x + y), coordinates where x + y = 0 left out: the additive chi² kernel.
    pair_chi2_sums => Chi2, |x: T, y: T| {
        let s = x.add(y);
        if s == T::zero() { T::zero() } else { x.sub(y).mul(x.sub(y)).div(s).neg() }
    }, "pair_chi2";
    /// Squared euclidean distances over the coordinates that are present (not NaN) in both.
    pair_present_squared_distances => PresentSquaredDifference, |x: T, y: T| {
        if x.is_nan() || y.is_nan() { T::zero() } else { x.sub(y).mul(x.sub(y)) }
    }, "pair_present_squared_difference";
    /// How many coordinates are present (not NaN) in both rows.
    pair_present_counts => Present, |x: T, y: T| {
        if x.is_nan() || y.is_nan() { T::zero() } else { T::one() }
    }, "pair_present";
}
