#!/usr/bin/env bash
# The whole test suite: unit and domain tests, HTTP tests of the router on
# real SQLite files, then end-to-end tests in headless Chromium against the
# real server and a local ProConnect-like provider (every scenario with
# JavaScript on and off).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
if [ ! -x /usr/bin/chromium ]; then
  echo "==> apt-get install chromium (browser for the end-to-end tests)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
(cd end2end && npm ci --no-audit --no-fund --loglevel=error)
(cd end2end/oidc && npm ci --no-audit --no-fund --loglevel=error)

./scripts/build.sh

echo "==> cargo test (unit, domain, HTTP)"
cargo test --workspace

echo "==> end-to-end tests"
./scripts/e2e.sh
