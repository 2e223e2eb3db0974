// The JS API as a user meets it, on the CPU path compiled to wasm (Node has no WebGPU; the
// browser harness covers WebGPU). Run by scripts/browser-test.sh after the package is built:
//   node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import initWasm, * as wg from "../../pkg/web/wglearn.js";

await initWasm({ module_or_path: await readFile(new URL("../../pkg/web/wglearn_bg.wasm", import.meta.url)) });
const fixtures = JSON.parse(await readFile(new URL("../fixtures/estimators.json", import.meta.url), "utf8"));

/** The fixture array {shape, data} as the {data, shape} input the API takes. */
const input = (a) => ({ data: Float64Array.from(a.data), shape: a.shape });

/** |got - want| <= rtol * (|want| + max|want|), as the Rust fixture tests compare. */
function assertClose(got, want, rtol, what) {
  assert.equal(got.length, want.length, `${what}: length`);
  const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= rtol * (Math.abs(want[i]) + scale), `${what}[${i}]: got ${g}, want ${want[i]}`));
}

test("init chooses the CPU path and reports it", async () => {
  const info = await wg.init({ device: "cpu" });
  assert.equal(info.device, "cpu");
  assert.equal(info.nativeF64, true);
  assert.equal(info.float64, "native");
  assert.equal(typeof info.limits.maxBufferSize, "number");
  assert.deepEqual(wg.estimatorNames().includes("PCA"), true);
});

test("without WebGPU (Node), auto falls back to the CPU path and webgpu is a clear error", async () => {
  assert.equal((await wg.init({ device: "auto" })).device, "cpu");
  await assert.rejects(wg.init({ device: "webgpu" }), (e) => e.kind === "NoAdapter" && /no WebGPU: navigator.gpu is missing/.test(e.message));
  assert.equal(wg.deviceInfo().device, "cpu");
});

test("init refuses an unknown device or float64 policy, naming the choices", async () => {
  await assert.rejects(wg.init({ device: "tpu" }), (e) => e.kind === "InvalidParameter" && /webgpu, cpu, auto/.test(e.message));
  await assert.rejects(wg.init({ float64: "quad" }), (e) => e.kind === "InvalidParameter" && /auto, native, emulate, downcast/.test(e.message));
  assert.equal((await wg.init({ device: "cpu", float64: "downcast" })).float64, "native");
});

