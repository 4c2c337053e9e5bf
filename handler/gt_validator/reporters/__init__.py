"""Reporters: a :class:`~gt_validator.report.Report` -> text on a stream.

``REPORTERS`` maps each ``--format`` name to a callable ``(report, stream)``.
The text reporter also takes ``color=``; :func:`render` passes it through, so
the CLI can write ``render(fmt, report, stream, color=stream.isatty())``.
Streams must accept any Unicode text (open files with ``encoding="utf-8"``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..report import Report
from . import github, json_report, junit, sarif, text

Reporter = Callable[[Report, TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
FORMATS: tuple[str, ...] = tuple(REPORTERS)


def render(fmt: str, report: Report, stream: TextIO, *, color: bool = False) -> None:
    """Write ``report`` in format ``fmt``; ``color`` only affects ``text``.

    Raises KeyError for an unknown format (the CLI restricts the choices).
    """
    if fmt == "text":
        text.render(report, stream, color=color)
    else:
        REPORTERS[fmt](report, stream)


__all__ = ["FORMATS", "REPORTERS", "Reporter", "render"]
