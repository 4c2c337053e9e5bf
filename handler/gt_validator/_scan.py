"""An iterative, lenient walker over JSON text, shared by ``positions`` and ``parse``.

It records where values start (as indexes into the decoded text) and, on request,
every object member whose key repeats an earlier key of the same object. It never
recurses, so any nesting depth is fine, and it never raises on malformed text: it
walks what it recognises and ignores the rest.

Speed: only the containers that matter are walked token by token in Python.
Every other container is skipped in C: by ``_speedups.skip_json`` (brackets matched,
nothing built) when the accelerator is built, else by the standard ``json``
module's scanner (which builds no dicts here), falling back to the Python walk when
that scanner rejects the text or runs out of recursion depth.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from json import decoder

from gt_validator.gt_format import escape_token

# Neither is in typeshed; both are the C accelerated versions when available.
_Scanner = Callable[[str, int], tuple[object, int]]
scanstring: Callable[[str, int, bool], tuple[str, int]] = decoder.scanstring  # type: ignore[attr-defined]

# Separators, then one token: open, close, string, or any other run (numbers,
# literals, garbage). Commas and colons carry no information in valid JSON (keys and
# values alternate), so treating them as separators halves the Python-level steps.
_TOKEN = re.compile(r'[ \t\n\r,:]*(?:([\[{])|([\]}])|(")|([^ \t\n\r\[\]{}",:]+))')
_OPEN, _CLOSE, _STRING, _WORD = range(1, 5)
_COMMA = re.compile(r"[ \t\n\r]*,?")
_SPACE = re.compile(r"[ \t\n\r]*")
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"?', re.DOTALL)  # lenient fallback for a string


class Node:
    """A trie of wanted pointer tokens; ``start`` is where that value begins."""

    __slots__ = ("children", "start")

    def __init__(self) -> None:
        self.children: dict[str, Node] = {}
        self.start: int | None = None

    def record(self, start: int) -> None:
        # A repeated key: the later value is the one parsers keep, so forget what
        # was found inside the earlier one.
        if self.start is not None:
            stack = list(self.children.values())
            while stack:
                node = stack.pop()
                node.start = None
                stack.extend(node.children.values())
        self.start = start


@dataclass(frozen=True, slots=True)
class Duplicate:
    pointer: str  # of the later member
    key: str  # unescaped
    first: int  # where the first member's value starts
    start: int  # where the later member's value starts


class _Frame:
    __slots__ = (
        "expect_key",
        "index",
        "is_object",
        "key",
        "last",
        "node",
        "parent",
        "seen",
        "token",
    )

    def __init__(
        self, is_object: bool, node: Node | None, parent: _Frame | None, token: str | None
    ) -> None:
        self.is_object = is_object
        self.node = node
        self.parent = parent
        self.token = token  # this container's key or index in its parent
        self.expect_key = is_object
        self.key: str | None = None  # objects: the current key
        self.index = 0  # arrays: the next index
        self.seen: dict[str, int] = {}
        # Arrays: past this index nothing is wanted, so the rest can be skipped at once
        # (an array has no keys to repeat). None: walk every element.
        self.last: int | None = None
        if not is_object and node is not None:
            self.last = max(
                (int(t) for t in node.children if t.isascii() and t.isdigit()), default=-1
            )


def _pointer(frame: _Frame | None) -> str:
    tokens: list[str] = []
    while frame is not None and frame.parent is not None:
        tokens.append(escape_token(frame.token or ""))
        frame = frame.parent
    return "".join("/" + t for t in reversed(tokens))


class _HasDuplicate(Exception):
    """Raised from the C scanner's hook to stop at the first repeated key."""


def _duplicate_hook(pairs: list[tuple[str, object]]) -> None:
    if len(dict(pairs)) != len(pairs):
        raise _HasDuplicate


# ``len`` as the hook: the scanner then builds no dict for an object it skips.
_skip: _Scanner = json.JSONDecoder(object_pairs_hook=len).scan_once  # type: ignore[attr-defined]
_skip_unless_duplicate: _Scanner = json.JSONDecoder(  # type: ignore[attr-defined]
    object_pairs_hook=_duplicate_hook
).scan_once


try:  # the optional C accelerator: brackets matched, strings stepped over, nothing built
    from gt_validator._speedups import skip_json
except ImportError:  # pragma: no cover - depends on the build
    skip_json = None


# Containers larger than this (in characters) are walked, not handed whole to the
# scanner that checks for repeated keys: it builds every member, which for an object
# of millions of members would cost many times the file's size in memory.
_SCAN_WHOLE = 1 << 16


def _skip_unless_duplicated(text: str, start: int) -> int:
    """The index after the container at ``start``; raises _HasDuplicate (walk it)
    when it repeats a key, or when it is too large to scan whole (needs the C
    accelerator to know; without it every container is scanned whole)."""
    if skip_json is not None and int(skip_json(text, start, 0)) - start > _SCAN_WHOLE:
        raise _HasDuplicate
    return _skip_unless_duplicate(text, start)[1]


