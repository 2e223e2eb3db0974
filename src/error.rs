//! The one error type of the crate. Every variant carries the offending values so that a
//! message alone tells the user what to fix.

use crate::dtype::DType;

/// Everything that can go wrong in wglearn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("shape mismatch in {op}: {detail}")]
    ShapeMismatch { op: &'static str, detail: String },

    #[error("{op}: Input {arg} contains {count} non-finite value(s) (NaN or inf){}", if at.is_empty() { String::new() } else { format!(", the first at index ({})", at.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) })]
    NonFinite { op: &'static str, arg: &'static str, count: usize, at: Vec<usize> },

    #[error("{op}: shape {shape:?} holds more elements than this machine can address")]
    ShapeTooLarge { op: &'static str, shape: Vec<usize> },

    #[error("{op}: the host cannot allocate {requested} bytes")]
    HostOutOfMemory { op: &'static str, requested: u64 },

    #[error("{op}: empty input (shape {shape:?})")]
    EmptyInput { op: &'static str, shape: Vec<usize> },

    #[error("{op}: dtype mismatch, expected {expected}, got {got}")]
    DTypeMismatch { op: &'static str, expected: String, got: DType },

    #[error("{op}: arrays live on different devices ({left} and {right}); move one with to_device first")]
    DeviceMismatch { op: &'static str, left: String, right: String },

    #[error("{op}: index {index} out of bounds for axis {axis} with size {size}")]
    IndexOutOfBounds { op: &'static str, index: i64, axis: usize, size: usize },

    #[error("{op}: axis {axis} out of range for an array of {ndim} dimension(s)")]
    AxisOutOfRange { op: &'static str, axis: isize, ndim: usize },

    #[error("value {value} does not fit into {target}")]
    ValueOutOfRange { value: String, target: DType },

    #[error("{op}: the matrix is not positive definite to working precision (pivot {pivot}); for qr: the columns are linearly dependent")]
    NotPositiveDefinite { op: &'static str, pivot: usize },

    #[error("{op}: the iteration did not converge on the {shape} input (does it hold NaN or inf?)")]
    NoConvergence { op: &'static str, shape: String },

    #[error("this {estimator} is not fitted yet; call fit before {method}")]
    NotFitted { estimator: &'static str, method: &'static str },

    #[error("{estimator} has no attribute or method {name}{}", if known.is_empty() { String::new() } else { format!(" (fitted attributes: {known})") })]
    NoAttribute { estimator: &'static str, name: String, known: String },

    #[error("{estimator}.{method} requires y, but none was given")]
    MissingTarget { estimator: &'static str, method: &'static str },

    #[error("cannot load the model: {detail}")]
    BadModel { detail: String },

    #[error("{op}: {what} overflowed {dtype} from finite input (its values are too large to {why}); scale the data first, e.g. with StandardScaler or MaxAbsScaler")]
    Overflow { op: &'static str, what: &'static str, dtype: DType, why: &'static str },

    #[error("{op}: input outside the function's domain: {detail}")]
    OutOfDomain { op: &'static str, detail: String },

    #[error("{op}: {detail}")]
    BadTarget { op: &'static str, detail: String },

    #[error("{op}: y contains previously unseen labels: {labels}")]
    UnseenLabels { op: &'static str, labels: String },

    #[error("invalid parameter {name} = {value}: {reason}")]
    InvalidParameter { name: &'static str, value: String, reason: String },

    #[error("no GPU adapter found{detail}")]
    NoAdapter { detail: String },

    #[error("the adapter {adapter} does not support {feature}")]
    Unsupported { adapter: String, feature: String },

    #[error("{op}: {detail}")]
    ResultTooLarge { op: &'static str, detail: String },

    #[error("{op}: buffer of {requested} bytes exceeds the device limit {limit_name} = {limit} bytes")]
    BufferTooLarge { op: &'static str, requested: u64, limit: u64, limit_name: &'static str },

    #[error("out of device memory (the allocation in flight: {requested} bytes)")]
    OutOfMemory { requested: u64 },

    #[error("the GPU device was lost: {reason}")]
    DeviceLost { reason: String },

    #[error("GPU error: {0}")]
    Gpu(String),
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// `InvalidParameter` for hyperparameter `name` set to `value`, and why it is refused.
    pub(crate) fn invalid_parameter(
        name: &'static str,
        value: impl std::fmt::Display,
        reason: impl Into<String>,
    ) -> Error {
        Error::InvalidParameter { name, value: value.to_string(), reason: reason.into() }
    }
}
