//! Fitted attributes as values, for the lookup by scikit-learn's name
//! ([`crate::estimator::Estimator::fitted_attr`]) that the searches, the JS API and the fixture
//! tests use, and the moves between devices that a declaration derives from their types.

use crate::array::Array;
use crate::device::Device;
use crate::error::Result;

/// One fitted attribute's value.
#[derive(Debug, Clone)]
pub enum Attr {
    /// An attribute that is None in scikit-learn (StandardScaler's `var_` without with_std).
    None,
    Array(Array),
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String),
}

/// A type a fitted attribute (or a piece of fitted state) can have.
#[allow(async_fn_in_trait)]
pub trait Attribute: Clone {
    /// The value for a lookup by name.
    fn value(&self) -> Attr;
    /// Where it lives, for what lives on a device.
    fn device(&self) -> Option<Device> {
        None
    }
    /// The value on `device`: arrays move, host values stay as they are.
    async fn to_device(&self, _device: &Device) -> Result<Self> {
        Ok(self.clone())
    }
}

impl Attribute for Array {
    fn value(&self) -> Attr {
        Attr::Array(self.clone())
    }
    fn device(&self) -> Option<Device> {
        Some(Array::device(self).clone())
    }
    async fn to_device(&self, device: &Device) -> Result<Self> {
        Array::to_device(self, device).await
    }
}

/// The device a stateless transformer was fitted on, which has no array to carry it.
impl Attribute for Device {
    fn value(&self) -> Attr {
        Attr::Str(self.to_string())
    }
    fn device(&self) -> Option<Device> {
        Some(self.clone())
    }
    async fn to_device(&self, device: &Device) -> Result<Self> {
        Ok(device.clone())
    }
}

impl<T: Attribute> Attribute for Option<T> {
    fn value(&self) -> Attr {
        self.as_ref().map_or(Attr::None, T::value)
    }
    fn device(&self) -> Option<Device> {
        self.as_ref().and_then(T::device)
    }
    async fn to_device(&self, device: &Device) -> Result<Self> {
        Ok(match self {
            Some(v) => Some(v.to_device(device).await?),
            None => None,
        })
    }
}

impl Attribute for usize {
    fn value(&self) -> Attr {
        Attr::Int(*self as i64)
    }
}

impl Attribute for f64 {
    fn value(&self) -> Attr {
        Attr::Float(*self)
    }
}

impl Attribute for bool {
    fn value(&self) -> Attr {
        Attr::Bool(*self)
    }
}
