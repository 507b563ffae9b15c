#!/usr/bin/env bash
# The same page and posting benchmark on three set-ups of the same release
# build, each on a freshly seeded demo forum: SQLite (one node), PostgreSQL
# with one node, and PostgreSQL with two nodes behind nginx (round-robin,
# scripts/nginx-conf.sh's configuration, nginx run as a plain process).
# For each: requests per second of five anonymous pages (wrk on loopback),
# then replies posted by WRITERS signed-in members at once through the real
# forms (`jonction-bench post`: each writer signs up and follows its
# verification mail, one in 5 starts a thread, then all reply REPLIES times,
# 5 writers per thread), with p50/p99 latency until the 303 that follows the
# commit; the server processes' resident memory (VmRSS, and its peak VmHWM,
# from /proc) after the pages and after the posting (whose sign-ups hash
# every writer's password at once: 19 MiB each). Prints one table with the
# ratios. The PostgreSQL cluster is throwaway but durable (fsync on, as
# SQLite's synchronous=FULL). Everything shares this machine's cores (wrk,
# nginx, PostgreSQL, the nodes): compare ratios within one run.
#
#   ./scripts/nodes-bench.sh
#   JONCTION_BIN=target/debug/jonction ./scripts/nodes-bench.sh   # another build (here a quick check
#                                                                 # of the script in debug, not figures)
#   DURATION=20s CONNECTIONS=64 WRITERS=50 REPLIES=40 ./scripts/nodes-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
WRITERS=${WRITERS:-50}
REPLIES=${REPLIES:-20}
PAGES=(thread /t/1 home / tag /tags/geoserver map /map search "/search?q=geoserver")

source scripts/bench-common.sh
need wrk wrk
need nginx nginx-light
build_release jonction jonction-bench
work=$(mktemp -d)
chmod 755 "$work" # nginx's worker runs as nobody
pg_dir=$(mktemp -d)
running=()
stop_all() {
  for pid in "${running[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${running[@]}"; do wait "$pid" 2>/dev/null || true; done
  running=()
}
trap 'stop_all; scripts/pg-cluster.sh stop "$pg_dir"; rm -rf "$pg_dir" "$work"' EXIT


# start_node NAME [VAR=value…]: `jonction serve` on a new data directory; sets NODE (host:port).
start_node() {
  local name=$1 port
  shift
  port=$(free_port)
  mkdir -p "$work/$name"
  env RUST_LOG=warn LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site JONCTION_DATA_DIR="$work/$name" "$@" \
    "$BIN" serve >"$work/$name.log" 2>&1 &
  running+=($!)
  NODE="127.0.0.1:$port"
  wait_healthy "http://$NODE" "$work/$name.log" || exit 1
}