test("arrays come in typed or nested and go out typed or nested", async () => {
  await wg.init({ device: "cpu" });
  const a = wg.array(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  assert.deepEqual(a.shape, [2, 3]);
  assert.equal(a.dtype, "float32");
  assert.deepEqual(await a.toArray(), [[1, 2, 3], [4, 5, 6]]);
  const b = wg.array([[true, false], [false, true]]);
  assert.equal(b.dtype, "bool");
  assert.deepEqual(Array.from(await b.toTypedArray()), [1, 0, 0, 1]);
  const c = wg.array([[1.5, 2], [3, 4]]);
  assert.equal(c.dtype, "float64");
  assert.ok((await c.toTypedArray()) instanceof Float64Array);
});

test("bad arrays are clear errors", () => {
  const kindIs = (kind, pattern) => (e) => e instanceof Error && e.kind === kind && pattern.test(e.message);
  assert.throws(() => wg.array(new Float64Array(5), [2, 3]), kindIs("ShapeMismatch", /holds 5 values, but shape \[2, 3\] needs 6/));
  assert.throws(() => wg.array([[1, 2], [3]]), kindIs("ShapeMismatch", /ragged/));
  assert.throws(() => wg.array(new Float64Array(4), [65536, 65536, 2]), kindIs("ShapeTooLarge", /shape \[65536, 65536, 2\]/));
  assert.throws(() => wg.array([[1, "two"]]), kindIs("ShapeMismatch", /x\[0\]\[1\] is the string "two"/));
  assert.throws(() => wg.array([[1, true]]), kindIs("ShapeMismatch", /mixes booleans and numbers/));
});

test("every registered estimator is a class with getParams and setParams", () => {
  for (const name of wg.estimatorNames()) {
    const model = new wg[name]();
    assert.equal(typeof model.getParams(), "object", name);
    assert.equal(model.isFitted, false, name);
  }
  const pca = new wg.PCA({ n_components: 2, whiten: true });
  assert.equal(pca.getParams().n_components, 2);
  assert.equal(pca.getParams().whiten, true);
  assert.equal(pca.toString(), "PCA(n_components=2, whiten=True)");
});

test("an unknown option names the valid ones and changes nothing", () => {
  const ridge = new wg.Ridge({ alpha: 2 });
  assert.throws(() => ridge.setParams({ alpha: 3, alhpa: 4 }), (e) => e.kind === "InvalidParameter" && /has no such parameter \(it has: alpha/.test(e.message));
  assert.equal(ridge.getParams().alpha, 2);
  assert.throws(() => new wg.Ridge({ alpha: {} }), (e) => e.kind === "InvalidParameter");
});

test("PCA in the page matches scikit-learn", async () => {
  await wg.init({ device: "cpu" });
  const cases = fixtures.cases.filter((c) => c.estimator === "PCA" && !("randomized" in c.expected) && c.cond < 1e6);
  assert.ok(cases.length > 0);
  for (const c of cases) {
    const pca = new wg.PCA(c.params);
    await pca.fit(input(c.X));
    assert.equal(pca.isFitted, true);
    assertClose(Array.from(await pca.explained_variance_.toTypedArray()), c.expected.explained_variance_.data, 1e-8, "explained_variance_");
    assertClose(Array.from(await (await pca.transform(input(c.X_test))).toTypedArray()), c.expected.transform.data, 1e-8, "transform");
    if ("score" in c.expected) {
      const score = await pca.score(input(c.X_test));
      assert.ok(Math.abs(score - c.expected.score) <= 1e-8 * Math.max(1, Math.abs(c.expected.score)), `score: got ${score}, want ${c.expected.score}`);
    }
  }
});

test("LDA and Ridge fit, predict and score in the page as in scikit-learn", async () => {
  await wg.init({ device: "cpu" });
  const lda = fixtures.cases.find((c) => c.estimator === "LinearDiscriminantAnalysis");
  const model = new wg.LinearDiscriminantAnalysis(lda.params);
  await model.fit(input(lda.X), input(lda.y));
  assertClose(Array.from(await (await model.predictProba(input(lda.X_test))).toTypedArray()), lda.expected.predict_proba.data, 1e-8, "predict_proba");
  assertClose(Array.from(await (await model.predict(input(lda.X_test))).toTypedArray()), lda.expected.predict.data, 0, "predict");
  const ridgeCase = fixtures.cases.find((c) => c.estimator === "Ridge" && c.cond < 1e6);
  const ridge = new wg.Ridge(ridgeCase.params);
  await ridge.fit(input(ridgeCase.X), input(ridgeCase.y), ridgeCase.sample_weight ? input(ridgeCase.sample_weight) : undefined);
  assertClose(Array.from(await ridge.coef_.toTypedArray()), ridgeCase.expected.coef_.data, 1e-8, "coef_");
  const r2 = await ridge.score(input(ridgeCase.X_test), input(ridgeCase.y_test));
  assert.ok(Math.abs(r2 - ridgeCase.expected.score) <= 1e-8 * Math.max(1, Math.abs(ridgeCase.expected.score)));
});

test("methods before fit reject with NotFitted, and a failed fit leaves the model usable", async () => {
  await wg.init({ device: "cpu" });
  const scaler = new wg.StandardScaler();
  await assert.rejects(scaler.transform([[1, 2]]), (e) => e.kind === "NotFitted" && /is not fitted yet; call fit before StandardScaler.transform/.test(e.message));
  assert.throws(() => scaler.mean_, (e) => e.kind === "NotFitted");
  await assert.rejects(scaler.fit([[1, NaN]]), (e) => e.kind === "NonFinite");
  assert.equal(scaler.isFitted, false);
  await scaler.fit([[1, 2], [3, 6]]);
  assert.deepEqual(await scaler.mean_.toArray(), [2, 4]);
  await assert.rejects(scaler.fit([[1, Infinity]]), (e) => e.kind === "NonFinite");
  assert.deepEqual(await scaler.mean_.toArray(), [2, 4]);
  assert.deepEqual(await (await scaler.transform([[3, 6]])).toArray(), [[1, 1]]);
});

test("a saved model loads and predicts the same", async () => {
  await wg.init({ device: "cpu" });
  const pca = new wg.PCA({ n_components: 1 });
  const x = [[1, 2], [3, 5], [4, 4], [0, 1]];
  await pca.fit(x);
  const json = await pca.save();
  const loaded = await wg.PCA.load(json);
  assert.deepEqual(await (await loaded.transform(x)).toArray(), await (await pca.transform(x)).toArray());
  await assert.rejects(wg.Ridge.load(json), (e) => e.kind === "BadModel" && /holds a PCA, not a Ridge/.test(e.message));
  await assert.rejects(wg.PCA.load("{}"), (e) => e.kind === "BadModel");
});

// Models fitted here, saved, and loaded by Rust: tests/fixtures/js_models.json holds each saved
// model with the rows it was given and what it answered, and tests/check_estimator.rs loads
// them in Rust on every path. This test refits them and checks that the file still holds what
// the package gives; WGLEARN_WRITE_JS_MODELS=1 rewrites it.
test("models fitted in JS are what tests/fixtures/js_models.json holds for Rust to load", async () => {
  await wg.init({ device: "cpu" });
  const n = 60;
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 4 - 2;
  const X = { data: Float64Array.from({ length: n * 4 }, next), shape: [n, 4] };
  const y = Int32Array.from({ length: n }, (_, i) => (X.data[4 * i] + X.data[4 * i + 1] > 0 ? 1 : 0) + (X.data[4 * i + 2] > 1 ? 1 : 0));
  const target = Float64Array.from({ length: n }, (_, i) => X.data[4 * i] - 2 * X.data[4 * i + 3] + 0.1 * next());
  const models = [
    ["LinearDiscriminantAnalysis", {}, y, "predict_proba"],
    ["PCA", { n_components: 2, whiten: true }, null, "transform"],
    ["Ridge", { alpha: 0.5 }, target, "predict"],
    ["StandardScaler", {}, null, "transform"],
  ];
  // The file names methods as Rust does; JS spells them in camelCase.
  const jsName = (method) => method.replace(/_(\w)/g, (_, c) => c.toUpperCase());
  const made = { X: { shape: X.shape, data: Array.from(X.data) }, models: [] };
  for (const [name, params, labels, method] of models) {
    const model = new wg[name](params);
    await (labels ? model.fit(X, labels) : model.fit(X));
    const out = await model[jsName(method)](X);
    made.models.push({ name, method, json: await model.save(), output: { shape: out.shape, data: Array.from(await out.toTypedArray()) } });
  }
  const file = new URL("../fixtures/js_models.json", import.meta.url);
  if (process.env.WGLEARN_WRITE_JS_MODELS === "1") await writeFile(file, JSON.stringify(made) + "\n");
  const committed = JSON.parse(await readFile(file, "utf8"));
  assert.deepEqual(committed.X, made.X);
  assert.equal(committed.models.length, made.models.length);
  for (const [k, m] of made.models.entries()) {
    const c = committed.models[k];
    assert.equal(c.name, m.name);
    assertClose(m.output.data, c.output.data, 1e-12, `${m.name}.${m.method}`);
    // The committed model loads here too, and answers as it did.
    const loaded = await wg[c.name].load(c.json);
    assertClose(Array.from(await (await loaded[jsName(c.method)](X)).toTypedArray()), c.output.data, 1e-12, `loaded ${c.name}`);
  }
});

/** A fixture array as a typed input of its kind: int32 labels, bools, or float64. */
function typed(a) {
  const data = a.data.map(special);
  const kind = { int: Int32Array, bool: Uint8Array }[a.dtype] ?? Float64Array;
  return { data: kind.from(data), shape: a.shape };
}

/** JSON has no NaN or infinities: the fixtures write them as strings. */
const special = (v) => ({ nan: NaN, inf: Infinity, "-inf": -Infinity })[v] ?? v;

function closeTo(got, want, rtol) {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= rtol * Math.max(1, Math.abs(want));
}

/** A metric's answer as a list of parts, each null or a list of numbers: a number, an
 * NDArray, or an object of them (the parts of scikit-learn's tuple, in its order). */
async function answerParts(got) {
  const part = async (v) => (v === null ? null : typeof v === "number" ? [v] : Array.from(await v.toTypedArray()));
  if (typeof got === "number" || typeof got.toTypedArray === "function") return [await part(got)];
  return Promise.all(Object.values(got).map(part));
}

test("every metric of the JS namespace matches scikit-learn on its fixtures", async () => {
  await wg.init({ device: "cpu" });
  const files = [
    ["metrics", "y_pred"],
    ["classification", "y_pred"],
    ["ranking", "y_score"],
    ["label_ranking", "y_score"],
    ["cluster", "labels_pred"],
  ];
  const checked = new Set();
  for (const [file, second] of files) {
    const { cases } = JSON.parse(await readFile(new URL(`../fixtures/${file}.json`, import.meta.url), "utf8"));
    for (const c of cases) {
      const metric = wg.metrics[c.metric];
      if (typeof metric !== "function") continue;
      const options = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, special(v)]));
      if (c.sample_weight) options.sample_weight = typed(c.sample_weight);
      // Left out where it is the default (max_error, which has none) or null (the Tweedie
      // deviances, which have none either).
      if (c.multioutput != null && c.multioutput !== "uniform_average") options.multioutput = c.multioutput;
      const what = `${c.metric}(${JSON.stringify(c.params)}${c.multioutput ? ", " + JSON.stringify(c.multioutput) : ""})`;
      // The arrays, in the metric's order: entropy takes one; the clustering scores X and labels.
      const args = c.metric === "entropy" ? [c.labels_true] : c.X ? [c.X, c.labels] : [c.y_true ?? c.labels_true, c[second]];
      const call = metric(...args.map(typed), options);
      if (c.expected === null) {
        await assert.rejects(call, (e) => e instanceof Error && typeof e.kind === "string", what);
        continue;
      }
      const got = await answerParts(await call);
      const want = (Array.isArray(c.expected) ? c.expected : [c.expected]).map((p) => (p === null ? null : p.data.map(special)));
      assert.equal(got.length, want.length, `${what}: parts`);
      want.forEach((w, k) => {
        if (w === null) return assert.equal(got[k], null, `${what}: part ${k}`);
        assert.equal(got[k].length, w.length, `${what}: part ${k} length`);
        got[k].forEach((g, i) => assert.ok(closeTo(g, w[i], 1e-9), `${what}: part ${k} [${i}]: got ${g}, want ${w[i]}`));
      });
      checked.add(c.metric);
    }
  }
  // Every metric the fixtures hold but mutual_info_score_contingency (a Rust-side case) was
  // checked; classification_report has a test of its own.
  assert.equal(checked.size, 65, [...checked].sort().join(", "));
  assert.ok(checked.has("fbeta_score"));
});

