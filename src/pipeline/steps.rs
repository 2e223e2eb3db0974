//! A named list of estimators, what Pipeline and FeatureUnion are made of: their parameters as
//! `step__param`, replacing a whole step, moving to a device, and the model JSON.

use crate::device::Device;
use crate::error::{Error, Result};
use crate::estimator::{unknown_param, DynEstimator, EstimatorParam, ParamValue, Params};

/// One step: an estimator, or a placeholder that passes X through or drops it.
pub enum Step {
    Estimator(Box<dyn DynEstimator>),
    /// scikit-learn's "passthrough" (or None): X unchanged.
    Passthrough,
    /// FeatureUnion's "drop": no columns from this step.
    Drop,
}

impl Clone for Step {
    fn clone(&self) -> Self {
        match self {
            Step::Estimator(e) => Step::Estimator(e.clone_box()),
            Step::Passthrough => Step::Passthrough,
            Step::Drop => Step::Drop,
        }
    }
}

impl Step {
    /// The step as scikit-learn's repr writes it.
    fn repr(&self) -> String {
        match self {
            Step::Estimator(e) => e.repr(),
            Step::Passthrough => "'passthrough'".into(),
            Step::Drop => "'drop'".into(),
        }
    }

    fn value(&self) -> ParamValue {
        match self {
            Step::Estimator(e) => ParamValue::Estimator(EstimatorParam(e.clone_box())),
            Step::Passthrough => ParamValue::Str("passthrough".into()),
            Step::Drop => ParamValue::Str("drop".into()),
        }
    }
}

impl<E: crate::estimator::Estimator> From<E> for Step {
    fn from(e: E) -> Self {
        Step::Estimator(e.into_dyn())
    }
}

impl From<Box<dyn DynEstimator>> for Step {
    fn from(e: Box<dyn DynEstimator>) -> Self {
        Step::Estimator(e)
    }
}

/// The named steps of a composite estimator (`owner` is its class name, for messages).
#[derive(Clone)]
pub struct Steps {
    pub owner: &'static str,
    pub steps: Vec<(String, Step)>,
    /// Whether "drop" is a valid step (FeatureUnion) or not (Pipeline).
    pub droppable: bool,
}

impl Steps {
    /// Names must be unique, non-empty and free of "__" (which separates a step from its
    /// parameter), as scikit-learn requires.
    pub fn check(&self) -> Result<()> {
        if self.steps.is_empty() {
            return Err(Error::InvalidParameter {
                name: "steps",
                value: "[]".into(),
                reason: format!("{} has no steps; give it at least one estimator", self.owner),
            });
        }
        for (i, (name, _)) in self.steps.iter().enumerate() {
            let reason = if name.is_empty() || name.contains("__") {
                "step names must be non-empty and must not contain '__'"
            } else if self.steps[..i].iter().any(|(n, _)| n == name) {
                "step names must be unique"
            } else if name == "steps" || name == "transformer_list" {
                "a step name must not be a parameter of the composite itself"
            } else {
                continue;
            };
            return Err(Error::InvalidParameter {
                name: "steps",
                value: format!("'{name}'"),
                reason: format!("{}: {reason}", self.owner),
            });
        }
        Ok(())
    }

    /// `[('name', Repr()), ...]`.
    pub fn repr(&self) -> String {
        let parts: Vec<String> = self.steps.iter().map(|(n, s)| format!("('{n}', {})", s.repr())).collect();
        format!("[{}]", parts.join(", "))
    }

    /// Each step by name, and each step's parameters as `step__param` (scikit-learn's deep
    /// get_params).
    pub fn get_params(&self) -> Params {
        let mut out = Params::new();
        for (name, step) in &self.steps {
            out.insert(name.clone(), step.value());
            if let Step::Estimator(e) = step {
                for (k, v) in e.get_params() {
                    out.insert(format!("{name}__{k}"), v);
                }
            }
        }
        out
    }

    /// `step__param` sets a step's parameter (nested composites recurse); `step` alone
    /// replaces the step with an estimator, "passthrough" or None (and "drop" where allowed).
    /// An unknown name is an error listing every name the composite has.
    pub fn set_param(&mut self, name: &str, value: ParamValue) -> Result<()> {
        match self.set_known(name, value) {
            Some(r) => r,
            None => {
                let known: Vec<String> = self.get_params().into_keys().collect();
                Err(unknown_param(self.owner, name, &known.iter().map(String::as_str).collect::<Vec<_>>()))
            }
        }
    }

