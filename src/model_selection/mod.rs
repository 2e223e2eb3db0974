//! Model selection, as scikit-learn's `sklearn.model_selection`: splitters, `train_test_split`,
//! cross-validation and the hyperparameter searches. Written once against the ops and the
//! estimator contract: folds are host index lists whose rows are gathered on the data's device,
//! so X is never copied to the host between folds.

mod labels;
mod predict;
mod search;
mod shuffle;
mod split;
mod validation;

pub use predict::{cross_val_predict, PredictMethod};
pub use search::{
    Column, CvResults, Distribution, GridSearchCV, HalvingGridSearchCV, HalvingRandomSearchCV, MinResources,
    NCandidates, ParamDistributions, ParamGrid, Progress, ProgressFn, RandomizedSearchCV, Refit, Resource, SearchCV,
};
pub use shuffle::{
    check_consistent_length, train_test_split, validate_shuffle_split, ShuffleSplit, Size, StratifiedShuffleSplit,
    TrainTestSplit,
};
pub use split::{
    CrossValidator, Fold, GroupKFold, KFold, LeaveOneOut, RepeatedKFold, RepeatedStratifiedKFold, Split,
    StratifiedKFold, Uses,
};
pub use validation::{
    cross_val_score, cross_validate, learning_curve, validation_curve, CrossValidate, CrossValidation, Cv, ErrorScore,
    LearningCurve, Scoring,
};

use crate::array::Array;
use crate::error::{Error, Result};

/// The number of samples (rows) of X; a 0-d array has none to split.
fn num_samples(x: &Array, op: &'static str) -> Result<usize> {
    match x.shape().first() {
        Some(&n) => Ok(n),
        None => Err(Error::ShapeMismatch { op, detail: "X is a 0-d array, which has no samples to split".into() }),
    }
}
