#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and the benchmark: Debian's
# `postgresql` (installed when missing), a new cluster in DIR on a free local
# port, no system service. It trades durability for speed (fsync=off): never
# keep data in it.
#
#   scripts/pg-cluster.sh start DIR   # prints the cluster's URL (postgres://postgres@127.0.0.1:PORT/postgres)
#   scripts/pg-cluster.sh stop DIR    # stops it; remove DIR afterwards
set -euo pipefail

bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }; done
  return 1
}

case "${1:-}" in
  start)
    dir=${2:?usage: pg-cluster.sh start DIR}
    if ! bindir >/dev/null; then
      echo "==> apt-get install postgresql (throwaway test cluster)" >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    bin=$(bindir)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    # initdb refuses to run as root; the cluster belongs to the postgres user.
    run=(sh -c)
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; run=(su postgres -s /bin/sh -c); fi
    "${run[@]}" "'$bin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
    # Enough connections for the parallel HTTP tests (one pool per test) and two benchmark nodes.
    "${run[@]}" "'$bin/pg_ctl' -D '$dir/data' -w -l '$dir/server.log' \
      -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
          -c full_page_writes=off -c max_connections=400 -c shared_buffers=128MB\" start >/dev/null"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir=${2:?usage: pg-cluster.sh stop DIR}
    bin=$(bindir)
    run=(sh -c)
    if [ "$(id -u)" = 0 ]; then run=(su postgres -s /bin/sh -c); fi
    "${run[@]}" "'$bin/pg_ctl' -D '$dir/data' -m immediate stop >/dev/null" || true
    ;;
  *)
    echo "usage: pg-cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
