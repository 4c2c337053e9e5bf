"""Write the field tables of docs/format.md from the code that checks the fields.

The GT tables come from the per-project JSON Schema the validator generates
(``gt_validator.config.gt_schema``: field names, JSON types, which are required,
points per shape); the config tables from the config's own JSON Schema
(``gt_validator/schemas/gt-project.schema.json``: keys, types, defaults and the
descriptions written there). Only the "rule" column of the GT tables is prose,
kept here, and this script fails when a field has no prose or prose names a field
the code does not have.

    python docs/format_tables.py          # rewrite the tables in docs/format.md
    python docs/format_tables.py --check  # exit 1 when the committed tables are stale
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gt_validator.config.gt_schema import gt_schema
from gt_validator.config.model import (
    ANNOTATION_TYPES,
    TASK_TYPES,
    ClassificationSpec,
    ProjectConfig,
)

DOC = Path(__file__).resolve().parent / "format.md"
CONFIG_SCHEMA = (
    Path(__file__).resolve().parents[1]
    / "handler"
    / "gt_validator"
    / "schemas"
    / "gt-project.schema.json"
)

GT_RULES = {
    "annotations": "the annotations of this resource (below)",
    "attributes": "file-level (classification) attributes; `{}` when the project has none",
    "label": "the classification label: required when the project's task types include "
    "`classification`, forbidden otherwise",
    "file_id": "when the resource record has one too, they must be equal (`id_mismatch`)",
    "scene_id": "required for `sequence_image` and `point_cloud`, forbidden otherwise; equal "
    "to the resource record's when that has one",
    "filename": "the resource's file name (for sequences: a frame inside the scene)",
    "parent_path": "the resource's folder, starting with `/` (else `invalid_path`)",
    "metadata": "image and sequence_image: `height`, `width` positive integers (1080.0 is "
    "fine), other keys allowed; video: `fps` positive; point_cloud, text: `{}`",
    "last_modifier_id": "informational",
    "last_workers": "informational; values are strings or null",
    "tags": "each one of the config's `tags` when it lists them",
    "parent_tags": "each one of the config's `parent_tags` when it lists them",
}
ANNOTATION_RULES = {
    "id": "digits, a dash and a UUID (8-4-4-4-12 hex digits, either case); unique in the file",
    "type": "one of the project's annotation task types, and one of its class's `types`",
    "label": "a class of the project, matched exactly (case, spaces, Unicode code points)",
    "attributes": "keys registered for the class; each value valid for its attribute",
    "points": "the geometry of `type` (below)",
    "track_id": 'unique within the file (frame), compared as JSON values (`1` is not `"1"`)',
}


def _json_type(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    names = {
        "array": "list",
        "object": "object",
        "string": "string",
        "integer": "integer",
        "number": "number",
        "boolean": "boolean",
        "null": "null",
    }
    if isinstance(kind, list):
        return " or ".join(names[k] for k in kind)
    if kind == "array":
        items = schema.get("items", {})
        if isinstance(items, dict) and items.get("type") == "string":
            return "list of strings"
        if isinstance(items, dict) and "$ref" in items:
            return "list of objects"
        if isinstance(items, dict) and "enum" in items:
            return "list of names"
        return "list"
    if isinstance(kind, str):
        return names[kind]
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    return "any"


def _config(resource_type: str, classification: bool) -> ProjectConfig:
    spec = ClassificationSpec(("day",), {}) if classification else None
    types = TASK_TYPES if classification else ANNOTATION_TYPES
    return ProjectConfig(
        source="format.md",
        resource_type=resource_type,  # type: ignore[arg-type]
        task_types=frozenset(types),
        classes={},
        classification=spec,
    )


def _fields_table(
    rows: list[tuple[str, str, str]], prose: Mapping[str, str], what: str
) -> list[str]:
    names = [name for name, _, _ in rows]
    missing, extra = set(names) - prose.keys(), prose.keys() - set(names)
    if missing or extra:
        raise SystemExit(
            f"{what}: no prose for {sorted(missing)}; prose for unknown {sorted(extra)}"
        )
    out = ["| field | JSON type | required | rule |", "|---|---|---|---|"]
    out += [f"| `{name}` | {kind} | {req} | {prose[name]} |" for name, kind, req in rows]
    return out


def gt_fields() -> list[str]:
    plain = gt_schema(_config("image", classification=False))
    full = gt_schema(_config("sequence_image", classification=True))
    rows = []
    for name, schema in full["properties"].items():
        if name in plain["required"]:
            req = "yes"
        elif name in full["required"]:
            req = "by project"
        else:
            req = "no"
        kind = "string" if "enum" in schema else _json_type(schema)
        rows.append((name, kind, req))
    return _fields_table(rows, GT_RULES, "GT fields")


def annotation_fields() -> list[str]:
    annotation = gt_schema(_config("image", classification=False))["definitions"]["annotation"]
    required = annotation["required"]
    rows = []
    for name, schema in annotation["properties"].items():
        kind = "string" if name in ("type", "label") else _json_type(schema)
        rows.append((name, kind, "yes" if name in required else "no"))
    return _fields_table(rows, ANNOTATION_RULES, "annotation fields")


def geometry() -> list[str]:
    annotation = gt_schema(_config("point_cloud", classification=False))["definitions"][
        "annotation"
    ]
    out = ["| type | points | each point |", "|---|---|---|"]
    for rule in annotation["allOf"]:
        kind = rule["if"]["properties"].get("type", {}).get("enum", [None])[0]
        if kind is None:
            continue
        points = rule["then"]["properties"]["points"]
        low, high = points["minItems"], points.get("maxItems")
        count = f"exactly {low}" if high == low else f"at least {low}"
        point = points["items"]
        dims = point["minItems"]
        axes = "xyz"[:dims]
        shape = "[" + ", ".join(axes) + "]"
        if point["maxItems"] > dims:
            shape += f" or [{', '.join(axes)}, v] with v in {{0, 1, 2}}"
        out.append(
            f"| `{kind}` | {count} | `{shape}` |"
            if "v]" not in shape
            else f"| `{kind}` | {count} | {shape} |"
        )
    return out


def _config_rows(properties: Mapping[str, Any], prefix: str, required: list[str]) -> list[str]:
    out = []
    for name, schema in properties.items():
        if name == "$schema":
            continue
        ref = schema.get("$ref", "")
        kind = (
            "[min, max] numbers"
            if ref.endswith("/interval")
            else "object"
            if ref
            else _json_type(schema)
        )
        default = schema.get("default")
        notes = schema.get("description", "")
        if default is not None:
            notes = f"{notes} Default: `{json.dumps(default)}`.".strip()
        req = "yes" if name in required else "no"
        out.append(f"| `{prefix}{name}` | {kind} | {req} | {notes} |")
    return out


def config_fields() -> list[str]:
    schema = json.loads(CONFIG_SCHEMA.read_text(encoding="utf-8"))
    out = ["| key | JSON type | required | meaning |", "|---|---|---|---|"]
    out += _config_rows(schema["properties"], "", schema.get("required", []))
    for name in ("classification", "resources", "range", "limits"):
        block = schema["properties"].get(name, {})
        out += _config_rows(block.get("properties", {}), f"{name}.", block.get("required", []))
    for name in ("class", "attribute"):
        block = schema["definitions"][name]
        out += _config_rows(block["properties"], f"{name} → ", block.get("required", []))
    return out


TABLES = {
    "gt-fields": gt_fields,
    "annotation-fields": annotation_fields,
    "geometry": geometry,
    "config-fields": config_fields,
}


def render(text: str) -> str:
    """``text`` (docs/format.md) with every generated block rewritten."""
    for name, make in TABLES.items():
        pattern = re.compile(
            rf"(<!-- generated:{name}:begin -->\n).*?(<!-- generated:{name}:end -->)", re.DOTALL
        )
        if not pattern.search(text):
            raise SystemExit(f"docs/format.md has no generated:{name} block")
        body = "\n".join(make()) + "\n"
        text = pattern.sub(lambda m, b=body: m.group(1) + b + m.group(2), text)
    return text


def main(argv: list[str]) -> int:
    current = DOC.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in argv:
        if fresh != current:
            sys.stderr.write("docs/format.md is stale: run python docs/format_tables.py\n")
            return 1
        return 0
    DOC.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
