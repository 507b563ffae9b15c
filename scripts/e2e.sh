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

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() { # url, log
  for _ in $(seq 1 150); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "not answering: $1"; tail -n 30 "$2"; return 1
}

# The SMTP server every forum below sends to; the tests read what it received.
MAIL_DIR="$work/mail"
SMTP_PORT=$(free_port)
mkdir -p "$MAIL_DIR"
python3 scripts/smtp-sink.py --port "$SMTP_PORT" --dir "$MAIL_DIR" >"$work/smtp.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q '^ready' "$work/smtp.log" && break; sleep 0.1; done
grep -q '^ready' "$work/smtp.log" || { echo "the SMTP server did not start:"; cat "$work/smtp.log"; exit 1; }
export JONCTION_SMTP_HOST=127.0.0.1 JONCTION_SMTP_PORT=$SMTP_PORT JONCTION_SMTP_TLS=none

CLIENT_ID=jonction-e2e
CLIENT_SECRET=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')

# start_pair ALG VAR: a provider and a forum that trusts it; the forum's URL goes in VAR.
start_pair() {
  local alg=$1 forum_port provider_port data
  forum_port=$(free_port); provider_port=$(free_port); data="$work/$alg"
  mkdir -p "$data"
  local forum="http://127.0.0.1:$forum_port" issuer="http://127.0.0.1:$provider_port/api/v2"
  OIDC_PORT=$provider_port OIDC_ALG=$alg OIDC_CLIENT_ID=$CLIENT_ID OIDC_CLIENT_SECRET=$CLIENT_SECRET \
    OIDC_REDIRECT_URI="$forum/auth/proconnect/callback" OIDC_POST_LOGOUT_REDIRECT_URI="$forum/auth/proconnect/logged-out" \
    node end2end/oidc/provider.mjs >"$data/provider.log" 2>&1 &
  pids+=($!)
  ./target/debug/jonction seed-demo --data-dir "$data" >/dev/null
  # A mailing-list archive, for the imported-thread scenario (end2end/tests/imported.test.mjs).
  ./target/debug/jonction import-mbox --data-dir "$data" --tag geonetwork --tag csw --list-name geo-list \
    server/tests/fixtures/mail/list.mbox >/dev/null 2>&1
  wait_for "$issuer/.well-known/openid-configuration" "$data/provider.log"
  LEPTOS_SITE_ADDR="127.0.0.1:$forum_port" LEPTOS_SITE_ROOT=target/site JONCTION_DATA_DIR="$data" \
    JONCTION_PUBLIC_URL="$forum" PROCONNECT_ISSUER="$issuer" PROCONNECT_CLIENT_ID=$CLIENT_ID \
    PROCONNECT_CLIENT_SECRET=$CLIENT_SECRET PROCONNECT_ID_TOKEN_ALG=$alg PROCONNECT_USERINFO_ALG=$alg \
    ./target/debug/jonction serve >"$data/server.log" 2>&1 &
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
if [ $status -ne 0 ]; then
  for f in "$work"/*/*.log "$work"/smtp.log; do echo "---- $f (last 40 lines) ----"; tail -n 40 "$f"; done
fi
exit $status
