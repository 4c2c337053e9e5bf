"""JSON Pointer -> (line, column) in the GT file's text; run only for files with findings.

Positions are 1-based. Lines end at LF (a CR before it is part of the line, a lone
CR is not a line break: that is how git, GitHub and orjson count). Columns count
Unicode code points; a leading byte order mark is not counted. Invalid UTF-8 is
decoded with U+FFFD replacements (one per maximal invalid sequence); positions in
text that is not JSON are a best effort, never an exception.

A pointer names the start of a value. When a key occurs twice in one object the
later member counts (parsers keep its value). A pointer that does not exist
(``/annotations/0/label`` when that annotation has no label) gets the position of
its deepest existing ancestor, the value that should hold it. Pointers that are
not RFC 6901 (not starting with ``/``) are placed at the root. A pointer is left
out of the result only when not even the root value exists (empty or blank text).
"""

from __future__ import annotations

from collections.abc import Iterable

from gt_validator._scan import Node, line_columns, walk
from gt_validator.parse import add_duplicates, room_for_duplicates
from gt_validator.problems import Problem

__all__ = ["locate"]

_BOM = "\ufeff"


def _tokens(pointer: str) -> list[str]:
    if not pointer.startswith("/"):
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def locate(
    data: bytes, pointers: Iterable[str], duplicates: list[Problem] | None = None
) -> dict[str, tuple[int, int]]:
    """1-based (line, column) of the value at each pointer, or of its deepest existing
    ancestor; never raises. With ``duplicates``, the same pass also finds repeated
    keys and appends their ``duplicate_key`` problems to it (``parse.add_duplicates``):
    one pass over the text for all of a file's positions."""
    text = data.decode("utf-8", errors="replace")
    if text.startswith(_BOM):
        text = text[1:]
    root = Node()
    paths: dict[str, list[Node]] = {}
    for pointer in pointers:
        if pointer in paths:
            continue
        node, path = root, [root]
        for token in _tokens(pointer):
            node = node.children.setdefault(token, Node())
            path.append(node)
        paths[pointer] = path
    if not paths and duplicates is None:
        return {}
    find = duplicates is not None
    room = room_for_duplicates(duplicates) if duplicates is not None else None
    repeated, total = walk(text, root, find_duplicates=find, keep=room)  # one pass

    found: dict[str, int] = {}
    for pointer, path in paths.items():
        start = next((n.start for n in reversed(path) if n.start is not None), None)
        if start is not None:
            found[pointer] = start
    indexes = set(found.values()) | {i for d in repeated for i in (d.first, d.start)}
    where = line_columns(text, indexes)
    if duplicates is not None:
        add_duplicates(repeated, total, where, duplicates)
    return {pointer: where[start] for pointer, start in found.items()}
