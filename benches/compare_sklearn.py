#!/usr/bin/env python3
"""Runs `cargo bench --bench estimators`, then times scikit-learn (NumPy) on the same data in the
same run and prints the ratio scikit-learn time / wglearn time for every benchmark (above 1:
wglearn is faster). The bench writes its make_classification data to target/bench-data/, so
both sides fit exactly the same numbers.

Usage: python3 benches/compare_sklearn.py [--no-cargo] [--repeat R] [criterion args...]
  --no-cargo   reuse the criterion results already in target/criterion
  --repeat R   scikit-learn runs per benchmark, the median is reported (default 3)
  other args go to criterion, e.g. `--quick` (one run of each long benchmark) or `cpu`.
WGLEARN_BENCH_SAMPLES sets n_samples for both sides (default 500000). Installs scikit-learn
from PyPI if missing.
"""
import os
import subprocess
import sys

try:
    import sklearn
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "scikit-learn"])
    import sklearn
import numpy as np
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MaxAbsScaler

from scikit_compare import ROOT, median_time, print_table, run

N_FEATURES = 300
GROUPS = ["lda_fit", "lda_predict", "pca_fit", "pca_transform", "maxabs_ridge_fit", "maxabs_ridge_predict"]


def load(n):
    base = os.path.join(ROOT, "target", "bench-data", f"classification_{n}x{N_FEATURES}")
    x = np.fromfile(base + "_X.f64", dtype="<f8").reshape(n, N_FEATURES)
    y = np.fromfile(base + "_y.f64", dtype="<f8")
    return x, y


def sklearn_times(x, y, repeat):
    def scaled_ridge_fit():
        return make_pipeline(MaxAbsScaler(), Ridge()).fit(x, y)

    lda = LinearDiscriminantAnalysis().fit(x, y)
    pca = PCA(n_components=5, svd_solver="covariance_eigh").fit(x)
    pipe = scaled_ridge_fit()
    work = {
        "lda_fit": lambda: LinearDiscriminantAnalysis().fit(x, y),
        "lda_predict": lambda: lda.predict(x),
        "pca_fit": lambda: PCA(n_components=5, svd_solver="covariance_eigh").fit(x),
        "pca_transform": lambda: pca.transform(x),
        "maxabs_ridge_fit": scaled_ridge_fit,
        "maxabs_ridge_predict": lambda: pipe.predict(x),
    }
    return {g: median_time(work[g], repeat) for g in GROUPS}


def main():
    repeat = run("estimators", sys.argv[1:])
    n = int(os.environ.get("WGLEARN_BENCH_SAMPLES", "500000"))
    x, y = load(n)
    print(f"scikit-learn {sklearn.__version__}, NumPy {np.__version__}, {os.cpu_count()} CPUs, X {x.shape} float64")
    print(f"CPU: {cpu_model()}")
    print_table(GROUPS, sklearn_times(x, y, repeat))
    # The physical limits of these workloads on this machine: the Gram product (what a fit
    # cannot avoid) and one pass over X (what a predict cannot avoid), with NumPy's BLAS.
    w = np.ones(x.shape[1])
    print(f"limits (NumPy's BLAS, this run): X^T X {median_time(lambda: x.T @ x, repeat):.3f} s, "
          f"X w {median_time(lambda: x @ w, repeat):.3f} s")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return "unknown"


if __name__ == "__main__":
    main()
