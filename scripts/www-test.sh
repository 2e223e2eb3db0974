#!/usr/bin/env bash
# Drives the www/ demos in Debian's Chromium with playwright-core (tests/www/demos.test.mjs):
# builds www/pkg from the package (scripts/package.sh must have run), installs playwright-core
# from the npm registry where missing, and writes the screenshots to target/www-screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf www/pkg
cp -r pkg/web www/pkg
[ -d tests/www/node_modules/playwright-core ] || (cd tests/www && npm install --silent --no-audit --no-fund)
node --test tests/www/
