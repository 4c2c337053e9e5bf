"""Small parts of the CLI: the progress bar, the pre-commit hook definition."""

from __future__ import annotations

import io

import pytest
import yaml

from gt_validator.cli.progress import Progress
from tests.conftest import REPO

pytestmark = pytest.mark.unit


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_maybe__only_on_a_terminal_and_for_long_runs() -> None:
    assert Progress.maybe(io.StringIO(), 10_000) is None  # not a terminal
    assert Progress.maybe(_Terminal(), Progress.MIN_FILES - 1) is None  # too short to help
    assert Progress.maybe(_Terminal(), 10_000, enabled=False) is None  # --no-progress
    assert Progress.maybe(_Terminal(), 10_000) is not None


def test_progress_advance__redraws_once_a_percent_and_ends_the_line() -> None:
    stream = _Terminal()
    bar = Progress(stream, 400)
    for _ in range(400):
        bar.advance(1)
    bar.close()
    frames = stream.getvalue().split("\r")[1:]
    assert len(frames) == 101  # 0% .. 100%, not one frame per file
    assert frames[-1] == f"[{'#' * 25}] 400/400 files\n"


def test_pre_commit_hook__runs_gt_validate_on_json_files() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "gt-validate"
    assert hook["entry"] == "gt-validate"
    assert hook["language"] == "python"
    assert hook["files"] == r"\.json$"
    assert "gt-project" in hook["exclude"]  # the config is not a GT file
