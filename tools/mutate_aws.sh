#!/usr/bin/env bash
# Mutation testing of the AWS adapters (handler/app.py, handler/gt_validator/aws/) with
# mutmut. Not run by CI: it takes tens of minutes. docs/testing.md has the last score.
#
#   tools/mutate_aws.sh [STAGE_DIR]        # then: cd STAGE_DIR && mutmut results
#   MUTMUT_SAMPLE=400 tools/mutate_aws.sh  # a seeded random sample of the mutants only
#
# mutmut names a module by its path under the project root (or src/), while the Lambda's
# code imports as `app` and `gt_validator`, from handler/. So the run happens in a staging
# copy of the repository with handler/ as src/. Only the tests that exercise the adapters
# run (tests/integration and the state machine's unit tests).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=${1:-$(mktemp -d -t gt-mutate-aws.XXXXXX)}
mkdir -p "$stage/handler"
cp -r "$repo/handler/." "$stage/src/"
cp "$repo/handler/requirements.txt" "$repo/handler/requirements.in" "$stage/handler/"
for item in tests infra events docs bench examples schemas template.yaml pyproject.toml; do
  cp -r "$repo/$item" "$stage/"
done
find "$stage/src" -name '*.so' -delete  # the C accelerator stays the installed one's
cat >> "$stage/pyproject.toml" <<'TOML'

[tool.mutmut]
source_paths = ["src"]
only_mutate = ["src/gt_validator/aws/*", "src/app.py"]
also_copy = ["infra/", "events/", "template.yaml", "docs/", "bench/", "examples/", "schemas/",
             "handler/"]
mutate_only_covered_lines = true
pytest_add_cli_args_test_selection = ["tests/integration", "tests/unit/test_statemachine.py",
                                      "tests/unit/test_revalidate_output.py"]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]
TOML
cd "$stage"
# One moto server for every test run of every mutant (GT_TEST_MOTO_URL), instead of one
# started per mutant: most of a mutant's time otherwise goes to moto's start-up.
port=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python -m moto.server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid"' EXIT
until python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; do
  sleep 0.5
done
export GT_TEST_MOTO_URL="http://127.0.0.1:$port"
if [ -n "${MUTMUT_SAMPLE:-}" ]; then
  # Generate the mutants and the per-test coverage only (no name matches), then run a
  # seeded sample: an estimate of the score, with its margin, in a fraction of the time.
  mutmut run --max-children "${MUTMUT_CHILDREN:-2}" 'none-such-mutant' >/dev/null 2>&1 || true
  mutmut results --all true | sed -n 's/^ *\([^ :]*\): .*/\1/p' |
    python -c 'import random, sys; names = sorted(set(sys.stdin.read().split()));
random.Random(2026).shuffle(names); print("\n".join(names[:int(sys.argv[1])]))' \
      "$MUTMUT_SAMPLE" > sample.txt
  # shellcheck disable=SC2046
  mutmut run --max-children "${MUTMUT_CHILDREN:-2}" $(cat sample.txt) || true
  mutmut results --all true | grep -F -f sample.txt > results.txt || true
else
  mutmut run --max-children "${MUTMUT_CHILDREN:-2}" || true
  mutmut results --all true > results.txt || true
fi
echo "stage: $stage"
for status in killed survived timeout suspicious "no tests" skipped; do
  printf '%-10s %s\n' "$status" "$(grep -c ": $status\$" results.txt || true)"
done
