#!/usr/bin/env bash
# Builds the forum: the server binary (target/debug/jonction) and the browser
# bundle with the stylesheet and public files (target/site). The same output
# as `cargo leptos build`, without needing cargo-leptos. The bundle, the
# stylesheet and the icon get names that change with their content
# (`jonction.<hash>.css`…, listed in target/site/pkg/asset-manifest.txt, which
# the server reads) and their brotli and gzip forms, made here once rather
# than per request.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> server (cargo build -p server)"
cargo build -p server --bin jonction

echo "==> browser bundle (wasm32, hydrate)"
cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --profile wasm-release
rm -rf target/site
mkdir -p target/site/pkg
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name jonction \
  target/wasm32-unknown-unknown/wasm-release/app.wasm
cp -r public/. target/site/

hash_of() { cat "$@" | sha256sum | cut -c1-16; }
# The script and its WebAssembly belong together: one hash for both, as the
# page's loader asks for `{name}.js` and `{name}_bg.wasm`.
bundle="jonction.$(hash_of "$out/jonction.js" "$out/jonction_bg.wasm")"
cp "$out/jonction.js" "target/site/pkg/$bundle.js"
cp "$out/jonction_bg.wasm" "target/site/pkg/${bundle}_bg.wasm"
# One stylesheet, from style/NN-*.css in name order (the order of the cascade).
css="jonction.$(hash_of style/[0-9]*.css).css"
cat style/[0-9]*.css >"target/site/pkg/$css"
icon="favicon.$(hash_of public/favicon.svg).svg"
cp public/favicon.svg "target/site/pkg/$icon"
printf '%s %s\n' jonction.js "$bundle.js" jonction_bg.wasm "${bundle}_bg.wasm" jonction.css "$css" favicon.svg "$icon" \
  >target/site/pkg/asset-manifest.txt
for f in "$bundle.js" "${bundle}_bg.wasm" "$css" "$icon"; do
  gzip -9 -n -k "target/site/pkg/$f"
  brotli -q 11 -k "target/site/pkg/$f"
done
echo "==> built: target/debug/jonction and target/site"