test("the pairwise functions of the JS namespace match scikit-learn", async () => {
  await wg.init({ device: "cpu" });
  const { cases } = JSON.parse(await readFile(new URL("../fixtures/pairwise.json", import.meta.url), "utf8"));
  const checked = new Set();
  for (const c of cases) {
    const f = wg.metrics[c.function];
    if (typeof f !== "function") continue;
    // Norms are given as plain lists in the fixtures.
    const options = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, Array.isArray(v) ? new Float64Array(v) : special(v)]));
    const what = `${c.function}(${JSON.stringify(c.params).slice(0, 80)})`;
    if (c.function === "pairwise_distances_chunked") {
      // An async iterator, as scikit-learn's generator: a working memory of 60 bytes gives
      // one row per chunk; the chunks make up scikit-learn's matrix.
      const values = [];
      for await (const chunk of f(typed(c.X), c.Y ? typed(c.Y) : null, options)) {
        assert.deepEqual(chunk.shape, [1, c.expected[0].shape[1]], what);
        values.push(...(await chunk.toTypedArray()));
      }
      const want = c.expected[0].data.map(special);
      assert.equal(values.length, want.length, what);
      values.forEach((g, i) => assert.ok(closeTo(g, want[i], 1e-7), `${what}[${i}]: got ${g}, want ${want[i]}`));
      checked.add(c.function);
      continue;
    }
    const got = await f(typed(c.X), c.Y ? typed(c.Y) : null, options);
    // pairwise_distances_argmin_min answers [indices, distances], as scikit-learn's tuple.
    const parts = Array.isArray(got) ? got : [got];
    assert.equal(parts.length, c.expected.length, what);
    for (const [k, part] of parts.entries()) {
      const want = c.expected[k].data.map(special);
      const values = Array.from(await part.toTypedArray());
      assert.deepEqual(part.shape, c.expected[k].shape, what);
      values.forEach((g, i) => assert.ok(closeTo(g, want[i], 1e-7), `${what} part ${k} [${i}]: got ${g}, want ${want[i]}`));
    }
    checked.add(c.function);
  }
  assert.equal(checked.size, 22, [...checked].sort().join(", "));
  // next() by hand: on the CPU path each call settles at once, so calls made together give
  // the chunks in order (on a GPU, a call made before the previous one settled is refused).
  const chunks = wg.metrics.pairwise_distances_chunked([[0, 1], [2, 3], [4, 5]], null, { working_memory: 1e-5 });
  const [first, second] = await Promise.all([chunks.next(), chunks.next()]);
  assert.deepEqual(await first.value.toArray(), [[0, Math.sqrt(8), Math.sqrt(32)]]);
  assert.deepEqual(await second.value.toArray(), [[Math.sqrt(8), 0, Math.sqrt(8)]]);
  assert.equal((await chunks.next()).done, false);
  assert.deepEqual(await chunks.next(), { done: true, value: undefined });
  await assert.rejects(
    async () => wg.metrics.pairwise_distances_chunked([[0, 1]], null, { working_memory: 1, metric: "rbf" }),
    (e) => e.kind === "InvalidParameter" && /metric/.test(e.message),
  );
});

