// The www/ demos in a real browser: Debian's Chromium, driven by playwright-core, on WebGPU
// (SwiftShader in CI) and the wasm CPU path. For each demo: its results appear, the two paths
// agree, nothing is logged to the console as an error, and a screenshot is saved to
// target/www-screenshots/. Run by scripts/www-test.sh, which builds www/pkg first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir, writeFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const root = new URL("../../www/", import.meta.url).pathname;
const shots = new URL("../../target/www-screenshots/", import.meta.url).pathname;
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };

let server, browser, base;

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    try {
      const body = await readFile(path.endsWith("/") ? join(path, "index.html") : path);
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--enable-unsafe-webgpu", "--no-sandbox", "--disable-dev-shm-usage"],
  });
  await mkdir(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

for (const demo of ["projections", "metrics", "kernels", "model"]) {
  test(`the ${demo} demo runs on WebGPU and the CPU path, and they agree`, async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(base + `${demo}.html`);
    await page.waitForFunction(() => document.body.dataset.done === "1", null, { timeout: 600_000 });
    await page.screenshot({ path: join(shots, `${demo}.png`), fullPage: true });
    const text = await page.locator("#paths").innerText();
    assert.deepEqual(errors, [], `${demo}: console errors`);
    assert.match(text, /webgpu: .*ms/, `${demo}: the WebGPU path ran`);
    assert.match(text, /cpu: .*ms/, `${demo}: the CPU path ran`);
    assert.equal(await page.evaluate(() => document.body.dataset.agree), "1", `${demo}: ${text}`);
    await page.close();
  });
}

test("the benchmark page times every workload on both paths and writes its figures out", async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "bench.html");
  await page.waitForFunction(() => document.body.dataset.done === "1", null, { timeout: 600_000 });
  await page.screenshot({ path: join(shots, "bench.png"), fullPage: true });
  assert.deepEqual(errors, [], "bench: console errors");
  const results = await page.evaluate(() => window.benchResults);
  for (const path of ["webgpu", "cpu"]) {
    const times = results.paths[path].times;
    assert.ok(times, `bench: ${path}: ${results.paths[path].error}`);
    assert.equal(Object.keys(times).length, 9, `bench: ${path}`);
    for (const [name, ms] of Object.entries(times)) assert.ok(ms > 0 && Number.isFinite(ms), `${path} ${name}: ${ms}`);
  }
  const out = join(shots, "..", "www-bench.json");
  await writeFile(out, JSON.stringify(results, null, 2));
  console.log(`benchmark figures written to ${out}`);
  await page.close();
});
