"""Document + config -> the safe changes to make, and what was left alone and why.

Pure: no text, no positions; ``fixes.apply`` turns changes into edits. Covered:
annotation labels, attribute names, ``select`` values and ``multi_select`` items
(per annotation class, and of the classification), the classification label, and
boxes with swapped corners.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from gt_validator.config.model import AttributeSpec, ProjectConfig
from gt_validator.fixes.fold import folder
from gt_validator.gt_format import escape_token as _escape
from gt_validator.rules.names import quote

FIX_CODES: tuple[str, ...] = (
    "byte_order_mark",
    "unknown_class",
    "unknown_attribute",
    "invalid_attribute_value",
    "invalid_points",
)


@dataclass(frozen=True, slots=True)
class Change:
    code: str  # the rule the change satisfies
    pointer: str  # the value (for kind "key": the member whose key changes)
    kind: Literal["value", "key", "swap"]
    old: str  # as shown in messages
    new: str
    other: str = ""  # kind "swap": the pointer of the value to trade places with

    @property
    def message(self) -> str:
        if self.kind == "swap":
            return f"box corners swapped on {self.old}; reordered to {self.new}"
        return f"{quote(self.old)} -> {quote(self.new)}"


@dataclass(frozen=True, slots=True)
class LeftAlone:
    code: str
    pointer: str
    message: str


@dataclass(slots=True)
class Plan:
    wanted: frozenset[str]
    changes: list[Change] = field(default_factory=list)
    left: list[LeftAlone] = field(default_factory=list)

    def name(self, code: str, pointer: str, value: str, registered: tuple[str, ...]) -> str | None:
        """The registered name ``value`` safely folds onto, or None (said so when ambiguous)."""
        if code not in self.wanted:
            return None
        match = folder(registered).match(value)
        if match.unique is not None:
            return match.unique
        if len(match.candidates) > 1:
            shown = " and ".join(quote(c) for c in match.candidates)
            self.left.append(
                LeftAlone(code, pointer, f"{quote(value)} is ambiguous: it matches {shown}")
            )
        return None


def plan(doc: object, config: ProjectConfig, wanted: frozenset[str]) -> Plan:
    out = Plan(wanted)
    if not isinstance(doc, dict):
        return out
    annotations = doc.get("annotations")
    if isinstance(annotations, list):
        classes = tuple(config.classes)
        for i, ann in enumerate(annotations):
            if isinstance(ann, dict):
                _annotation(out, ann, f"/annotations/{i}", classes, config)
    block = config.classification
    if block is not None:
        label = doc.get("label")
        if isinstance(label, str) and label not in block.labels:
            new = out.name("unknown_class", "/label", label, block.labels)
            if new is not None:
                out.changes.append(Change("unknown_class", "/label", "value", label, new))
        _attributes(out, doc.get("attributes"), "/attributes", block.attributes)
    return out


def _annotation(
    out: Plan, ann: dict[str, Any], base: str, classes: tuple[str, ...], config: ProjectConfig
) -> None:
    label = ann.get("label")
    spec = config.classes.get(label) if isinstance(label, str) else None
    if isinstance(label, str) and spec is None:
        new = out.name("unknown_class", f"{base}/label", label, classes)
        if new is not None:
            out.changes.append(Change("unknown_class", f"{base}/label", "value", label, new))
            spec = config.classes[new]  # its attributes are judged by the fixed class
    if spec is not None:
        _attributes(out, ann.get("attributes"), f"{base}/attributes", spec.attributes)
    if ann.get("type") == "box" and "invalid_points" in out.wanted:
        _box(out, ann.get("points"), f"{base}/points")


def _attributes(out: Plan, attrs: object, base: str, specs: Mapping[str, AttributeSpec]) -> None:
    if not isinstance(attrs, dict):
        return
    names = tuple(specs)
    for key, value in attrs.items():
        pointer = f"{base}/{_escape(key)}"
        spec = specs.get(key)
        if spec is None:
            new = out.name("unknown_attribute", pointer, key, names)
            if new is None:
                continue
            if new in attrs:
                out.left.append(
                    LeftAlone(
                        "unknown_attribute",
                        pointer,
                        f"{quote(key)} matches {quote(new)}, which the object already has",
                    )
                )
                continue
            out.changes.append(Change("unknown_attribute", pointer, "key", key, new))
            spec = specs[new]
        _value(out, spec, value, pointer)


def _value(out: Plan, spec: AttributeSpec, value: object, pointer: str) -> None:
    allowed = spec.ordered_values or tuple(sorted(spec.values))
    code = "invalid_attribute_value"
    if spec.type == "select" and isinstance(value, str) and value not in spec.values:
        new = out.name(code, pointer, value, allowed)
        if new is not None:
            out.changes.append(Change(code, pointer, "value", value, new))
    elif spec.type == "multi_select" and isinstance(value, list):
        items = list(value)
        for j, item in enumerate(value):
            if not isinstance(item, str) or item in spec.values:
                continue
            new = out.name(code, f"{pointer}/{j}", item, allowed)
            if new is None:
                continue
            if new in items:  # the items must stay distinct
                out.left.append(
                    LeftAlone(code, f"{pointer}/{j}", f"{quote(item)} would repeat {quote(new)}")
                )
                continue
            items[j] = new
            out.changes.append(Change(code, f"{pointer}/{j}", "value", item, new))


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _box(out: Plan, points: object, base: str) -> None:
    if not (isinstance(points, list) and len(points) == 2):
        return
    if not all(isinstance(p, list) and len(p) == 2 and all(map(_number, p)) for p in points):
        return
    (x1, y1), (x2, y2) = points
    for axis, (a, b) in enumerate(((x1, x2), (y1, y2))):
        if a > b:
            name = "xy"[axis]
            out.changes.append(
                Change(
                    "invalid_points",
                    f"{base}/0/{axis}",
                    "swap",
                    f"{name} ({a} > {b})",
                    f"{name} {b}, {a}",
                    other=f"{base}/1/{axis}",
                )
            )
