#!/usr/bin/env bash
# Prints the lines of the shell block of docs/deployment.md marked `<!-- recipe: NAME -->`,
# so that the deployment tests run what the docs tell users to run.
#   tests/deploy/recipe.sh nodes | sed 's|...|...|' | bash -euo pipefail
set -euo pipefail
cd "$(dirname "$0")/../.."
awk -v name="$1" '
  $0 == "<!-- recipe: " name " -->" { marked = 1; next }
  marked && /^```sh$/ { inside = 1; next }
  inside && /^```$/ { found = 1; exit }
  inside { print }
  END { if (!found) { print "no recipe " name " in docs/deployment.md" > "/dev/stderr"; exit 1 } }
' docs/deployment.md
