//! [`estimator!`]: the one declaration an estimator is made from.

/// Declares an estimator: its hyperparameters (type, default, check, doc), its fitted
/// attributes (by scikit-learn's names), the private state fit keeps beside them, its tags and
/// the traits it implements. From it come the struct and its fitted-state struct, `Default`
/// and `new`, one builder method per hyperparameter, a hyperparameter table in the docs,
/// [`Estimator`](crate::estimator::Estimator) (get/set params, the checks that every fit runs
/// first, `to_device`, the lookup of fitted attributes by name), one accessor per fitted
/// attribute named exactly as in scikit-learn (`coef_()`), serde, a scikit-learn-style
/// `Debug` (`Ridge(alpha=0.5)`), and [`DynEstimator`](crate::estimator::DynEstimator).
/// The algorithm is the only hand-written part. See the module docs of
/// [`crate::estimator`] for a worked example.
macro_rules! estimator {
    (
        $(#[doc = $doc:literal])*
        pub struct $ty:ident as $name:literal {
            tags: $tags:expr,
            implements: [$($cap:ident),* $(,)?],
            params: {
                $( $(#[doc = $pdoc:literal])* $p:ident : $pt:ty = $pdef:expr $(, check $pcheck:expr)? ; )*
            },
            fitted: $fty:ident {
                $( $(#[doc = $fdoc:literal])* $f:ident : $ft:ty $([$($dim:ident),*])? ),* $(,)?
            },
            state: {
                $( $(#[$smeta:meta])* $s:ident : $st:ty ),* $(,)?
            }
            $(, check_loaded: $lcheck:expr)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = concat!("scikit-learn's `", $name, "`.")]
        #[doc = ""]
        #[doc = "| hyperparameter | type | default | check | |"]
        #[doc = "|---|---|---|---|---|"]
        $( #[doc = concat!(
            "| `", stringify!($p), "` | `", stringify!($pt), "` | `", stringify!($pdef), "` | ",
            $( "`", stringify!($pcheck), "`", )? " |", $($pdoc,)* " |"
        )] )*
        #[doc = ""]
        #[doc = concat!("Fitted attributes (accessors of the same name, and `fitted_attr`): ", $("`", stringify!($f), "` ",)* "")]
        #[derive(Clone, serde::Serialize)]
        pub struct $ty {
            $( $p: $pt, )*
            fitted: Option<$fty>,
        }

        // A loaded model is checked before anyone can use it: its hyperparameters, the shapes
        // of its fitted attributes against each other, and the estimator's own rules.
        const _: () = {
            #[derive(serde::Deserialize)]
            struct Stored {
                $( $p: $pt, )*
                #[serde(default)]
                fitted: Option<$fty>,
            }
            impl<'de> serde::Deserialize<'de> for $ty {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                    let s = Stored::deserialize(d)?;
                    let model = $ty { $( $p: s.$p, )* fitted: s.fitted };
                    $crate::estimator::Estimator::check_loaded(&model).map_err(|e| match e {
                        $crate::error::Error::BadModel { detail } => serde::de::Error::custom(format!("{}: {detail}", $name)),
                        e => serde::de::Error::custom(e),
                    })?;
                    Ok(model)
                }
            }
        };

        #[allow(non_snake_case)]
        #[derive(Clone, serde::Serialize, serde::Deserialize)]
        struct $fty {
            $( $f: $ft, )*
            $( $(#[$smeta])* $s: $st, )*
        }

        impl Default for $ty {
            fn default() -> Self {
                $ty { $( $p: $pdef, )* fitted: None }
            }
        }

        #[allow(non_snake_case)]
        impl $ty {
            /// The estimator with every hyperparameter at its default.
            pub fn new() -> Self {
                Self::default()
            }

            $(
                $(#[doc = $pdoc])*
                pub fn $p(mut self, value: impl Into<$pt>) -> Self {
                    self.$p = value.into();
                    self
                }
            )*

            $(
                $(#[doc = $fdoc])*
                pub fn $f(&self) -> $crate::error::Result<$ft> {
                    Ok(self.state(stringify!($f))?.$f.clone())
                }
            )*

            /// The fitted state, or `Error::NotFitted` naming what was asked of it.
            fn state(&self, method: &'static str) -> $crate::error::Result<&$fty> {
                self.fitted.as_ref().ok_or($crate::error::Error::NotFitted { estimator: $name, method })
            }
        }

        impl $crate::estimator::Estimator for $ty {
            const NAME: &'static str = $name;
            const FIT_OP: &'static str = concat!($name, ".fit");
            const TAGS: $crate::estimator::Tags = $tags;
            const PARAM_NAMES: &'static [&'static str] = &[$(stringify!($p)),*];
            const FITTED_ATTRS: &'static [&'static str] = &[$(stringify!($f)),*];

            fn get_params(&self) -> $crate::estimator::Params {
                #[allow(unused_mut)]
                let mut out = $crate::estimator::Params::new();
                $( out.insert(stringify!($p).to_string(), <$pt as $crate::estimator::Param>::to_value(&self.$p)); )*
                out
            }

            fn set_param(&mut self, name: &str, value: $crate::estimator::ParamValue) -> $crate::error::Result<()> {
                match name {
                    $( stringify!($p) => {
                        self.$p = <$pt as $crate::estimator::Param>::from_value(stringify!($p), value)?;
                        Ok(())
                    } )*
                    _ => {
                        let _ = value;
                        Err($crate::estimator::unknown_param($name, name, Self::PARAM_NAMES))
                    }
                }
            }

            fn check_params(&self) -> $crate::error::Result<()> {
                $( $(
                    if let Err(reason) = ($pcheck)(&self.$p) {
                        return Err($crate::error::Error::InvalidParameter {
                            name: stringify!($p),
                            value: <$pt as $crate::estimator::Param>::to_value(&self.$p).to_string(),
                            reason,
                        });
                    }
                )? )*
                Ok(())
            }

            fn is_fitted(&self) -> bool {
                self.fitted.is_some()
            }

            fn check_loaded(&self) -> $crate::error::Result<()> {
                #[allow(unused_imports)]
                use $crate::estimator::Attribute;
                let bad = |detail: String| $crate::error::Error::BadModel { detail };
                self.check_params().map_err(|e| bad(e.to_string()))?;
                #[allow(unused_variables)]
                let Some(f) = &self.fitted else { return Ok(()) };
                #[allow(unused_mut, unused_variables)]
                let mut dims = $crate::estimator::Dims::new(|name| self.fitted_attr(name).ok());
                $( $(
                    dims.expect(stringify!($f), Attribute::shape(&f.$f), &[$(stringify!($dim)),*]).map_err(bad)?;
                )? )*
                $( ($lcheck)(self, f).map_err(bad)?; )?
                Ok(())
            }

            fn into_dyn(self) -> Box<dyn $crate::estimator::DynEstimator> {
                Box::new($crate::estimator::Dyn(self))
            }

            fn device(&self) -> Option<$crate::device::Device> {
                #[allow(unused_imports)]
                use $crate::estimator::Attribute;
                let f = self.fitted.as_ref()?;
                None $( .or_else(|| Attribute::device(&f.$f)) )* $( .or_else(|| Attribute::device(&f.$s)) )*
            }

            async fn to_device(&self, device: &$crate::device::Device) -> $crate::error::Result<Self> {
                #[allow(unused_imports)]
                use $crate::estimator::Attribute;
                let mut out = self.clone();
                if let Some(f) = &self.fitted {
                    out.fitted = Some($fty {
                        $( $f: Attribute::to_device(&f.$f, device).await?, )*
                        $( $s: Attribute::to_device(&f.$s, device).await?, )*
                    });
                }
                Ok(out)
            }

            fn fitted_attr(&self, name: &str) -> $crate::error::Result<$crate::estimator::Attr> {
                #[allow(unused_imports)]
                use $crate::estimator::Attribute;
                match name {
                    $( stringify!($f) => Ok(Attribute::value(&self.state(stringify!($f))?.$f)), )*
                    _ => Err($crate::estimator::no_attribute($name, name, Self::FITTED_ATTRS)),
                }
            }
        }

        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                $crate::estimator::repr(self, f)
            }
        }

        impl $crate::estimator::DynEstimator for $crate::estimator::Dyn<$ty> {
            $crate::estimator::dyn_common!($ty);
            $( $crate::estimator::dyn_method!($cap); )*
        }

        #[cfg(target_arch = "wasm32")]
        $crate::wasm::estimator_class!($ty, $name, [$($cap),*], [$($f),*]);
    };
}
pub(crate) use estimator;
