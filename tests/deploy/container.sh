#!/usr/bin/env bash
# The container image: it builds (scripts/image), fits the 25 MB budget, starts, passes its
# health check, serves the demo and the widget, takes a comment, stops on SIGTERM within
# 5 s, and starts again on the same volume with the comment still there.
# podman here needs the runc runtime and bounded ulimits (crun fails on hybrid cgroups), and
# has no systemd for health-check timers (the check is run by hand below): those flags are
# the harness's, not something users need.
set -euo pipefail
cd "$(dirname "$0")/../.."
image=$(scripts/image "${PARLONS_DIST_BIN:-$(scripts/build-release --no-widget)}")
name="parlons-test-$$"
# A free port on loopback, published for both runs; the demo site allows its origin.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
volume="parlons-test-$$"
run=(podman --runtime runc run --detach --name "$name" --ulimit nofile=20000:20000
  --ulimit nproc=32768:32768 --volume "$volume:/data" --publish "127.0.0.1:$port:8080"
  --env PARLONS_DEMO=true --env "PARLONS_PUBLIC_URL=$url" --health-interval disable)
cleanup() {
  podman rm --force --time 0 "$name" >/dev/null 2>&1 || true
  podman volume rm --force "$volume" >/dev/null 2>&1 || true
}
trap cleanup EXIT

size=$(podman image inspect "$image" --format '{{.Size}}')
echo "image $image: $size bytes"
[ "$size" -le 25000000 ] || { echo "over the 25 MB budget"; exit 1; }

start() {
  "${run[@]}" "$image" >/dev/null
  for _ in $(seq 100); do curl -fsS "$url/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  podman logs "$name"; exit 1
}
started=$(date +%s%N)
start
echo "first answer $(( ($(date +%s%N) - started) / 1000000 )) ms after podman run"
podman healthcheck run "$name" || { echo "the health check failed"; exit 1; }
curl -fsS "$url/" | grep -q 'src="/embed.js"'
curl -fsS -o /dev/null "$url/parlons-widget_bg.wasm"
# As the widget does with default settings: a challenge, the seconds it asks, then the post.
challenge=$(curl -fsS "$url/api/v1/challenge?site=demo")
token=$(echo "$challenge" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
sleep "$(echo "$challenge" | python3 -c 'import json, sys; print(json.load(sys.stdin)["min_seconds"])')"
posted=$(curl -fsS -H "origin: $url" -H 'content-type: application/json' \
  -d "{\"site\":\"demo\",\"page\":\"/\",\"text\":\"Gardé dans le volume\",\"author\":\"Camille\",\"challenge\":\"$token\"}" \
  "$url/api/v1/comments")
echo "$posted" | grep -q '"id"'

stopping=$(date +%s%N)
podman stop --time 5 "$name" >/dev/null
took=$(( ($(date +%s%N) - stopping) / 1000000 ))
exit_code=$(podman inspect "$name" --format '{{.State.ExitCode}}')
echo "stopped in $took ms, exit code $exit_code"
[ "$took" -lt 5000 ] && [ "$exit_code" = 0 ] || { podman logs "$name"; exit 1; }
podman rm "$name" >/dev/null

start
curl -fsS "$url/api/v1/threads?site=demo&page=/" | grep -q "Gardé dans le volume" \
  || { echo "the comment did not survive a restart"; exit 1; }
echo "the image served, took a comment, stopped on SIGTERM and kept the comment"
