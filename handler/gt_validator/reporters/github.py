"""GitHub workflow commands: one annotation per finding, most severe first.

GitHub shows only 10 annotations per level per step, so errors come before
warnings; a final ``::notice`` carries the totals and the report's notes.

The functions here are pure and build one command line each (no newline);
the Action's code imports them. Escaping follows the runner's rules
(actions/toolkit ``command.ts``): data escapes ``%``, CR and LF; property
values also ``:`` and ``,``. Property names are ours and never escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from ..report import FileReport, Finding, Report
from ._text import by_severity, plural, printable, scrub

TITLE_PREFIX = "gt-validator"
_LEVELS = {"error": "error", "warning": "warning"}


def escape_data(s: str) -> str:
    """Escape a command's message: ``%`` -> ``%25``, CR -> ``%0D``, LF -> ``%0A``."""
    # % first, or the escapes just written would be escaped again.
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """Escape a property value: as :func:`escape_data`, plus ``:`` and ``,``."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, properties: Mapping[str, str | int | None], message: str) -> str:
    """``::command k=v,k=v::message``; properties whose value is None are left out."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    head = f"{command} {props}" if props else command
    return f"::{head}::{escape_data(message)}"


def _clean(s: str) -> str:
    # Other control characters would reach the log raw (ANSI colours, NUL);
    # CR/LF stay because escaping turns them into %0D/%0A, which GitHub
    # decodes back: a file whose name holds a newline is still found.
    return printable(scrub(s), keep="\r\n")


def annotation(finding: Finding, path: str) -> str:
    """The ``::error``/``::warning`` command for one finding of the file at ``path``.

    ``line``/``col`` are left out when unknown (GitHub then annotates the file);
    the JSON Pointer follows the message, in parentheses, when not the root.
    """
    message = finding.message
    if finding.pointer:
        message = f"{message} ({finding.pointer})"
    return workflow_command(
        _LEVELS.get(finding.severity, "warning"),
        {
            "file": _clean(path),
            "line": finding.line,
            "col": finding.column,
            "title": f"{TITLE_PREFIX}: {_clean(finding.code)}",
        },
        _clean(message),
    )


def summary_notice(report: Report) -> str:
    """A ``::notice`` with the run's totals and notes."""
    s = report.summary
    lines = [
        f"{plural(s.files, 'file')}: {s.valid} valid, {s.invalid} invalid "
        f"({plural(s.errors, 'error')}, {plural(s.warnings, 'warning')})"
    ]
    lines.extend(f"note: {note}" for note in report.notes)
    return workflow_command("notice", {"title": TITLE_PREFIX}, _clean("\n".join(lines)))


def omitted_notice(fr: FileReport) -> str:
    """A ``::notice`` on a file whose findings the per-file cap did not all list."""
    total = sum(o.count for o in fr.omitted)
    per_code = ", ".join(f"{o.code} x{o.count}" for o in fr.omitted)
    return workflow_command(
        "notice",
        {"file": fr.path, "title": TITLE_PREFIX},
        _clean(f"{total} more findings not listed (limits.max_findings_per_file): {per_code}"),
    )


def render(report: Report, stream: TextIO) -> None:
    out = [annotation(finding, fr.path) for fr, finding in by_severity(report.files)]
    out.extend(omitted_notice(fr) for fr in report.files if fr.omitted)
    out.append(summary_notice(report))
    stream.write("\n".join(out) + "\n")
