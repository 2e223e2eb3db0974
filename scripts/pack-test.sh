#!/usr/bin/env bash
# The npm package exactly as a user gets it: packs pkg/web (built by scripts/package.sh) with
# `npm pack`, installs the tarball and TypeScript into a scratch project, runs the JavaScript
# example there in Node and type-checks the TypeScript one with tsc --strict.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tarball=$(cd pkg/web && npm pack --silent --pack-destination "$scratch")
cp tests/js/scratch/use.mjs tests/js/scratch/use.ts "$scratch/"
cd "$scratch"
npm init -y >/dev/null
npm pkg set type=module >/dev/null
npm install --silent --no-audit --no-fund "./$tarball" typescript@5
node use.mjs
npx tsc --noEmit --strict --target es2022 --module nodenext --moduleResolution nodenext --lib es2022,esnext.disposable,dom use.ts
echo "pack test: $tarball installed, used from JavaScript, type-checked from TypeScript"
