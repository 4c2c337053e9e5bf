"""bytes -> Parsed: the document, or invalid_json / byte_order_mark / duplicate_key.

Duplicate keys. orjson keeps the last of repeated keys, so they are found by
counting colons, and the exact scanner (``_scan.walk``) runs only when the count
cannot rule them out. Why the count is sound:

- Every object member of the text has exactly one structural colon, and a member
  orjson dropped (a repeated key) keeps its colon in the text, so with ``d``
  dropped members the text holds ``M + d + L`` colon bytes: ``M`` members kept,
  ``L`` literal colons inside strings (keys and values, kept or dropped).
- A counter that visits the parsed document (``orjson.dumps`` of it, or the fast
  gate's member count) finds at most ``M + C``, where ``C`` counts the colons of
  the *unescaped* strings it visits, each string once.
- A colon in a parsed string is either a literal colon byte of that string's text
  or the escape ``\\u003a`` / ``\\u003A`` (the only other spelling of U+003A in
  JSON). When the text holds neither escape, ``C <= L``, so the text's count
  equals the counter's only if ``d == 0``.
- Hence the order: the escape guard comes first. A text holding an escaped colon
  (or a look-alike such as the escaped backslash in ``"\\\\u003a"``, a harmless
  false alarm) always goes to the exact scanner, which unescapes every key.

Positions: 1-based, columns in code points, lines ending at LF, counted on the
text without its byte order mark (``Parsed.data``). ``invalid_json`` points at
the syntax error (for invalid UTF-8, at the first bad byte); ``duplicate_key``
points at the start of the later member's *value* (the same place ``locate``
gives for its pointer), with the pointer of that later member.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import orjson

from gt_validator._scan import Duplicate, line_columns, walk
from gt_validator.gt_format import escape_token
from gt_validator.problems import Capped, Problem

__all__ = ["Parsed", "add_duplicates", "duplicate_keys", "may_hold_duplicates", "parse"]

_BOM = b"\xef\xbb\xbf"

try:  # the optional C accelerator: a vectorised count, ~5x bytes.count
    from gt_validator._speedups import count_colons as _count_colons
except ImportError:  # pragma: no cover - depends on the build

    def _count_colons(data: bytes) -> int:
        return data.count(b":")


_ESCAPED_COLON = re.compile(rb"\\u003[aA]")


@dataclass(frozen=True, slots=True)
class Parsed:
    document: object | None  # the parsed root (None when not parseable)
    ok: bool  # False when invalid_json: the rules do not run
    data: bytes  # the bytes parsed (BOM stripped): positions are computed from them
    problems: tuple[Problem, ...]  # invalid_json / byte_order_mark / duplicate_key, positioned


def parse(data: bytes, *, check_duplicates: bool = True) -> Parsed:
    """Parse one GT file; never raises.

    ``check_duplicates=False`` leaves duplicate keys to the caller (see
    ``duplicate_keys``), which may know a cheaper way to rule them out.
    """
    problems: list[Problem] = []
    if not isinstance(data, bytes):  # bytearray / memoryview from a caller: no crash
        data = bytes(data)
    if data.startswith(_BOM):
        problems.append(
            Problem(
                "byte_order_mark",
                "the file starts with a UTF-8 byte order mark (EF BB BF); remove it",
                "",
                1,
                1,
            )
        )
        data = data[len(_BOM) :]
    try:
        document = orjson.loads(data)
    except Exception as exc:  # anything orjson raises means "not JSON we accept"
        problems.append(_invalid_json(data, exc))
        return Parsed(None, False, data, tuple(problems))
    if check_duplicates and _may_hold_duplicates(data, document):
        _duplicates(data, problems)
    return Parsed(document, True, data, tuple(problems))


def duplicate_keys(
    data: bytes, document: object, members: int | None = None, out: list[Problem] | None = None
) -> list[Problem]:
    """``duplicate_key`` problems of ``data`` (BOM-stripped), which parsed to ``document``,
    appended to ``out`` (a ``problems.Capped`` gets only as many as it keeps, and the
    count of the rest) and returned.

    ``members``: the object members the caller counted in ``document`` plus the
    colons it saw inside strings. Every member of the text has a structural colon,
    and a dropped duplicate is not counted, so when the text holds exactly that
    many colons no key was dropped: one byte count instead of a re-serialisation.
    Any shortfall (uncounted strings or objects) only sends us to the slower checks.
    """
    out = [] if out is None else out
    if may_hold_duplicates(data, document, members):
        _duplicates(data, out)
    return out


def may_hold_duplicates(data: bytes, document: object, members: int | None = None) -> bool:
    """False when the colon counts prove ``data`` repeats no key (``members`` as for
    ``duplicate_keys``); True when only the exact scanner can tell."""
    if _escaped_colon(data):  # the counts prove nothing then (module docstring)
        return True
    if members is not None and _count_colons(data) == members:
        return False
    return _may_hold_duplicates(data, document)


def _may_hold_duplicates(data: bytes, document: object) -> bool:
    colons = data.count(b":")
    if not colons:
        return False
    try:
        kept = orjson.dumps(document).count(b":")
    except Exception:  # cannot happen for what loads returned; be exact anyway
        return True
    return colons != kept or _escaped_colon(data)


def _escaped_colon(data: bytes) -> bool:
    # b"\\" first: a single-byte search is far cheaper than the pattern.
    return b"\\" in data and _ESCAPED_COLON.search(data) is not None


def _duplicates(data: bytes, out: list[Problem]) -> list[Problem]:
    text = data.decode("utf-8")  # orjson accepted it, so it is valid UTF-8
    found, total = walk(text, None, find_duplicates=True, keep=room_for_duplicates(out))
    where = line_columns(text, {i for d in found for i in (d.first, d.start)})
    add_duplicates(found, total, where, out)
    return out


def room_for_duplicates(out: list[Problem]) -> int | None:
    """How many more duplicate_key problems ``out`` keeps (None: all)."""
    if type(out) is Capped:
        return max(out.cap - out.counts.get("duplicate_key", 0), 0)
    return None


def add_duplicates(
    found: list[Duplicate], total: int, where: dict[int, tuple[int, int]], out: list[Problem]
) -> None:
    """The ``duplicate_key`` problems of what ``_scan.walk`` found (``where``: the
    positions of their indexes), and the count of the ``total - len(found)`` not built."""
    for dup in found:
        line, column = where[dup.start]
        first_line, first_column = where[dup.first]
        holder = dup.pointer[: -len(escape_token(dup.key)) - 1] or "the root"
        shown = repr(dup.key) if len(dup.key) <= 80 else repr(dup.key[:80]) + "..."
        out.append(
            Problem(
                "duplicate_key",
                f"duplicate key {shown} in the object at {holder} (first at line "
                f"{first_line}, column {first_column}): parsers keep only the last value",
                dup.pointer,
                line,
                column,
            )
        )
    if type(out) is Capped and total > len(found):  # counted, never built
        out.counts["duplicate_key"] += total - len(found)


def _invalid_json(data: bytes, exc: Exception) -> Problem:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as bad:
        # Position of the first bad byte: code points before it on its line.
        prefix = data[: bad.start].decode("utf-8")
        line, column = line_columns(prefix, {len(prefix)})[len(prefix)]
        return Problem(
            "invalid_json",
            f"invalid UTF-8 byte 0x{data[bad.start]:02X} at line {line}, column {column}",
            "",
            line,
            column,
        )
    if not isinstance(exc, orjson.JSONDecodeError):
        return Problem("invalid_json", f"the file could not be parsed: {exc!r}")
    if not text.strip(" \t\r\n"):
        return Problem("invalid_json", "invalid JSON: the file is empty", "", 1, 1)
    reason = exc.msg
    index = min(max(exc.pos, 0), len(text))
    if "depth" in reason:
        reason += ": more than 1,024 levels of nesting"
        if index and text[index - 1] in "[{":  # orjson points just past the bracket
            index -= 1
    line, column = line_columns(text, {index})[index]
    return Problem(
        "invalid_json",
        f"invalid JSON: {reason} (line {line}, column {column})",
        "",
        line,
        column,
    )
