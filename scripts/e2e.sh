#!/usr/bin/env bash
# End-to-end tests against the real built forum. Starts a real SMTP server on
# loopback (scripts/smtp-sink.py, PyPI aiosmtpd) that every forum sends its
# mail to, its directory passed to the tests (JONCTION_MAIL_DIR), then, each
# on a free port with a fresh demo-seeded data directory:
#   - two local ProConnect-like providers (end2end/oidc, npm oidc-provider),
#     one signing with RS256, one with ES256;
#   - two forum servers, each configured with one of them, each with the fixture mailing-list
#     archive imported (server/tests/fixtures/mail/list.mbox);
#   - one more forum server (no ProConnect) whose demo data is enlarged to a
#     100 × 50 map by end2end/fixtures/large_map.py (JONCTION_LARGE_MAP_URL);
# runs the browser tests (every scenario with JavaScript on and off), and stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/e2e-common.sh
start_smtp_sink

# start_pair ALG VAR: a provider and a forum that trusts it; the forum's URL goes in VAR.
start_pair() {
  local alg=$1 forum_port data
  forum_port=$(free_port); data="$work/$alg"
  mkdir -p "$data"
  local forum="http://127.0.0.1:$forum_port"
  start_provider "$alg" "$forum" "$data/provider.log"
  ./target/debug/jonction seed-demo --data-dir "$data" >/dev/null
  import_fixture_list --data-dir "$data"
  env LEPTOS_SITE_ADDR="127.0.0.1:$forum_port" LEPTOS_SITE_ROOT=target/site JONCTION_DATA_DIR="$data" \
    JONCTION_PUBLIC_URL="$forum" "${PROCONNECT_ENV[@]}" ./target/debug/jonction serve >"$data/server.log" 2>&1 &
  pids+=($!)
  wait_for "$forum/healthz" "$data/server.log"
  printf -v "$2" '%s' "$forum"
}

# start_large VAR: a forum (no ProConnect) whose map has 100 solutions × 50 standards, with an
# administrator for the width checks of the administration pages.
LARGE_ADMIN_EMAIL=admin-e2e@exemple.fr
LARGE_ADMIN_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
start_large() {
  local port data
  port=$(free_port); data="$work/large"
  mkdir -p "$data"
  ./target/debug/jonction seed-demo --data-dir "$data" >/dev/null
  python3 end2end/fixtures/large_map.py "$data" --solutions 100 --standards 50 >"$data/fixture.log"
  JONCTION_ADMIN_PASSWORD=$LARGE_ADMIN_PASSWORD ./target/debug/jonction create-admin --data-dir "$data" \
    --email "$LARGE_ADMIN_EMAIL" --name "Administration de l’essai" >/dev/null
  LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site JONCTION_DATA_DIR="$data" \
    JONCTION_PUBLIC_URL="http://127.0.0.1:$port" ./target/debug/jonction serve >"$data/server.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/healthz" "$data/server.log"
  printf -v "$1" '%s' "http://127.0.0.1:$port"
}

start_pair RS256 rs
start_pair ES256 es
start_large large

status=0
(cd end2end && JONCTION_BASE_URL="$rs" JONCTION_PROCONNECT_TARGETS="RS256=$rs,ES256=$es" JONCTION_MAIL_DIR="$MAIL_DIR" \
  JONCTION_LARGE_MAP_URL="$large" JONCTION_LARGE_MAP_ADMIN="$LARGE_ADMIN_EMAIL $LARGE_ADMIN_PASSWORD" npm test) || status=$?
[ $status -eq 0 ] || print_logs
exit $status
