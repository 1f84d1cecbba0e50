#!/usr/bin/env bash
# What shipping costs: the static binary's size, the image's size (budget 25 MB), and the
# time from start to the first answer of /healthz: the binary on an existing SQLite file and
# on a new one (its migrations run first), and a container from `podman run`. Medians.
#   bench/startup.sh [rounds]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
binary=$(realpath "${PARLONS_DIST_BIN:-$(scripts/build-release)}")
source tests/deploy/podman.sh
image=$(scripts/image "$binary")
work=$(mktemp -d)
trap 'rm -rf "$work"; podman rm --force --time 0 parlons-bench >/dev/null 2>&1 || true' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port/healthz"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Milliseconds from now until $url answers (10 s at most).
until_answer() {
  local started=$1
  for _ in $(seq 2000); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && { echo $(( ($(date +%s%N) - started) / 1000000 )); return; }
    sleep 0.005
  done
  echo "no answer at $url" >&2; exit 1
}
# One run of the binary on `database`; prints the milliseconds to its first answer.
binary_start() {
  local started
  started=$(date +%s%N)
  env -u PARLONS_DIST_BIN PARLONS_BIND=127.0.0.1:$port PARLONS_DATABASE_URL="sqlite://$1" \
    "$binary" serve >/dev/null 2>&1 &
  local pid=$!
  until_answer "$started"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
container_start() {
  local started
  started=$(date +%s%N)
  podman run --detach --name parlons-bench --health-interval disable \
    --publish "127.0.0.1:$port:8080" "$image" >/dev/null
  until_answer "$started"
  podman rm --force --time 5 parlons-bench >/dev/null
}

echo "binary $(stat -c %s "$binary") B ($("$binary" --version))"
echo "image  $(podman image inspect "$image" --format '{{.Size}}') B ($image; budget 25,000,000)"
binary_start "$work/warm.db" >/dev/null
existing=$(for _ in $(seq "$rounds"); do binary_start "$work/warm.db"; done | median)
new=$(for i in $(seq "$rounds"); do binary_start "$work/new-$i.db"; done | median)
container=$(for _ in $(seq "$rounds"); do container_start; done | median)
echo "first answer, median of $rounds: ${existing} ms on an existing SQLite file," \
  "${new} ms on a new one, ${container} ms from podman run"
