"""The summary and the comment as a review, checked as GitHub renders them (cmark-gfm).

Structure of the rendered HTML, not strings: every invalid file named, links well
formed and only where the Action puts them, no HTML from data, the size limit.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from gt_validator.github.markdown import COMMENT_LIMIT, MARKER, Links
from gt_validator.github.review import (
    MAX_ROWS,
    Context,
    all_valid_note,
    comment_body,
    groups,
    summary_body,
)
from gt_validator.report import FileReport, Finding, Omitted, Report
from tests.review_render import REVIEW_TAGS as OWN_TAGS
from tests.review_render import structure

pytestmark = pytest.mark.unit

SHA = "0123456789abcdef0123456789abcdef01234567"
LINKS = Links.make("https://github.com", "acme/gt-data", SHA)
HOSTILE = "gt/a/evil\n::error::pwned `@someone` <img src=x> | [x](https://e.vil) #1 www.e.vil.json"


def _finding(i: int, message: str = "class 'Car' is not registered") -> Finding:
    return Finding("unknown_class", "error", message, f"/annotations/{i}/label", 17 + 16 * i, 13)


def _noisy_and_ten(noisy: int = 300) -> Report:
    files = [FileReport("gt/a/noisy.json", tuple(_finding(i) for i in range(noisy)))]
    files += [FileReport(f"gt/b/f{i}.json", (_finding(0, "class 'Truck'"),)) for i in range(10)]
    files.append(FileReport("gt/c/ok.json"))
    return Report("gt-project.json", tuple(files))


def _blob_links(html_links: list[tuple[str, str]]) -> list[str]:
    return [href for href, _ in html_links if "/blob/" in href]


def test_comment_body__every_invalid_file_linked_at_head_commit() -> None:
    body = comment_body(_noisy_and_ten(), Context(links=LINKS))
    page = structure(body)
    blobs = _blob_links(page.links)
    for fr in _noisy_and_ten().files[:11]:
        assert f"https://github.com/acme/gt-data/blob/{SHA}/{fr.path}" in blobs, fr.path
    assert not any("gt/c/ok.json" in href for href in blobs)  # valid: not listed
    assert any(href == f"https://github.com/acme/gt-data/commit/{SHA}" for href, _ in page.links)
    assert SHA[:7] in "".join(page.text)


def test_comment_body__repeated_findings_one_row_with_first_lines() -> None:
    body = comment_body(_noisy_and_ten(), Context(links=LINKS))
    page = structure(body)
    noisy = [href for href in _blob_links(page.links) if "noisy.json#L" in href]
    assert noisy == [
        f"https://github.com/acme/gt-data/blob/{SHA}/gt/a/noisy.json#L{17 + 16 * i}"
        for i in range(5)
    ]
    assert "\u00d7300" in body and "+295" in body
    assert body.count("class 'Car' is not registered") == 1
    assert len(body) < 8_000  # was 56,865 characters with one row per finding


def test_comment_body__totals_and_findings_per_code() -> None:
    report = Report(
        "c",
        (
            FileReport(
                "gt/x.json",
                (_finding(0), Finding("unknown_field", "warning", "field 'extra'", "/extra", 3, 2)),
                omitted=(Omitted("invalid_points", "error", 40),),
            ),
        ),
    )
    page = structure(comment_body(report, Context()))
    cells = [t.strip() for t in page.text if t.strip()]
    assert cells[cells.index("unknown_class") : cells.index("unknown_class") + 4] == [
        "unknown_class",
        "\u274c error",
        "1",
        "1",
    ]
    assert "invalid_points" in cells and "40" in cells
    assert "not listed: over the file\u2019s findings limit" in "".join(page.text).replace(
        "'", "\u2019"
    )


def test_comment_body__long_parts_folded_in_details() -> None:
    files = tuple(FileReport(f"gt/{i:02d}.json", (_finding(0),)) for i in range(25))
    many_kinds = FileReport(
        "gt/kinds.json", tuple(_finding(i, f"message {i}") for i in range(MAX_ROWS + 5))
    )
    body = comment_body(Report("c", (many_kinds, *files)), Context(links=LINKS))
    page = structure(body)
    assert page.tags.count("details") == 2 and page.tags.count("summary") == 2
    assert "16 more files with findings" in body
    assert "5 more kinds of finding" in body
    for fr in files:  # folded, still there
        assert any(href.endswith(fr.path) for href in _blob_links(page.links))


def test_comment_body__hostile_text_inert_once_rendered() -> None:
    report = Report("c", (FileReport(HOSTILE, (_finding(0, HOSTILE), _finding(1, "x@y"))),))
    for body in (comment_body(report, Context(links=LINKS)), summary_body(report, Context())):
        page = structure(body)
        assert set(page.tags) <= OWN_TAGS, set(page.tags) - OWN_TAGS
        for href, _ in page.links:
            parts = urlsplit(href)
            assert parts.scheme == "https" and parts.netloc == "github.com", href
            assert not re.search(r"[\s<>\"'`)]", href), href
        shown = "".join(page.text)
        assert not re.search(r"@\w", shown) and not re.search(r"#\d", shown)
        assert "<img" in shown  # shown as text, not a tag
        assert not any(line.startswith("::") for line in body.splitlines())


def test_comment_body__size_limit_names_what_was_left_out() -> None:
    long = "y" * 300
    files = tuple(
        FileReport(
            f"gt/{i:04d}/" + "n" * 60 + ".json", tuple(_finding(j, f"{long} {j}") for j in range(8))
        )
        for i in range(1500)
    )
    body = comment_body(Report("c", files), Context(links=LINKS))
    assert len(body) < COMMENT_LIMIT
    named = len(_blob_links(structure(body).links))
    assert 0 < named < 1500
    match = re.search(r"([\d,]+) more files with findings not shown", body)
    assert match and int(match.group(1).replace(",", "")) == 1500 - named


def test_comment_body__no_links_without_a_valid_head() -> None:
    page = structure(comment_body(_noisy_and_ten(3), Context(links=None)))
    assert not _blob_links(page.links)
    assert "gt/b/f9.json" in "".join(page.text)


def test_summary_body__no_marker_every_file() -> None:
    body = summary_body(_noisy_and_ten(), Context(links=LINKS))
    assert MARKER not in body
    assert len(_blob_links(structure(body).links)) == 11 + 5 + 10  # headings and lines


def test_summary_body__non_utf8_name_escaped() -> None:
    name = b"gt/a/caf\xe9.json".decode("utf-8", "surrogateescape")
    body = summary_body(Report("c", (FileReport(name, (_finding(0),)),)), Context(links=LINKS))
    body.encode("utf-8")  # would raise on a lone surrogate
    assert "caf\\\\udce9" in body
    assert f"blob/{SHA}/gt/a/caf%E9.json" in body


def test_groups__same_message_grouped_errors_first() -> None:
    fr = FileReport(
        "x",
        (
            Finding("unknown_field", "warning", "w", "", None, None),
            _finding(0),
            _finding(1),
            _finding(2, "other"),
        ),
    )
    got = [(g.severity, g.count, g.lines) for g in groups(fr)]
    assert got == [("error", 2, (17, 33)), ("error", 1, (49,)), ("warning", 1, ())]


def test_all_valid_note__short_names_commit() -> None:
    report = Report("c", (FileReport("gt/a.json"),))
    note = all_valid_note(report, Context(links=LINKS))
    assert note.startswith(MARKER) and "all 1 file valid" in note and len(note) < 500
    assert SHA[:7] in note and "fixed" in note
