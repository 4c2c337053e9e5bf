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
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["validate"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
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


def test_action__install_cached_by_source_and_python() -> None:
    steps = _steps(_load(ACTION))
    key = next(s for s in steps if s.get("id") == "install-key")
    assert "install_key.py" in key["run"] and key["env"]["GT_ACTION_PATH"] == (
        "${{ github.action_path }}"
    )
    cache = next(s for s in steps if str(s.get("uses", "")).startswith("actions/cache@"))
    assert cache["with"] == {
        "path": "${{ steps.install-key.outputs.venv }}",
        "key": "${{ steps.install-key.outputs.key }}",
    }
    install = next(s for s in steps if s.get("name") == "Install gt-validator")
    assert install["if"] == "steps.cache.outputs.cache-hit != 'true'"
    assert "$GT_VENV" in install["run"] and "$GT_ACTION_PATH$GT_EXTRAS" in install["run"]


def test_action__leaves_the_callers_job_alone() -> None:
    steps = _steps(_load(ACTION))
    setup = next(s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert setup["with"]["update-environment"] is False
    assert setup["if"] == "steps.python.outputs.path == ''"  # skipped when one is there
    for step in steps:
        assert "GITHUB_ENV" not in step.get("run", "") and "GITHUB_PATH" not in step.get("run", "")
    uses_python = [s for s in steps if "GT_PYTHON" in s.get("env", {})]
    assert uses_python and all(
        s["env"]["GT_PYTHON"]
        == "${{ steps.python.outputs.path || steps.setup.outputs.python-path }}"
        for s in uses_python
    )


_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$")
_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


@pytest.mark.parametrize("path", [ACTION, *WORKFLOWS], ids=lambda p: p.name)
def test_uses__pinned_by_commit_with_version_comment(path: Path) -> None:
    found = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _USES.match(line)
        if not match or match.group(1).startswith("./"):
            continue
        found += 1
        target, rest = match.groups()
        assert _PINNED.match(target), f"{path.name}: not pinned by full SHA: {target}"
        assert re.fullmatch(r"\s*# v\d+(\.\d+){0,2}", rest), f"{path.name}: no version: {line}"
    assert found or path.name == "ci.yml" or path.name.startswith("self"), path.name


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows__bounded_and_least_privilege(path: Path) -> None:
    doc = _load(path)
    assert "concurrency" in doc, path.name
    assert doc["permissions"] == {"contents": "read"}, path.name
    for name, job in doc["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: {name}"
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, f"{path.name}: {name}"


def test_self_test__runs_on_linux_windows_macos() -> None:
    job = _load(REPO / ".github/workflows/self-test.yml")["jobs"]["examples"]
    assert set(job["strategy"]["matrix"]["os"]) == {
        "ubuntu-latest",
        "windows-latest",
        "macos-latest",
    }
    assert job["runs-on"] == "${{ matrix.os }}"


def test_release__builds_publishes_and_moves_major_tag() -> None:
    doc = _load(REPO / ".github/workflows/release.yml")
    assert doc["on"] == {"push": {"tags": ["v[0-9]+.[0-9]+.[0-9]+"]}}
    jobs = doc["jobs"]
    wheels = jobs["wheels"]
    oses = set(wheels["strategy"]["matrix"]["os"])
    assert {"ubuntu-latest", "ubuntu-24.04-arm", "windows-latest"} <= oses
    assert any(o.startswith("macos-") for o in oses)
    assert any("cibuildwheel" in s.get("run", "") for s in wheels["steps"])
    publish = jobs["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    step = next(s for s in publish["steps"] if "gh-action-pypi-publish" in str(s.get("uses")))
    assert set(step.get("with", {})) <= {"packages-dir"}  # no password: trusted publishing
    assert set(publish["needs"]) == {"sdist", "wheels"}
    tag = jobs["major-tag"]
    assert tag["needs"] == "publish" and tag["permissions"] == {"contents": "write"}
    assert "GITHUB_REF_NAME%%.*" in tag["steps"][0]["run"]
    for name, job in jobs.items():
        if name not in ("publish", "major-tag"):
            assert "permissions" not in job, name  # the read-only default


def test_release__cibuildwheel_ships_the_accelerator() -> None:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    cibw = config["tool"]["cibuildwheel"]
    assert "gt_validator._speedups" in cibw["test-command"]
    assert "cp311-*" in cibw["build"]


def test_docs__name_only_versions_the_release_makes() -> None:
    import tomllib

    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    major = "v" + version.split(".")[0]
    texts = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        for ref in re.findall(r"gt-validator@(v\d[\w.]*)", text):
            assert ref == major, f"{path.name}: @{ref} (the release makes {major})"
        for rev in re.findall(r"rev:\s*(v\d[\w.]*)", text):
            assert rev == f"v{version}", f"{path.name}: rev {rev}"


@pytest.mark.skipif(
    shutil.which("zizmor") is None and not Path(sys.executable).with_name("zizmor").exists(),
    reason="zizmor not installed (pip install zizmor)",
)
def test_workflows__zizmor_clean(tmp_path: Path) -> None:
    exe = shutil.which("zizmor") or str(Path(sys.executable).with_name("zizmor"))
    documented = []  # the workflows docs/github-action.md offers
    for i, block in enumerate(_doc_workflows()):
        documented.append(tmp_path / f"doc{i}.yml")
        documented[-1].write_text(block, encoding="utf-8")
    done = subprocess.run(
        [
            exe,
            "--offline",
            "--config",
            ".github/zizmor.yml",
            "--persona=pedantic",
            "action.yml",
            ".github/workflows/",
            *map(str, documented),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _doc_workflows() -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    return [b for b in blocks if isinstance(_yaml(b), dict) and {"on", "jobs"} <= set(_yaml(b))]


def test_docs__documented_workflows_bounded_and_pinned(tmp_path: Path) -> None:
    workflows = _doc_workflows()
    assert len(workflows) >= 3  # the copy-paste one and the two of the fork recipe
    for block in workflows:
        doc = _yaml(block)
        assert "concurrency" in doc and "pull_request_target" not in doc["on"]
        for job in doc["jobs"].values():
            assert isinstance(job.get("timeout-minutes"), int)
            for step in job["steps"]:
                assert "${{" not in step.get("run", "")
                uses = str(step.get("uses", ""))
                if uses and "gt-validator@" not in uses:
                    assert _PINNED.match(uses), uses
    recipe = next(_yaml(b) for b in workflows if "workflow_run" in _yaml(b)["on"])
    steps = recipe["jobs"]["comment"]["steps"]
    assert not any("checkout" in str(s.get("uses")) for s in steps)  # never the PR's code
    paths = []
    for i, block in enumerate(workflows):
        paths.append(tmp_path / f"doc{i}.yml")
        paths[-1].write_text(block, encoding="utf-8")
    done = _check_jsonschema("vendor.github-workflows", *paths)
    assert done.returncode == 0, done.stdout + done.stderr


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
