"""init's draft and stats' figures: pure functions on documents."""

from __future__ import annotations

from typing import Any

import pytest

from gt_validator.draft import SELECT_MAX, draft
from gt_validator.report import FileReport, Finding
from gt_validator.stats import Stats, render_text
from tests.beyond_project import annotation, document

pytestmark = pytest.mark.unit


def _attrs(cfg: dict[str, Any], cls: str) -> dict[str, dict[str, Any]]:
    entry = next(c for c in cfg["classes"] if c["name"] == cls)
    return {a["name"]: a for a in entry.get("attributes", [])}


def test_draft__attribute_types_from_values_seen() -> None:
    docs = [
        document(annotation(1, "car", weather="sunny", n=1, ok=True, color=["red"], note="a")),
        document(annotation(1, "car", weather="rainy", n=2.5, ok=False, color=[], note="b")),
        document(annotation(1, "car", "polygon", weather="sunny", n=3, ok=True, color=["blue"])),
    ]
    cfg, guesses = draft(docs, "p", ".")
    attrs = _attrs(cfg, "car")
    assert attrs["weather"] == {
        "name": "weather",
        "type": "select",
        "values": ["sunny", "rainy"],
        "required": True,
    }
    assert attrs["n"]["type"] == "number" and attrs["ok"]["type"] == "boolean"
    assert attrs["color"]["type"] == "multi_select" and attrs["color"]["values"] == ["blue", "red"]
    assert attrs["note"]["type"] == "select" and "required" not in attrs["note"]
    assert "car.weather: select, 2 values seen, in every one: required" in guesses
    assert "car.note: select, 2 values seen, missing from 1 of 3: not required" in guesses
    assert next(c for c in cfg["classes"] if c["name"] == "car")["types"] == ["box", "polygon"]


def test_draft__many_distinct_strings_are_text() -> None:
    few = [document(annotation(1, "car", plate=f"p{i}")) for i in range(SELECT_MAX)]
    many = [*few, document(annotation(1, "car", plate="one more"))]
    assert _attrs(draft(few, "p", ".")[0], "car")["plate"]["type"] == "select"
    assert _attrs(draft(many, "p", ".")[0], "car")["plate"]["type"] == "text"


def test_draft__mixed_types_said() -> None:
    cfg, guesses = draft(
        [document(annotation(1, "car", x="a")), document(annotation(1, "car", x=1))], "p", "."
    )
    assert _attrs(cfg, "car")["x"]["type"] == "text"
    assert any("mixed types seen (int, str)" in g for g in guesses)


@pytest.mark.parametrize(
    ("extra", "metadata", "expected"),
    [
        ({}, {"width": 2, "height": 2}, "image"),
        ({"scene_id": "s"}, {"width": 2, "height": 2}, "sequence_image"),
        ({}, {"fps": 30}, "video"),
        ({"scene_id": "s"}, {}, "point_cloud"),
        ({}, {}, "text"),
    ],
)
def test_draft__resource_type_from_metadata(
    extra: dict[str, Any], metadata: dict[str, Any], expected: str
) -> None:
    doc = {**document(annotation(1, "car")), **extra, "metadata": metadata}
    assert draft([doc], "p", ".")[0]["resource_type"] == expected


def test_draft__classification_and_task_types() -> None:
    docs = [document(annotation(1, "car"), label="day", scene="urban"), document(label="night")]
    cfg, _ = draft([*docs, None, "not an object"], "p", "gt")
    assert cfg["task_types"] == ["box", "classification"]
    assert cfg["classification"]["labels"] == ["day", "night"]
    assert cfg["classification"]["attributes"][0]["name"] == "scene"
    assert cfg["gt_root"] == "gt"


def test_stats__figures() -> None:
    stats = Stats()
    stats.add(document(annotation(1, "car", weather="sunny", color=["red", "blue"])))
    stats.add(
        document(
            annotation(1, "car", weather="sunny"),
            annotation(2, "pedestrian", "keypoint", points=[[1, 1]]),
            annotation(3, "pedestrian", "keypoint", points=[[1, 1], [2, 2], [3, 3]]),
        )
    )
    stats.add(document())
    stats.add(None)
    d = stats.to_dict()
    assert d["files"] == 4 and d["not_json"] == 1 and d["annotations"] == 4
    assert d["annotations_per_type"] == {"box": 2, "keypoint": 2}
    assert d["annotations_per_class"] == {"car": 2, "pedestrian": 2}
    assert d["attribute_values_per_class"]["car"] == {
        "color": {"red": 1, "blue": 1},
        "weather": {"sunny": 2},
    }
    assert d["points_per_shape"]["keypoint"] == {"min": 1, "median": 2, "max": 3}
    assert d["annotations_per_file"] == {"min": 0, "median": 1, "max": 3}
    assert "findings_per_code" not in d
    assert "not counted (no gt-project.json found)" in render_text(stats)


def test_stats__findings_per_code_and_escaped_names() -> None:
    stats = Stats()
    stats.add(document(annotation(1, "bad\x1b[31mname")))
    stats.add_findings(
        [FileReport("x", (Finding("unknown_class", "error", "m"),)), FileReport("y")]
    )
    assert stats.to_dict()["findings_per_code"] == {"unknown_class": 1}
    text = render_text(stats)
    assert "\x1b" not in text and "bad\\x1b[31mname" in text
    assert "1  unknown_class" in text
