"""``gt-validate init`` and ``gt-validate stats`` through the console script."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.e2e.beyond_cli import console

pytestmark = pytest.mark.e2e

# What no config can lift in examples/: syntax, geometry, ids, where a file lives.
UNLIFTABLE = {
    "byte_order_mark",
    "duplicate_key",
    "invalid_points",
    "out_of_range",
    "duplicate_annotation_id",
    "path_mismatch",
    "unknown_field",
}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "gt", tmp_path / "gt")
    for line in (EXAMPLES / "resources.jsonl").read_text(encoding="utf-8").splitlines():
        path = tmp_path / "res" / json.loads(line)["path"].lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\xff\xd8\xff")
    return tmp_path


def test_init__draft_lets_its_files_pass_but_what_no_config_lifts(work: Path) -> None:
    run = console("init", "gt", "--resources", "res", "--output", "gt-project.json", cwd=work)
    assert run.returncode == 0, run.stderr
    assert "car.weather: select, 2 values seen, missing from 1 of 13: not required" in run.stdout
    assert "resource_type: image" in run.stdout
    config = json.loads((work / "gt-project.json").read_text(encoding="utf-8"))
    assert config["gt_root"] == "gt"
    assert config["resources"] == {"manifest": "resources.jsonl", "root": "res"}
    manifest = (work / "resources.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(manifest) == 15 and json.loads(manifest[0])["status"] == "not_started"
    report = json.loads(console("--format", "json", "gt", cwd=work).stdout)
    assert set(report["summary"]["codes"]) <= UNLIFTABLE
    assert report["summary"]["valid"] == 10


def test_init__never_overwrites_without_force(work: Path) -> None:
    assert console("init", "gt", cwd=work).returncode == 0
    target = work / "gt" / "gt-project.json"
    target.write_text("{}", encoding="utf-8")
    again = console("init", "gt", cwd=work)
    assert again.returncode == 2 and "exists; use --force" in again.stderr
    assert target.read_text(encoding="utf-8") == "{}"
    forced = console("init", "gt", "--force", cwd=work)
    assert forced.returncode == 0
    assert json.loads(target.read_text(encoding="utf-8"))["gt_root"] == "."


def test_init__no_gt_files_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = console("init", "empty", cwd=tmp_path)
    assert run.returncode == 2 and "no GT files found under empty" in run.stderr


def test_stats__text_and_json_with_config() -> None:
    text = console("stats", "examples", cwd=EXAMPLES.parent)
    assert text.returncode == 0, text.stderr
    assert "files: 15" in text.stdout and "findings per code:" in text.stdout
    data = json.loads(console("stats", "--format", "json", "examples", cwd=EXAMPLES.parent).stdout)
    assert data["files"] == 15 and data["annotations_per_type"]["box"] == 15
    assert data["findings_per_code"]["unknown_class"] == 2


def test_stats__without_config_counts_only(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "gt", tmp_path / "gt")
    data = json.loads(console("stats", "--format", "json", "gt", cwd=tmp_path).stdout)
    assert data["files"] == 15 and "findings_per_code" not in data


def test_stats__file_over_the_limit_counted_not_read(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    config = json.loads((tmp_path / "ex" / "gt-project.json").read_text(encoding="utf-8"))
    config["limits"] = {"max_file_bytes": 10}
    (tmp_path / "ex" / "gt-project.json").write_text(json.dumps(config), encoding="utf-8")
    data = json.loads(console("stats", "--format", "json", "gt", cwd=tmp_path / "ex").stdout)
    assert data["files"] == 15 and data["not_json"] == 15 and data["annotations"] == 0
    assert data["findings_per_code"] == {"file_too_large": 15}


def test_stats__files_without_config_counted_beside_those_with(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    (tmp_path / "loose").mkdir()
    shutil.copy(EXAMPLES / "gt" / "0000" / "frame_0015.json", tmp_path / "loose" / "a.json")
    data = json.loads(console("stats", "--format", "json", "ex/gt", "loose", cwd=tmp_path).stdout)
    assert data["files"] == 16
    assert sum(data["findings_per_code"].values()) == 12  # the 15 judged files only
