"""What benches/compare_sklearn.py and benches/compare_sklearn_metrics.py share: their command
line, timing scikit-learn, reading criterion's medians, and the ratio table."""
import json
import os
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(bench, argv):
    """Parses [--no-cargo] [--repeat R] [criterion args...], runs `cargo bench --bench <bench>`
    unless --no-cargo, and returns R (default 3)."""
    args = list(argv)
    repeat = 3
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = int(args[i + 1])
        del args[i : i + 2]
    if "--no-cargo" not in args:
        subprocess.check_call(["cargo", "bench", "--bench", bench, "--"] + args, cwd=ROOT)
    return repeat


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def criterion_time(group, device):
    path = os.path.join(ROOT, "target", "criterion", group, device, "new", "estimates.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"] / 1e9


def print_table(groups, sklearn_seconds, digits=3):
    """One row per group: scikit-learn's time, then each device's time and the ratio."""
    crit = os.path.join(ROOT, "target", "criterion")
    devices = sorted({d for g in groups if os.path.isdir(os.path.join(crit, g))
                      for d in os.listdir(os.path.join(crit, g))} - {"report"})
    width = max(len(g) for g in groups) + 2
    print(f"{'benchmark':<{width}} {'sklearn s':>10} " + " ".join(f"{d + ' s':>22} {'ratio':>7}" for d in devices))
    for g in groups:
        row = f"{g:<{width}} {sklearn_seconds[g]:>10.{digits}f} "
        for d in devices:
            t = criterion_time(g, d)
            row += f"{t:>22.{digits}f} {sklearn_seconds[g] / t:>7.2f} " if t else f"{'-':>22} {'-':>7} "
        print(row)
