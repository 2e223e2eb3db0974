import { wg, load, finish, blobs } from "./common.js";

/** The median time in ms of `reps` runs of `f` after one warm-up run. */
async function time(f, reps) {
  await f();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await f();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}

/** Each workload: a name and an async function of the data, which reads its answer back. */
function workloads(X, y, yReg, score) {
  const read = async (a) => (typeof a === "number" ? a : a.toTypedArray());
  const lda = new wg.LinearDiscriminantAnalysis(), pca = new wg.PCA({ n_components: 8 }), ridge = new wg.Ridge({ alpha: 1 });
  return [
    ["LDA fit", () => lda.fit(X, y)],
    ["LDA predict", async () => read(await lda.predict(X))],
    ["PCA fit", () => pca.fit(X)],
    ["PCA transform", async () => read(await pca.transform(X))],
    ["Ridge fit", () => ridge.fit(X, yReg)],
    ["Ridge predict", async () => read(await ridge.predict(X))],
    ["accuracy_score", async () => wg.metrics.accuracy_score(y, y)],
    ["roc_auc_score", async () => wg.metrics.roc_auc_score(score.labels, score.values)],
    ["r2_score", async () => wg.metrics.r2_score(yReg, score.values)],
  ];
}

async function run() {
  await load();
  const n = Number(document.getElementById("n").value), d = Number(document.getElementById("d").value);
  const reps = Number(document.getElementById("reps").value);
  const { X, y } = blobs(n, d, 3, 5);
  const yReg = Float64Array.from({ length: n }, (_, i) => X.data[i * d] * 2 - X.data[i * d + 1] + 0.1 * (i % 7));
  const score = { labels: Int32Array.from(y, (v) => (v === 0 ? 1 : 0)), values: Float64Array.from({ length: n }, (_, i) => X.data[i * d + 2]) };
  const results = { n, d, reps, paths: {} };
  for (const device of ["webgpu", "cpu"]) {
    try {
      const info = await wg.init({ device });
      // Arrays made on this path, so that the inputs are where the work is.
      const Xd = wg.array(X.data, X.shape), yd = wg.array(y), yr = wg.array(yReg);
      const s = { labels: wg.array(score.labels), values: wg.array(score.values) };
      const times = {};
      for (const [name, f] of workloads(Xd, yd, yr, s)) times[name] = await time(f, reps);
      results.paths[device] = { adapter: info.name || info.backend, float64: info.float64, times };
    } catch (e) {
      results.paths[device] = { error: e.message };
    }
  }
  const names = Object.keys(results.paths.cpu.times ?? {});
  const cell = (p, name) => (p?.times ? p.times[name].toFixed(1) : "-");
  const gpu = results.paths.webgpu, cpu = results.paths.cpu;
  document.getElementById("paths").textContent =
    `${n} x ${d} float64; WebGPU: ${gpu.error ?? gpu.adapter}; CPU: ${cpu.adapter}`;
  document.getElementById("results").innerHTML =
    "<tr><th>workload</th><th>WebGPU ms</th><th>wasm CPU ms</th><th>CPU / WebGPU</th></tr>" +
    names.map((m) => `<tr><td>${m}</td><td>${cell(gpu, m)}</td><td>${cell(cpu, m)}</td><td>${gpu?.times ? (cpu.times[m] / gpu.times[m]).toFixed(2) : "-"}</td></tr>`).join("");
  window.benchResults = results;
}

document.getElementById("controls").addEventListener("submit", (e) => {
  e.preventDefault();
  run().then(() => finish(), finish);
});
run().then(() => finish(), finish);
