"""Markdown for the job summary and the pull-request comment.

File names, pointers, labels and messages come from the pull request's author,
so every piece of them goes through :func:`text`: no ``@`` mention can ping, no
HTML or link can be injected, no table can be broken. (Code spans would keep
HTML inert too, but plain escaped text keeps one simple invariant: no raw
``<`` in the output but the marker.) :func:`code` is for the Action's own
words (rule codes).
Both documents are cut to a size budget, saying what was left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from gt_validator.report import FileReport, Finding, Report

MARKER = "<!-- gt-validator -->"
ZWSP = "\u200b"
NONE = "\u2013"  # an en dash in an empty cell
COMMENT_LIMIT = 65_536  # characters, GitHub's limit for a comment body
COMMENT_BUDGET = 60_000  # what we aim for, leaving room for the closing note
SUMMARY_LIMIT = 1024 * 1024  # bytes, GitHub's limit for one step's summary
SUMMARY_BUDGET = 1_000_000
ANNOTATIONS_SHOWN = 10  # per level per step, what GitHub displays

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_PUNCT = re.compile(r"([\\`*_{}\[\]()!|~#+\-.:])")
_BACKTICKS = re.compile(r"`+")


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return named.get(char, f"\\u{ord(char):04x}")


def _defuse(value: str) -> str:
    """No mention (``@name``), issue reference (``#1``) or autolinked URL."""
    value = value.replace("@", "@" + ZWSP).replace("#", "#" + ZWSP)
    value = value.replace("://", ":" + ZWSP + "//")
    return re.sub(r"(?i)www\.", lambda m: m.group(0)[:3] + ZWSP + ".", value)


def text(value: str) -> str:
    """Untrusted text as inert inline Markdown, on one line, safe in a table cell."""
    value = _CONTROL.sub(_visible, value)
    value = _PUNCT.sub(r"\\\1", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _defuse(value)


def code(value: str, *, table: bool = False) -> str:
    """Untrusted text as a code span (fenced longer than any backtick run in it)."""
    if not value:
        return "*(empty)*"
    value = _defuse(_CONTROL.sub(_visible, value))
    if table:
        value = value.replace("|", "\\|")
    longest = max((len(m) for m in _BACKTICKS.findall(value)), default=0)
    fence = "`" * (longest + 1)
    # One space each side is stripped by the renderer, so a leading or
    # trailing backtick cannot join the fence.
    return f"{fence} {value} {fence}"


@dataclass(frozen=True)
class Context:
    """What the documents say besides the report itself."""

    hidden_annotations: int = 0
    run_url: str | None = None
    notes: tuple[str, ...] = ()  # trusted, from the Action itself
    title: str = "GT validation"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _headline(report: Report, ctx: Context) -> str:
    s = report.summary
    if s.files == 0:
        return f"### :white_check_mark: {ctx.title}: no GT files to validate"
    if s.invalid:
        return f"### :x: {ctx.title}: {s.invalid:,} of {_plural(s.files, 'file')} invalid"
    extra = f" ({_plural(s.warnings, 'warning')})" if s.warnings else ""
    return f"### :white_check_mark: {ctx.title}: all {_plural(s.files, 'file')} valid{extra}"


def _totals(report: Report, ctx: Context) -> list[str]:
    s = report.summary
    lines = [
        "| files | valid | invalid | errors | warnings |",
        "|---:|---:|---:|---:|---:|",
        f"| {s.files:,} | {s.valid:,} | {s.invalid:,} | {s.errors:,} | {s.warnings:,} |",
        "",
    ]
    if ctx.hidden_annotations:
        lines += [
            f"{_plural(ctx.hidden_annotations, 'finding')} not shown as annotations "
            f"(GitHub shows {ANNOTATIONS_SHOWN} errors and {ANNOTATIONS_SHOWN} warnings per "
            "step); every finding is in the `report` output.",
            "",
        ]
    for note in (*s.notes, *ctx.notes):
        lines += [f"> {text(note)}", ""]
    return lines


def _row(finding: Finding) -> str:
    where = f"{finding.line}:{finding.column}" if finding.line is not None else NONE
    icon = ":x:" if finding.severity == "error" else ":warning:"
    return (
        f"| {icon} {finding.severity} | {where} | {code(finding.code, table=True)} | "
        f"{text(finding.pointer) if finding.pointer else NONE} | "
        f"{text(finding.message)} |"
    )


def _file_head(fr: FileReport) -> list[str]:
    return [
        f"#### {text(fr.path)}: {_plural(fr.errors, 'error')}, {_plural(fr.warnings, 'warning')}",
        "",
        "| severity | line:col | code | pointer | message |",
        "|---|---|---|---|---|",
    ]


def render(
    report: Report,
    ctx: Context,
    *,
    budget: int,
    size: Callable[[str], int] = len,
    marker: bool = False,
) -> str:
    """The whole document: headline, totals, one table per file with findings."""
    head = [MARKER] if marker else []
    head += [_headline(report, ctx), "", *_totals(report, ctx)]
    lines = list(head)
    used = size("\n".join(lines)) + 1
    reserve = 600  # room for the closing note
    cut_findings = 0
    cut_files = 0
    # Invalid files first (the comment may be cut), then those with warnings only.
    files = sorted((fr for fr in report.files if fr.findings), key=lambda fr: fr.valid)
    for index, fr in enumerate(files):
        block = _file_head(fr)
        cost = sum(size(line) + 1 for line in block)
        if used + cost + reserve > budget:
            cut_files = len(files) - index
            cut_findings += sum(len(f.findings) for f in files[index:])
            break
        lines += block
        used += cost
        ordered = sorted(fr.findings, key=lambda f: f.severity != "error")
        for position, finding in enumerate(ordered):
            row = _row(finding)
            if used + size(row) + 1 + reserve > budget:
                cut_findings += len(ordered) - position
                break
            lines.append(row)
            used += size(row) + 1
        lines.append("")
        if cut_findings:
            cut_files = len(files) - index - 1
            cut_findings += sum(len(f.findings) for f in files[index + 1 :])
            break
    if cut_findings:
        where = f"the [job summary]({ctx.run_url})" if ctx.run_url else "the job summary"
        more = f" and {_plural(cut_files, 'more file')}" if cut_files else ""
        lines += [
            f":scissors: Cut to stay under GitHub's size limit: {_plural(cut_findings, 'finding')}"
            f"{more} not shown here. Every finding is in {where} and the `report` output.",
            "",
        ]
    return "\n".join(lines)


def all_valid_note(report: Report, ctx: Context) -> str:
    """The short note a previous comment turns into once the errors are fixed."""
    lines = [MARKER, _headline(report, ctx), ""]
    lines.append("Every error reported earlier on this pull request is fixed.")
    if ctx.run_url:
        lines += ["", f"[Run details]({ctx.run_url})"]
    return "\n".join(lines) + "\n"


def comment_body(report: Report, ctx: Context) -> str:
    return render(report, ctx, budget=COMMENT_BUDGET, marker=True)


def summary_body(report: Report, ctx: Context) -> str:
    return render(report, ctx, budget=SUMMARY_BUDGET, size=lambda s: len(s.encode("utf-8")))
