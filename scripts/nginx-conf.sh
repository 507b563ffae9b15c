#!/usr/bin/env bash
# Prints nginx's configuration for several `jonction serve` nodes behind one
# name, balanced round-robin: the README's « Two nodes behind nginx » shows
# its output for two nodes, scripts/e2e-nodes.sh runs the browser suite
# through it (and checks that the README still shows what it prints) and
# scripts/nodes-bench.sh measures through it.
#
#   scripts/nginx-conf.sh LISTEN SERVER_NAME NODE…
#   scripts/nginx-conf.sh '443 ssl' forum.example.fr 127.0.0.1:3001 127.0.0.1:3002
#
# With `--run-dir DIR` first, a whole nginx.conf around it for nginx run as a
# plain process (`nginx -c DIR/nginx.conf -g 'daemon off;'`, no system
# service): one worker (a strict round-robin), its pid, logs and temporary
# files in DIR, NGINX_HTTP_EXTRA's lines in its http block, and no access log
# unless NGINX_ACCESS_LOG says where (and in which format).
set -euo pipefail

if [ "${1:-}" = --run-dir ]; then
  dir=$2
  shift 2
  mkdir -p "$dir"
  "$0" "$@" >"$dir/jonction.conf"
  cat <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
${NGINX_HTTP_EXTRA:-}
    access_log ${NGINX_ACCESS_LOG:-off};
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/jonction.conf;
}
EOF
  exit 0
fi

if [ $# -lt 3 ]; then
  echo "usage: $0 LISTEN SERVER_NAME NODE…   (e.g. '443 ssl' forum.example.fr 127.0.0.1:3001 127.0.0.1:3002)" >&2
  exit 2
fi
listen=$1 server_name=$2
shift 2

echo 'upstream jonction {'
for node in "$@"; do
  echo "    server $node max_fails=1 fail_timeout=5s;"
done
cat <<EOF
    keepalive 16;
}
server {
    listen $listen;
    server_name $server_name;
    # ssl_certificate …; ssl_certificate_key …;
    client_max_body_size 300k;            # the forum refuses bodies over 256 KiB itself
    location / {
        proxy_pass http://jonction;       # round-robin: any node answers any request
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host \$host;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto \$scheme;
        # A node that is down or stopping: GET and HEAD go to the other one; nginx never
        # resends a POST (not idempotent), so a post is never made twice.
        proxy_next_upstream error timeout http_502 http_503;
    }
}
EOF
