#!/usr/bin/env bash
# Mutation score of the rules (handler/gt_validator/rules/, parse.py) with mutmut.
#
#   tools/mutation-test.sh [MAX_CHILDREN]     # then: cd .mutmut && mutmut results
#   MUTATE='"src/gt_validator/parse.py"' tools/mutation-test.sh   # a subset
#
# mutmut names a mutant after its file's path and strips only a leading "src.",
# so it runs in a scratch copy (.mutmut/) where handler/ is called src/ and the
# tests import gt_validator from there. The hypothesis tests run under the
# "mutmut" profile (few, derandomized examples) so each mutant costs seconds.
# Not run by CI: a full run takes tens of minutes (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$PWD/.mutmut
rm -rf "$work"
mkdir -p "$work"
cp -r handler "$work/src"
cp -r tests examples docs schemas handler pyproject.toml "$work/"
find "$work" -name __pycache__ -prune -exec rm -rf {} +
cd "$work"
if [ -n "${MUTATE:-}" ]; then  # e.g. MUTATE='"src/gt_validator/parse.py"': a subset only
  sed -i "s|^only_mutate = .*|only_mutate = [${MUTATE}]|" pyproject.toml
fi
export HYPOTHESIS_PROFILE=mutmut
mutmut run --max-children "${1:-2}"
mutmut results --all true >results.txt 2>&1 || true
python - <<'PY'
import re
from collections import Counter

counts = Counter()
for line in open("results.txt", encoding="utf-8"):
    m = re.match(r"\s*(\S+__mutmut_\d+): (.+)", line)
    if m:
        counts[m.group(2).strip()] += 1
total = sum(counts.values())
killed = counts["killed"] + counts["timeout"] + counts["segfault"]
print(dict(counts))
print(f"killed {killed} of {total} mutants: {100 * killed / max(total, 1):.1f}%")
PY
