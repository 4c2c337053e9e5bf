"""The fast yes: is a parsed GT document free of findings? (location aside)

Most files are valid, and for them the detailed rules (``document.py``) would
walk every annotation, attribute and point in Python. This module answers the
same question with as much of the work as possible in C: set operations on key
views, C predicates for attribute values, and one pass of ``map``/``min``/``max``
over all the points of a file at once. At the first sign of trouble it answers
None and the detailed rules run to say exactly what and where.

It also counts the document's object members (plus the colons inside the
strings it looked at), which rules out duplicate keys with one byte count
(``parse.duplicate_keys``). The tests check that it agrees with the detailed
rules on every example, fixture and generated document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gt_validator.rules.annotations import ANNOTATION_FIELDS
from gt_validator.rules.attr_rules import AttrRules, attrs_ok, colons_in
from gt_validator.rules.columns import (
    group_annotations,
)
from gt_validator.rules.context import RuleContext
from gt_validator.rules.geometry import SHAPES
from gt_validator.rules.points import points_ok_any

try:  # the optional C accelerator (setup.py); absent in the Lambda package
    from gt_validator._speedups import annotations_ok as _c_annotations_ok
except ImportError:  # pragma: no cover - depends on the build
    _c_annotations_ok = None

_NUMBER = frozenset({int, float})
_H = "[0-9a-fA-F]"
_ID = f"[0-9]+-{_H}{{8}}-{_H}{{4}}-{_H}{{4}}-{_H}{{4}}-{_H}{{12}}"
_ONE_ID = re.compile(_ID)
_TOP_TYPES: dict[str, tuple[type, ...]] = {
    "annotations": (list,),
    "attributes": (dict,),
    "label": (str,),
    "file_id": (str,),
    "scene_id": (str,),
    "filename": (str,),
    "parent_path": (str,),
    "metadata": (dict,),
    "last_modifier_id": (str, type(None)),
    "last_workers": (dict,),
    "tags": (list,),
    "parent_tags": (list,),
}
_STRING_FIELDS = ("label", "file_id", "scene_id", "filename", "parent_path", "last_modifier_id")
_ABSENT = object()
_FAILED = (TypeError, KeyError, ValueError, AttributeError, IndexError)


@dataclass(frozen=True, slots=True)
class _Combo:  # one (type, label) pair the project allows
    attrs: AttrRules
    least: int
    exact: int | None
    group: str  # "2d", "keypoint", "3d"


@dataclass(frozen=True, slots=True)
class FastRules:
    combos: Mapping[tuple[str, str], _Combo]
    classification: AttrRules
    top_required: frozenset[str]
    labels: frozenset[str]
    # The same combos as plain tuples, for _speedups.annotations_ok:
    # (dims, least, exact or -1, attribute names, attribute columns, is a box)
    c_combos: dict[tuple[str, str], tuple[int, int, int, frozenset[str], tuple[Any, ...], bool]]

    @classmethod
    def of(cls, ctx: RuleContext) -> FastRules:
        combos = {}
        for name, rules in ctx.classes.items():
            attrs = AttrRules.of(rules.spec.attributes)
            for kind in rules.spec.types & ctx.annotation_types:
                _, least, exact = SHAPES[kind]
                group = {"keypoint": "keypoint", "cuboid": "3d"}.get(kind, "2d")
                combos[(kind, name)] = _Combo(attrs, least, exact, group)
        required = {"annotations", "attributes", "filename", "parent_path", "metadata"}
        required |= {"label"} if ctx.classified else set()
        required |= {"scene_id"} if ctx.sequence_like else set()
        labels = ctx.config.classification.labels if ctx.config.classification else ()
        dims = {"2d": 2, "keypoint": 0, "3d": 3}
        c_combos = {
            pair: (
                dims[c.group],
                c.least,
                -1 if c.exact is None else c.exact,
                c.attrs.names,
                c.attrs.columns,
                pair[0] == "box",
            )
            for pair, c in combos.items()
        }
        return cls(
            combos, AttrRules.of(ctx.class_attrs), frozenset(required), frozenset(labels), c_combos
        )


def annotation_ok(ann: Any, fast: FastRules, bounds: tuple[Any, ...]) -> bool:
    """One annotation free of findings (ids and track ids unique aside)? The detailed
    rules ask this first, so a file with one bad annotation costs one detailed walk."""
    try:
        if type(ann) is not dict or not ann.keys() <= ANNOTATION_FIELDS:
            return False
        kind = ann["type"]
        combo = fast.combos.get((kind, ann["label"]))
        attrs, points, ident = ann["attributes"], ann["points"], ann["id"]
        if combo is None or type(attrs) is not dict or type(points) is not list:
            return False
        count = len(points)
        if count < combo.least or (combo.exact is not None and count != combo.exact):
            return False
        if type(ident) is not str or _ONE_ID.fullmatch(ident) is None:
            return False
        if "track_id" in ann and type(ann["track_id"]) not in (str, int):
            return False
        dims = {"2d": 2, "keypoint": 0, "3d": 3}[combo.group]
        if not (attrs_ok(attrs, combo.attrs) and points_ok_any([points], dims, bounds)):
            return False
        if kind == "box":
            (x1, y1), (x2, y2) = points
            return bool(x1 <= x2 and y1 <= y2)
        return True
    except _FAILED:
        return False


def clean_members(doc: object, ctx: RuleContext, fast: FastRules) -> int | None:
    """Members + colons counted when the rules would find nothing; None otherwise."""
    try:
        return _clean(doc, ctx, fast)
    except _FAILED:  # an unhashable label, a number where a list belongs...
        return None


def _clean(doc: Any, ctx: RuleContext, fast: FastRules) -> int | None:
    if type(doc) is not dict:
        return None
    keys = doc.keys()
    if not (fast.top_required <= keys and keys <= _TOP_TYPES.keys()):
        return None
    if ("label" in keys and not ctx.classified) or ("scene_id" in keys and not ctx.sequence_like):
        return None
    for key, value in doc.items():
        if type(value) not in _TOP_TYPES[key]:
            return None
    if not doc["filename"] or not doc["parent_path"].startswith("/"):
        return None
    if ctx.classified and doc["label"] not in fast.labels:
        return None
    counted = len(doc) + sum(doc[k].count(":") for k in _STRING_FIELDS if type(doc.get(k)) is str)
    meta = doc["metadata"]
    counted += _metadata(meta, ctx)
    bounds = ((0, meta["width"]), (0, meta["height"])) if ctx.image_like else tuple(ctx.bounds)
    for key, allowed in (("tags", ctx.config.tags), ("parent_tags", ctx.config.parent_tags)):
        if key in keys:
            tags = doc[key]
            if not set(map(type, tags)) <= {str} or (
                allowed is not None and not set(tags) <= allowed
            ):
                return None
            counted += sum(map(colons_in, tags))
    workers = doc.get("last_workers")
    if workers is not None:
        if not set(map(type, workers.values())) <= {str, type(None)}:
            return None
        counted += (
            len(workers) + sum(map(colons_in, workers)) + sum(map(colons_in, workers.values()))
        )
    attrs = doc["attributes"]
    if not attrs_ok(attrs, fast.classification):
        return None
    counted += len(attrs) + fast.classification.colons(attrs)
    ann_count = _annotations(doc["annotations"], fast, bounds)
    return None if ann_count is None else counted + ann_count


def _metadata(meta: dict[str, Any], ctx: RuleContext) -> int:
    """Members counted in metadata; raises ValueError when it is wrong."""
    if ctx.image_like:
        for key in ("width", "height"):
            v = meta[key]
            if not ((type(v) is int and v > 0) or (type(v) is float and v > 0 and v.is_integer())):
                raise ValueError(key)
    elif ctx.config.resource_type == "video":
        fps = meta["fps"]
        if type(fps) not in _NUMBER or not fps > 0:
            raise ValueError("fps")
    elif meta:
        raise ValueError("metadata")
    return _members(meta)


def _members(value: Any) -> int:
    """Object members and colons in strings below ``value`` (metadata is free-form)."""
    if type(value) is dict:
        inner: int = sum(k.count(":") + _members(v) for k, v in value.items())
        return len(value) + inner
    if type(value) is list:
        return sum(map(_members, value))
    return int(value.count(":")) if type(value) is str else 0


def _annotations(anns: list[Any], fast: FastRules, bounds: tuple[Any, ...]) -> int | None:
    """Column-wise: each check runs once over a column of all annotations (or once per
    distinct value), so the cost per annotation is a few C-level steps, not a Python loop."""
    if not anns:
        return 0
    if _c_annotations_ok is not None:  # the same checks in one C pass
        result: int | None = _c_annotations_ok(anns, ANNOTATION_FIELDS, fast.c_combos, bounds)
        return result
    grouped = group_annotations(anns, ANNOTATION_FIELDS)
    if grouped is None:
        return None
    by_pair, counted = grouped
    groups: dict[str, list[list[Any]]] = {"2d": [], "keypoint": [], "3d": []}
    boxes: list[list[Any]] = []
    by_label: dict[str, tuple[AttrRules, list[dict[str, Any]]]] = {}
    for pair, (attrs_group, points_group) in by_pair.items():
        combo = fast.combos.get(pair)
        if combo is None:
            return None
        sizes = set(map(len, points_group))
        if min(sizes) < combo.least or (combo.exact is not None and sizes != {combo.exact}):
            return None
        # Attributes belong to the class: one check per label, whatever the types.
        by_label.setdefault(pair[1], (combo.attrs, []))[1].extend(attrs_group)
        groups[combo.group].extend(points_group)
        if pair[0] == "box":
            boxes.extend(points_group)
    for rules, attrs_group in by_label.values():
        colons = rules.column_colons(attrs_group)
        if colons is None:
            return None
        counted += colons
    if not (
        _points(groups["2d"], 2, bounds)
        and _points(groups["keypoint"], 0, bounds)
        and _points(groups["3d"], 3, bounds)
    ):
        return None
    for (x1, y1), (x2, y2) in boxes:
        if x1 > x2 or y1 > y2:
            return None
    return counted


def _points(lists: list[list[Any]], dims: int, bounds: tuple[Any, ...]) -> bool:
    """All points of a file at once: lists of ``dims`` numbers within ``bounds``
    (``dims`` 0: keypoints, whose points may carry a visibility 0, 1 or 2)."""
    if not lists:
        return True
    return points_ok_any(lists, dims, bounds)