test("arguments scikit-learn takes after the arrays are options: metric, beta and a kernel's parameters", async () => {
  await wg.init({ device: "cpu" });
  const X = { data: new Float64Array([0, 1, 2, 3, 4, 5, 1, 1, 0]), shape: [3, 3] };
  const values = async (p) => Array.from(await (await p).toTypedArray());
  // pairwise_kernels passes gamma on to the kernel, as scikit-learn's **kwds.
  assert.deepEqual(
    await values(wg.metrics.pairwise_kernels(X, null, { metric: "rbf", gamma: 0.25 })),
    await values(wg.metrics.rbf_kernel(X, null, { gamma: 0.25 })),
  );
  assert.deepEqual(
    await values(wg.metrics.pairwise_kernels(X, X, { metric: "poly", degree: 2, coef0: 0 })),
    await values(wg.metrics.polynomial_kernel(X, X, { degree: 2, coef0: 0 })),
  );
  // linear by default, euclidean by default.
  assert.deepEqual(await values(wg.metrics.pairwise_kernels(X)), await values(wg.metrics.linear_kernel(X)));
  assert.deepEqual(await values(wg.metrics.pairwise_distances(X)), await values(wg.metrics.euclidean_distances(X)));
  // A parameter the kernel does not take, an unknown metric, and a missing beta are refused.
  const refused = (name, text) => (e) => e.kind === "InvalidParameter" && e.message.includes(name) && e.message.includes(text);
  await assert.rejects(wg.metrics.pairwise_kernels(X, null, { metric: "linear", gamma: 1 }), refused("gamma", "takes no gamma"));
  await assert.rejects(wg.metrics.pairwise_distances(X, null, { metric: "minkowski" }), refused("metric", "pairwise_distances: the distances are euclidean"));
  await assert.rejects(wg.metrics.fbeta_score([0, 1, 1], [0, 1, 0]), refused("beta", "fbeta_score requires beta"));
  await assert.rejects(wg.metrics.fbeta_score([0, 1, 1], [0, 1, 0], { beta: 1, bta: 2 }), refused("bta", "'beta'"));
  // beta = 1 is f1.
  assert.equal(await wg.metrics.fbeta_score([0, 1, 1, 0], [0, 1, 0, 0], { beta: 1 }), await wg.metrics.f1_score([0, 1, 1, 0], [0, 1, 0, 0]));
});

