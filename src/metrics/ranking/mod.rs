//! Ranking metrics: the curves of a binary scoring over its thresholds (`curves.rs`: the
//! confusion counts, ROC, precision-recall and DET curves) and the areas under them
//! (`area.rs`: auc, average precision, ROC AUC); and how each sample's scores rank its labels
//! (`labels.rs`: top-k accuracy, the multilabel ranking metrics, DCG and NDCG).

mod area;
mod curves;
mod labels;

pub use area::{auc, average_precision_score, roc_auc_score, AreaScore, MultiClass, PerLabelAreas};
pub(crate) use curves::default_pos_label;
pub use curves::{
    confusion_matrix_at_thresholds, curve_outputs, det_curve, precision_recall_curve, roc_curve, Curve, DetCurve,
    PrecisionRecallCurve, RocCurve, ThresholdCounts,
};
pub use labels::{
    coverage_error, dcg_score, label_ranking_average_precision_score, label_ranking_loss, ndcg_score,
    top_k_accuracy_score, LabelRanking,
};
