#!/usr/bin/env bash
# The shipped binary (scripts/build-release: static, the widget inside), copied alone into
# an empty folder, serves the demo, the widget and /admin: nothing beside it (no dist/, no
# config, no libraries it links at run time), the SQLite file made where it runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=$(realpath "${PARLONS_DIST_BIN:-$(scripts/build-release --no-widget)}")
work=$(mktemp -d)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cp "$binary" "$work/parlons"
cd "$work"
for name in $(env | grep -o '^PARLONS_[A-Z_]*'); do unset "$name"; done

./parlons --version | grep -q "(widget: build " || { echo "no widget inside: $(./parlons --version)"; exit 1; }
PARLONS_BIND=127.0.0.1:0 ./parlons serve >out.log 2>err.log &
pid=$!
for _ in $(seq 100); do grep -q "listening on" out.log && break; sleep 0.1; done
url=$(grep -o 'listening on [^ ]*' out.log | cut -d' ' -f3)
[ -n "$url" ] || { cat out.log err.log; exit 1; }

fetch() { curl -fsS --compressed -o "$2" "$url$1" || { echo "GET $1 failed"; cat err.log; exit 1; }; }
fetch / demo.html
grep -q 'src="/embed.js"' demo.html
fetch /embed.js embed.js
fetch /count.js count.js
fetch /parlons-widget.js glue.js
fetch /parlons-widget_bg.wasm widget.wasm
[ "$(head -c 4 widget.wasm | od -An -c | tr -d ' ')" = '\0asm' ] || { echo "the wasm is not wasm"; exit 1; }
fetch /i18n/fr.json fr.json
grep -q commentaire fr.json
fetch /admin admin.html
grep -qi "<form" admin.html
[ -f data/parlons.db ] || { echo "no database made beside the binary"; exit 1; }
kill -TERM "$pid"; wait "$pid"; pid=
echo "the binary alone served the demo, the widget ($(stat -c %s widget.wasm) B of wasm) and /admin"
