#!/usr/bin/env bash
# Starts the built forum on a free port with a fresh, demo-seeded data
# directory, runs the browser tests against it, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log="$data/server.log"
./target/debug/jonction seed-demo --data-dir "$data" >/dev/null
LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site JONCTION_DATA_DIR="$data" \
  ./target/debug/jonction serve >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done

status=0
(cd end2end && JONCTION_BASE_URL="http://127.0.0.1:$port" npm test) || status=$?
if [ $status -ne 0 ]; then
  echo "---- server log (last 50 lines) ----"
  tail -n 50 "$log"
fi
exit $status
