#!/usr/bin/env bash
# The test command: installs what a fresh Debian machine lacks, then runs every check.
# GPU tests run on lavapipe (Vulkan, native f64), on lavapipe with f64 forced off, and on
# llvmpipe through GL; WGLEARN_REQUIRE_GPU=1 makes a missing adapter a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
install_started=$(date +%s)

packages=()
ls /usr/share/vulkan/icd.d/lvp_icd.*.json >/dev/null 2>&1 || packages+=(mesa-vulkan-drivers)
ls /usr/lib/*/libEGL_mesa.so.0 >/dev/null 2>&1 || packages+=(libegl-mesa0 libegl1 libgl1-mesa-dri)
command -v node >/dev/null || packages+=(nodejs)
if [ ${#packages[@]} -gt 0 ]; then
    echo "installing: ${packages[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true
rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

echo "installs: $(($(date +%s) - install_started))s"
export WGLEARN_REQUIRE_GPU=1
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

# Each stage's wall time, printed at the end of the run (also when a stage fails).
stages=()
started=$(date +%s)
stage() {
    local name=$1 t0
    shift
    echo "== $name"
    t0=$(date +%s)
    "$@"
    stages+=("$(printf '%6ss  %s' "$(($(date +%s) - t0))" "$name")")
}
report() {
    echo "== stage times"
    printf '%s\n' "${stages[@]}"
    printf '%6ss  total\n' "$(($(date +%s) - started))"
}
trap report EXIT

stage "cargo fmt" cargo fmt --check
stage "cargo clippy (native)" cargo clippy --all-targets -- -D warnings
stage "cargo clippy (wasm32-unknown-unknown)" cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
stage "cargo doc (warnings are errors)" env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps
stage "cargo test" cargo test
stage "browser: the shared suites under wasm-bindgen-test in headless Chromium (WebGPU and wasm CPU)" \
    bash scripts/browser-test.sh
stage "npm package (wasm-pack, web and bundler targets)" bash scripts/package.sh
stage "its JS API, as a user imports it" node --test tests/js/
stage "the packed npm package installed in a scratch project, used from JavaScript and type-checked from TypeScript" \
    bash scripts/pack-test.sh
stage "the www/ demos in Chromium, driven by playwright-core (screenshots in target/www-screenshots/)" \
    bash scripts/www-test.sh
