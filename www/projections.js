import { wg, onBothPaths, agree, report, finish, blobs, scatter } from "./common.js";

async function run() {
  const n = Number(document.getElementById("n").value), d = Number(document.getElementById("d").value);
  const { X, y } = blobs(n, d, 3, 42);
  const paths = await onBothPaths(async () => {
    const lda = new wg.LinearDiscriminantAnalysis({ n_components: 2 });
    await lda.fit(X, y);
    const zl = await (await lda.transform(X)).toTypedArray();
    const pca = new wg.PCA({ n_components: 2 });
    const zp = await (await pca.fitTransform(X)).toTypedArray();
    return { lda: Array.from(zl), pca: Array.from(zp) };
  });
  const shown = paths.webgpu?.result ?? paths.cpu.result;
  scatter(document.getElementById("lda"), shown.lda, y, "LinearDiscriminantAnalysis(n_components=2)");
  scatter(document.getElementById("pca"), shown.pca, y, "PCA(n_components=2)");
  const both = paths.webgpu?.result && paths.cpu?.result;
  report(document.getElementById("paths"), paths, both ? agree(paths.webgpu.result.lda, paths.cpu.result.lda) && agree(paths.webgpu.result.pca, paths.cpu.result.pca) : null);
}

document.getElementById("controls").addEventListener("submit", (e) => {
  e.preventDefault();
  run().then(() => finish(), finish);
});
run().then(() => finish(), finish);
