//! The op codes shared by the CPU path and the WGSL kernels (`override OP` constants).

/// Arithmetic binary ops (`shaders/elementwise/binary.wgsl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add = 0,
    Sub = 1,
    Mul = 2,
    Div = 3,
    Pow = 4,
    Maximum = 5,
    Minimum = 6,
}

/// Comparisons (`shaders/elementwise/compare.wgsl`); NaN compares unequal to everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq = 0,
    Ne = 1,
    Lt = 2,
    Le = 3,
    Gt = 4,
    Ge = 5,
}

/// Float-only unary functions (`shaders/elementwise/unary_float.wgsl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryFloatOp {
    Sqrt = 0,
    Reciprocal = 1,
    Exp = 2,
    Expm1 = 3,
    Log = 4,
    Log1p = 5,
    Sin = 6,
    Cos = 7,
    Tanh = 8,
    Floor = 9,
    Ceil = 10,
    Round = 11,
}

/// Unary functions of every numeric type (`shaders/elementwise/unary_numeric.wgsl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryNumericOp {
    Abs = 0,
    Neg = 1,
    Square = 2,
    Sign = 3,
}

/// Per-element tests giving bool (`shaders/elementwise/predicate.wgsl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PredicateOp {
    IsNan = 0,
    IsFinite = 1,
    NonZero = 2,
    IsZero = 3,
}
