"""The options and walking rules of ``gt-validate``, through the console script."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.e2e.cli_support import VALID, gt_validate, project, report, valid_copy

pytestmark = pytest.mark.e2e

INVALID = EXAMPLES / "gt" / "0000" / "3576612_0_2023-04-03_17-10-44" / "frame_0006.json"
WARNED = EXAMPLES / "gt" / "0000" / "3576612_0_2023-04-03_17-10-44" / "frame_0013.json"


def _paths(run_report: dict[str, object]) -> list[str]:
    return [f["path"] for f in run_report["files"]]  # type: ignore[attr-defined]


def _codes(run_report: dict[str, object]) -> dict[str, int]:
    return run_report["summary"]["codes"]  # type: ignore[index,no-any-return]


def test_main__each_file_judged_by_its_nearest_config(tmp_path: Path) -> None:
    project(tmp_path / "a")
    # Project b does not register 'car': the same file is invalid there.
    config = json.loads((EXAMPLES / "gt-project.json").read_text(encoding="utf-8"))
    b = project(tmp_path / "b", classes=config["classes"][1:], tags=["pedestrian"])
    del b  # the config path is found, not named
    run = gt_validate(
        "--format",
        "json",
        "a/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0001.json",
        "b/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0001.json",
        cwd=tmp_path,
    )
    body = report(run)
    assert run.returncode == 1
    assert body["config"] is None  # two configs served the run
    a_entry, b_entry = body["files"]  # type: ignore[misc]
    assert (a_entry["config"], a_entry["valid"]) == ("a/gt-project.json", True)
    assert (b_entry["config"], b_entry["valid"]) == ("b/gt-project.json", False)
    assert {f["code"] for f in b_entry["findings"]} >= {"unknown_class"}


def test_main__one_config_is_named_at_the_top(tmp_path: Path) -> None:
    project(tmp_path / "a")
    body = report(gt_validate("--format", "json", "a/gt", cwd=tmp_path))
    assert body["config"] == "a/gt-project.json"
    assert {f["config"] for f in body["files"]} == {"a/gt-project.json"}  # type: ignore[attr-defined]


def test_main__jobs_judge_each_file_with_its_own_config(tmp_path: Path) -> None:
    """Worker processes get every config: project b's files keep b's verdict."""
    from gt_validator.cli.parallel import MIN_FILES_FOR_WORKERS

    config = json.loads((EXAMPLES / "gt-project.json").read_text(encoding="utf-8"))
    for name, classes in (("a", config["classes"]), ("b", config["classes"][1:])):
        root = tmp_path / name
        project(root, classes=classes, rules={"path_mismatch": "off"})  # copies live elsewhere
        shutil.rmtree(root / "gt")
        for i in range(MIN_FILES_FOR_WORKERS // 2 + 1):
            valid_copy(root / "gt" / f"c{i:03d}")
    one = gt_validate("--format", "json", "--jobs", "1", "a", "b", cwd=tmp_path)
    two = gt_validate("--format", "json", "--jobs", "2", "a", "b", cwd=tmp_path)
    assert two.stdout == one.stdout
    files = report(two)["files"]
    assert len(files) > MIN_FILES_FOR_WORKERS  # type: ignore[arg-type]
    verdicts = {(f["config"], f["valid"]) for f in files}  # type: ignore[union-attr]
    assert verdicts == {("a/gt-project.json", True), ("b/gt-project.json", False)}


def test_main__hidden_names_skipped_when_walking(tmp_path: Path) -> None:
    project(tmp_path / "p")
    valid_copy(tmp_path / "p" / "gt" / ".cache")
    shutil.copy(VALID, tmp_path / "p" / "gt" / ".hidden.json")
    body = report(gt_validate("--format", "json", "p/gt", cwd=tmp_path))
    assert body["summary"]["files"] == 15  # type: ignore[index]
    assert not [p for p in _paths(body) if "/." in p]
    named = report(gt_validate("--format", "json", "p/gt/.hidden.json", cwd=tmp_path))
    assert _paths(named) == ["p/gt/.hidden.json"]  # named: checked whatever its name


def test_main__a_file_reached_twice_is_checked_once(tmp_path: Path) -> None:
    project(tmp_path / "p")
    one = "p/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0001.json"
    body = report(gt_validate("--format", "json", "p/gt", "p/gt/0000", one, one, cwd=tmp_path))
    assert body["summary"]["files"] == 15  # type: ignore[index]
    assert len(set(_paths(body))) == 15


def test_main__exclude_globs_relative_to_the_current_folder(tmp_path: Path) -> None:
    project(tmp_path / "p")
    run = gt_validate(
        "--format",
        "json",
        "--exclude",
        "p/**/frame_00[01]?.json",
        "--exclude",
        "p/gt/0000/frame_0015.json",
        "p",
        cwd=tmp_path,
    )
    assert run.returncode == 2  # every example matched one of the two globs
    assert "no GT files found under p" in report(run)["error"]["message"]  # type: ignore[index]
    near = gt_validate("--format", "json", "--exclude", "**/frame_001?.json", "p", cwd=tmp_path)
    names = sorted(Path(p).name for p in _paths(report(near)))
    assert names == [f"frame_000{i}.json" for i in range(1, 10)]
    folder = gt_validate("--format", "json", "--exclude", "p/gt/0000/3576612*", "p", cwd=tmp_path)
    assert _paths(report(folder)) == ["p/gt/0000/frame_0015.json"]


def test_main__files_outside_gt_root_are_skipped_and_named(tmp_path: Path) -> None:
    project(tmp_path / "p")
    (tmp_path / "p" / ".vscode").mkdir()
    (tmp_path / "p" / ".vscode" / "settings.json").write_text("{}", encoding="utf-8")
    (tmp_path / "p" / "schema.json").write_text("{}", encoding="utf-8")
    inside = "p/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0001.json"
    args = ("p/.vscode/settings.json", "p/schema.json", inside)
    body = report(gt_validate("--format", "json", *args, cwd=tmp_path))
    assert _paths(body) == [inside]
    assert [s["path"] for s in body["skipped"]] == ["p/.vscode/settings.json", "p/schema.json"]  # type: ignore[attr-defined]
    assert "outside the gt_root of p/gt-project.json" in body["skipped"][0]["reason"]  # type: ignore[index]
    text = gt_validate(*args, cwd=tmp_path)
    assert text.returncode == 0
    assert "1 file: 1 valid, 0 invalid (0 errors, 0 warnings), 2 skipped" in text.stdout
    assert "skipped: p/schema.json: outside the gt_root" in text.stdout
    only_skipped = gt_validate("p/schema.json", cwd=tmp_path)
    assert only_skipped.returncode == 0 and "1 skipped" in only_skipped.stdout


def test_main__stdin_judged_as_if_it_lived_at_stdin_filename(tmp_path: Path) -> None:
    project(tmp_path / "p")
    where = "p/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0001.json"
    ok = gt_validate(
        "--format", "json", "-", "--stdin-filename", where, cwd=tmp_path, stdin=VALID.read_bytes()
    )
    assert ok.returncode == 0
    assert _paths(report(ok)) == [where]
    elsewhere = "p/gt/0000/somewhere_else.json"
    moved = gt_validate(
        "--format",
        "json",
        "-",
        "--stdin-filename",
        elsewhere,
        cwd=tmp_path,
        stdin=VALID.read_bytes(),
    )
    assert moved.returncode == 1 and _codes(report(moved)) == {"path_mismatch": 1}


def test_main__files_from_a_file_and_from_stdin(tmp_path: Path) -> None:
    project(tmp_path / "p")
    names = "p/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0001.json\n\np/gt/0000/frame_0015.json\n"
    (tmp_path / "list.txt").write_text(names, encoding="utf-8")
    from_file = report(gt_validate("--format", "json", "--files-from", "list.txt", cwd=tmp_path))
    expected = [line for line in names.splitlines() if line]
    assert _paths(from_file) == expected
    from_stdin = gt_validate(
        "--format", "json", "--files-from", "-", cwd=tmp_path, stdin=names.encode()
    )
    assert _paths(report(from_stdin)) == expected


def test_main__select_and_ignore_narrow_the_findings(tmp_path: Path) -> None:
    project(tmp_path / "p")
    everything = _codes(report(gt_validate("--format", "json", "p/gt", cwd=tmp_path)))
    assert everything["unknown_class"] == 2 and len(everything) > 2
    selected = gt_validate("--format", "json", "--select", "unknown_class", "p/gt", cwd=tmp_path)
    assert _codes(report(selected)) == {"unknown_class": 2}
    ignored = _codes(
        report(
            gt_validate(
                "--format", "json", "--ignore", "unknown_class,path_mismatch", "p/gt", cwd=tmp_path
            )
        )
    )
    assert ignored == {
        k: v for k, v in everything.items() if k not in ("unknown_class", "path_mismatch")
    }
    both = gt_validate(
        "--select", "unknown_field", "--ignore", "unknown_field", "p/gt", cwd=tmp_path
    )
    assert both.returncode == 0 and "0 errors, 0 warnings" in both.stdout


def test_main__fail_on_decides_exit_1(tmp_path: Path) -> None:
    project(tmp_path / "p")
    warned = "p/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0013.json"  # one warning, valid
    assert gt_validate(warned, cwd=tmp_path).returncode == 0
    assert gt_validate("--fail-on", "warning", warned, cwd=tmp_path).returncode == 1
    clean = "p/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0001.json"
    assert gt_validate("--fail-on", "warning", clean, cwd=tmp_path).returncode == 0
    invalid = "p/gt/0000/3576612_0_2023-04-03_17-10-44/frame_0006.json"
    never = gt_validate("--fail-on", "never", invalid, cwd=tmp_path)
    assert never.returncode == 0 and "1 invalid" in never.stdout


def test_main__statistics_table_and_summary_codes(tmp_path: Path) -> None:
    project(tmp_path / "p")
    run = gt_validate("--statistics", "p/gt", cwd=tmp_path)
    table = run.stdout.split("\n\n")[-1].splitlines()
    body = report(gt_validate("--format", "json", "p/gt", cwd=tmp_path))
    codes = _codes(body)
    assert len(table) == len(codes)
    assert table[0].split() == ["2", "unknown_class", "error"]  # most frequent first
    assert ["1", "unknown_field", "warning"] in [row.split() for row in table]
    assert sum(int(row.split()[0]) for row in table) == sum(codes.values())
    assert "findings per code" not in gt_validate("p/gt", cwd=tmp_path).stdout


def test_main__quiet_prints_files_with_findings_and_the_summary(tmp_path: Path) -> None:
    project(tmp_path / "p", resources={})
    (tmp_path / "p" / "gt-project.json").write_text(
        (tmp_path / "p" / "gt-project.json")
        .read_text(encoding="utf-8")
        .replace(', "resources": {}', ""),
        encoding="utf-8",
    )
    loud = gt_validate("p/gt", cwd=tmp_path).stdout
    quiet = gt_validate("--quiet", "p/gt", cwd=tmp_path).stdout
    assert "note: " in loud and "note: " not in quiet
    assert quiet.splitlines()[-1].startswith("15 files: ")
    assert [
        line for line in loud.splitlines() if not line.startswith("note: ")
    ] == quiet.splitlines()


def test_main__color_always_never_and_no_color(tmp_path: Path) -> None:
    project(tmp_path / "p")
    assert "\x1b[" in gt_validate("--color", "always", "p/gt", cwd=tmp_path).stdout
    assert "\x1b[" not in gt_validate("--color", "never", "p/gt", cwd=tmp_path).stdout
    assert "\x1b[" not in gt_validate("p/gt", cwd=tmp_path).stdout  # auto, not a terminal


def test_color__auto_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from gt_validator.cli.main import _color

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _color("auto", Terminal()) is True
    assert _color("auto", io.StringIO()) is False
    assert _color("never", Terminal()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _color("auto", Terminal()) is False
    assert _color("always", io.StringIO()) is True


def test_main__no_path_checks_the_gt_root(tmp_path: Path) -> None:
    project(tmp_path / "p")
    run = gt_validate("--format", "json", cwd=tmp_path / "p")
    assert report(run)["summary"]["files"] == 15  # type: ignore[index]
    assert all(p.startswith("gt/") for p in _paths(report(run)))


def test_main__help_lists_the_exit_codes(tmp_path: Path) -> None:
    run = gt_validate("--help", cwd=tmp_path)
    assert run.returncode == 0
    after = run.stdout.split("exit codes:")[1]
    assert [line.split()[0] for line in after.splitlines() if line[:3].strip()] == ["0", "1", "2"]
    for option in (
        "--select",
        "--ignore",
        "--fail-on",
        "--statistics",
        "--quiet",
        "--color",
        "--exclude",
        "--files-from",
        "--stdin-filename",
        "--debug",
    ):
        assert option in run.stdout


def test_main__symlinked_folders_are_walked_and_each_file_counted_once(tmp_path: Path) -> None:
    project(tmp_path / "p")
    (tmp_path / "p" / "gt" / "alias").symlink_to("0000", target_is_directory=True)
    body = report(gt_validate("--format", "json", "p/gt", cwd=tmp_path))
    assert body["summary"]["files"] == 15  # type: ignore[index]
    only_link = report(gt_validate("--format", "json", "p/gt/alias", cwd=tmp_path))
    assert len(_paths(only_link)) == 15 and _paths(only_link)[0].startswith("p/gt/alias/")


def test_main__no_arguments_at_all_checks_the_gt_root(tmp_path: Path) -> None:
    """Regression: `gt-validate` alone once died in the --format sniffing (zip of unequal
    lengths) before reading anything."""
    project(tmp_path / "p")
    run = gt_validate(cwd=tmp_path / "p")
    assert run.returncode == 1, run.stderr
    assert run.stdout.splitlines()[-1].startswith("15 files: 6 valid, 9 invalid")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], False),
        (["--format"], False),
        (["--format", "json"], True),
        (["--format=json"], True),
        (["x", "--format", "text"], False),
    ],
)
def test_wants_json__any_argument_list(args: list[str], expected: bool) -> None:
    from gt_validator.cli.main import _wants_json

    assert _wants_json(args) is expected