def _skip_value(text: str, start: int) -> int:
    """The index after the value that starts at ``start``."""
    if skip_json is not None:
        return int(skip_json(text, start, 0))
    return _skip(text, start)[1]


def _skip_rest(text: str, rest: int) -> int:
    """The index after the closing bracket of the array whose remaining elements
    (after a separator) start at ``rest``."""
    if skip_json is not None:
        return int(skip_json(text, rest, 1))
    # Element by element: prefixing "[" to the rest of the text would copy it, once
    # per array, which is quadratic in a file with many short arrays.
    pos = _SPACE.match(text, rest).end()  # type: ignore[union-attr]
    while pos < len(text) and text[pos] != "]":
        pos = _skip(text, pos)[1]
        pos = _COMMA.match(text, pos).end()  # type: ignore[union-attr]
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
    if pos >= len(text):
        raise ValueError("unterminated array")
    return pos + 1


def _string_end(text: str, start: int) -> tuple[str, int]:
    """The unescaped string opened at ``start`` and the index after it."""
    try:
        return scanstring(text, start + 1, False)
    except ValueError:  # unterminated, or a bad escape: take the raw text
        m = _STRING_REST.match(text, start + 1)
        assert m is not None  # the pattern matches the empty string
        return text[start + 1 : m.end()].rstrip('"'), m.end()


def walk(
    text: str, want: Node | None, find_duplicates: bool, keep: int | None = None
) -> tuple[list[Duplicate], int]:
    """Record in ``want`` where its values start; if asked, return the first ``keep``
    repeated keys (all when None) and how many there are in all."""
    duplicates: list[Duplicate] = []
    found = 0
    stack: list[_Frame] = []
    pos = 0
    fast = True  # False once the C scanner ran out of depth: do not retry at every level
    match = _TOKEN.match
    while True:
        top = stack[-1] if stack else None
        if fast and top is not None and top.last is not None and top.index > top.last:
            rest = sep.end() if (sep := _COMMA.match(text, pos)) else pos
            try:  # one C call finds the array's end
                pos = _skip_rest(text, rest)
            except RecursionError:
                fast = False
            except (ValueError, StopIteration):
                # Malformed from here on: retrying the C scanner at every deeper
                # level would rescan the rest each time (quadratic).
                top.last, fast = None, False
            else:
                stack.pop()
                if not stack:
                    break
                continue
        if (m := match(text, pos)) is None:
            break
        kind = m.lastindex
        start = m.start(kind or 0)
        pos = m.end()
        if kind == _CLOSE:
            if top is None:
                continue  # a stray closer before the root
            stack.pop()
            if not stack:
                break  # the root value is complete; what follows is not ours
            continue
        token: str | None = None
        if top is not None:
            if top.is_object:
                if top.expect_key and kind == _STRING:
                    top.key, pos = _string_end(text, start)
                    top.expect_key = False
                    continue
                if not top.expect_key:  # else: a value without a key, recorded nowhere
                    token, top.expect_key = top.key, True
            else:
                token = str(top.index)
                top.index += 1

        # A value starts here.
        node = want if top is None else None
        if top is not None and token is not None:
            if top.node is not None:
                node = top.node.children.get(token)
            if find_duplicates and top.is_object:
                first = top.seen.setdefault(token, start)
                if first != start:
                    found += 1
                if first != start and (keep is None or found <= keep):
                    pointer = _pointer(top) + "/" + escape_token(token)
                    duplicates.append(Duplicate(pointer, token, first, start))
        if node is not None:
            node.record(start)
        if kind == _STRING:
            pos = _string_end(text, start)[1]
        elif kind == _OPEN:
            if top is None and not find_duplicates and (node is None or not node.children):
                break  # only the root's start was wanted: its end does not matter
            if fast and (node is None or not node.children):
                try:
                    pos = (
                        _skip_unless_duplicated(text, start)
                        if find_duplicates
                        else (_skip_value(text, start))
                    )
                    if top is None:
                        break
                    continue
                except _HasDuplicate:
                    pass  # walk it: to find where, or because it is large
                except RecursionError:
                    fast = False
                except (ValueError, StopIteration):
                    fast = False  # not JSON the C scanner accepts: walk the rest leniently
            stack.append(_Frame(text[start] == "{", node, top, token))
        elif top is None:
            break  # a scalar root
    return duplicates, found


def line_columns(text: str, indexes: set[int]) -> dict[int, tuple[int, int]]:
    """1-based (line, column) of each index; lines end at LF, columns count code points."""
    result: dict[int, tuple[int, int]] = {}
    line, line_start, previous = 1, 0, 0
    for index in sorted(indexes):
        breaks = text.count("\n", previous, index)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", previous, index) + 1
        result[index] = (line, index - line_start + 1)
        previous = index
    return result
