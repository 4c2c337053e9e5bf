"""The fast path's annotation checks in Python, column-wise: group a file's
annotations by (type, label), then judge each attribute's values across a group
at once (C-level ``set``/``map`` where Python allows).

This is the twin of ``_speedups.annotations_ok``, which does the same in one C
pass; ``fast._annotations`` uses that when the accelerator is built (not in the
Lambda package) and this otherwise. The tests hold the two to the same answers.
"""

from __future__ import annotations

import re
from itertools import repeat
from typing import Any

# (name, kind code, allowed values, min, max, required, ':' in the name)
Column = tuple[str, int, frozenset[str], float, float, bool, int]
Groups = dict[tuple[str, str], tuple[list[dict[str, Any]], list[list[Any]]]]
KIND_CODES = {"select": 0, "text": 1, "boolean": 2, "number": 3, "multi_select": 4}
_ABSENT = object()
_H = "[0-9a-fA-F]"
_ID = re.compile(f"[0-9]+-{_H}{{8}}-{_H}{{4}}-{_H}{{4}}-{_H}{{4}}-{_H}{{12}}")


def identities_ok_python(anns: list[Any]) -> bool:
    """Ids well-formed and unique; track_ids (where present) strings or integers, unique
    as JSON values (1 and "1" differ)."""
    ids: set[str] = set()
    tracks: set[tuple[type, object]] = set()
    for ann in anns:
        if type(ann) is not dict:
            return False
        ident = ann.get("id", _ABSENT)
        if type(ident) is not str or _ID.fullmatch(ident) is None or ident in ids:
            return False
        ids.add(ident)
        track = ann.get("track_id", _ABSENT)
        if track is _ABSENT:
            continue
        if type(track) not in (str, int) or (type(track), track) in tracks:
            return False
        tracks.add((type(track), track))
    return True


def group_annotations(anns: list[Any], fields: frozenset[str]) -> tuple[Groups, int] | None:
    """({(type, label): ([attributes], [points])}, members of annotations and their
    attributes), or None when an annotation is not shaped for the fast path: not an
    object, a key outside ``fields``, a missing or mistyped id/type/label/attributes/
    points, an id that is malformed or used twice, a track_id that is not a string or
    integer or is used twice."""
    if not identities_ok_python(anns):
        return None
    groups: Groups = {}
    members = 0
    for ann in anns:
        if not ann.keys() <= fields:
            return None
        try:
            kind, label, attrs, points = ann["type"], ann["label"], ann["attributes"], ann["points"]
        except KeyError:
            return None
        if (
            type(kind) is not str
            or type(label) is not str
            or type(attrs) is not dict
            or type(points) is not list
        ):
            return None
        members += len(ann) + len(attrs)
        entry = groups.get((kind, label))
        if entry is None:
            entry = groups[(kind, label)] = ([], [])
        entry[0].append(attrs)
        entry[1].append(points)
    return groups, members


def column_ok(
    dicts: list[dict[str, Any]],
    name: str,
    kind: int,
    allowed: frozenset[str],
    lo: float,
    hi: float,
    required: bool,
) -> tuple[int, int] | None:
    """(values present, ':' in their strings) when every value of attribute ``name`` is
    valid for ``kind`` (KIND_CODES), else None."""
    values = [v for v in map(dict.get, dicts, repeat(name), repeat(_ABSENT)) if v is not _ABSENT]
    if required and len(values) != len(dicts):
        return None
    colons = 0
    for v in values:
        if kind in (0, 1):
            if type(v) is not str or (kind == 0 and v not in allowed):
                return None
            colons += v.count(":")
        elif kind == 2:
            if type(v) is not bool:
                return None
        elif kind == 3:
            if type(v) not in (int, float) or not lo <= v <= hi:
                return None
        else:
            if type(v) is not list or len(set(map(type, v))) > 1 or (v and type(v[0]) is not str):
                return None
            if not set(v) <= allowed or len(set(v)) != len(v):
                return None
            colons += sum(s.count(":") for s in v)
    return len(values), colons


def attributes_ok(
    dicts: list[dict[str, Any]], names: frozenset[str], columns: tuple[Column, ...]
) -> int | None:
    """Colons seen (in string values, and in the names of attributes present) when every
    key of every dict is in ``names`` and every column holds only valid values; else None."""
    if set(map(type, dicts)) - {dict} or not set().union(*dicts) <= names:
        return None
    colons = 0
    for name, kind, allowed, lo, hi, required, name_colons in columns:
        judged = column_ok(dicts, name, kind, allowed, lo, hi, required)
        if judged is None:
            return None
        colons += judged[1] + judged[0] * name_colons
    return colons
