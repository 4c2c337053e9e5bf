"""The GT file format: the facts every judge of a GT file shares.

The C gate (``rules/fast/``, which hands these to ``_speedups.c`` when it is
built), the detailed rules (``rules/*.py``) and the editors' JSON Schema
(``config/gt_schema.py``) all read them from here, so a change to the format is
made once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ANNOTATION_FIELDS",
    "ANNOTATION_ID",
    "ANNOTATION_ID_PATTERN",
    "ANNOTATION_REQUIRED",
    "AXES",
    "IMAGE_RESOURCES",
    "IMAGE_SIZE",
    "KEYPOINT_VISIBILITY",
    "NON_EMPTY",
    "NUMBER_TYPES",
    "ROOT",
    "ROOTED",
    "SCENE_RESOURCES",
    "SHAPES",
    "TAG_FIELDS",
    "TAG_TYPES",
    "TOP_FIELDS",
    "TOP_FIELD_TYPES",
    "TOP_REQUIRED",
    "TRACK_ID_TYPES",
    "UUID_GROUPS",
    "VIDEO_RATE",
    "WORKER_TYPES",
    "Shape",
    "escape_token",
    "is_number",
]

# -- annotation ids: digits, a dash, then a UUID (hex digits in groups, either case)
UUID_GROUPS: tuple[int, ...] = (8, 4, 4, 4, 12)
_HEX = "[0-9a-fA-F]"
_ID_BODY = "[0-9]+-" + "-".join(f"{_HEX}{{{n}}}" for n in UUID_GROUPS)
ANNOTATION_ID_PATTERN = f"^{_ID_BODY}$"  # for JSON Schema (ECMA 262)
ANNOTATION_ID = re.compile(_ID_BODY)  # use .fullmatch: '$' would accept a final newline

# -- numbers: JSON numbers as orjson returns them; a boolean is never a number
NUMBER_TYPES: tuple[type, ...] = (int, float)
TRACK_ID_TYPES: tuple[type, ...] = (str, int)
WORKER_TYPES: tuple[type, ...] = (str, type(None))  # values of last_workers


def is_number(value: object) -> bool:
    """A JSON number (orjson never returns NaN or infinities)."""
    return type(value) in NUMBER_TYPES


# -- geometry
AXES = ("x", "y", "z")
KEYPOINT_VISIBILITY: tuple[int, ...] = (0, 1, 2)


@dataclass(frozen=True, slots=True)
class Shape:
    """What ``points`` holds for one annotation type."""

    coords: int  # numbers per point (x, y or x, y, z)
    least: int  # fewest points
    exact: int | None = None  # the only count allowed, when fixed
    visibility: bool = False  # a point may add a visibility (KEYPOINT_VISIBILITY)
    ordered: bool = False  # two corners [[x1, y1], [x2, y2]] with x1 <= x2, y1 <= y2


SHAPES: dict[str, Shape] = {
    "box": Shape(2, 2, 2, ordered=True),
    "polygon": Shape(2, 3),
    "poly_seg": Shape(2, 3),
    "polyline": Shape(2, 2),
    "keypoint": Shape(2, 1, visibility=True),
    "cuboid": Shape(3, 8, 8),
}

# -- the document's fields
# field -> (JSON types allowed, how messages name them)
TOP_FIELD_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "annotations": ((list,), "a list"),
    "attributes": ((dict,), "an object"),
    "label": ((str,), "a string"),
    "file_id": ((str,), "a string"),
    "scene_id": ((str,), "a string"),
    "filename": ((str,), "a string"),
    "parent_path": ((str,), "a string"),
    "metadata": ((dict,), "an object"),
    "last_modifier_id": ((str, type(None)), "a string or null"),
    "last_workers": ((dict,), "an object"),
    "tags": ((list,), "a list of strings"),
    "parent_tags": ((list,), "a list of strings"),
}
TOP_FIELDS = frozenset(TOP_FIELD_TYPES)
TOP_REQUIRED = ("annotations", "attributes", "filename", "parent_path", "metadata")
NON_EMPTY = ("filename", "parent_path")  # strings that must not be empty
ROOTED = "parent_path"  # starts with ROOT
ROOT = "/"
TAG_FIELDS = ("tags", "parent_tags")  # lists of strings, from the config's lists when given
TAG_TYPES: tuple[type, ...] = (str,)
ANNOTATION_REQUIRED = ("id", "type", "label", "attributes", "points")
ANNOTATION_FIELDS = frozenset({*ANNOTATION_REQUIRED, "track_id"})

# -- resource types
IMAGE_RESOURCES = frozenset({"image", "sequence_image"})  # metadata gives the working range
SCENE_RESOURCES = frozenset({"sequence_image", "point_cloud"})  # scene_id required
IMAGE_SIZE = ("width", "height")  # the metadata keys bounding x and y
VIDEO_RATE = "fps"  # the metadata key of video projects


def escape_token(token: str) -> str:
    """One RFC 6901 JSON Pointer token: '~' as '~0', '/' as '~1'."""
    return token.replace("~", "~0").replace("/", "~1")
