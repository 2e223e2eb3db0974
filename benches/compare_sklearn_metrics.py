#!/usr/bin/env python3
"""Runs `cargo bench --bench metrics`, then times scikit-learn on the same data in the same run
and prints the ratio scikit-learn time / wglearn time for every benchmark (above 1: wglearn
is faster). The bench writes its data to target/bench-data/metrics_*.f64, so both sides
score exactly the same numbers.

Usage: python3 benches/compare_sklearn_metrics.py [--no-cargo] [--repeat R] [criterion args...]
  --no-cargo   reuse the criterion results already in target/criterion
  --repeat R   scikit-learn runs per benchmark, the median is reported (default 3)
  other args go to criterion, e.g. `--quick` or `cpu`.
WGLEARN_BENCH_SCALE scales every size for both sides (default 1). Installs scikit-learn from
PyPI if missing.
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
from sklearn import metrics
from sklearn.metrics import pairwise

from scikit_compare import ROOT, median_time, print_table, run

GROUPS = ["accuracy", "f1_macro", "roc_auc", "r2", "rbf_kernel_f32", "euclidean_distances_f32", "rbf_kernel_f64",
          "euclidean_distances_f64", "pairwise_distances_argmin"]
SHAPES = {"pair_x": (-1, 300), "argmin_x": (-1, 64), "argmin_y": (-1, 64)}


def load(name):
    a = np.fromfile(os.path.join(ROOT, "target", "bench-data", f"metrics_{name}.f64"), dtype="<f8")
    return a.reshape(SHAPES[name]) if name in SHAPES else a


def sklearn_times(repeat):
    labels, predicted = load("labels").astype(np.int32), load("predicted").astype(np.int32)
    binary, scores = load("binary").astype(np.int32), load("scores")
    target, estimate = load("target"), load("estimate")
    x64 = load("pair_x")
    x32 = x64.astype(np.float32)
    ax, ay = load("argmin_x").astype(np.float32), load("argmin_y").astype(np.float32)
    work = {
        "accuracy": lambda: metrics.accuracy_score(labels, predicted),
        "f1_macro": lambda: metrics.f1_score(labels, predicted, average="macro"),
        "roc_auc": lambda: metrics.roc_auc_score(binary, scores),
        "r2": lambda: metrics.r2_score(target, estimate),
        "rbf_kernel_f32": lambda: pairwise.rbf_kernel(x32),
        "euclidean_distances_f32": lambda: pairwise.euclidean_distances(x32),
        "rbf_kernel_f64": lambda: pairwise.rbf_kernel(x64),
        "euclidean_distances_f64": lambda: pairwise.euclidean_distances(x64),
        "pairwise_distances_argmin": lambda: pairwise.pairwise_distances_argmin(ax, ay),
    }
    sizes = f"{labels.size} samples, pairwise {x64.shape}, argmin {ax.shape} x {ay.shape}"
    return {g: median_time(work[g], repeat) for g in GROUPS}, sizes


def main():
    repeat = run("metrics", sys.argv[1:])
    sk, sizes = sklearn_times(repeat)
    print(f"scikit-learn {sklearn.__version__}, NumPy {np.__version__}, {os.cpu_count()} CPUs, {sizes}")
    print_table(GROUPS, sk, digits=4)


if __name__ == "__main__":
    main()
