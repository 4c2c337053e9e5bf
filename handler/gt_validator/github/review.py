"""The job summary and the pull-request comment, laid out as a review.

Headline with the verdict and the head commit; totals and findings per code;
then every file with findings (invalid ones first), each one heading linked to
the file at the head commit and one table row per repeated finding (count,
message, the first lines as links). Long parts are folded in ``<details>``.
The document is cut to a size budget: file headings first (so every invalid
file is named while they fit), then their tables, then how many were left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from gt_validator.github.markdown import (
    ANNOTATIONS_SHOWN,
    COMMENT_BUDGET,
    MARKER,
    NONE,
    SUMMARY_BUDGET,
    Links,
    code,
    text,
)
from gt_validator.report import SEVERITY_ORDER, FileReport, Report

ICON = {"error": "\u274c", "warning": "\u26a0\ufe0f"}  # cross mark, warning sign
OK = "\u2705"  # check mark
FIRST_LINES = 5  # line links per row
MAX_ROWS = 20  # rows per file; the rest are counted in a last row
FOLD_ROWS = 5  # a file's table longer than this is folded
FOLD_CODES = 8  # the per-code table longer than this is folded
FILES_OPEN = 10  # files after these are folded together
RESERVE = 800  # room for the closing notes and the folds' own tags


@dataclass(frozen=True)
class Context:
    """What the documents say besides the report itself."""

    hidden_annotations: int = 0
    run_url: str | None = None
    notes: tuple[str, ...] = ()  # trusted, from the Action itself
    title: str = "GT validation"
    links: Links | None = None


@dataclass(frozen=True)
class Group:
    """Findings of one file that repeat: same severity, code and message."""

    severity: str
    code: str
    message: str
    count: int
    lines: tuple[int, ...]  # the first few known lines
    omitted: bool = False  # counted by the per-file cap, not listed


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def groups(fr: FileReport) -> list[Group]:
    """The file's findings grouped where they repeat, most severe first, then in order."""
    found: dict[tuple[str, str, str], list[int | None]] = {}
    for f in fr.findings:
        found.setdefault((f.severity, f.code, f.message), []).append(f.line)
    out = [
        Group(sev, rule, msg, len(lines), tuple(n for n in lines if n is not None)[:FIRST_LINES])
        for (sev, rule, msg), lines in found.items()
    ]
    out += [
        Group(o.severity, o.code, "not listed: over the file's findings limit", o.count, (), True)
        for o in fr.omitted
    ]
    return sorted(out, key=lambda g: SEVERITY_ORDER.get(g.severity, 2))


def _lines(g: Group, path: str, links: Links | None) -> str:
    if not g.lines:
        return NONE
    shown = [f"[L{n}]({links.blob(path, n)})" if links else f"L{n}" for n in g.lines]
    more = g.count - len(g.lines)
    return ", ".join(shown) + (f" +{more:,}" if more > 0 else "")


def _row(g: Group, path: str, links: Links | None) -> str:
    message = f"*{text(g.message)}*" if g.omitted else text(g.message)
    return (
        f"| {ICON.get(g.severity, '')} {g.severity} | {code(g.code, table=True)} | "
        f"{g.count:,} | {message} | {_lines(g, path, links)} |"
    )


def _folded(summary: str, body: list[str]) -> list[str]:
    # The summary is the Action's own words; a blank line lets Markdown render inside.
    return ["<details>", f"<summary>{summary}</summary>", "", *body, "</details>", ""]


def file_heading(fr: FileReport, links: Links | None) -> list[str]:
    name = text(fr.path)
    if links:
        name = f"[{name}]({links.blob(fr.path)})"
    icon = ICON["error"] if not fr.valid else ICON["warning"]
    counts = f"{_plural(fr.errors, 'error')}, {_plural(fr.warnings, 'warning')}"
    return [f"#### {icon} {name} \u2014 {counts}", ""]


