#!/usr/bin/env bash
# Installs what building and testing the forum needs and is missing on a
# fresh machine: the WebAssembly target, wasm-bindgen-cli at the exact version
# the lockfile pins, Debian's make (jemalloc's build), Debian's brotli (static
# files are compressed at build time) and PyPI aiosmtpd (the real SMTP server
# on loopback the tests send mail to). Idempotent: what is present is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/need.sh

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pin in Cargo.toml

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  echo "==> cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # No --locked: the tool's own lockfile pins a crate the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
need make make "builds jemalloc, the server's allocator, from its crate's sources"
need brotli brotli "compresses the static files at build time"
AIOSMTPD_VERSION=1.4.6
if [ "$(python3 -c 'import aiosmtpd; print(aiosmtpd.__version__)' 2>/dev/null)" != "$AIOSMTPD_VERSION" ]; then
  echo "==> pip install aiosmtpd==$AIOSMTPD_VERSION (SMTP server for the tests)"
  python3 -m pip install --quiet "aiosmtpd==$AIOSMTPD_VERSION" 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages "aiosmtpd==$AIOSMTPD_VERSION"
fi
