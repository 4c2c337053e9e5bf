"""action.yml and the workflows: schema-valid, documented, safe to run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
ACTION = REPO / "action.yml"
DOCS = REPO / "docs/github-action.md"
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
SPEC_INPUTS = {
    "config",
    "paths",
    "changed-only",
    "fail-on",
    "comment",
    "annotations",
    "sarif",
    "function-name",
    "github-token",
    "python-version",
}
SPEC_OUTPUTS = {"valid", "files", "invalid-files", "errors", "warnings", "report"}


def _yaml(text: str) -> Any:
    # YAML 1.2 (ruamel, a dependency of check-jsonschema): ``on`` stays a string.
    return YAML(typ="safe", pure=True).load(text)


def _load(path: Path) -> dict[str, Any]:
    data = _yaml(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(doc: dict[str, Any]) -> list[dict[str, Any]]:
    if "runs" in doc:
        return list(doc["runs"].get("steps", []))
    return [s for job in doc.get("jobs", {}).values() for s in job.get("steps", [])]


def _table_names(markdown: str, heading: str) -> set[str]:
    section = markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z-]+)` \|", section, re.MULTILINE))


def _check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("check-jsonschema") or str(
        Path(sys.executable).with_name("check-jsonschema")
    )
    return subprocess.run(
        [exe, "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_action__inputs_and_outputs_as_the_spec_names_them() -> None:
    doc = _load(ACTION)
    assert set(doc["inputs"]) == SPEC_INPUTS
    assert set(doc["outputs"]) == SPEC_OUTPUTS
    assert doc["runs"]["using"] == "composite" and doc["branding"]


def test_docs__every_input_and_output_documented() -> None:
    doc = _load(ACTION)
    markdown = DOCS.read_text(encoding="utf-8")
    assert _table_names(markdown, "Inputs") == set(doc["inputs"])
    assert _table_names(markdown, "Outputs") == set(doc["outputs"])


def test_docs__example_workflow_minimal_permissions_never_pull_request_target() -> None:
    markdown = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", markdown, re.DOTALL)
    workflow = _yaml(blocks[0])
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert set(workflow["on"]) == {"pull_request"}
    for path in WORKFLOWS:
        assert "pull_request_target" not in _load(path)["on"], path.name


@pytest.mark.parametrize("path", [ACTION, *WORKFLOWS], ids=lambda p: p.name)
def test_run_scripts__no_expressions(path: Path) -> None:
    for step in _steps(_load(path)):
        assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


def test_action__every_input_reaches_the_program_as_input_variable() -> None:
    doc = _load(ACTION)
    validate = next(s for s in _steps(doc) if s.get("id") == "validate")
    env_values = " ".join(str(v) for v in validate["env"].values())
    for name in SPEC_INPUTS - {"python-version"}:
        assert f"inputs.{name} }}}}" in env_values, name
        assert f'"INPUT_{name.upper()}=$' in validate["run"], name
    assert re.search(r"gt-validate\" github\s*$", validate["run"])


def test_action__installs_from_its_own_checkout_with_pip_cache() -> None:
    steps = _steps(_load(ACTION))
    install = next(s for s in steps if s.get("name") == "Install gt-validator")
    assert install["env"]["GT_ACTION_PATH"] == "${{ github.action_path }}"
    assert "PIP_CACHE_DIR" in install["env"]
    assert any(str(s.get("uses", "")).startswith("actions/cache@") for s in steps)


def test_action__schema_valid() -> None:
    done = _check_jsonschema("vendor.github-actions", ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows__schema_valid() -> None:
    assert WORKFLOWS, "no workflow in .github/workflows"
    done = _check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows__self_test_runs_the_action_on_examples() -> None:
    doc = _load(REPO / ".github/workflows/self-test.yml")
    uses = [s for s in _steps(doc) if s.get("uses") == "./"]
    assert uses and any("examples/" in str(s.get("with", {}).get("config")) for s in uses)


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint not installed")
def test_workflows__actionlint_clean() -> None:
    done = subprocess.run(
        ["actionlint", *map(str, WORKFLOWS)], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert done.returncode == 0, done.stdout + done.stderr
