#!/usr/bin/env bash
# The render bench: Markdown's every nesting construct at 10,000 characters, rendered and
# sanitized as a post is; prints the median and worst time per input (budget: 5 ms each).
#   bench/render.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --release --locked -p parlons-server --example render_bench -- "$@"
