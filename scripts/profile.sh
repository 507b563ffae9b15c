#!/usr/bin/env bash
# Where a page's server CPU goes: the release build of scripts/bench.sh
# (frame pointers, line tables) started under `perf record` (attaching to a
# running process records nothing on these machines), one page loaded by wrk
# for DURATION, the forum stopped with SIGINT so perf writes its file, then the
# flat profile (self time) and the call graph's top entries (time including
# callees). The data directory is the demo forum with one long thread, made
# once under target/bench-profile (or DATA=dir, e.g. a generated forum).
#
#   ./scripts/profile.sh /t/1                         # anonymous
#   ./scripts/profile.sh / member                     # signed in
#   JONCTION_PAGE_CACHE_BYTES=0 ./scripts/profile.sh /t/1   # rendered every time
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

PAGE=${1:-/t/1}
WHO=${2:-anonymous}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
need wrk wrk
need perf linux-perf
build_release jonction

data=${DATA:-target/bench-profile}
mkdir -p "$data"
[ -n "${DATA:-}" ] || seed_demo_with_long_thread "$data" "${REPLIES:-500}"
out=$(mktemp -d)
extra=()
[ -n "${JONCTION_PAGE_CACHE_BYTES:-}" ] && extra+=("JONCTION_PAGE_CACHE_BYTES=$JONCTION_PAGE_CACHE_BYTES")
PERF="$out/perf.data" start_forum "$data" "$out/server.log" "${extra[@]}"
hdr=()
if [ "$WHO" = member ]; then
  sign_up_member "$out/cookies" "$data"
  hdr=(-H "Cookie: $COOKIE")
fi
echo "==> $PAGE ($WHO), $DURATION under perf"
taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "${hdr[@]}" "$BASE$PAGE" | grep -E 'Requests/sec|requests in'
stop_forum
echo "perf data: $out/perf.data"
report() { perf report -i "$out/perf.data" --stdio -g none "$@" 2>/dev/null | grep -v '^#' | grep . || true; }
echo "==> CPU by thread and library"
report --no-children --sort comm,dso | head -8 || true
echo "==> self time (perf report --no-children), top entries"
report --no-children --percent-limit 0.7 | head -40 || true
echo "==> the forum's own functions, time including callees (perf report --children)"
report --children --percent-limit 0.5 | grep -E ' (app|server)::' | head -40 || true
