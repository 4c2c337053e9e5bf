"""GITHUB_OUTPUT records with random heredoc delimiters; report outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_validator.github.outputs import append, format_outputs, report_outputs, unique_path
from gt_validator.report import FileReport, Finding, Report

pytestmark = pytest.mark.unit


def parse_output_file(content: str) -> dict[str, str]:
    """Read GITHUB_OUTPUT as the runner does (name<<DELIM ... DELIM)."""
    out: dict[str, str] = {}
    lines = content.split("\n")
    i = 0
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        name, delim = lines[i].split("<<", 1)
        end = lines.index(delim, i + 1)
        out[name] = "\n".join(lines[i + 1 : end])
        i = end + 1
    return out


def test_format_outputs__multiline_value_cannot_forge_output() -> None:
    value = "line1\nwarnings<<EOF\n999\nEOF"
    parsed = parse_output_file(format_outputs({"report": value, "warnings": "0"}))
    assert parsed == {"report": value, "warnings": "0"}


def test_format_outputs__delimiters_random() -> None:
    a = format_outputs({"x": "1"}).split("\n")[0]
    b = format_outputs({"x": "1"}).split("\n")[0]
    assert a != b and a.startswith("x<<ghadelimiter_")


def test_report_outputs__counts() -> None:
    report = Report(
        "c",
        (
            FileReport(
                "a.json",
                (Finding("invalid_type", "error", "m"), Finding("unknown_field", "warning", "m")),
            ),
            FileReport("b.json"),
        ),
    )
    assert report_outputs(report, Path("/tmp/r.json")) == {
        "valid": "false",
        "files": "2",
        "invalid-files": "1",
        "errors": "1",
        "warnings": "1",
        "report": "/tmp/r.json",
    }


def test_append__appends_and_reports_unset(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("before\n", encoding="utf-8")
    assert append(target, "after\n")
    assert target.read_text(encoding="utf-8") == "before\nafter\n"
    assert append(None, "x") is False


def test_unique_path__never_the_same(tmp_path: Path) -> None:
    a = unique_path(tmp_path / "d", "r", ".json")
    b = unique_path(tmp_path / "d", "r", ".json")
    assert a != b and a.parent.is_dir() and a.suffix == ".json"
