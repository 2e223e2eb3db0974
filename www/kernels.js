import { wg, onBothPaths, agree, report, finish, blobs, heatmap } from "./common.js";

/** The matrix shrunk to at most `size` x `size` cells by averaging blocks, for drawing. */
function shrink(values, n, size) {
  const s = Math.min(n, size), out = new Array(s * s).fill(0), counts = new Array(s * s).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const k = Math.floor((i * s) / n) * s + Math.floor((j * s) / n);
    out[k] += values[i * n + j];
    counts[k]++;
  }
  return { values: out.map((v, k) => v / counts[k]), size: s };
}

async function run() {
  const n = Number(document.getElementById("n").value), d = Number(document.getElementById("d").value);
  const { X, y } = blobs(n, d, 4, 3);
  // Rows sorted by class, so that the blocks of the heat maps are the classes.
  const order = Array.from(y.keys()).sort((a, b) => y[a] - y[b] || a - b);
  const sorted = new Float64Array(n * d);
  order.forEach((r, i) => sorted.set(X.data.subarray(r * d, (r + 1) * d), i * d));
  const Xs = { data: sorted, shape: [n, d] };
  const paths = await onBothPaths(async () => {
    const rbf = await wg.metrics.rbf_kernel(Xs, null, { gamma: 0.5 / d });
    const cos = await wg.metrics.cosine_similarity(Xs);
    return { rbf: Array.from(await rbf.toTypedArray()), cos: Array.from(await cos.toTypedArray()) };
  });
  const r = paths.webgpu?.result ?? paths.cpu.result;
  const a = shrink(r.rbf, n, 100), c = shrink(r.cos, n, 100);
  heatmap(document.getElementById("rbf"), a.values, a.size, a.size, `rbf_kernel(gamma=${(0.5 / d).toPrecision(3)}), ${n}x${n}`);
  heatmap(document.getElementById("cos"), c.values, c.size, c.size, `cosine_similarity, ${n}x${n}`);
  const w = paths.webgpu?.result, p = paths.cpu?.result;
  report(document.getElementById("paths"), paths, w && p ? agree(w.rbf, p.rbf) && agree(w.cos, p.cos) : null);
}

document.getElementById("controls").addEventListener("submit", (e) => {
  e.preventDefault();
  run().then(() => finish(), finish);
});
run().then(() => finish(), finish);
