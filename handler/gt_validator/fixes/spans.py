"""Where a value's text lies: positions -> character spans, and edits on spans.

``positions.locate`` gives the 1-based line and column where a value starts; from
there the token is scanned (a string to its closing quote, a number to its last
digit), and a member's key is found by stepping back over the colon. An edit
replaces exactly one such span, so every other character of the file is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from json import decoder

_scanstring = decoder.scanstring  # type: ignore[attr-defined]
_SCALAR = re.compile(r"[^\s,\]}:]+")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int  # exclusive


@dataclass(frozen=True, slots=True)
class Edit:
    span: Span
    text: str


def index_of(text: str, line: int, column: int) -> int:
    """The character index of a 1-based line and column (columns count code points)."""
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def value_span(text: str, start: int) -> Span | None:
    """The span of the string or scalar token that starts at ``start``."""
    if start >= len(text):
        return None
    if text[start] == '"':
        try:
            end: int = _scanstring(text, start + 1, True)[1]
        except ValueError:
            return None
        return Span(start, end)
    m = _SCALAR.match(text, start)
    return Span(start, m.end()) if m else None


def key_span(text: str, value_start: int) -> Span | None:
    """The span of the key (with its quotes) of the member whose value starts here."""
    i = value_start - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    if i < 0 or text[i] != ":":
        return None
    i -= 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    if i < 0 or text[i] != '"':
        return None
    close = i
    opening = close - 1
    while opening >= 0:
        opening = text.rfind('"', 0, opening + 1)
        if opening < 0:
            return None
        slashes = 0
        while opening - slashes - 1 >= 0 and text[opening - slashes - 1] == "\\":
            slashes += 1
        if slashes % 2 == 0:  # not escaped: the key's opening quote
            return Span(opening, close + 1)
        opening -= 1
    return None


def string_at(text: str, span: Span) -> str | None:
    """The unescaped string a span holds, or None when it is not one."""
    if text[span.start : span.start + 1] != '"':
        return None
    try:
        value, end = _scanstring(text, span.start + 1, True)
    except ValueError:
        return None
    return str(value) if end == span.end else None


def apply(text: str, edits: Iterable[Edit]) -> str | None:
    """``text`` with each span replaced; None when two edits overlap."""
    ordered = sorted(edits, key=lambda e: e.span.start)
    out: list[str] = []
    at = 0
    for edit in ordered:
        if edit.span.start < at:
            return None
        out.append(text[at : edit.span.start])
        out.append(edit.text)
        at = edit.span.end
    out.append(text[at:])
    return "".join(out)
