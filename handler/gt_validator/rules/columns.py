"""Column-wise helpers of the fast path: group the annotations of a file by
(type, label), and judge one attribute's values across a group at once.

Each has a C version (``_speedups.c``) and a pure-Python twin with the same
answers (tests/unit/test_speedups.py); the C one is used when it was built.
"""

from __future__ import annotations

import re
from itertools import repeat
from typing import Any

try:  # the optional C accelerator (setup.py); absent in the Lambda package
    from gt_validator._speedups import attributes_ok as _c_attributes_ok
    from gt_validator._speedups import group_annotations as _c_group
except ImportError:  # pragma: no cover - depends on the build
    _c_attributes_ok = _c_group = None

# (name, kind code, allowed values, min, max, required, ':' in the name)
Column = tuple[str, int, frozenset[str], float, float, bool, int]
Groups = dict[tuple[str, str], tuple[list[dict[str, Any]], list[list[Any]]]]
KIND_CODES = {"select": 0, "text": 1, "boolean": 2, "number": 3, "multi_select": 4}
_ABSENT = object()
_H = "[0-9a-fA-F]"
_ID = re.compile(f"[0-9]+-{_H}{{8}}-{_H}{{4}}-{_H}{{4}}-{_H}{{4}}-{_H}{{12}}")


def identities_ok_python(anns: list[Any]) -> bool:
    """Ids well-formed and unique; track_ids (where present) strings or integers, unique
    as JSON values (1 and "1" differ). Part of group_annotations' Python twin."""
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
    integer or is used twice. One pass instead of several."""
    if _c_group is not None:
        return _c_group(anns, fields)  # type: ignore[no-any-return]
    return group_annotations_python(anns, fields)


def group_annotations_python(anns: list[Any], fields: frozenset[str]) -> tuple[Groups, int] | None:
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


def column_ok_python(  # the twin of _speedups.c's column_check
    dicts: list[dict[str, Any]],
    name: str,
    kind: int,
    allowed: frozenset[str],
    lo: float,
    hi: float,
    required: bool,
) -> tuple[int, int] | None:
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
    if _c_attributes_ok is not None:
        return _c_attributes_ok(dicts, names, columns)  # type: ignore[no-any-return]
    return attributes_ok_python(dicts, names, columns)


def attributes_ok_python(
    dicts: list[dict[str, Any]], names: frozenset[str], columns: tuple[Column, ...]
) -> int | None:
    if set(map(type, dicts)) - {dict} or not set().union(*dicts) <= names:
        return None
    colons = 0
    for name, kind, allowed, lo, hi, required, name_colons in columns:
        judged = column_ok_python(dicts, name, kind, allowed, lo, hi, required)
        if judged is None:
            return None
        colons += judged[1] + judged[0] * name_colons
    return colons
