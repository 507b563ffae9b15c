#!/usr/bin/env bash
# Builds the forum: the server binary (target/debug/jonction) and the browser
# bundle with the stylesheet and public files (target/site). The same output
# as `cargo leptos build`, without needing cargo-leptos.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> server (cargo build -p server)"
cargo build -p server --bin jonction

echo "==> browser bundle (wasm32, hydrate)"
cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --profile wasm-release
rm -rf target/site
mkdir -p target/site/pkg
wasm-bindgen --target web --no-typescript --out-dir target/site/pkg --out-name jonction \
  target/wasm32-unknown-unknown/wasm-release/app.wasm
cp style/main.css target/site/pkg/jonction.css
cp -r public/. target/site/
echo "==> built: target/debug/jonction and target/site"