test("classification_report gives scikit-learn's text, or its dict", async () => {
  await wg.init({ device: "cpu" });
  const { reports } = JSON.parse(await readFile(new URL("../fixtures/classification.json", import.meta.url), "utf8"));
  for (const r of reports) {
    const options = Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, special(v)]));
    if (r.sample_weight) options.sample_weight = typed(r.sample_weight);
    const what = `classification_report(${JSON.stringify(r.params)})`;
    assert.equal(await wg.metrics.classification_report(typed(r.y_true), typed(r.y_pred), options), r.text, what);
    const dict = await wg.metrics.classification_report(typed(r.y_true), typed(r.y_pred), { ...options, output_dict: true });
    assert.deepEqual(Object.keys(dict), Object.keys(r.dict), what);
    for (const [name, want] of Object.entries(r.dict)) {
      if (typeof want === "number") assert.ok(closeTo(dict[name], want, 1e-12), `${what}: ${name}`);
      else for (const [k, v] of Object.entries(want)) assert.ok(closeTo(dict[name][k], special(v), 1e-12), `${what}: ${name} ${k}`);
    }
  }
});

test("metric options are scikit-learn's, and a wrong one names the valid ones", async () => {
  await wg.init({ device: "cpu" });
  const y = [[1, 2], [2, 4], [3, 7]];
  const p = [[1, 2.5], [2, 3], [3, 7]];
  const raw = await wg.metrics.r2_score(y, p, { multioutput: "raw_values" });
  assert.deepEqual(raw.shape, [2]);
  assert.equal((await raw.toArray())[0], 1);
  const weighted = await wg.metrics.r2_score(y, p, { multioutput: [0, 1] });
  assert.equal(weighted, (await raw.toArray())[1]);
  await assert.rejects(
    wg.metrics.mean_pinball_loss(y, p, { alpa: 0.3 }),
    (e) => e.kind === "InvalidParameter" && /mean_pinball_loss takes the options 'sample_weight', 'multioutput', 'alpha'/.test(e.message),
  );
  await assert.rejects(wg.metrics.rand_score([0, 1], [1, 0], { beta: 2 }), (e) => e.kind === "InvalidParameter" && /rand_score takes no options/.test(e.message));
  await assert.rejects(wg.metrics.cohen_kappa_score([0, 1], [1, 0], { weights: "cubic" }), (e) => e.kind === "InvalidParameter" && /'linear', 'quadratic'/.test(e.message));
  await assert.rejects(wg.metrics.accuracy_score([0, 1], [1, 0], { normalize: "yes" }), (e) => e.kind === "InvalidParameter" && /expected a boolean/.test(e.message));
  await assert.rejects(wg.metrics.accuracy_score([0, 1, 1], [1, 0]), (e) => e.kind === "ShapeMismatch" && /inconsistent numbers of samples/.test(e.message));
  assert.equal(await wg.metrics.accuracy_score([0, 1, 1], [1, 1, 1], { normalize: false, sample_weight: new Float64Array([1, 2, 3]) }), 5);
});
