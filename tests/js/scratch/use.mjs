// The package as a JavaScript user uses it, in Node, from the packed tarball installed in a
// scratch project (scripts/pack-test.sh): the npm README's example, with the .wasm read from
// the installed package (Node cannot fetch it by URL).
import { readFile } from "node:fs/promises";
import assert from "node:assert/strict";
import initWasm, { init, metrics, PCA, LinearDiscriminantAnalysis } from "wglearn";

await initWasm({ module_or_path: await readFile(new URL("./node_modules/wglearn/wglearn_bg.wasm", import.meta.url)) });
const device = await init({ device: "auto" });
assert.equal(device.device, "cpu"); // Node has no WebGPU: "auto" falls back to the CPU path
const X = { data: new Float64Array([1, 2, 3, 5, 4, 4, 0, 1]), shape: [4, 2] };
const lda = new LinearDiscriminantAnalysis({ solver: "svd" });
await lda.fit(X, [0, 1, 1, 0]);
const proba = await (await lda.predictProba(X)).toArray();
assert.equal(proba.length, 4);
const pca = new PCA({ n_components: 1 });
const Z = await pca.fitTransform(X);
assert.deepEqual(Z.shape, [4, 1]);
const y = [0, 1, 1, 0], pred = await lda.predict(X);
assert.equal(typeof (await metrics.f1_score(y, pred, { average: "macro" })), "number");
const { fpr, tpr } = await metrics.roc_curve(y, await lda.decisionFunction(X));
assert.deepEqual(fpr.shape, tpr.shape);
console.log("wglearn from the packed tarball: ok", device.name);
