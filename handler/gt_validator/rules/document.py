"""File-level rules: the root, its fields and their types, metadata, tags,
classification; then the annotations and the resource checks."""

from __future__ import annotations

from gt_validator.gt_format import (
    IMAGE_SIZE,
    NON_EMPTY,
    NUMBER_TYPES,
    ROOT,
    ROOTED,
    TAG_FIELDS,
    TAG_TYPES,
    TOP_FIELD_TYPES,
    TOP_FIELDS,
    TOP_REQUIRED,
    VIDEO_RATE,
    WORKER_TYPES,
    escape_token,
)
from gt_validator.problems import Problem, past_cap
from gt_validator.rules.annotations import check_annotations
from gt_validator.rules.attributes import check_attributes
from gt_validator.rules.context import RuleContext
from gt_validator.rules.geometry import image_bounds
from gt_validator.rules.names import expected, quote, suggestion
from gt_validator.rules.resources import check_location


def check_document(
    doc: object, ctx: RuleContext, rel_path: str | None, out: list[Problem] | None = None
) -> list[Problem]:
    """Every finding the rules have about one parsed GT document, appended to ``out``
    (a ``problems.Capped`` bounds what is kept) and returned."""
    out = [] if out is None else out
    if type(doc) is not dict:
        out.append(Problem("invalid_type", "the GT file must hold a JSON object", ""))
        return out
    if not (doc.keys() <= TOP_FIELDS):
        for key in doc:
            if key not in TOP_FIELDS and not past_cap(out, "unknown_field"):
                out.append(
                    Problem(
                        "unknown_field",
                        f"field {quote(key)} is not part of the GT format"
                        f"{suggestion(key, sorted(TOP_FIELDS))}",
                        f"/{escape_token(key)}",
                    )
                )
    for key in TOP_REQUIRED:
        if key not in doc:
            out.append(Problem("missing_field", f"field '{key}' is required", f"/{key}"))
    for key, value in doc.items():
        allowed = TOP_FIELD_TYPES.get(key)
        if allowed is not None and type(value) not in allowed[0]:
            out.append(
                Problem(
                    "invalid_type",
                    f"field '{key}' must be {allowed[1]}, got {_json_type(value)}",
                    f"/{key}",
                )
            )
    _check_scene_and_label(doc, ctx, out)
    _check_paths(doc, out)
    bounds = _check_metadata(doc.get("metadata"), ctx, out)
    _check_tags(doc, ctx, out)
    _check_workers(doc, out)
    attrs = doc.get("attributes")
    if type(attrs) is dict:
        check_attributes(
            attrs, ctx.class_attrs, ctx.class_required, "classification", "/attributes", out
        )
    annotations = doc.get("annotations")
    if type(annotations) is list:
        check_annotations(annotations, ctx, bounds, out)
    check_location(doc, ctx.config, rel_path, out)
    return out


def _json_type(value: object) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _check_scene_and_label(doc: dict[str, object], ctx: RuleContext, out: list[Problem]) -> None:
    kind = ctx.config.resource_type
    if ctx.sequence_like and "scene_id" not in doc:
        out.append(
            Problem(
                "missing_field", f"field 'scene_id' is required for {kind} projects", "/scene_id"
            )
        )
    elif not ctx.sequence_like and "scene_id" in doc:
        out.append(
            Problem(
                "unexpected_field",
                f"field 'scene_id' is only for sequence_image and point_cloud projects, not {kind}",
                "/scene_id",
            )
        )
    label = doc.get("label")
    if not ctx.classified:
        if "label" in doc:
            out.append(
                Problem(
                    "unexpected_field",
                    "field 'label' is only for projects with the 'classification' task type",
                    "/label",
                )
            )
        return
    if "label" not in doc:
        out.append(
            Problem(
                "missing_field", "field 'label' (the classification label) is required", "/label"
            )
        )
    elif type(label) is str and ctx.config.classification is not None:
        labels = ctx.config.classification.labels
        if label not in labels:
            out.append(
                Problem(
                    "unknown_class",
                    f"classification label {quote(label)} is not "
                    f"registered{suggestion(label, labels)}{expected(labels)}",
                    "/label",
                )
            )


