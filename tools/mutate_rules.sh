#!/usr/bin/env bash
# Mutation score of the rules (handler/gt_validator/rules/, parse.py) with mutmut.
#
#   tools/mutate_rules.sh [MAX_CHILDREN]          # then: cd .mutmut && mutmut results
#   MUTATE='"src/gt_validator/parse.py"' tools/mutate_rules.sh   # a subset
#
# mutmut names a mutant after its file's path and strips only a leading "src.",
# so it runs in a scratch copy (.mutmut/) where handler/ is called src/, with the
# [tool.mutmut] table appended to the copy's pyproject.toml (the AWS script,
# tools/mutate_aws.sh, appends its own). The tests run are those aimed at the
# rules and the parser, under the "mutmut" hypothesis profile (few derandomized
# examples, no shrinking). Not run by CI: a full run takes about an hour
# (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$PWD/.mutmut
rm -rf "$work"
mkdir -p "$work"
cp -r handler "$work/src"
cp -r tests examples docs schemas handler pyproject.toml "$work/"
find "$work" -name __pycache__ -prune -exec rm -rf {} +
# mutmut copies folders without keeping symlinks, which fails on a dangling one (the
# unreadable_file example): drop those links here, and the two catalog tests they feed.
find "$work" -xtype l -delete
cd "$work"
cat >>pyproject.toml <<TOML

[tool.mutmut]
source_paths = ["src"]
only_mutate = [${MUTATE:-\"src/gt_validator/rules/*\", \"src/gt_validator/parse.py\"}]
also_copy = ["examples", "docs", "schemas", "handler"]
pytest_add_cli_args = ["-p", "no:cacheprovider"]
pytest_add_cli_args_test_selection = [
  "tests/unit",
  "-k",
  "(rule_examples or test_parse or test_positions or test_fuzz or test_messages or json_test_suite or test_names or test_deep_values or test_duplicate_keys or test_findings_cap) and not rules_md and not messages_of_the_rule_examples",
]
TOML
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
