#!/usr/bin/env bash
# Builds the self-contained GPU benchmark bundle: the bench binaries (release), the scripts that
# time scikit-learn and NumPy beside them, a runner, and a Vulkan loader for machines that lack
# one. It runs on an x86-64 Linux machine with a GPU driver (Vulkan ICD) and Python 3, and no
# Rust toolchain: `tar xzf wglearn-gpu-bench.tar.gz && wglearn-gpu-bench/run.sh`.
# Output: target/wglearn-gpu-bench.tar.gz.
set -euo pipefail
cd "$(dirname "$0")/.."

benches=(estimators traffic ops float64)
out=target/wglearn-gpu-bench
rm -rf "$out" && mkdir -p "$out/bin" "$out/benches" "$out/lib"
# cargo prints each bench executable's path in its JSON messages.
cargo bench --no-run --message-format=json $(printf -- '--bench %s ' "${benches[@]}") 2>/dev/null |
    python3 -c '
import json, sys, shutil
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and "bench" in m["target"]["kind"]:
        shutil.copy(m["executable"], sys.argv[1] + "/bin/" + m["target"]["name"])
' "$out"
for b in "${benches[@]}"; do
    [ -x "$out/bin/$b" ] || { echo "bench binary $b was not built" >&2; exit 1; }
done
cp benches/scikit_compare.py benches/compare_sklearn.py benches/compare_sklearn_torch.py benches/compare_numpy.py "$out/benches/"
cp scripts/gpu-bundle-run.sh "$out/run.sh"
loader=$(ls /usr/lib/x86_64-linux-gnu/libvulkan.so.1 /usr/lib64/libvulkan.so.1 2>/dev/null | head -1 || true)
[ -n "$loader" ] && cp -L "$loader" "$out/lib/libvulkan.so.1"
git rev-parse HEAD > "$out/COMMIT" 2>/dev/null || true
tar czf target/wglearn-gpu-bench.tar.gz -C target wglearn-gpu-bench
echo "target/wglearn-gpu-bench.tar.gz ($(du -h target/wglearn-gpu-bench.tar.gz | cut -f1)): ${benches[*]}"
