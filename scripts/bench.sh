#!/usr/bin/env bash
# Server CPU per request, page by page, beside nginx serving the very same
# bytes in the same run. A release build (scripts/bench-common.sh) serves a
# forum with one tokio worker pinned to core 0; nginx (Debian's, its own
# configuration and pid under a temporary directory, one process) is pinned to
# core 0 too and serves saved copies of the forum's answers; wrk loads each
# from core 1. CPU comes from /proc/PID/stat (utime + stime) before and after
# each load, divided by the requests wrk completed. Pages are measured
# anonymous (from the page cache, then, in a second run of the forum with the
# cache off, rendered each time) and signed in; also a long thread, static
# files, /healthz and a 304. Then the forum's memory. Compare ratios within one
# run: the machine is shared.
#
#   ./scripts/bench.sh                 # the demo forum plus one thread of 500 replies
#   ./scripts/bench.sh --large DIR     # a generated forum of 100 000 threads and 1 000 000 posts in DIR
#                                      # (generated there by jonction-bench the first time)
#   THREADS=1000 POSTS=10000 ./scripts/bench.sh --large DIR   # the same generator, small: pages as
#                                      # full as the large forum's, to tell its size from their fill
#   DURATION=10s CONNECTIONS=32 THREADS=… POSTS=… JONCTION_BIN=other/jonction ./scripts/bench.sh
#   CACHE=off ONLY='tag|map' ./scripts/bench.sh   # only pages rendered without the cache, only
#                                                  # the pages whose label matches (to repeat a few)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-32}
REPLIES=${REPLIES:-500}
LARGE=""
case "${1:-}" in
  --large) LARGE=${2:?--large needs a directory} ;;
  "") ;;
  *) echo "usage: $0 [--large DIR]"; exit 2 ;;
esac

need wrk wrk
need nginx nginx
if [ -n "$LARGE" ]; then build_release jonction jonction-bench; else build_release jonction; fi

work=$(mktemp -d)
chmod 755 "$work" # nginx's worker runs as nobody
www="$work/www"
mkdir -p "$www"
NGINX=""
cleanup() {
  [ -n "${SERVER:-}" ] && stop_forum
  [ -n "$NGINX" ] && kill "$NGINX" 2>/dev/null
  wait 2>/dev/null || true
}
trap cleanup EXIT

if [ -n "$LARGE" ]; then
  generate_large "$LARGE" "${THREADS:-100000}" "${POSTS:-1000000}"
  data=$LARGE
else
  data="$work/data"
  mkdir -p "$data"
  seed_demo_with_long_thread "$data" "$REPLIES"
fi

nport=$(free_port)
mkdir -p "$work/nginx-tmp"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 10000000;
  default_type text/html;
  client_body_temp_path $work/nginx-tmp/body; proxy_temp_path $work/nginx-tmp/proxy;
  fastcgi_temp_path $work/nginx-tmp/fastcgi; uwsgi_temp_path $work/nginx-tmp/uwsgi; scgi_temp_path $work/nginx-tmp/scgi;
  server { listen 127.0.0.1:$nport; root $www; }
}
EOF
taskset -c 0 nginx -c "$work/nginx.conf" -g 'daemon off; master_process off;' &
NGINX=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$nport/" && break; sleep 0.1; done

