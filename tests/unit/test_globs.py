"""Globs over /-separated paths (``--exclude``, the Action's ``files`` input)."""

from __future__ import annotations

import pytest

from gt_validator.globs import matches, matches_any

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("path", "glob", "expected"),
    [
        ("gt/a/b/x.json", "gt/**/x.json", True),
        ("gt/x.json", "gt/**/x.json", True),  # ** spans zero folders too
        ("gt/a/x.json", "gt/*.json", False),  # * stays within one name
        ("gt/a/x.json", "gt/*/x.json", True),
        ("gt/tmp/a/x.json", "gt/tmp", True),  # a folder covers what is under it
        ("gt/tmpfile.json", "gt/tmp", False),
        ("gt/x1.json", "gt/x?.json", True),
        ("gt/x12.json", "gt/x?.json", False),
        ("gt/xa.json", "gt/x[!0-9].json", True),
        ("gt/x1.json", "gt/x[!0-9].json", False),
        ("gt/x.json", "./gt/x.json", True),
    ],
)
def test_matches_any__glob_rules(path: str, glob: str, expected: bool) -> None:
    assert matches_any(path, [glob]) is expected


def test_matches__no_globs_include_everything_but_exclude_nothing() -> None:
    assert matches("gt/x.json", []) is True
    assert matches_any("gt/x.json", []) is False
