#!/usr/bin/env bash
# What the size of the forum costs each page, in one run: every page rendered
# without the page cache, on the demo forum and on a generated large forum
# (issue 10's target: at 100 000 threads and 1 000 000 posts, at most 1.5×
# the demo). Both forums are served side by side by the release build of
# scripts/bench-common.sh, each with one tokio worker pinned to core 0; wrk
# loads one at a time from core 1. Each page is measured in turns, demo then
# large then large then demo… (ROUNDS times each), so that the two figures of
# a pair are seconds apart and see the same machine: this machine's speed
# drifts by a third between runs minutes apart. Printed: the median of each
# forum's rounds, the ratio of the medians, and the range of the pairs' ratios.
#
# A page is the same address on both forums, or the same rule: the thread
# nearest 6 posts, the longest thread's first page (a full page of 50 posts),
# the member with the most posts.
#
# With SMALL=DIR, the forum compared is not the demo but a generated one of
# 1 000 threads and 10 000 posts (SMALL_THREADS, SMALL_POSTS), made by the same
# generator: its filtered lists and searches fill their pages as the large
# forum's do (the demo's show 4 to 12 threads), so the ratio is what the size
# alone costs.
#
#   ./scripts/bench-scale.sh target/bench-large     # generated there the first time (8 min)
#   ROUNDS=5 DURATION=3s ONLY='map|search' JONCTION_BIN=target/release/jonction ./scripts/bench-scale.sh DIR
#   SMALL=target/bench-small ./scripts/bench-scale.sh target/bench-large
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

LARGE=${1:?usage: $0 DIR (the large forum; generated there the first time)}
DURATION=${DURATION:-2s}
CONNECTIONS=${CONNECTIONS:-32}
# Seven rounds: with three, one pair in three landing on a slow second of the
# machine moved a page's median by a tenth (a run put one page at 1.67×, the
# next, with nine rounds, at 1.33×).
ROUNDS=${ROUNDS:-7}
need wrk wrk
build_release jonction jonction-bench

temporary_forums

generate_large "$LARGE" "${THREADS:-100000}" "${POSTS:-1000000}"
if [ -n "${SMALL:-}" ]; then
  demo=$SMALL compared=small
  generate_large "$demo" "${SMALL_THREADS:-1000}" "${SMALL_POSTS:-10000}"
else
  demo="$WORK/demo" compared=demo
  mkdir -p "$demo"
  seed_demo_with_long_thread "$demo" "${REPLIES:-500}"
fi

# The pages as paths on the forum in DATA, by label, into the array named by the second argument.
pages_of() { # data-dir array-name
  local data=$1 short long member
  short=$(sql_value "$data" "SELECT id FROM threads ORDER BY abs(reply_count - 5), id LIMIT 1")
  long=$(sql_value "$data" "SELECT id FROM threads ORDER BY reply_count DESC, id LIMIT 1")
  member=$(sql_value "$data" "SELECT author_id FROM posts GROUP BY author_id ORDER BY COUNT(*) DESC, author_id LIMIT 1")
  local -n into=$2
  into=(
    "thread nearest 6 posts" "/t/$short"
    "the longest thread's first page" "/t/$long"
    "home" "/"
    "home, one solution" "/?solution=geoserver"
    "home, solution × standard" "/?solution=geoserver&standard=wfs"
    "home, solution × standard × status" "/?solution=geoserver&standard=wfs&status=open"
    "tag page" "/tags/geoserver"
    "map" "/map"
    "member page (most posts)" "/u/$member"
    "search geoserver" "/search?q=geoserver"
    "search, empty (every thread)" "/search"
    "search, one solution (no words)" "/search?q=solution%3Ageoserver"
  )
}
pages_of "$demo" demo_pages
pages_of "$LARGE" large_pages

start_forum "$demo" "$WORK/demo.log" JONCTION_PAGE_CACHE_BYTES=0
demo_pid=$SERVER demo_base=$BASE
FORUMS+=("$demo_pid")
start_forum "$LARGE" "$WORK/large.log" JONCTION_PAGE_CACHE_BYTES=0
large_pid=$SERVER large_base=$BASE
FORUMS+=("$large_pid")

# The bytes of an anonymous page, which must be a 200.
page_bytes() { # url
  local out
  out=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' "$1")
  [ "${out%% *}" = 200 ] || fail "$1: status ${out%% *}, not 200"
  echo "${out#* }"
}

echo "==> every page rendered (page cache off), $compared then large in turns, $ROUNDS rounds of $DURATION each, $CONNECTIONS connections"
printf '%-36s %15s %9s %9s %7s %13s\n' page "bytes $compared/large" "$compared µs" "large µs" ratio "pairs' ratios"
for ((i = 0; i < ${#demo_pages[@]}; i += 2)); do
  label=${demo_pages[i]}
  [ -z "${ONLY:-}" ] || [[ "$label" =~ $ONLY ]] || continue
  demo_url="$demo_base${demo_pages[i + 1]}" large_url="$large_base${large_pages[i + 1]}"
  bytes="$(page_bytes "$demo_url")/$(page_bytes "$large_url")"
  d=() l=() r=()
  for ((round = 0; round < ROUNDS; round++)); do
    # Demo first in even rounds, large first in odd ones: a drift during the pair weighs on both.
    if ((round % 2 == 0)); then
      d+=("$(measure "$demo_pid" "$demo_url")"); l+=("$(measure "$large_pid" "$large_url")")
    else
      l+=("$(measure "$large_pid" "$large_url")"); d+=("$(measure "$demo_pid" "$demo_url")")
    fi
    r+=("$(awk -v a="${l[round]}" -v b="${d[round]}" 'BEGIN { printf "%.2f", a / b }')")
  done
  dm=$(median "${d[@]}") lm=$(median "${l[@]}")
  printf '%-36s %15s %9.1f %9.1f %6.2fx %13s\n' "$label" "$bytes" "$dm" "$lm" \
    "$(awk -v a="$lm" -v b="$dm" 'BEGIN { print a / b }')" "$(printf '%s\n' "${r[@]}" | sort -g | sed -n '1p;$p' | paste -sd'-')"
done