declare -A nginx_us
n_saved=0
table_header() { printf '%-46s %9s %12s %12s %7s %10s\n' page bytes "forum µs" "nginx µs" ratio "forum r/s"; }
# Measures PATH on the forum, then the same bytes on nginx (once per label).
# WHO says whose page it must be: "member" (the header names the signed-in
# member: its unread count, `data-unread`), "anonymous" (no such count), or
# "-" (not a page: a static file, /healthz, a 304). A first answer that is
# not the expected page stops the benchmark.
row() { # label path who expected-status header...
  local label=$1 path=$2 who=$3 expected=$4 file status bytes n ticks us
  shift 4
  local hdr=()
  for h in "$@"; do hdr+=(-H "$h"); done
  n_saved=$((n_saved + 1))
  file="$www/$n_saved"
  status=$(curl -s -o "$file" -w '%{http_code}' "${hdr[@]}" "$BASE$path")
  [ -e "$file" ] || : >"$file" # a 304 has no body
  chmod 644 "$file"
  [ "$status" = "$expected" ] || fail "$label ($path): status $status, not $expected"
  case "$who" in
    member) grep -qE '<a href="/notifications" data-unread="[0-9]+"' "$file" || fail "$label ($path): not signed in (no unread count in the header)" ;;
    anonymous) ! grep -qE '<a href="/notifications" data-unread="[0-9]+"' "$file" || fail "$label ($path): a member's page, not an anonymous one" ;;
  esac
  bytes=$(stat -c %s "$file")
  local loaded # (a failed load, in a substitution, must stop the script: set -e)
  loaded=$(load "$SERVER" "$BASE$path" "$@")
  read -r n ticks <<<"$loaded"
  us=$(us_per_request "$ticks" "$n")
  if [ -z "${nginx_us[$label]:-}" ]; then
    local nn nt nginx_hdr=()
    # nginx answers a conditional request with its own validator.
    if [ "$status" = 304 ]; then
      cp "${SAVED_304_BODY:?}" "$file"
      nginx_hdr=("If-None-Match: $(curl -sI "http://127.0.0.1:$nport/$n_saved" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')")
    fi
    loaded=$(load "$NGINX" "http://127.0.0.1:$nport/$n_saved" "${nginx_hdr[@]}")
    read -r nn nt <<<"$loaded"
    nginx_us[$label]=$(us_per_request "$nt" "$nn")
  fi
  printf '%-46s %9s %12s %12s %7s %10s\n' "$label" "$bytes" "$us" "${nginx_us[$label]}" \
    "$(awk -v a="$us" -v b="${nginx_us[$label]}" 'BEGIN { printf "%.1fx", a / b }')" \
    "$(awk -v n="$n" -v d="${DURATION%s}" 'BEGIN { printf "%.0f", n / d }')"
}

# The pages to measure on this forum: PAGES=(label path …), anonymous.
if [ -n "$LARGE" ]; then
  # The threads nearest 6 and 50 posts (a small generated forum may have no thread of 50).
  short=$(sql_value "$data" "SELECT id FROM threads ORDER BY abs(reply_count - 5), id LIMIT 1")
  fifty=$(sql_value "$data" "SELECT id FROM threads ORDER BY abs(reply_count - 49), id LIMIT 1")
  short_posts=$(( $(sql_value "$data" "SELECT reply_count FROM threads WHERE id = $short") + 1 ))
  fifty_posts=$(( $(sql_value "$data" "SELECT reply_count FROM threads WHERE id = $fifty") + 1 ))
  long=$(sql_value "$data" "SELECT id FROM threads ORDER BY reply_count DESC LIMIT 1")
  long_posts=$(( $(sql_value "$data" "SELECT reply_count FROM threads WHERE id = $long") + 1 ))
  member=$(sql_value "$data" "SELECT author_id FROM posts GROUP BY author_id ORDER BY COUNT(*) DESC LIMIT 1")
  PAGES=("thread, $short_posts posts" "/t/$short" "thread, $fifty_posts posts" "/t/$fifty" "thread, $long_posts posts" "/t/$long"
    "home" "/" "home, one solution" "/?solution=geoserver"
    "home, solution × standard × status" "/?solution=geoserver&standard=wfs&status=open"
    "tag page" "/tags/geoserver" "map" "/map" "search" "/search?q=geoserver" "member page (most posts)" "/u/$member")
else
  long=$(cat "$data/long-thread")
  long_posts=$((REPLIES + 1))
  PAGES=("thread, 6 posts" "/t/1" "thread, $long_posts posts" "/t/$long" "home" "/"
    "home, solution × standard" "/?solution=geoserver&standard=wfs" "tag page" "/tags/geoserver" "map" "/map"
    "search" "/search?q=geoserver" "member page" "/u/1")
fi

