#!/usr/bin/env bash
# The end-to-end suite once more, on PostgreSQL through nginx balancing two
# server nodes round-robin (no sticky sessions), so that every request may
# land on either node: a throwaway PostgreSQL cluster (scripts/pg-cluster.sh),
# the demo forum seeded into it with the fixture mailing-list archive, two
# `jonction serve` on it (each with its own data directory, hence its own
# search index), one ProConnect-like provider (RS256), the real SMTP server,
# and nginx (Debian's, installed when missing) run as a plain process from
# scripts/nginx-conf.sh's configuration, the one the README shows. nginx adds X-Jonction-Upstream
# (the node that answered) to every response, for
# end2end/tests/nodes.test.mjs, which runs only here (JONCTION_NODES).
# Uses the build scripts/build.sh made (target/debug/jonction, target/site).
# The large-map width checks need a SQLite file (end2end/fixtures/large_map.py)
# and are not about nodes: they run in scripts/e2e.sh only.
#
#   ./scripts/e2e-nodes.sh                          # the whole suite
#   ./scripts/e2e-nodes.sh tests/nodes.test.mjs     # some files of end2end/ only
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

source scripts/e2e-common.sh
if ! command -v nginx >/dev/null; then
  echo "==> apt-get install nginx-light (load balancer for the two-node end-to-end run)"
  apt-get update -qq && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }
fi

# The README's example is this script's output: it must not drift.
if ! diff <(scripts/nginx-conf.sh '443 ssl' forum.example.fr 127.0.0.1:3001 127.0.0.1:3002) \
  <(awk '/^```nginx$/ {f = 1; next} /^```$/ {f = 0} f' README.md) >"$work/readme.diff"; then
  echo "README.md's nginx configuration differs from scripts/nginx-conf.sh's output:"; cat "$work/readme.diff"; exit 1
fi

pg_dir=$(mktemp -d)
CLEANUP_MORE='scripts/pg-cluster.sh stop "$pg_dir"; rm -rf "$pg_dir"'
export DATABASE_URL
DATABASE_URL=$(scripts/pg-cluster.sh start "$pg_dir")
start_smtp_sink

nginx_port=$(free_port)
forum="http://127.0.0.1:$nginx_port"
start_provider RS256 "$forum" "$work/provider.log"
./target/debug/jonction seed-demo --data-dir "$work/node1" >/dev/null
import_fixture_list --data-dir "$work/node1"

nodes=()
for n in 1 2; do
  port=$(free_port)
  mkdir -p "$work/node$n"
  env LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site JONCTION_DATA_DIR="$work/node$n" \
    JONCTION_PUBLIC_URL="$forum" "${PROCONNECT_ENV[@]}" ./target/debug/jonction serve >"$work/node$n/server.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/healthz" "$work/node$n/server.log"
  nodes+=("127.0.0.1:$port")
done

# nginx as a plain process of this script: its own pid, logs and temporary
# files in the work directory. Its worker runs as nobody when started by root:
# it must reach the temporary directories (nginx makes them its own).
chmod 755 "$work"
# For the tests only: nginx's log and a header name the node that answered
# (nodes.test.mjs proves both did).
NGINX_ACCESS_LOG="$work/nginx/access.log upstream" \
NGINX_HTTP_EXTRA="    log_format upstream '\$request_method \$request_uri \$status \$upstream_addr';
    add_header X-Jonction-Upstream \$upstream_addr always;" \
  scripts/nginx-conf.sh --run-dir "$work/nginx" "127.0.0.1:$nginx_port" 127.0.0.1 "${nodes[@]}" >"$work/nginx.conf"
nginx -e "$work/nginx/error.log" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_for "$forum/healthz" "$work/nginx/error.log"

status=0
(cd end2end && JONCTION_BASE_URL="$forum" JONCTION_PROCONNECT_TARGETS="RS256=$forum" JONCTION_MAIL_DIR="$MAIL_DIR" \
  JONCTION_NODES="$(IFS=,; echo "${nodes[*]}")" node --test --test-concurrency=1 "${@:-tests/}") || status=$?
echo "==> requests per node (nginx's log): $(awk '{print $4}' "$work/nginx/access.log" | sort | uniq -c | tr -s ' \n' ' ')"
[ $status -eq 0 ] || print_logs
echo "==> two-node end-to-end run: $((SECONDS - started)) s"
exit $status
