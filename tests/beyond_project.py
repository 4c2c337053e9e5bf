"""A small project for the fix / init / stats / html tests: its config and GT documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CONFIG: dict[str, Any] = {
    "project": "beyond",
    "resource_type": "image",
    "task_types": ["box", "polygon", "keypoint", "classification"],
    "classes": [
        {
            "name": "car",
            "types": ["box", "polygon"],
            "attributes": [
                {"name": "weather", "type": "select", "values": ["sunny", "rainy"]},
                {"name": "color", "type": "multi_select", "values": ["red", "blue", "Blue"]},
                {"name": "passengers", "type": "number", "min": 0, "max": 9},
            ],
        },
        {"name": "pedestrian", "types": ["box", "keypoint"]},
        {"name": "Bus", "types": ["box"]},
        {"name": "BUS", "types": ["box"]},
    ],
    "classification": {
        "labels": ["day", "night"],
        "attributes": [{"name": "scene", "type": "select", "values": ["urban", "highway"]}],
    },
    "gt_root": ".",
}

UUID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def annotation(
    index: int, label: str, kind: str = "box", points: Any = None, **attributes: Any
) -> dict[str, Any]:
    return {
        "id": f"{index}-{UUID}",
        "type": kind,
        "attributes": attributes,
        "points": points if points is not None else [[10, 20], [30, 40]],
        "label": label,
    }


def document(
    *annotations: dict[str, Any], label: str = "day", filename: str = "x.jpg", **attrs: Any
) -> dict[str, Any]:
    return {
        "annotations": list(annotations),
        "attributes": attrs,
        "label": label,
        "filename": filename,
        "parent_path": "/a",
        "metadata": {"height": 100, "width": 200},
    }


def write_project(root: Path, docs: dict[str, Any]) -> Path:
    """The config at ``root`` and each document at ``root/<name>`` (2-space JSON)."""
    root.mkdir(parents=True, exist_ok=True)
    config = root / "gt-project.json"
    config.write_text(json.dumps(CONFIG, indent=2), encoding="utf-8")
    for name, doc in docs.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = doc if isinstance(doc, str) else json.dumps(doc, indent=2, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
    return config
