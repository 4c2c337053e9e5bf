"""Shared fixtures: repository paths and golden-file comparison.

Set GT_UPDATE_GOLDEN=1 to rewrite golden files instead of comparing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.strategies import profiles

profiles.load()  # hypothesis: HYPOTHESIS_PROFILE=dev|ci|fuzz (tests/strategies/profiles.py)

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
UPDATE_GOLDEN = os.environ.get("GT_UPDATE_GOLDEN") == "1"


def assert_golden(actual: str, golden: Path) -> None:
    """Compare with a golden file, or rewrite it when GT_UPDATE_GOLDEN=1."""
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), f"{golden} is missing: run with GT_UPDATE_GOLDEN=1 to create it"
    assert actual == golden.read_text(encoding="utf-8")


@pytest.fixture
def repo() -> Path:
    return REPO