declare -A result
# measure SETUP BASE NODE_NAME…: the pages, the posting, then the memory of every running node.
measure() {
  local setup=$1 base=$2 i out mail_dirs=()
  shift 2
  for n in "$@"; do mail_dirs+=(--mail-dir "$work/$n/mail"); done
  echo "==> $setup: wrk -c$CONNECTIONS -d$DURATION per page"
  for ((i = 0; i < ${#PAGES[@]}; i += 2)); do
    curl -fs -o /dev/null "$base${PAGES[i + 1]}" || { echo "GET ${PAGES[i + 1]} failed on $setup"; exit 1; }
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$base${PAGES[i + 1]}")
    if echo "$out" | grep -q 'Non-2xx'; then echo "$out"; echo "non-2xx answers on $setup"; exit 1; fi
    result[$setup,${PAGES[i]}]=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
    printf '  %-8s %8s req/s\n' "${PAGES[i]}" "${result[$setup,${PAGES[i]}]}"
  done
  memory "$setup" pages
  echo "==> $setup: $WRITERS writers × $REPLIES replies"
  if ! out=$("$BENCH_BIN" post --base "$base" --writers "$WRITERS" --replies "$REPLIES" "${mail_dirs[@]}" 2>&1); then
    echo "$out" | head -3
    for log in "$work"/*.log "$work"/nginx/error.log; do [ -e "$log" ] && { echo "---- $log"; tail -n 20 "$log"; }; done
    exit 1
  fi
  echo "  $out"
  result[$setup,p50]=$(echo "$out" | sed -E 's/.*p50 ([0-9.]+) ms.*/\1/')
  result[$setup,p99]=$(echo "$out" | sed -E 's/.*p99 ([0-9.]+) ms.*/\1/')
  result[$setup,posts]=$(echo "$out" | sed -E 's/.*\(([0-9]+) replies\/s\).*/\1/')
  memory "$setup" posting
}

# memory SETUP PHASE: the running nodes' resident memory (VmRSS) and its peak (VmHWM), summed.
memory() {
  local rss=0 hwm=0 pid n=0
  for pid in "${running[@]}"; do
    [ "$pid" = "${nginx_pid:-}" ] && continue
    n=$((n + 1))
    rss=$((rss + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")))
    hwm=$((hwm + $(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")))
  done
  result[$1,rss-$2]=$((rss / 1024))
  result[$1,hwm-$2]=$((hwm / 1024))
  echo "  memory of $n node(s) after the $2: VmRSS $((rss / 1024)) MiB, VmHWM $((hwm / 1024)) MiB"
}

# 1. SQLite, one node.
"$BIN" seed-demo --data-dir "$work/sqlite" >/dev/null
start_node sqlite
measure sqlite "http://$NODE" sqlite
stop_all

# 2 and 3. PostgreSQL (durable), a database seeded for each set-up.
cluster=$(PG_DURABLE=1 scripts/pg-cluster.sh start "$pg_dir")
pg_database() { # name: seeded; prints its URL
  psql -q "$cluster" -c "CREATE DATABASE $1" >/dev/null
  DATABASE_URL="${cluster%/*}/$1" "$BIN" seed-demo --data-dir "$work/seed-$1" >/dev/null
  echo "${cluster%/*}/$1"
}
url=$(pg_database one)
start_node pg1 DATABASE_URL="$url"
measure pg1 "http://$NODE" pg1
stop_all

url=$(pg_database two)
nginx_port=$(free_port)
# Behind nginx the nodes know the public URL (the origin check and the mails' links use it).
start_node pg2a DATABASE_URL="$url" JONCTION_PUBLIC_URL="http://127.0.0.1:$nginx_port"
nodes=("$NODE")
start_node pg2b DATABASE_URL="$url" JONCTION_PUBLIC_URL="http://127.0.0.1:$nginx_port"
nodes+=("$NODE")
scripts/nginx-conf.sh --run-dir "$work/nginx" "127.0.0.1:$nginx_port" 127.0.0.1 "${nodes[@]}" >"$work/nginx.conf"
nginx -e "$work/nginx/error.log" -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
running+=($nginx_pid) # stopped with the nodes, also when a measure fails
wait_healthy "http://127.0.0.1:$nginx_port" "$work/nginx/error.log" || exit 1
measure pg2 "http://127.0.0.1:$nginx_port" pg2a pg2b
stop_all

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
echo
echo "Nodes benchmark: $(nproc) cores, $(date -u +%F), pages wrk -c$CONNECTIONS -d$DURATION, posting $WRITERS writers × $REPLIES replies"
echo "| measure | SQLite | PostgreSQL, 1 node | PostgreSQL, 2 nodes + nginx | PG 1 / SQLite | PG 2 / PG 1 |"
echo "|---|---|---|---|---|---|"
row() { # label key unit
  local a=${result[sqlite,$2]} b=${result[pg1,$2]} c=${result[pg2,$2]}
  echo "| $1 | $a$3 | $b$3 | $c$3 | $(ratio "$b" "$a") | $(ratio "$c" "$b") |"
}
for ((i = 0; i < ${#PAGES[@]}; i += 2)); do row "${PAGES[i]} (${PAGES[i + 1]}), req/s" "${PAGES[i]}" ""; done
row "replies posted per second" posts ""
row "posting latency p50" p50 " ms"
row "posting latency p99" p99 " ms"
row "memory after the pages, VmRSS (sum of nodes)" rss-pages " MiB"
row "memory after the posting, VmRSS (sum of nodes)" rss-posting " MiB"
row "memory peak, VmHWM (sum of nodes; the $WRITERS sign-ups hash passwords at once)" hwm-posting " MiB"
