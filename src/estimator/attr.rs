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
    /// The shape and dtype, for an array.
    fn shape(&self) -> Option<(Vec<usize>, crate::dtype::DType)> {
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
    fn shape(&self) -> Option<(Vec<usize>, crate::dtype::DType)> {
        Some((Array::shape(self).to_vec(), self.dtype()))
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
    fn shape(&self) -> Option<(Vec<usize>, crate::dtype::DType)> {
        self.as_ref().and_then(T::shape)
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

/// The shapes a declaration gives its fitted attributes (`means_: Array [k, n_features_in_]`),
/// checked when a model is loaded. A dimension named after an integer fitted attribute must
/// equal it; any other name is bound by its first use and must agree everywhere after. The
/// float arrays share the dtype the model was fitted in, except `classes_`, which holds labels.
pub struct Dims<F> {
    attr: F,
    bound: Vec<(&'static str, usize)>,
    float: Option<(&'static str, crate::dtype::DType)>,
}

impl<F: Fn(&str) -> Option<Attr>> Dims<F> {
    pub fn new(attr: F) -> Self {
        Dims { attr, bound: Vec::new(), float: None }
    }

    /// Checks that `name` (an array, when present) has the shape `dims`.
    pub fn expect(
        &mut self,
        name: &'static str,
        array: Option<(Vec<usize>, crate::dtype::DType)>,
        dims: &[&'static str],
    ) -> Result<(), String> {
        let Some((shape, dtype)) = array else { return Ok(()) };
        if dtype.is_float() && name != "classes_" {
            match self.float {
                Some((first, d)) if d != dtype => {
                    return Err(format!("{name} is {dtype} but {first} is {d}; a model is fitted in one dtype"))
                }
                Some(_) => {}
                None => self.float = Some((name, dtype)),
            }
        }
        if shape.len() != dims.len() {
            return Err(format!(
                "{name} has shape {shape:?}, expected {} dimension(s) ({})",
                dims.len(),
                dims.join(", ")
            ));
        }
        for (&d, &n) in dims.iter().zip(&shape) {
            let want = match (self.attr)(d) {
                Some(Attr::Int(v)) => Some(v as usize),
                _ => self.bound.iter().find(|(b, _)| *b == d).map(|&(_, v)| v),
            };
            match want {
                Some(w) if w != n => {
                    return Err(format!("{name} has shape {shape:?}, but its {d} = {n} disagrees with {d} = {w}"))
                }
                Some(_) => {}
                None => self.bound.push((d, n)),
            }
        }
        Ok(())
    }
}

/// Refuses class labels that are not sorted and distinct: transforms look labels up by binary
/// search, so disordered classes would give wrong answers, not errors.
pub(crate) fn sorted_classes(name: &str, classes: &Array) -> Result<(), String> {
    // A loaded model lives on the CPU; a model moved elsewhere was checked before it moved.
    if !matches!(classes.device(), Device::Cpu) {
        return Ok(());
    }
    let v = classes.cpu().to_typed::<f64>();
    match v.iter().zip(v.iter().skip(1)).position(|(a, b)| a.partial_cmp(b) != Some(std::cmp::Ordering::Less)) {
        Some(i) => Err(format!(
            "{name} must be sorted and distinct, but {name}[{i}] = {} and {name}[{}] = {}",
            v[i],
            i + 1,
            v[i + 1]
        )),
        None => Ok(()),
    }
}
