#!/usr/bin/env bash
# One command from a fresh machine to a running forum: install what is
# missing, build, create ./data with the demo content if absent, and serve on
# http://127.0.0.1:3000 (LEPTOS_SITE_ADDR to change it).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
./scripts/build.sh

export JONCTION_DATA_DIR="${JONCTION_DATA_DIR:-./data}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
if [ ! -e "$JONCTION_DATA_DIR/jonction.sqlite3" ]; then
  echo "==> new data directory $JONCTION_DATA_DIR with the demo content"
  ./target/debug/jonction seed-demo
fi
echo "==> serving on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
exec ./target/debug/jonction serve
