"""action.yml itself, step by step as a runner runs it: find Python, key, install, validate."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.e2e.composite_runner import CompositeRun, runner_env

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is what action.yml's steps run in")
def test_action_yml__installs_once_then_restores_and_validates(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(REPO / "examples", workspace)
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    temp = tmp_path / "temp"
    temp.mkdir()
    inputs = {"config": "gt-project.json", "fail-on": "never", "python-version": version}

    saved: set[str] = set()
    first = CompositeRun(REPO, dict(inputs), runner_env(workspace, tmp_path / "r1"), temp, saved)
    assert first.run() == 0, first.stderr
    assert "Set up Python" not in first.ran  # the runner's own Python was suitable
    assert "Install gt-validator" in first.ran
    key = first.outputs["install-key"]["key"]
    summary = Path(first.env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "GT validation" in summary and "files invalid" in summary
    for name in ("GITHUB_ENV", "GITHUB_PATH"):  # the caller's job is left alone
        assert Path(first.env[name]).read_text(encoding="utf-8") == "", name

    assert saved == {key}

    second = CompositeRun(REPO, dict(inputs), runner_env(workspace, tmp_path / "r2"), temp, saved)
    assert second.run() == 0, second.stderr
    assert "Install gt-validator" not in second.ran  # restored: no pip at all
    assert "Validate GT files" in second.ran and second.outputs["install-key"]["key"] == key
    reports = sorted(temp.glob("gt-validator-report-*.json"))
    assert len(reports) == 2
    assert json.loads(reports[1].read_text(encoding="utf-8"))["summary"]["invalid"] > 0

    remote = CompositeRun(
        REPO,
        {**inputs, "function-name": "fn"},
        runner_env(workspace, tmp_path / "r3"),
        temp,
        saved,
        stop_after="install-key",
    )
    assert remote.run() == 0
    assert remote.outputs["install-key"]["extras"] == "[s3]"
    assert remote.outputs["install-key"]["key"] not in saved  # its own install
