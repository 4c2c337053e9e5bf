"""The human report: files with findings, one finding a line, then a summary.

Files without findings are only counted: with 5,000 files, listing the valid
ones would bury the few that need work. A valid file with warnings is listed,
since its warnings are worth reading.

    gt/a/x.json
      -     error    path_mismatch  not at parent_path/filename
      7:16  error    unknown_class  class 'Car' is not registered  (/annotations/0/label)

    2 files: 1 valid, 1 invalid (2 errors, 0 warnings)
    note: ...
"""

from __future__ import annotations

from typing import TextIO

from ..report import FileReport, Finding, Report
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


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color and text else text


def _file_block(fr: FileReport, color: bool) -> list[str]:
    findings = by_position(fr.findings)
    pos_width = max(len(position(f)) for f in findings)
    code_width = max(len(f.code) for f in findings)
    lines = [_paint(printable(fr.path), "path", color)]
    for f in findings:
        lines.append(_finding(f, pos_width, code_width, color))
    return lines


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
    )


def render(report: Report, stream: TextIO, *, color: bool = False) -> None:
    """Write the text report; ANSI colour only when ``color`` is true."""
    out: list[str] = []
    for fr in report.files:
        if fr.findings:
            out.extend(_file_block(fr, color))
            out.append("")
    out.append(_paint(summary_line(report), "ok" if report.valid else "bad", color))
    out.extend(_paint(f"note: {printable(n)}", "note", color) for n in report.notes)
    stream.write("\n".join(out) + "\n")
