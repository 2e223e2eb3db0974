#!/usr/bin/env bash
# The GPU benchmark bundle's runner (made by scripts/gpu-bundle.sh): on an x86-64 Linux machine
# with a GPU driver and Python 3, no Rust toolchain. Generates its data, then prints:
#   1. the adapters wgpu sees and the traffic of each estimator method (bytes over X read once);
#   2. the estimators on make_classification(500000, 300): wglearn CPU and GPU against
#      scikit-learn with NumPy, and with array_api_dispatch on PyTorch CUDA where installed;
#   3. matmul, sums and an elementwise chain against NumPy;
#   4. float64 native / df64 / float32 per op family.
# Arguments go to the criterion benches (e.g. --quick). WGLEARN_BENCH_SAMPLES sets n_samples.
set -euo pipefail
cd "$(dirname "$0")"
export WGLEARN_BENCH_DIR="$PWD" CRITERION_HOME="$PWD/target/criterion"
# wgpu loads libvulkan.so.1 at run time: the system's, or the one bundled.
ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ' || export LD_LIBRARY_PATH="$PWD/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
python3 -c 'import sklearn' 2>/dev/null || python3 -m pip install -q scikit-learn
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
lscpu | grep -i 'model name' || true
echo "commit $(cat COMMIT 2>/dev/null || echo unknown)"

echo "== traffic per estimator method"
WGLEARN_BENCH_SAMPLES="${WGLEARN_TRAFFIC_SAMPLES:-100000}" ./bin/traffic
echo "== estimators: wglearn (criterion) and scikit-learn with NumPy, same data"
./bin/estimators --bench "$@"
python3 benches/compare_sklearn.py --no-cargo
echo "== scikit-learn with array_api_dispatch on PyTorch CUDA, same data"
python3 benches/compare_sklearn_torch.py
echo "== ops against NumPy"
./bin/ops --bench "$@"
python3 benches/compare_numpy.py --no-cargo
echo "== float64: native, df64, float32"
./bin/float64 --bench "$@"
