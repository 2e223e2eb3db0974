import { wg, onBothPaths, agree, report, finish, heatmap } from "./common.js";

async function run() {
  const [json, test] = await Promise.all([
    fetch("models/lda.json").then((r) => r.text()),
    fetch("models/lda_test.json").then((r) => r.json()),
  ]);
  const X = { data: Float64Array.from(test.X.data), shape: test.X.shape };
  const paths = await onBothPaths(async () => {
    const lda = await wg.LinearDiscriminantAnalysis.load(json);
    const predict = Array.from(await (await lda.predict(X)).toTypedArray());
    const proba = Array.from(await (await lda.predictProba(X)).toTypedArray());
    return { predict, proba };
  });
  const [rows, classes] = test.predict_proba.shape;
  const verdicts = [];
  let same = true;
  for (const name of ["webgpu", "cpu"]) {
    const r = paths[name]?.result;
    if (!r) continue;
    const labels = r.predict.every((v, i) => v === test.predict[i]);
    const proba = agree(r.proba, test.predict_proba.data);
    same &&= labels && proba;
    verdicts.push(`${name}: ${labels ? "the same" : "DIFFERENT"} labels as Rust for all ${rows} rows; probabilities ${proba ? "agree" : "DIFFER"}`);
  }
  document.getElementById("verdict").textContent = verdicts.join(". ");
  const shown = (paths.webgpu?.result ?? paths.cpu.result).proba;
  // Transposed: one row per class, one column per test row.
  const t = Array.from({ length: classes * rows }, (_, k) => shown[(k % rows) * classes + Math.floor(k / rows)]);
  heatmap(document.getElementById("proba"), t, classes, rows, "predict_proba of the held-out rows (one row per class)");
  report(document.getElementById("paths"), paths, same);
}

run().then(() => finish(), finish);
