"""Per-annotation rules: id, type, class, attributes, geometry, track ids."""

from __future__ import annotations

from gt_validator.config.model import ANNOTATION_TYPES
from gt_validator.gt_format import (
    ANNOTATION_FIELDS,
    ANNOTATION_ID,
    ANNOTATION_REQUIRED,
    TRACK_ID_TYPES,
    escape_token,
)
from gt_validator.problems import Problem, past_cap
from gt_validator.rules.attributes import check_attributes
from gt_validator.rules.context import ClassRules, RuleContext
from gt_validator.rules.geometry import Bounds, check_points, prepare
from gt_validator.rules.names import expected, quote, suggestion

_ABSENT = object()  # a missing key, told apart from an explicit null
_REQUIRED = frozenset(ANNOTATION_REQUIRED)


def check_annotations(
    annotations: list[object],
    ctx: RuleContext,
    bounds: Bounds,
    out: list[Problem],
) -> None:
    ids: dict[str, int] = {}
    tracks: dict[tuple[type, object], int] = {}
    types, classes, ranges = ctx.annotation_types, ctx.classes, prepare(bounds)
    # The usual case of each field is judged inline; the helpers say what is wrong.
    for index, ann in enumerate(annotations):
        base = f"/annotations/{index}"
        if type(ann) is not dict:
            if not past_cap(out, "invalid_type"):
                out.append(Problem("invalid_type", "an annotation must be an object", base))
            continue
        if not (ann.keys() <= ANNOTATION_FIELDS):
            for key in ann:
                if key not in ANNOTATION_FIELDS and not past_cap(out, "unknown_field"):
                    out.append(
                        Problem(
                            "unknown_field",
                            f"annotation field {quote(key)} is not part of the format"
                            f"{suggestion(key, sorted(ANNOTATION_FIELDS))}",
                            f"{base}/{escape_token(key)}",
                        )
                    )
        if not (ann.keys() >= _REQUIRED):
            for key in ANNOTATION_REQUIRED:
                if key not in ann and not past_cap(out, "missing_field"):
                    out.append(
                        Problem(
                            "missing_field",
                            f"annotation field '{key}' is required",
                            f"{base}/{key}",
                        )
                    )
        ident = ann.get("id", _ABSENT)
        if type(ident) is str and ident not in ids and ANNOTATION_ID.fullmatch(ident) is not None:
            ids[ident] = index
        else:
            _check_id(ident, index, ids, base, out)
        kind = ann.get("type", _ABSENT)
        if type(kind) is not str or kind not in types:
            kind = _check_type(kind, ctx, base, out)
        label = ann.get("label", _ABSENT)
        rules = classes.get(label) if type(label) is str else None
        if rules is None or (kind is not None and kind not in rules.spec.types):
            rules = _check_label(label, kind, ctx, base, out)
        attrs = ann.get("attributes", _ABSENT)
        if attrs is not _ABSENT:
            if type(attrs) is not dict:
                out.append(
                    Problem(
                        "invalid_type",
                        "annotation 'attributes' must be an object",
                        f"{base}/attributes",
                    )
                )
            elif rules is not None and (attrs or rules.required):
                check_attributes(
                    attrs,
                    rules.spec.attributes,
                    rules.required,
                    rules.owner,
                    f"{base}/attributes",
                    out,
                )
        if "points" in ann:
            points = ann["points"]
            if type(points) is not list:  # the field's own type; what is inside is geometry
                out.append(
                    Problem(
                        "invalid_type",
                        "annotation 'points' must be a list of points",
                        f"{base}/points",
                    )
                )
            elif kind is not None:
                check_points(kind, points, ranges, f"{base}/points", out)
        if "track_id" in ann:
            track = ann["track_id"]
            key = (type(track), track)
            if type(track) in TRACK_ID_TYPES and key not in tracks:
                tracks[key] = index
            else:
                _check_track(track, index, tracks, base, out)


def _check_id(
    value: object, index: int, seen: dict[str, int], base: str, out: list[Problem]
) -> None:
    if value is _ABSENT:
        return  # missing_field already said so
    if type(value) is not str:
        out.append(Problem("invalid_type", "annotation 'id' must be a string", f"{base}/id"))
        return
    if ANNOTATION_ID.fullmatch(value) is None and not past_cap(out, "invalid_annotation_id"):
        out.append(
            Problem(
                "invalid_annotation_id",
                f"annotation id {quote(value)} is not digits, '-', then a UUID "
                "(e.g. '26-abd21cb9-cb89-4cf4-8de6-b0a6421024b3')",
                f"{base}/id",
            )
        )
    first = seen.setdefault(value, index)
    if first != index and not past_cap(out, "duplicate_annotation_id"):
        out.append(
            Problem(
                "duplicate_annotation_id",
                f"annotation id {quote(value)} is already used by annotation {first}",
                f"{base}/id",
            )
        )


def _check_type(value: object, ctx: RuleContext, base: str, out: list[Problem]) -> str | None:
    """The annotation type when the project has it (geometry is checked), else None."""
    if value is _ABSENT:
        return None
    if type(value) is not str:
        out.append(Problem("invalid_type", "annotation 'type' must be a string", f"{base}/type"))
        return None
    if value not in ctx.annotation_types:
        if past_cap(out, "unknown_task_type"):
            return None
        known = sorted(ctx.annotation_types)
        why = (
            ""
            if value in ANNOTATION_TYPES or value == "classification"
            else " and is not an annotation type of the format"
        )
        out.append(
            Problem(
                "unknown_task_type",
                f"type {quote(value)} is not a task type of this project{why}"
                f"{suggestion(value, known)}{expected(known)}",
                f"{base}/type",
            )
        )
        return None  # its geometry would only repeat the same mistake
    return value


def _check_label(
    value: object, kind: str | None, ctx: RuleContext, base: str, out: list[Problem]
) -> ClassRules | None:
    if value is _ABSENT:
        return None
    if type(value) is not str:
        out.append(Problem("invalid_type", "annotation 'label' must be a string", f"{base}/label"))
        return None
    rules = ctx.classes.get(value)
    if rules is None:
        if past_cap(out, "unknown_class"):
            return None
        out.append(
            Problem(
                "unknown_class",
                f"class {quote(value)} is not registered{suggestion(value, ctx.classes)}"
                f"{expected(ctx.classes)}",
                f"{base}/label",
            )
        )
        return None
    if (
        kind is not None
        and kind in ctx.annotation_types
        and kind not in rules.spec.types
        and not past_cap(out, "class_type_mismatch")
    ):
        out.append(
            Problem(
                "class_type_mismatch",
                f"class {quote(value)} is not registered for type {quote(kind)}"
                f"{expected(sorted(rules.spec.types))}",
                f"{base}/label",
            )
        )
    return rules


def _check_track(
    value: object, index: int, seen: dict[tuple[type, object], int], base: str, out: list[Problem]
) -> None:
    if type(value) not in TRACK_ID_TYPES:
        out.append(
            Problem("invalid_type", "track_id must be a string or an integer", f"{base}/track_id")
        )
        return
    first = seen.setdefault((type(value), value), index)
    if first != index and not past_cap(out, "duplicate_track_id"):
        out.append(
            Problem(
                "duplicate_track_id",
                f"track_id {quote(value)} is already used by annotation {first} in this frame",
                f"{base}/track_id",
            )
        )
