"""Pass 1 of loading a config: the bytes must be strict JSON, and plausibly shaped.

Strict RFC 8259 (orjson: no NaN, comments or trailing commas; line and column on
failure), no key given twice in one object (orjson keeps the last silently), and
no nesting deeper than ``MAX_DEPTH``: the deepest valid config is 5 levels
(``/classes/0/attributes/0/values``), and deeper data would make the next passes
(``json`` with a pairs hook, the schema) recurse until Python gives up.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from gt_validator.config.errors import ConfigError

__all__ = ["MAX_DEPTH", "parse_strict"]

MAX_DEPTH = 32


def parse_strict(data: bytes, uri: str) -> object:
    """The config document, or a ConfigError with the line and column or the pointer."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise ConfigError(
            f"invalid JSON at line {line}, column {column}: not UTF-8 (byte {exc.start})",
            config=uri,
            line=line,
            column=column,
        ) from None
    text = text.removeprefix("\ufeff")  # editors on Windows add one; harmless here
    if not text.strip():
        raise ConfigError("invalid JSON: the file is empty", config=uri)
    try:  # orjson: strict RFC 8259 (no NaN, comments or trailing commas) with a position
        strict = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ConfigError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            config=uri,
            line=exc.lineno,
            column=exc.colno,
        ) from None
    too_deep = _too_deep(strict)
    if too_deep is not None:
        raise ConfigError(
            f"nested more than {MAX_DEPTH} levels deep; a config needs at most a few",
            config=uri,
            pointer=too_deep,
        )
    # Parsed again to catch a key given twice, which orjson silently collapses.
    twice: list[tuple[dict[str, Any], str]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj and not twice:
                twice.append((obj, key))
            obj[key] = value
        return obj

    doc = json.loads(text, object_pairs_hook=pairs)
    if twice:
        obj, key = twice[0]
        raise ConfigError(
            f"key {key!r} is given twice in one object (only the last would count)",
            config=uri,
            pointer=f"{_pointer_of(doc, obj)}/{_escape(key)}",
        )
    return doc


def _too_deep(doc: object) -> str | None:
    """The pointer of the first value deeper than MAX_DEPTH, or None (no recursion)."""
    stack: list[tuple[object, str, int]] = [(doc, "", 0)]
    while stack:
        node, pointer, depth = stack.pop()
        if depth > MAX_DEPTH:
            return pointer
        if isinstance(node, dict):
            stack.extend((v, f"{pointer}/{_escape(k)}", depth + 1) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{pointer}/{i}", depth + 1) for i, v in enumerate(node))
    return None


def _pointer_of(doc: object, target: object) -> str:
    stack: list[tuple[object, str]] = [(doc, "")]
    while stack:
        node, pointer = stack.pop()
        if node is target:
            return pointer
        if isinstance(node, dict):
            stack.extend((v, f"{pointer}/{_escape(k)}") for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{pointer}/{i}") for i, v in enumerate(node))
    return ""


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
