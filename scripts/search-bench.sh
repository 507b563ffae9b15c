#!/usr/bin/env bash
# The search benchmark (issue 8): a release build, a generated forum of
# 100 000 threads and 1 000 000 posts (kept between runs: it takes minutes),
# a whole rebuild of the index (`jonction reindex`), the 50 searches timed in
# process (index with and without facets, page data), then over HTTP against
# `jonction serve` on that data directory, whose memory is read afterwards.
# Prints a small table. Machines are noisy: run it on a quiet machine.
#
#   ./scripts/search-bench.sh
#   BENCH_DIR=/tmp/forum THREADS=10000 POSTS=100000 ./scripts/search-bench.sh
#   FRESH=1 ./scripts/search-bench.sh     # generate the forum again
#   BIN=/tmp/old ./scripts/search-bench.sh # time binaries copied from another build
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-target/search-bench}
THREADS=${THREADS:-100000}
POSTS=${POSTS:-1000000}
SEED=${SEED:-1}
REPEAT=${REPEAT:-20}
HTTP_REPEAT=${HTTP_REPEAT:-5}

if [ -n "${BIN:-}" ]; then
  bin=$BIN # binaries built earlier (comparing two builds on the same corpus)
else
  echo "==> cargo build --release (jonction, jonction-bench)"
  cargo build --release -q -p server --bin jonction --bin jonction-bench
  bin=target/release
fi

data="$BENCH_DIR/forum-$THREADS-$POSTS-$SEED"
# tee opens its file before the generator makes the directory.
mkdir -p "$BENCH_DIR"
if [ -n "${FRESH:-}" ]; then rm -rf "$data"; fi
if [ ! -f "$data/generated" ]; then
  rm -rf "$data"
  echo "==> generating $THREADS threads, $POSTS posts (seed $SEED) into $data"
  "$bin/jonction-bench" generate --data-dir "$data" --threads "$THREADS" --posts "$POSTS" --seed "$SEED" | tee "$data.generate.txt"
  touch "$data/generated"
else
  echo "==> reusing $data ($(cat "$data.generate.txt" 2>/dev/null || echo 'generated earlier'))"
fi

echo "==> jonction reindex"
RUST_LOG=warn "$bin/jonction" reindex --data-dir "$data" | tee "$BENCH_DIR/reindex.txt"

echo "==> 50 searches in process, $REPEAT rounds"
"$bin/jonction-bench" queries --data-dir "$data" --repeat "$REPEAT" | tee "$BENCH_DIR/queries.txt"

echo "==> 50 search pages over HTTP, $HTTP_REPEAT rounds"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RUST_LOG=warn "$bin/jonction" serve --data-dir "$data" --addr "127.0.0.1:$port" >"$BENCH_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
# Start-up checks the whole database (PRAGMA quick_check): tens of seconds at this size.
for _ in $(seq 1 1200); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
"$bin/jonction-bench" http --addr "127.0.0.1:$port" --repeat "$HTTP_REPEAT" --pid "$server" | tee "$BENCH_DIR/http.txt"
kill -INT $server
wait $server || true
trap - EXIT

index_bytes=$(du -sb "$data/search" | cut -f1)
db_bytes=$(du -cb "$data"/jonction.sqlite3* | tail -1 | cut -f1)
echo
echo "Search benchmark: $THREADS threads, $POSTS posts, seed $SEED, $(nproc) cores"
echo "| measure | value |"
echo "|---|---|"
gen=$(cat "$data.generate.txt" 2>/dev/null || true)
echo "| generation | $(echo "$gen" | sed -nE 's/.* in ([0-9.]+ s) \(([0-9]+) posts\/s\).*/\1 (\2 posts\/s)/p') |"
echo "| database | $((db_bytes / 1048576)) MiB |"
echo "| rebuild | $(sed -nE 's/.* en ([0-9.]+ s) \(([0-9]+) messages\/s\).*/\1, \2 posts\/s/p' "$BENCH_DIR/reindex.txt") |"
echo "| index on disk | $((index_bytes / 1048576)) MiB |"
while IFS= read -r line; do
  label=$(echo "$line" | sed -E 's/ +p50.*//')
  echo "| $label | $(echo "$line" | sed -nE 's/.*p50 +([0-9.]+) ms +p99 +([0-9.]+) ms.*/p50 \1 ms, p99 \2 ms/p') |"
done < <(grep -h ' p50 ' "$BENCH_DIR/queries.txt" "$BENCH_DIR/http.txt")
grep -h 'server memory' "$BENCH_DIR/http.txt" | sed -E 's/server memory: (Vm[A-Za-z]+): (.*)/| server \1 after the HTTP searches | \2 |/'
