"""The CLI run as users run it: a real process on real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO, assert_golden

pytestmark = pytest.mark.e2e

GOLDEN = REPO / "tests" / "golden" / "cli"


def gt_validate(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "gt_validator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["json", "text", "github", "sarif", "junit"])
def test_main__examples_golden(fmt: str) -> None:
    run = gt_validate("--format", fmt, "examples")
    assert run.returncode == 1, run.stderr
    assert_golden(run.stdout, GOLDEN / f"examples.{fmt}")


def test_main__examples_report_names_the_telling_mistakes() -> None:
    report = json.loads(gt_validate("--format", "json", "examples").stdout)
    by_file = {Path(f["path"]).name: f for f in report["files"]}
    codes = {name: {x["code"] for x in f["findings"]} for name, f in by_file.items()}
    assert codes["frame_0001.json"] == set()
    assert codes["frame_0006.json"] == {"unknown_class"}
    assert codes["frame_0007.json"] == {"invalid_attribute_value"}
    assert codes["frame_0008.json"] == {"invalid_points"}
    assert codes["frame_0009.json"] == {"out_of_range"}
    assert codes["frame_0010.json"] == {"duplicate_annotation_id"}
    assert codes["frame_0011.json"] == {"unknown_class"}
    assert codes["frame_0012.json"] == {"missing_attribute", "task_started"}
    assert codes["frame_0013.json"] == {"unknown_field"}
    assert by_file["frame_0013.json"]["valid"] is True
    assert codes["frame_0014.json"] == {"byte_order_mark", "duplicate_key"}
    assert codes["frame_0015.json"] == {"path_mismatch"}
    lookalike = by_file["frame_0011.json"]["findings"][0]["message"]
    assert "did you mean 'car'" in lookalike and "U+0430" in lookalike
    summary = report["summary"]
    assert {k: summary[k] for k in ("files", "valid", "invalid", "errors", "warnings")} == {
        "files": 15,
        "valid": 6,
        "invalid": 9,
        "errors": 11,
        "warnings": 1,
    }
    assert sum(summary["codes"].values()) == 12 and summary["codes"]["unknown_class"] == 2


def test_main__valid_file_exits_0() -> None:
    run = gt_validate("examples/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0001.json")
    assert run.returncode == 0, run.stdout + run.stderr


def test_main__output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    run = gt_validate("--format", "json", "--output", str(out), "examples")
    assert run.returncode == 1 and run.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 15


def test_main__missing_path_exits_2_with_json_error() -> None:
    run = gt_validate("--format", "json", "--config", "examples/gt-project.json", "no/such")
    assert run.returncode == 2
    error = json.loads(run.stdout)
    assert error["version"] == 1 and "no/such" in error["error"]["message"]


def test_main__usage_error_in_json(tmp_path: Path) -> None:
    run = gt_validate("--format", "json", "--jobs", "zero", "examples")
    assert run.returncode == 2
    assert "jobs" in json.loads(run.stdout)["error"]["message"]


def test_main__broken_config_exits_2_naming_it(tmp_path: Path) -> None:
    config = json.loads((EXAMPLES / "gt-project.json").read_text(encoding="utf-8"))
    config["classes"][0]["attributes"][0]["type"] = "dropdown"
    path = tmp_path / "gt-project.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    run = gt_validate("--format", "json", "--config", str(path), str(tmp_path))
    assert run.returncode == 2
    error = json.loads(run.stdout)["error"]
    assert error["config"] == str(path)
    assert error["pointer"] == "/classes/0/attributes/0/type"
    assert str(path) in run.stderr


def test_main__config_discovered_by_walking_up(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    folder = tmp_path / "ex" / "gt" / "0000"
    run = gt_validate("--format", "json", str(folder), cwd=tmp_path)
    assert run.returncode == 1
    assert json.loads(run.stdout)["config"].endswith("gt-project.json")


def test_main__no_path_validates_gt_root(tmp_path: Path) -> None:
    run = gt_validate("--format", "json", "--config", "examples/gt-project.json")
    assert json.loads(run.stdout)["summary"]["files"] == 15


def test_main__folder_named_like_a_subcommand(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    (tmp_path / "ex" / "gt").rename(tmp_path / "ex" / "schema")
    config = tmp_path / "ex" / "gt-project.json"
    config.write_text(
        config.read_text(encoding="utf-8").replace('"gt_root": "gt"', '"gt_root": "schema"'),
        encoding="utf-8",
    )
    run = gt_validate("--format", "json", "./schema", cwd=tmp_path / "ex")
    report = json.loads(run.stdout)
    assert report["summary"]["files"] == 15
    assert all(f["path"].startswith("./schema/") for f in report["files"])


def test_main__non_json_file_named(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    note = tmp_path / "ex" / "gt" / "notes.txt"
    note.write_text("not a GT file", encoding="utf-8")
    run = gt_validate("--format", "json", str(note))
    assert run.returncode == 1
    (entry,) = json.loads(run.stdout)["files"]
    assert [f["code"] for f in entry["findings"]] == ["unsupported_file_type"]


def test_schema__prints_project_schema() -> None:
    run = gt_validate("schema", "--config", "examples/gt-project.json")
    assert run.returncode == 0, run.stderr
    schema = json.loads(run.stdout)
    assert schema["type"] == "object"
    assert "annotations" in schema["properties"]


def test_rules__lists_every_code() -> None:
    from gt_validator.rules.registry import RULES

    run = gt_validate("rules")
    assert run.returncode == 0
    assert [line.split()[0] for line in run.stdout.splitlines()] == list(RULES)


def test_run__file_vanishing_mid_run_is_that_files_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file deleted between discovery and reading is its own unreadable_file (never
    'valid'); every other file is still reported, and the exit code says invalid."""
    import io

    from gt_validator.cli import main as cli  # the module
    from gt_validator.cli import plan

    shutil.copytree(EXAMPLES, tmp_path / "ex")
    real_find = plan.find

    def find_then_delete(paths: list[str], exclude: list[str]) -> list[object]:
        files = real_find(paths, exclude)
        Path(files[0].path).unlink()
        return files  # type: ignore[return-value]

    monkeypatch.setattr(plan, "find", find_then_delete)
    out, err = io.StringIO(), io.StringIO()
    opts = cli.parse_args(["--format", "json", str(tmp_path / "ex" / "gt")])
    assert cli.run(opts, out, err) == 1
    report = json.loads(out.getvalue())
    first = report["files"][0]
    assert [f["code"] for f in first["findings"]] == ["unreadable_file"]
    assert "vanished" in first["findings"][0]["message"] and not first["valid"]
    assert report["summary"]["files"] == 15


