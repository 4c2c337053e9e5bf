"""File selection: globs, gt_root, changed files, the config; config discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_validator.github.select import find_config, glob_regex, matches, select_files
from gt_validator.github.settings import UsageError

pytestmark = pytest.mark.unit


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("gt/**/*.json", "gt/a/b/x.json", True),
        ("gt/**/*.json", "gt/x.json", True),
        ("gt/*.json", "gt/a/x.json", False),
        ("gt/a", "gt/a/b/x.json", True),
        ("gt/a/", "gt/a/x.json", True),
        ("./gt/?.json", "gt/x.json", True),
        ("gt/[ab].json", "gt/c.json", False),
        ("gt/[!ab].json", "gt/c.json", True),
        ("gt/a", "gt/ab/x.json", False),
    ],
)
def test_glob_regex__cases(pattern: str, path: str, expected: bool) -> None:
    assert bool(glob_regex(pattern).fullmatch(path)) is expected


def test_matches__no_globs_means_all() -> None:
    assert matches("anything.json", ())


def test_select_files__all_under_root_sorted_config_skipped(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "gt/b/y.json",
        "gt/a/x.json",
        "gt/a/x.txt",
        "other/z.json",
        "gt/gt-project.json",
        "gt/.git/h.json",
    )
    files = select_files(tmp_path, tmp_path / "gt", (), None, [tmp_path / "gt/gt-project.json"])
    assert [(f.path, f.rel_path) for f in files] == [
        ("gt/a/x.json", "a/x.json"),
        ("gt/b/y.json", "b/y.json"),
    ]


def test_select_files__changed_only_and_globs(tmp_path: Path) -> None:
    _touch(tmp_path, "gt/a/x.json", "gt/b/y.json", "gt/a/z.json")
    changed = ["gt/a/x.json", "gt/b/y.json", "gt/gone.json", "README.md", "outside.json"]
    files = select_files(tmp_path, tmp_path / "gt", ("gt/a/**",), changed)
    assert [f.path for f in files] == ["gt/a/x.json"]


def test_select_files__hostile_and_non_ascii_names(tmp_path: Path) -> None:
    name = "gt/é\n::error::x `@a` <b>.json"
    _touch(tmp_path, name)
    files = select_files(tmp_path, tmp_path / "gt", (), [name])
    assert [f.path for f in files] == [name]


def test_find_config__input_relative_to_workspace(tmp_path: Path) -> None:
    _touch(tmp_path, "data/gt-project.json")
    assert find_config("data/gt-project.json", tmp_path) == str(tmp_path / "data/gt-project.json")


def test_find_config__missing_input_is_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        find_config("nope.json", tmp_path)


def test_find_config__s3_uri_kept() -> None:
    assert find_config("s3://b/k/gt-project.json", Path("/nowhere")) == "s3://b/k/gt-project.json"


def test_find_config__discovers_the_only_one(tmp_path: Path) -> None:
    _touch(tmp_path, "data/gt-project.json")
    assert find_config(None, tmp_path) == str(tmp_path / "data/gt-project.json")


def test_find_config__several_is_usage_error(tmp_path: Path) -> None:
    _touch(tmp_path, "a/gt-project.json", "b/gt-project.json")
    with pytest.raises(UsageError, match="several"):
        find_config(None, tmp_path)


def test_find_config__none_is_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="set the 'config' input"):
        find_config(None, tmp_path)
