"""The per-project table the C gate (``_speedups.gate``) judges documents against.

Built once per config from the format's constants (``gt_format``) and the
project's classes, so the C code holds no field name, type, shape or attribute
of its own. Layout (positional, as ``_speedups.c`` reads it):

``(fields, required, nonempty, prefixes, labels, tags, dict_values, metadata,
classification, annotations, bounds)``
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from gt_validator.config.model import AttributeSpec
from gt_validator.gt_format import (
    ANNOTATION_FIELDS,
    ANNOTATION_REQUIRED,
    IMAGE_SIZE,
    KEYPOINT_VISIBILITY,
    NON_EMPTY,
    ROOT,
    ROOTED,
    SHAPES,
    TAG_FIELDS,
    TAG_TYPES,
    TOP_FIELD_TYPES,
    TOP_REQUIRED,
    TRACK_ID_TYPES,
    UUID_GROUPS,
    VIDEO_RATE,
    WORKER_TYPES,
)
from gt_validator.rules.context import RuleContext

# Attribute kinds as _speedups.value_ok numbers them; any other number: never certain.
KINDS = {"select": 0, "text": 1, "boolean": 2, "number": 3, "multi_select": 4}
UNSURE = -1
# metadata modes of _speedups.metadata_ok
POSITIVE_INTEGERS, POSITIVE_NUMBERS, EMPTY = 0, 1, 2
_ANNOTATION_KEYS = (*ANNOTATION_REQUIRED, "track_id")  # the order _speedups reads them in


def at_least(bound: float) -> float:
    """The smallest float >= ``bound``: a double compared with it never says "inside"
    where Python's exact comparison with ``bound`` would not."""
    low = float(bound)
    return math.nextafter(low, math.inf) if low < bound else low


def at_most(bound: float) -> float:
    high = float(bound)
    return math.nextafter(high, -math.inf) if high > bound else high


def columns(specs: Mapping[str, AttributeSpec]) -> tuple[tuple[Any, ...], ...]:
    """(name, kind, allowed values, lo, hi, required) per attribute."""
    out = []
    for name, spec in specs.items():
        lo = -math.inf if spec.min is None else at_least(spec.min)
        hi = math.inf if spec.max is None else at_most(spec.max)
        out.append((name, KINDS.get(spec.type, UNSURE), spec.values, lo, hi, spec.required))
    return tuple(out)


def _bounds(ctx: RuleContext) -> tuple[tuple[float, float] | None, ...]:
    if ctx.image_like:
        return ()  # from each file's metadata
    return tuple(
        None if b is None else (at_least(b[0]), at_most(b[1])) for b in tuple(ctx.bounds)[:3]
    )


def build_table(ctx: RuleContext) -> tuple[Any, ...]:
    config = ctx.config
    allowed = dict(TOP_FIELD_TYPES)
    if not ctx.classified:
        allowed.pop("label")
    if not ctx.sequence_like:
        allowed.pop("scene_id")
    fields = {name: types for name, (types, _) in allowed.items()}
    required = (*TOP_REQUIRED, *(["label"] if ctx.classified else [])) + (
        ("scene_id",) if ctx.sequence_like else ()
    )
    labels = None
    if ctx.classified:
        classification = config.classification
        labels = ("label", frozenset(classification.labels if classification else ()))
    allowed_tags = dict(zip(TAG_FIELDS, (config.tags, config.parent_tags), strict=True))
    tags = tuple((key, TAG_TYPES, allowed_tags[key]) for key in TAG_FIELDS)
    metadata: tuple[str, int, tuple[str, ...]]
    if ctx.image_like:
        metadata = ("metadata", POSITIVE_INTEGERS, IMAGE_SIZE)
    elif config.resource_type == "video":
        metadata = ("metadata", POSITIVE_NUMBERS, (VIDEO_RATE,))
    else:
        metadata = ("metadata", EMPTY, ())
    combos = {}
    for name, rules in ctx.classes.items():
        names = frozenset(rules.spec.attributes)
        cols = columns(rules.spec.attributes)
        for kind in rules.spec.types & ctx.annotation_types:
            s = SHAPES[kind]
            shape = (s.coords, s.least, -1 if s.exact is None else s.exact, s.visibility, s.ordered)
            combos[(kind, name)] = (shape, names, cols)
    annotations = (
        _ANNOTATION_KEYS,
        ANNOTATION_FIELDS,
        combos,
        UUID_GROUPS,
        TRACK_ID_TYPES,
        frozenset(KEYPOINT_VISIBILITY),
    )
    return (
        fields,
        required,
        NON_EMPTY,
        ((ROOTED, ROOT),),
        labels,
        tags,
        (("last_workers", WORKER_TYPES),),
        metadata,
        ("attributes", frozenset(ctx.class_attrs), columns(ctx.class_attrs)),
        ("annotations", annotations),
        _bounds(ctx),
    )