def _check_paths(doc: dict[str, object], out: list[Problem]) -> None:
    for key in NON_EMPTY:
        if doc.get(key) == "":
            out.append(Problem("missing_field", f"field '{key}' must not be empty", f"/{key}"))
    parent = doc.get(ROOTED)
    if type(parent) is str and parent and not parent.startswith(ROOT):
        out.append(
            Problem(
                "invalid_path", f"parent_path {quote(parent)} must start with '/'", "/parent_path"
            )
        )


def _positive_int(value: object) -> bool:
    if type(value) is int:
        return value > 0
    return type(value) is float and value > 0 and value.is_integer()


def _check_metadata(
    meta: object, ctx: RuleContext, out: list[Problem]
) -> tuple[tuple[float, float] | None, ...]:
    """Metadata findings; returns the working range for the points."""
    if type(meta) is not dict:
        return () if ctx.image_like else tuple(ctx.bounds)
    kind = ctx.config.resource_type
    if ctx.image_like:
        for key in reversed(IMAGE_SIZE):  # height first: the order messages have always had
            if key not in meta:
                out.append(
                    Problem(
                        "invalid_metadata",
                        f"metadata.{key} is required for {kind} projects",
                        f"/metadata/{key}",
                    )
                )
            elif not _positive_int(meta[key]):
                out.append(
                    Problem(
                        "invalid_metadata",
                        f"metadata.{key} must be a positive integer, got {quote(meta[key])}",
                        f"/metadata/{key}",
                    )
                )
        bounds = image_bounds(meta)
        ok = all(_positive_int(meta.get(k)) for k in IMAGE_SIZE)
        return tuple(bounds) if bounds is not None and ok else ()
    if kind == "video":
        fps = meta.get(VIDEO_RATE)
        if VIDEO_RATE not in meta:
            out.append(
                Problem(
                    "invalid_metadata",
                    "metadata.fps is required for video projects",
                    "/metadata/fps",
                )
            )
        elif type(fps) not in NUMBER_TYPES or not fps > 0:  # type: ignore[operator]
            out.append(
                Problem(
                    "invalid_metadata",
                    f"metadata.fps must be a positive number, got {quote(fps)}",
                    "/metadata/fps",
                )
            )
    else:
        for key in meta:
            if past_cap(out, "invalid_metadata"):
                continue
            out.append(
                Problem(
                    "invalid_metadata",
                    f"metadata must be {{}} for {kind} projects; {quote(key)} is not expected",
                    f"/metadata/{escape_token(key)}",
                )
            )
    return tuple(ctx.bounds)


def _check_workers(doc: dict[str, object], out: list[Problem]) -> None:
    workers = doc.get("last_workers")
    if type(workers) is dict:
        for key, value in workers.items():
            if type(value) not in WORKER_TYPES and not past_cap(out, "invalid_type"):
                out.append(
                    Problem(
                        "invalid_type",
                        f"last_workers values must be strings or null, got {_json_type(value)}",
                        f"/last_workers/{escape_token(key)}",
                    )
                )


def _check_tags(doc: dict[str, object], ctx: RuleContext, out: list[Problem]) -> None:
    allowed_tags = dict(zip(TAG_FIELDS, (ctx.config.tags, ctx.config.parent_tags), strict=True))
    for key, allowed in allowed_tags.items():
        tags = doc.get(key)
        if type(tags) is not list:
            continue
        for i, tag in enumerate(tags):
            if type(tag) not in TAG_TYPES:
                if past_cap(out, "invalid_type"):
                    continue
                out.append(
                    Problem(
                        "invalid_type",
                        f"{key} must hold strings, got {_json_type(tag)}",
                        f"/{key}/{i}",
                    )
                )
            elif allowed is not None and tag not in allowed and not past_cap(out, "unknown_tag"):
                names = sorted(allowed)
                out.append(
                    Problem(
                        "unknown_tag",
                        f"{key[:-1].replace('_', ' ')} {quote(tag)} "
                        f"is not allowed{suggestion(tag, names)}{expected(names)}",
                        f"/{key}/{i}",
                    )
                )
