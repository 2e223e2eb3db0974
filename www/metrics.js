import { wg, onBothPaths, agree, report, finish, blobs, heatmap, curve } from "./common.js";

async function run() {
  const n = 4000, d = 8;
  // Overlapping classes (centers close for their spread), so that the curves are curves.
  const { X, y } = blobs(n, d, 2, 7, 0.3);
  const half = n / 2;
  const train = { data: X.data.subarray(0, half * d), shape: [half, d] };
  const test = { data: X.data.subarray(half * d), shape: [n - half, d] };
  const yTrain = y.subarray(0, half), yTest = y.subarray(half);
  const paths = await onBothPaths(async () => {
    const lda = new wg.LinearDiscriminantAnalysis();
    await lda.fit(train, yTrain);
    const pred = await lda.predict(test);
    const score = await lda.decisionFunction(test);
    const cm = await wg.metrics.confusion_matrix(yTest, pred, { normalize: "true" });
    const roc = await wg.metrics.roc_curve(yTest, score);
    const pr = await wg.metrics.precision_recall_curve(yTest, score);
    const auc = await wg.metrics.roc_auc_score(yTest, score);
    const text = await wg.metrics.classification_report(yTest, pred, { digits: 3 });
    return {
      cm: Array.from(await cm.toTypedArray()),
      fpr: Array.from(await roc.fpr.toTypedArray()),
      tpr: Array.from(await roc.tpr.toTypedArray()),
      precision: Array.from(await pr.precision.toTypedArray()),
      recall: Array.from(await pr.recall.toTypedArray()),
      auc,
      text,
    };
  });
  const r = paths.webgpu?.result ?? paths.cpu.result;
  heatmap(document.getElementById("cm"), r.cm, 2, 2, "confusion_matrix(normalize='true')");
  curve(document.getElementById("roc"), r.fpr, r.tpr, `ROC curve, AUC ${r.auc.toFixed(4)}`, "fpr", "tpr");
  curve(document.getElementById("pr"), r.recall, r.precision, "precision-recall curve", "recall", "precision");
  document.getElementById("report").textContent = r.text;
  const a = paths.webgpu?.result, b = paths.cpu?.result;
  report(document.getElementById("paths"), paths, a && b ? agree(a.cm, b.cm) && agree([a.auc], [b.auc]) : null);
}

run().then(() => finish(), finish);
