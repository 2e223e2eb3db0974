#!/usr/bin/env bash
# Builds the npm package with wasm-pack: pkg/web (ES module that loads its .wasm) and
# pkg/bundler (for webpack, vite and the like). Installs wasm-pack and wasm-bindgen-cli (at
# the version Cargo.lock pins) when missing; builds offline (--mode no-install, no wasm-opt
# download).
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
    echo "installing: wasm-bindgen-cli $version"
    cargo install wasm-bindgen-cli --version "$version"
fi
command -v wasm-pack >/dev/null || { echo "installing: wasm-pack"; cargo install wasm-pack; }

for target in web bundler; do
    wasm-pack build --release --mode no-install --target "$target" --out-dir "pkg/$target" --out-name wglearn
    cp js/README.md "pkg/$target/README.md"
done
size=$(gzip -9 -c pkg/web/wglearn_bg.wasm | wc -c)
echo "pkg/web/wglearn_bg.wasm: $(stat -c %s pkg/web/wglearn_bg.wasm) bytes, $size gzipped"
