#!/usr/bin/env bash
# The container image: it builds (scripts/image), fits the 25 MB budget, starts by the
# "container" recipe of docs/deployment.md (with this run's names, port and addresses), passes
# its health check, serves the widget, makes the first site and moderator as the recipe says,
# takes a comment, stops on SIGTERM within 5 s, and a new container on the same volume still
# has the comment.
# The harness's own settings (tests/deploy/podman.sh: the runc runtime, bounded ulimits; no
# systemd here for health-check timers, so the check is run by hand) are not users' to type.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/deploy/podman.sh
image=$(scripts/image "${PARLONS_DIST_BIN:-$(scripts/build-release --no-widget)}")
name="parlons-test-$$"
volume="parlons-test-$$"
# A free port on loopback, published for both runs.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
blog="https://blog.example.org"
cleanup() {
  podman rm --force --time 0 "$name" >/dev/null 2>&1 || true
  podman volume rm --force "$volume" >/dev/null 2>&1 || true
}
trap cleanup EXIT

size=$(podman image inspect "$image" --format '{{.Size}}')
echo "image $image: $size bytes"
[ "$size" -le 25000000 ] || { echo "over the 25 MB budget"; exit 1; }

recipe=$(tests/deploy/recipe.sh container | sed \
  -e '/^scripts\/image/d' \
  -e "s|parlons:latest|$image|g" \
  -e "s|exec -it |exec -i |; s|--name parlons |--name $name |; s|exec \(-i \)\{0,1\}parlons |exec \1$name |" \
  -e "s|volume create parlons$|volume create $volume|; s|-v parlons:/data|-v $volume:/data|" \
  -e "s|-p 8080:8080|-p 127.0.0.1:$port:8080|" \
  -e "s|podman run -d|podman run -d --health-interval disable|" \
  -e "s|https://comments.example.org|$url|g")
# The same `podman run` again, for the second container on the volume.
run_again=$(echo "$recipe" | sed -e ':join' -e '/\\$/{N; s/\\\n//; b join' -e '}' | grep '^podman run')

wait_healthy() {
  for _ in $(seq 100); do curl -fsS "$url/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  podman logs "$name"; exit 1
}
started=$(date +%s%N)
# The recipe's lines up to the first answer, then the first site and moderator.
echo "$recipe" | sed '/podman exec/,$d' | bash -euo pipefail >/dev/null
wait_healthy
echo "first answer $(( ($(date +%s%N) - started) / 1000000 )) ms after podman run"
bash -euo pipefail -c "$(echo "$recipe" | sed -n '/podman exec/,$p')" \
  <<<'a password of sufficient length' >/dev/null
podman exec "$name" /parlons moderator list | grep -q alice || { echo "no moderator made"; exit 1; }
podman healthcheck run "$name" || { echo "the health check failed"; exit 1; }
curl -fsS -o /dev/null "$url/embed.js"
curl -fsS -o /dev/null "$url/parlons-widget_bg.wasm"
# As the widget does with default settings: a challenge, the seconds it asks, then the post.
challenge=$(curl -fsS "$url/api/v1/challenge?site=blog")
token=$(echo "$challenge" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
sleep "$(echo "$challenge" | python3 -c 'import json, sys; print(json.load(sys.stdin)["min_seconds"])')"
posted=$(curl -fsS -H "origin: $blog" -H 'content-type: application/json' \
  -d "{\"site\":\"blog\",\"page\":\"/article\",\"text\":\"Gardé dans le volume\",\"author\":\"Camille\",\"challenge\":\"$token\"}" \
  "$url/api/v1/comments")
echo "$posted" | grep -q '"id"'

stopping=$(date +%s%N)
podman stop --time 5 "$name" >/dev/null
took=$(( ($(date +%s%N) - stopping) / 1000000 ))
exit_code=$(podman inspect "$name" --format '{{.State.ExitCode}}')
echo "stopped in $took ms, exit code $exit_code"
[ "$took" -lt 5000 ] && [ "$exit_code" = 0 ] || { podman logs "$name"; exit 1; }
podman rm "$name" >/dev/null

bash -euo pipefail -c "$run_again" >/dev/null
wait_healthy
curl -fsS "$url/api/v1/threads?site=blog&page=/article" | grep -q "Gardé dans le volume" \
  || { echo "the comment did not survive a new container"; exit 1; }
echo "the image served, took a comment, stopped on SIGTERM and a new container kept the comment"
