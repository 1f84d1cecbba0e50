#!/usr/bin/env bash
# The filter bench: a site's largest list (10,000 entries) against the longest comment
# (10,000 characters), its name and website; prints the median and worst check per input
# (budget: 1 ms each) and the list's build time.
#   bench/filters.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --release --locked -p parlons-server --example filter_bench -- "$@"
