#!/usr/bin/env bash
# Whether a change makes pages cheaper: two builds of the forum, A (an older
# one kept aside) and B (by default the release build of scripts/bench-common.sh),
# each serving its own copy of the same forum, page cache off, one tokio worker
# each pinned to core 0; each page loaded on A and on B in turns (A, B, then
# B, A…, ROUNDS times), from core 1. Printed: each build's server CPU µs per
# request, round by round, and the medians. This machine's speed drifts by a
# third within minutes, so two builds are compared seconds apart, never across
# runs.
#
#   cp target/release/jonction /tmp/jonction-before     # then change, rebuild
#   A=/tmp/jonction-before ./scripts/bench-ab.sh target/bench-small '/?solution=geoserver' '/search?q=geoserver'
#   ROUNDS=6 DURATION=3s A=… B=… ./scripts/bench-ab.sh DIR PAGE...
#
# DIR is copied twice into a temporary directory (a forum's search index
# belongs to one process), so a small forum is best: target/bench-small is
# made by `SMALL=target/bench-small ./scripts/bench-scale.sh …`. Both builds
# must open DIR: an older build refuses a database migrated past it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

DATA=${1:?usage: A=old-build $0 DIR PAGE...}
shift
[ $# -gt 0 ] || fail "name at least one page, e.g. '/?solution=geoserver'"
A_BIN=${A:?A=path of the build to compare with}
DURATION=${DURATION:-2s}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-4}
need wrk wrk
build_release jonction
B_BIN=${B:-$BIN}

temporary_forums

cp -r "$DATA" "$WORK/a"
cp -r "$DATA" "$WORK/b"
BIN=$A_BIN start_forum "$WORK/a" "$WORK/a.log" JONCTION_PAGE_CACHE_BYTES=0
a_pid=$SERVER a_base=$BASE
FORUMS+=("$a_pid")
BIN=$B_BIN start_forum "$WORK/b" "$WORK/b.log" JONCTION_PAGE_CACHE_BYTES=0
b_pid=$SERVER b_base=$BASE
FORUMS+=("$b_pid")

echo "==> A: $A_BIN, B: $B_BIN, on copies of $DATA; $ROUNDS rounds of $DURATION, in turns"
for page in "$@"; do
  a=() b=()
  for ((round = 0; round < ROUNDS; round++)); do
    if ((round % 2 == 0)); then
      a+=("$(measure "$a_pid" "$a_base$page")"); b+=("$(measure "$b_pid" "$b_base$page")")
    else
      b+=("$(measure "$b_pid" "$b_base$page")"); a+=("$(measure "$a_pid" "$a_base$page")")
    fi
  done
  printf '%s\n  A %s  median %s\n  B %s  median %s\n' "$page" "${a[*]}" "$(median "${a[@]}")" "${b[*]}" "$(median "${b[@]}")"
done
