"""GT documents that are valid for a drawn configuration, and how they are written."""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from tests.strategies.configs import configs, names, small

SEQUENCE_LIKE = ("sequence_image", "point_cloud")
IMAGE_LIKE = ("image", "sequence_image")
SHAPES = {  # type -> (dimensions, least, most)
    "box": ((2,), 2, 2),
    "polygon": ((2,), 3, 8),
    "poly_seg": ((2,), 3, 8),
    "polyline": ((2,), 2, 8),
    "keypoint": ((2, 3), 1, 6),
    "cuboid": ((3,), 8, 8),
}
Bounds = tuple[tuple[float, float] | None, ...]


@dataclass
class Case:
    """One configuration, one document valid for it, and where the file lives."""

    config: dict[str, Any]
    doc: Any
    rel_path: str
    indent: int | str | None = None
    ascii_only: bool = False
    notes: list[str] = field(default_factory=list)

    def dumps(self, doc: Any = ...) -> bytes:
        """The document (or ``doc``, which may be None) as the file's bytes."""
        value = self.doc if doc is ... else doc
        return json.dumps(
            value, indent=self.indent, ensure_ascii=self.ascii_only, allow_nan=False
        ).encode("utf-8")

    @property
    def shapes(self) -> list[str]:
        return [t for t in self.config["task_types"] if t != "classification"]

    @property
    def classified(self) -> bool:
        return "classification" in self.config["task_types"]

    def class_spec(self, name: str) -> dict[str, Any]:
        return next(c for c in self.config.get("classes", []) if c["name"] == name)

    def class_types(self, name: str) -> list[str]:
        return list(self.class_spec(name).get("types", self.shapes))

    def bounds(self) -> Bounds:
        """The working range of x, y, z for this document (None: unbounded)."""
        if self.config["resource_type"] in IMAGE_LIKE:
            meta = self.doc["metadata"]
            return ((0.0, float(meta["width"])), (0.0, float(meta["height"])), None)
        ranges = self.config.get("range", {})
        return tuple(
            (float(ranges[a][0]), float(ranges[a][1])) if a in ranges else None for a in "xyz"
        )


def coordinate(limit: tuple[float, float] | None) -> st.SearchStrategy[float]:
    if limit is None:
        return small
    low, high = limit
    whole = (
        st.integers(math.ceil(low), math.floor(high)) if math.ceil(low) <= high else st.nothing()
    )
    return whole | st.floats(low, high)


@st.composite
def points(draw: st.DrawFn, kind: str, bounds: Bounds) -> list[list[float]]:
    dims, least, most = SHAPES[kind]
    if kind == "box":
        xs = sorted(draw(st.tuples(coordinate(bounds[0]), coordinate(bounds[0]))))
        ys = sorted(draw(st.tuples(coordinate(bounds[1]), coordinate(bounds[1]))))
        return [[xs[0], ys[0]], [xs[1], ys[1]]]
    out = []
    for _ in range(draw(st.integers(least, most))):
        point = [
            draw(coordinate(bounds[axis])) for axis in range(min(draw(st.sampled_from(dims)), 3))
        ]
        if kind == "keypoint" and len(point) == 3:
            point[2] = draw(st.sampled_from((0, 1, 2)))
        out.append(point)
    return out


