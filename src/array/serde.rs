//! serde for arrays, so that fitted models serialize. The contents are written in the array's
//! dtype; a deserialized array always lives on the CPU (move it with `to_device`).

use super::{Array, CpuData};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
