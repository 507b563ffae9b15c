# Shared by scripts/bench.sh, bench-scale.sh, bench-ab.sh and profile.sh (sourced, not run): the
# release build they measure, the forums they measure it on, and starting it.
#
# The build keeps frame pointers and line tables, so that the profile and the
# benchmark measure the same binary (frame pointers cost about 1 %).
# JONCTION_BIN=path measures another build instead (e.g. an older one, to
# compare): nothing is built then.

export RUSTFLAGS="${RUSTFLAGS:--C force-frame-pointers=yes}"
export CARGO_PROFILE_RELEASE_DEBUG="${CARGO_PROFILE_RELEASE_DEBUG:-line-tables-only}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

source "$(dirname "${BASH_SOURCE[0]}")/need.sh"

build_release() { # binaries...
  if [ -n "${JONCTION_BIN:-}" ]; then
    BIN=$JONCTION_BIN
    BENCH_BIN=${JONCTION_BENCH_BIN:-$(dirname "$JONCTION_BIN")/jonction-bench}
    return
  fi
  local args=()
  for b in "$@"; do args+=(--bin "$b"); done
  echo "==> cargo build --release -p server ${args[*]} (frame pointers, line tables)"
  nice -n 10 cargo build --release -q -p server "${args[@]}"
  BIN=target/release/jonction
  BENCH_BIN=target/release/jonction-bench
  [ -d target/site/pkg ] || ./scripts/build.sh
}

wait_healthy() { # base-url log
  # Start-up checks the whole database (PRAGMA quick_check): tens of seconds on a large one.
  for _ in $(seq 1 3000); do curl -fs "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the forum does not answer on $1"; tail -n 30 "$2"; return 1
}

# Starts `jonction serve` on DATA (one tokio worker, pinned to core 0 unless
# PIN=no) and sets SERVER (its pid) and BASE. Extra arguments go to env
# (e.g. JONCTION_PAGE_CACHE_BYTES=0). PERF=file records a profile; PERF_DELAY_MS=n
# starts recording n ms after the start (a large forum's start-up checks the
# whole database, which would fill the profile).
start_forum() { # data-dir log [VAR=value...]
  local data=$1 log=$2
  shift 2
  local port
  port=$(free_port)
  BASE="http://127.0.0.1:$port"
  local launcher=(taskset -c 0)
  [ "${PIN:-yes}" = no ] && launcher=()
  [ -n "${PERF:-}" ] && launcher=(perf record -D "${PERF_DELAY_MS:-0}" -e cpu-clock -F 2000 -g -o "$PERF" -- "${launcher[@]}")
  env RUST_LOG=${RUST_LOG_BENCH:-warn} TOKIO_WORKER_THREADS=1 LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
    JONCTION_DATA_DIR="$data" "$@" "${launcher[@]}" "$BIN" serve >"$log" 2>&1 &
  SERVER=$!
  LAUNCHED=$SERVER
  wait_healthy "$BASE" "$log"
  # Under perf, $! is perf itself: the forum is its child.
  if [ -n "${PERF:-}" ]; then SERVER=$(pgrep -P "$SERVER" -n || echo "$SERVER"); fi
}

# A temporary directory, WORK, and the forums a script starts there (their
# pids added to FORUMS): all stopped, and the directory removed, on exit.
temporary_forums() {
  WORK=$(mktemp -d)
  FORUMS=()
  trap 'for pid in "${FORUMS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
}

stop_forum() {
  kill -INT "$SERVER" 2>/dev/null || true
  wait "$LAUNCHED" 2>/dev/null || true
}

