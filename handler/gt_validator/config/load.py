"""gt-project.json -> ProjectConfig, or a ConfigError saying what is wrong and where.

Three passes: the bytes must be strict JSON (line and column on failure); the
document must fit the schema (the pre-generated fastjsonschema validator, see
``schema_cache``); then the checks a schema cannot express (names unique,
class types among the project's task types, select lists non-empty, ...).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, cast

from gt_validator.config.errors import ConfigError, ConfigUnreadable
from gt_validator.config.model import (
    ANNOTATION_TYPES,
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_MAX_FINDINGS_PER_FILE,
    AttributeSpec,
    AttributeType,
    ClassificationSpec,
    ClassSpec,
    ProjectConfig,
    ResourceType,
)
from gt_validator.config.resources import build_index, is_s3, read_bytes, split_s3
from gt_validator.config.schema_cache import shape_problem
from gt_validator.config.strict_json import MAX_DEPTH, parse_strict
from gt_validator.rules.registry import DEFAULT_LEVELS

__all__ = [
    "CONFIG_NAME",
    "MAX_DEPTH",
    "ConfigError",
    "ConfigUnreadable",
    "find_config",
    "load_config",
]

CONFIG_NAME = "gt-project.json"
_SELECTS = ("select", "multi_select")


def find_config(start: Path) -> Path | None:
    """The nearest ``gt-project.json`` in ``start`` (a folder) or its parents.

    Relative in, relative (to the working folder) out: reports then name the
    config as the user would (``gt-project.json``, ``../gt-project.json``).
    """
    absolute = start.absolute()
    folder = absolute if absolute.is_dir() else absolute.parent
    for parent in (folder, *folder.parents):
        candidate = parent / CONFIG_NAME
        if candidate.is_file():
            return candidate if start.is_absolute() else Path(os.path.relpath(candidate))
    return None


def load_config(uri: str, *, load_resources: bool = True, s3_client: Any = None) -> ProjectConfig:
    """Read and check the config at a local path or ``s3://bucket/key``.

    ``load_resources=False`` skips reading the manifest (``resources`` is then
    None): for callers that only need the classes, like ``gt-validate schema``.
    """
    try:
        data = read_bytes(uri, s3_client)
    except OSError as exc:
        raise ConfigUnreadable(
            f"cannot read the config: {exc.strerror or exc}", config=uri
        ) from exc
    doc = parse_strict(data, uri)
    problem = shape_problem(doc)
    if problem is not None:
        raise ConfigError(problem[1], config=uri, pointer=problem[0])
    config = _build(cast(dict[str, Any], doc), uri, hashlib.sha256(data).hexdigest())
    spec = cast(dict[str, Any], doc).get("resources")
    if not load_resources or spec is None:
        return config
    resolve = partial(_resolve, _folder_of(uri), config=uri)
    manifest = resolve(spec["manifest"], "/resources/manifest") if "manifest" in spec else None
    root = resolve(spec["root"], "/resources/root", folder=True) if "root" in spec else None
    return replace(config, resources=build_index(manifest, root, config=uri, client=s3_client))


# -- pass 3: what the schema cannot say ----------------------------------------


def _build(doc: dict[str, Any], uri: str, digest: str) -> ProjectConfig:
    fail = partial(ConfigError, config=uri)
    task_types = frozenset(doc["task_types"])
    annotation_types = task_types & ANNOTATION_TYPES
    listed = ", ".join(repr(t) for t in doc["task_types"])

    classes: dict[str, ClassSpec] = {}
    first: dict[str, int] = {}
    for i, item in enumerate(doc.get("classes", [])):
        name = item["name"]
        if name in classes:
            raise fail(
                f"duplicate class name {name!r} (first at /classes/{first[name]})",
                pointer=f"/classes/{i}/name",
            )
        for j, kind in enumerate(item.get("types", ())):
            if kind not in task_types:
                raise fail(
                    f"{kind!r} is not one of the project's task_types ({listed})",
                    pointer=f"/classes/{i}/types/{j}",
                )
        types = frozenset(item["types"]) if "types" in item else annotation_types
        attributes = _attributes(item.get("attributes", []), f"/classes/{i}/attributes", uri)
        classes[name], first[name] = ClassSpec(name, types, attributes), i

    block = doc.get("classification")
    if "classification" in task_types and block is None:
        raise fail(
            "task_types has 'classification' but there is no 'classification' block",
            pointer="/classification",
        )
    if block is not None and "classification" not in task_types:
        raise fail(
            "a 'classification' block needs 'classification' in task_types",
            pointer="/classification",
        )
    classification = None
    if block is not None:
        _unique(block["labels"], "/classification/labels", "label", uri)
        classification = ClassificationSpec(
            tuple(block["labels"]),
            _attributes(block.get("attributes", []), "/classification/attributes", uri),
        )

    ranges: dict[str, tuple[float, float]] = {}
    for axis, (low, high) in doc.get("range", {}).items():
        if low > high:
            raise fail(f"min ({low}) is greater than max ({high})", pointer=f"/range/{axis}")
        ranges[axis] = (float(low), float(high))

    base = _folder_of(uri)
    return ProjectConfig(
        source=uri,
        resource_type=cast(ResourceType, doc["resource_type"]),
        task_types=task_types,
        classes=classes,
        classification=classification,
        tags=frozenset(doc["tags"]) if "tags" in doc else None,
        parent_tags=frozenset(doc["parent_tags"]) if "parent_tags" in doc else None,
        gt_root=_resolve(base, doc.get("gt_root", "."), "/gt_root", config=uri, folder=True),
        range=ranges or None,
        max_file_bytes=doc.get("limits", {}).get("max_file_bytes", DEFAULT_MAX_FILE_BYTES),
        max_findings_per_file=doc.get("limits", {}).get(
            "max_findings_per_file", DEFAULT_MAX_FINDINGS_PER_FILE
        ),
        levels={**DEFAULT_LEVELS, **doc.get("rules", {})},
        project=doc.get("project"),
        digest=digest,
    )


def _unique(names: Sequence[str], pointer: str, what: str, uri: str, member: str = "") -> None:
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise ConfigError(
                f"duplicate {what} {name!r} (first at {pointer}/{seen[name]})",
                config=uri,
                pointer=f"{pointer}/{i}{member}",
            )
        seen[name] = i


def _attributes(
    items: Sequence[Mapping[str, Any]], base: str, uri: str
) -> dict[str, AttributeSpec]:
    fail = partial(ConfigError, config=uri)
    _unique([a["name"] for a in items], base, "attribute name", uri, "/name")
    specs: dict[str, AttributeSpec] = {}
    for j, item in enumerate(items):
        kind, where = item["type"], f"{base}/{j}"
        values: list[str] = item.get("values", [])
        if kind in _SELECTS and not values:
            raise fail(f"{kind} needs a non-empty 'values' list", pointer=f"{where}/values")
        if kind not in _SELECTS and "values" in item:
            raise fail(
                f"only select and multi_select take 'values', not {kind}", pointer=f"{where}/values"
            )
        for bound in ("min", "max"):
            if bound in item and kind != "number":
                raise fail(
                    f"only number attributes take {bound!r}, not {kind}", pointer=f"{where}/{bound}"
                )
        low, high = item.get("min"), item.get("max")
        if low is not None and high is not None and low > high:
            raise fail(f"'max' ({high}) is less than 'min' ({low})", pointer=f"{where}/max")
        specs[item["name"]] = AttributeSpec(
            name=item["name"],
            type=cast(AttributeType, kind),
            values=frozenset(values),
            ordered_values=tuple(values),
            required=item.get("required", False),
            min=None if low is None else float(low),
            max=None if high is None else float(high),
        )
    return specs


# -- paths -----------------------------------------------------------------------


def _folder_of(uri: str) -> str:
    """The config's folder (``proj``, ``.``) or S3 prefix (``s3://b/proj``)."""
    if is_s3(uri):
        return uri.rpartition("/")[0] if split_s3(uri)[1] else uri.rstrip("/")
    return os.path.dirname(uri) or "."


def _resolve(base: str, value: str, pointer: str, *, config: str, folder: bool = False) -> str:
    """``value`` from the config, resolved against the config's folder or prefix.

    Local results stay relative when the config path was relative. S3 folders
    (gt_root, resources.root) end with ``/`` so they can be used as key prefixes.
    """
    if "\x00" in value:  # no file system or S3 key can hold it; os calls would raise
        raise ConfigError(
            f"{value!r} holds a NUL character, which no path can", config=config, pointer=pointer
        )
    if is_s3(value):
        result = value
    elif is_s3(base):
        bucket, prefix = split_s3(base)
        # "/x" is from the bucket's root; "x" and "../x" from the config's prefix.
        joined = value.lstrip("/") if value.startswith("/") else posixpath.join(prefix, value)
        key = posixpath.normpath(joined or ".")
        if key == ".." or key.startswith("../"):
            raise ConfigError(f"{value!r} leads above the bucket", config=config, pointer=pointer)
        result = f"s3://{bucket}/{'' if key == '.' else key}"
    else:
        return os.path.normpath(os.path.join(base, value))
    if folder and not result.endswith("/"):
        result += "/"
    return result
