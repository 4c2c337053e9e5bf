"""Annotations breadth-first: one noisy file never hides another."""

from __future__ import annotations

import io

import pytest

from gt_validator.github.publish import MAX_ANNOTATION_LINES, emit_annotations, ordered_findings
from gt_validator.report import FileReport, Finding, Report

pytestmark = pytest.mark.unit


def _f(severity: str, line: int) -> Finding:
    code = "unknown_class" if severity == "error" else "unknown_field"
    return Finding(code, severity, f"m{line}", "", line, 1)  # type: ignore[arg-type]


def test_ordered_findings__first_of_every_file_before_second_of_any() -> None:
    noisy = FileReport("a.json", tuple(_f("error", n) for n in range(1, 301)))
    others = tuple(FileReport(f"b{i}.json", (_f("error", 1),)) for i in range(10))
    got = [path for path, _ in ordered_findings(Report("c", (noisy, *others)))]
    assert got[:11] == ["a.json"] + [f"b{i}.json" for i in range(10)]
    assert got[11:] == ["a.json"] * 299


def test_ordered_findings__errors_before_warnings_file_order_kept() -> None:
    x = FileReport("x.json", (_f("warning", 1), _f("error", 5), _f("error", 9)))
    y = FileReport("y.json", (_f("warning", 2), _f("warning", 3)))
    got = [(p, f.severity, f.line) for p, f in ordered_findings(Report("c", (x, y)))]
    assert got == [
        ("x.json", "error", 5),
        ("x.json", "error", 9),
        ("x.json", "warning", 1),
        ("y.json", "warning", 2),
        ("y.json", "warning", 3),
    ]


def test_emit_annotations__cut_keeps_every_file() -> None:
    noisy = FileReport("a.json", tuple(_f("error", n) for n in range(1, 2001)))
    last = FileReport("z.json", (_f("error", 1),))
    out = io.StringIO()
    emit_annotations(Report("c", (noisy, last)), out)
    lines = out.getvalue().splitlines()
    assert len([ln for ln in lines if ln.startswith("::error ")]) == MAX_ANNOTATION_LINES
    assert lines[1].startswith("::error file=z.json,")
    assert lines[-1].startswith("1,001 more findings")
