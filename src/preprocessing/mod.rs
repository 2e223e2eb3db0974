//! scikit-learn's preprocessing: scalers, normalizers, the kernel centerer and the label
//! encoder.

mod kernel_centerer;
mod label;
mod normalize;
mod scalers;

pub use kernel_centerer::KernelCenterer;
pub use label::LabelEncoder;
pub use normalize::{Binarizer, Norm, Normalizer};
pub use scalers::{MaxAbsScaler, MinMaxScaler, StandardScaler};