def test_main__jobs_2_gives_the_same_report_as_jobs_1(tmp_path: Path) -> None:
    """Worker processes (used from 400 files on) change nothing in the output, order included."""
    from gt_validator.cli.parallel import MIN_FILES_FOR_WORKERS

    shutil.copy(EXAMPLES / "gt-project.json", tmp_path / "gt-project.json")
    shutil.copy(EXAMPLES / "resources.jsonl", tmp_path / "resources.jsonl")
    copies = MIN_FILES_FOR_WORKERS // 15 + 1
    for i in range(copies):
        shutil.copytree(EXAMPLES / "gt", tmp_path / "gt" / f"copy{i:02d}")
    one = gt_validate("--format", "json", "--jobs", "1", "gt", cwd=tmp_path)
    two = gt_validate("--format", "json", "--jobs", "2", "gt", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert json.loads(one.stdout)["summary"]["files"] == 15 * copies
    assert two.stdout == one.stdout


def _invalid_configs() -> list[Path]:
    return sorted((REPO / "tests" / "fixtures" / "configs" / "invalid").glob("*.json"))


@pytest.mark.parametrize("config", _invalid_configs(), ids=lambda p: p.stem)
def test_main__each_config_mistake_exits_2_naming_it(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the CLI's own entry (in process: 36 subprocesses would only add start-up)."""
    from gt_validator.cli import main as cli  # the module
    from tests.unit.test_config_load import INVALID

    pointer, words = INVALID[config.stem]
    code = cli.main(["--format", "json", "--config", str(config), str(EXAMPLES / "gt")])
    out, err = capsys.readouterr()
    assert code == 2
    error = json.loads(out)["error"]
    assert error == {"message": error["message"], "config": str(config), "pointer": pointer}
    assert words in error["message"]
    assert str(config) in err and words in err  # the human line names the file and the mistake


@pytest.mark.parametrize("which", ["first", "last"])
def test_main__file_vanishing_with_workers_is_that_files_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    """A read failure in this process's share or a worker's share: that file's finding,
    the whole report, exit 1, no worker left."""
    import io

    from gt_validator.cli import main as cli  # the module
    from gt_validator.cli import plan
    from gt_validator.cli.parallel import MIN_FILES_FOR_WORKERS

    shutil.copy(EXAMPLES / "gt-project.json", tmp_path / "gt-project.json")
    shutil.copy(EXAMPLES / "resources.jsonl", tmp_path / "resources.jsonl")
    for i in range(MIN_FILES_FOR_WORKERS // 15 + 1):
        shutil.copytree(EXAMPLES / "gt", tmp_path / "gt" / f"copy{i:02d}")
    real_find = plan.find

    def find_then_delete(paths: list[str], exclude: list[str]) -> list[object]:
        files = real_find(paths, exclude)
        # The first chunk is this process's share, the last one a worker's (2 processes).
        victim = files[0] if which == "first" else files[-1]
        Path(victim.path).unlink()
        return files  # type: ignore[return-value]

    monkeypatch.setattr(plan, "find", find_then_delete)
    opts = cli.parse_args(["--format", "json", "--jobs", "2", str(tmp_path / "gt")])
    out = io.StringIO()
    assert cli.run(opts, out, io.StringIO()) == 1
    report = json.loads(out.getvalue())
    victim = report["files"][0 if which == "first" else -1]
    assert [f["code"] for f in victim["findings"]] == ["unreadable_file"]
    assert report["summary"]["files"] == len(report["files"]) >= MIN_FILES_FOR_WORKERS
    assert _forked_children() == []  # every worker was stopped and reaped


def _forked_children() -> list[int]:
    """Processes whose parent is this one that run this very command line (forks), or
    that exited without being reaped."""
    me = os.getpid()
    own = Path(f"/proc/{me}/cmdline").read_bytes()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, ppid_text = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            zombie = state == "Z"  # exited, never reaped: its cmdline is empty by then
            if int(ppid_text) == me and (zombie or (entry / "cmdline").read_bytes() == own):
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return found


def test_main__findings_cap_lists_the_first_and_counts_all(tmp_path: Path) -> None:
    """1,500 annotations sharing one id: 1,000 findings listed (the default cap), the
    other 499 in "omitted", all 1,499 in the summary; the other files still reported."""
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    gt = tmp_path / "ex" / "gt" / "0000"
    doc = json.loads((gt / "frame_0015.json").read_text())
    doc["annotations"] = [doc["annotations"][0]] * 1500
    (gt / "frame_0015.json").write_text(json.dumps(doc))
    run = gt_validate("--format", "json", "ex", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    [entry] = [f for f in report["files"] if f["path"].endswith("frame_0015.json")]
    assert len(entry["findings"]) == 1000
    ids = [f for f in entry["findings"] if f["code"] == "duplicate_annotation_id"]
    assert ids[0]["pointer"] == "/annotations/1/id"
    assert entry["omitted"] == {"duplicate_annotation_id": 1499 - len(ids)}
    assert report["summary"]["codes"]["duplicate_annotation_id"] >= 1499
    assert report["summary"]["files"] == 15
