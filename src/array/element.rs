//! Host element types and the CPU storage of arrays.

use crate::dtype::DType;
use crate::error::{Error, Result};
use ndarray::{ArcArray, ArrayD, ArrayViewD, CowArray, IxDyn};

/// The host-side contents of an array, one ndarray per dtype. Reference-counted, so that a
/// reshape of contiguous contents shares them rather than copying.
#[derive(Debug, Clone, PartialEq)]
pub enum CpuData {
    F32(ArcArray<f32, IxDyn>),
    F64(ArcArray<f64, IxDyn>),
    I32(ArcArray<i32, IxDyn>),
    U32(ArcArray<u32, IxDyn>),
    Bool(ArcArray<bool, IxDyn>),
}

/// Applies `$body` to the ndarray inside a [`CpuData`], whatever its element type.
macro_rules! with_data {
    ($data:expr, $a:ident => $body:expr) => {
        match $data {
            $crate::array::CpuData::F32($a) => $body,
            $crate::array::CpuData::F64($a) => $body,
            $crate::array::CpuData::I32($a) => $body,
            $crate::array::CpuData::U32($a) => $body,
            $crate::array::CpuData::Bool($a) => $body,
        }
    };
}
pub(crate) use with_data;

/// Runs `$body` with `$t` bound to the Rust element type of `$dtype`.
macro_rules! with_dtype {
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
            $crate::dtype::DType::U32 => {
                type $t = u32;
                $body
            }
            $crate::dtype::DType::Bool => {
                type $t = bool;
                $body
            }
        }
    };
}
pub(crate) use with_dtype;

impl CpuData {
    pub fn dtype(&self) -> DType {
        match self {
            CpuData::F32(_) => DType::F32,
            CpuData::F64(_) => DType::F64,
            CpuData::I32(_) => DType::I32,
            CpuData::U32(_) => DType::U32,
            CpuData::Bool(_) => DType::Bool,
        }
    }

    pub fn shape(&self) -> &[usize] {
        with_data!(self, a => a.shape())
    }

    /// Converts to `dtype` the way NumPy's `astype` does: floats truncate toward zero into
    /// integers (saturating where NumPy leaves it undefined), int32 and uint32 wrap modulo 2^32
    /// into each other, nonzero becomes true.
    pub fn cast(&self, dtype: DType) -> CpuData {
        if self.dtype() == dtype {
            return self.clone();
        }
        match (self, dtype) {
            (CpuData::I32(a), DType::U32) => return CpuData::U32(a.mapv(|v| v as u32).into_shared()),
            (CpuData::U32(a), DType::I32) => return CpuData::I32(a.mapv(|v| v as i32).into_shared()),
            _ => {}
        }
        match dtype {
            DType::F32 => CpuData::F32(self.to_typed().into_shared()),
            DType::F64 => CpuData::F64(self.to_typed().into_shared()),
            DType::I32 => CpuData::I32(self.to_typed().into_shared()),
            DType::U32 => CpuData::U32(self.to_typed().into_shared()),
            DType::Bool => CpuData::Bool(self.to_typed().into_shared()),
        }
    }

    /// The contents as an ndarray of `T`, converting element by element.
    pub fn to_typed<T: Element>(&self) -> ArrayD<T> {
        with_data!(self, a => a.mapv(|v| T::from_f64(v.to_f64())))
    }
}

/// A Rust element type that arrays are made from and read back into.
pub trait Element: Copy + Send + Sync + 'static {
    /// The dtype an array made from this type has.
    const DTYPE: DType;
    fn to_f64(self) -> f64;
    fn from_f64(v: f64) -> Self;
    /// Wraps an ndarray of this type as array contents, range-checking where needed.
    fn into_data(a: ArrayD<Self>) -> Result<CpuData>;
    /// A view of the contents when they are stored as this type.
    fn view(d: &CpuData) -> Option<ArrayViewD<'_, Self>>;
}

/// The contents as `T`, borrowed when already stored as `T` and converted otherwise.
pub(crate) fn typed<T: Element>(d: &CpuData) -> CowArray<'_, T, IxDyn> {
    match T::view(d) {
        Some(v) => CowArray::from(v),
        None => CowArray::from(d.to_typed::<T>()),
    }
}

macro_rules! element {
    ($t:ty, $variant:ident, $dtype:expr) => {
        impl Element for $t {
            const DTYPE: DType = $dtype;
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            fn into_data(a: ArrayD<Self>) -> Result<CpuData> {
                Ok(CpuData::$variant(a.into_shared()))
            }
            fn view(d: &CpuData) -> Option<ArrayViewD<'_, Self>> {
                match d {
                    CpuData::$variant(a) => Some(a.view()),
                    _ => None,
                }
            }
        }
    };
}

element!(f32, F32, DType::F32);
element!(f64, F64, DType::F64);
element!(i32, I32, DType::I32);
element!(u32, U32, DType::U32);

impl Element for bool {
    const DTYPE: DType = DType::Bool;
    fn to_f64(self) -> f64 {
        f64::from(u8::from(self))
    }
    fn from_f64(v: f64) -> Self {
        v != 0.0
    }
    fn into_data(a: ArrayD<Self>) -> Result<CpuData> {
        Ok(CpuData::Bool(a.into_shared()))
    }
    fn view(d: &CpuData) -> Option<ArrayViewD<'_, Self>> {
        match d {
            CpuData::Bool(a) => Some(a.view()),
            _ => None,
        }
    }
}

/// i64 input (NumPy's default integer) is stored as i32 after a range check.
impl Element for i64 {
    const DTYPE: DType = DType::I32;
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_f64(v: f64) -> Self {
        v as i64
    }
    fn into_data(a: ArrayD<Self>) -> Result<CpuData> {
        if let Some(v) = a.iter().find(|v| i32::try_from(**v).is_err()) {
            return Err(Error::ValueOutOfRange { value: v.to_string(), target: DType::I32 });
        }
        Ok(CpuData::I32(a.mapv(|v| v as i32).into_shared()))
    }
    fn view(_: &CpuData) -> Option<ArrayViewD<'_, Self>> {
        None
    }
}
