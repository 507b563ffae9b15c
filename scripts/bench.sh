#!/usr/bin/env bash
# Measures the forum's speed and memory on this machine: a release build on a
# fresh demo-seeded data directory, plus one long thread (500 replies), loaded
# by wrk from another process on loopback. Prints requests per second and
# latency per page, the cost of the long thread relative to a short one, and
# the server's resident memory. Machines are noisy: compare ratios within one run.
#
#   ./scripts/bench.sh            # 10 s per page, 32 connections
#   DURATION=30s CONNECTIONS=64 ./scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
REPLIES=${REPLIES:-500}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
echo "==> cargo build --release -p server"
cargo build --release -q -p server --bin jonction

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
./target/release/jonction seed-demo --data-dir "$work" >/dev/null
RUST_LOG=warn LEPTOS_SITE_ADDR="127.0.0.1:$port" JONCTION_DATA_DIR="$work" ./target/release/jonction serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

echo "==> a thread with $REPLIES replies"
jar="$work/cookies"
post() { curl -fs -o /dev/null -b "$jar" -c "$jar" -H "Origin: $base" "$@"; }
post -d "display_name=Banc d’essai&email=bench@jonction.example&organisation=&password=une phrase de passe solide" "$base/signup"
location=$(curl -fs -o /dev/null -w '%{redirect_url}' -b "$jar" -H "Origin: $base" \
  --data-urlencode "title=Fil long pour le banc d’essai" --data-urlencode "body=Premier message." \
  -d "solution=geoserver&solution_version=2.25&standard=wfs&standard_clause=&intent=publish" "$base/new")
long=$(echo "$location" | sed -E 's|.*/t/([0-9]+).*|\1|')
for i in $(seq 1 "$REPLIES"); do
  post --data-urlencode "body=Réponse **$i** avec un peu de \`code\` et un [lien](https://www.ogc.org/)." -d "parent_id=" "$base/t/$long/reply"
done

measure() { # name path
  local out rps p50 p99 bytes
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$base$2")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  bytes=$(curl -fs -o /dev/null -w '%{size_download}' "$base$2")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   %8s bytes\n' "$1" "$rps" "$p50" "$p99" "$bytes"
  eval "rps_$3=$rps"
}

echo "==> wrk, $CONNECTIONS connections, $DURATION per page"
measure "home (25 threads)" "/" home
measure "thread, 6 posts" "/t/1" short
measure "thread, $((REPLIES + 1)) posts" "/t/$long" long
measure "map" "/map" map
measure "tag page" "/tags/geoserver" tag
measure "filtered list" "/?solution=geoserver&standard=wfs" filtered
measure "health check" "/healthz" health

python3 - "$rps_short" "$rps_long" "$REPLIES" <<'PY'
import sys
short, long, n = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"long thread ({n + 1} posts) costs {short / long:.1f}x a 6-post thread per request")
PY
grep -E 'VmHWM|VmRSS' "/proc/$server/status" | tr -s ' ' | sed 's/^/server memory: /'
