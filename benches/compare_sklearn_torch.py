#!/usr/bin/env python3
"""scikit-learn with array_api_dispatch on PyTorch CUDA tensors, on the data and workloads of
benches/estimators.rs (make_classification, written to target/bench-data/ by that bench), set
beside wglearn's GPU times from the same run (criterion's results in target/criterion). What
a scikit-learn user gets on the same GPU today, in float32 as wglearn's GPU path runs.

Usage: python3 benches/compare_sklearn_torch.py [--repeat R]
Prints why and exits 0 where PyTorch or a CUDA device is missing (the bundle's runner calls it
on any machine). WGLEARN_BENCH_SAMPLES sets n_samples, as for the bench.
"""
import os
import sys

from scikit_compare import ROOT, median_time, print_table

GROUPS = ["lda_fit", "lda_predict", "pca_fit", "pca_transform", "maxabs_ridge_fit", "maxabs_ridge_predict"]
N_FEATURES = 300


def main():
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: scikit-learn's array API path on CUDA is not timed")
        return
    if not torch.cuda.is_available():
        print("PyTorch has no CUDA device: scikit-learn's array API path on CUDA is not timed")
        return
    import numpy as np
    import sklearn
    from sklearn.decomposition import PCA
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MaxAbsScaler

    n = int(os.environ.get("WGLEARN_BENCH_SAMPLES", "500000"))
    base = os.path.join(ROOT, "target", "bench-data", f"classification_{n}x{N_FEATURES}")
    x = torch.from_numpy(np.fromfile(base + "_X.f64", dtype="<f8").reshape(n, N_FEATURES)).float().cuda()
    y = torch.from_numpy(np.fromfile(base + "_y.f64", dtype="<f8")).float().cuda()

    def timed(fn):
        def run():
            out = fn()
            torch.cuda.synchronize()
            return out
        return run

    with sklearn.config_context(array_api_dispatch=True):
        lda = LinearDiscriminantAnalysis().fit(x, y)
        pca = PCA(n_components=5, svd_solver="covariance_eigh").fit(x)
        pipe = make_pipeline(MaxAbsScaler(), Ridge(solver="svd")).fit(x, y)
        work = {
            "lda_fit": lambda: LinearDiscriminantAnalysis().fit(x, y),
            "lda_predict": lambda: lda.predict(x),
            "pca_fit": lambda: PCA(n_components=5, svd_solver="covariance_eigh").fit(x),
            "pca_transform": lambda: pca.transform(x),
            # Ridge's array API path supports the svd solver (not cholesky).
            "maxabs_ridge_fit": lambda: make_pipeline(MaxAbsScaler(), Ridge(solver="svd")).fit(x, y),
            "maxabs_ridge_predict": lambda: pipe.predict(x),
        }
        seconds = {}
        for g in GROUPS:
            try:
                seconds[g] = median_time(timed(work[g]), repeat)
            except Exception as e:  # a workload the array API path refuses: say which
                print(f"{g}: scikit-learn with array_api_dispatch failed: {type(e).__name__}: {e}")
                seconds[g] = float("nan")
    print(f"scikit-learn {sklearn.__version__} with array_api_dispatch, PyTorch {torch.__version__} on "
          f"{torch.cuda.get_device_name()}, X ({n}, {N_FEATURES}) float32")
    print_table(GROUPS, seconds)


if __name__ == "__main__":
    main()
