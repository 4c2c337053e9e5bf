"""A JSON Schema (draft-07) for one project's GT files, generated from its config.

For editors (VS Code ``json.schemas``) and ``gt-validate schema``. It is stricter
than "valid": what the validator reports as a warning (an unknown field) the
schema rejects too, unless that rule is ``off``. What a schema cannot say is left
to the validator: box corner order, points inside the image, unique ids and
track_ids, files' locations and resources.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast

import fastjsonschema

from gt_validator.config.model import AttributeSpec, ProjectConfig
from gt_validator.config.schema_cache import strip_annotations
from gt_validator.gt_format import (
    ANNOTATION_ID_PATTERN,
    ANNOTATION_REQUIRED,
    AXES,
    IMAGE_RESOURCES,
    IMAGE_SIZE,
    KEYPOINT_VISIBILITY,
    SCENE_RESOURCES,
    SHAPES,
    TOP_REQUIRED,
)

__all__ = ["cache_dir", "compiled_gt_validator", "gt_schema"]

Schema = dict[str, Any]
_NEVER: Schema = {"not": {}}  # a field this project forbids, even when others are open
_ID_HELP = "digits, a dash and a UUID: 26-abd21cb9-cb89-4cf4-8de6-b0a6421024b3"


def _enum(values: Iterable[str], what: str) -> Schema:
    listed = list(values)
    return {"enum": listed} if listed else dict(_NEVER, description=f"this project has no {what}")


def _attribute(spec: AttributeSpec) -> Schema:
    if spec.type == "select":
        return {"type": "string", "enum": list(spec.ordered_values)}
    if spec.type == "multi_select":
        return {"type": "array", "uniqueItems": True, "items": {"enum": list(spec.ordered_values)}}
    if spec.type == "number":
        bounds = {"minimum": spec.min, "maximum": spec.max}
        return {"type": "number", **{k: v for k, v in bounds.items() if v is not None}}
    return {"type": "string" if spec.type == "text" else "boolean"}


def _attributes(specs: Mapping[str, AttributeSpec], closed: bool) -> Schema:
    schema: Schema = {
        "type": "object",
        "properties": {name: _attribute(spec) for name, spec in specs.items()},
        "additionalProperties": not closed,
    }
    required = [name for name, spec in specs.items() if spec.required]
    if required:
        schema["required"] = required
    return schema


def _points(kind: str, config: ProjectConfig) -> Schema:
    shape = SHAPES[kind]
    axes = AXES[: shape.coords]
    ranged = config.range if config.resource_type not in IMAGE_RESOURCES else None
    coords: list[Schema] = []
    for axis in axes:
        coord: Schema = {"type": "number"}
        if ranged and axis in ranged:
            coord["minimum"], coord["maximum"] = ranged[axis]
        coords.append(coord)
    point: Schema = {"type": "array", "items": coords, "minItems": len(axes), "maxItems": len(axes)}
    if shape.visibility:  # [x, y] or [x, y, v]
        visibility = {"enum": list(KEYPOINT_VISIBILITY)}
        point = dict(point, items=[*coords, visibility], maxItems=len(axes) + 1)
    schema: Schema = {"type": "array", "minItems": shape.least, "items": point}
    if shape.exact is not None:
        schema["maxItems"] = shape.exact
    return schema


def _when(key: str, value: str, then: Schema) -> Schema:
    return {"if": {"properties": {key: {"enum": [value]}}, "required": [key]}, "then": then}


def _annotation(config: ProjectConfig, closed: bool, attrs_closed: bool) -> Schema:
    types = sorted(t for t in config.task_types if t in SHAPES)
    by_class = [
        _when(
            "label",
            cls.name,
            {
                "properties": {
                    "type": _enum(sorted(cls.types), "type for this class"),
                    "attributes": _attributes(cls.attributes, attrs_closed),
                }
            },
        )
        for cls in config.classes.values()
    ]
    by_type = [_when("type", t, {"properties": {"points": _points(t, config)}}) for t in types]
    return {
        "type": "object",
        "required": list(ANNOTATION_REQUIRED),
        "properties": {
            "id": {"type": "string", "pattern": ANNOTATION_ID_PATTERN, "description": _ID_HELP},
            "type": _enum(types, "annotation task type"),
            "label": _enum(config.classes, "classes"),
            "attributes": {"type": "object"},
            "points": {"type": "array"},
            "track_id": {"type": ["string", "integer"]},
        },
        "additionalProperties": not closed,
        "allOf": by_class + by_type,
    }


def _metadata(resource_type: str) -> Schema:
    if resource_type in IMAGE_RESOURCES:
        size = {"type": "number", "exclusiveMinimum": 0, "multipleOf": 1}
        return {
            "type": "object",
            "required": sorted(IMAGE_SIZE),
            "properties": {key: size for key in sorted(IMAGE_SIZE)},
        }
    if resource_type == "video":
        return {
            "type": "object",
            "required": ["fps"],
            "properties": {"fps": {"type": "number", "exclusiveMinimum": 0}},
        }
    return {"type": "object", "maxProperties": 0}


def _tags(allowed: frozenset[str] | None) -> Schema:
    items: Schema = {"type": "string"} if allowed is None else {"enum": sorted(allowed)}
    return {"type": "array", "items": items}


def gt_schema(config: ProjectConfig) -> Schema:
    """The JSON Schema of a GT file of this project."""
    closed = config.levels.get("unknown_field", "warning") != "off"
    attrs_closed = config.levels.get("unknown_attribute", "error") != "off"
    required = list(TOP_REQUIRED)
    properties: Schema = {
        "annotations": {"type": "array", "items": {"$ref": "#/definitions/annotation"}},
        "attributes": {"type": "object", "maxProperties": 0},
        "label": dict(_NEVER, description="this project has no classification"),
        "file_id": {"type": "string"},
        "scene_id": dict(_NEVER, description="only sequence_image and point_cloud projects"),
        "filename": {"type": "string", "minLength": 1},
        "parent_path": {"type": "string", "minLength": 1, "pattern": "^/"},
        "metadata": _metadata(config.resource_type),
        "last_modifier_id": {"type": ["string", "null"]},
        "last_workers": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
        "tags": _tags(config.tags),
        "parent_tags": _tags(config.parent_tags),
    }
    if config.classification is not None:
        properties["attributes"] = _attributes(config.classification.attributes, attrs_closed)
        properties["label"] = _enum(config.classification.labels, "classification labels")
        required.append("label")
    if config.resource_type in SCENE_RESOURCES:
        properties["scene_id"] = {"type": "string"}
        required.append("scene_id")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "urn:gt-validator:gt-file",
        "title": f"GT file of project {config.project or config.source}",
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": not closed,
        "definitions": {"annotation": _annotation(config, closed, attrs_closed)},
    }


# -- compiled, with the generated code cached on disk --------------------------

Validate = Callable[[object], object]
_compiled: dict[str, Validate] = {}
_lock = threading.Lock()


def cache_dir() -> Path:
    return Path(
        os.environ.get("GT_VALIDATOR_CACHE_DIR")
        or Path(tempfile.gettempdir()) / "gt-validator-cache"
    )


def _private(path: Path) -> bool:
    # Code from the cache is executed: trust only what this user owns and nobody else can write.
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _load(path: Path, name: str) -> Validate:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # imports bytecode from __pycache__ the second time
    return cast(Validate, module.validate)


def compiled_gt_validator(config: ProjectConfig) -> Validate:
    """A fastjsonschema validator of ``gt_schema(config)``; raises JsonSchemaValueException.

    The generated code is cached under ``cache_dir()`` by a hash of the schema (so
    of everything in the config it depends on) and the fastjsonschema version:
    a second process, like the next Lambda cold start, only imports it.
    """
    schema = strip_annotations(gt_schema(config))
    text = json.dumps(schema, sort_keys=True) + fastjsonschema.VERSION
    key = hashlib.sha256(text.encode()).hexdigest()[:32]
    with _lock:
        if key in _compiled:
            return _compiled[key]
        folder, name = cache_dir(), f"gt_schema_{key}"
        path = folder / f"{name}.py"
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not (_private(folder) and (not path.exists() or _private(path))):
                raise PermissionError(f"{folder} is not private to this user")
            if not path.exists():
                code = fastjsonschema.compile_to_code(
                    schema, use_default=False, detailed_exceptions=False
                )
                entry = code.split("def ", 1)[1].split("(", 1)[0]
                partial = folder / f".{name}.{os.getpid()}.tmp"
                partial.write_text(f"{code}\n\nvalidate = {entry}\n", "utf-8")
                os.replace(partial, path)  # atomic: a concurrent reader never sees half a file
            validator = _load(path, name)
        except OSError:  # no usable cache (read-only, shared): compile in memory
            validator = fastjsonschema.compile(schema, use_default=False, detailed_exceptions=False)
        _compiled[key] = validator
        return validator
