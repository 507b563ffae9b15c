#!/usr/bin/env bash
# The whole test suite: unit and domain tests and HTTP tests of the router,
# once on real SQLite files and once on a throwaway PostgreSQL cluster (one
# fresh database per test; Debian's postgresql installed when missing), then
# end-to-end tests in headless Chromium against the
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

echo "==> cargo test (unit, domain, HTTP) on SQLite"
cargo test --workspace

# The same build, the same tests, on PostgreSQL: JONCTION_TEST_DATABASE_URL
# selects it (see app/src/store/testing.rs); the tests of several server
# processes on one database run only here.
pg_dir=$(mktemp -d)
trap './scripts/pg-cluster.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
pg_url=$(./scripts/pg-cluster.sh start "$pg_dir")
echo "==> cargo test (unit, domain, HTTP) on PostgreSQL ($pg_url)"
JONCTION_TEST_DATABASE_URL="$pg_url" cargo test --workspace

echo "==> end-to-end tests"
./scripts/e2e.sh
