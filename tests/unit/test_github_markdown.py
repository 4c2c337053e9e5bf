"""Markdown for the summary and the comment: escaping of untrusted text, size caps."""

from __future__ import annotations

import re

import pytest

from gt_validator.github.markdown import (
    COMMENT_LIMIT,
    MARKER,
    Context,
    all_valid_note,
    code,
    comment_body,
    summary_body,
    text,
)
from gt_validator.report import FileReport, Finding, Report

pytestmark = pytest.mark.unit

HOSTILE = "gt/a/evil\n::error::pwned `@someone` <img src=x> | [x](https://e.vil) #1 www.e.vil.json"


def _report(
    path: str = "gt/a/x.json", n: int = 1, message: str = "class 'Car' is unknown"
) -> Report:
    findings = tuple(
        Finding("unknown_class", "error", message, f"/annotations/{i}/label", i + 2, 16)
        for i in range(n)
    )
    return Report("gt-project.json", (FileReport(path, findings), FileReport("gt/ok.json")))


def test_text__no_mention_html_link_or_table_break() -> None:
    out = text(HOSTILE)
    assert "\n" not in out and "\r" not in out
    assert not re.search(r"@\w", out)
    assert "<" not in out and ">" not in out
    assert re.search(r"(?<!\\)\|", out) is None
    assert "](" not in out and "://" not in out and "www." not in out
    assert re.search(r"(?<!\\)`", out) is None
    assert re.search(r"#\d", out) is None


def test_text__ampersand_escaped_first() -> None:
    assert text("a & <b>") == "a &amp; &lt;b&gt;"


def test_code__fence_longer_than_backticks_inside() -> None:
    out = code("a``b`")
    assert out.startswith("``` ") and out.endswith(" ```")
    assert "a``b`" in out


def test_code__table_pipes_and_newlines() -> None:
    out = code("a|b\nc", table=True)
    assert "\\|" in out and "\n" not in out and "\\n" in out


def test_code__empty_value() -> None:
    assert "`" not in code("")


def test_comment_body__marker_totals_and_finding() -> None:
    body = comment_body(_report(), Context(run_url="https://github.com/o/r/actions/runs/1"))
    assert body.startswith(MARKER + "\n")
    assert "1 of 2 files invalid" in body
    assert "| 2 | 1 | 1 | 1 | 0 |" in body
    assert "` unknown_class `" in body
    assert "2:16" in body


def test_comment_body__hostile_path_and_message_inert() -> None:
    body = comment_body(_report(HOSTILE, message=HOSTILE), Context())
    for line in body.splitlines():
        assert not line.startswith("::")
    assert not re.search(r"@\w", body)
    assert "<" not in body.replace(MARKER, "")
    assert "](https" not in body
    rows = [line for line in body.splitlines() if line.startswith("| :x:")]
    assert rows and all(len(re.findall(r"(?<!\\)\|", row)) == 6 for row in rows)


def test_comment_body__500_findings_cut_under_limit_with_note() -> None:
    long = "x" * 200
    body = comment_body(_report(n=500, message=long), Context())
    assert len(body) < COMMENT_LIMIT
    assert "Cut to stay under GitHub's size limit" in body
    shown = body.count("| :x: error")
    assert 0 < shown < 500
    assert f"{500 - shown:,} findings not shown" in body


def test_comment_body__small_report_not_cut() -> None:
    body = comment_body(_report(n=5), Context())
    assert "Cut to stay" not in body
    assert body.count("| :x: error") == 5


def test_comment_body__hidden_annotations_counted() -> None:
    body = comment_body(_report(n=25), Context(hidden_annotations=15))
    assert "15 findings not shown as annotations" in body


def test_summary_body__under_one_mebibyte_when_huge() -> None:
    files = tuple(
        FileReport(
            f"gt/{i}.json",
            tuple(
                Finding("invalid_points", "error", "y" * 300, f"/annotations/{j}", j + 1, 1)
                for j in range(50)
            ),
        )
        for i in range(100)
    )
    out = summary_body(Report("c", files), Context())
    assert len(out.encode("utf-8")) < 1024 * 1024
    assert "more files not shown" in out


def test_summary_body__no_marker() -> None:
    assert MARKER not in summary_body(_report(), Context())


def test_all_valid_note__short_with_marker() -> None:
    report = Report("c", (FileReport("gt/a.json"),))
    note = all_valid_note(report, Context())
    assert note.startswith(MARKER) and "all 1 file valid" in note and len(note) < 500
