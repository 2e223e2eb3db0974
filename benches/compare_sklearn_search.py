#!/usr/bin/env python3
"""Runs `cargo bench --bench model_selection`, then times scikit-learn's GridSearchCV on the
same data in the same run, with n_jobs=1 and with n_jobs=2, and prints the ratio
scikit-learn time / wglearn time for both searches (above 1: wglearn is faster). The bench
writes its make_classification data to target/bench-data/search_*.f64.

Usage: python3 benches/compare_sklearn_search.py [--no-cargo] [--repeat R] [criterion args...]
  --no-cargo   reuse the criterion results already in target/criterion
  --repeat R   scikit-learn runs per search, the median is reported (default 3)
  other args go to criterion, e.g. `cpu`.
WGLEARN_BENCH_SAMPLES sets n_samples for both sides (default 200000). Installs scikit-learn
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
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MaxAbsScaler, StandardScaler

from scikit_compare import ROOT, median_time, print_table, run

N_FEATURES = 300
GROUPS = ["grid_ridge", "grid_pca_lda"]
ALPHAS = [1e-3, 1e-2, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 1000.0]
COMPONENTS = [5, 10, 20]


def load(n):
    base = os.path.join(ROOT, "target", "bench-data", f"search_{n}x{N_FEATURES}")
    x = np.fromfile(base + "_X.f64", dtype="<f8").reshape(n, N_FEATURES)
    y = np.fromfile(base + "_y.f64", dtype="<f8")
    return x, y


def sklearn_times(x, y, repeat, n_jobs):
    searches = {
        "grid_ridge": lambda: GridSearchCV(make_pipeline(MaxAbsScaler(), Ridge()), {"ridge__alpha": ALPHAS},
                                           cv=KFold(5), refit=False, n_jobs=n_jobs).fit(x, y),
        "grid_pca_lda": lambda: GridSearchCV(make_pipeline(StandardScaler(), PCA(), LinearDiscriminantAnalysis()),
                                             {"pca__n_components": COMPONENTS}, cv=KFold(5), refit=False,
                                             n_jobs=n_jobs).fit(x, y),
    }
    return {g: median_time(searches[g], repeat) for g in GROUPS}


def main():
    repeat = run("model_selection", sys.argv[1:])
    n = int(os.environ.get("WGLEARN_BENCH_SAMPLES", "200000"))
    x, y = load(n)
    print(f"scikit-learn {sklearn.__version__}, NumPy {np.__version__}, {os.cpu_count()} CPUs, X {x.shape} float64")
    for n_jobs in [1, 2]:
        print(f"\nscikit-learn with n_jobs={n_jobs}:")
        print_table(GROUPS, sklearn_times(x, y, repeat, n_jobs))


if __name__ == "__main__":
    main()
