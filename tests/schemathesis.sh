#!/usr/bin/env bash
# The API against its own OpenAPI document, with schemathesis (PyPI, in tests/.venv, installed
# by scripts/setup --test): on a fresh server with rate limits off, every operation is called
# with generated valid and invalid input; any 5xx, any answer the document does not describe
# (status, media type, body, headers), or any invalid input accepted is a failure.
#   tests/schemathesis.sh                          on a SQLite file
#   scripts/with-postgres tests/schemathesis.sh    on PostgreSQL (TEST_DATABASE_URL)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PARLONS_BIN:-target/debug/parlons}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
database=${TEST_DATABASE_URL:-sqlite://$work/parlons.db}
export PARLONS_DATABASE_URL="$database"
# A moderator of every site, so that the moderation calls are tried past their 401.
echo "schemathesis-password" | env -u PARLONS_BIN "$bin" moderator add st --all-sites --password-stdin >/dev/null
token=$(env -u PARLONS_BIN "$bin" moderator token st | tail -1)
env -u PARLONS_BIN PARLONS_BIND=127.0.0.1:0 \
  PARLONS_POSTS_PER_MINUTE=0 PARLONS_READS_PER_SECOND=0 PARLONS_MIN_POST_SECONDS=0 RUST_LOG=warn \
  "$bin" serve > "$work/out" 2> "$work/err" &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/out")
tests/.venv/bin/st --config-file tests/schemathesis.toml run "$url/api/v1/openapi.json" --url "$url" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,negative_data_rejection \
  --max-examples 50 --request-timeout 10 --no-color
