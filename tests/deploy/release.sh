#!/usr/bin/env bash
# scripts/release: the tarball holds the static binary (which runs and names its widget),
# the README, the licence, the changelog and deploy/; the image archive loads back into
# podman; SHA256SUMS checks both.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=${PARLONS_DIST_BIN:-$(scripts/build-release --no-widget)}
out=$(realpath "$(scripts/release "$binary" "$(scripts/image "$binary")")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$out"
sha256sum --check --quiet SHA256SUMS
tarball=$(ls parlons-*-x86_64-linux.tar.gz)
tar -xzf "$tarball" -C "$work"
folder="$work/${tarball%.tar.gz}"
for file in parlons README.md LICENSE CHANGELOG.md deploy/parlons.service deploy/parlons.env; do
  [ -e "$folder/$file" ] || { echo "$tarball lacks $file"; exit 1; }
done
"$folder/parlons" --version | grep -q "(widget: build "
grep -q "GNU AFFERO GENERAL PUBLIC LICENSE" "$folder/LICENSE"
loaded=$(podman load --quiet --input parlons-*-image.oci.tar)
echo "$loaded" | grep -q "Loaded image" || { echo "the image archive did not load: $loaded"; exit 1; }
echo "release $(basename "$out"): $(ls | tr '\n' ' ')"
