"""The pre-commit hook as a user tries it: ``pre-commit try-repo`` on a real git repository
holding two projects, a GT file with a mistake, and JSON files that are not GT files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO
from tests.e2e.cli_support import valid_copy

pytestmark = pytest.mark.e2e

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _dataset(repo: Path) -> None:
    repo.mkdir()
    _git(repo, "init", "-q", ".")
    _git(repo, "config", "user.email", "test@example.com")
    _git(repo, "config", "user.name", "test")
    config = json.loads((EXAMPLES / "gt-project.json").read_text(encoding="utf-8"))
    for name, classes in (("roads", config["classes"]), ("people", config["classes"][1:])):
        folder = repo / name
        folder.mkdir()
        (folder / "gt-project.json").write_text(
            json.dumps({**config, "classes": classes}), encoding="utf-8"
        )
        shutil.copy(EXAMPLES / "resources.jsonl", folder / "resources.jsonl")
        valid_copy(folder / "gt")  # a car: valid in roads, unknown_class in people
    (repo / ".vscode").mkdir()
    (repo / ".vscode" / "settings.json").write_text("{}", encoding="utf-8")
    (repo / "roads" / "gt-project.schema.json").write_text("{}", encoding="utf-8")


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    _git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(REPO), "gt-validate", "--verbose", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed (test extra)")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_hook__two_projects_and_json_files_that_are_not_gt(tmp_path: Path) -> None:
    repo = tmp_path / "dataset"
    _dataset(repo)
    run = _try_repo(repo, tmp_path / "pre-commit-home")
    out = run.stdout + run.stderr
    if run.returncode not in (0, 1):  # 3: pre-commit itself failed (no network for pip...)
        pytest.skip(f"pre-commit could not install the hook here: {out[-500:]}")
    # people/ does not register 'car': its copy fails, the roads copy passes.
    assert run.returncode == 1, out
    assert "people/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0001.json" in out
    assert "unknown_class" in out
    assert "roads/gt/0000" not in out  # valid files are only counted
    assert "2 files: 1 valid, 1 invalid" in out
    assert "2 skipped" in out  # .vscode/settings.json and the editor schema
    assert "skipped: .vscode/settings.json: no gt-project.json in its folder or above" in out
    assert "skipped: roads/gt-project.schema.json: outside the gt_root of roads/" in out
    # Fixed: the hook passes, still skipping what is not GT.
    (repo / "people" / "gt").rename(tmp_path / "moved")
    fixed = _try_repo(repo, tmp_path / "pre-commit-home")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "1 file: 1 valid, 0 invalid" in fixed.stdout
