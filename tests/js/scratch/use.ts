// The package as a TypeScript user writes against it: type-checked (tsc --strict) in a scratch
// project that installed the packed tarball (scripts/pack-test.sh), never run.
import initWasm, { init, metrics, PCA, LinearDiscriminantAnalysis, NDArray, DeviceInfo } from "wglearn";

export async function main(wasm: BufferSource): Promise<number> {
  await initWasm({ module_or_path: wasm });
  const device: DeviceInfo = await init({ device: "auto" });
  const X = { data: new Float64Array([1, 2, 3, 5, 4, 4, 0, 1]), shape: [4, 2] };
  const y = [0, 1, 1, 0];
  const lda = new LinearDiscriminantAnalysis({ solver: "svd" });
  await lda.fit(X, y);
  const pred: NDArray = await lda.predict(X);
  const f1: number | NDArray = await metrics.f1_score(y, pred, { average: "macro" });
  const curve = await metrics.roc_curve(y, await lda.decisionFunction(X));
  const fpr: Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array = await curve.fpr.toTypedArray();
  const report: string | Record<string, unknown> = await metrics.classification_report(y, pred);
  const pca = new PCA({ n_components: 1 });
  const Z: NDArray = await pca.fitTransform(X);
  let rows = 0;
  for await (const chunk of metrics.pairwise_distances_chunked(X, null, { metric: "manhattan", working_memory: 1 })) {
    rows += chunk.shape[0];
  }
  const [nearest, distance]: NDArray[] = await metrics.pairwise_distances_argmin_min(X, X);
  console.log(device.device, f1, fpr.length, typeof report, Z.shape, rows, nearest.shape, distance.dtype);
  return Z.shape[0];
}
