//! Classification metrics: the target checks every metric shares (`target.rs`), counting on
//! the device (`counts.rs`: confusion matrices and per-label sums), the set-wise scores
//! (`setwise.rs`: precision, recall, F-beta, Jaccard), the other scalar scores (`scores.rs`:
//! accuracy, the 0-1 and Hamming losses, balanced accuracy, kappa, Matthews), the
//! classification report (`report.rs`) and the scores of predicted probabilities
//! (`proba.rs`: log loss, Brier, and their D²).

mod counts;
mod proba;
mod report;
mod scores;
mod setwise;
mod target;

pub use counts::{
    confusion_matrix, multilabel_confusion_matrix, ConfusionMatrix, MultilabelConfusionMatrix, Normalize,
};
pub use proba::{brier_score_loss, d2_brier_score, d2_log_loss_score, log_loss, Probabilistic};
pub use report::{classification_report, ClassificationReport, ClassificationReportBuilder, ReportLine};
pub use scores::{
    accuracy_score, balanced_accuracy_score, cohen_kappa_score, hamming_loss, matthews_corrcoef, zero_one_loss,
    KappaWeights, LabelScore,
};
pub use setwise::{
    f1_score, fbeta_score, jaccard_score, outputs, precision_recall_fscore_support, precision_score, recall_score,
    Average, PerLabelScores, Prfs, PrfsPerLabel, SetWise, ZeroDivision,
};
pub use target::{type_of_target, TargetType};

pub(crate) use counts::divide_or;
pub(crate) use target::{classify, Targets};
