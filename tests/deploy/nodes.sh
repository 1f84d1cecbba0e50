#!/usr/bin/env bash
# Two containers on one PostgreSQL (the tests' own cluster, scripts/with-postgres), started
# by the "several nodes" recipe of docs/deployment.md with this run's names, ports and
# database: a reader connected to node 2 gets, live, a comment posted through node 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${TEST_DATABASE_URL:?run me under scripts/with-postgres}"
source tests/deploy/podman.sh
image=$(scripts/image "${PARLONS_DIST_BIN:-$(scripts/build-release --no-widget)}")
database="parlons_nodes_$$"
psql "$TEST_DATABASE_URL" -qc "create database $database"
database_url="${TEST_DATABASE_URL%/*}/$database"
# Two free ports ending in 1 and 2 (the recipe's nodes listen on 808<n>).
prefix=$(python3 -c '
import random, socket
while True:
    p = random.randrange(2000, 6500)
    try:
        for n in (1, 2):
            s = socket.socket(); s.bind(("127.0.0.1", p * 10 + n)); s.close()
        print(p); break
    except OSError:
        pass')
node() { echo "http://127.0.0.1:$prefix$1"; }
names="parlons-test-$$"
cleanup() {
  podman rm --force --time 0 "$names-1" "$names-2" >/dev/null 2>&1 || true
  psql "$TEST_DATABASE_URL" -qc "drop database if exists $database with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

tests/deploy/recipe.sh nodes \
  | sed -e "s|parlons:latest|$image|g" \
        -e "s|--name parlons-|--name $names-|g; s|exec parlons-|exec $names-|g" \
        -e "s|127.0.0.1:808|127.0.0.1:$prefix|g; s|podman run -d|podman run -d --health-interval disable|" \
        -e "s|postgres://parlons:secret@127.0.0.1/parlons|$database_url|g" \
  | bash -euo pipefail
for n in 1 2; do
  for _ in $(seq 100); do curl -fsS "$(node "$n")/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsS "$(node "$n")/healthz" >/dev/null || { podman logs "$names-$n"; exit 1; }
done

events=$(mktemp)
listener=""
trap 'kill $listener 2>/dev/null || true; rm -f "$events"; cleanup' EXIT
# A reader of node 2. The site made through node 1 reaches node 2's sites within 2 s.
for _ in $(seq 50); do
  curl -sfN "$(node 2)/api/v1/events?site=blog&page=/article" >"$events" &
  listener=$!
  sleep 0.2
  grep -q '^event: count' "$events" && break
  kill "$listener" 2>/dev/null || true
done
grep -q '^event: count' "$events" || { echo "node 2 does not stream the page"; exit 1; }
# As the widget does: a challenge, the seconds it asks, then the post, all through node 1.
challenge=$(curl -fsS "$(node 1)/api/v1/challenge?site=blog")
token=$(echo "$challenge" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
sleep "$(echo "$challenge" | python3 -c 'import json, sys; print(json.load(sys.stdin)["min_seconds"])')"
curl -fsS -o /dev/null -H "origin: https://blog.example.org" -H 'content-type: application/json' \
  -d "{\"site\":\"blog\",\"page\":\"/article\",\"text\":\"Posté sur le nœud 1\",\"author\":\"Camille\",\"challenge\":\"$token\"}" \
  "$(node 1)/api/v1/comments"
for _ in $(seq 50); do grep -q 'Posté sur le nœud 1' "$events" && break; sleep 0.1; done
grep -q 'Posté sur le nœud 1' "$events" \
  || { echo "node 2 did not pass the comment on"; cat "$events"; podman logs "$names-2"; exit 1; }
echo "a comment posted through node 1 reached a reader of node 2 live"
