"""The machine report of SPEC section 4: ``Report.to_dict()``, as is.

Two-space indent, UTF-8 text (no ``\\u`` escapes for non-ASCII), one trailing
newline; key order comes from ``to_dict`` so the output is deterministic.
Called ``json_report`` so that no module of the package is named ``json``.
"""

from __future__ import annotations

from typing import Any, TextIO

import orjson

from ..report import Report
from ._text import scrub_tree

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE


def dumps(data: Any) -> str:
    """``data`` as indented JSON text with a trailing newline.

    A lone surrogate (an undecodable file name) cannot be written as UTF-8;
    such strings are scrubbed to U+FFFD rather than failing the whole report.
    """
    try:
        raw = orjson.dumps(data, option=_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError subclasses TypeError
        raw = orjson.dumps(scrub_tree(data), option=_OPTIONS)
    return raw.decode("utf-8")


def render(report: Report, stream: TextIO) -> None:
    stream.write(dumps(report.to_dict()))
