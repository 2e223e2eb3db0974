#!/usr/bin/env python3
"""Runs `cargo bench --bench ops`, times NumPy on the same shapes in the same run, and prints
the ratio NumPy time / wglearn time for every benchmark (above 1: wglearn is faster).

Usage: python3 benches/compare_numpy.py [--no-cargo]   (installs numpy from PyPI if missing)
"""
import json
import os
import subprocess
import sys
import timeit

try:
    import numpy as np
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy"])
    import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def numpy_time(fn, repeat=5):
    fn()
    best = min(timeit.repeat(fn, number=1, repeat=repeat))
    return best


def numpy_cases():
    rng = np.random.default_rng(0)
    cases = {}
    for n in (256, 512, 1024):
        a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        cases[("matmul_f32", n)] = lambda a=a, b=b: a @ b
    for n in (1 << 20, 1 << 24):
        x = rng.uniform(0, 1, n).astype(np.float32)
        cases[("sum_f32", n)] = lambda x=x: x.sum()
        y = rng.uniform(-1, 1, n).astype(np.float32)
        cases[("exp_axpb_f32", n)] = lambda y=y: np.exp(y * np.float32(1.5) + np.float32(0.25))
        # NumPy has no fused form: the same expression against wglearn's one-pass Chain.
        cases[("exp_axpb_chain_f32", n)] = cases[("exp_axpb_f32", n)]
        z = y.astype(np.float64)
        cases[("exp_axpb_chain_f64", n)] = lambda z=z: np.exp(z * 1.5 + 0.25)
        cases[("log_axpb_chain_f64", n)] = lambda z=z: np.log(z * 1.5 + 2.0)
    return cases


def criterion_time(group, device, n):
    path = os.path.join(ROOT, "target", "criterion", group, device, str(n), "new", "estimates.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"] / 1e9


def main():
    if "--no-cargo" not in sys.argv:
        subprocess.check_call(["cargo", "bench", "--bench", "ops"], cwd=ROOT)
    # The devices of every group that ran (a criterion filter may have run some groups only).
    crit = os.path.join(ROOT, "target", "criterion")
    groups = {g for g, _ in numpy_cases()} & set(os.listdir(crit))
    devices = sorted({d for g in groups for d in os.listdir(os.path.join(crit, g)) if d != "report"})
    print(f"{'benchmark':<22} {'numpy s':>10} " + " ".join(f"{d + ' s':>16} {'ratio':>7}" for d in devices))
    for (group, n), fn in numpy_cases().items():
        t_np = numpy_time(fn)
        row = f"{group + ' ' + str(n):<22} {t_np:>10.5f} "
        for d in devices:
            t = criterion_time(group, d, n)
            row += f"{t:>16.5f} {t_np / t:>7.2f} " if t else f"{'-':>16} {'-':>7} "
        print(row)


if __name__ == "__main__":
    main()
