#!/usr/bin/env bash
# The browser harness: runs the shared test suites (tests/*.rs written with `suite_test!`) under
# wasm-bindgen-test in headless Chromium, on WebGPU (SwiftShader: no f64, so float64 is df64) and on the CPU path
# compiled to wasm. Installs what a fresh Debian machine lacks: Chromium and its driver, and
# wasm-bindgen-cli at the version Cargo.lock pins (its test runner must match the library).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "installing: chromium chromium-driver"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver
fi
rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if [ "$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
    echo "installing: wasm-bindgen-cli $version"
    cargo install wasm-bindgen-cli --version "$version"
fi

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
# The runner's limit is for the whole binary; SwiftShader runs shaders on the CPU.
export WASM_BINDGEN_TEST_TIMEOUT=900
# Every suite written with suite_test!: df64 arithmetic first (Tint compiles it here, no other
# path does) and the float64 downcast option, the ops (large: past one 128 MiB binding), the
# datasets, the errors, the property tests, the estimators and their contract, the metrics,
# model selection, and a lost device.
for suite in df64 downcast elementwise reduce sort linalg linalg_long factor random large datasets errors properties estimators_sklearn check_estimator \
    metrics classification ranking cluster pairwise scorers model_selection device_loss; do
    echo "== browser: $suite"
    cargo test --target wasm32-unknown-unknown --test "$suite"
done
