"""``gt-validate fix`` through the console script, on real files."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.beyond_project import annotation, document, write_project
from tests.conftest import EXAMPLES
from tests.e2e.beyond_cli import console

pytestmark = pytest.mark.e2e


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_project(
        tmp_path,
        {
            "a/broken.json": document(
                annotation(1, "Car", points=[[30, 40], [10, 20]]), filename="broken.jpg"
            ),
            "a/ambiguous.json": document(annotation(1, "bus"), filename="ambiguous.jpg"),
            "a/fine.json": document(annotation(1, "car"), filename="fine.jpg"),
        },
    )
    return tmp_path


def test_fix__writes_in_place_keeps_mode_and_leaves_clean_files(project: Path) -> None:
    broken, fine = project / "a/broken.json", project / "a/fine.json"
    os.chmod(broken, 0o640)
    fine_stat = fine.stat()
    run = console("fix", "a/broken.json", "a/fine.json", cwd=project)
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads(broken.read_text(encoding="utf-8"))
    assert doc["annotations"][0]["label"] == "car"
    assert doc["annotations"][0]["points"] == [[10, 20], [30, 40]]
    assert broken.stat().st_mode & 0o777 == 0o640
    assert (
        fine.stat().st_ino == fine_stat.st_ino and fine.stat().st_mtime_ns == fine_stat.st_mtime_ns
    )
    assert "a/broken.json:" in run.stdout and "fixed unknown_class: 'Car' -> 'car'" in run.stdout
    assert "fixed 3 finding(s) in 1 file(s)" in run.stdout
    assert not [p for p in (project / "a").iterdir() if p.name.startswith(".")]  # no temp left
    assert console(*["a/broken.json"], cwd=project).returncode == 0


def test_fix__ambiguous_left_alone_exit_1(project: Path) -> None:
    before = (project / "a/ambiguous.json").read_bytes()
    run = console("fix", "a", cwd=project)
    assert run.returncode == 1
    assert "left alone unknown_class: 'bus' is ambiguous: it matches 'Bus' and 'BUS'" in run.stdout
    assert "a/ambiguous.json: 1 error(s) remain (unknown_class x1)" in run.stdout
    assert (project / "a/ambiguous.json").read_bytes() == before


def test_fix__diff_prints_and_writes_nothing(project: Path) -> None:
    before = {p: p.read_bytes() for p in (project / "a").iterdir()}
    run = console("fix", "--diff", "a/broken.json", cwd=project)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("--- a/a/broken.json\n+++ b/a/broken.json\n@@")
    assert '-      "label": "Car"\n+      "label": "car"\n' in run.stdout
    assert "would fix 3 finding(s)" in run.stderr
    assert {p: p.read_bytes() for p in (project / "a").iterdir()} == before


def test_fix__select_only_boxes(project: Path) -> None:
    run = console("fix", "--select", "invalid_points", "a/broken.json", cwd=project)
    assert run.returncode == 1  # the class remains
    doc = json.loads((project / "a/broken.json").read_text(encoding="utf-8"))
    assert doc["annotations"][0]["label"] == "Car"
    assert doc["annotations"][0]["points"] == [[10, 20], [30, 40]]


@pytest.mark.parametrize(
    "args",
    [["--select", "out_of_range", "a"], ["no/such/path"], ["--nope"]],
)
def test_fix__usage_errors_exit_2(project: Path, args: list[str]) -> None:
    run = console("fix", *args, cwd=project)
    assert run.returncode == 2
    assert "gt-validate fix: error:" in run.stderr and "Traceback" not in run.stderr


def test_fix__examples_exactly_the_safe_ones(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    run = console("fix", "gt", cwd=tmp_path / "ex")
    assert run.returncode == 1  # out_of_range, duplicate ids and such remain
    assert "(byte_order_mark x1, invalid_points x2, unknown_class x2)" in run.stdout
    after = console("--format", "json", "gt", cwd=tmp_path / "ex")
    codes = json.loads(after.stdout)["summary"]["codes"]
    assert "unknown_class" not in codes and "invalid_points" not in codes
    assert "byte_order_mark" not in codes and codes["out_of_range"] == 1


def test_fix__symlink_target_fixed_link_kept(project: Path) -> None:
    link = project / "a" / "link.json"
    link.symlink_to(project / "a" / "broken.json")
    console("fix", "a/link.json", cwd=project)
    assert link.is_symlink()
    assert '"car"' in (project / "a" / "broken.json").read_text(encoding="utf-8")


def test_fix__file_over_the_size_limit_not_read(project: Path) -> None:
    config = json.loads((project / "gt-project.json").read_text(encoding="utf-8"))
    config["limits"] = {"max_file_bytes": 100}
    (project / "gt-project.json").write_text(json.dumps(config), encoding="utf-8")
    before = (project / "a/broken.json").read_bytes()
    run = console("fix", "a/broken.json", cwd=project)
    assert run.returncode == 1 and "over limits.max_file_bytes" in run.stdout
    assert (project / "a/broken.json").read_bytes() == before


def test_fix__selection_is_the_clis(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    hidden = project / "a" / ".hidden.json"
    hidden.write_bytes((project / "a/broken.json").read_bytes())
    outside = tmp_path_factory.mktemp("elsewhere") / "x.json"
    outside.write_text("{}", encoding="utf-8")
    run = console(
        "fix",
        "--config",
        "gt-project.json",
        "--exclude",
        "a/ambig*",
        "a",
        str(outside),
        cwd=project,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ambiguous" not in run.stdout and ".hidden" not in run.stdout
    assert f"{outside}: skipped: outside the gt_root" in run.stdout
    assert '"Car"' in hidden.read_text(encoding="utf-8")  # hidden names are not walked


def test_fix__stdin_refused(project: Path) -> None:
    run = console("fix", "-", cwd=project)
    assert run.returncode == 2 and "standard input" in run.stderr
