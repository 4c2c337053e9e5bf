"""Is a finding's line and column where its pointer says? (for the fuzz properties)

A pointer names a value; one that does not exist (a missing field) is placed at
its deepest existing ancestor. The check reads the text at the reported position
and compares it with that value: its first character for containers, the whole
value for scalars (decoded the same way as the document).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_DECODER = json.JSONDecoder()
_STARTS = {dict: "{", list: "[", str: '"', bool: "tf", type(None): "n"}


def resolve(doc: Any, pointer: str) -> Any:
    """The deepest value on the way to ``pointer`` (RFC 6901 tokens)."""
    node = doc
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            break
    return node


def offset(text: str, line: int, column: int) -> int:
    """The index in ``text`` of a 1-based line (LF-separated) and code-point column."""
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def misplaced(data: bytes, doc: Any, pointer: str, line: int, column: int) -> str | None:
    """Why (line, column) is not where ``pointer`` points in ``data``, or None."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    try:
        at = offset(text, line, column)
    except ValueError:
        return f"line {line} does not exist"
    value = resolve(doc, pointer)
    found = text[at : at + 1]
    expected = _STARTS.get(type(value), "-0123456789")
    if found == "" or found not in expected:
        return (
            f"{pointer!r} is a {type(value).__name__}, the text there starts {text[at : at + 20]!r}"
        )
    if isinstance(value, dict | list):
        return None
    end = _DECODER.raw_decode(text, at)[1]
    if orjson.loads(text[at:end].encode("utf-8")) != value:
        return f"{pointer!r} is {value!r}, the text there is {text[at:end]!r}"
    return None
