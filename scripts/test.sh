#!/usr/bin/env bash
# The test command: installs what a fresh Debian machine lacks, then runs every check.
# GPU tests run on lavapipe (Vulkan, native f64), on lavapipe with f64 forced off, and on
# llvmpipe through GL; WGLEARN_REQUIRE_GPU=1 makes a missing adapter a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"

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

export WGLEARN_REQUIRE_GPU=1
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

echo "== cargo fmt"
cargo fmt --check
echo "== cargo clippy (native)"
cargo clippy --all-targets -- -D warnings
echo "== cargo clippy (wasm32-unknown-unknown)"
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
echo "== cargo test"
cargo test
echo "== browser: the shared suites under wasm-bindgen-test in headless Chromium (WebGPU and wasm CPU)"
bash scripts/browser-test.sh
echo "== npm package (wasm-pack, web and bundler targets) and its JS API, as a user imports it"
bash scripts/package.sh
node --test tests/js/
echo "== the packed npm package installed in a scratch project, used from JavaScript and type-checked from TypeScript"
bash scripts/pack-test.sh
echo "== the www/ demos in Chromium, driven by playwright-core (screenshots in target/www-screenshots/)"
bash scripts/www-test.sh
