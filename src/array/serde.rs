//! serde for arrays, so that fitted models serialize. The contents are written in the array's
//! dtype; a deserialized array always lives on the CPU (move it with `to_device`).
//!
//! Floats that JSON cannot spell (NaN, inf, -inf) are written as the strings "NaN", "inf" and
//! "-inf" by text formats: serde_json would write them as null, which does not read back.
//! Binary formats keep the raw value.

use super::{Array, CpuData};
use ndarray::{ArcArray, ArrayD, IxDyn};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

impl Serialize for Array {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Readback: a GPU array is copied to the host to be written. In a browser the host may
        // not block on the GPU, so there the model must be moved to the CPU first.
        #[cfg(not(target_arch = "wasm32"))]
        let data = pollster::block_on(self.to_data()).map_err(serde::ser::Error::custom)?;
        #[cfg(target_arch = "wasm32")]
        let data = match &self.storage {
            super::Storage::Cpu(d) => d.as_ref().clone(),
            super::Storage::Gpu(_) => {
                return Err(serde::ser::Error::custom(
                    "a GPU array cannot be read synchronously in a browser; call to_device(&Device::cpu()) before serializing",
                ))
            }
        };
        data.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Array {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Array, D::Error> {
        Ok(Array::from_cpu(CpuData::deserialize(deserializer)?))
    }
}

/// The stored form of [`CpuData`]: the same variants, floats wrapped.
#[derive(Serialize, Deserialize)]
#[serde(rename = "CpuData")]
enum Stored {
    F32(ArrayD<Float<f32>>),
    F64(ArrayD<Float<f64>>),
    I32(ArcArray<i32, IxDyn>),
    U32(ArcArray<u32, IxDyn>),
    Bool(ArcArray<bool, IxDyn>),
}

impl Serialize for CpuData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CpuData::F32(a) => Stored::F32(a.mapv(Float)),
            CpuData::F64(a) => Stored::F64(a.mapv(Float)),
            CpuData::I32(a) => Stored::I32(a.clone()),
            CpuData::U32(a) => Stored::U32(a.clone()),
            CpuData::Bool(a) => Stored::Bool(a.clone()),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for CpuData {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<CpuData, D::Error> {
        Ok(match Stored::deserialize(deserializer)? {
            Stored::F32(a) => CpuData::F32(a.mapv(|v| v.0).into_shared()),
            Stored::F64(a) => CpuData::F64(a.mapv(|v| v.0).into_shared()),
            Stored::I32(a) => CpuData::I32(a),
            Stored::U32(a) => CpuData::U32(a),
            Stored::Bool(a) => CpuData::Bool(a),
        })
    }
}

/// One float of a stored array.
#[derive(Clone, Copy)]
struct Float<T>(T);

/// What [`Float`] needs of f32 and f64.
trait StoredFloat: Copy + Serialize + for<'de> Deserialize<'de> {
    fn to_f64(self) -> f64;
    fn from_f64(v: f64) -> Self;
}

impl StoredFloat for f32 {
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn from_f64(v: f64) -> Self {
        v as f32
    }
}

impl StoredFloat for f64 {
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(v: f64) -> Self {
        v
    }
}

impl<T: StoredFloat> Serialize for Float<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let v = self.0.to_f64();
        if serializer.is_human_readable() && !v.is_finite() {
            return serializer.serialize_str(if v.is_nan() {
                "NaN"
            } else if v > 0.0 {
                "inf"
            } else {
                "-inf"
            });
        }
        self.0.serialize(serializer)
    }
}

impl<'de, T: StoredFloat> Deserialize<'de> for Float<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable() {
            return T::deserialize(deserializer).map(Float);
        }
        struct Number;
        impl Visitor<'_> for Number {
            type Value = f64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or one of \"NaN\", \"inf\", \"-inf\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
                Ok(v)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
                Ok(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
                Ok(v as f64)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
                match v {
                    "NaN" | "nan" => Ok(f64::NAN),
                    "inf" | "Infinity" => Ok(f64::INFINITY),
                    "-inf" | "-Infinity" => Ok(f64::NEG_INFINITY),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        deserializer.deserialize_any(Number).map(|v| Float(T::from_f64(v)))
    }
}