# A member of the forum at BASE on DATA: signs up a new address, follows the
# verification link the forum queued for it (read from DATA's mail queue;
# older builds sign in at once and queue none) and sets COOKIE (the session
# cookie header value).
sign_up_member() { # jar data-dir
  local jar=$1 data=$2 email="bench-$$-$RANDOM@jonction.example" verify
  curl -fs -o /dev/null -b "$jar" -c "$jar" -H "Origin: $BASE" \
    --data-urlencode "display_name=Banc d’essai" --data-urlencode "email=$email" \
    --data-urlencode "organisation=" --data-urlencode "password=une phrase de passe solide" "$BASE/signup"
  verify=$(python3 - "$data" "$email" <<'PY'
import email, email.policy, glob, os, re, sqlite3, sys, time
data, to = sys.argv[1], sys.argv[2]
def mails():
    # Queued in the database until delivered; then erased there and, without
    # an SMTP server, written as a .eml file under DATA/mail.
    try:
        db = sqlite3.connect(f"file:{data}/jonction.sqlite3?mode=ro", uri=True)
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'mails'").fetchone():
            return None  # an older build: sign-up signs in at once
        yield from (bytes(r[0]) for r in db.execute("SELECT raw FROM mails WHERE to_address = ?", (to,)) if r[0])
    except sqlite3.Error:
        return None
    for path in glob.glob(os.path.join(data, "mail", "**", "*.eml"), recursive=True):
        with open(path, "rb") as f:
            yield f.read()
for _ in range(50):
    for raw in mails() or []:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        if to not in str(msg.get("To", "")):
            continue
        body = msg.get_body(preferencelist=("plain",))
        found = re.search(r"https?://[^/\s]+(/verify/\S+)", body.get_content() if body else "")
        if found:
            print(found.group(1))
            sys.exit(0)
    time.sleep(0.1)
PY
)
  if [ -n "$verify" ]; then
    curl -fs -o /dev/null -b "$jar" -c "$jar" -H "Origin: $BASE" --data "" "$BASE$verify"
  fi
  COOKIE="jonction_session=$(awk '$6 == "jonction_session" {print $7}' "$jar")"
  # Signed in means the header shows the member's unread count; a figure
  # "signed in" measured on an anonymous page would be a lie.
  if ! curl -fs -H "Cookie: $COOKIE" "$BASE/" | grep -qE '<a href="/notifications" data-unread="[0-9]+"'; then
    echo "sign-up of $email did not sign in (cookie: ${COOKIE:0:20}…)"
    return 1
  fi
}

# The demo forum plus one thread of REPLIES replies, in DATA (made once).
seed_demo_with_long_thread() { # data-dir replies
  local data=$1 replies=$2 jar="$1/cookies"
  [ -e "$data/long-thread" ] && return 0
  "$BIN" seed-demo --data-dir "$data" >/dev/null
  start_forum "$data" "$data/seed.log"
  sign_up_member "$jar" "$data"
  local location
  location=$(curl -fs -o /dev/null -w '%{redirect_url}' -b "$jar" -H "Origin: $BASE" \
    --data-urlencode "title=Fil long pour le banc d’essai" --data-urlencode "body=Premier message." \
    -d "solution=geoserver&solution_version=2.25&standard=wfs&standard_clause=&intent=publish" "$BASE/new")
  local long
  long=$(echo "$location" | sed -E 's|.*/t/([0-9]+).*|\1|')
  echo "==> a thread with $replies replies (/t/$long)"
  for i in $(seq 1 "$replies"); do
    curl -fs -o /dev/null -b "$jar" -H "Origin: $BASE" \
      --data-urlencode "body=Réponse **$i** avec un peu de \`code\` et un [lien](https://www.ogc.org/)." \
      -d "parent_id=" "$BASE/t/$long/reply"
  done
  stop_forum
  echo "$long" >"$data/long-thread"
}

# A generated forum in DATA (jonction-bench generate), made once.
generate_large() { # data-dir threads posts
  [ -e "$1/jonction.sqlite3" ] && return 0
  echo "==> generating $2 threads and $3 posts in $1 (once; several minutes)"
  mkdir -p "$1"
  nice -n 5 "$BENCH_BIN" generate --data-dir "$1" --threads "$2" --posts "$3"
}

# One value from the database of DATA, read-only (python's sqlite3).
sql_value() { # data-dir query
  python3 - "$1/jonction.sqlite3" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
row = db.execute(sys.argv[2]).fetchone()
print(row[0] if row else "")
PY
}

# Server CPU per request: from /proc/PID/stat (utime + stime) before and after a load.
clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Stops the benchmark: a figure from a load that was not answered with the
# expected page would be a lie (a timeout counts no request; an error page
# is cheap).
fail() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Loads URL from core 1 for DURATION (after a second of warming up) with
# CONNECTIONS connections and prints "requests cpu-ticks" for process PID;
# fails on any non-2xx/3xx answer, socket error or timeout, or no request at all.
load() { # pid url header...
  local pid=$1 url=$2 hdr=() out before after n errors
  shift 2
  for h in "$@"; do hdr+=(-H "$h"); done
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d1s --timeout 30s "${hdr[@]}" "$url" >/dev/null
  before=$(cpu_ticks "$pid")
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s "${hdr[@]}" "$url")
  after=$(cpu_ticks "$pid")
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  errors=$(echo "$out" | grep -E 'Non-2xx|Socket errors' || true)
  [ -z "$errors" ] || fail "$url: $errors"
  [ "${n:-0}" -gt 0 ] || fail "$url: no request completed in $DURATION"
  echo "$n $((after - before))"
}

us_per_request() { awk -v t="$1" -v n="$2" -v clk="$clk" 'BEGIN { printf "%.1f", t * 1e6 / clk / (n > 0 ? n : 1) }'; }

# Server CPU µs per request of one load of URL on the forum PID.
measure() { # pid url
  local n ticks
  read -r n ticks <<<"$(load "$1" "$2")"
  us_per_request "$ticks" "$n"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
