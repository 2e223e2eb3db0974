//! Element types and NumPy-style promotion between them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The element type of an [`Array`](crate::Array).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DType {
    F32,
    F64,
    I32,
    U32,
    Bool,
}

impl DType {
    /// Bytes per element on the host.
    pub fn size(self) -> u64 {
        match self {
            DType::F64 => 8,
            DType::Bool => 1,
            _ => 4,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::F32 | DType::F64)
    }

    pub fn is_integer(self) -> bool {
        matches!(self, DType::I32 | DType::U32)
    }

    /// Rank used by promotion: bool < integers < f32 < f64.
    fn rank(self) -> u8 {
        match self {
            DType::Bool => 0,
            DType::I32 | DType::U32 => 1,
            DType::F32 => 2,
            DType::F64 => 3,
        }
    }

    /// The result type of a binary operation, following NumPy: an integer with f32 gives f64
    /// (f32 cannot hold every i32), and i32 with u32 gives f64 because we have no i64.
    pub fn promote(a: DType, b: DType) -> DType {
        use DType::*;
        match (a, b) {
            _ if a == b => a,
            (I32, U32) | (U32, I32) => F64,
            (I32 | U32, F32) | (F32, I32 | U32) => F64,
            _ if a.rank() >= b.rank() => a,
            _ => b,
        }
    }

    /// The float type that float-only functions (exp, sqrt, division...) compute in.
    pub fn float_result(self) -> DType {
        match self {
            DType::F32 => DType::F32,
            _ => DType::F64,
        }
    }

    /// Machine epsilon of the float type `float_result()` gives (NumPy's finfo(dtype).eps).
    pub fn eps(self) -> f64 {
        match self.float_result() {
            DType::F32 => f32::EPSILON as f64,
            _ => f64::EPSILON,
        }
    }

    /// NumPy's name for the type.
    pub fn name(self) -> &'static str {
        match self {
            DType::F32 => "float32",
            DType::F64 => "float64",
            DType::I32 => "int32",
            DType::U32 => "uint32",
            DType::Bool => "bool",
        }
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::DType::*;
    use super::*;

    #[test]
    fn promotion_follows_numpy() {
        assert_eq!(DType::promote(F32, F64), F64);
        assert_eq!(DType::promote(I32, F32), F64);
        assert_eq!(DType::promote(Bool, F32), F32);
        assert_eq!(DType::promote(Bool, I32), I32);
        assert_eq!(DType::promote(I32, U32), F64);
        assert_eq!(DType::promote(U32, U32), U32);
    }
}
