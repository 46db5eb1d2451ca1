#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: the playground's browser test, from a fresh clone. Builds the page (the web preset),
# the native program that reads a downloaded model back (web_model_predict, in the test build),
# installs playwright-core into web/tests/node_modules (npm ci, the version package-lock.json
# pins) and runs browser_test.mjs (the page) and classroom_test.mjs (links, teacher mode, races,
# steps, languages, the installed single file) in the system's headless Chromium. Without emscripten,
# Chromium or npm it is skipped with a notice (.ci/run installs them, so CI runs it).
#   web/tests/run.sh [SCREENSHOT_DIR]      CHROMIUM=/path/to/chrome to use another browser
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v emcc >/dev/null || missing+=(emscripten)
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    echo "web: NOTICE: skipping the browser test: ${missing[*]} missing (Debian: apt-get install ${missing[*]})" >&2
    exit 0
fi

cmake --workflow --preset web
[ -f build/test/CMakeCache.txt ] || cmake --preset test
cmake --build build/test --target web_model_predict
(cd web/tests && { [ -f node_modules/playwright-core/package.json ] || npm ci --no-audit --no-fund; })
# The page as `cmake --install` puts it: one file under share/mlp/playground/, opened from disk.
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install build/web --prefix "$prefix" >/dev/null
shots=${1:-}
node web/tests/browser_test.mjs build/web/web build/test/web/web_model_predict ${shots:+"$shots"}
node web/tests/classroom_test.mjs build/web/web "$prefix/share/mlp/playground/index.html" ${shots:+"$shots"}