def attribute_value(spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = spec["type"]
    if kind == "select":
        return st.sampled_from(spec["values"])
    if kind == "multi_select":
        return st.lists(st.sampled_from(spec["values"]), unique=True)
    if kind == "text":
        return st.text(max_size=12)
    if kind == "boolean":
        return st.booleans()
    low, high = spec.get("min"), spec.get("max")
    floats = st.floats(low, high, allow_nan=False, allow_infinity=False)
    first = None if low is None else math.ceil(low)
    last = None if high is None else math.floor(high)
    if first is not None and last is not None and first > last:
        return floats
    return floats | st.integers(first, last)


@st.composite
def attributes(draw: st.DrawFn, specs: list[dict[str, Any]]) -> dict[str, Any]:
    out = {}
    for spec in draw(st.permutations(specs)):
        if spec.get("required") or draw(st.booleans()):
            out[spec["name"]] = draw(attribute_value(spec))
    return out


@st.composite
def annotation(draw: st.DrawFn, case: Case, index: int, tracks: set[Any]) -> dict[str, Any]:
    label = draw(st.sampled_from([c["name"] for c in case.config["classes"]]))
    kind = draw(st.sampled_from(case.class_types(label)))
    hexes = str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1))))
    hexes = hexes.upper() if draw(st.booleans()) else hexes
    ann: dict[str, Any] = {
        # The number ends with the index: ids are unique within the file.
        "id": f"{draw(st.integers(0, 99))}{index}-{hexes}",
        "type": kind,
        "label": label,
        "attributes": draw(attributes(case.class_spec(label).get("attributes", []))),
        "points": draw(points(kind, case.bounds())),
    }
    if draw(st.booleans()):
        track = draw(st.integers(-(2**53), 2**53) | names)
        if (type(track), track) not in tracks:
            tracks.add((type(track), track))
            ann["track_id"] = track
    order = draw(st.permutations(list(ann)))
    return {k: ann[k] for k in order}


def metadata(resource_type: str) -> st.SearchStrategy[dict[str, Any]]:
    extra = st.dictionaries(st.sampled_from(("camera", "exif", "note")), st.text(max_size=5))
    if resource_type in IMAGE_LIKE:
        side = st.integers(1, 4000) | st.integers(1, 4000).map(float)
        return st.fixed_dictionaries({"height": side, "width": side}).flatmap(
            lambda m: extra.map(lambda e: {**e, **m})
        )
    if resource_type == "video":
        fps = st.integers(1, 240) | st.floats(0.001, 1000)
        return st.fixed_dictionaries({"fps": fps})
    return st.just({})


_SEGMENT = st.text(st.characters(exclude_characters="/\x00", codec="utf-8"), min_size=1, max_size=8)


def tags(allowed: list[str] | None) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(allowed) if allowed else names, max_size=3)


@st.composite
def cases(draw: st.DrawFn, config: dict[str, Any] | None = None) -> Case:
    """A config (drawn unless given) and a document that must be clean for it."""
    config = config if config is not None else draw(configs())
    kind = config["resource_type"]
    folders = draw(st.lists(_SEGMENT, max_size=3))
    stem = draw(_SEGMENT.filter(lambda s: "." not in s))
    ext = draw(st.sampled_from(("", ".jpg", ".JPG", ".pcd", ".txt", ".mp4.jpg")))
    doc: dict[str, Any] = {
        "annotations": [],
        "attributes": {},
        "filename": stem + ext,
        "parent_path": "/" + "/".join(folders),
        "metadata": draw(metadata(kind)),
    }
    case = Case(
        config,
        doc,
        # Either place the format allows: parent_path/filename or parent_path/stem,
        # where stem is the filename less its last extension.
        rel_path="/".join(
            [*folders, stem + (ext if draw(st.booleans()) else ext.rpartition(".")[0])]
        )
        + ".json",
        indent=draw(st.sampled_from((None, 2, "\t"))),
        ascii_only=draw(st.booleans()),
    )
    if case.classified:
        block = config["classification"]
        doc["label"] = draw(st.sampled_from(block["labels"]))
        doc["attributes"] = draw(attributes(block.get("attributes", [])))
    if kind in SEQUENCE_LIKE:
        doc["scene_id"] = draw(names)
    if draw(st.booleans()):
        doc["file_id"] = draw(st.text(max_size=24))
    if draw(st.booleans()):
        doc["last_modifier_id"] = draw(st.none() | st.text(max_size=8))
    if draw(st.booleans()):
        doc["last_workers"] = draw(st.dictionaries(names, st.none() | st.text(max_size=8)))
    for key in ("tags", "parent_tags"):
        if key in config or draw(st.booleans()):
            doc[key] = draw(tags(config.get(key)))
    if case.shapes:
        tracks: set[Any] = set()
        count = draw(st.integers(0, 5) | st.integers(1, 5))
        doc["annotations"] = [draw(annotation(case, i, tracks)) for i in range(count)]
    order = draw(st.permutations(list(doc)))
    case.doc = {k: doc[k] for k in order}
    return case
