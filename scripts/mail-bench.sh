#!/usr/bin/env bash
# Mail benchmark: a new thread in a tag with 10 000 subscribers, against the
# real server and a real SMTP server on loopback (aiosmtpd). Prints the
# posting request's latency (a tag nobody follows, the followed tag, and the
# quiet tag again while the mails go out), the time until all 10 000 mails
# are queued, and the delivery rate. See scripts/mail_bench.py.
#
#   ./scripts/mail-bench.sh            # release build (the figures to quote)
#   ./scripts/mail-bench.sh --debug    # the debug build, quicker to get
#   SUBSCRIBERS=2000 ./scripts/mail-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

profile=release
[ "${1:-}" = "--debug" ] && profile=debug
if [ "$profile" = release ]; then
  cargo build --release -p server --bin jonction
else
  cargo build -p server --bin jonction
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/site/pkg"
echo "==> jonction ($profile), ${SUBSCRIBERS:-10000} subscribers, work in $work"
python3 scripts/mail_bench.py --binary "target/$profile/jonction" --work "$work" --subscribers "${SUBSCRIBERS:-10000}"
