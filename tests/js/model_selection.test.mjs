// Model selection through the JS API, against scikit-learn's answers
// (tests/fixtures/model_selection.json): a GridSearchCV over makePipeline([MaxAbsScaler,
// Ridge]) with its progress callback, crossValidate, trainTestSplit, and the errors a page
// meets. On the CPU path compiled to wasm; the browser suite covers WebGPU.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import initWasm, * as wg from "../../pkg/web/wglearn.js";

await initWasm({ module_or_path: await readFile(new URL("../../pkg/web/wglearn_bg.wasm", import.meta.url)) });
const fixtures = JSON.parse(await readFile(new URL("../fixtures/model_selection.json", import.meta.url), "utf8"));
const input = (a) => ({ data: Float64Array.from(a.data), shape: a.shape });

function assertClose(got, want, rtol, what) {
  assert.equal(got.length, want.length, `${what}: length`);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= rtol * Math.max(1, Math.abs(want[i])), `${what}[${i}]: got ${g}, want ${want[i]}`));
}

test("GridSearchCV over a pipeline matches scikit-learn and reports progress", async () => {
  await wg.init({ device: "cpu" });
  const c = fixtures.searches.find((s) => s.pipeline === "maxabsscaler+ridge" && s.scoring === null);
  const { X, y } = fixtures.regression;
  const pipe = wg.makePipeline([new wg.MaxAbsScaler(), new wg.Ridge()]);
  assert.equal(pipe.toString(), "Pipeline(steps=[('maxabsscaler', MaxAbsScaler()), ('ridge', Ridge())])");
  assert.equal(pipe.getParams().ridge__alpha, 1);
  const search = new wg.GridSearchCV(pipe, c.grid, { cv: 5 });
  const seen = [];
  await search.fit(input(X), input(y), (p) => seen.push(p));
  assert.equal(seen.length, c.grid.ridge__alpha.length * 5);
  assert.deepEqual(seen.at(-1).done, seen.at(-1).total);
  const results = search.cvResults;
  assert.deepEqual(Object.keys(results), c.columns);
  assertClose(results.mean_test_score, c.cv_results.mean_test_score, 1e-8, "mean_test_score");
  assert.deepEqual(results.rank_test_score, c.cv_results.rank_test_score);
  assert.equal(search.bestParams.ridge__alpha, c.best_params.ridge__alpha);
  assert.equal(search.bestIndex, c.best_index);
  assertClose([search.bestScore], [c.best_score], 1e-8, "best_score");
  const pred = await search.predict(input(X));
  assertClose(Array.from(await pred.toTypedArray()), c.best_predict.data, 1e-7, "predict");
  assert.match(search.cvResultsCsv(), /^mean_fit_time,std_fit_time,/);
});

test("crossValidate and trainTestSplit", async () => {
  await wg.init({ device: "cpu" });
  const { X, y } = fixtures.classification;
  const pipe = wg.makePipeline([new wg.StandardScaler(), new wg.LinearDiscriminantAnalysis()]);
  const out = await wg.crossValidate(pipe, input(X), input(y), { cv: { splitter: "KFold", nSplits: 4 }, scoring: ["accuracy", "neg_log_loss", "f1_macro"], returnTrainScore: true });
  for (const [key, want] of Object.entries(fixtures.cross_validate)) assertClose(out[key], want, 1e-8, key);
  assert.equal(out.fit_time.length, 4);
  const [xtr, xte, ytr, yte] = await wg.trainTestSplit([input(X), input(y)], { testSize: 0.25, randomState: 0 });
  assert.deepEqual([xtr.shape, xte.shape, ytr.shape, yte.shape], [[45, 5], [15, 5], [45], [15]]);
});

test("model selection errors name the problem", async () => {
  await wg.init({ device: "cpu" });
  const { X, y } = fixtures.regression;
  const pipe = wg.makePipeline([new wg.MaxAbsScaler(), new wg.Ridge()]);
  const bad = new wg.GridSearchCV(pipe, { ridge__alpah: [1] }, { cv: 3 });
  await assert.rejects(bad.fit(input(X), input(y)), (e) => e.kind === "InvalidParameter" && /ridge__alpha/.test(e.message));
  assert.throws(() => new wg.GridSearchCV({}, { a: [1] }), (e) => e.kind === "InvalidParameter" && /wglearn estimator/.test(e.message));
  assert.throws(() => new wg.GridSearchCV(pipe, { ridge__alpha: [1] }, { folds: 3 }), (e) => /cv, scoring/.test(e.message));
  assert.throws(() => new wg.GridSearchCV(pipe, { ridge__alpha: [1] }).bestParams, (e) => e.kind === "NotFitted");
  assert.throws(() => new wg.GridSearchCV(pipe, { ridge__alpha: [1] }, { cv: { splitter: "GroupKFold" } }), (e) => /the splitters are KFold/.test(e.message));
  await assert.rejects(wg.trainTestSplit([input(X)], { testSize: 1.5 }), (e) => e.kind === "InvalidParameter" && /test_size/.test(e.message));
  // A step replaced through setParams with another estimator object.
  pipe.setParams({ maxabsscaler: new wg.StandardScaler() });
  assert.match(pipe.toString(), /StandardScaler\(\)/);
});
