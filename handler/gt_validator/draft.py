"""GT documents -> a draft ``gt-project.json``, and what was guessed, in words.

Pure: documents in, a config document and guesses out; ``cli/init.py`` finds the
files and writes the draft. The draft is meant to let the files it came from pass,
so it lists every class, type and value seen; only what no config can lift (syntax,
geometry, ids, where a file lives) still fails.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gt_validator.config.model import ANNOTATION_TYPES

SELECT_MAX = 20  # more distinct strings than this: free text, not a list of values
TYPE_ORDER = ("box", "polygon", "poly_seg", "polyline", "keypoint", "cuboid", "classification")


@dataclass(slots=True)
class _Attr:
    seen: int = 0
    values: list[object] = field(default_factory=list)


@dataclass(slots=True)
class _Class:
    count: int = 0
    types: set[str] = field(default_factory=set)
    attrs: dict[str, _Attr] = field(default_factory=dict)

    def add_attributes(self, attrs: object) -> None:
        self.count += 1
        if isinstance(attrs, dict):
            for name, value in attrs.items():
                a = self.attrs.setdefault(name, _Attr())
                a.seen += 1
                a.values.append(value)


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _by_frequency(values: Iterable[str]) -> list[str]:
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], v))


def _attribute(name: str, a: _Attr, of: int, where: str) -> tuple[dict[str, Any], str]:
    """One attribute's draft and the guess said about it."""
    vals = a.values
    out: dict[str, Any] = {"name": name}
    if all(isinstance(v, bool) for v in vals):
        out["type"], said = "boolean", "boolean"
    elif all(_is_number(v) for v in vals):
        out["type"] = "number"
        said = f"number, {min(vals)} to {max(vals)} seen"  # type: ignore[type-var]
    elif all(isinstance(v, list) and all(isinstance(i, str) for i in v) for v in vals):
        items = _by_frequency(i for v in vals if isinstance(v, list) for i in v)
        out["type"], out["values"] = "multi_select", items or ["TODO"]
        said = f"multi_select, {len(items)} values seen" + ("" if items else " (a placeholder)")
    elif all(isinstance(v, str) for v in vals):
        distinct = _by_frequency(vals)  # type: ignore[arg-type]
        if len(distinct) <= SELECT_MAX:
            out["type"], out["values"] = "select", distinct
            said = f"select, {len(distinct)} values seen"
        else:
            out["type"] = "text"
            said = f"text, {len(distinct)} distinct strings seen"
    else:
        kinds = sorted({type(v).__name__ for v in vals})
        out["type"] = "text"
        said = f"text, but mixed types seen ({', '.join(kinds)}): non-strings will still fail"
    if a.seen == of:
        out["required"] = True
        said += ", in every one: required"
    else:
        said += f", missing from {of - a.seen} of {of}: not required"
    return out, f"{where}{name}: {said}"


def _resource_type(docs: list[dict[str, Any]], shapes: set[str], dims: set[int]) -> tuple[str, str]:
    metas: list[dict[str, Any]] = [
        d["metadata"] for d in docs if isinstance(d.get("metadata"), dict)
    ]
    scenes = sum(1 for d in docs if "scene_id" in d)
    sized = sum(1 for m in metas if "width" in m and "height" in m)
    timed = sum(1 for m in metas if "fps" in m)
    if sized and scenes:
        return "sequence_image", f"width/height in metadata and scene_id in {scenes} files"
    if sized:
        return "image", f"width/height in the metadata of {sized} files"
    if timed:
        return "video", f"fps in the metadata of {timed} files"
    if "cuboid" in shapes or 3 in dims or scenes:
        return "point_cloud", "empty metadata with 3D points or scene ids"
    return "text", "no width, height or fps in any metadata"


def draft(docs: Iterable[object], project: str, gt_root: str) -> tuple[dict[str, Any], list[str]]:
    """The draft config document and the guesses, one sentence each."""
    objects = [d for d in docs if isinstance(d, dict)]
    classes: dict[str, _Class] = {}
    labels: Counter[str] = Counter()
    file_attrs = _Class()
    shapes: set[str] = set()
    dims: set[int] = set()
    for doc in objects:
        if isinstance(doc.get("label"), str):
            labels[doc["label"]] += 1
            file_attrs.add_attributes(doc.get("attributes"))
        anns = doc.get("annotations")
        for ann in anns if isinstance(anns, list) else []:
            if not isinstance(ann, dict) or not isinstance(ann.get("label"), str):
                continue
            spec = classes.setdefault(ann["label"], _Class())
            spec.add_attributes(ann.get("attributes"))
            if ann.get("type") in ANNOTATION_TYPES:
                spec.types.add(ann["type"])
                shapes.add(ann["type"])
            points = ann.get("points")
            for p in points if isinstance(points, list) else []:
                if isinstance(p, list):
                    dims.add(len(p))
    guesses: list[str] = []
    resource_type, why = _resource_type(objects, shapes, dims)
    guesses.append(f"resource_type: {resource_type} ({why})")
    task_types = [t for t in TYPE_ORDER if t in shapes or (t == "classification" and labels)]
    if not task_types:
        task_types = ["box"]
        guesses.append("task_types: no annotation or label seen; 'box' is a placeholder")
    else:
        guesses.append(f"task_types: {', '.join(task_types)} (as drawn)")
    out: dict[str, Any] = {"project": project, "resource_type": resource_type}
    out["task_types"] = task_types
    out["classes"] = []
    for name in sorted(classes):
        spec = classes[name]
        types = [t for t in TYPE_ORDER if t in spec.types]
        entry: dict[str, Any] = {"name": name, "types": types or task_types[:1]}
        guesses.append(f"class {name}: {spec.count} annotations, drawn as {', '.join(types)}")
        attrs = [_attribute(n, a, spec.count, f"{name}.") for n, a in sorted(spec.attrs.items())]
        if attrs:
            entry["attributes"] = [a for a, _ in attrs]
            guesses.extend(said for _, said in attrs)
        out["classes"].append(entry)
    if labels:
        block: dict[str, Any] = {"labels": _by_frequency(labels.elements())}
        guesses.append(f"classification: {len(labels)} labels seen")
        attrs = [
            _attribute(n, a, file_attrs.count, "classification.")
            for n, a in sorted(file_attrs.attrs.items())
        ]
        if attrs:
            block["attributes"] = [a for a, _ in attrs]
            guesses.extend(said for _, said in attrs)
        out["classification"] = block
    out["gt_root"] = gt_root
    return out, guesses
