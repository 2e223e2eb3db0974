//! The ndarray backend: the reference every GPU kernel is tested against, and the fallback
//! where no adapter exists.

pub(crate) mod alloc;
pub(crate) mod chain;
pub(crate) mod elementwise;
pub(crate) mod linalg;
pub(crate) mod scalar;
pub(crate) mod sort;
pub(crate) mod vmath;

/// Runs `$body` with `$t` bound to the Rust type of a numeric dtype.
macro_rules! numeric {
    ($dtype:expr, $t:ident => $body:expr) => {
        match $dtype {
            $crate::dtype::DType::F32 => {
                type $t = f32;
                $body
            }
            $crate::dtype::DType::F64 => {
                type $t = f64;
                $body
            }
            $crate::dtype::DType::I32 => {
                type $t = i32;
                $body
            }
            $crate::dtype::DType::U32 | DType::Bool => {
                type $t = u32;
                $body
            }
        }
    };
}
pub(crate) use numeric;

pub(crate) mod random;
pub(crate) mod reduce;
