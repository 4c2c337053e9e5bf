"""GT bytes -> fixed bytes: plan, locate, edit, repeat until nothing changes.

Only the characters of the fixed values change (a name, a key, two coordinates
that trade places); a leading byte order mark is dropped. A round whose result
would not parse, or whose spans are not what the plan expected, is not applied.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson

from gt_validator.config.model import ProjectConfig
from gt_validator.fixes.plan import Change, LeftAlone, plan
from gt_validator.fixes.spans import Edit, Span, apply, index_of, key_span, string_at, value_span
from gt_validator.parse import parse
from gt_validator.positions import locate

BOM = b"\xef\xbb\xbf"
MAX_ROUNDS = 8  # a label fixed in round 1 lets round 2 fix its attributes; more is a loop


@dataclass(frozen=True, slots=True)
class Fixed:
    code: str
    pointer: str
    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    data: bytes
    fixed: tuple[Fixed, ...]
    left: tuple[Fixed, ...]  # ambiguous or conflicting: left alone, with why

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def _spans(text: str, change: Change, where: dict[str, tuple[int, int]]) -> list[Edit] | None:
    """The edits for one change, or None when the text is not what the plan expected."""

    def start(pointer: str) -> int | None:
        pos = where.get(pointer)
        return index_of(text, *pos) if pos else None

    at = start(change.pointer)
    if at is None:
        return None
    if change.kind == "swap":
        other = start(change.other)
        a, b = value_span(text, at), value_span(text, other) if other is not None else None
        if a is None or b is None:
            return None
        return [
            Edit(a, text[b.start : b.end]),
            Edit(b, text[a.start : a.end]),
        ]
    span: Span | None = key_span(text, at) if change.kind == "key" else value_span(text, at)
    if span is None or string_at(text, span) != change.old:
        return None
    return [Edit(span, orjson.dumps(change.new).decode())]


def fix_bytes(data: bytes, config: ProjectConfig, wanted: frozenset[str]) -> Outcome:
    fixed: list[Fixed] = []
    prefix = b""
    if data.startswith(BOM):
        if "byte_order_mark" in wanted:
            fixed.append(Fixed("byte_order_mark", "", "removed the byte order mark", 1, 1))
        else:
            prefix = BOM
        data = data[len(BOM) :]
    left: list[LeftAlone] = []
    for _ in range(MAX_ROUNDS):
        parsed = parse(data, check_duplicates=False)
        if not parsed.ok:
            break
        todo = plan(parsed.document, config, wanted)
        left = todo.left
        if not todo.changes:
            break
        text = data.decode("utf-8")
        pointers = {c.pointer for c in todo.changes} | {c.other for c in todo.changes if c.other}
        where = locate(data, pointers)
        edits: list[Edit] = []
        done: list[Change] = []
        for change in todo.changes:
            found = _spans(text, change, where)
            if found is not None:
                edits += found
                done.append(change)
        new_text = apply(text, edits) if edits else None
        if new_text is None:
            break
        new_data = new_text.encode("utf-8")
        if not parse(new_data, check_duplicates=True).ok:
            break  # never write a file that no longer parses
        for change in done:
            line, column = where.get(change.pointer, (None, None))
            fixed.append(Fixed(change.code, change.pointer, change.message, line, column))
        data = new_data
    where = locate(data, {x.pointer for x in left}) if left else {}
    remains = tuple(
        Fixed(x.code, x.pointer, x.message, *where.get(x.pointer, (None, None))) for x in left
    )
    return Outcome(prefix + data, tuple(fixed), remains)
