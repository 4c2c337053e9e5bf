"""The human report: files with findings, one finding a line, then a summary.

Files without findings are only counted: with 5,000 files, listing the valid
ones would bury the few that need work. A valid file with warnings is listed,
since its warnings are worth reading.

    gt/a/x.json
      1:1   error    path_mismatch  not at parent_path/filename
      7:16  error    unknown_class  class 'Car' is not registered  (/annotations/0/label)

    2 files: 1 valid, 1 invalid (2 errors, 0 warnings), 1 skipped
    note: ...
    skipped: notes.json: outside the gt_root of gt-project.json (gt)

``quiet`` leaves out the notes and the skipped files; ``statistics`` appends a
table of findings per code (count, code, severity).
"""

from __future__ import annotations

from typing import TextIO

from ..report import FileReport, Finding, Report, Skipped
from ._text import by_position, plural, position, printable

# ANSI SGR codes; applied after padding so that alignment ignores them.
_RESET = "\x1b[0m"
_STYLES = {
    "path": "\x1b[1m",
    "error": "\x1b[1;31m",
    "warning": "\x1b[33m",
    "code": "\x1b[36m",
    "pointer": "\x1b[2m",
    "ok": "\x1b[1;32m",
    "bad": "\x1b[1;31m",
    "note": "\x1b[2m",
}
_SEVERITY_WIDTH = len("warning")
MAX_SKIPPED_LISTED = 50  # a run over a whole repository may skip thousands


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color and text else text


def _file_block(fr: FileReport, color: bool) -> list[str]:
    findings = by_position(fr.findings)
    pos_width = max(len(position(f)) for f in findings)
    code_width = max(len(f.code) for f in findings)
    lines = [_paint(printable(fr.path), "path", color)]
    for f in findings:
        lines.append(_finding(f, pos_width, code_width, color))
    if fr.omitted:
        lines.append(_paint(omitted_line(fr), "note", color))
    return lines


def omitted_line(fr: FileReport) -> str:
    """What the per-file cap left out: ``  ... 1,200 more not listed (unknown_class x1,200)``."""
    total = sum(o.count for o in fr.omitted)
    per_code = ", ".join(f"{printable(o.code)} x{o.count:,}" for o in fr.omitted)
    return f"  ... {total:,} more not listed (limits.max_findings_per_file): {per_code}"


def _finding(f: Finding, pos_width: int, code_width: int, color: bool) -> str:
    sev = f.severity if f.severity in _STYLES else "warning"
    parts = [
        "  " + position(f).ljust(pos_width),
        _paint(f.severity.ljust(_SEVERITY_WIDTH), sev, color),
        _paint(printable(f.code).ljust(code_width), "code", color),
        printable(f.message),
    ]
    line = "  ".join(parts)
    # The whole-file pointer "" says nothing, so it is left out.
    if f.pointer:
        line += "  " + _paint(f"({printable(f.pointer)})", "pointer", color)
    return line.rstrip()


def summary_line(report: Report) -> str:
    """``2 files: 1 valid, 1 invalid (2 errors, 0 warnings)``."""
    s = report.summary
    return (
        f"{plural(s.files, 'file')}: {s.valid} valid, {s.invalid} invalid "
        f"({plural(s.errors, 'error')}, {plural(s.warnings, 'warning')})"
        + (f", {len(report.skipped)} skipped" if report.skipped else "")
    )


def _skipped(skipped: tuple[Skipped, ...], color: bool) -> list[str]:
    lines = [
        _paint(f"skipped: {printable(s.path)}: {printable(s.reason)}", "note", color)
        for s in skipped[:MAX_SKIPPED_LISTED]
    ]
    if len(skipped) > MAX_SKIPPED_LISTED:
        more = len(skipped) - MAX_SKIPPED_LISTED
        lines.append(_paint(f"skipped: {more} more (--format json lists them all)", "note", color))
    return lines


def statistics_table(report: Report) -> list[str]:
    """Findings per code, most frequent first: ``count  code  severity``."""
    severities: dict[str, set[str]] = {}
    for fr in report.files:
        for f in fr.findings:
            severities.setdefault(f.code, set()).add(f.severity)
        for o in fr.omitted:
            severities.setdefault(o.code, set()).add(o.severity)
    counts = report.counts_by_code()
    if not counts:
        return ["no findings"]
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    count_width = max(len(str(n)) for _, n in rows)
    code_width = max(len(code) for code, _ in rows)
    out = []
    for code, n in rows:
        severity = "/".join(sorted(severities.get(code, {"error"})))
        out.append(f"{str(n).rjust(count_width)}  {printable(code).ljust(code_width)}  {severity}")
    return out


def render(
    report: Report,
    stream: TextIO,
    *,
    color: bool = False,
    quiet: bool = False,
    statistics: bool = False,
) -> None:
    """Write the text report; ANSI colour only when ``color`` is true."""
    out: list[str] = []
    for fr in report.files:
        if fr.findings:
            out.extend(_file_block(fr, color))
            out.append("")
    out.append(_paint(summary_line(report), "ok" if report.valid else "bad", color))
    if not quiet:
        out.extend(_paint(f"note: {printable(n)}", "note", color) for n in report.notes)
        out.extend(_skipped(report.skipped, color))
    if statistics:
        out.append("")
        out.extend(statistics_table(report))
    stream.write("\n".join(out) + "\n")
