#!/usr/bin/env bash
# Builds the npm package and serves the www/ demos on http://localhost:${PORT:-8080}/ (open it
# in a browser with WebGPU; the demos also run on the CPU path without it). Installs what
# package.sh needs where missing.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/package.sh
rm -rf www/pkg
cp -r pkg/web www/pkg
port="${PORT:-8080}"
echo "serving www/ on http://localhost:$port/ (Ctrl-C stops)"
cd www
exec python3 -m http.server "$port" --bind 127.0.0.1