    /// `set_param`, or None where no step (or no parameter of the step) has that name.
    fn set_known(&mut self, name: &str, value: ParamValue) -> Option<Result<()>> {
        let (step_name, rest) = match name.split_once("__") {
            Some((s, r)) => (s, Some(r)),
            None => (name, None),
        };
        let (owner, droppable) = (self.owner, self.droppable);
        let step = &mut self.steps.iter_mut().find(|(n, _)| n == step_name)?.1;
        Some(match rest {
            Some(param) => match step {
                Step::Estimator(e) => match e.set_param(param, value) {
                    Err(Error::InvalidParameter { name: "name", .. }) => return None,
                    r => r,
                },
                _ => Err(Error::InvalidParameter {
                    name: "name",
                    value: format!("'{name}'"),
                    reason: format!("{owner}: step '{step_name}' is {}, which has no parameters", step.repr()),
                }),
            },
            None => {
                *step = match value {
                    ParamValue::Estimator(EstimatorParam(e)) => Step::Estimator(e),
                    ParamValue::None => Step::Passthrough,
                    ParamValue::Str(s) if s == "passthrough" => Step::Passthrough,
                    ParamValue::Str(s) if s == "drop" && droppable => Step::Drop,
                    v => {
                        return Some(Err(Error::InvalidParameter {
                            name: "name",
                            value: format!("{step_name} = {v}"),
                            reason: format!(
                                "{owner}: a step is replaced by an estimator, 'passthrough' or None{}",
                                if droppable { " or 'drop'" } else { "" }
                            ),
                        }))
                    }
                };
                Ok(())
            }
        })
    }

    /// The estimators, in order.
    pub fn estimators(&self) -> impl Iterator<Item = &dyn DynEstimator> {
        self.steps.iter().filter_map(|(_, s)| match s {
            Step::Estimator(e) => Some(e.as_ref()),
            _ => None,
        })
    }

    /// The step named `name`.
    pub fn get(&self, name: &str) -> Option<&Step> {
        self.steps.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    /// Where the fitted steps live.
    pub fn device(&self) -> Option<Device> {
        self.estimators().find_map(|e| e.device())
    }

    pub async fn to_device(&self, device: &Device) -> Result<Steps> {
        let mut out = Vec::with_capacity(self.steps.len());
        for (name, step) in &self.steps {
            out.push((
                name.clone(),
                match step {
                    Step::Estimator(e) => Step::Estimator(e.to_device(device).await?),
                    s => s.clone(),
                },
            ));
        }
        Ok(Steps { steps: out, ..*self })
    }

    /// `{"estimator": owner, "model": {"steps": [[name, step], ...]}}`, each step the JSON of
    /// [`DynEstimator::to_json`] or its placeholder's name.
    pub fn to_json(&self) -> Result<String> {
        let bad = |e: serde_json::Error| Error::BadModel { detail: format!("{}: {e}", self.owner) };
        let mut steps = Vec::with_capacity(self.steps.len());
        for (name, step) in &self.steps {
            let value = match step {
                Step::Estimator(e) => serde_json::from_str(&e.to_json()?).map_err(bad)?,
                Step::Passthrough => serde_json::Value::from("passthrough"),
                Step::Drop => serde_json::Value::from("drop"),
            };
            steps.push(serde_json::json!([name, value]));
        }
        let value = serde_json::json!({ "estimator": self.owner, "model": { "steps": steps } });
        serde_json::to_string(&value).map_err(bad)
    }

    /// The steps of a model written by [`Self::to_json`], each checked as it loads.
    pub fn from_value(owner: &'static str, droppable: bool, model: serde_json::Value) -> Result<Steps> {
        let bad = |detail: String| Error::BadModel { detail: format!("{owner}: {detail}") };
        let list = model.get("steps").and_then(|s| s.as_array()).ok_or_else(|| bad("no \"steps\" list".into()))?;
        let mut steps = Vec::with_capacity(list.len());
        for item in list {
            let (Some(name), Some(value)) = (item.get(0).and_then(|n| n.as_str()), item.get(1)) else {
                return Err(bad(format!("a step is not a [name, model] pair: {item}")));
            };
            let step = match value.as_str() {
                Some("passthrough") => Step::Passthrough,
                Some("drop") if droppable => Step::Drop,
                _ => Step::Estimator(crate::estimator::from_json(&value.to_string())?),
            };
            steps.push((name.to_string(), step));
        }
        let steps = Steps { owner, steps, droppable };
        steps.check().map_err(|e| bad(e.to_string()))?;
        Ok(steps)
    }

    /// Lowercased class names, numbered where they repeat: scikit-learn's `_name_estimators`
    /// (`make_pipeline(StandardScaler(), StandardScaler())` names them standardscaler-1 and -2).
    pub fn named(owner: &'static str, droppable: bool, estimators: Vec<Step>) -> Steps {
        let base: Vec<String> = estimators
            .iter()
            .map(|s| match s {
                Step::Estimator(e) => e.name().to_lowercase(),
                Step::Passthrough => "passthrough".into(),
                Step::Drop => "drop".into(),
            })
            .collect();
        let mut seen = std::collections::HashMap::<&str, usize>::new();
        let names: Vec<String> = base
            .iter()
            .map(|b| {
                let total = base.iter().filter(|o| *o == b).count();
                if total == 1 {
                    return b.clone();
                }
                let k = seen.entry(b).or_insert(0);
                *k += 1;
                format!("{b}-{k}")
            })
            .collect();
        Steps { owner, steps: names.into_iter().zip(estimators).collect(), droppable }
    }
}
