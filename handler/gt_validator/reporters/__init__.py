"""Reporters: a :class:`~gt_validator.report.Report` -> text on a stream.

``REPORTERS`` maps each ``--format`` name to a callable ``(report, stream)``.
The text reporter also takes ``color=``; :func:`render` passes it through, so
the CLI can write ``render(fmt, report, stream, color=stream.isatty())``.
Streams must accept any Unicode text (open files with ``encoding="utf-8"``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TextIO

from ..report import Report

Reporter = Callable[[Report, TextIO], None]

# --format name -> module of this package with a ``render(report, stream)``.
_MODULES = {
    "text": "text",
    "json": "json_report",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
    "html": "html",
}


class _Registry(Mapping[str, Reporter]):
    """Name -> reporter. A reporter's module is imported when first used: a run
    writes one format, and start-up time is part of every run."""

    def __getitem__(self, name: str) -> Reporter:
        module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
        reporter: Reporter = module.render
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


REPORTERS: Mapping[str, Reporter] = _Registry()
FORMATS: tuple[str, ...] = tuple(_MODULES)


def render(
    fmt: str,
    report: Report,
    stream: TextIO,
    *,
    color: bool = False,
    quiet: bool = False,
    statistics: bool = False,
) -> None:
    """Write ``report`` in format ``fmt``; ``color``, ``quiet`` and ``statistics`` only
    affect ``text`` (the other formats always hold everything).

    Raises KeyError for an unknown format (the CLI restricts the choices).
    """
    if fmt == "text":
        from . import text

        text.render(report, stream, color=color, quiet=quiet, statistics=statistics)
    else:
        REPORTERS[fmt](report, stream)


__all__ = ["FORMATS", "REPORTERS", "Reporter", "render"]
