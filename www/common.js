// What the demos share: loading the package, running a computation on WebGPU and on the wasm
// CPU path with timings, a seeded generator for the data, and canvas drawing. The demos set
// `document.body.dataset.done = "1"` when their results are on the page, and `agree` to "1"
// or "0" when the two paths agree or not (the browser test reads both).
import initWasm, * as wg from "./pkg/wglearn.js";

export { wg };

let loaded = null;
/** Loads the .wasm once. */
export function load() {
  loaded ??= initWasm();
  return loaded;
}

/**
 * Runs `compute` (an async function returning { values: number[], ...anything }) on WebGPU,
 * when the browser has it, and on the CPU path. Each runs once to warm up (pipelines
 * compile on first use), then is timed.
 */
export async function onBothPaths(compute) {
  await load();
  const out = {};
  for (const device of ["webgpu", "cpu"]) {
    let info;
    try {
      info = await wg.init({ device });
    } catch (e) {
      out[device] = { error: e.message };
      continue;
    }
    await compute();
    const start = performance.now();
    const result = await compute();
    out[device] = { info, ms: performance.now() - start, result };
  }
  return out;
}

/** Whether two lists of numbers agree within the float32 tolerance the WebGPU path has. */
export function agree(a, b, rtol = 2e-3) {
  if (a.length !== b.length) return false;
  const scale = a.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-12);
  return a.every((v, i) => Math.abs(v - b[i]) <= rtol * scale);
}

/** Writes which adapter each path ran on, its times and whether the results agree. */
export function report(element, paths, same) {
  const line = (name) => {
    const p = paths[name];
    if (!p || p.error) return `<li><b>${name}</b>: not available (${p ? p.error : "not run"})</li>`;
    const f64 = { native: "float64", emulate: "float64 emulated (df64)", downcast: "float64 as float32" }[p.info.float64];
    // Browsers do not tell a page the adapter's name; the backend says what it is.
    const adapter = p.info.name || (p.info.deviceType ? `a ${p.info.deviceType} adapter` : "an adapter");
    return `<li><b>${name}</b>: ${adapter} (${p.info.backend}, ${f64}): ${p.ms.toFixed(1)} ms</li>`;
  };
  const verdict = same === null ? "" : `<li>results ${same ? "agree" : "DIFFER"} between the two paths</li>`;
  element.innerHTML = `<ul>${line("webgpu")}${line("cpu")}${verdict}</ul>`;
  if (same !== null) document.body.dataset.agree = same ? "1" : "0";
}

/** Marks the demo as finished, or failed with a visible message. */
export function finish(error) {
  if (error) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = `Error: ${error.message ?? error}`;
    document.body.append(p);
    console.error(error);
  }
  document.body.dataset.done = "1";
}

/** A seeded uniform generator (mulberry32), so that every run draws the same data. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` samples of `d` features in `k` Gaussian classes (Box-Muller) whose centers are drawn
 * with standard deviation `spread`, as { X, y }. */
export function blobs(n, d, k, seed = 1, spread = 4) {
  const u = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const centers = Array.from({ length: k }, () => Array.from({ length: d }, () => spread * normal()));
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % k;
    for (let j = 0; j < d; j++) X[i * d + j] = centers[y[i]][j] + normal() * (1 + j / d);
  }
  return { X: { data: X, shape: [n, d] }, y };
}

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

/** A scatter plot of 2-D points (a flat [x0, y0, x1, y1, ...]) colored by class. */
export function scatter(canvas, points, classes, title) {
  const ctx = canvas.getContext("2d");
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  const xs = points.filter((_, i) => i % 2 === 0), ys = points.filter((_, i) => i % 2 === 1);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const px = (x) => 20 + ((x - x0) / (x1 - x0 || 1)) * (w - 40);
  const py = (y) => h - 20 - ((y - y0) / (y1 - y0 || 1)) * (h - 50);
  for (let i = 0; i < xs.length; i++) {
    ctx.fillStyle = PALETTE[classes[i] % PALETTE.length];
    ctx.fillRect(px(xs[i]) - 1.5, py(ys[i]) - 1.5, 3, 3);
  }
  ctx.fillStyle = "#222";
  ctx.font = "14px sans-serif";
  ctx.fillText(title, 10, 18);
}

/** A heat map of a rows x cols matrix (flat, row-major), with the values written in when few. */
export function heatmap(canvas, values, rows, cols, title) {
  const ctx = canvas.getContext("2d");
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  const lo = Math.min(...values), hi = Math.max(...values);
  const cw = (w - 20) / cols, ch = (h - 40) / rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const t = (values[r * cols + c] - lo) / (hi - lo || 1);
      ctx.fillStyle = `rgb(${Math.round(255 * t)}, ${Math.round(80 + 100 * (1 - Math.abs(2 * t - 1)))}, ${Math.round(255 * (1 - t))})`;
      ctx.fillRect(10 + c * cw, 30 + r * ch, Math.ceil(cw), Math.ceil(ch));
      if (rows * cols <= 36) {
        ctx.fillStyle = "#fff";
        ctx.font = "13px sans-serif";
        ctx.fillText(Number(values[r * cols + c].toFixed(3)).toString(), 14 + c * cw, 30 + (r + 0.55) * ch);
      }
    }
  }
  ctx.fillStyle = "#222";
  ctx.font = "14px sans-serif";
  ctx.fillText(title, 10, 18);
}

/** A curve through (xs[i], ys[i]) in the unit square, with the diagonal for reference. */
export function curve(canvas, xs, ys, title, xlabel, ylabel) {
  const ctx = canvas.getContext("2d");
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  const px = (x) => 40 + x * (w - 60), py = (y) => h - 30 - y * (h - 60);
  ctx.strokeStyle = "#bbb";
  ctx.strokeRect(px(0), py(1), px(1) - px(0), py(0) - py(1));
  ctx.beginPath();
  ctx.moveTo(px(0), py(0));
  ctx.lineTo(px(1), py(1));
  ctx.stroke();
  ctx.strokeStyle = PALETTE[0];
  ctx.lineWidth = 2;
  ctx.beginPath();
  xs.forEach((x, i) => (i ? ctx.lineTo(px(x), py(ys[i])) : ctx.moveTo(px(x), py(ys[i]))));
  ctx.stroke();
  ctx.lineWidth = 1;
  ctx.fillStyle = "#222";
  ctx.font = "14px sans-serif";
  ctx.fillText(title, 10, 18);
  ctx.font = "12px sans-serif";
  ctx.fillText(xlabel, w / 2 - 20, h - 8);
  ctx.fillText(ylabel, 2, 40);
}
