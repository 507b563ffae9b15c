# Shared by scripts/e2e.sh and scripts/e2e-nodes.sh (sourced, not run): a
# work directory cleaned up at exit with every process started through it,
# free ports, waiting for a URL, the real SMTP server every forum sends to,
# and the local ProConnect-like provider.

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${CLEANUP_MORE:-}" ] && eval "$CLEANUP_MORE"
  return 0
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

# The SMTP server (scripts/smtp-sink.py, PyPI aiosmtpd) every forum started
# afterwards sends to; the tests read what it received in MAIL_DIR.
start_smtp_sink() {
  MAIL_DIR="$work/mail"
  local port
  port=$(free_port)
  mkdir -p "$MAIL_DIR"
  python3 scripts/smtp-sink.py --port "$port" --dir "$MAIL_DIR" >"$work/smtp.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do grep -qs '^ready' "$work/smtp.log" && break; sleep 0.1; done
  grep -q '^ready' "$work/smtp.log" || { echo "the SMTP server did not start:"; cat "$work/smtp.log"; exit 1; }
  export JONCTION_SMTP_HOST=127.0.0.1 JONCTION_SMTP_PORT=$port JONCTION_SMTP_TLS=none
}

CLIENT_ID=jonction-e2e
CLIENT_SECRET=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')

# start_provider ALG FORUM_URL LOG: a provider (end2end/oidc, npm oidc-provider)
# that sends the browser back to FORUM_URL; sets ISSUER and PROCONNECT_ENV (the
# forum's settings to trust it).
start_provider() {
  local alg=$1 forum=$2 log=$3 port
  port=$(free_port)
  ISSUER="http://127.0.0.1:$port/api/v2"
  OIDC_PORT=$port OIDC_ALG=$alg OIDC_CLIENT_ID=$CLIENT_ID OIDC_CLIENT_SECRET=$CLIENT_SECRET \
    OIDC_REDIRECT_URI="$forum/auth/proconnect/callback" OIDC_POST_LOGOUT_REDIRECT_URI="$forum/auth/proconnect/logged-out" \
    node end2end/oidc/provider.mjs >"$log" 2>&1 &
  pids+=($!)
  PROCONNECT_ENV=(PROCONNECT_ISSUER="$ISSUER" PROCONNECT_CLIENT_ID=$CLIENT_ID PROCONNECT_CLIENT_SECRET=$CLIENT_SECRET
    PROCONNECT_ID_TOKEN_ALG=$alg PROCONNECT_USERINFO_ALG=$alg)
  wait_for "$ISSUER/.well-known/openid-configuration" "$log"
}

# The fixture mailing-list archive, for the imported-thread scenario (end2end/tests/imported.test.mjs).
import_fixture_list() { # jonction arguments (--data-dir DIR, …)
  ./target/debug/jonction import-mbox "$@" --tag geonetwork --tag csw --list-name geo-list \
    server/tests/fixtures/mail/list.mbox >/dev/null 2>&1
}

# After a failed run: the end of every log in the work directory.
print_logs() {
  local f
  for f in "$work"/*.log "$work"/*/*.log; do
    [ -e "$f" ] || continue
    echo "---- $f (last 40 lines) ----"; tail -n 40 "$f"
  done
}
