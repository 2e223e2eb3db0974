//! Classification metrics: the target checks every metric shares (`target.rs`), counting on
//! the device (`counts.rs`: confusion matrices and per-label sums), the set-wise scores
//! (`setwise.rs`: precision, recall, F-beta, Jaccard) and accuracy (`accuracy.rs`).

mod accuracy;
mod counts;
mod setwise;
mod target;

pub use accuracy::{accuracy_score, AccuracyScore};
pub use counts::{
    confusion_matrix, multilabel_confusion_matrix, ConfusionMatrix, MultilabelConfusionMatrix, Normalize,
};
pub use setwise::{
    f1_score, fbeta_score, jaccard_score, outputs, precision_recall_fscore_support, precision_score, recall_score,
    Average, PerLabelScores, Prfs, PrfsPerLabel, SetWise, ZeroDivision,
};
pub use target::{type_of_target, TargetType};
