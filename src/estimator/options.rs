//! Options with a fixed set of values (solvers, norms...) are enums, declared with [`options!`]:
//! each variant names the scikit-learn string it stands for, and the enum converts to and from
//! those strings for `get_params` / `set_param`, serde and the JS API. An unknown string is an
//! error that lists the valid ones, and names the scikit-learn values that are not provided.

/// Declares an option enum:
///
/// ```ignore
/// options! {
///     /// How Ridge solves its system.
///     pub enum RidgeSolver { Auto = "auto", Svd = "svd", Cholesky = "cholesky" }
///     not_provided: ["sag", "saga"]
/// }
/// ```
macro_rules! options {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)? }
        not_provided: [$($missing:literal),* $(,)?]
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// scikit-learn's values that wglearn does not provide.
            pub const NOT_PROVIDED: &'static [&'static str] = &[$($missing),*];

            /// scikit-learn's string for this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }

            /// The value for scikit-learn's string, or a message that lists the valid ones.
            pub fn parse(text: &str) -> std::result::Result<Self, String> {
                match text {
                    $( $text => Ok($name::$variant), )+
                    _ => Err($crate::estimator::options::refusal(&[$($text),+], Self::NOT_PROVIDED)),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::Error;
            fn from_str(text: &str) -> $crate::error::Result<Self> {
                $name::parse(text).map_err(|reason| $crate::error::Error::InvalidParameter {
                    name: stringify!($name),
                    value: format!("'{text}'"),
                    reason,
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(d)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl $crate::estimator::Param for $name {
            fn to_value(&self) -> $crate::estimator::ParamValue {
                $crate::estimator::ParamValue::Str(self.as_str().into())
            }
            fn from_value(
                name: &'static str,
                value: $crate::estimator::ParamValue,
            ) -> $crate::error::Result<Self> {
                match value {
                    $crate::estimator::ParamValue::Str(text) => $name::parse(&text).map_err(|reason| {
                        $crate::error::Error::InvalidParameter { name, value: format!("'{text}'"), reason }
                    }),
                    v => Err($crate::estimator::params::wrong_kind(name, &v, "a string")),
                }
            }
        }

        impl $crate::estimator::Attribute for $name {
            fn value(&self) -> $crate::estimator::Attr {
                $crate::estimator::Attr::Str(self.as_str().into())
            }
        }
    };
}
pub(crate) use options;

/// Why a string is not one of an option's values.
pub(crate) fn refusal(valid: &[&str], missing: &[&str]) -> String {
    let quote = |v: &[&str]| v.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ");
    let mut out = format!("must be one of {}", quote(valid));
    if !missing.is_empty() {
        out += &format!(" ({} exist in scikit-learn but are not provided)", quote(missing));
    }
    out
}
