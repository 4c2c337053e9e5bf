"""Dataset figures: files, annotations per type and class, attribute values per
class, points per shape, annotations per file, findings per code.

Pure: documents (and, when a config judged them, file reports) in, a plain record
out; ``cli/stats.py`` prints it and ``reporters/html.py`` shows the same figures.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gt_validator.report import FileReport

TOP_VALUES = 20  # values listed per attribute in text; the JSON has them all


def value_key(value: object) -> list[str]:
    """An attribute value as counted: strings as they are, list items one by one."""
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list):
        return [k for item in value for k in value_key(item)]
    if isinstance(value, str):
        return [value]
    if value is None:
        return ["null"]
    return [str(value)] if isinstance(value, int | float) else ["<" + type(value).__name__ + ">"]


def spread(values: list[int]) -> dict[str, float]:
    """min, median, max (zeros for no values)."""
    if not values:
        return {"min": 0, "median": 0, "max": 0}
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


@dataclass(slots=True)
class Stats:
    files: int = 0
    not_json: int = 0  # files that are not a JSON object: counted, nothing else
    types: Counter[str] = field(default_factory=Counter)
    classes: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)  # classification labels of files
    values: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)
    points: dict[str, list[int]] = field(default_factory=dict)
    per_file: list[int] = field(default_factory=list)
    codes: Counter[str] | None = None  # None: no config judged the files

    def add(self, doc: object) -> None:
        self.files += 1
        if not isinstance(doc, dict):
            self.not_json += 1
            return
        if isinstance(doc.get("label"), str):
            self.labels[doc["label"]] += 1
        annotations = doc.get("annotations")
        annotations = annotations if isinstance(annotations, list) else []
        self.per_file.append(len(annotations))
        for ann in annotations:
            if isinstance(ann, dict):
                self._annotation(ann)

    def _annotation(self, ann: dict[str, Any]) -> None:
        kind = str(ann["type"]) if isinstance(ann.get("type"), str) else "?"
        label = str(ann["label"]) if isinstance(ann.get("label"), str) else "?"
        self.types[kind] += 1
        self.classes[label] += 1
        if isinstance(ann.get("points"), list):
            self.points.setdefault(kind, []).append(len(ann["points"]))
        attrs = ann.get("attributes")
        if isinstance(attrs, dict):
            per_class = self.values.setdefault(label, {})
            for name, value in attrs.items():
                per_class.setdefault(name, Counter()).update(value_key(value))

    def add_findings(self, reports: Iterable[FileReport]) -> None:
        self.codes = self.codes if self.codes is not None else Counter()
        for fr in reports:
            self.codes.update(fr.codes())

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "files": self.files,
            "annotations": sum(self.types.values()),
            "annotations_per_type": dict(sorted(self.types.items())),
            "annotations_per_class": dict(sorted(self.classes.items())),
            "attribute_values_per_class": {
                cls: {name: dict(c.most_common()) for name, c in sorted(attrs.items())}
                for cls, attrs in sorted(self.values.items())
            },
            "points_per_shape": {k: spread(v) for k, v in sorted(self.points.items())},
            "annotations_per_file": spread(self.per_file),
        }
        if self.labels:
            out["classification_labels"] = dict(sorted(self.labels.items()))
        if self.not_json:
            out["not_json"] = self.not_json
        if self.codes is not None:
            out["findings_per_code"] = dict(sorted(self.codes.items()))
        return out


def _safe(text: str) -> str:
    """Names from files, shown on a terminal: control characters escaped."""
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:.1f}"


def render_text(stats: Stats) -> str:
    d = stats.to_dict()
    lines = [f"files: {d['files']}", f"annotations: {d['annotations']}"]
    apf = d["annotations_per_file"]
    lines.append(
        f"annotations per file: min {_fmt(apf['min'])}, median {_fmt(apf['median'])}, "
        f"max {_fmt(apf['max'])}"
    )

    def table(title: str, counts: dict[str, int]) -> None:
        if not counts:
            return
        lines.extend(["", title])
        width = max(len(str(n)) for n in counts.values())
        lines.extend(f"  {n:>{width}}  {_safe(name)}" for name, n in counts.items())

    table("annotations per type:", d["annotations_per_type"])
    table("annotations per class:", d["annotations_per_class"])
    table("classification labels:", d.get("classification_labels", {}))
    if d["points_per_shape"]:
        lines.extend(["", "points per shape (min / median / max):"])
        for kind, s in d["points_per_shape"].items():
            lines.append(
                f"  {_safe(kind)}: {_fmt(s['min'])} / {_fmt(s['median'])} / {_fmt(s['max'])}"
            )
    if d["attribute_values_per_class"]:
        lines.extend(["", "attribute values per class:"])
        for cls, attrs in d["attribute_values_per_class"].items():
            if not attrs:
                continue
            lines.append(f"  {_safe(cls)}:")
            for name, counts in attrs.items():
                shown = list(counts.items())[:TOP_VALUES]
                more = len(counts) - len(shown)
                text = ", ".join(f"{_safe(v)} x{n}" for v, n in shown)
                lines.append(
                    f"    {_safe(name)}: {text}" + (f", ... ({more} more)" if more else "")
                )
    if "findings_per_code" in d:
        table("findings per code:", d["findings_per_code"])
        if not d["findings_per_code"]:
            lines.extend(["", "findings per code: none"])
    else:
        lines.extend(["", "findings per code: not counted (no gt-project.json found)"])
    return "\n".join(lines) + "\n"