# Pages that exist only in builds that have them: the last page of the long
# thread, the second and a deep page of the home list.
more_pages() {
  local last next
  last=$(curl -s "$BASE/t/$long" | grep -oE 'data-pages="[0-9]+"' | head -1 | grep -oE '[0-9]+' || true)
  [ -n "$last" ] && [ "$last" -gt 1 ] && PAGES+=("thread, $long_posts posts, last page" "/t/$long?page=$last")
  next=$(curl -s "$BASE/" | grep -oE 'href="[^"]*"[^>]*rel="next"' | head -1 | sed -E 's/href="([^"]*)".*/\1/; s/&amp;/\&/g' || true)
  if [ -n "$next" ]; then
    PAGES+=("home, page 2" "$next")
    if [ -n "$LARGE" ]; then
      # Three quarters of the way down the list (page 3 000 of 100 000 threads).
      local deep offset
      offset=$(( $(sql_value "$data" "SELECT COUNT(*) FROM threads") * 3 / 4 ))
      deep=$(sql_value "$data" "SELECT last_activity_at || '.' || id FROM threads ORDER BY last_activity_at DESC, id DESC LIMIT 1 OFFSET $offset")
      PAGES+=("home, page $((offset / 25)) (cursor)" "$(echo "$next" | sed -E "s/after=[^&]*/after=$deep/")")
    fi
  elif [ -n "$LARGE" ]; then
    PAGES+=("home, page 3 000" "/?page=3000")
  fi
}

# Keeps the pages whose label matches ONLY (a regular expression), if set.
only_pages() {
  [ -n "${ONLY:-}" ] || return 0
  local kept=() i
  for ((i = 0; i < ${#PAGES[@]}; i += 2)); do
    [[ "${PAGES[i]}" =~ $ONLY ]] && kept+=("${PAGES[i]}" "${PAGES[i + 1]}")
  done
  PAGES=("${kept[@]}")
}

if [ "${CACHE:-on}" != off ]; then
echo "==> forum with its page cache, $CONNECTIONS connections, $DURATION per page"
start_forum "$data" "$work/server.log"
table_header
more_pages
only_pages
PAGES_READY=1
sign_up_member "$work/cookies" "$data"
for ((i = 0; i < ${#PAGES[@]}; i += 2)); do row "${PAGES[i]}" "${PAGES[i + 1]}" anonymous 200; done
for ((i = 0; i < ${#PAGES[@]}; i += 2)); do
  case "${PAGES[i]}" in thread*|home|tag*|map|search) row "${PAGES[i]}, signed in" "${PAGES[i + 1]}" member 200 "Cookie: $COOKIE" ;; esac
done
etag=$(curl -sI "$BASE${PAGES[1]}" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
if [ -n "$etag" ]; then
  SAVED_304_BODY="$www/1"
  row "${PAGES[0]}, If-None-Match (304)" "${PAGES[1]}" - 304 "If-None-Match: $etag"
fi
css=$(curl -s "$BASE/" | grep -oE '<link rel="stylesheet" href="[^"]+"' | sed -E 's/.*href="([^"]+)"/\1/')
wasm=$(curl -s "$BASE/" | grep -oE 'href="[^"]+\.wasm"' | head -1 | sed -E 's/href="([^"]+)"/\1/')
row "stylesheet (static file)" "$css" - 200
row "WebAssembly bundle, Accept-Encoding: br, gzip" "$wasm" - 200 "Accept-Encoding: br, gzip"
row "/healthz" "/healthz" - 200
grep -E 'VmHWM|VmRSS' "/proc/$SERVER/status" | tr -s ' \t' ' ' | sed 's/^/forum memory after the run: /'
stop_forum
fi

echo "==> the same forum with the page cache off (JONCTION_PAGE_CACHE_BYTES=0): every page rendered"
start_forum "$data" "$work/server-nocache.log" JONCTION_PAGE_CACHE_BYTES=0
table_header
if [ -z "${PAGES_READY:-}" ]; then
  more_pages
  only_pages
  sign_up_member "$work/cookies" "$data"
fi
for ((i = 0; i < ${#PAGES[@]}; i += 2)); do row "${PAGES[i]}" "${PAGES[i + 1]}" anonymous 200; done
for ((i = 0; i < ${#PAGES[@]}; i += 2)); do
  case "${PAGES[i]}" in thread*|home|tag*|map|search) row "${PAGES[i]}, signed in" "${PAGES[i + 1]}" member 200 "Cookie: $COOKIE" ;; esac
done
grep -E 'VmHWM|VmRSS' "/proc/$SERVER/status" | tr -s ' \t' ' ' | sed 's/^/forum memory after the run: /'
