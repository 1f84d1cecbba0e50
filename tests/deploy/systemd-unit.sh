#!/usr/bin/env bash
# deploy/parlons.service passes `systemd-analyze verify`. The unit names the binary where the
# deployment page installs it (/usr/local/bin/parlons); verify insists that it exist, so the
# copy checked here names the binary just built instead, and nothing else differs.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=$(realpath "${PARLONS_BIN:-target/debug/parlons}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s|/usr/local/bin/parlons|$binary|" deploy/parlons.service >"$work/parlons.service"
grep -q "ExecStart=$binary serve" "$work/parlons.service"
# verify prints problems and exits non-zero on errors; warnings fail the test too.
out=$(systemd-analyze verify "$work/parlons.service" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then echo "$out"; exit 1; fi
echo "deploy/parlons.service: systemd-analyze verify accepts it"