def file_table(fr: FileReport, links: Links | None) -> list[str]:
    """The file's grouped findings: one line when they are all alike, else a table."""
    rows = groups(fr)
    if len(rows) == 1:
        g = rows[0]
        message = f"*{text(g.message)}*" if g.omitted else text(g.message)
        count = f" \u00d7{g.count:,}" if g.count > 1 else ""
        where = _lines(g, fr.path, links)
        return [
            f"{ICON.get(g.severity, '')} {code(g.code)}{count} {message} \u2014 {where}",
            "",
        ]
    lines = ["| severity | code | count | message | lines |", "|---|---|---:|---|---|"]
    lines += [_row(g, fr.path, links) for g in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        rest = rows[MAX_ROWS:]
        lines.append(
            f"| {NONE} | {NONE} | {sum(g.count for g in rest):,} | "
            f"{_plural(len(rest), 'more kind')} of finding, in the report | {NONE} |"
        )
    lines.append("")
    if len(rows) > FOLD_ROWS:
        total = sum(g.count for g in rows)
        return _folded(f"{_plural(len(rows), 'kind')} of finding ({total:,} in all)", lines)
    return lines


def _headline(report: Report, ctx: Context) -> str:
    s = report.summary
    if s.files == 0:
        return f"### {OK} {ctx.title}: no GT files to validate"
    if s.invalid:
        return (
            f"### {ICON['error']} {ctx.title}: {s.invalid:,} of {_plural(s.files, 'file')} invalid"
        )
    extra = f" ({_plural(s.warnings, 'warning')})" if s.warnings else ""
    return f"### {OK} {ctx.title}: all {_plural(s.files, 'file')} valid{extra}"


def _byline(ctx: Context) -> list[str]:
    parts = []
    if ctx.links:
        sha = ctx.links.sha
        parts.append(f"Commit [`{sha[:7]}`]({ctx.links.commit()})")
    if ctx.run_url:
        parts.append(f"[run details]({ctx.run_url})")
    return [" \u00b7 ".join(parts), ""] if parts else []


def _severities(report: Report) -> dict[str, str]:
    out: dict[str, str] = {}
    for fr in report.files:
        for f in fr.findings:
            out.setdefault(f.code, f.severity)
        for o in fr.omitted:
            out.setdefault(o.code, o.severity)
    return out


def _totals(report: Report, ctx: Context) -> list[str]:
    s = report.summary
    lines = [
        "| files | valid | invalid | errors | warnings |",
        "|---:|---:|---:|---:|---:|",
        f"| {s.files:,} | {s.valid:,} | {s.invalid:,} | {s.errors:,} | {s.warnings:,} |",
        "",
    ]
    if s.codes:
        severity = _severities(report)
        files_per_code: Counter[str] = Counter()
        for fr in report.files:
            files_per_code.update(fr.codes().keys())
        ordered = sorted(s.codes, key=lambda c: (SEVERITY_ORDER.get(severity[c[0]], 2), -c[1]))
        table = ["| code | severity | findings | files |", "|---|---|---:|---:|"]
        table += [
            f"| {code(c, table=True)} | {ICON.get(severity[c], '')} {severity[c]} | "
            f"{n:,} | {files_per_code[c]:,} |"
            for c, n in ordered
        ]
        table.append("")
        if len(ordered) > FOLD_CODES:
            table = _folded(f"Findings per code ({len(ordered)} codes)", table)
        lines += table
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


def _cost(lines: Iterable[str], size: Callable[[str], int]) -> int:
    return sum(size(line) + 1 for line in lines)


def render(
    report: Report,
    ctx: Context,
    *,
    budget: int,
    size: Callable[[str], int] = len,
    marker: bool = False,
) -> str:
    """The whole document, under ``budget`` (as ``size`` counts), saying what it left out."""
    head = [MARKER] if marker else []
    head += [_headline(report, ctx), "", *_byline(ctx), *_totals(report, ctx)]
    files = [fr for fr in report.files if not fr.valid]
    files += [fr for fr in report.files if fr.valid and fr.warnings]
    used = _cost(head, size) + RESERVE
    placeholder = ["*Findings not listed here (size limit): see the job summary.*", ""]
    spare = _cost(placeholder, size)
    headings: list[list[str]] = []
    for fr in files:  # names first: every invalid file while they fit
        heading = file_heading(fr, ctx.links)
        used += _cost(heading, size) + spare
        if used > budget:
            break
        headings.append(heading)
    sections: list[list[str]] = []
    untabled = 0
    for fr, heading in zip(files, headings, strict=False):
        table = file_table(fr, ctx.links)
        extra = _cost(table, size) - spare
        if used + extra > budget:
            untabled += 1
            table = placeholder
        else:
            used += extra
        sections.append(heading + table)
    # Folding two files or fewer would hide more than it saves.
    open_count = FILES_OPEN if len(sections) > FILES_OPEN + 2 else len(sections)
    body = [line for section in sections[:open_count] for line in section]
    rest = [line for section in sections[open_count:] for line in section]
    if rest:
        body += _folded(f"{_plural(len(sections) - open_count, 'more file')} with findings", rest)
    cut = len(files) - len(headings)
    if cut or untabled:
        where = f"the [job summary]({ctx.run_url})" if ctx.run_url else "the job summary"
        what = f"{_plural(cut, 'more file')} with findings not shown" if cut else ""
        what += (" and " if what else "") + (
            f"the findings of {_plural(untabled, 'file')} not listed" if untabled else ""
        )
        body += [
            f"\u2702\ufe0f Cut to stay under GitHub's size limit: {what} here. "
            f"Every finding is in {where} and the `report` output.",
            "",
        ]
    return "\n".join(head + body)


def all_valid_note(report: Report, ctx: Context) -> str:
    """The short note a previous comment turns into once the errors are fixed."""
    lines = [MARKER, _headline(report, ctx), "", *_byline(ctx)]
    lines.append("Every error reported earlier on this pull request is fixed.")
    return "\n".join(lines) + "\n"


def comment_body(report: Report, ctx: Context) -> str:
    return render(report, ctx, budget=COMMENT_BUDGET, marker=True)


def summary_body(report: Report, ctx: Context) -> str:
    return render(
        report,
        ctx,
        budget=SUMMARY_BUDGET,
        size=lambda s: len(s.encode("utf-8", "replace")),
    )
